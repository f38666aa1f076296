/*
 * ctl_data: `nordfedctl export`, and the organisation columns that
 * import (tools/ctl_import.c) reads and export writes (docs/operations.md,
 * "Onboarding a register", "Exporting").
 *
 * export pages through the list API and writes JSON Lines (the record
 * form import reads back), CSV (the import columns) or a Popolo document.
 */
#include <ctype.h>
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "canon.h"
#include "ctl.h"
#include "entry.h"
#include "record.h"
#include "record_schema.h"


const char *const *
ctl_langs(void)
{
	return record_vocab_lang.words;
}

const char *const *
ctl_schemes(void)
{
	static const char *const none[] = { NULL };
	const struct record_vocab *v = record_vocab_find("identifier_scheme");

	return v != NULL ? v->words : none;
}

const char *const ctl_col_names[CTL_NPLAIN] = { "id", "name",
    "classification", "country", "municipality", "region", "region_code",
    "municipality_code", "focus_areas",
    "website", "founded", "lang", "other_names", "email", "phone",
    "address" };

/* ---- export ------------------------------------------------------------------------------ */

struct export_opts {
	const char *format, *output;
	char country[RECORD_ORIGIN_SIZE];
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
	const char *const *w;
	size_t i;

	for (i = 0; i < CTL_NPLAIN; i++)
		csv_cell(f, ctl_col_names[i], i == 0);
	for (w = ctl_langs(); *w != NULL; w++)
		fprintf(f, ",description_%s", *w);
	for (w = ctl_schemes(); *w != NULL; w++)
		fprintf(f, ",identifier_%s", *w);
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
	const char *plain[CTL_NPLAIN];
	char *focus = join_list(json_object_get(b, "focus_areas"), 0);
	char *other = join_list(json_object_get(b, "other_names"), 1);
	const char *const *w;
	size_t i, k;
	json_t *v;

	plain[CTL_COL_ID] = json_string_value(json_object_get(rec, "id"));
	plain[CTL_COL_NAME] = json_string_value(json_object_get(b, "name"));
	plain[CTL_COL_CLASS] = json_string_value(json_object_get(b,
	    "classification"));
	plain[CTL_COL_COUNTRY] = json_string_value(json_object_get(b, "country"));
	plain[CTL_COL_MUNI] = json_string_value(json_object_get(b, "municipality"));
	plain[CTL_COL_REGION] = json_string_value(json_object_get(b, "region"));
	plain[CTL_COL_REGION_CODE] = json_string_value(json_object_get(b,
	    "region_code"));
	plain[CTL_COL_MUNI_CODE] = json_string_value(json_object_get(b,
	    "municipality_code"));
	plain[CTL_COL_FOCUS] = focus;
	plain[CTL_COL_WEBSITE] = json_string_value(json_object_get(b, "website"));
	plain[CTL_COL_FOUNDED] = json_string_value(json_object_get(b, "founded"));
	plain[CTL_COL_LANG] = json_string_value(json_object_get(b, "lang"));
	plain[CTL_COL_OTHER] = other;
	plain[CTL_COL_EMAIL] = json_string_value(json_object_get(ct, "email"));
	plain[CTL_COL_PHONE] = json_string_value(json_object_get(ct, "phone"));
	plain[CTL_COL_ADDRESS] = json_string_value(json_object_get(ct, "address"));
	for (i = 0; i < CTL_NPLAIN; i++)
		csv_cell(f, plain[i], i == 0);
	for (w = ctl_langs(); *w != NULL; w++)
		csv_cell(f, json_string_value(json_object_get(json_object_get(b,
		    "description"), *w)), 0);
	for (w = ctl_schemes(); *w != NULL; w++) {
		const char *id = NULL;

		json_array_foreach(json_object_get(b, "identifiers"), k, v)
			if (json_string_value(json_object_get(v, "scheme")) &&
			    strcmp(json_string_value(json_object_get(v, "scheme")),
			    *w) == 0 && id == NULL)
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

/* One export in progress: where and in which format, the type of the
 * collection being read, whether an item was written yet. */
struct export_state {
	FILE *out;
	const char *format, *type;
	int first;
	uint64_t done;
	struct ctl_progress pr;
};

static int
export_item(void *arg, json_t *it)
{
	struct export_state *es = arg;
	FILE *out = es->out;

	if (strcmp(es->format, "jsonl") == 0) {
		json_t *r = json_pack("{s:O, s:s, s:O, s:O, s:O}", "id",
		    json_object_get(it, "id"), "type", es->type, "origin",
		    json_object_get(it, "origin"), "seq",
		    json_object_get(it, "seq"), "body",
		    json_object_get(it, "body"));
		char *t;
		size_t tl;

		if (r != NULL && canon_dump(r, &t, &tl, NULL) == 0) {
			fwrite(t, 1, tl, out);
			fputc('\n', out);
			free(t);
		}
		json_decref(r);
	} else if (strcmp(es->format, "csv") == 0) {
		csv_org(out, it);
	} else {
		json_t *p = popolo_org(it);
		char *t = json_dumps(p, JSON_COMPACT | JSON_PRESERVE_ORDER);

		if (t != NULL) {
			fputs(es->first ? "\n" : ",\n", out);
			fputs(t, out);
			free(t);
			es->first = 0;
		}
		json_decref(p);
	}
	es->done++;
	return CTL_OK;
}

static void
export_page(void *arg)
{
	struct export_state *es = arg;

	ctl_progress(&es->pr, es->done, 0);
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
	struct export_state es = { NULL, NULL, NULL, 1, 0, { 0 } };
	json_t *node = NULL, *counts;
	FILE *out = stdout;
	uint64_t total = 0;
	size_t i, ncoll;
	int rc;

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
	es.out = out;
	es.format = eo.format;
	ctl_progress_start(&es.pr, "records", total);
	if (strcmp(eo.format, "csv") == 0)
		csv_header_out(out);
	else if (strcmp(eo.format, "popolo") == 0)
		fputs("{\"organizations\":[", out);
	for (i = 0; i < ncoll; i++) {
		char path[160];

		snprintf(path, sizeof(path), "/api/v1/%s%s%s", colls[i].path,
		    eo.country[0] ? "?country=" : "", eo.country);
		es.type = colls[i].type;
		if ((rc = ctl_pages(&c, path, export_item, export_page, &es)) !=
		    CTL_OK)
			goto done;
	}
	if (strcmp(eo.format, "popolo") == 0)
		fputs("\n]}\n", out);
	ctl_progress(&es.pr, es.done, 1);
	if (fflush(out) != 0 || ferror(out)) {
		ctl_warn("writing %s: %s", eo.output ? eo.output : "the output",
		    strerror(errno));
		rc = CTL_IO;
		goto done;
	}
	if (out != stdout && isatty(STDERR_FILENO))
		fprintf(stderr, "%llu records written to %s\n",
		    (unsigned long long)es.done, eo.output);
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
