/* Plain-language help in the editor (issue 22).
 *
 * Page editor: the "Plain language" panel posts the form as it stands (nothing is saved) to the
 * admin endpoint, at most once per pause in typing (debounced) and only when the text changed,
 * and lists the findings with the flagged words marked; the blocks with findings are outlined.
 * Typing never waits on it: keystrokes only restart a timer.
 *
 * wagtail-localize's translation editor: the segment being edited (its textarea) is posted
 * on its own and its findings shown in a box at the bottom of the window.
 *
 * Text from the server is always inserted as text (textContent), never as HTML.
 */
(function () {
  'use strict';

  var script = document.currentScript;
  var segmentUrl = script && script.dataset.segmentUrl;
  var DEBOUNCE_MS = 700;
  var POLL_MS = 1500;

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = text;
    return node;
  }

  function renderFinding(finding) {
    var item = el('li', 'plain-language__finding plain-language__finding--' + finding.kind);
    item.dataset.kind = finding.kind;
    item.appendChild(el('span', 'plain-language__label', finding.label));
    item.appendChild(document.createTextNode(' '));
    var quote = el('q', 'plain-language__sentence');
    quote.appendChild(document.createTextNode(finding.before));
    quote.appendChild(el('mark', 'plain-language__words', finding.words));
    quote.appendChild(document.createTextNode(finding.after));
    item.appendChild(quote);
    item.appendChild(el('span', 'plain-language__reason', ' ' + finding.reason));
    if (finding.alternatives.length) {
      var alt = el('span', 'plain-language__alternatives', ' Try: ');
      finding.alternatives.forEach(function (word, index) {
        if (index) alt.appendChild(document.createTextNode(' or '));
        alt.appendChild(el('strong', null, word));
      });
      item.appendChild(alt);
    }
    return item;
  }

  function renderParts(container, parts, onShow) {
    container.replaceChildren();
    parts.forEach(function (part) {
      var section = el('section', 'plain-language__part');
      section.dataset.part = part.key;
      var heading = el('h3', 'plain-language__part-heading', part.label + ' ');
      if (onShow) {
        var show = el('button', 'button button-small button-secondary', 'Show');
        show.type = 'button';
        show.addEventListener('click', function () { onShow(part.key); });
        heading.appendChild(show);
      }
      section.appendChild(heading);
      var list = el('ul', 'plain-language__findings');
      part.findings.forEach(function (finding) { list.appendChild(renderFinding(finding)); });
      section.appendChild(list);
      container.appendChild(section);
    });
  }

  function levelText(level) {
    if (level.language === 'es') {
      if (level.ease === null) return 'INFLESZ: not enough text yet';
      return 'INFLESZ ' + level.ease.toFixed(1) + ' (' + level.band + '; aim for ' + level.target + ' or more)';
    }
    if (level.grade === null) return 'Reading grade: not enough text yet';
    return 'Reading grade ' + level.grade.toFixed(1) + ' (aim for ' + level.target + ' or lower)';
  }

  function post(url, body) {
    return fetch(url, {
      method: 'POST',
      body: body,
      credentials: 'same-origin',
      headers: { 'X-Requested-With': 'XMLHttpRequest', Accept: 'application/json' },
    }).then(function (response) {
      return response.json().then(function (data) {
        if (!response.ok) throw new Error(data.error || 'The check failed.');
        return data;
      });
    });
  }

  /* --- page editor ------------------------------------------------------------------------ */

  function pageEditor(panel) {
    var form = panel.closest('form');
    if (!form) return;
    var status = panel.querySelector('[data-plain-language-status]');
    var summary = panel.querySelector('[data-plain-language-summary]');
    var findings = panel.querySelector('[data-plain-language-findings]');
    var checklistBox = panel.querySelector('[data-plain-language-checklist]');
    var timer = null;
    var lastSent = null;
    var inFlight = false;
    var again = false;

    function fingerprint(data) {
      var pieces = [];
      data.forEach(function (value, name) {
        if (/^(summary|introduction|body)/.test(name) && typeof value === 'string') {
          pieces.push(name + '=' + value);
        }
      });
      return pieces.join('\u0000');
    }

    function showPart(key) {
      var target = form.querySelector('[data-contentpath="' + CSS.escape(key) + '"]');
      if (target) {
        target.scrollIntoView({ behavior: 'smooth', block: 'center' });
      }
    }

    function outline(parts) {
      form.querySelectorAll('.plain-language-flagged').forEach(function (node) {
        node.classList.remove('plain-language-flagged');
        delete node.dataset.plainLanguageCount;
      });
      parts.forEach(function (part) {
        var target = form.querySelector('[data-contentpath="' + CSS.escape(part.key) + '"]');
        if (target) {
          target.classList.add('plain-language-flagged');
          target.dataset.plainLanguageCount = String(part.findings.length);
        }
      });
    }

    function renderChecklist(checklist) {
      checklistBox.replaceChildren();
      var list = el('ul', 'plain-language__checklist');
      checklist.items.forEach(function (item) {
        var li = el('li', 'plain-language__item plain-language__item--' + item.status);
        li.dataset.item = item.key;
        li.dataset.status = item.status;
        var mark = { pass: 'Pass', fail: 'Fail', person: 'Needs a person' }[item.status];
        li.appendChild(el('span', 'plain-language__status-label', mark));
        li.appendChild(document.createTextNode(' ' + item.question + ' '));
        li.appendChild(el('small', null, '(' + item.source + ') ' + item.detail));
        list.appendChild(li);
      });
      checklistBox.appendChild(list);
    }

    function run() {
      timer = null;
      var data = new FormData(form);
      // The body's stream field builds its inputs after the page loads: wait for them.
      if (!data.has('body-count')) { schedule(); return; }
      var print = fingerprint(data);
      if (print === lastSent) return;
      if (inFlight) { again = true; return; }
      inFlight = true;
      lastSent = print;
      data.set('plain_language', panel.dataset.language);
      status.textContent = 'Checking…';
      post(panel.dataset.url, data).then(function (result) {
        var score = result.checklist.score;
        panel.dataset.score = score === null ? '' : String(score);
        panel.dataset.count = String(result.count);
        summary.replaceChildren(
          el('span', 'plain-language__level', levelText(result.level)),
          document.createTextNode(' · '),
          el('span', 'plain-language__score', 'Checklist score: ' + (score === null ? '—' : score + ' / 100') +
            ' (' + result.checklist.passed + ' pass, ' + result.checklist.failed + ' fail)'),
          document.createTextNode(' · '),
          el('span', 'plain-language__count', result.count + (result.count === 1 ? ' finding' : ' findings'))
        );
        renderParts(findings, result.parts, showPart);
        renderChecklist(result.checklist);
        outline(result.parts);
        status.textContent = result.count ? '' : 'Nothing to change: no findings.';
      }).catch(function (error) {
        status.textContent = error.message;
        lastSent = null;
      }).finally(function () {
        inFlight = false;
        if (again) { again = false; schedule(); }
      });
    }

    function schedule() {
      if (timer) clearTimeout(timer);
      timer = setTimeout(run, DEBOUNCE_MS);
    }

    form.addEventListener('input', schedule, true);
    form.addEventListener('change', schedule, true);
    // Draftail writes its hidden input without an input event: a cheap periodic look, in idle time.
    setInterval(function () { if (!timer && !inFlight) schedule(); }, POLL_MS);
    run();
  }

  /* --- wagtail-localize's translation editor ------------------------------------------------ */

  function translationEditor(root) {
    var language = 'en';
    try { language = JSON.parse(root.dataset.props).locale.code; } catch (e) { /* keep en */ }
    var token = root.querySelector('input[name="csrfmiddlewaretoken"]');
    var box = el('aside', 'plain-language plain-language--segment');
    box.setAttribute('aria-live', 'polite');
    box.setAttribute('aria-label', 'Plain language');
    box.hidden = true;
    var title = el('h2', 'plain-language__title', 'Plain language: this segment');
    var status = el('p', 'plain-language__summary');
    var findings = el('div');
    box.append(title, status, findings);
    document.body.appendChild(box);
    var timer = null;
    var lastText = null;

    function check(textarea) {
      var text = textarea.value;
      if (text === lastText) return;
      lastText = text;
      var data = new FormData();
      data.set('text', text);
      data.set('plain_language', language);
      if (token) data.set('csrfmiddlewaretoken', token.value);
      post(segmentUrl, data).then(function (result) {
        box.hidden = false;
        box.dataset.count = String(result.count);
        status.textContent = (result.count ? result.count + (result.count === 1 ? ' finding' : ' findings') : 'No findings') +
          ' · ' + levelText(result.level);
        renderParts(findings, result.parts, null);
      }).catch(function (error) { status.textContent = error.message; box.hidden = false; });
    }

    function onEdit(event) {
      var target = event.target;
      if (!(target instanceof HTMLTextAreaElement) || !root.contains(target)) return;
      if (timer) clearTimeout(timer);
      timer = setTimeout(function () { check(target); }, event.type === 'focusin' ? 0 : DEBOUNCE_MS);
    }

    document.addEventListener('focusin', onEdit, true);
    document.addEventListener('input', onEdit, true);
  }

  function start() {
    var panel = document.querySelector('[data-plain-language]');
    if (panel) pageEditor(panel);
    var root = document.querySelector('.js-translation-editor');
    if (root && segmentUrl) translationEditor(root);
  }

  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', start);
  } else {
    start();
  }
})();
