// The rehearsal room: a timer started and stopped with Space or its button, which
// fills in the log's duration when stopped, and an optional audio recording that
// stays in the page (a blob: URL) and is never sent anywhere.
(function () {
  "use strict";

  var STANDING = {
    ready: "Ready when you are",
    under: "Under the target",
    within: "Within the target",
    over: "Past the target: time to wrap up"
  };

  function clock(seconds) {
    var minutes = Math.floor(seconds / 60), rest = seconds % 60;
    return minutes + ":" + (rest < 10 ? "0" : "") + rest;
  }

  function setupTimer() {
    var timer = document.querySelector("[data-timer]");
    if (!timer) { return; }
    var display = document.getElementById("timer-display");
    var standing = document.getElementById("timer-standing");
    var toggle = document.getElementById("timer-toggle");
    var reset = document.getElementById("timer-reset");
    var announcer = document.getElementById("timer-announce");
    var low = Number(timer.dataset.targetLow), high = Number(timer.dataset.targetHigh);
    var carried = 0, startedAt = null, ticking = null;

    timer.hidden = false;

    function seconds() {
      return Math.floor((carried + (startedAt === null ? 0 : Date.now() - startedAt)) / 1000);
    }

    function stateOf(elapsed) {
      if (startedAt === null && elapsed === 0) { return "ready"; }
      if (elapsed < low) { return "under"; }
      return elapsed > high ? "over" : "within";
    }

    // The live region speaks on changes only (start, stop, reaching and passing the
    // target), never every second; the display itself is a role="timer", not live.
    function announce(text) { announcer.textContent = text; }

    function render() {
      var elapsed = seconds(), state = stateOf(elapsed);
      display.textContent = clock(elapsed);
      if (timer.dataset.state !== state) {
        var was = timer.dataset.state;
        timer.dataset.state = state;
        standing.textContent = STANDING[state];
        if (startedAt !== null && was !== "ready" && state !== "under") {
          announce(clock(elapsed) + ": " + STANDING[state].toLowerCase() + ".");
        }
      }
    }

    function fillLog(elapsed) {
      var form = document.getElementById("rehearsal-form");
      if (!form) { return; }
      form.elements.minutes.value = Math.floor(elapsed / 60);
      form.elements.seconds.value = elapsed % 60;
    }

    function start() {
      startedAt = Date.now();
      ticking = window.setInterval(render, 250);
      toggle.textContent = "Stop timer";
      render();
      announce("Timer started.");
    }

    function stop() {
      carried += Date.now() - startedAt;
      startedAt = null;
      window.clearInterval(ticking);
      toggle.textContent = "Start timer";
      render();
      var elapsed = seconds();
      fillLog(elapsed);
      announce("Stopped at " + clock(elapsed) + ". The time is filled in below: log it if you like.");
    }

    function flip() { if (startedAt === null) { start(); } else { stop(); } }

    toggle.addEventListener("click", flip);
    reset.addEventListener("click", function () {
      if (startedAt !== null) { window.clearInterval(ticking); }
      carried = 0; startedAt = null;
      toggle.textContent = "Start timer";
      render();
      announce("Timer reset.");
    });

    // Space anywhere but in a control (where it types, ticks or presses).
    document.addEventListener("keydown", function (event) {
      if (event.key !== " " || event.repeat || event.altKey || event.ctrlKey || event.metaKey) { return; }
      var target = event.target;
      if (target.closest && target.closest("input, textarea, select, button, a, audio, summary, [contenteditable]")) { return; }
      event.preventDefault();
      flip();
    });
  }

  function refusal(error) {
    var name = error && error.name;
    if (name === "NotAllowedError" || name === "SecurityError") {
      return "The microphone was not allowed, so nothing is recorded. To record, allow the microphone for this site in the browser and try again.";
    }
    if (name === "NotFoundError" || name === "OverconstrainedError") {
      return "No microphone was found. Connect one and try again; the timer works without it.";
    }
    if (name === "NotReadableError") {
      return "The microphone is busy in another application. Close it there and try again.";
    }
    return "Recording could not start (" + (name || "unknown error") + "). The timer works without it.";
  }

  function setupRecorder() {
    var panel = document.querySelector("[data-recorder]");
    if (!panel) { return; }
    var button = document.getElementById("record-toggle");
    var status = document.getElementById("record-status");
    var audio = document.getElementById("record-playback");
    var recorder = null, url = null;
    panel.hidden = false;
    if (!navigator.mediaDevices || !navigator.mediaDevices.getUserMedia || typeof window.MediaRecorder === "undefined") {
      button.hidden = true;
      status.textContent = "This browser cannot record audio here. The timer works without it.";
      return;
    }

    function record(stream) {
      var chunks = [];
      recorder = new window.MediaRecorder(stream);
      recorder.addEventListener("dataavailable", function (event) {
        if (event.data && event.data.size) { chunks.push(event.data); }
      });
      recorder.addEventListener("stop", function () {
        stream.getTracks().forEach(function (track) { track.stop(); });
        if (url) { URL.revokeObjectURL(url); }
        url = URL.createObjectURL(new Blob(chunks, { type: recorder.mimeType || "audio/webm" }));
        audio.src = url;
        audio.hidden = false;
        button.textContent = "Record again";
        button.disabled = false;
        status.textContent = "Recorded. Play it back below: it stays in this browser.";
      });
      recorder.start();
      button.textContent = "Stop recording";
      button.disabled = false;
      status.textContent = "Recording…";
    }

    button.addEventListener("click", function () {
      if (recorder && recorder.state === "recording") {
        button.disabled = true;
        recorder.stop();
        return;
      }
      button.disabled = true;
      status.textContent = "Asking the browser for the microphone…";
      navigator.mediaDevices.getUserMedia({ audio: true }).then(record, function (error) {
        button.disabled = false;
        status.textContent = refusal(error);
      });
    });
    window.addEventListener("pagehide", function () { if (url) { URL.revokeObjectURL(url); } });
  }

  function setup() {
    document.querySelectorAll("[data-needs-js]").forEach(function (note) { note.hidden = true; });
    setupTimer();
    setupRecorder();
  }

  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", setup); }
  else { setup(); }
})();
