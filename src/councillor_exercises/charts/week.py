"""The charts of "Your week as a councillor": where the hours go, the week beside the real
figures on councillors' hours, and the week against the lecture's obstacles.

Each function takes a data frame made by ``councillor_exercises.week`` and the texts to show.
Every row's name and value are written above its mark, so nothing rests on colour alone, and
there are no axis labels to the left: the charts stay narrow enough for a phone.
"""

from __future__ import annotations

import altair as alt
import pandas as pd

from . import PALETTE, ChartFigure, make_figure

WIDTH = 300
ROW = 46          # pixels per row: a line of text above a bar
TEXT = "#1a1a1a"


def _rows(frame: pd.DataFrame, column: str) -> alt.Y:
    return alt.Y(f"{column}:N", sort=list(frame[column]), axis=None,
                 scale=alt.Scale(paddingInner=0.55, paddingOuter=0.6))


def _caption(base: alt.Chart, field: str) -> alt.Chart:
    """The row's text, above its bar at the left edge."""
    return base.mark_text(align="left", baseline="bottom", dy=-9, fontSize=12,
                          color=TEXT).encode(x=alt.value(0), text=f"{field}:N")


def profile_chart(frame: pd.DataFrame, *, title: str, description: str, source: str,
                  axis_title: str, language: str = "en") -> ChartFigure:
    """One bar per kind of work, with its name, hours and share written above it."""
    frame = frame.assign(caption=frame["group"] + ": " + frame["label"])
    top = max(1.0, float(frame["hours"].max()) if len(frame) else 1.0)
    base = alt.Chart(frame).encode(y=_rows(frame, "group"),
                                   tooltip=["group:N", "label:N"])
    bars = base.mark_bar(color=PALETTE["learner"], height=12).encode(
        x=alt.X("hours:Q", title=axis_title, scale=alt.Scale(domain=[0, top * 1.05])))
    chart = (bars + _caption(base, "caption")).properties(width=WIDTH, height=ROW * len(frame))
    return make_figure(chart, title, description, source, language)


def hours_chart(frame: pd.DataFrame, *, title: str, description: str, source: str,
                axis_title: str, you: str, reported: str, language: str = "en") -> ChartFigure:
    """The learner's total (a circle) beside the reported figures: a band of hours as a bar,
    a single figure as a diamond; each row's name and value are written above it."""
    top = max(30.0, float(frame["high"].max()) if len(frame) else 30.0)
    frame = frame.assign(who=frame["kind"].map({"you": you, "reported": reported}),
                         caption=frame["row"] + ": " + frame["label"])
    base = alt.Chart(frame).encode(y=_rows(frame, "row"), tooltip=["row:N", "label:N"])
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
        width=WIDTH, height=ROW * len(frame))
    return make_figure(chart, title, description, source, language)


def obstacles_chart(frame: pd.DataFrame, *, title: str, description: str, source: str,
                    axis_title: str, line_label: str, language: str = "en") -> ChartFigure:
    """One bar per obstacle reading (a share in %), a tick where the reading turns, and the
    reading's name, share and verdict written above each bar."""
    frame = frame.assign(caption=frame["rule"] + ": " + frame["label"])
    base = alt.Chart(frame).encode(y=_rows(frame, "rule"))
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
        width=WIDTH, height=(ROW + 14) * len(frame))
    return make_figure(chart, title, description, source, language)


def warm_up() -> None:
    """Render a one-point chart, so that the chart renderer has started before the learner's
    first check (its first use takes about a second)."""
    frame = pd.DataFrame({"x": [0]})
    make_figure(alt.Chart(frame).mark_point().encode(x="x:Q"), "", "")
