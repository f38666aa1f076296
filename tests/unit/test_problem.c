/*
 * test_problem: the one table from an error code to its HTTP status
 * (node/problem.c). Each code once, every status an error status, the
 * statuses the API has always documented, the parser of the HTTP edge in
 * agreement with the table, and its JSON form (GET /api/v1/schema
 * "errors") the table itself.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "http_parse.h"
#include "problem.h"

static void
test_table_is_well_formed(void **state)
{
	const struct problem_row *rows;
	size_t n, i, j;

	(void)state;
	rows = problem_table(&n);
	assert_true(n > 40);
	for (i = 0; i < n; i++) {
		const char *c = rows[i].code;

		assert_true(rows[i].status >= 400 && rows[i].status <= 599);
		assert_true(rows[i].retry_after >= 0 &&
		    rows[i].retry_after <= 60);
		assert_true(strlen(c) > 0 && strspn(c,
		    "abcdefghijklmnopqrstuvwxyz_") == strlen(c));
		for (j = 0; j < i; j++)
			if (strcmp(rows[j].code, c) == 0)
				fail_msg("%s twice in the table", c);
		assert_true(problem_known(c));
		assert_int_equal(problem_status(c), rows[i].status);
	}
	assert_false(problem_known("no_such_code"));
	assert_false(problem_known(NULL));
	assert_int_equal(problem_status("no_such_code"), 500);
	assert_int_equal(problem_status(NULL), 500);
}

/* What the four maps of before disagreed on, and what the API has
 * documented for each code. */
static void
test_statuses(void **state)
{
	static const struct {
		const char *code;
		int status;
	} want[] = {
		{ "bad_value", 422 }, { "bad_type", 422 }, { "too_long", 422 },
		{ "missing_field", 422 }, { "unknown_field", 422 },
		{ "private_field", 422 }, { "bad_id", 422 }, { "bad_lang", 422 },
		{ "bad_parameter", 400 }, { "bad_cursor", 400 },
		{ "unknown_parameter", 400 }, { "malformed_json", 400 },
		{ "bad_entry", 400 }, { "bad_signature", 400 },
		{ "unauthorized", 401 }, { "not_owner", 403 },
		{ "not_found", 404 }, { "not_home", 404 }, { "gone", 410 },
		{ "quarantined", 409 }, { "same_key", 409 },
		{ "busy", 503 }, { "queue_full", 503 }, { "db_error", 503 },
		{ "storage_unavailable", 503 }, { "own_log_diverged", 503 },
		{ "own_log_unconfirmed", 503 }, { "internal", 500 },
	};
	const struct problem_row *rows;
	size_t i, n, k;

	(void)state;
	for (i = 0; i < sizeof(want) / sizeof(want[0]); i++)
		if (problem_status(want[i].code) != want[i].status)
			fail_msg("%s is %d, want %d", want[i].code,
			    problem_status(want[i].code), want[i].status);
	/* the states that clear by themselves say when to ask again */
	rows = problem_table(&n);
	for (k = 0; k < n; k++)
		if (strcmp(rows[k].code, "own_log_unconfirmed") == 0 ||
		    strcmp(rows[k].code, "recovering") == 0)
			assert_int_equal(rows[k].retry_after, 2);
}

/* The edge's parser gives its own status with each refusal: the same as
 * the table's for that code. */
static void
test_edge_agrees(void **state)
{
	static const char *const heads[] = {
		"GET  / HTTP/1.1\r\nHost: x\r\n\r\n",
		"FOO / HTTP/1.1\r\nHost: x\r\n\r\n",
		"GET / HTTP/2.0\r\nHost: x\r\n\r\n",
		"POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n",
		"GET / HTTP/1.1\r\nHost: x\r\nExpect: nothing\r\n\r\n",
	};
	char buf[8192];
	struct http_head h;
	struct http_parse_err e;
	size_t i, len, seen = 0;

	(void)state;
	for (i = 0; i < sizeof(heads) / sizeof(heads[0]); i++) {
		len = strlen(heads[i]);
		memcpy(buf, heads[i], len + 1);
		memset(&e, 0, sizeof(e));
		assert_int_equal(http_head_parse(buf, len, &h, &e), -1);
		assert_true(problem_known(e.code));
		assert_int_equal(e.status, problem_status(e.code));
		seen |= 1u << (e.status % 32);
	}
	/* 400, 501, 505, 411, 417: five different statuses */
	assert_int_equal(__builtin_popcount((unsigned)seen), 5);
	/* too many header lines */
	len = (size_t)snprintf(buf, sizeof(buf), "GET / HTTP/1.1\r\nHost: x\r\n");
	for (i = 0; i < HTTP_HEADERS_MAX + 1; i++)
		len += (size_t)snprintf(buf + len, sizeof(buf) - len,
		    "X-%zu: y\r\n", i);
	len += (size_t)snprintf(buf + len, sizeof(buf) - len, "\r\n");
	assert_int_equal(http_head_parse(buf, len, &h, &e), -1);
	assert_string_equal(e.code, "headers_too_large");
	assert_int_equal(e.status, problem_status(e.code));
}

static void
test_json_is_the_table(void **state)
{
	json_t *o = problem_table_json();
	const struct problem_row *rows = NULL;
	size_t n, i;

	(void)state;
	assert_non_null(o);
	rows = problem_table(&n);
	assert_int_equal(json_object_size(o), n);
	for (i = 0; i < n; i++)
		assert_int_equal(json_integer_value(json_object_get(o,
		    rows[i].code)), rows[i].status);
	json_decref(o);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_table_is_well_formed),
		cmocka_unit_test(test_statuses),
		cmocka_unit_test(test_edge_agrees),
		cmocka_unit_test(test_json_is_the_table),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
