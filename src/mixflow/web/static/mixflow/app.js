// Small enhancements for every page. Each page works without them: the menu is shown, the
// language form has its button, tables scroll in their box, long lists stay plain selects.
(function () {
  "use strict";
  var root = document.documentElement;
  root.classList.add("js");

  // Strings come from the page (data-* attributes set by base.html), in the reader's language.
  var body = document.body;
  function text(name, fallback) { return (body && body.getAttribute("data-" + name)) || fallback; }

  function ready(fn) {
    if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", fn); } else { fn(); }
  }

  ready(function () {
    // Menu: collapsed behind a button on phones.
    var toggle = document.querySelector(".menu-toggle");
    var nav = document.getElementById("main-nav");
    if (toggle && nav) {
      toggle.addEventListener("click", function () {
        var open = !nav.classList.contains("open");
        nav.classList.toggle("open", open);
        toggle.setAttribute("aria-expanded", open ? "true" : "false");
      });
    }

    // Language: choosing one submits the form (its button is kept for browsers without scripts).
    document.querySelectorAll("form.language select").forEach(function (select) {
      select.addEventListener("change", function () { select.form.submit(); });
    });

    // Tables become labelled cards on small screens: each cell carries its column's heading.
    document.querySelectorAll("main table").forEach(function (table) {
      if (table.classList.contains("keep-table") || !table.tHead) { return; }
      var headings = Array.prototype.map.call(table.tHead.rows[0].cells, function (cell) {
        return cell.textContent.trim();
      });
      Array.prototype.forEach.call(table.tBodies, function (tbody) {
        Array.prototype.forEach.call(tbody.rows, function (row) {
          var column = 0;
          Array.prototype.forEach.call(row.cells, function (cell) {
            var label = headings[column];
            if (label && !cell.hasAttribute("data-label")) { cell.setAttribute("data-label", label); }
            column += cell.colSpan || 1;
          });
        });
      });
      table.classList.add("stacked");
    });

    // Error summary: focused so that screen readers and keyboards start there.
    var summary = document.querySelector(".error-summary");
    if (summary) { summary.focus(); }

    // Long lists: a filter box above selects of many options; multiple selects become a list of
    // check boxes (no Ctrl-click), kept in step with the select the form posts.
    document.querySelectorAll("select").forEach(function (select) {
      if (select.closest(".top") || select.hasAttribute("data-plain")) { return; }
      var many = select.options.length > 15;
      if (select.multiple) { checkboxes(select, many); } else if (many) { filterable(select); }
    });
  });

  function filterBox(select, onInput) {
    var id = (select.id || select.name) + "-filter";
    var wrap = document.createElement("div");
    wrap.className = "combo-filter";
    var label = document.createElement("label");
    label.htmlFor = id;
    label.className = "visually-hidden";
    var own = select.id ? document.querySelector("label[for='" + select.id + "']") : null;
    label.textContent = text("filter-label", "Type to filter the list") + (own ? " — " + own.textContent.trim() : "");
    var input = document.createElement("input");
    input.type = "search";
    input.id = id;
    input.setAttribute("placeholder", text("filter-placeholder", "Type to filter"));
    input.setAttribute("autocomplete", "off");
    input.addEventListener("input", function () { onInput(input.value.trim().toLocaleLowerCase()); });
    input.addEventListener("keydown", function (event) { if (event.key === "Enter") { event.preventDefault(); } });
    wrap.appendChild(label);
    wrap.appendChild(input);
    return wrap;
  }

  function filterable(select) {
    var box = filterBox(select, function (query) {
      var first = null;
      Array.prototype.forEach.call(select.options, function (option) {
        var match = !query || option.value === "" || option.text.toLocaleLowerCase().indexOf(query) !== -1;
        option.hidden = !match;
        if (match && option.value !== "" && !first) { first = option; }
      });
      if (query && first && (select.selectedIndex < 0 || select.options[select.selectedIndex].hidden)) {
        first.selected = true;
        select.dispatchEvent(new Event("change", { bubbles: true }));
      }
    });
    select.parentNode.insertBefore(box, select);
  }

  function checkboxes(select, many) {
    var group = document.createElement("div");
    group.className = "checkbox-list";
    group.setAttribute("role", "group");
    var own = select.id ? document.querySelector("label[for='" + select.id + "']") : null;
    if (own) {
      if (!own.id) { own.id = select.id + "-label"; }
      group.setAttribute("aria-labelledby", own.id);
      own.removeAttribute("for");
    }
    Array.prototype.forEach.call(select.options, function (option, index) {
      var row = document.createElement("div");
      row.className = "choice";
      var box = document.createElement("input");
      box.type = "checkbox";
      box.id = select.id + "-box-" + index;
      box.checked = option.selected;
      box.addEventListener("change", function () {
        option.selected = box.checked;
        select.dispatchEvent(new Event("change", { bubbles: true }));
      });
      var label = document.createElement("label");
      label.htmlFor = box.id;
      label.textContent = option.text;
      row.appendChild(box);
      row.appendChild(label);
      group.appendChild(row);
    });
    select.hidden = true;
    select.setAttribute("aria-hidden", "true");
    select.tabIndex = -1;
    if (many) {
      group.classList.add("scroll");
      var filter = filterBox(select, function (query) {
        Array.prototype.forEach.call(group.children, function (row) {
          row.hidden = !!query && row.textContent.toLocaleLowerCase().indexOf(query) === -1 && !row.firstChild.checked;
        });
      });
      select.parentNode.insertBefore(filter, select);
    }
    select.parentNode.insertBefore(group, select);
  }
})();
