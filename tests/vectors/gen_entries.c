/*
 * gen_entries: writes tests/vectors/entries/entries.json, the golden
 * vectors of entry verification: keys from fixed seeds (Ed25519 signing is
 * deterministic), fixed timestamps, and one case per verdict and reason.
 * Run by `make vectors`; the output is committed and checked by
 * tests/unit/test_entry.c (and by any second implementation).
 *
 * Each case: {"name", "chain": [wire entries the receiver holds, seq 1..],
 * "input": wire entry, "verdict", "reason" (absent when accepted),
 * "field" (the JSON pointer of the rejection, where a case pins it),
 * "hash" and "header" for accepted entries, "pad_to"}. Verification time
 * is 2026-11-18T11:06:40Z (1795000000000 ms). tests/vectors/README.md
 * documents the file.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "canon.h"
#include "entry.h"
#include "keys.h"

#define TS "2026-11-18T09:00:00.000Z"

static struct nf_key se_key, no_key, rogue_key;
static json_t *cases;

static void
die(const char *what, const struct nferr *err)
{
	fprintf(stderr, "gen_entries: %s: %s %s\n", what,
	    err && err->code ? err->code : "", err ? err->msg : "");
	exit(1);
}

static char *
wire(const struct nf_entry *e, int with_body)
{
	struct nferr err;
	char *w;
	size_t l;

	if (entry_encode(e, with_body, &w, &l, &err) != 0)
		die("encode", &err);
	return w;
}

static void
sign(struct nf_entry *e, const struct nf_key *k, const char *origin,
    uint64_t seq, const struct nf_entry *prev, enum entry_op op,
    enum record_type t, const char *id, json_t *body)
{
	struct nferr err;

	entry_init(e);
	memcpy(e->origin, origin, 3);
	e->seq = seq;
	if (prev)
		memcpy(e->prev, prev->hash, ENTRY_HASH_LEN);
	memcpy(e->ts, TS, sizeof(TS));
	e->op = op;
	e->type = t;
	snprintf(e->id, sizeof(e->id), "%s", id);
	e->body = body;
	if (entry_sign(e, k, &err) != 0)
		die("sign", &err);
	json_decref(body);
}

static char *
subst(const char *s, const char *from, const char *to)
{
	const char *p = strstr(s, from);
	size_t a, b, c;
	char *out;

	if (p == NULL) {
		fprintf(stderr, "gen_entries: no \"%s\" to replace\n", from);
		exit(1);
	}
	a = (size_t)(p - s);
	b = strlen(to);
	c = strlen(p + strlen(from));
	out = malloc(a + b + c + 1);
	memcpy(out, s, a);
	memcpy(out + a, to, b);
	memcpy(out + a + b, p + strlen(from), c + 1);
	return out;
}

/* Canonical text of o (which keeps its reference). */
static char *
dump(const json_t *o)
{
	struct nferr err;
	char *w;
	size_t l;

	if (canon_dump(o, &w, &l, &err) != 0)
		die("dump", &err);
	return w;
}

static json_t *
parse(const char *w)
{
	struct nferr err;
	json_t *o;

	if (canon_parse(w, strlen(w), NULL, &o, &err) != 0)
		die("parse", &err);
	return o;
}

/* Sign o as an entry with k: its header (o without sig and body) in
 * canonical form after the prefix; o gets the new sig. */
static void
resign_obj(json_t *o, const struct nf_key *k)
{
	json_t *h = json_deep_copy(o);
	char *hdr, *msg, sig64[100];
	size_t hl, pl = sizeof(ENTRY_SIG_PREFIX) - 1;
	unsigned char sig[KEY_SIG_LEN];

	json_object_del(h, "sig");
	json_object_del(h, "body");
	hdr = dump(h);
	hl = strlen(hdr);
	msg = malloc(pl + hl);
	memcpy(msg, ENTRY_SIG_PREFIX, pl);
	memcpy(msg + pl, hdr, hl);
	crypto_sign_detached(sig, NULL, (unsigned char *)msg, pl + hl, k->sk);
	sodium_bin2base64(sig64, sizeof(sig64), sig, KEY_SIG_LEN,
	    sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	json_object_set_new(o, "sig", json_string(sig64));
	free(hdr);
	free(msg);
	json_decref(h);
}

/*
 * The wire entry w with member name set to the JSON value val (a JSON
 * text; NULL removes the member), in canonical form; re-signed with k
 * when k is not NULL (so the entry passes the signature step and fails
 * later), else with the old, now wrong, signature.
 */
static char *
mutate(const char *w, const char *name, const char *val,
    const struct nf_key *k)
{
	json_t *o = parse(w);
	char *out;

	if (val == NULL)
		json_object_del(o, name);
	else
		json_object_set_new(o, name, parse(val));
	if (k != NULL)
		resign_obj(o, k);
	out = dump(o);
	json_decref(o);
	return out;
}

/* Add a case. chain: NULL-terminated array of wire strings. */
static void
add(const char *name, const char *const *chain, const char *input,
    const char *verdict, const char *reason, const struct nf_entry *acc)
{
	json_t *c = json_object(), *ch = json_array();
	size_t i;

	for (i = 0; chain && chain[i]; i++)
		json_array_append_new(ch, json_string(chain[i]));
	json_object_set_new(c, "name", json_string(name));
	json_object_set_new(c, "chain", ch);
	json_object_set_new(c, "input", json_string(input));
	json_object_set_new(c, "verdict", json_string(verdict));
	if (reason)
		json_object_set_new(c, "reason", json_string(reason));
	if (acc) {
		char hex[2 * ENTRY_HASH_LEN + 1];

		entry_hex(acc->hash, hex);
		json_object_set_new(c, "hash", json_string(hex));
		json_object_set_new(c, "header", json_string(acc->header));
	}
	json_array_append_new(cases, c);
}

/* Add a rejection that also pins the field (JSON pointer) of the error. */
static void
reject(const char *name, const char *const *chain, const char *input,
    const char *reason, const char *field)
{
	add(name, chain, input, "rejected", reason, NULL);
	json_object_set_new(json_array_get(cases, json_array_size(cases) - 1),
	    "field", json_string(field));
}

/* reject() a mutation of w (see mutate), freeing it. */
static void
reject_m(const char *name, const char *w, const char *member,
    const char *val, const struct nf_key *k, const char *reason,
    const char *field)
{
	char *t = mutate(w, member, val, k);

	reject(name, NULL, t, reason, field);
	free(t);
}

static json_t *
org(const char *name, const char *country)
{
	return json_pack("{s:s, s:s, s:s, s:s, s:[s], s:[{s:s, s:s}], "
	    "s:{s:s, s:s}, s:s}",
	    "name", name, "classification", "association", "country", country,
	    "municipality", "Göteborg", "focus_areas", "integration",
	    "identifiers", "scheme", "SE-ON", "identifier", "802000-1234",
	    "description", "sv", "Läxhjälp och språkcaféer för nyanlända.",
	    "en", "Homework help and language cafés for newcomers.",
	    "lang", "sv");
}


/* ed25519's group order L, little-endian: S + L is the same signature
 * scalar spelled a second way, which a verifier must refuse. */
static const unsigned char ed_l[32] = {
	0xed, 0xd3, 0xf5, 0x5c, 0x1a, 0x63, 0x12, 0x58, 0xd6, 0x9c, 0xf7,
	0xa2, 0xde, 0xf9, 0xde, 0x14, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	0, 0, 0x10
};

static char *
malleate(const char *w)
{
	json_t *o = parse(w);
	unsigned char sig[KEY_SIG_LEN];
	char sig64[100], *out;
	size_t n, i;
	unsigned c = 0;

	if (sodium_base642bin(sig, sizeof(sig), json_string_value(
	    json_object_get(o, "sig")), 86, NULL, &n, NULL,
	    sodium_base64_VARIANT_URLSAFE_NO_PADDING) != 0)
		die("malleate", NULL);
	for (i = 0; i < 32; i++) {
		c += sig[32 + i] + ed_l[i];
		sig[32 + i] = (unsigned char)c;
		c >>= 8;
	}
	sodium_bin2base64(sig64, sizeof(sig64), sig, KEY_SIG_LEN,
	    sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	json_object_set_new(o, "sig", json_string(sig64));
	out = dump(o);
	json_decref(o);
	return out;
}

/* A string of n copies of c, as a JSON text. */
static char *
jrep(const char *pre, char c, size_t n, const char *post)
{
	size_t a = strlen(pre), b = strlen(post);
	char *s = malloc(a + n + b + 3);

	s[0] = '"';
	memcpy(s + 1, pre, a);
	memset(s + 1 + a, c, n);
	memcpy(s + 1 + a + n, post, b);
	s[1 + a + n + b] = '"';
	s[2 + a + n + b] = '\0';
	return s;
}

/*
 * The cases that pin what docs/protocol.md section 5 decides: the reason
 * of each malformed header field (absent or wrong JSON type: bad_entry;
 * right type, wrong value: the field's reason, whatever its length), the
 * order of the checks, spellings of key ids and signatures, bodies that
 * are not objects or have no body_hash, and the rules step.
 */
static void
pinned_cases(const char *w1, const char *w2, const char *const *held1,
    const char *const *held12, const char *org_id)
{
	const struct nf_key *k = &se_key;
	char *t, *v;
	json_t *o;

	/* the entry as a whole */
	reject("an entry that is an array", NULL, "[]", "bad_entry", "");
	reject("an entry that is a string", NULL, "\"entry\"", "bad_entry", "");
	reject_m("v absent", w1, "v", NULL, NULL, "bad_version", "/v");
	reject_m("v a string", w1, "v", "\"1\"", NULL, "bad_version", "/v");
	reject_m("v 0", w1, "v", "0", NULL, "bad_version", "/v");
	t = mutate(w1, "zz", "1", NULL);
	reject_m("v 2 with a field version 1 does not know: the version "
	    "first", t, "v", "2", NULL, "bad_version", "/v");
	reject_m("two unknown fields: the least key is named", t, "aa", "1",
	    NULL, "unknown_field", "/aa");
	free(t);
	t = mutate(w1, "origin", "\"se\"", NULL);
	reject_m("an unknown field and a bad origin: unknown first", t, "x",
	    "null", NULL, "unknown_field", "/x");
	free(t);

	/* origin */
	reject_m("origin absent", w1, "origin", NULL, NULL, "bad_entry",
	    "/origin");
	reject_m("origin an integer", w1, "origin", "46", NULL, "bad_entry",
	    "/origin");
	reject_m("origin null", w1, "origin", "null", NULL, "bad_entry",
	    "/origin");
	reject_m("origin in lower case", w1, "origin", "\"se\"", NULL,
	    "bad_origin", "/origin");
	reject_m("origin of three letters", w1, "origin", "\"SWE\"", NULL,
	    "bad_origin", "/origin");
	reject_m("origin empty", w1, "origin", "\"\"", NULL, "bad_origin",
	    "/origin");
	reject_m("origin of 300 bytes", w1, "origin", (v = jrep("", 'S', 300,
	    "")), NULL, "bad_origin", "/origin");
	free(v);

	/* seq */
	reject_m("seq absent", w1, "seq", NULL, NULL, "bad_entry", "/seq");
	reject_m("seq a string", w1, "seq", "\"1\"", NULL, "bad_entry", "/seq");
	reject_m("seq negative", w1, "seq", "-1", NULL, "bad_seq", "/seq");
	reject_m("seq 2^53-1 with an all-zero prev", w1, "seq",
	    "9007199254740991", NULL, "bad_prev", "/prev");

	/* prev */
	reject_m("prev absent", w1, "prev", NULL, NULL, "bad_entry", "/prev");
	reject_m("prev an integer", w1, "prev", "0", NULL, "bad_entry",
	    "/prev");
	reject_m("prev of 63 zeros", w1, "prev", (v = jrep("", '0', 63, "")),
	    NULL, "bad_prev", "/prev");
	free(v);
	reject_m("prev of 65 zeros", w1, "prev", (v = jrep("", '0', 65, "")),
	    NULL, "bad_prev", "/prev");
	free(v);
	reject_m("prev in upper-case hex", w2, "prev", (v = jrep("", 'A', 64,
	    "")), NULL, "bad_prev", "/prev");
	free(v);
	reject_m("prev with a 0x prefix", w2, "prev", (v = jrep("0x", 'a', 62,
	    "")), NULL, "bad_prev", "/prev");
	free(v);
	reject_m("seq 2 with an all-zero prev", w2, "prev", (v = jrep("", '0',
	    64, "")), NULL, "bad_prev", "/prev");
	free(v);

	/* ts */
	reject_m("ts absent", w1, "ts", NULL, NULL, "bad_entry", "/ts");
	reject_m("ts an integer", w1, "ts", "1795000000000", NULL, "bad_entry",
	    "/ts");
	reject_m("ts without milliseconds", w1, "ts",
	    "\"2026-11-18T09:00:00Z\"", NULL, "bad_timestamp", "/ts");
	reject_m("ts with microseconds", w1, "ts",
	    "\"2026-11-18T09:00:00.000000Z\"", NULL, "bad_timestamp", "/ts");
	reject_m("ts with an offset", w1, "ts",
	    "\"2026-11-18T09:00:00.000+00:00\"", NULL, "bad_timestamp", "/ts");
	reject_m("ts with a lower-case z", w1, "ts",
	    "\"2026-11-18T09:00:00.000z\"", NULL, "bad_timestamp", "/ts");
	reject_m("ts before 1970", w1, "ts", "\"1969-12-31T23:59:59.999Z\"",
	    NULL, "bad_timestamp", "/ts");
	reject_m("ts on 29 February 2026", w1, "ts",
	    "\"2026-02-29T09:00:00.000Z\"", NULL, "bad_timestamp", "/ts");
	reject_m("ts second 60", w1, "ts", "\"2026-11-18T09:00:60.000Z\"",
	    NULL, "bad_timestamp", "/ts");
	reject_m("ts of 40 bytes", w1, "ts",
	    "\"2026-11-18T09:00:00.000Z0000000000000000\"", NULL,
	    "bad_timestamp", "/ts");

	/* op and type */
	reject_m("op absent", w1, "op", NULL, NULL, "bad_entry", "/op");
	reject_m("op in upper case", w1, "op", "\"PUT\"", NULL, "bad_op",
	    "/op");
	reject_m("op with a trailing space", w1, "op", "\"put \"", NULL,
	    "bad_op", "/op");
	reject_m("op of 9 bytes", w1, "op", "\"putputput\"", NULL, "bad_op",
	    "/op");
	reject_m("type absent", w1, "type", NULL, NULL, "bad_entry", "/type");
	reject_m("type an array", w1, "type", "[\"organisation\"]", NULL,
	    "bad_entry", "/type");
	reject_m("type capitalised", w1, "type", "\"Organisation\"", NULL,
	    "unknown_type", "/type");
	reject_m("type the id's kind", w1, "type", "\"org\"", NULL,
	    "unknown_type", "/type");
	reject_m("type of 40 bytes", w1, "type", (v = jrep("organisation", 's',
	    28, "")), NULL, "unknown_type", "/type");
	free(v);

	/* id */
	reject_m("id absent", w1, "id", NULL, NULL, "bad_entry", "/id");
	reject_m("id upper-case country", w1, "id",
	    "\"SE:org:01JD3K6QWZ8M4T5V7X9Y0A1B2C\"", NULL, "bad_id", "/id");
	reject_m("id ULID with a lower-case letter", w1, "id",
	    "\"se:org:01jD3K6QWZ8M4T5V7X9Y0A1B2C\"", NULL, "bad_id", "/id");
	reject_m("id ULID starting with 8", w1, "id",
	    "\"se:org:81JD3K6QWZ8M4T5V7X9Y0A1B2C\"", NULL, "bad_id", "/id");
	reject_m("id of 64 bytes", w1, "id", (v = jrep("se:org:01JD3K6QWZ8M4T5V7"
	    "X9Y0A1B2C", 'A', 31, "")), NULL, "bad_id", "/id");
	free(v);

	/* body_hash */
	o = parse(w1);
	{
		char bh[65];

		snprintf(bh, sizeof(bh), "%s", json_string_value(
		    json_object_get(o, "body_hash")));
		for (t = bh; *t; t++)
			if (*t >= 'a' && *t <= 'f')
				*t = (char)(*t - 'a' + 'A');
		json_object_set_new(o, "body_hash", json_string(bh));
		t = dump(o);
		reject("body_hash in upper-case hex", NULL, t, "bad_entry",
		    "/body_hash");
		free(t);
	}
	json_decref(o);
	reject_m("body_hash of 63 digits", w1, "body_hash", (v = jrep("", 'a',
	    63, "")), NULL, "bad_entry", "/body_hash");
	free(v);
	reject_m("body_hash an integer", w1, "body_hash", "0", NULL,
	    "bad_entry", "/body_hash");

	/* key: 16 lower-case hex digits */
	reject_m("key absent", w1, "key", NULL, NULL, "bad_entry", "/key");
	o = parse(w1);
	{
		char kid[KEY_ID_LEN + 4];
		size_t i;

		snprintf(kid, sizeof(kid), "%s", se_key.id);
		for (i = 0; kid[i]; i++)
			if (kid[i] >= 'a' && kid[i] <= 'f')
				kid[i] = (char)(kid[i] - 'a' + 'A');
		json_object_set_new(o, "key", json_string(kid));
		resign_obj(o, k);
		t = dump(o);
		reject("key id in upper case (even signed so)", NULL, t,
		    "bad_entry", "/key");
		free(t);
		snprintf(kid, sizeof(kid), "0x%.14s", se_key.id);
		json_object_set_new(o, "key", json_string(kid));
		t = dump(o);
		reject("key id with a 0x prefix", NULL, t, "bad_entry", "/key");
		free(t);
		snprintf(kid, sizeof(kid), "%s0", se_key.id);
		json_object_set_new(o, "key", json_string(kid));
		t = dump(o);
		reject("key id of 17 digits", NULL, t, "bad_entry", "/key");
		free(t);
		snprintf(kid, sizeof(kid), "%.15sg", se_key.id);
		json_object_set_new(o, "key", json_string(kid));
		t = dump(o);
		reject("key id with a g", NULL, t, "bad_entry", "/key");
		free(t);
		json_object_set_new(o, "key", json_string("0000000000000000"));
		resign_obj(o, k);
		t = dump(o);
		reject("a well-formed key id no origin has", NULL, t,
		    "unknown_key", "/key");
		free(t);
	}
	json_decref(o);

	/* sig: 86 base64url characters, the last one of A Q g w */
	reject_m("sig absent", w1, "sig", NULL, NULL, "bad_entry", "/sig");
	o = parse(w1);
	{
		char sg[120], s0[100];

		snprintf(s0, sizeof(s0), "%s",
		    json_string_value(json_object_get(o, "sig")));

		snprintf(sg, sizeof(sg), "%s==", s0);
		json_object_set_new(o, "sig", json_string(sg));
		t = dump(o);
		reject("sig with base64 padding", NULL, t, "bad_entry", "/sig");
		free(t);
		snprintf(sg, sizeof(sg), "ed25519:%s", s0);
		json_object_set_new(o, "sig", json_string(sg));
		t = dump(o);
		reject("sig with a prefix", NULL, t, "bad_entry", "/sig");
		free(t);
		snprintf(sg, sizeof(sg), "%.85s", s0);
		json_object_set_new(o, "sig", json_string(sg));
		t = dump(o);
		reject("sig of 85 characters", NULL, t, "bad_entry", "/sig");
		free(t);
		snprintf(sg, sizeof(sg), "+/%.84s", s0 + 2);
		json_object_set_new(o, "sig", json_string(sg));
		t = dump(o);
		reject("sig in the standard base64 alphabet", NULL, t,
		    "bad_entry", "/sig");
		free(t);
		snprintf(sg, sizeof(sg), "%.85s%c", s0,
		    s0[85] == 'A' ? 'B' : s0[85] == 'Q' ? 'R' :
		    s0[85] == 'g' ? 'h' : 'x');
		json_object_set_new(o, "sig", json_string(sg));
		t = dump(o);
		reject("sig whose last character has non-zero spare bits", NULL,
		    t, "bad_entry", "/sig");
		free(t);
		json_object_set_new(o, "sig", json_integer(1));
		t = dump(o);
		reject("sig an integer", NULL, t, "bad_entry", "/sig");
		free(t);
	}
	json_decref(o);
	t = malleate(w1);
	reject("signature scalar S + L (a second spelling)", NULL, t,
	    "bad_signature", "/sig");
	free(t);

	/* body */
	o = parse(w1);
	{
		unsigned char h[ENTRY_HASH_LEN];
		char hex[2 * ENTRY_HASH_LEN + 1];

		/* an array body whose body_hash is right, signed: the body
		 * must be an object before anything else is asked of it */
		crypto_generichash(h, sizeof(h), (const unsigned char *)"[]", 2,
		    NULL, 0);
		entry_hex(h, hex);
		json_object_set_new(o, "body_hash", json_string(hex));
		json_object_set_new(o, "body", json_array());
		resign_obj(o, k);
		t = dump(o);
		reject("a body that is an array, hashed and signed", NULL, t,
		    "bad_entry", "/body");
		free(t);
		crypto_generichash(h, sizeof(h), (const unsigned char *)"\"x\"",
		    3, NULL, 0);
		entry_hex(h, hex);
		json_object_set_new(o, "body_hash", json_string(hex));
		json_object_set_new(o, "body", json_string("x"));
		resign_obj(o, k);
		t = dump(o);
		reject("a body that is a string, hashed and signed", NULL, t,
		    "bad_entry", "/body");
		free(t);
		json_object_set_new(o, "body", json_null());
		t = dump(o);
		reject("a body that is null", NULL, t, "bad_entry", "/body");
		free(t);
	}
	json_decref(o);
	reject_m("a body without body_hash", w1, "body_hash", NULL, k,
	    "bad_entry", "/body");

	/* the rules step, on entries that decode and verify */
	o = parse(w1);
	json_object_del(o, "body");
	json_object_del(o, "body_hash");
	resign_obj(o, k);
	t = dump(o);
	reject("a put without body_hash or body", NULL, t, "bad_entry",
	    "/body_hash");
	free(t);
	json_decref(o);
	o = parse(w1);
	json_object_del(o, "body");
	json_object_set_new(o, "op", json_string("delete"));
	resign_obj(o, k);
	t = dump(o);
	reject("a delete with body_hash", NULL, t, "bad_entry", "/body_hash");
	free(t);
	json_decref(o);
	reject_m("id of another kind than the type", w1, "id",
	    "\"se:net:01JD3K6QWZ8M4T5V7X9Y0A1B2C\"", k, "bad_id", "/id");
	reject_m("id of another kind and another owner: owner first", w1,
	    "id", "\"no:net:01JD3K6QWZ8M4T5V7X9Y0A1B2C\"", k, "not_owner",
	    "/id");
	reject_m("type key on an org id: the id's kind before op and type",
	    w1, "type", "\"key\"", k, "bad_id", "/id");
	reject_m("ts exactly 300 s ahead plus 1 ms", w1, "ts",
	    "\"2026-11-18T11:11:40.001Z\"", k, "future_timestamp", "/ts");
	t = mutate(w1, "ts", "\"2026-11-18T11:11:40.000Z\"", k);
	add("ts exactly 300 s ahead is accepted", NULL, t, "accepted", NULL,
	    NULL);
	free(t);
	reject_m("a body changed after signing: its hash before the signature",
	    w1, "body",
	    "{\"classification\":\"association\",\"country\":\"SE\","
	    "\"name\":\"\"}", NULL, "body_hash_mismatch", "/body");
	{
		json_t *b = json_pack("{s:s, s:s, s:s}", "classification",
		    "association", "country", "NO", "name", "Fel land");
		struct nf_entry e;

		sign(&e, k, "SE", 1, NULL, OP_PUT, REC_ORGANISATION, org_id, b);
		t = wire(&e, 1);
		reject("organisation country not the owner, under /body", NULL, t,
		    "not_owner", "/body/country");
		free(t);
		entry_clear(&e);
	}

	/* the order of the steps */
	t = mutate(w2, "ts", "\"2027-01-01T00:00:00.000Z\"", k);
	reject("signature before chain before rules: bad signature on a "
	    "replayed seq", held12, (v = mutate(t, "ts",
	    "\"2027-01-01T00:00:00.001Z\"", NULL)), "bad_signature", "/sig");
	free(v);
	add("chain before rules: a future entry after a gap is a gap", NULL, t,
	    "gap", "gap", NULL);
	add("chain before rules: a future entry at a held seq is a fork",
	    held12, t, "fork", "fork", NULL);
	reject("rules last: a future entry that chains", held1, t,
	    "future_timestamp", "/ts");
	free(t);
}

int
main(int argc, char **argv)
{
	unsigned char seed[KEY_SEED_LEN];
	struct nf_entry e1, e2, e3, e4, alt2, rot, no1, bad;
	char pk[KEY_PUB_B64_LEN + 1];
	const char *org_id = "se:org:01JD3K6QWZ8M4T5V7X9Y0A1B2C";
	const char *org2_id = "se:org:01JD3K7A0B1C2D3E4F5G6H7J8K";
	const char *no_org = "no:org:01JD3K6QWZ8M4T5V7X9Y0A1B2C";
	json_t *doc, *keys;
	char *w1, *w2, *w3, *t;
	const char *held1[2], *held12[3];
	FILE *f;

	if (argc != 2 || keys_init() != 0) {
		fprintf(stderr, "usage: gen_entries OUT.json\n");
		return 2;
	}
	memset(seed, 0x53, sizeof(seed));	/* 'S' */
	keys_from_seed(&se_key, seed);
	memset(seed, 0x4e, sizeof(seed));	/* 'N' */
	keys_from_seed(&no_key, seed);
	memset(seed, 0x52, sizeof(seed));	/* 'R': not pinned anywhere */
	keys_from_seed(&rogue_key, seed);
	cases = json_array();

	sign(&e1, &se_key, "SE", 1, NULL, OP_PUT, REC_ORGANISATION, org_id,
	    org("Språkcafé Göteborg", "SE"));
	sign(&e2, &se_key, "SE", 2, &e1, OP_PUT, REC_ORGANISATION, org2_id,
	    org("Föreningen Ærø–Þórshöfn", "SE"));
	sign(&e3, &se_key, "SE", 3, &e2, OP_DELETE, REC_ORGANISATION, org_id,
	    NULL);
	sign(&alt2, &se_key, "SE", 2, &e1, OP_PUT, REC_ORGANISATION, org2_id,
	    org("Föreningen Andra", "SE"));
	w1 = wire(&e1, 1);
	w2 = wire(&e2, 1);
	w3 = wire(&e3, 1);
	held1[0] = w1; held1[1] = NULL;
	held12[0] = w1; held12[1] = w2; held12[2] = NULL;

	add("first entry of a log", NULL, w1, "accepted", NULL, &e1);
	add("second entry chains to the first", held1, w2, "accepted", NULL, &e2);
	add("delete carries no body", held12, w3, "accepted", NULL, &e3);
	t = wire(&e1, 0);
	add("pruned entry: header and signature alone", NULL, t, "accepted",
	    NULL, &e1);
	free(t);
	add("replay of a held entry", held12, w1, "duplicate", "duplicate", NULL);
	add("entry after a gap", NULL, w2, "gap", "gap", NULL);
	t = wire(&alt2, 1);
	add("same origin and seq, other content", held12, t, "fork", "fork",
	    NULL);
	free(t);
	sign(&e4, &se_key, "SE", 3, &alt2, OP_DELETE, REC_ORGANISATION, org_id,
	    NULL);
	t = wire(&e4, 1);
	add("prev is not the held head", held12, t, "rejected", "prev_mismatch",
	    NULL);
	free(t);
	entry_clear(&e4);

	t = subst(w1, "Språkcafé", "Språkcafe");
	add("tampered body", NULL, t, "rejected", "body_hash_mismatch", NULL);
	free(t);
	t = subst(w1, "2026-11-18T09", "2026-11-18T08");
	add("tampered header", NULL, t, "rejected", "bad_signature", NULL);
	free(t);
	t = strdup(w1);
	{
		char *q = strstr(t, "\"sig\":\"") + 7;

		q[10] = q[10] == 'A' ? 'B' : 'A';
	}
	add("tampered signature", NULL, t, "rejected", "bad_signature", NULL);
	free(t);
	sign(&bad, &rogue_key, "SE", 1, NULL, OP_PUT, REC_ORGANISATION, org_id,
	    org("Språkcafé Göteborg", "SE"));
	t = wire(&bad, 1);
	add("signed by a key not pinned for the origin", NULL, t, "rejected",
	    "unknown_key", NULL);
	free(t);
	/* the pinned key's id, but the rogue key's signature */
	memcpy(bad.key, se_key.id, sizeof(bad.key));
	{
		struct nferr err;
		char *w;
		size_t l;
		json_t *o;

		t = wire(&bad, 1);
		if (canon_parse(t, strlen(t), NULL, &o, &err) != 0)
			die("parse", &err);
		free(t);
		/* re-sign the header naming se's key with the rogue key */
		json_object_set_new(o, "key", json_string(se_key.id));
		json_object_del(o, "sig");
		json_object_del(o, "body");
		{
			char *hdr, *msg, sig64[100];
			size_t hl, pl = sizeof(ENTRY_SIG_PREFIX) - 1;
			unsigned char sig[KEY_SIG_LEN];

			canon_dump(o, &hdr, &hl, &err);
			msg = malloc(pl + hl);
			memcpy(msg, ENTRY_SIG_PREFIX, pl);
			memcpy(msg + pl, hdr, hl);
			crypto_sign_detached(sig, NULL, (unsigned char *)msg, pl + hl,
			    rogue_key.sk);
			sodium_bin2base64(sig64, sizeof(sig64), sig, KEY_SIG_LEN,
			    sodium_base64_VARIANT_URLSAFE_NO_PADDING);
			json_object_set_new(o, "sig", json_string(sig64));
			free(hdr);
			free(msg);
		}
		canon_dump(o, &w, &l, &err);
		add("names the pinned key, signed by another", NULL, w, "rejected",
		    "bad_signature", NULL);
		free(w);
		json_decref(o);
	}
	entry_clear(&bad);

	sign(&bad, &se_key, "SE", 1, NULL, OP_PUT, REC_ORGANISATION, no_org,
	    org("Norsk forening", "SE"));
	t = wire(&bad, 1);
	add("writes a record another country owns", NULL, t, "rejected",
	    "not_owner", NULL);
	free(t);
	entry_clear(&bad);
	sign(&bad, &se_key, "SE", 1, NULL, OP_PUT, REC_ORGANISATION, org_id,
	    json_pack("{s:s, s:s}", "name", "Utan land", "classification",
	    "association"));
	t = wire(&bad, 1);
	add("body fails its type's validation", NULL, t, "rejected",
	    "missing_field", NULL);
	free(t);
	entry_clear(&bad);
	sign(&no1, &no_key, "NO", 1, NULL, OP_PUT, REC_ORGANISATION, no_org,
	    org("Norsk forening", "NO"));
	t = wire(&no1, 1);
	add("an origin without a pinned key", NULL, t, "rejected",
	    "unknown_origin", NULL);
	free(t);
	entry_clear(&no1);
	{
		struct nf_entry f1;

		entry_init(&f1);
		memcpy(f1.origin, "SE", 3);
		f1.seq = 1;
		memcpy(f1.ts, "2027-01-01T00:00:00.000Z", ENTRY_TS_LEN + 1);
		f1.op = OP_DELETE;
		f1.type = REC_ORGANISATION;
		snprintf(f1.id, sizeof(f1.id), "%s", org_id);
		if (entry_sign(&f1, &se_key, NULL) != 0)
			die("sign", NULL);
		t = wire(&f1, 1);
		add("timestamp beyond the skew window", NULL, t, "rejected",
		    "future_timestamp", NULL);
		free(t);
		entry_clear(&f1);
	}

	/* rotation: SE announces a new key at seq 2, signed by the old one */
	{
		char npk[KEY_PUB_B64_LEN + 1], spk[KEY_PUB_B64_LEN + 1];

		keys_pub_encode(no_key.pk, npk);
		sign(&rot, &se_key, "SE", 2, &e1, OP_KEY, REC_KEY,
		    "se:key:01JD3M0000000000000000000A",
		    json_pack("{s:s}", "public_key", npk));
		t = wire(&rot, 1);
		add("key rotation entry", held1, t, "accepted", NULL, &rot);
		free(t);
		t = wire(&rot, 0);
		reject("a key entry without its body", held1, t, "bad_entry",
		    "/body");
		free(t);
		{
			/* after the rotation: the new key signs from seq 3, the
			 * old one up to seq 2 only */
			struct nf_entry a3;
			const char *heldrot[3];
			char *wr = wire(&rot, 1);

			heldrot[0] = w1;
			heldrot[1] = wr;
			heldrot[2] = NULL;
			sign(&a3, &no_key, "SE", 3, &rot, OP_PUT,
			    REC_ORGANISATION, org_id, org("Ny nyckel", "SE"));
			t = wire(&a3, 1);
			add("signed by the new key after the rotation", heldrot, t,
			    "accepted", NULL, &a3);
			free(t);
			entry_clear(&a3);
			sign(&a3, &se_key, "SE", 3, &rot, OP_PUT,
			    REC_ORGANISATION, org_id, org("Gammal nyckel", "SE"));
			t = wire(&a3, 1);
			reject("signed by the retired key after the rotation",
			    heldrot, t, "unknown_key", "/key");
			free(t);
			entry_clear(&a3);
			sign(&a3, &no_key, "SE", 2, &e1, OP_PUT,
			    REC_ORGANISATION, org_id, org("För tidigt", "SE"));
			t = wire(&a3, 1);
			reject("signed by the new key at the rotation's own seq",
			    heldrot, t, "unknown_key", "/key");
			free(t);
			entry_clear(&a3);
			free(wr);
		}
		entry_clear(&rot);

		keys_pub_encode(se_key.pk, spk);
		sign(&rot, &se_key, "SE", 2, &e1, OP_KEY, REC_KEY,
		    "se:key:01JD3M0000000000000000000A",
		    json_pack("{s:s, s:s}", "public_key", npk, "previous_key",
		    spk));
		t = wire(&rot, 1);
		add("key rotation naming the key that signs it", held1, t,
		    "accepted", NULL, &rot);
		free(t);
		entry_clear(&rot);
		sign(&rot, &se_key, "SE", 2, &e1, OP_KEY, REC_KEY,
		    "se:key:01JD3M0000000000000000000A",
		    json_pack("{s:s, s:s}", "public_key", npk, "previous_key",
		    npk));
		t = wire(&rot, 1);
		reject("key rotation whose previous_key is not the signing key",
		    held1, t, "bad_value", "/body/previous_key");
		free(t);
		entry_clear(&rot);
		sign(&rot, &se_key, "SE", 2, &e1, OP_KEY, REC_KEY,
		    "se:key:01JD3M0000000000000000000A",
		    json_pack("{s:s}", "public_key", spk));
		t = wire(&rot, 1);
		reject("key rotation announcing the key that signs it", held1, t,
		    "bad_value", "/body/public_key");
		free(t);
		entry_clear(&rot);
		sign(&rot, &se_key, "SE", 2, &e1, OP_KEY, REC_KEY,
		    "se:key:01JD3M0000000000000000000A",
		    json_pack("{s:s, s:s}", "public_key", npk, "lang", "xx"));
		t = wire(&rot, 1);
		reject("key rotation with a bad lang: the record rules first",
		    held1, t, "bad_lang", "/body/lang");
		free(t);
		entry_clear(&rot);
	}

	/* structural rejections, from mutations of a good entry */
	t = subst(w1, "{", "{ ");
	add("whitespace: not canonical", NULL, t, "rejected", "not_canonical",
	    NULL);
	free(t);
	t = subst(w1, "\"seq\":1,", "\"seq\":1,\"seq\":1,");
	add("duplicate key", NULL, t, "rejected", "duplicate_key", NULL);
	free(t);
	t = strndup(w1, strlen(w1) / 2);
	add("truncated", NULL, t, "rejected", "syntax", NULL);
	free(t);
	t = subst(w1, "\"v\":1", "\"v\":1,\"x\":1");
	add("unknown header field", NULL, t, "rejected", "unknown_field", NULL);
	free(t);
	t = subst(w1, "\"v\":1", "\"v\":2");
	add("future protocol version", NULL, t, "rejected", "bad_version", NULL);
	free(t);
	t = subst(w1, "\"origin\":\"SE\"", "\"origin\":\"DE\"");
	add("origin outside the Nordics", NULL, t, "rejected", "bad_origin",
	    NULL);
	free(t);
	t = subst(w1, "\"seq\":1", "\"seq\":0");
	add("seq 0", NULL, t, "rejected", "bad_seq", NULL);
	free(t);
	t = subst(w1, "\"prev\":\"0", "\"prev\":\"1");
	add("first entry with a prev", NULL, t, "rejected", "bad_prev", NULL);
	free(t);
	t = subst(w1, "\"ts\":\"2026-11-18", "\"ts\":\"2026-13-18");
	add("month 13", NULL, t, "rejected", "bad_timestamp", NULL);
	free(t);
	t = subst(w1, "\"type\":\"organisation\"", "\"type\":\"person\"");
	add("personal data is not a replicated type", NULL, t, "rejected",
	    "unknown_type", NULL);
	free(t);
	t = subst(w1, "\"id\":\"se:org:01JD3K6QWZ8M4T5V7X9Y0A1B2C\"",
	    "\"id\":\"se:org:not-a-ulid\"");
	add("malformed record id", NULL, t, "rejected", "bad_id", NULL);
	free(t);
	t = subst(w1, "\"key\":\"", "\"key\":\"x");
	add("key id of the wrong length", NULL, t, "rejected", "bad_entry",
	    NULL);
	free(t);
	t = subst(w1, "\"seq\":1", "\"seq\":9007199254740992");
	add("seq beyond 2^53-1", NULL, t, "rejected", "integer_out_of_range",
	    NULL);
	free(t);
	sign(&bad, &se_key, "SE", 1, NULL, OP_KEY, REC_ORGANISATION, org_id,
	    org("Språkcafé Göteborg", "SE"));
	t = wire(&bad, 1);
	add("op key on an organisation", NULL, t, "rejected", "bad_op", NULL);
	free(t);
	entry_clear(&bad);
	t = subst(w1, "\"seq\":1", "\"seq\":1.0");
	add("a real number", NULL, t, "rejected", "real_number", NULL);
	free(t);
	pinned_cases(w1, w2, held1, held12, org_id);

	/* kept short in the file: "pad_to" says to append spaces up to that
	 * many bytes before verifying */
	add("over the size limit", NULL, w1, "rejected", "too_large", NULL);
	json_object_set_new(json_array_get(cases, json_array_size(cases) - 1),
	    "pad_to", json_integer(ENTRY_MAX_BYTES + 1));
	add("exactly at the size limit: parsed, and the padding is not "
	    "canonical", NULL, w1, "rejected", "not_canonical", NULL);
	json_object_set_new(json_array_get(cases, json_array_size(cases) - 1),
	    "pad_to", json_integer(ENTRY_MAX_BYTES));
	doc = json_object();
	keys = json_object();
	keys_pub_encode(se_key.pk, pk);
	json_object_set_new(keys, "SE", json_string(pk));
	json_object_set_new(doc, "comment", json_string(
	    "Golden vectors of entry verification; see docs/protocol.md. "
	    "Keys: Ed25519 seeds of 32 bytes 0x53 (SE) and 0x4e (NO, not "
	    "pinned); verification time 1795000000000 ms."));
	json_object_set_new(doc, "now_ms", json_integer(1795000000000LL));
	json_object_set_new(doc, "keys", keys);
	json_object_set_new(doc, "cases", cases);
	f = fopen(argv[1], "w");
	if (f == NULL || json_dumpf(doc, f, JSON_INDENT(1) | JSON_ENSURE_ASCII) ||
	    fputc('\n', f) == EOF || fclose(f) != 0) {
		perror(argv[1]);
		return 1;
	}
	json_decref(doc);
	entry_clear(&e1);
	entry_clear(&e2);
	entry_clear(&e3);
	entry_clear(&alt2);
	free(w1);
	free(w2);
	free(w3);
	keys_wipe(&se_key);
	return 0;
}
