// Autosave for the step form: status messages, retries, a copy of unsaved text in
// sessionStorage, and a last save when the page goes away. The requests themselves are
// htmx's (hx-post, hx-trigger, hx-sync on the textarea); this script follows them.
// The first retry waits data-retry-after ms (on the form; default 1000), then doubles.
(function () {
  "use strict";

  var MAX_DELAY = 30000;
  var LOGGED_OUT = "You were logged out - log in again to save";
  var attempts = 0;
  var retryTimer = null;
  var keepaliveSent = false;

  function textarea() { return document.querySelector("textarea[data-autosave]"); }
  function form() { var t = textarea(); return t && t.form; }
  function statusBox() { return document.getElementById("save-status"); }
  function storageKey() { var f = form(); return f ? "autosave:" + f.dataset.autosaveKey : null; }
  function inConflict() { return !!document.querySelector("#conflict[data-conflict]"); }

  function setStatus(text) { var s = statusBox(); if (s) { s.textContent = text; } }

  function clock(date) {
    return String(date.getHours()).padStart(2, "0") + ":" + String(date.getMinutes()).padStart(2, "0");
  }

  function wordCount(text) {
    return text.split(/\s+/).filter(function (t) { return /[\p{L}\p{N}]/u.test(t); }).length;
  }

  // --- the unsaved copy -------------------------------------------------------
  function remember() {
    var key = storageKey(); var t = textarea();
    if (!key || !t) { return; }
    try {
      sessionStorage.setItem(key, JSON.stringify({ text: t.value, at: Date.now() }));
    } catch (e) { /* storage full or disabled: the text is still in the box */ }
  }
  function forget() { var key = storageKey(); if (key) { try { sessionStorage.removeItem(key); } catch (e) {} } }
  function remembered() {
    var key = storageKey();
    try { return key ? JSON.parse(sessionStorage.getItem(key) || "null") : null; } catch (e) { return null; }
  }

  // --- dirty state and leaving the page ----------------------------------------
  var dirty = false;
  function warnBeforeLeaving(event) { event.preventDefault(); event.returnValue = ""; }
  function setDirty(value) {
    if (value === dirty) { return; }
    dirty = value;
    // Added only while needed, so the back/forward cache keeps working otherwise.
    if (dirty) { window.addEventListener("beforeunload", warnBeforeLeaving); }
    else { window.removeEventListener("beforeunload", warnBeforeLeaving); }
  }

  function lastSave() {
    var f = form();
    if (!dirty || !f || inConflict()) { return; }
    var token = f.querySelector("input[name=csrfmiddlewaretoken]");
    keepaliveSent = true;
    fetch(textarea().getAttribute("hx-post"), {
      method: "POST", body: new FormData(f), keepalive: true, credentials: "same-origin",
      headers: { "HX-Request": "true", "X-CSRFToken": token ? token.value : "" }
    }).catch(function () { /* the copy in sessionStorage is offered after a reload */ });
  }

  // --- retries ----------------------------------------------------------------
  function scheduleRetry() {
    var f = form();
    var first = (f && Number(f.dataset.retryAfter)) || 1000;
    setStatus("Not saved - retrying");
    clearTimeout(retryTimer);
    retryTimer = setTimeout(retryNow, Math.min(MAX_DELAY, first * Math.pow(2, attempts)));
    attempts += 1;
  }
  function retryNow() {
    clearTimeout(retryTimer);
    retryTimer = null;
    var t = textarea();
    if (t && dirty && !inConflict()) { htmx.trigger(t, "autosave:retry"); }
  }

  function isAutosave(event) { return event.detail.elt === textarea(); }
  function isStepRequest(event) { return event.detail.elt === textarea() || event.detail.elt === form(); }

  // A lapsed session answers 401 (autosave), 403 (CSRF) or, for the step form, a
  // redirect to the login page: none of it may replace the text on the page.
  function loggedOut(detail) {
    var status = detail.xhr ? detail.xhr.status : 0;
    var path = detail.pathInfo && detail.pathInfo.responsePath;
    return status === 401 || status === 403 ||
      (!!path && path.split("?")[0] !== new URL(detail.pathInfo.requestPath, location.href).pathname);
  }

  document.addEventListener("input", function (event) {
    if (event.target !== textarea()) { return; }
    setDirty(true);
    remember();
    var count = document.getElementById("word-count");
    if (count) { var n = wordCount(event.target.value); count.textContent = n + (n === 1 ? " word" : " words"); }
  });

  document.addEventListener("htmx:configRequest", function (event) {
    if (isStepRequest(event)) { event.detail.elt.dataset.sentText = event.detail.formData.get("text"); }
  });

  document.addEventListener("htmx:beforeRequest", function (event) {
    if (!isStepRequest(event)) { return; }
    if (isAutosave(event) && inConflict()) {
      event.preventDefault();
      setStatus("Not saved: choose a version above");
      return;
    }
    setStatus("Saving…");
  });

  // Before anything is swapped in (a step save replaces the whole form).
  document.addEventListener("htmx:beforeOnLoad", function (event) {
    if (!isStepRequest(event)) { return; }
    var status = event.detail.xhr.status;
    if (loggedOut(event.detail)) {
      event.preventDefault(); // no swap, and no error logged: the status says it
    } else if (status >= 200 && status < 300 && textarea().value === event.detail.elt.dataset.sentText) {
      setDirty(false);
      forget();
    }
  });

  // Also after a failed send or a timeout: htmx fires afterRequest for those too.
  document.addEventListener("htmx:afterRequest", function (event) {
    if (!isStepRequest(event)) { return; }
    var status = event.detail.xhr ? event.detail.xhr.status : 0;
    if (loggedOut(event.detail)) {
      setStatus(LOGGED_OUT);
    } else if (status >= 200 && status < 300) {
      attempts = 0;
      // The server's clock may be in another zone: say the time as the user sees it.
      if (isAutosave(event)) { setStatus("Saved at " + clock(new Date())); }
    } else if (status !== 409 && status !== 422) { // those answers explain themselves
      scheduleRetry();
    }
  });

  window.addEventListener("online", function () { attempts = 0; retryNow(); });

  // The final save when the page goes away; a tab switch saves the normal way.
  window.addEventListener("pagehide", lastSave);
  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "hidden" && dirty) { retryNow(); }
  });
  window.addEventListener("pageshow", function (event) {
    // Restored from the back/forward cache after a keepalive save: load the saved version.
    if (event.persisted && keepaliveSent) { setDirty(false); window.location.reload(); }
  });

  document.addEventListener("click", function (event) {
    if (event.target.closest("[data-discard]")) { setDirty(false); forget(); }
  });
  document.addEventListener("submit", function (event) {
    if (event.target.matches("[data-logout]")) {
      try { sessionStorage.clear(); } catch (e) {}
    }
  });

  // --- a new step swapped in ---------------------------------------------------
  document.addEventListener("htmx:afterSwap", function (event) {
    if (event.detail.target && event.detail.target.id === "draft-step") { setup(true); }
  });
  document.addEventListener("htmx:afterSettle", function () {
    var heading = document.getElementById("step-heading");
    if (heading && heading.dataset.focusMe) { delete heading.dataset.focusMe; heading.focus(); }
  });

  // --- restoring unsaved text after a reload -----------------------------------
  function offerRestore() {
    var saved = remembered(); var t = textarea();
    if (!saved || !t || saved.text === t.value) { forget(); return; }
    var box = document.createElement("div");
    box.className = "note restore";
    box.setAttribute("role", "alert");
    var p = document.createElement("p");
    p.textContent = "Restore unsaved text from " + clock(new Date(saved.at)) +
      "? It was typed here but had not reached the server.";
    var restore = document.createElement("button");
    restore.type = "button"; restore.className = "button button-primary"; restore.textContent = "Restore my text";
    var discard = document.createElement("button");
    discard.type = "button"; discard.className = "button"; discard.textContent = "Discard it";
    var actions = document.createElement("div");
    actions.className = "step-actions";
    actions.append(restore, discard);
    box.append(p, actions);
    t.parentNode.insertBefore(box, document.querySelector(".editor-label"));
    restore.addEventListener("click", function () {
      t.value = saved.text;
      box.remove();
      t.dispatchEvent(new Event("input", { bubbles: true }));
      t.focus();
      htmx.trigger(t, "autosave:retry");
    });
    discard.addEventListener("click", function () { box.remove(); forget(); t.focus(); });
  }

  function setup(swapped) {
    attempts = 0;
    setDirty(false);
    if (swapped) {
      var heading = document.getElementById("step-heading");
      if (heading) { heading.dataset.focusMe = "1"; }
    }
    offerRestore();
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () { setup(false); });
  } else { setup(false); }
})();
