/*
 * ctl_import.h: what the files of `nordfedctl import` share, nothing
 * else includes it (tools/ctl_import.c has the whole description):
 *
 *   ctl_import.c       the command, the two passes over the file, a row
 *                      into a checked organisation, JSON Lines, the report
 *   ctl_import_csv.c   CSV, read a record at a time
 *   ctl_import_send.c  the batches in flight (libcurl multi), and what the
 *                      node holds (a dry run)
 */
#ifndef CTL_IMPORT_H
#define CTL_IMPORT_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include <curl/curl.h>
#include <jansson.h>

#include "ctl.h"

#define IMPORT_JOBS_MAX    64
#define IMPORT_RETRIES     6
#define IMPORT_CHUNK       (64 * 1024)       /* bytes read at a time */
#define IMPORT_RECORD_MAX  (1024 * 1024)     /* bytes of one row */
#define IMPORT_CELLS_MAX   4096              /* cells of one CSV row */
#define IMPORT_BAD_MAX     10000             /* bad rows kept for the report */
#define IMPORT_BATCH_ROWS  500               /* rows a batch request */
#define IMPORT_BATCH_BYTES (512 * 1024)      /* bytes a batch request */
/* ids minted for rows without one: the ULID time of 2026-01-01T00:00:00Z
 * and 80 bits of BLAKE2b over the row's key (as tests/sample does) */
#define IMPORT_ID_TIME_MS  1767225600000ULL

struct bad {
	size_t line;
	char field[128];                /* JSON pointer in the body */
	char column[128];               /* CSV column, when known */
	char code[40];
	char msg[300];
	char value[80];                 /* the offending value, when short */
};

/* The report: the first IMPORT_BAD_MAX bad rows in full, how many in all,
 * and a count per column and code. */
struct report {
	struct bad *bad;
	size_t nbad, cap;
	uint64_t total;
	struct {
		char column[128], code[40];
		size_t n, first;
	} sum[32];
	size_t nsum;
};

struct idset {
	struct idslot {
		char *id;               /* NULL: free */
		unsigned char hash[32];
	} *s;
	size_t cap, n;
};

/*
 * The duplicate check: a 64-bit fingerprint (BLAKE2b) of every row's id
 * and the line it came from, 16 bytes a row. Two different ids share a
 * fingerprint with a chance of about n^2 / 2^65: none in any register.
 */
struct fpset {
	struct fp {
		uint64_t fp;            /* 0: free */
		size_t line;
	} *s;
	size_t cap, n;
};

struct src {
	FILE *f;
	FILE *spool;                    /* stdin's copy, for the second pass */
	char *buf;                      /* IMPORT_CHUNK bytes */
	size_t pos, len;
	int eof, err;
	uint64_t bytes;                 /* read so far */
};

struct sender;

struct pass {
	int write;                      /* 0: validate, 1: write */
	int csv;
	const char *origin;
	uint64_t rows;                  /* rows taken (valid, in pass 1) */
	struct report rp;               /* pass 1: bad rows */
	struct fpset seen;              /* pass 1: ids met */
	struct idset *have;             /* pass 1, dry run: what the node holds */
	uint64_t unchanged, would_update;
	struct sender *snd;             /* pass 2 */
};

/* One batch request: its body (a line {"body":..,"id":..} a row) and the
 * file line of each row. */
struct batch_job {
	CURL *easy;
	struct curl_slist *hdrs;
	struct ctl_resp resp;
	char *body;
	size_t blen, bcap;
	size_t *lines;                  /* IMPORT_BATCH_ROWS */
	size_t nrows;
	int busy;                       /* in the multi handle */
	int waiting;                    /* sent, failed, to be sent again */
	int attempts;
	int64_t at_ms;                  /* waiting: when */
};

struct sender {
	struct ctl *c;
	CURLM *m;
	struct batch_job *jobs;
	size_t njobs;
	struct batch_job *cur;          /* being filled */
	struct ctl_progress *pr;
	uint64_t created, updated, unchanged, failed, done, sent;
	struct report fail;             /* rows the node refused */
	int stopped;                    /* the node stopped answering */
	char stop_why[CURL_ERROR_SIZE + 64];
	int conn_fails;
};

/* ctl_import.c */
/* Count a bad row and keep it (the first IMPORT_BAD_MAX): the kept one,
 * or a scratch one past the limit. */
struct bad *ctl_imp_bad_add(struct report *rp, size_t line, const char *field,
    const char *column, const char *code, const char *msg);
/* The file, a chunk at a time: fill (0 at the end), the next byte or
 * the one after it without taking it (-1 at the end). */
int ctl_imp_src_fill(struct src *s);
int ctl_imp_src_getc(struct src *s);
int ctl_imp_src_peek(struct src *s);
/* One row's body (owned: released) with its id (NULL: derived): pass 1
 * checks it, pass 2 sends it. */
void ctl_imp_take_row(struct pass *ps, size_t line, const char *id,
    json_t *body);
/* 1 once the node stopped answering (pass 2): stop reading. */
int ctl_imp_stopped(const struct pass *ps);
struct idslot *ctl_imp_idset_find(struct idset *set, const char *id, int add);

/* ctl_import_csv.c: pass over a CSV file (delim 0: from its header). */
void ctl_imp_parse_csv(struct src *s, char delim, struct pass *ps);

/* ctl_import_send.c */
int ctl_imp_fetch_existing(struct ctl *c, const char *origin, uint64_t total,
    struct idset *set);
int ctl_imp_sender_init(struct sender *sd, struct ctl *c, size_t jobs,
    struct ctl_progress *pr);
/* Add a row (canonical body text) to the batch being filled; a full
 * batch is sent, waiting for a free slot when all are out. */
int ctl_imp_sender_row(struct sender *sd, size_t line, const char *id,
    const char *body, size_t blen);
/* Send what is left and wait for every reply. */
void ctl_imp_sender_drain(struct sender *sd);
void ctl_imp_sender_free(struct sender *sd);

#endif
