// GET /docs: the OpenAPI description at /openapi.json as a plain list of operations, without any CDN or library
// (the machine may be offline). One section per path, one line per method, its parameters and body below.
"use strict";

(async function renderApi() {
  const root = document.getElementById("api");
  let api;
  try {
    const response = await fetch("/openapi.json");
    api = await response.json();
  } catch (e) {
    root.textContent = "cannot read /openapi.json: " + e;
    return;
  }
  root.textContent = "";
  const info = api.info || {};
  root.append(el("p", "muted", [info.title, info.version, info.description].filter(Boolean).join(" · ")));
  for (const path of Object.keys(api.paths || {}).sort()) {
    const section = el("section", "panel docs-path");
    section.append(el("h2", "docs-path-name", path));
    for (const [method, op] of Object.entries(api.paths[path])) {
      if (typeof op !== "object" || !op) continue;
      const line = el("div", "docs-op");
      line.append(el("code", "docs-method docs-" + method, method.toUpperCase()), " ",
        el("span", "", op.summary || op.description || op.operationId || ""));
      const params = (op.parameters || []).map(p => p.name + " (" + p.in + (p.required ? ", required" : "") + ")");
      if (params.length) line.append(el("div", "muted", "parameters: " + params.join(", ")));
      const body = op.requestBody && op.requestBody.content;
      if (body) line.append(el("div", "muted", "body: " + Object.keys(body).join(", ")));
      section.append(line);
    }
    root.append(section);
  }
})();

function el(tag, cls, text) {
  const node = document.createElement(tag);
  if (cls) node.className = cls;
  if (text !== undefined) node.textContent = text;
  return node;
}
