/*
 * store: the one module that owns SQLite (docs/storage.md).
 *
 * It holds the per-origin signed logs (entries), the heads of every origin,
 * fork proofs and quarantine, the record tables derived from the logs
 * (records, tags, full-text index, counts), peer cursors for sync, and the
 * local-only tables that never enter a log (persons, API tokens).
 *
 * One struct store is one SQLite connection in WAL mode with
 * synchronous=FULL. Statements are prepared once at open. It is not
 * thread-safe: use it from the thread that runs the event loop.
 *
 * Errors: every function returns 0 on success and -1 on failure with err
 * set (err may be NULL). Stable codes used here:
 *   db_error      SQLite failed (message says how)
 *   not_found     no such record / person / entry / token
 *   chain         an entry does not continue the origin's chain
 *                 (wrong origin, seq not head+1, prev not head hash)
 *   fork          same (origin, seq) already held with another hash
 *   quarantined   the origin is quarantined after a fork
 *   bad_value     an argument is out of range or malformed
 *   bad_cursor    a pagination cursor could not be decoded
 *   origin_mismatch  the database belongs to another origin
 *
 * Ownership: json_t ** outputs are NEW references owned by the caller
 * (json_decref). const json_t * and const char * inputs are borrowed.
 * struct nf_entry arrays passed in are borrowed; those filled by
 * store_log_read are owned by the caller (entry_clear each).
 */
#ifndef STORE_H
#define STORE_H

#include <stddef.h>
#include <stdint.h>
#include <jansson.h>

#include "entry.h"
#include "nfbuf.h"
#include "nferr.h"
#include "record.h"

struct store;

#define STORE_LIMIT_DEFAULT   50
#define STORE_LIMIT_MAX       200
#define STORE_SEARCH_WINDOW   300   /* matches ranked per search, newest first */
#define STORE_QUERY_MAX       256   /* bytes of a search query */
#define STORE_QUERY_TERMS     16    /* terms of a search query */
#define STORE_CURSOR_MAX      1024  /* chars of an opaque cursor */
#define STORE_TOKEN_HASH_LEN  32    /* BLAKE2b-256 of the token */
#define STORE_NAME_MAX        128   /* token and peer names */
#define STORE_PERSON_ID_MAX   48
#define STORE_LOG_MAX         1000  /* entries per store_log_read */

/* ---- open / close ---------------------------------------------------- */

/*
 * Open (creating if needed) the database at path for the node of origin
 * ("SE"...), apply pending migrations, prepare statements. The origin is
 * recorded at creation and a later open with another origin fails with
 * origin_mismatch. path ":memory:" works (tests). *out is freed with
 * store_close.
 */
int store_open(const char *path, const char *origin, struct store **out,
    struct nferr *err);
void store_close(struct store *s);

/* The origin this store belongs to (borrowed, "SE"). */
const char *store_origin(const struct store *s);

/* PRAGMA user_version after migrations: the schema version. */
int store_schema_version(struct store *s);

/* ---- heads and the log ----------------------------------------------- */

/* Head of origin: *seq 0 and hash all zeros when nothing is held. O(1). */
int store_head(struct store *s, const char *origin, uint64_t *seq,
    unsigned char hash[ENTRY_HASH_LEN], struct nferr *err);

/* Heads of all origins as {"SE":{"seq":7,"hash":"<hex64>"},...}
 * (the body of GET /federation/v1/clock). New reference. */
int store_heads(struct store *s, json_t **out, struct nferr *err);

/* Stored entry hash at (origin, seq); -1 (not_found) when not held. */
int store_hash_at(struct store *s, const char *origin, uint64_t seq,
    unsigned char out[ENTRY_HASH_LEN], struct nferr *err);

/*
 * A struct chain_view bound to origin for entry_verify. The caller owns
 * sc (e.g. on its stack) and must not move it while sc->cv is in use:
 * sc->cv.ctx points at sc. The head is read when this is called.
 */
struct store_chain {
	struct chain_view cv;
	struct store *s;
	char origin[RECORD_ORIGIN_SIZE];
};
int store_chain_view(struct store *s, const char *origin,
    struct store_chain *sc, struct nferr *err);

/*
 * Entries of origin with seq > after, in order, at most max (1..
 * STORE_LOG_MAX) into out[] (caller's array of max entries). *n is the
 * number filled. Each is rebuilt from its stored fields, hash and
 * signature (the canonical header too, checked against the stored
 * hash), with body (new reference) when the entry is the one that last
 * changed its record, else body NULL (pruned: superseded). The caller
 * entry_clear()s each of the *n entries. For relay: entry_encode(e, 1,..)
 * writes the body when present.
 */
int store_log_read(struct store *s, const char *origin, uint64_t after,
    size_t max, struct nf_entry *out, size_t *n, struct nferr *err);

/* ---- writes ------------------------------------------------------------ */

/*
 * Append already-signed local entries (origin == store_origin) and apply
 * them to the record tables, all in one BEGIN IMMEDIATE transaction
 * (group commit). Each must continue the chain (seq = head+1, prev = head
 * hash). On COMMIT success the entries are durable (synchronous=FULL).
 * On any failure everything is rolled back and nothing changes.
 */
int store_append_local(struct store *s, const struct nf_entry *e, size_t n,
    struct nferr *err);

/*
 * Apply verified replicated entries (any origin, in chain order) and set
 * the cursor of peer_name for each origin to the last seq seen, in one
 * transaction. An entry already held with the same hash is skipped (so a
 * batch may be re-applied); a different hash fails with fork, a gap or
 * wrong prev with chain, a quarantined origin with quarantined. All or
 * nothing. A put without body (pruned by the sender) is appended but
 * changes no record: a later entry of the same record superseded it.
 * peer_name may be NULL (no cursor update).
 */
int store_apply_remote(struct store *s, const struct nf_entry *e, size_t n,
    const char *peer_name, struct nferr *err);

/*
 * store_apply_remote in steps, for a caller that verifies the next
 * entries while the store applies the last ones: begin opens the write
 * transaction, each apply appends one entry (0 applied, 1 already held
 * with the same hash and skipped, -1 error: then everything is rolled
 * back and the transaction is gone), commit sets the cursors of
 * peer_name (may be NULL) to the last seq seen of each origin and
 * commits. abort rolls back an open one. body (may be NULL) is the
 * canonical text of e->body when the caller has it, blen its bytes.
 * Nothing else may write to the store between begin and commit.
 * store_remote_begin commits a held apply (below) first.
 */
int store_remote_begin(struct store *s, struct nferr *err);
int store_remote_apply(struct store *s, const struct nf_entry *e,
    const char *body, size_t blen, struct nferr *err);
int store_remote_commit(struct store *s, const char *peer_name,
    struct nferr *err);
void store_remote_abort(struct store *s);

/*
 * A peer's apply held open between its log pages, so that a catch-up
 * commits several pages at once (docs/storage.md, "Catch-up: several
 * pages a transaction"). store_remote_hold ends an apply as
 * store_remote_commit would but leaves its transaction open and
 * uncommitted: this connection sees its entries (heads, the chain,
 * reads; not store_heads, which shows what is committed), nothing else
 * does, and a crash loses them (they were never acknowledged; they are
 * pulled again from the committed cursor). store_remote_resume(peer)
 * takes a held apply of the same peer up again (1; then apply and
 * commit or hold as usual), 0 when there is none of that peer. Whatever
 * else writes (store_remote_begin, a local append, a fork record, any
 * write of local data, store_close) commits it first; so does
 * store_held_commit. A failed commit rolls it back; store_held_lost
 * returns how many failed since the last call (and the last error in
 * msg). store_remote_held: the peer whose apply is held, or NULL.
 */
int store_remote_hold(struct store *s, const char *peer_name,
    struct nferr *err);
int store_remote_resume(struct store *s, const char *peer_name);
const char *store_remote_held(const struct store *s);
int store_held_commit(struct store *s, struct nferr *err);
uint64_t store_held_lost(struct store *s, char *msg, size_t len);

/* Keep a fork proof (JSON text from entry_fork_proof) for (origin, seq)
 * and quarantine origin. Idempotent. Not while a remote apply is open. */
int store_record_fork(struct store *s, const char *origin, uint64_t seq,
    const char *proof_json, struct nferr *err);

/* Whether a fork of origin at seq is held: *state 0 no, 1 held and
 * open, 2 held and resolved by an operator (store_fork_resolve). */
int store_fork_state(struct store *s, const char *origin, uint64_t seq,
    int *state, struct nferr *err);

/* 1 if origin is quarantined, 0 if not (or unknown). */
int store_quarantined(struct store *s, const char *origin);

/* Forks as [{"origin":"SE","seq":7,"detected":"<rfc3339>",
 * "proof":{...}},...]. New reference. */
int store_forks(struct store *s, json_t **out, struct nferr *err);

/* ---- peer cursors ------------------------------------------------------ */

/* Last seq of origin taken from peer (0 when none). */
int store_cursor_get(struct store *s, const char *peer, const char *origin,
    uint64_t *seq, struct nferr *err);
/* Set it outside an apply (own transaction); never moves backwards. */
int store_cursor_set(struct store *s, const char *peer, const char *origin,
    uint64_t seq, struct nferr *err);
/* {"SE":7,...} for peer. New reference. */
int store_cursors(struct store *s, const char *peer, json_t **out,
    struct nferr *err);

/* ---- record reads -------------------------------------------------------- */

/* What the writer needs to know about a record; -1 not_found if unknown. */
struct store_record_meta {
	enum record_type type;
	char origin[RECORD_ORIGIN_SIZE];
	uint64_t seq;        /* seq of the entry that last changed it */
	int deleted;         /* 1: tombstone */
};
int store_record_meta(struct store *s, const char *id,
    struct store_record_meta *m, struct nferr *err);

/*
 * Whether the record id holds exactly the canonical body text body (len
 * bytes): *state STORE_REC_UNKNOWN, STORE_REC_SAME (live, the same body),
 * STORE_REC_OTHER (live, another body) or STORE_REC_DELETED.
 */
enum { STORE_REC_UNKNOWN, STORE_REC_SAME, STORE_REC_OTHER, STORE_REC_DELETED };
int store_record_compare(struct store *s, const char *id, const char *body,
    size_t len, int *state, struct nferr *err);

/*
 * A record by id (tombstones included):
 *   {"id":..,"type":"organisation","origin":"SE","seq":7,
 *    "deleted":false,"body":{..}}      body is null when deleted.
 * -1 not_found when the id is unknown. New reference.
 */
int store_record_get(struct store *s, const char *id, json_t **out,
    struct nferr *err);

/*
 * List filter. NULL/0 fields do not filter. Strings are borrowed.
 * Sort order (stable, keyset): meetings by (start, id), every other type
 * by (folded name or title, id).
 */
#define STORE_BODY_FILTERS 2

struct store_filter {
	enum record_type type;        /* required */
	const char *country;          /* "SE" (case-insensitive) */
	const char *classification;   /* organisation type; see docs/storage.md */
	const char *focus;            /* a focus area */
	const char *network;          /* a network record id; for organisations:
	                               * those with an active membership of it */
	const char *organisation;     /* the org column: a membership's or
	                               * collaboration's organisation, a
	                               * meeting's organiser, a resource's
	                               * publisher */
	const char *public_body;      /* a collaboration's public_body id, or
	                               * a party's of role public_body */
	const char *lang;             /* a language tag the record has text in */
	int has_from, has_to;
	int64_t from_ms, to_ms;       /* inclusive bounds on the start/published date */
	int upcoming;                 /* start >= now (meetings) */
	int64_t now_ms;               /* 0: the clock */
	/* fields of the body: a record is listed when the value at path
	 * ("$.region_code"), or an item of the array there, is value;
	 * NULL path: unused */
	const char *body_path[STORE_BODY_FILTERS];
	const char *body_value[STORE_BODY_FILTERS];
	const char *cursor;           /* from a previous page's "next"; NULL: first */
	int limit;                    /* 0: STORE_LIMIT_DEFAULT; 1..STORE_LIMIT_MAX */
};

/*
 * {"items":[<record as store_record_get>...],"next":"<cursor>"|null}
 * Tombstones are not listed. "next" is null on the last page.
 * New reference. bad_value for a bad limit/type, bad_cursor for a bad cursor.
 */
int store_list(struct store *s, const struct store_filter *f, json_t **out,
    struct nferr *err);

/*
 * Every record store_list gives for f, page after page (STORE_LIMIT_MAX
 * at a time; f's cursor and limit are not used): each(arg, item) with
 * item a borrowed reference, 0 to go on, > 0 to stop, < 0 to fail. 0
 * when all were seen or each stopped, -1 when a page could not be read
 * (err set), or the negative each returned.
 */
int store_list_each(struct store *s, const struct store_filter *f,
    int (*each)(void *arg, json_t *item), void *arg, struct nferr *err);

/*
 * Memberships of a network, each with the member organisation joined:
 *   {"items":[{"id","origin","seq","body",
 *              "organisation":{"id","name","country"}|null}],"next":..}
 * and of an organisation, with the network joined:
 *   {"items":[{"id","origin","seq","body",
 *              "network":{"id","name"}|null}],"next":..}
 * Ordered by membership id; cursor and limit as in store_list (NULL, 0
 * for the first page with the default limit). New reference.
 */
int store_memberships_by_network(struct store *s, const char *network_id,
    const char *cursor, int limit, json_t **out, struct nferr *err);
int store_memberships_by_org(struct store *s, const char *org_id,
    const char *cursor, int limit, json_t **out, struct nferr *err);

/*
 * Full-text search across all types and languages. q is split on white
 * space into at most STORE_QUERY_TERMS terms, each folded (store_fold) and
 * matched as a prefix token, all terms required (AND). FTS syntax in q has
 * no effect. types is a bit mask (1u << REC_x), 0 for all. Whole words
 * are tried first, prefixes only when they fill less than the first page.
 * Ranking is BM25 with a constant IDF (names weigh more than text) over
 * at most STORE_SEARCH_WINDOW matches, the most recently created first,
 * so the cost is bounded (docs/storage.md, "Search"). Paged through the
 * ranked window: cursor NULL for the first page, else a "next" it gave
 * (the same pass and window: matches created since do not shift it).
 *   {"items":[{"id","type","origin","seq","name","body"}],
 *    "next":"<cursor>"|null,"truncated":bool}
 * truncated: more match than the window holds, and the older ones are
 * not ranked (a narrower query finds them). An empty query gives no
 * items. bad_cursor for a cursor it did not give. New reference.
 */
int store_search(struct store *s, const char *q, unsigned types, int limit,
    const char *cursor, json_t **out, struct nferr *err);

/*
 * Counts of live records, maintained on apply (O(origins x types)):
 *   {"types":{"organisation":12,...},
 *    "countries":{"SE":{"organisation":5,...},...}}
 * The country of a record is its body's country when it has one (an
 * organisation), else its origin. New reference.
 */
int store_counts(struct store *s, json_t **out, struct nferr *err);

/*
 * The "records" digest of docs/protocol.md section 7.1: BLAKE2b-256 over
 * the canonical {"body","id","seq"} of every live record, concatenated in
 * bytewise order of id; *count the number of records.
 */
int store_records_digest(struct store *s, unsigned char out[32],
    size_t *count, struct nferr *err);

/* ---- reads as JSON text ---------------------------------------------------- */

/*
 * JSON text the store writes for a reply goes into a struct nfbuf
 * (nfbuf.h: NFBUF_INIT(0) is empty, free(p) when done), with the stored
 * canonical bodies spliced in rather than parsed and serialised again.
 */

/* Append v as a JSON string (escaped as JSON requires; NULL: null) to t.
 * 0, or -1 when out of memory. */
int store_text_string(struct nfbuf *t, const char *v);

/* ---- the mapping's counts (store_stats.c) ------------------------------ */

enum store_stats_table {
	STORE_STATS_ORGS, STORE_STATS_COLLABS, STORE_STATS_MEMBERS,
	STORE_STATS__COUNT
};
#define STORE_STATS_ROWS_MAX 50000   /* rows of one table; more: too_large */

/* Filters, NULL: none. Each applies to the tables with its column. */
struct store_stats_filter {
	const char *country;         /* "SE": org, collab, member country */
	const char *classification;  /* organisations */
	const char *region;          /* organisations: region_code */
	const char *area;            /* organisations' focus areas, collab area */
	const char *form, *level, *public_body;   /* collaborations */
	const char *network;         /* network members */
};

/* The table's name in the reply ("organisations"), or NULL. */
const char *store_stats_name(enum store_stats_table t);

/*
 * The tables in which (bit 1u << enum store_stats_table), as
 * {"<name>": {"columns": [..., "count"], "rows": [[...]], "total": n}}:
 * one row per group with its count (an organisation counts in each of
 * its focus areas; area null for none), ordered by its columns; with
 * cols_mask (bit i: the table's column i; 0: the table's usual ones,
 * all but the organisations' municipality and municipality_name, which
 * bring country along: a code names a municipality in its country only)
 * only those columns, each record counted once per group; total
 * is the number of records counted. too_large when a table has more
 * than STORE_STATS_ROWS_MAX rows. New reference.
 */
int store_stats(struct store *s, const struct store_stats_filter *f,
    unsigned which, unsigned cols_mask, json_t **out, struct nferr *err);
/* The index of column name in table t's columns, or -1. */
int store_stats_column(enum store_stats_table t, const char *name);

/*
 * A read transaction for the reads that follow: one snapshot, one round
 * of the WAL read lock. It stays open, for later reads too, until the
 * next write of this store (which ends it first: every committed write
 * is seen) or store_read_end. Not within a write transaction; a second
 * begin while one is held does nothing, and so does one while a peer's
 * apply is held (store_remote_hold): the reads then see it.
 */
int store_read_begin(struct store *s, struct nferr *err);
void store_read_end(struct store *s);

/* What store_record_text tells besides the text. */
struct store_record_view {
	enum record_type type;
	char origin[RECORD_ORIGIN_SIZE];
	int deleted;
	int has_memberships;   /* an organisation or network: live ones held */
	int64_t persons;       /* an organisation of this node: its persons */
};

/*
 * store_record_get as text appended to out (the object ends in its '}',
 * so a caller may replace that to add members); v (may be NULL) filled.
 * One statement: the record, whether memberships name it, and its
 * contact persons. -1 not_found when the id is unknown.
 */
int store_record_text(struct store *s, const char *id, struct nfbuf *out,
    struct store_record_view *v, struct nferr *err);

/* store_list and store_search as text appended to out. */
int store_list_text(struct store *s, const struct store_filter *f,
    struct nfbuf *out, struct nferr *err);
int store_search_text(struct store *s, const char *q, unsigned types,
    int limit, const char *cursor, struct nfbuf *out, struct nferr *err);

/* ---- local-only: persons ----------------------------------------------- */

/*
 * Named contact persons of a local organisation: personal data. Never in
 * the log, never replicated, never in the search index. A person is shown
 * to anyone only when public is set, with the date the person consented
 * to it (public_consent); the API decides who reads what (node/persons.c).
 *
 * Erasure leaves no trace in the database's files: the connection has
 * secure_delete on (deleted rows and freed pages are overwritten with
 * zeros), and after every erasure the WAL is checkpointed and truncated
 * (store_local_scrub). docs/operations.md, "Personal data".
 */
#define STORE_EMAIL_MAX    254
#define STORE_CONSENT_LEN  10      /* "YYYY-MM-DD" */

/* Strings borrowed; NULL role/email/phone allowed. */
struct store_person {
	const char *id;        /* NULL or "": mint a new one */
	const char *org_id;    /* an organisation of this node's origin */
	const char *name;      /* 1..200 bytes */
	const char *role;      /* <= 200 */
	const char *email;     /* <= STORE_EMAIL_MAX */
	const char *phone;     /* <= 40 */
	int public;            /* 1: anyone may read it */
	const char *public_consent;  /* "YYYY-MM-DD" the person consented to
	                                be public: required with public, NULL
	                                (or "") without */
};
/* Insert or replace; the id used is written to id_out. bad_value when a
 * field is too long, the consent does not go with public, or the
 * organisation is not a live local one. A replace scrubs what it
 * overwrote (store_local_scrub). */
int store_person_put(struct store *s, const struct store_person *p,
    char id_out[STORE_PERSON_ID_MAX], struct nferr *err);
/* {"id","organisation","name","role","email","phone","public",
 * "public_consent","updated"}; nulls for absent fields. -1 not_found.
 * New reference. */
int store_person_get(struct store *s, const char *id, json_t **out,
    struct nferr *err);
/* Array of persons of org_id (public or not), by name. New reference. */
int store_person_list_for_org(struct store *s, const char *org_id,
    json_t **out, struct nferr *err);
int store_person_count_for_org(struct store *s, const char *org_id,
    int64_t *n, struct nferr *err);
/* Erase one person, then scrub. -1 not_found when no such person. */
int store_person_delete(struct store *s, const char *id, struct nferr *err);

/*
 * Access and erasure requests, by e-mail address (compared without ASCII
 * case; bad_value unless it has an @, no control characters and at most
 * STORE_EMAIL_MAX bytes).
 * find: every person with that address, as store_person_get, by
 * organisation. New reference.
 * erase: every one of them, in one transaction; *n how many. The scrub
 * is owed until store_local_scrub.
 */
int store_persons_find_email(struct store *s, const char *email,
    json_t **out, struct nferr *err);
int store_persons_erase_email(struct store *s, const char *email,
    int64_t *n, struct nferr *err);

/*
 * The retention sweep of persons, in one transaction: erase those whose
 * organisation is not a live organisation of this node (*orphans), and,
 * when max_age_ms > 0, those not written since now_ms - max_age_ms
 * (*aged). The scrub is owed until store_local_scrub.
 */
int store_persons_sweep(struct store *s, int64_t now_ms, int64_t max_age_ms,
    int64_t *orphans, int64_t *aged, struct nferr *err);

/*
 * Take erased personal data out of the WAL: a TRUNCATE checkpoint (the
 * WAL's pages copied into the database, whose copies are zeroed, and the
 * WAL cut to zero bytes). Only outside a transaction. It never waits for
 * a reader (another process reading the database): then *done is 0 and
 * it stays owed, for the next erasure or sweep. force: even when nothing
 * is owed. *done 1 when the WAL is empty.
 */
int store_local_scrub(struct store *s, int force, int *done,
    struct nferr *err);
/* 1 when an erasure has not been scrubbed yet. */
int store_local_scrub_owed(const struct store *s);

/* ---- local-only: API tokens -------------------------------------------- */

/* BLAKE2b-256 of the token bytes: what store_token_add keeps. */
void store_token_hash(const char *token, unsigned char out[STORE_TOKEN_HASH_LEN]);
/* Add or replace the token called name (1..STORE_NAME_MAX-1 bytes). */
int store_token_add(struct store *s, const char *name,
    const unsigned char hash[STORE_TOKEN_HASH_LEN], struct nferr *err);
int store_token_remove(struct store *s, const char *name, struct nferr *err);
/*
 * 0 when token matches a stored hash (hashes compared with sodium_memcmp,
 * every stored hash checked), writing its name to name_out when non-NULL;
 * -1 otherwise.
 */
int store_token_check(struct store *s, const char *token, char *name_out,
    size_t name_len);

/* ---- helpers -------------------------------------------------------------- */

/*
 * The search fold: lower case, and Nordic/Latin letters to base letters
 * (å ä à á â → a, ö ø ó ô → o, ü ú → u, é è → e, æ → ae, œ → oe,
 * þ → th, ð đ → d, ß → ss, ŋ → n, ŧ → t, š → s, ž → z, č → c ...).
 * Writes at most outlen-1 bytes plus NUL (never splitting a UTF-8
 * sequence); returns the length written.
 */
size_t store_fold(const char *in, char *out, size_t outlen);

/* RFC 3339 date-time (with Z or offset, optional fraction) or a full date
 * (YYYY-MM-DD, taken as 00:00Z) to ms since the epoch. 0 or -1. */
int store_time_parse(const char *s, int64_t *ms);

/* ---- operator repairs (node/admin.c, nordfedctl) ------------------------ */

/*
 * An operator resolved the fork of origin at seq (held, else not_found):
 * record the decision (keep: the entry hash kept; by: who, may be NULL)
 * beside the proof, which stays. drop 1: the node holds the entry the
 * operator rejected, so everything held of origin (entries, records and
 * what derives from them, head, cursors) is dropped in the same
 * transaction, to be fetched again from peers; never for this node's own
 * origin (bad_value). The quarantine ends once every fork of origin is
 * resolved; *still_quarantined says whether another one remains.
 */
int store_fork_resolve(struct store *s, const char *origin, uint64_t seq,
    const unsigned char keep[ENTRY_HASH_LEN], const char *by, int drop,
    int *still_quarantined, struct nferr *err);

/* The resolutions recorded, as [{"origin","seq","kept":"<hex64>",
 * "resolved":"<rfc3339>","by":..|null,"dropped":bool},...] by origin and
 * seq. New reference. */
int store_fork_resolutions(struct store *s, json_t **out, struct nferr *err);

/* Drop everything held of origin (never this node's own: bad_value), as
 * store_fork_resolve with drop does, in one transaction, to fetch it
 * again from peers: after verify found a bad entry in it. *dropped is
 * the head seq that was held. */
int store_origin_reset(struct store *s, const char *origin, uint64_t *dropped,
    struct nferr *err);

#endif
