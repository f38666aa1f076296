/*
 * store_int.h: what the store's files share, and nothing outside them
 * includes (the API is store.h). The store is one module split by
 * concern, as sqliteInt.h lets SQLite's layers share their internals:
 *
 *   store.c         open, pragmas, migrations, prepared statements, meta
 *   store_log.c     heads, the log, append and apply, forks, peer
 *                   cursors, operator repairs
 *   store_index.c   what derives from a body: record columns, tags, the
 *                   search row and vocabulary, counts
 *   store_query.c   record reads: get, list, memberships, counts
 *   store_search.c  the fold, full-text search and its ranking
 *   store_local.c   local-only data: persons (and their erasure),
 *                   API tokens
 *   store_accounts.c  local-only: organisation accounts, their links and
 *                   sessions (its own statements, store_accounts.h)
 *   store_registrations.c  local-only: registrations for this node's
 *                   meetings, join links (store_registrations.h)
 *
 * Conventions as in store.h: 0 / -1 with err set. Every statement in
 * struct store is prepared once at open; st() hands one out reset and
 * without bindings, st_run() steps it to the end and resets it. A read
 * transaction may be held between calls (store_read_begin); every write
 * must end it first: tx_begin does, and so does st_run for a statement
 * that writes. A write statement stepped any other way must call
 * store_read_release before it. The same calls commit first a peer's
 * apply held open between its log pages (store_remote_hold).
 */
#ifndef STORE_INT_H
#define STORE_INT_H

#include <stdint.h>
#include <jansson.h>
#include <sqlite3.h>

#include "store.h"

#define SORT_KEY_MAX   200     /* bytes of a folded sort key */
#define LIST_FILTERS   13      /* bits of a list statement's filter mask */


/* The prepared statements; their SQL is st_sql[] in store.c. */
enum st {
	ST_BEGIN, ST_COMMIT, ST_ROLLBACK, ST_BEGIN_READ,
	ST_META_GET, ST_META_SET,
	ST_HEAD_GET, ST_HEAD_SET, ST_HEADS, ST_HASH_AT, ST_OID_SET,
	ST_OID_MAX,
	ST_ENTRY_INS, ST_LOG_READ,
	ST_REC_META, ST_REC_OLD, ST_REC_INS, ST_REC_UPD, ST_REC_TOMB_INS,
	ST_REC_TOMB_UPD, ST_REC_GET,
	ST_TAG_DEL, ST_TAG_INS, ST_FTS_DEL, ST_FTS_INS, ST_VOCAB_INS,
	ST_VOCAB_RANGE,
	ST_COUNT_ADD, ST_COUNTS, ST_STATS_ORG_ADD, ST_STATS_PLACE_ADD,
	ST_STATS_COLLAB_ADD, ST_STATS_MEMBER_ADD,
	ST_FORK_INS, ST_QUAR_SET, ST_QUAR_GET, ST_FORKS,
	ST_CURSOR_GET, ST_CURSOR_SET, ST_CURSORS,
	ST_MEM_BY_NET, ST_MEM_BY_ORG, ST_SEARCH, ST_SEARCH_WIN, ST_SEARCH_PRE,
	ST_SEARCH_WIN_PRE, ST_RID_OF,
	ST_REC_VIEW,
	ST_PERSON_PUT, ST_PERSON_GET, ST_PERSON_LIST, ST_PERSON_COUNT,
	ST_PERSON_DEL, ST_PERSON_BY_EMAIL, ST_PERSON_DEL_EMAIL,
	ST_PERSON_DEL_ORG, ST_PERSON_DEL_ORPHANS, ST_PERSON_DEL_OLD,
	ST_TOKEN_ADD, ST_TOKEN_DEL, ST_TOKEN_ALL,
	ST__COUNT
};

/*
 * The log's row key: entries.eid = oid << EID_SEQ_BITS | seq, where oid
 * is the origin's small integer in origins.oid. One b-tree, ordered by
 * origin then seq, with no second index.
 */
#define EID_SEQ_BITS   40
#define EID_SEQ_MAX    ((UINT64_C(1) << EID_SEQ_BITS) - 1)
#define STORE_ORIGINS  16      /* origins one write transaction may touch */

/* A set of strings (open addressing, owned copies). */
struct strset {
	char **slot;
	size_t cap, n;
};

/* One derived change to the search table, written at commit. */
struct fts_op {
	int del;                   /* 1: the 'delete' command */
	int64_t rid;
	char kind[16];
	char *name, *text;         /* owned */
};

/*
 * A write transaction (store_wtx_begin ... commit or rollback). What
 * many entries of a batch change is gathered here and written once, at
 * commit: the heads, the counts, new vocabulary and the search table
 * (FTS5 flushes its pending data at every statement savepoint, so its
 * writes go last, together).
 */
struct wtx {
	int open;
	int held;                  /* a peer's apply left open between its
	                            * pages (store_remote_hold) */
	char held_peer[STORE_NAME_MAX];
	struct {
		char origin[RECORD_ORIGIN_SIZE];
		int64_t oid;
		uint64_t seq, start_seq;
		unsigned char hash[ENTRY_HASH_LEN];
		uint64_t last_remote;   /* last seq applied from a peer */
	} head[STORE_ORIGINS];
	size_t nhead;
	struct {
		char type[24];
		char country[8];
		int d;
	} count[64];
	size_t ncount;
	struct fts_op *fts;
	size_t nfts, capfts;
	struct strset vocab;       /* tokens first seen in this transaction */
};

struct store {
	sqlite3 *db;
	char origin[RECORD_ORIGIN_SIZE];
	fts5_tokenizer tok;          /* unicode61, as the search table uses */
	Fts5Tokenizer *tokinst;
	sqlite3_stmt *st[ST__COUNT];
	sqlite3_stmt *list[2 << LIST_FILTERS];   /* [meeting][mask] */
	struct wtx tx;
	struct strset known_vocab;   /* tokens known to be in search_vocab */
	double rank_avgdl;           /* store_search.c: the avgdl nfrank
	                                ranked with when not given one (0:
	                                none yet), for the search cursor */
	int rd;                      /* a read transaction is held open */
	int scrub_owed;              /* store_local.c: personal data was
	                                erased since the last WAL scrub */
	uint64_t held_lost;          /* held applies whose commit failed */
	char held_lost_msg[256];     /* the last one's error (nferr msg) */
	struct store_acc *acc;       /* store_accounts.c: its statements */
	struct store_reg_st *reg;    /* store_registrations.c: its statements */
};

/* ---- store.c --------------------------------------------------------- */

int64_t store_now_ms(void);
/* A JSON string (escaped as JSON requires; v NULL: null). */
int store_text_str(struct nfbuf *b, const char *v);
/* A record object {"id","type","origin","seq","deleted","body"} from
 * the columns id, type (the kind), origin, seq, deleted, body starting
 * at column c of q, the body spliced as stored. */
int store_text_record(struct nfbuf *b, sqlite3_stmt *q, int c);
/* Append the folded form of s and a separating space. */
int store_buf_add_folded(struct nfbuf *b, const char *s);
/* Set err to db_error with what and SQLite's message; returns -1. */
int store_db_err(struct store *s, struct nferr *err, const char *what);
/* End the held read transaction (store_read_begin), before a write. */
void store_read_release(struct store *s);

/* ---- store_log.c: the write transaction ------------------------------ */

/* BEGIN IMMEDIATE and a clean struct wtx. */
int store_wtx_begin(struct store *s, struct nferr *err);
/* Write what the transaction gathered (heads, store_index_flush) and
 * COMMIT; on any failure everything is rolled back. */
int store_wtx_commit(struct store *s, struct nferr *err);
void store_wtx_rollback(struct store *s);
/* Commit a held apply (store_remote_hold) before anything else writes.
 * A failure rolls it back (it was never acknowledged: its entries are
 * pulled again) and is counted for store_held_lost; the caller's write
 * goes on. */
void store_held_end(struct store *s);

/* ---- store_index.c: derived state, within an open write transaction --- */

/* The sort key of a meeting starting at ms. */
void store_time_key(int64_t ms, char out[SORT_KEY_MAX + 1]);
/* Apply a put (or key) whose body is e->body, with its canonical text
 * body_text of body_len bytes: the record row, tags, search, counts. */
int store_apply_put(struct store *s, const struct nf_entry *e,
    const char *body_text, size_t body_len, struct nferr *err);
int store_apply_delete(struct store *s, const struct nf_entry *e,
    struct nferr *err);
/* Everything derived from the record rid (id, of type, the stored kind
 * "org", and country, with its stored body, NULL for a tombstone) is
 * removed: tags, search row, its count. The row itself is the caller's. */
int store_unindex(struct store *s, int64_t rid, const char *id,
    const char *type, const char *country, const char *body, int deleted,
    struct nferr *err);
/* Write the counts, the new vocabulary and the search changes gathered
 * in the transaction; store_index_done after COMMIT (ok 1) or rollback. */
int store_index_flush(struct store *s, struct nferr *err);
void store_index_done(struct store *s, int ok);
void store_strset_free(struct strset *ss);

/* ---- store_query.c ----------------------------------------------------- */

/* limit 0 becomes STORE_LIMIT_DEFAULT; bad_value outside 1..MAX. */
int store_limit_check(int limit, int *out, struct nferr *err);
/* One row by id through statement k, made into JSON by make: 0, or -1
 * with not_found (naming what) or a database error. */
int store_get_one(struct store *s, enum st k, const char *id,
    const char *what, json_t *(*make)(sqlite3_stmt *), json_t **out,
    struct nferr *err);

/* ---- store_local.c ----------------------------------------------------- */

/* Erase the persons of the organisation org_id, within the caller's
 * transaction (the apply of its delete): a scrub is then owed. */
int store_persons_erase_org(struct store *s, const char *org_id,
    struct nferr *err);
/* After a COMMIT: when personal data was erased, take it out of the WAL
 * (store_local_scrub); a failure is left for the next scrub. */
void store_local_settle(struct store *s);

/* ---- store_search.c ---------------------------------------------------- */

/* Register nfrank and get the tokenizer the search table uses. */
int store_search_init(struct store *s, struct nferr *err);

/* records.type and record_tags.type hold the record's id kind ("org"):
 * its type name, for what the API shows. */
static inline const char *
kind_type_name(const char *kind)
{
	const char *n = kind ? record_type_name(record_type_from_kind(kind)) :
	    NULL;

	return n ? n : "";
}

/* ---- statement helpers ------------------------------------------------- */

/* The statement i, reset and with no bindings. */
static inline sqlite3_stmt *
st(struct store *s, enum st i)
{
	sqlite3_reset(s->st[i]);
	sqlite3_clear_bindings(s->st[i]);
	return s->st[i];
}

/* A prepared statement of a module's own (store_accounts.c,
 * store_registrations.c), reset and unbound. One that writes first ends
 * the read transaction the store holds between requests. */
static inline sqlite3_stmt *
st_fresh(struct store *s, sqlite3_stmt *q)
{
	sqlite3_reset(q);
	sqlite3_clear_bindings(q);
	if (!sqlite3_stmt_readonly(q)) {
		store_held_end(s);
		store_read_release(s);
	}
	return q;
}

/* Prepare n statements of sql[] (kept for the store's life) into out[]:
 * 0, or -1 with err naming what and the statement's index. Finalize
 * them with store_finalize_all (NULL entries are skipped). */
/* An e-mail address an account or a registration keeps: one @ with text
 * on both sides, at most STORE_EMAIL_MAX bytes, no white space, control
 * characters or < > , ; " \. 0, or -1 (bad_value at /email, never
 * echoing the value). */
int store_email_ok(const char *e, struct nferr *err);

int store_prepare_all(struct store *s, const char *const *sql, size_t n,
    sqlite3_stmt **out, const char *what, struct nferr *err);
void store_finalize_all(sqlite3_stmt **st, size_t n);

/* Step a statement that returns no rows (or whose rows are ignored) and
 * reset it. */
static inline int
st_run(struct store *s, sqlite3_stmt *q, struct nferr *err, const char *what)
{
	int rc;

	/* a write ends the read transaction held between requests first,
	 * and commits a peer's apply held open between its pages */
	if ((s->rd || s->tx.held) && !sqlite3_stmt_readonly(q)) {
		store_held_end(s);
		store_read_release(s);
	}
	while ((rc = sqlite3_step(q)) == SQLITE_ROW)
		;
	if (rc != SQLITE_DONE) {
		store_db_err(s, err, what);
		sqlite3_reset(q);
		return -1;
	}
	sqlite3_reset(q);
	return 0;
}

static inline void
bind_text(sqlite3_stmt *q, int i, const char *v)
{
	if (v == NULL)
		sqlite3_bind_null(q, i);
	else
		sqlite3_bind_text(q, i, v, -1, SQLITE_TRANSIENT);
}

static inline void
bind_u64(sqlite3_stmt *q, int i, uint64_t v)
{
	sqlite3_bind_int64(q, i, (sqlite3_int64)v);
}

static inline const char *
col_text(sqlite3_stmt *q, int i)
{
	return (const char *)sqlite3_column_text(q, i);
}

/* A JSON value from stored (canonical) JSON text: new reference, or
 * JSON null when absent or unparseable. */
static inline json_t *
col_json(sqlite3_stmt *q, int i)
{
	const char *t = col_text(q, i);
	json_t *v;

	if (t == NULL)
		return json_null();
	v = json_loadb(t, (size_t)sqlite3_column_bytes(q, i),
	    JSON_REJECT_DUPLICATES | JSON_DECODE_ANY, NULL);
	return v ? v : json_null();
}

static inline json_t *
col_json_str(sqlite3_stmt *q, int i)
{
	const char *t = col_text(q, i);

	return t ? json_string(t) : json_null();
}

/* ---- transactions ------------------------------------------------------ */

/* The string member k of JSON object o, or NULL (absent, not a string). */
static inline const char *
store_json_str(const json_t *o, const char *k)
{
	json_t *v = k ? json_object_get(o, k) : NULL;

	return json_is_string(v) ? json_string_value(v) : NULL;
}

static inline int
tx_begin(struct store *s, struct nferr *err)
{
	store_held_end(s);
	store_read_release(s);
	return st_run(s, st(s, ST_BEGIN), err, "begin");
}

static inline int
tx_commit(struct store *s, struct nferr *err)
{
	return st_run(s, st(s, ST_COMMIT), err, "commit");
}

static inline void
tx_rollback(struct store *s)
{
	if (!sqlite3_get_autocommit(s->db))
		st_run(s, st(s, ST_ROLLBACK), NULL, "rollback");
}

/* What the mapping's counts read of a live record besides its body: its
 * stored country, classification (an organisation's, a collaboration's
 * form), network, organisation and focus areas (a collaboration's area).
 * Borrowed. */
struct store_stats_rec {
	const char *country, *class_, *network, *org;
	const char *const *focus;
	size_t nfocus;
};

/* store_stats.c: count a live record of type t in or (delta -1) out of
 * the mapping's counts, in the write transaction: organisations,
 * collaborations and memberships; other types count nowhere. */
int store_stats_apply(struct store *s, enum record_type t, const json_t *body,
    const struct store_stats_rec *r, int delta, struct nferr *err);

#endif
