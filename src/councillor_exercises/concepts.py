"""The lecture's concepts (data/concepts.yaml): innovation types, actors, purposes, phases,
obstacles, advice and leadership tasks. Exercises offer these as options and quote their
explanations in feedback, so a change of wording is made once, in the data."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from .datafiles import (DataError, EntryReader, data_dir, in_language, language_or_current,
                        load_yaml_file)
from .formats import with_term


@dataclass(frozen=True)
class Concept:
    id: str
    name: str
    explanation: str = ""
    danish: str = ""
    question: str = ""       # purposes only: the selection question of slide 6
    slide: int = 0
    chapter: str = ""        # label of the chapter that teaches it
    language: str = "en"     # the language name, explanation and question are written in

    @property
    def label(self) -> str:
        """The name as an option shows it: with its Danish term in English ('Citizens
        (borgere)'), alone in Danish."""
        return with_term(self.name, self.danish, self.language)


@dataclass(frozen=True)
class Concepts:
    innovation_types: tuple[Concept, ...]
    actors: tuple[Concept, ...]
    purposes: tuple[Concept, ...]
    phases: tuple[Concept, ...]
    obstacles: tuple[Concept, ...]
    advice: tuple[Concept, ...]
    leadership_tasks: tuple[Concept, ...]
    chapters: dict[str, str]
    language: str = "en"

    def ids(self, group: str) -> list[str]:
        return [concept.id for concept in getattr(self, group)]

    def get(self, group: str, concept_id: str) -> Concept:
        for concept in getattr(self, group):
            if concept.id == concept_id:
                return concept
        raise KeyError(f"no {group} concept '{concept_id}'")

    def chapter_name(self, label: str) -> str:
        return self.chapters.get(label, "")


GROUPS = ("innovation_types", "actors", "purposes", "phases", "obstacles", "advice",
          "leadership_tasks")
CONCEPT_FIELDS = ("id", "name", "explanation", "danish", "question", "slide", "chapter")


def load_concepts(path: Path | None = None, language: str | None = None) -> Concepts:
    """The lecture's concepts in ``language`` (by default the language data files are being
    read in; see ``datafiles.in_language``)."""
    path = path or data_dir() / "concepts.yaml"
    return _load(path.resolve(), language_or_current(language))


@lru_cache(maxsize=16)
def _load(path: Path, language: str) -> Concepts:
    with in_language(language):
        return _read(path, language)


def _read(path: Path, language: str) -> Concepts:
    reader = EntryReader.for_file(path, load_yaml_file(path))
    reader.only_fields((*GROUPS, "chapters"))
    chapter_reader = reader.sub("chapters")
    chapters = {str(key): chapter_reader.text(str(key)) for key in chapter_reader.mapping}
    groups = {}
    for group in GROUPS:
        concepts = []
        for item in reader.entries(group, min_items=2, key="id"):
            item.only_fields(CONCEPT_FIELDS)
            concept = Concept(
                id=item.text("id"), name=item.text("name"),
                explanation=item.text("explanation", required=group != "actors"),
                danish=item.text("danish", required=False),
                question=item.text("question", required=group == "purposes"),
                slide=item.integer("slide", minimum=1, maximum=16),
                chapter=item.text("chapter", required=group != "actors"),
                language=language,
            )
            if concept.chapter and concept.chapter not in chapters:
                item.fail("chapter", f"'{concept.chapter}' is not one of the chapters listed "
                          "under 'chapters'")
            if concept.id in {c.id for c in concepts}:
                item.fail("id", f"'{concept.id}' is used twice in {group}")
            concepts.append(concept)
        groups[group] = tuple(concepts)
    return Concepts(chapters=chapters, language=language, **groups)
