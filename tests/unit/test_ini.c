/*
 * test_ini: unit tests for protocol/ini.c, the reader of nordfed.conf's
 * line format that the node and nordfedctl share: items, comments, blank
 * lines, CRLF, the section argument, and each error (a header without
 * its bracket or with text after it, a line without '=', an empty key, a
 * NUL byte, a line over INI_LINE_MAX), with the line numbers.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "ini.h"

static FILE *
mem(const char *s, size_t n)
{
	FILE *f = fmemopen((void *)(uintptr_t)s, n, "r");

	assert_non_null(f);
	return f;
}

static void
expect(struct ini *in, enum ini_item kind, int line, const char *name,
    const char *arg)
{
	char *n = NULL, *a = NULL;
	const char *why = NULL;

	assert_int_equal(ini_next(in, &n, &a, &why), kind);
	assert_int_equal(in->line, line);
	assert_string_equal(n, name);
	assert_string_equal(a, arg);
}

static void
expect_error(struct ini *in, int line, const char *part)
{
	char *n = NULL, *a = NULL;
	const char *why = NULL;

	assert_int_equal(ini_next(in, &n, &a, &why), INI_ERROR);
	assert_int_equal(in->line, line);
	assert_non_null(why);
	if (strstr(why, part) == NULL)
		fail_msg("\"%s\" does not say \"%s\"", why, part);
}

static void
test_items(void **state)
{
	static const char text[] =
	    "# a comment\n"
	    "\n"
	    "[node]\n"
	    "country = SE\n"
	    "  ; another comment\n"
	    "listen=127.0.0.1   \r\n"
	    "\t[ peer  norway\t]  \n"
	    "url =   http://x:1/ # not a comment\n"
	    "empty =\n"
	    "[pins]\n"
	    "NO = key=with=equals";
	FILE *f = mem(text, sizeof(text) - 1);
	struct ini in;
	char *n, *a;
	const char *why;

	(void)state;
	ini_open(&in, f);
	expect(&in, INI_SECTION, 3, "node", "");
	expect(&in, INI_PAIR, 4, "country", "SE");
	expect(&in, INI_PAIR, 6, "listen", "127.0.0.1");
	expect(&in, INI_SECTION, 7, "peer", "norway");
	expect(&in, INI_PAIR, 8, "url", "http://x:1/ # not a comment");
	expect(&in, INI_PAIR, 9, "empty", "");
	expect(&in, INI_SECTION, 10, "pins", "");
	expect(&in, INI_PAIR, 11, "NO", "key=with=equals");
	assert_int_equal(ini_next(&in, &n, &a, &why), INI_END);
	assert_int_equal(in.line, 11);
	assert_int_equal(ferror(f), 0);
	fclose(f);
}

static void
test_errors(void **state)
{
	static const char text[] =
	    "[node\n"
	    "[node] trailing\n"
	    "just words\n"
	    " = value\n"
	    "ok = 1\n";
	FILE *f = mem(text, sizeof(text) - 1);
	struct ini in;

	(void)state;
	ini_open(&in, f);
	/* each error loses only its line */
	expect_error(&in, 1, "section header must be");
	expect_error(&in, 2, "section header must be");
	expect_error(&in, 3, "expected \"key = value\"");
	expect_error(&in, 4, "missing key");
	expect(&in, INI_PAIR, 5, "ok", "1");
	fclose(f);
}

static void
test_bounds(void **state)
{
	static const char nul[] = "[node]\na = b\0c\n";
	char *big = malloc(INI_LINE_MAX + 16), small[8];
	const char *why = NULL;
	struct ini in;
	FILE *f;
	size_t n;

	(void)state;
	f = mem(nul, sizeof(nul) - 1);
	ini_open(&in, f);
	expect(&in, INI_SECTION, 1, "node", "");
	expect_error(&in, 2, "NUL byte");
	fclose(f);

	/* INI_LINE_MAX bytes fit, one more does not */
	assert_non_null(big);
	for (n = INI_LINE_MAX; n <= INI_LINE_MAX + 1; n++) {
		memset(big, 'v', n);
		memcpy(big, "k=", 2);
		big[n] = '\n';
		f = mem(big, n + 1);
		ini_open(&in, f);
		if (n == INI_LINE_MAX) {
			char *k, *v;

			assert_int_equal(ini_next(&in, &k, &v, &why), INI_PAIR);
			assert_int_equal(strlen(v), INI_LINE_MAX - 2);
		} else
			expect_error(&in, 1, "longer than 4096 bytes");
		fclose(f);
	}
	free(big);

	/* ini_read_line with a small buffer of its own */
	f = mem("abcdefgh\nxy\r\n", 13);
	assert_int_equal(ini_read_line(f, small, sizeof(small), &why), -1);
	assert_string_equal(why, "line is too long");
	fclose(f);
	f = mem("xy\r\n\nz", 6);
	assert_int_equal(ini_read_line(f, small, sizeof(small), &why), 1);
	assert_string_equal(small, "xy");
	assert_int_equal(ini_read_line(f, small, sizeof(small), &why), 1);
	assert_string_equal(small, "");
	assert_int_equal(ini_read_line(f, small, sizeof(small), &why), 1);
	assert_string_equal(small, "z");
	assert_int_equal(ini_read_line(f, small, sizeof(small), &why), 0);
	fclose(f);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_items),
		cmocka_unit_test(test_errors),
		cmocka_unit_test(test_bounds),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
