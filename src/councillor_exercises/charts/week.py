"""The charts of "Your week as a councillor": where the hours go, the week beside the real
figures on councillors' hours, and the week against the lecture's obstacles.

Each function takes rows (one dict a bar) made by ``councillor_exercises.week`` and the texts
to show. Every row's name and value are written above its mark, so nothing rests on colour
alone, and there are no axis labels to the left: the charts stay narrow enough for a phone.
"""

from __future__ import annotations

import altair as alt

from . import PALETTE, ChartFigure, make_figure

WIDTH = 300
ROW = 46          # pixels per row: a line of text above a bar
TEXT = "#1a1a1a"


def _rows(rows: list[dict], field: str) -> alt.Y:
    return alt.Y(f"{field}:N", sort=[row[field] for row in rows], axis=None,
                 scale=alt.Scale(paddingInner=0.55, paddingOuter=0.6))


def _caption(base: alt.Chart, field: str) -> alt.Chart:
    """The row's text, above its bar at the left edge."""
    return base.mark_text(align="left", baseline="bottom", dy=-9, fontSize=12,
                          color=TEXT).encode(x=alt.value(0), text=f"{field}:N")


def profile_chart(rows: list[dict], *, title: str, description: str, source: str,
                  axis_title: str, language: str = "en") -> ChartFigure:
    """One bar per kind of work, with its name, hours and share written above it (``rows``:
    group, hours, percent, label; see ``week.profile_rows``)."""
    rows = [dict(row, caption=f"{row['group']}: {row['label']}") for row in rows]
    top = max(1.0, max((float(row["hours"]) for row in rows), default=1.0))
    base = alt.Chart(alt.Data(values=rows)).encode(y=_rows(rows, "group"),
                                                   tooltip=["group:N", "label:N"])
    bars = base.mark_bar(color=PALETTE["learner"], height=12).encode(
        x=alt.X("hours:Q", title=axis_title, scale=alt.Scale(domain=[0, top * 1.05])))
    chart = (bars + _caption(base, "caption")).properties(width=WIDTH, height=ROW * len(rows))
    return make_figure(chart, title, description, source, language)


def hours_chart(rows: list[dict], *, title: str, description: str, source: str,
                axis_title: str, you: str, reported: str, language: str = "en") -> ChartFigure:
    """The learner's total (a circle) beside the reported figures: a band of hours as a bar,
    a single figure as a diamond; each row's name and value are written above it (``rows``:
    row, low, high, kind, label; see ``week.hours_rows``)."""
    top = max(30.0, max((float(row["high"]) for row in rows), default=30.0))
    who = {"you": you, "reported": reported}
    rows = [dict(row, who=who.get(row["kind"]), caption=f"{row['row']}: {row['label']}")
            for row in rows]
    base = alt.Chart(alt.Data(values=rows)).encode(y=_rows(rows, "row"),
                                                   tooltip=["row:N", "label:N"])
    x_scale = alt.Scale(domain=[0, top * 1.1])
    legend = alt.Legend(orient="bottom", direction="vertical")
    colour = alt.Color("who:N", title=None, legend=legend,
                       scale=alt.Scale(domain=[you, reported],
                                       range=[PALETTE["learner"], PALETTE["expert"]]))
    shape = alt.Shape("who:N", title=None, legend=legend,
                      scale=alt.Scale(domain=[you, reported], range=["circle", "diamond"]))
    bands = base.mark_bar(height=12, color=PALETTE["expert"]).encode(
        x=alt.X("low:Q", title=axis_title, scale=x_scale), x2="high:Q",
    ).transform_filter("datum.low < datum.high")
    points = base.mark_point(size=120, filled=True, opacity=1).encode(
        x=alt.X("high:Q", scale=x_scale), color=colour, shape=shape,
    ).transform_filter("datum.low == datum.high")
    chart = (bands + points + _caption(base, "caption")).properties(
        width=WIDTH, height=ROW * len(rows))
    return make_figure(chart, title, description, source, language)


def obstacles_chart(rows: list[dict], *, title: str, description: str, source: str,
                    axis_title: str, line_label: str, language: str = "en") -> ChartFigure:
    """One bar per obstacle reading (a share in %), a tick where the reading turns, and the
    reading's name, share and verdict written above each bar (``rows``: rule, percent,
    threshold, label; see ``week.obstacle_rows``)."""
    rows = [dict(row, caption=f"{row['rule']}: {row['label']}") for row in rows]
    base = alt.Chart(alt.Data(values=rows)).encode(y=_rows(rows, "rule"))
    x_scale = alt.Scale(domain=[0, 100])
    bars = base.mark_bar(color=PALETTE["learner"], height=12).encode(
        x=alt.X("percent:Q", title=axis_title, scale=x_scale,
                axis=alt.Axis(values=[0, 25, 50, 75, 100])),
        tooltip=["rule:N", "label:N"])
    lines = base.mark_tick(color=PALETTE["expert"], thickness=3, size=22).encode(
        x=alt.X("threshold:Q", scale=x_scale))
    line_labels = base.mark_text(align="center", baseline="top", dy=10, fontSize=11,
                                 color=TEXT).encode(
        x=alt.X("threshold:Q", scale=x_scale), text=alt.value(line_label))
    chart = (bars + lines + _caption(base, "caption") + line_labels).properties(
        width=WIDTH, height=(ROW + 14) * len(rows))
    return make_figure(chart, title, description, source, language)


def warm_up() -> None:
    """Render a one-point chart, so that the chart renderer has started before the learner's
    first check (its first use takes about a second)."""
    make_figure(alt.Chart(alt.Data(values=[{"x": 0}])).mark_point().encode(x="x:Q"), "", "")
