/*
 * store: the one module that owns SQLite. See store.h for the API and
 * docs/storage.md for the schema, the apply rules and the durability
 * argument.
 *
 * Layout of this file: helpers (buffers, fold, time, cursors), the schema
 * as an append-only list of migrations, the prepared statements, open and
 * close, the apply path (entries -> records, tags, search, counts), the
 * write transactions, then the reads, persons and tokens.
 *
 * Every sqlite3_stmt is prepared once in store_open (the list queries,
 * whose WHERE clause depends on the filters given, are prepared on first
 * use per filter combination and kept) and reset after each use, so no
 * statement holds a read transaction open between calls.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <sodium.h>
#include <sqlite3.h>

#include "canon.h"
#include "keys.h"
#include "store.h"

/* meta key prefix of an operator's fork decision (see store_fork_resolve) */
#define FORK_RESOLVED_PREFIX "fork_resolved/"

#define SORT_KEY_MAX   200     /* bytes of a folded sort key */
#define TAGS_MAX       64      /* tags kept per record */
#define LIST_FILTERS   8       /* bits of a list statement's filter mask */
#define BUSY_MS        5000

/* ---- small helpers -------------------------------------------------- */


static int64_t
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

struct buf {
	char *p;
	size_t len, cap;
};

static int
buf_add(struct buf *b, const char *s, size_t n)
{
	char *np;
	size_t ncap;

	if (b->len + n + 1 > b->cap) {
		ncap = b->cap ? b->cap : 256;
		while (ncap < b->len + n + 1)
			ncap *= 2;
		if ((np = realloc(b->p, ncap)) == NULL)
			return -1;
		b->p = np;
		b->cap = ncap;
	}
	memcpy(b->p + b->len, s, n);
	b->len += n;
	b->p[b->len] = '\0';
	return 0;
}

/* Append the folded form of s and a separating space. */
static int
buf_add_folded(struct buf *b, const char *s)
{
	size_t n = strlen(s), cap = n * 2 + 2;
	char stackbuf[1024], *tmp = cap <= sizeof(stackbuf) ? stackbuf :
	    malloc(cap);
	int rc;

	if (tmp == NULL)
		return -1;
	n = store_fold(s, tmp, cap);
	rc = buf_add(b, tmp, n);
	if (rc == 0)
		rc = buf_add(b, " ", 1);
	if (tmp != stackbuf)
		free(tmp);
	return rc;
}

/* ---- fold ----------------------------------------------------------- */

/* Decode one UTF-8 sequence at s (n bytes left). Returns its length and
 * sets *cp, or 0 for an invalid sequence. */
static size_t
utf8_decode(const unsigned char *s, size_t n, uint32_t *cp)
{
	uint32_t c;
	size_t len, i;

	if (s[0] < 0x80) {
		*cp = s[0];
		return 1;
	}
	if (s[0] >= 0xc2 && s[0] <= 0xdf) {
		len = 2;
		c = s[0] & 0x1f;
	} else if (s[0] >= 0xe0 && s[0] <= 0xef) {
		len = 3;
		c = s[0] & 0x0f;
	} else if (s[0] >= 0xf0 && s[0] <= 0xf4) {
		len = 4;
		c = s[0] & 0x07;
	} else {
		return 0;
	}
	if (len > n)
		return 0;
	for (i = 1; i < len; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		c = (c << 6) | (s[i] & 0x3f);
	}
	if ((len == 3 && (c < 0x800 || (c >= 0xd800 && c <= 0xdfff))) ||
	    (len == 4 && (c < 0x10000 || c > 0x10ffff)))
		return 0;
	*cp = c;
	return len;
}

/* The ASCII replacement of a Latin letter, or NULL to keep it. */
static const char *
fold_cp(uint32_t c)
{
	/* U+00C0..U+00FF, index c - 0xC0 */
	static const char *const latin1[64] = {
		"a", "a", "a", "a", "a", "a", "ae", "c",      /* C0-C7 */
		"e", "e", "e", "e", "i", "i", "i", "i",       /* C8-CF */
		"d", "n", "o", "o", "o", "o", "o", NULL,      /* D0-D7 */
		"o", "u", "u", "u", "u", "y", "th", "ss",     /* D8-DF */
		"a", "a", "a", "a", "a", "a", "ae", "c",      /* E0-E7 */
		"e", "e", "e", "e", "i", "i", "i", "i",       /* E8-EF */
		"d", "n", "o", "o", "o", "o", "o", NULL,      /* F0-F7 */
		"o", "u", "u", "u", "u", "y", "th", "y",      /* F8-FF */
	};
	/* U+0100..U+017F by ranges */
	static const struct {
		uint32_t lo, hi;
		const char *to;
	} extA[] = {
		{ 0x100, 0x105, "a" }, { 0x106, 0x10d, "c" }, { 0x10e, 0x111, "d" },
		{ 0x112, 0x11b, "e" }, { 0x11c, 0x123, "g" }, { 0x124, 0x127, "h" },
		{ 0x128, 0x131, "i" }, { 0x132, 0x133, "ij" }, { 0x134, 0x135, "j" },
		{ 0x136, 0x138, "k" }, { 0x139, 0x142, "l" }, { 0x143, 0x14b, "n" },
		{ 0x14c, 0x151, "o" }, { 0x152, 0x153, "oe" }, { 0x154, 0x159, "r" },
		{ 0x15a, 0x161, "s" }, { 0x162, 0x167, "t" }, { 0x168, 0x173, "u" },
		{ 0x174, 0x175, "w" }, { 0x176, 0x178, "y" }, { 0x179, 0x17e, "z" },
		{ 0x17f, 0x17f, "s" },
		/* Sami letters outside Latin-1/Extended-A */
		{ 0x1b7, 0x1b7, "z" }, { 0x1e4, 0x1e7, "g" }, { 0x1e8, 0x1e9, "k" },
		{ 0x1ee, 0x1ef, "z" }, { 0x292, 0x292, "z" },
	};
	size_t i;

	if (c >= 'A' && c <= 'Z')
		return NULL; /* handled by the caller */
	if (c >= 0xc0 && c <= 0xff)
		return latin1[c - 0xc0];
	for (i = 0; i < sizeof(extA) / sizeof(extA[0]); i++)
		if (c >= extA[i].lo && c <= extA[i].hi)
			return extA[i].to;
	return NULL;
}

size_t
store_fold(const char *in, char *out, size_t outlen)
{
	const unsigned char *s = (const unsigned char *)in;
	size_t n = strlen(in), o = 0, l, k;
	const char *to;
	uint32_t c;
	char ch;

	if (outlen == 0)
		return 0;
	while (n > 0) {
		l = utf8_decode(s, n, &c);
		if (l == 0) {           /* invalid byte: a separator */
			if (o + 1 >= outlen)
				break;
			out[o++] = ' ';
			s++;
			n--;
			continue;
		}
		if (c < 0x80) {
			ch = (char)c;
			if (ch >= 'A' && ch <= 'Z')
				ch = (char)(ch - 'A' + 'a');
			if (o + 1 >= outlen)
				break;
			out[o++] = ch;
		} else if ((to = fold_cp(c)) != NULL) {
			k = strlen(to);
			if (o + k >= outlen)
				break;
			memcpy(out + o, to, k);
			o += k;
		} else {
			if (o + l >= outlen)
				break;
			memcpy(out + o, s, l);
			o += l;
		}
		s += l;
		n -= l;
	}
	out[o] = '\0';
	return o;
}

/* ---- time ----------------------------------------------------------- */

int
store_time_parse(const char *s, int64_t *ms)
{
	char buf[40];
	int64_t sec;
	long nsec;

	if (s == NULL)
		return -1;
	if (strlen(s) == 10) {		/* a date: its midnight, UTC */
		if (!record_date_valid(s))
			return -1;
		snprintf(buf, sizeof(buf), "%sT00:00:00Z", s);
		s = buf;
	}
	if (record_time_parse(s, &sec, &nsec) != 0)
		return -1;
	*ms = sec * 1000 + nsec / 1000000;
	return 0;
}

/* ---- cursors ---------------------------------------------------------- */

/* The sort key of a meeting starting at ms. */
static void
time_key(int64_t ms, char out[SORT_KEY_MAX + 1])
{
	snprintf(out, SORT_KEY_MAX + 1, "%020" PRId64, ms < 0 ? 0 : ms);
}


/* base64url(sort_key NUL id). */
static json_t *
cursor_make(const char *sort_key, const char *id)
{
	unsigned char bin[SORT_KEY_MAX + RECORD_ID_MAX + 2];
	char out[sodium_base64_ENCODED_LEN(sizeof(bin),
	    sodium_base64_VARIANT_URLSAFE_NO_PADDING)];
	size_t a = strlen(sort_key), b = strlen(id);

	if (a > SORT_KEY_MAX)
		a = SORT_KEY_MAX;
	if (b >= RECORD_ID_MAX)
		b = RECORD_ID_MAX - 1;
	memcpy(bin, sort_key, a);
	bin[a] = '\0';
	memcpy(bin + a + 1, id, b);
	sodium_bin2base64(out, sizeof(out), bin, a + 1 + b,
	    sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	return json_string(out);
}

static int
cursor_parse(const char *cur, char key[SORT_KEY_MAX + 1],
    char id[RECORD_ID_MAX], struct nferr *err)
{
	unsigned char bin[STORE_CURSOR_MAX];
	size_t len, n, k;
	const unsigned char *nul;

	key[0] = id[0] = '\0';
	if (cur == NULL || *cur == '\0')
		return 0;
	len = strlen(cur);
	if (len > STORE_CURSOR_MAX ||
	    sodium_base642bin(bin, sizeof(bin), cur, len, NULL, &n, NULL,
	    sodium_base64_VARIANT_URLSAFE_NO_PADDING) != 0)
		goto bad;
	if ((nul = memchr(bin, '\0', n)) == NULL)
		goto bad;
	k = (size_t)(nul - bin);
	if (k > SORT_KEY_MAX || n - k - 1 == 0 || n - k - 1 >= RECORD_ID_MAX ||
	    memchr(nul + 1, '\0', n - k - 1) != NULL)
		goto bad;
	memcpy(key, bin, k);
	key[k] = '\0';
	memcpy(id, nul + 1, n - k - 1);
	id[n - k - 1] = '\0';
	return 0;
bad:
	return nferr_set(err, "bad_cursor", "/cursor",
	    "the cursor is not one this node gave out");
}

static int
limit_check(int limit, int *out, struct nferr *err)
{
	if (limit == 0)
		limit = STORE_LIMIT_DEFAULT;
	if (limit < 1 || limit > STORE_LIMIT_MAX)
		return nferr_set(err, "bad_value", "/limit",
		    "limit must be 1 to %d", STORE_LIMIT_MAX);
	*out = limit;
	return 0;
}

/* ---- schema --------------------------------------------------------- */

/*
 * Append-only: never edit a migration that has shipped; add a new one.
 * Each runs in one transaction together with its user_version bump.
 * docs/storage.md describes every table.
 */
static const char *const migrations[] = {
	/* 1: the initial schema */
	"CREATE TABLE meta("
	"  key TEXT PRIMARY KEY,"
	"  value TEXT NOT NULL"
	") WITHOUT ROWID;"

	"CREATE TABLE origins("
	"  origin TEXT PRIMARY KEY,"
	"  head_seq INTEGER NOT NULL DEFAULT 0 CHECK (head_seq >= 0),"
	"  head_hash BLOB CHECK (head_hash IS NULL OR length(head_hash) = 32),"
	"  quarantined INTEGER NOT NULL DEFAULT 0 CHECK (quarantined IN (0,1)),"
	"  quarantined_at INTEGER"
	") WITHOUT ROWID;"

	"CREATE TABLE entries("
	"  origin TEXT NOT NULL,"
	"  seq INTEGER NOT NULL CHECK (seq >= 1),"
	"  v INTEGER NOT NULL,"
	"  hash BLOB NOT NULL CHECK (length(hash) = 32),"
	"  prev BLOB NOT NULL CHECK (length(prev) = 32),"
	"  ts TEXT NOT NULL,"
	"  op TEXT NOT NULL CHECK (op IN ('put','delete','key')),"
	"  type TEXT NOT NULL,"
	"  record_id TEXT NOT NULL,"
	"  body_hash BLOB CHECK (body_hash IS NULL OR length(body_hash) = 32),"
	"  key TEXT NOT NULL,"
	"  sig BLOB NOT NULL CHECK (length(sig) = 64),"
	"  header BLOB NOT NULL,"
	"  body TEXT,"
	"  received_at INTEGER NOT NULL,"
	"  PRIMARY KEY (origin, seq)"
	");"
	"CREATE INDEX entries_record ON entries(origin, record_id, seq);"

	"CREATE TABLE forks("
	"  origin TEXT NOT NULL,"
	"  seq INTEGER NOT NULL,"
	"  proof TEXT NOT NULL,"
	"  detected_at INTEGER NOT NULL,"
	"  PRIMARY KEY (origin, seq)"
	") WITHOUT ROWID;"

	"CREATE TABLE records("
	"  rid INTEGER PRIMARY KEY,"
	"  id TEXT NOT NULL UNIQUE,"
	"  type TEXT NOT NULL,"
	"  origin TEXT NOT NULL,"
	"  seq INTEGER NOT NULL,"
	"  deleted INTEGER NOT NULL DEFAULT 0 CHECK (deleted IN (0,1)),"
	"  body TEXT,"
	"  name TEXT,"
	"  sort_key TEXT NOT NULL DEFAULT '',"
	"  country TEXT,"
	"  classification TEXT,"
	"  network TEXT,"
	"  org TEXT,"
	"  start_ms INTEGER,"
	"  end_ms INTEGER,"
	"  CHECK ((deleted = 1) = (body IS NULL))"
	");"
	"CREATE INDEX records_type_sort ON records(type, sort_key, id);"
	"CREATE INDEX records_type_country ON records(type, country, sort_key, id);"
	"CREATE INDEX records_type_class ON records(type, classification, sort_key, id);"
	"CREATE INDEX records_network ON records(network, type, id);"
	"CREATE INDEX records_org ON records(org, type, id);"
	"CREATE INDEX records_type_start ON records(type, start_ms);"

	/* type, sort_key and id repeat the record's so that a page of one
	 * tag is one walk of the primary key (docs/storage.md) */
	"CREATE TABLE record_tags("
	"  kind TEXT NOT NULL CHECK (kind IN ('focus','lang')),"
	"  value TEXT NOT NULL,"
	"  type TEXT NOT NULL,"
	"  sort_key TEXT NOT NULL,"
	"  id TEXT NOT NULL,"
	"  rid INTEGER NOT NULL REFERENCES records(rid) ON DELETE CASCADE,"
	"  PRIMARY KEY (kind, value, type, sort_key, id)"
	") WITHOUT ROWID;"
	"CREATE INDEX record_tags_rid ON record_tags(rid, kind, value);"

	"CREATE VIRTUAL TABLE search USING fts5("
	"  kind, name, text,"
	"  tokenize = 'unicode61 remove_diacritics 2',"
	"  prefix = '2 3'"
	");"

	/* every token ever indexed, for prefix expansion (insert only) */
	"CREATE TABLE search_vocab("
	"  term TEXT PRIMARY KEY"
	") WITHOUT ROWID;"

	"CREATE TABLE counts("
	"  type TEXT NOT NULL,"
	"  country TEXT NOT NULL,"
	"  n INTEGER NOT NULL,"
	"  PRIMARY KEY (type, country)"
	") WITHOUT ROWID;"

	"CREATE TABLE peer_cursors("
	"  peer TEXT NOT NULL,"
	"  origin TEXT NOT NULL,"
	"  seq INTEGER NOT NULL CHECK (seq >= 0),"
	"  updated_at INTEGER NOT NULL,"
	"  PRIMARY KEY (peer, origin)"
	") WITHOUT ROWID;"

	"CREATE TABLE persons("
	"  id TEXT PRIMARY KEY,"
	"  org_id TEXT NOT NULL REFERENCES records(id),"
	"  name TEXT NOT NULL,"
	"  role TEXT,"
	"  email TEXT,"
	"  phone TEXT,"
	"  updated_at INTEGER NOT NULL"
	");"
	"CREATE INDEX persons_org ON persons(org_id, name);"

	"CREATE TABLE tokens("
	"  name TEXT PRIMARY KEY,"
	"  hash BLOB NOT NULL CHECK (length(hash) = 32),"
	"  created_at INTEGER NOT NULL"
	");",
};
#define N_MIGRATIONS (sizeof(migrations) / sizeof(migrations[0]))

/* ---- prepared statements ------------------------------------------- */

enum st {
	ST_BEGIN, ST_COMMIT, ST_ROLLBACK,
	ST_META_GET, ST_META_SET,
	ST_HEAD_GET, ST_HEAD_SET, ST_HEADS, ST_HASH_AT,
	ST_ENTRY_INS, ST_ENTRY_PRUNE, ST_LOG_READ,
	ST_REC_META, ST_REC_PUT, ST_REC_DEL, ST_REC_GET,
	ST_TAGS_DEL, ST_TAG_INS, ST_FTS_DEL, ST_FTS_INS, ST_VOCAB_INS,
	ST_VOCAB_RANGE,
	ST_COUNT_ADD, ST_COUNTS,
	ST_FORK_INS, ST_QUAR_SET, ST_QUAR_GET, ST_FORKS,
	ST_CURSOR_GET, ST_CURSOR_SET, ST_CURSORS,
	ST_MEM_BY_NET, ST_MEM_BY_ORG, ST_SEARCH,
	ST_PERSON_PUT, ST_PERSON_GET, ST_PERSON_LIST, ST_PERSON_COUNT,
	ST_PERSON_DEL,
	ST_TOKEN_ADD, ST_TOKEN_DEL, ST_TOKEN_ALL,
	ST__COUNT
};

static const char *const st_sql[ST__COUNT] = {
	[ST_BEGIN] = "BEGIN IMMEDIATE",
	[ST_COMMIT] = "COMMIT",
	[ST_ROLLBACK] = "ROLLBACK",
	[ST_META_GET] = "SELECT value FROM meta WHERE key = ?1",
	[ST_META_SET] = "INSERT INTO meta(key, value) VALUES (?1, ?2) "
	    "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
	[ST_HEAD_GET] = "SELECT head_seq, head_hash FROM origins "
	    "WHERE origin = ?1",
	[ST_HEAD_SET] = "INSERT INTO origins(origin, head_seq, head_hash) "
	    "VALUES (?1, ?2, ?3) ON CONFLICT(origin) DO UPDATE SET "
	    "head_seq = excluded.head_seq, head_hash = excluded.head_hash",
	[ST_HEADS] = "SELECT origin, head_seq, head_hash FROM origins "
	    "WHERE head_seq > 0 ORDER BY origin",
	[ST_HASH_AT] = "SELECT hash FROM entries WHERE origin = ?1 AND seq = ?2",
	[ST_ENTRY_INS] = "INSERT INTO entries(origin, seq, v, hash, prev, ts, "
	    "op, type, record_id, body_hash, key, sig, header, body, "
	    "received_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, "
	    "?11, ?12, ?13, ?14, ?15)",
	[ST_ENTRY_PRUNE] = "UPDATE entries SET body = NULL WHERE origin = ?1 "
	    "AND record_id = ?2 AND seq < ?3 AND body IS NOT NULL",
	[ST_LOG_READ] = "SELECT seq, v, hash, prev, ts, op, type, record_id, "
	    "body_hash, key, sig, header, body FROM entries "
	    "WHERE origin = ?1 AND seq > ?2 ORDER BY seq LIMIT ?3",
	[ST_REC_META] = "SELECT rid, type, origin, seq, deleted, country "
	    "FROM records WHERE id = ?1",
	[ST_REC_PUT] = "INSERT INTO records(id, type, origin, seq, deleted, "
	    "body, name, sort_key, country, classification, network, org, "
	    "start_ms, end_ms) VALUES (?1, ?2, ?3, ?4, 0, ?5, ?6, ?7, ?8, ?9, "
	    "?10, ?11, ?12, ?13) ON CONFLICT(id) DO UPDATE SET "
	    "type = excluded.type, origin = excluded.origin, "
	    "seq = excluded.seq, deleted = 0, body = excluded.body, "
	    "name = excluded.name, sort_key = excluded.sort_key, "
	    "country = excluded.country, "
	    "classification = excluded.classification, "
	    "network = excluded.network, org = excluded.org, "
	    "start_ms = excluded.start_ms, end_ms = excluded.end_ms "
	    "RETURNING rid",
	[ST_REC_DEL] = "INSERT INTO records(id, type, origin, seq, deleted, "
	    "body) VALUES (?1, ?2, ?3, ?4, 1, NULL) ON CONFLICT(id) DO UPDATE "
	    "SET seq = excluded.seq, deleted = 1, body = NULL, name = NULL, "
	    "sort_key = '', country = NULL, classification = NULL, "
	    "network = NULL, org = NULL, start_ms = NULL, end_ms = NULL "
	    "RETURNING rid",
	[ST_REC_GET] = "SELECT id, type, origin, seq, deleted, body "
	    "FROM records WHERE id = ?1",
	[ST_TAGS_DEL] = "DELETE FROM record_tags WHERE rid = ?1",
	[ST_TAG_INS] = "INSERT OR IGNORE INTO record_tags(rid, kind, value, "
	    "type, sort_key, id) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
	[ST_FTS_DEL] = "DELETE FROM search WHERE rowid = ?1",
	[ST_FTS_INS] = "INSERT INTO search(rowid, kind, name, text) "
	    "VALUES (?1, ?2, ?3, ?4)",
	[ST_VOCAB_INS] = "INSERT OR IGNORE INTO search_vocab(term) VALUES (?1)",
	[ST_VOCAB_RANGE] = "SELECT term FROM search_vocab WHERE term >= ?1 "
	    "AND term < ?2 ORDER BY term LIMIT ?3",
	[ST_COUNT_ADD] = "INSERT INTO counts(type, country, n) "
	    "VALUES (?1, ?2, ?3) ON CONFLICT(type, country) "
	    "DO UPDATE SET n = n + excluded.n",
	[ST_COUNTS] = "SELECT type, country, n FROM counts WHERE n > 0 "
	    "AND type <> 'key' ORDER BY type, country",
	[ST_FORK_INS] = "INSERT OR IGNORE INTO forks(origin, seq, proof, "
	    "detected_at) VALUES (?1, ?2, ?3, ?4)",
	[ST_QUAR_SET] = "INSERT INTO origins(origin, quarantined, "
	    "quarantined_at) VALUES (?1, 1, ?2) ON CONFLICT(origin) DO UPDATE "
	    "SET quarantined = 1, quarantined_at = "
	    "coalesce(quarantined_at, excluded.quarantined_at)",
	[ST_QUAR_GET] = "SELECT quarantined FROM origins WHERE origin = ?1",
	[ST_FORKS] = "SELECT origin, seq, proof, detected_at FROM forks "
	    "ORDER BY origin, seq",
	[ST_CURSOR_GET] = "SELECT seq FROM peer_cursors WHERE peer = ?1 "
	    "AND origin = ?2",
	[ST_CURSOR_SET] = "INSERT INTO peer_cursors(peer, origin, seq, "
	    "updated_at) VALUES (?1, ?2, ?3, ?4) ON CONFLICT(peer, origin) "
	    "DO UPDATE SET seq = max(seq, excluded.seq), "
	    "updated_at = excluded.updated_at",
	[ST_CURSORS] = "SELECT origin, seq FROM peer_cursors WHERE peer = ?1 "
	    "ORDER BY origin",
	[ST_MEM_BY_NET] = "SELECT m.id, m.origin, m.seq, m.body, o.id, o.name, "
	    "o.country FROM records AS m LEFT JOIN records AS o "
	    "ON o.id = m.org AND o.deleted = 0 AND o.type = 'organisation' "
	    "WHERE m.network = ?1 AND m.type = 'membership' AND m.deleted = 0 "
	    "AND m.id > ?2 ORDER BY m.id LIMIT ?3",
	[ST_MEM_BY_ORG] = "SELECT m.id, m.origin, m.seq, m.body, n.id, n.name, "
	    "NULL FROM records AS m LEFT JOIN records AS n "
	    "ON n.id = m.network AND n.deleted = 0 AND n.type = 'network' "
	    "WHERE m.org = ?1 AND m.type = 'membership' AND m.deleted = 0 "
	    "AND m.id > ?2 ORDER BY m.id LIMIT ?3",
	/* The innermost query ranks at most ?2 matches, newest rowid first;
	 * the middle one keeps the best ?3 of them, so only a page is joined
	 * to records (tombstones are not in the index; the deleted test is
	 * a guard). The LIMITs keep them from being flattened. */
	[ST_SEARCH] = "SELECT r.id, r.type, r.origin, r.seq, r.name, r.body "
	    "FROM (SELECT rid, score FROM (SELECT rowid AS rid, "
	    "nfrank(search, 0.0, 10.0, 1.0) AS score FROM search "
	    "WHERE search MATCH ?1 ORDER BY rowid DESC LIMIT ?2) "
	    "ORDER BY score, rid DESC LIMIT ?3) AS m "
	    "JOIN records AS r ON r.rid = m.rid WHERE r.deleted = 0 "
	    "ORDER BY m.score, m.rid DESC",
	[ST_PERSON_PUT] = "INSERT INTO persons(id, org_id, name, role, email, "
	    "phone, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) "
	    "ON CONFLICT(id) DO UPDATE SET org_id = excluded.org_id, "
	    "name = excluded.name, role = excluded.role, "
	    "email = excluded.email, phone = excluded.phone, "
	    "updated_at = excluded.updated_at",
	[ST_PERSON_GET] = "SELECT id, org_id, name, role, email, phone, "
	    "updated_at FROM persons WHERE id = ?1",
	[ST_PERSON_LIST] = "SELECT id, org_id, name, role, email, phone, "
	    "updated_at FROM persons WHERE org_id = ?1 ORDER BY name, id",
	[ST_PERSON_COUNT] = "SELECT count(*) FROM persons WHERE org_id = ?1",
	[ST_PERSON_DEL] = "DELETE FROM persons WHERE id = ?1",
	[ST_TOKEN_ADD] = "INSERT INTO tokens(name, hash, created_at) "
	    "VALUES (?1, ?2, ?3) ON CONFLICT(name) DO UPDATE SET "
	    "hash = excluded.hash, created_at = excluded.created_at",
	[ST_TOKEN_DEL] = "DELETE FROM tokens WHERE name = ?1",
	[ST_TOKEN_ALL] = "SELECT name, hash FROM tokens",
};

/* List filter bits: one prepared statement per combination used. */
enum {
	LF_COUNTRY = 1 << 0, LF_CLASS = 1 << 1, LF_FOCUS = 1 << 2,
	LF_NETWORK = 1 << 3, LF_LANG = 1 << 4, LF_FROM = 1 << 5,
	LF_TO = 1 << 6, LF_NOW = 1 << 7
};

struct store {
	sqlite3 *db;
	char origin[3];
	fts5_tokenizer tok;          /* unicode61, as the search table uses */
	Fts5Tokenizer *tokinst;
	sqlite3_stmt *st[ST__COUNT];
	sqlite3_stmt *list[2 << LIST_FILTERS];   /* [meeting][mask] */
};

static int
db_err(struct store *s, struct nferr *err, const char *what)
{
	return nferr_set(err, "db_error", "", "%s: %s", what,
	    sqlite3_errmsg(s->db));
}

/* The statement i, reset and with no bindings. */
static sqlite3_stmt *
st(struct store *s, enum st i)
{
	sqlite3_reset(s->st[i]);
	sqlite3_clear_bindings(s->st[i]);
	return s->st[i];
}

/* Step a statement that returns no rows (or whose rows are ignored) and
 * reset it. */
static int
st_run(struct store *s, sqlite3_stmt *q, struct nferr *err, const char *what)
{
	int rc;

	while ((rc = sqlite3_step(q)) == SQLITE_ROW)
		;
	if (rc != SQLITE_DONE) {
		db_err(s, err, what);
		sqlite3_reset(q);
		return -1;
	}
	sqlite3_reset(q);
	return 0;
}

static void
bind_text(sqlite3_stmt *q, int i, const char *v)
{
	if (v == NULL)
		sqlite3_bind_null(q, i);
	else
		sqlite3_bind_text(q, i, v, -1, SQLITE_TRANSIENT);
}

static void
bind_u64(sqlite3_stmt *q, int i, uint64_t v)
{
	sqlite3_bind_int64(q, i, (sqlite3_int64)v);
}

static const char *
col_text(sqlite3_stmt *q, int i)
{
	return (const char *)sqlite3_column_text(q, i);
}

/* A JSON value from stored (canonical) JSON text: new reference, or
 * JSON null when absent or unparseable. */
static json_t *
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

static json_t *
col_json_str(sqlite3_stmt *q, int i)
{
	const char *t = col_text(q, i);

	return t ? json_string(t) : json_null();
}

/* ---- transactions ------------------------------------------------- */

static int
tx_begin(struct store *s, struct nferr *err)
{
	return st_run(s, st(s, ST_BEGIN), err, "begin");
}

static int
tx_commit(struct store *s, struct nferr *err)
{
	return st_run(s, st(s, ST_COMMIT), err, "commit");
}

static void
tx_rollback(struct store *s)
{
	if (!sqlite3_get_autocommit(s->db))
		st_run(s, st(s, ST_ROLLBACK), NULL, "rollback");
}

/* ---- open / close --------------------------------------------------- */

static int
exec(struct store *s, const char *sql, struct nferr *err)
{
	char *msg = NULL;

	if (sqlite3_exec(s->db, sql, NULL, NULL, &msg) != SQLITE_OK) {
		nferr_set(err, "db_error", "", "%s", msg ? msg :
		    sqlite3_errmsg(s->db));
		sqlite3_free(msg);
		return -1;
	}
	return 0;
}

static int
pragma_int(struct store *s, const char *sql, int *out)
{
	sqlite3_stmt *q;
	int rc;

	if (sqlite3_prepare_v2(s->db, sql, -1, &q, NULL) != SQLITE_OK)
		return -1;
	rc = sqlite3_step(q);
	if (rc == SQLITE_ROW)
		*out = sqlite3_column_int(q, 0);
	sqlite3_finalize(q);
	return rc == SQLITE_ROW ? 0 : -1;
}

/* ---- FTS5 hooks ------------------------------------------------------ */

/*
 * nfrank(search, weight per column...): BM25 (k1 1.2, b 0.75, column
 * weights as bm25()) with a constant IDF. FTS5's bm25() computes each
 * phrase's IDF by counting its matches over the whole index, which
 * costs as much as the phrase is common; without it the cost per row
 * is that row's hits only. Lower is better, as with bm25().
 */
struct rankdata {
	int nphrase;
	double avgdl;
	double *freq;
};

static void
rankdata_free(void *p)
{
	struct rankdata *r = p;

	if (r != NULL)
		free(r->freq);
	free(r);
}

static void
nfrank(const Fts5ExtensionApi *api, Fts5Context *fts, sqlite3_context *ctx,
    int nval, sqlite3_value **val)
{
	const double k1 = 1.2, b = 0.75;
	struct rankdata *r = api->xGetAuxdata(fts, 0);
	sqlite3_int64 nrow = 0, ntok = 0;
	int ninst = 0, i, ip, ic, io, dl = 0;
	double score = 0, norm;

	if (r == NULL) {
		if ((r = calloc(1, sizeof(*r))) == NULL) {
			sqlite3_result_error_nomem(ctx);
			return;
		}
		r->nphrase = api->xPhraseCount(fts);
		if ((r->freq = calloc((size_t)(r->nphrase > 0 ? r->nphrase : 1),
		    sizeof(double))) == NULL) {
			free(r);
			sqlite3_result_error_nomem(ctx);
			return;
		}
		if (api->xRowCount(fts, &nrow) == SQLITE_OK &&
		    api->xColumnTotalSize(fts, -1, &ntok) == SQLITE_OK &&
		    nrow > 0)
			r->avgdl = (double)ntok / (double)nrow;
		if (r->avgdl <= 0)
			r->avgdl = 1;
		/* on failure xSetAuxdata has called rankdata_free */
		if (api->xSetAuxdata(fts, r, rankdata_free) != SQLITE_OK) {
			sqlite3_result_error_nomem(ctx);
			return;
		}
	}
	memset(r->freq, 0, (size_t)r->nphrase * sizeof(double));
	if (api->xInstCount(fts, &ninst) != SQLITE_OK)
		ninst = 0;
	for (i = 0; i < ninst; i++) {
		if (api->xInst(fts, i, &ip, &ic, &io) != SQLITE_OK)
			break;
		if (ip >= 0 && ip < r->nphrase)
			r->freq[ip] += ic < nval ? sqlite3_value_double(val[ic]) :
			    1.0;
	}
	if (api->xColumnSize(fts, -1, &dl) != SQLITE_OK)
		dl = 0;
	norm = k1 * (1 - b + b * (double)dl / r->avgdl);
	for (i = 0; i < r->nphrase; i++)
		if (r->freq[i] > 0)
			score += r->freq[i] * (k1 + 1) / (r->freq[i] + norm);
	sqlite3_result_double(ctx, -score);
}

/* Register nfrank and get the tokenizer the search table uses. */
static int
fts_init(struct store *s, struct nferr *err)
{
	const char *args[] = { "remove_diacritics", "2" };
	fts5_api *api = NULL;
	sqlite3_stmt *q;
	void *ud = NULL;

	if (sqlite3_prepare_v2(s->db, "SELECT fts5(?1)", -1, &q, NULL) !=
	    SQLITE_OK)
		return db_err(s, err, "fts5");
	sqlite3_bind_pointer(q, 1, &api, "fts5_api_ptr", NULL);
	sqlite3_step(q);
	sqlite3_finalize(q);
	if (api == NULL || api->iVersion < 2)
		return nferr_set(err, "db_error", "",
		    "this SQLite has no FTS5");
	if (api->xCreateFunction(api, "nfrank", NULL, nfrank, NULL) !=
	    SQLITE_OK ||
	    api->xFindTokenizer(api, "unicode61", &ud, &s->tok) != SQLITE_OK ||
	    s->tok.xCreate(ud, args, 2, &s->tokinst) != SQLITE_OK) {
		s->tokinst = NULL;
		return nferr_set(err, "db_error", "",
		    "cannot set up the FTS5 ranking and tokenizer");
	}
	return 0;
}

static int
migrate(struct store *s, struct nferr *err)
{
	char sql[64];
	int ver;
	size_t i;

	if (pragma_int(s, "PRAGMA user_version", &ver) != 0)
		return db_err(s, err, "user_version");
	if (ver < 0 || (size_t)ver > N_MIGRATIONS)
		return nferr_set(err, "db_error", "",
		    "database schema version %d is newer than this node (%zu)",
		    ver, N_MIGRATIONS);
	for (i = (size_t)ver; i < N_MIGRATIONS; i++) {
		if (exec(s, "BEGIN IMMEDIATE", err) != 0)
			return -1;
		snprintf(sql, sizeof(sql), "PRAGMA user_version = %zu", i + 1);
		if (exec(s, migrations[i], err) != 0 || exec(s, sql, err) != 0 ||
		    exec(s, "COMMIT", err) != 0) {
			if (!sqlite3_get_autocommit(s->db))
				exec(s, "ROLLBACK", NULL);
			return -1;
		}
	}
	return 0;
}

static int
origin_check(struct store *s, struct nferr *err)
{
	sqlite3_stmt *q = st(s, ST_META_GET);
	char have[8] = "";
	int rc;

	bind_text(q, 1, "origin");
	rc = sqlite3_step(q);
	if (rc == SQLITE_ROW)
		snprintf(have, sizeof(have), "%s", col_text(q, 0) ?
		    col_text(q, 0) : "");
	sqlite3_reset(q);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return db_err(s, err, "meta");
	if (rc == SQLITE_ROW) {
		if (strcmp(have, s->origin) != 0)
			return nferr_set(err, "origin_mismatch", "",
			    "the database belongs to origin %s, not %s", have,
			    s->origin);
		return 0;
	}
	q = st(s, ST_META_SET);
	bind_text(q, 1, "origin");
	bind_text(q, 2, s->origin);
	return st_run(s, q, err, "meta");
}

int
store_open(const char *path, const char *origin, struct store **out,
    struct nferr *err)
{
	struct store *s;
	char mode[16] = "";
	sqlite3_stmt *q;
	int i, mem;

	*out = NULL;
	if (origin == NULL || !record_origin_valid(origin))
		return nferr_set(err, "bad_value", "", "bad origin");
	if (keys_init() != 0)
		return nferr_set(err, "internal", "", "sodium_init failed");
	if ((s = calloc(1, sizeof(*s))) == NULL)
		return nferr_set(err, "internal", "", "out of memory");
	memcpy(s->origin, origin, 3);
	if (sqlite3_open_v2(path, &s->db, SQLITE_OPEN_READWRITE |
	    SQLITE_OPEN_CREATE, NULL) != SQLITE_OK) {
		nferr_set(err, "db_error", "", "%s: %s", path,
		    s->db ? sqlite3_errmsg(s->db) : "cannot open");
		goto fail;
	}
	sqlite3_extended_result_codes(s->db, 1);
	sqlite3_db_config(s->db, SQLITE_DBCONFIG_DEFENSIVE, 1, NULL);
	sqlite3_busy_timeout(s->db, BUSY_MS);
	/* Per connection: these do not persist in the file. */
	if (exec(s, "PRAGMA foreign_keys = ON", err) != 0 ||
	    exec(s, "PRAGMA busy_timeout = 5000", err) != 0 ||
	    exec(s, "PRAGMA cache_size = -65536", err) != 0 ||
	    exec(s, "PRAGMA temp_store = MEMORY", err) != 0)
		goto fail;
	if (sqlite3_prepare_v2(s->db, "PRAGMA journal_mode = WAL", -1, &q,
	    NULL) != SQLITE_OK) {
		db_err(s, err, "journal_mode");
		goto fail;
	}
	if (sqlite3_step(q) == SQLITE_ROW && col_text(q, 0) != NULL)
		snprintf(mode, sizeof(mode), "%s", col_text(q, 0));
	sqlite3_finalize(q);
	mem = strcmp(path, ":memory:") == 0 || *path == '\0';
	if (!mem && strcmp(mode, "wal") != 0) {
		nferr_set(err, "db_error", "",
		    "%s: cannot use WAL journal mode (got \"%s\")", path, mode);
		goto fail;
	}
	/* FULL: a commit returns only after the WAL is fsync'd, so an
	 * acknowledged local append survives power loss. */
	if (exec(s, "PRAGMA synchronous = FULL", err) != 0)
		goto fail;
	if (migrate(s, err) != 0 || fts_init(s, err) != 0)
		goto fail;
	for (i = 0; i < ST__COUNT; i++) {
		if (sqlite3_prepare_v3(s->db, st_sql[i], -1,
		    SQLITE_PREPARE_PERSISTENT, &s->st[i], NULL) != SQLITE_OK) {
			nferr_set(err, "db_error", "", "prepare %d: %s", i,
			    sqlite3_errmsg(s->db));
			goto fail;
		}
	}
	if (origin_check(s, err) != 0)
		goto fail;
	*out = s;
	return 0;
fail:
	store_close(s);
	return -1;
}

void
store_close(struct store *s)
{
	size_t i;

	if (s == NULL)
		return;
	for (i = 0; i < ST__COUNT; i++)
		sqlite3_finalize(s->st[i]);
	for (i = 0; i < sizeof(s->list) / sizeof(s->list[0]); i++)
		sqlite3_finalize(s->list[i]);
	if (s->tokinst != NULL)
		s->tok.xDelete(s->tokinst);
	sqlite3_close(s->db);
	free(s);
}

const char *
store_origin(const struct store *s)
{
	return s->origin;
}

int
store_schema_version(struct store *s)
{
	int v = -1;

	pragma_int(s, "PRAGMA user_version", &v);
	return v;
}

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
		return db_err(s, err, "head");
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
		return db_err(s, err, "heads");
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
		return db_err(s, err, "hash_at");
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
		return db_err(s, err, "log read");
	}
	return 0;
}

/* ---- derived record columns ---------------------------------------- */

/*
 * Which body field feeds which indexed column, per type. "classification"
 * is the organisation type for organisations and the nearest equivalent
 * for the others (docs/storage.md). Names of translated text are picked
 * for display with record_text_pick(.., "en", body.lang) and indexed in
 * every language.
 */
static const struct {
	const char *name;
	const char *class_;
	const char *org;
	const char *start;
	const char *end;
	const char *focus;
	int searchable;
} dmap[REC__COUNT] = {
	[REC_ORGANISATION] = { "name", "classification", NULL, "founded",
	    NULL, "focus_areas", 1 },
	[REC_NETWORK] = { "name", "scope", "lead_organisation", NULL, NULL,
	    "focus_areas", 1 },
	[REC_MEMBERSHIP] = { NULL, "role", "organisation", "start", "end",
	    NULL, 0 },
	[REC_MEMBERSHIP_REQUEST] = { NULL, "role", "organisation", NULL, NULL,
	    NULL, 0 },
	[REC_MEETING] = { "title", "mode", "organiser", "start", "end", NULL,
	    1 },
	[REC_RESOURCE] = { "title", "kind", "publisher", "published", NULL,
	    NULL, 1 },
	[REC_COLLABORATION] = { "public_body_name", "form", "organisation",
	    "start", "end", "area", 1 },
	[REC_KEY] = { NULL, NULL, NULL, NULL, NULL, NULL, 0 },
};

/* Plain-string fields whose text is searchable (besides translations). */
static const char *const text_fields[] = {
	"municipality", "region", "place", "platform", "public_body_name",
	"meeting_frequency", NULL
};

struct derived {
	const char *name;          /* display name, borrowed from body */
	char sort_key[SORT_KEY_MAX + 1];
	const char *country;
	const char *class_;
	const char *network;
	const char *org;
	int has_start, has_end;
	int64_t start_ms, end_ms;
	const char *focus[TAGS_MAX];
	size_t nfocus;
	const char *lang[TAGS_MAX];
	size_t nlang;
	struct buf fts_name, fts_text;
};

static const char *
sval(const json_t *o, const char *k)
{
	json_t *v = k ? json_object_get(o, k) : NULL;

	return json_is_string(v) ? json_string_value(v) : NULL;
}

static void
add_tag(const char **arr, size_t *n, const char *v)
{
	size_t i;

	if (v == NULL || *n >= TAGS_MAX)
		return;
	for (i = 0; i < *n; i++)
		if (strcmp(arr[i], v) == 0)
			return;
	arr[(*n)++] = v;
}

static int
add_text_all(struct buf *b, const json_t *v)
{
	const char *k;
	json_t *x;

	if (json_is_string(v))
		return buf_add_folded(b, json_string_value(v));
	json_object_foreach(canon_unconst(v), k, x)
		if (json_is_string(x) && buf_add_folded(b, json_string_value(x)))
			return -1;
	return 0;
}

static int
derive(enum record_type t, const char *origin, const json_t *body,
    struct derived *d)
{
	const char *lang = sval(body, "lang"), *k, *str;
	json_t *v, *x, *langs;
	size_t i;
	int64_t ms;

	memset(d, 0, sizeof(*d));
	d->country = sval(body, "country") ? sval(body, "country") : origin;
	d->class_ = sval(body, dmap[t].class_);
	d->network = sval(body, "network");
	d->org = sval(body, dmap[t].org);
	if ((str = sval(body, dmap[t].start)) && store_time_parse(str, &ms) == 0) {
		d->has_start = 1;
		d->start_ms = ms;
	}
	if ((str = sval(body, dmap[t].end)) && store_time_parse(str, &ms) == 0) {
		d->has_end = 1;
		d->end_ms = ms;
	}
	/* the name: a string or translated text */
	v = dmap[t].name ? json_object_get(body, dmap[t].name) : NULL;
	if (json_is_string(v))
		d->name = json_string_value(v);
	else if (record_is_langmap(v))
		d->name = record_text_pick(v, "en", lang);
	if (t == REC_MEETING) {
		if (d->has_start)
			time_key(d->start_ms, d->sort_key);
	} else if (d->name != NULL) {
		store_fold(d->name, d->sort_key, sizeof(d->sort_key));
	}
	/* tags */
	v = dmap[t].focus ? json_object_get(body, dmap[t].focus) : NULL;
	if (json_is_string(v))
		add_tag(d->focus, &d->nfocus, json_string_value(v));
	json_array_foreach(v, i, x)
		if (json_is_string(x))
			add_tag(d->focus, &d->nfocus, json_string_value(x));
	add_tag(d->lang, &d->nlang, lang);
	langs = json_object_get(body, "languages");
	json_array_foreach(langs, i, x)
		if (json_is_string(x))
			add_tag(d->lang, &d->nlang, json_string_value(x));
	json_object_foreach(canon_unconst(body), k, v)
		if (record_is_langmap(v)) {
			const char *tag;

			json_object_foreach(v, tag, x)
				add_tag(d->lang, &d->nlang, tag);
		}
	if (!dmap[t].searchable)
		return 0;
	/* search text: names in every language, then the rest */
	v = dmap[t].name ? json_object_get(body, dmap[t].name) : NULL;
	if (v != NULL && add_text_all(&d->fts_name, v))
		return -1;
	json_array_foreach(json_object_get(body, "other_names"), i, x)
		if ((str = sval(x, "name")) && buf_add_folded(&d->fts_name, str))
			return -1;
	json_object_foreach(canon_unconst(body), k, v) {
		if (dmap[t].name && strcmp(k, dmap[t].name) == 0)
			continue;
		if (record_is_langmap(v) && add_text_all(&d->fts_text, v))
			return -1;
	}
	for (i = 0; text_fields[i] != NULL; i++) {
		if (dmap[t].name && strcmp(text_fields[i], dmap[t].name) == 0)
			continue;
		if ((str = sval(body, text_fields[i])) &&
		    buf_add_folded(&d->fts_text, str))
			return -1;
	}
	return 0;
}

static void
derived_free(struct derived *d)
{
	free(d->fts_name.p);
	free(d->fts_text.p);
}

/* ---- apply ---------------------------------------------------------- */

struct oldrec {
	int found, deleted;
	int64_t rid;
	char type[32];
	char country[8];
};

static int
rec_old(struct store *s, const char *id, struct oldrec *o, struct nferr *err)
{
	sqlite3_stmt *q = st(s, ST_REC_META);
	int rc;

	memset(o, 0, sizeof(*o));
	bind_text(q, 1, id);
	rc = sqlite3_step(q);
	if (rc == SQLITE_ROW) {
		o->found = 1;
		o->rid = sqlite3_column_int64(q, 0);
		snprintf(o->type, sizeof(o->type), "%s", col_text(q, 1) ?
		    col_text(q, 1) : "");
		o->deleted = sqlite3_column_int(q, 4);
		snprintf(o->country, sizeof(o->country), "%s",
		    col_text(q, 5) ? col_text(q, 5) : "");
	}
	sqlite3_reset(q);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return db_err(s, err, "record lookup");
	return 0;
}

static int
count_add(struct store *s, const char *type, const char *country, int d,
    struct nferr *err)
{
	sqlite3_stmt *q = st(s, ST_COUNT_ADD);

	bind_text(q, 1, type);
	bind_text(q, 2, country);
	sqlite3_bind_int(q, 3, d);
	return st_run(s, q, err, "counts");
}

/* Remove a record's tags and search row. */
static int
unindex(struct store *s, int64_t rid, struct nferr *err)
{
	sqlite3_stmt *q = st(s, ST_TAGS_DEL);

	sqlite3_bind_int64(q, 1, rid);
	if (st_run(s, q, err, "tags") != 0)
		return -1;
	q = st(s, ST_FTS_DEL);
	sqlite3_bind_int64(q, 1, rid);
	return st_run(s, q, err, "search delete");
}

/* Run a statement ending in RETURNING rid. */
static int
run_rid(struct store *s, sqlite3_stmt *q, int64_t *rid, struct nferr *err,
    const char *what)
{
	int rc = sqlite3_step(q);

	if (rc == SQLITE_ROW) {
		*rid = sqlite3_column_int64(q, 0);
		rc = sqlite3_step(q);
	}
	if (rc != SQLITE_DONE) {
		db_err(s, err, what);
		sqlite3_reset(q);
		return -1;
	}
	sqlite3_reset(q);
	return 0;
}

static int
prune(struct store *s, const struct nf_entry *e, struct nferr *err)
{
	sqlite3_stmt *q = st(s, ST_ENTRY_PRUNE);

	bind_text(q, 1, e->origin);
	bind_text(q, 2, e->id);
	bind_u64(q, 3, e->seq);
	return st_run(s, q, err, "prune");
}

static int
vocab_token(void *ctx, int tflags, const char *tok, int ntok, int start,
    int end)
{
	struct store *s = ctx;
	sqlite3_stmt *q;

	if (tflags & FTS5_TOKEN_COLOCATED)
		return SQLITE_OK;
	q = st(s, ST_VOCAB_INS);
	sqlite3_bind_text(q, 1, tok, ntok, SQLITE_TRANSIENT);
	return st_run(s, q, NULL, "vocabulary") == 0 ? SQLITE_OK : SQLITE_ERROR;
}

/* Add the tokens of folded text to search_vocab. */
static int
vocab_add(struct store *s, const struct buf *b, struct nferr *err)
{
	if (b->len == 0)
		return 0;
	if (s->tok.xTokenize(s->tokinst, s, FTS5_TOKENIZE_DOCUMENT, b->p,
	    (int)b->len, vocab_token) != SQLITE_OK)
		return db_err(s, err, "vocabulary");
	return 0;
}

static int
apply_put(struct store *s, const struct nf_entry *e, const char *body_text,
    struct nferr *err)
{
	const char *tname = record_type_name(e->type);
	struct derived d;
	struct oldrec o;
	sqlite3_stmt *q;
	char kind[16];
	int64_t rid = 0;
	size_t i;
	int rc = -1;

	if (derive(e->type, e->origin, e->body, &d) != 0) {
		derived_free(&d);
		return nferr_set(err, "internal", "", "out of memory");
	}
	if (rec_old(s, e->id, &o, err) != 0)
		goto out;
	if (o.found && !o.deleted &&
	    count_add(s, o.type, o.country, -1, err) != 0)
		goto out;
	q = st(s, ST_REC_PUT);
	bind_text(q, 1, e->id);
	bind_text(q, 2, tname);
	bind_text(q, 3, e->origin);
	bind_u64(q, 4, e->seq);
	bind_text(q, 5, body_text);
	bind_text(q, 6, d.name);
	bind_text(q, 7, d.sort_key);
	bind_text(q, 8, d.country);
	bind_text(q, 9, d.class_);
	bind_text(q, 10, d.network);
	bind_text(q, 11, d.org);
	if (d.has_start)
		sqlite3_bind_int64(q, 12, d.start_ms);
	if (d.has_end)
		sqlite3_bind_int64(q, 13, d.end_ms);
	if (run_rid(s, q, &rid, err, "record put") != 0)
		goto out;
	if (count_add(s, tname, d.country, 1, err) != 0)
		goto out;
	if (o.found && unindex(s, rid, err) != 0)
		goto out;
	for (i = 0; i < d.nfocus + d.nlang; i++) {
		q = st(s, ST_TAG_INS);
		sqlite3_bind_int64(q, 1, rid);
		bind_text(q, 2, i < d.nfocus ? "focus" : "lang");
		bind_text(q, 3, i < d.nfocus ? d.focus[i] : d.lang[i - d.nfocus]);
		bind_text(q, 4, tname);
		bind_text(q, 5, d.sort_key);
		bind_text(q, 6, e->id);
		if (st_run(s, q, err, "tags") != 0)
			goto out;
	}
	if (dmap[e->type].searchable && (d.fts_name.len || d.fts_text.len)) {
		snprintf(kind, sizeof(kind), "k%s", record_type_kind(e->type));
		q = st(s, ST_FTS_INS);
		sqlite3_bind_int64(q, 1, rid);
		bind_text(q, 2, kind);
		bind_text(q, 3, d.fts_name.p ? d.fts_name.p : "");
		bind_text(q, 4, d.fts_text.p ? d.fts_text.p : "");
		if (st_run(s, q, err, "search insert") != 0 ||
		    vocab_add(s, &d.fts_name, err) != 0 ||
		    vocab_add(s, &d.fts_text, err) != 0)
			goto out;
	}
	rc = prune(s, e, err);
out:
	derived_free(&d);
	return rc;
}

static int
apply_delete(struct store *s, const struct nf_entry *e, struct nferr *err)
{
	struct oldrec o;
	sqlite3_stmt *q;
	int64_t rid = 0;

	if (rec_old(s, e->id, &o, err) != 0)
		return -1;
	if (o.found && !o.deleted &&
	    count_add(s, o.type, o.country, -1, err) != 0)
		return -1;
	q = st(s, ST_REC_DEL);
	bind_text(q, 1, e->id);
	bind_text(q, 2, record_type_name(e->type));
	bind_text(q, 3, e->origin);
	bind_u64(q, 4, e->seq);
	if (run_rid(s, q, &rid, err, "record delete") != 0)
		return -1;
	if (o.found && unindex(s, rid, err) != 0)
		return -1;
	return prune(s, e, err);
}

/*
 * Insert one entry into the log after the chain checks, advance the head
 * and apply it to the records. Within an open transaction.
 * Returns 1 when the entry was already held (same hash): nothing done.
 */
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
	sqlite3_bind_int64(q, 15, now_ms());
	if (st_run(s, q, err, "entry insert") != 0)
		goto out;

	if (e->op == OP_DELETE)
		rc = apply_delete(s, e, err);
	else if (body != NULL)
		rc = apply_put(s, e, body, err);
	else
		rc = prune(s, e, err);   /* a relayed put without body */
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
	sqlite3_bind_int64(q, 4, now_ms());
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
	int64_t now = now_ms();

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
		return db_err(s, err, "prepare");
	bind_text(q, 1, origin);
	bind_u64(q, 2, seq);
	rc = sqlite3_step(q);
	sqlite3_finalize(q);
	if (rc == SQLITE_DONE)
		return 0;
	if (rc != SQLITE_ROW)
		return db_err(s, err, "fork");
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
		return db_err(s, err, "resolution");
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
		return db_err(s, err, "forks");
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
		return db_err(s, err, "cursor");
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
		return db_err(s, err, "cursors");
	}
	*out = o;
	return 0;
}

/* ---- record reads --------------------------------------------------- */

int
store_record_meta(struct store *s, const char *id, struct store_record_meta *m,
    struct nferr *err)
{
	sqlite3_stmt *q = st(s, ST_REC_META);
	int rc;

	memset(m, 0, sizeof(*m));
	bind_text(q, 1, id);
	rc = sqlite3_step(q);
	if (rc == SQLITE_ROW) {
		m->type = record_type_from_name(col_text(q, 1));
		snprintf(m->origin, sizeof(m->origin), "%s", col_text(q, 2) ?
		    col_text(q, 2) : "");
		m->seq = (uint64_t)sqlite3_column_int64(q, 3);
		m->deleted = sqlite3_column_int(q, 4);
	}
	sqlite3_reset(q);
	if (rc == SQLITE_DONE)
		return nferr_set(err, "not_found", "", "no record %s", id);
	if (rc != SQLITE_ROW)
		return db_err(s, err, "record meta");
	return 0;
}

/* {"id","type","origin","seq","deleted","body"} from columns
 * id, type, origin, seq, deleted, body starting at column c. */
static json_t *
rec_json(sqlite3_stmt *q, int c)
{
	return json_pack("{s:o, s:o, s:o, s:I, s:b, s:o}",
	    "id", col_json_str(q, c), "type", col_json_str(q, c + 1),
	    "origin", col_json_str(q, c + 2),
	    "seq", (json_int_t)sqlite3_column_int64(q, c + 3),
	    "deleted", sqlite3_column_int(q, c + 4),
	    "body", col_json(q, c + 5));
}

static json_t *
rec_json_row(sqlite3_stmt *q)
{
	return rec_json(q, 0);
}

/* One row by id through statement k, made into JSON by make: 0, or -1
 * with not_found (naming what) or a database error. */
static int
get_one(struct store *s, enum st k, const char *id, const char *what,
    json_t *(*make)(sqlite3_stmt *), json_t **out, struct nferr *err)
{
	sqlite3_stmt *q = st(s, k);
	int rc;

	*out = NULL;
	bind_text(q, 1, id);
	rc = sqlite3_step(q);
	if (rc == SQLITE_ROW)
		*out = make(q);
	sqlite3_reset(q);
	if (rc == SQLITE_DONE)
		return nferr_set(err, "not_found", "", "no %s %s", what, id);
	if (rc != SQLITE_ROW)
		return db_err(s, err, what);
	return *out ? 0 : nferr_set(err, "internal", "", "out of memory");
}

int
store_record_get(struct store *s, const char *id, json_t **out,
    struct nferr *err)
{
	return get_one(s, ST_REC_GET, id, "record", rec_json_row, out, err);
}

/*
 * The list query for a filter combination. With a tag filter (focus or
 * language) the walk is over that tag's rows of record_tags, already in
 * (sort_key, id) order; otherwise over records by the (type, sort_key,
 * id) index or a (type, country|classification, sort_key, id) one. Every
 * other filter is a test on the row. For meetings the sort key is the
 * start time, so date bounds become bounds on the walk (:kfrom, :kto).
 */
static sqlite3_stmt *
list_stmt(struct store *s, unsigned mask, int meeting, struct nferr *err)
{
	char sql[2048];
	const char *k = (mask & (LF_FOCUS | LF_LANG)) ? "t" : "r";
	unsigned slot = mask | (meeting ? 1u << LIST_FILTERS : 0);
	int tag_focus = (mask & LF_FOCUS) != 0;
	int tag_lang = (mask & LF_LANG) && !tag_focus;
	size_t n;

	if (s->list[slot] != NULL) {
		sqlite3_reset(s->list[slot]);
		sqlite3_clear_bindings(s->list[slot]);
		return s->list[slot];
	}
	n = (size_t)snprintf(sql, sizeof(sql),
	    "SELECT r.id, r.type, r.origin, r.seq, r.deleted, r.body, "
	    "r.sort_key FROM %s WHERE %s.type = :type AND r.deleted = 0"
	    "%s%s%s%s%s%s%s%s%s%s "
	    "AND (%s.sort_key, %s.id) > (:ck, :cid) "
	    "ORDER BY %s.sort_key, %s.id LIMIT :limit",
	    (tag_focus || tag_lang) ? "record_tags AS t CROSS JOIN records "
	    "AS r ON r.rid = t.rid" : "records AS r", k,
	    tag_focus ? " AND t.kind = 'focus' AND t.value = :focus" : "",
	    tag_lang ? " AND t.kind = 'lang' AND t.value = :lang" : "",
	    (mask & LF_LANG) && tag_focus ? " AND EXISTS (SELECT 1 FROM "
	    "record_tags AS t2 WHERE t2.rid = r.rid AND t2.kind = 'lang' "
	    "AND t2.value = :lang)" : "",
	    mask & LF_COUNTRY ? " AND r.country = :country" : "",
	    mask & LF_CLASS ? " AND r.classification = :class" : "",
	    mask & LF_NETWORK ? " AND r.network = :network" : "",
	    mask & LF_FROM ? " AND r.start_ms >= :from" : "",
	    mask & LF_TO ? " AND r.start_ms <= :to" : "",
	    mask & LF_NOW ? " AND r.start_ms >= :now" : "",
	    !meeting ? "" : (mask & LF_TO) ? (mask & (LF_FROM | LF_NOW)) ?
	    " AND r.sort_key >= :kfrom AND r.sort_key <= :kto" :
	    " AND r.sort_key <= :kto" : (mask & (LF_FROM | LF_NOW)) ?
	    " AND r.sort_key >= :kfrom" : "",
	    k, k, k, k);
	if (n >= sizeof(sql)) {
		nferr_set(err, "internal", "", "list query too long");
		return NULL;
	}
	if (sqlite3_prepare_v3(s->db, sql, -1, SQLITE_PREPARE_PERSISTENT,
	    &s->list[slot], NULL) != SQLITE_OK) {
		db_err(s, err, "prepare list");
		s->list[slot] = NULL;
		return NULL;
	}
	return s->list[slot];
}

static void
bind_named_text(sqlite3_stmt *q, const char *name, const char *v)
{
	int i = sqlite3_bind_parameter_index(q, name);

	if (i > 0)
		bind_text(q, i, v);
}

static void
bind_named_i64(sqlite3_stmt *q, const char *name, int64_t v)
{
	int i = sqlite3_bind_parameter_index(q, name);

	if (i > 0)
		sqlite3_bind_int64(q, i, v);
}

/* Collect up to limit items from q; "next" when there is one more row.
 * key_col is the sort key column, id_col the id column. */
static int
page_collect(struct store *s, sqlite3_stmt *q, int limit,
    json_t *(*item)(sqlite3_stmt *), int key_col, int id_col, json_t **out,
    struct nferr *err)
{
	char lastkey[SORT_KEY_MAX + 1] = "", lastid[RECORD_ID_MAX] = "";
	json_t *items = json_array(), *next = NULL, *it;
	int rc, n = 0;

	*out = NULL;
	if (items == NULL)
		return nferr_set(err, "internal", "", "out of memory");
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		if (n == limit) {
			next = cursor_make(lastkey, lastid);
			break;
		}
		if ((it = item(q)) == NULL || json_array_append_new(items, it)) {
			rc = SQLITE_NOMEM;
			break;
		}
		snprintf(lastkey, sizeof(lastkey), "%s", key_col >= 0 &&
		    col_text(q, key_col) ? col_text(q, key_col) : "");
		snprintf(lastid, sizeof(lastid), "%s", col_text(q, id_col) ?
		    col_text(q, id_col) : "");
		n++;
	}
	sqlite3_reset(q);
	if (rc != SQLITE_DONE && rc != SQLITE_ROW) {
		json_decref(items);
		json_decref(next);
		if (rc == SQLITE_NOMEM)
			return nferr_set(err, "internal", "", "out of memory");
		return db_err(s, err, "list");
	}
	*out = json_pack("{s:o, s:o}", "items", items, "next",
	    next ? next : json_null());
	if (*out == NULL)
		return nferr_set(err, "internal", "", "out of memory");
	return 0;
}

static json_t *
list_item(sqlite3_stmt *q)
{
	return rec_json(q, 0);
}

int
store_list(struct store *s, const struct store_filter *f, json_t **out,
    struct nferr *err)
{
	char key[SORT_KEY_MAX + 1], cid[RECORD_ID_MAX], cc[3];
	char kfrom[SORT_KEY_MAX + 1], kto[SORT_KEY_MAX + 1];
	int64_t now = f->now_ms ? f->now_ms : now_ms(), lo;
	unsigned mask = 0;
	sqlite3_stmt *q;
	int limit;

	*out = NULL;
	if (record_type_name(f->type) == NULL)
		return nferr_set(err, "bad_value", "/type", "unknown type");
	if (limit_check(f->limit, &limit, err) != 0 ||
	    cursor_parse(f->cursor, key, cid, err) != 0)
		return -1;
	if (f->country) {
		if (strlen(f->country) != 2)
			return nferr_set(err, "bad_value", "/country",
			    "country must be one of SE NO DK FI IS GL FO AX");
		cc[0] = (char)(f->country[0] & ~0x20);
		cc[1] = (char)(f->country[1] & ~0x20);
		cc[2] = '\0';
		mask |= LF_COUNTRY;
	}
	mask |= f->classification ? LF_CLASS : 0;
	mask |= f->focus ? LF_FOCUS : 0;
	mask |= f->network ? LF_NETWORK : 0;
	mask |= f->lang ? LF_LANG : 0;
	mask |= f->has_from ? LF_FROM : 0;
	mask |= f->has_to ? LF_TO : 0;
	mask |= f->upcoming ? LF_NOW : 0;
	if ((q = list_stmt(s, mask, f->type == REC_MEETING, err)) == NULL)
		return -1;
	lo = f->has_from ? f->from_ms : INT64_MIN;
	if (f->upcoming && now > lo)
		lo = now;
	time_key(lo, kfrom);
	time_key(f->to_ms, kto);
	bind_named_text(q, ":kfrom", kfrom);
	bind_named_text(q, ":kto", kto);
	bind_named_text(q, ":type", record_type_name(f->type));
	if (mask & LF_COUNTRY)
		bind_named_text(q, ":country", cc);
	bind_named_text(q, ":class", f->classification);
	bind_named_text(q, ":focus", f->focus);
	bind_named_text(q, ":network", f->network);
	bind_named_text(q, ":lang", f->lang);
	bind_named_i64(q, ":from", f->from_ms);
	bind_named_i64(q, ":to", f->to_ms);
	bind_named_i64(q, ":now", now);
	bind_named_text(q, ":ck", key);
	bind_named_text(q, ":cid", cid);
	bind_named_i64(q, ":limit", limit + 1);
	return page_collect(s, q, limit, list_item, 6, 0, out, err);
}

static json_t *
mem_item_net(sqlite3_stmt *q)
{
	json_t *o = json_null();

	if (sqlite3_column_type(q, 4) != SQLITE_NULL)
		o = json_pack("{s:o, s:o, s:o}", "id", col_json_str(q, 4),
		    "name", col_json_str(q, 5), "country", col_json_str(q, 6));
	return json_pack("{s:o, s:o, s:I, s:o, s:o}", "id", col_json_str(q, 0),
	    "origin", col_json_str(q, 1),
	    "seq", (json_int_t)sqlite3_column_int64(q, 2),
	    "body", col_json(q, 3), "organisation", o ? o : json_null());
}

static json_t *
mem_item_org(sqlite3_stmt *q)
{
	json_t *o = json_null();

	if (sqlite3_column_type(q, 4) != SQLITE_NULL)
		o = json_pack("{s:o, s:o}", "id", col_json_str(q, 4),
		    "name", col_json_str(q, 5));
	return json_pack("{s:o, s:o, s:I, s:o, s:o}", "id", col_json_str(q, 0),
	    "origin", col_json_str(q, 1),
	    "seq", (json_int_t)sqlite3_column_int64(q, 2),
	    "body", col_json(q, 3), "network", o ? o : json_null());
}

static int
memberships(struct store *s, enum st which, const char *key_id,
    const char *cursor, int limit, json_t **out, struct nferr *err)
{
	char key[SORT_KEY_MAX + 1], cid[RECORD_ID_MAX];
	sqlite3_stmt *q;

	*out = NULL;
	if (key_id == NULL)
		return nferr_set(err, "bad_value", "", "an id is required");
	if (limit_check(limit, &limit, err) != 0 ||
	    cursor_parse(cursor, key, cid, err) != 0)
		return -1;
	q = st(s, which);
	bind_text(q, 1, key_id);
	bind_text(q, 2, cid);
	sqlite3_bind_int(q, 3, limit + 1);
	return page_collect(s, q, limit, which == ST_MEM_BY_NET ?
	    mem_item_net : mem_item_org, -1, 0, out, err);
}

int
store_memberships_by_network(struct store *s, const char *network_id,
    const char *cursor, int limit, json_t **out, struct nferr *err)
{
	return memberships(s, ST_MEM_BY_NET, network_id, cursor, limit, out,
	    err);
}

int
store_memberships_by_org(struct store *s, const char *org_id,
    const char *cursor, int limit, json_t **out, struct nferr *err)
{
	return memberships(s, ST_MEM_BY_ORG, org_id, cursor, limit, out, err);
}

/* The tokens of one folded query term. */
struct qtok {
	int n;
	char first[2 * STORE_QUERY_MAX + 2];
};

static int
query_token(void *ctx, int tflags, const char *tok, int ntok, int start,
    int end)
{
	struct qtok *t = ctx;

	if (tflags & FTS5_TOKEN_COLOCATED)
		return SQLITE_OK;
	if (t->n++ == 0 && (size_t)ntok < sizeof(t->first)) {
		memcpy(t->first, tok, (size_t)ntok);
		t->first[ntok] = '\0';
	}
	return SQLITE_OK;
}

static int
add_quoted(struct buf *b, const char *s, size_t len)
{
	size_t i;

	if (buf_add(b, "\"", 1))
		return -1;
	for (i = 0; i < len; i++)
		if (buf_add(b, s + i, 1) || (s[i] == '"' && buf_add(b, "\"", 1)))
			return -1;
	return buf_add(b, "\"", 1);
}

#define EXPAND_MAX 64   /* words a prefix may expand to */

/*
 * One term as a prefix. A single token of 4 or more bytes is expanded
 * through search_vocab into ("w1" OR "w2" ...), which FTS5 walks lazily;
 * shorter ones use the 2- and 3-character prefix indexes ("te"*); a term
 * that expands to more than EXPAND_MAX words, or that the tokenizer
 * splits, stays a native prefix query.
 */
static int
add_prefix(struct store *s, const char *term, size_t len, struct buf *b)
{
	char hi[sizeof(((struct qtok *)0)->first) + 1];
	struct qtok t;
	struct buf alt = { NULL, 0, 0 };
	sqlite3_stmt *q;
	size_t tl;
	int n = 0, rc;

	memset(&t, 0, sizeof(t));
	if (s->tok.xTokenize(s->tokinst, &t, FTS5_TOKENIZE_QUERY, term,
	    (int)len, query_token) != SQLITE_OK || t.n != 1 ||
	    (tl = strlen(t.first)) < 4)
		goto native;
	memcpy(hi, t.first, tl);
	hi[tl] = '\xff';        /* above every UTF-8 continuation */
	q = st(s, ST_VOCAB_RANGE);
	sqlite3_bind_text(q, 1, t.first, (int)tl, SQLITE_TRANSIENT);
	sqlite3_bind_text(q, 2, hi, (int)tl + 1, SQLITE_TRANSIENT);
	sqlite3_bind_int(q, 3, EXPAND_MAX + 1);
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		if ((n > 0 && buf_add(&alt, " OR ", 4)) ||
		    add_quoted(&alt, col_text(q, 0),
		    (size_t)sqlite3_column_bytes(q, 0))) {
			rc = SQLITE_NOMEM;
			break;
		}
		n++;
	}
	sqlite3_reset(q);
	if (rc == SQLITE_DONE && n >= 1 && n <= EXPAND_MAX) {
		rc = buf_add(b, "(", 1) || buf_add(b, alt.p, alt.len) ||
		    buf_add(b, ")", 1);
		free(alt.p);
		return rc ? -1 : 0;
	}
	free(alt.p);
native:
	if (add_quoted(b, term, len))
		return -1;
	return buf_add(b, len > 1 ? "*" : "", len > 1 ? 1 : 0);
}

/*
 * The FTS5 expression for a user query: each white-space separated term
 * folded and quoted ("" doubled), as a whole word (prefix 0) or as a
 * prefix (add_prefix), all ANDed, limited to the name and text columns,
 * and a kind filter when types is not 0. Terms with no letter or digit
 * are dropped (they index to nothing). Returns the number of terms; 0
 * means no query.
 */
static int
fts_query(struct store *s, const char *q, unsigned types, int prefix,
    struct buf *b)
{
	char term[STORE_QUERY_MAX + 1], folded[2 * STORE_QUERY_MAX + 2];
	const char *p = q, *start;
	size_t len, i;
	int nterms = 0, t, alnum, first = 1;

	if (types) {
		if (buf_add(b, "{kind} : (", 10))
			return -1;
		for (t = REC_NONE + 1; t < REC__COUNT; t++) {
			if (!(types & (1u << t)))
				continue;
			if ((!first && buf_add(b, " OR ", 4)) ||
			    buf_add(b, "k", 1) || buf_add(b, record_type_kind(t),
			    strlen(record_type_kind(t))))
				return -1;
			first = 0;
		}
		if (first)      /* no known type in the mask */
			return 0;
		if (buf_add(b, ") AND ", 6))
			return -1;
	}
	if (buf_add(b, "{name text} : (", 15))
		return -1;
	while (*p && nterms < STORE_QUERY_TERMS) {
		while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')
			p++;
		start = p;
		while (*p && *p != ' ' && *p != '\t' && *p != '\n' && *p != '\r')
			p++;
		len = (size_t)(p - start);
		if (len == 0)
			break;
		if (len > STORE_QUERY_MAX)
			len = STORE_QUERY_MAX;
		memcpy(term, start, len);
		term[len] = '\0';
		len = store_fold(term, folded, sizeof(folded));
		for (i = 0, alnum = 0; i < len; i++)
			if ((folded[i] >= 'a' && folded[i] <= 'z') ||
			    (folded[i] >= '0' && folded[i] <= '9') ||
			    (unsigned char)folded[i] >= 0x80)
				alnum = 1;
		if (!alnum)
			continue;
		if (nterms > 0 && buf_add(b, " AND ", 5))
			return -1;
		if (prefix ? add_prefix(s, folded, len, b) :
		    add_quoted(b, folded, len))
			return -1;
		nterms++;
	}
	if (buf_add(b, ")", 1))
		return -1;
	return nterms;
}

static json_t *
search_item(sqlite3_stmt *q)
{
	return json_pack("{s:o, s:o, s:o, s:I, s:o, s:o}",
	    "id", col_json_str(q, 0), "type", col_json_str(q, 1),
	    "origin", col_json_str(q, 2),
	    "seq", (json_int_t)sqlite3_column_int64(q, 3),
	    "name", col_json_str(q, 4), "body", col_json(q, 5));
}

/* Run one FTS expression, appending up to limit items. */
static int
search_run(struct store *s, const struct buf *b, int limit, json_t *items,
    struct nferr *err)
{
	sqlite3_stmt *q = st(s, ST_SEARCH);
	json_t *it;
	int rc;

	sqlite3_bind_text(q, 1, b->p, (int)b->len, SQLITE_TRANSIENT);
	sqlite3_bind_int(q, 2, STORE_SEARCH_WINDOW);
	sqlite3_bind_int(q, 3, limit);
	while ((rc = sqlite3_step(q)) == SQLITE_ROW)
		if ((it = search_item(q)) == NULL ||
		    json_array_append_new(items, it) != 0) {
			rc = SQLITE_NOMEM;
			break;
		}
	sqlite3_reset(q);
	if (rc == SQLITE_DONE)
		return 0;
	if (rc == SQLITE_NOMEM)
		return nferr_set(err, "internal", "", "out of memory");
	return db_err(s, err, "search");
}

/*
 * Two passes (docs/storage.md, "Search"): the terms as whole words
 * first, which FTS5 walks lazily newest first and stops at the window;
 * only when that fills less than a page, the terms as prefixes, whose
 * cost grows with the postings of every word they expand to.
 */
int
store_search(struct store *s, const char *q, unsigned types, int limit,
    json_t **out, struct nferr *err)
{
	struct buf exact = { NULL, 0, 0 }, pre = { NULL, 0, 0 };
	json_t *items = NULL;
	int n, rc = -1;

	*out = NULL;
	if (limit_check(limit, &limit, err) != 0)
		return -1;
	if (q == NULL)
		q = "";
	if (strlen(q) > STORE_QUERY_MAX)
		return nferr_set(err, "too_long", "/q",
		    "the query is longer than %d bytes", STORE_QUERY_MAX);
	if ((items = json_array()) == NULL ||
	    (n = fts_query(s, q, types, 0, &exact)) < 0 ||
	    (n > 0 && fts_query(s, q, types, 1, &pre) < 0)) {
		nferr_set(err, "internal", "", "out of memory");
		goto out;
	}
	if (n > 0) {
		if (search_run(s, &exact, limit, items, err) != 0)
			goto out;
		if (json_array_size(items) < (size_t)limit && pre.p != NULL &&
		    strcmp(exact.p, pre.p) != 0) {
			json_array_clear(items);
			if (search_run(s, &pre, limit, items, err) != 0)
				goto out;
		}
	}
	if ((*out = json_pack("{s:O}", "items", items)) == NULL)
		nferr_set(err, "internal", "", "out of memory");
	else
		rc = 0;
out:
	json_decref(items);
	free(exact.p);
	free(pre.p);
	return rc;
}

int
store_counts(struct store *s, json_t **out, struct nferr *err)
{
	sqlite3_stmt *q = st(s, ST_COUNTS);
	json_t *types = json_object(), *countries = json_object(), *c, *v;
	const char *t, *cc;
	json_int_t n;
	int rc;

	*out = NULL;
	if (types == NULL || countries == NULL) {
		json_decref(types);
		json_decref(countries);
		return nferr_set(err, "internal", "", "out of memory");
	}
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		t = col_text(q, 0);
		cc = col_text(q, 1);
		n = sqlite3_column_int64(q, 2);
		if (t == NULL || cc == NULL)
			continue;
		v = json_object_get(types, t);
		json_object_set_new(types, t,
		    json_integer(n + (v ? json_integer_value(v) : 0)));
		if ((c = json_object_get(countries, cc)) == NULL) {
			c = json_object();
			json_object_set_new(countries, cc, c);
		}
		json_object_set_new(c, t, json_integer(n));
	}
	sqlite3_reset(q);
	if (rc != SQLITE_DONE) {
		json_decref(types);
		json_decref(countries);
		return db_err(s, err, "counts");
	}
	*out = json_pack("{s:o, s:o}", "types", types, "countries", countries);
	return 0;
}

/* ---- persons -------------------------------------------------------- */

static int
field_len(const char *v, size_t min, size_t max, const char *field,
    struct nferr *err)
{
	size_t n = v ? strlen(v) : 0;

	if (n < min || n > max)
		return nferr_set(err, n > max ? "too_long" : "bad_value", field,
		    "%s must be %zu to %zu bytes", field, min, max);
	return 0;
}

int
store_person_put(struct store *s, const struct store_person *p,
    char id_out[STORE_PERSON_ID_MAX], struct nferr *err)
{
	struct store_record_meta m;
	unsigned char rnd[10];
	char id[STORE_PERSON_ID_MAX], tmp[RECORD_ID_MAX], *u;
	sqlite3_stmt *q;

	if (field_len(p->name, 1, 200, "/name", err) ||
	    field_len(p->role, 0, 200, "/role", err) ||
	    field_len(p->email, 0, 254, "/email", err) ||
	    field_len(p->phone, 0, 40, "/phone", err) ||
	    field_len(p->org_id, 1, RECORD_ID_MAX - 1, "/organisation", err))
		return -1;
	if (p->email && *p->email && strchr(p->email, '@') == NULL)
		return nferr_set(err, "bad_value", "/email",
		    "email must be an e-mail address");
	if (store_record_meta(s, p->org_id, &m, NULL) != 0 ||
	    m.type != REC_ORGANISATION || m.deleted ||
	    strcmp(m.origin, s->origin) != 0)
		return nferr_set(err, "bad_value", "/organisation",
		    "%s is not a live organisation of this node", p->org_id);
	if (p->id != NULL && *p->id != '\0') {
		if (field_len(p->id, 1, STORE_PERSON_ID_MAX - 1, "/id", err))
			return -1;
		snprintf(id, sizeof(id), "%s", p->id);
	} else {
		/* "<cc>:person:<ulid>", the ulid minted like a record id */
		randombytes_buf(rnd, sizeof(rnd));
		record_id_make(tmp, s->origin, REC_ORGANISATION,
		    (uint64_t)now_ms(), rnd);
		u = strrchr(tmp, ':');
		snprintf(id, sizeof(id), "%c%c:person:%.26s",
		    s->origin[0] | 0x20, s->origin[1] | 0x20, u ? u + 1 : tmp);
	}
	q = st(s, ST_PERSON_PUT);
	bind_text(q, 1, id);
	bind_text(q, 2, p->org_id);
	bind_text(q, 3, p->name);
	bind_text(q, 4, p->role && *p->role ? p->role : NULL);
	bind_text(q, 5, p->email && *p->email ? p->email : NULL);
	bind_text(q, 6, p->phone && *p->phone ? p->phone : NULL);
	sqlite3_bind_int64(q, 7, now_ms());
	if (st_run(s, q, err, "person put") != 0)
		return -1;
	if (id_out != NULL)
		snprintf(id_out, STORE_PERSON_ID_MAX, "%s", id);
	return 0;
}

static json_t *
person_json(sqlite3_stmt *q)
{
	char ts[ENTRY_TS_LEN + 1];

	entry_ts_format(sqlite3_column_int64(q, 6), ts);
	return json_pack("{s:o, s:o, s:o, s:o, s:o, s:o, s:s}",
	    "id", col_json_str(q, 0), "organisation", col_json_str(q, 1),
	    "name", col_json_str(q, 2), "role", col_json_str(q, 3),
	    "email", col_json_str(q, 4), "phone", col_json_str(q, 5),
	    "updated", ts);
}

int
store_person_get(struct store *s, const char *id, json_t **out,
    struct nferr *err)
{
	return get_one(s, ST_PERSON_GET, id, "person", person_json, out, err);
}

int
store_person_list_for_org(struct store *s, const char *org_id, json_t **out,
    struct nferr *err)
{
	sqlite3_stmt *q = st(s, ST_PERSON_LIST);
	json_t *a = json_array();
	int rc;

	*out = NULL;
	if (a == NULL)
		return nferr_set(err, "internal", "", "out of memory");
	bind_text(q, 1, org_id);
	while ((rc = sqlite3_step(q)) == SQLITE_ROW)
		json_array_append_new(a, person_json(q));
	sqlite3_reset(q);
	if (rc != SQLITE_DONE) {
		json_decref(a);
		return db_err(s, err, "person list");
	}
	*out = a;
	return 0;
}

int
store_person_count_for_org(struct store *s, const char *org_id, int64_t *n,
    struct nferr *err)
{
	sqlite3_stmt *q = st(s, ST_PERSON_COUNT);
	int rc;

	*n = 0;
	bind_text(q, 1, org_id);
	rc = sqlite3_step(q);
	if (rc == SQLITE_ROW)
		*n = sqlite3_column_int64(q, 0);
	sqlite3_reset(q);
	return rc == SQLITE_ROW ? 0 : db_err(s, err, "person count");
}

int
store_person_delete(struct store *s, const char *id, struct nferr *err)
{
	sqlite3_stmt *q = st(s, ST_PERSON_DEL);

	bind_text(q, 1, id);
	if (st_run(s, q, err, "person delete") != 0)
		return -1;
	if (sqlite3_changes(s->db) == 0)
		return nferr_set(err, "not_found", "", "no person %s", id);
	return 0;
}

/* ---- tokens --------------------------------------------------------- */

void
store_token_hash(const char *token, unsigned char out[STORE_TOKEN_HASH_LEN])
{
	crypto_generichash(out, STORE_TOKEN_HASH_LEN,
	    (const unsigned char *)token, strlen(token), NULL, 0);
}

int
store_token_add(struct store *s, const char *name,
    const unsigned char hash[STORE_TOKEN_HASH_LEN], struct nferr *err)
{
	sqlite3_stmt *q;

	if (field_len(name, 1, STORE_NAME_MAX - 1, "/name", err))
		return -1;
	q = st(s, ST_TOKEN_ADD);
	bind_text(q, 1, name);
	sqlite3_bind_blob(q, 2, hash, STORE_TOKEN_HASH_LEN, SQLITE_TRANSIENT);
	sqlite3_bind_int64(q, 3, now_ms());
	return st_run(s, q, err, "token add");
}

int
store_token_remove(struct store *s, const char *name, struct nferr *err)
{
	sqlite3_stmt *q = st(s, ST_TOKEN_DEL);

	bind_text(q, 1, name);
	if (st_run(s, q, err, "token remove") != 0)
		return -1;
	if (sqlite3_changes(s->db) == 0)
		return nferr_set(err, "not_found", "", "no token %s", name);
	return 0;
}

int
store_token_check(struct store *s, const char *token, char *name_out,
    size_t name_len)
{
	unsigned char h[STORE_TOKEN_HASH_LEN];
	sqlite3_stmt *q;
	int found = 0;

	if (token == NULL || *token == '\0')
		return -1;
	store_token_hash(token, h);
	q = st(s, ST_TOKEN_ALL);
	/* every stored hash is compared, match or not */
	while (sqlite3_step(q) == SQLITE_ROW) {
		if (sqlite3_column_bytes(q, 1) != STORE_TOKEN_HASH_LEN)
			continue;
		if (sodium_memcmp(h, sqlite3_column_blob(q, 1),
		    STORE_TOKEN_HASH_LEN) == 0 && !found) {
			found = 1;
			if (name_out != NULL && name_len > 0)
				snprintf(name_out, name_len, "%s",
				    col_text(q, 0) ? col_text(q, 0) : "");
		}
	}
	sqlite3_reset(q);
	sodium_memzero(h, sizeof(h));
	return found ? 0 : -1;
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
		return db_err(s, err, "prepare");
	if (t1 != NULL)
		bind_text(q, 1, t1);
	if (t2 != NULL)
		bind_text(q, 2, t2);
	while ((rc = sqlite3_step(q)) == SQLITE_ROW)
		;
	sqlite3_finalize(q);
	if (rc != SQLITE_DONE)
		return db_err(s, err, "repair");
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
		return db_err(s, err, "prepare");
	bind_text(q, 1, origin);
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		char type[32], country[8];
		int64_t rid = sqlite3_column_int64(q, 0);

		snprintf(type, sizeof(type), "%s", col_text(q, 1) ?
		    col_text(q, 1) : "");
		snprintf(country, sizeof(country), "%s", col_text(q, 2) ?
		    col_text(q, 2) : "");
		if (unindex(s, rid, err) != 0 || (sqlite3_column_int(q, 3) == 0 &&
		    count_add(s, type, country, -1, err) != 0)) {
			sqlite3_finalize(q);
			return -1;
		}
	}
	sqlite3_finalize(q);
	if (rc != SQLITE_DONE)
		return db_err(s, err, "records of origin");
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
		db_err(s, err, "prepare");
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
			db_err(s, err, "fork");
		goto fail;
	}
	entry_hex(keep, hex);
	v = json_pack("{s:s, s:I, s:s?, s:b}", "kept", hex, "resolved",
	    (json_int_t)now_ms(), "by", by, "dropped", drop);
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
		db_err(s, err, "prepare");
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
		db_err(s, err, "forks");
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
		return db_err(s, err, "prepare");
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
		return db_err(s, err, "resolutions");
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
