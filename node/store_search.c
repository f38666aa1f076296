/*
 * store_search: full-text search (docs/storage.md, "Search"). The fold
 * shared by the index and the queries, the nfrank ranking function and
 * the tokenizer registered at open, the two-pass query (whole words,
 * then prefixes expanded through search_vocab), and its pages through
 * the ranked window (a keyset cursor: the ranking's avgdl and the last
 * row shown).
 */
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "store_int.h"
#include "utf8.h"

/* ---- fold ----------------------------------------------------------- */

/* The ASCII replacement of a Latin letter, or NULL to keep it. */
static const char *
fold_cp(uint32_t c)
{
	/* U+00C0..U+00FF, index c - 0xC0 */
	static const char *const latin1[64] = {
		"a", "a", "a", "a", "a", "a", "ae", "c",      /* C0-C7 */
		"e", "e", "e", "e", "i", "i", "i", "i",       /* C8-CF */
		"d", "n", "o", "o", "o", "o", "o", NULL,      /* D0-D7 */
		"o", "u", "u", "u", "u", "y", "th", "ss",     /* D8-DF */
		"a", "a", "a", "a", "a", "a", "ae", "c",      /* E0-E7 */
		"e", "e", "e", "e", "i", "i", "i", "i",       /* E8-EF */
		"d", "n", "o", "o", "o", "o", "o", NULL,      /* F0-F7 */
		"o", "u", "u", "u", "u", "y", "th", "y",      /* F8-FF */
	};
	/* U+0100..U+017F by ranges */
	static const struct {
		uint32_t lo, hi;
		const char *to;
	} extA[] = {
		{ 0x100, 0x105, "a" }, { 0x106, 0x10d, "c" }, { 0x10e, 0x111, "d" },
		{ 0x112, 0x11b, "e" }, { 0x11c, 0x123, "g" }, { 0x124, 0x127, "h" },
		{ 0x128, 0x131, "i" }, { 0x132, 0x133, "ij" }, { 0x134, 0x135, "j" },
		{ 0x136, 0x138, "k" }, { 0x139, 0x142, "l" }, { 0x143, 0x14b, "n" },
		{ 0x14c, 0x151, "o" }, { 0x152, 0x153, "oe" }, { 0x154, 0x159, "r" },
		{ 0x15a, 0x161, "s" }, { 0x162, 0x167, "t" }, { 0x168, 0x173, "u" },
		{ 0x174, 0x175, "w" }, { 0x176, 0x178, "y" }, { 0x179, 0x17e, "z" },
		{ 0x17f, 0x17f, "s" },
		/* Sami letters outside Latin-1/Extended-A */
		{ 0x1b7, 0x1b7, "z" }, { 0x1e4, 0x1e7, "g" }, { 0x1e8, 0x1e9, "k" },
		{ 0x1ee, 0x1ef, "z" }, { 0x292, 0x292, "z" },
	};
	size_t i;

	if (c >= 'A' && c <= 'Z')
		return NULL; /* handled by the caller */
	if (c >= 0xc0 && c <= 0xff)
		return latin1[c - 0xc0];
	for (i = 0; i < sizeof(extA) / sizeof(extA[0]); i++)
		if (c >= extA[i].lo && c <= extA[i].hi)
			return extA[i].to;
	return NULL;
}

size_t
store_fold(const char *in, char *out, size_t outlen)
{
	const unsigned char *s = (const unsigned char *)in;
	size_t n = strlen(in), o = 0, l, k;
	const char *to;
	uint32_t c;
	char ch;

	if (outlen == 0)
		return 0;
	while (n > 0) {
		l = utf8_decode(s, n, &c);
		if (l == 0) {           /* invalid byte: a separator */
			if (o + 1 >= outlen)
				break;
			out[o++] = ' ';
			s++;
			n--;
			continue;
		}
		if (c < 0x80) {
			ch = (char)c;
			if (ch >= 'A' && ch <= 'Z')
				ch = (char)(ch - 'A' + 'a');
			if (o + 1 >= outlen)
				break;
			out[o++] = ch;
		} else if ((to = fold_cp(c)) != NULL) {
			k = strlen(to);
			if (o + k >= outlen)
				break;
			memcpy(out + o, to, k);
			o += k;
		} else {
			if (o + l >= outlen)
				break;
			memcpy(out + o, s, l);
			o += l;
		}
		s += l;
		n -= l;
	}
	out[o] = '\0';
	return o;
}

/* ---- FTS5 hooks ------------------------------------------------------ */

/*
 * nfrank(search, avgdl, weight per column...): BM25 (k1 1.2, b 0.75,
 * column weights as bm25()) with a constant IDF. FTS5's bm25() computes
 * each phrase's IDF by counting its matches over the whole index, which
 * costs as much as the phrase is common; without it the cost per row
 * is that row's hits only. Lower is better, as with bm25().
 *
 * avgdl, the mean row length the length normalisation divides by, is
 * the argument when it is a positive number: a later page of a search
 * ranks with the one its first page used, carried in the cursor. Else
 * it is the one the store recorded for this search (s->rank_avgdl, so
 * that the cursors of one statement agree), else the whole table's
 * (xColumnTotalSize / xRowCount), which is then recorded there.
 */
struct rankdata {
	int nphrase;
	double avgdl;
	double *freq;
};

static void
rankdata_free(void *p)
{
	struct rankdata *r = p;

	if (r != NULL)
		free(r->freq);
	free(r);
}

static void
nfrank(const Fts5ExtensionApi *api, Fts5Context *fts, sqlite3_context *ctx,
    int nval, sqlite3_value **val)
{
	const double k1 = 1.2, b = 0.75;
	struct rankdata *r = api->xGetAuxdata(fts, 0);
	struct store *s = api->xUserData(fts);
	sqlite3_int64 nrow = 0, ntok = 0;
	int ninst = 0, i, ip, ic, io, dl = 0;
	double score = 0, norm;

	if (r == NULL) {
		if ((r = calloc(1, sizeof(*r))) == NULL) {
			sqlite3_result_error_nomem(ctx);
			return;
		}
		r->nphrase = api->xPhraseCount(fts);
		if ((r->freq = calloc((size_t)(r->nphrase > 0 ? r->nphrase : 1),
		    sizeof(double))) == NULL) {
			free(r);
			sqlite3_result_error_nomem(ctx);
			return;
		}
		if (nval > 0 && sqlite3_value_type(val[0]) == SQLITE_FLOAT &&
		    sqlite3_value_double(val[0]) > 0)
			r->avgdl = sqlite3_value_double(val[0]);
		else if (s != NULL && s->rank_avgdl > 0)
			r->avgdl = s->rank_avgdl;
		else {
			if (api->xRowCount(fts, &nrow) == SQLITE_OK &&
			    api->xColumnTotalSize(fts, -1, &ntok) ==
			    SQLITE_OK && nrow > 0)
				r->avgdl = (double)ntok / (double)nrow;
			if (!(r->avgdl > 0))
				r->avgdl = 1;
			if (s != NULL)
				s->rank_avgdl = r->avgdl;
		}
		/* on failure xSetAuxdata has called rankdata_free */
		if (api->xSetAuxdata(fts, r, rankdata_free) != SQLITE_OK) {
			sqlite3_result_error_nomem(ctx);
			return;
		}
	}
	memset(r->freq, 0, (size_t)r->nphrase * sizeof(double));
	if (api->xInstCount(fts, &ninst) != SQLITE_OK)
		ninst = 0;
	for (i = 0; i < ninst; i++) {
		if (api->xInst(fts, i, &ip, &ic, &io) != SQLITE_OK)
			break;
		if (ip >= 0 && ip < r->nphrase)
			r->freq[ip] += ic + 1 < nval ?
			    sqlite3_value_double(val[ic + 1]) : 1.0;
	}
	if (api->xColumnSize(fts, -1, &dl) != SQLITE_OK)
		dl = 0;
	norm = k1 * (1 - b + b * (double)dl / r->avgdl);
	for (i = 0; i < r->nphrase; i++)
		if (r->freq[i] > 0)
			score += r->freq[i] * (k1 + 1) / (r->freq[i] + norm);
	sqlite3_result_double(ctx, -score);
}

/* Register nfrank and get the tokenizer the search table uses. */
int
store_search_init(struct store *s, struct nferr *err)
{
	const char *args[] = { "remove_diacritics", "2" };
	fts5_api *api = NULL;
	sqlite3_stmt *q;
	void *ud = NULL;

	if (sqlite3_prepare_v2(s->db, "SELECT fts5(?1)", -1, &q, NULL) !=
	    SQLITE_OK)
		return store_db_err(s, err, "fts5");
	sqlite3_bind_pointer(q, 1, &api, "fts5_api_ptr", NULL);
	sqlite3_step(q);
	sqlite3_finalize(q);
	if (api == NULL || api->iVersion < 2)
		return nferr_set(err, "db_error", "",
		    "this SQLite has no FTS5");
	if (api->xCreateFunction(api, "nfrank", s, nfrank, NULL) !=
	    SQLITE_OK ||
	    api->xFindTokenizer(api, "unicode61", &ud, &s->tok) != SQLITE_OK ||
	    s->tok.xCreate(ud, args, 2, &s->tokinst) != SQLITE_OK) {
		s->tokinst = NULL;
		return nferr_set(err, "db_error", "",
		    "cannot set up the FTS5 ranking and tokenizer");
	}
	return 0;
}

struct qtok {
	int n;
	char first[2 * STORE_QUERY_MAX + 2];
};

static int
query_token(void *ctx, int tflags, const char *tok, int ntok, int start,
    int end)
{
	struct qtok *t = ctx;

	if (tflags & FTS5_TOKEN_COLOCATED)
		return SQLITE_OK;
	if (t->n++ == 0 && (size_t)ntok < sizeof(t->first)) {
		memcpy(t->first, tok, (size_t)ntok);
		t->first[ntok] = '\0';
	}
	return SQLITE_OK;
}

static int
add_quoted(struct nfbuf *b, const char *s, size_t len)
{
	size_t i;

	if (nfbuf_add(b, "\"", 1))
		return -1;
	for (i = 0; i < len; i++)
		if (nfbuf_add(b, s + i, 1) || (s[i] == '"' && nfbuf_add(b, "\"", 1)))
			return -1;
	return nfbuf_add(b, "\"", 1);
}

#define EXPAND_MAX 64   /* words a prefix may expand to */

/* Bytes of the first n UTF-8 characters of s (all of s if it has fewer),
 * and in *chars how many characters that is. */
static size_t
utf8_prefix(const char *s, size_t n, size_t *chars)
{
	size_t i = 0, c = 0;

	while (s[i] != '\0' && c < n) {
		i++;
		while (((unsigned char)s[i] & 0xc0) == 0x80)
			i++;
		c++;
	}
	*chars = c;
	return i;
}

/*
 * A two-character prefix as its whole word and the three-character
 * prefixes that begin with it ("st" OR "sta"* OR "ste"* ...), each served
 * by the 3-character prefix index. The three-character prefixes are
 * found in search_vocab one seek each: the first word at or after lo,
 * then lo moves past every word with that word's prefix. 0 with the
 * expression in alt, or -1 when there are more than EXPAND_MAX of them.
 */
static int
two_char_prefix(struct store *s, const char *tok, size_t tl, struct nfbuf *alt)
{
	char lo[3 * 4 + 2], hi[3 * 4 + 2], p3[3 * 4 + 1];
	sqlite3_stmt *q;
	size_t ll, pl, nch;
	int n = 0, rc = SQLITE_DONE;

	if (tl + 1 >= sizeof(hi) || add_quoted(alt, tok, tl))
		return -1;
	memcpy(hi, tok, tl);
	hi[tl] = '\xff';
	memcpy(lo, tok, tl);
	lo[tl] = '\x01';        /* past the word itself */
	ll = tl + 1;
	while (n <= EXPAND_MAX) {
		q = st(s, ST_VOCAB_RANGE);
		sqlite3_bind_text(q, 1, lo, (int)ll, SQLITE_TRANSIENT);
		sqlite3_bind_text(q, 2, hi, (int)tl + 1, SQLITE_TRANSIENT);
		sqlite3_bind_int(q, 3, 1);
		if ((rc = sqlite3_step(q)) != SQLITE_ROW) {
			sqlite3_reset(q);
			break;
		}
		pl = utf8_prefix(col_text(q, 0), 3, &nch);
		if (pl >= sizeof(p3)) {
			sqlite3_reset(q);
			return -1;
		}
		memcpy(p3, col_text(q, 0), pl);
		p3[pl] = '\0';
		sqlite3_reset(q);
		if (nch == 3) {
			if (nfbuf_add(alt, " OR ", 4) || add_quoted(alt, p3, pl) ||
			    nfbuf_add(alt, "*", 1))
				return -1;
			n++;
		}
		memcpy(lo, p3, pl);
		lo[pl] = '\xff';
		ll = pl + 1;
	}
	return rc == SQLITE_DONE && n <= EXPAND_MAX ? 0 : -1;
}

/*
 * One term as a prefix. A single token of 4 or more characters is
 * expanded through search_vocab into ("w1" OR "w2" ...), which FTS5
 * walks lazily; one of 3 characters is a native prefix query served by
 * the 3-character prefix index ("ung"*); one of 2 is its whole word and
 * the 3-character prefixes that begin with it (two_char_prefix). A term
 * that expands to more than EXPAND_MAX words, or that the tokenizer
 * splits, stays a native prefix query (docs/storage.md, "Search").
 */
static int
add_prefix(struct store *s, const char *term, size_t len, struct nfbuf *b)
{
	char hi[sizeof(((struct qtok *)0)->first) + 1];
	struct qtok t;
	struct nfbuf alt = NFBUF_INIT(0);
	sqlite3_stmt *q;
	size_t tl, nch;
	int n = 0, rc;

	memset(&t, 0, sizeof(t));
	if (s->tok.xTokenize(s->tokinst, &t, FTS5_TOKENIZE_QUERY, term,
	    (int)len, query_token) != SQLITE_OK || t.n != 1)
		goto native;
	tl = strlen(t.first);
	(void)utf8_prefix(t.first, 4, &nch);
	if (nch == 3)
		goto native;
	if (nch == 2) {
		if (two_char_prefix(s, t.first, tl, &alt) != 0)
			goto native;
		rc = nfbuf_add(b, "(", 1) || nfbuf_add(b, alt.p, alt.len) ||
		    nfbuf_add(b, ")", 1);
		free(alt.p);
		return rc ? -1 : 0;
	}
	if (nch < 4)
		goto native;
	memcpy(hi, t.first, tl);
	hi[tl] = '\xff';        /* above every UTF-8 continuation */
	q = st(s, ST_VOCAB_RANGE);
	sqlite3_bind_text(q, 1, t.first, (int)tl, SQLITE_TRANSIENT);
	sqlite3_bind_text(q, 2, hi, (int)tl + 1, SQLITE_TRANSIENT);
	sqlite3_bind_int(q, 3, EXPAND_MAX + 1);
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		if ((n > 0 && nfbuf_add(&alt, " OR ", 4)) ||
		    add_quoted(&alt, col_text(q, 0),
		    (size_t)sqlite3_column_bytes(q, 0))) {
			rc = SQLITE_NOMEM;
			break;
		}
		n++;
	}
	sqlite3_reset(q);
	if (rc == SQLITE_DONE && n >= 1 && n <= EXPAND_MAX) {
		rc = nfbuf_add(b, "(", 1) || nfbuf_add(b, alt.p, alt.len) ||
		    nfbuf_add(b, ")", 1);
		free(alt.p);
		return rc ? -1 : 0;
	}
native:
	free(alt.p);
	if (add_quoted(b, term, len))
		return -1;
	return nfbuf_add(b, len > 1 ? "*" : "", len > 1 ? 1 : 0);
}

/*
 * The FTS5 expression for a user query: each white-space separated term
 * folded and quoted ("" doubled), as a whole word (prefix 0) or as a
 * prefix (add_prefix), all ANDed, limited to the name and text columns,
 * and a kind filter when types is not 0. Terms with no letter or digit
 * are dropped (they index to nothing). Returns the number of terms; 0
 * means no query.
 */
static int
fts_query(struct store *s, const char *q, unsigned types, int prefix,
    struct nfbuf *b)
{
	char term[STORE_QUERY_MAX + 1], folded[2 * STORE_QUERY_MAX + 2];
	const char *p = q, *start;
	size_t len, i;
	int nterms = 0, t, alnum, first = 1;

	if (types) {
		if (nfbuf_add(b, "{kind} : (", 10))
			return -1;
		for (t = REC_NONE + 1; t < REC__COUNT; t++) {
			if (!(types & (1u << t)))
				continue;
			if ((!first && nfbuf_add(b, " OR ", 4)) ||
			    nfbuf_add(b, "k", 1) || nfbuf_add(b, record_type_kind(t),
			    strlen(record_type_kind(t))))
				return -1;
			first = 0;
		}
		if (first)      /* no known type in the mask */
			return 0;
		if (nfbuf_add(b, ") AND ", 6))
			return -1;
	}
	if (nfbuf_add(b, "{name text} : (", 15))
		return -1;
	while (*p && nterms < STORE_QUERY_TERMS) {
		while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')
			p++;
		start = p;
		while (*p && *p != ' ' && *p != '\t' && *p != '\n' && *p != '\r')
			p++;
		len = (size_t)(p - start);
		if (len == 0)
			break;
		if (len > STORE_QUERY_MAX)
			len = STORE_QUERY_MAX;
		memcpy(term, start, len);
		term[len] = '\0';
		len = store_fold(term, folded, sizeof(folded));
		for (i = 0, alnum = 0; i < len; i++)
			if ((folded[i] >= 'a' && folded[i] <= 'z') ||
			    (folded[i] >= '0' && folded[i] <= '9') ||
			    (unsigned char)folded[i] >= 0x80)
				alnum = 1;
		if (!alnum)
			continue;
		if (nterms > 0 && nfbuf_add(b, " AND ", 5))
			return -1;
		if (prefix ? add_prefix(s, folded, len, b) :
		    add_quoted(b, folded, len))
			return -1;
		nterms++;
	}
	if (nfbuf_add(b, ")", 1))
		return -1;
	return nterms;
}

/* One result as text: {"id","type","origin","seq","name","body"}, the
 * body spliced as stored. */
static int
search_item(struct nfbuf *b, sqlite3_stmt *q)
{
	const char *body = col_text(q, 5);
	char num[32];
	int n = snprintf(num, sizeof(num), ",\"seq\":%lld",
	    (long long)sqlite3_column_int64(q, 3));

	return nfbuf_add(b, "{\"id\":", 6) ||
	    store_text_str(b, col_text(q, 0)) ||
	    nfbuf_add(b, ",\"type\":", 8) ||
	    store_text_str(b, kind_type_name(col_text(q, 1))) ||
	    nfbuf_add(b, ",\"origin\":", 10) ||
	    store_text_str(b, col_text(q, 2)) ||
	    nfbuf_add(b, num, (size_t)n) ||
	    nfbuf_add(b, ",\"name\":", 8) ||
	    store_text_str(b, col_text(q, 4)) ||
	    nfbuf_add(b, ",\"body\":", 8) ||
	    (body != NULL ? nfbuf_add(b, body,
	    (size_t)sqlite3_column_bytes(q, 5)) :
	    nfbuf_add(b, "null", 4)) ||
	    nfbuf_add(b, "}", 1) ? -1 : 0;
}

/*
 * Where a page of search results starts (the cursor, opaque to clients:
 * base64url of "<pass>.<avgdl>.<group>.<score>.<rid>.<bound>.<query>"):
 * the pass (e whole words, p prefixes); avgdl, the mean row length the
 * first page ranked with (16 hex digits, the double's bits), so that
 * records created since, outside the window, do not reorder it; the
 * last row shown, its group (0 whole-word match, 1 prefix only: the
 * prefix pass ranks whole-word matches first), its score (16 hex
 * digits, the double's bits, exact) and its rid, so that the next page
 * is the rows ranked after it, whatever was deleted meanwhile; the
 * highest rowid of the window, so that records created since are not in
 * it; and the query it belongs to (SEARCH_TAG_HEX hex digits of the
 * BLAKE2b of its whole-word expression, which holds the folded terms
 * and the types), so that a cursor given with another query is refused
 * rather than cut from that query's ranking.
 */
#define SEARCH_TAG_BYTES 6
#define SEARCH_TAG_HEX (2 * SEARCH_TAG_BYTES)

struct search_pos {
	char pass;
	int group;              /* of the last row shown: 0 or 1 */
	double avgdl;           /* 0: the first page, none yet */
	double score;           /* of the last row shown */
	sqlite3_int64 rid;      /* of the last row shown; 0: the first page */
	sqlite3_int64 bound;
	char tag[SEARCH_TAG_HEX + 1];
};

/* "p.<16>.1.<16>.<19>.<19>.<12>": 90 bytes at most */
#define SEARCH_CURSOR_TEXT 96
#define SEARCH_CURSOR_FIELDS 7

/* A field of exactly 16 lower-case hex digits as a finite double. */
static int
cursor_double(const char *f, size_t len, double *out)
{
	uint64_t u = 0;
	size_t i;

	if (len != 16)
		return -1;
	for (i = 0; i < len; i++) {
		if (f[i] >= '0' && f[i] <= '9')
			u = u << 4 | (uint64_t)(f[i] - '0');
		else if (f[i] >= 'a' && f[i] <= 'f')
			u = u << 4 | (uint64_t)(f[i] - 'a' + 10);
		else
			return -1;
	}
	memcpy(out, &u, sizeof(*out));
	return isfinite(*out) ? 0 : -1;
}

/* A field of 1..19 decimal digits, no leading zero, 1..LLONG_MAX - 1. */
static int
cursor_int(const char *f, size_t len, sqlite3_int64 *out)
{
	unsigned long long v = 0;
	size_t i;

	if (len < 1 || len > 19 || f[0] == '0')
		return -1;
	for (i = 0; i < len; i++) {
		if (f[i] < '0' || f[i] > '9')
			return -1;
		v = v * 10 + (unsigned long long)(f[i] - '0');
	}
	if (v >= (unsigned long long)LLONG_MAX)
		return -1;
	*out = (sqlite3_int64)v;
	return 0;
}

static int
search_cursor_parse(const char *cur, struct search_pos *pos, struct nferr *err)
{
	unsigned char bin[SEARCH_CURSOR_TEXT];
	const char *f[SEARCH_CURSOR_FIELDS];
	size_t fl[SEARCH_CURSOR_FIELDS], n, len = strlen(cur), i, k = 0;
	char txt[SEARCH_CURSOR_TEXT + 1];

	if (len > 2 * SEARCH_CURSOR_TEXT || sodium_base642bin(bin, sizeof(bin),
	    cur, len, NULL, &n, NULL, sodium_base64_VARIANT_URLSAFE_NO_PADDING)
	    != 0 || n < 1)
		goto bad;
	memcpy(txt, bin, n);
	txt[n] = '\0';
	f[0] = txt;
	for (i = 0; i < n; i++) {
		if (txt[i] == '\0')
			goto bad;
		if (txt[i] != '.')
			continue;
		fl[k] = (size_t)(txt + i - f[k]);
		if (++k >= SEARCH_CURSOR_FIELDS)
			goto bad;
		f[k] = txt + i + 1;
	}
	fl[k] = (size_t)(txt + n - f[k]);
	if (k != SEARCH_CURSOR_FIELDS - 1)
		goto bad;
	if (fl[0] != 1 || (f[0][0] != 'e' && f[0][0] != 'p'))
		goto bad;
	pos->pass = f[0][0];
	if (cursor_double(f[1], fl[1], &pos->avgdl) != 0 || !(pos->avgdl > 0))
		goto bad;
	/* the whole-word pass has one group */
	if (fl[2] != 1 || (f[2][0] != '0' && f[2][0] != '1') ||
	    (pos->pass == 'e' && f[2][0] != '0'))
		goto bad;
	pos->group = f[2][0] - '0';
	/* nfrank's scores are 0 or less */
	if (cursor_double(f[3], fl[3], &pos->score) != 0 || pos->score > 0)
		goto bad;
	if (cursor_int(f[4], fl[4], &pos->rid) != 0 ||
	    cursor_int(f[5], fl[5], &pos->bound) != 0 || pos->rid > pos->bound)
		goto bad;
	if (fl[6] != SEARCH_TAG_HEX)
		goto bad;
	for (i = 0; i < fl[6]; i++)
		if (!((f[6][i] >= '0' && f[6][i] <= '9') ||
		    (f[6][i] >= 'a' && f[6][i] <= 'f')))
			goto bad;
	memcpy(pos->tag, f[6], SEARCH_TAG_HEX);
	pos->tag[SEARCH_TAG_HEX] = '\0';
	return 0;
bad:
	return nferr_set(err, "bad_cursor", "/cursor",
	    "the cursor is not one this node gave out");
}

/* The query's tag: which search a cursor belongs to. */
static void
search_tag(const struct nfbuf *exact, char tag[SEARCH_TAG_HEX + 1])
{
	unsigned char h[SEARCH_TAG_BYTES];

	crypto_generichash(h, sizeof(h), (const unsigned char *)exact->p,
	    exact->len, NULL, 0);
	sodium_bin2hex(tag, SEARCH_TAG_HEX + 1, h, sizeof(h));
}

static uint64_t
double_bits(double d)
{
	uint64_t u;

	memcpy(&u, &d, sizeof(u));
	return u;
}

static int
search_cursor_add(struct nfbuf *out, const struct search_pos *p)
{
	char txt[SEARCH_CURSOR_TEXT], b64[2 * SEARCH_CURSOR_TEXT];
	int n = snprintf(txt, sizeof(txt), "%c.%016llx.%d.%016llx.%lld.%lld.%s",
	    p->pass, (unsigned long long)double_bits(p->avgdl), p->group,
	    (unsigned long long)double_bits(p->score), (long long)p->rid,
	    (long long)p->bound, p->tag);

	if (n < 0 || (size_t)n >= sizeof(txt))
		return -1;
	sodium_bin2base64(b64, sizeof(b64), (const unsigned char *)txt,
	    (size_t)n, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	return store_text_str(out, b64);
}

/*
 * Run one pass (pos->pass: e the whole words b, p the prefixes b with
 * the whole words exact), the page after pos: up to limit items
 * (comma-separated) appended to out; *n is how many, *more whether
 * the window has rows after them, and last the last one's place.
 */
static int
search_run(struct store *s, const struct nfbuf *b, const struct nfbuf *exact,
    int limit, const struct search_pos *pos, struct nfbuf *out, int *n,
    int *more, struct search_pos *last, struct nferr *err)
{
	sqlite3_stmt *q = st(s, pos->pass == 'p' ? ST_SEARCH_PRE : ST_SEARCH);
	int rc;

	*n = 0;
	*more = 0;
	sqlite3_bind_text(q, 1, b->p, (int)b->len, SQLITE_TRANSIENT);
	sqlite3_bind_int(q, 2, STORE_SEARCH_WINDOW);
	sqlite3_bind_int(q, 3, limit + 1);
	sqlite3_bind_int64(q, 4, pos->bound);
	if (pos->avgdl > 0)
		sqlite3_bind_double(q, 5, pos->avgdl);
	else
		sqlite3_bind_null(q, 5);
	if (pos->rid > 0) {
		sqlite3_bind_double(q, 6, pos->score);
		sqlite3_bind_int64(q, 7, pos->rid);
	} else {
		sqlite3_bind_null(q, 6);
		sqlite3_bind_null(q, 7);
	}
	if (pos->pass == 'p') {
		sqlite3_bind_text(q, 8, exact->p, (int)exact->len,
		    SQLITE_TRANSIENT);
		sqlite3_bind_int(q, 9, pos->group);
	}
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		if (*n == limit) {
			*more = 1;
			continue;
		}
		if ((*n > 0 && nfbuf_add(out, ",", 1) != 0) ||
		    search_item(out, q) != 0) {
			rc = SQLITE_NOMEM;
			break;
		}
		last->score = sqlite3_column_double(q, 6);
		last->rid = sqlite3_column_int64(q, 7);
		last->group = pos->pass == 'p' ? sqlite3_column_int(q, 8) : 0;
		(*n)++;
	}
	sqlite3_reset(q);
	if (rc == SQLITE_DONE)
		return 0;
	if (rc == SQLITE_NOMEM)
		return nferr_set(err, "internal", "", "out of memory");
	return store_db_err(s, err, "search");
}

/*
 * The window of b at or below bound: its highest rowid in *top and in
 * *truncated whether it left matches out. The whole-word pass counts
 * one match past the window, from the rowids alone. The prefix pass's
 * window also holds every whole-word match (exact), so it leaves a
 * match out only when one past the window is not a whole-word match.
 */
static int
search_window(struct store *s, char pass, const struct nfbuf *b,
    const struct nfbuf *exact, sqlite3_int64 bound, sqlite3_int64 *top,
    int *truncated, struct nferr *err)
{
	sqlite3_stmt *q = st(s, pass == 'p' ? ST_SEARCH_WIN_PRE :
	    ST_SEARCH_WIN);
	int rc, i = 0;

	*top = 0;
	*truncated = 0;
	sqlite3_bind_text(q, 1, b->p, (int)b->len, SQLITE_TRANSIENT);
	sqlite3_bind_int64(q, 2, bound);
	sqlite3_bind_int(q, 3, STORE_SEARCH_WINDOW);
	if (pass != 'p') {
		if ((rc = sqlite3_step(q)) == SQLITE_ROW) {
			*top = sqlite3_column_int64(q, 1);
			*truncated = sqlite3_column_int(q, 0) >
			    STORE_SEARCH_WINDOW;
			rc = SQLITE_DONE;
		}
	} else {
		sqlite3_bind_text(q, 4, exact->p, (int)exact->len,
		    SQLITE_TRANSIENT);
		while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
			if (i++ == 0)
				*top = sqlite3_column_int64(q, 0);
			if (i > STORE_SEARCH_WINDOW &&
			    sqlite3_column_int(q, 1) == 0) {
				*truncated = 1;
				rc = SQLITE_DONE;
				break;
			}
		}
	}
	sqlite3_reset(q);
	return rc == SQLITE_DONE ? 0 : store_db_err(s, err, "search");
}

/*
 * Two passes (docs/storage.md, "Search"): the terms as whole words
 * first, which FTS5 walks lazily newest first and stops at the window;
 * only when that fills less than the first page, the terms as prefixes,
 * whose cost grows with the postings of every word they expand to, over
 * a window that also holds the whole-word matches, ranked first. The
 * first page's pass and avgdl are the cursor's, so every later page
 * ranks the same window the same way, and goes on after the last row
 * the page before showed (docs/storage.md, "Pages").
 */
int
store_search_text(struct store *s, const char *q, unsigned types, int limit,
    const char *cursor, struct nfbuf *out, struct nferr *err)
{
	struct nfbuf exact = NFBUF_INIT(0), pre = NFBUF_INIT(0);
	struct search_pos pos, last;
	char tag[SEARCH_TAG_HEX + 1] = "";
	const struct nfbuf *expr = &exact;
	sqlite3_int64 top = 0;
	size_t start;
	int n, got = 0, more = 0, truncated = 0, rc = -1;

	memset(&pos, 0, sizeof(pos));
	pos.pass = 'e';
	pos.bound = LLONG_MAX;
	if (store_limit_check(limit, &limit, err) != 0)
		return -1;
	if (cursor != NULL && search_cursor_parse(cursor, &pos, err) != 0)
		return -1;
	if (q == NULL)
		q = "";
	if (strlen(q) > STORE_QUERY_MAX)
		return nferr_set(err, "too_long", "/q",
		    "the query is longer than %d bytes", STORE_QUERY_MAX);
	if ((n = fts_query(s, q, types, 0, &exact)) < 0 ||
	    (n > 0 && fts_query(s, q, types, 1, &pre) < 0) ||
	    nfbuf_add(out, "{\"items\":[", 10) != 0) {
		nferr_set(err, "internal", "", "out of memory");
		goto out;
	}
	start = out->len;
	if (n > 0)
		search_tag(&exact, tag);
	if (cursor != NULL && strcmp(pos.tag, tag) != 0) {
		nferr_set(err, "bad_cursor", "/cursor",
		    "the cursor belongs to another search (q or type differ)");
		goto out;
	}
	/* the first page records the avgdl it ranks with */
	s->rank_avgdl = 0;
	last = pos;
	if (n > 0) {
		if (pos.pass == 'p')
			expr = &pre;
		if (search_run(s, expr, &exact, limit, &pos, out, &got, &more,
		    &last, err) != 0)
			goto out;
		if (cursor == NULL && got < limit && pre.p != NULL &&
		    strcmp(exact.p, pre.p) != 0) {
			out->len = start;
			out->p[start] = '\0';
			pos.pass = last.pass = 'p';
			expr = &pre;
			if (search_run(s, expr, &exact, limit, &pos, out, &got,
			    &more, &last, err) != 0)
				goto out;
		}
		/* the window's top for the next cursor, and truncated; a
		 * first page without a next page is the whole window
		 * (fewer rows than a page, less than STORE_SEARCH_WINDOW):
		 * nothing left out, nothing more to ask */
		if ((cursor != NULL || more) && search_window(s, pos.pass,
		    expr, &exact, pos.bound, &top, &truncated, err) != 0)
			goto out;
	}
	if (cursor == NULL) {
		last.avgdl = s->rank_avgdl;
		last.bound = top;
	}
	memcpy(last.tag, tag, sizeof(last.tag));
	if (nfbuf_add(out, "],\"next\":", 9) != 0 ||
	    (more && last.avgdl > 0 && last.bound > 0 ?
	    search_cursor_add(out, &last) : nfbuf_add(out, "null", 4)) != 0 ||
	    nfbuf_add(out, ",\"truncated\":", 13) != 0 ||
	    (truncated ? nfbuf_add(out, "true}", 5) :
	    nfbuf_add(out, "false}", 6))
	    != 0)
		nferr_set(err, "internal", "", "out of memory");
	else
		rc = 0;
out:
	free(exact.p);
	free(pre.p);
	return rc;
}

int
store_search(struct store *s, const char *q, unsigned types, int limit,
    const char *cursor, json_t **out, struct nferr *err)
{
	struct nfbuf t = NFBUF_INIT(0);

	*out = NULL;
	if (store_search_text(s, q, types, limit, cursor, &t, err) != 0) {
		free(t.p);
		return -1;
	}
	*out = json_loadb(t.p, t.len, JSON_REJECT_DUPLICATES, NULL);
	free(t.p);
	return *out ? 0 : nferr_set(err, "internal", "", "out of memory");
}
