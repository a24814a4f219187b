// Autosave for every text box marked data-autosave (the step page's, and the review
// page's in-place editors): status messages, retries, a copy of unsaved text in
// sessionStorage, and a last save when the page goes away. The requests themselves
// are htmx's (hx-post, hx-trigger, hx-sync on the textarea); this script follows them.
// Every id a box owns ends with its section's id: save-status-12, version-12, ...
// The first retry waits data-retry-after ms (on the form; default 1000), then doubles.
(function () {
  "use strict";

  var MAX_DELAY = 30000;
  var keepaliveSent = false;
  var loggingOut = false;
  var states = new WeakMap();

  function boxes() { return Array.prototype.slice.call(document.querySelectorAll("textarea[data-autosave]")); }
  function state(box) {
    if (!states.has(box)) { states.set(box, { dirty: false, attempts: 0, timer: null, sent: null }); }
    return states.get(box);
  }
  function sectionId(box) { return box.dataset.autosave.replace("section-", ""); }
  function part(box, name) { return document.getElementById(name + "-" + sectionId(box)); }
  function version(box) { var v = part(box, "version"); return v ? v.value : ""; }
  function inConflict(box) { var c = part(box, "conflict"); return !!(c && c.hasAttribute("data-conflict")); }
  function setStatus(box, text) { var s = part(box, "save-status"); if (s) { s.textContent = text; } }
  // The box a request saves: the textarea's autosave, or the form around it.
  function boxOf(elt) {
    if (!elt) { return null; }
    if (elt.matches("textarea[data-autosave]")) { return elt; }
    return elt.tagName === "FORM" ? elt.querySelector("textarea[data-autosave]") : null;
  }

  function clock(date) {
    return String(date.getHours()).padStart(2, "0") + ":" + String(date.getMinutes()).padStart(2, "0");
  }

  // Words as interview.answers.word_count counts them (a test holds the two
  // together): runs of non-space holding a letter or a digit.
  function wordCount(text) {
    return text.split(/\s+/).filter(function (t) { return /[\p{L}\p{N}]/u.test(t); }).length;
  }

  // --- the unsaved copy -------------------------------------------------------
  // {text, at, base, sent}: base is the version the text was typed on; sent says a
  // last save left with the page, so that after a reload the page can tell a copy
  // the server may still receive from one it never will.
  function storageKey(box) { return "autosave:" + box.dataset.autosave; }
  function remember(box, sent) {
    try {
      sessionStorage.setItem(storageKey(box), JSON.stringify({
        text: box.value, at: Date.now(), base: version(box), sent: !!sent
      }));
    } catch (e) { /* storage full or disabled: the text is still in the box */ }
  }
  function forget(box) { try { sessionStorage.removeItem(storageKey(box)); } catch (e) {} }
  function remembered(box) {
    try { return JSON.parse(sessionStorage.getItem(storageKey(box)) || "null"); } catch (e) { return null; }
  }

  // --- dirty state and leaving the page ----------------------------------------
  function warnBeforeLeaving(event) { event.preventDefault(); event.returnValue = ""; }
  var warning = false;
  function refreshWarning() {
    var needed = boxes().some(function (box) { return state(box).dirty; });
    if (needed === warning) { return; }
    warning = needed;
    // Added only while needed, so the back/forward cache keeps working otherwise.
    if (needed) { window.addEventListener("beforeunload", warnBeforeLeaving); }
    else { window.removeEventListener("beforeunload", warnBeforeLeaving); }
  }
  function setDirty(box, value) { state(box).dirty = value; refreshWarning(); }
  function clean(box) { setDirty(box, false); forget(box); }

  function lastSaves() {
    if (loggingOut) { return; } // unsaved text is for this user only: let it go
    boxes().forEach(function (box) {
      if (!state(box).dirty || inConflict(box) || !box.form) { return; }
      var token = box.form.querySelector("input[name=csrfmiddlewaretoken]");
      keepaliveSent = true;
      remember(box, true);
      var body = new FormData(box.form);
      fetch(box.getAttribute("hx-post"), {
        method: "POST", body: body, keepalive: true, credentials: "same-origin",
        headers: { "HX-Request": "true", "X-CSRFToken": token ? token.value : "" }
      }).catch(function () { remember(box, false); });
    });
  }

  // --- retries ----------------------------------------------------------------
  function scheduleRetry(box) {
    var s = state(box);
    var first = (box.form && Number(box.form.dataset.retryAfter)) || 1000;
    setStatus(box, "Not saved - retrying");
    clearTimeout(s.timer);
    s.timer = setTimeout(function () { retryNow(box); }, Math.min(MAX_DELAY, first * Math.pow(2, s.attempts)));
    s.attempts += 1;
  }
  function retryNow(box) {
    var s = state(box);
    clearTimeout(s.timer);
    s.timer = null;
    if (box.isConnected && s.dirty && !inConflict(box)) { htmx.trigger(box, "autosave:retry"); }
  }
  function retryAll() { boxes().forEach(function (box) { state(box).attempts = 0; retryNow(box); }); }

  // A lapsed session answers 401 (autosave), 403 (CSRF) or, for a form, a redirect
  // to the login page: none of it may replace the text on the page.
  function loggedOut(detail) {
    var status = detail.xhr ? detail.xhr.status : 0;
    var path = detail.pathInfo && detail.pathInfo.responsePath;
    return status === 401 || status === 403 ||
      (!!path && path.split("?")[0] !== new URL(detail.pathInfo.requestPath, location.href).pathname);
  }
  // The draft was deleted (404) or the step removed from the guide (410): the
  // server's plain-text answer says so; the text stays in the box.
  function gone(detail) { var status = detail.xhr ? detail.xhr.status : 0; return status === 404 || status === 410; }

  // The counts beside the box: words, the length to aim for (calm, never blocking),
  // and the characters once the text nears the limit (maxlength, from the form).
  var NEAR_LIMIT = 0.9;
  function number(n) { return n.toLocaleString("en-GB"); }
  function updateCounts(box) {
    var help = part(box, "text-help");
    if (!help) { return; }
    var n = wordCount(box.value);
    var count = part(box, "word-count");
    if (count) { count.textContent = n + (n === 1 ? " word" : " words"); }
    var target = help.querySelector(".length-target");
    if (target) {
      var low = Number(target.dataset.wordsMin), high = Number(target.dataset.wordsMax);
      var range = low + "-" + high;
      target.dataset.state = n > high ? "over" : n >= low ? "within" : "under";
      target.textContent = n > high ? "over " + range + ": consider trimming" :
        n >= low ? "within " + range : "aim for " + range;
    }
    var chars = help.querySelector("[data-char-count]");
    var limit = box.maxLength > 0 ? box.maxLength : 0;
    if (chars && limit) {
      var near = box.value.length >= limit * NEAR_LIMIT;
      chars.dataset.state = near ? "near" : "";
      chars.textContent = near ? number(box.value.length) + " of " + number(limit) + " characters" :
        "up to " + number(limit) + " characters";
    }
  }

  document.addEventListener("input", function (event) {
    var box = event.target;
    if (!box.matches || !box.matches("textarea[data-autosave]")) { return; }
    setDirty(box, true);
    remember(box, false);
    updateCounts(box);
  });

  document.addEventListener("htmx:configRequest", function (event) {
    var box = boxOf(event.detail.elt);
    if (box) { state(box).sent = event.detail.formData.get("text"); }
  });

  document.addEventListener("htmx:beforeRequest", function (event) {
    var box = boxOf(event.detail.elt);
    if (!box) { return; }
    if (event.detail.elt === box && inConflict(box)) {
      event.preventDefault();
      setStatus(box, "Not saved: choose a version above");
      return;
    }
    setStatus(box, "Saving…");
  });

  // Before anything is swapped in (a step save replaces the whole form).
  document.addEventListener("htmx:beforeOnLoad", function (event) {
    var box = boxOf(event.detail.elt);
    if (!box) { return; }
    var xhr = event.detail.xhr;
    if (loggedOut(event.detail) || gone(event.detail)) {
      event.preventDefault(); // no swap, and no error logged: the status says it
    } else if (xhr.status >= 200 && xhr.status < 300 && box.value === state(box).sent) {
      clean(box);
    }
  });

  // Also after a failed send or a timeout: htmx fires afterRequest for those too.
  document.addEventListener("htmx:afterRequest", function (event) {
    var box = boxOf(event.detail.elt);
    if (!box) { return; }
    var xhr = event.detail.xhr;
    var status = xhr ? xhr.status : 0;
    if (gone(event.detail)) {
      setStatus(box, xhr.responseText);
    } else if (loggedOut(event.detail)) {
      setStatus(box, box.dataset.loggedOut);
    } else if (status >= 200 && status < 300) {
      state(box).attempts = 0;
      // The browser owns the clock: the time as the user sees it.
      if (event.detail.elt === box) { setStatus(box, "Saved at " + clock(new Date())); }
    } else if (status !== 409 && status !== 422) { // those answers explain themselves
      scheduleRetry(box);
    }
  });

  window.addEventListener("online", retryAll);

  // The final save when the page goes away; a tab switch saves the normal way.
  window.addEventListener("pagehide", lastSaves);
  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "hidden") { retryAll(); }
  });
  window.addEventListener("pageshow", function (event) {
    // Restored from the back/forward cache after a keepalive save: load the saved version.
    if (event.persisted && keepaliveSent) { window.location.reload(); }
  });

  document.addEventListener("click", function (event) {
    var discard = event.target.closest("[data-discard]");
    if (!discard) { return; }
    var box = discard.closest("form") && discard.closest("form").querySelector("textarea[data-autosave]");
    if (box) { clean(box); }
  });
  document.addEventListener("submit", function (event) {
    if (event.target.matches("[data-logout]")) {
      loggingOut = true;
      try { sessionStorage.clear(); } catch (e) {}
    }
  });

  document.addEventListener("htmx:afterSwap", function (event) {
    if (event.detail.target && event.detail.target.id === "draft-step") {
      var heading = document.getElementById("step-heading");
      if (heading) { heading.dataset.focusMe = "1"; }
    }
    refreshWarning(); // a swapped-out box takes its unsaved state with it
  });
  document.addEventListener("htmx:afterSettle", function () {
    var heading = document.getElementById("step-heading");
    if (heading && heading.dataset.focusMe) { delete heading.dataset.focusMe; heading.focus(); }
  });

  // --- a box appears: reconcile it with what this tab typed before ----------------
  function saveNow(box) {
    setDirty(box, true);
    remember(box, false);
    box.dispatchEvent(new Event("input", { bubbles: true }));
    htmx.trigger(box, "autosave:retry");
  }

  function offerRestore(box, saved) {
    var note = document.createElement("div");
    note.className = "note restore";
    note.setAttribute("role", "alert");
    var p = document.createElement("p");
    p.textContent = "Restore unsaved text from " + clock(new Date(saved.at)) +
      "? It was typed here but differs from the text saved since.";
    var restore = document.createElement("button");
    restore.type = "button"; restore.className = "button button-primary"; restore.textContent = "Restore my text";
    var discard = document.createElement("button");
    discard.type = "button"; discard.className = "button"; discard.textContent = "Discard it";
    var actions = document.createElement("div");
    actions.className = "step-actions";
    actions.append(restore, discard);
    note.append(p, actions);
    var label = box.form && box.form.querySelector("label[for='" + box.id + "']");
    (label || box).parentNode.insertBefore(note, label || box);
    restore.addEventListener("click", function () {
      box.value = saved.text;
      note.remove();
      box.focus();
      saveNow(box);
    });
    discard.addEventListener("click", function () { note.remove(); forget(box); box.focus(); });
  }

  function setup(box) {
    updateCounts(box);
    var saved = remembered(box);
    if (saved && saved.text === box.value) {
      forget(box);
    } else if (saved && saved.sent && saved.base === version(box)) {
      // This tab's last save left with the page and the server still shows the
      // version it was typed on: it was lost or is still on its way. Either way the
      // text goes back in the box and is saved again; a late copy of the same text
      // is accepted by the server as it stands, so no conflict can follow.
      box.value = saved.text;
      saveNow(box);
    } else if (saved) {
      offerRestore(box, saved);
    } else if (box.value !== box.defaultValue) {
      // Typed (or restored by the browser) before this script was ready.
      saveNow(box);
    }
  }

  htmx.onLoad(function (root) {
    var found = root.matches && root.matches("textarea[data-autosave]") ? [root] : [];
    if (root.querySelectorAll) {
      found = found.concat(Array.prototype.slice.call(root.querySelectorAll("textarea[data-autosave]")));
    }
    found.forEach(setup);
  });
})();
