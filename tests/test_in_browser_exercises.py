"""The exercises run in the reader's own browser, on the exercise pages of the built site, with
every other host blocked: "Start the exercise here" loads Python (Pyodide) from the site itself
and mounts the same app that Voila serves. A learner works through each exercise with good, poor
and hostile input (a script tag, 10,000 characters, an empty answer, æøå), downloads the work,
reloads and finds the work restored, and clears it; the facilitator's debrief reads the groups'
files and keeps nothing. Each started app sends nothing to another host, logs no error (in the
page or in Python's worker), runs none of the learner's text and passes axe-core.

The site's pages share one browser profile here (as a reader's browser does), so the runtime is
downloaded once and later starts come from the browser's cache. Nothing waits a fixed time:
every wait is for a state, with room for a busy two-core machine.
"""

from __future__ import annotations

import re
import sys
import time
import zipfile
from pathlib import Path

import pytest
from playwright.sync_api import expect

from conftest import ROOT, PageWatch, axe_violations
from test_apps_in_a_room_browser import click_after_scrolling, focused_heading, wheel_to

pytestmark = pytest.mark.browser

sys.path.insert(0, str(ROOT / "tools"))
from bench_browser import PAGES  # noqa: E402  (the exercise pages of each edition, listed once)

START_TIMEOUT = 180_000     # first start on a busy machine: download, compile, import
STEP_TIMEOUT = 30_000
HOSTILE = '<script>window.__pwned=1</script><img src=x onerror="window.__pwned=1">'


@pytest.fixture(scope="module")
def reader(browser):
    """One reader's browser: a context whose pages share an HTTP cache and localStorage, as a
    reader's tabs do. Every other host is unreachable (the session's Chromium resolves no name
    but this machine's; requests are not intercepted, which would switch the cache off), and
    each page's PageWatch records any request to another host, which fails the test."""
    context = browser.new_context(viewport={"width": 1280, "height": 900},
                                  accept_downloads=True)
    yield context
    context.close()


def open_exercise(reader, site_url: str, language: str, exercise: str, viewport=None):
    page = reader.new_page()
    if viewport:
        page.set_viewport_size(viewport)
    watch = PageWatch(site_url)
    watch.attach(page)
    # Workers' requests and console lines count too.
    page.on("worker", lambda worker: worker.on(
        "console", lambda msg: msg.type == "error" and watch.console_errors.append(msg.text)))
    page.goto(f"{site_url}/{PAGES[(language, exercise)]}")
    return page, watch


def press_start(page) -> None:
    """Reach the Start button with the keyboard and press it, as a keyboard user would."""
    button = page.locator(".course-browser-start")
    expect(button).to_be_visible()
    button.focus()
    page.keyboard.press("Enter")


def wait_ready(page, first_control: str) -> str:
    page.wait_for_selector(f".course-browser-app {first_control}", state="visible",
                           timeout=START_TIMEOUT)
    status = page.locator(".course-browser-status")
    expect(status).not_to_be_empty(timeout=STEP_TIMEOUT)
    return status.inner_text()


def assert_clean(page, watch: PageWatch) -> None:
    assert watch.foreign_requests == [], watch.foreign_requests
    assert watch.page_errors == [], watch.page_errors
    assert watch.console_errors == [], watch.console_errors
    assert page.evaluate("window.__pwned") is None, "a learner's text ran as code"


def test_reading_an_exercise_page_loads_no_runtime(reader, site_url):
    """Until the reader presses Start, only a small script is added to the page."""
    page, watch = open_exercise(reader, site_url, "en", "sorting")
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.reload()
    page.wait_for_load_state("load")
    runtime = [url for url in requests if "/runtime/" in url]
    assert [url.rsplit("/", 1)[1] for url in runtime] == ["start.js"], runtime
    note = page.locator(".course-browser-note").inner_text()
    assert re.search(r"about \d+ MB", note), note
    assert_clean(page, watch)
    page.close()


def test_service_or_policy_runs_in_the_page_and_keeps_the_work(reader, site_url, tmp_path):
    page, watch = open_exercise(reader, site_url, "en", "sorting")
    press_start(page)
    # Progress by stage, in words, while it loads; the page stays usable meanwhile.
    expect(page.locator(".course-browser-status")).to_contain_text("Step", timeout=STEP_TIMEOUT)
    status = wait_ready(page, ".course-sort-choice input")
    assert "ready" in status
    # The app's own hint speaks of this browser, not of a server session.
    expect(page.locator(".course-browser-app")).to_contain_text("stay in this browser")
    assert "Binder" not in page.locator(".course-browser-app").inner_text()

    # A hostile group name and a first answer, checked: feedback comes into view.
    group = page.locator(".course-browser-app .course-group-name input")
    group.fill(HOSTILE + " æøå")
    group.press("Tab")
    click_after_scrolling(page, ".course-sort-choice input")
    click_after_scrolling(page, ".course-check")
    feedback = page.locator(".course-example-feedback .course-feedback").first
    expect(feedback).to_be_visible(timeout=STEP_TIMEOUT)
    first_feedback = feedback.inner_text()
    click_after_scrolling(page, ".course-next")
    assert focused_heading(page).startswith("A CO2-neutral municipality")

    # The download carries what is on screen, the group's name as text.
    with page.expect_download(timeout=STEP_TIMEOUT) as download_info:
        click_after_scrolling(page, ".course-browser-app a[download$='.md']")
    saved = Path(download_info.value.path()).read_text(encoding="utf-8")
    assert "æøå" in saved and "Robot vacuum" in saved
    assert_clean(page, watch)
    violations = axe_violations(page, exclude=["#course-announcer"])
    assert [v for v in violations if v["nodes"] and any(
        ".course-browser" in str(n) or "widget" in str(n) for n in v["nodes"])] == [], violations

    # A reload (a locked phone, a closed tab): the work comes back after Start.
    page.reload()
    press_start(page)
    status = wait_ready(page, ".course-sort-choice input")
    assert "back" in status, status
    expect(page.locator(".course-browser-app .course-group-name input")).to_have_value(
        HOSTILE + " æøå")
    expect(page.locator(".course-browser-app")).to_contain_text("Example 2 of 15")
    page.locator(".course-browser-app .course-previous").click()
    restored = page.locator(".course-example-feedback .course-feedback").first
    expect(restored).to_be_visible(timeout=STEP_TIMEOUT)
    assert restored.inner_text() == first_feedback

    # Clearing asks first; then the exercise starts over, and a reload finds nothing saved.
    page.once("dialog", lambda dialog: dialog.accept())
    page.locator(".course-browser-clear").click()
    expect(page.locator(".course-browser-app")).to_contain_text("Example 1 of 15",
                                                                 timeout=STEP_TIMEOUT)
    expect(page.locator(".course-browser-app .course-group-name input")).to_have_value(
        "", timeout=STEP_TIMEOUT)
    stored = page.evaluate("Object.keys(localStorage).filter(k => k.startsWith('course-work:'))")
    assert stored == [] or page.evaluate(
        "JSON.parse(localStorage.getItem('course-work:sorting:en')).events.length") == 0
    assert_clean(page, watch)
    page.close()


# ------------------------------------------------------------------------------------------
# The other four exercises: one start each, the reload in the same test
# ------------------------------------------------------------------------------------------

DANISH = "Ærø, Ålbæk og Søby"                     # æ, ø, å, upper and lower case
# 10,000 characters with a script tag and æøå in them, and no space at either end.
LONG = (HOSTILE + " " + DANISH + " " + "Æblerød " * 1250)[:9_999] + "å"
assert len(LONG) == 10_000
HOSTILE_MD = "\\<script\\>window.\\_\\_pwned=1\\</script\\>"   # as the Markdown files escape it


def app_of(page):
    return page.locator(".course-browser-app")


def start_exercise(reader, site_url: str, language: str, exercise: str, first_control: str):
    """Open the exercise's page and start it; returns the page, its watch and the status."""
    page, watch = open_exercise(reader, site_url, language, exercise)
    started = time.perf_counter()
    press_start(page)
    status = wait_ready(page, first_control)
    print(f"\n[{exercise}, {language}] Start -> first control: "
          f"{time.perf_counter() - started:.1f} s")
    return page, watch, status


def reload_and_start(page, first_control: str, restored: str) -> str:
    """Reload the page (a closed tab, a locked phone) and start the exercise again; the status
    must say the answers are back."""
    page.reload()
    started = time.perf_counter()
    press_start(page)
    wait_ready(page, first_control)
    status = page.locator(".course-browser-status")
    expect(status).to_contain_text(restored, timeout=STEP_TIMEOUT)
    print(f"after a reload, Start -> work restored: {time.perf_counter() - started:.1f} s")
    return status.inner_text()


def download(page, link) -> tuple[str, Path]:
    """Click a download link in the app (after bringing it into view) and return the file's
    suggested name and where it was saved."""
    link.scroll_into_view_if_needed()
    with page.expect_download(timeout=STEP_TIMEOUT) as info:
        link.click()
    return info.value.suggested_filename, Path(info.value.path())


def charts_drawn(scope, at_least: int = 1) -> list[str]:
    """Wait until vega-embed has drawn every chart in ``scope`` (at least ``at_least``) as SVG
    inside a figure whose picture has role="img" and a text alternative; returns those texts."""
    charts = scope.locator("figure.course-chart .course-chart-image[role='img']")
    expect(charts.first).to_be_attached(timeout=STEP_TIMEOUT)
    count = charts.count()
    assert count >= at_least, count
    drawn = scope.locator("figure.course-chart [role='img'] .course-vega[data-drawn] svg")
    expect(drawn).to_have_count(count, timeout=STEP_TIMEOUT)
    for number in range(count):
        svg = drawn.nth(number)
        assert svg.get_attribute("aria-hidden") == "true"   # the figure speaks for it
        assert svg.locator("*").count() > 10                # marks, axes and text drawn
    labels = [charts.nth(n).get_attribute("aria-label") or "" for n in range(count)]
    assert all(len(label) > 20 for label in labels), labels
    return labels


def assert_accessible(page) -> None:
    """axe-core on the started app and its box (the rest of the page is the book's)."""
    violations = axe_violations(page, include=[".course-browser-exercise"])
    assert violations == [], violations


def assert_markdown_inert(text: str) -> None:
    assert HOSTILE_MD in text, "the script tag is not in the file as escaped text"
    assert not re.search(r"(?<!\\)<script", text) and "&lt;" not in text


def test_diagnose_a_case_runs_in_the_page_and_keeps_the_work(reader, site_url):
    from councillor_exercises.cases import load_case
    from councillor_exercises.ui_text import ui_text

    ui, common = ui_text("diagnosis", "en"), ui_text("common", "en")
    case = load_case("fjordby-climate")
    page, watch, status = start_exercise(reader, site_url, "en", "diagnosis",
                                         ".course-case-picker select")
    assert "ready" in status
    app = app_of(page)
    group = app.locator(".course-group-name input")
    group.fill("Gruppe " + DANISH)
    group.press("Tab")
    app.locator(".course-case-picker select").select_option(
        label=f"{case.title} ({ui('fictional_badge')})")
    click_after_scrolling(page, ".course-browser-app .course-start")
    assert "1 of 6" in focused_heading(page)

    # Step 1, with a reason holding a tag and æøå: feedback, the tag named as text.
    app.get_by_role("radio", name=re.compile(r"^Policy innovation")).check()
    why = f"A new goal for {DANISH}. {HOSTILE}"
    app.locator(".course-type-why textarea").fill(why)
    app.locator(".course-check").click()
    feedback = app.locator(".course-feedback-innovation_type")
    expect(feedback).to_contain_text("Well spotted", timeout=STEP_TIMEOUT)
    expect(feedback).to_contain_text(common("markup_note"))

    # Steps 2 to 4 checked as they stand (a poor answer is still an answer).
    for number, step in ((2, "actors"), (3, "phase"), (4, "obstacles")):
        app.locator(".course-next").click()
        expect(app.locator(f".course-step-{number}")).to_be_visible(timeout=STEP_TIMEOUT)
        app.locator(".course-check").click()
        expect(app.locator(f".course-feedback-{step} .course-feedback")).to_be_visible(
            timeout=STEP_TIMEOUT)
    click_after_scrolling(page, ".course-browser-app .course-next")
    assert "5 of 6" in focused_heading(page)

    # Step 5: a good answer, an empty one and one of 10,000 characters with a tag in it.
    texts = {"problem-diagnosis": f"Most emissions are not ours to cut ({DANISH}).",
             "solution-strategy": "", "mobilise-support": LONG}
    for task, text in texts.items():
        app.locator(f".course-task-{task} textarea").fill(text)
    app.locator(".course-check").click()
    feedback = app.locator(".course-feedback-leadership")
    expect(feedback).to_contain_text(
        "Point to a solution strategy: " + common("empty_answer"), timeout=STEP_TIMEOUT)
    expect(feedback).to_contain_text("10000 characters long; the limit is 2000")
    for task, text in texts.items():             # nothing typed is lost or cut
        expect(app.locator(f".course-task-{task} textarea")).to_have_value(text)

    # Mended: the empty answer written (with the tag), the long one shortened.
    texts["solution-strategy"] = f"Shared targets with the harbour. {HOSTILE}"
    texts["mobilise-support"] = f"Invite the businesses of {DANISH}."
    for task in ("solution-strategy", "mobilise-support"):
        app.locator(f".course-task-{task} textarea").fill(texts[task])
    app.locator(".course-check").click()
    expect(feedback).not_to_contain_text(common("empty_answer"), timeout=STEP_TIMEOUT)
    expect(feedback).not_to_contain_text("characters long")
    app.locator(".course-tick-problem-diagnosis-0 input").click()
    expect(feedback).to_contain_text("ticked 1 of", timeout=STEP_TIMEOUT)

    # The summary: the learner's texts as text, the charts drawn, the file downloaded.
    click_after_scrolling(page, ".course-browser-app .course-next")
    summary = app.locator(".course-summary")
    expect(summary).to_contain_text(ui("summary_heading"), timeout=STEP_TIMEOUT)
    expect(summary.locator(".course-answer").first).to_have_text(why)
    labels = charts_drawn(summary, at_least=2)
    assert labels[0].startswith(page.locator("#diagnosis-steps-chart figcaption strong")
                                .inner_text().rstrip(".")), labels
    assert summary.locator("img[src='x']").count() == 0
    name, path = download(page, summary.locator("a.course-download[download$='.md']").first)
    assert name == "gruppe-ærø-ålbæk-og-søby-diagnosis-fjordby-climate.md", name
    saved = path.read_text(encoding="utf-8")
    assert saved.startswith(f"# Diagnose a case: {case.title}")
    assert_markdown_inert(saved)
    assert DANISH in saved and texts["problem-diagnosis"] in saved
    assert "- [x] " in saved
    assert_clean(page, watch)
    assert_accessible(page)

    # Reloaded: back on the summary with every answer, the charts drawn again.
    reload_and_start(page, ".course-summary h3", "back")
    summary = app.locator(".course-summary")
    expect(summary.locator(".course-answer").first).to_have_text(why)
    charts_drawn(summary, at_least=2)
    app.locator(".course-previous").click()
    expect(app.locator(".course-step-5")).to_be_visible(timeout=STEP_TIMEOUT)
    for task, text in texts.items():
        expect(app.locator(f".course-task-{task} textarea")).to_have_value(text)
    expect(app.locator(".course-tick-problem-diagnosis-0 input")).to_be_checked()
    expect(app.locator(".course-group-name input")).to_have_value("Gruppe " + DANISH)
    assert_clean(page, watch)
    page.close()


GROUP = "Gruppe Åbenrå"
COMMITTEE = "Grønt råd for Ærø og Ålbæk"


def test_design_a_committee_runs_in_the_page_and_keeps_the_work(reader, site_url):
    from councillor_exercises.committee import Design, load_committee_data, number_problems
    from councillor_exercises.ui_text import ui_text

    ui, common = ui_text("committee", "da"), ui_text("common", "da")
    data = load_committee_data(language="da")
    page, watch, status = start_exercise(reader, site_url, "da", "committee",
                                         ".course-preset-choice select")
    assert "klar" in status
    app = app_of(page)
    group = app.locator(".course-group-name input")
    group.fill(GROUP)
    group.press("Tab")

    # Step 1: a challenge from the list and the committee's name.
    climate = next(c for c in data.challenges if c.id == "climate-plan")
    app.get_by_role("radio", name=climate.title, exact=True).check()
    feedback = app.locator(".course-committee-feedback")
    expect(feedback).to_contain_text(ui("legal_title"), timeout=STEP_TIMEOUT)
    name = app.locator(".course-committee-name input")
    name.fill(COMMITTEE)
    name.press("Tab")

    # Step 2: the mandate, with a tag in it.
    app.locator("button.course-step-mandate").click()
    question = app.locator(".course-mandate textarea")
    question_text = f"Hvordan kan {DANISH} blive CO2-neutral sammen med borgerne? {HOSTILE}"
    question.fill(question_text)
    question.press("Tab")
    expect(feedback).to_contain_text(common("markup_note"), timeout=STEP_TIMEOUT)

    # A preset fills in members and way of working; the learner's words stay.
    preset = data.presets[0]
    click_after_scrolling(page, ".course-browser-app button.course-load-preset")
    expect(app.locator(".course-presets")).to_contain_text(
        ui("preset_loaded", name=preset.name), timeout=STEP_TIMEOUT)
    expect(question).to_have_value(question_text)
    charts_drawn(feedback)                          # the committee's profile

    # Step 4: an hour count typed the Danish way gets its message and is kept as typed.
    app.locator("button.course-step-working").click()
    hours = app.locator(".course-hours input")
    hours.fill("2,5")
    hours.press("Tab")
    message = number_problems(Design(hours_per_meeting="2,5"), data, ui)["hours_per_meeting"]
    expect(app.locator(".course-field-problem .course-problem")).to_have_text(
        message, timeout=STEP_TIMEOUT)
    expect(hours).to_have_value("2,5")

    # Step 5: the draft, and its Markdown and Word files.
    app.locator("button.course-step-kommissorium").click()
    preview = app.locator(".course-kommissorium-preview")
    expect(preview.locator("h3")).to_have_text(ui("k_title_named", name=COMMITTEE),
                                               timeout=STEP_TIMEOUT)
    assert question_text in preview.inner_text()
    links = app.locator(".course-step-page a.course-download")
    name_md, path = download(page, links.nth(0))
    assert name_md.endswith(f"-{ui('file_kommissorium')}.md"), name_md
    markdown = path.read_text(encoding="utf-8")
    assert markdown.startswith(f"# {ui('k_title_named', name=COMMITTEE)}\n")
    assert f"**{common('group_word')}:** {GROUP}" in markdown
    assert_markdown_inert(markdown)
    name_docx, path = download(page, links.nth(2))
    assert name_docx == name_md[:-3] + ".docx", name_docx
    assert zipfile.is_zipfile(path)
    with zipfile.ZipFile(path) as word:
        document = word.read("word/document.xml").decode("utf-8")
    assert COMMITTEE in document
    assert "<script>" not in document              # the tag is text there too (&lt;script&gt;)
    assert_clean(page, watch)
    assert_accessible(page)

    # Reloaded: the same step, the same texts, the number as typed with its message.
    reload_and_start(page, ".course-kommissorium-preview h3", "hentet frem igen")
    expect(preview.locator("h3")).to_have_text(ui("k_title_named", name=COMMITTEE))
    charts_drawn(feedback)
    app.locator("button.course-step-working").click()
    expect(hours).to_have_value("2,5", timeout=STEP_TIMEOUT)
    expect(app.locator(".course-field-problem .course-problem")).to_have_text(message)
    app.locator("button.course-step-mandate").click()
    expect(question).to_have_value(question_text, timeout=STEP_TIMEOUT)
    expect(app.locator(".course-group-name input")).to_have_value(GROUP)
    assert_clean(page, watch)
    page.close()


def test_your_week_runs_in_the_page_and_keeps_the_work(reader, site_url):
    from councillor_exercises import week
    from councillor_exercises.ui_text import ui_text

    text = ui_text("week", "da")
    data = week.load_week(language="da")
    page, watch, status = start_exercise(reader, site_url, "da", "week", ".course-hours input")
    assert "klar" in status
    app = app_of(page)

    # The week, with a script tag typed as hours: the message quotes it; the entry stays.
    hours = {"papers-and-cases": "8", "committee-and-council-meetings": "5",
             "party-group": "2,5", "citizens-associations-businesses": "2",
             "thematic-policy-work": "1", "courses-and-other": HOSTILE}
    for activity, value in hours.items():
        app.locator(f".course-hours-{activity} input").fill(value)
    app.locator(".course-check-week").click()
    week_feedback = app.locator(".course-week-feedback")
    expect(week_feedback.locator(".course-problem")).to_have_count(1, timeout=STEP_TIMEOUT)
    assert "<script>" in week_feedback.inner_text()
    expect(app.locator(".course-hours-courses-and-other input")).to_have_value(HOSTILE)

    # Mended (an empty field is no hours): the week read, with its charts drawn.
    hours["courses-and-other"] = ""
    app.locator(".course-hours-courses-and-other input").fill("")
    click_after_scrolling(page, ".course-browser-app .course-check-week")
    reading = week.evaluate_week(data, week.WeekAnswer.from_mapping(hours))
    expect(week_feedback).to_contain_text(reading.feedback.headline, timeout=STEP_TIMEOUT)
    expect(week_feedback.locator(".course-problem")).to_have_count(0)
    charts_drawn(app.locator(".course-week-charts"), at_least=2)

    # Step 2: a suggested step for two pieces of advice, an own step (æøå, a tag) for one.
    click_after_scrolling(page, ".course-browser-app .course-next")
    assert focused_heading(page).startswith(text("step2_heading"))
    own_advice = "knowledge-over-representativeness"
    for plan in data.plan:
        if plan.advice != own_advice:
            app.locator(f".course-step-{plan.advice}").get_by_role("radio").first.check()
    own = app.locator(f".course-own-{own_advice} textarea")
    own_text = f"Spørg foreningerne på {DANISH}: {HOSTILE}"
    own.fill(own_text)                              # typing an own step chooses it
    for item, _ in data.checklist:
        app.locator(f".course-check-{own_advice}-{item} input").check()
    app.locator(".course-check-plan").click()
    plan_feedback = app.locator(".course-plan-feedback")
    expect(plan_feedback).to_contain_text(text("plan_headline", ready=3, total=3),
                                          timeout=STEP_TIMEOUT)
    assert own_text in plan_feedback.inner_text()
    name, path = download(page, app.locator(".course-download-area a.course-download")
                          .filter(visible=True).first)
    assert name == f"{text('file_stem')}.md", name
    plan = path.read_text(encoding="utf-8")
    assert plan.startswith(f"# {text('summary_title')}")
    assert_markdown_inert(plan)
    assert DANISH in plan
    assert_clean(page, watch)
    assert_accessible(page)

    # Reloaded: on step 2 with the plan checked, the week's hours behind it.
    reload_and_start(page, ".course-check-plan", "hentet frem igen")
    expect(own).to_have_value(own_text)
    expect(plan_feedback).to_contain_text(text("plan_headline", ready=3, total=3))
    app.locator(".course-previous").filter(visible=True).click()
    expect(app.locator(".course-hours-party-group input")).to_have_value("2,5",
                                                                         timeout=STEP_TIMEOUT)
    charts_drawn(app.locator(".course-week-charts"), at_least=2)
    assert_clean(page, watch)
    page.close()


def test_the_debrief_reads_the_groups_files_in_the_page_and_keeps_nothing(
        reader, site_url, tmp_path):
    from councillor_exercises import debrief
    from test_debrief_browser import class_files

    words = debrief.words("en")
    expected = class_files(tmp_path, "en")
    page, watch = open_exercise(reader, site_url, "en", "debrief")
    # Playwright intercepts the file chooser once a page listens for it (asked for early:
    # see test_debrief_browser).
    page.on("filechooser", lambda _chooser: None)
    press_start(page)
    status = wait_ready(page, ".course-debrief-exercise select")
    assert "forgotten when you close the page" in status, status
    expect(page.locator(".course-browser-clear")).to_be_hidden()
    app = app_of(page)
    expect(app.locator(".course-debrief-files")).to_contain_text(words("waiting"))
    app.get_by_label(words("exercise_label")).select_option(
        label=debrief.exercise_name("diagnose-a-case", "en"))

    # The files go to Python through the page's bridge, as the upload widget's buffers.
    button = app.get_by_role("button", name=words("upload_button"))
    button.focus()
    with page.expect_file_chooser() as chooser:
        page.keyboard.press("Enter")
    chooser.value.set_files([str(tmp_path / name) for name, _ in expected])
    expect(app.locator(".course-files li")).to_have_count(len(expected), timeout=STEP_TIMEOUT)
    for name, status_word in expected:
        line = app.locator(".course-files li", has_text=f" {name}: ")
        expect(line.locator(".course-file-status")).to_have_text(f"{status_word}:")
    expect(app.locator(".course-debrief-status")).to_have_text(
        words("status_line", files=6, loaded=3, duplicates=1, refused=2))

    # The groups side by side: the readings table, the other tables and a chart.
    results = app.locator(".course-debrief-results")
    expect(results.locator("table.course-debrief-readings tbody tr")).to_have_count(
        4, timeout=STEP_TIMEOUT)
    assert results.locator("table.course-debrief-table").count() >= 2
    assert words("disagreement_title") in results.inner_text()
    charts_drawn(results)
    assert_clean(page, watch)
    assert_accessible(page)

    # Nothing of the files is kept in this browser.
    kept = page.evaluate("""() => Object.keys(localStorage)
        .filter(k => k.startsWith('course-work:debrief'))
        .concat(Object.values(localStorage).filter(v => v.includes('fjordby')))""")
    assert kept == [], kept
    page.close()
