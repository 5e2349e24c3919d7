// Small progressive enhancements; every page works without JavaScript.
(function () {
  "use strict";

  // Ask before destructive actions marked with data-confirm.
  document.addEventListener("submit", function (event) {
    var button = event.submitter;
    var message = button && button.getAttribute("data-confirm");
    if (message && !window.confirm(message)) {
      event.preventDefault();
    }
  });

  // Move focus to the error summary after a failed submit, so it is read out first.
  document.addEventListener("DOMContentLoaded", function () {
    var summary = document.getElementById("formulierfouten");
    if (summary) {
      summary.focus();
    }
    // Keep the menu open on wide screens (it is a <details> disclosure on phones).
    var menu = document.getElementById("hoofdmenu");
    if (menu && window.matchMedia("(min-width: 900px)").matches) {
      menu.setAttribute("open", "");
    }
  });
})();
