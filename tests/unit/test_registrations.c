/*
 * test_registrations: registrations for a meeting in the store
 * (node/store_registrations.c): one per address, seats per organisation,
 * the waiting list past the capacity and its moving up on a cancellation
 * (oldest first) or a larger capacity, counts, join links, erasure by
 * address leaving no bytes in the database's files, and the sweep's
 * erasure of a meeting's registrations.
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
#include "store_registrations.h"
#include "writer.h"
#include "store_fixture.h"

#define MIN_MS (60LL * 1000)

static int
setup(void **state)
{
	return fx_setup(state, "registrations");
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


static void
hash_of(const char *secret, unsigned char h[STORE_REG_HASH_LEN])
{
	crypto_generichash(h, STORE_REG_HASH_LEN, (const unsigned char *)secret,
	    strlen(secret), NULL, 0);
}

#define MEET "se:meet:01JD3K6QWZ8M4T5V7X9Y0A1B2C"

static int
reg(struct fx *f, const char *org_id, const char *name, const char *email,
    const struct store_reg_rules *rules, const char *secret,
    struct store_reg *out, struct nferr *err)
{
	unsigned char h[STORE_REG_HASH_LEN];
	static int64_t t;

	hash_of(secret, h);
	nferr_clear(err);
	return store_registration_add(f->s, MEET, org_id, name, email, rules, h,
	    now_ms() + ++t, out, err);
}

static struct store_reg_rules cancel_rules;

static int
rules_of(void *arg, const char *meeting_id, struct store_reg_rules *r)
{
	(void)arg;
	assert_string_equal(meeting_id, MEET);
	*r = cancel_rules;
	return 0;
}

static void
test_seats_capacity_and_the_waiting_list(void **state)
{
	struct fx *f = *state;
	struct store_reg_rules rules = { 2, 3 };
	struct store_reg r, gone, up[STORE_REG_PROMOTED];
	unsigned char h[STORE_REG_HASH_LEN];
	struct nferr err;
	int64_t regd, wait;
	size_t n;
	json_t *list;
	const char *a = "se:org:01JD3K6QWZ8M4T5V7X9Y0A1B2A";
	const char *b = "fi:org:01JD3K6QWZ8M4T5V7X9Y0A1B2B";
	const char *c = "dk:org:01JD3K6QWZ8M4T5V7X9Y0A1B2C";

	assert_int_equal(reg(f, a, "Anna", "anna@example.se", &rules, "s1", &r,
	    &err), 0);
	assert_false(r.waiting);
	assert_int_equal(strncmp(r.id, "se:reg:", 7), 0);
	assert_int_equal(reg(f, a, "Bo", "bo@example.se", &rules, "s2", &r,
	    &err), 0);
	/* the organisation's two seats are taken, waiting or not */
	assert_int_equal(reg(f, a, "Cecilia", "c@example.se", &rules, "s3", &r,
	    &err), -1);
	assert_string_equal(err.code, "seats_taken");
	assert_null(strstr(err.msg, "Cecilia"));
	/* one address once (without case) */
	assert_int_equal(reg(f, b, "Anna B", "ANNA@example.se", &rules, "s4",
	    &r, &err), -1);
	assert_string_equal(err.code, "already_registered");
	assert_int_equal(reg(f, b, "Aino", "aino@example.fi", &rules, "s5", &r,
	    &err), 0);
	assert_false(r.waiting);
	/* the capacity (3) is reached: the next ones wait, in order */
	assert_int_equal(reg(f, b, "Eero", "eero@example.fi", &rules, "s6", &r,
	    &err), 0);
	assert_true(r.waiting);
	assert_int_equal(reg(f, c, "Mette", "mette@example.dk", &rules, "s7", &r,
	    &err), 0);
	assert_true(r.waiting);
	assert_int_equal(store_registration_counts(f->s, MEET, &regd, &wait,
	    &err), 0);
	assert_int_equal(regd, 3);
	assert_int_equal(wait, 2);
	assert_int_equal(store_registration_list(f->s, MEET, &list, &err), 0);
	assert_int_equal(json_array_size(list), 5);
	assert_string_equal(json_string_value(json_object_get(json_array_get(
	    list, 3), "name")), "Eero");
	json_decref(list);
	/* a registered person cancels: the oldest waiting one moves up */
	cancel_rules = rules;
	hash_of("s1", h);
	assert_int_equal(store_registration_cancel(f->s, h, rules_of, NULL,
	    &gone, up, &n, &err), 0);
	assert_string_equal(gone.name, "Anna");
	assert_int_equal(n, 1);
	assert_string_equal(up[0].name, "Eero");
	assert_false(up[0].waiting);
	/* a link works once */
	assert_int_equal(store_registration_cancel(f->s, h, rules_of, NULL,
	    &gone, up, &n, &err), -1);
	assert_string_equal(err.code, "not_found");
	/* a waiting one cancels: nobody moves */
	hash_of("s7", h);
	assert_int_equal(store_registration_cancel(f->s, h, rules_of, NULL,
	    &gone, up, &n, &err), 0);
	assert_int_equal(n, 0);
	assert_int_equal(store_registration_counts(f->s, MEET, &regd, &wait,
	    &err), 0);
	assert_int_equal(regd, 3);
	assert_int_equal(wait, 0);
	/* a larger capacity moves the waiting list up */
	assert_int_equal(reg(f, c, "Mads", "mads@example.dk", &rules, "s8", &r,
	    &err), 0);
	assert_true(r.waiting);
	rules.capacity = 10;
	assert_int_equal(store_registration_promote(f->s, MEET, &rules, up, &n,
	    &err), 0);
	assert_int_equal(n, 1);
	assert_string_equal(up[0].name, "Mads");
	/* refused input changes nothing and echoes nothing */
	assert_int_equal(reg(f, c, "", "x@example.dk", &rules, "s9", &r, &err),
	    -1);
	assert_string_equal(err.field, "/name");
	assert_int_equal(reg(f, c, "X", "no address", &rules, "s9", &r, &err),
	    -1);
	assert_string_equal(err.field, "/email");
	assert_null(strstr(err.msg, "no address"));
}

static void
test_erasure_and_join_links(void **state)
{
	struct fx *f = *state;
	struct store_reg_rules rules = { 0, 0 };
	char url[STORE_REG_LINK_MAX + 1], ids[4][RECORD_ID_MAX];
	struct store_reg r;
	struct nferr err;
	json_t *found;
	int64_t n;
	size_t nm;
	int done;

	assert_int_equal(reg(f, "se:org:01JD3K6QWZ8M4T5V7X9Y0A1B2A", "Zelda "
	    "Quixote-Reg", "Zelda.Quixote@Example.se", &rules, "z1", &r, &err), 0);
	assert_int_equal(reg(f, "se:org:01JD3K6QWZ8M4T5V7X9Y0A1B2A", "Kept "
	    "Person", "kept@example.se", &rules, "k1", &r, &err), 0);
	assert_int_equal(store_local_scrub(f->s, 1, &done, &err), 0);
	assert_true(in_files(f, "Zelda Quixote-Reg"));
	assert_int_equal(store_registrations_find_email(f->s,
	    "zelda.quixote@example.SE", &found, &err), 0);
	assert_int_equal(json_array_size(found), 1);
	json_decref(found);
	assert_int_equal(store_registrations_erase_email(f->s,
	    "zelda.quixote@example.se", &n, ids, 4, &nm, &err), 0);
	assert_int_equal(n, 1);
	assert_int_equal(nm, 1);
	assert_string_equal(ids[0], MEET);
	assert_int_equal(store_local_scrub(f->s, 0, &done, &err), 0);
	assert_int_equal(done, 1);
	assert_false(in_files(f, "Zelda Quixote-Reg"));
	assert_false(in_files(f, "Zelda.Quixote@Example.se"));
	assert_true(in_files(f, "kept@example.se"));

	assert_int_equal(store_meeting_link_get(f->s, MEET, url, &err), 0);
	assert_string_equal(url, "");
	assert_int_equal(store_meeting_link_set(f->s, MEET,
	    "https://zoom.example/j/123", &err), 0);
	assert_int_equal(store_meeting_link_get(f->s, MEET, url, &err), 0);
	assert_string_equal(url, "https://zoom.example/j/123");
	assert_int_equal(store_registration_meetings(f->s, ids, 4, &nm, &err),
	    0);
	assert_int_equal(nm, 1);
	assert_int_equal(store_registrations_erase_meeting(f->s, MEET, &n,
	    &err), 0);
	assert_int_equal(n, 1);
	assert_int_equal(store_meeting_link_get(f->s, MEET, url, &err), 0);
	assert_string_equal(url, "");
	assert_int_equal(store_registration_meetings(f->s, ids, 4, &nm, &err),
	    0);
	assert_int_equal(nm, 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(
		    test_seats_capacity_and_the_waiting_list, setup, teardown),
		cmocka_unit_test_setup_teardown(test_erasure_and_join_links,
		    setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
