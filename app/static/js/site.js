// Progressive enhancement only: every page works without this file.
(function () {
  "use strict";
  // Disable the submit button after the first click; the server is idempotent anyway.
  document.querySelectorAll("form[data-once]").forEach(function (form) {
    form.addEventListener("submit", function (event) {
      var button = event.submitter;
      if (!button || button.value === "back") { return; }
      window.setTimeout(function () { button.disabled = true; }, 0);
    });
  });
  // Move focus to the error summary so screen-reader users hear what went wrong.
  var summary = document.getElementById("error-summary");
  if (summary) {
    summary.focus();
    // A link to a field scrolls its question into view too, not only the input box,
    // which on a phone would otherwise sit at the top edge with its question hidden.
    summary.addEventListener("click", function (event) {
      var link = event.target.closest("a[href^='#']");
      var input = link && document.getElementById(link.getAttribute("href").slice(1));
      if (!input) { return; }
      event.preventDefault();
      (input.closest(".field") || input).scrollIntoView();
      input.focus({ preventScroll: true });
    });
  }
  // Progress bars of running analyses refresh themselves.
  var progress = document.querySelector("[data-refresh-seconds]");
  if (progress) {
    window.setTimeout(function () { window.location.reload(); },
      1000 * parseInt(progress.getAttribute("data-refresh-seconds"), 10));
  }
})();
