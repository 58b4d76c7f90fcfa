"""Load benchmark for the exercise apps: N learners at once in one Voila on this machine.

Each learner opens the "Service or policy?" app (apps/service-or-policy.ipynb) in its own
browser context of one headless Chromium (Debian's, as the tests use), waits for the first
control, then for a few examples chooses an answer, presses "Check this answer", waits for the
feedback and presses "Next example", with a short pause to read in between. All learners run at
the same time (Playwright's async API). Voila is started for the run on a free loopback port
with the course's voila.py and COURSE_KERNEL_CULL_SECONDS set short (120 s).

Figures, for each N:
- time to first control: wall time from page.goto() to the first answer button being visible
  (an app still blank 90 s after its page loaded counts as failed: its widgets never came);
- click -> feedback: measured in the page, from performance.now() just before the button's
  click() to the first DOM change of the feedback area that shows the feedback (a
  MutationObserver on .course-example-feedback), so the browser driver's own delay is left out;
  "Next example" -> next example likewise (to the new example's name with the feedback cleared);
- memory: RSS of each ipykernel process (children of this Voila, found with psutil), median and
  max, and Voila + kernels in total, while every page is open (and the peak during the run);
  Chromium's processes in total for scale (their PSS: RSS would count shared pages in each);
- kernels left 10 s after every page was closed (the page asks Voila to shut its kernel down
  when it closes; goal 0) and, for any left, after the cull time (voila.py) has passed.

Without a fixed N it steps up through 5, 10, 20 and 30 learners while the p95 of
click -> feedback stays under 2 s and every learner finishes, and reports the largest N that
held (each step with a fresh Voila and Chromium). Everything runs on 127.0.0.1 and is bounded in
time; Voila, its kernels and Chromium are stopped even when a step fails.

Used by tools/bench.py (`python tools/bench.py --load-only [--learners N]`).
"""

from __future__ import annotations

import asyncio
import os
import random
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlparse

import psutil

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = os.environ.get("COURSE_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update",
                 "--disable-sync",
                 # Names resolve to nothing: the pages can only reach 127.0.0.1.
                 "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1"]
APP = "service-or-policy.ipynb"
FIRST_CONTROL = ".course-sort-choice input[type=radio]"

STEPS = (5, 10, 20, 30)          # learners tried in turn when N is not given
MAX_LEARNERS = 30
P95_LIMIT_S = 2.0                # click -> feedback p95 a step must stay under to step up
EXAMPLES = 5                     # examples each learner works through
THINK_S = 1.0                    # mean pause to read before choosing and after the feedback
# COURSE_KERNEL_CULL_SECONDS for this run: short, so that kernels a page failed to free go
# within the run, but longer than a loaded machine takes from running an app to its page
# connecting (the kernel is idle and unconnected in between: with 30 s, 10 learners at once on
# this 2-core machine lost every kernel that way before their pages connected).
CULL_SECONDS = 120
LEFT_AFTER_S = 10                # kernels counted this long after the pages closed

VOILA_START_TIMEOUT_S = 90
FIRST_CONTROL_TIMEOUT_S = 240
BLANK_AFTER_LOAD_S = 90          # an app with no control this long after its page loaded is stuck
CLICK_TIMEOUT_S = 30
STEP_TIMEOUT_S = 600             # the learners' part of one step, whatever happens
MIB = 1024 * 1024

# The first control is on the screen ("ready"), or the page loaded long ago and the app never
# drew its widgets ("blank").
FIRST_CONTROL_JS = """([selector, blankMs]) => {
  if ([...document.querySelectorAll(selector)].some((el) => el.checkVisibility())) return 'ready';
  const loaded = window.__courseLoadedAt;
  if (loaded !== undefined && performance.now() - loaded > blankMs) return 'blank';
  return false;
}"""
MARK_LOAD_JS = ("window.addEventListener('load', () => "
                "{ window.__courseLoadedAt = performance.now(); });")

# The learner has a fresh example in front of it: its name differs from the last one, no
# feedback is shown, and its answer buttons are on the screen with none chosen.
EXAMPLE_READY_JS = """(previous) => {
  const name = document.querySelector('.course-example-name');
  const box = document.querySelector('.course-example-feedback');
  if (!name || !box || box.querySelector('.course-feedback')) return false;
  if (previous !== null && name.textContent === previous) return false;
  const radios = [...document.querySelectorAll('.course-sort-choice input[type=radio]')]
    .filter((r) => r.checkVisibility());
  if (!radios.length || radios.some((r) => r.checked)) return false;
  return name.textContent;
}"""

# Click a button and resolve with the milliseconds from just before the click to the first DOM
# change (watched with a MutationObserver, subtree included) after which the result shows:
# "feedback", the feedback of the example; "next", the next example's name with no feedback.
CLICK_AND_WAIT_JS = """([button, watched, wanted, previous, timeoutMs]) =>
 new Promise((resolve, reject) => {
  const root = document.querySelector(watched);
  const target = [...document.querySelectorAll(button)].find((b) => b.checkVisibility());
  if (!root || !target) { reject(new Error('missing ' + button + ' or ' + watched)); return; }
  const shown = () => {
    if (wanted === 'feedback') return root.querySelector('.course-feedback') !== null;
    const name = root.querySelector('.course-example-name');
    return name !== null && name.textContent !== previous
      && root.querySelector('.course-example-feedback .course-feedback') === null;
  };
  let started = 0;
  let timer = 0;
  const observer = new MutationObserver(() => {
    if (!shown()) return;
    const ms = performance.now() - started;
    observer.disconnect();
    clearTimeout(timer);
    resolve(ms);
  });
  observer.observe(root, {childList: true, subtree: true, characterData: true});
  timer = setTimeout(() => {
    observer.disconnect();
    reject(new Error('nothing shown within ' + timeoutMs + ' ms after ' + button));
  }, timeoutMs);
  started = performance.now();
  target.click();
})"""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def percentile(values: list[float], q: float) -> float | None:
    """The q-th percentile (0-100), linear between the closest ranks; None without values."""
    if not values:
        return None
    ordered = sorted(values)
    rank = (len(ordered) - 1) * q / 100
    low = int(rank)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (rank - low)


def cull_interval(cull_seconds: int) -> int:
    """How often Voila looks for idle kernels (the same rule as voila.py)."""
    return max(1, min(60, cull_seconds // 3))


# ---- Voila and its kernels -----------------------------------------------------------------

class Voila:
    """Voila serving apps/ on a free loopback port, from the repository root (so it reads
    voila.py), with kernels culled after `cull_seconds` idle and `env` added to its
    environment (e.g. COURSE_PREHEAT_KERNELS)."""

    def __init__(self, cull_seconds: int, env: dict[str, str] | None = None):
        self.cull_seconds = cull_seconds
        self.extra_env = dict(env or {})
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.log = tempfile.NamedTemporaryFile(prefix="course-bench-voila-", suffix=".log",
                                               delete=False)
        self.process: subprocess.Popen | None = None
        self.seen_kernels: dict[int, psutil.Process] = {}

    def start(self) -> None:
        import build_browser  # tools/build_browser.py: the apps' front end, as make app builds it

        build_browser.build_voila_front_end()
        voila = Path(sys.executable).with_name("voila")
        env = {**os.environ, "COURSE_RENDER": "live",
               "COURSE_KERNEL_CULL_SECONDS": str(self.cull_seconds), **self.extra_env}
        self.process = subprocess.Popen(
            [str(voila), str(ROOT / "apps"), "--no-browser", f"--port={self.port}",
             "--Voila.ip=127.0.0.1", "--show_tracebacks=False"],
            stdout=self.log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, cwd=ROOT,
            env=env)
        deadline = time.monotonic() + VOILA_START_TIMEOUT_S
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError("Voila exited: " + self.log_tail())
            try:
                urllib.request.urlopen(self.base, timeout=2)
                return
            except OSError:
                time.sleep(0.3)
        raise RuntimeError(f"Voila did not answer within {VOILA_START_TIMEOUT_S} s: "
                           + self.log_tail())

    def log_tail(self, chars: int = 1500) -> str:
        try:
            return Path(self.log.name).read_text(errors="replace")[-chars:]
        except OSError:
            return ""

    def culled(self) -> int:
        """How many kernels Voila has culled for idleness so far (from its log)."""
        return self.log_tail(chars=10_000_000).count("Culling '")

    def kernels(self) -> list[psutil.Process]:
        """The ipykernel processes this Voila started and that are still running."""
        if self.process is None or self.process.poll() is not None:
            return []
        found = []
        try:
            children = psutil.Process(self.process.pid).children(recursive=True)
        except psutil.NoSuchProcess:
            return []
        for child in children:
            try:
                if any("ipykernel" in part for part in child.cmdline()) and \
                        child.status() != psutil.STATUS_ZOMBIE:
                    found.append(child)
            except (psutil.NoSuchProcess, psutil.AccessDenied):
                continue
        self.seen_kernels.update((k.pid, k) for k in found)
        return found

    def memory(self) -> dict[str, object]:
        """RSS of each kernel and of Voila with its kernels, in MiB."""
        rss = []
        for kernel in self.kernels():
            try:
                rss.append(kernel.memory_info().rss / MIB)
            except psutil.NoSuchProcess:
                continue
        try:
            own = psutil.Process(self.process.pid).memory_info().rss / MIB
        except (psutil.NoSuchProcess, AttributeError):
            own = 0.0
        return {"kernels": len(rss), "kernel_rss_mib": rss, "voila_rss_mib": own,
                "total_mib": own + sum(rss)}

    def stop(self) -> None:
        """Stop Voila (it shuts its kernels down), then any kernel of it still running."""
        if self.process is None:
            return
        self.kernels()   # remember every kernel's pid before Voila goes
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)
        for kernel in self.seen_kernels.values():
            try:
                kernel.kill()   # psutil checks it is still the same process, not a new one
            except (psutil.NoSuchProcess, psutil.AccessDenied):
                continue
        self.log.close()
        Path(self.log.name).unlink(missing_ok=True)


def chromium_pss_mib() -> float:
    """Memory of the Chromium processes under this process (Playwright's driver starts them):
    PSS, which shares each shared page out among its processes (their RSS would count it in
    each)."""
    total = 0.0
    for child in psutil.Process().children(recursive=True):
        try:
            if "chrom" in child.name().lower():
                info = child.memory_full_info()
                total += getattr(info, "pss", info.rss)
        except (psutil.NoSuchProcess, psutil.AccessDenied):
            continue
    return total / MIB


# ---- one learner ---------------------------------------------------------------------------

def new_result(number: int) -> dict[str, object]:
    return {"learner": number, "first_control_s": None, "feedback_ms": [], "next_ms": [],
            "examples_done": 0, "error": None, "console_errors": [], "page_errors": [],
            "foreign": [], "control_comm_fallback": False}


async def learner(browser, base: str, result: dict[str, object], examples: int, think: float,
                  opened: list) -> None:
    """Open the app in a fresh context and work through `examples` examples, filling in
    `result`. The page is left open: the caller closes every page once all are through."""
    rng = random.Random(result["learner"])

    async def pause() -> None:
        if think > 0:
            await asyncio.sleep(think * rng.uniform(0.5, 1.5))

    context = await browser.new_context(viewport={"width": 1280, "height": 900})
    await context.add_init_script(MARK_LOAD_JS)
    page = await context.new_page()
    opened.append((context, page))

    def on_console(message) -> None:
        if message.type == "error":
            result["console_errors"].append(message.text)
        elif "jupyter.widget.control" in message.text:
            # The kernel did not send the widgets' state in time; ipywidgets falls back to
            # fetching each widget's state (ipywidgets issue #3633).
            result["control_comm_fallback"] = True

    page.on("console", on_console)
    page.on("pageerror", lambda e: result["page_errors"].append(str(e)))

    def on_request(request) -> None:
        parsed = urlparse(request.url)
        if parsed.scheme not in {"data", "blob", "about"} and parsed.hostname != "127.0.0.1":
            result["foreign"].append(request.url)

    page.on("request", on_request)
    click_ms = CLICK_TIMEOUT_S * 1000
    try:
        started = time.perf_counter()
        await page.goto(f"{base}/voila/render/{APP}", wait_until="commit",
                        timeout=FIRST_CONTROL_TIMEOUT_S * 1000)
        handle = await page.wait_for_function(
            FIRST_CONTROL_JS, arg=[FIRST_CONTROL, BLANK_AFTER_LOAD_S * 1000], polling=100,
            timeout=FIRST_CONTROL_TIMEOUT_S * 1000)
        if await handle.json_value() == "blank":
            raise RuntimeError(f"the app drew no control within {BLANK_AFTER_LOAD_S} s after its "
                               "page loaded" + (" (widget state not received in time)"
                                                if result["control_comm_fallback"] else ""))
        result["first_control_s"] = time.perf_counter() - started
        previous = None
        for index in range(examples):
            handle = await page.wait_for_function(EXAMPLE_READY_JS, arg=previous,
                                                  timeout=click_ms)
            previous = await handle.json_value()
            await pause()                                   # reads the example
            radios = page.locator(FIRST_CONTROL).filter(visible=True)
            await radios.nth(rng.randrange(await radios.count())).check(timeout=click_ms)
            result["feedback_ms"].append(await page.evaluate(
                CLICK_AND_WAIT_JS,
                [".course-check", ".course-example-feedback", "feedback", None, click_ms]))
            result["examples_done"] = index + 1
            await pause()                                   # reads the feedback
            if index + 1 < examples:
                result["next_ms"].append(await page.evaluate(
                    CLICK_AND_WAIT_JS,
                    [".course-next", ".course-sorting", "next", previous, click_ms]))
    except Exception as error:  # a learner who gets stuck is a failure, not a crash
        result["error"] = f"{type(error).__name__}: {str(error).splitlines()[0][:200]}"


# ---- one step: N learners ------------------------------------------------------------------

async def drive(voila: Voila, learners: int, examples: int, think: float) -> dict[str, object]:
    from playwright.async_api import async_playwright

    step: dict[str, object] = {"learners": learners}
    opened: list = []
    results = [new_result(number) for number in range(learners)]
    peak = {"total_mib": 0.0, "kernels": 0}

    async def sample() -> None:
        while True:
            memory = voila.memory()
            peak["total_mib"] = max(peak["total_mib"], memory["total_mib"])
            peak["kernels"] = max(peak["kernels"], memory["kernels"])
            await asyncio.sleep(1)

    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=CHROMIUM, headless=True,
                                                   args=CHROMIUM_ARGS)
        sampler = asyncio.create_task(sample())
        tasks: list[asyncio.Task] = []
        try:
            started = time.monotonic()
            tasks = [asyncio.create_task(learner(browser, voila.base, result, examples, think,
                                                 opened)) for result in results]
            _, pending = await asyncio.wait(tasks, timeout=STEP_TIMEOUT_S)
            for task in pending:
                task.cancel()
            await asyncio.gather(*pending, return_exceptions=True)
            for task, result in zip(tasks, results):
                if task in pending:
                    result["error"] = f"not through within {STEP_TIMEOUT_S} s"
            step["work_s"] = round(time.monotonic() - started, 1)
            memory = voila.memory()          # every page is still open here
            step["chromium_pss_mib"] = round(chromium_pss_mib())
            sampler.cancel()

            step["kernels_culled_while_open"] = voila.culled()

            # Leave: close every page as a learner closes the tab, then count the kernels.
            closed_at = time.monotonic()
            await asyncio.gather(*(page.close() for _, page in opened), return_exceptions=True)
            _, zero_after = await _wait_for_zero(voila, closed_at, LEFT_AFTER_S)
            await asyncio.sleep(max(0.0, closed_at + LEFT_AFTER_S - time.monotonic()))
            left_10 = len(voila.kernels())
            left_cull = None
            if left_10:
                # The rest go once idle for the cull time, at Voila's next look for idle ones.
                wait = voila.cull_seconds + cull_interval(voila.cull_seconds) + 15
                left_cull, zero_after = await _wait_for_zero(voila, closed_at, wait)
            step["kernels_culled_after_leaving"] = (voila.culled()
                                                    - step["kernels_culled_while_open"])
            await asyncio.gather(*(context.close() for context, _ in opened),
                                 return_exceptions=True)
        finally:
            sampler.cancel()
            for task in tasks:
                task.cancel()
            await asyncio.gather(sampler, *tasks, return_exceptions=True)
            await browser.close()

    first = [r["first_control_s"] for r in results if r["first_control_s"] is not None]
    feedback = [ms for r in results for ms in r["feedback_ms"]]
    nexts = [ms for r in results for ms in r["next_ms"]]
    rss = memory["kernel_rss_mib"]
    failed = [r for r in results if r["error"] or r["examples_done"] < examples]
    step.update({
        "examples_each": examples,
        "first_control_s": {"p50": _round(percentile(first, 50), 1),
                            "p95": _round(percentile(first, 95), 1),
                            "max": _round(max(first, default=None), 1)},
        "click_to_feedback_ms": {"p50": _round(percentile(feedback, 50)),
                                 "p95": _round(percentile(feedback, 95)),
                                 "max": _round(max(feedback, default=None)),
                                 "clicks": len(feedback)},
        "next_example_ms": {"p50": _round(percentile(nexts, 50)),
                            "p95": _round(percentile(nexts, 95)), "clicks": len(nexts)},
        "click_to_feedback_all_ms": sorted(_round(ms) for ms in feedback),
        "kernels_open": memory["kernels"],
        "kernel_rss_mib": {"median": _round(statistics.median(rss) if rss else None),
                           "max": _round(max(rss, default=None))},
        "voila_rss_mib": _round(memory["voila_rss_mib"]),
        "voila_and_kernels_mib": _round(memory["total_mib"]),
        "peak_voila_and_kernels_mib": _round(peak["total_mib"]),
        "peak_kernels": peak["kernels"],
        "kernels_left_10s": left_10,
        "kernels_left_after_cull": left_cull,
        "kernels_gone_within_s": zero_after,
        "failed": len(failed),
        "failures": [f"learner {r['learner']}: {r['error'] or 'examples not finished'}"
                     for r in failed][:10],
        "console_errors": sum(len(r["console_errors"]) for r in results),
        "console_error_samples": sorted({e[:160] for r in results
                                         for e in r["console_errors"]})[:5],
        "page_errors": sum(len(r["page_errors"]) for r in results),
        "control_comm_fallbacks": sum(1 for r in results if r["control_comm_fallback"]),
        "foreign_requests": sorted({u for r in results for u in r["foreign"]})[:10],
    })
    return step


async def _wait_for_zero(voila: Voila, since: float, seconds: float) -> tuple[int, float | None]:
    """Poll until no kernel is left or `seconds` after `since`: (kernels left, seconds to 0)."""
    while True:
        left = len(voila.kernels())
        if not left:
            return 0, round(time.monotonic() - since, 1)
        if time.monotonic() >= since + seconds:
            return left, None
        await asyncio.sleep(0.5)


def _round(value: float | None, digits: int = 0) -> float | int | None:
    if value is None:
        return None
    return round(value, digits) if digits else int(round(value))


def run_step(learners: int, examples: int = EXAMPLES, think: float = THINK_S,
             cull_seconds: int = CULL_SECONDS) -> dict[str, object]:
    """N learners at once against a fresh Voila; Voila and its kernels are stopped after."""
    voila = Voila(cull_seconds)
    try:
        voila.start()
        return asyncio.run(drive(voila, learners, examples, think))
    finally:
        voila.stop()


def _terminate(signum, _frame) -> None:
    raise SystemExit(128 + signum)


def why_not(step: dict[str, object]) -> str:
    """Why a step did not hold ("" when it did)."""
    if step.get("error"):
        return "did not run"
    reasons = []
    if step.get("failed"):
        reasons.append(f"{step['failed']} of {step['learners']} learners did not get through")
    p95 = step.get("click_to_feedback_ms", {}).get("p95")
    if p95 is None or p95 >= P95_LIMIT_S * 1000:
        reasons.append(f"p95 click->feedback {p95} ms, not under {int(P95_LIMIT_S * 1000)} ms")
    return "; ".join(reasons)


def holds(step: dict[str, object]) -> bool:
    return not why_not(step)


def run(learners: int | None = None, examples: int = EXAMPLES, think: float = THINK_S,
        cull_seconds: int = CULL_SECONDS, log=print) -> dict[str, object]:
    """One step of `learners`, or step up through STEPS while the machine keeps up."""
    if learners is not None and not 1 <= learners <= MAX_LEARNERS:
        raise ValueError(f"learners must be between 1 and {MAX_LEARNERS}")
    plan = [learners] if learners else list(STEPS)
    steps = []
    # Stopped with SIGTERM, still stop Voila, its kernels and Chromium (as on Ctrl-C).
    main_thread = threading.current_thread() is threading.main_thread()
    previous = signal.signal(signal.SIGTERM, _terminate) if main_thread else None
    try:
        for n in plan:
            log(f"[load] {n} learners at once in one Voila ({examples} examples each) ...")
            try:
                step = run_step(n, examples, think, cull_seconds)
            except Exception as error:
                step = {"learners": n, "error": f"{type(error).__name__}: {str(error)[:300]}"}
            steps.append(step)
            if "error" in step:
                log(f"[load]   did not run: {step['error']}")
            else:
                log("[load]   " + step_line(step))
            if not holds(step):
                break
    finally:
        if main_thread:
            signal.signal(signal.SIGTERM, previous)
    passing = [s["learners"] for s in steps if holds(s)]
    return {"app": APP, "examples_each": examples, "think_s": think,
            "cull_seconds": cull_seconds, "p95_limit_ms": int(P95_LIMIT_S * 1000),
            "fixed_n": learners is not None,
            # The largest N tried that held (None: not even the first), and each step's verdict.
            "sustained_learners": passing[-1] if passing else None,
            "verdicts": {s["learners"]: why_not(s) or "held" for s in steps},
            "timing": "click -> feedback and next -> example: in the page, performance.now() "
                      "before the click to the first DOM change showing the result "
                      "(MutationObserver); first control: wall time from goto",
            "steps": steps}


# ---- reporting -----------------------------------------------------------------------------

def step_line(s: dict[str, object]) -> str:
    return (f"first control p50/p95 {s['first_control_s']['p50']}/{s['first_control_s']['p95']} s; "
            f"click->feedback p50/p95 {s['click_to_feedback_ms']['p50']}/"
            f"{s['click_to_feedback_ms']['p95']} ms; failed {s['failed']}; kernels left "
            f"after 10 s {s['kernels_left_10s']}")


def table(load: dict[str, object]) -> str:
    header = (f"{'N':>3} | {'first control s':>15} | {'click->feedback ms':>18} | "
              f"{'next ms':>11} | {'kernel RSS MiB':>14} | {'Voila+kernels':>13} | "
              f"{'Chromium':>8} | {'failed':>6} | {'left 10 s':>9} | {'left cull':>9}")
    lines = [f"Load: N learners at once, one Voila, {load['app']} ({load['examples_each']} "
             f"examples each, ~{load['think_s']} s to read; cull after {load['cull_seconds']} s)",
             "     (p50/p95; kernel RSS median/max; Voila+kernels RSS and Chromium PSS in MiB, "
             "every page open)",
             header, "-" * len(header)]
    for s in load["steps"]:
        if "error" in s:
            lines.append(f"{s['learners']:>3} | did not run: {s['error'][:150]}")
            continue
        left_cull = "-" if s["kernels_left_after_cull"] is None else s["kernels_left_after_cull"]
        lines.append(
            f"{s['learners']:>3} | {_pair(s['first_control_s']):>15} | "
            f"{_pair(s['click_to_feedback_ms']):>18} | {_pair(s['next_example_ms']):>11} | "
            f"{_pair(s['kernel_rss_mib'], 'median', 'max'):>14} | "
            f"{s['voila_and_kernels_mib']:>13} | {s['chromium_pss_mib']:>8} | "
            f"{s['failed']:>6} | {s['kernels_left_10s']:>9} | {left_cull:>9}")
    held = (f"p95 click->feedback under {load['p95_limit_ms']} ms and every learner through")
    if not load["fixed_n"]:
        lines.append(f"Largest N this machine sustains ({held}): "
                     f"{load['sustained_learners'] or 'none of those tried'}")
    for n, verdict in load["verdicts"].items():
        lines.append(f"  N={n}: {verdict}")
    for s in load["steps"]:
        for failure in s.get("failures", [])[:3]:
            lines.append(f"  N={s['learners']}: {failure}")
        if s.get("kernels_culled_while_open"):
            lines.append(f"  N={s['learners']}: {s['kernels_culled_while_open']} kernels culled as "
                         f"idle (no page connected for {load['cull_seconds']} s) before the "
                         "learners left")
        if s.get("kernels_left_10s"):
            gone = s.get("kernels_gone_within_s")
            lines.append(f"  N={s['learners']}: {s['kernels_left_10s']} kernels still running 10 s "
                         f"after the pages closed; {s.get('kernels_culled_after_leaving')} then "
                         "culled as idle; " + (f"none left {gone} s after closing" if gone
                                               else "some still running after the cull time"))
        if s.get("control_comm_fallbacks"):
            lines.append(f"  N={s['learners']}: {s['control_comm_fallbacks']} pages did not get "
                         "their widgets' state in time (ipywidgets fell back to one request per "
                         "widget)")
        if s.get("console_errors") or s.get("page_errors") or s.get("foreign_requests"):
            lines.append(f"  N={s['learners']}: console errors {s['console_errors']}, page errors "
                         f"{s['page_errors']}, requests off 127.0.0.1 "
                         f"{len(s['foreign_requests'])} {s.get('console_error_samples', [])[:2]}")
    return "\n".join(lines)


def _pair(figures: dict, low: str = "p50", high: str = "p95") -> str:
    return f"{figures.get(low)}/{figures.get(high)}"


def goals_missed(load: dict[str, object], goal_left: int = 0) -> list[str]:
    """Kernels left 10 s after leaving: the goal is none, at every N tried."""
    missed = []
    for s in load.get("steps", []):
        if "error" in s:
            missed.append(f"load: N={s['learners']}: did not run: {s['error'][:120]}")
        elif s["kernels_left_10s"] > goal_left:
            missed.append(f"load: N={s['learners']}: kernels left 10 s after leaving "
                          f"{s['kernels_left_10s']} > {goal_left}")
    return missed
