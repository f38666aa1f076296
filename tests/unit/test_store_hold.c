/*
 * test_store_hold: a peer's apply held open between its log pages
 * (store_remote_hold, docs/storage.md "Catch-up: several pages a
 * transaction"): the connection sees the held entries, a second
 * connection (what a crash would leave) does not; the same peer takes it
 * up again, and whatever else writes, store_held_commit, a rollback and
 * store_close end it as they should.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>
#include <sqlite3.h>

#include "entry.h"
#include "keys.h"
#include "record.h"
#include "store.h"
#include "writer.h"
#include "store_fixture.h"

#define NENT 8

static int
setup(void **state)
{
	return fx_setup(state, "store-hold");
}

/* NENT signed entries of NO, one organisation each. */
static void
make_entries(struct nf_entry *e)
{
	unsigned char zero[ENTRY_HASH_LEN] = { 0 };
	struct nf_key nk;
	struct nferr err;
	char buf[256];
	json_t *body;
	int i;

	assert_int_equal(keys_generate(&nk), 0);
	for (i = 0; i < NENT; i++) {
		entry_init(&e[i]);
		memcpy(e[i].origin, "NO", 3);
		e[i].seq = (uint64_t)i + 1;
		memcpy(e[i].prev, i ? e[i - 1].hash : zero, ENTRY_HASH_LEN);
		entry_ts_format(1764000000000LL + i, e[i].ts);
		e[i].op = OP_PUT;
		e[i].type = REC_ORGANISATION;
		snprintf(e[i].id, sizeof(e[i].id),
		    "no:org:01JG00000000000000000000%02d", i);
		snprintf(buf, sizeof(buf), "{\"name\":\"Bergen %d\","
		    "\"classification\":\"association\",\"country\":\"NO\"}",
		    i);
		body = json_loads(buf, 0, NULL);
		assert_non_null(body);
		e[i].body = body;
		assert_int_equal(entry_sign(&e[i], &nk, &err), 0);
		json_decref(body);	/* as test_store.c: the entry keeps its own */
	}
	keys_wipe(&nk);
}

/* Entries and the cursor of peer no-node as committed: what a second
 * connection (or the node after a crash) reads. */
static void
committed(struct fx *f, int *entries, int *cursor)
{
	sqlite3 *db;
	sqlite3_stmt *q;

	assert_int_equal(sqlite3_open_v2(f->path, &db, SQLITE_OPEN_READONLY,
	    NULL), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(db, "SELECT count(*) FROM entries",
	    -1, &q, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(q), SQLITE_ROW);
	*entries = sqlite3_column_int(q, 0);
	sqlite3_finalize(q);
	assert_int_equal(sqlite3_prepare_v2(db, "SELECT coalesce(max(seq), 0) "
	    "FROM peer_cursors WHERE peer = 'no-node'", -1, &q, NULL),
	    SQLITE_OK);
	assert_int_equal(sqlite3_step(q), SQLITE_ROW);
	*cursor = sqlite3_column_int(q, 0);
	sqlite3_finalize(q);
	sqlite3_close(db);
}

static void
apply_held(struct fx *f, struct nf_entry *e, size_t n)
{
	struct nferr err;
	size_t i;

	if (!store_remote_resume(f->s, "no-node"))
		assert_int_equal(store_remote_begin(f->s, &err), 0);
	for (i = 0; i < n; i++)
		assert_int_equal(store_remote_apply(f->s, &e[i], NULL, 0, &err),
		    0);
	assert_int_equal(store_remote_hold(f->s, "no-node", &err), 0);
	assert_string_equal(store_remote_held(f->s), "no-node");
}

static uint64_t
head_of(struct fx *f)
{
	unsigned char h[ENTRY_HASH_LEN];
	struct nferr err;
	uint64_t seq;

	assert_int_equal(store_head(f->s, "NO", &seq, h, &err), 0);
	return seq;
}

static void
test_hold(void **state)
{
	struct fx *f = *state;
	struct nf_entry e[NENT];
	struct writer_result r;
	struct nferr err;
	json_t *heads, *got;
	int n, cur, i;

	make_entries(e);
	/* two pages held: seen here, not committed */
	apply_held(f, e, 2);
	assert_int_equal(head_of(f), 2);
	assert_int_equal(store_heads(f->s, &heads, &err), 0);
	assert_null(json_object_get(heads, "NO"));	/* committed heads */
	json_decref(heads);
	committed(f, &n, &cur);
	assert_int_equal(n, 0);
	assert_int_equal(cur, 0);
	/* another peer does not take it up; the same one does */
	assert_int_equal(store_remote_resume(f->s, "other"), 0);
	apply_held(f, &e[2], 1);
	assert_int_equal(head_of(f), 3);
	/* reads see it */
	assert_int_equal(store_read_begin(f->s, &err), 0);
	assert_int_equal(store_record_get(f->s, e[2].id, &got, &err), 0);
	assert_string_equal(json_string_value(json_object_get(json_object_get(
	    got, "body"), "name")), "Bergen 2");
	json_decref(got);
	committed(f, &n, &cur);
	assert_int_equal(n, 0);
	/* a local write commits it first, with the peer's cursor */
	got = json_pack("{s:s, s:s, s:s}", "name", "Malmö", "classification",
	    "association", "country", "SE");
	assert_int_equal(writer_submit(f->w, OP_PUT, REC_ORGANISATION, NULL,
	    got, &r, &err), 0);
	json_decref(got);
	assert_null(store_remote_held(f->s));
	committed(f, &n, &cur);
	assert_int_equal(n, 3 + 1);
	assert_int_equal(cur, 3);
	/* store_held_commit */
	apply_held(f, &e[3], 1);
	assert_int_equal(store_held_commit(f->s, &err), 0);
	assert_null(store_remote_held(f->s));
	committed(f, &n, &cur);
	assert_int_equal(cur, 4);
	/* an abort drops a held apply whole */
	apply_held(f, &e[4], 1);
	store_remote_abort(f->s);
	assert_null(store_remote_held(f->s));
	assert_int_equal(head_of(f), 4);
	committed(f, &n, &cur);
	assert_int_equal(n, 4 + 1);
	assert_int_equal(cur, 4);
	/* another peer's apply commits it first, each with its cursor */
	apply_held(f, &e[4], 1);
	assert_int_equal(store_apply_remote(f->s, &e[5], 1, "other", &err), 0);
	assert_null(store_remote_held(f->s));
	committed(f, &n, &cur);
	assert_int_equal(n, 6 + 1);
	assert_int_equal(cur, 5);
	/* a bad peer name rolls it back */
	assert_int_equal(store_remote_begin(f->s, &err), 0);
	assert_int_equal(store_remote_apply(f->s, &e[6], NULL, 0, &err), 0);
	assert_int_equal(store_remote_hold(f->s, "", &err), -1);
	assert_null(store_remote_held(f->s));
	assert_int_equal(head_of(f), 6);
	/* store_close commits it (a clean shutdown keeps what was pulled) */
	apply_held(f, &e[6], 2);
	writer_free(f->w);
	store_close(f->s);
	f->w = NULL;
	assert_int_equal(store_open(f->path, "SE", &f->s, &err), 0);
	f->w = writer_new(f->s, &f->key, "SE", &err);
	assert_non_null(f->w);
	assert_int_equal(head_of(f), 8);
	committed(f, &n, &cur);
	assert_int_equal(cur, 8);
	assert_int_equal(store_held_lost(f->s, NULL, 0), 0);
	for (i = 0; i < NENT; i++)
		entry_clear(&e[i]);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_hold, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
