/*
 * accounts: see accounts.h. This file: who sends a request (tokens,
 * session cookies, the CSRF token), what an account may write, one-time
 * sign-in links, and the routes an account uses on the page:
 *
 *   POST /api/v1/account/link          {"email"}: a sign-in link by
 *                                      e-mail to every account with that
 *                                      address (202 whatever it is)
 *   POST /api/v1/account/signin        {"link"}: the link's secret for a
 *                                      session cookie and its CSRF token
 *   GET  /api/v1/account               the session, or {"signed_in":false}
 *   POST /api/v1/account/signout       ends the session
 *   GET  /api/v1/account/applications  the organisation's membership
 *                                      requests, and those for the
 *                                      networks it leads, with their state
 *
 * Secrets (a link's, a session's) are 32 random bytes as 43 base64url
 * characters; the store keeps their BLAKE2b-256 only. A session's CSRF
 * token is derived from its secret (keyed BLAKE2b), so nothing more is
 * stored for it, and it cannot be had without the cookie. The cookie is
 * SameSite=Strict: the page and the API are one origin, and a visitor
 * arriving by a link from elsewhere gets the cookie on every request the
 * page itself makes, so Strict costs nothing and no other site's page
 * can make the browser send it. Writes by session need the CSRF header
 * as well, so a request another site forges carries neither.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include <sodium.h>

#include "accounts.h"
#include "log.h"
#include "mail.h"
#include "node.h"
#include "problem.h"

static const char *const acc_no_params[] = { NULL };

#define SECRET_BYTES    32
#define SECRET_LEN      43          /* base64url, no padding */
#define LINK_EVERY_MS   (60 * 1000) /* a new link by e-mail at most so often */
#define LIST_PAGES      25          /* pages of STORE_LIMIT_MAX walked */
#define CSRF_HEADER     "X-CSRF-Token"

static int64_t
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* ---- secrets ---------------------------------------------------------------- */

static void
secret_new(char out[SECRET_LEN + 1])
{
	unsigned char b[SECRET_BYTES];

	randombytes_buf(b, sizeof(b));
	sodium_bin2base64(out, SECRET_LEN + 1, b, sizeof(b),
	    sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	sodium_memzero(b, sizeof(b));
}

/* 1 when s is exactly a secret's form. */
static int
secret_form(const char *s, size_t len)
{
	size_t i;

	if (len != SECRET_LEN)
		return 0;
	for (i = 0; i < len; i++)
		if (strchr("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
		    "0123456789-_", s[i]) == NULL || s[i] == '\0')
			return 0;
	return 1;
}

static void
secret_hash(const char *s, unsigned char h[STORE_ACCOUNT_HASH_LEN])
{
	crypto_generichash(h, STORE_ACCOUNT_HASH_LEN, (const unsigned char *)s,
	    SECRET_LEN, NULL, 0);
}

/* The CSRF token of the session whose secret is s. */
static void
csrf_of(const char *s, char out[SECRET_LEN + 1])
{
	static const char what[] = "nordfed-csrf-v1";
	unsigned char h[32];

	crypto_generichash(h, sizeof(h), (const unsigned char *)what,
	    sizeof(what) - 1, (const unsigned char *)s, SECRET_LEN);
	sodium_bin2base64(out, SECRET_LEN + 1, h, sizeof(h),
	    sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	sodium_memzero(h, sizeof(h));
}

/* ---- cookies -------------------------------------------------------------------- */

static int
secure_cookie(const struct node *n)
{
	return n->conf.public_url != NULL &&
	    strncmp(n->conf.public_url, "https://", 8) == 0;
}

/* __Host- asks the browser to keep it Secure, host-only, Path=/ */
static const char *
cookie_name(const struct node *n)
{
	return secure_cookie(n) ? "__Host-nordfed_session" : "nordfed_session";
}

/* The session secret from the Cookie header into out: 1 found (of the
 * right form), 0 none. */
static int
cookie_secret(struct http_req *r, struct node *n, char out[SECRET_LEN + 1])
{
	const char *h = http_header(r, "Cookie"), *p, *name = cookie_name(n);
	size_t nl = strlen(name);

	out[0] = '\0';
	for (p = h; p != NULL && *p != '\0';) {
		size_t len;

		while (*p == ' ' || *p == '\t' || *p == ';')
			p++;
		len = strcspn(p, ";");
		if (len > nl && strncmp(p, name, nl) == 0 && p[nl] == '=') {
			const char *v = p + nl + 1;
			size_t vl = len - nl - 1;

			while (vl > 0 && (v[vl - 1] == ' ' || v[vl - 1] == '\t'))
				vl--;
			if (!secret_form(v, vl))
				return 0;
			memcpy(out, v, SECRET_LEN);
			out[SECRET_LEN] = '\0';
			return 1;
		}
		p += len;
	}
	return 0;
}

static void
set_cookie(struct http_req *r, struct node *n, const char *secret,
    int max_age_s)
{
	char v[256];

	snprintf(v, sizeof(v), "%s=%s; Path=/; Max-Age=%d; HttpOnly; "
	    "SameSite=Strict%s", cookie_name(n), secret ? secret : "",
	    max_age_s, secure_cookie(n) ? "; Secure" : "");
	http_add_header(r, "Set-Cookie", v);
	sodium_memzero(v, sizeof(v));
}

/* ---- who ------------------------------------------------------------------------- */

/* The bearer token into out: 1 present and of a token's form, 0 absent,
 * -1 malformed. */
static int
bearer(struct http_req *r, char *out, size_t len)
{
	const char *h = http_header(r, "Authorization");
	size_t n;

	out[0] = '\0';
	if (h == NULL)
		return 0;
	while (*h == ' ')
		h++;
	if (strncasecmp(h, "Bearer ", 7) != 0)
		return -1;
	h += 7;
	while (*h == ' ')
		h++;
	n = strlen(h);
	while (n > 0 && (h[n - 1] == ' ' || h[n - 1] == '\t'))
		n--;
	if (n == 0 || n >= len || n > HTTP_TOKEN_MAX)
		return -1;
	memcpy(out, h, n);
	out[n] = '\0';
	return 1;
}

static int
bad_token(struct http_req *r)
{
	http_add_header(r, "WWW-Authenticate",
	    "Bearer realm=\"nordfed\", error=\"invalid_token\"");
	return problem_send(r, "unauthorized", "Authorization",
	    "the bearer token is not valid");
}

void
accounts_token_account(const char *country, const char *name,
    char out[STORE_ACCOUNT_ID_MAX])
{
	static const char b32[] = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
	static const char what[] = "nordfed-token-account-v1\n";
	crypto_generichash_state st;
	unsigned char h[32];
	size_t i;

	crypto_generichash_init(&st, NULL, 0, sizeof(h));
	crypto_generichash_update(&st, (const unsigned char *)what,
	    sizeof(what) - 1);
	crypto_generichash_update(&st, (const unsigned char *)name,
	    strlen(name));
	crypto_generichash_final(&st, h, sizeof(h));
	out[0] = (char)(country[0] | 0x20);
	out[1] = (char)(country[1] | 0x20);
	memcpy(out + 2, ":acct:", 6);
	for (i = 0; i < 26; i++)
		out[8 + i] = b32[h[i] & 31];
	out[RECORD_ACCOUNT_ID_LEN] = '\0';
}

/* 1 when org is a live organisation of this node. */
static int
local_org_live(struct node *n, const char *org)
{
	struct store_record_meta m;

	return org != NULL && store_record_meta(n->store, org, &m, NULL) == 0 &&
	    m.type == REC_ORGANISATION && !m.deleted &&
	    strcmp(m.origin, n->conf.country) == 0;
}

/* The session of r's cookie: 1 live (a filled), 0 none or ended, -1
 * the store failed. secret gets the cookie's secret when present. */
static int
session_of(struct http_req *r, struct node *n, struct actor *a,
    char secret[SECRET_LEN + 1], int64_t *expires)
{
	unsigned char h[STORE_ACCOUNT_HASH_LEN];
	struct nferr err;

	if (!cookie_secret(r, n, secret))
		return 0;
	secret_hash(secret, h);
	nferr_clear(&err);
	if (store_account_session_get(n->store, h, now_ms(), a->account,
	    a->org, expires, &err) != 0)
		return err.code != NULL && strcmp(err.code, "not_found") == 0 ?
		    0 : -1;
	if (!local_org_live(n, a->org))
		return 0;
	a->kind = ACTOR_ORG;
	a->session = 1;
	return 1;
}

static int
unsafe_method(const struct http_req *r)
{
	unsigned m = http_req_method(r);

	return m != HTTP_GET && m != HTTP_HEAD && m != HTTP_OPTIONS;
}

int
accounts_authn(void *arg, struct http_req *r, char *name, size_t len)
{
	struct node *n = arg;
	char tok[HTTP_TOKEN_MAX + 1], secret[SECRET_LEN + 1],
	    want[SECRET_LEN + 1];
	const struct conf_token *t;
	const char *got;
	struct actor a;
	int b, s;

	memset(&a, 0, sizeof(a));
	if ((b = bearer(r, tok, sizeof(tok))) != 0) {
		t = b > 0 ? conf_token_lookup(&n->conf, tok) : NULL;
		sodium_memzero(tok, sizeof(tok));
		if (t == NULL)
			return bad_token(r);
		snprintf(name, len, "%s", t->name);
		return 0;
	}
	if ((s = session_of(r, n, &a, secret, NULL)) < 0)
		return problem_send(r, "storage_unavailable", NULL,
		    "the node's database failed; try again");
	if (s == 0) {
		sodium_memzero(secret, sizeof(secret));
		http_add_header(r, "WWW-Authenticate",
		    "Bearer realm=\"nordfed\"");
		return problem_send(r, "unauthorized", NULL,
		    "this needs a bearer token, or a session: sign in on the "
		    "page again (a session ends at sign-out, when it expires "
		    "and when the account is revoked)");
	}
	if (unsafe_method(r)) {
		csrf_of(secret, want);
		got = http_header(r, CSRF_HEADER);
		if (got == NULL || strlen(got) != SECRET_LEN ||
		    sodium_memcmp(got, want, SECRET_LEN) != 0) {
			sodium_memzero(secret, sizeof(secret));
			return problem_send(r, "csrf", CSRF_HEADER,
			    "a write by session needs the session's CSRF token "
			    "in the " CSRF_HEADER " header (GET /api/v1/account "
			    "gives it)");
		}
	}
	sodium_memzero(secret, sizeof(secret));
	snprintf(name, len, "%s", a.account);
	return 0;
}

int
accounts_actor(struct http_req *r, struct node *n, struct actor *a)
{
	const char *p = http_principal(r);
	const struct conf_token *t;
	struct nferr err;

	memset(a, 0, sizeof(*a));
	if (p == NULL)
		return problem_send(r, "unauthorized", NULL,
		    "this needs a bearer token or a session");
	if (record_account_id_parse(p, NULL) == 0) {
		nferr_clear(&err);
		if (store_account_org(n->store, p, a->org, &err) != 0)
			return problem_send(r, "unauthorized", NULL,
			    "the account was revoked: sign in again");
		a->kind = ACTOR_ORG;
		a->session = 1;
		snprintf(a->account, sizeof(a->account), "%s", p);
		return 0;
	}
	if ((t = conf_token_named(&n->conf, p)) == NULL)
		return problem_send(r, "unauthorized", NULL,
		    "unknown principal");
	if (t->org[0] == '\0') {
		a->kind = ACTOR_OPERATOR;
		return 0;
	}
	a->kind = ACTOR_ORG;
	snprintf(a->org, sizeof(a->org), "%s", t->org);
	accounts_token_account(n->conf.country, t->name, a->account);
	if (!local_org_live(n, a->org))
		return problem_send(r, "not_your_organisation", NULL,
		    "the token %s is scoped to %s, which is not a live "
		    "organisation of this node", t->name, t->org);
	return 0;
}

int
accounts_reader(struct http_req *r, struct node *n, struct actor *a)
{
	char tok[HTTP_TOKEN_MAX + 1], secret[SECRET_LEN + 1];
	const struct conf_token *t;
	int b;

	memset(a, 0, sizeof(*a));
	if ((b = bearer(r, tok, sizeof(tok))) != 0) {
		t = b > 0 ? conf_token_lookup(&n->conf, tok) : NULL;
		sodium_memzero(tok, sizeof(tok));
		if (t == NULL)
			return bad_token(r);
		if (t->org[0] == '\0') {
			a->kind = ACTOR_OPERATOR;
			return 0;
		}
		a->kind = ACTOR_ORG;
		snprintf(a->org, sizeof(a->org), "%s", t->org);
		accounts_token_account(n->conf.country, t->name, a->account);
		return 0;
	}
	if (session_of(r, n, a, secret, NULL) != 1)
		memset(a, 0, sizeof(*a));
	sodium_memzero(secret, sizeof(secret));
	return 0;
}

/* ---- what an account may write ------------------------------------------------ */

static int
forbid_other(struct http_req *r, const char *field, const char *what,
    const struct actor *a)
{
	return problem_send(r, "not_your_organisation", field,
	    "%s: an account acts for its own organisation only (%s)", what,
	    a->org);
}

static int
operator_only(struct http_req *r, const char *what)
{
	return problem_send(r, "operator_only", NULL,
	    "%s: only the node's operator does that; an account writes its "
	    "organisation's record, contact persons and membership requests, "
	    "and for a network its organisation leads, decisions, meetings "
	    "and resources", what);
}

/* 1 when net_id is a live network of this node led by org. */
static int
leads(struct node *n, const char *org, const char *net_id)
{
	json_t *rec = NULL;
	const char *lead;
	int yes;

	if (net_id == NULL || store_record_get(n->store, net_id, &rec,
	    NULL) != 0)
		return 0;
	lead = json_string_value(json_object_get(json_object_get(rec, "body"),
	    "lead_organisation"));
	yes = !json_is_true(json_object_get(rec, "deleted")) &&
	    strcmp(json_string_value(json_object_get(rec, "origin")),
	    n->conf.country) == 0 && lead != NULL && strcmp(lead, org) == 0;
	json_decref(rec);
	return yes;
}

/* The owner field of the record id as stored now: a new reference to its
 * value, or NULL when the record is not held (or deleted). */
static json_t *
stored_field(struct node *n, const char *id, const char *field)
{
	json_t *rec = NULL, *v;

	if (id == NULL || store_record_get(n->store, id, &rec, NULL) != 0)
		return NULL;
	v = json_is_true(json_object_get(rec, "deleted")) ? NULL :
	    json_incref(json_object_get(json_object_get(rec, "body"), field));
	json_decref(rec);
	return v;
}

/* The field that names the organisation a record of type t belongs to,
 * and whether the organisation must also lead the record's network. */
static const char *
owner_field(enum record_type t, int *needs_lead)
{
	*needs_lead = 0;
	switch (t) {
	case REC_MEMBERSHIP_REQUEST:
		return "organisation";
	case REC_MEETING:
		*needs_lead = 1;
		return "organiser";
	case REC_RESOURCE:
		*needs_lead = 1;
		return "publisher";
	default:
		return NULL;
	}
}

int
accounts_may_write(struct http_req *r, struct node *n, enum entry_op op,
    enum record_type t, const char *id, json_t *body)
{
	struct actor a;
	const char *field, *v;
	json_t *old;
	int needs_lead, same;

	if (accounts_actor(r, n, &a) != 0)
		return -1;
	if (a.kind == ACTOR_OPERATOR) {
		if (json_is_object(body))
			json_object_del(body, "account");
		return 0;
	}
	if (op != OP_PUT)
		return operator_only(r, "deleting a record");
	if (t == REC_ORGANISATION) {
		if (id == NULL)
			return operator_only(r, "adding an organisation");
		if (strcmp(id, a.org) != 0)
			return forbid_other(r, "id", id, &a);
	} else if ((field = owner_field(t, &needs_lead)) != NULL) {
		if (!json_is_object(body))
			return 0;       /* the writer refuses it */
		v = json_string_value(json_object_get(body, field));
		if (v == NULL || strcmp(v, a.org) != 0)
			return forbid_other(r, field, v ? v : field, &a);
		if ((old = stored_field(n, id, field)) != NULL) {
			same = json_is_string(old) &&
			    strcmp(json_string_value(old), a.org) == 0;
			json_decref(old);
			if (!same)
				return forbid_other(r, "id", id, &a);
		}
		if (needs_lead && !leads(n, a.org, json_string_value(
		    json_object_get(body, "network"))))
			return problem_send(r, "not_your_organisation",
			    "network", "an account publishes meetings and "
			    "resources for a network its organisation (%s) "
			    "leads: name it in network", a.org);
	} else {
		return operator_only(r, record_type_name(t));
	}
	if (json_is_object(body))
		json_object_set_new(body, "account", json_string(a.account));
	return 0;
}

int
accounts_may_decide(struct http_req *r, struct node *n, const char *net_id,
    json_t *answer)
{
	struct actor a;

	if (accounts_actor(r, n, &a) != 0)
		return -1;
	if (a.kind == ACTOR_OPERATOR)
		return 0;
	if (!leads(n, a.org, net_id))
		return problem_send(r, "not_your_organisation", "network",
		    "the request is for network %s, which %s does not lead",
		    net_id, a.org);
	json_object_set_new(answer, "account", json_string(a.account));
	return 0;
}

int
accounts_may_act_for(struct http_req *r, struct node *n, const char *org_id)
{
	return accounts_may_persons(r, n, org_id);
}

int
accounts_may_persons(struct http_req *r, struct node *n, const char *org_id)
{
	struct actor a;

	if (accounts_actor(r, n, &a) != 0)
		return -1;
	if (a.kind == ACTOR_OPERATOR || strcmp(a.org, org_id) == 0)
		return 0;
	return forbid_other(r, "id", org_id, &a);
}

/* ---- links ------------------------------------------------------------------------ */

void
accounts_base_url(struct node *n, char *out, size_t len)
{
	const char *l = n->conf.listen;

	if (n->conf.public_url != NULL)
		snprintf(out, len, "%s", n->conf.public_url);
	else if (strchr(l, ':') != NULL)
		snprintf(out, len, "http://[%s]:%d", l, http_server_port(n->http));
	else
		snprintf(out, len, "http://%s:%d", l, http_server_port(n->http));
}

int
accounts_link_new(struct node *n, const char *account_id, int invite,
    char *url, size_t url_len, int64_t *expires_ms, struct nferr *err)
{
	unsigned char h[STORE_ACCOUNT_HASH_LEN];
	char secret[SECRET_LEN + 1], base[300];
	int64_t now = now_ms();

	*expires_ms = now + 1000LL * (invite ? n->conf.invite_ttl_s :
	    n->conf.link_ttl_s);
	secret_new(secret);
	secret_hash(secret, h);
	if (store_account_link_add(n->store, account_id, h, invite, now,
	    *expires_ms, err) != 0) {
		sodium_memzero(secret, sizeof(secret));
		return -1;
	}
	accounts_base_url(n, base, sizeof(base));
	/* in the fragment: it never reaches a server's access log */
	snprintf(url, url_len, "%s/#/signin/%s", base, secret);
	sodium_memzero(secret, sizeof(secret));
	return 0;
}

void
accounts_org_name(struct node *n, const char *org, char *out, size_t len)
{
	json_t *v = stored_field(n, org, "name");
	size_t i;

	snprintf(out, len, "%s", json_is_string(v) ? json_string_value(v) :
	    org);
	json_decref(v);
	for (i = 0; out[i] != '\0'; i++)
		if ((unsigned char)out[i] < 0x20 || out[i] == 0x7f)
			out[i] = ' ';
}

void
accounts_link_mail(struct node *n, const char *org_name, const char *url,
    int64_t expires_ms, int invite, char *subject, size_t subject_len,
    char *text, size_t text_len)
{
	char until[ENTRY_TS_LEN + 1], base[300];

	entry_ts_format(expires_ms, until);
	accounts_base_url(n, base, sizeof(base));
	snprintf(subject, subject_len, "%s: sign in for %.120s on the Nordic "
	    "networks node (%s)", invite ? "Invitation" : "Sign-in link",
	    org_name, n->conf.country);
	snprintf(text, text_len,
	    "%s\n\n"
	    "Sign in with this link. It works once, until %.16s UTC:\n\n"
	    "%s\n\n"
	    "Signed in, you act for %s on %s's node (%s): you can edit the\n"
	    "organisation and its contact persons, and apply to join networks.\n\n"
	    "If you did not expect this message, ignore it: nothing happens\n"
	    "unless the link is used.\n",
	    invite ? "The operator of the Nordic networks node has invited you "
	    "to act for your\norganisation there." :
	    "Someone asked for a sign-in link for this address.",
	    until, url, org_name, n->conf.country, base);
}

/* ---- the routes --------------------------------------------------------------------- */

static json_t *
body_object(struct http_req *r, const char *only)
{
	json_t *b = http_body_json(r), *v;
	const char *k;

	if (b == NULL)
		return NULL;
	if (!json_is_object(b)) {
		json_decref(b);
		problem_send(r, "bad_type", "", "the body is a JSON object: "
		    "{\"%s\": ...}", only);
		return NULL;
	}
	json_object_foreach(b, k, v)
		if (strcmp(k, only) != 0) {
			problem_send(r, "unknown_field", k,
			    "unknown field \"%.64s\" (%s)", k, only);
			json_decref(b);
			return NULL;
		}
	return b;
}

struct link_mail {
	char account[STORE_ACCOUNT_ID_MAX];
};

static void
on_link_sent(int status, const char *why, void *arg)
{
	struct link_mail *lm = arg;

	if (status == 0)
		log_info("accounts: sign-in link for account %s sent",
		    lm->account);
	else
		log_warn("accounts: sign-in link for account %s not sent: %s",
		    lm->account, why);
	free(lm);
}

/* A sign-in link for one account (by e-mail, or to the log). */
static void
link_for(struct node *n, const json_t *acc)
{
	const char *id = json_string_value(json_object_get(acc, "id"));
	const char *org = json_string_value(json_object_get(acc,
	    "organisation"));
	const char *email = json_string_value(json_object_get(acc, "email"));
	char url[512], subject[MAIL_SUBJECT_MAX + 1], text[2048],
	    name[RECORD_ID_MAX + 300], until[ENTRY_TS_LEN + 1];
	struct link_mail *lm;
	struct nferr err;
	int64_t last = 0, exp;

	if (id == NULL || org == NULL || email == NULL ||
	    !local_org_live(n, org))
		return;
	nferr_clear(&err);
	if (store_account_link_last(n->store, id, &last, &err) != 0 ||
	    (last != 0 && now_ms() - last < LINK_EVERY_MS)) {
		log_debug("accounts: no new link for account %s yet", id);
		return;
	}
	if (accounts_link_new(n, id, 0, url, sizeof(url), &exp, &err) != 0) {
		log_error("accounts: a link for account %s: %s", id, err.msg);
		return;
	}
	if (!mail_enabled(n->mail)) {
		entry_ts_format(exp, until);
		log_info("accounts: no [mail] relay: sign-in link for account %s "
		    "(organisation %s), valid until %s: %s", id, org, until, url);
		goto out;
	}
	accounts_org_name(n, org, name, sizeof(name));
	accounts_link_mail(n, name, url, exp, 0, subject, sizeof(subject),
	    text, sizeof(text));
	if ((lm = calloc(1, sizeof(*lm))) == NULL)
		goto out;
	snprintf(lm->account, sizeof(lm->account), "%s", id);
	if (mail_send(n->mail, email, subject, text, on_link_sent, lm,
	    &err) != 0) {
		log_warn("accounts: sign-in link for account %s not sent: %s",
		    id, err.msg);
		free(lm);
	}
out:
	sodium_memzero(url, sizeof(url));
	sodium_memzero(text, sizeof(text));
}

static void
h_link(struct http_req *r, void *arg)
{
	struct node *n = arg;
	json_t *b, *found = NULL, *acc;
	const char *email;
	struct nferr err;
	size_t i;

	if ((b = body_object(r, "email")) == NULL)
		return;
	email = json_string_value(json_object_get(b, "email"));
	if (email == NULL || !conf_email_valid(email)) {
		json_decref(b);
		problem_send(r, "bad_value", "email",
		    "email is the address the node has for your account");
		return;
	}
	nferr_clear(&err);
	if (store_accounts_find_email(n->store, email, &found, &err) != 0) {
		json_decref(b);
		problem_reply(r, &err);
		return;
	}
	json_array_foreach(found, i, acc)
		link_for(n, acc);
	json_decref(found);
	json_decref(b);
	/* the same answer whether or not the address has an account */
	http_reply_json(r, 202, json_pack("{s:s}", "status",
	    "if this address has an account here, a sign-in link is on its "
	    "way to it"));
}

/* The reply about a live session. */
static json_t *
session_json(struct node *n, const struct actor *a, const char *secret,
    int64_t expires)
{
	char csrf[SECRET_LEN + 1], until[ENTRY_TS_LEN + 1],
	    name[RECORD_ID_MAX + 300], cursor[STORE_CURSOR_MAX + 1] = "";
	json_t *acc = NULL, *out, *led = json_array(), *page = NULL, *it;
	struct store_filter f;
	size_t i;
	int pages;

	csrf_of(secret, csrf);
	entry_ts_format(expires, until);
	accounts_org_name(n, a->org, name, sizeof(name));
	store_account_get(n->store, a->account, &acc, NULL);
	for (pages = 0; led != NULL && pages < LIST_PAGES; pages++) {
		memset(&f, 0, sizeof(f));
		f.type = REC_NETWORK;
		f.limit = STORE_LIMIT_MAX;
		f.cursor = cursor[0] ? cursor : NULL;
		if (store_list(n->store, &f, &page, NULL) != 0)
			break;
		json_array_foreach(json_object_get(page, "items"), i, it)
			if (strcmp(json_string_value(json_object_get(it,
			    "origin")), n->conf.country) == 0 &&
			    json_string_value(json_object_get(json_object_get(
			    it, "body"), "lead_organisation")) != NULL &&
			    strcmp(json_string_value(json_object_get(
			    json_object_get(it, "body"), "lead_organisation")),
			    a->org) == 0)
				json_array_append(led, json_object_get(it, "id"));
		if (!json_is_string(json_object_get(page, "next"))) {
			json_decref(page);
			break;
		}
		snprintf(cursor, sizeof(cursor), "%s",
		    json_string_value(json_object_get(page, "next")));
		json_decref(page);
	}
	out = json_pack("{s:b, s:s, s:{s:s, s:s}, s:O?, s:s, s:s, s:o}",
	    "signed_in", 1, "account", a->account, "organisation", "id", a->org,
	    "name", name, "email", json_object_get(acc, "email"), "csrf", csrf,
	    "expires", until, "leads", led ? led : json_array());
	json_decref(acc);
	sodium_memzero(csrf, sizeof(csrf));
	return out;
}

static void
h_signin(struct http_req *r, void *arg)
{
	struct node *n = arg;
	unsigned char h[STORE_ACCOUNT_HASH_LEN];
	char secret[SECRET_LEN + 1];
	const char *link;
	struct actor a;
	struct nferr err;
	int64_t now = now_ms(), exp;
	json_t *b;

	if ((b = body_object(r, "link")) == NULL)
		return;
	link = json_string_value(json_object_get(b, "link"));
	if (link == NULL || !secret_form(link, strlen(link))) {
		json_decref(b);
		problem_send(r, "bad_value", "link",
		    "link is the part of the sign-in link after #/signin/");
		return;
	}
	memset(&a, 0, sizeof(a));
	secret_hash(link, h);
	json_decref(b);
	nferr_clear(&err);
	if (store_account_link_take(n->store, h, now, a.account, &err) != 0) {
		if (err.code != NULL && strcmp(err.code, "expired") == 0)
			problem_send(r, "link_expired", "link",
			    "this sign-in link has expired: ask for a new one");
		else if (err.code != NULL && strcmp(err.code, "not_found") == 0)
			problem_send(r, "link_invalid", "link",
			    "this sign-in link is unknown or was already used: "
			    "each link works once; ask for a new one");
		else
			problem_reply(r, &err);
		return;
	}
	if (store_account_org(n->store, a.account, a.org, &err) != 0 ||
	    !local_org_live(n, a.org)) {
		problem_send(r, "link_invalid", "link",
		    "the account of this link is gone");
		return;
	}
	a.kind = ACTOR_ORG;
	a.session = 1;
	exp = now + 1000LL * n->conf.session_ttl_s;
	secret_new(secret);
	secret_hash(secret, h);
	if (store_account_session_add(n->store, a.account, h, now, exp,
	    &err) != 0) {
		sodium_memzero(secret, sizeof(secret));
		problem_reply(r, &err);
		return;
	}
	set_cookie(r, n, secret, n->conf.session_ttl_s);
	log_info("accounts: account %s (organisation %s) signed in",
	    a.account, a.org);
	http_reply_json(r, 200, session_json(n, &a, secret, exp));
	sodium_memzero(secret, sizeof(secret));
}

static void
h_session(struct http_req *r, void *arg)
{
	struct node *n = arg;
	char secret[SECRET_LEN + 1];
	struct actor a;
	int64_t exp = 0;
	int s;

	memset(&a, 0, sizeof(a));
	if ((s = session_of(r, n, &a, secret, &exp)) < 0) {
		problem_send(r, "storage_unavailable", NULL,
		    "the node's database failed; try again");
		return;
	}
	if (s == 0) {
		if (secret[0] != '\0')      /* a cookie of an ended session */
			set_cookie(r, n, NULL, 0);
		sodium_memzero(secret, sizeof(secret));
		http_reply_json(r, 200, json_pack("{s:b}", "signed_in", 0));
		return;
	}
	http_reply_json(r, 200, session_json(n, &a, secret, exp));
	sodium_memzero(secret, sizeof(secret));
}

static void
h_signout(struct http_req *r, void *arg)
{
	struct node *n = arg;
	unsigned char h[STORE_ACCOUNT_HASH_LEN];
	char secret[SECRET_LEN + 1];
	struct nferr err;

	if (!cookie_secret(r, n, secret) ||
	    record_account_id_parse(http_principal(r), NULL) != 0) {
		problem_send(r, "not_a_session", NULL,
		    "sign-out ends a session; a token is revoked by removing "
		    "it from the token file");
		return;
	}
	secret_hash(secret, h);
	sodium_memzero(secret, sizeof(secret));
	nferr_clear(&err);
	if (store_account_session_end(n->store, h, &err) != 0) {
		problem_reply(r, &err);
		return;
	}
	set_cookie(r, n, NULL, 0);
	log_info("accounts: account %s signed out", http_principal(r));
	http_reply(r, 204, NULL, NULL);
}

/* A request record for the page: its state, and the names of its
 * network and organisation. */
static json_t *
application_json(struct node *n, json_t *rec)
{
	const json_t *b = json_object_get(rec, "body");
	json_t *out = json_deep_copy(rec), *nn, *on;

	if (out == NULL)
		return NULL;
	applications_annotate(n, out);
	nn = stored_field(n, json_string_value(json_object_get(b, "network")),
	    "name");
	on = stored_field(n, json_string_value(json_object_get(b,
	    "organisation")), "name");
	json_object_set_new(out, "network_name", nn ? nn : json_null());
	json_object_set_new(out, "organisation_name", on ? on : json_null());
	return out;
}

static void
h_applications(struct http_req *r, void *arg)
{
	struct node *n = arg;
	char cursor[STORE_CURSOR_MAX + 1] = "";
	json_t *outgoing = json_array(), *incoming = json_array(), *page, *it;
	struct store_filter f;
	struct actor a;
	struct nferr err;
	size_t i;
	int pages;

	if (outgoing == NULL || incoming == NULL ||
	    accounts_actor(r, n, &a) != 0)
		goto fail;
	if (a.kind != ACTOR_ORG) {
		problem_send(r, "not_an_account", NULL,
		    "this lists an organisation account's applications; the "
		    "operator reads /api/v1/membership-requests");
		goto fail;
	}
	for (pages = 0; pages < LIST_PAGES; pages++) {
		memset(&f, 0, sizeof(f));
		f.type = REC_MEMBERSHIP_REQUEST;
		f.limit = STORE_LIMIT_MAX;
		f.cursor = cursor[0] ? cursor : NULL;
		nferr_clear(&err);
		if (store_list(n->store, &f, &page, &err) != 0) {
			problem_reply(r, &err);
			goto fail;
		}
		json_array_foreach(json_object_get(page, "items"), i, it) {
			const json_t *b = json_object_get(it, "body");
			const char *o = json_string_value(json_object_get(b,
			    "organisation"));
			const char *net = json_string_value(json_object_get(b,
			    "network"));

			if (o != NULL && strcmp(o, a.org) == 0)
				json_array_append_new(outgoing,
				    application_json(n, it));
			else if (leads(n, a.org, net))
				json_array_append_new(incoming,
				    application_json(n, it));
		}
		if (!json_is_string(json_object_get(page, "next"))) {
			json_decref(page);
			break;
		}
		snprintf(cursor, sizeof(cursor), "%s",
		    json_string_value(json_object_get(page, "next")));
		json_decref(page);
	}
	http_reply_json(r, 200, json_pack("{s:s, s:o, s:o}", "organisation",
	    a.org, "outgoing", outgoing, "incoming", incoming));
	return;
fail:
	json_decref(outgoing);
	json_decref(incoming);
}

static const struct http_route account_routes[] = {
	{ HTTP_POST, "/api/v1/account/link", h_link, 0, acc_no_params },
	{ HTTP_POST, "/api/v1/account/signin", h_signin, 0, acc_no_params },
	{ HTTP_GET, "/api/v1/account", h_session, 0, acc_no_params },
	{ HTTP_POST, "/api/v1/account/signout", h_signout, HTTP_AUTH_ACCOUNT,
	  acc_no_params },
	{ HTTP_GET, "/api/v1/account/applications", h_applications,
	  HTTP_AUTH_ACCOUNT, acc_no_params },
};

int
accounts_register(struct node *n)
{
	http_set_authn(n->http, accounts_authn, n);
	return http_routes_add(n->http, account_routes,
	    sizeof(account_routes) / sizeof(account_routes[0]), n);
}
