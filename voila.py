"""Voila settings for the course's exercise apps.

Voila reads this file from the folder it is started in: `voila apps` in the tests and in
`make app` (both run from the repository root) and, on Binder, the Voila server extension
(Binder starts Jupyter in the repository's root). It selects the course's own Voila template,
share/jupyter/voila/templates/course/ (Voila's "lab" template with no CDN style sheets, a page
title, a main landmark and a readable spinner), and stops Voila from loading the JupyterLab
extension of jupytext, which apps do not use and which fails in Voila with console errors.

Environment variables it reads: COURSE_KERNEL_CULL_SECONDS (when a kernel left without its page
is freed), for a server that hosts a room, COURSE_PREHEAT_KERNELS and COURSE_PREHEAT_APPS
(kernels kept ready with the app already run; off by default), and COURSE_VOILA_FRONT_END=voila
(Voila's own front end instead of the course's, to compare). Each is explained below.
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

# Preheated kernels, for a server that hosts a room (a machine serving a workshop, or Voila run
# on its own for a JupyterHub's users). COURSE_PREHEAT_KERNELS=<n> keeps n kernels waiting for
# each app, each with the app already run, so that a learner's page arrives ready instead of
# waiting for a kernel to start and run the app (about 5 s on a quiet machine, more on a busy
# one). Each page gets a kernel of its own that no one has used; the pool starts a fresh one in
# its place a second later, so n learners at once get a ready app, and the next ones wait no
# longer than without preheating. COURSE_PREHEAT_APPS=<app>,<app> (paths under apps/, such as
# design-a-committee.ipynb,da/design-a-committee.ipynb) keeps pools for those apps only.
# Off by default: each waiting kernel holds memory whether anyone comes or not (about 60 MB,
# 600 MB for one of each of the ten apps; 120-240 MB once a learner uses it), which on Binder
# comes out of the session's own memory; and there, as on any Jupyter server that runs Voila as
# its extension ("Open as an app", /voila/render/ under JupyterLab), Voila has no pools.
# A pool runs the app when it starts a kernel, so a changed data file (a facilitator's new case)
# reaches the kernels started after the change: restart Voila to give it to everyone at once.
_preheat_kernels = int(os.environ.get("COURSE_PREHEAT_KERNELS", "0") or "0")
if _preheat_kernels > 0:
    _apps = Path(__file__).resolve().parent / "apps"
    _all_apps = sorted(path.relative_to(_apps).as_posix() for path in _apps.rglob("*.ipynb")
                       if ".ipynb_checkpoints" not in path.parts)
    _chosen = [name.strip() for name in os.environ.get("COURSE_PREHEAT_APPS", "").split(",")
               if name.strip()] or _all_apps
    _unknown = sorted(set(_chosen) - set(_all_apps))
    if _unknown:
        raise ValueError(f"COURSE_PREHEAT_APPS names {', '.join(_unknown)}, which apps/ does "
                         f"not hold; it holds {', '.join(_all_apps)}")
    c.VoilaConfiguration.preheat_kernel = True
    # The pools are named by each app's path under the folder Voila serves (`voila apps`).
    c.VoilaKernelManager.kernel_pools_config = {
        "default": {"pool_size": 0},
        **{name: {"pool_size": _preheat_kernels} for name in _chosen}}
    # Voila leaves a kernel alone while it waits in a pool; this manager also gives a kernel
    # the pool has just given out a fresh idle time, so the culler above cannot take it before
    # its page has connected (src/councillor_exercises/kernel_pool.py).
    c.VoilaConfiguration.multi_kernel_manager_class = (
        "councillor_exercises.kernel_pool.PoolAwareKernelManager")

# The course's own front end for the apps (browser/src/voila-app.js, built by
# `python tools/build_browser.py --voila`, which make app, the tests and Binder's postBuild run):
# the widget manager and the kernel's connection without the rest of JupyterLab. A learner's
# first app then loads 1.8 MB instead of 4.9 MB and shows its first control in about half the
# time (`tools/bench.py --first-control-only`). Where it has not been built, or with
# COURSE_VOILA_FRONT_END=voila (to compare), the template keeps Voila's own front end.
_static = Path(__file__).resolve().parent / "share" / "jupyter" / "voila" / "templates" / "course" / "static"
_front_end = {"js": _static / "course-voila.js", "css": _static / "course-voila.css"}
if os.environ.get("COURSE_VOILA_FRONT_END", "course") != "voila" and all(
        path.is_file() for path in _front_end.values()):
    import hashlib

    # A version in each address: the browser may keep the files, and a new build is fetched.
    c.VoilaConfiguration.resources = {"course_front_end": {
        kind: f"static/{path.name}?v={hashlib.sha256(path.read_bytes()).hexdigest()[:16]}"
        for kind, path in _front_end.items()}}
