"""Preheated kernels (voila.py, COURSE_PREHEAT_KERNELS) as a room meets them: a Voila that keeps
one kernel ready for the committee app, opened twice in a row in headless Chromium. Both pages
come from the pool, show the course's loading words and a working first control, and the second
learner gets a kernel of its own: nothing the first one did is there. The pool refills after
each page and no other app gets one."""

from __future__ import annotations

import json
import subprocess
import time

import psutil
import pytest

from conftest import ROOT, running_voila

pytestmark = pytest.mark.browser

APP = "design-a-committee.ipynb"
START_TIMEOUT_S = 120
WAIT_MS = 90_000
FIRST_CONTROL = ".course-challenge input[type=radio]"
CHALLENGE = "Fjordby wants to become a CO2-neutral municipality"
CHALLENGE_SHOWN = "text=An invented example: the council of Fjordby Kommune"
POOL_FILLED = f"Kernel pool of {APP} is filled"
# What the page shows while it loads, read as soon as its document is parsed.
RECORD_LOADING_TEXT = """document.addEventListener('DOMContentLoaded', () => {
  const text = document.getElementById('loading_text');
  window.__courseLoadingText = text ? text.textContent : null;
});"""


class PreheatedVoila:
    def __init__(self, process: subprocess.Popen, log, url: str):
        self.process, self.log, self.url = process, log, url

    def log_text(self) -> str:
        return self.log.read_text(errors="replace")

    def kernels(self) -> list[psutil.Process]:
        found = []
        for child in psutil.Process(self.process.pid).children(recursive=True):
            try:
                if child.status() != psutil.STATUS_ZOMBIE and "ipykernel_launcher" in " ".join(
                        child.cmdline()):
                    found.append(child)
            except (psutil.NoSuchProcess, psutil.ZombieProcess):
                continue
        return found

    def wait_for_log(self, text: str, times: int, seconds: float = START_TIMEOUT_S) -> None:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if self.log_text().count(text) >= times:
                return
            assert self.process.poll() is None, "Voila exited:\n" + self.log_text()[-3000:]
            time.sleep(0.5)
        raise AssertionError(f"{text!r} not logged {times} times within {seconds} s:\n"
                             + self.log_text()[-3000:])


@pytest.fixture(scope="module")
def preheated(tmp_path_factory, voila_front_end):
    """Voila serving apps/ as `make app` does, with a pool of one kernel for the committee
    app only."""
    log = tmp_path_factory.mktemp("voila-preheated") / "voila.log"
    with running_voila(log, COURSE_PREHEAT_KERNELS="1", COURSE_PREHEAT_APPS=APP) as (process, url):
        server = PreheatedVoila(process, log, url)
        server.wait_for_log(POOL_FILLED, 1)
        yield server


def open_committee(browser, server: PreheatedVoila):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.add_init_script(RECORD_LOADING_TEXT)
    page = context.new_page()
    page.goto(f"{server.url}/voila/render/{APP}", wait_until="commit", timeout=WAIT_MS)
    page.wait_for_selector(FIRST_CONTROL, state="visible", timeout=WAIT_MS)
    return context, page


def app_state(page) -> dict[str, object]:
    """What a learner's work changes in the committee app: the challenge chosen (the kernel
    answers with its example) and the committee's name."""
    return {
        "chosen": page.locator(f"{FIRST_CONTROL}:checked").count(),
        "example_shown": page.locator(CHALLENGE_SHOWN).count(),
        "name": page.locator(".course-committee-name input").input_value(),
    }


def kernel_id(page) -> str:
    return page.evaluate(
        "JSON.parse(document.getElementById('jupyter-config-data').textContent).kernelId")


def test_two_learners_get_ready_apps_with_kernels_of_their_own(browser, preheated):
    notebook = json.loads((ROOT / "apps" / APP).read_text(encoding="utf-8"))
    # Only the committee app has a pool: one kernel runs before anyone opens a page.
    assert len(preheated.kernels()) == 1

    first_context, first = open_committee(browser, preheated)
    second_context = None
    try:
        # The course's template in preheat mode: its title, its main landmark and, while the
        # page loaded, the app's own loading words.
        assert first.title() == notebook["metadata"]["title"]
        assert first.locator("#rendered_cells[role=main]").count() == 1
        assert first.evaluate("window.__courseLoadingText") == \
            notebook["metadata"]["course"]["loading"]
        fresh = app_state(first)
        assert fresh["chosen"] == 0 and fresh["example_shown"] == 0

        # The first learner works: a challenge (the kernel answers) and a committee name.
        first.get_by_role("radio", name=CHALLENGE).check()
        first.wait_for_selector(CHALLENGE_SHOWN, timeout=WAIT_MS)
        first.locator(".course-committee-name input").fill("The first group's committee")
        first.locator(".course-committee-name input").press("Tab")
        assert app_state(first) != fresh

        # The pool has put a new kernel in place of the one the first page took.
        preheated.wait_for_log(POOL_FILLED, 2)

        # The second learner, while the first page is still open.
        second_context, second = open_committee(browser, preheated)
        assert second.evaluate("window.__courseLoadingText") == \
            notebook["metadata"]["course"]["loading"]
        assert app_state(second) == fresh
        assert kernel_id(second) != kernel_id(first)
        # Its first control works: the kernel answers the second learner too.
        second.get_by_role("radio", name=CHALLENGE).check()
        second.wait_for_selector(CHALLENGE_SHOWN, timeout=WAIT_MS)
        assert app_state(first)["name"] == "The first group's committee"
        assert app_state(second)["name"] == fresh["name"]

        # Both pages had a preheated kernel, each its own, and the pool refilled again.
        log = preheated.log_text()
        for page in (first, second):
            assert f"Using pre-heated kernel: {kernel_id(page)} for {APP}" in log
        preheated.wait_for_log(POOL_FILLED, 3)
        assert "Kernel pool of da/" not in log and "Kernel pool of your-week" not in log
    finally:
        first_context.close()
        if second_context is not None:
            second_context.close()
