"""The course's content: every slide's ideas are taught on their page, and the glossary and
the pages agree (every term used is defined, every defined term is used)."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest
import yaml

from conftest import ROOT
from councillor_exercises.glossary import load_glossary

pytestmark = pytest.mark.book

COVERAGE = yaml.safe_load((ROOT / "data" / "slide-coverage.yaml").read_text(encoding="utf-8"))


class _ArticleText(HTMLParser):
    """The visible text of a built page's article (its main content, without navigation)."""

    def __init__(self):
        super().__init__()
        self.depth = 0
        self.skip = 0
        self.parts: list[str] = []

    def handle_starttag(self, tag, attrs):
        classes = dict(attrs).get("class", "") or ""
        if tag == "article" and "bd-article" in classes:
            self.depth = 1
        elif self.depth:
            self.depth += 1
        if tag in {"script", "style"}:
            self.skip += 1

    def handle_endtag(self, tag):
        if tag in {"script", "style"} and self.skip:
            self.skip -= 1
        if self.depth:
            self.depth -= 1

    def handle_data(self, data):
        if self.depth and not self.skip:
            self.parts.append(data)


def page_text(site, docname: str) -> str:
    parser = _ArticleText()
    parser.feed((site / f"{docname}.html").read_text(encoding="utf-8"))
    return re.sub(r"\s+", " ", " ".join(parser.parts))


def test_the_coverage_table_names_every_slide_with_text():
    numbers = [entry["slide"] for entry in COVERAGE["slides"]]
    assert numbers == list(range(1, 16)), "slides 1-15 each need an entry, in order"
    assert all(entry["ideas"] for entry in COVERAGE["slides"])


@pytest.mark.parametrize("slide", COVERAGE["slides"], ids=lambda s: f"slide-{s['slide']}")
def test_every_idea_of_the_slide_appears_on_its_page(site, slide):
    text = page_text(site, slide["page"]).lower()
    assert len(text.split()) > 400, f"{slide['page']} is not written yet"
    missing = [idea["idea"] for idea in slide["ideas"]
               if not any(phrase.lower() in text for phrase in idea["evidence"])]
    assert not missing, f"slide {slide['slide']}: not found on {slide['page']}: {missing}"


TERM_ROLE = re.compile(r"\{term\}`([^`]+)`")


def terms_used() -> dict[str, set[str]]:
    used: dict[str, set[str]] = {}
    for path in (ROOT / "book").rglob("*.md"):
        for raw in TERM_ROLE.findall(path.read_text(encoding="utf-8")):
            target = re.search(r"<([^>]+)>\s*$", raw)
            term = re.sub(r"\s+", " ", (target.group(1) if target else raw)).strip().lower()
            used.setdefault(term, set()).add(str(path.relative_to(ROOT)))
    return used


def test_every_term_used_is_defined():
    defined = {entry.term.lower() for entry in load_glossary()}
    undefined = {term: pages for term, pages in terms_used().items() if term not in defined}
    assert not undefined, f"terms used but not in data/glossary: {undefined}"


def test_every_defined_term_is_used_somewhere():
    used = terms_used()
    unused = [entry.term for entry in load_glossary() if entry.term.lower() not in used]
    assert not unused, f"glossary terms no page links to: {unused}"


def test_every_chapter_follows_the_teaching_structure():
    for path in sorted((ROOT / "book" / "chapters").glob("*.md")):
        text = path.read_text(encoding="utf-8")
        for needed in ["Learning objectives", "Reading time", "## Summary",
                       "## Reflection questions", "## Self-check", "In practice", "{term}`"]:
            assert needed in text, f"{path.name} lacks '{needed}'"
        assert ":::{dropdown}" in text or "::::{dropdown}" in text, f"{path.name}: self-check answers"
