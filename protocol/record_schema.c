/*
 * record_schema: the field tables of the replicated record types and
 * their vocabularies (record_schema.h), the one place a field, its kind,
 * bounds, vocabulary, reference and index role are written. record.c
 * owns validation against these tables (the format checks and the rules
 * across fields); this file owns the tables and nothing that decides a
 * verdict. All data here is static and read-only.
 */
#include <stdint.h>
#include <string.h>

#include "entry.h"
#include "record_places.h"
#include "record_schema.h"

const struct record_format record_formats[RFMT__COUNT] = {
	[RFMT_LANG] = { "lang", 0 },
	[RFMT_DATE] = { "date", 0 },
	[RFMT_TIME] = { "time", 0 },
	[RFMT_URL] = { "url", 2000 },
	[RFMT_MONEY] = { "money", 0 },
	[RFMT_EMAIL] = { "email", 254 },
	[RFMT_PHONE] = { "phone", 40 },
	[RFMT_TZ] = { "timezone", 64 },
	[RFMT_PUBKEY] = { "public_key", 0 },
	[RFMT_IDENT] = { "identifier", 40 },
	[RFMT_PLATFORM] = { "platform", 100 },
	[RFMT_REGION] = { "region_code", 6 },
	[RFMT_MUNI] = { "municipality_code", 4 },
};

/* ---- vocabularies ------------------------------------------------------ */

static const char *const w_lang[] = {
	"sv", "da", "nb", "nn", "fi", "is", "kl", "fo", "se", "en", NULL
};
const struct record_vocab record_vocab_lang = { "lang", w_lang };

static const char *const w_country[] = {
	"SE", "NO", "DK", "FI", "IS", "GL", "FO", "AX", NULL
};
static const char *const w_focus[] = {
	"culture", "social_care", "education", "labour_market",
	"rural_development", "human_rights", "public_health", "integration",
	"innovation", "environment", "health_care", "gender_equality",
	"youth", "volunteering", "democracy", NULL
};
static const char *const w_class[] = {
	"association", "foundation", "cooperative", "umbrella",
	"social_enterprise", "faith_community", "study_association",
	"folk_high_school", "trade_union", "informal_group",
	"municipality", "region", "state_agency", "government", "parliament",
	"public_body_other", NULL
};
static const char *const w_scheme[] = {
	"SE-ON", "DK-CVR", "NO-BRC", "FI-PRO", "IS-KEN", "GL-CVR", "FO-VN",
	"AX-FR", NULL
};
static const char *const w_scope[] = { "nordic", "national", NULL };
static const char *const w_role[] = { "lead", "member", "observer", NULL };
static const char *const w_mstatus[] = {
	"active", "ended", "declined", NULL
};
static const char *const w_rrole[] = { "member", "observer", NULL };
static const char *const w_rstatus[] = { "pending", "withdrawn", NULL };
static const char *const w_mode[] = {
	"online", "in_person", "hybrid", NULL
};
static const char *const w_currency[] = {
	"SEK", "NOK", "DKK", "EUR", "ISK", NULL
};
static const char *const w_mtstatus[] = {
	"scheduled", "cancelled", "postponed", "completed", NULL
};
static const char *const w_reskind[] = {
	"report", "method", "good_example", "tool", "training", "video",
	"event", NULL
};
static const char *const w_form[] = {
	"consultation", "dialogue", "agreement", "iop", "grant", "other", NULL
};
static const char *const w_level[] = {
	"local", "regional", "national", "nordic", NULL
};
/* the named structures of the seeds (docs/protocol.md, "collaboration") */
static const char *const w_arena[] = {
	"overenskommelsen", "nod", "pgf", "sakrad", NULL
};
static const char *const w_party[] = { "civil_society", "public_body", NULL };


static const struct record_vocab v_country = { "country", w_country };
static const struct record_vocab v_focus = { "focus_area", w_focus };
static const struct record_vocab v_class = { "classification", w_class };
static const struct record_vocab v_scheme = { "identifier_scheme", w_scheme };
static const struct record_vocab v_scope = { "network_scope", w_scope };
static const struct record_vocab v_role = { "membership_role", w_role };
static const struct record_vocab v_mstatus = { "membership_status", w_mstatus };
static const struct record_vocab v_rrole = { "request_role", w_rrole };
static const struct record_vocab v_rstatus = { "request_status", w_rstatus };
static const struct record_vocab v_mode = { "meeting_mode", w_mode };
static const struct record_vocab v_currency = { "currency", w_currency };
static const struct record_vocab v_mtstatus = { "meeting_status", w_mtstatus };
static const struct record_vocab v_reskind = { "resource_kind", w_reskind };
static const struct record_vocab v_form = { "collaboration_form", w_form };
static const struct record_vocab v_level = { "collaboration_level", w_level };
static const struct record_vocab v_arena = { "collaboration_arena", w_arena };
static const struct record_vocab v_party = { "party_role", w_party };

const struct record_vocab *const record_vocabs[] = {
	&v_class,
	&v_focus,
	&v_scope,
	&v_country,
	&v_role,
	&v_mstatus,
	&v_rrole,
	&v_rstatus,
	&v_mode,
	&v_currency,
	&v_mtstatus,
	&v_reskind,
	&v_form,
	&v_level,
	&v_scheme,
	&v_arena,
	&v_party,
	&record_vocab_lang,
	NULL
};

/* ---- field tables ------------------------------------------------------ */

/* Each row: name, flags (RF_*), bounds or vocabulary or reference, then
 * optionally IX(index roles). */
#define TABLE(a) { a, sizeof(a) / sizeof(a[0]) }
#define F_(n, k, ...)   { .name = n, .kind = k, __VA_ARGS__ }
#define STR(n, fl, mx, ...)   F_(n, RK_STR, .flags = fl, .max = mx, __VA_ARGS__)
#define TEXT(n, fl, ...)      F_(n, RK_TEXT, .flags = fl, __VA_ARGS__)
#define ENUM(n, fl, v, ...)   F_(n, RK_ENUM, .flags = fl, .vocab = v, \
    __VA_ARGS__)
#define SET(n, v, ...)        F_(n, RK_SET, .vocab = v, __VA_ARGS__)
#define LANGS(n, fl, mn, ...) F_(n, RK_LANGS, .flags = fl, .min = mn, \
    __VA_ARGS__)
#define ID(n, fl, t, ...)     F_(n, RK_ID, .flags = fl, .ref = t, __VA_ARGS__)
#define INT(n, mn, mx, ...)   F_(n, RK_INT, .min = mn, .max = mx, __VA_ARGS__)
#define OBJ(n, s, ...)        F_(n, RK_OBJ, .sub = &s, __VA_ARGS__)
#define OBJS(n, mx, s, ...)   F_(n, RK_OBJS, .max = mx, .sub = &s, __VA_ARGS__)
#define PRIVATE(n, ...)       F_(n, RK_PRIVATE, __VA_ARGS__)
#define FMT(n, fl, f, ...)    F_(n, RK_FMT, .flags = fl, .fmt = f, __VA_ARGS__)
#define IX(r)           .index = (r)
#define LANG_FIELD      FMT(RECORD_LANG_FIELD, 0, RFMT_LANG, IX(RIX_LANG))
/* which account of the origin wrote this version (docs/protocol.md,
 * "Accounts"); last in every table but the key's */
#define ACCOUNT_FIELD   F_("account", RK_ACCOUNT, .flags = 0)

static const struct record_field f_other_name[] = {
	STR("name", RF_REQ, 300, IX(RIX_NAME)),
	FMT("lang", 0, RFMT_LANG),
	STR("note", 0, 200),
};
static const struct record_table t_other_name = TABLE(f_other_name);

static const struct record_field f_identifier[] = {
	ENUM("scheme", RF_REQ, &v_scheme),
	FMT("identifier", RF_REQ, RFMT_IDENT),
};
static const struct record_table t_identifier = TABLE(f_identifier);

static const struct record_field f_contact[] = {
	FMT("email", 0, RFMT_EMAIL),
	FMT("phone", 0, RFMT_PHONE),
	STR("address", 0, 300),
};
static const struct record_table t_contact = TABLE(f_contact);

static const struct record_field f_organisation[] = {
	LANG_FIELD,
	STR("name", RF_REQ, 300, IX(RIX_NAME)),
	OBJS("other_names", 20, t_other_name),
	OBJS("identifiers", 10, t_identifier),
	ENUM("classification", RF_REQ, &v_class, IX(RIX_CLASS)),
	SET("focus_areas", &v_focus, IX(RIX_FOCUS)),
	ENUM("country", RF_REQ, &v_country, IX(RIX_COUNTRY)),
	STR("municipality", 0, 100, IX(RIX_TEXT)),
	STR("region", 0, 100, IX(RIX_TEXT)),
	FMT("region_code", 0, RFMT_REGION),
	FMT("municipality_code", 0, RFMT_MUNI),
	TEXT("description", 0, IX(RIX_LANG | RIX_TEXT)),
	FMT("website", 0, RFMT_URL),
	OBJ("contact", t_contact),
	FMT("founded", 0, RFMT_DATE, IX(RIX_START)),
	ACCOUNT_FIELD,
};

static const struct record_field f_network[] = {
	LANG_FIELD,
	TEXT("name", RF_REQ, IX(RIX_NAME | RIX_LANG)),
	TEXT("theme", 0, IX(RIX_LANG | RIX_TEXT)),
	TEXT("description", 0, IX(RIX_LANG | RIX_TEXT)),
	ENUM("scope", RF_REQ, &v_scope, IX(RIX_CLASS)),
	ENUM("country", 0, &v_country, IX(RIX_COUNTRY)),
	ID("lead_organisation", RF_REQ | RF_OWNED, REC_ORGANISATION,
	    IX(RIX_ORG)),
	SET("focus_areas", &v_focus, IX(RIX_FOCUS)),
	FMT("website", 0, RFMT_URL),
	STR("meeting_frequency", 0, 100, IX(RIX_TEXT)),
	ACCOUNT_FIELD,
};

static const struct record_field f_membership[] = {
	LANG_FIELD,
	ID("network", RF_REQ | RF_OWNED, REC_NETWORK, IX(RIX_NETWORK)),
	ID("organisation", RF_REQ, REC_ORGANISATION, IX(RIX_ORG)),
	ENUM("role", RF_REQ, &v_role, IX(RIX_CLASS)),
	ENUM("status", RF_REQ, &v_mstatus),
	FMT("start", 0, RFMT_DATE, IX(RIX_START)),
	FMT("end", 0, RFMT_DATE, IX(RIX_END)),
	ID("request", 0, REC_MEMBERSHIP_REQUEST),
	ACCOUNT_FIELD,
};

static const struct record_field f_membership_request[] = {
	LANG_FIELD,
	ID("network", RF_REQ, REC_NETWORK, IX(RIX_NETWORK)),
	ID("organisation", RF_REQ | RF_OWNED, REC_ORGANISATION, IX(RIX_ORG)),
	ENUM("role", RF_REQ, &v_rrole, IX(RIX_CLASS)),
	TEXT("message", 0, IX(RIX_LANG)),
	ENUM("status", RF_REQ, &v_rstatus),
	ACCOUNT_FIELD,
};

static const struct record_field f_registration[] = {
	FMT("url", 0, RFMT_URL),
	FMT("opens", 0, RFMT_TIME),
	FMT("deadline", 0, RFMT_TIME),
};
static const struct record_table t_registration = TABLE(f_registration);

static const struct record_field f_meeting[] = {
	LANG_FIELD,
	ID("organiser", RF_REQ | RF_OWNED, REC_ORGANISATION, IX(RIX_ORG)),
	ID("network", 0, REC_NETWORK, IX(RIX_NETWORK)),
	TEXT("title", RF_REQ, IX(RIX_NAME | RIX_LANG)),
	TEXT("theme", 0, IX(RIX_LANG | RIX_TEXT)),
	TEXT("description", 0, IX(RIX_LANG | RIX_TEXT)),
	FMT("start", RF_REQ, RFMT_TIME, IX(RIX_START | RIX_SORT)),
	FMT("end", RF_REQ, RFMT_TIME, IX(RIX_END)),
	FMT("timezone", RF_REQ, RFMT_TZ),
	ENUM("mode", RF_REQ, &v_mode, IX(RIX_CLASS)),
	STR("place", 0, 300, IX(RIX_TEXT)),
	FMT("platform", 0, RFMT_PLATFORM, IX(RIX_TEXT)),
	PRIVATE("join_url"),
	PRIVATE("join_link"),
	FMT("cost", RF_REQ, RFMT_MONEY),
	ENUM("currency", 0, &v_currency),
	OBJ("registration", t_registration),
	INT("seats_per_organisation", 1, 1000),
	INT("capacity", 1, 100000),
	/* counts of the organiser's node's registrations (home-only data:
	 * only these numbers replicate) */
	INT("registered", 0, 100000),
	INT("waiting", 0, 100000),
	ENUM("status", RF_REQ, &v_mtstatus),
	LANGS("languages", 0, 0, IX(RIX_LANG)),
	ACCOUNT_FIELD,
};

static const struct record_field f_resource[] = {
	LANG_FIELD,
	ENUM("kind", RF_REQ, &v_reskind, IX(RIX_CLASS)),
	TEXT("title", RF_REQ, IX(RIX_NAME | RIX_LANG)),
	TEXT("summary", 0, IX(RIX_LANG | RIX_TEXT)),
	FMT("url", RF_REQ, RFMT_URL),
	LANGS("languages", RF_REQ, 1, IX(RIX_LANG)),
	ID("publisher", RF_REQ | RF_OWNED, REC_ORGANISATION, IX(RIX_ORG)),
	ID("network", 0, REC_NETWORK, IX(RIX_NETWORK)),
	FMT("published", 0, RFMT_DATE, IX(RIX_START)),
	FMT("updated", 0, RFMT_DATE),
	FMT("date", 0, RFMT_DATE),                   /* training, event */
	FMT("registration_deadline", 0, RFMT_DATE),  /* on or before date */
	ACCOUNT_FIELD,
};

/* a further party of a joint collaboration, by record or by name */
static const struct record_field f_party[] = {
	ID("organisation", 0, REC_ORGANISATION),
	STR("name", 0, 300),
	ENUM("role", RF_REQ, &v_party),
};
static const struct record_table t_party = TABLE(f_party);

static const struct record_field f_collaboration[] = {
	LANG_FIELD,
	ID("organisation", RF_REQ | RF_OWNED, REC_ORGANISATION, IX(RIX_ORG)),
	ID("public_body", 0, REC_ORGANISATION),
	STR("public_body_name", 0, 300, IX(RIX_NAME)),
	OBJS("parties", RECORD_PARTIES_MAX, t_party),
	ENUM("form", RF_REQ, &v_form, IX(RIX_CLASS)),
	ENUM("level", RF_REQ, &v_level),
	ENUM("arena", 0, &v_arena),
	ENUM("area", RF_REQ, &v_focus, IX(RIX_FOCUS)),
	FMT("start", RF_REQ, RFMT_DATE, IX(RIX_START)),
	FMT("end", 0, RFMT_DATE, IX(RIX_END)),
	TEXT("description", 0, IX(RIX_LANG | RIX_TEXT)),
	ACCOUNT_FIELD,
};

static const struct record_field f_key[] = {
	LANG_FIELD,
	FMT("public_key", RF_REQ, RFMT_PUBKEY),
	FMT("previous_key", 0, RFMT_PUBKEY),   /* the key that signs the entry */
};

static const struct record_table tables[REC__COUNT] = {
	[REC_ORGANISATION] = TABLE(f_organisation),
	[REC_NETWORK] = TABLE(f_network),
	[REC_MEMBERSHIP] = TABLE(f_membership),
	[REC_MEMBERSHIP_REQUEST] = TABLE(f_membership_request),
	[REC_MEETING] = TABLE(f_meeting),
	[REC_RESOURCE] = TABLE(f_resource),
	[REC_COLLABORATION] = TABLE(f_collaboration),
	[REC_KEY] = TABLE(f_key),
};

const struct record_table *
record_fields(enum record_type t)
{
	return (t > REC_NONE && t < REC__COUNT) ? &tables[t] : NULL;
}

const struct record_field *
record_field_find(const struct record_table *t, const char *name)
{
	size_t i;

	for (i = 0; t != NULL && name != NULL && i < t->n; i++)
		if (strcmp(t->f[i].name, name) == 0)
			return &t->f[i];
	return NULL;
}

const struct record_field *
record_field_role(const struct record_table *t, unsigned rix)
{
	size_t i;

	for (i = 0; t != NULL && i < t->n; i++)
		if (t->f[i].index & rix)
			return &t->f[i];
	return NULL;
}

const struct record_vocab *
record_vocab_find(const char *name)
{
	size_t i;

	for (i = 0; name != NULL && record_vocabs[i] != NULL; i++)
		if (strcmp(record_vocabs[i]->name, name) == 0)
			return record_vocabs[i];
	return NULL;
}

/* ---- the schema as JSON ------------------------------------------------ */

static const char *const kind_names[] = {
	[RK_STR] = "string", [RK_TEXT] = "text", [RK_ENUM] = "enum",
	[RK_SET] = "set", [RK_LANGS] = "languages", [RK_ID] = "id",
	[RK_INT] = "integer", [RK_OBJ] = "object", [RK_OBJS] = "objects",
	[RK_PRIVATE] = "private", [RK_FMT] = "format",
	[RK_ACCOUNT] = "account",
};

static const struct {
	unsigned rix;
	const char *name;
} role_names[] = {
	{ RIX_NAME, "name" }, { RIX_CLASS, "classification" },
	{ RIX_COUNTRY, "country" }, { RIX_NETWORK, "network" },
	{ RIX_ORG, "org" }, { RIX_START, "start" }, { RIX_END, "end" },
	{ RIX_SORT, "sort" }, { RIX_FOCUS, "focus" }, { RIX_LANG, "lang" },
	{ RIX_TEXT, "text" },
};

/* The first n words of w, or up to its NULL. */
static json_t *
words_json(const char *const *w, size_t n)
{
	json_t *a = json_array();
	size_t i;

	for (i = 0; a != NULL && i < n && w[i] != NULL; i++)
		if (json_array_append_new(a, json_string(w[i])) != 0) {
			json_decref(a);
			return NULL;
		}
	return a;
}

static json_t *fields_json(const struct record_table *);

/* Set key of o to v (stolen); -1 when v is NULL or o cannot take it. */
static int
put(json_t *o, const char *key, json_t *v)
{
	return v == NULL || json_object_set_new(o, key, v) != 0 ? -1 : 0;
}

static json_t *
field_json(const struct record_field *f)
{
	json_t *o = json_object(), *ix = json_array();
	size_t i;
	int rc = 0;

	if (o == NULL || ix == NULL)
		goto fail;
	rc |= put(o, "name", json_string(f->name));
	rc |= put(o, "type", json_string(kind_names[f->kind]));
	rc |= put(o, "required", json_boolean(f->flags & RF_REQ));
	switch (f->kind) {
	case RK_STR:
		rc |= put(o, "max_bytes", json_integer(f->max));
		break;
	case RK_TEXT:
		rc |= put(o, "max_bytes", json_integer(RECORD_TEXT_MAX));
		rc |= put(o, "max_languages", json_integer(RECORD_TEXT_LANGS));
		break;
	case RK_ENUM:
	case RK_SET:
		rc |= put(o, "vocabulary", json_string(f->vocab->name));
		break;
	case RK_LANGS:
		rc |= put(o, "vocabulary", json_string(record_vocab_lang.name));
		rc |= put(o, "min_items", json_integer(f->min));
		break;
	case RK_ID:
		rc |= put(o, "references", json_string(record_type_name(f->ref)));
		rc |= put(o, "owned", json_boolean(f->flags & RF_OWNED));
		break;
	case RK_INT:
		rc |= put(o, "min", json_integer(f->min));
		rc |= put(o, "max", json_integer(f->max));
		break;
	case RK_OBJS:
		rc |= put(o, "max_items", json_integer(f->max));
		/* FALLTHROUGH */
	case RK_OBJ:
		rc |= put(o, "fields", fields_json(f->sub));
		break;
	case RK_FMT:
		rc |= put(o, "format", json_string(record_formats[f->fmt].name));
		if (record_formats[f->fmt].max > 0)
			rc |= put(o, "max_bytes",
			    json_integer((json_int_t)record_formats[f->fmt].max));
		break;
	case RK_PRIVATE:
	case RK_ACCOUNT:
		break;
	}
	for (i = 0; i < sizeof(role_names) / sizeof(role_names[0]); i++)
		if ((f->index & role_names[i].rix) &&
		    json_array_append_new(ix, json_string(role_names[i].name)))
			rc = -1;
	rc |= put(o, "index", ix);
	if (rc == 0)
		return o;
	json_decref(o);
	return NULL;
fail:
	json_decref(o);
	json_decref(ix);
	return NULL;
}

static json_t *
fields_json(const struct record_table *t)
{
	json_t *a = json_array();
	size_t i;

	for (i = 0; a != NULL && i < t->n; i++)
		if (json_array_append_new(a, field_json(&t->f[i])) != 0) {
			json_decref(a);
			return NULL;
		}
	return a;
}

json_t *
record_schema_json(void)
{
	json_t *o = json_object(), *vocabs = json_object();
	json_t *types = json_object(), *limits = json_object();
	json_t *fmts = json_object(), *t;
	int rc = 0, i;

	if (o == NULL || vocabs == NULL || types == NULL || limits == NULL ||
	    fmts == NULL) {
		json_decref(vocabs);
		json_decref(types);
		json_decref(limits);
		json_decref(fmts);
		json_decref(o);
		return NULL;
	}
	rc |= put(o, "protocol", json_integer(ENTRY_VERSION));
	rc |= put(o, "origins", words_json(record_origins,
	    sizeof(record_origins) / sizeof(record_origins[0])));
	rc |= put(limits, "id_bytes", json_integer(RECORD_ID_MAX - 1));
	rc |= put(limits, "text_bytes", json_integer(RECORD_TEXT_MAX));
	rc |= put(limits, "text_languages", json_integer(RECORD_TEXT_LANGS));
	rc |= put(o, "limits", limits);
	for (i = 0; i < RFMT__COUNT; i++)
		rc |= put(fmts, record_formats[i].name, json_pack("{s:o}",
		    "max_bytes", record_formats[i].max == 0 ? json_null() :
		    json_integer((json_int_t)record_formats[i].max)));
	rc |= put(o, "formats", fmts);
	for (i = 0; record_vocabs[i] != NULL; i++)
		rc |= put(vocabs, record_vocabs[i]->name,
		    words_json(record_vocabs[i]->words, SIZE_MAX));
	rc |= put(o, "vocabularies", vocabs);
	rc |= put(o, "places", record_places_json());
	for (i = REC_NONE + 1; i < REC__COUNT; i++) {
		t = json_pack("{s:s, s:b, s:o}", "kind",
		    record_type_kind((enum record_type)i), "searchable",
		    record_field_role(&tables[i], RIX_NAME) != NULL, "fields",
		    fields_json(&tables[i]));
		rc |= put(types, record_type_name((enum record_type)i), t);
	}
	rc |= put(o, "types", types);
	if (rc == 0)
		return o;
	json_decref(o);
	return NULL;
}
