/*
 * Before the admin sends a form, check it against the server's limits on form fields and bytes
 * (Django's DATA_UPLOAD_MAX_NUMBER_FIELDS and DATA_UPLOAD_MAX_MEMORY_SIZE, given by the script
 * tag's data attributes; clinic.editor_limits sizes them for the largest article the content
 * limits allow). Over either, Django would refuse the request before any view runs — a bare
 * error page, and the editor's work gone. Instead the form is not sent: staff stay in the editor
 * with everything they typed and an error message in the admin's own message area saying what is
 * too big and what to do. Everything within these limits is sent, and the server checks the
 * content limits (blocks, characters) itself, answering in the editor as usual.
 */
(() => {
  const script = document.currentScript;
  const maxFields = Number(script.dataset.maxFields);
  const maxBytes = Number(script.dataset.maxBytes);
  const encoder = new TextEncoder();
  const number = (n) => n.toLocaleString('en-US');
  const megabytes = (n) => `${(n / 1048576).toFixed(1)} MB`;

  function measure(form, submitter) {
    const data = new FormData(form, submitter || undefined);
    let fields = 0;
    let bytes = 0;
    const text = [];
    for (const [name, value] of data.entries()) {
      if (typeof value !== 'string') continue; // files have limits of their own
      fields += 1;
      bytes += encoder.encode(name).length + encoder.encode(value).length + 1;
      text.push([name, value]);
    }
    if ((form.enctype || '').startsWith('application/x-www-form-urlencoded')) {
      bytes = new URLSearchParams(text).toString().length; // what Django counts: the whole body
    }
    return { fields, bytes };
  }

  function problem(size) {
    if (size.bytes > maxBytes) {
      return (
        `Not saved: this form holds ${megabytes(size.bytes)} of text; the limit is ` +
        `${megabytes(maxBytes)}. Nothing was lost — your text is still here. Remove some ` +
        'text (a large paste, an embedded picture), or split the article into several, then save again.'
      );
    }
    if (size.fields > maxFields) {
      return (
        `Not saved: this form has ${number(size.fields)} fields; the limit is ` +
        `${number(maxFields)}. Nothing was lost — your text is still here. Remove some ` +
        'blocks, list items or references, or split the article into several, then save again.'
      );
    }
    return null;
  }

  function refuse(message) {
    document.dispatchEvent(
      new CustomEvent('w-messages:add', {
        detail: { clear: true, text: message, type: 'error' },
        bubbles: true,
      }),
    );
    const area = document.querySelector('.messages');
    if (area) area.scrollIntoView({ block: 'nearest' });
  }

  function check(event, form, submitter) {
    if (!(form instanceof HTMLFormElement)) return;
    if ((form.method || '').toLowerCase() !== 'post') return;
    const message = problem(measure(form, submitter));
    if (!message) return;
    event.preventDefault();
    event.stopImmediatePropagation();
    refuse(message);
  }

  // On the click, before Wagtail turns the button into "Saving…", and on any other submit.
  document.addEventListener(
    'click',
    (event) => {
      const button = event.target.closest && event.target.closest('button[type=submit], input[type=submit], button:not([type])');
      if (button && button.form) check(event, button.form, button);
    },
    true,
  );
  document.addEventListener('submit', (event) => check(event, event.target, event.submitter), true);
})();
