/*
 * store_stats: the counts of the mapping (GET /api/v1/stats,
 * docs/openapi.yaml): organisations by classification x focus area x
 * region code x country (and, asked for, by municipality code with the
 * name most of its records give it), collaborations by form x level x
 * public body, active network members by network x the member's
 * country, taken in one read snapshot. Every count is kept by the apply
 * (store_stats_apply, in the write transaction: tables stats_orgs,
 * stats_collabs, stats_members, docs/storage.md), so a request sums at
 * most a few thousand rows however many records the node holds. The
 * JSON returned is a new reference owned by the caller.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "nfbuf.h"

#include "store_int.h"

struct stats_table {
	const char *name;
	const char *const *columns;    /* NULL-terminated; then "count" */
	const char *const *exprs;      /* each column's SQL */
	const char *const *joins;      /* a column's own join, or NULL */
	unsigned defaults;             /* the columns without by= */
	unsigned needs, brings;        /* any column of needs brings these */
	const char *from;              /* FROM ... (then the columns' joins) */
	const char *where;             /* WHERE <filters> */
	const char *count;             /* the count of a group */
	const char *total;             /* the number of records counted */
	const char *where_split;       /* WHERE ... over the rows that
	                                * count a record once per area (per
	                                * public body): for the columns in
	                                * split_cols or the split filter;
	                                * NULL: none */
	unsigned split_cols;
	size_t split_filter;           /* offsetof the filter's member */
};

/* The organisation counts the apply keeps, '' for an absent code. A
 * municipality code means something in its country only: grouping by
 * municipality (bits 4, 5) groups by country (bit 3) too. */
static const char *const org_cols[] = {
	"classification", "area", "region", "country", "municipality",
	"municipality_name", NULL
};
static const char *const org_exprs[] = {
	"nullif(r.class, '')", "nullif(r.area, '')", "nullif(r.region, '')",
	"r.country", "nullif(r.municipality, '')", "mn.name"
};
/* A municipality code's name: the free-text municipality most of the
 * country's live organisations with that code give (ties: the first by
 * bytes), whatever the filters; stats_places keeps their counts. */
static const char *const org_joins[] = {
	NULL, NULL, NULL, NULL, NULL,
	"LEFT JOIN (SELECT country AS cc, municipality AS code, name FROM ("
	"SELECT country, municipality, name, row_number() OVER (PARTITION BY "
	"country, municipality ORDER BY n DESC, name) AS k FROM stats_places "
	"WHERE n > 0) WHERE k = 1) AS mn ON mn.cc = r.country "
	"AND mn.code = r.municipality "
};
#define ORG_FILTER \
	"AND r.n > 0 AND (:country IS NULL OR r.country = :country) " \
	"AND (:class IS NULL OR r.class = :class) " \
	"AND (:region IS NULL OR r.region = :region) "
#define ORG_FROM "FROM stats_orgs AS r "
#define ORG_WHERE "WHERE r.per_area = 0 " ORG_FILTER
#define ORG_WHERE_AREA "WHERE r.per_area = 1 " ORG_FILTER \
	"AND (:area IS NULL OR r.area = :area) "
static const char *const collab_cols[] = {
	"form", "level", "public_body", "public_body_name", NULL
};
static const char *const collab_exprs[] = {
	"nullif(r.form, '')", "nullif(r.level, '')", "nullif(r.pb, '')",
	"nullif(r.pb_name, '')"
};
static const char *const member_cols[] = {
	"network", "network_name", "country", NULL
};
static const char *const member_exprs[] = {
	"nullif(r.network, '')", "n.name", "r.country"
};
static const char *const member_joins[] = {
	NULL, "LEFT JOIN records AS n ON n.id = r.network ", NULL
};

/* The filters each table reads. A collaboration counts once (per_pb 0)
 * unless its public bodies are asked for, as columns (bits 2, 3) or as
 * the public_body filter: then once per public body it names. */
#define COLLAB_FILTER \
	"AND r.n > 0 AND (:country IS NULL OR r.country = :country) " \
	"AND (:form IS NULL OR r.form = :form) " \
	"AND (:level IS NULL OR r.level = :level) " \
	"AND (:area IS NULL OR r.area = :area) "
#define COLLAB_FROM "FROM stats_collabs AS r "
#define COLLAB_WHERE "WHERE r.per_pb = 0 " COLLAB_FILTER
#define COLLAB_WHERE_PB "WHERE r.per_pb = 1 " COLLAB_FILTER \
	"AND (:pb IS NULL OR r.pb = :pb) "
#define MEMBER_FROM "FROM stats_members AS r "
#define MEMBER_WHERE \
	"WHERE r.n > 0 AND (:network IS NULL OR r.network = :network) " \
	"AND (:country IS NULL OR r.country = :country) "

static const struct stats_table tables[STORE_STATS__COUNT] = {
	[STORE_STATS_ORGS] = { "organisations", org_cols, org_exprs, org_joins,
	    0x0fu, 0x30u, 0x08u, ORG_FROM, ORG_WHERE, "sum(r.n)",
	    "coalesce(sum(r.n), 0)", ORG_WHERE_AREA, 0x02u,
	    offsetof(struct store_stats_filter, area) },
	[STORE_STATS_COLLABS] = { "collaborations", collab_cols, collab_exprs,
	    NULL, 0x0fu, 0, 0, COLLAB_FROM, COLLAB_WHERE, "sum(r.n)",
	    "coalesce(sum(r.n), 0)", COLLAB_WHERE_PB, 0x0cu,
	    offsetof(struct store_stats_filter, public_body) },
	[STORE_STATS_MEMBERS] = { "network_members", member_cols, member_exprs,
	    member_joins, 0x07u, 0, 0, MEMBER_FROM, MEMBER_WHERE, "sum(r.n)",
	    "coalesce(sum(r.n), 0)", NULL, 0, 0 },
};

/* ---- kept counts ------------------------------------------------------ */

static int
org_row(struct store *s, int per_area, const char *country,
    const char *class_, const char *area, const char *region,
    const char *muni, int delta, struct nferr *err)
{
	sqlite3_stmt *q = st(s, ST_STATS_ORG_ADD);

	sqlite3_bind_int(q, 1, per_area);
	bind_text(q, 2, country);
	bind_text(q, 3, class_ ? class_ : "");
	bind_text(q, 4, area);
	bind_text(q, 5, region ? region : "");
	bind_text(q, 6, muni ? muni : "");
	sqlite3_bind_int(q, 7, delta);
	return st_run(s, q, err, "stats");
}

static int
stats_org(struct store *s, const json_t *body,
    const struct store_stats_rec *r, int delta, struct nferr *err)
{
	const char *region = store_json_str(body, "region_code");
	const char *muni = store_json_str(body, "municipality_code");
	const char *mname = store_json_str(body, "municipality");
	const char *country = r->country, *class_ = r->class_;
	const char *const *focus = r->focus;
	size_t i, nfocus = r->nfocus;
	sqlite3_stmt *q;

	if (org_row(s, 0, country, class_, "", region, muni, delta, err) != 0)
		return -1;
	if (nfocus == 0 &&
	    org_row(s, 1, country, class_, "", region, muni, delta, err) != 0)
		return -1;
	for (i = 0; i < nfocus; i++)
		if (org_row(s, 1, country, class_, focus[i], region, muni, delta,
		    err) != 0)
			return -1;
	if (muni == NULL || mname == NULL)
		return 0;
	q = st(s, ST_STATS_PLACE_ADD);
	bind_text(q, 1, country);
	bind_text(q, 2, muni);
	bind_text(q, 3, mname);
	sqlite3_bind_int(q, 4, delta);
	return st_run(s, q, err, "stats");
}

static int
collab_row(struct store *s, int per_pb, const struct store_stats_rec *r,
    const char *level, const char *pb, const char *pb_name, int delta,
    struct nferr *err)
{
	sqlite3_stmt *q = st(s, ST_STATS_COLLAB_ADD);

	sqlite3_bind_int(q, 1, per_pb);
	bind_text(q, 2, r->country);
	bind_text(q, 3, r->class_ ? r->class_ : "");
	bind_text(q, 4, level ? level : "");
	bind_text(q, 5, r->nfocus > 0 ? r->focus[0] : "");
	bind_text(q, 6, pb ? pb : "");
	bind_text(q, 7, pb_name ? pb_name : "");
	sqlite3_bind_int(q, 8, delta);
	return st_run(s, q, err, "stats");
}

static int
str_eq(const char *a, const char *b)
{
	return strcmp(a ? a : "", b ? b : "") == 0;
}

/* A collaboration: once, then once per public body it names (its
 * public_body and public_body_name, then each party of role public_body,
 * in order; a pair named twice counts once). */
static int
stats_collab(struct store *s, const json_t *body,
    const struct store_stats_rec *r, int delta, struct nferr *err)
{
	const char *level = store_json_str(body, "level");
	const char *pb[RECORD_PARTIES_MAX + 1], *name[RECORD_PARTIES_MAX + 1];
	json_t *it;
	size_t i, j, n = 0;

	if (collab_row(s, 0, r, level, NULL, NULL, delta, err) != 0)
		return -1;
	pb[n] = store_json_str(body, "public_body");
	name[n++] = store_json_str(body, "public_body_name");
	json_array_foreach(json_object_get(body, "parties"), i, it) {
		if (n == RECORD_PARTIES_MAX + 1 ||
		    !str_eq(store_json_str(it, "role"), "public_body"))
			continue;
		pb[n] = store_json_str(it, "organisation");
		name[n] = store_json_str(it, "name");
		for (j = 0; j < n && !(str_eq(pb[j], pb[n]) &&
		    str_eq(name[j], name[n])); j++)
			;
		if (j == n)
			n++;
	}
	for (i = 0; i < n; i++)
		if (collab_row(s, 1, r, level, pb[i], name[i], delta, err) != 0)
			return -1;
	return 0;
}

/* An active membership, by network and the member's country. */
static int
stats_member(struct store *s, const json_t *body,
    const struct store_stats_rec *r, int delta, struct nferr *err)
{
	char cc[3] = "";
	sqlite3_stmt *q;

	if (!str_eq(store_json_str(body, "status"), "active"))
		return 0;
	if (r->org != NULL && r->org[0] != '\0' && r->org[1] != '\0') {
		cc[0] = (char)(r->org[0] >= 'a' && r->org[0] <= 'z' ?
		    r->org[0] - 'a' + 'A' : r->org[0]);
		cc[1] = (char)(r->org[1] >= 'a' && r->org[1] <= 'z' ?
		    r->org[1] - 'a' + 'A' : r->org[1]);
	}
	q = st(s, ST_STATS_MEMBER_ADD);
	bind_text(q, 1, r->network ? r->network : "");
	bind_text(q, 2, cc);
	sqlite3_bind_int(q, 3, delta);
	return st_run(s, q, err, "stats");
}

int
store_stats_apply(struct store *s, enum record_type t, const json_t *body,
    const struct store_stats_rec *r, int delta, struct nferr *err)
{
	switch (t) {
	case REC_ORGANISATION:
		return stats_org(s, body, r, delta, err);
	case REC_COLLABORATION:
		return stats_collab(s, body, r, delta, err);
	case REC_MEMBERSHIP:
		return stats_member(s, body, r, delta, err);
	default:
		return 0;
	}
}

/* ---- queries ---------------------------------------------------------- */

const char *
store_stats_name(enum store_stats_table t)
{
	return t >= 0 && t < STORE_STATS__COUNT ? tables[t].name : NULL;
}

static void
bind_opt(sqlite3_stmt *q, const char *name, const char *v)
{
	int i = sqlite3_bind_parameter_index(q, name);

	if (i > 0 && v != NULL)
		sqlite3_bind_text(q, i, v, -1, SQLITE_TRANSIENT);
}

static void
bind_filter(sqlite3_stmt *q, const struct store_stats_filter *f)
{
	int i;

	bind_opt(q, ":country", f->country);
	bind_opt(q, ":class", f->classification);
	bind_opt(q, ":region", f->region);
	bind_opt(q, ":area", f->area);
	bind_opt(q, ":form", f->form);
	bind_opt(q, ":level", f->level);
	bind_opt(q, ":pb", f->public_body);
	bind_opt(q, ":network", f->network);
	if ((i = sqlite3_bind_parameter_index(q, ":max")) > 0)
		sqlite3_bind_int64(q, i, STORE_STATS_ROWS_MAX + 1);
}

static json_t *
col_value(sqlite3_stmt *q, int i)
{
	switch (sqlite3_column_type(q, i)) {
	case SQLITE_NULL:
		return json_null();
	case SQLITE_INTEGER:
		return json_integer((json_int_t)sqlite3_column_int64(q, i));
	default:
		return json_string((const char *)sqlite3_column_text(q, i));
	}
}

/* Append to b, formatted; -1 when out of memory or over 4 KiB. */
__attribute__((format(printf, 2, 3)))
static int
sql_add(struct nfbuf *b, const char *fmt, ...)
{
	char part[4096];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(part, sizeof(part), fmt, ap);
	va_end(ap);
	if (n < 0 || (size_t)n >= sizeof(part))
		return -1;
	return nfbuf_add(b, part, (size_t)n);
}

/* Which rows table t counts: those that count a record once per area
 * (per public body) when that column is asked for or that filter given. */
static const char *
stats_where(const struct stats_table *t, unsigned cols_mask,
    const struct store_stats_filter *f)
{
	const char *const *filter;

	if (t->where_split == NULL)
		return t->where;
	filter = (const char *const *)(const void *)((const char *)f +
	    t->split_filter);
	return (cols_mask & t->split_cols) || *filter != NULL ?
	    t->where_split : t->where;
}

/* SELECT <the columns in cols_mask>, count FROM ... GROUP BY them. */
static int
stats_sql(const struct stats_table *t, unsigned cols_mask,
    const struct store_stats_filter *f, struct nfbuf *b)
{
	int i, k = 0;

	if (sql_add(b, "SELECT ") != 0)
		return -1;
	for (i = 0; t->columns[i] != NULL; i++)
		if ((cols_mask & (1u << i)) &&
		    sql_add(b, "%s, ", t->exprs[i]) != 0)
			return -1;
		else if (cols_mask & (1u << i))
			k++;
	if (sql_add(b, "%s %s", t->count, t->from) != 0)
		return -1;
	for (i = 0; t->joins != NULL && t->columns[i] != NULL; i++)
		if ((cols_mask & (1u << i)) && t->joins[i] != NULL &&
		    nfbuf_add(b, t->joins[i], strlen(t->joins[i])) != 0)
			return -1;
	if (sql_add(b, "%s GROUP BY ", stats_where(t, cols_mask, f)) != 0)
		return -1;
	for (i = 1; i <= k; i++)
		if (sql_add(b, "%d%s", i, i < k ? ", " : "") != 0)
			return -1;
	if (sql_add(b, " ORDER BY ") != 0)
		return -1;
	for (i = 1; i <= k; i++)
		if (sql_add(b, "%d%s", i, i < k ? ", " : "") != 0)
			return -1;
	return sql_add(b, " LIMIT :max");
}

/* One table as {"columns", "rows", "total"} into *out: the columns in
 * cols_mask (bit i: columns[i]) and the count. */
static int
stats_one(struct store *s, const struct stats_table *t, unsigned cols_mask,
    const struct store_stats_filter *f, json_t **out, struct nferr *err)
{
	struct nfbuf sql = NFBUF_INIT(0);
	sqlite3_stmt *q = NULL;
	json_t *cols = json_array(), *rows = json_array(), *row;
	int rc, i, ncol, nrows = 0;
	json_int_t total = 0;

	*out = NULL;
	if (cols == NULL || rows == NULL)
		goto nomem;
	for (i = 0; t->columns[i] != NULL; i++)
		if ((cols_mask & (1u << i)) && json_array_append_new(cols,
		    json_string(t->columns[i])))
			goto nomem;
	ncol = (int)json_array_size(cols);
	if (json_array_append_new(cols, json_string("count")) != 0)
		goto nomem;
	if (stats_sql(t, cols_mask, f, &sql) != 0)
		goto nomem;
	rc = sqlite3_prepare_v2(s->db, sql.p, (int)sql.len, &q, NULL);
	if (rc != SQLITE_OK)
		goto dberr;
	bind_filter(q, f);
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		if (++nrows > STORE_STATS_ROWS_MAX) {
			sqlite3_finalize(q);
			free(sql.p);
			json_decref(cols);
			json_decref(rows);
			return nferr_set(err, "too_large", "", "the %s table has "
			    "more than %d rows; narrow it with filters "
			    "(country, region, ...)", t->name,
			    STORE_STATS_ROWS_MAX);
		}
		if ((row = json_array()) == NULL ||
		    json_array_append_new(rows, row) != 0)
			goto nomem;
		for (i = 0; i <= ncol; i++)
			if (json_array_append_new(row, col_value(q, i)) != 0)
				goto nomem;
	}
	if (rc != SQLITE_DONE)
		goto dberr;
	sqlite3_finalize(q);
	sql.len = 0;
	/* each record once: with the area filter, once in that area */
	if (sql_add(&sql, "SELECT %s %s%s", t->total, t->from,
	    stats_where(t, 0, f)) != 0)
		goto nomem;
	if (sqlite3_prepare_v2(s->db, sql.p, (int)sql.len, &q, NULL) !=
	    SQLITE_OK)
		goto dberr;
	bind_filter(q, f);
	if (sqlite3_step(q) != SQLITE_ROW)
		goto dberr;
	total = (json_int_t)sqlite3_column_int64(q, 0);
	sqlite3_finalize(q);
	q = NULL;
	free(sql.p);
	*out = json_pack("{s:o, s:o, s:I}", "columns", cols, "rows", rows,
	    "total", total);
	return *out ? 0 : nferr_set(err, "internal", "", "out of memory");
nomem:
	sqlite3_finalize(q);
	free(sql.p);
	json_decref(cols);
	json_decref(rows);
	return nferr_set(err, "internal", "", "out of memory");
dberr:
	store_db_err(s, err, "stats");
	sqlite3_finalize(q);
	free(sql.p);
	json_decref(cols);
	json_decref(rows);
	return -1;
}

int
store_stats_column(enum store_stats_table t, const char *name)
{
	int i;

	for (i = 0; t >= 0 && t < STORE_STATS__COUNT &&
	    tables[t].columns[i] != NULL; i++)
		if (strcmp(tables[t].columns[i], name) == 0)
			return i;
	return -1;
}

int
store_stats(struct store *s, const struct store_stats_filter *f,
    unsigned which, unsigned cols_mask, json_t **out, struct nferr *err)
{
	json_t *o = json_object(), *t;
	unsigned mask;
	int i;

	*out = NULL;
	if (o == NULL)
		return nferr_set(err, "internal", "", "out of memory");
	if (store_read_begin(s, err) != 0) {
		json_decref(o);
		return -1;
	}
	for (i = 0; i < STORE_STATS__COUNT; i++) {
		if (!(which & (1u << i)))
			continue;
		mask = cols_mask ? cols_mask : tables[i].defaults;
		if (mask & tables[i].needs)
			mask |= tables[i].brings;
		if (stats_one(s, &tables[i], mask, f, &t, err) != 0) {
			json_decref(o);
			return -1;
		}
		if (json_object_set_new(o, tables[i].name, t) != 0) {
			json_decref(o);
			return nferr_set(err, "internal", "", "out of memory");
		}
	}
	*out = o;
	return 0;
}
