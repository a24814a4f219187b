// Times on the history pages: the server writes them in UTC (with "UTC"), so they
// are right without JavaScript; here they are shown in the reader's own time zone.
// Seconds too: a restore keeps two versions within the same minute.
(function () {
  "use strict";
  var format = new Intl.DateTimeFormat(undefined, {
    dateStyle: "medium",
    timeStyle: "medium",
  });

  function localise(root) {
    root.querySelectorAll("time[data-local-time]").forEach(function (element) {
      var when = new Date(element.getAttribute("datetime"));
      if (isNaN(when.getTime())) return;
      element.title = element.textContent;
      element.textContent = format.format(when);
      element.removeAttribute("data-local-time");
    });
  }

  localise(document);
  // Fragments htmx swaps in (another version chosen, a restore).
  document.addEventListener("htmx:load", function (event) {
    localise(event.target);
  });
})();
