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


def test_read_more_links_each_chapter_to_its_page_in_the_published_book():
    from councillor_exercises.widgets.common import reference_html

    shown = reference_html("Chapter 4, From service to policy innovation; the lecture, slide 9")
    assert ('<a href="https://municipal-learning.github.io/service-to-policy-innovation/'
            'en/book/chapters/04-policy-innovation.html"') in shown
    assert shown.endswith("</a>; the lecture, slide 9")
    assert reference_html("the lecture, slide 9") == "the lecture, slide 9"


def test_every_chapter_page_named_for_the_links_exists_and_holds_its_label():
    from conftest import ROOT
    from councillor_exercises.concepts import load_concepts
    from councillor_exercises.reading_links import chapter_links

    links = chapter_links()
    assert set(links) == set(load_concepts().chapters.values())
    import yaml

    pages = yaml.safe_load((ROOT / "data" / "site.yaml").read_text(encoding="utf-8"))
    for label, page in pages["chapter_pages"].items():
        text = (ROOT / f"{page}.md").read_text(encoding="utf-8")
        assert f"({label})=" in text, (label, page)


def test_a_fork_on_another_host_sets_its_own_book_address(fixture_data):
    from councillor_exercises import reading_links

    site = fixture_data / "site.yaml"
    site.write_text(site.read_text(encoding="utf-8").replace(
        'book_url: ""', 'book_url: "https://kursus.example.dk/bog"'), encoding="utf-8")
    try:
        assert reading_links.book_url() == "https://kursus.example.dk/bog/"
        assert all(url.startswith("https://kursus.example.dk/bog/en/book/chapters/")
                   for url in reading_links.chapter_links().values())
        assert all(url.startswith("https://kursus.example.dk/bog/da/chapters/")
                   for url in reading_links.chapter_links("da").values())
    finally:
        reading_links._chapter_links.cache_clear()


def test_the_chart_renderer_starts_at_the_first_action_not_at_opening(monkeypatch):
    import ipywidgets as widgets

    from councillor_exercises.widgets import common

    started = []
    monkeypatch.setattr(common, "warm_charts_in_background", lambda: started.append(1))
    answer = widgets.Text()
    button = widgets.Button(description="Check")
    root = widgets.VBox([widgets.HTML("intro"), widgets.VBox([answer, button])])
    common.warm_charts_on_first_action(root)
    assert started == []
    answer.value = "a first answer"
    assert started == [1]
    button.click()
    answer.value = "another"
    assert started == [1]          # once only


def test_a_refresh_waiting_for_the_charts_runs_once_on_the_kernels_own_thread(monkeypatch):
    """The warm-up thread must not run an app's refresh itself: the refresh would race the
    kernel's answer to a newer value and could leave a stale warning on screen."""
    import asyncio
    import threading

    from councillor_exercises import charts
    from councillor_exercises.widgets import common

    release = threading.Event()
    monkeypatch.setattr(charts, "warm_up", lambda: release.wait(10))
    monkeypatch.setattr(common, "_chart_warm_up", None)
    monkeypatch.setattr(common, "_after_warm_up", [])
    monkeypatch.setattr(common, "_warm", threading.Event())
    ran_on: list[str] = []

    def refresh() -> None:
        ran_on.append(threading.current_thread().name)

    async def kernel() -> None:
        common.warm_charts_in_background(then=refresh)
        common.warm_charts_in_background(then=refresh)   # a second refresh before the charts
        release.set()
        for _ in range(200):
            if ran_on:
                break
            await asyncio.sleep(0.05)
        await asyncio.sleep(0.1)   # time for a second, wrongly queued refresh to show up

    # The kernel's loop runs on a thread of its own here: the test process may already run an
    # event loop on its main thread (Playwright's, after the browser tests).
    kernel_thread = threading.Thread(target=lambda: asyncio.run(kernel()), name="kernel-loop")
    kernel_thread.start()
    kernel_thread.join(timeout=30)
    assert ran_on == ["kernel-loop"]
    assert common.charts_ready()


def test_the_apps_never_import_sphinx_or_docutils():
    """Sphinx belongs to the book build: an app that imported it would start slower, and could
    not run where Sphinx is not installed (the reader's browser)."""
    import subprocess
    import sys

    code = ("import sys\n"
            "from councillor_exercises.widgets import (committee_app, diagnosis_app,\n"
            "    sorting_app, week_app)\n"
            "print(sorted({m.split('.')[0] for m in sys.modules} & {'sphinx', 'docutils'}))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            check=True)
    assert result.stdout.strip() == "[]", result.stdout
