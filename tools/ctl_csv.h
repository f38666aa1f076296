/*
 * ctl_csv: an RFC 4180 reader, a record at a time, for `nordfedctl
 * import` (ctl_import_csv.c maps the cells to organisations). Quoted
 * fields may hold the delimiter, "" for a quote and line breaks; a record
 * ends at LF, CRLF or a lone CR; a UTF-8 byte order mark at the start of
 * the input is skipped. Bytes pass through as they are: whether a cell is
 * UTF-8 is the caller's question. A record is bounded (max_bytes, its
 * cells and a NUL each; max_cells); a record over either bound, or one
 * with text after a closing quote, is an error and the reader goes on at
 * the next line.
 *
 * Ownership: the cells belong to the reader and live until the next
 * ctl_csv_next or ctl_csv_free; the input is borrowed.
 */
#ifndef CTL_CSV_H
#define CTL_CSV_H

#include <stddef.h>

#include "nfbuf.h"

struct ctl_csv {
	/* the input, set by the caller: the next byte (taken, or only
	 * looked at), -1 at the end or on an error; error() nonzero after
	 * a read error */
	int (*get)(void *arg);
	int (*peek)(void *arg);
	int (*error)(void *arg);
	void *arg;                      /* borrowed */
	char delim;                     /* ',' or ';' */
	size_t max_bytes, max_cells;

	size_t line;                    /* of the next byte, from 1 */
	char **f;                       /* the cells of the last record */
	size_t nf;

	/* private */
	size_t capf, total;
	struct nfbuf cell;
	int started;
	char why[160];
};

/* Set up c to read with get/peek/error over arg. */
void ctl_csv_init(struct ctl_csv *c, int (*get)(void *), int (*peek)(void *),
    int (*error)(void *), void *arg, char delim, size_t max_bytes,
    size_t max_cells);

/* The next record into c->f[0..c->nf): 1, 0 at the end of the input, -1
 * on an error (*why says what, valid until the next call). */
int ctl_csv_next(struct ctl_csv *c, const char **why);

/* Free the cells and the buffers. */
void ctl_csv_free(struct ctl_csv *c);

#endif
