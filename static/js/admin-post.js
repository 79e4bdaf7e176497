// The post editor keeps a copy of the unsaved form in this browser, every minute
// and when the tab closes, and offers it back after a closed tab or a lost
// connection (the copy never leaves the browser; the server has the saved post).
document.addEventListener("DOMContentLoaded", function () {
  "use strict";
  const form = document.getElementById("post_form");
  const notice = document.getElementById("draft-copy");
  if (!form || !notice) return;
  const PREFIX = "coachsite:post-copy:";
  const key = PREFIX + location.pathname;
  const fields = ["title", "slug", "excerpt", "body"];
  const EVERY = 60 * 1000;

  function values() {
    const found = {};
    for (const name of fields) {
      if (form.elements[name]) found[name] = form.elements[name].value;
    }
    return found;
  }
  const loaded = values();
  const same = (a, b) => fields.every((name) => (a[name] || "") === (b[name] || ""));
  function read(name) {
    try { return JSON.parse(localStorage.getItem(name)); } catch (error) { return null; }
  }
  function keep(submitted) {
    const now = values();
    if (same(now, loaded) && !submitted) return localStorage.removeItem(key);
    const copy = { savedAt: new Date().toISOString(), submitted: submitted, values: now };
    localStorage.setItem(key, JSON.stringify(copy));
  }

  // A save that went through: its copies are no longer needed.
  if (document.querySelector(".messagelist .success")) {
    for (const name of Object.keys(localStorage)) {
      if (name.startsWith(PREFIX) && (read(name) || {}).submitted) localStorage.removeItem(name);
    }
  }

  const copy = read(key);
  if (copy && copy.values && !same(copy.values, loaded)) {
    notice.querySelector("time").dateTime = copy.savedAt;
    notice.querySelector("time").textContent = new Date(copy.savedAt).toLocaleString(
      document.documentElement.lang, { dateStyle: "long", timeStyle: "short" });
    notice.hidden = false;
    notice.querySelector("[data-restore]").addEventListener("click", function () {
      for (const name of fields) {
        if (!form.elements[name] || !(name in copy.values)) continue;
        form.elements[name].value = copy.values[name];
        const editor = window.editors && window.editors["id_" + name];
        if (editor) editor.setData(copy.values[name]);
      }
      notice.hidden = true;
    });
    notice.querySelector("[data-discard]").addEventListener("click", function () {
      localStorage.removeItem(key);
      notice.hidden = true;
    });
  } else if (copy) {
    localStorage.removeItem(key);
  }

  let submitted = false;
  form.addEventListener("submit", function (event) {
    if (event.submitter && event.submitter.name === "_preview") return;
    submitted = true;
    keep(true);  // kept until the saved page says it arrived
  });
  setInterval(function () { if (!submitted) keep(false); }, EVERY);
  window.addEventListener("pagehide", function () { if (!submitted) keep(false); });
});
