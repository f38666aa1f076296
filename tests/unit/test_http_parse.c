/*
 * test_http_parse: the strict request-head parser (node/http_parse.c), one
 * table of heads with the verdict each must get, and the head-end scanner
 * fed a byte at a time.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "http_parse.h"

#define H "Host: x\r\n"

struct head_case {
	const char *head;
	int status; /* 0: parsed */
	const char *code;
};

static const struct head_case cases[] = {
    /* accepted */
    {"GET / HTTP/1.1\r\n" H "\r\n", 0, NULL},
    {"GET /a/b?c=d HTTP/1.1\r\n" H "\r\n", 0, NULL},
    {"GET / HTTP/1.0\r\n\r\n", 0, NULL},
    {"POST /x HTTP/1.1\r\n" H "Content-Length: 0\r\n\r\n", 0, NULL},
    {"GET / HTTP/1.1\r\nhost:x\r\nX-A:\r\n\r\n", 0, NULL},
    {"GET / HTTP/1.1\r\n" H "X-Tab: a\tb\r\n\r\n", 0, NULL},
    {"GET / HTTP/1.1\r\n" H "X-Utf8: \xc3\xa5\r\n\r\n", 0, NULL},
    {"OPTIONS * HTTP/1.1\r\n" H "\r\n", 0, NULL},
    {"GET http://example.org/p?q=1 HTTP/1.1\r\n" H "\r\n", 0, NULL},
    {"GET https://example.org HTTP/1.1\r\n" H "\r\n", 0, NULL},
    {"TRACE / HTTP/1.1\r\n" H "\r\n", 0, NULL},
    {"PATCH / HTTP/1.1\r\n" H "\r\n", 0, NULL},
    /* the request line */
    {"GET  / HTTP/1.1\r\n" H "\r\n", 400, "bad_request"},
    {"GET / HTTP/1.1 \r\n" H "\r\n", 400, "bad_request"},
    {"GET /\r\n\r\n", 400, "bad_request"},
    {"GET / HTTP/1.1x\r\n" H "\r\n", 400, "bad_request"},
    {"GET / http/1.1\r\n" H "\r\n", 400, "bad_request"},
    {"GET / HTTP/2.0\r\n" H "\r\n", 505, "http_version_not_supported"},
    {"GET / HTTP/1.2\r\n" H "\r\n", 505, "http_version_not_supported"},
    {"GET / HTTP/0.9\r\n" H "\r\n", 505, "http_version_not_supported"},
    {"G(ET / HTTP/1.1\r\n" H "\r\n", 400, "bad_request"},
    {"FOO / HTTP/1.1\r\n" H "\r\n", 501, "not_implemented"},
    {"get / HTTP/1.1\r\n" H "\r\n", 501, "not_implemented"},
    {"PROPFIND / HTTP/1.1\r\n" H "\r\n", 501, "not_implemented"},
    {"GET a HTTP/1.1\r\n" H "\r\n", 400, "bad_request"},
    {"GET /a#b HTTP/1.1\r\n" H "\r\n", 400, "bad_request"},
    {"GET /\xc3\xa5 HTTP/1.1\r\n" H "\r\n", 400, "bad_request"},
    {"GET * HTTP/1.1\r\n" H "\r\n", 400, "bad_request"},
    {"CONNECT example.org:443 HTTP/1.1\r\n" H "\r\n", 400, "bad_request"},
    {"GET http:// HTTP/1.1\r\n" H "\r\n", 400, "bad_request"},
    {"GET ftp://x/ HTTP/1.1\r\n" H "\r\n", 400, "bad_request"},
    /* header lines */
    {"GET / HTTP/1.1\r\n" H "Transfer-Encoding : chunked\r\n\r\n", 400,
        "bad_request"},
    {"GET / HTTP/1.1\r\n" H "Bad Name: x\r\n\r\n", 400, "bad_request"},
    {"GET / HTTP/1.1\r\n" H "Bad\x01: x\r\n\r\n", 400, "bad_request"},
    {"GET / HTTP/1.1\r\n" H ": x\r\n\r\n", 400, "bad_request"},
    {"GET / HTTP/1.1\r\n" H "NoColon\r\n\r\n", 400, "bad_request"},
    {"GET / HTTP/1.1\r\n" H "X-A: a\r\n b\r\n\r\n", 400, "bad_request"},
    {"GET / HTTP/1.1\r\n" H "X-A: a\x01" "b\r\n\r\n", 400, "bad_request"},
    {"GET / HTTP/1.1\r\n" H "X-A: a\x7f\r\n\r\n", 400, "bad_request"},
    /* framing */
    {"POST / HTTP/1.1\r\n" H "Content-Length: 5\r\nContent-Length: 6\r\n\r\n",
        400, "bad_request"},
    {"POST / HTTP/1.1\r\n" H "Content-Length: 5\r\nContent-Length: 5\r\n\r\n",
        400, "bad_request"},
    {"POST / HTTP/1.1\r\n" H "Content-Length: 5, 5\r\n\r\n", 400,
        "bad_request"},
    {"POST / HTTP/1.1\r\n" H "Content-Length: -1\r\n\r\n", 400, "bad_request"},
    {"POST / HTTP/1.1\r\n" H "Content-Length: +5\r\n\r\n", 400, "bad_request"},
    {"POST / HTTP/1.1\r\n" H "Content-Length: 1234567890123456789\r\n\r\n",
        400, "bad_request"},
    {"POST / HTTP/1.1\r\n" H "Content-Length:\r\n\r\n", 400, "bad_request"},
    {"POST / HTTP/1.1\r\n" H
     "Transfer-Encoding: chunked\r\nContent-Length: 5\r\n\r\n",
        400, "bad_request"},
    {"POST / HTTP/1.1\r\n" H "Transfer-Encoding: chunked\r\n\r\n", 411,
        "length_required"},
    {"GET / HTTP/1.1\r\n\r\n", 400, "bad_request"},
    {"GET / HTTP/1.1\r\n" H H "\r\n", 400, "bad_request"},
    {"POST / HTTP/1.1\r\n" H "Expect: 100-continue\r\n\r\n", 0, NULL},
    {"POST / HTTP/1.1\r\n" H "Expect: 200-ok\r\n\r\n", 417,
        "expectation_failed"},
};

static void
test_heads(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const struct head_case *t = &cases[i];
		size_t n = strlen(t->head), scan = 0, skip = 0, end = 0;
		struct http_parse_err e;
		struct http_head h;
		char *buf;
		int rc;

		rc = http_head_end(t->head, n, &scan, &skip, &end, &e);
		if (rc != 1)
			fail_msg("case %zu: the end of the head was not found",
			    i);
		assert_int_equal(end, n);
		buf = malloc(n + 1);
		assert_non_null(buf);
		memcpy(buf, t->head + skip, n - skip);
		buf[n - skip] = '\0';
		rc = http_head_parse(buf, n - skip, &h, &e);
		if (t->status == 0 && rc != 0)
			fail_msg("case %zu refused (%d %s: %s): %s", i,
			    e.status, e.code, e.detail, t->head);
		if (t->status != 0) {
			if (rc == 0)
				fail_msg("case %zu accepted: %s", i, t->head);
			if (e.status != t->status || strcmp(e.code, t->code))
				fail_msg("case %zu: %d %s, expected %d %s: %s",
				    i, e.status, e.code, t->status, t->code,
				    t->head);
			assert_true(e.detail[0] != '\0');
		}
		free(buf);
	}
}

/* Parse one head that must be accepted; buf is the caller's. */
static void
parse_ok(const char *text, char *buf, size_t cap, struct http_head *h)
{
	size_t n = strlen(text), scan = 0, skip = 0, end = 0;
	struct http_parse_err e;

	assert_true(n < cap);
	assert_int_equal(http_head_end(text, n, &scan, &skip, &end, &e), 1);
	memcpy(buf, text + skip, end - skip);
	buf[end - skip] = '\0';
	if (http_head_parse(buf, end - skip, h, &e) != 0)
		fail_msg("%s: %s", text, e.detail);
}

static void
test_fields(void **state)
{
	char buf[1024];
	struct http_head h;

	(void)state;
	parse_ok("GET /a/b?c=d&e HTTP/1.1\r\nHost: x\r\nX-Pad:  v w \t\r\n\r\n",
	    buf, sizeof(buf), &h);
	assert_int_equal(h.method, HTTP_M_GET);
	assert_string_equal(h.method_text, "GET");
	assert_string_equal(h.path, "/a/b");
	assert_string_equal(h.query, "c=d&e");
	assert_int_equal(h.minor, 1);
	assert_int_equal(h.keep_alive, 1);
	assert_int_equal(h.content_length, -1);
	assert_string_equal(http_head_get(&h, "x-pad"), "v w");
	assert_null(http_head_get(&h, "X-None"));

	parse_ok("\r\n\r\nPOST /p HTTP/1.1\r\nHost: x\r\nContent-Length: 12\r\n"
	         "Connection: keep-alive, Close\r\n\r\n",
	    buf, sizeof(buf), &h);
	assert_int_equal(h.method, HTTP_M_POST);
	assert_null(h.query);
	assert_int_equal(h.content_length, 12);
	assert_int_equal(h.keep_alive, 0);

	parse_ok("GET / HTTP/1.0\r\n\r\n", buf, sizeof(buf), &h);
	assert_int_equal(h.keep_alive, 0);
	parse_ok("GET / HTTP/1.0\r\nConnection: Keep-Alive\r\n\r\n", buf,
	    sizeof(buf), &h);
	assert_int_equal(h.keep_alive, 1);

	parse_ok("GET http://example.org:8470/x/y?z=1 HTTP/1.1\r\nHost: a\r\n\r\n",
	    buf, sizeof(buf), &h);
	assert_string_equal(h.path, "/x/y");
	assert_string_equal(h.query, "z=1");
	parse_ok("GET http://example.org?z=1 HTTP/1.1\r\nHost: a\r\n\r\n", buf,
	    sizeof(buf), &h);
	assert_string_equal(h.path, "/");
	assert_string_equal(h.query, "z=1");

	parse_ok("PUT /x HTTP/1.1\r\nHost: a\r\nExpect: 100-Continue\r\n"
	         "Content-Length: 3\r\n\r\n",
	    buf, sizeof(buf), &h);
	assert_int_equal(h.expect_continue, 1);
	assert_int_equal(h.method, HTTP_M_PUT);
}

static void
test_limits(void **state)
{
	char *head, *buf;
	size_t n = 0, i, scan = 0, skip = 0, end = 0;
	struct http_parse_err e;
	struct http_head h;

	(void)state;
	/* HTTP_HEADERS_MAX lines pass, one more is 431 */
	head = malloc(64 * 1024);
	buf = malloc(64 * 1024);
	assert_non_null(head);
	assert_non_null(buf);
	for (int extra = 0; extra < 2; extra++) {
		n = (size_t)snprintf(head, 64, "GET / HTTP/1.1\r\nHost: x\r\n");
		for (i = 1; i < HTTP_HEADERS_MAX + (size_t)extra; i++)
			n += (size_t)snprintf(head + n, 64, "X-%zu: v\r\n", i);
		n += (size_t)snprintf(head + n, 8, "\r\n");
		scan = skip = end = 0;
		assert_int_equal(
		    http_head_end(head, n, &scan, &skip, &end, &e), 1);
		memcpy(buf, head, n);
		buf[n] = '\0';
		if (extra == 0) {
			assert_int_equal(http_head_parse(buf, n, &h, &e), 0);
			assert_int_equal(h.nhdr, HTTP_HEADERS_MAX);
		} else {
			assert_int_equal(http_head_parse(buf, n, &h, &e), -1);
			assert_int_equal(e.status, 431);
		}
	}
	/* a 5,000-character method is a token: 501, not a crash */
	memset(head, 'M', 5000);
	n = 5000 + (size_t)snprintf(head + 5000, 64,
	                " / HTTP/1.1\r\nHost: x\r\n\r\n");
	scan = skip = end = 0;
	assert_int_equal(http_head_end(head, n, &scan, &skip, &end, &e), 1);
	memcpy(buf, head, n);
	buf[n] = '\0';
	assert_int_equal(http_head_parse(buf, n, &h, &e), -1);
	assert_int_equal(e.status, 501);
	free(head);
	free(buf);
}

/* The scanner, fed as bytes arrive: one at a time, then bare LF and CR. */
static void
test_head_end(void **state)
{
	static const char req[] =
	    "\r\n\r\nGET / HTTP/1.1\r\nHost: x\r\n\r\nGET /next";
	const size_t head_len = sizeof("\r\n\r\nGET / HTTP/1.1\r\nHost: x\r\n\r\n") - 1;
	struct http_parse_err e;
	size_t n, scan = 0, skip = 0, end = 0;
	int rc = 0;

	(void)state;
	for (n = 0; n <= sizeof(req) - 1; n++) {
		rc = http_head_end(req, n, &scan, &skip, &end, &e);
		assert_int_not_equal(rc, -1);
		if (rc == 1)
			break;
	}
	assert_int_equal(rc, 1);
	assert_int_equal(n, head_len);
	assert_int_equal(end, head_len);
	assert_int_equal(skip, 4);

	scan = 0;
	assert_int_equal(http_head_end("GET / HTTP/1.1\nHost: x\r\n\r\n", 26,
	                     &scan, &skip, &end, &e),
	    -1);
	assert_int_equal(e.status, 400);
	scan = 0;
	assert_int_equal(http_head_end("GET / HTTP/1.1\r\nHost: x\n\n", 25,
	                     &scan, &skip, &end, &e),
	    -1);
	scan = 0;
	assert_int_equal(http_head_end("GET / HTTP/1.1\r\nX: a\rb\r\n\r\n", 26,
	                     &scan, &skip, &end, &e),
	    -1);
	/* a CR at the end waits for its LF */
	scan = 0;
	assert_int_equal(
	    http_head_end("GET / HTTP/1.1\r", 15, &scan, &skip, &end, &e), 0);
	assert_int_equal(
	    http_head_end("GET / HTTP/1.1\rX", 16, &scan, &skip, &end, &e), -1);
	/* too many leading empty lines: the extra one is a bad head */
	scan = 0;
	assert_int_equal(http_head_end("\r\n\r\n\r\n\r\n\r\nGET / HTTP/1.1\r\n\r\n",
	                     10 + 18, &scan, &skip, &end, &e),
	    1);
	assert_int_equal(skip, 8);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_heads),
	    cmocka_unit_test(test_fields),
	    cmocka_unit_test(test_limits),
	    cmocka_unit_test(test_head_end),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
