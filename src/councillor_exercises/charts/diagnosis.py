"""Charts of the diagnosis exercise's summary: the learner's reading beside the expert's.

Meaning never rests on colour alone: the step chart writes each score on its bar and marks the
expert's 100% with a labelled line; the actor chart gives the two readings different shapes
(filled circle, hollow diamond) as well as colours.
"""

from __future__ import annotations

import textwrap

import altair as alt

from . import PALETTE, ChartFigure, make_figure
from ..formats import percent
from ..ui_text import ui_text


# Long labels are wrapped onto several lines, so the chart stays narrow enough for a phone.
_LINES = "split(datum.label, '\\n')"


def _wrap(text: str, width: int) -> str:
    return "\n".join(textwrap.wrap(text, width)) or text


def step_scores_chart(rows: list[dict], source: str = "",
                      language: str | None = None) -> ChartFigure:
    """Bars of the learner's score per step (fields: step, learner, label; see
    ``diagnosis.score_table``), against 100%, with the words in ``language``."""
    ui = ui_text("diagnosis", language)
    rows = [dict(row, step=_wrap(row["step"], 22)) for row in rows]
    order = [row["step"] for row in rows]
    expert_label = ui("expert_reading") + " " + percent(100, ui.language)
    values = [dict(row, who=ui("your_reading"), expert_who=ui("expert_reading"),
                   expert_label=expert_label) for row in rows]
    data = alt.Data(values=values)
    colour = alt.Scale(domain=[ui("your_reading"), ui("expert_reading")],
                       range=[PALETTE["learner"], PALETTE["expert"]])
    y = alt.Y("step:N", sort=order, title=None,
              axis=alt.Axis(labelLimit=200, labelFontSize=13, labelExpr=_LINES))
    bars = alt.Chart(data).mark_bar(height=22).encode(
        y=y,
        x=alt.X("learner:Q", title=ui("chart_axis_score"), scale=alt.Scale(domain=[0, 125]),
                axis=alt.Axis(values=[0, 25, 50, 75, 100])),
        color=alt.Color("who:N", scale=colour, title=ui("chart_legend")),
    )
    labels = alt.Chart(data).mark_text(align="left", dx=4, fontSize=12,
                                       color=PALETTE["neutral"]).encode(
        y=y, x="learner:Q", text="label:N")
    expert = alt.Chart(data).mark_tick(thickness=3, size=30).encode(
        y=y, x=alt.datum(100), color=alt.Color("expert_who:N", scale=colour,
                                                title=ui("chart_legend")))
    expert_label = alt.Chart(alt.Data(values=values[:1])).mark_text(
        align="left", dx=6, dy=-18, fontSize=11, color=PALETTE["expert"]).encode(
        y=y, x=alt.datum(100), text="expert_label:N")
    chart = (bars + labels + expert + expert_label).properties(width=200,
                                                                height=42 * len(order))
    details = "; ".join(ui("chart_steps_detail", step=row["step"].replace("\n", " "),
                           label=row["label"])
                        for row in rows)
    return make_figure(chart, ui("chart_steps_title"),
                       ui("chart_steps_description", details=details), source, ui.language)


def actor_purpose_chart(rows: list[dict], actors: list[str], purposes: list[str],
                        source: str = "", language: str | None = None) -> ChartFigure:
    """A grid of actors by purposes (fields: actor, purpose, who; see
    ``diagnosis.actor_table``): a filled circle for the learner's choice, a hollow diamond for
    each key actor's purpose in the expert reading. The words are in ``language``."""
    ui = ui_text("diagnosis", language)
    yours, expert = ui("your_reading"), ui("expert_reading")
    names = {name: _wrap(name, 24) for name in actors}
    purpose_names = {name: _wrap(name, 10) for name in purposes}
    described = rows
    rows = [dict(row, actor=names.get(row["actor"], row["actor"]),
                 purpose=purpose_names.get(row["purpose"], row["purpose"])) for row in rows]
    actors = [names[a] for a in actors]
    purposes = [purpose_names[p] for p in purposes]
    colour = alt.Scale(domain=[yours, expert], range=[PALETTE["learner"], PALETTE["expert"]])
    shape = alt.Scale(domain=[yours, expert], range=["circle", "diamond"])
    x = alt.X("purpose:N", sort=purposes, scale=alt.Scale(domain=purposes), title=None,
              axis=alt.Axis(orient="top", labelAngle=0, labelLimit=120, grid=True,
                            labelExpr=_LINES, labelFontSize=12))
    y = alt.Y("actor:N", sort=actors, scale=alt.Scale(domain=actors), title=None,
              axis=alt.Axis(labelLimit=200, grid=True, labelExpr=_LINES, labelFontSize=12))
    legend = dict(title=ui("chart_legend"))
    base = alt.Chart(alt.Data(values=rows))
    expert_marks = base.transform_filter(alt.datum.who == expert).mark_point(
        filled=False, size=420, strokeWidth=2.5).encode(
        x=x, y=y, color=alt.Color("who:N", scale=colour, **legend),
        shape=alt.Shape("who:N", scale=shape, **legend))
    your_marks = base.transform_filter(alt.datum.who == yours).mark_point(
        filled=True, size=130, opacity=1).encode(
        x=x, y=y, color=alt.Color("who:N", scale=colour, **legend),
        shape=alt.Shape("who:N", scale=shape, **legend))
    chart = (expert_marks + your_marks).properties(width=72 * len(purposes),
                                                   height=40 * len(actors))

    def listing(who: str) -> str:
        items = [f"{row['actor']} ({row['purpose']})" for row in described
                 if row["who"] == who]
        return "; ".join(items) if items else ui("chart_actors_none")

    details = (ui("chart_actors_yours", items=listing(yours)) + " "
               + ui("chart_actors_expert", items=listing(expert)))
    return make_figure(chart, ui("chart_actors_title"),
                       ui("chart_actors_description", details=details), source, ui.language)
