"""Design a § 17, stk. 4 committee: the exercise's data, rules and feedback, with no widgets.

A learner's design (a ``Design``) is checked against the legal frame, scored on six criteria
drawn from the lecture, and warned about the everyday obstacles. Every rule, weight and message
lives in ``data/committee/`` (see its README); this module only reads them and applies them.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Iterable

from .concepts import Concepts, load_concepts
from .datafiles import (DataError, EntryReader, data_dir, in_language, language_or_current,
                        load_yaml_file, yaml_files_in)
from .feedback import FeedbackItem, StepFeedback
from .formats import number as format_number
from .formats import with_term
from .free_text import check_free_text
from .ui_text import UiText, ui_text

OWN_CHALLENGE = "own"          # the challenge id meaning "my own challenge, in my words"
NAME_LIMIT = 150               # characters in the committee's name
TEXT_LIMIT = 2000              # characters in the mandate question and the own challenge
RECRUITMENT_LOGICS = ("representativeness", "knowledge", "openness")


# --------------------------------------------------------------------------------------------
# The learner's design
# --------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class GroupPlan:
    """How many members of one group (citizens, experts...) and how they are recruited."""

    group: str
    count: Any = 0
    recruitment: str = ""


@dataclass(frozen=True)
class Design:
    """Everything the learner decides. Values are taken as given (the widgets bound them, but
    a design may come from anywhere); ``normalise`` says what is wrong and repairs a copy."""

    challenge: str = ""                 # a challenge id, OWN_CHALLENGE, or "" (not chosen)
    own_challenge: str = ""             # the learner's own challenge, in their words
    committee_name: str = ""
    mandate_question: str = ""          # the question the committee answers
    deliverable: str = ""
    purpose: str = ""                   # efficiency, democracy or innovation (concepts.yaml)
    set_up_by: str = ""
    council_members: Any = 0
    parties: Any = 0
    groups: tuple[GroupPlan, ...] = ()
    chair: str = ""
    meetings: Any = 4
    hours_per_meeting: Any = 2
    meeting_formats: tuple[str, ...] = ()
    duration_months: Any = 6
    open_ended: bool = False
    phases: tuple[str, ...] = ()
    route: str = ""
    checklist: tuple[str, ...] = ()     # ids of the question checklist the learner ticked

    def group(self, group_id: str) -> GroupPlan:
        for plan in self.groups:
            if plan.group == group_id:
                return plan
        return GroupPlan(group_id)


# --------------------------------------------------------------------------------------------
# The data
# --------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Option:
    id: str
    name: str
    danish: str = ""
    logic: str = ""               # recruitment only
    thematic: bool = False        # meeting formats only
    invites_others: bool = False  # meeting formats only
    actor: str = ""               # groups only: the lecture's actor (concepts.yaml)
    sentence: str = ""            # routes only: what the terms of reference says about it


@dataclass(frozen=True)
class Limit:
    id: str
    name: str
    minimum: int
    maximum: int
    reason: str


@dataclass(frozen=True)
class MeasureWords:
    """How the worksheet words a measure: a name, or a yes and a no sentence (yes/no measures)."""

    id: str
    name: str = ""
    yes: str = ""
    no: str = ""


@dataclass(frozen=True)
class Options:
    limits: dict[str, Limit]
    groups: tuple[Option, ...]
    recruitment: tuple[Option, ...]
    chairs: tuple[Option, ...]
    meeting_formats: tuple[Option, ...]
    deliverables: tuple[Option, ...]
    set_up_by: tuple[Option, ...]
    routes: tuple[Option, ...]
    measures: dict[str, MeasureWords] = field(default_factory=dict)

    def find(self, group: str, option_id: str) -> Option | None:
        for option in getattr(self, group):
            if option.id == option_id:
                return option
        return None

    def name(self, group: str, option_id: str) -> str:
        option = self.find(group, option_id)
        return option.name if option else ""


@dataclass(frozen=True)
class Condition:
    """One test on a measure of the design; ``test == "any"`` holds if one alternative does."""

    measure: str
    test: str
    value: Any = None
    alternatives: tuple["Condition", ...] = ()

    def holds(self, measures: dict[str, Any]) -> bool:
        if self.test == "any":
            return any(alternative.holds(measures) for alternative in self.alternatives)
        actual = measures[self.measure]
        test, value = self.test, self.value
        if test == "equals":
            return actual == value
        if test == "not_equals":
            return actual != value
        if test == "at_least":
            return actual >= value
        if test == "at_most":
            return actual <= value
        if test == "one_of":
            return actual in value
        if test == "includes":
            return value in actual
        if test == "excludes":
            return value not in actual
        if test == "any_of":
            return bool(set(actual) & set(value))
        if test == "only":
            return bool(actual) and set(actual) <= set(value)
        raise ValueError(f"unknown test {test}")  # refused on load; never reached


def all_hold(conditions: Iterable[Condition], measures: dict[str, Any]) -> bool:
    return all(condition.holds(measures) for condition in conditions)


@dataclass(frozen=True)
class Rule:
    when: tuple[Condition, ...]
    points: int
    message: str
    hint: str
    source: str


@dataclass(frozen=True)
class Criterion:
    id: str
    name: str
    short: str
    danish: str
    description: str
    source: str
    weights: dict[str, float]
    start: int
    rules: tuple[Rule, ...]


@dataclass(frozen=True)
class Check:
    """A legal-frame check (legal.yaml) or a warning (warnings.yaml)."""

    id: str
    verdict: str
    when: tuple[Condition, ...]
    message: str
    reason: str
    source: str
    concept: str = ""       # warnings: "group:id" of data/concepts.yaml (may be empty)
    cap: int | None = None  # legal checks: the highest overall profile while it applies


@dataclass(frozen=True)
class LegalPoint:
    """A point the draft terms of reference asks the council's legal staff to clear."""

    id: str
    point: str
    why: str


@dataclass(frozen=True)
class Challenge:
    id: str
    title: str
    text: str
    example_question: str
    source: str
    related_case: str = ""


@dataclass(frozen=True)
class ChecklistItem:
    id: str
    text: str
    source: str


@dataclass(frozen=True)
class Preset:
    id: str
    name: str
    danish: str
    order: int
    summary: str
    sourced: str
    assumed: str
    source: str
    committee_name: str
    mandate_question: str
    design: Design


@dataclass(frozen=True)
class CommitteeData:
    options: Options
    challenges: tuple[Challenge, ...]
    checklist: tuple[ChecklistItem, ...]
    criteria: tuple[Criterion, ...]
    legal_checks: tuple[Check, ...]
    legal_chapter: str
    warnings: tuple[Check, ...]
    presets: tuple[Preset, ...]
    concepts: Concepts
    legal_points: tuple[LegalPoint, ...] = ()
    language: str = "en"          # the language every text above was read in

    def challenge(self, challenge_id: str) -> Challenge | None:
        return next((c for c in self.challenges if c.id == challenge_id), None)

    def preset(self, preset_id: str) -> Preset:
        for preset in self.presets:
            if preset.id == preset_id:
                return preset
        raise KeyError(f"no committee preset '{preset_id}'")


SLUG = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*")
OPTION_GROUPS = ("groups", "recruitment", "chairs", "meeting_formats", "deliverables",
                 "set_up_by", "routes")
NUMBER_FIELDS = ("council_members", "parties", "meetings", "hours_per_meeting",
                 "duration_months")
LIMIT_IDS = ("council_members", "group_members", "meetings", "hours_per_meeting",
             "duration_months")
TESTS = {
    "number": ("equals", "not_equals", "at_least", "at_most"),
    "flag": ("equals", "not_equals"),
    "choice": ("equals", "not_equals", "one_of"),
    "set": ("includes", "excludes", "any_of", "only"),
}


def measure_kinds(options: Options, concepts: Concepts) -> dict[str, tuple[str, tuple[str, ...]]]:
    """Every measure a rule may test: its kind and, for choices and sets, the allowed values."""
    ids = lambda group: tuple(o.id for o in getattr(options, group))  # noqa: E731
    kinds: dict[str, tuple[str, tuple[str, ...]]] = {
        name: ("number", ()) for name in
        ("council_members", "parties", "external_members", "total_members", "external_groups",
         "share_external", "meetings", "hours_per_meeting", "duration_months",
         "thematic_formats", "unrecruited_groups")}
    kinds.update({group.id: ("number", ()) for group in options.groups})
    kinds.update({
        "open_ended": ("flag", ()), "invites_others": ("flag", ()), "has_mandate": ("flag", ()),
        "meeting_formats": ("set", ids("meeting_formats")),
        "phases": ("set", tuple(concepts.ids("phases"))),
        "recruitment_methods": ("set", ids("recruitment")),
        "recruitment_logics": ("set", RECRUITMENT_LOGICS),
        "purpose": ("choice", tuple(concepts.ids("purposes"))),
        "deliverable": ("choice", ids("deliverables")),
        "chair": ("choice", ids("chairs")),
        "set_up_by": ("choice", ids("set_up_by")),
        "route": ("choice", ids("routes")),
    })
    return kinds


def _condition(reader: EntryReader, raw: Any, kinds: dict, position: int) -> Condition:
    where = f"when, condition {position}"
    if not isinstance(raw, dict):
        reader.fail(where, "must be a mapping such as {measure: citizens, at_least: 1}")
    if set(raw) == {"any"}:
        alternatives = raw["any"]
        if not isinstance(alternatives, list) or len(alternatives) < 2:
            reader.fail(where, "'any' must list at least two conditions")
        return Condition("", "any", None, tuple(
            _condition(reader, item, kinds, position) for item in alternatives))
    measure = raw.get("measure")
    if measure not in kinds:
        reader.fail(where, f"measure '{measure}' is not known; known measures are: "
                    + ", ".join(sorted(kinds)))
    kind, allowed = kinds[measure]
    tests = [key for key in raw if key != "measure"]
    if len(tests) != 1 or tests[0] not in TESTS[kind]:
        reader.fail(where, f"a {kind} measure such as '{measure}' takes exactly one test of: "
                    + ", ".join(TESTS[kind]))
    test = tests[0]
    value = raw[test]
    if kind == "number":
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            reader.fail(where, f"the value of '{test}' must be a number, not {value!r}")
    elif kind == "flag":
        if not isinstance(value, bool):
            reader.fail(where, f"the value of '{test}' must be true or false, not {value!r}")
    else:
        many = test in ("one_of", "any_of", "only")
        values = value if many else [value]
        if many and (not isinstance(value, list) or not value):
            reader.fail(where, f"the value of '{test}' must be a list")
        for item in values:
            if not (item in allowed or (kind == "choice" and item == "")):
                reader.fail(where, f"'{item}' is not a value of '{measure}'; its values are: "
                            + ", ".join(allowed))
        value = tuple(value) if many else value
    return Condition(measure, test, value)


def _conditions(reader: EntryReader, kinds: dict) -> tuple[Condition, ...]:
    raw = reader.mapping.get("when")
    if not isinstance(raw, list) or not raw:
        reader.fail("when", "must be a list of at least one condition (lines starting with '- ')")
    return tuple(_condition(reader, item, kinds, n) for n, item in enumerate(raw, start=1))


def _options(path: Path) -> Options:
    reader = EntryReader.for_file(path, load_yaml_file(path))
    reader.only_fields(("limits", *OPTION_GROUPS, "measures"))
    limits = {}
    for item in reader.entries("limits", min_items=len(LIMIT_IDS), key="id"):
        item.only_fields(("id", "name", "minimum", "maximum", "reason"))
        limit = Limit(item.choice("id", LIMIT_IDS), item.text("name"),
                      item.integer("minimum", minimum=0), item.integer("maximum", minimum=1),
                      item.text("reason"))
        if limit.maximum < limit.minimum:
            item.fail("maximum", f"is {limit.maximum}, below the minimum {limit.minimum}")
        limits[limit.id] = limit
    missing = [name for name in LIMIT_IDS if name not in limits]
    if missing:
        reader.fail("limits", "lacks the range of: " + ", ".join(missing))
    groups = {}
    extra_fields = {"groups": ("actor",), "recruitment": ("logic",),
                    "meeting_formats": ("thematic", "invites_others"), "routes": ("sentence",)}
    for group in OPTION_GROUPS:
        options = []
        for item in reader.entries(group, min_items=2, key="id"):
            item.only_fields(("id", "name", "danish", *extra_fields.get(group, ())))
            option = Option(
                id=item.text("id"), name=item.text("name", max_length=120),
                danish=item.text("danish", required=False),
                logic=item.choice("logic", RECRUITMENT_LOGICS) if group == "recruitment" else "",
                thematic=item.boolean("thematic") if group == "meeting_formats" else False,
                invites_others=(item.boolean("invites_others")
                                if group == "meeting_formats" else False),
                actor=item.text("actor") if group == "groups" else "",
                sentence=item.text("sentence", max_length=300) if group == "routes" else "",
            )
            if option.id in {o.id for o in options}:
                item.fail("id", f"'{option.id}' is used twice in {group}")
            options.append(option)
        groups[group] = tuple(options)
    if "council" not in {o.id for o in groups["set_up_by"]}:
        reader.fail("set_up_by", "must include the choice 'council' (the legal answer)")
    options = Options(limits=limits, **groups)
    kinds = measure_kinds(options, load_concepts(path.parent.parent / "concepts.yaml"))
    group_ids = {o.id for o in groups["groups"]}
    measures: dict[str, MeasureWords] = {}
    for item in reader.entries("measures", min_items=1, key="id"):
        item.only_fields(("id", "name", "yes", "no"))
        measure = item.choice("id", [k for k in kinds if k not in group_ids])
        if measure in measures:
            item.fail("id", f"'{measure}' is listed twice")
        flag = kinds[measure][0] == "flag"
        measures[measure] = MeasureWords(
            measure, item.text("name", required=not flag) if not flag else "",
            item.text("yes", required=flag) if flag else "",
            item.text("no", required=flag) if flag else "")
    missing = [k for k in kinds if k not in group_ids and k not in measures]
    if missing:
        reader.fail("measures", "every measure needs its words; missing: " + ", ".join(missing))
    return replace(options, measures=measures)


def _criteria(path: Path, kinds: dict, purposes: list[str]) -> tuple[Criterion, ...]:
    reader = EntryReader.for_file(path, load_yaml_file(path))
    reader.only_fields(("criteria",))
    criteria = []
    for item in reader.entries("criteria", min_items=1, key="id"):
        item.only_fields(("id", "name", "short", "danish", "description", "source", "weights",
                          "start", "rules"))
        weights_reader = item.sub("weights")
        weights_reader.only_fields(purposes)
        weights = {purpose: weights_reader.number(purpose, minimum=0, maximum=10)
                   for purpose in purposes}
        rules = []
        for rule in item.entries("rules", min_items=1):
            rule.only_fields(("when", "points", "message", "hint", "source"))
            rules.append(Rule(_conditions(rule, kinds),
                              rule.integer("points", minimum=-100, maximum=100),
                              rule.text("message", max_length=400),
                              rule.text("hint", required=False, max_length=400),
                              rule.text("source")))
        criterion = Criterion(
            id=item.text("id"), name=item.text("name"), short=item.text("short", max_length=30),
            danish=item.text("danish", required=False), description=item.text("description"),
            source=item.text("source"), weights=weights,
            start=item.integer("start", minimum=0, maximum=100), rules=tuple(rules))
        if criterion.id in {c.id for c in criteria}:
            item.fail("id", f"'{criterion.id}' is used twice")
        criteria.append(criterion)
    return tuple(criteria)


LEGAL_VERDICTS = ("good", "info", "missing", "check", "wrong")
FAILING_VERDICTS = ("wrong", "missing", "check")   # points the learner still has to settle


def _checks(path: Path, field_name: str, kinds: dict, verdicts: tuple[str, ...],
            concepts: Concepts | None = None) -> tuple[str, tuple[Check, ...]]:
    """Legal checks (legal.yaml: a chapter, caps, the points for legal staff) or warnings
    (warnings.yaml: each resting on a lecture concept, unless it checks the form itself)."""
    legal = concepts is None
    reader = EntryReader.for_file(path, load_yaml_file(path))
    reader.only_fields(("chapter", field_name, "clear_with_legal_staff") if legal
                       else (field_name,))
    chapter = ""
    if legal:
        chapter = reader.text("chapter")
    checks = []
    for item in reader.entries(field_name, min_items=1, key="id"):
        allowed = ("id", "verdict", "when", "message", "reason", "source")
        item.only_fields(allowed + (("cap",) if legal else ("concept",)))
        cap = (item.integer("cap", minimum=0, maximum=100, required=False, default=None)
               if legal else None)
        check = Check(item.text("id"), item.choice("verdict", verdicts), _conditions(item, kinds),
                      item.text("message", max_length=400), item.text("reason", max_length=800),
                      item.text("source"),
                      item.text("concept", required=False) if not legal else "", cap)
        if cap is not None and check.verdict not in ("wrong", "check"):
            item.fail("cap", "only a check with the verdict 'wrong' or 'check' can cap the "
                      "profile")
        if not legal and check.concept:
            group, _, concept_id = check.concept.partition(":")
            try:
                concepts.get(group, concept_id)
            except (KeyError, AttributeError):
                item.fail("concept", f"'{check.concept}' is not a concept of data/concepts.yaml "
                          "(write it as group:id, e.g. obstacles:meetings-not-made-for-new-thinking)")
        if check.id in {c.id for c in checks}:
            item.fail("id", f"'{check.id}' is used twice")
        checks.append(check)
    return chapter, tuple(checks)


def _legal_points(path: Path) -> tuple[LegalPoint, ...]:
    reader = EntryReader.for_file(path, load_yaml_file(path))
    points = []
    for item in reader.entries("clear_with_legal_staff", min_items=1, key="id"):
        item.only_fields(("id", "point", "why"))
        point = LegalPoint(item.text("id"), item.text("point", max_length=120),
                           item.text("why", max_length=400))
        if point.id in {p.id for p in points}:
            item.fail("id", f"'{point.id}' is used twice")
        points.append(point)
    return tuple(points)


def _challenges(path: Path) -> tuple[tuple[Challenge, ...], tuple[ChecklistItem, ...]]:
    reader = EntryReader.for_file(path, load_yaml_file(path))
    reader.only_fields(("challenges", "question_checklist"))
    challenges = []
    for item in reader.entries("challenges", min_items=1, key="id"):
        item.only_fields(("id", "title", "text", "example_question", "source", "related_case"))
        challenge = Challenge(
            id=item.text("id"), title=item.text("title", max_length=120),
            text=item.text("text", max_length=1500),
            example_question=item.text("example_question", max_length=600),
            source=item.text("source"),
            related_case=item.text("related_case", required=False))
        if challenge.related_case and not SLUG.fullmatch(challenge.related_case):
            item.fail("related_case", f"'{challenge.related_case}' must be a case id such as "
                      "fjordby-climate (lower-case letters, digits and hyphens)")
        # A case id is its file's name in data/cases/ (see data/cases/README.md).
        case_ids = {p.stem for p in yaml_files_in(path.parent.parent / "cases")}
        if challenge.related_case and challenge.related_case not in case_ids:
            item.fail("related_case", f"'{challenge.related_case}' is not a case in data/cases/; "
                      f"known cases: {', '.join(sorted(case_ids))}")
        if challenge.id in {c.id for c in challenges} or challenge.id == OWN_CHALLENGE:
            item.fail("id", f"'{challenge.id}' is used twice or is reserved")
        challenges.append(challenge)
    checklist = []
    for item in reader.entries("question_checklist", min_items=1, key="id"):
        item.only_fields(("id", "text", "source"))
        checklist.append(ChecklistItem(item.text("id"), item.text("text"), item.text("source")))
    return tuple(challenges), tuple(checklist)


PRESET_FIELDS = ("name", "danish", "order", "summary", "sourced", "assumed", "source",
                 "committee_name", "mandate_question", "design")
DESIGN_FIELDS = ("set_up_by", "purpose", "deliverable", "council_members", "parties", "groups",
                 "chair", "meetings", "hours_per_meeting", "meeting_formats", "duration_months",
                 "open_ended", "phases", "route")


def _preset(path: Path, options: Options, concepts: Concepts) -> Preset:
    reader = EntryReader.for_file(path, load_yaml_file(path))
    reader.only_fields(PRESET_FIELDS)
    d = reader.sub("design")
    d.only_fields(DESIGN_FIELDS)
    ids = lambda group: [o.id for o in getattr(options, group)]  # noqa: E731
    limits = options.limits

    def number(name: str, limit: str, minimum: int | None = None) -> int:
        return d.integer(name, minimum=limits[limit].minimum if minimum is None else minimum,
                         maximum=limits[limit].maximum)

    council = number("council_members", "council_members")
    plans = []
    groups_reader = d.sub("groups")
    groups_reader.only_fields(ids("groups"))
    for group_id in ids("groups"):
        if not groups_reader.has(group_id):
            continue
        g = groups_reader.sub(group_id)
        g.only_fields(("count", "recruitment"))
        plans.append(GroupPlan(group_id, g.integer("count", minimum=0,
                                                   maximum=limits["group_members"].maximum),
                               g.choice("recruitment", ids("recruitment"))))
    design = Design(
        committee_name=reader.text("committee_name", max_length=NAME_LIMIT),
        mandate_question=reader.text("mandate_question", max_length=TEXT_LIMIT),
        set_up_by=d.choice("set_up_by", ids("set_up_by")),
        purpose=d.choice("purpose", concepts.ids("purposes")),
        deliverable=d.choice("deliverable", ids("deliverables")),
        council_members=council,
        parties=d.integer("parties", minimum=0, maximum=max(council, 0)),
        groups=tuple(plans),
        chair=d.choice("chair", ids("chairs")),
        meetings=number("meetings", "meetings"),
        hours_per_meeting=number("hours_per_meeting", "hours_per_meeting"),
        meeting_formats=tuple(d.text_list("meeting_formats", choices=ids("meeting_formats"),
                                          min_items=1)),
        duration_months=number("duration_months", "duration_months"),
        open_ended=d.boolean("open_ended"),
        phases=tuple(d.text_list("phases", choices=concepts.ids("phases"), min_items=1)),
        route=d.choice("route", ids("routes")),
    )
    if council > 0 and design.parties < 1:
        d.fail("parties", "must be at least 1 when the committee has councillors")
    if council + sum(p.count for p in plans) == 0:
        d.fail("groups", "the preset has no members at all")
    return Preset(
        id=path.stem, name=reader.text("name", max_length=80),
        danish=reader.text("danish", required=False), order=reader.integer("order", default=99,
                                                                            required=False),
        summary=reader.text("summary"), sourced=reader.text("sourced"),
        assumed=reader.text("assumed"), source=reader.text("source"),
        committee_name=design.committee_name, mandate_question=design.mandate_question,
        design=design)


# (folder, language) -> (the files' stamp, the data read from them)
_CACHE: dict[tuple[str, str], tuple[tuple, CommitteeData]] = {}


def load_committee_data(folder: Path | None = None,
                        language: str | None = None) -> CommitteeData:
    """All of data/committee/, validated, in ``language`` (by default the language data files
    are being read in). Cached per folder and language by the files' names, sizes and times,
    so a changed or added file (a facilitator's edit, a test's fixture) is read afresh."""
    language = language_or_current(language)
    folder = (folder or data_dir() / "committee").resolve()
    concepts_path = (folder.parent / "concepts.yaml").resolve()
    files = [folder / name for name in ("options.yaml", "challenges.yaml", "criteria.yaml",
                                        "legal.yaml", "warnings.yaml")]
    presets = yaml_files_in(folder / "presets")
    stamp = []
    for path in [*files, *presets, concepts_path]:
        try:
            stat = path.stat()
            stamp.append((str(path), stat.st_mtime_ns, stat.st_size))
        except OSError:
            stamp.append((str(path), None, None))
    key, stamp = (str(folder), language), tuple(stamp)
    cached = _CACHE.get(key)
    if cached is None or cached[0] != stamp:
        with in_language(language):
            _CACHE[key] = (stamp, _load(folder, concepts_path, presets, language))
    return _CACHE[key][1]


def _load(folder: Path, concepts_path: Path, preset_paths: list[Path],
          language: str) -> CommitteeData:
    for name in ("options.yaml", "challenges.yaml", "criteria.yaml", "legal.yaml",
                 "warnings.yaml"):
        if not (folder / name).is_file():
            raise DataError(str(folder / name), "(whole file)", "(file)", "this file is missing")
    concepts = load_concepts(concepts_path, language)
    options = _options(folder / "options.yaml")
    kinds = measure_kinds(options, concepts)
    challenges, checklist = _challenges(folder / "challenges.yaml")
    criteria = _criteria(folder / "criteria.yaml", kinds, concepts.ids("purposes"))
    legal_chapter, legal = _checks(folder / "legal.yaml", "checks", kinds, LEGAL_VERDICTS)
    legal_points = _legal_points(folder / "legal.yaml")
    if legal_chapter not in concepts.chapters:
        raise DataError(str(folder / "legal.yaml"), "(whole file)", "chapter",
                        f"'{legal_chapter}' is not a chapter of data/concepts.yaml")
    _, warnings = _checks(folder / "warnings.yaml", "warnings", kinds, ("warning", "info"),
                          concepts)
    presets = sorted((_preset(path, options, concepts) for path in preset_paths),
                     key=lambda p: (p.order, p.name))
    if not presets:
        raise DataError(str(folder / "presets"), "(folder)", "(files)",
                        "there must be at least one preset")
    return CommitteeData(options, challenges, checklist, criteria, legal, legal_chapter,
                         warnings, tuple(presets), concepts, legal_points, language)


# --------------------------------------------------------------------------------------------
# Checking and repairing a design
# --------------------------------------------------------------------------------------------

def _whole_number(value: Any) -> int | None:
    """An integer from what a form gave, or None when it is not a whole number."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float) and math.isfinite(value) and value.is_integer():
        return int(value)
    if isinstance(value, str) and value.strip().lstrip("+-").isascii():
        try:
            return int(value.strip())
        except ValueError:
            return None
    return None


def whole_number(value: Any) -> int | None:
    """A whole number from a form field's text ("12", " 3 "), or None ("2,5", "", "1e3")."""
    return _whole_number(value)


def _text(value: Any) -> str:
    return value if isinstance(value, str) else ("" if value is None else str(value))


def number_problem(label: str, raw: Any, limit: Limit, ui: UiText) -> str:
    """What is wrong with a number as the learner typed it, in words they can act on ('' when
    it can be used as it is): not a whole number ("2,5", "", "1e3"), or outside its limits."""
    number = _whole_number(raw)
    if number is None:
        return ui("problem_not_a_number", field=label, value=_text(raw)[:40],
                  minimum=limit.minimum, maximum=limit.maximum)
    if number < limit.minimum or number > limit.maximum:
        return ui("problem_out_of_range", field=label, value=number, minimum=limit.minimum,
                  maximum=limit.maximum, reason=limit.reason)
    return ""


def number_problems(design: Design, data: CommitteeData, ui: UiText | None = None
                    ) -> dict[str, str]:
    """The design's numbers that cannot be used as typed, by field ('council_members',
    'parties', 'group:<id>', 'meetings', 'hours_per_meeting', 'duration_months'), each with
    its message: shown beside the field, and never written into the terms of reference."""
    ui = ui or ui_text("committee", data.language)
    limits = data.options.limits
    found: dict[str, str] = {}

    def check(key: str, label: str, raw: Any, limit: Limit) -> None:
        problem = number_problem(label, raw, limit, ui)
        if problem:
            found[key] = problem

    check("council_members", ui("field_council_members"), design.council_members,
          limits["council_members"])
    council = _whole_number(design.council_members)
    council = 0 if council is None else min(max(council, 0), limits["council_members"].maximum)
    check("parties", ui("field_parties"), design.parties,
          Limit("parties", ui("field_parties"), 0, max(council, 0), ui("reason_parties")))
    names = {o.id: o.name for o in data.options.groups}
    for plan in design.groups if isinstance(design.groups, (list, tuple)) else ():
        group_id = _text(getattr(plan, "group", ""))
        if group_id in names:
            check(f"group:{group_id}", names[group_id], getattr(plan, "count", 0),
                  limits["group_members"])
    check("meetings", ui("field_meetings"), design.meetings, limits["meetings"])
    check("hours_per_meeting", ui("field_hours"), design.hours_per_meeting,
          limits["hours_per_meeting"])
    if not design.open_ended:
        check("duration_months", ui("field_duration"), design.duration_months,
              limits["duration_months"])
    return found


def normalise(design: Design, data: CommitteeData, ui: UiText | None = None
              ) -> tuple[Design, tuple[str, ...], tuple[str, ...]]:
    """The design with every value made usable, the problems found (in words the learner can
    act on) and notes (e.g. that HTML-like text is shown as text). Never raises."""
    ui = ui or ui_text("committee", data.language)
    common = ui_text("common", ui.language)
    options, limits = data.options, data.options.limits
    problems: list[str] = []
    notes: list[str] = []

    def bounded(label: str, raw: Any, limit: Limit) -> int:
        problem = number_problem(label, raw, limit, ui)
        if problem:
            problems.append(problem)
        number = _whole_number(raw)
        return limit.minimum if number is None else min(max(number, limit.minimum), limit.maximum)

    def choice(label: str, raw: Any, allowed: Iterable[str]) -> str:
        value = _text(raw)
        if value == "" or value in allowed:
            return value
        problems.append(ui("problem_unknown_choice", field=label, value=value[:60]))
        return ""

    def choices(label: str, raw: Any, allowed: Iterable[str]) -> tuple[str, ...]:
        allowed = list(allowed)
        items = raw if isinstance(raw, (list, tuple, set, frozenset)) else ()
        kept: list[str] = []
        for item in items:
            item = _text(item)
            if item in allowed:
                if item not in kept:
                    kept.append(item)
            else:
                problems.append(ui("problem_unknown_choice", field=label, value=item[:60]))
        return tuple(sorted(kept, key=allowed.index))

    def text(label: str, raw: Any, limit: int) -> str:
        check = check_free_text(raw, limit)
        if check.problem == "too_long":
            problems.append(f"{label}: " + common("too_long", length=format_number(check.length, ui.language),
                                                    limit=format_number(limit, ui.language)))
        if check.contains_markup:
            notes.append(f"{label}: " + common("markup_note"))
        return _text(raw)

    ids = lambda group: [o.id for o in getattr(options, group)]  # noqa: E731
    challenge = choice(ui("field_challenge"), design.challenge,
                       [c.id for c in data.challenges] + [OWN_CHALLENGE])
    own = text(ui("field_own_challenge"), design.own_challenge, TEXT_LIMIT)
    if challenge == OWN_CHALLENGE and not check_free_text(own).text:
        problems.append(ui("problem_own_challenge_empty"))
    name = text(ui("field_committee_name"), design.committee_name, NAME_LIMIT)
    question = text(ui("field_mandate_question"), design.mandate_question, TEXT_LIMIT)

    council = bounded(ui("field_council_members"), design.council_members,
                      limits["council_members"])
    parties_limit = Limit("parties", ui("field_parties"), 0, max(council, 0),
                          ui("reason_parties"))
    parties = bounded(ui("field_parties"), design.parties, parties_limit)
    if council > 0 and parties == 0:
        problems.append(ui("problem_parties_missing", council=council))

    raw_groups = design.groups if isinstance(design.groups, (list, tuple)) else ()
    known = {o.id: o for o in options.groups}
    plans: dict[str, GroupPlan] = {}
    for plan in raw_groups:
        group_id = _text(getattr(plan, "group", ""))
        if group_id not in known:
            problems.append(ui("problem_unknown_choice", field=ui("field_group"),
                               value=group_id[:60]))
            continue
        label = known[group_id].name
        count = bounded(label, getattr(plan, "count", 0), limits["group_members"])
        recruitment = choice(ui("field_recruitment_of", group=label),
                             getattr(plan, "recruitment", ""), ids("recruitment"))
        plans[group_id] = GroupPlan(group_id, count, recruitment)
    groups = tuple(plans.get(o.id, GroupPlan(o.id, 0, "")) for o in options.groups)
    if council + sum(p.count for p in groups) == 0:
        problems.append(ui("problem_no_members"))

    duration = bounded(ui("field_duration"), design.duration_months, limits["duration_months"])
    clean = Design(
        challenge=challenge, own_challenge=own, committee_name=name, mandate_question=question,
        deliverable=choice(ui("field_deliverable"), design.deliverable, ids("deliverables")),
        purpose=choice(ui("field_purpose"), design.purpose, data.concepts.ids("purposes")),
        set_up_by=choice(ui("field_set_up_by"), design.set_up_by, ids("set_up_by")),
        council_members=council, parties=parties, groups=groups,
        chair=choice(ui("field_chair"), design.chair, ids("chairs")),
        meetings=bounded(ui("field_meetings"), design.meetings, limits["meetings"]),
        hours_per_meeting=bounded(ui("field_hours"), design.hours_per_meeting,
                                  limits["hours_per_meeting"]),
        meeting_formats=choices(ui("field_formats"), design.meeting_formats,
                                ids("meeting_formats")),
        duration_months=duration,
        open_ended=design.open_ended is True,
        phases=choices(ui("field_phases"), design.phases, data.concepts.ids("phases")),
        route=choice(ui("field_route"), design.route, ids("routes")),
        checklist=choices(ui("field_checklist"), design.checklist,
                          [item.id for item in data.checklist]),
    )
    return clean, tuple(problems), tuple(notes)


def measures(design: Design, data: CommitteeData) -> dict[str, Any]:
    """The named measures of a normalised design that the rules test (README.md lists them)."""
    options = data.options
    counts = {plan.group: plan.count for plan in design.groups}
    external = sum(counts.values())
    total = design.council_members + external
    used = [plan for plan in design.groups if plan.count > 0]
    methods = {plan.recruitment for plan in used if plan.recruitment}
    formats = [options.find("meeting_formats", f) for f in design.meeting_formats]
    formats = [f for f in formats if f is not None]
    result: dict[str, Any] = {
        "council_members": design.council_members,
        "parties": design.parties,
        "external_members": external,
        "total_members": total,
        "external_groups": len(used),
        "share_external": round(100 * external / total) if total else 0,
        "meetings": design.meetings,
        "hours_per_meeting": design.hours_per_meeting,
        "duration_months": design.duration_months,
        "open_ended": design.open_ended,
        "thematic_formats": sum(1 for f in formats if f.thematic),
        "invites_others": any(f.invites_others for f in formats),
        "meeting_formats": frozenset(design.meeting_formats),
        "phases": frozenset(design.phases),
        "recruitment_methods": frozenset(methods),
        "recruitment_logics": frozenset(
            options.find("recruitment", m).logic for m in methods
            if options.find("recruitment", m) is not None),
        "unrecruited_groups": sum(1 for plan in used if not plan.recruitment),
        "has_mandate": bool(check_free_text(design.mandate_question).text),
        "purpose": design.purpose,
        "deliverable": design.deliverable,
        "chair": design.chair,
        "set_up_by": design.set_up_by,
        "route": design.route,
    }
    for option in options.groups:
        result[option.id] = counts.get(option.id, 0)
    return result


def describe_condition(condition: Condition, data: CommitteeData, ui: UiText) -> str:
    """A rule's condition in plain words, e.g. 'the number of citizens is at least 1', with
    choices and concepts by their names, for the worksheet a facilitator prints."""
    if condition.test == "any":
        return "(" + f" {ui('cond_or')} ".join(describe_condition(c, data, ui)
                                                for c in condition.alternatives) + ")"
    options, concepts = data.options, data.concepts
    measure = condition.measure
    words = options.measures.get(measure)
    if words is not None and (words.yes or words.no):
        positive = (condition.test == "equals") == bool(condition.value)
        return words.yes if positive else words.no
    group = options.find("groups", measure)
    name = (ui("cond_group_count", group=group.name.lower()) if group is not None
            else words.name if words is not None else measure)
    named_groups = {"chair": "chairs", "deliverable": "deliverables", "set_up_by": "set_up_by",
                    "route": "routes", "meeting_formats": "meeting_formats",
                    "recruitment_methods": "recruitment"}
    concept_groups = {"phases": "phases", "purpose": "purposes"}

    def lower(text: str) -> str:
        first = text.split(" ", 1)[0]
        return text if len(first) > 1 and first.isupper() else text[:1].lower() + text[1:]

    def value_name(value: Any) -> str:
        if measure in named_groups:
            return lower(options.name(named_groups[measure], value) or str(value))
        if measure in concept_groups:
            return lower(concepts.get(concept_groups[measure], value).name)
        return (format_number(value, ui.language, 2) if isinstance(value, float)
                else str(value))

    value = condition.value
    if value == "":      # a choice not made yet, or made
        return f"{name} " + (ui("cond_chosen") if condition.test == "not_equals"
                             else ui("cond_equals") + " " + ui("cond_not_chosen"))
    shown = (f" {ui('cond_or')} ".join(value_name(v) for v in value) if isinstance(value, tuple)
             else value_name(value))
    return f"{name} {ui('cond_' + condition.test)} {shown}"


def describe_conditions(conditions: Iterable[Condition], data: CommitteeData,
                        ui: UiText) -> str:
    return f" {ui('cond_and')} ".join(describe_condition(c, data, ui) for c in conditions)


# --------------------------------------------------------------------------------------------
# Feedback
# --------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class RuleResult:
    points: int
    text: str          # the rule's message (applied) or hint (not applied)
    source: str


@dataclass(frozen=True)
class CriterionScore:
    id: str
    name: str
    short: str
    danish: str
    description: str
    source: str
    start: int
    score: int                            # 0..100
    weight: float                         # for the purpose chosen
    applied: tuple[RuleResult, ...]
    could_add: tuple[RuleResult, ...]     # rules with points that did not apply, as hints


@dataclass(frozen=True)
class Profile:
    criteria: tuple[CriterionScore, ...]
    overall: int                          # the weighted average, 0..100 (capped, if a cap applies)
    purpose: str                          # the purpose the weights follow ('' = equal weights)
    uncapped: int | None = None           # the weighted average before a legal cap, if capped
    cap: int | None = None                # the legal cap that applies (legal.yaml), if any
    cap_reasons: tuple[str, ...] = ()     # the messages of the checks that cap it

    def score(self, criterion_id: str) -> int:
        return next(c.score for c in self.criteria if c.id == criterion_id)

    @property
    def capped(self) -> bool:
        return self.uncapped is not None


@dataclass(frozen=True)
class CommitteeFeedback:
    design: Design                        # the design as scored (normalised)
    problems: tuple[str, ...]             # input to fix, in the learner's words
    notes: tuple[str, ...]
    legal: StepFeedback
    warnings: StepFeedback
    profile: Profile
    profile_feedback: StepFeedback
    fired_legal: tuple[str, ...] = field(default=())      # ids, for tests and reports
    fired_warnings: tuple[str, ...] = field(default=())

    @property
    def legal_issues(self) -> tuple[FeedbackItem, ...]:
        """The legal points still to settle: wrong, not yet decided, or to check."""
        return tuple(i for i in self.legal.items if i.verdict in FAILING_VERDICTS)


def score_profile(values: dict[str, Any], data: CommitteeData, purpose: str) -> Profile:
    results = []
    for criterion in data.criteria:
        applied, could_add = [], []
        total = criterion.start
        for rule in criterion.rules:
            if all_hold(rule.when, values):
                total += rule.points
                applied.append(RuleResult(rule.points, rule.message, rule.source))
            elif rule.points > 0 and rule.hint:
                could_add.append(RuleResult(rule.points, rule.hint, rule.source))
        weight = criterion.weights.get(purpose, 1.0) if purpose else 1.0
        results.append(CriterionScore(
            criterion.id, criterion.name, criterion.short, criterion.danish,
            criterion.description, criterion.source, criterion.start,
            int(min(100, max(0, total))), weight, tuple(applied), tuple(could_add)))
    weight_sum = sum(c.weight for c in results)
    overall = (round(sum(c.score * c.weight for c in results) / weight_sum)
               if weight_sum > 0 else round(sum(c.score for c in results) / len(results)))
    return Profile(tuple(results), int(min(100, max(0, overall))), purpose)


def apply_legal_cap(profile: Profile, fired: Iterable[Check]) -> Profile:
    """The profile with its overall figure held at the lowest cap of the legal checks that
    apply (legal.yaml); the criteria's own scores are left as they are."""
    capping = [check for check in fired if check.cap is not None]
    if not capping:
        return profile
    cap = min(check.cap for check in capping)
    if profile.overall <= cap:
        return replace(profile, cap=cap, cap_reasons=tuple(c.message for c in capping))
    return replace(profile, overall=cap, uncapped=profile.overall, cap=cap,
                   cap_reasons=tuple(c.message for c in capping))


def _concept_reference(check: Check, data: CommitteeData, ui: UiText) -> str:
    if not check.concept:      # a check of the form itself, resting on no lecture concept
        return ui("legal_reference", chapter=data.concepts.chapter_name(data.legal_chapter),
                  source=check.source)
    group, _, concept_id = check.concept.partition(":")
    concept = data.concepts.get(group, concept_id)
    return ui("warning_reference", chapter=data.concepts.chapter_name(concept.chapter),
              concept=concept.name, slide=concept.slide, source=check.source)


def verdict_for_score(score: int) -> str:
    return "good" if score >= 70 else "partly" if score >= 40 else "missing"


def explanation_lines(result: CriterionScore, ui: UiText) -> list[str]:
    """A criterion's score spelt out: where it starts, what added or took points, what could."""
    lines = [ui("explain_start", start=result.start)]
    for rule in result.applied:
        lines.append(ui("explain_rule", points=f"{rule.points:+d}", text=rule.text,
                        source=rule.source))
    lines.append(ui("explain_total", score=result.score))
    for rule in result.could_add:
        lines.append(ui("explain_hint", points=f"{rule.points:+d}", text=rule.text,
                        source=rule.source))
    return lines


def evaluate(design: Design, data: CommitteeData | None = None,
             ui: UiText | None = None) -> CommitteeFeedback:
    """The legal frame, the warnings and the profile of a design, in the language of ``ui``
    (or of ``data``). Never raises on a design."""
    data = data or load_committee_data(language=ui.language if ui is not None else None)
    ui = ui or ui_text("committee", data.language)
    clean, problems, notes = normalise(design, data, ui)
    values = measures(clean, data)

    chapter = data.concepts.chapter_name(data.legal_chapter)
    legal_fired = [check for check in data.legal_checks if all_hold(check.when, values)]
    legal_items = tuple(
        FeedbackItem(check.verdict, check.message, check.reason,  # type: ignore[arg-type]
                     ui("legal_reference", chapter=chapter, source=check.source))
        for check in legal_fired)
    issues = sum(1 for c in legal_fired if c.verdict in FAILING_VERDICTS)
    legal = StepFeedback(
        "legal", ui("legal_title"), None,
        ui("legal_headline_ok") if issues == 0 else ui("legal_headline_issues", count=issues),
        legal_items)

    warning_fired = [check for check in data.warnings if all_hold(check.when, values)]
    warning_items = tuple(
        FeedbackItem(check.verdict, check.message, check.reason,  # type: ignore[arg-type]
                     _concept_reference(check, data, ui))
        for check in warning_fired)
    count = sum(1 for c in warning_fired if c.verdict == "warning")
    warnings = StepFeedback(
        "warnings", ui("warnings_title"), None,
        ui("warnings_headline_none") if count == 0 else ui("warnings_headline", count=count),
        warning_items)

    profile = apply_legal_cap(score_profile(values, data, clean.purpose), legal_fired)
    purpose_name = (data.concepts.get("purposes", clean.purpose).name.lower()
                    if clean.purpose else "")
    headline = (ui("profile_headline_weighted", overall=profile.overall, purpose=purpose_name)
                if clean.purpose else ui("profile_headline_equal", overall=profile.overall))
    if profile.capped:
        # Said first, so the notice stands above the profile and its chart.
        headline = ui("profile_capped", cap=profile.cap, uncapped=profile.uncapped,
                      reasons=" ".join(profile.cap_reasons)) + " " + headline
    profile_items = tuple(
        FeedbackItem(verdict_for_score(c.score),  # type: ignore[arg-type]
                     ui("profile_item", name=c.name, score=c.score),
                     c.description, ui("profile_reference", source=c.source))
        for c in profile.criteria)
    profile_feedback = StepFeedback("profile", ui("profile_title"), profile.overall / 100,
                                    headline, profile_items)
    return CommitteeFeedback(clean, problems, notes, legal, warnings, profile, profile_feedback,
                             tuple(c.id for c in legal_fired), tuple(c.id for c in warning_fired))


def preset_design(preset: Preset, keep: Design | None = None) -> Design:
    """The preset's committee, keeping the learner's challenge and own texts when given (a
    preset changes the members and the way of working, never the learner's words)."""
    if keep is None:
        return preset.design
    return replace(preset.design, challenge=keep.challenge, own_challenge=keep.own_challenge,
                   committee_name=keep.committee_name, mandate_question=keep.mandate_question,
                   checklist=keep.checklist)


def profile_rows(profile: Profile, label: str) -> list[dict[str, Any]]:
    """The profile as rows for a chart: one a criterion."""
    return [{"design": label, "criterion": c.short, "name": c.name, "score": c.score,
             "order": position} for position, c in enumerate(profile.criteria)]


# --------------------------------------------------------------------------------------------
# Words for a design, and the downloadable summary
# --------------------------------------------------------------------------------------------

def challenge_text(design: Design, data: CommitteeData) -> tuple[str, str, bool]:
    """The challenge's title and text, and whether they are the learner's own words."""
    if design.challenge == OWN_CHALLENGE:
        return "", design.own_challenge, True
    challenge = data.challenge(design.challenge)
    if challenge is None:
        return "", "", False
    return challenge.title, challenge.text, False


def group_lines(design: Design, data: CommitteeData, ui: UiText) -> list[str]:
    """'Citizens: 10 (open call ...)' for each group with members."""
    lines = []
    for option in data.options.groups:
        plan = design.group(option.id)
        if plan.count:
            method = data.options.name("recruitment", plan.recruitment) or ui("recruitment_not_chosen")
            lines.append(f"{with_term(option.name, option.danish, ui.language)}: {plan.count}, "
                         f"{method[:1].lower()}{method[1:]}")
    return lines


def phase_names(design: Design, data: CommitteeData) -> list[str]:
    return [data.concepts.get("phases", p).label for p in design.phases]


def format_names(design: Design, data: CommitteeData) -> list[str]:
    return [data.options.name("meeting_formats", f) for f in design.meeting_formats]


def _md_text(text: str) -> str:
    """Learner text as an inert Markdown block quote, every line quoted."""
    from .free_text import as_inert_markdown

    lines = as_inert_markdown(text.strip()).splitlines() or [""]
    return "\n".join(f"> {line}" if line.strip() else ">" for line in lines)


def summary_markdown(feedback: CommitteeFeedback, data: CommitteeData | None = None,
                     ui: UiText | None = None) -> str:
    """The learner's design and its feedback, to download and bring to the discussion, in the
    language of ``ui`` (or of ``data``)."""
    from .feedback import verdict_label
    from .free_text import as_inert_markdown as inert

    data = data or load_committee_data(language=ui.language if ui is not None else None)
    ui = ui or ui_text("committee", data.language)
    d = feedback.design
    none = ui("summary_not_written")
    not_chosen = ui("not_chosen")
    concepts = data.concepts
    out = [f"# {inert(ui('summary_title'))}" + (f": {inert(d.committee_name.strip())}"
                                                  if d.committee_name.strip() else ""),
           "", inert(ui("summary_intro")), ""]

    title, text, own = challenge_text(d, data)
    out += [f"## {ui('summary_challenge')}", ""]
    if own:
        out += [_md_text(text) if text.strip() else none, ""]
    elif title:
        out += [f"**{inert(title)}**", "", inert(text), ""]
    else:
        out += [not_chosen, ""]

    purpose = concepts.get("purposes", d.purpose) if d.purpose else None
    out += [f"## {ui('summary_mandate')}", "", f"{ui('field_mandate_question')}:", "",
            _md_text(d.mandate_question) if d.mandate_question.strip() else none, "",
            f"- {ui('field_deliverable')}: "
            f"{data.options.name('deliverables', d.deliverable) or not_chosen}",
            f"- {ui('field_purpose')}: "
            + (purpose.label if purpose else not_chosen),
            f"- {ui('field_set_up_by')}: "
            f"{data.options.name('set_up_by', d.set_up_by) or not_chosen}", ""]

    out += [f"## {ui('summary_members')}", "",
            f"- {ui('label_councillors')}: "
            + ui("label_councillors_value", council=d.council_members, parties=d.parties)]
    out += [f"- {line}" for line in group_lines(d, data, ui)]
    out += [f"- {ui('field_chair')}: {data.options.name('chairs', d.chair) or not_chosen}", ""]

    out += [f"## {ui('summary_working')}", "",
            f"- {ui('field_meetings')}: "
            + ui("label_meetings_value", meetings=d.meetings, hours=d.hours_per_meeting),
            f"- {ui('field_formats')}: " + (", ".join(format_names(d, data)) or not_chosen),
            f"- {ui('field_duration')}: " + (ui("label_open_ended") if d.open_ended
                                             else ui("label_months", months=d.duration_months)),
            f"- {ui('field_phases')}: " + (", ".join(phase_names(d, data)) or not_chosen),
            f"- {ui('field_route')}: {data.options.name('routes', d.route) or not_chosen}", ""]

    if feedback.problems:
        out += [f"## {ui('problems_title')}", ""]
        out += [f"- {inert(p)}" for p in feedback.problems] + [""]

    for step in (feedback.legal, feedback.warnings):
        out += [f"## {step.title}", "", inert(step.headline), ""]
        for item in step.items:
            out.append(f"- **{verdict_label(item.verdict, ui.language)}:** {inert(item.message)} "
                       f"{inert(item.reason)} *({inert(item.reference)})*")
        out.append("")

    out += [f"## {feedback.profile_feedback.title}", "", inert(feedback.profile_feedback.headline),
            "", ui("summary_profile_table"), "|---|---|---|"]
    for c in feedback.profile.criteria:
        out.append(f"| {with_term(c.name, c.danish, ui.language)} | {c.score} | "
                   f"{format_number(c.weight, ui.language, 2)} |")
    out.append("")
    for c in feedback.profile.criteria:
        out += [f"### {ui('explain_heading', name=c.name, score=c.score)}", ""]
        out += [f"- {inert(line)}" for line in explanation_lines(c, ui)] + [""]

    out += [f"## {ui('summary_checklist')}", ""]
    for item in data.checklist:
        ticked = item.id in d.checklist
        out.append(f"- [{'x' if ticked else ' '}] {inert(item.text)} "
                   f"({ui('summary_ticked') if ticked else ui('summary_not_ticked')})")
    out += ["", ui("summary_kommissorium_note"), ""]
    return "\n".join(out)
