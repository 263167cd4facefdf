// Relevance as the user answers: the page posts the answers so far and the server, with the
// form's one XPath evaluator, says which questions are relevant. No XPath runs here.
(function () {
  "use strict";
  var form = document.querySelector("form.questionnaire");
  if (!form || !window.fetch) { return; }
  var url = form.getAttribute("data-relevance-url");
  var pending = null;
  function pathOf(element) {
    // Repeat instance paths look like "members[0].age": the server sends them the same way.
    return element.getAttribute("data-path");
  }
  function refresh() {
    var body = new FormData(form);
    fetch(url, { method: "POST", body: body, credentials: "same-origin",
                 headers: { "X-Requested-With": "fetch" } })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (data) {
        if (!data) { return; }
        var relevant = new Set(data.relevant);
        form.querySelectorAll("[data-path]").forEach(function (element) {
          element.hidden = !relevant.has(pathOf(element));
        });
      })
      .catch(function () { /* offline: the server checks everything on save anyway */ });
  }
  form.addEventListener("change", function () {
    if (pending) { clearTimeout(pending); }
    pending = setTimeout(refresh, 150);
  });
})();
