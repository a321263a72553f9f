// A form shown again with errors: the focus moves to the summary at its top, so a screen
// reader reads the problems at once (role="alert" alone is not read out by every reader on
// a freshly loaded page), and a link in the summary puts the focus in its field rather than
// only scrolling there, with the field's label in view. Without this script the summary is
// still first on the page and its links still lead to the fields.
(function () {
  "use strict";
  var summary = document.querySelector(".error-summary");
  if (!summary) {
    return;
  }
  summary.focus();

  summary.addEventListener("click", function (event) {
    var link = event.target.closest('a[href^="#"]');
    var target = link && document.getElementById(decodeURIComponent(link.hash.slice(1)));
    if (!target) {
      return;
    }
    var control = target.matches("input, select, textarea, button")
      ? target
      : target.querySelector("input:not([type=hidden]), select, textarea, button");
    if (!control) {
      return;
    }
    event.preventDefault();
    var fieldset = control.closest("fieldset");
    var label = document.querySelector('label[for="' + control.id + '"]');
    var legend = fieldset && fieldset.querySelector("legend");
    control.focus({ preventScroll: true });
    (legend || label || control).scrollIntoView({ block: "start" });
  });
})();
