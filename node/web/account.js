// account.js: what an organisation's representative does on the page
// (docs/web.md, "Organisation accounts"): sign in by a one-time link,
// keep the organisation's record and contact persons, apply to join
// networks from this (the organisation's own) node, follow and withdraw
// the applications, and, for a network's lead organisation, accept or
// decline the applications to it; the registrations for the meetings it
// organises (register.js).
//
//   #/signin            ask for a sign-in link by e-mail
//   #/signin/<secret>   sign in with the link (one button: a mail scanner
//                       that opens the link signs nobody in)
//   #/account           the organisation's page for its account
//
// Every form has labels; results are announced in a status line
// (role=status) or an alert, and focus goes to them.

import { h, clear, append } from './dom.js';
import * as api from './api.js';
import { t, vocab, uiLang, fmtDateTime, cvars } from './i18n.js';
import { href, trText, section, empty, countryChip } from './widgets.js';
import { organiserSection } from './register.js';

let current = null;   // the session: GET /api/v1/account

// The session, asked on the account's views only (the first view of the
// page stays one request); sets the CSRF token for the writes.
export async function session(fresh = false) {
  if (!current || fresh) {
    try {
      current = await api.get('/api/v1/account');
    } catch (e) {
      current = { signed_in: false };
    }
    api.setCsrf(current.signed_in ? current.csrf : null);
  }
  return current;
}

function title(text) {
  return h('h1', { tabindex: '-1' }, text);
}

// A line that says how an action went: role=status, or role=alert for a
// failure; focus moves to it so a screen reader reads it at once.
function say(el, text, bad = false) {
  clear(el).append(text);
  el.setAttribute('role', bad ? 'alert' : 'status');
  el.className = bad ? 'notice bad' : 'notice good';
  el.hidden = false;
  el.focus();
}

function notice() {
  return h('p', { class: 'notice', tabindex: '-1', hidden: true });
}

function failText(e) {
  if (e.code === 'link_invalid') return t('link_used');
  if (e.code === 'link_expired') return t('link_expired');
  if (e.status === 401) return t('session_over');
  return t('action_failed', { msg: e.message });
}

function field(id, label, input, hint) {
  return h('div', { class: 'field' }, h('label', { for: id }, label), input,
    hint ? h('p', { class: 'hint small muted', id: `${id}-hint` }, hint) : null);
}

function input(id, attrs = {}) {
  return h('input', { id, name: id, class: 'input', ...attrs });
}

// Busy while fn runs: the button says so and takes no second click.
async function busy(button, fn) {
  button.disabled = true;
  button.setAttribute('aria-busy', 'true');
  try {
    return await fn();
  } finally {
    button.disabled = false;
    button.removeAttribute('aria-busy');
  }
}

// ---- signing in ----------------------------------------------------------------

function linkForm() {
  const status = notice();
  const email = input('signin-email', { type: 'email', autocomplete: 'email', required: true });
  const button = h('button', { type: 'submit', class: 'button' }, t('signin_send'));
  const form = h('form', { class: 'form-card', 'aria-labelledby': 'signin-send-h' },
    h('h2', { id: 'signin-send-h' }, t('signin_send_title')),
    field('signin-email', t('signin_email'), email),
    h('p', null, button), status);
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    await busy(button, async () => {
      try {
        await api.send('POST', '/api/v1/account/link', { email: email.value.trim() });
        say(status, t('signin_sent'));
      } catch (err) {
        say(status, failText(err), true);
      }
    });
  });
  return form;
}

export async function signin(main, params, ctx) {
  const s = await session(true);
  if (!ctx.alive()) return;
  clear(main);
  ctx.setTitle(t('signin_title'));
  if (s.signed_in && !params.secret) {
    ctx.go('#/account');
    return;
  }
  if (!params.secret) {
    append(main, [title(t('signin_title')), h('p', { class: 'lead' }, t('signin_intro')), linkForm()]);
    return;
  }
  const status = notice();
  const button = h('button', { type: 'button', class: 'button signin-button' }, t('signin_button'));
  button.addEventListener('click', () => busy(button, async () => {
    try {
      await api.send('POST', '/api/v1/account/signin', { link: params.secret });
      await session(true);
      // the link's secret leaves the address bar and the history
      location.replace('#/account');
    } catch (err) {
      say(status, failText(err), true);
      if (err.code === 'link_invalid' || err.code === 'link_expired') {
        main.append(linkForm());
      }
    }
  }));
  append(main, [title(t('signin_link_title')), h('p', { class: 'lead' }, t('signin_link_intro')),
    h('p', null, button), status]);
}

// ---- the organisation's page ------------------------------------------------------

const STATES = ['pending', 'withdrawn', 'active', 'declined', 'ended'];

function stateChip(state) {
  return h('span', { class: `chip appstate appstate-${STATES.includes(state) ? state : 'pending'}` },
    vocab('appstate', state));
}

function orgForm(org, ctx) {
  const b = org.body;
  const lang = uiLang();
  const c = b.contact || {};
  const status = notice();
  const desc = h('textarea', { id: 'org-description', name: 'description', class: 'input', rows: 5 });
  desc.value = (b.description && b.description[lang]) || '';
  const website = input('org-website', { type: 'url', value: b.website || '', placeholder: 'https://' });
  const email = input('org-email', { type: 'email', value: c.email || '' });
  const phone = input('org-phone', { type: 'tel', value: c.phone || '' });
  const address = input('org-address', { value: c.address || '' });
  const button = h('button', { type: 'submit', class: 'button' }, t('save'));
  const form = h('form', { class: 'form-card org-form', 'aria-labelledby': 'acc-org-h' },
    h('h2', { id: 'acc-org-h' }, t('acc_org')),
    h('p', { class: 'small muted' }, t('acc_org_intro', cvars(b.country))),
    field('org-description', t('f_description', { lang: vocab('lang', lang) }), desc),
    field('org-website', t('website'), website),
    field('org-email', t('f_contact_email'), email),
    field('org-phone', t('f_contact_phone'), phone),
    field('org-address', t('address'), address),
    h('p', null, button), status);
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    await busy(button, async () => {
      try {
        // the record as stored, changed where the form says
        const fresh = await api.get(`/api/v1/organisations/${encodeURIComponent(org.id)}`);
        const body = { ...fresh.body };
        delete body.account;
        const d = { ...(body.description || {}) };
        if (desc.value.trim()) d[lang] = desc.value.trim(); else delete d[lang];
        if (Object.keys(d).length) body.description = d; else delete body.description;
        if (website.value.trim()) body.website = website.value.trim(); else delete body.website;
        const contact = {};
        if (email.value.trim()) contact.email = email.value.trim();
        if (phone.value.trim()) contact.phone = phone.value.trim();
        if (address.value.trim()) contact.address = address.value.trim();
        if (Object.keys(contact).length) body.contact = contact; else delete body.contact;
        await api.send('PUT', `/api/v1/organisations/${encodeURIComponent(org.id)}`, body);
        ctx.overview(true);
        say(status, t('saved'));
      } catch (err) {
        say(status, failText(err), true);
      }
    });
  });
  return form;
}

function personsSection(orgId) {
  const base = `/api/v1/organisations/${encodeURIComponent(orgId)}/persons`;
  const list = h('ul', { class: 'persons acc-persons' });
  const status = notice();
  const render = async () => {
    const ps = await api.get(base);
    clear(list);
    if (!ps.items.length) list.append(h('li', { class: 'empty' }, t('no_contacts')));
    for (const p of ps.items) {
      const rm = h('button', { type: 'button', class: 'button secondary small-button',
        'aria-label': t('remove_person', { name: p.name }) }, t('remove'));
      rm.addEventListener('click', () => busy(rm, async () => {
        try {
          await api.send('DELETE', `${base}/${encodeURIComponent(p.id)}`);
          await render();
          say(status, t('removed', { name: p.name }));
        } catch (err) {
          say(status, failText(err), true);
        }
      }));
      list.append(h('li', { class: 'acc-person' },
        h('span', null, h('strong', null, p.name), p.role ? h('span', { class: 'muted' }, ' · ', p.role) : null,
          p.email ? h('span', { class: 'muted' }, ' · ', p.email) : null, ' ',
          h('span', { class: 'chip' }, p.public ? t('person_public') : t('person_private'))),
        rm));
    }
  };
  const name = input('person-name', { required: true, autocomplete: 'off' });
  const role = input('person-role', { autocomplete: 'off' });
  const email = input('person-email', { type: 'email', autocomplete: 'off' });
  const pub = h('input', { id: 'person-public', type: 'checkbox' });
  const add = h('button', { type: 'submit', class: 'button' }, t('add_person'));
  const form = h('form', { class: 'person-form', 'aria-labelledby': 'acc-person-add-h' },
    h('h3', { id: 'acc-person-add-h' }, t('add_person')),
    field('person-name', t('f_name'), name), field('person-role', t('f_role'), role),
    field('person-email', t('f_email'), email),
    h('div', { class: 'check' }, pub, h('label', { for: 'person-public' }, t('f_public'))),
    h('p', null, add));
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    await busy(add, async () => {
      const body = { name: name.value.trim() };
      if (role.value.trim()) body.role = role.value.trim();
      if (email.value.trim()) body.email = email.value.trim();
      if (pub.checked) {
        body.public = true;
        body.public_consent = new Date().toISOString().slice(0, 10);
      }
      try {
        await api.send('POST', base, body);
        form.reset();
        await render();
        say(status, t('person_added', { name: body.name }));
      } catch (err) {
        say(status, failText(err), true);
      }
    });
  });
  const el = h('section', { class: 'section form-card', 'aria-labelledby': 'acc-persons-h' },
    h('h2', { id: 'acc-persons-h' }, t('contacts')),
    h('p', { class: 'small muted' }, t('acc_persons_intro')), list, status, form);
  return { el, render };
}

// One application: its network, its state, and (for the networks one
// leads) the organisation that asks.
function appItem(a, actions, showOrg) {
  const b = a.body;
  const net = a.network_name ? trText(a.network_name) : b.network;
  return h('li', { class: 'application', 'data-id': a.id, 'data-state': a.state },
    h('div', null,
      h('strong', null, h('a', { href: href('network', b.network) }, net)), ' ',
      stateChip(a.state),
      h('p', { class: 'small muted' }, showOrg ? [
        countryChip(b.organisation.slice(0, 2).toUpperCase(), false), ' ',
        h('a', { href: href('org', b.organisation) }, a.organisation_name || b.organisation),
        ' · '] : null, vocab('role', b.role)),
      b.message ? h('p', { class: 'small' }, trText(b.message, b.lang)) : null),
    actions.length ? h('div', { class: 'actions' }, actions) : null);
}

function applicationsSection(s, ov, ctx) {
  const wrap = h('div', { class: 'acc-apps' });
  const status = notice();
  const render = async () => {
    const apps = await api.get('/api/v1/account/applications');
    const lang = uiLang();
    const nets = [...(ov.networks || [])];
    // networks it may still ask to join: not already in, nor asked
    const taken = new Set(apps.outgoing.filter((a) => ['pending', 'active'].includes(a.state))
      .map((a) => a.body.network));
    const org = await api.get(`/api/v1/organisations/${encodeURIComponent(s.organisation.id)}`);
    for (const m of (org.memberships && org.memberships.items) || []) {
      if (m.body.status === 'active') taken.add(m.body.network);
    }
    const open = nets.filter((n) => !taken.has(n.id));
    const act = (label, cls, fn, name) => {
      const b = h('button', { type: 'button', class: `button ${cls}`, 'aria-label': name }, label);
      b.addEventListener('click', () => busy(b, async () => {
        try {
          await fn();
          await render();
          say(status, t('decided'));
        } catch (err) {
          say(status, failText(err), true);
        }
      }));
      return b;
    };
    const netSel = h('select', { id: 'apply-network', required: true },
      open.map((n) => h('option', { value: n.id }, trText(n.body.name))));
    const roleSel = h('select', { id: 'apply-role' },
      ['member', 'observer'].map((r) => h('option', { value: r }, vocab('role', r))));
    const msg = h('textarea', { id: 'apply-message', class: 'input', rows: 3 });
    const applyBtn = h('button', { type: 'submit', class: 'button' }, t('apply'));
    const form = h('form', { class: 'form-card apply-form', 'aria-labelledby': 'acc-apply-h' },
      h('h2', { id: 'acc-apply-h' }, t('acc_apply')),
      open.length ? [
        field('apply-network', t('f_apply_network'), netSel),
        field('apply-role', t('f_apply_role'), roleSel),
        field('apply-message', t('f_apply_message'), msg),
        h('p', null, applyBtn)] : empty(t('no_networks_to_join')));
    form.addEventListener('submit', async (e) => {
      e.preventDefault();
      await busy(applyBtn, async () => {
        const body = { network: netSel.value, organisation: s.organisation.id, role: roleSel.value,
          status: 'pending', lang };
        if (msg.value.trim()) body.message = { [lang]: msg.value.trim() };
        try {
          await api.send('POST', '/api/v1/membership-requests', body);
          await render();
          say(status, t('applied'));
        } catch (err) {
          say(status, failText(err), true);
        }
      });
    });
    const outgoing = apps.outgoing.map((a) => appItem(a, a.state === 'pending' ? [
      act(t('withdraw'), 'secondary', () => api.send('PUT',
        `/api/v1/membership-requests/${encodeURIComponent(a.id)}`,
        Object.fromEntries(Object.entries({ ...a.body, status: 'withdrawn' }).filter(([k]) => k !== 'account'))),
      t('withdraw_from', { network: trText(a.network_name) || a.body.network }))] : [], false));
    const incoming = apps.incoming.map((a) => appItem(a, a.state === 'pending' ? [
      act(t('accept'), '', () => api.send('POST', `/api/v1/membership-requests/${encodeURIComponent(a.id)}/accept`),
        t('accept_from', { org: a.organisation_name || a.body.organisation })),
      act(t('decline'), 'secondary', () => api.send('POST', `/api/v1/membership-requests/${encodeURIComponent(a.id)}/decline`),
        t('decline_from', { org: a.organisation_name || a.body.organisation }))] : [], true));
    clear(wrap).append(form,
      h('section', { class: 'section form-card outgoing', 'aria-labelledby': 'acc-out-h' },
        h('h2', { id: 'acc-out-h' }, t('acc_outgoing')),
        outgoing.length ? h('ul', { class: 'applications' }, outgoing) : empty(t('no_outgoing'))));
    if (s.leads && s.leads.length) {
      wrap.append(h('section', { class: 'section form-card incoming', 'aria-labelledby': 'acc-in-h' },
        h('h2', { id: 'acc-in-h' }, t('acc_incoming')),
        incoming.length ? h('ul', { class: 'applications' }, incoming) : empty(t('no_incoming'))));
    }
    wrap.append(status);
  };
  return { el: wrap, render };
}

export async function account(main, params, ctx) {
  const s = await session(true);
  if (!ctx.alive()) return;
  if (!s.signed_in) {
    clear(main);
    ctx.setTitle(t('signin_title'));
    append(main, [title(t('signin_title')), h('p', { class: 'lead' }, t('signin_intro')), linkForm()]);
    return;
  }
  const [org, ov] = await Promise.all([
    api.get(`/api/v1/organisations/${encodeURIComponent(s.organisation.id)}`),
    ctx.overview(),
  ]);
  if (!ctx.alive()) return;
  const persons = personsSection(s.organisation.id);
  const apps = applicationsSection(s, ov, ctx);
  const regs = organiserSection(s.organisation.id, (m) => trText(m.body.title));
  const out = h('button', { type: 'button', class: 'button secondary signout' }, t('signout'));
  out.addEventListener('click', () => busy(out, async () => {
    try {
      await api.send('POST', '/api/v1/account/signout');
    } catch (e) {
      // the session is over either way
    }
    await session(true);
    ctx.go('#/signin');
  }));
  clear(main);
  append(main, [
    h('div', { class: 'page-head' },
      h('p', { class: 'kicker' }, countryChip(org.body.country), ' · ', t('nav_account')),
      title(org.body.name),
      h('p', { class: 'lead' }, t('signed_in_as', { email: s.email || '', org: org.body.name })),
      h('p', { class: 'small muted' }, t('session_until', { time: fmtDateTime(s.expires) }), ' ', out)),
    h('div', { class: 'two-col wide-left' },
      h('div', null, apps.el, regs.el),
      h('div', null, orgForm(org, ctx), persons.el))]);
  ctx.setTitle(org.body.name);
  await Promise.all([persons.render(), apps.render(), regs.render()]);
}
