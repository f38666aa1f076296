/*
 * problem: the error code to HTTP status table (problem.h) and the two
 * ways a route answers an error with it. The table is documented in
 * docs/protocol.md, "Errors and HTTP statuses", and served in
 * GET /api/v1/schema ("errors"); tests/unit/test_problem.c checks it,
 * and tests/check_openapi.py that the documented table is this one.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "log.h"
#include "problem.h"

static const struct problem_row rows[] = {
	/* the request: its form, its query, its body as a whole */
	{ "bad_request", 400, 0 },
	{ "bad_path", 400, 0 },
	{ "bad_query", 400, 0 },
	{ "bad_parameter", 400, 0 },
	{ "unknown_parameter", 400, 0 },
	{ "duplicate_parameter", 400, 0 },
	{ "bad_cursor", 400, 0 },
	{ "bad_body", 400, 0 },
	{ "malformed_json", 400, 0 },
	{ "batch_too_large", 400, 0 },
	/* a peer's entries and fork proofs (docs/protocol.md, section 5) */
	{ "bad_entry", 400, 0 },
	{ "bad_version", 400, 0 },
	{ "bad_op", 400, 0 },
	{ "bad_origin", 400, 0 },
	{ "bad_seq", 400, 0 },
	{ "bad_prev", 400, 0 },
	{ "bad_timestamp", 400, 0 },
	{ "future_timestamp", 400, 0 },
	{ "bad_public_key", 400, 0 },
	{ "bad_signature", 400, 0 },
	{ "body_hash_mismatch", 400, 0 },
	{ "unknown_key", 400, 0 },
	{ "unknown_origin", 400, 0 },
	{ "unknown_type", 400, 0 },
	{ "origin_mismatch", 400, 0 },
	{ "prev_mismatch", 400, 0 },
	{ "chain", 400, 0 },
	{ "bad_proof", 400, 0 },
	{ "not_a_fork", 400, 0 },
	{ "too_large", 400, 0 },
	/* canonical JSON a peer sends (protocol/canon.c) */
	{ "syntax", 400, 0 },
	{ "trailing_data", 400, 0 },
	{ "duplicate_key", 400, 0 },
	{ "invalid_escape", 400, 0 },
	{ "lone_surrogate", 400, 0 },
	{ "nul_character", 400, 0 },
	{ "real_number", 400, 0 },
	{ "integer_out_of_range", 400, 0 },
	{ "not_canonical", 400, 0 },
	{ "too_deep", 400, 0 },
	/* who asks */
	{ "unauthorized", 401, 0 },
	{ "not_public", 401, 0 },
	{ "link_invalid", 401, 0 },    /* a sign-in or cancel link */
	{ "link_expired", 401, 0 },
	{ "not_owner", 403, 0 },
	/* an organisation's account (docs/protocol.md, "Accounts") */
	{ "not_your_organisation", 403, 0 },
	{ "operator_only", 403, 0 },
	{ "not_an_account", 403, 0 },
	{ "csrf", 403, 0 },
	/* what is asked for */
	{ "not_found", 404, 0 },
	{ "not_home", 404, 0 },
	{ "method_not_allowed", 405, 0 },
	{ "request_timeout", 408, 0 },
	{ "request_too_slow", 408, 0 },
	{ "quarantined", 409, 0 },
	{ "own_origin", 409, 0 },
	{ "holds_rejected", 409, 0 },
	{ "no_peer", 409, 0 },
	{ "no_source", 409, 0 },
	{ "same_key", 409, 0 },
	{ "key_reused", 409, 0 },
	{ "key_file_changed", 409, 0 },
	{ "key_mismatch", 409, 0 },
	/* applications and meeting registration */
	{ "already_decided", 409, 0 },
	{ "request_withdrawn", 409, 0 },
	{ "registration_not_open", 409, 0 },
	{ "registration_closed", 409, 0 },
	{ "already_registered", 409, 0 },
	{ "seats_taken", 409, 0 },
	{ "no_join_link", 409, 0 },
	{ "no_relay", 409, 0 },
	{ "gone", 410, 0 },
	{ "length_required", 411, 0 },
	{ "body_too_large", 413, 0 },
	{ "uri_too_long", 414, 0 },
	{ "unsupported_media_type", 415, 0 },
	{ "expectation_failed", 417, 0 },
	/* a body's fields (record_validate and the local-only data) */
	{ "bad_value", 422, 0 },
	{ "bad_line", 422, 0 },        /* a line of a batch */
	{ "bad_type", 422, 0 },
	{ "bad_id", 422, 0 },
	{ "bad_lang", 422, 0 },
	{ "missing_field", 422, 0 },
	{ "unknown_field", 422, 0 },
	{ "private_field", 422, 0 },
	{ "too_long", 422, 0 },
	{ "key_file", 422, 0 },
	{ "key_file_mode", 422, 0 },
	{ "not_a_session", 422, 0 },
	{ "headers_too_large", 431, 0 },
	/* the node */
	{ "internal", 500, 0 },
	{ "no_memory", 500, 0 },
	{ "history", 500, 0 },
	{ "key_file_write", 500, 0 },
	{ "not_implemented", 501, 0 },
	/* a node or relay this one asked */
	{ "home_unreachable", 502, 0 },
	{ "mail_failed", 502, 0 },
	{ "storage_unavailable", 503, 0 },
	{ "too_many_connections", 503, 1 },
	{ "db_error", 503, 0 },        /* answered as storage_unavailable */
	{ "shutting_down", 503, 0 },
	{ "busy", 503, 1 },
	{ "queue_full", 503, 1 },
	{ "own_log_unconfirmed", 503, 2 },
	{ "recovering", 503, 2 },
	{ "behind_own_log", 503, 0 },
	{ "own_log_diverged", 503, 0 },
	{ "http_version_not_supported", 505, 0 },
};

const struct problem_row *
problem_table(size_t *n)
{
	*n = sizeof(rows) / sizeof(rows[0]);
	return rows;
}

static const struct problem_row *
row_of(const char *code)
{
	size_t i;

	for (i = 0; code != NULL && i < sizeof(rows) / sizeof(rows[0]); i++)
		if (strcmp(rows[i].code, code) == 0)
			return &rows[i];
	return NULL;
}

json_t *
problem_table_json(void)
{
	json_t *o = json_object();
	size_t i;

	for (i = 0; o != NULL && i < sizeof(rows) / sizeof(rows[0]); i++)
		if (json_object_set_new(o, rows[i].code,
		    json_integer(rows[i].status)) != 0) {
			json_decref(o);
			return NULL;
		}
	return o;
}

int
problem_known(const char *code)
{
	return row_of(code) != NULL;
}

int
problem_status(const char *code)
{
	const struct problem_row *row = row_of(code);

	return row != NULL ? row->status : 500;
}

static int
send_row(struct http_req *r, const char *code, const char *field,
    const char *detail)
{
	const struct problem_row *row = row_of(code);
	char s[16];

	if (row != NULL && row->retry_after > 0) {
		snprintf(s, sizeof(s), "%d", row->retry_after);
		http_add_header(r, "Retry-After", s);
	}
	return http_problem(r, row != NULL ? row->status : 500,
	    code != NULL ? code : "internal", field, "%s", detail);
}

int
problem_send(struct http_req *r, const char *code, const char *field,
    const char *fmt, ...)
{
	char detail[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(detail, sizeof(detail), fmt, ap);
	va_end(ap);
	return send_row(r, code, field, detail);
}

int
problem_reply(struct http_req *r, const struct nferr *err)
{
	if (err == NULL || err->code == NULL)
		return send_row(r, "internal", NULL,
		    err != NULL ? err->msg : "internal error");
	if (strcmp(err->code, "db_error") == 0) {
		log_error("%s: %s", http_req_path(r), err->msg);
		return send_row(r, "storage_unavailable", NULL,
		    "the node's database failed; nothing was changed, try "
		    "again");
	}
	return send_row(r, err->code, err->field, err->msg);
}
