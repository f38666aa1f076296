/*
 * api_stats: GET /api/v1/stats, the mapping's counts as the store
 * computes them (node/store_stats.c; docs/openapi.yaml, docs/web.md):
 * the tables as JSON, or one table as CSV (?format=csv or Accept:
 * text/csv, with ?table=).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api_int.h"
#include "problem.h"
#include "record_places.h"

/* A filter value that is a word of vocabulary vocab: 0, else -1 (answered). */
static int
word_param(struct http_req *r, const char *name, const char *vocab,
    const char **out)
{
	const char *v = http_query(r, name);

	*out = v;
	if (v != NULL && !record_vocab_valid(vocab, v))
		return problem_send(r, "bad_parameter", name,
		    "%s must be a word of the schema's vocabulary %s", name,
		    vocab);
	return 0;
}

/* A filter value that is an id of type t. */
static int
id_param(struct http_req *r, const char *name, enum record_type t,
    const char **out)
{
	const char *v = http_query(r, name);
	char o[RECORD_ORIGIN_SIZE];
	enum record_type got;

	*out = v;
	if (v != NULL && (record_id_parse(v, o, &got, NULL) != 0 || got != t))
		return problem_send(r, "bad_parameter", name,
		    "%s must be a %s id", name, record_type_name(t));
	return 0;
}

/* One CSV field (RFC 4180): quoted when it holds , " CR or LF. */
static int
csv_field(struct nfbuf *b, const json_t *v)
{
	char num[32];
	const char *s;
	size_t i;

	if (json_is_integer(v)) {
		snprintf(num, sizeof(num), "%lld",
		    (long long)json_integer_value(v));
		return nfbuf_add(b, num, strlen(num));
	}
	if ((s = json_string_value(v)) == NULL)
		return 0;
	if (strpbrk(s, ",\"\r\n") == NULL)
		return nfbuf_add(b, s, strlen(s));
	if (nfbuf_add(b, "\"", 1) != 0)
		return -1;
	for (i = 0; s[i]; i++)
		if ((s[i] == '"' && nfbuf_add(b, "\"", 1) != 0) ||
		    nfbuf_add(b, s + i, 1) != 0)
			return -1;
	return nfbuf_add(b, "\"", 1);
}

static int
csv_row(struct nfbuf *b, const json_t *row)
{
	const json_t *v;
	size_t i;

	json_array_foreach(row, i, v)
		if ((i > 0 && nfbuf_add(b, ",", 1) != 0) || csv_field(b, v) != 0)
			return -1;
	return nfbuf_add(b, "\r\n", 2);
}

static void
reply_csv(struct http_req *r, const json_t *table)
{
	struct nfbuf b = NFBUF_INIT(0);
	struct evbuffer *e;
	const json_t *row;
	size_t i;
	int rc = csv_row(&b, json_object_get(table, "columns"));

	json_array_foreach(json_object_get(table, "rows"), i, row)
		rc |= csv_row(&b, row);
	if (rc != 0 || (e = evbuffer_new()) == NULL ||
	    evbuffer_add(e, b.p ? b.p : "", b.len) != 0) {
		free(b.p);
		problem_send(r, "internal", NULL, "out of memory");
		return;
	}
	free(b.p);
	http_reply(r, 200, "text/csv; charset=utf-8; header=present", e);
	evbuffer_free(e);
}

void
api_stats(struct http_req *r, void *arg)
{
	struct node *n = arg;
	struct store_stats_filter f;
	const char *table = http_query(r, "table"), *fmt = http_query(r,
	    "format"), *accept = http_header(r, "Accept"), *v;
	unsigned which = 0, cols = 0;
	int csv, i, k;
	struct nferr err;
	json_t *out = NULL;

	memset(&f, 0, sizeof(f));
	if (fmt != NULL && strcmp(fmt, "csv") != 0 && strcmp(fmt, "json") != 0) {
		problem_send(r, "bad_parameter", "format",
		    "format is json or csv");
		return;
	}
	csv = fmt ? strcmp(fmt, "csv") == 0 :
	    accept != NULL && strstr(accept, "text/csv") != NULL;
	for (i = 0; table != NULL && i < STORE_STATS__COUNT; i++)
		if (strcmp(table, store_stats_name(i)) == 0)
			which = 1u << i;
	if (table != NULL && which == 0) {
		problem_send(r, "bad_parameter", "table", "table is one of "
		    "organisations, collaborations, network_members");
		return;
	}
	if (csv && which == 0) {
		problem_send(r, "bad_parameter", "table", "CSV is one table: "
		    "give table (organisations, collaborations, "
		    "network_members)");
		return;
	}
	if ((v = http_query(r, "by")) != NULL) {
		char name[64];
		size_t len;

		if (which == 0) {
			problem_send(r, "bad_parameter", "by", "by groups one "
			    "table: give table too");
			return;
		}
		for (k = 0; which != (1u << k); k++)
			;
		while (*v) {
			len = strcspn(v, ",");
			snprintf(name, sizeof(name), "%.*s", (int)(len < 63 ?
			    len : 63), v);
			if ((i = store_stats_column(k, name)) < 0 || len > 63) {
				problem_send(r, "bad_parameter", "by", "by is a "
				    "comma-separated list of the %s table's "
				    "columns", table);
				return;
			}
			cols |= 1u << i;
			v += len + (v[len] == ',');
		}
		if (cols == 0) {
			problem_send(r, "bad_parameter", "by", "by names at "
			    "least one column");
			return;
		}
	}
	if (which == 0)
		which = (1u << STORE_STATS__COUNT) - 1;
	if ((v = http_query(r, "country")) != NULL) {
		if (!record_origin_valid(v)) {
			problem_send(r, "bad_parameter", "country",
			    "country must be one of SE NO DK FI IS GL FO AX");
			return;
		}
		f.country = v;
	}
	if ((v = http_query(r, "region")) != NULL) {
		if (record_region_find(v) == NULL) {
			problem_send(r, "bad_parameter", "region", "region must "
			    "be an ISO 3166-2 region code such as SE-BD");
			return;
		}
		f.region = v;
	}
	if (word_param(r, "type", "classification", &f.classification) ||
	    word_param(r, "area", "focus_area", &f.area) ||
	    word_param(r, "form", "collaboration_form", &f.form) ||
	    word_param(r, "level", "collaboration_level", &f.level) ||
	    id_param(r, "public_body", REC_ORGANISATION, &f.public_body) ||
	    id_param(r, "network", REC_NETWORK, &f.network))
		return;
	if (store_stats(n->store, &f, which, cols, &out, &err) != 0) {
		problem_reply(r, &err);
		return;
	}
	if (!csv) {
		http_reply_json(r, 200, out);
		return;
	}
	reply_csv(r, json_object_get(out, table));
	json_decref(out);
}
