/*
 * ctl_import: `nordfedctl import`, a country's organisation register
 * into its node through the write API (docs/operations.md, "Onboarding
 * a register").
 *
 * The file (CSV with a header row, or JSON Lines) is read twice, as a
 * stream, never whole: the first pass turns every row into an
 * organisation body and validates it locally with the protocol library,
 * as the node will (record_validate with the node's country as origin);
 * one bad row refuses the whole file, and every bad row is reported with
 * its line and field. Only then does the second pass read it again and
 * write the rows in batches, POST /api/v1/batch, each batch one signed
 * and committed group on the node, several batches in flight (libcurl
 * multi). Standard input is spooled to a temporary file for the second
 * pass. A row without an id gets one derived from its register
 * identifier (else its name and municipality), so running the same
 * import again updates the same records; the node answers "unchanged"
 * for a row whose record already holds the same body, and writes
 * nothing for it.
 *
 * Memory does not grow with the file: a chunk of it, one row, the
 * batches in flight (at most IMPORT_BATCH_BYTES each) and the first
 * IMPORT_BAD_MAX bad rows for the report; only the duplicate check keeps
 * 8 bytes a row (a 64-bit fingerprint of each row's id). A dry run also
 * reads what the node holds (an id and a hash per organisation of the
 * node) to say what would be created, updated or left unchanged.
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
#include "ctl_import.h"
#include "entry.h"
#include "record.h"

/* ---- bad rows ----------------------------------------------------------- */

struct bad *
ctl_imp_bad_add(struct report *rp, size_t line, const char *field, const char *column,
    const char *code, const char *msg)
{
	static struct bad sink;
	struct bad *b = &sink;
	size_t k;

	rp->total++;
	for (k = 0; k < rp->nsum; k++)
		if (strcmp(rp->sum[k].column, column ? column : "") == 0 &&
		    strcmp(rp->sum[k].code, code ? code : "bad_value") == 0)
			break;
	if (k == rp->nsum && rp->nsum < sizeof(rp->sum) / sizeof(rp->sum[0])) {
		snprintf(rp->sum[k].column, sizeof(rp->sum[k].column), "%s",
		    column ? column : "");
		snprintf(rp->sum[k].code, sizeof(rp->sum[k].code), "%s",
		    code ? code : "bad_value");
		rp->sum[k].n = 0;
		rp->sum[k].first = line;
		rp->nsum++;
	}
	if (k < rp->nsum)
		rp->sum[k].n++;
	if (rp->nbad < IMPORT_BAD_MAX) {
		if (rp->nbad == rp->cap) {
			size_t cap = rp->cap ? rp->cap * 2 : 64;
			struct bad *q = realloc(rp->bad, cap * sizeof(*q));

			if (q != NULL) {
				rp->bad = q;
				rp->cap = cap;
			}
		}
		if (rp->nbad < rp->cap)
			b = &rp->bad[rp->nbad++];
	}
	memset(b, 0, sizeof(*b));
	b->line = line;
	snprintf(b->field, sizeof(b->field), "%s", field ? field : "");
	snprintf(b->column, sizeof(b->column), "%s", column ? column : "");
	snprintf(b->code, sizeof(b->code), "%s", code ? code : "bad_value");
	snprintf(b->msg, sizeof(b->msg), "%s", msg ? msg : "");
	return b;
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

/* ---- sets: the node's organisations, the rows' fingerprints -------------------- */

static uint64_t
id_hash(const char *s)
{
	uint64_t h = 1469598103934665603ULL;

	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ULL;
	return h;
}

struct idslot *
ctl_imp_idset_find(struct idset *set, const char *id, int add)
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

/* The line of an earlier row with the same id, 0 if none (this one is
 * added), or SIZE_MAX when out of memory. */
static size_t
fpset_add(struct fpset *set, const char *id, size_t line)
{
	uint64_t fp;
	size_t i;

	crypto_generichash((unsigned char *)&fp, sizeof(fp),
	    (const unsigned char *)id, strlen(id), NULL, 0);
	if (fp == 0)
		fp = 1;
	if ((set->n + 1) * 2 > set->cap) {
		struct fpset big = { NULL, set->cap ? set->cap * 2 : 4096, 0 };

		if ((big.s = calloc(big.cap, sizeof(*big.s))) == NULL)
			return SIZE_MAX;
		for (i = 0; i < set->cap; i++)
			if (set->s[i].fp != 0) {
				size_t j = set->s[i].fp & (big.cap - 1);

				while (big.s[j].fp != 0)
					j = (j + 1) & (big.cap - 1);
				big.s[j] = set->s[i];
			}
		big.n = set->n;
		free(set->s);
		*set = big;
	}
	for (i = fp & (set->cap - 1); set->s[i].fp != 0; i = (i + 1) &
	    (set->cap - 1))
		if (set->s[i].fp == fp)
			return set->s[i].line;
	set->s[i].fp = fp;
	set->s[i].line = line;
	set->n++;
	return 0;
}

/* ---- reading the file, a chunk at a time ---------------------------------------- */

int
ctl_imp_src_fill(struct src *s)
{
	if (s->pos < s->len)
		return 1;
	if (s->eof)
		return 0;
	s->pos = 0;
	s->len = fread(s->buf, 1, IMPORT_CHUNK, s->f);
	if (s->len == 0) {
		s->eof = 1;
		s->err = ferror(s->f);
		return 0;
	}
	if (s->spool != NULL && fwrite(s->buf, 1, s->len, s->spool) != s->len)
		s->err = 1;
	s->bytes += s->len;
	return 1;
}

/* The next byte, or -1 at the end. */
int
ctl_imp_src_getc(struct src *s)
{
	if (!ctl_imp_src_fill(s))
		return -1;
	return (unsigned char)s->buf[s->pos++];
}

int
ctl_imp_src_peek(struct src *s)
{
	if (!ctl_imp_src_fill(s))
		return -1;
	return (unsigned char)s->buf[s->pos];
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

/* ---- the two passes ----------------------------------------------------------------- */

/*
 * One row: body (owned: released here) as an organisation of origin with
 * id (NULL: derive one). Pass 1 validates it and checks for duplicates,
 * pass 2 hands its canonical form to the sender.
 */
void
ctl_imp_take_row(struct pass *ps, size_t line, const char *id, json_t *body)
{
	char rid[RECORD_ID_MAX], col[128], m[200];
	struct nferr err;
	char *text = NULL;
	size_t tl, dup;

	nferr_clear(&err);
	if (id != NULL && strlen(id) >= RECORD_ID_MAX) {
		if (!ps->write)
			ctl_imp_bad_add(&ps->rp, line, "", ps->csv ? "id" : "/id",
			    "bad_id", "the id is too long");
		goto out;
	}
	if (id == NULL || *id == '\0')
		derive_id(ps->origin, body, rid);
	else
		snprintf(rid, sizeof(rid), "%s", id);
	if (!ps->write &&
	    record_validate(REC_ORGANISATION, rid, ps->origin, body, &err) != 0) {
		const json_t *v = err.field[0] ? pointer_get(body, err.field) :
		    NULL;
		struct bad *b;

		if (ps->csv)
			column_of(err.field, body, col, sizeof(col));
		else
			snprintf(col, sizeof(col), "%s", err.field[0] ? err.field :
			    "/id");
		b = ctl_imp_bad_add(&ps->rp, line, err.field, col, err.code, err.msg);
		if (json_is_string(v))
			snprintf(b->value, sizeof(b->value), "%s",
			    json_string_value(v));
		goto out;
	}
	if (canon_dump(body, &text, &tl, &err) != 0) {
		if (!ps->write)
			ctl_imp_bad_add(&ps->rp, line, err.field, ps->csv ? "" : err.field,
			    err.code, err.msg);
		goto out;
	}
	if (ps->write) {
		ctl_imp_sender_row(ps->snd, line, rid, text, tl);
		goto out;
	}
	if ((dup = fpset_add(&ps->seen, rid, line)) == SIZE_MAX) {
		ctl_imp_bad_add(&ps->rp, line, "", "", "internal", "out of memory");
		goto out;
	}
	if (dup != 0) {
		snprintf(m, sizeof(m), "the same record (%s) as line %zu: a "
		    "register row appears twice, or two rows share an "
		    "identifier", rid, dup);
		ctl_imp_bad_add(&ps->rp, line, "", ps->csv ? "id" : "/id", "duplicate", m);
		goto out;
	}
	ps->rows++;
	if (ps->have != NULL) {
		struct idslot *s = ctl_imp_idset_find(ps->have, rid, 0);
		unsigned char h[32];

		crypto_generichash(h, sizeof(h), (unsigned char *)text, tl,
		    NULL, 0);
		if (s != NULL && memcmp(s->hash, h, sizeof(h)) == 0)
			ps->unchanged++;
		else if (s != NULL)
			ps->would_update++;
	}
out:
	free(text);
	json_decref(body);
}

/* ---- JSON Lines ------------------------------------------------------------------- */

/* The next line into b (emptied first; b->max bounds it): its length,
 * or -1 at the end; *big when it was longer (the rest is skipped). */
static long
read_line(struct src *s, struct nfbuf *b, int *big)
{
	int ch, any = 0;

	*big = 0;
	nfbuf_reset(b);
	while ((ch = ctl_imp_src_getc(s)) != -1) {
		any = 1;
		if (ch == '\n')
			break;
		if (!*big && nfbuf_addc(b, (char)ch) != 0)
			*big = 1;
	}
	if (!any)
		return -1;
	return (long)b->len;
}

static void
parse_jsonl(struct src *s, struct pass *ps)
{
	struct nfbuf lb = NFBUF_INIT(IMPORT_RECORD_MAX - 2);
	char *buf;
	size_t line = 0;
	long l;
	int big;

	while (!ctl_imp_stopped(ps) && (l = read_line(s, &lb, &big)) >= 0) {
		json_t *o = NULL, *body;
		const char *id = NULL, *type;
		struct nferr err;
		long k;

		line++;
		if (big) {
			if (!ps->write)
				ctl_imp_bad_add(&ps->rp, line, "", "", "too_large",
				    "the line is longer than 1 MiB");
			continue;
		}
		buf = lb.p;     /* NULL only for an empty line */
		for (k = 0; k < l && isspace((unsigned char)buf[k]); k++)
			;
		if (k == l)
			continue;
		if (canon_parse(buf, (size_t)l, NULL, &o, &err) != 0) {
			if (!ps->write)
				ctl_imp_bad_add(&ps->rp, line, err.field, err.field,
				    err.code, err.msg);
			continue;
		}
		if (!json_is_object(o)) {
			if (!ps->write)
				ctl_imp_bad_add(&ps->rp, line, "", "", "bad_type", "a line "
				    "is one JSON object: an organisation");
			json_decref(o);
			continue;
		}
		if (json_object_get(o, "id") != NULL &&
		    !json_is_string(json_object_get(o, "id"))) {
			if (!ps->write)
				ctl_imp_bad_add(&ps->rp, line, "/id", "/id", "bad_id",
				    "id is a string");
			json_decref(o);
			continue;
		}
		if (json_is_object(json_object_get(o, "body"))) {
			/* the record form export writes */
			type = json_string_value(json_object_get(o, "type"));
			if (type != NULL && strcmp(type, "organisation") != 0) {
				if (!ps->write)
					ctl_imp_bad_add(&ps->rp, line, "/type", "/type",
					    "bad_type", "only organisations are "
					    "imported");
				json_decref(o);
				continue;
			}
			body = json_incref(json_object_get(o, "body"));
		} else {
			body = json_deep_copy(o);
			json_object_del(body, "id");
		}
		id = json_string_value(json_object_get(o, "id"));
		ctl_imp_take_row(ps, line, id, body);
		json_decref(o);
	}
	nfbuf_free(&lb);
}

int
ctl_imp_stopped(const struct pass *ps)
{
	return ps->write && ps->snd != NULL && ps->snd->stopped;
}

/* ---- the command ----------------------------------------------------------------- */

struct import_opts {
	int dry_run;
	const char *format;
	uint64_t jobs;
	char country[RECORD_ORIGIN_SIZE];
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

/* Every bad row kept, then (when there are many) how many per column. */
static void
print_bad(const struct ctl *c, const struct report *rp)
{
	size_t i, k;

	for (i = 0; i < rp->nbad; i++)
		printf("  line %zu%s%s: %s%s%s%s%s%s (%s)\n", rp->bad[i].line,
		    rp->bad[i].column[0] ? ", " : "", rp->bad[i].column,
		    ctl_c(c, "red"), rp->bad[i].msg, ctl_c(c, "off"),
		    rp->bad[i].value[0] ? " [got \"" : "", rp->bad[i].value,
		    rp->bad[i].value[0] ? "\"]" : "", rp->bad[i].code);
	if (rp->total > rp->nbad)
		printf("  ... and %llu more\n",
		    (unsigned long long)(rp->total - rp->nbad));
	if (rp->total <= 10)
		return;
	printf("bad rows by column:\n");
	for (k = 0; k < rp->nsum; k++)
		printf("  %-24s %-16s %zu rows, the first on line %zu\n",
		    rp->sum[k].column[0] ? rp->sum[k].column : "(the row)",
		    rp->sum[k].code, rp->sum[k].n, rp->sum[k].first);
}

/* A pass over the file: from the start, or (stdin) from the spool. */
static void
run_pass(struct src *s, const char *fmt, char delim, struct pass *ps)
{
	if (strcmp(fmt, "csv") == 0)
		ctl_imp_parse_csv(s, delim, ps);
	else
		parse_jsonl(s, ps);
}

static int
src_open(struct src *s, const char *path, int spool)
{
	memset(s, 0, sizeof(*s));
	if ((s->buf = malloc(IMPORT_CHUNK)) == NULL)
		return -1;
	if (strcmp(path, "-") == 0) {
		s->f = stdin;
		if (spool && (s->spool = tmpfile()) == NULL)
			return -1;
		return 0;
	}
	return (s->f = fopen(path, "rb")) == NULL ? -1 : 0;
}

/* Back to the start for the second pass (stdin: its spool). */
static int
src_rewind(struct src *s)
{
	if (s->spool != NULL) {
		if (fflush(s->spool) != 0 || s->err)
			return -1;
		rewind(s->spool);
		s->f = s->spool;
		s->spool = NULL;
	} else {
		rewind(s->f);
	}
	s->pos = s->len = 0;
	s->eof = s->err = 0;
	s->bytes = 0;
	return 0;
}

static void
src_close(struct src *s)
{
	if (s->f != NULL && s->f != stdin)
		fclose(s->f);
	if (s->spool != NULL)
		fclose(s->spool);
	free(s->buf);
	memset(s, 0, sizeof(*s));
}

/* The format: --format, else the name, else the first character. */
static const char *
guess_format(const char *given, const char *path, struct src *s)
{
	size_t pl = strlen(path), k;

	if (given != NULL)
		return given;
	if (pl > 4 && strcasecmp(path + pl - 4, ".csv") == 0)
		return "csv";
	if ((pl > 6 && strcasecmp(path + pl - 6, ".jsonl") == 0) ||
	    (pl > 7 && strcasecmp(path + pl - 7, ".ndjson") == 0))
		return "jsonl";
	ctl_imp_src_fill(s);
	for (k = s->pos; k < s->len && isspace((unsigned char)s->buf[k]); k++)
		;
	return k < s->len && s->buf[k] == '{' ? "jsonl" : "csv";
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
	struct pass ps;
	struct src s;
	struct idset have = { 0 };
	struct ctl_progress pr;
	struct sender sd;
	json_t *node = NULL;
	const char *path, *fmt;
	int rc, sd_ok = 0;
	int64_t t0, t_read = 0;

	memset(&ps, 0, sizeof(ps));
	memset(&s, 0, sizeof(s));
	memset(&sd, 0, sizeof(sd));
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
	if (src_open(&s, path, !io.dry_run) != 0) {
		ctl_warn("%s: %s", path, strerror(errno));
		rc = CTL_IO;
		goto done;
	}
	fmt = guess_format(io.format, path, &s);
	/* a dry run says what would be created, updated or left alone */
	if (io.dry_run && node != NULL) {
		uint64_t held = (uint64_t)json_integer_value(json_object_get(
		    json_object_get(json_object_get(json_object_get(node,
		    "counts"), "countries"), io.country), "organisation"));

		if ((rc = ctl_imp_fetch_existing(&c, io.country, held, &have)) != CTL_OK)
			goto done;
		ps.have = &have;
	}
	/* pass 1: read and check every row */
	t0 = ctl_mono_ms();
	ps.origin = io.country;
	ps.csv = strcmp(fmt, "csv") == 0;
	run_pass(&s, fmt, io.delim, &ps);
	if (s.err) {
		ctl_warn("%s: %s", path, "the file cannot be read");
		rc = CTL_IO;
		goto done;
	}
	if (ps.rp.nbad > 1)
		qsort(ps.rp.bad, ps.rp.nbad, sizeof(*ps.rp.bad), cmp_bad);
	if (ps.rp.total > 0) {
		if (c.json) {
			ctl_print_json(json_pack("{s:b, s:s, s:s, s:b, s:I, s:I, s:o, "
			    "s:b, s:b}", "ok", 0, "file", path, "format", fmt,
			    "dry_run", io.dry_run, "rows", (json_int_t)(ps.rows +
			    ps.rp.total), "bad_rows", (json_int_t)ps.rp.total, "bad",
			    bad_json(ps.rp.bad, ps.rp.nbad), "bad_complete",
			    ps.rp.total == ps.rp.nbad, "written", 0));
		} else {
			printf("%s: %llu of %llu rows are bad; the file is refused "
			    "whole and nothing was written:\n", path,
			    (unsigned long long)ps.rp.total,
			    (unsigned long long)(ps.rows + ps.rp.total));
			print_bad(&c, &ps.rp);
		}
		rc = CTL_NOTOK;
		goto done;
	}
	if (io.dry_run) {
		uint64_t create = ps.rows - ps.unchanged - ps.would_update;

		if (c.json)
			ctl_print_json(json_pack("{s:b, s:s, s:s, s:b, s:I, s:I, s:o, "
			    "s:o, s:o, s:o}", "ok", 1, "file", path, "format", fmt,
			    "dry_run", 1, "rows", (json_int_t)ps.rows, "bad_rows",
			    (json_int_t)0, "bad", json_array(), "would_create",
			    node ? json_integer((json_int_t)create) : json_null(),
			    "would_update", node ? json_integer(
			    (json_int_t)ps.would_update) : json_null(),
			    "unchanged", node ? json_integer(
			    (json_int_t)ps.unchanged) : json_null()));
		else if (node != NULL)
			printf("%s: all %llu rows are valid (dry run: nothing "
			    "written); %llu would be created, %llu updated, %llu "
			    "are unchanged\n", path, (unsigned long long)ps.rows,
			    (unsigned long long)create,
			    (unsigned long long)ps.would_update,
			    (unsigned long long)ps.unchanged);
		else
			printf("%s: all %llu rows are valid (dry run: nothing "
			    "written)\n", path, (unsigned long long)ps.rows);
		rc = CTL_OK;
		goto done;
	}
	t_read = ctl_mono_ms() - t0;
	/* pass 2: read again and write, in batches */
	if (src_rewind(&s) != 0) {
		ctl_warn("%s: cannot read it a second time", path);
		rc = CTL_IO;
		goto done;
	}
	t0 = ctl_mono_ms();
	ctl_progress_start(&pr, "rows", ps.rows);
	if (ctl_imp_sender_init(&sd, &c, (size_t)io.jobs, &pr) != 0) {
		ctl_warn("out of memory");
		rc = CTL_IO;
		goto done;
	}
	sd_ok = 1;
	ps.write = 1;
	ps.snd = &sd;
	run_pass(&s, fmt, io.delim, &ps);
	ctl_imp_sender_drain(&sd);
	ctl_progress(&pr, sd.done, 1);
	if (sd.fail.nbad > 1)
		qsort(sd.fail.bad, sd.fail.nbad, sizeof(*sd.fail.bad), cmp_bad);
	{
		double secs = (double)(ctl_mono_ms() - t0) / 1000.0;
		uint64_t sent = sd.created + sd.updated;

		if (c.json) {
			ctl_print_json(json_pack("{s:b, s:s, s:s, s:b, s:I, s:I, s:I, "
			    "s:I, s:I, s:o, s:b, s:s?, s:f, s:f}", "ok", sd.failed ==
			    0 && !sd.stopped, "file", path, "format", fmt,
			    "dry_run", 0, "rows", (json_int_t)ps.rows, "created",
			    (json_int_t)sd.created, "updated", (json_int_t)sd.updated,
			    "unchanged", (json_int_t)sd.unchanged, "failed",
			    (json_int_t)sd.failed, "failures", bad_json(sd.fail.bad,
			    sd.fail.nbad), "stopped", sd.stopped, "stop_reason",
			    sd.stopped ? sd.stop_why : NULL, "seconds", secs,
			    "read_seconds", (double)t_read / 1000.0));
		} else {
			printf("%s: %llu rows: %llu created, %llu updated, %llu "
			    "unchanged, %llu refused by the node; written in "
			    "%.1fs (%.0f rows/s)\n", path,
			    (unsigned long long)ps.rows,
			    (unsigned long long)sd.created,
			    (unsigned long long)sd.updated,
			    (unsigned long long)sd.unchanged,
			    (unsigned long long)sd.failed, secs,
			    secs > 0 ? (double)sent / secs : 0.0);
			print_bad(&c, &sd.fail);
			if (sd.stopped)
				printf("%sstopped: %s%s\nrun the same import again: "
				    "rows already written are unchanged\n",
				    ctl_c(&c, "red"), sd.stop_why, ctl_c(&c, "off"));
		}
	}
	rc = sd.failed || sd.stopped ? CTL_NOTOK : CTL_OK;
	if (sd.stopped && sd.created + sd.updated + sd.unchanged == 0)
		rc = CTL_IO;
done:
	if (sd_ok)
		ctl_imp_sender_free(&sd);
	src_close(&s);
	free(ps.rp.bad);
	free(ps.seen.s);
	idset_free(&have);
	json_decref(node);
	ctl_free(&c);
	return rc;
}

