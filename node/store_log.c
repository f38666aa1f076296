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

#include <sodium.h>

#include "canon.h"
#include "store_int.h"

/* meta key prefix of an operator's fork decision (see store_fork_resolve) */
#define FORK_RESOLVED_PREFIX "fork_resolved/"

/* ---- the write transaction ------------------------------------------ */

int
store_wtx_begin(struct store *s, struct nferr *err)
{
	store_held_end(s);
	if (s->tx.open)
		return nferr_set(err, "internal", "", "a write transaction is "
		    "already open");
	if (tx_begin(s, err) != 0)
		return -1;
	s->tx.open = 1;
	s->tx.nhead = 0;
	return 0;
}

void
store_wtx_rollback(struct store *s)
{
	tx_rollback(s);
	s->tx.open = 0;
	s->tx.held = 0;
	s->tx.nhead = 0;
	store_index_done(s, 0);
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

/* Write the heads (and, peer not NULL, the peer's cursors) the
 * transaction moved, the derived state, and COMMIT. */
static int
wtx_finish(struct store *s, const char *peer, struct nferr *err)
{
	struct wtx *tx = &s->tx;
	sqlite3_stmt *q;
	size_t i;

	for (i = 0; i < tx->nhead; i++) {
		if (tx->head[i].seq == tx->head[i].start_seq)
			continue;
		q = st(s, ST_HEAD_SET);
		bind_text(q, 1, tx->head[i].origin);
		bind_u64(q, 2, tx->head[i].seq);
		sqlite3_bind_blob(q, 3, tx->head[i].hash, ENTRY_HASH_LEN,
		    SQLITE_STATIC);
		if (st_run(s, q, err, "head") != 0)
			goto fail;
	}
	for (i = 0; peer != NULL && i < tx->nhead; i++)
		if (tx->head[i].last_remote > 0 && cursor_set_tx(s, peer,
		    tx->head[i].origin, tx->head[i].last_remote, err) != 0)
			goto fail;
	if (store_index_flush(s, err) != 0 || tx_commit(s, err) != 0)
		goto fail;
	tx->open = 0;
	tx->nhead = 0;
	store_index_done(s, 1);
	/* persons erased with an organisation leave no bytes in the WAL */
	store_local_settle(s);
	return 0;
fail:
	store_wtx_rollback(s);
	return -1;
}

int
store_wtx_commit(struct store *s, struct nferr *err)
{
	return wtx_finish(s, NULL, err);
}

/*
 * The head of origin as this transaction sees it: the slot in s->tx,
 * read from origins on first use. With assign, the origin gets its oid
 * (the high bits of its entries' eid) if it has none yet.
 */
static int
tx_head(struct store *s, const char *origin, int assign, size_t *slot,
    struct nferr *err)
{
	struct wtx *tx = &s->tx;
	sqlite3_stmt *q;
	size_t i;
	int rc;

	for (i = 0; i < tx->nhead; i++)
		if (strcmp(tx->head[i].origin, origin) == 0)
			break;
	if (i == tx->nhead) {
		if (tx->nhead == STORE_ORIGINS)
			return nferr_set(err, "bad_value", "/origin", "more than "
			    "%d origins in one transaction", STORE_ORIGINS);
		memset(&tx->head[i], 0, sizeof(tx->head[i]));
		memcpy(tx->head[i].origin, origin, 3);
		q = st(s, ST_HEAD_GET);
		bind_text(q, 1, origin);
		rc = sqlite3_step(q);
		if (rc == SQLITE_ROW) {
			tx->head[i].seq = (uint64_t)sqlite3_column_int64(q, 0);
			if (sqlite3_column_bytes(q, 1) == ENTRY_HASH_LEN)
				memcpy(tx->head[i].hash,
				    sqlite3_column_blob(q, 1), ENTRY_HASH_LEN);
			tx->head[i].oid = sqlite3_column_type(q, 2) ==
			    SQLITE_NULL ? 0 : sqlite3_column_int64(q, 2);
		}
		sqlite3_reset(q);
		if (rc != SQLITE_ROW && rc != SQLITE_DONE)
			return store_db_err(s, err, "head");
		tx->head[i].start_seq = tx->head[i].seq;
		tx->nhead++;
	}
	if (assign && tx->head[i].oid == 0) {
		int64_t oid = 0;

		q = st(s, ST_OID_MAX);
		if (sqlite3_step(q) == SQLITE_ROW)
			oid = sqlite3_column_int64(q, 0) + 1;
		sqlite3_reset(q);
		if (oid <= 0 || oid >= (INT64_C(1) << (62 - EID_SEQ_BITS)))
			return nferr_set(err, "db_error", "", "no origin id left");
		q = st(s, ST_OID_SET);
		bind_text(q, 1, origin);
		sqlite3_bind_int64(q, 2, oid);
		if (st_run(s, q, err, "origin id") != 0)
			return -1;
		tx->head[i].oid = oid;
	}
	*slot = i;
	return 0;
}

/* ---- heads ---------------------------------------------------------- */

int
store_head(struct store *s, const char *origin, uint64_t *seq,
    unsigned char hash[ENTRY_HASH_LEN], struct nferr *err)
{
	sqlite3_stmt *q;
	size_t i;
	int rc;

	*seq = 0;
	memset(hash, 0, ENTRY_HASH_LEN);
	for (i = 0; s->tx.open && i < s->tx.nhead; i++)
		if (strcmp(s->tx.head[i].origin, origin) == 0) {
			*seq = s->tx.head[i].seq;
			memcpy(hash, s->tx.head[i].hash, ENTRY_HASH_LEN);
			return 0;
		}
	q = st(s, ST_HEAD_GET);
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

	if (seq < 1 || seq > EID_SEQ_MAX)
		return nferr_set(err, "not_found", "",
		    "no entry %s/%" PRIu64, origin, seq);
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

/* entries.op: 1 put, 2 delete, 3 key, as enum entry_op */

static int
blob32(sqlite3_stmt *q, int i, unsigned char out[32])
{
	if (sqlite3_column_bytes(q, i) != 32)
		return -1;
	memcpy(out, sqlite3_column_blob(q, i), 32);
	return 0;
}

/*
 * The canonical header of e from its fields: keys in bytewise order,
 * every value from a set of characters that needs no escape (hex, ids,
 * key ids, op and type names, timestamps). The result must hash to the
 * stored hash, which catches any difference. 0, or -1.
 */
static int
header_rebuild(struct nf_entry *e)
{
	static const char *const ops[] = { "", "put", "delete", "key" };
	char prev[2 * ENTRY_HASH_LEN + 1], bh[2 * ENTRY_HASH_LEN + 16];
	char hex[2 * ENTRY_HASH_LEN + 1];
	unsigned char h[ENTRY_HASH_LEN];
	char buf[512];
	int n;

	entry_hex(e->prev, prev);
	bh[0] = '\0';
	if (e->has_body_hash) {
		entry_hex(e->body_hash, hex);
		snprintf(bh, sizeof(bh), "\"body_hash\":\"%s\",", hex);
	}
	n = snprintf(buf, sizeof(buf), "{%s\"id\":\"%s\",\"key\":\"%s\","
	    "\"op\":\"%s\",\"origin\":\"%s\",\"prev\":\"%s\",\"seq\":%"
	    PRIu64 ",\"ts\":\"%s\",\"type\":\"%s\",\"v\":%d}", bh, e->id,
	    e->key, ops[e->op], e->origin, prev, e->seq, e->ts,
	    record_type_name(e->type), e->v);
	if (n < 0 || (size_t)n >= sizeof(buf))
		return -1;
	crypto_generichash(h, ENTRY_HASH_LEN, (const unsigned char *)buf,
	    (size_t)n, NULL, 0);
	if (memcmp(h, e->hash, ENTRY_HASH_LEN) != 0 ||
	    (e->header = malloc((size_t)n + 1)) == NULL)
		return -1;
	memcpy(e->header, buf, (size_t)n + 1);
	e->header_len = (size_t)n;
	return 0;
}

/*
 * Fill e from one ST_LOG_READ row: seq, v, hash, ts, op, record_id,
 * body_hash, key, sig, body. prev is the hash of the row before (the
 * store holds every entry of a chain, so it is the stored prev). The
 * header is rebuilt from the fields and checked against the hash.
 */
static int
log_row(sqlite3_stmt *q, const char *origin,
    const unsigned char prev[ENTRY_HASH_LEN], struct nf_entry *e)
{
	const char *t;
	int64_t op;

	entry_init(e);
	snprintf(e->origin, sizeof(e->origin), "%s", origin);
	e->seq = (uint64_t)sqlite3_column_int64(q, 0);
	e->v = sqlite3_column_int(q, 1);
	if (blob32(q, 2, e->hash))
		return -1;
	memcpy(e->prev, prev, ENTRY_HASH_LEN);
	if (sqlite3_column_type(q, 3) == SQLITE_INTEGER)
		entry_ts_format(sqlite3_column_int64(q, 3), e->ts);
	else
		snprintf(e->ts, sizeof(e->ts), "%s", col_text(q, 3) ?
		    col_text(q, 3) : "");
	op = sqlite3_column_int64(q, 4);
	if (op < OP_PUT || op > OP_KEY || (t = col_text(q, 5)) == NULL ||
	    record_id_parse(t, NULL, &e->type, NULL) != 0)
		return -1;
	e->op = (enum entry_op)op;
	snprintf(e->id, sizeof(e->id), "%s", t);
	if (sqlite3_column_type(q, 6) != SQLITE_NULL) {
		if (blob32(q, 6, e->body_hash))
			return -1;
		e->has_body_hash = 1;
	}
	snprintf(e->key, sizeof(e->key), "%s", col_text(q, 7) ? col_text(q, 7) : "");
	if (sqlite3_column_bytes(q, 8) != KEY_SIG_LEN)
		return -1;
	memcpy(e->sig, sqlite3_column_blob(q, 8), KEY_SIG_LEN);
	if (header_rebuild(e) != 0)
		return -1;
	if (e->op != OP_DELETE && sqlite3_column_type(q, 9) != SQLITE_NULL) {
		e->body = json_loadb(col_text(q, 9),
		    (size_t)sqlite3_column_bytes(q, 9), JSON_REJECT_DUPLICATES,
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
	unsigned char prev[ENTRY_HASH_LEN];
	sqlite3_stmt *q;
	int rc, first = 1;

	*n = 0;
	memset(prev, 0, sizeof(prev));
	if (max < 1 || max > STORE_LOG_MAX || after > INT64_MAX)
		return nferr_set(err, "bad_value", "/limit",
		    "limit must be 1 to %d", STORE_LOG_MAX);
	if (after >= EID_SEQ_MAX)
		return 0;
	q = st(s, ST_LOG_READ);
	bind_text(q, 1, origin);
	/* from the entry at after, for the prev of the first one read */
	bind_u64(q, 2, after > 0 ? after : 1);
	sqlite3_bind_int64(q, 3, (sqlite3_int64)max + (after > 0));
	bind_u64(q, 4, EID_SEQ_MAX);
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		uint64_t seq = (uint64_t)sqlite3_column_int64(q, 0);

		if (first && after > 0) {
			first = 0;
			if (seq != after || blob32(q, 2, prev) != 0)
				break;          /* nothing held after `after` */
			continue;
		}
		first = 0;
		if (seq != (*n > 0 ? out[*n - 1].seq + 1 : after + 1) ||
		    log_row(q, origin, prev, &out[*n]) != 0) {
			if (seq == (*n > 0 ? out[*n - 1].seq + 1 : after + 1))
				entry_clear(&out[*n]);
			rc = SQLITE_CORRUPT;
			break;
		}
		memcpy(prev, out[*n].hash, ENTRY_HASH_LEN);
		(*n)++;
	}
	sqlite3_reset(q);
	if (rc != SQLITE_DONE && rc != SQLITE_ROW) {
		while (*n > 0)
			entry_clear(&out[--*n]);
		if (rc == SQLITE_CORRUPT)
			return nferr_set(err, "db_error", "",
			    "a stored entry of %s could not be read", origin);
		return store_db_err(s, err, "log read");
	}
	return 0;
}

/* ---- append and apply ------------------------------------------------ */

/* The stored form of ts: ms when entry_ts_format gives the same text
 * back (always, for entries this node signs), else the text. */
static void
bind_ts(sqlite3_stmt *q, int i, const char *ts)
{
	char back[ENTRY_TS_LEN + 1];
	int64_t ms;

	if (entry_ts_parse(ts, &ms) == 0) {
		entry_ts_format(ms, back);
		if (strcmp(back, ts) == 0) {
			sqlite3_bind_int64(q, i, ms);
			return;
		}
	}
	bind_text(q, i, ts);
}

/*
 * Insert one entry into the log after the chain checks, advance the head
 * and apply it to the records. Within an open write transaction. body
 * is the canonical text of e->body when the caller has it (NULL: it is
 * serialised here). Returns 1 when the entry was already held (same
 * hash): nothing done.
 */
static int
append_one(struct store *s, const struct nf_entry *e, int remote,
    const char *body, size_t blen, struct nferr *err)
{
	unsigned char have[ENTRY_HASH_LEN];
	char owner[RECORD_ORIGIN_SIZE], *own = NULL;
	enum record_type rt;
	struct wtx *tx = &s->tx;
	uint64_t hseq;
	sqlite3_stmt *q;
	size_t h;
	int rc = -1;

	if (!record_origin_valid(e->origin) ||
	    e->op < OP_PUT || e->op > OP_KEY || e->type <= REC_NONE ||
	    e->type >= REC__COUNT || e->seq < 1 || e->seq > EID_SEQ_MAX)
		return nferr_set(err, "bad_value", "", "malformed entry");
	if (record_id_parse(e->id, owner, &rt, NULL) != 0 || rt != e->type ||
	    strcmp(owner, e->origin) != 0)
		return nferr_set(err, "not_owner", "",
		    "entry %s/%" PRIu64 ": record %s is not a %s of %s",
		    e->origin, e->seq, e->id, record_type_name(e->type),
		    e->origin);
	if (e->op != OP_DELETE && e->body == NULL && !remote)
		return nferr_set(err, "bad_value", "/body",
		    "a local %s needs its body", e->op == OP_KEY ? "key" :
		    "put");
	if (tx_head(s, e->origin, 1, &h, err) != 0)
		return -1;
	hseq = tx->head[h].seq;
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
	if (memcmp(e->prev, tx->head[h].hash, ENTRY_HASH_LEN) != 0)
		return nferr_set(err, "chain", "/prev",
		    "%s/%" PRIu64 ": prev is not the hash of entry %" PRIu64,
		    e->origin, e->seq, hseq);
	if (e->body != NULL && body == NULL) {
		if (canon_dump(e->body, &own, &blen, err) != 0)
			return -1;
		body = own;
	}

	q = st(s, ST_ENTRY_INS);
	sqlite3_bind_int64(q, 1, (tx->head[h].oid << EID_SEQ_BITS) |
	    (sqlite3_int64)e->seq);
	sqlite3_bind_int(q, 2, e->v);
	sqlite3_bind_blob(q, 3, e->hash, ENTRY_HASH_LEN, SQLITE_STATIC);
	bind_ts(q, 4, e->ts);
	sqlite3_bind_int(q, 5, (int)e->op);
	bind_text(q, 6, e->id);
	if (e->has_body_hash)
		sqlite3_bind_blob(q, 7, e->body_hash, ENTRY_HASH_LEN,
		    SQLITE_STATIC);
	bind_text(q, 8, e->key);
	sqlite3_bind_blob(q, 9, e->sig, KEY_SIG_LEN, SQLITE_STATIC);
	sqlite3_bind_int64(q, 10, store_now_ms());
	if (st_run(s, q, err, "entry insert") != 0)
		goto out;
	tx->head[h].seq = e->seq;
	memcpy(tx->head[h].hash, e->hash, ENTRY_HASH_LEN);

	if (e->op == OP_DELETE)
		rc = store_apply_delete(s, e, err);
	else if (body != NULL)
		rc = store_apply_put(s, e, body, blen, err);
	else
		rc = 0;   /* a relayed put without body: superseded later on */
out:
	free(own);
	return rc;
}

int
store_append_local(struct store *s, const struct nf_entry *e, size_t n,
    struct nferr *err)
{
	size_t i;

	if (n == 0)
		return 0;
	if (store_wtx_begin(s, err) != 0)
		return -1;
	for (i = 0; i < n; i++) {
		if (strcmp(e[i].origin, s->origin) != 0) {
			nferr_set(err, "chain", "/origin",
			    "a local entry must have origin %s, not %s",
			    s->origin, e[i].origin);
			goto fail;
		}
		if (append_one(s, &e[i], 0, NULL, 0, err) != 0)
			goto fail;
	}
	return store_wtx_commit(s, err);
fail:
	store_wtx_rollback(s);
	return -1;
}

int
store_remote_begin(struct store *s, struct nferr *err)
{
	return store_wtx_begin(s, err);
}

int
store_remote_apply(struct store *s, const struct nf_entry *e,
    const char *body, size_t blen, struct nferr *err)
{
	size_t h;
	int rc;

	if (!s->tx.open)
		return nferr_set(err, "internal", "", "no apply is open");
	if (store_quarantined(s, e->origin)) {
		nferr_set(err, "quarantined", "/origin",
		    "origin %s is quarantined after a fork", e->origin);
		goto fail;
	}
	if ((rc = append_one(s, e, 1, body, blen, err)) < 0)
		goto fail;
	/* the cursor moves to the last entry of this origin seen */
	if (tx_head(s, e->origin, 0, &h, err) != 0)
		goto fail;
	if (s->tx.head[h].last_remote < e->seq)
		s->tx.head[h].last_remote = e->seq;
	return rc;
fail:
	store_wtx_rollback(s);
	return -1;
}

int
store_remote_commit(struct store *s, const char *peer_name, struct nferr *err)
{
	if (!s->tx.open)
		return nferr_set(err, "internal", "", "no apply is open");
	if (peer_name != NULL && (*peer_name == '\0' ||
	    strlen(peer_name) >= STORE_NAME_MAX)) {
		store_wtx_rollback(s);
		return nferr_set(err, "bad_value", "", "bad peer name");
	}
	return wtx_finish(s, peer_name, err);
}

void
store_remote_abort(struct store *s)
{
	if (s->tx.open)
		store_wtx_rollback(s);
}

/* ---- a peer's apply held open between its pages ---------------------- */

int
store_remote_hold(struct store *s, const char *peer_name, struct nferr *err)
{
	if (!s->tx.open || s->tx.held)
		return nferr_set(err, "internal", "", "no apply is open");
	if (peer_name == NULL || *peer_name == '\0' ||
	    strlen(peer_name) >= STORE_NAME_MAX) {
		store_wtx_rollback(s);
		return nferr_set(err, "bad_value", "", "bad peer name");
	}
	memcpy(s->tx.held_peer, peer_name, strlen(peer_name) + 1);
	s->tx.held = 1;
	return 0;
}

const char *
store_remote_held(const struct store *s)
{
	return s->tx.held ? s->tx.held_peer : NULL;
}

int
store_remote_resume(struct store *s, const char *peer_name)
{
	if (!s->tx.held || peer_name == NULL ||
	    strcmp(s->tx.held_peer, peer_name) != 0)
		return 0;
	s->tx.held = 0;
	return 1;
}

int
store_held_commit(struct store *s, struct nferr *err)
{
	if (!s->tx.held)
		return 0;
	s->tx.held = 0;
	return wtx_finish(s, s->tx.held_peer, err);
}

void
store_held_end(struct store *s)
{
	struct nferr err;

	if (!s->tx.held)
		return;
	if (store_held_commit(s, &err) != 0) {
		s->held_lost++;
		snprintf(s->held_lost_msg, sizeof(s->held_lost_msg), "%s",
		    err.msg);
	}
}

uint64_t
store_held_lost(struct store *s, char *msg, size_t len)
{
	uint64_t n = s->held_lost;

	if (n > 0 && msg != NULL && len > 0)
		snprintf(msg, len, "%s", s->held_lost_msg);
	s->held_lost = 0;
	return n;
}

int
store_apply_remote(struct store *s, const struct nf_entry *e, size_t n,
    const char *peer_name, struct nferr *err)
{
	size_t i;

	if (n == 0)
		return 0;
	if (peer_name != NULL && (*peer_name == '\0' ||
	    strlen(peer_name) >= STORE_NAME_MAX))
		return nferr_set(err, "bad_value", "", "bad peer name");
	if (store_remote_begin(s, err) != 0)
		return -1;
	for (i = 0; i < n; i++)
		if (store_remote_apply(s, &e[i], NULL, 0, err) < 0)
			return -1;
	return store_remote_commit(s, peer_name, err);
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
	store_held_end(s);
	if (s->tx.open)
		return nferr_set(err, "internal", "", "a fork is recorded after "
		    "the apply that found it");
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
 * caller's write transaction: records and what derives from them,
 * entries, the head, cursors. */
static int
origin_drop(struct store *s, const char *origin, struct nferr *err)
{
	sqlite3_stmt *q = NULL;
	size_t h;
	int rc;

	if (sqlite3_prepare_v2(s->db, "SELECT rid, type, country, deleted, "
	    "body, id FROM records WHERE origin = ?1", -1, &q, NULL) !=
	    SQLITE_OK)
		return store_db_err(s, err, "prepare");
	bind_text(q, 1, origin);
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		char type[32], country[8];

		snprintf(type, sizeof(type), "%s", col_text(q, 1) ?
		    col_text(q, 1) : "");
		snprintf(country, sizeof(country), "%s", col_text(q, 2) ?
		    col_text(q, 2) : "");
		if (store_unindex(s, sqlite3_column_int64(q, 0), col_text(q, 5),
		    type, country, col_text(q, 4), sqlite3_column_int(q, 3),
		    err) != 0) {
			sqlite3_finalize(q);
			return -1;
		}
	}
	sqlite3_finalize(q);
	if (rc != SQLITE_DONE)
		return store_db_err(s, err, "records of origin");
	if (tx_head(s, origin, 0, &h, err) != 0)
		return -1;
	if (once_run(s, "DELETE FROM records WHERE origin = ?1", origin, NULL,
	    err) != 0 ||
	    once_run(s, "DELETE FROM entries WHERE eid >= (SELECT oid FROM "
	    "origins WHERE origin = ?1) << 40 AND eid < ((SELECT oid FROM "
	    "origins WHERE origin = ?1) + 1) << 40", origin, NULL, err) != 0 ||
	    once_run(s, "DELETE FROM peer_cursors WHERE origin = ?1", origin,
	    NULL, err) != 0 ||
	    once_run(s, "UPDATE origins SET head_seq = 0, head_hash = NULL "
	    "WHERE origin = ?1", origin, NULL, err) != 0)
		return -1;
	/* the transaction's view of the head follows */
	s->tx.head[h].seq = s->tx.head[h].start_seq = 0;
	memset(s->tx.head[h].hash, 0, ENTRY_HASH_LEN);
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
	if (store_wtx_begin(s, err) != 0)
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
	if (store_wtx_commit(s, err) != 0)
		return -1;
	*still_quarantined = open > 0;
	return 0;
fail:
	store_wtx_rollback(s);
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
		char o[RECORD_ORIGIN_SIZE] = "", ts[ENTRY_TS_LEN + 1];
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
	if (store_wtx_begin(s, err) != 0)
		return -1;
	if (store_head(s, origin, dropped, h, err) != 0 ||
	    origin_drop(s, origin, err) != 0) {
		store_wtx_rollback(s);
		return -1;
	}
	return store_wtx_commit(s, err);
}
