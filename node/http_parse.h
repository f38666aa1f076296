/*
 * http_parse: the node's HTTP/1.1 request-head parser (RFC 9112), strict.
 *
 * Pure functions on bytes: no I/O, no libevent, no allocation. The
 * connection layer (http_conn.c) finds the end of a head with
 * http_head_end(), copies the head into a buffer it owns, and parses it
 * in place with http_head_parse(), which NUL-terminates the pieces it
 * points at. Anything the grammar does not allow is refused with the
 * status, the stable problem code and a detail for people, so the caller
 * answers problem+json and closes the connection: no second request is
 * ever read from a connection whose framing was in doubt.
 *
 * What is refused (docs/configuration.md, "The HTTP edge"):
 *   - a line that ends in a bare LF or holds a bare CR          400
 *   - a request line that is not "METHOD SP target SP HTTP/1.x" 400
 *   - a method that is a token but not one the node knows       501
 *   - HTTP versions other than 1.0 and 1.1                      505
 *   - a target that is not origin-form ("/...") or absolute-form
 *     ("http(s)://host/..."), or "*" on OPTIONS; a fragment      400
 *   - a header name that is not a token (whitespace before the colon,
 *     control characters), obs-fold, NUL or another control character
 *     in a value                                                  400
 *   - more than HTTP_HEADERS_MAX header lines                     431
 *   - Content-Length that is not digits, given twice (even equal) or
 *     as a list                                                   400
 *   - Transfer-Encoding with Content-Length                       400
 *   - Transfer-Encoding without it (chunked request bodies)       411
 *   - no Host in HTTP/1.1, or Host given twice                    400
 *   - Expect other than 100-continue                              417
 */
#ifndef HTTP_PARSE_H
#define HTTP_PARSE_H

#include <stddef.h>
#include <stdint.h>

#define HTTP_HEADERS_MAX 64   /* header lines in a request, else 431 */
#define HTTP_METHOD_MAX 32    /* bytes of a method token we keep */
#define HTTP_LEADING_CRLF 4   /* empty lines tolerated before a request */

/* Methods: the same bit values as libevent's EVHTTP_REQ_* (http.h maps
 * HTTP_GET... onto these), so route tables stay as they are. */
enum http_method {
	HTTP_M_GET = 1 << 0,
	HTTP_M_POST = 1 << 1,
	HTTP_M_HEAD = 1 << 2,
	HTTP_M_PUT = 1 << 3,
	HTTP_M_DELETE = 1 << 4,
	HTTP_M_OPTIONS = 1 << 5,
	HTTP_M_TRACE = 1 << 6,
	HTTP_M_CONNECT = 1 << 7,
	HTTP_M_PATCH = 1 << 8,
	HTTP_M_OTHER = 1 << 15 /* a token we do not know: 501 */
};

struct http_hdr {
	const char *name;  /* NUL-terminated, as sent (any case) */
	const char *value; /* NUL-terminated, leading/trailing OWS removed */
};

/* A parsed head. Every pointer points into the buffer given to
 * http_head_parse and lives as long as that buffer. */
struct http_head {
	unsigned method;       /* one enum http_method bit */
	const char *method_text;
	const char *path;      /* "/..." raw (percent-encoded), or "*" */
	const char *query;     /* after '?', raw; NULL when there is none */
	int minor;             /* HTTP/1.<minor>: 0 or 1 */
	struct http_hdr hdr[HTTP_HEADERS_MAX];
	size_t nhdr;
	int64_t content_length; /* -1: none given */
	int keep_alive;         /* the connection may carry another request */
	int expect_continue;    /* Expect: 100-continue */
};

/* Why a head was refused: status, stable code, detail for people. */
struct http_parse_err {
	int status;
	const char *code;
	char detail[160];
};

/*
 * Look for the end of a head in p[0..n). *scan is where the previous call
 * stopped (0 the first time; the caller keeps it between calls as more
 * bytes arrive). Returns 1 with *end the length of the head including its
 * final empty line, 0 when more bytes are needed, -1 with e filled for a
 * bare LF or CR. Leading empty lines (at most HTTP_LEADING_CRLF) are part
 * of the head; *skip tells how many bytes of them start it.
 */
int http_head_end(const char *p, size_t n, size_t *scan, size_t *skip,
    size_t *end, struct http_parse_err *e);

/*
 * Parse the head in buf[0..len) (the bytes http_head_end delimited, minus
 * the leading empty lines), writing NULs into buf. 0, or -1 with e filled
 * (status 400, 411, 417, 431, 501 or 505).
 */
int http_head_parse(char *buf, size_t len, struct http_head *h,
    struct http_parse_err *e);

/* The first header called name (case-insensitive), NULL when absent. */
const char *http_head_get(const struct http_head *h, const char *name);

/* The method's name ("GET"), "OTHER" for HTTP_M_OTHER. */
const char *http_method_name(unsigned m);

#endif
