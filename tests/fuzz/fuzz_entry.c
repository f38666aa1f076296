/*
 * libFuzzer target: bytes in -> entry_verify. Never crashes or leaks; an
 * accepted entry re-encodes to the very bytes it came from (canonical), and
 * a fork proof of anything decoded is refused (one entry is no fork).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "entry.h"
#include "keys.h"

static struct keyring kr;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct chain_view cv;
	struct nf_entry e;
	struct nferr err;
	enum entry_verdict v;

	if (kr.n == 0) {
		unsigned char seed[KEY_SEED_LEN];
		struct nf_key k;

		if (keys_init() != 0)
			abort();
		memset(seed, 0x53, sizeof(seed));	/* the vectors' SE key */
		keys_from_seed(&k, seed);
		keyring_add(&kr, "SE", k.pk, 1);
	}
	memset(&cv, 0, sizeof(cv));
	v = entry_verify((const char *)data, size, &kr, &cv, 1795000000000LL,
	    &e, &err);
	if (v != VERDICT_REJECTED) {
		char *w;
		size_t l;

		if (entry_encode(&e, 1, &w, &l, &err) != 0)
			abort();
		if (e.body != NULL && (l != size || memcmp(w, data, size) != 0))
			abort();
		free(w);
		if (entry_fork_proof(&e, &e, &w, &l, &err) == 0)
			abort();
	}
	entry_clear(&e);
	return 0;
}
