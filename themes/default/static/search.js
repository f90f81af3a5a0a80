// The handbook's search: loads search-index.json (an inverted index written at build time)
// and shows results with their summaries: as the reader types in the header's box (a list
// under it; arrow keys move through the results, Escape closes the list, "/" anywhere jumps
// to the box) and on the search page. Every text goes in with textContent, never as HTML,
// so no query and no page text can add an element to the page.
(function () {
  "use strict";
  var script = document.currentScript;
  var indexUrl = script && script.getAttribute("data-index");
  var indexScript = script && script.getAttribute("data-index-script");
  if (!indexUrl) return;
  // Results' addresses are relative to the site's folder when the site is built to be
  // opened from disk (build --relative), and absolute paths otherwise: both resolve here.
  var root = new URL(".", new URL(indexUrl, location.href));
  var index = null;
  var loading = null;

  function words(text) {
    return text.toLowerCase().split(/[^\p{L}\p{N}]+/u).filter(function (w) { return w.length > 0; });
  }

  function load() {
    if (!loading && window.handbookSearchIndex) {
      index = window.handbookSearchIndex;
      loading = Promise.resolve(index);
    }
    // From disk a browser fetches no file beside the page: the index comes as a script.
    if (!loading && indexScript && location.protocol === "file:") {
      loading = new Promise(function (resolve, reject) {
        var tag = document.createElement("script");
        tag.src = indexScript;
        tag.onload = function () { index = window.handbookSearchIndex; resolve(index); };
        tag.onerror = reject;
        document.head.appendChild(tag);
      });
    }
    if (!loading) {
      loading = fetch(indexUrl).then(function (r) { return r.json(); }).then(function (data) { index = data; return data; });
    }
    return loading.then(function (data) { lowered(0); return data; });
  }

  // Pages holding a word that starts with `term`. The words are sorted (by code point, which
  // string comparison follows outside the rare astral characters): a binary search finds the
  // first, and the others follow it.
  function pagesFor(term) {
    var found = new Set();
    var entries = index.words;
    var low = 0, high = entries.length;
    while (low < high) {
      var mid = (low + high) >> 1;
      if (entries[mid][0] < term) low = mid + 1; else high = mid;
    }
    for (var i = low; i < entries.length && entries[i][0].startsWith(term); i++) {
      // A word's pages are written as gaps: the first page's number, then each page's
      // distance from the one before.
      var pages = entries[i][1];
      var page = 0;
      for (var j = 0; j < pages.length; j++) {
        page += pages[j];
        found.add(page);
      }
    }
    return found;
  }

  // The pages that have all the words, best first, at most `limit` of them, and how many
  // there are: a word in the title counts most, then in a heading (the result then links to
  // that heading). Scores are packed with the page's number into one number per page and
  // sorted as a typed array, and titles and headings are lower-cased once: a common word in
  // a handbook of 10,000 pages matches nearly every page, and objects for each were slow.
  function search(query, limit) {
    var terms = words(query);
    if (!terms.length) return { total: 0, results: [] };
    var matches = null;
    terms.forEach(function (term) {
      var pages = pagesFor(term);
      matches = matches === null ? pages : new Set(Array.from(matches).filter(function (p) { return pages.has(p); }));
    });
    var found = Array.from(matches || []);
    var keys = new Float64Array(found.length);
    for (var i = 0; i < found.length; i++) {
      var n = found[i];
      var page = lowered(n);
      var score = 0;
      for (var t = 0; t < terms.length; t++) {
        if (page.t.indexOf(terms[t]) >= 0) score += 10;
        if (headingOf(page, terms[t]) >= 0) score += 3;
        score += 1;
      }
      // Higher scores first, then the page's order in the index.
      keys[i] = score * 1048576 + (1048575 - n);
    }
    keys.sort();
    var results = [];
    for (var k = keys.length - 1; k >= 0 && results.length < limit; k--) {
      var number = 1048575 - (keys[k] % 1048576);
      var heading = null;
      for (var u = 0; u < terms.length && !heading; u++) {
        var h = headingOf(lowered(number), terms[u]);
        if (h >= 0) heading = index.pages[number].h[h];
      }
      results.push({ page: index.pages[number], heading: heading, n: number });
    }
    return { total: found.length, results: results };
  }

  // Each page's title and headings in lower case, made once when the index arrives (the
  // reader is still typing the first letters) rather than for every query.
  var lowerCache = null;
  function lowered(n) {
    if (!lowerCache) {
      lowerCache = index.pages.map(function (page) {
        return { t: page.t.toLowerCase(), h: page.h.map(function (h) { return h[1].toLowerCase(); }) };
      });
    }
    return lowerCache[n];
  }
  function headingOf(page, term) {
    for (var h = 0; h < page.h.length; h++) {
      if (page.h[h].indexOf(term) >= 0) return h;
    }
    return -1;
  }

  function address(result) {
    // An absolute path is kept as it is; an address relative to the site's folder (a site
    // built to be opened from disk) is resolved against it.
    var base = result.page.u.charAt(0) === "/" ? result.page.u : new URL(result.page.u, root).href;
    return base + (result.heading ? "#" + result.heading[0] : "");
  }

  function titleOf(result) {
    return result.page.t + (result.heading ? " › " + result.heading[1] : "");
  }

  // Appends `text` to `parent` with each word that starts with a searched term in <mark>.
  function marked(parent, text, terms) {
    var lower = text.toLowerCase();
    var at = 0;
    var i = 0;
    while (i < text.length) {
      var startsWord = i === 0 || !/[\p{L}\p{N}]/u.test(text.charAt(i - 1));
      var term = startsWord && terms.find(function (t) { return lower.startsWith(t, i); });
      if (term) {
        parent.appendChild(document.createTextNode(text.slice(at, i)));
        var mark = document.createElement("mark");
        mark.textContent = text.slice(i, i + term.length);
        parent.appendChild(mark);
        i += term.length;
        at = i;
      } else {
        i += 1;
      }
    }
    parent.appendChild(document.createTextNode(text.slice(at)));
  }

  // One result as a list item: its title linked, its summary after it, the searched words
  // marked. In the header's list the whole item is the link (`whole`), one stop for the
  // arrow keys.
  function entry(result, terms, whole) {
    var item = document.createElement("li");
    var link = document.createElement("a");
    link.href = address(result);
    var title = whole ? document.createElement("strong") : link;
    marked(title, titleOf(result), terms);
    if (whole) link.appendChild(title);
    item.appendChild(link);
    if (result.page.s) {
      var summary = document.createElement("p");
      marked(summary, result.page.s, terms);
      (whole ? link : item).appendChild(summary);
    }
    return item;
  }

  // A message in the page's language from an element's data-* (English when a theme gives
  // none): `{n}` is the number of results, `{q}` the query, put in as text.
  function message(element, count, query) {
    var name = count === 0 ? "none" : count === 1 ? "one" : "many";
    var fallback = { none: "No results for “{q}”.", one: "1 result for “{q}”.", many: "{n} results for “{q}”." }[name];
    return (element.getAttribute("data-" + name) || fallback).replace("{n}", String(count)).replace("{q}", query);
  }

  // The search page: every result (up to 50) with its summary.
  function page() {
    var form = document.querySelector(".search-form");
    var input = document.getElementById("search-q");
    var status = document.getElementById("search-status");
    var list = document.getElementById("search-results");
    if (!form || !input || !status || !list) return;
    var said = function (name, fallback) { return status.getAttribute("data-" + name) || fallback; };
    var prompt = said("prompt", "Type a word to search the handbook.");

    function show(query) {
      list.textContent = "";
      if (!query.trim()) {
        status.textContent = prompt;
        return;
      }
      var started = performance.now();
      var found = search(query, 50);
      var took = performance.now() - started;
      var terms = words(query);
      found.results.forEach(function (result) {
        list.appendChild(entry(result, terms, false));
      });
      status.textContent = message(status, found.total, query);
      status.setAttribute("data-ms", took.toFixed(2));
    }

    function run(query) {
      status.textContent = said("searching", "Searching…");
      load().then(function () { show(query); }, function () { status.textContent = said("failed", "The search index could not be loaded."); });
    }

    var params = new URLSearchParams(location.search);
    var initial = params.get("q") || "";
    input.value = initial;
    status.textContent = prompt;
    if (initial) run(initial);
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var url = new URL(location.href);
      url.searchParams.set("q", input.value);
      // A page opened from disk may not change its own address: the search runs anyway.
      try { history.replaceState(null, "", url); } catch (e) { /* file:// */ }
      run(input.value);
    });
    var timer = null;
    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(function () { run(input.value); }, 120);
    });
  }

  // The header's box: the first results as the reader types, in a list under it. Enter in
  // the box opens the search page with every result.
  function header() {
    var form = document.getElementById("site-search");
    var input = document.getElementById("site-search-q");
    var popup = document.getElementById("site-search-results");
    var status = document.getElementById("site-search-status");
    if (!form || !input || !popup || !status) return;
    var list = popup.querySelector("ul");
    var timer = null;
    var shown = 8;

    function links() {
      return Array.prototype.slice.call(list.querySelectorAll("a"));
    }
    function show(query) {
      list.textContent = "";
      if (!query.trim()) {
        popup.hidden = true;
        status.textContent = "";
        return;
      }
      var started = performance.now();
      var found = search(query, shown);
      input.setAttribute("data-ms", (performance.now() - started).toFixed(2));
      var terms = words(query);
      var said = message(input, found.total, query);
      found.results.forEach(function (result) {
        list.appendChild(entry(result, terms, true));
      });
      var last = document.createElement("li");
      if (found.total > shown) {
        var all = document.createElement("a");
        all.href = form.getAttribute("action") + "?q=" + encodeURIComponent(query);
        all.textContent = said + " →";
        last.appendChild(all);
        list.appendChild(last);
      } else if (found.total === 0) {
        last.className = "search-message";
        last.textContent = said;
        list.appendChild(last);
      }
      status.textContent = said;
      popup.hidden = false;
    }
    function run() {
      var query = input.value;
      load().then(function () { show(query); }, function () {
        status.textContent = input.getAttribute("data-failed") || "The search index could not be loaded.";
      });
    }
    input.addEventListener("focus", function () { load().catch(function () {}); });
    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(run, 60);
    });
    form.addEventListener("keydown", function (event) {
      var all = links();
      var at = all.indexOf(document.activeElement);
      if (event.key === "ArrowDown" && !popup.hidden && all.length) {
        event.preventDefault();
        all[Math.min(at + 1, all.length - 1)].focus();
      } else if (event.key === "ArrowUp" && at >= 0) {
        event.preventDefault();
        if (at === 0) input.focus(); else all[at - 1].focus();
      } else if (event.key === "Escape" && !popup.hidden) {
        event.preventDefault();
        event.stopPropagation();
        popup.hidden = true;
        input.focus();
      }
    });
    // Leaving the box and its results closes the list. A press on a result must not take the
    // focus from the box first: Safari does not focus a clicked link, so the list would close
    // under the pointer before the click.
    popup.addEventListener("mousedown", function (event) { event.preventDefault(); });
    form.addEventListener("focusout", function (event) {
      if (!form.contains(event.relatedTarget)) popup.hidden = true;
    });
    document.addEventListener("keydown", function (event) {
      if (event.key !== "/" || event.ctrlKey || event.metaKey || event.altKey) return;
      var target = event.target;
      var tag = target && target.tagName;
      if (tag === "INPUT" || tag === "TEXTAREA" || tag === "SELECT" || (target && target.isContentEditable)) return;
      event.preventDefault();
      // On a phone the box is behind a button: open it first.
      var toggle = document.querySelector(".search-toggle");
      if (input.offsetParent === null && toggle && toggle.offsetParent !== null) toggle.click();
      input.focus();
    });
  }

  page();
  header();
})();
