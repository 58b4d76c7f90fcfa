"""The course glossary: English term, Danish term and a one-line definition, from data/glossary/."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .datafiles import DataError, EntryReader, data_dir, load_yaml_file, yaml_files_in


@dataclass(frozen=True)
class GlossaryEntry:
    term: str          # the English term, as used with {term}`...` in the book
    danish: str        # the Danish term(s), shown beside it
    definition: str    # one or two sentences for a newcomer
    source: str        # where the idea comes from (a slide, a citation key or a fact-sheet section)


GLOSSARY_FIELDS = ("term", "danish", "definition", "source")


def load_glossary(folder: Path | None = None) -> list[GlossaryEntry]:
    """Every glossary entry of every file in ``data/glossary``, sorted by term.

    Each file holds a list under ``entries``. A term defined twice is refused, because the book
    could then link a term to two different definitions.
    """
    folder = folder or data_dir() / "glossary"
    entries: dict[str, GlossaryEntry] = {}
    for path in yaml_files_in(folder):
        reader = EntryReader.for_file(path, load_yaml_file(path))
        for item in reader.entries("entries", min_items=1, key="term"):
            item.only_fields(GLOSSARY_FIELDS)
            entry = GlossaryEntry(
                term=item.text("term", max_length=80),
                danish=item.text("danish", max_length=120),
                definition=item.text("definition", max_length=600),
                source=item.text("source", max_length=200),
            )
            if entry.term.lower() in entries:
                raise DataError(reader.source, item.entry, "term",
                                f"'{entry.term}' is already defined in another glossary entry")
            entries[entry.term.lower()] = entry
    return sorted(entries.values(), key=lambda e: e.term.lower())
