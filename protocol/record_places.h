/*
 * record_places: the places an organisation can name by code
 * (docs/protocol.md, "Places"): the ISO 3166-2 subdivisions of the eight
 * countries and territories, with their names, and the form of each
 * country's official municipality codes. record.c checks an
 * organisation's region_code and municipality_code against them;
 * record_schema.c serves them as "places" in GET /api/v1/schema. All data
 * here is static and read-only.
 */
#ifndef RECORD_PLACES_H
#define RECORD_PLACES_H

#include <stddef.h>
#include <jansson.h>

struct record_region {
	const char *code;       /* ISO 3166-2: "SE-BD" */
	const char *prefix;     /* the first digits of its municipalities'
	                           codes ("25"), or NULL: not derivable */
	const char *lang1, *name1;  /* its name in the country's language */
	const char *lang2, *name2;  /* and in a second official one, or NULL */
};

/* The forms alone (the formats region_code and municipality_code):
 * CC-X with 1 to 3 of A-Z 0-9 after the dash; 3 or 4 digits. */
int record_region_form_ok(const char *s);
int record_municipality_form_ok(const char *s);

/* The region with ISO 3166-2 code code, or NULL. */
const struct record_region *record_region_find(const char *code);

/*
 * Whether region code code belongs to country cc: NULL when it does,
 * else why not (a static English sentence).
 */
const char *record_region_check(const char *cc, const char *code);

/*
 * Whether municipality code code is one of country cc's form, and (when
 * region is not NULL and the code's region is derivable) lies in region:
 * NULL when it is, else why not (written to why, at most size bytes).
 */
const char *record_municipality_check(const char *cc, const char *code,
    const char *region, char *why, size_t size);

/* {"regions": {"SE": [{"code","names":{lang:name}}...]...},
 *  "municipality_codes": {"SE": {"digits":4,"region_prefix":2,
 *  "list":"format"}...}}: new reference, NULL when out of memory. */
json_t *record_places_json(void);

#endif
