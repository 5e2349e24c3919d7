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
    // Keep the menu open on wide screens (it is a <details> disclosure on phones); on a
    // phone the menu's groups are open sub-lists, on a wide screen drop-downs.
    var menu = document.getElementById("hoofdmenu");
    var wide = window.matchMedia("(min-width: 900px)").matches;
    if (menu && wide) {
      menu.setAttribute("open", "");
    }
    var groups = document.querySelectorAll(".nav-group");
    for (var i = 0; i < groups.length; i++) {
      if (!wide) {
        groups[i].setAttribute("open", "");
      }
    }
  });

  // A wide screen's drop-down closes when another opens, on a click elsewhere and on Escape
  // (focus goes back to its summary).
  function closeGroups(except) {
    var open = document.querySelectorAll(".nav-group[open]");
    for (var i = 0; i < open.length; i++) {
      if (open[i] !== except) {
        open[i].removeAttribute("open");
      }
    }
  }
  function dropDowns() {
    return window.matchMedia("(min-width: 900px)").matches;
  }
  document.addEventListener("toggle", function (event) {
    var group = event.target;
    if (dropDowns() && group.classList && group.classList.contains("nav-group") && group.open) {
      closeGroups(group);
    }
  }, true);
  document.addEventListener("click", function (event) {
    if (dropDowns() && !event.target.closest(".nav-group")) {
      closeGroups(null);
    }
  });
  document.addEventListener("keydown", function (event) {
    var group = event.target.closest && event.target.closest(".nav-group[open]");
    if (event.key === "Escape" && group && dropDowns()) {
      group.removeAttribute("open");
      group.querySelector("summary").focus();
    }
  });

  // Idle timeout: warn shortly before the server ends the session and offer to stay logged in.
  document.addEventListener("DOMContentLoaded", function () {
    var body = document.body;
    var timeout = parseInt(body.getAttribute("data-idle-timeout"), 10);
    var warning = parseInt(body.getAttribute("data-idle-warning"), 10);
    var url = body.getAttribute("data-keepalive-url");
    if (!timeout || !url || !window.fetch) {
      return;
    }
    var box = null;
    var warnTimer = null;
    var endTimer = null;

    function removeBox() {
      if (box) {
        box.parentNode.removeChild(box);
        box = null;
      }
    }

    function showWarning() {
      removeBox();
      box = document.createElement("div");
      box.className = "alert alert-warning idle-warning";
      box.setAttribute("role", "alertdialog");
      box.setAttribute("aria-live", "assertive");
      var text = document.createElement("p");
      text.textContent = "Je wordt over " + Math.round(warning / 60) +
        " minuten automatisch uitgelogd omdat je even niets hebt gedaan.";
      var button = document.createElement("button");
      button.type = "button";
      button.textContent = "Ingelogd blijven";
      button.addEventListener("click", stayLoggedIn);
      box.appendChild(text);
      box.appendChild(button);
      var main = document.getElementById("inhoud");
      main.insertBefore(box, main.firstChild);
      button.focus();
    }

    // Time is up: to the login page, which says why and leads back to this page.
    function loggedOut() {
      removeBox();
      var here = window.location.pathname + window.location.search;
      var login = body.getAttribute("data-idle-logout-url");
      window.location.assign(login ? login + "&next=" + encodeURIComponent(here) : here);
    }

    function schedule() {
      window.clearTimeout(warnTimer);
      window.clearTimeout(endTimer);
      warnTimer = window.setTimeout(showWarning, Math.max(timeout - warning, 1) * 1000);
      endTimer = window.setTimeout(loggedOut, (timeout + 2) * 1000);
    }

    function stayLoggedIn() {
      window.fetch(url, {
        method: "POST",
        credentials: "same-origin",
        headers: {"Accept": "application/json", "X-CSRFToken": body.getAttribute("data-csrf-token") || ""}
      }).then(function (response) {
        if (response.ok) {
          removeBox();
          schedule();
        } else {
          loggedOut();
        }
      });
    }

    schedule();
  });

  // A table or chart wider than the screen scrolls sideways in its box: mark it (the CSS
  // then shows a cue), make it reachable with Tab (arrow keys then scroll it) and give it
  // the caption as its name. Boxes rendered with their own tabindex keep it.
  function markScrollables() {
    var boxes = document.querySelectorAll(".table-wrap, .chart, .diary-board-scroll");
    for (var i = 0; i < boxes.length; i++) {
      var box = boxes[i];
      if (box.scrollWidth > box.clientWidth + 1) {
        box.setAttribute("data-scrollable", "");
        if (!box.hasAttribute("tabindex")) {
          var caption = box.querySelector("caption, figcaption, h2, h3");
          box.setAttribute("tabindex", "0");
          box.setAttribute("role", "region");
          box.setAttribute("aria-label", (caption && caption.textContent.trim()) || "Tabel, schuift opzij");
          box.setAttribute("data-scroll-added", "");
        }
      } else {
        box.removeAttribute("data-scrollable");
        if (box.hasAttribute("data-scroll-added")) {
          box.removeAttribute("tabindex");
          box.removeAttribute("role");
          box.removeAttribute("aria-label");
          box.removeAttribute("data-scroll-added");
        }
      }
    }
  }
  // Character counters under long texts: "120 van 5000 tekens", "20 tekens te veel". The
  // count is read on focus (aria-describedby); passing the limit is announced once.
  document.addEventListener("input", function (event) {
    var field = event.target;
    var max = parseInt(field.getAttribute && field.getAttribute("data-max-chars"), 10);
    var counter = max && document.getElementById(field.id + "-count");
    if (!counter) {
      return;
    }
    var length = field.value.length;
    var over = length > max;
    counter.textContent = over ? (length - max) + " tekens te veel (maximaal " + max + ")" :
      length + " van " + max + " tekens";
    if (over !== counter.classList.contains("char-count-over")) {
      counter.classList.toggle("char-count-over", over);
      announce(over ? "Je tekst is " + (length - max) + " tekens te lang." : "Je tekst past weer.");
    }
  });

  function announce(message) {
    var region = document.getElementById("meldingen-live");
    if (!region) {
      region = document.createElement("p");
      region.id = "meldingen-live";
      region.className = "visually-hidden";
      region.setAttribute("aria-live", "polite");
      document.body.appendChild(region);
    }
    region.textContent = message;
  }

  // A form that starts slow work (an overview PDF): one click is enough. The button waits
  // and says so; a file download leaves the page in place, so it comes back by itself.
  document.addEventListener("submit", function (event) {
    var form = event.target;
    var message = form.getAttribute && form.getAttribute("data-busy");
    var button = message && form.querySelector("button[type=submit]");
    if (!button || button.disabled) {
      return;
    }
    var label = button.textContent;
    window.setTimeout(function () {  // after the browser has taken the form's values
      button.disabled = true;
      button.setAttribute("aria-busy", "true");
      button.textContent = "Bezig…";
      announce(message);
    }, 0);
    window.setTimeout(function () {
      button.disabled = false;
      button.removeAttribute("aria-busy");
      button.textContent = label;
    }, 8000);
  });

  // A region with data-poll="<seconds>" (the progress of a background job) fetches its page
  // again and takes the same region from it, until the new region has no data-poll left.
  // Without JavaScript the page refreshes itself (a <noscript> meta refresh).
  function poll(region) {
    var seconds = parseFloat(region.getAttribute("data-poll")) || 2;
    window.setTimeout(function () {
      fetch(window.location.href, {credentials: "same-origin", headers: {"Accept": "text/html"}})
        .then(function (response) { return response.ok ? response.text() : Promise.reject(response.status); })
        .then(function (html) {
          var fresh = new DOMParser().parseFromString(html, "text/html").getElementById(region.id);
          if (!fresh) {
            return;
          }
          if (fresh.innerHTML !== region.innerHTML) {
            region.innerHTML = fresh.innerHTML;
          }
          if (fresh.hasAttribute("data-poll")) {
            poll(region);
          } else {
            region.removeAttribute("data-poll");
          }
        })
        .catch(function () { poll(region); });
    }, seconds * 1000);
  }

  document.addEventListener("DOMContentLoaded", function () {
    Array.prototype.forEach.call(document.querySelectorAll("[data-poll][id]"), poll);
  });
  document.addEventListener("DOMContentLoaded", markScrollables);
  window.addEventListener("resize", markScrollables);
})();
