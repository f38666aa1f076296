/*
 * store_index: what derives from a record's body, kept within the
 * transaction that applies its entry: the record row and its derived
 * columns (name, sort key, country, classification, network, org,
 * dates), the tags (focus, lang), the search row and the search
 * vocabulary, the counts, and the pruning of superseded bodies.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "canon.h"
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
 * Which body field feeds which indexed column, per type. "classification"
 * is the organisation type for organisations and the nearest equivalent
 * for the others (docs/storage.md). Names of translated text are picked
 * for display with record_text_pick(.., "en", body.lang) and indexed in
 * every language.
 */
static const struct {
	const char *name;
	const char *class_;
	const char *org;
	const char *start;
	const char *end;
	const char *focus;
	int searchable;
} dmap[REC__COUNT] = {
	[REC_ORGANISATION] = { "name", "classification", NULL, "founded",
	    NULL, "focus_areas", 1 },
	[REC_NETWORK] = { "name", "scope", "lead_organisation", NULL, NULL,
	    "focus_areas", 1 },
	[REC_MEMBERSHIP] = { NULL, "role", "organisation", "start", "end",
	    NULL, 0 },
	[REC_MEMBERSHIP_REQUEST] = { NULL, "role", "organisation", NULL, NULL,
	    NULL, 0 },
	[REC_MEETING] = { "title", "mode", "organiser", "start", "end", NULL,
	    1 },
	[REC_RESOURCE] = { "title", "kind", "publisher", "published", NULL,
	    NULL, 1 },
	[REC_COLLABORATION] = { "public_body_name", "form", "organisation",
	    "start", "end", "area", 1 },
	[REC_KEY] = { NULL, NULL, NULL, NULL, NULL, NULL, 0 },
};

/* Plain-string fields whose text is searchable (besides translations). */
static const char *const text_fields[] = {
	"municipality", "region", "place", "platform", "public_body_name",
	"meeting_frequency", NULL
};

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
	struct buf fts_name, fts_text;
};

static const char *
sval(const json_t *o, const char *k)
{
	json_t *v = k ? json_object_get(o, k) : NULL;

	return json_is_string(v) ? json_string_value(v) : NULL;
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

static int
add_text_all(struct buf *b, const json_t *v)
{
	const char *k;
	json_t *x;

	if (json_is_string(v))
		return store_buf_add_folded(b, json_string_value(v));
	json_object_foreach(canon_unconst(v), k, x)
		if (json_is_string(x) && store_buf_add_folded(b, json_string_value(x)))
			return -1;
	return 0;
}

static int
derive(enum record_type t, const char *origin, const json_t *body,
    struct derived *d)
{
	const char *lang = sval(body, "lang"), *k, *str;
	json_t *v, *x, *langs;
	size_t i;
	int64_t ms;

	memset(d, 0, sizeof(*d));
	d->country = sval(body, "country") ? sval(body, "country") : origin;
	d->class_ = sval(body, dmap[t].class_);
	d->network = sval(body, "network");
	d->org = sval(body, dmap[t].org);
	if ((str = sval(body, dmap[t].start)) && store_time_parse(str, &ms) == 0) {
		d->has_start = 1;
		d->start_ms = ms;
	}
	if ((str = sval(body, dmap[t].end)) && store_time_parse(str, &ms) == 0) {
		d->has_end = 1;
		d->end_ms = ms;
	}
	/* the name: a string or translated text */
	v = dmap[t].name ? json_object_get(body, dmap[t].name) : NULL;
	if (json_is_string(v))
		d->name = json_string_value(v);
	else if (record_is_langmap(v))
		d->name = record_text_pick(v, "en", lang);
	if (t == REC_MEETING) {
		if (d->has_start)
			store_time_key(d->start_ms, d->sort_key);
	} else if (d->name != NULL) {
		store_fold(d->name, d->sort_key, sizeof(d->sort_key));
	}
	/* tags */
	v = dmap[t].focus ? json_object_get(body, dmap[t].focus) : NULL;
	if (json_is_string(v))
		add_tag(d->focus, &d->nfocus, json_string_value(v));
	json_array_foreach(v, i, x)
		if (json_is_string(x))
			add_tag(d->focus, &d->nfocus, json_string_value(x));
	add_tag(d->lang, &d->nlang, lang);
	langs = json_object_get(body, "languages");
	json_array_foreach(langs, i, x)
		if (json_is_string(x))
			add_tag(d->lang, &d->nlang, json_string_value(x));
	json_object_foreach(canon_unconst(body), k, v)
		if (record_is_langmap(v)) {
			const char *tag;

			json_object_foreach(v, tag, x)
				add_tag(d->lang, &d->nlang, tag);
		}
	if (!dmap[t].searchable)
		return 0;
	/* search text: names in every language, then the rest */
	v = dmap[t].name ? json_object_get(body, dmap[t].name) : NULL;
	if (v != NULL && add_text_all(&d->fts_name, v))
		return -1;
	json_array_foreach(json_object_get(body, "other_names"), i, x)
		if ((str = sval(x, "name")) && store_buf_add_folded(&d->fts_name, str))
			return -1;
	json_object_foreach(canon_unconst(body), k, v) {
		if (dmap[t].name && strcmp(k, dmap[t].name) == 0)
			continue;
		if (record_is_langmap(v) && add_text_all(&d->fts_text, v))
			return -1;
	}
	for (i = 0; text_fields[i] != NULL; i++) {
		if (dmap[t].name && strcmp(text_fields[i], dmap[t].name) == 0)
			continue;
		if ((str = sval(body, text_fields[i])) &&
		    store_buf_add_folded(&d->fts_text, str))
			return -1;
	}
	return 0;
}

static void
derived_free(struct derived *d)
{
	free(d->fts_name.p);
	free(d->fts_text.p);
}

/* ---- apply ---------------------------------------------------------- */

struct oldrec {
	int found, deleted;
	int64_t rid;
	char type[32];
	char country[8];
};

static int
rec_old(struct store *s, const char *id, struct oldrec *o, struct nferr *err)
{
	sqlite3_stmt *q = st(s, ST_REC_META);
	int rc;

	memset(o, 0, sizeof(*o));
	bind_text(q, 1, id);
	rc = sqlite3_step(q);
	if (rc == SQLITE_ROW) {
		o->found = 1;
		o->rid = sqlite3_column_int64(q, 0);
		snprintf(o->type, sizeof(o->type), "%s", col_text(q, 1) ?
		    col_text(q, 1) : "");
		o->deleted = sqlite3_column_int(q, 4);
		snprintf(o->country, sizeof(o->country), "%s",
		    col_text(q, 5) ? col_text(q, 5) : "");
	}
	sqlite3_reset(q);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return store_db_err(s, err, "record lookup");
	return 0;
}

int
store_count_add(struct store *s, const char *type, const char *country, int d,
    struct nferr *err)
{
	sqlite3_stmt *q = st(s, ST_COUNT_ADD);

	bind_text(q, 1, type);
	bind_text(q, 2, country);
	sqlite3_bind_int(q, 3, d);
	return st_run(s, q, err, "counts");
}

/* Remove a record's tags and search row. */
int
store_unindex(struct store *s, int64_t rid, struct nferr *err)
{
	sqlite3_stmt *q = st(s, ST_TAGS_DEL);

	sqlite3_bind_int64(q, 1, rid);
	if (st_run(s, q, err, "tags") != 0)
		return -1;
	q = st(s, ST_FTS_DEL);
	sqlite3_bind_int64(q, 1, rid);
	return st_run(s, q, err, "search delete");
}

/* Run a statement ending in RETURNING rid. */
static int
run_rid(struct store *s, sqlite3_stmt *q, int64_t *rid, struct nferr *err,
    const char *what)
{
	int rc = sqlite3_step(q);

	if (rc == SQLITE_ROW) {
		*rid = sqlite3_column_int64(q, 0);
		rc = sqlite3_step(q);
	}
	if (rc != SQLITE_DONE) {
		store_db_err(s, err, what);
		sqlite3_reset(q);
		return -1;
	}
	sqlite3_reset(q);
	return 0;
}

int
store_prune(struct store *s, const struct nf_entry *e, struct nferr *err)
{
	sqlite3_stmt *q = st(s, ST_ENTRY_PRUNE);

	bind_text(q, 1, e->origin);
	bind_text(q, 2, e->id);
	bind_u64(q, 3, e->seq);
	return st_run(s, q, err, "prune");
}

static int
vocab_token(void *ctx, int tflags, const char *tok, int ntok, int start,
    int end)
{
	struct store *s = ctx;
	sqlite3_stmt *q;

	if (tflags & FTS5_TOKEN_COLOCATED)
		return SQLITE_OK;
	q = st(s, ST_VOCAB_INS);
	sqlite3_bind_text(q, 1, tok, ntok, SQLITE_TRANSIENT);
	return st_run(s, q, NULL, "vocabulary") == 0 ? SQLITE_OK : SQLITE_ERROR;
}

/* Add the tokens of folded text to search_vocab. */
static int
vocab_add(struct store *s, const struct buf *b, struct nferr *err)
{
	if (b->len == 0)
		return 0;
	if (s->tok.xTokenize(s->tokinst, s, FTS5_TOKENIZE_DOCUMENT, b->p,
	    (int)b->len, vocab_token) != SQLITE_OK)
		return store_db_err(s, err, "vocabulary");
	return 0;
}

int
store_apply_put(struct store *s, const struct nf_entry *e, const char *body_text,
    struct nferr *err)
{
	const char *tname = record_type_name(e->type);
	struct derived d;
	struct oldrec o;
	sqlite3_stmt *q;
	char kind[16];
	int64_t rid = 0;
	size_t i;
	int rc = -1;

	if (derive(e->type, e->origin, e->body, &d) != 0) {
		derived_free(&d);
		return nferr_set(err, "internal", "", "out of memory");
	}
	if (rec_old(s, e->id, &o, err) != 0)
		goto out;
	if (o.found && !o.deleted &&
	    store_count_add(s, o.type, o.country, -1, err) != 0)
		goto out;
	q = st(s, ST_REC_PUT);
	bind_text(q, 1, e->id);
	bind_text(q, 2, tname);
	bind_text(q, 3, e->origin);
	bind_u64(q, 4, e->seq);
	bind_text(q, 5, body_text);
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
	if (run_rid(s, q, &rid, err, "record put") != 0)
		goto out;
	if (store_count_add(s, tname, d.country, 1, err) != 0)
		goto out;
	if (o.found && store_unindex(s, rid, err) != 0)
		goto out;
	for (i = 0; i < d.nfocus + d.nlang; i++) {
		q = st(s, ST_TAG_INS);
		sqlite3_bind_int64(q, 1, rid);
		bind_text(q, 2, i < d.nfocus ? "focus" : "lang");
		bind_text(q, 3, i < d.nfocus ? d.focus[i] : d.lang[i - d.nfocus]);
		bind_text(q, 4, tname);
		bind_text(q, 5, d.sort_key);
		bind_text(q, 6, e->id);
		if (st_run(s, q, err, "tags") != 0)
			goto out;
	}
	if (dmap[e->type].searchable && (d.fts_name.len || d.fts_text.len)) {
		snprintf(kind, sizeof(kind), "k%s", record_type_kind(e->type));
		q = st(s, ST_FTS_INS);
		sqlite3_bind_int64(q, 1, rid);
		bind_text(q, 2, kind);
		bind_text(q, 3, d.fts_name.p ? d.fts_name.p : "");
		bind_text(q, 4, d.fts_text.p ? d.fts_text.p : "");
		if (st_run(s, q, err, "search insert") != 0 ||
		    vocab_add(s, &d.fts_name, err) != 0 ||
		    vocab_add(s, &d.fts_text, err) != 0)
			goto out;
	}
	rc = store_prune(s, e, err);
out:
	derived_free(&d);
	return rc;
}

int
store_apply_delete(struct store *s, const struct nf_entry *e, struct nferr *err)
{
	struct oldrec o;
	sqlite3_stmt *q;
	int64_t rid = 0;

	if (rec_old(s, e->id, &o, err) != 0)
		return -1;
	if (o.found && !o.deleted &&
	    store_count_add(s, o.type, o.country, -1, err) != 0)
		return -1;
	q = st(s, ST_REC_DEL);
	bind_text(q, 1, e->id);
	bind_text(q, 2, record_type_name(e->type));
	bind_text(q, 3, e->origin);
	bind_u64(q, 4, e->seq);
	if (run_rid(s, q, &rid, err, "record delete") != 0)
		return -1;
	if (o.found && store_unindex(s, rid, err) != 0)
		return -1;
	/* an organisation's contact persons go with it, in this transaction */
	if (e->type == REC_ORGANISATION &&
	    store_persons_erase_org(s, e->id, err) != 0)
		return -1;
	return store_prune(s, e, err);
}

/*
 * Insert one entry into the log after the chain checks, advance the head
 * and apply it to the records. Within an open transaction.
 * Returns 1 when the entry was already held (same hash): nothing done.
 */
