// Small helpers to build the pages with plain DOM calls (no view library, no build step).

const SVG_NS = 'http://www.w3.org/2000/svg';

/** An HTML element: h('a', {href: '#/x', class: 'link'}, 'text', child, [more]). on* attributes are listeners. */
export function h(tag, attrs, ...children) {
  return fill(document.createElement(tag), attrs, children);
}

/** An SVG element, as h. */
export function s(tag, attrs, ...children) {
  return fill(document.createElementNS(SVG_NS, tag), attrs, children);
}

function fill(el, attrs, children) {
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value == null || value === false) continue;
    if (key.startsWith('on') && typeof value === 'function') {
      el.addEventListener(key.slice(2).toLowerCase(), value);
    } else if (key === 'class') {
      el.setAttribute('class', value);
    } else {
      el.setAttribute(key, value === true ? '' : String(value));
    }
  }
  for (const child of children.flat(Infinity)) {
    if (child == null || child === false) continue;
    el.append(child instanceof Node ? child : String(child));
  }
  return el;
}

/** Replaces everything in el with children. */
export function replace(el, ...children) {
  el.replaceChildren();
  return fill(el, null, children);
}

/** A timestamp as AWS JSON sends it (epoch seconds) in the reader's local time. */
export function time(epochSeconds) {
  if (epochSeconds == null) return '';
  return new Date(epochSeconds * 1000).toLocaleString(undefined, {
    year: 'numeric', month: 'short', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit',
  });
}

/** JSON text pretty-printed when it parses, else as it is. */
export function pretty(text) {
  if (text == null) return '';
  try {
    return JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    return String(text);
  }
}

/** A link to a page of the console. */
export function link(route, text, attrs = {}) {
  return h('a', {...attrs, href: '#' + route}, text);
}

/** The last segment of an ARN (a name, or name:version). */
export function arnName(arn) {
  const parts = String(arn).split(':');
  return parts.length > 7 ? parts.slice(6).join(':') : parts[parts.length - 1];
}
