// The translator's side-by-side editor (templates/content_pages/admin/translate/editor.html).
// Live character counts against each limit, a placeholder check, "Use suggestion",
// keyboard navigation between texts, the preview pane's channel links. No inline scripts: the admin's CSP forbids them.
(function () {
  "use strict";

  const PLACEHOLDER = /<(\/?)([a-z]+)(\d+)>/g;

  function length(text) {
    // Code points, as the server counts them (Python's len).
    return Array.from(text).length;
  }

  function placeholdersMatch(text, expected) {
    const wanted = expected ? expected.split(" ") : [];
    const opened = [];
    const stack = [];
    for (const match of text.matchAll(PLACEHOLDER)) {
      const name = match[2] + match[3];
      if (!wanted.includes(name)) return false;
      if (match[1] === "/") {
        if (stack.pop() !== name) return false;
      } else {
        if (opened.includes(name)) return false;
        opened.push(name);
        stack.push(name);
      }
    }
    return stack.length === 0 && opened.length === wanted.length;
  }

  function init() {
    const editor = document.querySelector(".tr-editor");
    if (!editor) return;
    const form = editor.querySelector(".tr-form");
    const inputs = Array.from(editor.querySelectorAll("textarea.tr-input"));
    const saves = Array.from(editor.querySelectorAll("button.tr-save"));
    const blocked = editor.querySelector(".tr-blocked");

    function check(input) {
      const row = input.closest(".tr-row");
      const text = input.value.trim();
      let over = false;
      row.querySelectorAll(".tr-count").forEach(function (count) {
        const max = parseInt(count.dataset.max, 10);
        const used = length(text);
        count.textContent = used + " / " + max + " (" + count.dataset.label + ")";
        const tooLong = used > max;
        count.classList.toggle("tr-count--over", tooLong);
        over = over || tooLong;
      });
      row.querySelector(".tr-limit-error").hidden = !over;
      const placeholders = input.dataset.placeholders;
      const badPlaceholders = Boolean(placeholders) && text !== "" && !placeholdersMatch(text, placeholders);
      row.querySelector(".tr-placeholder-error").hidden = !badPlaceholders;
      const invalid = over || badPlaceholders || row.classList.contains("tr-row--error");
      if (invalid) {
        input.setAttribute("aria-invalid", "true");
      } else {
        input.removeAttribute("aria-invalid");
      }
      row.classList.toggle("tr-row--over", over);
      return over;
    }

    function update() {
      const anyOver = inputs.map(check).some(Boolean);
      saves.forEach(function (button) {
        button.disabled = anyOver;
      });
      if (blocked) blocked.hidden = !anyOver;
    }

    function move(from, step) {
      const index = inputs.indexOf(from) + step;
      if (index < 0 || index >= inputs.length) return;
      const next = inputs[index];
      next.focus();
      next.closest(".tr-row").scrollIntoView({ block: "center" });
    }

    inputs.forEach(function (input) {
      input.addEventListener("input", function () {
        input.closest(".tr-row").classList.remove("tr-row--error");
        update();
      });
      input.addEventListener("keydown", function (event) {
        if (event.altKey && event.key === "ArrowDown") {
          event.preventDefault();
          move(input, 1);
        } else if (event.altKey && event.key === "ArrowUp") {
          event.preventDefault();
          move(input, -1);
        } else if ((event.ctrlKey || event.metaKey) && event.key === "Enter") {
          event.preventDefault();
          move(input, 1);
        }
      });
    });

    editor.querySelectorAll("button.tr-use").forEach(function (button) {
      button.addEventListener("click", function () {
        const input = document.getElementById(button.dataset.target);
        input.value = button.dataset.text;
        input.focus();
        update();
      });
    });

    // Rich text: put a placeholder pair around the selected words (or at the cursor).
    editor.querySelectorAll("button.tr-insert").forEach(function (button) {
      button.addEventListener("click", function () {
        const input = document.getElementById(button.dataset.target);
        const name = button.dataset.name;
        const start = input.selectionStart;
        const end = input.selectionEnd;
        const selected = input.value.slice(start, end);
        input.setRangeText("<" + name + ">" + selected + "</" + name + ">", start, end, "end");
        input.focus();
        update();
      });
    });

    document.addEventListener("keydown", function (event) {
      if ((event.ctrlKey || event.metaKey) && event.key === "s" && form) {
        event.preventDefault();
        if (!saves[0].disabled) form.requestSubmit(saves[0]);
      }
    });

    form.addEventListener("submit", function (event) {
      update();
      if (saves.some(function (button) { return button.disabled; })) event.preventDefault();
    });

    update();
  }

  // The preview pane's channel links open in its frame without script; this only marks
  // the chosen one.
  function previewTabs() {
    const tabs = Array.from(document.querySelectorAll(".tr-preview-tabs a"));
    tabs.forEach(function (tab) {
      tab.addEventListener("click", function () {
        tabs.forEach(function (other) {
          other.classList.toggle("button-secondary", other !== tab);
          if (other === tab) other.setAttribute("aria-current", "true");
          else other.removeAttribute("aria-current");
        });
      });
    });
  }

  function ready() {
    previewTabs();
    init();
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", ready);
  } else {
    ready();
  }
})();
