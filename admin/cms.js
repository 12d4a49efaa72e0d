/* The branch blog's additions to the web editor (Decap CMS), loaded after
 * decap-cms.js by admin/index.html:
 *
 * - the "pelican" file format: Pelican's own `Key: value` lines, an empty
 *   line, then the Markdown text, written exactly as `make newpost` writes
 *   them (secretary/newpost.py): the fields in the order config.yml lists
 *   them, an empty field as `Key:`, lists joined with ", ", a Status line
 *   only for a draft (a file with none is published at its date);
 * - the preview of a bulletin, laid out as the site lays it out
 *   (theme/templates/article.html), with the site's own stylesheet.
 *
 * Plain ES5 and no build step: it is served as written. */
(function () {
  "use strict";

  var CMS = window.CMS;
  var h = window.h;
  // Fields that hold a list, written "A, B" (Pelican splits them on commas;
  // on semicolons when there is one, as plugins/caregroups/model.py does).
  var LISTS = { Tags: true, Care_groups: true, Champions: true, Authors: true };
  // The select's value for "no Status line".
  var PUBLISHED = "published";
  // Where fromFile keeps the order of a file's own lines, so that editing
  // an existing file changes only the lines that changed.
  var ORDER = "_lines";

  // Pelican reads a field's name in any case: written back as newpost writes
  // it, first letter upper-case ("care_groups" -> "Care_groups").
  function canonical(key) {
    var lower = key.trim().toLowerCase();
    return lower.charAt(0).toUpperCase() + lower.slice(1);
  }

  function splitList(value) {
    var parts = value.indexOf(";") >= 0 ? value.split(";") : value.split(",");
    return parts
      .map(function (part) {
        return part.replace(/\s+/g, " ").trim();
      })
      .filter(function (part) {
        return part !== "";
      });
  }

  // The text of one field on one line: a line break would start a line
  // Pelican does not read as part of the field.
  function oneLine(value) {
    return String(value).replace(/\s+/g, " ").trim();
  }

  function fromFile(text) {
    var lines = text.replace(/^\uFEFF/, "").replace(/\r\n?/g, "\n").split("\n");
    var data = {};
    var order = [];
    var index = 0;
    for (; index < lines.length; index += 1) {
      var line = lines[index];
      if (line.trim() === "") {
        index += 1;
        break;
      }
      var match = /^([^:\s][^:]*):(.*)$/.exec(line);
      if (!match) {
        break; // no header line: the text starts here
      }
      var key = canonical(match[1]);
      var value = match[2].trim();
      data[key] = LISTS[key] ? splitList(value) : value;
      order.push(key);
    }
    data.body = lines.slice(index).join("\n").replace(/\n+$/, "");
    data[ORDER] = order;
    if (!data.Status) {
      data.Status = PUBLISHED;
    }
    return data;
  }

  function fieldText(key, value) {
    if (value === undefined || value === null) {
      return "";
    }
    if (Array.isArray(value)) {
      return value.map(oneLine).filter(Boolean).join(", ");
    }
    return oneLine(value);
  }

  function toFile(data, sortedKeys) {
    // A new file: the form's fields in its order, which is make newpost's,
    // each written even when empty ("Tags:"), as make newpost writes them.
    // A file read from disk: its own lines in its own order, then any field
    // given a value in the form that it did not have.
    var own = data[ORDER] || null;
    var form = (sortedKeys || []).filter(function (key) {
      return key !== "body";
    });
    var order = own ? own.slice() : form.slice();
    form.concat(Object.keys(data)).forEach(function (key) {
      if (key !== "body" && key !== ORDER && order.indexOf(key) < 0 && fieldText(key, data[key]) !== "") {
        order.push(key);
      }
    });
    var lines = [];
    order.forEach(function (key) {
      var text = fieldText(key, data[key]);
      if (key === "Status" && (text === "" || text === PUBLISHED)) {
        return;
      }
      lines.push(text === "" ? key + ":" : key + ": " + text);
    });
    var body = String(data.body || "").replace(/\r\n?/g, "\n").replace(/\s+$/, "");
    return lines.join("\n") + "\n\n" + body + "\n";
  }

  CMS.registerCustomFormat("pelican", "md", { fromFile: fromFile, toFile: toFile });

  // -- words ------------------------------------------------------------------

  // The editor's "Publish" button saves the file (on the live site: a commit,
  // which the next build publishes); whether a bulletin is published is the
  // "Publishing" field's choice. The button says "Save", so the two are not
  // confused.
  var english = CMS.getLocale("en");
  if (english && english.editor && english.editor.editorToolbar) {
    var phrases = JSON.parse(JSON.stringify(english));
    var toolbar = phrases.editor.editorToolbar;
    toolbar.publish = "Save";
    toolbar.published = "Saved";
    toolbar.publishing = "Saving…";
    toolbar.publishNow = "Save now";
    toolbar.publishAndCreateNew = "Save and create new";
    toolbar.publishAndDuplicate = "Save and duplicate";
    CMS.registerLocale("en", phrases);
  }

  // -- the preview ------------------------------------------------------------

  // The site's stylesheet, from this site (the policy allows nothing else).
  CMS.registerPreviewStyle(new URL("../theme/css/site.css", document.baseURI).href);

  function values(entry, key) {
    var value = entry.getIn(["data", key]);
    if (!value) {
      return [];
    }
    return typeof value.toJS === "function" ? value.toJS() : [].concat(value);
  }

  function termList(label, className, names) {
    if (!names.length) {
      return null;
    }
    return h(
      "div",
      { className: "terms " + className },
      h("span", { className: "terms-label" }, label + ":"),
      h(
        "ul",
        {},
        names.map(function (name) {
          return h("li", { key: name }, h("a", { href: "#" }, name));
        })
      )
    );
  }

  var BulletinPreview = window.createClass({
    render: function () {
      var entry = this.props.entry;
      var status = entry.getIn(["data", "Status"]);
      return h(
        "main",
        { id: "main", className: "wrap" },
        h(
          "article",
          { className: "bulletin" + (status === "draft" ? " draft" : "") },
          h(
            "header",
            { className: "bulletin-header" },
            status === "draft"
              ? h("p", { className: "draft-banner", role: "note" }, h("strong", {}, "Draft:"), " not published until you choose to publish it.")
              : null,
            h("h1", {}, entry.getIn(["data", "Title"]) || ""),
            h("p", { className: "meta" }, entry.getIn(["data", "Date"]) || ""),
            termList("Care groups", "care-groups", values(entry, "Care_groups")),
            termList("Champions", "champions", values(entry, "Champions"))
          ),
          h("div", { className: "content" }, this.props.widgetFor("body")),
          h("footer", { className: "bulletin-footer" }, termList("Tags", "tags", values(entry, "Tags")))
        )
      );
    },
  });

  var PagePreview = window.createClass({
    render: function () {
      var entry = this.props.entry;
      return h(
        "main",
        { id: "main", className: "wrap" },
        h("article", { className: "page" }, h("h1", {}, entry.getIn(["data", "Title"]) || ""), h("div", { className: "content" }, this.props.widgetFor("body")))
      );
    },
  });

  CMS.registerPreviewTemplate("bulletins", BulletinPreview);
  ["pages", "care_groups", "champions"].forEach(function (name) {
    CMS.registerPreviewTemplate(name, PagePreview);
  });
})();
