/*
 * canon: nordfed's canonical JSON; see canon.h and docs/protocol.md
 * ("Canonical JSON") for the rules this file implements.
 *
 * The parser makes one pass over the input bytes. Strings without escapes
 * are handed to jansson straight from the input; strings with escapes are
 * decoded into one scratch buffer that the parser owns and grows (used as a
 * stack: an object key stays in it while its value is parsed). Recursion is
 * bounded by the depth limit, checked before descending.
 *
 * The serialiser writes into one growable buffer owned by the caller.
 *
 * Errors are built where they are found with field ""; each enclosing
 * container prepends its own path segment while the error unwinds, so the
 * final err->field is the JSON pointer of the offending value without any
 * path bookkeeping on the success path.
 */
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "canon.h"
#include "nfbuf.h"
#include "utf8.h"

/* ---- shared helpers ------------------------------------------------------ */

/* Set err with an empty field and a formatted message. */
static int fail(struct nferr *err, const char *code, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static int
fail(struct nferr *err, const char *code, const char *fmt, ...)
{
	char msg[sizeof(err->msg)];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	return nferr_set(err, code, "", "%s", msg);
}

/*
 * Prepend "/" + seg (RFC 6901 escaped) to err->field. The result is cut to
 * the field's size at a UTF-8 character boundary.
 */
static void
path_prepend(struct nferr *err, const char *seg, size_t seglen)
{
	char tmp[sizeof(err->field)];
	size_t cap = sizeof(tmp) - 1, n = 0, i, old, take;

	tmp[n++] = '/';
	for (i = 0; i < seglen && n < cap; i++) {
		if (seg[i] == '~' || seg[i] == '/') {
			if (n + 2 > cap)
				break;
			tmp[n++] = '~';
			tmp[n++] = seg[i] == '~' ? '0' : '1';
		} else
			tmp[n++] = seg[i];
	}
	old = strlen(err->field);
	take = cap - n < old ? cap - n : old;
	memcpy(tmp + n, err->field, take);
	n += take;
	/* Do not leave half a UTF-8 sequence at the end after truncation. */
	if (n == cap) {
		size_t k = n, cont = 0;

		while (k > 0 && ((unsigned char)tmp[k - 1] & 0xC0) == 0x80 &&
		    cont < 3) {
			k--;
			cont++;
		}
		if (k > 0 && (unsigned char)tmp[k - 1] >= 0xC0) {
			unsigned char lead = (unsigned char)tmp[k - 1];
			size_t want = lead >= 0xF0 ? 3 : lead >= 0xE0 ? 2 : 1;

			if (cont < want)
				n = k - 1;
		}
	}
	tmp[n] = '\0';
	memcpy(err->field, tmp, n + 1);
}

static void
path_prepend_index(struct nferr *err, size_t idx)
{
	char seg[24];
	int n = snprintf(seg, sizeof(seg), "%zu", idx);

	path_prepend(err, seg, (size_t)n);
}

static int
resolve_limits(const struct canon_limits *lim, size_t *max_bytes,
    int *max_depth)
{
	*max_bytes = CANON_MAX_BYTES;
	*max_depth = CANON_MAX_DEPTH;
	if (lim != NULL) {
		if (lim->max_bytes > 0)
			*max_bytes = lim->max_bytes;
		if (lim->max_depth > 0)
			*max_depth = lim->max_depth;
	}
	return 0;
}

/* ---- parser ---------------------------------------------------------------- */

struct parser {
	const unsigned char *buf;   /* whole input, borrowed */
	const unsigned char *p;     /* next byte */
	const unsigned char *end;
	int max_depth;
	struct nfbuf scratch;       /* decoded strings, owned; its len is
	                               in use (a stack: keys stay reserved) */
	struct nferr *err;
};

/* A decoded string: either a slice of the input or of the scratch buffer. */
struct pstr {
	const char *ptr;   /* when !in_scratch */
	size_t off;        /* when in_scratch */
	size_t len;
	int in_scratch;
};

static const char *
pstr_bytes(const struct parser *ps, const struct pstr *s)
{
	return s->in_scratch ? ps->scratch.p + s->off : s->ptr;
}

static size_t
poff(const struct parser *ps)
{
	return (size_t)(ps->p - ps->buf);
}

static int perr(struct parser *ps, const char *code, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Fail with code; the message is prefixed with the current byte offset. */
static int
perr(struct parser *ps, const char *code, const char *fmt, ...)
{
	char msg[sizeof(ps->err->msg)];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	return nferr_set(ps->err, code, "", "at byte offset %zu: %s",
	    poff(ps), msg);
}

static int
syntax(struct parser *ps, const char *what)
{
	if (ps->p >= ps->end)
		return perr(ps, "syntax", "invalid JSON: unexpected end of "
		    "input, %s", what);
	return perr(ps, "syntax", "invalid JSON: %s", what);
}

static int
scratch_reserve(struct parser *ps, size_t more)
{
	if (more > SIZE_MAX - 1 - ps->scratch.len)
		return fail(ps->err, "no_memory", "string too long");
	if (nfbuf_reserve(&ps->scratch, more) == -1)
		return fail(ps->err, "no_memory", "out of memory");
	return 0;
}

static int
scratch_put(struct parser *ps, const void *b, size_t n)
{
	if (n == 0)
		return 0;
	if (scratch_reserve(ps, n) == -1)
		return -1;
	memcpy(ps->scratch.p + ps->scratch.len, b, n);
	ps->scratch.len += n;
	return 0;
}

static void
skip_ws(struct parser *ps)
{
	const unsigned char *p = ps->p, *end = ps->end;

	while (p < end && (*p == ' ' || *p == '\n' || *p == '\r' ||
	    *p == '\t'))
		p++;
	ps->p = p;
}

static int
hexval(unsigned char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Read 4 hex digits at q (bounds checked by caller); -1 if not hex. */
static long
hex4(const unsigned char *q)
{
	long v = 0;
	int i, h;

	for (i = 0; i < 4; i++) {
		if ((h = hexval(q[i])) < 0)
			return -1;
		v = (v << 4) | h;
	}
	return v;
}

static size_t
utf8_encode(unsigned long cp, unsigned char *o)
{
	if (cp < 0x80) {
		o[0] = (unsigned char)cp;
		return 1;
	}
	if (cp < 0x800) {
		o[0] = (unsigned char)(0xC0 | (cp >> 6));
		o[1] = (unsigned char)(0x80 | (cp & 0x3F));
		return 2;
	}
	if (cp < 0x10000) {
		o[0] = (unsigned char)(0xE0 | (cp >> 12));
		o[1] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
		o[2] = (unsigned char)(0x80 | (cp & 0x3F));
		return 3;
	}
	o[0] = (unsigned char)(0xF0 | (cp >> 18));
	o[1] = (unsigned char)(0x80 | ((cp >> 12) & 0x3F));
	o[2] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
	o[3] = (unsigned char)(0x80 | (cp & 0x3F));
	return 4;
}

/*
 * Decode the escape at ps->p (which points at the backslash) into scratch
 * and advance past it.
 */
static int
parse_escape(struct parser *ps)
{
	const unsigned char *p = ps->p, *end = ps->end;
	unsigned char o[4];
	long cp, lo;
	char c;

	if (end - p < 2)
		return syntax(ps, "unterminated string");
	switch (p[1]) {
	case '"': c = '"'; break;
	case '\\': c = '\\'; break;
	case '/': c = '/'; break;
	case 'b': c = '\b'; break;
	case 'f': c = '\f'; break;
	case 'n': c = '\n'; break;
	case 'r': c = '\r'; break;
	case 't': c = '\t'; break;
	case 'u':
		if (end - p < 6 || (cp = hex4(p + 2)) < 0)
			return perr(ps, "invalid_escape", "\\u must be "
			    "followed by four hexadecimal digits");
		if (cp == 0)
			return perr(ps, "nul_character", "U+0000 (\\u0000) "
			    "is not allowed in strings");
		if (cp >= 0xDC00 && cp <= 0xDFFF)
			return perr(ps, "lone_surrogate", "low surrogate "
			    "\\u%04lX without a preceding high surrogate", cp);
		if (cp >= 0xD800 && cp <= 0xDBFF) {
			if (end - p < 8 || p[6] != '\\' || p[7] != 'u')
				return perr(ps, "lone_surrogate", "high "
				    "surrogate \\u%04lX not followed by a low "
				    "surrogate escape", cp);
			if (end - p < 12 || (lo = hex4(p + 8)) < 0) {
				ps->p = p + 6;
				return perr(ps, "invalid_escape", "\\u must be "
				    "followed by four hexadecimal digits");
			}
			if (lo < 0xDC00 || lo > 0xDFFF)
				return perr(ps, "lone_surrogate", "high "
				    "surrogate \\u%04lX followed by \\u%04lX, "
				    "not a low surrogate", cp, lo);
			cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
			ps->p = p + 12;
		} else
			ps->p = p + 6;
		return scratch_put(ps, o, utf8_encode((unsigned long)cp, o));
	default:
		return perr(ps, "invalid_escape", "invalid escape sequence in "
		    "string");
	}
	ps->p = p + 2;
	return scratch_put(ps, &c, 1);
}

/*
 * Parse a string at ps->p (the opening quote). On success *s describes the
 * decoded bytes; if they are in scratch they occupy [s->off,
 * ps->scratch.len) and the caller resets ps->scratch.len when done with them.
 */
static int
parse_string(struct parser *ps, struct pstr *s)
{
	const unsigned char *p = ps->p + 1, *end = ps->end, *run = p;
	size_t n;
	int copying = 0;

	s->off = ps->scratch.len;
	for (;;) {
		/* Fast path: plain printable ASCII. */
		while (p < end && *p >= 0x20 && *p < 0x80 && *p != '"' &&
		    *p != '\\')
			p++;
		if (p >= end) {
			ps->p = p;
			return syntax(ps, "unterminated string");
		}
		if (*p == '"')
			break;
		if (*p == '\\') {
			if (scratch_put(ps, run, (size_t)(p - run)) == -1)
				return -1;
			copying = 1;
			ps->p = p;
			if (parse_escape(ps) == -1)
				return -1;
			p = run = ps->p;
			continue;
		}
		if (*p < 0x20) {
			ps->p = p;
			if (*p == 0)
				return perr(ps, "nul_character", "U+0000 is not "
				    "allowed in strings");
			return perr(ps, "syntax", "invalid JSON: raw control "
			    "character 0x%02x in string (must be escaped)", *p);
		}
		if ((n = utf8_decode(p, (size_t)(end - p), NULL)) == 0) {
			ps->p = p;
			return perr(ps, "invalid_utf8", "invalid UTF-8 "
			    "sequence");
		}
		p += n;
	}
	if (copying) {
		if (scratch_put(ps, run, (size_t)(p - run)) == -1)
			return -1;
		s->in_scratch = 1;
		s->ptr = NULL;
		s->len = ps->scratch.len - s->off;
	} else {
		s->in_scratch = 0;
		s->ptr = (const char *)(ps->p + 1);
		s->len = (size_t)(p - (ps->p + 1));
	}
	ps->p = p + 1;
	return 0;
}

static int
parse_number(struct parser *ps, json_t **out)
{
	const unsigned char *p = ps->p, *end = ps->end;
	long long v = 0;
	int neg = 0, big = 0, real = 0, d;

	if (*p == '-') {
		neg = 1;
		p++;
	}
	if (p >= end || *p < '0' || *p > '9') {
		ps->p = p;
		return syntax(ps, "expected a digit");
	}
	if (*p == '0') {
		p++;
		if (p < end && *p >= '0' && *p <= '9') {
			ps->p = p - 1;
			return perr(ps, "syntax", "invalid JSON: number with a "
			    "leading zero");
		}
	} else {
		while (p < end && *p >= '0' && *p <= '9') {
			d = *p - '0';
			if (!big && v > (CANON_INT_MAX - d) / 10)
				big = 1;
			else if (!big)
				v = v * 10 + d;
			p++;
		}
	}
	if (p < end && *p == '.') {
		p++;
		if (p >= end || *p < '0' || *p > '9') {
			ps->p = p;
			return syntax(ps, "expected a digit after '.'");
		}
		while (p < end && *p >= '0' && *p <= '9')
			p++;
		real = 1;
	}
	if (p < end && (*p == 'e' || *p == 'E')) {
		p++;
		if (p < end && (*p == '+' || *p == '-'))
			p++;
		if (p >= end || *p < '0' || *p > '9') {
			ps->p = p;
			return syntax(ps, "expected a digit in exponent");
		}
		while (p < end && *p >= '0' && *p <= '9')
			p++;
		real = 1;
	}
	if (real)
		return perr(ps, "real_number", "only integers are allowed "
		    "(no fraction or exponent)");
	if (big)
		return perr(ps, "integer_out_of_range", "integer outside "
		    "-(2^53-1)..(2^53-1)");
	if ((*out = json_integer(neg ? -v : v)) == NULL)
		return fail(ps->err, "no_memory", "out of memory");
	ps->p = p;
	return 0;
}

static int parse_value(struct parser *ps, int depth, json_t **out);

static int
parse_array(struct parser *ps, int depth, json_t **out)
{
	json_t *arr, *v;
	size_t idx = 0;

	if ((arr = json_array()) == NULL)
		return fail(ps->err, "no_memory", "out of memory");
	ps->p++;
	skip_ws(ps);
	if (ps->p < ps->end && *ps->p == ']') {
		ps->p++;
		*out = arr;
		return 0;
	}
	for (;;) {
		if (parse_value(ps, depth, &v) == -1) {
			path_prepend_index(ps->err, idx);
			goto bad;
		}
		if (json_array_append_new(arr, v) == -1) {
			fail(ps->err, "no_memory", "out of memory");
			goto bad;
		}
		idx++;
		skip_ws(ps);
		if (ps->p < ps->end && *ps->p == ',') {
			ps->p++;
			skip_ws(ps);
			continue;
		}
		if (ps->p < ps->end && *ps->p == ']') {
			ps->p++;
			break;
		}
		syntax(ps, "expected ',' or ']' in array");
		goto bad;
	}
	*out = arr;
	return 0;
bad:
	json_decref(arr);
	return -1;
}

static int
parse_object(struct parser *ps, int depth, json_t **out)
{
	json_t *obj, *v;
	struct pstr key;
	size_t before, mark = ps->scratch.len;
	const unsigned char *kstart;

	if ((obj = json_object()) == NULL)
		return fail(ps->err, "no_memory", "out of memory");
	ps->p++;
	skip_ws(ps);
	if (ps->p < ps->end && *ps->p == '}') {
		ps->p++;
		*out = obj;
		return 0;
	}
	for (;;) {
		if (ps->p >= ps->end || *ps->p != '"') {
			syntax(ps, "expected a string as object key");
			goto bad;
		}
		kstart = ps->p;
		if (parse_string(ps, &key) == -1)
			goto bad;
		skip_ws(ps);
		if (ps->p >= ps->end || *ps->p != ':') {
			syntax(ps, "expected ':' after object key");
			goto bad_key;
		}
		ps->p++;
		skip_ws(ps);
		if (parse_value(ps, depth, &v) == -1)
			goto bad_key;
		before = json_object_size(obj);
		if (json_object_setn_new_nocheck(obj, pstr_bytes(ps, &key),
		    key.len, v) == -1) {
			fail(ps->err, "no_memory", "out of memory");
			goto bad;
		}
		if (json_object_size(obj) == before) {
			ps->p = kstart;
			perr(ps, "duplicate_key", "duplicate object key (keys "
			    "are compared after unescaping)");
			goto bad_key;
		}
		ps->scratch.len = mark;
		skip_ws(ps);
		if (ps->p < ps->end && *ps->p == ',') {
			ps->p++;
			skip_ws(ps);
			continue;
		}
		if (ps->p < ps->end && *ps->p == '}') {
			ps->p++;
			break;
		}
		syntax(ps, "expected ',' or '}' in object");
		goto bad;
	}
	*out = obj;
	return 0;
bad_key:
	path_prepend(ps->err, pstr_bytes(ps, &key), key.len);
bad:
	ps->scratch.len = mark;
	json_decref(obj);
	return -1;
}

/* Parse one value at ps->p; depth is the number of enclosing containers. */
static int
parse_value(struct parser *ps, int depth, json_t **out)
{
	const unsigned char *p = ps->p;
	size_t left = (size_t)(ps->end - p);
	struct pstr s;

	if (left == 0)
		return syntax(ps, "expected a value");
	switch (*p) {
	case '{':
	case '[':
		if (depth + 1 > ps->max_depth)
			return perr(ps, "too_deep", "arrays and objects "
			    "nested deeper than %d", ps->max_depth);
		return *p == '{' ? parse_object(ps, depth + 1, out) :
		    parse_array(ps, depth + 1, out);
	case '"':
		if (parse_string(ps, &s) == -1)
			return -1;
		*out = json_stringn_nocheck(pstr_bytes(ps, &s), s.len);
		ps->scratch.len = s.in_scratch ? s.off : ps->scratch.len;
		if (*out == NULL)
			return fail(ps->err, "no_memory", "out of memory");
		return 0;
	case 't':
		if (left >= 4 && memcmp(p, "true", 4) == 0) {
			ps->p += 4;
			*out = json_true();
			return 0;
		}
		break;
	case 'f':
		if (left >= 5 && memcmp(p, "false", 5) == 0) {
			ps->p += 5;
			*out = json_false();
			return 0;
		}
		break;
	case 'n':
		if (left >= 4 && memcmp(p, "null", 4) == 0) {
			ps->p += 4;
			*out = json_null();
			return 0;
		}
		break;
	default:
		if (*p == '-' || (*p >= '0' && *p <= '9'))
			return parse_number(ps, out);
		break;
	}
	return syntax(ps, "expected a value");
}

int
canon_parse(const char *buf, size_t len, const struct canon_limits *lim,
    json_t **out, struct nferr *err)
{
	struct nferr local;
	struct parser ps;
	size_t max_bytes, bad;
	json_t *v = NULL;
	int rc = -1;

	if (err == NULL)
		err = &local;
	nferr_clear(err);
	if (out != NULL)
		*out = NULL;
	resolve_limits(lim, &max_bytes, &ps.max_depth);
	if (len > max_bytes)
		return fail(err, "too_large", "document of %zu bytes exceeds "
		    "the limit of %zu bytes", len, max_bytes);
	if (buf == NULL) {
		if (len > 0)
			return fail(err, "syntax", "no input");
		buf = "";
	}
	ps.buf = (const unsigned char *)buf;
	ps.p = ps.buf;
	ps.end = ps.buf + len;
	memset(&ps.scratch, 0, sizeof(ps.scratch));
	ps.err = err;

	skip_ws(&ps);
	if (ps.p >= ps.end) {
		perr(&ps, "syntax", "invalid JSON: empty document");
		goto done;
	}
	if (parse_value(&ps, 0, &v) == -1)
		goto done;
	skip_ws(&ps);
	if (ps.p < ps.end) {
		perr(&ps, "trailing_data", "data after the JSON value");
		goto done;
	}
	rc = 0;
done:
	nfbuf_free(&ps.scratch);
	if (rc == -1) {
		json_decref(v);
		/*
		 * Invalid UTF-8 anywhere wins over any other error (except
		 * too_large), whatever the parser met first. On success every
		 * non-ASCII byte was inside a string and checked there.
		 */
		if (err->code != NULL &&
		    strcmp(err->code, "invalid_utf8") != 0 &&
		    (bad = utf8_first_invalid(ps.buf, len)) < len)
			fail(err, "invalid_utf8", "at byte offset %zu: invalid "
			    "UTF-8 sequence", bad);
		return -1;
	}
	if (out != NULL)
		*out = v;
	else
		json_decref(v);
	return 0;
}

/* ---- serialiser ------------------------------------------------------------ */

struct outbuf {
	struct nfbuf b;     /* put writes no NUL; canon_dump_append ends it */
	struct nferr *err;
};

static int
ob_grow(struct outbuf *o, size_t more)
{
	if (more > SIZE_MAX - o->b.len - 1)
		return fail(o->err, "no_memory", "output too large");
	if (nfbuf_reserve(&o->b, more) == -1)
		return fail(o->err, "no_memory", "out of memory");
	return 0;
}

static inline int
ob_put(struct outbuf *o, const void *b, size_t n)
{
	if (o->b.cap - o->b.len < n + 1 && ob_grow(o, n) == -1)
		return -1;
	memcpy(o->b.p + o->b.len, b, n);
	o->b.len += n;
	return 0;
}

static inline int
ob_putc(struct outbuf *o, char c)
{
	if (o->b.cap - o->b.len < 2 && ob_grow(o, 1) == -1)
		return -1;
	o->b.p[o->b.len++] = c;
	return 0;
}

/* Write a string value or key with the canonical escape table. */
static int
dump_string(struct outbuf *o, const char *str, size_t len)
{
	static const char hex[] = "0123456789abcdef";
	const unsigned char *s = (const unsigned char *)str;
	const unsigned char *p = s, *end = s + len, *run;
	char esc[6];
	size_t n, elen;

	if (ob_putc(o, '"') == -1)
		return -1;
	for (;;) {
		run = p;
		for (;;) {
			while (p < end && *p >= 0x20 && *p < 0x80 &&
			    *p != '"' && *p != '\\')
				p++;
			if (p >= end || *p < 0x80)
				break;
			if ((n = utf8_decode(p, (size_t)(end - p), NULL)) == 0)
				return fail(o->err, "invalid_utf8", "string "
				    "holds invalid UTF-8 at byte %zu",
				    (size_t)(p - s));
			p += n;
		}
		if (ob_put(o, run, (size_t)(p - run)) == -1)
			return -1;
		if (p >= end)
			break;
		esc[0] = '\\';
		elen = 2;
		switch (*p) {
		case '"': esc[1] = '"'; break;
		case '\\': esc[1] = '\\'; break;
		case '\b': esc[1] = 'b'; break;
		case '\t': esc[1] = 't'; break;
		case '\n': esc[1] = 'n'; break;
		case '\f': esc[1] = 'f'; break;
		case '\r': esc[1] = 'r'; break;
		case 0:
			return fail(o->err, "nul_character", "string holds "
			    "U+0000 at byte %zu", (size_t)(p - s));
		default:
			esc[1] = 'u';
			esc[2] = '0';
			esc[3] = '0';
			esc[4] = hex[*p >> 4];
			esc[5] = hex[*p & 0xF];
			elen = 6;
			break;
		}
		if (ob_put(o, esc, elen) == -1)
			return -1;
		p++;
	}
	return ob_putc(o, '"');
}

static int
dump_integer(struct outbuf *o, json_int_t v)
{
	char tmp[24];
	char *q = tmp + sizeof(tmp);
	unsigned long long u;

	if (v > CANON_INT_MAX || v < -CANON_INT_MAX)
		return fail(o->err, "integer_out_of_range", "integer %lld "
		    "outside -(2^53-1)..(2^53-1)", (long long)v);
	u = v < 0 ? (unsigned long long)-v : (unsigned long long)v;
	do {
		*--q = (char)('0' + u % 10);
		u /= 10;
	} while (u != 0);
	if (v < 0)
		*--q = '-';
	return ob_put(o, q, (size_t)(tmp + sizeof(tmp) - q));
}

struct member {
	const char *key;
	size_t len;
	json_t *val;
};

static int
member_cmp(const void *a, const void *b)
{
	const struct member *x = a, *y = b;
	size_t n = x->len < y->len ? x->len : y->len;
	int c = memcmp(x->key, y->key, n);

	if (c != 0)
		return c;
	return x->len < y->len ? -1 : x->len > y->len;
}

/*
 * jansson's iterator API takes json_t * although iterating does not modify
 * the object; this drops the const without a qualifier-discarding cast.
 */
static json_t *
unconst(const json_t *v)
{
	return (json_t *)(uintptr_t)v;
}

static int dump_value(struct outbuf *o, const json_t *v, int depth);

static int
dump_object(struct outbuf *o, const json_t *v, int depth)
{
	struct member stackm[32], *m = stackm;
	size_t n = json_object_size(v), i = 0;
	void *it;
	int rc = -1;

	if (n > sizeof(stackm) / sizeof(stackm[0])) {
		if ((m = malloc(n * sizeof(*m))) == NULL)
			return fail(o->err, "no_memory", "out of memory");
	}
	for (it = json_object_iter(unconst(v)); it != NULL && i < n;
	    it = json_object_iter_next(unconst(v), it), i++) {
		m[i].key = json_object_iter_key(it);
		m[i].len = json_object_iter_key_len(it);
		m[i].val = json_object_iter_value(it);
	}
	n = i;
	if (n > 1)
		qsort(m, n, sizeof(*m), member_cmp);
	if (ob_putc(o, '{') == -1)
		goto out;
	for (i = 0; i < n; i++) {
		if (i > 0 && ob_putc(o, ',') == -1)
			goto out;
		if (dump_string(o, m[i].key, m[i].len) == -1 ||
		    ob_putc(o, ':') == -1 ||
		    dump_value(o, m[i].val, depth) == -1) {
			path_prepend(o->err, m[i].key, m[i].len);
			goto out;
		}
	}
	rc = ob_putc(o, '}');
out:
	if (m != stackm)
		free(m);
	return rc;
}

static int
dump_array(struct outbuf *o, const json_t *v, int depth)
{
	size_t i, n = json_array_size(v);

	if (ob_putc(o, '[') == -1)
		return -1;
	for (i = 0; i < n; i++) {
		if (i > 0 && ob_putc(o, ',') == -1)
			return -1;
		if (dump_value(o, json_array_get(v, i), depth) == -1) {
			path_prepend_index(o->err, i);
			return -1;
		}
	}
	return ob_putc(o, ']');
}

/* depth: number of containers enclosing v. */
static int
dump_value(struct outbuf *o, const json_t *v, int depth)
{
	if (v == NULL)
		return fail(o->err, "syntax", "no value to serialise");
	switch (json_typeof(v)) {
	case JSON_OBJECT:
	case JSON_ARRAY:
		if (depth + 1 > CANON_MAX_DEPTH)
			return fail(o->err, "too_deep", "arrays and objects "
			    "nested deeper than %d", CANON_MAX_DEPTH);
		return json_is_object(v) ? dump_object(o, v, depth + 1) :
		    dump_array(o, v, depth + 1);
	case JSON_STRING:
		return dump_string(o, json_string_value(v),
		    json_string_length(v));
	case JSON_INTEGER:
		return dump_integer(o, json_integer_value(v));
	case JSON_REAL:
		return fail(o->err, "real_number", "real numbers have no "
		    "canonical form; only integers are allowed");
	case JSON_TRUE:
		return ob_put(o, "true", 4);
	case JSON_FALSE:
		return ob_put(o, "false", 5);
	case JSON_NULL:
		return ob_put(o, "null", 4);
	}
	return fail(o->err, "syntax", "unknown JSON value type");
}

int
canon_dump_append(const json_t *v, char **buf, size_t *len, size_t *cap,
    struct nferr *err)
{
	struct nferr local;
	struct outbuf o;
	size_t start;
	int rc;

	if (err == NULL)
		err = &local;
	nferr_clear(err);
	memset(&o.b, 0, sizeof(o.b));
	o.b.p = *buf;
	o.b.len = *buf ? *len : 0;
	o.b.cap = *buf ? *cap : 0;
	o.err = err;
	start = o.b.len;
	if (ob_grow(&o, 0) == -1)
		return -1;
	rc = dump_value(&o, v, 0);
	/* On failure keep what was there before; the buffer stays the
	 * caller's either way. */
	if (rc == -1)
		o.b.len = start;
	o.b.p[o.b.len] = '\0';
	*buf = o.b.p;
	*len = o.b.len;
	*cap = o.b.cap;
	return rc;
}

int
canon_dump(const json_t *v, char **out, size_t *len, struct nferr *err)
{
	char *b = NULL;
	size_t l = 0, cap = 0;

	*out = NULL;
	if (len != NULL)
		*len = 0;
	if (canon_dump_append(v, &b, &l, &cap, err) == -1) {
		free(b);
		return -1;
	}
	*out = b;
	if (len != NULL)
		*len = l;
	return 0;
}

int
canon_parse_canonical(const char *buf, size_t len,
    const struct canon_limits *lim, json_t **out, struct nferr *err)
{
	struct nferr local;
	json_t *v = NULL;
	char *d = NULL;
	size_t dlen = 0, i, n;

	if (err == NULL)
		err = &local;
	if (out != NULL)
		*out = NULL;
	if (canon_parse(buf, len, lim, &v, err) == -1)
		return -1;
	if (canon_dump(v, &d, &dlen, err) == -1) {
		json_decref(v);
		return -1;
	}
	if (dlen != len || memcmp(d, buf, len) != 0) {
		n = dlen < len ? dlen : len;
		for (i = 0; i < n && d[i] == buf[i]; i++)
			;
		free(d);
		json_decref(v);
		return fail(err, "not_canonical", "document is not in "
		    "canonical form: first difference from the canonical "
		    "bytes at byte offset %zu", i);
	}
	free(d);
	if (out != NULL)
		*out = v;
	else
		json_decref(v);
	return 0;
}
