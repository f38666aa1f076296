/*
 * record: ids, type names and validation of the replicated record bodies
 * (record.h; docs/protocol.md, "Records").
 *
 * Each record type's field table (record_schema.c: name, kind, required,
 * bound, vocabulary) is checked by one walker; the few rules that tie
 * fields together (end after start, currency unless free, the
 * organisation's country) are one small function per type; the string
 * formats' own checks are record_format.c's. Pure: no I/O, no
 * allocation. Bodies are borrowed and never modified.
 */
#include <stdio.h>
#include <string.h>

#include "canon.h"
#include "record.h"
#include "record_places.h"
#include "record_schema.h"
#include "record_int.h"

#define PTR_MAX    128   /* == sizeof(((struct nferr *)0)->field) */
#define SCAN_DEPTH 32    /* real-number scan; deeper is unknown anyway */

_Static_assert(PTR_MAX == sizeof(((struct nferr *)0)->field),
    "PTR_MAX must match nferr.field");

const char *const record_origins[8] = {
	"SE", "NO", "DK", "FI", "IS", "GL", "FO", "AX"
};

static const char *const type_names[REC__COUNT] = {
	NULL, "organisation", "network", "membership", "membership_request",
	"meeting", "resource", "collaboration", "key"
};

static const char *const type_kinds[REC__COUNT] = {
	NULL, "org", "net", "mem", "mreq", "meet", "res", "collab", "key"
};

static const char crockford[] = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

static int
vocab_find(const char *const *vocab, const char *s)
{
	int i;

	if (s == NULL)
		return -1;
	for (i = 0; vocab[i] != NULL; i++)
		if (strcmp(vocab[i], s) == 0)
			return i;
	return -1;
}

static size_t
vocab_count(const char *const *vocab)
{
	size_t n = 0;

	while (vocab[n] != NULL)
		n++;
	return n;
}

/* "a, b, c" into out (truncated if it must be). */
static const char *
vocab_join(char *out, size_t size, const char *const *vocab)
{
	size_t n = 0;
	int i, w;

	out[0] = '\0';
	for (i = 0; vocab[i] != NULL && n < size; i++) {
		w = snprintf(out + n, size - n, "%s%s", i ? ", " : "",
		    vocab[i]);
		if (w < 0)
			break;
		n += (size_t)w;
	}
	return out;
}

/* ---- names ------------------------------------------------------------ */

int
record_origin_valid(const char *cc)
{
	size_t i;

	if (cc == NULL)
		return 0;
	for (i = 0; i < 8; i++)
		if (strcmp(record_origins[i], cc) == 0)
			return 1;
	return 0;
}

const char *
record_type_name(enum record_type t)
{
	return (t > REC_NONE && t < REC__COUNT) ? type_names[t] : NULL;
}

const char *
record_type_kind(enum record_type t)
{
	return (t > REC_NONE && t < REC__COUNT) ? type_kinds[t] : NULL;
}

enum record_type
record_type_from_name(const char *name)
{
	int t;

	for (t = REC_NONE + 1; name != NULL && t < REC__COUNT; t++)
		if (strcmp(type_names[t], name) == 0)
			return (enum record_type)t;
	return REC_NONE;
}

enum record_type
record_type_from_kind(const char *kind)
{
	int t;

	for (t = REC_NONE + 1; kind != NULL && t < REC__COUNT; t++)
		if (strcmp(type_kinds[t], kind) == 0)
			return (enum record_type)t;
	return REC_NONE;
}

int
record_lang_valid(const char *tag)
{
	return vocab_find(record_vocab_lang.words, tag) >= 0;
}

/* ---- ids -------------------------------------------------------------- */

/* NULL if id is well formed (filling origin and *type), else why not. */
static const char *
id_check(const char *id, char origin[3], enum record_type *type)
{
	const char *k, *u;
	char cc[3], kind[8];
	size_t i, n;

	if (id == NULL)
		return "id is missing";
	if (strlen(id) >= RECORD_ID_MAX)
		return "id is too long";
	k = strchr(id, ':');
	if (k == NULL || (u = strchr(k + 1, ':')) == NULL)
		return "id must have the form <cc>:<kind>:<ulid>";
	if (k - id != 2 || id[0] < 'a' || id[0] > 'z' || id[1] < 'a' ||
	    id[1] > 'z')
		return "id country must be two lower-case letters";
	cc[0] = (char)(id[0] - 'a' + 'A');
	cc[1] = (char)(id[1] - 'a' + 'A');
	cc[2] = '\0';
	if (!record_origin_valid(cc))
		return "id country must be one of se no dk fi is gl fo ax";
	n = (size_t)(u - k - 1);
	if (n == 0 || n >= sizeof(kind))
		return "id kind must be one of org net mem mreq meet res "
		    "collab key";
	memcpy(kind, k + 1, n);
	kind[n] = '\0';
	if (record_type_from_kind(kind) == REC_NONE)
		return "id kind must be one of org net mem mreq meet res "
		    "collab key";
	u++;
	if (strlen(u) != ULID_LEN)
		return "id ULID must be exactly 26 characters";
	for (i = 0; i < ULID_LEN; i++)
		if (u[i] == '\0' || strchr(crockford, u[i]) == NULL)
			return "id ULID must be upper-case Crockford base32 "
			    "(0-9 A-Z without I L O U)";
	if (u[0] > '7')
		return "id ULID must start with 0-7";
	if (origin != NULL)
		memcpy(origin, cc, 3);
	if (type != NULL)
		*type = record_type_from_kind(kind);
	return NULL;
}

int
record_id_parse(const char *id, char origin[3], enum record_type *type,
    struct nferr *err)
{
	const char *why = id_check(id, origin, type);

	if (why != NULL)
		return nferr_set(err, "bad_id", "", "%s", why);
	return 0;
}

void
record_id_make(char out[RECORD_ID_MAX], const char *origin,
    enum record_type t, uint64_t ms_time, const unsigned char rnd[10])
{
	char ulid[ULID_LEN + 1];
	uint64_t hi, lo;
	int i;

	out[0] = '\0';
	if (!record_origin_valid(origin) || record_type_kind(t) == NULL ||
	    ms_time >> 48 != 0 || rnd == NULL)
		return;
	for (i = 9; i >= 0; i--, ms_time >>= 5)
		ulid[i] = crockford[ms_time & 31];
	/* 80 random bits: two 40-bit halves, 8 characters each. */
	hi = lo = 0;
	for (i = 0; i < 5; i++) {
		hi = hi << 8 | rnd[i];
		lo = lo << 8 | rnd[i + 5];
	}
	for (i = 7; i >= 0; i--, hi >>= 5, lo >>= 5) {
		ulid[10 + i] = crockford[hi & 31];
		ulid[18 + i] = crockford[lo & 31];
	}
	ulid[ULID_LEN] = '\0';
	snprintf(out, RECORD_ID_MAX, "%c%c:%s:%s", origin[0] - 'A' + 'a',
	    origin[1] - 'A' + 'a', record_type_kind(t), ulid);
}

/* ---- dates and timestamps -------------------------------------------- */

static int
digits(const char *s, int n, int *out)
{
	int i, v = 0;

	for (i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	*out = v;
	return 0;
}

static int
month_days(int y, int m)
{
	static const int days[12] = {
		31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31
	};

	if (m == 2 && (y % 4 == 0 && (y % 100 != 0 || y % 400 == 0)))
		return 29;
	return days[m - 1];
}

/* "YYYY-MM-DD" at s (not necessarily NUL there). */
static int
date_parse(const char *s, int *y, int *m, int *d)
{
	if (digits(s, 4, y) || s[4] != '-' || digits(s + 5, 2, m) ||
	    s[7] != '-' || digits(s + 8, 2, d))
		return -1;
	if (*y < 1 || *m < 1 || *m > 12 || *d < 1 || *d > month_days(*y, *m))
		return -1;
	return 0;
}

int
record_date_valid(const char *s)
{
	int y, m, d;

	return s != NULL && strlen(s) == 10 && date_parse(s, &y, &m, &d) == 0;
}

/* Days from 1970-01-01 (H. Hinnant's days_from_civil). */
int64_t
record_days_from_civil(int y, int m, int d)
{
	int64_t era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

int
record_time_parse(const char *s, int64_t *unix_sec, long *nsec)
{
	int y, mo, d, h, mi, sec, oh = 0, om = 0, sign = 0, n = 0;
	long frac = 0;
	const char *p;

	if (s == NULL || strlen(s) < 20 || date_parse(s, &y, &mo, &d) ||
	    s[10] != 'T' || digits(s + 11, 2, &h) || s[13] != ':' ||
	    digits(s + 14, 2, &mi) || s[16] != ':' || digits(s + 17, 2, &sec))
		return -1;
	if (h > 23 || mi > 59 || sec > 59)
		return -1;
	p = s + 19;
	if (*p == '.') {
		for (p++; *p >= '0' && *p <= '9'; p++, n++)
			if (n < 9)
				frac = frac * 10 + (*p - '0');
		if (n < 1 || n > 9)
			return -1;
		for (; n < 9; n++)
			frac *= 10;
	}
	if (p[0] == 'Z' && p[1] == '\0') {
		sign = 0;
	} else if ((p[0] == '+' || p[0] == '-') && strlen(p) == 6 &&
	    digits(p + 1, 2, &oh) == 0 && p[3] == ':' &&
	    digits(p + 4, 2, &om) == 0 && oh <= 23 && om <= 59) {
		sign = p[0] == '+' ? 1 : -1;
	} else {
		return -1;
	}
	if (unix_sec != NULL)
		*unix_sec = record_days_from_civil(y, mo, d) * 86400 + h * 3600 +
		    mi * 60 + sec - sign * (oh * 3600 + om * 60);
	if (nsec != NULL)
		*nsec = frac;
	return 0;
}

/* <0, 0, >0 as a is before, at, after b; both already valid. */
static int
time_cmp(const char *a, const char *b)
{
	int64_t sa = 0, sb = 0;
	long na = 0, nb = 0;

	record_time_parse(a, &sa, &na);
	record_time_parse(b, &sb, &nb);
	if (sa != sb)
		return sa < sb ? -1 : 1;
	return na < nb ? -1 : na > nb;
}

/* ---- the walker ------------------------------------------------------- */

struct vctx {
	const char *id;
	const char *origin;
	struct nferr *err;
	const struct record_table *table;  /* the object being checked */
	int depth;                  /* scan_reals: the members' depth */
};

/* Append one reference token ("/" + key, ~ and / escaped) to parent,
 * cutting only between whole UTF-8 characters. */
static void
ptr_key(char out[PTR_MAX], const char *parent, const char *key)
{
	const unsigned char *k = (const unsigned char *)key;
	size_t n, len, i;

	snprintf(out, PTR_MAX, "%s/", parent);
	n = strlen(out);
	while (*k) {
		len = *k < 0x80 ? 1 : *k >= 0xf0 ? 4 : *k >= 0xe0 ? 3 : 2;
		if (*k == '~' || *k == '/')
			len = 2;
		if (n + len >= PTR_MAX)
			break;
		if (*k == '~' || *k == '/') {
			out[n++] = '~';
			out[n++] = *k == '~' ? '0' : '1';
			k++;
			continue;
		}
		for (i = 0; i < len && *k; i++)
			out[n++] = (char)*k++;
	}
	out[n] = '\0';
}

static void
ptr_idx(char out[PTR_MAX], const char *parent, size_t i)
{
	snprintf(out, PTR_MAX, "%s/%zu", parent, i);
}

/* The field name of a pointer for messages: "/network" -> "network". */
static const char *
ptr_last(const char *path)
{
	const char *s = strrchr(path, '/');

	return s ? s + 1 : path;
}

static const char *
get_string(struct vctx *c, const json_t *v, const char *path, size_t max)
{
	size_t len;

	if (!json_is_string(v)) {
		nferr_set(c->err, "bad_type", path, "%s must be a string",
		    path);
		return NULL;
	}
	len = json_string_length(v);
	if (len != strlen(json_string_value(v))) {
		nferr_set(c->err, "bad_value", path,
		    "%s must not contain a NUL character", path);
		return NULL;
	}
	if (len == 0) {
		nferr_set(c->err, "bad_value", path, "%s must not be empty",
		    path);
		return NULL;
	}
	if (max > 0 && len > max) {
		nferr_set(c->err, "too_long", path,
		    "%s is %zu bytes, at most %zu allowed", path, len, max);
		return NULL;
	}
	return json_string_value(v);
}

/*
 * Members are checked in bytewise key order, the canonical order, so a
 * body reports the same fault however its members were written down:
 * the member with the least key for which fails() holds (errors go to a
 * scratch nferr), or NULL. The caller checks that member again to report.
 */
typedef int (*member_check)(struct vctx *, const char *, const json_t *,
    const char *);

static const char *
least_failing(struct vctx *c, const json_t *obj, const char *path,
    member_check fails)
{
	struct nferr scratch;
	struct vctx t = *c;
	const char *key, *least = NULL;
	json_t *m;

	t.err = &scratch;
	json_object_foreach(canon_unconst(obj), key, m)
		if ((least == NULL || strcmp(key, least) < 0) &&
		    fails(&t, key, m, path))
			least = key;
	return least;
}

/* One translation: a language tag as the key, a bounded string. */
static int
text_member(struct vctx *c, const char *tag, const json_t *s,
    const char *path)
{
	char p[PTR_MAX];

	ptr_key(p, path, tag);
	if (!record_lang_valid(tag))
		return nferr_set(c->err, "bad_lang", p,
		    "%s: the key must be a language tag: sv, da, nb, "
		    "nn, fi, is, kl, fo, se or en", p);
	return get_string(c, s, p, RECORD_TEXT_MAX) == NULL ? -1 : 0;
}

static int
check_text(struct vctx *c, const json_t *v, const char *path)
{
	const char *tag;
	size_t n;

	if (!json_is_object(v))
		return nferr_set(c->err, "bad_type", path,
		    "%s must be an object of translations "
		    "{\"<lang>\": \"text\"}", path);
	n = json_object_size(v);
	if (n == 0)
		return nferr_set(c->err, "bad_value", path,
		    "%s must have at least one translation", path);
	if (n > RECORD_TEXT_LANGS)
		return nferr_set(c->err, "too_long", path,
		    "%s has %zu translations, at most %d allowed", path, n,
		    RECORD_TEXT_LANGS);
	if ((tag = least_failing(c, v, path, text_member)) != NULL)
		return text_member(c, tag, json_object_get(v, tag), path);
	return 0;
}

/* Arrays of unique strings: RK_SET (from vocab) and RK_LANGS (tags). */
static int
check_set(struct vctx *c, const struct record_field *f, const json_t *v,
    const char *path)
{
	const char *const *vocab = f->kind == RK_SET ? f->vocab->words :
	    record_vocab_lang.words;
	char p[PTR_MAX], list[256];
	size_t n, i, j;
	const char *s;

	if (!json_is_array(v))
		return nferr_set(c->err, "bad_type", path,
		    "%s must be an array of strings", path);
	n = json_array_size(v);
	if (n < (size_t)f->min)
		return nferr_set(c->err, "bad_value", path,
		    "%s must have at least %lld item(s)", path, f->min);
	if (n > vocab_count(vocab))
		return nferr_set(c->err, "too_long", path,
		    "%s has %zu items, at most %zu allowed", path, n,
		    vocab_count(vocab));
	for (i = 0; i < n; i++) {
		ptr_idx(p, path, i);
		if ((s = get_string(c, json_array_get(v, i), p, 0)) == NULL)
			return -1;
		if (vocab_find(vocab, s) < 0)
			return nferr_set(c->err,
			    f->kind == RK_SET ? "bad_value" : "bad_lang", p,
			    "%s must be one of: %s", p,
			    vocab_join(list, sizeof(list), vocab));
		for (j = 0; j < i; j++)
			if (strcmp(s, json_string_value(json_array_get(v, j)))
			    == 0)
				return nferr_set(c->err, "bad_value", p,
				    "%s repeats \"%s\"", p, s);
	}
	return 0;
}

static int
check_id(struct vctx *c, const struct record_field *f, const json_t *v,
    const char *path)
{
	enum record_type t;
	const char *s, *why;
	char owner[3];

	if ((s = get_string(c, v, path, 0)) == NULL)
		return -1;
	if ((why = id_check(s, owner, &t)) != NULL)
		return nferr_set(c->err, "bad_id", path, "%s: %s", path, why);
	if (t != f->ref)
		return nferr_set(c->err, "bad_id", path,
		    "%s must be an id of kind %s, not %s", path,
		    record_type_kind(f->ref), record_type_kind(t));
	if ((f->flags & RF_OWNED) && strcmp(owner, c->origin) != 0)
		return nferr_set(c->err, "not_owner", path,
		    "%s %s is owned by %s, not %s", ptr_last(path), s, owner,
		    c->origin);
	return 0;
}

static int check_object(struct vctx *, const json_t *,
    const struct record_table *, const char *);

int
record_account_id_parse(const char *s, char origin[3])
{
	size_t i;
	char cc[3];

	if (s == NULL || strlen(s) != RECORD_ACCOUNT_ID_LEN ||
	    strncmp(s + 2, ":acct:", 6) != 0 || s[0] < 'a' || s[0] > 'z' ||
	    s[1] < 'a' || s[1] > 'z')
		return -1;
	cc[0] = (char)(s[0] - 'a' + 'A');
	cc[1] = (char)(s[1] - 'a' + 'A');
	cc[2] = '\0';
	if (!record_origin_valid(cc))
		return -1;
	for (i = 8; i < RECORD_ACCOUNT_ID_LEN; i++)
		if (strchr(crockford, s[i]) == NULL)
			return -1;
	if (origin != NULL)
		memcpy(origin, cc, 3);
	return 0;
}

static int
check_account(struct vctx *c, const json_t *v, const char *path)
{
	const char *s;
	char owner[3];

	if ((s = get_string(c, v, path, 0)) == NULL)
		return -1;
	if (record_account_id_parse(s, owner) != 0)
		return nferr_set(c->err, "bad_value", path,
		    "%s must be an account id: <cc>:acct: and 26 characters "
		    "of upper-case Crockford base32", path);
	if (strcmp(owner, c->origin) != 0)
		return nferr_set(c->err, "not_owner", path,
		    "%s %s is an account of %s's node; only %s writes this "
		    "record", path, s, owner, c->origin);
	return 0;
}

static int
check_value(struct vctx *c, const struct record_field *f, const json_t *v,
    const char *path)
{
	char p[PTR_MAX], list[256];
	const char *s;
	json_int_t n;
	size_t i;

	switch (f->kind) {
	case RK_STR:
		return get_string(c, v, path, (size_t)f->max) ? 0 : -1;
	case RK_TEXT:
		return check_text(c, v, path);
	case RK_ENUM:
		if ((s = get_string(c, v, path, 0)) == NULL)
			return -1;
		if (vocab_find(f->vocab->words, s) < 0)
			return nferr_set(c->err, "bad_value", path,
			    "%s must be one of: %s", path,
			    vocab_join(list, sizeof(list), f->vocab->words));
		return 0;
	case RK_SET:
	case RK_LANGS:
		return check_set(c, f, v, path);
	case RK_ID:
		return check_id(c, f, v, path);
	case RK_INT:
		if (!json_is_integer(v))
			return nferr_set(c->err, "bad_type", path,
			    "%s must be an integer", path);
		n = json_integer_value(v);
		if (n < f->min || n > f->max)
			return nferr_set(c->err, "bad_value", path,
			    "%s must be between %lld and %lld", path, f->min,
			    f->max);
		return 0;
	case RK_OBJ:
		if (!json_is_object(v))
			return nferr_set(c->err, "bad_type", path,
			    "%s must be an object", path);
		return check_object(c, v, f->sub, path);
	case RK_OBJS:
		if (!json_is_array(v))
			return nferr_set(c->err, "bad_type", path,
			    "%s must be an array of objects", path);
		if (json_array_size(v) > (size_t)f->max)
			return nferr_set(c->err, "too_long", path,
			    "%s has %zu items, at most %lld allowed", path,
			    json_array_size(v), f->max);
		for (i = 0; i < json_array_size(v); i++) {
			ptr_idx(p, path, i);
			if (!json_is_object(json_array_get(v, i)))
				return nferr_set(c->err, "bad_type", p,
				    "%s must be an object", p);
			if (check_object(c, json_array_get(v, i), f->sub, p))
				return -1;
		}
		return 0;
	case RK_PRIVATE:
		return nferr_set(c->err, "private_field", path,
		    "%s is private to the home node and must never be in a "
		    "replicated record", path);
	case RK_ACCOUNT:
		return check_account(c, v, path);
	case RK_FMT:
		if ((s = get_string(c, v, path, record_formats[f->fmt].max)) == NULL)
			return -1;
		if (!record_format_checks[f->fmt].ok(s))
			return nferr_set(c->err, record_format_checks[f->fmt].code, path,
			    "%s must be %s", path, record_format_checks[f->fmt].what);
		return 0;
	}
	return nferr_set(c->err, "bad_value", path, "%s: no such kind", path);
}

/* A member that is not a field of the table, or is home-only data. */
static int
foreign_member(struct vctx *c, const char *key, const json_t *v,
    const char *path)
{
	const struct record_field *f = record_field_find(c->table, key);
	char p[PTR_MAX];

	ptr_key(p, path, key);
	if (f == NULL)
		return nferr_set(c->err, "unknown_field", p,
		    "%s is not a field of this record (new fields "
		    "need a new protocol version)", p);
	if (f->kind == RK_PRIVATE)
		return check_value(c, f, v, p);
	return 0;
}

/* Unknown and private fields first (the least key first), then every
 * field of the table in table order. */
static int
check_object(struct vctx *c, const json_t *obj, const struct record_table *t,
    const char *path)
{
	const struct record_table *outer = c->table;
	const struct record_field *f;
	char p[PTR_MAX];
	const char *key;
	json_t *v;
	size_t i;

	c->table = t;
	key = least_failing(c, obj, path, foreign_member);
	if (key != NULL) {
		foreign_member(c, key, json_object_get(obj, key), path);
		c->table = outer;
		return -1;
	}
	c->table = outer;
	for (i = 0; i < t->n; i++) {
		f = &t->f[i];
		if (f->kind == RK_PRIVATE)
			continue;
		ptr_key(p, path, f->name);
		v = json_object_get(obj, f->name);
		if (v == NULL) {
			if (f->flags & RF_REQ)
				return nferr_set(c->err, "missing_field", p,
				    "%s is required", p);
			continue;
		}
		if (check_value(c, f, v, p))
			return -1;
	}
	return 0;
}

static int scan_reals(struct vctx *, const json_t *, const char *, int);

static int
real_member(struct vctx *c, const char *key, const json_t *v,
    const char *path)
{
	char p[PTR_MAX];
	int depth = c->depth, rc;

	ptr_key(p, path, key);
	rc = scan_reals(c, v, p, depth);
	c->depth = depth;	/* the next member is as deep as this one */
	return rc;
}

/* No floating point anywhere, known field or not: the first real in
 * canonical order (least key first, array items in order). */
static int
scan_reals(struct vctx *c, const json_t *v, const char *path, int depth)
{
	char p[PTR_MAX];
	const char *key;
	json_t *m;
	size_t i;

	if (json_is_real(v))
		return nferr_set(c->err, "bad_type", path,
		    "%s is a real number; no floating point is allowed "
		    "(use an integer or a decimal string)", path);
	if (depth >= SCAN_DEPTH)
		return 0;
	if (json_is_object(v)) {
		c->depth = depth + 1;
		if ((key = least_failing(c, v, path, real_member)) != NULL) {
			ptr_key(p, path, key);
			return scan_reals(c, json_object_get(v, key), p,
			    depth + 1);
		}
	} else if (json_is_array(v)) {
		json_array_foreach(canon_unconst(v), i, m) {
			ptr_idx(p, path, i);
			if (scan_reals(c, m, p, depth + 1))
				return -1;
		}
	}
	return 0;
}

/* ---- rules across fields, one function per type ---------------------- */

static const char *
sval(const json_t *body, const char *key)
{
	return json_string_value(json_object_get(body, key));
}

/* Dates: end (if any) on or after start (if any). */
static int
dates_ordered(struct vctx *c, const json_t *body, const char *start,
    const char *end)
{
	const char *a = sval(body, start), *b = sval(body, end);
	char p[PTR_MAX];

	if (a == NULL || b == NULL || strcmp(b, a) >= 0)
		return 0;
	ptr_key(p, "", end);
	return nferr_set(c->err, "bad_value", p, "%s %s is before /%s %s", p,
	    b, start, a);
}

static int
cross_organisation(struct vctx *c, const json_t *body)
{
	static const struct {
		const char *scheme, *form;
	} forms[] = {
		{ "SE-ON", "NNNNNN-NNNN" }, { "DK-CVR", "NNNNNNNN" },
		{ "NO-BRC", "NNNNNNNNN" }, { "FI-PRO", "NNNNNNN-N" },
		{ "IS-KEN", "NNNNNN-NNNN" },
	};
	const char *country = sval(body, "country"), *scheme, *ident, *fm;
	const char *region, *muni, *why;
	char buf[160];
	json_t *ids = json_object_get(body, "identifiers"), *it;
	char p[PTR_MAX];
	size_t i, j, k;

	if (strcmp(country, c->origin) != 0)
		return nferr_set(c->err, "not_owner", "/country",
		    "/country is %s, but organisation %s is owned by %s, "
		    "not %s", country, c->id, c->origin, country);
	json_array_foreach(ids, i, it) {
		scheme = sval(it, "scheme");
		ident = sval(it, "identifier");
		for (j = 0; j < sizeof(forms) / sizeof(forms[0]); j++) {
			if (strcmp(forms[j].scheme, scheme) != 0)
				continue;
			fm = forms[j].form;
			for (k = 0; fm[k] && ident[k]; k++)
				if (fm[k] == 'N' ? !is_digit(ident[k]) :
				    fm[k] != ident[k])
					break;
			if (fm[k] != '\0' || ident[k] != '\0') {
				ptr_idx(p, "/identifiers", i);
				snprintf(p + strlen(p), PTR_MAX - strlen(p),
				    "/identifier");
				return nferr_set(c->err, "bad_value", p,
				    "%s must have the %s form %s (N a digit)",
				    p, scheme, fm);
			}
		}
	}
	region = sval(body, "region_code");
	if (region != NULL && (why = record_region_check(country, region)))
		return nferr_set(c->err, "bad_value", "/region_code",
		    "/region_code %s is not a region of %s: %s", region,
		    country, why);
	muni = sval(body, "municipality_code");
	if (muni != NULL && (why = record_municipality_check(country, muni,
	    region, buf, sizeof(buf))))
		return nferr_set(c->err, "bad_value", "/municipality_code",
		    "/municipality_code %s: %s", muni, why);
	return 0;
}

static int
cross_network(struct vctx *c, const json_t *body)
{
	int national = strcmp(sval(body, "scope"), "national") == 0;
	int has = json_object_get(body, "country") != NULL;

	if (national && !has)
		return nferr_set(c->err, "missing_field", "/country",
		    "/country is required when /scope is national");
	if (!national && has)
		return nferr_set(c->err, "bad_value", "/country",
		    "/country must be absent when /scope is nordic");
	if (national && strcmp(sval(body, "country"), c->origin) != 0)
		return nferr_set(c->err, "not_owner", "/country",
		    "a national network of %s is owned by %s's node, not %s",
		    sval(body, "country"), sval(body, "country"), c->origin);
	return 0;
}

static int
cross_membership(struct vctx *c, const json_t *body)
{
	return dates_ordered(c, body, "start", "end");
}

static int
cross_meeting(struct vctx *c, const json_t *body)
{
	const char *mode = sval(body, "mode"), *start = sval(body, "start");
	int free_ = strcmp(sval(body, "cost"), "free") == 0;
	json_t *reg = json_object_get(body, "registration");
	const char *opens = sval(reg, "opens"), *deadline = sval(reg,
	    "deadline");

	if (time_cmp(sval(body, "end"), start) <= 0)
		return nferr_set(c->err, "bad_value", "/end",
		    "/end %s must be after /start %s", sval(body, "end"),
		    start);
	if (strcmp(mode, "online") != 0 && !json_object_get(body, "place"))
		return nferr_set(c->err, "missing_field", "/place",
		    "/place is required when /mode is %s", mode);
	if (strcmp(mode, "in_person") != 0 &&
	    !json_object_get(body, "platform"))
		return nferr_set(c->err, "missing_field", "/platform",
		    "/platform is required when /mode is %s", mode);
	if (!free_ && !json_object_get(body, "currency"))
		return nferr_set(c->err, "missing_field", "/currency",
		    "/currency is required when /cost is not \"free\"");
	if (free_ && json_object_get(body, "currency"))
		return nferr_set(c->err, "bad_value", "/currency",
		    "/currency must be absent when /cost is \"free\"");
	if (opens && deadline && time_cmp(opens, deadline) > 0)
		return nferr_set(c->err, "bad_value", "/registration/deadline",
		    "/registration/deadline %s is before "
		    "/registration/opens %s", deadline, opens);
	if (deadline && time_cmp(deadline, start) > 0)
		return nferr_set(c->err, "bad_value", "/registration/deadline",
		    "/registration/deadline %s is after /start %s", deadline,
		    start);
	return 0;
}

static int
cross_resource(struct vctx *c, const json_t *body)
{
	const char *kind = sval(body, "kind");
	const char *deadline = sval(body, "registration_deadline");
	int held = strcmp(kind, "training") == 0 || strcmp(kind, "event") == 0;

	if (dates_ordered(c, body, "published", "updated"))
		return -1;
	if (!held && (json_object_get(body, "date") ||
	    json_object_get(body, "registration_deadline")))
		return nferr_set(c->err, "bad_value", json_object_get(body,
		    "date") ? "/date" : "/registration_deadline", "only a "
		    "training or an event has a date and a registration "
		    "deadline, not a %s", kind);
	if (deadline != NULL && !json_object_get(body, "date"))
		return nferr_set(c->err, "missing_field", "/date",
		    "/date is required with /registration_deadline");
	if (deadline != NULL && strcmp(deadline, sval(body, "date")) > 0)
		return nferr_set(c->err, "bad_value", "/registration_deadline",
		    "/registration_deadline %s is after /date %s", deadline,
		    sval(body, "date"));
	return 0;
}

/* The parties of a joint collaboration: each by organisation or name,
 * no organisation twice (nor the collaboration's own two). */
static int
parties_ok(struct vctx *c, const json_t *body)
{
	json_t *ps = json_object_get(body, "parties"), *it;
	const char *id, *seen, *pb = sval(body, "public_body");
	char p[PTR_MAX];
	size_t i, j;
	int dup;

	json_array_foreach(ps, i, it) {
		ptr_idx(p, "/parties", i);
		snprintf(p + strlen(p), PTR_MAX - strlen(p), "/organisation");
		if ((id = sval(it, "organisation")) == NULL) {
			if (sval(it, "name") == NULL)
				return nferr_set(c->err, "missing_field", p,
				    "%s (an org id) or its name is required", p);
			continue;
		}
		dup = strcmp(id, sval(body, "organisation")) == 0 ||
		    (pb != NULL && strcmp(id, pb) == 0);
		for (j = 0; j < i && !dup; j++)
			dup = (seen = sval(json_array_get(ps, j),
			    "organisation")) != NULL && strcmp(seen, id) == 0;
		if (dup)
			return nferr_set(c->err, "bad_value", p,
			    "%s %s is already a party of this collaboration",
			    p, id);
	}
	return 0;
}

static int
cross_collaboration(struct vctx *c, const json_t *body)
{
	const char *arena = sval(body, "arena"), *level = sval(body, "level");

	if (!json_object_get(body, "public_body") &&
	    !json_object_get(body, "public_body_name"))
		return nferr_set(c->err, "missing_field", "/public_body",
		    "/public_body (an org id) or /public_body_name is "
		    "required");
	if (dates_ordered(c, body, "start", "end"))
		return -1;
	/* NOD, PGF and Sakråd are national; the Agreement is made at
	 * local, regional and national level, not Nordic */
	if (arena != NULL && (strcmp(arena, "overenskommelsen") == 0 ?
	    strcmp(level, "nordic") == 0 : strcmp(level, "national") != 0))
		return nferr_set(c->err, "bad_value", "/level",
		    "/level %s is not a level of /arena %s", level, arena);
	return parties_ok(c, body);
}

/* The rules across fields of each type (its fields: record_fields). */
static int (*const cross[REC__COUNT])(struct vctx *, const json_t *) = {
	[REC_ORGANISATION] = cross_organisation,
	[REC_NETWORK] = cross_network,
	[REC_MEMBERSHIP] = cross_membership,
	[REC_MEETING] = cross_meeting,
	[REC_RESOURCE] = cross_resource,
	[REC_COLLABORATION] = cross_collaboration,
};

int
record_validate(enum record_type t, const char *id, const char *origin,
    const json_t *body, struct nferr *err)
{
	struct vctx c = { id, origin, err, NULL, 0 };
	enum record_type it;
	const char *why;
	char owner[3];

	if (record_type_name(t) == NULL)
		return nferr_set(err, "bad_value", "", "unknown record type %d",
		    (int)t);
	if (!record_origin_valid(origin))
		return nferr_set(err, "bad_value", "",
		    "origin must be one of SE NO DK FI IS GL FO AX");
	if ((why = id_check(id, owner, &it)) != NULL)
		return nferr_set(err, "bad_id", "", "%s", why);
	if (it != t)
		return nferr_set(err, "bad_id", "",
		    "id %s is of kind %s, but the record is a %s (kind %s)",
		    id, record_type_kind(it), record_type_name(t),
		    record_type_kind(t));
	if (strcmp(owner, origin) != 0)
		return nferr_set(err, "not_owner", "",
		    "%s %s is owned by %s, not %s", record_type_name(t), id,
		    owner, origin);
	if (!json_is_object(body))
		return nferr_set(err, "bad_type", "",
		    "the %s body must be a JSON object", record_type_name(t));
	if (scan_reals(&c, body, "", 0) ||
	    check_object(&c, body, record_fields(t), ""))
		return -1;
	if (cross[t] != NULL && cross[t](&c, body))
		return -1;
	nferr_clear(err);
	return 0;
}

/* ---- translated text -------------------------------------------------- */

static const char *
text_get(const json_t *m, const char *tag)
{
	json_t *v = tag ? json_object_get(m, tag) : NULL;

	return json_is_string(v) ? json_string_value(v) : NULL;
}

const char *
record_text_pick(const json_t *langmap, const char *lang,
    const char *orig_lang)
{
	const char *s, *key;
	json_t *v;

	if (!json_is_object(langmap))
		return NULL;
	if ((s = text_get(langmap, lang)) != NULL ||
	    (s = text_get(langmap, "en")) != NULL ||
	    (s = text_get(langmap, orig_lang)) != NULL)
		return s;
	json_object_foreach(canon_unconst(langmap), key, v)
		if (json_is_string(v))
			return json_string_value(v);
	return NULL;
}

int
record_vocab_valid(const char *vocab, const char *value)
{
	const struct record_vocab *v = record_vocab_find(vocab);

	return v != NULL && vocab_find(v->words, value) >= 0;
}

int
record_is_langmap(const json_t *v)
{
	const char *k;
	json_t *x;

	if (!json_is_object(v) || json_object_size(v) == 0)
		return 0;
	json_object_foreach(canon_unconst(v), k, x)
		if (!record_lang_valid(k) || !json_is_string(x))
			return 0;
	return 1;
}
