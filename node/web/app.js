// app.js: the browsing page's entry point: language, header, routes.
//
// Routes live in the URL's fragment so that any node serves every view
// from the one page at /:  #/  #/networks  #/network/<id>
// #/organisations?country=&region=&type=&focus=&network=  #/org/<id>
// #/meetings?network=  #/meeting/<id>  #/search?q=  #/map?network=
// #/cancel/<token> (a registration's cancel link: register.js)
// #/signin  #/signin/<secret>  #/account (an organisation's account:
// account.js, which asks for the session only on those views)
// #/stats?country=&region=&type=&area=&form=&level=
// #/collaborations?country=&form=&level=&area=&public_body=
// The first view needs one API request (/api/v1/overview).

import { h, clear } from './dom.js';
import * as api from './api.js';
import { UI_LANGS, pickLang, setLang, t, uiLang, locale, cvars } from './i18n.js';
import * as views from './views.js';
import * as account from './account.js';
import * as register from './register.js';

const STORE_KEY = 'nordfed.lang';

const routes = [
  [/^$/, views.home, 'home'],
  [/^networks$/, views.networks, 'networks'],
  [/^network\/([^/]+)$/, views.network, 'networks', ['id']],
  [/^organisations$/, views.organisations, 'orgs'],
  [/^org\/([^/]+)$/, views.organisation, 'orgs', ['id']],
  [/^meetings$/, views.meetings, 'meetings'],
  [/^meeting\/([^/]+)$/, views.meeting, 'meetings', ['id']],
  [/^search$/, views.search, null],
  [/^map$/, views.mapView, 'map'],
  [/^stats$/, views.stats, 'stats'],
  [/^collaborations$/, views.collaborations, 'collabs'],
  [/^signin$/, account.signin, 'account'],
  [/^signin\/([^/]+)$/, account.signin, 'account', ['secret']],
  [/^account$/, account.account, 'account'],
  [/^cancel\/([^/]+)$/, register.cancel, 'meetings', ['token']],
];

const main = document.getElementById('main');
let generation = 0;
let timers = [];
let unsubs = [];
let firstRender = true;

function storedLang() {
  try {
    return localStorage.getItem(STORE_KEY);
  } catch (e) {
    return null;
  }
}

function initialLang() {
  const fromUrl = new URLSearchParams(location.search).get('lang');
  return pickLang(fromUrl || storedLang());
}

function parseHash() {
  const raw = location.hash.replace(/^#\/?/, '');
  const i = raw.indexOf('?');
  const path = i < 0 ? raw : raw.slice(0, i);
  const params = Object.fromEntries(new URLSearchParams(i < 0 ? '' : raw.slice(i + 1)));
  return { path, params };
}

function decode(s) {
  try {
    return decodeURIComponent(s);
  } catch (e) {
    return s;
  }
}

function translateStatic() {
  document.documentElement.lang = uiLang();
  for (const el of document.querySelectorAll('[data-i18n]')) {
    el.textContent = t(el.dataset.i18n);
  }
  for (const el of document.querySelectorAll('[data-i18n-placeholder]')) {
    el.placeholder = t(el.dataset.i18nPlaceholder);
  }
  for (const el of document.querySelectorAll('[data-i18n-label]')) {
    el.setAttribute('aria-label', t(el.dataset.i18nLabel));
  }
  const sel = document.getElementById('lang-select');
  sel.value = uiLang();
  showNodeState();
}

function setNav(active) {
  for (const a of document.querySelectorAll('.tabs a')) {
    if (a.dataset.nav === active) a.setAttribute('aria-current', 'page');
    else a.removeAttribute('aria-current');
  }
}

async function footer() {
  try {
    const ov = await api.overview(uiLang());
    const f = document.getElementById('footer-about');
    f.textContent = t('footer_about', cvars(ov.node.country, { version: ov.node.version }));
    document.getElementById('node-badge').textContent = t('node_badge', cvars(ov.node.country));
    document.getElementById('node-badge').hidden = false;
  } catch (e) {
    // the main view shows the error
  }
}

// The serving node's own failure, in the page's language: the banner
// shows the moment a request gets no answer and goes when one does.
function nodeDownText() {
  return api.lastNode ? t('node_down', cvars(api.lastNode.country)) : t('node_down_here');
}

function showNodeState() {
  const el = document.getElementById('node-down');
  el.hidden = !api.isNodeDown();
  el.textContent = api.isNodeDown() ? nodeDownText() : '';
}

function errorText(err) {
  if (err.status === 404 || err.status === 410) return t('not_found');
  if (err.status === 0 && err.message === 'timeout') return t('error_load', { msg: t('timed_out') });
  if (err.status === 0) return nodeDownText();
  return t('error_load', { msg: err.message });
}

function showError(err, again) {
  clear(main).append(h('div', { class: 'error', role: 'alert' },
    h('h1', { tabindex: '-1' }, errorText(err)),
    h('p', null, h('button', { type: 'button', class: 'button', onclick: again }, t('retry')))));
}

async function render() {
  const gen = ++generation;
  for (const id of timers) clearInterval(id);
  timers = [];
  for (const off of unsubs) off();
  unsubs = [];
  const { path, params } = parseHash();
  const route = routes.find(([re]) => re.test(path));
  setNav(route ? route[2] : null);
  const ctx = {
    lang: uiLang(),
    locale,
    alive: () => gen === generation,
    overview: (fresh, timeoutMs) => api.overview(uiLang(), fresh, timeoutMs),
    onNodeState: (fn) => { unsubs.push(api.onNodeState(fn)); },
    go: (hash) => { location.hash = hash; },
    setTitle: (s) => { document.title = `${s} · ${t('brand')}`; },
    fail: (e) => { if (gen === generation) showError(e, render); },
    every: (ms, fn) => { timers.push(setInterval(() => fn().catch(() => {}), ms)); },
    reload: () => { api.overview(uiLang(), true); render(); },
  };
  document.title = t('brand');
  if (!route) {
    showError({ status: 404 }, () => { location.hash = '#/'; });
    return;
  }
  const m = route[0].exec(path);
  (route[3] || []).forEach((name, i) => { params[name] = decode(m[i + 1]); });
  main.setAttribute('aria-busy', 'true');
  if (!main.firstElementChild || !firstRender) {
    clear(main).append(h('p', { class: 'loading' }, t('loading')));
  }
  try {
    await route[1](main, params, ctx);
  } catch (e) {
    ctx.fail(e);
  }
  if (gen !== generation) return;
  main.removeAttribute('aria-busy');
  // move focus to the new view's heading (not on the first load)
  if (!firstRender) {
    const h1 = main.querySelector('h1');
    if (h1) h1.focus({ preventScroll: false });
    window.scrollTo(0, 0);
  }
  firstRender = false;
  document.getElementById('live').textContent = document.title;
}

function setup() {
  setLang(initialLang());
  const sel = document.getElementById('lang-select');
  clear(sel).append(...UI_LANGS.map((l) => h('option', { value: l.tag, lang: l.tag }, l.name)));
  sel.addEventListener('change', () => {
    setLang(sel.value);
    try {
      localStorage.setItem(STORE_KEY, sel.value);
    } catch (e) {
      // private mode: the choice lasts for this page only
    }
    translateStatic();
    footer();
    render();
  });
  document.getElementById('search-form').addEventListener('submit', (e) => {
    e.preventDefault();
    const q = document.getElementById('q').value.trim();
    location.hash = '#/search?' + new URLSearchParams({ q }).toString();
  });
  // the skip link moves focus without touching the route
  document.querySelector('.skip').addEventListener('click', (e) => {
    e.preventDefault();
    main.focus();
  });
  window.addEventListener('hashchange', () => {
    if (location.hash === '' || location.hash.startsWith('#/')) render();
  });
  api.onNodeState(showNodeState);
  translateStatic();
  footer();
  render();
}

setup();
