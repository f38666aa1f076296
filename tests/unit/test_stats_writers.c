/*
 * test_stats_writers: the kept counts (counts, stats_orgs,
 * stats_places, stats_collabs, stats_members: docs/storage.md) against
 * the records they count. Replicated entries of NO, applied in pages held
 * open between them (store_remote_hold) and then committed, change the
 * fields the counts read: focus areas, municipality, classification, a
 * membership's status, a collaboration's form and public bodies; delete
 * records and put two of them again after their delete (tombstones
 * re-put). Then the operator's repair that rewrites the records of an
 * origin (store_origin_reset, nordfedctl origin reset). After each, the
 * kept counts must be what migrations 6 and 7 rebuild from the records,
 * and `counts` what the live records are. Pins a behaviour worth keeping:
 * every writer of `records` goes through store_apply_put, store_apply_delete
 * or store_unindex.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <sqlite3.h>

#include "entry.h"
#include "keys.h"
#include "record.h"
#include "store.h"
#include "writer.h"
#include "store_fixture.h"

#define NENT 13

static int
setup(void **state)
{
	return fx_setup(state, "stats-writers");
}

static const char *const org1 = "no:org:01JG0000000000000000000001";
static const char *const org2 = "no:org:01JG0000000000000000000002";
static const char *const net = "no:net:01JG0000000000000000000003";
static const char *const mem1 = "no:mem:01JG0000000000000000000004";
static const char *const mem2 = "no:mem:01JG0000000000000000000005";
static const char *const col1 = "no:collab:01JG0000000000000000000006";
static const char *const seorg = "se:org:01JG0000000000000000000007";

/* One NO entry: op on id of type t, body (a printf format) or NULL. */
static void
mk(struct nf_entry *e, size_t i, const struct nf_key *k, enum entry_op op,
    enum record_type t, const char *id, const char *fmt, ...)
{
	unsigned char zero[ENTRY_HASH_LEN] = { 0 };
	char buf[1024];
	struct nferr err;
	va_list ap;

	entry_init(&e[i]);
	memcpy(e[i].origin, "NO", 3);
	e[i].seq = (uint64_t)i + 1;
	memcpy(e[i].prev, i ? e[i - 1].hash : zero, ENTRY_HASH_LEN);
	entry_ts_format(1764000000000LL + (int64_t)i, e[i].ts);
	e[i].op = op;
	e[i].type = t;
	snprintf(e[i].id, sizeof(e[i].id), "%s", id);
	if (fmt != NULL) {
		va_start(ap, fmt);
		vsnprintf(buf, sizeof(buf), fmt, ap);
		va_end(ap);
		e[i].body = json_loads(buf, JSON_REJECT_DUPLICATES, NULL);
		assert_non_null(e[i].body);
	}
	assert_int_equal(entry_sign(&e[i], k, &err), 0);
	json_decref(e[i].body);	/* the entry keeps its own */
}

static void
make_entries(struct nf_entry *e)
{
	struct nf_key k;
	size_t i = 0;

	assert_int_equal(keys_generate(&k), 0);
	mk(e, i++, &k, OP_PUT, REC_ORGANISATION, org1, "{\"name\":\"Ungdom\","
	    "\"classification\":\"association\",\"country\":\"NO\","
	    "\"focus_areas\":[\"youth\",\"culture\"],\"region_code\":\"NO-03\","
	    "\"municipality_code\":\"0301\",\"municipality\":\"Oslo\"}");
	mk(e, i++, &k, OP_PUT, REC_ORGANISATION, org2, "{\"name\":\"Kommune\","
	    "\"classification\":\"municipality\",\"country\":\"NO\"}");
	mk(e, i++, &k, OP_PUT, REC_NETWORK, net, "{\"name\":{\"nb\":\"Nett\"},"
	    "\"scope\":\"nordic\",\"lead_organisation\":\"%s\"}", org1);
	mk(e, i++, &k, OP_PUT, REC_MEMBERSHIP, mem1, "{\"network\":\"%s\","
	    "\"organisation\":\"%s\",\"role\":\"lead\",\"status\":\"active\"}",
	    net, org1);
	mk(e, i++, &k, OP_PUT, REC_MEMBERSHIP, mem2, "{\"network\":\"%s\","
	    "\"organisation\":\"%s\",\"role\":\"member\",\"status\":\"active\"}",
	    net, seorg);
	mk(e, i++, &k, OP_PUT, REC_COLLABORATION, col1, "{\"organisation\":"
	    "\"%s\",\"public_body\":\"%s\",\"form\":\"dialogue\",\"level\":"
	    "\"local\",\"area\":\"youth\",\"start\":\"2025-01-01\",\"parties\":"
	    "[{\"name\":\"Fylke\",\"role\":\"public_body\"}]}", org1, org2);
	/* updates that change what the counts read */
	mk(e, i++, &k, OP_PUT, REC_ORGANISATION, org1, "{\"name\":\"Ungdom\","
	    "\"classification\":\"foundation\",\"country\":\"NO\","
	    "\"focus_areas\":[\"democracy\"],\"municipality_code\":\"4601\","
	    "\"municipality\":\"Bergen\"}");
	mk(e, i++, &k, OP_PUT, REC_MEMBERSHIP, mem1, "{\"network\":\"%s\","
	    "\"organisation\":\"%s\",\"role\":\"lead\",\"status\":\"ended\"}",
	    net, org1);
	mk(e, i++, &k, OP_DELETE, REC_ORGANISATION, org2, NULL);
	/* a tombstone put again (a remote origin may) */
	mk(e, i++, &k, OP_PUT, REC_ORGANISATION, org2, "{\"name\":\"Kommune\","
	    "\"classification\":\"region\",\"country\":\"NO\","
	    "\"focus_areas\":[\"integration\"]}");
	mk(e, i++, &k, OP_PUT, REC_COLLABORATION, col1, "{\"organisation\":"
	    "\"%s\",\"public_body_name\":\"Statsforvalteren\",\"form\":\"iop\","
	    "\"level\":\"regional\",\"area\":\"democracy\",\"start\":"
	    "\"2025-01-01\"}", org1);
	mk(e, i++, &k, OP_DELETE, REC_MEMBERSHIP, mem2, NULL);
	mk(e, i++, &k, OP_PUT, REC_MEMBERSHIP, mem2, "{\"network\":\"%s\","
	    "\"organisation\":\"%s\",\"role\":\"member\",\"status\":\"active\"}",
	    net, seorg);
	assert_int_equal(i, NENT);
	keys_wipe(&k);
}

/* The rows with a count other than 0 of every kept table, as text, read
 * through a second connection (what is committed). With rebuilt, the
 * kept tables are first dropped and built again from the records by
 * migrations 6 and 7 (the store reopened). */
static const char *const kept_sql =
    "SELECT 'o', per_area, country, class, area, region, municipality, n "
    "FROM stats_orgs WHERE n != 0 UNION ALL "
    "SELECT 'p', country, municipality, name, n, '', '', '' "
    "FROM stats_places WHERE n != 0 UNION ALL "
    "SELECT 'c', per_pb, country, form, level, area, pb || '/' || pb_name, "
    "n FROM stats_collabs WHERE n != 0 UNION ALL "
    "SELECT 'm', network, country, n, '', '', '', '' "
    "FROM stats_members WHERE n != 0 ORDER BY 1, 2, 3, 4, 5, 6, 7, 8";

/* counts against the live records, by type name and country */
static const char *const counts_sql =
    "SELECT type, country, n FROM counts WHERE n != 0 EXCEPT "
    "SELECT CASE type WHEN 'org' THEN 'organisation' WHEN 'net' THEN "
    "'network' WHEN 'mem' THEN 'membership' WHEN 'mreq' THEN "
    "'membership_request' WHEN 'meet' THEN 'meeting' WHEN 'res' THEN "
    "'resource' WHEN 'collab' THEN 'collaboration' ELSE type END, country, "
    "count(*) FROM records WHERE deleted = 0 GROUP BY 1, 2";

static char *
dump(struct fx *f, const char *sql)
{
	struct nfbuf b = NFBUF_INIT(0);
	sqlite3_stmt *q;
	sqlite3 *db;
	int i;

	assert_int_equal(sqlite3_open_v2(f->path, &db, SQLITE_OPEN_READONLY,
	    NULL), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &q, NULL), SQLITE_OK);
	while (sqlite3_step(q) == SQLITE_ROW) {
		for (i = 0; i < sqlite3_column_count(q); i++) {
			const char *t = (const char *)sqlite3_column_text(q, i);

			assert_int_equal(nfbuf_add(&b, t ? t : "-", t ?
			    strlen(t) : 1), 0);
			assert_int_equal(nfbuf_add(&b, "|", 1), 0);
		}
		assert_int_equal(nfbuf_add(&b, "\n", 1), 0);
	}
	sqlite3_finalize(q);
	sqlite3_close(db);
	assert_int_equal(nfbuf_add(&b, "", 1), 0);	/* NUL-terminated */
	return b.p;
}

/* The kept counts are what a rebuild from the records gives, and counts
 * are the live records; returns the kept rows (owned). */
static char *
check_against_records(struct fx *f)
{
	char *kept = dump(f, kept_sql), *again, *drift;

	drift = dump(f, counts_sql);
	assert_string_equal(drift, "");
	free(drift);
	fx_stats_rebuild(f);
	again = dump(f, kept_sql);
	assert_string_equal(kept, again);
	free(again);
	return kept;
}

static void
test_kept_counts_follow_every_writer_of_records(void **state)
{
	struct fx *f = *state;
	struct nf_entry e[NENT];
	struct nferr err;
	uint64_t dropped;
	char *kept;
	size_t i;

	make_entries(e);
	/* three pages: two held open between them, then committed */
	assert_int_equal(store_remote_begin(f->s, &err), 0);
	for (i = 0; i < 4; i++)
		assert_int_equal(store_remote_apply(f->s, &e[i], NULL, 0, &err),
		    0);
	assert_int_equal(store_remote_hold(f->s, "no-node", &err), 0);
	assert_int_equal(store_remote_resume(f->s, "no-node"), 1);
	for (; i < 9; i++)
		assert_int_equal(store_remote_apply(f->s, &e[i], NULL, 0, &err),
		    0);
	assert_int_equal(store_remote_hold(f->s, "no-node", &err), 0);
	assert_int_equal(store_remote_resume(f->s, "no-node"), 1);
	for (; i < NENT; i++)
		assert_int_equal(store_remote_apply(f->s, &e[i], NULL, 0, &err),
		    0);
	assert_int_equal(store_remote_commit(f->s, "no-node", &err), 0);

	kept = check_against_records(f);
	/* what the entries leave: org1 a foundation in 4601 (Bergen) for
	 * democracy, org2 a region for integration, one active member from
	 * SE, the collaboration an IOP under one named public body */
	assert_string_equal(kept,
	    "c|0|NO|iop|regional|democracy|/|1|\n"
	    "c|1|NO|iop|regional|democracy|/Statsforvalteren|1|\n"
	    "m|no:net:01JG0000000000000000000003|SE|1|||||\n"
	    "o|0|NO|foundation|||4601|1|\n"
	    "o|0|NO|region||||1|\n"
	    "o|1|NO|foundation|democracy||4601|1|\n"
	    "o|1|NO|region|integration|||1|\n"
	    "p|NO|4601|Bergen|1||||\n");
	free(kept);

	/* the operator's repair: everything of NO goes */
	assert_int_equal(store_origin_reset(f->s, "NO", &dropped, &err), 0);
	assert_int_equal(dropped, NENT);
	kept = check_against_records(f);
	assert_string_equal(kept, "");
	free(kept);
	for (i = 0; i < NENT; i++)
		entry_clear(&e[i]);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(
		    test_kept_counts_follow_every_writer_of_records, setup,
		    teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
