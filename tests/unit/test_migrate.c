/*
 * test_migrate: a database made by the schema-1 store (commit b595cf1,
 * tests/vectors/store-schema1/: node.db and what that store showed of
 * it, expected.json) opened by this store: the migrations run, and the
 * store shows the same through its API (tests/unit/store_dump.h). Then
 * the migrated database keeps working: local writes and replicated
 * entries continue the chains, an update and a delete take the migrated
 * search rows out again, and a list cursor given out by schema 1 still
 * pages on.
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
#include <sodium.h>

#include "entry.h"
#include "keys.h"
#include "record.h"
#include "store.h"
#include "writer.h"
#include "store_dump.h"

static const char *const peers[] = { "no-node", "dk-node", "fi-node",
    "is-node", NULL };
static const char *const tokens[] = { "secret-token-1", "wrong-token",
    NULL };

struct fx {
	char dir[64];
	char path[128];
	struct store *s;
	json_t *expected;
};

static int
copy_file(const char *from, const char *to)
{
	char buf[8192];
	FILE *in = fopen(from, "rb"), *out = fopen(to, "wb");
	size_t n;
	int rc = 0;

	if (in == NULL || out == NULL)
		rc = -1;
	while (rc == 0 && (n = fread(buf, 1, sizeof(buf), in)) > 0)
		if (fwrite(buf, 1, n, out) != n)
			rc = -1;
	if (in != NULL)
		fclose(in);
	if (out != NULL && fclose(out) != 0)
		rc = -1;
	return rc;
}

static int
setup(void **state)
{
	const char *vec = getenv("NORDFED_VECTORS");
	struct fx *f = calloc(1, sizeof(*f));
	char src[256];
	json_error_t je;

	assert_non_null(f);
	assert_int_equal(keys_init(), 0);
	if (vec == NULL)
		vec = "tests/vectors";
	snprintf(f->dir, sizeof(f->dir), "/tmp/nf-migrate-XXXXXX");
	assert_non_null(mkdtemp(f->dir));
	snprintf(f->path, sizeof(f->path), "%s/node.db", f->dir);
	snprintf(src, sizeof(src), "%s/store-schema1/node.db", vec);
	if (copy_file(src, f->path) != 0)
		fail_msg("cannot copy the fixture %s", src);
	snprintf(src, sizeof(src), "%s/store-schema1/expected.json", vec);
	if ((f->expected = json_load_file(src, 0, &je)) == NULL)
		fail_msg("%s: %s", src, je.text);
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fx *f = *state;
	char p[160];

	store_close(f->s);
	json_decref(f->expected);
	snprintf(p, sizeof(p), "%s-wal", f->path);
	unlink(p);
	snprintf(p, sizeof(p), "%s-shm", f->path);
	unlink(p);
	unlink(f->path);
	rmdir(f->dir);
	free(f);
	return 0;
}

/* The first difference between two JSON values, for the failure message. */
static void
first_diff(const json_t *a, const json_t *b, char *path, size_t len)
{
	const char *k;
	json_t *v;
	size_t n = strlen(path), i;

	if (json_is_object(a) && json_is_object(b)) {
		json_object_foreach((json_t *)(uintptr_t)a, k, v)
			if (!json_equal(v, json_object_get(b, k))) {
				snprintf(path + n, len - n, "/%s", k);
				first_diff(v, json_object_get(b, k), path, len);
				return;
			}
		json_object_foreach((json_t *)(uintptr_t)b, k, v)
			if (json_object_get(a, k) == NULL) {
				snprintf(path + n, len - n, "/%s (only after)", k);
				return;
			}
	} else if (json_is_array(a) && json_is_array(b) &&
	    json_array_size(a) == json_array_size(b)) {
		for (i = 0; i < json_array_size(a); i++)
			if (!json_equal(json_array_get(a, i),
			    json_array_get(b, i))) {
				snprintf(path + n, len - n, "/%zu", i);
				first_diff(json_array_get(a, i),
				    json_array_get(b, i), path, len);
				return;
			}
	}
}

static json_t *
get(struct fx *f, const char *id)
{
	struct nferr err;
	json_t *r = NULL;

	if (store_record_get(f->s, id, &r, &err) != 0)
		fail_msg("get %s: %s", id, err.msg);
	return r;
}

static size_t
search_n(struct fx *f, const char *q, const char *want_id)
{
	struct nferr err;
	json_t *out, *it;
	size_t i, hit = 0;

	if (store_search(f->s, q, 0, 50, NULL, &out, &err) != 0)
		fail_msg("search %s: %s", q, err.msg);
	json_array_foreach(json_object_get(out, "items"), i, it)
		if (want_id == NULL || strcmp(json_string_value(json_object_get(
		    it, "id")), want_id) == 0)
			hit++;
	json_decref(out);
	return hit;
}

/* The id of the record named name in the expected dump. */
static const char *
id_named(struct fx *f, const char *name)
{
	json_t *recs = json_object_get(f->expected, "records"), *r;
	const char *id;

	json_object_foreach(recs, id, r) {
		json_t *n = json_object_get(json_object_get(r, "body"), "name");

		if (json_is_string(n) && strcmp(json_string_value(n), name) == 0)
			return id;
	}
	fail_msg("no record named %s in the fixture", name);
	return NULL;
}

/*
 * The ids each search found, sorted: the records a search finds are the
 * schema-1 store's, their order is this store's ranking, which has
 * changed since (whole-word matches before prefix-only ones when the
 * prefix pass serves a search: docs/storage.md, "Pages"; test_store.c
 * and tests/integration/test_search*.py check the order).
 */
static void
sort_searches(json_t *d)
{
	json_t *srch = json_object_get(d, "search"), *a, *x, *y;
	const char *k;
	size_t i, j;

	json_object_foreach(srch, k, a)
		for (i = 1; i < json_array_size(a); i++)
			for (j = i; j > 0; j--) {
				x = json_array_get(a, j - 1);
				y = json_array_get(a, j);
				if (strcmp(json_string_value(x),
				    json_string_value(y)) <= 0)
					break;
				json_incref(x);
				json_array_set(a, j - 1, y);
				json_array_set_new(a, j, x);
			}
}

static void
test_migrated_shows_the_same(void **state)
{
	struct fx *f = *state;
	struct nferr err;
	char path[512] = "";
	json_t *d;

	sort_searches(f->expected);

	if (store_open(f->path, "SE", &f->s, &err) != 0)
		fail_msg("open: %s %s", err.code, err.msg);
	assert_int_equal(store_schema_version(f->s), 7); /* 3, accounts (4),
	    registrations (5), the mapping's counts (6, 7) */
	d = store_dump(f->s, peers, tokens);
	sort_searches(d);
	if (!json_equal(d, f->expected)) {
		first_diff(f->expected, d, path, sizeof(path));
		json_dump_file(d, "/tmp/nf-migrate-got.json",
		    JSON_SORT_KEYS | JSON_INDENT(1));
		json_decref(d);
		fail_msg("the migrated store differs at %s (all of it: "
		    "/tmp/nf-migrate-got.json)", path);
	}
	json_decref(d);
	/* and again after a reopen, with nothing left to migrate */
	store_close(f->s);
	f->s = NULL;
	assert_int_equal(store_open(f->path, "SE", &f->s, &err), 0);
	assert_int_equal(store_schema_version(f->s), 7);
	d = store_dump(f->s, peers, tokens);
	sort_searches(d);
	assert_true(json_equal(d, f->expected));
	json_decref(d);
}

/* The mapping's organisation counts (migration 6) as the records show
 * them: each live organisation once per focus area, by classification
 * and area, and the total once each. */
static void
test_migrated_counts(void **state)
{
	struct fx *f = *state;
	struct store_stats_filter none = { 0 };
	struct nferr err;
	json_t *recs = json_object_get(f->expected, "records"), *r, *want, *got;
	json_t *t, *row, *areas, *a;
	const char *id;
	char key[128];
	size_t i, live = 0;

	assert_int_equal(store_open(f->path, "SE", &f->s, &err), 0);
	assert_non_null(want = json_object());
	json_object_foreach(recs, id, r) {
		json_t *b = json_object_get(r, "body");

		if (strcmp(json_string_value(json_object_get(r, "type")),
		    "organisation") != 0 || json_is_true(json_object_get(r,
		    "deleted")))
			continue;
		live++;
		areas = json_object_get(b, "focus_areas");
		for (i = 0; i < (json_array_size(areas) ? json_array_size(areas)
		    : 1); i++) {
			a = json_array_get(areas, i);
			snprintf(key, sizeof(key), "%s/%s", json_string_value(
			    json_object_get(b, "classification")),
			    a ? json_string_value(a) : "-");
			json_object_set_new(want, key, json_integer(
			    json_integer_value(json_object_get(want, key)) + 1));
		}
	}
	assert_true(live > 0);
	assert_int_equal(store_stats(f->s, &none, 1u << STORE_STATS_ORGS,
	    (1u << store_stats_column(STORE_STATS_ORGS, "classification")) |
	    (1u << store_stats_column(STORE_STATS_ORGS, "area")), &got, &err),
	    0);
	t = json_object_get(got, "organisations");
	assert_int_equal(json_integer_value(json_object_get(t, "total")), live);
	json_array_foreach(json_object_get(t, "rows"), i, row) {
		a = json_array_get(row, 1);
		snprintf(key, sizeof(key), "%s/%s",
		    json_string_value(json_array_get(row, 0)),
		    json_is_null(a) ? "-" : json_string_value(a));
		assert_int_equal(json_integer_value(json_array_get(row, 2)),
		    json_integer_value(json_object_get(want, key)));
		json_object_del(want, key);
	}
	assert_int_equal(json_object_size(want), 0);   /* none missing */
	json_decref(got);
	json_decref(want);
}

static void
test_migrated_keeps_working(void **state)
{
	struct fx *f = *state;
	const char *gbg, *oslo;
	struct writer_result r;
	struct nf_key k;
	struct writer *w;
	struct nf_entry e, log[32];
	struct nferr err;
	json_t *body, *rec;
	unsigned char head[ENTRY_HASH_LEN];
	uint64_t seq, before;
	size_t n, i;

	assert_int_equal(store_open(f->path, "SE", &f->s, &err), 0);
	gbg = id_named(f, "Göteborgs Stadsmission");
	oslo = id_named(f, "Oslo frivilligsentral og kulturhus");
	assert_int_equal(search_n(f, "stadsmission", gbg), 1);
	/* the persons (migration 2 made them not public), and the sweep
	 * keeps those of this node's live organisations */
	assert_int_equal(store_person_list_for_org(f->s, gbg, &rec, &err), 0);
	assert_int_equal(json_array_size(rec), 2);
	for (i = 0; i < 2; i++) {
		assert_true(json_is_false(json_object_get(json_array_get(rec, i),
		    "public")));
		assert_true(json_is_null(json_object_get(json_array_get(rec, i),
		    "public_consent")));
	}
	json_decref(rec);
	{
		int64_t orphans = -1, aged = -1;

		assert_int_equal(store_persons_sweep(f->s, 1767225600000LL, 0,
		    &orphans, &aged, &err), 0);
		assert_int_equal(orphans, 0);
	}
	/* a local update: the migrated search row goes, the new one comes */
	assert_int_equal(keys_generate(&k), 0);
	assert_non_null(w = writer_new(f->s, &k, "SE", &err));
	before = writer_seq(w);
	body = json_pack("{s:s, s:s, s:s, s:[s]}", "name", "Stadens hjälp",
	    "classification", "association", "country", "SE", "focus_areas",
	    "culture");
	assert_int_equal(writer_submit(w, OP_PUT, REC_ORGANISATION, gbg, body,
	    &r, &err), 0);
	json_decref(body);
	assert_int_equal(r.seq, before + 1);
	assert_int_equal(search_n(f, "stadsmission", gbg), 0);
	assert_int_equal(search_n(f, "hjalp", gbg), 1);
	assert_int_equal(search_n(f, "stadens", gbg), 1);
	rec = get(f, gbg);
	assert_string_equal(json_string_value(json_object_get(json_object_get(
	    rec, "body"), "name")), "Stadens hjälp");
	json_decref(rec);
	/* the old entry of the record is pruned now, the new one has it */
	assert_int_equal(store_log_read(f->s, "SE", 0, 32, log, &n, &err), 0);
	assert_int_equal(n, before + 1);
	for (i = 0; i < n; i++) {
		if (strcmp(log[i].id, gbg) == 0)
			assert_true((log[i].body != NULL) == (i == n - 1));
		if (i > 0)
			assert_memory_equal(log[i].prev, log[i - 1].hash,
			    ENTRY_HASH_LEN);
	}
	for (i = 0; i < n; i++)
		entry_clear(&log[i]);
	/* a local delete of a migrated record */
	assert_int_equal(writer_submit(w, OP_DELETE, REC_ORGANISATION, gbg,
	    NULL, &r, &err), 0);
	assert_int_equal(search_n(f, "stadens", NULL), 0);
	rec = get(f, gbg);
	assert_true(json_is_true(json_object_get(rec, "deleted")));
	json_decref(rec);
	/* its contact persons went with it */
	assert_int_equal(store_person_list_for_org(f->s, gbg, &rec, &err), 0);
	assert_int_equal(json_array_size(rec), 0);
	json_decref(rec);
	writer_free(w);
	keys_wipe(&k);

	/* a replicated entry continues NO's migrated chain */
	assert_int_equal(store_head(f->s, "NO", &seq, head, &err), 0);
	assert_int_equal(seq, 5);
	assert_int_equal(keys_generate(&k), 0);
	entry_init(&e);
	memcpy(e.origin, "NO", 3);
	e.seq = 6;
	memcpy(e.prev, head, ENTRY_HASH_LEN);
	entry_ts_format(1764000009000LL, e.ts);
	e.op = OP_PUT;
	e.type = REC_ORGANISATION;
	snprintf(e.id, sizeof(e.id), "%s", oslo);
	e.body = json_pack("{s:s, s:s, s:s}", "name", "Oslo sentrum",
	    "classification", "association", "country", "NO");
	assert_int_equal(entry_sign(&e, &k, &err), 0);
	json_decref(e.body);
	assert_int_equal(store_apply_remote(f->s, &e, 1, "no-node", &err), 0);
	entry_clear(&e);
	keys_wipe(&k);
	assert_int_equal(search_n(f, "frivilligsentral", NULL), 0);
	assert_int_equal(search_n(f, "sentrum", oslo), 1);
	assert_int_equal(store_cursor_get(f->s, "no-node", "NO", &seq, &err), 0);
	assert_int_equal(seq, 6);
	/* every entry still reads back, with its header */
	assert_int_equal(store_log_read(f->s, "NO", 0, 32, log, &n, &err), 0);
	assert_int_equal(n, 6);
	for (i = 0; i < n; i++) {
		assert_non_null(log[i].header);
		entry_clear(&log[i]);
	}
}

static void
test_schema1_cursor(void **state)
{
	struct fx *f = *state;
	json_t *all = json_object_get(json_object_get(f->expected, "lists"),
	    "organisation"), *page, *rec;
	unsigned char bin[512];
	char cur[1024];
	const char *third;
	struct store_filter flt;
	struct nferr err;
	size_t a, b;

	assert_int_equal(store_open(f->path, "SE", &f->s, &err), 0);
	assert_true(json_array_size(all) > 4);
	/* what schema 1 gave out after the third organisation: sort key,
	 * NUL, id */
	third = json_string_value(json_array_get(all, 2));
	rec = get(f, third);
	{
		char key[256];

		store_fold(json_string_value(json_object_get(json_object_get(rec,
		    "body"), "name")), key, sizeof(key));
		a = strlen(key);
		b = strlen(third);
		memcpy(bin, key, a);
		bin[a] = '\0';
		memcpy(bin + a + 1, third, b);
	}
	json_decref(rec);
	sodium_bin2base64(cur, sizeof(cur), bin, a + 1 + b,
	    sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	memset(&flt, 0, sizeof(flt));
	flt.type = REC_ORGANISATION;
	flt.cursor = cur;
	flt.limit = 2;
	assert_int_equal(store_list(f->s, &flt, &page, &err), 0);
	assert_true(json_equal(json_object_get(json_array_get(json_object_get(
	    page, "items"), 0), "id"), json_array_get(all, 3)));
	assert_true(json_equal(json_object_get(json_array_get(json_object_get(
	    page, "items"), 1), "id"), json_array_get(all, 4)));
	json_decref(page);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_migrated_shows_the_same,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_migrated_counts, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_migrated_keeps_working,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_schema1_cursor, setup,
		    teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
