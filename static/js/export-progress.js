// The progress page of a background export (templates/tasks/export_jobs/detail.html): poll the
// job's JSON status, move the <progress> bar, then show the download link or the error.
(function () {
  "use strict";
  var root = document.querySelector("[data-export-job]");
  if (!root) { return; }
  var url = root.getAttribute("data-status-url");
  var bar = root.querySelector("[data-job-progress]");
  var label = root.querySelector("[data-job-label]");
  var running = root.querySelector("[data-job-running]");
  var done = root.querySelector("[data-job-done]");
  var failed = root.querySelector("[data-job-failed]");
  var error = root.querySelector("[data-job-error]");
  var reload = root.querySelector("[data-job-reload]");
  var delay = 1000;
  if (reload) { reload.hidden = true; }

  function show(status) {
    root.setAttribute("data-state", status.state);
    if (status.percent === null || status.percent === undefined) {
      bar.removeAttribute("value");
    } else {
      bar.value = status.percent;
    }
    label.textContent = status.label;
    if (status.state === "done") {
      running.hidden = true;
      done.hidden = false;
    } else if (status.state === "failed") {
      running.hidden = true;
      error.textContent = status.error;
      failed.hidden = false;
    }
    return status.finished;
  }

  function poll() {
    fetch(url, {credentials: "same-origin", headers: {"Accept": "application/json"}})
      .then(function (response) {
        if (!response.ok) { throw new Error(String(response.status)); }
        return response.json();
      })
      .then(function (status) {
        if (!show(status)) { window.setTimeout(poll, delay); }
      })
      .catch(function () {
        // The server may be restarting: keep the reload link and try again more slowly.
        if (reload) { reload.hidden = false; }
        delay = Math.min(delay * 2, 10000);
        window.setTimeout(poll, delay);
      });
  }
  if (root.getAttribute("data-state") !== "done" && root.getAttribute("data-state") !== "failed") {
    window.setTimeout(poll, 300);
  }
}());
