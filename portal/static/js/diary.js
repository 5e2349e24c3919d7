// Diary enhancements; every page works without them.
(function () {
  "use strict";
  document.addEventListener("DOMContentLoaded", function () {
    // Board: moving a card submits as soon as another status is chosen.
    document.querySelectorAll(".diary-move select").forEach(function (select) {
      var initial = select.value;
      select.addEventListener("change", function () {
        if (select.value !== initial && select.form.requestSubmit) {
          select.form.requestSubmit();
        }
      });
    });
    // Entry form: a non-application activity has no pipeline; keep its status quiet.
    var form = document.querySelector("form[data-application-kinds]");
    if (form) {
      var kinds = form.getAttribute("data-application-kinds").split(" ");
      var kind = form.querySelector("#kind");
      var status = form.querySelector("#status");
      var statusField = status && status.closest(".field");
      var sync = function () {
        if (statusField) {
          statusField.hidden = kind.value !== "" && kinds.indexOf(kind.value) === -1;
        }
      };
      if (kind) {
        kind.addEventListener("change", sync);
        sync();
      }
    }
  });
})();
