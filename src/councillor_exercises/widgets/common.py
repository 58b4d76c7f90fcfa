"""What the exercise widgets share: rendering feedback, download links, the static fallback."""

from __future__ import annotations

import base64
import html
import os
from typing import Callable

import ipywidgets as widgets

from ..charts import ChartFigure, figure_html
from ..datafiles import DataError
from ..feedback import VERDICT_LABELS, StepFeedback
from ..free_text import as_inert_html
from ..sphinx_extension import STATIC_RENDER_VARIABLE

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
.course-verdict-warning { color: #7a4a00; } .course-verdict-info { color: #1f4f8a; }
.course-reason { display: block; color: #333; }
.course-reference { display: block; color: #444; font-style: italic; }
.course-problem { color: #a11a1a; font-weight: 600; }
.course-chart svg { max-width: 100%; height: auto; }
</style>
"""


def is_static_build() -> bool:
    """True while the book is being built: the page then gets a worksheet, not live widgets."""
    return os.environ.get(STATIC_RENDER_VARIABLE) == "static"


def feedback_html(feedback: StepFeedback) -> str:
    """One step's feedback as escaped HTML: every text from data or learner shown inert."""
    parts = [f'<section class="course-feedback" aria-label="{html.escape(feedback.title)}">',
             f"<h3>{html.escape(feedback.title)}"]
    if feedback.percent is not None:
        parts.append(f" — {feedback.percent}%")
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
                f"{html.escape(VERDICT_LABELS[item.verdict])}:</span> {as_inert_html(item.message)}")
            if item.reason:
                parts.append(f'<span class="course-reason">{as_inert_html(item.reason)}</span>')
            if item.reference:
                parts.append(f'<span class="course-reference">Read more: '
                             f"{as_inert_html(item.reference)}</span>")
            parts.append("</li>")
        parts.append("</ul>")
    parts.append("</section>")
    return "".join(parts)


def chart_html(figure: ChartFigure) -> str:
    return figure_html(figure)


def download_link_html(filename: str, content: str, label: str,
                       mime: str = "text/markdown") -> str:
    """A link that saves ``content`` as a file, computed in the kernel and held in the page,
    so it works in Voilà, JupyterLab and Binder alike and needs no server round trip."""
    payload = base64.b64encode(content.encode("utf-8")).decode("ascii")
    return (f'<a class="course-download" download="{html.escape(filename, quote=True)}" '
            f'href="data:{mime};charset=utf-8;base64,{payload}">{html.escape(label)}</a>')


def data_error_html(error: DataError) -> str:
    """What a learner or facilitator sees when a data file is broken: which file, entry and
    field, and what to do. Plain English on purpose: the interface strings may be what broke."""
    return (
        '<div class="course-feedback" role="alert"><h3>This exercise cannot start: a data file '
        "needs fixing</h3>"
        f"<p><strong>{html.escape(error.source)}</strong>: entry "
        f"<em>{html.escape(error.entry)}</em>, field <em>{html.escape(error.field)}</em>: "
        f"{html.escape(error.problem)}.</p>"
        "<p>Ask the person who runs the session to correct that file (see the README in its "
        "folder), then reload this page.</p></div>"
    )


def build_or_explain(build_app: Callable[[], widgets.Widget]) -> widgets.Widget:
    """The exercise's app, or, if a data file is malformed, a clear message instead of a
    traceback."""
    try:
        return build_app()
    except DataError as error:
        return widgets.HTML(data_error_html(error))


def show(build_app: Callable[[], widgets.Widget], worksheet: Callable[[], str]) -> None:
    """Display an exercise: live widgets in a kernel with a screen, a worksheet in the build.

    In the build a malformed data file fails the build, with the same message, on purpose."""
    from IPython.display import HTML, Markdown, display

    if is_static_build():
        display(Markdown(worksheet()))
    else:
        display(HTML(FEEDBACK_CSS))
        display(build_or_explain(build_app))
