/*
 * admin: the operator endpoints behind nordfedctl (docs/operations.md).
 *
 *   POST /api/v1/admin/resync          fetch an origin again now, from one
 *                                      peer or all (sync_resync); with
 *                                      reset, drop this node's copy first
 *                                      (store_origin_reset)
 *   GET  /api/v1/admin/forks           the forks held, with which entry this
 *                                      node holds and the operator's decision
 *   POST /api/v1/admin/forks/resolve   record the decision and end the
 *                                      quarantine (store_fork_resolve); when
 *                                      this node holds the rejected entry,
 *                                      drop its copy of the origin and fetch
 *                                      it again
 *   POST /api/v1/admin/key/rotate      rotate this node's key: the key
 *                                      entry, the key file, the switch
 *                                      (node/rotate.c)
 *   POST /api/v1/admin/recover         fetch this node's own log back from
 *                                      its peers and sign on from its head
 *                                      (sync_recover: the own-log guard)
 *
 * Every route needs a bearer token, reads too (the forks list names the
 * token that decided each fork). Everything runs on
 * the loop thread; nothing here is kept between requests.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "canon.h"
#include "log.h"
#include "node.h"
#include "rotate.h"
#include "problem.h"

static const char *const admin_no_params[] = { NULL };

/* The request body as an object with only the listed members: a new
 * reference, or NULL after a reply. */
static json_t *
admin_body(struct http_req *r, const char *const *allowed)
{
	json_t *b = http_body_json(r), *v;
	const char *k;
	size_t i;

	if (b == NULL)
		return NULL;
	if (!json_is_object(b)) {
		problem_send(r, "bad_type", "", "the body is a JSON object");
		json_decref(b);
		return NULL;
	}
	json_object_foreach(b, k, v) {
		for (i = 0; allowed[i] != NULL; i++)
			if (strcmp(allowed[i], k) == 0)
				break;
		if (allowed[i] == NULL) {
			problem_send(r, "unknown_field", k,
			    "unknown field \"%.64s\"", k);
			json_decref(b);
			return NULL;
		}
	}
	return b;
}

/* origin member: "SE" (any case) into cc; 0 or -1 after a reply. */
static int
admin_origin(struct http_req *r, const json_t *b, char cc[RECORD_ORIGIN_SIZE])
{
	const char *o = json_string_value(json_object_get(b, "origin"));

	if (o == NULL)
		return problem_send(r, "missing_field", "origin",
		    "origin is required: one of SE NO DK FI IS GL FO AX");
	if (strlen(o) == 2) {
		cc[0] = (char)(o[0] & ~0x20);
		cc[1] = (char)(o[1] & ~0x20);
		cc[2] = '\0';
	} else {
		cc[0] = '\0';
	}
	if (!record_origin_valid(cc))
		return problem_send(r, "bad_value", "origin",
		    "origin must be one of SE NO DK FI IS GL FO AX");
	return 0;
}

/* An optional peer name member: NULL when absent, else borrowed from b;
 * *bad set after a reply when it names no configured peer. */
static const char *
admin_peer(struct http_req *r, struct node *n, const json_t *b, int *bad)
{
	json_t *v = json_object_get(b, "peer");
	const char *p;
	size_t i;

	*bad = 0;
	if (v == NULL || json_is_null(v))
		return NULL;
	p = json_string_value(v);
	for (i = 0; p != NULL && i < n->conf.npeers; i++)
		if (strcmp(n->conf.peers[i].name, p) == 0)
			return p;
	*bad = 1;
	problem_send(r, "not_found", "peer",
	    "no peer is called \"%.64s\" in this node's configuration",
	    p ? p : "?");
	return NULL;
}

static void
h_resync(struct http_req *r, void *arg)
{
	static const char *const allowed[] = { "origin", "from", "peer",
	    "reset", NULL };
	struct node *n = arg;
	json_t *b, *from, *out = NULL;
	const char *peer;
	struct nferr err;
	uint64_t f = 0, dropped = 0;
	char cc[RECORD_ORIGIN_SIZE];
	int bad, reset;

	if ((b = admin_body(r, allowed)) == NULL)
		return;
	if (admin_origin(r, b, cc) != 0)
		goto out;
	from = json_object_get(b, "from");
	if (from != NULL && !json_is_null(from)) {
		if (!json_is_integer(from) || json_integer_value(from) < 1) {
			problem_send(r, "bad_value", "from",
			    "from is a sequence number from 1");
			goto out;
		}
		f = (uint64_t)json_integer_value(from);
	}
	reset = json_is_true(json_object_get(b, "reset"));
	if (reset && f != 0) {
		problem_send(r, "bad_value", "from",
		    "reset fetches the whole origin again: it takes no from");
		goto out;
	}
	peer = admin_peer(r, n, b, &bad);
	if (bad)
		goto out;
	if (reset) {
		/* the checks sync_resync makes, before anything is dropped */
		if (strcmp(cc, n->conf.country) == 0) {
			problem_send(r, "bad_value", "origin",
			    "%s is this node's own origin: its log cannot be "
			    "dropped", cc);
			goto out;
		}
		if (store_quarantined(n->store, cc)) {
			problem_send(r, "quarantined", "origin",
			    "%s is quarantined after a fork: resolve the fork "
			    "(nordfedctl fork show %s)", cc, cc);
			goto out;
		}
		if (store_origin_reset(n->store, cc, &dropped, &err) != 0) {
			problem_reply(r, &err);
			goto out;
		}
		sync_keys_reset(n->sync, cc);
		log_warn("admin: %s dropped this node's copy of %s (%" PRIu64
		    " entries) to fetch it again", http_principal(r), cc,
		    dropped);
	}
	if (sync_resync(n->sync, cc, f, peer, &out, &err) != 0) {
		problem_reply(r, &err);
		goto out;
	}
	if (reset)
		json_object_set_new(out, "dropped", json_integer(
		    (json_int_t)dropped));
	log_info("admin: %s asked to fetch %s again from %s", http_principal(r),
	    cc, peer ? peer : "every peer");
	http_reply_json(r, 202, out);
out:
	json_decref(b);
}

/* The entry hash of a proof's side ("a" or "b") into out; 0 or -1. */
static int
proof_hash(const json_t *proof, const char *side,
    unsigned char out[ENTRY_HASH_LEN])
{
	struct nf_entry e;
	char *w;
	size_t wl;
	int rc;

	if (canon_dump(json_object_get(proof, side), &w, &wl, NULL) != 0)
		return -1;
	rc = entry_decode(w, wl, &e, NULL);
	free(w);
	if (rc != 0)
		return -1;
	memcpy(out, e.hash, ENTRY_HASH_LEN);
	entry_clear(&e);
	return 0;
}

static json_t *
hex_or_null(const unsigned char h[ENTRY_HASH_LEN], int have)
{
	char hex[2 * ENTRY_HASH_LEN + 1];

	if (!have)
		return json_null();
	entry_hex(h, hex);
	return json_string(hex);
}

static void
h_forks(struct http_req *r, void *arg)
{
	struct node *n = arg;
	json_t *forks = NULL, *res = NULL, *f, *q, *x;
	struct nferr err;
	size_t i, j;

	if (store_forks(n->store, &forks, &err) != 0 ||
	    store_fork_resolutions(n->store, &res, &err) != 0) {
		json_decref(forks);
		problem_reply(r, &err);
		return;
	}
	json_array_foreach(forks, i, f) {
		const char *o = json_string_value(json_object_get(f, "origin"));
		json_int_t seq = json_integer_value(json_object_get(f, "seq"));
		unsigned char h[ENTRY_HASH_LEN];
		int held = o != NULL && seq > 0 &&
		    store_hash_at(n->store, o, (uint64_t)seq, h, NULL) == 0;
		json_t *found = json_null();

		json_object_set_new(f, "held", hex_or_null(h, held));
		json_array_foreach(res, j, x)
			if (o != NULL && strcmp(o, json_string_value(
			    json_object_get(x, "origin"))) == 0 && seq ==
			    json_integer_value(json_object_get(x, "seq")))
				found = json_incref(x);
		json_object_set_new(f, "resolution", found);
		json_object_set_new(f, "state", json_string(json_is_null(found) ?
		    "open" : "resolved"));
	}
	json_decref(res);
	q = json_array();
	for (i = 0; i < RECORD_NORIGIN; i++)
		if (store_quarantined(n->store, record_origins[i]))
			json_array_append_new(q, json_string(record_origins[i]));
	http_reply_json(r, 200, json_pack("{s:o, s:o}", "forks", forks,
	    "quarantined", q));
}

static void
h_resolve(struct http_req *r, void *arg)
{
	static const char *const allowed[] = { "origin", "seq", "keep",
	    "refetch", "peer", NULL };
	struct node *n = arg;
	json_t *b, *forks = NULL, *f, *fork = NULL, *sync_out = NULL;
	unsigned char keep[ENTRY_HASH_LEN], ha[ENTRY_HASH_LEN],
	    hb[ENTRY_HASH_LEN], held[ENTRY_HASH_LEN];
	const char *keeps, *peer;
	struct nferr err;
	json_int_t seq;
	int refetch, have_held, drop, still = 0, bad;
	char cc[RECORD_ORIGIN_SIZE], hex[2 * ENTRY_HASH_LEN + 1],
	    khex[2 * ENTRY_HASH_LEN + 1];
	size_t i;

	if ((b = admin_body(r, allowed)) == NULL)
		return;
	if (admin_origin(r, b, cc) != 0)
		goto out;
	seq = json_integer_value(json_object_get(b, "seq"));
	if (!json_is_integer(json_object_get(b, "seq")) || seq < 1) {
		problem_send(r, "bad_value", "seq",
		    "seq is the sequence number of the fork, from 1");
		goto out;
	}
	keeps = json_string_value(json_object_get(b, "keep"));
	if (keeps == NULL || strlen(keeps) != 2 * ENTRY_HASH_LEN ||
	    entry_unhex(keeps, keep) != 0) {
		problem_send(r, "bad_value", "keep",
		    "keep is the entry hash (64 hex digits) of the entry to keep");
		goto out;
	}
	entry_hex(keep, khex);
	refetch = json_is_true(json_object_get(b, "refetch"));
	peer = admin_peer(r, n, b, &bad);
	if (bad)
		goto out;
	if (store_forks(n->store, &forks, &err) != 0) {
		problem_reply(r, &err);
		goto out;
	}
	json_array_foreach(forks, i, f)
		if (strcmp(json_string_value(json_object_get(f, "origin")),
		    cc) == 0 && json_integer_value(json_object_get(f, "seq")) ==
		    seq)
			fork = f;
	if (fork == NULL) {
		problem_send(r, "not_found", "seq",
		    "no fork of %s at seq %" JSON_INTEGER_FORMAT " is held", cc,
		    seq);
		goto out;
	}
	if (proof_hash(json_object_get(fork, "proof"), "a", ha) != 0 ||
	    proof_hash(json_object_get(fork, "proof"), "b", hb) != 0) {
		problem_send(r, "internal", NULL,
		    "the stored proof cannot be read");
		goto out;
	}
	if (memcmp(keep, ha, ENTRY_HASH_LEN) != 0 &&
	    memcmp(keep, hb, ENTRY_HASH_LEN) != 0) {
		problem_send(r, "bad_value", "keep",
		    "keep must be the hash of one of the fork's two entries "
		    "(nordfedctl fork show %s)", cc);
		goto out;
	}
	have_held = store_hash_at(n->store, cc, (uint64_t)seq, held, NULL) == 0;
	drop = have_held && memcmp(held, keep, ENTRY_HASH_LEN) != 0;
	if (drop && strcmp(cc, n->conf.country) == 0) {
		problem_send(r, "own_origin", "keep",
		    "this node wrote the other entry of %s at seq %"
		    JSON_INTEGER_FORMAT ": it cannot drop its own log; keep "
		    "the entry it holds", cc, seq);
		goto out;
	}
	if (drop && !refetch) {
		entry_hex(held, hex);
		problem_send(r, "holds_rejected", "keep",
		    "this node holds the other entry (%s) of %s at seq %"
		    JSON_INTEGER_FORMAT ": keeping the one asked for means "
		    "dropping this node's copy of %s and fetching it again from "
		    "peers; ask again with refetch", hex, cc, seq, cc);
		goto out;
	}
	if (store_fork_resolve(n->store, cc, (uint64_t)seq, keep,
	    http_principal(r), drop, &still, &err) != 0) {
		problem_reply(r, &err);
		goto out;
	}
	if (drop)
		sync_keys_reset(n->sync, cc);
	log_warn("admin: %s resolved the fork of %s at seq %" JSON_INTEGER_FORMAT
	    ": kept %.16s%s%s", http_principal(r), cc, seq, khex,
	    drop ? ", dropped this node's copy of the origin" : "",
	    still ? "; another fork keeps it quarantined" : "");
	/* pulling resumes now rather than at the next timer */
	if (!still && strcmp(cc, n->conf.country) != 0 &&
	    sync_resync(n->sync, cc, 0, peer, &sync_out, &err) != 0)
		log_warn("admin: fetching %s again: %s", cc, err.msg);
	http_reply_json(r, 200, json_pack("{s:s, s:I, s:s, s:o, s:b, s:b, s:o}",
	    "origin", cc, "seq", (json_int_t)seq, "kept", khex,
	    "held_before", hex_or_null(held, have_held), "dropped", drop,
	    "quarantined", still, "resync", sync_out ? sync_out : json_null()));
out:
	json_decref(forks);
	json_decref(b);
}

static void
h_key_rotate(struct http_req *r, void *arg)
{
	static const char *const allowed[] = { "new_key_file", NULL };
	struct node *n = arg;
	json_t *b, *v, *out = NULL;
	const char *path = NULL, *c;
	struct nferr err;

	if ((b = admin_body(r, allowed)) == NULL)
		return;
	v = json_object_get(b, "new_key_file");
	if (v != NULL && !json_is_null(v)) {
		path = json_string_value(v);
		if (path == NULL || path[0] != '/' || strlen(path) >= 4096) {
			problem_send(r, "bad_value", "new_key_file",
			    "new_key_file is the absolute path of a key file on "
			    "the node's machine (nordfedctl keygen --out FILE)");
			goto out;
		}
	}
	nferr_clear(&err);
	if (rotate_run(n, path, &out, &err) != 0) {
		c = err.code ? err.code : "internal";
		if (strcmp(c, "key_file") == 0 || strcmp(c, "key_file_mode") == 0)
			snprintf(err.field, sizeof(err.field), "new_key_file");
		if (problem_status(c) >= 500)
			log_error("admin: key rotation: %s", err.msg);
		if (problem_known(c))
			problem_reply(r, &err);
		else	/* the writer's: the key entry was not made durable */
			problem_send(r, "storage_unavailable", NULL,
			    "the key entry could not be made durable; nothing "
			    "was changed (%s)", err.msg);
		goto out;
	}
	log_info("admin: %s rotated this node's key", http_principal(r));
	http_reply_json(r, 200, out);
out:
	json_decref(b);
}

static void
h_recover(struct http_req *r, void *arg)
{
	static const char *const allowed[] = { "peer", "trust_local", NULL };
	struct node *n = arg;
	json_t *b, *tl, *out = NULL;
	const char *peer;
	struct nferr err;
	int bad;

	if ((b = admin_body(r, allowed)) == NULL)
		return;
	tl = json_object_get(b, "trust_local");
	if (tl != NULL && !json_is_boolean(tl)) {
		problem_send(r, "bad_value", "trust_local",
		    "trust_local is true or false");
		goto out;
	}
	peer = admin_peer(r, n, b, &bad);
	if (bad)
		goto out;
	if (sync_recover(n->sync, peer, json_is_true(tl), &out, &err) != 0) {
		problem_reply(r, &err);
		goto out;
	}
	log_info("admin: %s asked to recover this node's own log%s%s%s: %s",
	    http_principal(r), peer ? " from " : "", peer ? peer : "",
	    json_is_true(tl) ? " (trust_local)" : "",
	    json_string_value(json_object_get(out, "state")));
	http_reply_json(r, strcmp(json_string_value(json_object_get(out,
	    "state")), "ok") == 0 ? 200 : 202, out);
out:
	json_decref(b);
}

static const struct http_route admin_routes[] = {
	{ HTTP_POST, "/api/v1/admin/resync", h_resync, HTTP_AUTH_REQUIRED, admin_no_params },
	{ HTTP_GET, "/api/v1/admin/forks", h_forks, HTTP_AUTH_REQUIRED, admin_no_params },
	{ HTTP_POST, "/api/v1/admin/forks/resolve", h_resolve, HTTP_AUTH_REQUIRED, admin_no_params },
	{ HTTP_POST, "/api/v1/admin/key/rotate", h_key_rotate, HTTP_AUTH_REQUIRED, admin_no_params },
	{ HTTP_POST, "/api/v1/admin/recover", h_recover, HTTP_AUTH_REQUIRED, admin_no_params },
};

int
admin_register(struct node *n)
{
	return http_routes_add(n->http, admin_routes,
	    sizeof(admin_routes) / sizeof(admin_routes[0]), n);
}
