/*
 * applications: membership requests across borders (docs/protocol.md,
 * "Membership across borders"). An organisation's node writes a request
 * (a membership_request, owned by it) to join a network of any country;
 * the network's node answers it with a membership that names the request.
 *
 *   POST /api/v1/membership-requests/{id}/accept    the network's node
 *   POST /api/v1/membership-requests/{id}/decline   writes the answer
 *
 * One decision per request. The answer's id is derived from the request's:
 * <the network's cc>:mem:<the request's ULID> (applications_decision_id),
 * so a request has one answer record at most, and a second accept or
 * decline, or an accept of a withdrawn request, is refused (409) before
 * anything is signed. The check and the queueing of the answer happen in
 * one turn of the loop against the writer's queue as well as the store
 * (writer_record_state), so two decisions racing each other cannot both
 * pass. A membership that names a request is only ever written under that
 * derived id, and a request that has an answer no longer changes.
 *
 * The state of a request (applications_state) is computed from the two
 * records, the request and its answer, by the same rule on every node: the
 * answer's status when there is one (active, declined, ended), else the
 * request's (pending, withdrawn). A withdrawal that crossed an accept on
 * the way (each node allowed its own write before it held the other's)
 * ends as the answer says, on both nodes alike.
 *
 * Who may decide: the node's operator, or an account (or scoped token) of
 * the network's lead organisation (accounts_may_decide); the answer then
 * names the account.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "accounts.h"
#include "log.h"
#include "node.h"
#include "record.h"
#include "problem.h"

static const char *const applications_no_params[] = { NULL };

int
applications_decision_id(const char *req_id, const char *net_id,
    char out[RECORD_ID_MAX])
{
	char ro[RECORD_ORIGIN_SIZE], no[RECORD_ORIGIN_SIZE];
	enum record_type rt, nt;
	const char *ulid;

	out[0] = '\0';
	if (req_id == NULL || net_id == NULL ||
	    record_id_parse(req_id, ro, &rt, NULL) != 0 ||
	    rt != REC_MEMBERSHIP_REQUEST ||
	    record_id_parse(net_id, no, &nt, NULL) != 0 || nt != REC_NETWORK)
		return -1;
	ulid = strrchr(req_id, ':') + 1;
	snprintf(out, RECORD_ID_MAX, "%c%c:mem:%s", no[0] | 0x20, no[1] | 0x20,
	    ulid);
	return 0;
}

/* A live membership among items that names req_id: a new reference. */
static json_t *
naming(json_t *items, const char *req_id)
{
	json_t *it;
	size_t i;

	json_array_foreach(items, i, it) {
		const char *q = json_string_value(json_object_get(
		    json_object_get(it, "body"), "request"));

		if (q != NULL && strcmp(q, req_id) == 0)
			return json_incref(it);
	}
	return NULL;
}

json_t *
applications_decision(struct node *n, const char *req_id,
    const json_t *req_body)
{
	const char *net = json_string_value(json_object_get(req_body,
	    "network"));
	const char *org = json_string_value(json_object_get(req_body,
	    "organisation"));
	char mid[RECORD_ID_MAX], cursor[STORE_CURSOR_MAX + 1] = "";
	json_t *rec = NULL, *page = NULL, *found = NULL;
	int pages;

	if (applications_decision_id(req_id, net, mid) == 0 &&
	    store_record_get(n->store, mid, &rec, NULL) == 0) {
		if (!json_is_true(json_object_get(rec, "deleted")))
			return rec;
		json_decref(rec);
	}
	/* an answer written before answers had derived ids: any membership
	 * of the organisation that names the request (bounded walk) */
	for (pages = 0; org != NULL && found == NULL && pages < 50; pages++) {
		if (store_memberships_by_org(n->store, org, cursor[0] ? cursor :
		    NULL, STORE_LIMIT_MAX, &page, NULL) != 0)
			break;
		found = naming(json_object_get(page, "items"), req_id);
		if (!json_is_string(json_object_get(page, "next"))) {
			json_decref(page);
			break;
		}
		snprintf(cursor, sizeof(cursor), "%s",
		    json_string_value(json_object_get(page, "next")));
		json_decref(page);
	}
	return found;
}

const char *
applications_state(const json_t *req_body, const json_t *decision)
{
	const char *s;

	if (decision != NULL && (s = json_string_value(json_object_get(
	    json_object_get(decision, "body"), "status"))) != NULL)
		return s;
	s = json_string_value(json_object_get(req_body, "status"));
	return s ? s : "pending";
}

void
applications_annotate(struct node *n, json_t *rec)
{
	const json_t *b = json_object_get(rec, "body");
	const char *id = json_string_value(json_object_get(rec, "id"));
	json_t *d = id ? applications_decision(n, id, b) : NULL;

	json_object_set_new(rec, "decision", d == NULL ? json_null() :
	    json_pack("{s:O, s:O}", "membership", json_object_get(d, "id"),
	    "status", json_object_get(json_object_get(d, "body"), "status")));
	json_object_set_new(rec, "state", json_string(applications_state(b,
	    d)));
	json_decref(d);
}

/* ---- the write rules ------------------------------------------------------ */

int
applications_check_write(struct http_req *r, struct node *n,
    enum entry_op op, enum record_type t, const char *id, const json_t *body)
{
	const char *req;
	char mid[RECORD_ID_MAX];
	json_t *old = NULL, *d;

	if (op != OP_PUT)
		return 0;
	if (t == REC_MEMBERSHIP && (req = json_string_value(json_object_get(
	    body, "request"))) != NULL) {
		/* the answer to a request lives under its derived id only */
		if (applications_decision_id(req, json_string_value(
		    json_object_get(body, "network")), mid) != 0 ||
		    id == NULL || strcmp(id, mid) != 0)
			return problem_send(r, "bad_value", "request",
			    "a membership that answers a request is written by "
			    "POST /api/v1/membership-requests/%s/accept or "
			    "/decline, under the id %s", req, mid[0] ? mid :
			    "derived from the request");
		return 0;
	}
	if (t != REC_MEMBERSHIP_REQUEST || id == NULL ||
	    store_record_get(n->store, id, &old, NULL) != 0)
		return 0;
	d = json_is_true(json_object_get(old, "deleted")) ? NULL :
	    applications_decision(n, id, json_object_get(old, "body"));
	json_decref(old);
	if (d == NULL)
		return 0;
	problem_send(r, "already_decided", "id",
	    "the request %s was answered by the network's node (membership "
	    "%s, %s): a decided request no longer changes", id,
	    json_string_value(json_object_get(d, "id")),
	    applications_state(NULL, d));
	json_decref(d);
	return -1;
}

/* ---- accept and decline ------------------------------------------------------- */

static void
h_decide(struct http_req *r, void *arg)
{
	struct node *n = arg;
	int accept = strstr(http_req_path(r), "/accept") != NULL;
	const char *id = http_param(r, "id"), *net, *org, *role, *status;
	char o[RECORD_ORIGIN_SIZE], mid[RECORD_ID_MAX], today[11];
	enum record_type t;
	json_t *req = NULL, *b, *mem, *d, *who = NULL;
	struct nferr err;
	time_t now = time(NULL);
	struct tm tm;
	int state;

	if (record_id_parse(id, o, &t, NULL) != 0 ||
	    t != REC_MEMBERSHIP_REQUEST) {
		problem_send(r, "not_found", "id",
		    "%s is not a membership_request id", id);
		return;
	}
	nferr_clear(&err);
	if (store_record_get(n->store, id, &req, &err) != 0) {
		problem_reply(r, &err);
		return;
	}
	if (json_is_true(json_object_get(req, "deleted"))) {
		problem_send(r, "gone", "id", "%s was deleted by its owner",
		    id);
		goto out;
	}
	b = json_object_get(req, "body");
	net = json_string_value(json_object_get(b, "network"));
	org = json_string_value(json_object_get(b, "organisation"));
	role = json_string_value(json_object_get(b, "role"));
	status = json_string_value(json_object_get(b, "status"));
	if (net == NULL || org == NULL ||
	    record_id_parse(net, o, &t, NULL) != 0 ||
	    strcmp(o, n->conf.country) != 0) {
		problem_send(r, "not_owner", "network",
		    "the request is for network %s, owned by %s: decide it on "
		    "that node", net ? net : "?", net ? o : "?");
		goto out;
	}
	/* who may decide, before anything about the request is told */
	if ((who = json_object()) == NULL ||
	    accounts_may_decide(r, n, net, who) != 0)
		goto out;
	if (applications_decision_id(id, net, mid) != 0) {
		problem_send(r, "bad_id", "id", "%s: no answer id", id);
		goto out;
	}
	/* the store and what is queued for it: a decision racing this one
	 * in the same loop turn is seen here */
	if ((state = writer_record_state(n->writer, mid, &err)) < 0) {
		problem_reply(r, &err);
		goto out;
	}
	d = NULL;
	if (state == 0)
		d = applications_decision(n, id, b);    /* an older answer */
	else
		store_record_get(n->store, mid, &d, NULL);  /* NULL: queued */
	if (state != 0 || d != NULL) {
		const char *did = d ? json_string_value(json_object_get(d,
		    "id")) : mid;

		problem_send(r, "already_decided", "id",
		    "the request %s was already answered (membership %s, %s): "
		    "a request is decided once; to change the membership, "
		    "PUT /api/v1/memberships/%s", id, did, d ?
		    applications_state(NULL, d) : "being written", did);
		json_decref(d);
		goto out;
	}
	if (status == NULL || strcmp(status, "pending") != 0) {
		problem_send(r, "request_withdrawn", "id",
		    "the request %s was withdrawn by %s's node: there is "
		    "nothing to decide", id, org);
		goto out;
	}
	gmtime_r(&now, &tm);
	strftime(today, sizeof(today), "%Y-%m-%d", &tm);
	mem = json_pack("{s:s, s:s, s:s, s:s, s:s}", "network", net,
	    "organisation", org, "role", role ? role : "member",
	    "status", accept ? "active" : "declined", "request", id);
	if (mem != NULL && accept)
		json_object_set_new(mem, "start", json_string(today));
	if (mem == NULL) {
		problem_send(r, "internal", NULL, "out of memory");
		goto out;
	}
	json_object_update(mem, who);   /* the deciding account, if one */
	api_write(r, n, OP_PUT, REC_MEMBERSHIP, mid, mem, 1);
	json_decref(mem);
out:
	json_decref(who);
	json_decref(req);
}

static const struct http_route applications_routes[] = {
	{ HTTP_POST, "/api/v1/membership-requests/{id}/accept", h_decide,
	  HTTP_AUTH_ACCOUNT, applications_no_params },
	{ HTTP_POST, "/api/v1/membership-requests/{id}/decline", h_decide,
	  HTTP_AUTH_ACCOUNT, applications_no_params },
};

int
applications_register(struct node *n)
{
	return http_routes_add(n->http, applications_routes,
	    sizeof(applications_routes) / sizeof(applications_routes[0]), n);
}
