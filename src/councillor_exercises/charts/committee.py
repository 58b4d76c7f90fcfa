"""The committee exercise's chart: a design's profile on the six criteria, optionally beside a
preset's. Bars are the learner's design, diamonds the comparison, and every score is also
written as a number, so the chart never relies on colour alone."""

from __future__ import annotations

import altair as alt

from . import PALETTE, ChartFigure, make_figure
from ..committee import Profile, profile_rows
from ..ui_text import UiText, ui_text

ROW_FIELDS = ("design", "role", "criterion", "name", "score", "order")


def profile_chart_rows(mine: Profile, my_label: str, other: Profile | None = None,
                       other_label: str = "") -> list[dict]:
    """One row a criterion and design, with the fields of ``ROW_FIELDS``; ``role`` is
    'learner' or 'comparison'."""
    rows = [dict(row, role="learner") for row in profile_rows(mine, my_label)]
    if other is not None:
        rows += [dict(row, role="comparison") for row in profile_rows(other, other_label)]
    return [{field: row[field] for field in ROW_FIELDS} for row in rows]


def profile_chart(rows: list[dict], ui: UiText | None = None,
                  language: str | None = None) -> ChartFigure:
    """Horizontal bars (0 to 100) for the learner's design; diamonds for a comparison (``rows``
    as made by ``profile_chart_rows``). The words are those of ``ui`` (or of the committee
    exercise in ``language``)."""
    ui = ui or ui_text("committee", language)

    def of_role(role: str) -> list[dict]:
        return sorted((row for row in rows if row["role"] == role), key=lambda row: row["order"])

    learner, comparison = of_role("learner"), of_role("comparison")
    order = [row["criterion"] for row in learner]
    my_label = str(learner[0]["design"]) if learner else ui("chart_your_design")
    other_label = str(comparison[0]["design"]) if comparison else ""

    # Each bar's label, with its score(s), sits above the bar: readable on a phone, and the
    # numbers carry the meaning without the colours.
    theirs = {row["criterion"]: int(row["score"]) for row in comparison}

    def label(row: dict) -> str:
        mine = f"{row['criterion']}: {int(row['score'])}"
        return f"{mine} / {theirs.get(row['criterion'], '')}" if comparison else mine

    labels = [{"criterion": row["criterion"], "score": row["score"], "label": label(row)}
              for row in learner]

    domain = [my_label] + ([other_label] if other_label else [])
    colours = alt.Scale(domain=domain, range=[PALETTE["learner"], PALETTE["expert"]][:len(domain)])
    shapes = alt.Scale(domain=domain, range=["square", "diamond"][:len(domain)])
    y = alt.Y("criterion:N", sort=order, axis=None,
              scale=alt.Scale(paddingInner=0.55, paddingOuter=0.6))
    x_axis = ui("chart_score_axis")
    bars = alt.Chart(alt.Data(values=learner)).mark_bar().encode(
        y=y, x=alt.X("score:Q", title=x_axis, scale=alt.Scale(domain=[0, 100]),
                     axis=alt.Axis(values=[0, 20, 40, 60, 80, 100], grid=True)),
        color=alt.Color("design:N", scale=colours, title=None),
        shape=alt.Shape("design:N", scale=shapes, title=None),
        tooltip=["name:N", "score:Q"])
    layers = [bars]
    if comparison:
        layers.append(alt.Chart(alt.Data(values=comparison)).mark_point(
            shape="diamond", size=160, filled=True, opacity=1, stroke="white",
            strokeWidth=1.5).encode(
            y=y, x="score:Q", color=alt.Color("design:N", scale=colours, title=None),
            shape=alt.Shape("design:N", scale=shapes, title=None),
            tooltip=["design:N", "name:N", "score:Q"]))
    text = alt.Chart(alt.Data(values=labels)).mark_text(
        align="left", baseline="bottom", dy=-11, fontSize=13, color="#1a1a1a").encode(
        y=y, x=alt.datum(0), text="label:N")
    chart = alt.layer(*layers, text).properties(width=300, height=46 * max(len(order), 1),
                                                padding={"left": 6, "right": 14, "top": 6,
                                                         "bottom": 4})

    scores = "; ".join(f"{row['name']} {int(row['score'])}" for row in learner)
    if comparison:
        theirs_text = "; ".join(f"{row['name']} {int(row['score'])}" for row in comparison)
        title = ui("chart_title_compare", other=other_label)
        description = (ui("chart_description", scores=scores) + " "
                       + ui("chart_description_compare", other=other_label, scores=theirs_text))
    else:
        title = ui("chart_title")
        description = ui("chart_description", scores=scores)
    return make_figure(chart, title, description, ui("chart_source"), ui.language)
