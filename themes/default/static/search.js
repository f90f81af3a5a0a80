// The handbook's search: loads search-index.json (an inverted index written at build time)
// and shows results with their summaries. Every text goes in with textContent, never as HTML,
// so no query and no page text can add an element to the page.
(function () {
  "use strict";
  var script = document.currentScript;
  var indexUrl = script && script.getAttribute("data-index");
  var form = document.querySelector(".search-form");
  var input = document.getElementById("search-q");
  var status = document.getElementById("search-status");
  var list = document.getElementById("search-results");
  if (!indexUrl || !form || !input || !status || !list) return;
  // Results' addresses are relative to the site's folder when the site is built to be
  // opened from disk (build --relative), and absolute paths otherwise: both resolve here.
  var root = new URL(".", new URL(indexUrl, location.href));
  var index = null;
  var loading = null;

  function words(text) {
    return text.toLowerCase().split(/[^\p{L}\p{N}]+/u).filter(function (w) { return w.length > 0; });
  }

  function load() {
    // From disk a browser fetches no file beside the page: the index came as a script.
    if (!loading && window.handbookSearchIndex) {
      index = window.handbookSearchIndex;
      loading = Promise.resolve(index);
    }
    if (!loading) {
      loading = fetch(indexUrl).then(function (r) { return r.json(); }).then(function (data) { index = data; return data; });
    }
    return loading;
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
      var pages = entries[i][1];
      for (var j = 0; j < pages.length; j++) found.add(pages[j]);
    }
    return found;
  }

  function search(query) {
    var terms = words(query);
    if (!terms.length) return [];
    var matches = null;
    terms.forEach(function (term) {
      var pages = pagesFor(term);
      matches = matches === null ? pages : new Set(Array.from(matches).filter(function (p) { return pages.has(p); }));
    });
    return Array.from(matches || []).map(function (n) {
      var page = index.pages[n];
      var title = page.t.toLowerCase();
      var score = 0;
      var heading = null;
      terms.forEach(function (term) {
        if (title.indexOf(term) >= 0) score += 10;
        for (var h = 0; h < page.h.length; h++) {
          if (page.h[h][1].toLowerCase().indexOf(term) >= 0) {
            score += 3;
            if (!heading) heading = page.h[h];
            break;
          }
        }
        score += 1;
      });
      return { page: page, score: score, heading: heading, n: n };
    }).sort(function (a, b) { return b.score - a.score || a.n - b.n; }).slice(0, 50);
  }

  // The page's words for each message, in its language (data-* on the status element),
  // English when a theme gives none. `{n}` is the number of results, `{q}` the query.
  function said(name, fallback) {
    return status.getAttribute("data-" + name) || fallback;
  }
  var prompt = said("prompt", "Type a word to search the handbook.");

  function show(query) {
    list.textContent = "";
    if (!query.trim()) {
      status.textContent = prompt;
      return;
    }
    var started = performance.now();
    var results = search(query);
    var took = performance.now() - started;
    results.forEach(function (result) {
      var item = document.createElement("li");
      var link = document.createElement("a");
      // An absolute path is kept as it is; an address relative to the site's folder (a
      // site built to be opened from disk) is resolved against it.
      var address = result.page.u.charAt(0) === "/" ? result.page.u : new URL(result.page.u, root).href;
      link.href = address + (result.heading ? "#" + result.heading[0] : "");
      link.textContent = result.page.t + (result.heading ? " › " + result.heading[1] : "");
      item.appendChild(link);
      if (result.page.s) {
        var summary = document.createElement("p");
        summary.textContent = result.page.s;
        item.appendChild(summary);
      }
      list.appendChild(item);
    });
    var message = results.length === 0 ? said("none", "No results for “{q}”.")
      : results.length === 1 ? said("one", "1 result for “{q}”.") : said("many", "{n} results for “{q}”.");
    // Text, never markup: the query is shown as typed.
    status.textContent = message.replace("{n}", String(results.length)).replace("{q}", query);
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
})();
