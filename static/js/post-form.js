// The posting forms: shows the summary fields only for the kinds that carry them as the
// kind changes (without this script the "Change kind" button shows the form again), and
// counts the text's characters against its limit as the person types.
(function () {
  "use strict";
  var form = document.querySelector("[data-post-form]");
  if (!form) {
    return;
  }
  var kind = form.querySelector("select[name=kind]");
  var summary = form.querySelector("[data-summary-fields]");
  var changeKind = form.querySelector("[data-change-kind]");
  var structured = (form.getAttribute("data-structured-kinds") || "").split(" ");

  function hasText() {
    return Array.prototype.some.call(summary.querySelectorAll("input, textarea"), function (el) {
      return el.value.trim() !== "";
    });
  }

  if (kind && summary) {
    if (changeKind) {
      changeKind.hidden = true;
    }
    kind.addEventListener("change", function () {
      // Text already typed stays in view, so the server's refusal never surprises anyone.
      summary.hidden = structured.indexOf(kind.value) === -1 && !hasText();
    });
  }

  var counter = form.querySelector("[data-counter-for]");
  if (counter) {
    var body = document.getElementById(counter.getAttribute("data-counter-for"));
    var limit = parseInt(body.getAttribute("data-max-length"), 10);
    var template = counter.getAttribute("data-template");
    var update = function () {
      var used = body.value.length;
      counter.textContent = template.replace("{used}", used.toLocaleString())
        .replace("{limit}", limit.toLocaleString());
      counter.classList.toggle("form__counter--over", used > limit);
    };
    counter.hidden = false;
    body.addEventListener("input", update);
    update();
  }
})();
