/*
 * test_record: record ids, type names, translated text and validation,
 * the latter driven by tests/vectors/records/{valid,invalid}.json
 * (directory from NORDFED_VECTORS, default "tests/vectors").
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "record.h"

#define MIN_INVALID 40

static const char *const all_codes[] = {
	"bad_id", "not_owner", "missing_field", "unknown_field", "bad_type",
	"bad_value", "too_long", "bad_lang", "private_field", NULL
};

static const char *
str(const json_t *c, const char *key)
{
	return json_string_value(json_object_get(c, key));
}

static json_t *
load_vectors(const char *file)
{
	const char *dir = getenv("NORDFED_VECTORS");
	json_error_t jerr;
	char path[512];
	json_t *v;

	if (dir == NULL)
		dir = "tests/vectors";
	snprintf(path, sizeof(path), "%s/records/%s", dir, file);
	v = json_load_file(path, JSON_REJECT_DUPLICATES | JSON_ALLOW_NUL, &jerr);
	if (v == NULL)
		fail_msg("%s:%d: %s", path, jerr.line, jerr.text);
	assert_true(json_is_array(v));
	return v;
}

static enum record_type
vector_type(const json_t *c)
{
	enum record_type t;

	t = record_type_from_name(str(c, "type"));
	if (t == REC_NONE)
		fail_msg("%s: unknown type",
		    str(c, "name"));
	return t;
}

static void
test_vectors_valid(void **state)
{
	int per_type[REC__COUNT] = { 0 };
	struct nferr err;
	json_t *all, *c;
	size_t i;
	int t;

	(void)state;
	all = load_vectors("valid.json");
	json_array_foreach(all, i, c) {
		const char *name = str(c, "name");
		enum record_type rt = vector_type(c);

		nferr_clear(&err);
		if (record_validate(rt, str(c, "id"), str(c, "origin"),
		    json_object_get(c, "body"), &err) != 0)
			fail_msg("valid vector \"%s\" rejected: %s %s: %s",
			    name, err.code, err.field, err.msg);
		assert_null(err.code);
		per_type[rt]++;
	}
	for (t = REC_NONE + 1; t < REC__COUNT; t++)
		if (per_type[t] < 2)
			fail_msg("fewer than 2 valid vectors of type %s",
			    record_type_name((enum record_type)t));
	print_message("%zu valid record vectors\n", json_array_size(all));
	json_decref(all);
}

static void
test_vectors_invalid(void **state)
{
	int seen[sizeof(all_codes) / sizeof(all_codes[0])] = { 0 };
	int owner_rule[REC__COUNT] = { 0 };
	struct nferr err;
	json_t *all, *c;
	size_t i, k;
	int ran = 0, t;

	(void)state;
	all = load_vectors("invalid.json");
	json_array_foreach(all, i, c) {
		const char *name = str(c, "name");
		const char *code = str(c, "error");
		const char *field = str(c, "field");
		enum record_type rt = vector_type(c);

		assert_non_null(code);
		assert_non_null(field);
		nferr_clear(&err);
		if (record_validate(rt, str(c, "id"), str(c, "origin"),
		    json_object_get(c, "body"), &err) != -1)
			fail_msg("invalid vector \"%s\" accepted", name);
		if (err.code == NULL || strcmp(err.code, code) != 0 ||
		    strcmp(err.field, field) != 0)
			fail_msg("invalid vector \"%s\": want %s at \"%s\", "
			    "got %s at \"%s\" (%s)", name, code, field,
			    err.code ? err.code : "(null)", err.field, err.msg);
		if (err.msg[0] == '\0')
			fail_msg("invalid vector \"%s\": empty message", name);
		for (k = 0; all_codes[k] != NULL; k++)
			if (strcmp(all_codes[k], code) == 0)
				seen[k]++;
		if (strcmp(code, "not_owner") == 0)
			owner_rule[rt]++;
		ran++;
	}
	for (k = 0; all_codes[k] != NULL; k++)
		if (seen[k] == 0)
			fail_msg("no invalid vector for code %s", all_codes[k]);
	for (t = REC_NONE + 1; t < REC__COUNT; t++)
		if (owner_rule[t] == 0)
			fail_msg("no vector for the owner rule of %s",
			    record_type_name((enum record_type)t));
	assert_true(ran >= MIN_INVALID);
	print_message("%d invalid record vectors\n", ran);
	json_decref(all);
}

/* ---- ids ---------------------------------------------------------------- */

static void
test_id_parse(void **state)
{
	static const struct {
		const char *id, *origin;
		enum record_type t;
	} good[] = {
		{ "se:org:01JD3Q5X8Z9K7M2N4P6R8T0V1W", "SE", REC_ORGANISATION },
		{ "no:net:7ZZZZZZZZZZZZZZZZZZZZZZZZZ", "NO", REC_NETWORK },
		{ "dk:mem:00000000000000000000000000", "DK", REC_MEMBERSHIP },
		{ "fi:mreq:01ARZ3NDEKTSV4RRFFQ69G5FAV", "FI",
		    REC_MEMBERSHIP_REQUEST },
		{ "is:meet:01ARZ3NDEKTSV4RRFFQ69G5FAV", "IS", REC_MEETING },
		{ "gl:res:01ARZ3NDEKTSV4RRFFQ69G5FAV", "GL", REC_RESOURCE },
		{ "fo:collab:01ARZ3NDEKTSV4RRFFQ69G5FAV", "FO",
		    REC_COLLABORATION },
		{ "ax:key:01ARZ3NDEKTSV4RRFFQ69G5FAV", "AX", REC_KEY },
	};
	static const char *const bad[] = {
		"", "se", "se:org", "se:org:",
		":org:01ARZ3NDEKTSV4RRFFQ69G5FAV",
		"SE:org:01ARZ3NDEKTSV4RRFFQ69G5FAV",  /* upper-case country */
		"Se:org:01ARZ3NDEKTSV4RRFFQ69G5FAV",
		"us:org:01ARZ3NDEKTSV4RRFFQ69G5FAV",  /* not an origin */
		"sve:org:01ARZ3NDEKTSV4RRFFQ69G5FAV",
		"se:ORG:01ARZ3NDEKTSV4RRFFQ69G5FAV",
		"se:person:01ARZ3NDEKTSV4RRFFQ69G5FAV",
		"se::01ARZ3NDEKTSV4RRFFQ69G5FAV",
		"se:org:01ARZ3NDEKTSV4RRFFQ69G5FA",   /* 25 */
		"se:org:01ARZ3NDEKTSV4RRFFQ69G5FAVX", /* 27 */
		"se:org:01arz3ndektsv4rrffq69g5fav",  /* lower case */
		"se:org:01ARZ3NDEKTSV4RRFFQ69G5FAI",
		"se:org:01ARZ3NDEKTSV4RRFFQ69G5FAL",
		"se:org:01ARZ3NDEKTSV4RRFFQ69G5FAO",
		"se:org:01ARZ3NDEKTSV4RRFFQ69G5FAU",
		"se:org:81ARZ3NDEKTSV4RRFFQ69G5FAV",  /* beyond 48 bits */
		"se:org:01ARZ3NDEKTSV4RRFFQ69G5F-V",
		"se:org:01ARZ3NDEKTSV4RRFFQ69G5FAV:x",
		"se:org: 01ARZ3NDEKTSV4RRFFQ69G5FA",
		"se:org:01ARZ3NDEKTSV4RRFFQ69G5FAV\n",
		("se:org:01ARZ3NDEKTSV4RRFFQ69G5FAV"
		    "01ARZ3NDEKTSV4RRFFQ69G5FAV012"),  /* >= RECORD_ID_MAX */
	};
	enum record_type t;
	struct nferr err;
	char origin[3];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(good) / sizeof(good[0]); i++) {
		t = REC_NONE;
		memset(origin, 0, sizeof(origin));
		if (record_id_parse(good[i].id, origin, &t, &err) != 0)
			fail_msg("%s: %s", good[i].id, err.msg);
		assert_string_equal(origin, good[i].origin);
		assert_int_equal(t, good[i].t);
	}
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		nferr_clear(&err);
		if (record_id_parse(bad[i], origin, &t, &err) != -1)
			fail_msg("accepted bad id \"%s\"", bad[i]);
		assert_string_equal(err.code, "bad_id");
		assert_string_equal(err.field, "");
		assert_true(err.msg[0] != '\0');
	}
	assert_int_equal(record_id_parse(NULL, origin, &t, &err), -1);
	assert_string_equal(err.code, "bad_id");
	/* outputs may be NULL, err may be NULL */
	assert_int_equal(record_id_parse(good[0].id, NULL, NULL, NULL), 0);
	assert_int_equal(record_id_parse("x", NULL, NULL, NULL), -1);
}

static void
test_id_make(void **state)
{
	static const unsigned char zero[10] = { 0 };
	static const unsigned char ones[10] = {
		0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff
	};
	/* The ULID spec's example: time 01ARZ3NDEK = 1469922850259. */
	static const unsigned char rnd[10] = {
		0xd6, 0x76, 0x4c, 0x61, 0xef, 0xb9, 0x93, 0x02, 0xbd, 0x5b
	};
	char id[RECORD_ID_MAX], origin[3];
	enum record_type t;
	struct nferr err;
	int ty, k;

	(void)state;
	record_id_make(id, "SE", REC_ORGANISATION, 0, zero);
	assert_string_equal(id, "se:org:00000000000000000000000000");
	record_id_make(id, "AX", REC_COLLABORATION, (1ULL << 48) - 1, ones);
	assert_string_equal(id, "ax:collab:7ZZZZZZZZZZZZZZZZZZZZZZZZZ");
	record_id_make(id, "FI", REC_MEETING, 1469922850259ULL, rnd);
	assert_string_equal(id, "fi:meet:01ARZ3NDEKTSV4RRFFQ69G5FAV");

	/* Round trip: every origin and type parses back to itself. */
	for (k = 0; k < 8; k++)
		for (ty = REC_NONE + 1; ty < REC__COUNT; ty++) {
			record_id_make(id, record_origins[k],
			    (enum record_type)ty,
			    1772701200000ULL + (unsigned)k, rnd);
			assert_true(strlen(id) < RECORD_ID_MAX);
			if (record_id_parse(id, origin, &t, &err) != 0)
				fail_msg("%s: %s", id, err.msg);
			assert_string_equal(origin, record_origins[k]);
			assert_int_equal(t, ty);
		}
	/* Time order is id order within an origin and type. */
	{
		char a[RECORD_ID_MAX], b[RECORD_ID_MAX];

		record_id_make(a, "NO", REC_NETWORK, 1772701200000ULL, ones);
		record_id_make(b, "NO", REC_NETWORK, 1772701200001ULL, zero);
		assert_true(strcmp(a, b) < 0);
	}
	/* Refusals leave "". */
	record_id_make(id, "se", REC_ORGANISATION, 0, zero);
	assert_string_equal(id, "");
	record_id_make(id, "US", REC_ORGANISATION, 0, zero);
	assert_string_equal(id, "");
	record_id_make(id, "SE", REC_NONE, 0, zero);
	assert_string_equal(id, "");
	record_id_make(id, "SE", REC__COUNT, 0, zero);
	assert_string_equal(id, "");
	record_id_make(id, "SE", REC_ORGANISATION, 1ULL << 48, zero);
	assert_string_equal(id, "");
}

static void
test_names(void **state)
{
	int t;

	(void)state;
	for (t = REC_NONE + 1; t < REC__COUNT; t++) {
		assert_int_equal(record_type_from_name(record_type_name(
		    (enum record_type)t)), t);
		assert_int_equal(record_type_from_kind(record_type_kind(
		    (enum record_type)t)), t);
	}
	assert_string_equal(record_type_name(REC_MEMBERSHIP_REQUEST),
	    "membership_request");
	assert_string_equal(record_type_kind(REC_COLLABORATION), "collab");
	assert_null(record_type_name(REC_NONE));
	assert_null(record_type_kind(REC__COUNT));
	assert_int_equal(record_type_from_name("person"), REC_NONE);
	assert_int_equal(record_type_from_name(NULL), REC_NONE);
	assert_int_equal(record_type_from_kind("Org"), REC_NONE);
	assert_string_equal(record_origins[0], "SE");
	assert_string_equal(record_origins[7], "AX");
	assert_true(record_origin_valid("GL"));
	assert_false(record_origin_valid("gl"));
	assert_false(record_origin_valid("SJ"));
	assert_false(record_origin_valid(NULL));
	assert_true(record_lang_valid("se"));
	assert_true(record_lang_valid("kl"));
	assert_false(record_lang_valid("no"));
	assert_false(record_lang_valid("SV"));
	assert_false(record_lang_valid(""));
	assert_false(record_lang_valid(NULL));
}

/* ---- translated text ---------------------------------------------------- */

static void
test_text_pick(void **state)
{
	json_t *m;

	(void)state;
	m = json_pack("{s:s, s:s, s:s}", "fi", "Kylä", "sv", "By", "en",
	    "Village");
	assert_string_equal(record_text_pick(m, "sv", "fi"), "By");
	assert_string_equal(record_text_pick(m, "da", "fi"), "Village");
	json_object_del(m, "en");
	assert_string_equal(record_text_pick(m, "da", "fi"), "Kylä");
	assert_string_equal(record_text_pick(m, "da", "sv"), "By");
	assert_string_equal(record_text_pick(m, NULL, NULL), "Kylä");
	json_object_del(m, "fi");
	/* no lang, no en, no original: any member */
	assert_string_equal(record_text_pick(m, "is", "fo"), "By");
	json_object_del(m, "sv");
	assert_null(record_text_pick(m, "sv", "sv"));
	assert_null(record_text_pick(NULL, "sv", NULL));
	json_decref(m);

	m = json_pack("{s:i, s:s}", "sv", 3, "nb", "Bygd");
	assert_string_equal(record_text_pick(m, "sv", NULL), "Bygd");
	json_decref(m);
	m = json_string("Þórshöfn");
	assert_null(record_text_pick(m, "is", NULL));
	json_decref(m);
}

/* ---- dates and times ---------------------------------------------------- */

static void
test_dates(void **state)
{
	static const char *const good[] = {
		"2024-02-29", "2000-02-29", "1600-02-29", "2026-12-31",
		"0001-01-01", "9999-12-31", "2026-04-30",
	};
	static const char *const bad[] = {
		"2023-02-29", "1900-02-29", "2100-02-29", "2026-04-31",
		"2026-13-01", "2026-00-10", "2026-01-00", "2026-01-32",
		"0000-01-01", "2026-1-01", "2026/01/01", "2026-01-01T",
		"20260101", "", "+2026-01-01", "2026-01-01 ",
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(good) / sizeof(good[0]); i++)
		if (!record_date_valid(good[i]))
			fail_msg("rejected date %s", good[i]);
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		if (record_date_valid(bad[i]))
			fail_msg("accepted date \"%s\"", bad[i]);
	assert_false(record_date_valid(NULL));
}

static void
test_times(void **state)
{
	static const char *const bad[] = {
		"2026-03-05T10:00:00", "2026-03-05T10:00:00z",
		"2026-03-05t10:00:00Z", "2026-03-05 10:00:00Z",
		"2026-03-05T24:00:00Z", "2026-03-05T10:60:00Z",
		"2026-03-05T10:00:60Z", "2026-03-05T10:00Z",
		"2026-03-05T10:00:00+0100", "2026-03-05T10:00:00+24:00",
		"2026-03-05T10:00:00+01:60", "2026-03-05T10:00:00.Z",
		"2026-03-05T10:00:00.1234567890Z", "2023-02-29T10:00:00Z",
		"2026-03-05T10:00:00+01:00 ", "2026-03-05T10:00:00ZZ", "",
	};
	int64_t s, s2;
	long ns;
	size_t i;

	(void)state;
	assert_int_equal(record_time_parse("1970-01-01T00:00:00Z", &s, &ns),
	    0);
	assert_int_equal(s, 0);
	assert_int_equal(ns, 0);
	assert_int_equal(record_time_parse("2026-03-05T10:00:00+01:00", &s,
	    &ns), 0);
	assert_int_equal(s, 1772701200);
	assert_int_equal(record_time_parse("2026-03-05T09:00:00Z", &s2, NULL),
	    0);
	assert_int_equal(s, s2);
	assert_int_equal(record_time_parse("2025-11-20T13:00:00-02:00", &s,
	    NULL), 0);
	assert_int_equal(s, 1763650800);
	assert_int_equal(record_time_parse("2024-02-29T23:59:59.5+01:00", &s,
	    &ns), 0);
	assert_int_equal(s, 1709247599);
	assert_int_equal(ns, 500000000);
	assert_int_equal(record_time_parse("2024-02-29T23:59:59.123456789Z",
	    NULL, &ns), 0);
	assert_int_equal(ns, 123456789);
	assert_int_equal(record_time_parse("1969-12-31T23:59:59Z", &s, NULL),
	    0);
	assert_int_equal(s, -1);
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		if (record_time_parse(bad[i], NULL, NULL) == 0)
			fail_msg("accepted timestamp \"%s\"", bad[i]);
	assert_int_equal(record_time_parse(NULL, NULL, NULL), -1);
}

/* ---- record_validate beyond the vectors -------------------------------- */

static void
test_validate_args(void **state)
{
	const char *id = "se:key:01ARZ3NDEKTSV4RRFFQ69G5FAV";
	struct nferr err;
	json_t *b;

	(void)state;
	b = json_pack("{s:s}", "public_key",
	    "11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo");
	assert_int_equal(record_validate(REC_KEY, id, "SE", b, &err), 0);
	assert_null(err.code);
	assert_int_equal(record_validate(REC_KEY, id, "SE", b, NULL), 0);
	assert_int_equal(record_validate(REC_NONE, id, "SE", b, &err), -1);
	assert_string_equal(err.code, "bad_value");
	assert_int_equal(record_validate(REC__COUNT, id, "SE", b, &err), -1);
	assert_int_equal(record_validate(REC_KEY, id, "se", b, &err), -1);
	assert_string_equal(err.code, "bad_value");
	assert_int_equal(record_validate(REC_KEY, id, NULL, b, &err), -1);
	assert_int_equal(record_validate(REC_KEY, NULL, "SE", b, &err), -1);
	assert_string_equal(err.code, "bad_id");
	assert_int_equal(record_validate(REC_KEY, id, "SE", NULL, &err), -1);
	assert_string_equal(err.code, "bad_type");
	assert_int_equal(record_validate(REC_KEY, id, "NO", b, &err), -1);
	assert_string_equal(err.code, "not_owner");
	assert_non_null(strstr(err.msg, "owned by SE, not NO"));
	assert_int_equal(record_validate(REC_NETWORK, id, "SE", b, &err), -1);
	assert_string_equal(err.code, "bad_id");
	json_decref(b);
}

static void
test_validate_messages(void **state)
{
	const char *net = "no:net:01ARZ3NDEKTSV4RRFFQ69G5FAV";
	struct nferr err;
	json_t *b;

	(void)state;
	b = json_pack("{s:s, s:s, s:s, s:s}", "network", net, "organisation",
	    "fo:org:01ARZ3NDEKTSV4RRFFQ69G5FAV", "role", "member", "status",
	    "active");
	assert_int_equal(record_validate(REC_MEMBERSHIP,
	    "se:mem:01ARZ3NDEKTSV4RRFFQ69G5FAV", "SE", b, &err), -1);
	assert_string_equal(err.code, "not_owner");
	assert_string_equal(err.field, "/network");
	assert_string_equal(err.msg, "network no:net:01ARZ3NDEKTSV4RRFFQ69G5FAV"
	    " is owned by NO, not SE");
	json_object_set_new(b, "role", json_integer(1));
	assert_int_equal(record_validate(REC_MEMBERSHIP,
	    "no:mem:01ARZ3NDEKTSV4RRFFQ69G5FAV", "NO", b, &err), -1);
	assert_string_equal(err.code, "bad_type");
	assert_string_equal(err.msg, "/role must be a string");
	json_decref(b);

	/* a NUL inside a string (json_stringn) is a bad value */
	b = json_pack("{s:s%, s:s}", "public_key", "ab\0cd", (size_t)5, "lang",
	    "sv");
	assert_int_equal(record_validate(REC_KEY,
	    "se:key:01ARZ3NDEKTSV4RRFFQ69G5FAV", "SE", b, &err), -1);
	assert_string_equal(err.code, "bad_value");
	assert_string_equal(err.field, "/public_key");
	json_decref(b);

	/* a long unknown key is cut to fit the pointer, on a UTF-8 boundary */
	b = json_object();
	{
		char key[400];
		size_t i;

		for (i = 0; i + 2 < sizeof(key); i += 2)
			memcpy(key + i, "\xc3\xb6", 2);	/* ö */
		key[i] = '\0';
		json_object_set_new(b, key, json_integer(1));
	}
	assert_int_equal(record_validate(REC_KEY,
	    "se:key:01ARZ3NDEKTSV4RRFFQ69G5FAV", "SE", b, &err), -1);
	assert_string_equal(err.code, "unknown_field");
	assert_true(strlen(err.field) < sizeof(err.field));
	assert_true(strlen(err.field) % 2 == 1); /* "/" + whole ö's */
	json_decref(b);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_names),
		cmocka_unit_test(test_id_parse),
		cmocka_unit_test(test_id_make),
		cmocka_unit_test(test_text_pick),
		cmocka_unit_test(test_dates),
		cmocka_unit_test(test_times),
		cmocka_unit_test(test_validate_args),
		cmocka_unit_test(test_validate_messages),
		cmocka_unit_test(test_vectors_valid),
		cmocka_unit_test(test_vectors_invalid),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
