"""The course's content: every slide's ideas are taught on their page, the glossary and
the pages agree (every term used is defined, every defined term is used), and each chapter
keeps to its structure, its word budget and the reading time it states."""

from __future__ import annotations

import re
import sys
from html.parser import HTMLParser

import pytest
import yaml

from conftest import EDITIONS, ROOT
from councillor_exercises.glossary import load_glossary

sys.path.insert(0, str(ROOT / "tools"))
from wordcount import (  # noqa: E402 (tools/ is not a package)
    page_words, reading_minutes, section_titles, stated_reading_minutes)

pytestmark = pytest.mark.book

COVERAGE = yaml.safe_load((ROOT / "data" / "slide-coverage.yaml").read_text(encoding="utf-8"))
BUDGETS = yaml.safe_load((ROOT / "data" / "book-budgets.yaml").read_text(encoding="utf-8"))
DANISH = ROOT / "book" / "da"
PAGES = {"en": [p for p in (ROOT / "book").rglob("*.md") if DANISH not in p.parents],
         "da": list(DANISH.rglob("*.md"))}
CHAPTERS = sorted((ROOT / "book" / "chapters").glob("*.md")) + sorted((DANISH / "chapters").glob("*.md"))
# What {ref}`label` shows: the title of the heading the label marks, on any page of the
# chapter's own edition.
TITLES = {language: section_titles(page.read_text(encoding="utf-8") for page in pages)
          for language, pages in PAGES.items()}
# The teaching structure every chapter follows, in each edition's words.
STRUCTURE = {
    "en": ["Learning objectives", "Reading time", "## Summary", "## Reflection questions",
           "## Self-check", "In practice"],
    "da": ["Læringsmål", "Læsetid", "## Opsummering", "## Refleksionsspørgsmål",
           "## Test dig selv", "I praksis"],
}


def chapter_language(path) -> str:
    return "da" if DANISH in path.parents else "en"


def chapter_id(path) -> str:
    return f"{chapter_language(path)}-{path.stem}"
READING_TIME_TOLERANCE = 2   # minutes either way


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


TYPOGRAPHIC_QUOTES = str.maketrans({"’": "'", "‘": "'", "›": "'", "‹": "'", "»": '"', "«": '"',
                                    "„": '"', "“": '"', "”": '"'})


def page_text(site, language: str, docname: str) -> str:
    """The visible article text of an English docname's page in ``language``'s edition."""
    if language == "da":
        docname = docname.removeprefix("book/")
    parser = _ArticleText()
    parser.feed((site / language / f"{docname}.html").read_text(encoding="utf-8"))
    # Sphinx prints typographic quotes (1980’erne, »…« in Danish); the phrases use plain ones.
    parser.parts = [part.translate(TYPOGRAPHIC_QUOTES) for part in parser.parts]
    return re.sub(r"\s+", " ", " ".join(parser.parts))


def test_the_coverage_table_names_every_slide_with_text():
    numbers = [entry["slide"] for entry in COVERAGE["slides"]]
    assert numbers == list(range(1, 16)), "slides 1-15 each need an entry, in order"
    assert all(entry["ideas"] for entry in COVERAGE["slides"])


def evidence(idea: dict, language: str) -> list[str]:
    """The phrases that show an idea on a page: a plain list (the same in both editions, for
    a name) or one list per language."""
    phrases = idea["evidence"]
    return phrases[language] if isinstance(phrases, dict) else phrases


def test_every_idea_has_evidence_in_both_languages():
    missing = [f"slide {slide['slide']}: {idea['idea']} ({language})"
               for slide in COVERAGE["slides"] for idea in slide["ideas"]
               for language in EDITIONS if not evidence(idea, language)]
    assert not missing, missing


@pytest.mark.parametrize("language", sorted(EDITIONS))
@pytest.mark.parametrize("slide", COVERAGE["slides"], ids=lambda s: f"slide-{s['slide']}")
def test_every_idea_of_the_slide_appears_on_its_page(site, slide, language):
    text = page_text(site, language, slide["page"]).lower()
    assert len(text.split()) > 400, f"{slide['page']} ({language}) is not written yet"
    missing = [idea["idea"] for idea in slide["ideas"]
               if not any(phrase.lower() in text for phrase in evidence(idea, language))]
    assert not missing, f"slide {slide['slide']}: not found on {slide['page']} ({language}): {missing}"


TERM_ROLE = re.compile(r"\{term\}`([^`]+)`")


def terms_used(language: str) -> dict[str, set[str]]:
    used: dict[str, set[str]] = {}
    for path in PAGES[language]:
        for raw in TERM_ROLE.findall(path.read_text(encoding="utf-8")):
            target = re.search(r"<([^>]+)>\s*$", raw)
            term = re.sub(r"\s+", " ", (target.group(1) if target else raw)).strip().lower()
            used.setdefault(term, set()).add(str(path.relative_to(ROOT)))
    return used


@pytest.mark.parametrize("language", sorted(EDITIONS))
def test_every_term_used_is_defined(language):
    defined = {entry.term.lower() for entry in load_glossary(language=language)}
    undefined = {term: pages for term, pages in terms_used(language).items()
                 if term not in defined}
    assert not undefined, f"terms used but not in data/glossary ({language}): {undefined}"


@pytest.mark.parametrize("language", sorted(EDITIONS))
def test_every_defined_term_is_used_somewhere(language):
    used = terms_used(language)
    unused = [entry.term for entry in load_glossary(language=language)
              if entry.term.lower() not in used]
    assert not unused, f"glossary terms no page links to ({language}): {unused}"


@pytest.mark.parametrize("path", CHAPTERS, ids=chapter_id)
def test_every_chapter_follows_the_teaching_structure(path):
    text = path.read_text(encoding="utf-8")
    for needed in [*STRUCTURE[chapter_language(path)], "{term}`"]:
        assert needed in text, f"{path.name} lacks '{needed}'"
    assert ":::{dropdown}" in text or "::::{dropdown}" in text, f"{path.name}: self-check answers"


@pytest.mark.parametrize("path", CHAPTERS, ids=chapter_id)
def test_every_chapter_body_keeps_to_the_word_budget(path):
    budget = BUDGETS["chapter_body_words"]
    words = page_words(path.read_text(encoding="utf-8"), TITLES[chapter_language(path)])
    assert words.body <= budget, (
        f"{path.name}: {words.body} words outside dropdowns, {words.body - budget} over the "
        f"budget of {budget} (data/book-budgets.yaml); {words.dropdowns} more in dropdowns")


@pytest.mark.parametrize("path", CHAPTERS, ids=chapter_id)
def test_every_chapter_states_its_reading_time(path):
    text = path.read_text(encoding="utf-8")
    stated = stated_reading_minutes(text)
    assert stated is not None, f"{path.name}: no 'Reading time: about N minutes' / 'Læsetid: ca. N minutter'"
    body = page_words(text, TITLES[chapter_language(path)]).body
    expected = reading_minutes(body, BUDGETS["words_per_minute"])
    assert abs(stated - expected) <= READING_TIME_TOLERANCE, (
        f"{path.name} says about {stated} minutes, but its {body} words outside dropdowns take "
        f"about {expected} at {BUDGETS['words_per_minute']} words a minute")


COUNTED_PAGE = """\
---
myst:
  html_meta:
    description: "Words in the front matter do not count."
---

(ch-sample)=
# One two

% A MyST comment does not count.
<!-- Nor does an HTML comment. -->
Three {term}`four five <co-creation>` six {cite:p}`sorensen_lecture` and
[seven](https://www.example.dk/eight-nine-ten) {term}`governance paradigm`
see <https://www.example.dk/not-a-word> `code` ({ref}`ch-sample`).

| Col | Umn |
|---|---|

:::{admonition} Title words
:class: tip
**Reading time:** about 1 minute.
:::

::::{dropdown} A question?
Hidden answer here.
:::{note}
Nested hidden words.
:::
::::

:::{admonition} Folded away
:class: dropdown
Also hidden.
:::

```{code-cell} ipython3
print("code is not read")
```

```{course-chart} councillor-hours
```
"""


def test_the_word_counter_drops_dropdowns_and_counts_what_a_reader_sees():
    titles = section_titles([COUNTED_PAGE])
    assert titles == {"ch-sample": "One two"}
    words = page_words(COUNTED_PAGE, titles)
    # One two | Three four five six and seven governance paradigm see code (One two) |
    # Col Umn | Title words | Reading time: about 1 minute.
    assert words.body == 2 + 12 + 2 + 2 + 5
    assert page_words(COUNTED_PAGE).body == 2 + 11 + 2 + 2 + 5    # the label, one word
    # A question? Hidden answer here. Nested hidden words. | Folded away Also hidden.
    assert words.dropdowns == 2 + 3 + 3 + 4
    assert stated_reading_minutes(COUNTED_PAGE) == 1
    assert reading_minutes(201) == 2 and reading_minutes(200) == 1


def test_the_word_budget_can_fail():
    long_page = COUNTED_PAGE + "\n" + "word " * BUDGETS["chapter_body_words"]
    assert page_words(long_page).body > BUDGETS["chapter_body_words"]
    hidden = COUNTED_PAGE + "\n::::{dropdown} Q\n" + "word " * 5000 + "\n::::\n"
    assert page_words(hidden).body == page_words(COUNTED_PAGE).body
