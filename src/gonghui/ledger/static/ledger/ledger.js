/* Voucher entry: add and remove line rows, number them, and show the running debit/credit totals
   and their difference. The server validates everything again; this only helps while typing. */
(function () {
  "use strict";
  var form = document.getElementById("voucher-form");
  if (!form) { return; }
  var body = document.getElementById("lg-lines");
  var template = document.getElementById("lg-row-template");
  var texts = document.getElementById("lg-messages").dataset;

  function cents(value) {
    var text = (value || "").replace(/[,，元¥\s]/g, "");
    if (!/^\d+(\.\d{1,2})?$/.test(text)) { return 0; }
    var parts = text.split(".");
    return parseInt(parts[0], 10) * 100 + parseInt(((parts[1] || "") + "00").slice(0, 2), 10);
  }

  function yuan(c) {
    var sign = c < 0 ? "-" : "";
    c = Math.abs(c);
    var whole = Math.floor(c / 100).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ",");
    return sign + whole + "." + ("0" + (c % 100)).slice(-2);
  }

  function refresh() {
    var debit = 0, credit = 0;
    Array.prototype.forEach.call(body.querySelectorAll("tr.lg-row"), function (row, i) {
      row.querySelector(".lg-no").textContent = i + 1;
      debit += cents(row.querySelector(".lg-debit").value);
      credit += cents(row.querySelector(".lg-credit").value);
    });
    document.getElementById("lg-total-debit").textContent = yuan(debit);
    document.getElementById("lg-total-credit").textContent = yuan(credit);
    var diff = document.getElementById("lg-difference");
    diff.textContent = debit === credit ? texts.balanced : texts.diff + " " + yuan(debit - credit);
    diff.className = debit === credit ? "lg-ok" : "lg-off";
  }

  document.getElementById("lg-add").addEventListener("click", function () {
    body.appendChild(template.content.firstElementChild.cloneNode(true));
    refresh();
    body.lastElementChild.querySelector("select").focus();
  });
  body.addEventListener("click", function (event) {
    if (event.target.classList.contains("lg-remove") && body.querySelectorAll("tr.lg-row").length > 2) {
      event.target.closest("tr").remove();
      refresh();
    }
  });
  body.addEventListener("input", refresh);
  refresh();
})();
