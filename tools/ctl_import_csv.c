/*
 * ctl_import_csv: the CSV side of `nordfedctl import` (docs/operations.md,
 * "CSV columns"): records from the file through the CSV reader (ctl_csv.c:
 * RFC 4180 quoting, a record at most IMPORT_RECORD_MAX bytes), the header
 * mapped to the columns, each record into an organisation body for
 * ctl_imp_take_row.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "ctl.h"
#include "ctl_csv.h"
#include "ctl_import.h"
#include "record.h"

/* ---- CSV ---------------------------------------------------------------------------- */

struct col {
	enum ctl_col kind;
	const char *arg;                /* language or scheme */
};

/* struct src as the CSV reader's input */
static int
src_get(void *arg)
{
	return ctl_imp_src_getc(arg);
}

static int
src_peek(void *arg)
{
	return ctl_imp_src_peek(arg);
}

static int
src_error(void *arg)
{
	return ((struct src *)arg)->err;
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
csv_header(struct ctl_csv *c, struct col *cols, struct report *rp)
{
	const char *const *w;
	size_t i, j, k;
	char m[200];

	for (i = 0; i < c->nf; i++) {
		char *h = cell_trim(c->f[i]);
		int found = 0;

		for (j = 0; j < CTL_NPLAIN && !found; j++)
			if (strcasecmp(h, ctl_col_names[j]) == 0) {
				cols[i].kind = (enum ctl_col)j;
				found = 1;
			}
		for (w = ctl_langs(); *w != NULL && !found; w++)
			if (strncasecmp(h, "description_", 12) == 0 &&
			    strcasecmp(h + 12, *w) == 0) {
				cols[i].kind = CTL_COL_DESC;
				cols[i].arg = *w;
				found = 1;
			}
		for (w = ctl_schemes(); *w != NULL && !found; w++)
			if (strncasecmp(h, "identifier_", 11) == 0 &&
			    strcasecmp(h + 11, *w) == 0) {
				cols[i].kind = CTL_COL_IDENT;
				cols[i].arg = *w;
				found = 1;
			}
		if (!found) {
			snprintf(m, sizeof(m), "unknown column \"%.60s\" (see "
			    "docs/operations.md for the columns)", h);
			ctl_imp_bad_add(rp, 1, "", h, "unknown_column", m);
			return -1;
		}
		for (k = 0; k < i; k++)
			if (cols[k].kind == cols[i].kind && cols[k].arg ==
			    cols[i].arg) {
				snprintf(m, sizeof(m), "column \"%.60s\" twice", h);
				ctl_imp_bad_add(rp, 1, "", h, "duplicate_column", m);
				return -1;
			}
	}
	for (j = CTL_COL_NAME; j <= CTL_COL_CLASS; j++) {
		for (i = 0; i < c->nf; i++)
			if (cols[i].kind == (enum ctl_col)j)
				break;
		if (i == c->nf) {
			snprintf(m, sizeof(m), "the header has no \"%s\" column",
			    ctl_col_names[j]);
			ctl_imp_bad_add(rp, 1, "", ctl_col_names[j], "missing_column", m);
			return -1;
		}
	}
	return 0;
}

/* The organisation body of one CSV record (a new reference); *id points
 * into the record's cells. NULL after reporting why (pass 1). */
static json_t *
csv_body(struct ctl_csv *c, const struct col *cols, struct pass *ps, size_t line,
    const char **id)
{
	json_t *body = json_object(), *desc = json_object(), *ids = json_array();
	json_t *contact = json_object();
	size_t i;

	*id = NULL;
	for (i = 0; i < c->nf; i++) {
		char *v = cell_trim(c->f[i]);

		if (*v == '\0')
			continue;
		switch (cols[i].kind) {
		case CTL_COL_ID: *id = v; break;
		case CTL_COL_NAME: json_object_set_new(body, "name",
		    json_string(v)); break;
		case CTL_COL_CLASS:
			lower(v);
			json_object_set_new(body, "classification",
			    json_string(v));
			break;
		case CTL_COL_COUNTRY: {
			char cc[RECORD_ORIGIN_SIZE];

			if (ctl_origin(v, cc) == 0)
				json_object_set_new(body, "country",
				    json_string(cc));
			else
				json_object_set_new(body, "country",
				    json_string(v));
			break;
		}
		case CTL_COL_MUNI: json_object_set_new(body, "municipality",
		    json_string(v)); break;
		case CTL_COL_REGION: json_object_set_new(body, "region",
		    json_string(v)); break;
		case CTL_COL_REGION_CODE: json_object_set_new(body,
		    "region_code", json_string(v)); break;
		case CTL_COL_MUNI_CODE: json_object_set_new(body,
		    "municipality_code", json_string(v)); break;
		case CTL_COL_FOCUS: json_object_set_new(body, "focus_areas",
		    split_list(v, 1, 0)); break;
		case CTL_COL_WEBSITE: json_object_set_new(body, "website",
		    json_string(v)); break;
		case CTL_COL_FOUNDED: json_object_set_new(body, "founded",
		    json_string(v)); break;
		case CTL_COL_LANG:
			lower(v);
			json_object_set_new(body, "lang", json_string(v));
			break;
		case CTL_COL_OTHER: json_object_set_new(body, "other_names",
		    split_list(v, 0, 1)); break;
		case CTL_COL_EMAIL: json_object_set_new(contact, "email",
		    json_string(v)); break;
		case CTL_COL_PHONE: json_object_set_new(contact, "phone",
		    json_string(v)); break;
		case CTL_COL_ADDRESS: json_object_set_new(contact, "address",
		    json_string(v)); break;
		case CTL_COL_DESC: json_object_set_new(desc, cols[i].arg,
		    json_string(v)); break;
		case CTL_COL_IDENT: json_array_append_new(ids, json_pack(
		    "{s:s, s:s}", "scheme", cols[i].arg, "identifier",
		    v)); break;
		}
	}
	/* a cell that is not UTF-8 gave a NULL string above */
	if (json_object_get(body, "name") == NULL) {
		for (i = 0; i < c->nf; i++)
			if (cols[i].kind == CTL_COL_NAME && *cell_trim(c->f[i]))
				break;
		if (i < c->nf) {
			if (!ps->write)
				ctl_imp_bad_add(&ps->rp, line, "/name", "name",
				    "invalid_utf8", "the name is not UTF-8 text: "
				    "save the file as UTF-8");
			json_decref(body);
			body = NULL;
		}
	}
	if (body != NULL) {
		if (json_object_get(body, "country") == NULL)
			json_object_set_new(body, "country",
			    json_string(ps->origin));
		if (json_object_size(desc))
			json_object_set(body, "description", desc);
		if (json_array_size(ids))
			json_object_set(body, "identifiers", ids);
		if (json_object_size(contact))
			json_object_set(body, "contact", contact);
	}
	json_decref(desc);
	json_decref(ids);
	json_decref(contact);
	return body;
}

void
ctl_imp_parse_csv(struct src *s, char delim, struct pass *ps)
{
	struct ctl_csv c;
	struct col *cols = NULL;
	size_t ncols = 0, i;
	const char *why = NULL;
	int rc;

	ctl_csv_init(&c, src_get, src_peek, src_error, s, delim,
	    IMPORT_RECORD_MAX, IMPORT_CELLS_MAX);
	if (delim == 0) {
		/* the header line decides: ',' unless it has only ';' */
		size_t k;

		ctl_imp_src_fill(s);
		c.delim = ',';
		for (k = s->pos; k < s->len && s->buf[k] != '\n'; k++)
			if (s->buf[k] == ',')
				break;
		if (k == s->len || s->buf[k] == '\n') {
			for (k = s->pos; k < s->len && s->buf[k] != '\n'; k++)
				if (s->buf[k] == ';') {
					c.delim = ';';
					break;
				}
		}
	}
	rc = ctl_csv_next(&c, &why);
	if (rc <= 0) {
		if (!ps->write)
			ctl_imp_bad_add(&ps->rp, 1, "", "", "empty", rc == 0 ? "the file is "
			    "empty: a CSV import starts with a header row" : why);
		goto out;
	}
	ncols = c.nf;
	if ((cols = calloc(ncols, sizeof(*cols))) == NULL ||
	    csv_header(&c, cols, &ps->rp) != 0)
		goto out;
	for (;;) {
		size_t line = c.line;
		const char *id;
		json_t *body;
		char m[120];
		int blank = 1;

		if (ctl_imp_stopped(ps) || (rc = ctl_csv_next(&c, &why)) == 0)
			break;
		if (rc < 0) {
			if (!ps->write)
				ctl_imp_bad_add(&ps->rp, line, "", "", "csv_syntax", why);
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
			if (!ps->write)
				ctl_imp_bad_add(&ps->rp, line, "", "", "csv_fields", m);
			continue;
		}
		if ((body = csv_body(&c, cols, ps, line, &id)) != NULL)
			ctl_imp_take_row(ps, line, id, body);
	}
out:
	ctl_csv_free(&c);
	free(cols);
}

