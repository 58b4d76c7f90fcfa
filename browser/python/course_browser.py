"""The Python half of the exercises that run in the reader's browser.

The exercise apps are the same ipywidgets apps that Voila serves. In Voila the widgets talk to
the page through a kernel; here Python runs in a Web Worker beside the page, and this module
carries the same Jupyter widget messages (comm_open, comm_msg, comm_close) to and from the page
through the worker. The page's widget manager draws them.

The learner's work is kept by the page as the list of messages the widgets sent (what was
typed, chosen and clicked), numbered by the order in which the app created its widgets. An app
built again with the same random seed creates the same widgets in the same order, so replaying
that list restores the work after a reload, a locked phone or a closed tab.
"""

from __future__ import annotations

import base64
import importlib
import itertools
import json
import logging
import random
from typing import Any, Callable

import comm
from comm.base_comm import BaseComm, CommManager

# The exercises by the name the page uses, and the module whose build_app(language=...) makes it.
APPS = {
    "sorting": "councillor_exercises.widgets.sorting_app",
    "diagnosis": "councillor_exercises.widgets.diagnosis_app",
    "committee": "councillor_exercises.widgets.committee_app",
    "week": "councillor_exercises.widgets.week_app",
    "debrief": "councillor_exercises.widgets.debrief_app",
}

_post: Callable[[str, Any], None] | None = None   # the worker's function to message the page
_manager = CommManager()
_ordinals = itertools.count()
_by_ordinal: dict[int, BaseComm] = {}
_current_app: Any = None


def _send(payload: dict, buffers: list | None = None) -> None:
    if _post is None:
        raise RuntimeError("course_browser.connect() was not called")
    js_buffers = None
    if buffers:
        from pyodide.ffi import to_js

        js_buffers = to_js([memoryview(b).tobytes() for b in buffers])
    _post(json.dumps(payload, default=str, separators=(",", ":")), js_buffers)


class PageComm(BaseComm):
    """A comm whose messages go to the page's widget manager."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        # Numbered before BaseComm opens it (opening sends the first message).
        self.ordinal = next(_ordinals)
        super().__init__(*args, **kwargs)
        _by_ordinal[self.ordinal] = self

    def publish_msg(self, msg_type: str, data: dict | None = None, metadata: dict | None = None,
                    buffers: list | None = None, **keys: Any) -> None:
        _send({"type": msg_type, "comm_id": self.comm_id, "target_name": self.target_name,
               "ordinal": self.ordinal, "data": data or {}, "metadata": metadata or {}},
              buffers)


def _create_comm(*args: Any, **kwargs: Any) -> BaseComm:
    return PageComm(*args, **kwargs)


class ConsoleLog(logging.Handler):
    """Python's log in the browser's console. A record with a traceback, or an error, is
    written as a console error: ipywidgets logs a click callback that failed only as a warning
    with its traceback (there is no IPython shell here to show it), and written to stderr it
    would be one more console warning, which neither the course's tests nor a reader's
    developer tools count as an error."""

    def emit(self, record: logging.LogRecord) -> None:
        try:
            text = self.format(record)
            from js import console   # the worker's own console

            if record.exc_info or record.levelno >= logging.ERROR:
                console.error(text)
            else:
                console.warn(text)
        except Exception:   # noqa: BLE001  logging must never break the app
            self.handleError(record)


def share_schema_scans() -> None:
    """Altair checks each chart class against the Vega-Lite schema as it is imported, through a
    new jsonschema resolver each time; jsonschema 4.17 (the last without compiled parts) then
    scans the whole schema again for each of some 500 classes: most of a start's time here. The
    scan's result depends only on the schema, so it is shared between resolvers."""
    from jsonschema import validators

    scan = validators.RefResolver._get_subschemas_cache
    scans: dict[int, tuple[Any, Any]] = {}

    def shared_scan(resolver):
        key = id(resolver.referrer)
        if key not in scans:   # the schema is kept with its result, so its id stays its own
            scans[key] = (resolver.referrer, scan(resolver))
        return scans[key][1]

    validators.RefResolver._get_subschemas_cache = shared_scan


def connect(post: Callable[[str, Any], None]) -> None:
    """Route every widget's messages to the page through ``post(json_text, buffers)``."""
    global _post
    _post = post
    share_schema_scans()
    comm.create_comm = _create_comm
    comm.get_comm_manager = lambda: _manager
    # A widget callback that fails is logged by ipywidgets; here the log is the browser's
    # console, where the course's tests look for errors.
    handler = ConsoleLog()
    handler.setFormatter(logging.Formatter("%(name)s: %(message)s"))
    logging.basicConfig(level=logging.WARNING, handlers=[handler], force=True)


def receive(message_json: str, buffers: Any = None) -> None:
    """A message from the page's widget manager: an update, or a click, to one widget."""
    message = json.loads(message_json)
    target = _manager.get_comm(message["comm_id"])
    if target is None:   # a widget closed meanwhile (the app moved on): nothing to update
        return
    py_buffers = [memoryview(bytes(b)) for b in (buffers.to_py() if buffers else [])]
    target.handle_msg({"content": {"comm_id": message["comm_id"], "data": message["data"]},
                       "buffers": py_buffers, "metadata": {}, "header": {"msg_type": "comm_msg"}})


def display(item: Any) -> None:
    """What display() does here: a widget is drawn by the page; style sheets go with it."""
    bundle = getattr(item, "_repr_mimebundle_", None)
    if bundle is not None:
        data = bundle() or {}
        view = data.get("application/vnd.jupyter.widget-view+json")
        if view:
            _send({"type": "display", "model_id": view["model_id"]})
            return
    mime = getattr(item, "mime", "")
    if mime == "text/html":
        _send({"type": "html", "html": item.data})


def start(exercise: str, language: str, seed: int, events_json: str = "[]") -> str:
    """Build the exercise's app in ``language``, replay the learner's saved messages, and
    return the model id of the app's root widget for the page to draw."""
    global _current_app
    from councillor_exercises.charts import draw_charts_in_browser
    from councillor_exercises.widgets.common import FEEDBACK_CSS, build_or_explain

    draw_charts_in_browser()
    if _current_app is not None:   # "Clear my work": the old app's widgets go first
        import ipywidgets

        ipywidgets.Widget.close_all()
        _by_ordinal.clear()
    random.seed(seed)   # the same seed and the same messages give the same app again
    module = importlib.import_module(APPS[exercise])
    _send({"type": "html", "html": FEEDBACK_CSS})
    first = next(_ordinals)
    app = build_or_explain(lambda: module.build_app(language=language), language)
    _current_app = app
    skipped = replay(json.loads(events_json), first + 1)
    _send({"type": "display", "model_id": app.model_id, "first_ordinal": first + 1,
           "skipped": skipped})
    return app.model_id


def replay(events: list, first_ordinal: int) -> int:
    """Send the saved messages again, in order, to the widgets that now hold those places.
    Returns how many could not be placed (a message for a widget that no longer exists)."""
    skipped = 0
    for ordinal, data, *rest in events:
        target = _by_ordinal.get(first_ordinal + ordinal)
        if target is None or target._closed:
            skipped += 1
            continue
        buffers = [memoryview(base64.b64decode(b)) for b in (rest[0] if rest else [])]
        try:
            target.handle_msg({"content": {"comm_id": target.comm_id, "data": data},
                               "buffers": buffers, "metadata": {},
                               "header": {"msg_type": "comm_msg"}})
        except Exception:   # noqa: BLE001  one message that no longer fits must not stop the rest
            logging.getLogger("course").exception("a saved answer could not be restored")
            skipped += 1
    return skipped
