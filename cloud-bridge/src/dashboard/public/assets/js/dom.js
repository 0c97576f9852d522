// Builds elements from data without innerHTML, so nothing a station sends can become markup.

/**
 * h('p', { class: 'x', dataset: { id: '1' }, onclick: fn }, 'text', child, null) → <p class="x" …>
 * Attributes with null, undefined or false values are left out; `true` sets an empty attribute.
 */
export const h = (tag, attrs = {}, ...children) => {
  const el = document.createElement(tag);
  setAttributes(el, attrs);
  append(el, children);
  return el;
};

const SVG_NS = 'http://www.w3.org/2000/svg';

export const svg = (tag, attrs = {}, ...children) => {
  const el = document.createElementNS(SVG_NS, tag);
  setAttributes(el, attrs);
  append(el, children);
  return el;
};

const setAttributes = (el, attrs) => {
  for (const [key, value] of Object.entries(attrs)) {
    if (value === null || value === undefined || value === false) continue;
    if (key === 'dataset') Object.assign(el.dataset, value);
    else if (key.startsWith('on') && typeof value === 'function') el.addEventListener(key.slice(2), value);
    else el.setAttribute(key, value === true ? '' : String(value));
  }
};

const append = (el, children) => {
  for (const child of children.flat(Number.POSITIVE_INFINITY)) {
    if (child === null || child === undefined || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
};

export const $ = (id) => document.getElementById(id);

/** Replaces the children of `el`. */
export const fill = (el, ...children) => {
  el.replaceChildren();
  append(el, children);
};
