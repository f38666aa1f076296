/*
 * test_schema: the record schema (protocol/record_schema.c) is what
 * validation does, and its JSON form (GET /api/v1/schema) is the table.
 *
 * - every word of every vocabulary a field uses is accepted in that field
 *   of a valid vector body, and a word outside it is refused there with
 *   bad_value (the served vocabularies are the validated ones);
 * - record_schema_json() lists every type, every field in table order
 *   with its type, required flag, vocabulary, reference and index roles,
 *   and every vocabulary a field names;
 * - the index roles the store reads are where docs/storage.md says.
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
#include "record_schema.h"

static json_t *
load_valid(void)
{
	const char *dir = getenv("NORDFED_VECTORS");
	json_error_t jerr;
	char path[512];
	json_t *v;

	snprintf(path, sizeof(path), "%s/records/valid.json",
	    dir ? dir : "tests/vectors");
	v = json_load_file(path, JSON_REJECT_DUPLICATES, &jerr);
	if (v == NULL)
		fail_msg("%s:%d: %s", path, jerr.line, jerr.text);
	return v;
}

static const char *
str(const json_t *o, const char *k)
{
	return json_string_value(json_object_get(o, k));
}

/* Validate body with field name set to v (stolen); 0 or -1, err set. */
static int
try_value(const json_t *c, enum record_type t, const char *name, json_t *v,
    struct nferr *err)
{
	json_t *body = json_deep_copy(json_object_get(c, "body"));
	int rc;

	assert_non_null(body);
	json_object_set_new(body, name, v);
	nferr_clear(err);
	rc = record_validate(t, str(c, "id"), str(c, "origin"), body, err);
	json_decref(body);
	return rc;
}

static void
test_vocabularies_are_validated(void **state)
{
	json_t *all = load_valid(), *c;
	struct nferr err;
	char ptr[160];
	size_t i, j, tried = 0;

	(void)state;
	json_array_foreach(all, i, c) {
		enum record_type t = record_type_from_name(str(c, "type"));
		const struct record_table *tb = record_fields(t);

		assert_non_null(tb);
		for (j = 0; j < tb->n; j++) {
			const struct record_field *f = &tb->f[j];
			const char *const *w;

			if (f->kind != RK_ENUM && f->kind != RK_SET)
				continue;
			snprintf(ptr, sizeof(ptr), "/%s%s", f->name,
			    f->kind == RK_SET ? "/0" : "");
			for (w = f->vocab->words; *w != NULL; w++) {
				json_t *v = f->kind == RK_SET ?
				    json_pack("[s]", *w) : json_string(*w);

				/* a rule across fields may still refuse it,
				 * never the vocabulary */
				if (try_value(c, t, f->name, v, &err) != 0 &&
				    strcmp(err.field, ptr) == 0 &&
				    strcmp(err.code, "bad_value") == 0 &&
				    strstr(err.msg, "must be one of") != NULL)
					fail_msg("%s: %s \"%s\" refused: %s",
					    str(c, "name"), f->name, *w,
					    err.msg);
				assert_true(record_vocab_valid(f->vocab->name,
				    *w));
				tried++;
			}
			if (try_value(c, t, f->name, f->kind == RK_SET ?
			    json_pack("[s]", "no_such_word") :
			    json_string("no_such_word"), &err) == 0)
				fail_msg("%s: %s \"no_such_word\" accepted",
				    str(c, "name"), f->name);
			assert_string_equal(err.code, "bad_value");
			assert_string_equal(err.field, ptr);
			assert_non_null(strstr(err.msg, "must be one of"));
			assert_false(record_vocab_valid(f->vocab->name,
			    "no_such_word"));
		}
	}
	assert_true(tried > 100);
	json_decref(all);
}

static void
check_fields(const struct record_table *tb, const json_t *fields,
    const json_t *vocabs)
{
	size_t i;

	assert_true(json_is_array(fields));
	assert_int_equal(json_array_size(fields), tb->n);
	for (i = 0; i < tb->n; i++) {
		const struct record_field *f = &tb->f[i];
		const json_t *jf = json_array_get(fields, i);
		const json_t *ix = json_object_get(jf, "index");

		assert_string_equal(str(jf, "name"), f->name);
		assert_true(json_is_string(json_object_get(jf, "type")));
		assert_int_equal(json_is_true(json_object_get(jf, "required")),
		    (f->flags & RF_REQ) != 0);
		assert_true(json_is_array(ix));
		assert_int_equal(json_array_size(ix) == 0, f->index == 0);
		if (f->kind == RK_ENUM || f->kind == RK_SET) {
			const json_t *words = json_object_get(vocabs,
			    str(jf, "vocabulary"));
			size_t n = 0;

			assert_string_equal(str(jf, "vocabulary"),
			    f->vocab->name);
			assert_true(json_is_array(words));
			while (f->vocab->words[n] != NULL) {
				assert_string_equal(json_string_value(
				    json_array_get(words, n)),
				    f->vocab->words[n]);
				n++;
			}
			assert_int_equal(json_array_size(words), n);
		}
		if (f->kind == RK_ID) {
			assert_string_equal(str(jf, "references"),
			    record_type_name(f->ref));
			assert_int_equal(json_is_true(json_object_get(jf,
			    "owned")), (f->flags & RF_OWNED) != 0);
		}
		if (f->kind == RK_OBJ || f->kind == RK_OBJS)
			check_fields(f->sub, json_object_get(jf, "fields"),
			    vocabs);
	}
}

static void
test_json_is_the_table(void **state)
{
	json_t *s = record_schema_json(), *types, *vocabs;
	int t;

	(void)state;
	assert_non_null(s);
	types = json_object_get(s, "types");
	vocabs = json_object_get(s, "vocabularies");
	assert_int_equal(json_object_size(types), REC__COUNT - 1);
	for (t = REC_NONE + 1; t < REC__COUNT; t++) {
		const json_t *jt = json_object_get(types,
		    record_type_name((enum record_type)t));

		assert_non_null(jt);
		assert_string_equal(str(jt, "kind"),
		    record_type_kind((enum record_type)t));
		check_fields(record_fields((enum record_type)t),
		    json_object_get(jt, "fields"), vocabs);
	}
	assert_int_equal(json_array_size(json_object_get(s, "origins")), 8);
	assert_int_equal(json_integer_value(json_object_get(
	    json_object_get(s, "limits"), "text_bytes")), RECORD_TEXT_MAX);
	json_decref(s);
}

static void
test_roles(void **state)
{
	const struct record_table *org = record_fields(REC_ORGANISATION);
	const struct record_table *meet = record_fields(REC_MEETING);
	const struct record_table *mem = record_fields(REC_MEMBERSHIP);

	(void)state;
	assert_string_equal(record_field_role(org, RIX_NAME)->name, "name");
	assert_string_equal(record_field_role(org, RIX_CLASS)->name,
	    "classification");
	assert_string_equal(record_field_role(org, RIX_START)->name,
	    "founded");
	assert_null(record_field_role(org, RIX_SORT));
	assert_string_equal(record_field_role(meet, RIX_SORT)->name, "start");
	assert_string_equal(record_field_role(meet, RIX_ORG)->name,
	    "organiser");
	assert_string_equal(record_field_role(record_fields(
	    REC_COLLABORATION), RIX_FOCUS)->name, "area");
	/* memberships have no name: not searched, sorted by id */
	assert_null(record_field_role(mem, RIX_NAME));
	assert_null(record_field_role(record_fields(REC_KEY), RIX_NAME));
	assert_null(record_fields(REC_NONE));
	assert_null(record_vocab_find("no_such_vocabulary"));
	assert_non_null(record_vocab_find("lang"));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_roles),
		cmocka_unit_test(test_json_is_the_table),
		cmocka_unit_test(test_vocabularies_are_validated),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
