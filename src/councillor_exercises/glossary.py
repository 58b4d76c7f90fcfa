"""The course glossary, from data/glossary/: each term's headword in English and Danish, a
one- or two-sentence definition and its source, read in one language at a time."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .datafiles import (LANGUAGES, DataError, EntryReader, data_dir, in_language,
                        language_or_current, load_yaml_file, yaml_files_in)


@dataclass(frozen=True)
class GlossaryEntry:
    term: str          # the headword in the language read, as used with {term}`...` in the book
    other_term: str    # the headword in the other language, shown beside it
    also: str          # other names or a note on the term ('' if none)
    definition: str    # one or two sentences for a newcomer
    source: str        # where the idea comes from (a slide, a citation or a fact-sheet section)


GLOSSARY_FIELDS = ("term", "also", "definition", "source")


def load_glossary(folder: Path | None = None, language: str | None = None) -> list[GlossaryEntry]:
    """Every glossary entry of every file in ``data/glossary``, in ``language`` (by default the
    language data files are being read in), sorted by headword.

    Each file holds a list under ``entries``. A term defined twice is refused, because the book
    could then link a term to two different definitions.
    """
    folder = folder or data_dir() / "glossary"
    language = language_or_current(language)
    other = next(code for code in LANGUAGES if code != language)
    entries: dict[str, GlossaryEntry] = {}
    for path in yaml_files_in(folder):
        with in_language(language):
            reader = EntryReader.for_file(path, load_yaml_file(path))
            items = reader.entries("entries", min_items=1, key="term")
        for item in items:
            item.only_fields(GLOSSARY_FIELDS)
            other_item = EntryReader(item.source, item.entry, item.mapping, other)
            entry = GlossaryEntry(
                term=item.text("term", max_length=80),
                other_term=other_item.text("term", max_length=80),
                also=item.text("also", required=False, max_length=200),
                definition=item.text("definition", max_length=600),
                source=item.text("source", max_length=200),
            )
            if entry.term.lower() in entries:
                raise DataError(reader.source, item.entry, "term",
                                f"'{entry.term}' is already defined in another glossary entry")
            entries[entry.term.lower()] = entry
    return sorted(entries.values(), key=lambda e: e.term.lower())


def headword(english_term: str, language: str | None = None) -> str:
    """The headword in ``language`` of the entry whose English headword is ``english_term``
    (what a {term} link on a page in that language names); KeyError if there is none."""
    language = language_or_current(language)
    for entry in load_glossary(language=language):
        english = entry.term if language == "en" else entry.other_term
        if english.lower() == english_term.lower():
            return entry.term
    raise KeyError(f"no glossary entry for '{english_term}'")
