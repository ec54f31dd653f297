// Give every Jupyter-widget slider handle an accessible name: the slider's description;
// name the theme's search buttons by their visible text (see _ext/book_a11y.py).
// The widgets render after the page loads, so label them whenever the page changes.
(function () {
  "use strict";
  function nameHandles() {
    document.querySelectorAll(".widget-slider, .jupyter-widget-slider").forEach(function (slider) {
      var label = slider.querySelector(".widget-label");
      var name = label ? label.textContent.trim() : "";
      if (!name) return;
      slider.querySelectorAll("[role='slider']").forEach(function (handle) {
        if (handle.getAttribute("aria-label") !== name) handle.setAttribute("aria-label", name);
      });
    });
  }
  // WCAG 2.5.3 (label in name): the theme's search buttons show "Search Ctrl+K" but are
  // named "Search"; name them by what they show. The colour-mode button is named
  // "Color mode"; its icons are decoration, so their titles ("Light", "Dark", ...),
  // which Font Awesome turns into <title> elements of its SVGs, are dropped.
  function labelInName() {
    document.querySelectorAll(".search-button-field[aria-label]").forEach(function (button) {
      button.removeAttribute("aria-label");
    });
    document.querySelectorAll(".theme-switch-button i, .theme-switch-button svg")
      .forEach(function (icon) {
        icon.setAttribute("aria-hidden", "true");
        icon.removeAttribute("title");
        icon.removeAttribute("aria-labelledby");
        icon.querySelectorAll("title").forEach(function (title) { title.remove(); });
      });
  }
  var pending = false;
  new MutationObserver(function () {
    if (pending) return;
    pending = true;
    window.requestAnimationFrame(function () { pending = false; labelInName(); nameHandles(); });
  }).observe(document.documentElement, { childList: true, subtree: true });
  document.addEventListener("DOMContentLoaded", function () { labelInName(); nameHandles(); });
})();
