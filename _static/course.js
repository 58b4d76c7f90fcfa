/* The course's small additions to the theme's behaviour (no other script is added).
   - Sidebar toggles: the theme wires only the first .primary-toggle and .secondary-toggle on
     the page, which sit in a header that this theme hides; the visible buttons above the
     article did nothing, so a phone had no way to open the course's navigation. A press on a
     visible toggle now does what the first one does: on a wide screen it shows or hides the
     sidebar, on a narrow one it opens the sidebar as a dialog (Escape closes it and returns
     focus to the button).
   - Keyboard focus: the theme takes focus off its colour-mode button after each press; when
     the press came from the keyboard, focus goes back to the button.
   - Printing: every closed dropdown (<details>) opens while the page prints and closes again
     afterwards, so answers appear on paper; links whose text already is their address are
     marked, so the print style does not write the address twice. */
(function () {
  "use strict";

  function forwardToggles(selector) {
    var toggles = document.querySelectorAll(selector);
    var wired = toggles[0];
    Array.prototype.slice.call(toggles, 1).forEach(function (button) {
      button.addEventListener("click", function (event) {
        event.preventDefault();
        wired.click();
      });
    });
  }

  function keepKeyboardFocus(selector) {
    document.querySelectorAll(selector).forEach(function (button) {
      button.addEventListener("click", function (event) {
        if (event.detail === 0) {   // a click made by Enter or Space, not by a pointer
          window.setTimeout(function () { button.focus(); }, 0);
        }
      });
    });
  }

  function bare(address) {
    return address.replace(/^(https?:)?\/\//, "").replace(/^www\./, "").replace(/\/$/, "");
  }

  function markSelfDescribingLinks() {
    document.querySelectorAll(".bd-article a.reference.external[href]").forEach(function (link) {
      if (bare(link.textContent.trim()) === bare(link.getAttribute("href"))) {
        link.classList.add("course-link-shows-address");
      }
    });
  }

  var opened = [];
  window.addEventListener("beforeprint", function () {
    opened = Array.prototype.slice.call(document.querySelectorAll("details:not([open])"));
    opened.forEach(function (details) { details.open = true; });
  });
  window.addEventListener("afterprint", function () {
    opened.forEach(function (details) { details.open = false; });
    opened = [];
  });

  function ready() {
    forwardToggles(".primary-toggle");
    forwardToggles(".secondary-toggle");
    keepKeyboardFocus(".theme-switch-button");
    markSelfDescribingLinks();
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", ready);
  } else {
    ready();
  }
})();

/* Remember the edition a reader switches to: the site's front door (/index.html) opens it next
   time instead of the Danish default. Kept in this browser only. */
document.addEventListener("click", (event) => {
  const link = event.target.closest && event.target.closest("a[data-course-edition]");
  if (!link) return;
  try { localStorage.setItem("course-edition", link.dataset.courseEdition); } catch (e) { /* private mode */ }
});
