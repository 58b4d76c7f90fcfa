"""Sphinx: the printable worksheets and the answer key in the built site, and the links to them.

- After an edition's HTML is built (``build-finished``), every worksheet file of that edition
  is written into ``<outdir>/worksheets/``: self-contained HTML pages to print from a browser
  and a PDF bundle for each session plan (its worksheets, and separately its answer key), in
  the edition's language (``printing.site_files``). Being part of the Sphinx build, they are
  made however an edition is built (``make book``, ``tools/build_book.py --only da``, a plain
  ``jupyter-book build``), and a data file that does not load fails the build.
- ``course-worksheets``: the list of those files with their links, for the facilitator guide.
  It takes the names from the same function that writes the files, so a link cannot point at a
  file that was not written.

Registered from ``sphinx_extension.setup``.
"""

from __future__ import annotations

from pathlib import Path

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective

from .datafiles import data_dir, yaml_files_in
from .printing import FOLDER, SiteFile, site_files, write_site_files
from .worksheets import words

logger = logging.getLogger(__name__)
DIRECTIVE = "course-worksheets"


def _language(app: Sphinx) -> str:
    from .sphinx_extension import edition_language

    return edition_language(app.config)


def _write_worksheets(app: Sphinx, exception: Exception | None) -> None:
    if exception is not None or app.builder.format != "html":
        return
    folder = Path(app.outdir) / FOLDER
    written = write_site_files(folder, _language(app))
    logger.info(f"course worksheets: {len(written)} files in {folder}")


def _link(href: str, text: str) -> nodes.reference:
    return nodes.reference("", text, refuri=href, internal=True)


def _item(*children: nodes.Node) -> nodes.list_item:
    paragraph = nodes.paragraph()
    paragraph.extend(children)
    return nodes.list_item("", paragraph)


class CourseWorksheets(SphinxDirective):
    """The worksheets, the answer key and the session PDFs of this edition, as links."""

    has_content = False

    def run(self) -> list[nodes.Node]:
        for path in [data_dir() / "ui" / "worksheets.yaml",
                     data_dir() / "facilitator" / "sessions.yaml",
                     *yaml_files_in(data_dir() / "cases")]:
            self.env.note_dependency(str(path))
        language = _language(self.env.app)
        w = words(language)
        to_root = "../" * self.env.docname.count("/")
        href = lambda f: f"{to_root}{FOLDER}/{f.name}"  # noqa: E731
        files = site_files(language)
        by_group: dict[str, list[SiteFile]] = {}
        for site_file in files:
            by_group.setdefault(site_file.group, []).append(site_file)

        pages = nodes.bullet_list()
        first = _item(*self._joined([_link(href(f), f.label) for f in by_group["all"]]))
        pages += first
        cases = nodes.bullet_list()
        for case in by_group.get("case", []):
            cases += _item(_link(href(case), case.label))
        for exercise in by_group["exercise"]:
            item = _item(_link(href(exercise), exercise.label))
            if exercise.name == "diagnose-a-case.html" and len(cases):
                item[0] += nodes.Text(f" ({w('links_cases')}):")
                item += cases
            pages += item

        pdfs = nodes.bullet_list()
        sessions = by_group["session"]
        for worksheets, answers in zip(sessions[0::2], sessions[1::2]):
            pdfs += _item(nodes.Text(f"{worksheets.label} – "),
                          *self._joined([_link(href(worksheets), w("links_pdf_worksheets")),
                                         _link(href(answers), w("links_pdf_answer_key"))]))

        intro = nodes.paragraph(text=w("links_intro"))
        outer = nodes.bullet_list()
        outer += nodes.list_item("", nodes.paragraph(text=w("links_pages") + ":"), pages)
        outer += nodes.list_item("", nodes.paragraph(text=w("links_sessions") + ":"), pdfs)
        return [nodes.container("", intro, outer, classes=["course-worksheets"])]

    @staticmethod
    def _joined(links: list[nodes.Node]) -> list[nodes.Node]:
        out: list[nodes.Node] = []
        for number, link in enumerate(links):
            if number:
                out.append(nodes.Text(" · "))
            out.append(link)
        return out


def _pages_with_the_links(app: Sphinx, env, added, changed, removed) -> list[str]:
    """When the data changed (a case added, say), the page listing the files is read again."""
    if not getattr(app, "course_sources_changed", False):
        return []
    pages = []
    for docname in env.found_docs:
        try:
            source = Path(env.doc2path(docname)).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            continue
        if "{" + DIRECTIVE + "}" in source:
            pages.append(docname)
    return pages


def setup(app: Sphinx) -> None:
    app.add_directive(DIRECTIVE, CourseWorksheets)
    app.connect("env-get-outdated", _pages_with_the_links)
    app.connect("build-finished", _write_worksheets)
