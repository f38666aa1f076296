// widgets.js: the pieces the views are made of (cards, rows, chips).

import { h, flag, extLink, safeUrl } from './dom.js';
import {
  t, vocab, countryName, langName, pickText, uiLang, fmtDate, fmtTime,
  dayParts, sameDay, timeZone, fmtMoney, cvars,
} from './i18n.js';

// '#/org/se:org:01J…': ids keep their colons, readable in the address bar
export function href(...parts) {
  return '#/' + parts.map((p) => encodeURIComponent(p).replace(/%3A/gi, ':')).join('/');
}

export function hrefQuery(path, params) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params || {})) if (v) q.set(k, v);
  const s = q.toString();
  return '#/' + path + (s ? '?' + s : '');
}

// "in English": shown next to text that is not in the chosen language.
export function fallbackBadge(tag) {
  return h('span', { class: 'fallback', title: t('fallback_title', { lang: langName(tag) }) },
    t('fallback', { lang: langName(tag) }));
}

// A translated field of a record (the API gave one string with ?lang and
// said which language in lang_used; or a map, picked here).
export function tr(rec, field, tag = 'span', attrs = {}) {
  const body = rec && (rec.body || rec);
  if (!body) return null;
  const v = body[field];
  if (v === null || v === undefined) return null;
  let text;
  let used;
  if (typeof v === 'string') {
    text = v;
    used = rec.lang_used && rec.lang_used[field];
  } else {
    const p = pickText(v, body.lang);
    if (!p) return null;
    text = p.text;
    used = p.lang;
  }
  const el = h(tag, { ...attrs, lang: used || null }, text);
  if (used && used !== uiLang() && !(uiLang() === 'nb' && used === 'nn')) {
    el.append(' ', fallbackBadge(used));
    el.classList.add('has-fallback');
  }
  return el;
}

// Plain text of a translated value (for titles and option labels).
export function trText(v, own) {
  const p = pickText(v, own);
  return p ? p.text : '';
}

export function countryChip(cc, long = true) {
  if (!cc) return null;
  return h('span', { class: 'cc', title: countryName(cc) }, flag(cc),
    h('span', { class: long ? 'cc-name' : 'cc-code' }, long ? countryName(cc) : cc));
}

export function chip(text, cls = '') {
  return h('span', { class: `chip ${cls}`.trim() }, text);
}

export function orgLink(org, id) {
  if (!org) {
    return h('span', { class: 'muted' }, id, ' (', t('not_replicated'), ')');
  }
  return h('a', { href: href('org', org.id) }, org.name);
}

export function section(title, ...children) {
  return h('section', { class: 'section' }, h('h2', null, title), ...children);
}

export function empty(text) {
  return h('p', { class: 'empty' }, text);
}

// Country order of the platform; anything else after it.
const ORDER = ['SE', 'NO', 'DK', 'FI', 'IS', 'GL', 'FO', 'AX'];
export function byCountry(a, b) {
  const ia = ORDER.indexOf(a);
  const ib = ORDER.indexOf(b);
  return (ia < 0 ? 99 : ia) - (ib < 0 ? 99 : ib);
}

// Distinct accents for the network cards (good contrast on white).
const ACCENTS = ['#0b5cad', '#b3261e', '#0f7b5f', '#8a4baf', '#b25e00', '#1f6f8b', '#6b4e16'];
export function accent(i) {
  return ACCENTS[i % ACCENTS.length];
}

// ---- networks -------------------------------------------------------------

export function networkCard(net, i) {
  const b = net.body;
  const m = net.members || { total: 0, by_country: {} };
  const ccs = Object.keys(m.by_country || {}).sort(byCountry);
  const next = net.next_meeting;
  return h('article', { class: 'card net-card', style: `--accent:${accent(i)}`, 'data-id': net.id },
    h('div', { class: 'card-band' }),
    h('p', { class: 'kicker' },
      b.scope === 'national' ? [t('scope_national'), ' · ', countryChip(b.country)] : t('scope_nordic')),
    h('h3', { class: 'card-title' },
      h('a', { href: href('network', net.id), class: 'stretch' }, tr(net, 'name'))),
    tr(net, 'theme', 'p', { class: 'theme' }),
    h('dl', { class: 'facts' },
      h('div', null, h('dt', null, t('lead_org')),
        h('dd', null, net.lead ? [countryChip(net.lead.country, false), ' ', net.lead.name] : '–')),
      h('div', null, h('dt', null, t('th_members')),
        h('dd', null, t('members_n', { n: m.total }), ' · ', t('countries_n', { n: ccs.length })))),
    ccs.length ? h('ul', { class: 'mini-bars', 'aria-label': t('members_by_country') },
      ccs.map((cc) => h('li', { title: `${countryName(cc)}: ${m.by_country[cc]}` },
        flag(cc), h('span', null, cc, ' ', m.by_country[cc])))) : null,
    h('p', { class: 'next' },
      h('span', { class: 'label' }, t('next_meeting'), ': '),
      next ? [h('time', { datetime: next.start }, fmtDate(next.start)), ' – ',
        tr({ body: next, lang_used: next.lang_used }, 'title')] : t('no_next')));
}

// ---- meetings -------------------------------------------------------------

function offsetOf(iso) {
  const m = /([+-]\d{2}):?(\d{2})$|Z$/.exec(iso || '');
  if (!m) return null;
  if (m[0] === 'Z') return 0;
  const sign = m[1][0] === '-' ? -1 : 1;
  return sign * (Math.abs(parseInt(m[1], 10)) * 60 + parseInt(m[2], 10));
}

// The time range in the visitor's zone, and the venue's local time when
// that differs.
export function meetingTimes(b) {
  const tz = timeZone();
  const start = new Date(b.start);
  const end = new Date(b.end);
  const range = sameDay(b.start, b.end)
    ? `${fmtTime(b.start)}–${fmtTime(b.end, undefined, true)}`
    : `${fmtTime(b.start)} – ${fmtDate(b.end)} ${fmtTime(b.end, undefined, true)}`;
  let venue = null;
  try {
    const here = new Intl.DateTimeFormat('en', { timeZone: tz, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(start);
    const there = new Intl.DateTimeFormat('en', { timeZone: b.timezone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(start);
    if (here !== there) venue = t('venue_time', { time: fmtTime(b.start, b.timezone), tz: b.timezone });
  } catch (e) {
    if (offsetOf(b.start) !== -start.getTimezoneOffset()) venue = b.timezone;
  }
  return { range, venue, start, end };
}

// Can one register now? Not before it opens, not after the deadline or
// the start (the same test as the chip registration() shows).
export function registrationOpen(b, now = Date.now()) {
  const r = b.registration;
  if (!r || b.status !== 'scheduled') return false;
  if (r.opens && new Date(r.opens).getTime() > now) return false;
  if (new Date(b.start).getTime() < now) return false;
  return !(r.deadline && new Date(r.deadline).getTime() < now);
}

export function registration(b, now = Date.now()) {
  const r = b.registration;
  if (!r) return null;
  if (r.opens && new Date(r.opens).getTime() > now) {
    return h('span', { class: 'reg' }, t('reg_opens', { date: fmtDate(r.opens) }));
  }
  if (r.deadline) {
    if (new Date(r.deadline).getTime() < now || new Date(b.start).getTime() < now) {
      return h('span', { class: 'reg closed' }, t('reg_closed'));
    }
    return h('span', { class: 'reg' }, t('reg_deadline', { date: fmtDate(r.deadline) }));
  }
  return null;
}

export function modeChip(mode) {
  return chip(vocab('mode', mode), `mode mode-${mode}`);
}

// One meeting in a list. nets: {id: network record} for the names.
export function meetingItem(m, nets = {}, opts = {}) {
  const b = m.body;
  const d = dayParts(b.start);
  const times = meetingTimes(b);
  const net = b.network && nets[b.network];
  const status = b.status && b.status !== 'scheduled' ? chip(vocab('status', b.status), `status status-${b.status}`) : null;
  const reg = registration(b);
  return h('li', { class: `meeting${b.status === 'cancelled' ? ' cancelled' : ''}`, 'data-id': m.id },
    h('div', { class: 'datebox', 'aria-hidden': 'true' },
      h('span', { class: 'day' }, d.day), h('span', { class: 'month' }, d.month),
      opts.year ? h('span', { class: 'year' }, d.year) : null),
    h('div', { class: 'meeting-body' },
      h('h3', { class: 'meeting-title' },
        h('a', { href: href('meeting', m.id) }, tr(m, 'title'))),
      h('p', { class: 'when' },
        h('time', { datetime: b.start }, d.weekday, ' ', fmtDate(b.start), ', ', times.range),
        times.venue ? h('span', { class: 'venue-time' }, ' · ', times.venue) : null),
      h('p', { class: 'chips' }, modeChip(b.mode), status,
        net ? chip(typeof net.body.name === 'string' ? net.body.name : trText(net.body.name), 'net') : null,
        b.seats_per_organisation ? chip(t('seats_per_org', { n: b.seats_per_organisation }), 'seats') : null,
        chip(fmtMoney(b.cost, b.currency), 'cost'),
        reg)));
}

export function meetingList(items, nets, opts) {
  return h('ul', { class: 'meetings' }, items.map((m) => meetingItem(m, nets, opts)));
}

// ---- resources ------------------------------------------------------------

export function resourceItem(r) {
  const b = r.body;
  return h('li', { class: 'resource', 'data-id': r.id },
    h('p', { class: 'kicker' }, chip(vocab('kind', b.kind), 'kind'),
      b.published ? h('span', { class: 'muted' }, ' ', t('published', { date: fmtDate(b.published) })) : null),
    h('h3', null, safeUrl(b.url)
      ? h('a', { href: b.url, rel: 'noopener noreferrer', class: 'ext' }, tr(r, 'title'))
      : tr(r, 'title')),
    tr(r, 'summary', 'p', { class: 'summary' }),
    b.languages ? h('p', { class: 'muted small' }, t('languages'), ': ',
      b.languages.map((l) => langName(l)).join(', ')) : null);
}

// ---- organisations ---------------------------------------------------------

export function orgRow(o) {
  const b = o.body;
  return h('li', { class: 'org-row', 'data-id': o.id, 'data-country': b.country },
    h('div', { class: 'org-main' },
      h('h3', null, h('a', { href: href('org', o.id) }, b.name)),
      h('p', { class: 'muted' }, vocab('classification', b.classification),
        b.municipality ? [' · ', b.municipality] : null)),
    h('div', { class: 'org-side' }, countryChip(b.country),
      b.focus_areas && b.focus_areas.length
        ? h('p', { class: 'focus-list' }, b.focus_areas.slice(0, 3).map((f) => chip(vocab('focus', f), 'focus')))
        : null));
}

export function homeNodeNote(cc) {
  return h('p', null, t('home_node_text', cvars(cc)));
}

export { extLink, flag };

// ---- lists paged by the server ---------------------------------------------

// A list the server pages: the first page now, then one page per press of
// the "more" button, following the list's cursor until it ends. Nothing is
// capped. o.fetch(cursor) -> {items, next}; o.add(items) puts a page into
// the view (it may be async) and may return how many of them it showed
// (default: all); o.after(state) runs after every page. Returns
// the state {row, loaded, more}: the row with the button (at the end it
// says how many were shown), how many items came, and whether more are.
export async function pager(o) {
  const st = { row: h('p', { class: 'more-row', 'data-list': o.name || null }), loaded: 0, more: false };
  let cursor = null;
  let pages = 0;
  const button = h('button', { type: 'button', class: 'button secondary more-button' }, t('load_more'));
  const load = async () => {
    const pg = await o.fetch(cursor);
    if (!o.alive()) return;
    const items = pg.items || [];
    pages += 1;
    const shown = await o.add(items);
    st.loaded += typeof shown === 'number' ? shown : items.length;
    cursor = pg.next || null;
    st.more = cursor !== null;
    button.disabled = false;
    if (!cursor) {
      // the end of the list, said where the button was (focus stays there)
      const hadFocus = document.activeElement === button;
      button.remove();
      if (pages > 1) {
        st.row.setAttribute('tabindex', '-1');
        st.row.textContent = t('all_shown', { n: st.loaded });
        if (hadFocus) st.row.focus();
      }
    } else if (!button.isConnected) {
      st.row.append(button);
    }
    if (o.after) o.after(st);
  };
  button.addEventListener('click', () => {
    button.disabled = true;
    load().catch((e) => { button.disabled = false; o.fail(e); });
  });
  await load();
  return st;
}
