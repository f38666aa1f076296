/*
 * store_accounts: organisation accounts, their one-time sign-in links and
 * their sessions, in three local-only tables (store_accounts.h; the
 * schema is the last migration of store.c, docs/storage.md "Accounts").
 *
 * The statements are this file's own, prepared at open beside the
 * store's (struct store_acc hangs from struct store), so the rest of the
 * store does not change for them. An account's address is personal data:
 * it is erased with the account, on request, and by the retention sweep,
 * and every such erasure owes the WAL scrub (store_local_scrub), as for
 * contact persons. Links and sessions are kept as hashes of their
 * secrets only, and go with their account (ON DELETE CASCADE).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "store_accounts.h"
#include "store_int.h"

enum sa {
	SA_ACC_INS, SA_ACC_FIND, SA_ACC_GET, SA_ACC_ALL, SA_ACC_OF_ORG,
	SA_ACC_ORG, SA_ACC_DEL, SA_ACC_BY_EMAIL, SA_ACC_DEL_EMAIL,
	SA_ACC_SIGNED_IN, SA_ACC_ORGS, SA_ACC_DEL_ORG,
	SA_LINK_INS, SA_LINK_TRIM, SA_LINK_LAST, SA_LINK_TAKE,
	SA_SESS_INS, SA_SESS_GET, SA_SESS_DEL, SA_SESS_COUNT,
	SA_SWEEP_SESS, SA_SWEEP_LINKS, SA_SWEEP_UNUSED, SA_SWEEP_IDLE,
	SA__COUNT
};

struct store_acc {
	sqlite3_stmt *st[SA__COUNT];
};

#define ACC_COLS "a.id, a.org_id, a.email, a.created_at, a.signed_in_at, " \
	"(SELECT count(*) FROM account_sessions AS x WHERE " \
	"x.account_id = a.id AND x.expires_at > ?9)"

static const char *const sa_sql[SA__COUNT] = {
	[SA_ACC_INS] = "INSERT INTO accounts(id, org_id, email, created_at) "
	    "VALUES (?1, ?2, ?3, ?4)",
	/* lower(): ASCII case only, as e-mail addresses are compared */
	[SA_ACC_FIND] = "SELECT id FROM accounts WHERE org_id = ?1 AND "
	    "lower(email) = lower(?2)",
	[SA_ACC_GET] = "SELECT " ACC_COLS " FROM accounts AS a WHERE a.id = ?1",
	[SA_ACC_ALL] = "SELECT " ACC_COLS " FROM accounts AS a "
	    "ORDER BY a.org_id, a.created_at, a.id",
	[SA_ACC_OF_ORG] = "SELECT " ACC_COLS " FROM accounts AS a "
	    "WHERE a.org_id = ?1 ORDER BY a.created_at, a.id",
	[SA_ACC_ORG] = "SELECT org_id FROM accounts WHERE id = ?1",
	[SA_ACC_DEL] = "DELETE FROM accounts WHERE id = ?1",
	[SA_ACC_BY_EMAIL] = "SELECT " ACC_COLS " FROM accounts AS a "
	    "WHERE lower(a.email) = lower(?1) ORDER BY a.org_id, a.id",
	[SA_ACC_DEL_EMAIL] = "DELETE FROM accounts WHERE "
	    "lower(email) = lower(?1)",
	[SA_ACC_SIGNED_IN] = "UPDATE accounts SET signed_in_at = ?2 "
	    "WHERE id = ?1",
	[SA_ACC_ORGS] = "SELECT DISTINCT org_id FROM accounts ORDER BY org_id",
	[SA_ACC_DEL_ORG] = "DELETE FROM accounts WHERE org_id = ?1",
	[SA_LINK_INS] = "INSERT INTO account_links(hash, account_id, purpose, "
	    "created_at, expires_at) VALUES (?1, ?2, ?3, ?4, ?5)",
	/* keep the newest few of an account */
	[SA_LINK_TRIM] = "DELETE FROM account_links WHERE account_id = ?1 AND "
	    "hash NOT IN (SELECT hash FROM account_links WHERE account_id = ?1 "
	    "ORDER BY created_at DESC, hash LIMIT ?2)",
	[SA_LINK_LAST] = "SELECT max(created_at) FROM account_links "
	    "WHERE account_id = ?1 AND purpose = 'signin'",
	/* a link works once: taken and gone in one statement */
	[SA_LINK_TAKE] = "DELETE FROM account_links WHERE hash = ?1 "
	    "RETURNING account_id, expires_at",
	[SA_SESS_INS] = "INSERT INTO account_sessions(hash, account_id, "
	    "created_at, expires_at) VALUES (?1, ?2, ?3, ?4)",
	[SA_SESS_GET] = "SELECT s.account_id, a.org_id, s.expires_at FROM "
	    "account_sessions AS s JOIN accounts AS a ON a.id = s.account_id "
	    "WHERE s.hash = ?1 AND s.expires_at > ?2",
	[SA_SESS_DEL] = "DELETE FROM account_sessions WHERE hash = ?1",
	[SA_SESS_COUNT] = "SELECT count(*) FROM account_sessions "
	    "WHERE account_id = ?1 AND expires_at > ?2",
	[SA_SWEEP_SESS] = "DELETE FROM account_sessions WHERE expires_at <= ?1",
	[SA_SWEEP_LINKS] = "DELETE FROM account_links WHERE expires_at <= ?1",
	[SA_SWEEP_UNUSED] = "DELETE FROM accounts WHERE signed_in_at IS NULL "
	    "AND NOT EXISTS (SELECT 1 FROM account_links AS l "
	    "WHERE l.account_id = accounts.id)",
	[SA_SWEEP_IDLE] = "DELETE FROM accounts WHERE "
	    "coalesce(signed_in_at, created_at) < ?1",
};

/* The statement i, reset and unbound (st_fresh, store_int.h). */
static sqlite3_stmt *
sa(struct store *s, enum sa i)
{
	return st_fresh(s, s->acc->st[i]);
}

int
store_accounts_open(struct store *s, struct nferr *err)
{
	if ((s->acc = calloc(1, sizeof(*s->acc))) == NULL)
		return nferr_set(err, "internal", "", "out of memory");
	return store_prepare_all(s, sa_sql, SA__COUNT, s->acc->st,
	    "accounts", err);
}

void
store_accounts_close(struct store *s)
{
	if (s == NULL || s->acc == NULL)
		return;
	store_finalize_all(s->acc->st, SA__COUNT);
	free(s->acc);
	s->acc = NULL;
}

/* ---- accounts ---------------------------------------------------------- */

/* "<cc>:acct:" and 26 random Crockford characters. */
static void
mint_id(const char *origin, char out[STORE_ACCOUNT_ID_MAX])
{
	static const char b32[] = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
	unsigned char rnd[26];
	size_t i;

	randombytes_buf(rnd, sizeof(rnd));
	out[0] = (char)(origin[0] | 0x20);
	out[1] = (char)(origin[1] | 0x20);
	memcpy(out + 2, ":acct:", 6);
	for (i = 0; i < sizeof(rnd); i++)
		out[8 + i] = b32[rnd[i] & 31];
	out[RECORD_ACCOUNT_ID_LEN] = '\0';
}

static json_t *
ms_json(sqlite3_stmt *q, int i)
{
	char ts[ENTRY_TS_LEN + 1];

	if (sqlite3_column_type(q, i) == SQLITE_NULL)
		return json_null();
	entry_ts_format(sqlite3_column_int64(q, i), ts);
	return json_string(ts);
}

static json_t *
account_json(sqlite3_stmt *q)
{
	return json_pack("{s:o, s:o, s:o, s:o, s:o, s:I}",
	    "id", col_json_str(q, 0), "organisation", col_json_str(q, 1),
	    "email", col_json_str(q, 2), "created", ms_json(q, 3),
	    "signed_in", ms_json(q, 4),
	    "sessions", (json_int_t)sqlite3_column_int64(q, 5));
}

/* Every row of q as account_json, into a new array. */
static int
account_rows(struct store *s, sqlite3_stmt *q, const char *what,
    json_t **out, struct nferr *err)
{
	json_t *a = json_array(), *x;
	int rc;

	*out = NULL;
	sqlite3_bind_int64(q, 9, store_now_ms());
	while (a != NULL && (rc = sqlite3_step(q)) == SQLITE_ROW) {
		if ((x = account_json(q)) == NULL ||
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
		return store_db_err(s, err, what);
	}
	*out = a;
	return 0;
}

int
store_account_add(struct store *s, const char *org_id, const char *email,
    char id_out[STORE_ACCOUNT_ID_MAX], int *created, struct nferr *err)
{
	struct store_record_meta m;
	char id[STORE_ACCOUNT_ID_MAX];
	sqlite3_stmt *q;
	int rc;

	*created = 0;
	if (org_id == NULL || store_record_meta(s, org_id, &m, NULL) != 0 ||
	    m.type != REC_ORGANISATION || m.deleted ||
	    strcmp(m.origin, s->origin) != 0)
		return nferr_set(err, "bad_value", "/organisation",
		    "%s is not a live organisation of this node",
		    org_id ? org_id : "(none)");
	if (store_email_ok(email, err) != 0)
		return -1;
	q = sa(s, SA_ACC_FIND);
	bind_text(q, 1, org_id);
	bind_text(q, 2, email);
	rc = sqlite3_step(q);
	if (rc == SQLITE_ROW) {
		snprintf(id_out, STORE_ACCOUNT_ID_MAX, "%s", col_text(q, 0));
		sqlite3_reset(q);
		return 0;
	}
	sqlite3_reset(q);
	if (rc != SQLITE_DONE)
		return store_db_err(s, err, "account find");
	mint_id(s->origin, id);
	q = sa(s, SA_ACC_INS);
	bind_text(q, 1, id);
	bind_text(q, 2, org_id);
	bind_text(q, 3, email);
	sqlite3_bind_int64(q, 4, store_now_ms());
	if (st_run(s, q, err, "account add") != 0)
		return -1;
	snprintf(id_out, STORE_ACCOUNT_ID_MAX, "%s", id);
	*created = 1;
	return 0;
}

int
store_account_get(struct store *s, const char *id, json_t **out,
    struct nferr *err)
{
	sqlite3_stmt *q = sa(s, SA_ACC_GET);
	json_t *a = NULL;
	int rc;

	*out = NULL;
	bind_text(q, 1, id);
	if ((rc = account_rows(s, q, "account get", &a, err)) != 0)
		return rc;
	if (json_array_size(a) == 0) {
		json_decref(a);
		return nferr_set(err, "not_found", "", "no such account");
	}
	*out = json_incref(json_array_get(a, 0));
	json_decref(a);
	return 0;
}

int
store_account_list(struct store *s, const char *org_id, json_t **out,
    struct nferr *err)
{
	sqlite3_stmt *q = sa(s, org_id ? SA_ACC_OF_ORG : SA_ACC_ALL);

	if (org_id != NULL)
		bind_text(q, 1, org_id);
	return account_rows(s, q, "account list", out, err);
}

int
store_account_org(struct store *s, const char *id,
    char org_out[RECORD_ID_MAX], struct nferr *err)
{
	sqlite3_stmt *q = sa(s, SA_ACC_ORG);
	int rc;

	bind_text(q, 1, id);
	rc = sqlite3_step(q);
	if (rc == SQLITE_ROW)
		snprintf(org_out, RECORD_ID_MAX, "%s", col_text(q, 0) ?
		    col_text(q, 0) : "");
	sqlite3_reset(q);
	if (rc == SQLITE_ROW)
		return 0;
	if (rc != SQLITE_DONE)
		return store_db_err(s, err, "account org");
	return nferr_set(err, "not_found", "", "no such account");
}

/* How many live sessions an account has. */
static int64_t
live_sessions(struct store *s, const char *id)
{
	sqlite3_stmt *q = sa(s, SA_SESS_COUNT);
	int64_t n = 0;

	bind_text(q, 1, id);
	sqlite3_bind_int64(q, 2, store_now_ms());
	if (sqlite3_step(q) == SQLITE_ROW)
		n = sqlite3_column_int64(q, 0);
	sqlite3_reset(q);
	return n;
}

int
store_account_delete(struct store *s, const char *id, int64_t *sessions,
    struct nferr *err)
{
	sqlite3_stmt *q;

	*sessions = live_sessions(s, id);
	q = sa(s, SA_ACC_DEL);
	bind_text(q, 1, id);
	if (st_run(s, q, err, "account delete") != 0)
		return -1;
	if (sqlite3_changes(s->db) == 0) {
		*sessions = 0;
		return nferr_set(err, "not_found", "", "no such account");
	}
	s->scrub_owed = 1;
	store_local_settle(s);
	return 0;
}

int
store_accounts_find_email(struct store *s, const char *email, json_t **out,
    struct nferr *err)
{
	sqlite3_stmt *q;

	*out = NULL;
	if (store_email_ok(email, err) != 0)
		return -1;
	q = sa(s, SA_ACC_BY_EMAIL);
	bind_text(q, 1, email);
	return account_rows(s, q, "account find", out, err);
}

int
store_accounts_erase_email(struct store *s, const char *email, int64_t *n,
    struct nferr *err)
{
	sqlite3_stmt *q;

	*n = 0;
	if (store_email_ok(email, err) != 0)
		return -1;
	q = sa(s, SA_ACC_DEL_EMAIL);
	bind_text(q, 1, email);
	if (st_run(s, q, err, "account erase") != 0)
		return -1;
	*n = sqlite3_changes(s->db);
	if (*n > 0)
		s->scrub_owed = 1;
	return 0;
}

/* ---- links ------------------------------------------------------------- */

int
store_account_link_add(struct store *s, const char *account_id,
    const unsigned char hash[STORE_ACCOUNT_HASH_LEN], int invite,
    int64_t now_ms, int64_t expires_ms, struct nferr *err)
{
	sqlite3_stmt *q;

	if (tx_begin(s, err) != 0)
		return -1;
	q = sa(s, SA_LINK_INS);
	sqlite3_bind_blob(q, 1, hash, STORE_ACCOUNT_HASH_LEN, SQLITE_TRANSIENT);
	bind_text(q, 2, account_id);
	bind_text(q, 3, invite ? "invite" : "signin");
	sqlite3_bind_int64(q, 4, now_ms);
	sqlite3_bind_int64(q, 5, expires_ms);
	if (st_run(s, q, err, "link add") != 0)
		goto fail;
	q = sa(s, SA_LINK_TRIM);
	bind_text(q, 1, account_id);
	sqlite3_bind_int(q, 2, STORE_ACCOUNT_LINKS_MAX);
	if (st_run(s, q, err, "link trim") != 0 || tx_commit(s, err) != 0)
		goto fail;
	return 0;
fail:
	tx_rollback(s);
	return -1;
}

int
store_account_link_last(struct store *s, const char *account_id,
    int64_t *at_ms, struct nferr *err)
{
	sqlite3_stmt *q = sa(s, SA_LINK_LAST);
	int rc;

	*at_ms = 0;
	bind_text(q, 1, account_id);
	rc = sqlite3_step(q);
	if (rc == SQLITE_ROW)
		*at_ms = sqlite3_column_int64(q, 0);
	sqlite3_reset(q);
	return rc == SQLITE_ROW ? 0 : store_db_err(s, err, "link last");
}

int
store_account_link_take(struct store *s,
    const unsigned char hash[STORE_ACCOUNT_HASH_LEN], int64_t now_ms,
    char account_out[STORE_ACCOUNT_ID_MAX], struct nferr *err)
{
	sqlite3_stmt *q = sa(s, SA_LINK_TAKE);
	int64_t expires = 0;
	int rc, found = 0;

	account_out[0] = '\0';
	sqlite3_bind_blob(q, 1, hash, STORE_ACCOUNT_HASH_LEN, SQLITE_TRANSIENT);
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		found = 1;
		snprintf(account_out, STORE_ACCOUNT_ID_MAX, "%s",
		    col_text(q, 0) ? col_text(q, 0) : "");
		expires = sqlite3_column_int64(q, 1);
	}
	sqlite3_reset(q);
	if (rc != SQLITE_DONE)
		return store_db_err(s, err, "link take");
	if (!found)
		return nferr_set(err, "not_found", "", "no such link");
	if (expires <= now_ms) {
		account_out[0] = '\0';
		return nferr_set(err, "expired", "", "the link has expired");
	}
	return 0;
}

/* ---- sessions ---------------------------------------------------------- */

int
store_account_session_add(struct store *s, const char *account_id,
    const unsigned char hash[STORE_ACCOUNT_HASH_LEN], int64_t now_ms,
    int64_t expires_ms, struct nferr *err)
{
	sqlite3_stmt *q;

	if (tx_begin(s, err) != 0)
		return -1;
	q = sa(s, SA_SESS_INS);
	sqlite3_bind_blob(q, 1, hash, STORE_ACCOUNT_HASH_LEN, SQLITE_TRANSIENT);
	bind_text(q, 2, account_id);
	sqlite3_bind_int64(q, 3, now_ms);
	sqlite3_bind_int64(q, 4, expires_ms);
	if (st_run(s, q, err, "session add") != 0)
		goto fail;
	q = sa(s, SA_ACC_SIGNED_IN);
	bind_text(q, 1, account_id);
	sqlite3_bind_int64(q, 2, now_ms);
	if (st_run(s, q, err, "account signed in") != 0 ||
	    tx_commit(s, err) != 0)
		goto fail;
	return 0;
fail:
	tx_rollback(s);
	return -1;
}

int
store_account_session_get(struct store *s,
    const unsigned char hash[STORE_ACCOUNT_HASH_LEN], int64_t now_ms,
    char account_out[STORE_ACCOUNT_ID_MAX], char org_out[RECORD_ID_MAX],
    int64_t *expires_ms, struct nferr *err)
{
	sqlite3_stmt *q = sa(s, SA_SESS_GET);
	int rc;

	sqlite3_bind_blob(q, 1, hash, STORE_ACCOUNT_HASH_LEN, SQLITE_TRANSIENT);
	sqlite3_bind_int64(q, 2, now_ms);
	rc = sqlite3_step(q);
	if (rc == SQLITE_ROW) {
		snprintf(account_out, STORE_ACCOUNT_ID_MAX, "%s",
		    col_text(q, 0) ? col_text(q, 0) : "");
		snprintf(org_out, RECORD_ID_MAX, "%s", col_text(q, 1) ?
		    col_text(q, 1) : "");
		if (expires_ms != NULL)
			*expires_ms = sqlite3_column_int64(q, 2);
	}
	sqlite3_reset(q);
	if (rc == SQLITE_ROW)
		return 0;
	if (rc != SQLITE_DONE)
		return store_db_err(s, err, "session get");
	return nferr_set(err, "not_found", "", "no such session");
}

int
store_account_session_end(struct store *s,
    const unsigned char hash[STORE_ACCOUNT_HASH_LEN], struct nferr *err)
{
	sqlite3_stmt *q = sa(s, SA_SESS_DEL);

	sqlite3_bind_blob(q, 1, hash, STORE_ACCOUNT_HASH_LEN, SQLITE_TRANSIENT);
	return st_run(s, q, err, "session end");
}

/* ---- the retention sweep ------------------------------------------------- */

/* Accounts whose organisation is not a live one of this node: asked of
 * the store one organisation at a time (store_record_meta), not joined to
 * its record tables. Within the caller's transaction. */
static int
sweep_orphans(struct store *s, int64_t *n, struct nferr *err)
{
	char gone[64][RECORD_ID_MAX];
	struct store_record_meta m;
	sqlite3_stmt *q;
	size_t ngone = 0, i;
	int rc;

	*n = 0;
	q = sa(s, SA_ACC_ORGS);
	while ((rc = sqlite3_step(q)) == SQLITE_ROW && ngone < 64) {
		const char *org = col_text(q, 0);

		if (org == NULL)
			continue;
		if (store_record_meta(s, org, &m, NULL) != 0 ||
		    m.type != REC_ORGANISATION || m.deleted ||
		    strcmp(m.origin, s->origin) != 0)
			snprintf(gone[ngone++], RECORD_ID_MAX, "%s", org);
	}
	sqlite3_reset(q);
	if (rc != SQLITE_DONE && rc != SQLITE_ROW)
		return store_db_err(s, err, "account sweep");
	/* more than 64 gone at once: the next sweep takes the rest */
	for (i = 0; i < ngone; i++) {
		q = sa(s, SA_ACC_DEL_ORG);
		bind_text(q, 1, gone[i]);
		if (st_run(s, q, err, "account sweep") != 0)
			return -1;
		*n += sqlite3_changes(s->db);
	}
	return 0;
}

int
store_accounts_sweep(struct store *s, int64_t now_ms, int64_t idle_ms,
    struct store_accounts_swept *out, struct nferr *err)
{
	sqlite3_stmt *q;

	memset(out, 0, sizeof(*out));
	if (idle_ms < 0)
		return nferr_set(err, "bad_value", "", "negative retention");
	if (tx_begin(s, err) != 0)
		return -1;
	q = sa(s, SA_SWEEP_SESS);
	sqlite3_bind_int64(q, 1, now_ms);
	if (st_run(s, q, err, "session sweep") != 0)
		goto fail;
	out->sessions = sqlite3_changes(s->db);
	q = sa(s, SA_SWEEP_LINKS);
	sqlite3_bind_int64(q, 1, now_ms);
	if (st_run(s, q, err, "link sweep") != 0)
		goto fail;
	out->links = sqlite3_changes(s->db);
	if (sweep_orphans(s, &out->orphans, err) != 0)
		goto fail;
	if (st_run(s, sa(s, SA_SWEEP_UNUSED), err, "account sweep") != 0)
		goto fail;
	out->unused = sqlite3_changes(s->db);
	if (idle_ms > 0) {
		q = sa(s, SA_SWEEP_IDLE);
		sqlite3_bind_int64(q, 1, now_ms - idle_ms);
		if (st_run(s, q, err, "account sweep") != 0)
			goto fail;
		out->idle = sqlite3_changes(s->db);
	}
	if (tx_commit(s, err) != 0)
		goto fail;
	if (out->orphans + out->unused + out->idle > 0)
		s->scrub_owed = 1;
	return 0;
fail:
	tx_rollback(s);
	memset(out, 0, sizeof(*out));
	return -1;
}
