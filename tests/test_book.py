"""The book in both editions: the tables of contents, page for page the same in English and
Danish, the strict build, the link between the editions, and that nothing loads from
elsewhere."""

from __future__ import annotations

import re
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest

from conftest import EDITIONS, ROOT, site_pages, toc_files

pytestmark = pytest.mark.book


@pytest.mark.parametrize("language", sorted(EDITIONS))
def test_every_toc_entry_has_a_file(language):
    edition = EDITIONS[language]
    missing = [name for name in toc_files(language) if edition.page_source(name) is None]
    assert not missing, f"{edition.toc.name} names files that do not exist: {missing}"


def _pages_under(folder: Path, skip: Path | None = None) -> set[str]:
    return {str(p.relative_to(ROOT)) for p in folder.rglob("*")
            if p.suffix in {".md", ".ipynb"} and ".ipynb_checkpoints" not in p.parts
            and not (skip and skip in p.parents)}


@pytest.mark.parametrize("language", sorted(EDITIONS))
def test_every_page_of_an_edition_is_in_its_toc(language):
    edition = EDITIONS[language]
    listed = {str(edition.page_source(name).relative_to(ROOT)) for name in toc_files(language)}
    danish = ROOT / "book" / "da"
    pages = (_pages_under(ROOT / "book", skip=danish) if language == "en"
             else _pages_under(danish))
    orphans = sorted(pages - listed)
    assert not orphans, (f"pages not in {edition.toc.name} (they would silently not be "
                         f"built): {orphans}")


def test_every_english_page_has_a_danish_counterpart_and_back():
    """The editions are page for page the same: book/X in English is book/da/X in Danish,
    in the same order."""
    english = [name.removeprefix("book/") for name in toc_files("en")]
    assert english == toc_files("da"), (
        f"only in English: {sorted(set(english) - set(toc_files('da')))}; "
        f"only in Danish: {sorted(set(toc_files('da')) - set(english))}; or the order differs")


def test_the_book_builds_with_warnings_as_errors(built_book):
    assert built_book.returncode == 0, built_book.log[-5000:]
    assert "build succeeded" in built_book.log
    # Sphinx's warnings ("file:line: WARNING: ..."), not the kernel's own log lines.
    warnings = [line for line in built_book.log.splitlines()
                if "WARNING:" in line and not line.startswith("[IPKernelApp]")]
    assert not warnings, warnings[:10]


def test_a_failing_cell_fails_the_build(tmp_path):
    """The strictness is real: a notebook page whose cell raises must break the build."""
    book = tmp_path / "mini"
    (book / "book").mkdir(parents=True)
    config = (ROOT / "_config.yml").read_text(encoding="utf-8")
    (book / "_config.yml").write_text(config.replace("bibtex_bibfiles:\n  - book/references.bib\n", ""),
                                      encoding="utf-8")
    (book / "_toc.yml").write_text("format: jb-book\nroot: book/index\n", encoding="utf-8")
    (book / "book" / "index.md").write_text(
        "---\njupytext:\n  text_representation:\n    format_name: myst\nkernelspec:\n"
        "  name: python3\n  display_name: Python 3\n---\n\n# Broken\n\n"
        "```{code-cell} ipython3\nraise ValueError('this cell fails')\n```\n", encoding="utf-8")
    jupyter_book = Path(sys.executable).with_name("jupyter-book")
    result = subprocess.run([str(jupyter_book), "build", str(book), "--warningiserror",
                             "--keep-going"], capture_output=True, text=True, timeout=300)
    assert result.returncode != 0
    assert "this cell fails" in result.stdout + result.stderr


class _AssetFinder(HTMLParser):
    """Collects every address an HTML page makes the browser load (not mere links)."""

    LOADING = {"script": ["src"], "img": ["src", "srcset"], "iframe": ["src"],
               "source": ["src", "srcset"], "audio": ["src"], "video": ["src", "poster"],
               "embed": ["src"], "object": ["data"], "track": ["src"], "image": ["href", "xlink:href"],
               "use": ["href", "xlink:href"]}

    def __init__(self):
        super().__init__()
        self.addresses: list[str] = []
        self.styles: list[str] = []
        self._in_style = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        for name in self.LOADING.get(tag, []):
            if attrs.get(name):
                self.addresses.append(f"<{tag} {name}> {attrs[name]}")
        if tag == "link" and attrs.get("href"):
            # Every <link> may load something (stylesheet, preload, icon, prefetch).
            self.addresses.append(f"<link rel={attrs.get('rel')}> {attrs['href']}")
        if attrs.get("style"):
            self.styles.append(attrs["style"])
        self._in_style = tag == "style"

    def handle_endtag(self, tag):
        if tag == "style":
            self._in_style = False

    def handle_data(self, data):
        if self._in_style:
            self.styles.append(data)


FOREIGN = re.compile(r"(^|\s|,)(https?:)?//", re.I)
CSS_URL = re.compile(r"url\(\s*['\"]?([^'\")]+)", re.I)
CSS_IMPORT = re.compile(r"@import\s+['\"]([^'\"]+)", re.I)


def foreign_in_css(css: str) -> list[str]:
    found = CSS_URL.findall(css) + CSS_IMPORT.findall(css)
    return [u for u in found if FOREIGN.search(u.strip())]


def test_no_page_loads_anything_from_another_origin(site):
    problems = []
    pages = sorted(site.rglob("*.html"))
    assert len(pages) > 40
    for page in pages:
        finder = _AssetFinder()
        finder.feed(page.read_text(encoding="utf-8"))
        for address in finder.addresses:
            if FOREIGN.search(address.split("> ", 1)[1].strip()):
                problems.append(f"{page.relative_to(site)}: {address}")
        for css in finder.styles:
            problems += [f"{page.relative_to(site)}: CSS url {u}" for u in foreign_in_css(css)]
    for stylesheet in site.rglob("*.css"):
        problems += [f"{stylesheet.relative_to(site)}: CSS url {u}"
                     for u in foreign_in_css(stylesheet.read_text(encoding="utf-8", errors="replace"))]
    assert not problems, "\n".join(problems[:30])


def test_the_asset_check_catches_a_foreign_script():
    """The check above can fail: a CDN script, font or image is found."""
    finder = _AssetFinder()
    finder.feed('<script src="https://cdn.example.org/x.js"></script>'
                '<link rel="stylesheet" href="//fonts.example.org/a.css">'
                '<img src="local.png"><style>@font-face{src:url(https://f.example/x.woff2)}</style>')
    foreign = [a for a in finder.addresses if FOREIGN.search(a.split("> ", 1)[1])]
    assert len(foreign) == 2
    assert foreign_in_css(" ".join(finder.styles)) == ["https://f.example/x.woff2"]


@pytest.mark.parametrize("language, folder, apps", [("en", "en/book/exercises", "apps/"),
                                                     ("da", "da/exercises", "apps/da/")])
def test_exercise_pages_offer_the_app_in_their_language(site, language, folder, apps):
    for page in ["diagnose-a-case", "design-a-committee", "service-or-policy", "your-week",
                 "debrief"]:
        text = (site / folder / f"{page}.html").read_text(encoding="utf-8")
        assert "cell_output" in text, f"{language} {page} has no exercise cell"
        path = (apps + page + ".ipynb").replace("/", "%2F")
        assert f"urlpath=voila%2Frender%2F{path}" in text, (language, page)
        assert "mybinder.org/v2/gh/" in text and "urlpath=lab" in text, page


class _LanguageAndSwitch(HTMLParser):
    def __init__(self):
        super().__init__()
        self.lang = None
        self.switches: list[dict] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "html":
            self.lang = attrs.get("lang")
        if "course-language-switch" in (attrs.get("class") or ""):
            self.switches.append(attrs)


@pytest.mark.parametrize("language", sorted(EDITIONS))
def test_every_page_has_its_language_and_a_switch_that_resolves(site, language):
    """lang is right on every page, and every page links to its counterpart, which exists and
    links back."""
    problems = []
    for page in site_pages(language):
        parser = _LanguageAndSwitch()
        parser.feed((site / page).read_text(encoding="utf-8"))
        if parser.lang != language:
            problems.append(f"{page}: lang={parser.lang!r}")
        if len(parser.switches) != 1:
            problems.append(f"{page}: {len(parser.switches)} language switches")
            continue
        switch = parser.switches[0]
        target = ((site / page).parent / switch["href"]).resolve()
        other = "da" if language == "en" else "en"
        if switch.get("hreflang") != other or switch.get("lang") != other:
            problems.append(f"{page}: the switch is not marked as {other}")
        if not target.is_file():
            problems.append(f"{page}: the switch leads to a missing page {switch['href']}")
            continue
        back = _LanguageAndSwitch()
        back.feed(target.read_text(encoding="utf-8"))
        if ((target.parent / back.switches[0]["href"]).resolve() != (site / page).resolve()):
            problems.append(f"{page}: its counterpart does not link back")
    assert not problems, "\n".join(problems)


def test_the_front_door_offers_both_editions_and_opens_the_danish_one(site):
    text = (site / "index.html").read_text(encoding="utf-8")
    assert '<html lang="da">' in text
    assert 'href="da/index.html"' in text and 'href="en/book/index.html"' in text
    assert text.index('href="da/index.html"') < text.index('href="en/book/index.html"')
    assert (site / "da" / "index.html").is_file() and (site / "en" / "book" / "index.html").is_file()


def test_the_apps_are_in_step_with_the_exercise_pages():
    result = subprocess.run([sys.executable, str(ROOT / "tools" / "build_apps.py"), "--check"],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
