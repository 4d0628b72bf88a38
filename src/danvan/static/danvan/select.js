/* The matter pages' small conveniences; every page works without them.
 *
 * 1. Searchable selects: every <select data-searchable> (long lists of bodies, areas and
 *    officers) becomes a Tom Select (from npm: vendor/tom-select), which searches with or
 *    without diacritics. Its texts come from this script's data attributes, which the page renders
 *    with gettext (Vietnamese by default): data-no-results, data-placeholder, data-loading.
 * 2. Filter panels: <details data-open-wide> are open on a wide screen and folded on a phone.
 * 3. <button data-print hidden> (a receipt) is shown and prints the page.
 *
 * Loaded with `defer` after tom-select.complete.min.js; no inline script or style (CSP).
 */
(function () {
  "use strict";

  var script = document.currentScript;
  var texts = (script && script.dataset) || {};
  var WIDE = "(min-width: 769px)";

  function escapeHtml(text) {
    return String(text || "").replace(/[&<>"']/g, function (c) {
      return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c];
    });
  }

  function enhance(select) {
    if (select.tomselect || typeof window.TomSelect !== "function") {
      return;
    }
    var settings = {
      searchField: ["text"],
      allowEmptyOption: true,
      maxOptions: 300,
      placeholder: texts.placeholder || "",
      // Tom Select matches every typed word, with or without diacritics ("uy ban" finds
      // "Ủy ban", "dong da" finds "Đống Đa": its unicode variants fold đ to d too), best first.
      render: {
        no_results: function () {
          return '<div class="no-results">' + escapeHtml(texts.noResults) + "</div>";
        },
        loading: function () {
          return '<div class="spinner">' + escapeHtml(texts.loading) + "</div>";
        },
      },
    };
    // eslint-disable-next-line no-new
    new window.TomSelect(select, settings);
    // The label now names Tom Select's input; the hidden select keeps its name too.
    var label = select.id && document.getElementById(select.id + "-ts-label");
    if (label && !select.hasAttribute("aria-labelledby")) {
      select.setAttribute("aria-labelledby", label.id);
    }
  }

  function enhanceAll(root) {
    Array.prototype.forEach.call(root.querySelectorAll("select[data-searchable]"), enhance);
  }

  // A select whose options htmx replaced (a province's communes): read them again.
  function resync(select) {
    var control = select && select.tomselect;
    if (!control) {
      return;
    }
    control.clear(true);
    control.clearOptions(function () {
      return false;
    });
    control.sync();
  }

  function openWide() {
    if (!window.matchMedia || !window.matchMedia(WIDE).matches) {
      return;
    }
    Array.prototype.forEach.call(document.querySelectorAll("details[data-open-wide]"), function (d) {
      d.open = true;
    });
  }

  function printButtons() {
    Array.prototype.forEach.call(document.querySelectorAll("button[data-print]"), function (b) {
      b.hidden = false;
      b.addEventListener("click", function () {
        window.print();
      });
    });
  }

  function start() {
    openWide();
    printButtons();
    enhanceAll(document);
    document.body.addEventListener("htmx:afterSwap", function (event) {
      var target = event.detail && event.detail.target;
      if (target && target.matches && target.matches("select[data-searchable]")) {
        resync(target);
      }
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
