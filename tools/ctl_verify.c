/*
 * ctl_verify: `nordfedctl verify`, the offline check of a node's
 * database. It opens the SQLite file read-only (the node may be running;
 * WAL readers do not disturb it) and re-verifies every origin's chain
 * with the protocol library, from what was signed rather than from the
 * columns the node serves from:
 *
 *   - seq 1, 2, 3... without gaps
 *   - schemas 1 and 2: the stored header parses and is canonical; with the
 *     stored signature and body it decodes as a wire entry (fields, body
 *     hash); the columns the node serves from (hash, prev, ts, op, type,
 *     id, key, body_hash, v) say what the header says
 *   - schema 3 (no header is stored): the header made from the stored
 *     fields, with prev the hash of the entry before, the signature and
 *     the body (the record's, for the entry that last changed it) decode
 *     as a wire entry whose hash is the stored hash
 *   - prev is the hash of the entry before (zeros for seq 1)
 *   - the signature verifies against the origin's key for that seq
 *     (pinned keys, then the rotations met on the way)
 *   - the record rules (owner, op and type, body valid for its type)
 *   - the origin's head row names the last entry
 *
 * It reports the first bad entry of each origin. docs/storage.md
 * describes the tables.
 */
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>
#include <sqlite3.h>

#include "canon.h"
#include "ctl.h"
#include "entry.h"
#include "record.h"

struct verify_opts {
	const char *db, *keys;
};

static int
verify_take(void *arg, int opt, const char *val)
{
	struct verify_opts *vo = arg;

	if (opt == 'd')
		vo->db = val;
	else if (opt == 'k')
		vo->keys = val;
	else
		return -1;
	return 0;
}

static const char *
colt(sqlite3_stmt *q, int i)
{
	const char *t = (const char *)sqlite3_column_text(q, i);

	return t ? t : "";
}

static int
blob_is(sqlite3_stmt *q, int i, const unsigned char *want, size_t len)
{
	return (size_t)sqlite3_column_bytes(q, i) == len &&
	    memcmp(sqlite3_column_blob(q, i), want, len) == 0;
}

static const char *
op_name(enum entry_op op)
{
	return op == OP_PUT ? "put" : op == OP_DELETE ? "delete" : "key";
}

/*
 * The SQL per schema version (docs/storage.md). Every log query selects
 * seq, v, hash, prev, ts, op, type, record_id, body_hash, key, sig,
 * header, body; schema 3 has no prev, type or header (NULL), its op is a
 * number and its ts may be ms.
 */
static const struct {
	const char *log, *keys, *held, *count;
} sql[2] = {
	{
		"SELECT seq, v, hash, prev, ts, op, type, record_id, body_hash, "
		"key, sig, header, body FROM entries WHERE origin = ?1 "
		"ORDER BY seq",
		"SELECT seq, body FROM entries WHERE origin = ?1 AND op = 'key' "
		"ORDER BY seq",
		"SELECT (SELECT count(*) FROM entries WHERE origin = ?1) + "
		"coalesce((SELECT head_seq FROM origins WHERE origin = ?1), 0)",
		"SELECT count(*) FROM entries",
	},
	{
		"SELECT e.eid & 1099511627775, e.v, e.hash, NULL, e.ts, e.op, "
		"NULL, e.record_id, e.body_hash, e.key, e.sig, NULL, CASE WHEN "
		"r.seq = (e.eid & 1099511627775) AND r.deleted = 0 THEN r.body "
		"END FROM origins AS o JOIN entries AS e ON e.eid > (o.oid << 40) "
		"AND e.eid < ((o.oid + 1) << 40) LEFT JOIN records AS r "
		"ON r.id = e.record_id WHERE o.origin = ?1 ORDER BY e.eid",
		"SELECT e.eid & 1099511627775, r.body FROM origins AS o "
		"JOIN entries AS e ON e.eid > (o.oid << 40) AND e.eid < "
		"((o.oid + 1) << 40) LEFT JOIN records AS r ON r.id = e.record_id "
		"WHERE o.origin = ?1 AND e.op = 3 ORDER BY e.eid",
		"SELECT (SELECT count(*) FROM origins AS o JOIN entries AS e "
		"ON e.eid > (o.oid << 40) AND e.eid < ((o.oid + 1) << 40) "
		"WHERE o.origin = ?1) + coalesce((SELECT head_seq FROM origins "
		"WHERE origin = ?1), 0)",
		"SELECT count(*) FROM entries",
	},
};
static int schema;      /* index into sql[]: 0 for user_version 1 and 2
                           (2 only added persons' columns), 1 for 3 to 5
                           (4 and 5 only added local tables) */

/* The stored ts: text, or (schema 3) ms. */
static void
col_ts(sqlite3_stmt *q, int i, char out[ENTRY_TS_LEN + 1])
{
	if (sqlite3_column_type(q, i) == SQLITE_INTEGER)
		entry_ts_format(sqlite3_column_int64(q, i), out);
	else
		snprintf(out, ENTRY_TS_LEN + 1, "%s", colt(q, i));
}

/* Schema 3: the header object made from the stored fields, prev being
 * the hash of the entry before. NULL when a field cannot be one. */
static json_t *
header_of_fields(sqlite3_stmt *q, const char *origin, uint64_t seq,
    const unsigned char prev[ENTRY_HASH_LEN])
{
	char ph[2 * ENTRY_HASH_LEN + 1], ts[ENTRY_TS_LEN + 1];
	enum record_type t;
	int64_t op = sqlite3_column_int64(q, 5);
	json_t *h;

	if (op < OP_PUT || op > OP_KEY ||
	    record_id_parse(colt(q, 7), NULL, &t, NULL) != 0)
		return NULL;
	entry_hex(prev, ph);
	col_ts(q, 4, ts);
	h = json_pack("{s:i, s:s, s:I, s:s, s:s, s:s, s:s, s:s, s:s}",
	    "v", sqlite3_column_int(q, 1), "origin", origin,
	    "seq", (json_int_t)seq, "prev", ph, "ts", ts,
	    "op", op_name((enum entry_op)op), "type", record_type_name(t),
	    "id", colt(q, 7), "key", colt(q, 9));
	if (h != NULL && sqlite3_column_type(q, 8) != SQLITE_NULL) {
		char bh[2 * ENTRY_HASH_LEN + 1];

		if (sqlite3_column_bytes(q, 8) != ENTRY_HASH_LEN) {
			json_decref(h);
			return NULL;
		}
		entry_hex(sqlite3_column_blob(q, 8), bh);
		json_object_set_new(h, "body_hash", json_string(bh));
	}
	return h;
}

/*
 * Rebuild and check one row (columns as selected in verify_origin).
 * 0 and *e filled (caller entry_clear()s it), or -1 with err set.
 */
static int
check_row(sqlite3_stmt *q, const char *origin, uint64_t seq,
    const unsigned char prev[ENTRY_HASH_LEN], const struct keyring *kr,
    struct nf_entry *e, struct nferr *err)
{
	char sig[sodium_base64_ENCODED_LEN(KEY_SIG_LEN,
	    sodium_base64_VARIANT_URLSAFE_NO_PADDING)];
	char ts[ENTRY_TS_LEN + 1];
	json_t *hdr = NULL, *body = NULL;
	char *w = NULL;
	size_t wl;
	int rc = -1;

	entry_init(e);
	if (sqlite3_column_type(q, 11) == SQLITE_NULL) {
		if ((hdr = header_of_fields(q, origin, seq, prev)) == NULL) {
			nferr_set(err, "bad_entry", "", "the stored fields are "
			    "not an entry's");
			goto out;
		}
	} else if (canon_parse_canonical(sqlite3_column_blob(q, 11),
	    (size_t)sqlite3_column_bytes(q, 11), NULL, &hdr, err) != 0) {
		snprintf(err->msg, sizeof(err->msg), "the stored header is "
		    "not canonical JSON");
		goto out;
	}
	if (!json_is_object(hdr) || json_object_get(hdr, "sig") ||
	    json_object_get(hdr, "body")) {
		nferr_set(err, "bad_header", "", "the stored header is not a "
		    "header");
		goto out;
	}
	if (sqlite3_column_bytes(q, 10) != KEY_SIG_LEN) {
		nferr_set(err, "bad_signature", "/sig", "the stored signature "
		    "is not 64 bytes");
		goto out;
	}
	sodium_bin2base64(sig, sizeof(sig), sqlite3_column_blob(q, 10),
	    KEY_SIG_LEN, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	json_object_set_new(hdr, "sig", json_string(sig));
	if (sqlite3_column_type(q, 12) != SQLITE_NULL) {
		if (canon_parse(colt(q, 12), (size_t)sqlite3_column_bytes(q, 12),
		    NULL, &body, err) != 0) {
			snprintf(err->msg, sizeof(err->msg), "the stored body is "
			    "not JSON");
			goto out;
		}
		json_object_set_new(hdr, "body", body);
	}
	if (canon_dump(hdr, &w, &wl, err) != 0 ||
	    entry_decode(w, wl, e, err) != 0)
		goto out;
	if (strcmp(e->origin, origin) != 0 || e->seq != seq) {
		nferr_set(err, "column_mismatch", "/seq", "the header says %s/%"
		    PRIu64, e->origin, e->seq);
		goto out;
	}
	if (!blob_is(q, 2, e->hash, ENTRY_HASH_LEN)) {
		nferr_set(err, "column_mismatch", "hash", "the stored entry hash "
		    "is not the hash of the stored %s",
		    sqlite3_column_type(q, 11) == SQLITE_NULL ? "fields" :
		    "header");
		goto out;
	}
	if (sqlite3_column_type(q, 3) != SQLITE_NULL &&
	    !blob_is(q, 3, e->prev, ENTRY_HASH_LEN)) {
		nferr_set(err, "column_mismatch", "prev", "the prev column is "
		    "not the header's prev");
		goto out;
	}
	col_ts(q, 4, ts);
	if (sqlite3_column_int(q, 1) != e->v || strcmp(ts, e->ts) ||
	    (sqlite3_column_type(q, 5) == SQLITE_INTEGER ?
	    sqlite3_column_int64(q, 5) != (int64_t)e->op :
	    strcmp(colt(q, 5), op_name(e->op)) != 0) ||
	    (sqlite3_column_type(q, 6) != SQLITE_NULL &&
	    strcmp(colt(q, 6), record_type_name(e->type))) ||
	    strcmp(colt(q, 7), e->id) || strcmp(colt(q, 9), e->key) ||
	    (sqlite3_column_type(q, 8) == SQLITE_NULL) == e->has_body_hash ||
	    (e->has_body_hash && !blob_is(q, 8, e->body_hash, ENTRY_HASH_LEN))) {
		nferr_set(err, "column_mismatch", "", "the columns the node "
		    "serves from (v, ts, op, type, record_id, key, body_hash) "
		    "differ from the signed header");
		goto out;
	}
	if (memcmp(e->prev, prev, ENTRY_HASH_LEN) != 0) {
		nferr_set(err, "prev_mismatch", "/prev", "prev is not the hash of "
		    "entry %" PRIu64, seq - 1);
		goto out;
	}
	if (entry_check_sig(e, kr, err) != 0)
		goto out;
	/* timestamps were checked on arrival; time has passed since */
	if (entry_check_rules(e, INT64_MAX / 4, err) != 0)
		goto out;
	rc = 0;
out:
	free(w);
	json_decref(hdr);
	if (rc != 0)
		entry_clear(e);
	return rc;
}

/*
 * When the only key given for origin is not the one that signed its seq 1
 * but the one its key entries lead to (a rotated node's own key_file, or
 * a peer pinned by its current key), take the earlier keys from those key
 * entries: the first key entry's previous_key from seq 1, then each
 * announced key from the entry after it. The chain must end at the given
 * key; otherwise nothing changes and verification says unknown_key.
 * 1 when the keys were taken from the log.
 */
static int
keys_from_log(sqlite3 *db, const char *origin, struct keyring *kr)
{
	struct keyring h = { 0 };
	const struct keyring_key *given = NULL;
	sqlite3_stmt *q = NULL;
	size_t i, n = 0;
	int ok = 1, rows = 0;

	for (i = 0; i < kr->n; i++)
		if (strcmp(kr->keys[i].origin, origin) == 0) {
			given = &kr->keys[i];
			n++;
		}
	if (n != 1 || given->from_seq != 1 ||
	    sqlite3_prepare_v2(db, sql[schema].keys, -1, &q, NULL) != SQLITE_OK)
		return 0;
	sqlite3_bind_text(q, 1, origin, -1, SQLITE_STATIC);
	while (ok && sqlite3_step(q) == SQLITE_ROW) {
		json_t *b = json_loads(colt(q, 1), 0, NULL);
		unsigned char pk[KEY_PUB_LEN], prev[KEY_PUB_LEN];
		const char *pv = json_string_value(json_object_get(b,
		    "previous_key"));
		int has_prev = pv != NULL && keys_pub_decode(pv, prev, NULL) == 0;

		ok = keys_pub_decode(json_string_value(json_object_get(b,
		    "public_key")), pk, NULL) == 0;
		if (ok && rows == 0) {
			/* the given key is the first one: rotations are
			 * followed as met, as for any pinned key */
			if (!has_prev || memcmp(prev, given->pk, KEY_PUB_LEN) == 0)
				ok = 0;
			else
				keyring_add(&h, origin, prev, 1);
		} else if (ok && has_prev &&
		    memcmp(prev, h.keys[h.n - 1].pk, KEY_PUB_LEN) != 0) {
			ok = 0;
		}
		if (ok) {
			char id[KEY_ID_LEN + 1];

			memcpy(id, h.keys[h.n - 1].id, sizeof(id));
			ok = keyring_rotate(&h, origin, id, pk,
			    (uint64_t)sqlite3_column_int64(q, 0)) == 0;
		}
		json_decref(b);
		rows++;
	}
	sqlite3_finalize(q);
	if (ok && rows > 0 && memcmp(h.keys[h.n - 1].pk, given->pk,
	    KEY_PUB_LEN) == 0) {
		/* replace the given key by the chain that ends at it */
		size_t j = 0;

		for (i = 0; i < kr->n; i++)
			if (strcmp(kr->keys[i].origin, origin) != 0)
				kr->keys[j++] = kr->keys[i];
		kr->n = j;
		for (i = 0; i < h.n; i++) {
			keyring_add(kr, origin, h.keys[i].pk, h.keys[i].from_seq);
			kr->keys[kr->n - 1].until_seq = h.keys[i].until_seq;
		}
		keyring_free(&h);
		return 1;
	}
	keyring_free(&h);
	return 0;
}

/* Verify one origin; a result object (new reference), or NULL when the
 * database fails (message printed). */
static json_t *
verify_origin(sqlite3 *db, const char *origin, struct keyring *kr,
    struct ctl_progress *pr, uint64_t *done)
{
	static const unsigned char zero[ENTRY_HASH_LEN];
	unsigned char prev[ENTRY_HASH_LEN];
	sqlite3_stmt *q = NULL;
	struct nferr err;
	json_t *bad = NULL;
	uint64_t expect = 1, n = 0;
	int rc, from_log;

	memcpy(prev, zero, sizeof(prev));
	nferr_clear(&err);
	if (sqlite3_prepare_v2(db, sql[schema].log, -1, &q, NULL) != SQLITE_OK) {
		ctl_warn("database: %s", sqlite3_errmsg(db));
		return NULL;
	}
	sqlite3_bind_text(q, 1, origin, -1, SQLITE_STATIC);
	from_log = keys_from_log(db, origin, kr);
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		uint64_t seq = (uint64_t)sqlite3_column_int64(q, 0);
		struct nf_entry e;

		(*done)++;
		ctl_progress(pr, *done, 0);
		if (seq != expect) {
			bad = json_pack("{s:I, s:s, s:s}", "seq", (json_int_t)expect,
			    "reason", "missing", "detail", seq > expect ?
			    "the entry is missing: the log has a gap" :
			    "a sequence number repeats");
			break;
		}
		if (check_row(q, origin, seq, prev, kr, &e, &err) != 0) {
			if (err.code != NULL && strcmp(err.code,
			    "unknown_origin") == 0)
				snprintf(err.msg, sizeof(err.msg), "no key of %s "
				    "to check it with: give -c CONFIG (peers, "
				    "pins, key_file) or --keys FILE", origin);
			bad = json_pack("{s:I, s:s, s:s, s:s}", "seq",
			    (json_int_t)seq, "reason", err.code ? err.code :
			    "bad_entry", "field", err.field, "detail", err.msg);
			break;
		}
		if (e.op == OP_KEY && !from_log) {
			unsigned char pk[KEY_PUB_LEN];

			if (keys_pub_decode(json_string_value(json_object_get(
			    e.body, "public_key")), pk, NULL) == 0)
				keyring_rotate(kr, origin, e.key, pk, e.seq);
		}
		memcpy(prev, e.hash, ENTRY_HASH_LEN);
		entry_clear(&e);
		expect++;
		n++;
	}
	sqlite3_finalize(q);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
		ctl_warn("database: %s", sqlite3_errmsg(db));
		json_decref(bad);
		return NULL;
	}
	if (bad == NULL) {
		/* the head row must name the last entry */
		int64_t hs = -1;

		if (sqlite3_prepare_v2(db, "SELECT head_seq, head_hash FROM "
		    "origins WHERE origin = ?1", -1, &q, NULL) == SQLITE_OK) {
			sqlite3_bind_text(q, 1, origin, -1, SQLITE_STATIC);
			if (sqlite3_step(q) == SQLITE_ROW) {
				hs = sqlite3_column_int64(q, 0);
				if ((uint64_t)hs == n && n > 0 &&
				    !blob_is(q, 1, prev, ENTRY_HASH_LEN))
					hs = -2;
			} else {
				hs = 0;
			}
			sqlite3_finalize(q);
		}
		if (hs >= 0 && (uint64_t)hs != n)
			bad = json_pack("{s:I, s:s, s:s}", "seq",
			    (json_int_t)(n + 1), "reason", "head_mismatch",
			    "detail", "the origin's head row names another seq "
			    "than the last entry held");
		else if (hs == -2)
			bad = json_pack("{s:I, s:s, s:s}", "seq", (json_int_t)n,
			    "reason", "head_mismatch", "detail", "the origin's "
			    "head hash is not the last entry's hash");
	}
	return json_pack("{s:s, s:I, s:b, s:b, s:o}", "origin", origin,
	    "verified", (json_int_t)n, "ok", bad == NULL, "keys_from_log",
	    from_log, "first_bad", bad ? bad : json_null());
}

int
ctl_cmd_verify(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "db", required_argument, NULL, 'd' },
		{ "keys", required_argument, NULL, 'k' },
		CTL_COMMON_OPTIONS,
		{ NULL, 0, NULL, 0 },
	};
	struct verify_opts vo = { NULL, NULL };
	struct ctl c;
	struct keyring kr = { 0 };
	struct ctl_progress pr;
	sqlite3 *db = NULL;
	sqlite3_stmt *q = NULL;
	json_t *results = NULL, *forks = NULL, *r;
	char own[8] = "";
	const char *path;
	uint64_t total = 0, done = 0;
	size_t i, nbad = 0;
	int o, rc;

	ctl_init(&c);
	if (ctl_want_help(argc, argv, "verify"))
		return CTL_OK;
	while ((o = getopt_long(argc, argv, "c:", opts, NULL)) != -1) {
		rc = ctl_option(&c, o, optarg);
		if (rc < 0 || (rc > 0 && (o == '?' || verify_take(&vo, o,
		    optarg) != 0))) {
			rc = CTL_USAGE;
			fprintf(stderr, "usage: nordfedctl %s\n", ctl_usage("verify"));
			goto done;
		}
	}
	if ((rc = ctl_ready(&c)) != CTL_OK)
		goto done;
	path = vo.db ? vo.db : c.has_conf ? c.conf.database : NULL;
	if (optind != argc || path == NULL) {
		fprintf(stderr, "usage: nordfedctl %s\n(--db FILE or -c CONFIG "
		    "names the database)\n", ctl_usage("verify"));
		rc = CTL_USAGE;
		goto done;
	}
	if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(db, "SELECT value FROM meta WHERE key = 'origin'",
	    -1, &q, NULL) != SQLITE_OK) {
		ctl_warn("%s: %s", path, db ? sqlite3_errmsg(db) : "cannot open");
		rc = CTL_IO;
		goto done;
	}
	sqlite3_busy_timeout(db, 5000);
	if (sqlite3_step(q) == SQLITE_ROW)
		snprintf(own, sizeof(own), "%s", colt(q, 0));
	sqlite3_finalize(q);
	q = NULL;
	{
		int ver = 0;

		if (sqlite3_prepare_v2(db, "PRAGMA user_version", -1, &q,
		    NULL) == SQLITE_OK && sqlite3_step(q) == SQLITE_ROW)
			ver = sqlite3_column_int(q, 0);
		sqlite3_finalize(q);
		q = NULL;
		/* 4 (accounts), 5 (registrations), 6 and 7 (the
		 * mapping's counts) add tables only: the log is read as
		 * in 3 */
		if (ver < 1 || ver > 7) {
			ctl_warn("%s: schema version %d is not one this "
			    "nordfedctl knows (1 to 7)", path, ver);
			rc = CTL_IO;
			goto done;
		}
		schema = ver >= 3;
	}
	/* keys: the config's and --keys; the node's own API only when
	 * neither was given (verify is meant to work with the node down) */
	ctl_keyring(&c, vo.keys, !c.has_conf && vo.keys == NULL, &kr);
	if (sqlite3_prepare_v2(db, sql[schema].count, -1, &q,
	    NULL) == SQLITE_OK && sqlite3_step(q) == SQLITE_ROW)
		total = (uint64_t)sqlite3_column_int64(q, 0);
	sqlite3_finalize(q);
	q = NULL;
	ctl_progress_start(&pr, "entries", total);
	results = json_array();
	for (i = 0; i < RECORD_NORIGIN; i++) {
		const char *origin = record_origins[i];
		int64_t held = 0;

		if (sqlite3_prepare_v2(db, sql[schema].held, -1, &q, NULL) !=
		    SQLITE_OK) {
			ctl_warn("%s: %s", path, sqlite3_errmsg(db));
			rc = CTL_IO;
			goto done;
		}
		sqlite3_bind_text(q, 1, origin, -1, SQLITE_STATIC);
		if (sqlite3_step(q) == SQLITE_ROW)
			held = sqlite3_column_int64(q, 0);
		sqlite3_finalize(q);
		q = NULL;
		if (held == 0)
			continue;
		if ((r = verify_origin(db, origin, &kr, &pr, &done)) == NULL) {
			rc = CTL_IO;
			goto done;
		}
		nbad += !json_is_true(json_object_get(r, "ok"));
		json_array_append_new(results, r);
	}
	ctl_progress(&pr, done, 1);
	/* fork proofs kept: do they still prove what they claim? */
	forks = json_array();
	if (sqlite3_prepare_v2(db, "SELECT origin, seq, proof FROM forks "
	    "ORDER BY origin, seq", -1, &q, NULL) == SQLITE_OK) {
		while (sqlite3_step(q) == SQLITE_ROW) {
			struct nferr err;
			char fo[RECORD_ORIGIN_SIZE];
			uint64_t fs;
			int ok = entry_fork_verify(colt(q, 2),
			    (size_t)sqlite3_column_bytes(q, 2), &kr, fo, &fs,
			    &err) == 0;

			json_array_append_new(forks, json_pack("{s:s, s:I, s:b, "
			    "s:s}", "origin", colt(q, 0), "seq",
			    (json_int_t)sqlite3_column_int64(q, 1),
			    "proof_verifies", ok, "detail", ok ? "" : err.msg));
		}
		sqlite3_finalize(q);
		q = NULL;
	}
	if (c.json) {
		ctl_print_json(json_pack("{s:s, s:s, s:b, s:O, s:O}", "database",
		    path, "node", own, "ok", nbad == 0, "origins", results,
		    "forks", forks));
	} else {
		json_t *f;

		printf("%s%s%s (node %s)\n", ctl_c(&c, "bold"), path,
		    ctl_c(&c, "off"), own[0] ? own : "?");
		printf("  %-6s %10s  %s\n", "ORIGIN", "VERIFIED", "RESULT");
		json_array_foreach(results, i, r) {
			json_t *b = json_object_get(r, "first_bad");

			if (json_is_null(b))
				printf("  %-6s %10lld  %sok%s%s\n",
				    json_string_value(json_object_get(r, "origin")),
				    (long long)json_integer_value(json_object_get(r,
				    "verified")), ctl_c(&c, "green"),
				    ctl_c(&c, "off"), json_is_true(json_object_get(r,
				    "keys_from_log")) ? " (keys before the last "
				    "rotation taken from its key entries)" : "");
			else
				printf("  %-6s %10lld  %sBAD at seq %lld: %s%s "
				    "(%s)\n",
				    json_string_value(json_object_get(r, "origin")),
				    (long long)json_integer_value(json_object_get(r,
				    "verified")), ctl_c(&c, "red"),
				    (long long)json_integer_value(json_object_get(b,
				    "seq")), json_string_value(json_object_get(b,
				    "detail")), ctl_c(&c, "off"),
				    json_string_value(json_object_get(b, "reason")));
		}
		json_array_foreach(forks, i, f)
			printf("  fork of %s at seq %lld: proof %s\n",
			    json_string_value(json_object_get(f, "origin")),
			    (long long)json_integer_value(json_object_get(f, "seq")),
			    json_is_true(json_object_get(f, "proof_verifies")) ?
			    "verifies" : "DOES NOT VERIFY");
		printf("%s\n", nbad ? "the database has bad entries: see "
		    "docs/operations.md (A bad entry in the database)" :
		    "every chain verifies");
	}
	rc = nbad ? CTL_NOTOK : CTL_OK;
done:
	sqlite3_finalize(q);
	sqlite3_close(db);
	json_decref(results);
	json_decref(forks);
	keyring_free(&kr);
	ctl_free(&c);
	return rc;
}
