// "In my job…" in place: htmx leaves 4xx answers unswapped, but the answer
// form's own (a bad value 400, answered already 409, too many 429) say what
// went wrong, so they take the form's place. A refused token (403, e.g. an
// expired cookie) opens the form's own page, which sets a fresh one.
document.addEventListener("htmx:beforeSwap", function (event) {
  var element = event.detail.elt;
  if (!element.closest || !element.closest(".respond, .respond-link")) return;
  var status = event.detail.xhr.status;
  if (status === 400 || status === 409 || status === 429) {
    event.detail.shouldSwap = true;
    event.detail.isError = false;
  } else if (status === 403) {
    window.location.href = element.getAttribute("action") || element.getAttribute("href");
  }
});
