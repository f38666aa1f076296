/*
 * store_query: record reads. A record by id, keyset-paginated lists with
 * filters, the memberships of a network or an organisation, and the
 * counts. All JSON returned is a new reference owned by the caller.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "store_int.h"

#define CURSOR_TEXT_MAX sodium_base64_ENCODED_LEN(SORT_KEY_MAX + \
    RECORD_ID_MAX + 2, sodium_base64_VARIANT_URLSAFE_NO_PADDING)

/* base64url(sort_key NUL tail): the tail is the last row's rid in
 * decimal for a list, its id for memberships. */
static void
cursor_text(const char *sort_key, const char *id, char out[CURSOR_TEXT_MAX])
{
	unsigned char bin[SORT_KEY_MAX + RECORD_ID_MAX + 2];
	size_t a = strlen(sort_key), b = strlen(id);

	if (a > SORT_KEY_MAX)
		a = SORT_KEY_MAX;
	if (b >= RECORD_ID_MAX)
		b = RECORD_ID_MAX - 1;
	memcpy(bin, sort_key, a);
	bin[a] = '\0';
	memcpy(bin + a + 1, id, b);
	sodium_bin2base64(out, CURSOR_TEXT_MAX, bin, a + 1 + b,
	    sodium_base64_VARIANT_URLSAFE_NO_PADDING);
}

static json_t *
cursor_make(const char *sort_key, const char *id)
{
	char out[CURSOR_TEXT_MAX];

	cursor_text(sort_key, id, out);
	return json_string(out);
}

static int
cursor_parse(const char *cur, char key[SORT_KEY_MAX + 1],
    char id[RECORD_ID_MAX], struct nferr *err)
{
	unsigned char bin[STORE_CURSOR_MAX];
	size_t len, n, k;
	const unsigned char *nul;

	key[0] = id[0] = '\0';
	if (cur == NULL || *cur == '\0')
		return 0;
	len = strlen(cur);
	if (len > STORE_CURSOR_MAX ||
	    sodium_base642bin(bin, sizeof(bin), cur, len, NULL, &n, NULL,
	    sodium_base64_VARIANT_URLSAFE_NO_PADDING) != 0)
		goto bad;
	if ((nul = memchr(bin, '\0', n)) == NULL)
		goto bad;
	k = (size_t)(nul - bin);
	if (k > SORT_KEY_MAX || n - k - 1 == 0 || n - k - 1 >= RECORD_ID_MAX ||
	    memchr(nul + 1, '\0', n - k - 1) != NULL)
		goto bad;
	memcpy(key, bin, k);
	key[k] = '\0';
	memcpy(id, nul + 1, n - k - 1);
	id[n - k - 1] = '\0';
	return 0;
bad:
	return nferr_set(err, "bad_cursor", "/cursor",
	    "the cursor is not one this node gave out");
}

int
store_limit_check(int limit, int *out, struct nferr *err)
{
	if (limit == 0)
		limit = STORE_LIMIT_DEFAULT;
	if (limit < 1 || limit > STORE_LIMIT_MAX)
		return nferr_set(err, "bad_value", "/limit",
		    "limit must be 1 to %d", STORE_LIMIT_MAX);
	*out = limit;
	return 0;
}

/* List filter bits: one prepared statement per combination used. */
enum {
	LF_COUNTRY = 1 << 0, LF_CLASS = 1 << 1, LF_FOCUS = 1 << 2,
	LF_NETWORK = 1 << 3, LF_LANG = 1 << 4, LF_FROM = 1 << 5,
	LF_TO = 1 << 6, LF_NOW = 1 << 7, LF_MEMBER = 1 << 8,
	LF_ORG = 1 << 9, LF_PUBLIC_BODY = 1 << 10, LF_BODY0 = 1 << 11,
	LF_BODY1 = 1 << 12
};

/* ---- record reads --------------------------------------------------- */

int
store_record_meta(struct store *s, const char *id, struct store_record_meta *m,
    struct nferr *err)
{
	sqlite3_stmt *q = st(s, ST_REC_META);
	int rc;

	memset(m, 0, sizeof(*m));
	bind_text(q, 1, id);
	rc = sqlite3_step(q);
	if (rc == SQLITE_ROW) {
		m->type = record_type_from_kind(col_text(q, 1));
		snprintf(m->origin, sizeof(m->origin), "%s", col_text(q, 2) ?
		    col_text(q, 2) : "");
		m->seq = (uint64_t)sqlite3_column_int64(q, 3);
		m->deleted = sqlite3_column_int(q, 4);
	}
	sqlite3_reset(q);
	if (rc == SQLITE_DONE)
		return nferr_set(err, "not_found", "", "no record %s", id);
	if (rc != SQLITE_ROW)
		return store_db_err(s, err, "record meta");
	return 0;
}

/* {"id","type","origin","seq","deleted","body"} from columns
 * id, type, origin, seq, deleted, body starting at column c. */
static json_t *
rec_json(sqlite3_stmt *q, int c)
{
	return json_pack("{s:o, s:s, s:o, s:I, s:b, s:o}",
	    "id", col_json_str(q, c), "type", kind_type_name(col_text(q, c + 1)),
	    "origin", col_json_str(q, c + 2),
	    "seq", (json_int_t)sqlite3_column_int64(q, c + 3),
	    "deleted", sqlite3_column_int(q, c + 4),
	    "body", col_json(q, c + 5));
}

static json_t *
rec_json_row(sqlite3_stmt *q)
{
	return rec_json(q, 0);
}

/* One row by id through statement k, made into JSON by make: 0, or -1
 * with not_found (naming what) or a database error. */
int
store_get_one(struct store *s, enum st k, const char *id, const char *what,
    json_t *(*make)(sqlite3_stmt *), json_t **out, struct nferr *err)
{
	sqlite3_stmt *q = st(s, k);
	int rc;

	*out = NULL;
	bind_text(q, 1, id);
	rc = sqlite3_step(q);
	if (rc == SQLITE_ROW)
		*out = make(q);
	sqlite3_reset(q);
	if (rc == SQLITE_DONE)
		return nferr_set(err, "not_found", "", "no %s %s", what, id);
	if (rc != SQLITE_ROW)
		return store_db_err(s, err, what);
	return *out ? 0 : nferr_set(err, "internal", "", "out of memory");
}

int
store_record_get(struct store *s, const char *id, json_t **out,
    struct nferr *err)
{
	return store_get_one(s, ST_REC_GET, id, "record", rec_json_row, out, err);
}

int
store_record_compare(struct store *s, const char *id, const char *body,
    size_t len, int *state, struct nferr *err)
{
	sqlite3_stmt *q = st(s, ST_REC_GET);
	int rc;

	*state = STORE_REC_UNKNOWN;
	bind_text(q, 1, id);
	rc = sqlite3_step(q);
	if (rc == SQLITE_ROW) {
		if (sqlite3_column_int(q, 4))
			*state = STORE_REC_DELETED;
		else if ((size_t)sqlite3_column_bytes(q, 5) == len &&
		    memcmp(sqlite3_column_blob(q, 5), body, len) == 0)
			*state = STORE_REC_SAME;
		else
			*state = STORE_REC_OTHER;
	}
	sqlite3_reset(q);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return store_db_err(s, err, "record");
	return 0;
}

int
store_record_text(struct store *s, const char *id, struct nfbuf *out,
    struct store_record_view *v, struct nferr *err)
{
	sqlite3_stmt *q = st(s, ST_REC_VIEW);
	int rc;

	if (v != NULL)
		memset(v, 0, sizeof(*v));
	bind_text(q, 1, id);
	bind_text(q, 2, s->origin);
	rc = sqlite3_step(q);
	if (rc == SQLITE_ROW) {
		if (store_text_record(out, q, 0) != 0)
			rc = SQLITE_NOMEM;
		else if (v != NULL) {
			v->type = record_type_from_kind(col_text(q, 1));
			snprintf(v->origin, sizeof(v->origin), "%s",
			    col_text(q, 2) ? col_text(q, 2) : "");
			v->deleted = sqlite3_column_int(q, 4);
			v->has_memberships = sqlite3_column_int(q, 6);
			v->persons = sqlite3_column_int64(q, 7);
		}
	}
	sqlite3_reset(q);
	if (rc == SQLITE_DONE)
		return nferr_set(err, "not_found", "", "no record %s", id);
	if (rc == SQLITE_NOMEM)
		return nferr_set(err, "internal", "", "out of memory");
	if (rc != SQLITE_ROW)
		return store_db_err(s, err, "record");
	return 0;
}

/*
 * The list query for a filter combination. With a tag filter (focus or
 * language) the walk is over that tag's rows of record_tags, already in
 * (sort_key, rid) order; otherwise over records by the (type, sort_key)
 * index or a (type, country|classification, sort_key) one, whose rows
 * end in the rid. Every other filter is a test on the row (a second tag
 * one a lookup of its record_tags key). For meetings the sort key is the
 * start time, so date bounds become bounds on the walk (:kfrom, :kto).
 */
static sqlite3_stmt *
list_stmt(struct store *s, unsigned mask, int meeting, struct nferr *err)
{
	char sql[4096];
	const char *k = (mask & (LF_FOCUS | LF_LANG)) ? "t" : "r";
	unsigned slot = mask | (meeting ? 1u << LIST_FILTERS : 0);
	int tag_focus = (mask & LF_FOCUS) != 0;
	int tag_lang = (mask & LF_LANG) && !tag_focus;
	size_t n;

	if (s->list[slot] != NULL) {
		sqlite3_reset(s->list[slot]);
		sqlite3_clear_bindings(s->list[slot]);
		return s->list[slot];
	}
	n = (size_t)snprintf(sql, sizeof(sql),
	    "SELECT r.id, r.type, r.origin, r.seq, r.deleted, r.body, "
	    "r.sort_key, r.rid FROM %s WHERE %s.type = :type AND r.deleted = 0"
	    "%s%s%s%s%s%s%s%s%s%s%s%s%s%s%s "
	    "AND (%s.sort_key, %s.rid) > (:ck, :crid) "
	    "ORDER BY %s.sort_key, %s.rid LIMIT :limit",
	    (tag_focus || tag_lang) ? "record_tags AS t CROSS JOIN records "
	    "AS r ON r.rid = t.rid" : "records AS r", k,
	    tag_focus ? " AND t.kind = 'focus' AND t.value = :focus" : "",
	    tag_lang ? " AND t.kind = 'lang' AND t.value = :lang" : "",
	    (mask & LF_LANG) && tag_focus ? " AND EXISTS (SELECT 1 FROM "
	    "record_tags AS t2 WHERE t2.kind = 'lang' AND t2.value = :lang "
	    "AND t2.type = r.type AND t2.sort_key = r.sort_key "
	    "AND t2.rid = r.rid)" : "",
	    mask & LF_COUNTRY ? " AND r.country = :country" : "",
	    mask & LF_CLASS ? " AND r.classification = :class" : "",
	    mask & LF_NETWORK ? " AND r.network = :network" : "",
	    /* an organisation in a network: an active membership of it, found
	     * by the (org, type) index from the organisation's row */
	    mask & LF_MEMBER ? " AND EXISTS (SELECT 1 FROM records AS m "
	    "WHERE m.org = r.id AND m.type = 'mem' AND m.network = :network "
	    "AND m.deleted = 0 AND json_extract(m.body, '$.status') = "
	    "'active')" : "",
	    mask & LF_ORG ? " AND r.org = :org" : "",
	    /* a collaboration's public body: public_body, or a party of
	     * role public_body (a joint collaboration) */
	    mask & LF_PUBLIC_BODY ? " AND (json_extract(r.body, "
	    "'$.public_body') = :public_body OR EXISTS (SELECT 1 FROM "
	    "json_each(r.body, '$.parties') AS p WHERE json_extract(p.value, "
	    "'$.organisation') = :public_body AND json_extract(p.value, "
	    "'$.role') = 'public_body'))" : "",
	    mask & LF_FROM ? " AND r.start_ms >= :from" : "",
	    mask & LF_TO ? " AND r.start_ms <= :to" : "",
	    mask & LF_NOW ? " AND r.start_ms >= :now" : "",
	    mask & LF_BODY0 ? " AND EXISTS (SELECT 1 FROM json_each(r.body, "
	    ":bp0) WHERE value = :bv0)" : "",
	    mask & LF_BODY1 ? " AND EXISTS (SELECT 1 FROM json_each(r.body, "
	    ":bp1) WHERE value = :bv1)" : "",
	    !meeting ? "" : (mask & LF_TO) ? (mask & (LF_FROM | LF_NOW)) ?
	    " AND r.sort_key >= :kfrom AND r.sort_key <= :kto" :
	    " AND r.sort_key <= :kto" : (mask & (LF_FROM | LF_NOW)) ?
	    " AND r.sort_key >= :kfrom" : "",
	    k, k, k, k);
	if (n >= sizeof(sql)) {
		nferr_set(err, "internal", "", "list query too long");
		return NULL;
	}
	if (sqlite3_prepare_v3(s->db, sql, -1, SQLITE_PREPARE_PERSISTENT,
	    &s->list[slot], NULL) != SQLITE_OK) {
		store_db_err(s, err, "prepare list");
		s->list[slot] = NULL;
		return NULL;
	}
	return s->list[slot];
}

static void
bind_named_text(sqlite3_stmt *q, const char *name, const char *v)
{
	int i = sqlite3_bind_parameter_index(q, name);

	if (i > 0)
		bind_text(q, i, v);
}

static void
bind_named_i64(sqlite3_stmt *q, const char *name, int64_t v)
{
	int i = sqlite3_bind_parameter_index(q, name);

	if (i > 0)
		sqlite3_bind_int64(q, i, v);
}

/* Collect up to limit items from q; "next" when there is one more row.
 * key_col is the sort key column (-1: none), id_col the cursor's tail
 * column (the rid of a list, the id of memberships). */
static int
page_collect(struct store *s, sqlite3_stmt *q, int limit,
    json_t *(*item)(sqlite3_stmt *), int key_col, int id_col, json_t **out,
    struct nferr *err)
{
	char lastkey[SORT_KEY_MAX + 1] = "", lastid[RECORD_ID_MAX] = "";
	json_t *items = json_array(), *next = NULL, *it;
	int rc, n = 0;

	*out = NULL;
	if (items == NULL)
		return nferr_set(err, "internal", "", "out of memory");
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		if (n == limit) {
			next = cursor_make(lastkey, lastid);
			break;
		}
		if ((it = item(q)) == NULL || json_array_append_new(items, it)) {
			rc = SQLITE_NOMEM;
			break;
		}
		snprintf(lastkey, sizeof(lastkey), "%s", key_col >= 0 &&
		    col_text(q, key_col) ? col_text(q, key_col) : "");
		snprintf(lastid, sizeof(lastid), "%s", col_text(q, id_col) ?
		    col_text(q, id_col) : "");
		n++;
	}
	sqlite3_reset(q);
	if (rc != SQLITE_DONE && rc != SQLITE_ROW) {
		json_decref(items);
		json_decref(next);
		if (rc == SQLITE_NOMEM)
			return nferr_set(err, "internal", "", "out of memory");
		return store_db_err(s, err, "list");
	}
	*out = json_pack("{s:o, s:o}", "items", items, "next",
	    next ? next : json_null());
	if (*out == NULL)
		return nferr_set(err, "internal", "", "out of memory");
	return 0;
}

/* A list page as text: {"items":[<records>],"next":"<cursor>"|null},
 * up to limit rows of q (sort key column 6, rid column 7). */
static int
page_text(struct store *s, sqlite3_stmt *q, int limit,
    struct nfbuf *out, struct nferr *err)
{
	char lastkey[SORT_KEY_MAX + 1] = "", lastid[32] = "";
	char cur[CURSOR_TEXT_MAX];
	int rc, n = 0, more = 0;

	if (nfbuf_add(out, "{\"items\":[", 10) != 0)
		return nferr_set(err, "internal", "", "out of memory");
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		if (n == limit) {
			more = 1;
			break;
		}
		if ((n > 0 && nfbuf_add(out, ",", 1) != 0) ||
		    store_text_record(out, q, 0) != 0) {
			rc = SQLITE_NOMEM;
			break;
		}
		snprintf(lastkey, sizeof(lastkey), "%s", col_text(q, 6) ?
		    col_text(q, 6) : "");
		snprintf(lastid, sizeof(lastid), "%lld",
		    (long long)sqlite3_column_int64(q, 7));
		n++;
	}
	sqlite3_reset(q);
	if (rc == SQLITE_NOMEM)
		return nferr_set(err, "internal", "", "out of memory");
	if (rc != SQLITE_DONE && rc != SQLITE_ROW)
		return store_db_err(s, err, "list");
	if (more)
		cursor_text(lastkey, lastid, cur);
	if (nfbuf_add(out, "],\"next\":", 9) != 0 ||
	    (more ? store_text_str(out, cur) :
	    nfbuf_add(out, "null", 4)) != 0 ||
	    nfbuf_add(out, "}", 1) != 0)
		return nferr_set(err, "internal", "", "out of memory");
	return 0;
}

/*
 * The rid a list cursor's tail names: its decimal digits, or (a cursor
 * given out before schema 3, whose tail was the id) that record's rid,
 * so the page goes on from the same record.
 */
static int
cursor_rid(struct store *s, const char *tail, int64_t *rid, struct nferr *err)
{
	sqlite3_stmt *q;
	char *end;
	int rc;

	*rid = 0;
	if (*tail == '\0')
		return 0;
	if (*tail >= '1' && *tail <= '9') {
		long long v = strtoll(tail, &end, 10);

		if (*end == '\0' && v > 0 && v < INT64_MAX) {
			*rid = v;
			return 0;
		}
		goto bad;
	}
	q = st(s, ST_RID_OF);
	bind_text(q, 1, tail);
	rc = sqlite3_step(q);
	if (rc == SQLITE_ROW)
		*rid = sqlite3_column_int64(q, 0);
	sqlite3_reset(q);
	if (rc == SQLITE_ROW)
		return 0;
	if (rc != SQLITE_DONE)
		return store_db_err(s, err, "cursor");
bad:
	return nferr_set(err, "bad_cursor", "/cursor",
	    "the cursor is not one this node gave out");
}

int
store_list(struct store *s, const struct store_filter *f, json_t **out,
    struct nferr *err)
{
	struct nfbuf t = NFBUF_INIT(0);

	*out = NULL;
	if (store_list_text(s, f, &t, err) != 0) {
		free(t.p);
		return -1;
	}
	*out = json_loadb(t.p, t.len, JSON_REJECT_DUPLICATES, NULL);
	free(t.p);
	return *out ? 0 : nferr_set(err, "internal", "", "out of memory");
}

int
store_list_each(struct store *s, const struct store_filter *f,
    int (*each)(void *arg, json_t *item), void *arg, struct nferr *err)
{
	char cursor[STORE_CURSOR_MAX + 1] = "";
	struct store_filter pf = *f;
	json_t *page, *it;
	const char *next;
	size_t i;
	int rc;

	pf.limit = STORE_LIMIT_MAX;
	for (;;) {
		pf.cursor = cursor[0] ? cursor : NULL;
		if (store_list(s, &pf, &page, err) != 0)
			return -1;
		json_array_foreach(json_object_get(page, "items"), i, it) {
			if ((rc = each(arg, it)) != 0) {
				json_decref(page);
				return rc < 0 ? rc : 0;
			}
		}
		next = json_string_value(json_object_get(page, "next"));
		if (next == NULL || strlen(next) >= sizeof(cursor)) {
			json_decref(page);
			return next == NULL ? 0 : nferr_set(err, "internal", "",
			    "a cursor longer than %d bytes", STORE_CURSOR_MAX);
		}
		memcpy(cursor, next, strlen(next) + 1);
		json_decref(page);
	}
}

int
store_list_text(struct store *s, const struct store_filter *f,
    struct nfbuf *out, struct nferr *err)
{
	char key[SORT_KEY_MAX + 1], cid[RECORD_ID_MAX], cc[RECORD_ORIGIN_SIZE];
	int64_t crid;
	char kfrom[SORT_KEY_MAX + 1], kto[SORT_KEY_MAX + 1];
	int64_t now = f->now_ms ? f->now_ms : store_now_ms(), lo;
	unsigned mask = 0;
	sqlite3_stmt *q;
	int limit;

	if (record_type_name(f->type) == NULL)
		return nferr_set(err, "bad_value", "/type", "unknown type");
	if (store_limit_check(f->limit, &limit, err) != 0 ||
	    cursor_parse(f->cursor, key, cid, err) != 0 ||
	    cursor_rid(s, cid, &crid, err) != 0)
		return -1;
	if (f->country) {
		if (strlen(f->country) != 2)
			return nferr_set(err, "bad_value", "/country",
			    "country must be one of SE NO DK FI IS GL FO AX");
		cc[0] = (char)(f->country[0] & ~0x20);
		cc[1] = (char)(f->country[1] & ~0x20);
		cc[2] = '\0';
		mask |= LF_COUNTRY;
	}
	mask |= f->classification ? LF_CLASS : 0;
	mask |= f->focus ? LF_FOCUS : 0;
	if (f->network)
		mask |= f->type == REC_ORGANISATION ? LF_MEMBER : LF_NETWORK;
	mask |= f->organisation ? LF_ORG : 0;
	mask |= f->public_body ? LF_PUBLIC_BODY : 0;
	mask |= f->lang ? LF_LANG : 0;
	mask |= f->has_from ? LF_FROM : 0;
	mask |= f->has_to ? LF_TO : 0;
	mask |= f->upcoming ? LF_NOW : 0;
	mask |= f->body_path[0] && f->body_value[0] ? LF_BODY0 : 0;
	mask |= f->body_path[1] && f->body_value[1] ? LF_BODY1 : 0;
	if ((q = list_stmt(s, mask, f->type == REC_MEETING, err)) == NULL)
		return -1;
	lo = f->has_from ? f->from_ms : INT64_MIN;
	if (f->upcoming && now > lo)
		lo = now;
	store_time_key(lo, kfrom);
	store_time_key(f->to_ms, kto);
	bind_named_text(q, ":kfrom", kfrom);
	bind_named_text(q, ":kto", kto);
	bind_named_text(q, ":type", record_type_kind(f->type));
	if (mask & LF_COUNTRY)
		bind_named_text(q, ":country", cc);
	bind_named_text(q, ":class", f->classification);
	bind_named_text(q, ":focus", f->focus);
	bind_named_text(q, ":network", f->network);
	bind_named_text(q, ":org", f->organisation);
	bind_named_text(q, ":public_body", f->public_body);
	bind_named_text(q, ":lang", f->lang);
	bind_named_i64(q, ":from", f->from_ms);
	bind_named_i64(q, ":to", f->to_ms);
	bind_named_i64(q, ":now", now);
	bind_named_text(q, ":bp0", f->body_path[0]);
	bind_named_text(q, ":bv0", f->body_value[0]);
	bind_named_text(q, ":bp1", f->body_path[1]);
	bind_named_text(q, ":bv1", f->body_value[1]);
	bind_named_text(q, ":ck", key);
	bind_named_i64(q, ":crid", crid);
	bind_named_i64(q, ":limit", limit + 1);
	return page_text(s, q, limit, out, err);
}

static json_t *
mem_item_net(sqlite3_stmt *q)
{
	json_t *o = json_null();

	if (sqlite3_column_type(q, 4) != SQLITE_NULL)
		o = json_pack("{s:o, s:o, s:o}", "id", col_json_str(q, 4),
		    "name", col_json_str(q, 5), "country", col_json_str(q, 6));
	return json_pack("{s:o, s:o, s:I, s:o, s:o}", "id", col_json_str(q, 0),
	    "origin", col_json_str(q, 1),
	    "seq", (json_int_t)sqlite3_column_int64(q, 2),
	    "body", col_json(q, 3), "organisation", o ? o : json_null());
}

static json_t *
mem_item_org(sqlite3_stmt *q)
{
	json_t *o = json_null();

	if (sqlite3_column_type(q, 4) != SQLITE_NULL)
		o = json_pack("{s:o, s:o}", "id", col_json_str(q, 4),
		    "name", col_json_str(q, 5));
	return json_pack("{s:o, s:o, s:I, s:o, s:o}", "id", col_json_str(q, 0),
	    "origin", col_json_str(q, 1),
	    "seq", (json_int_t)sqlite3_column_int64(q, 2),
	    "body", col_json(q, 3), "network", o ? o : json_null());
}

static int
memberships(struct store *s, enum st which, const char *key_id,
    const char *cursor, int limit, json_t **out, struct nferr *err)
{
	char key[SORT_KEY_MAX + 1], cid[RECORD_ID_MAX];
	sqlite3_stmt *q;

	*out = NULL;
	if (key_id == NULL)
		return nferr_set(err, "bad_value", "", "an id is required");
	if (store_limit_check(limit, &limit, err) != 0 ||
	    cursor_parse(cursor, key, cid, err) != 0)
		return -1;
	q = st(s, which);
	bind_text(q, 1, key_id);
	bind_text(q, 2, cid);
	sqlite3_bind_int(q, 3, limit + 1);
	return page_collect(s, q, limit, which == ST_MEM_BY_NET ?
	    mem_item_net : mem_item_org, -1, 0, out, err);
}

int
store_memberships_by_network(struct store *s, const char *network_id,
    const char *cursor, int limit, json_t **out, struct nferr *err)
{
	return memberships(s, ST_MEM_BY_NET, network_id, cursor, limit, out,
	    err);
}

int
store_memberships_by_org(struct store *s, const char *org_id,
    const char *cursor, int limit, json_t **out, struct nferr *err)
{
	return memberships(s, ST_MEM_BY_ORG, org_id, cursor, limit, out, err);
}

/* The tokens of one folded query term. */

int
store_counts(struct store *s, json_t **out, struct nferr *err)
{
	sqlite3_stmt *q = st(s, ST_COUNTS);
	json_t *types = json_object(), *countries = json_object(), *c, *v;
	const char *t, *cc;
	json_int_t n;
	int rc;

	*out = NULL;
	if (types == NULL || countries == NULL) {
		json_decref(types);
		json_decref(countries);
		return nferr_set(err, "internal", "", "out of memory");
	}
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		t = col_text(q, 0);
		cc = col_text(q, 1);
		n = sqlite3_column_int64(q, 2);
		if (t == NULL || cc == NULL)
			continue;
		v = json_object_get(types, t);
		json_object_set_new(types, t,
		    json_integer(n + (v ? json_integer_value(v) : 0)));
		if ((c = json_object_get(countries, cc)) == NULL) {
			c = json_object();
			json_object_set_new(countries, cc, c);
		}
		json_object_set_new(c, t, json_integer(n));
	}
	sqlite3_reset(q);
	if (rc != SQLITE_DONE) {
		json_decref(types);
		json_decref(countries);
		return store_db_err(s, err, "counts");
	}
	*out = json_pack("{s:o, s:o}", "types", types, "countries", countries);
	return 0;
}

int
store_records_digest(struct store *s, unsigned char out[32], size_t *count,
    struct nferr *err)
{
	crypto_generichash_state st;
	sqlite3_stmt *q = NULL;
	char head[RECORD_ID_MAX + 48];
	int rc;

	*count = 0;
	/* ids are ASCII: the BINARY order of the unique index is bytewise,
	 * and an id needs no escaping in its canonical string */
	if (sqlite3_prepare_v2(s->db, "SELECT id, seq, body FROM records "
	    "WHERE deleted = 0 AND body IS NOT NULL ORDER BY id", -1, &q,
	    NULL) != SQLITE_OK)
		return store_db_err(s, err, "prepare");
	crypto_generichash_init(&st, NULL, 0, 32);
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		const unsigned char *body = sqlite3_column_text(q, 2);
		int blen = sqlite3_column_bytes(q, 2);

		/* the stored body is its canonical text; the members of
		 * {"body","id","seq"} are in canonical (sorted) order */
		crypto_generichash_update(&st, (const unsigned char *)"{\"body\":",
		    8);
		crypto_generichash_update(&st, body, (size_t)blen);
		snprintf(head, sizeof(head), ",\"id\":\"%s\",\"seq\":%" PRId64 "}",
		    (const char *)sqlite3_column_text(q, 0),
		    (int64_t)sqlite3_column_int64(q, 1));
		crypto_generichash_update(&st, (const unsigned char *)head,
		    strlen(head));
		(*count)++;
	}
	sqlite3_finalize(q);
	if (rc != SQLITE_DONE)
		return store_db_err(s, err, "records digest");
	crypto_generichash_final(&st, out, 32);
	return 0;
}
