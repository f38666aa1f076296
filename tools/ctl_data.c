/*
 * ctl_data: `nordfedctl import` and `export`, bulk organisations through
 * the node's public API (docs/operations.md, "Onboarding a register").
 *
 * import reads the whole file (CSV with a header row, or JSON Lines),
 * turns every row into an organisation body and validates it locally
 * with the protocol library, as the node will (record_validate with the
 * node's country as origin). One bad row refuses the whole file, and every
 * bad row is reported with its line and field. Only then are the rows
 * written, PUT /api/v1/organisations/{id} over several keep-alive
 * connections (libcurl multi) so the node can group-commit them. A row
 * without an id gets one derived from its register identifier (else its
 * name and municipality), so running the same import again updates the
 * same records; rows whose record already holds the same body are not
 * sent at all.
 *
 * export pages through the list API and writes JSON Lines (the record
 * form import reads back), CSV (the import columns) or a Popolo document.
 *
 * Ownership: the rows and their canonical bodies are malloc'd and freed
 * at the end of the command.
 */
#include <ctype.h>
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sodium.h>

#include "canon.h"
#include "ctl.h"
#include "entry.h"
#include "record.h"

#define IMPORT_MAX_BYTES  ((size_t)2 << 30)  /* file size accepted */
#define IMPORT_JOBS_MAX   64
#define IMPORT_RETRIES    6
#define PAGE              200                /* the API's default maximum */
/* ids minted for rows without one: the ULID time of 2026-01-01T00:00:00Z
 * and 80 bits of BLAKE2b over the row's key (as tests/sample does) */
#define IMPORT_ID_TIME_MS 1767225600000ULL

static const char *const langs[] = { "sv", "da", "nb", "nn", "fi", "is", "kl",
    "fo", "se", "en" };
static const char *const schemes[] = { "SE-ON", "DK-CVR", "NO-BRC", "FI-PRO",
    "IS-KEN", "GL-CVR", "FO-VN", "AX-FR" };
#define NLANGS (sizeof(langs) / sizeof(langs[0]))
#define NSCHEMES (sizeof(schemes) / sizeof(schemes[0]))

/* ---- rows ----------------------------------------------------------------- */

struct row {
	size_t line;                    /* where the row starts, from 1 */
	char id[RECORD_ID_MAX];
	char *body;                     /* canonical JSON */
	size_t blen;
	unsigned char hash[32];         /* BLAKE2b-256 of body */
	int skip;                       /* the node holds the same already */
};

struct bad {
	size_t line;
	char field[128];                /* JSON pointer in the body */
	char column[128];               /* CSV column, when known */
	char code[40];
	char msg[300];
	char value[80];                 /* the offending value, when short */
};

struct rows {
	struct row *r;
	size_t n, cap;
	struct bad *bad;
	size_t nbad, badcap;
};

static void
bad_add(struct rows *rs, size_t line, const char *field, const char *column,
    const char *code, const char *msg)
{
	struct bad *b;

	if (rs->nbad == rs->badcap) {
		size_t cap = rs->badcap ? rs->badcap * 2 : 64;
		struct bad *q = realloc(rs->bad, cap * sizeof(*q));

		if (q == NULL)
			return;
		rs->bad = q;
		rs->badcap = cap;
	}
	b = &rs->bad[rs->nbad++];
	b->line = line;
	snprintf(b->field, sizeof(b->field), "%s", field ? field : "");
	snprintf(b->column, sizeof(b->column), "%s", column ? column : "");
	snprintf(b->code, sizeof(b->code), "%s", code ? code : "bad_value");
	snprintf(b->msg, sizeof(b->msg), "%s", msg ? msg : "");
	b->value[0] = '\0';
}

/* The value at a JSON pointer ("/a/0/b") in v, borrowed; NULL if none. */
static const json_t *
pointer_get(const json_t *v, const char *ptr)
{
	char tok[128];

	while (v != NULL && *ptr == '/') {
		size_t l = strcspn(ptr + 1, "/");

		snprintf(tok, sizeof(tok), "%.*s", (int)l, ptr + 1);
		ptr += 1 + l;
		if (json_is_array(v))
			v = json_array_get(v, strtoul(tok, NULL, 10));
		else
			v = json_object_get(v, tok);
	}
	return *ptr == '\0' ? v : NULL;
}

/* Keep the offending string value with the last bad row, for the report. */
static void
bad_value(struct rows *rs, const json_t *body, const char *field)
{
	const json_t *v = field && field[0] ? pointer_get(body, field) : NULL;

	if (rs->nbad > 0 && json_is_string(v))
		snprintf(rs->bad[rs->nbad - 1].value,
		    sizeof(rs->bad[0].value), "%s", json_string_value(v));
}

static struct row *
row_add(struct rows *rs)
{
	if (rs->n == rs->cap) {
		size_t cap = rs->cap ? rs->cap * 2 : 1024;
		struct row *q = realloc(rs->r, cap * sizeof(*q));

		if (q == NULL)
			return NULL;
		rs->r = q;
		rs->cap = cap;
	}
	memset(&rs->r[rs->n], 0, sizeof(rs->r[0]));
	return &rs->r[rs->n++];
}

static void
rows_free(struct rows *rs)
{
	size_t i;

	for (i = 0; i < rs->n; i++)
		free(rs->r[i].body);
	free(rs->r);
	free(rs->bad);
	memset(rs, 0, sizeof(*rs));
}

/* ---- a set of ids (open addressing) --------------------------------------------- */

struct idset {
	struct idslot {
		char *id;               /* NULL: free */
		size_t val;             /* a line, or a row index */
		unsigned char hash[32];
	} *s;
	size_t cap, n;
};

static uint64_t
id_hash(const char *s)
{
	uint64_t h = 1469598103934665603ULL;

	while (*s)
		h = (h ^ (unsigned char)*s++) * 1099511628211ULL;
	return h;
}

static struct idslot *
idset_find(struct idset *set, const char *id, int add)
{
	size_t i;

	if (add && (set->n + 1) * 2 > set->cap) {
		struct idset big = { NULL, set->cap ? set->cap * 2 : 1024, 0 };

		if ((big.s = calloc(big.cap, sizeof(*big.s))) == NULL)
			return NULL;
		for (i = 0; i < set->cap; i++)
			if (set->s[i].id != NULL) {
				size_t j = id_hash(set->s[i].id) & (big.cap - 1);

				while (big.s[j].id != NULL)
					j = (j + 1) & (big.cap - 1);
				big.s[j] = set->s[i];
				big.n++;
			}
		free(set->s);
		*set = big;
	}
	if (set->cap == 0)
		return NULL;
	for (i = id_hash(id) & (set->cap - 1); set->s[i].id != NULL;
	    i = (i + 1) & (set->cap - 1))
		if (strcmp(set->s[i].id, id) == 0)
			return &set->s[i];
	if (!add || (set->s[i].id = strdup(id)) == NULL)
		return NULL;
	set->n++;
	return &set->s[i];
}

static void
idset_free(struct idset *set)
{
	size_t i;

	for (i = 0; i < set->cap; i++)
		free(set->s[i].id);
	free(set->s);
	memset(set, 0, sizeof(*set));
}

/* ---- building and checking one organisation --------------------------------------- */

/* The id of a row without one: deterministic in its register identifier,
 * else in its name and municipality (docs/operations.md). */
static void
derive_id(const char *origin, const json_t *body, char out[RECORD_ID_MAX])
{
	crypto_generichash_state st;
	unsigned char h[16];
	json_t *ids = json_object_get(body, "identifiers");
	const char *scheme = json_string_value(json_object_get(
	    json_array_get(ids, 0), "scheme"));
	const char *ident = json_string_value(json_object_get(
	    json_array_get(ids, 0), "identifier"));

	crypto_generichash_init(&st, NULL, 0, sizeof(h));
	crypto_generichash_update(&st, (const unsigned char *)"nordfed-import/1/",
	    17);
	crypto_generichash_update(&st, (const unsigned char *)origin, 2);
	if (scheme != NULL && ident != NULL) {
		crypto_generichash_update(&st, (const unsigned char *)"/id/", 4);
		crypto_generichash_update(&st, (const unsigned char *)scheme,
		    strlen(scheme));
		crypto_generichash_update(&st, (const unsigned char *)":", 1);
		crypto_generichash_update(&st, (const unsigned char *)ident,
		    strlen(ident));
	} else {
		const char *parts[2] = {
			json_string_value(json_object_get(body, "name")),
			json_string_value(json_object_get(body, "municipality")),
		};
		size_t i, k;

		crypto_generichash_update(&st, (const unsigned char *)"/name/", 6);
		for (i = 0; i < 2; i++) {
			for (k = 0; parts[i] != NULL && parts[i][k]; k++) {
				unsigned char ch = (unsigned char)tolower(
				    (unsigned char)parts[i][k]);

				crypto_generichash_update(&st, &ch, 1);
			}
			crypto_generichash_update(&st, (const unsigned char *)"|",
			    1);
		}
	}
	crypto_generichash_final(&st, h, sizeof(h));
	record_id_make(out, origin, REC_ORGANISATION, IMPORT_ID_TIME_MS, h);
}

/* The CSV column a JSON pointer into an organisation came from. */
static void
column_of(const char *field, const json_t *body, char *out, size_t len)
{
	static const struct {
		const char *ptr, *col;
	} direct[] = {
		{ "/contact/email", "email" }, { "/contact/phone", "phone" },
		{ "/contact/address", "address" }, { "/contact", "email" },
		{ "/focus_areas", "focus_areas" }, { "/other_names", "other_names" },
	};
	size_t i, l;

	if (field == NULL || field[0] == '\0') {
		snprintf(out, len, "id");
		return;
	}
	for (i = 0; i < sizeof(direct) / sizeof(direct[0]); i++) {
		l = strlen(direct[i].ptr);
		if (strncmp(field, direct[i].ptr, l) == 0 &&
		    (field[l] == '\0' || field[l] == '/')) {
			snprintf(out, len, "%s", direct[i].col);
			return;
		}
	}
	if (strncmp(field, "/description/", 13) == 0) {
		snprintf(out, len, "description_%.8s", field + 13);
		return;
	}
	if (strncmp(field, "/identifiers/", 13) == 0) {
		const char *sch = json_string_value(json_object_get(json_array_get(
		    json_object_get(body, "identifiers"),
		    strtoul(field + 13, NULL, 10)), "scheme"));

		snprintf(out, len, "identifier_%.16s", sch ? sch : "?");
		return;
	}
	l = strcspn(field + 1, "/");
	snprintf(out, len, "%.*s", (int)l, field + 1);
}

/*
 * Validate body (owned: released here) as an organisation of origin with
 * id (NULL: derive one) and keep it as a row; or record why not.
 */
static void
take_row(struct rows *rs, struct idset *seen, const char *origin,
    size_t line, const char *id, json_t *body, int csv)
{
	char rid[RECORD_ID_MAX], col[128];
	struct nferr err;
	struct idslot *dup;
	struct row *r;
	char *text = NULL;
	size_t tl;

	nferr_clear(&err);
	if (id != NULL && strlen(id) >= RECORD_ID_MAX) {
		bad_add(rs, line, "", csv ? "id" : "/id", "bad_id",
		    "the id is too long");
		goto out;
	}
	if (id == NULL || *id == '\0')
		derive_id(origin, body, rid);
	else
		snprintf(rid, sizeof(rid), "%s", id);
	if (record_validate(REC_ORGANISATION, rid, origin, body, &err) != 0) {
		if (csv)
			column_of(err.field, body, col, sizeof(col));
		else
			snprintf(col, sizeof(col), "%s", err.field[0] ? err.field :
			    "/id");
		bad_add(rs, line, err.field, col, err.code, err.msg);
		bad_value(rs, body, err.field);
		goto out;
	}
	if (canon_dump(body, &text, &tl, &err) != 0) {
		bad_add(rs, line, err.field, csv ? "" : err.field, err.code,
		    err.msg);
		goto out;
	}
	if ((dup = idset_find(seen, rid, 1)) == NULL) {
		bad_add(rs, line, "", "", "internal", "out of memory");
		goto out;
	}
	if (dup->val != 0) {
		char m[200];

		snprintf(m, sizeof(m), "the same record (%s) as line %zu: a "
		    "register row appears twice, or two rows share an "
		    "identifier", rid, dup->val);
		bad_add(rs, line, "", csv ? "id" : "/id", "duplicate", m);
		goto out;
	}
	dup->val = line;
	if ((r = row_add(rs)) == NULL) {
		bad_add(rs, line, "", "", "internal", "out of memory");
		goto out;
	}
	r->line = line;
	snprintf(r->id, sizeof(r->id), "%s", rid);
	r->body = text;
	r->blen = tl;
	crypto_generichash(r->hash, sizeof(r->hash), (unsigned char *)text, tl,
	    NULL, 0);
	text = NULL;
out:
	free(text);
	json_decref(body);
}

/* ---- CSV ---------------------------------------------------------------------------- */

enum col_kind {
	COL_ID, COL_NAME, COL_CLASS, COL_COUNTRY, COL_MUNI, COL_REGION,
	COL_FOCUS, COL_WEBSITE, COL_FOUNDED, COL_LANG, COL_OTHER, COL_EMAIL,
	COL_PHONE, COL_ADDRESS, COL_DESC, COL_IDENT
};

static const char *const col_names[] = { "id", "name", "classification",
    "country", "municipality", "region", "focus_areas", "website", "founded",
    "lang", "other_names", "email", "phone", "address" };
#define NPLAIN (sizeof(col_names) / sizeof(col_names[0]))

struct col {
	enum col_kind kind;
	const char *arg;                /* language or scheme */
};

struct csv {
	const char *p, *end;
	size_t line;                    /* of the next character */
	char delim;
	char **f;                       /* fields of the last record */
	size_t nf, capf;
	char *buf;
	size_t blen, bcap;
};

static int
csv_push(struct csv *c, char ch)
{
	if (c->blen + 2 > c->bcap) {
		size_t cap = c->bcap ? c->bcap * 2 : 256;
		char *q = realloc(c->buf, cap);

		if (q == NULL)
			return -1;
		c->buf = q;
		c->bcap = cap;
	}
	c->buf[c->blen++] = ch;
	return 0;
}

static int
csv_field(struct csv *c)
{
	if (c->nf == c->capf) {
		size_t cap = c->capf ? c->capf * 2 : 32;
		char **q = realloc(c->f, cap * sizeof(*q));

		if (q == NULL)
			return -1;
		c->f = q;
		c->capf = cap;
	}
	if (csv_push(c, '\0') != 0)
		return -1;
	if ((c->f[c->nf] = strdup(c->buf)) == NULL)
		return -1;
	c->nf++;
	c->blen = 0;
	return 0;
}

static void
csv_clear(struct csv *c)
{
	size_t i;

	for (i = 0; i < c->nf; i++)
		free(c->f[i]);
	c->nf = 0;
	c->blen = 0;
}

/* The next record: 1, 0 at the end, -1 on an error (why set). */
static int
csv_next(struct csv *c, const char **why)
{
	int quoted = 0, any = 0;

	csv_clear(c);
	while (c->p < c->end) {
		char ch = *c->p++;

		any = 1;
		if (quoted) {
			if (ch == '"') {
				if (c->p < c->end && *c->p == '"') {
					c->p++;
					if (csv_push(c, '"') != 0)
						goto oom;
				} else {
					quoted = 0;
					if (c->p < c->end && *c->p != c->delim &&
					    *c->p != '\n' && *c->p != '\r') {
						*why = "a quoted field goes on "
						    "after its closing quote";
						goto skip;
					}
				}
			} else {
				if (ch == '\n')
					c->line++;
				if (csv_push(c, ch) != 0)
					goto oom;
			}
			continue;
		}
		if (ch == '"' && c->blen == 0) {
			quoted = 1;
		} else if (ch == c->delim) {
			if (csv_field(c) != 0)
				goto oom;
		} else if (ch == '\r' && c->p < c->end && *c->p == '\n') {
			continue;
		} else if (ch == '\n' || ch == '\r') {
			c->line++;
			return csv_field(c) == 0 ? 1 : -1;
		} else if (csv_push(c, ch) != 0) {
			goto oom;
		}
	}
	if (quoted) {
		*why = "a quoted field is not closed before the end of the file";
		return -1;
	}
	if (!any)
		return 0;
	return csv_field(c) == 0 ? 1 : -1;
oom:
	*why = "out of memory";
	return -1;
skip:
	/* resynchronise at the end of the line */
	while (c->p < c->end && *c->p != '\n')
		c->p++;
	if (c->p < c->end) {
		c->p++;
		c->line++;
	}
	return -1;
}

static char *
cell_trim(char *s)
{
	char *e;

	while (*s == ' ' || *s == '\t')
		s++;
	e = s + strlen(s);
	while (e > s && (e[-1] == ' ' || e[-1] == '\t'))
		*--e = '\0';
	return s;
}

static void
lower(char *s)
{
	for (; *s; s++)
		*s = (char)tolower((unsigned char)*s);
}

/* "a;b; c" into a JSON array of strings (lower case when asked). */
static json_t *
split_list(char *s, int low, int as_names)
{
	json_t *a = json_array();
	char *save = NULL, *tok;

	for (tok = strtok_r(s, ";", &save); tok; tok = strtok_r(NULL, ";",
	    &save)) {
		tok = cell_trim(tok);
		if (*tok == '\0')
			continue;
		if (low)
			lower(tok);
		json_array_append_new(a, as_names ? json_pack("{s:s}", "name",
		    tok) : json_string(tok));
	}
	return a;
}

/* Map the header; -1 after recording why. */
static int
csv_header(struct csv *c, struct col *cols, struct rows *rs)
{
	size_t i, j, k;
	char m[200];

	for (i = 0; i < c->nf; i++) {
		char *h = cell_trim(c->f[i]);
		int found = 0;

		if (i == 0 && (unsigned char)h[0] == 0xef &&
		    (unsigned char)h[1] == 0xbb && (unsigned char)h[2] == 0xbf)
			h += 3;	/* a byte order mark */
		for (j = 0; j < NPLAIN && !found; j++)
			if (strcasecmp(h, col_names[j]) == 0) {
				cols[i].kind = (enum col_kind)j;
				found = 1;
			}
		for (j = 0; j < NLANGS && !found; j++)
			if (strncasecmp(h, "description_", 12) == 0 &&
			    strcasecmp(h + 12, langs[j]) == 0) {
				cols[i].kind = COL_DESC;
				cols[i].arg = langs[j];
				found = 1;
			}
		for (j = 0; j < NSCHEMES && !found; j++)
			if (strncasecmp(h, "identifier_", 11) == 0 &&
			    strcasecmp(h + 11, schemes[j]) == 0) {
				cols[i].kind = COL_IDENT;
				cols[i].arg = schemes[j];
				found = 1;
			}
		if (!found) {
			snprintf(m, sizeof(m), "unknown column \"%.60s\" (see "
			    "docs/operations.md for the columns)", h);
			bad_add(rs, 1, "", h, "unknown_column", m);
			return -1;
		}
		for (k = 0; k < i; k++)
			if (cols[k].kind == cols[i].kind && cols[k].arg ==
			    cols[i].arg) {
				snprintf(m, sizeof(m), "column \"%.60s\" twice", h);
				bad_add(rs, 1, "", h, "duplicate_column", m);
				return -1;
			}
	}
	for (j = COL_NAME; j <= COL_CLASS; j++) {
		for (i = 0; i < c->nf; i++)
			if (cols[i].kind == (enum col_kind)j)
				break;
		if (i == c->nf) {
			snprintf(m, sizeof(m), "the header has no \"%s\" column",
			    col_names[j]);
			bad_add(rs, 1, "", col_names[j], "missing_column", m);
			return -1;
		}
	}
	return 0;
}

static void
parse_csv(const char *buf, size_t len, char delim, const char *origin,
    struct rows *rs, struct idset *seen)
{
	struct csv c = { buf, buf + len, 1, delim, NULL, 0, 0, NULL, 0, 0 };
	struct col *cols = NULL;
	size_t ncols = 0, i;
	const char *why = NULL;
	int rc;

	if (delim == 0) {
		/* the header line decides: ',' unless it has only ';' */
		const char *nl = memchr(buf, '\n', len);
		size_t hl = nl ? (size_t)(nl - buf) : len;

		c.delim = memchr(buf, ',', hl) == NULL &&
		    memchr(buf, ';', hl) != NULL ? ';' : ',';
	}
	rc = csv_next(&c, &why);
	if (rc <= 0) {
		bad_add(rs, 1, "", "", "empty", rc == 0 ? "the file is empty: "
		    "a CSV import starts with a header row" : why);
		goto out;
	}
	ncols = c.nf;
	if ((cols = calloc(ncols, sizeof(*cols))) == NULL ||
	    csv_header(&c, cols, rs) != 0)
		goto out;
	for (;;) {
		size_t line = c.line;
		json_t *body, *desc, *ids, *contact;
		const char *id = NULL;
		char m[120], *idcopy = NULL;
		int blank = 1;

		if ((rc = csv_next(&c, &why)) == 0)
			break;
		if (rc < 0) {
			bad_add(rs, line, "", "", "csv_syntax", why);
			continue;
		}
		for (i = 0; i < c.nf; i++)
			if (*cell_trim(c.f[i]) != '\0')
				blank = 0;
		if (blank)
			continue;
		if (c.nf > ncols) {
			snprintf(m, sizeof(m), "%zu fields; the header has %zu",
			    c.nf, ncols);
			bad_add(rs, line, "", "", "csv_fields", m);
			continue;
		}
		body = json_object();
		desc = json_object();
		ids = json_array();
		contact = json_object();
		for (i = 0; i < c.nf; i++) {
			char *v = cell_trim(c.f[i]);

			if (*v == '\0')
				continue;
			switch (cols[i].kind) {
			case COL_ID: idcopy = v; break;
			case COL_NAME: json_object_set_new(body, "name",
			    json_string(v)); break;
			case COL_CLASS:
				lower(v);
				json_object_set_new(body, "classification",
				    json_string(v));
				break;
			case COL_COUNTRY: {
				char cc[3];

				if (ctl_origin(v, cc) == 0)
					json_object_set_new(body, "country",
					    json_string(cc));
				else
					json_object_set_new(body, "country",
					    json_string(v));
				break;
			}
			case COL_MUNI: json_object_set_new(body, "municipality",
			    json_string(v)); break;
			case COL_REGION: json_object_set_new(body, "region",
			    json_string(v)); break;
			case COL_FOCUS: json_object_set_new(body, "focus_areas",
			    split_list(v, 1, 0)); break;
			case COL_WEBSITE: json_object_set_new(body, "website",
			    json_string(v)); break;
			case COL_FOUNDED: json_object_set_new(body, "founded",
			    json_string(v)); break;
			case COL_LANG:
				lower(v);
				json_object_set_new(body, "lang", json_string(v));
				break;
			case COL_OTHER: json_object_set_new(body, "other_names",
			    split_list(v, 0, 1)); break;
			case COL_EMAIL: json_object_set_new(contact, "email",
			    json_string(v)); break;
			case COL_PHONE: json_object_set_new(contact, "phone",
			    json_string(v)); break;
			case COL_ADDRESS: json_object_set_new(contact, "address",
			    json_string(v)); break;
			case COL_DESC: json_object_set_new(desc, cols[i].arg,
			    json_string(v)); break;
			case COL_IDENT: json_array_append_new(ids, json_pack(
			    "{s:s, s:s}", "scheme", cols[i].arg, "identifier",
			    v)); break;
			}
		}
		/* a cell that is not UTF-8 gave a NULL string above */
		if (json_object_get(body, "name") == NULL && blank == 0) {
			for (i = 0; i < c.nf; i++)
				if (cols[i].kind == COL_NAME && *cell_trim(c.f[i]))
					break;
			if (i < c.nf) {
				bad_add(rs, line, "/name", "name", "invalid_utf8",
				    "the name is not UTF-8 text: save the file "
				    "as UTF-8");
				json_decref(body);
				json_decref(desc);
				json_decref(ids);
				json_decref(contact);
				continue;
			}
		}
		if (json_object_get(body, "country") == NULL)
			json_object_set_new(body, "country", json_string(origin));
		if (json_object_size(desc))
			json_object_set(body, "description", desc);
		if (json_array_size(ids))
			json_object_set(body, "identifiers", ids);
		if (json_object_size(contact))
			json_object_set(body, "contact", contact);
		json_decref(desc);
		json_decref(ids);
		json_decref(contact);
		id = idcopy;
		take_row(rs, seen, origin, line, id, body, 1);
	}
out:
	csv_clear(&c);
	free(c.f);
	free(c.buf);
	free(cols);
}

/* ---- JSON Lines ------------------------------------------------------------------- */

static void
parse_jsonl(const char *buf, size_t len, const char *origin, struct rows *rs,
    struct idset *seen)
{
	const char *p = buf, *end = buf + len;
	size_t line = 0;

	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t l = nl ? (size_t)(nl - p) : (size_t)(end - p);
		json_t *o = NULL, *body;
		const char *id = NULL, *type;
		struct nferr err;
		size_t k;

		line++;
		for (k = 0; k < l && isspace((unsigned char)p[k]); k++)
			;
		if (k == l)
			goto next;
		if (canon_parse(p, l, NULL, &o, &err) != 0) {
			bad_add(rs, line, err.field, err.field, err.code, err.msg);
			goto next;
		}
		if (!json_is_object(o)) {
			bad_add(rs, line, "", "", "bad_type", "a line is one JSON "
			    "object: an organisation");
			json_decref(o);
			goto next;
		}
		if (json_object_get(o, "id") != NULL &&
		    !json_is_string(json_object_get(o, "id"))) {
			bad_add(rs, line, "/id", "/id", "bad_id", "id is a string");
			json_decref(o);
			goto next;
		}
		if (json_is_object(json_object_get(o, "body"))) {
			/* the record form export writes */
			type = json_string_value(json_object_get(o, "type"));
			if (type != NULL && strcmp(type, "organisation") != 0) {
				bad_add(rs, line, "/type", "/type", "bad_type",
				    "only organisations are imported");
				json_decref(o);
				goto next;
			}
			body = json_incref(json_object_get(o, "body"));
		} else {
			body = json_deep_copy(o);
			json_object_del(body, "id");
		}
		id = json_string_value(json_object_get(o, "id"));
		take_row(rs, seen, origin, line, id, body, 0);
		json_decref(o);
next:
		p += l + (nl ? 1 : 0);
	}
}

/* ---- reading the file ------------------------------------------------------------- */

static char *
slurp(const char *path, size_t *len)
{
	FILE *f = strcmp(path, "-") == 0 ? stdin : fopen(path, "rb");
	char *buf = NULL, *q;
	size_t cap = 0, n = 0, r;

	if (f == NULL)
		return NULL;
	for (;;) {
		if (n + 65536 + 1 > cap) {
			cap = cap ? cap * 2 : 1 << 20;
			if (cap > IMPORT_MAX_BYTES || (q = realloc(buf, cap)) ==
			    NULL) {
				free(buf);
				buf = NULL;
				errno = EFBIG;
				break;
			}
			buf = q;
		}
		r = fread(buf + n, 1, cap - n - 1, f);
		n += r;
		if (r == 0) {
			if (ferror(f)) {
				free(buf);
				buf = NULL;
			}
			break;
		}
	}
	if (f != stdin)
		fclose(f);
	if (buf != NULL) {
		buf[n] = '\0';
		*len = n;
	}
	return buf;
}

/* ---- what the node holds already ------------------------------------------------ */

/* Every organisation of origin the node holds into set (id -> hash of
 * its canonical body). CTL_OK or CTL_IO. */
static int
fetch_existing(struct ctl *c, const char *origin, uint64_t total,
    struct idset *set)
{
	char url[CTL_URL_MAX + 1200], cursor[1100] = "";
	struct ctl_progress pr;
	uint64_t n = 0;

	ctl_progress_start(&pr, "held", total);

	for (;;) {
		json_t *page = NULL, *it;
		const char *next;
		size_t i;
		int rc;

		if (cursor[0]) {
			char *esc = curl_easy_escape(NULL, cursor, 0);

			snprintf(url, sizeof(url), "/api/v1/organisations?country="
			    "%s&limit=%d&cursor=%s", origin, PAGE, esc ? esc : "");
			curl_free(esc);
		} else {
			snprintf(url, sizeof(url), "/api/v1/organisations?country="
			    "%s&limit=%d", origin, PAGE);
		}
		if ((rc = ctl_get_json(c, url, &page, 0)) != CTL_OK)
			return rc;
		json_array_foreach(json_object_get(page, "items"), i, it) {
			const char *id = json_string_value(json_object_get(it, "id"));
			struct idslot *s;
			char *t;
			size_t tl;

			if (id == NULL || (s = idset_find(set, id, 1)) == NULL)
				continue;
			if (canon_dump(json_object_get(it, "body"), &t, &tl,
			    NULL) == 0) {
				crypto_generichash(s->hash, sizeof(s->hash),
				    (unsigned char *)t, tl, NULL, 0);
				free(t);
			}
			s->val = 1;
			n++;
		}
		ctl_progress(&pr, n, 0);
		next = json_string_value(json_object_get(page, "next"));
		if (next == NULL) {
			json_decref(page);
			if (n > 0)
				ctl_progress(&pr, n, 1);
			return CTL_OK;
		}
		snprintf(cursor, sizeof(cursor), "%s", next);
		json_decref(page);
	}
}

/* ---- writing (libcurl multi) -------------------------------------------------------- */

struct job {
	CURL *easy;
	struct curl_slist *hdrs;
	struct ctl_resp resp;
	size_t row;
	int busy;
	int attempts;
};

struct retry {
	size_t row;
	int attempts;
	int64_t at_ms;
};

struct wstats {
	uint64_t created, updated, failed, done;
	struct bad *fail;               /* rows the node refused */
	size_t nfail;
	int stopped;                    /* the node stopped answering */
	char stop_why[CURL_ERROR_SIZE + 64];
};

static size_t
job_body(char *data, size_t size, size_t nmemb, void *arg)
{
	struct ctl_resp *r = arg;
	size_t n = size * nmemb;
	char *q;

	if (r->len + n + 1 > (1 << 20))
		return 0;
	if ((q = realloc(r->body, r->len + n + 1)) == NULL)
		return 0;
	r->body = q;
	memcpy(r->body + r->len, data, n);
	r->len += n;
	r->body[r->len] = '\0';
	return n;
}

static int
job_start(struct ctl *c, CURLM *m, struct job *j, const struct row *r,
    size_t idx, int attempts)
{
	char url[CTL_URL_MAX + RECORD_ID_MAX + 32], hdr[CTL_TOKEN_MAX + 32];

	if (j->easy == NULL && (j->easy = curl_easy_init()) == NULL)
		return -1;
	if (j->hdrs == NULL) {
		snprintf(hdr, sizeof(hdr), "Authorization: Bearer %s", c->token);
		j->hdrs = curl_slist_append(NULL, hdr);
		j->hdrs = curl_slist_append(j->hdrs,
		    "Content-Type: application/json");
		j->hdrs = curl_slist_append(j->hdrs, "Expect:");
		explicit_bzero(hdr, sizeof(hdr));
	}
	ctl_resp_free(&j->resp);
	memset(&j->resp, 0, sizeof(j->resp));
	snprintf(url, sizeof(url), "%s/api/v1/organisations/%s", c->url, r->id);
	curl_easy_setopt(j->easy, CURLOPT_URL, url);
	curl_easy_setopt(j->easy, CURLOPT_PROTOCOLS_STR, "http,https");
	curl_easy_setopt(j->easy, CURLOPT_CUSTOMREQUEST, "PUT");
	curl_easy_setopt(j->easy, CURLOPT_POSTFIELDS, r->body);
	curl_easy_setopt(j->easy, CURLOPT_POSTFIELDSIZE_LARGE,
	    (curl_off_t)r->blen);
	curl_easy_setopt(j->easy, CURLOPT_HTTPHEADER, j->hdrs);
	curl_easy_setopt(j->easy, CURLOPT_WRITEFUNCTION, job_body);
	curl_easy_setopt(j->easy, CURLOPT_WRITEDATA, &j->resp);
	curl_easy_setopt(j->easy, CURLOPT_ERRORBUFFER, j->resp.error);
	curl_easy_setopt(j->easy, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(j->easy, CURLOPT_TIMEOUT_MS, c->timeout_ms * 3);
	curl_easy_setopt(j->easy, CURLOPT_CONNECTTIMEOUT_MS, 3000L);
	curl_easy_setopt(j->easy, CURLOPT_USERAGENT, "nordfedctl-import/1");
	curl_easy_setopt(j->easy, CURLOPT_TCP_NODELAY, 1L);
	curl_easy_setopt(j->easy, CURLOPT_PRIVATE, j);
	j->row = idx;
	j->attempts = attempts;
	j->busy = 1;
	return curl_multi_add_handle(m, j->easy) == CURLM_OK ? 0 : -1;
}

static void
fail_add(struct wstats *ws, size_t line, long status, const struct ctl_resp *r)
{
	struct bad *q = realloc(ws->fail, (ws->nfail + 1) * sizeof(*q));
	json_t *p = r->body ? json_loadb(r->body, r->len, 0, NULL) : NULL;
	char m[300];

	ws->failed++;
	if (q == NULL) {
		json_decref(p);
		return;
	}
	ws->fail = q;
	q = &ws->fail[ws->nfail++];
	memset(q, 0, sizeof(*q));
	q->line = line;
	snprintf(q->code, sizeof(q->code), "%s", json_string_value(
	    json_object_get(p, "code")) ? json_string_value(json_object_get(p,
	    "code")) : "http");
	snprintf(q->field, sizeof(q->field), "%s", json_string_value(
	    json_object_get(p, "field")) ? json_string_value(json_object_get(p,
	    "field")) : "");
	snprintf(m, sizeof(m), "HTTP %ld: %s", status, ctl_problem_text(r,
	    q->msg, sizeof(q->msg)));
	snprintf(q->msg, sizeof(q->msg), "%s", m);
	json_decref(p);
}

static void
write_rows(struct ctl *c, struct rows *rs, unsigned jobs,
    struct ctl_progress *pr, struct wstats *ws)
{
	CURLM *m = curl_multi_init();
	struct job *js = calloc(jobs, sizeof(*js));
	struct retry *rq = NULL;
	size_t nrq = 0, caprq = 0, next = 0, i;
	unsigned busy = 0;
	int conn_fails = 0;

	if (m == NULL || js == NULL) {
		ws->stopped = 1;
		snprintf(ws->stop_why, sizeof(ws->stop_why), "out of memory");
		goto out;
	}
	curl_multi_setopt(m, CURLMOPT_MAX_HOST_CONNECTIONS, (long)jobs);
	curl_multi_setopt(m, CURLMOPT_MAXCONNECTS, (long)jobs);
	for (;;) {
		int64_t now = ctl_mono_ms();
		int running = 0;
		CURLMsg *msg;
		int left;

		/* fill free slots: retries that are due first, then new rows */
		for (i = 0; i < jobs && !ws->stopped; i++) {
			size_t k, idx = SIZE_MAX;
			int att = 0;

			if (js[i].busy)
				continue;
			for (k = 0; k < nrq; k++)
				if (rq[k].at_ms <= now) {
					idx = rq[k].row;
					att = rq[k].attempts;
					rq[k] = rq[--nrq];
					break;
				}
			while (idx == SIZE_MAX && next < rs->n) {
				if (rs->r[next].skip) {
					ws->done++;
					next++;
					continue;
				}
				idx = next++;
			}
			if (idx == SIZE_MAX)
				break;
			if (job_start(c, m, &js[i], &rs->r[idx], idx, att) != 0) {
				ws->stopped = 1;
				snprintf(ws->stop_why, sizeof(ws->stop_why),
				    "cannot start a request");
				break;
			}
			busy++;
		}
		if (busy == 0 && (nrq == 0 || ws->stopped) &&
		    (next >= rs->n || ws->stopped))
			break;
		curl_multi_perform(m, &running);
		while ((msg = curl_multi_info_read(m, &left)) != NULL) {
			struct job *j = NULL;
			const struct row *r;
			long status = 0;
			int retry = 0;

			if (msg->msg != CURLMSG_DONE)
				continue;
			curl_easy_getinfo(msg->easy_handle, CURLINFO_PRIVATE,
			    (char **)&j);
			curl_easy_getinfo(j->easy, CURLINFO_RESPONSE_CODE, &status);
			curl_multi_remove_handle(m, j->easy);
			j->busy = 0;
			busy--;
			r = &rs->r[j->row];
			if (msg->data.result != CURLE_OK) {
				retry = 1;
				if (++conn_fails >= 20 && !ws->stopped) {
					ws->stopped = 1;
					snprintf(ws->stop_why, sizeof(ws->stop_why),
					    "the node stopped answering: %s",
					    j->resp.error[0] ? j->resp.error :
					    curl_easy_strerror(msg->data.result));
				}
			} else {
				conn_fails = 0;
				if (status == 201 || status == 200) {
					ws->done++;
					if (status == 201)
						ws->created++;
					else
						ws->updated++;
				} else if (status == 503 || status == 429) {
					retry = 1;
				} else {
					ws->done++;
					fail_add(ws, r->line, status, &j->resp);
				}
			}
			if (retry) {
				if (j->attempts + 1 >= IMPORT_RETRIES || ws->stopped) {
					struct ctl_resp fake = j->resp;

					if (msg->data.result != CURLE_OK) {
						fake.body = NULL;
						fake.len = 0;
					}
					ws->done++;
					fail_add(ws, r->line, status, &fake);
				} else {
					if (nrq == caprq) {
						size_t cap = caprq ? caprq * 2 : 64;
						struct retry *q = realloc(rq, cap *
						    sizeof(*q));

						if (q == NULL) {
							ws->done++;
							fail_add(ws, r->line, status,
							    &j->resp);
							continue;
						}
						rq = q;
						caprq = cap;
					}
					rq[nrq].row = j->row;
					rq[nrq].attempts = j->attempts + 1;
					rq[nrq].at_ms = ctl_mono_ms() +
					    (50LL << j->attempts);
					nrq++;
				}
			}
		}
		ctl_progress(pr, ws->done, 0);
		if (busy > 0)
			curl_multi_poll(m, NULL, 0, 50, NULL);
		else if (nrq > 0)
			usleep(10 * 1000);
	}
out:
	for (i = 0; js != NULL && i < jobs; i++) {
		if (js[i].easy != NULL) {
			if (js[i].busy)
				curl_multi_remove_handle(m, js[i].easy);
			curl_easy_cleanup(js[i].easy);
		}
		if (js[i].hdrs != NULL) {
			/* the token is in the first header */
			explicit_bzero(js[i].hdrs->data, strlen(js[i].hdrs->data));
			curl_slist_free_all(js[i].hdrs);
		}
		ctl_resp_free(&js[i].resp);
	}
	free(js);
	free(rq);
	if (m != NULL)
		curl_multi_cleanup(m);
}

/* ---- import ----------------------------------------------------------------------------- */

struct import_opts {
	int dry_run;
	const char *format;
	uint64_t jobs;
	char country[3];
	char delim;
};

static int
import_take(void *arg, int opt, const char *val)
{
	struct import_opts *io = arg;

	switch (opt) {
	case 'n':
		io->dry_run = 1;
		return 0;
	case 'f':
		if (strcmp(val, "csv") != 0 && strcmp(val, "jsonl") != 0)
			return -1;
		io->format = val;
		return 0;
	case 'j':
		return ctl_parse_u64(val, 1, IMPORT_JOBS_MAX, &io->jobs);
	case 'C':
		return ctl_origin(val, io->country);
	case 'D':
		if (strcmp(val, "\\t") == 0 || strcmp(val, "tab") == 0)
			io->delim = '\t';
		else if (strlen(val) == 1 && val[0] != '"' && val[0] != '\n')
			io->delim = val[0];
		else
			return -1;
		return 0;
	}
	return -1;
}

static int
cmp_bad(const void *a, const void *b)
{
	const struct bad *x = a, *y = b;

	return x->line < y->line ? -1 : x->line > y->line;
}

static json_t *
bad_json(const struct bad *b, size_t n)
{
	json_t *a = json_array();
	size_t i;

	for (i = 0; i < n; i++)
		json_array_append_new(a, json_pack("{s:I, s:s, s:s, s:s, s:s, "
		    "s:s?}", "line", (json_int_t)b[i].line, "column", b[i].column,
		    "field", b[i].field, "code", b[i].code, "detail", b[i].msg,
		    "value", b[i].value[0] ? b[i].value : NULL));
	return a;
}

/* Every bad row, then (when there are many) how many per column. */
static void
print_bad(const struct ctl *c, const struct bad *b, size_t n)
{
	struct {
		const char *column, *code;
		size_t n, first;
	} sum[32];
	size_t i, k, ns = 0;

	for (i = 0; i < n; i++) {
		printf("  line %zu%s%s: %s%s%s%s%s%s (%s)\n", b[i].line,
		    b[i].column[0] ? ", " : "", b[i].column, ctl_c(c, "red"),
		    b[i].msg, ctl_c(c, "off"), b[i].value[0] ? " [got \"" : "",
		    b[i].value, b[i].value[0] ? "\"]" : "", b[i].code);
		for (k = 0; k < ns; k++)
			if (strcmp(sum[k].column, b[i].column) == 0 &&
			    strcmp(sum[k].code, b[i].code) == 0)
				break;
		if (k == ns && ns < sizeof(sum) / sizeof(sum[0])) {
			sum[ns].column = b[i].column;
			sum[ns].code = b[i].code;
			sum[ns].n = 0;
			sum[ns++].first = b[i].line;
		}
		if (k < ns)
			sum[k].n++;
	}
	if (n <= 10)
		return;
	printf("bad rows by column:\n");
	for (k = 0; k < ns; k++)
		printf("  %-24s %-16s %zu rows, the first on line %zu\n",
		    sum[k].column[0] ? sum[k].column : "(the row)", sum[k].code,
		    sum[k].n, sum[k].first);
}

int
ctl_cmd_import(int argc, char **argv)
{
	static const struct option extra[] = {
		{ "dry-run", no_argument, NULL, 'n' },
		{ "format", required_argument, NULL, 'f' },
		{ "jobs", required_argument, NULL, 'j' },
		{ "country", required_argument, NULL, 'C' },
		{ "delimiter", required_argument, NULL, 'D' },
	};
	struct import_opts io = { 0, NULL, 8, "", 0 };
	struct ctl c;
	struct rows rs = { 0 };
	struct idset seen = { 0 }, have = { 0 };
	struct ctl_progress pr;
	struct wstats ws = { 0 };
	json_t *node = NULL;
	const char *path, *fmt;
	char *buf = NULL;
	size_t len = 0, i;
	uint64_t unchanged = 0, would_update = 0;
	int rc;
	int64_t t0, t_read = 0;

	ctl_init(&c);
	if (ctl_want_help(argc, argv, "import"))
		return CTL_OK;
	if ((rc = ctl_parse_opts(&c, argc, argv, "import", "c:", extra,
	    sizeof(extra) / sizeof(extra[0]), import_take, &io)) != CTL_OK)
		goto done;
	if (optind + 1 != argc) {
		fprintf(stderr, "usage: nordfedctl %s\n", ctl_usage("import"));
		rc = CTL_USAGE;
		goto done;
	}
	path = argv[optind];
	/* the origin: the node's country (a dry run may name it instead) */
	if (!io.dry_run || !io.country[0]) {
		if ((rc = ctl_get_json(&c, "/api/v1/node", &node, 0)) != CTL_OK)
			goto done;
		if (io.country[0] && strcmp(io.country,
		    json_string_value(json_object_get(node, "country"))) != 0) {
			ctl_warn("--country %s, but the node at %s serves %s: a node "
			    "writes only its own country's records", io.country,
			    c.url, json_string_value(json_object_get(node,
			    "country")));
			rc = CTL_USAGE;
			goto done;
		}
		snprintf(io.country, sizeof(io.country), "%s", json_string_value(
		    json_object_get(node, "country")));
	}
	if (!io.dry_run && (rc = ctl_token(&c)) != CTL_OK)
		goto done;
	if ((buf = slurp(path, &len)) == NULL) {
		ctl_warn("%s: %s", path, strerror(errno));
		rc = CTL_IO;
		goto done;
	}
	fmt = io.format;
	if (fmt == NULL) {
		size_t pl = strlen(path), k;

		if (pl > 4 && strcasecmp(path + pl - 4, ".csv") == 0)
			fmt = "csv";
		else if ((pl > 6 && strcasecmp(path + pl - 6, ".jsonl") == 0) ||
		    (pl > 7 && strcasecmp(path + pl - 7, ".ndjson") == 0))
			fmt = "jsonl";
		else {
			for (k = 0; k < len && isspace((unsigned char)buf[k]); k++)
				;
			fmt = k < len && buf[k] == '{' ? "jsonl" : "csv";
		}
	}
	t0 = ctl_mono_ms();
	if (strcmp(fmt, "csv") == 0)
		parse_csv(buf, len, io.delim, io.country, &rs, &seen);
	else
		parse_jsonl(buf, len, io.country, &rs, &seen);
	free(buf);
	buf = NULL;
	if (rs.nbad > 1)
		qsort(rs.bad, rs.nbad, sizeof(*rs.bad), cmp_bad);
	if (rs.nbad > 0) {
		if (c.json) {
			ctl_print_json(json_pack("{s:b, s:s, s:s, s:b, s:I, s:I, s:o, "
			    "s:b}", "ok", 0, "file", path, "format", fmt, "dry_run",
			    io.dry_run, "rows", (json_int_t)(rs.n + rs.nbad),
			    "bad_rows", (json_int_t)rs.nbad, "bad",
			    bad_json(rs.bad, rs.nbad), "written", 0));
		} else {
			printf("%s: %zu of %zu rows are bad; the file is refused "
			    "whole and nothing was written:\n", path, rs.nbad,
			    rs.n + rs.nbad);
			print_bad(&c, rs.bad, rs.nbad);
		}
		rc = CTL_NOTOK;
		goto done;
	}
	/* what the node holds already: unchanged rows are not sent */
	if (node != NULL) {
		uint64_t held = (uint64_t)json_integer_value(json_object_get(
		    json_object_get(json_object_get(json_object_get(node,
		    "counts"), "countries"), io.country), "organisation"));

		if ((rc = fetch_existing(&c, io.country, held, &have)) != CTL_OK)
			goto done;
		for (i = 0; i < rs.n; i++) {
			struct idslot *s = idset_find(&have, rs.r[i].id, 0);

			if (s == NULL)
				continue;
			if (memcmp(s->hash, rs.r[i].hash, sizeof(s->hash)) == 0) {
				rs.r[i].skip = 1;
				unchanged++;
			} else {
				would_update++;
			}
		}
	}
	if (io.dry_run) {
		if (c.json)
			ctl_print_json(json_pack("{s:b, s:s, s:s, s:b, s:I, s:I, s:o, "
			    "s:o, s:o, s:o}", "ok", 1, "file", path, "format", fmt,
			    "dry_run", 1, "rows", (json_int_t)rs.n, "bad_rows",
			    (json_int_t)0, "bad", json_array(), "would_create",
			    node ? json_integer((json_int_t)(rs.n - unchanged -
			    would_update)) : json_null(), "would_update", node ?
			    json_integer((json_int_t)would_update) : json_null(),
			    "unchanged", node ? json_integer((json_int_t)unchanged) :
			    json_null()));
		else if (node != NULL)
			printf("%s: all %zu rows are valid (dry run: nothing "
			    "written); %llu would be created, %llu updated, %llu "
			    "are unchanged\n", path, rs.n, (unsigned long long)(rs.n -
			    unchanged - would_update),
			    (unsigned long long)would_update,
			    (unsigned long long)unchanged);
		else
			printf("%s: all %zu rows are valid (dry run: nothing "
			    "written)\n", path, rs.n);
		rc = CTL_OK;
		goto done;
	}
	t_read = ctl_mono_ms() - t0;
	t0 = ctl_mono_ms();
	ctl_progress_start(&pr, "rows", rs.n);
	write_rows(&c, &rs, (unsigned)io.jobs, &pr, &ws);
	ctl_progress(&pr, ws.done, 1);
	if (ws.nfail > 1)
		qsort(ws.fail, ws.nfail, sizeof(*ws.fail), cmp_bad);
	{
		double secs = (double)(ctl_mono_ms() - t0) / 1000.0;
		uint64_t sent = ws.created + ws.updated;

		if (c.json) {
			ctl_print_json(json_pack("{s:b, s:s, s:s, s:b, s:I, s:I, s:I, "
			    "s:I, s:I, s:o, s:b, s:s?, s:f, s:f}", "ok", ws.failed == 0 &&
			    !ws.stopped, "file", path, "format", fmt, "dry_run", 0,
			    "rows", (json_int_t)rs.n, "created",
			    (json_int_t)ws.created, "updated", (json_int_t)ws.updated,
			    "unchanged", (json_int_t)unchanged, "failed",
			    (json_int_t)ws.failed, "failures", bad_json(ws.fail,
			    ws.nfail), "stopped", ws.stopped, "stop_reason",
			    ws.stopped ? ws.stop_why : NULL, "seconds", secs,
			    "read_seconds", (double)t_read / 1000.0));
		} else {
			printf("%s: %zu rows: %llu created, %llu updated, %llu "
			    "unchanged, %llu refused by the node; written in "
			    "%.1fs (%.0f rows/s)\n", path, rs.n,
			    (unsigned long long)ws.created,
			    (unsigned long long)ws.updated,
			    (unsigned long long)unchanged,
			    (unsigned long long)ws.failed, secs,
			    secs > 0 ? (double)sent / secs : 0.0);
			print_bad(&c, ws.fail, ws.nfail);
			if (ws.stopped)
				printf("%sstopped: %s%s\nrun the same import again: "
				    "rows already written are skipped\n",
				    ctl_c(&c, "red"), ws.stop_why, ctl_c(&c, "off"));
		}
	}
	rc = ws.failed || ws.stopped ? CTL_NOTOK : CTL_OK;
	if (ws.stopped && ws.created + ws.updated == 0)
		rc = CTL_IO;
done:
	free(buf);
	free(ws.fail);
	rows_free(&rs);
	idset_free(&seen);
	idset_free(&have);
	json_decref(node);
	ctl_free(&c);
	return rc;
}

/* ---- export ------------------------------------------------------------------------------ */

struct export_opts {
	const char *format, *output;
	char country[3];
	int all;
};

static int
export_take(void *arg, int opt, const char *val)
{
	struct export_opts *eo = arg;

	switch (opt) {
	case 'f':
		if (strcmp(val, "jsonl") && strcmp(val, "csv") &&
		    strcmp(val, "popolo"))
			return -1;
		eo->format = val;
		return 0;
	case 'C':
		return ctl_origin(val, eo->country);
	case 'a':
		eo->all = 1;
		return 0;
	case 'o':
		eo->output = val;
		return 0;
	}
	return -1;
}

static void
csv_cell(FILE *f, const char *s, int first)
{
	if (!first)
		fputc(',', f);
	if (s == NULL)
		return;
	if (strpbrk(s, ",\";\r\n") != NULL || (s[0] && (s[0] == ' ' ||
	    s[strlen(s) - 1] == ' '))) {
		fputc('"', f);
		for (; *s; s++) {
			if (*s == '"')
				fputc('"', f);
			fputc(*s, f);
		}
		fputc('"', f);
	} else {
		fputs(s, f);
	}
}

static void
csv_header_out(FILE *f)
{
	size_t i;

	for (i = 0; i < NPLAIN; i++)
		csv_cell(f, col_names[i], i == 0);
	for (i = 0; i < NLANGS; i++)
		fprintf(f, ",description_%s", langs[i]);
	for (i = 0; i < NSCHEMES; i++)
		fprintf(f, ",identifier_%s", schemes[i]);
	fputs("\r\n", f);
}

/* "a;b" from an array of strings (or of {"name"} objects). */
static char *
join_list(const json_t *a, int names)
{
	size_t i, len = 0;
	json_t *v;
	char *out = NULL;

	json_array_foreach(a, i, v) {
		const char *s = names ? json_string_value(json_object_get(v,
		    "name")) : json_string_value(v);
		size_t l = s ? strlen(s) : 0;
		char *q = realloc(out, len + l + 2);

		if (q == NULL)
			break;
		out = q;
		if (len > 0)
			out[len++] = ';';
		memcpy(out + len, s ? s : "", l);
		len += l;
		out[len] = '\0';
	}
	return out;
}

static void
csv_org(FILE *f, const json_t *rec)
{
	const json_t *b = json_object_get(rec, "body");
	const json_t *ct = json_object_get(b, "contact");
	const char *plain[NPLAIN];
	char *focus = join_list(json_object_get(b, "focus_areas"), 0);
	char *other = join_list(json_object_get(b, "other_names"), 1);
	size_t i, k;
	json_t *v;

	plain[COL_ID] = json_string_value(json_object_get(rec, "id"));
	plain[COL_NAME] = json_string_value(json_object_get(b, "name"));
	plain[COL_CLASS] = json_string_value(json_object_get(b,
	    "classification"));
	plain[COL_COUNTRY] = json_string_value(json_object_get(b, "country"));
	plain[COL_MUNI] = json_string_value(json_object_get(b, "municipality"));
	plain[COL_REGION] = json_string_value(json_object_get(b, "region"));
	plain[COL_FOCUS] = focus;
	plain[COL_WEBSITE] = json_string_value(json_object_get(b, "website"));
	plain[COL_FOUNDED] = json_string_value(json_object_get(b, "founded"));
	plain[COL_LANG] = json_string_value(json_object_get(b, "lang"));
	plain[COL_OTHER] = other;
	plain[COL_EMAIL] = json_string_value(json_object_get(ct, "email"));
	plain[COL_PHONE] = json_string_value(json_object_get(ct, "phone"));
	plain[COL_ADDRESS] = json_string_value(json_object_get(ct, "address"));
	for (i = 0; i < NPLAIN; i++)
		csv_cell(f, plain[i], i == 0);
	for (i = 0; i < NLANGS; i++)
		csv_cell(f, json_string_value(json_object_get(json_object_get(b,
		    "description"), langs[i])), 0);
	for (i = 0; i < NSCHEMES; i++) {
		const char *id = NULL;

		json_array_foreach(json_object_get(b, "identifiers"), k, v)
			if (json_string_value(json_object_get(v, "scheme")) &&
			    strcmp(json_string_value(json_object_get(v, "scheme")),
			    schemes[i]) == 0 && id == NULL)
				id = json_string_value(json_object_get(v,
				    "identifier"));
		csv_cell(f, id, 0);
	}
	fputs("\r\n", f);
	free(focus);
	free(other);
}

/* A Popolo organization (http://www.popoloproject.com/specs/organization.html)
 * from an organisation record; new reference. */
static json_t *
popolo_org(const json_t *rec)
{
	const json_t *b = json_object_get(rec, "body");
	const json_t *ct = json_object_get(b, "contact");
	json_t *o = json_object(), *on = json_array(), *ids = json_array(), *v;
	json_t *links = json_array(), *cd = json_array();
	const char *desc;
	size_t i;

	json_object_set(o, "id", json_object_get(rec, "id"));
	json_object_set(o, "name", json_object_get(b, "name"));
	json_array_foreach(json_object_get(b, "other_names"), i, v) {
		json_t *x = json_pack("{s:O}", "name", json_object_get(v, "name"));

		if (json_object_get(v, "note"))
			json_object_set(x, "note", json_object_get(v, "note"));
		if (json_object_get(v, "lang"))
			json_object_set(x, "lang", json_object_get(v, "lang"));
		json_array_append_new(on, x);
	}
	json_object_set_new(o, "other_names", on);
	json_array_foreach(json_object_get(b, "identifiers"), i, v)
		json_array_append_new(ids, json_pack("{s:O, s:O}", "scheme",
		    json_object_get(v, "scheme"), "identifier",
		    json_object_get(v, "identifier")));
	json_object_set_new(o, "identifiers", ids);
	json_object_set(o, "classification", json_object_get(b,
	    "classification"));
	if (json_object_get(b, "founded"))
		json_object_set(o, "founding_date", json_object_get(b, "founded"));
	json_object_set(o, "area_id", json_object_get(b, "country"));
	desc = record_text_pick(json_object_get(b, "description"), "en",
	    json_string_value(json_object_get(b, "lang")));
	if (desc != NULL)
		json_object_set_new(o, "description", json_string(desc));
	if (json_object_get(b, "website"))
		json_array_append_new(links, json_pack("{s:O, s:s}", "url",
		    json_object_get(b, "website"), "note", "website"));
	json_object_set_new(o, "links", links);
	if (json_object_get(ct, "email"))
		json_array_append_new(cd, json_pack("{s:s, s:O}", "type", "email",
		    "value", json_object_get(ct, "email")));
	if (json_object_get(ct, "phone"))
		json_array_append_new(cd, json_pack("{s:s, s:O}", "type", "voice",
		    "value", json_object_get(ct, "phone")));
	if (json_object_get(ct, "address"))
		json_array_append_new(cd, json_pack("{s:s, s:O}", "type",
		    "address", "value", json_object_get(ct, "address")));
	json_object_set_new(o, "contact_details", cd);
	return o;
}

int
ctl_cmd_export(int argc, char **argv)
{
	static const struct option extra[] = {
		{ "format", required_argument, NULL, 'f' },
		{ "country", required_argument, NULL, 'C' },
		{ "all", no_argument, NULL, 'a' },
		{ "output", required_argument, NULL, 'o' },
	};
	static const struct {
		const char *path, *type;
	} colls[] = {
		{ "organisations", "organisation" }, { "networks", "network" },
		{ "memberships", "membership" },
		{ "membership-requests", "membership_request" },
		{ "meetings", "meeting" }, { "resources", "resource" },
		{ "collaborations", "collaboration" },
	};
	struct export_opts eo = { "jsonl", NULL, "", 0 };
	struct ctl c;
	struct ctl_progress pr;
	json_t *node = NULL, *counts;
	FILE *out = stdout;
	uint64_t total = 0, done = 0;
	size_t i, ncoll;
	int rc, first = 1;

	ctl_init(&c);
	if (ctl_want_help(argc, argv, "export"))
		return CTL_OK;
	if ((rc = ctl_parse_opts(&c, argc, argv, "export", "c:o:", extra,
	    sizeof(extra) / sizeof(extra[0]), export_take, &eo)) != CTL_OK)
		goto done;
	if (optind != argc || (eo.all && strcmp(eo.format, "jsonl") != 0)) {
		fprintf(stderr, "usage: nordfedctl %s\n%s", ctl_usage("export"),
		    eo.all ? "(--all exports every type: JSON Lines only)\n" : "");
		rc = CTL_USAGE;
		goto done;
	}
	ncoll = eo.all ? sizeof(colls) / sizeof(colls[0]) : 1;
	/* totals for the progress line, from the node's counts */
	if ((rc = ctl_get_json(&c, "/api/v1/node", &node, 0)) != CTL_OK)
		goto done;
	counts = json_object_get(node, "counts");
	for (i = 0; i < ncoll; i++)
		total += (uint64_t)json_integer_value(json_object_get(eo.country[0] ?
		    json_object_get(json_object_get(counts, "countries"),
		    eo.country) : json_object_get(counts, "types"), colls[i].type));
	if (eo.output != NULL && strcmp(eo.output, "-") != 0 &&
	    (out = fopen(eo.output, "w")) == NULL) {
		ctl_warn("%s: %s", eo.output, strerror(errno));
		rc = CTL_IO;
		goto done;
	}
	ctl_progress_start(&pr, "records", total);
	if (strcmp(eo.format, "csv") == 0)
		csv_header_out(out);
	else if (strcmp(eo.format, "popolo") == 0)
		fputs("{\"organizations\":[", out);
	for (i = 0; i < ncoll; i++) {
		char url[CTL_URL_MAX + 1300], cursor[1100] = "";

		for (;;) {
			json_t *page = NULL, *it;
			const char *next;
			char *esc = NULL;
			size_t k;
			int l;

			if (cursor[0])
				esc = curl_easy_escape(NULL, cursor, 0);
			l = snprintf(url, sizeof(url), "/api/v1/%s?limit=%d%s%s%s%s",
			    colls[i].path, PAGE, eo.country[0] ? "&country=" : "",
			    eo.country, esc ? "&cursor=" : "", esc ? esc : "");
			curl_free(esc);
			if (l < 0 || (size_t)l >= sizeof(url)) {
				rc = CTL_IO;
				goto done;
			}
			if ((rc = ctl_get_json(&c, url, &page, 0)) != CTL_OK)
				goto done;
			json_array_foreach(json_object_get(page, "items"), k, it) {
				if (strcmp(eo.format, "jsonl") == 0) {
					json_t *r = json_pack("{s:O, s:s, s:O, s:O, "
					    "s:O}", "id", json_object_get(it, "id"),
					    "type", colls[i].type, "origin",
					    json_object_get(it, "origin"), "seq",
					    json_object_get(it, "seq"), "body",
					    json_object_get(it, "body"));
					char *t;
					size_t tl;

					if (r != NULL && canon_dump(r, &t, &tl,
					    NULL) == 0) {
						fwrite(t, 1, tl, out);
						fputc('\n', out);
						free(t);
					}
					json_decref(r);
				} else if (strcmp(eo.format, "csv") == 0) {
					csv_org(out, it);
				} else {
					json_t *p = popolo_org(it);
					char *t = json_dumps(p, JSON_COMPACT |
					    JSON_PRESERVE_ORDER);

					if (t != NULL) {
						fputs(first ? "\n" : ",\n", out);
						fputs(t, out);
						free(t);
						first = 0;
					}
					json_decref(p);
				}
				done++;
			}
			ctl_progress(&pr, done, 0);
			next = json_string_value(json_object_get(page, "next"));
			if (next == NULL) {
				json_decref(page);
				break;
			}
			snprintf(cursor, sizeof(cursor), "%s", next);
			json_decref(page);
		}
	}
	if (strcmp(eo.format, "popolo") == 0)
		fputs("\n]}\n", out);
	ctl_progress(&pr, done, 1);
	if (fflush(out) != 0 || ferror(out)) {
		ctl_warn("writing %s: %s", eo.output ? eo.output : "the output",
		    strerror(errno));
		rc = CTL_IO;
		goto done;
	}
	if (out != stdout && isatty(STDERR_FILENO))
		fprintf(stderr, "%llu records written to %s\n",
		    (unsigned long long)done, eo.output);
	rc = CTL_OK;
done:
	if (out != stdout && out != NULL && fclose(out) != 0 && rc == CTL_OK) {
		ctl_warn("%s: %s", eo.output, strerror(errno));
		rc = CTL_IO;
	}
	json_decref(node);
	ctl_free(&c);
	return rc;
}
