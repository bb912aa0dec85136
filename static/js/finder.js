// Leave empty filters out of htmx requests, so the pushed URL stays short
// and bookmarkable: /?q=nurse, not /?q=nurse&sector=&band=...
document.addEventListener("htmx:configRequest", (event) => {
  const parameters = event.detail.parameters;
  for (const key of Array.from(parameters.keys ? parameters.keys() : Object.keys(parameters))) {
    const value = parameters.get ? parameters.get(key) : parameters[key];
    if (value === "") {
      if (parameters.delete) parameters.delete(key);
      else delete parameters[key];
    }
  }
});
