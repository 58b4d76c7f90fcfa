"""The cases of the diagnosis exercise (data/cases/<id>.yaml, one file a case).

A case is a short story about a municipality, the lines of it that count as evidence, and an
expert reading of it through the lecture's lenses. Every file is validated when it is loaded and
cross-checked against the lecture's concepts (data/concepts.yaml), so a facilitator who adds or
edits a case gets a message naming the file, the entry and the field of anything wrong.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from .concepts import Concepts, load_concepts
from .datafiles import (LANGUAGES, DataError, EntryReader, data_dir, in_language,
                        language_or_current, load_yaml_file, yaml_files_in)

__all__ = [
    "AcceptedType", "ActorReading", "Case", "CaseInOtherLanguage", "CaseLibrary", "EvidenceLine", "ObstacleReading", "PhaseReading",
    "Source", "TaskReading", "TypeReading", "ACTOR_IMPORTANCE", "PHASE_IMPORTANCE",
    "STORY_WORDS", "cases_dir", "story_segments", "load_case", "load_case_file",
    "load_case_library",
    "load_cases", "word_count",
]

# A story long enough to carry the details the expert reading rests on, short enough to read
# aloud in a workshop (about two to three minutes).
STORY_WORDS = (300, 600)

# How much an actor matters to the expert reading: a key actor is expected, a useful one is
# welcome, and the case gives little reason for the rest.
ACTOR_IMPORTANCE = ("key", "useful", "little")
# How much collaboration in a phase matters to the expert reading (exactly one is 'most').
PHASE_IMPORTANCE = ("most", "also", "less")

_ID = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")

CASE_FIELDS = ("id", "title", "municipality", "sector", "fictional", "about", "summary",
               "story", "evidence", "expert", "sources", "languages")
EXPERT_FIELDS = ("innovation_type", "actors", "phases", "obstacles", "leadership")


@dataclass(frozen=True)
class EvidenceLine:
    """A sentence or phrase of the story that the learner may cite as evidence."""

    id: str
    text: str
    number: int      # its place in the story, counted from 1 (shown as "line 1")


@dataclass(frozen=True)
class AcceptedType:
    """Another reading of the innovation type that the expert reading accepts as defensible."""

    types: tuple[str, ...]       # innovation_types ids: one of them, or both
    why: str                     # why it is defensible in this case


@dataclass(frozen=True)
class TypeReading:
    types: tuple[str, ...]       # innovation_types ids: one of them, or both
    why: str
    also_accepted: tuple[AcceptedType, ...] = ()

    def accepted(self, types: tuple[str, ...] | list[str]) -> AcceptedType | None:
        return next((a for a in self.also_accepted if set(a.types) == set(types)), None)


@dataclass(frozen=True)
class ActorReading:
    actor: str                   # actors id
    importance: str              # key | useful | little
    purposes: tuple[str, ...]    # purposes ids (empty for 'little')
    why: str                     # the case detail that decides it


@dataclass(frozen=True)
class PhaseReading:
    phase: str                   # phases id
    importance: str              # most | also | less
    why: str
    accepted_as_most: str = ""   # an 'also' phase that is a defensible answer for 'most': why


@dataclass(frozen=True)
class ObstacleReading:
    obstacle: str                # obstacles id
    present: bool
    lines: tuple[str, ...]       # evidence ids that show it (empty when absent)
    why: str
    # An absent obstacle that a learner may defensibly see in these lines, and why.
    accepted_lines: tuple[str, ...] = ()
    accepted_why: str = ""


@dataclass(frozen=True)
class TaskReading:
    task: str                    # leadership_tasks id
    model_answer: str
    checklist: tuple[str, ...]   # what a strong answer contains


@dataclass(frozen=True)
class Source:
    title: str
    url: str = ""
    supports: str = ""           # which facts of the case it backs


@dataclass(frozen=True)
class Case:
    id: str
    title: str
    municipality: str
    sector: str
    fictional: bool
    about: str                   # shown to the learner: invented or real, and what is whose
    summary: str                 # one or two sentences for the case chooser
    story: tuple[str, ...]       # paragraphs
    evidence: tuple[EvidenceLine, ...]
    innovation_type: TypeReading
    actors: tuple[ActorReading, ...]
    phases: tuple[PhaseReading, ...]
    obstacles: tuple[ObstacleReading, ...]
    leadership: tuple[TaskReading, ...]
    sources: tuple[Source, ...]
    source_file: str = ""
    language: str = "en"         # the language the case's texts were read in

    @property
    def word_count(self) -> int:
        return word_count(" ".join(self.story))

    def evidence_line(self, line_id: str) -> EvidenceLine | None:
        return next((line for line in self.evidence if line.id == line_id), None)

    def actor_reading(self, actor_id: str) -> ActorReading | None:
        return next((r for r in self.actors if r.actor == actor_id), None)

    def phase_reading(self, phase_id: str) -> PhaseReading | None:
        return next((r for r in self.phases if r.phase == phase_id), None)

    def obstacle_reading(self, obstacle_id: str) -> ObstacleReading | None:
        return next((r for r in self.obstacles if r.obstacle == obstacle_id), None)

    def task_reading(self, task_id: str) -> TaskReading | None:
        return next((r for r in self.leadership if r.task == task_id), None)

    @property
    def most_phase(self) -> PhaseReading:
        return next(r for r in self.phases if r.importance == "most")


class CaseInOtherLanguage(DataError):
    """A case written for other editions only (its optional ``languages: [da]``, e.g. a local
    case a facilitator wrote in Danish): that edition leaves it out quietly, not as refused."""


@dataclass(frozen=True)
class CaseLibrary:
    """The cases that loaded, and the files refused with the reason (shown by the exercise)."""

    cases: tuple[Case, ...]
    refused: tuple[DataError, ...]
    other_languages: tuple[str, ...] = ()   # ids of cases written for another edition only

    def get(self, case_id: str) -> Case | None:
        return next((case for case in self.cases if case.id == case_id), None)


def story_segments(case: Case) -> list[list[tuple[str, EvidenceLine | None]]]:
    """The story cut into pieces for display: per paragraph, plain runs of text and evidence
    lines (with their number), in reading order, so every renderer marks the same lines."""
    result = []
    for paragraph in case.story:
        places = sorted((paragraph.find(line.text), line) for line in case.evidence
                        if line.text in paragraph)
        pieces, cursor = [], 0
        for start, line in places:
            if start > cursor:
                pieces.append((paragraph[cursor:start], None))
            pieces.append((line.text, line))
            cursor = start + len(line.text)
        if cursor < len(paragraph):
            pieces.append((paragraph[cursor:], None))
        result.append(pieces)
    return result


def word_count(text: str) -> int:
    """Words as a reader counts them: runs of characters between spaces."""
    return len(text.split())


def _squash(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def cases_dir() -> Path:
    return data_dir() / "cases"


def load_case_file(path: Path, concepts: Concepts | None = None,
                   language: str | None = None) -> Case:
    """Read and validate one case file in ``language`` (by default the concepts' language, or
    the one data files are being read in); raises DataError naming the file, entry and field."""
    if language is None and concepts is not None:
        language = concepts.language
    language = language_or_current(language)
    concepts = concepts or load_concepts(language=language)
    with in_language(language):
        return _read_case(path, concepts, language)


def _read_case(path: Path, concepts: Concepts, language: str) -> Case:
    reader = EntryReader.for_file(path, load_yaml_file(path))
    reader.only_fields(CASE_FIELDS)

    case_id = reader.text("id")
    if not _ID.match(case_id):
        reader.fail("id", f"'{case_id}' must be lower-case letters, digits and hyphens, "
                    "such as 'fjordby-climate'")
    if case_id != path.stem:
        reader.fail("id", f"is '{case_id}' but the file is named '{path.name}'; the id and the "
                    f"file name must match (rename the file to '{case_id}.yaml')")
    reader = EntryReader(reader.source, case_id, reader.mapping, reader.language)
    languages = reader.text_list("languages", required=False, choices=LANGUAGES)
    if languages and language not in languages:
        raise CaseInOtherLanguage(reader.source, case_id, "languages",
                                  f"the case is written for {', '.join(languages)} only, so "
                                  f"the '{language}' edition leaves it out")

    title = reader.text("title", max_length=120)
    municipality = reader.text("municipality", max_length=80)
    sector = reader.text("sector", max_length=80)
    fictional = reader.boolean("fictional")
    about = reader.text("about", max_length=800)
    summary = reader.text("summary", max_length=400)

    story = tuple(_squash(p) for p in reader.text_list("story", min_items=1))
    words = word_count(" ".join(story))
    low, high = STORY_WORDS
    if not low <= words <= high:
        reader.fail("story", f"has {words} words; a story must have {low} to {high} words")
    evidence_readers = reader.entries("evidence", min_items=3, key="id")
    found: list[tuple[str, str, int, int]] = []      # id, text, paragraph, offset
    for item in evidence_readers:
        item.only_fields(("id", "text"))
        line_id = item.text("id")
        if not _ID.match(line_id):
            item.fail("id", f"'{line_id}' must be lower-case letters, digits and hyphens")
        if line_id in {f[0] for f in found}:
            item.fail("id", f"'{line_id}' is used by two evidence lines")
        text = _squash(item.text("text", max_length=300))
        place = next(((number, paragraph.find(text)) for number, paragraph in enumerate(story)
                      if text in paragraph), None)
        if place is None:
            item.fail("text", f"'{text}' is not in the story word for word (within one "
                      "paragraph); copy the line from the story exactly")
        for other_id, other_text, paragraph, offset in found:
            if paragraph == place[0] and offset < place[1] + len(text) and \
                    place[1] < offset + len(other_text):
                item.fail("text", f"overlaps the evidence line '{other_id}'; evidence lines "
                          "must not overlap")
        found.append((line_id, text, *place))
    found.sort(key=lambda f: (f[2], f[3]))
    evidence = tuple(EvidenceLine(line_id, text, number)
                     for number, (line_id, text, _, _) in enumerate(found, start=1))
    evidence_ids = [line.id for line in evidence]

    expert = reader.sub("expert")
    expert.only_fields(EXPERT_FIELDS)
    innovation_type = _type_reading(expert.sub("innovation_type"), concepts)
    actors = _actor_readings(expert, concepts)
    phases = _phase_readings(expert, concepts)
    obstacles = _obstacle_readings(expert, concepts, evidence_ids)
    leadership = _task_readings(expert, concepts)

    sources = []
    for item in reader.entries("sources", min_items=1, key="title"):
        item.only_fields(("title", "url", "supports"))
        url = item.text("url", required=False)
        if url and not url.startswith(("https://", "http://")):
            item.fail("url", f"'{url}' must be a web address starting with https://")
        sources.append(Source(item.text("title"), url, item.text("supports", required=False)))
    if not fictional and not any(s.url for s in sources):
        reader.fail("sources", "a real case (fictional: false) needs at least one source with "
                    "a url, so that every fact can be checked")

    return Case(case_id, title, municipality, sector, fictional, about, summary, story,
                evidence, innovation_type, actors, phases, obstacles, leadership,
                tuple(sources), reader.source, language)


def _types(item: EntryReader, concepts: Concepts) -> tuple[str, ...]:
    types = item.text_list("types", choices=concepts.ids("innovation_types"), min_items=1)
    if len(set(types)) != len(types):
        item.fail("types", "names the same type twice")
    return tuple(t for t in concepts.ids("innovation_types") if t in types)


def _type_reading(item: EntryReader, concepts: Concepts) -> TypeReading:
    item.only_fields(("types", "why", "also_accepted"))
    types = _types(item, concepts)
    accepted = []
    for entry in item.entries("also_accepted", required=False):
        entry.only_fields(("types", "why"))
        other = _types(entry, concepts)
        if set(other) == set(types) or other in {a.types for a in accepted}:
            entry.fail("types", "repeats the expert reading or another accepted reading")
        accepted.append(AcceptedType(other, entry.text("why")))
    return TypeReading(types, item.text("why"), tuple(accepted))


def _actor_readings(expert: EntryReader, concepts: Concepts) -> tuple[ActorReading, ...]:
    readings = []
    for item in expert.entries("actors", min_items=1, key="actor"):
        item.only_fields(("actor", "importance", "purposes", "why"))
        actor = item.choice("actor", concepts.ids("actors"))
        if actor in {r.actor for r in readings}:
            item.fail("actor", f"'{actor}' is listed twice")
        importance = item.choice("importance", ACTOR_IMPORTANCE)
        purposes = tuple(item.text_list("purposes", required=False,
                                        choices=concepts.ids("purposes")))
        if importance == "key" and not purposes:
            item.fail("purposes", "a key actor needs at least one purpose "
                      f"({', '.join(concepts.ids('purposes'))})")
        if importance == "little" and purposes:
            item.fail("purposes", "an actor the case gives little reason for has no purpose; "
                      "remove the purposes or make the actor 'useful'")
        readings.append(ActorReading(actor, importance, purposes, item.text("why")))
    if not any(r.importance == "key" for r in readings):
        expert.fail("actors", "at least one actor must be 'key'")
    return tuple(readings)


def _require_every(expert: EntryReader, field: str, rule: str, all_ids: list[str],
                   given: list[str]) -> None:
    """Refuse an expert reading that leaves out one of the lecture's options."""
    missing = [i for i in all_ids if i not in set(given)]
    if missing:
        expert.fail(field, f"{rule}; missing: {', '.join(missing)}")


def _in_concept_order(readings: list, order: list[str], key) -> tuple:
    """Readings sorted as the lecture lists the concepts, whatever order the file uses."""
    return tuple(sorted(readings, key=lambda r: order.index(key(r))))


def _phase_readings(expert: EntryReader, concepts: Concepts) -> tuple[PhaseReading, ...]:
    readings = []
    for item in expert.entries("phases", min_items=1, key="phase"):
        item.only_fields(("phase", "importance", "why", "accepted_as_most"))
        phase = item.choice("phase", concepts.ids("phases"))
        if phase in {r.phase for r in readings}:
            item.fail("phase", f"'{phase}' is listed twice")
        importance = item.choice("importance", PHASE_IMPORTANCE)
        accepted = item.text("accepted_as_most", required=False)
        if accepted and importance != "also":
            item.fail("accepted_as_most", "only a phase of importance 'also' can be accepted "
                      "as a defensible answer for the phase that matters most")
        readings.append(PhaseReading(phase, importance, item.text("why"), accepted))
    most = [r.phase for r in readings if r.importance == "most"]
    _require_every(expert, "phases", "every phase needs a reading",
                   concepts.ids("phases"), [r.phase for r in readings])
    if len(most) != 1:
        expert.fail("phases", f"exactly one phase must have importance 'most'; found {len(most)}")
    return _in_concept_order(readings, concepts.ids("phases"), lambda r: r.phase)


def _obstacle_readings(expert: EntryReader, concepts: Concepts,
                       evidence_ids: list[str]) -> tuple[ObstacleReading, ...]:
    readings = []
    for item in expert.entries("obstacles", min_items=1, key="obstacle"):
        item.only_fields(("obstacle", "present", "lines", "why", "accepted_lines",
                          "accepted_why"))
        obstacle = item.choice("obstacle", concepts.ids("obstacles"))
        if obstacle in {r.obstacle for r in readings}:
            item.fail("obstacle", f"'{obstacle}' is listed twice")
        present = item.boolean("present")
        lines = tuple(item.text_list("lines", required=False))
        for line in lines:
            if line not in evidence_ids:
                item.fail("lines", f"'{line}' is not the id of one of this case's evidence "
                          f"lines ({', '.join(evidence_ids)})")
        if present and not lines:
            item.fail("lines", "an obstacle that is present needs the evidence line(s) that "
                      "show it")
        if not present and lines:
            item.fail("lines", "an absent obstacle has no evidence lines; explain its absence "
                      "in 'why' instead")
        accepted = tuple(item.text_list("accepted_lines", required=False))
        for line in accepted:
            if line not in evidence_ids:
                item.fail("accepted_lines", f"'{line}' is not the id of one of this case's "
                          f"evidence lines ({', '.join(evidence_ids)})")
        if accepted and present:
            item.fail("accepted_lines", "only an absent obstacle can have accepted lines; a "
                      "present one lists the lines that show it under 'lines'")
        accepted_why = item.text("accepted_why", required=bool(accepted))
        if accepted_why and not accepted:
            item.fail("accepted_why", "explains accepted lines, but 'accepted_lines' is empty")
        readings.append(ObstacleReading(obstacle, present, lines, item.text("why"), accepted,
                                        accepted_why))
    _require_every(expert, "obstacles", "every obstacle needs a reading (present or absent)",
                   concepts.ids("obstacles"), [r.obstacle for r in readings])
    return _in_concept_order(readings, concepts.ids("obstacles"), lambda r: r.obstacle)


def _task_readings(expert: EntryReader, concepts: Concepts) -> tuple[TaskReading, ...]:
    readings = []
    for item in expert.entries("leadership", min_items=1, key="task"):
        item.only_fields(("task", "model_answer", "checklist"))
        task = item.choice("task", concepts.ids("leadership_tasks"))
        if task in {r.task for r in readings}:
            item.fail("task", f"'{task}' is listed twice")
        readings.append(TaskReading(task, item.text("model_answer", max_length=1500),
                                    tuple(item.text_list("checklist", min_items=2))))
    missing = [t for t in concepts.ids("leadership_tasks")
               if t not in {r.task for r in readings}]
    if missing:
        expert.fail("leadership", "every leadership task needs a model answer; missing: "
                    + ", ".join(missing))
    order = concepts.ids("leadership_tasks")
    return tuple(sorted(readings, key=lambda r: order.index(r.task)))


def load_case_library(folder: Path | None = None, language: str | None = None) -> CaseLibrary:
    """Every case file of the folder in ``language``: the valid ones, and the refused ones with
    the reason.

    The exercise uses this so that one broken file shows a message instead of stopping the
    others. Files whose names start with '_' (such as _scoring.yaml) are not cases; a case
    whose `languages` leave out ``language`` is left out quietly (`other_languages`)."""
    folder = folder or cases_dir()
    language = language_or_current(language)
    concepts = load_concepts(language=language)
    cases, refused, elsewhere = [], [], []
    for path in yaml_files_in(folder):
        try:
            cases.append(load_case_file(path, concepts, language))
        except CaseInOtherLanguage as error:
            elsewhere.append(error.entry)
        except DataError as error:
            refused.append(error)
    return CaseLibrary(tuple(cases), tuple(refused), tuple(elsewhere))


def load_cases(folder: Path | None = None, language: str | None = None) -> list[Case]:
    """Every case in ``language``, strictly: the first broken file raises its DataError."""
    library = load_case_library(folder, language)
    if library.refused:
        raise library.refused[0]
    return list(library.cases)


def load_case(case_id: str, folder: Path | None = None, language: str | None = None) -> Case:
    """One case by its id (the file data/cases/<id>.yaml), in ``language``."""
    language = language_or_current(language)
    folder = folder or cases_dir()
    path = folder / f"{case_id}.yaml"
    if not _ID.match(case_id) or not path.is_file():
        known = ", ".join(p.stem for p in yaml_files_in(folder))
        raise KeyError(f"no case '{case_id}'; the cases are: {known}")
    return load_case_file(path, language=language)
