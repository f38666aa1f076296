/*
 * record: the replicated record types, their ids and their validation
 * (docs/protocol.md, "Records").
 *
 * Ids are "<cc>:<kind>:<ulid>": cc the owner's country in lower case,
 * kind one of org net mem mreq meet res collab key, and a 26-character
 * Crockford base32 ULID minted by the owner. The owner of a record is the
 * country in its id; only that origin may write it.
 *
 * Pure: no I/O. Nothing here allocates except record_new_id's output.
 */
#ifndef RECORD_H
#define RECORD_H

#include <stddef.h>
#include <stdint.h>
#include <jansson.h>

#include "nferr.h"

enum record_type {
	REC_NONE = 0,
	REC_ORGANISATION,
	REC_NETWORK,
	REC_MEMBERSHIP,
	REC_MEMBERSHIP_REQUEST,
	REC_MEETING,
	REC_RESOURCE,
	REC_COLLABORATION,
	REC_KEY,             /* key rotation announcement */
	REC__COUNT
};

#define RECORD_ID_MAX 64     /* "se:collab:" + 26, with room */
#define ULID_LEN 26
#define RECORD_PARTIES_MAX 20   /* a joint collaboration's further parties */

/* The origins, upper case, in a fixed order; an origin code ("SE") and
 * its NUL take RECORD_ORIGIN_SIZE bytes. */
#define RECORD_NORIGIN 8
#define RECORD_ORIGIN_SIZE 3
extern const char *const record_origins[RECORD_NORIGIN];
int record_origin_valid(const char *cc);        /* "SE" ... "AX" */

/* Type names as on the wire ("organisation", ...) and id kinds ("org"). */
const char *record_type_name(enum record_type t);
const char *record_type_kind(enum record_type t);
enum record_type record_type_from_name(const char *name);
enum record_type record_type_from_kind(const char *kind);

/* Language tags of translated text: sv da nb nn fi is kl fo se en. */
int record_lang_valid(const char *tag);

/*
 * Parse an id. On success fills origin (upper case, 3 bytes) and *type.
 * Code "bad_id" otherwise.
 */
int record_id_parse(const char *id, char origin[RECORD_ORIGIN_SIZE],
    enum record_type *type, struct nferr *err);

/* Mint a new id for origin and type: ULID from ms_time and 10 random
 * bytes supplied by the caller (keeps this module free of I/O).
 * out is "" if origin is not "SE".."AX", t is not a type or ms_time
 * needs more than 48 bits. */
void record_id_make(char out[RECORD_ID_MAX], const char *origin,
    enum record_type t, uint64_t ms_time, const unsigned char rnd[10]);

/*
 * Validate body as a record of type t with id written by origin.
 * Checks every field (names, types, vocabularies, sizes, dates), rejects
 * unknown fields, and applies the owner rules: origin must own id, and
 * the cross-record rules of the type (a membership's network, a request's
 * organisation, a meeting's organiser, a resource's publisher and a
 * collaboration's organisation are owned by origin).
 * Codes: bad_id, not_owner, missing_field, unknown_field, bad_type,
 * bad_value, too_long, bad_lang, private_field (a meeting's join link).
 * err->field is a JSON pointer ("/name/sv"), "" for the id or the body
 * as a whole. An unknown t or an origin that is not "SE".."AX" is
 * bad_value with field "".
 */
int record_validate(enum record_type t, const char *id, const char *origin,
    const json_t *body, struct nferr *err);

/*
 * Account ids: "<cc>:acct:" and 26 characters of upper-case Crockford
 * base32, cc the lower-case country of the node the account belongs to.
 * An account is local to its node (never replicated); a record's optional
 * "account" field names which of the origin's accounts wrote that version
 * (docs/protocol.md, "Accounts"). 0 and origin (upper case) filled when
 * s is one, else -1.
 */
#define RECORD_ACCOUNT_ID_LEN 34
int record_account_id_parse(const char *s, char origin[3]);

/* 1 when value is a word of the named vocabulary (record_vocabs in
 * record_schema.h: classification, focus_area, ...). 0 otherwise. */
int record_vocab_valid(const char *vocab, const char *value);

/* 1 when v is translated text as the node stores it: a non-empty object
 * whose keys are language tags and whose values are strings. */
int record_is_langmap(const json_t *v);

/* The translated-text helper used by the node: the string for lang with
 * the fallback chain lang, "en", orig_lang, any. Borrowed; NULL if none. */
const char *record_text_pick(const json_t *langmap, const char *lang,
    const char *orig_lang);

/* A calendar date "YYYY-MM-DD" (year 0001-9999, leap years): 1 or 0. */
int record_date_valid(const char *s);

/*
 * An RFC 3339 timestamp with offset ("2026-03-05T10:00:00+01:00",
 * "...Z", optional 1-9 digit fraction; T and Z upper case; no leap
 * second). 0 and the instant as seconds since 1970-01-01T00:00:00Z plus
 * nanoseconds (either pointer may be NULL), or -1.
 */
int record_time_parse(const char *s, int64_t *unix_sec, long *nsec);

/* Days from 1970-01-01 to the proleptic Gregorian date y-m-d (m 1..12). */
int64_t record_days_from_civil(int y, int m, int d);

#endif
