/*
 * problem: the one table from an error code to its HTTP status
 * (docs/protocol.md, "Errors and HTTP statuses"). Every route answers an
 * error through here, so a code has one status wherever it is given: the
 * API, the federation routes, the admin routes and the page's proxy.
 * http_problem() (node/http.c) stays the builder of the reply itself.
 */
#ifndef PROBLEM_H
#define PROBLEM_H

#include <stddef.h>
#include <jansson.h>

#include "http.h"
#include "nferr.h"

struct problem_row {
	const char *code;
	int status;
	int retry_after;   /* seconds for Retry-After (a state that clears
	                      by itself), 0 for none */
};

/* The rows of the table, in status order; *n is their number. */
const struct problem_row *problem_table(size_t *n);
/* The status of code; 500 for NULL or a code the table does not have. */
int problem_status(const char *code);
/* 1 when the table has code. */
int problem_known(const char *code);
/* {code: status} for every row (served in GET /api/v1/schema as
 * "errors"): a new reference, NULL when out of memory. */
json_t *problem_table_json(void);

/*
 * Answer code as problem+json with the table's status (and Retry-After
 * when the row says so). Returns -1, as http_problem does.
 */
int problem_send(struct http_req *r, const char *code, const char *field,
    const char *fmt, ...) __attribute__((format(printf, 4, 5)));

/*
 * Answer err (code NULL: internal): its code, field and message with the
 * table's status. A database failure (db_error) is logged with the path
 * and answered storage_unavailable without the database's message.
 */
int problem_reply(struct http_req *r, const struct nferr *err);

#endif
