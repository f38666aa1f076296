/*
 * record_int.h: what record.c and record_format.c share, inside
 * protocol/ (not for node/ or tools/: record.h and record_schema.h are
 * the interface).
 */
#ifndef RECORD_INT_H
#define RECORD_INT_H

#include "record_schema.h"

/* The check of one string format, and how its failure is reported. */
struct record_format_check {
	int (*ok)(const char *);
	const char *code;  /* when ok() fails */
	const char *what;  /* "... must be <what>" */
};
extern const struct record_format_check record_format_checks[RFMT__COUNT];

static inline int
is_digit(int c)
{
	return c >= '0' && c <= '9';
}

static inline int
is_alnum(int c)
{
	return is_digit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

#endif
