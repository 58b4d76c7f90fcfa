"""The exercise "Design a § 17, stk. 4 committee" as widgets: a thin shell over
``councillor_exercises.committee`` (the rules) and ``kommissorium`` (the draft terms of
reference). It reads the controls into a ``Design``, asks the engine, and shows the answer."""

from __future__ import annotations

import html
import re

import ipywidgets as widgets

from .. import committee as engine
from .. import exports
from .. import kommissorium as k
from ..committee import (
    OWN_CHALLENGE,
    CommitteeData,
    CommitteeFeedback,
    Design,
    GroupPlan,
    Condition,
    evaluate,
    explanation_lines,
    load_committee_data,
    number_problems,
    preset_design,
    whole_number,
    summary_markdown,
)
from ..datafiles import language_or_current
from ..feedback import verdict_label, FeedbackItem, StepFeedback
from ..formats import number as format_number
from ..formats import with_term
from ..glossary import headword
from ..ui_text import UiText, ui_text
from .common import (AppFrame, chart_html, chart_placeholder_html, charts_ready,
                     download_link_html, show as common_show, warm_charts_in_background)

STEPS = ("challenge", "mandate", "members", "working", "kommissorium")


def full_width() -> widgets.Layout:
    """A fresh full-width layout (never shared: hiding one widget must not hide others)."""
    return widgets.Layout(width="100%")


# Layout for phones and long option texts: labels above their controls, texts that wrap.
APP_CSS = """
<style>
.course-committee { max-width: 56rem; color: #1a1a1a; }
.course-committee .widget-inline-hbox, .course-committee .widget-inline-vbox,
.course-committee .widget-html { max-width: calc(100% - 4px); }
.course-committee .widget-html h2 { font-size: 1.3rem; margin: 1.2rem 0 .4rem; }
.course-committee .widget-html h3 { font-size: 1.08rem; margin: .9rem 0 .3rem; }
.course-committee .widget-html, .course-committee .widget-html-content { height: auto;
  line-height: 1.45; }
.course-committee .course-stacked { flex-wrap: wrap; height: auto; margin-top: .6rem; }
.course-committee .course-stacked > .widget-label { width: 100% !important; max-width: 100%;
  white-space: normal; font-weight: 600; margin-bottom: .2rem; height: auto !important;
  line-height: 1.4 !important; text-align: left; display: block; }
.course-committee .course-stacked > input, .course-committee .course-stacked > textarea,
.course-committee .course-stacked > select { flex: 1 1 100%; min-width: 0; max-width: 100%;
  box-sizing: border-box; }
.course-committee .widget-radio-box { width: 100%; }
.course-committee .widget-radio-box label { display: flex; align-items: flex-start; gap: .45rem;
  white-space: normal; height: auto; line-height: 1.35; margin: .25rem 0; overflow: visible; }
.course-committee .widget-radio-box input { flex: none; order: -1; height: 1rem; width: 1rem;
  margin: .12rem 0 0 0; }
.course-committee .widget-checkbox { height: auto; width: 100%; }
.course-committee .widget-checkbox .widget-label-basic { display: flex; align-items: flex-start;
  gap: .45rem; white-space: normal; overflow: visible; height: auto; line-height: 1.35; }
.course-committee .widget-checkbox input { flex: none; order: -1; height: 1rem; width: 1rem;
  margin: .12rem 0 0 0; }
.course-committee .widget-checkbox .widget-label-basic span { white-space: normal; }
.course-committee .course-number { height: auto; flex-wrap: wrap; }
.course-committee .course-number > .widget-label { white-space: normal; overflow: visible;
  height: auto; line-height: 1.35; max-width: 100%; }
.course-committee .course-number > input { flex: 0 0 6rem; min-width: 5rem; }
.course-committee .course-row { flex-wrap: wrap; gap: .3rem 1rem; }
.course-committee .course-group { border-top: 1px solid #bbb; padding-top: .3rem; }
.course-committee details { margin: .4rem 0; }
.course-committee summary { cursor: pointer; font-weight: 600; }
.course-committee figure.course-chart { margin: .6rem 0; }
.course-committee .course-kommissorium-preview { border: 1px dashed #7a4a00; padding: .2rem 1rem;
  background: #fff; color: #111; box-sizing: border-box; max-width: 100%; }
.course-committee .course-download { display: inline-block; margin: .2rem 1rem .2rem 0;
  font-weight: 600; color: #1f4f8a; }
.course-committee .course-status { font-weight: 600; }
.course-committee .widget-button { height: auto; min-height: 2.2rem; white-space: normal;
  background: #fff; color: #1a1a1a; border: 1px solid #4d4d4d; border-radius: 3px; }
.course-committee .widget-button.course-primary { background: #1f5fa8; color: #fff;
  border-color: #1f5fa8; }
.course-committee .widget-button.course-current { background: #1a1a1a; color: #fff;
  opacity: 1; font-weight: 700; }
.course-committee .widget-button:focus-visible { outline: 3px solid #b3541e;
  outline-offset: 2px; }
</style>
"""


def _radio(options, description: str, css: str) -> widgets.RadioButtons:
    control = widgets.RadioButtons(options=options, value=None, description=description,
                                   layout=full_width(), style={"description_width": "initial"})
    control.add_class("course-stacked")
    control.add_class(css)
    return control


def _number(description: str, minimum: int, maximum: int, value: int, css: str
            ) -> widgets.Text:
    """A number field that keeps exactly what was typed: "2,5", 999 or nothing get a message
    beside the field (see CommitteeApp.refresh), never a silent change to another number."""
    control = widgets.Text(value=str(value), description=description, continuous_update=False,
                           style={"description_width": "initial"},
                           layout=widgets.Layout(width="auto", max_width="100%"))
    control.add_class("course-number")
    control.add_class(css)
    return control


def _textarea(description: str, placeholder: str, css: str, rows: int = 4) -> widgets.Textarea:
    control = widgets.Textarea(description=description, placeholder=placeholder, rows=rows,
                               continuous_update=False, layout=full_width(),
                               style={"description_width": "initial"})
    control.add_class("course-stacked")
    control.add_class(css)
    return control


def _checkbox(description: str, css: str) -> widgets.Checkbox:
    control = widgets.Checkbox(value=False, description=description, indent=False, layout=full_width())
    control.add_class(css)
    return control


def _button(description: str, css: str, primary: bool = False) -> widgets.Button:
    """A button with the course's own colours (ipywidgets' button styles lack contrast)."""
    button = widgets.Button(description=description,
                            layout=widgets.Layout(width="auto", max_width="100%"))
    button.add_class(css)
    if primary:
        button.add_class("course-primary")
    return button


def _heading(text: str, level: int = 2) -> widgets.HTML:
    return widgets.HTML(f"<h{level}>{html.escape(text)}</h{level}>")


class CommitteeApp:
    """The controls, their layout and the rendering of the engine's feedback, in one language
    (``language``, or the language of ``data`` or ``ui`` when they are given): every callback
    answers in it, long after the app was built."""

    def __init__(self, data: CommitteeData | None = None, ui: UiText | None = None,
                 language: str | None = None):
        if language is None:
            language = (data.language if data is not None
                        else ui.language if ui is not None else None)
        self.language = language = language_or_current(language)
        self.data = data or load_committee_data(language=language)
        self.ui = ui or ui_text("committee", language)
        self.common = ui_text("common", language)
        if self.data.language != language or self.ui.language != language:
            raise ValueError(f"the committee app in '{language}' was given data in "
                             f"'{self.data.language}' and words in '{self.ui.language}'")
        self.step = 0
        self.feedback: CommitteeFeedback | None = None
        self.summary = ""
        self.kommissorium_markdown = ""
        self.kommissorium_html = ""
        self.kommissorium_docx = b""
        self._docx_for: k.Kommissorium | None = None
        self._suspended = False
        self._undo: Design | None = None
        self._undo_name = ""
        # Until the learner changes something, the feedback panel says how it works instead of
        # listing everything an empty form lacks, and no chart is drawn (the app starts sooner).
        self._touched = False
        self._moved = False
        self.frame = AppFrame(language)
        self._build_controls()
        self._build_layout()
        self.show_step(0)
        self.refresh()

    # ---------------------------------------------------------------- controls
    def _build_controls(self) -> None:
        ui, data, options = self.ui, self.data, self.data.options
        limits = options.limits
        concepts = data.concepts
        not_chosen = ui("recruitment_not_chosen")

        # Presets
        self.preset_choice = widgets.Dropdown(
            options=[(p.name, p.id) for p in data.presets], description=ui("preset_choice"),
            style={"description_width": "initial"}, layout=widgets.Layout(width="auto",
                                                                          max_width="100%"))
        self.preset_choice.add_class("course-preset-choice")
        self.preset_choice.add_class("course-stacked")
        self.load_button = _button(ui("load_preset"), "course-load-preset", primary=True)
        self.undo_button = _button(ui("undo_preset"), "course-undo-preset")
        self.undo_button.layout.display = "none"
        self.preset_info = widgets.HTML(layout=full_width())
        self.preset_status = widgets.HTML(layout=full_width())
        self.compare = widgets.Dropdown(
            options=[(ui("compare_none"), "")] + [(p.name, p.id) for p in data.presets],
            value="", description=ui("compare_with"), style={"description_width": "initial"},
            layout=widgets.Layout(width="auto", max_width="100%"))
        self.compare.add_class("course-compare")
        self.compare.add_class("course-stacked")

        # Step 1: the challenge
        self.challenge = _radio([(c.title, c.id) for c in data.challenges]
                                + [(ui("own_challenge_option"), OWN_CHALLENGE)],
                                ui("field_challenge"), "course-challenge")
        self.challenge_info = widgets.HTML(layout=full_width())
        self.own_challenge = _textarea(ui("field_own_challenge"), ui("own_challenge_placeholder"),
                                       "course-own-challenge")
        self.committee_name = widgets.Text(
            description=ui("field_committee_name"), placeholder=ui("committee_name_placeholder"),
            continuous_update=False, layout=full_width(), style={"description_width": "initial"})
        self.committee_name.add_class("course-stacked")
        self.committee_name.add_class("course-committee-name")

        # Step 2: the mandate
        self.question = _textarea(ui("field_mandate_question"), ui("mandate_placeholder"),
                                  "course-mandate", rows=5)
        self.example_question = widgets.HTML(layout=full_width())
        self.checklist = {item.id: _checkbox(item.text, f"course-check-{item.id}")
                          for item in data.checklist}
        self.deliverable = _radio([(o.name, o.id) for o in options.deliverables],
                                  ui("field_deliverable"), "course-deliverable")
        self.purpose = _radio(
            [(ui("purpose_option", name=p.name, danish=p.danish, question=p.question), p.id)
             for p in concepts.purposes], ui("field_purpose"), "course-purpose")
        self.set_up_by = _radio([(o.name, o.id) for o in options.set_up_by],
                                ui("field_set_up_by"), "course-set-up-by")

        # Step 3: members
        council = limits["council_members"]
        self.council = _number(ui("field_council_members"), council.minimum, council.maximum, 0,
                               "course-council")
        self.parties = _number(ui("field_parties"), 0, council.maximum, 0, "course-parties")
        group_limit = limits["group_members"]
        self.group_counts: dict[str, widgets.Text] = {}
        self.group_recruitment: dict[str, widgets.Dropdown] = {}
        for option in options.groups:
            self.group_counts[option.id] = _number(
                ui("field_group_count", group=option.name), group_limit.minimum,
                group_limit.maximum, 0, f"course-count-{option.id}")
            dropdown = widgets.Dropdown(
                options=[(not_chosen, "")] + [(o.name, o.id) for o in options.recruitment],
                value="", description=ui("field_recruitment_of", group=option.name),
                style={"description_width": "initial"},
                layout=widgets.Layout(width="auto", max_width="100%"))
            dropdown.add_class("course-stacked")
            dropdown.add_class(f"course-recruit-{option.id}")
            self.group_recruitment[option.id] = dropdown
        self.members_total = widgets.HTML(layout=full_width())
        self.chair = _radio([(o.name, o.id) for o in options.chairs], ui("field_chair"),
                            "course-chair")

        # Step 4: way of working
        meetings, hours, months = (limits["meetings"], limits["hours_per_meeting"],
                                   limits["duration_months"])
        blank = Design()
        self.meetings = _number(ui("field_meetings"), meetings.minimum, meetings.maximum,
                                blank.meetings, "course-meetings")
        self.hours = _number(ui("field_hours"), hours.minimum, hours.maximum,
                             blank.hours_per_meeting, "course-hours")
        self.formats = {o.id: _checkbox(o.name, f"course-format-{o.id}")
                        for o in options.meeting_formats}
        self.duration = _number(ui("field_duration"), months.minimum, months.maximum,
                                blank.duration_months, "course-duration")
        self.open_ended = _checkbox(ui("field_open_ended"), "course-open-ended")
        self.phases = {p.id: _checkbox(ui("phase_option", name=p.name, danish=p.danish),
                                       f"course-phase-{p.id}") for p in concepts.phases}
        self.route = _radio([(o.name, o.id) for o in options.routes], ui("field_route"),
                            "course-route")

        # Step 5 and the feedback
        self.kommissorium_links = widgets.HTML(layout=full_width())
        self.kommissorium_preview = widgets.HTML(layout=full_width())
        self.kommissorium_preview.add_class("course-kommissorium")
        self.status = widgets.HTML(layout=full_width())
        self.status.add_class("course-status-line")
        self.feedback_output = widgets.HTML(layout=full_width())
        self.feedback_output.add_class("course-committee-feedback")
        self.downloads = widgets.HTML(layout=full_width())
        self.downloads.add_class("course-downloads")

        # Navigation
        titles = [ui(f"step_{step}") for step in STEPS]
        self.step_buttons = [_button(f"{n}. {title}", f"course-step-{STEPS[n - 1]}")
                             for n, title in enumerate(titles, start=1)]
        self.step_heading = widgets.HTML(layout=full_width())
        self.previous_button = _button(self.common("previous_step"), "course-previous")
        self.next_button = _button(self.common("next_step"), "course-next", primary=True)
        # Clearing the design asks first, and sits apart from Previous and Next.
        self.start_again = self.frame.confirmed(self.common("start_again"),
                                                self.common("confirm_clear"),
                                                self.common("confirm_clear_yes"),
                                                self.clear_design, "course-start-again")
        self.start_again_button = self.start_again.button

        for control in self._value_controls():
            control.observe(self._changed, names="value")
        self.preset_choice.observe(lambda change: self._show_preset_info(), names="value")
        self.load_button.on_click(lambda _: self.load_preset(self.preset_choice.value))
        self.undo_button.on_click(lambda _: self.undo_preset())
        self.previous_button.on_click(lambda _: self.show_step(self.step - 1))
        self.next_button.on_click(lambda _: self.show_step(self.step + 1))
        for number, button in enumerate(self.step_buttons):
            button.on_click(lambda _, n=number: self.show_step(n))

    def _value_controls(self) -> list[widgets.ValueWidget]:
        return [self.challenge, self.own_challenge, self.committee_name, self.question,
                *self.checklist.values(), self.deliverable, self.purpose, self.set_up_by,
                self.council, self.parties, *self.group_counts.values(),
                *self.group_recruitment.values(), self.chair, self.meetings, self.hours,
                *self.formats.values(), self.duration, self.open_ended, *self.phases.values(),
                self.route, self.compare]

    # ---------------------------------------------------------------- layout
    def _build_layout(self) -> None:
        ui = self.ui
        self.number_messages: dict[int, widgets.HTML] = {}

        def intro(key: str) -> widgets.HTML:
            return widgets.HTML(f"<p>{html.escape(ui(key))}</p>", layout=full_width())

        def with_message(control: widgets.Text) -> widgets.Box:
            """A number field with the place for its message right under it."""
            message = widgets.HTML(layout=widgets.Layout(width="100%"))
            message.add_class("course-field-problem")
            self.number_messages[id(control)] = message
            box = widgets.VBox([control, message],
                               layout=widgets.Layout(width="auto", max_width="100%"))
            box.add_class("course-number-box")
            return box

        def group_box(group_id: str) -> widgets.Box:
            box = widgets.HBox([with_message(self.group_counts[group_id]),
                                self.group_recruitment[group_id]], layout=full_width())
            box.add_class("course-row")
            box.add_class("course-group")
            return box

        numbers = widgets.HBox([with_message(self.council), with_message(self.parties)],
                               layout=full_width())
        numbers.add_class("course-row")
        meeting_numbers = widgets.HBox([with_message(self.meetings), with_message(self.hours)],
                                       layout=full_width())
        meeting_numbers.add_class("course-row")
        checklist_heading = _heading(ui("checklist_heading"), 3)
        self.pages = [
            widgets.VBox([intro("challenge_intro"), self.challenge, self.challenge_info,
                          self.own_challenge, self.committee_name], layout=full_width()),
            widgets.VBox([intro("mandate_intro"), self.question, self.example_question,
                          checklist_heading, *self.checklist.values(), self.deliverable,
                          self.purpose, self.set_up_by], layout=full_width()),
            widgets.VBox([intro("members_intro"), numbers,
                          _heading(ui("external_heading"), 3),
                          *[group_box(o.id) for o in self.data.options.groups],
                          self.members_total, self.chair], layout=full_width()),
            widgets.VBox([intro("working_intro"), meeting_numbers,
                          _heading(ui("field_formats"), 3), *self.formats.values(),
                          with_message(self.duration), self.open_ended,
                          _heading(ui("field_phases"), 3), *self.phases.values(),
                          self.route], layout=full_width()),
            widgets.VBox([intro("kommissorium_intro"), self.kommissorium_links,
                          _heading(ui("kommissorium_preview"), 3),
                          self.kommissorium_preview], layout=full_width()),
        ]
        self.page = widgets.VBox(layout=full_width())
        self.page.add_class("course-step-page")
        preset_row = widgets.HBox([self.preset_choice, self.load_button, self.undo_button],
                                  layout=full_width())
        preset_row.add_class("course-row")
        presets = widgets.VBox([_heading(ui("presets_heading"), 2), intro("presets_intro"),
                                preset_row, self.preset_info, self.preset_status],
                               layout=full_width())
        presets.add_class("course-presets")
        step_nav = widgets.HBox(self.step_buttons, layout=full_width())
        step_nav.add_class("course-row")
        step_nav.add_class("course-step-nav")
        move = widgets.HBox([self.previous_button, self.next_button], layout=full_width())
        move.add_class("course-row")
        self.root = widgets.VBox([
            widgets.HTML(APP_CSS), self.frame.header, presets,
            _heading(ui("step_nav_label"), 2), step_nav, self.step_heading, self.page, move,
            _heading(ui("feedback_heading"), 2), self.status, self.downloads, self.compare,
            self.feedback_output, self.start_again.widget,
        ], layout=full_width())
        self.frame.on_group_change(self.refresh)
        self.root.add_class("course-committee")
        self._show_preset_info()

    # ---------------------------------------------------------------- reading and writing
    def read_design(self) -> Design:
        """The controls as the engine's design (no rule here). A number field gives its number,
        or, when what was typed is not a whole number, the text itself for the engine to name."""
        def number(control: widgets.Text):
            value = whole_number(control.value)
            return control.value if value is None else value

        return Design(
            challenge=self.challenge.value or "",
            own_challenge=self.own_challenge.value,
            committee_name=self.committee_name.value,
            mandate_question=self.question.value,
            deliverable=self.deliverable.value or "",
            purpose=self.purpose.value or "",
            set_up_by=self.set_up_by.value or "",
            council_members=number(self.council),
            parties=number(self.parties),
            groups=tuple(GroupPlan(group_id, number(self.group_counts[group_id]),
                                   self.group_recruitment[group_id].value or "")
                         for group_id in self.group_counts),
            chair=self.chair.value or "",
            meetings=number(self.meetings),
            hours_per_meeting=number(self.hours),
            meeting_formats=tuple(f for f, box in self.formats.items() if box.value),
            duration_months=number(self.duration),
            open_ended=self.open_ended.value,
            phases=tuple(p for p, box in self.phases.items() if box.value),
            route=self.route.value or "",
            checklist=tuple(i for i, box in self.checklist.items() if box.value),
        )

    def set_design(self, design: Design) -> None:
        """Put a design into the controls (a preset, an undo, a fresh start), then refresh."""
        def radio(control: widgets.RadioButtons, value: str) -> None:
            allowed = [v for _, v in control.options]
            control.value = value if value in allowed else None

        def number(control: widgets.Text, value) -> None:
            control.value = "" if value is None else str(value)

        self._suspended = True
        try:
            radio(self.challenge, design.challenge)
            self.own_challenge.value = design.own_challenge
            self.committee_name.value = design.committee_name
            self.question.value = design.mandate_question
            for item_id, box in self.checklist.items():
                box.value = item_id in design.checklist
            radio(self.deliverable, design.deliverable)
            radio(self.purpose, design.purpose)
            radio(self.set_up_by, design.set_up_by)
            number(self.council, design.council_members)
            number(self.parties, design.parties)
            for group_id in self.group_counts:
                plan = design.group(group_id)
                number(self.group_counts[group_id], plan.count)
                allowed = [v for _, v in self.group_recruitment[group_id].options]
                self.group_recruitment[group_id].value = (plan.recruitment
                                                          if plan.recruitment in allowed else "")
            radio(self.chair, design.chair)
            number(self.meetings, design.meetings)
            number(self.hours, design.hours_per_meeting)
            for format_id, box in self.formats.items():
                box.value = format_id in design.meeting_formats
            number(self.duration, design.duration_months)
            self.open_ended.value = bool(design.open_ended)
            for phase_id, box in self.phases.items():
                box.value = phase_id in design.phases
            radio(self.route, design.route)
        finally:
            self._suspended = False
        self.refresh()

    # ---------------------------------------------------------------- actions
    def _changed(self, change) -> None:
        if not self._suspended:
            self._touched = True
            self.refresh()

    def show_step(self, number: int) -> None:
        """Show one step; the answers of the others stay in their controls."""
        self.step = min(max(number, 0), len(STEPS) - 1)
        self.page.children = [self.pages[self.step]]
        title = self.ui(f"step_{STEPS[self.step]}")
        label = self.ui("step_label", number=self.step + 1, total=len(STEPS), title=title)
        # After a move, the view and keyboard focus go to the step's heading (page script).
        self.step_heading.value = (self.frame.focus_heading(label, css="course-step-title")
                                   if self._moved else
                                   f"<h2 class='course-step-title'>{html.escape(label)}</h2>")
        self._moved = True
        for position, button in enumerate(self.step_buttons):
            button.disabled = position == self.step
            if position == self.step:
                button.add_class("course-current")
            else:
                button.remove_class("course-current")
        self.previous_button.disabled = self.step == 0
        self.next_button.disabled = self.step == len(STEPS) - 1

    def load_preset(self, preset_id: str) -> None:
        preset = self.data.preset(preset_id)
        self._touched = True
        self._undo = self.read_design()
        self._undo_name = preset.name
        self.set_design(preset_design(preset, keep=self._undo))
        self.undo_button.layout.display = None
        self.preset_status.value = (f'<p role="status">'
                                    f"{html.escape(self.ui('preset_loaded', name=preset.name))}</p>")

    def undo_preset(self) -> None:
        if self._undo is None:
            return
        design, name = self._undo, self._undo_name
        self._undo = None
        self.set_design(design)
        self.undo_button.layout.display = "none"
        self.preset_status.value = (f'<p role="status">'
                                    f"{html.escape(self.ui('preset_undone', name=name))}</p>")

    def clear_design(self) -> None:
        """Every answer back to the empty form (after the learner has confirmed)."""
        self._undo = None
        self.undo_button.layout.display = "none"
        self.preset_status.value = ""
        self._suspended = True
        self.compare.value = ""
        self._suspended = False
        self._touched = False
        self.set_design(Design())
        self.show_step(0)

    # ---------------------------------------------------------------- rendering
    def _show_preset_info(self) -> None:
        ui = self.ui
        preset = self.data.preset(self.preset_choice.value)
        e = html.escape
        self.preset_info.value = (
            f"<details><summary>{e(ui('preset_about', name=preset.name))}</summary>"
            f"<p>{e(preset.summary)}</p><p><strong>{e(ui('preset_sourced'))}:</strong> "
            f"{e(preset.sourced)}</p><p><strong>{e(ui('preset_assumed'))}:</strong> "
            f"{e(preset.assumed)}</p><p><strong>{e(ui('preset_source'))}:</strong> "
            f"{e(preset.source)}</p></details>")

    def refresh(self) -> None:
        """Ask the engine about the current design and show its answer."""
        ui, data = self.ui, self.data
        design = self.read_design()
        feedback = evaluate(design, data, ui)
        self.feedback = feedback
        self._render_step_help(design, feedback)
        self._show_number_messages(design)
        if self._touched:
            self.feedback_output.value = self._feedback_html(feedback)
            self.status.value = (
                '<p class="course-status" role="status">' + html.escape(ui(
                    "feedback_status", legal=len(feedback.legal_issues),
                    warnings=sum(1 for i in feedback.warnings.items if i.verdict == "warning"),
                    overall=feedback.profile.overall)) + "</p>")
        else:
            self.feedback_output.value = f'<p class="course-hint">{html.escape(ui("feedback_before_start"))}</p>'
            self.status.value = ""
        self.summary = summary_markdown(feedback, data, ui)
        doc = k.build_kommissorium(design, data, ui, feedback)
        # Each file carries the design as data too, for the facilitator's debrief.
        export = exports.committee_export(design)
        self.kommissorium_markdown = self.frame.export_markdown(
            self.frame.stamp(k.to_markdown(doc, ui)), export)
        self.kommissorium_html = self.frame.export_html(k.to_html(doc, ui), export)
        if doc != self._docx_for:       # the Word file is the slowest: written when it changes
            self.kommissorium_docx, self._docx_for = k.to_docx(doc, ui), doc
        self.kommissorium_preview.value = (
            f'<div class="course-kommissorium-preview">{k.preview_html(doc, ui)}</div>')
        name = feedback.design.committee_name.strip() or ui("file_stem")
        part = ui("file_kommissorium")
        self.kommissorium_links.value = (
            download_link_html(self.frame.file_name(name, part, extension="md"),
                               self.kommissorium_markdown, ui("download_kommissorium_md"))
            + " · "
            + download_link_html(self.frame.file_name(name, part, extension="html"),
                                 self.kommissorium_html, ui("download_kommissorium_html"),
                                 mime="text/html")
            + " · "
            + download_link_html(self.frame.file_name(name, part, extension="docx"),
                                 self.kommissorium_docx, ui("download_kommissorium_docx"),
                                 mime=k.DOCX_MIME))
        self.downloads.value = (
            "<p>" + self.frame.downloads_html(self.summary, doc.title, name, ui("file_design"),
                                              export=export)
            + "<br>" + self.kommissorium_links.value
            + f"<br><span>{html.escape(self.common('download_hint'))}</span></p>")

    def _number_fields(self) -> dict[str, widgets.Text]:
        return {"council_members": self.council, "parties": self.parties,
                **{f"group:{g}": control for g, control in self.group_counts.items()},
                "meetings": self.meetings, "hours_per_meeting": self.hours,
                "duration_months": self.duration}

    def _show_number_messages(self, design: Design) -> None:
        """Each number that cannot be used as typed gets its message right under its field;
        what was typed stays in the field until the learner corrects it."""
        problems = number_problems(design, self.data, self.ui)
        for key, control in self._number_fields().items():
            message = self.number_messages.get(id(control))
            if message is not None:
                text = problems.get(key, "")
                message.value = (f'<p class="course-problem" role="status">{html.escape(text)}</p>'
                                 if text else "")

    def _render_step_help(self, design: Design, feedback: CommitteeFeedback) -> None:
        ui, e = self.ui, html.escape
        challenge = self.data.challenge(design.challenge)
        if challenge is not None:
            related = (f"<p><em>{e(ui('challenge_related_case'))}</em></p>"
                       if challenge.related_case else "")
            self.challenge_info.value = (
                f'<div class="course-challenge-text"><p><strong>{e(challenge.title)}</strong></p>'
                f"<p>{e(challenge.text)}</p><p><small>{e(ui('challenge_source'))}: "
                f"{e(challenge.source)}</small></p>{related}</div>")
            self.example_question.value = (
                f"<p><strong>{e(ui('example_question_heading'))}:</strong> "
                f"{e(challenge.example_question)}</p>")
        else:
            self.challenge_info.value = ""
            self.example_question.value = f"<p><em>{e(ui('example_question_none'))}</em></p>"
        self.own_challenge.layout.display = (None if design.challenge == OWN_CHALLENGE
                                             or design.own_challenge else "none")
        d = feedback.design
        external = sum(p.count for p in d.groups)
        self.members_total.value = (
            "<p>" + e(ui("members_total", total=d.council_members + external,
                         council=d.council_members, external=external)) + "</p>")

    def _feedback_html(self, feedback: CommitteeFeedback) -> str:
        ui = self.ui
        parts = []
        feedback_html = self.frame.feedback_html
        if feedback.problems:
            parts.append(feedback_html(StepFeedback(
                "problems", ui("problems_title"), None, ui("problems_headline"),
                problems=feedback.problems)))
        if feedback.notes:
            parts.append(feedback_html(StepFeedback(
                "notes", ui("notes_title"), None, "",
                tuple(FeedbackItem("info", note) for note in feedback.notes))))
        parts.append(feedback_html(feedback.legal))
        parts.append(feedback_html(feedback.warnings))
        parts.append(self._profile_html(feedback))
        return "".join(parts)

    def _profile_html(self, feedback: CommitteeFeedback) -> str:
        ui, e = self.ui, html.escape
        other = None
        other_label = ""
        if self.compare.value:
            preset = self.data.preset(self.compare.value)
            other = evaluate(preset.design, self.data, ui).profile
            other_label = preset.name
        if charts_ready():
            # Imported here: Altair is slow to import; the app shows its form before any chart.
            from ..charts.committee import profile_chart, profile_chart_rows

            rows = profile_chart_rows(feedback.profile, ui("chart_your_design"), other,
                                      other_label)
            chart = chart_html(profile_chart(rows, ui))
        else:
            # The first time, the feedback comes at once and the chart follows when the chart
            # renderer has started, instead of holding the whole answer back for seconds.
            chart = chart_placeholder_html(self.common("chart_coming"))
            warm_charts_in_background(then=self.refresh)
        parts = [f'<section class="course-feedback course-profile" '
                 f'aria-label="{e(feedback.profile_feedback.title)}">',
                 f"<h3>{e(feedback.profile_feedback.title)}</h3>",
                 f"<p>{e(feedback.profile_feedback.headline)}</p>", chart]
        for criterion in feedback.profile.criteria:
            lines = "".join(f"<li>{e(line)}</li>" for line in explanation_lines(criterion, ui))
            parts.append(
                f'<details class="course-criterion"><summary>'
                f"{e(with_term(criterion.name, criterion.danish, self.language))}: "
                f"{criterion.score} / 100</summary>"
                f"<p>{e(criterion.description)}</p><ul>{lines}</ul>"
                f"<p><em>{e(ui('profile_reference', source=criterion.source))}</em></p></details>")
        parts.append("</section>")
        return "".join(parts)


def build_app(language: str = "en") -> widgets.Widget:
    """The exercise's root widget in ``language`` (Voilà and JupyterLab show it)."""
    return CommitteeApp(language=language).root


# ------------------------------------------------------------------------------------------
# The static worksheet
# ------------------------------------------------------------------------------------------

TESTS = ("equals", "not_equals", "at_least", "at_most", "one_of", "includes", "excludes",
         "any_of", "only")


def describe_condition(condition: Condition, ui: UiText | None = None) -> str:
    """A rule's condition in plain words a facilitator can read, e.g. 'the number of citizens
    is at least 1' (the wording is the engine's, from data/committee/options.yaml), in the
    language of ``ui``."""
    ui = ui or ui_text("committee")
    return engine.describe_condition(condition, load_committee_data(language=ui.language), ui)


def describe_conditions(conditions, ui: UiText) -> str:
    return engine.describe_conditions(conditions, load_committee_data(language=ui.language), ui)


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _check_lines(checks, ui) -> list[str]:
    """Legal checks and warnings as worksheet list items: verdict, message, when, source."""
    return [f"- **{verdict_label(check.verdict, ui.language)}:** {check.message} {check.reason} "
            f"*{ui('ws_when')}:* {describe_conditions(check.when, ui)}. "
            f"*{ui('challenge_source')}:* {check.source}." for check in checks]


def _term(name: str, danish: str, language: str) -> str:
    """A name with its Danish term in italics in the English worksheet; alone in Danish."""
    return f"{name} (*{danish}*)" if language == "en" and danish else name


def worksheet_markdown(language: str = "en") -> str:
    """The exercise for the static page, in ``language``: the design questions, the legal
    frame, the scoring rules and warnings from the data, the presets in words, and a blank
    outline to print."""
    data, ui = load_committee_data(language=language), ui_text("committee", language)
    options, concepts = data.options, data.concepts
    names = lambda group: "; ".join(o.name for o in getattr(options, group))  # noqa: E731
    # Glossary links name the term's headword in the page's language.
    refs = {"ref_committees": "{ref}`ch-committees`", "ref_who": "{ref}`ch-who-why-where`",
            "ref_obstacles": "{ref}`ch-obstacles-advice`",
            "committee": f"{{term}}`{headword('§ 17, stk. 4 committee', language)}`",
            "terms": f"{{term}}`{headword('terms of reference', language)}`"}
    out: list[str] = []
    add = out.append

    add(f"## {ui('ws_heading')}\n")
    add(ui("ws_intro") + "\n")

    add(f"### {ui('ws_step', number=1, title=ui('step_challenge'))}\n")
    add(ui("challenge_intro") + "\n")
    for challenge in data.challenges:
        add(f"- **{challenge.title}.** {challenge.text} "
            f"*({ui('challenge_source')}: {challenge.source}.)*")
    add(f"- **{ui('own_challenge_option')}.**\n")
    add(ui("ws_name_line", field=ui("field_committee_name")) + "\n")

    add(f"### {ui('ws_step', number=2, title=ui('step_mandate'))}\n")
    add(f"1. **{ui('field_mandate_question')}.** {ui('ws_question_check')}")
    for item in data.checklist:
        add(f"   - {item.text} *({item.source})*")
    add(f"2. **{ui('field_deliverable')}:** {names('deliverables')}.")
    add(f"3. **{ui('field_purpose')}** ({ui('ws_slide', slide=6)}, {refs['ref_who']}):")
    for purpose in concepts.purposes:
        add(f"   - {_term(purpose.name, purpose.danish, language)}: {purpose.question}")
    add(f"4. **{ui('field_set_up_by')}:** {names('set_up_by')}.\n")

    add(f"### {ui('ws_step', number=3, title=ui('step_members'))}\n")
    add(f"1. **{ui('field_council_members')}**; **{ui('field_parties')}**.")
    add(f"2. **{ui('ws_groups')}:** "
        + "; ".join(_term(o.name, o.danish, language) for o in options.groups) + ".")
    add(f"   {ui('ws_recruitment')}: {names('recruitment')}.")
    add(f"3. **{ui('field_chair')}:** {names('chairs')}.\n")

    add(f"### {ui('ws_step', number=4, title=ui('step_working'))}\n")
    add(f"1. **{ui('field_meetings')}**; **{ui('field_hours')}**; "
        f"**{ui('field_formats')}:** {names('meeting_formats')}.")
    add(f"2. **{ui('field_duration')}**, {ui('ws_or_open_ended')}.")
    add(f"3. **{ui('field_phases')}** ({ui('ws_slide', slide=7)}): "
        + "; ".join(_term(p.name, p.danish, language) for p in concepts.phases) + ".")
    add(f"4. **{ui('field_route')}:** {names('routes')}.\n")

    add(f"### {ui('legal_title')}\n")
    add(ui("ws_legal_text", **refs) + "\n")
    for line in _check_lines(data.legal_checks, ui):
        add(line)
    add("")

    add(f"### {ui('ws_scoring_heading')}\n")
    add(ui("ws_scoring_text") + "\n")
    purposes = concepts.purposes
    add(ui("ws_criteria_header", purposes=" / ".join(p.name.lower() for p in purposes)))
    add("|---|---|---|")
    for criterion in data.criteria:
        weights = " / ".join(format_number(criterion.weights[p.id], language, 2)
                             for p in purposes)
        add(f"| {_cell(_term(criterion.name, criterion.danish, language))} | {criterion.start} | "
            f"{weights} |")
    add("")
    for criterion in data.criteria:
        add(f"#### {criterion.name}\n")
        add(f"{criterion.description} *{ui('ws_rests_on')}:* {criterion.source}. "
            f"*{ui('ws_starts_at')}:* {criterion.start}.\n")
        for rule in criterion.rules:
            add(f"- **{rule.points:+d}** {ui('ws_when').lower()} "
                f"{describe_conditions(rule.when, ui)}: {rule.message} *({rule.source})*")
        add("")

    add(f"### {ui('warnings_title')}\n")
    add(ui("ws_warnings_text", **refs) + "\n")
    for line in _check_lines(data.warnings, ui):
        add(line)
    add("")

    add(f"### {ui('ws_presets_heading')}\n")
    for preset in data.presets:
        feedback = evaluate(preset.design, data, ui)
        scores = "; ".join(f"{c.name} {c.score}" for c in feedback.profile.criteria)
        warnings = " ".join(i.message for i in feedback.warnings.items) or ui("ws_none")
        add(f"#### {_term(preset.name, preset.danish, language)}\n")
        add(f"{preset.summary}\n")
        add(f"- **{ui('preset_sourced')}:** {preset.sourced}")
        add(f"- **{ui('preset_assumed')}:** {preset.assumed}")
        add(f"- **{ui('preset_source')}:** {preset.source}")
        add(f"- **{ui('ws_profile')}:** "
            + ui("ws_profile_value", scores=scores, overall=feedback.profile.overall))
        add(f"- **{ui('ws_warnings')}:** {warnings}\n")

    add(f"### {ui('ws_blank_heading')}\n")
    add(ui("ws_blank_text", **refs) + "\n")
    add(k.blank_outline_markdown(ui) + "\n")
    return "\n".join(out)


def show(language: str = "en") -> None:
    """The page's one call: the worksheet in the book, the app in Voilà and JupyterLab, both
    in ``language``."""
    language_or_current(language)      # an unknown language is refused here, not later
    common_show(lambda: build_app(language), lambda: worksheet_markdown(language), language)
