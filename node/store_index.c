/*
 * store_index: what derives from a record's body, kept within the
 * transaction that applies its entry: the record row and its derived
 * columns (name, sort key, country, classification, network, org,
 * dates), the tags (focus, lang), the search row and the search
 * vocabulary, and the counts.
 *
 * The search table is contentless (docs/storage.md, "Search"): removing
 * a record's row takes the text that was indexed, which is derived again
 * from the stored body. derive() therefore depends on nothing but the
 * body's content: object keys are visited in sorted order, whatever
 * order the body was built in. A change to what derive() indexes needs
 * a migration that rebuilds the search table.
 *
 * The counts, the new vocabulary and the search changes of a write
 * transaction are gathered in s->tx and written at commit
 * (store_index_flush), the search changes last.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "canon.h"
#include "record_schema.h"
#include "store_int.h"

#define TAGS_MAX       64      /* tags kept per record */

/* ---- time ----------------------------------------------------------- */

int
store_time_parse(const char *s, int64_t *ms)
{
	char buf[40];
	int64_t sec;
	long nsec;

	if (s == NULL)
		return -1;
	if (strlen(s) == 10) {		/* a date: its midnight, UTC */
		if (!record_date_valid(s))
			return -1;
		snprintf(buf, sizeof(buf), "%sT00:00:00Z", s);
		s = buf;
	}
	if (record_time_parse(s, &sec, &nsec) != 0)
		return -1;
	*ms = sec * 1000 + nsec / 1000000;
	return 0;
}

/* ---- cursors ---------------------------------------------------------- */

/* The sort key of a meeting starting at ms. */
void
store_time_key(int64_t ms, char out[SORT_KEY_MAX + 1])
{
	snprintf(out, SORT_KEY_MAX + 1, "%020" PRId64, ms < 0 ? 0 : ms);
}

/* ---- derived record columns ---------------------------------------- */

/*
 * What a record indexes comes from its type's field table
 * (protocol/record_schema.c): each field's index role (RIX_*) says which
 * column, tag or search text it feeds. Names of translated text are
 * picked for display with record_text_pick(.., "en", body.lang) and
 * indexed in every language.
 */

/* A type's records are searched when one of its fields is a name. */
static int
searchable(enum record_type t)
{
	return record_field_role(record_fields(t), RIX_NAME) != NULL;
}

struct derived {
	const char *name;          /* display name, borrowed from body */
	char sort_key[SORT_KEY_MAX + 1];
	const char *country;
	const char *class_;
	const char *network;
	const char *org;
	int has_start, has_end;
	int64_t start_ms, end_ms;
	const char *focus[TAGS_MAX];
	size_t nfocus;
	const char *lang[TAGS_MAX];
	size_t nlang;
	struct nfbuf fts_name, fts_text;
};

static const char *
role_sval(const struct record_table *tb, const json_t *body, unsigned rix)
{
	const struct record_field *f = record_field_role(tb, rix);

	return f ? store_json_str(body, f->name) : NULL;
}


static void
add_tag(const char **arr, size_t *n, const char *v)
{
	size_t i;

	if (v == NULL || *n >= TAGS_MAX)
		return;
	for (i = 0; i < *n; i++)
		if (strcmp(arr[i], v) == 0)
			return;
	arr[(*n)++] = v;
}

static void
add_tags(const char **arr, size_t *n, const json_t *v)
{
	json_t *x;
	size_t i;

	if (json_is_string(v))
		add_tag(arr, n, json_string_value(v));
	json_array_foreach(v, i, x)
		if (json_is_string(x))
			add_tag(arr, n, json_string_value(x));
}

static int
key_cmp(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/*
 * The keys of object o in bytewise order, as the canonical form has
 * them: *keys points at stack (when they fit) or at a malloc'd array the
 * caller frees when it is not stack. -1 when out of memory.
 */
static int
keys_sorted(const json_t *o, const char **stack, size_t nstack,
    const char ***keys, size_t *n)
{
	const char *k;
	json_t *x;
	size_t i = 0, want = json_object_size(o);

	*keys = stack;
	if (want > nstack && (*keys = malloc(want * sizeof(**keys))) == NULL)
		return -1;
	json_object_foreach(canon_unconst(o), k, x)
		if (i < want)
			(*keys)[i++] = k;
	qsort(*keys, i, sizeof(**keys), key_cmp);
	*n = i;
	return 0;
}

static int
add_text_all(struct nfbuf *b, const json_t *v)
{
	const char *stack[16], **keys;
	size_t n, i;
	int rc = 0;

	if (json_is_string(v))
		return store_buf_add_folded(b, json_string_value(v));
	if (keys_sorted(v, stack, 16, &keys, &n) != 0)
		return -1;
	for (i = 0; i < n && rc == 0; i++) {
		json_t *x = json_object_get(v, keys[i]);

		if (json_is_string(x))
			rc = store_buf_add_folded(b, json_string_value(x));
	}
	if (keys != stack)
		free(keys);
	return rc;
}

/*
 * What the body of record id (of type t, owned by origin) indexes. The
 * sort key is the folded name, a meeting's start, or, for a record with
 * neither (a membership), its id: lists order by (sort key, rid), so
 * records without a name keep the order of their ids.
 */
static int
derive(enum record_type t, const char *id, const char *origin,
    const json_t *body, struct derived *d)
{
	const struct record_table *tb = record_fields(t);
	const struct record_field *f, *name_f, *sort_f;
	const char *lang = store_json_str(body, RECORD_LANG_FIELD);
	const char *str, *stack[64];
	const char **keys;
	json_t *v, *x;
	size_t i, j, k, nkeys;
	int64_t ms;
	int rc = -1;

	memset(d, 0, sizeof(*d));
	if (tb == NULL)
		return -1;
	if (keys_sorted(body, stack, 64, &keys, &nkeys) != 0)
		return -1;
	name_f = record_field_role(tb, RIX_NAME);
	sort_f = record_field_role(tb, RIX_SORT);
	d->country = role_sval(tb, body, RIX_COUNTRY);
	if (d->country == NULL)
		d->country = origin;
	d->class_ = role_sval(tb, body, RIX_CLASS);
	d->network = role_sval(tb, body, RIX_NETWORK);
	d->org = role_sval(tb, body, RIX_ORG);
	if ((str = role_sval(tb, body, RIX_START)) &&
	    store_time_parse(str, &ms) == 0) {
		d->has_start = 1;
		d->start_ms = ms;
	}
	if ((str = role_sval(tb, body, RIX_END)) &&
	    store_time_parse(str, &ms) == 0) {
		d->has_end = 1;
		d->end_ms = ms;
	}
	/* the name: a string or translated text */
	v = name_f ? json_object_get(body, name_f->name) : NULL;
	if (json_is_string(v))
		d->name = json_string_value(v);
	else if (record_is_langmap(v))
		d->name = record_text_pick(v, "en", lang);
	/* the sort key: a time, the folded name, else the id */
	if (sort_f != NULL) {
		if ((str = store_json_str(body, sort_f->name)) &&
		    store_time_parse(str, &ms) == 0)
			store_time_key(ms, d->sort_key);
	} else if (d->name != NULL) {
		store_fold(d->name, d->sort_key, sizeof(d->sort_key));
	}
	if (d->sort_key[0] == '\0')
		snprintf(d->sort_key, sizeof(d->sort_key), "%s", id);
	/* tags: focus, then the languages: plain values in table order,
	 * then those of translated text in key order */
	for (i = 0; i < tb->n; i++) {
		f = &tb->f[i];
		v = json_object_get(body, f->name);
		if (f->index & RIX_FOCUS)
			add_tags(d->focus, &d->nfocus, v);
		if ((f->index & RIX_LANG) && f->kind != RK_TEXT)
			add_tags(d->lang, &d->nlang, v);
	}
	for (j = 0; j < nkeys; j++) {
		f = record_field_find(tb, keys[j]);
		v = json_object_get(body, keys[j]);
		if (f != NULL && f->kind == RK_TEXT && (f->index & RIX_LANG) &&
		    record_is_langmap(v)) {
			const char *tag;

			json_object_foreach(v, tag, x)
				add_tag(d->lang, &d->nlang, tag);
		}
	}
	if (!searchable(t)) {
		rc = 0;
		goto out;
	}
	/* search text: names in every language, the names in the elements
	 * of object arrays, then translated text in key order, then plain
	 * strings in table order */
	v = json_object_get(body, name_f->name);
	if (v != NULL && add_text_all(&d->fts_name, v))
		goto out;
	for (i = 0; i < tb->n; i++) {
		const struct record_field *sub;

		f = &tb->f[i];
		if (f->kind != RK_OBJS ||
		    (sub = record_field_role(f->sub, RIX_NAME)) == NULL)
			continue;
		json_array_foreach(json_object_get(body, f->name), k, x)
			if ((str = store_json_str(x, sub->name)) &&
			    store_buf_add_folded(&d->fts_name, str))
				goto out;
	}
	for (j = 0; j < nkeys; j++) {
		f = record_field_find(tb, keys[j]);
		v = json_object_get(body, keys[j]);
		if (f != NULL && f != name_f && f->kind == RK_TEXT &&
		    (f->index & RIX_TEXT) && record_is_langmap(v) &&
		    add_text_all(&d->fts_text, v))
			goto out;
	}
	for (i = 0; i < tb->n; i++) {
		f = &tb->f[i];
		if (f != name_f && f->kind != RK_TEXT && (f->index & RIX_TEXT) &&
		    (str = store_json_str(body, f->name)) &&
		    store_buf_add_folded(&d->fts_text, str))
			goto out;
	}
	rc = 0;
out:
	if (keys != stack)
		free(keys);
	return rc;
}

/* What the mapping's counts read of d (borrowed from it). */
static const struct store_stats_rec *
stats_rec(const struct derived *d, struct store_stats_rec *r)
{
	r->country = d->country;
	r->class_ = d->class_;
	r->network = d->network;
	r->org = d->org;
	r->focus = d->focus;
	r->nfocus = d->nfocus;
	return r;
}

static void
derived_free(struct derived *d)
{
	free(d->fts_name.p);
	free(d->fts_text.p);
}

/* ---- a set of strings ------------------------------------------------- */

#define KNOWN_VOCAB_MAX 65536   /* tokens remembered across transactions */

static uint64_t
str_hash(const char *s, size_t n)
{
	uint64_t h = 1469598103934665603ULL;     /* FNV-1a */
	size_t i;

	for (i = 0; i < n; i++) {
		h ^= (unsigned char)s[i];
		h *= 1099511628211ULL;
	}
	return h;
}

/* The slot of (s, n): the one holding it, or the empty one it would go
 * in. cap is a power of two and the set is never full. */
static size_t
strset_slot(const struct strset *ss, const char *s, size_t n)
{
	size_t i = (size_t)str_hash(s, n) & (ss->cap - 1);

	while (ss->slot[i] != NULL && (strncmp(ss->slot[i], s, n) != 0 ||
	    ss->slot[i][n] != '\0'))
		i = (i + 1) & (ss->cap - 1);
	return i;
}

static int
strset_has(const struct strset *ss, const char *s, size_t n)
{
	return ss->cap > 0 && ss->slot[strset_slot(ss, s, n)] != NULL;
}

/* Add a copy of (s, n): 1 added, 0 already there, -1 out of memory. */
static int
strset_add(struct strset *ss, const char *s, size_t n)
{
	size_t i, j, ocap = ss->cap;
	char **old = ss->slot, *c;

	if ((ss->n + 1) * 4 >= ss->cap * 3) {
		ss->cap = ocap ? ocap * 2 : 64;
		if ((ss->slot = calloc(ss->cap, sizeof(*ss->slot))) == NULL) {
			ss->slot = old;
			ss->cap = ocap;
			return -1;
		}
		for (i = 0; i < ocap; i++)
			if (old[i] != NULL) {
				j = strset_slot(ss, old[i], strlen(old[i]));
				ss->slot[j] = old[i];
			}
		free(old);
	}
	i = strset_slot(ss, s, n);
	if (ss->slot[i] != NULL)
		return 0;
	if ((c = malloc(n + 1)) == NULL)
		return -1;
	memcpy(c, s, n);
	c[n] = '\0';
	ss->slot[i] = c;
	ss->n++;
	return 1;
}

void
store_strset_free(struct strset *ss)
{
	size_t i;

	for (i = 0; i < ss->cap; i++)
		free(ss->slot[i]);
	free(ss->slot);
	memset(ss, 0, sizeof(*ss));
}

/* ---- what a write transaction gathers --------------------------------- */

static int
count_add(struct store *s, const char *type, const char *country, int d,
    struct nferr *err)
{
	struct wtx *tx = &s->tx;
	size_t i;

	for (i = 0; i < tx->ncount; i++)
		if (strcmp(tx->count[i].type, type) == 0 &&
		    strcmp(tx->count[i].country, country) == 0) {
			tx->count[i].d += d;
			return 0;
		}
	if (tx->ncount == sizeof(tx->count) / sizeof(tx->count[0]) ||
	    strlen(type) >= sizeof(tx->count[0].type) ||
	    strlen(country) >= sizeof(tx->count[0].country))
		return nferr_set(err, "internal", "", "too many counts changed "
		    "in one transaction");
	snprintf(tx->count[i].type, sizeof(tx->count[i].type), "%s", type);
	snprintf(tx->count[i].country, sizeof(tx->count[i].country), "%s",
	    country);
	tx->count[i].d = d;
	tx->ncount++;
	return 0;
}

static int
vocab_token(void *ctx, int tflags, const char *tok, int ntok, int start,
    int end)
{
	struct store *s = ctx;

	if ((tflags & FTS5_TOKEN_COLOCATED) ||
	    strset_has(&s->known_vocab, tok, (size_t)ntok))
		return SQLITE_OK;
	return strset_add(&s->tx.vocab, tok, (size_t)ntok) < 0 ?
	    SQLITE_NOMEM : SQLITE_OK;
}

/* Gather the tokens of folded text not known to be in search_vocab. */
static int
vocab_add(struct store *s, const struct nfbuf *b, struct nferr *err)
{
	if (b->len == 0)
		return 0;
	if (s->tok.xTokenize(s->tokinst, s, FTS5_TOKENIZE_DOCUMENT, b->p,
	    (int)b->len, vocab_token) != SQLITE_OK)
		return nferr_set(err, "internal", "", "out of memory");
	return 0;
}

/* Queue an insert (del 0) or a 'delete' (del 1) of the search row of a
 * record. The text moves from d into the queue. */
static int
fts_queue(struct store *s, int del, int64_t rid, enum record_type t,
    struct derived *d, struct nferr *err)
{
	struct wtx *tx = &s->tx;
	struct fts_op *op;

	if (!searchable(t) || (d->fts_name.len == 0 && d->fts_text.len == 0))
		return 0;
	if (tx->nfts == tx->capfts) {
		size_t ncap = tx->capfts ? tx->capfts * 2 : 64;
		struct fts_op *n = realloc(tx->fts, ncap * sizeof(*n));

		if (n == NULL)
			return nferr_set(err, "internal", "", "out of memory");
		tx->fts = n;
		tx->capfts = ncap;
	}
	if (!del && (vocab_add(s, &d->fts_name, err) != 0 ||
	    vocab_add(s, &d->fts_text, err) != 0))
		return -1;
	op = &tx->fts[tx->nfts++];
	memset(op, 0, sizeof(*op));
	op->del = del;
	op->rid = rid;
	snprintf(op->kind, sizeof(op->kind), "k%s", record_type_kind(t));
	op->name = d->fts_name.p;
	op->text = d->fts_text.p;
	memset(&d->fts_name, 0, sizeof(d->fts_name));
	memset(&d->fts_text, 0, sizeof(d->fts_text));
	return 0;
}

static int
tag_run(struct store *s, enum st which, const char *kind, const char *value,
    const char *type, const char *sort_key, int64_t rid, struct nferr *err)
{
	sqlite3_stmt *q = st(s, which);

	bind_text(q, 1, kind);
	bind_text(q, 2, value);
	bind_text(q, 3, type);
	bind_text(q, 4, sort_key);
	sqlite3_bind_int64(q, 5, rid);
	return st_run(s, q, err, "tags");
}

static int
tag_in(const struct derived *d, int focus, const char *v)
{
	const char *const *arr = focus ? d->focus : d->lang;
	size_t i, n = focus ? d->nfocus : d->nlang;

	for (i = 0; i < n; i++)
		if (strcmp(arr[i], v) == 0)
			return 1;
	return 0;
}

/*
 * Rewrite the tags of record rid from old (NULL: none) to new (NULL:
 * none). A tag row is keyed by its sort key, so when the sort key is
 * unchanged only the tags that differ are written.
 */
static int
tags_rewrite(struct store *s, int64_t rid, const char *type,
    const struct derived *old, const struct derived *new, struct nferr *err)
{
	int same = old && new && strcmp(old->sort_key, new->sort_key) == 0;
	size_t i, k;

	for (k = 0; old && k < old->nfocus + old->nlang; k++) {
		int f = k < old->nfocus;
		const char *v = f ? old->focus[k] : old->lang[k - old->nfocus];

		if (same && tag_in(new, f, v))
			continue;
		if (tag_run(s, ST_TAG_DEL, f ? "focus" : "lang", v, type,
		    old->sort_key, rid, err) != 0)
			return -1;
	}
	for (i = 0; new && i < new->nfocus + new->nlang; i++) {
		int f = i < new->nfocus;
		const char *v = f ? new->focus[i] : new->lang[i - new->nfocus];

		if (same && tag_in(old, f, v))
			continue;
		if (tag_run(s, ST_TAG_INS, f ? "focus" : "lang", v, type,
		    new->sort_key, rid, err) != 0)
			return -1;
	}
	return 0;
}

/* ---- apply ---------------------------------------------------------- */

/* The record as stored before an entry changes it. */
struct oldrec {
	int found, deleted;
	int64_t rid;
	char type[32];             /* records.type: the id kind ("org") */
	char country[8];
	json_t *body;              /* parsed stored body; NULL for a tombstone */
	struct derived d;          /* derived from body when body != NULL */
};

static void
oldrec_free(struct oldrec *o)
{
	if (o->body != NULL)
		derived_free(&o->d);
	json_decref(o->body);
	o->body = NULL;
}

/* Read the record id as stored, and (want_body) derive what its stored
 * body indexed, so that it can be taken out again. */
static int
rec_old(struct store *s, const char *id, const char *origin, int want_body,
    struct oldrec *o, struct nferr *err)
{
	sqlite3_stmt *q = st(s, ST_REC_OLD);
	enum record_type t;
	int rc;

	memset(o, 0, sizeof(*o));
	bind_text(q, 1, id);
	rc = sqlite3_step(q);
	if (rc == SQLITE_ROW) {
		o->found = 1;
		o->rid = sqlite3_column_int64(q, 0);
		snprintf(o->type, sizeof(o->type), "%s", col_text(q, 1) ?
		    col_text(q, 1) : "");
		o->deleted = sqlite3_column_int(q, 2);
		snprintf(o->country, sizeof(o->country), "%s",
		    col_text(q, 3) ? col_text(q, 3) : "");
		if (want_body && !o->deleted && col_text(q, 4) != NULL &&
		    (o->body = json_loadb(col_text(q, 4),
		    (size_t)sqlite3_column_bytes(q, 4), JSON_REJECT_DUPLICATES,
		    NULL)) == NULL)
			rc = SQLITE_CORRUPT;
	}
	sqlite3_reset(q);
	if (rc == SQLITE_CORRUPT)
		return nferr_set(err, "db_error", "", "the stored body of %s "
		    "cannot be read", id);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return store_db_err(s, err, "record lookup");
	if (o->body != NULL) {
		t = record_type_from_kind(o->type);
		if (t == REC_NONE || derive(t, id, origin, o->body, &o->d) != 0) {
			derived_free(&o->d);
			json_decref(o->body);
			o->body = NULL;
			return nferr_set(err, "db_error", "", "the stored record "
			    "%s cannot be indexed", id);
		}
	}
	return 0;
}

/* Take out what the old version indexed: count, search row, and (when
 * new is NULL) its tags. */
static int
unindex_old(struct store *s, struct oldrec *o, enum record_type t,
    const struct derived *new, struct nferr *err)
{
	struct store_stats_rec r;

	if (!o->found || o->deleted)
		return 0;
	if (count_add(s, record_type_name(t), o->country, -1, err) != 0)
		return -1;
	if (o->body == NULL)
		return 0;
	/* the stored country, whatever the body says */
	stats_rec(&o->d, &r);
	r.country = o->country;
	if (store_stats_apply(s, t, o->body, &r, -1, err) != 0)
		return -1;
	if (fts_queue(s, 1, o->rid, t, &o->d, err) != 0)
		return -1;
	return new == NULL ? tags_rewrite(s, o->rid, o->type, &o->d, NULL,
	    err) : 0;
}

int
store_apply_put(struct store *s, const struct nf_entry *e,
    const char *body_text, size_t body_len, struct nferr *err)
{
	const char *tname = record_type_name(e->type);
	const char *tkind = record_type_kind(e->type);
	struct store_stats_rec sr;
	struct derived d;
	struct oldrec o;
	sqlite3_stmt *q;
	int64_t rid;
	int rc = -1;

	memset(&o, 0, sizeof(o));
	if (derive(e->type, e->id, e->origin, e->body, &d) != 0) {
		derived_free(&d);
		return nferr_set(err, "internal", "", "out of memory");
	}
	if (rec_old(s, e->id, e->origin, 1, &o, err) != 0 ||
	    unindex_old(s, &o, e->type, &d, err) != 0)
		goto out;
	q = st(s, o.found ? ST_REC_UPD : ST_REC_INS);
	bind_text(q, 1, e->id);
	bind_text(q, 2, tkind);
	bind_text(q, 3, e->origin);
	bind_u64(q, 4, e->seq);
	sqlite3_bind_text(q, 5, body_text, (int)body_len, SQLITE_STATIC);
	bind_text(q, 6, d.name);
	bind_text(q, 7, d.sort_key);
	bind_text(q, 8, d.country);
	bind_text(q, 9, d.class_);
	bind_text(q, 10, d.network);
	bind_text(q, 11, d.org);
	if (d.has_start)
		sqlite3_bind_int64(q, 12, d.start_ms);
	if (d.has_end)
		sqlite3_bind_int64(q, 13, d.end_ms);
	if (o.found)
		sqlite3_bind_int64(q, 14, o.rid);
	if (st_run(s, q, err, "record put") != 0)
		goto out;
	rid = o.found ? o.rid : sqlite3_last_insert_rowid(s->db);
	if (count_add(s, tname, d.country, 1, err) != 0 ||
	    store_stats_apply(s, e->type, e->body, stats_rec(&d, &sr), 1,
	    err) != 0 ||
	    tags_rewrite(s, rid, tkind, o.body ? &o.d : NULL, &d, err) != 0 ||
	    fts_queue(s, 0, rid, e->type, &d, err) != 0)
		goto out;
	rc = 0;
out:
	oldrec_free(&o);
	derived_free(&d);
	return rc;
}

int
store_apply_delete(struct store *s, const struct nf_entry *e,
    struct nferr *err)
{
	struct oldrec o;
	sqlite3_stmt *q;
	int rc = -1;

	if (rec_old(s, e->id, e->origin, 1, &o, err) != 0 ||
	    unindex_old(s, &o, e->type, NULL, err) != 0)
		goto out;
	q = st(s, o.found ? ST_REC_TOMB_UPD : ST_REC_TOMB_INS);
	bind_text(q, 1, e->id);
	bind_text(q, 2, record_type_kind(e->type));
	bind_text(q, 3, e->origin);
	bind_u64(q, 4, e->seq);
	if (o.found)
		sqlite3_bind_int64(q, 5, o.rid);
	rc = st_run(s, q, err, "record delete");
	/* an organisation's contact persons go with it, in this transaction */
	if (rc == 0 && e->type == REC_ORGANISATION &&
	    store_persons_erase_org(s, e->id, err) != 0)
		rc = -1;
out:
	oldrec_free(&o);
	return rc;
}

int
store_unindex(struct store *s, int64_t rid, const char *id, const char *type,
    const char *country, const char *body, int deleted, struct nferr *err)
{
	enum record_type t = record_type_from_kind(type);
	struct oldrec o;
	int rc = -1;

	memset(&o, 0, sizeof(o));
	o.found = 1;
	o.deleted = deleted;
	o.rid = rid;
	snprintf(o.type, sizeof(o.type), "%s", type);
	snprintf(o.country, sizeof(o.country), "%s", country);
	if (t == REC_NONE)
		return nferr_set(err, "db_error", "", "a stored record has type "
		    "%s", type);
	if (!deleted && body != NULL) {
		/* the origin only matters for a body without country, and
		 * then the stored country is the origin */
		if ((o.body = json_loads(body, JSON_REJECT_DUPLICATES,
		    NULL)) == NULL || derive(t, id, country, o.body, &o.d) != 0) {
			nferr_set(err, "db_error", "", "a stored record of type "
			    "%s cannot be read", type);
			goto out;
		}
	}
	rc = unindex_old(s, &o, t, NULL, err);
out:
	oldrec_free(&o);
	return rc;
}

/* ---- at commit ----------------------------------------------------------- */

int
store_index_flush(struct store *s, struct nferr *err)
{
	struct wtx *tx = &s->tx;
	sqlite3_stmt *q;
	size_t i;

	for (i = 0; i < tx->ncount; i++) {
		if (tx->count[i].d == 0)
			continue;
		q = st(s, ST_COUNT_ADD);
		bind_text(q, 1, tx->count[i].type);
		bind_text(q, 2, tx->count[i].country);
		sqlite3_bind_int(q, 3, tx->count[i].d);
		if (st_run(s, q, err, "counts") != 0)
			return -1;
	}
	for (i = 0; i < tx->vocab.cap; i++) {
		if (tx->vocab.slot[i] == NULL)
			continue;
		q = st(s, ST_VOCAB_INS);
		bind_text(q, 1, tx->vocab.slot[i]);
		if (st_run(s, q, err, "vocabulary") != 0)
			return -1;
	}
	/* last and together: every statement savepoint after a search write
	 * would flush FTS5's pending data into a segment of its own */
	for (i = 0; i < tx->nfts; i++) {
		struct fts_op *op = &tx->fts[i];

		q = st(s, op->del ? ST_FTS_DEL : ST_FTS_INS);
		sqlite3_bind_int64(q, 1, op->rid);
		bind_text(q, 2, op->kind);
		bind_text(q, 3, op->name ? op->name : "");
		bind_text(q, 4, op->text ? op->text : "");
		if (st_run(s, q, err, "search") != 0)
			return -1;
	}
	return 0;
}

void
store_index_done(struct store *s, int ok)
{
	struct wtx *tx = &s->tx;
	size_t i;

	for (i = 0; i < tx->nfts; i++) {
		free(tx->fts[i].name);
		free(tx->fts[i].text);
	}
	tx->nfts = 0;
	tx->ncount = 0;
	if (ok) {
		/* committed: these tokens are in search_vocab now */
		if (s->known_vocab.n + tx->vocab.n > KNOWN_VOCAB_MAX)
			store_strset_free(&s->known_vocab);
		for (i = 0; i < tx->vocab.cap; i++)
			if (tx->vocab.slot[i] != NULL &&
			    strset_add(&s->known_vocab, tx->vocab.slot[i],
			    strlen(tx->vocab.slot[i])) < 0)
				break;
	}
	store_strset_free(&tx->vocab);
}
