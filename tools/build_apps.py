"""Write the exercise apps that Voila serves, from the exercise pages of both editions:
apps/<name>.ipynb from book/exercises/<name>.md (English) and apps/da/<name>.ipynb from
book/da/exercises/<name>.md (Danish).

The book's exercise pages (MyST notebooks) are the source. Voila needs
.ipynb files and shows every markdown cell, so an app keeps only what a learner needs there:
the page's title, its ``app_intro`` (front matter) and its code cells. A test checks that the
committed apps are what this script writes, so the two cannot drift apart.

Usage: python tools/build_apps.py [--check]
"""

from __future__ import annotations

import sys
from pathlib import Path

import jupytext
import nbformat

from councillor_exercises.ui_text import ui_text

ROOT = Path(__file__).resolve().parents[1]
APPS = ROOT / "apps"
# language: (the exercise pages, the folder of their apps)
EDITIONS = {
    "en": (ROOT / "book" / "exercises", APPS),
    "da": (ROOT / "book" / "da" / "exercises", APPS / "da"),
}


def app_notebook(page: Path, language: str) -> nbformat.NotebookNode | None:
    """The app for one exercise page, or None if the page has no code (an overview page)."""
    source = jupytext.read(page)
    code_cells = [cell for cell in source.cells if cell.cell_type == "code"]
    if not code_cells:
        return None
    title = next((line for cell in source.cells if cell.cell_type == "markdown"
                  for line in cell.source.splitlines() if line.startswith("# ")), "# Exercise")
    intro = str(source.metadata.get("app_intro", "")).strip()
    cells = [nbformat.v4.new_markdown_cell(title + ("\n\n" + intro if intro else ""))]
    cells += [nbformat.v4.new_code_cell(cell.source) for cell in code_cells]
    notebook = nbformat.v4.new_notebook(cells=cells)
    notebook.metadata = {
        "kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"},
        "language_info": {"name": "python"},
        # Read by the course's Voila template: the page's language and its loading line.
        "title": f'{title[2:].strip()} - {ui_text("common", language)("app_title_suffix")}',
        "course": {"language": language,
                   "loading": ui_text("common", language)("app_loading")},
    }
    # Stable cell ids keep the files byte-identical from one run to the next.
    for number, cell in enumerate(notebook.cells):
        cell.id = f"{page.stem}-{number}"
    return notebook


def expected_apps() -> dict[Path, str]:
    result = {}
    for language, (pages, apps) in EDITIONS.items():
        for page in sorted(pages.glob("*.md")):
            notebook = app_notebook(page, language)
            if notebook is not None:
                result[apps / f"{page.stem}.ipynb"] = nbformat.writes(notebook) + "\n"
    return result


def main(check: bool) -> int:
    expected = expected_apps()
    stale = [path for path, text in expected.items()
             if not path.is_file() or path.read_text(encoding="utf-8") != text]
    extra = [path for _, apps in EDITIONS.values() for path in apps.glob("*.ipynb")
             if path not in expected]
    if check:
        for path in stale + extra:
            print(f"out of step with the exercise pages: {path.relative_to(ROOT)}")
        return 1 if stale or extra else 0
    for path in stale:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(expected[path], encoding="utf-8")
        print(f"wrote {path.relative_to(ROOT)}")
    for path in extra:
        path.unlink()
        print(f"removed {path.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main("--check" in sys.argv[1:]))
