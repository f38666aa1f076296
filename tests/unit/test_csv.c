/*
 * test_csv: unit tests for tools/ctl_csv.c, the CSV reader of `nordfedctl
 * import`: quoting, embedded line breaks, CRLF and lone CR, the byte
 * order mark, the bounds on a record's bytes and cells (and reading on
 * after a bad record), bytes that are not UTF-8, a quoted field that is
 * not closed, and a read error. The input is a string in memory.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "ctl_csv.h"

struct mem {
	const char *s;
	size_t n, pos;
	int fail_at;            /* a read error at this offset; -1 none */
};

static int
mem_get(void *arg)
{
	struct mem *m = arg;

	if (m->pos >= m->n || (m->fail_at >= 0 && m->pos >= (size_t)m->fail_at))
		return -1;
	return (unsigned char)m->s[m->pos++];
}

static int
mem_peek(void *arg)
{
	struct mem *m = arg;

	if (m->pos >= m->n || (m->fail_at >= 0 && m->pos >= (size_t)m->fail_at))
		return -1;
	return (unsigned char)m->s[m->pos];
}

static int
mem_error(void *arg)
{
	struct mem *m = arg;

	return m->fail_at >= 0 && m->pos >= (size_t)m->fail_at;
}

static void
open_mem(struct ctl_csv *c, struct mem *m, const char *s, size_t n,
    char delim, size_t max_bytes, size_t max_cells)
{
	m->s = s;
	m->n = n;
	m->pos = 0;
	m->fail_at = -1;
	ctl_csv_init(c, mem_get, mem_peek, mem_error, m, delim, max_bytes,
	    max_cells);
}

#define OPEN(c, m, lit) open_mem((c), (m), (lit), sizeof(lit) - 1, ',', \
    1024 * 1024, 4096)

/* The next record is exactly the n cells given. */
static void
expect(struct ctl_csv *c, size_t n, ...)
{
	const char *why = NULL;
	va_list ap;
	size_t i;

	assert_int_equal(ctl_csv_next(c, &why), 1);
	assert_int_equal(c->nf, n);
	va_start(ap, n);
	for (i = 0; i < n; i++)
		assert_string_equal(c->f[i], va_arg(ap, const char *));
	va_end(ap);
}

static void
expect_end(struct ctl_csv *c)
{
	const char *why = NULL;

	assert_int_equal(ctl_csv_next(c, &why), 0);
}

static void
expect_error(struct ctl_csv *c, const char *part)
{
	const char *why = NULL;

	assert_int_equal(ctl_csv_next(c, &why), -1);
	assert_non_null(why);
	if (strstr(why, part) == NULL)
		fail_msg("\"%s\" does not say \"%s\"", why, part);
}

static void
test_plain(void **state)
{
	struct ctl_csv c;
	struct mem m;

	(void)state;
	OPEN(&c, &m, "a,b,c\n1,,3\nlast,row");
	expect(&c, 3, "a", "b", "c");
	assert_int_equal(c.line, 2);
	expect(&c, 3, "1", "", "3");
	expect(&c, 2, "last", "row");   /* no line break at the end */
	expect_end(&c);
	expect_end(&c);
	ctl_csv_free(&c);

	OPEN(&c, &m, "");
	expect_end(&c);
	ctl_csv_free(&c);

	/* an empty line is a record of one empty cell; a trailing
	 * delimiter an empty last cell */
	OPEN(&c, &m, "\nx,\n");
	expect(&c, 1, "");
	expect(&c, 2, "x", "");
	expect_end(&c);
	ctl_csv_free(&c);

	open_mem(&c, &m, "a;b,c\n", 6, ';', 1024, 16);
	expect(&c, 2, "a", "b,c");
	ctl_csv_free(&c);
}

static void
test_quoting(void **state)
{
	struct ctl_csv c;
	struct mem m;

	(void)state;
	OPEN(&c, &m, "\"a,b\",\"say \"\"hi\"\"\",c\n\"\",\"\"\"\"\n");
	expect(&c, 3, "a,b", "say \"hi\"", "c");
	expect(&c, 2, "", "\"");
	expect_end(&c);
	ctl_csv_free(&c);

	/* a quote inside an unquoted cell is a character */
	OPEN(&c, &m, "ab\"c,d\n");
	expect(&c, 2, "ab\"c", "d");
	ctl_csv_free(&c);

	/* text after a closing quote: an error, then the next line */
	OPEN(&c, &m, "\"a\"b,c\nnext,row\n");
	expect_error(&c, "after its closing quote");
	expect(&c, 2, "next", "row");
	ctl_csv_free(&c);

	/* a quote never closed */
	OPEN(&c, &m, "ok\n\"open,and\nmore");
	expect(&c, 1, "ok");
	expect_error(&c, "not closed");
	ctl_csv_free(&c);
}

static void
test_line_breaks(void **state)
{
	struct ctl_csv c;
	struct mem m;

	(void)state;
	/* inside quotes a line break (LF or CRLF) is part of the cell and
	 * still counts as a line */
	OPEN(&c, &m, "\"one\ntwo\",x\n\"crlf\r\ninside\"\r\nafter\n");
	expect(&c, 2, "one\ntwo", "x");
	assert_int_equal(c.line, 3);
	expect(&c, 1, "crlf\r\ninside");
	assert_int_equal(c.line, 5);
	expect(&c, 1, "after");
	assert_int_equal(c.line, 6);
	expect_end(&c);
	ctl_csv_free(&c);

	/* CRLF and a lone CR end a record; no CR is left in a cell */
	OPEN(&c, &m, "a,b\r\nc,d\re\r\n");
	expect(&c, 2, "a", "b");
	expect(&c, 2, "c", "d");
	expect(&c, 1, "e");
	expect_end(&c);
	ctl_csv_free(&c);
}

static void
test_bom(void **state)
{
	struct ctl_csv c;
	struct mem m;

	(void)state;
	OPEN(&c, &m, "\xef\xbb\xbfname,x\n\xef\xbb\xbfy\n");
	expect(&c, 2, "name", "x");
	expect(&c, 1, "\xef\xbb\xbfy");         /* only at the start */
	ctl_csv_free(&c);

	/* before a quoted first cell */
	OPEN(&c, &m, "\xef\xbb\xbf\"name\",x\n");
	expect(&c, 2, "name", "x");
	ctl_csv_free(&c);

	/* the start of a mark that is not one is kept */
	OPEN(&c, &m, "\xef\xbbz,1\n");
	expect(&c, 2, "\xef\xbbz", "1");
	ctl_csv_free(&c);
	OPEN(&c, &m, "\xefz\n");
	expect(&c, 1, "\xefz");
	ctl_csv_free(&c);

	/* a file of only the mark is empty */
	OPEN(&c, &m, "\xef\xbb\xbf");
	expect_end(&c);
	ctl_csv_free(&c);
}

static void
test_bounds(void **state)
{
	struct ctl_csv c;
	struct mem m;
	static char big[200];
	size_t i;

	(void)state;
	/* max_bytes counts the cells and a NUL each: "abc,de" is 7 */
	open_mem(&c, &m, "abc,de\nabc,def\nok\n", 18, ',', 7, 16);
	expect(&c, 2, "abc", "de");
	expect_error(&c, "longer than 7 bytes");
	expect(&c, 1, "ok");                    /* read on at the next line */
	expect_end(&c);
	ctl_csv_free(&c);

	/* over the bound inside quotes: skipped past the closing quote
	 * ("" is not one) and the rest of its line */
	open_mem(&c, &m, "\"0123456789\n\"\"st\"ill,x\nok\n", 26, ',', 8, 16);
	expect_error(&c, "longer than 8 bytes");
	expect(&c, 1, "ok");
	assert_int_equal(c.line, 4);
	ctl_csv_free(&c);

	/* cells: 3 allowed, a fourth is an error */
	open_mem(&c, &m, "a,b,c\na,b,c,d\nz\n", 16, ',', 1024, 3);
	expect(&c, 3, "a", "b", "c");
	expect_error(&c, "more than 3 cells");
	expect(&c, 1, "z");
	ctl_csv_free(&c);

	/* many cells, past the first allocation of the cell array */
	for (i = 0; i < sizeof(big) - 1; i++)
		big[i] = i % 2 ? ',' : 'x';
	open_mem(&c, &m, big, sizeof(big) - 1, ',', 1024, 4096);
	assert_int_equal(ctl_csv_next(&c, &(const char *){ NULL }), 1);
	assert_int_equal(c.nf, 100);
	assert_string_equal(c.f[99], "x");
	ctl_csv_free(&c);

	/* the MiB wording of the default bound */
	{
		static char huge[1024 * 1024 + 8];

		memset(huge, 'y', sizeof(huge));
		huge[sizeof(huge) - 1] = '\n';
		open_mem(&c, &m, huge, sizeof(huge), ',', 1024 * 1024, 4096);
		expect_error(&c, "longer than 1 MiB");
		expect_end(&c);
		ctl_csv_free(&c);
	}
}

static void
test_bytes(void **state)
{
	struct ctl_csv c;
	struct mem m;

	(void)state;
	/* not UTF-8: passed through as they are, for the caller to judge */
	OPEN(&c, &m, "\xff\xfe,\xc3\x28,\"\xed\xa0\x80\"\n");
	expect(&c, 3, "\xff\xfe", "\xc3\x28", "\xed\xa0\x80");
	ctl_csv_free(&c);

	/* a read error is not the end of the file */
	OPEN(&c, &m, "a,b\nc,d\n");
	m.fail_at = 6;
	expect(&c, 2, "a", "b");
	expect_error(&c, "cannot be read");
	ctl_csv_free(&c);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_plain),
		cmocka_unit_test(test_quoting),
		cmocka_unit_test(test_line_breaks),
		cmocka_unit_test(test_bom),
		cmocka_unit_test(test_bounds),
		cmocka_unit_test(test_bytes),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
