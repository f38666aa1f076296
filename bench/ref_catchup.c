/*
 * ref_catchup: the single-thread bound of catch-up (docs/benchmarks.md).
 *
 *   ref_catchup SRC_DB SRC_ORIGIN PUBKEY DEST_DB [--receiver CC] [--batch N]
 *
 * Reads every entry of SRC_ORIGIN from SRC_DB and encodes it to its wire
 * form (not timed: that is the serving peer's work). Then, timed, in this
 * one process and thread, with no HTTP: decode and verify each wire entry
 * exactly as sync_ingest does (entry_decode, then entry_verify_decoded
 * against the origin's pinned key and the chain so far) and apply them
 * in batches of N (default 1000, SYNC_BATCH_MAX) with store_apply_remote
 * into a new database DEST_DB of node CC (default NO), synchronous=FULL
 * as the node has it. The clock runs from opening DEST_DB to the last
 * commit. Prints one JSON line:
 *   {"entries":N,"seconds":T,"rate":N/T,"verify_s":..,"apply_s":..,
 *    "close_s":..}
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "entry.h"
#include "keys.h"
#include "store.h"

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

struct wire {
	char *p;
	size_t len;
};

/* The chain as the batch sees it: committed head plus what is pending. */
struct chain {
	uint64_t head;
	unsigned char hash[ENTRY_HASH_LEN];
};

static int
no_hash_at(void *ctx, uint64_t seq, unsigned char out[ENTRY_HASH_LEN])
{
	return -1;
}

static void
usage(void)
{
	fprintf(stderr, "usage: ref_catchup SRC_DB SRC_ORIGIN PUBKEY DEST_DB "
	    "[--receiver CC] [--batch N]\n");
	exit(2);
}

int
main(int argc, char **argv)
{
	const char *src, *origin, *pk64, *dest, *recv = "NO";
	struct store *s = NULL, *d = NULL;
	struct nf_entry *buf, *pend;
	struct wire *w = NULL;
	size_t nw = 0, cap = 0, batch = 1000, i, got, npend = 0;
	unsigned char pk[KEY_PUB_LEN];
	struct keyring kr = { 0 };
	struct chain ch = { 0 };
	struct nferr err;
	uint64_t after = 0;
	double t0, tv = 0, ta = 0, t, tc;
	int64_t now;
	int k;
	struct stat sb;

	if (argc < 5)
		usage();
	src = argv[1];
	origin = argv[2];
	pk64 = argv[3];
	dest = argv[4];
	for (k = 5; k < argc; k++) {
		if (strcmp(argv[k], "--receiver") == 0 && k + 1 < argc)
			recv = argv[++k];
		else if (strcmp(argv[k], "--batch") == 0 && k + 1 < argc)
			batch = strtoul(argv[++k], NULL, 10);
		else
			usage();
	}
	if (batch < 1 || batch > 100000)
		usage();
	if (keys_init() != 0 || keys_pub_decode(pk64, pk, &err) != 0) {
		fprintf(stderr, "ref_catchup: bad public key\n");
		return 1;
	}
	if (stat(dest, &sb) == 0) {
		fprintf(stderr, "ref_catchup: %s exists\n", dest);
		return 2;
	}
	if (store_open(src, origin, &s, &err) != 0) {
		fprintf(stderr, "ref_catchup: %s: %s\n", src, err.msg);
		return 1;
	}
	buf = calloc(STORE_LOG_MAX, sizeof(*buf));
	for (;;) {
		if (store_log_read(s, origin, after, STORE_LOG_MAX, buf, &got,
		    &err) != 0) {
			fprintf(stderr, "ref_catchup: read: %s\n", err.msg);
			return 1;
		}
		if (got == 0)
			break;
		for (i = 0; i < got; i++) {
			if (nw == cap) {
				cap = cap ? cap * 2 : 4096;
				w = realloc(w, cap * sizeof(*w));
			}
			if (entry_encode(&buf[i], 1, &w[nw].p, &w[nw].len,
			    &err) != 0) {
				fprintf(stderr, "ref_catchup: encode: %s\n",
				    err.msg);
				return 1;
			}
			nw++;
			after = buf[i].seq;
			entry_clear(&buf[i]);
		}
	}
	free(buf);
	store_close(s);

	keyring_add(&kr, origin, pk, 1);
	pend = calloc(batch, sizeof(*pend));
	t0 = mono();
	if (store_open(dest, recv, &d, &err) != 0) {
		fprintf(stderr, "ref_catchup: %s: %s\n", dest, err.msg);
		return 1;
	}
	now = wall_ms();
	for (i = 0; i < nw; i++) {
		struct chain_view cv;
		struct nf_entry *e = &pend[npend];
		enum entry_verdict v;

		t = mono();
		if (entry_decode(w[i].p, w[i].len, e, &err) != 0) {
			fprintf(stderr, "ref_catchup: entry %zu: %s\n", i, err.msg);
			return 1;
		}
		memset(&cv, 0, sizeof(cv));
		cv.head_seq = ch.head;
		memcpy(cv.head_hash, ch.hash, ENTRY_HASH_LEN);
		cv.hash_at = no_hash_at;
		v = entry_verify_decoded(e, &kr, &cv, now, &err);
		if (v != VERDICT_ACCEPTED) {
			fprintf(stderr, "ref_catchup: entry %zu: %s %s\n", i,
			    entry_verdict_name(v), err.msg);
			return 1;
		}
		ch.head = e->seq;
		memcpy(ch.hash, e->hash, ENTRY_HASH_LEN);
		npend++;
		tv += mono() - t;
		if (npend == batch || i + 1 == nw) {
			size_t x;

			t = mono();
			if (store_apply_remote(d, pend, npend, "ref", &err) != 0) {
				fprintf(stderr, "ref_catchup: apply: %s\n", err.msg);
				return 1;
			}
			for (x = 0; x < npend; x++)
				entry_clear(&pend[x]);
			npend = 0;
			ta += mono() - t;
		}
	}
	/* stop the clock at the last commit, as for the node (whose head
	 * reaches N then); closing checkpoints the WAL, which the node does
	 * later too, and is reported apart */
	t = mono() - t0;
	tc = mono();
	store_close(d);
	tc = mono() - tc;
	printf("{\"entries\":%zu,\"seconds\":%.4f,\"rate\":%.1f,"
	    "\"verify_s\":%.4f,\"apply_s\":%.4f,\"close_s\":%.4f,"
	    "\"batch\":%zu}\n", nw, t, (double)nw / t, tv, ta, tc, batch);
	for (i = 0; i < nw; i++)
		free(w[i].p);
	free(w);
	free(pend);
	keyring_free(&kr);
	return 0;
}
