"""The charts of the facilitator's debrief, drawn from ``councillor_exercises.debrief``'s
``ChartSpec``s: bars (how many groups gave an answer, how spread out a question's answers are)
and spreads (a dot a group on a scale, the range and the median written above).

As in the exercises' own charts, every row's name and figures are written above its marks, so
nothing rests on colour alone; the marked answers (the expert's) also say so in their text.
The data go to Altair as records, every encoding with its type spelt out (no data frame is
there to infer it from): the debrief also runs in the reader's browser, without pandas.
"""

from __future__ import annotations

from typing import Any, Iterable

import altair as alt

from . import PALETTE, ChartFigure, make_figure
from ..debrief import ChartSpec

WIDTH = 320
ROW = 46          # pixels per row: a line of text above a bar
TEXT = "#1a1a1a"


def _data(records: Iterable[dict[str, Any]]) -> alt.InlineData:
    """Records as a chart's data. InlineData, the inline kind of ``alt.Data``, is moved to the
    spec's top-level datasets as a data frame is; layers given the same object share it (the
    layered chart then holds it once)."""
    return alt.InlineData(values=list(records))


def _rows(order: list[str]) -> alt.Y:
    return alt.Y("row:N", sort=order, axis=None,
                 scale=alt.Scale(domain=order, paddingInner=0.55, paddingOuter=0.6))


def _captions(data: alt.InlineData, order: list[str]) -> alt.Chart:
    return alt.Chart(data).mark_text(align="left", baseline="bottom", dy=-9,
                                               fontSize=12, color=TEXT).encode(
        y=_rows(order), x=alt.value(0), text="caption:N")


def bars_chart(spec: ChartSpec) -> ChartFigure:
    """One bar a row (records row, caption, value, highlight); highlighted rows in the expert's
    colour, with the legend's second label."""
    order = [bar["row"] for bar in spec.values]
    plain, marked = (list(spec.legend) + ["", ""])[:2]
    plain = plain or spec.title
    bars_data = [{**bar, "who": marked if (bar["highlight"] and marked) else plain}
                 for bar in spec.values]
    domain = [plain] + ([marked] if marked and any(bar["highlight"] for bar in bars_data)
                        else [])
    colour = alt.Color("who:N", title=None,
                       scale=alt.Scale(domain=domain,
                                       range=[PALETTE["learner"], PALETTE["expert"]][:len(domain)]),
                       legend=alt.Legend(orient="bottom", direction="vertical", labelLimit=600))
    # Counts of groups are whole numbers: ticks at whole numbers only.
    whole = bool(bars_data) and all(float(bar["value"]).is_integer() for bar in bars_data) \
        and spec.maximum <= 12
    axis = (alt.Axis(values=list(range(0, int(spec.maximum) + 1)), format="d") if whole
            else alt.Axis())
    data = _data(bars_data)
    bars = alt.Chart(data).mark_bar(height=12).encode(
        y=_rows(order),
        x=alt.X("value:Q", title=spec.axis_title, axis=axis,
                scale=alt.Scale(domain=[0, spec.maximum * 1.02])),
        color=colour, tooltip=["caption:N"])
    chart = (bars + _captions(data, order)).properties(
        width=WIDTH, height=ROW * max(1, len(bars_data)))
    return make_figure(chart, spec.title, spec.description, spec.source, spec.language)


def spread_chart(spec: ChartSpec) -> ChartFigure:
    """A row a measure (spec.rows: row, caption, low, high, median): a line from the lowest
    group to the highest, a tick at the median, and a dot for each group (spec.values: row,
    group, value) that grows where several groups gave the same figure."""
    rows = list(spec.rows)
    order = [row["row"] for row in rows]
    x_scale = alt.Scale(domain=[0, spec.maximum * 1.02])
    y = _rows(order)
    data = _data(rows)
    ranges = alt.Chart(data).mark_rule(color=PALETTE["neutral"], strokeWidth=2).encode(
        y=y, x=alt.X("low:Q", title=spec.axis_title, scale=x_scale), x2="high:Q")
    medians = alt.Chart(data).mark_tick(color=PALETTE["expert"], thickness=3, size=20).encode(
        y=y, x=alt.X("median:Q", scale=x_scale))
    points = alt.Chart(_data(spec.values)).transform_aggregate(
        groups="count()", groupby=["row", "value"]).mark_circle(
        color=PALETTE["learner"], opacity=0.85).encode(
        y=y, x=alt.X("value:Q", scale=x_scale),
        size=alt.Size("groups:Q", legend=None, scale=alt.Scale(range=[60, 360])),
        tooltip=["value:Q", "groups:Q"])
    chart = (ranges + medians + points + _captions(data, order)).properties(
        width=WIDTH, height=ROW * max(1, len(rows)))
    return make_figure(chart, spec.title, spec.description, spec.source, spec.language)


def draw(spec: ChartSpec) -> ChartFigure:
    """The chart a spec asks for."""
    return spread_chart(spec) if spec.kind == "spread" else bars_chart(spec)
