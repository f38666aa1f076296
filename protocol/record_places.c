/*
 * record_places: the ISO 3166-2 regions of the eight countries and
 * territories, with their names, and the forms of their official
 * municipality codes (record_places.h, docs/protocol.md "Places"). The
 * region table is complete (ISO 3166-2 as of 2024, Norway's 2024
 * counties); the municipality codes are checked by form, and in Sweden
 * and Norway by the county their first two digits name, not against the
 * full lists. All data here is static and read-only.
 */
#include <stdio.h>
#include <string.h>

#include "record_places.h"

#define R1(c, p, l, n)           { c, p, l, n, NULL, NULL }
#define R2(c, p, l, n, l2, n2)   { c, p, l, n, l2, n2 }

static const struct record_region regions[] = {
	/* Sweden: län; municipality codes start with the county number */
	R1("SE-AB", "01", "sv", "Stockholms län"),
	R1("SE-C", "03", "sv", "Uppsala län"),
	R1("SE-D", "04", "sv", "Södermanlands län"),
	R1("SE-E", "05", "sv", "Östergötlands län"),
	R1("SE-F", "06", "sv", "Jönköpings län"),
	R1("SE-G", "07", "sv", "Kronobergs län"),
	R1("SE-H", "08", "sv", "Kalmar län"),
	R1("SE-I", "09", "sv", "Gotlands län"),
	R1("SE-K", "10", "sv", "Blekinge län"),
	R1("SE-M", "12", "sv", "Skåne län"),
	R1("SE-N", "13", "sv", "Hallands län"),
	R1("SE-O", "14", "sv", "Västra Götalands län"),
	R1("SE-S", "17", "sv", "Värmlands län"),
	R1("SE-T", "18", "sv", "Örebro län"),
	R1("SE-U", "19", "sv", "Västmanlands län"),
	R1("SE-W", "20", "sv", "Dalarnas län"),
	R1("SE-X", "21", "sv", "Gävleborgs län"),
	R1("SE-Y", "22", "sv", "Västernorrlands län"),
	R1("SE-Z", "23", "sv", "Jämtlands län"),
	R1("SE-AC", "24", "sv", "Västerbottens län"),
	R1("SE-BD", "25", "sv", "Norrbottens län"),
	/* Norway: fylker since 2024, and the two outlying areas; a
	 * kommunenummer starts with its county's number */
	R1("NO-03", "03", "nb", "Oslo"),
	R1("NO-11", "11", "nb", "Rogaland"),
	R1("NO-15", "15", "nb", "Møre og Romsdal"),
	R1("NO-18", "18", "nb", "Nordland"),
	R1("NO-21", "21", "nb", "Svalbard"),
	R1("NO-22", "22", "nb", "Jan Mayen"),
	R1("NO-31", "31", "nb", "Østfold"),
	R1("NO-32", "32", "nb", "Akershus"),
	R1("NO-33", "33", "nb", "Buskerud"),
	R1("NO-34", "34", "nb", "Innlandet"),
	R1("NO-39", "39", "nb", "Vestfold"),
	R1("NO-40", "40", "nb", "Telemark"),
	R1("NO-42", "42", "nb", "Agder"),
	R1("NO-46", "46", "nb", "Vestland"),
	R1("NO-50", "50", "nb", "Trøndelag"),
	R2("NO-55", "55", "nb", "Troms", "se", "Romsa"),
	R2("NO-56", "56", "nb", "Finnmark", "se", "Finnmárku"),
	/* Denmark: regioner */
	R1("DK-81", NULL, "da", "Region Nordjylland"),
	R1("DK-82", NULL, "da", "Region Midtjylland"),
	R1("DK-83", NULL, "da", "Region Syddanmark"),
	R1("DK-84", NULL, "da", "Region Hovedstaden"),
	R1("DK-85", NULL, "da", "Region Sjælland"),
	/* Finland: maakunnat / landskap */
	R2("FI-01", NULL, "fi", "Ahvenanmaa", "sv", "Åland"),
	R2("FI-02", NULL, "fi", "Etelä-Karjala", "sv", "Södra Karelen"),
	R2("FI-03", NULL, "fi", "Etelä-Pohjanmaa", "sv", "Södra Österbotten"),
	R2("FI-04", NULL, "fi", "Etelä-Savo", "sv", "Södra Savolax"),
	R2("FI-05", NULL, "fi", "Kainuu", "sv", "Kajanaland"),
	R2("FI-06", NULL, "fi", "Kanta-Häme", "sv", "Egentliga Tavastland"),
	R2("FI-07", NULL, "fi", "Keski-Pohjanmaa", "sv",
	    "Mellersta Österbotten"),
	R2("FI-08", NULL, "fi", "Keski-Suomi", "sv", "Mellersta Finland"),
	R2("FI-09", NULL, "fi", "Kymenlaakso", "sv", "Kymmenedalen"),
	R2("FI-10", NULL, "fi", "Lappi", "sv", "Lappland"),
	R2("FI-11", NULL, "fi", "Pirkanmaa", "sv", "Birkaland"),
	R2("FI-12", NULL, "fi", "Pohjanmaa", "sv", "Österbotten"),
	R2("FI-13", NULL, "fi", "Pohjois-Karjala", "sv", "Norra Karelen"),
	R2("FI-14", NULL, "fi", "Pohjois-Pohjanmaa", "sv",
	    "Norra Österbotten"),
	R2("FI-15", NULL, "fi", "Pohjois-Savo", "sv", "Norra Savolax"),
	R2("FI-16", NULL, "fi", "Päijät-Häme", "sv", "Päijänne-Tavastland"),
	R2("FI-17", NULL, "fi", "Satakunta", "sv", "Satakunda"),
	R2("FI-18", NULL, "fi", "Uusimaa", "sv", "Nyland"),
	R2("FI-19", NULL, "fi", "Varsinais-Suomi", "sv", "Egentliga Finland"),
	/* Iceland: landshlutar */
	R1("IS-1", NULL, "is", "Höfuðborgarsvæði"),
	R1("IS-2", NULL, "is", "Suðurnes"),
	R1("IS-3", NULL, "is", "Vesturland"),
	R1("IS-4", NULL, "is", "Vestfirðir"),
	R1("IS-5", NULL, "is", "Norðurland vestra"),
	R1("IS-6", NULL, "is", "Norðurland eystra"),
	R1("IS-7", NULL, "is", "Austurland"),
	R1("IS-8", NULL, "is", "Suðurland"),
	/* Greenland: the five kommuneqarfiit are its ISO subdivisions */
	R1("GL-AV", NULL, "kl", "Avannaata Kommunia"),
	R1("GL-KU", NULL, "kl", "Kommune Kujalleq"),
	R1("GL-QE", NULL, "kl", "Qeqqata Kommunia"),
	R1("GL-QT", NULL, "kl", "Kommune Qeqertalik"),
	R1("GL-SM", NULL, "kl", "Kommuneqarfik Sermersooq"),
	/* the Faroe Islands and Åland have no ISO 3166-2 subdivisions */
};
#define NREGIONS (sizeof(regions) / sizeof(regions[0]))

/* A country's municipality codes: digits 0 means none are accepted. */
static const struct {
	const char cc[3];
	int digits;        /* exact number of digits */
	int prefix;        /* leading digits naming the region (0: none) */
	const char *none;  /* why none are accepted (digits 0) */
} muni_forms[] = {
	{ "SE", 4, 2, NULL },   /* kommunkod, 2580 Luleå */
	{ "NO", 4, 2, NULL },   /* kommunenummer, 1804 Bodø */
	{ "DK", 3, 0, NULL },   /* kommunekode, 101 København */
	{ "FI", 3, 0, NULL },   /* kuntanumero, 091 Helsinki */
	{ "IS", 4, 0, NULL },   /* sveitarfélagsnúmer, 0000 Reykjavík */
	{ "AX", 3, 0, NULL },   /* Finnish kuntanumero, 478 Mariehamn */
	{ "GL", 0, 0, "Greenland's municipalities are its ISO 3166-2 "
	    "subdivisions: give region_code" },
	{ "FO", 0, 0, "this protocol version knows no official code list "
	    "for the Faroe Islands: give municipality" },
};
#define NFORMS (sizeof(muni_forms) / sizeof(muni_forms[0]))

int
record_region_form_ok(const char *s)
{
	size_t k;

	if (!(s[0] >= 'A' && s[0] <= 'Z' && s[1] >= 'A' && s[1] <= 'Z' &&
	    s[2] == '-'))
		return 0;
	for (k = 3; (s[k] >= 'A' && s[k] <= 'Z') || (s[k] >= '0' &&
	    s[k] <= '9'); k++)
		;
	return s[k] == '\0' && k >= 4 && k <= 6;
}

int
record_municipality_form_ok(const char *s)
{
	size_t k;

	for (k = 0; s[k] >= '0' && s[k] <= '9'; k++)
		;
	return s[k] == '\0' && (k == 3 || k == 4);
}

const struct record_region *
record_region_find(const char *code)
{
	size_t i;

	for (i = 0; code != NULL && i < NREGIONS; i++)
		if (strcmp(regions[i].code, code) == 0)
			return &regions[i];
	return NULL;
}

const char *
record_region_check(const char *cc, const char *code)
{
	const struct record_region *r = record_region_find(code);

	if (r == NULL)
		return "it is no ISO 3166-2 region of the eight countries";
	if (strncmp(r->code, cc, 2) != 0 || r->code[2] != '-')
		return "it is a region of another country";
	return NULL;
}

const char *
record_municipality_check(const char *cc, const char *code,
    const char *region, char *why, size_t size)
{
	const struct record_region *r = NULL;
	size_t i, k;

	for (i = 0; i < NFORMS && strcmp(muni_forms[i].cc, cc) != 0; i++)
		;
	if (i == NFORMS)
		return "no such country";
	if (muni_forms[i].digits == 0) {
		snprintf(why, size, "%s", muni_forms[i].none);
		return why;
	}
	for (k = 0; code[k] >= '0' && code[k] <= '9'; k++)
		;
	if (code[k] != '\0' || k != (size_t)muni_forms[i].digits) {
		snprintf(why, size, "a municipality code of %s is %d digits",
		    cc, muni_forms[i].digits);
		return why;
	}
	if (muni_forms[i].prefix == 0)
		return NULL;
	for (k = 0; k < NREGIONS; k++)
		if (strncmp(regions[k].code, cc, 2) == 0 && regions[k].prefix &&
		    strncmp(regions[k].prefix, code,
		    (size_t)muni_forms[i].prefix) == 0)
			r = &regions[k];
	if (r == NULL) {
		snprintf(why, size, "%.2s is no county number of %s", code, cc);
		return why;
	}
	if (region != NULL && strcmp(region, r->code) != 0) {
		snprintf(why, size, "municipality %s lies in %s, not in %s",
		    code, r->code, region);
		return why;
	}
	return NULL;
}

json_t *
record_places_json(void)
{
	json_t *o = json_object(), *regs = json_object(), *forms = json_object();
	json_t *names, *a, *item;
	char cc[3];
	size_t i;
	int rc = 0;

	if (o == NULL || regs == NULL || forms == NULL)
		goto fail;
	for (i = 0; i < NREGIONS; i++) {
		snprintf(cc, sizeof(cc), "%.2s", regions[i].code);
		if ((a = json_object_get(regs, cc)) == NULL &&
		    json_object_set_new(regs, cc, a = json_array()) != 0)
			goto fail;
		names = json_pack("{s:s}", regions[i].lang1, regions[i].name1);
		if (names != NULL && regions[i].lang2 != NULL)
			rc |= json_object_set_new(names, regions[i].lang2,
			    json_string(regions[i].name2));
		item = json_pack("{s:s, s:o}", "code", regions[i].code,
		    "names", names);
		if (item == NULL || json_array_append_new(a, item) != 0)
			goto fail;
	}
	for (i = 0; i < NFORMS; i++) {
		item = muni_forms[i].digits == 0 ? json_pack("{s:i, s:s}",
		    "digits", 0, "why_none", muni_forms[i].none) :
		    json_pack("{s:i, s:i}", "digits", muni_forms[i].digits,
		    "region_prefix", muni_forms[i].prefix);
		if (item == NULL ||
		    json_object_set_new(forms, muni_forms[i].cc, item) != 0)
			goto fail;
	}
	rc |= json_object_set_new(o, "regions", regs);
	regs = NULL;
	rc |= json_object_set_new(o, "municipality_codes", forms);
	forms = NULL;
	if (rc == 0)
		return o;
fail:
	json_decref(regs);
	json_decref(forms);
	json_decref(o);
	return NULL;
}
