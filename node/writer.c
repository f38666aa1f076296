/*
 * writer: the local write path. See writer.h for the API and
 * docs/storage.md ("The local write path") for why the in-memory head
 * only moves after a COMMIT.
 *
 * The queue is two parallel arrays: the signed entries (contiguous, as
 * store_append_local takes them) and per entry the caller's callback.
 * writer_flush detaches the whole queue before it commits, so callbacks
 * may queue (and flush) again.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <sodium.h>

#include "canon.h"
#include "writer.h"

struct wreq {
	writer_cb cb;
	void *arg;
	struct writer_result res;
};

struct writer {
	struct store *s;
	struct nf_key key;          /* a copy; wiped by writer_free */
	char origin[RECORD_ORIGIN_SIZE];
	/* last committed entry */
	uint64_t seq;
	unsigned char hash[ENTRY_HASH_LEN];
	/* provisional head: the last queued entry (== committed when empty) */
	uint64_t qseq;
	unsigned char qhash[ENTRY_HASH_LEN];
	struct nf_entry *ents;
	struct wreq *reqs;
	size_t n;
	/* a second pair of arrays, so that a flush needs no allocation */
	struct nf_entry *spare_ents;
	struct wreq *spare_reqs;
	/* held: sign nothing (writer_hold); hold.code NULL when not */
	struct nferr hold;
};


static int64_t
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* The provisional head follows the committed one again. */
static void
reset_queue_head(struct writer *w)
{
	w->qseq = w->seq;
	memcpy(w->qhash, w->hash, ENTRY_HASH_LEN);
}

struct writer *
writer_new(struct store *store, const struct nf_key *key, const char *origin,
    struct nferr *err)
{
	struct writer *w;

	if (store == NULL || key == NULL || origin == NULL ||
	    strcmp(origin, store_origin(store)) != 0) {
		nferr_set(err, "bad_value", "",
		    "the writer's origin must be the store's");
		return NULL;
	}
	if ((w = calloc(1, sizeof(*w))) == NULL ||
	    (w->ents = calloc(WRITER_QUEUE_MAX, sizeof(*w->ents))) == NULL ||
	    (w->reqs = calloc(WRITER_QUEUE_MAX, sizeof(*w->reqs))) == NULL ||
	    (w->spare_ents = calloc(WRITER_QUEUE_MAX,
	    sizeof(*w->spare_ents))) == NULL ||
	    (w->spare_reqs = calloc(WRITER_QUEUE_MAX,
	    sizeof(*w->spare_reqs))) == NULL) {
		writer_free(w);
		nferr_set(err, "internal", "", "out of memory");
		return NULL;
	}
	w->s = store;
	w->key = *key;
	memcpy(w->origin, origin, 3);
	if (store_head(store, origin, &w->seq, w->hash, err) != 0) {
		writer_free(w);
		return NULL;
	}
	reset_queue_head(w);
	return w;
}

/* Detach the queue: the caller owns the returned arrays of *n and gives
 * them back with retire(). Allocates only in a flush nested in a
 * callback (the spare pair is then in use). */
static int
detach(struct writer *w, struct nf_entry **ents, struct wreq **reqs,
    size_t *n)
{
	struct nf_entry *ne = w->spare_ents;
	struct wreq *nr = w->spare_reqs;

	if (ne == NULL || nr == NULL) {
		ne = calloc(WRITER_QUEUE_MAX, sizeof(*ne));
		nr = calloc(WRITER_QUEUE_MAX, sizeof(*nr));
		if (ne == NULL || nr == NULL) {
			free(ne);
			free(nr);
			return -1;
		}
	}
	w->spare_ents = NULL;
	w->spare_reqs = NULL;
	*ents = w->ents;
	*reqs = w->reqs;
	*n = w->n;
	w->ents = ne;
	w->reqs = nr;
	w->n = 0;
	return 0;
}

static void
retire(struct writer *w, struct nf_entry *ents, struct wreq *reqs)
{
	if (w->spare_ents == NULL && w->spare_reqs == NULL) {
		w->spare_ents = ents;
		w->spare_reqs = reqs;
		return;
	}
	free(ents);
	free(reqs);
}

static void
fail_all(struct nf_entry *ents, struct wreq *reqs, size_t n,
    const struct nferr *err)
{
	size_t i;

	for (i = 0; i < n; i++)
		entry_clear(&ents[i]);
	for (i = 0; i < n; i++)
		if (reqs[i].cb != NULL)
			reqs[i].cb(-1, NULL, err, reqs[i].arg);
}

void
writer_free(struct writer *w)
{
	struct nferr err;
	size_t i;

	if (w == NULL)
		return;
	nferr_set(&err, "shutdown", "", "the writer was closed before commit");
	for (i = 0; i < w->n; i++)
		entry_clear(&w->ents[i]);
	for (i = 0; i < w->n; i++)
		if (w->reqs[i].cb != NULL)
			w->reqs[i].cb(-1, NULL, &err, w->reqs[i].arg);
	free(w->ents);
	free(w->reqs);
	free(w->spare_ents);
	free(w->spare_reqs);
	keys_wipe(&w->key);
	free(w);
}

size_t
writer_pending(const struct writer *w)
{
	return w->n;
}

uint64_t
writer_seq(const struct writer *w)
{
	return w->seq;
}

/* The state of id after the queued requests and the store: 0 unknown,
 * 1 live, 2 deleted. */
static int
record_state(struct writer *w, const char *id, struct nferr *err)
{
	struct store_record_meta m;
	struct nferr e2;
	size_t i;

	for (i = w->n; i > 0; i--)
		if (strcmp(w->ents[i - 1].id, id) == 0)
			return w->ents[i - 1].op == OP_DELETE ? 2 : 1;
	if (store_record_meta(w->s, id, &m, &e2) == 0)
		return m.deleted ? 2 : 1;
	if (e2.code != NULL && strcmp(e2.code, "not_found") == 0)
		return 0;
	if (err != NULL)
		*err = e2;
	return -1;
}

int
writer_record_state(struct writer *w, const char *id, struct nferr *err)
{
	return record_state(w, id, err);
}

const json_t *
writer_queued_body(const struct writer *w, const char *id)
{
	size_t i;

	for (i = w->n; i > 0; i--)
		if (strcmp(w->ents[i - 1].id, id) == 0)
			return w->ents[i - 1].op == OP_PUT ?
			    w->ents[i - 1].body : NULL;
	return NULL;
}

int
writer_queue(struct writer *w, enum entry_op op, enum record_type type,
    const char *id, const json_t *body, writer_cb cb, void *arg,
    struct writer_result *res, struct nferr *err)
{
	char rid[RECORD_ID_MAX], owner[RECORD_ORIGIN_SIZE];
	unsigned char rnd[10];
	enum record_type it;
	struct nf_entry *e;
	struct wreq *r;
	int64_t now = now_ms();
	int state;

	if (op != OP_PUT && op != OP_DELETE && !(op == OP_KEY &&
	    type == REC_KEY))
		return nferr_set(err, "bad_value", "/op",
		    "the operation must be put or delete");
	if (record_type_name(type) == NULL)
		return nferr_set(err, "bad_value", "/type", "unknown record type");
	if ((op == OP_KEY) != (type == REC_KEY))
		return nferr_set(err, "bad_value", "/op",
		    "key records are written with op key, and only they");
	if (w->hold.code != NULL) {
		if (err != NULL)
			*err = w->hold;
		return -1;
	}
	if (w->n >= WRITER_QUEUE_MAX)
		return nferr_set(err, "busy", "",
		    "too many writes waiting for commit; try again");
	if (id == NULL || *id == '\0') {
		if (op == OP_DELETE)
			return nferr_set(err, "bad_value", "/id",
			    "a delete needs the record id");
		randombytes_buf(rnd, sizeof(rnd));
		record_id_make(rid, w->origin, type, (uint64_t)now, rnd);
	} else {
		if (strlen(id) >= sizeof(rid))
			return nferr_set(err, "bad_id", "/id", "the id is too long");
		if (record_id_parse(id, owner, &it, err) != 0)
			return -1;
		if (it != type)
			return nferr_set(err, "bad_id", "/id",
			    "%s is not a %s id", id, record_type_name(type));
		if (strcmp(owner, w->origin) != 0)
			return nferr_set(err, "not_owner", "/id",
			    "%s is owned by %s; this node is %s", id, owner,
			    w->origin);
		memcpy(rid, id, strlen(id) + 1);
	}
	if (op == OP_DELETE) {
		if (body != NULL)
			return nferr_set(err, "bad_value", "/body",
			    "a delete carries no body");
	} else if (record_validate(type, rid, w->origin, body, err) != 0) {
		return -1;
	}
	/* a freshly minted id cannot be held yet */
	if (id == NULL || *id == '\0')
		state = 0;
	else if ((state = record_state(w, rid, err)) < 0)
		return -1;
	if (op == OP_DELETE && state != 1)
		return nferr_set(err, "not_found", "/id", "no record %s", rid);
	if (op != OP_DELETE && state == 2)
		return nferr_set(err, "gone", "/id",
		    "%s was deleted; a deleted record cannot be written again",
		    rid);

	e = &w->ents[w->n];
	entry_init(e);
	memcpy(e->origin, w->origin, 3);
	e->seq = w->qseq + 1;
	memcpy(e->prev, w->qhash, ENTRY_HASH_LEN);
	entry_ts_format(now, e->ts);
	e->op = op;
	e->type = type;
	memcpy(e->id, rid, sizeof(e->id));
	e->body = canon_unconst(body);        /* entry_sign takes its own reference */
	if (entry_sign(e, &w->key, err) != 0) {
		entry_clear(e);
		return -1;
	}
	r = &w->reqs[w->n];
	r->cb = cb;
	r->arg = arg;
	memset(&r->res, 0, sizeof(r->res));
	memcpy(r->res.id, rid, sizeof(r->res.id));
	r->res.seq = e->seq;
	memcpy(r->res.hash, e->hash, ENTRY_HASH_LEN);
	memcpy(r->res.ts, e->ts, sizeof(r->res.ts));
	w->qseq = e->seq;
	memcpy(w->qhash, e->hash, ENTRY_HASH_LEN);
	w->n++;
	if (res != NULL)
		*res = r->res;
	return 0;
}

int
writer_flush(struct writer *w, struct nferr *err)
{
	struct nf_entry *ents;
	struct wreq *reqs;
	struct nferr e2;
	uint64_t hseq;
	unsigned char hhash[ENTRY_HASH_LEN];
	size_t n, i;
	int rc;

	if (w->n == 0)
		return 0;
	nferr_clear(&e2);
	if (detach(w, &ents, &reqs, &n) != 0)
		return nferr_set(err, "internal", "", "out of memory");
	if (w->hold.code != NULL) {
		/* signed before the hold, never stored nor served: dropped */
		reset_queue_head(w);
		fail_all(ents, reqs, n, &w->hold);
		if (err != NULL)
			*err = w->hold;
		retire(w, ents, reqs);
		return -1;
	}
	rc = store_append_local(w->s, ents, n, &e2);
	if (rc == 0) {
		w->seq = ents[n - 1].seq;
		memcpy(w->hash, ents[n - 1].hash, ENTRY_HASH_LEN);
	} else if (store_head(w->s, w->origin, &hseq, hhash, NULL) == 0) {
		/*
		 * Nothing of the batch is stored (the store rolled back), or
		 * in the unlikely case that COMMIT reported an error after
		 * all, the head says so. Either way continue from what the
		 * store holds; the failed entries were never served.
		 */
		w->seq = hseq;
		memcpy(w->hash, hhash, ENTRY_HASH_LEN);
	}
	reset_queue_head(w);
	if (rc == 0) {
		for (i = 0; i < n; i++)
			entry_clear(&ents[i]);
		for (i = 0; i < n; i++)
			if (reqs[i].cb != NULL)
				reqs[i].cb(0, &reqs[i].res, NULL, reqs[i].arg);
	} else {
		fail_all(ents, reqs, n, &e2);
		if (err != NULL)
			*err = e2;
	}
	retire(w, ents, reqs);
	return rc;
}

struct submit_ctx {
	int done, status;
	struct writer_result res;
	struct nferr err;
};

static void
submit_cb(int status, const struct writer_result *res,
    const struct nferr *err, void *arg)
{
	struct submit_ctx *c = arg;

	c->done = 1;
	c->status = status;
	if (status == 0 && res != NULL)
		c->res = *res;
	if (status != 0 && err != NULL)
		c->err = *err;
}

int
writer_submit(struct writer *w, enum entry_op op, enum record_type type,
    const char *id, const json_t *body, struct writer_result *res,
    struct nferr *err)
{
	struct submit_ctx c;

	memset(&c, 0, sizeof(c));
	if (writer_queue(w, op, type, id, body, submit_cb, &c, NULL, err) != 0)
		return -1;
	if (writer_flush(w, err) != 0 && !c.done) {
		/* the flush failed before it took the queue: ours is last */
		entry_clear(&w->ents[--w->n]);
		if (w->n == 0) {
			reset_queue_head(w);
		} else {
			w->qseq = w->ents[w->n - 1].seq;
			memcpy(w->qhash, w->ents[w->n - 1].hash, ENTRY_HASH_LEN);
		}
		return -1;
	}
	if (c.status != 0) {
		if (err != NULL)
			*err = c.err;
		return -1;
	}
	if (res != NULL)
		*res = c.res;
	return 0;
}

/* ---- key rotation ------------------------------------------------------ */

const struct nf_key *
writer_key(const struct writer *w)
{
	return &w->key;
}

struct rotate_ctx {
	int done, status;
	struct nferr err;
};

static void
rotate_cb(int status, const struct writer_result *res,
    const struct nferr *err, void *arg)
{
	struct rotate_ctx *c = arg;

	c->done = 1;
	c->status = status;
	if (status != 0 && err != NULL)
		c->err = *err;
}

int
writer_rotate(struct writer *w, const struct nf_key *next,
    struct writer_result *res, struct nferr *err)
{
	char npk[KEY_PUB_B64_LEN + 1], opk[KEY_PUB_B64_LEN + 1];
	unsigned char held[ENTRY_HASH_LEN];
	struct writer_result prov;
	struct rotate_ctx c;
	json_t *body;
	int rounds, rc;

	if (sodium_memcmp(next->pk, w->key.pk, KEY_PUB_LEN) == 0)
		return nferr_set(err, "same_key", "",
		    "the new key is the key this node signs with (%s)",
		    w->key.id);
	/*
	 * Commit whatever is queued first: those entries are signed with
	 * the current key at seqs before the key entry, which is right. A
	 * callback of theirs may queue again, hence the loop; after it
	 * nothing is queued, so the key entry is the last entry the current
	 * key signs.
	 */
	for (rounds = 0; writer_pending(w) > 0; rounds++) {
		if (rounds == 8)
			return nferr_set(err, "busy", "",
			    "writes keep arriving; try the rotation again");
		if (writer_flush(w, err) != 0)
			return -1;
	}
	keys_pub_encode(next->pk, npk);
	keys_pub_encode(w->key.pk, opk);
	if ((body = json_pack("{s:s, s:s}", "public_key", npk,
	    "previous_key", opk)) == NULL)
		return nferr_set(err, "internal", "", "out of memory");
	memset(&c, 0, sizeof(c));
	rc = writer_queue(w, OP_KEY, REC_KEY, NULL, body, rotate_cb, &c, &prov,
	    err);
	json_decref(body);
	if (rc != 0)
		return -1;
	rc = writer_flush(w, err);
	if (rc != 0 && !c.done) {
		/* the flush could not even start: ours is still queued */
		entry_clear(&w->ents[--w->n]);
		reset_queue_head(w);
		return -1;
	}
	if (rc != 0 || c.status != 0) {
		/*
		 * A COMMIT that reported failure may still have reached the
		 * disk; writer_flush then reloaded the head from the store.
		 * If the store holds our entry it is durable: switch, or the
		 * next entry would be signed by a key retired at this seq.
		 */
		if (!(w->seq == prov.seq && store_hash_at(w->s, w->origin,
		    prov.seq, held, NULL) == 0 &&
		    memcmp(held, prov.hash, ENTRY_HASH_LEN) == 0)) {
			if (err != NULL && c.status != 0)
				*err = c.err;
			return -1;
		}
	}
	if (w->n != 0) {
		/* nothing may be queued between the key entry and the switch:
		 * it would be signed by a key that ends at the key entry */
		fprintf(stderr, "writer: %zu entries queued during a key "
		    "rotation\n", w->n);
		abort();
	}
	keys_wipe(&w->key);
	w->key = *next;
	if (res != NULL)
		*res = prov;
	return 0;
}

/* ---- hold ------------------------------------------------------------------ */

void
writer_hold(struct writer *w, const char *code, const char *fmt, ...)
{
	va_list ap;

	w->hold.code = code;
	w->hold.field[0] = '\0';
	va_start(ap, fmt);
	vsnprintf(w->hold.msg, sizeof(w->hold.msg), fmt, ap);
	va_end(ap);
}

void
writer_release(struct writer *w)
{
	nferr_clear(&w->hold);
}

int
writer_held(const struct writer *w, struct nferr *err)
{
	if (w->hold.code == NULL)
		return 0;
	if (err != NULL)
		*err = w->hold;
	return 1;
}

int
writer_reload(struct writer *w, struct nferr *err)
{
	uint64_t seq;
	unsigned char hash[ENTRY_HASH_LEN];

	if (w->hold.code == NULL || w->n > 0)
		return nferr_set(err, "bad_value", "",
		    "the writer reloads its head only while held and idle");
	if (store_head(w->s, w->origin, &seq, hash, err) != 0)
		return -1;
	w->seq = seq;
	memcpy(w->hash, hash, ENTRY_HASH_LEN);
	reset_queue_head(w);
	return 0;
}
