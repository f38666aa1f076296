/*
 * api_fed: the federation routes peers call (docs/protocol.md, "Sync"):
 * GET /federation/v1/clock, GET /federation/v1/log/{origin}, POST
 * /federation/v1/push, GET and POST /federation/v1/forks, GET
 * /federation/v1/digest. They hand what arrives to node/sync*.c and read
 * what leaves from the store; the route table is api.c's.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "api_int.h"
#include "canon.h"
#include "log.h"
#include "node.h"
#include "problem.h"
#include "sync.h"

void
api_fed_clock(struct http_req *r, void *arg)
{
	struct node *n = arg;
	json_t *heads = NULL;
	struct nferr err;

	if (store_heads(n->store, &heads, &err) != 0) {
		problem_reply(r, &err);
		return;
	}
	http_reply_json(r, 200, heads);
}

void
api_fed_log(struct http_req *r, void *arg)
{
	struct node *n = arg;
	const char *origin = http_param(r, "origin");
	long long after, limit;
	struct nf_entry *ents;
	struct evbuffer *b;
	struct nferr err;
	size_t i, got = 0;

	if (!record_origin_valid(origin)) {
		problem_send(r, "not_found", "origin",
		    "origin must be one of SE NO DK FI IS GL FO AX");
		return;
	}
	if (http_query_int(r, "after", 0, INT64_MAX, 0, &after) != 0 ||
	    http_query_int(r, "limit", 1, STORE_LOG_MAX, 256, &limit) != 0)
		return;
	if ((ents = calloc((size_t)limit, sizeof(*ents))) == NULL) {
		problem_send(r, "internal", NULL, "out of memory");
		return;
	}
	if (store_log_read(n->store, origin, (uint64_t)after, (size_t)limit,
	    ents, &got, &err) != 0) {
		free(ents);
		problem_reply(r, &err);
		return;
	}
	b = evbuffer_new();
	for (i = 0; i < got; i++) {
		char *w;
		size_t l;

		/* a page stops once it holds SYNC_LOG_PAGE_BYTES, so it is
		 * at most that plus one entry (docs/protocol.md, Limits): the
		 * rest comes with the next request */
		if (evbuffer_get_length(b) >= SYNC_LOG_PAGE_BYTES) {
			entry_clear(&ents[i]);
			continue;
		}
		if (entry_encode(&ents[i], 1, &w, &l, NULL) == 0) {
			evbuffer_add(b, w, l);
			evbuffer_add(b, "\n", 1);
			free(w);
		}
		entry_clear(&ents[i]);
	}
	free(ents);
	http_reply(r, 200, "application/x-ndjson", b);
	evbuffer_free(b);
}

int
api_ndjson_type(struct http_req *r)
{
	const char *ct = http_header(r, "Content-Type");

	if (ct == NULL || (strncmp(ct, "application/x-ndjson", 20) != 0 &&
	    strncmp(ct, "application/jsonl", 17) != 0))
		return problem_send(r, "unsupported_media_type",
		    "Content-Type", "the body is application/x-ndjson: one "
		    "JSON object a line");
	return 0;
}

void
api_fed_push(struct http_req *r, void *arg)
{
	struct node *n = arg;
	const char *data, *peer = http_header(r, "X-Nordfed-Origin");
	size_t len;
	json_t *results, *heads;
	struct nferr err;
	char pname[8];

	if (api_ndjson_type(r) != 0 || http_body(r, &data, &len) != 0)
		return;
	results = json_array();
	heads = json_object();
	/* the cursor is kept under the sender's declared origin; it is only
	 * bookkeeping: every entry is verified against its origin's key */
	snprintf(pname, sizeof(pname), "push:%.2s", peer ? peer : "??");
	if (sync_ingest(n->sync, pname, data, len, results, heads, &err) != 0) {
		json_decref(results);
		json_decref(heads);
		problem_send(r, "storage_unavailable", NULL,
		    "could not store the batch; nothing was applied");
		return;
	}
	/* the whole clock, not only the origins touched: it keeps the
	 * sender's view of this node fresh for every origin */
	json_decref(heads);
	if (store_heads(n->store, &heads, &err) != 0) {
		json_decref(results);
		problem_reply(r, &err);
		return;
	}
	http_reply_json(r, 200, json_pack("{s:o, s:o}", "results", results,
	    "heads", heads));
}

void
api_fed_forks_get(struct http_req *r, void *arg)
{
	struct node *n = arg;
	json_t *out = NULL;
	struct nferr err;

	if (store_forks(n->store, &out, &err) != 0) {
		problem_reply(r, &err);
		return;
	}
	http_reply_json(r, 200, json_pack("{s:o}", "forks", out));
}

void
api_fed_forks_post(struct http_req *r, void *arg)
{
	struct node *n = arg;
	const char *data, *peer = http_header(r, "X-Nordfed-Origin");
	size_t len;
	struct nferr err;
	json_t *reply = NULL;
	char pname[8];

	if (http_body(r, &data, &len) != 0)
		return;
	snprintf(pname, sizeof(pname), "push:%.2s", peer ? peer : "??");
	if (sync_fork_receive(n->sync, pname, data, len, &reply, &err) != 0) {
		if (err.code != NULL && strcmp(err.code, "db_error") == 0)
			problem_send(r, "storage_unavailable", NULL,
			    "could not store the proof; nothing changed");
		else
			problem_reply(r, &err);
		return;
	}
	http_reply_json(r, 200, reply);
}

/*
 * A digest of this node's whole replicated state, for tests and for
 * operators comparing nodes: "log" hashes every origin's head (the chain
 * hashes commit to every entry before them), "records" hashes every live
 * record's canonical {"body","id","seq"} in bytewise order of id
 * (store_records_digest; docs/protocol.md section 7.1).
 */
void
api_fed_digest(struct http_req *r, void *arg)
{
	struct node *n = arg;
	unsigned char h[32];
	char hex[65];
	json_t *heads = NULL;
	struct nferr err;
	char *txt;
	size_t nrec = 0, i;

	if (store_heads(n->store, &heads, &err) != 0) {
		problem_reply(r, &err);
		return;
	}
	if (canon_dump(heads, &txt, &i, &err) != 0) {
		json_decref(heads);
		problem_send(r, "internal", NULL, "%s", err.msg);
		return;
	}
	crypto_generichash(h, sizeof(h), (unsigned char *)txt, i, NULL, 0);
	free(txt);
	sodium_bin2hex(hex, sizeof(hex), h, sizeof(h));
	if (store_records_digest(n->store, h, &nrec, &err) != 0) {
		json_decref(heads);
		problem_reply(r, &err);
		return;
	}
	{
		char rhex[65];
		json_int_t entries = 0;
		const char *k;
		json_t *v;

		json_object_foreach(heads, k, v)
			entries += json_integer_value(json_object_get(v, "seq"));
		sodium_bin2hex(rhex, sizeof(rhex), h, sizeof(h));
		http_reply_json(r, 200, json_pack("{s:s, s:s, s:I, s:I, s:o}",
		    "log", hex, "records", rhex, "entries", entries,
		    "record_count", (json_int_t)nrec, "heads", heads));
	}
}

