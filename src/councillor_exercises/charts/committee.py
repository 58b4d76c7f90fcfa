"""The committee exercise's chart: a design's profile on the six criteria, optionally beside a
preset's. Bars are the learner's design, diamonds the comparison, and every score is also
written as a number, so the chart never relies on colour alone."""

from __future__ import annotations

import altair as alt
import pandas as pd

from . import PALETTE, ChartFigure, make_figure
from ..committee import Profile, profile_rows
from ..ui_text import UiText, ui_text

FRAME_COLUMNS = ("design", "role", "criterion", "name", "score", "order")


def profile_frame(mine: Profile, my_label: str, other: Profile | None = None,
                  other_label: str = "") -> pd.DataFrame:
    """One row a criterion and design; ``role`` is 'learner' or 'comparison'."""
    rows = [dict(row, role="learner") for row in profile_rows(mine, my_label)]
    if other is not None:
        rows += [dict(row, role="comparison") for row in profile_rows(other, other_label)]
    return pd.DataFrame(rows, columns=list(FRAME_COLUMNS))


def profile_chart(frame: pd.DataFrame, ui: UiText | None = None,
                  language: str | None = None) -> ChartFigure:
    """Horizontal bars (0 to 100) for the learner's design; diamonds for a comparison. The
    words are those of ``ui`` (or of the committee exercise in ``language``)."""
    ui = ui or ui_text("committee", language)
    learner = frame[frame["role"] == "learner"].sort_values("order")
    comparison = frame[frame["role"] == "comparison"].sort_values("order")
    order = list(learner["criterion"])
    my_label = str(learner["design"].iloc[0]) if len(learner) else ui("chart_your_design")
    other_label = str(comparison["design"].iloc[0]) if len(comparison) else ""

    # Each bar's label, with its score(s), sits above the bar: readable on a phone, and the
    # numbers carry the meaning without the colours.
    labels = learner[["criterion", "score"]].copy()
    labels["label"] = [f"{name}: {int(score)}" for name, score
                       in zip(labels["criterion"], labels["score"])]
    if len(comparison):
        theirs = dict(zip(comparison["criterion"], comparison["score"].astype(int)))
        labels["label"] = [f"{name}: {int(score)} / {theirs.get(name, '')}" for name, score
                           in zip(labels["criterion"], labels["score"])]

    domain = [my_label] + ([other_label] if other_label else [])
    colours = alt.Scale(domain=domain, range=[PALETTE["learner"], PALETTE["expert"]][:len(domain)])
    shapes = alt.Scale(domain=domain, range=["square", "diamond"][:len(domain)])
    y = alt.Y("criterion:N", sort=order, axis=None,
              scale=alt.Scale(paddingInner=0.55, paddingOuter=0.6))
    x_axis = ui("chart_score_axis")
    bars = alt.Chart(learner).mark_bar().encode(
        y=y, x=alt.X("score:Q", title=x_axis, scale=alt.Scale(domain=[0, 100]),
                     axis=alt.Axis(values=[0, 20, 40, 60, 80, 100], grid=True)),
        color=alt.Color("design:N", scale=colours, title=None),
        shape=alt.Shape("design:N", scale=shapes, title=None),
        tooltip=["name:N", "score:Q"])
    layers = [bars]
    if len(comparison):
        layers.append(alt.Chart(comparison).mark_point(
            shape="diamond", size=160, filled=True, opacity=1, stroke="white",
            strokeWidth=1.5).encode(
            y=y, x="score:Q", color=alt.Color("design:N", scale=colours, title=None),
            shape=alt.Shape("design:N", scale=shapes, title=None),
            tooltip=["design:N", "name:N", "score:Q"]))
    text = alt.Chart(labels).mark_text(align="left", baseline="bottom", dy=-11, fontSize=13,
                                       color="#1a1a1a").encode(
        y=y, x=alt.datum(0), text="label:N")
    chart = alt.layer(*layers, text).properties(width=300, height=46 * max(len(order), 1),
                                                padding={"left": 6, "right": 14, "top": 6,
                                                         "bottom": 4})

    scores = "; ".join(f"{row.name} {int(row.score)}" for row in learner.itertuples())
    if len(comparison):
        theirs_text = "; ".join(f"{row.name} {int(row.score)}" for row in comparison.itertuples())
        title = ui("chart_title_compare", other=other_label)
        description = (ui("chart_description", scores=scores) + " "
                       + ui("chart_description_compare", other=other_label, scores=theirs_text))
    else:
        title = ui("chart_title")
        description = ui("chart_description", scores=scores)
    return make_figure(chart, title, description, ui("chart_source"), ui.language)
