"""Sphinx extension: lets the book render the course's data files at build time.

- ``course-glossary``: the glossary page, from data/glossary/*.yaml (one source for the book and
  the exercises' feedback).
- ``course-chart NAME``: a chart from data/statistics as inline SVG with its text description
  and source (no JavaScript, nothing from another origin).
- ``exercise-launch NOTEBOOK``: the ways to run an exercise (as an app in Voilà on Binder, in
  JupyterLab, locally), every link derived from the repository address in _config.yml.
- ``course-worksheets``: links to the printable worksheets and answer key, which are written
  into each edition's worksheets/ folder when it is built (see ``sphinx_worksheets``).

It also tells the exercise notebooks executed during the build to render their static worksheet
instead of live widgets (see ``councillor_exercises.widgets.launch``), and makes one edition of
the two: the build's ``language`` (en or da) picks the words of everything it writes (from
data/ui/book.yaml and the data files), the theme's Danish interface strings (locale/), and the
link on every page to the same page in the other edition.
"""

from __future__ import annotations

import hashlib
import html
import json
import os
import re
import shutil
from pathlib import Path
from urllib.parse import quote

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.domains.std import make_glossary_term
from sphinx.util.docutils import SphinxDirective

from .datafiles import LANGUAGES, data_dir, yaml_files_in
from .glossary import load_glossary
from .ui_text import ui_text

# The two editions share one site: /en/ is built from the repository root (pages are
# book/...), /da/ from book/da (pages are chapters/..., exercises/...).
EDITION_PREFIX = {"en": "book/", "da": ""}


def edition_language(config) -> str:
    language = (config.language or "en").split("_")[0]
    return language if language in LANGUAGES else "en"


def book_text(config):
    """The book's own interface strings in this edition's language."""
    return ui_text("book", edition_language(config))


def counterpart(docname: str, language: str) -> tuple[str, str]:
    """The other edition's language and the name of this page in it."""
    other = "da" if language == "en" else "en"
    stem = docname.removeprefix(EDITION_PREFIX[language]) if EDITION_PREFIX[language] else docname
    if docname in {"search", "genindex"}:
        return other, docname
    return other, EDITION_PREFIX[other] + stem

from .rendering import STATIC_RENDER_VARIABLE  # set below for the notebooks the build runs


class CourseGlossary(SphinxDirective):
    """Writes a Sphinx glossary from the data files, so {term} links resolve to it."""

    has_content = False

    def run(self) -> list[nodes.Node]:
        folder = data_dir() / "glossary"
        for path in yaml_files_in(folder):
            # Rebuild this page when a glossary file changes.
            self.env.note_dependency(str(path))
        language = edition_language(self.env.app.config)
        other = "da" if language == "en" else "en"
        words = book_text(self.env.app.config)
        entries = load_glossary(folder, language=language)
        # Built as nodes (not parsed text) because pages are MyST Markdown, not reST.
        glossary = addnodes.glossary()
        glossary["sorted"] = True
        definitions = nodes.definition_list(classes=["glossary"])
        for entry in entries:
            term = make_glossary_term(self.env, [nodes.Text(entry.term)], None, "data/glossary",
                                      self.lineno, None, self.state.document)
            meaning = nodes.paragraph()
            meaning += nodes.Text(words("glossary_other_language") + ": ")
            # The other language's headword is marked as such, for screen readers.
            meaning += nodes.raw("", f'<em lang="{other}">{html.escape(entry.other_term)}</em>',
                                 format="html")
            if entry.also:
                meaning += nodes.Text(f" ({entry.also})")
            meaning += nodes.Text(". " + entry.definition)
            source = nodes.paragraph(classes=["glossary-source"])
            source += nodes.Text(f'{words("glossary_source")}: {entry.source}')
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
        figure = BOOK_CHARTS[name](language=edition_language(self.env.app.config))
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


# The in-browser apps that must not keep what is entered in them (the groups' files).
APPS_THAT_KEEP_NOTHING = {"debrief"}


class ExerciseLaunch(SphinxDirective):
    """The block at the top of an exercise page that says how to run it."""

    required_arguments = 1
    # :intro: names the interface string that says what the page offers (a worksheet for an
    # exercise; the facilitator's debrief has none).
    option_spec = {"app-name": directives.unchanged, "intro": directives.unchanged}
    has_content = False

    def run(self) -> list[nodes.Node]:
        notebook = self.arguments[0]
        links = launch_links(self.env.app.config, notebook)
        words = book_text(self.env.app.config)
        app_name = self.options.get("app-name") or self.error("exercise-launch needs :app-name:")
        e = html.escape
        # First the app in this page; then, in an aside, the other ways to run it.
        parts = [self.in_browser_html(notebook, words),
                 f'<aside class="exercise-launch admonition note" aria-label="{e(words("launch_aside_label"))}">',
                 f'<p class="admonition-title">{e(words("launch_title"))}</p>',
                 f"<p>{e(words(self.options.get('intro', 'launch_intro'), app_name=app_name))}</p><ul>"]
        if links:
            parts.append(f'<li><a class="exercise-launch-app" href="{e(links["app"])}">'
                         f'{e(words("launch_binder_app"))}</a> {e(words("launch_binder_app_note"))}</li>')
            parts.append(f'<li><a href="{e(links["lab"])}">{e(words("launch_binder_lab"))}</a>'
                         f'{e(words("launch_binder_lab_note"))}</li>')
        parts.append(f'<li>{words("launch_local_html")}</li></ul></aside>')
        return [nodes.raw("", "".join(parts), format="html")]

    def in_browser_html(self, notebook: str, words) -> str:
        """The "Start the exercise here" box: the app runs in the reader's browser, from the
        runtime that tools/build_browser.py put in the site's runtime/<key>/ folder. Only a
        small script loads with the page; the rest only when the reader presses Start."""
        config = self.env.app.config
        runtime = config.course_browser_runtime
        if not runtime:   # a build without the in-browser runtime (e.g. jupyter-book alone)
            return ""
        source = Path(__file__).resolve().parents[2] / notebook   # from the repository's root
        self.env.note_dependency(str(source))
        found = re.search(r"widgets import (\w+)_app", source.read_text(encoding="utf-8"))
        if not found:
            self.error(f"exercise-launch: no app found in {notebook}")
        # From this page to the site's root: up to the edition's root, then out of the
        # edition's folder (en/ or da/), where runtime/ sits, shared by both editions.
        to_runtime = "../" * (self.env.docname.count("/") + 1) + runtime
        e = html.escape
        texts = {key.removeprefix("browser_"): words(key) for key in (
            "browser_stage_load", "browser_stage_download", "browser_stage_unpack",
            "browser_stage_import", "browser_stage_build", "browser_ready",
            "browser_ready_not_kept", "browser_restored",
            "browser_restored_partly", "browser_failed", "browser_broke", "browser_unsupported",
            "browser_clear_question", "browser_cleared")}
        # JSON inside a script element: "<" escaped so no text can close the element.
        texts_json = json.dumps(texts, ensure_ascii=False).replace("<", "\\u003c")
        note = words("browser_note", size=config.course_browser_download_mb,
                     wait=words("browser_wait"))
        heading_id = f"course-browser-title-{found.group(1)}"
        keep = ' data-keep-work="no"' if found.group(1) in APPS_THAT_KEEP_NOTHING else ""
        return (
            f'<section class="course-browser-exercise" aria-labelledby="{heading_id}" '
            f'data-exercise="{e(found.group(1))}" '
            f'data-language="{e(edition_language(config))}" data-runtime="{e(to_runtime)}"'
            # The debrief keeps nothing (its privacy note says so): the groups' files are
            # forgotten when the page closes. The exercises keep the learner's answers.
            f'{keep}>'
            f'<script type="application/json" class="course-browser-words">{texts_json}</script>'
            f'<h2 class="course-browser-title" id="{heading_id}">{e(words("browser_title"))}</h2>'
            f'<p class="course-browser-note">{e(note)}</p>'
            f'<button type="button" class="course-browser-start btn btn-primary">'
            f'{e(words("browser_start"))}</button>'
            f'<progress class="course-browser-progress" hidden '
            f'aria-label="{e(words("browser_start"))}"></progress>'
            f'<p class="course-browser-status" role="status" aria-live="polite"></p>'
            f'<button type="button" class="course-browser-clear btn btn-secondary" hidden>'
            f'{e(words("browser_clear"))}</button>'
            f'<div class="course-browser-app"></div></section>'
            f'<script type="module" src="{e(to_runtime)}start.js"></script>'
        )


# The exercise pages' worksheets are computed from data/ and the engine. Sphinx and
# jupyter-cache only see the pages' own text change, so a new case file would otherwise leave a
# stale worksheet in an incremental build. These hooks re-run the exercise pages whenever the
# data or the engine change.
EXERCISE_PAGES_PREFIXES = ("book/exercises/", "exercises/")


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
    return [name for name in env.found_docs if name.startswith(EXERCISE_PAGES_PREFIXES)]


LOCALE_DIR = Path(__file__).resolve().parents[2] / "locale"


def _compiled_catalogs(app: Sphinx) -> Path:
    """The course's .po files (locale/<lang>/LC_MESSAGES) compiled to .mo beside the build."""
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    target = Path(app.doctreedir).parent / "course-locale"
    for po in LOCALE_DIR.glob("*/LC_MESSAGES/*.po"):
        mo = target / po.relative_to(LOCALE_DIR).with_suffix(".mo")
        mo.parent.mkdir(parents=True, exist_ok=True)
        with po.open("rb") as source, mo.open("wb") as out:
            write_mo(out, read_po(source, locale=po.parts[-3]))
    return target


def _use_course_catalogs(app: Sphinx) -> None:
    """Interface strings the themes lack in this language (pydata-sphinx-theme has no Danish)
    come from the course's catalogs as a fallback; where sphinx-book-theme's own Danish is
    machine-made, the course's catalog comes first."""
    from sphinx import locale

    language = edition_language(app.config)
    if language == "en" or not (LOCALE_DIR / language).is_dir():
        return
    folder = _compiled_catalogs(app)
    app.add_message_catalog("sphinx", str(folder))     # a fallback after Sphinx's own
    import gettext

    ours = gettext.translation("booktheme", localedir=str(folder), languages=[language],
                               fallback=True)
    theirs = locale.translators.get(("general", "booktheme"))
    if theirs is not None and theirs is not ours:
        ours.add_fallback(theirs)
    locale.translators[("general", "booktheme")] = ours


def _page_context(app: Sphinx, pagename: str, templatename: str, context: dict,
                  doctree) -> None:
    """What the templates need: this edition's words, and the same page in the other one."""
    language = edition_language(app.config)
    other, other_page = counterpart(pagename, language)
    to_site_root = "../" * (pagename.count("/") + 1)
    words = book_text(app.config)
    context["course_words"] = {key: words(key) for key in words.keys()}
    context["course_counterpart"] = {
        "language": other,
        "url": f"{to_site_root}{other}/{other_page}.html",
        "text": words("switch_to_other"),
        "label": words("switch_to_other_label"),
    }


def setup(app: Sphinx) -> dict:
    os.environ[STATIC_RENDER_VARIABLE] = "static"
    app.connect("builder-inited", _use_course_catalogs)
    app.connect("html-page-context", _page_context)
    # After MyST-NB's own builder-inited hook (priority 500), which sets the cache's path.
    app.connect("builder-inited", _refresh_execution_cache, priority=900)
    app.connect("env-get-outdated", _exercise_pages_to_reread)
    app.add_directive("course-glossary", CourseGlossary)
    app.add_directive("course-chart", CourseChart)
    app.add_directive("exercise-launch", ExerciseLaunch)
    # Where tools/build_browser.py put the in-browser runtime ("runtime/<key>/", from the site's
    # root) and how many MB a first start downloads; set by tools/build_book.py.
    app.add_config_value("course_browser_runtime", "", "env")
    app.add_config_value("course_browser_download_mb", "", "env")
    from .sphinx_sessions import setup as setup_session_plans  # session plans, exercise minutes
    setup_session_plans(app)
    from .sphinx_worksheets import setup as setup_worksheets  # printable worksheets, answer key
    setup_worksheets(app)
    return {"version": "0.1", "parallel_read_safe": True, "parallel_write_safe": True}
