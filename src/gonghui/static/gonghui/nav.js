/* The top menu's groups are <details>: they work without this script. With it, opening one group closes
   the others, and a click elsewhere or Escape closes an open group (wide screens show them as dropdowns). */
(function () {
  "use strict";
  var groups = Array.prototype.slice.call(document.querySelectorAll(".mainnav .navgroup > details"));
  if (!groups.length) return;
  function closeAll(except) {
    groups.forEach(function (d) { if (d !== except) d.open = false; });
  }
  groups.forEach(function (d) {
    d.addEventListener("toggle", function () { if (d.open) closeAll(d); });
  });
  document.addEventListener("click", function (event) {
    if (!event.target.closest(".mainnav .navgroup")) closeAll(null);
  });
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape") return;
    var open = groups.filter(function (d) { return d.open; })[0];
    if (open) { open.open = false; open.querySelector("summary").focus(); }
  });
})();
