/*
 * entry: the signed, hash-chained log entry (docs/protocol.md, "Entries").
 *
 * Wire form: one canonical JSON object per entry,
 *   {"body":{..},"body_hash":"<hex64>","id":"se:org:<ulid>","key":"<keyid>",
 *    "op":"put","origin":"SE","prev":"<hex64>","seq":7,"sig":"<b64url>",
 *    "ts":"2026-11-23T15:04:05.123Z","type":"organisation","v":1}
 * The header is the object without "sig" and "body". The signature is
 * Ed25519 over ENTRY_SIG_PREFIX || canonical(header); the entry hash is
 * BLAKE2b-256 over the same bytes; body_hash is BLAKE2b-256 of the
 * canonical body. A pruned entry travels without "body" and still verifies.
 *
 * Ownership: struct nf_entry owns body (a json_t reference) and header
 * (malloc'd canonical header bytes); entry_clear releases both.
 */
#ifndef ENTRY_H
#define ENTRY_H

#include <stdint.h>
#include <stddef.h>
#include <jansson.h>

#include "keys.h"
#include "nferr.h"
#include "record.h"

#define ENTRY_VERSION     1
#define ENTRY_SIG_PREFIX  "nordfed-entry-v1\n"
#define ENTRY_HASH_LEN    32
#define ENTRY_MAX_BYTES   (256 * 1024)   /* one wire entry, body included */
#define ENTRY_TS_LEN      24             /* YYYY-MM-DDTHH:MM:SS.sssZ */
#define ENTRY_MAX_SKEW_MS (5 * 60 * 1000)

enum entry_op { OP_PUT = 1, OP_DELETE, OP_KEY };

struct nf_entry {
	int v;
	char origin[RECORD_ORIGIN_SIZE];
	uint64_t seq;
	unsigned char prev[ENTRY_HASH_LEN];    /* zeros for seq 1 */
	char ts[ENTRY_TS_LEN + 1];
	enum entry_op op;
	enum record_type type;
	char id[RECORD_ID_MAX];
	int has_body_hash;                     /* put and key: 1; delete: 0 */
	unsigned char body_hash[ENTRY_HASH_LEN];
	char key[KEY_ID_LEN + 1];
	unsigned char sig[KEY_SIG_LEN];
	json_t *body;                          /* owned; NULL: pruned or delete */
	unsigned char hash[ENTRY_HASH_LEN];    /* computed */
	char *header;                          /* owned canonical header */
	size_t header_len;
};

/* Verdicts of entry_verify, and their wire names. */
enum entry_verdict {
	VERDICT_ACCEPTED = 0,
	VERDICT_DUPLICATE,
	VERDICT_GAP,
	VERDICT_FORK,
	VERDICT_REJECTED
};
const char *entry_verdict_name(enum entry_verdict v);

/* What the verifier needs to know of the receiver's copy of the origin's
 * chain. hash_at returns 0 and fills out with the stored entry hash at
 * seq (1 <= seq <= head_seq), -1 when it has none (then a duplicate
 * cannot be told from a fork and the entry is treated as a duplicate). */
struct chain_view {
	uint64_t head_seq;                          /* 0: nothing held */
	unsigned char head_hash[ENTRY_HASH_LEN];
	int (*hash_at)(void *ctx, uint64_t seq, unsigned char out[ENTRY_HASH_LEN]);
	void *ctx;
};

void entry_init(struct nf_entry *e);
void entry_clear(struct nf_entry *e);

/*
 * Make and sign a local entry. The caller fills origin, seq, prev, ts, op,
 * type, id (and body for put/key; body is borrowed and a new reference is
 * taken at once, so entry_clear is always right); entry_sign computes body_hash, key, header, sig and hash.
 */
int entry_sign(struct nf_entry *e, const struct nf_key *key, struct nferr *err);

/* Canonical wire bytes, with or without the body. malloc'd, caller frees. */
int entry_encode(const struct nf_entry *e, int with_body, char **out,
    size_t *len, struct nferr *err);

/*
 * Decode wire bytes: steps 1-4 of docs/protocol.md section 5 (size,
 * parse, canonical check, then the header: v first, unknown fields, each
 * field in table order with its one reason, the body an object that
 * hashes to body_hash), and the header and hash computation. Does not
 * check the signature, the chain or the application rules.
 */
int entry_decode(const char *buf, size_t len, struct nf_entry *e,
    struct nferr *err);

/* Signature against the origin's key in kr valid for e->seq. */
int entry_check_sig(const struct nf_entry *e, const struct keyring *kr,
    struct nferr *err);

/* Application rules: owner, op/type consistency, body valid for type,
 * timestamp not beyond now_ms + ENTRY_MAX_SKEW_MS. */
int entry_check_rules(const struct nf_entry *e, int64_t now_ms,
    struct nferr *err);

/*
 * The whole pipeline in the order of the design: size, parse, canonical,
 * signature, chain, application rules. On VERDICT_ACCEPTED, DUPLICATE,
 * GAP and FORK the decoded entry is left in *e (caller entry_clear()s it);
 * on VERDICT_REJECTED err says why (err->code is the stable reason).
 * For GAP, FORK and DUPLICATE err->code is also set ("gap", "fork",
 * "duplicate") with a message.
 */
enum entry_verdict entry_verify(const char *buf, size_t len,
    const struct keyring *kr, const struct chain_view *cv, int64_t now_ms,
    struct nf_entry *e, struct nferr *err);

/*
 * Steps 4-6 (signature, chain, rules) on an entry from entry_decode, for
 * callers that need the origin before they can build the chain view. The
 * entry is left in *e whatever the verdict (the caller entry_clear()s it).
 */
enum entry_verdict entry_verify_decoded(struct nf_entry *e,
    const struct keyring *kr, const struct chain_view *cv, int64_t now_ms,
    struct nferr *err);

/*
 * Fork proof: two entries of one origin and seq, both validly signed, with
 * different hashes. Wire form {"a":<entry>,"b":<entry>,"origin":..,"seq":..}
 * with entries without body. verify returns 0 when it proves a fork.
 */
int entry_fork_proof(const struct nf_entry *a, const struct nf_entry *b,
    char **out, size_t *len, struct nferr *err);
int entry_fork_verify(const char *buf, size_t len, const struct keyring *kr,
    char origin[RECORD_ORIGIN_SIZE], uint64_t *seq, struct nferr *err);

/* Hex helpers for hashes (64 lowercase chars + NUL). */
void entry_hex(const unsigned char h[ENTRY_HASH_LEN], char out[2 * ENTRY_HASH_LEN + 1]);
int entry_unhex(const char *s, unsigned char h[ENTRY_HASH_LEN]);

/* RFC 3339 timestamp <-> ms since the epoch (UTC "Z" form of entries). */
int entry_ts_parse(const char *ts, int64_t *ms);
void entry_ts_format(int64_t ms, char out[ENTRY_TS_LEN + 1]);

#endif
