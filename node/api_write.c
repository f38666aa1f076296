/*
 * api_write: writes of this node's records (docs/openapi.yaml). Every
 * write goes through the writer's queue and is committed by one flush
 * event per loop turn (group commit); the request is answered from the
 * writer's callback once its entry is durable, then sync is kicked.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api_int.h"
#include "log.h"
#include "sync.h"
#include "writer.h"

/* ---- writes (group commit) ----------------------------------------------- */

struct pending_write {
	struct http_req *r;
	struct node *n;
	enum record_type type;
	int created;
};

void
api_on_flush(evutil_socket_t fd, short what, void *arg)
{
	struct node *n = arg;
	struct nferr err;

	if (writer_pending(n->writer) == 0)
		return;
	if (writer_flush(n->writer, &err) != 0)
		log_error("api: group commit failed: %s", err.msg);
	else
		sync_kick(n->sync);
}

static void
schedule_flush(struct node *n)
{
	static const struct timeval zero = { 0, 0 };

	if (!event_pending(n->flush_ev, EV_TIMEOUT, NULL))
		event_add(n->flush_ev, &zero);
}

static int held_problem(struct http_req *r, const struct nferr *err);

static void
on_written(int status, const struct writer_result *res,
    const struct nferr *err, void *arg)
{
	struct pending_write *pw = arg;
	struct http_req *r = pw->r;

	if (status != 0) {
		if (held_problem(r, err) != 1)
			;	/* signed before the guard held the writer: dropped */
		else if (err->code && strcmp(err->code, "shutdown") == 0)
			http_problem(r, 503, "shutting_down", NULL,
			    "the node is shutting down; nothing was written");
		else
			http_problem(r, 503, "storage_unavailable", NULL,
			    "the write could not be made durable; nothing was "
			    "written (%s)", err->msg);
	} else if (http_req_method(r) == HTTP_DELETE) {
		http_reply_json(r, 200, json_pack("{s:s, s:I, s:s, s:b}",
		    "id", res->id, "seq", (json_int_t)res->seq, "ts", res->ts,
		    "deleted", 1));
	} else {
		struct store_text txt = { NULL, 0, 0 };
		char loc[RECORD_ID_MAX + 64];

		if (pw->created) {
			snprintf(loc, sizeof(loc), "/api/v1/%s/%s",
			    api_collection_path(pw->type), res->id);
			http_add_header(r, "Location", loc);
		}
		/* the record as stored, body spliced in */
		if (store_record_text(pw->n->store, res->id, &txt, NULL,
		    NULL) == 0)
			api_reply_text(r, pw->created ? 201 : 200, &txt);
		else
			http_reply_json(r, pw->created ? 201 : 200, json_pack(
			    "{s:s, s:I}", "id", res->id, "seq",
			    (json_int_t)res->seq));
		free(txt.p);
	}
	free(pw);
}

/* The writer is held by the own-log guard (node/sync_guard.c): 503,
 * with a hint when to ask again. */
static int
held_problem(struct http_req *r, const struct nferr *err)
{
	static const char *const held[] = { "own_log_unconfirmed",
	    "behind_own_log", "own_log_diverged", "recovering", NULL };
	size_t i;

	for (i = 0; err->code != NULL && held[i] != NULL; i++)
		if (strcmp(err->code, held[i]) == 0) {
			if (i == 0 || strcmp(err->code, "recovering") == 0)
				http_add_header(r, "Retry-After", "2");
			return http_problem_nferr(r, 503, err);
		}
	return 1;
}

/* Validation and ownership failures from the writer. */
static int
write_problem(struct http_req *r, const struct nferr *err)
{
	const char *c = err->code ? err->code : "internal";

	if (held_problem(r, err) != 1)
		return -1;

	if (strcmp(c, "not_owner") == 0)
		return http_problem_nferr(r, 403, err);
	if (strcmp(c, "not_found") == 0)
		return http_problem_nferr(r, 404, err);
	if (strcmp(c, "gone") == 0)
		return http_problem_nferr(r, 410, err);
	if (strcmp(c, "busy") == 0 || strcmp(c, "queue_full") == 0)
		return http_problem_nferr(r, 503, err);
	if (strcmp(c, "db_error") == 0)
		return http_problem(r, 503, "storage_unavailable", NULL,
		    "the node's database failed; nothing was written");
	return http_problem_nferr(r, 422, err);
}

/* The owner check before anything else, with a message naming the owner. */
static int
check_owner(struct http_req *r, struct node *n, const char *id,
    enum record_type t)
{
	char o[3];
	enum record_type rt;

	if (record_id_parse(id, o, &rt, NULL) != 0)
		return http_problem(r, 404, "not_found", "id",
		    "\"%s\" is not a record id (cc:kind:ULID)", id);
	if (rt != t)
		return http_problem(r, 404, "not_found", "id",
		    "%s is not a %s id", id, record_type_name(t));
	if (strcmp(o, n->conf.country) != 0) {
		const char *u = api_home_url(n, o);

		return http_problem(r, 403, "not_owner", "id",
		    "%s is owned by %s; only %s's node can change it%s%s", id, o,
		    o, u ? ": " : "", u ? u : "");
	}
	return 0;
}

static void
do_write(struct http_req *r, struct node *n, enum entry_op op,
    enum record_type t, const char *id, const json_t *body, int created)
{
	struct pending_write *pw;
	struct nferr err;

	if ((pw = calloc(1, sizeof(*pw))) == NULL) {
		http_problem(r, 503, "internal", NULL, "out of memory");
		return;
	}
	pw->r = r;
	pw->n = n;
	pw->type = t;
	pw->created = created;
	if (writer_queue(n->writer, op, t, id, body, on_written, pw, NULL,
	    &err) != 0) {
		free(pw);
		write_problem(r, &err);
		return;
	}
	http_defer(r);
	schedule_flush(n);
}

void
api_create(struct http_req *r, void *arg)
{
	struct node *n = arg;
	const struct collection *c = api_collection_of_path(http_req_path(r));
	json_t *body = http_body_json(r);

	if (body == NULL)
		return;
	do_write(r, n, OP_PUT, c->type, NULL, body, 1);
	json_decref(body);
}

void
api_put(struct http_req *r, void *arg)
{
	struct node *n = arg;
	const struct collection *c = api_collection_of_path(http_req_path(r));
	const char *id = http_param(r, "id");
	struct store_record_meta m;
	json_t *body;
	int exists;

	if (check_owner(r, n, id, c->type) != 0)
		return;
	if ((body = http_body_json(r)) == NULL)
		return;
	exists = store_record_meta(n->store, id, &m, NULL) == 0;
	do_write(r, n, OP_PUT, c->type, id, body, !exists);
	json_decref(body);
}

void
api_delete(struct http_req *r, void *arg)
{
	struct node *n = arg;
	const struct collection *c = api_collection_of_path(http_req_path(r));
	const char *id = http_param(r, "id");

	if (check_owner(r, n, id, c->type) != 0)
		return;
	do_write(r, n, OP_DELETE, c->type, id, NULL, 0);
}

/*
 * Accept or decline a membership request for a network this node owns:
 * writes a membership (status active or declined) that names the request;
 * it replicates to the requester's node, which shows it on the request.
 */
void
api_decide(struct http_req *r, void *arg)
{
	struct node *n = arg;
	const char *path = http_req_path(r);
	int accept = strstr(path, "/accept") != NULL;
	json_t *req, *b, *mem;
	const char *net, *org, *role;
	char o[3];
	enum record_type t;
	char today[11];
	time_t now = time(NULL);
	struct tm tm;

	if ((req = api_get_record(r, n, REC_MEMBERSHIP_REQUEST)) == NULL)
		return;
	b = json_object_get(req, "body");
	net = json_string_value(json_object_get(b, "network"));
	org = json_string_value(json_object_get(b, "organisation"));
	role = json_string_value(json_object_get(b, "role"));
	if (net == NULL || record_id_parse(net, o, &t, NULL) != 0 ||
	    strcmp(o, n->conf.country) != 0) {
		http_problem(r, 403, "not_owner", "network",
		    "the request is for network %s, owned by %s: decide it on "
		    "that node", net ? net : "?", net ? o : "?");
		json_decref(req);
		return;
	}
	gmtime_r(&now, &tm);
	strftime(today, sizeof(today), "%Y-%m-%d", &tm);
	mem = json_pack("{s:s, s:s, s:s, s:s, s:s, s:s}", "network", net,
	    "organisation", org, "role", role ? role : "member",
	    "status", accept ? "active" : "declined", "start", today,
	    "request", json_string_value(json_object_get(req, "id")));
	json_decref(req);
	do_write(r, n, OP_PUT, REC_MEMBERSHIP, NULL, mem, 1);
	json_decref(mem);
}
