/* The exercise apps' front end in Voila: what the page needs to draw an app Voila has run and
   to connect its widgets to the app's kernel, and nothing else.

   Voila's own front end is a JupyterLab application of about 5 MB of JavaScript (code editors,
   Markdown, maths, Vega, JSON and JavaScript renderers, a theme manager) that starts only once
   every part of it has loaded; a learner's first app waited about 2.5 s on it before the kernel
   was even asked for the widgets. The course's apps need the widget manager and the kernel's
   connection: this page half is that (the same widget manager the in-browser exercises use),
   and the course's Voila template loads it in place of Voila's (tools/build_browser.py builds
   it; without it the template keeps Voila's own).

   What it does, in Voila's own order: connect to the kernel Voila started for this page (its
   id is in the page's configuration), ask the kernel for every widget it holds, draw each
   cell's outputs where Voila wrote them (widgets, HTML, text), then show the page. It holds no
   words: the app's texts come from the app, and a lost session is said by course-app.js. */
import { HTMLManager } from "@jupyter-widgets/html-manager/lib/htmlmanager";
import { shims } from "@jupyter-widgets/base";
import { PageConfig } from "@jupyterlab/coreutils";
import { ServerConnection } from "@jupyterlab/services/lib/serverconnection";
import { KernelAPI } from "@jupyterlab/services/lib/kernel";
import { KernelConnection } from "@jupyterlab/services/lib/kernel/default";
import "@jupyter-widgets/controls/css/widgets.css";

const WIDGET_VIEW = "application/vnd.jupyter.widget-view+json";
const OUTPUT_SCRIPT = 'script[type="application/vnd.voila.cell-output+json"]';

/* The widget manager of the in-browser exercises, talking to a real kernel. */
class KernelWidgetManager extends HTMLManager {
  constructor(kernel) {
    super();
    this.kernel = kernel;
    kernel.registerCommTarget(this.comm_target_name, (comm, message) => {
      this.handle_comm_open(new shims.services.Comm(comm), message);
    });
  }

  async _create_comm(targetName, modelId, data, metadata, buffers) {
    const comm = this.kernel.createComm(targetName, modelId);
    if (data || metadata) comm.open(data, metadata, buffers);
    return new shims.services.Comm(comm);
  }

  async _get_comm_info() {
    const reply = await this.kernel.requestCommInfo({ target_name: this.comm_target_name });
    return reply.content.status === "ok" ? reply.content.comms : {};
  }
}

/* One output as Voila's front end draws it: a widget, HTML (trusted, as Voila marks the app's
   own outputs), or text. */
async function drawOutput(manager, output, holder) {
  const data = output.data || {};
  if (output.output_type === "stream") {
    const text = document.createElement("pre");
    text.textContent = output.text || "";
    holder.append(text);
  } else if (data[WIDGET_VIEW]) {
    // Without its kernel a widget cannot be drawn, and its text form ("VBox(children=…") means
    // nothing to a learner: nothing is drawn, and course-app.js says the session has ended.
    if (!manager) return;
    const model = await manager.get_model(data[WIDGET_VIEW].model_id);
    const view = await manager.create_view(model);
    await manager.display_view(view, holder);
  } else if (data["text/html"] !== undefined) {
    const html = Array.isArray(data["text/html"]) ? data["text/html"].join("") : data["text/html"];
    holder.innerHTML = html;
  } else if (data["text/plain"] !== undefined) {
    const text = document.createElement("pre");
    text.textContent = Array.isArray(data["text/plain"]) ? data["text/plain"].join("")
                                                          : data["text/plain"];
    holder.append(text);
  }
}

async function connect() {
  const serverSettings = ServerConnection.makeSettings({ baseUrl: PageConfig.getBaseUrl() });
  const kernelId = PageConfig.getOption("kernelId");
  const model = kernelId ? await KernelAPI.getKernelModel(kernelId, serverSettings) : undefined;
  if (!model) return null;   // the kernel is gone: course-app.js says so in the learner's words
  const kernel = new KernelConnection({ model, serverSettings });
  const manager = new KernelWidgetManager(kernel);
  await manager._loadFromKernel();
  return manager;
}

async function main() {
  let manager = null;
  try {
    manager = await connect();
  } catch (error) {
    console.error("The app's kernel could not be reached", error);
  }
  const drawn = [...document.querySelectorAll(OUTPUT_SCRIPT)].map(async (script) => {
    const holder = document.createElement("div");
    holder.className = "jp-OutputArea-output";
    script.after(holder);
    try {
      await drawOutput(manager, JSON.parse(script.textContent), holder);
    } catch (error) {
      console.error("An output could not be drawn", error);
    }
  });
  await Promise.all(drawn);
  // Voila's page shows its cells once its theme has loaded and its cells have run; this front
  // end has no theme to load.
  window.themeLoaded = true;
  if (window.display_cells) window.display_cells();
}

if (document.readyState === "loading") {
  document.addEventListener("DOMContentLoaded", main);
} else {
  main();
}
