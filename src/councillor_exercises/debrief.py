"""The facilitator's debrief: the files the groups downloaded, read back and set side by side.

The facilitator collects the groups' files (Markdown or printable pages) and picks the exercise.
``load_set`` reads each file's export block (``councillor_exercises.exports``) and refuses,
with a message that names the file and what is wrong, a file without a block, a broken block,
and a file of another exercise or (in the diagnosis) of another case; the rest load. The same
work sent twice counts once. ``debrief`` then computes what the plenary needs:

- diagnosis: how each group read the case beside the expert reading (innovation type, actors,
  phase, obstacles), which actors and phases they chose, and their scores;
- committee: each group's profile on the lecture's criteria, side by side, and its choices;
- sorting: how far the groups agree with each other and with the course, example by example;
- week: the hours per activity across the groups, and the steps of their action plans;
- for every exercise: where the class disagrees most, the questions whose answers are the most
  spread out, as the plenary's best questions.

Pure functions: files come in as (name, bytes) and nothing is written or sent anywhere. Every
word is from data/ui/debrief.yaml (and the exercises' own data), in the language asked for.
Charts are drawn from the ``ChartSpec``s by ``councillor_exercises.charts.debrief``. Plain
Python data throughout (records and small dataclasses, no pandas or numpy): the debrief also
runs in the reader's browser, where those are not there.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from statistics import median
from typing import Any, Iterable

from . import exports
from .datafiles import language_or_current
from .exports import COMMITTEE, DIAGNOSIS, EXERCISES, SORTING, WEEK, Export, ExportError
from .formats import number as format_number
from .formats import percent as format_percent
from .ui_text import UiText, ui_text

MAX_FILE_BYTES = 2_000_000     # a course file is some 10-100 kB; a bigger one is not ours
TOP_QUESTIONS = 5              # how many questions "where the class disagrees most" lists
SHORT_TEXT = 160               # an own step longer than this is cut in the tables ("…")
OPTION_TEXT = 70               # a suggested step, named in "how the groups answered"
GROUP_LABEL = 80               # a group's name longer than this is cut in the tables

LOADED, DUPLICATE, REFUSED = "loaded", "duplicate", "refused"


# ------------------------------------------------------------------------------ loading

@dataclass(frozen=True)
class FileReport:
    """What became of one file: loaded, counted once (the same work again) or refused."""

    name: str
    status: str           # LOADED, DUPLICATE or REFUSED
    message: str          # a sentence that names the file, in the debrief's language
    group: str = ""       # the group's label in the tables (a loaded file)


@dataclass(frozen=True)
class Submission:
    """One group's work, loaded."""

    file: str
    group: str            # the label in the tables: the group's name, made unique
    export: Export
    answer: Any           # the engine's answer object (exports.answer_of)


@dataclass(frozen=True)
class LoadedSet:
    exercise: str
    language: str
    case: str                              # the case of the set (diagnosis), else ''
    submissions: tuple[Submission, ...]
    files: tuple[FileReport, ...]
    # The case itself, as read while loading: the debrief need not read the case files again.
    case_data: Any = field(default=None, repr=False, compare=False)

    @property
    def groups(self) -> tuple[str, ...]:
        return tuple(s.group for s in self.submissions)

    def count(self, status: str) -> int:
        return sum(1 for f in self.files if f.status == status)


def words(language: str | None = None) -> UiText:
    return ui_text("debrief", language)


def exercise_name(exercise: str, language: str | None = None) -> str:
    return words(language)(f"exercise_{exercise}")


def _refusal(ui: UiText, error: ExportError) -> str:
    if error.problem == "wrong_version":
        found = error.value if isinstance(error.value, (int, str)) and \
            not isinstance(error.value, bool) else "?"
        return ui("refused_wrong_version", found=found, expected=exports.VERSION)
    if error.problem in ("missing_field", "bad_field"):
        return ui(f"refused_{error.problem}", field=error.field)
    return ui(f"refused_{error.problem}")


def _read(name: str, content: bytes, ui: UiText) -> Export | str:
    """The file's export, or why there is none (a sentence)."""
    if len(content) > MAX_FILE_BYTES:
        return ui("refused_too_large", size=format_number(len(content) / 1_000_000, ui.language),
                  limit=format_number(MAX_FILE_BYTES / 1_000_000, ui.language))
    try:
        text = bytes(content).decode("utf-8-sig")
    except UnicodeDecodeError:
        return ui("refused_not_text")
    try:
        return exports.read_export(text)
    except ExportError as error:
        return _refusal(ui, error)


def _case_title(case_id: str, cases) -> str:
    case = cases.get(case_id) if cases is not None else None
    return case.title if case is not None else case_id


def load_set(files: Iterable[tuple[str, bytes]], exercise: str, language: str | None = None,
             cases=None) -> LoadedSet:
    """Read the groups' files for one exercise. ``cases`` is the case library to check the
    diagnosis' cases against (by default the course's, in ``language``). Never raises on a
    file: each one loads or gets a message."""
    language = language_or_current(language)
    if exercise not in EXERCISES:
        raise ValueError(f"unknown exercise '{exercise}'; the exercises are: "
                         + ", ".join(EXERCISES))
    ui = words(language)
    if exercise == DIAGNOSIS and cases is None:
        from .cases import load_case_library

        cases = load_case_library(language=language)
    reports: dict[int, FileReport] = {}
    candidates: list[tuple[int, str, Export]] = []
    files = list(files)
    for position, (name, content) in enumerate(files):
        name = str(name)
        found = _read(name, content, ui)
        if isinstance(found, str):
            reports[position] = FileReport(name, REFUSED, ui("file_refused", file=name,
                                                               reason=found))
        elif found.exercise != exercise:
            reason = ui("refused_other_exercise", found=exercise_name(found.exercise, language),
                        expected=exercise_name(exercise, language))
            reports[position] = FileReport(name, REFUSED, ui("file_refused", file=name,
                                                               reason=reason))
        elif exercise == DIAGNOSIS and cases.get(found.case) is None:
            reason = ui("refused_unknown_case", case=_short(found.case, GROUP_LABEL))
            reports[position] = FileReport(name, REFUSED, ui("file_refused", file=name,
                                                               reason=reason))
        else:
            candidates.append((position, name, found))

    # One case per debrief: the case most files are about (the first such file breaks a tie).
    case = ""
    if exercise == DIAGNOSIS and candidates:
        tally = Counter(export.case for _, _, export in candidates)
        top = max(tally.values())
        case = next(export.case for _, _, export in candidates if tally[export.case] == top)
        kept = []
        for position, name, export in candidates:
            if export.case == case:
                kept.append((position, name, export))
                continue
            reason = ui("refused_other_case", found=_case_title(export.case, cases),
                        expected=_case_title(case, cases), count=top)
            reports[position] = FileReport(name, REFUSED, ui("file_refused", file=name,
                                                               reason=reason))
        candidates = kept

    submissions: list[Submission] = []
    seen: dict[tuple[str, str], str] = {}
    labels: Counter[str] = Counter()
    for position, name, export in candidates:
        group = " ".join(export.group.split())
        key = (group, json.dumps(export.answers, sort_keys=True))
        if key in seen:
            reports[position] = FileReport(name, DUPLICATE, ui("file_duplicate", file=name,
                                                               other=seen[key]))
            continue
        seen[key] = name
        base = _short(group, GROUP_LABEL) or ui("unnamed_group", file=_short(name, GROUP_LABEL))
        labels[base] += 1
        label = base if labels[base] == 1 else ui("group_again", group=base, number=labels[base])
        submissions.append(Submission(name, label, export, exports.answer_of(export)))
        message = ui("file_loaded", file=name, group=label,
                     language=ui(f"language_{export.language}"))
        if labels[base] > 1:
            message += " " + ui("file_same_group", group=base)
        reports[position] = FileReport(name, LOADED, message, label)
    return LoadedSet(exercise, language, case, tuple(submissions),
                     tuple(reports[i] for i in range(len(files))),
                     cases.get(case) if case else None)


def status_line(loaded: LoadedSet) -> str:
    """One sentence on what was read: how many files, loaded, counted once and refused."""
    ui = words(loaded.language)
    return ui("status_line", files=len(loaded.files), loaded=loaded.count(LOADED),
              duplicates=loaded.count(DUPLICATE), refused=loaded.count(REFUSED))


# ------------------------------------------------------------------------------ questions

@dataclass(frozen=True)
class Question:
    """A question the groups answered by choosing: its options (id, label) and the expert's
    or the course's answers, where there is one."""

    id: str
    label: str
    options: tuple[tuple[str, str], ...]
    expert: frozenset[str] = frozenset()

    def option_label(self, option: str, ui: UiText) -> str:
        return dict(self.options).get(option, ui("no_answer") if not option else option)


@dataclass(frozen=True)
class Measure:
    """A question the groups answered with a number (hours, a criterion's score)."""

    id: str
    label: str
    unit: str        # 'hours' or 'score'


@dataclass(frozen=True)
class GroupAnswer:
    """One group's answer to one question: the option's id ('' for no answer) and label, and
    whether it is the expert's or the course's answer."""

    group: str
    question: str
    question_label: str
    answer: str
    answer_label: str
    expert: bool


@dataclass(frozen=True)
class GroupNumber:
    """One group's number for one measure."""

    group: str
    question: str
    question_label: str
    unit: str
    value: float


@dataclass(frozen=True)
class Disagreement:
    """A question on which the groups differ: how they split, and how spread out their answers
    are (1-100)."""

    question: str
    question_label: str
    kind: str            # 'choice', or the measure's unit
    split: str
    spread: int


@dataclass(frozen=True)
class Table:
    """A table to show: a heading a column, a heading a row (under ``corner``) and a cell a
    column in each row, shown as text."""

    id: str
    title: str
    corner: str
    columns: tuple[str, ...]
    rows: tuple[tuple[Any, tuple[Any, ...]], ...]     # (row heading, its cells)
    note: str = ""

    @property
    def row_names(self) -> tuple[Any, ...]:
        return tuple(name for name, _ in self.rows)

    def column(self, column: str) -> tuple[Any, ...]:
        at = self.columns.index(column)
        return tuple(cells[at] for _, cells in self.rows)

    def cell(self, row: Any, column: str) -> Any:
        """The cell of ``column`` in the first row headed ``row``."""
        at = self.columns.index(column)
        for name, cells in self.rows:
            if name == row:
                return cells[at]
        raise KeyError(row)


def _table_of_rows(table_id: str, title: str, corner: str, rows: dict[Any, dict[str, Any]],
                   note: str = "") -> Table:
    """A table from row heading -> {column heading: cell}; columns in the order they first
    appear."""
    columns = tuple(dict.fromkeys(column for cells in rows.values() for column in cells))
    return Table(table_id, title, corner, columns,
                 tuple((name, tuple(cells.get(column, "") for column in columns))
                       for name, cells in rows.items()), note)


def _table_of_columns(table_id: str, title: str, corner: str, row_names: Iterable[Any],
                      columns: dict[str, list[Any]], note: str = "") -> Table:
    """A table from its row headings and column heading -> cells (one a row)."""
    return Table(table_id, title, corner, tuple(columns),
                 tuple((name, tuple(cells[i] for cells in columns.values()))
                       for i, name in enumerate(row_names)), note)


@dataclass(frozen=True)
class ChartSpec:
    """A chart's data and words; ``councillor_exercises.charts.debrief`` draws it.

    kind 'bars': ``values`` holds a record a bar: row, caption, value, highlight.
    kind 'spread': ``values`` holds a record a group and row: row, group, value (a point each),
    and ``rows`` a record a row: row, caption, low, high, median (a line each)."""

    id: str
    kind: str
    values: tuple[dict[str, Any], ...]
    title: str
    description: str
    source: str
    axis_title: str
    maximum: float
    legend: tuple[str, ...] = ()       # bars: (plain, highlighted) labels of the colours
    rows: tuple[dict[str, Any], ...] = ()
    language: str = "en"


@dataclass(frozen=True)
class Debrief:
    exercise: str
    language: str
    title: str
    intro: str
    groups: tuple[str, ...]
    answers: tuple[GroupAnswer, ...]           # a group a question, groups first
    numbers: tuple[GroupNumber, ...]           # a group a measure, groups first
    disagreements: tuple[Disagreement, ...]    # the most spread out first
    tables: tuple[Table, ...] = ()
    charts: tuple[ChartSpec, ...] = ()
    case: str = ""

    def table(self, table_id: str) -> Table:
        return next(t for t in self.tables if t.id == table_id)

    def chart(self, chart_id: str) -> ChartSpec:
        return next(c for c in self.charts if c.id == chart_id)

    def counts(self, question: str) -> dict[str, int]:
        """How many groups gave each answer to a question (answer id -> groups), the most
        given first."""
        return dict(Counter(_given(self.answers, question)).most_common())

    def answer_of(self, group: str, question: str) -> str:
        return next((a.answer for a in self.answers
                     if a.group == group and a.question == question), "")

    def value_of(self, group: str, question: str) -> float | None:
        return next((float(n.value) for n in self.numbers
                     if n.group == group and n.question == question), None)


def _given(answers: Iterable[GroupAnswer], question: str) -> list[str]:
    """The groups' answers to one question, in the groups' order ('' for no answer)."""
    return [a.answer for a in answers if a.question == question]


def _values(numbers: Iterable[GroupNumber], measure: str) -> list[float]:
    return [n.value for n in numbers if n.question == measure]


def _answer_rows(questions: list[Question], chosen: dict[str, dict[str, str]],
                 ui: UiText) -> tuple[GroupAnswer, ...]:
    """chosen: group -> question id -> option id ('' for no answer)."""
    rows = []
    for group, answers in chosen.items():
        for question in questions:
            option = answers.get(question.id, "")
            rows.append(GroupAnswer(group, question.id, question.label, option,
                                    question.option_label(option, ui),
                                    option in question.expert))
    return tuple(rows)


def _number_rows(measures: list[Measure],
                 values: dict[str, dict[str, float]]) -> tuple[GroupNumber, ...]:
    return tuple(GroupNumber(group, m.id, m.label, m.unit, float(own[m.id]))
                 for group, own in values.items() for m in measures if m.id in own)


def choice_spread(answers: Iterable[str], options: int) -> float:
    """How spread out the groups' choices are, from 0 (all alike) to 1 (as evenly spread as
    the options and the groups allow): the share of groups outside the largest camp, divided
    by the largest that share can be. Unanswered questions do not count."""
    given = [answer for answer in answers if answer != ""]
    n = len(given)
    if n < 2:
        return 0.0
    largest = max(Counter(given).values())
    k = min(options, n)
    return 0.0 if k <= 1 else max(0.0, min(1.0, (1 - largest / n) / (1 - 1 / k)))


def number_spread(values: Iterable[float], scale: float) -> float:
    """How far apart the groups' numbers are: the range, as a share of ``scale``."""
    values = list(values)
    if len(values) < 2 or scale <= 0:
        return 0.0
    return max(0.0, min(1.0, (float(max(values)) - float(min(values))) / scale))


def _split_text(question: Question, answers: list[str], ui: UiText, expert_word: str) -> str:
    counts = Counter(answer for answer in answers if answer != "")
    order = {option: i for i, (option, _) in enumerate(question.options)}
    ranked = sorted(counts.most_common(), key=lambda item: (-item[1], order.get(item[0], 99)))
    parts = []
    for option, count in ranked:
        text = ui("split_item", answer=question.option_label(option, ui), count=count)
        if option in question.expert and expert_word:
            text += " " + ui("split_expert", who=expert_word)
        parts.append(text)
    unanswered = answers.count("")
    if unanswered:
        parts.append(ui("split_item", answer=ui("no_answer"), count=unanswered))
    return "; ".join(parts)


def _range_text(values: list[float], unit: str, ui: UiText) -> str:
    places = 1 if unit == "hours" else 0
    show = lambda v: format_number(float(v), ui.language, places)  # noqa: E731
    return ui(f"split_range_{unit}", low=show(min(values)), high=show(max(values)),
              median=show(median(values)))


def disagreements(questions: list[Question], answers: tuple[GroupAnswer, ...],
                  measures: list[Measure], numbers: tuple[GroupNumber, ...],
                  scales: dict[str, float], ui: UiText,
                  expert_word: str = "") -> tuple[Disagreement, ...]:
    """Every question with its spread (1-100) and how the groups split, the most spread out
    first (then in the questions' order); questions on which every group agrees are left
    out."""
    found: list[tuple[int, Disagreement]] = []
    for position, question in enumerate(questions):
        given = _given(answers, question.id)
        spread = choice_spread(given, len(question.options))
        if spread > 0:
            found.append((position, Disagreement(
                question.id, question.label, "choice",
                _split_text(question, given, ui, expert_word), round(100 * spread))))
    for position, measure in enumerate(measures, start=len(questions)):
        values = _values(numbers, measure.id)
        spread = number_spread(values, scales.get(measure.unit, 0.0))
        if spread > 0:
            found.append((position, Disagreement(
                measure.id, measure.label, measure.unit,
                _range_text(values, measure.unit, ui), round(100 * spread))))
    found = [(position, d) for position, d in found if d.spread > 0]   # not rounded away
    found.sort(key=lambda item: (-item[1].spread, item[0]))
    return tuple(d for _, d in found)


def _disagreement_table(found: tuple[Disagreement, ...], ui: UiText) -> Table:
    shown = found[:TOP_QUESTIONS]
    note = ui("disagreement_note") if shown else ui("disagreement_none")
    return _table_of_columns(
        "disagreements", ui("disagreement_title"), "#", range(1, len(shown) + 1),
        {ui("col_question"): [d.question_label for d in shown],
         ui("col_split"): [d.split for d in shown],
         ui("col_spread"): [format_percent(d.spread, ui.language) for d in shown]}, note)


def _disagreement_chart(found: tuple[Disagreement, ...], ui: UiText,
                        source: str) -> ChartSpec | None:
    shown = found[:TOP_QUESTIONS]
    if not shown:
        return None
    values = tuple({"row": f"{i:02d}",
                    "caption": ui("chart_disagreement_caption", question=d.question_label,
                                  spread=format_percent(d.spread, ui.language)),
                    "value": d.spread, "highlight": False} for i, d in enumerate(shown))
    details = "; ".join(ui("chart_disagreement_detail", question=d.question_label,
                           spread=format_percent(d.spread, ui.language), split=d.split)
                        for d in shown)
    return ChartSpec("disagreements", "bars", values, ui("disagreement_title"),
                     ui("chart_disagreement_description", details=details), source,
                     ui("chart_axis_spread"), 100, (ui("legend_spread"), ""),
                     language=ui.language)


def _count_chart(chart_id: str, title: str, rows: list[tuple[str, int, bool, str, str]],
                 groups: int, ui: UiText, source: str, legend: tuple[str, str]) -> ChartSpec:
    """One bar a row: how many groups gave that answer, the expert's answers marked.

    rows: (name, groups, marked, mark, detail): ``mark`` is written after the figures above the
    bar (short, so that the chart stays narrow), ``detail`` after them in the text alternative.
    """
    values, details = [], []
    for i, (name, count, marked, mark, detail) in enumerate(rows):
        text = ui("chart_count_caption", answer=name, count=count, total=groups)
        values.append({"row": f"{i:02d}", "caption": f"{text} {mark}" if mark else text,
                       "value": count, "highlight": marked})
        details.append(f"{text} {detail}" if detail else text)
    return ChartSpec(chart_id, "bars", tuple(values), title,
                     ui("chart_count_description", details="; ".join(details)), source,
                     ui("chart_axis_groups"), max(1, groups), legend, language=ui.language)


def _spread_chart(chart_id: str, title: str, measures: list[Measure],
                  numbers: tuple[GroupNumber, ...], maximum: float, ui: UiText, source: str,
                  axis: str) -> ChartSpec:
    """A row a measure: a point a group, the range and the median written above."""
    keys = {m.id: f"{i:02d}" for i, m in enumerate(measures)}
    points = tuple({"row": keys[n.question], "group": n.group, "value": n.value}
                   for n in numbers if n.question in keys)
    rows, details = [], []
    for measure in measures:
        own = [n for n in numbers if n.question == measure.id]
        if not own:
            continue
        values = [n.value for n in own]
        text = ui("chart_range_caption", name=measure.label,
                  range=_range_text(values, measure.unit, ui))
        rows.append({"row": keys[measure.id], "caption": text, "low": float(min(values)),
                     "high": float(max(values)), "median": float(median(values))})
        places = 1 if measure.unit == "hours" else 0
        each = ", ".join(ui("chart_range_group", group=n.group,
                            value=format_number(n.value, ui.language, places)) for n in own)
        details.append(f"{text} ({each})")
    return ChartSpec(chart_id, "spread", points, title,
                     ui("chart_range_description", details="; ".join(details)), source, axis,
                     max(1.0, maximum), rows=tuple(rows), language=ui.language)


def _source(loaded: LoadedSet, ui: UiText) -> str:
    return ui("chart_source", count=len(loaded.submissions))


# ------------------------------------------------------------------------------ diagnosis

def _diagnosis(loaded: LoadedSet, ui: UiText) -> Debrief:
    from . import diagnosis as engine
    from .cases import load_case_library

    language = loaded.language
    ctx = engine.default_context(language)
    concepts = ctx.concepts
    case = loaded.case_data
    if case is None:
        case = load_case_library(language=language).get(loaded.case)
    expert_word = ui("expert_word")
    names = {c.id: c.name for c in concepts.innovation_types}
    type_options = [(c.id, c.name) for c in concepts.innovation_types]
    type_options.append((engine.BOTH, ctx.ui("type_option_both")))
    expert_types = case.innovation_type.types
    expert_type = engine.BOTH if len(expert_types) > 1 else expert_types[0]
    purpose_names = {p.id: _lower_first(p.name) for p in concepts.purposes}
    actor_options = ([("none", ui("actor_not_involved")),
                      (engine.NO_PURPOSE, ctx.ui("no_purpose_short"))]
                     + [(p.id, ui("actor_for_purpose", purpose=purpose_names[p.id]))
                        for p in concepts.purposes])
    questions = [Question("type", ui("question_type"), tuple(type_options),
                          frozenset({expert_type})),
                 Question("phase", ui("question_phase"),
                          tuple((p.id, p.name) for p in concepts.phases),
                          frozenset({case.most_phase.phase}))]
    for actor in concepts.actors:
        reading = case.actor_reading(actor.id)
        if reading is None or reading.importance == "little":
            expert = frozenset({"none"})
        elif reading.importance == "key":
            expert = frozenset(reading.purposes)
        else:              # useful: involving the actor is welcome, leaving them out is not wrong
            expert = frozenset()
        questions.append(Question(f"actor:{actor.id}", ui("question_actor", actor=actor.name),
                                  tuple(actor_options), expert))
    for obstacle in concepts.obstacles:
        reading = case.obstacle_reading(obstacle.id)
        present = bool(reading and reading.present)
        questions.append(Question(f"obstacle:{obstacle.id}",
                                  ui("question_obstacle", obstacle=obstacle.name),
                                  (("yes", ui("obstacle_seen")), ("no", ui("obstacle_not_seen"))),
                                  frozenset({"yes" if present else "no"})))

    chosen: dict[str, dict[str, str]] = {}
    values: dict[str, dict[str, float]] = {}
    reports: dict[str, Any] = {}
    step_measures = []
    for submission in loaded.submissions:
        answer: engine.Diagnosis = submission.answer
        own: dict[str, str] = {}
        choice = str(answer.innovation_type.choice)
        own["type"] = choice if choice in dict(type_options) else ""
        phase = str(answer.phase.phase)
        own["phase"] = phase if phase in concepts.ids("phases") else ""
        picked = {a: (p if p in purpose_names else engine.NO_PURPOSE)
                  for a, p in answer.actors.choices if a in concepts.ids("actors")}
        answered_actors = bool(picked)
        for actor in concepts.actors:
            own[f"actor:{actor.id}"] = (picked.get(actor.id, "none") if answered_actors else "")
        marks = {o for o, _ in answer.obstacles.marks if o in concepts.ids("obstacles")}
        answered_obstacles = bool(marks) or answer.obstacles.none_seen is True
        for obstacle in concepts.obstacles:
            own[f"obstacle:{obstacle.id}"] = (("yes" if obstacle.id in marks else "no")
                                              if answered_obstacles else "")
        chosen[submission.group] = own
        report = engine.evaluate(case, answer, ctx)
        reports[submission.group] = report
        values[submission.group] = {f"score:{s.step}": s.percent for s in report.scored_steps}
        values[submission.group]["score:overall"] = report.overall_percent
        if not step_measures:
            step_measures = [Measure(f"score:{s.step}", s.title, "score")
                             for s in report.scored_steps]
    measures = step_measures + [Measure("score:overall", ui("col_overall"), "score")]
    answers = _answer_rows(questions, chosen, ui)
    numbers = _number_rows(measures, values)
    spread = disagreements(questions, answers, [], numbers, {}, ui, expert_word)
    groups = loaded.groups
    source = _source(loaded, ui)

    # How each group read the case, beside the expert reading.
    def listing(items: list[str]) -> str:
        return "; ".join(items) if items else ui("none_listed")

    question = {q.id: q for q in questions}
    rows = {}
    for group in groups:
        own = chosen[group]
        actors = [f"{a.name} ({question[f'actor:{a.id}'].option_label(own[f'actor:{a.id}'], ui)})"
                  for a in concepts.actors if own[f"actor:{a.id}"] not in ("", "none")]
        seen = [o.name for o in concepts.obstacles if own[f"obstacle:{o.id}"] == "yes"]
        rows[group] = {
            ui("col_type"): question["type"].option_label(own["type"], ui),
            ui("col_phase"): question["phase"].option_label(own["phase"], ui),
            ui("col_actors"): listing(actors) if own[f"actor:{concepts.actors[0].id}"] else
            ui("no_answer"),
            ui("col_obstacles"): listing(seen) if own[f"obstacle:{concepts.obstacles[0].id}"]
            else ui("no_answer"),
            ui("col_overall"): format_percent(values[group]["score:overall"], language)}
    key_actors = []
    for actor in concepts.actors:
        reading = case.actor_reading(actor.id)
        if reading and reading.importance == "key":
            purposes = ", ".join(purpose_names[p] for p in reading.purposes)
            key_actors.append(f"{actor.name} ({purposes})")
    rows[ui("expert_row")] = {
        ui("col_type"): question["type"].option_label(expert_type, ui),
        ui("col_phase"): question["phase"].option_label(case.most_phase.phase, ui),
        ui("col_actors"): listing(key_actors),
        ui("col_obstacles"): listing([o.name for o in concepts.obstacles
                                      if (r := case.obstacle_reading(o.id)) and r.present]),
        ui("col_overall"): "–"}
    readings = _table_of_rows("readings", ui("table_readings_title"), ui("col_group"), rows,
                              ui("table_readings_note"))

    # Which answers the groups chose, beside the expert's.
    count_rows = []
    for q in questions:
        counts = Counter(_given(answers, q.id))
        for option, label in q.options:
            count = counts[option]
            if q.id.startswith("actor:") and option == "none":
                continue       # "not involved" is every group that did not choose the actor
            if count or option in q.expert:
                count_rows.append((q.label, (label, count,
                                             expert_word if option in q.expert else "")))
    counts_table = Table("counts", ui("table_counts_title"), ui("col_question"),
                         (ui("col_answer"), ui("col_groups"), ui("col_expert")),
                         tuple(count_rows), ui("table_counts_note"))

    scores = _table_of_columns(
        "scores", ui("table_scores_title"), ui("col_group"), groups,
        {m.label: [format_percent(values[g][m.id], language)
                   if values[g].get(m.id) is not None else "–" for g in groups]
         for m in measures}, ui("table_scores_note"))

    # The charts: the type, the phase, the actors, the obstacles, then the disagreements.
    n = len(groups)
    legend = (ui("legend_groups"), ui("legend_expert"))
    marked = ui("split_expert", who=expert_word)

    def option_rows(q: Question) -> list[tuple[str, int, bool, str, str]]:
        counts = Counter(_given(answers, q.id))
        return [(label, counts[option], option in q.expert,
                 marked if option in q.expert else "", marked if option in q.expert else "")
                for option, label in q.options]

    actor_rows = []
    for actor in concepts.actors:
        given = _given(answers, f"actor:{actor.id}")
        involved = sum(1 for answer in given if answer not in ("", "none"))
        reading = case.actor_reading(actor.id)
        importance = reading.importance if reading else "little"
        detail = ui("chart_bracket", text=ui(f"importance_{importance}"))
        actor_rows.append((actor.name, involved, importance == "key",
                           ui("chart_bracket", text=ui("key_actor_mark"))
                           if importance == "key" else "", detail))
    obstacle_rows = []
    for obstacle in concepts.obstacles:
        given = _given(answers, f"obstacle:{obstacle.id}")
        reading = case.obstacle_reading(obstacle.id)
        present = bool(reading and reading.present)
        detail = ui("chart_bracket", text=ui("obstacle_expert_yes" if present
                                             else "obstacle_expert_no"))
        obstacle_rows.append((obstacle.name, given.count("yes"), present,
                              detail if present else "", detail))
    charts = [
        _count_chart("type", ui("chart_type_title"), option_rows(question["type"]), n, ui,
                     source, legend),
        _count_chart("phase", ui("chart_phase_title"), option_rows(question["phase"]), n, ui,
                     source, legend),
        _count_chart("actors", ui("chart_actors_title"), actor_rows, n, ui, source,
                     (ui("legend_groups"), ui("legend_key_actor"))),
        _count_chart("obstacles", ui("chart_obstacles_title"), obstacle_rows, n, ui, source,
                     (ui("legend_groups"), ui("legend_expert_obstacle"))),
    ]
    chart = _disagreement_chart(spread, ui, source)
    if chart is not None:
        charts.append(chart)
    tables = (_disagreement_table(spread, ui), readings, counts_table, scores)
    return Debrief(DIAGNOSIS, language, ui("title_diagnosis", case=case.title),
                   ui("intro", groups=n, exercise=exercise_name(DIAGNOSIS, language)),
                   groups, answers, numbers, spread, tables, tuple(charts), case.id)


# ------------------------------------------------------------------------------ committee

def _committee(loaded: LoadedSet, ui: UiText) -> Debrief:
    from . import committee as engine

    language = loaded.language
    data = engine.load_committee_data(language=language)
    cui = ui_text("committee", language)
    options = data.options
    concepts = data.concepts
    choice_fields = [("purpose", ui("question_purpose"),
                      tuple((p.id, p.name) for p in concepts.purposes)),
                     ("set_up_by", ui("question_set_up_by"),
                      tuple((o.id, o.name) for o in options.set_up_by)),
                     ("deliverable", ui("question_deliverable"),
                      tuple((o.id, o.name) for o in options.deliverables)),
                     ("chair", ui("question_chair"),
                      tuple((o.id, o.name) for o in options.chairs)),
                     ("route", ui("question_route"),
                      tuple((o.id, o.name) for o in options.routes))]
    yes_no = (("yes", ui("answer_yes")), ("no", ui("answer_no")))
    questions = [Question(fid, label, opts) for fid, label, opts in choice_fields]
    questions += [Question(f"phase:{p.id}", ui("question_committee_phase", phase=p.name), yes_no)
                  for p in concepts.phases]
    questions += [Question(f"group:{g.id}", ui("question_committee_group", group=g.name), yes_no)
                  for g in options.groups]
    measures = [Measure(f"criterion:{c.id}", c.name, "score") for c in data.criteria]
    measures.append(Measure("criterion:overall", ui("col_overall"), "score"))

    chosen, values, designs = {}, {}, {}
    for submission in loaded.submissions:
        feedback = engine.evaluate(submission.answer, data, cui)
        design = feedback.design
        designs[submission.group] = (design, feedback)
        own = {fid: str(getattr(design, fid) or "") for fid, _, _ in choice_fields}
        for phase in concepts.phases:
            own[f"phase:{phase.id}"] = "yes" if phase.id in design.phases else "no"
        for group in options.groups:
            own[f"group:{group.id}"] = "yes" if design.group(group.id).count else "no"
        chosen[submission.group] = own
        values[submission.group] = {f"criterion:{c.id}": c.score
                                    for c in feedback.profile.criteria}
        values[submission.group]["criterion:overall"] = feedback.profile.overall
    answers = _answer_rows(questions, chosen, ui)
    numbers = _number_rows(measures, values)
    spread = disagreements(questions, answers, measures, numbers, {"score": 100.0}, ui)
    groups = loaded.groups
    source = _source(loaded, ui)

    profiles = _table_of_columns("profiles", ui("table_profiles_title"), ui("col_criterion"),
                                 [m.label for m in measures],
                                 {g: [values[g][m.id] for m in measures] for g in groups},
                                 ui("table_profiles_note"))
    question = {q.id: q for q in questions}

    def challenge(design) -> str:
        if design.challenge == engine.OWN_CHALLENGE:
            text = " ".join(design.own_challenge.split())
            own = text[:SHORT_TEXT] + ("…" if len(text) > SHORT_TEXT else "")
            return ui("own_challenge", text=own) if own else ui("own_challenge_blank")
        found = data.challenge(design.challenge)
        return found.title if found is not None else ui("no_answer")

    rows = {}
    for g in groups:
        design, feedback = designs[g]
        external = sum(p.count for p in design.groups)
        rows[g] = {ui("col_challenge"): challenge(design),
                   ui("col_purpose"): question["purpose"].option_label(chosen[g]["purpose"], ui),
                   ui("col_members"): ui("members_value", council=design.council_members,
                                         external=external),
                   ui("col_chair"): question["chair"].option_label(chosen[g]["chair"], ui),
                   ui("col_phases"): "; ".join(p.name for p in concepts.phases
                                               if p.id in design.phases) or ui("none_listed"),
                   ui("col_route"): question["route"].option_label(chosen[g]["route"], ui)}
    design_table = _table_of_rows("designs", ui("table_designs_title"), ui("col_group"), rows)

    charts = [_spread_chart("profiles", ui("chart_profiles_title"), measures, numbers, 100, ui,
                            source, ui("chart_axis_score"))]
    chart = _disagreement_chart(spread, ui, source)
    if chart is not None:
        charts.append(chart)
    tables = (_disagreement_table(spread, ui), profiles, design_table)
    return Debrief(COMMITTEE, language, ui("title_committee"),
                   ui("intro", groups=len(groups), exercise=exercise_name(COMMITTEE, language)),
                   groups, answers, numbers, spread, tables, tuple(charts))


# ------------------------------------------------------------------------------ sorting

def _sorting(loaded: LoadedSet, ui: UiText) -> Debrief:
    from . import sorting as engine

    language = loaded.language
    examples = engine.load_examples(language=language)
    settings = engine.load_settings(language=language)
    course_word = ui("course_word")
    questions = [Question(e.id, e.name, tuple((o, settings.choice(o).name)
                                              for o in e.option_ids()),
                          frozenset({e.answer})) for e in examples]
    chosen = {}
    for submission in loaded.submissions:
        answer: engine.SortingAnswer = submission.answer
        chosen[submission.group] = {
            e.id: (c if (c := answer.choice_for(e.id)) in e.option_ids() else "")
            for e in examples}
    answers = _answer_rows(questions, chosen, ui)
    numbers = _number_rows([], {})
    spread = disagreements(questions, answers, [], numbers, {}, ui, course_word)
    groups = loaded.groups
    n = len(groups)
    source = _source(loaded, ui)
    choice_ids = [c.id for c in settings.choices]

    rows, chart_rows, details = {}, [], []
    for example, question in zip(examples, questions):
        counts = Counter(_given(answers, example.id))
        agree = counts[example.answer]
        row = {ui("col_course"): settings.choice(example.answer).name}
        for choice in choice_ids:
            row[settings.choice(choice).name] = (counts[choice]
                                                 if choice in example.option_ids() else "–")
        row[ui("col_agree")] = ui("agree_value", agree=agree, total=n)
        rows[example.name] = row
        share = round(100 * agree / n) if n else 0
        caption = ui("chart_agree_caption", example=example.name, agree=agree, total=n,
                     course=settings.choice(example.answer).name)
        chart_rows.append({"row": f"{len(chart_rows):02d}", "caption": caption, "value": share,
                           "highlight": False})
        details.append(caption)
    agreement = _table_of_rows("agreement", ui("table_agreement_title"), ui("col_example"),
                               rows, ui("table_agreement_note"))
    side_by_side = _table_of_columns(
        "choices", ui("table_choices_title"), ui("col_example"), [e.name for e in examples],
        {g: [questions[i].option_label(chosen[g][e.id], ui) for i, e in enumerate(examples)]
         for g in groups})
    notes = {s.group: s.answer.note.strip() for s in loaded.submissions
             if s.answer.note.strip()}

    charts = [ChartSpec("agreement", "bars", tuple(chart_rows), ui("chart_agree_title"),
                        ui("chart_agree_description", details="; ".join(details)), source,
                        ui("chart_axis_agree"), 100, (ui("legend_agree"), ""), language=language)]
    chart = _disagreement_chart(spread, ui, source)
    if chart is not None:
        charts.append(chart)
    tables = [_disagreement_table(spread, ui), agreement, side_by_side]
    if notes:
        tables.append(_table_of_columns("notes", ui("table_notes_title"), ui("col_group"),
                                        list(notes),
                                        {ui("col_note"): [_short(t) for t in notes.values()]}))
    return Debrief(SORTING, language, ui("title_sorting"),
                   ui("intro", groups=n, exercise=exercise_name(SORTING, language)),
                   groups, answers, numbers, spread, tuple(tables), tuple(charts))


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:] if text and not text[:2].isupper() else text


def _short(text: str, limit: int = SHORT_TEXT) -> str:
    text = " ".join(str(text).split())
    return text[:limit].rstrip() + ("…" if len(text) > limit else "")


# ------------------------------------------------------------------------------ week

def _week(loaded: LoadedSet, ui: UiText) -> Debrief:
    from . import week as engine
    from .concepts import load_concepts

    language = loaded.language
    data = engine.load_week(language=language)
    concepts = load_concepts(language=language)
    measures = [Measure(f"hours:{a.id}", a.name, "hours") for a in data.activities]
    questions = []
    for plan in data.plan:
        options = tuple(plan.steps) + ((engine.OWN_STEP, ui("own_step")),)
        questions.append(Question(f"plan:{plan.advice}", concepts.get("advice", plan.advice).name,
                                  tuple((i, _short(t, OPTION_TEXT)) for i, t in options)))
    chosen, values, unread, own_steps = {}, {}, {}, {}
    for submission in loaded.submissions:
        both: exports.WeekAndPlan = submission.answer
        result = engine.evaluate_week(data, both.week)
        values[submission.group] = {f"hours:{e.activity}": e.hours for e in result.entries}
        unread[submission.group] = {e.activity for e in result.entries if e.problem}
        own, texts = {}, {}
        for plan, question in zip(data.plan, questions):
            choice = both.plan.choice_for(plan.advice)
            step = choice.step if choice.step in dict(question.options) else ""
            own[question.id] = step or ""
            if step == engine.OWN_STEP and choice.own_text.strip():
                texts[plan.advice] = _short(choice.own_text)
        chosen[submission.group] = own
        own_steps[submission.group] = texts
    answers = _answer_rows(questions, chosen, ui)
    numbers = _number_rows(measures, values)
    largest = max((float(n.value) for n in numbers), default=0.0)
    spread = disagreements(questions, answers, measures, numbers, {"hours": largest}, ui)
    groups = loaded.groups
    source = _source(loaded, ui)

    def hours(group: str, activity: str) -> str:
        if activity in unread[group]:
            return ui("hours_unread")
        return format_number(values[group].get(f"hours:{activity}", 0.0), language, 1)

    columns = {g: [hours(g, a.id) for a in data.activities]
               + [format_number(sum(values[g].values()), language, 1)] for g in groups}
    medians = []
    for m in measures:
        given = _values(numbers, m.id)
        medians.append(format_number(float(median(given)), language, 1) if given else "–")
    totals = [sum(values[g].values()) for g in groups]
    medians.append(format_number(float(median(totals)), language, 1) if totals else "–")
    columns[ui("col_median")] = medians
    note = ui("table_hours_note") if any(unread.values()) else ""
    table = _table_of_columns("hours", ui("table_hours_title"), ui("col_activity"),
                              [a.name for a in data.activities] + [ui("row_total")], columns,
                              note)
    plans = _table_of_columns(
        "plans", ui("table_plans_title"), ui("col_advice"), [q.label for q in questions],
        {g: [(ui("own_step_text", text=own_steps[g][plan.advice])
              if chosen[g][q.id] == engine.OWN_STEP and plan.advice in own_steps[g]
              else _short(dict(plan.steps).get(chosen[g][q.id], "")) or
              q.option_label(chosen[g][q.id], ui))
             for plan, q in zip(data.plan, questions)] for g in groups})

    charts = [_spread_chart("hours", ui("chart_hours_title"), measures, numbers,
                            max(1.0, largest), ui, source, ui("chart_axis_hours"))]
    chart = _disagreement_chart(spread, ui, source)
    if chart is not None:
        charts.append(chart)
    tables = (_disagreement_table(spread, ui), table, plans)
    return Debrief(WEEK, language, ui("title_week"),
                   ui("intro", groups=len(groups), exercise=exercise_name(WEEK, language)),
                   groups, answers, numbers, spread, tables, tuple(charts))


_DEBRIEFS = {DIAGNOSIS: _diagnosis, COMMITTEE: _committee, SORTING: _sorting, WEEK: _week}


def debrief(loaded: LoadedSet) -> Debrief | None:
    """The set's tables and charts in its language, or None when no file loaded."""
    if not loaded.submissions:
        return None
    return _DEBRIEFS[loaded.exercise](loaded, words(loaded.language))


def read_files(files: Iterable[tuple[str, bytes]], exercise: str,
               language: str | None = None) -> tuple[LoadedSet, Debrief | None]:
    """Load the files and compute the debrief in one call."""
    loaded = load_set(files, exercise, language)
    return loaded, debrief(loaded)


__all__ = ["ChartSpec", "Debrief", "Disagreement", "FileReport", "GroupAnswer", "GroupNumber",
           "LoadedSet", "Measure", "Question", "Submission", "Table", "choice_spread", "debrief",
           "disagreements", "exercise_name", "load_set", "number_spread", "read_files",
           "status_line", "words",
           "LOADED", "DUPLICATE", "REFUSED", "MAX_FILE_BYTES", "TOP_QUESTIONS"]
