"""Sphinx: the facilitator's session plans as pages, and the exercises' minutes on every page.

- ``session-plan ID``: renders one plan of data/facilitator/sessions.yaml in the edition's
  language: a timetable (a list, which fits a phone), what to prepare, groups and ground rules,
  every block minute by minute with its talking points and debrief, what to do when the network
  fails, and the follow-up. The words around the data come from data/ui/facilitator.yaml.
- MyST substitutions ``{{ minutes_alone_<id> }}`` and ``{{ minutes_group_<id> }}`` (the
  exercise id with '_' for '-'), registered when the configuration is read, so that an exercise
  page states its time from data/facilitator/exercises.yaml, the file the plans take their
  minutes from: a page and a plan cannot disagree. MyST-NB's notebook pages read the same
  configuration (``env.myst_config``), so they get the substitutions too.

Registered from ``sphinx_extension.setup``.
"""

from __future__ import annotations

from docutils import nodes
from docutils.statemachine import StringList
from sphinx.application import Sphinx
from sphinx.util.docutils import SphinxDirective

from .datafiles import DataError, data_dir
from .sessions import Block, facilitator_dir, load_plan, minutes_substitutions
from .ui_text import UiText, ui_text


def _register_exercise_minutes(app: Sphinx, config) -> None:
    """Add the exercises' minutes to the MyST substitutions (the data wins over a same-named
    value in _config.yml, so that there is one source)."""
    substitutions = dict(getattr(config, "myst_substitutions", None) or {})
    substitutions.update(minutes_substitutions())
    config.myst_substitutions = substitutions


class _Words:
    """The page's words and numbers in the edition's language."""

    def __init__(self, text: UiText):
        self.text = text

    def __call__(self, key: str, **values) -> str:
        return self.text(key, **values)

    def minutes(self, count: int) -> str:
        return self.text("minutes_one") if count == 1 else self.text("minutes", minutes=count)

    def clock(self, minutes: int) -> str:
        return self.text("clock", hours=minutes // 60, minutes=minutes % 60)

    def span(self, block: Block) -> str:
        return self.text("time_span", start=self.clock(block.start), end=self.clock(block.end))


class SessionPlan(SphinxDirective):
    """A facilitator's session plan, from data/facilitator/sessions.yaml."""

    required_arguments = 1
    has_content = False

    def run(self) -> list[nodes.Node]:
        from .sphinx_extension import edition_language

        for path in (facilitator_dir() / "sessions.yaml", facilitator_dir() / "exercises.yaml",
                     data_dir() / "ui" / "facilitator.yaml"):
            # Rebuild the page when the plan, the exercises' minutes or the words change.
            self.env.note_dependency(str(path))
        language = edition_language(self.env.app.config)
        try:
            plan = load_plan(self.arguments[0], language)
        except (KeyError, DataError) as error:
            raise self.error(str(error).strip("'\""))
        self.plan = plan
        self.words = _Words(ui_text("facilitator", language))
        return [self._timetable(), self._before(), self._groups(), self._blocks(),
                self._fallback(), self._follow_up()]

    # --- building blocks ---

    def _section(self, key: str, title: str) -> nodes.section:
        section = nodes.section(ids=[f"{self.plan.id}-{key}"])
        section += nodes.title(title, title)
        self.state.document.set_id(section)
        return section

    def _markdown(self, into: nodes.Element, lines: list[str]) -> nodes.Element:
        """Parse MyST Markdown (the data's texts may use roles such as {ref} and {term})."""
        text = "\n".join(lines)
        self.state.nested_parse(StringList(text.splitlines(), source=self.env.docname),
                                self.content_offset, into)
        return into

    @staticmethod
    def _list(items, numbered: bool = False) -> list[str]:
        return [f"{number}. {item}" if numbered else f"- {item}"
                for number, item in enumerate(items, start=1)] + [""]

    def _labelled(self, label: str, text: str) -> list[str]:
        return [f"**{label}:** {text}", ""]

    # --- the sections of the page ---

    def _timetable(self) -> nodes.section:
        plan, w = self.plan, self.words
        section = self._section("timetable", w("heading_timetable"))
        several = len(plan.sessions) > 1
        length = (w("length_sessions", count=len(plan.sessions), minutes=w.minutes(plan.length))
                  if several else w.minutes(plan.length))
        lines = self._labelled(w("label_length"), length)
        if plan.between:
            lines += self._labelled(w("label_between"), plan.between)
        for number, session in enumerate(plan.sessions, start=1):
            if several:
                heading = w("session_heading", number=number, title=session.title)
                lines += [f"**{heading}** ({w.minutes(session.length)})", ""]
            lines += self._list(f"**{w.span(block)}** {block.title} "
                                f"({w.minutes(block.length)})" for block in session.blocks)
        return self._markdown(section, lines)

    def _before(self) -> nodes.section:
        plan, w = self.plan, self.words
        section = self._section("before", w("heading_before"))
        lines = self._labelled(w("label_reading"), plan.reading)
        lines += [f"**{w('label_preparation')}:**", ""] + self._list(plan.preparation)
        lines += [f"**{w('label_materials')}:**", ""] + self._list(plan.materials)
        return self._markdown(section, lines)

    def _groups(self) -> nodes.section:
        plan, w = self.plan, self.words
        section = self._section("groups", w("heading_groups"))
        lines = [f"**{w('label_groups')}:**", ""] + self._list(plan.groups)
        lines += [f"**{w('label_ground_rules')}:**", ""] + self._list(plan.ground_rules,
                                                                     numbered=True)
        return self._markdown(section, lines)

    def _blocks(self) -> nodes.section:
        plan, w = self.plan, self.words
        section = self._section("blocks", w("heading_blocks"))
        several = len(plan.sessions) > 1
        for number, session in enumerate(plan.sessions, start=1):
            parent = section
            if several:
                parent = self._section(f"session-{number}", w("session_heading", number=number,
                                                               title=session.title))
                section += parent
            for position, block in enumerate(session.blocks, start=1):
                key = f"session-{number}-block-{position}" if several else f"block-{position}"
                parent += self._block(key, block)
        return section

    def _block(self, key: str, block: Block) -> nodes.section:
        w = self.words
        section = self._section(key, f"{w.span(block)} {block.title}")
        lines = self._labelled(w("label_what"), block.what)
        if block.grouping:
            lines += self._labelled(w("label_grouping"), block.grouping)
        if block.exercise is not None:
            mode = w(f"mode_{block.mode}")
            lines += self._labelled(w(f"label_mode_{block.mode}"),
                                    f"{{ref}}`{block.exercise.page}`")   # the page's title
            parts = [w("breakdown_exercise", minutes=w.minutes(block.exercise_minutes),
                       mode=mode)]
            parts += [w("breakdown_extra", minutes=w.minutes(extra.minutes), name=extra.name)
                      for extra in block.extras]
            if block.debrief:
                parts.append(w("breakdown_debrief", minutes=w.minutes(block.debrief.minutes)))
            time = w("breakdown_total", parts=" + ".join(parts),
                     total=w.minutes(block.length))
        else:
            time = w.minutes(block.length)
        lines += self._labelled(w("label_time"), time)
        if block.talking_points:
            lines += [f"**{w('label_talking_points')}:**", ""] + self._list(block.talking_points)
        if block.debrief:
            label = w("label_debrief", minutes=w.minutes(block.debrief.minutes))
            lines += [f"**{label}:**", ""] + self._list(block.debrief.questions, numbered=True)
        if block.offline:
            lines += self._labelled(w("label_offline"), block.offline)
        return self._markdown(section, lines)

    def _fallback(self) -> nodes.section:
        section = self._section("fallback", self.words("heading_fallback"))
        return self._markdown(section, self._list(self.plan.fallback))

    def _follow_up(self) -> nodes.section:
        follow, w = self.plan.follow_up, self.words
        section = self._section("follow-up", w("heading_follow_up", first=follow.first_week,
                                                last=follow.last_week))
        lines = self._labelled(w("label_length"), w.minutes(follow.minutes))
        lines += [follow.text, ""] + self._list(follow.steps, numbered=True)
        return self._markdown(section, lines)


def setup(app: Sphinx) -> None:
    app.connect("config-inited", _register_exercise_minutes)
    app.add_directive("session-plan", SessionPlan)


__all__ = ["SessionPlan", "setup"]
