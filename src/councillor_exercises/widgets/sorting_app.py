"""The "Service or policy?" app: one example at a time, a check with an explanation, and a
results step with a score, a chart and a summary to download.

The thin shell around ``councillor_exercises.sorting``: it reads the controls into a
``SortingAnswer``, calls the engine and renders what it returns. No rule lives here.
"""

from __future__ import annotations

import html

import ipywidgets as widgets

from .. import exports, sorting
from ..datafiles import language_or_current
from ..free_text import as_inert_html
from ..ui_text import ui_text
from .common import AppFrame, chart_html, chart_placeholder_html, show as show_exercise


def full_width() -> widgets.Layout:
    """A fresh full-width layout (a Layout shared between widgets would share its display)."""
    return widgets.Layout(width="100%")


# Layout fixes for the phone: long option texts and labels wrap, labels sit above their fields.
APP_CSS = """<style>
.course-short-app { max-width: 46rem; line-height: 1.45; padding: 0 .75rem; box-sizing: border-box; }
.course-short-app .widget-html-content { line-height: 1.45; }
.course-short-app .widget-html, .course-short-app .widget-html-content { height: auto; }
.course-short-app .widget-radio { flex-direction: column !important; align-items: stretch !important;
  height: auto !important; }
.course-short-app .widget-radio > .widget-label, .course-short-app .course-stack > .widget-label {
  width: auto !important; max-width: 100%; white-space: normal !important; text-align: left !important;
  overflow: visible !important; height: auto !important; line-height: 1.4; font-weight: 600;
  margin: .3em 0; }
.course-short-app .widget-radio-box { width: 100%; }
.course-short-app .widget-radio-box label { height: auto !important; line-height: 1.4 !important;
  white-space: normal !important; display: flex !important; flex-direction: row-reverse;
  justify-content: flex-end; align-items: flex-start; gap: .5em; margin: .35em 0; }
.course-short-app .widget-radio-box input { flex: 0 0 auto; margin: .2em 0 0 0 !important; }
.course-short-app .course-stack { flex-direction: column !important; align-items: stretch !important;
  height: auto !important; }
.course-short-app .course-stack textarea, .course-short-app .course-stack input { width: 100% !important;
  max-width: 100%; box-sizing: border-box; margin: 0; }
.course-short-app .widget-button { height: auto; min-height: 2.5em; white-space: normal;
  padding: .3em .9em; background: #fff; color: #1a1a1a; border: 1px solid #5a5a5a;
  border-radius: 3px; line-height: 1.3; }
.course-short-app figure.course-chart { margin: 1em 0; max-width: 100%; }
.course-short-app .widget-checkbox { height: auto !important; }
.course-short-app .widget-checkbox .widget-label-basic { white-space: normal !important;
  height: auto !important; line-height: 1.4; display: flex; gap: .5em; align-items: flex-start; }
.course-short-app .widget-checkbox .widget-label-basic input { margin-top: .2em; flex: 0 0 auto; }
.course-short-app .widget-checkbox .widget-label-basic span { white-space: normal !important;
  overflow: visible !important; text-overflow: clip !important; }
.course-short-app .widget-button.mod-primary { background: #1f5fa8; color: #fff;
  border-color: #1f5fa8; }
.course-short-app .widget-button:focus-visible, .course-short-app input:focus-visible,
.course-short-app textarea:focus-visible { outline: 3px solid #1f5fa8; outline-offset: 2px; }
.course-short-app .course-nav { flex-wrap: wrap; gap: .4em; }
.course-short-app .course-download { display: inline-block; margin: .4em 0; font-weight: 600; }
.course-short-app .course-badge { display: inline-block; font-size: .9em; color: #1a1a1a;
  background: #e3ebf5; border-left: 4px solid #1f5fa8; padding: .1em .5em; margin-bottom: .3em; }
.course-short-app .course-facts { font-size: .95em; }
.course-short-app .course-facts a { word-break: break-all; }
.course-short-app .course-hint { color: #333; font-style: italic; }
</style>"""


class SortingApp:
    """The controls and state of one learner's sorting, in one language (every callback answers
    in it); ``root`` is the widget to display."""

    def __init__(self, language: str | None = None) -> None:
        self.language = language = language_or_current(language)
        self.text = ui_text("sorting", language)
        self.common = ui_text("common", language)
        self.frame = AppFrame(language)
        self.examples = sorting.load_examples(language=language)
        self.settings = sorting.load_settings(language=language)
        self.position = 0
        self.checked: dict[str, str] = {}   # example id -> the choice the learner last checked

        self.radios: dict[str, widgets.RadioButtons] = {}
        for example in self.examples:
            radio = widgets.RadioButtons(
                options=[(self.settings.label(o), o) for o in example.option_ids()],
                value=None, description=self.text("question_label"), layout=full_width())
            radio.add_class("course-sort-choice")
            radio.observe(self._on_choice, names="value")
            self.radios[example.id] = radio

        self.progress = widgets.HTML()
        self.progress.add_class("course-progress")
        self.example_text = widgets.HTML(layout=full_width())
        self.radio_holder = widgets.VBox(layout=full_width())
        self.check_button = widgets.Button(description=self.text("check_answer"),
                                           button_style="primary")
        self.check_button.add_class("course-check")
        self.check_button.on_click(self._on_check)
        self.example_feedback = widgets.HTML(layout=full_width())
        self.example_feedback.add_class("course-example-feedback")
        self.previous_button = widgets.Button(description=self.text("previous_example"))
        self.previous_button.add_class("course-previous")
        self.previous_button.on_click(lambda _: self.go_to(self.position - 1))
        self.next_button = widgets.Button(description=self.text("next_example"))
        self.next_button.add_class("course-next")
        self.next_button.on_click(lambda _: self.go_to(self.position + 1))
        self.results_button = widgets.Button(description=self.text("see_results"))
        self.results_button.add_class("course-see-results")
        self.results_button.on_click(lambda _: self.go_to(len(self.examples)))
        self.example_download = widgets.HTML(layout=full_width())
        self.example_download.add_class("course-download-area")
        navigation = widgets.HBox([self.previous_button, self.next_button, self.results_button],
                                  layout=widgets.Layout(width="100%", flex_flow="row wrap"))
        navigation.add_class("course-nav")
        self.example_view = widgets.VBox(
            [self.progress, self.example_text, self.radio_holder, self.check_button,
             self.example_feedback, navigation, self.example_download], layout=full_width())

        self.results_heading = widgets.HTML(layout=full_width())
        self.results_feedback = widgets.HTML(layout=full_width())
        self.results_feedback.add_class("course-results-feedback")
        self.chart = widgets.HTML(layout=full_width())
        self.chart.add_class("course-results-chart")
        self.note = widgets.Textarea(description=self.text("note_label"),
                                     placeholder=self.text("note_placeholder"),
                                     layout=widgets.Layout(width="100%", height="6em"))
        self.note.add_class("course-stack")
        self.note.add_class("course-note")
        self.note_button = widgets.Button(description=self.text("note_button"))
        self.note_button.add_class("course-note-button")
        self.note_button.on_click(lambda _: self.show_results())
        self.note_feedback = widgets.HTML(layout=full_width())
        self.note_feedback.add_class("course-note-feedback")
        self.results_download = widgets.HTML(layout=full_width())
        self.results_download.add_class("course-download-area")
        self.back_button = widgets.Button(description=self.text("back_to_examples"))
        self.back_button.add_class("course-back")
        self.back_button.on_click(lambda _: self.go_to(self._first_unsorted()))
        # Clearing every answer asks first, and sits apart from the way back to the examples.
        self.restart = self.frame.confirmed(self.common("start_again"),
                                            self.common("confirm_clear"),
                                            self.common("confirm_clear_yes"),
                                            self.start_again, "course-restart")
        self.restart_button = self.restart.button
        results_nav = widgets.HBox([self.back_button],
                                   layout=widgets.Layout(width="100%", flex_flow="row wrap"))
        results_nav.add_class("course-nav")
        self.results_view = widgets.VBox(
            [self.results_heading, self.results_feedback, self.chart, self.note,
             self.note_button, self.note_feedback, self.results_download, results_nav,
             self.restart.widget], layout=full_width())

        hint = widgets.HTML(f'<p class="course-hint">{html.escape(self.common("download_hint"))}</p>')
        self.root = widgets.VBox([widgets.HTML(APP_CSS), self.frame.header, self.example_view,
                                  self.results_view, hint], layout=full_width())
        self.frame.on_group_change(self._refresh_download)
        self._navigated = False
        self.root.add_class("course-short-app")
        self.root.add_class("course-sorting")
        self.go_to(0)
        self._navigated = True

    # -- reading the controls ------------------------------------------------------------------

    def answer(self) -> sorting.SortingAnswer:
        return sorting.SortingAnswer.from_mapping(
            {eid: radio.value for eid, radio in self.radios.items()}, self.note.value)

    @property
    def current(self) -> sorting.Example | None:
        return self.examples[self.position] if self.position < len(self.examples) else None

    def _first_unsorted(self) -> int:
        return next((i for i, e in enumerate(self.examples) if self.radios[e.id].value is None), 0)

    # -- moving between steps ------------------------------------------------------------------

    def go_to(self, position: int) -> None:
        """Show one example (0..n-1) or the results (n). Answers are never touched."""
        self.position = max(0, min(position, len(self.examples)))
        example = self.current
        if example is None:
            self.example_view.layout.display = "none"
            self.results_view.layout.display = "flex"
            self.show_results()
            return
        self.results_view.layout.display = "none"
        self.example_view.layout.display = "flex"
        # The example's choices first, then its name: once a learner (or a test) sees the new
        # name, the choices under it are already the new example's own.
        self.radio_holder.children = (self.radios[example.id],)
        self.progress.value = (f'<p><strong>{html.escape(self.text("progress", number=self.position + 1, total=len(self.examples)))}</strong></p>')
        badge = (self.text("lecture_badge", slide=example.lecture_slide) if example.in_lecture
                 else self.text("extra_badge"))
        # After a move the view and keyboard focus go to the new example's name (the page
        # script reads data-course-focus); on first showing, nothing is moved.
        focus = f" {self.frame.focus_mark()}" if self._navigated else ""
        # The Danish name beside the English one, marked as Danish for screen readers; the
        # Danish edition shows its own name alone.
        danish = (f' (<span lang="da"><em>{html.escape(example.danish)}</em></span>)'
                  if self.language == "en" and example.danish else "")
        self.example_text.value = (
            f'<h2 class="course-example-name"{focus}>{html.escape(example.name)}{danish}</h2>'
            f'<span class="course-badge">{html.escape(badge)}</span>'
            f"<p>{html.escape(example.description)}</p>")
        self.previous_button.disabled = self.position == 0
        self.next_button.disabled = self.position == len(self.examples) - 1
        self._render_example_feedback()
        self._refresh_download()

    # -- responding to the learner -------------------------------------------------------------

    def _on_choice(self, change) -> None:
        if self.current is not None and change["owner"] is self.radios[self.current.id]:
            self._render_example_feedback()
        self._refresh_download()

    def _on_check(self, _button=None) -> None:
        example = self.current
        if example is None:
            return
        choice = self.radios[example.id].value
        if choice is not None:
            self.checked[example.id] = choice
        self._render_example_feedback(force=True, announce=True)
        self._refresh_download()

    def _render_example_feedback(self, force: bool = False, announce: bool = False) -> None:
        example = self.current
        choice = self.radios[example.id].value
        checked = self.checked.get(example.id)
        if force and choice is None:
            feedback = sorting.example_feedback(example, None, self.settings)
            self.example_feedback.value = self.frame.feedback_html(feedback, announce)
        elif checked is not None and checked == choice:
            feedback = sorting.example_feedback(example, choice, self.settings)
            self.example_feedback.value = (self.frame.feedback_html(feedback, announce)
                                           + self._facts_html(example))
        elif checked is not None:
            self.example_feedback.value = (f'<p class="course-hint" role="status">'
                                           f'{html.escape(self.text("answer_changed"))}</p>')
        else:
            self.example_feedback.value = (f'<p class="course-hint">'
                                           f'{html.escape(self.text("not_checked_yet"))}</p>')

    def _facts_html(self, example: sorting.Example) -> str:
        def items(facts):
            return "".join(
                f'<li>{html.escape(f.text)} ({html.escape(self.text("source_word"))}: '
                f'<a href="{html.escape(f.source, quote=True)}" rel="noopener noreferrer" '
                f'target="_blank">{html.escape(f.source)}</a>)</li>' for f in facts)

        parts = [f'<div class="course-facts"><h3>{html.escape(self.text("facts_heading"))}</h3>']
        parts.append(f"<ul>{items(example.facts)}</ul>" if example.facts
                     else f"<p>{html.escape(self.text('no_facts'))}</p>")
        if example.unverified:
            parts.append(f"<h3>{html.escape(self.text('unverified_heading'))}</h3>"
                         f"<ul>{items(example.unverified)}</ul>")
        parts.append("</div>")
        return "".join(parts)

    def evaluate(self) -> sorting.SortingResult:
        return sorting.evaluate(self.examples, self.answer(), self.settings)

    def _refresh_download(self, result: sorting.SortingResult | None = None) -> None:
        result = result or self.evaluate()
        markdown = sorting.summary_markdown(result, self.settings)
        title = self.text("results_heading")
        # Each file carries the answers as data too, for the facilitator's debrief.
        export = exports.sorting_export(self.answer())
        self.example_download.value = "<p>" + self.frame.downloads_html(
            markdown, title, self.text("file_stem"),
            markdown_label=self.text("download_example"), export=export) + "</p>"
        self.results_download.value = "<p>" + self.frame.downloads_html(
            markdown, title, self.text("file_stem"),
            markdown_label=self.text("download_results"), export=export) + "</p>"

    def show_results(self) -> None:
        result = self.evaluate()
        self.results_heading.value = (self.frame.focus_heading(self.text("results_heading"))
                                      + f'<p>{html.escape(self.text("results_intro"))}</p>')
        self.results_feedback.value = (
            self.frame.feedback_html(result.overview)
            + f'<p class="course-hint">{html.escape(self.text("results_details_hint"))}</p>')
        notes = []
        if result.note_problem:
            notes.append(f'<p class="course-problem">{as_inert_html(result.note_problem)}</p>')
        if result.note_info:
            notes.append(f'<p class="course-hint">{as_inert_html(result.note_info)}</p>')
        if result.note:
            notes.append(f'<p><strong>{html.escape(self.text("summary_note_heading"))}:</strong> '
                         f'<span class="course-note-echo">{as_inert_html(result.note)}</span></p>')
        # The downloads first: a learner who sees the note echoed may save at once.
        self._refresh_download(result)
        self.note_feedback.value = "".join(notes)
        self._draw_chart(result)

    def _draw_chart(self, result: sorting.SortingResult) -> None:
        """The results chart, last: everything else is on screen while it is drawn."""
        # Adding a note does not change the chart: it is not drawn again.
        key = self.answer().choices
        if key == getattr(self, "_chart_key", None):
            return
        self.chart.value = chart_placeholder_html(self.common("chart_coming"))
        labels = sorting.chart_labels(result, self.settings)
        # Imported here: Altair is slow to import and only the results step draws a chart.
        from ..charts.sorting import sorting_chart

        figure = sorting_chart(sorting.comparison_rows(result, self.settings), **labels)
        self.chart.value = chart_html(figure)
        self._chart_key = key

    def start_again(self) -> None:
        """Clear every answer and the note, and go back to the first example."""
        self.checked.clear()
        for radio in self.radios.values():
            radio.value = None
        self.note.value = ""
        self.go_to(0)


def build_app(language: str = "en") -> widgets.Widget:
    """The exercise's root widget in ``language``."""
    return SortingApp(language).root


def worksheet_markdown(language: str = "en") -> str:
    """The exercise as a printable worksheet in ``language``: the examples, the choices, a
    table to fill in, how the score works and (folded away) the answers with the credit for
    each choice."""
    text = ui_text("sorting", language)
    examples = sorting.load_examples(language=language)
    settings = sorting.load_settings(language=language)
    lines = [text("worksheet_intro"), "", f"### {text('worksheet_choices_heading')}", ""]
    slides = {"service": 2, "policy": 9}
    for choice in settings.choices:
        where = f" ({text('worksheet_slide', slide=slides[choice.id])})" if choice.id in slides else ""
        danish = f" (*{choice.danish}*)" if choice.danish and language == "en" else ""
        lines.append(f"- **{choice.name}**{danish}: {choice.explanation}{where}")
    lines += ["", f"### {text('worksheet_examples_heading')}", ""]
    for number, example in enumerate(examples, start=1):
        badge = (text("lecture_badge", slide=example.lecture_slide) if example.in_lecture
                 else text("extra_badge"))
        danish = f" (*{example.danish}*)" if example.danish and language == "en" else ""
        lines.append(f"{number}. **{example.name}**{danish}. {example.description} "
                     f"*{badge}.*")
    columns = [text("worksheet_col_service"), text("worksheet_col_depends"),
               text("worksheet_col_policy")]
    lines += ["", f"### {text('worksheet_table_heading')}", "",
              f"| # | {text('worksheet_table_example')} | " + " | ".join(columns) + " |",
              "|---|---|---|---|---|"]
    for number, example in enumerate(examples, start=1):
        cells = ["" if c in example.option_ids() else text("worksheet_not_offered")
                 for c in ("service", "depends", "policy")]
        lines.append(f"| {number} | {example.name} | " + " | ".join(cells) + " |")
    lines += ["", f"### {text('worksheet_rules_heading')}", "", text("worksheet_rules"), "",
              f"| {text('worksheet_band_score')} | {text('worksheet_band_message')} |",
              "|---|---|"]
    upper = None
    for band in settings.bands:
        if upper is None:
            label = text("worksheet_band_from", low=band.min_percent)
        elif band.min_percent == 0:
            label = text("worksheet_band_below", high=upper)
        else:
            label = text("worksheet_band_range", low=band.min_percent, high=upper)
        lines.append(f"| {label} | {band.message} |")
        upper = band.min_percent
    # The answers never print (course.css hides .course-answers on paper; the worksheets
    # and the separate answer key are councillor_exercises.worksheets).
    lines += ["", f":::{{dropdown}} {text('worksheet_answers_title')}",
              ":class-container: course-answers", "",
              f"| {text('worksheet_table_example')} | {text('summary_col_course')} | "
              + " | ".join(columns) + " |", "|---|---|---|---|---|"]
    for example in examples:
        source = (text("worksheet_slide", slide=example.lecture_slide) if example.in_lecture
                  else example.reading)
        credits = []
        for choice in ("service", "depends", "policy"):
            option = example.option(choice)
            credits.append(sorting.credit_text(option.credit, language) if option
                           else text("worksheet_not_offered"))
        lines.append(f"| {example.name} | {settings.choice(example.answer).name} ({source}) | "
                     + " | ".join(credits) + " |")
    lines += ["", text("worksheet_answers_more") + " {ref}`ch-policy-innovation`.", ":::", ""]
    return "\n".join(lines)


def show(language: str = "en") -> None:
    """What the exercise page's one code cell calls, with the page's language."""
    language_or_current(language)      # an unknown language is refused here, not later
    show_exercise(lambda: build_app(language), lambda: worksheet_markdown(language), language)
