/* The answer form's display conditions, applied as the person answers: a question shown
 * only when an earlier one was (not) answered, or has (not) a given choice, is hidden until
 * then. Without this script every question shows, with a note saying when to answer it;
 * the server applies the same conditions either way (services.answering). No inline code
 * (CSP). */
(function () {
  "use strict";

  function answered(source) {
    var fields = source.querySelectorAll("input, select, textarea");
    for (var i = 0; i < fields.length; i++) {
      var f = fields[i];
      if ((f.type === "radio" || f.type === "checkbox") ? f.checked : f.value.trim() !== "") {
        return true;
      }
    }
    return false;
  }

  function has(source, choice) {
    var picked = source.querySelectorAll("input:checked");
    for (var i = 0; i < picked.length; i++) {
      if (picked[i].value === choice) {
        return true;
      }
    }
    return false;
  }

  function shown(question) {
    var source = document.getElementById(question.dataset.shownIf);
    if (!source || source.hidden) {
      return false;
    }
    switch (question.dataset.condition) {
      case "answered": return answered(source);
      case "not_answered": return !answered(source);
      case "equals": return has(source, question.dataset.choice);
      case "not_equals": return !has(source, question.dataset.choice);
      default: return true;
    }
  }

  function apply(form) {
    var questions = form.querySelectorAll("fieldset[data-shown-if]");
    for (var i = 0; i < questions.length; i++) {
      questions[i].hidden = !shown(questions[i]);
      var note = questions[i].querySelector(".condition");
      if (note) {
        note.hidden = true;  // the question appears exactly when it applies
      }
    }
  }

  Array.prototype.forEach.call(document.querySelectorAll("form.answer-form"), function (form) {
    apply(form);
    form.addEventListener("change", function () { apply(form); });
    form.addEventListener("input", function () { apply(form); });
  });
})();
