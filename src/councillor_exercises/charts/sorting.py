"""The chart of the "Service or policy?" exercise: where the learner placed each example,
beside where the course places it."""

from __future__ import annotations

import altair as alt

from . import PALETTE, ChartFigure, make_figure

WIDTH = 300
ROW = 40    # pixels per example: its name above a line of three places


def sorting_chart(rows: list[dict], *, title: str, description: str, source: str,
                  placements: list[str], you: str, course: str,
                  axis_title: str, language: str = "en") -> ChartFigure:
    """A dot chart: one row per example, one column per place (service, both, policy).

    ``rows`` have the fields example, position, who and placement (see
    ``sorting.comparison_rows``). The learner's answer is a filled circle, the course's an open
    diamond, so the two differ in shape as well as colour; where they agree the circle sits in
    the diamond. Each example's name is written above its row, so the chart stays narrow.
    """
    order = list(dict.fromkeys(row["example"]
                               for row in sorted(rows, key=lambda row: row["position"])))
    data = alt.Data(values=rows)
    y = alt.Y("example:N", title=None, sort=order, axis=None,
              scale=alt.Scale(paddingInner=0.5, paddingOuter=1))
    x = alt.X("placement:N", title=axis_title, sort=placements,
              scale=alt.Scale(domain=placements, padding=0.4),
              axis=alt.Axis(labelAngle=0, orient="top", labelFontSize=12, grid=True, offset=16))
    base = alt.Chart(data).encode(x=x, y=y, tooltip=["example:N", "who:N", "placement:N"])
    legend = alt.Legend(orient="bottom", direction="vertical")
    shape = alt.Shape("who:N", title=None, legend=legend,
                      scale=alt.Scale(domain=[course, you], range=["diamond", "circle"]))
    colour = alt.Color("who:N", title=None, legend=legend,
                       scale=alt.Scale(domain=[course, you],
                                       range=[PALETTE["expert"], PALETTE["learner"]]))
    course_marks = base.mark_point(size=260, filled=False, strokeWidth=2.5).encode(
        shape=shape, color=colour).transform_filter(alt.datum.who == course)
    you_marks = base.mark_point(size=90, filled=True, opacity=1).encode(
        shape=shape, color=colour).transform_filter(alt.datum.who == you)
    names = alt.Chart(data).transform_filter(alt.datum.who == course).mark_text(
        align="left", baseline="bottom", dy=-10, fontSize=12, color="#1a1a1a").encode(
        y=y, x=alt.value(0), text="example:N")
    chart = (course_marks + you_marks + names).properties(width=WIDTH,
                                                          height=max(60, ROW * len(order)))
    return make_figure(chart, title, description, source, language)
