// The search page: searches the Pagefind index built by `make html` /
// `make publish`, optionally within one care group. Without JavaScript the
// page keeps its link to the archives. Everything is loaded from this site
// (the Content-Security-Policy allows nothing else), and results are built
// as DOM nodes, never as HTML strings, apart from Pagefind's <mark> tags.
(function () {
  "use strict";
  var holder = document.querySelector(".search[data-bundle]");
  if (!holder) {
    return;
  }
  var form = document.getElementById("search-form");
  var input = document.getElementById("search-input");
  var filter = document.getElementById("search-filter");
  var status = document.getElementById("search-status");
  var list = document.getElementById("search-results");
  var bundle = holder.getAttribute("data-bundle");
  var labels = {
    searching: holder.getAttribute("data-label-searching"),
    resultFor: holder.getAttribute("data-label-result-for"),
    resultsFor: holder.getAttribute("data-label-results-for"),
    noResultsFor: holder.getAttribute("data-label-no-results-for"),
    unavailable: holder.getAttribute("data-label-search-unavailable")
  };
  var pagefind = null;
  var latest = 0;

  function load() {
    if (!pagefind) {
      pagefind = import(bundle + "pagefind.js").then(function (module) {
        return module.init().then(function () {
          return module;
        });
      });
    }
    return pagefind;
  }

  // Pagefind's excerpt is text with <mark> around the matched words.
  function excerptNodes(excerpt, parent) {
    excerpt.split(/(<mark>.*?<\/mark>)/).forEach(function (part) {
      var match = /^<mark>(.*?)<\/mark>$/.exec(part);
      var text = document.createElement("textarea");
      text.innerHTML = match ? match[1] : part; // decodes entities, runs nothing
      if (match) {
        var mark = document.createElement("mark");
        mark.textContent = text.value;
        parent.appendChild(mark);
      } else {
        parent.appendChild(document.createTextNode(text.value));
      }
    });
  }

  function show(results, query) {
    list.replaceChildren();
    results.forEach(function (data) {
      var item = document.createElement("li");
      var heading = document.createElement("h2");
      var link = document.createElement("a");
      link.href = data.url;
      link.textContent = (data.meta && data.meta.title) || data.url;
      heading.appendChild(link);
      var excerpt = document.createElement("p");
      excerptNodes(data.excerpt || "", excerpt);
      item.append(heading, excerpt);
      list.appendChild(item);
    });
    var count = results.length;
    var quoted = "“" + query + "”.";
    status.textContent = count === 0
      ? labels.noResultsFor + " " + quoted
      : count + " " + (count === 1 ? labels.resultFor : labels.resultsFor) + " " + quoted;
  }

  function search() {
    var query = input.value.trim();
    var group = filter.value;
    var url = new URL(window.location.href);
    url.searchParams.delete("q");
    url.searchParams.delete("care_group");
    if (query) {
      url.searchParams.set("q", query);
    }
    if (group) {
      url.searchParams.set("care_group", group);
    }
    window.history.replaceState(null, "", url);
    if (!query) {
      list.replaceChildren();
      status.textContent = "";
      return;
    }
    var ticket = ++latest;
    status.textContent = labels.searching;
    load()
      .then(function (module) {
        var options = group ? { filters: { care_group: group } } : {};
        return module.search(query, options);
      })
      .then(function (found) {
        return Promise.all(found.results.slice(0, 20).map(function (r) { return r.data(); }));
      })
      .then(function (results) {
        if (ticket === latest) {
          show(results, query);
        }
      })
      .catch(function () {
        if (ticket === latest) {
          status.textContent = labels.unavailable;
        }
      });
  }

  document.getElementById("search-needs-js").hidden = true;
  form.hidden = false;
  var params = new URLSearchParams(window.location.search);
  input.value = params.get("q") || "";
  if (params.get("care_group")) {
    filter.value = params.get("care_group");
  }
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    search();
  });
  filter.addEventListener("change", function () {
    if (input.value.trim()) {
      search();
    }
  });
  if (input.value.trim()) {
    search();
  }
})();
