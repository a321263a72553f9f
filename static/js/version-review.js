// The version page for reviewers: "Comment on this paragraph" opens the comment form in
// place under the paragraph instead of loading the page again, and words selected in a
// paragraph become the comment's passage. Without this script the links load the page
// with the form under the chosen paragraph, and the passage can be typed.
(function () {
  "use strict";
  var panel = document.querySelector("[data-comment-form]");
  var reading = document.querySelector(".reading");
  if (!panel || !reading) {
    return;
  }
  var form = panel.querySelector("form");
  var paraInput = form.querySelector("input[name=para_id]");
  var passageInput = form.querySelector("input[name=selected_text]");
  var suggestion = form.querySelector("textarea[name=suggested_text]");
  var details = panel.querySelector("[data-suggestion]");
  var body = form.querySelector("textarea[name=body]");
  var title = panel.querySelector("[data-comment-form-title]");
  var quote = panel.querySelector("[data-comment-form-quote]");
  var selectedLabel = reading.getAttribute("data-selected-label");
  var chosen = null; // {para: id, text: words} of the last selection in a paragraph

  function rowOf(paraId) {
    return reading.querySelector('[data-para-row="' + paraId + '"]');
  }

  function paragraphOf(node) {
    var element = node && (node.nodeType === 1 ? node : node.parentElement);
    return element ? element.closest("[data-para]") : null;
  }

  function relabel() {
    reading.querySelectorAll("[data-comment-on]").forEach(function (link) {
      if (!link.hasAttribute("data-default-label")) {
        link.setAttribute("data-default-label", link.firstChild.textContent);
      }
      var selected = chosen && link.getAttribute("data-comment-on") === chosen.para;
      link.firstChild.textContent = selected ? selectedLabel : link.getAttribute("data-default-label");
    });
  }

  function open(paraId, options) {
    var row = rowOf(paraId);
    if (!row) {
      return;
    }
    var paragraph = row.querySelector('[data-para="' + paraId + '"]');
    var actions = row.querySelector(".para-actions");
    var samePara = paraInput.value === paraId && !panel.hidden;
    actions.insertAdjacentElement("afterend", panel);
    panel.hidden = false;
    paraInput.value = paraId;
    title.textContent = panel.getAttribute("data-title-prefix") + " " +
      row.getAttribute("data-para-number");
    quote.textContent = paragraph ? paragraph.textContent.trim() : "";
    if (chosen && chosen.para === paraId) {
      passageInput.value = chosen.text;
    } else if (!samePara) {
      passageInput.value = "";
    }
    if (options.source !== undefined) {
      details.open = true;
      if (!samePara || !suggestion.value) {
        suggestion.value = options.source;
      }
    } else if (!samePara) {
      details.open = false;
      suggestion.value = "";
    }
    (options.source !== undefined ? suggestion : body).focus();
  }

  reading.addEventListener("click", function (event) {
    var comment = event.target.closest("[data-comment-on]");
    var suggest = event.target.closest("[data-suggest-on]");
    if (comment) {
      event.preventDefault();
      open(comment.getAttribute("data-comment-on"), {});
    } else if (suggest) {
      event.preventDefault();
      open(suggest.getAttribute("data-suggest-on"), { source: suggest.getAttribute("data-source") });
    }
  });

  var cancel = panel.querySelector("[data-comment-cancel]");
  cancel.addEventListener("click", function (event) {
    event.preventDefault();
    panel.hidden = true;
    chosen = null;
    relabel();
  });

  function remember() {
    var selection = window.getSelection();
    if (!selection || selection.isCollapsed) {
      return;
    }
    var start = paragraphOf(selection.anchorNode);
    var end = paragraphOf(selection.focusNode);
    var words = selection.toString().replace(/\s+/g, " ").trim();
    if (!start || start !== end || !words || panel.contains(start)) {
      return;
    }
    chosen = { para: start.getAttribute("data-para"), text: words };
    relabel();
    // A form already open follows the selection.
    if (!panel.hidden && panel.closest(".reading")) {
      open(chosen.para, {});
    }
  }

  document.addEventListener("mouseup", remember);
  document.addEventListener("keyup", remember);
  // Clicking anywhere but a comment link drops the remembered selection (the click itself
  // collapses the selection before the link is followed).
  document.addEventListener("mousedown", function (event) {
    if (!event.target.closest("[data-comment-on]") && !panel.contains(event.target)) {
      chosen = null;
      relabel();
    }
  });
})();
