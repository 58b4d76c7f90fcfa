"""The "Diagnose a case" exercise: the thin shell around councillor_exercises.diagnosis.

The learner picks a case and works through five steps, each with its own feedback, then a
summary. This module only maps controls to the engine's answer objects and the engine's
feedback to HTML; every rule is in the engine and every text in data.
"""

from __future__ import annotations

import html

import ipywidgets as widgets

from ..cases import Case, CaseLibrary, load_case_library, story_segments
from ..charts import figure_html
from ..datafiles import language_or_current
from ..diagnosis import sources_markdown
from ..exports import diagnosis_export
from ..diagnosis import (BOTH, NO_PURPOSE, STEPS, ActorsAnswer, Context, Diagnosis,
                         LeadershipAnswer, ObstaclesAnswer, PhaseAnswer, TypeAnswer,
                         actor_table, chart_source, default_context, evaluate, evaluate_step,
                         revealed_tasks, score_table, self_assessment_lines, summary_markdown)
from ..free_text import as_inert_html, as_inert_markdown
from .common import AppFrame, build_or_explain, chart_placeholder_html, show as show_exercise

SUMMARY = len(STEPS)          # the index of the summary step, after the five scored ones


def full() -> widgets.Layout:
    """A fresh full-width layout (each widget needs its own: a shared Layout would hide or
    show every widget that holds it at once)."""
    return widgets.Layout(width="100%")


# Layout for phones and laptops alike: labels above their controls, long option texts wrapped,
# buttons as wide as their words. Colours meet WCAG 2.1 AA contrast on white.
STYLE = """
<style>
.course-diagnosis { max-width: 54rem; color: #1a1a1a; line-height: 1.5; box-sizing: border-box;
  padding-right: 6px; }
.course-diagnosis .course-stacked { flex-direction: column !important; align-items: stretch !important;
  height: auto !important; }
.course-diagnosis .course-stacked > .widget-label { width: auto !important; max-width: 100% !important;
  white-space: normal !important; text-align: left !important; overflow: visible !important;
  font-weight: 600; font-size: 1rem; line-height: 1.4; height: auto !important;
  margin: .6rem 0 .3rem 0; }
.course-diagnosis .course-stacked > select, .course-diagnosis .course-stacked > textarea,
.course-diagnosis .course-stacked > .widget-radio-box { width: 100% !important; max-width: 100% !important;
  box-sizing: border-box; flex: 0 0 auto !important; }
.course-diagnosis .widget-radio-box label { display: flex !important; align-items: flex-start; gap: .5rem;
  white-space: normal !important; line-height: 1.4; height: auto !important; margin: .35rem 0;
  overflow: visible; cursor: pointer; }
.course-diagnosis .widget-radio-box input { float: none !important; order: -1; margin: .25rem 0 0 0;
  flex-shrink: 0; }
.course-diagnosis .widget-html-content { font-size: 1rem; line-height: 1.5; }
.course-diagnosis .widget-label-basic, .course-diagnosis .widget-radio-box label { font-size: 1rem; }
.course-diagnosis .widget-checkbox { height: auto !important; }
.course-diagnosis .widget-checkbox label { white-space: normal !important; line-height: 1.4;
  height: auto !important; overflow: visible; align-items: flex-start; }
.course-diagnosis .widget-checkbox input { margin-top: .3rem; flex-shrink: 0; }
.course-diagnosis select { font-size: 1rem; height: auto !important; min-height: 2.2rem; }
.course-diagnosis textarea { font-size: 1rem; }
.course-diagnosis .jupyter-widgets { box-sizing: border-box; }
.course-diagnosis .course-stacked { margin-left: 0 !important; margin-right: 0 !important; }
.course-diagnosis .course-button { align-self: flex-start; width: auto !important; height: auto !important; min-height: 2.4rem;
  white-space: normal !important; font-size: 1rem; padding: .3rem 1rem; margin: .25rem .5rem .25rem 0;
  border: 2px solid #1f5fa8; border-radius: 4px; }
.course-diagnosis .course-button:not(.mod-primary) { background: #fff; color: #1f4f8a; }
.course-diagnosis .course-button.mod-primary { background: #1f5fa8; color: #fff; }
.course-diagnosis .course-button:focus-visible, .course-diagnosis select:focus-visible,
.course-diagnosis textarea:focus-visible, .course-diagnosis input:focus-visible {
  outline: 3px solid #1f5fa8; outline-offset: 2px; }
.course-diagnosis .course-story { border: 1px solid #767676; border-radius: 4px; padding: .2rem .9rem;
  margin: .5rem 0; background: #fff; }
.course-diagnosis .course-story summary { cursor: pointer; font-weight: 700; padding: .4rem 0; }
.course-diagnosis .course-line { background: #fff3bf; color: #1a1a1a; padding: 0 .1rem;
  border-bottom: 2px solid #7a4a00; }
.course-diagnosis .course-line-number { font-weight: 700; font-size: .85em; color: #5c3700;
  white-space: nowrap; }
.course-diagnosis .course-badge { display: inline-block; border: 2px solid #1a1a1a; border-radius: 3px;
  padding: 0 .4rem; font-weight: 700; font-size: .9rem; margin-right: .5rem; }
.course-diagnosis .course-help { color: #3d3d3d; font-size: .95rem; margin: .2rem 0 .4rem 0; }
.course-diagnosis .course-group { border-top: 1px solid #bdbdbd; padding-top: .3rem; margin-top: .4rem; }
.course-diagnosis .course-model { border-left: 4px solid #b3541e; background: #fbf3ee; padding: .4rem .8rem;
  margin: .4rem 0; }
.course-diagnosis .course-refused { border: 2px solid #a11a1a; padding: .4rem .8rem; margin: .5rem 0; }
.course-diagnosis .course-refused code { white-space: pre-wrap; word-break: break-word; }
.course-diagnosis .course-progress { font-size: 1.15rem; font-weight: 700; margin: .8rem 0 .2rem 0; }
.course-diagnosis .course-download { display: inline-block; margin: .4rem 0; font-weight: 600;
  color: #1f4f8a; }
.course-diagnosis .course-answer { border-left: 4px solid #1f5fa8; padding: .2rem .8rem; margin: .3rem 0;
  background: #f3f7fc; overflow-wrap: anywhere; }
.course-diagnosis .course-chart { margin: .8rem 0; max-width: 100%; }
.course-diagnosis .course-chart svg { display: block; width: 100%; max-width: 36rem; height: auto; }
.course-diagnosis .course-chart figcaption { font-size: .95rem; }
.course-diagnosis h2, .course-diagnosis h3, .course-diagnosis h4 { line-height: 1.3; }
</style>
"""


def _button(label: str, css: str, primary: bool = False) -> widgets.Button:
    button = widgets.Button(description=label, button_style="primary" if primary else "",
                            layout=widgets.Layout(width="auto"))
    button.add_class("course-button")
    button.add_class(css)
    return button


def _named(concept) -> str:
    """A concept's name with its Danish term in the English edition, unless the two are the
    same word; in the Danish edition the name is the Danish word."""
    if not concept.danish or concept.danish.lower() == concept.name.lower() \
            or concept.language != "en":
        return concept.name
    if concept.name.endswith(")"):      # "Politicians (councillors)" -> "(councillors; politikere)"
        return f"{concept.name[:-1]}; {concept.danish})"
    return f"{concept.name} ({concept.danish})"


def _stacked(widget: widgets.Widget, css: str = "") -> widgets.Widget:
    widget.add_class("course-stacked")
    if css:
        widget.add_class(css)
    return widget


def story_html(case: Case, ui) -> str:
    """The story as escaped HTML, each evidence line marked with its number."""
    paragraphs = []
    for pieces in story_segments(case):
        parts = []
        for text, line in pieces:
            if line is None:
                parts.append(html.escape(text))
            else:
                parts.append(f'<mark class="course-line">{html.escape(text)}</mark> '
                             f'<span class="course-line-number">'
                             f'[{html.escape(ui("line_label", number=line.number))}]</span>')
        paragraphs.append("<p>" + "".join(parts) + "</p>")
    return "".join(paragraphs)


class DiagnosisApp:
    """The exercise's controls and state, in one language (``language``, or the context's when
    one is given): every callback answers in it. Tests drive it by setting values and
    clicking."""

    def __init__(self, library: CaseLibrary | None = None, ctx: Context | None = None,
                 language: str | None = None):
        if language is None and ctx is not None:
            language = ctx.language
        self.language = language = language_or_current(language)
        self.ctx = ctx or default_context(language)
        self.ui = self.ctx.ui
        self.library = library or load_case_library(language=language)
        if self.ctx.language != language or any(c.language != language
                                                for c in self.library.cases):
            raise ValueError(f"the diagnosis app in '{language}' was given a context or cases "
                             "in another language")
        self.case: Case | None = None
        self.step = 0
        self.checked: set[str] = set()
        self.frame = AppFrame(language)

        self.refused_html = widgets.HTML(self._refused_html(), layout=full())
        self.case_picker = _stacked(widgets.Dropdown(
            options=[(self._case_label(c), c.id) for c in self.library.cases],
            description=self.ui("choose_case_label"), layout=full()), "course-case-picker")
        self.case_preview = widgets.HTML(layout=full())
        self.start_button = _button(self.ui("start_case"), "course-start", primary=True)
        self.chooser = widgets.VBox([
            widgets.HTML(f'<p class="course-help">{html.escape(self.ui("choose_case_help"))}</p>'),
            self.case_picker, self.case_preview, self.start_button], layout=full())
        self.session = widgets.VBox(layout=full())
        if not self.library.cases:
            self.chooser.children = (widgets.HTML(
                f'<p class="course-problem">{html.escape(self.ui("no_cases"))}</p>'),)
        self.root = widgets.VBox([widgets.HTML(STYLE), self.frame.header, self.refused_html,
                                  self.chooser, self.session], layout=full())
        self.frame.on_group_change(self._refresh_download)
        self.root.add_class("course-diagnosis")
        self.case_picker.observe(lambda _: self._show_preview(), names="value")
        self.start_button.on_click(lambda _: self.start())
        self._show_preview()

    # ------------------------------------------------------------------ the case chooser

    def _case_label(self, case: Case) -> str:
        badge = self.ui("fictional_badge") if case.fictional else self.ui("real_badge")
        return f"{case.title} ({badge})"

    def _refused_html(self) -> str:
        if not self.library.refused:
            return ""
        items = "".join(f"<li><code>{as_inert_html(str(error))}</code></li>"
                        for error in self.library.refused)
        return (f'<div class="course-refused" role="alert"><strong>'
                f'{html.escape(self.ui("refused_heading"))}</strong>'
                f'<p>{html.escape(self.ui("refused_intro"))}</p><ul>{items}</ul></div>')

    def _badge(self, case: Case) -> str:
        badge = self.ui("fictional_badge") if case.fictional else self.ui("real_badge")
        return f'<span class="course-badge">{html.escape(badge)}</span>'

    def _show_preview(self) -> None:
        case = self.library.get(self.case_picker.value) if self.case_picker.value else None
        if case is None:
            self.case_preview.value = ""
            return
        meta = self.ui("case_meta", municipality=case.municipality, sector=case.sector)
        self.case_preview.value = (f"<p>{self._badge(case)}{html.escape(meta)}</p>"
                                   f"<p>{html.escape(case.summary)}</p>")

    # ------------------------------------------------------------------ a case's session

    def start(self, case_id: str | None = None) -> None:
        """Start a case afresh: every answer empty, at step 1."""
        case = self.library.get(case_id or self.case_picker.value)
        if case is None:
            return
        self.case, self.step, self.checked = case, 0, set()
        self._build_session(case)
        self.chooser.layout.display = "none"
        self.session.layout.display = "flex"
        self.show_step(0)

    def try_another_case(self) -> None:
        """Back to the chooser; the next case starts with nothing carried over."""
        self.case, self.step, self.checked = None, 0, set()
        self.session.children = ()
        self.session.layout.display = "none"
        self.chooser.layout.display = "flex"

    def _build_session(self, case: Case) -> None:
        ui, concepts = self.ui, self.ctx.concepts
        meta = ui("case_meta", municipality=case.municipality, sector=case.sector)
        header = widgets.HTML(
            f"<h2>{html.escape(case.title)}</h2><p>{self._badge(case)}{html.escape(meta)}</p>"
            f'<p class="course-help">{html.escape(case.about)}</p>', layout=full())
        self.story = widgets.HTML(layout=full())
        self._story_open = None
        self.progress = widgets.HTML(layout=full())

        # Step 1: the kind of innovation
        type_options = [(_named(c), c.id) for c in concepts.innovation_types]
        type_options.append((ui("type_option_both"), BOTH))
        self.type_choice = _stacked(widgets.RadioButtons(
            options=type_options, value=None, description=ui("type_question"), layout=full()),
            "course-type")
        self.type_why = _stacked(widgets.Textarea(
            description=ui("type_why_label"), placeholder=ui("type_why_placeholder"),
            rows=3, layout=full()), "course-type-why")
        step1 = [self.type_choice, self.type_why]

        # Step 2: actors and purposes
        purpose_options = [(ui("actor_not_involved"), ""), (ui("actor_no_purpose"), NO_PURPOSE)]
        purpose_options += [(ui("actor_purpose_option", purpose=_named(p).lower()), p.id)
                            for p in concepts.purposes]
        self.actor_choices: dict[str, widgets.Dropdown] = {}
        step2 = [widgets.HTML(f'<p>{html.escape(ui("actors_question"))}</p>'
                              f'<p class="course-help">{html.escape(ui("purposes_intro"))}</p>',
                              layout=full())]
        for actor in concepts.actors:
            dropdown = _stacked(widgets.Dropdown(
                options=purpose_options, value="", description=_named(actor),
                layout=full()), f"course-actor-{actor.id}")
            self.actor_choices[actor.id] = dropdown
            step2.append(dropdown)

        # Step 3: the phase
        self.phase_choice = _stacked(widgets.RadioButtons(
            options=[(ui("phase_option", name=_named(p), explanation=p.explanation), p.id)
                     for p in concepts.phases],
            value=None, description=ui("phase_question"), layout=full()), "course-phase")
        step3 = [self.phase_choice]

        # Step 4: obstacles and the lines that show them
        line_options = [(ui("obstacle_no_line"), "")] + [
            (ui("obstacle_line_option", number=line.number, text=line.text), line.id)
            for line in sorted(case.evidence, key=lambda line: line.number)]
        self.obstacle_checks: dict[str, widgets.Checkbox] = {}
        self.obstacle_lines: dict[str, widgets.Dropdown] = {}
        step4 = [widgets.HTML(f'<p>{html.escape(ui("obstacles_question"))}</p>'
                              f'<p class="course-help">{html.escape(ui("obstacles_lines_hint"))}'
                              "</p>", layout=full())]
        for obstacle in concepts.obstacles:
            check = widgets.Checkbox(value=False, indent=False, layout=full(),
                                     description=ui("obstacle_shows", name=obstacle.name))
            check.add_class(f"course-obstacle-{obstacle.id}")
            line = _stacked(widgets.Dropdown(options=line_options, value="",
                                             description=ui("obstacle_line_label",
                                                            name=obstacle.name),
                                             layout=full()),
                            f"course-line-{obstacle.id}")
            # Choosing a line means the learner sees the obstacle: tick it for them.
            line.observe(lambda change, box=check: change["new"] and setattr(box, "value", True),
                         names="value")
            self.obstacle_checks[obstacle.id] = check
            self.obstacle_lines[obstacle.id] = line
            group = widgets.VBox([check, widgets.HTML(
                f'<p class="course-help">{html.escape(obstacle.explanation)}</p>'), line],
                layout=full())
            group.add_class("course-group")
            step4.append(group)
        # A blank step is not an answer: saying that none shows is (see _scoring.yaml).
        self.obstacles_none = widgets.Checkbox(value=False, indent=False, layout=full(),
                                               description=ui("obstacles_none_seen"))
        self.obstacles_none.add_class("course-obstacles-none")
        step4.append(self.obstacles_none)

        # Step 5: the three leadership tasks, model answers and checklists
        self.task_texts: dict[str, widgets.Textarea] = {}
        self.task_reveals: dict[str, widgets.VBox] = {}
        self.task_ticks: dict[str, list[widgets.Checkbox]] = {}
        step5 = [widgets.HTML(f'<p>{html.escape(ui("leadership_question"))}</p>', layout=full())]
        for reading in case.leadership:
            task = concepts.get("leadership_tasks", reading.task)
            text = _stacked(widgets.Textarea(
                description=ui("leadership_answer_label", task=task.name),
                placeholder=ui("leadership_placeholder"), rows=4, layout=full()),
                f"course-task-{task.id}")
            ticks = []
            for number, item in enumerate(reading.checklist):
                tick = widgets.Checkbox(value=False, indent=False, description=item, layout=full())
                tick.add_class(f"course-tick-{task.id}-{number}")
                tick.observe(lambda _: self._refresh_feedback(), names="value")
                ticks.append(tick)
            reveal = widgets.VBox([widgets.HTML(
                f'<div class="course-model"><strong>{html.escape(ui("model_answer"))}: '
                f'{html.escape(task.name)}</strong><p>{html.escape(reading.model_answer)}</p>'
                f'</div><p><strong>{html.escape(ui("checklist_heading"))}</strong></p>',
                layout=full()), *ticks], layout=full())
            reveal.layout.display = "none"
            reveal.add_class(f"course-reveal-{task.id}")
            self.task_texts[task.id] = text
            self.task_reveals[task.id] = reveal
            self.task_ticks[task.id] = ticks
            group = widgets.VBox([widgets.HTML(
                f"<h4>{html.escape(task.name)}</h4>"
                f'<p class="course-help">{html.escape(task.explanation)}</p>'), text, reveal],
                layout=full())
            group.add_class("course-group")
            step5.append(group)

        # Step 6: the summary
        self.summary = widgets.HTML(layout=full())
        self.summary.add_class("course-summary")
        step6 = [self.summary]

        self.feedback = [widgets.HTML(layout=full()) for _ in STEPS]
        for number, output in enumerate(self.feedback):
            output.add_class(f"course-feedback-{STEPS[number]}")
        self.panels = []
        for number, controls in enumerate([step1, step2, step3, step4, step5, step6]):
            children = controls + ([self.feedback[number]] if number < SUMMARY else [])
            panel = widgets.VBox(children, layout=full())
            panel.add_class(f"course-step-{number + 1}")
            self.panels.append(panel)

        self.previous_button = _button(ui("previous_step"), "course-previous")
        self.check_button = _button(ui("check_step"), "course-check", primary=True)
        self.next_button = _button(ui("next_step"), "course-next")
        # Leaving the case clears its answers: the app asks first.
        self.another = self.frame.confirmed(ui("try_another_case"), self.ctx.common("confirm_case"),
                                            self.ctx.common("confirm_case_yes"),
                                            self.try_another_case, "course-another")
        self.another_button = self.another.button
        self.previous_button.on_click(lambda _: self.show_step(self.step - 1))
        self.check_button.on_click(lambda _: self.check())
        self.next_button.on_click(lambda _: self.show_step(self.step + 1))
        self.hint = widgets.HTML(layout=full())
        self.download = widgets.HTML(layout=full())
        self.download.add_class("course-download-box")
        nav = widgets.HBox([self.previous_button, self.check_button, self.next_button],
                           layout=widgets.Layout(width="100%", flex_flow="row wrap"))
        another = widgets.VBox([self.another.widget, widgets.HTML(
            f'<p class="course-help">{html.escape(ui("try_another_case_help"))}</p>')],
            layout=full())
        self.session.children = (header, self.story, self.progress, *self.panels, nav,
                                 self.hint, self.download, another)
        # The download always holds what is on screen, checked or not.
        for control in self._answer_controls():
            control.observe(lambda _change: self._refresh_download(), names="value")

    def _answer_controls(self) -> list[widgets.ValueWidget]:
        return [self.type_choice, self.type_why, *self.actor_choices.values(), self.phase_choice,
                *self.obstacle_checks.values(), *self.obstacle_lines.values(),
                self.obstacles_none, *self.task_texts.values(),
                *(box for boxes in self.task_ticks.values() for box in boxes)]

    # ------------------------------------------------------------------ reading the controls

    def diagnosis(self) -> Diagnosis:
        """The learner's answers, read from the controls."""
        if self.case is None:
            return Diagnosis()
        actors = tuple((actor, value) for actor, dropdown in self.actor_choices.items()
                       if (value := dropdown.value))
        marks = tuple((obstacle, self.obstacle_lines[obstacle].value or "")
                      for obstacle, box in self.obstacle_checks.items() if box.value)
        texts = tuple((task, area.value) for task, area in self.task_texts.items())
        ticks = tuple((task, number) for task, boxes in self.task_ticks.items()
                      for number, box in enumerate(boxes) if box.value)
        return Diagnosis(TypeAnswer(self.type_choice.value or "", self.type_why.value),
                         ActorsAnswer(actors), PhaseAnswer(self.phase_choice.value or ""),
                         ObstaclesAnswer(marks, self.obstacles_none.value),
                         LeadershipAnswer(texts, ticks))

    # ------------------------------------------------------------------ moving and checking

    def show_step(self, number: int) -> None:
        """Show one step; every other step keeps its answers and feedback."""
        if self.case is None:
            return
        number = max(0, min(SUMMARY, number))
        if number > 0 and STEPS[number - 1] not in self.checked:
            number = next(i for i, s in enumerate(STEPS) if s not in self.checked)
        self.step = number
        self._show_story(open_=number < SUMMARY)
        for index, panel in enumerate(self.panels):
            panel.layout.display = "flex" if index == number else "none"
        title = self.ui("summary_step_title") if number == SUMMARY else \
            self.feedback_title(STEPS[number])
        progress = self.ui("step_progress", number=number + 1, total=SUMMARY + 1, title=title)
        # The view and keyboard focus move to the step's heading (the page script reads the mark).
        self.progress.value = self.frame.focus_heading(progress, level=3, css="course-progress")
        self.previous_button.disabled = number == 0
        on_summary = number == SUMMARY
        self.check_button.layout.display = "none" if on_summary else "flex"
        self.next_button.layout.display = "none" if on_summary else "flex"
        self.check_button.description = (self.ui("compare_answers")
                                         if not on_summary and STEPS[number] == "leadership"
                                         else self.ui("check_step"))
        if on_summary:
            self.hint.value = ""
            self._render_summary()
        else:
            step = STEPS[number]
            self.next_button.disabled = step not in self.checked
            hint = self.ui("changed_hint") if step in self.checked else \
                self.ui("next_locked_hint")
            self.hint.value = f'<p class="course-help">{html.escape(hint)}</p>'
            if step in self.checked:
                self._render_feedback(step)
        self._refresh_download()

    def _show_story(self, open_: bool) -> None:
        """The story stays open while answering and folds away on the summary."""
        if open_ == self._story_open:
            return
        self._story_open = open_
        self.story.value = (f'<details class="course-story"{" open" if open_ else ""}><summary>'
                            f'{html.escape(self.ui("show_case"))}</summary>'
                            f"{story_html(self.case, self.ui)}</details>")

    def feedback_title(self, step: str) -> str:
        return self.ui(f"step_{step}")

    def check(self) -> None:
        """Give the current step's feedback and open the next step."""
        if self.case is None or self.step >= SUMMARY:
            return
        step = STEPS[self.step]
        self.checked.add(step)
        self._render_feedback(step, announce=True)
        self.next_button.disabled = False
        self.hint.value = f'<p class="course-help">{html.escape(self.ui("changed_hint"))}</p>'
        self._refresh_download()

    def _render_feedback(self, step: str, announce: bool = False) -> None:
        diagnosis = self.diagnosis()
        feedback = evaluate_step(self.case, diagnosis, step, self.ctx)
        self.feedback[STEPS.index(step)].value = self.frame.feedback_html(feedback, announce)
        if step == "leadership":
            shown = revealed_tasks(self.case, diagnosis)
            for task, box in self.task_reveals.items():
                box.layout.display = "flex" if task in shown else "none"

    def _refresh_feedback(self) -> None:
        """A checklist tick changes the leadership score at once."""
        if self.case is not None and "leadership" in self.checked:
            self._render_feedback("leadership")
            self._refresh_download()

    def _refresh_download(self) -> None:
        if self.case is None:
            return
        diagnosis = self.diagnosis()
        report = evaluate(self.case, diagnosis, self.ctx)
        content = summary_markdown(self.case, diagnosis, report, self.ctx, set(self.checked))
        links = self._downloads(content, self.ui("download_step"))
        hint = html.escape(self.ctx.common("download_hint"))
        self.download.value = f'<p>{links}</p><p class="course-help">{hint}</p>'

    def _downloads(self, content: str, label: str) -> str:
        # The case in the file's name: its id in English (English words already), its title in
        # another language, so the name is in the learner's own words.
        case_part = self.case.id if self.language == "en" else self.case.title
        # Each file carries the answers as data too, for the facilitator's debrief.
        export = diagnosis_export(self.case.id, self.diagnosis())
        return self.frame.downloads_html(content, self.case.title, self.ui("file_stem"),
                                         case_part, markdown_label=label, export=export)

    def _render_summary(self) -> None:
        case, ui = self.case, self.ui
        diagnosis = self.diagnosis()
        report = evaluate(case, diagnosis, self.ctx)
        no_answer = html.escape(ui("summary_no_answer"))
        why = as_inert_html(diagnosis.innovation_type.why.strip()) or no_answer
        answers = [f"<h4>{html.escape(ui('step_innovation_type'))}</h4>",
                   f'<div class="course-answer">{why}</div>']
        for task, text in diagnosis.leadership.texts:
            name = self.ctx.concepts.get("leadership_tasks", task).name
            answers.append(f'<h4>{html.escape(name)}</h4><div class="course-answer">'
                           f"{as_inert_html(text.strip()) or no_answer}</div>")
        feedback = "".join(self.frame.feedback_html(step) for step in report.steps)
        content = summary_markdown(case, diagnosis, report, self.ctx, set(self.checked))
        link = self._downloads(content, self.ctx.common("download_summary"))
        summary = lambda charts: (  # noqa: E731 (the same page, before and after the charts)
            f"<h3>{html.escape(ui('summary_heading'))}</h3>"
            f'<p class="course-help">{html.escape(ui("summary_intro"))}</p>'
            f"<p><strong>{html.escape(ui('summary_overall', percent=report.overall_percent))}"
            f"</strong></p>"
            + "".join(f'<p class="course-self-assessed">{html.escape(line)}</p>'
                      for line in self_assessment_lines(report, self.ctx, set(self.checked)))
            + f"<p>{link}</p>" + charts
            + f"<h3>{html.escape(ui('summary_answers_heading'))}</h3>{''.join(answers)}"
            f"<h3>{html.escape(ui('summary_feedback_heading'))}</h3>{feedback}")
        # Everything but the charts first: a learner reads while they are drawn.
        self.summary.value = summary(chart_placeholder_html(self.ctx.common("chart_coming")))
        source = chart_source(case, self.ctx)
        # Imported here: Altair is slow to import and only the summary draws charts.
        from ..charts.diagnosis import actor_purpose_chart, step_scores_chart

        steps_figure = step_scores_chart(score_table(report, self.ctx, set(self.checked)),
                                         source, self.language)
        purposes = [p.name for p in self.ctx.concepts.purposes] + [ui("no_purpose_short")]
        actors_figure = actor_purpose_chart(actor_table(case, diagnosis, self.ctx),
                                            [a.name for a in self.ctx.concepts.actors],
                                            purposes, source, self.language)
        self.summary.value = summary(figure_html(steps_figure, "diagnosis-steps-chart")
                                     + figure_html(actors_figure, "diagnosis-actors-chart"))


def build_app(language: str = "en") -> widgets.Widget:
    """The live exercise in ``language`` (Voilà or JupyterLab). A broken shared data file (the
    concepts, the scoring, the interface strings) gives its message instead of a traceback (a
    broken case file is listed by the app itself and the other cases still run)."""
    return build_or_explain(lambda: DiagnosisApp(language=language).root, language)


# ---------------------------------------------------------------------- the static worksheet

def _md(text: str) -> str:
    return as_inert_markdown(text)


def _story_markdown(case: Case, ui) -> list[str]:
    paragraphs = []
    for pieces in story_segments(case):
        parts = []
        for text, line in pieces:
            if line is None:
                parts.append(_md(text))
            else:
                parts.append(f"**{_md(text)}** ***[{_md(ui('line_label', number=line.number))}]***")
        paragraphs.append("".join(parts))
    return paragraphs


def _rules_markdown(ctx: Context) -> list[str]:
    ui = ctx.ui
    titles = {step: ui(f"step_{step}") for step in STEPS}
    lines = [f"| {ui('worksheet_col_step')} | {ui('worksheet_col_situation')} | "
             f"{ui('worksheet_col_points')} | {ui('worksheet_col_source')} |",
             "|---|---|---|---|"]
    for rule in ctx.scoring.rules:
        points = f"{rule.points:+g}" if rule.points < 0 else f"{rule.points:g}"
        lines.append(f"| {_md(titles[rule.step])} | {_md(rule.situation)} | {points} | "
                     f"{_md(rule.source)} |")
    return lines


def _case_worksheet(case: Case, ctx: Context) -> list[str]:
    ui, concepts = ctx.ui, ctx.concepts
    badge = ui("fictional_badge") if case.fictional else ui("real_badge")
    out = [f"(case-{case.id})=", f"### {_md(case.title)}", "",
           f"**{_md(badge)}** · {_md(case.municipality)} · {_md(case.sector)}", "",
           f"*{_md(case.about)}*", "", f"#### {_md(ui('worksheet_story_heading'))}", ""]
    for paragraph in _story_markdown(case, ui):
        out += [paragraph, ""]
    out += [f"#### {_md(ui('worksheet_questions_heading'))}", "",
            f"**{_md(ui('step_innovation_type'))}.** {_md(ui('type_question'))}", ""]
    options = [_named(c) for c in concepts.innovation_types]
    options.append(ui("type_option_both"))
    out += [f"- ☐ {_md(option)}" for option in options]
    out += ["", f"{_md(ui('type_why_label'))}", "", _md(ui("worksheet_blank")), "",
            f"**{_md(ui('step_actors'))}.** {_md(ui('actors_question'))} "
            f"{_md(ui('purposes_intro'))}", "",
            f"| {_md(ui('summary_col_actor'))} | {_md(ui('worksheet_involve_col'))} | "
            f"{_md(ui('worksheet_purpose_col'))} |", "|---|---|---|"]
    for actor in concepts.actors:
        out.append(f"| {_md(_named(actor))} |  | "
                   f"{_md(ui('worksheet_purpose_cell'))} |")
    out += ["", f"**{_md(ui('step_phase'))}.** {_md(ui('phase_question'))}", ""]
    out += [f"- ☐ **{_md(_named(p))}**: {_md(p.explanation)}" for p in concepts.phases]
    out += ["", f"**{_md(ui('step_obstacles'))}.** {_md(ui('obstacles_question'))}", "",
            f"| {_md(ui('summary_col_obstacle'))} | {_md(ui('worksheet_shows_col'))} | "
            f"{_md(ui('worksheet_line_col'))} |", "|---|---|---|"]
    for obstacle in concepts.obstacles:
        out.append(f"| **{_md(obstacle.name)}**: {_md(obstacle.explanation)} |  |  |")
    out += ["", f"☐ {_md(ui('obstacles_none_seen'))}"]
    out += ["", f"**{_md(ui('summary_lines_heading'))}**", ""]
    out += [f"{line.number}. {_md(line.text)}" for line in case.evidence]
    out += ["", f"**{_md(ui('step_leadership'))}.** {_md(ui('leadership_question'))}", ""]
    for task in concepts.leadership_tasks:
        out += [f"- **{_md(task.name)}** ({_md(task.explanation)})", "",
                f"  {_md(ui('worksheet_blank'))}", ""]
    out += _expert_dropdown(case, ctx)
    return out


def _expert_dropdown(case: Case, ctx: Context) -> list[str]:
    ui, concepts = ctx.ui, ctx.concepts
    # The expert reading never prints (course.css hides .course-answers on paper).
    out = [f":::{{dropdown}} {_md(ui('worksheet_expert_dropdown'))}",
           ":class-container: course-answers", "",
           f"**{_md(ui('step_innovation_type'))}.** {_md(case.innovation_type.why)}", ""]
    for accepted in case.innovation_type.also_accepted:
        names = " + ".join(concepts.get("innovation_types", t).name for t in accepted.types)
        out += [f"*{_md(ui('worksheet_also_accepted'))}: {_md(names)}.* {_md(accepted.why)}", ""]
    out += [f"**{_md(ui('step_actors'))}.**", ""]
    for reading in case.actors:
        actor = concepts.get("actors", reading.actor)
        if reading.importance == "little":
            verdict = ui("summary_little_reason")
        else:
            verdict = ui(f"summary_importance_{reading.importance}", purposes=", ".join(
                concepts.get("purposes", p).name.lower() for p in reading.purposes))
        out.append(f"- *{_md(actor.name)}* ({_md(verdict)}): {_md(reading.why)}")
    out += ["", f"**{_md(ui('step_phase'))}.**", ""]
    for reading in case.phases:
        phase = concepts.get("phases", reading.phase)
        key = "phase_expert_most" if reading.importance == "most" else \
            f"phase_other_{reading.importance}"
        accepted = (f" *{_md(ui('worksheet_also_accepted'))}:* {_md(reading.accepted_as_most)}"
                    if reading.accepted_as_most else "")
        out.append(f"- {_md(ui(key, phase=phase.name))} {_md(reading.why)}{accepted}")
    out += ["", f"**{_md(ui('step_obstacles'))}.**", ""]
    for reading in case.obstacles:
        obstacle = concepts.get("obstacles", reading.obstacle)
        if reading.present:
            numbers = ", ".join(str(case.evidence_line(i).number) for i in reading.lines)
            verdict = ui("summary_expert_shows", numbers=numbers)
        else:
            verdict = ui("summary_expert_absent")
        accepted = ""
        if reading.accepted_lines:
            numbers = ", ".join(str(case.evidence_line(i).number) for i in reading.accepted_lines)
            accepted = (f" *{_md(ui('worksheet_also_accepted'))} "
                        f"({_md(ui('summary_shows_line', number=numbers))}):* "
                        f"{_md(reading.accepted_why)}")
        out.append(f"- *{_md(obstacle.name)}* ({_md(verdict)}): {_md(reading.why)}{accepted}")
    out += ["", f"**{_md(ui('step_leadership'))}.**", ""]
    for reading in case.leadership:
        task = concepts.get("leadership_tasks", reading.task)
        out += [f"*{_md(task.name)}.* {_md(ui('model_answer'))}: {_md(reading.model_answer)}",
                "", f"{_md(ui('checklist_heading'))}", ""]
        out += [f"- ☐ {_md(item)}" for item in reading.checklist]
        out.append("")
    out += [f"**{_md(ui('sources_heading'))}.**", "", *sources_markdown(case)]
    out += ["", ":::", ""]
    return out


def worksheet_markdown(library: CaseLibrary | None = None, ctx: Context | None = None,
                       language: str | None = None) -> str:
    """The static page's worksheet (MyST Markdown) in ``language`` (or the context's): the
    scoring rules and, for every case, its story and all the questions and options, with the
    expert reading folded away."""
    if language is None and ctx is not None:
        language = ctx.language
    language = language_or_current(language)
    ctx = ctx or default_context(language)
    library = library or load_case_library(language=language)
    ui = ctx.ui
    out = [f"## {_md(ui('worksheet_rules_heading'))}", "", _md(ui("worksheet_rules_intro")), ""]
    out += _rules_markdown(ctx)
    out += ["", f"## {_md(ui('worksheet_cases_heading'))}", "", _md(ui("worksheet_cases_intro")),
            ""]
    if library.refused:
        out += [f":::{{warning}} {_md(ui('worksheet_refused'))}", ""]
        out += ["- `" + str(error).replace("`", "'") + "`" for error in library.refused]
        out += ["", ":::", ""]
    for case in library.cases:
        badge = ui("fictional_badge") if case.fictional else ui("real_badge")
        title = case.title.replace("`", "'").replace("<", "(").replace(">", ")")
        out.append(f"- {{ref}}`{title} <case-{case.id}>` ({_md(badge)}; "
                   f"{_md(case.sector)})")
    out.append("")
    for case in library.cases:
        out += _case_worksheet(case, ctx)
    return "\n".join(out)


def show(language: str = "en") -> None:
    """What the exercise page's one code cell calls, with the page's language."""
    language_or_current(language)      # an unknown language is refused here, not later
    show_exercise(lambda: build_app(language), lambda: worksheet_markdown(language=language),
                  language)
