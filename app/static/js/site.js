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
  if (summary) { summary.focus(); }
  // Progress bars of running analyses refresh themselves.
  var progress = document.querySelector("[data-refresh-seconds]");
  if (progress) {
    window.setTimeout(function () { window.location.reload(); },
      1000 * parseInt(progress.getAttribute("data-refresh-seconds"), 10));
  }
})();
