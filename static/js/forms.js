// After a submit with mistakes, focus goes to the error summary, so a screen reader reads it
// and the next Tab reaches its links (GOV.UK and Aksel do the same). A link in the summary
// puts focus in its field and shows the field's label or question with it.
(function () {
  "use strict";
  var summary = document.querySelector("[data-error-summary]");
  if (!summary) {
    return;
  }
  summary.focus();
  summary.addEventListener("click", function (event) {
    var link = event.target.closest("a[href^='#']");
    var field = link && document.getElementById(link.hash.slice(1));
    if (!field) {
      return;
    }
    event.preventDefault();
    var fieldset = field.closest("fieldset");
    var caption = (fieldset && fieldset.querySelector("legend")) ||
      document.querySelector("label[for='" + field.id + "']");
    (caption || field).scrollIntoView();
    field.focus({ preventScroll: true });
  });
})();
