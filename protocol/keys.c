/*
 * keys: Ed25519 key pairs from 32-byte seeds, key ids, the seed file and the
 * keyring of pinned keys. See keys.h.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sodium.h>

#include "keys.h"

int
keys_init(void)
{
	return sodium_init() < 0 ? -1 : 0;
}

int
keys_from_seed(struct nf_key *k, const unsigned char seed[KEY_SEED_LEN])
{
	memcpy(k->seed, seed, KEY_SEED_LEN);
	if (crypto_sign_seed_keypair(k->pk, k->sk, k->seed) != 0)
		return -1;
	keys_id(k->pk, k->id);
	return 0;
}

int
keys_generate(struct nf_key *k)
{
	unsigned char seed[KEY_SEED_LEN];
	int rc;

	randombytes_buf(seed, sizeof(seed));
	rc = keys_from_seed(k, seed);
	sodium_memzero(seed, sizeof(seed));
	return rc;
}

void
keys_wipe(struct nf_key *k)
{
	sodium_memzero(k, sizeof(*k));
}

void
keys_id(const unsigned char pk[KEY_PUB_LEN], char id[KEY_ID_LEN + 1])
{
	unsigned char h[crypto_generichash_BYTES];

	crypto_generichash(h, sizeof(h), pk, KEY_PUB_LEN, NULL, 0);
	sodium_bin2hex(id, KEY_ID_LEN + 1, h, KEY_ID_LEN / 2);
}

void
keys_pub_encode(const unsigned char pk[KEY_PUB_LEN], char out[KEY_PUB_B64_LEN + 1])
{
	sodium_bin2base64(out, KEY_PUB_B64_LEN + 1, pk, KEY_PUB_LEN,
	    sodium_base64_VARIANT_URLSAFE_NO_PADDING);
}

int
keys_pub_decode(const char *s, unsigned char pk[KEY_PUB_LEN], struct nferr *err)
{
	size_t n = 0;
	const char *end = NULL;

	if (s == NULL || strlen(s) != KEY_PUB_B64_LEN)
		return nferr_set(err, "bad_public_key", "",
		    "a public key is %d base64url characters", KEY_PUB_B64_LEN);
	if (sodium_base642bin(pk, KEY_PUB_LEN, s, KEY_PUB_B64_LEN, NULL, &n,
	    &end, sodium_base64_VARIANT_URLSAFE_NO_PADDING) != 0 ||
	    n != KEY_PUB_LEN || end != s + KEY_PUB_B64_LEN)
		return nferr_set(err, "bad_public_key", "",
		    "public key is not valid base64url");
	return 0;
}

int
keys_load_seed(const char *path, struct nf_key *k, struct nferr *err)
{
	unsigned char seed[KEY_SEED_LEN + 1];
	struct stat st;
	ssize_t n;
	int fd, rc = -1;

	fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
	if (fd < 0)
		return nferr_set(err, "key_file", "", "%s: %s", path,
		    strerror(errno));
	if (fstat(fd, &st) != 0) {
		nferr_set(err, "key_file", "", "%s: %s", path, strerror(errno));
		goto out;
	}
	if (!S_ISREG(st.st_mode)) {
		nferr_set(err, "key_file", "", "%s: not a regular file", path);
		goto out;
	}
	if (st.st_mode & (S_IRWXG | S_IRWXO)) {
		nferr_set(err, "key_file_mode", "",
		    "%s: mode %03o lets group or others read it; chmod 600 it",
		    path, (unsigned)(st.st_mode & 0777));
		goto out;
	}
	n = read(fd, seed, sizeof(seed));
	if (n != KEY_SEED_LEN) {
		nferr_set(err, "key_file", "",
		    "%s: a key file holds exactly %d bytes (the Ed25519 seed)",
		    path, KEY_SEED_LEN);
		goto out;
	}
	if (keys_from_seed(k, seed) != 0) {
		nferr_set(err, "key_file", "", "%s: cannot derive key", path);
		goto out;
	}
	rc = 0;
out:
	sodium_memzero(seed, sizeof(seed));
	close(fd);
	return rc;
}

int
keys_save_seed(const char *path, const struct nf_key *k, struct nferr *err)
{
	int fd;
	ssize_t n;

	fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0600);
	if (fd < 0)
		return nferr_set(err, "key_file", "", "%s: %s", path,
		    strerror(errno));
	n = write(fd, k->seed, KEY_SEED_LEN);
	if (n != KEY_SEED_LEN || fsync(fd) != 0) {
		close(fd);
		unlink(path);
		return nferr_set(err, "key_file", "", "%s: write failed", path);
	}
	if (close(fd) != 0)
		return nferr_set(err, "key_file", "", "%s: %s", path,
		    strerror(errno));
	return 0;
}

/* "<key_path>.fresh" into out; -1 when it does not fit. */
static int
fresh_path(const char *key_path, char *out, size_t len)
{
	int n = snprintf(out, len, "%s" KEYS_FRESH_SUFFIX, key_path);

	return n < 0 || (size_t)n >= len ? -1 : 0;
}

/* fsync the directory holding path, so a create or unlink is durable. */
static int
sync_dir_of(const char *path)
{
	char dir[4096];
	const char *slash = strrchr(path, '/');
	int fd, rc;

	if (slash == NULL)
		snprintf(dir, sizeof(dir), ".");
	else if (slash == path)
		snprintf(dir, sizeof(dir), "/");
	else if ((size_t)(slash - path) < sizeof(dir))
		snprintf(dir, sizeof(dir), "%.*s", (int)(slash - path), path);
	else
		return -1;
	if ((fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) < 0)
		return -1;
	rc = fsync(fd);
	close(fd);
	return rc;
}

int
keys_fresh_mark(const char *key_path, const struct nf_key *k,
    struct nferr *err)
{
	char path[4096], text[512];
	int fd, n;

	if (fresh_path(key_path, path, sizeof(path)) != 0)
		return nferr_set(err, "key_file", "", "%s: path too long",
		    key_path);
	n = snprintf(text, sizeof(text),
	    "key %s\n"
	    "# The key above has not signed anything yet. nordfed-node removes "
	    "this file when it\n# starts its log with that key; without it, "
	    "a node with an empty log waits for\n# a peer before signing "
	    "(docs/operations.md, Recovery).\n", k->id);
	fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW,
	    0600);
	if (fd < 0)
		return nferr_set(err, "key_file", "", "%s: %s", path,
		    strerror(errno));
	if (write(fd, text, (size_t)n) != n || fsync(fd) != 0) {
		close(fd);
		unlink(path);
		return nferr_set(err, "key_file", "", "%s: write failed", path);
	}
	if (close(fd) != 0 || sync_dir_of(path) != 0)
		return nferr_set(err, "key_file", "", "%s: %s", path,
		    strerror(errno));
	return 0;
}

int
keys_fresh_take(const char *key_path, const struct nf_key *k,
    struct nferr *err)
{
	char path[4096], text[128];
	struct stat st;
	ssize_t n = -1;
	int fd, named = 0;

	if (fresh_path(key_path, path, sizeof(path)) != 0)
		return nferr_set(err, "key_file", "", "%s: path too long",
		    key_path);
	if (lstat(path, &st) != 0) {
		if (errno == ENOENT)
			return 0;
		return nferr_set(err, "key_file", "", "%s: %s", path,
		    strerror(errno));
	}
	if (S_ISREG(st.st_mode) &&
	    (fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW)) >= 0) {
		n = read(fd, text, sizeof(text) - 1);
		close(fd);
	}
	if (n > 0) {
		text[n] = '\0';
		/* "key <id>\n": the marker speaks for that key only */
		named = strncmp(text, "key ", 4) == 0 &&
		    strncmp(text + 4, k->id, KEY_ID_LEN) == 0 &&
		    text[4 + KEY_ID_LEN] == '\n';
	}
	if (unlink(path) != 0 || sync_dir_of(path) != 0)
		return nferr_set(err, "key_file", "", "cannot remove %s: %s",
		    path, strerror(errno));
	return named;
}

int
keyring_add(struct keyring *kr, const char *origin,
    const unsigned char pk[KEY_PUB_LEN], uint64_t from_seq)
{
	struct keyring_key *kk;

	if (kr->n == kr->cap) {
		size_t cap = kr->cap ? kr->cap * 2 : 16;
		void *p = realloc(kr->keys, cap * sizeof(*kr->keys));

		if (p == NULL)
			return -1;
		kr->keys = p;
		kr->cap = cap;
	}
	kk = &kr->keys[kr->n++];
	memset(kk, 0, sizeof(*kk));
	memcpy(kk->origin, origin, 2);
	memcpy(kk->pk, pk, KEY_PUB_LEN);
	keys_id(pk, kk->id);
	kk->from_seq = from_seq;
	kk->until_seq = UINT64_MAX;
	return 0;
}

int
keyring_rotate(struct keyring *kr, const char *origin, const char *old_id,
    const unsigned char new_pk[KEY_PUB_LEN], uint64_t seq)
{
	size_t i;

	for (i = 0; i < kr->n; i++) {
		struct keyring_key *kk = &kr->keys[i];

		if (memcmp(kk->origin, origin, 2) == 0 &&
		    strcmp(kk->id, old_id) == 0 && kk->until_seq == UINT64_MAX) {
			kk->until_seq = seq;
			return keyring_add(kr, origin, new_pk, seq + 1);
		}
	}
	return -1;
}

const struct keyring_key *
keyring_find(const struct keyring *kr, const char *origin, const char *id,
    uint64_t seq, int *known)
{
	size_t i;

	if (known)
		*known = 0;
	for (i = 0; i < kr->n; i++) {
		const struct keyring_key *kk = &kr->keys[i];

		if (memcmp(kk->origin, origin, 2) != 0)
			continue;
		if (known)
			*known = 1;
		if (strcmp(kk->id, id) == 0 && seq >= kk->from_seq &&
		    seq <= kk->until_seq)
			return kk;
	}
	return NULL;
}

void
keyring_free(struct keyring *kr)
{
	free(kr->keys);
	kr->keys = NULL;
	kr->n = kr->cap = 0;
}
