// Learning: autosave of assignment drafts and inserting feedback snippets.
// Progressive enhancement only; the forms work the same without this file.
(function () {
  "use strict";

  function autosave(form) {
    var url = form.getAttribute("data-autosave");
    var textarea = form.querySelector("textarea[name='text']");
    var status = form.querySelector(".autosave-status");
    var token = form.querySelector("input[name='csrf_token']");
    if (!url || !textarea) { return; }
    var timer = null;
    var lastSaved = textarea.value;
    var inFlight = false;

    function save() {
      if (inFlight || textarea.value === lastSaved) { return; }
      var body = new URLSearchParams();
      body.append("text", textarea.value);
      if (token) { body.append("csrf_token", token.value); }
      var sending = textarea.value;
      inFlight = true;
      if (status) { status.textContent = "Bezig met bewaren…"; }
      fetch(url, { method: "POST", body: body, credentials: "same-origin", headers: { "Accept": "application/json" } })
        .then(function (response) {
          return response.json().catch(function () { return {}; }).then(function (data) {
            if (response.ok && data.saved) {
              lastSaved = sending;
              if (status) { status.textContent = data.message || "Concept bewaard"; }
            } else if (status) {
              status.textContent = (data && data.message) || "Niet bewaard. Klik op 'Concept bewaren'.";
            }
          });
        })
        .catch(function () {
          if (status) { status.textContent = "Geen verbinding: je tekst is nog niet bewaard. Klik op 'Concept bewaren' als je weer online bent."; }
        })
        .then(function () { inFlight = false; });
    }

    textarea.addEventListener("input", function () {
      if (timer) { window.clearTimeout(timer); }
      timer = window.setTimeout(save, 2000);
    });
    textarea.addEventListener("blur", save);
    document.addEventListener("visibilitychange", function () {
      if (document.visibilityState === "hidden") { save(); }
    });
    form.addEventListener("submit", function () { lastSaved = textarea.value; });
  }

  function snippetButtons() {
    var target = document.querySelector(".feedback-text textarea");
    if (!target) { return; }
    Array.prototype.forEach.call(document.querySelectorAll(".snippet-insert"), function (button) {
      button.hidden = false;
      button.addEventListener("click", function () {
        var source = document.getElementById(button.getAttribute("data-snippet"));
        if (!source) { return; }
        var text = source.textContent.trim();
        var start = target.selectionStart || target.value.length;
        var before = target.value.slice(0, start);
        var after = target.value.slice(target.selectionEnd || start);
        var glue = before && !/\n\n$/.test(before) ? "\n\n" : "";
        target.value = before + glue + text + after;
        target.focus();
        var caret = (before + glue + text).length;
        target.setSelectionRange(caret, caret);
      });
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    Array.prototype.forEach.call(document.querySelectorAll("form[data-autosave]"), autosave);
    snippetButtons();
  });
})();
