/*
 * sync: the lifecycle of the federation subsystem and its keyring (the
 * pinned key of every origin and the rotations learnt from the logs).
 * See sync.h for the model and sync_int.h for how the files divide it;
 * docs/protocol.md ("Sync") for the wire, docs/operations.md for what
 * the status means.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "log.h"
#include "sync_int.h"


int64_t
sync_mono_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

int64_t
sync_wall_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

int
sync_origin_index(const char *cc)
{
	int i;

	for (i = 0; i < RECORD_NORIGIN; i++)
		if (strncmp(record_origins[i], cc, 2) == 0 && cc[2] == '\0')
			return i;
	return -1;
}

/* ---- keyring: every key this node knows, in one place --------------------- */

struct rotations {
	struct sync *s;
	struct nferr *err;
};

/* One rotation record: its key follows the one its entry was signed
 * with. */
static int
rotation_item(void *arg, json_t *it)
{
	struct rotations *ro = arg;
	struct nf_entry e;
	size_t n = 0;
	uint64_t seq = (uint64_t)json_integer_value(json_object_get(it, "seq"));
	const char *org = json_string_value(json_object_get(it, "origin"));
	const char *pk64 = json_string_value(json_object_get(
	    json_object_get(it, "body"), "public_key"));
	unsigned char pk[KEY_PUB_LEN];

	if (org == NULL || pk64 == NULL || keys_pub_decode(pk64, pk, NULL) != 0)
		return 0;
	if (store_log_read(ro->s->store, org, seq - 1, 1, &e, &n,
	    ro->err) != 0 || n != 1)
		return -1;
	if (keyring_rotate(&ro->s->kr, org, e.key, pk, seq) != 0)
		log_warn("sync: rotation of %s at %" PRIu64
		    " names unknown key %s", org, seq, e.key);
	entry_clear(&e);
	return 0;
}

/* Pinned keys from the config, then rotations recorded in the store. */
static int
keyring_load(struct sync *s, const struct nf_key *own, struct nferr *err)
{
	size_t i;
	struct store_filter f;
	struct rotations ro = { s, err };

	keyring_add(&s->kr, s->own, own->pk, 1);
	for (i = 0; i < s->conf->npeers; i++)
		if (strcmp(s->conf->peers[i].country, s->own) != 0)
			keyring_add(&s->kr, s->conf->peers[i].country,
			    s->conf->peers[i].pk, 1);
	for (i = 0; i < s->conf->npins; i++)
		if (strcmp(s->conf->pins[i].country, s->own) != 0)
			keyring_add(&s->kr, s->conf->pins[i].country,
			    s->conf->pins[i].pk, 1);
	/* rotations, per origin in seq order (the list is by id, and ULIDs
	 * are time ordered; seq order is what matters, so sort by seq) */
	memset(&f, 0, sizeof(f));
	f.type = REC_KEY;
	return store_list_each(s->store, &f, rotation_item, &ro, err) == 0 ?
	    0 : -1;
}

const struct keyring *
sync_keyring(const struct sync *s)
{
	return &s->kr;
}

/* Forget the rotations learnt for origin: back to its pinned key. */
void
sync_keys_reset(struct sync *s, const char *origin)
{
	size_t i, j = 0;

	if (strcmp(origin, s->own) == 0)
		return;
	for (i = 0; i < s->kr.n; i++)
		if (strcmp(s->kr.keys[i].origin, origin) != 0)
			s->kr.keys[j++] = s->kr.keys[i];
	s->kr.n = j;
	for (i = 0; i < s->conf->npeers; i++)
		if (strcmp(s->conf->peers[i].country, origin) == 0)
			keyring_add(&s->kr, origin, s->conf->peers[i].pk, 1);
	for (i = 0; i < s->conf->npins; i++)
		if (strcmp(s->conf->pins[i].country, origin) == 0)
			keyring_add(&s->kr, origin, s->conf->pins[i].pk, 1);
}

/* ---- lifecycle ------------------------------------------------------------ */

struct sync *
sync_new(struct event_base *base, struct store *store, const struct conf *conf,
    const struct nf_key *own, struct nferr *err)
{
	struct sync *s;
	size_t i;

	if ((s = calloc(1, sizeof(*s))) == NULL) {
		nferr_set(err, "internal", "", "out of memory");
		return NULL;
	}
	s->base = base;
	s->store = store;
	s->conf = conf;
	memcpy(s->own, conf->country, 3);
	s->own_index = sync_origin_index(s->own);
	s->rejected_by_reason = json_object();
	log_limit_init(&s->ll, LOG_EVERY_MS);
	if (keyring_load(s, own, err) != 0)
		goto fail;
	s->pull_timer = evtimer_new(base, sync_on_pull_timer, s);
	s->kick_ev = evtimer_new(base, sync_on_kick, s);
	s->hold_ev = evtimer_new(base, sync_on_hold_timer, s);
	if (sync_curl_init(s) != 0 || s->pull_timer == NULL ||
	    s->kick_ev == NULL || s->hold_ev == NULL) {
		nferr_set(err, "internal", "", "cannot set up libcurl/libevent");
		goto fail;
	}
	for (i = 0; i < conf->npeers; i++) {
		struct peer *p = &s->peers[s->npeers++];

		p->s = s;
		p->cp = &conf->peers[i];
		p->pull.peer = p;
		p->push.peer = p;
		if ((p->retry_ev = evtimer_new(base, sync_on_retry, p)) == NULL) {
			nferr_set(err, "internal", "", "cannot set up a timer");
			goto fail;
		}
	}
	return s;
fail:
	sync_free(s);
	return NULL;
}

void
sync_set_writer(struct sync *s, struct writer *w)
{
	s->writer = w;
}

void
sync_free(struct sync *s)
{
	size_t i;

	if (s == NULL)
		return;
	/* a clean shutdown commits what a catch-up held (sync_ingest.c) */
	if (s->store != NULL)
		sync_hold_end(s);
	for (i = 0; i < s->npeers; i++) {
		sync_chan_reset(&s->peers[i].pull);
		sync_chan_reset(&s->peers[i].push);
		if (s->peers[i].retry_ev != NULL)
			event_free(s->peers[i].retry_ev);
	}
	sync_curl_free(s);	/* before the events go */
	if (s->pull_timer)
		event_free(s->pull_timer);
	if (s->kick_ev)
		event_free(s->kick_ev);
	if (s->hold_ev)
		event_free(s->hold_ev);
	for (i = 0; i < s->nproofs; i++)
		free(s->proofs[i]);
	json_decref(s->rejected_by_reason);
	keyring_free(&s->kr);
	free(s);
}

/* ---- this node's own key rotation (node/rotate.c) ---------------------- */

int
sync_own_key_rotated(struct sync *s, const char *old_id,
    const unsigned char new_pk[KEY_PUB_LEN], uint64_t seq)
{
	if (keyring_rotate(&s->kr, s->own, old_id, new_pk, seq) != 0) {
		log_error("sync: own key %s is not current in the keyring; "
		    "rotation at %" PRIu64 " not followed", old_id, seq);
		return -1;
	}
	return 0;
}
