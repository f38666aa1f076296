// map.js: the Nordic countries and territories (nordic-map.json, Natural
// Earth shapes, see docs/web.md) with each country's node coloured by its
// sync state as this node sees it, and each country shaded by the number
// of members of the chosen network. The same figures are written out in a
// table for those who do not read the picture.

import { h, s, flag } from './dom.js';
import { t, vocab, countryName, fmtNumber, COUNTRIES } from './i18n.js';

export const STATES = ['in_step', 'lagging', 'unreachable', 'quarantined', 'none', 'unknown'];

// 'unknown': what the page shows for the other nodes while the node that
// serves it does not answer (it is the one that tells their states).
function stateName(state) {
  return state === 'unknown' ? t('state_unknown') : vocab('state', state);
}

// Count classes: upper bounds and fills (light to dark blue). Small
// counts (a network's members) use fixed classes; larger ones (all
// organisations) five equal steps up to the largest.
const FILLS = ['#eef2f6', '#cfe2f3', '#9fc5e8', '#5b9bd5', '#2f6eb5', '#174a87'];
const DARK_FROM = 4; // classes from here get light label text

function bins(counts) {
  const max = Math.max(0, ...Object.values(counts));
  if (max <= 25) return [0, 2, 5, 10, 20, Infinity];
  const step = Math.ceil(max / 5);
  return [0, step, 2 * step, 3 * step, 4 * step, Infinity];
}

function binOf(b, n) {
  return b.findIndex((x) => n <= x);
}

function binLabel(b, i) {
  if (i === 0) return '0';
  const lo = b[i - 1] + 1;
  const hi = b[i];
  if (hi === Infinity) return `${fmtNumber(lo)}+`;
  return lo === hi ? fmtNumber(lo) : `${fmtNumber(lo)}–${fmtNumber(hi)}`;
}

// A small glyph for each state, so that colour is not the only cue.
export function stateGlyph(state) {
  switch (state) {
    case 'in_step':
      return s('path', { d: 'M-4.5 0.5l3 3 6-6.5', class: 'glyph' });
    case 'lagging':
      return s('g', { class: 'glyph' }, s('circle', { r: 5 }),
        s('path', { d: 'M0 -3V0h2.8' }));
    case 'unreachable':
      return s('path', { d: 'M-4 -4L4 4M4 -4L-4 4', class: 'glyph' });
    case 'unknown':
      return s('text', { class: 'glyph-q', 'text-anchor': 'middle', y: 4 }, '?');
    case 'quarantined':
      return s('g', { class: 'glyph' }, s('path', { d: 'M0 -5V1' }),
        s('circle', { cx: 0, cy: 4.2, r: 0.6 }));
    default:
      return s('path', { d: 'M-4 0H4', class: 'glyph' });
  }
}

export function stateBadge(state, extra) {
  return h('span', { class: `state state-${state}` },
    s('svg', { viewBox: '-8 -8 16 16', width: 16, height: 16, 'aria-hidden': 'true', focusable: 'false' },
      s('circle', { r: 8, class: 'dot' }), stateGlyph(state)),
    stateName(state), extra ? h('span', { class: 'state-extra' }, ' · ', extra) : null);
}

function nodeDetail(n) {
  const parts = [];
  if (n.behind) parts.push(t('behind', { n: n.behind }));
  if (n.missing) parts.push(t('missing', { n: n.missing }));
  return parts.join(', ');
}

// counts: {SE: n, ...}; nodes: the overview's node states.
export function renderMap(map, { counts, nodes, label }) {
  const [x0, y0, w, hgt] = map.viewBox;
  const byCc = Object.fromEntries((nodes || []).map((n) => [n.country, n]));
  const b = bins(counts);
  const summary = COUNTRIES.map((cc) => {
    const n = byCc[cc];
    return `${countryName(cc)} ${fmtNumber(counts[cc] || 0)} ${label}` +
      (n ? `, ${stateName(n.state)}` : '');
  }).join('; ');
  const svg = s('svg', {
    viewBox: `${x0} ${y0} ${w} ${hgt}`, class: 'map-svg', role: 'img',
    'aria-label': t('map_label', { summary }), preserveAspectRatio: 'xMidYMid meet',
  });
  svg.append(s('rect', { x: x0, y: y0, width: w, height: hgt, class: 'sea' }));
  svg.append(s('path', { d: map.land, class: 'land' }));
  const gl = map.inset && map.inset.GL;
  if (gl) {
    svg.append(s('rect', { x: gl[0], y: gl[1], width: gl[2], height: gl[3], rx: 6, class: 'inset' }));
  }
  for (const cc of COUNTRIES) {
    const c = map.countries[cc];
    if (!c) continue;
    const n = counts[cc] || 0;
    svg.append(s('path', { d: c.d, fill: FILLS[binOf(b, n)], class: 'country', 'data-cc': cc },
      s('title', null, `${countryName(cc)}: ${fmtNumber(n)} ${label}`)));
  }
  if (gl) {
    svg.append(s('text', { x: gl[0] + gl[2] - 10, y: gl[1] + gl[3] - 12, class: 'inset-caption',
      'text-anchor': 'end' }, t('greenland_inset')));
  }
  // labels, then node markers on top
  for (const cc of COUNTRIES) {
    const c = map.countries[cc];
    if (!c) continue;
    const n = counts[cc] || 0;
    const dark = binOf(b, n) >= DARK_FROM && !['FO', 'AX'].includes(cc);
    svg.append(s('text', { x: c.label[0], y: c.label[1], class: `count${dark ? ' on-dark' : ''}`,
      'text-anchor': 'middle' },
    s('tspan', { x: c.label[0], class: 'count-n' }, fmtNumber(n)),
    s('tspan', { x: c.label[0], dy: '1.1em', class: 'count-cc' }, cc)));
  }
  for (const cc of COUNTRIES) {
    const c = map.countries[cc];
    const n = byCc[cc];
    if (!c || !n) continue;
    const g = s('g', { class: `node node-${n.state}${n.self ? ' self' : ''}`,
      transform: `translate(${c.node[0]} ${c.node[1]})`, 'data-cc': cc, 'data-state': n.state },
    s('title', null, `${countryName(cc)}: ${stateName(n.state)}` +
      (n.self ? ` (${t('this_node')})` : '') + (nodeDetail(n) ? ` – ${nodeDetail(n)}` : '')));
    const mk = s('g', { class: 'mk' });
    if (n.self) mk.append(s('circle', { r: 17, class: 'self-ring' }));
    mk.append(s('circle', { r: 11, class: 'dot' }), stateGlyph(n.state));
    g.append(mk);
    svg.append(g);
  }
  return svg;
}

export function legend(label, nodes, counts) {
  const b = bins(counts || {});
  const present = new Set((nodes || []).map((n) => n.state));
  return h('div', { class: 'legend' },
    h('div', { class: 'legend-part' },
      h('h3', { class: 'legend-title' }, label),
      h('ul', { class: 'swatches' }, FILLS.map((f, i) =>
        h('li', null, h('span', { class: 'swatch', style: `background:${f}` }), binLabel(b, i))))),
    h('div', { class: 'legend-part' },
      h('h3', { class: 'legend-title' }, t('map_nodes')),
      h('ul', { class: 'states' }, STATES.filter((st) => !['none', 'unknown'].includes(st) || present.has(st))
        .map((st) => h('li', null, stateBadge(st))))));
}

// label: the heading of the counts column, null when the counts are the
// organisations (then one column of them).
export function table({ counts, nodes, orgCounts, label }) {
  const byCc = Object.fromEntries((nodes || []).map((n) => [n.country, n]));
  return h('table', { class: 'map-table' },
    h('thead', null, h('tr', null,
      h('th', { scope: 'col' }, t('th_country')),
      h('th', { scope: 'col' }, t('th_node')),
      label ? h('th', { scope: 'col', class: 'num' }, label) : null,
      h('th', { scope: 'col', class: 'num' }, t('th_orgs')))),
    h('tbody', null, COUNTRIES.map((cc) => {
      const n = byCc[cc];
      return h('tr', { 'data-cc': cc, 'data-state': n ? n.state : 'none' },
        h('th', { scope: 'row' }, flag(cc), ' ', countryName(cc),
          n && n.self ? h('span', { class: 'muted' }, ` (${t('this_node')})`) : null),
        h('td', null, stateBadge(n ? n.state : 'none', n ? nodeDetail(n) : '')),
        label ? h('td', { class: 'num' }, fmtNumber(counts[cc] || 0)) : null,
        h('td', { class: 'num' }, fmtNumber(orgCounts[cc] || 0)));
    })));
}
