// Long questionnaires one group at a time: each top-level group of the XLSForm (a fieldset.section
// directly in the form) becomes a step, with a progress line and Back / Next buttons. Without
// scripts every group shows on one page; the server checks everything on save either way.
(function () {
  "use strict";
  var form = document.querySelector("form.questionnaire[data-steps]");
  if (!form) { return; }
  var steps = Array.prototype.filter.call(form.children, function (child) {
    return child.matches("fieldset.section");
  });
  if (steps.length < 3) { return; }
  var save = form.querySelector(".save");
  var progress = document.createElement("p");
  progress.className = "steps-progress";
  progress.setAttribute("aria-live", "polite");
  var bar = document.createElement("progress");
  bar.max = steps.length;
  bar.setAttribute("aria-hidden", "true");
  var nav = document.createElement("p");
  nav.className = "actions steps-nav";
  var back = document.createElement("button");
  back.type = "button";
  back.textContent = form.getAttribute("data-back");
  var next = document.createElement("button");
  next.type = "button";
  next.className = "primary";
  next.textContent = form.getAttribute("data-next");
  nav.appendChild(back);
  nav.appendChild(next);
  steps[0].parentNode.insertBefore(progress, steps[0]);
  steps[0].parentNode.insertBefore(bar, steps[0]);
  if (save) { save.parentNode.insertBefore(nav, save); } else { form.appendChild(nav); }
  // Open on the first step holding an error, else the first.
  var current = 0;
  steps.forEach(function (step, index) {
    if (current === 0 && step.querySelector(".invalid")) { current = index; }
  });
  function show(index, focus) {
    current = index;
    steps.forEach(function (step, i) { step.classList.toggle("step-hidden", i !== index); });
    var legend = steps[index].querySelector("legend");
    progress.textContent = form.getAttribute("data-progress")
      .replace("%(step)s", String(index + 1))
      .replace("%(total)s", String(steps.length)) + (legend ? " — " + legend.textContent.trim() : "");
    bar.value = index + 1;
    back.hidden = index === 0;
    next.hidden = index === steps.length - 1;
    if (save) { save.hidden = index !== steps.length - 1; }
    if (focus) { progress.setAttribute("tabindex", "-1"); progress.focus(); }
  }
  // Groups the answers made irrelevant (hidden by questionnaire.js) are passed over.
  function move(by) {
    var index = current + by;
    while (index > 0 && index < steps.length - 1 && steps[index].hidden) { index += by; }
    show(Math.max(0, Math.min(steps.length - 1, index)), true);
  }
  back.addEventListener("click", function () { move(-1); });
  next.addEventListener("click", function () { move(1); });
  show(current, false);
})();
