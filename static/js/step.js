// The step page's conveniences: Ctrl+Enter (Cmd+Enter on a Mac) saves and goes on
// (on the review page's editor: saves and closes), and the examples beside the box
// stay open or closed as the user last left them, in this browser.
(function () {
  "use strict";

  var OPEN_KEY = "step-examples-open";

  document.addEventListener("keydown", function (event) {
    var box = event.target;
    if (event.key !== "Enter" || !(event.ctrlKey || event.metaKey)) { return; }
    if (!box.matches || !box.matches("textarea[data-autosave]") || !box.form) { return; }
    event.preventDefault();
    // A click, so that htmx sends the button's name and value (go=next) with the form.
    var buttons = box.form.querySelectorAll("button[type=submit]");
    var next = box.form.querySelector("button[name=go][value=next]") || buttons[buttons.length - 1];
    if (next) { next.click(); }
  });

  function examples() { return document.querySelectorAll(".step-examples details.example"); }

  document.addEventListener("toggle", function (event) {
    if (!event.target.matches || !event.target.matches(".step-examples details.example")) { return; }
    try { localStorage.setItem(OPEN_KEY, event.target.open ? "1" : "0"); } catch (e) {}
  }, true);

  function restore() {
    var open;
    try { open = localStorage.getItem(OPEN_KEY) === "1"; } catch (e) { return; }
    var first = examples()[0];
    if (first && open) { first.open = true; }
  }

  htmx.onLoad(function (root) {
    if (root.querySelector && root.querySelector(".step-examples")) { restore(); }
  });
})();
