/*
 * Unit tests of protocol/entry.c and protocol/keys.c: signing, encoding,
 * the verification pipeline and each of its verdicts and reasons, fork
 * proofs, key rotation, key files; and the golden entry vectors in
 * tests/vectors/entries/ (made by tests/vectors/gen_entries.c).
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

#define NOW_MS 1795000000000LL	/* 2026-11-18 */

static const char *ORG_SE = "se:org:01JD3K6QWZ8M4T5V7X9Y0A1B2C";

/* A tiny in-memory chain of one origin for the chain_view callback. */
struct chain {
	struct nf_entry e[16];
	size_t n;
};

static int
chain_hash_at(void *ctx, uint64_t seq, unsigned char out[ENTRY_HASH_LEN])
{
	struct chain *c = ctx;

	if (seq < 1 || seq > c->n)
		return -1;
	memcpy(out, c->e[seq - 1].hash, ENTRY_HASH_LEN);
	return 0;
}

static void
chain_view_of(struct chain *c, struct chain_view *cv)
{
	memset(cv, 0, sizeof(*cv));
	cv->head_seq = c->n;
	if (c->n)
		memcpy(cv->head_hash, c->e[c->n - 1].hash, ENTRY_HASH_LEN);
	cv->hash_at = chain_hash_at;
	cv->ctx = c;
}

static json_t *
org_body(const char *name)
{
	return json_pack("{s:s, s:s, s:s, s:[s,s], s:{s:s, s:s}}",
	    "name", name, "classification", "association", "country", "SE",
	    "focus_areas", "culture", "youth",
	    "description", "sv", "En förening i Göteborg", "en",
	    "An association in Gothenburg");
}

/* Sign entry seq of origin SE on top of chain c (prev from c). */
static void
make_put(struct nf_entry *e, const struct nf_key *k, struct chain *c,
    uint64_t seq, const char *id, json_t *body)
{
	struct nferr err;

	entry_init(e);
	memcpy(e->origin, "SE", 3);
	e->seq = seq;
	if (seq > 1 && c->n >= seq - 1)
		memcpy(e->prev, c->e[seq - 2].hash, ENTRY_HASH_LEN);
	entry_ts_format(NOW_MS - 1000, e->ts);
	e->op = OP_PUT;
	e->type = REC_ORGANISATION;
	snprintf(e->id, sizeof(e->id), "%s", id);
	e->body = body;
	assert_int_equal(entry_sign(e, k, &err), 0);
	json_decref(body);	/* e holds its own reference */
}

static void
seed_key(struct nf_key *k, unsigned char fill)
{
	unsigned char seed[KEY_SEED_LEN];

	memset(seed, fill, sizeof(seed));
	assert_int_equal(keys_from_seed(k, seed), 0);
}

static void
test_sign_encode_verify(void **state)
{
	struct nf_key k;
	struct keyring kr = { 0 };
	struct chain c = { 0 };
	struct chain_view cv;
	struct nf_entry e, d;
	struct nferr err;
	char *wire;
	size_t len;

	seed_key(&k, 1);
	keyring_add(&kr, "SE", k.pk, 1);
	make_put(&c.e[0], &k, &c, 1, ORG_SE, org_body("Föreningen Ö"));
	assert_int_equal(entry_encode(&c.e[0], 1, &wire, &len, &err), 0);
	/* the wire form is canonical */
	assert_int_equal(canon_parse_canonical(wire, len, NULL, NULL, &err), 0);
	chain_view_of(&c, &cv);
	cv.head_seq = 0;
	assert_int_equal(entry_verify(wire, len, &kr, &cv, NOW_MS, &e, &err),
	    VERDICT_ACCEPTED);
	assert_memory_equal(e.hash, c.e[0].hash, ENTRY_HASH_LEN);
	assert_non_null(e.body);
	entry_clear(&e);

	/* pruned: without the body it still verifies, same hash */
	free(wire);
	assert_int_equal(entry_encode(&c.e[0], 0, &wire, &len, &err), 0);
	assert_int_equal(entry_decode(wire, len, &d, &err), 0);
	assert_null(d.body);
	assert_memory_equal(d.hash, c.e[0].hash, ENTRY_HASH_LEN);
	assert_int_equal(entry_check_sig(&d, &kr, &err), 0);
	entry_clear(&d);
	free(wire);
	entry_clear(&c.e[0]);
	keyring_free(&kr);
}

/* Encode e, mutate the wire text with a replacement, verify, expect code. */
static void
expect_reason(const char *wire, size_t len, struct keyring *kr,
    struct chain *c, enum entry_verdict want, const char *code)
{
	struct chain_view cv;
	struct nf_entry e;
	struct nferr err;
	enum entry_verdict v;

	nferr_clear(&err);
	chain_view_of(c, &cv);
	v = entry_verify(wire, len, kr, &cv, NOW_MS, &e, &err);
	if (v != want || err.code == NULL || strcmp(err.code, code) != 0)
		fail_msg("want %s/%s got %s/%s (%s)", entry_verdict_name(want),
		    code, entry_verdict_name(v), err.code ? err.code : "-",
		    err.msg);
	entry_clear(&e);
}

static char *
replace(const char *s, const char *from, const char *to)
{
	const char *p = strstr(s, from);
	size_t a, b, c;
	char *out;

	assert_non_null(p);
	a = (size_t)(p - s);
	b = strlen(to);
	c = strlen(p + strlen(from));
	out = malloc(a + b + c + 1);
	memcpy(out, s, a);
	memcpy(out + a, to, b);
	memcpy(out + a + b, p + strlen(from), c + 1);
	return out;
}

static void
test_reasons(void **state)
{
	struct nf_key k, other;
	struct keyring kr = { 0 }, wrong = { 0 };
	struct chain c = { 0 }, empty = { 0 };
	struct nf_entry alt, e3;
	struct nferr err;
	char *w1, *w2, *t;
	size_t l1, l2;

	seed_key(&k, 1);
	seed_key(&other, 2);
	keyring_add(&kr, "SE", k.pk, 1);
	keyring_add(&wrong, "SE", other.pk, 1);
	make_put(&c.e[0], &k, &c, 1, ORG_SE, org_body("Alfa"));
	c.n = 1;
	make_put(&c.e[1], &k, &c, 2, ORG_SE, org_body("Beta"));
	c.n = 2;
	assert_int_equal(entry_encode(&c.e[0], 1, &w1, &l1, &err), 0);
	assert_int_equal(entry_encode(&c.e[1], 1, &w2, &l2, &err), 0);

	/* replay of an entry held: duplicate */
	expect_reason(w1, l1, &kr, &c, VERDICT_DUPLICATE, "duplicate");
	/* entry 2 on an empty chain: gap */
	expect_reason(w2, l2, &kr, &empty, VERDICT_GAP, "gap");
	/* wrong pinned key */
	expect_reason(w1, l1, &wrong, &empty, VERDICT_REJECTED, "unknown_key");
	/* tampered body: hash mismatch */
	t = replace(w1, "Alfa", "Alfb");
	expect_reason(t, strlen(t), &kr, &empty, VERDICT_REJECTED,
	    "body_hash_mismatch");
	free(t);
	/* tampered header: the signature no longer verifies */
	t = replace(w1, "2026-11-", "2026-10-");
	expect_reason(t, strlen(t), &kr, &empty, VERDICT_REJECTED,
	    "bad_signature");
	free(t);
	/* tampered signature: one character of it changed */
	t = strdup(w1);
	{
		char *q = strstr(t, "\"sig\":\"") + 7;

		q[10] = q[10] == 'A' ? 'B' : 'A';
	}
	expect_reason(t, strlen(t), &kr, &empty, VERDICT_REJECTED,
	    "bad_signature");
	free(t);
	/* not canonical: whitespace */
	t = replace(w1, "{", "{ ");
	expect_reason(t, strlen(t), &kr, &empty, VERDICT_REJECTED,
	    "not_canonical");
	free(t);
	/* malformed */
	expect_reason("{\"v\":", 5, &kr, &empty, VERDICT_REJECTED, "syntax");
	/* fork: a second entry with seq 2 and other content */
	make_put(&alt, &k, &c, 2, ORG_SE, org_body("Gamma"));
	{
		char *wa;
		size_t la;

		assert_int_equal(entry_encode(&alt, 1, &wa, &la, &err), 0);
		expect_reason(wa, la, &kr, &c, VERDICT_FORK, "fork");
		free(wa);
	}
	/* seq 3 whose prev is alt: prev_mismatch against the held chain */
	c.n = 2;
	{
		struct chain c2 = c;
		char *w3;
		size_t l3;

		c2.e[1] = alt;
		make_put(&e3, &k, &c2, 3, ORG_SE, org_body("Delta"));
		assert_int_equal(entry_encode(&e3, 1, &w3, &l3, &err), 0);
		expect_reason(w3, l3, &kr, &c, VERDICT_REJECTED, "prev_mismatch");
		free(w3);
	}
	/* fork proof */
	{
		char *proof, origin[3];
		size_t plen;
		uint64_t seq;

		assert_int_equal(entry_fork_proof(&c.e[1], &alt, &proof, &plen,
		    &err), 0);
		assert_int_equal(entry_fork_verify(proof, plen, &kr, origin, &seq,
		    &err), 0);
		assert_string_equal(origin, "SE");
		assert_int_equal(seq, 2);
		assert_int_equal(entry_fork_verify(proof, plen, &wrong, origin,
		    &seq, &err), -1);
		free(proof);
		assert_int_equal(entry_fork_proof(&c.e[1], &c.e[1], &proof, &plen,
		    &err), -1);
		assert_string_equal(err.code, "not_a_fork");
	}
	entry_clear(&alt);
	entry_clear(&e3);
	free(w1);
	free(w2);
	entry_clear(&c.e[0]);
	entry_clear(&c.e[1]);
	keyring_free(&kr);
	keyring_free(&wrong);
}

static void
test_rules(void **state)
{
	struct nf_key k;
	struct keyring kr = { 0 };
	struct chain c = { 0 };
	struct nf_entry e;
	struct nferr err;
	char *w;
	size_t l;

	seed_key(&k, 3);
	keyring_add(&kr, "SE", k.pk, 1);
	/* a Norwegian record written by SE: not_owner */
	make_put(&e, &k, &c, 1, "no:org:01JD3K6QWZ8M4T5V7X9Y0A1B2C",
	    org_body("Norsk"));
	assert_int_equal(entry_encode(&e, 1, &w, &l, &err), 0);
	expect_reason(w, l, &kr, &c, VERDICT_REJECTED, "not_owner");
	free(w);
	entry_clear(&e);
	/* an invalid body: the record's own reason, field under /body */
	make_put(&e, &k, &c, 1, ORG_SE, json_pack("{s:s}", "name", "x"));
	assert_int_equal(entry_encode(&e, 1, &w, &l, &err), 0);
	expect_reason(w, l, &kr, &c, VERDICT_REJECTED, "missing_field");
	free(w);
	entry_clear(&e);
	/* a timestamp far in the future */
	entry_init(&e);
	memcpy(e.origin, "SE", 3);
	e.seq = 1;
	entry_ts_format(NOW_MS + 3600 * 1000, e.ts);
	e.op = OP_DELETE;
	e.type = REC_ORGANISATION;
	snprintf(e.id, sizeof(e.id), "%s", ORG_SE);
	assert_int_equal(entry_sign(&e, &k, &err), 0);
	assert_int_equal(entry_encode(&e, 1, &w, &l, &err), 0);
	expect_reason(w, l, &kr, &c, VERDICT_REJECTED, "future_timestamp");
	free(w);
	entry_clear(&e);
	/* an origin with no pinned key */
	{
		struct keyring none = { 0 };

		make_put(&e, &k, &c, 1, ORG_SE, org_body("Alfa"));
		assert_int_equal(entry_encode(&e, 1, &w, &l, &err), 0);
		expect_reason(w, l, &none, &c, VERDICT_REJECTED, "unknown_origin");
		free(w);
		entry_clear(&e);
	}
	keyring_free(&kr);
}

static void
test_rotation(void **state)
{
	struct nf_key a, b;
	struct keyring kr = { 0 };
	const struct keyring_key *kk;
	int known;

	seed_key(&a, 4);
	seed_key(&b, 5);
	keyring_add(&kr, "FI", a.pk, 1);
	assert_int_equal(keyring_rotate(&kr, "FI", a.id, b.pk, 10), 0);
	kk = keyring_find(&kr, "FI", a.id, 10, &known);
	assert_non_null(kk);
	assert_null(keyring_find(&kr, "FI", a.id, 11, &known));
	assert_int_equal(known, 1);
	assert_non_null(keyring_find(&kr, "FI", b.id, 11, &known));
	assert_null(keyring_find(&kr, "FI", b.id, 10, &known));
	assert_null(keyring_find(&kr, "NO", a.id, 1, &known));
	assert_int_equal(known, 0);
	keyring_free(&kr);
}

static void
test_key_files(void **state)
{
	char dir[] = "/tmp/nf-keys-XXXXXX", path[64];
	struct nf_key k, l;
	struct nferr err;
	char b64[KEY_PUB_B64_LEN + 1];
	unsigned char pk[KEY_PUB_LEN];

	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/node.key", dir);
	assert_int_equal(keys_generate(&k), 0);
	assert_int_equal(keys_save_seed(path, &k, &err), 0);
	assert_int_equal(keys_save_seed(path, &k, &err), -1); /* O_EXCL */
	assert_int_equal(keys_load_seed(path, &l, &err), 0);
	assert_memory_equal(k.pk, l.pk, KEY_PUB_LEN);
	assert_string_equal(k.id, l.id);
	chmod(path, 0640);
	assert_int_equal(keys_load_seed(path, &l, &err), -1);
	assert_string_equal(err.code, "key_file_mode");
	chmod(path, 0604);
	assert_int_equal(keys_load_seed(path, &l, &err), -1);
	unlink(path);
	rmdir(dir);
	keys_pub_encode(k.pk, b64);
	assert_int_equal(strlen(b64), KEY_PUB_B64_LEN);
	assert_int_equal(keys_pub_decode(b64, pk, &err), 0);
	assert_memory_equal(pk, k.pk, KEY_PUB_LEN);
	b64[3] = '+';
	assert_int_equal(keys_pub_decode(b64, pk, &err), -1);
	assert_int_equal(keys_pub_decode("short", pk, &err), -1);
	keys_wipe(&k);
}

static void
test_timestamps(void **state)
{
	char ts[ENTRY_TS_LEN + 1];
	int64_t ms;

	entry_ts_format(0, ts);
	assert_string_equal(ts, "1970-01-01T00:00:00.000Z");
	assert_int_equal(entry_ts_parse("2024-02-29T23:59:59.999Z", &ms), 0);
	entry_ts_format(ms, ts);
	assert_string_equal(ts, "2024-02-29T23:59:59.999Z");
	assert_int_equal(entry_ts_parse("2023-02-29T00:00:00.000Z", &ms), -1);
	assert_int_equal(entry_ts_parse("2023-01-01T00:00:00Z", &ms), -1);
	assert_int_equal(entry_ts_parse("2023-01-01T24:00:00.000Z", &ms), -1);
}

/* ---- golden vectors ---------------------------------------------------- */

static void
test_vectors(void **state)
{
	const char *dir = getenv("NORDFED_VECTORS");
	char path[512];
	json_error_t jerr;
	json_t *doc, *cases, *c, *kv;
	struct keyring kr = { 0 };
	const char *origin;
	size_t i, ran = 0;

	snprintf(path, sizeof(path), "%s/entries/entries.json",
	    dir ? dir : "tests/vectors");
	doc = json_load_file(path, 0, &jerr);
	if (doc == NULL)
		fail_msg("%s: %s", path, jerr.text);
	cases = json_object_get(doc, "cases");
	json_array_foreach(cases, i, c) {
		struct chain ch = { 0 };
		struct chain_view cv;
		struct nf_entry e;
		struct nferr err;
		json_t *held = json_object_get(c, "chain"), *h;
		const char *in = json_string_value(json_object_get(c, "input"));
		size_t pad = (size_t)json_integer_value(json_object_get(c, "pad_to"));
		char *padded = NULL;
		const char *want = json_string_value(json_object_get(c, "verdict"));
		const char *reason = json_string_value(json_object_get(c, "reason"));
		const char *field = json_string_value(json_object_get(c, "field"));
		enum entry_verdict v;
		size_t j;

		/* each case starts from the pinned keys; a held key entry
		 * rotates them as a receiver's accepting it does */
		keyring_free(&kr);
		memset(&kr, 0, sizeof(kr));
		json_object_foreach(json_object_get(doc, "keys"), origin, kv) {
			unsigned char pk[KEY_PUB_LEN];

			assert_int_equal(keys_pub_decode(json_string_value(kv), pk,
			    NULL), 0);
			keyring_add(&kr, origin, pk, 1);
		}
		json_array_foreach(held, j, h) {
			const char *s = json_string_value(h);

			assert_int_equal(entry_decode(s, strlen(s), &ch.e[j], &err), 0);
			ch.n = j + 1;
			if (ch.e[j].op == OP_KEY) {
				unsigned char pk[KEY_PUB_LEN];

				assert_int_equal(keys_pub_decode(json_string_value(
				    json_object_get(ch.e[j].body, "public_key")), pk,
				    NULL), 0);
				assert_int_equal(keyring_rotate(&kr, ch.e[j].origin,
				    ch.e[j].key, pk, ch.e[j].seq), 0);
			}
		}
		chain_view_of(&ch, &cv);
		nferr_clear(&err);
		if (pad > strlen(in)) {
			padded = malloc(pad + 1);
			memset(padded, ' ', pad);
			memcpy(padded, in, strlen(in));
			padded[pad] = '\0';
			in = padded;
		}
		v = entry_verify(in, strlen(in), &kr, &cv, NOW_MS, &e, &err);
		free(padded);
		if (strcmp(entry_verdict_name(v), want) != 0 ||
		    (reason && (!err.code || strcmp(reason, err.code) != 0)) ||
		    (!reason && v != VERDICT_ACCEPTED) ||
		    (field && strcmp(field, err.field) != 0))
			fail_msg("vector %s: want %s/%s at \"%s\" got %s/%s at "
			    "\"%s\" (%s)",
			    json_string_value(json_object_get(c, "name")), want,
			    reason ? reason : "-", field ? field : "",
			    entry_verdict_name(v), err.code ? err.code : "-",
			    err.field, err.msg);
		if (v == VERDICT_ACCEPTED && json_object_get(c, "hash")) {
			char hex[2 * ENTRY_HASH_LEN + 1];

			entry_hex(e.hash, hex);
			assert_string_equal(hex,
			    json_string_value(json_object_get(c, "hash")));
			assert_string_equal(e.header,
			    json_string_value(json_object_get(c, "header")));
		}
		entry_clear(&e);
		for (j = 0; j < ch.n; j++)
			entry_clear(&ch.e[j]);
		ran++;
	}
	assert_true(ran >= 100);
	json_decref(doc);
	keyring_free(&kr);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sign_encode_verify),
		cmocka_unit_test(test_reasons),
		cmocka_unit_test(test_rules),
		cmocka_unit_test(test_rotation),
		cmocka_unit_test(test_key_files),
		cmocka_unit_test(test_timestamps),
		cmocka_unit_test(test_vectors),
	};

	if (keys_init() != 0)
		return 1;
	return cmocka_run_group_tests(tests, NULL, NULL);
}
