// Site search with Pagefind's JavaScript API (https://pagefind.app/docs/api/).
// We use the API rather than Pagefind's ready-made UI so that the markup,
// labels and live announcements are ours, and nothing needs inline styles
// (the Content-Security-Policy allows none). Without JavaScript this file
// never runs and the page keeps its message pointing to the archives.
(function () {
  "use strict";
  var root = document.querySelector(".search[data-bundle]");
  if (!root) {
    return;
  }
  var form = document.getElementById("search-form");
  var input = document.getElementById("search-input");
  var filter = document.getElementById("search-filter");
  var status = document.getElementById("search-status");
  var list = document.getElementById("search-results");
  var bundle = new URL(root.getAttribute("data-bundle"), document.baseURI);
  var siteBase = new URL("../", bundle).pathname;
  var pagefind = null;
  var latest = 0;
  var MAX_RESULTS = 30;

  document.getElementById("search-needs-js").hidden = true;
  form.hidden = false;

  function load() {
    if (!pagefind) {
      pagefind = import(new URL("pagefind.js", bundle).href).then(function (api) {
        return api.options({ baseUrl: siteBase }).then(function () {
          return api;
        });
      });
    }
    return pagefind;
  }

  function setStatus(text) {
    status.textContent = text;
  }

  function render(results, total) {
    list.replaceChildren();
    results.forEach(function (data) {
      var item = document.createElement("li");
      var heading = document.createElement("h2");
      var link = document.createElement("a");
      link.href = data.url;
      link.textContent = (data.meta && data.meta.title) || data.url;
      heading.appendChild(link);
      var excerpt = document.createElement("p");
      // Pagefind's excerpt is escaped text from our own pages with <mark>
      // around the matched words.
      excerpt.innerHTML = data.excerpt;
      item.append(heading, excerpt);
      list.appendChild(item);
    });
    var shown = results.length < total ? " (showing the first " + results.length + ")" : "";
    setStatus(total === 0 ? "No results found." : total + (total === 1 ? " result" : " results") + " found" + shown + ".");
  }

  function run() {
    var query = input.value.trim();
    var group = filter.value;
    var ticket = ++latest;
    var params = new URLSearchParams();
    if (query) {
      params.set("q", query);
    }
    if (group) {
      params.set("care_group", group);
    }
    history.replaceState(null, "", params.toString() ? "?" + params : location.pathname);
    if (!query && !group) {
      list.replaceChildren();
      setStatus("");
      return;
    }
    setStatus("Searching…");
    load()
      .then(function (api) {
        var options = group ? { filters: { care_group: group } } : {};
        return api.search(query || null, options);
      })
      .then(function (search) {
        if (ticket !== latest) {
          return null;
        }
        var first = search.results.slice(0, MAX_RESULTS);
        return Promise.all(first.map(function (r) { return r.data(); })).then(function (data) {
          if (ticket === latest) {
            render(data, search.results.length);
          }
        });
      })
      .catch(function () {
        setStatus("Search is not available at the moment. Please use the archives.");
      });
  }

  var timer = null;
  input.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(run, 250);
  });
  filter.addEventListener("change", run);
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    clearTimeout(timer);
    run();
  });

  var initial = new URLSearchParams(location.search);
  if (initial.get("q")) {
    input.value = initial.get("q");
  }
  if (initial.get("care_group")) {
    filter.value = initial.get("care_group");
  }
  if (input.value || filter.value) {
    run();
  }
})();
