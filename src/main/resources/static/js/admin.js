// Copy buttons: <button data-copy="#element-id">. The text stays selectable without script.
document.addEventListener('click', (event) => {
  const button = event.target.closest('[data-copy]');
  if (!button) {
    return;
  }
  const source = document.querySelector(button.dataset.copy);
  if (!source) {
    return;
  }
  const text = ('value' in source) ? source.value : source.textContent.trim();
  const done = () => {
    const label = button.textContent;
    button.textContent = 'Copied';
    setTimeout(() => { button.textContent = label; }, 1500);
  };
  if (navigator.clipboard && window.isSecureContext) {
    navigator.clipboard.writeText(text).then(done);
  }
  else {
    const range = document.createRange();
    range.selectNodeContents(source);
    const selection = window.getSelection();
    selection.removeAllRanges();
    selection.addRange(range);
    document.execCommand('copy');
    done();
  }
});

// The persona form: a row shows only the inputs of its kind, rows come and go, and the preview
// arrives beside the rule. Without script the buttons marked data-without-script, "Add a
// condition", "Remove" and "Preview" do the same through the server.
(() => {
  const form = document.getElementById('persona-form');
  const rows = document.getElementById('conditions');
  const template = document.getElementById('condition-template');
  if (!form || !rows || !template) {
    return;
  }
  form.querySelectorAll('[data-without-script]').forEach((button) => { button.hidden = true; });
  const showKind = (row) => {
    const kind = row.querySelector('[data-condition-kind]').value;
    row.querySelectorAll('fieldset[data-kind]').forEach((inputs) => {
      // A disabled fieldset's inputs are not sent, so another kind's leftovers never reach the rule.
      inputs.hidden = inputs.dataset.kind !== kind;
      inputs.disabled = inputs.hidden;
    });
  };
  // Rows are renumbered after each change: a form with a gap in its indexes would come back
  // from the server with an empty row in the gap.
  const renumber = () => {
    rows.querySelectorAll('[data-condition]').forEach((row, i) => {
      [row, ...row.querySelectorAll('[id], [name], [for]')].forEach((element) => {
        ['id', 'name', 'for'].filter((name) => element.hasAttribute(name)).forEach((name) => {
          element.setAttribute(name, element.getAttribute(name)
            .replace(/^conditions\[(\d+|NEW)\]/, 'conditions[' + i + ']')
            .replace(/^condition-(\d+|NEW)/, 'condition-' + i));
        });
      });
      row.querySelector('.condition-number').textContent = 'Condition ' + (i + 1);
      const remove = row.querySelector('[data-remove-condition]');
      remove.value = String(i);
      remove.setAttribute('aria-label', 'Remove condition ' + (i + 1));
    });
  };
  const addRow = () => {
    const row = template.content.firstElementChild.cloneNode(true);
    row.querySelectorAll('[data-without-script]').forEach((button) => { button.hidden = true; });
    rows.appendChild(row);
    renumber();
    return row;
  };
  form.addEventListener('change', (event) => {
    if (event.target.matches('[data-condition-kind]')) {
      showKind(event.target.closest('[data-condition]'));
    }
  });
  form.addEventListener('click', (event) => {
    const button = event.target.closest('button');
    if (!button) {
      return;
    }
    if (button.id === 'add-condition') {
      event.preventDefault();
      addRow().querySelector('[data-condition-kind]').focus();
    }
    else if (button.matches('[data-remove-condition]')) {
      event.preventDefault();
      button.closest('[data-condition]').remove();
      if (!rows.querySelector('[data-condition]')) {
        addRow();
      }
      renumber();
      document.getElementById('add-condition').focus();
    }
    else if (button.id === 'preview-persona') {
      event.preventDefault();
      const answer = document.getElementById('persona-preview-answer');
      fetch(form.dataset.preview, {
        method: 'POST',
        body: new URLSearchParams(new FormData(form)),
        credentials: 'same-origin',
      })
        .then((response) => response.text())
        .then((html) => {
          // The fragment is the server's own escaped markup.
          answer.innerHTML = html;
          answer.scrollIntoView({ block: 'nearest' });
        })
        .catch(() => form.requestSubmit(button));
    }
  });
})();

// The re-evaluation's progress on the personas list follows itself while one runs; without
// script the page says to reload it.
(() => {
  let progress = document.getElementById('recompute-progress');
  const following = (state) => state === 'running' || state === 'queued';
  const poll = () => {
    if (!progress || !following(progress.dataset.state)) {
      return;
    }
    setTimeout(() => {
      fetch(progress.dataset.source, { credentials: 'same-origin' })
        .then((response) => (response.ok ? response.text() : Promise.reject(response.status)))
        .then((html) => {
          // A session that ended answers with the sign-in page, which has no progress: stop then.
          const fresh = new DOMParser().parseFromString(html, 'text/html').getElementById('recompute-progress');
          if (fresh) {
            progress.replaceWith(fresh);
            progress = fresh;
            poll();
          }
        })
        .catch(() => {});
    }, 1500);
  };
  poll();
})();
