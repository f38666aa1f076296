/*
 * record_schema: the one table of the replicated record types
 * (docs/protocol.md, "Records"; served as GET /api/v1/schema).
 *
 * For each record type: its name, its id kind and its fields, each with
 * its kind, whether it is required, its bounds, its vocabulary, the
 * record type it refers to (and whether the writer must own that
 * record), and its index role (which column, tag or search text of the
 * node's store it feeds, node/store_index.c). The vocabularies are named
 * here once; the page, the tools, the sample data, the benchmark
 * generator and the OpenAPI check read them from this table.
 *
 * record.c validates bodies against these tables; record_schema.c owns
 * them and their JSON form (record_schema_json). Everything here is
 * static and read-only.
 */
#ifndef RECORD_SCHEMA_H
#define RECORD_SCHEMA_H

#include <stddef.h>
#include <jansson.h>
#include "record.h"

#define RECORD_TEXT_MAX   8000  /* bytes of one translation */
#define RECORD_TEXT_LANGS 10    /* members of a translated-text object */

/* What a field holds (its "type" in the JSON schema). */
enum record_kind {
	RK_STR,      /* free string, at most max bytes */
	RK_TEXT,     /* translated text: {"sv": "...", ...} */
	RK_ENUM,     /* string from vocab */
	RK_SET,      /* array of unique strings from vocab */
	RK_LANGS,    /* array of unique language tags, at least min */
	RK_ID,       /* record id of type ref; RF_OWNED: origin must own it */
	RK_INT,      /* integer in [min, max] */
	RK_OBJ,      /* object checked against sub */
	RK_OBJS,     /* array of at most max objects checked against sub */
	RK_PRIVATE,  /* home-only data: present at all is an error */
	RK_FMT,      /* string in the format fmt */
	RK_ACCOUNT   /* an account id of the origin: <cc>:acct:<26 base32>
	                (record.h, record_account_id_parse) */
};

/* String formats of RK_FMT fields. */
enum record_fmt {
	RFMT_LANG, RFMT_DATE, RFMT_TIME, RFMT_URL, RFMT_MONEY, RFMT_EMAIL,
	RFMT_PHONE, RFMT_TZ, RFMT_PUBKEY, RFMT_IDENT, RFMT_PLATFORM,
	RFMT_REGION, RFMT_MUNI, RFMT__COUNT
};

struct record_format {
	const char *name;    /* "date", "url", ... */
	size_t max;          /* too_long above this many bytes; 0: none */
};
extern const struct record_format record_formats[RFMT__COUNT];

/* A named vocabulary: words is NULL-terminated. */
struct record_vocab {
	const char *name;
	const char *const *words;
};
/* Every vocabulary, then NULL. */
extern const struct record_vocab *const record_vocabs[];
/* The vocabulary called name, or NULL. */
const struct record_vocab *record_vocab_find(const char *name);
/* The language tags (the vocabulary "lang"). */
extern const struct record_vocab record_vocab_lang;

#define RF_REQ   1u   /* required */
#define RF_OWNED 2u   /* RK_ID: the origin must own the referenced record */

/*
 * Index roles: what a field feeds in the node's store (node/store_index.c,
 * docs/storage.md). The first field of a table with a role gives it. A
 * type's records are in the search table when a field of it is RIX_NAME.
 */
#define RIX_NAME    0x001u  /* records.name (a string, or translated text
                               shown in en); its fold is the sort key
                               unless a field is RIX_SORT; searched as a
                               name in every language. In the elements of
                               an RK_OBJS field: searched as a name too */
#define RIX_CLASS   0x002u  /* records.classification */
#define RIX_COUNTRY 0x004u  /* records.country (absent: the origin) */
#define RIX_NETWORK 0x008u  /* records.network */
#define RIX_ORG     0x010u  /* records.org */
#define RIX_START   0x020u  /* records.start_ms */
#define RIX_END     0x040u  /* records.end_ms */
#define RIX_SORT    0x080u  /* a time: the sort key is its instant */
#define RIX_FOCUS   0x100u  /* focus tags: the value or each item */
#define RIX_LANG    0x200u  /* lang tags: the value, each item, or the
                               languages of translated text */
#define RIX_TEXT    0x400u  /* search text: a string or translated text */

/* The field every record type has for the language it was written in. */
#define RECORD_LANG_FIELD "lang"

struct record_table;

struct record_field {
	const char *name;
	enum record_kind kind;
	unsigned flags;                   /* RF_* */
	long long min, max;
	const struct record_vocab *vocab; /* RK_ENUM, RK_SET */
	enum record_type ref;             /* RK_ID */
	enum record_fmt fmt;              /* RK_FMT */
	const struct record_table *sub;   /* RK_OBJ, RK_OBJS */
	unsigned index;                   /* RIX_* */
};

struct record_table {
	const struct record_field *f;
	size_t n;
};

/* The fields of type t (NULL for REC_NONE or out of range). */
const struct record_table *record_fields(enum record_type t);
/* The field name of table t, or NULL. */
const struct record_field *record_field_find(const struct record_table *t,
    const char *name);
/* The first field of table t with index role rix (RIX_*), or NULL. */
const struct record_field *record_field_role(const struct record_table *t,
    unsigned rix);

/*
 * The schema as JSON, as GET /api/v1/schema serves it (docs/protocol.md,
 * "The schema"): {"protocol", "origins", "limits", "formats",
 * "vocabularies", "types"}. New reference; NULL when out of
 * memory.
 */
json_t *record_schema_json(void);

#endif
