"""Voila settings for the course's exercise apps.

Voila reads this file from the folder it is started in: `voila apps` in the tests and in
`make app` (both run from the repository root) and, on Binder, the Voila server extension
(Binder starts Jupyter in the repository's root). It selects the course's own Voila template,
share/jupyter/voila/templates/course/ (Voila's "lab" template with no CDN style sheets, a page
title, a main landmark and a readable spinner), and stops Voila from loading the JupyterLab
extension of jupytext, which apps do not use and which fails in Voila with console errors.
"""

import os
from pathlib import Path

c = get_config()  # noqa: F821 (provided by the configuration loader)

# Voila finds templates in the Jupyter data folders; add the repository's own, first.
_share = str(Path(__file__).resolve().parent / "share" / "jupyter")
_paths = [p for p in os.environ.get("JUPYTER_PATH", "").split(os.pathsep) if p]
if _share not in _paths:
    os.environ["JUPYTER_PATH"] = os.pathsep.join([_share, *_paths])

c.VoilaConfiguration.template = "course"
c.VoilaConfiguration.extension_denylist = ["jupyterlab-jupytext"]
