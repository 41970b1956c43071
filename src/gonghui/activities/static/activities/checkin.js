// The officer's check-in page: scan members' QR codes with the phone camera (BarcodeDetector where the
// browser has it), post each code to the same page, show the result. The text box and the roster
// tick list work without any of this. The script's own words come translated in the form's data-* attributes.
(function () {
  "use strict";
  var form = document.getElementById("code-form");
  var result = document.getElementById("scan-result");
  var counter = document.getElementById("checked-count");
  var filter = document.getElementById("roster-filter");
  if (filter) {
    filter.addEventListener("input", function () {
      var q = filter.value.trim();
      document.querySelectorAll(".act-roster li").forEach(function (li) {
        li.hidden = q && li.dataset.name.indexOf(q) === -1;
      });
    });
  }
  if (!form) return;
  var token = form.querySelector("input[name=csrfmiddlewaretoken]").value;
  var busy = false, lastCode = "", lastAt = 0;

  function send(code) {
    if (busy) return;
    var now = Date.now();
    if (code === lastCode && now - lastAt < 4000) return; // the same code seen twice in a row
    busy = true; lastCode = code; lastAt = now;
    var body = new FormData();
    body.append("code", code);
    fetch(window.location.pathname, {method: "POST", body: body, credentials: "same-origin",
      headers: {"X-CSRFToken": token, "Accept": "application/json"}})
      .then(function (r) { return r.json(); })
      .then(function (data) {
        result.textContent = (data.messages || []).join(" ");
        result.className = "act-result " + (data.ok ? "ok" : "bad");
        if (data.ok && counter) {
          var parts = counter.textContent.split("/");
          counter.textContent = (parseInt(parts[0], 10) + 1) + "/" + parts[1];
          if (navigator.vibrate) navigator.vibrate(80);
        }
      })
      .catch(function () { result.textContent = form.dataset.networkError; result.className = "act-result bad"; })
      .finally(function () { busy = false; });
  }

  if (!("BarcodeDetector" in window) || !navigator.mediaDevices) return;
  var start = document.getElementById("camera-start");
  var box = document.getElementById("camera-box");
  var video = document.getElementById("camera");
  start.hidden = false;
  start.addEventListener("click", function () {
    var detector = new window.BarcodeDetector({formats: ["qr_code"]});
    navigator.mediaDevices.getUserMedia({video: {facingMode: "environment"}, audio: false}).then(function (stream) {
      video.srcObject = stream;
      box.hidden = false; start.hidden = true;
      return video.play().then(function () {
        (function tick() {
          detector.detect(video).then(function (codes) {
            if (codes.length) send(codes[0].rawValue);
          }).catch(function () {}).finally(function () { setTimeout(tick, 250); });
        })();
      });
    }).catch(function () { result.textContent = form.dataset.cameraError; });
  });
})();
