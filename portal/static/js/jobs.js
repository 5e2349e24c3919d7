// Job board: a few conveniences; every page works without this file.
(function () {
  "use strict";
  // Changing the sort order searches again straight away.
  document.querySelectorAll("select[data-autosubmit]").forEach(function (select) {
    select.addEventListener("change", function () {
      if (select.form) { select.form.submit(); }
    });
  });
  // Typing a postcode clears the place (and the other way round): one centre at a time.
  var place = document.getElementById("plaats");
  var postcode = document.getElementById("postcode");
  if (place && postcode) {
    place.addEventListener("input", function () { if (place.value) { postcode.value = ""; } });
    postcode.addEventListener("input", function () { if (postcode.value) { place.value = ""; } });
  }
})();
