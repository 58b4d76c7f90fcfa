"""The facilitator's session plans (data/facilitator/sessions.yaml) and the time each exercise
takes (data/facilitator/exercises.yaml).

The exercise times are the one source for the exercise pages' "Time" lines and for the plans:
an exercise block of a plan lasts exactly the exercise's minutes (alone or in a group) plus the
extra minutes it names (to form the groups, a short talk, ...) plus its debrief. A plan whose
blocks leave a gap, overlap, do not add up to the session's length or disagree with the
exercise times is refused with a message naming the file, the entry and the field, as is a text
missing in one of the course's languages.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from .datafiles import (LANGUAGES, DataError, EntryReader, data_dir, in_language,
                        language_or_current, load_yaml_file)

MODES = ("alone", "group")
LONGEST_SESSION = 8 * 60          # minutes; a longer "session" is a typing mistake
EXERCISE_FIELDS = ("id", "page", "alone", "group")
PLAN_FIELDS = ("id", "reading", "preparation", "materials", "groups", "between",
               "sessions", "follow_up")
SESSION_FIELDS = ("title", "length", "blocks")
BLOCK_FIELDS = ("start", "length", "title", "what", "talking_points", "grouping", "exercise",
                "mode", "extras", "debrief", "offline")
CLOCK = re.compile(r"^\s*(\d+):([0-5]\d)\s*$")


def facilitator_dir() -> Path:
    return data_dir() / "facilitator"


# --- How long each exercise takes ---------------------------------------------------------

@dataclass(frozen=True)
class ExerciseTime:
    id: str        # the exercise's page and app name, e.g. 'diagnose-a-case'
    page: str      # the label of its page, e.g. 'ex-diagnose'
    alone: int     # minutes for one person alone
    group: int     # minutes for a group at one laptop, without the debrief

    def minutes(self, mode: str) -> int:
        return self.alone if mode == "alone" else self.group


def load_exercise_times(path: Path | None = None) -> dict[str, ExerciseTime]:
    """Every exercise's minutes, by exercise id (numbers only: no language)."""
    path = (path or facilitator_dir() / "exercises.yaml").resolve()
    return dict(_exercise_times(path, path.stat().st_mtime_ns))


@lru_cache(maxsize=8)
def _exercise_times(path: Path, _stamp: int) -> tuple[tuple[str, ExerciseTime], ...]:
    reader = EntryReader.for_file(path, load_yaml_file(path))
    reader.only_fields(("exercises",))
    times: dict[str, ExerciseTime] = {}
    for item in reader.entries("exercises", min_items=1, key="id"):
        item.only_fields(EXERCISE_FIELDS)
        exercise_id = item.text("id", max_length=60)
        if exercise_id in times:
            item.fail("id", f"'{exercise_id}' is listed twice")
        times[exercise_id] = ExerciseTime(
            id=exercise_id,
            page=item.text("page", max_length=60),
            alone=item.integer("alone", minimum=1, maximum=LONGEST_SESSION),
            group=item.integer("group", minimum=1, maximum=LONGEST_SESSION),
        )
    return tuple(times.items())


def minutes_substitutions(path: Path | None = None) -> dict[str, int]:
    """The MyST substitutions that let a page state an exercise's time from the data:
    ``minutes_alone_diagnose_a_case``, ``minutes_group_diagnose_a_case`` and so on."""
    result = {}
    for exercise in load_exercise_times(path).values():
        name = exercise.id.replace("-", "_")
        result[f"minutes_alone_{name}"] = exercise.alone
        result[f"minutes_group_{name}"] = exercise.group
    return result


# --- Session plans -------------------------------------------------------------------------

@dataclass(frozen=True)
class Extra:
    name: str        # what the minutes are for, e.g. "to form the groups"
    minutes: int


@dataclass(frozen=True)
class Debrief:
    minutes: int
    questions: tuple[str, ...]


@dataclass(frozen=True)
class Block:
    start: int                       # minutes from the start of the session
    length: int
    title: str
    what: str                        # what happens
    talking_points: tuple[str, ...]
    grouping: str = ""               # who works with whom ('' if the block says nothing)
    exercise: ExerciseTime | None = None
    mode: str = ""                   # 'alone' or 'group' for an exercise block
    extras: tuple[Extra, ...] = ()
    debrief: Debrief | None = None
    offline: str = ""                # what to do in this block if the network fails

    @property
    def end(self) -> int:
        return self.start + self.length

    @property
    def exercise_minutes(self) -> int:
        return self.exercise.minutes(self.mode) if self.exercise else 0


@dataclass(frozen=True)
class Session:
    title: str                       # '' when the plan has a single session
    length: int
    blocks: tuple[Block, ...]


@dataclass(frozen=True)
class FollowUp:
    first_week: int
    last_week: int
    minutes: int
    text: str
    steps: tuple[str, ...]


@dataclass(frozen=True)
class Plan:
    id: str
    reading: str
    preparation: tuple[str, ...]
    materials: tuple[str, ...]
    groups: tuple[str, ...]
    between: str                     # between the sessions of a series ('' for one session)
    sessions: tuple[Session, ...]
    follow_up: FollowUp
    ground_rules: tuple[str, ...]    # shared by every plan of the file
    fallback: tuple[str, ...]        # shared: when the network or Binder fails
    language: str = "en"

    @property
    def length(self) -> int:
        return sum(session.length for session in self.sessions)


def load_plans(path: Path | None = None, exercises: Path | None = None,
               language: str | None = None) -> dict[str, Plan]:
    """Every session plan, by id, in ``language`` (by default the language data files are
    being read in). The file is checked in every language of the course, so a text missing in
    Danish is refused even when the English edition asks."""
    path = (path or facilitator_dir() / "sessions.yaml").resolve()
    exercises = (exercises or facilitator_dir() / "exercises.yaml").resolve()
    language = language_or_current(language)
    stamp = (path.stat().st_mtime_ns, exercises.stat().st_mtime_ns)
    for other in LANGUAGES:
        _plans(path, exercises, other, stamp)
    return dict(_plans(path, exercises, language, stamp))


def load_plan(plan_id: str, language: str | None = None) -> Plan:
    plans = load_plans(language=language)
    if plan_id not in plans:
        raise KeyError(f"no session plan '{plan_id}'; the plans are: {', '.join(plans)}")
    return plans[plan_id]


@lru_cache(maxsize=16)
def _plans(path: Path, exercises: Path, language: str,
           _stamp: tuple[int, int]) -> tuple[tuple[str, Plan], ...]:
    times = load_exercise_times(exercises)
    with in_language(language):
        reader = EntryReader.for_file(path, load_yaml_file(path))
        reader.only_fields(("ground_rules", "fallback", "plans"))
        ground_rules = tuple(reader.text_list("ground_rules", min_items=1))
        fallback = tuple(reader.text_list("fallback", min_items=1))
        plans: dict[str, Plan] = {}
        for item in reader.entries("plans", min_items=1, key="id"):
            plan = _plan(item, times, ground_rules, fallback, language)
            if plan.id in plans:
                item.fail("id", f"'{plan.id}' is used by another plan")
            plans[plan.id] = plan
    return tuple(plans.items())


def _plan(item: EntryReader, times: dict[str, ExerciseTime], ground_rules: tuple[str, ...],
          fallback: tuple[str, ...], language: str) -> Plan:
    item.only_fields(PLAN_FIELDS)
    sessions = item.entries("sessions", min_items=1, key="title")
    several = len(sessions) > 1
    follow = item.sub("follow_up")
    follow.only_fields(("first_week", "last_week", "minutes", "text", "steps"))
    first_week = follow.integer("first_week", minimum=1, maximum=26)
    return Plan(
        id=item.text("id", max_length=60),
        reading=item.text("reading"),
        preparation=tuple(item.text_list("preparation", min_items=1)),
        materials=tuple(item.text_list("materials", min_items=1)),
        groups=tuple(item.text_list("groups", min_items=1)),
        between=item.text("between", required=several),
        sessions=tuple(_session(session, times, several) for session in sessions),
        follow_up=FollowUp(
            first_week=first_week,
            last_week=follow.integer("last_week", minimum=first_week, maximum=26),
            minutes=follow.integer("minutes", minimum=5, maximum=LONGEST_SESSION),
            text=follow.text("text"),
            steps=tuple(follow.text_list("steps", min_items=1)),
        ),
        ground_rules=ground_rules,
        fallback=fallback,
        language=language,
    )


def _session(item: EntryReader, times: dict[str, ExerciseTime], several: bool) -> Session:
    item.only_fields(SESSION_FIELDS)
    title = item.text("title", required=several, max_length=80)
    length = item.integer("length", minimum=5, maximum=LONGEST_SESSION)
    blocks: list[Block] = []
    for entry in item.entries("blocks", min_items=1, key="title"):
        block = _block(entry, times)
        expected = blocks[-1].end if blocks else 0
        if block.start != expected:
            where = (f"the block before ends at {clock(expected)}" if blocks
                     else f"a session starts at {clock(0)}")
            kind = "a gap" if block.start > expected else "an overlap"
            entry.fail("start", f"is {clock(block.start)}, but {where}: {kind} of "
                       f"{abs(block.start - expected)} minutes")
        blocks.append(block)
    total = blocks[-1].end
    if total != length:
        item.fail("length", f"is {length} minutes, but the blocks add up to {total} minutes "
                  f"(they end at {clock(total)})")
    return Session(title=title, length=length, blocks=tuple(blocks))


def _block(item: EntryReader, times: dict[str, ExerciseTime]) -> Block:
    item.only_fields(BLOCK_FIELDS)
    start = _minutes_from_start(item)
    length = item.integer("length", minimum=1, maximum=LONGEST_SESSION)
    extras = tuple(_extra(extra) for extra in item.entries("extras", required=False, key="name"))
    debrief = None
    if item.has("debrief"):
        sub = item.sub("debrief")
        sub.only_fields(("minutes", "questions"))
        debrief = Debrief(minutes=sub.integer("minutes", minimum=1, maximum=LONGEST_SESSION),
                          questions=tuple(sub.text_list("questions", min_items=1)))
    exercise = None
    mode = ""
    if item.has("exercise"):
        exercise = times[item.choice("exercise", sorted(times))]
        mode = item.choice("mode", MODES)
    elif item.has("mode"):
        item.fail("mode", "is set, but the block names no exercise")
    added = sum(extra.minutes for extra in extras) + (debrief.minutes if debrief else 0)
    if exercise is not None:
        expected = exercise.minutes(mode) + added
        if length != expected:
            parts = [f"the exercise '{exercise.id}' takes {exercise.minutes(mode)} minutes "
                     f"({'alone' if mode == 'alone' else 'in a group'}, from exercises.yaml)"]
            parts += [f"{extra.minutes} for '{extra.name}'" for extra in extras]
            if debrief:
                parts.append(f"{debrief.minutes} for the debrief")
            item.fail("length", f"is {length} minutes, but {' + '.join(parts)} make "
                      f"{expected}")
    elif added > length:
        item.fail("length", f"is {length} minutes, fewer than its extras and debrief "
                  f"({added} minutes)")
    return Block(
        start=start,
        length=length,
        title=item.text("title", max_length=100),
        what=item.text("what"),
        talking_points=tuple(item.text_list("talking_points", required=False)),
        grouping=item.text("grouping", required=False),
        exercise=exercise,
        mode=mode,
        extras=extras,
        debrief=debrief,
        offline=item.text("offline", required=False),
    )


def _extra(item: EntryReader) -> Extra:
    item.only_fields(("name", "minutes"))
    return Extra(name=item.text("name", max_length=80),
                 minutes=item.integer("minutes", minimum=1, maximum=LONGEST_SESSION))


def _minutes_from_start(item: EntryReader) -> int:
    """A block's start: "h:mm" from the start of the session (YAML may already have read an
    unquoted 1:30 as 90, which is the same thing) or a whole number of minutes."""
    value = item.mapping.get("start")
    if value is None:
        item.fail("start", "is missing")
    if isinstance(value, int) and not isinstance(value, bool) and value >= 0:
        return value
    match = CLOCK.match(value) if isinstance(value, str) else None
    if match is None:
        item.fail("start", f"is {value!r}; write the time from the start of the session as "
                  f"h:mm, e.g. \"0:10\" or \"1:30\"")
    return int(match.group(1)) * 60 + int(match.group(2))


def clock(minutes: int) -> str:
    """Minutes from the start as h:mm (for messages; pages write times from data/ui)."""
    return f"{minutes // 60}:{minutes % 60:02d}"


__all__ = ["Block", "DataError", "Debrief", "ExerciseTime", "Extra", "FollowUp", "Plan",
           "Session", "clock", "load_exercise_times", "load_plan", "load_plans",
           "minutes_substitutions"]
