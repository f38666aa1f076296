/*
 * api_write: writes of this node's records (docs/openapi.yaml). Every
 * write goes through the writer's queue and is committed by one flush
 * event per loop turn (group commit); the request is answered from the
 * writer's callback once its entry is durable, then sync is kicked.
 * POST and PUT take the operator's bearer token or an organisation's
 * account (node/accounts.c decides what that one may write).
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "accounts.h"
#include "api_int.h"
#include "canon.h"
#include "log.h"
#include "sync.h"
#include "writer.h"
#include "problem.h"

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
			problem_send(r, "shutting_down", NULL,
			    "the node is shutting down; nothing was written");
		else
			problem_send(r, "storage_unavailable", NULL,
			    "the write could not be made durable; nothing was "
			    "written (%s)", err->msg);
	} else if (http_req_method(r) == HTTP_DELETE) {
		http_reply_json(r, 200, json_pack("{s:s, s:I, s:s, s:b}",
		    "id", res->id, "seq", (json_int_t)res->seq, "ts", res->ts,
		    "deleted", 1));
	} else {
		struct nfbuf txt = NFBUF_INIT(0);
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

/* The writer is held by the own-log guard (node/sync_guard.c): answered
 * (503, with Retry-After when it clears by itself: node/problem.c) and
 * -1; 1 when err is not one of the guard's. */
static int
held_problem(struct http_req *r, const struct nferr *err)
{
	static const char *const held[] = { "own_log_unconfirmed",
	    "behind_own_log", "own_log_diverged", "recovering", NULL };
	size_t i;

	for (i = 0; err->code != NULL && held[i] != NULL; i++)
		if (strcmp(err->code, held[i]) == 0)
			return problem_reply(r, err);
	return 1;
}

/* The owner check before anything else, with a message naming the owner. */
static int
check_owner(struct http_req *r, struct node *n, const char *id,
    enum record_type t)
{
	char o[RECORD_ORIGIN_SIZE];
	enum record_type rt;

	if (record_id_parse(id, o, &rt, NULL) != 0)
		return problem_send(r, "not_found", "id",
		    "\"%s\" is not a record id (cc:kind:ULID)", id);
	if (rt != t)
		return problem_send(r, "not_found", "id",
		    "%s is not a %s id", id, record_type_name(t));
	if (strcmp(o, n->conf.country) != 0) {
		const char *u = api_home_url(n, o);

		return problem_send(r, "not_owner", "id",
		    "%s is owned by %s; only %s's node can change it%s%s", id, o,
		    o, u ? ": " : "", u ? u : "");
	}
	return 0;
}

void
api_write(struct http_req *r, struct node *n, enum entry_op op,
    enum record_type t, const char *id, const json_t *body, int created)
{
	struct pending_write *pw;
	struct nferr err;

	if ((pw = calloc(1, sizeof(*pw))) == NULL) {
		problem_send(r, "internal", NULL, "out of memory");
		return;
	}
	pw->r = r;
	pw->n = n;
	pw->type = t;
	pw->created = created;
	if (writer_queue(n->writer, op, t, id, body, on_written, pw, NULL,
	    &err) != 0) {
		free(pw);
		problem_reply(r, &err);
		return;
	}
	http_defer(r);
	schedule_flush(n);
}

static void
on_queued_written(int status, const struct writer_result *res,
    const struct nferr *err, void *arg)
{
	char *what = arg;

	(void)res;
	if (status != 0)
		log_warn("api: %s not written: %s", what, err->msg);
	free(what);
}

int
api_queue_write(struct node *n, enum entry_op op, enum record_type t,
    const char *id, const json_t *body, const char *what, struct nferr *err)
{
	char *w = strdup(what);

	if (w == NULL)
		return nferr_set(err, "internal", "", "out of memory");
	if (writer_queue(n->writer, op, t, id, body, on_queued_written, w, NULL,
	    err) != 0) {
		free(w);
		return -1;
	}
	schedule_flush(n);
	return 0;
}

void
api_create(struct http_req *r, void *arg)
{
	struct node *n = arg;
	const struct collection *c = api_collection_of_path(http_req_path(r));
	json_t *body = http_body_json(r);

	if (body == NULL)
		return;
	if (accounts_may_write(r, n, OP_PUT, c->type, NULL, body) != 0 ||
	    applications_check_write(r, n, OP_PUT, c->type, NULL, body) != 0) {
		json_decref(body);
		return;
	}
	registrations_stamp(n, c->type, NULL, body);
	api_write(r, n, OP_PUT, c->type, NULL, body, 1);
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
	if (accounts_may_write(r, n, OP_PUT, c->type, id, body) != 0 ||
	    applications_check_write(r, n, OP_PUT, c->type, id, body) != 0) {
		json_decref(body);
		return;
	}
	registrations_stamp(n, c->type, id, body);
	exists = store_record_meta(n->store, id, &m, NULL) == 0;
	api_write(r, n, OP_PUT, c->type, id, body, !exists);
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
	api_write(r, n, OP_DELETE, c->type, id, NULL, 0);
}

/* ---- the batch write route ---------------------------------------------------- */

/*
 * POST /api/v1/batch (docs/openapi.yaml): up to BATCH_LINES_MAX lines of
 * application/x-ndjson, each {"id": <a record id of this node>, "body":
 * <the record>}, a put as PUT /api/v1/{collection}/{id} makes it. Every
 * line that changes something is signed and queued, and all of them are
 * committed in the next flush: one transaction, one fsync, for the whole
 * request. A line whose record already holds the same canonical body is
 * "unchanged" and writes nothing. A line the node refuses gets the code
 * and status a single write would have got; the others are written. The
 * reply (200) has a result per line once everything queued is durable;
 * if the commit fails, the reply is 503 and nothing of the request was
 * written (the client sends it again).
 */
#define BATCH_LINES_MAX 1000

enum { BI_NONE, BI_CREATED, BI_UPDATED, BI_UNCHANGED, BI_REFUSED };

struct batch;

struct batch_item {
	size_t line;                    /* 1-based line of the request */
	char id[RECORD_ID_MAX];
	int result;                     /* BI_* */
	int status;                     /* BI_REFUSED: as a single write */
	struct nferr err;
	struct batch *b;
};

struct batch {
	struct http_req *r;
	struct node *n;
	struct batch_item *it;
	size_t nit, pending;
	int failed;                     /* a queued write failed: all did */
	struct nferr ferr;
};

static void
refuse(struct batch_item *it, const struct nferr *err)
{
	it->result = BI_REFUSED;
	it->err = *err;
	it->status = problem_status(err->code);
}

static void
batch_free(struct batch *b)
{
	free(b->it);
	free(b);
}

static void
batch_reply(struct batch *b)
{
	static const char *const names[] = { "", "created", "updated",
	    "unchanged", "refused" };
	json_int_t count[5] = { 0 };
	struct http_req *r = b->r;
	json_t *res;
	size_t i;

	if (b->failed) {
		if (held_problem(r, &b->ferr) != 1)
			;
		else if (b->ferr.code && strcmp(b->ferr.code, "shutdown") == 0)
			problem_send(r, "shutting_down", NULL,
			    "the node is shutting down; nothing was written");
		else
			problem_send(r, "storage_unavailable", NULL,
			    "the batch could not be made durable; nothing of it "
			    "was written (%s)", b->ferr.msg);
		batch_free(b);
		return;
	}
	if ((res = json_array()) == NULL) {
		problem_send(r, "internal", NULL, "out of memory");
		batch_free(b);
		return;
	}
	for (i = 0; i < b->nit; i++) {
		struct batch_item *it = &b->it[i];
		json_t *o;

		count[it->result]++;
		o = json_pack("{s:I, s:s?, s:s}", "line", (json_int_t)it->line,
		    "id", it->id[0] ? it->id : NULL, "result", names[it->result]);
		if (o != NULL && it->result == BI_REFUSED)
			json_object_update_new(o, json_pack("{s:i, s:s, s:s, s:s}",
			    "status", it->status, "code", it->err.code ?
			    it->err.code : "bad_value", "field", it->err.field,
			    "detail", it->err.msg));
		json_array_append_new(res, o);
	}
	http_reply_json(r, 200, json_pack("{s:o, s:I, s:I, s:I, s:I}", "results",
	    res, "created", count[BI_CREATED], "updated", count[BI_UPDATED],
	    "unchanged", count[BI_UNCHANGED], "refused", count[BI_REFUSED]));
	batch_free(b);
}

static void
batch_written(int status, const struct writer_result *res,
    const struct nferr *err, void *arg)
{
	struct batch_item *it = arg;
	struct batch *b = it->b;

	if (status != 0 && !b->failed) {
		b->failed = 1;
		b->ferr = *err;
	}
	if (--b->pending == 0)
		batch_reply(b);
}

/* One line: parse, check, compare with what is held, queue. */
static void
batch_line(struct batch *b, struct batch_item *it, const char *p, size_t l)
{
	struct node *n = b->n;
	json_t *o, *body, *v;
	const char *k, *id;
	enum record_type t;
	struct nferr err;
	char owner[RECORD_ORIGIN_SIZE], *text = NULL;
	size_t tl;
	int state;

	nferr_clear(&err);
	if ((o = json_loadb(p, l, JSON_REJECT_DUPLICATES, NULL)) == NULL ||
	    !json_is_object(o)) {
		nferr_set(&err, "bad_line", "", "a line is one JSON object: "
		    "{\"id\":...,\"body\":{...}}");
		goto refused;
	}
	json_object_foreach(o, k, v)
		if (strcmp(k, "id") != 0 && strcmp(k, "body") != 0) {
			nferr_set(&err, "unknown_field", "", "unknown field "
			    "\"%.64s\": a line has id and body", k);
			goto refused;
		}
	id = json_string_value(json_object_get(o, "id"));
	body = json_object_get(o, "body");
	if (id == NULL || !json_is_object(body)) {
		nferr_set(&err, "bad_line", id ? "/body" : "/id", "a line needs "
		    "an id (a string) and a body (an object)");
		goto refused;
	}
	if (record_id_parse(id, owner, &t, &err) != 0)
		goto refused;
	snprintf(it->id, sizeof(it->id), "%s", id);
	if (t == REC_KEY || api_collection_path(t) == NULL ||
	    strcmp(api_collection_path(t), "records") == 0) {
		nferr_set(&err, "not_found", "/id", "%s is not a record of a "
		    "collection", id);
		goto refused;
	}
	if (strcmp(owner, n->conf.country) != 0) {
		nferr_set(&err, "not_owner", "/id", "%s is owned by %s; only "
		    "%s's node can change it", id, owner, owner);
		goto refused;
	}
	/* as for a single write: an operator's version names no account,
	 * and a meeting's counts are this node's to say */
	json_object_del(body, "account");
	registrations_stamp(n, t, id, body);
	if (canon_dump(body, &text, &tl, &err) != 0)
		goto refused;
	if (store_record_compare(n->store, id, text, tl, &state, &err) != 0)
		goto refused;
	if (state == STORE_REC_SAME) {
		it->result = BI_UNCHANGED;
		goto out;
	}
	if (writer_queue(n->writer, OP_PUT, t, id, body, batch_written, it,
	    NULL, &err) != 0)
		goto refused;
	it->result = state == STORE_REC_UNKNOWN ? BI_CREATED : BI_UPDATED;
	b->pending++;
	goto out;
refused:
	refuse(it, &err);
out:
	free(text);
	json_decref(o);
}

void
api_batch(struct http_req *r, void *arg)
{
	struct node *n = arg;
	const char *data, *p, *end;
	struct batch *b;
	struct nferr err;
	size_t len, nlines = 0, line = 0;

	if (api_ndjson_type(r) != 0)
		return;
	if (http_body(r, &data, &len) != 0) {
		problem_send(r, "bad_body", NULL, "no request body");
		return;
	}
	for (p = data, end = data + len; p < end;) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t l = nl ? (size_t)(nl - p) : (size_t)(end - p);

		if (l > 0 && !(l == 1 && *p == '\r'))
			nlines++;
		p += l + (nl ? 1 : 0);
	}
	if (nlines > BATCH_LINES_MAX) {
		problem_send(r, "batch_too_large", NULL, "at most %d lines "
		    "a batch; this one has %zu", BATCH_LINES_MAX, nlines);
		return;
	}
	if (writer_held(n->writer, &err)) {
		held_problem(r, &err);
		return;
	}
	if (writer_pending(n->writer) + nlines > WRITER_QUEUE_MAX) {
		problem_send(r, "busy", NULL, "too many writes are waiting "
		    "for their commit; send the batch again");
		return;
	}
	if ((b = calloc(1, sizeof(*b))) == NULL ||
	    (b->it = calloc(nlines ? nlines : 1, sizeof(*b->it))) == NULL) {
		free(b);
		problem_send(r, "internal", NULL, "out of memory");
		return;
	}
	b->r = r;
	b->n = n;
	for (p = data; p < end;) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t l = nl ? (size_t)(nl - p) : (size_t)(end - p);

		line++;
		if (l > 0 && p[l - 1] == '\r')
			l--;
		if (l > 0) {
			struct batch_item *it = &b->it[b->nit++];

			it->line = line;
			it->b = b;
			batch_line(b, it, p, l);
		}
		p += (nl ? (size_t)(nl - p) + 1 : (size_t)(end - p));
	}
	if (b->pending == 0) {
		batch_reply(b);
		return;
	}
	http_defer(r);
	schedule_flush(n);
}
