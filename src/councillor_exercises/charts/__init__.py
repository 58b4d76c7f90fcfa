"""Charts: functions from rows of plain data to Altair charts, and one way to render them.

Every chart is rendered to SVG with vl-convert (no JavaScript, nothing loaded from elsewhere) and
wrapped with a text description and a source line, because a chart must make sense to a reader
who cannot see it.
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # Altair takes over a second to import: only chart builders load it.
    import altair as alt

# Colours chosen for contrast against white (WCAG 1.4.11: 3:1 for graphics) and for readers
# with red-green colour blindness.
PALETTE = {
    "learner": "#1f5fa8",   # blue: the learner's answer or profile
    "expert": "#b3541e",    # burnt orange: the expert reading or a reference
    "neutral": "#4d4d4d",
    "accent": "#2f7d32",
}
# The chart's layout is computed here, with this machine's fonts, and drawn by the reader's
# browser with theirs. Measuring with a wide font (DejaVu Sans, or Verdana, which is as wide)
# leaves enough room that labels never overlap when the browser's font is narrower.
FONT = "DejaVu Sans, Verdana, sans-serif"


@dataclass(frozen=True)
class ChartFigure:
    """A rendered chart with what a reader needs besides the picture."""

    svg: str
    title: str
    description: str    # a text alternative: what the chart shows, in a sentence or three
    source: str         # where the numbers come from ('' for a learner's own answers)
    language: str = "en"    # the language of the texts above (and of the word "Source")


def course_theme(chart: "alt.Chart") -> "alt.Chart":
    """The shared look: readable fonts, no chart border, room for long labels."""
    return (chart.configure(font=FONT).configure_view(stroke=None)
            .configure_axis(labelFont=FONT, titleFont=FONT, labelFontSize=12, titleFontSize=12,
                            labelLimit=260)
            .configure_legend(labelFont=FONT, titleFont=FONT, labelFontSize=12, orient="bottom")
            .configure_title(font=FONT, fontSize=14, anchor="start"))


# Where charts are drawn. "svg": here, by vl-convert (the book and the Voila apps). "browser":
# by the page's own vega-embed, for the exercises that run in the reader's browser, where
# vl-convert's native code cannot run. Either way the chart comes from the same chart functions.
_renderer = "svg"


def draw_charts_in_browser() -> None:
    """Hand charts to the page's vega-embed as Vega-Lite instead of drawing them here."""
    global _renderer
    _renderer = "browser"


def charts_drawn_in_browser() -> bool:
    return _renderer == "browser"


def render_svg(chart: "alt.TopLevelMixin") -> str:
    """The chart as an SVG string, computed here rather than in the reader's browser; or, on
    the in-browser route, an element holding the Vega-Lite spec that the page draws as SVG."""
    import altair as alt

    if _renderer == "browser":
        spec = html.escape(chart.to_json(indent=None), quote=True)
        return (f'<div class="course-vega" aria-hidden="true" style="max-width:100%" '
                f'data-vega-lite="{spec}"></div>')

    import vl_convert

    # vl-convert must use the Vega-Lite version Altair writes ("v6.4.1" -> "6.4").
    version = alt.SCHEMA_VERSION.lstrip("v").rsplit(".", 1)[0]
    svg = vl_convert.vegalite_to_svg(chart.to_json(), vl_version=version)
    # The SVG sits inside a figure whose text alternative is given separately; hide the
    # drawing's loose text nodes from screen readers so the description is read once.
    # The inline style lets a wide chart shrink to a phone's width wherever it is shown.
    return svg.replace("<svg ", '<svg aria-hidden="true" focusable="false" '
                       'style="max-width:100%;height:auto" ', 1)


def make_figure(chart: "alt.TopLevelMixin", title: str, description: str,
                source: str = "", language: str = "en") -> ChartFigure:
    return ChartFigure(render_svg(course_theme(chart)), title, description, source, language)


def figure_html(figure: ChartFigure, figure_id: str = "") -> str:
    """Accessible HTML for a chart: the picture with role="img", its description and source,
    with the word for "Source" in the figure's language (data/ui/common.yaml)."""
    from ..ui_text import ui_text

    label = html.escape(f"{figure.title}. {figure.description}", quote=True)
    ident = f' id="{html.escape(figure_id, quote=True)}"' if figure_id else ""
    word = ui_text("common", figure.language)("chart_source_label")
    source = (f'<br><span class="course-chart-source">{html.escape(word)} '
              f'{html.escape(figure.source)}</span>' if figure.source else "")
    return (
        f'<figure class="course-chart"{ident}>'
        f'<div class="course-chart-image" role="img" aria-label="{label}">{figure.svg}</div>'
        f'<figcaption><strong>{html.escape(figure.title)}.</strong> '
        f'{html.escape(figure.description)}{source}</figcaption></figure>'
    )


def warm_up() -> None:
    """Render a one-point chart, so that Altair is imported and the chart renderer has started
    before a learner's first chart (together they take several seconds the first time)."""
    import altair as alt

    if _renderer == "browser":   # nothing to start here: the page draws the charts
        return
    render_svg(alt.Chart(alt.Data(values=[{"x": 0}])).mark_point().encode(x="x:Q"))
