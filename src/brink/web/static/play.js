// Brink play: live updates. The server's event stream (or, failing it, a status poll every
// few seconds) says when the game changed; the page's panel then fetches its own view again
// through htmx. Nothing is refreshed while a message is being typed.
(function () {
  "use strict";
  function panel() { return document.getElementById("panel"); }
  var first = panel();
  if (!first) { return; }
  var pending = false;
  function typing() {
    var el = document.activeElement;
    return el && el.tagName === "TEXTAREA" && el.value.length > 0;
  }
  function changed(version) {
    var p = panel();
    if (!p || String(version) === p.dataset.version) { return; }
    if (typing()) { pending = true; return; }
    document.body.dispatchEvent(new Event("brink:update"));
  }
  document.addEventListener("focusout", function () {
    if (pending) { pending = false; document.body.dispatchEvent(new Event("brink:update")); }
  });
  if (window.EventSource && first.dataset.events) {
    var source = new EventSource(first.dataset.events);
    source.addEventListener("update", function (e) { changed(JSON.parse(e.data).version); });
  }
  setInterval(function () {
    var p = panel();
    if (!p || !p.dataset.status) { return; }
    fetch(p.dataset.status, { credentials: "same-origin" })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (s) { if (s) { changed(s.version); } })
      .catch(function () {});
  }, 5000);
})();
