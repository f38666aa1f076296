/*
 * keys: Ed25519 node keys, key ids and the keyring of pinned peer keys.
 *
 * A node's secret is kept as the 32-byte Ed25519 seed. Public keys travel
 * as base64url without padding (43 chars); a key id is the lowercase hex
 * of the first 8 bytes of BLAKE2b-256(public key) (16 chars).
 *
 * The keyring holds, per origin, the keys it has used with the range of
 * sequence numbers each may sign (rotation closes the old key's range).
 * It is a plain array owned by the caller; keyring_free releases it.
 * keys_load_seed/keys_save_seed and the fresh-key marker are the only file
 * I/O in protocol/.
 */
#ifndef KEYS_H
#define KEYS_H

#include <stdint.h>
#include <stddef.h>

#include "nferr.h"
#include "record.h"

#define KEY_PUB_LEN     32
#define KEY_SEED_LEN    32
#define KEY_SK_LEN      64
#define KEY_SIG_LEN     64
#define KEY_ID_LEN      16   /* hex chars */
#define KEY_PUB_B64_LEN 43

struct nf_key {
	unsigned char seed[KEY_SEED_LEN];
	unsigned char sk[KEY_SK_LEN];
	unsigned char pk[KEY_PUB_LEN];
	char id[KEY_ID_LEN + 1];
};

struct keyring_key {
	char origin[RECORD_ORIGIN_SIZE];
	unsigned char pk[KEY_PUB_LEN];
	char id[KEY_ID_LEN + 1];
	uint64_t from_seq;   /* first seq this key may sign (1 for the first) */
	uint64_t until_seq;  /* last seq it may sign; UINT64_MAX while current */
};

struct keyring {
	struct keyring_key *keys;
	size_t n, cap;
};

/* sodium_init() wrapper; 0 on success. Safe to call more than once. */
int keys_init(void);

int keys_generate(struct nf_key *k);
int keys_from_seed(struct nf_key *k, const unsigned char seed[KEY_SEED_LEN]);
void keys_wipe(struct nf_key *k);

/* Key id of a public key into id (KEY_ID_LEN + 1 bytes). */
void keys_id(const unsigned char pk[KEY_PUB_LEN], char id[KEY_ID_LEN + 1]);
/* base64url (no padding) <-> raw public key. */
void keys_pub_encode(const unsigned char pk[KEY_PUB_LEN], char out[KEY_PUB_B64_LEN + 1]);
int keys_pub_decode(const char *s, unsigned char pk[KEY_PUB_LEN], struct nferr *err);

/* Seed file: exactly 32 raw bytes, mode 0600 (refused if group/other
 * may read or write: code "key_file_mode"). save creates it with O_EXCL. */
int keys_load_seed(const char *path, struct nf_key *k, struct nferr *err);
int keys_save_seed(const char *path, const struct nf_key *k, struct nferr *err);

/*
 * The fresh-key marker, "<key_path>.fresh", a line "key <id>": whoever
 * makes a new key (nordfedctl keygen, init) marks it as one that has
 * signed nothing, so the node that first starts its log with it needs no
 * peer to confirm that its log is empty (docs/operations.md, Recovery).
 * mark creates the marker for k (O_EXCL, fsynced with its directory).
 * take removes it durably, whatever it holds, and returns 1 only when it
 * named k (the key in key_file now: a marker left beside another key
 * vouches for nothing), 0 when there was none or it named another key,
 * -1 on error. A node takes the marker at its first start with that key,
 * so a database deleted or restored later finds none.
 */
#define KEYS_FRESH_SUFFIX ".fresh"
int keys_fresh_mark(const char *key_path, const struct nf_key *k,
    struct nferr *err);
int keys_fresh_take(const char *key_path, const struct nf_key *k,
    struct nferr *err);

/* Keyring. add pins pk for origin from from_seq on (1 for a pinned key). */
int keyring_add(struct keyring *kr, const char *origin,
    const unsigned char pk[KEY_PUB_LEN], uint64_t from_seq);
/* A rotation at seq: the key old_id signs up to seq; new_pk from seq+1. */
int keyring_rotate(struct keyring *kr, const char *origin, const char *old_id,
    const unsigned char new_pk[KEY_PUB_LEN], uint64_t seq);
/* The key of origin with id that may sign seq; NULL when none.
 * *known is set to 1 when origin has any key at all. */
const struct keyring_key *keyring_find(const struct keyring *kr,
    const char *origin, const char *id, uint64_t seq, int *known);
void keyring_free(struct keyring *kr);

#endif
