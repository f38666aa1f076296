/*
 * ref_pipeline: the catch-up reference (docs/benchmarks.md): the plain
 * pipeline a node could not do with less work.
 *
 *   ref_pipeline WIRE_FILE PUBKEY DEST_DB [--batch N]
 *
 * WIRE_FILE holds one origin's entries as the node's log route serves
 * them (GET /federation/v1/log/{origin}: one canonical wire entry per
 * line, in seq order from 1), all signed by PUBKEY. Reading it into
 * memory is not timed (that is the serving peer's and the network's
 * work). Then, timed, in this one process and thread: decode each entry
 * (entry_decode: parse, canonical check, hashes), verify it (Ed25519
 * signature against the pinned key, the chain from the previous entry,
 * the application rules: entry_verify_decoded) and insert its canonical
 * header, canonical body and hash into one table
 *
 *   log(origin, seq, header, body, hash, PRIMARY KEY (origin, seq))
 *
 * of a new SQLite database DEST_DB in WAL mode with synchronous=FULL,
 * N entries (default 1000, a log page) per transaction. Nothing else: no
 * record table, no index beyond the key, no search. The clock runs from
 * opening DEST_DB to the last COMMIT. Prints one JSON line:
 *   {"entries":N,"seconds":T,"rate":N/T,"verify_s":..,"insert_s":..,
 *    "close_s":..,"batch":N}
 *
 * On purpose this uses only the protocol library (protocol/) and SQLite,
 * never node/store.c: it is the bound the store is measured against, so
 * it must not move when the store changes.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include <sqlite3.h>

#include "entry.h"
#include "keys.h"

#define WIRE_FILE_MAX ((size_t)4 << 30)   /* 4 GiB of wire entries */
#define BATCH_MAX     100000

struct line {
	const char *p;                 /* borrowed from the file buffer */
	size_t len;
};

static double
mono(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int64_t
wall_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void
usage(void)
{
	fprintf(stderr, "usage: ref_pipeline WIRE_FILE PUBKEY DEST_DB "
	    "[--batch N]\n");
	exit(2);
}

/* The ref holds no committed chain beyond its head: never asked for a
 * duplicate, since the file holds each seq once, in order. */
static int
no_hash_at(void *ctx, uint64_t seq, unsigned char out[ENTRY_HASH_LEN])
{
	return -1;
}

/*
 * The canonical body bytes inside a canonical wire entry: "body" sorts
 * first, so the entry starts {"body":<body>,"body_hash":... . Scans the
 * one JSON object that follows (strings and escapes skipped). Sets
 * *body to NULL for an entry without a body (pruned or delete). The wire
 * bytes were already checked canonical by entry_decode, whose body_hash
 * check covers exactly these bytes.
 */
static int
body_span(const char *p, size_t len, const char **body, size_t *blen)
{
	static const char pre[] = "{\"body\":";
	size_t i = sizeof(pre) - 1, depth = 0;
	int in_str = 0;

	*body = NULL;
	*blen = 0;
	if (len < i || memcmp(p, pre, i) != 0)
		return 0;
	if (i >= len || p[i] != '{')
		return -1;
	for (size_t k = i; k < len; k++) {
		char c = p[k];

		if (in_str) {
			if (c == '\\')
				k++;
			else if (c == '"')
				in_str = 0;
			continue;
		}
		if (c == '"')
			in_str = 1;
		else if (c == '{' || c == '[')
			depth++;
		else if (c == '}' || c == ']') {
			if (--depth == 0) {
				*body = p + i;
				*blen = k + 1 - i;
				return 0;
			}
		}
	}
	return -1;
}

static int
read_file(const char *path, char **out, size_t *len)
{
	FILE *f = fopen(path, "rb");
	struct stat sb;
	char *buf;

	if (f == NULL)
		return -1;
	if (fstat(fileno(f), &sb) != 0 || sb.st_size < 0 ||
	    (size_t)sb.st_size > WIRE_FILE_MAX) {
		fclose(f);
		errno = EFBIG;
		return -1;
	}
	buf = malloc((size_t)sb.st_size + 1);
	if (buf == NULL || fread(buf, 1, (size_t)sb.st_size, f) !=
	    (size_t)sb.st_size) {
		free(buf);
		fclose(f);
		return -1;
	}
	fclose(f);
	buf[sb.st_size] = '\0';
	*out = buf;
	*len = (size_t)sb.st_size;
	return 0;
}

static int
split_lines(char *buf, size_t len, struct line **out, size_t *n)
{
	struct line *v = NULL;
	size_t cap = 0, cnt = 0, i = 0;

	while (i < len) {
		char *nl = memchr(buf + i, '\n', len - i);
		size_t end = nl ? (size_t)(nl - buf) : len;

		if (end > i) {
			if (cnt == cap) {
				struct line *w;

				cap = cap ? cap * 2 : 4096;
				w = realloc(v, cap * sizeof(*v));
				if (w == NULL) {
					free(v);
					return -1;
				}
				v = w;
			}
			v[cnt].p = buf + i;
			v[cnt].len = end - i;
			cnt++;
		}
		i = end + 1;
	}
	*out = v;
	*n = cnt;
	return 0;
}

static int
exec(sqlite3 *db, const char *sql)
{
	char *msg = NULL;

	if (sqlite3_exec(db, sql, NULL, NULL, &msg) != SQLITE_OK) {
		fprintf(stderr, "ref_pipeline: %s: %s\n", sql,
		    msg ? msg : sqlite3_errmsg(db));
		sqlite3_free(msg);
		return -1;
	}
	return 0;
}

int
main(int argc, char **argv)
{
	const char *wire_path, *pk64, *dest;
	unsigned char pk[KEY_PUB_LEN];
	struct keyring kr = { 0 };
	struct line *lines = NULL;
	sqlite3 *db = NULL;
	sqlite3_stmt *ins = NULL;
	struct nferr err;
	struct stat sb;
	char *buf = NULL, *end;
	size_t buflen, n = 0, batch = 1000, npend = 0, i;
	uint64_t head = 0;
	unsigned char head_hash[ENTRY_HASH_LEN] = { 0 };
	double t0, t, tv = 0, ti = 0, total, tc;
	int64_t now;
	int k, rc = 1;

	if (argc < 4)
		usage();
	wire_path = argv[1];
	pk64 = argv[2];
	dest = argv[3];
	for (k = 4; k < argc; k++) {
		if (strcmp(argv[k], "--batch") == 0 && k + 1 < argc) {
			unsigned long v;

			errno = 0;
			v = strtoul(argv[++k], &end, 10);
			if (errno != 0 || *end != '\0' || v < 1 ||
			    v > BATCH_MAX) {
				fprintf(stderr, "ref_pipeline: --batch is 1 to "
				    "%d\n", BATCH_MAX);
				return 2;
			}
			batch = v;
		} else
			usage();
	}
	if (keys_init() != 0 || keys_pub_decode(pk64, pk, &err) != 0) {
		fprintf(stderr, "ref_pipeline: bad public key\n");
		return 2;
	}
	if (stat(dest, &sb) == 0) {
		fprintf(stderr, "ref_pipeline: %s exists\n", dest);
		return 2;
	}
	if (read_file(wire_path, &buf, &buflen) != 0) {
		fprintf(stderr, "ref_pipeline: %s: %s\n", wire_path,
		    strerror(errno));
		return 2;
	}
	if (split_lines(buf, buflen, &lines, &n) != 0 || n == 0) {
		fprintf(stderr, "ref_pipeline: %s: no entries\n", wire_path);
		goto out;
	}

	/* ---- timed from here ---- */
	t0 = mono();
	if (sqlite3_open_v2(dest, &db, SQLITE_OPEN_READWRITE |
	    SQLITE_OPEN_CREATE, NULL) != SQLITE_OK) {
		fprintf(stderr, "ref_pipeline: %s: %s\n", dest,
		    db ? sqlite3_errmsg(db) : "cannot open");
		goto out;
	}
	/* what the node's store sets too: WAL, FULL, a 64 MiB cache */
	if (exec(db, "PRAGMA journal_mode = WAL") != 0 ||
	    exec(db, "PRAGMA synchronous = FULL") != 0 ||
	    exec(db, "PRAGMA cache_size = -65536") != 0 ||
	    exec(db, "CREATE TABLE log(origin TEXT NOT NULL, "
	    "seq INTEGER NOT NULL, header TEXT NOT NULL, body TEXT, "
	    "hash BLOB NOT NULL, PRIMARY KEY (origin, seq))") != 0)
		goto out;
	if (sqlite3_prepare_v2(db, "INSERT INTO log(origin, seq, header, "
	    "body, hash) VALUES (?1, ?2, ?3, ?4, ?5)", -1, &ins,
	    NULL) != SQLITE_OK) {
		fprintf(stderr, "ref_pipeline: prepare: %s\n",
		    sqlite3_errmsg(db));
		goto out;
	}
	now = wall_ms();
	for (i = 0; i < n; i++) {
		struct nf_entry e;
		struct chain_view cv;
		enum entry_verdict v;
		const char *body;
		size_t blen;

		t = mono();
		if (entry_decode(lines[i].p, lines[i].len, &e, &err) != 0) {
			fprintf(stderr, "ref_pipeline: entry %zu: %s: %s\n",
			    i + 1, err.code, err.msg);
			entry_clear(&e);
			goto out;
		}
		if (i == 0) {
			/* the file's origin: pin the key for it */
			if (keyring_add(&kr, e.origin, pk, 1) != 0) {
				entry_clear(&e);
				goto out;
			}
		}
		memset(&cv, 0, sizeof(cv));
		cv.head_seq = head;
		memcpy(cv.head_hash, head_hash, ENTRY_HASH_LEN);
		cv.hash_at = no_hash_at;
		v = entry_verify_decoded(&e, &kr, &cv, now, &err);
		if (v != VERDICT_ACCEPTED) {
			fprintf(stderr, "ref_pipeline: entry %zu: %s %s\n",
			    i + 1, entry_verdict_name(v), err.msg);
			entry_clear(&e);
			goto out;
		}
		if (body_span(lines[i].p, lines[i].len, &body, &blen) != 0) {
			fprintf(stderr, "ref_pipeline: entry %zu: body not "
			    "found\n", i + 1);
			entry_clear(&e);
			goto out;
		}
		head = e.seq;
		memcpy(head_hash, e.hash, ENTRY_HASH_LEN);
		tv += mono() - t;

		t = mono();
		if (npend == 0 && exec(db, "BEGIN IMMEDIATE") != 0) {
			entry_clear(&e);
			goto out;
		}
		sqlite3_bind_text(ins, 1, e.origin, -1, SQLITE_TRANSIENT);
		sqlite3_bind_int64(ins, 2, (sqlite3_int64)e.seq);
		sqlite3_bind_text(ins, 3, e.header, (int)e.header_len,
		    SQLITE_STATIC);
		if (body != NULL)
			sqlite3_bind_text(ins, 4, body, (int)blen,
			    SQLITE_STATIC);
		else
			sqlite3_bind_null(ins, 4);
		sqlite3_bind_blob(ins, 5, e.hash, ENTRY_HASH_LEN,
		    SQLITE_STATIC);
		if (sqlite3_step(ins) != SQLITE_DONE) {
			fprintf(stderr, "ref_pipeline: insert: %s\n",
			    sqlite3_errmsg(db));
			entry_clear(&e);
			goto out;
		}
		sqlite3_reset(ins);
		sqlite3_clear_bindings(ins);
		entry_clear(&e);
		npend++;
		if ((npend == batch || i + 1 == n) &&
		    exec(db, "COMMIT") != 0)
			goto out;
		if (npend == batch)
			npend = 0;
		ti += mono() - t;
	}
	/* the clock stops at the last commit, as the node's does (its head
	 * reaches N then); closing checkpoints the WAL, reported apart */
	total = mono() - t0;
	tc = mono();
	sqlite3_finalize(ins);
	ins = NULL;
	if (sqlite3_close(db) != SQLITE_OK) {
		fprintf(stderr, "ref_pipeline: close: %s\n", sqlite3_errmsg(db));
		goto out;
	}
	db = NULL;
	tc = mono() - tc;
	printf("{\"entries\":%zu,\"seconds\":%.4f,\"rate\":%.1f,"
	    "\"verify_s\":%.4f,\"insert_s\":%.4f,\"close_s\":%.4f,"
	    "\"batch\":%zu}\n", n, total, (double)n / total, tv, ti, tc,
	    batch);
	rc = 0;
out:
	sqlite3_finalize(ins);
	sqlite3_close(db);
	keyring_free(&kr);
	free(lines);
	free(buf);
	return rc;
}
