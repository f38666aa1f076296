/*
 * store: the one module that owns SQLite. See store.h for the API,
 * store_int.h for how the module is split into files, and
 * docs/storage.md for the schema, the apply rules and the durability
 * argument.
 *
 * This file: opening the database (pragmas, migrations, the prepared
 * statements, the origin in meta) and closing it, and the small helpers
 * the other store files share.
 *
 * Every sqlite3_stmt is prepared once in store_open (the list queries,
 * whose WHERE clause depends on the filters given, are prepared on first
 * use per filter combination and kept) and reset after each use, so no
 * statement holds a read transaction open between calls.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "keys.h"
#include "store_accounts.h"
#include "store_registrations.h"
#include "store_int.h"

#define BUSY_MS        5000
/* WAL pages between automatic checkpoints: 16,384 pages of 4 KiB are
 * 64 MiB of WAL (docs/storage.md, "Connection") */
#define STORE_WAL_CHECKPOINT_PAGES 16384
#define STR_(x)        #x
#define STR(x)         STR_(x)

/* ---- small helpers -------------------------------------------------- */

int64_t
store_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

int
store_buf_add_folded(struct nfbuf *b, const char *s)
{
	size_t n = strlen(s), cap = n * 2 + 2;
	char stackbuf[1024], *tmp = cap <= sizeof(stackbuf) ? stackbuf :
	    malloc(cap);
	int rc;

	if (tmp == NULL)
		return -1;
	n = store_fold(s, tmp, cap);
	rc = nfbuf_add(b, tmp, n);
	if (rc == 0)
		rc = nfbuf_add(b, " ", 1);
	if (tmp != stackbuf)
		free(tmp);
	return rc;
}

int
store_text_str(struct nfbuf *b, const char *v)
{
	static const char hex[] = "0123456789abcdef";
	const unsigned char *s = (const unsigned char *)v;
	size_t i, run = 0;
	char esc[6] = { '\\', 'u', '0', '0', 0, 0 };

	if (v == NULL)
		return nfbuf_add(b, "null", 4);
	if (nfbuf_add(b, "\"", 1) != 0)
		return -1;
	for (i = 0; s[i] != '\0'; i++) {
		if (s[i] >= 0x20 && s[i] != '"' && s[i] != '\\')
			continue;
		if (nfbuf_add(b, v + run, i - run) != 0)
			return -1;
		run = i + 1;
		if (s[i] == '"' || s[i] == '\\') {
			esc[1] = (char)s[i];
			if (nfbuf_add(b, esc, 2) != 0)
				return -1;
			esc[1] = 'u';
			continue;
		}
		esc[4] = hex[s[i] >> 4];
		esc[5] = hex[s[i] & 15];
		if (nfbuf_add(b, esc, 6) != 0)
			return -1;
	}
	return nfbuf_add(b, v + run, i - run) != 0 ||
	    nfbuf_add(b, "\"", 1) != 0 ? -1 : 0;
}

int
store_text_string(struct nfbuf *t, const char *v)
{
	return store_text_str(t, v);
}

int
store_text_record(struct nfbuf *b, sqlite3_stmt *q, int c)
{
	const char *body = col_text(q, c + 5);
	char num[32];
	int n = snprintf(num, sizeof(num), ",\"seq\":%lld",
	    (long long)sqlite3_column_int64(q, c + 3));

	return nfbuf_add(b, "{\"id\":", 6) ||
	    store_text_str(b, col_text(q, c)) ||
	    nfbuf_add(b, ",\"type\":", 8) ||
	    store_text_str(b, kind_type_name(col_text(q, c + 1))) ||
	    nfbuf_add(b, ",\"origin\":", 10) ||
	    store_text_str(b, col_text(q, c + 2)) ||
	    nfbuf_add(b, num, (size_t)n) ||
	    (sqlite3_column_int(q, c + 4) ?
	    nfbuf_add(b, ",\"deleted\":true", 15) :
	    nfbuf_add(b, ",\"deleted\":false", 16)) ||
	    nfbuf_add(b, ",\"body\":", 8) ||
	    (body != NULL ? nfbuf_add(b, body,
	    (size_t)sqlite3_column_bytes(q, c + 5)) :
	    nfbuf_add(b, "null", 4)) ||
	    nfbuf_add(b, "}", 1) ? -1 : 0;
}

/*
 * The held read transaction (docs/storage.md, "Reads"): the node is the
 * only writer of its database and writes only through this connection,
 * so a read transaction may stay open from one request to the next and
 * still see every committed write, as long as it ends before each
 * write. That saves the WAL read lock (fcntl) and its checks on every
 * request. tx_begin and st_run end it before anything writes.
 */
int
store_read_begin(struct store *s, struct nferr *err)
{
	if (s->tx.held)
		return 0;	/* reads see the held apply (store_remote_hold) */
	if (s->tx.open)
		return nferr_set(err, "internal", "", "a write transaction is open");
	if (s->rd || !sqlite3_get_autocommit(s->db))
		return 0;
	if (st_run(s, st(s, ST_BEGIN_READ), err, "begin") != 0)
		return -1;
	s->rd = 1;
	return 0;
}

void
store_read_end(struct store *s)
{
	store_read_release(s);
}

void
store_read_release(struct store *s)
{
	sqlite3_stmt *q;

	if (!s->rd)
		return;
	s->rd = 0;
	q = s->st[ST_COMMIT];
	sqlite3_reset(q);
	if (sqlite3_step(q) != SQLITE_DONE) {
		sqlite3_reset(q);
		if (!sqlite3_get_autocommit(s->db)) {
			sqlite3_reset(s->st[ST_ROLLBACK]);
			sqlite3_step(s->st[ST_ROLLBACK]);
			sqlite3_reset(s->st[ST_ROLLBACK]);
		}
		return;
	}
	sqlite3_reset(q);
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

	/* 2: persons: whether a person may be shown to anyone, and the date
	 * the person consented to it (docs/operations.md, "Personal
	 * data"). Touches only the local-only persons table. */
	"ALTER TABLE persons ADD COLUMN public INTEGER NOT NULL DEFAULT 0"
	"  CHECK (public IN (0,1));"
	"ALTER TABLE persons ADD COLUMN public_consent TEXT"
	"  CHECK ((public = 1) = (public_consent IS NOT NULL));",

	/*
	 * 3: each body once, a contentless search table, lean tags and list
	 * indexes (docs/storage.md, "Schema 3"). The log keeps no body (a
	 * record's current body is in records, and the entry that last
	 * changed the record serves it), no header (entry_encode rebuilds
	 * the wire form from the fields) and no prev (the hash of the row
	 * before); its rows are keyed by eid = oid << 40 | seq. Tags and
	 * list indexes end in rid instead of the id.
	 */
	"ALTER TABLE origins ADD COLUMN oid INTEGER;"
	"UPDATE origins SET oid = (SELECT count(*) FROM origins AS o2 "
	"  WHERE o2.origin <= origins.origin);"
	"CREATE UNIQUE INDEX origins_oid ON origins(oid);"

	"CREATE TABLE log("
	"  eid INTEGER PRIMARY KEY,"
	"  v INTEGER NOT NULL,"
	"  hash BLOB NOT NULL CHECK (length(hash) = 32),"
	"  ts NOT NULL,"
	"  op INTEGER NOT NULL CHECK (op IN (1, 2, 3)),"
	"  record_id TEXT NOT NULL,"
	"  body_hash BLOB CHECK (body_hash IS NULL OR length(body_hash) = 32),"
	"  key TEXT NOT NULL,"
	"  sig BLOB NOT NULL CHECK (length(sig) = 64),"
	"  received_at INTEGER NOT NULL"
	");"
	"INSERT INTO log SELECT (o.oid << 40) + e.seq, e.v, e.hash, e.ts,"
	"  CASE e.op WHEN 'put' THEN 1 WHEN 'delete' THEN 2 ELSE 3 END,"
	"  e.record_id, e.body_hash, e.key, e.sig, e.received_at"
	"  FROM entries AS e JOIN origins AS o ON o.origin = e.origin"
	"  ORDER BY 1;"
	"DROP TABLE entries;"
	"ALTER TABLE log RENAME TO entries;"

	"DROP INDEX records_type_sort;"
	"DROP INDEX records_type_country;"
	"DROP INDEX records_type_class;"
	"DROP INDEX records_network;"
	"DROP INDEX records_org;"
	"CREATE INDEX records_type_sort ON records(type, sort_key) "
	"  WHERE deleted = 0;"
	"CREATE INDEX records_type_country ON records(type, country, sort_key) "
	"  WHERE deleted = 0;"
	"CREATE INDEX records_type_class ON records(type, classification, "
	"  sort_key) WHERE deleted = 0;"
	/* no list walks (type, start_ms): date bounds are tests on the
	 * sort-key walk, and for meetings bounds on the sort key */
	"DROP INDEX records_type_start;"
	"CREATE INDEX records_network ON records(network, type, id) "
	"  WHERE network IS NOT NULL;"
	"CREATE INDEX records_org ON records(org, type, id) "
	"  WHERE org IS NOT NULL;"

	"CREATE TABLE tags("
	"  kind TEXT NOT NULL CHECK (kind IN ('focus','lang')),"
	"  value TEXT NOT NULL,"
	"  type TEXT NOT NULL,"
	"  sort_key TEXT NOT NULL,"
	"  rid INTEGER NOT NULL,"
	"  PRIMARY KEY (kind, value, type, sort_key, rid)"
	") WITHOUT ROWID;"
	/* records without a name now sort by their id; a type is kept as
	 * the kind its ids have */
	"UPDATE records SET sort_key = id WHERE sort_key = '' AND deleted = 0;"
	"UPDATE records SET type = CASE type WHEN 'organisation' THEN 'org' "
	"  WHEN 'network' THEN 'net' WHEN 'membership' THEN 'mem' "
	"  WHEN 'membership_request' THEN 'mreq' WHEN 'meeting' THEN 'meet' "
	"  WHEN 'resource' THEN 'res' WHEN 'collaboration' THEN 'collab' "
	"  ELSE type END;"
	"INSERT INTO tags SELECT t.kind, t.value, r.type, r.sort_key, t.rid "
	"  FROM record_tags AS t JOIN records AS r ON r.rid = t.rid "
	"  ORDER BY 1, 2, 3, 4, 5;"
	"DROP TABLE record_tags;"
	"ALTER TABLE tags RENAME TO record_tags;"

	/* the folded text is the old table's content; it is what
	 * store_index.c's derive() gives, so deletes find it again */
	"ALTER TABLE search RENAME TO search_old;"
	"CREATE VIRTUAL TABLE search USING fts5("
	"  kind, name, text,"
	"  content = '',"
	"  tokenize = 'unicode61 remove_diacritics 2',"
	"  prefix = '3'"
	");"
	"INSERT INTO search(rowid, kind, name, text) "
	"  SELECT rowid, kind, name, text FROM search_old ORDER BY rowid;"
	"DROP TABLE search_old;",

	/* 4: accounts (node/store_accounts.c): organisation accounts, their
	 * one-time sign-in links and their sessions, secrets as hashes.
	 * Local-only; touches only these new tables. */
	"CREATE TABLE accounts("
	"  id TEXT PRIMARY KEY,"
	"  org_id TEXT NOT NULL,"
	"  email TEXT NOT NULL,"
	"  created_at INTEGER NOT NULL,"
	"  signed_in_at INTEGER"
	");"
	"CREATE UNIQUE INDEX accounts_org_email ON accounts(org_id, lower(email));"
	"CREATE INDEX accounts_email ON accounts(lower(email));"
	"CREATE TABLE account_links("
	"  hash BLOB PRIMARY KEY CHECK (length(hash) = 32),"
	"  account_id TEXT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,"
	"  purpose TEXT NOT NULL CHECK (purpose IN ('invite','signin')),"
	"  created_at INTEGER NOT NULL,"
	"  expires_at INTEGER NOT NULL"
	") WITHOUT ROWID;"
	"CREATE INDEX account_links_account ON account_links(account_id, created_at);"
	"CREATE TABLE account_sessions("
	"  hash BLOB PRIMARY KEY CHECK (length(hash) = 32),"
	"  account_id TEXT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,"
	"  created_at INTEGER NOT NULL,"
	"  expires_at INTEGER NOT NULL"
	") WITHOUT ROWID;"
	"CREATE INDEX account_sessions_account ON account_sessions(account_id);",

	/* 5: registrations (node/store_registrations.c): who registered for the
	 * meetings this node organises, and the meetings' join links.
	 * Local-only; touches only these new tables. */
	"CREATE TABLE registrations("
	"  id TEXT PRIMARY KEY,"
	"  meeting_id TEXT NOT NULL,"
	"  org_id TEXT NOT NULL,"
	"  name TEXT NOT NULL,"
	"  email TEXT NOT NULL,"
	"  status TEXT NOT NULL CHECK (status IN ('registered','waiting')),"
	"  created_at INTEGER NOT NULL,"
	"  cancel_hash BLOB NOT NULL UNIQUE CHECK (length(cancel_hash) = 32)"
	");"
	"CREATE UNIQUE INDEX registrations_email ON registrations(meeting_id, lower(email));"
	"CREATE INDEX registrations_meeting ON registrations(meeting_id, status, created_at);"
	"CREATE INDEX registrations_org ON registrations(meeting_id, org_id);"
	"CREATE INDEX registrations_by_email ON registrations(lower(email));"
	"CREATE TABLE meeting_links("
	"  meeting_id TEXT PRIMARY KEY,"
	"  url TEXT NOT NULL,"
	"  updated_at INTEGER NOT NULL"
	") WITHOUT ROWID;",

	/* 6: the mapping's organisation counts (node/store_stats.c), kept
	 * by the apply: per_area 0 counts each live organisation once, 1
	 * once per focus area ('' for none); '' where a code is absent.
	 * stats_places counts the names written beside each municipality
	 * code. Built here from the records; derived, like the tags. */
	"CREATE TABLE stats_orgs("
	"  per_area INTEGER NOT NULL CHECK (per_area IN (0,1)),"
	"  country TEXT NOT NULL,"
	"  class TEXT NOT NULL,"
	"  area TEXT NOT NULL,"
	"  region TEXT NOT NULL,"
	"  municipality TEXT NOT NULL,"
	"  n INTEGER NOT NULL,"
	"  PRIMARY KEY (per_area, country, class, area, region, municipality)"
	") WITHOUT ROWID;"
	"CREATE TABLE stats_places("
	"  country TEXT NOT NULL,"
	"  municipality TEXT NOT NULL,"
	"  name TEXT NOT NULL,"
	"  n INTEGER NOT NULL,"
	"  PRIMARY KEY (country, municipality, name)"
	") WITHOUT ROWID;"
	/* focus_areas hold each word once (record.c), as the tags do */
	"INSERT INTO stats_orgs SELECT 0, country, coalesce(classification, ''),"
	"  '', coalesce(json_extract(body, '$.region_code'), ''),"
	"  coalesce(json_extract(body, '$.municipality_code'), ''), count(*)"
	"  FROM records WHERE type = 'org' AND deleted = 0 AND body IS NOT NULL"
	"  GROUP BY 2, 3, 4, 5, 6;"
	"INSERT INTO stats_orgs SELECT 1, r.country,"
	"  coalesce(r.classification, ''), coalesce(f.value, ''),"
	"  coalesce(json_extract(r.body, '$.region_code'), ''),"
	"  coalesce(json_extract(r.body, '$.municipality_code'), ''), count(*)"
	"  FROM records AS r LEFT JOIN json_each(r.body, '$.focus_areas') AS f"
	"  WHERE r.type = 'org' AND r.deleted = 0 AND r.body IS NOT NULL"
	"  GROUP BY 2, 3, 4, 5, 6;"
	"INSERT INTO stats_places SELECT country,"
	"  json_extract(body, '$.municipality_code'),"
	"  json_extract(body, '$.municipality'), count(*) FROM records"
	"  WHERE type = 'org' AND deleted = 0 AND body IS NOT NULL"
	"  AND json_extract(body, '$.municipality_code') IS NOT NULL"
	"  AND json_extract(body, '$.municipality') IS NOT NULL"
	"  GROUP BY 1, 2, 3;",

	/* 7: the mapping's collaboration and member counts, kept by the
	 * apply as 6 keeps the organisations'. stats_collabs: per_pb 0
	 * counts each live collaboration once, 1 once per public body it
	 * names (public_body and public_body_name, then each party of role
	 * public_body; the same pair once), '' where absent. stats_members:
	 * the active memberships by network and the member's country (the
	 * first two letters of its id). */
	"CREATE TABLE stats_collabs("
	"  per_pb INTEGER NOT NULL CHECK (per_pb IN (0,1)),"
	"  country TEXT NOT NULL,"
	"  form TEXT NOT NULL,"
	"  level TEXT NOT NULL,"
	"  area TEXT NOT NULL,"
	"  pb TEXT NOT NULL,"
	"  pb_name TEXT NOT NULL,"
	"  n INTEGER NOT NULL,"
	"  PRIMARY KEY (per_pb, country, form, level, area, pb, pb_name)"
	") WITHOUT ROWID;"
	"CREATE TABLE stats_members("
	"  network TEXT NOT NULL,"
	"  country TEXT NOT NULL,"
	"  n INTEGER NOT NULL,"
	"  PRIMARY KEY (network, country)"
	") WITHOUT ROWID;"
	"INSERT INTO stats_collabs SELECT 0, country,"
	"  coalesce(classification, ''), coalesce(json_extract(body, '$.level'),"
	"  ''), coalesce(json_extract(body, '$.area'), ''), '', '', count(*)"
	"  FROM records WHERE type = 'collab' AND deleted = 0"
	"  AND body IS NOT NULL GROUP BY 2, 3, 4, 5;"
	"INSERT INTO stats_collabs SELECT 1, country, form, level, area, pb,"
	"  pb_name, count(*) FROM (SELECT DISTINCT r.rid, r.country,"
	"  coalesce(r.classification, '') AS form,"
	"  coalesce(json_extract(r.body, '$.level'), '') AS level,"
	"  coalesce(json_extract(r.body, '$.area'), '') AS area,"
	"  coalesce(json_extract(p.value, '$.organisation'), '') AS pb,"
	"  coalesce(json_extract(p.value, '$.name'), '') AS pb_name"
	"  FROM records AS r JOIN json_each(json_insert(coalesce("
	"  json_extract(r.body, '$.parties'), '[]'), '$[#]', json_object("
	"  'organisation', json_extract(r.body, '$.public_body'), 'name',"
	"  json_extract(r.body, '$.public_body_name'), 'role', 'public_body')"
	"  )) AS p ON json_extract(p.value, '$.role') = 'public_body'"
	"  WHERE r.type = 'collab' AND r.deleted = 0 AND r.body IS NOT NULL)"
	"  GROUP BY 2, 3, 4, 5, 6, 7;"
	"INSERT INTO stats_members SELECT coalesce(network, ''),"
	"  upper(substr(org, 1, 2)), count(*) FROM records"
	"  WHERE type = 'mem' AND deleted = 0 AND body IS NOT NULL"
	"  AND json_extract(body, '$.status') = 'active' GROUP BY 1, 2;",
};
#define N_MIGRATIONS (sizeof(migrations) / sizeof(migrations[0]))

static const char *const st_sql[ST__COUNT] = {
	[ST_BEGIN] = "BEGIN IMMEDIATE",
	[ST_COMMIT] = "COMMIT",
	[ST_ROLLBACK] = "ROLLBACK",
	[ST_BEGIN_READ] = "BEGIN",
	[ST_META_GET] = "SELECT value FROM meta WHERE key = ?1",
	[ST_META_SET] = "INSERT INTO meta(key, value) VALUES (?1, ?2) "
	    "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
	[ST_HEAD_GET] = "SELECT head_seq, head_hash, oid FROM origins "
	    "WHERE origin = ?1",
	[ST_HEAD_SET] = "UPDATE origins SET head_seq = ?2, head_hash = ?3 "
	    "WHERE origin = ?1",
	[ST_HEADS] = "SELECT origin, head_seq, head_hash FROM origins "
	    "WHERE head_seq > 0 ORDER BY origin",
	[ST_HASH_AT] = "SELECT e.hash FROM origins AS o JOIN entries AS e "
	    "ON e.eid = (o.oid << 40) + ?2 WHERE o.origin = ?1",
	[ST_OID_SET] = "INSERT INTO origins(origin, oid) VALUES (?1, ?2) "
	    "ON CONFLICT(origin) DO UPDATE SET oid = excluded.oid",
	[ST_OID_MAX] = "SELECT coalesce(max(oid), 0) FROM origins",
	[ST_ENTRY_INS] = "INSERT INTO entries(eid, v, hash, ts, op, record_id, "
	    "body_hash, key, sig, received_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, "
	    "?7, ?8, ?9, ?10)",
	/* ?2 first seq, ?3 rows, ?4 EID_SEQ_MAX; the body is the record's
	 * when this entry is the one that last changed it */
	[ST_LOG_READ] = "SELECT e.eid & ?4, e.v, e.hash, e.ts, e.op, "
	    "e.record_id, e.body_hash, e.key, e.sig, CASE WHEN r.seq = "
	    "(e.eid & ?4) AND r.deleted = 0 THEN r.body END "
	    "FROM origins AS o JOIN entries AS e ON e.eid >= (o.oid << 40) + ?2 "
	    "AND e.eid <= (o.oid << 40) + ?4 "
	    "LEFT JOIN records AS r ON r.id = e.record_id "
	    "WHERE o.origin = ?1 ORDER BY e.eid LIMIT ?3",
	[ST_REC_META] = "SELECT rid, type, origin, seq, deleted, country "
	    "FROM records WHERE id = ?1",
	[ST_REC_OLD] = "SELECT rid, type, deleted, country, body "
	    "FROM records WHERE id = ?1",
	[ST_REC_INS] = "INSERT INTO records(id, type, origin, seq, deleted, "
	    "body, name, sort_key, country, classification, network, org, "
	    "start_ms, end_ms) VALUES (?1, ?2, ?3, ?4, 0, ?5, ?6, ?7, ?8, ?9, "
	    "?10, ?11, ?12, ?13)",
	[ST_REC_UPD] = "UPDATE records SET type = ?2, origin = ?3, seq = ?4, "
	    "deleted = 0, body = ?5, name = ?6, sort_key = ?7, country = ?8, "
	    "classification = ?9, network = ?10, org = ?11, start_ms = ?12, "
	    "end_ms = ?13 WHERE rid = ?14 AND id = ?1",
	[ST_REC_TOMB_INS] = "INSERT INTO records(id, type, origin, seq, "
	    "deleted, body) VALUES (?1, ?2, ?3, ?4, 1, NULL)",
	[ST_REC_TOMB_UPD] = "UPDATE records SET seq = ?4, deleted = 1, "
	    "body = NULL, name = NULL, sort_key = '', country = NULL, "
	    "classification = NULL, network = NULL, org = NULL, "
	    "start_ms = NULL, end_ms = NULL WHERE rid = ?5 AND id = ?1 "
	    "AND type = ?2 AND origin = ?3",
	[ST_REC_GET] = "SELECT id, type, origin, seq, deleted, body "
	    "FROM records WHERE id = ?1",
	[ST_TAG_DEL] = "DELETE FROM record_tags WHERE kind = ?1 AND value = ?2 "
	    "AND type = ?3 AND sort_key = ?4 AND rid = ?5",
	[ST_TAG_INS] = "INSERT OR IGNORE INTO record_tags(kind, value, type, "
	    "sort_key, rid) VALUES (?1, ?2, ?3, ?4, ?5)",
	[ST_FTS_DEL] = "INSERT INTO search(search, rowid, kind, name, text) "
	    "VALUES ('delete', ?1, ?2, ?3, ?4)",
	[ST_FTS_INS] = "INSERT INTO search(rowid, kind, name, text) "
	    "VALUES (?1, ?2, ?3, ?4)",
	[ST_VOCAB_INS] = "INSERT OR IGNORE INTO search_vocab(term) VALUES (?1)",
	[ST_VOCAB_RANGE] = "SELECT term FROM search_vocab WHERE term >= ?1 "
	    "AND term < ?2 ORDER BY term LIMIT ?3",
	[ST_COUNT_ADD] = "INSERT INTO counts(type, country, n) "
	    "VALUES (?1, ?2, ?3) ON CONFLICT(type, country) "
	    "DO UPDATE SET n = n + excluded.n",
	[ST_STATS_ORG_ADD] = "INSERT INTO stats_orgs(per_area, country, class, "
	    "area, region, municipality, n) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) "
	    "ON CONFLICT DO UPDATE SET n = n + excluded.n",
	[ST_STATS_PLACE_ADD] = "INSERT INTO stats_places(country, "
	    "municipality, name, n) VALUES (?1, ?2, ?3, ?4) ON CONFLICT "
	    "DO UPDATE SET n = n + excluded.n",
	[ST_STATS_COLLAB_ADD] = "INSERT INTO stats_collabs(per_pb, country, "
	    "form, level, area, pb, pb_name, n) VALUES (?1, ?2, ?3, ?4, ?5, ?6, "
	    "?7, ?8) ON CONFLICT DO UPDATE SET n = n + excluded.n",
	[ST_STATS_MEMBER_ADD] = "INSERT INTO stats_members(network, country, "
	    "n) VALUES (?1, ?2, ?3) ON CONFLICT DO UPDATE SET n = n + excluded.n",
	[ST_COUNTS] = "SELECT type, country, n FROM counts WHERE n > 0 "
	    "AND type <> 'key' ORDER BY type, country",
	[ST_RID_OF] = "SELECT rid FROM records WHERE id = ?1",
	/* the record, whether live memberships name it, and (an
	 * organisation of this node, ?2) its contact persons */
	[ST_REC_VIEW] = "SELECT r.id, r.type, r.origin, r.seq, r.deleted, "
	    "r.body, CASE r.type WHEN 'org' THEN EXISTS (SELECT 1 FROM records "
	    "AS m WHERE m.org = r.id AND m.type = 'mem' AND m.deleted = 0) "
	    "WHEN 'net' THEN EXISTS (SELECT 1 FROM records AS m WHERE "
	    "m.network = r.id AND m.type = 'mem' AND m.deleted = 0) ELSE 0 END, "
	    "CASE WHEN r.type = 'org' AND r.origin = ?2 THEN (SELECT count(*) "
	    "FROM persons WHERE org_id = r.id) ELSE 0 END "
	    "FROM records AS r WHERE r.id = ?1",
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
	    "ON o.id = m.org AND o.deleted = 0 AND o.type = 'org' "
	    "WHERE m.network = ?1 AND m.type = 'mem' AND m.deleted = 0 "
	    "AND m.id > ?2 ORDER BY m.id LIMIT ?3",
	[ST_MEM_BY_ORG] = "SELECT m.id, m.origin, m.seq, m.body, n.id, n.name, "
	    "NULL FROM records AS m LEFT JOIN records AS n "
	    "ON n.id = m.network AND n.deleted = 0 AND n.type = 'net' "
	    "WHERE m.org = ?1 AND m.type = 'mem' AND m.deleted = 0 "
	    "AND m.id > ?2 ORDER BY m.id LIMIT ?3",
	/* The innermost query ranks at most ?2 matches, newest rowid first;
	 * the middle one keeps the best ?3 after the cursor's row, so only a
	 * page (and one row more: is there a next?) is joined to records (tombstones are not in the index; the deleted test is
	 * a guard). The LIMITs keep them from being flattened. */
	/* the window: the ?2 newest matches of ?1 at or below rowid ?4,
	 * ranked with avgdl ?5 (NULL: the table's); the page: the first ?3
	 * of them after the last one shown, score ?6 and rid ?7 (?6 NULL:
	 * from the start), in the order (score, rid DESC) */
	[ST_SEARCH] = "SELECT r.id, r.type, r.origin, r.seq, r.name, r.body, "
	    "m.score, m.rid "
	    "FROM (SELECT rid, score FROM (SELECT rowid AS rid, "
	    "nfrank(search, ?5, 0.0, 10.0, 1.0) AS score FROM search "
	    "WHERE search MATCH ?1 AND rowid <= ?4 "
	    "ORDER BY rowid DESC LIMIT ?2) "
	    "WHERE ?6 IS NULL OR score > ?6 OR (score = ?6 AND rid < ?7) "
	    "ORDER BY score, rid DESC LIMIT ?3) AS m "
	    "JOIN records AS r ON r.rid = m.rid WHERE r.deleted = 0 "
	    "ORDER BY m.score, m.rid DESC",
	/* the window's size and highest rowid, counting one match past
	 * it (then it left older ones out): rowids only, nothing ranked */
	[ST_SEARCH_WIN] = "SELECT count(*), max(rid) FROM (SELECT rowid AS "
	    "rid FROM search WHERE search MATCH ?1 AND rowid <= ?2 "
	    "ORDER BY rowid DESC LIMIT ?3 + 1)",
	/* the prefix pass: as ST_SEARCH, over the union of the window of
	 * the prefixes ?1 and the whole-word matches ?8 (e: at most ?2, at
	 * or below ?4, ranked by ?8, one FTS5 walk for both its uses), the
	 * whole-word ones first (ex 0), a row in both once, as whole-word;
	 * the page starts after group ?9, score ?6, rid ?7 in the order
	 * (ex, score, rid DESC) */
	[ST_SEARCH_PRE] = "WITH e AS MATERIALIZED (SELECT rowid AS rid, "
	    "nfrank(search, ?5, 0.0, 10.0, 1.0) AS score FROM search "
	    "WHERE search MATCH ?8 AND rowid <= ?4 "
	    "ORDER BY rowid DESC LIMIT ?2) "
	    "SELECT r.id, r.type, r.origin, r.seq, r.name, r.body, m.score, "
	    "m.rid, m.ex FROM (SELECT rid, ex, score FROM ("
	    "SELECT rid, 0 AS ex, score FROM e "
	    "UNION ALL SELECT rid, 1 AS ex, score FROM (SELECT rowid AS rid, "
	    "nfrank(search, ?5, 0.0, 10.0, 1.0) AS score FROM search "
	    "WHERE search MATCH ?1 AND rowid <= ?4 "
	    "ORDER BY rowid DESC LIMIT ?2) "
	    "WHERE rid NOT IN (SELECT rid FROM e)) "
	    "WHERE ?6 IS NULL OR ex > ?9 OR (ex = ?9 AND (score > ?6 OR "
	    "(score = ?6 AND rid < ?7))) "
	    "ORDER BY ex, score, rid DESC LIMIT ?3) AS m "
	    "JOIN records AS r ON r.rid = m.rid WHERE r.deleted = 0 "
	    "ORDER BY m.ex, m.score, m.rid DESC",
	/* the prefix pass's window, newest first: each prefix match's
	 * rowid and whether it is one of the (at most ?3) whole-word
	 * matches ?4; the caller stops at the first match past the ?3
	 * newest that is not (then the union left matches out) */
	[ST_SEARCH_WIN_PRE] = "SELECT rowid, rowid IN (SELECT rowid FROM "
	    "search WHERE search MATCH ?4 AND rowid <= ?2 "
	    "ORDER BY rowid DESC LIMIT ?3) FROM search "
	    "WHERE search MATCH ?1 AND rowid <= ?2 "
	    "ORDER BY rowid DESC LIMIT 2 * ?3 + 1",
	[ST_PERSON_PUT] = "INSERT INTO persons(id, org_id, name, role, email, "
	    "phone, updated_at, public, public_consent) VALUES (?1, ?2, ?3, ?4, "
	    "?5, ?6, ?7, ?8, ?9) "
	    "ON CONFLICT(id) DO UPDATE SET org_id = excluded.org_id, "
	    "name = excluded.name, role = excluded.role, "
	    "email = excluded.email, phone = excluded.phone, "
	    "updated_at = excluded.updated_at, public = excluded.public, "
	    "public_consent = excluded.public_consent",
	[ST_PERSON_GET] = "SELECT id, org_id, name, role, email, phone, "
	    "updated_at, public, public_consent FROM persons WHERE id = ?1",
	[ST_PERSON_LIST] = "SELECT id, org_id, name, role, email, phone, "
	    "updated_at, public, public_consent FROM persons WHERE org_id = ?1 "
	    "ORDER BY name, id",
	[ST_PERSON_COUNT] = "SELECT count(*) FROM persons WHERE org_id = ?1",
	[ST_PERSON_DEL] = "DELETE FROM persons WHERE id = ?1",
	/* lower(): ASCII case only, as e-mail addresses are compared */
	[ST_PERSON_BY_EMAIL] = "SELECT id, org_id, name, role, email, phone, "
	    "updated_at, public, public_consent FROM persons "
	    "WHERE email IS NOT NULL AND lower(email) = lower(?1) "
	    "ORDER BY org_id, name, id",
	[ST_PERSON_DEL_EMAIL] = "DELETE FROM persons WHERE email IS NOT NULL "
	    "AND lower(email) = lower(?1)",
	[ST_PERSON_DEL_ORG] = "DELETE FROM persons WHERE org_id = ?1",
	/* persons whose organisation is not a live one of this node
	 * (records.type is the id kind: 'org') */
	[ST_PERSON_DEL_ORPHANS] = "DELETE FROM persons WHERE NOT EXISTS ("
	    "SELECT 1 FROM records AS r WHERE r.id = persons.org_id AND "
	    "r.type = 'org' AND r.deleted = 0 AND r.origin = ?1)",
	[ST_PERSON_DEL_OLD] = "DELETE FROM persons WHERE updated_at < ?1",
	[ST_TOKEN_ADD] = "INSERT INTO tokens(name, hash, created_at) "
	    "VALUES (?1, ?2, ?3) ON CONFLICT(name) DO UPDATE SET "
	    "hash = excluded.hash, created_at = excluded.created_at",
	[ST_TOKEN_DEL] = "DELETE FROM tokens WHERE name = ?1",
	[ST_TOKEN_ALL] = "SELECT name, hash FROM tokens",
};

int
store_db_err(struct store *s, struct nferr *err, const char *what)
{
	return nferr_set(err, "db_error", "", "%s: %s", what,
	    sqlite3_errmsg(s->db));
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

static int
migrate(struct store *s, struct nferr *err)
{
	char sql[64];
	int ver;
	size_t i;

	if (pragma_int(s, "PRAGMA user_version", &ver) != 0)
		return store_db_err(s, err, "user_version");
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
		return store_db_err(s, err, "meta");
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
store_prepare_all(struct store *s, const char *const *sql, size_t n,
    sqlite3_stmt **out, const char *what, struct nferr *err)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (sqlite3_prepare_v3(s->db, sql[i], -1,
		    SQLITE_PREPARE_PERSISTENT, &out[i], NULL) != SQLITE_OK)
			return nferr_set(err, "db_error", "", "prepare %s %zu: %s",
			    what, i, sqlite3_errmsg(s->db));
	return 0;
}

void
store_finalize_all(sqlite3_stmt **st, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		sqlite3_finalize(st[i]);	/* NULL is a no-op */
}

int
store_open(const char *path, const char *origin, struct store **out,
    struct nferr *err)
{
	struct store *s;
	char mode[16] = "";
	sqlite3_stmt *q;
	int mem;

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
	/* secure_delete: what is deleted is overwritten with zeros, free
	 * pages too, so an erased person leaves no bytes in the file
	 * (store_local.c; Debian's SQLite defaults to it, others may not) */
	if (exec(s, "PRAGMA foreign_keys = ON", err) != 0 ||
	    exec(s, "PRAGMA secure_delete = ON", err) != 0 ||
	    exec(s, "PRAGMA busy_timeout = 5000", err) != 0 ||
	    exec(s, "PRAGMA cache_size = -65536", err) != 0 ||
	    exec(s, "PRAGMA temp_store = MEMORY", err) != 0)
		goto fail;
	if (sqlite3_prepare_v2(s->db, "PRAGMA journal_mode = WAL", -1, &q,
	    NULL) != SQLITE_OK) {
		store_db_err(s, err, "journal_mode");
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
	/* a checkpoint every STORE_WAL_CHECKPOINT_PAGES pages of WAL rather
	 * than SQLite's 1,000: an index page that many transactions dirty
	 * is copied to the database once, not once per transaction
	 * (docs/storage.md, "Connection") */
	if (exec(s, "PRAGMA wal_autocheckpoint = "
	    STR(STORE_WAL_CHECKPOINT_PAGES), err) != 0)
		goto fail;
	if (migrate(s, err) != 0 || store_search_init(s, err) != 0)
		goto fail;
	if (store_prepare_all(s, st_sql, ST__COUNT, s->st, "store", err) != 0)
		goto fail;
	if (store_accounts_open(s, err) != 0 ||
	    store_registrations_open(s, err) != 0 || origin_check(s, err) != 0)
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
	if (s == NULL)
		return;
	/* with the statements still prepared: a held apply is committed
	 * (a clean shutdown keeps what was pulled), any other rolled back */
	store_held_end(s);
	if (s->tx.open)
		store_wtx_rollback(s);
	store_read_release(s);
	store_accounts_close(s);
	store_registrations_close(s);
	store_finalize_all(s->st, ST__COUNT);
	store_finalize_all(s->list, sizeof(s->list) / sizeof(s->list[0]));
	store_index_done(s, 0);
	free(s->tx.fts);
	store_strset_free(&s->known_vocab);
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
