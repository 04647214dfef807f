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
