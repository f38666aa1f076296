/*
 * nordfedctl: the admin tool of a nordfed node (docs/nordfedctl.1).
 *
 * Subcommands are rows of one table; each has --help. Exit codes: 0 ok,
 * 1 the thing checked is not ok (e.g. verify found a bad entry), 2 usage
 * error, 3 cannot reach or read what was asked.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "keys.h"

#define EX_OK     0
#define EX_NOTOK  1
#define EX_USAGE  2
#define EX_IO     3

struct cmd {
	const char *name;
	int (*fn)(int, char **);
	const char *usage;
	const char *help;
};

static int cmd_keygen(int, char **);
static int cmd_pubkey(int, char **);

static const struct cmd cmds[] = {
	{ "keygen", cmd_keygen, "keygen --out FILE [--json]",
	  "Create a node key: FILE gets the 32-byte Ed25519 seed (mode 0600,\n"
	  "never overwritten); prints the public key line to give to peers." },
	{ "pubkey", cmd_pubkey, "pubkey FILE [--json]",
	  "Print the public key and key id of the seed in FILE." },
	{ NULL, NULL, NULL, NULL },
};

static void
usage(FILE *f)
{
	const struct cmd *c;

	fprintf(f, "usage: nordfedctl COMMAND [ARGS]\n\ncommands:\n");
	for (c = cmds; c->name; c++)
		fprintf(f, "  %s\n", c->usage);
	fprintf(f, "\n'nordfedctl COMMAND --help' tells more.\n");
}

static int
want_help(int argc, char **argv, const struct cmd *c)
{
	int i;

	for (i = 1; i < argc; i++)
		if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
			printf("usage: nordfedctl %s\n\n%s\n", c->usage, c->help);
			return 1;
		}
	return 0;
}

static void
print_key(const struct nf_key *k, int json)
{
	char pk[KEY_PUB_B64_LEN + 1];

	keys_pub_encode(k->pk, pk);
	if (json)
		printf("{\"public_key\":\"%s\",\"key_id\":\"%s\"}\n", pk, k->id);
	else
		printf("public_key = %s\nkey_id     = %s\n", pk, k->id);
}

static int
cmd_keygen(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "out", required_argument, NULL, 'o' },
		{ "json", no_argument, NULL, 'j' },
		{ NULL, 0, NULL, 0 },
	};
	const char *out = NULL;
	struct nf_key k;
	struct nferr err;
	int c, json = 0;

	if (want_help(argc, argv, &cmds[0]))
		return EX_OK;
	while ((c = getopt_long(argc, argv, "o:j", opts, NULL)) != -1) {
		switch (c) {
		case 'o': out = optarg; break;
		case 'j': json = 1; break;
		default: return EX_USAGE;
		}
	}
	if (out == NULL || optind != argc) {
		fprintf(stderr, "usage: nordfedctl %s\n", cmds[0].usage);
		return EX_USAGE;
	}
	if (keys_generate(&k) != 0) {
		fprintf(stderr, "nordfedctl: cannot generate a key\n");
		return EX_IO;
	}
	if (keys_save_seed(out, &k, &err) != 0) {
		fprintf(stderr, "nordfedctl: %s\n", err.msg);
		keys_wipe(&k);
		return EX_IO;
	}
	print_key(&k, json);
	keys_wipe(&k);
	return EX_OK;
}

static int
cmd_pubkey(int argc, char **argv)
{
	struct nf_key k;
	struct nferr err;
	int json = argc == 3 && strcmp(argv[2], "--json") == 0;

	if (want_help(argc, argv, &cmds[1]))
		return EX_OK;
	if (argc != 2 && !json) {
		fprintf(stderr, "usage: nordfedctl %s\n", cmds[1].usage);
		return EX_USAGE;
	}
	if (keys_load_seed(argv[1], &k, &err) != 0) {
		fprintf(stderr, "nordfedctl: %s\n", err.msg);
		return EX_IO;
	}
	print_key(&k, json);
	keys_wipe(&k);
	return EX_OK;
}

int
main(int argc, char **argv)
{
	const struct cmd *c;

	if (argc < 2 || strcmp(argv[1], "--help") == 0 ||
	    strcmp(argv[1], "-h") == 0) {
		usage(argc < 2 ? stderr : stdout);
		return argc < 2 ? EX_USAGE : EX_OK;
	}
	if (keys_init() != 0) {
		fprintf(stderr, "nordfedctl: libsodium failed to initialise\n");
		return EX_IO;
	}
	for (c = cmds; c->name; c++)
		if (strcmp(c->name, argv[1]) == 0)
			return c->fn(argc - 1, argv + 1);
	fprintf(stderr, "nordfedctl: unknown command '%s'\n", argv[1]);
	usage(stderr);
	return EX_USAGE;
}
