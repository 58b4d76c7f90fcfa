"""How an exercise page renders: as live widgets (an app) or as a static worksheet (the book).

Kept apart from the Sphinx extension so that an app never imports Sphinx or docutils: the
extension sets the variable for the notebooks the book build executes."""

from __future__ import annotations

import os

# Read by the notebooks' kernels, which the book build starts as child processes.
STATIC_RENDER_VARIABLE = "COURSE_RENDER"


def rendering_static() -> bool:
    """True while the book build executes an exercise page (it shows the worksheet)."""
    return os.environ.get(STATIC_RENDER_VARIABLE) == "static"
