// Copy a new share link's address, shown once, with a visible confirmation.
(function () {
  "use strict";

  function setup() {
    document.querySelectorAll("[data-copy-link]").forEach(function (button) {
      var input = document.querySelector(button.dataset.copyLink);
      var status = document.getElementById("share-copy-status");
      if (!input) { return; }
      button.hidden = false;
      button.addEventListener("click", function () {
        input.select();
        navigator.clipboard.writeText(input.value).then(
          function () { status.textContent = "Copied the link."; },
          function () { status.textContent = "Could not copy: the link is selected, copy it by hand."; }
        );
      });
    });
  }

  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", setup); }
  else { setup(); }
})();
