/* The print view's button: <button data-print> opens the browser's print dialog. */
(function () {
  "use strict";
  document.addEventListener("click", function (event) {
    var target = event.target.closest && event.target.closest("[data-print]");
    if (target) {
      window.print();
    }
  });
})();
