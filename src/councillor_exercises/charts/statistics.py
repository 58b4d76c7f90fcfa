"""Charts of the real Danish figures that the chapters discuss, in either language: the
figures and their sources from data/statistics/, every other word from data/ui/statistics.yaml."""

from __future__ import annotations

import altair as alt
import pandas as pd

from . import PALETTE, ChartFigure, make_figure
from .. import statistics
from ..datafiles import language_or_current
from ..formats import percent
from ..ui_text import ui_text


def councillor_hours_chart(frame: pd.DataFrame | None = None,
                           language: str | None = None) -> ChartFigure:
    language = language_or_current(language)
    text = ui_text("statistics", language)
    frame = statistics.councillor_hours(language=language) if frame is None else frame
    frame = frame.assign(label=frame["year"].astype(str),
                         hours=(frame["hours_low"] + frame["hours_high"]) / 2)
    colour = alt.Color("measure:N", title=text("hours_legend"),
                       legend=alt.Legend(columns=1, labelLimit=400),
                       scale=alt.Scale(range=[PALETTE["neutral"], PALETTE["learner"],
                                              PALETTE["expert"]]))
    base = alt.Chart(frame).encode(
        x=alt.X("year:O", title=text("hours_axis_year"), axis=alt.Axis(labelAngle=0)),
        color=colour,
        tooltip=["year:O", "measure:N", "note:N"],
    )
    bands = base.mark_bar(size=18, opacity=0.75).encode(
        y=alt.Y("hours_low:Q", title=text("hours_axis_hours"), scale=alt.Scale(domain=[0, 30])),
        y2="hours_high:Q",
    ).transform_filter("datum.hours_low < datum.hours_high")
    points = base.mark_point(size=160, filled=True, shape="diamond", opacity=1).encode(
        y="hours:Q").transform_filter("datum.hours_low == datum.hours_high")
    chart = (bands + points).properties(width=420, height=260)
    sources = "; ".join(dict.fromkeys(frame["source"]))
    return make_figure(chart, text("hours_title"), text("hours_description"), sources, language)


def innovation_barometer_chart(frame: pd.DataFrame | None = None,
                               language: str | None = None) -> ChartFigure:
    language = language_or_current(language)
    text = ui_text("statistics", language)
    frame = statistics.innovation_barometer(language=language) if frame is None else frame
    order = list(frame["indicator"])
    groups = list(dict.fromkeys(frame["group"]))      # in the file's order
    chart = alt.Chart(frame).mark_bar(color=PALETTE["learner"]).encode(
        y=alt.Y("indicator:N", sort=order, title=None),
        x=alt.X("share_percent:Q", title=text("barometer_axis"),
                scale=alt.Scale(domain=[0, 100])),
        row=alt.Row("group:N", title=None, sort=groups,
                    header=alt.Header(labelFontSize=13, labelAngle=0, labelAlign="left")),
        tooltip=["indicator:N", "share_percent:Q"],
    ).properties(width=360).resolve_scale(y="independent")
    items = "; ".join(f"{percent(row.share_percent, language)} {row.indicator}"
                      for row in frame.itertuples())
    sources = "; ".join(dict.fromkeys(frame["source"]))
    return make_figure(chart, text("barometer_title"),
                       text("barometer_description", items=items), sources, language)


# Charts the book can place with the ``course-chart`` directive, by name; each takes the
# edition's language as ``language``.
BOOK_CHARTS = {
    "councillor-hours": councillor_hours_chart,
    "innovation-barometer": innovation_barometer_chart,
}
