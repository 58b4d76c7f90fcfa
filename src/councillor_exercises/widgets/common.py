"""What the exercise widgets share: rendering feedback, download links, the static fallback,
and the frame every app sits in (a group name for the files, a notice for a lost session,
questions before work is cleared, and the marks the page script uses to move focus)."""

from __future__ import annotations

import asyncio
import base64
import html
import itertools
import os
import re
import threading
from typing import Callable

import ipywidgets as widgets

from ..charts import ChartFigure, charts_drawn_in_browser, figure_html
from ..datafiles import DataError, language_or_current
from ..feedback import StepFeedback
from ..formats import percent
from ..free_text import as_inert_html, as_inert_markdown
from ..reading_links import chapter_links
from ..ui_text import ui_text
from ..rendering import STATIC_RENDER_VARIABLE
from ..exports import Export, html_with_block, markdown_with_block

# Styles for feedback blocks; contrast ratios checked against WCAG 2.1 AA (4.5:1 for text).
FEEDBACK_CSS = """
<style>
.course-feedback { border-left: 4px solid #4d4d4d; padding: .4rem .8rem; margin: .5rem 0;
  background: #f7f7f7; color: #1a1a1a; line-height: 1.45; }
.course-feedback h3 { font-size: 1.05rem; margin: .2rem 0 .4rem; }
.course-feedback ul { margin: .2rem 0 .2rem 1.1rem; padding: 0; }
.course-feedback li { margin: .25rem 0; }
.course-verdict { font-weight: 700; }
.course-verdict-good { color: #1b5e20; } .course-verdict-partly { color: #7a4a00; }
.course-verdict-missing, .course-verdict-wrong { color: #a11a1a; }
.course-verdict-warning, .course-verdict-check { color: #7a4a00; } .course-verdict-info { color: #1f4f8a; }
.course-reason { display: block; color: #333; }
.course-reference { display: block; color: #444; font-style: italic; }
.course-problem { color: #a11a1a; font-weight: 600; }
.course-chart svg { max-width: 100%; height: auto; }
/* Visible focus on every control, at 3:1 or more against white (WCAG 2.4.7, 1.4.11). The
   widgets' own style sheet draws only a pale 1 px border on a focused field, hence !important. */
.jupyter-widgets input:focus-visible, .jupyter-widgets textarea:focus-visible,
.jupyter-widgets select:focus-visible, .jupyter-widgets button:focus-visible,
.jupyter-widgets input:focus, .jupyter-widgets textarea:focus, .jupyter-widgets select:focus,
.course-download:focus-visible, [data-course-focus]:focus {
  outline: 3px solid #1f5fa8 !important; outline-offset: 2px !important; }
a.course-download, .course-feedback a { color: #1f4f8a; text-decoration: underline; }
.course-session-lost { border: 3px solid #a11a1a; background: #fff4f4; color: #1a1a1a;
  padding: .6rem .9rem; margin: .5rem 0; }
.course-session-lost-shown { position: sticky; top: 0; z-index: 100; }
.course-confirm { border-left: 4px solid #7a4a00; background: #fff8e6; padding: .3rem .8rem;
  margin: .4rem 0; }
.course-group-help { color: #3d3d3d; font-size: .95em; line-height: 1.4; margin: .1rem 0 .5rem 0; }
.course-group-help p { margin: 0; }
/* The group's name: label above the field, the field never wider than a phone's screen. */
.course-group-name { flex-direction: column !important; align-items: stretch !important;
  height: auto !important; max-width: 100% !important; box-sizing: border-box; }
.course-group-name > .widget-label { width: auto !important; text-align: left !important;
  font-weight: 600; margin: .3em 0; }
.course-group-name input { width: 100% !important; max-width: 100%; box-sizing: border-box; }
/* A full-width field's own 2 px side margins pushed its right border out of its box. */
.jupyter-widgets.course-group-name, .jupyter-widgets.course-stack {
  margin-left: 0 !important; margin-right: 0 !important; }
</style>
"""


def is_static_build() -> bool:
    """True while the book is being built: the page then gets a worksheet, not live widgets."""
    return os.environ.get(STATIC_RENDER_VARIABLE) == "static"


def feedback_html(feedback: StepFeedback, announce: bool = False, *, language: str) -> str:
    """One step's feedback as escaped HTML: every text from data or learner shown inert, and
    the words the page adds (the verdicts, "Read more", the chapters' links) in ``language``.

    ``announce`` marks feedback the learner has just asked for: the page script brings it into
    view and has screen readers read its title and headline."""
    spoken = ""
    if announce:
        spoken = f' data-course-announce="{html.escape(feedback.title + ": " + feedback.headline, quote=True)}"'
    parts = [f'<section class="course-feedback" aria-label="{html.escape(feedback.title)}"{spoken}>',
             f"<h3>{html.escape(feedback.title)}"]
    if feedback.percent is not None:
        parts.append(f" — {percent(feedback.percent, language)}")
    parts.append(f"</h3><p>{as_inert_html(feedback.headline)}</p>")
    if feedback.problems:
        parts.append("<ul>" + "".join(
            f'<li class="course-problem">{as_inert_html(p)}</li>' for p in feedback.problems)
            + "</ul>")
    if feedback.items:
        parts.append("<ul>")
        for item in feedback.items:
            parts.append(
                f'<li><span class="course-verdict course-verdict-{item.verdict}">'
                f"{html.escape(item.shown_label(language))}:</span> "
                f"{as_inert_html(item.message)}")
            if item.reason:
                parts.append(f'<span class="course-reason">{as_inert_html(item.reason)}</span>')
            if item.reference:
                parts.append(f'<span class="course-reference">'
                             f'{html.escape(ui_text("common", language)("read_more"))} '
                             f"{reference_html(item.reference, language)}</span>")
            parts.append("</li>")
        parts.append("</ul>")
    parts.append("</section>")
    return "".join(parts)


def reference_html(reference: str, language: str | None = None) -> str:
    """Where to read more, with each chapter it names linked to the chapter's page in the
    ``language`` edition of the book (opened in a new tab, so the exercise stays as it is)."""
    shown = as_inert_html(reference)
    for name, url in chapter_links(language).items():
        escaped = as_inert_html(name)
        if escaped in shown:
            link = (f'<a href="{html.escape(url, quote=True)}" target="_blank" '
                    f'rel="noopener noreferrer">{escaped}</a>')
            shown = shown.replace(escaped, link, 1)
    return shown


def chart_html(figure: ChartFigure) -> str:
    return figure_html(figure)


def download_link_html(filename: str, content: str | bytes, label: str,
                       mime: str = "text/markdown") -> str:
    """A link that saves ``content`` as a file, computed in the kernel and held in the page,
    so it works in Voilà, JupyterLab and Binder alike and needs no server round trip. Text is
    sent as UTF-8 (and says so); bytes (a Word file) as they are."""
    if isinstance(content, bytes):
        payload, kind = base64.b64encode(content).decode("ascii"), mime
    else:
        payload = base64.b64encode(content.encode("utf-8")).decode("ascii")
        kind = f"{mime};charset=utf-8"
    return (f'<a class="course-download" download="{html.escape(filename, quote=True)}" '
            f'href="data:{kind};base64,{payload}">{html.escape(label)}</a>')


_UNSAFE_IN_FILE_NAMES = re.compile(r'[\\/:*?"<>|\x00-\x1f\x7f]+')


def file_name(*parts: str, extension: str, fallback: str = "exercise") -> str:
    """A download's file name from its parts (group, exercise, case...): letters of every
    language kept (æ, ø and å too), characters that file systems refuse dropped, spaces and
    punctuation between words as hyphens, and never empty (``fallback`` when nothing is left)."""
    words = []
    for part in parts:
        cleaned = _UNSAFE_IN_FILE_NAMES.sub(" ", part or "").strip().lower()
        cleaned = re.sub(r"[\s.,;]+", "-", cleaned).strip("-")
        if cleaned:
            words.append(cleaned)
    stem = "-".join(words)[:90].strip("-") or fallback
    return f"{stem}.{extension}"


def with_group(markdown: str, group: str, label: str) -> str:
    """The summary with the group's name under its title, so that a facilitator who collects
    the files knows whose each one is."""
    if not group.strip():
        return markdown
    line = f"**{label}:** {as_inert_markdown(group.strip())}"
    first, newline, rest = markdown.partition("\n")
    if first.startswith("# "):
        return f"{first}\n\n{line}\n{rest if rest.startswith(chr(10)) else chr(10) + rest}"
    return f"{line}\n\n{markdown}"


PRINT_CSS = """
body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif;
  color: #000; background: #fff; max-width: 46rem; margin: 1.5rem auto; padding: 0 1rem;
  line-height: 1.5; font-size: 11pt; }
h1 { font-size: 1.5rem; } h2 { font-size: 1.2rem; margin-top: 1.4rem; } h3 { font-size: 1.05rem; }
table { border-collapse: collapse; width: 100%; margin: .6rem 0; }
th, td { border: 1px solid #000; padding: .25rem .4rem; text-align: left; vertical-align: top; }
blockquote { border-left: 3px solid #000; margin: .5rem 0; padding: .1rem .8rem; }
.print-hint { border: 1px solid #555; padding: .4rem .6rem; }
a { color: #000; }
@media print { .print-hint { display: none; } body { margin: 0; max-width: none; }
  h2, h3 { break-after: avoid; } tr, li { break-inside: avoid; } }
@page { size: A4; margin: 18mm 16mm; }
"""


def printable_html(markdown: str, title: str, language: str, hint: str) -> str:
    """A summary as a stand-alone page to open and print: the Markdown rendered with raw HTML
    switched off (learners' text stays text), print styles for A4, nothing loaded, no script."""
    from markdown_it import MarkdownIt

    body = MarkdownIt("commonmark", {"html": False}).enable("table").render(markdown)
    return "\n".join([
        "<!DOCTYPE html>", f'<html lang="{html.escape(language, quote=True)}">', "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{html.escape(title)}</title>", f"<style>{PRINT_CSS}</style>", "</head>",
        "<body>", f'<p class="print-hint">{html.escape(hint)}</p>', body, "</body>", "</html>",
        ""])


class AppFrame:
    """What every exercise app has around its own steps.

    - the group's name, asked once at the top and put into every file name and file header;
    - a notice, hidden until the page script sees that the session (the kernel) is gone;
    - marks for the page script: the heading of a step just opened receives focus;
    - a question before an action that clears the learner's work.
    The words come from data/ui/common.yaml, in the app's language (kept here, so that every
    callback, long after the app was built, answers in the same language)."""

    def __init__(self, language: str | None = None) -> None:
        self.language = language = language_or_current(language)
        self.text = ui_text("common", language)
        self._tokens = itertools.count(1)
        self.group = widgets.Text(description=self.text("group_label"),
                                  placeholder=self.text("group_placeholder"),
                                  layout=widgets.Layout(width="100%", max_width="30rem"))
        self.group.add_class("course-group-name")
        self.group.add_class("course-stacked")
        self.group.add_class("course-stack")
        self.session_notice = widgets.HTML(
            f'<div class="course-session-lost" role="alert" hidden>'
            f'<strong>{html.escape(self.text("session_lost_heading"))}</strong> '
            f'{html.escape(self.text("session_lost"))}</div>', layout=widgets.Layout(width="100%"))
        self.header = widgets.VBox(
            [self.session_notice, self.group,
             widgets.HTML(f'<p class="course-group-help">{html.escape(self.text("group_help"))}</p>')],
            layout=widgets.Layout(width="100%"))

    @property
    def group_name(self) -> str:
        return (self.group.value or "").strip()

    def on_group_change(self, callback: Callable[[], None]) -> None:
        self.group.observe(lambda _change: callback(), names="value")

    def file_name(self, *parts: str, extension: str) -> str:
        return file_name(self.group_name, *parts, extension=extension,
                         fallback=self.text("file_stem_default"))

    def stamp(self, markdown: str) -> str:
        return with_group(markdown, self.group_name, self.text("group_word"))

    def feedback_html(self, feedback: StepFeedback, announce: bool = False) -> str:
        """One step's feedback in the app's language."""
        return feedback_html(feedback, announce, language=self.language)

    def downloads_html(self, markdown: str, title: str, *parts: str,
                       markdown_label: str | None = None, export: Export | None = None) -> str:
        """The two downloads of a summary, named for the group: Markdown and a printable page,
        each with the machine-readable ``export`` block (signed with the group's name and the
        app's language) that the facilitator's debrief reads."""
        stamped = self.stamp(markdown)
        page = printable_html(stamped, title, self.language, self.text("print_hint"))
        if export is not None:
            stamped, page = self.export_markdown(stamped, export), self.export_html(page, export)
        return (download_link_html(self.file_name(*parts, extension="md"), stamped,
                                   markdown_label or self.text("download_summary"))
                + " · "
                + download_link_html(self.file_name(*parts, extension="html"), page,
                                     self.text("download_printable"), mime="text/html"))

    def signed(self, export: Export) -> Export:
        """An export with this group's name and this app's language in it."""
        return export.stamped(self.group_name, self.language)

    def export_markdown(self, markdown: str, export: Export) -> str:
        """A Markdown file with the export block on its last line (hidden when rendered)."""
        return markdown_with_block(markdown, self.signed(export))

    def export_html(self, page: str, export: Export) -> str:
        """A printable page with the export block as JSON data (never run) before </body>."""
        return html_with_block(page, self.signed(export))

    def focus_mark(self) -> str:
        """The attributes that make an element the place focus moves to (a new mark each time,
        so that the page script sees a new move)."""
        return f'tabindex="-1" data-course-focus="{next(self._tokens)}"'

    def focus_heading(self, text: str, level: int = 2, css: str = "") -> str:
        """A step's heading that the page script moves the view and keyboard focus to."""
        klass = f' class="{html.escape(css, quote=True)}"' if css else ""
        return (f"<h{level}{klass} {self.focus_mark()}>"
                f"{html.escape(text)}</h{level}>")

    def confirmed(self, label: str, question: str, yes: str, action: Callable[[], None],
                  css: str) -> "ConfirmedAction":
        return ConfirmedAction(label, question, yes, self.text("confirm_no"), action, css, self)


class ConfirmedAction:
    """A button whose action clears work: the first press asks, "yes" does it, "cancel" keeps
    everything. ``widget`` is what to display."""

    def __init__(self, label: str, question: str, yes: str, no: str,
                 action: Callable[[], None], css: str, frame: AppFrame) -> None:
        self._question_text, self._action, self._frame = question, action, frame
        self.button = widgets.Button(description=label)
        self.button.add_class(css)
        self.button.add_class("course-button")
        self.question = widgets.HTML()
        self.yes = widgets.Button(description=yes, button_style="danger")
        self.yes.add_class(f"{css}-yes")
        self.yes.add_class("course-button")
        self.no = widgets.Button(description=no)
        self.no.add_class(f"{css}-no")
        self.no.add_class("course-button")
        self.box = widgets.VBox([self.question, widgets.HBox(
            [self.yes, self.no], layout=widgets.Layout(flex_flow="row wrap"))],
            layout=widgets.Layout(display="none", width="100%"))
        self.box.add_class("course-confirm")
        self.widget = widgets.VBox([self.button, self.box])
        self.button.on_click(lambda _: self.ask())
        self.yes.on_click(lambda _: self._answer(True))
        self.no.on_click(lambda _: self._answer(False))

    @property
    def asking(self) -> bool:
        return self.box.layout.display != "none"

    def ask(self) -> None:
        # The box is shown before the question arrives, so that focus can land on it.
        self.button.layout.display = "none"
        self.box.layout.display = "flex"
        self.question.value = (f"<p {self._frame.focus_mark()}>"
                               f"{html.escape(self._question_text)}</p>")

    def _answer(self, confirmed: bool) -> None:
        self.box.layout.display = "none"
        self.button.layout.display = None
        if confirmed:
            self._action()


# The words of the message below when the interface strings themselves cannot be read (they
# may be the file that broke): the one place the code keeps words of its own.
_DATA_ERROR_FALLBACK = {
    "data_error_heading": "This exercise cannot start: a data file needs fixing",
    "data_error_entry": "entry",
    "data_error_field": "field",
    "data_error_action": "Ask the person who runs the session to correct that file (see the "
                         "README in its folder), then reload this page.",
}


def data_error_html(error: DataError, language: str | None = None) -> str:
    """What a learner or facilitator sees when a data file is broken: which file, entry and
    field, and what to do, in the exercise's language (data/ui/common.yaml); in English if the
    interface strings are what broke. The problem itself is the data checker's own words."""
    try:
        words = ui_text("common", language)
        text = {key: words(key) for key in _DATA_ERROR_FALLBACK}
    except (DataError, ValueError):
        text = dict(_DATA_ERROR_FALLBACK)
    e = html.escape
    return (
        f'<div class="course-feedback" role="alert"><h3>{e(text["data_error_heading"])}</h3>'
        f"<p><strong>{e(error.source)}</strong>: {e(text['data_error_entry'])} "
        f"<em>{e(error.entry)}</em>, {e(text['data_error_field'])} <em>{e(error.field)}</em>: "
        f"{e(error.problem)}.</p>"
        f"<p>{e(text['data_error_action'])}</p></div>"
    )


def build_or_explain(build_app: Callable[[], widgets.Widget],
                     language: str | None = None) -> widgets.Widget:
    """The exercise's app, or, if a data file is malformed, a clear message (in ``language``)
    instead of a traceback."""
    try:
        return build_app()
    except DataError as error:
        return widgets.HTML(data_error_html(error, language))


_chart_warm_up: threading.Thread | None = None
_after_warm_up: list[Callable[[], None]] = []
_warm_up_lock = threading.Lock()
_warm = threading.Event()


def charts_ready() -> bool:
    """True once the chart renderer has started (the first chart then takes a fraction of a
    second instead of several seconds), and always where the page draws the charts."""
    return _warm.is_set() or charts_drawn_in_browser()


class _on_this_thread:
    """A callback that runs on the thread that asked for it (the kernel's own event loop).

    A refresh must never run on the warm-up thread: it would read the controls, then write
    its answer over the one the kernel gave meanwhile for a newer value (a warning for "1
    party" left on screen after the learner typed 3). Equal when the callbacks are equal, so
    the same refresh is queued once."""

    def __init__(self, callback: Callable[[], None]) -> None:
        self.callback = callback
        try:
            self.loop: asyncio.AbstractEventLoop | None = asyncio.get_running_loop()
        except RuntimeError:   # no event loop here (a plain script): run where it is ready
            self.loop = None

    def __eq__(self, other: object) -> bool:
        return isinstance(other, _on_this_thread) and other.callback == self.callback

    __hash__ = None  # type: ignore[assignment]

    def __call__(self) -> None:
        if self.loop is not None and not self.loop.is_closed():
            self.loop.call_soon_threadsafe(self.callback)
        else:
            self.callback()


def warm_charts_in_background(then: Callable[[], None] | None = None) -> None:
    """Start Altair and the chart renderer in a background thread, so that no learner waits
    4-10 s with nothing to show; ``then`` runs when it is ready (at once if it already is)."""
    global _chart_warm_up
    if charts_drawn_in_browser():
        # The page draws the charts: nothing to start here, and the browser's Python could
        # not start a thread for it anyway.
        if then is not None:
            then()
        return
    with _warm_up_lock:
        if then is not None and not _warm.is_set():
            callback = _on_this_thread(then)
            if callback not in _after_warm_up:   # one refresh is enough, however many asked
                _after_warm_up.append(callback)
            then = None
        if _chart_warm_up is None:
            from ..charts import warm_up

            def run() -> None:
                warm_up()
                with _warm_up_lock:   # no callback can be added between these two lines
                    _warm.set()
                    waiting = list(_after_warm_up)
                    _after_warm_up.clear()
                for callback in waiting:
                    callback()

            _chart_warm_up = threading.Thread(target=run, daemon=True,
                                              name="course-chart-warm-up")
            _chart_warm_up.start()
    if then is not None:
        then()


def warm_charts_on_first_action(root: widgets.Widget) -> None:
    """Start the chart renderer in the background at the learner's first click or answer, not
    when the app opens: a room of learners opening the app together then does not pay for it
    all at once (it costs each kernel about 4 s of processor and 110 MB), and the first chart,
    minutes later, is still ready when it is needed."""
    watched: list[tuple[widgets.Widget, str]] = []

    def first_action(*_args) -> None:
        for widget, kind in watched:
            if kind == "click":
                widget.on_click(first_action, remove=True)
            else:
                widget.unobserve(first_action, names="value")
        watched.clear()
        warm_charts_in_background()

    def walk(widget: widgets.Widget) -> None:
        if isinstance(widget, widgets.Button):
            widget.on_click(first_action)
            watched.append((widget, "click"))
        elif isinstance(widget, widgets.ValueWidget) and not isinstance(widget, widgets.HTML):
            widget.observe(first_action, names="value")
            watched.append((widget, "value"))
        for child in getattr(widget, "children", ()):
            walk(child)

    walk(root)


def chart_placeholder_html(text: str) -> str:
    """What stands where a chart is being drawn, so that a wait is never a blank."""
    return f'<p class="course-hint course-chart-coming" role="status">{html.escape(text)}</p>'


def show(build_app: Callable[[], widgets.Widget], worksheet: Callable[[], str],
         language: str | None = None) -> None:
    """Display an exercise: live widgets in a kernel with a screen, a worksheet in the build.
    ``build_app`` and ``worksheet`` already hold the exercise's language; ``language`` is for
    the message shown if a data file is broken.

    In the build a malformed data file fails the build, with the same message, on purpose."""
    from IPython.display import HTML, Markdown, display

    if is_static_build():
        display(Markdown(worksheet()))
    else:
        display(HTML(FEEDBACK_CSS))
        app = build_or_explain(build_app, language)
        display(app)
        warm_charts_on_first_action(app)
