// The History page with htmx: after another version is chosen, focus moves to the
// comparison's heading (on a phone it sits below the list); after a restore, to
// the page's heading, while the message is read from the status region.
(function () {
  "use strict";

  document.addEventListener("htmx:afterSettle", function (event) {
    var source = event.detail.elt;
    if (!source || !source.closest || !document.getElementById("history")) { return; }
    var restored = source.matches("form.restore-form");
    var heading = document.getElementById(restored ? "history-heading" : "difference-heading");
    if (heading) { heading.focus(); }
  });
})();
