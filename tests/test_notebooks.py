"""Every exercise app runs as a live notebook (as in Voila or JupyterLab): its cells execute
without error and display the app's widgets, not the static worksheet the book shows."""

from __future__ import annotations

import os

import nbformat
import pytest
from nbclient import NotebookClient

from conftest import ROOT

APPS = sorted((ROOT / "apps").glob("*.ipynb")) + sorted((ROOT / "apps" / "da").glob("*.ipynb"))
# The four exercises, and the facilitator's debrief of them.
EXERCISES = {"diagnose-a-case", "design-a-committee", "service-or-policy", "your-week", "debrief"}
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"


@pytest.mark.parametrize("folder", ["apps", "apps/da"])
def test_there_is_an_app_for_every_exercise_in_each_language(folder):
    assert {p.stem for p in (ROOT / folder).glob("*.ipynb")} == EXERCISES


@pytest.mark.parametrize("app", APPS, ids=lambda p: f"{p.parent.name}-{p.stem}")
def test_the_app_notebook_executes_and_shows_widgets(app, monkeypatch):
    monkeypatch.setenv("COURSE_RENDER", "live")   # the kernel inherits it
    notebook = nbformat.read(app, as_version=4)
    NotebookClient(notebook, timeout=120, kernel_name="python3",
                   resources={"metadata": {"path": str(app.parent)}}).execute()
    outputs = [output for cell in notebook.cells if cell.cell_type == "code"
               for output in cell.get("outputs", [])]
    assert not [o for o in outputs if o.get("output_type") == "error"]
    assert any(WIDGET_VIEW in o.get("data", {}) for o in outputs), \
        f"{app.name} displayed no widget"
