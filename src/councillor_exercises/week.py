"""The "Your week as a councillor" exercise: hours per activity in, a profile read with the
lecture's everyday obstacles (slide 13) out, and a three-step action plan drawn from its three
pieces of advice (slide 14).

The activities, the rules with their thresholds and messages, and the suggested steps are data
(data/week/); the real figures on councillors' hours come from data/statistics/. This module
applies them and knows nothing of widgets. Hours arrive as the learner typed them: anything
that is not a sensible number of hours is reported, never changed or dropped.
"""

from __future__ import annotations

import math
import re
import string
from dataclasses import dataclass
from pathlib import Path
from typing import Mapping

from .concepts import Concept, load_concepts
from .datafiles import (DataError, EntryReader, data_dir, in_language, language_or_current,
                        load_yaml_file)
from .feedback import FeedbackItem, StepFeedback
from .formats import number as format_number
from .formats import percent as format_percent
from .formats import with_term
from .free_text import DEFAULT_MAX_CHARS, TextCheck, as_inert_markdown, check_free_text
from .statistics_rows import Row, councillor_hours_rows
from .ui_text import ui_text

OWN_STEP = "own"
STEP_LIMIT = DEFAULT_MAX_CHARS
RULE_KINDS = ("share", "hours")
VERDICTS = ("good", "warning", "info")
_NUMBER = re.compile(r"^(\d+([.,]\d*)?|[.,]\d+)$")
_NEGATIVE = re.compile(r"^-\s*(\d+([.,]\d*)?|[.,]\d+)$")


# ---------------------------------------------------------------------------------------------
# The data


@dataclass(frozen=True)
class Group:
    id: str
    name: str
    danish: str
    description: str


@dataclass(frozen=True)
class Activity:
    id: str
    name: str
    danish: str
    help: str
    group: str
    obstacles: tuple[str, ...]
    advice: tuple[str, ...]
    language: str = "en"

    @property
    def label(self) -> str:
        """The activity's name with its Danish name in English; alone in Danish."""
        return with_term(self.name, self.danish, self.language)


@dataclass(frozen=True)
class Band:
    above: float | None    # None: the band for every value not above an earlier band
    verdict: str
    message: str
    name: str = ""         # how the worksheet describes the band


@dataclass(frozen=True)
class Rule:
    id: str
    obstacle: str
    kind: str                              # 'share' or 'hours'
    label: str                             # short name for the chart
    measure: str                           # what is measured, in words
    bands: tuple[Band, ...]
    advice: tuple[str, ...]
    source: str
    share_of: tuple[str, ...] = ()         # kind 'share': group ids
    compared_with: tuple[str, ...] = ()    # kind 'share': group ids
    activities: tuple[str, ...] = ()       # kind 'hours': activity ids
    when_empty: str = ""                   # kind 'share': when both sides have no hours

    @property
    def threshold(self) -> float | None:
        """The lowest 'above' line: where the reading turns (for the chart)."""
        lines = [b.above for b in self.bands if b.above is not None]
        return min(lines) if lines else None


@dataclass(frozen=True)
class ComparisonBand:
    above_ratio: float | None
    message: str


@dataclass(frozen=True)
class PlanAdvice:
    advice: str                            # concept id (data/concepts.yaml, advice)
    steps: tuple[tuple[str, str], ...]     # (step id, text)
    model: str                             # a model own step

    def step_text(self, step_id: str) -> str | None:
        return dict(self.steps).get(step_id)


@dataclass(frozen=True)
class WeekData:
    groups: tuple[Group, ...]
    activities: tuple[Activity, ...]
    rules: tuple[Rule, ...]
    max_hours_per_activity: float
    hours_in_week: float
    comparison_measure: str
    comparison_bands: tuple[ComparisonBand, ...]
    comparison_note: str
    checklist: tuple[tuple[str, str], ...]   # (id, text)
    plan: tuple[PlanAdvice, ...]
    language: str = "en"                     # the language every text above was read in

    def group(self, group_id: str) -> Group:
        return next(g for g in self.groups if g.id == group_id)

    def activity(self, activity_id: str) -> Activity:
        return next(a for a in self.activities if a.id == activity_id)

    def plan_advice(self, advice_id: str) -> PlanAdvice:
        return next(p for p in self.plan if p.advice == advice_id)


def _template_fields(reader: EntryReader, field: str, allowed: set[str]) -> str:
    """A message with {placeholders}: refuse a placeholder the exercise cannot fill."""
    message = reader.text(field)
    try:
        names = {name for _, name, _, _ in string.Formatter().parse(message) if name is not None}
    except ValueError as error:
        reader.fail(field, f"has a brace that does not close a placeholder ({error})")
    unknown = names - allowed
    if unknown:
        reader.fail(field, f"uses the placeholder {{{sorted(unknown)[0]}}}; it may use only: "
                    + ", ".join("{" + n + "}" for n in sorted(allowed)))
    return message


def _ids(reader: EntryReader, field: str, known: list[str], *, min_items: int = 0) -> tuple:
    return tuple(reader.text_list(field, choices=known, min_items=min_items))


def _unique(item: EntryReader, value: str, seen: set[str], what: str) -> None:
    if value in seen:
        item.fail("id", f"'{value}' is used by two {what}")
    seen.add(value)


def _load_activities(path: Path, concepts) -> tuple[tuple[Group, ...], tuple[Activity, ...]]:
    reader = EntryReader.for_file(path, load_yaml_file(path))
    reader.only_fields(("groups", "activities"))
    groups, seen = [], set()
    for item in reader.entries("groups", min_items=2, key="id"):
        item.only_fields(("id", "name", "danish", "description"))
        group = Group(item.text("id"), item.text("name"), item.text("danish"),
                      item.text("description"))
        _unique(item, group.id, seen, "groups")
        groups.append(group)
    activities, seen = [], set()
    for item in reader.entries("activities", min_items=2, key="id"):
        item.only_fields(("id", "name", "danish", "help", "group", "obstacles", "advice"))
        activity = Activity(
            id=item.text("id"), name=item.text("name"), danish=item.text("danish"),
            help=item.text("help"), group=item.choice("group", [g.id for g in groups]),
            obstacles=_ids(item, "obstacles", concepts.ids("obstacles")),
            advice=_ids(item, "advice", concepts.ids("advice")), language=item.language)
        _unique(item, activity.id, seen, "activities")
        activities.append(activity)
    return tuple(groups), tuple(activities)


def _bands(item: EntryReader, allowed: set[str]) -> tuple[Band, ...]:
    bands = []
    entries = item.entries("bands", min_items=1)
    for position, band in enumerate(entries):
        band.only_fields(("above", "name", "verdict", "message"))
        last = position == len(entries) - 1
        above = band.number("above", required=not last) if band.has("above") or not last else None
        if last and above is not None:
            band.fail("above", "the last band must have no 'above': it applies to every other "
                      "value")
        if bands and above is not None and bands[-1].above is not None and above >= bands[-1].above:
            band.fail("above", f"is {above:g}; bands must go from the highest 'above' down")
        bands.append(Band(above, band.choice("verdict", VERDICTS),
                          _template_fields(band, "message", allowed),
                          band.text("name", required=False)))
    return tuple(bands)


def _load_rules(path: Path, concepts, groups, activities) -> dict:
    reader = EntryReader.for_file(path, load_yaml_file(path))
    reader.only_fields(("limits", "rules", "hours_comparison"))
    limits = reader.sub("limits")
    limits.only_fields(("max_hours_per_activity", "hours_in_week"))
    group_ids = [g.id for g in groups]
    activity_ids = [a.id for a in activities]
    rules, seen = [], set()
    for item in reader.entries("rules", min_items=1, key="id"):
        item.only_fields(("id", "obstacle", "kind", "label", "measure", "share_of",
                          "compared_with", "activities", "bands", "when_empty", "advice",
                          "source"))
        kind = item.choice("kind", RULE_KINDS)
        common = dict(
            id=item.text("id"), obstacle=item.choice("obstacle", concepts.ids("obstacles")),
            kind=kind, label=item.text("label", max_length=60), measure=item.text("measure"),
            advice=_ids(item, "advice", concepts.ids("advice"), min_items=1),
            source=item.text("source"))
        _unique(item, common["id"], seen, "rules")
        if kind == "share":
            rule = Rule(**common, bands=_bands(item, {"percent", "hours_share", "hours_other"}),
                        share_of=_ids(item, "share_of", group_ids, min_items=1),
                        compared_with=_ids(item, "compared_with", group_ids, min_items=1),
                        when_empty=item.text("when_empty"))
            overlap = set(rule.share_of) & set(rule.compared_with)
            if overlap:
                item.fail("compared_with", f"'{sorted(overlap)[0]}' is also under share_of")
        else:
            rule = Rule(**common, bands=_bands(item, {"hours"}),
                        activities=_ids(item, "activities", activity_ids, min_items=1))
        rules.append(rule)
    comparison = reader.sub("hours_comparison")
    comparison.only_fields(("measure", "bands", "note"))
    bands = []
    entries = comparison.entries("bands", min_items=1)
    for position, band in enumerate(entries):
        band.only_fields(("above_ratio", "message"))
        last = position == len(entries) - 1
        ratio = None if last else band.number("above_ratio", minimum=0)
        if last and band.has("above_ratio"):
            band.fail("above_ratio", "the last band must have no 'above_ratio'")
        bands.append(ComparisonBand(ratio, _template_fields(band, "message",
                                                            {"total", "average", "year"})))
    return dict(
        rules=tuple(rules),
        max_hours_per_activity=limits.number("max_hours_per_activity", minimum=1, maximum=168),
        hours_in_week=limits.number("hours_in_week", minimum=1, maximum=168),
        comparison_measure=comparison.text("measure"), comparison_bands=tuple(bands),
        comparison_note=comparison.text("note", required=False))


def _load_plan(path: Path, concepts) -> dict:
    reader = EntryReader.for_file(path, load_yaml_file(path))
    reader.only_fields(("checklist", "advice"))
    checklist, seen = [], set()
    for item in reader.entries("checklist", min_items=1, key="id"):
        item.only_fields(("id", "text"))
        _unique(item, item.text("id"), seen, "checklist items")
        checklist.append((item.text("id"), item.text("text")))
    plan = []
    for item in reader.entries("advice", key="advice"):
        item.only_fields(("advice", "steps", "model"))
        advice = item.choice("advice", concepts.ids("advice"))
        if advice in {p.advice for p in plan}:
            item.fail("advice", f"'{advice}' is listed twice")
        steps, seen = [], set()
        for step in item.entries("steps", min_items=1, key="id"):
            step.only_fields(("id", "text"))
            step_id = step.text("id")
            if step_id == OWN_STEP:
                step.fail("id", f"'{OWN_STEP}' is kept for the learner's own step")
            _unique(step, step_id, seen, "steps")
            steps.append((step_id, step.text("text")))
        plan.append(PlanAdvice(advice, tuple(steps), item.text("model")))
    missing = [a for a in concepts.ids("advice") if a not in {p.advice for p in plan}]
    if missing:
        reader.fail("advice", f"has no steps for the advice '{missing[0]}': the plan needs a step "
                    "for each piece of advice")
    order = concepts.ids("advice")
    plan.sort(key=lambda p: order.index(p.advice))
    return dict(checklist=tuple(checklist), plan=tuple(plan))


def load_week(folder: Path | None = None, language: str | None = None) -> WeekData:
    """The exercise's data (data/week/) in ``language``, validated: a problem names the file,
    entry and field. Every message the exercise gives follows the data's language."""
    folder = folder or data_dir() / "week"
    language = language_or_current(language)
    concepts = load_concepts(language=language)
    with in_language(language):
        groups, activities = _load_activities(folder / "activities.yaml", concepts)
        rules = _load_rules(folder / "rules.yaml", concepts, groups, activities)
        plan = _load_plan(folder / "action-plan.yaml", concepts)
    return WeekData(groups=groups, activities=activities, **rules, **plan, language=language)


# ---------------------------------------------------------------------------------------------
# Reading the hours


@dataclass(frozen=True)
class HoursEntry:
    activity: str
    raw: str             # as typed
    hours: float         # 0 when empty or unusable
    problem: str = ""    # a message when the entry cannot be used


@dataclass(frozen=True)
class WeekAnswer:
    """The hours as the learner typed them: activity id -> text (or a number)."""

    hours: tuple[tuple[str, object], ...] = ()

    @classmethod
    def from_mapping(cls, hours: Mapping[str, object]) -> "WeekAnswer":
        return cls(tuple(hours.items()))


def format_hours(value: float, language: str | None = None) -> str:
    """Hours as a learner reads them: 4, 2.5, 0.3 (2,5 and 0,3 in Danish)."""
    return format_number(value, language, 1)


def hours_text(value: float, language: str | None = None) -> str:
    """Hours with their unit, as a sentence needs them: '1 hour', '2.5 hours'."""
    shown = format_hours(value, language)
    return ui_text("week", language)("hours_one" if shown == "1" else "hours_many", hours=shown)


def _quote(raw: str, limit: int = 30) -> str:
    return raw if len(raw) <= limit else raw[:limit] + "…"


def parse_hours(activity: Activity, raw: object, limit: float,
                language: str | None = None) -> HoursEntry:
    """One entry read as hours. Empty counts as 0; a comma works as a decimal point (2,5).
    Never raises: a negative, too large or non-numeric entry gets a message instead (in
    ``language``, by default the activity's)."""
    language = language or activity.language
    text = ui_text("week", language)
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return HoursEntry(activity.id, "", 0.0)
    if isinstance(raw, bool):
        raw = str(raw)
    if isinstance(raw, (int, float)):
        typed = format_hours(raw, language) if math.isfinite(raw) else str(raw)
        value = float(raw)
        if not math.isfinite(value):
            return HoursEntry(activity.id, typed, 0.0,
                              text("hours_not_number", activity=activity.name, value=typed))
    else:
        typed = str(raw)
        cleaned = typed.strip()
        if _NEGATIVE.match(cleaned):
            return HoursEntry(activity.id, typed, 0.0,
                              text("hours_negative", activity=activity.name,
                                   value=_quote(typed.strip())))
        if not _NUMBER.match(cleaned):
            return HoursEntry(activity.id, typed, 0.0,
                              text("hours_not_number", activity=activity.name,
                                   value=_quote(typed.strip())))
        value = float(cleaned.replace(",", "."))
    if value < 0:
        return HoursEntry(activity.id, typed, 0.0,
                          text("hours_negative", activity=activity.name, value=_quote(typed)))
    if value > limit:
        return HoursEntry(activity.id, typed, 0.0,
                          text("hours_too_many", activity=activity.name, value=_quote(typed),
                               limit=format_hours(limit, language)))
    return HoursEntry(activity.id, typed, value)


@dataclass(frozen=True)
class Measure:
    """One rule applied to the learner's week."""

    rule: Rule
    value: float | None      # a percentage (share) or hours; None when it cannot be read
    hours_share: float = 0.0
    hours_other: float = 0.0
    band: Band | None = None

    @property
    def verdict(self) -> str:
        return self.band.verdict if self.band else "info"


@dataclass(frozen=True)
class WeekProfile:
    entries: tuple[HoursEntry, ...]
    total: float
    group_hours: tuple[tuple[str, float], ...]   # (group id, hours), in the data's order

    def hours_of(self, group_id: str) -> float:
        return dict(self.group_hours).get(group_id, 0.0)

    def activity_hours(self, activity_id: str) -> float:
        return next((e.hours for e in self.entries if e.activity == activity_id), 0.0)


@dataclass(frozen=True)
class Comparison:
    total: float
    average: float
    year: int
    message: str
    note: str
    source: str


@dataclass(frozen=True)
class WeekResult:
    feedback: StepFeedback
    entries: tuple[HoursEntry, ...]
    profile: WeekProfile | None          # None while the hours have problems to fix
    measures: tuple[Measure, ...] = ()
    comparison: Comparison | None = None
    language: str = "en"                 # the language of the feedback and the charts' words

    @property
    def ok(self) -> bool:
        return self.profile is not None

    def pressing_advice(self) -> tuple[str, ...]:
        """The advice of every rule that gives a warning, in the data's order."""
        found: list[str] = []
        for measure in self.measures:
            if measure.verdict == "warning":
                found += [a for a in measure.rule.advice if a not in found]
        return tuple(found)


def _pick(bands, value: float):
    for band in bands:
        threshold = band.above if isinstance(band, Band) else band.above_ratio
        if threshold is None or value > threshold:
            return band
    return bands[-1]


def measure(rule: Rule, profile: WeekProfile, data: WeekData) -> Measure:
    if rule.kind == "hours":
        hours = sum(profile.activity_hours(a) for a in rule.activities)
        return Measure(rule, hours, hours, 0.0, _pick(rule.bands, hours))
    share = sum(profile.hours_of(g) for g in rule.share_of)
    other = sum(profile.hours_of(g) for g in rule.compared_with)
    if share + other <= 0:
        return Measure(rule, None)
    percent = 100 * share / (share + other)
    return Measure(rule, percent, share, other, _pick(rule.bands, percent))


def measure_message(m: Measure, language: str | None = None) -> str:
    if m.value is None:
        return m.rule.when_empty
    if m.rule.kind == "hours":
        return m.band.message.format(hours=hours_text(m.value, language))
    return m.band.message.format(percent=round(m.value),
                                 hours_share=hours_text(m.hours_share, language),
                                 hours_other=hours_text(m.hours_other, language))


def by_year(figures: list[Row], latest_first: bool = False) -> list[Row]:
    """The real figures on councillors' hours in order of year, a year's figures in the file's
    order; ``latest_first`` gives the same list read from its end."""
    ordered = sorted(figures, key=lambda row: row["year"])
    return ordered[::-1] if latest_first else ordered


def compare_hours(total: float, data: WeekData,
                  figures: list[Row] | None = None) -> Comparison | None:
    """The learner's total beside the latest real figure of the chosen measure (named in
    rules.yaml by the CSV's own 'measure' value, whatever the language shown)."""
    figures = (councillor_hours_rows(language=data.language) if figures is None
               else figures)
    rows = [row for row in figures
            if row.get("measure_id", row["measure"]) == data.comparison_measure]
    if not rows:
        raise DataError("data/week/rules.yaml", "hours_comparison", "measure",
                        f"'{data.comparison_measure}' is not a measure in "
                        "data/statistics/councillor-hours.csv")
    row = by_year(rows)[-1]
    average = float(row["hours_low"] + row["hours_high"]) / 2
    band = _pick(data.comparison_bands, total / average if average else 0.0)
    message = band.message.format(total=hours_text(total, data.language),
                                  average=format_hours(average, data.language),
                                  year=int(row["year"]))
    return Comparison(total, average, int(row["year"]), message, data.comparison_note,
                      str(row["source"]))


def read_week(data: WeekData, answer: WeekAnswer) -> tuple[tuple[HoursEntry, ...], list[str]]:
    """Every activity's entry, and the problems to fix (in the order of the activities)."""
    typed = dict(answer.hours)
    entries = tuple(parse_hours(a, typed.get(a.id), data.max_hours_per_activity, data.language)
                    for a in data.activities)
    problems = [e.problem for e in entries if e.problem]
    total = sum(e.hours for e in entries)
    text = ui_text("week", data.language)
    if not problems:
        if total > data.hours_in_week:
            problems.append(text("total_too_many", total=format_hours(total, data.language),
                                 limit=format_hours(data.hours_in_week, data.language)))
        elif total <= 0:
            problems.append(text("no_hours"))
    return entries, problems


def evaluate_week(data: WeekData, answer: WeekAnswer) -> WeekResult:
    """The learner's week read with the lecture's obstacles, or the problems to fix first, in
    the data's language."""
    language = data.language
    text = ui_text("week", language)
    concepts = load_concepts(language=language)
    entries, problems = read_week(data, answer)
    if problems:
        feedback = StepFeedback("week", text("week_title"), None, text("week_headline_problems"),
                                (), tuple(problems))
        return WeekResult(feedback, entries, None, language=language)
    total = sum(e.hours for e in entries)
    group_hours = tuple((g.id, sum(e.hours for e in entries
                                   if data.activity(e.activity).group == g.id))
                        for g in data.groups)
    profile = WeekProfile(entries, total, group_hours)
    measures = tuple(measure(rule, profile, data) for rule in data.rules)
    comparison = compare_hours(total, data)
    items = [FeedbackItem("info", comparison.message,
                          comparison.note, text("comparison_reference", source=comparison.source))]
    for m in measures:
        obstacle = concepts.get("obstacles", m.rule.obstacle)
        advice = [concepts.get("advice", a) for a in m.rule.advice]
        lines = [text("rule_obstacle", obstacle=obstacle.name, explanation=obstacle.explanation),
                 text("rule_measure", measure=m.rule.measure)]
        if m.verdict == "warning":
            lines.append(text("rule_helps", advice="; ".join(a.name for a in advice)))
        reason = "\n".join(lines)
        reference = text("rule_reference", chapter=concepts.chapter_name(obstacle.chapter),
                         source=m.rule.source)
        # A reading of one's own hours is no answer to grade: no "Well spotted" on it.
        label = text("verdict_word_good") if m.verdict == "good" else ""
        items.append(FeedbackItem(m.verdict, measure_message(m, language), reason, reference,
                                  label))
    biggest = max(entries, key=lambda e: e.hours)
    activity = data.activity(biggest.activity)
    linked = [concepts.get("obstacles", o).name for o in activity.obstacles]
    items.append(FeedbackItem(
        "info", text("biggest_block", activity=activity.name,
                     hours=hours_text(biggest.hours, language),
                     percent=round(100 * biggest.hours / total)),
        text("biggest_linked", obstacles="; ".join(linked)) if linked
        else text("biggest_unlinked"), ""))
    headline = text("week_headline", total=hours_text(total, language),
                    warnings=sum(1 for m in measures if m.verdict == "warning"),
                    rules=len(measures))
    return WeekResult(StepFeedback("week", text("week_title"), None, headline, tuple(items)),
                      entries, profile, measures, comparison, language)


# ---------------------------------------------------------------------------------------------
# The action plan


@dataclass(frozen=True)
class PlanChoice:
    """The learner's step for one piece of advice: a suggested step's id, 'own' (with the text
    and the checklist items ticked), or None for no choice yet."""

    advice: str
    step: str | None = None
    own_text: str = ""
    ticked: tuple[str, ...] = ()


@dataclass(frozen=True)
class PlanAnswer:
    choices: tuple[PlanChoice, ...] = ()

    def choice_for(self, advice: str) -> PlanChoice:
        return next((c for c in self.choices if c.advice == advice), PlanChoice(advice))


@dataclass(frozen=True)
class PlanStep:
    advice: Concept
    choice: PlanChoice
    text: str                      # the step as it goes in the plan ('' when there is none)
    own: bool
    check: TextCheck | None        # for an own step
    missing_checks: tuple[str, ...] = ()   # checklist texts not ticked
    pressing: bool = False         # the learner's week points to this advice

    @property
    def usable(self) -> bool:
        return bool(self.text) and (not self.own or (self.check is not None and self.check.ok))


@dataclass(frozen=True)
class PlanResult:
    feedback: StepFeedback
    steps: tuple[PlanStep, ...]

    @property
    def complete(self) -> bool:
        return all(step.usable for step in self.steps)


def evaluate_plan(data: WeekData, answer: PlanAnswer,
                  week: WeekResult | None = None) -> PlanResult:
    """Feedback on each step of the plan. An own step is checked for length, never graded:
    the learner ticks the checklist and sees a model step. In the data's language."""
    text = ui_text("week", data.language)
    common = ui_text("common", data.language)
    concepts = load_concepts(language=data.language)
    pressing = set(week.pressing_advice()) if week is not None else set()
    steps, items, problems = [], [], []
    for plan in data.plan:
        advice = concepts.get("advice", plan.advice)
        choice = answer.choice_for(plan.advice)
        reference = text("plan_reference", chapter=concepts.chapter_name(advice.chapter),
                         slide=advice.slide)
        why = text("plan_pressing") if plan.advice in pressing else ""
        if choice.step == OWN_STEP:
            check = check_free_text(choice.own_text, STEP_LIMIT)
            ticked = set(choice.ticked)
            missing = tuple(t for i, t in data.checklist if i not in ticked)
            step = PlanStep(advice, choice, check.text, True, check, missing,
                            plan.advice in pressing)
            model = text("plan_model", model=plan.model)
            if check.problem == "empty":
                # Said once, beside the step (not again as a problem above the plan).
                items.append(FeedbackItem("missing", text("plan_own_empty", advice=advice.name),
                                          " ".join(p for p in (why, model) if p), reference))
            elif check.problem == "too_long":
                message = common("too_long", length=format_number(check.length, data.language),
                                 limit=format_number(check.limit, data.language))
                problems.append(text("plan_own_too_long", advice=advice.name) + " " + message)
                items.append(FeedbackItem("partly", text("plan_own_too_long", advice=advice.name),
                                          model, reference))
            else:
                verdict = "good" if not missing else "partly"
                message = text("plan_own_step", advice=advice.name, step=check.text)
                if missing:
                    message += " " + text("plan_own_missing",
                                          ticked=len(data.checklist) - len(missing),
                                          total=len(data.checklist),
                                          items="; ".join(m.rstrip(".") for m in missing))
                else:
                    message += " " + text("plan_own_complete")
                if check.contains_markup:
                    message += " " + common("markup_note")
                items.append(FeedbackItem(verdict, message,
                                          " ".join(p for p in (why, model) if p), reference,
                                          text("plan_label_ready") if verdict == "good" else ""))
        elif choice.step and plan.step_text(choice.step):
            step_text = plan.step_text(choice.step)
            step = PlanStep(advice, choice, step_text, False, None, (), plan.advice in pressing)
            items.append(FeedbackItem("good", text("plan_suggested_step", advice=advice.name,
                                                   step=step_text),
                                      " ".join(p for p in (why, advice.explanation) if p),
                                      reference, text("plan_label_ready")))
        else:
            step = PlanStep(advice, choice, "", False, None, (), plan.advice in pressing)
            items.append(FeedbackItem("missing", text("plan_no_step", advice=advice.name),
                                      " ".join(p for p in (why, advice.explanation) if p),
                                      reference))
        steps.append(step)
    ready = sum(1 for s in steps if s.usable)
    headline = text("plan_headline", ready=ready, total=len(steps))
    feedback = StepFeedback("plan", text("plan_title"), None, headline, tuple(items),
                            tuple(problems))
    return PlanResult(feedback, tuple(steps))


# ---------------------------------------------------------------------------------------------
# The chart data and the file to download


def profile_rows(data: WeekData, result: WeekResult) -> list[Row]:
    """Hours and share per group (group, hours, percent, label), for
    charts.week.profile_chart."""
    rows = []
    if result.profile is not None:
        for group in data.groups:
            hours = result.profile.hours_of(group.id)
            percent = 100 * hours / result.profile.total if result.profile.total else 0
            rows.append({"group": group.name, "hours": hours, "percent": percent,
                         "label": ui_text("week", data.language)(
                             "chart_hours_label", hours=format_hours(hours, data.language),
                             percent=round(percent))})
    return rows


def hours_rows(result: WeekResult, figures: list[Row] | None = None) -> list[Row]:
    """The learner's total beside the real figures (row, low, high, kind, label), for
    charts.week.hours_chart (in the result's language)."""
    language = result.language
    text = ui_text("week", language)
    figures = councillor_hours_rows(language=language) if figures is None else figures
    rows = []
    if result.profile is not None:
        total = result.profile.total
        rows.append({"row": text("chart_you_row"), "low": total, "high": total, "kind": "you",
                     "label": text("chart_hours_value", hours=format_hours(total, language))})
    for figure in by_year(figures, latest_first=True):
        low, high = figure["hours_low"], figure["hours_high"]
        if low == high:
            label = text("chart_hours_value", hours=format_hours(low, language))
        else:
            label = text("chart_hours_range", low=format_hours(low, language),
                         high=format_hours(high, language))
        rows.append({"row": text("chart_stat_row", year=figure["year"],
                                 measure=figure["measure"]),
                     "low": low, "high": high, "kind": "reported", "label": label})
    return rows


def obstacle_rows(result: WeekResult) -> list[Row]:
    """The share rules that could be read, with their turning line (rule, percent, threshold,
    label), for charts.week."""
    text = ui_text("week", result.language)
    rows = []
    for m in result.measures:
        if m.rule.kind != "share" or m.value is None:
            continue
        rows.append({"rule": m.rule.label, "percent": m.value,
                     "threshold": m.rule.threshold if m.rule.threshold is not None else 50.0,
                     "label": text("chart_obstacle_label", percent=round(m.value),
                                   verdict=text(f"verdict_word_{m.verdict}"))})
    return rows


def chart_texts(data: WeekData, result: WeekResult) -> dict[str, dict[str, str]]:
    """Titles, text alternatives and sources of the three charts, in the data's language."""
    language = data.language
    text = ui_text("week", language)
    if result.profile is None:
        return {}

    def hours(low: float, high: float | None = None) -> str:
        if high is not None and high != low:
            return text("chart_hours_range", low=format_hours(low, language),
                        high=format_hours(high, language))
        return text("chart_hours_value", hours=format_hours(low, language))

    def one_stop(sentence: str) -> str:
        # A unit written with a full stop ("t." in Danish) at the end of a sentence takes no
        # second one.
        return sentence.replace("..", ".")

    profile = "; ".join(f"{g.name}: {hours(result.profile.hours_of(g.id))}" for g in data.groups)
    reported = councillor_hours_rows(language=language)
    figures = "; ".join(f"{r['year']}, {r['measure']}: {hours(r['hours_low'], r['hours_high'])}"
                        for r in by_year(reported))
    readings = "; ".join(f"{m.rule.label}: {format_percent(round(m.value), language)} "
                         f"({text(f'verdict_word_{m.verdict}')}, "
                         f"{text('chart_line', line=format_hours(m.rule.threshold or 50, language))})"
                         for m in result.measures if m.rule.kind == "share" and m.value is not None)
    return {
        "profile": {"title": text("chart_profile_title"),
                    "description": one_stop(text("chart_profile_description",
                                                 total=format_hours(result.profile.total,
                                                                    language),
                                                 profile=profile)),
                    "source": text("chart_profile_source"), "language": language},
        "hours": {"title": text("chart_hours_title"),
                  "description": one_stop(text("chart_hours_description",
                                               total=format_hours(result.profile.total,
                                                                  language),
                                               figures=figures)),
                  "source": "; ".join(dict.fromkeys(r["source"] for r in reported)),
                  "language": language},
        "obstacles": {"title": text("chart_obstacles_title"),
                      "description": text("chart_obstacles_description",
                                          readings=readings or text("chart_no_readings")),
                      "source": text("chart_obstacles_source"), "language": language},
    }


def _md_cell(value: str) -> str:
    return as_inert_markdown(value).replace("\n", " ")


def plan_markdown(data: WeekData, week: WeekResult, plan: PlanResult | None = None) -> str:
    """The learner's week, its reading and the action plan, as Markdown to download. Every
    text the learner typed is escaped; hours that could not be read are kept as typed. In the
    data's language."""
    language = data.language
    text = ui_text("week", language)
    lines = [f"# {text('summary_title')}", "", f"## {text('summary_hours_heading')}", "",
             f"| {text('summary_col_activity')} | {text('summary_col_hours')} |", "|---|---|"]
    for entry in week.entries:
        activity = data.activity(entry.activity)
        shown = (format_hours(entry.hours, language) if not entry.problem and entry.raw
                 else _md_cell(entry.raw) if entry.raw else "0")
        if entry.problem:
            shown += f" ({text('summary_not_read')})"
        name = (f"{activity.name} (*{activity.danish}*)" if language == "en"
                else activity.name)
        lines.append(f"| {name} | {shown} |")
    lines.append("")
    if week.feedback.problems:
        lines += [f"**{text('summary_problems')}**", ""]
        lines += [f"- {as_inert_markdown(p)}" for p in week.feedback.problems]
        lines.append("")
    if week.profile is not None:
        lines += [f"## {text('summary_profile_heading')}", "", week.feedback.headline, ""]
        lines += [f"| {text('summary_col_group')} | {text('summary_col_hours')} | % |",
                  "|---|---|---|"]
        for group in data.groups:
            hours = week.profile.hours_of(group.id)
            lines.append(f"| {group.name} | {format_hours(hours, language)} | "
                         f"{round(100 * hours / week.profile.total)} |")
        lines += ["", f"## {text('summary_reading_heading')}", ""]
        for item in week.feedback.items:
            lines.append(f"- **{text(f'verdict_word_{item.verdict}')}:** {item.message}")
            if item.reason:
                lines.append("  " + item.reason.replace("\n", "\n  "))
            if item.reference:
                lines.append(f"  *{item.reference}*")
        lines.append("")
    lines += [f"## {text('summary_plan_heading')}", ""]
    if plan is None:
        lines += [text("summary_plan_not_yet"), ""]
    else:
        lines += [plan.feedback.headline, ""]
        for number, step in enumerate(plan.steps, start=1):
            lines.append(f"{number}. **{step.advice.name}** ({text('summary_slide', slide=step.advice.slide)})")
            if step.own and step.text:
                lines.append(f"   {text('summary_own_step')}: {_md_cell(step.text)}")
                ticked = [t for i, t in data.checklist if i in step.choice.ticked]
                lines.append(f"   {text('summary_checklist', ticked=len(ticked), total=len(data.checklist))}"
                             + (" " + text("summary_missing",
                                           items="; ".join(m.rstrip(".") for m in step.missing_checks))
                                if step.missing_checks else ""))
            elif step.text:
                lines.append(f"   {text('summary_suggested_step')}: {step.text}")
            else:
                lines.append(f"   {text('summary_no_step')}")
        lines.append("")
        if plan.feedback.problems:
            lines += [f"**{text('summary_problems')}**", ""]
            lines += [f"- {as_inert_markdown(p)}" for p in plan.feedback.problems]
            lines.append("")
    lines += [f"*{text('summary_sources')}*", ""]
    return "\n".join(lines)
