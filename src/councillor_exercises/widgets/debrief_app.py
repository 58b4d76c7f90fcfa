"""The facilitator's debrief: the groups' downloaded files in, their answers side by side out.

The thin shell around ``councillor_exercises.debrief``: it hands the chosen files (read by
the widget into this kernel's memory, never written to disk or sent on) and the chosen exercise
to the engine, and renders what it returns: a line per file (loaded, counted once, or refused
and why), the questions on which the class disagrees most, the tables and the charts. No rule
lives here, and no word: they are in data/ui/debrief.yaml.
"""

from __future__ import annotations

import html
import itertools

import ipywidgets as widgets

from .. import debrief
from ..charts import figure_html
from ..datafiles import language_or_current
from ..exports import EXERCISES
from ..ui_text import ui_text
from .common import AppFrame, chart_placeholder_html, show as show_exercise
from .sorting_app import APP_CSS, full_width

# Wide tables scroll inside their own box (which the keyboard can reach and scroll); long names
# and texts wrap. Colours meet WCAG 2.1 AA contrast on white.
DEBRIEF_CSS = """<style>
.course-debrief { max-width: 64rem; }
.course-debrief .widget-html-content { font-size: 1rem; line-height: 1.5; }
/* An HTML widget's content does not shrink below its widest child: a wide table would widen
   the whole app past a phone's screen. Held to the app's width, the table scrolls in its box. */
.course-debrief .widget-html, .course-debrief .widget-html-content { min-width: 0;
  max-width: 100%; flex-shrink: 1; }
.course-debrief h2 { font-size: 1.3rem; margin: 1.2rem 0 .4rem; }
.course-debrief h3 { font-size: 1.1rem; margin: 1rem 0 .3rem; }
.course-debrief h4 { font-size: 1rem; margin: .9rem 0 .3rem; }
/* The exercise picker: a field as tall as its text (stacked under its label, the select's
   own flex basis would make it 150 px tall). */
.course-debrief .course-debrief-exercise select { flex: 0 0 auto !important;
  height: auto !important; min-height: 2.4rem; max-width: 30rem; font-size: 1rem; }
.course-debrief .course-privacy { border-left: 4px solid #2f7d32; background: #f1f8f1;
  padding: .4rem .8rem; margin: .5rem 0; color: #1a1a1a; }
.course-debrief .course-help { color: #333; margin: .2rem 0 .5rem; }
.course-debrief .course-upload-label { font-weight: 600; margin: .8rem 0 .2rem; }
.course-debrief .course-debrief-actions { flex-wrap: wrap; gap: .5rem; align-items: center; }
.course-debrief .widget-upload { width: auto !important; height: auto; min-height: 2.5em;
  padding: .3em 1em; background: #1f5fa8; color: #fff; border: 1px solid #1f5fa8;
  border-radius: 3px; font-size: 1rem; white-space: normal; }
.course-debrief .widget-upload:focus-visible { outline: 3px solid #1a1a1a; outline-offset: 2px; }
.course-debrief .course-files li { margin: .3rem 0; overflow-wrap: anywhere; }
.course-debrief .course-file-status { font-weight: 700; }
.course-debrief .course-file-loaded .course-file-status { color: #1b5e20; }
.course-debrief .course-file-duplicate .course-file-status { color: #7a4a00; }
.course-debrief .course-file-refused .course-file-status { color: #a11a1a; }
.course-debrief .course-table-wrap { overflow-x: auto; max-width: 100%; margin: .3rem 0 .8rem; }
.course-debrief .course-table-wrap:focus-visible { outline: 3px solid #1f5fa8;
  outline-offset: 2px; }
.course-debrief table.course-debrief-table { border-collapse: collapse; font-size: .95rem; }
.course-debrief .course-debrief-table th, .course-debrief .course-debrief-table td {
  border: 1px solid #767676; padding: .25rem .45rem; text-align: left; vertical-align: top;
  min-width: 4rem; max-width: 22rem; overflow-wrap: break-word; }
.course-debrief .course-debrief-table thead th { background: #eef3fa; }
.course-debrief .course-debrief-table tbody th { background: #f7f7f7; font-weight: 600; }
.course-debrief .course-table-note { font-size: .95rem; color: #333; }
.course-debrief figure.course-chart { margin: 1rem 0; }
.course-debrief figure.course-chart figcaption { font-size: .95rem; }
.course-debrief h2, .course-debrief h3 { line-height: 1.3; }
</style>"""


class DebriefApp:
    """The facilitator's controls and what they show, in one language (every callback answers
    in it); ``root`` is the widget to display. Tests drive it with ``read`` (what the upload
    control does) and by choosing the exercise."""

    def __init__(self, language: str | None = None) -> None:
        self.language = language = language_or_current(language)
        self.text = ui_text("debrief", language)
        self.common = ui_text("common", language)
        self.frame = AppFrame(language)
        self.files: list[tuple[str, bytes]] = []
        self.loaded: debrief.LoadedSet | None = None
        self.result: debrief.Debrief | None = None
        self._ids = itertools.count(1)
        t = self.text

        intro = widgets.HTML(
            f'<p class="course-privacy">{html.escape(t("privacy_note"))}</p>',
            layout=full_width())
        self.exercise = widgets.Dropdown(
            options=[(debrief.exercise_name(e, language), e) for e in EXERCISES],
            description=t("exercise_label"), layout=full_width(),
            style={"description_width": "initial"})
        self.exercise.add_class("course-stack")
        self.exercise.add_class("course-debrief-exercise")
        upload_label = widgets.HTML(
            f'<p class="course-upload-label">{html.escape(t("upload_label"))}</p>'
            f'<p class="course-help">{html.escape(t("upload_help"))}</p>', layout=full_width())
        self.upload = widgets.FileUpload(accept=".md,.html", multiple=True,
                                         description=t("upload_button"), icon="",
                                         tooltip=t("upload_label"),
                                         layout=widgets.Layout(width="auto"))
        self.upload.add_class("course-debrief-upload")
        self.forget_button = widgets.Button(description=t("forget_button"))
        self.forget_button.add_class("course-debrief-forget")
        actions = widgets.HBox([self.upload, self.forget_button],
                               layout=widgets.Layout(width="100%", flex_flow="row wrap"))
        actions.add_class("course-debrief-actions")
        self.file_list = widgets.HTML(layout=full_width())
        self.file_list.add_class("course-debrief-files")
        self.results = widgets.HTML(layout=full_width())
        self.results.add_class("course-debrief-results")
        self.root = widgets.VBox(
            [widgets.HTML(APP_CSS + DEBRIEF_CSS), self.frame.session_notice, intro,
             self.exercise, upload_label, actions, self.file_list, self.results],
            layout=full_width())
        self.root.add_class("course-short-app")
        self.root.add_class("course-debrief")
        self.upload.observe(self._uploaded, names="value")
        self.exercise.observe(lambda _change: self.refresh(announce=True), names="value")
        self.forget_button.on_click(lambda _: self.forget())
        self.refresh()

    # -- the files ------------------------------------------------------------------------------

    def _uploaded(self, change) -> None:
        chosen = [(str(item.get("name", "")), bytes(item.get("content", b"")))
                  for item in change["new"] or ()]
        if chosen:
            self.read(chosen)

    def read(self, files: list[tuple[str, bytes]]) -> None:
        """Use these files (name, content) for the debrief, in place of any chosen before."""
        self.files = list(files)
        self.refresh(announce=True)

    def forget(self) -> None:
        """Drop the files from this session (and from the upload control)."""
        self.files = []
        self.upload.value = ()
        self.refresh()
        self.file_list.value = (f'<p class="course-hint" {self.frame.focus_mark()}>'
                                f'{html.escape(self.text("forgotten"))}</p>')

    # -- what is shown --------------------------------------------------------------------------

    def refresh(self, announce: bool = False) -> None:
        """Read the files for the chosen exercise and show the outcome."""
        t = self.text
        if not self.files:
            self.loaded, self.result = None, None
            self.file_list.value = f'<p class="course-hint">{html.escape(t("waiting"))}</p>'
            self.results.value = ""
            return
        self.loaded = debrief.load_set(self.files, self.exercise.value, self.language)
        self.result = debrief.debrief(self.loaded)
        self.file_list.value = self._files_html(self.loaded, announce)
        if self.result is None:
            self.results.value = (f'<h2>{html.escape(t("results_heading"))}</h2>'
                                  f'<p class="course-problem">'
                                  f'{html.escape(t("nothing_loaded"))}</p>')
            return
        # Everything but the charts first: the tables are read while the charts are drawn.
        self.results.value = self._results_html(
            self.result, chart_placeholder_html(self.common("chart_coming")))
        self.results.value = self._results_html(self.result, self._charts_html(self.result))

    def _files_html(self, loaded: debrief.LoadedSet, announce: bool) -> str:
        t, e = self.text, html.escape
        status = debrief.status_line(loaded)
        heading = (self.frame.focus_heading(t("files_heading")) if announce
                   else f"<h2>{e(t('files_heading'))}</h2>")
        spoken = f' data-course-announce="{e(status, quote=True)}"' if announce else ""
        items = "".join(
            f'<li class="course-file-{e(f.status)}"><span class="course-file-status">'
            f'{e(t("status_" + f.status))}:</span> {e(f.message)}</li>' for f in loaded.files)
        return (f"{heading}<p class=\"course-debrief-status\"{spoken}>{e(status)}</p>"
                f'<ul class="course-files">{items}</ul>')

    def _table_html(self, table: debrief.Table, level: int = 3) -> str:
        e = html.escape
        ident = f"course-debrief-table-{next(self._ids)}"
        head = "".join(f'<th scope="col">{e(str(c))}</th>' for c in table.columns)
        corner = e(str(table.corner or ""))
        rows = "".join(
            f'<tr><th scope="row">{e(str(name))}</th>'
            + "".join(f"<td>{e(str(value))}</td>" for value in cells) + "</tr>"
            for name, cells in table.rows)
        note = f'<p class="course-table-note">{e(table.note)}</p>' if table.note else ""
        body = (f'<div class="course-table-wrap" role="region" tabindex="0" '
                f'aria-labelledby="{ident}"><table class="course-debrief-table '
                f'course-debrief-{e(table.id)}" aria-labelledby="{ident}"><thead><tr>'
                f'<th scope="col">{corner}</th>{head}</tr></thead><tbody>{rows}</tbody>'
                f"</table></div>") if table.rows else ""
        return f'<h{level} id="{ident}">{e(table.title)}</h{level}>{note}{body}'

    def _charts_html(self, result: debrief.Debrief) -> str:
        # Imported here: Altair is slow to import, and the file list comes first.
        from ..charts.debrief import draw

        return "".join(figure_html(draw(spec), f"course-debrief-chart-{spec.id}")
                       for spec in result.charts)

    def _results_html(self, result: debrief.Debrief, charts: str) -> str:
        t, e = self.text, html.escape
        first, *others = result.tables
        return (f"<h2>{e(t('results_heading'))}</h2>"
                f"<p><strong>{e(result.title)}</strong> {e(result.intro)}</p>"
                + self._table_html(first)
                + f"<h3>{e(t('charts_heading'))}</h3>{charts}"
                + f"<h3>{e(t('tables_heading'))}</h3>"
                + "".join(self._table_html(table, level=4) for table in others))


def build_app(language: str = "en") -> widgets.Widget:
    """The debrief's root widget in ``language``."""
    return DebriefApp(language).root


def worksheet_markdown(language: str = "en") -> str:
    """What the book's page shows in place of the app: how the debrief works, what it shows,
    which files it refuses, and how to debrief without a computer."""
    t = ui_text("debrief", language)
    what = [f"- **{debrief.exercise_name(e, language)}**: {t('worksheet_what_' + key)}"
            for e, key in zip(EXERCISES, ("sorting", "diagnosis", "committee", "week"))]
    return "\n".join([
        t("worksheet_intro"), "", f"### {t('worksheet_steps_heading')}", "",
        *[f"{n}. {t(f'worksheet_step_{n}')}" for n in range(1, 5)], "",
        f"### {t('worksheet_what_heading')}", "", *what, "",
        f"### {t('worksheet_rules_heading')}", "", t("worksheet_rules"), "",
        t("privacy_note"), "", f"### {t('worksheet_paper_heading')}", "",
        t("worksheet_paper"), ""])


def show(language: str = "en") -> None:
    """What the debrief page's one code cell calls, with the page's language."""
    language_or_current(language)      # an unknown language is refused here, not later
    show_exercise(lambda: build_app(language), lambda: worksheet_markdown(language), language)
