"""Charts of the real Danish figures that the chapters discuss."""

from __future__ import annotations

import altair as alt
import pandas as pd

from . import PALETTE, ChartFigure, make_figure
from .. import statistics


def councillor_hours_chart(frame: pd.DataFrame | None = None) -> ChartFigure:
    frame = statistics.councillor_hours() if frame is None else frame
    frame = frame.assign(label=frame["year"].astype(str),
                         hours=(frame["hours_low"] + frame["hours_high"]) / 2)
    colour = alt.Color("measure:N", title="What the figure is",
                       legend=alt.Legend(columns=1, labelLimit=400),
                       scale=alt.Scale(range=[PALETTE["neutral"], PALETTE["learner"],
                                              PALETTE["expert"]]))
    base = alt.Chart(frame).encode(
        x=alt.X("year:O", title="Year", axis=alt.Axis(labelAngle=0)),
        color=colour,
        tooltip=["year:O", "measure:N", "note:N"],
    )
    bands = base.mark_bar(size=18, opacity=0.75).encode(
        y=alt.Y("hours_low:Q", title="Hours a week on council work", scale=alt.Scale(domain=[0, 30])),
        y2="hours_high:Q",
    ).transform_filter("datum.hours_low < datum.hours_high")
    points = base.mark_point(size=160, filled=True, shape="diamond", opacity=1).encode(
        y="hours:Q").transform_filter("datum.hours_low == datum.hours_high")
    chart = (bands + points).properties(width=420, height=260)
    sources = "; ".join(dict.fromkeys(frame["source"]))
    description = (
        "Weekly hours that Danish municipal councillors spend on council work. Bars show a band of "
        "hours: about 10 to 12 hours as a reported typical week in 1970, and 10 to 14 (2009) and "
        "20 to 24 (2017) for the largest group of councillors. Diamonds show averages: about 19 "
        "hours in 2017 and 18 hours in 2021. The years are set side by side, evenly, although "
        "the gaps between them are not."
    )
    return make_figure(chart, "Councillors' weekly hours, 1970–2021", description, sources)


def innovation_barometer_chart(frame: pd.DataFrame | None = None) -> ChartFigure:
    frame = statistics.innovation_barometer() if frame is None else frame
    order = list(frame["indicator"])
    chart = alt.Chart(frame).mark_bar(color=PALETTE["learner"]).encode(
        y=alt.Y("indicator:N", sort=order, title=None),
        x=alt.X("share_percent:Q", title="Share of public innovations (%)",
                scale=alt.Scale(domain=[0, 100])),
        row=alt.Row("group:N", title=None, sort=["who drives it", "who takes part"],
                    header=alt.Header(labelFontSize=13, labelAngle=0, labelAlign="left")),
        tooltip=["indicator:N", "share_percent:Q"],
    ).properties(width=360).resolve_scale(y="independent")
    text = "; ".join(f"{row.share_percent:.0f}% {row.indicator}" for row in frame.itertuples())
    description = f"Of the public innovations reported for 2013–2014: {text}."
    sources = "; ".join(dict.fromkeys(frame["source"]))
    return make_figure(chart, "Who drives and who takes part in public innovation", description,
                       sources)


# Charts the book can place with the ``course-chart`` directive, by name.
BOOK_CHARTS = {
    "councillor-hours": councillor_hours_chart,
    "innovation-barometer": innovation_barometer_chart,
}
