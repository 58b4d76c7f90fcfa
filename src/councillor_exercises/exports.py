"""Machine-readable exports: a small block that every file a group downloads carries beside its
readable text, so that a facilitator's debrief (``councillor_exercises.debrief``) can read the
groups' answers back exactly as the engine holds them.

The block is one JSON object::

    {"format": "course-export", "version": 1, "exercise": "diagnose-a-case",
     "language": "da", "case": "fredericia-rehabilitation", "group": "Gruppe 3",
     "answers": {...the engine's answer dataclass as plain JSON...}}

In Markdown it is an HTML comment on the file's last line (a Markdown viewer does not show
it); in a printable page it is a ``<script type="application/json" id="course-export">``
before ``</body>`` (a browser does not run it). The JSON is written in ASCII with ``<``, ``>``,
``&`` and ``--`` escaped, so no text a learner typed can end the comment or the script, or
start markup: their words travel as data, never as markup.

Pure functions only: no widget, no file system. Errors are ``ExportError`` with a code and the
field at fault; the words a person reads are the debrief's (data/ui/debrief.yaml).
"""

from __future__ import annotations

import dataclasses
import json
import math
import re
import types
import typing
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from .datafiles import LANGUAGES

if TYPE_CHECKING:   # the engines load when an export is read, not when an app starts
    from .committee import Design
    from .diagnosis import Diagnosis
    from .sorting import SortingAnswer
    from .week import PlanAnswer, WeekAnswer

FORMAT = "course-export"
VERSION = 1
# The exercises, by the name of their page and app (data/facilitator/exercises.yaml).
SORTING, DIAGNOSIS, COMMITTEE, WEEK = ("service-or-policy", "diagnose-a-case",
                                       "design-a-committee", "your-week")
EXERCISES = (SORTING, DIAGNOSIS, COMMITTEE, WEEK)
FIELDS = ("format", "version", "exercise", "language", "case", "group", "answers")

MARKDOWN_START = "<!-- course-export: "
MARKDOWN_END = " -->"
HTML_START = '<script type="application/json" id="course-export">'
HTML_END = "</script>"
# A file that mentions the block's marker claims to carry one: if it cannot be read, the block
# is broken (not a foreign file).
_MARKER = re.compile(r"<!--\s*course-export\b|id=[\"']course-export[\"']")
_MARKDOWN_BLOCK = re.compile(r"^<!-- course-export: (.*?) -->[ \t]*\r?$", re.MULTILINE)
_HTML_BLOCK = re.compile(r'<script type="application/json" id="course-export">(.*?)</script>',
                         re.DOTALL)


class ExportError(ValueError):
    """A block that cannot be used. ``problem`` is one of: no_block, several_blocks, bad_json,
    not_object, wrong_format, wrong_version, missing_field, bad_field; ``field`` names the field
    at fault (``answers.actors.choices[2][1]``), ``value`` what was found (version numbers)."""

    def __init__(self, problem: str, field: str = "", value: object = None) -> None:
        super().__init__(problem, field, value)
        self.problem, self.field, self.value = problem, field, value

    def __str__(self) -> str:      # for tracebacks and logs; people read the debrief's words
        return f"{self.problem}: {self.field}" if self.field else self.problem


@dataclass(frozen=True)
class Export:
    """One group's answers to one exercise, as the block carries them."""

    exercise: str
    answers: dict[str, Any]
    case: str = ""          # the case (diagnosis) or challenge (committee); '' where none
    group: str = ""
    language: str = "en"
    version: int = VERSION

    def stamped(self, group: str, language: str) -> "Export":
        """The same answers, signed with the group's name and the app's language."""
        return dataclasses.replace(self, group=group, language=language)

    def block(self) -> dict[str, Any]:
        return {"format": FORMAT, "version": self.version, "exercise": self.exercise,
                "language": self.language, "case": self.case, "group": self.group,
                "answers": plain(self.answers)}


# ------------------------------------------------------------------------------ plain data

def plain(value: Any) -> Any:
    """``value`` as plain JSON types: dataclasses and mappings as objects, tuples as lists,
    finite numbers as numbers, anything else as its text. Never raises."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, dict):
        return {str(key): plain(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [plain(item) for item in value]
    if value is None or isinstance(value, (bool, str)):
        return value
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        return value if math.isfinite(value) else str(value)
    return str(value)


def _scalar(value: Any) -> bool:
    return value is None or isinstance(value, (bool, str, int, float))


def from_plain(kind: Any, value: Any, where: str) -> Any:
    """``value`` (plain JSON) read back as ``kind`` (an answer dataclass or a part of one),
    checking every field's type; a misfit raises ExportError('bad_field', where)."""
    origin = typing.get_origin(kind)
    if kind is Any or kind is object:
        if not _scalar(value):
            raise ExportError("bad_field", where)
        return value
    if dataclasses.is_dataclass(kind):
        if not isinstance(value, dict):
            raise ExportError("bad_field", where)
        hints = typing.get_type_hints(kind)
        names = {f.name for f in dataclasses.fields(kind) if f.init}
        unknown = sorted(set(value) - names)
        if unknown:
            raise ExportError("bad_field", f"{where}.{unknown[0]}")
        missing = sorted(names - set(value))
        if missing:
            raise ExportError("missing_field", f"{where}.{missing[0]}")
        return kind(**{name: from_plain(hints[name], value[name], f"{where}.{name}")
                       for name in names})
    if origin is tuple:
        if not isinstance(value, list):
            raise ExportError("bad_field", where)
        args = typing.get_args(kind)
        if len(args) == 2 and args[1] is Ellipsis:
            return tuple(from_plain(args[0], item, f"{where}[{i}]") for i, item in enumerate(value))
        if len(value) != len(args):
            raise ExportError("bad_field", where)
        return tuple(from_plain(arg, item, f"{where}[{i}]")
                     for i, (arg, item) in enumerate(zip(args, value)))
    if origin in (typing.Union, types.UnionType):
        for arg in typing.get_args(kind):
            try:
                return from_plain(arg, value, where)
            except ExportError:
                continue
        raise ExportError("bad_field", where)
    if kind is type(None):
        if value is not None:
            raise ExportError("bad_field", where)
        return None
    if kind is bool:
        if not isinstance(value, bool):
            raise ExportError("bad_field", where)
        return value
    if kind is int:
        if isinstance(value, bool) or not isinstance(value, int):
            raise ExportError("bad_field", where)
        return value
    if kind is float:
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise ExportError("bad_field", where)
        return float(value)
    if kind is str:
        if not isinstance(value, str):
            raise ExportError("bad_field", where)
        return value
    raise ExportError("bad_field", where)     # a kind this reader does not know


# ------------------------------------------------------------------------------ per exercise

@dataclass(frozen=True)
class WeekAndPlan:
    """The week exercise's two answers: the hours and the action plan."""

    week: "WeekAnswer"
    plan: "PlanAnswer"


def answer_type(exercise: str) -> type:
    """The engine's answer type of an exercise: what ``answers`` holds, and is read back as."""
    if exercise == SORTING:
        from .sorting import SortingAnswer
        return SortingAnswer
    if exercise == DIAGNOSIS:
        from .diagnosis import Diagnosis
        return Diagnosis
    if exercise == COMMITTEE:
        from .committee import Design
        return Design
    if exercise == WEEK:
        return WeekAndPlan
    raise ExportError("bad_field", "exercise", exercise)


def sorting_export(answer: "SortingAnswer") -> Export:
    return Export(SORTING, plain(answer))


def diagnosis_export(case_id: str, diagnosis: "Diagnosis") -> Export:
    return Export(DIAGNOSIS, plain(diagnosis), case=case_id)


def committee_export(design: "Design") -> Export:
    """A committee's design; its challenge (a challenge id, 'own' or '') is the block's case."""
    return Export(COMMITTEE, plain(design), case=str(design.challenge or ""))


def week_export(week: "WeekAnswer", plan: "PlanAnswer") -> Export:
    return Export(WEEK, plain(WeekAndPlan(week, plan)))


def answer_of(export: Export) -> Any:
    """The engine's answer object of an export (a Diagnosis, a Design, a SortingAnswer or a
    WeekAndPlan); ExportError names the field that does not fit."""
    if export.exercise == WEEK:
        from .week import PlanAnswer, WeekAnswer

        answers = export.answers
        for name in ("week", "plan"):
            if name not in answers:
                raise ExportError("missing_field", f"answers.{name}")
        unknown = sorted(set(answers) - {"week", "plan"})
        if unknown:
            raise ExportError("bad_field", f"answers.{unknown[0]}")
        return WeekAndPlan(from_plain(WeekAnswer, answers["week"], "answers.week"),
                           from_plain(PlanAnswer, answers["plan"], "answers.plan"))
    return from_plain(answer_type(export.exercise), export.answers, "answers")


# ------------------------------------------------------------------------------ writing

def to_json(block: dict[str, Any]) -> str:
    """The block on one line, safe inside an HTML comment and an HTML script element."""
    text = json.dumps(plain(block), ensure_ascii=True, separators=(",", ":"))
    # '<', '>' and '&' only occur inside strings, where \\uXXXX means the same character;
    # '--' outside a string cannot occur in JSON (no number starts with two signs).
    return (text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")
            .replace("--", "-\\u002d"))


def markdown_with_block(markdown: str, export: Export) -> str:
    """The Markdown file with the block as an HTML comment on its last line."""
    return (markdown.rstrip("\n") + "\n\n" + MARKDOWN_START + to_json(export.block())
            + MARKDOWN_END + "\n")


def html_with_block(page: str, export: Export) -> str:
    """The printable page with the block as a JSON script element before ``</body>``."""
    script = HTML_START + to_json(export.block()) + HTML_END
    cut = page.rfind("</body>")
    if cut < 0:
        return page + script + "\n"
    return page[:cut] + script + "\n" + page[cut:]


# ------------------------------------------------------------------------------ reading

def has_marker(text: str) -> bool:
    """True when the text claims to carry a block (even a broken one)."""
    return bool(_MARKER.search(text))


def find_block(text: str) -> str:
    """The block's JSON text in a downloaded file (Markdown or HTML)."""
    found = ([m.group(1) for m in _MARKDOWN_BLOCK.finditer(text)]
             + [m.group(1) for m in _HTML_BLOCK.finditer(text)])
    if not found:
        raise ExportError("bad_json" if has_marker(text) else "no_block")
    if len(set(found)) > 1:
        raise ExportError("several_blocks")
    return found[0]


def parse_block(raw: str) -> Export:
    """A block's JSON text read and checked: its format, version, fields and answers."""
    try:
        data = json.loads(raw)
    except (json.JSONDecodeError, RecursionError):
        raise ExportError("bad_json") from None
    if not isinstance(data, dict):
        raise ExportError("not_object")
    if data.get("format") != FORMAT:
        raise ExportError("wrong_format" if "format" in data else "missing_field", "format")
    if "version" not in data:
        raise ExportError("missing_field", "version")
    version = data["version"]
    if isinstance(version, bool) or not isinstance(version, int) or version != VERSION:
        raise ExportError("wrong_version", "version", version)
    for name in FIELDS:
        if name not in data:
            raise ExportError("missing_field", name)
    unknown = sorted(set(data) - set(FIELDS))
    if unknown:
        raise ExportError("bad_field", unknown[0])
    if data["exercise"] not in EXERCISES:
        raise ExportError("bad_field", "exercise", data["exercise"])
    if data["language"] not in LANGUAGES:
        raise ExportError("bad_field", "language", data["language"])
    for name in ("case", "group"):
        if not isinstance(data[name], str):
            raise ExportError("bad_field", name)
    if not isinstance(data["answers"], dict):
        raise ExportError("bad_field", "answers")
    export = Export(data["exercise"], data["answers"], data["case"], data["group"],
                    data["language"], version)
    answer_of(export)          # the answers must fit the engine's answer type
    return export


def read_export(text: str) -> Export:
    """The export a downloaded file carries; ExportError says why there is none."""
    return parse_block(find_block(text))


__all__ = [
    "COMMITTEE", "DIAGNOSIS", "EXERCISES", "Export", "ExportError", "FORMAT",
    "SORTING", "VERSION", "WEEK", "WeekAndPlan", "answer_of", "answer_type", "committee_export",
    "diagnosis_export", "find_block", "from_plain", "has_marker", "html_with_block",
    "markdown_with_block", "parse_block", "plain", "read_export", "sorting_export", "to_json",
    "week_export",
]
