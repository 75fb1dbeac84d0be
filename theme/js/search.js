// The search page: queries the Pagefind index built with the site. First-party;
// results show each post's verdict. Without JavaScript the page says so.
(function () {
  "use strict";
  var root = document.querySelector("[data-search]");
  if (!root) return;
  var form = root.querySelector("form");
  var input = root.querySelector("input[name=q]");
  var status = root.querySelector("[data-search-status]");
  var list = root.querySelector("[data-search-results]");
  var pagefind = null;
  var latest = 0;

  function load() {
    if (!pagefind) {
      var url = new URL(root.getAttribute("data-pagefind"), window.location.href).href;
      // A large site's index comes in parts (SEARCH_SHARD_SIZE): the first is imported,
      // the others merged into it, so one search covers every post.
      var more = (root.getAttribute("data-pagefind-more") || "").split(" ").filter(Boolean);
      pagefind = import(url).then(function (module) {
        return more.reduce(function (ready, part) {
          return ready.then(function () {
            return module.mergeIndex(new URL(part, window.location.href).href);
          });
        }, Promise.resolve()).then(function () {
          return module.init && module.init();
        }).then(function () { return module; });
      });
    }
    return pagefind;
  }

  function element(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text) node.textContent = text;
    return node;
  }

  function render(results) {
    list.textContent = "";
    results.forEach(function (data) {
      var item = element("li", "search__result");
      var link = element("a", "search__title", data.meta.title || data.url);
      link.href = data.url;
      item.appendChild(element("h2", "search__heading")).appendChild(link);
      if (data.meta.verdict) {
        var badge = element("p", "verdict");
        badge.setAttribute("data-verdict", data.meta.verdict_key || "");
        badge.appendChild(element("span", "visually-hidden", "Verdict: "));
        badge.appendChild(element("strong", "verdict__label", data.meta.verdict));
        item.appendChild(badge);
      }
      // The claim the verdict is on (the claim box's own text, data-pagefind-meta).
      if (data.meta.claim) {
        item.appendChild(element("p", "search__claim", "\u201c" + data.meta.claim + "\u201d"));
      }
      // Pagefind's excerpt is the page's own text, escaped, with <mark> around matches.
      var excerpt = element("p", "search__excerpt");
      excerpt.innerHTML = data.excerpt;
      item.appendChild(excerpt);
      list.appendChild(item);
    });
  }

  function search(query) {
    var ticket = ++latest;
    query = query.trim();
    if (!query) { list.textContent = ""; status.textContent = ""; return; }
    if (!root.hasAttribute("data-pagefind")) {  // the build found no published post to index
      status.textContent = "Nothing has been published yet.";
      return;
    }
    status.textContent = "Searching…";
    load().then(function (module) { return module.search(query); }).then(function (found) {
      return Promise.all(found.results.slice(0, 20).map(function (r) { return r.data(); }));
    }).then(function (results) {
      if (ticket !== latest) return;
      render(results);
      status.textContent = results.length
        ? results.length + (results.length === 1 ? " result" : " results") + " for “" + query + "”."
        : "Nothing found for “" + query + "”. Try another word, or browse by topic.";
    }, function () {
      status.textContent = "Search is not available right now. Browse by topic instead.";
    });
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var url = new URL(window.location.href);
    url.searchParams.set("q", input.value);
    window.history.replaceState(null, "", url);
    search(input.value);
  });
  input.addEventListener("input", function () { search(input.value); });
  var initial = new URLSearchParams(window.location.search).get("q");
  if (initial) { input.value = initial; search(initial); }
})();
