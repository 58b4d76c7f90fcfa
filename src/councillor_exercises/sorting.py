"""The "Service or policy?" exercise: sort the lecture's examples (and a few more) into service
and policy innovation, and get an explanation for every answer.

The examples live in data/examples/ (one file each); the choices' names come from the shared
concepts (data/concepts.yaml) plus the "both / it depends" choice and the score bands of
data/examples/_settings.yaml. Every credit and every message is data: this module only applies
them. Nothing here knows about widgets.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Mapping

from .concepts import load_concepts
from .datafiles import (DataError, EntryReader, data_dir, in_language, language_or_current,
                        load_yaml_file, yaml_files_in)
from .feedback import FeedbackItem, StepFeedback
from .formats import number as format_number
from .formats import with_term
from .free_text import DEFAULT_MAX_CHARS, as_inert_markdown, check_free_text
from .ui_text import ui_text

CHOICE_IDS = ("service", "policy", "depends")
REQUIRED_CHOICES = ("service", "policy")
EXAMPLE_FIELDS = ("name", "danish", "description", "order", "lecture", "reading", "answer",
                  "edge_case", "why", "tempting", "chapter", "options", "facts", "unverified")
NOTE_LIMIT = DEFAULT_MAX_CHARS


@dataclass(frozen=True)
class Fact:
    """One sourced fact about an example, with the address it comes from."""

    text: str
    source: str


@dataclass(frozen=True)
class Option:
    """One choice the learner may make for an example, the credit it earns and what it means."""

    id: str
    credit: float      # 0..1
    message: str       # feedback specific to this choice


@dataclass(frozen=True)
class Example:
    id: str
    name: str
    danish: str
    description: str
    order: int
    answer: str                      # the course's reading (the lecture's, where it has one)
    why: str                         # why the example belongs there
    tempting: str                    # why the other reading is tempting
    chapter: str                     # label of the chapter to read
    options: tuple[Option, ...]
    facts: tuple[Fact, ...] = ()
    unverified: tuple[Fact, ...] = ()   # plausible leads that are not verified
    lecture_classification: str = ""    # 'service' or 'policy' where the lecture sorts it
    lecture_slide: int = 0
    reading: str = ""                   # where the reading comes from, when not the lecture
    edge_case: bool = False
    language: str = "en"                # the language its texts were read in

    @property
    def title(self) -> str:
        """The example's name as a heading shows it: with its Danish name in English."""
        return with_term(self.name, self.danish, self.language)

    @property
    def in_lecture(self) -> bool:
        return bool(self.lecture_classification)

    def option(self, choice: str | None) -> Option | None:
        return next((o for o in self.options if o.id == choice), None)

    def option_ids(self) -> list[str]:
        return [o.id for o in self.options]


@dataclass(frozen=True)
class Choice:
    """A place an example can be sorted into, as shown to the learner."""

    id: str
    name: str
    danish: str
    explanation: str


@dataclass(frozen=True)
class Band:
    min_percent: int
    message: str


@dataclass(frozen=True)
class Settings:
    choices: tuple[Choice, ...]
    bands: tuple[Band, ...]          # highest threshold first
    source: str
    language: str = "en"             # the exercise's language: its texts and its messages

    def choice(self, choice_id: str) -> Choice:
        return next(c for c in self.choices if c.id == choice_id)

    def label(self, choice_id: str) -> str:
        choice = self.choice(choice_id)
        return with_term(choice.name, choice.danish, self.language)


@dataclass(frozen=True)
class SortingAnswer:
    """The learner's sorting: example id -> choice id (examples not yet sorted are left out),
    and an optional note for the group discussion."""

    choices: tuple[tuple[str, str], ...] = ()
    note: str = ""

    @classmethod
    def from_mapping(cls, choices: Mapping[str, str | None], note: str = "") -> "SortingAnswer":
        return cls(tuple((k, v) for k, v in choices.items() if v), note)

    def choice_for(self, example_id: str) -> str | None:
        return dict(self.choices).get(example_id)


@dataclass(frozen=True)
class ExampleResult:
    example: Example
    choice: str | None          # None: not sorted yet
    credit: float
    item: FeedbackItem


@dataclass(frozen=True)
class SortingResult:
    feedback: StepFeedback
    results: tuple[ExampleResult, ...]
    points: float
    possible: int
    note: str = ""              # the learner's note, as typed (stripped)
    note_problem: str = ""      # a message when the note is too long
    note_info: str = ""         # a remark on the note (HTML-like tags are shown as text)

    @property
    def overview(self) -> StepFeedback:
        """The same feedback without the long explanations (each example's own check and the
        summary to download have them): one line per example under the score."""
        short = tuple(FeedbackItem(i.verdict, i.message) for i in self.feedback.items)
        return StepFeedback(self.feedback.step, self.feedback.title, self.feedback.score,
                            self.feedback.headline, short, self.feedback.problems)


# ---------------------------------------------------------------------------------------------
# Loading


def _facts(reader: EntryReader, field: str) -> tuple[Fact, ...]:
    facts = []
    for item in reader.entries(field, required=False):
        item.only_fields(("text", "source"))
        source = item.text("source")
        if not source.startswith(("https://", "http://")):
            item.fail("source", f"'{source}' must be a web address starting with https://")
        facts.append(Fact(item.text("text"), source))
    return tuple(facts)


def load_example(path: Path, chapters: Mapping[str, str], language: str | None = None) -> Example:
    """One example file in ``language``, validated: a problem names the file, the entry and the
    field."""
    language = language_or_current(language)
    with in_language(language):
        return _read_example(path, chapters, language)


def _read_example(path: Path, chapters: Mapping[str, str], language: str) -> Example:
    reader = EntryReader.for_file(path, load_yaml_file(path))
    reader.only_fields(EXAMPLE_FIELDS)
    options_reader = reader.sub("options")
    for key in options_reader.mapping:
        if str(key) not in CHOICE_IDS:
            options_reader.fail(str(key), f"is not a known choice; known choices are: "
                                f"{', '.join(CHOICE_IDS)}")
    options = []
    for choice in CHOICE_IDS:
        if choice not in options_reader.mapping:
            if choice in REQUIRED_CHOICES:
                options_reader.fail(choice, "is missing: every example offers 'service' and "
                                    "'policy'")
            continue
        option = options_reader.sub(choice)
        option.only_fields(("credit", "message"))
        options.append(Option(choice, option.number("credit", minimum=0, maximum=1),
                              option.text("message")))
    answer = reader.choice("answer", [o.id for o in options])
    if next(o for o in options if o.id == answer).credit != 1:
        reader.fail("answer", f"the course's reading '{answer}' must earn full credit (1) under "
                    "'options'")
    classification, slide = "", 0
    if reader.has("lecture"):
        lecture = reader.sub("lecture")
        lecture.only_fields(("classification", "slide"))
        classification = lecture.choice("classification", REQUIRED_CHOICES)
        slide = lecture.integer("slide", minimum=1, maximum=16)
        if next(o for o in options if o.id == classification).credit != 1:
            lecture.fail("classification", f"the lecture's classification '{classification}' "
                         "must earn full credit (1) under 'options'")
    reading = reader.text("reading", required=not classification)
    edge_case = reader.boolean("edge_case", required=False)
    if edge_case and sum(1 for o in options if o.credit > 0) < 2:
        reader.fail("options", "an edge case must give credit (partial or full, above 0) to "
                    "more than one choice: that is what makes it debatable")
    chapter = reader.text("chapter")
    if chapter not in chapters:
        reader.fail("chapter", f"'{chapter}' is not a chapter label; known labels are: "
                    f"{', '.join(chapters)}")
    return Example(
        id=path.stem, name=reader.text("name"), danish=reader.text("danish"),
        description=reader.text("description"), order=reader.integer("order", minimum=0),
        answer=answer, why=reader.text("why"), tempting=reader.text("tempting"),
        chapter=chapter, options=tuple(options), facts=_facts(reader, "facts"),
        unverified=_facts(reader, "unverified"), lecture_classification=classification,
        lecture_slide=slide, reading=reading, edge_case=edge_case, language=language,
    )


def load_examples(folder: Path | None = None,
                  language: str | None = None) -> tuple[Example, ...]:
    """Every example in data/examples/, in ``language``, in the order the exercise shows them."""
    folder = folder or data_dir() / "examples"
    language = language_or_current(language)
    chapters = load_concepts(language=language).chapters
    examples = [load_example(path, chapters, language) for path in yaml_files_in(folder)]
    if not examples:
        raise DataError(str(folder), "(folder)", "(files)", "holds no example files")
    return tuple(sorted(examples, key=lambda e: (e.order, e.id)))


def load_settings(path: Path | None = None, language: str | None = None) -> Settings:
    """The choices' names and the score bands (data/examples/_settings.yaml), in ``language``:
    every message the exercise gives follows the settings' language."""
    path = path or data_dir() / "examples" / "_settings.yaml"
    language = language_or_current(language)
    with in_language(language):
        return _read_settings(path, language)


def _read_settings(path: Path, language: str) -> Settings:
    reader = EntryReader.for_file(path, load_yaml_file(path), "settings")
    reader.only_fields(("depends", "bands", "source"))
    concepts = load_concepts(language=language)
    choices = [Choice(c.id, c.name, c.danish, c.explanation)
               for c in (concepts.get("innovation_types", i) for i in REQUIRED_CHOICES)]
    depends = reader.sub("depends")
    depends.only_fields(("name", "danish", "explanation"))
    choices.append(Choice("depends", depends.text("name"), depends.text("danish", required=False),
                          depends.text("explanation")))
    bands = []
    for item in reader.entries("bands", min_items=1):
        item.only_fields(("min_percent", "message"))
        bands.append(Band(item.integer("min_percent", minimum=0, maximum=100),
                          item.text("message")))
    bands.sort(key=lambda b: -b.min_percent)
    if bands[-1].min_percent != 0:
        reader.fail("bands", "the lowest band must start at min_percent: 0, so every score "
                    "gets a message")
    return Settings(tuple(choices), tuple(bands), reader.text("source"), language)


# ---------------------------------------------------------------------------------------------
# Judging


def _verdict(credit: float | None) -> str:
    if credit is None:
        return "missing"
    if credit >= 1:
        return "good"
    return "partly" if credit > 0 else "wrong"


def _reference(example: Example, settings: Settings) -> str:
    concepts = load_concepts(language=settings.language)
    chapter = concepts.chapter_name(example.chapter)
    text = ui_text("sorting", settings.language)
    if example.in_lecture:
        return text("reference_lecture", chapter=chapter, slide=example.lecture_slide)
    return text("reference_course", chapter=chapter, reading=example.reading)


def _reason(example: Example, settings: Settings) -> str:
    """Two lines: the course's reading and why (with a note on debatable cases), then why the
    other reading is tempting."""
    text = ui_text("sorting", settings.language)
    first = [text("edge_case_note")] if example.edge_case else []
    first += [text("course_reading_is", reading=settings.label(example.answer)), example.why]
    return " ".join(first) + "\n" + text("tempting_intro") + " " + example.tempting


def judge(example: Example, choice: str | None, settings: Settings) -> ExampleResult:
    """The feedback on one example for one choice (None: not sorted yet). Never raises for a
    choice the example does not offer: that is reported as not sorted."""
    text = ui_text("sorting", settings.language)
    option = example.option(choice)
    if option is None:
        item = FeedbackItem("missing", text("not_sorted", name=example.name),
                            _reason(example, settings), _reference(example, settings))
        return ExampleResult(example, None, 0.0, item)
    message = text("you_chose", name=example.name, choice=settings.label(option.id)) + " " \
        + option.message
    item = FeedbackItem(_verdict(option.credit), message, _reason(example, settings),
                        _reference(example, settings))
    return ExampleResult(example, option.id, option.credit, item)


def credit_text(credit: float, language: str | None = None) -> str:
    """A credit as the learner reads it: 1, 0.5, 0 (0,5 in Danish)."""
    return format_number(credit, language, 2)


def example_feedback(example: Example, choice: str | None, settings: Settings) -> StepFeedback:
    """One example's feedback, as shown right after the learner checks it."""
    text = ui_text("sorting", settings.language)
    result = judge(example, choice, settings)
    if result.choice is None:
        headline = text("example_headline_missing")
        problems = (text("example_problem_missing"),)
        score = None
    else:
        headline = text(f"example_headline_{result.item.verdict}",
                        credit=credit_text(result.credit, settings.language))
        problems = ()
        score = result.credit
    return StepFeedback(example.id, example.name, score, headline, (result.item,), problems)


def band_message(percent: float, settings: Settings) -> str:
    return next(b.message for b in settings.bands if percent >= b.min_percent)


def evaluate(examples: tuple[Example, ...], answer: SortingAnswer,
             settings: Settings) -> SortingResult:
    """The whole sorting: a score over every example (an unsorted one earns nothing and is
    named), an explanation per example and the learner's note checked for length."""
    text = ui_text("sorting", settings.language)
    results = tuple(judge(e, answer.choice_for(e.id), settings) for e in examples)
    points = sum(r.credit for r in results)
    possible = len(examples)
    percent = 100 * points / possible if possible else 0.0
    unsorted = [r.example.name for r in results if r.choice is None]
    problems = []
    if unsorted:
        problems.append(text("unsorted_problem", count=len(unsorted), names=", ".join(unsorted)))
    note_check = check_free_text(answer.note, NOTE_LIMIT)
    note_problem = ""
    if note_check.problem == "too_long":
        note_problem = ui_text("common", settings.language)(
            "too_long", length=format_number(note_check.length, settings.language),
            limit=format_number(note_check.limit, settings.language))
        problems.append(note_problem)
    note_info = (ui_text("common", settings.language)("markup_note")
                 if note_check.contains_markup else "")
    headline = text("score_headline", points=credit_text(points, settings.language),
                    possible=possible,
                    percent=round(percent)) + " " + band_message(percent, settings)
    feedback = StepFeedback("sorting", text("results_title"), points / possible if possible else 0,
                            headline, tuple(r.item for r in results), tuple(problems))
    return SortingResult(feedback, results, points, possible, note_check.text, note_problem,
                         note_info)


# ---------------------------------------------------------------------------------------------
# The chart's data and the summary to download


def comparison_rows(result: SortingResult, settings: Settings) -> list[dict[str, object]]:
    """One row per example and reader (example, position, who, placement): where the learner
    put it and where the course does."""
    text = ui_text("sorting", settings.language)
    rows = []
    for position, r in enumerate(result.results):
        example = r.example
        rows.append({"example": example.name, "position": position, "who": text("chart_course"),
                     "placement": text(f"chart_label_{example.answer}")})
        if r.choice is not None:
            rows.append({"example": example.name, "position": position, "who": text("chart_you"),
                         "placement": text(f"chart_label_{r.choice}")})
    return rows


def _md(value: str) -> str:
    """Data text inside a Markdown table cell."""
    return value.replace("|", "\\|").replace("\n", " ")


def summary_markdown(result: SortingResult, settings: Settings) -> str:
    """The learner's sorting with every explanation and source, to download and bring along."""
    text = ui_text("sorting", settings.language)
    lines = [f"# {text('summary_title')}", "", result.feedback.headline, ""]
    for problem in result.feedback.problems:
        lines.append(f"- {problem}")
    if result.feedback.problems:
        lines.append("")
    lines += [f"| {text('summary_col_example')} | {text('summary_col_you')} | "
              f"{text('summary_col_course')} | {text('summary_col_credit')} |",
              "|---|---|---|---|"]
    for r in result.results:
        mine = settings.choice(r.choice).name if r.choice else text("summary_not_sorted")
        name = (f"{_md(r.example.name)} (*{_md(r.example.danish)}*)"
                if settings.language == "en" else _md(r.example.name))
        lines.append(f"| {name} | {_md(mine)} | "
                     f"{_md(settings.choice(r.example.answer).name)} | "
                     f"{credit_text(r.credit, settings.language)} |")
    lines.append("")
    if result.note:
        lines += [f"## {text('summary_note_heading')}", "",
                  "> " + as_inert_markdown(result.note).replace("\n", "\n> "), ""]
    lines += [f"## {text('summary_details_heading')}", ""]
    for r in result.results:
        example = r.example
        heading = (f"{example.name} (*{example.danish}*)" if settings.language == "en"
                   else example.name)
        lines += [f"### {heading}", "", example.description, ""]
        lines.append(f"- **{text('summary_verdict')}:** {r.item.message}")
        lines.append(f"- **{text('summary_why')}:** {r.item.reason.replace(chr(10), ' ')}")
        lines.append(f"- **{text('summary_read_more')}:** {r.item.reference}")
        lines.append("")
        if example.facts:
            lines.append(f"{text('facts_heading')}:")
            lines += [f"- {f.text} ({text('source_word')}: <{f.source}>)" for f in example.facts]
        else:
            lines.append(text("no_facts"))
        if example.unverified:
            lines += ["", f"{text('unverified_heading')}:"]
            lines += [f"- {f.text} ({text('source_word')}: <{f.source}>)"
                      for f in example.unverified]
        lines.append("")
    lines += [f"*{text('summary_sources', source=settings.source)}*", ""]
    return "\n".join(lines)


def chart_labels(result: SortingResult, settings: Settings) -> dict[str, object]:
    """The chart's title, text alternative, source and labels, for charts.sorting."""
    text = ui_text("sorting", settings.language)
    sorted_results = [r for r in result.results if r.choice is not None]
    agree = [r for r in sorted_results if r.choice == r.example.answer]
    differ = [text("chart_differ_item", name=r.example.name,
                   yours=settings.choice(r.choice).name,
                   course=settings.choice(r.example.answer).name)
              for r in sorted_results if r.choice != r.example.answer]
    unsorted = [r.example.name for r in result.results if r.choice is None]
    parts = [text("chart_agree", agree=len(agree), total=len(result.results))]
    if differ:
        parts.append(text("chart_differ", items="; ".join(differ)))
    if unsorted:
        parts.append(text("chart_unsorted", names=", ".join(unsorted)))
    return {
        "title": text("chart_title"),
        "description": " ".join(parts),
        "source": text("chart_source"),
        "placements": [text(f"chart_label_{c}") for c in ("service", "depends", "policy")],
        "you": text("chart_you"),
        "course": text("chart_course"),
        "axis_title": text("chart_axis_placement"),
        "language": settings.language,
    }
