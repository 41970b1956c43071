// Hazard report: fill latitude/longitude from the phone's position when the reporter asks (no inline script).
(function () {
  var button = document.getElementById("locate");
  var lat = document.getElementById("id_latitude");
  var lon = document.getElementById("id_longitude");
  var status = document.getElementById("locate-status");
  if (!button || !lat || !lon || !navigator.geolocation) { return; }
  button.hidden = false;
  button.addEventListener("click", function () {
    status.textContent = button.dataset.waiting || "…";
    navigator.geolocation.getCurrentPosition(function (pos) {
      lat.value = pos.coords.latitude.toFixed(6);
      lon.value = pos.coords.longitude.toFixed(6);
      status.textContent = "";
    }, function () {
      status.textContent = "×";
    }, {enableHighAccuracy: true, timeout: 10000});
  });
})();
