// "Test this connection": asks for what arrived every few seconds and shows it in place.
// Without script the page offers a refresh link instead; nothing here is needed to use it.
(() => {
  const arrivals = document.getElementById('arrivals');
  if (!arrivals || !arrivals.dataset.poll || !window.fetch) {
    return;
  }
  let shown = arrivals.innerHTML;
  const update = () => {
    // A form in the list is being used: replacing it under the admin's pointer would lose the click.
    if (arrivals.contains(document.activeElement) && document.activeElement.tagName === 'BUTTON') {
      return;
    }
    fetch(arrivals.dataset.poll, { credentials: 'same-origin', headers: { Accept: 'text/html' } })
      .then((response) => (response.ok && !response.redirected) ? response.text() : null)
      .then((html) => {
        if (html === null) {
          return;
        }
        const fresh = new DOMParser().parseFromString(html, 'text/html').getElementById('arrivals');
        if (fresh && fresh.innerHTML !== shown) {
          shown = fresh.innerHTML;
          arrivals.innerHTML = shown;
        }
      })
      .catch(() => { /* the next tick tries again */ });
  };
  setInterval(update, 3000);
})();

// The connection page with every part on it: saving one part reloads the page, which would drop
// what was typed in the others. What differs from the page as it came is kept for the next page
// of the same connection, and put back once.
(() => {
  const page = document.getElementById('connection-sections');
  if (!page || !window.sessionStorage) {
    return;
  }
  const key = 'tilegate.unsaved.' + location.pathname;
  const fields = (form) => Array.from(form.elements)
    .filter((field) => field.name && field.id && !['hidden', 'file', 'submit', 'button'].includes(field.type));
  const kept = JSON.parse(sessionStorage.getItem(key) || '{}');
  sessionStorage.removeItem(key);
  Object.entries(kept).forEach(([id, value]) => {
    const field = document.getElementById(id);
    if (field && field.type === 'checkbox') {
      field.checked = value;
    }
    else if (field) {
      field.value = value;
    }
  });
  document.addEventListener('submit', (event) => {
    const unsaved = {};
    document.querySelectorAll('main form').forEach((form) => {
      if (form === event.target) {
        return;
      }
      fields(form).forEach((field) => {
        if (field.type === 'checkbox' ? field.checked !== field.defaultChecked
          : field.tagName === 'SELECT' ? !field.options[field.selectedIndex]?.defaultSelected
            : field.value !== field.defaultValue) {
          unsaved[field.id] = (field.type === 'checkbox') ? field.checked : field.value;
        }
      });
    });
    if (Object.keys(unsaved).length > 0) {
      sessionStorage.setItem(key, JSON.stringify(unsaved));
    }
  });
})();
