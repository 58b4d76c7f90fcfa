/* The course's page behaviour for the exercise apps, the same wherever an app is hosted
   (the Voila template inlines this file). It holds no words: every text it shows or announces
   comes from the app itself, which takes it from the course's data files.

   1. Where the learner lands. An app marks the heading of a step it has just opened with
      data-course-focus="<token>": the view moves there and keyboard focus lands on it. It
      marks new feedback with data-course-announce="<text>": the feedback comes into view and
      its text is read out by screen readers through one polite live region.
   2. A lost session. When the page's connection to its kernel closes and no new one opens
      within a few seconds (the server stopped or restarted), when the server no longer knows
      the page's kernel (it was culled or shut down: checked every 15 s and when a phone wakes),
      or when ipywidgets marks the widgets "jupyter-widgets-disconnected", the app's own notice
      (class course-session-lost, hidden until then) is shown at the top of the screen. A short
      network blip that reconnects at once shows nothing.
   3. A closed page frees its kernel: on pagehide the page asks Voila to shut its kernel down
      (Voila's own /voila/api/shutdown handler), so reloads do not pile up kernels.
   4. Loading: while Voila runs the app, the loading line shows the app's own words
      (window.courseLoadingText, set by the template) instead of "Executing 1 of 2". */
(function () {
  "use strict";
  var handled = new WeakSet();
  var announcer = null;
  var sessionLost = false;

  function liveRegion() {
    if (!announcer) {
      announcer = document.createElement("div");
      announcer.id = "course-announcer";
      announcer.className = "course-visually-hidden";
      announcer.setAttribute("role", "status");
      announcer.setAttribute("aria-live", "polite");
      document.body.appendChild(announcer);
    }
    return announcer;
  }

  function announce(text) {
    var region = liveRegion();
    // Emptied first so that the same words, announced twice in a row, are read twice.
    region.textContent = "";
    window.setTimeout(function () { region.textContent = text; }, 60);
  }

  // A mark can arrive a moment before the box around it is shown (the widgets send their
  // changes one by one): wait, a frame at a time for up to two seconds, until it is visible.
  function whenVisible(element, action) {
    var tries = 0;
    (function attempt() {
      if (element.isConnected && element.getClientRects().length > 0) action();
      else if (element.isConnected && tries++ < 120) window.requestAnimationFrame(attempt);
    })();
  }

  function land(element) {
    whenVisible(element, function () {
      if (!element.hasAttribute("tabindex")) element.setAttribute("tabindex", "-1");
      element.scrollIntoView({ block: "start" });
      element.focus({ preventScroll: true });
    });
  }

  function showFeedback(element) {
    whenVisible(element, function () {
      element.scrollIntoView({ block: "start" });
      announce(element.getAttribute("data-course-announce") || element.textContent.slice(0, 400));
    });
  }

  function showSessionLost() {
    if (sessionLost || leaving) return;
    var notices = document.querySelectorAll(".course-session-lost");
    if (!notices.length) return;
    sessionLost = true;
    notices.forEach(function (notice) {
      notice.hidden = false;
      notice.classList.add("course-session-lost-shown");
    });
    announce(notices[0].textContent);
  }

  function scan(root) {
    if (!root || !root.querySelectorAll) return;
    var marked = [];
    if (root.matches && root.matches("[data-course-focus], [data-course-announce]")) marked.push(root);
    root.querySelectorAll("[data-course-focus], [data-course-announce]").forEach(function (el) {
      marked.push(el);
    });
    marked.forEach(function (el) {
      if (handled.has(el)) return;
      handled.add(el);
      if (el.hasAttribute("data-course-focus")) land(el);
      else showFeedback(el);
    });
    if (root.classList && root.classList.contains("jupyter-widgets-disconnected")) showSessionLost();
    else if (root.querySelector(".jupyter-widgets-disconnected")) showSessionLost();
  }

  function start() {
    liveRegion();
    // In Voila, the token the page will need to free its kernel is set now: a cookie written
    // as the page is left may not yet be sent with that last request (the shutdown was then
    // refused, 403, and the kernel waited for the culler). The book's pages set no cookie.
    var config = voilaConfig();
    if (config && config.kernelId) xsrfToken();
    new MutationObserver(function (mutations) {
      mutations.forEach(function (mutation) {
        if (mutation.type === "attributes") scan(mutation.target);
        else mutation.addedNodes.forEach(function (node) { scan(node); });
      });
    }).observe(document.body, { subtree: true, childList: true, attributes: true,
                                attributeFilter: ["class"] });
  }

  // The kernel's connection is a WebSocket to .../channels. Voila's own script opens it after
  // this one has run, so the constructor is wrapped here to follow each socket's life.
  var openChannels = 0;
  var lostTimer = null;
  var NativeWebSocket = window.WebSocket;
  if (NativeWebSocket) {
    var Watched = function (url, protocols) {
      var socket = protocols === undefined ? new NativeWebSocket(url)
                                           : new NativeWebSocket(url, protocols);
      if (String(url).indexOf("/channels") !== -1) {
        var opened = false;
        socket.addEventListener("open", function () { opened = true; openChannels += 1; });
        socket.addEventListener("close", function () {
          if (opened) openChannels -= 1;
          if (lostTimer) window.clearTimeout(lostTimer);
          // The widgets' own manager tries to reconnect at once; give it time to succeed.
          lostTimer = window.setTimeout(function () {
            if (openChannels <= 0) showSessionLost();
          }, 6000);
        });
      }
      return socket;
    };
    Watched.prototype = NativeWebSocket.prototype;
    ["CONNECTING", "OPEN", "CLOSING", "CLOSED"].forEach(function (name) {
      Watched[name] = NativeWebSocket[name];
    });
    window.WebSocket = Watched;
  }
  var leaving = false;
  window.addEventListener("pagehide", function () { leaving = true; });

  // A kernel shut down on the server (culled, or stopped by the facilitator) leaves the page's
  // own socket open and silent. So, while the page is in view, it asks now and then whether its
  // kernel is still there: a socket to the kernel that the server refuses means it is gone.
  function probeKernel() {
    var config = voilaConfig();
    if (sessionLost || leaving || !config || !config.kernelId || !NativeWebSocket) return;
    if (document.visibilityState === "hidden") return;
    var base = (config.baseUrl || "/").replace(/\/?$/, "/");
    var url = location.origin.replace(/^http/, "ws") + base + "api/kernels/"
              + encodeURIComponent(config.kernelId) + "/channels?session_id=course-probe-"
              + Math.random().toString(36).slice(2);
    var probe = new NativeWebSocket(url);
    var opened = false;
    probe.onopen = function () { opened = true; probe.close(); };
    probe.onclose = function () { if (!opened) showSessionLost(); };
  }
  window.setInterval(probeKernel, 15000);
  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "visible") probeKernel();
  });

  function voilaConfig() {
    var element = document.getElementById("jupyter-config-data");
    if (!element) return null;
    try { return JSON.parse(element.textContent); } catch (error) { return null; }
  }

  function cookie(name) {
    var match = document.cookie.match(new RegExp("(?:^|; )" + name + "=([^;]*)"));
    return match ? decodeURIComponent(match[1]) : "";
  }

  // The shutdown request must carry the server's XSRF token. Where the server has set none
  // (Voila's render page does not), the page sets its own, the double-submit form Tornado
  // accepts: the same random value in a same-site cookie and in the request.
  function xsrfToken() {
    var token = cookie("_xsrf");
    if (!token && window.crypto && window.crypto.getRandomValues) {
      var bytes = new Uint8Array(16);
      window.crypto.getRandomValues(bytes);
      token = Array.prototype.map.call(bytes, function (b) {
        return ("0" + b.toString(16)).slice(-2);
      }).join("");
      document.cookie = "_xsrf=" + token + "; path=/; SameSite=Strict";
    }
    return token;
  }

  window.addEventListener("pagehide", function () {
    var config = voilaConfig();
    if (!config || !config.kernelId || !navigator.sendBeacon) return;
    var base = (config.baseUrl || "/").replace(/\/?$/, "/");
    var xsrf = xsrfToken();
    navigator.sendBeacon(base + "voila/api/shutdown/" + encodeURIComponent(config.kernelId)
                         + (xsrf ? "?_xsrf=" + encodeURIComponent(xsrf) : ""));
  });

  window.voila_process = function () {
    var element = document.getElementById("loading_text");
    if (element && window.courseLoadingText) element.textContent = window.courseLoadingText;
  };

  window.voila_process();
  if (document.body) start();
  else document.addEventListener("DOMContentLoaded", start);
})();
