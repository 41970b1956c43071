// The phone ballot: no more marks than seats. The server refuses such a ballot too; this only says so sooner.
(function () {
  var form = document.getElementById("ballot");
  if (!form) return;
  var seats = parseInt(form.getAttribute("data-seats"), 10);
  var message = form.getAttribute("data-message");
  form.addEventListener("change", function (event) {
    var box = event.target;
    if (box.type !== "checkbox" || !box.checked) return;
    var marked = form.querySelectorAll("input[type=checkbox]:checked").length;
    var writeIns = form.querySelector("textarea");
    var names = writeIns ? writeIns.value.split(/[\n,，]/).filter(function (s) { return s.trim(); }).length : 0;
    if (marked + names > seats) {
      box.checked = false;
      window.alert(message);
    }
  });
})();
