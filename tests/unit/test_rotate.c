/*
 * test_rotate: key rotation below the HTTP layer. writer_rotate (the key
 * entry, the switch, what is refused) against a fresh SQLite file, the
 * key entry rules of protocol/entry.c, and rotate_startup (node/rotate.c)
 * on each state a crash can leave the key file, the staged file and the
 * log in.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>
#include <sodium.h>

#include "canon.h"
#include "entry.h"
#include "keys.h"
#include "record.h"
#include "rotate.h"
#include "store.h"
#include "writer.h"

struct fx {
	char dir[64];
	char db[128], keyf[128], staged[160];
	struct nf_key key;
	struct store *s;
	struct writer *w;
};

static int
setup(void **state)
{
	struct fx *f = calloc(1, sizeof(*f));
	struct nferr err;

	assert_non_null(f);
	assert_int_equal(keys_init(), 0);
	snprintf(f->dir, sizeof(f->dir), "/tmp/nf-rotate-XXXXXX");
	assert_non_null(mkdtemp(f->dir));
	snprintf(f->db, sizeof(f->db), "%s/node.db", f->dir);
	snprintf(f->keyf, sizeof(f->keyf), "%s/node.key", f->dir);
	snprintf(f->staged, sizeof(f->staged), "%s%s", f->keyf,
	    ROTATE_STAGED_SUFFIX);
	assert_int_equal(keys_generate(&f->key), 0);
	assert_int_equal(keys_save_seed(f->keyf, &f->key, &err), 0);
	assert_int_equal(store_open(f->db, "SE", &f->s, &err), 0);
	f->w = writer_new(f->s, &f->key, "SE", &err);
	assert_non_null(f->w);
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fx *f = *state;
	char p[200];

	writer_free(f->w);
	store_close(f->s);
	snprintf(p, sizeof(p), "%s-wal", f->db);
	unlink(p);
	snprintf(p, sizeof(p), "%s-shm", f->db);
	unlink(p);
	unlink(f->db);
	unlink(f->keyf);
	unlink(f->staged);
	rmdir(f->dir);
	keys_wipe(&f->key);
	free(f);
	return 0;
}

static void
put_org(struct fx *f, const char *name)
{
	struct writer_result r;
	struct nferr err;
	json_t *b = json_pack("{s:s, s:s, s:s}", "name", name,
	    "classification", "association", "country", "SE");

	nferr_clear(&err);
	if (writer_submit(f->w, OP_PUT, REC_ORGANISATION, NULL, b, &r, &err) != 0)
		fail_msg("put: %s %s", err.code, err.msg);
	json_decref(b);
}

/* The own log, verified from seq 1 with a keyring that pins first and
 * follows the key entries as met: the way every peer and a fresh node
 * see it. Returns the number of entries; key ids per seq into ids. */
static uint64_t
verify_log(struct fx *f, const struct nf_key *first,
    char ids[][KEY_ID_LEN + 1], size_t max)
{
	struct keyring kr = { 0 };
	struct nf_entry e[64];
	struct nferr err;
	size_t n = 0, i;

	assert_int_equal(keyring_add(&kr, "SE", first->pk, 1), 0);
	assert_int_equal(store_log_read(f->s, "SE", 0, 64, e, &n, &err), 0);
	assert_true(n <= max);
	for (i = 0; i < n; i++) {
		nferr_clear(&err);
		if (entry_check_sig(&e[i], &kr, &err) != 0 ||
		    entry_check_rules(&e[i], INT64_MAX / 4, &err) != 0)
			fail_msg("seq %zu: %s %s", i + 1, err.code, err.msg);
		memcpy(ids[i], e[i].key, KEY_ID_LEN + 1);
		if (e[i].op == OP_KEY) {
			unsigned char pk[KEY_PUB_LEN];

			assert_int_equal(keys_pub_decode(json_string_value(
			    json_object_get(e[i].body, "public_key")), pk, NULL),
			    0);
			assert_int_equal(keyring_rotate(&kr, "SE", e[i].key, pk,
			    e[i].seq), 0);
		}
		entry_clear(&e[i]);
	}
	keyring_free(&kr);
	return n;
}

/* ---- writer_rotate ----------------------------------------------------- */

static void
test_writer_rotate(void **state)
{
	struct fx *f = *state;
	char ids[16][KEY_ID_LEN + 1], pk64[KEY_PUB_B64_LEN + 1];
	struct writer_result res;
	struct nf_key next;
	struct nf_entry e;
	struct nferr err;
	size_t n = 0;

	put_org(f, "Ett");
	/* the same key is refused and nothing is written */
	nferr_clear(&err);
	assert_int_equal(writer_rotate(f->w, &f->key, &res, &err), -1);
	assert_string_equal(err.code, "same_key");
	assert_int_equal(writer_seq(f->w), 1);
	/* a write queued but not committed goes before the key entry, signed
	 * by the old key */
	{
		json_t *b = json_pack("{s:s, s:s, s:s}", "name", "Två",
		    "classification", "association", "country", "SE");
		struct writer_result q;

		assert_int_equal(writer_queue(f->w, OP_PUT, REC_ORGANISATION,
		    NULL, b, NULL, NULL, &q, &err), 0);
		json_decref(b);
		assert_int_equal(q.seq, 2);
	}
	assert_int_equal(keys_generate(&next), 0);
	assert_int_equal(writer_rotate(f->w, &next, &res, &err), 0);
	assert_int_equal(res.seq, 3);
	assert_int_equal(writer_seq(f->w), 3);
	assert_int_equal(writer_pending(f->w), 0);
	assert_string_equal(writer_key(f->w)->id, next.id);
	put_org(f, "Tre");
	/* the key entry: signed by the old key, announcing the new one and
	 * naming the old one */
	assert_int_equal(store_log_read(f->s, "SE", 2, 1, &e, &n, &err), 0);
	assert_int_equal(n, 1);
	assert_int_equal(e.op, OP_KEY);
	assert_int_equal(e.type, REC_KEY);
	assert_string_equal(e.key, f->key.id);
	keys_pub_encode(next.pk, pk64);
	assert_string_equal(json_string_value(json_object_get(e.body,
	    "public_key")), pk64);
	keys_pub_encode(f->key.pk, pk64);
	assert_string_equal(json_string_value(json_object_get(e.body,
	    "previous_key")), pk64);
	entry_clear(&e);
	/* from the first key, the whole chain verifies: 1-3 old, 4 new */
	assert_int_equal(verify_log(f, &f->key, ids, 16), 4);
	assert_string_equal(ids[0], f->key.id);
	assert_string_equal(ids[1], f->key.id);
	assert_string_equal(ids[2], f->key.id);
	assert_string_equal(ids[3], next.id);
	keys_wipe(&next);
}

/* ---- key entry rules (protocol/entry.c) -------------------------------- */

static void
sign_key_entry(const struct nf_key *k, const unsigned char *announce,
    const unsigned char *prev, struct nf_entry *e)
{
	char a[KEY_PUB_B64_LEN + 1], p[KEY_PUB_B64_LEN + 1];
	struct nferr err;
	json_t *b;

	keys_pub_encode(announce, a);
	b = json_pack("{s:s}", "public_key", a);
	if (prev != NULL) {
		keys_pub_encode(prev, p);
		json_object_set_new(b, "previous_key", json_string(p));
	}
	entry_init(e);
	memcpy(e->origin, "SE", 3);
	e->seq = 1;
	entry_ts_format(1795000000000LL, e->ts);
	e->op = OP_KEY;
	e->type = REC_KEY;
	snprintf(e->id, sizeof(e->id), "se:key:01JD3M0000000000000000000A");
	e->body = b;
	assert_int_equal(entry_sign(e, k, &err), 0);
	json_decref(b);
}

static void
test_key_entry_rules(void **state)
{
	struct nf_key a, b, c;
	struct nf_entry e;
	struct nferr err;

	assert_int_equal(keys_init(), 0);
	assert_int_equal(keys_generate(&a), 0);
	assert_int_equal(keys_generate(&b), 0);
	assert_int_equal(keys_generate(&c), 0);
	/* a signs, announces b, names itself: good; without previous_key too */
	sign_key_entry(&a, b.pk, a.pk, &e);
	assert_int_equal(entry_check_rules(&e, INT64_MAX / 4, &err), 0);
	entry_clear(&e);
	sign_key_entry(&a, b.pk, NULL, &e);
	assert_int_equal(entry_check_rules(&e, INT64_MAX / 4, &err), 0);
	entry_clear(&e);
	/* previous_key that is not the signing key */
	sign_key_entry(&a, b.pk, c.pk, &e);
	assert_int_equal(entry_check_rules(&e, INT64_MAX / 4, &err), -1);
	assert_string_equal(err.code, "bad_value");
	assert_string_equal(err.field, "/body/previous_key");
	entry_clear(&e);
	/* announcing the key that signs */
	sign_key_entry(&a, a.pk, a.pk, &e);
	assert_int_equal(entry_check_rules(&e, INT64_MAX / 4, &err), -1);
	assert_string_equal(err.code, "bad_value");
	assert_string_equal(err.field, "/body/public_key");
	entry_clear(&e);
	keys_wipe(&a);
	keys_wipe(&b);
	keys_wipe(&c);
}

/* ---- rotate_startup: the states a crash leaves ------------------------- */

static void
write_seed(const char *path, const struct nf_key *k)
{
	struct nferr err;

	unlink(path);
	assert_int_equal(keys_save_seed(path, k, &err), 0);
}

static int
exists(const char *path)
{
	struct stat st;

	return lstat(path, &st) == 0;
}

static void
assert_file_key(const char *path, const struct nf_key *want)
{
	struct nf_key k;
	struct nferr err;

	assert_int_equal(keys_load_seed(path, &k, &err), 0);
	assert_string_equal(k.id, want->id);
	keys_wipe(&k);
}

static void
test_startup_states(void **state)
{
	struct fx *f = *state;
	struct nf_key next, stray, key, first, other;
	struct writer_result res;
	struct nferr err;

	/* an empty log takes any key; a stray staged file goes */
	assert_int_equal(keys_generate(&stray), 0);
	write_seed(f->staged, &stray);
	key = f->key;
	assert_int_equal(rotate_startup(f->keyf, f->s, "SE", &key, &first,
	    &err), 0);
	assert_false(exists(f->staged));
	assert_string_equal(key.id, f->key.id);
	assert_string_equal(first.id, f->key.id);

	put_org(f, "Ett");
	assert_int_equal(keys_generate(&next), 0);

	/* crash after staging, before the key entry: the staged key was
	 * never announced; the node keeps its key and the file goes */
	write_seed(f->staged, &next);
	key = f->key;
	assert_int_equal(rotate_startup(f->keyf, f->s, "SE", &key, &first,
	    &err), 0);
	assert_string_equal(key.id, f->key.id);
	assert_false(exists(f->staged));
	assert_file_key(f->keyf, &f->key);

	/* crash after the key entry, before the key file: the node puts the
	 * staged key in place and signs with it */
	write_seed(f->staged, &next);
	assert_int_equal(writer_rotate(f->w, &next, &res, &err), 0);
	key = f->key;
	assert_int_equal(rotate_startup(f->keyf, f->s, "SE", &key, &first,
	    &err), 0);
	assert_string_equal(key.id, next.id);
	assert_false(exists(f->staged));
	assert_file_key(f->keyf, &next);
	assert_string_equal(first.id, f->key.id);  /* peers' pin */
	/* the same state again finds nothing to do */
	assert_int_equal(rotate_startup(f->keyf, f->s, "SE", &key, &first,
	    &err), 0);
	assert_string_equal(key.id, next.id);

	/* a write with the new key: the head is now signed by it */
	put_org(f, "Två");

	/* the retired key put back as key_file (an old backup): refused */
	write_seed(f->keyf, &f->key);
	key = f->key;
	nferr_clear(&err);
	assert_int_equal(rotate_startup(f->keyf, f->s, "SE", &key, &first,
	    &err), -1);
	assert_string_equal(err.code, "key_mismatch");
	assert_non_null(strstr(err.msg, "retired at seq 2"));
	/* ... also when a stray staged file holds yet another key */
	write_seed(f->staged, &stray);
	assert_int_equal(rotate_startup(f->keyf, f->s, "SE", &key, &first,
	    &err), -1);
	assert_true(exists(f->staged));   /* left alone: nothing was decided */
	unlink(f->staged);

	/* a key this log never had: refused */
	assert_int_equal(keys_generate(&other), 0);
	write_seed(f->keyf, &other);
	key = other;
	nferr_clear(&err);
	assert_int_equal(rotate_startup(f->keyf, f->s, "SE", &key, &first,
	    &err), -1);
	assert_string_equal(err.code, "key_mismatch");
	assert_non_null(strstr(err.msg, next.id));

	/* the right key file back: starts, first key is still the original */
	write_seed(f->keyf, &next);
	key = next;
	assert_int_equal(rotate_startup(f->keyf, f->s, "SE", &key, &first,
	    &err), 0);
	assert_string_equal(first.id, f->key.id);
	keys_wipe(&next);
	keys_wipe(&stray);
	keys_wipe(&other);
	keys_wipe(&key);
}

/* Two rotations: the first key stays the one that signed seq 1 and the
 * whole chain verifies from it. */
static void
test_two_rotations(void **state)
{
	struct fx *f = *state;
	char ids[16][KEY_ID_LEN + 1];
	struct nf_key k2, k3, key, first;
	struct writer_result res;
	struct nferr err;

	put_org(f, "Ett");
	assert_int_equal(keys_generate(&k2), 0);
	assert_int_equal(keys_generate(&k3), 0);
	assert_int_equal(writer_rotate(f->w, &k2, &res, &err), 0);
	put_org(f, "Två");
	assert_int_equal(writer_rotate(f->w, &k3, &res, &err), 0);
	assert_int_equal(res.seq, 4);
	put_org(f, "Tre");
	write_seed(f->keyf, &k3);
	key = k3;
	assert_int_equal(rotate_startup(f->keyf, f->s, "SE", &key, &first,
	    &err), 0);
	assert_string_equal(first.id, f->key.id);
	assert_int_equal(verify_log(f, &f->key, ids, 16), 5);
	assert_string_equal(ids[1], f->key.id);
	assert_string_equal(ids[2], k2.id);
	assert_string_equal(ids[3], k2.id);
	assert_string_equal(ids[4], k3.id);
	keys_wipe(&k2);
	keys_wipe(&k3);
	keys_wipe(&key);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_writer_rotate, setup,
		    teardown),
		cmocka_unit_test(test_key_entry_rules),
		cmocka_unit_test_setup_teardown(test_startup_states, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_two_rotations, setup,
		    teardown),
	};

	return cmocka_run_group_tests_name("test_rotate", tests, NULL, NULL);
}
