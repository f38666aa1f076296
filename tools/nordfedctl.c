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

#include <time.h>

#include "canon.h"
#include "entry.h"
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
static int cmd_sign(int, char **);

static const struct cmd cmds[] = {
	{ "keygen", cmd_keygen, "keygen --out FILE [--json]",
	  "Create a node key: FILE gets the 32-byte Ed25519 seed (mode 0600,\n"
	  "never overwritten); prints the public key line to give to peers." },
	{ "pubkey", cmd_pubkey, "pubkey FILE [--json]",
	  "Print the public key and key id of the seed in FILE." },
	{ "sign", cmd_sign, "sign --key FILE --origin CC --seq N [--prev HEX] "
	  "[--ts TS] --op put|delete|key --type TYPE --id ID [--body FILE]",
	  "Sign one entry by hand and print its canonical wire form (for\n"
	  "tests and drills; nothing is sent). --body - reads the body from\n"
	  "standard input; --prev defaults to zeros, --ts to now." },
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

static char *
read_all(const char *path, size_t *len)
{
	FILE *f = strcmp(path, "-") == 0 ? stdin : fopen(path, "rb");
	char *buf = NULL;
	size_t cap = 0, n = 0, r;

	if (f == NULL)
		return NULL;
	do {
		if (n + 4096 > cap) {
			char *q = realloc(buf, cap = (n + 4096) * 2);

			if (q == NULL || cap > ENTRY_MAX_BYTES * 4) {
				free(q ? q : buf);
				buf = NULL;
				break;
			}
			buf = q;
		}
		r = fread(buf + n, 1, cap - n, f);
		n += r;
	} while (r > 0);
	if (f != stdin)
		fclose(f);
	*len = n;
	return buf;
}

static int
cmd_sign(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "key", required_argument, NULL, 'k' },
		{ "origin", required_argument, NULL, 'o' },
		{ "seq", required_argument, NULL, 's' },
		{ "prev", required_argument, NULL, 'p' },
		{ "ts", required_argument, NULL, 't' },
		{ "op", required_argument, NULL, 'O' },
		{ "type", required_argument, NULL, 'T' },
		{ "id", required_argument, NULL, 'i' },
		{ "body", required_argument, NULL, 'b' },
		{ NULL, 0, NULL, 0 },
	};
	const char *keyf = NULL, *body = NULL, *op = NULL, *type = NULL;
	struct nf_entry e;
	struct nf_key k;
	struct nferr err;
	char *end, *w;
	size_t wl;
	int c;

	if (want_help(argc, argv, &cmds[2]))
		return EX_OK;
	entry_init(&e);
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'k': keyf = optarg; break;
		case 'o': snprintf(e.origin, sizeof(e.origin), "%s", optarg); break;
		case 's':
			e.seq = strtoull(optarg, &end, 10);
			if (*end != '\0' || e.seq == 0) {
				fprintf(stderr, "nordfedctl: --seq is a number from 1\n");
				return EX_USAGE;
			}
			break;
		case 'p':
			if (entry_unhex(optarg, e.prev) != 0) {
				fprintf(stderr, "nordfedctl: --prev is 64 hex digits\n");
				return EX_USAGE;
			}
			break;
		case 't': snprintf(e.ts, sizeof(e.ts), "%s", optarg); break;
		case 'O': op = optarg; break;
		case 'T': type = optarg; break;
		case 'i': snprintf(e.id, sizeof(e.id), "%s", optarg); break;
		case 'b': body = optarg; break;
		default: return EX_USAGE;
		}
	}
	if (keyf == NULL || !e.origin[0] || e.seq == 0 || op == NULL ||
	    type == NULL || !e.id[0] || optind != argc) {
		fprintf(stderr, "usage: nordfedctl %s\n", cmds[2].usage);
		return EX_USAGE;
	}
	e.op = strcmp(op, "put") == 0 ? OP_PUT : strcmp(op, "delete") == 0 ?
	    OP_DELETE : strcmp(op, "key") == 0 ? OP_KEY : 0;
	e.type = record_type_from_name(type);
	if (e.op == 0 || e.type == REC_NONE) {
		fprintf(stderr, "nordfedctl: unknown --op or --type\n");
		return EX_USAGE;
	}
	if (!e.ts[0]) {
		struct timespec ts;

		clock_gettime(CLOCK_REALTIME, &ts);
		entry_ts_format((int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000,
		    e.ts);
	}
	if (body != NULL) {
		size_t bl;
		char *bb = read_all(body, &bl);

		if (bb == NULL || canon_parse(bb, bl, NULL, &e.body, &err) != 0) {
			fprintf(stderr, "nordfedctl: --body: %s\n",
			    bb ? err.msg : "cannot read it");
			free(bb);
			return EX_USAGE;
		}
		free(bb);
	}
	if (keys_load_seed(keyf, &k, &err) != 0) {
		fprintf(stderr, "nordfedctl: %s\n", err.msg);
		json_decref(e.body);
		return EX_IO;
	}
	{
		json_t *b = e.body;	/* entry_sign takes its own reference */

		if (entry_sign(&e, &k, &err) != 0 ||
		    entry_encode(&e, 1, &w, &wl, &err) != 0) {
			fprintf(stderr, "nordfedctl: %s\n", err.msg);
			json_decref(b);
			entry_clear(&e);
			keys_wipe(&k);
			return EX_USAGE;
		}
		json_decref(b);
	}
	printf("%s\n", w);
	free(w);
	entry_clear(&e);
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
