/*
 * ini: the one reader of nordfed.conf's line format, for the node
 * (node/conf.c, which gives the names their meaning) and for nordfedctl -c
 * (tools/ctl_util.c, which reads the few options it needs). A file is
 * lines of at most INI_LINE_MAX bytes, LF or CRLF ended, without NUL
 * bytes: blank, a comment (# or ;), a section header "[name]" or
 * "[name ARG]", or "key = value". Spaces and tabs around names, ARG and
 * values are not part of them.
 *
 * Ownership: the FILE is borrowed; the strings ini_next hands out point
 * into the struct ini and live until the next call.
 */
#ifndef INI_H
#define INI_H

#include <stdio.h>

#define INI_LINE_MAX 4096

struct ini {
	FILE *fp;                       /* borrowed */
	int line;                       /* lines read so far (the item's) */
	char buf[INI_LINE_MAX + 1];
};

enum ini_item {
	INI_ERROR = -1,                 /* *why says what; the line is lost */
	INI_END = 0,                    /* end of the file, or a read error:
	                                   ferror(fp) says which */
	INI_SECTION = 1,                /* *name, *arg ("" when none) */
	INI_PAIR = 2,                   /* *name the key (not empty), *arg
	                                   the value (may be empty) */
};

void ini_open(struct ini *in, FILE *fp);

/* The next section header or key = value of the file, past blank lines
 * and comments. */
enum ini_item ini_next(struct ini *in, char **name, char **arg,
    const char **why);

/*
 * One line of fp into buf (size bytes) without its LF or a CR before it:
 * 1 for a line, 0 at the end of the file, -1 when the line does not fit
 * (the rest of it is not read) or holds a NUL byte (*why says which).
 * For files of lines that are not INI (a token file, a password file).
 */
int ini_read_line(FILE *fp, char *buf, size_t size, const char **why);

/* s without the spaces and tabs at either end (in place). */
char *ini_trim(char *s);

#endif
