/*
 * store_log: the signed logs. Heads, the chain view for entry_verify, log
 * reads for relays, the append of local entries and the apply of
 * replicated ones (each batch one transaction, with the peer cursor),
 * forks and quarantine, peer cursors, and the operator repairs (fork
 * resolution, dropping an origin). What an entry changes in the record
 * tables is store_index.c's.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "canon.h"
#include "store_int.h"

/* meta key prefix of an operator's fork decision (see store_fork_resolve) */
#define FORK_RESOLVED_PREFIX "fork_resolved/"

/* ---- heads ---------------------------------------------------------- */

int
store_head(struct store *s, const char *origin, uint64_t *seq,
    unsigned char hash[ENTRY_HASH_LEN], struct nferr *err)
{
	sqlite3_stmt *q = st(s, ST_HEAD_GET);
	int rc;

	*seq = 0;
	memset(hash, 0, ENTRY_HASH_LEN);
	bind_text(q, 1, origin);
	rc = sqlite3_step(q);
	if (rc == SQLITE_ROW) {
		*seq = (uint64_t)sqlite3_column_int64(q, 0);
		if (sqlite3_column_bytes(q, 1) == ENTRY_HASH_LEN)
			memcpy(hash, sqlite3_column_blob(q, 1), ENTRY_HASH_LEN);
	}
	sqlite3_reset(q);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return store_db_err(s, err, "head");
	return 0;
}

int
store_heads(struct store *s, json_t **out, struct nferr *err)
{
	sqlite3_stmt *q = st(s, ST_HEADS);
	char hex[2 * ENTRY_HASH_LEN + 1];
	json_t *o = json_object(), *h;
	int rc;

	*out = NULL;
	if (o == NULL)
		return nferr_set(err, "internal", "", "out of memory");
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		if (sqlite3_column_bytes(q, 2) != ENTRY_HASH_LEN)
			continue;
		entry_hex(sqlite3_column_blob(q, 2), hex);
		h = json_pack("{s:I, s:s}", "seq",
		    (json_int_t)sqlite3_column_int64(q, 1), "hash", hex);
		if (h == NULL || json_object_set_new(o, col_text(q, 0), h) != 0)
			break;
	}
	sqlite3_reset(q);
	if (rc != SQLITE_DONE) {
		json_decref(o);
		return store_db_err(s, err, "heads");
	}
	*out = o;
	return 0;
}

int
store_hash_at(struct store *s, const char *origin, uint64_t seq,
    unsigned char out[ENTRY_HASH_LEN], struct nferr *err)
{
	sqlite3_stmt *q = st(s, ST_HASH_AT);
	int rc, found = 0;

	bind_text(q, 1, origin);
	bind_u64(q, 2, seq);
	rc = sqlite3_step(q);
	if (rc == SQLITE_ROW && sqlite3_column_bytes(q, 0) == ENTRY_HASH_LEN) {
		memcpy(out, sqlite3_column_blob(q, 0), ENTRY_HASH_LEN);
		found = 1;
	}
	sqlite3_reset(q);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return store_db_err(s, err, "hash_at");
	if (!found)
		return nferr_set(err, "not_found", "",
		    "no entry %s/%" PRIu64, origin, seq);
	return 0;
}

static int
chain_hash_at(void *ctx, uint64_t seq, unsigned char out[ENTRY_HASH_LEN])
{
	struct store_chain *sc = ctx;

	return store_hash_at(sc->s, sc->origin, seq, out, NULL);
}

int
store_chain_view(struct store *s, const char *origin, struct store_chain *sc,
    struct nferr *err)
{
	memset(sc, 0, sizeof(*sc));
	sc->s = s;
	snprintf(sc->origin, sizeof(sc->origin), "%s", origin);
	if (store_head(s, origin, &sc->cv.head_seq, sc->cv.head_hash,
	    err) != 0)
		return -1;
	sc->cv.hash_at = chain_hash_at;
	sc->cv.ctx = sc;
	return 0;
}

/* ---- the log -------------------------------------------------------- */

static enum entry_op
op_from_name(const char *s)
{
	if (s == NULL)
		return 0;
	if (strcmp(s, "put") == 0)
		return OP_PUT;
	if (strcmp(s, "delete") == 0)
		return OP_DELETE;
	if (strcmp(s, "key") == 0)
		return OP_KEY;
	return 0;
}

static const char *
op_name(enum entry_op op)
{
	switch (op) {
	case OP_PUT:
		return "put";
	case OP_DELETE:
		return "delete";
	case OP_KEY:
		return "key";
	}
	return "?";
}

static int
blob32(sqlite3_stmt *q, int i, unsigned char out[32])
{
	if (sqlite3_column_bytes(q, i) != 32)
		return -1;
	memcpy(out, sqlite3_column_blob(q, i), 32);
	return 0;
}

/* Fill e from one ST_LOG_READ row. */
static int
log_row(sqlite3_stmt *q, const char *origin, struct nf_entry *e)
{
	const char *t;
	size_t hl;

	entry_init(e);
	snprintf(e->origin, sizeof(e->origin), "%s", origin);
	e->seq = (uint64_t)sqlite3_column_int64(q, 0);
	e->v = sqlite3_column_int(q, 1);
	if (blob32(q, 2, e->hash) || blob32(q, 3, e->prev))
		return -1;
	snprintf(e->ts, sizeof(e->ts), "%s", col_text(q, 4) ? col_text(q, 4) : "");
	e->op = op_from_name(col_text(q, 5));
	e->type = record_type_from_name(col_text(q, 6));
	if (e->op == 0 || e->type == REC_NONE || (t = col_text(q, 7)) == NULL)
		return -1;
	snprintf(e->id, sizeof(e->id), "%s", t);
	if (sqlite3_column_type(q, 8) != SQLITE_NULL) {
		if (blob32(q, 8, e->body_hash))
			return -1;
		e->has_body_hash = 1;
	}
	snprintf(e->key, sizeof(e->key), "%s", col_text(q, 9) ? col_text(q, 9) : "");
	if (sqlite3_column_bytes(q, 10) != KEY_SIG_LEN)
		return -1;
	memcpy(e->sig, sqlite3_column_blob(q, 10), KEY_SIG_LEN);
	hl = (size_t)sqlite3_column_bytes(q, 11);
	if ((e->header = malloc(hl + 1)) == NULL)
		return -1;
	memcpy(e->header, sqlite3_column_blob(q, 11), hl);
	e->header[hl] = '\0';
	e->header_len = hl;
	if (sqlite3_column_type(q, 12) != SQLITE_NULL) {
		e->body = json_loadb(col_text(q, 12),
		    (size_t)sqlite3_column_bytes(q, 12), JSON_REJECT_DUPLICATES,
		    NULL);
		if (e->body == NULL)
			return -1;
	}
	return 0;
}

int
store_log_read(struct store *s, const char *origin, uint64_t after,
    size_t max, struct nf_entry *out, size_t *n, struct nferr *err)
{
	sqlite3_stmt *q;
	int rc;

	*n = 0;
	if (max < 1 || max > STORE_LOG_MAX || after > INT64_MAX)
		return nferr_set(err, "bad_value", "/limit",
		    "limit must be 1 to %d", STORE_LOG_MAX);
	q = st(s, ST_LOG_READ);
	bind_text(q, 1, origin);
	bind_u64(q, 2, after);
	sqlite3_bind_int64(q, 3, (sqlite3_int64)max);
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		if (log_row(q, origin, &out[*n]) != 0) {
			entry_clear(&out[*n]);
			rc = SQLITE_CORRUPT;
			break;
		}
		(*n)++;
	}
	sqlite3_reset(q);
	if (rc != SQLITE_DONE) {
		while (*n > 0)
			entry_clear(&out[--*n]);
		if (rc == SQLITE_CORRUPT)
			return nferr_set(err, "db_error", "",
			    "a stored entry of %s could not be read", origin);
		return store_db_err(s, err, "log read");
	}
	return 0;
}

static int
append_one(struct store *s, const struct nf_entry *e, int remote,
    struct nferr *err)
{
	unsigned char hhash[ENTRY_HASH_LEN], have[ENTRY_HASH_LEN];
	char owner[3], *body = NULL;
	enum record_type rt;
	size_t blen = 0;
	uint64_t hseq;
	sqlite3_stmt *q;
	int rc = -1;

	if (!record_origin_valid(e->origin) || e->header == NULL ||
	    e->op < OP_PUT || e->op > OP_KEY || e->type <= REC_NONE ||
	    e->type >= REC__COUNT || e->seq < 1 || e->seq > INT64_MAX)
		return nferr_set(err, "bad_value", "", "malformed entry");
	if (record_id_parse(e->id, owner, &rt, NULL) != 0 || rt != e->type ||
	    strcmp(owner, e->origin) != 0)
		return nferr_set(err, "not_owner", "",
		    "entry %s/%" PRIu64 ": record %s is not a %s of %s",
		    e->origin, e->seq, e->id, record_type_name(e->type),
		    e->origin);
	if (e->op != OP_DELETE && e->body == NULL && !remote)
		return nferr_set(err, "bad_value", "/body",
		    "a local %s needs its body", op_name(e->op));
	if (store_head(s, e->origin, &hseq, hhash, err) != 0)
		return -1;
	if (e->seq <= hseq) {
		if (store_hash_at(s, e->origin, e->seq, have, err) != 0)
			return -1;
		if (remote && memcmp(have, e->hash, ENTRY_HASH_LEN) == 0)
			return 1;
		return nferr_set(err, remote ? "fork" : "chain", "/seq",
		    "%s/%" PRIu64 " is already held%s", e->origin, e->seq,
		    remote ? " with another hash" : "");
	}
	if (e->seq != hseq + 1)
		return nferr_set(err, "chain", "/seq",
		    "%s/%" PRIu64 " does not follow head %" PRIu64, e->origin,
		    e->seq, hseq);
	if (memcmp(e->prev, hhash, ENTRY_HASH_LEN) != 0)
		return nferr_set(err, "chain", "/prev",
		    "%s/%" PRIu64 ": prev is not the hash of entry %" PRIu64,
		    e->origin, e->seq, hseq);
	if (e->body != NULL && canon_dump(e->body, &body, &blen, err) != 0)
		return -1;

	q = st(s, ST_HEAD_SET);
	bind_text(q, 1, e->origin);
	bind_u64(q, 2, e->seq);
	sqlite3_bind_blob(q, 3, e->hash, ENTRY_HASH_LEN, SQLITE_TRANSIENT);
	if (st_run(s, q, err, "head") != 0)
		goto out;
	q = st(s, ST_ENTRY_INS);
	bind_text(q, 1, e->origin);
	bind_u64(q, 2, e->seq);
	sqlite3_bind_int(q, 3, e->v);
	sqlite3_bind_blob(q, 4, e->hash, ENTRY_HASH_LEN, SQLITE_TRANSIENT);
	sqlite3_bind_blob(q, 5, e->prev, ENTRY_HASH_LEN, SQLITE_TRANSIENT);
	bind_text(q, 6, e->ts);
	bind_text(q, 7, op_name(e->op));
	bind_text(q, 8, record_type_name(e->type));
	bind_text(q, 9, e->id);
	if (e->has_body_hash)
		sqlite3_bind_blob(q, 10, e->body_hash, ENTRY_HASH_LEN,
		    SQLITE_TRANSIENT);
	bind_text(q, 11, e->key);
	sqlite3_bind_blob(q, 12, e->sig, KEY_SIG_LEN, SQLITE_TRANSIENT);
	sqlite3_bind_blob(q, 13, e->header, (int)e->header_len,
	    SQLITE_TRANSIENT);
	if (body != NULL)
		sqlite3_bind_text(q, 14, body, (int)blen, SQLITE_TRANSIENT);
	sqlite3_bind_int64(q, 15, store_now_ms());
	if (st_run(s, q, err, "entry insert") != 0)
		goto out;

	if (e->op == OP_DELETE)
		rc = store_apply_delete(s, e, err);
	else if (body != NULL)
		rc = store_apply_put(s, e, body, err);
	else
		rc = store_prune(s, e, err);   /* a relayed put without body */
out:
	free(body);
	return rc;
}

int
store_append_local(struct store *s, const struct nf_entry *e, size_t n,
    struct nferr *err)
{
	size_t i;

	if (n == 0)
		return 0;
	if (tx_begin(s, err) != 0)
		return -1;
	for (i = 0; i < n; i++) {
		if (strcmp(e[i].origin, s->origin) != 0) {
			nferr_set(err, "chain", "/origin",
			    "a local entry must have origin %s, not %s",
			    s->origin, e[i].origin);
			goto fail;
		}
		if (append_one(s, &e[i], 0, err) != 0)
			goto fail;
	}
	if (tx_commit(s, err) != 0)
		goto fail;
	store_local_settle(s);   /* persons erased with an organisation */
	return 0;
fail:
	tx_rollback(s);
	return -1;
}

static int
cursor_set_tx(struct store *s, const char *peer, const char *origin,
    uint64_t seq, struct nferr *err)
{
	sqlite3_stmt *q = st(s, ST_CURSOR_SET);

	bind_text(q, 1, peer);
	bind_text(q, 2, origin);
	bind_u64(q, 3, seq);
	sqlite3_bind_int64(q, 4, store_now_ms());
	return st_run(s, q, err, "cursor");
}

int
store_apply_remote(struct store *s, const struct nf_entry *e, size_t n,
    const char *peer_name, struct nferr *err)
{
	size_t i, j;
	int rc;

	if (n == 0)
		return 0;
	if (peer_name != NULL && (*peer_name == '\0' ||
	    strlen(peer_name) >= STORE_NAME_MAX))
		return nferr_set(err, "bad_value", "", "bad peer name");
	if (tx_begin(s, err) != 0)
		return -1;
	for (i = 0; i < n; i++) {
		if (store_quarantined(s, e[i].origin)) {
			nferr_set(err, "quarantined", "/origin",
			    "origin %s is quarantined after a fork",
			    e[i].origin);
			goto fail;
		}
		if ((rc = append_one(s, &e[i], 1, err)) < 0)
			goto fail;
		if (peer_name == NULL)
			continue;
		/* the cursor moves to the last entry of this origin */
		for (j = i + 1; j < n; j++)
			if (strcmp(e[j].origin, e[i].origin) == 0)
				break;
		if (j == n && cursor_set_tx(s, peer_name, e[i].origin,
		    e[i].seq, err) != 0)
			goto fail;
	}
	if (tx_commit(s, err) != 0)
		goto fail;
	store_local_settle(s);   /* this node's own log fetched back */
	return 0;
fail:
	tx_rollback(s);
	return -1;
}

int
store_record_fork(struct store *s, const char *origin, uint64_t seq,
    const char *proof_json, struct nferr *err)
{
	sqlite3_stmt *q;
	int64_t now = store_now_ms();

	if (!record_origin_valid(origin) || proof_json == NULL ||
	    seq > INT64_MAX)
		return nferr_set(err, "bad_value", "", "bad fork record");
	if (tx_begin(s, err) != 0)
		return -1;
	q = st(s, ST_FORK_INS);
	bind_text(q, 1, origin);
	bind_u64(q, 2, seq);
	bind_text(q, 3, proof_json);
	sqlite3_bind_int64(q, 4, now);
	if (st_run(s, q, err, "fork") != 0)
		goto fail;
	{
		/* a fork an operator already resolved stays resolved when
		 * its proof comes round again from a peer */
		char key[64];
		int resolved;

		snprintf(key, sizeof(key), FORK_RESOLVED_PREFIX "%s/%" PRIu64,
		    origin, seq);
		q = st(s, ST_META_GET);
		bind_text(q, 1, key);
		resolved = sqlite3_step(q) == SQLITE_ROW;
		sqlite3_reset(q);
		if (resolved)
			return tx_commit(s, err) != 0 ? (tx_rollback(s), -1) : 0;
	}
	q = st(s, ST_QUAR_SET);
	bind_text(q, 1, origin);
	sqlite3_bind_int64(q, 2, now);
	if (st_run(s, q, err, "quarantine") != 0 || tx_commit(s, err) != 0)
		goto fail;
	return 0;
fail:
	tx_rollback(s);
	return -1;
}

int
store_fork_state(struct store *s, const char *origin, uint64_t seq,
    int *state, struct nferr *err)
{
	sqlite3_stmt *q = NULL;
	char key[64];
	int rc;

	*state = 0;
	if (!record_origin_valid(origin) || seq > INT64_MAX)
		return nferr_set(err, "bad_value", "", "bad fork");
	if (sqlite3_prepare_v2(s->db, "SELECT 1 FROM forks WHERE origin = ?1 "
	    "AND seq = ?2", -1, &q, NULL) != SQLITE_OK)
		return store_db_err(s, err, "prepare");
	bind_text(q, 1, origin);
	bind_u64(q, 2, seq);
	rc = sqlite3_step(q);
	sqlite3_finalize(q);
	if (rc == SQLITE_DONE)
		return 0;
	if (rc != SQLITE_ROW)
		return store_db_err(s, err, "fork");
	*state = 1;
	snprintf(key, sizeof(key), FORK_RESOLVED_PREFIX "%s/%" PRIu64, origin,
	    seq);
	q = st(s, ST_META_GET);
	bind_text(q, 1, key);
	rc = sqlite3_step(q);
	sqlite3_reset(q);
	if (rc == SQLITE_ROW)
		*state = 2;
	else if (rc != SQLITE_DONE)
		return store_db_err(s, err, "resolution");
	return 0;
}

int
store_quarantined(struct store *s, const char *origin)
{
	sqlite3_stmt *q = st(s, ST_QUAR_GET);
	int r = 0;

	bind_text(q, 1, origin);
	if (sqlite3_step(q) == SQLITE_ROW)
		r = sqlite3_column_int(q, 0) != 0;
	sqlite3_reset(q);
	return r;
}

int
store_forks(struct store *s, json_t **out, struct nferr *err)
{
	sqlite3_stmt *q = st(s, ST_FORKS);
	char ts[ENTRY_TS_LEN + 1];
	json_t *a = json_array(), *proof;
	const char *p;
	int rc;

	*out = NULL;
	if (a == NULL)
		return nferr_set(err, "internal", "", "out of memory");
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		entry_ts_format(sqlite3_column_int64(q, 3), ts);
		p = col_text(q, 2);
		proof = p ? json_loads(p, JSON_REJECT_DUPLICATES, NULL) : NULL;
		if (proof == NULL)
			proof = p ? json_string(p) : json_null();
		json_array_append_new(a, json_pack("{s:s, s:I, s:s, s:o}",
		    "origin", col_text(q, 0),
		    "seq", (json_int_t)sqlite3_column_int64(q, 1),
		    "detected", ts, "proof", proof));
	}
	sqlite3_reset(q);
	if (rc != SQLITE_DONE) {
		json_decref(a);
		return store_db_err(s, err, "forks");
	}
	*out = a;
	return 0;
}

/* ---- peer cursors --------------------------------------------------- */

int
store_cursor_get(struct store *s, const char *peer, const char *origin,
    uint64_t *seq, struct nferr *err)
{
	sqlite3_stmt *q = st(s, ST_CURSOR_GET);
	int rc;

	*seq = 0;
	bind_text(q, 1, peer);
	bind_text(q, 2, origin);
	rc = sqlite3_step(q);
	if (rc == SQLITE_ROW)
		*seq = (uint64_t)sqlite3_column_int64(q, 0);
	sqlite3_reset(q);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return store_db_err(s, err, "cursor");
	return 0;
}

int
store_cursor_set(struct store *s, const char *peer, const char *origin,
    uint64_t seq, struct nferr *err)
{
	if (peer == NULL || *peer == '\0' || strlen(peer) >= STORE_NAME_MAX ||
	    !record_origin_valid(origin) || seq > INT64_MAX)
		return nferr_set(err, "bad_value", "", "bad cursor");
	return cursor_set_tx(s, peer, origin, seq, err);
}

int
store_cursors(struct store *s, const char *peer, json_t **out,
    struct nferr *err)
{
	sqlite3_stmt *q = st(s, ST_CURSORS);
	json_t *o = json_object();
	int rc;

	*out = NULL;
	if (o == NULL)
		return nferr_set(err, "internal", "", "out of memory");
	bind_text(q, 1, peer);
	while ((rc = sqlite3_step(q)) == SQLITE_ROW)
		json_object_set_new(o, col_text(q, 0),
		    json_integer(sqlite3_column_int64(q, 1)));
	sqlite3_reset(q);
	if (rc != SQLITE_DONE) {
		json_decref(o);
		return store_db_err(s, err, "cursors");
	}
	*out = o;
	return 0;
}

/* ---- operator repairs (node/admin.c, nordfedctl) -------------------- */

/*
 * These run rarely and at an operator's request, so their statements are
 * prepared on use rather than at open. A resolution is kept in meta under
 * "fork_resolved/<origin>/<seq>" (the forks row and its proof stay).
 */

static int
once_run(struct store *s, const char *sql, const char *t1, const char *t2,
    struct nferr *err)
{
	sqlite3_stmt *q = NULL;
	int rc;

	if (sqlite3_prepare_v2(s->db, sql, -1, &q, NULL) != SQLITE_OK)
		return store_db_err(s, err, "prepare");
	if (t1 != NULL)
		bind_text(q, 1, t1);
	if (t2 != NULL)
		bind_text(q, 2, t2);
	while ((rc = sqlite3_step(q)) == SQLITE_ROW)
		;
	sqlite3_finalize(q);
	if (rc != SQLITE_DONE)
		return store_db_err(s, err, "repair");
	return 0;
}

/* Drop everything held of origin (not this node's own), within the
 * caller's transaction: records and what derives from them, entries,
 * the head, cursors. */
static int
origin_drop(struct store *s, const char *origin, struct nferr *err)
{
	sqlite3_stmt *q = NULL;
	int rc;

	if (sqlite3_prepare_v2(s->db, "SELECT rid, type, country, deleted "
	    "FROM records WHERE origin = ?1", -1, &q, NULL) != SQLITE_OK)
		return store_db_err(s, err, "prepare");
	bind_text(q, 1, origin);
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		char type[32], country[8];
		int64_t rid = sqlite3_column_int64(q, 0);

		snprintf(type, sizeof(type), "%s", col_text(q, 1) ?
		    col_text(q, 1) : "");
		snprintf(country, sizeof(country), "%s", col_text(q, 2) ?
		    col_text(q, 2) : "");
		if (store_unindex(s, rid, err) != 0 || (sqlite3_column_int(q, 3) == 0 &&
		    store_count_add(s, type, country, -1, err) != 0)) {
			sqlite3_finalize(q);
			return -1;
		}
	}
	sqlite3_finalize(q);
	if (rc != SQLITE_DONE)
		return store_db_err(s, err, "records of origin");
	if (once_run(s, "DELETE FROM records WHERE origin = ?1", origin, NULL,
	    err) != 0 ||
	    once_run(s, "DELETE FROM entries WHERE origin = ?1", origin, NULL,
	    err) != 0 ||
	    once_run(s, "DELETE FROM peer_cursors WHERE origin = ?1", origin,
	    NULL, err) != 0 ||
	    once_run(s, "UPDATE origins SET head_seq = 0, head_hash = NULL "
	    "WHERE origin = ?1", origin, NULL, err) != 0)
		return -1;
	return 0;
}

int
store_fork_resolve(struct store *s, const char *origin, uint64_t seq,
    const unsigned char keep[ENTRY_HASH_LEN], const char *by, int drop,
    int *still_quarantined, struct nferr *err)
{
	sqlite3_stmt *q = NULL;
	char key[64], hex[2 * ENTRY_HASH_LEN + 1], *val = NULL;
	json_t *v;
	size_t vl;
	int rc, open = 0;

	*still_quarantined = 0;
	if (!record_origin_valid(origin) || seq < 1 || seq > INT64_MAX)
		return nferr_set(err, "bad_value", "", "bad fork");
	if (drop && strcmp(origin, s->origin) == 0)
		return nferr_set(err, "bad_value", "/origin",
		    "%s is this node's own origin: its log cannot be dropped",
		    origin);
	if (tx_begin(s, err) != 0)
		return -1;
	if (sqlite3_prepare_v2(s->db, "SELECT 1 FROM forks WHERE origin = ?1 "
	    "AND seq = ?2", -1, &q, NULL) != SQLITE_OK) {
		store_db_err(s, err, "prepare");
		goto fail;
	}
	bind_text(q, 1, origin);
	bind_u64(q, 2, seq);
	rc = sqlite3_step(q);
	sqlite3_finalize(q);
	if (rc != SQLITE_ROW) {
		if (rc == SQLITE_DONE)
			nferr_set(err, "not_found", "/seq",
			    "no fork of %s at seq %" PRIu64 " is held", origin,
			    seq);
		else
			store_db_err(s, err, "fork");
		goto fail;
	}
	entry_hex(keep, hex);
	v = json_pack("{s:s, s:I, s:s?, s:b}", "kept", hex, "resolved",
	    (json_int_t)store_now_ms(), "by", by, "dropped", drop);
	if (v == NULL || canon_dump(v, &val, &vl, err) != 0) {
		json_decref(v);
		if (err != NULL && err->code == NULL)
			nferr_set(err, "internal", "", "out of memory");
		goto fail;
	}
	json_decref(v);
	snprintf(key, sizeof(key), FORK_RESOLVED_PREFIX "%s/%" PRIu64, origin,
	    seq);
	q = st(s, ST_META_SET);
	bind_text(q, 1, key);
	bind_text(q, 2, val);
	free(val);
	if (st_run(s, q, err, "resolution") != 0)
		goto fail;
	if (drop && origin_drop(s, origin, err) != 0)
		goto fail;
	/* the quarantine ends when every fork of origin is resolved */
	if (sqlite3_prepare_v2(s->db, "SELECT count(*) FROM forks AS f "
	    "WHERE f.origin = ?1 AND NOT EXISTS (SELECT 1 FROM meta WHERE "
	    "key = ?2 || f.origin || '/' || f.seq)", -1, &q, NULL) !=
	    SQLITE_OK) {
		store_db_err(s, err, "prepare");
		goto fail;
	}
	bind_text(q, 1, origin);
	bind_text(q, 2, FORK_RESOLVED_PREFIX);
	if (sqlite3_step(q) == SQLITE_ROW)
		open = sqlite3_column_int(q, 0);
	else
		open = -1;
	sqlite3_finalize(q);
	if (open < 0) {
		store_db_err(s, err, "forks");
		goto fail;
	}
	if (open == 0 && once_run(s, "UPDATE origins SET quarantined = 0, "
	    "quarantined_at = NULL WHERE origin = ?1", origin, NULL, err) != 0)
		goto fail;
	if (tx_commit(s, err) != 0)
		goto fail;
	*still_quarantined = open > 0;
	return 0;
fail:
	tx_rollback(s);
	return -1;
}

int
store_fork_resolutions(struct store *s, json_t **out, struct nferr *err)
{
	sqlite3_stmt *q = NULL;
	json_t *a = json_array();
	int rc;

	*out = NULL;
	if (a == NULL)
		return nferr_set(err, "internal", "", "out of memory");
	if (sqlite3_prepare_v2(s->db, "SELECT key, value FROM meta WHERE "
	    "key >= ?1 AND key < ?2 ORDER BY key", -1, &q, NULL) != SQLITE_OK) {
		json_decref(a);
		return store_db_err(s, err, "prepare");
	}
	bind_text(q, 1, FORK_RESOLVED_PREFIX);
	bind_text(q, 2, "fork_resolved0");	/* '0' follows '/' */
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		const char *k = col_text(q, 0) + strlen(FORK_RESOLVED_PREFIX);
		json_t *v = col_json(q, 1);
		char o[3] = "", ts[ENTRY_TS_LEN + 1];
		unsigned long long seq = 0;
		json_t *r;

		if (strlen(k) < 4 || k[2] != '/' || !json_is_object(v)) {
			json_decref(v);
			continue;
		}
		memcpy(o, k, 2);
		seq = strtoull(k + 3, NULL, 10);
		entry_ts_format(json_integer_value(json_object_get(v,
		    "resolved")), ts);
		r = json_pack("{s:s, s:I, s:O, s:s, s:O, s:b}", "origin", o,
		    "seq", (json_int_t)seq, "kept", json_object_get(v, "kept"),
		    "resolved", ts, "by", json_object_get(v, "by") ?
		    json_object_get(v, "by") : json_null(), "dropped",
		    json_is_true(json_object_get(v, "dropped")));
		if (r != NULL)
			json_array_append_new(a, r);
		json_decref(v);
	}
	sqlite3_finalize(q);
	if (rc != SQLITE_DONE) {
		json_decref(a);
		return store_db_err(s, err, "resolutions");
	}
	*out = a;
	return 0;
}

int
store_origin_reset(struct store *s, const char *origin, uint64_t *dropped,
    struct nferr *err)
{
	unsigned char h[ENTRY_HASH_LEN];

	*dropped = 0;
	if (!record_origin_valid(origin))
		return nferr_set(err, "bad_value", "/origin", "bad origin");
	if (strcmp(origin, s->origin) == 0)
		return nferr_set(err, "bad_value", "/origin",
		    "%s is this node's own origin: its log cannot be dropped",
		    origin);
	if (tx_begin(s, err) != 0)
		return -1;
	if (store_head(s, origin, dropped, h, err) != 0 ||
	    origin_drop(s, origin, err) != 0 || tx_commit(s, err) != 0) {
		tx_rollback(s);
		return -1;
	}
	return 0;
}
