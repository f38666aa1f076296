/* nferr: see nferr.h. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "nferr.h"

int
nferr_set(struct nferr *err, const char *code, const char *field,
    const char *fmt, ...)
{
	va_list ap;

	if (err == NULL)
		return -1;
	err->code = code;
	snprintf(err->field, sizeof(err->field), "%s", field ? field : "");
	va_start(ap, fmt);
	vsnprintf(err->msg, sizeof(err->msg), fmt, ap);
	va_end(ap);
	return -1;
}

void
nferr_clear(struct nferr *err)
{
	if (err == NULL)
		return;
	err->code = NULL;
	err->field[0] = '\0';
	err->msg[0] = '\0';
}
