/* "Start the exercise here": the small script on an exercise page. Until the reader presses the
   button nothing else loads, so reading pages stay light. Then it loads the widget manager and
   starts Python in a Web Worker, shows progress by stage in the page's own words (written into
   the page by the book, from data/ui/book.yaml), and mounts the app in the page. */
const MB = 1024 * 1024;

function fill(template, values) {
  return template.replace(/\{(\w+)\}/g, (whole, name) => (name in values ? values[name] : whole));
}

function megabytes(bytes, language) {
  return (bytes / MB).toLocaleString(language === "da" ? "da-DK" : "en-GB",
                                     { minimumFractionDigits: 1, maximumFractionDigits: 1 });
}

function setUp(box) {
  const words = JSON.parse(box.querySelector(".course-browser-words").textContent);
  const button = box.querySelector(".course-browser-start");
  const status = box.querySelector(".course-browser-status");
  const bar = box.querySelector(".course-browser-progress");
  const mount = box.querySelector(".course-browser-app");
  const clear = box.querySelector(".course-browser-clear");
  const runtimeUrl = new URL(box.dataset.runtime, document.baseURI);
  const language = box.dataset.language;
  const storeKey = `course-work:${box.dataset.exercise}:${language}`;
  const keepWork = box.dataset.keepWork !== "no";
  let session = null;
  let startedAt = 0;

  const say = (text) => { status.textContent = text; };

  if (!("Worker" in window) || typeof WebAssembly !== "object") {
    button.disabled = true;
    say(words.unsupported);
    return;
  }

  button.addEventListener("click", async () => {
    button.disabled = true;
    button.hidden = true;
    startedAt = performance.now();
    performance.mark("course-start-pressed");
    bar.hidden = false;
    bar.removeAttribute("value");
    say(words.stage_load);
    try {
      const link = document.createElement("link");
      link.rel = "stylesheet";
      link.href = new URL("exercise.css", runtimeUrl).href;
      document.head.appendChild(link);
      // Python starts loading at once, in its worker, while the page loads the widget manager
      // (evaluating that bundle keeps the page busy for a moment); what the worker says
      // meanwhile is kept for the session.
      const worker = new Worker(new URL("worker.js", runtimeUrl), { type: "module" });
      const early = [];
      worker.onmessage = (event) => early.push(event.data);
      worker.postMessage({ type: "boot" });
      const { startExercise } = await import(new URL("exercise.js", runtimeUrl).href);
      const started = startExercise(mount, {
        worker, early,
        exercise: box.dataset.exercise, language, runtimeUrl: runtimeUrl.href, storeKey, keepWork,
        onProgress: (p) => {
          if (p.stage === "download" && p.total) {
            bar.max = p.total;
            bar.value = p.loaded;
            say(fill(words.stage_download, { loaded: megabytes(p.loaded, language),
                                             total: megabytes(p.total, language) }));
          } else if (words[`stage_${p.stage}`]) {
            bar.removeAttribute("value");
            say(words[`stage_${p.stage}`]);
          }
        },
        onReady: ({ skipped }) => {
          performance.mark("course-first-control");
          bar.hidden = true;
          const seconds = Math.max(1, Math.round((performance.now() - startedAt) / 1000));
          let text = fill(keepWork ? words.ready : words.ready_not_kept, { seconds });
          if (started.restored) text += " " + (skipped ? words.restored_partly : words.restored);
          say(text);
          started.restored = false;
          clear.hidden = !keepWork;
          box.classList.add("course-browser-running");
          const heading = mount.querySelector("h2, h3, [data-course-focus]");
          if (heading && !box.dataset.focused) {
            box.dataset.focused = "1";
            if (!heading.hasAttribute("tabindex")) heading.setAttribute("tabindex", "-1");
            heading.focus({ preventScroll: false });
          }
        },
        onError: (text) => {
          bar.hidden = true;
          // Before the app is on screen it could not start; after, something in it went wrong.
          say(fill(box.classList.contains("course-browser-running") ? words.broke : words.failed,
                   { error: text }));
          console.error("course exercise:", text);
        },
      });
      session = started.session;
    } catch (error) {
      bar.hidden = true;
      say(fill(words.failed, { error: String(error && error.message || error) }));
      console.error("course exercise:", error);
    }
  });

  clear.addEventListener("click", () => {
    if (!session) return;
    if (!window.confirm(words.clear_question)) return;
    session.clear();
    say(words.cleared);
  });
}

document.querySelectorAll(".course-browser-exercise").forEach(setUp);
