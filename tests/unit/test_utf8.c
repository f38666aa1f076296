/*
 * test_utf8: unit tests for protocol/utf8.c, the one UTF-8 decoder:
 * boundaries of each length, overlong forms, surrogates, code points past
 * U+10FFFF, stray and missing continuation bytes, sequences cut short by
 * the end of the input, and every 1-, 2- and 3-byte sequence (and every
 * code point's encoding) against a reference written from RFC 3629.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "utf8.h"

static size_t
dec(const char *s, size_t n, uint32_t *cp)
{
	return utf8_decode((const unsigned char *)s, n, cp);
}

static void
test_valid(void **state)
{
	static const struct {
		const char *s;
		size_t len;
		uint32_t cp;
	} ok[] = {
		{ "A", 1, 0x41 },
		{ "\x7f", 1, 0x7f },
		{ "\xc2\x80", 2, 0x80 },
		{ "\xc3\xa5", 2, 0xe5 },                /* å */
		{ "\xdf\xbf", 2, 0x7ff },
		{ "\xe0\xa0\x80", 3, 0x800 },
		{ "\xe2\x82\xac", 3, 0x20ac },          /* € */
		{ "\xed\x9f\xbf", 3, 0xd7ff },          /* just below surrogates */
		{ "\xee\x80\x80", 3, 0xe000 },          /* just above them */
		{ "\xef\xbf\xbf", 3, 0xffff },
		{ "\xf0\x90\x80\x80", 4, 0x10000 },
		{ "\xf0\x9f\x98\x80", 4, 0x1f600 },
		{ "\xf4\x8f\xbf\xbf", 4, 0x10ffff },
	};
	size_t i;
	uint32_t cp;

	(void)state;
	for (i = 0; i < sizeof(ok) / sizeof(ok[0]); i++) {
		cp = 0xdeadbeef;
		assert_int_equal(dec(ok[i].s, strlen(ok[i].s), &cp), ok[i].len);
		assert_int_equal(cp, ok[i].cp);
		/* more input after it changes nothing */
		assert_int_equal(dec(ok[i].s, strlen(ok[i].s) + 1, NULL),
		    ok[i].len);
	}
	/* NUL is a character like any other when n counts it */
	assert_int_equal(dec("\0", 1, &cp), 1);
	assert_int_equal(cp, 0);
}

static void
test_invalid(void **state)
{
	static const char *const bad[] = {
		"\x80", "\xbf",                         /* stray continuation */
		"\xc0\x80", "\xc1\xbf",                 /* overlong 2 */
		"\xe0\x80\x80", "\xe0\x9f\xbf",         /* overlong 3 */
		"\xf0\x80\x80\x80", "\xf0\x8f\xbf\xbf", /* overlong 4 */
		"\xed\xa0\x80", "\xed\xbf\xbf",         /* surrogates */
		"\xed\xb0\x80",
		"\xf4\x90\x80\x80", "\xf7\xbf\xbf\xbf", /* > U+10FFFF */
		"\xf5\x80\x80\x80", "\xf8\x88\x80\x80\x80",
		"\xfe", "\xff",
		"\xc3\x41", "\xc3\xc3",                 /* no continuation */
		"\xe2\x28\xa1", "\xe2\x82\x28",
		"\xf0\x9f\x98\x28",
	};
	size_t i;
	uint32_t cp = 7;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		if (dec(bad[i], strlen(bad[i]), &cp) != 0)
			fail_msg("sequence %zu accepted", i);
		assert_int_equal(cp, 7);        /* untouched */
	}
}

static void
test_truncated(void **state)
{
	(void)state;
	/* cut short by n, whatever follows in memory */
	assert_int_equal(dec("\xc3\xa5", 1, NULL), 0);
	assert_int_equal(dec("\xe2\x82\xac", 1, NULL), 0);
	assert_int_equal(dec("\xe2\x82\xac", 2, NULL), 0);
	assert_int_equal(dec("\xf0\x9f\x98\x80", 3, NULL), 0);
	assert_int_equal(dec("\xf0\x9f\x98\x80", 2, NULL), 0);
	/* cut short by the next character */
	assert_int_equal(dec("\xe2\x82" "A", 3, NULL), 0);
	assert_int_equal(dec("\xf0\x9f" "AB", 4, NULL), 0);
}

static void
test_first_invalid(void **state)
{
	const unsigned char *s;

	(void)state;
	assert_int_equal(utf8_first_invalid((const unsigned char *)"", 0), 0);
	s = (const unsigned char *)"abc \xc3\xa5 \xe2\x82\xac \xf0\x9f\x98\x80";
	assert_int_equal(utf8_first_invalid(s, strlen((const char *)s)),
	    strlen((const char *)s));
	s = (const unsigned char *)"ok\xc3\xa5\xc0\x80tail";
	assert_int_equal(utf8_first_invalid(s, 10), 4);
	s = (const unsigned char *)"abc\xed\xa0\x80";
	assert_int_equal(utf8_first_invalid(s, 6), 3);
	/* a sequence cut by the end of the input */
	s = (const unsigned char *)"ab\xe2\x82\xac";
	assert_int_equal(utf8_first_invalid(s, 4), 2);
	assert_int_equal(utf8_first_invalid(s, 5), 5);
}

/* ---- against a reference ----------------------------------------------- */

/* RFC 3629 by arithmetic: the code point the bits say, then whether it is
 * in range for its length. 0 when not well-formed. */
static size_t
ref_decode(const unsigned char *s, size_t n, uint32_t *cp)
{
	size_t len, i;
	uint32_t v;

	if (s[0] < 0x80)
		len = 1, v = s[0];
	else if ((s[0] & 0xe0) == 0xc0)
		len = 2, v = s[0] & 0x1f;
	else if ((s[0] & 0xf0) == 0xe0)
		len = 3, v = s[0] & 0x0f;
	else if ((s[0] & 0xf8) == 0xf0)
		len = 4, v = s[0] & 0x07;
	else
		return 0;
	if (n < len)
		return 0;
	for (i = 1; i < len; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		v = v << 6 | (s[i] & 0x3f);
	}
	if ((len == 2 && v < 0x80) || (len == 3 && v < 0x800) ||
	    (len == 4 && v < 0x10000) || v > 0x10ffff ||
	    (v >= 0xd800 && v <= 0xdfff))
		return 0;
	*cp = v;
	return len;
}

static void
test_exhaustive(void **state)
{
	unsigned char s[4];
	uint32_t a, b, c, cp1, cp2;
	size_t k1, k2;

	(void)state;
	/* every 3-byte string: the decoder and the reference agree on the
	 * length (and the code point) of what it starts with */
	for (a = 0; a < 256; a++)
		for (b = 0; b < 256; b++)
			for (c = 0; c < 256; c++) {
				s[0] = (unsigned char)a;
				s[1] = (unsigned char)b;
				s[2] = (unsigned char)c;
				cp1 = cp2 = 0;
				k1 = utf8_decode(s, 3, &cp1);
				k2 = ref_decode(s, 3, &cp2);
				if (k1 != k2 || cp1 != cp2)
					fail_msg("%02x %02x %02x: %zu U+%04x, "
					    "expected %zu U+%04x", a, b, c, k1,
					    cp1, k2, cp2);
			}
	/* every code point: its encoding decodes back to it */
	for (a = 0; a <= 0x10ffff; a++) {
		size_t n;

		if (a >= 0xd800 && a <= 0xdfff)
			continue;
		if (a < 0x80)
			s[0] = (unsigned char)a, n = 1;
		else if (a < 0x800)
			s[0] = (unsigned char)(0xc0 | a >> 6),
			s[1] = (unsigned char)(0x80 | (a & 0x3f)), n = 2;
		else if (a < 0x10000)
			s[0] = (unsigned char)(0xe0 | a >> 12),
			s[1] = (unsigned char)(0x80 | (a >> 6 & 0x3f)),
			s[2] = (unsigned char)(0x80 | (a & 0x3f)), n = 3;
		else
			s[0] = (unsigned char)(0xf0 | a >> 18),
			s[1] = (unsigned char)(0x80 | (a >> 12 & 0x3f)),
			s[2] = (unsigned char)(0x80 | (a >> 6 & 0x3f)),
			s[3] = (unsigned char)(0x80 | (a & 0x3f)), n = 4;
		cp1 = 0xffffffff;
		if (utf8_decode(s, n, &cp1) != n || cp1 != a)
			fail_msg("U+%04x does not decode back", a);
		/* and one byte short it is refused */
		if (n > 1 && utf8_decode(s, n - 1, NULL) != 0)
			fail_msg("U+%04x accepted one byte short", a);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_valid),
		cmocka_unit_test(test_invalid),
		cmocka_unit_test(test_truncated),
		cmocka_unit_test(test_first_invalid),
		cmocka_unit_test(test_exhaustive),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
