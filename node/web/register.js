// register.js: registering for a meeting on the page (docs/web.md,
// "Meeting registration"), on any country's node: the form posts to this
// node, which relays it to the organiser's node when the meeting is
// another country's (docs/protocol.md, "Forwarded requests"). Nothing
// about the person is kept in the browser or on this node.
//
//   the meeting's view     the counts, and the form while registration is
//                          open: name, e-mail, organisation (searched
//                          among the federation's organisations)
//   #/cancel/<token>       cancel by the e-mailed link (one button: a
//                          mail scanner that opens the link cancels
//                          nothing)
//
// Every field has a label; the outcome is announced in a status line
// (role=status) or an alert, and focus moves to it.

import { h, clear, append } from './dom.js';
import * as api from './api.js';
import { t, fmtNumber } from './i18n.js';

function notice() {
  return h('p', { class: 'notice', tabindex: '-1', hidden: true });
}

function say(el, text, bad = false) {
  clear(el).append(text);
  el.setAttribute('role', bad ? 'alert' : 'status');
  el.className = bad ? 'notice bad' : 'notice good';
  el.hidden = false;
  el.focus();
}

function failText(e) {
  const known = {
    seats_taken: 'reg_seats_taken', already_registered: 'reg_already',
    registration_closed: 'reg_closed', registration_not_open: 'reg_not_open',
    home_unreachable: 'reg_home_down', link_invalid: 'reg_cancel_used',
  };
  if (known[e.code]) return t(known[e.code]);
  if (e.code === 'bad_value' && e.field === 'email') return t('reg_bad_email');
  return t('action_failed', { msg: e.message });
}

function field(id, label, control) {
  return h('div', { class: 'field' }, h('label', { for: id }, label), control);
}

// Open now: scheduled, not started, opened, deadline not passed.
export function isOpen(b, now = Date.now()) {
  const r = b.registration || {};
  if (b.status !== 'scheduled' || new Date(b.start).getTime() <= now) return false;
  if (r.opens && new Date(r.opens).getTime() > now) return false;
  if (r.deadline && new Date(r.deadline).getTime() < now) return false;
  return true;
}

// The counts the organiser's node publishes in the record.
function countsLine(b) {
  if (b.registered === undefined) return null;
  const parts = [t('reg_count', { n: fmtNumber(b.registered) })];
  if (b.capacity) parts.push(t('reg_capacity', { n: fmtNumber(b.capacity) }));
  if (b.waiting) parts.push(t('reg_waiting', { n: fmtNumber(b.waiting) }));
  return h('p', { class: 'reg-counts' }, parts.join(' · '));
}

// The organisation picker: a search box and the matching organisations
// of every country in a select (keyboard and screen readers use both as
// they are).
function orgPicker(lang) {
  const q = h('input', { id: 'reg-org-q', type: 'search', class: 'input', autocomplete: 'off' });
  const sel = h('select', { id: 'reg-org', name: 'organisation', class: 'input', required: true },
    h('option', { value: '' }, t('reg_org_pick')));
  const found = h('p', { class: 'hint small muted', role: 'status', id: 'reg-org-found' });
  let timer = null;
  let asked = 0;
  q.addEventListener('input', () => {
    clearTimeout(timer);
    timer = setTimeout(async () => {
      const text = q.value.trim();
      const mine = ++asked;
      if (text.length < 2) return;
      let res;
      try {
        res = await api.get('/api/v1/search', { q: text, type: 'organisation', limit: 20, lang });
      } catch (e) {
        return;
      }
      if (mine !== asked) return;
      const items = (res.items || []).filter((it) => it.type === 'organisation');
      clear(sel).append(h('option', { value: '' }, t('reg_org_pick')));
      for (const it of items) {
        sel.append(h('option', { value: it.id }, `${(it.body || {}).name || it.id} (${it.origin})`));
      }
      if (items.length === 1) sel.value = items[0].id;
      found.textContent = t('reg_org_found', { n: items.length });
    }, 250);
  });
  return [field('reg-org-q', t('reg_org_search'), q), found, field('reg-org', t('reg_org'), sel)];
}

// The box on a meeting's view: counts, and the form while open.
export function registerBox(m, ctx) {
  const b = m.body || {};
  const box = h('section', { class: 'section box register', 'aria-labelledby': 'reg-h' },
    h('h2', { id: 'reg-h' }, t('register')), countsLine(b));
  if (!isOpen(b)) {
    append(box, [h('p', { class: 'muted' }, t('reg_closed'))]);
    return box;
  }
  const status = notice();
  const name = h('input', { id: 'reg-name', name: 'name', class: 'input', autocomplete: 'name', required: true, maxlength: 200 });
  const email = h('input', { id: 'reg-email', name: 'email', type: 'email', class: 'input', autocomplete: 'email', required: true });
  const button = h('button', { type: 'submit', class: 'button' }, t('register'));
  const form = h('form', { class: 'form-card', 'aria-labelledby': 'reg-h' },
    h('p', { class: 'small muted' }, t('reg_intro', { cc: m.origin })),
    field('reg-name', t('reg_name'), name), field('reg-email', t('reg_email'), email),
    orgPicker(ctx.lang), h('p', null, button), status);
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const org = form.querySelector('#reg-org').value;
    if (!org) {
      say(status, t('reg_org_pick'), true);
      return;
    }
    button.disabled = true;
    button.setAttribute('aria-busy', 'true');
    try {
      const r = await api.send('POST', `/api/v1/meetings/${encodeURIComponent(m.id)}/registrations`,
        { name: name.value.trim(), email: email.value.trim(), organisation: org });
      form.reset();
      say(status, t(r.status === 'waiting' ? 'reg_done_waiting' : 'reg_done'));
    } catch (err) {
      say(status, failText(err), true);
    } finally {
      button.disabled = false;
      button.removeAttribute('aria-busy');
    }
  });
  append(box, [form]);
  return box;
}

export async function cancel(main, params, ctx) {
  clear(main);
  ctx.setTitle(t('reg_cancel_title'));
  const status = notice();
  const button = h('button', { type: 'button', class: 'button' }, t('reg_cancel_button'));
  button.addEventListener('click', async () => {
    button.disabled = true;
    try {
      const r = await api.send('POST', '/api/v1/registrations/cancel', { token: params.token });
      say(status, t('reg_cancelled'));
      append(status, [' ', h('a', { href: `#/meeting/${encodeURIComponent(r.meeting)}` }, t('reg_to_meeting'))]);
      button.hidden = true;
    } catch (err) {
      say(status, failText(err), true);
      button.disabled = false;
    }
  });
  append(main, [h('h1', { tabindex: '-1' }, t('reg_cancel_title')),
    h('p', { class: 'lead' }, t('reg_cancel_intro')), h('p', null, button), status]);
}

// ---- the organiser's (account.js puts it on the account page) ------------------

let formSeq = 0;

function registrationsTable(data) {
  const rows = (data.items || []).map((it) => h('tr', null,
    h('td', null, it.name), h('td', null, it.email),
    h('td', null, it.organisation_name || it.organisation, it.country ? ` (${it.country})` : ''),
    h('td', null, t(it.status === 'waiting' ? 'reg_st_waiting' : 'reg_st_registered'))));
  if (!rows.length) return h('p', { class: 'muted' }, t('reg_none_yet'));
  return h('table', { class: 'table registrations' },
    h('caption', { class: 'small muted' }, t('reg_count', { n: fmtNumber(data.registered) }),
      data.waiting ? [' · ', t('reg_waiting', { n: fmtNumber(data.waiting) })] : null),
    h('thead', null, h('tr', null, h('th', { scope: 'col' }, t('f_name')), h('th', { scope: 'col' }, t('f_email')),
      h('th', { scope: 'col' }, t('reg_th_org')), h('th', { scope: 'col' }, t('reg_th_status')))),
    h('tbody', null, rows));
}

// One meeting of the organisation: its registrations, the CSV, the join
// link, and an e-mail to the registered people.
function meetingRegs(m, title) {
  const k = ++formSeq;
  const base = `/api/v1/meetings/${encodeURIComponent(m.id)}`;
  const status = notice();
  const list = h('div', { class: 'reg-list' });
  const show = h('button', { type: 'button', class: 'button secondary reg-show' }, t('reg_show'));
  show.addEventListener('click', async () => {
    show.disabled = true;
    try {
      clear(list).append(registrationsTable(await api.get(`${base}/registrations`)));
    } catch (err) {
      say(status, failText(err), true);
    } finally {
      show.disabled = false;
    }
  });
  const link = h('input', { id: `join-${k}`, type: 'url', class: 'input', placeholder: 'https://' });
  const linkForm = h('form', { class: 'inline-form' }, field(`join-${k}`, t('reg_join_link'), link),
    h('button', { type: 'submit', class: 'button secondary' }, t('reg_join_save')));
  linkForm.addEventListener('submit', async (e) => {
    e.preventDefault();
    try {
      await api.send('PUT', `${base}/join-link`, { url: link.value.trim() });
      say(status, t('reg_join_saved'));
    } catch (err) {
      say(status, failText(err), true);
    }
  });
  const subject = h('input', { id: `mail-s-${k}`, class: 'input', maxlength: 200, required: true });
  const text = h('textarea', { id: `mail-t-${k}`, class: 'input', rows: 4, maxlength: 8000, required: true });
  const withLink = h('input', { id: `mail-j-${k}`, type: 'checkbox' });
  const mailForm = h('form', { class: 'form-card reg-mail' },
    h('h4', null, t('reg_mail_title')),
    field(`mail-s-${k}`, t('reg_mail_subject'), subject), field(`mail-t-${k}`, t('reg_mail_text'), text),
    h('div', { class: 'field check' }, withLink, h('label', { for: `mail-j-${k}` }, t('reg_mail_join'))),
    h('p', null, h('button', { type: 'submit', class: 'button' }, t('reg_mail_send'))));
  mailForm.addEventListener('submit', async (e) => {
    e.preventDefault();
    try {
      const r = await api.send('POST', `${base}/registrations/mail`,
        { subject: subject.value.trim(), text: text.value, join_link: withLink.checked });
      mailForm.reset();
      say(status, t('reg_mail_sent', { n: fmtNumber(r.queued) }));
    } catch (err) {
      say(status, failText(err), true);
    }
  });
  return h('article', { class: 'box organiser-meeting', 'data-id': m.id },
    h('h3', null, h('a', { href: `#/meeting/${encodeURIComponent(m.id)}` }, title)),
    countsLine(m.body || {}),
    h('p', null, show, ' ', h('a', { href: `${base}/registrations?format=csv`, download: 'registrations.csv', class: 'reg-csv' }, t('reg_csv'))),
    list, linkForm, mailForm, status);
}

// The organisation's upcoming meetings that take registrations on this
// node: { el, render }.
export function organiserSection(orgId, titleOf) {
  const list = h('div');
  const el = h('section', { class: 'section organiser', 'aria-labelledby': 'org-reg-h' },
    h('h2', { id: 'org-reg-h' }, t('reg_org_meetings')), list);
  async function render() {
    const res = await api.get('/api/v1/meetings', { upcoming: 'true', limit: 100 });
    const mine = (res.items || []).filter((m) => m.body && m.body.organiser === orgId && m.body.registered !== undefined);
    clear(list);
    if (!mine.length) {
      append(list, [h('p', { class: 'muted' }, t('reg_org_none'))]);
      return;
    }
    append(list, mine.map((m) => meetingRegs(m, titleOf(m))));
  }
  return { el, render };
}
