"""The apps' front end in Voila: the course's own (browser/src/voila-app.js, built by
tools/build_browser.py --voila) in place of Voila's JupyterLab application, chosen by voila.py
when it has been built. The other Voila browser tests drive the apps through it; these check
that it is the one in use, what it costs, and that Voila's own stays available."""

from __future__ import annotations

import pytest

from conftest import running_voila
from test_kernel_pool import voila_settings

START_TIMEOUT = 120_000
JS_BUDGET = 2_000_000       # bytes of JavaScript an app's page may load (Voila's own: 4.9 MB)


def test_voila_py_chooses_the_course_front_end_once_it_is_built(monkeypatch, voila_front_end):
    resources = voila_settings(monkeypatch).VoilaConfiguration.resources["course_front_end"]
    assert set(resources) == {"js", "css"}
    for kind, address in resources.items():
        name, version = address.split("?v=")
        assert name == f"static/course-voila.{kind}"
        assert (voila_front_end / name.removeprefix("static/")).is_file()
        assert len(version) == 16, "a version in the address lets browsers keep the file"


def test_voilas_own_front_end_can_still_be_chosen(monkeypatch, voila_front_end):
    config = voila_settings(monkeypatch, COURSE_VOILA_FRONT_END="voila")
    assert "resources" not in config.VoilaConfiguration


@pytest.mark.browser
@pytest.mark.parametrize("notebook", ["design-a-committee.ipynb", "da/your-week.ipynb"])
def test_an_app_runs_on_the_course_front_end_and_loads_a_third_of_the_script(
        browser, voila_url, notebook):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    try:
        page = context.new_page()
        errors = []
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.goto(f"{voila_url}/voila/render/{notebook}")
        page.wait_for_selector(".jupyter-widgets button", state="visible",
                               timeout=START_TIMEOUT)
        scripts = page.evaluate("""() => performance.getEntriesByType('resource')
            .filter(e => e.initiatorType === 'script' || e.name.split('?')[0].endsWith('.js'))
            .map(e => [e.name, e.decodedBodySize])""")
        names = [name.split("?")[0] for name, _ in scripts]
        assert any(name.endswith("/voila/templates/course/static/course-voila.js")
                   for name in names), names
        assert not any(name.endswith("/voila/static/voila.js") for name in names), names
        assert not any("/labextensions/" in name for name in names), names
        total = sum(size for _, size in scripts)
        assert total < JS_BUDGET, f"{total} bytes of JavaScript: {scripts}"
        # The app is live: a click reaches the kernel, and its answer reaches the page (the
        # new step's heading, which the page then focuses).
        page.locator(".course-next").first.click()
        page.wait_for_function(
            "() => /^(Step|Trin) 2/.test(document.activeElement?.textContent || '')",
            timeout=30_000)
        assert errors == []
    finally:
        context.close()


@pytest.mark.browser
def test_where_it_is_not_built_voilas_own_front_end_runs_the_apps(browser, tmp_path):
    # Binder without npm, say: voila.py then keeps Voila's own (COURSE_VOILA_FRONT_END=voila
    # takes the same path).
    with running_voila(tmp_path / "voila.log", COURSE_VOILA_FRONT_END="voila") as (_, url):
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        try:
            page = context.new_page()
            page.goto(f"{url}/voila/render/your-week.ipynb")
            page.wait_for_selector(".jupyter-widgets button", state="visible",
                                   timeout=START_TIMEOUT)
            names = page.evaluate("() => performance.getEntriesByType('resource')"
                                  ".map(e => e.name.split('?')[0])")
            assert any(name.endswith("/voila/static/voila.js") for name in names)
            assert not any("course-voila" in name for name in names)
            page.locator(".course-next").first.click()
            page.wait_for_function(
                "() => /^Step 2/.test(document.activeElement?.textContent || '')",
                timeout=30_000)
        finally:
            context.close()
