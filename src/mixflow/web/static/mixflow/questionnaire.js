// Relevance as the user answers: the page posts the answers so far and the server, with the
// form's one XPath evaluator, says which questions are relevant. No XPath runs here.
(function () {
  "use strict";
  var form = document.querySelector("form.questionnaire");
  if (!form || !window.fetch) { return; }
  var url = form.getAttribute("data-relevance-url");
  var pending = null;
  // Answers can change faster than a weak connection answers: only the latest request's reply
  // is applied, so an older one arriving late cannot hide a question the newer one showed.
  var latest = 0;
  function pathOf(element) {
    // Repeat instance paths look like "members[0].age": the server sends them the same way.
    return element.getAttribute("data-path");
  }
  function refresh() {
    var sent = ++latest;
    var body = new FormData(form);
    // Files go with the save only: relevance never needs them.
    form.querySelectorAll("input[type=file]").forEach(function (input) {
      body.delete(input.name);
    });
    fetch(url, { method: "POST", body: body, credentials: "same-origin",
                 headers: { "X-Requested-With": "fetch" } })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (data) {
        if (!data || sent !== latest) { return; }
        var relevant = new Set(data.relevant);
        form.querySelectorAll("[data-path]").forEach(function (element) {
          element.hidden = !relevant.has(pathOf(element));
        });
        // Choices narrowed by a choice_filter (cascading lists): offer those allowed now.
        Object.keys(data.choices || {}).forEach(function (path) {
          var allowed = new Set(data.choices[path]);
          var box = form.querySelector("[data-path='" + path.replace(/'/g, "\\'") + "']");
          if (!box) { return; }
          box.querySelectorAll("[data-choice]").forEach(function (choice) {
            var offered = allowed.has(choice.getAttribute("data-choice"));
            choice.hidden = !offered;
            if (choice.tagName === "OPTION") {
              choice.disabled = !offered;
              if (!offered) { choice.selected = false; }
            } else if (!offered) {
              var input = choice.querySelector("input");
              if (input) { input.checked = false; }
            }
          });
        });
      })
      .catch(function () { /* offline: the server checks everything on save anyway */ });
  }
  function later() {
    if (pending) { clearTimeout(pending); }
    pending = setTimeout(refresh, 150);
  }
  form.addEventListener("change", later);
  // This script is deferred: an answer given while the page was still loading raised its
  // change event before anyone listened. If any answer already differs from the page as
  // served, ask once now.
  var answered = Array.prototype.some.call(form.elements, function (element) {
    if (element.type === "checkbox" || element.type === "radio") {
      return element.checked !== element.defaultChecked;
    }
    if (element.tagName === "SELECT") {
      var options = Array.prototype.slice.call(element.options);
      if (!options.some(function (option) { return option.defaultSelected; })) {
        // Served with nothing marked: a single list shows its first option, a multiple none.
        return element.multiple ? element.selectedOptions.length > 0 : element.selectedIndex > 0;
      }
      return options.some(function (option) { return option.selected !== option.defaultSelected; });
    }
    return "defaultValue" in element && element.type !== "file" &&
      element.value !== element.defaultValue;
  });
  if (answered) { later(); }
})();

// "Use this device's location" fills a location's inputs from the browser (the device's
// positioning works offline); without a script or a permission, the inputs are typed.
(function () {
  "use strict";
  if (!navigator.geolocation) { return; }
  document.querySelectorAll("[data-geopoint]").forEach(function (box) {
    var button = box.querySelector("[data-locate]");
    if (!button) { return; }
    button.hidden = false;
    button.addEventListener("click", function () {
      navigator.geolocation.getCurrentPosition(function (position) {
        var c = position.coords;
        var values = { lat: c.latitude, lon: c.longitude, alt: c.altitude, acc: c.accuracy };
        Object.keys(values).forEach(function (part) {
          var input = box.querySelector("input[name$='-" + part + "']");
          if (input && values[part] !== null && values[part] !== undefined) {
            input.value = values[part];
          }
        });
        box.dispatchEvent(new Event("change", { bubbles: true }));
      });
    });
  });
})();
