// Forms that say what went wrong, and what went right. Loaded by templates/base.html (the
// Content Security Policy allows no inline script).

// A rejected form: focus the error summary, so keyboard and screen-reader users meet what
// went wrong first, not the top of the page. Its links move focus to the field itself.
const summary = document.getElementById("error-summary");
if (summary) {
  summary.focus();
  summary.addEventListener("click", (event) => {
    const link = event.target.closest("a[href^='#']");
    const field = link && document.getElementById(decodeURIComponent(link.hash.slice(1)));
    if (!field) return;
    event.preventDefault();
    // The label first into view: it says what the field is.
    ((field.labels && field.labels[0]) || field).scrollIntoView();
    field.focus({ preventScroll: true });
  });
}

// A confirmation: a live region present when the page loads is not read out, so it starts
// empty and receives the message's text once the page has settled.
for (const region of document.querySelectorAll("[data-announce]")) {
  const source = document.getElementById(region.dataset.announce);
  if (source) setTimeout(() => { region.textContent = source.textContent.trim(); }, 500);
}
