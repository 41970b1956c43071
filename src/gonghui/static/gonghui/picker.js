/* Pickers (core/pickers.py): a text box with data-picker="<lookup url>" suggests matches as one types
   (name, pinyin, initials, code) from the scoped JSON lookup, each with what tells namesakes apart. Picking
   one puts its text in the box and its row in the hidden "<name>__pick" input; typing again clears the
   pick. Without this script the box is a plain text box and the server resolves what was typed. */
(function () {
  "use strict";
  if (window.gonghuiPicker) { return; }
  window.gonghuiPicker = true;
  var seq = 0;

  function setup(input) {
    if (input.dataset.pickerReady) { return; }
    input.dataset.pickerReady = "1";
    var box = input.closest(".picker-box") || input.parentNode;
    var hidden = box.querySelector("[data-picker-pick]");
    var list = document.createElement("ul");
    var listId = (input.id || "picker") + "-options-" + (++seq);
    list.id = listId;
    list.className = "picker-options";
    list.setAttribute("role", "listbox");
    list.hidden = true;
    box.appendChild(list);
    input.setAttribute("aria-controls", listId);
    var timer = null, active = -1, results = [], asked = 0;

    function close() {
      list.hidden = true;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
      active = -1;
    }
    function highlight(i) {
      var items = list.querySelectorAll("li[role=option]");
      active = i;
      Array.prototype.forEach.call(items, function (li, n) { li.setAttribute("aria-selected", n === i ? "true" : "false"); });
      if (items[i]) { input.setAttribute("aria-activedescendant", items[i].id); items[i].scrollIntoView({ block: "nearest" }); }
    }
    function choose(i) {
      var r = results[i];
      if (!r) { return; }
      input.value = r.value;
      if (hidden) { hidden.value = r.id; }
      close();
      input.dispatchEvent(new Event("change", { bubbles: true }));
    }
    function show(data) {
      results = data.results || [];
      list.innerHTML = "";
      if (!results.length) {
        var none = document.createElement("li");
        none.className = "picker-none";
        none.textContent = input.dataset.pickerNone || "—";
        list.appendChild(none);
      }
      results.forEach(function (r, i) {
        var li = document.createElement("li");
        li.id = listId + "-" + i;
        li.setAttribute("role", "option");
        var name = document.createElement("strong");
        name.textContent = r.label;
        li.appendChild(name);
        if (r.detail) {
          var detail = document.createElement("span");
          detail.className = "picker-detail";
          detail.textContent = r.detail;
          li.appendChild(detail);
        }
        li.addEventListener("mousedown", function (e) { e.preventDefault(); choose(i); });
        list.appendChild(li);
      });
      list.hidden = false;
      input.setAttribute("aria-expanded", "true");
      active = -1;
    }
    function ask() {
      var term = input.value.trim();
      if (!term) { close(); return; }
      var url = input.dataset.picker;
      url += (url.indexOf("?") < 0 ? "?" : "&") + "q=" + encodeURIComponent(term);
      var mine = ++asked;
      fetch(url, { credentials: "same-origin", headers: { "Accept": "application/json" } })
        .then(function (r) { if (!r.ok) { throw new Error(r.status); } return r.json(); })
        .then(function (data) { if (mine === asked) { show(data); } })
        .catch(function () { close(); });
    }
    input.addEventListener("input", function () {
      if (hidden) { hidden.value = ""; }
      clearTimeout(timer);
      timer = setTimeout(ask, 180);
    });
    input.addEventListener("keydown", function (e) {
      if (list.hidden) { return; }
      if (e.key === "ArrowDown") { e.preventDefault(); highlight(Math.min(active + 1, results.length - 1)); }
      else if (e.key === "ArrowUp") { e.preventDefault(); highlight(Math.max(active - 1, 0)); }
      else if (e.key === "Enter" && active >= 0) { e.preventDefault(); choose(active); }
      else if (e.key === "Escape") { close(); }
    });
    input.addEventListener("blur", function () { setTimeout(close, 150); });
  }

  function init() { Array.prototype.forEach.call(document.querySelectorAll("input[data-picker]"), setup); }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", init); } else { init(); }
})();
