// views.js: one function per page. Each gets the main element, the
// route's parameters and the context (ctx.lang, ctx.overview(), ctx.alive()
// which turns false once the visitor has moved on), fetches what it needs
// from the public API, and fills the page.

import { h, flag, extLink, clear, append } from './dom.js';
import * as api from './api.js';
import { registerBox } from './register.js';
import {
  t, vocab, countryName, langName, fmtDate, fmtNumber, timeZone, COUNTRIES,
  cvars, uiLang, fmtMoney, fmtClock,
} from './i18n.js';
import {
  href, hrefQuery, tr, trText, countryChip, chip, orgLink, section, empty,
  byCountry, networkCard, meetingList, meetingItem, meetingTimes, modeChip, registration, registrationOpen,
  resourceItem, orgRow, fallbackBadge, accent, pager,
} from './widgets.js';
import { renderMap, legend, table, stateBadge } from './map.js';

const PUBLIC = ['municipality', 'region', 'state_agency', 'government', 'parliament', 'public_body_other'];

// el.append() would write null as "null": this skips it
function put(el, ...kids) {
  return append(el, kids);
}

function title(text) {
  return h('h1', { tabindex: '-1' }, text);
}

function netIndex(ov) {
  return Object.fromEntries((ov.networks || []).map((n) => [n.id, n]));
}

function sortNetworks(nets) {
  const nordic = nets.filter((n) => n.body.scope !== 'national');
  const national = nets.filter((n) => n.body.scope === 'national')
    .sort((a, b) => byCountry(a.body.country, b.body.country));
  return { nordic, national };
}

// ---- overview ----------------------------------------------------------------

export async function home(main, params, ctx) {
  const ov = await ctx.overview();
  if (!ctx.alive()) return;
  const { nordic, national } = sortNetworks(ov.networks || []);
  const types = (ov.counts && ov.counts.types) || {};
  const countries = Object.keys((ov.counts && ov.counts.countries) || {});
  const nets = netIndex(ov);
  clear(main);
  put(main, 
    h('div', { class: 'hero' },
      h('div', { class: 'hero-text' },
        title(t('home_title')),
        h('p', { class: 'lead' }, t('home_intro')),
        h('p', { class: 'node-note' }, flag(ov.node.country), ' ', t('browsing_on', cvars(ov.node.country)))),
      h('ul', { class: 'stats' },
        stat(types.organisation || 0, 'stat_orgs', hrefQuery('organisations')),
        stat(types.network || 0, 'stat_networks', href('networks')),
        stat(ov.upcoming_meetings, 'stat_meetings', href('meetings')),
        stat(countries.length, 'stat_countries', href('map')))),
    section(t('nordic_networks'),
      h('div', { class: 'cards' }, nordic.map((n, i) => networkCard(n, i)))),
    national.length ? section(t('national_networks'),
      h('div', { class: 'cards' }, national.map((n, i) => networkCard(n, nordic.length + i)))) : null,
    h('div', { class: 'two-col' },
      section(t('upcoming_meetings'),
        (ov.meetings || []).length ? meetingList(ov.meetings, nets) : empty(t('no_upcoming')),
        h('p', null, h('a', { href: href('meetings'), class: 'more' }, t('all_meetings'), ' →'))),
      mapSection(ov, params, ctx, true)));
}

function stat(n, key, link) {
  if (n === null || n === undefined) return null;
  return h('li', null, h('a', { href: link },
    h('span', { class: 'stat-n' }, fmtNumber(n)), h('span', { class: 'stat-l' }, t(key, { n }))));
}

export async function networks(main, params, ctx) {
  const ov = await ctx.overview();
  if (!ctx.alive()) return;
  const { nordic, national } = sortNetworks(ov.networks || []);
  clear(main);
  put(main, title(t('nav_networks')),
    section(t('nordic_networks'), h('div', { class: 'cards' }, nordic.map((n, i) => networkCard(n, i)))),
    national.length ? section(t('national_networks'),
      h('div', { class: 'cards' }, national.map((n, i) => networkCard(n, nordic.length + i)))) : null);
}

// ---- one network -------------------------------------------------------------

const LIST_PAGE = 200;

export async function network(main, params, ctx) {
  const id = params.id;
  const lang = ctx.lang;
  const [net, ov] = await Promise.all([
    api.get(`/api/v1/networks/${encodeURIComponent(id)}`, { lang }),
    ctx.overview(),
  ]);
  if (!ctx.alive()) return;
  const b = net.body;
  const lead = (ov.networks || []).find((n) => n.id === id);
  const i = Math.max(0, (ov.networks || []).findIndex((n) => n.id === id));
  // the members by country: the totals from the overview, the names page
  // by page from the server (the record brings the first page)
  const byCc = (lead && lead.members && lead.members.by_country) || {};
  const total = lead && lead.members ? lead.members.total : null;
  const groupsBox = h('div', { class: 'country-groups' });
  const groups = {};
  const group = (cc) => {
    if (groups[cc]) return groups[cc];
    const ul = h('ul', { class: 'member-list' });
    const el = h('div', { class: 'country-group', 'data-country': cc },
      h('h3', null, flag(cc), ' ', countryName(cc), ' ', h('span', { class: 'count' }, fmtNumber(byCc[cc] || 0))), ul);
    // groups in the platform's country order, whatever page brings them
    const after = Object.keys(groups).filter((x) => byCountry(x, cc) > 0).sort(byCountry)[0];
    groupsBox.insertBefore(el, after ? groups[after].el : null);
    groups[cc] = { el, ul };
    return groups[cc];
  };
  const addMembers = (items) => {
    let shown = 0;
    for (const m of items) {
      if (m.body.status !== 'active') continue;
      shown += 1;
      const cc = (m.organisation && m.organisation.country) || m.body.organisation.slice(0, 2).toUpperCase();
      put(group(cc).ul, h('li', null, orgLink(m.organisation, m.body.organisation),
        m.body.role !== 'member' ? [' ', chip(vocab('role', m.body.role), `role role-${m.body.role}`)] : null));
    }
    return shown;
  };
  let first = net.members || { items: [], next: null };
  const membersUrl = `/api/v1/networks/${encodeURIComponent(id)}/members`;
  const ics = `/api/v1/networks/${encodeURIComponent(id)}/meetings.ics?lang=${lang}`;
  const [members, upcoming, resources] = await Promise.all([
    pager({
      name: 'members',
      fetch: (cursor) => {
        if (first) {
          const p = first;
          first = null;
          return Promise.resolve(p);
        }
        return api.get(membersUrl, { cursor, limit: LIST_PAGE });
      },
      add: addMembers,
      alive: ctx.alive,
      fail: ctx.fail,
    }),
    listSection(t('upcoming_meetings'), 'meetings', (cursor) => api.get('/api/v1/meetings',
      { network: id, upcoming: 'true', lang, limit: 20, cursor }), h('ul', { class: 'meetings' }),
    (m) => meetingItem(m, { [id]: null }), t('no_upcoming'), ctx),
    listSection(t('resources'), 'resources', (cursor) => api.get('/api/v1/resources',
      { network: id, lang, limit: 20, cursor }), h('ul', { class: 'resources' }), resourceItem,
    t('no_resources'), ctx),
  ]);
  if (!ctx.alive()) return;
  const shown = total === null ? members.loaded : total;
  clear(main);
  put(main,
    h('div', { class: 'page-head net-head', style: `--accent:${accent(i)}` },
      h('p', { class: 'kicker' }, h('a', { href: href('networks') }, t('nav_networks')), ' › ',
        b.scope === 'national' ? [t('scope_national'), ' · ', countryChip(b.country)] : t('scope_nordic')),
      h('h1', { tabindex: '-1' }, tr(net, 'name')),
      tr(net, 'theme', 'p', { class: 'lead' })),
    h('div', { class: 'two-col wide-left' },
      h('div', null,
        section(t('about'),
          tr(net, 'description', 'p'),
          h('dl', { class: 'facts' },
            h('div', null, h('dt', null, t('lead_org')), h('dd', null,
              lead && lead.lead ? [countryChip(lead.lead.country), ' ', orgLink(lead.lead)]
                : orgLink(null, b.lead_organisation))),
            b.focus_areas ? h('div', null, h('dt', null, t('focus_areas')),
              h('dd', null, b.focus_areas.map((f) => chip(vocab('focus', f), 'focus')))) : null,
            b.meeting_frequency ? h('div', null, h('dt', null, t('meets')),
              h('dd', { lang: b.lang || null }, b.meeting_frequency)) : null,
            b.website ? h('div', null, h('dt', null, t('website')), h('dd', null, extLink(b.website))) : null)),
        h('section', { class: 'section members', id: 'members' },
          h('h2', null, t('members_by_country'), ' ',
            h('span', { class: 'count' }, t('members_n', { n: shown }), ' · ',
              t('countries_n', { n: Object.keys(byCc).length || Object.keys(groups).length }))),
          Object.keys(groups).length ? groupsBox : empty(t('members_none')),
          members.row)),
      h('div', null,
        upcoming,
        h('p', { class: 'ics' }, h('a', { href: ics, class: 'button secondary', download: 'meetings.ics' },
          calendarIcon(), t('subscribe_ics'))),
        resources)));
  ctx.setTitle(trText(net.body.name));
}

// A section of a list the server pages: heading, the list (item(x) makes
// one entry), "more" while there are more.
async function listSection(heading, name, fetch, list, item, none, ctx) {
  const st = await pager({ name, fetch, add: (items) => { put(list, items.map(item)); }, alive: ctx.alive, fail: ctx.fail });
  return h('section', { class: 'section', 'data-list': name }, h('h2', null, heading),
    st.loaded ? list : empty(none), st.row);
}

function calendarIcon() {
  const el = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
  el.setAttribute('viewBox', '0 0 16 16');
  el.setAttribute('width', '16');
  el.setAttribute('height', '16');
  el.setAttribute('aria-hidden', 'true');
  const ns = 'http://www.w3.org/2000/svg';
  const r = document.createElementNS(ns, 'rect');
  for (const [k, v] of Object.entries({ x: 1.5, y: 2.5, width: 13, height: 12, rx: 2, fill: 'none', stroke: 'currentColor', 'stroke-width': 1.5 })) r.setAttribute(k, v);
  const p = document.createElementNS(ns, 'path');
  p.setAttribute('d', 'M1.5 6.5h13M5 1v3M11 1v3');
  p.setAttribute('stroke', 'currentColor');
  p.setAttribute('stroke-width', '1.5');
  el.append(r, p);
  return el;
}

// ---- organisations -----------------------------------------------------------

const ORG_PAGE = 100;

export async function organisations(main, params, ctx) {
  const f = {
    country: params.country || '', region: params.region || '', municipality: params.municipality || '',
    type: params.type || '', focus: params.focus || '', network: params.network || '',
  };
  // the municipalities of the chosen region that the records name, with
  // their counts and names: the node's (stats by municipality)
  const [ov, schema, munis] = await Promise.all([ctx.overview(), api.schema(),
    f.region ? api.get('/api/v1/stats', { table: 'organisations', by: 'municipality,municipality_name', region: f.region }) : null]);
  if (!ctx.alive()) return;
  const words = schema.vocabularies;
  const nets = sortNetworks(ov.networks || []);
  const regions = regionNames(schema);
  // a region belongs to one country, a municipality to one region:
  // another country clears both, another region the municipality
  const go = (changes) => ctx.go(hrefQuery('organisations', {
    ...f,
    ...('country' in changes ? { region: '', municipality: '' } : {}),
    ...('region' in changes ? { municipality: '' } : {}),
    ...changes,
  }));
  const select = (name, label, any, options) => h('div', { class: 'field' },
    h('label', { for: `f-${name}` }, label),
    h('select', { id: `f-${name}`, name, onchange: (e) => go({ [name]: e.target.value }) },
      h('option', { value: '' }, any),
      options.map(([v, l]) => h('option', { value: v, selected: f[name] === v }, l))));
  const list = h('ul', { class: 'org-list' });
  const status = h('p', { class: 'result-count', role: 'status' }, t('loading'));
  const more = h('div', { class: 'more-box' });
  clear(main);
  put(main, title(t('orgs_title')), h('p', { class: 'lead' }, t('orgs_intro')),
    h('form', { class: 'filters', role: 'search', 'aria-label': t('orgs_title'), onsubmit: (e) => e.preventDefault() },
      select('country', t('f_country'), t('any_country'), schema.origins.map((cc) => [cc, countryName(cc)])),
      select('region', t('f_region'), t('any_region'), regionOptions(schema, regions, f.country)),
      munis ? select('municipality', t('f_municipality'), t('any_municipality'), municipalityOptions(munis.organisations)) : null,
      select('type', t('f_type'), t('any_type'), words.classification.map((v) => [v, vocab('classification', v)])),
      select('focus', t('f_focus'), t('any_focus'), words.focus_area.map((v) => [v, vocab('focus', v)])
        .sort((a, b) => a[1].localeCompare(b[1], uiLang()))),
      select('network', t('f_network'), t('any_network'),
        [...nets.nordic, ...nets.national].map((n) => [n.id, trText(n.body.name)])),
      Object.values(f).some(Boolean)
        ? h('div', { class: 'field clear' }, h('a', { href: hrefQuery('organisations'), class: 'button secondary' }, t('clear_filters')))
        : null),
    status, list, more);

  // every filter, the network too, is the server's: the list is paged
  // by its cursor, however long it is
  const query = { ...f, lang: ctx.lang };
  const pg = await pager({
    name: 'organisations',
    fetch: (cursor) => api.get('/api/v1/organisations', { ...query, limit: ORG_PAGE, cursor }),
    add: (items) => { put(list, ...items.map(orgRow)); },
    after: (st) => {
      status.textContent = st.loaded ? t('orgs_count', { n: st.loaded }) + (st.more ? '+' : '') : t('no_orgs');
    },
    alive: ctx.alive,
    fail: ctx.fail,
  });
  put(more, pg.row);
}

// ---- one organisation ----------------------------------------------------------

const COLLAB_PAGE = 100;
const orgCache = new Map();
// An organisation's name and country (names are not translated: asked
// without ?lang, the node sends the stored record as it is, the fast way).
async function orgName(id) {
  if (!orgCache.has(id)) {
    orgCache.set(id, api.get(`/api/v1/organisations/${encodeURIComponent(id)}`)
      .then((o) => ({ id: o.id, name: o.body.name, country: o.body.country }))
      .catch(() => null));
  }
  return orgCache.get(id);
}

export async function organisation(main, params, ctx) {
  const id = params.id;
  const lang = ctx.lang;
  const [org, ov] = await Promise.all([
    api.get(`/api/v1/organisations/${encodeURIComponent(id)}`, { lang }),
    ctx.overview(),
  ]);
  if (!ctx.alive()) return;
  const b = org.body;
  const nets = netIndex(ov);
  const isPublic = PUBLIC.includes(b.classification);
  // a public body's collaborations by public_body=, anyone else's by
  // organisation=: filtered and paged by the server, the partners' names
  // asked for page by page
  const collabList = h('ul', { class: 'collabs' });
  const collabs = await pager({
    name: 'collaborations',
    fetch: (cursor) => api.get('/api/v1/collaborations',
      { [isPublic ? 'public_body' : 'organisation']: id, lang, limit: COLLAB_PAGE, cursor }),
    add: async (items) => {
      const others = [...new Set(items.map((c) => (c.body.organisation === id ? c.body.public_body : c.body.organisation))
        .filter(Boolean))];
      const names = Object.fromEntries(await Promise.all(others.map(async (o) => [o, await orgName(o, lang)])));
      put(collabList, items.map((c) => collabItem(c, id, names)));
    },
    alive: ctx.alive,
    fail: ctx.fail,
  });
  const cp = org.contact_persons || {};
  // on the home node: the persons who consented to be public, and how
  // many more there are (only the node's operator reads those)
  let persons = null;
  let withheld = 0;
  if (cp.href) {
    try {
      const list = await api.get(cp.href);
      persons = list.items || [];
      withheld = list.withheld || 0;
    } catch (e) {
      persons = null;
    }
  }
  const oc = b.contact || {};
  if (!ctx.alive()) return;
  // its networks: the record brings the first 200 memberships; when
  // there are more, they are paged from the list (the same order)
  const embedded = org.memberships || { items: [], next: null };
  const memList = h('ul', { class: 'plain-list' });
  const mems = await pager({
    name: 'networks',
    fetch: (cursor) => (cursor === null && !embedded.next ? Promise.resolve(embedded)
      : api.get('/api/v1/memberships', { organisation: id, limit: LIST_PAGE, cursor })),
    add: (items) => {
      const shown = items.filter((m) => m.body.status !== 'declined');
      put(memList, shown.map((m) => {
        const n = nets[m.body.network];
        return h('li', null,
          h('a', { href: href('network', m.body.network) },
            n ? tr(n, 'name') : trText(m.network && m.network.name) || m.body.network),
          ' ', chip(vocab('role', m.body.role), `role role-${m.body.role}`),
          m.body.start ? h('span', { class: 'muted' }, ' ', t('since', { date: fmtDate(m.body.start) })) : null);
      }));
      return shown.length;
    },
    alive: ctx.alive,
    fail: ctx.fail,
  });
  if (!ctx.alive()) return;
  const home = ov.node.country === b.country;
  clear(main);
  put(main, 
    h('div', { class: 'page-head org-head' },
      h('p', { class: 'kicker' }, h('a', { href: hrefQuery('organisations', { country: b.country }) }, t('nav_orgs')),
        ' › ', countryChip(b.country)),
      h('h1', { tabindex: '-1' }, b.name),
      h('p', { class: 'lead' }, vocab('classification', b.classification),
        b.municipality ? [' · ', b.municipality] : null, b.region ? [' · ', b.region] : null)),
    h('div', { class: 'two-col wide-left' },
      h('div', null,
        b.description ? section(t('description'), tr(org, 'description', 'p', { class: 'description' })) : null,
        h('section', { class: 'section', 'data-list': 'networks' }, h('h2', null, t('networks')),
          mems.loaded ? memList : empty(t('no_networks')), mems.row),
        h('section', { class: 'section', 'data-list': 'collaborations' }, h('h2', null, t('collaborations')),
          collabs.loaded ? collabList : empty(t('no_collabs')), collabs.row)),
      h('aside', { class: 'side' },
        h('section', { class: 'section box' },
          h('h2', null, t('home_node')),
          h('p', { class: 'home-node' }, flag(b.country), ' ', h('strong', null, countryName(b.country)),
            home ? h('span', { class: 'muted' }, ` (${t('this_node')})`) : null),
          h('p', { class: 'small' }, t('home_node_text', cvars(b.country))),
          !home && cp.home_url ? h('p', null, h('a', {
            href: `${cp.home_url}/#/org/${encodeURIComponent(id)}`, class: 'button secondary home-link', rel: 'noopener',
          }, t('open_home', cvars(b.country)), ' →')) : null),
        oc.email || oc.phone || oc.address ? h('section', { class: 'section box org-contact' },
          h('h2', null, t('org_contact')),
          h('dl', { class: 'facts compact' },
            oc.email ? h('div', null, h('dt', null, t('email')),
              h('dd', null, h('a', { href: `mailto:${oc.email}` }, oc.email))) : null,
            oc.phone ? h('div', null, h('dt', null, t('phone')),
              h('dd', null, h('a', { href: `tel:${oc.phone.replace(/[^+\d]/g, '')}` }, oc.phone))) : null,
            oc.address ? h('div', null, h('dt', null, t('address')), h('dd', { class: 'address' }, oc.address)) : null)) : null,
        h('section', { class: 'section box contacts' },
          h('h2', null, t('contacts')),
          persons ? [
            persons.length ? h('ul', { class: 'persons' }, persons.map((p) => h('li', null,
              h('strong', null, p.name), p.role ? h('span', { class: 'muted' }, ' · ', p.role) : null,
              p.email ? h('div', null, h('a', { href: `mailto:${p.email}` }, p.email)) : null,
              p.phone ? h('div', null, h('a', { href: `tel:${p.phone.replace(/[^+\d]/g, '')}` }, p.phone)) : null)))
              : (withheld ? null : empty(t('no_contacts'))),
            withheld ? h('p', { class: 'small withheld' }, t('contacts_withheld', { n: withheld })) : null]
            : h('p', { class: 'small home-only' }, t('contacts_home_only', cvars(b.country)))),
        h('section', { class: 'section box' },
          h('h2', null, t('identifiers')),
          b.identifiers && b.identifiers.length ? h('dl', { class: 'ids' }, b.identifiers.map((x) =>
            h('div', null, h('dt', null, x.scheme), h('dd', null, h('code', null, x.identifier))))) : empty('–'),
          h('dl', { class: 'facts compact' },
            b.focus_areas ? h('div', null, h('dt', null, t('focus_areas')),
              h('dd', null, b.focus_areas.map((f) => chip(vocab('focus', f), 'focus')))) : null,
            b.founded ? h('div', null, h('dt', null, t('founded')), h('dd', null, fmtDate(b.founded))) : null,
            b.website ? h('div', null, h('dt', null, t('website')), h('dd', null, extLink(b.website))) : null,
            b.other_names && b.other_names.length ? h('div', null, h('dt', null, t('other_names')),
              h('dd', null, b.other_names.map((o) => o.name).join(', '))) : null)))));
  ctx.setTitle(b.name);
}

function collabItem(c, id, names) {
  const cb = c.body;
  const otherId = cb.organisation === id ? cb.public_body : cb.organisation;
  const other = otherId ? names[otherId] : null;
  return h('li', { class: 'collab', 'data-id': c.id },
    h('p', { class: 'collab-head' },
      h('strong', null, other ? [countryChip(other.country, false), ' ', orgLink(other)]
        : (cb.public_body_name || (otherId ? orgLink(null, otherId) : '–'))),
      ' ', chip(vocab('form', cb.form), 'form')),
    h('p', { class: 'muted small' },
      cb.organisation === id ? t('public_body') : t('partner'), ' · ',
      vocab('level', cb.level), ' · ', vocab('focus', cb.area), ' · ',
      cb.end ? `${fmtDate(cb.start)} – ${fmtDate(cb.end)}` : t('since', { date: fmtDate(cb.start) })),
    tr(c, 'description', 'p'));
}

// ---- meetings ----------------------------------------------------------------

const MEETING_PAGE = 50;
const YEAR_MS = 365 * 24 * 3600 * 1000;

// Every page of a list (a bounded window of it, such as one year of
// meetings): the cursor is followed to the end.
async function allPages(path, params) {
  let items = [];
  let cursor = null;
  do {
    const pg = await api.get(path, { ...params, limit: MEETING_PAGE, cursor });
    items = items.concat(pg.items || []);
    cursor = pg.next;
  } while (cursor);
  return items;
}

export async function meetings(main, params, ctx) {
  const ov = await ctx.overview();
  if (!ctx.alive()) return;
  const nets = netIndex(ov);
  const net = params.network || '';
  const { nordic, national } = sortNetworks(ov.networks || []);
  const list = h('ul', { class: 'meetings' });
  const upcoming = await pager({
    name: 'upcoming',
    fetch: (cursor) => api.get('/api/v1/meetings',
      { upcoming: 'true', network: net, lang: ctx.lang, limit: MEETING_PAGE, cursor }),
    add: (items) => { put(list, items.map((m) => meetingItem(m, nets, { year: true }))); },
    alive: ctx.alive,
    fail: ctx.fail,
  });
  if (!ctx.alive()) return;
  // earlier meetings, the latest first: a year at a time, every meeting
  // of that year, as long as there are earlier ones
  const earlierBox = h('div', { class: 'earlier' });
  const pastList = h('ul', { class: 'meetings past' });
  const pastMore = h('p', { class: 'more-row', 'data-list': 'earlier' });
  let until = new Date();
  const earlierButton = h('button', { type: 'button', class: 'button secondary' }, t('show_earlier'));
  const showEarlier = async () => {
    earlierButton.disabled = true;
    const from = new Date(until.getTime() - YEAR_MS);
    const [past, before] = await Promise.all([
      allPages('/api/v1/meetings', { from: from.toISOString(), to: until.toISOString(), network: net, lang: ctx.lang }),
      api.get('/api/v1/meetings', { to: new Date(from.getTime() - 1).toISOString(), network: net, limit: 1 }),
    ]);
    if (!ctx.alive()) return;
    // a meeting exactly at the window's start is in this window only
    until = new Date(from.getTime() - 1);
    if (!earlierBox.querySelector('h2')) put(clear(earlierBox), h('h2', null, t('earlier')), pastList, pastMore);
    put(pastList, past.reverse().map((m) => meetingItem(m, nets, { year: true })));
    earlierButton.disabled = false;
    if (!(before.items || []).length) {
      earlierButton.remove();
      if (!pastList.children.length) put(earlierBox, empty(t('no_meetings')));
    } else if (!earlierButton.isConnected) {
      put(pastMore, earlierButton);
    }
  };
  earlierButton.addEventListener('click', () => showEarlier().catch(ctx.fail));
  clear(main);
  put(main, title(t('meetings_title')), h('p', { class: 'lead' }, t('meetings_intro')),
    h('form', { class: 'filters', onsubmit: (e) => e.preventDefault() },
      h('div', { class: 'field' }, h('label', { for: 'f-mnet' }, t('f_network')),
        h('select', { id: 'f-mnet', onchange: (e) => ctx.go(hrefQuery('meetings', { network: e.target.value })) },
          h('option', { value: '' }, t('any_network')),
          [...nordic, ...national].map((n) => h('option', { value: n.id, selected: n.id === net }, trText(n.body.name))))),
      net ? h('div', { class: 'field clear' }, h('a', {
        href: `/api/v1/networks/${encodeURIComponent(net)}/meetings.ics?lang=${ctx.lang}`,
        class: 'button secondary', download: 'meetings.ics',
      }, calendarIcon(), t('subscribe_ics'))) : null),
    h('p', { class: 'tz-note' }, t('tz_note', { tz: timeZone() })),
    h('section', { class: 'section', 'data-list': 'upcoming' }, h('h2', null, t('upcoming')),
      upcoming.loaded ? list : empty(t('no_upcoming')), upcoming.row),
    earlierBox);
  put(earlierBox, earlierButton);
}

export async function meeting(main, params, ctx) {
  const m = await api.get(`/api/v1/meetings/${encodeURIComponent(params.id)}`, { lang: ctx.lang });
  const ov = await ctx.overview();
  const organiser = await orgName(m.body.organiser, ctx.lang);
  if (!ctx.alive()) return;
  const b = m.body;
  const net = b.network ? netIndex(ov)[b.network] : null;
  const times = meetingTimes(b);
  const reg = b.registration || {};
  clear(main);
  put(main, 
    h('div', { class: 'page-head' },
      h('p', { class: 'kicker' }, h('a', { href: href('meetings') }, t('meetings_title')),
        net ? [' › ', h('a', { href: href('network', net.id) }, tr(net, 'name'))] : null),
      h('h1', { tabindex: '-1' }, tr(m, 'title')),
      b.theme ? tr(m, 'theme', 'p', { class: 'lead' }) : null),
    h('div', { class: 'two-col wide-left' },
      h('div', null,
        h('p', { class: 'when big' }, h('time', { datetime: b.start }, fmtDate(b.start), ', ', times.range),
          times.venue ? h('span', { class: 'venue-time' }, ' · ', times.venue) : null),
        h('p', { class: 'tz-note' }, t('tz_note', { tz: timeZone() })),
        h('p', { class: 'chips' }, modeChip(b.mode),
          b.status !== 'scheduled' ? chip(vocab('status', b.status), `status status-${b.status}`) : null,
          chip(fmtMoney(b.cost, b.currency), 'cost'), registration(b)),
        b.description ? tr(m, 'description', 'p', { class: 'description' }) : null,
        reg.url && registrationOpen(b) ? h('p', null, extLink(reg.url, t('register_elsewhere'), { class: 'button secondary' })) : null,
        registerBox(m, ctx)),
      h('aside', { class: 'side' }, h('section', { class: 'section box' },
        h('dl', { class: 'facts compact' },
          organiser ? h('div', null, h('dt', null, t('organiser')), h('dd', null, countryChip(organiser.country, false), ' ', orgLink(organiser))) : null,
          b.place ? h('div', null, h('dt', null, t('place')), h('dd', null, b.place)) : null,
          b.platform ? h('div', null, h('dt', null, t('platform')), h('dd', null, b.platform)) : null,
          b.seats_per_organisation ? h('div', null, h('dt', null, t('seats_label')),
            h('dd', null, fmtNumber(b.seats_per_organisation))) : null,
          b.capacity ? h('div', null, h('dt', null, t('capacity_label')), h('dd', null, fmtNumber(b.capacity))) : null,
          reg.deadline ? h('div', null, h('dt', null, t('reg_deadline_label')), h('dd', null, fmtDate(reg.deadline))) : null,
          b.languages ? h('div', null, h('dt', null, t('languages')), h('dd', null, b.languages.map(langName).join(', '))) : null),
        net ? h('p', null, h('a', { href: `/api/v1/networks/${encodeURIComponent(net.id)}/meetings.ics?lang=${ctx.lang}`, download: 'meetings.ics' },
          calendarIcon(), ' ', t('subscribe_ics'))) : null))));
  ctx.setTitle(trText(b.title));
}

// ---- search ------------------------------------------------------------------

const TYPE_ORDER = ['organisation', 'network', 'meeting', 'resource', 'collaboration', 'membership', 'membership_request'];
const SEARCH_PAGE = 60;
const SEARCH_WINDOW = 300;   // the node ranks the 300 newest matches (docs/storage.md)

export async function search(main, params, ctx) {
  const q = (params.q || '').trim();
  const box = document.getElementById('q');
  if (box && box.value !== q) box.value = q;
  clear(main);
  put(main, title(q ? t('results_for', { q }) : t('search_title')));
  if (!q) {
    put(main, h('p', { class: 'lead' }, t('search_empty')), h('p', { class: 'muted' }, t('search_hint')));
    return;
  }
  const nets = netIndex(await ctx.overview());
  if (!ctx.alive()) return;
  // the node's ranked matches, a page at a time (its cursor); each page's
  // results go to their type's section, made when the first one comes
  const status = h('p', { class: 'result-count', role: 'status' }, t('loading'));
  const note = h('p', { class: 'lead truncated', hidden: true }, t('search_truncated', { n: SEARCH_WINDOW }));
  const sections = h('div', { class: 'results-by-type' });
  const groups = {};
  const add = (items) => {
    for (const it of items) {
      if (!groups[it.type]) {
        groups[it.type] = { n: 0, count: h('span', { class: 'count' }), list: h('ul', { class: 'result-list' }) };
        const sec = h('section', { class: 'section results', 'data-type': it.type },
          h('h2', null, vocab('type', it.type), ' ', groups[it.type].count), groups[it.type].list);
        const next = TYPE_ORDER.slice(TYPE_ORDER.indexOf(it.type) + 1)
          .map((k) => sections.querySelector(`section[data-type="${k}"]`)).find(Boolean);
        sections.insertBefore(sec, next || null);
      }
      const g = groups[it.type];
      put(g.list, resultItem(it, nets));
      g.n += 1;
      g.count.textContent = fmtNumber(g.n);
    }
  };
  put(main, status, note, h('p', { class: 'muted small' }, t('search_hint')), sections);
  const pg = await pager({
    name: 'search',
    fetch: async (cursor) => {
      const res = await api.get('/api/v1/search', { q, lang: ctx.lang, limit: SEARCH_PAGE, cursor });
      if (res.truncated) note.hidden = false;
      return res;
    },
    add,
    after: (st) => {
      status.textContent = st.loaded ? t('results_n', { n: st.loaded }) + (st.more ? '+' : '') : t('no_results', { q });
    },
    alive: ctx.alive,
    fail: ctx.fail,
  });
  put(main, pg.row);
}

function resultItem(it, nets) {
  const b = it.body || {};
  let link = null;
  let sub = [];
  switch (it.type) {
    case 'organisation':
      link = href('org', it.id);
      sub = [countryChip(b.country), ' · ', vocab('classification', b.classification), b.municipality ? [' · ', b.municipality] : null];
      break;
    case 'network':
      link = href('network', it.id);
      sub = [b.scope === 'national' ? t('scope_national') : t('scope_nordic')];
      break;
    case 'meeting':
      link = href('meeting', it.id);
      sub = [fmtDate(b.start), ' · ', vocab('mode', b.mode), b.network && nets[b.network] ? [' · ', trText(nets[b.network].body.name)] : null];
      break;
    case 'resource':
      link = b.url;
      sub = [vocab('kind', b.kind)];
      break;
    case 'collaboration':
      link = href('org', b.organisation);
      sub = [vocab('form', b.form), ' · ', vocab('level', b.level)];
      break;
    default:
      sub = [vocab('type', it.type)];
  }
  const name = it.type === 'organisation' ? b.name
    : tr(it, it.type === 'meeting' || it.type === 'resource' ? 'title' : it.type === 'collaboration' ? 'description' : 'name') || it.name;
  return h('li', { class: 'result', 'data-id': it.id, 'data-type': it.type },
    h('h3', null, link ? h('a', { href: link, class: link.startsWith('#') ? null : 'ext' }, name) : name),
    h('p', { class: 'muted' }, it.type === 'organisation' ? null : [countryChip(it.origin, false), ' '], sub));
}

// ---- the map -----------------------------------------------------------------

// The map page asks the node every MAP_POLL_MS, with a short time limit:
// the serving node's failure shows within a poll, and at once when any
// other request of the page gets no answer.
const MAP_POLL_MS = 5000;
const MAP_TIMEOUT_MS = 4000;

// While the serving node does not answer: it is unreachable, and the
// others' states, which only it could tell, are unknown.
function nodesDown(ov) {
  return {
    ...ov,
    nodes: (ov.nodes || []).map((n) => ({ ...n, state: n.self ? 'unreachable' : 'unknown', behind: 0, missing: 0 })),
  };
}

export async function mapView(main, params, ctx) {
  const ov = await ctx.overview(true);
  if (!ctx.alive()) return;
  clear(main);
  put(main, title(t('map_title')), h('p', { class: 'lead' }, t('map_intro')), mapSection(ov, params, ctx, false));
  let last = ov;
  const redraw = (o) => {
    const old = main.querySelector('.map-section');
    if (old && ctx.alive()) old.replaceWith(mapSection(o, params, ctx, false));
  };
  ctx.onNodeState((down) => { if (down) redraw(nodesDown(last)); });
  ctx.every(MAP_POLL_MS, async () => {
    let fresh = null;
    try {
      fresh = await ctx.overview(true, MAP_TIMEOUT_MS);
    } catch (e) {
      redraw(nodesDown(last));
      return;
    }
    last = fresh;
    redraw(fresh);
  });
}

// The map with its controls, legend and (on the map page) table. The
// section is returned at once; the shapes are drawn when they arrive.
function mapSection(ov, params, ctx, teaser) {
  const { nordic, national } = sortNetworks(ov.networks || []);
  const all = [...nordic, ...national];
  let chosen = params.network !== undefined ? params.network : (teaser && nordic[0] ? nordic[0].id : '');
  if (chosen && !all.some((n) => n.id === chosen)) chosen = '';
  const orgCounts = Object.fromEntries(COUNTRIES.map((cc) =>
    [cc, ((ov.counts.countries || {})[cc] || {}).organisation || 0]));
  const net = all.find((n) => n.id === chosen);
  const counts = net ? (net.members.by_country || {}) : orgCounts;
  const label = net ? t('members_short') : t('organisations_short');
  const legendLabel = net ? t('map_members') : t('th_orgs');
  const wrap = h('section', { class: `section map-section${teaser ? ' teaser' : ''}`, 'data-network': chosen });
  const figure = h('div', { class: 'map-figure' }, h('p', { class: 'muted' }, t('loading')));
  put(wrap, 
    teaser ? h('h2', null, t('map_title')) : null,
    h('div', { class: 'map-controls' },
      h('div', { class: 'field' }, h('label', { for: teaser ? 'map-net-home' : 'map-net' }, t('map_network')),
        h('select', {
          id: teaser ? 'map-net-home' : 'map-net',
          onchange: (e) => {
            if (teaser) {
              const next = { ...params, network: e.target.value };
              const el = mapSection(ov, next, ctx, true);
              wrap.replaceWith(el);
              el.querySelector('select').focus();
            } else {
              ctx.go(hrefQuery('map', { network: e.target.value }));
            }
          },
        }, h('option', { value: '', selected: !chosen }, t('map_all_orgs')),
        all.map((n) => h('option', { value: n.id, selected: n.id === chosen }, trText(n.body.name))))),
      teaser ? null : h('button', { type: 'button', class: 'button secondary refresh', onclick: () => ctx.reload() }, t('map_refresh'))),
    figure,
    legend(legendLabel, ov.nodes, counts),
    teaser ? h('p', null, h('a', { href: hrefQuery('map', { network: chosen }), class: 'more' }, t('nav_map'), ' →'))
      : h('p', { class: 'muted small updated' }, t('map_updated', { time: fmtClock(new Date(ov.generated)) }), ' · ', t('footer_map')),
    teaser ? null : table({ counts, nodes: ov.nodes, orgCounts, label: net ? t('th_members') : null }));
  api.mapData().then((map) => {
    put(clear(figure), renderMap(map, { counts, nodes: ov.nodes, label }));
  }, (e) => {
    put(clear(figure), empty(t('error_load', { msg: e.message })));
  });
  return wrap;
}

export { stateBadge, fallbackBadge };

// ---- the mapping: statistics and collaborations ---------------------------------
// The counts are the node's (GET /api/v1/stats): the page shows its
// tables as they come and links each to its CSV form.

function regionNames(schema) {
  const out = {};
  for (const list of Object.values((schema.places && schema.places.regions) || {})) {
    for (const r of list) {
      out[r.code] = r.names[uiLang()] || r.names.en || Object.values(r.names)[0] || r.code;
    }
  }
  return out;
}

function filterSelect(f, go, name, label, any, options) {
  return h('div', { class: 'field' },
    h('label', { for: `f-${name}` }, label),
    h('select', { id: `f-${name}`, name, onchange: (e) => go({ [name]: e.target.value }) },
      h('option', { value: '' }, any),
      options.map(([v, l]) => h('option', { value: v, selected: f[name] === v }, l))));
}

// [code, "name (code): count"] of the rows of stats by municipality
// (columns country, municipality, municipality_name, count), by name
function municipalityOptions(table) {
  const col = Object.fromEntries(table.columns.map((c, i) => [c, i]));
  return table.rows.filter((r) => r[col.municipality] !== null)
    .map((r) => [r[col.municipality], r[col.municipality_name] || r[col.municipality], r[col.count]])
    .sort((a, b) => a[1].localeCompare(b[1], uiLang()))
    .map(([code, name, n]) => [code, `${name} (${code}): ${fmtNumber(n)}`]);
}

function regionOptions(schema, regions, country) {
  const all = (schema.places && schema.places.regions) || {};
  return Object.keys(all).filter((cc) => !country || cc === country)
    .flatMap((cc) => all[cc].map((r) => [r.code, `${regions[r.code]} (${r.code})`]));
}

function publicBodyCell(id, name, lang) {
  if (!id) return name || '–';
  const a = h('a', { href: href('org', id) }, name || id);
  if (!name) orgName(id, lang).then((o) => { if (o) a.textContent = o.name; });
  return a;
}

function statsTable(key, data, cells) {
  const cols = data.columns.filter((c) => c in cells);
  const head = { classification: t('f_type'), area: t('col_area'), region: t('col_region'),
    country: t('f_country'), form: t('col_form'), level: t('col_level'),
    public_body: t('col_public_body'), network: t('col_network'), count: t('col_count') };
  const rows = data.rows.map((r) => Object.fromEntries(data.columns.map((c, i) => [c, r[i]])));
  return h('div', { class: 'table-scroll', tabindex: '0', role: 'region', 'aria-label': t(key) },
    h('table', { class: 'stats-table' },
      h('caption', null, t(key)),
      h('thead', null, h('tr', null, cols.map((c) => h('th', { scope: 'col', class: c === 'count' ? 'num' : null }, head[c])))),
      h('tbody', null, rows.length
        ? rows.map((r) => h('tr', null, cols.map((c) => h('td', { class: c === 'count' ? 'num' : null }, cells[c](r)))))
        : h('tr', null, h('td', { colspan: String(cols.length) }, t('no_rows'))))));
}

// A bar chart of one grouped table (stats?table=&by=<one column>): the
// node's counts, each bar as long as its share of the largest.
function barChart(key, data, label) {
  const max = Math.max(1, ...data.rows.map((r) => r[1]));
  return h('figure', { class: 'bar-chart' },
    h('figcaption', null, t(key)),
    data.rows.length
      ? h('ul', null, data.rows.map(([v, n]) => h('li', null,
        h('span', { class: 'bar-label' }, label(v)),
        h('span', { class: 'bar-track', 'aria-hidden': 'true' },
          h('span', { class: 'bar', style: `width: ${Math.max(1, Math.round((100 * n) / max))}%` })),
        h('span', { class: 'bar-n' }, fmtNumber(n)))))
      : h('p', null, t('no_rows')));
}

export async function stats(main, params, ctx) {
  const keys = ['country', 'region', 'type', 'area', 'form', 'level'];
  const f = Object.fromEntries(keys.map((k) => [k, params[k] || '']));
  const by = (table, col) => api.get('/api/v1/stats', { ...f, table, by: col });
  const [schema, st, byType, byArea, byRegion, byForm] = await Promise.all([api.schema(), api.get('/api/v1/stats', f),
    by('organisations', 'classification'), by('organisations', 'area'), by('organisations', 'region'),
    by('collaborations', 'form')]);
  if (!ctx.alive()) return;
  const words = schema.vocabularies;
  const regions = regionNames(schema);
  const go = (changes) => ctx.go(hrefQuery('stats', { ...f, ...changes }));
  const sel = (name, label, any, options) => filterSelect(f, go, name, label, any, options);
  const word = (kind, v) => (v ? vocab(kind, v) : '–');
  const cells = {
    classification: (r) => word('classification', r.classification),
    area: (r) => word('focus', r.area),
    region: (r) => (r.region ? regions[r.region] || r.region : '–'),
    country: (r) => countryName(r.country),
    form: (r) => h('a', { href: hrefQuery('collaborations', { form: r.form, level: r.level, public_body: r.public_body }) }, word('form', r.form)),
    level: (r) => word('level', r.level),
    public_body: (r) => publicBodyCell(r.public_body, r.public_body_name, ctx.lang),
    network: (r) => h('a', { href: href('network', r.network) }, r.network_name || r.network),
    count: (r) => fmtNumber(r.count),
  };
  const block = (table, key) => {
    const csv = '/api/v1/stats?' + new URLSearchParams(
      Object.entries({ ...f, table, format: 'csv' }).filter(([, v]) => v)).toString();
    return h('section', { class: 'stats-block' },
      h('h2', null, t(key)),
      h('p', { class: 'result-count' }, t('stats_total', { n: fmtNumber(st[table].total) }), ' · ',
        h('a', { href: csv, download: `${table}.csv` }, t('download_csv'))),
      statsTable(key, st[table], cells));
  };
  clear(main);
  put(main, title(t('stats_title')), h('p', { class: 'lead' }, t('stats_intro')),
    h('form', { class: 'filters', role: 'search', 'aria-label': t('stats_title'), onsubmit: (e) => e.preventDefault() },
      sel('country', t('f_country'), t('any_country'), schema.origins.map((cc) => [cc, countryName(cc)])),
      sel('region', t('f_region'), t('any_region'), regionOptions(schema, regions, f.country)),
      sel('type', t('f_type'), t('any_type'), words.classification.map((v) => [v, vocab('classification', v)])),
      sel('area', t('f_focus'), t('any_focus'), words.focus_area.map((v) => [v, vocab('focus', v)])),
      sel('form', t('f_form'), t('any_form'), words.collaboration_form.map((v) => [v, vocab('form', v)])),
      sel('level', t('f_level'), t('any_level'), words.collaboration_level.map((v) => [v, vocab('level', v)])),
      Object.values(f).some(Boolean)
        ? h('div', { class: 'field clear' }, h('a', { href: hrefQuery('stats'), class: 'button secondary' }, t('clear_filters')))
        : null),
    h('section', { class: 'stats-charts', 'aria-label': t('stats_charts') },
      barChart('stats_by_type', byType.organisations, (v) => word('classification', v)),
      barChart('stats_by_area', byArea.organisations, (v) => word('focus', v)),
      barChart('stats_by_region', byRegion.organisations, (v) => (v ? regions[v] || v : '–')),
      barChart('stats_by_form', byForm.collaborations, (v) => word('form', v))),
    block('organisations', 'stats_orgs'), block('collaborations', 'stats_collabs'),
    block('network_members', 'stats_members'));
  ctx.setTitle(t('stats_title'));
}

function collabListItem(c, lang) {
  const b = c.body;
  const org = h('a', { href: href('org', b.organisation) }, b.organisation);
  orgName(b.organisation, lang).then((o) => { if (o) org.textContent = o.name; });
  const parties = (b.parties || []).map((p) => h('li', null,
    p.organisation ? publicBodyCell(p.organisation, p.name, lang) : p.name, ' · ', vocab('party', p.role)));
  return h('li', { class: 'collab-item' },
    h('p', null, org, ' → ', publicBodyCell(b.public_body, b.public_body_name, lang)),
    h('p', { class: 'chips' }, chip(vocab('form', b.form)), chip(vocab('level', b.level)),
      b.arena ? chip(vocab('arena', b.arena), 'arena') : null, chip(vocab('focus', b.area)),
      countryChip(c.origin, false), ' ', fmtDate(b.start)),
    parties.length ? h('div', null, h('span', null, t('col_parties')), h('ul', null, parties)) : null,
    b.description ? tr(c, 'description', 'p') : null);
}

export async function collaborations(main, params, ctx) {
  const keys = ['country', 'form', 'level', 'area', 'public_body'];
  const f = Object.fromEntries(keys.map((k) => [k, params[k] || '']));
  const schema = await api.schema();
  if (!ctx.alive()) return;
  const words = schema.vocabularies;
  const go = (changes) => ctx.go(hrefQuery('collaborations', { ...f, ...changes }));
  const sel = (name, label, any, options) => filterSelect(f, go, name, label, any, options);
  const list = h('ul', { class: 'collab-list' });
  const status = h('p', { class: 'result-count', role: 'status' }, t('loading'));
  const more = h('p', { class: 'more-row' });
  clear(main);
  put(main, title(t('collabs_title')), h('p', { class: 'lead' }, t('collabs_intro')),
    h('form', { class: 'filters', role: 'search', 'aria-label': t('collabs_title'), onsubmit: (e) => e.preventDefault() },
      sel('country', t('f_country'), t('any_country'), schema.origins.map((cc) => [cc, countryName(cc)])),
      sel('form', t('f_form'), t('any_form'), words.collaboration_form.map((v) => [v, vocab('form', v)])),
      sel('level', t('f_level'), t('any_level'), words.collaboration_level.map((v) => [v, vocab('level', v)])),
      sel('area', t('f_focus'), t('any_focus'), words.focus_area.map((v) => [v, vocab('focus', v)])),
      f.public_body ? h('div', { class: 'field' }, h('span', null, t('col_public_body')), ' ',
        publicBodyCell(f.public_body, null, ctx.lang)) : null,
      Object.values(f).some(Boolean)
        ? h('div', { class: 'field clear' }, h('a', { href: hrefQuery('collaborations'), class: 'button secondary' }, t('clear_filters')))
        : null),
    status, list, more);
  ctx.setTitle(t('collabs_title'));
  let cursor = null;
  let count = 0;
  const load = async () => {
    const pg = await api.get('/api/v1/collaborations', { ...f, lang: ctx.lang, limit: 50, cursor });
    if (!ctx.alive()) return;
    put(list, ...pg.items.map((c) => collabListItem(c, ctx.lang)));
    count += pg.items.length;
    cursor = pg.next;
    status.textContent = count ? t('collabs_shown', { n: fmtNumber(count) }) + (cursor ? '+' : '') : t('no_collabs_match');
    clear(more);
    if (cursor) {
      put(more, h('button', { type: 'button', class: 'button secondary', onclick: () => load().catch(ctx.fail) }, t('load_more')));
    }
  };
  await load();
}
