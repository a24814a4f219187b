// "Print or save as PDF": the browser's own print dialog. Without JavaScript the
// button is not shown (.needs-script) and a note names the browser's Print command.
(function () {
  "use strict";

  function setup() {
    document.querySelectorAll("[data-print]").forEach(function (button) {
      if (button.dataset.printReady) { return; }
      button.dataset.printReady = "1";
      button.addEventListener("click", function () { window.print(); });
    });
  }

  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", setup); }
  else { setup(); }
})();
