/* The organisation tree (orgs/tree.html): a node whose children are not on the page carries
   data-children="<url>"; opening it fetches those children (list items, each possibly lazy again) once.
   Without this script the node's link "查看N个下级组织" opens the page at that organisation. */
(function () {
  "use strict";
  function load(details) {
    var url = details.getAttribute("data-children");
    if (!url || details.dataset.loaded) { return; }
    details.dataset.loaded = "1";
    var list = details.querySelector(":scope > ul");
    fetch(url, {credentials: "same-origin", headers: {"X-Requested-With": "fetch"}})
      .then(function (r) { if (!r.ok) { throw new Error(r.status); } return r.text(); })
      .then(function (html) {
        var doc = new DOMParser().parseFromString("<ul>" + html + "</ul>", "text/html");
        list.replaceChildren.apply(list, Array.prototype.slice.call(doc.body.firstChild.childNodes));
      })
      .catch(function () { delete details.dataset.loaded; });
  }
  document.addEventListener("toggle", function (e) {
    var d = e.target;
    if (d.tagName === "DETAILS" && d.open && d.hasAttribute("data-children")) { load(d); }
  }, true);
})();
