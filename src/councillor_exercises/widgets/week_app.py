"""The "Your week as a councillor" app: step 1, hours per activity read with the lecture's
obstacles (with three charts); step 2, a three-step action plan to download.

The thin shell around ``councillor_exercises.week``: it reads the controls into a
``WeekAnswer`` and a ``PlanAnswer``, calls the engine and renders what it returns. No rule
lives here.
"""

from __future__ import annotations

import html

import ipywidgets as widgets

from .. import exports, week
from ..concepts import load_concepts
from ..datafiles import language_or_current
from ..statistics_rows import councillor_hours_rows
from ..ui_text import ui_text
from .common import (AppFrame, chart_html, chart_placeholder_html, show as show_exercise,
                     warm_charts_in_background)
from .sorting_app import APP_CSS, full_width



class WeekApp:
    """The controls and state of one learner's week and plan, in one language (every callback
    answers in it); ``root`` is the widget to show."""

    def __init__(self, language: str | None = None) -> None:
        self.language = language = language_or_current(language)
        self.text = ui_text("week", language)
        self.common = ui_text("common", language)
        self.concepts = load_concepts(language=language)
        self.data = week.load_week(language=language)
        self.week_result: week.WeekResult | None = None
        self.frame = AppFrame(language)
        self._navigated = False

        # Step 1: the hours
        self.hours: dict[str, widgets.Text] = {}
        hour_rows = []
        for activity in self.data.activities:
            field = widgets.Text(description=activity.label,
                                 placeholder=self.text("hours_placeholder"), layout=full_width())
            field.add_class("course-stack")
            field.add_class("course-hours")
            field.add_class(f"course-hours-{activity.id}")
            self.hours[activity.id] = field
            hint = widgets.HTML(f'<div class="course-field-help">{html.escape(activity.help)}</div>',
                                layout=full_width())
            hour_rows.append(widgets.VBox([field, hint], layout=full_width()))
        self.check_week_button = widgets.Button(description=self.text("check_week"),
                                                button_style="primary")
        self.check_week_button.add_class("course-check-week")
        self.check_week_button.on_click(lambda _: self.check_week())
        self.week_feedback = widgets.HTML(layout=full_width())
        self.week_feedback.add_class("course-week-feedback")
        self.week_charts = widgets.HTML(layout=full_width())
        self.week_charts.add_class("course-week-charts")
        self.week_download = widgets.HTML(layout=full_width())
        self.week_download.add_class("course-download-area")
        self.to_plan_button = widgets.Button(description=self.text("to_plan"))
        self.to_plan_button.add_class("course-next")
        self.to_plan_button.on_click(lambda _: self.go_to(2))
        # Clearing everything asks first and sits apart from "Next step".
        self.restart_week_action = self.frame.confirmed(
            self.common("start_again"), self.common("confirm_clear"),
            self.common("confirm_clear_yes"), self.start_again, "course-restart")
        self.restart_week = self.restart_week_action.button
        step1_nav = widgets.HBox([self.to_plan_button],
                                 layout=widgets.Layout(width="100%", flex_flow="row wrap"))
        step1_nav.add_class("course-nav")
        self.step1_heading = widgets.HTML(layout=full_width())
        self.step2_heading = widgets.HTML(layout=full_width())
        self.step1 = widgets.VBox(
            [self.step1_heading, widgets.HTML(f"<p>{html.escape(self.text('step1_intro'))}</p>"),
             *hour_rows, self.check_week_button, self.week_feedback, self.week_charts,
             self.week_download, step1_nav, self.restart_week_action.widget],
            layout=full_width())

        # Step 2: the plan
        self.step_choice: dict[str, widgets.RadioButtons] = {}
        self.own_text: dict[str, widgets.Textarea] = {}
        self.ticks: dict[str, dict[str, widgets.Checkbox]] = {}
        self.pressing_badges: dict[str, widgets.HTML] = {}
        blocks = []
        for plan in self.data.plan:
            advice = self.concepts.get("advice", plan.advice)
            radio = widgets.RadioButtons(
                options=[*[(text, step_id) for step_id, text in plan.steps],
                         (self.text("own_choice"), week.OWN_STEP)],
                value=None, description=self.text("step_label"), layout=full_width())
            radio.add_class("course-step-choice")
            radio.add_class(f"course-step-{plan.advice}")
            own = widgets.Textarea(description=self.text("own_label"),
                                   placeholder=self.text("own_placeholder"),
                                   layout=widgets.Layout(width="100%", height="5em"))
            own.add_class("course-stack")
            own.add_class("course-own-step")
            own.add_class(f"course-own-{plan.advice}")
            own.observe(self._own_typed(plan.advice), names="value")
            ticks = {}
            for item_id, item_text in self.data.checklist:
                box = widgets.Checkbox(description=item_text, indent=False, layout=full_width())
                box.add_class("course-checklist")
                box.add_class(f"course-check-{plan.advice}-{item_id}")
                ticks[item_id] = box
            badge = widgets.HTML(layout=full_width())
            self.step_choice[plan.advice] = radio
            self.own_text[plan.advice] = own
            self.ticks[plan.advice] = ticks
            self.pressing_badges[plan.advice] = badge
            header = widgets.HTML(
                f'<h3 class="course-advice-name">{html.escape(advice.name)}</h3>'
                f"<p>{html.escape(advice.explanation)} "
                f"<em>({html.escape(self.text('summary_slide', slide=advice.slide))})</em></p>")
            checklist_heading = widgets.HTML(
                f'<p class="course-checklist-heading">{html.escape(self.text("checklist_heading"))}</p>')
            block = widgets.VBox([header, badge, radio, own, checklist_heading, *ticks.values()],
                                 layout=full_width())
            block.add_class("course-advice-block")
            blocks.append(block)
        self.check_plan_button = widgets.Button(description=self.text("check_plan"),
                                                button_style="primary")
        self.check_plan_button.add_class("course-check-plan")
        self.check_plan_button.on_click(lambda _: self.check_plan())
        self.plan_feedback = widgets.HTML(layout=full_width())
        self.plan_feedback.add_class("course-plan-feedback")
        self.plan_download = widgets.HTML(layout=full_width())
        self.plan_download.add_class("course-download-area")
        self.back_button = widgets.Button(description=self.text("back_to_week"))
        self.back_button.add_class("course-previous")
        self.back_button.on_click(lambda _: self.go_to(1))
        self.restart_plan_action = self.frame.confirmed(
            self.common("start_again"), self.common("confirm_clear"),
            self.common("confirm_clear_yes"), self.start_again, "course-restart")
        self.restart_plan = self.restart_plan_action.button
        step2_nav = widgets.HBox([self.back_button],
                                 layout=widgets.Layout(width="100%", flex_flow="row wrap"))
        step2_nav.add_class("course-nav")
        self.step2 = widgets.VBox(
            [self.step2_heading, widgets.HTML(f"<p>{html.escape(self.text('step2_intro'))}</p>"),
             *blocks, self.check_plan_button, self.plan_feedback, self.plan_download, step2_nav,
             self.restart_plan_action.widget],
            layout=full_width())

        hint = widgets.HTML(f'<p class="course-hint">{html.escape(self.common("download_hint"))}</p>')
        css = APP_CSS.replace("</style>", ".course-short-app .course-field-help { font-size: .9em; "
                              "color: #333; margin: 0 0 .6em; }\n.course-short-app .course-advice-block "
                              "{ border-top: 1px solid #767676; margin-top: .6em; }\n</style>")
        self.root = widgets.VBox([widgets.HTML(css), self.frame.header, self.step1, self.step2,
                                  hint], layout=full_width())
        self.frame.on_group_change(self._refresh_downloads)
        self.root.add_class("course-short-app")
        self.root.add_class("course-week")
        self.week_feedback.value = f'<p class="course-hint">{html.escape(self.text("week_not_checked"))}</p>'
        self.plan_feedback.value = f'<p class="course-hint">{html.escape(self.text("plan_not_checked"))}</p>'
        self._warm = False
        for field in self.hours.values():
            field.observe(self._warm_up, names="value")
        for control in [*self.hours.values(), *self.step_choice.values(),
                        *self.own_text.values(),
                        *(box for ticks in self.ticks.values() for box in ticks.values())]:
            control.observe(lambda _change: self._refresh_downloads(), names="value")
        self.go_to(1)
        self._navigated = True

    def _warm_up(self, _change=None) -> None:
        # While the learner types the first hours, make sure the chart renderer is starting (in
        # the background), so the first check does not wait for it.
        if not self._warm:
            self._warm = True
            warm_charts_in_background()

    # -- reading the controls ------------------------------------------------------------------

    def week_answer(self) -> week.WeekAnswer:
        return week.WeekAnswer.from_mapping({aid: field.value for aid, field in self.hours.items()})

    def plan_answer(self) -> week.PlanAnswer:
        return week.PlanAnswer(tuple(
            week.PlanChoice(advice, radio.value, self.own_text[advice].value,
                            tuple(i for i, box in self.ticks[advice].items() if box.value))
            for advice, radio in self.step_choice.items()))

    def _own_typed(self, advice: str):
        def choose_own(change) -> None:
            # Typing an own step means choosing it; nothing else is changed.
            if change["new"].strip() and self.step_choice[advice].value != week.OWN_STEP:
                self.step_choice[advice].value = week.OWN_STEP
        return choose_own

    # -- moving between steps ------------------------------------------------------------------

    def go_to(self, step: int) -> None:
        """Show step 1 or 2; every answer stays as it is."""
        self.step1.layout.display = "flex" if step == 1 else "none"
        self.step2.layout.display = "flex" if step == 2 else "none"
        # The step's heading gets the view and keyboard focus after a move (page script).
        for number, heading in ((1, self.step1_heading), (2, self.step2_heading)):
            text = self.text(f"step{number}_heading")
            heading.value = (self.frame.focus_heading(text) if self._navigated and number == step
                             else f"<h2>{html.escape(text)}</h2>")
        if step == 2:
            self._mark_pressing()
        self._refresh_downloads()

    def _mark_pressing(self) -> None:
        result = week.evaluate_week(self.data, self.week_answer())
        pressing = set(result.pressing_advice())
        for advice, badge in self.pressing_badges.items():
            badge.value = (f'<span class="course-badge">{html.escape(self.text("pressing_badge"))}</span>'
                           if advice in pressing else "")

    # -- responding to the learner -------------------------------------------------------------

    def check_week(self) -> week.WeekResult:
        result = week.evaluate_week(self.data, self.week_answer())
        self.week_result = result
        self.week_feedback.value = self.frame.feedback_html(result.feedback, announce=True)
        if result.ok:
            self.week_charts.value = chart_placeholder_html(self.common("chart_coming"))
            self.week_charts.value = self._charts_html(result)
        else:
            self.week_charts.value = ""
        self._refresh_downloads()
        return result

    def _charts_html(self, result: week.WeekResult) -> str:
        # Imported here: Altair is slow to import, and the form is shown before any chart.
        from ..charts import week as week_charts

        texts = week.chart_texts(self.data, result)
        axis = self.text("chart_axis_hours")
        figures = [
            week_charts.profile_chart(week.profile_rows(self.data, result), axis_title=axis,
                                      **texts["profile"]),
            week_charts.hours_chart(week.hours_rows(result), axis_title=axis,
                                    you=self.text("chart_legend_you"),
                                    reported=self.text("chart_legend_reported"),
                                    **texts["hours"]),
        ]
        obstacles = week.obstacle_rows(result)
        if obstacles:
            figures.append(week_charts.obstacles_chart(
                obstacles, axis_title=self.text("chart_axis_share"),
                line_label=self.text("chart_line_label"), **texts["obstacles"]))
        return "".join(chart_html(f) for f in figures)

    def check_plan(self) -> week.PlanResult:
        week_result = week.evaluate_week(self.data, self.week_answer())
        result = week.evaluate_plan(self.data, self.plan_answer(), week_result)
        self.plan_feedback.value = self.frame.feedback_html(result.feedback, announce=True)
        self._refresh_downloads(result)
        return result

    def _refresh_downloads(self, plan: week.PlanResult | None = None) -> None:
        week_result = week.evaluate_week(self.data, self.week_answer())
        if plan is None and any(r.value for r in self.step_choice.values()):
            plan = week.evaluate_plan(self.data, self.plan_answer(), week_result)
        markdown = week.plan_markdown(self.data, week_result, plan)
        title, stem = self.text("step1_heading"), self.text("file_stem")
        # Each file carries the answers as data too, for the facilitator's debrief.
        export = exports.week_export(self.week_answer(), self.plan_answer())
        self.week_download.value = "<p>" + self.frame.downloads_html(
            markdown, title, stem, markdown_label=self.text("download_week"),
            export=export) + "</p>"
        self.plan_download.value = "<p>" + self.frame.downloads_html(
            markdown, title, stem, markdown_label=self.text("download_plan"),
            export=export) + "</p>"

    def start_again(self) -> None:
        """Clear every entry, choice and tick, and go back to step 1."""
        for field in self.hours.values():
            field.value = ""
        for advice, radio in self.step_choice.items():
            self.own_text[advice].value = ""
            radio.value = None
            for box in self.ticks[advice].values():
                box.value = False
        self.week_result = None
        self.week_feedback.value = f'<p class="course-hint">{html.escape(self.text("week_not_checked"))}</p>'
        self.week_charts.value = ""
        self.plan_feedback.value = f'<p class="course-hint">{html.escape(self.text("plan_not_checked"))}</p>'
        self.go_to(1)


def build_app(language: str = "en") -> widgets.Widget:
    """The exercise's root widget in ``language``."""
    return WeekApp(language).root


def worksheet_markdown(language: str = "en") -> str:
    """The exercise on paper, in ``language``: the activities with a column for hours, the
    rules that read them, the real figures, and the suggested steps of the action plan."""
    text = ui_text("week", language)
    data = week.load_week(language=language)
    concepts = load_concepts(language=language)
    lines = [text("worksheet_intro"), "", f"### {text('step1_heading')}", "",
             f"| {text('worksheet_col_activity')} | {text('worksheet_col_counts_as')} | "
             f"{text('worksheet_col_hours')} |", "|---|---|---|"]
    for activity in data.activities:
        danish = f" (*{activity.danish}*)" if language == "en" and activity.danish else ""
        lines.append(f"| **{activity.name}**{danish}: {activity.help} | "
                     f"{data.group(activity.group).name} | |")
    lines += ["", f"### {text('worksheet_rules_heading')}", "", text("worksheet_rules_intro"), "",
              f"| {text('worksheet_col_obstacle')} | {text('worksheet_col_measure')} | "
              f"{text('worksheet_col_reading')} |", "|---|---|---|"]
    for rule in data.rules:
        obstacle = concepts.get("obstacles", rule.obstacle)
        readings = []
        for band in rule.bands:
            verdict = band.name or text(f"verdict_word_{band.verdict}")
            if band.above is None:
                readings.append(text("worksheet_else", verdict=verdict))
            elif rule.kind == "share":
                readings.append(text("worksheet_share_band",
                                     above=week.format_hours(band.above, language),
                                     verdict=verdict))
            else:
                readings.append(text("worksheet_hours_band",
                                     above=week.format_hours(band.above, language),
                                     verdict=verdict))
        lines.append(f"| {obstacle.name} | {rule.measure} | {'; '.join(readings)} |")
    lines += ["", f"### {text('worksheet_figures_heading')}", ""]
    for row in week.by_year(councillor_hours_rows(language=language)):
        low, high = row["hours_low"], row["hours_high"]
        hours = (week.format_hours(low, language) if low == high
                 else f"{week.format_hours(low, language)}–{week.format_hours(high, language)}")
        lines.append("- " + text("worksheet_figure_line", year=row["year"],
                                 measure=row["measure"], hours=hours, note=row["note"])
                     + f" *{row['source']}*")
    if data.comparison_note:
        lines += ["", data.comparison_note]
    lines += ["", f"### {text('worksheet_plan_heading')}", ""]
    for number, plan in enumerate(data.plan, start=1):
        advice = concepts.get("advice", plan.advice)
        lines += [f"{number}. **{advice.name}**. {advice.explanation}", ""]
        lines += [f"   - {step_text}" for _, step_text in plan.steps]
        lines += [f"   - {text('worksheet_own_line')}", "",
                  # An example answer: shown on screen, never printed (course.css).
                  f"   [*{text('worksheet_model')}:* {plan.model}]{{.course-answers}}", ""]
    lines += [text("worksheet_checklist_intro"), ""]
    lines += [f"- {item_text}" for _, item_text in data.checklist]
    lines += ["", "{ref}`ch-obstacles-advice` · {ref}`ch-committees`", ""]
    return "\n".join(lines)


def show(language: str = "en") -> None:
    """What the exercise page's one code cell calls, with the page's language."""
    language_or_current(language)      # an unknown language is refused here, not later
    show_exercise(lambda: build_app(language), lambda: worksheet_markdown(language), language)
