// The progress page of background work: an export (templates/tasks/export_jobs/detail.html) or a
// large import being read (templates/tasks/importing/parsing.html). Poll the JSON status at the
// root's data-status-url, move the <progress> bar, then show the "done" block (the download link)
// or the error; a status with a next_url (the import's preview) is opened when it is done.
(function () {
  "use strict";
  var root = document.querySelector("[data-job]");
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
    if (status.state === "done" && status.next_url) {
      window.location.assign(status.next_url);
      return true;
    }
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
