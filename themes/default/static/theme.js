// The default theme's small behaviours, all optional: without this script every part of the
// page is shown and works. The menu and search buttons of a phone (real disclosures with
// aria-expanded; Escape closes them), the colour scheme the reader chose (kept in
// localStorage and applied before the page is drawn by the line in <head>), and the heading
// of "On this page" that is being read, marked while scrolling.
(function () {
  "use strict";
  var root = document.documentElement;

  function disclosure(button, panel, onOpen) {
    if (!button || !panel) return;
    function set(open) {
      button.setAttribute("aria-expanded", open ? "true" : "false");
      panel.classList.toggle("open", open);
      if (open && onOpen) onOpen();
    }
    button.addEventListener("click", function () {
      set(button.getAttribute("aria-expanded") !== "true");
    });
    panel.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && button.getAttribute("aria-expanded") === "true" && button.offsetParent !== null) {
        set(false);
        button.focus();
      }
    });
  }
  disclosure(document.querySelector(".menu-button"), document.getElementById("site-menu"));
  disclosure(document.querySelector(".search-toggle"), document.getElementById("site-search"), function () {
    var input = document.getElementById("site-search-q");
    if (input) input.focus();
  });

  var choice = document.querySelector("[data-scheme-choice]");
  if (choice) {
    var saved = root.getAttribute("data-scheme");
    choice.value = saved === "light" || saved === "dark" ? saved : "system";
    choice.addEventListener("change", function () {
      var value = choice.value;
      if (value === "light" || value === "dark") root.setAttribute("data-scheme", value);
      else root.removeAttribute("data-scheme");
      try {
        if (value === "system") localStorage.removeItem("handbook-scheme");
        else localStorage.setItem("handbook-scheme", value);
      } catch (e) { /* storage may be off: the choice lasts for this page */ }
    });
  }

  // "On this page": the last heading scrolled to the top of the window is the current one,
  // and at the end of the page the last. Only colours change, so nothing moves.
  var links = Array.prototype.slice.call(document.querySelectorAll(".toc a[href^='#']"));
  if (!links.length || !window.IntersectionObserver) return;
  var headings = links.map(function (a) {
    return document.getElementById(decodeURIComponent(a.getAttribute("href").slice(1)));
  });
  var current = null;
  function mark() {
    var line = Math.min(window.innerHeight / 3, 96);
    var found = 0;
    for (var i = 0; i < headings.length; i++) {
      if (headings[i] && headings[i].getBoundingClientRect().top <= line) found = i;
    }
    var end = document.documentElement;
    if (window.scrollY > 0 && window.innerHeight + window.scrollY >= end.scrollHeight - 2) found = headings.length - 1;
    if (current === found) return;
    if (current !== null) links[current].removeAttribute("aria-current");
    links[found].setAttribute("aria-current", "location");
    current = found;
  }
  var observer = new IntersectionObserver(mark);
  headings.forEach(function (h) { if (h) observer.observe(h); });
  window.addEventListener("scroll", mark, { passive: true });
  mark();
})();
