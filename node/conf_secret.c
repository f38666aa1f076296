/*
 * conf_secret: the secret files the configuration names, read at load
 * time (conf.h): the token file (node.token_file: "name token" lines, a
 * scoped one "name token org=ID", kept as BLAKE2b-256 hashes and found
 * in constant time) and the [mail] relay's login (mail.credentials_file:
 * one line "user:password"), and what an e-mail address may be. Both
 * files must pass conf_check_secret_fd. Shares conf_int.h with conf.c.
 */
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sodium.h>

#include "conf.h"
#include "conf_int.h"
#include "ini.h"
#include "record.h"

#define TOKEN_MIN 32
#define TOKEN_MAX 256

static int
is_token_char(int c)
{
	return isalnum(c) || strchr("-._~+/=", c) != NULL;
}

/* ---- the token file --------------------------------------------------- */

static int
token_hash(const char *token, size_t len, unsigned char out[CONF_TOKEN_HASH])
{
	return crypto_generichash(
	    out, CONF_TOKEN_HASH, (const unsigned char *)token, len, NULL, 0);
}

/* org=ID of a token line: an organisation id of this node's country. */
static int
scope_check(const struct conf *c, const char *id)
{
	char o[RECORD_ORIGIN_SIZE];
	enum record_type t;

	if (record_id_parse(id, o, &t, NULL) != 0 || t != REC_ORGANISATION ||
	    strcmp(o, c->country) != 0)
		return -1;
	return 0;
}

int
conf_tokens_load(struct conf *c, int conf_line, struct nferr *err)
{
	char line[CONF_LINE_MAX + 1], pre[300];
	const char *why = NULL;
	int fd, lineno = 0, r, rc = -1;
	FILE *fp = NULL;
	size_t cap = 0;

	snprintf(pre, sizeof(pre), "%s:%d: token_file", c->path, conf_line);
	fd = open(c->token_file, O_RDONLY | O_CLOEXEC);
	if (fd == -1)
		return nferr_set(err, "conf_io", "node.token_file",
		    "%s: cannot open %s: %s", pre, c->token_file,
		    strerror(errno));
	if (conf_check_secret_fd(fd, c->token_file, pre, err) == -1) {
		snprintf(err->field, sizeof(err->field), "node.token_file");
		close(fd);
		return -1;
	}
	fp = fdopen(fd, "r");
	if (fp == NULL) {
		close(fd);
		return nferr_set(err, "conf_io", "node.token_file",
		    "%s: %s: %s", pre, c->token_file, strerror(errno));
	}
	while ((r = ini_read_line(fp, line, sizeof(line), &why)) != 0) {
		char *s, *name, *tok, *rest, *scope;
		struct conf_token *t;
		size_t i, tl;

		lineno++;
		if (r < 0) {
			nferr_set(err, "conf_syntax", "node.token_file",
			    "%s:%d: %s", c->token_file, lineno, why);
			goto out;
		}
		s = ini_trim(line);
		if (*s == '\0' || *s == '#')
			continue;
		name = s;
		s += strcspn(s, " \t");
		if (*s != '\0')
			*s++ = '\0';
		tok = ini_trim(s);
		rest = tok + strcspn(tok, " \t");
		scope = NULL;
		if (*rest != '\0') {
			*rest++ = '\0';
			scope = ini_trim(rest);
		}
		if (*tok == '\0' || (scope != NULL &&
		    (strncmp(scope, "org=", 4) != 0 ||
		    scope[strcspn(scope, " \t")] != '\0'))) {
			nferr_set(err, "conf_syntax", "node.token_file",
			    "%s:%d: expected \"name token\" or \"name token "
			    "org=ORGANISATION\"", c->token_file, lineno);
			goto out;
		}
		if (scope != NULL && scope_check(c, scope + 4) != 0) {
			nferr_set(err, "conf_value", "node.token_file",
			    "%s:%d: org=%.64s: not an organisation id of this "
			    "node's country (%s), such as %c%c:org:ULID",
			    c->token_file, lineno, scope + 4, c->country,
			    c->country[0] | 0x20, c->country[1] | 0x20);
			goto out;
		}
		for (i = 0; name[i] != '\0'; i++)
			if (!conf_name_char((unsigned char)name[i]))
				break;
		if (name[i] != '\0' || i >= CONF_NAME_MAX) {
			nferr_set(err, "conf_value", "node.token_file",
			    "%s:%d: token name must be 1-%d letters, digits, "
			    "'.', '_' or '-'",
			    c->token_file, lineno, CONF_NAME_MAX - 1);
			goto out;
		}
		tl = strlen(tok);
		for (i = 0; i < tl; i++)
			if (!is_token_char((unsigned char)tok[i]))
				break;
		if (i < tl || tl < TOKEN_MIN || tl > TOKEN_MAX) {
			nferr_set(err, "conf_value", "node.token_file",
			    "%s:%d: token of %s must be %d-%d characters "
			    "A-Z a-z 0-9 - . _ ~ + / =",
			    c->token_file, lineno, name, TOKEN_MIN, TOKEN_MAX);
			goto out;
		}
		if (c->ntokens == CONF_MAX_TOKENS) {
			nferr_set(err, "conf_value", "node.token_file",
			    "%s:%d: more than %d tokens", c->token_file, lineno,
			    CONF_MAX_TOKENS);
			goto out;
		}
		if (c->ntokens == cap) {
			size_t ncap = cap ? cap * 2 : 8;
			struct conf_token *nt = calloc(ncap, sizeof(*nt));

			if (nt == NULL) {
				nferr_set(err, "conf_io", "node.token_file",
				    "out of memory");
				goto out;
			}
			if (c->tokens != NULL) {
				memcpy(nt, c->tokens, c->ntokens * sizeof(*nt));
				sodium_memzero(
				    c->tokens, c->ntokens * sizeof(*nt));
				free(c->tokens);
			}
			c->tokens = nt;
			cap = ncap;
		}
		t = &c->tokens[c->ntokens];
		snprintf(t->name, sizeof(t->name), "%s", name);
		snprintf(t->org, sizeof(t->org), "%s", scope ? scope + 4 : "");
		token_hash(tok, tl, t->hash);
		for (i = 0; i < c->ntokens; i++) {
			if (strcmp(c->tokens[i].name, name) == 0 ||
			    sodium_memcmp(c->tokens[i].hash, t->hash,
			        CONF_TOKEN_HASH) == 0) {
				nferr_set(err, "conf_duplicate",
				    "node.token_file",
				    "%s:%d: token %s: the "
				    "name or the token is already used by %s",
				    c->token_file, lineno, name,
				    c->tokens[i].name);
				sodium_memzero(t, sizeof(*t));
				goto out;
			}
		}
		c->ntokens++;
	}
	rc = 0;
out:
	sodium_memzero(line, sizeof(line));
	fclose(fp);
	return rc;
}

const struct conf_token *
conf_token_lookup(const struct conf *c, const char *token)
{
	unsigned char h[CONF_TOKEN_HASH];
	const struct conf_token *found = NULL;
	size_t i, len;

	if (c == NULL || token == NULL)
		return NULL;
	len = strnlen(token, TOKEN_MAX + 1);
	if (len < TOKEN_MIN || len > TOKEN_MAX)
		return NULL;
	if (token_hash(token, len, h) != 0)
		return NULL;
	/* Look at every entry: the time taken does not say which matched. */
	for (i = 0; i < c->ntokens; i++)
		if (sodium_memcmp(h, c->tokens[i].hash, CONF_TOKEN_HASH) == 0)
			found = &c->tokens[i];
	sodium_memzero(h, sizeof(h));
	return found;
}

const char *
conf_token_find(const struct conf *c, const char *token)
{
	const struct conf_token *t = conf_token_lookup(c, token);

	return t != NULL && t->org[0] == '\0' ? t->name : NULL;
}

const struct conf_token *
conf_token_named(const struct conf *c, const char *name)
{
	size_t i;

	for (i = 0; c != NULL && name != NULL && i < c->ntokens; i++)
		if (strcmp(c->tokens[i].name, name) == 0)
			return &c->tokens[i];
	return NULL;
}

int
conf_email_valid(const char *s)
{
	const char *at = s ? strchr(s, '@') : NULL;
	const unsigned char *p;

	if (at == NULL || at == s || at[1] == '\0' || strchr(at + 1, '@') ||
	    strlen(s) > 254)
		return 0;
	for (p = (const unsigned char *)s; *p; p++)
		if (*p <= 0x20 || *p == 0x7f || *p == '<' || *p == '>' ||
		    *p == ',' || *p == ';' || *p == '"' || *p == '\\')
			return 0;
	return 1;
}

/* ---- [mail] ----------------------------------------------------------- */

/* The relay's login from credentials_file: one line "user:password". */
int
conf_mail_credentials_load(struct conf *c, int conf_line, struct nferr *err)
{
	char line[CONF_LINE_MAX + 1], pre[300];
	const char *why = NULL;
	FILE *fp;
	char *s, *colon;
	int fd, r, rc = -1;

	snprintf(pre, sizeof(pre), "%s:%d: credentials_file", c->path,
	    conf_line);
	fd = open(c->mail_credentials_file, O_RDONLY | O_CLOEXEC);
	if (fd == -1)
		return nferr_set(err, "conf_io", "mail.credentials_file",
		    "%s: cannot open %s: %s", pre, c->mail_credentials_file,
		    strerror(errno));
	if (conf_check_secret_fd(fd, c->mail_credentials_file, pre, err) ==
	    -1) {
		snprintf(err->field, sizeof(err->field),
		    "mail.credentials_file");
		close(fd);
		return -1;
	}
	if ((fp = fdopen(fd, "r")) == NULL) {
		close(fd);
		return nferr_set(err, "conf_io", "mail.credentials_file",
		    "%s: %s", pre, strerror(errno));
	}
	r = ini_read_line(fp, line, sizeof(line), &why);
	if (r <= 0) {
		nferr_set(err, "conf_syntax", "mail.credentials_file",
		    "%s: %s: %s", pre, c->mail_credentials_file,
		    r < 0 ? why : "empty: one line \"user:password\"");
		goto out;
	}
	s = line;
	colon = strchr(s, ':');
	if (colon == NULL || colon == s || colon[1] == '\0') {
		nferr_set(err, "conf_syntax", "mail.credentials_file",
		    "%s: %s: one line \"user:password\", both non-empty", pre,
		    c->mail_credentials_file);
		goto out;
	}
	if ((c->mail_credentials = conf_xstrdup(s)) == NULL) {
		nferr_set(err, "conf_io", "mail.credentials_file",
		    "out of memory");
		goto out;
	}
	rc = 0;
out:
	sodium_memzero(line, sizeof(line));
	fclose(fp);
	return rc;
}
