// Small DOM helpers shared by the views. No inline handlers or styles anywhere: the CSP forbids them.

export const $ = (selector, root = document) => root.querySelector(selector);
export const $$ = (selector, root = document) => Array.from(root.querySelectorAll(selector));

/** An element with attributes (`text`, `className`, `on<event>` handlers, booleans as presence) and children. */
export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value === undefined || value === null || value === false) continue;
    if (key === 'text') node.textContent = value;
    else if (key === 'className') node.className = value;
    else if (key.startsWith('on')) node.addEventListener(key.slice(2), value);
    else node.setAttribute(key, value === true ? '' : String(value));
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

export function svg(tag, attrs = {}) {
  const node = document.createElementNS('http://www.w3.org/2000/svg', tag);
  for (const [key, value] of Object.entries(attrs)) node.setAttribute(key, String(value));
  return node;
}

export function setText(node, text) {
  if (node) node.textContent = text;
}

/** The page-wide status line (role=status, aria-live). */
export function banner(message) {
  const node = $('#global-message');
  node.textContent = message || '';
  node.hidden = !message;
}

/** Shows one view (`view-<name>` section) and hides the others. */
export function showView(name) {
  for (const section of $$('main > section')) section.hidden = section.id !== 'view-' + name;
}
