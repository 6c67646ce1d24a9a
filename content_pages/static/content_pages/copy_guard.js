// "Copy content from" (wagtail-modeltranslation) replaces a whole StreamField in one click.
// The source language is never a copy target: its buttons are removed, and a click that
// still reaches one is refused. Copying into another language asks first.
(function () {
  "use strict";

  function sourceLanguage() {
    var settings = window.wagtailModelTranslations;
    return settings ? String(settings.defaultLanguage).replace(/-/g, "_") : "en";
  }

  function targetIsSource(button) {
    var target = button.getAttribute("current-lang-code") || "";
    return target.slice(-(sourceLanguage().length + 1)) === "_" + sourceLanguage();
  }

  function removeSourceButtons() {
    document.querySelectorAll(".translation-field-copy").forEach(function (button) {
      if (targetIsSource(button)) {
        var wrapper = button.closest(".translation-field-copy-wrapper");
        (wrapper || button).remove();
      }
    });
  }

  document.addEventListener(
    "click",
    function (event) {
      var button = event.target.closest && event.target.closest(".translation-field-copy");
      if (!button) {
        return;
      }
      var from = button.textContent.trim();
      if (targetIsSource(button) || !window.confirm("Replace this whole field with the " + from + " content? Your text in this field will be lost.")) {
        event.preventDefault();
        event.stopImmediatePropagation();
      }
    },
    true
  );
  window.addEventListener("load", removeSourceButtons);
})();
