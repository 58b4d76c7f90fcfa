/* The Python half's home: a Web Worker that starts Pyodide from the course site's own files,
   unpacks the pinned Python packages and the course's engine and data, and runs the exercise
   app. It carries the widgets' messages between Python (course_browser.py) and the page. */
import { loadPyodide } from "./pyodide/pyodide.mjs";

const here = new URL("./", import.meta.url);
let python = null;
let bridge = null;
let started = null;

function progress(stage, loaded = 0, total = 0) {
  self.postMessage({ type: "progress", stage, loaded, total });
}

function timing(name) {
  self.postMessage({ type: "timing", name });
}

/* Fetch every file of the manifest, reporting bytes as they arrive. */
async function download(files) {
  const total = files.reduce((sum, file) => sum + file.bytes, 0);
  let loaded = 0;
  progress("download", loaded, total);
  return Promise.all(files.map(async (file) => {
    const response = await fetch(new URL(file.path, here));
    if (!response.ok) throw new Error(`${file.path}: HTTP ${response.status}`);
    const reader = response.body.getReader();
    const chunks = [];
    let size = 0;
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
      size += value.length;
      loaded += value.length;
      progress("download", Math.min(loaded, total), total);
    }
    const bytes = new Uint8Array(size);
    let offset = 0;
    for (const chunk of chunks) { bytes.set(chunk, offset); offset += chunk.length; }
    return { file, bytes };
  }));
}

async function boot() {
  const manifest = await (await fetch(new URL("manifest.json", here))).json();
  // The packages download while the runtime starts: both take seconds.
  const packages = download(manifest.archives);
  python = await loadPyodide({ indexURL: new URL("pyodide/", here).href, packages: [],
                               stdout: (text) => console.log(text),
                               stderr: (text) => console.warn(text) });
  timing("runtime-ready");
  const archives = await packages;
  timing("downloaded");
  progress("unpack");
  const sitePackages = python.runPython("import site; site.getsitepackages()[0]");
  for (const { file, bytes } of archives) {
    python.unpackArchive(bytes, file.format === "wheel" ? "wheel" : "zip",
                         { extractDir: file.target === "data" ? "/course" : sitePackages });
  }
  progress("import");
  python.runPython("import os; os.environ['COURSE_DATA_DIR'] = '/course/data'");
  bridge = python.pyimport("course_browser");
  bridge.connect((json, buffers) => {
    const copies = buffers ? Array.from(buffers.toJs ? buffers.toJs() : buffers, (b) => b.slice()) : [];
    self.postMessage({ type: "py", json, buffers: copies });
  });
  python.runPython("import ipywidgets, altair, councillor_exercises.widgets.common");
  timing("imported");
}

function run(action) {
  try {
    return action();
  } catch (error) {
    self.postMessage({ type: "error", text: String(error && error.message || error) });
    return null;
  }
}

self.onmessage = async (event) => {
  const message = event.data;
  if (message.type === "boot") {
    if (!started) started = boot();
    started.catch((error) => self.postMessage({ type: "error", text: String(error && error.message || error) }));
  } else if (message.type === "start" || message.type === "restart") {
    try {
      if (!started) started = boot();
      await started;
      progress("build");
      run(() => bridge.start(message.exercise, message.language, message.seed,
                             message.events || "[]"));
      timing("app-built");
    } catch (error) {
      self.postMessage({ type: "error", text: String(error && error.message || error) });
    }
  } else if (message.type === "comm_msg") {
    run(() => bridge.receive(JSON.stringify({ comm_id: message.comm_id, data: JSON.parse(message.data) }),
                             message.buffers && message.buffers.length ? message.buffers : null));
    self.postMessage({ type: "processed", id: message.id });
  }
};
