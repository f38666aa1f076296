/*
 * test_nfbuf: unit tests for protocol/nfbuf.c, the one growable buffer:
 * appends and the NUL after them, growth past the first allocation, the
 * bound (an add that would pass max changes nothing and sets full), reset,
 * take and free.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "nfbuf.h"

static void
test_empty(void **state)
{
	struct nfbuf b = NFBUF_INIT(0);
	size_t len = 99;

	(void)state;
	assert_null(b.p);
	assert_int_equal(b.len, 0);
	assert_null(nfbuf_take(&b, &len));
	assert_int_equal(len, 0);
	/* an empty add still gives a NUL-terminated string */
	assert_int_equal(nfbuf_add(&b, "", 0), 0);
	assert_non_null(b.p);
	assert_string_equal(b.p, "");
	nfbuf_free(&b);
	assert_null(b.p);
}

static void
test_append(void **state)
{
	struct nfbuf b = NFBUF_INIT(0);
	char *p;
	size_t len;

	(void)state;
	assert_int_equal(nfbuf_adds(&b, "abc"), 0);
	assert_int_equal(nfbuf_addc(&b, '-'), 0);
	assert_int_equal(nfbuf_add(&b, "xyz\0q", 5), 0);
	assert_int_equal(b.len, 9);
	assert_memory_equal(b.p, "abc-xyz\0q", 9);
	assert_int_equal(b.p[9], '\0');
	p = nfbuf_take(&b, &len);
	assert_int_equal(len, 9);
	assert_memory_equal(p, "abc-xyz\0q", 10);
	assert_null(b.p);
	assert_int_equal(b.len, 0);
	assert_int_equal(b.cap, 0);
	free(p);
}

static void
test_growth(void **state)
{
	struct nfbuf b = NFBUF_INIT(0);
	size_t i;

	(void)state;
	/* well past the first allocation, a byte at a time and in blocks */
	for (i = 0; i < 100000; i++)
		assert_int_equal(nfbuf_addc(&b, (char)('a' + i % 26)), 0);
	for (i = 0; i < 100; i++)
		assert_int_equal(nfbuf_add(&b, "0123456789", 10), 0);
	assert_int_equal(b.len, 101000);
	assert_true(b.cap > b.len);
	for (i = 0; i < 100000; i++)
		if (b.p[i] != (char)('a' + i % 26))
			fail_msg("byte %zu is %c", i, b.p[i]);
	assert_memory_equal(b.p + 100990, "0123456789", 11);
	nfbuf_free(&b);
}

static void
test_bound(void **state)
{
	struct nfbuf b = NFBUF_INIT(10);
	char big[300];

	(void)state;
	assert_int_equal(nfbuf_add(&b, "12345678", 8), 0);
	assert_int_equal(b.full, 0);
	/* 8 + 3 > 10: refused whole, nothing changes */
	assert_int_equal(nfbuf_add(&b, "abc", 3), -1);
	assert_int_equal(b.full, 1);
	assert_int_equal(b.len, 8);
	assert_string_equal(b.p, "12345678");
	/* exactly to the bound is allowed */
	assert_int_equal(nfbuf_add(&b, "ab", 2), 0);
	assert_string_equal(b.p, "12345678ab");
	assert_int_equal(nfbuf_addc(&b, 'x'), -1);
	assert_int_equal(nfbuf_reserve(&b, 1), -1);
	assert_int_equal(nfbuf_reserve(&b, 0), 0);
	/* never allocates past max + the NUL */
	assert_true(b.cap <= 11);
	nfbuf_reset(&b);
	assert_int_equal(b.full, 0);
	assert_int_equal(b.len, 0);
	assert_string_equal(b.p, "");
	assert_int_equal(b.max, 10);
	/* one add larger than the bound from empty */
	memset(big, 'z', sizeof(big));
	assert_int_equal(nfbuf_add(&b, big, sizeof(big)), -1);
	assert_int_equal(b.full, 1);
	assert_int_equal(b.len, 0);
	/* a size that would overflow size_t is refused, unbounded or not */
	assert_int_equal(nfbuf_reserve(&b, SIZE_MAX), -1);
	nfbuf_free(&b);
	assert_int_equal(b.max, 10);
	{
		struct nfbuf u = NFBUF_INIT(0);

		assert_int_equal(nfbuf_addc(&u, 'a'), 0);
		assert_int_equal(nfbuf_reserve(&u, SIZE_MAX - 1), -1);
		assert_int_equal(u.full, 0);    /* no bound: not "full" */
		assert_int_equal(u.len, 1);
		nfbuf_free(&u);
	}
}

static void
test_reserve(void **state)
{
	struct nfbuf b = NFBUF_INIT(0);
	char *before, block[5000];

	(void)state;
	assert_int_equal(nfbuf_reserve(&b, 5000), 0);
	assert_true(b.cap >= 5001);
	assert_int_equal(b.len, 0);
	before = b.p;
	/* what was reserved takes no new allocation */
	memset(block, 'q', sizeof(block));
	assert_int_equal(nfbuf_add(&b, block, sizeof(block)), 0);
	assert_ptr_equal(b.p, before);
	assert_int_equal(b.len, 5000);
	assert_int_equal(b.p[4999], 'q');
	assert_int_equal(b.p[5000], '\0');
	nfbuf_free(&b);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_empty),
		cmocka_unit_test(test_append),
		cmocka_unit_test(test_growth),
		cmocka_unit_test(test_bound),
		cmocka_unit_test(test_reserve),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
