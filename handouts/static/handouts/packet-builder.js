// Visit packet builder: add articles (search as you type in the datalist), reorder, remove,
// count the note's characters. The chosen articles are hidden inputs `articles`, in order.
(function () {
  "use strict";
  const form = document.querySelector("[data-packet-form]");
  if (!form) return;
  const list = form.querySelector("[data-packet-list]");
  const empty = form.querySelector("[data-packet-empty]");
  const find = form.querySelector("[data-find-article]");
  const message = form.querySelector("[data-add-message]");
  const max = parseInt(form.dataset.maxArticles, 10) || 10;
  const options = Array.from(document.querySelectorAll("#packet-article-options option"));
  const language = form.querySelector('select[name="language"]');
  const NAMES = { en: "English", es: "Spanish" };

  function packetLanguage() {
    return language ? language.value : "en";
  }

  function hasLanguage(element, code) {
    return (element.dataset.languages || "").split(" ").includes(code);
  }

  // A packet prints every article in its language: offer only the articles published in it,
  // and say which chosen ones are not (the server refuses them too, naming them).
  function showLanguage() {
    const code = packetLanguage();
    options.forEach(function (o) {
      o.disabled = !hasLanguage(o, code);
    });
    list.querySelectorAll("li").forEach(function (item) {
      const missing = item.querySelector("[data-missing-language]");
      if (!missing) return;
      const ok = hasLanguage(item, code);
      missing.hidden = ok;
      missing.textContent = ok ? "" : "Not published in " + (NAMES[code] || code);
    });
  }

  function refresh() {
    empty.hidden = list.children.length > 0;
  }

  function button(label, title, attr, extra) {
    const b = document.createElement("button");
    b.type = "button";
    b.className = "button button-small " + extra;
    b.setAttribute(attr, attr === "data-move" ? (label === "Move up" ? "up" : "down") : "");
    b.append(label);
    const hidden = document.createElement("span");
    hidden.className = "w-sr-only";
    hidden.textContent = ": " + title;
    b.append(hidden);
    return b;
  }

  function badge(codes) {
    const span = document.createElement("span");
    span.className = "packet-list__languages";
    span.textContent = codes.map((c) => c.toUpperCase()).join(" · ");
    return span;
  }

  function add(id, title, languages) {
    if (list.querySelector('[data-article-id="' + id + '"]')) {
      message.textContent = "“" + title + "” is already in the packet.";
      return;
    }
    if (list.children.length >= max) {
      message.textContent = "A packet holds at most " + max + " articles.";
      return;
    }
    const li = document.createElement("li");
    li.className = "packet-list__item";
    li.dataset.articleId = id;
    li.dataset.languages = languages;
    const input = document.createElement("input");
    input.type = "hidden";
    input.name = "articles";
    input.value = id;
    const name = document.createElement("span");
    name.className = "packet-list__title";
    name.textContent = title;
    const actions = document.createElement("span");
    actions.className = "packet-list__actions";
    actions.append(
      button("Move up", title, "data-move", "button-secondary"),
      button("Move down", title, "data-move", "button-secondary"),
      button("Remove", title, "data-remove", "no"),
    );
    const missing = document.createElement("span");
    missing.className = "packet-list__missing";
    missing.dataset.missingLanguage = "";
    missing.hidden = true;
    li.append(input, name, badge(languages.split(" ")), missing, actions);
    list.append(li);
    message.textContent = "Added “" + title + "”.";
    refresh();
    showLanguage();
  }

  form.querySelector("[data-add-article]").addEventListener("click", function () {
    const wanted = find.value.trim().toLowerCase();
    const code = packetLanguage();
    const offered = options.filter((o) => hasLanguage(o, code));
    const match = offered.find((o) => o.value.toLowerCase() === wanted) ||
      offered.find((o) => o.value.toLowerCase().includes(wanted) && wanted);
    if (!match) {
      const elsewhere = options.find((o) => o.value.toLowerCase() === wanted);
      message.textContent = elsewhere
        ? "“" + elsewhere.value + "” is not published in " + (NAMES[code] || code) + "."
        : "No published article matches “" + find.value + "”.";
      return;
    }
    add(match.dataset.id, match.value, match.dataset.languages || "");
    find.value = "";
    find.focus();
  });
  find.addEventListener("keydown", function (event) {
    if (event.key === "Enter") {
      event.preventDefault();
      form.querySelector("[data-add-article]").click();
    }
  });

  list.addEventListener("click", function (event) {
    const target = event.target.closest("button");
    if (!target) return;
    const item = target.closest("li");
    if (target.hasAttribute("data-remove")) {
      item.remove();
      message.textContent = "Removed.";
    } else if (target.dataset.move === "up" && item.previousElementSibling) {
      list.insertBefore(item, item.previousElementSibling);
      target.focus();
    } else if (target.dataset.move === "down" && item.nextElementSibling) {
      list.insertBefore(item.nextElementSibling, item);
      target.focus();
    }
    refresh();
  });

  const note = form.querySelector("[data-note]");
  const count = form.querySelector("[data-note-count]");
  function counted() {
    count.textContent = note.value.length + " of " + note.maxLength + " characters";
  }
  note.addEventListener("input", counted);
  if (language) language.addEventListener("change", showLanguage);
  counted();
  refresh();
  showLanguage();
})();
