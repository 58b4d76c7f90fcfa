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

import hashlib
import html
import os
import shutil
from pathlib import Path
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

        # Rebuild the page when the chart's data or drawing code change.
        package = Path(__file__).resolve().parent
        for path in [*sorted((data_dir() / "statistics").glob("*.csv")),
                     *sorted((package / "charts").glob("*.py")), package / "statistics.py"]:
            self.env.note_dependency(str(path))
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


# The exercise pages' worksheets are computed from data/ and the engine. Sphinx and
# jupyter-cache only see the pages' own text change, so a new case file would otherwise leave a
# stale worksheet in an incremental build. These hooks re-run the exercise pages whenever the
# data or the engine change.
EXERCISE_PAGES_PREFIX = "book/exercises/"


def course_sources_digest() -> str:
    """A fingerprint of everything the exercise pages' output depends on besides their text."""
    package = Path(__file__).resolve().parent
    files = sorted([*data_dir().rglob("*.yaml"), *data_dir().rglob("*.csv"), *package.rglob("*.py")])
    digest = hashlib.sha256()
    for path in files:
        digest.update(str(path.name).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def _refresh_execution_cache(app: Sphinx) -> None:
    stamp = Path(app.outdir).parent / ".course-sources.sha256"
    digest = course_sources_digest()
    app.course_sources_changed = not stamp.is_file() or stamp.read_text() != digest
    cache = Path(app.env.mystnb_config.execution_cache_path)
    if app.course_sources_changed and cache.is_dir():
        shutil.rmtree(cache)
    stamp.parent.mkdir(parents=True, exist_ok=True)
    stamp.write_text(digest)


def _exercise_pages_to_reread(app, env, added, changed, removed) -> list[str]:
    if not getattr(app, "course_sources_changed", False):
        return []
    return [name for name in env.found_docs if name.startswith(EXERCISE_PAGES_PREFIX)]


def setup(app: Sphinx) -> dict:
    os.environ[STATIC_RENDER_VARIABLE] = "static"
    # After MyST-NB's own builder-inited hook (priority 500), which sets the cache's path.
    app.connect("builder-inited", _refresh_execution_cache, priority=900)
    app.connect("env-get-outdated", _exercise_pages_to_reread)
    app.add_directive("course-glossary", CourseGlossary)
    app.add_directive("course-chart", CourseChart)
    app.add_directive("exercise-launch", ExerciseLaunch)
    return {"version": "0.1", "parallel_read_safe": True, "parallel_write_safe": True}
