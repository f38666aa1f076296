/*
 * conf_int: what conf.c (the option table and the parser) and
 * conf_secret.c (the token file and the relay's login) share. Private to
 * those two files; everything else uses conf.h.
 */
#ifndef CONF_INT_H
#define CONF_INT_H

#include "conf.h"
#include "nferr.h"

/* A malloc'd copy of s, NULL when out of memory. */
char *conf_xstrdup(const char *s);
/* A character of a peer's or a token's name: letters, digits, . _ - */
int conf_name_char(int c);

/* Read c->token_file (named on line conf_line of the config) into
 * c->tokens. 0, or -1 with err (conf_io, conf_insecure, conf_syntax,
 * conf_value); the secrets are wiped from memory. */
int conf_tokens_load(struct conf *c, int conf_line, struct nferr *err);
/* Read c->mail_credentials_file into c->mail_credentials. 0 or -1 with
 * err. */
int conf_mail_credentials_load(struct conf *c, int conf_line,
    struct nferr *err);

#endif
