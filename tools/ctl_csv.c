/*
 * ctl_csv: see ctl_csv.h. One pass over the bytes with one bit of state
 * (inside quotes or not); a cell grows in an nfbuf and is copied out
 * when it ends.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ctl_csv.h"

void
ctl_csv_init(struct ctl_csv *c, int (*get)(void *), int (*peek)(void *),
    int (*error)(void *), void *arg, char delim, size_t max_bytes,
    size_t max_cells)
{
	memset(c, 0, sizeof(*c));
	c->get = get;
	c->peek = peek;
	c->error = error;
	c->arg = arg;
	c->delim = delim;
	c->max_bytes = max_bytes;
	c->max_cells = max_cells;
	c->line = 1;
}

static int
push(struct ctl_csv *c, char ch)
{
	if (++c->total > c->max_bytes)
		return -1;
	return nfbuf_addc(&c->cell, ch);
}

/* End the cell being read: it becomes c->f[c->nf]. */
static int
end_cell(struct ctl_csv *c)
{
	if (c->nf == c->capf) {
		size_t cap = c->capf ? c->capf * 2 : 32;
		char **q;

		if (cap > c->max_cells)
			cap = c->max_cells;
		if (cap <= c->nf ||
		    (q = realloc(c->f, cap * sizeof(*q))) == NULL)
			return -1;
		c->f = q;
		c->capf = cap;
	}
	if (push(c, '\0') != 0)
		return -1;
	if ((c->f[c->nf] = strdup(c->cell.p)) == NULL)
		return -1;
	c->nf++;
	nfbuf_reset(&c->cell);
	return 0;
}

static void
clear(struct ctl_csv *c)
{
	size_t i;

	for (i = 0; i < c->nf; i++)
		free(c->f[i]);
	c->nf = 0;
	nfbuf_reset(&c->cell);
	c->total = 0;
}

/* Skip to the start of the next line (after a bad record). */
static void
resync(struct ctl_csv *c)
{
	int ch;

	while ((ch = c->get(c->arg)) != -1 && ch != '\n')
		;
	if (ch == '\n')
		c->line++;
}

/* A byte order mark at the very start is not part of the first cell. */
static void
skip_bom(struct ctl_csv *c)
{
	c->started = 1;
	if (c->peek(c->arg) != 0xef)
		return;
	(void)c->get(c->arg);
	if (c->peek(c->arg) == 0xbb) {
		(void)c->get(c->arg);
		if (c->peek(c->arg) == 0xbf) {
			(void)c->get(c->arg);
			return;
		}
		(void)push(c, (char)0xef);
		(void)push(c, (char)0xbb);
		return;
	}
	(void)push(c, (char)0xef);
}

static const char *
too_big(struct ctl_csv *c)
{
	if (c->max_bytes % (1024 * 1024) == 0)
		snprintf(c->why, sizeof(c->why), "the row is longer than %zu "
		    "MiB (or has more than %zu cells), or out of memory",
		    c->max_bytes / (1024 * 1024), c->max_cells);
	else
		snprintf(c->why, sizeof(c->why), "the row is longer than %zu "
		    "bytes (or has more than %zu cells), or out of memory",
		    c->max_bytes, c->max_cells);
	return c->why;
}

int
ctl_csv_next(struct ctl_csv *c, const char **why)
{
	int quoted = 0, any = 0, ch;

	clear(c);
	if (!c->started)
		skip_bom(c);
	any = c->cell.len > 0;
	while ((ch = c->get(c->arg)) != -1) {
		any = 1;
		if (quoted) {
			if (ch == '"') {
				if (c->peek(c->arg) == '"') {
					c->get(c->arg);
					if (push(c, '"') != 0)
						goto big;
				} else {
					int nx = c->peek(c->arg);

					quoted = 0;
					if (nx != -1 && nx != c->delim &&
					    nx != '\n' && nx != '\r') {
						*why = "a quoted field goes on "
						    "after its closing quote";
						resync(c);
						return -1;
					}
				}
			} else {
				if (ch == '\n')
					c->line++;
				if (push(c, (char)ch) != 0)
					goto big;
			}
			continue;
		}
		if (ch == '"' && c->cell.len == 0) {
			quoted = 1;
		} else if (ch == c->delim) {
			if (end_cell(c) != 0)
				goto big;
		} else if (ch == '\r' && c->peek(c->arg) == '\n') {
			continue;
		} else if (ch == '\n' || ch == '\r') {
			c->line++;
			if (end_cell(c) != 0)
				goto big_at_end;
			return 1;
		} else if (push(c, (char)ch) != 0) {
			goto big;
		}
	}
	if (c->error(c->arg)) {
		*why = "the file cannot be read";
		return -1;
	}
	if (quoted) {
		*why = "a quoted field is not closed before the end of the "
		    "file";
		return -1;
	}
	if (!any)
		return 0;
	if (end_cell(c) != 0)
		goto big_at_end;
	return 1;
big:
	*why = too_big(c);
	/* the rest of the quoted field ("" included), then of the line */
	while (quoted && (ch = c->get(c->arg)) != -1) {
		if (ch == '"' && c->peek(c->arg) == '"')
			(void)c->get(c->arg);
		else if (ch == '"')
			quoted = 0;
		else if (ch == '\n')
			c->line++;
	}
	resync(c);
	return -1;
big_at_end:
	*why = too_big(c);
	return -1;
}

void
ctl_csv_free(struct ctl_csv *c)
{
	clear(c);
	free(c->f);
	c->f = NULL;
	c->capf = 0;
	nfbuf_free(&c->cell);
}
