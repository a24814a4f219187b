// Copy the assembled answer to the clipboard, with a visible confirmation.
(function () {
  "use strict";

  function answerText(container) {
    return Array.prototype.map.call(container.querySelectorAll(".part-text"), function (part) {
      return part.innerText.trim();
    }).filter(Boolean).join("\n\n");
  }

  function announce(text) {
    var status = document.getElementById("copy-status");
    if (status) { status.textContent = text; }
  }

  function setup() {
    document.querySelectorAll("[data-copy]").forEach(function (button) {
      button.addEventListener("click", function () {
        var text = answerText(document.querySelector(button.dataset.copy));
        if (!text) { announce("Nothing to copy yet."); return; }
        navigator.clipboard.writeText(text).then(
          function () { announce("Copied the answer to the clipboard."); },
          function () { announce("Could not copy: select the text and copy it by hand."); }
        );
      });
    });
  }

  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", setup); }
  else { setup(); }
})();
