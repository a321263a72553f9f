// The undo offer after a decision: when its time is up the button goes and a line says the
// author has been told (the server refuses a late undo in any case).
(function () {
  "use strict";
  var offer = document.querySelector("[data-undo-until]");
  if (!offer) {
    return;
  }
  var left = Date.parse(offer.getAttribute("data-undo-until")) - Date.now();
  window.setTimeout(function () {
    offer.querySelectorAll("p:not(.undo-offer__gone)").forEach(function (line) {
      line.hidden = true;
    });
    offer.querySelector(".undo-offer__gone").hidden = false;
  }, Math.max(left, 0));
})();

// The review desk: shows only the chosen decision's fields, names the submit buttons after
// the choice, and filters the tag picker as the moderator types. Without this script every
// decision's fields show under their radio and the buttons read "Decide …".
(function () {
  "use strict";
  var form = document.querySelector("[data-review-form]");
  if (!form) {
    return;
  }
  // The choices then sit side by side, the chosen one's fields below them (site.css).
  form.classList.add("decision--scripted");
  var radios = form.querySelectorAll("input[name=decision]");
  var groups = form.querySelectorAll("[data-decision-fields]");
  var buttons = form.querySelectorAll("[data-decision-label]");

  function chosen() {
    var checked = form.querySelector("input[name=decision]:checked");
    return checked ? checked.value : "";
  }

  function show() {
    var value = chosen();
    groups.forEach(function (group) {
      group.hidden = group.getAttribute("data-decision-fields") !== value;
    });
    buttons.forEach(function (button) {
      if (!button.hasAttribute("data-default-label")) {
        button.setAttribute("data-default-label", button.textContent);
      }
      button.textContent = button.getAttribute("data-" + value) ||
        button.getAttribute("data-default-label");
    });
  }

  radios.forEach(function (radio) {
    radio.addEventListener("change", show);
  });
  show();

  var filter = form.querySelector("[data-tag-filter]");
  if (filter) {
    var input = filter.querySelector("input");
    filter.hidden = false;
    input.addEventListener("input", function () {
      var words = input.value.trim().toLowerCase();
      form.querySelectorAll("[data-tag-group]").forEach(function (group) {
        var shown = 0;
        group.querySelectorAll("[data-tag-name]").forEach(function (label) {
          var keep = !words || label.getAttribute("data-tag-name").indexOf(words) !== -1 ||
            label.querySelector("input").checked;
          label.hidden = !keep;
          shown += keep ? 1 : 0;
        });
        group.hidden = shown === 0;
      });
    });
    // Enter in the filter box narrows the list; it must not send the decision.
    input.addEventListener("keydown", function (event) {
      if (event.key === "Enter") {
        event.preventDefault();
      }
    });
  }
})();
