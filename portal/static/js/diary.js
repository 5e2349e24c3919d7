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
      var networking = (form.getAttribute("data-networking-kinds") || "").split(" ");
      var kind = form.querySelector("#kind");
      var status = form.querySelector("#status");
      var statusField = status && status.closest(".field");
      var sync = function () {
        if (!statusField) {
          return;
        }
        var isNetworking = networking.indexOf(kind.value) !== -1;
        statusField.hidden = kind.value !== "" && kinds.indexOf(kind.value) === -1 && !isNetworking;
        // A networking conversation has outcomes, an application its pipeline: offer the fitting group.
        var groups = status.querySelectorAll("optgroup");
        groups.forEach(function (group, index) {
          var own = index === 0 || (index === 2) === isNetworking;
          group.hidden = !own;
          group.disabled = !own;
        });
        var chosen = status.options[status.selectedIndex];
        if (chosen && chosen.parentNode.disabled) {
          var first = Array.prototype.find.call(status.options, function (o) {
            return !o.parentNode.disabled && o.value !== "planned";
          });
          if (first) {
            status.value = first.value;
          }
        }
      };
      if (kind) {
        kind.addEventListener("change", sync);
        sync();
      }
    }
  });
})();
