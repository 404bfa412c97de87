// «Skriv ut oppsummeringen» on the «Passer jeg?» result: the print style sheet (site.css)
// does the rest, so the browser's own print command gives the same page without this.
(function () {
  "use strict";
  document.querySelectorAll("[data-print]").forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () {
      window.print();
    });
  });
})();
