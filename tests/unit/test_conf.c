/*
 * test_conf: the configuration loader. The example loads; defaults are
 * applied; every kind of error names the file and the line; the token file
 * is refused when group or others may read it; the reference lists every
 * option; conf_check_host refuses a missing data directory, the node's own
 * key pinned for a peer and an unreadable ca_file. Runs from the repository root (conf/nordfed.conf.example).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <fcntl.h>
#include <ftw.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sodium.h>

#include "conf.h"
#include "log.h"

#define KEY_A "11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo"
#define KEY_B "PUAXw-hDiVqStwqnTRt-vJyYLM8uxJaMwM1V8Sr0Zgw"
#define KEY_C "_FHNjmIYoaONpH7QAjDwWAgW7RO6MwOsXeuRFUiQgCU"
#define TOKEN_1 "tok1-abcdefghijklmnopqrstuvwxyz0123456789"
#define TOKEN_2 "tok2-ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
#define ORG_SE "se:org:01JD3K6QWZ8M4T5V7X9Y0A1B2C"

static char dir[64];
static char conf_path[128];

static const char base_conf[] = "[node]\n"               /* 1 */
                                "country = SE\n"         /* 2 */
                                "key_file = node.key\n"; /* 3 */

static int
rm_cb(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	return remove(path);
}

static int
group_setup(void **state)
{
	(void)state;
	snprintf(dir, sizeof(dir), "/tmp/nf-test-conf.XXXXXX");
	if (mkdtemp(dir) == NULL)
		return -1;
	snprintf(conf_path, sizeof(conf_path), "%s/nordfed.conf", dir);
	log_init(LOG_LEVEL_ERROR);
	return 0;
}

static int
group_teardown(void **state)
{
	(void)state;
	return nftw(dir, rm_cb, 8, FTW_DEPTH | FTW_PHYS);
}

static void
write_file(const char *path, const char *text, mode_t mode)
{
	FILE *fp;

	unlink(path);
	fp = fopen(path, "w");
	assert_non_null(fp);
	assert_int_equal(fputs(text, fp) >= 0, 1);
	assert_int_equal(fclose(fp), 0);
	assert_int_equal(chmod(path, mode), 0);
}

static int
load_text(const char *text, struct conf *c, struct nferr *err)
{
	write_file(conf_path, text, 0644);
	nferr_clear(err);
	return conf_load(conf_path, c, err);
}

/* Loading text fails with code at line, the message containing what. */
static void
expect_error(const char *text, int line, const char *code, const char *what)
{
	struct conf c;
	struct nferr err;
	char prefix[200];

	assert_int_equal(load_text(text, &c, &err), -1);
	snprintf(prefix, sizeof(prefix), "%s:%d: ", conf_path, line);
	if (strncmp(err.msg, prefix, strlen(prefix)) != 0 ||
	    strstr(err.msg, what) == NULL || err.code == NULL ||
	    strcmp(err.code, code) != 0)
		fail_msg("expected %s at line %d with \"%s\", got %s: %s", code,
		    line, what, err.code ? err.code : "(null)", err.msg);
	/* A failed load leaves nothing to free. */
	assert_null(c.path);
	assert_int_equal(c.npeers, 0);
	conf_free(&c);
}

static char *
cat(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);
	char *s = malloc(la + lb + 1);

	assert_non_null(s);
	memcpy(s, a, la);
	memcpy(s + la, b, lb + 1);
	return s;
}

static void
expect_error_after_base(
    const char *extra, int line, const char *code, const char *what)
{
	char *text = cat(base_conf, extra);

	expect_error(text, line, code, what);
	free(text);
}

static char *
read_all(const char *path)
{
	FILE *fp = fopen(path, "r");
	char *buf;
	long n;

	if (fp == NULL)
		return NULL;
	fseek(fp, 0, SEEK_END);
	n = ftell(fp);
	fseek(fp, 0, SEEK_SET);
	buf = calloc(1, (size_t)n + 1);
	if (buf != NULL && fread(buf, 1, (size_t)n, fp) != (size_t)n) {
		free(buf);
		buf = NULL;
	}
	fclose(fp);
	return buf;
}

/* ---- tests ------------------------------------------------------------ */

static void
test_example_loads(void **state)
{
	const struct conf_option *o;
	struct conf c;
	struct nferr err;
	char *text, key[80];
	size_t n, i;

	(void)state;
	nferr_clear(&err);
	if (conf_load("conf/nordfed.conf.example", &c, &err) != 0)
		fail_msg("the example does not load: %s", err.msg);
	assert_string_equal(c.country, "SE");
	assert_int_equal(c.port, 8470);
	assert_string_equal(c.key_file, "/var/lib/nordfed/node.key");
	assert_null(c.token_file);
	assert_int_equal(c.npeers, 0);
	conf_free(&c);

	/* Every option of the table is documented in the example. */
	text = read_all("conf/nordfed.conf.example");
	assert_non_null(text);
	o = conf_options(&n);
	for (i = 0; i < n; i++) {
		snprintf(key, sizeof(key), "%s = ", o[i].name);
		if (strstr(text, key) == NULL)
			fail_msg("the example does not show %s.%s",
			    o[i].section, o[i].name);
	}
	free(text);

	/* ... and in docs/configuration.md */
	text = read_all("docs/configuration.md");
	assert_non_null(text);
	for (i = 0; i < n; i++) {
		snprintf(key, sizeof(key), "| `%s` |", o[i].name);
		if (strstr(text, key) == NULL)
			fail_msg("docs/configuration.md does not list %s.%s",
			    o[i].section, o[i].name);
	}
	free(text);
}

static void
test_defaults(void **state)
{
	struct conf c, d;
	struct nferr err;
	char expect[PATH_MAX + 32], *real;

	(void)state;
	if (load_text(base_conf, &c, &err) != 0)
		fail_msg("%s", err.msg);
	assert_int_equal(conf_defaults(&d), 0);
	assert_string_equal(c.country, "SE");
	assert_string_equal(c.listen, "127.0.0.1");
	assert_int_equal(c.port, 8470);
	assert_int_equal(c.log_level, LOG_LEVEL_INFO);
	assert_int_equal(c.max_body_bytes, 1048576);
	assert_int_equal(c.max_header_bytes, 16384);
	assert_int_equal(c.request_timeout_s, 30);
	assert_int_equal(c.page_limit_max, 200);
	assert_int_equal(c.pull_interval_ms, 2000);
	assert_int_equal(c.push_batch, 256);
	assert_int_equal(c.backoff_max_ms, 30000);
	assert_int_equal(c.breaker_failures, 5);
	assert_int_equal(c.port, d.port);
	assert_string_equal(c.listen, d.listen);
	assert_string_equal(d.database, "nordfed.db");

	/* The database defaults to data_dir, never the config directory;
	 * public_url is unset. */
	assert_string_equal(c.data_dir, "/var/lib/nordfed");
	assert_string_equal(c.database, "/var/lib/nordfed/nordfed.db");
	assert_null(c.public_url);

	/* Relative paths resolve against the config file's directory. */
	real = realpath(dir, NULL);
	assert_non_null(real);
	snprintf(expect, sizeof(expect), "%s/node.key", real);
	assert_string_equal(c.key_file, expect);
	free(real);
	conf_free(&c);
	conf_free(&d);
}

static void
test_full(void **state)
{
	struct conf c;
	struct nferr err;

	(void)state;
	if (load_text("# comment\n"
	              "; another\n"
	              "[node]\r\n"
	              "  country = dk  \n"
	              "listen = ::1\n"
	              "port = 9000\n"
	              "database = /srv/nf.db\n"
	              "key_file = keys/node.key\n"
	              "log_level = debug\n"
	              "[limits]\n"
	              "max_body_bytes = 2048\n"
	              "[sync]\n"
	              "push_batch = 10\n"
	              "[peer sweden]\n"
	              "url = http://10.0.0.1:8470/\n"
	              "public_key = " KEY_A "\n"
	              "country = SE\n"
	              "[peer norway]\n"
	              "url = https://[::1]:8471\n"
	              "public_key = " KEY_B "\n"
	              "country = NO\n"
	              "[pins]\n"
	              "fi = " KEY_C "\n"
	              "IS = 21qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo\n",
	        &c, &err) != 0)
		fail_msg("%s", err.msg);
	assert_string_equal(c.country, "DK");
	assert_string_equal(c.listen, "::1");
	assert_int_equal(c.port, 9000);
	assert_string_equal(c.database, "/srv/nf.db");
	assert_non_null(strstr(c.key_file, "/keys/node.key"));
	assert_int_equal(c.log_level, LOG_LEVEL_DEBUG);
	assert_int_equal(c.max_body_bytes, 2048);
	assert_int_equal(c.push_batch, 10);
	assert_int_equal(c.npeers, 2);
	assert_string_equal(c.peers[0].name, "sweden");
	assert_string_equal(c.peers[0].url, "http://10.0.0.1:8470");
	assert_string_equal(c.peers[0].country, "SE");
	assert_string_equal(c.peers[0].public_key, KEY_A);
	assert_int_equal(c.peers[0].pk[0], 0xd7);
	assert_int_equal(c.peers[0].pk[31], 0x1a);
	assert_int_equal(c.peers[0].line, 14);
	assert_string_equal(c.peers[1].url, "https://[::1]:8471");
	assert_int_equal(c.npins, 2);
	assert_string_equal(c.pins[0].country, "FI");
	assert_string_equal(c.pins[0].public_key, KEY_C);
	assert_int_equal(c.pins[0].pk[0], 0xfc);
	assert_int_equal(c.pins[0].line, 23);
	assert_string_equal(c.pins[1].country, "IS");
	conf_free(&c);
}

static void
test_errors(void **state)
{
	(void)state;
	/* bad number */
	expect_error_after_base(
	    "port = 80x\n", 4, "conf_value", "port: \"80x\" is not an integer");
	expect_error_after_base("port =\n", 4, "conf_value", "empty value");
	/* out of bounds */
	expect_error_after_base("port = 70000\n", 4, "conf_range",
	    "port: 70000 is above the maximum 65535");
	expect_error_after_base(
	    "port = 0\n", 4, "conf_range", "below the minimum 1");
	expect_error_after_base("[limits]\nmax_body_bytes = 10\n", 5,
	    "conf_range", "max_body_bytes: 10 is below the minimum 1024");
	expect_error_after_base("[limits]\nmax_body_bytes = "
	                        "99999999999999999999999\n",
	    5, "conf_range", "above the maximum");
	/* unknown key and section */
	expect_error_after_base("colour = red\n", 4, "conf_unknown",
	    "colour: unknown option in [node]");
	expect_error_after_base(
	    "[nodes]\n", 4, "conf_unknown", "unknown section [nodes]");
	expect_error(
	    "port = 1\n[node]\n", 1, "conf_syntax", "outside of any section");
	expect_error_after_base(
	    "just words\n", 4, "conf_syntax", "expected \"key = value\"");
	expect_error_after_base("[sync\n", 4, "conf_syntax", "section header");
	/* duplicates */
	expect_error_after_base("\nport = 1\nport = 2\n", 6, "conf_duplicate",
	    "port: already set on line 5");
	expect_error_after_base(
	    "country = NO\n", 4, "conf_duplicate", "already set on line 2");
	expect_error_after_base("[sync]\n[node]\n", 5, "conf_duplicate",
	    "section [node] already appears on line 1");
	/* missing required */
	expect_error("\n[node]\ncountry = SE\n", 2, "conf_missing",
	    "key_file is required");
	expect_error("[sync]\npush_batch = 3\n", 2, "conf_missing",
	    "[node] country is required");
	/* bad values */
	expect_error("[node]\ncountry = US\nkey_file = k\n", 2, "conf_value",
	    "\"US\" is not a Nordic country code");
	expect_error_after_base("listen = localhost\n", 4, "conf_value",
	    "not a numeric IPv4 or IPv6 address");
	expect_error_after_base("log_level = loud\n", 4, "conf_value",
	    "not one of error, warn, info, debug");
	expect_error_after_base(
	    "port = 8470 # comment\n", 4, "conf_value", "is not an integer");
	/* line too long, NUL bytes */
	{
		char *text = calloc(1, 6000), *s;

		assert_non_null(text);
		s = text + snprintf(text, 6000, "%s# ", base_conf);
		memset(s, 'x', 4100);
		s[4100] = '\n';
		expect_error(text, 4, "conf_syntax", "longer than 4096 bytes");
		/* exactly 4096 bytes is fine */
		s = text + snprintf(text, 6000, "%s#", base_conf);
		memset(s, 'x', 4095);
		s[4095] = '\n';
		s[4096] = '\0';
		{
			struct conf c;
			struct nferr err;

			if (load_text(text, &c, &err) != 0)
				fail_msg("%s", err.msg);
			conf_free(&c);
		}
		free(text);
	}
}

static void
test_peer_errors(void **state)
{
	char *text;
	size_t i, off;

	(void)state;
	/* peer without url: the header's line */
	expect_error_after_base("[peer norway]\npublic_key = " KEY_A
	                        "\ncountry = NO\n",
	    4, "conf_missing", "[peer norway]: url is required");
	expect_error_after_base("[peer norway]\nurl = http://h:1\n"
	                        "country = NO\n",
	    4, "conf_missing", "public_key is required");
	/* bad public key length and alphabet */
	expect_error_after_base("[peer norway]\nurl = http://h:1\n"
	                        "public_key = " KEY_A "A\ncountry = NO\n",
	    6, "conf_value", "43 base64url characters, this one has 44");
	expect_error_after_base(
	    "[peer norway]\nurl = http://h:1\n"
	    "public_key = 11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHUR!\n"
	    "country = NO\n",
	    6, "conf_value", "not valid base64url");
	/* bad url */
	expect_error_after_base("[peer norway]\nurl = ftp://h:1\n", 5,
	    "conf_value", "does not start with http://");
	expect_error_after_base("[peer norway]\nurl = http://h:99999\n", 5,
	    "conf_value", "port must be 1..65535");
	expect_error_after_base("[peer norway]\nurl = http://h:1/x\n", 5,
	    "conf_value", "without user, path");
	/* bad country, own country, the same country twice */
	expect_error_after_base("[peer norway]\ncountry = NL\n", 5,
	    "conf_value", "not a Nordic country code");
	expect_error_after_base(
	    "[peer x]\nurl = http://h:1\npublic_key = " KEY_A
	    "\ncountry = SE\n",
	    7, "conf_value", "SE is this node's own country");
	expect_error_after_base(
	    "[peer a]\nurl = http://h:1\npublic_key = " KEY_A
	    "\ncountry = NO\n[peer b]\nurl = http://h:2\npublic_key = " KEY_B
	    "\ncountry = NO\n",
	    11, "conf_duplicate", "already served by [peer a]");
	/* peer names */
	expect_error_after_base("[peer]\n", 4, "conf_syntax", "[peer NAME]");
	expect_error_after_base(
	    "[peer a b]\n", 4, "conf_syntax", "[peer NAME]");
	expect_error_after_base("[peer a]\n[peer a]\n", 5, "conf_duplicate",
	    "[peer a] already appears on line 4");
	expect_error_after_base(
	    "[limits x]\n", 4, "conf_syntax", "takes no name");
	expect_error_after_base("[peer a]\ncolour = red\n", 5, "conf_unknown",
	    "colour: unknown option in [peer]");

	/* [pins] */
	expect_error_after_base("[pins]\nXX = " KEY_A "\n", 5, "conf_value",
	    "pins: \"XX\" is not a Nordic country code");
	expect_error_after_base("[pins]\nFI = " KEY_A "\nfi = " KEY_B "\n", 6,
	    "conf_duplicate", "FI: already pinned on line 5");
	expect_error_after_base("[pins]\nFI = abc\n", 5, "conf_value",
	    "FI: an Ed25519 public key is 43 base64url characters");
	/* non-zero padding bits: not the canonical encoding of any key */
	expect_error_after_base("[pins]\nFI = "
	                        "11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURp\n",
	    5, "conf_value", "not valid base64url");
	expect_error_after_base("[pins]\nSE = " KEY_A "\n", 5, "conf_value",
	    "own key comes from key_file");
	expect_error_after_base(
	    "[peer a]\nurl = http://h:1\npublic_key = " KEY_A
	    "\ncountry = NO\n[pins]\nNO = " KEY_B "\n",
	    9, "conf_duplicate", "NO: already pinned by [peer a]");
	expect_error_after_base(
	    "[peer a]\nurl = http://h:1\npublic_key = " KEY_A
	    "\ncountry = NO\n[pins]\nFI = " KEY_A "\n",
	    9, "conf_duplicate", "FI: the same key as [peer a]");
	expect_error_after_base("[pins]\n[pins]\n", 5, "conf_duplicate",
	    "section [pins] already appears on line 4");

	/* at most 16 peers: the 17th header is the error */
	text = calloc(1, 8192);
	assert_non_null(text);
	off = (size_t)snprintf(text, 8192, "%s", base_conf);
	for (i = 0; i < 17; i++)
		off += (size_t)snprintf(
		    text + off, 8192 - off, "[peer p%zu]\n", i);
	expect_error(text, 4 + 16, "conf_value", "more than 16 peers");
	free(text);
}

static void
test_token_file(void **state)
{
	char tokens[160], text[512];
	struct conf c;
	struct nferr err;

	(void)state;
	snprintf(tokens, sizeof(tokens), "%s/tokens", dir);
	snprintf(text, sizeof(text), "%stoken_file = tokens\n", base_conf);

	/* readable by others: refused, naming the line of token_file */
	write_file(tokens, "lead " TOKEN_1 "\n", 0644);
	expect_error(text, 4, "conf_insecure", "chmod 600");
	write_file(tokens, "lead " TOKEN_1 "\n", 0640);
	expect_error(text, 4, "conf_insecure", "group or others");
	unlink(tokens);
	expect_error(text, 4, "conf_io", "cannot open");

	/* mode 0600: loaded and hashed */
	write_file(tokens,
	    "# tokens\n\nlead " TOKEN_1 "\n  ops\t" TOKEN_2 "  \n", 0600);
	if (load_text(text, &c, &err) != 0)
		fail_msg("%s", err.msg);
	assert_int_equal(c.ntokens, 2);
	assert_string_equal(conf_token_find(&c, TOKEN_1), "lead");
	assert_string_equal(conf_token_find(&c, TOKEN_2), "ops");
	assert_null(conf_token_find(&c, TOKEN_1 "x"));
	assert_null(conf_token_find(&c, "short"));
	assert_null(conf_token_find(&c, NULL));
	conf_free(&c);

	/* errors inside the token file name its own line */
	write_file(tokens, "lead " TOKEN_1 "\nops short\n", 0600);
	assert_int_equal(load_text(text, &c, &err), -1);
	assert_non_null(strstr(err.msg, "tokens:2: token of ops must be"));
	write_file(tokens, "lead " TOKEN_1 "\nlead " TOKEN_2 "\n", 0600);
	assert_int_equal(load_text(text, &c, &err), -1);
	assert_non_null(strstr(err.msg, "tokens:2:"));
	assert_string_equal(err.code, "conf_duplicate");
	write_file(tokens, "lead " TOKEN_1 " extra\n", 0600);
	assert_int_equal(load_text(text, &c, &err), -1);
	assert_non_null(strstr(err.msg, "tokens:1: expected \"name token\""));

	/* a scope: an organisation of this node's country; such a token is
	 * not the operator's */
	write_file(tokens, "lead " TOKEN_1 "\ncal " TOKEN_2
	    "  org=" ORG_SE "\n", 0600);
	if (load_text(text, &c, &err) != 0)
		fail_msg("%s", err.msg);
	assert_string_equal(conf_token_find(&c, TOKEN_1), "lead");
	assert_null(conf_token_find(&c, TOKEN_2));
	assert_non_null(conf_token_lookup(&c, TOKEN_2));
	assert_string_equal(conf_token_lookup(&c, TOKEN_2)->name, "cal");
	assert_string_equal(conf_token_lookup(&c, TOKEN_2)->org, ORG_SE);
	assert_string_equal(conf_token_lookup(&c, TOKEN_1)->org, "");
	assert_string_equal(conf_token_named(&c, "cal")->org, ORG_SE);
	assert_null(conf_token_named(&c, "nobody"));
	conf_free(&c);
	write_file(tokens, "cal " TOKEN_2 " org=no:org:01JD3K6QWZ8M4T5V7X9Y0A1B2C\n",
	    0600);
	assert_int_equal(load_text(text, &c, &err), -1);
	assert_non_null(strstr(err.msg, "tokens:1: org=no:org:"));
	assert_non_null(strstr(err.msg, "this node's country (SE)"));
	write_file(tokens, "cal " TOKEN_2 " org=se:net:01JD3K6QWZ8M4T5V7X9Y0A1B2C\n",
	    0600);
	assert_int_equal(load_text(text, &c, &err), -1);
	assert_string_equal(err.code, "conf_value");
	write_file(tokens, "cal " TOKEN_2 " org=" ORG_SE " more\n", 0600);
	assert_int_equal(load_text(text, &c, &err), -1);
	assert_string_equal(err.code, "conf_syntax");
	write_file(tokens, "cal " TOKEN_2 " scope=" ORG_SE "\n", 0600);
	assert_int_equal(load_text(text, &c, &err), -1);
	assert_string_equal(err.code, "conf_syntax");
}

/* [mail]: relay, from and credentials_file go together; [accounts]. */
static void
test_mail_and_accounts(void **state)
{
	char creds[160], text[1024];
	struct conf c;
	struct nferr err;

	(void)state;
	snprintf(creds, sizeof(creds), "%s/smtp-creds", dir);
	if (load_text(base_conf, &c, &err) != 0)
		fail_msg("%s", err.msg);
	assert_null(c.mail_relay);
	assert_null(c.mail_from);
	assert_int_equal(c.session_ttl_s, 28800);
	assert_int_equal(c.link_ttl_s, 1800);
	assert_int_equal(c.invite_ttl_s, 604800);
	assert_int_equal(c.account_idle_days, 0);
	conf_free(&c);

	snprintf(text, sizeof(text), "%s[mail]\nrelay = smtp://127.0.0.1:2525\n"
	    "from = nordfed@example.se\n[accounts]\nsession_ttl_s = 60\n"
	    "link_ttl_s = 5\n", base_conf);
	if (load_text(text, &c, &err) != 0)
		fail_msg("%s", err.msg);
	assert_string_equal(c.mail_relay, "smtp://127.0.0.1:2525");
	assert_string_equal(c.mail_from, "nordfed@example.se");
	assert_null(c.mail_credentials);
	assert_int_equal(c.session_ttl_s, 60);
	assert_int_equal(c.link_ttl_s, 5);
	conf_free(&c);

	expect_error_after_base("[mail]\nrelay = smtp://127.0.0.1:25\n", 4,
	    "conf_missing", "from is required with relay");
	expect_error_after_base("[mail]\nfrom = a@example.se\n", 5,
	    "conf_value", "only with relay");
	expect_error_after_base("[mail]\nrelay = http://127.0.0.1:25\n", 5,
	    "conf_value", "does not start with smtp:// or smtps://");
	expect_error_after_base("[mail]\nrelay = smtp://h:25/path\n", 5,
	    "conf_value", "without user, path");
	expect_error_after_base("[mail]\nrelay = smtps://h\n"
	    "from = a b@example.se\n", 6, "conf_value", "not an e-mail");
	expect_error_after_base("[mail]\nrelay = smtps://h\n"
	    "from = <a@example.se>\n", 6, "conf_value", "not an e-mail");
	expect_error_after_base("[accounts]\nsession_ttl_s = 0\n", 5,
	    "conf_range", "below the minimum 1");
	expect_error_after_base("[accounts]\nlink_ttl_s = 86401\n", 5,
	    "conf_range", "above the maximum 86400");
	expect_error_after_base("[mail]\ncolour = blue\n", 5,
	    "conf_unknown", "unknown option in [mail]");

	/* the login: a secret file of one "user:password" line */
	snprintf(text, sizeof(text), "%s[mail]\nrelay = smtp://127.0.0.1:25\n"
	    "from = nordfed@example.se\ncredentials_file = smtp-creds\n",
	    base_conf);
	write_file(creds, "nordfed:s3cret pass:word\n", 0644);
	expect_error(text, 7, "conf_insecure", "chmod 600");
	write_file(creds, "nordfed-no-colon\n", 0600);
	expect_error(text, 7, "conf_syntax", "user:password");
	write_file(creds, "", 0600);
	expect_error(text, 7, "conf_syntax", "empty");
	write_file(creds, "nordfed:s3cret pass:word\n", 0600);
	if (load_text(text, &c, &err) != 0)
		fail_msg("%s", err.msg);
	assert_string_equal(c.mail_credentials, "nordfed:s3cret pass:word");
	conf_free(&c);

	assert_int_equal(conf_email_valid("info@example.se"), 1);
	assert_int_equal(conf_email_valid("a@b@c"), 0);
	assert_int_equal(conf_email_valid("@example.se"), 0);
	assert_int_equal(conf_email_valid("x@"), 0);
	assert_int_equal(conf_email_valid("a\r\nBcc: x@example.se"), 0);
	assert_int_equal(conf_email_valid(NULL), 0);
}

static void
test_dump(void **state)
{
	const struct conf_option *o;
	char *buf = NULL, key[80];
	size_t len = 0, n, i;
	FILE *fp;

	(void)state;
	fp = open_memstream(&buf, &len);
	assert_non_null(fp);
	conf_dump(fp);
	fclose(fp);
	o = conf_options(&n);
	for (i = 0; i < n; i++) {
		snprintf(key, sizeof(key), "\n#%s =", o[i].name);
		if (strstr(buf, key) == NULL)
			fail_msg("conf_dump lacks %s", o[i].name);
	}
	assert_non_null(
	    strstr(buf, "# port: integer 1..65535; default 8470\n"));
	assert_non_null(strstr(buf, "# country: country code, one of SE NO DK "
	                            "FI IS GL FO AX; required\n"));
	assert_non_null(strstr(buf, "[limits]\n"));
	assert_non_null(strstr(buf, "#[peer NAME]\n"));
	assert_non_null(strstr(buf, "#[pins]\n"));
	free(buf);
}

/* data_dir, the database in it, public_url and a peer's ca_file. */
static void
test_data_dir_and_tls(void **state)
{
	char text[1024], expect[PATH_MAX + 64], *real;
	struct conf c;
	struct nferr err;

	(void)state;
	real = realpath(dir, NULL);
	assert_non_null(real);
	/* a relative data_dir is taken in the config's directory, a
	 * relative database in data_dir, whatever the order of the lines */
	snprintf(text, sizeof(text), "%sdatabase = x.db\ndata_dir = state\n"
	    "public_url = https://nordfed.example.se/\n"
	    "[peer no]\nurl = https://nordfed.example.no\npublic_key = " KEY_A
	    "\ncountry = NO\nca_file = ca/no.pem\n", base_conf);
	if (load_text(text, &c, &err) != 0)
		fail_msg("%s", err.msg);
	snprintf(expect, sizeof(expect), "%s/state", real);
	assert_string_equal(c.data_dir, expect);
	snprintf(expect, sizeof(expect), "%s/state/x.db", real);
	assert_string_equal(c.database, expect);
	assert_string_equal(c.public_url, "https://nordfed.example.se");
	snprintf(expect, sizeof(expect), "%s/ca/no.pem", real);
	assert_string_equal(c.peers[0].ca_file, expect);
	assert_int_equal(conf_line(&c, NULL, "node", "data_dir"), 5);
	assert_int_equal(conf_line(&c, &c.peers[0], "peer", "ca_file"), 11);
	assert_int_equal(conf_line(&c, NULL, "node", "port"), 0);
	conf_free(&c);

	/* an absolute database stays where it is */
	snprintf(text, sizeof(text), "%sdatabase = /srv/nf.db\n", base_conf);
	if (load_text(text, &c, &err) != 0)
		fail_msg("%s", err.msg);
	assert_string_equal(c.database, "/srv/nf.db");
	conf_free(&c);
	free(real);

	/* ca_file with an http:// url is a mistake, not a no-op */
	expect_error_after_base("[peer no]\nurl = http://h:1\npublic_key = "
	    KEY_A "\ncountry = NO\nca_file = ca.pem\n", 8, "conf_value",
	    "ca_file: only for an https:// url");
	expect_error_after_base("public_url = https://h/x\n", 4, "conf_value",
	    "without user, path, query or fragment");
	expect_error_after_base("public_url = ftp://h\n", 4, "conf_value",
	    "does not start with http:// or https://");
}

/* conf_check_host fails with a message starting with prefix and holding
 * what. */
static void
expect_host_error(const struct conf *c, const unsigned char *pk,
    const char *prefix, const char *what)
{
	char full[PATH_MAX + 200];
	struct nferr err;

	nferr_clear(&err);
	assert_int_equal(conf_check_host(c, pk, &err), -1);
	snprintf(full, sizeof(full), "%s:%s", conf_path, prefix);
	if (strncmp(err.msg, full, strlen(full)) != 0 ||
	    strstr(err.msg, what) == NULL)
		fail_msg("expected \"%s\" ... \"%s\", got %s", full, what,
		    err.msg);
}

/* conf_check_host: what -n and the start check against the machine. */
static void
test_check_host(void **state)
{
	unsigned char own[CONF_PUBKEY_LEN], other[CONF_PUBKEY_LEN];
	char text[1024], pem[PATH_MAX], sub[PATH_MAX];
	struct conf c;
	struct nferr err;
	size_t bl = 0;

	(void)state;
	assert_int_equal(sodium_base642bin(own, sizeof(own), KEY_A,
	    strlen(KEY_A), NULL, &bl, NULL,
	    sodium_base64_VARIANT_URLSAFE_NO_PADDING), 0);
	memset(other, 0x22, sizeof(other));
	snprintf(sub, sizeof(sub), "%s/data", dir);
	rmdir(sub);

	/* a data_dir that does not exist: named with its line */
	snprintf(text, sizeof(text), "%sdata_dir = data\n", base_conf);
	if (load_text(text, &c, &err) != 0)
		fail_msg("%s", err.msg);
	expect_host_error(&c, other, "4: data_dir: directory ",
	    "data does not exist");
	/* ... a file where the directory should be */
	write_file(sub, "x", 0600);
	expect_host_error(&c, other, "4: data_dir: ", "is not a directory");
	unlink(sub);
	assert_int_equal(mkdir(sub, 0750), 0);
	assert_int_equal(conf_check_host(&c, other, &err), 0);
	conf_free(&c);

	/* the default data_dir, when it is missing, is called the default
	 * (checked only where /var/lib/nordfed is absent) */
	if (access("/var/lib/nordfed", F_OK) != 0) {
		if (load_text(base_conf, &c, &err) != 0)
			fail_msg("%s", err.msg);
		assert_int_equal(conf_check_host(&c, other, &err), -1);
		assert_non_null(strstr(err.msg,
		    "/var/lib/nordfed (the default) does not exist"));
		conf_free(&c);
	}

	/* an absolute database in a missing directory */
	snprintf(text, sizeof(text), "%sdatabase = %s/none/x.db\n", base_conf,
	    dir);
	if (load_text(text, &c, &err) != 0)
		fail_msg("%s", err.msg);
	expect_host_error(&c, other, "4: database: directory ",
	    "none does not exist");
	conf_free(&c);

	/* a peer, or a pin, with the node's own key */
	snprintf(text, sizeof(text), "%sdata_dir = data\n[peer no]\n"
	    "url = http://h:1\npublic_key = " KEY_A "\ncountry = NO\n",
	    base_conf);
	if (load_text(text, &c, &err) != 0)
		fail_msg("%s", err.msg);
	expect_host_error(&c, own, "7: [peer no] public_key is this node's "
	    "own key", "pin the peer's key");
	assert_int_equal(conf_check_host(&c, other, &err), 0);
	conf_free(&c);
	snprintf(text, sizeof(text), "%sdata_dir = data\n[pins]\nFI = " KEY_A
	    "\n", base_conf);
	if (load_text(text, &c, &err) != 0)
		fail_msg("%s", err.msg);
	expect_host_error(&c, own, "6: [pins] FI is this node's own key",
	    "pin FI's key");
	conf_free(&c);

	/* a ca_file that is missing, or not PEM */
	snprintf(pem, sizeof(pem), "%s/ca.pem", dir);
	unlink(pem);
	snprintf(text, sizeof(text), "%sdata_dir = data\n[peer no]\n"
	    "url = https://h:1\npublic_key = " KEY_B "\ncountry = NO\n"
	    "ca_file = ca.pem\n", base_conf);
	if (load_text(text, &c, &err) != 0)
		fail_msg("%s", err.msg);
	expect_host_error(&c, own, "9: [peer no] ca_file: cannot read",
	    "ca.pem");
	write_file(pem, "not a certificate\n", 0644);
	expect_host_error(&c, own, "9: [peer no] ca_file: ",
	    "holds no PEM certificate");
	write_file(pem, "-----BEGIN CERTIFICATE-----\nMIIB\n"
	    "-----END CERTIFICATE-----\n", 0644);
	assert_int_equal(conf_check_host(&c, own, &err), 0);
	conf_free(&c);
	unlink(pem);
	rmdir(sub);
}

static void
test_missing_file(void **state)
{
	struct conf c;
	struct nferr err;

	(void)state;
	assert_int_equal(conf_load("/nonexistent/nordfed.conf", &c, &err), -1);
	assert_string_equal(err.code, "conf_io");
	assert_non_null(strstr(err.msg, "/nonexistent/nordfed.conf"));
	conf_free(&c);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_example_loads),
	    cmocka_unit_test(test_defaults),
	    cmocka_unit_test(test_full),
	    cmocka_unit_test(test_errors),
	    cmocka_unit_test(test_peer_errors),
	    cmocka_unit_test(test_token_file),
	    cmocka_unit_test(test_mail_and_accounts),
	    cmocka_unit_test(test_dump),
	    cmocka_unit_test(test_data_dir_and_tls),
	    cmocka_unit_test(test_check_host),
	    cmocka_unit_test(test_missing_file),
	};

	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
