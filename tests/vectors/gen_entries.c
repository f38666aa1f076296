/*
 * gen_entries: writes tests/vectors/entries/entries.json, the golden
 * vectors of entry verification: keys from fixed seeds (Ed25519 signing is
 * deterministic), fixed timestamps, and one case per verdict and reason.
 * Run by `make vectors`; the output is committed and checked by
 * tests/unit/test_entry.c (and by any second implementation).
 *
 * Each case: {"name", "chain": [wire entries the receiver holds, seq 1..],
 * "input": wire entry, "verdict", "reason" (absent when accepted),
 * "hash" and "header" for accepted entries}. Verification time is
 * 2026-11-18T09:46:40Z (1795000000000 ms).
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
		char npk[KEY_PUB_B64_LEN + 1];

		keys_pub_encode(no_key.pk, npk);
		sign(&rot, &se_key, "SE", 2, &e1, OP_KEY, REC_KEY,
		    "se:key:01JD3M0000000000000000000A",
		    json_pack("{s:s}", "public_key", npk));
		t = wire(&rot, 1);
		add("key rotation entry", held1, t, "accepted", NULL, &rot);
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
	/* kept short in the file: "pad_to" says to append spaces up to that
	 * many bytes before verifying */
	add("over the size limit", NULL, w1, "rejected", "too_large", NULL);
	json_object_set_new(json_array_get(cases, json_array_size(cases) - 1),
	    "pad_to", json_integer(ENTRY_MAX_BYTES + 1));
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
