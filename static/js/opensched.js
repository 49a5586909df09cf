/* Behaviour that pages declare with data attributes, so that no page needs an inline script
   (the Content-Security-Policy allows scripts from this site only). */
(function () {
  "use strict";
  // <select data-autosubmit>: submit its form when the choice changes.
  document.addEventListener("change", function (event) {
    var target = event.target;
    if (target.matches && target.matches("[data-autosubmit]") && target.form) {
      target.form.submit();
    }
  });
  // <input type=checkbox data-select-all="NAME"> ticks every [data-select-row="NAME"] box of the
  // page; [data-select-count="NAME"] shows how many rows are ticked (each value counted once).
  function selectCount(name) {
    var values = {};
    document.querySelectorAll('[data-select-row="' + name + '"]').forEach(function (box) {
      if (box.checked) { values[box.value] = true; }
    });
    var count = Object.keys(values).length;
    document.querySelectorAll('[data-select-count="' + name + '"]').forEach(function (el) {
      el.textContent = String(count);
    });
  }
  document.addEventListener("change", function (event) {
    var target = event.target;
    if (!target.matches) { return; }
    var all = target.getAttribute("data-select-all");
    if (all) {
      document.querySelectorAll('[data-select-row="' + all + '"], [data-select-all="' + all + '"]').forEach(
        function (box) { box.checked = target.checked; });
      selectCount(all);
      return;
    }
    var row = target.getAttribute("data-select-row");
    if (row) {
      // The same row's box in the table and in the phone card stay alike.
      document.querySelectorAll('[data-select-row="' + row + '"]').forEach(function (box) {
        if (box.value === target.value) { box.checked = target.checked; }
      });
      selectCount(row);
    }
  });
  // <form data-confirm="question">: ask before submitting.
  document.addEventListener("submit", function (event) {
    var form = event.target;
    var question = form.getAttribute && form.getAttribute("data-confirm");
    if (question && !window.confirm(question)) {
      event.preventDefault();
    }
  }, true);
})();
