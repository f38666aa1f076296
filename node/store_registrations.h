/*
 * store_registrations: registrations for the meetings this node organises,
 * and their private join links, in local-only tables
 * (node/store_registrations.c; docs/storage.md, "Registrations").
 *
 *   registrations   one per meeting and address: the person's name and
 *                   address, the organisation (of any country) a seat is
 *                   taken for, registered or on the waiting list, and the
 *                   hash of the secret of its cancel link
 *   meeting_links   the join link of a meeting (e.g. a video call),
 *                   given to registered people only
 *
 * Personal data: never in an entry, the search index, a log line or a
 * problem detail; only counts leave (the meeting's record). Erasing owes
 * the WAL scrub, as for contact persons. Conventions as in store.h.
 */
#ifndef STORE_REGISTRATIONS_H
#define STORE_REGISTRATIONS_H

#include <stdint.h>
#include <jansson.h>

#include "nferr.h"
#include "record.h"
#include "store.h"

#define STORE_REG_HASH_LEN  32
#define STORE_REG_ID_MAX    40       /* "se:reg:" + 26, with the NUL */
#define STORE_REG_NAME_MAX  200
#define STORE_REG_LINK_MAX  2000     /* bytes of a join link */
#define STORE_REG_PROMOTED  16       /* moved up by one cancellation, at most */

int store_registrations_open(struct store *s, struct nferr *err);
void store_registrations_close(struct store *s);

/* The rules of a meeting, from its record: 0 for "no limit". */
struct store_reg_rules {
	int seats_per_organisation;
	int capacity;
};

/* One registration as the store tells it (strings owned by the struct). */
struct store_reg {
	char id[STORE_REG_ID_MAX];
	char meeting[RECORD_ID_MAX];
	char org[RECORD_ID_MAX];
	char name[STORE_REG_NAME_MAX + 1];
	char email[STORE_EMAIL_MAX + 1];
	int waiting;                  /* 1: on the waiting list */
};

/*
 * Register email (compared without ASCII case) for meeting_id, for the
 * organisation org_id, in one transaction: refused with
 * already_registered (that address is registered or waiting), seats_taken
 * (the organisation has seats_per_organisation people registered or
 * waiting); else registered, or on the waiting list when capacity
 * people are registered. out gets the registration; cancel_hash is the
 * hash of its cancel link's secret. bad_value for a malformed field (the
 * value never echoed).
 */
int store_registration_add(struct store *s, const char *meeting_id,
    const char *org_id, const char *name, const char *email,
    const struct store_reg_rules *rules,
    const unsigned char cancel_hash[STORE_REG_HASH_LEN], int64_t now_ms,
    struct store_reg *out, struct nferr *err);

/*
 * Cancel the registration whose cancel link's secret hashes to
 * cancel_hash, in one transaction: it is erased, and when it held a
 * place, the waiting list moves up (oldest first) while fewer than the
 * meeting's capacity are registered (rules_of gives the rules of its
 * meeting, read in the transaction). gone gets the erased one; promoted
 * (up to STORE_REG_PROMOTED) those moved up, *npromoted how many.
 * not_found when no registration has that link.
 */
int store_registration_cancel(struct store *s,
    const unsigned char cancel_hash[STORE_REG_HASH_LEN],
    int (*rules_of)(void *arg, const char *meeting_id,
    struct store_reg_rules *rules), void *arg,
    struct store_reg *gone, struct store_reg *promoted, size_t *npromoted,
    struct nferr *err);

/* Move the waiting list of meeting_id up (oldest first) while fewer than
 * rules->capacity are registered (all of it without a capacity): after
 * the organiser raised the capacity. promoted as for a cancellation. */
int store_registration_promote(struct store *s, const char *meeting_id,
    const struct store_reg_rules *rules, struct store_reg *promoted,
    size_t *npromoted, struct nferr *err);

/* How many are registered and waiting for meeting_id. */
int store_registration_counts(struct store *s, const char *meeting_id,
    int64_t *registered, int64_t *waiting, struct nferr *err);

/* Every registration of meeting_id, registered first then the waiting
 * list, each in the order they came: [{"id","organisation","name",
 * "email","status","created"}]. New reference. */
int store_registration_list(struct store *s, const char *meeting_id,
    json_t **out, struct nferr *err);

/* Access and erasure requests by address: find every registration (as
 * the list, with "meeting"); erase them all (*n how many; the waiting
 * lists do not move: the organiser's next cancellation or count does;
 * *meetings gets the meetings touched, up to max, *nmeetings how many). */
int store_registrations_find_email(struct store *s, const char *email,
    json_t **out, struct nferr *err);
int store_registrations_erase_email(struct store *s, const char *email,
    int64_t *n, char (*meetings)[RECORD_ID_MAX], size_t max,
    size_t *nmeetings, struct nferr *err);

/* The meetings that have registrations, into ids (up to max), *n how
 * many. */
int store_registration_meetings(struct store *s,
    char (*ids)[RECORD_ID_MAX], size_t max, size_t *n, struct nferr *err);
/* Erase every registration (and the join link) of meeting_id: *n how
 * many. The scrub is owed. */
int store_registrations_erase_meeting(struct store *s, const char *meeting_id,
    int64_t *n, struct nferr *err);

/* The join link of meeting_id: url (empty for none). set with url NULL
 * removes it. */
int store_meeting_link_get(struct store *s, const char *meeting_id,
    char url[STORE_REG_LINK_MAX + 1], struct nferr *err);
int store_meeting_link_set(struct store *s, const char *meeting_id,
    const char *url, struct nferr *err);

#endif
