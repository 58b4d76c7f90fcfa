"""A malformed data file never crashes an exercise app: the app shows which file, entry and
field are wrong instead of a traceback."""

from __future__ import annotations

import pytest

from councillor_exercises.widgets import (committee_app, common, diagnosis_app, sorting_app,
                                          week_app)

BROKEN = {
    # app module, the data file to break (relative to data/)
    "committee": (committee_app, "committee/criteria.yaml"),
    "week": (week_app, "week/activities.yaml"),
    "sorting": (sorting_app, "examples/_settings.yaml"),
    "diagnosis": (diagnosis_app, "concepts.yaml"),
}


@pytest.mark.parametrize("name", sorted(BROKEN))
def test_a_broken_data_file_gives_a_message_not_a_crash(name, fixture_data):
    module, relative = BROKEN[name]
    path = fixture_data / relative
    path.write_text(path.read_text(encoding="utf-8") + "\nbroken: [\n", encoding="utf-8")
    from councillor_exercises import concepts

    concepts._load.cache_clear()   # the concepts loader caches by path
    widget = common.build_or_explain(module.build_app)
    text = getattr(widget, "value", "")
    if not text:
        # An app may handle it itself (the diagnosis app lists refused files): then it must
        # still name the broken file somewhere in what it shows.
        def texts(w):
            own = [w.value] if isinstance(getattr(w, "value", None), str) else []
            return own + [t for c in getattr(w, "children", ()) for t in texts(c)]
        text = " ".join(texts(widget))
    assert relative.split("/")[-1] in text and "syntax" in text
    assert "<script" not in text


def test_the_message_is_escaped():
    from councillor_exercises.datafiles import DataError

    html = common.data_error_html(DataError("<b>x.yaml</b>", "e", "f", "<script>bad()</script>"))
    assert "<script>" not in html and "&lt;script&gt;" in html and "x.yaml" in html
