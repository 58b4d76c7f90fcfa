"""Printable worksheets without the answers, and a separate answer key, for every exercise and
every case, built from the same data as the interactive exercises.

Pure functions: the data in (through the engines' own loaders), a document out. A document is a
``Sheaf`` of ``Sheet``s (one worksheet, or one part of the answer key), each a list of plain
blocks: headings, paragraphs, lists, boxes to tick, lines and boxes to write in, tables.
``printing`` turns a sheaf into a self-contained HTML page or a PDF. Nothing here knows about
widgets, HTML or PDF, and every word comes from the data (data/ui/worksheets.yaml for the
words around it, the exercises' own interface strings where they fit).

What a worksheet holds and what it leaves out is the point of the module: a worksheet has the
questions, the case text, the choices and space to answer; the expert readings, model answers,
accepted readings, points, "why" and "tempting" explanations, the legal verdicts and the
feedback messages are in the answer key only (tests/test_worksheets.py checks every one of
them against the data).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable, Union

from . import committee as committee_engine
from . import sorting, week
from .cases import Case, load_case_library, story_segments
from .concepts import Concept, load_concepts
from .datafiles import language_or_current
from .diagnosis import default_context, load_scoring
from .feedback import verdict_label
from .formats import number as format_number
from .formats import with_term
from .kommissorium import SECTION_IDS, SECTION_PROMPTS, section_headings
from .sessions import Plan, load_exercise_times, load_plans
from .statistics import councillor_hours
from .ui_text import UiText, ui_text

# ------------------------------------------------------------------------------------------
# The document: plain blocks a renderer lays out
# ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Span:
    """A run of text in one style."""

    text: str
    bold: bool = False
    italic: bool = False


@dataclass(frozen=True)
class Paragraph:
    spans: tuple[Span, ...]
    small: bool = False          # a source or a note: smaller print

    @property
    def text(self) -> str:
        return "".join(span.text for span in self.spans)


@dataclass(frozen=True)
class Heading:
    text: str
    level: int = 2               # 2: a part of the sheet; 3: a question; 4: below that


@dataclass(frozen=True)
class Items:
    """A bulleted (or numbered) list."""

    items: tuple[Paragraph, ...]
    numbered: bool = False
    start: int = 1


@dataclass(frozen=True)
class TickList:
    """Choices with a box to tick in front of each."""

    options: tuple[Paragraph, ...]


@dataclass(frozen=True)
class WritingLines:
    """Ruled lines to write on, under an optional label."""

    count: int
    label: str = ""


@dataclass(frozen=True)
class WritingBox:
    """A framed box to write in, ``lines`` lines high, with its label above it."""

    label: str
    lines: int


class Tick:
    """A table cell that is a box to tick."""

    def __repr__(self) -> str:
        return "TICK"


class Blank:
    """A table cell left empty to write in."""

    def __repr__(self) -> str:
        return "BLANK"


TICK, BLANK = Tick(), Blank()
Cell = Union[str, Paragraph, Tick, Blank]


@dataclass(frozen=True)
class Table:
    header: tuple[str, ...]
    rows: tuple[tuple[Cell, ...], ...]
    widths: tuple[int, ...]      # relative column widths
    writing: bool = False        # rows are space to write in: make them tall


Block = Union[Heading, Paragraph, Items, TickList, WritingLines, WritingBox, Table]


@dataclass(frozen=True)
class Sheet:
    """One worksheet (it starts on a new page), or one part of the answer key."""

    id: str                      # e.g. 'service-or-policy', 'case-fjordby-climate'
    exercise: str                # the exercise it belongs to (data/facilitator/exercises.yaml)
    title: str
    subtitle: str = ""
    blocks: tuple[Block, ...] = ()


@dataclass(frozen=True)
class Sheaf:
    """Sheets printed together: a worksheet set, or an answer key."""

    id: str                      # the file name without its extension
    title: str
    language: str
    answers: bool                # True: an answer key, for the facilitator only
    sheets: tuple[Sheet, ...]
    words: dict[str, str] = field(default_factory=dict)   # what the renderers print around


# ------------------------------------------------------------------------------------------
# Small helpers
# ------------------------------------------------------------------------------------------


def _p(*parts: str | Span, small: bool = False) -> Paragraph:
    """A paragraph from strings (plain) and spans; empty parts are dropped."""
    spans = tuple(Span(part) if isinstance(part, str) else part for part in parts)
    return Paragraph(tuple(span for span in spans if span.text), small)


def _b(text: str) -> Span:
    return Span(text, bold=True)


def _i(text: str) -> Span:
    return Span(text, italic=True)


def _label(concept: Concept) -> str:
    """A concept's name, with its Danish term in the English edition."""
    return concept.label


def _named(concept: Concept) -> Paragraph:
    """A concept's name in bold, then its explanation."""
    if concept.explanation:
        return _p(_b(_label(concept)), ": " + concept.explanation)
    return _p(_b(_label(concept)))


def words(language: str | None = None) -> UiText:
    """The worksheets' own words (data/ui/worksheets.yaml) in ``language``."""
    return ui_text("worksheets", language_or_current(language))


def exercise_title(exercise: str, language: str) -> str:
    return words(language)(f"exercise_{exercise}")


# ------------------------------------------------------------------------------------------
# Service or policy?
# ------------------------------------------------------------------------------------------

SORTING = "service-or-policy"


def sorting_worksheet(language: str) -> tuple[Sheet, ...]:
    """The examples to sort, the three choices and a table to tick, with space for a note."""
    w, text = words(language), ui_text("sorting", language)
    examples = sorting.load_examples(language=language)
    settings = sorting.load_settings(language=language)
    blocks: list[Block] = [_p(w("sorting_intro")), Heading(text("worksheet_choices_heading"))]
    blocks.append(Items(tuple(_p(_b(settings.label(c.id)), ": " + c.explanation)
                              for c in settings.choices)))
    blocks.append(Heading(text("worksheet_examples_heading")))
    items = []
    for example in examples:
        badge = w("sorting_from_lecture") if example.in_lecture else w("sorting_from_course")
        items.append(_p(_b(example.title), ". " + example.description + " ", _i(badge + ".")))
    blocks.append(Items(tuple(items), numbered=True))
    order = ("service", "depends", "policy")
    header = ("#", text("worksheet_table_example"),
              *(text(f"worksheet_col_{choice}") for choice in order), w("col_why_short"))
    rows = []
    for number, example in enumerate(examples, start=1):
        cells = tuple(TICK if choice in example.option_ids() else text("worksheet_not_offered")
                      for choice in order)
        rows.append((str(number), example.name, *cells, BLANK))
    blocks += [Heading(text("worksheet_table_heading")), _p(w("sorting_table_intro")),
               Table(header, tuple(rows), (4, 26, 11, 13, 11, 35), writing=True),
               WritingBox(w("sorting_note"), 4)]
    return (Sheet(SORTING, SORTING, exercise_title(SORTING, language), w("worksheet_kind"),
                  tuple(blocks)),)


def sorting_answers(language: str) -> tuple[Sheet, ...]:
    """The course's reading of every example: why, why the other reading tempts, the credit and
    the feedback for each choice, and how the score works."""
    w, text = words(language), ui_text("sorting", language)
    examples = sorting.load_examples(language=language)
    settings = sorting.load_settings(language=language)
    order = ("service", "depends", "policy")
    blocks: list[Block] = [Heading(text("worksheet_rules_heading")), _p(text("worksheet_rules"))]
    bands, upper = [], None
    for band in settings.bands:
        if upper is None:
            label = text("worksheet_band_from", low=band.min_percent)
        elif band.min_percent == 0:
            label = text("worksheet_band_below", high=upper)
        else:
            label = text("worksheet_band_range", low=band.min_percent, high=upper)
        bands.append((label, band.message))
        upper = band.min_percent
    blocks.append(Table((text("worksheet_band_score"), text("worksheet_band_message")),
                        tuple(bands), (25, 75)))
    rows = []
    for number, example in enumerate(examples, start=1):
        credits = []
        for choice in order:
            option = example.option(choice)
            credits.append(sorting.credit_text(option.credit, language) if option
                           else text("worksheet_not_offered"))
        rows.append((str(number), example.name, settings.choice(example.answer).name, *credits))
    blocks += [Heading(w("sorting_key_table")),
               Table(("#", text("worksheet_table_example"), text("summary_col_course"),
                      *(text(f"worksheet_col_{choice}") for choice in order)),
                     tuple(rows), (4, 30, 21, 15, 15, 15))]
    blocks.append(Heading(w("sorting_key_examples")))
    for number, example in enumerate(examples, start=1):
        # The engine's own feedback for the course's reading: the reading, why, what tempts.
        item = sorting.judge(example, example.answer, settings).item
        first, _, tempting = item.reason.partition("\n")
        blocks += [Heading(f"{number}. {example.title}", 3), _p(first), _p(tempting)]
        options = []
        for choice in order:
            option = example.option(choice)
            if option is not None:
                options.append(_p(_b(w("sorting_if_chosen", choice=settings.label(choice),
                                           credit=sorting.credit_text(option.credit, language))),
                                  " " + option.message))
        blocks += [Items(tuple(options)), _p(_i(text("summary_read_more") + ": "),
                                             item.reference, small=True)]
    blocks.append(_p(_i(settings.source), small=True))
    return (Sheet(SORTING, SORTING, exercise_title(SORTING, language), w("key_kind"),
                  tuple(blocks)),)


# ------------------------------------------------------------------------------------------
# Diagnose a case
# ------------------------------------------------------------------------------------------

DIAGNOSIS = "diagnose-a-case"


def case_sheet_id(case: Case) -> str:
    return f"case-{case.id}"


def _case_head(case: Case, ui: UiText) -> str:
    badge = ui("fictional_badge") if case.fictional else ui("real_badge")
    return f"{badge} · {case.municipality} · {case.sector}"


def case_worksheet(case: Case, language: str) -> Sheet:
    """One case: the story with its numbered lines, the five questions and space to answer."""
    w, ctx = words(language), default_context(language)
    ui, concepts = ctx.ui, ctx.concepts
    blocks: list[Block] = [_p(_i(case.about)), Heading(ui("worksheet_story_heading"))]
    for pieces in story_segments(case):
        spans = []
        for text, line in pieces:
            if line is None:
                spans.append(Span(text))
            else:
                spans += [_b(text), _i(f" [{ui('line_label', number=line.number)}]")]
        blocks.append(Paragraph(tuple(spans)))
    blocks.append(Heading(ui("worksheet_questions_heading")))
    # 1. What kind of innovation
    types = [_p(_label(c) + ": " + c.explanation) for c in concepts.innovation_types]
    blocks += [Heading(ui("step_innovation_type"), 3), _p(ui("type_question")),
               TickList((*types, _p(ui("type_option_both")))),
               WritingLines(3, w("why_label"))]
    # 2. Who to involve, and for which purpose
    purposes = concepts.purposes
    blocks += [Heading(ui("step_actors"), 3), _p(w("actors_question")),
               Items(tuple(_p(_b(p.name), ": " + p.question) for p in purposes)),
               Table((ui("summary_col_actor"), ui("actor_not_involved"),
                      *(p.name for p in purposes)),
                     tuple((_label(actor), TICK, *(TICK for _ in purposes))
                           for actor in concepts.actors),
                     (40, 15, *(15 for _ in purposes)))]
    # 3. Where collaboration matters most
    blocks += [Heading(ui("step_phase"), 3), _p(ui("phase_question")),
               TickList(tuple(_named(phase) for phase in concepts.phases)),
               WritingLines(2, w("why_label"))]
    # 4. Everyday obstacles, with the lines that show them
    blocks += [Heading(ui("step_obstacles"), 3), _p(w("obstacles_question")),
               Table((ui("summary_col_obstacle"), w("col_shows"), w("col_line")),
                     tuple((_named(obstacle), TICK, BLANK) for obstacle in concepts.obstacles),
                     (64, 12, 24)),
               TickList((_p(ui("obstacles_none_seen")),)),
               Heading(ui("summary_lines_heading"), 4),
               Items(tuple(_p(line.text, small=True) for line in case.evidence), numbered=True)]
    # 5. The three leadership tasks, in the group's own words
    blocks += [Heading(ui("step_leadership"), 3), _p(w("leadership_question"))]
    for task in concepts.leadership_tasks:
        blocks += [_p(_b(task.name), " (" + task.explanation + ")"), WritingLines(4)]
    return Sheet(case_sheet_id(case), DIAGNOSIS, case.title,
                 w("worksheet_kind") + " · " + _case_head(case, ui), tuple(blocks))


def case_answers(case: Case, language: str) -> Sheet:
    """The expert reading of one case: every step, the accepted readings, the model answers with
    their checklists, and the case's sources."""
    w, ctx = words(language), default_context(language)
    ui, concepts = ctx.ui, ctx.concepts
    both = len(case.innovation_type.types) > 1
    reading = (ui("type_option_both") if both
               else _label(concepts.get("innovation_types", case.innovation_type.types[0])))
    blocks: list[Block] = [Heading(ui("step_innovation_type"), 2),
                           _p(_b(ui("expert_reading") + ": " + reading + ". "),
                              case.innovation_type.why)]
    for accepted in case.innovation_type.also_accepted:
        names = " + ".join(concepts.get("innovation_types", t).name for t in accepted.types)
        blocks.append(_p(_i(ui("worksheet_also_accepted") + ": " + names + ". "), accepted.why))
    blocks.append(Heading(ui("step_actors"), 2))
    rows = []
    for actor_reading in case.actors:
        actor = concepts.get("actors", actor_reading.actor)
        if actor_reading.importance == "little":
            verdict = ui("summary_little_reason")
        else:
            verdict = ui(f"summary_importance_{actor_reading.importance}", purposes=", ".join(
                concepts.get("purposes", p).name.lower() for p in actor_reading.purposes))
        rows.append((_label(actor), verdict, actor_reading.why))
    blocks.append(Table((ui("summary_col_actor"), ui("expert_reading"), w("col_why")),
                        tuple(rows), (20, 22, 58)))
    blocks.append(Heading(ui("step_phase"), 2))
    items = []
    for phase_reading in case.phases:
        phase = concepts.get("phases", phase_reading.phase)
        key = ("phase_expert_most" if phase_reading.importance == "most"
               else f"phase_other_{phase_reading.importance}")
        parts: list[str | Span] = [_b(ui(key, phase=phase.name)), " " + phase_reading.why]
        if phase_reading.accepted_as_most:
            parts += [" ", _i(ui("worksheet_also_accepted") + ": "),
                      phase_reading.accepted_as_most]
        items.append(_p(*parts))
    blocks += [Items(tuple(items)), Heading(ui("step_obstacles"), 2)]
    items = []
    for obstacle_reading in case.obstacles:
        obstacle = concepts.get("obstacles", obstacle_reading.obstacle)
        if obstacle_reading.present:
            numbers = ", ".join(str(case.evidence_line(i).number) for i in obstacle_reading.lines)
            verdict = ui("summary_expert_shows", numbers=numbers)
        else:
            verdict = ui("summary_expert_absent")
        parts = [_b(obstacle.name), _i(f" ({verdict}). "), obstacle_reading.why]
        if obstacle_reading.accepted_lines:
            numbers = ", ".join(str(case.evidence_line(i).number)
                                for i in obstacle_reading.accepted_lines)
            parts += [" ", _i(ui("worksheet_also_accepted") + " ("
                              + ui("summary_shows_line", number=numbers) + "): "),
                      obstacle_reading.accepted_why]
        items.append(_p(*parts))
    blocks += [Items(tuple(items)), Heading(ui("step_leadership"), 2)]
    for task_reading in case.leadership:
        task = concepts.get("leadership_tasks", task_reading.task)
        blocks += [Heading(task.name, 3),
                   _p(_i(ui("model_answer") + ": "), task_reading.model_answer),
                   _p(_i(w("checklist_intro"))),
                   TickList(tuple(_p(item) for item in task_reading.checklist))]
    blocks.append(Heading(ui("sources_heading"), 2))
    sources = []
    for source in case.sources:
        parts = [source.title]
        if source.url:
            parts.append(" " + source.url)
        if source.supports:
            parts.append(f" ({source.supports})")
        sources.append(_p(*parts, small=True))
    blocks.append(Items(tuple(sources)))
    return Sheet(case_sheet_id(case), DIAGNOSIS, case.title,
                 w("key_kind") + " · " + _case_head(case, ui), tuple(blocks))


def diagnosis_scoring(language: str) -> Sheet:
    """How the app scores a diagnosis: the points table of data/cases/_scoring.yaml."""
    w, ui = words(language), ui_text("diagnosis", language)
    scoring = load_scoring(language=language)
    rows = tuple((ui(f"step_{rule.step}"), rule.situation,
                  format_number(rule.points, language, 2), rule.source) for rule in scoring.rules)
    blocks = (_p(ui("worksheet_rules_intro")),
              Table((ui("worksheet_col_step"), ui("worksheet_col_situation"),
                     ui("worksheet_col_points"), ui("worksheet_col_source")),
                    rows, (22, 46, 9, 23)))
    return Sheet("diagnosis-scoring", DIAGNOSIS, ui("worksheet_rules_heading"), w("key_kind"),
                 blocks)


def _cases(language: str) -> tuple[Case, ...]:
    # A case file that does not load is left out here as in the exercise (which names it).
    return load_case_library(language=language).cases


def diagnosis_worksheets(language: str) -> tuple[Sheet, ...]:
    return tuple(case_worksheet(case, language) for case in _cases(language))


def diagnosis_answers(language: str) -> tuple[Sheet, ...]:
    return (diagnosis_scoring(language),
            *(case_answers(case, language) for case in _cases(language)))


# ------------------------------------------------------------------------------------------
# Design a § 17, stk. 4 committee
# ------------------------------------------------------------------------------------------

COMMITTEE = "design-a-committee"


def _options(options) -> TickList:
    return TickList(tuple(_p(option.name) for option in options))


def committee_worksheet(language: str) -> tuple[Sheet, ...]:
    """The four steps of the design with the options to tick and space to write, and a blank
    terms of reference (kommissorium) on a page of its own."""
    w, ui = words(language), ui_text("committee", language)
    data = committee_engine.load_committee_data(language=language)
    options, concepts = data.options, data.concepts
    step = lambda number, key: Heading(ui("ws_step", number=number, title=ui(key)))  # noqa: E731
    challenges = [_p(_b(challenge.title + ". "), challenge.text) for challenge in data.challenges]
    blocks: list[Block] = [
        _p(w("committee_intro")),
        step(1, "step_challenge"), _p(ui("challenge_intro")),
        TickList((*challenges, _p(_b(ui("own_challenge_option"))))),
        WritingLines(3, ui("field_own_challenge")),
        WritingLines(1, ui("field_committee_name")),
        step(2, "step_mandate"),
        WritingBox(ui("field_mandate_question"), 4),
        Heading(ui("field_deliverable"), 3), _options(options.deliverables),
        Heading(ui("field_purpose"), 3),
        TickList(tuple(_p(_b(p.name), ": " + p.question) for p in concepts.purposes)),
        Heading(ui("field_set_up_by"), 3), _options(options.set_up_by),
        step(3, "step_members"),
        Table((ui("field_council_members"), ui("field_parties")), ((BLANK, BLANK),), (50, 50),
              writing=True),
        Heading(ui("ws_groups"), 3),
        Table((ui("field_group"), w("col_how_many"), w("col_recruited")),
              tuple((with_term(g.name, g.danish, language), BLANK, BLANK)
                    for g in options.groups), (40, 18, 42), writing=True),
        _p(_i(ui("ws_recruitment") + ": "),
           "; ".join(f"{letter}) {o.name}" for letter, o in zip("ABCDEFGH", options.recruitment)),
           small=True),
        Heading(ui("field_chair"), 3), _options(options.chairs),
        step(4, "step_working"),
        Table((ui("field_meetings"), ui("field_hours"), ui("field_duration")),
              ((BLANK, BLANK, BLANK),), (33, 33, 34), writing=True),
        TickList((_p(ui("field_open_ended")),)),
        Heading(ui("field_formats"), 3), _p(w("tick_any")), _options(options.meeting_formats),
        Heading(ui("field_phases"), 3), _p(w("tick_any")),
        TickList(tuple(_named(phase) for phase in concepts.phases)),
        Heading(ui("field_route"), 3), _options(options.routes),
    ]
    design = Sheet(COMMITTEE, COMMITTEE, exercise_title(COMMITTEE, language),
                   w("worksheet_kind"), tuple(blocks))
    outline: list[Block] = [_p(_b(ui("k_draft_label") + " "), ui("k_draft_note"))]
    for section, heading in zip(SECTION_IDS, section_headings(ui)):
        outline += [Heading(heading, 3),
                    _p(" ".join(ui(key) for key in SECTION_PROMPTS[section]), small=True),
                    WritingLines(3)]
    terms = Sheet(f"{COMMITTEE}-kommissorium", COMMITTEE, ui("k_title"), w("worksheet_kind"),
                  tuple(outline))
    return design, terms


def _conditions(conditions, data, ui: UiText) -> str:
    return committee_engine.describe_conditions(conditions, data, ui)


def _checks(checks, data, ui: UiText) -> Items:
    """Legal checks or warnings: the verdict, the message, why, when it applies, its source."""
    items = []
    for check in checks:
        items.append(_p(_b(verdict_label(check.verdict, ui.language) + ": "), check.message,
                        " " + check.reason if check.reason else "",
                        " ", _i(ui("ws_when") + ": "), _conditions(check.when, data, ui) + ". ",
                        _i(ui("challenge_source") + ": "), check.source + "."))
    return Items(tuple(items))


def committee_answers(language: str) -> tuple[Sheet, ...]:
    """What the app's feedback rests on: an example question for each challenge, the question
    checklist, the legal frame, the points to clear with the legal staff, the scoring of the
    profile, the warnings, and the example committees with their profiles."""
    w, ui = words(language), ui_text("committee", language)
    data = committee_engine.load_committee_data(language=language)
    concepts = data.concepts
    blocks: list[Block] = [Heading(w("committee_example_questions"))]
    blocks.append(Items(tuple(_p(_b(c.title + ": "), c.example_question)
                              for c in data.challenges)))
    blocks += [Heading(ui("field_checklist")), _p(w("committee_checklist_intro")),
               TickList(tuple(_p(item.text + " ", _i(f"({item.source})"))
                              for item in data.checklist))]
    blocks += [Heading(ui("legal_title")), _p(w("committee_legal_intro")),
               _checks(data.legal_checks, data, ui)]
    if data.legal_points:
        blocks += [Heading(w("committee_legal_points"), 3),
                   Items(tuple(_p(_b(point.point + ": "), point.why)
                               for point in data.legal_points))]
    purposes = concepts.purposes
    blocks += [Heading(ui("ws_scoring_heading")), _p(ui("ws_scoring_text").replace("`", "")),
               Table((w("col_criterion"), ui("ws_starts_at"),
                      w("col_weights", purposes=" / ".join(p.name.lower() for p in purposes))),
                     tuple((with_term(c.name, c.danish, language), str(c.start),
                            " / ".join(format_number(c.weights[p.id], language, 2)
                                       for p in purposes)) for c in data.criteria),
                     (44, 16, 40))]
    for criterion in data.criteria:
        blocks += [Heading(criterion.name, 3),
                   _p(criterion.description + " ", _i(ui("ws_rests_on") + ": "),
                      criterion.source + ".")]
        blocks.append(Items(tuple(
            _p(_b(f"{rule.points:+d} "), _i(ui("ws_when").lower() + " "
                                             + _conditions(rule.when, data, ui) + ": "),
               rule.message + " ", _i(f"({rule.source})"))
            for rule in criterion.rules)))
    blocks += [Heading(ui("warnings_title")), _checks(data.warnings, data, ui)]
    blocks.append(Heading(ui("ws_presets_heading")))
    for preset in data.presets:
        feedback = committee_engine.evaluate(preset.design, data, ui)
        scores = "; ".join(f"{c.name} {c.score}" for c in feedback.profile.criteria)
        fired = " ".join(item.message for item in feedback.warnings.items) or ui("ws_none")
        blocks += [Heading(with_term(preset.name, preset.danish, language), 3),
                   _p(preset.summary),
                   Items((_p(_b(ui("preset_sourced") + ": "), preset.sourced),
                          _p(_b(ui("preset_assumed") + ": "), preset.assumed),
                          _p(_b(ui("preset_source") + ": "), preset.source),
                          _p(_b(ui("ws_profile") + ": "),
                             ui("ws_profile_value", scores=scores,
                                overall=feedback.profile.overall)),
                          _p(_b(ui("ws_warnings") + ": "), fired)))]
    return (Sheet(COMMITTEE, COMMITTEE, exercise_title(COMMITTEE, language), w("key_kind"),
                  tuple(blocks)),)


# ------------------------------------------------------------------------------------------
# Your week as a councillor
# ------------------------------------------------------------------------------------------

WEEK = "your-week"


def week_worksheet(language: str) -> tuple[Sheet, ...]:
    """The activities with a column for the hours, the four obstacles to read them with, the
    real figures to compare with, and an action plan to fill in."""
    w, text = words(language), ui_text("week", language)
    data = week.load_week(language=language)
    concepts = load_concepts(language=language)
    rows = [(_p(_b(activity.label), ": " + activity.help), data.group(activity.group).name,
             BLANK) for activity in data.activities]
    rows.append((_p(_b(w("week_total"))), "", BLANK))
    blocks: list[Block] = [
        _p(w("week_intro")), Heading(text("step1_heading")),
        Table((text("worksheet_col_activity"), text("worksheet_col_counts_as"),
               text("worksheet_col_hours")), tuple(rows), (58, 26, 16), writing=True),
        Heading(w("week_read_heading")), _p(w("week_read_intro")),
        Table((text("worksheet_col_obstacle"), text("worksheet_col_measure"),
               w("col_your_figure"), w("col_see_it")),
              tuple((_p(_b(concepts.get("obstacles", rule.obstacle).name)), rule.measure,
                     BLANK, TICK) for rule in data.rules), (26, 44, 16, 14), writing=True),
        Heading(text("worksheet_figures_heading"), 3)]
    figures = []
    for row in councillor_hours(language=language).sort_values("year").itertuples():
        hours = (week.format_hours(row.hours_low, language) if row.hours_low == row.hours_high
                 else f"{week.format_hours(row.hours_low, language)}–"
                      f"{week.format_hours(row.hours_high, language)}")
        figures.append(_p(text("worksheet_figure_line", year=row.year, measure=row.measure,
                               hours=hours, note=row.note) + " ", _i(row.source), small=True))
    blocks.append(Items(tuple(figures)))
    if data.comparison_note:
        blocks.append(_p(data.comparison_note, small=True))
    blocks += [Heading(text("worksheet_plan_heading")), _p(w("week_plan_intro"))]
    for number, plan in enumerate(data.plan, start=1):
        advice = concepts.get("advice", plan.advice)
        blocks += [Heading(f"{number}. {advice.name}", 3), _p(advice.explanation),
                   TickList(tuple(_p(step_text) for _, step_text in plan.steps)),
                   WritingLines(2, w("week_own_step"))]
    blocks += [_p(_b(text("worksheet_checklist_intro"))),
               TickList(tuple(_p(item_text) for _, item_text in data.checklist))]
    return (Sheet(WEEK, WEEK, exercise_title(WEEK, language), w("worksheet_kind"),
                  tuple(blocks)),)


def week_answers(language: str) -> tuple[Sheet, ...]:
    """How the app reads a week (the lines where each reading turns, and what it says) and an
    example of a concrete step for each piece of advice."""
    w, text = words(language), ui_text("week", language)
    data = week.load_week(language=language)
    concepts = load_concepts(language=language)
    blocks: list[Block] = [Heading(text("worksheet_rules_heading")),
                           _p(text("worksheet_rules_intro"))]
    rows = []
    for rule in data.rules:
        readings = []
        for band in rule.bands:
            verdict = band.name or text(f"verdict_word_{band.verdict}")
            if band.above is None:
                readings.append(text("worksheet_else", verdict=verdict))
            else:
                key = "worksheet_share_band" if rule.kind == "share" else "worksheet_hours_band"
                readings.append(text(key, above=week.format_hours(band.above, language),
                                     verdict=verdict))
        rows.append((concepts.get("obstacles", rule.obstacle).name, rule.measure,
                     "; ".join(readings)))
    blocks.append(Table((text("worksheet_col_obstacle"), text("worksheet_col_measure"),
                         text("worksheet_col_reading")), tuple(rows), (24, 40, 36)))
    blocks += [Heading(text("worksheet_plan_heading")), _p(w("week_key_plan_intro"))]
    for number, plan in enumerate(data.plan, start=1):
        advice = concepts.get("advice", plan.advice)
        blocks += [Heading(f"{number}. {advice.name}", 3),
                   _p(_i(text("worksheet_model") + ": "), plan.model)]
    return (Sheet(WEEK, WEEK, exercise_title(WEEK, language), w("key_kind"), tuple(blocks)),)


# ------------------------------------------------------------------------------------------
# The sets: by exercise, for a session plan, all of them
# ------------------------------------------------------------------------------------------

# Every exercise of data/facilitator/exercises.yaml needs its worksheet and its answer key.
BUILDERS: dict[str, tuple[Callable[[str], tuple[Sheet, ...]],
                          Callable[[str], tuple[Sheet, ...]]]] = {
    SORTING: (sorting_worksheet, sorting_answers),
    DIAGNOSIS: (diagnosis_worksheets, diagnosis_answers),
    COMMITTEE: (committee_worksheet, committee_answers),
    WEEK: (week_worksheet, week_answers),
}


def exercises() -> tuple[str, ...]:
    """The exercises that have worksheets, in the course's order (data/facilitator/exercises.yaml).
    An exercise listed there without worksheets is left out here, so that the book still
    builds; tests/test_worksheets.py fails until it has them (add them to BUILDERS)."""
    listed = tuple(load_exercise_times())
    return (tuple(exercise for exercise in listed if exercise in BUILDERS)
            + tuple(exercise for exercise in BUILDERS if exercise not in listed))


def worksheets_of(exercise: str, language: str | None = None) -> tuple[Sheet, ...]:
    return BUILDERS[exercise][0](language_or_current(language))


def answers_of(exercise: str, language: str | None = None) -> tuple[Sheet, ...]:
    return BUILDERS[exercise][1](language_or_current(language))


class Sheets:
    """The sheets of one language, each exercise's made once: the site's many files (every
    exercise, every case, every session plan, all together) share them."""

    def __init__(self, language: str | None = None):
        self.language = language_or_current(language)
        self._made: dict[tuple[str, bool], tuple[Sheet, ...]] = {}

    def of(self, exercise: str, answers: bool = False) -> tuple[Sheet, ...]:
        key = (exercise, answers)
        if key not in self._made:
            make = answers_of if answers else worksheets_of
            self._made[key] = make(exercise, self.language)
        return self._made[key]


def _words_around(language: str, answers: bool) -> dict[str, str]:
    w = words(language)
    keys = ("course_name", "name_line", "contents", "print_hint", "page_footer", "tick_label",
            "write_label", "key_banner")
    # Templates as written (placeholders such as {page} are filled by the renderer).
    return {key: w(key) for key in keys}


def _sheaf(language: str, answers: bool, exercise_ids, sheaf_id: str, title: str,
           sheets: Sheets | None) -> Sheaf:
    sheets = sheets if sheets is not None and sheets.language == language else Sheets(language)
    chosen = tuple(sheet for exercise in (exercise_ids or exercises())
                   for sheet in sheets.of(exercise, answers))
    default = "set_answer_key" if answers else "set_worksheets"
    return Sheaf(sheaf_id, title or words(language)(default), language, answers, chosen,
                 _words_around(language, answers))


def worksheet_sheaf(language: str | None = None, exercise_ids: tuple[str, ...] | None = None,
                    sheaf_id: str = "worksheets", title: str = "",
                    sheets: Sheets | None = None) -> Sheaf:
    """The worksheets of ``exercise_ids`` (by default every exercise), no answers in them."""
    return _sheaf(language_or_current(language), False, exercise_ids, sheaf_id, title, sheets)


def answer_sheaf(language: str | None = None, exercise_ids: tuple[str, ...] | None = None,
                 sheaf_id: str = "answer-key", title: str = "",
                 sheets: Sheets | None = None) -> Sheaf:
    """The answer key of ``exercise_ids`` (by default every exercise), for the facilitator."""
    return _sheaf(language_or_current(language), True, exercise_ids, sheaf_id, title, sheets)


def single_sheaf(sheet: Sheet, language: str) -> Sheaf:
    """One worksheet on its own (a case, to print for a group)."""
    return Sheaf(sheet.id, sheet.title, language, False, (sheet,),
                 _words_around(language, False))


def plan_exercises(plan: Plan) -> tuple[str, ...]:
    """The exercises a session plan uses, in the order it first uses them."""
    found: list[str] = []
    for session in plan.sessions:
        for block in session.blocks:
            if block.exercise is not None and block.exercise.id not in found:
                found.append(block.exercise.id)
    return tuple(found)


def plan_title(plan: Plan) -> str:
    w = words(plan.language)
    key = f"plan_{plan.id}"
    return w(key) if key in w.keys() else w("plan_other", id=plan.id)


def session_sheaves(plan: Plan, sheets: Sheets | None = None) -> tuple[Sheaf, Sheaf]:
    """A session plan's bundle: all its worksheets, and separately its answer key."""
    w, used = words(plan.language), plan_exercises(plan)
    title = plan_title(plan)
    return (worksheet_sheaf(plan.language, used, f"{plan.id}-worksheets",
                            w("set_session_worksheets", plan=title), sheets),
            answer_sheaf(plan.language, used, f"{plan.id}-answer-key",
                         w("set_session_answer_key", plan=title), sheets))


def session_plans(language: str | None = None) -> tuple[Plan, ...]:
    return tuple(load_plans(language=language_or_current(language)).values())


# ------------------------------------------------------------------------------------------
# Plain text (for tests and for checking what a sheet holds)
# ------------------------------------------------------------------------------------------


def _cell_text(cell: Cell) -> str:
    if isinstance(cell, Paragraph):
        return cell.text
    return cell if isinstance(cell, str) else ""


def block_text(block: Block) -> str:
    if isinstance(block, Heading):
        return block.text
    if isinstance(block, Paragraph):
        return block.text
    if isinstance(block, Items):
        return "\n".join(item.text for item in block.items)
    if isinstance(block, TickList):
        return "\n".join(option.text for option in block.options)
    if isinstance(block, (WritingLines, WritingBox)):
        return block.label
    if isinstance(block, Table):
        return "\n".join([" | ".join(block.header)]
                         + [" | ".join(_cell_text(cell) for cell in row) for row in block.rows])
    raise TypeError(f"not a block: {block!r}")


def sheet_text(sheet: Sheet) -> str:
    return "\n".join([sheet.title, sheet.subtitle, *(block_text(b) for b in sheet.blocks)])


def sheaf_text(sheaf: Sheaf) -> str:
    return "\n\n".join([sheaf.title, *(sheet_text(sheet) for sheet in sheaf.sheets)])
