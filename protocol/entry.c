/*
 * entry: build, encode, decode, sign and verify log entries; fork proofs.
 * See entry.h for the wire form and docs/protocol.md for every rule.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "canon.h"
#include "entry.h"

static const char *const verdict_names[] = {
	[VERDICT_ACCEPTED] = "accepted",
	[VERDICT_DUPLICATE] = "duplicate",
	[VERDICT_GAP] = "gap",
	[VERDICT_FORK] = "fork",
	[VERDICT_REJECTED] = "rejected",
};

static const char *const op_names[] = {
	[OP_PUT] = "put", [OP_DELETE] = "delete", [OP_KEY] = "key",
};

const char *
entry_verdict_name(enum entry_verdict v)
{
	if ((unsigned)v > VERDICT_REJECTED)
		return "rejected";
	return verdict_names[v];
}

void
entry_init(struct nf_entry *e)
{
	memset(e, 0, sizeof(*e));
}

void
entry_clear(struct nf_entry *e)
{
	json_decref(e->body);
	free(e->header);
	entry_init(e);
}

void
entry_hex(const unsigned char h[ENTRY_HASH_LEN], char out[2 * ENTRY_HASH_LEN + 1])
{
	sodium_bin2hex(out, 2 * ENTRY_HASH_LEN + 1, h, ENTRY_HASH_LEN);
}

int
entry_unhex(const char *s, unsigned char h[ENTRY_HASH_LEN])
{
	size_t i, n = 0;

	if (strlen(s) != 2 * ENTRY_HASH_LEN)
		return -1;
	for (i = 0; i < 2 * ENTRY_HASH_LEN; i++)	/* lower case only */
		if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f')))
			return -1;
	if (sodium_hex2bin(h, ENTRY_HASH_LEN, s, 2 * ENTRY_HASH_LEN, NULL, &n,
	    NULL) != 0 || n != ENTRY_HASH_LEN)
		return -1;
	return 0;
}

/* ---- timestamps ------------------------------------------------------ */

static void
civil_from_days(int64_t z, int *y, unsigned *m, unsigned *d)
{
	int64_t era;
	unsigned doe, yoe, doy, mp;

	z += 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = (unsigned)(z - era * 146097);
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	*d = doy - (153 * mp + 2) / 5 + 1;
	*m = mp < 10 ? mp + 3 : mp - 9;
	*y = (int)((int64_t)yoe + era * 400 + (*m <= 2));
}

/* The entry form of RFC 3339: exactly YYYY-MM-DDTHH:MM:SS.sssZ, from 1970. */
int
entry_ts_parse(const char *ts, int64_t *ms)
{
	int64_t sec;
	long nsec;

	if (strlen(ts) != ENTRY_TS_LEN || ts[19] != '.' || ts[23] != 'Z' ||
	    strncmp(ts, "1970", 4) < 0 ||
	    record_time_parse(ts, &sec, &nsec) != 0)
		return -1;
	*ms = sec * 1000 + nsec / 1000000;
	return 0;
}

void
entry_ts_format(int64_t ms, char out[ENTRY_TS_LEN + 1])
{
	int64_t secs = ms / 1000, days = secs / 86400;
	int64_t rem = secs % 86400;
	unsigned m, d;
	int y;

	if (ms < 0)
		ms = secs = days = rem = 0;
	char tmp[64];

	civil_from_days(days, &y, &m, &d);
	if (y > 9999)
		y = 9999;
	snprintf(tmp, sizeof(tmp), "%04d-%02u-%02uT%02d:%02d:%02d.%03dZ",
	    y, m, d, (int)(rem / 3600), (int)(rem / 60 % 60), (int)(rem % 60),
	    (int)(ms % 1000));
	memcpy(out, tmp, ENTRY_TS_LEN);
	out[ENTRY_TS_LEN] = '\0';
}

/* ---- header ---------------------------------------------------------- */

/* The header object: every field but sig and body. New reference. */
static json_t *
header_json(const struct nf_entry *e)
{
	char prev[2 * ENTRY_HASH_LEN + 1], bh[2 * ENTRY_HASH_LEN + 1];
	json_t *h;

	entry_hex(e->prev, prev);
	h = json_pack("{s:i, s:s, s:I, s:s, s:s, s:s, s:s, s:s, s:s}",
	    "v", e->v, "origin", e->origin, "seq", (json_int_t)e->seq,
	    "prev", prev, "ts", e->ts, "op", op_names[e->op],
	    "type", record_type_name(e->type), "id", e->id, "key", e->key);
	if (h != NULL && e->has_body_hash) {
		entry_hex(e->body_hash, bh);
		if (json_object_set_new(h, "body_hash", json_string(bh)) != 0) {
			json_decref(h);
			return NULL;
		}
	}
	return h;
}

/* Set e->header from the fields, and e->hash from the header. */
static int
header_compute(struct nf_entry *e, struct nferr *err)
{
	json_t *h = header_json(e);
	int rc;

	if (h == NULL)
		return nferr_set(err, "internal", "", "out of memory");
	free(e->header);
	e->header = NULL;
	rc = canon_dump(h, &e->header, &e->header_len, err);
	json_decref(h);
	if (rc != 0)
		return -1;
	crypto_generichash(e->hash, ENTRY_HASH_LEN,
	    (const unsigned char *)e->header, e->header_len, NULL, 0);
	return 0;
}

/* Signed message: ENTRY_SIG_PREFIX || header, in a malloc'd buffer. */
static unsigned char *
sig_message(const struct nf_entry *e, size_t *len)
{
	size_t plen = sizeof(ENTRY_SIG_PREFIX) - 1;
	unsigned char *m = malloc(plen + e->header_len);

	if (m == NULL)
		return NULL;
	memcpy(m, ENTRY_SIG_PREFIX, plen);
	memcpy(m + plen, e->header, e->header_len);
	*len = plen + e->header_len;
	return m;
}

static int
body_hash(const json_t *body, unsigned char out[ENTRY_HASH_LEN],
    struct nferr *err)
{
	char *buf = NULL;
	size_t len = 0;

	if (canon_dump(body, &buf, &len, err) != 0)
		return -1;
	crypto_generichash(out, ENTRY_HASH_LEN, (unsigned char *)buf, len,
	    NULL, 0);
	free(buf);
	return 0;
}

int
entry_sign(struct nf_entry *e, const struct nf_key *key, struct nferr *err)
{
	unsigned char *m;
	size_t mlen;

	/* from here on e owns a reference to body: entry_clear drops it */
	json_incref(e->body);
	e->v = ENTRY_VERSION;
	if (e->op < OP_PUT || e->op > OP_KEY || e->type <= REC_NONE ||
	    e->type >= REC__COUNT)
		return nferr_set(err, "bad_entry", "", "bad op or type");
	if (e->op == OP_DELETE) {
		if (e->body != NULL)
			return nferr_set(err, "bad_entry", "/body",
			    "a delete carries no body");
		e->has_body_hash = 0;
	} else {
		if (e->body == NULL)
			return nferr_set(err, "bad_entry", "/body",
			    "a %s needs a body", op_names[e->op]);
		if (body_hash(e->body, e->body_hash, err) != 0)
			return -1;
		e->has_body_hash = 1;
	}
	memcpy(e->key, key->id, sizeof(e->key));
	if (header_compute(e, err) != 0)
		return -1;
	if ((m = sig_message(e, &mlen)) == NULL)
		return nferr_set(err, "internal", "", "out of memory");
	crypto_sign_detached(e->sig, NULL, m, mlen, key->sk);
	free(m);
	return 0;
}

int
entry_encode(const struct nf_entry *e, int with_body, char **out, size_t *len,
    struct nferr *err)
{
	char sig[sodium_base64_ENCODED_LEN(KEY_SIG_LEN,
	    sodium_base64_VARIANT_URLSAFE_NO_PADDING)];
	json_t *o = header_json(e);
	int rc;

	if (o == NULL)
		return nferr_set(err, "internal", "", "out of memory");
	sodium_bin2base64(sig, sizeof(sig), e->sig, KEY_SIG_LEN,
	    sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	json_object_set_new(o, "sig", json_string(sig));
	if (with_body && e->body != NULL)
		json_object_set(o, "body", e->body);
	rc = canon_dump(o, out, len, err);
	json_decref(o);
	return rc;
}

/* ---- decode ---------------------------------------------------------- */

/*
 * A header field, by the one rule of docs/protocol.md section 5 (step 4):
 * absent or of the wrong JSON type is bad_entry at the field; present with
 * the right type but the wrong value is the field's own reason (given by
 * the caller), whatever the length. NULL when absent or not a string.
 */
static const char *
str_field(json_t *o, const char *name, struct nferr *err)
{
	char path[32];
	json_t *v = json_object_get(o, name);

	snprintf(path, sizeof(path), "/%s", name);
	if (v == NULL) {
		nferr_set(err, "bad_entry", path, "entry field %s is missing", name);
		return NULL;
	}
	if (!json_is_string(v)) {
		nferr_set(err, "bad_entry", path,
		    "entry field %s must be a string", name);
		return NULL;
	}
	return json_string_value(v);
}

/* Exactly n lower-case hex digits. */
static int
lower_hex(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f')))
			return 0;
	return s[n] == '\0';
}

/* The first member of o, in bytewise key order (the canonical order),
 * that is not an entry field; NULL when there is none. */
static const char *
first_unknown(json_t *o)
{
	static const char *const known[] = { "v", "origin", "seq", "prev",
	    "ts", "op", "type", "id", "body_hash", "key", "sig", "body", NULL };
	const char *key, *first = NULL;
	json_t *v;
	int i;

	json_object_foreach(o, key, v) {
		for (i = 0; known[i] != NULL; i++)
			if (strcmp(known[i], key) == 0)
				break;
		if (known[i] == NULL && (first == NULL || strcmp(key, first) < 0))
			first = key;
	}
	return first;
}

int
entry_decode(const char *buf, size_t len, struct nf_entry *e, struct nferr *err)
{
	struct canon_limits lim = { ENTRY_MAX_BYTES, CANON_MAX_DEPTH };
	json_t *o = NULL, *v;
	const char *s;
	char rec_origin[RECORD_ORIGIN_SIZE];
	enum record_type rt;
	size_t n;

	entry_init(e);
	if (len > ENTRY_MAX_BYTES)
		return nferr_set(err, "too_large", "",
		    "entry of %zu bytes is over the limit of %d", len,
		    ENTRY_MAX_BYTES);
	if (canon_parse_canonical(buf, len, &lim, &o, err) != 0)
		return -1;
	if (!json_is_object(o)) {
		nferr_set(err, "bad_entry", "", "an entry is a JSON object");
		goto fail;
	}

	/* the version first: a later version may change everything else */
	v = json_object_get(o, "v");
	if (!json_is_integer(v) || json_integer_value(v) != ENTRY_VERSION) {
		nferr_set(err, "bad_version", "/v",
		    "unsupported entry version (this node speaks %d)",
		    ENTRY_VERSION);
		goto fail;
	}
	e->v = ENTRY_VERSION;
	if ((s = first_unknown(o)) != NULL) {
		char path[128];

		snprintf(path, sizeof(path), "/%.100s", s);
		nferr_set(err, "unknown_field", path, "unknown entry field "
		    "\"%.64s\" (version %d)", s, ENTRY_VERSION);
		goto fail;
	}

	if ((s = str_field(o, "origin", err)) == NULL)
		goto fail;
	if (!record_origin_valid(s)) {
		nferr_set(err, "bad_origin", "/origin",
		    "origin \"%.16s\" is not one of SE NO DK FI IS GL FO AX", s);
		goto fail;
	}
	memcpy(e->origin, s, 3);

	v = json_object_get(o, "seq");
	if (!json_is_integer(v)) {
		nferr_set(err, "bad_entry", "/seq", v == NULL ?
		    "entry field seq is missing" : "seq must be an integer");
		goto fail;
	}
	if (json_integer_value(v) < 1) {
		nferr_set(err, "bad_seq", "/seq",
		    "seq must be an integer from 1");
		goto fail;
	}
	e->seq = (uint64_t)json_integer_value(v);

	if ((s = str_field(o, "prev", err)) == NULL)
		goto fail;
	if (entry_unhex(s, e->prev) != 0) {
		nferr_set(err, "bad_prev", "/prev",
		    "prev must be 64 lower-case hex digits");
		goto fail;
	}
	if ((e->seq == 1) != (sodium_is_zero(e->prev, ENTRY_HASH_LEN) != 0)) {
		nferr_set(err, "bad_prev", "/prev", e->seq == 1 ?
		    "the first entry of a log has an all-zero prev" :
		    "only the first entry of a log has an all-zero prev");
		goto fail;
	}

	if ((s = str_field(o, "ts", err)) == NULL)
		goto fail;
	{
		int64_t ms;

		if (entry_ts_parse(s, &ms) != 0) {
			nferr_set(err, "bad_timestamp", "/ts",
			    "ts must be YYYY-MM-DDTHH:MM:SS.sssZ");
			goto fail;
		}
	}
	memcpy(e->ts, s, ENTRY_TS_LEN + 1);

	if ((s = str_field(o, "op", err)) == NULL)
		goto fail;
	if (strcmp(s, "put") == 0)
		e->op = OP_PUT;
	else if (strcmp(s, "delete") == 0)
		e->op = OP_DELETE;
	else if (strcmp(s, "key") == 0)
		e->op = OP_KEY;
	else {
		nferr_set(err, "bad_op", "/op", "op must be put, delete or key");
		goto fail;
	}

	if ((s = str_field(o, "type", err)) == NULL)
		goto fail;
	if ((e->type = record_type_from_name(s)) == REC_NONE) {
		nferr_set(err, "unknown_type", "/type",
		    "unknown record type \"%.32s\"", s);
		goto fail;
	}
	if ((s = str_field(o, "id", err)) == NULL)
		goto fail;
	if (record_id_parse(s, rec_origin, &rt, NULL) != 0) {
		nferr_set(err, "bad_id", "/id", "\"%.64s\" is not a record id "
		    "(cc:kind:ulid, at most %d bytes)", s, RECORD_ID_MAX - 1);
		goto fail;
	}
	memcpy(e->id, s, strlen(s) + 1);

	v = json_object_get(o, "body_hash");
	if (v != NULL) {
		if (!json_is_string(v) ||
		    entry_unhex(json_string_value(v), e->body_hash) != 0) {
			nferr_set(err, "bad_entry", "/body_hash",
			    "body_hash must be 64 lower-case hex digits");
			goto fail;
		}
		e->has_body_hash = 1;
	}
	if ((s = str_field(o, "key", err)) == NULL)
		goto fail;
	if (!lower_hex(s, KEY_ID_LEN)) {
		nferr_set(err, "bad_entry", "/key",
		    "key must be a key id of %d lower-case hex digits",
		    KEY_ID_LEN);
		goto fail;
	}
	memcpy(e->key, s, KEY_ID_LEN + 1);

	/* libsodium refuses any other alphabet, padding, and a last
	 * character whose 4 spare bits are not zero: one spelling each */
	if ((s = str_field(o, "sig", err)) == NULL)
		goto fail;
	if (strlen(s) != 86 || sodium_base642bin(e->sig, KEY_SIG_LEN, s, 86,
	    NULL, &n, NULL, sodium_base64_VARIANT_URLSAFE_NO_PADDING) != 0 ||
	    n != KEY_SIG_LEN) {
		nferr_set(err, "bad_entry", "/sig",
		    "sig must be 86 base64url characters (unpadded, the last "
		    "one of A Q g w)");
		goto fail;
	}

	v = json_object_get(o, "body");
	if (v != NULL) {
		unsigned char h[ENTRY_HASH_LEN];

		if (!json_is_object(v)) {
			nferr_set(err, "bad_entry", "/body",
			    "body must be a JSON object");
			goto fail;
		}
		if (!e->has_body_hash) {
			nferr_set(err, "bad_entry", "/body",
			    "an entry without body_hash carries no body");
			goto fail;
		}
		if (body_hash(v, h, err) != 0)
			goto fail;
		if (sodium_memcmp(h, e->body_hash, ENTRY_HASH_LEN) != 0) {
			nferr_set(err, "body_hash_mismatch", "/body",
			    "the body does not hash to body_hash");
			goto fail;
		}
		e->body = json_incref(v);
	}
	if (header_compute(e, err) != 0)
		goto fail;
	json_decref(o);
	return 0;
fail:
	json_decref(o);
	entry_clear(e);
	return -1;
}

int
entry_check_sig(const struct nf_entry *e, const struct keyring *kr,
    struct nferr *err)
{
	const struct keyring_key *kk;
	unsigned char *m;
	size_t mlen;
	int known, rc;

	kk = keyring_find(kr, e->origin, e->key, e->seq, &known);
	if (kk == NULL) {
		if (!known)
			return nferr_set(err, "unknown_origin", "/origin",
			    "no key is pinned for origin %s", e->origin);
		return nferr_set(err, "unknown_key", "/key",
		    "key %s is not a key of %s valid at seq %" PRIu64,
		    e->key, e->origin, e->seq);
	}
	if ((m = sig_message(e, &mlen)) == NULL)
		return nferr_set(err, "internal", "", "out of memory");
	rc = crypto_sign_verify_detached(e->sig, m, mlen, kk->pk);
	free(m);
	if (rc != 0)
		return nferr_set(err, "bad_signature", "/sig",
		    "signature does not verify with %s's key %s", e->origin,
		    e->key);
	return 0;
}

/*
 * A key entry announces a key other than the one that signs it, and when
 * it names the signing key (previous_key) that must be the key its "key"
 * field names: the log then says which public key signed up to here.
 */
static int
key_body_rules(const struct nf_entry *e, struct nferr *err)
{
	unsigned char pk[KEY_PUB_LEN];
	char id[KEY_ID_LEN + 1];
	const char *s;

	s = json_string_value(json_object_get(e->body, "public_key"));
	if (s == NULL || keys_pub_decode(s, pk, NULL) != 0)
		return nferr_set(err, "bad_value", "/body/public_key",
		    "public_key is not a public key");
	keys_id(pk, id);
	if (strcmp(id, e->key) == 0)
		return nferr_set(err, "bad_value", "/body/public_key",
		    "a key entry announces a new key, not key %s that signs it",
		    e->key);
	s = json_string_value(json_object_get(e->body, "previous_key"));
	if (s == NULL)
		return 0;
	if (keys_pub_decode(s, pk, NULL) != 0)
		return nferr_set(err, "bad_value", "/body/previous_key",
		    "previous_key is not a public key");
	keys_id(pk, id);
	if (strcmp(id, e->key) != 0)
		return nferr_set(err, "bad_value", "/body/previous_key",
		    "previous_key has key id %s, but the entry is signed by key "
		    "%s", id, e->key);
	return 0;
}

int
entry_check_rules(const struct nf_entry *e, int64_t now_ms, struct nferr *err)
{
	char rec_origin[RECORD_ORIGIN_SIZE];
	enum record_type rt;
	int64_t ts;

	if (record_id_parse(e->id, rec_origin, &rt, err) != 0)
		return -1;
	if (memcmp(rec_origin, e->origin, 2) != 0)
		return nferr_set(err, "not_owner", "/id",
		    "record %s is owned by %s, not %s", e->id, rec_origin,
		    e->origin);
	if (rt != e->type)
		return nferr_set(err, "bad_id", "/id",
		    "id %s is not of type %s", e->id, record_type_name(e->type));
	if ((e->op == OP_KEY) != (e->type == REC_KEY))
		return nferr_set(err, "bad_op", "/op",
		    "op key goes with type key, and only with it");
	if ((e->op == OP_DELETE) == e->has_body_hash)
		return nferr_set(err, "bad_entry", "/body_hash",
		    e->op == OP_DELETE ? "a delete has no body_hash" :
		    "a put needs body_hash");
	if (e->op == OP_KEY && e->body == NULL)
		return nferr_set(err, "bad_entry", "/body",
		    "a key entry always carries its body");
	if (entry_ts_parse(e->ts, &ts) != 0)
		return nferr_set(err, "bad_timestamp", "/ts", "bad timestamp");
	if (ts > now_ms + ENTRY_MAX_SKEW_MS)
		return nferr_set(err, "future_timestamp", "/ts",
		    "ts %s is more than %d s ahead of this node's clock", e->ts,
		    ENTRY_MAX_SKEW_MS / 1000);
	if (e->body != NULL) {
		if (record_validate(e->type, e->id, e->origin, e->body, err) != 0) {
			char f[sizeof(err->field)];

			if (err != NULL) {
				snprintf(f, sizeof(f), "/body%.120s", err->field);
				memcpy(err->field, f, sizeof(f));
			}
			return -1;
		}
		if (e->op == OP_KEY && key_body_rules(e, err) != 0)
			return -1;
	}
	return 0;
}

enum entry_verdict
entry_verify_decoded(struct nf_entry *e, const struct keyring *kr,
    const struct chain_view *cv, int64_t now_ms, struct nferr *err)
{
	unsigned char h[ENTRY_HASH_LEN];

	if (entry_check_sig(e, kr, err) != 0)
		return VERDICT_REJECTED;
	if (cv != NULL && e->seq <= cv->head_seq) {
		if (cv->hash_at == NULL || cv->hash_at(cv->ctx, e->seq, h) != 0 ||
		    sodium_memcmp(h, e->hash, ENTRY_HASH_LEN) == 0) {
			nferr_set(err, "duplicate", "",
			    "%s seq %" PRIu64 " is already held", e->origin, e->seq);
			return VERDICT_DUPLICATE;
		}
		nferr_set(err, "fork", "", "%s signed two different entries "
		    "with seq %" PRIu64, e->origin, e->seq);
		return VERDICT_FORK;
	}
	if (cv != NULL && e->seq > cv->head_seq + 1) {
		nferr_set(err, "gap", "/seq", "%s seq %" PRIu64 " after head %"
		    PRIu64 ": entries are missing", e->origin, e->seq,
		    cv->head_seq);
		return VERDICT_GAP;
	}
	if (cv != NULL && e->seq > 1 &&
	    sodium_memcmp(e->prev, cv->head_hash, ENTRY_HASH_LEN) != 0) {
		nferr_set(err, "prev_mismatch", "/prev", "%s seq %" PRIu64
		    " does not follow the held entry %" PRIu64
		    " (the origin signed another chain)", e->origin, e->seq,
		    cv->head_seq);
		return VERDICT_REJECTED;
	}
	if (entry_check_rules(e, now_ms, err) != 0)
		return VERDICT_REJECTED;
	nferr_clear(err);
	return VERDICT_ACCEPTED;
}

enum entry_verdict
entry_verify(const char *buf, size_t len, const struct keyring *kr,
    const struct chain_view *cv, int64_t now_ms, struct nf_entry *e,
    struct nferr *err)
{
	enum entry_verdict v;

	if (entry_decode(buf, len, e, err) != 0)
		return VERDICT_REJECTED;
	v = entry_verify_decoded(e, kr, cv, now_ms, err);
	if (v == VERDICT_REJECTED)
		entry_clear(e);
	return v;
}

/* ---- fork proofs ----------------------------------------------------- */

int
entry_fork_proof(const struct nf_entry *a, const struct nf_entry *b,
    char **out, size_t *len, struct nferr *err)
{
	char *ea = NULL, *eb = NULL;
	size_t la, lb;
	json_t *ja = NULL, *jb = NULL, *o = NULL;
	int rc = -1;

	if (memcmp(a->origin, b->origin, 2) != 0 || a->seq != b->seq ||
	    memcmp(a->hash, b->hash, ENTRY_HASH_LEN) == 0)
		return nferr_set(err, "not_a_fork", "",
		    "a fork is two different entries of one origin and seq");
	if (entry_encode(a, 0, &ea, &la, err) != 0 ||
	    entry_encode(b, 0, &eb, &lb, err) != 0)
		goto out;
	if (canon_parse(ea, la, NULL, &ja, err) != 0 ||
	    canon_parse(eb, lb, NULL, &jb, err) != 0)
		goto out;
	/* a sorts before b by entry hash, so a proof has one form */
	if (memcmp(a->hash, b->hash, ENTRY_HASH_LEN) > 0) {
		json_t *t = ja;
		ja = jb;
		jb = t;
	}
	o = json_pack("{s:O, s:O, s:s, s:I}", "a", ja, "b", jb,
	    "origin", a->origin, "seq", (json_int_t)a->seq);
	if (o == NULL) {
		nferr_set(err, "internal", "", "out of memory");
		goto out;
	}
	rc = canon_dump(o, out, len, err);
out:
	free(ea);
	free(eb);
	json_decref(ja);
	json_decref(jb);
	json_decref(o);
	return rc;
}

int
entry_fork_verify(const char *buf, size_t len, const struct keyring *kr,
    char origin[RECORD_ORIGIN_SIZE], uint64_t *seq, struct nferr *err)
{
	struct canon_limits lim = { 2 * ENTRY_MAX_BYTES, CANON_MAX_DEPTH };
	struct nf_entry a, b;
	json_t *o = NULL;
	char *ea = NULL, *eb = NULL;
	size_t la, lb;
	int rc = -1;

	entry_init(&a);
	entry_init(&b);
	if (canon_parse_canonical(buf, len, &lim, &o, err) != 0)
		return -1;
	if (!json_is_object(o) || json_object_size(o) != 4 ||
	    !json_is_object(json_object_get(o, "a")) ||
	    !json_is_object(json_object_get(o, "b"))) {
		nferr_set(err, "bad_proof", "",
		    "a fork proof is {\"a\":entry,\"b\":entry,\"origin\",\"seq\"}");
		goto out;
	}
	if (canon_dump(json_object_get(o, "a"), &ea, &la, err) != 0 ||
	    canon_dump(json_object_get(o, "b"), &eb, &lb, err) != 0)
		goto out;
	if (entry_decode(ea, la, &a, err) != 0 ||
	    entry_decode(eb, lb, &b, err) != 0 ||
	    entry_check_sig(&a, kr, err) != 0 ||
	    entry_check_sig(&b, kr, err) != 0)
		goto out;
	if (memcmp(a.origin, b.origin, 2) != 0 || a.seq != b.seq ||
	    memcmp(a.hash, b.hash, ENTRY_HASH_LEN) == 0 ||
	    !json_is_string(json_object_get(o, "origin")) ||
	    strcmp(json_string_value(json_object_get(o, "origin")), a.origin) ||
	    json_integer_value(json_object_get(o, "seq")) != (json_int_t)a.seq) {
		nferr_set(err, "not_a_fork", "",
		    "the two entries are not one origin and seq with two hashes");
		goto out;
	}
	memcpy(origin, a.origin, 3);
	*seq = a.seq;
	rc = 0;
out:
	free(ea);
	free(eb);
	entry_clear(&a);
	entry_clear(&b);
	json_decref(o);
	return rc;
}
