/*
 * http_route: the route table of the HTTP server (http.h, "A route"):
 * patterns, registration, and matching a request's path to the best
 * pattern. Shared with http.c through http_int.h.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "http_int.h"
#include "log.h"

/* The methods a route may take, in the order Allow lists them. */
static const unsigned allow_order[] = {HTTP_GET, HTTP_HEAD, HTTP_POST,
    HTTP_PUT, HTTP_PATCH, HTTP_DELETE, HTTP_OPTIONS};
#define NALLOW (sizeof(allow_order) / sizeof(allow_order[0]))

/* ---- patterns and routes ---------------------------------------------- */

void
http_pattern_free(struct http_pattern *p)
{
	size_t i;

	free(p->text);
	for (i = 0; i < p->nseg; i++)
		free(p->seg[i]);
	free(p->stats);
	memset(p, 0, sizeof(*p));
}

/* Parse text into p (zeroed by the caller). 0 or -1 with why. */
static int
pattern_parse(const char *text, struct http_pattern *p, const char **why)
{
	const char *s = text, *e;
	size_t len, i, j;

	if (text == NULL || text[0] != '/' || strlen(text) >= HTTP_PATH_MAX) {
		*why = "must start with '/' and be shorter than HTTP_PATH_MAX";
		return -1;
	}
	p->text = strdup(text);
	if (p->text == NULL) {
		*why = "out of memory";
		return -1;
	}
	if (strcmp(text, "/") == 0)
		return 0;
	while (*s == '/') {
		s++;
		e = strchr(s, '/');
		len = e ? (size_t)(e - s) : strlen(s);
		if (len == 0) {
			*why = "empty segment";
			return -1;
		}
		if (p->nseg == HTTP_SEGMENTS_MAX) {
			*why = "too many segments";
			return -1;
		}
		i = p->nseg;
		if (s[0] == '{') {
			if (len < 3 || s[len - 1] != '}') {
				*why = "a parameter is a whole segment {name}";
				return -1;
			}
			p->is_param[i] = 1;
			p->seg[i] = strndup(s + 1, len - 2);
		} else {
			p->seg[i] = strndup(s, len);
		}
		if (p->seg[i] == NULL) {
			*why = "out of memory";
			return -1;
		}
		p->nseg++;
		for (j = 0; p->seg[i][j] != '\0'; j++) {
			unsigned char c = (unsigned char)p->seg[i][j];

			if (p->is_param[i]
			        ? !(islower(c) || isdigit(c) || c == '_')
			        : !(isalnum(c) ||
			              strchr("-._~:@!$&'()*+,;=", c) != NULL)) {
				*why = "bad character (parameters: a-z 0-9 _; "
				       "literals: unreserved characters, no %)";
				return -1;
			}
		}
		if (p->is_param[i]) {
			for (j = 0; j < i; j++) {
				if (p->is_param[j] &&
				    strcmp(p->seg[j], p->seg[i]) == 0) {
					*why = "parameter name used twice";
					return -1;
				}
			}
		}
		s += len;
	}
	if (*s != '\0') {
		*why = "trailing '/'";
		return -1;
	}
	return 0;
}

/* Same shape: same literals at the same places, params at the same places. */
static int
pattern_same_shape(const struct http_pattern *a, const struct http_pattern *b)
{
	size_t i;

	if (a->nseg != b->nseg)
		return 0;
	for (i = 0; i < a->nseg; i++) {
		if (a->is_param[i] != b->is_param[i])
			return 0;
		if (!a->is_param[i] && strcmp(a->seg[i], b->seg[i]) != 0)
			return 0;
	}
	return 1;
}

unsigned
http_allowed_methods(const struct http_server *srv)
{
	unsigned m = HTTP_GET | HTTP_HEAD | HTTP_OPTIONS;
	size_t i;

	for (i = 0; i < srv->nroutes; i++)
		m |= srv->routes[i].methods;
	return m;
}

int
http_route_add(
    struct http_server *srv, const struct http_route *route, void *arg)
{
	struct http_pattern np, *p;
	struct route_entry *re;
	const char *why = NULL;
	size_t pi;

	memset(&np, 0, sizeof(np));
	if (route->handler == NULL || route->methods == 0 ||
	    (route->methods &
	        ~(unsigned)(HTTP_GET | HTTP_HEAD | HTTP_POST | HTTP_PUT |
	                    HTTP_DELETE | HTTP_OPTIONS | HTTP_PATCH)) != 0) {
		log_error("http: route %s: no handler or bad methods",
		    route->pattern ? route->pattern : "(null)");
		return -1;
	}
	if (pattern_parse(route->pattern, &np, &why) == -1) {
		log_error("http: route pattern \"%s\": %s",
		    route->pattern ? route->pattern : "(null)", why);
		http_pattern_free(&np);
		return -1;
	}
	for (pi = 1; pi < srv->npatterns; pi++) {
		p = &srv->patterns[pi];
		if (strcmp(p->text, np.text) == 0)
			break;
		if (pattern_same_shape(p, &np)) {
			log_error("http: route pattern %s conflicts with %s",
			    np.text, p->text);
			http_pattern_free(&np);
			return -1;
		}
	}
	if (pi < srv->npatterns) {
		http_pattern_free(&np);
		p = &srv->patterns[pi];
		if (p->methods & route->methods) {
			log_error(
			    "http: %s: a method is routed twice", p->text);
			return -1;
		}
	} else {
		if (srv->npatterns == srv->cappatterns) {
			size_t ncap = srv->cappatterns * 2;
			void *n = realloc(srv->patterns, ncap * sizeof(np));

			if (n == NULL) {
				http_pattern_free(&np);
				return -1;
			}
			srv->patterns = n;
			srv->cappatterns = ncap;
		}
		srv->patterns[pi] = np;
		srv->npatterns++;
		p = &srv->patterns[pi];
	}
	if (srv->nroutes == srv->caproutes) {
		size_t ncap = srv->caproutes ? srv->caproutes * 2 : 16;
		void *n = realloc(srv->routes, ncap * sizeof(*re));

		if (n == NULL)
			return -1;
		srv->routes = n;
		srv->caproutes = ncap;
	}
	re = &srv->routes[srv->nroutes++];
	re->pattern = pi;
	re->methods = route->methods;
	re->handler = route->handler;
	re->arg = arg;
	re->flags = route->flags;
	re->query = route->query;
	p->methods |= route->methods;
	return 0;
}

int
http_routes_add(struct http_server *srv, const struct http_route *routes,
    size_t n, void *arg)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (http_route_add(srv, &routes[i], arg) == -1)
			return -1;
	return 0;
}

/* Split the raw path at '/' into segs (pointers into buf). -1: too many. */
int
http_split_path(char *buf, char **segs, size_t *nseg)
{
	char *s = buf + 1;

	*nseg = 0;
	if (*s == '\0')
		return 0; /* "/" */
	for (;;) {
		char *e = strchr(s, '/');

		if (*nseg == HTTP_SEGMENTS_MAX)
			return -1;
		segs[(*nseg)++] = s;
		if (e == NULL)
			return 0;
		*e = '\0';
		s = e + 1;
	}
}

/* The best pattern for segs, or 0. */
size_t
http_match_pattern(const struct http_server *srv, char **segs, size_t nseg)
{
	size_t best = 0, i, k;

	for (i = 1; i < srv->npatterns; i++) {
		const struct http_pattern *p = &srv->patterns[i];

		if (p->nseg != nseg)
			continue;
		for (k = 0; k < nseg; k++) {
			if (p->is_param[k] ? segs[k][0] == '\0'
			                   : strcmp(p->seg[k], segs[k]) != 0)
				break;
		}
		if (k < nseg)
			continue;
		if (best == 0) {
			best = i;
			continue;
		}
		/* A literal at the first difference wins. */
		for (k = 0; k < nseg; k++) {
			const struct http_pattern *b = &srv->patterns[best];

			if (p->is_param[k] != b->is_param[k]) {
				if (!p->is_param[k])
					best = i;
				break;
			}
		}
	}
	return best;
}

void
http_allow_header(struct http_req *r, unsigned methods)
{
	char allow[128] = "";
	size_t i, off = 0;

	if (methods & HTTP_GET)
		methods |= HTTP_HEAD;
	methods |= HTTP_OPTIONS;
	for (i = 0; i < NALLOW; i++) {
		if (!(methods & allow_order[i]))
			continue;
		off += (size_t)snprintf(allow + off, sizeof(allow) - off,
		    "%s%s", off ? ", " : "", http_method_name(allow_order[i]));
		if (off >= sizeof(allow))
			break;
	}
	http_add_header(r, "Allow", allow);
}

int
http_route_unparked(const struct http_server *srv, const char *path)
{
	char buf[HTTP_PATH_MAX + 1], *segs[HTTP_SEGMENTS_MAX];
	size_t nseg = 0, pi, i, len = strlen(path);

	if (len > HTTP_PATH_MAX || path[0] != '/')
		return 0;
	memcpy(buf, path, len + 1);
	if (http_split_path(buf, segs, &nseg) != 0 ||
	    (pi = http_match_pattern(srv, segs, nseg)) == 0)
		return 0;
	for (i = 0; i < srv->nroutes; i++)
		if (srv->routes[i].pattern == pi &&
		    (srv->routes[i].flags & HTTP_UNPARKED))
			return 1;
	return 0;
}
