/* A job's progress (core/_job_progress.html): poll its status every second and move the bar; when it
   ends, load the result part into the page (data-result-url), or reload the page, whose view then shows
   the result or moves on to it. Without JavaScript the page refreshes itself (a <noscript> meta refresh). */
(function () {
  "use strict";
  var box = document.getElementById("job");
  if (!box || box.dataset.finished === "1") { return; }
  var bar = document.getElementById("job-bar");
  var percent = document.getElementById("job-percent");
  var phase = document.getElementById("job-phase");
  var count = document.getElementById("job-count");
  var progress = document.getElementById("job-progress");
  var result = document.getElementById("job-result");
  var failures = 0;

  function showResult() {
    if (!box.dataset.resultUrl || !result) { window.location.reload(); return; }
    fetch(box.dataset.resultUrl, { credentials: "same-origin", headers: { "X-Requested-With": "fetch" } })
      .then(function (r) { if (!r.ok) { throw new Error(r.status); } return r.text(); })
      .then(function (html) {
        result.innerHTML = html;
        progress.hidden = true;
        box.dataset.finished = "1";
      })
      .catch(function () { window.location.reload(); });
  }

  function update(data) {
    var p = Math.max(0, Math.min(100, data.percent || 0));
    bar.value = p;
    bar.textContent = p + "%";
    percent.textContent = p;
    if (data.phase) { phase.textContent = data.phase_label || data.phase; }
    count.textContent = data.count_label !== undefined ? data.count_label
      : (data.total ? "（" + data.done + "/" + data.total + "）" : "");
  }

  function poll() {
    fetch(box.dataset.statusUrl, { credentials: "same-origin", headers: { "Accept": "application/json" } })
      .then(function (r) { if (!r.ok) { throw new Error(r.status); } return r.json(); })
      .then(function (data) {
        failures = 0;
        update(data);
        if (data.status === "done" || data.status === "failed") {
          showResult();
        } else {
          window.setTimeout(poll, 1000);
        }
      })
      .catch(function () {
        failures += 1;
        window.setTimeout(poll, Math.min(1000 * failures, 10000));
      });
  }

  window.setTimeout(poll, 1000);
})();
