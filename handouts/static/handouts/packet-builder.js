// Visit packet builder (the print desk). Search as you type (the server's search, in the packet's
// language, narrowed by a topic chip), add, reorder, remove, count the note's characters, print
// without leaving the page, Clear for the next patient.
//
// What is kept, and where: the chosen articles, the instructions and the name live only in this
// page's form fields (memory of the open tab). Nothing is written to localStorage,
// sessionStorage, cookies or IndexedDB. Clear empties them; so does IDLE seconds without a key
// press, click or pointer move in the page (data-idle-seconds, PACKET_DESK_IDLE_SECONDS).
// The printed PDF is a blob URL in this tab's memory, revoked by Clear and by the idle timeout.
(function () {
  "use strict";
  const form = document.querySelector("[data-packet-form]");
  if (!form) return;
  const list = form.querySelector("[data-packet-list]");
  const empty = form.querySelector("[data-packet-empty]");
  const find = form.querySelector("[data-find-article]");
  const message = form.querySelector("[data-add-message]");
  const results = form.querySelector("[data-results]");
  const searchBox = form.querySelector("[data-search-url]");
  const status = form.querySelector("[data-print-status]");
  const max = parseInt(form.dataset.maxArticles, 10) || 10;
  const idleSeconds = parseInt(form.dataset.idleSeconds, 10) || 300;
  const language = form.querySelector('select[name="language"]');
  const note = form.querySelector("[data-note]");
  const name = form.querySelector('input[name="patient_name"]');
  const count = form.querySelector("[data-note-count]");
  const NAMES = { en: "English", es: "Spanish" };
  let topic = "";
  let pdfUrl = null;

  function packetLanguage() {
    return language ? language.value : "en";
  }

  function hasLanguage(element, code) {
    return (element.dataset.languages || "").split(" ").includes(code);
  }

  // A packet prints every article in its language: say which chosen ones are not published in
  // it (the server refuses them too, naming them).
  function showLanguage() {
    const code = packetLanguage();
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

  // One article once: an article and its translation share a translation key.
  function add(id, title, languages, key) {
    const same = Array.from(list.children).find(
      (li) => li.dataset.articleId === id || (key && li.dataset.key === key),
    );
    if (same) {
      const shown = same.querySelector(".packet-list__title").textContent;
      message.textContent =
        "“" + title + "” is already in the packet" + (shown !== title ? " (as “" + shown + "”)" : "") + ".";
      return false;
    }
    if (list.children.length >= max) {
      message.textContent = "A packet holds at most " + max + " articles. Remove one to add another.";
      return false;
    }
    const li = document.createElement("li");
    li.className = "packet-list__item";
    li.dataset.articleId = id;
    li.dataset.key = key || "";
    li.dataset.languages = languages;
    const input = document.createElement("input");
    input.type = "hidden";
    input.name = "articles";
    input.value = id;
    const label = document.createElement("span");
    label.className = "packet-list__title";
    label.textContent = title;
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
    li.append(input, label, badge(languages.split(" ")), missing, actions);
    list.append(li);
    message.textContent = "Added “" + title + "” (" + list.children.length + " of " + max + ").";
    refresh();
    showLanguage();
    return true;
  }

  // --- search ------------------------------------------------------------------------------------
  let timer = null;
  let asked = 0;
  function search() {
    const params = new URLSearchParams({ q: find.value, topic: topic, language: packetLanguage() });
    const mine = ++asked;
    fetch(searchBox.dataset.searchUrl + "?" + params.toString(), {
      credentials: "same-origin",
      headers: { Accept: "text/html" },
    })
      .then((response) => (response.ok ? response.text() : Promise.reject(response.status)))
      .then(function (html) {
        if (mine !== asked) return; // an older answer arriving late
        results.innerHTML = html; // our own template's output, escaped by Django
      })
      .catch(function () {
        if (mine === asked) results.textContent = "The search did not answer. Please try again.";
      });
  }
  function searchSoon() {
    clearTimeout(timer);
    timer = setTimeout(search, 150);
  }
  find.addEventListener("input", searchSoon);
  find.addEventListener("keydown", function (event) {
    if (event.key === "Enter") {
      event.preventDefault(); // never submit (print) from the search box
      clearTimeout(timer);
      search();
    }
  });
  form.querySelectorAll("[data-topic]").forEach(function (chip) {
    chip.addEventListener("click", function () {
      const on = chip.getAttribute("aria-pressed") !== "true";
      form.querySelectorAll("[data-topic]").forEach((c) => c.setAttribute("aria-pressed", "false"));
      chip.setAttribute("aria-pressed", on ? "true" : "false");
      topic = on ? chip.dataset.topic : "";
      search();
    });
  });
  results.addEventListener("click", function (event) {
    const target = event.target.closest("[data-add-result]");
    if (!target) return;
    const d = target.dataset;
    add(d.id, d.title, d.languages || "", d.key || "");
  });

  list.addEventListener("click", function (event) {
    const target = event.target.closest("button");
    if (!target) return;
    const item = target.closest("li");
    if (target.hasAttribute("data-remove")) {
      item.remove();
      message.textContent = "Removed.";
      find.focus();
    } else if (target.dataset.move === "up" && item.previousElementSibling) {
      list.insertBefore(item, item.previousElementSibling);
      target.focus();
    } else if (target.dataset.move === "down" && item.nextElementSibling) {
      list.insertBefore(item.nextElementSibling, item);
      target.focus();
    }
    refresh();
  });

  function counted() {
    count.textContent = note.value.length + " of " + note.maxLength + " characters";
  }
  note.addEventListener("input", counted);
  if (language) {
    language.addEventListener("change", function () {
      showLanguage();
      search();
    });
  }

  // --- print without leaving the builder ---------------------------------------------------------
  function forgetPdf() {
    if (pdfUrl) URL.revokeObjectURL(pdfUrl);
    pdfUrl = null;
  }

  function showErrors(html) {
    const doc = new DOMParser().parseFromString(html, "text/html");
    const errors = doc.querySelector("[data-packet-errors]");
    status.textContent = errors
      ? errors.textContent.replace(/\s+/g, " ").trim()
      : "The packet was not printed. Please try again.";
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    status.textContent = "Preparing the PDF…";
    // Opened now, in the click, so that the browser allows it; filled when the PDF arrives.
    const tab = window.open("", "_blank");
    fetch(form.action || window.location.pathname, {
      method: "POST",
      body: new FormData(form),
      credentials: "same-origin",
    })
      .then(function (response) {
        const type = response.headers.get("Content-Type") || "";
        if (response.ok && type.startsWith("application/pdf")) {
          return response.blob().then(function (blob) {
            forgetPdf();
            pdfUrl = URL.createObjectURL(blob);
            const pages = response.headers.get("X-Handout-Pages");
            status.textContent = "";
            const link = document.createElement("a");
            link.href = pdfUrl;
            link.target = "_blank";
            link.dataset.packetPdf = "";
            link.textContent = "Open the packet PDF" + (pages ? " (" + pages + " pages)" : "");
            status.append("The PDF is ready: ", link, ". The packet is still here.");
            if (tab) tab.location.href = pdfUrl;
          });
        }
        if (tab) tab.close();
        return response.text().then(showErrors);
      })
      .catch(function () {
        if (tab) tab.close();
        status.textContent = "The packet could not be printed (no answer). Please try again.";
      });
  });

  // --- Clear, by hand or after IDLE seconds without activity -------------------------------------
  function clear(why) {
    list.replaceChildren();
    note.value = "";
    if (name) name.value = "";
    find.value = "";
    results.replaceChildren();
    forgetPdf();
    status.textContent = why;
    message.textContent = "";
    counted();
    refresh();
  }
  form.querySelector("[data-clear-packet]").addEventListener("click", function () {
    clear("Cleared: ready for the next patient.");
    find.focus();
  });
  let idle = null;
  function awake() {
    clearTimeout(idle);
    idle = setTimeout(function () {
      const span = idleSeconds < 120 ? idleSeconds + " seconds" : Math.round(idleSeconds / 60) + " minutes";
      clear("Cleared after " + span + " without activity.");
    }, idleSeconds * 1000);
  }
  ["keydown", "pointerdown", "input"].forEach((type) => document.addEventListener(type, awake, true));
  awake();

  counted();
  refresh();
  showLanguage();
  search();
})();
