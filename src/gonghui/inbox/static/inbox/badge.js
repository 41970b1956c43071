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
