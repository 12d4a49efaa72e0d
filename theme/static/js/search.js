// Site search with Pagefind's JavaScript API (https://pagefind.app/docs/api/).
// We use the API rather than Pagefind's ready-made UI so that the markup,
// labels and live announcements are ours, and nothing needs inline styles
// (the Content-Security-Policy allows none). Wording comes from LABELS in
// pelicanconf.py through data attributes. Without JavaScript this file never
// runs, and search-nojs.css shows the message pointing to the archives
// instead of the form.
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
  var more = document.getElementById("search-more");
  var bundle = new URL(holder.getAttribute("data-bundle"), document.baseURI);
  // Result URLs are made relative to the site's own folder, so search works
  // when the site is served below a path (GitHub project pages).
  var siteBase = new URL("../", bundle).pathname;
  var labels = {
    searching: holder.getAttribute("data-label-searching"),
    oneResult: holder.getAttribute("data-label-one-result"),
    results: holder.getAttribute("data-label-results"),
    noResults: holder.getAttribute("data-label-no-results"),
    resultsFor: holder.getAttribute("data-label-results-for"),
    resultsIn: holder.getAttribute("data-label-results-in"),
    careGroups: holder.getAttribute("data-label-care-groups"),
    moreResults: holder.getAttribute("data-label-more-results"),
    unavailable: holder.getAttribute("data-label-search-unavailable")
  };
  // Results are shown ten at a time: each one shown costs a request for its
  // text (a Pagefind fragment, 1 to 3 KB), so a reader's first search stays
  // small (docs/PERFORMANCE.md) however common the word.
  var PAGE_SIZE = 10;
  var found = [];
  var shown = 0;
  var pagefind = null;
  var latest = 0;
  var timer = null;

  // The index comes in bundles of a few years each (bundles.json lists the
  // older ones, see plugins/search/bundles.py); Pagefind merges
  // them into one search.
  function load() {
    if (!pagefind) {
      var listed = fetch(new URL("bundles.json", bundle).href).then(function (response) {
        if (!response.ok) {
          throw new Error("bundles.json: " + response.status);
        }
        return response.json();
      });
      pagefind = Promise.all([import(new URL("pagefind.js", bundle).href), listed])
        .then(function (loaded) {
          var api = loaded[0];
          // noWorker: Pagefind's web worker is a second copy of its code
          // (about 12 KB more on the first search) for work that takes a
          // few milliseconds here.
          return api.options({ baseUrl: siteBase, noWorker: true }).then(function () {
            return Promise.all(loaded[1].merge.map(function (path) {
              return api.mergeIndex(new URL(path, bundle).href, { baseUrl: siteBase });
            }));
          }).then(function () {
            return api;
          });
        })
        .catch(function (error) {
          pagefind = null; // the next search tries again
          throw error;
        });
    }
    return pagefind;
  }

  // Pagefind's excerpt is text with <mark> around the matched words: built
  // as DOM nodes, never inserted as HTML.
  function excerptNodes(excerpt, parent) {
    excerpt.split(/(<mark>.*?<\/mark>)/).forEach(function (part) {
      var match = /^<mark>(.*?)<\/mark>$/.exec(part);
      var decoder = document.createElement("textarea");
      decoder.innerHTML = match ? match[1] : part; // decodes entities, runs nothing
      if (match) {
        var mark = document.createElement("mark");
        mark.textContent = decoder.value;
        parent.appendChild(mark);
      } else {
        parent.appendChild(document.createTextNode(decoder.value));
      }
    });
  }

  // What the reader needs to choose a result: its date (bulletins) and
  // the care groups it concerns (the care_group filter of its page).
  function details(data) {
    var meta = data.meta || {};
    var groups = (data.filters && data.filters.care_group) || [];
    if (!meta.date && !groups.length) {
      return null;
    }
    var line = document.createElement("p");
    line.className = "result-details";
    if (meta.date) {
      var time = document.createElement("time");
      time.textContent = meta.date;
      if (meta.datetime) {
        time.setAttribute("datetime", meta.datetime);
      }
      line.appendChild(time);
    }
    if (groups.length) {
      var span = document.createElement("span");
      span.className = "result-groups";
      span.textContent = labels.careGroups + ": " + groups.join(", ");
      line.appendChild(span);
    }
    return line;
  }

  // "3 results for “pay” in Older Adults.": the words and the care group
  // the results are for, so a reader sees what the filter left out.
  function describe(total, query, group) {
    var text = total === 0 ? labels.noResults : total === 1 ? labels.oneResult : total + " " + labels.results;
    if (query) {
      text += " " + labels.resultsFor + " “" + query + "”";
    }
    if (group) {
      text += " " + labels.resultsIn + " " + group;
    }
    return text + ".";
  }

  function resultItem(data) {
    var item = document.createElement("li");
    var heading = document.createElement("h2");
    var link = document.createElement("a");
    link.href = data.url;
    link.textContent = (data.meta && data.meta.title) || data.url;
    heading.appendChild(link);
    item.appendChild(heading);
    var line = details(data);
    if (line) {
      item.appendChild(line);
    }
    var excerpt = document.createElement("p");
    excerptNodes(data.excerpt || "", excerpt);
    item.appendChild(excerpt);
    return item;
  }

  // The next ten results of the current search, appended (or, for a new
  // search, in place of the last one's, once they have all arrived: the page
  // does not jump); `ticket` is the search they belong to (a newer search
  // makes them stale).
  function showMore(ticket, replace) {
    var next = found.slice(shown, shown + PAGE_SIZE);
    return Promise.all(next.map(function (r) { return r.data(); })).then(function (results) {
      if (ticket !== latest) {
        return null;
      }
      if (replace) {
        list.replaceChildren();
      }
      var items = results.map(resultItem);
      items.forEach(function (item) { list.appendChild(item); });
      shown += next.length;
      more.hidden = shown >= found.length;
      return items;
    });
  }

  more.addEventListener("click", function () {
    var ticket = latest;
    showMore(ticket, false).then(function (items) {
      // Keyboard and screen-reader users carry on from the first new result.
      if (items && items.length) {
        items[0].querySelector("a").focus();
      }
    }).catch(function () {
      status.textContent = labels.unavailable;
    });
  });

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
    var ticket = ++latest;
    if (!query && !group) {
      list.replaceChildren();
      more.hidden = true;
      status.textContent = "";
      return;
    }
    status.textContent = labels.searching;
    load()
      .then(function (api) {
        var options = group ? { filters: { care_group: group } } : {};
        // No words but a care group: every bulletin about that group.
        return api.search(query || null, options);
      })
      .then(function (outcome) {
        if (ticket !== latest) {
          return null;
        }
        found = outcome.results;
        shown = 0;
        return showMore(ticket, true).then(function (items) {
          if (items) {
            status.textContent = describe(found.length, query, group);
          }
        });
      })
      .catch(function () {
        if (ticket === latest) {
          status.textContent = labels.unavailable;
        }
      });
  }

  var params = new URLSearchParams(window.location.search);
  // The form shows before this script runs: what a reader typed meanwhile is kept.
  if (params.get("q")) {
    input.value = params.get("q");
  }
  if (params.get("care_group")) {
    filter.value = params.get("care_group");
  }
  input.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(search, 250);
  });
  filter.addEventListener("change", search);
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    clearTimeout(timer);
    search();
  });
  if (input.value.trim() || filter.value) {
    search();
  }
})();
