/*
 * record_format: the string formats of record fields (record_schema.c
 * names them and their byte bounds): language tags, dates, timestamps,
 * URLs, money, e-mail, phone numbers, time zones, public keys,
 * identifiers, platforms, and the place codes of record_places.c; each
 * with the reason and wording of its failure (docs/protocol.md, section
 * 6, "Records"). Pure: no I/O, no allocation.
 */
#include <string.h>

#include "record.h"
#include "record_int.h"
#include "record_places.h"

static int
date_ok(const char *s)
{
	return record_date_valid(s);
}

static int
time_ok(const char *s)
{
	return record_time_parse(s, NULL, NULL) == 0;
}

static int
lang_ok(const char *s)
{
	return record_lang_valid(s);
}

/* http:// or https://, a host (name or IPv4, UTF-8 allowed), optional
 * port, then anything without spaces or control characters. */
static int
url_ok(const char *s)
{
	const unsigned char *p, *h, *e;

	for (p = (const unsigned char *)s; *p; p++)
		if (*p <= 0x20 || *p == 0x7f)
			return 0;
	if (strncmp(s, "https://", 8) == 0)
		h = (const unsigned char *)s + 8;
	else if (strncmp(s, "http://", 7) == 0)
		h = (const unsigned char *)s + 7;
	else
		return 0;
	for (e = h; *e && *e != '/' && *e != '?' && *e != '#' && *e != ':';
	    e++)
		if (!is_alnum(*e) && *e != '.' && *e != '-' && *e < 0x80)
			return 0;
	if (e == h || !(is_alnum(*h) || *h >= 0x80))
		return 0;
	if (*e == ':') {
		for (p = ++e; is_digit(*e); e++)
			;
		if (e == p || e - p > 5 || (*e && *e != '/' && *e != '?' &&
		    *e != '#'))
			return 0;
	}
	return 1;
}

/* ^(0|[1-9][0-9]{0,9})(\.[0-9]{1,2})?$ or "free" */
static int
money_ok(const char *s)
{
	const char *p = s;

	if (strcmp(s, "free") == 0)
		return 1;
	if (*p == '0')
		p++;
	else if (*p >= '1' && *p <= '9')
		while (is_digit(*p) && p - s < 10)
			p++;
	else
		return 0;
	if (*p == '.') {
		const char *f = ++p;

		while (is_digit(*p) && p - f < 2)
			p++;
		if (p == f)
			return 0;
	}
	return *p == '\0';
}

static int
email_ok(const char *s)
{
	const char *at = strchr(s, '@');
	const unsigned char *p;

	if (at == NULL || at == s || at[1] == '\0' || strchr(at + 1, '@'))
		return 0;
	for (p = (const unsigned char *)s; *p; p++)	/* printable ASCII */
		if (*p <= 0x20 || *p >= 0x7f)
			return 0;
	return 1;
}

/* The name of a platform ("Zoom"), never a link: no "/" anywhere (every
 * URL with a scheme or a path has one) and no "www." in any case. */
static int
platform_ok(const char *s)
{
	const char *p;

	if (strchr(s, '/') != NULL)
		return 0;
	for (p = s; *p; p++)	/* ASCII case folding only */
		if ((p[0] | 0x20) == 'w' && (p[1] | 0x20) == 'w' &&
		    (p[2] | 0x20) == 'w' && p[3] == '.')
			return 0;
	return 1;
}

static int
phone_ok(const char *s)
{
	int digit = 0;

	for (; *s; s++) {
		if (is_digit(*s))
			digit = 1;
		else if (strchr(" +-()", *s) == NULL)
			return 0;
	}
	return digit;
}

/* ^[A-Za-z]+(/[A-Za-z0-9_+-]+)*$ */
static int
tz_ok(const char *s)
{
	const char *p = s;

	while ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z'))
		p++;
	if (p == s)
		return 0;
	while (*p == '/') {
		const char *seg = ++p;

		while (is_alnum(*p) || *p == '_' || *p == '+' || *p == '-')
			p++;
		if (p == seg)
			return 0;
	}
	return *p == '\0';
}

/* 32 bytes as unpadded base64url: 43 characters, the last one carrying
 * two zero bits (so each key has exactly one spelling). */
static int
pubkey_ok(const char *s)
{
	static const char b64[] =
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
	size_t i;

	if (strlen(s) != 43)
		return 0;
	for (i = 0; i < 43; i++)
		if (strchr(b64, s[i]) == NULL)
			return 0;
	return ((strchr(b64, s[42]) - b64) & 3) == 0;
}

static int
ident_ok(const char *s)
{
	for (; *s; s++)
		if (!is_alnum(*s) && *s != '-')
			return 0;
	return 1;
}

/* ---- the checks, by format (the formats are record_schema.c's) ------- */

const struct record_format_check record_format_checks[RFMT__COUNT] = {
	[RFMT_LANG] = { lang_ok, "bad_lang",
	    "a language tag: sv, da, nb, nn, fi, is, kl, fo, se or en" },
	[RFMT_DATE] = { date_ok, "bad_value",
	    "a calendar date YYYY-MM-DD" },
	[RFMT_TIME] = { time_ok, "bad_value",
	    "an RFC 3339 timestamp with offset, "
	    "e.g. 2026-03-05T10:00:00+01:00" },
	[RFMT_URL] = { url_ok, "bad_value",
	    "an http:// or https:// URL with a host and no spaces" },
	[RFMT_MONEY] = { money_ok, "bad_value",
	    "a decimal amount such as \"150\" or \"99.50\", or \"free\"" },
	[RFMT_EMAIL] = { email_ok, "bad_value",
	    "an e-mail address of printable ASCII with one @ and no spaces" },
	[RFMT_PHONE] = { phone_ok, "bad_value",
	    "a phone number of digits, spaces and + - ( )" },
	[RFMT_TZ] = { tz_ok, "bad_value",
	    "a time zone name such as Europe/Stockholm" },
	[RFMT_PUBKEY] = { pubkey_ok, "bad_value",
	    "an Ed25519 public key as 43 base64url characters" },
	[RFMT_IDENT] = { ident_ok, "bad_value",
	    "1 to 40 characters of A-Z a-z 0-9 -" },
	[RFMT_PLATFORM] = { platform_ok, "bad_value",
	    "the platform's name (\"Zoom\"), never a link: no / or www." },
	[RFMT_REGION] = { record_region_form_ok, "bad_value",
	    "an ISO 3166-2 code such as SE-BD or NO-18" },
	[RFMT_MUNI] = { record_municipality_form_ok, "bad_value",
	    "a municipality code of 3 or 4 digits such as 2580" },
};

