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

// The menu's 待办 badge: filled after the page loads, so pages do not pay for the inbox's counts.
(function () {
  var el = document.querySelector("[data-inbox-badge]");
  if (!el || el.textContent.trim()) return;
  fetch(el.getAttribute("data-inbox-badge"), {credentials: "same-origin", headers: {"Accept": "application/json"}})
    .then(function (r) { return r.ok ? r.json() : null; })
    .then(function (data) {
      if (data && data.total > 0) { el.textContent = data.total > 99 ? "99+" : String(data.total); el.hidden = false; }
    })
    .catch(function () {});
})();
