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

# Free the kernels learners leave behind. Each open app holds a kernel of 120-240 MB; the
# course's template asks Voila to shut a kernel down when its page closes (course-app.js), and
# any kernel left without a page (a phone that went to sleep, a tab killed by the browser) is
# shut down once it has been idle this long. A kernel with its page still open is never culled:
# a group may read a case for a quarter of an hour without a click.
_cull_seconds = int(os.environ.get("COURSE_KERNEL_CULL_SECONDS", "900"))
c.MappingKernelManager.cull_idle_timeout = _cull_seconds
c.MappingKernelManager.cull_interval = max(1, min(60, _cull_seconds // 3))
c.MappingKernelManager.cull_connected = False

# How long Voila waits for a cell's last output once the cell has finished (nbclient's
# iopub_timeout, 4 s by default). On a busy machine (a room of learners on one server, or
# two shared cores) an app's widget could arrive later than that: Voila then dropped it and
# the learner saw only the heading. This only limits the wait after a cell ends, so a normal
# start is no slower.
c.VoilaExecutor.iopub_timeout = 60
