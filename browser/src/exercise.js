/* The page half of the exercises that run in the reader's browser (loaded only when the reader
   presses "Start the exercise here"). Python runs in a Web Worker (worker.js) so the page stays
   responsive; the Jupyter widget manager here draws the same ipywidgets apps that Voila serves,
   and carries their messages to and from the worker. It holds no words: every text comes from
   the page (written by the book from the course's data files) or from the app itself.

   The learner's work is kept in this browser only (localStorage), as the list of messages the
   widgets sent to Python (what was typed, chosen and clicked). On return the app is built
   again with the same seed and the list is replayed, which restores the work. */
import { HTMLManager } from "@jupyter-widgets/html-manager/lib/htmlmanager";
import "@jupyter-widgets/controls/css/widgets.css";
import "@jupyter-widgets/html-manager/css/output.css";
import embed from "vega-embed";
// The same page behaviour as in Voila: where focus lands, what is announced.
import "../../share/jupyter/voila/templates/course/static/course-app.js";

const STORE_PREFIX = "course-work:";
const MAX_SAVED_BYTES = 4_000_000;   // localStorage holds about 5 MB per site

/* One comm per widget, shaped as @jupyter-widgets/base's IClassicComm, whose messages travel
   to the worker. Messages that arrive before the model has registered its handler are queued:
   the model is created asynchronously, and its first updates follow its opening at once. */
class WorkerComm {
  constructor(session, commId, targetName, ordinal) {
    this.session = session;
    this.comm_id = commId;
    this.target_name = targetName;
    this.ordinal = ordinal;
    this.msgHandler = null;
    this.closeHandler = null;
    this.pending = [];
  }
  open() { return ""; }
  close() { return ""; }
  send(data, callbacks, metadata, buffers) {
    return this.session.sendToPython(this, data, callbacks, buffers);
  }
  on_msg(handler) {
    this.msgHandler = handler;
    const queued = this.pending;
    this.pending = [];
    queued.forEach((message) => handler(message));
  }
  on_close(handler) { this.closeHandler = handler; }
  deliver(message) {
    if (this.msgHandler) this.msgHandler(message);
    else this.pending.push(message);
  }
}

class ExerciseSession {
  constructor(element, options) {
    this.element = element;
    this.options = options;   // exercise, language, runtimeUrl, storeKey, onProgress, onReady, onError
    this.manager = new HTMLManager();
    this.comms = new Map();
    this.callbacks = new Map();
    this.nextMessage = 0;
    this.firstOrdinal = null;
    this.events = [];
    this.view = null;
    this.vegaObserver = null;
    this.worker = options.worker
      || new Worker(new URL("worker.js", options.runtimeUrl), { type: "module" });
    this.worker.onmessage = (event) => this.fromWorker(event.data);
    (options.early || []).forEach((message) => this.fromWorker(message));
    this.worker.onerror = (event) => options.onError(String(event.message || event));
    this.watchCharts();
  }

  start(restore) {
    const saved = restore ? this.loadSaved() : null;
    this.seed = saved ? saved.seed : Math.floor(Math.random() * 2 ** 31);
    this.events = saved ? saved.events : [];
    this.worker.postMessage({ type: "start", exercise: this.options.exercise,
                              language: this.options.language, seed: this.seed,
                              events: JSON.stringify(this.events) });
    return Boolean(saved && saved.events.length);
  }

  clear() {
    try { window.localStorage.removeItem(this.options.storeKey); } catch (error) { /* private mode */ }
    this.events = [];
    this.seed = Math.floor(Math.random() * 2 ** 31);
    this.firstOrdinal = null;
    this.worker.postMessage({ type: "restart", exercise: this.options.exercise,
                              language: this.options.language, seed: this.seed });
  }

  loadSaved() {
    if (!this.options.keepWork) return null;
    try {
      const text = window.localStorage.getItem(this.options.storeKey);
      if (!text) return null;
      const saved = JSON.parse(text);
      if (typeof saved.seed !== "number" || !Array.isArray(saved.events)) return null;
      return saved;
    } catch (error) {
      return null;
    }
  }

  save() {
    if (!this.options.keepWork) return;
    const text = JSON.stringify({ seed: this.seed, events: this.events });
    if (text.length > MAX_SAVED_BYTES) return;   // too large to keep: downloads still work
    try { window.localStorage.setItem(this.options.storeKey, text); } catch (error) { /* full or blocked */ }
  }

  sendToPython(comm, data, callbacks, buffers) {
    const id = `m${this.nextMessage++}`;
    if (callbacks) this.callbacks.set(id, callbacks);
    const copies = (buffers || []).map((b) => new Uint8Array(b.buffer ? b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) : b));
    const text = JSON.stringify(data);
    this.worker.postMessage({ type: "comm_msg", id, comm_id: comm.comm_id, data: text,
                              buffers: copies });
    if (this.firstOrdinal !== null && comm.ordinal >= this.firstOrdinal) {
      this.record([comm.ordinal - this.firstOrdinal, JSON.parse(text), copies.map(toBase64)]);
    }
    return id;
  }

  /* Typing sends one update per key; only the last of a run of updates to the same field
     matters, so the run is kept as one (the saved list stays small however long the text). */
  record(event) {
    const last = this.events[this.events.length - 1];
    const sameKeys = (a, b) => a && b && Object.keys(a).sort().join() === Object.keys(b).sort().join();
    if (last && last[0] === event[0] && last[1].method === "update" && event[1].method === "update"
        && !last[2].length && !event[2].length && sameKeys(last[1].state, event[1].state)) {
      this.events[this.events.length - 1] = event;
    } else {
      this.events.push(event);
    }
    this.save();
  }

  fromWorker(message) {
    switch (message.type) {
      case "progress": this.options.onProgress(message); break;
      case "timing": performance.mark(`course-${message.name}`); break;
      case "error": this.options.onError(message.text); break;
      case "processed": {
        // The widgets wait for this before sending their next change (as for a kernel's
        // "idle"); without it a second change would never leave the page.
        const callbacks = this.callbacks.get(message.id);
        this.callbacks.delete(message.id);
        if (callbacks && callbacks.iopub && callbacks.iopub.status) {
          callbacks.iopub.status({ content: { execution_state: "idle" } });
        }
        break;
      }
      case "py": this.fromPython(JSON.parse(message.json), message.buffers || []); break;
      default: break;
    }
  }

  fromPython(message, buffers) {
    if (message.type === "comm_open") {
      const comm = new WorkerComm(this, message.comm_id, message.target_name, message.ordinal);
      this.comms.set(message.comm_id, comm);
      this.manager.handle_comm_open(comm, { content: { comm_id: message.comm_id,
        target_name: message.target_name, data: message.data }, metadata: message.metadata,
        buffers: buffers.map((b) => new DataView(b.buffer, b.byteOffset, b.byteLength)) });
    } else if (message.type === "comm_msg") {
      const comm = this.comms.get(message.comm_id);
      if (comm) comm.deliver({ content: { comm_id: message.comm_id, data: message.data },
        metadata: message.metadata,
        buffers: buffers.map((b) => new DataView(b.buffer, b.byteOffset, b.byteLength)) });
    } else if (message.type === "comm_close") {
      const comm = this.comms.get(message.comm_id);
      this.comms.delete(message.comm_id);
      if (comm && comm.closeHandler) comm.closeHandler({ content: { comm_id: message.comm_id, data: message.data } });
    } else if (message.type === "html") {
      // The app's own style sheet (the course's feedback styles), written by the course;
      // once is enough when the app starts over.
      if (this.styled) return;
      this.styled = true;
      const holder = document.createElement("div");
      holder.hidden = true;
      holder.innerHTML = message.html;
      this.element.before(holder);
    } else if (message.type === "display") {
      this.firstOrdinal = message.first_ordinal;
      this.display(message.model_id, message.skipped || 0);
    }
  }

  async display(modelId, skipped) {
    const model = await this.manager.get_model(modelId);
    if (this.view) this.view.remove();
    this.element.replaceChildren();
    this.view = await this.manager.create_view(model);
    await this.manager.display_view(this.view, this.element);
    this.options.onReady({ skipped });
  }

  /* A chart arrives as an element holding its Vega-Lite spec (the same chart functions as in
     the book and in Voila); vega-embed draws it here as SVG. The text alternative is the
     figure's own, around it, so the drawing is hidden from screen readers. */
  watchCharts() {
    const draw = (root) => {
      if (!root.querySelectorAll) return;
      const found = root.matches && root.matches(".course-vega[data-vega-lite]") ? [root] : [];
      root.querySelectorAll(".course-vega[data-vega-lite]").forEach((el) => found.push(el));
      found.forEach((el) => {
        if (el.dataset.drawn) return;
        el.dataset.drawn = "1";
        let spec;
        try { spec = JSON.parse(el.getAttribute("data-vega-lite")); } catch (error) { return; }
        embed(el, spec, { renderer: "svg", actions: false, tooltip: false }).then(() => {
          const svg = el.querySelector("svg");
          if (svg) {
            svg.setAttribute("aria-hidden", "true");
            svg.setAttribute("focusable", "false");
            svg.style.maxWidth = "100%";
            svg.style.height = "auto";
          }
          el.dispatchEvent(new CustomEvent("course-chart-drawn", { bubbles: true }));
        }).catch((error) => console.error("chart", error));
      });
    };
    this.vegaObserver = new MutationObserver((mutations) => {
      mutations.forEach((m) => m.addedNodes.forEach((node) => draw(node)));
    });
    this.vegaObserver.observe(this.element, { subtree: true, childList: true });
  }
}

function toBase64(bytes) {
  let text = "";
  for (let i = 0; i < bytes.length; i += 0x8000) {
    text += String.fromCharCode.apply(null, bytes.subarray(i, i + 0x8000));
  }
  return btoa(text);
}

export function startExercise(element, options, restore = true) {
  const session = new ExerciseSession(element, options);
  const restored = session.start(restore);
  return { session, restored };
}
