/*
 * ini: see ini.h. The messages name no file or line: the caller adds
 * them ("nordfed.conf:4: ...").
 */
#include <string.h>

#include "ini.h"

_Static_assert(INI_LINE_MAX == 4096, "the message below says 4096");

void
ini_open(struct ini *in, FILE *fp)
{
	in->fp = fp;
	in->line = 0;
	in->buf[0] = '\0';
}

int
ini_read_line(FILE *fp, char *buf, size_t size, const char **why)
{
	size_t n = 0;
	int c, any = 0;

	while ((c = getc(fp)) != EOF) {
		any = 1;
		if (c == '\n')
			break;
		if (c == '\0') {
			*why = "NUL byte in line";
			return -1;
		}
		if (n + 1 >= size) {
			*why = size == INI_LINE_MAX + 1 ?
			    "line is longer than 4096 bytes" :
			    "line is too long";
			return -1;
		}
		buf[n++] = (char)c;
	}
	if (!any)
		return 0;
	if (n > 0 && buf[n - 1] == '\r')
		n--;
	buf[n] = '\0';
	return 1;
}

char *
ini_trim(char *s)
{
	char *e;

	while (*s == ' ' || *s == '\t')
		s++;
	e = s + strlen(s);
	while (e > s && (e[-1] == ' ' || e[-1] == '\t'))
		e--;
	*e = '\0';
	return s;
}

/* "[name]" or "[name ARG]" */
static enum ini_item
section(char *s, char **name, char **arg, const char **why)
{
	char *end = strchr(s, ']'), *a;

	if (end == NULL || *ini_trim(end + 1) != '\0') {
		*why = "section header must be [name] or [peer NAME]";
		return INI_ERROR;
	}
	*end = '\0';
	*name = ini_trim(s + 1);
	a = *name + strcspn(*name, " \t");
	if (*a != '\0')
		*a++ = '\0';
	*arg = ini_trim(a);
	return INI_SECTION;
}

enum ini_item
ini_next(struct ini *in, char **name, char **arg, const char **why)
{
	char *s, *eq;
	int r;

	while ((r = ini_read_line(in->fp, in->buf, sizeof(in->buf), why)) != 0) {
		in->line++;
		if (r < 0)
			return INI_ERROR;
		s = ini_trim(in->buf);
		if (*s == '\0' || *s == '#' || *s == ';')
			continue;
		if (*s == '[')
			return section(s, name, arg, why);
		if ((eq = strchr(s, '=')) == NULL) {
			*why = "expected \"key = value\", a [section] or a # "
			    "comment";
			return INI_ERROR;
		}
		*eq = '\0';
		*name = ini_trim(s);
		*arg = ini_trim(eq + 1);
		if (**name == '\0') {
			*why = "missing key before '='";
			return INI_ERROR;
		}
		return INI_PAIR;
	}
	return INI_END;
}
