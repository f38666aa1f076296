/*
 * persons: the routes of an organisation's contact persons
 * (docs/openapi.yaml, tag persons). Contact persons are personal data:
 * only the organisation's home node keeps them (store_local.c), they are
 * never in an entry, the search index, a log line or a problem detail.
 *
 *   GET    /api/v1/organisations/{id}/persons        those the asker may
 *                                                    read, and how many
 *                                                    more are withheld
 *   GET    /api/v1/organisations/{id}/persons/{pid}  one person
 *   POST   /api/v1/organisations/{id}/persons        add one
 *   PUT    /api/v1/organisations/{id}/persons/{pid}  replace one
 *   DELETE /api/v1/organisations/{id}/persons/{pid}  erase one
 *                          (the operator or the organisation's account)
 *
 * Who reads what is decided in one place, persons_reader(): a person is
 * public only when its record says so (public, with the date of the
 * person's consent); everything else only the operator and the
 * organisation's own account read (a token of the node's token_file, a
 * session, a token scoped to the organisation). The reads take a token
 * without requiring one, so they check it here rather than in the
 * router. The writes need the operator or the organisation's own account
 * (the router authenticates, accounts_may_persons decides).
 *
 * Every reply is built on the loop thread from the store; nothing is kept
 * between requests.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "accounts.h"
#include "node.h"
#include "record.h"
#include "problem.h"

static const char *const persons_no_params[] = { NULL };

#define PERSON_NAME_MAX  200
#define PERSON_ROLE_MAX  200
#define PERSON_PHONE_MAX 40

/* ---- who reads what ------------------------------------------------------ */

enum persons_access {
	PERSONS_PUBLIC,     /* only persons whose record says public */
	PERSONS_ALL         /* every person of the organisation */
};

/*
 * Who may read the persons of the organisation org_id: the one place that
 * decides it.
 *   PERSONS_ALL     the operator (a token of the node's token_file without
 *                   a scope), and the organisation's own account: a session
 *                   or a token scoped to org_id (node/accounts.c)
 *   PERSONS_PUBLIC  anyone else, another organisation's account included
 * A token that is sent must be valid: else the reply is 401 and -1.
 */
static int
persons_reader(struct http_req *r, struct node *n, const char *org_id,
    enum persons_access *out)
{
	struct actor a;

	*out = PERSONS_PUBLIC;
	if (accounts_reader(r, n, &a) != 0)
		return -1;
	if (a.kind == ACTOR_OPERATOR ||
	    (a.kind == ACTOR_ORG && strcmp(a.org, org_id) == 0))
		*out = PERSONS_ALL;
	return 0;
}

static int
person_visible(const json_t *p, enum persons_access a)
{
	return a == PERSONS_ALL || json_is_true(json_object_get(p, "public"));
}

/* ---- helpers --------------------------------------------------------------- */

/* 0 when {id} is a live organisation of this node; else replies. */
static int
local_org(struct http_req *r, struct node *n)
{
	const char *id = http_param(r, "id");
	struct store_record_meta m;
	struct nferr err;
	enum record_type t;
	char o[RECORD_ORIGIN_SIZE];

	if (record_id_parse(id, o, &t, NULL) != 0 || t != REC_ORGANISATION)
		return problem_send(r, "not_found", "id",
		    "%s is not an organisation id", id);
	if (strcmp(o, n->conf.country) != 0) {
		const char *u = api_home_url(n, o);

		return problem_send(r, "not_home", "id",
		    "contact persons are personal data and are served only by "
		    "the organisation's home node (%s)%s%s", o, u ? ": " : "",
		    u ? u : "");
	}
	nferr_clear(&err);
	if (store_record_meta(n->store, id, &m, &err) != 0)
		return problem_reply(r, &err);
	if (m.deleted)
		return problem_send(r, "gone", "id",
		    "%s was deleted by its owner, and its contact persons with "
		    "it", id);
	return 0;
}

/* The person {pid} of the organisation {id}: a new reference, or NULL
 * after a 404. */
static json_t *
org_person(struct http_req *r, struct node *n)
{
	struct nferr err;
	json_t *p = NULL;
	const char *org;

	nferr_clear(&err);
	if (store_person_get(n->store, http_param(r, "pid"), &p, &err) != 0) {
		if (err.code != NULL && strcmp(err.code, "not_found") == 0)
			problem_send(r, "not_found", "pid",
			    "no such contact person of this organisation");
		else
			problem_reply(r, &err);
		return NULL;
	}
	org = json_string_value(json_object_get(p, "organisation"));
	if (org == NULL || strcmp(org, http_param(r, "id")) != 0) {
		json_decref(p);
		problem_send(r, "not_found", "pid",
		    "no such contact person of this organisation");
		return NULL;
	}
	return p;
}

/* A string member at most max bytes, or NULL when absent or null; *bad
 * set after a 422 (the value itself is never echoed). */
static const char *
opt_str(struct http_req *r, json_t *b, const char *k, size_t max, int *bad)
{
	json_t *v = json_object_get(b, k);

	if (*bad || v == NULL || json_is_null(v))
		return NULL;
	if (!json_is_string(v) || json_string_length(v) > max ||
	    memchr(json_string_value(v), '\0', json_string_length(v))) {
		*bad = 1;
		problem_send(r, "bad_value", k,
		    "%s must be a string of at most %zu bytes", k, max);
		return NULL;
	}
	return json_string_value(v);
}

/*
 * The request body as a person of org {id}: p filled with strings
 * borrowed from *body (the caller json_decrefs it). 0, or -1 after a
 * reply.
 */
static int
person_body(struct http_req *r, struct store_person *p, json_t **body)
{
	static const char *const fields[] = { "name", "role", "email", "phone",
	    "public", "public_consent", NULL };
	json_t *b, *v, *pub;
	const char *k;
	size_t i;
	int bad = 0;

	*body = NULL;
	if ((b = http_body_json(r)) == NULL)
		return -1;
	if (!json_is_object(b)) {
		json_decref(b);
		return problem_send(r, "bad_type", "",
		    "a person is a JSON object");
	}
	json_object_foreach(b, k, v) {
		for (i = 0; fields[i] != NULL; i++)
			if (strcmp(fields[i], k) == 0)
				break;
		if (fields[i] == NULL) {
			/* k is b's: reply before letting b go */
			problem_send(r, "unknown_field", k,
			    "unknown field \"%.64s\" (name, role, email, phone, "
			    "public, public_consent)", k);
			json_decref(b);
			return -1;
		}
	}
	memset(p, 0, sizeof(*p));
	p->org_id = http_param(r, "id");
	p->name = opt_str(r, b, "name", PERSON_NAME_MAX, &bad);
	p->role = opt_str(r, b, "role", PERSON_ROLE_MAX, &bad);
	p->email = opt_str(r, b, "email", STORE_EMAIL_MAX, &bad);
	p->phone = opt_str(r, b, "phone", PERSON_PHONE_MAX, &bad);
	p->public_consent = opt_str(r, b, "public_consent", 64, &bad);
	if (bad) {
		json_decref(b);
		return -1;
	}
	pub = json_object_get(b, "public");
	if (pub != NULL && !json_is_boolean(pub)) {
		json_decref(b);
		return problem_send(r, "bad_type", "public",
		    "public is true (the person consented to be shown to "
		    "anyone, on public_consent) or false");
	}
	p->public = json_is_true(pub);
	if (p->name == NULL || p->name[0] == '\0') {
		json_decref(b);
		return problem_send(r, "missing_field", "name",
		    "name is required");
	}
	if (p->public && p->public_consent == NULL) {
		json_decref(b);
		return problem_send(r, "missing_field", "public_consent",
		    "a public person needs public_consent: the date (YYYY-MM-DD) "
		    "the person consented to be shown publicly");
	}
	*body = b;
	return 0;
}

/* A store error of a person write: the failing field in the problem. */
static void
person_write_problem(struct http_req *r, const struct nferr *err)
{
	const char *c = err->code ? err->code : "internal";

	if (strcmp(c, "bad_value") == 0 || strcmp(c, "too_long") == 0)
		problem_send(r, c, err->field[0] == '/' ? err->field + 1 :
		    err->field, "%s", err->msg);
	else
		problem_reply(r, err);
}

/* ---- the routes -------------------------------------------------------------- */

static void
h_persons_list(struct http_req *r, void *arg)
{
	struct node *n = arg;
	enum persons_access a;
	json_t *all = NULL, *items, *p;
	json_int_t withheld = 0;
	struct nferr err;
	size_t i;

	if (local_org(r, n) != 0 ||
	    persons_reader(r, n, http_param(r, "id"), &a) != 0)
		return;
	nferr_clear(&err);
	if (store_person_list_for_org(n->store, http_param(r, "id"), &all,
	    &err) != 0) {
		problem_reply(r, &err);
		return;
	}
	if ((items = json_array()) == NULL) {
		json_decref(all);
		problem_send(r, "internal", NULL, "out of memory");
		return;
	}
	json_array_foreach(all, i, p) {
		if (person_visible(p, a))
			json_array_append(items, p);
		else
			withheld++;
	}
	json_decref(all);
	http_reply_json(r, 200, json_pack("{s:o, s:I}", "items", items,
	    "withheld", withheld));
}

static void
h_person_get(struct http_req *r, void *arg)
{
	struct node *n = arg;
	enum persons_access a;
	json_t *p;

	if (local_org(r, n) != 0 ||
	    persons_reader(r, n, http_param(r, "id"), &a) != 0 ||
	    (p = org_person(r, n)) == NULL)
		return;
	if (!person_visible(p, a)) {
		json_decref(p);
		http_add_header(r, "WWW-Authenticate", "Bearer realm=\"nordfed\"");
		problem_send(r, "not_public", "pid",
		    "this contact person has not consented to be shown "
		    "publicly: only the node's operator may read it");
		return;
	}
	http_reply_json(r, 200, p);
}

static void
h_persons_add(struct http_req *r, void *arg)
{
	struct node *n = arg;
	struct store_person p;
	char id[STORE_PERSON_ID_MAX];
	struct nferr err;
	json_t *b = NULL, *out = NULL;

	if (local_org(r, n) != 0 ||
	    accounts_may_persons(r, n, http_param(r, "id")) != 0 ||
	    person_body(r, &p, &b) != 0)
		return;
	nferr_clear(&err);
	if (store_person_put(n->store, &p, id, &err) != 0 ||
	    store_person_get(n->store, id, &out, &err) != 0) {
		json_decref(b);
		person_write_problem(r, &err);
		return;
	}
	json_decref(b);
	http_reply_json(r, 201, out);
}

static void
h_person_put(struct http_req *r, void *arg)
{
	struct node *n = arg;
	struct store_person p;
	struct nferr err;
	json_t *b = NULL, *old, *out = NULL;

	if (local_org(r, n) != 0 ||
	    accounts_may_persons(r, n, http_param(r, "id")) != 0 ||
	    (old = org_person(r, n)) == NULL)
		return;
	json_decref(old);
	if (person_body(r, &p, &b) != 0)
		return;
	p.id = http_param(r, "pid");
	nferr_clear(&err);
	if (store_person_put(n->store, &p, NULL, &err) != 0 ||
	    store_person_get(n->store, p.id, &out, &err) != 0) {
		json_decref(b);
		person_write_problem(r, &err);
		return;
	}
	json_decref(b);
	http_reply_json(r, 200, out);
}

static void
h_person_delete(struct http_req *r, void *arg)
{
	struct node *n = arg;
	struct nferr err;
	json_t *p;

	if (local_org(r, n) != 0 ||
	    accounts_may_persons(r, n, http_param(r, "id")) != 0 ||
	    (p = org_person(r, n)) == NULL)
		return;
	json_decref(p);
	nferr_clear(&err);
	if (store_person_delete(n->store, http_param(r, "pid"), &err) != 0) {
		problem_reply(r, &err);
		return;
	}
	http_reply(r, 204, NULL, NULL);
}

static const struct http_route persons_routes[] = {
	{ HTTP_GET, "/api/v1/organisations/{id}/persons", h_persons_list, 0,
	  persons_no_params },
	{ HTTP_POST, "/api/v1/organisations/{id}/persons", h_persons_add,
	  HTTP_AUTH_ACCOUNT, persons_no_params },
	{ HTTP_GET, "/api/v1/organisations/{id}/persons/{pid}", h_person_get,
	  0, persons_no_params },
	{ HTTP_PUT, "/api/v1/organisations/{id}/persons/{pid}", h_person_put,
	  HTTP_AUTH_ACCOUNT, persons_no_params },
	{ HTTP_DELETE, "/api/v1/organisations/{id}/persons/{pid}",
	  h_person_delete, HTTP_AUTH_ACCOUNT, persons_no_params },
};

int
persons_register(struct node *n)
{
	return http_routes_add(n->http, persons_routes,
	    sizeof(persons_routes) / sizeof(persons_routes[0]), n);
}
