// The admin's conversation preview, walked as a reader would: each language column
// starts with the opening (title, standfirst, menu); tapping a menu row or a "next" /
// "menu" button appends the turn it asks for, as the bot would send it. Without this
// script every turn is shown one after another. A static file: the CSP allows no
// inline scripts.
"use strict";

document.addEventListener("DOMContentLoaded", () => {
  for (const column of document.querySelectorAll("[data-conversation]")) {
    const turns = new Map();
    for (const bubble of column.querySelectorAll(".bubble[data-turn]")) {
      const id = bubble.dataset.turn;
      if (!turns.has(id)) turns.set(id, []);
      turns.get(id).push(bubble);
    }
    column.classList.add("walking");
    for (const bubble of turns.get("start") || []) bubble.classList.add("shown");

    column.addEventListener("click", (event) => {
      const button = event.target.closest("button[data-target]");
      if (!button || !column.contains(button)) return;
      const sent = turns.get(button.dataset.target) || [];
      let first = null;
      for (const bubble of sent) {
        const copy = bubble.cloneNode(true);
        copy.classList.add("shown");
        column.appendChild(copy);
        first = first || copy;
      }
      if (first) first.scrollIntoView({ behavior: "smooth", block: "start" });
    });
  }
});
