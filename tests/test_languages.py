"""Every word a learner reads exists in English and in Danish: the data files hold each text as
a `{en: ..., da: ...}` mapping, none empty, and no prose is left in one language only. Every
data loader reads every file in both languages."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from conftest import ROOT
from councillor_exercises.datafiles import LANGUAGES, DataError, in_language, is_language_mapping

DATA = ROOT / "data"
# Files that no learner reads: maintainers' settings and the book's own checks.
NOT_FOR_LEARNERS = {"link-policy.yaml", "book-budgets.yaml", "slide-coverage.yaml", "site.yaml"}
# Fields whose plain values hold no language: addresses, citation keys, ids and the like, and
# `danish`, the Danish term the English edition shows beside an English name.
NEUTRAL_FIELDS = {"url", "urls", "href", "link", "links", "cite", "citation_key", "key", "keys",
                  "id", "ids", "when", "chapter", "chapters", "page", "file", "path", "danish"}
# A source's title is its own name in its own language (a Danish article keeps its title).
NEUTRAL_PATHS = re.compile(r"(^|> )sources #[^>]* > title$")
PROSE = re.compile(r"[A-Za-zÆØÅæøå]+\s+[A-Za-zÆØÅæøå]+\s+[A-Za-zÆØÅæøå]+")


def learner_files() -> list[Path]:
    return sorted(p for p in DATA.rglob("*.yaml") if p.name not in NOT_FOR_LEARNERS)


def walk(value, path: str):
    """Every (path, value) in a YAML tree; language mappings are leaves."""
    if is_language_mapping(value):
        yield path, value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from walk(item, f"{path} > {key}" if path else str(key))
    elif isinstance(value, list):
        for position, item in enumerate(value, start=1):
            label = item.get("id") if isinstance(item, dict) and isinstance(item.get("id"), str) else position
            yield from walk(item, f"{path} #{label}")
    else:
        yield path, value


def problems_in(path: Path, root: Path = ROOT) -> list[str]:
    content = yaml.safe_load(path.read_text(encoding="utf-8"))
    name = path.relative_to(root)
    problems = []
    # A case written for one edition only (`languages: [da]`, data/cases/README.md) is checked
    # in the languages it declares.
    declared = content.get("languages") if isinstance(content, dict) else None
    languages = [code for code in LANGUAGES if code in declared] \
        if isinstance(declared, list) and declared else LANGUAGES
    for where, value in walk(content, ""):
        field = where.split(" > ")[-1].split(" #")[0]
        if is_language_mapping(value):
            for language in languages:
                text = value.get(language)
                if text is None or (isinstance(text, str) and not text.strip()) or text == []:
                    problems.append(f"{name}: {where}: no text in '{language}'")
        elif isinstance(value, str) and field not in NEUTRAL_FIELDS and PROSE.search(value) \
                and not NEUTRAL_PATHS.search(where) \
                and not value.startswith(("http://", "https://")):
            problems.append(f"{name}: {where}: text in one language only: {value[:60]!r}")
    return problems


@pytest.mark.parametrize("path", learner_files(), ids=lambda p: str(p.relative_to(DATA)))
def test_every_text_is_in_both_languages(path):
    problems = problems_in(path)
    assert not problems, "\n".join(problems[:20])


def test_the_check_names_a_missing_danish_text_and_an_untranslated_one(tmp_path):
    sample = tmp_path / "sample.yaml"
    sample.write_text("id: sample\n"
                      "title:\n  en: Everyday rehabilitation in Fredericia\n"
                      "story: A text that nobody has written in Danish yet.\n"
                      "url: https://www.example.dk/a b c\n", encoding="utf-8")
    found = problems_in(sample, root=tmp_path)
    assert found == ["sample.yaml: title: no text in 'da'",
                     "sample.yaml: story: text in one language only: "
                     "'A text that nobody has written in Danish yet.'"]


def ui_sections() -> list[str]:
    return sorted(p.stem for p in (DATA / "ui").glob("*.yaml"))


@pytest.mark.parametrize("section", ui_sections())
def test_every_interface_string_has_both_languages_and_they_differ(section):
    from councillor_exercises.ui_text import ui_text

    english, danish = ui_text(section, "en"), ui_text(section, "da")
    assert english.keys() == danish.keys()
    # Names and short words may be the same in both languages ("Lean", "Binder", "Markdown");
    # a sentence never is.
    same = [key for key in english.keys()
            if english(key) == danish(key) and len(english(key).split()) > 2]
    assert not same, f"{section}: the same sentence in both languages: {same[:10]}"


def _loaders():
    from councillor_exercises import cases, committee, concepts, glossary, sorting, week

    return {
        "cases": lambda: cases.load_case_library(),
        "committee": lambda: committee.load_committee_data(),
        "concepts": lambda: concepts.load_concepts(),
        "glossary": lambda: glossary.load_glossary(),
        "sorting examples": lambda: sorting.load_examples(),
        "sorting settings": lambda: sorting.load_settings(),
        "week": lambda: week.load_week(),
    }


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("name", sorted(_loaders()))
def test_every_loader_reads_its_files_in_both_languages(name, language):
    with in_language(language):
        assert _loaders()[name]()


def test_a_missing_danish_text_is_refused_by_file_entry_and_field(fixture_data):
    from councillor_exercises.cases import load_case_library

    path = fixture_data / "cases" / "fjordby-climate.yaml"
    text = path.read_text(encoding="utf-8")
    stripped = re.sub(r"(\ntitle:\n  en: [^\n]*)\n  da: [^\n]*", r"\1", text, count=1)
    assert stripped != text, "the fixture's title has no Danish line to remove"
    path.write_text(stripped, encoding="utf-8")
    # The Danish exercise leaves the case out and says why; the English one still has it.
    danish = load_case_library(language="da")
    assert "fjordby-climate" not in [case.id for case in danish.cases]
    [error] = danish.refused
    assert error.field == "title" and "fjordby-climate" in error.source
    assert "'da:'" in str(error)
    assert "fjordby-climate" in [case.id for case in load_case_library(language="en").cases]
