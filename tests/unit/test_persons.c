/*
 * test_persons: contact persons as personal data in the store
 * (node/store_local.c): consent, erasure with the organisation (in its
 * transaction, and not when that transaction fails), access and erasure
 * by e-mail address, the retention sweep, and that erased values leave
 * no bytes in the database's files once scrubbed.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>
#include <sodium.h>

#include "entry.h"
#include "keys.h"
#include "record.h"
#include "store.h"
#include "writer.h"
#include "store_fixture.h"

#define DAY_MS (86400LL * 1000)

static int
setup(void **state)
{
	return fx_setup(state, "persons");
}

static void
org(struct fx *f, const char *name, char id[RECORD_ID_MAX])
{
	struct writer_result r;
	struct nferr err;
	json_t *b = json_pack("{s:s, s:s, s:s}", "name", name, "classification",
	    "association", "country", "SE");

	nferr_clear(&err);
	if (writer_submit(f->w, OP_PUT, REC_ORGANISATION, NULL, b, &r, &err))
		fail_msg("org: %s %s", err.code, err.msg);
	memcpy(id, r.id, RECORD_ID_MAX);
	json_decref(b);
}

static void
person(struct fx *f, const char *org_id, const char *name, const char *email,
    char id[STORE_PERSON_ID_MAX])
{
	struct store_person p;
	struct nferr err;

	memset(&p, 0, sizeof(p));
	p.org_id = org_id;
	p.name = name;
	p.email = email;
	p.phone = "+46 70 000 00 00";
	nferr_clear(&err);
	if (store_person_put(f->s, &p, id, &err) != 0)
		fail_msg("person: %s %s %s", err.code, err.field, err.msg);
}

static int64_t
count(struct fx *f, const char *org_id)
{
	struct nferr err;
	int64_t n = -1;

	assert_int_equal(store_person_count_for_org(f->s, org_id, &n, &err), 0);
	return n;
}

/* 1 when needle occurs in the database file or its WAL. */
static int
in_files(struct fx *f, const char *needle)
{
	const char *suffix[] = { "", "-wal", "-shm" };
	char p[160], *buf;
	size_t i, n, len = strlen(needle);
	FILE *fp;
	long sz;
	int hit = 0;

	for (i = 0; i < 3 && !hit; i++) {
		snprintf(p, sizeof(p), "%s%s", f->path, suffix[i]);
		if ((fp = fopen(p, "rb")) == NULL)
			continue;
		fseek(fp, 0, SEEK_END);
		sz = ftell(fp);
		rewind(fp);
		buf = malloc((size_t)sz + 1);
		assert_non_null(buf);
		n = fread(buf, 1, (size_t)sz, fp);
		fclose(fp);
		hit = memmem(buf, n, needle, len) != NULL;
		free(buf);
	}
	return hit;
}

/* ---- consent -------------------------------------------------------------- */

static void
test_consent(void **state)
{
	struct fx *f = *state;
	char o[RECORD_ID_MAX], id[STORE_PERSON_ID_MAX];
	struct store_person p;
	struct nferr err;
	json_t *got;

	org(f, "Samtyckesföreningen", o);
	memset(&p, 0, sizeof(p));
	p.org_id = o;
	p.name = "Petra Publik";
	p.public = 1;
	nferr_clear(&err);
	/* public needs the date of consent, a real one, not in the future */
	assert_int_equal(store_person_put(f->s, &p, id, &err), -1);
	assert_string_equal(err.field, "/public_consent");
	p.public_consent = "2024-02-30";
	assert_int_equal(store_person_put(f->s, &p, id, &err), -1);
	p.public_consent = "2024-02-03T10:00:00Z";
	assert_int_equal(store_person_put(f->s, &p, id, &err), -1);
	p.public_consent = "2999-01-01";
	assert_int_equal(store_person_put(f->s, &p, id, &err), -1);
	assert_null(strstr(err.msg, "Petra"));
	assert_int_equal(count(f, o), 0);
	p.public_consent = "2024-02-03";
	assert_int_equal(store_person_put(f->s, &p, id, &err), 0);
	assert_int_equal(store_person_get(f->s, id, &got, &err), 0);
	assert_true(json_is_true(json_object_get(got, "public")));
	assert_string_equal(json_string_value(json_object_get(got,
	    "public_consent")), "2024-02-03");
	json_decref(got);
	/* a date without public is refused; withdrawn consent has none */
	p.id = id;
	p.public = 0;
	assert_int_equal(store_person_put(f->s, &p, NULL, &err), -1);
	assert_string_equal(err.code, "bad_value");
	p.public_consent = NULL;
	assert_int_equal(store_person_put(f->s, &p, NULL, &err), 0);
	assert_int_equal(store_person_get(f->s, id, &got, &err), 0);
	assert_true(json_is_false(json_object_get(got, "public")));
	assert_true(json_is_null(json_object_get(got, "public_consent")));
	json_decref(got);
}

/* ---- erasure with the organisation ----------------------------------------- */

static void
sign_one(struct fx *f, struct nf_entry *e, uint64_t seq,
    const unsigned char prev[ENTRY_HASH_LEN], enum entry_op op,
    const char *id)
{
	struct nferr err;

	entry_init(e);
	memcpy(e->origin, "SE", 3);
	e->seq = seq;
	memcpy(e->prev, prev, ENTRY_HASH_LEN);
	entry_ts_format(1764000000000LL, e->ts);
	e->op = op;
	e->type = REC_ORGANISATION;
	snprintf(e->id, sizeof(e->id), "%s", id);
	assert_int_equal(entry_sign(e, &f->key, &err), 0);
}

static void
test_org_delete_erases_in_its_transaction(void **state)
{
	struct fx *f = *state;
	char a[RECORD_ID_MAX], b[RECORD_ID_MAX], id[STORE_PERSON_ID_MAX];
	unsigned char head[ENTRY_HASH_LEN], zero[ENTRY_HASH_LEN] = { 0 };
	struct writer_result r;
	struct nf_entry e[2];
	struct nferr err;
	uint64_t seq;

	org(f, "Stannar kvar", a);
	org(f, "Läggs ned", b);
	person(f, a, "Stina Kvar", "stina@example.se", id);
	person(f, b, "Gunnar Borta", "gunnar.borta@example.se", id);
	person(f, b, "Greta Borta", "greta.borta@example.se", id);
	assert_int_equal(count(f, b), 2);
	/* a batch whose second entry breaks the chain: the delete is rolled
	 * back, and the persons with it */
	assert_int_equal(store_head(f->s, "SE", &seq, head, &err), 0);
	sign_one(f, &e[0], seq + 1, head, OP_DELETE, b);
	sign_one(f, &e[1], seq + 2, zero, OP_DELETE, a);
	assert_int_equal(store_append_local(f->s, e, 2, &err), -1);
	assert_string_equal(err.code, "chain");
	entry_clear(&e[0]);
	entry_clear(&e[1]);
	assert_int_equal(count(f, b), 2);
	/* the delete through the writer: gone in the same commit */
	nferr_clear(&err);
	assert_int_equal(writer_submit(f->w, OP_DELETE, REC_ORGANISATION, b,
	    NULL, &r, &err), 0);
	assert_int_equal(count(f, b), 0);
	assert_int_equal(count(f, a), 1);
	assert_false(store_local_scrub_owed(f->s));
	assert_false(in_files(f, "gunnar.borta@example.se"));
	assert_false(in_files(f, "Greta Borta"));
	assert_true(in_files(f, "stina@example.se"));
}

/* ---- access and erasure by address ---------------------------------------- */

static void
test_find_and_erase_by_email(void **state)
{
	struct fx *f = *state;
	char a[RECORD_ID_MAX], b[RECORD_ID_MAX], id[STORE_PERSON_ID_MAX];
	struct nferr err;
	json_t *got;
	int64_t n;
	int done;

	org(f, "Förening A", a);
	org(f, "Förening B", b);
	person(f, a, "Ebba Ek", "Ebba.Ek@Example.se", id);
	person(f, b, "Ebba Ek", "ebba.ek@example.se", id);
	person(f, b, "Erik Ek", "erik.ek@example.se", id);
	assert_int_equal(store_persons_find_email(f->s, "EBBA.EK@EXAMPLE.SE",
	    &got, &err), 0);
	assert_int_equal(json_array_size(got), 2);
	json_decref(got);
	/* nothing held: an empty array, not an error */
	assert_int_equal(store_persons_find_email(f->s, "nobody@example.se",
	    &got, &err), 0);
	assert_int_equal(json_array_size(got), 0);
	json_decref(got);
	/* bad input: refused, and not echoed */
	nferr_clear(&err);
	assert_int_equal(store_persons_find_email(f->s, "no-at-sign", &got,
	    &err), -1);
	assert_string_equal(err.code, "bad_value");
	assert_null(strstr(err.msg, "no-at-sign"));
	assert_int_equal(store_persons_erase_email(f->s, "a\n@b.se", &n, &err),
	    -1);
	assert_true(in_files(f, "Ebba.Ek@Example.se"));
	assert_int_equal(store_persons_erase_email(f->s, "ebba.ek@example.se",
	    &n, &err), 0);
	assert_int_equal(n, 2);
	assert_true(store_local_scrub_owed(f->s));
	assert_int_equal(store_local_scrub(f->s, 0, &done, &err), 0);
	assert_int_equal(done, 1);
	assert_false(store_local_scrub_owed(f->s));
	assert_false(in_files(f, "Ebba.Ek@Example.se"));
	assert_false(in_files(f, "ebba.ek@example.se"));
	assert_false(in_files(f, "Ebba Ek"));
	assert_true(in_files(f, "erik.ek@example.se"));
	assert_int_equal(count(f, b), 1);
}

/* Many persons written, rewritten and erased among other writes: none of
 * the erased or overwritten values is left in any page, free page or the
 * WAL once scrubbed (secure_delete and the TRUNCATE checkpoint). */
static void
test_no_trace_after_many_writes(void **state)
{
	struct fx *f = *state;
	char orgs[8][RECORD_ID_MAX], ids[240][STORE_PERSON_ID_MAX];
	char email[64], name[64], old[RECORD_ID_MAX];
	struct store_person p;
	struct nferr err;
	json_t *got;
	int64_t n;
	int i, done;

	for (i = 0; i < 8; i++) {
		snprintf(name, sizeof(name), "Förening %d", i);
		org(f, name, orgs[i]);
	}
	for (i = 0; i < 240; i++) {
		snprintf(email, sizeof(email), "person%03d@example.se", i);
		snprintf(name, sizeof(name), "Namn%03d Efternamn", i);
		person(f, orgs[i % 8], name, email, ids[i]);
		if (i % 20 == 0) {
			/* record writes in between: a new organisation takes
			 * the slot (the old one and its persons stay) */
			snprintf(name, sizeof(name), "Förening %d v%d", i % 8, i);
			org(f, name, orgs[i % 8]);
		}
	}
	/* every fifth person's address is replaced: the old one goes */
	for (i = 0; i < 240; i += 5) {
		memset(&p, 0, sizeof(p));
		snprintf(email, sizeof(email), "new-and-longer-%03d@example.se", i);
		snprintf(name, sizeof(name), "Namn%03d Efternamn", i);
		p.id = ids[i];
		p.name = name;
		p.email = email;
		assert_int_equal(store_person_get(f->s, ids[i], &got, &err), 0);
		snprintf(old, sizeof(old), "%s", json_string_value(
		    json_object_get(got, "organisation")));
		json_decref(got);
		p.org_id = old;
		assert_int_equal(store_person_put(f->s, &p, NULL, &err), 0);
	}
	/* every third is erased */
	for (i = 0; i < 240; i += 3) {
		snprintf(email, sizeof(email), i % 5 == 0 ?
		    "new-and-longer-%03d@example.se" : "person%03d@example.se", i);
		assert_int_equal(store_persons_erase_email(f->s, email, &n, &err),
		    0);
		assert_int_equal(n, 1);
	}
	assert_int_equal(store_local_scrub(f->s, 0, &done, &err), 0);
	assert_int_equal(done, 1);
	for (i = 0; i < 240; i++) {
		snprintf(email, sizeof(email), "person%03d@example.se", i);
		if (i % 5 == 0 && in_files(f, email))
			fail_msg("the replaced address %s is still in the files",
			    email);
		if (i % 3 == 0 && in_files(f, email))
			fail_msg("the erased address %s is still in the files",
			    email);
		if (i % 3 != 0 && i % 5 != 0 && !in_files(f, email))
			fail_msg("%s, never erased, is not in the files", email);
		snprintf(name, sizeof(name), "Namn%03d Efternamn", i);
		if (i % 3 == 0 && in_files(f, name))
			fail_msg("the erased name %s is still in the files", name);
	}
}

/* ---- the retention sweep ---------------------------------------------------- */

static void
test_sweep(void **state)
{
	struct fx *f = *state;
	char a[RECORD_ID_MAX], b[RECORD_ID_MAX], id[STORE_PERSON_ID_MAX];
	struct writer_result r;
	struct nferr err;
	int64_t orphans, aged, now = now_ms();
	json_t *got;

	org(f, "Kvar", a);
	org(f, "Borta", b);
	person(f, a, "Ada Kvar", "ada@example.se", id);
	nferr_clear(&err);
	assert_int_equal(store_persons_sweep(f->s, now, 0, &orphans, &aged,
	    &err), 0);
	assert_int_equal(orphans + aged, 0);
	assert_false(store_local_scrub_owed(f->s));
	assert_int_equal(store_persons_sweep(f->s, now, -1, &orphans, &aged,
	    &err), -1);
	/* written now: kept for 30 days, not 31 */
	assert_int_equal(store_person_get(f->s, id, &got, &err), 0);
	json_decref(got);
	assert_int_equal(writer_submit(f->w, OP_DELETE, REC_ORGANISATION, b,
	    NULL, &r, &err), 0);
	assert_int_equal(store_persons_sweep(f->s, now_ms(),
	    30 * DAY_MS, &orphans, &aged, &err), 0);
	assert_int_equal(aged, 0);
	assert_int_equal(store_persons_sweep(f->s, now_ms() +
	    31 * DAY_MS, 30 * DAY_MS, &orphans, &aged, &err), 0);
	assert_int_equal(orphans, 0);
	assert_int_equal(aged, 1);
	assert_true(store_local_scrub_owed(f->s));
	assert_int_equal(count(f, a), 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_consent, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_org_delete_erases_in_its_transaction, setup, teardown),
		cmocka_unit_test_setup_teardown(test_find_and_erase_by_email,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_no_trace_after_many_writes,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_sweep, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
