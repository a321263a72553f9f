// Keeps an unsaved copy of the draft editor's text on the server while it changes.
// The textarea names the address to post to and the interval in seconds in its
// data-autosave-url and data-autosave-seconds attributes; the CSRF token comes from the
// form. Without this script nothing is lost but the copy: the form works as before.
(function () {
  "use strict";
  var area = document.querySelector("textarea[data-autosave-url]");
  if (!area || !window.fetch) {
    return;
  }
  var form = area.form;
  var status = document.querySelector("[data-autosave-status]");
  var seconds = parseFloat(area.getAttribute("data-autosave-seconds")) || 30;
  var last = area.value;
  var sending = false;

  function send() {
    if (sending || area.value === last) {
      return;
    }
    var text = area.value;
    var body = new FormData();
    body.append("text", text);
    body.append("csrfmiddlewaretoken", form.elements.csrfmiddlewaretoken.value);
    sending = true;
    fetch(area.getAttribute("data-autosave-url"), {
      method: "POST",
      body: body,
      credentials: "same-origin",
      headers: { "X-Requested-With": "fetch" },
    })
      .then(function (response) {
        if (response.ok) {
          last = text;
          if (status) {
            status.textContent = status.getAttribute("data-saved-text");
          }
        }
      })
      .catch(function () {})
      .then(function () {
        sending = false;
      });
  }

  window.setInterval(send, seconds * 1000);
})();
