"""Sphinx extension: lets the book render the course's data files at build time.

- ``course-glossary``: the glossary page, from data/glossary/*.yaml (one source for the book and
  the exercises' feedback).
- ``course-chart NAME``: a chart from data/statistics as inline SVG with its text description
  and source (no JavaScript, nothing from another origin).
- ``exercise-launch NOTEBOOK``: the ways to run an exercise (as an app in Voilà on Binder, in
  JupyterLab, locally), every link derived from the repository address in _config.yml.

It also tells the exercise notebooks executed during the build to render their static worksheet
instead of live widgets (see ``councillor_exercises.widgets.launch``).
"""

from __future__ import annotations

import html
import os
from urllib.parse import quote

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.domains.std import make_glossary_term
from sphinx.util.docutils import SphinxDirective

from .datafiles import data_dir, yaml_files_in
from .glossary import load_glossary

# Read by the notebooks' kernels, which the build starts as child processes of this one.
STATIC_RENDER_VARIABLE = "COURSE_RENDER"


class CourseGlossary(SphinxDirective):
    """Writes a Sphinx glossary from the data files, so {term} links resolve to it."""

    has_content = False

    def run(self) -> list[nodes.Node]:
        folder = data_dir() / "glossary"
        for path in yaml_files_in(folder):
            # Rebuild this page when a glossary file changes.
            self.env.note_dependency(str(path))
        entries = load_glossary(folder)
        # Built as nodes (not parsed text) because pages are MyST Markdown, not reST.
        glossary = addnodes.glossary()
        glossary["sorted"] = True
        definitions = nodes.definition_list(classes=["glossary"])
        for entry in entries:
            term = make_glossary_term(self.env, [nodes.Text(entry.term)], None, "data/glossary",
                                      self.lineno, None, self.state.document)
            meaning = nodes.paragraph()
            meaning += nodes.emphasis(text=entry.danish)
            meaning += nodes.Text(". " + entry.definition)
            source = nodes.paragraph(classes=["glossary-source"])
            source += nodes.Text("Source: " + entry.source)
            definitions += nodes.definition_list_item("", term,
                                                      nodes.definition("", meaning, source))
        glossary += definitions
        return [glossary]


class CourseChart(SphinxDirective):
    """Places one of the registered book charts as an accessible inline SVG figure."""

    required_arguments = 1
    has_content = False

    def run(self) -> list[nodes.Node]:
        from .charts.statistics import BOOK_CHARTS

        name = self.arguments[0]
        if name not in BOOK_CHARTS:
            raise self.error(f"unknown chart '{name}'; known charts: {', '.join(BOOK_CHARTS)}")
        from .charts import figure_html

        figure = BOOK_CHARTS[name]()
        return [nodes.raw("", figure_html(figure, f"chart-{name}"), format="html")]


def launch_links(config, notebook_path: str) -> dict[str, str]:
    """The Binder addresses for one notebook, from the repository settings in _config.yml."""
    theme = config.html_theme_options or {}
    repository = theme.get("repository_url", "").rstrip("/")
    branch = theme.get("repository_branch", "main")
    binderhub = (theme.get("launch_buttons", {}) or {}).get("binderhub_url", "https://mybinder.org")
    if not repository.startswith("https://github.com/"):
        return {}
    owner_repo = repository.removeprefix("https://github.com/")
    base = f"{binderhub.rstrip('/')}/v2/gh/{owner_repo}/{branch}"
    return {
        "app": f"{base}?urlpath={quote('voila/render/' + notebook_path, safe='')}",
        "lab": f"{base}?urlpath={quote('lab/tree/' + notebook_path, safe='')}",
    }


class ExerciseLaunch(SphinxDirective):
    """The block at the top of an exercise page that says how to run it."""

    required_arguments = 1
    option_spec = {"app-name": directives.unchanged}
    has_content = False

    def run(self) -> list[nodes.Node]:
        notebook = self.arguments[0]
        links = launch_links(self.env.app.config, notebook)
        app_name = self.options.get("app-name", "this exercise")
        parts = ['<aside class="exercise-launch admonition tip" aria-label="How to run the exercise">',
                 '<p class="admonition-title">Run the exercise</p>',
                 f"<p>On this page you can read {html.escape(app_name)} as a worksheet. "
                 "To answer and get feedback, open it as an app: no code is shown, and your "
                 "answers stay in your browser until you download them.</p><ul>"]
        if links:
            parts.append(f'<li><a class="exercise-launch-app" href="{html.escape(links["app"])}">'
                         "Open as an app on Binder</a> (starts in a minute or two; an idle session "
                         "closes after about 10 minutes, so download your work as you go)</li>")
            parts.append(f'<li><a href="{html.escape(links["lab"])}">Open in JupyterLab on '
                         "Binder</a>, to see and change the code</li>")
        parts.append("<li>On your own computer: run <code>make app</code> in a copy of the "
                     "course's repository (see its README)</li></ul></aside>")
        return [nodes.raw("", "".join(parts), format="html")]


def setup(app: Sphinx) -> dict:
    os.environ[STATIC_RENDER_VARIABLE] = "static"
    app.add_directive("course-glossary", CourseGlossary)
    app.add_directive("course-chart", CourseChart)
    app.add_directive("exercise-launch", ExerciseLaunch)
    return {"version": "0.1", "parallel_read_safe": True, "parallel_write_safe": True}
