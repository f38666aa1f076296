/*
 * admin_persons: access and erasure requests about one person, behind
 * `nordfedctl person` (docs/operations.md, "Personal data").
 *
 *   POST /api/v1/admin/persons/find     {"email"}  what this node holds
 *                                                  about the address: the
 *                                                  records, briefly
 *   POST /api/v1/admin/persons/export   {"email"}  all of it, with what
 *                                                  each kind is for, who
 *                                                  sees it and how long
 *                                                  it is kept: the answer
 *                                                  to an access request
 *   POST /api/v1/admin/persons/erase    {"email"}  erase all of it, then
 *                                                  scrub the WAL: the
 *                                                  answer to an erasure
 *                                                  request
 *
 * The address travels in the body, never in the path or query string, so
 * no access log can hold it. Each request gets an opaque reference (random,
 * derived from nothing) that the reply and the node's audit line share:
 * the line names the token, the action, the count and the reference,
 * never the person. The operator files the reference with the request.
 *
 * Every kind of personal data the node keeps is one row of kinds[]:
 * contact persons, organisation accounts (erasing an account ends its
 * sessions) and meeting registrations (erasing them writes the meetings'
 * counts anew); the find, export and erase of every request cover them
 * all at once.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <sodium.h>

#include "log.h"
#include "node.h"
#include "store_accounts.h"
#include "store_registrations.h"
#include "problem.h"

static const char *const admin_persons_no_params[] = { NULL };

#define REF_BYTES 8

struct pd_kind {
	const char *kind;        /* "contact_person" */
	const char *purpose;     /* what it is kept for */
	const char *shown_to;    /* who may read it */
	const char *kept;        /* how long */
	/* every item of this kind about email: a new array */
	int (*find)(struct node *n, const char *email, json_t **out,
	    struct nferr *err);
	/* erase them all; *erased how many */
	int (*erase)(struct node *n, const char *email, int64_t *erased,
	    struct nferr *err);
};

/* Contact persons, each with its organisation's name (public data). */
static int
find_contact_persons(struct node *n, const char *email, json_t **out,
    struct nferr *err)
{
	json_t *p, *rec;
	size_t i;

	if (store_persons_find_email(n->store, email, out, err) != 0)
		return -1;
	json_array_foreach(*out, i, p) {
		const char *org = json_string_value(json_object_get(p,
		    "organisation"));
		json_t *name = NULL;

		if (org != NULL && store_record_get(n->store, org, &rec,
		    NULL) == 0) {
			name = json_object_get(json_object_get(rec, "body"),
			    "name");
			json_incref(name);
			json_decref(rec);
		}
		json_object_set_new(p, "organisation_name", name ? name :
		    json_null());
	}
	return 0;
}

static int
erase_contact_persons(struct node *n, const char *email, int64_t *erased,
    struct nferr *err)
{
	return store_persons_erase_email(n->store, email, erased, err);
}

/* Organisation accounts, each with its organisation's name. */
static int
find_accounts(struct node *n, const char *email, json_t **out,
    struct nferr *err)
{
	json_t *a;
	size_t i;

	if (store_accounts_find_email(n->store, email, out, err) != 0)
		return -1;
	json_array_foreach(*out, i, a) {
		const char *org = json_string_value(json_object_get(a,
		    "organisation"));
		json_t *rec = NULL, *name = NULL;

		if (org != NULL && store_record_get(n->store, org, &rec,
		    NULL) == 0) {
			name = json_incref(json_object_get(json_object_get(rec,
			    "body"), "name"));
			json_decref(rec);
		}
		json_object_set_new(a, "organisation_name", name ? name :
		    json_null());
	}
	return 0;
}

static int
erase_accounts(struct node *n, const char *email, int64_t *erased,
    struct nferr *err)
{
	return store_accounts_erase_email(n->store, email, erased, err);
}

/* Registrations for this node's meetings, each with its meeting's title. */
static int
find_registrations(struct node *n, const char *email, json_t **out,
    struct nferr *err)
{
	json_t *g, *rec;
	size_t i;

	if (store_registrations_find_email(n->store, email, out, err) != 0)
		return -1;
	json_array_foreach(*out, i, g) {
		const char *m = json_string_value(json_object_get(g, "meeting"));

		const char *o = json_string_value(json_object_get(g,
		    "organisation"));

		rec = NULL;
		if (m != NULL && store_record_get(n->store, m, &rec, NULL) == 0)
			json_object_set(g, "meeting_title", json_object_get(
			    json_object_get(rec, "body"), "title"));
		json_decref(rec);
		rec = NULL;
		if (o != NULL && store_record_get(n->store, o, &rec, NULL) == 0)
			json_object_set(g, "organisation_name", json_object_get(
			    json_object_get(rec, "body"), "name"));
		json_decref(rec);
	}
	return 0;
}

static int
erase_registrations(struct node *n, const char *email, int64_t *erased,
    struct nferr *err)
{
	return registrations_erase_email(n, email, erased, err);
}

static const struct pd_kind kinds[] = {
	{ "contact_person",
	  "named contact of an organisation of this node, as the organisation "
	  "or the node's operator entered it",
	  "anyone when public (with the date of consent), else only this "
	  "node's operator; never sent to another node",
	  "while the organisation exists (erased with it), or until erased on "
	  "request; [privacy] contact_retention_days when set",
	  find_contact_persons, erase_contact_persons },
	{ "account",
	  "an organisation's account on this node: the address its one-time "
	  "sign-in links are sent to, when it was made and last signed in; "
	  "the records it wrote name it by an opaque id only",
	  "this node's operator, and the person signed in; never sent to "
	  "another node",
	  "while its organisation exists, until the operator revokes it or "
	  "it is erased on request; an invitation never used until its link "
	  "expires; [privacy] account_idle_days when set",
	  find_accounts, erase_accounts },
	{ "registration",
	  "a registration for a meeting this node organises: the person's name "
	  "and address, the organisation a seat is taken for, registered or "
	  "waiting; only the counts leave this node",
	  "this node's operator and the meeting's organiser; never sent to "
	  "another node",
	  "until cancelled, or [privacy] registration_retention_days after the "
	  "meeting ended (30 by default), or erased on request",
	  find_registrations, erase_registrations },
};
#define NKINDS (sizeof(kinds) / sizeof(kinds[0]))

/* The request: {"email": ADDRESS} into *email (borrowed from *body, which
 * the caller json_decrefs). 0, or -1 after a reply. */
static int
request_email(struct http_req *r, json_t **body, const char **email)
{
	json_t *b, *v;
	const char *k;

	*body = NULL;
	if ((b = http_body_json(r)) == NULL)
		return -1;
	if (!json_is_object(b)) {
		json_decref(b);
		return problem_send(r, "bad_type", "",
		    "the body is a JSON object: {\"email\": ADDRESS}");
	}
	json_object_foreach(b, k, v)
		if (strcmp(k, "email") != 0) {
			/* k is b's: reply before letting b go */
			problem_send(r, "unknown_field", k,
			    "unknown field \"%.64s\" (email)", k);
			json_decref(b);
			return -1;
		}
	*email = json_string_value(json_object_get(b, "email"));
	if (*email == NULL) {
		json_decref(b);
		return problem_send(r, "missing_field", "email",
		    "email is required: the address the request is about");
	}
	*body = b;
	return 0;
}

static void
new_ref(char out[2 * REF_BYTES + 1])
{
	unsigned char b[REF_BYTES];

	randombytes_buf(b, sizeof(b));
	sodium_bin2hex(out, 2 * REF_BYTES + 1, b, sizeof(b));
}

static int
kind_problem(struct http_req *r, const struct nferr *err)
{
	if (err->code != NULL && strcmp(err->code, "bad_value") == 0)
		return problem_send(r, "bad_value", "email", "%s", err->msg);
	return problem_reply(r, err);
}

/* Everything of every kind about email: {"contact_person":[...],..} and
 * the total in *count; NULL after a reply. */
static json_t *
find_all(struct http_req *r, struct node *n, const char *email,
    json_int_t *count)
{
	json_t *all = json_object(), *items = NULL;
	struct nferr err;
	size_t i;

	*count = 0;
	if (all == NULL) {
		problem_send(r, "internal", NULL, "out of memory");
		return NULL;
	}
	for (i = 0; i < NKINDS; i++) {
		nferr_clear(&err);
		if (kinds[i].find(n, email, &items, &err) != 0) {
			json_decref(all);
			kind_problem(r, &err);
			return NULL;
		}
		*count += (json_int_t)json_array_size(items);
		json_object_set_new(all, kinds[i].kind, items);
	}
	return all;
}

static void
h_find(struct http_req *r, void *arg)
{
	struct node *n = arg;
	char ref[2 * REF_BYTES + 1];
	const char *email;
	json_t *b, *all, *items, *p, *brief;
	json_int_t count;
	const char *k;
	size_t i;

	if (request_email(r, &b, &email) != 0)
		return;
	if ((all = find_all(r, n, email, &count)) == NULL)
		goto out;
	new_ref(ref);
	/* briefly: which records, of which organisation, public or not */
	brief = json_array();
	json_object_foreach(all, k, items)
		json_array_foreach(items, i, p)
			json_array_append_new(brief, json_pack("{s:s, s:O, s:O, "
			    "s:O?, s:O?, s:O?, s:O?}", "kind", k, "id",
			    json_object_get(p, "id"), "organisation",
			    json_object_get(p, "organisation"),
			    "organisation_name", json_object_get(p,
			    "organisation_name"), "name", json_object_get(p,
			    "name"), "public", json_object_get(p, "public"),
			    "meeting", json_object_get(p, "meeting")));
	json_decref(all);
	log_info("admin: %s: person find: %lld record(s) held (ref %s)",
	    http_principal(r), (long long)count, ref);
	http_reply_json(r, 200, json_pack("{s:s, s:s, s:I, s:o}", "node",
	    n->conf.country, "reference", ref, "count", count, "records",
	    brief));
out:
	json_decref(b);
}

static void
h_export(struct http_req *r, void *arg)
{
	struct node *n = arg;
	char ref[2 * REF_BYTES + 1], ts[ENTRY_TS_LEN + 1];
	const char *email;
	json_t *b, *all, *about;
	json_int_t count;
	struct timespec now;
	size_t i;

	if (request_email(r, &b, &email) != 0)
		return;
	if ((all = find_all(r, n, email, &count)) == NULL)
		goto out;
	new_ref(ref);
	clock_gettime(CLOCK_REALTIME, &now);
	entry_ts_format((int64_t)now.tv_sec * 1000 + now.tv_nsec / 1000000, ts);
	about = json_object();
	for (i = 0; i < NKINDS; i++)
		json_object_set_new(about, kinds[i].kind, json_pack(
		    "{s:s, s:s, s:s}", "purpose", kinds[i].purpose, "shown_to",
		    kinds[i].shown_to, "kept", kinds[i].kept));
	log_info("admin: %s: person export: %lld record(s) exported (ref %s)",
	    http_principal(r), (long long)count, ref);
	http_reply_json(r, 200, json_pack("{s:s, s:O, s:s, s:s, s:I, s:o, "
	    "s:o, s:s}", "node", n->conf.country, "email",
	    json_object_get(b, "email"), "generated", ts, "reference", ref,
	    "count", count, "data", all, "about", about, "logs",
	    "the node's log lines name no person; this node sends none of "
	    "this to other nodes"));
out:
	json_decref(b);
}

static void
h_erase(struct http_req *r, void *arg)
{
	struct node *n = arg;
	char ref[2 * REF_BYTES + 1];
	const char *email;
	json_t *b, *by_kind;
	struct nferr err;
	int64_t erased, total = 0;
	int done = 0;
	size_t i;

	if (request_email(r, &b, &email) != 0)
		return;
	by_kind = json_object();
	for (i = 0; i < NKINDS; i++) {
		nferr_clear(&err);
		if (kinds[i].erase(n, email, &erased, &err) != 0) {
			json_decref(by_kind);
			kind_problem(r, &err);
			goto out;
		}
		total += erased;
		json_object_set_new(by_kind, kinds[i].kind, json_integer(
		    (json_int_t)erased));
	}
	new_ref(ref);
	/* a scrub owed by an earlier erasure is done now too */
	nferr_clear(&err);
	if (store_local_scrub(n->store, total > 0, &done, &err) != 0)
		log_error("admin: scrubbing the WAL after an erasure: %s",
		    err.msg);
	log_info("admin: %s: person erase: %lld record(s) erased, WAL %s "
	    "(ref %s)", http_principal(r), (long long)total, done ?
	    "scrubbed" : "NOT scrubbed yet", ref);
	if (!done)
		log_warn("admin: the WAL still holds erased personal data (ref "
		    "%s): a reader keeps it; the next sweep or erasure "
		    "scrubs it", ref);
	http_reply_json(r, 200, json_pack("{s:s, s:s, s:I, s:o, s:b}", "node",
	    n->conf.country, "reference", ref, "erased", (json_int_t)total,
	    "by_kind", by_kind, "scrubbed", done));
out:
	json_decref(b);
}

static const struct http_route admin_persons_routes[] = {
	{ HTTP_POST, "/api/v1/admin/persons/find", h_find, HTTP_AUTH_REQUIRED,
	  admin_persons_no_params },
	{ HTTP_POST, "/api/v1/admin/persons/export", h_export,
	  HTTP_AUTH_REQUIRED, admin_persons_no_params },
	{ HTTP_POST, "/api/v1/admin/persons/erase", h_erase, HTTP_AUTH_REQUIRED,
	  admin_persons_no_params },
};

int
admin_persons_register(struct node *n)
{
	return http_routes_add(n->http, admin_persons_routes,
	    sizeof(admin_persons_routes) / sizeof(admin_persons_routes[0]), n);
}
