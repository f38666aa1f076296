// dom.js: building the page without innerHTML. Every string from the API
// goes in as text (textContent or an attribute), never as markup.

const SVG_NS = 'http://www.w3.org/2000/svg';

// h('a', {href: '#/', class: 'x'}, 'text', child, [more, children])
// Attributes: class, for, aria-*, data-*, on<event> (a function), and
// anything else set with setAttribute; null/undefined/false are left out.
export function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  setAttrs(el, attrs);
  append(el, children);
  return el;
}

export function s(tag, attrs, ...children) {
  const el = document.createElementNS(SVG_NS, tag);
  setAttrs(el, attrs);
  append(el, children);
  return el;
}

function setAttrs(el, attrs) {
  if (!attrs) return;
  for (const [k, v] of Object.entries(attrs)) {
    if (v === null || v === undefined || v === false) continue;
    if (k.startsWith('on') && typeof v === 'function') {
      el.addEventListener(k.slice(2), v);
    } else if (k === 'text') {
      el.textContent = v;
    } else if (k === 'style') {
      el.style.cssText = v; // through the CSSOM: allowed by the page's CSP
    } else if (k === 'props') {
      Object.assign(el, v);
    } else {
      el.setAttribute(k, v === true ? '' : String(v));
    }
  }
}

export function append(el, children) {
  for (const c of children.flat(Infinity)) {
    if (c === null || c === undefined || c === false) continue;
    el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return el;
}

export function clear(el) {
  while (el.firstChild) el.removeChild(el.firstChild);
  return el;
}

// Only http(s) links from records become hrefs.
export function safeUrl(u) {
  return typeof u === 'string' && /^https?:\/\/[^\s]+$/i.test(u) ? u : null;
}

export function extLink(url, text, attrs = {}) {
  const u = safeUrl(url);
  if (!u) return text ? h('span', null, text) : null;
  return h('a', { href: u, rel: 'noopener noreferrer', class: 'ext', ...attrs },
    text || u.replace(/^https?:\/\//, '').replace(/\/$/, ''));
}

// Small flags drawn as SVG (no image downloads). Nordic crosses for the
// countries and territories that fly one; Greenland's Erfalasorput.
const CROSS = {
  SE: ['#006aa7', '#fecc02'],
  NO: ['#ba0c2f', '#ffffff', '#00205b'],
  DK: ['#c8102e', '#ffffff'],
  FI: ['#ffffff', '#002f6c'],
  IS: ['#02529c', '#ffffff', '#dc1e35'],
  FO: ['#ffffff', '#005eb8', '#ef3340'],
  AX: ['#0064ad', '#ffd300', '#dd0000'],
};

export function flag(cc, label) {
  const attrs = { class: 'flag', viewBox: '0 0 18 12', width: 18, height: 12,
    'aria-hidden': label ? null : 'true', role: label ? 'img' : null,
    'aria-label': label || null, focusable: 'false' };
  if (cc === 'GL') {
    return s('svg', attrs,
      s('rect', { width: 18, height: 6, fill: '#ffffff' }),
      s('rect', { y: 6, width: 18, height: 6, fill: '#d00c33' }),
      s('path', { d: 'M3 6a4 4 0 0 1 8 0z', fill: '#d00c33' }),
      s('path', { d: 'M3 6a4 4 0 0 0 8 0z', fill: '#ffffff' }),
      s('rect', { width: 18, height: 12, fill: 'none', stroke: 'rgba(0,0,0,.25)', 'stroke-width': 0.6 }));
  }
  const c = CROSS[cc];
  if (!c) return s('svg', attrs, s('rect', { width: 18, height: 12, fill: '#ccc' }));
  const [bg, cross, inner] = c;
  const kids = [s('rect', { width: 18, height: 12, fill: bg }),
    s('rect', { x: 5, width: 3, height: 12, fill: cross }),
    s('rect', { y: 4.5, width: 18, height: 3, fill: cross })];
  if (inner) {
    kids.push(s('rect', { x: 5.75, width: 1.5, height: 12, fill: inner }),
      s('rect', { y: 5.25, width: 18, height: 1.5, fill: inner }));
  }
  kids.push(s('rect', { width: 18, height: 12, fill: 'none', stroke: 'rgba(0,0,0,.25)', 'stroke-width': 0.6 }));
  return s('svg', attrs, ...kids);
}
