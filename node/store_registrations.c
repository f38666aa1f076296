/*
 * store_registrations: see store_registrations.h. The tables are the last
 * migration of store.c; the statements are this file's own, prepared at
 * open beside the store's (struct store_reg hangs from struct store).
 *
 * The rules of a registration are decided inside one BEGIN IMMEDIATE
 * transaction with its insert (the counts read and the row written
 * together), so two registrations can never both take the last place or
 * the last seat of an organisation. A cancellation erases the row and
 * moves the waiting list up in the same transaction.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "store_int.h"
#include "store_registrations.h"

enum sr {
	SR_INS, SR_DUP, SR_ORG_COUNT, SR_COUNTS, SR_BY_HASH, SR_DEL,
	SR_OLDEST_WAITING, SR_PROMOTE, SR_LIST, SR_BY_EMAIL, SR_EMAIL_MEETINGS,
	SR_DEL_EMAIL, SR_MEETINGS, SR_DEL_MEETING, SR_LINK_GET, SR_LINK_SET,
	SR_LINK_DEL,
	SR__COUNT
};

struct store_reg_st {
	sqlite3_stmt *st[SR__COUNT];
};

#define REG_COLS "id, meeting_id, org_id, name, email, status, created_at"

static const char *const sr_sql[SR__COUNT] = {
	[SR_INS] = "INSERT INTO registrations(id, meeting_id, org_id, name, "
	    "email, status, created_at, cancel_hash) VALUES (?1, ?2, ?3, ?4, ?5, "
	    "?6, ?7, ?8)",
	/* lower(): ASCII case only, as e-mail addresses are compared */
	[SR_DUP] = "SELECT 1 FROM registrations WHERE meeting_id = ?1 AND "
	    "lower(email) = lower(?2)",
	[SR_ORG_COUNT] = "SELECT count(*) FROM registrations WHERE "
	    "meeting_id = ?1 AND org_id = ?2",
	[SR_COUNTS] = "SELECT coalesce(sum(status = 'registered'), 0), "
	    "coalesce(sum(status = 'waiting'), 0) FROM registrations "
	    "WHERE meeting_id = ?1",
	[SR_BY_HASH] = "SELECT " REG_COLS " FROM registrations "
	    "WHERE cancel_hash = ?1",
	[SR_DEL] = "DELETE FROM registrations WHERE id = ?1",
	[SR_OLDEST_WAITING] = "SELECT " REG_COLS " FROM registrations WHERE "
	    "meeting_id = ?1 AND status = 'waiting' ORDER BY created_at, id "
	    "LIMIT 1",
	[SR_PROMOTE] = "UPDATE registrations SET status = 'registered' "
	    "WHERE id = ?1",
	[SR_LIST] = "SELECT " REG_COLS " FROM registrations WHERE "
	    "meeting_id = ?1 ORDER BY status <> 'registered', created_at, id",
	[SR_BY_EMAIL] = "SELECT " REG_COLS " FROM registrations WHERE "
	    "lower(email) = lower(?1) ORDER BY meeting_id, id",
	[SR_EMAIL_MEETINGS] = "SELECT DISTINCT meeting_id FROM registrations "
	    "WHERE lower(email) = lower(?1) ORDER BY meeting_id",
	[SR_DEL_EMAIL] = "DELETE FROM registrations WHERE "
	    "lower(email) = lower(?1)",
	[SR_MEETINGS] = "SELECT DISTINCT meeting_id FROM registrations "
	    "ORDER BY meeting_id",
	[SR_DEL_MEETING] = "DELETE FROM registrations WHERE meeting_id = ?1",
	[SR_LINK_GET] = "SELECT url FROM meeting_links WHERE meeting_id = ?1",
	[SR_LINK_SET] = "INSERT INTO meeting_links(meeting_id, url, updated_at) "
	    "VALUES (?1, ?2, ?3) ON CONFLICT(meeting_id) DO UPDATE SET "
	    "url = excluded.url, updated_at = excluded.updated_at",
	[SR_LINK_DEL] = "DELETE FROM meeting_links WHERE meeting_id = ?1",
};

/* The statement i, reset and unbound (st_fresh, store_int.h). */
static sqlite3_stmt *
sr(struct store *s, enum sr i)
{
	return st_fresh(s, s->reg->st[i]);
}

int
store_registrations_open(struct store *s, struct nferr *err)
{
	if ((s->reg = calloc(1, sizeof(*s->reg))) == NULL)
		return nferr_set(err, "internal", "", "out of memory");
	return store_prepare_all(s, sr_sql, SR__COUNT, s->reg->st,
	    "registrations", err);
}

void
store_registrations_close(struct store *s)
{
	if (s == NULL || s->reg == NULL)
		return;
	store_finalize_all(s->reg->st, SR__COUNT);
	free(s->reg);
	s->reg = NULL;
}

/* ---- helpers --------------------------------------------------------------- */

/* Never echoes the value: a name or an address is personal data. */
static int
text_ok(const char *v, size_t max, const char *field, struct nferr *err)
{
	const unsigned char *p;
	size_t n = v ? strlen(v) : 0;

	if (n == 0 || n > max)
		return nferr_set(err, "bad_value", field,
		    "%s must be 1 to %zu bytes", field + 1, max);
	for (p = (const unsigned char *)v; *p; p++)
		if (*p < 0x20 || *p == 0x7f)
			return nferr_set(err, "bad_value", field,
			    "%s must not hold control characters", field + 1);
	return 0;
}

static void
row(sqlite3_stmt *q, struct store_reg *r)
{
	memset(r, 0, sizeof(*r));
	snprintf(r->id, sizeof(r->id), "%s", col_text(q, 0) ? col_text(q, 0) :
	    "");
	snprintf(r->meeting, sizeof(r->meeting), "%s", col_text(q, 1) ?
	    col_text(q, 1) : "");
	snprintf(r->org, sizeof(r->org), "%s", col_text(q, 2) ?
	    col_text(q, 2) : "");
	snprintf(r->name, sizeof(r->name), "%s", col_text(q, 3) ?
	    col_text(q, 3) : "");
	snprintf(r->email, sizeof(r->email), "%s", col_text(q, 4) ?
	    col_text(q, 4) : "");
	r->waiting = col_text(q, 5) && strcmp(col_text(q, 5), "waiting") == 0;
}

static json_t *
row_json(sqlite3_stmt *q)
{
	char ts[ENTRY_TS_LEN + 1];

	entry_ts_format(sqlite3_column_int64(q, 6), ts);
	return json_pack("{s:o, s:o, s:o, s:o, s:o, s:o, s:s}",
	    "id", col_json_str(q, 0), "meeting", col_json_str(q, 1),
	    "organisation", col_json_str(q, 2), "name", col_json_str(q, 3),
	    "email", col_json_str(q, 4), "status", col_json_str(q, 5),
	    "created", ts);
}

static int
rows_json(struct store *s, sqlite3_stmt *q, json_t **out, struct nferr *err)
{
	json_t *a = json_array(), *x;
	int rc;

	*out = NULL;
	while (a != NULL && (rc = sqlite3_step(q)) == SQLITE_ROW) {
		if ((x = row_json(q)) == NULL ||
		    json_array_append_new(a, x) != 0) {
			sqlite3_reset(q);
			json_decref(a);
			return nferr_set(err, "internal", "", "out of memory");
		}
	}
	sqlite3_reset(q);
	if (a == NULL)
		return nferr_set(err, "internal", "", "out of memory");
	if (rc != SQLITE_DONE) {
		json_decref(a);
		return store_db_err(s, err, "registrations");
	}
	*out = a;
	return 0;
}

static int
counts(struct store *s, const char *meeting_id, int64_t *registered,
    int64_t *waiting, struct nferr *err)
{
	sqlite3_stmt *q = sr(s, SR_COUNTS);
	int rc;

	*registered = *waiting = 0;
	bind_text(q, 1, meeting_id);
	rc = sqlite3_step(q);
	if (rc == SQLITE_ROW) {
		*registered = sqlite3_column_int64(q, 0);
		*waiting = sqlite3_column_int64(q, 1);
	}
	sqlite3_reset(q);
	return rc == SQLITE_ROW ? 0 : store_db_err(s, err, "counts");
}

/* "<cc>:reg:" and 26 random Crockford characters. */
static void
mint_id(const char *origin, char out[STORE_REG_ID_MAX])
{
	static const char b32[] = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
	unsigned char rnd[26];
	size_t i;

	randombytes_buf(rnd, sizeof(rnd));
	snprintf(out, STORE_REG_ID_MAX, "%c%c:reg:", origin[0] | 0x20,
	    origin[1] | 0x20);
	for (i = 0; i < sizeof(rnd); i++)
		out[7 + i] = b32[rnd[i] & 31];
	out[7 + 26] = '\0';
}

/* ---- registering and cancelling ------------------------------------------- */

int
store_registration_add(struct store *s, const char *meeting_id,
    const char *org_id, const char *name, const char *email,
    const struct store_reg_rules *rules,
    const unsigned char cancel_hash[STORE_REG_HASH_LEN], int64_t now_ms,
    struct store_reg *out, struct nferr *err)
{
	int64_t registered, waiting, of_org = 0;
	sqlite3_stmt *q;
	int rc, wait;

	memset(out, 0, sizeof(*out));
	if (text_ok(name, STORE_REG_NAME_MAX, "/name", err) != 0 ||
	    store_email_ok(email, err) != 0)
		return -1;
	if (tx_begin(s, err) != 0)
		return -1;
	q = sr(s, SR_DUP);
	bind_text(q, 1, meeting_id);
	bind_text(q, 2, email);
	rc = sqlite3_step(q);
	sqlite3_reset(q);
	if (rc == SQLITE_ROW) {
		nferr_set(err, "already_registered", "/email",
		    "this address is already registered for the meeting (or on "
		    "its waiting list)");
		goto fail;
	}
	if (rc != SQLITE_DONE) {
		store_db_err(s, err, "registration");
		goto fail;
	}
	if (rules->seats_per_organisation > 0) {
		q = sr(s, SR_ORG_COUNT);
		bind_text(q, 1, meeting_id);
		bind_text(q, 2, org_id);
		if (sqlite3_step(q) == SQLITE_ROW)
			of_org = sqlite3_column_int64(q, 0);
		sqlite3_reset(q);
		if (of_org >= rules->seats_per_organisation) {
			nferr_set(err, "seats_taken", "/organisation",
			    "%s has its %d seat%s for this meeting taken", org_id,
			    rules->seats_per_organisation,
			    rules->seats_per_organisation == 1 ? "" : "s");
			goto fail;
		}
	}
	if (counts(s, meeting_id, &registered, &waiting, err) != 0)
		goto fail;
	wait = rules->capacity > 0 && registered >= rules->capacity;
	mint_id(s->origin, out->id);
	q = sr(s, SR_INS);
	bind_text(q, 1, out->id);
	bind_text(q, 2, meeting_id);
	bind_text(q, 3, org_id);
	bind_text(q, 4, name);
	bind_text(q, 5, email);
	bind_text(q, 6, wait ? "waiting" : "registered");
	sqlite3_bind_int64(q, 7, now_ms);
	sqlite3_bind_blob(q, 8, cancel_hash, STORE_REG_HASH_LEN,
	    SQLITE_TRANSIENT);
	if (st_run(s, q, err, "registration") != 0 || tx_commit(s, err) != 0)
		goto fail;
	snprintf(out->meeting, sizeof(out->meeting), "%s", meeting_id);
	snprintf(out->org, sizeof(out->org), "%s", org_id);
	snprintf(out->name, sizeof(out->name), "%s", name);
	snprintf(out->email, sizeof(out->email), "%s", email);
	out->waiting = wait;
	return 0;
fail:
	tx_rollback(s);
	memset(out, 0, sizeof(*out));
	return -1;
}

/* Within the caller's transaction. */
static int
promote(struct store *s, const char *meeting_id,
    const struct store_reg_rules *rules, struct store_reg *promoted,
    size_t *npromoted, struct nferr *err)
{
	int64_t registered, waiting;
	sqlite3_stmt *q;
	struct store_reg r;
	int rc;

	*npromoted = 0;
	while (*npromoted < STORE_REG_PROMOTED) {
		if (counts(s, meeting_id, &registered, &waiting, err) != 0)
			return -1;
		if (waiting == 0 || (rules->capacity > 0 &&
		    registered >= rules->capacity))
			break;
		q = sr(s, SR_OLDEST_WAITING);
		bind_text(q, 1, meeting_id);
		rc = sqlite3_step(q);
		if (rc == SQLITE_ROW)
			row(q, &r);
		sqlite3_reset(q);
		if (rc != SQLITE_ROW)
			return rc == SQLITE_DONE ? 0 : store_db_err(s, err,
			    "promote");
		q = sr(s, SR_PROMOTE);
		bind_text(q, 1, r.id);
		if (st_run(s, q, err, "promote") != 0)
			return -1;
		r.waiting = 0;
		promoted[(*npromoted)++] = r;
	}
	return 0;
}

int
store_registration_promote(struct store *s, const char *meeting_id,
    const struct store_reg_rules *rules, struct store_reg *promoted,
    size_t *npromoted, struct nferr *err)
{
	*npromoted = 0;
	if (tx_begin(s, err) != 0)
		return -1;
	if (promote(s, meeting_id, rules, promoted, npromoted, err) != 0 ||
	    tx_commit(s, err) != 0) {
		tx_rollback(s);
		*npromoted = 0;
		return -1;
	}
	return 0;
}

int
store_registration_cancel(struct store *s,
    const unsigned char cancel_hash[STORE_REG_HASH_LEN],
    int (*rules_of)(void *arg, const char *meeting_id,
    struct store_reg_rules *rules), void *arg,
    struct store_reg *gone, struct store_reg *promoted, size_t *npromoted,
    struct nferr *err)
{
	struct store_reg_rules rules;
	sqlite3_stmt *q;
	int rc;

	*npromoted = 0;
	memset(gone, 0, sizeof(*gone));
	if (tx_begin(s, err) != 0)
		return -1;
	q = sr(s, SR_BY_HASH);
	sqlite3_bind_blob(q, 1, cancel_hash, STORE_REG_HASH_LEN,
	    SQLITE_TRANSIENT);
	rc = sqlite3_step(q);
	if (rc == SQLITE_ROW)
		row(q, gone);
	sqlite3_reset(q);
	if (rc != SQLITE_ROW) {
		if (rc == SQLITE_DONE)
			nferr_set(err, "not_found", "", "no such registration");
		else
			store_db_err(s, err, "cancel");
		goto fail;
	}
	q = sr(s, SR_DEL);
	bind_text(q, 1, gone->id);
	if (st_run(s, q, err, "cancel") != 0)
		goto fail;
	memset(&rules, 0, sizeof(rules));
	if (rules_of(arg, gone->meeting, &rules) == 0 &&
	    promote(s, gone->meeting, &rules, promoted, npromoted, err) != 0)
		goto fail;
	if (tx_commit(s, err) != 0)
		goto fail;
	s->scrub_owed = 1;
	store_local_settle(s);
	return 0;
fail:
	tx_rollback(s);
	*npromoted = 0;
	return -1;
}

int
store_registration_counts(struct store *s, const char *meeting_id,
    int64_t *registered, int64_t *waiting, struct nferr *err)
{
	return counts(s, meeting_id, registered, waiting, err);
}

int
store_registration_list(struct store *s, const char *meeting_id,
    json_t **out, struct nferr *err)
{
	sqlite3_stmt *q = sr(s, SR_LIST);

	bind_text(q, 1, meeting_id);
	return rows_json(s, q, out, err);
}

/* ---- access, erasure, retention ------------------------------------------ */

int
store_registrations_find_email(struct store *s, const char *email,
    json_t **out, struct nferr *err)
{
	sqlite3_stmt *q;

	*out = NULL;
	if (store_email_ok(email, err) != 0)
		return -1;
	q = sr(s, SR_BY_EMAIL);
	bind_text(q, 1, email);
	return rows_json(s, q, out, err);
}

/* The distinct meeting ids q gives, into ids. */
static int
meeting_ids(struct store *s, sqlite3_stmt *q, char (*ids)[RECORD_ID_MAX],
    size_t max, size_t *n, struct nferr *err)
{
	int rc;

	*n = 0;
	while ((rc = sqlite3_step(q)) == SQLITE_ROW)
		if (*n < max && col_text(q, 0) != NULL)
			snprintf(ids[(*n)++], RECORD_ID_MAX, "%s",
			    col_text(q, 0));
	sqlite3_reset(q);
	return rc == SQLITE_DONE ? 0 : store_db_err(s, err, "meetings");
}

int
store_registrations_erase_email(struct store *s, const char *email,
    int64_t *n, char (*meetings)[RECORD_ID_MAX], size_t max,
    size_t *nmeetings, struct nferr *err)
{
	sqlite3_stmt *q;

	*n = 0;
	*nmeetings = 0;
	if (store_email_ok(email, err) != 0)
		return -1;
	if (tx_begin(s, err) != 0)
		return -1;
	q = sr(s, SR_EMAIL_MEETINGS);
	bind_text(q, 1, email);
	if (meeting_ids(s, q, meetings, max, nmeetings, err) != 0)
		goto fail;
	q = sr(s, SR_DEL_EMAIL);
	bind_text(q, 1, email);
	if (st_run(s, q, err, "registration erase") != 0)
		goto fail;
	*n = sqlite3_changes(s->db);
	if (tx_commit(s, err) != 0)
		goto fail;
	if (*n > 0)
		s->scrub_owed = 1;
	return 0;
fail:
	tx_rollback(s);
	*n = 0;
	*nmeetings = 0;
	return -1;
}

int
store_registration_meetings(struct store *s, char (*ids)[RECORD_ID_MAX],
    size_t max, size_t *n, struct nferr *err)
{
	return meeting_ids(s, sr(s, SR_MEETINGS), ids, max, n, err);
}

int
store_registrations_erase_meeting(struct store *s, const char *meeting_id,
    int64_t *n, struct nferr *err)
{
	sqlite3_stmt *q;

	*n = 0;
	if (tx_begin(s, err) != 0)
		return -1;
	q = sr(s, SR_DEL_MEETING);
	bind_text(q, 1, meeting_id);
	if (st_run(s, q, err, "registration sweep") != 0)
		goto fail;
	*n = sqlite3_changes(s->db);
	q = sr(s, SR_LINK_DEL);
	bind_text(q, 1, meeting_id);
	if (st_run(s, q, err, "link sweep") != 0 || tx_commit(s, err) != 0)
		goto fail;
	if (*n > 0)
		s->scrub_owed = 1;
	return 0;
fail:
	tx_rollback(s);
	*n = 0;
	return -1;
}

/* ---- join links ------------------------------------------------------------ */

int
store_meeting_link_get(struct store *s, const char *meeting_id,
    char url[STORE_REG_LINK_MAX + 1], struct nferr *err)
{
	sqlite3_stmt *q = sr(s, SR_LINK_GET);
	int rc;

	url[0] = '\0';
	bind_text(q, 1, meeting_id);
	rc = sqlite3_step(q);
	if (rc == SQLITE_ROW && col_text(q, 0) != NULL)
		snprintf(url, STORE_REG_LINK_MAX + 1, "%s", col_text(q, 0));
	sqlite3_reset(q);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 :
	    store_db_err(s, err, "join link");
}

int
store_meeting_link_set(struct store *s, const char *meeting_id,
    const char *url, struct nferr *err)
{
	sqlite3_stmt *q;

	if (url == NULL) {
		q = sr(s, SR_LINK_DEL);
		bind_text(q, 1, meeting_id);
		return st_run(s, q, err, "join link");
	}
	if (text_ok(url, STORE_REG_LINK_MAX, "/url", err) != 0)
		return -1;
	q = sr(s, SR_LINK_SET);
	bind_text(q, 1, meeting_id);
	bind_text(q, 2, url);
	sqlite3_bind_int64(q, 3, store_now_ms());
	return st_run(s, q, err, "join link");
}
