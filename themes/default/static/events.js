// Keeps event lists right after the build: events that have ended since move from
// "Upcoming" to "Past" (or leave the home page's list), and each time also shows in the
// reader's own time zone when it differs. Without this script the page is right as of the
// build.
(function () {
  "use strict";
  // The words come from the theme's language file, by the script's own tag.
  var script = document.currentScript;
  var yourTime = (script && script.getAttribute("data-your-time")) || "your time: {t}";
  var now = Date.now();
  var past = document.querySelector("[data-past-events]");
  document.querySelectorAll("[data-upcoming-events] [data-event-end]").forEach(function (item) {
    if (Date.parse(item.getAttribute("data-event-end")) > now) return;
    if (past && item.classList.contains("card")) past.insertBefore(item, past.firstChild);
    else item.remove();
  });
  if (!window.Intl || !Intl.DateTimeFormat) return;
  var format = new Intl.DateTimeFormat(document.documentElement.lang || undefined, {
    // The page's language, and the 24-hour clock the page writes its times in (the
    // browser's locale mixed "19:00" with "06:00 PM" and English words into German pages).
    weekday: "short", day: "numeric", month: "short", hour: "2-digit", minute: "2-digit", hourCycle: "h23", timeZoneName: "short"
  });
  document.querySelectorAll("time[data-local-time]").forEach(function (el) {
    var text = el.getAttribute("datetime");
    var when = new Date(text);
    var m = /([+-])(\d\d):(\d\d)$/.exec(text);
    if (isNaN(when) || !m) return;
    var eventOffset = (m[1] === "-" ? -1 : 1) * (parseInt(m[2], 10) * 60 + parseInt(m[3], 10));
    if (-when.getTimezoneOffset() === eventOffset) return;
    var local = document.createElement("span");
    local.className = "local-time";
    local.textContent = " (" + yourTime.replace("{t}", format.format(when)) + ")";
    el.insertAdjacentElement("afterend", local);
  });
})();
