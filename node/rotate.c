/*
 * rotate: key rotation of this node. See rotate.h for the API.
 *
 * The order of a rotation, and why a crash at any instant is safe. K is
 * the current key, N the new one, r the seq the key entry gets.
 *
 *  0. key_file must hold K. (If a rotation of this process could not
 *     rename its staged file, that is finished first; any other
 *     KEY_FILE.next is left over from a rotation that never committed and
 *     is destroyed.)
 *  1. N's seed is written to KEY_FILE.next (created 0600, fsync), then
 *     its directory is fsynced.
 *       A crash before the key entry is durable (here or in 2): the log
 *       does not announce N. At start key_file (K) matches the log, the
 *       node signs with K and destroys the staged file.
 *  2. The key entry (seq r, body {"public_key":N,"previous_key":K},
 *     signed by K) is committed by the writer with a real fsync, alone
 *     and after everything queued before it. Only once it is durable does
 *     the writer sign with N; the loop is single-threaded, so no entry is
 *     queued between the two keys.
 *       A crash after the COMMIT and before 3: the log says N signs from
 *       r+1 while key_file still holds K. At start the node finds N in
 *       KEY_FILE.next, renames it over key_file, fsyncs the directory and
 *       signs with N. It never signs r+1 with K (the peers would refuse
 *       it: K ends at r).
 *  3. KEY_FILE.next is renamed over key_file (atomic on POSIX file
 *     systems) and the directory fsynced; then the old inode, K's seed,
 *     is overwritten with zeros through a descriptor opened before the
 *     rename (only when no other name links it).
 *       A crash after the rename: key_file holds N and the log announces
 *       N. K's bytes may survive on the disk if the crash came before the
 *       overwrite: the file system's free blocks, not a file.
 *  4. The node's copy of the key, the sync keyring (K up to r, N from
 *     r+1) follow, and the key entry is pushed to the peers like any
 *     entry. These are memory only: a restart rebuilds them from the log
 *     and key_file.
 *
 * Seq: the key entry takes the next seq through the writer like any
 * entry. If its COMMIT fails it was never served or pushed and the seq is
 * taken again by the next entry, as for any failed write; if a COMMIT
 * reported failure but reached the disk, the writer sees it in the store
 * and switches anyway (writer_rotate).
 *
 * At start (rotate_startup) the key that must sign next is read from the
 * log: the key announced by the head entry when it is a key entry, else
 * the key that signed the head. A key_file that holds another key is
 * refused unless the staged file holds the wanted one (crash in 2-3).
 * This also refuses an old key file restored over a rotated node, and a
 * database restored from before a rotation: either would sign entries no
 * peer accepts.
 *
 * Why the old seed is destroyed and not kept as KEY_FILE.<id>.old: after
 * the rotation no peer accepts K for any seq after r, so K can no longer
 * add to the log; but K still validly signs any seq up to r, so a copy
 * that is stolen later lets the thief make fork proofs against the old
 * log, quarantining this origin on every node that sees one. Nothing
 * this node does needs K again (history verifies with K's public key,
 * which the key entry carries).
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <libgen.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "log.h"
#include "node.h"
#include "rotate.h"

/* ---- the own key history, from the own key entries --------------------- */

struct key_ent {
	uint64_t seq;
	unsigned char pk[KEY_PUB_LEN];
	unsigned char prev[KEY_PUB_LEN];
	int has_prev;
};

static int
key_ent_cmp(const void *a, const void *b)
{
	const struct key_ent *x = a, *y = b;

	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

struct key_ents {
	const char *origin;
	struct key_ent *a;
	size_t cnt, cap;
	struct nferr *err;
};

/* One key record of the origin into the list. */
static int
key_item(void *arg, json_t *it)
{
	struct key_ents *ke = arg;
	json_t *body = json_object_get(it, "body");
	const char *pk = json_string_value(json_object_get(body, "public_key"));
	const char *pv = json_string_value(json_object_get(body,
	    "previous_key"));
	const char *o = json_string_value(json_object_get(it, "origin"));
	struct key_ent *e;

	if (o == NULL || strcmp(o, ke->origin) != 0 || pk == NULL)
		return 0;
	if (ke->cnt == ke->cap) {
		size_t nc = ke->cap ? ke->cap * 2 : 8;
		void *p = realloc(ke->a, nc * sizeof(*ke->a));

		if (p == NULL) {
			nferr_set(ke->err, "internal", "", "out of memory");
			return -1;
		}
		ke->a = p;
		ke->cap = nc;
	}
	e = &ke->a[ke->cnt];
	memset(e, 0, sizeof(*e));
	e->seq = (uint64_t)json_integer_value(json_object_get(it, "seq"));
	if (keys_pub_decode(pk, e->pk, NULL) != 0)
		return 0;
	e->has_prev = pv != NULL && keys_pub_decode(pv, e->prev, NULL) == 0;
	ke->cnt++;
	return 0;
}

/* The key entries of origin in seq order: *v malloc'd (caller frees). */
static int
key_entries(struct store *s, const char *origin, struct key_ent **v,
    size_t *n, struct nferr *err)
{
	struct store_filter f;
	struct key_ents ke = { origin, NULL, 0, 0, err };

	memset(&f, 0, sizeof(f));
	f.type = REC_KEY;
	f.country = origin;
	if (store_list_each(s, &f, key_item, &ke, err) != 0) {
		free(ke.a);
		return -1;
	}
	if (ke.cnt > 1)
		qsort(ke.a, ke.cnt, sizeof(*ke.a), key_ent_cmp);
	*v = ke.a;
	*n = ke.cnt;
	return 0;
}

/*
 * The own keys as a keyring of origin: the first key from seq 1 (the
 * previous_key of the first key entry; cur when there is none), then one
 * key per key entry, each from the entry's seq + 1. The chain must hold:
 * each key entry names as previous_key the key before it.
 */
static int
own_history(struct store *s, const char *origin, const struct nf_key *cur,
    struct keyring *kr, struct nferr *err)
{
	struct key_ent *v = NULL;
	size_t n = 0, i;
	int rc = -1;

	memset(kr, 0, sizeof(*kr));
	if (key_entries(s, origin, &v, &n, err) != 0)
		return -1;
	if (n == 0) {
		if (keyring_add(kr, origin, cur->pk, 1) != 0)
			goto oom;
		free(v);
		return 0;
	}
	if (!v[0].has_prev) {
		nferr_set(err, "history", "", "the key entry at seq %" PRIu64
		    " does not name the key before it (previous_key): the key "
		    "that signed seq 1 is not known", v[0].seq);
		goto out;
	}
	if (keyring_add(kr, origin, v[0].prev, 1) != 0)
		goto oom;
	for (i = 0; i < n; i++) {
		char curid[KEY_ID_LEN + 1], pid[KEY_ID_LEN + 1];

		memcpy(curid, kr->keys[kr->n - 1].id, sizeof(curid));
		if (v[i].has_prev) {
			keys_id(v[i].prev, pid);
			if (strcmp(pid, curid) != 0) {
				nferr_set(err, "history", "", "the key entry at "
				    "seq %" PRIu64 " names %s as the key before "
				    "it, but that is %s", v[i].seq, pid, curid);
				goto out;
			}
		}
		if (keyring_rotate(kr, origin, curid, v[i].pk, v[i].seq) != 0)
			goto oom;
	}
	rc = 0;
	goto out;
oom:
	nferr_set(err, "internal", "", "out of memory");
out:
	free(v);
	if (rc != 0)
		keyring_free(kr);
	return rc;
}

/*
 * The id of the key that must sign the own log's next entry: the key the
 * head announces when it is a key entry, else the key that signed the
 * head. "" for an empty log. *head gets the head seq.
 */
static int
log_key_id(struct store *s, const char *origin, char id[KEY_ID_LEN + 1],
    uint64_t *head, struct nferr *err)
{
	unsigned char hh[ENTRY_HASH_LEN], pk[KEY_PUB_LEN];
	struct nf_entry e;
	size_t n = 0;

	id[0] = '\0';
	if (store_head(s, origin, head, hh, err) != 0)
		return -1;
	if (*head == 0)
		return 0;
	if (store_log_read(s, origin, *head - 1, 1, &e, &n, err) != 0)
		return -1;
	if (n != 1)
		return nferr_set(err, "db_error", "", "this node's own entry %"
		    PRIu64 " (its head) cannot be read", *head);
	if (e.op == OP_KEY && keys_pub_decode(json_string_value(
	    json_object_get(e.body, "public_key")), pk, NULL) == 0)
		keys_id(pk, id);
	else
		memcpy(id, e.key, KEY_ID_LEN + 1);
	entry_clear(&e);
	return 0;
}

/* ---- files ------------------------------------------------------------- */

static int
staged_path(const char *key_file, char *out, size_t len, struct nferr *err)
{
	int w = snprintf(out, len, "%s%s", key_file, ROTATE_STAGED_SUFFIX);

	if (w < 0 || (size_t)w >= len)
		return nferr_set(err, "key_file_write", "",
		    "the key file's path is too long");
	return 0;
}

/* fsync the directory that holds path. */
static int
dir_sync(const char *path, struct nferr *err)
{
	char d[PATH_MAX];
	int fd, rc;

	if (snprintf(d, sizeof(d), "%s", path) >= (int)sizeof(d))
		return nferr_set(err, "key_file_write", "", "path too long");
	fd = open(dirname(d), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return nferr_set(err, "key_file_write", "", "%s: %s", d,
		    strerror(errno));
	rc = fsync(fd);
	close(fd);
	if (rc != 0)
		return nferr_set(err, "key_file_write", "", "fsync %s: %s", d,
		    strerror(errno));
	return 0;
}

/* Overwrite a seed file through fd with zeros when no name links it any
 * more (an operator's hard link keeps it whole). 1 when it was. */
static int
zero_unlinked(int fd)
{
	static const unsigned char z[KEY_SEED_LEN];
	struct stat st;

	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) || st.st_nlink != 0)
		return 0;
	if (pwrite(fd, z, sizeof(z), 0) != (ssize_t)sizeof(z) || fsync(fd) != 0)
		return 0;
	return 1;
}

/* Destroy a staged seed that must not be used: unlink, zero, sync. */
static void
discard_staged(const char *staged)
{
	int fd = open(staged, O_WRONLY | O_NOFOLLOW | O_CLOEXEC);

	if (unlink(staged) != 0 && errno != ENOENT)
		log_warn("rotate: cannot remove %s: %s", staged, strerror(errno));
	if (fd >= 0) {
		zero_unlinked(fd);
		close(fd);
	}
	dir_sync(staged, NULL);
}

/* Write k's seed to staged, durably (file and directory). */
static int
stage(const char *staged, const struct nf_key *k, struct nferr *err)
{
	struct nferr e2;

	discard_staged(staged);
	if (keys_save_seed(staged, k, &e2) != 0)
		return nferr_set(err, "key_file_write", "", "cannot write the "
		    "new key: %s (the key file's directory must be writable by "
		    "the node)", e2.msg);
	if (dir_sync(staged, err) != 0) {
		discard_staged(staged);
		return -1;
	}
	return 0;
}

/*
 * KEY_FILE.first: the public key that signed this node's seq 1, kept
 * beside the key once the node has rotated, as a "public_key = ..." line.
 * The key file alone cannot say it (the old seed is destroyed), and the
 * database says it only while it exists: a node that lost its database
 * after a rotation needs it to verify its own early log when it fetches
 * the log back from its peers (sync_guard.c). Public, so keeping it costs
 * nothing; written once (temp file, fsync, rename, fsync the directory).
 */
static int
first_write(const char *key_file, const unsigned char pk[KEY_PUB_LEN],
    struct nferr *err)
{
	char path[PATH_MAX], tmp[PATH_MAX + 8], b64[KEY_PUB_B64_LEN + 1];
	char line[KEY_PUB_B64_LEN + 32];
	int fd, n;

	if (snprintf(path, sizeof(path), "%s" ROTATE_FIRST_SUFFIX, key_file) >=
	        (int)sizeof(path) ||
	    snprintf(tmp, sizeof(tmp), "%s.tmp", path) >= (int)sizeof(tmp))
		return nferr_set(err, "key_file_write", "",
		    "the key file's path is too long");
	if (access(path, F_OK) == 0)
		return 0;
	keys_pub_encode(pk, b64);
	n = snprintf(line, sizeof(line), "public_key = %s\n", b64);
	unlink(tmp);
	fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW,
	    0644);
	if (fd < 0 || write(fd, line, (size_t)n) != n || fsync(fd) != 0) {
		nferr_set(err, "key_file_write", "", "cannot write %s: %s (the "
		    "key file's directory must be writable by the node)", tmp,
		    strerror(errno));
		if (fd >= 0)
			close(fd);
		unlink(tmp);
		return -1;
	}
	if (close(fd) != 0 || rename(tmp, path) != 0) {
		nferr_set(err, "key_file_write", "", "cannot write %s: %s",
		    path, strerror(errno));
		unlink(tmp);
		return -1;
	}
	return dir_sync(path, err);
}

/* The key in KEY_FILE.first into pk: 1, 0 when there is none, -1 when it
 * is there and unreadable (err). */
static int
first_read(const char *key_file, unsigned char pk[KEY_PUB_LEN],
    struct nferr *err)
{
	char path[PATH_MAX], line[KEY_PUB_B64_LEN + 32], *p;
	FILE *f;

	if (snprintf(path, sizeof(path), "%s" ROTATE_FIRST_SUFFIX, key_file) >=
	    (int)sizeof(path))
		return nferr_set(err, "key_file", "",
		    "the key file's path is too long");
	if ((f = fopen(path, "re")) == NULL)
		return errno == ENOENT ? 0 : nferr_set(err, "key_file", "",
		    "%s: %s", path, strerror(errno));
	p = fgets(line, sizeof(line), f);
	fclose(f);
	if (p == NULL || strncmp(line, "public_key = ", 13) != 0)
		return nferr_set(err, "key_file", "", "%s: not a "
		    "\"public_key = ...\" line", path);
	line[strcspn(line, "\n")] = '\0';
	if (keys_pub_decode(line + 13, pk, NULL) != 0)
		return nferr_set(err, "key_file", "", "%s: not a public key",
		    path);
	return 1;
}

/* Rename staged over key_file, durably; *wiped 1 when the old seed's
 * inode was overwritten. */
static int
install_staged(const char *staged, const char *key_file, int *wiped,
    struct nferr *err)
{
	int fd = open(key_file, O_WRONLY | O_NOFOLLOW | O_CLOEXEC);

	*wiped = 0;
	if (rename(staged, key_file) != 0) {
		nferr_set(err, "key_file_write", "", "rename %s to %s: %s",
		    staged, key_file, strerror(errno));
		if (fd >= 0)
			close(fd);
		return -1;
	}
	if (dir_sync(key_file, err) != 0) {
		if (fd >= 0)
			close(fd);
		return -1;
	}
	if (fd >= 0) {
		*wiped = zero_unlinked(fd);
		close(fd);
	}
	return 0;
}

/* ---- start ------------------------------------------------------------- */

int
rotate_startup(const char *key_file, struct store *store, const char *origin,
    struct nf_key *key, struct nf_key *first, struct nferr *err)
{
	char staged[PATH_MAX], want[KEY_ID_LEN + 1];
	struct keyring kr = { 0 };
	struct nf_key sk;
	struct stat st;
	uint64_t head = 0;
	size_t i;
	int have_staged, staged_ok = 0, wiped, rc = -1;

	memset(&sk, 0, sizeof(sk));
	if (staged_path(key_file, staged, sizeof(staged), err) != 0)
		return -1;
	have_staged = lstat(staged, &st) == 0;
	if (have_staged)
		staged_ok = keys_load_seed(staged, &sk, NULL) == 0;
	if (log_key_id(store, origin, want, &head, err) != 0)
		goto out;
	if (want[0] == '\0' || strcmp(want, key->id) == 0) {
		if (have_staged) {
			discard_staged(staged);
			log_warn("rotate: removed %s: key %s, staged by a key "
			    "rotation that did not commit, was never announced; "
			    "this node keeps key %s", staged, staged_ok ? sk.id :
			    "(unreadable)", key->id);
		}
	} else if (staged_ok && strcmp(want, sk.id) == 0) {
		if (install_staged(staged, key_file, &wiped, err) != 0)
			goto out;
		keys_wipe(key);
		*key = sk;
		log_warn("rotate: finished the key rotation that a stop "
		    "interrupted: %s now holds key %s, which this node's log "
		    "announces (head seq %" PRIu64 ")%s", key_file, key->id, head,
		    wiped ? "; the old seed was overwritten" : "");
	} else {
		/* a retired key of this node, or a key its log never had */
		if (own_history(store, origin, key, &kr, NULL) == 0)
			for (i = 0; i < kr.n; i++)
				if (strcmp(kr.keys[i].id, key->id) == 0 &&
				    kr.keys[i].until_seq != UINT64_MAX) {
					nferr_set(err, "key_mismatch", "", "key_file "
					    "%s holds key %s, retired at seq %"
					    PRIu64 "; the log is signed by key %s "
					    "now: restore the key file that holds "
					    "it (docs/operations.md, Key "
					    "rotation)", key_file, key->id,
					    kr.keys[i].until_seq, want);
					goto out;
				}
		nferr_set(err, "key_mismatch", "", "key_file %s holds key %s, but "
		    "this node's log (seq %" PRIu64 ") is signed by key %s: peers "
		    "would refuse its entries (docs/operations.md, Key rotation)",
		    key_file, key->id, head, want);
		goto out;
	}
	memset(first, 0, sizeof(*first));
	if (head == 0) {
		/* no log (a new node, or one whose database is gone): after
		 * a rotation the log starts with another key than key_file's,
		 * and KEY_FILE.first says which */
		int r = first_read(key_file, first->pk, err);

		if (r < 0)
			goto out;
		if (r == 0)
			memcpy(first->pk, key->pk, KEY_PUB_LEN);
		else if (memcmp(first->pk, key->pk, KEY_PUB_LEN) != 0)
			log_info("rotate: this node's log is empty and its "
			    "key has rotated: its own log, fetched back from "
			    "the peers, is checked from its first key (%s)",
			    key_file);
		keys_id(first->pk, first->id);
		rc = 0;
		goto out;
	}
	if (own_history(store, origin, key, &kr, err) != 0) {
		if (err == NULL || err->code == NULL ||
		    strcmp(err->code, "history") != 0)
			goto out;
		/* key entries this node cannot follow back: the own keyring
		 * then knows only the current key (earlier own entries that
		 * come back from peers are refused as unknown_key) */
		log_warn("rotate: %s", err->msg);
		nferr_clear(err);
		if (keyring_add(&kr, origin, key->pk, 1) != 0) {
			nferr_set(err, "internal", "", "out of memory");
			goto out;
		}
	}
	memcpy(first->pk, kr.keys[0].pk, KEY_PUB_LEN);
	keys_id(first->pk, first->id);
	rc = 0;
out:
	keys_wipe(&sk);
	keyring_free(&kr);
	return rc;
}

/* ---- the rotation ------------------------------------------------------ */

int
rotate_run(struct node *n, const char *new_key_file, json_t **out,
    struct nferr *err)
{
	char staged[PATH_MAX], old_id[KEY_ID_LEN + 1], ts[ENTRY_TS_LEN + 1];
	char old_pk[KEY_PUB_B64_LEN + 1], new_pk[KEY_PUB_B64_LEN + 1];
	char hash[2 * ENTRY_HASH_LEN + 1];
	const char *key_file = n->conf.key_file;
	const struct nf_key *cur = writer_key(n->writer);
	struct writer_result res;
	struct keyring kr = { 0 };
	struct nf_key onfile, next;
	struct nferr e2;
	size_t i;
	int wiped = 0, installed, rc = -1;

	memset(&onfile, 0, sizeof(onfile));
	memset(&next, 0, sizeof(next));
	nferr_clear(&e2);
	if (staged_path(key_file, staged, sizeof(staged), err) != 0)
		return -1;
	/* 0. key_file holds the current key. If it is gone (deleted while
	 * the node runs) it is written back from memory first, so that the
	 * states below are the usual ones */
	if (access(key_file, F_OK) != 0 && errno == ENOENT &&
	    access(staged, F_OK) != 0) {
		if (keys_save_seed(key_file, cur, &e2) != 0 ||
		    dir_sync(key_file, &e2) != 0) {
			nferr_set(err, "key_file_write", "", "key_file is missing "
			    "and cannot be written back: %s", e2.msg);
			goto out;
		}
		log_warn("rotate: %s was missing; key %s written back from "
		    "memory before the rotation", key_file, cur->id);
		nferr_clear(&e2);
	}
	if (keys_load_seed(key_file, &onfile, &e2) != 0 ||
	    strcmp(onfile.id, cur->id) != 0) {
		struct nf_key sk;
		int fixed = 0;

		/* a rename this process could not make: finish it now */
		if (keys_load_seed(staged, &sk, NULL) == 0) {
			if (strcmp(sk.id, cur->id) == 0 &&
			    install_staged(staged, key_file, &wiped, NULL) == 0)
				fixed = 1;
			keys_wipe(&sk);
		}
		if (!fixed) {
			nferr_set(err, "key_file_changed", "", "key_file %s does "
			    "not hold key %s, the key this node signs with (%s%s):"
			    " put the right key file back before rotating",
			    key_file, cur->id, e2.code ? "" : "it holds key ",
			    e2.code ? e2.msg : onfile.id);
			goto out;
		}
	}
	/* the new key */
	if (new_key_file != NULL) {
		if (keys_load_seed(new_key_file, &next, err) != 0)
			goto out;
	} else if (keys_generate(&next) != 0) {
		nferr_set(err, "internal", "", "cannot generate a key");
		goto out;
	}
	if (strcmp(next.id, cur->id) == 0) {
		nferr_set(err, "same_key", "new_key_file", "%s holds key %s, the "
		    "key this node signs with already", new_key_file ?
		    new_key_file : "the new key", cur->id);
		goto out;
	}
	if (own_history(n->store, n->conf.country, cur, &kr, err) != 0)
		goto out;
	for (i = 0; i < kr.n; i++)
		if (strcmp(kr.keys[i].id, next.id) == 0) {
			nferr_set(err, "key_reused", "new_key_file", "key %s signed "
			    "this node's log from seq %" PRIu64 " to %" PRIu64 " "
			    "already: a retired key is never used again",
			    next.id, kr.keys[i].from_seq, kr.keys[i].until_seq);
			goto out;
		}
	memcpy(old_id, cur->id, sizeof(old_id));
	keys_pub_encode(cur->pk, old_pk);
	keys_pub_encode(next.pk, new_pk);
	/* the first key, public, kept beside the key file from the first
	 * rotation on (first_write) */
	if (first_write(key_file, kr.keys[0].pk, err) != 0)
		goto out;
	/* 1. staged, durably */
	if (stage(staged, &next, err) != 0)
		goto out;
	/* 2. the key entry, durably; the writer signs with next from now */
	if (writer_rotate(n->writer, &next, &res, err) != 0) {
		discard_staged(staged);
		goto out;
	}
	/* 3. key_file holds next (a failure here is finished at the next
	 * start, or by the next rotation: the staged file holds next) */
	installed = install_staged(staged, key_file, &wiped, &e2) == 0;
	if (!installed)
		log_error("rotate: the key entry is committed and the node signs "
		    "with key %s, but key_file was not replaced: %s; it is in %s "
		    "and the node puts it in place at its next start", next.id,
		    e2.msg, staged);
	/* 4. memory */
	keys_wipe(&n->key);
	n->key = next;
	sync_own_key_rotated(n->sync, old_id, next.pk, res.seq);
	sync_kick(n->sync);
	entry_hex(res.hash, hash);
	memcpy(ts, res.ts, sizeof(ts));
	log_warn("rotate: this node's key rotated at seq %" PRIu64 ": %s signs "
	    "up to it, %s from seq %" PRIu64 " on; %s %s", res.seq, old_id,
	    next.id, res.seq + 1, key_file, installed ? (wiped ? "holds the "
	    "new seed, the old one was overwritten" : "holds the new seed") :
	    "is NOT replaced yet");
	*out = json_pack("{s:s, s:I, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, "
	    "s:b, s:s}", "origin", n->conf.country, "seq", (json_int_t)res.seq,
	    "hash", hash, "ts", ts, "id", res.id, "key_id", next.id,
	    "public_key", new_pk, "previous_key_id", old_id,
	    "previous_public_key", old_pk, "key_file", key_file,
	    "key_file_replaced", installed, "old_seed", !installed ?
	    "still_in_key_file" : wiped ? "overwritten" : "unlinked");
	if (*out == NULL) {
		nferr_set(err, "internal", "", "out of memory");
		goto out;
	}
	rc = 0;
out:
	keys_wipe(&onfile);
	keys_wipe(&next);
	keyring_free(&kr);
	return rc;
}

json_t *
rotate_keys_json(struct node *n)
{
	struct keyring kr;
	char pk[KEY_PUB_B64_LEN + 1];
	json_t *a;
	size_t i;

	if (own_history(n->store, n->conf.country, &n->key, &kr, NULL) != 0)
		return NULL;
	a = json_array();
	for (i = 0; a != NULL && i < kr.n; i++) {
		const struct keyring_key *k = &kr.keys[i];

		keys_pub_encode(k->pk, pk);
		json_array_append_new(a, json_pack("{s:s, s:s, s:I, s:o}",
		    "key_id", k->id, "public_key", pk, "from_seq",
		    (json_int_t)k->from_seq, "until_seq",
		    k->until_seq == UINT64_MAX ? json_null() :
		    json_integer((json_int_t)k->until_seq)));
	}
	keyring_free(&kr);
	return a;
}
