/*
 * http_parse: see http_parse.h. The grammar is RFC 9112 sections 2-3 and 5
 * (request line, field lines) and 6 (message body length), with every
 * leniency the RFC allows a recipient turned off.
 */
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "http_parse.h"

static const struct {
	unsigned m;
	const char *name;
} methods[] = {
    {HTTP_M_GET, "GET"},
    {HTTP_M_HEAD, "HEAD"},
    {HTTP_M_POST, "POST"},
    {HTTP_M_PUT, "PUT"},
    {HTTP_M_PATCH, "PATCH"},
    {HTTP_M_DELETE, "DELETE"},
    {HTTP_M_OPTIONS, "OPTIONS"},
    {HTTP_M_TRACE, "TRACE"},
    {HTTP_M_CONNECT, "CONNECT"},
};
#define NMETHODS (sizeof(methods) / sizeof(methods[0]))

const char *
http_method_name(unsigned m)
{
	size_t i;

	for (i = 0; i < NMETHODS; i++)
		if (methods[i].m == m)
			return methods[i].name;
	return "OTHER";
}

static int
fail(struct http_parse_err *e, int status, const char *code,
    const char *detail)
{
	e->status = status;
	e->code = code;
	snprintf(e->detail, sizeof(e->detail), "%s", detail);
	return -1;
}

/* tchar (RFC 9110 5.6.2) */
static int
is_tchar(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9') || (c != '\0' && strchr("!#$%&'*+-.^_`|~", c));
}

int
http_head_end(const char *p, size_t n, size_t *scan, size_t *skip,
    size_t *end, struct http_parse_err *e)
{
	const unsigned char *u = (const unsigned char *)p;
	size_t i, lead = 0;

	/* leading empty lines (RFC 9112 2.2: SHOULD ignore at least one) */
	while (lead + 1 < n && u[lead] == '\r' && u[lead + 1] == '\n' &&
	    lead / 2 < HTTP_LEADING_CRLF)
		lead += 2;
	i = *scan > lead ? *scan : lead;
	for (; i < n; i++) {
		if (u[i] == '\n') {
			if (i == 0 || u[i - 1] != '\r')
				return fail(e, 400, "bad_request",
				    "a line ends in LF without CR");
			/* CRLF CRLF ends the head */
			if (i >= lead + 3 && u[i - 2] == '\n') {
				*skip = lead;
				*end = i + 1;
				*scan = i + 1;
				return 1;
			}
		} else if (i > 0 && u[i - 1] == '\r') {
			return fail(e, 400, "bad_request",
			    "a CR that does not end a line");
		}
	}
	/* resume at the last byte: a trailing CR may still get its LF */
	*scan = n > lead ? n - 1 : lead;
	return 0;
}

/* Trim optional whitespace (SP, HTAB) at both ends of s[0..*len). */
static char *
trim_ows(char *s, size_t *len)
{
	while (*len > 0 && (*s == ' ' || *s == '\t')) {
		s++;
		(*len)--;
	}
	while (*len > 0 && (s[*len - 1] == ' ' || s[*len - 1] == '\t'))
		(*len)--;
	return s;
}

/* "a, b,c" contains token (case-insensitive) as a list element. */
static int
list_has(const char *v, const char *token)
{
	size_t tl = strlen(token);

	while (*v != '\0') {
		size_t n;

		while (*v == ' ' || *v == '\t' || *v == ',')
			v++;
		n = strcspn(v, ",");
		{
			size_t m = n;

			while (m > 0 && (v[m - 1] == ' ' || v[m - 1] == '\t'))
				m--;
			if (m == tl && strncasecmp(v, token, tl) == 0)
				return 1;
		}
		v += n;
	}
	return 0;
}

static int
parse_request_line(char *line, size_t len, struct http_head *h,
    struct http_parse_err *e)
{
	char *sp1, *sp2, *target, *version, *q;
	size_t i, mlen;

	sp1 = memchr(line, ' ', len);
	if (sp1 == NULL || sp1 == line)
		return fail(e, 400, "bad_request",
		    "the request line is not METHOD SP target SP version");
	mlen = (size_t)(sp1 - line);
	for (i = 0; i < mlen; i++)
		if (!is_tchar((unsigned char)line[i]))
			return fail(e, 400, "bad_request",
			    "the method is not a token");
	*sp1 = '\0';
	h->method_text = line;
	h->method = HTTP_M_OTHER;
	for (i = 0; i < NMETHODS; i++)
		if (strcmp(methods[i].name, line) == 0)
			h->method = methods[i].m;
	target = sp1 + 1;
	sp2 = memchr(target, ' ', len - (size_t)(target - line));
	if (sp2 == NULL || sp2 == target)
		return fail(e, 400, "bad_request",
		    "the request line is not METHOD SP target SP version");
	*sp2 = '\0';
	version = sp2 + 1;
	if ((size_t)(version - line) + 8 != len ||
	    strncmp(version, "HTTP/", 5) != 0 || version[5] < '0' ||
	    version[5] > '9' || version[6] != '.' || version[7] < '0' ||
	    version[7] > '9') {
		if (memchr(version, ' ', len - (size_t)(version - line)))
			return fail(e, 400, "bad_request",
			    "the request line has more than two spaces");
		return fail(e, 400, "bad_request",
		    "the request line does not end in HTTP/1.1 or HTTP/1.0");
	}
	if (version[5] != '1' || (version[7] != '0' && version[7] != '1'))
		return fail(e, 505, "http_version_not_supported",
		    "only HTTP/1.1 and HTTP/1.0 are served");
	h->minor = version[7] - '0';
	/* the target: visible ASCII only */
	for (q = target; *q != '\0'; q++)
		if ((unsigned char)*q <= 0x20 || (unsigned char)*q >= 0x7f)
			return fail(e, 400, "bad_request",
			    "the request target holds a byte that is not "
			    "visible ASCII");
	if (strchr(target, '#') != NULL)
		return fail(e, 400, "bad_request",
		    "a request target has no fragment");
	if (strcmp(target, "*") == 0) {
		if (h->method != HTTP_M_OPTIONS)
			return fail(e, 400, "bad_request",
			    "\"*\" is a target for OPTIONS only");
		h->path = target;
		return 0;
	}
	if (target[0] != '/') {
		/* absolute-form: scheme://authority/path */
		size_t sl;

		if (strncasecmp(target, "http://", 7) == 0)
			sl = 7;
		else if (strncasecmp(target, "https://", 8) == 0)
			sl = 8;
		else
			return fail(e, 400, "bad_request",
			    "the request target is neither /path nor an "
			    "http(s) URL");
		q = target + sl;
		q += strcspn(q, "/?");
		if (q == target + sl)
			return fail(e, 400, "bad_request",
			    "the request target's URL has no host");
		if (*q == '?') {
			/* "http://host?x": the path is "/" */
			h->query = q + 1;
			h->path = "/";
			return 0;
		}
		if (*q == '\0') {
			h->path = "/";
			return 0;
		}
		target = q;
	}
	q = strchr(target, '?');
	if (q != NULL) {
		*q = '\0';
		h->query = q + 1;
	}
	h->path = target;
	return 0;
}

int
http_head_parse(char *buf, size_t len, struct http_head *h,
    struct http_parse_err *e)
{
	char *line = buf, *end = buf + len, *eol;
	int have_host = 0, have_te = 0, conn_close = 0, conn_keep = 0;
	const char *expect = NULL;

	memset(h, 0, sizeof(*h));
	h->content_length = -1;
	e->status = 0;
	e->code = NULL;
	e->detail[0] = '\0';
	/* the request line */
	eol = memchr(line, '\r', (size_t)(end - line));
	if (eol == NULL || eol + 1 >= end || eol[1] != '\n')
		return fail(e, 400, "bad_request", "no request line");
	if (parse_request_line(line, (size_t)(eol - line), h, e) != 0)
		return -1;
	line = eol + 2;
	/* field lines, up to the empty line */
	for (;;) {
		char *colon, *name, *value;
		size_t vlen, i;

		eol = memchr(line, '\r', (size_t)(end - line));
		if (eol == NULL || eol + 1 >= end || eol[1] != '\n')
			return fail(e, 400, "bad_request",
			    "the head does not end in an empty line");
		if (eol == line)
			break;
		if (*line == ' ' || *line == '\t')
			return fail(e, 400, "bad_request",
			    "a header line starts with whitespace (obs-fold)");
		if (h->nhdr == HTTP_HEADERS_MAX)
			return fail(e, 431, "headers_too_large",
			    "more header lines than the node accepts");
		colon = memchr(line, ':', (size_t)(eol - line));
		if (colon == NULL || colon == line)
			return fail(e, 400, "bad_request",
			    "a header line is not name: value");
		for (name = line; name < colon; name++)
			if (!is_tchar((unsigned char)*name))
				return fail(e, 400, "bad_request",
				    "a header name holds whitespace or a "
				    "character that is not allowed");
		*colon = '\0';
		name = line;
		vlen = (size_t)(eol - colon - 1);
		value = trim_ows(colon + 1, &vlen);
		for (i = 0; i < vlen; i++) {
			unsigned char c = (unsigned char)value[i];

			if ((c < 0x20 && c != '\t') || c == 0x7f)
				return fail(e, 400, "bad_request",
				    "a header value holds a control "
				    "character");
		}
		value[vlen] = '\0';
		h->hdr[h->nhdr].name = name;
		h->hdr[h->nhdr].value = value;
		h->nhdr++;

		if (strcasecmp(name, "Content-Length") == 0) {
			int64_t n = 0;

			if (h->content_length >= 0)
				return fail(e, 400, "bad_request",
				    "Content-Length is given more than once");
			if (vlen == 0 || vlen > 18 ||
			    strspn(value, "0123456789") != vlen)
				return fail(e, 400, "bad_request",
				    "Content-Length is not a number of bytes");
			for (i = 0; i < vlen; i++)
				n = n * 10 + (value[i] - '0');
			h->content_length = n;
		} else if (strcasecmp(name, "Transfer-Encoding") == 0) {
			have_te = 1;
		} else if (strcasecmp(name, "Host") == 0) {
			if (have_host)
				return fail(e, 400, "bad_request",
				    "Host is given more than once");
			have_host = 1;
		} else if (strcasecmp(name, "Connection") == 0) {
			conn_close |= list_has(value, "close");
			conn_keep |= list_has(value, "keep-alive");
		} else if (strcasecmp(name, "Expect") == 0) {
			expect = value;
		}
		line = eol + 2;
	}
	if (have_te && h->content_length >= 0)
		return fail(e, 400, "bad_request",
		    "Transfer-Encoding and Content-Length together");
	if (have_te)
		return fail(e, 411, "length_required",
		    "request bodies need a Content-Length; "
		    "Transfer-Encoding is not accepted");
	if (h->minor == 1 && !have_host)
		return fail(e, 400, "bad_request",
		    "an HTTP/1.1 request needs a Host header");
	if (expect != NULL) {
		if (strcasecmp(expect, "100-continue") != 0)
			return fail(e, 417, "expectation_failed",
			    "the only expectation served is 100-continue");
		h->expect_continue = h->minor == 1;
	}
	h->keep_alive = h->minor == 1 ? !conn_close : (conn_keep && !conn_close);
	if (h->method == HTTP_M_OTHER)
		return fail(e, 501, "not_implemented",
		    "the method is not one this node serves");
	return 0;
}

const char *
http_head_get(const struct http_head *h, const char *name)
{
	size_t i;

	for (i = 0; i < h->nhdr; i++)
		if (strcasecmp(h->hdr[i].name, name) == 0)
			return h->hdr[i].value;
	return NULL;
}
