// Refuse files over the upload limit before they are sent (no inline script: the CSP forbids it).
// Every <input type="file" data-max-bytes="N" data-max-message="…"> is checked on change and on
// submit; the server refuses on its own anyway (413 before reading the body, form errors after).
(function () {
  "use strict";

  function tooLarge(input) {
    var max = parseInt(input.getAttribute("data-max-bytes"), 10);
    var total = 0;
    for (var i = 0; i < input.files.length; i++) {
      total += input.files[i].size;
    }
    return max > 0 && total > max;
  }

  function feedback(input) {
    var id = input.id ? input.id + "-size-error" : "";
    var element = id ? document.getElementById(id) : null;
    if (!element) {
      element = document.createElement("div");
      element.className = "alert alert-danger mt-2 mb-0 py-2";
      element.setAttribute("role", "alert");
      element.setAttribute("data-testid", "upload-size-error");
      if (id) {
        element.id = id;
      }
      input.insertAdjacentElement("afterend", element);
    }
    return element;
  }

  function check(input) {
    var bad = tooLarge(input);
    var message = bad ? input.getAttribute("data-max-message") || "" : "";
    input.setCustomValidity(message);
    input.classList.toggle("is-invalid", bad);
    var element = feedback(input);
    element.textContent = message;
    element.hidden = !bad;
    return !bad;
  }

  document.addEventListener("DOMContentLoaded", function () {
    var inputs = document.querySelectorAll("input[type=file][data-max-bytes]");
    inputs.forEach(function (input) {
      input.addEventListener("change", function () { check(input); });
      if (input.form) {
        input.form.addEventListener("submit", function (event) {
          if (!check(input)) {
            event.preventDefault();
            input.focus();
          }
        });
      }
    });
  });
})();
