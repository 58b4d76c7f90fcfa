"""The built site and the exercise apps in headless Chromium, as a reader meets them: nothing
loaded from another origin, no cookie, no console or page error, no failed request, no axe-core
(WCAG 2.1 A/AA) violation; the skip link, the search and the navigation work from the keyboard;
the theme's icons still show without Font Awesome's script; charts have a text alternative;
printing drops the chrome and opens the answers, but leaves an exercise page's answers off the
paper. Weight and Lighthouse scores are measured by tools/bench.py (make bench), not here."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlparse

import pytest

from conftest import EDITIONS, ROOT, axe_violations, site_pages

from councillor_exercises.printing import site_files

pytestmark = pytest.mark.browser


PAGES = [page for language in sorted(EDITIONS) for page in site_pages(language)]
# The printable worksheets and answer keys each edition writes into its worksheets/ folder.
PAGES += [f"{language}/worksheets/{f.name}" for language in sorted(EDITIONS)
          for f in site_files(language) if f.name.endswith(".html")]
APPS = sorted(path.relative_to(ROOT / "apps").as_posix()
              for path in (ROOT / "apps").rglob("*.ipynb"))
CHAPTER = next(page for page in PAGES if page.startswith("en/") and "/chapters/" in page)
CHAPTER_DA = next(page for page in PAGES if page.startswith("da/") and "/chapters/" in page)


def built_pages(site: Path) -> list[str]:
    pages = []
    for path in sorted(site.rglob("*.html")):
        relative = path.relative_to(site).as_posix()
        text = path.read_text(encoding="utf-8", errors="replace")
        if relative.split("/")[-1].startswith("_") or "/_" in relative \
                or 'http-equiv="Refresh"' in text or relative == "index.html":
            continue   # theme macro files, redirects, and the front door (tested below)
        pages.append(relative)
    return pages


def open_page(new_page, site_url: str, path: str, viewport: dict | None = None,
              settle: bool = False):
    """A fresh page with a PageWatch that also counts HTTP errors (4xx, 5xx) as failures;
    with settle, it waits until the network has been quiet for half a second."""
    page, watch = new_page(site_url)
    if viewport:
        page.set_viewport_size(viewport)
    page.on("response", lambda response: response.status >= 400 and watch.failed_requests.append(
        f"{response.url} ({response.status})"))
    page.goto(f"{site_url}/{path}", wait_until="load")
    if settle:
        page.wait_for_load_state("networkidle")
    return page, watch


def test_every_built_page_is_checked(site):
    """The parametrised checks below cover every page of the built site."""
    missing = sorted(set(built_pages(site)) - set(PAGES))
    assert not missing, f"built pages the browser tests do not visit: {missing}"


@pytest.mark.parametrize("path", PAGES)
def test_page_is_private_clean_and_accessible(new_page, site_url, path):
    page, watch = open_page(new_page, site_url, path, settle=True)
    # Everything the page itself did, before axe-core (which fetches style sheets itself).
    problems = {
        "requests to other origins": watch.foreign_requests,
        "console errors": watch.console_errors,
        "page errors": watch.page_errors,
        "failed requests": watch.failed_requests,
        "cookies": page.context.cookies(),
    }
    served = page.evaluate("performance.getEntriesByType('resource').map(e => e.name)")
    problems["Font Awesome loaded (an icon without a replacement?)"] = [
        url for url in served if "fontawesome" in urlparse(url).path.lower()]
    problems["axe-core violations"] = axe_violations(page)
    found = {key: value for key, value in problems.items() if value}
    assert not found, f"{path}: {found}"


@pytest.mark.parametrize("viewport", [{"width": 390, "height": 844}, {"width": 1280, "height": 900}],
                         ids=["phone", "laptop"])
def test_the_theme_buttons_show_their_icons_and_names(new_page, site_url, viewport):
    """Without Font Awesome's script each icon is a CSS mask: every visible icon has a size and
    a mask, and every visible button or link in the article header has an accessible name."""
    page, _ = open_page(new_page, site_url, "en/book/exercises/diagnose-a-case.html", viewport=viewport)
    icons = page.evaluate("""() => [...document.querySelectorAll(
            '.bd-header-article [class*="fa-"], .prev-next-area [class*="fa-"], #pst-back-to-top i')]
        .filter(el => el.getClientRects().length && getComputedStyle(el).display !== 'none')
        .map(el => { const before = getComputedStyle(el, '::before');
                     return {icon: el.className, mask: before.maskImage || before.webkitMaskImage,
                             width: parseFloat(before.width)}; })""")
    assert icons, "no icon found in the article header"
    broken = [i for i in icons if "data:image/svg+xml" not in i["mask"] or not i["width"] > 0]
    assert not broken, f"icons that would not show: {broken}"
    controls = page.locator(".bd-header-article").get_by_role("button").all()
    controls += page.locator(".bd-header-article").get_by_role("link").all()
    unnamed = [c.evaluate("el => el.outerHTML.slice(0, 120)") for c in controls
               if c.is_visible() and not (c.get_attribute("aria-label") or c.get_attribute("title")
                                          or c.inner_text().strip())]
    assert not unnamed, f"controls without a name: {unnamed}"


def test_visible_labels_are_part_of_the_spoken_names(new_page, site_url):
    """WCAG 2.5.3 (label in name; axe's experimental label-content-name-mismatch): a control
    whose aria-label replaces its visible text must contain that text. The theme's search
    button said "Search" while showing "Search Ctrl+K"."""
    page, _ = open_page(new_page, site_url, CHAPTER)
    mismatched = page.evaluate("""() => {
        const norm = s => s.toLowerCase().replace(/[^a-z0-9]+/g, ' ').trim();
        return [...document.querySelectorAll('button[aria-label], a[aria-label]')]
          .filter(el => el.checkVisibility() && el.innerText.trim())
          .filter(el => !norm(el.getAttribute('aria-label')).includes(norm(el.innerText)))
          .map(el => el.getAttribute('aria-label') + ' / ' + el.innerText.trim()); }""")
    assert not mismatched, mismatched


@pytest.mark.parametrize("chapter, words", [(CHAPTER, "Skip to main content"),
                                            (CHAPTER_DA, "Gå til hovedindholdet")],
                         ids=["en", "da"])
def test_tab_reaches_the_skip_link_first_and_it_leads_to_the_main_content(new_page, site_url,
                                                                          chapter, words):
    page, _ = open_page(new_page, site_url, chapter)
    page.keyboard.press("Tab")
    first = page.evaluate("[document.activeElement.tagName, document.activeElement.getAttribute('href'),"
                          " document.activeElement.textContent.trim()]")
    assert first == ["A", "#main-content", words], first
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    assert page.evaluate("document.querySelector('#main-content').contains(document.activeElement)"), \
        "after the skip link, Tab does not continue inside the main content"


@pytest.mark.parametrize("chapter, query", [(CHAPTER, "innovation"), (CHAPTER_DA, "støtte"),
                                            (CHAPTER_DA, "ældreråd")],
                         ids=["en", "da-oe", "da-ae"])
def test_search_works_from_the_keyboard(new_page, site_url, chapter, query):
    """The search finds words in the edition's own language, æ, ø and å included, and only
    in that edition."""
    page, watch = open_page(new_page, site_url, chapter)
    # Tab to the visible search button, open it with Enter, close it with Escape.
    for _ in range(10):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.matches('.search-button__button')"):
            break
    else:
        pytest.fail("Tab never reached a search button")
    page.keyboard.press("Enter")
    dialog_input = page.locator("#pst-search-dialog input[name=q]")
    assert page.evaluate("document.querySelector('#pst-search-dialog').open")
    assert dialog_input.evaluate("el => el === document.activeElement"), "search field not focused"
    page.keyboard.press("Escape")
    assert not page.evaluate("document.querySelector('#pst-search-dialog').open")
    # The keyboard shortcut, a query and Enter give a page of results.
    page.keyboard.press("Control+k")
    assert dialog_input.evaluate("el => el === document.activeElement")
    page.keyboard.type(query)
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"search\.html\?q="))
    page.wait_for_selector("#search-results ul.search li", timeout=30000)
    results = page.locator("#search-results ul.search li a").evaluate_all(
        "links => links.map(a => a.href)")
    assert results, f"no results for {query!r}"
    edition = chapter.split("/")[0]
    assert all(f"/{edition}/" in url for url in results), results
    assert not watch.console_errors and not watch.failed_requests


@pytest.mark.parametrize("width", [390, 1280], ids=["phone", "laptop"])
def test_the_navigation_toggle_works_from_the_keyboard(new_page, site_url, width):
    page, watch = open_page(new_page, site_url, CHAPTER, viewport={"width": width, "height": 844})
    toggle = page.locator(".bd-header-article .primary-toggle")
    assert toggle.is_visible(), "the navigation toggle above the article is not visible"
    # The keyboard route: Tab to the skip link, Enter, Tab to the first control of the page.
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    assert toggle.evaluate("el => el === document.activeElement"), \
        "the navigation toggle is not the first control after the skip link"
    sidebar = page.locator("#pst-primary-sidebar")
    if width < 992:
        # A phone: the navigation opens as a dialog, Escape closes it, focus comes back.
        page.keyboard.press("Enter")
        dialog = page.locator("#pst-primary-sidebar-modal")
        assert dialog.evaluate("el => el.open"), "Enter on the toggle did not open the navigation"
        assert dialog.get_by_role("link", name=re.compile("co-creation")).is_visible()
        page.keyboard.press("Escape")
        assert not dialog.evaluate("el => el.open")
        assert toggle.evaluate("el => el === document.activeElement"), "focus lost after Escape"
    else:
        # A laptop: the sidebar hides and shows again.
        assert sidebar.is_visible()
        page.keyboard.press("Enter")
        sidebar.wait_for(state="hidden")
        assert toggle.evaluate("el => el === document.activeElement"), "focus lost"
        page.keyboard.press("Enter")
        sidebar.wait_for(state="visible")
    assert not watch.console_errors and not watch.page_errors


@pytest.mark.parametrize("setting", ["phone", "dark"])
def test_a_chapter_is_accessible_on_a_phone_and_in_dark_mode(new_page, site_url, setting):
    page, watch = new_page(site_url)
    if setting == "phone":
        page.set_viewport_size({"width": 390, "height": 844})
    else:
        page.add_init_script("localStorage.setItem('mode', 'dark')")
    page.goto(f"{site_url}/{CHAPTER}", wait_until="load")
    if setting == "dark":
        assert page.evaluate("document.documentElement.dataset.theme") == "dark"
    assert not watch.console_errors
    assert axe_violations(page) == []


@pytest.mark.parametrize("language, source_word", [("en", "Source:"), ("da", "Kilde:")])
def test_charts_have_a_text_alternative(site, new_page, site_url, language, source_word):
    with_charts = [p for p in PAGES if p.startswith(f"{language}/")
                   and "course-chart" in (site / p).read_text(encoding="utf-8")]
    assert with_charts, "no page shows a course-chart figure"
    page, _ = open_page(new_page, site_url, with_charts[0])
    figures = page.locator("figure.course-chart")
    assert figures.count() > 0
    for index in range(figures.count()):
        figure = figures.nth(index)
        image = figure.locator(".course-chart-image")
        assert image.get_attribute("role") == "img"
        label = image.get_attribute("aria-label") or ""
        caption = figure.locator("figcaption").inner_text()
        assert len(label.split()) >= 8, f"chart text alternative too short: {label!r}"
        title = caption.split(".")[0]
        assert title and title in label, "the text alternative does not name the chart's title"
        assert figure.locator("svg").first.get_attribute("aria-hidden") == "true"
        assert source_word in caption
        # The drawing fits a phone's screen.
    page.set_viewport_size({"width": 390, "height": 844})
    widths = page.evaluate("[...document.querySelectorAll('figure.course-chart svg')]"
                           ".map(svg => svg.getBoundingClientRect().right)")
    assert all(right <= 390 for right in widths), f"charts wider than a phone: {widths}"


def test_printing_drops_the_chrome_and_opens_the_answers(new_page, site_url):
    page, _ = open_page(new_page, site_url, CHAPTER)
    page.emulate_media(media="print")
    hidden = page.evaluate("""() => ['.bd-header-article', '#pst-primary-sidebar',
            '#pst-secondary-sidebar', '.prev-next-footer', '#pst-skip-link', '#pst-back-to-top']
        .map(s => document.querySelector(s)).filter(Boolean)
        .filter(el => getComputedStyle(el).display !== 'none').map(el => el.id || el.className)""")
    assert not hidden, f"chrome that would print: {hidden}"
    assert page.locator("article h1").first.is_visible(), "the page's title does not print"
    answers = page.locator("details.sd-dropdown")
    if answers.count():
        body = answers.first.locator(".sd-summary-content")
        assert body.is_visible(), "a dropdown answer stays folded in print"
    external = page.locator(".bd-article a.reference.external[href^='http']:not("
                            ".course-link-shows-address)")
    if external.count():
        after = external.first.evaluate("a => getComputedStyle(a, '::after').content")
        assert "http" in after, "a web address is not written out in print"


@pytest.mark.parametrize("path", ["en/book/exercises/diagnose-a-case.html",
                                  "da/exercises/service-or-policy.html",
                                  "en/book/exercises/your-week.html"])
def test_printing_an_exercise_page_leaves_the_answers_out(new_page, site_url, path):
    """An exercise page printed is a worksheet to hand out: its expert readings, the course's
    sorting and the example steps stay off the paper, even after course.js opens every dropdown
    for printing (the answer key is a separate file)."""
    page, _ = open_page(new_page, site_url, path)
    answers = page.locator(".course-answers")
    assert answers.count() > 0, "no answers marked on the exercise page"
    assert answers.first.is_visible(), "the answers are not on the screen"
    page.emulate_media(media="print")
    page.evaluate("window.dispatchEvent(new Event('beforeprint'))")
    shown = page.evaluate("""() => [...document.querySelectorAll('.course-answers')]
        .filter(el => el.checkVisibility()).map(el => el.textContent.trim().slice(0, 60))""")
    assert not shown, f"answers that would print: {shown}"
    assert page.locator("article h1").first.is_visible(), "the page's title does not print"


@pytest.mark.parametrize("app", APPS)
def test_exercise_app_page_is_private_clean_and_accessible(new_page, voila_url, app):
    """Voila's own page, through the course's Voila template (voila.py): nothing from other
    origins (Voila's lab template links Font Awesome from a CDN), no console error, a title
    and a main landmark, and no axe-core violation once the app has rendered."""
    page, watch = new_page(voila_url)
    page.goto(f"{voila_url}/voila/render/{app}", wait_until="load", timeout=120000)
    page.wait_for_selector(".jupyter-widgets", timeout=120000)
    page.wait_for_load_state("networkidle")
    danish = app.startswith("da/")
    assert page.title().endswith("øvelse som app" if danish else "exercise app"), page.title()
    assert page.evaluate("document.documentElement.lang") == ("da" if danish else "en")
    assert page.locator("main, [role=main]").count() == 1
    problems = {"requests to other origins": watch.foreign_requests,
                "console errors": watch.console_errors, "page errors": watch.page_errors,
                "failed requests": watch.failed_requests,
                # Only the Jupyter server's own technical cookies: its XSRF token and the name
                # it gives an anonymous visitor (both first-party, no tracking).
                "cookies": [c["name"] for c in page.context.cookies()
                            if not re.fullmatch(r"_xsrf|username-[\w-]+", c["name"])],
                "axe-core violations": axe_violations(page)}
    found = {key: value for key, value in problems.items() if value}
    assert not found, f"{app}: {found}"


def test_the_front_door_opens_danish_then_the_edition_the_reader_chose(new_page, site_url):
    """The site's root opens the Danish edition; a reader who switches to English once finds
    English there the next time, from the root or from any page's switch."""
    page, watch = new_page(site_url)
    page.goto(f"{site_url}/", wait_until="load")
    page.wait_for_url(re.compile(r"/da/index\.html$"))
    assert page.evaluate("document.documentElement.lang") == "da"
    switch = page.locator(".course-language-switch")
    switch.focus()
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/en/book/index\.html$"))
    assert page.evaluate("document.documentElement.lang") == "en"
    page.goto(f"{site_url}/", wait_until="load")
    page.wait_for_url(re.compile(r"/en/book/index\.html$"))
    assert not watch.console_errors and not watch.page_errors and not watch.foreign_requests


def test_the_language_switch_is_on_screen_on_a_phone(new_page, site_url):
    page, _ = open_page(new_page, site_url, CHAPTER_DA, viewport={"width": 390, "height": 844})
    switch = page.locator(".course-language-switch")
    box = switch.bounding_box()
    assert box and box["x"] >= 0 and box["x"] + box["width"] <= 390, box
    assert box["y"] >= 0 and box["y"] + box["height"] <= 64, f"the switch leaves the header: {box}"
    assert box["height"] >= 24, "the switch is too small a target (WCAG 2.5.8)"
    assert switch.inner_text().strip() == "Read in English"
