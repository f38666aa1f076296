/*
 * test_accounts: organisation accounts in the store (node/store_accounts.c):
 * one account per organisation and address, links that work once and
 * expire, sessions that expire and end with their account, the access
 * and erasure requests by address, the retention sweep (expired sessions
 * and links, accounts of organisations gone, invitations never used, idle
 * accounts), and that an erased address leaves no bytes in the
 * database's files once scrubbed.
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
#include "store_accounts.h"
#include "writer.h"
#include "store_fixture.h"

#define MIN_MS (60LL * 1000)

static int
setup(void **state)
{
	return fx_setup(state, "accounts");
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
account(struct fx *f, const char *org_id, const char *email,
    char id[STORE_ACCOUNT_ID_MAX], int want_created)
{
	struct nferr err;
	int created = -1;

	nferr_clear(&err);
	if (store_account_add(f->s, org_id, email, id, &created, &err) != 0)
		fail_msg("account: %s %s", err.code, err.msg);
	assert_int_equal(created, want_created);
	assert_int_equal(record_account_id_parse(id, NULL), 0);
}

static void
secret_hash(const char *secret, unsigned char h[STORE_ACCOUNT_HASH_LEN])
{
	crypto_generichash(h, STORE_ACCOUNT_HASH_LEN,
	    (const unsigned char *)secret, strlen(secret), NULL, 0);
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

/* ---- tests ---------------------------------------------------------------- */

static void
test_one_account_per_org_and_address(void **state)
{
	struct fx *f = *state;
	char a[RECORD_ID_MAX], b[RECORD_ID_MAX], x[STORE_ACCOUNT_ID_MAX],
	    y[STORE_ACCOUNT_ID_MAX], z[STORE_ACCOUNT_ID_MAX],
	    o[RECORD_ID_MAX];
	struct nferr err;
	json_t *got, *list;
	int created;

	org(f, "Språkcafé Göteborg", a);
	org(f, "Läsfrämjandet", b);
	account(f, a, "Anna.Berg@example.se", x, 1);
	account(f, a, "anna.berg@EXAMPLE.se", y, 0);
	assert_string_equal(x, y);
	account(f, b, "anna.berg@example.se", z, 1);
	assert_string_not_equal(x, z);
	assert_int_equal(strncmp(x, "se:acct:", 8), 0);

	assert_int_equal(store_account_org(f->s, x, o, &err), 0);
	assert_string_equal(o, a);
	assert_int_equal(store_account_get(f->s, x, &got, &err), 0);
	assert_string_equal(json_string_value(json_object_get(got, "email")),
	    "Anna.Berg@example.se");
	assert_true(json_is_null(json_object_get(got, "signed_in")));
	json_decref(got);
	assert_int_equal(store_account_list(f->s, a, &list, &err), 0);
	assert_int_equal(json_array_size(list), 1);
	json_decref(list);
	assert_int_equal(store_account_list(f->s, NULL, &list, &err), 0);
	assert_int_equal(json_array_size(list), 2);
	json_decref(list);

	/* refused: not a live organisation of this node, a bad address */
	assert_int_equal(store_account_add(f->s, "no:org:01JD3K6QWZ8M4T5V7X9Y0A1B2C",
	    "a@example.no", y, &created, &err), -1);
	assert_string_equal(err.code, "bad_value");
	assert_string_equal(err.field, "/organisation");
	assert_int_equal(store_account_add(f->s, a, "not an address", y,
	    &created, &err), -1);
	assert_string_equal(err.field, "/email");
	assert_null(strstr(err.msg, "not an address"));
	assert_int_equal(store_account_add(f->s, a, "a@b\r\nBcc: c@d", y,
	    &created, &err), -1);
	assert_int_equal(store_account_get(f->s, "se:acct:0000000000000000000000000A",
	    &got, &err), -1);
	assert_string_equal(err.code, "not_found");
}

static void
test_links_work_once_and_expire(void **state)
{
	struct fx *f = *state;
	char a[RECORD_ID_MAX], x[STORE_ACCOUNT_ID_MAX], got[STORE_ACCOUNT_ID_MAX];
	unsigned char h1[32], h2[32], h[32];
	struct nferr err;
	int64_t now = now_ms(), last;
	char sec[32];
	int i;

	org(f, "Föreningen Vävstugan", a);
	account(f, a, "vav@example.se", x, 1);
	secret_hash("first secret", h1);
	secret_hash("second secret", h2);
	assert_int_equal(store_account_link_last(f->s, x, &last, &err), 0);
	assert_int_equal(last, 0);
	assert_int_equal(store_account_link_add(f->s, x, h1, 1, now,
	    now + MIN_MS, &err), 0);
	assert_int_equal(store_account_link_add(f->s, x, h2, 0, now + 1,
	    now + 2, &err), 0);
	assert_int_equal(store_account_link_last(f->s, x, &last, &err), 0);
	assert_int_equal(last, now + 1);

	/* once */
	assert_int_equal(store_account_link_take(f->s, h1, now, got, &err), 0);
	assert_string_equal(got, x);
	assert_int_equal(store_account_link_take(f->s, h1, now, got, &err), -1);
	assert_string_equal(err.code, "not_found");
	assert_string_equal(got, "");
	/* expired: refused, and gone too */
	assert_int_equal(store_account_link_take(f->s, h2, now + 2, got, &err),
	    -1);
	assert_string_equal(err.code, "expired");
	assert_int_equal(store_account_link_take(f->s, h2, now, got, &err), -1);
	assert_string_equal(err.code, "not_found");

	/* an account keeps its newest few links */
	for (i = 0; i < STORE_ACCOUNT_LINKS_MAX + 3; i++) {
		snprintf(sec, sizeof(sec), "link %d", i);
		secret_hash(sec, h);
		assert_int_equal(store_account_link_add(f->s, x, h, 0,
		    now + 10 + i, now + MIN_MS, &err), 0);
	}
	for (i = 0; i < STORE_ACCOUNT_LINKS_MAX + 3; i++) {
		snprintf(sec, sizeof(sec), "link %d", i);
		secret_hash(sec, h);
		assert_int_equal(store_account_link_take(f->s, h, now, got, &err),
		    i < 3 ? -1 : 0);
	}
}

static void
test_sessions_expire_and_end(void **state)
{
	struct fx *f = *state;
	char a[RECORD_ID_MAX], x[STORE_ACCOUNT_ID_MAX], acct[STORE_ACCOUNT_ID_MAX],
	    o[RECORD_ID_MAX];
	unsigned char s1[32], s2[32];
	struct nferr err;
	int64_t now = now_ms(), exp = 0, n;
	json_t *got;

	org(f, "Nätverket Unga Röster", a);
	account(f, a, "ung@example.se", x, 1);
	secret_hash("session one", s1);
	secret_hash("session two", s2);
	assert_int_equal(store_account_session_add(f->s, x, s1, now,
	    now + MIN_MS, &err), 0);
	assert_int_equal(store_account_session_add(f->s, x, s2, now,
	    now + MIN_MS, &err), 0);
	assert_int_equal(store_account_session_get(f->s, s1, now, acct, o, &exp,
	    &err), 0);
	assert_string_equal(acct, x);
	assert_string_equal(o, a);
	assert_int_equal(exp, now + MIN_MS);
	assert_int_equal(store_account_get(f->s, x, &got, &err), 0);
	assert_false(json_is_null(json_object_get(got, "signed_in")));
	assert_int_equal(json_integer_value(json_object_get(got, "sessions")), 2);
	json_decref(got);
	/* past its end: refused */
	assert_int_equal(store_account_session_get(f->s, s1, now + MIN_MS, acct,
	    o, &exp, &err), -1);
	assert_string_equal(err.code, "not_found");
	/* sign-out ends one */
	assert_int_equal(store_account_session_end(f->s, s1, &err), 0);
	assert_int_equal(store_account_session_get(f->s, s1, now, acct, o, &exp,
	    &err), -1);
	assert_int_equal(store_account_session_get(f->s, s2, now, acct, o, &exp,
	    &err), 0);
	/* revoking the account ends the rest */
	assert_int_equal(store_account_delete(f->s, x, &n, &err), 0);
	assert_int_equal(n, 1);
	assert_int_equal(store_account_session_get(f->s, s2, now, acct, o, &exp,
	    &err), -1);
	assert_int_equal(store_account_delete(f->s, x, &n, &err), -1);
	assert_string_equal(err.code, "not_found");
}

static void
test_erase_by_address_leaves_no_trace(void **state)
{
	struct fx *f = *state;
	char a[RECORD_ID_MAX], b[RECORD_ID_MAX], x[STORE_ACCOUNT_ID_MAX],
	    y[STORE_ACCOUNT_ID_MAX], k[STORE_ACCOUNT_ID_MAX];
	unsigned char h[32];
	struct nferr err;
	json_t *found;
	int64_t n, now = now_ms();
	int done;

	org(f, "Bygdegårdarna", a);
	org(f, "Hembygdsförbundet", b);
	account(f, a, "Kerstin.Zyxw@Example.se", x, 1);
	account(f, b, "kerstin.zyxw@example.se", y, 1);
	account(f, b, "kept.person@example.se", k, 1);
	secret_hash("kerstin's session", h);
	assert_int_equal(store_account_session_add(f->s, x, h, now, now + MIN_MS,
	    &err), 0);
	assert_int_equal(store_local_scrub(f->s, 1, &done, &err), 0);
	assert_true(in_files(f, "Kerstin.Zyxw@Example.se"));

	assert_int_equal(store_accounts_find_email(f->s, "KERSTIN.zyxw@example.se",
	    &found, &err), 0);
	assert_int_equal(json_array_size(found), 2);
	json_decref(found);
	assert_int_equal(store_accounts_erase_email(f->s, "kerstin.zyxw@example.se",
	    &n, &err), 0);
	assert_int_equal(n, 2);
	assert_true(store_local_scrub_owed(f->s));
	assert_int_equal(store_local_scrub(f->s, 0, &done, &err), 0);
	assert_int_equal(done, 1);
	assert_false(in_files(f, "Kerstin.Zyxw@Example.se"));
	assert_false(in_files(f, "kerstin.zyxw@example.se"));
	assert_true(in_files(f, "kept.person@example.se"));
	assert_int_equal(store_accounts_find_email(f->s, "kerstin.zyxw@example.se",
	    &found, &err), 0);
	assert_int_equal(json_array_size(found), 0);
	json_decref(found);
	assert_int_equal(store_accounts_find_email(f->s, "nope", &found, &err), -1);
	assert_string_equal(err.code, "bad_value");
}

static void
test_sweep(void **state)
{
	struct fx *f = *state;
	char a[RECORD_ID_MAX], gone[RECORD_ID_MAX], used[STORE_ACCOUNT_ID_MAX],
	    invited[STORE_ACCOUNT_ID_MAX], orphan[STORE_ACCOUNT_ID_MAX],
	    idle[STORE_ACCOUNT_ID_MAX], o[RECORD_ID_MAX];
	unsigned char h1[32], h2[32], h3[32];
	struct store_accounts_swept sw;
	struct writer_result r;
	struct nferr err;
	int64_t now = now_ms();

	org(f, "Studieförbundet", a);
	org(f, "Nedlagda föreningen", gone);
	account(f, a, "used@example.se", used, 1);
	account(f, a, "invited@example.se", invited, 1);
	account(f, gone, "orphan@example.se", orphan, 1);
	account(f, a, "idle@example.se", idle, 1);
	secret_hash("used session", h1);
	secret_hash("invite link", h2);
	secret_hash("idle session", h3);
	assert_int_equal(store_account_session_add(f->s, used, h1, now,
	    now + MIN_MS, &err), 0);
	assert_int_equal(store_account_link_add(f->s, invited, h2, 1, now,
	    now + MIN_MS, &err), 0);
	assert_int_equal(store_account_session_add(f->s, idle, h3, now - 100 * MIN_MS,
	    now - 99 * MIN_MS, &err), 0);
	assert_int_equal(store_account_session_add(f->s, orphan, h3 + 0, now,
	    now + MIN_MS, &err), -1);   /* one hash, one session */
	nferr_clear(&err);
	assert_int_equal(writer_submit(f->w, OP_DELETE, REC_ORGANISATION, gone,
	    NULL, &r, &err), 0);

	/* now: the expired session goes, the orphan goes, the rest stay */
	assert_int_equal(store_accounts_sweep(f->s, now, 0, &sw, &err), 0);
	assert_int_equal(sw.sessions, 1);
	assert_int_equal(sw.links, 0);
	assert_int_equal(sw.orphans, 1);
	assert_int_equal(sw.unused, 0);
	assert_int_equal(sw.idle, 0);
	assert_int_equal(store_account_org(f->s, orphan, o, &err), -1);
	assert_int_equal(store_account_org(f->s, invited, o, &err), 0);
	assert_true(store_local_scrub_owed(f->s));

	/* 20 minutes on, with 30 minutes of idleness allowed: the
	 * invitation's link expired (the account never signed in: gone), the
	 * account last signed in 100 minutes ago went too, the one signed in
	 * 20 minutes ago stays (its session is over) */
	assert_int_equal(store_accounts_sweep(f->s, now + 20 * MIN_MS,
	    30 * MIN_MS, &sw, &err), 0);
	assert_int_equal(sw.links, 1);
	assert_int_equal(sw.unused, 1);
	assert_int_equal(sw.sessions, 1);
	assert_int_equal(sw.idle, 1);
	assert_int_equal(store_account_org(f->s, invited, o, &err), -1);
	assert_int_equal(store_account_org(f->s, idle, o, &err), -1);
	assert_int_equal(store_account_org(f->s, used, o, &err), 0);
	assert_int_equal(store_accounts_sweep(f->s, now, -1, &sw, &err), -1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_one_account_per_org_and_address,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_links_work_once_and_expire,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_sessions_expire_and_end,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_erase_by_address_leaves_no_trace, setup, teardown),
		cmocka_unit_test_setup_teardown(test_sweep, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
