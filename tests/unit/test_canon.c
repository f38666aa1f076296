/*
 * test_canon: unit tests for protocol/canon.c.
 *
 * Runs the golden vectors in every .json file of $NORDFED_VECTORS/canon
 * (default tests/vectors/canon) and direct tests of the API beside them. Vector files
 * are read with jansson's json_load_file; everything under test goes through
 * canon_*.
 */
#include <dirent.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <jansson.h>

#include "canon.h"

/* ---- vectors ------------------------------------------------------------- */

struct vstats {
	int run;
	int failed;
};

static int
hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Decode hex into a malloc'd buffer; NULL on bad hex. */
static char *
unhex(const char *hex, size_t hlen, size_t *len)
{
	char *b;
	size_t i;
	int hi, lo;

	if (hlen % 2 != 0)
		return NULL;
	if ((b = malloc(hlen / 2 + 1)) == NULL)
		return NULL;
	for (i = 0; i < hlen / 2; i++) {
		hi = hexval((unsigned char)hex[2 * i]);
		lo = hexval((unsigned char)hex[2 * i + 1]);
		if (hi < 0 || lo < 0) {
			free(b);
			return NULL;
		}
		b[i] = (char)(hi << 4 | lo);
	}
	*len = hlen / 2;
	return b;
}

static void vfail(struct vstats *st, const char *file, const char *name,
    const char *fmt, ...) __attribute__((format(printf, 4, 5)));

static void
vfail(struct vstats *st, const char *file, const char *name,
    const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "vector FAILED %s: %s: ", file, name);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	st->failed++;
}

/* Parse errors must point at a byte offset (too_large is about the whole). */
static int
msg_ok(const struct nferr *e)
{
	if (e->msg[0] == '\0')
		return 0;
	if (strcmp(e->code, "too_large") == 0 ||
	    strcmp(e->code, "not_canonical") == 0)
		return 1;
	return strstr(e->msg, "byte offset") != NULL;
}

static void
run_case(struct vstats *st, const char *file, int check_mode, json_t *c)
{
	const char *name = json_string_value(json_object_get(c, "name"));
	json_t *jin = json_object_get(c, "input");
	json_t *jhex = json_object_get(c, "input_hex");
	json_t *jcanon = json_object_get(c, "canonical");
	json_t *jerr = json_object_get(c, "error");
	json_t *jfield = json_object_get(c, "field");
	json_t *v = NULL, *v2 = NULL;
	struct nferr e;
	char *in = NULL, *out = NULL, *out2 = NULL;
	size_t inlen = 0, outlen = 0, out2len = 0;
	int rc;

	if (name == NULL)
		name = "(unnamed)";
	st->run++;
	if (json_is_string(jhex)) {
		in = unhex(json_string_value(jhex), json_string_length(jhex),
		    &inlen);
		if (in == NULL) {
			vfail(st, file, name, "bad input_hex");
			return;
		}
	} else if (json_is_string(jin)) {
		inlen = json_string_length(jin);
		if ((in = malloc(inlen + 1)) == NULL) {
			vfail(st, file, name, "out of memory");
			return;
		}
		memcpy(in, json_string_value(jin), inlen);
	} else {
		vfail(st, file, name, "no input or input_hex");
		return;
	}

	if (check_mode) {
		rc = canon_parse_canonical(in, inlen, NULL, &v, &e);
		if (json_is_true(jcanon)) {
			if (rc != 0)
				vfail(st, file, name, "expected canonical, got "
				    "%s (%s)", e.code, e.msg);
			else if (canon_dump(v, &out, &outlen, &e) != 0 ||
			    outlen != inlen || memcmp(out, in, inlen) != 0)
				vfail(st, file, name, "re-dump differs");
		} else if (json_is_string(jerr)) {
			if (rc == 0)
				vfail(st, file, name, "expected error %s, got "
				    "success", json_string_value(jerr));
			else if (strcmp(e.code, json_string_value(jerr)) != 0)
				vfail(st, file, name, "expected error %s, got "
				    "%s (%s)", json_string_value(jerr), e.code,
				    e.msg);
			else if (!msg_ok(&e))
				vfail(st, file, name, "poor message '%s'",
				    e.msg);
			else if (v != NULL)
				vfail(st, file, name, "value returned on error");
		} else
			vfail(st, file, name, "check case needs canonical: "
			    "true or error");
		goto out;
	}

	rc = canon_parse(in, inlen, NULL, &v, &e);
	if (json_is_string(jcanon)) {
		const char *want = json_string_value(jcanon);
		size_t wlen = json_string_length(jcanon);

		if (rc != 0) {
			vfail(st, file, name, "expected success, got %s at "
			    "'%s' (%s)", e.code, e.field, e.msg);
			goto out;
		}
		if (canon_dump(v, &out, &outlen, &e) != 0) {
			vfail(st, file, name, "dump failed: %s (%s)", e.code,
			    e.msg);
			goto out;
		}
		if (outlen != wlen || memcmp(out, want, wlen) != 0) {
			vfail(st, file, name, "canonical mismatch:\n  got:  "
			    "%.*s\n  want: %s", (int)outlen, out, want);
			goto out;
		}
		/* Idempotence: the canonical form is accepted as canonical. */
		if (canon_parse_canonical(out, outlen, NULL, &v2, &e) != 0) {
			vfail(st, file, name, "canonical output rejected by "
			    "canon_parse_canonical: %s (%s)", e.code, e.msg);
			goto out;
		}
		if (canon_dump(v2, &out2, &out2len, &e) != 0 ||
		    out2len != outlen || memcmp(out, out2, outlen) != 0)
			vfail(st, file, name, "re-dump not identical");
		else if (!json_equal(v, v2))
			vfail(st, file, name, "re-parsed value differs");
	} else if (json_is_string(jerr)) {
		if (rc == 0) {
			vfail(st, file, name, "expected error %s, got success",
			    json_string_value(jerr));
			goto out;
		}
		if (strcmp(e.code, json_string_value(jerr)) != 0) {
			vfail(st, file, name, "expected error %s, got %s (%s)",
			    json_string_value(jerr), e.code, e.msg);
			goto out;
		}
		if (json_is_string(jfield) &&
		    strcmp(e.field, json_string_value(jfield)) != 0) {
			vfail(st, file, name, "expected field '%s', got '%s'",
			    json_string_value(jfield), e.field);
			goto out;
		}
		if (!msg_ok(&e))
			vfail(st, file, name, "poor message '%s'", e.msg);
		else if (v != NULL)
			vfail(st, file, name, "value returned on error");
	} else
		vfail(st, file, name, "case needs canonical or error");
out:
	free(in);
	free(out);
	free(out2);
	json_decref(v);
	json_decref(v2);
}

static int
is_json_file(const struct dirent *d)
{
	size_t n = strlen(d->d_name);

	return n > 5 && strcmp(d->d_name + n - 5, ".json") == 0;
}

static void
test_vectors(void **state)
{
	const char *base = getenv("NORDFED_VECTORS");
	struct dirent **ents = NULL;
	struct vstats st = { 0, 0 };
	char dir[1024], path[2048];
	json_error_t jerr;
	json_t *cases, *c;
	size_t i;
	int n, k;

	(void)state;
	if (base == NULL || base[0] == '\0')
		base = "tests/vectors";
	snprintf(dir, sizeof(dir), "%s/canon", base);
	n = scandir(dir, &ents, is_json_file, alphasort);
	if (n < 0)
		fail_msg("cannot read vector directory %s", dir);
	for (k = 0; k < n; k++) {
		snprintf(path, sizeof(path), "%s/%s", dir, ents[k]->d_name);
		cases = json_load_file(path, JSON_REJECT_DUPLICATES, &jerr);
		if (!json_is_array(cases)) {
			fprintf(stderr, "vector file %s: %s (line %d)\n", path,
			    cases ? "not an array" : jerr.text, jerr.line);
			st.failed++;
			json_decref(cases);
			continue;
		}
		json_array_foreach(cases, i, c)
			run_case(&st, ents[k]->d_name,
			    strcmp(ents[k]->d_name, "check.json") == 0, c);
		json_decref(cases);
	}
	for (k = 0; k < n; k++)
		free(ents[k]);
	free(ents);
	printf("canon vectors: %d run, %d failed (%s)\n", st.run, st.failed,
	    dir);
	assert_int_equal(st.failed, 0);
	assert_true(st.run > 50);
}

/* ---- direct tests ---------------------------------------------------------- */

static void
expect_dump(json_t *v, const char *want)
{
	struct nferr e;
	char *out = NULL;
	size_t len = 0;

	if (canon_dump(v, &out, &len, &e) != 0)
		fail_msg("dump failed: %s (%s)", e.code, e.msg);
	assert_non_null(out);
	assert_int_equal(len, strlen(want));
	assert_string_equal(out, want);
	free(out);
	json_decref(v);
}

static void
expect_dump_err(json_t *v, const char *code, const char *field)
{
	struct nferr e;
	char *out = (char *)&e;   /* must be reset to NULL */
	size_t len = 7;

	assert_int_equal(canon_dump(v, &out, &len, &e), -1);
	assert_null(out);
	assert_int_equal(len, 0);
	assert_string_equal(e.code, code);
	assert_string_equal(e.field, field);
	assert_true(e.msg[0] != '\0');
	json_decref(v);
}

static json_t *
nest_arrays(int n)
{
	json_t *v = json_integer(1), *a;
	int i;

	for (i = 0; i < n; i++) {
		a = json_array();
		json_array_append_new(a, v);
		v = a;
	}
	return v;
}

static void
test_dump_values(void **state)
{
	json_t *o;

	(void)state;
	expect_dump(json_pack("{s:i, s:i, s:[b, b, n], s:s}", "b", 1, "a",
	    -2, "c", 1, 0, "d", "x/y\x7f\xc3\xa5"),
	    "{\"a\":-2,\"b\":1,\"c\":[true,false,null],\"d\":\"x/y\x7f"
	    "\xc3\xa5\"}");
	expect_dump(json_integer(CANON_INT_MAX), "9007199254740991");
	expect_dump(json_integer(-CANON_INT_MAX), "-9007199254740991");
	expect_dump(json_integer(0), "0");
	expect_dump(json_string("\x01\x1f\b\t\n\f\r\"\\"),
	    "\"\\u0001\\u001f\\b\\t\\n\\f\\r\\\"\\\\\"");
	expect_dump(json_string("a\xcc\x8a"), "\"a\xcc\x8a\"");
	expect_dump(json_string("\xe2\x80\xa8"), "\"\xe2\x80\xa8\"");
	expect_dump(json_string("\xf0\x9f\x98\x80"), "\"\xf0\x9f\x98\x80\"");
	expect_dump(json_object(), "{}");
	expect_dump(json_array(), "[]");
	expect_dump(nest_arrays(CANON_MAX_DEPTH),
	    "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]");

	/* Many keys: beyond the serialiser's on-stack member array. */
	o = json_object();
	for (int i = 99; i >= 0; i--) {
		char k[16];

		snprintf(k, sizeof(k), "k%02d", i);
		json_object_set_new(o, k, json_integer(i));
	}
	{
		struct nferr e;
		char *out = NULL;
		size_t len;

		assert_int_equal(canon_dump(o, &out, &len, &e), 0);
		assert_non_null(strstr(out, "{\"k00\":0,\"k01\":1,"));
		assert_non_null(strstr(out, "\"k98\":98,\"k99\":99}"));
		free(out);
		json_decref(o);
	}

	/* Keys with bytes jansson allows but canonical form does not. */
	o = json_object();
	json_object_setn_new_nocheck(o, "a\0b", 3, json_integer(1));
	expect_dump_err(o, "nul_character", "/a");

	expect_dump_err(json_real(1.0), "real_number", "");
	expect_dump_err(json_pack("{s:{s:[i,f]}}", "a", "b", 1, 0.5),
	    "real_number", "/a/b/1");
	expect_dump_err(json_integer(CANON_INT_MAX + 1),
	    "integer_out_of_range", "");
	expect_dump_err(json_integer(-CANON_INT_MAX - 1),
	    "integer_out_of_range", "");
	expect_dump_err(json_pack("{s:I}", "n", (json_int_t)INT64_MAX),
	    "integer_out_of_range", "/n");
	expect_dump_err(json_pack("[I]", (json_int_t)INT64_MIN),
	    "integer_out_of_range", "/0");
	expect_dump_err(json_stringn("a\0b", 3), "nul_character", "");
	expect_dump_err(json_stringn_nocheck("\xc3", 1), "invalid_utf8", "");
	expect_dump_err(json_stringn_nocheck("\xed\xa0\x80", 3),
	    "invalid_utf8", "");
	expect_dump_err(json_pack("{s:o}", "x~/y",
	    json_stringn_nocheck("\xc0\xaf", 2)), "invalid_utf8", "/x~0~1y");
	expect_dump_err(nest_arrays(CANON_MAX_DEPTH + 1), "too_deep",
	    "/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0");
}

static void
test_dump_append(void **state)
{
	struct nferr e;
	char *buf = NULL;
	size_t len = 12345, cap = 999;
	json_t *v;
	int i;

	(void)state;
	v = json_pack("{s:i,s:i}", "b", 2, "a", 1);
	assert_int_equal(canon_dump_append(v, &buf, &len, &cap, &e), 0);
	assert_non_null(buf);
	assert_int_equal(len, 13);
	assert_true(cap > len);
	assert_string_equal(buf, "{\"a\":1,\"b\":2}");
	assert_int_equal(canon_dump_append(v, &buf, &len, &cap, NULL), 0);
	assert_int_equal(len, 26);
	assert_string_equal(buf, "{\"a\":1,\"b\":2}{\"a\":1,\"b\":2}");
	json_decref(v);

	/* A failure leaves the earlier contents as they were. */
	v = json_pack("[i,s,f]", 1, "x", 1.5);
	assert_int_equal(canon_dump_append(v, &buf, &len, &cap, &e), -1);
	assert_string_equal(e.code, "real_number");
	assert_string_equal(e.field, "/2");
	assert_int_equal(len, 26);
	assert_int_equal(strlen(buf), 26);
	json_decref(v);

	/* Growth across many appends; stays NUL terminated. */
	v = json_string("0123456789");
	for (i = 0; i < 1000; i++)
		assert_int_equal(canon_dump_append(v, &buf, &len, &cap, &e), 0);
	assert_int_equal(len, 26 + 1000 * 12);
	assert_int_equal(strlen(buf), len);
	assert_true(cap > len);
	assert_memory_equal(buf + len - 12, "\"0123456789\"", 12);
	json_decref(v);
	free(buf);

	/* Starting from a caller's own malloc'd buffer. */
	cap = 4;
	buf = malloc(cap);
	memcpy(buf, "ab", 3);
	len = 2;
	v = json_integer(-7);
	assert_int_equal(canon_dump_append(v, &buf, &len, &cap, &e), 0);
	assert_string_equal(buf, "ab-7");
	assert_int_equal(len, 4);
	json_decref(v);
	free(buf);
}

static void
test_limits(void **state)
{
	struct canon_limits lim = { 0, 0 };
	struct nferr e;
	json_t *v = NULL;
	char *big;
	size_t n = CANON_MAX_BYTES + 1;

	(void)state;
	lim.max_bytes = 10;
	assert_int_equal(canon_parse("[1,2,3,45]", 10, &lim, &v, &e), 0);
	json_decref(v);
	assert_int_equal(canon_parse("[1,2,3,456]", 11, &lim, &v, &e), -1);
	assert_string_equal(e.code, "too_large");
	assert_null(v);
	/* Checked first, before anything else about the input. */
	assert_int_equal(canon_parse("\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff"
	    "\xff", 11, &lim, &v, &e), -1);
	assert_string_equal(e.code, "too_large");
	assert_int_equal(canon_parse_canonical("[1,2,3,456]", 11, &lim, NULL,
	    &e), -1);
	assert_string_equal(e.code, "too_large");

	lim.max_bytes = 0;
	lim.max_depth = 2;
	assert_int_equal(canon_parse("[{\"a\":1}]", 9, &lim, &v, &e), 0);
	json_decref(v);
	assert_int_equal(canon_parse("[{\"a\":[]}]", 10, &lim, &v, &e), -1);
	assert_string_equal(e.code, "too_deep");
	assert_string_equal(e.field, "/0/a");
	lim.max_depth = 1;
	assert_int_equal(canon_parse("[[]]", 4, &lim, &v, &e), -1);
	assert_string_equal(e.code, "too_deep");
	assert_int_equal(canon_parse("\"s\"", 3, &lim, &v, &e), 0);
	json_decref(v);
	lim.max_depth = 40;
	assert_int_equal(canon_parse("[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[1]]]]]]]]]]]"
	    "]]]]]]]]]]]]]]]]]]]]]]", 67, &lim, &v, &e), 0);
	json_decref(v);

	/* Defaults: NULL and zeroed limits mean CANON_MAX_BYTES/DEPTH. */
	big = malloc(n);
	memset(big, ' ', n);
	big[0] = '1';
	assert_int_equal(canon_parse(big, n, NULL, &v, &e), -1);
	assert_string_equal(e.code, "too_large");
	lim.max_depth = 0;
	assert_int_equal(canon_parse(big, n, &lim, &v, &e), -1);
	assert_string_equal(e.code, "too_large");
	assert_int_equal(canon_parse(big, n - 1, &lim, &v, &e), 0);
	assert_int_equal(json_integer_value(v), 1);
	json_decref(v);
	free(big);
}

static void
test_errors(void **state)
{
	struct nferr e;
	json_t *v = (json_t *)&e;

	(void)state;
	/* out is set to NULL on failure; err may be NULL. */
	assert_int_equal(canon_parse("[1,", 3, NULL, &v, &e), -1);
	assert_null(v);
	assert_string_equal(e.code, "syntax");
	assert_non_null(strstr(e.msg, "byte offset 3"));
	assert_int_equal(canon_parse("[1,", 3, NULL, &v, NULL), -1);
	assert_int_equal(canon_parse("1", 1, NULL, NULL, NULL), 0);
	assert_int_equal(canon_parse(NULL, 0, NULL, &v, &e), -1);
	assert_string_equal(e.code, "syntax");

	assert_int_equal(canon_parse("{\"x\":{\"ab\":1,\"a\\u0062\":2}}", 25,
	    NULL, &v, &e), -1);
	assert_string_equal(e.code, "duplicate_key");
	assert_string_equal(e.field, "/x/ab");
	assert_non_null(strstr(e.msg, "byte offset 13"));

	assert_int_equal(canon_parse("[\"a\",\"\\q\"]", 10, NULL, &v, &e), -1);
	assert_string_equal(e.code, "invalid_escape");
	assert_string_equal(e.field, "/1");
	assert_non_null(strstr(e.msg, "byte offset 6"));

	/* A long path is cut to the field size, never overflowing it. */
	{
		char doc[512];
		int n = 0, i;

		for (i = 0; i < 5; i++)
			n += snprintf(doc + n, sizeof(doc) - (size_t)n,
			    "{\"%s%d\":", "a-rather-long-key-name-here-"
			    "that-goes-on-and-on", i);
		n += snprintf(doc + n, sizeof(doc) - (size_t)n, "1.5}}}}}");
		assert_int_equal(canon_parse(doc, (size_t)n, NULL, &v, &e), -1);
		assert_string_equal(e.code, "real_number");
		assert_int_equal(strlen(e.field), sizeof(e.field) - 1);
		assert_memory_equal(e.field, "/a-rather-long-key-name", 23);
	}

	assert_int_equal(canon_parse_canonical("{\"b\":1,\"a\":2}", 13, NULL,
	    &v, &e), -1);
	assert_null(v);
	assert_string_equal(e.code, "not_canonical");
	assert_non_null(strstr(e.msg, "byte offset 2"));
	assert_int_equal(canon_parse_canonical("1 ", 2, NULL, &v, &e), -1);
	assert_string_equal(e.code, "not_canonical");
	assert_non_null(strstr(e.msg, "byte offset 1"));
	assert_int_equal(canon_parse_canonical("{\"a\":2}", 7, NULL, NULL, &e),
	    0);
	assert_null(e.code);
	assert_int_equal(canon_parse_canonical("{\"a\":2}", 7, NULL, &v, &e),
	    0);
	assert_int_equal(json_integer_value(json_object_get(v, "a")), 2);
	json_decref(v);
}

static void
test_idempotence(void **state)
{
	static const char *docs[] = {
		(" { \"z\" : [ 1 , -0 , \"\\u00e5\\u0041\\/\" ] , \"a\" : { "
		    "\"\\u001F\" : null , \"\\ud83d\\ude00\" : true } } "),
		"[\"\\u0000x\"]",   /* rejected: skipped */
		"{\"sjö\":\"Þingvellir\",\"a\\u030a\":\"å\",\"\":[]}",
		"\"\\b\\f\\n\\r\\t\\\"\\\\\\u007f\\u2028\"",
		"-9007199254740991",
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(docs) / sizeof(docs[0]); i++) {
		struct nferr e;
		json_t *v = NULL, *v2 = NULL;
		char *d1 = NULL, *d2 = NULL;
		size_t l1, l2;

		if (canon_parse(docs[i], strlen(docs[i]), NULL, &v, &e) != 0)
			continue;
		assert_int_equal(canon_dump(v, &d1, &l1, &e), 0);
		assert_int_equal(canon_parse_canonical(d1, l1, NULL, &v2, &e),
		    0);
		assert_int_equal(canon_dump(v2, &d2, &l2, &e), 0);
		assert_int_equal(l1, l2);
		assert_memory_equal(d1, d2, l1);
		assert_true(json_equal(v, v2));
		free(d1);
		free(d2);
		json_decref(v);
		json_decref(v2);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_vectors),
		cmocka_unit_test(test_dump_values),
		cmocka_unit_test(test_dump_append),
		cmocka_unit_test(test_limits),
		cmocka_unit_test(test_errors),
		cmocka_unit_test(test_idempotence),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
