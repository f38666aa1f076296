/*
 * fuzz_canon: libFuzzer target for protocol/canon.c.
 *
 * For any input: canon_parse must not crash, and must fail with a known
 * code and no value, or succeed with a value whose canonical dump is
 * accepted by canon_parse_canonical and re-dumps to identical bytes. Every
 * value canon_parse accepts must also be valid JSON to jansson's own parser
 * with an equal value. The input is accepted by canon_parse_canonical
 * exactly when it equals its dump. Any violation aborts.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "canon.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char *const codes[] = {
	"too_large", "too_deep", "invalid_utf8", "syntax", "trailing_data",
	"duplicate_key", "real_number", "integer_out_of_range",
	"nul_character", "invalid_escape", "lone_surrogate", "not_canonical",
};

static void
die(const char *what, const struct nferr *e)
{
	fprintf(stderr, "fuzz_canon: %s (%s: %s at '%s')\n", what,
	    e && e->code ? e->code : "-", e ? e->msg : "-", e ? e->field : "-");
	abort();
}

static void
check_code(const struct nferr *e)
{
	size_t i;

	if (e->code == NULL || e->msg[0] == '\0')
		die("error without code or message", e);
	for (i = 0; i < sizeof(codes) / sizeof(codes[0]); i++)
		if (strcmp(e->code, codes[i]) == 0)
			return;
	die("unknown error code", e);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *in = (const char *)data;
	struct nferr e;
	json_t *v = NULL, *v2 = NULL, *jv;
	char *d1 = NULL, *d2 = NULL;
	size_t l1 = 0, l2 = 0;
	int rc, crc;

	rc = canon_parse(in, size, NULL, &v, &e);
	crc = canon_parse_canonical(in, size, NULL, NULL, &e);
	if (rc != 0) {
		check_code(&e);
		if (v != NULL)
			die("value returned on failure", &e);
		if (crc == 0)
			die("parse_canonical accepted what parse rejected", &e);
		return 0;
	}
	if (canon_dump(v, &d1, &l1, &e) != 0)
		die("dump of a parsed value failed", &e);
	if (strlen(d1) != l1)
		die("dump length or NUL terminator wrong", &e);
	if (canon_parse_canonical(d1, l1, NULL, &v2, &e) != 0)
		die("canonical dump not accepted as canonical", &e);
	if (canon_dump(v2, &d2, &l2, &e) != 0)
		die("re-dump failed", &e);
	if (l1 != l2 || memcmp(d1, d2, l1) != 0)
		die("dump is not idempotent", &e);
	if (!json_equal(v, v2))
		die("re-parsed value differs", &e);
	if ((crc == 0) != (l1 == size && memcmp(d1, in, size) == 0))
		die("parse_canonical disagrees with dump comparison", &e);

	/* Differential: what canon accepts is plain JSON to jansson too. */
	jv = json_loadb(in, size, JSON_DECODE_ANY | JSON_REJECT_DUPLICATES,
	    NULL);
	if (jv == NULL || !json_equal(jv, v))
		die("jansson disagrees with an accepted document", &e);
	json_decref(jv);

	free(d1);
	free(d2);
	json_decref(v);
	json_decref(v2);
	return 0;
}
