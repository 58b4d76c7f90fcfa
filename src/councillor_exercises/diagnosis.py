"""The diagnosis exercise's rules: a learner's reading of a case in, explained feedback out.

Pure functions over frozen dataclasses. The points come from data/cases/_scoring.yaml, the
messages from data/ui/diagnosis.yaml (in the language of the context), the expert reading from the case file and the
lecture's ideas from data/concepts.yaml, so none of them is written into the code. Free text
is never graded: the learner compares it with a model answer and ticks a checklist.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from .cases import Case
from .concepts import Concept, Concepts, load_concepts
from .datafiles import EntryReader, data_dir, in_language, language_or_current, load_yaml_file
from .feedback import verdict_label, FeedbackItem, StepFeedback
from .formats import number as format_number
from .formats import percent as format_percent
from .free_text import TextCheck, as_inert_markdown, check_free_text
from .ui_text import UiText, ui_text

__all__ = [
    "ActorsAnswer", "Context", "Diagnosis", "LeadershipAnswer", "ObstaclesAnswer", "PhaseAnswer",
    "Report", "Scoring", "ScoringRule", "TypeAnswer", "BOTH", "NO_PURPOSE", "STEPS",
    "chart_source", "default_context", "evaluate", "evaluate_step", "load_scoring",
    "revealed_tasks", "score_table", "actor_table", "self_assessment_lines",
    "summary_markdown", "type_ids",
]

# The five scored steps, in the order the learner meets them (the sixth is the summary).
STEPS = ("innovation_type", "actors", "phase", "obstacles", "leadership")
BOTH = "both"            # the innovation-type answer "service and policy"
NO_PURPOSE = "any"       # an actor involved without a particular purpose

REQUIRED_RULES = {
    "innovation_type": ("type-same", "type-overlap", "type-accepted", "type-other"),
    "actors": ("actor-same-purpose", "actor-other-purpose", "actor-no-purpose", "actor-missing",
               "actor-little-reason", "actor-useful"),
    "phase": ("phase-most", "phase-also", "phase-accepted", "phase-less"),
    "obstacles": ("obstacle-right-line", "obstacle-other-line", "obstacle-missed",
                  "obstacle-rightly-left-out", "obstacle-accepted", "obstacle-not-shown"),
    "leadership": ("checklist-point",),
}


# ---------------------------------------------------------------------------------- answers

@dataclass(frozen=True)
class TypeAnswer:
    choice: str = ""         # an innovation_types id, BOTH, or '' (not answered)
    why: str = ""


@dataclass(frozen=True)
class ActorsAnswer:
    # (actor id, purpose id or NO_PURPOSE) for each actor the learner involves
    choices: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class PhaseAnswer:
    phase: str = ""          # a phases id, or '' (not answered)


@dataclass(frozen=True)
class ObstaclesAnswer:
    # (obstacle id, evidence line id or '') for each obstacle the learner sees in the case
    marks: tuple[tuple[str, str], ...] = ()
    # the learner says none of the four shows: without it (and without marks) the step is
    # not answered, so a blank step earns nothing
    none_seen: bool = False


@dataclass(frozen=True)
class LeadershipAnswer:
    texts: tuple[tuple[str, str], ...] = ()    # (task id, the learner's text)
    ticks: tuple[tuple[str, int], ...] = ()    # (task id, checklist item index) ticked


@dataclass(frozen=True)
class Diagnosis:
    """Everything a learner has answered about one case."""

    innovation_type: TypeAnswer = field(default_factory=TypeAnswer)
    actors: ActorsAnswer = field(default_factory=ActorsAnswer)
    phase: PhaseAnswer = field(default_factory=PhaseAnswer)
    obstacles: ObstaclesAnswer = field(default_factory=ObstaclesAnswer)
    leadership: LeadershipAnswer = field(default_factory=LeadershipAnswer)


# ---------------------------------------------------------------------------------- scoring

@dataclass(frozen=True)
class ScoringRule:
    id: str
    step: str
    points: float
    situation: str
    source: str


@dataclass(frozen=True)
class Scoring:
    weights: dict[str, float]
    rules: tuple[ScoringRule, ...]
    source_file: str = ""
    self_assessed: frozenset[str] = frozenset()   # steps reported apart from the score

    def points(self, rule_id: str) -> float:
        return next(rule.points for rule in self.rules if rule.id == rule_id)

    def scored_steps(self) -> tuple[str, ...]:
        return tuple(step for step in STEPS if step not in self.self_assessed)


def load_scoring(path: Path | None = None, language: str | None = None) -> Scoring:
    """The points and weights of data/cases/_scoring.yaml, validated, with the situations'
    words in ``language``."""
    path = path or data_dir() / "cases" / "_scoring.yaml"
    with in_language(language_or_current(language)):
        return _read_scoring(path)


def _read_scoring(path: Path) -> Scoring:
    reader = EntryReader.for_file(path, load_yaml_file(path), entry="scoring")
    reader.only_fields(("steps", "rules"))
    weights, self_assessed = {}, set()
    for item in reader.entries("steps", min_items=1, key="id"):
        item.only_fields(("id", "weight", "self_assessed"))
        step = item.choice("id", STEPS)
        if step in weights:
            item.fail("id", f"'{step}' is listed twice")
        weights[step] = item.number("weight", minimum=0, maximum=10)
        if item.boolean("self_assessed", required=False):
            if weights[step] != 0:
                item.fail("weight", "a self-assessed step is reported apart and never counts in "
                          "the overall score: its weight must be 0")
            self_assessed.add(step)
    missing = [s for s in STEPS if s not in weights]
    if missing:
        reader.fail("steps", f"every step needs a weight; missing: {', '.join(missing)}")
    if sum(weights.values()) <= 0:
        reader.fail("steps", "at least one step needs a weight above 0")
    rules = []
    for item in reader.entries("rules", min_items=1, key="id"):
        item.only_fields(("id", "step", "points", "situation", "source"))
        rule_id = item.text("id")
        step = item.choice("step", STEPS)
        if rule_id not in REQUIRED_RULES[step]:
            item.fail("id", f"'{rule_id}' is not a rule of step '{step}'; its rules are: "
                      + ", ".join(REQUIRED_RULES[step]))
        if rule_id in {r.id for r in rules}:
            item.fail("id", f"'{rule_id}' is listed twice")
        rules.append(ScoringRule(rule_id, step, item.number("points", minimum=-1, maximum=1),
                                 item.text("situation"), item.text("source")))
    for step, needed in REQUIRED_RULES.items():
        for rule_id in needed:
            if rule_id not in {r.id for r in rules}:
                reader.fail("rules", f"the rule '{rule_id}' (step '{step}') is missing")
    for rule_id in ("actor-same-purpose", "checklist-point"):
        if next(r.points for r in rules if r.id == rule_id) <= 0:
            reader.fail("rules", f"the rule '{rule_id}' must give more than 0 points, since a "
                        "step's score is divided by it")
    return Scoring(weights, tuple(rules), reader.source, frozenset(self_assessed))


@dataclass(frozen=True)
class Context:
    """What the rules read besides the case and the answer: the lecture's concepts, the
    points, and the messages."""

    concepts: Concepts
    scoring: Scoring
    ui: UiText
    common: UiText

    @property
    def language(self) -> str:
        return self.ui.language


def default_context(language: str | None = None) -> Context:
    """The concepts, points and messages in ``language`` (by default the language data files
    are being read in)."""
    language = language_or_current(language)
    return Context(load_concepts(language=language), load_scoring(language=language),
                   ui_text("diagnosis", language), ui_text("common", language))


# ---------------------------------------------------------------------------------- helpers

def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:] if text and not text[:2].isupper() else text


def _name(concept: Concept, lower: bool = True, danish: bool = True) -> str:
    """A concept's name for use in a sentence, with its Danish term beside it in the English
    edition (in the Danish one the name is the Danish word)."""
    name = _lower_first(concept.name) if lower else concept.name
    if not danish or not concept.danish or concept.danish.lower() == concept.name.lower() \
            or concept.language != "en":
        return name
    if name.endswith(")"):
        return f"{name[:-1]}; {concept.danish})"
    return f"{name} ({concept.danish})"


def _join(ctx: Context, names: list[str], word: str = "or") -> str:
    if not names:
        return ""
    if len(names) == 1:
        return names[0]
    return ", ".join(names[:-1]) + f" {ctx.ui(word)} " + names[-1]


def _reference(ctx: Context, concept: Concept | None, slides: str = "") -> str:
    if concept is None:
        return ""
    chapter = ctx.concepts.chapter_name(concept.chapter)
    slide_text = slides or ctx.ui("slide_one", number=concept.slide)
    return ctx.ui("reference", chapter=chapter, slides=slide_text) if chapter else \
        ctx.ui("reference_slide_only", slides=slide_text)


def _as_pairs(value: object) -> list[tuple[str, str]]:
    """Answer pairs, tolerating anything: malformed entries are skipped, never raised on."""
    pairs = []
    for item in value if isinstance(value, (tuple, list)) else ():
        if isinstance(item, (tuple, list)) and len(item) == 2:
            pairs.append((str(item[0]), item[1]))
    return pairs


def type_ids(ctx: Context, choice: str) -> tuple[str, ...]:
    """The innovation types a choice stands for: one type, all of them for BOTH, or none."""
    ids = ctx.concepts.ids("innovation_types")
    if choice == BOTH:
        return tuple(ids)
    return (choice,) if choice in ids else ()


def _types_name(ctx: Context, ids: tuple[str, ...]) -> str:
    names = [_name(ctx.concepts.get("innovation_types", i)) for i in ids]
    if len(names) > 1:
        return ctx.ui("type_both_name", names=_join(ctx, names, "and"))
    return names[0] if names else ""


def _text_problem(ctx: Context, check: TextCheck) -> str:
    if check.problem == "empty":
        return ctx.common("empty_answer")
    if check.problem == "too_long":
        return ctx.common("too_long", length=format_number(check.length, ctx.language),
                          limit=format_number(check.limit, ctx.language))
    return ""


def _score(total: float, best: float) -> float:
    return 0.0 if best <= 0 else max(0.0, min(1.0, total / best))


def _verdict_for(points: float, best: float) -> str:
    """The verdict for points a data file gives a situation: full, part or none of the best."""
    return "good" if points >= best else "partly" if points > 0 else "wrong"


# ---------------------------------------------------------------------------------- steps

def _innovation_type(case: Case, diagnosis: Diagnosis, ctx: Context) -> StepFeedback:
    answer = diagnosis.innovation_type
    title = ctx.ui("step_innovation_type")
    problems = []
    why = check_free_text(answer.why)
    chosen = type_ids(ctx, str(answer.choice))
    if not why.ok:
        problems.append(ctx.ui("why_problem", problem=_text_problem(ctx, why)))
    if not chosen:
        return StepFeedback("innovation_type", title, 0.0, ctx.ui("not_answered"),
                            problems=(ctx.ui("type_unanswered"), *problems))
    expert = case.innovation_type.types
    accepted = case.innovation_type.accepted(chosen)
    reason = case.innovation_type.why
    if set(chosen) == set(expert):
        rule, verdict = "type-same", "good"
    elif accepted is not None:
        rule = "type-accepted"
        verdict = _verdict_for(ctx.scoring.points(rule), ctx.scoring.points("type-same"))
        reason = accepted.why + " " + reason
    elif set(chosen) & set(expert):
        rule, verdict = "type-overlap", "partly"
    else:
        rule, verdict = "type-other", "wrong"
    concepts = [ctx.concepts.get("innovation_types", i) for i in
                dict.fromkeys((*expert, *chosen))]
    items = [FeedbackItem(
        verdict, ctx.ui(f"msg_{rule}", chosen=_types_name(ctx, chosen),
                        expert=_types_name(ctx, expert)),
        reason,
        "; ".join(_reference(ctx, c) for c in concepts))]
    for concept in concepts:
        items.append(FeedbackItem("info", ctx.ui("type_concept", name=_name(concept, lower=False),
                                                 explanation=concept.explanation),
                                  "", _reference(ctx, concept)))
    if why.contains_markup:
        items.append(FeedbackItem("info", ctx.common("markup_note")))
    score = _score(ctx.scoring.points(rule), ctx.scoring.points("type-same"))
    return StepFeedback("innovation_type", title, score, ctx.ui(f"headline_{rule}"),
                        tuple(items), tuple(problems))


def _purpose_names(ctx: Context, ids: tuple[str, ...]) -> str:
    return _join(ctx, [_name(ctx.concepts.get("purposes", p)) for p in ids])


def _actors(case: Case, diagnosis: Diagnosis, ctx: Context) -> StepFeedback:
    title = ctx.ui("step_actors")
    actor_ids = ctx.concepts.ids("actors")
    purpose_ids = ctx.concepts.ids("purposes")
    choices: dict[str, str] = {}
    for actor, purpose in _as_pairs(diagnosis.actors.choices):
        if actor in actor_ids:
            choices[actor] = purpose if purpose in purpose_ids else NO_PURPOSE
    if not choices:
        return StepFeedback("actors", title, 0.0, ctx.ui("not_answered"),
                            problems=(ctx.ui("actors_unanswered"),))
    points = ctx.scoring.points
    items, total, key_count = [], 0.0, 0
    counts = {"same": 0, "partly": 0, "missing": 0, "little": 0}
    for actor_id in actor_ids:
        actor = ctx.concepts.get("actors", actor_id)
        reading = case.actor_reading(actor_id)
        importance = reading.importance if reading else "little"
        why = reading.why if reading else ctx.ui("actor_not_in_reading")
        chosen = choices.get(actor_id)
        name = _name(actor, danish=False)
        expert_purposes = _purpose_names(ctx, reading.purposes) if reading else ""
        first_purpose = (ctx.concepts.get("purposes", reading.purposes[0])
                         if reading and reading.purposes else None)
        chosen_purpose = (ctx.concepts.get("purposes", chosen)
                          if chosen and chosen != NO_PURPOSE else None)
        reference = _reference(ctx, chosen_purpose or first_purpose, ctx.ui("slides_actors"))
        if importance == "key":
            key_count += 1
            if chosen is None:
                rule, verdict, key = "actor-missing", "missing", "missing"
            elif chosen == NO_PURPOSE:
                rule, verdict, key = "actor-no-purpose", "partly", "partly"
            elif chosen in reading.purposes:
                rule, verdict, key = "actor-same-purpose", "good", "same"
            else:
                rule, verdict, key = "actor-other-purpose", "partly", "partly"
            counts[key] += 1
            total += points(rule)
            reason = why
            if chosen_purpose is not None:
                reason += " " + ctx.ui("purpose_question", purpose=_name(chosen_purpose,
                                       lower=False), question=chosen_purpose.question)
            items.append(FeedbackItem(verdict, ctx.ui(
                f"msg_{rule}", actor=name, purpose=_name(chosen_purpose) if chosen_purpose
                else "", expert_purposes=expert_purposes), reason, reference))
        elif importance == "useful":
            total += points("actor-useful") if chosen is not None else 0
            message = (ctx.ui("msg_actor-useful", actor=name, expert_purposes=expert_purposes)
                       if chosen is not None else
                       ctx.ui("msg_actor-useful-left-out", actor=name,
                              expert_purposes=expert_purposes))
            items.append(FeedbackItem("good" if chosen is not None else "info", message, why,
                                      reference))
        elif chosen is not None:
            counts["little"] += 1
            total += points("actor-little-reason")
            slides = ctx.ui("slides_actors")
            reference = (_reference(ctx, chosen_purpose, slides)
                         or ctx.ui("reference_slide_only", slides=slides))
            items.append(FeedbackItem("warning", ctx.ui("msg_actor-little-reason", actor=name),
                                      why, reference))
    score = _score(total, key_count * points("actor-same-purpose"))
    headline = ctx.ui("headline_actors", same=counts["same"], partly=counts["partly"],
                      key_count=key_count, little=counts["little"])
    return StepFeedback("actors", title, score, headline, tuple(items))


def _phase(case: Case, diagnosis: Diagnosis, ctx: Context) -> StepFeedback:
    title = ctx.ui("step_phase")
    chosen = str(diagnosis.phase.phase)
    if chosen not in ctx.concepts.ids("phases") or case.phase_reading(chosen) is None:
        return StepFeedback("phase", title, 0.0, ctx.ui("not_answered"),
                            problems=(ctx.ui("phase_unanswered"),))
    reading = case.phase_reading(chosen)
    most = case.most_phase
    rule = f"phase-{reading.importance}"
    verdict = {"most": "good", "also": "partly", "less": "wrong"}[reading.importance]
    why = reading.why
    if reading.accepted_as_most:
        rule = "phase-accepted"
        verdict = _verdict_for(ctx.scoring.points(rule), ctx.scoring.points("phase-most"))
        why = reading.accepted_as_most + " " + reading.why
    phase = ctx.concepts.get("phases", chosen)
    most_concept = ctx.concepts.get("phases", most.phase)
    items = [FeedbackItem(verdict, ctx.ui(f"msg_{rule}", phase=_name(phase),
                                          most=_name(most_concept)),
                          why, _reference(ctx, phase))]
    for other in case.phases:
        if other.phase == chosen:
            continue
        concept = ctx.concepts.get("phases", other.phase)
        key = ("phase_expert_most" if other.importance == "most"
               else "phase_other_accepted" if other.accepted_as_most
               else f"phase_other_{other.importance}")
        why = " ".join(t for t in (other.accepted_as_most, other.why) if t)
        items.append(FeedbackItem("info", ctx.ui(key, phase=_name(concept, lower=False)),
                                  why, _reference(ctx, concept)))
    score = _score(ctx.scoring.points(rule), ctx.scoring.points("phase-most"))
    return StepFeedback("phase", title, score, ctx.ui(f"headline_{rule}",
                                                      most=_name(most_concept)), tuple(items))


def _line_label(ctx: Context, case: Case, line_ids: tuple[str, ...] | list[str]) -> str:
    labels = []
    for line_id in line_ids:
        line = case.evidence_line(line_id)
        if line is not None:
            labels.append(ctx.ui("line_quote", number=line.number, text=line.text))
    return _join(ctx, labels)


def _obstacles_elsewhere(ctx: Context, case: Case, line: str, obstacle_id: str) -> str:
    """' That line shows another obstacle: X.' when the chosen line belongs to another present
    obstacle of the expert reading, else ''."""
    elsewhere = [ctx.ui("quoted", text=ctx.concepts.get("obstacles", r.obstacle).name)
                 for r in case.obstacles
                 if r.present and line in r.lines and r.obstacle != obstacle_id]
    return " " + ctx.ui("line_shows_other", other=_join(ctx, elsewhere)) if elsewhere else ""


def _obstacles(case: Case, diagnosis: Diagnosis, ctx: Context) -> StepFeedback:
    title = ctx.ui("step_obstacles")
    obstacle_ids = ctx.concepts.ids("obstacles")
    marks: dict[str, str] = {}
    for obstacle, line in _as_pairs(diagnosis.obstacles.marks):
        if obstacle in obstacle_ids:
            marks[obstacle] = line if case.evidence_line(str(line)) is not None else ""
    if not marks and diagnosis.obstacles.none_seen is not True:
        # A blank step is not an answer: it earns nothing, even in a case where leaving an
        # obstacle out is right. The learner says "none shows" to answer that way.
        return StepFeedback("obstacles", title, 0.0, ctx.ui("not_answered"),
                            problems=(ctx.ui("obstacles_unanswered"),))
    points = ctx.scoring.points
    items, total, agreed = [], 0.0, 0
    for obstacle_id in obstacle_ids:
        concept = ctx.concepts.get("obstacles", obstacle_id)
        reading = case.obstacle_reading(obstacle_id)
        present = bool(reading and reading.present)
        why = reading.why if reading else ctx.ui("obstacle_not_in_reading")
        chosen = obstacle_id in marks
        line = marks.get(obstacle_id, "")
        name = concept.name
        right = _line_label(ctx, case, reading.lines) if present else ""
        if present and chosen and line in reading.lines:
            rule, verdict = "obstacle-right-line", "good"
            message = ctx.ui("msg_obstacle-right-line", obstacle=name,
                             line=_line_label(ctx, case, [line]))
        elif present and chosen:
            rule, verdict = "obstacle-other-line", "partly"
            if line:
                message = ctx.ui("msg_obstacle-other-line", obstacle=name,
                                 line=ctx.ui("line_label", number=case.evidence_line(line).number),
                                 right=right)
                message += _obstacles_elsewhere(ctx, case, line, obstacle_id)
            else:
                message = ctx.ui("msg_obstacle-no-line", obstacle=name, right=right)
        elif present:
            rule, verdict = "obstacle-missed", "missing"
            message = ctx.ui("msg_obstacle-missed", obstacle=name, right=right)
        elif chosen and reading is not None and line and line in reading.accepted_lines:
            rule = "obstacle-accepted"
            verdict = _verdict_for(points(rule), points("obstacle-rightly-left-out"))
            message = ctx.ui("msg_obstacle-accepted", obstacle=name,
                             line=_line_label(ctx, case, [line]), accepted=reading.accepted_why)
        elif chosen:
            rule, verdict = "obstacle-not-shown", "wrong"
            message = ctx.ui("msg_obstacle-not-shown", obstacle=name)
            if line:
                message += _obstacles_elsewhere(ctx, case, line, obstacle_id)
            if reading is not None and reading.accepted_lines:
                message += " " + ctx.ui("obstacle_accepted_hint",
                                        lines=_line_label(ctx, case, reading.accepted_lines))
            message += " " + ctx.ui("obstacle_not_seen_because")
        else:
            rule, verdict = "obstacle-rightly-left-out", "good"
            message = ctx.ui("msg_obstacle-rightly-left-out", obstacle=name)
        total += points(rule)
        agreed += verdict == "good"
        items.append(FeedbackItem(verdict, message, why, _reference(ctx, concept)))
    best = sum(points("obstacle-right-line") if (r := case.obstacle_reading(o)) and r.present
               else points("obstacle-rightly-left-out") for o in obstacle_ids)
    headline = ctx.ui("headline_obstacles", agreed=agreed, total=len(obstacle_ids))
    return StepFeedback("obstacles", title, _score(total, best), headline, tuple(items))


def _texts(diagnosis: Diagnosis) -> dict[str, object]:
    return {task: text for task, text in _as_pairs(diagnosis.leadership.texts)}


def revealed_tasks(case: Case, diagnosis: Diagnosis) -> tuple[str, ...]:
    """The leadership tasks whose model answer and checklist the learner may now see: those
    with an answer that is neither empty nor over the length limit."""
    texts = _texts(diagnosis)
    return tuple(r.task for r in case.leadership if check_free_text(texts.get(r.task)).ok)


def valid_ticks(case: Case, diagnosis: Diagnosis) -> dict[str, set[int]]:
    """The ticked checklist points that count: only for revealed tasks, only real items."""
    revealed = revealed_tasks(case, diagnosis)
    ticks: dict[str, set[int]] = {task: set() for task in revealed}
    for task, index in _as_pairs(diagnosis.leadership.ticks):
        reading = case.task_reading(task)
        if task in ticks and reading and isinstance(index, int) and not isinstance(index, bool) \
                and 0 <= index < len(reading.checklist):
            ticks[task].add(index)
    return ticks


def _leadership(case: Case, diagnosis: Diagnosis, ctx: Context) -> StepFeedback:
    title = ctx.ui("step_leadership")
    texts = _texts(diagnosis)
    ticks = valid_ticks(case, diagnosis)
    problems, items, markup = [], [], False
    for reading in case.leadership:
        task = ctx.concepts.get("leadership_tasks", reading.task)
        check = check_free_text(texts.get(reading.task))
        markup = markup or check.contains_markup
        if not check.ok:
            problems.append(ctx.ui("task_problem", task=task.name,
                                   problem=_text_problem(ctx, check)))
            continue
        ticked, count = len(ticks[reading.task]), len(reading.checklist)
        # The learner's own assessment: no verdict of ours ("Missing", "Well spotted") on it.
        items.append(FeedbackItem("info", ctx.ui("msg_ticks", task=task.name, ticked=ticked,
                                                 total=count),
                                  ctx.ui("ticks_reason"), _reference(ctx, task),
                                  label=ctx.ui("self_assessed_label")))
    if markup:
        items.append(FeedbackItem("info", ctx.common("markup_note")))
    if not ticks:
        return StepFeedback("leadership", title, None, ctx.ui("headline_leadership_none"),
                            tuple(items), tuple(problems))
    total_items = sum(len(r.checklist) for r in case.leadership)
    ticked = sum(len(v) for v in ticks.values())
    point = ctx.scoring.points("checklist-point")
    headline = ctx.ui("headline_leadership", ticked=ticked, total=total_items)
    # A self-assessed step carries no score of ours: it is reported apart (see _scoring.yaml).
    score = (None if "leadership" in ctx.scoring.self_assessed
             else _score(ticked * point, total_items * point))
    return StepFeedback("leadership", title, score, headline, tuple(items), tuple(problems))


_STEP_RULES = {
    "innovation_type": _innovation_type,
    "actors": _actors,
    "phase": _phase,
    "obstacles": _obstacles,
    "leadership": _leadership,
}


def evaluate_step(case: Case, diagnosis: Diagnosis, step: str,
                  ctx: Context | None = None) -> StepFeedback:
    """The feedback on one step of the learner's diagnosis."""
    if step not in _STEP_RULES:
        raise ValueError(f"unknown step '{step}'; the steps are: {', '.join(STEPS)}")
    return _STEP_RULES[step](case, diagnosis, ctx or default_context(case.language))


@dataclass(frozen=True)
class Report:
    case_id: str
    steps: tuple[StepFeedback, ...]
    overall: float          # 0..1, the weighted average of the scored steps (unanswered = 0)
    self_assessed: tuple[str, ...] = ()   # steps reported apart from the score

    def step(self, step_id: str) -> StepFeedback:
        return next(s for s in self.steps if s.step == step_id)

    @property
    def overall_percent(self) -> int:
        return round(self.overall * 100)

    @property
    def scored_steps(self) -> tuple[StepFeedback, ...]:
        return tuple(s for s in self.steps if s.step not in self.self_assessed)


def evaluate(case: Case, diagnosis: Diagnosis, ctx: Context | None = None) -> Report:
    """Every step's feedback and the overall score. Self-assessed steps are in the report
    but not in the overall score."""
    ctx = ctx or default_context(case.language)
    steps = tuple(evaluate_step(case, diagnosis, step, ctx) for step in STEPS)
    weights = ctx.scoring.weights
    scored = [s for s in steps if s.step not in ctx.scoring.self_assessed]
    total = sum(weights[s.step] * (s.score or 0.0) for s in scored)
    return Report(case.id, steps, total / sum(weights[s.step] for s in scored),
                  tuple(s for s in STEPS if s in ctx.scoring.self_assessed))


def self_assessment_lines(report: Report, ctx: Context,
                          checked: set[str] | None = None) -> list[str]:
    """One sentence per self-assessed step, to show apart from the score."""
    lines = []
    for step in report.steps:
        if step.step in report.self_assessed and (checked is None or step.step in checked):
            lines.append(ctx.ui("summary_self_assessed", step=step.title,
                                headline=step.headline))
    return lines


def chart_source(case: Case, ctx: Context) -> str:
    """The source line of the summary's charts: the readings compared, never a file path."""
    return ctx.ui("chart_source", title=case.title)


# ---------------------------------------------------------------------------------- summary

def score_table(report: Report, ctx: Context,
                checked: set[str] | None = None) -> list[dict[str, object]]:
    """One row a step (step, learner, expert, label, answered): its title, the learner's
    percentage (0 if not answered or not yet checked, with ``answered`` false) and the expert
    reading's (always 100)."""
    rows = []
    for step in report.scored_steps:
        done = checked is None or step.step in checked
        percent = step.percent if done else None
        label = (format_percent(percent, ctx.language) if percent is not None else
                 ctx.ui("not_checked_label") if not done else ctx.ui("not_answered_label"))
        rows.append({"step": step.title, "learner": percent if percent is not None else 0,
                     "expert": 100, "label": label, "answered": percent is not None})
    return rows


def actor_table(case: Case, diagnosis: Diagnosis, ctx: Context) -> list[dict[str, str]]:
    """One row per actor and purpose chosen (actor, purpose, who), by the learner ('you') or
    the expert reading."""
    purposes = {p.id: p.name for p in ctx.concepts.purposes}
    purposes[NO_PURPOSE] = ctx.ui("no_purpose_short")
    chosen = {a: p if p in purposes else NO_PURPOSE for a, p in _as_pairs(diagnosis.actors.choices)
              if a in ctx.concepts.ids("actors")}
    rows = []
    for actor in ctx.concepts.actors:
        if actor.id in chosen:
            rows.append({"actor": actor.name, "purpose": purposes[chosen[actor.id]],
                         "who": ctx.ui("your_reading")})
        reading = case.actor_reading(actor.id)
        if reading and reading.importance == "key":
            for purpose in reading.purposes:
                rows.append({"actor": actor.name, "purpose": purposes[purpose],
                             "who": ctx.ui("expert_reading")})
    return rows


def _quote(text: str) -> str:
    """Learner text as an inert Markdown quote, every line kept."""
    return "\n".join("> " + line if line else ">" for line in as_inert_markdown(text).split("\n"))


def _md(text: str) -> str:
    return as_inert_markdown(text)


def _feedback_md(feedback: StepFeedback, language: str) -> list[str]:
    lines = []
    if feedback.percent is not None:
        lines.append(f"**{_md(feedback.headline)}** ({format_percent(feedback.percent, language)})")
    else:
        lines.append(f"**{_md(feedback.headline)}**")
    lines.append("")
    for problem in feedback.problems:
        lines.append(f"- {_md(problem)}")
    for item in feedback.items:
        text = f"- **{verdict_label(item.verdict, language)}:** {_md(item.message)}"
        if item.reason:
            text += f" {_md(item.reason)}"
        if item.reference:
            text += f" *({_md(item.reference)})*"
        lines.append(text)
    lines.append("")
    return lines


def summary_markdown(case: Case, diagnosis: Diagnosis, report: Report, ctx: Context,
                     checked: set[str] | None = None) -> str:
    """The learner's work as a Markdown file to bring to the group: every answer, the feedback
    and the expert reading of the steps already checked, the model answers and the ticks.
    Learner text is escaped so that nothing in it can run or format in a Markdown viewer."""
    checked = set(STEPS) if checked is None else checked
    ui = ctx.ui
    out = [f"# {_md(ui('summary_file_title', title=case.title))}", "",
           f"*{_md(case.municipality)} · {_md(case.sector)} · "
           f"{_md(ui('fictional_badge') if case.fictional else ui('real_badge'))}*", "",
           _md(case.about), ""]
    scored = [s for s in report.steps if s.step in checked]
    if scored:
        out += [f"## {_md(ui('summary_scores_heading'))}", "",
                f"| {_md(ui('summary_col_step'))} | {_md(ui('your_reading'))} | "
                f"{_md(ui('expert_reading'))} |", "|---|---|---|"]
        for step in report.scored_steps:
            value = (format_percent(step.percent, ctx.language)
                     if step.step in checked and step.percent is not None
                     else ui("not_checked_label") if step.step not in checked
                     else ui("not_answered_label"))
            out.append(f"| {_md(step.title)} | {value} | {format_percent(100, ctx.language)} |")
        out += ["", _md(ui("summary_overall", percent=report.overall_percent)), ""]
        out += [_md(line) for line in self_assessment_lines(report, ctx, checked)]
        out.append("")

    # Step 1
    answer = diagnosis.innovation_type
    chosen = type_ids(ctx, str(answer.choice))
    out += [f"## {_md(ui('step_innovation_type'))}", "",
            f"**{_md(ui('summary_your_answer'))}** "
            f"{_md(_types_name(ctx, chosen)) if chosen else _md(ui('summary_no_answer'))}", "",
            f"**{_md(ui('summary_your_why'))}**", ""]
    why = check_free_text(answer.why)
    out += [_quote(why.text) if why.text else _md(ui("summary_no_answer")), ""]
    if "innovation_type" in checked:
        out += [f"**{_md(ui('expert_reading'))}:** {_md(case.innovation_type.why)}", ""]
        out += _feedback_md(report.step("innovation_type"), ctx.language)

    # Step 2
    out += [f"## {_md(ui('step_actors'))}", "",
            f"| {_md(ui('summary_col_actor'))} | {_md(ui('your_reading'))} | "
            f"{_md(ui('expert_reading'))} |", "|---|---|---|"]
    choices = {a: p for a, p in _as_pairs(diagnosis.actors.choices)}
    for actor in ctx.concepts.actors:
        purpose = choices.get(actor.id)
        yours = (ui("summary_not_involved") if purpose is None else
                 ui("no_purpose_short") if purpose not in ctx.concepts.ids("purposes") else
                 ctx.concepts.get("purposes", purpose).name)
        reading = case.actor_reading(actor.id)
        if "actors" not in checked:
            expert = ui("not_checked_label")
        elif reading is None or reading.importance == "little":
            expert = ui("summary_little_reason")
        else:
            expert = ui(f"summary_importance_{reading.importance}",
                        purposes=_purpose_names(ctx, reading.purposes))
        out.append(f"| {_md(actor.name)} | {_md(yours)} | {_md(expert)} |")
    out.append("")
    if "actors" in checked:
        out += _feedback_md(report.step("actors"), ctx.language)

    # Step 3
    phase = str(diagnosis.phase.phase)
    phase_name = (ctx.concepts.get("phases", phase).name if phase in ctx.concepts.ids("phases")
                  else ui("summary_no_answer"))
    out += [f"## {_md(ui('step_phase'))}", "",
            f"**{_md(ui('summary_your_answer'))}** {_md(phase_name)}", ""]
    if "phase" in checked:
        out += _feedback_md(report.step("phase"), ctx.language)

    # Step 4
    marks = {o: line for o, line in _as_pairs(diagnosis.obstacles.marks)}
    out += [f"## {_md(ui('step_obstacles'))}", "",
            f"| {_md(ui('summary_col_obstacle'))} | {_md(ui('your_reading'))} | "
            f"{_md(ui('expert_reading'))} |", "|---|---|---|"]
    for obstacle in ctx.concepts.obstacles:
        if obstacle.id in marks:
            line = case.evidence_line(str(marks[obstacle.id]))
            yours = ui("summary_shows_line", number=line.number) if line else \
                ui("summary_shows_no_line")
        else:
            yours = ui("summary_not_chosen")
        reading = case.obstacle_reading(obstacle.id)
        if "obstacles" not in checked:
            expert = ui("not_checked_label")
        elif reading and reading.present:
            numbers = ", ".join(str(case.evidence_line(i).number) for i in reading.lines)
            expert = ui("summary_expert_shows", numbers=numbers)
        else:
            expert = ui("summary_expert_absent")
        out.append(f"| {_md(obstacle.name)} | {_md(yours)} | {_md(expert)} |")
    out.append("")
    out += [f"**{_md(ui('summary_lines_heading'))}**", ""]
    out += [f"{line.number}. {_md(line.text)}" for line in case.evidence]
    out.append("")
    if "obstacles" in checked:
        out += _feedback_md(report.step("obstacles"), ctx.language)

    # Step 5
    out += [f"## {_md(ui('step_leadership'))}", ""]
    texts = _texts(diagnosis)
    ticks = valid_ticks(case, diagnosis)
    for reading in case.leadership:
        task = ctx.concepts.get("leadership_tasks", reading.task)
        check = check_free_text(texts.get(reading.task))
        out += [f"### {_md(task.name)}", "", f"**{_md(ui('summary_your_answer'))}**", "",
                _quote(check.text) if check.text else _md(ui("summary_no_answer")), ""]
        if reading.task in ticks:
            out += [f"**{_md(ui('model_answer'))}**", "", _md(reading.model_answer), "",
                    f"**{_md(ui('checklist_heading'))}**", ""]
            out += [f"- [{'x' if i in ticks[reading.task] else ' '}] {_md(item)}"
                    for i, item in enumerate(reading.checklist)]
            out.append("")
    if "leadership" in checked:
        out += _feedback_md(report.step("leadership"), ctx.language)

    out += [f"## {_md(ui('sources_heading'))}", "", *sources_markdown(case), ""]
    return "\n".join(out)


def sources_markdown(case: Case) -> list[str]:
    """The case's sources as Markdown list items (title, address, what each supports)."""
    lines = []
    for source in case.sources:
        text = _md(source.title)
        if source.url:
            text += f" <{source.url}>"
        if source.supports:
            text += f" ({_md(source.supports)})"
        lines.append(f"- {text}")
    return lines
