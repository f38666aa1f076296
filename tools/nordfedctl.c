/*
 * nordfedctl: the admin tool of a nordfed node (docs/nordfedctl.1,
 * docs/operations.md).
 *
 * Subcommands are rows of one table; each has --help. Exit codes: 0 ok,
 * 1 the thing checked is not ok (e.g. verify found a bad entry), 2 usage
 * error, 3 cannot reach or read what was asked. keygen, pubkey and sign
 * are here; init (tools/ctl_init.c) and the subcommands that talk to a
 * node are in tools/ctl_*.c (tools/ctl.h).
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <time.h>

#include <curl/curl.h>

#include "canon.h"
#include "ctl.h"
#include "entry.h"
#include "keys.h"

#define EX_OK     CTL_OK
#define EX_NOTOK  CTL_NOTOK
#define EX_USAGE  CTL_USAGE
#define EX_IO     CTL_IO

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
	  "never overwritten); prints the public key line to give to peers,\n"
	  "for the [peer NAME] section of their configuration." },
	{ "pubkey", cmd_pubkey, "pubkey FILE [--json]",
	  "Print the public key and key id of the seed in FILE." },
	{ "sign", cmd_sign, "sign --key FILE --origin CC --seq N [--prev HEX] "
	  "[--ts TS] --op put|delete|key --type TYPE --id ID [--body FILE]",
	  "Sign one entry by hand and print its canonical wire form (for\n"
	  "tests and drills; nothing is sent). --body - reads the body from\n"
	  "standard input; --prev defaults to zeros, --ts to now." },
	{ "init", ctl_cmd_init, "init -c FILE --country CC --listen ADDR:PORT "
	  "--data-dir DIR [--url PUBLIC_URL] [--json]",
	  "Set up a new node: create DIR (mode 0750) with the node's key\n"
	  "DIR/node.key and a token file DIR/tokens holding one admin token\n"
	  "(both mode 0600), and a commented configuration FILE with the\n"
	  "country, the listen address and port (ADDR numeric: 127.0.0.1:8470\n"
	  "or [::1]:8470), data_dir DIR (the database goes there), the key,\n"
	  "the token file and the public URL (https://host[:port], no path).\n"
	  "Prints the public_key line for the peers' operators and the admin\n"
	  "token, which is shown only this once. Never overwrites: an existing\n"
	  "FILE, key, token file or database is named and nothing is changed.\n"
	  "A failed init removes what it created. Run as root with an existing\n"
	  "DIR owned by another user, the key and token file go to that user.\n"
	  "Exit 0 done, 1 something exists, 2 bad arguments, 3 cannot create."
	},
	{ "status", ctl_cmd_status, "status [--probe] [COMMON]",
	  "Is this node in step with the others, and if not, why: each peer\n"
	  "(reachable, last success, last error, retry in), each origin (this\n"
	  "node's head, the best head a peer reported, the lag), quarantined\n"
	  "origins and forks, then what is wrong and what to run.\n"
	  "--probe also asks every peer for its clock now, so a lag the node\n"
	  "has not noticed yet (a long pull interval) shows too.\n"
	  "Exit 0 when in sync, 1 when a peer is unreachable, an origin lags\n"
	  "or is quarantined, 3 when the node cannot be reached." CTL_COMMON_HELP },
	{ "peers", ctl_cmd_peers, "peers [COMMON]",
	  "The configured peers with their pinned keys, and whether each one\n"
	  "answers with the key pinned for it (its /api/v1/node). Exit 1 when\n"
	  "a peer does not answer or answers with another key or country."
	  CTL_COMMON_HELP },
	{ "log", ctl_cmd_log, "log ORIGIN [--after N] [--limit N] [COMMON]",
	  "The entries of one origin's log as this node holds them: seq, entry\n"
	  "hash, time, operation, type, record id, and whether the body is\n"
	  "present, pruned (superseded or erased) or none (a delete).\n"
	  "--after N starts after seq N (default 0); --limit N (default 50,\n"
	  "at most 100000) entries." CTL_COMMON_HELP },
	{ "show", ctl_cmd_show, "show ORIGIN SEQ [--keys FILE] [COMMON]",
	  "One entry in full, and its verification: canonical form and body\n"
	  "hash, signature against the origin's pinned key (and rotations),\n"
	  "link to the previous entry, the record rules. The keys come from\n"
	  "-c CONFIG, the node's /api/v1/node and --keys FILE (lines\n"
	  "\"CC PUBLIC_KEY\"). Exit 1 when a check fails." CTL_COMMON_HELP },
	{ "verify", ctl_cmd_verify, "verify [--db FILE] [--keys FILE] "
	  "[-c CONFIG] [--json]",
	  "Re-verify every origin's chain in a node's database, offline and\n"
	  "read-only: each stored entry is decoded from its signed header,\n"
	  "signature and body (canonical form, body hash), its signature\n"
	  "checked against the origin's keys (rotations followed), its seq\n"
	  "and prev checked against the entry before, the stored columns and\n"
	  "head against the header. Reports the first bad entry of each\n"
	  "origin. --db defaults to the config's database; keys come from\n"
	  "-c CONFIG (key_file, peers, pins) and --keys FILE.\n"
	  "Exit 1 when an origin has a bad entry or no key to check it,\n"
	  "3 when the database cannot be read." CTL_COMMON_HELP },
	{ "diff", ctl_cmd_diff, "diff URL_A URL_B [COMMON]",
	  "Compare two nodes' clocks: for each origin, equal, who is behind\n"
	  "whom by how many entries, or diverged (the same seq with another\n"
	  "hash: a fork). Exit 1 when they differ." CTL_COMMON_HELP },
	{ "resync", ctl_cmd_resync, "resync ORIGIN [--from SEQ | --reset] "
	  "[--peer NAME] [--wait [--wait-timeout S]] [COMMON]",
	  "Ask the node to fetch ORIGIN again now, from every peer or the one\n"
	  "called NAME: their backoff is forgotten and a pull starts at once\n"
	  "(clock, then what the node lacks). --from SEQ first asks for the\n"
	  "entries after SEQ-1 again: those held must come back as duplicates\n"
	  "(a different one is a fork). --reset first drops the node's copy\n"
	  "of ORIGIN (never its own), to fetch all of it again: the repair\n"
	  "for a bad entry verify found. --wait waits until the origin no\n"
	  "longer lags (default up to 60 s; exit 1 if it still does).\n"
	  "Needs a token." CTL_COMMON_HELP },
	{ "fork", ctl_cmd_fork, "fork show [ORIGIN] | fork resolve ORIGIN SEQ "
	  "--keep HASH [--refetch [--peer NAME]] [COMMON]",
	  "show: the forks this node holds, each with its proof (the two\n"
	  "entries signed with one origin and seq), whether the proof\n"
	  "verifies, which entry this node holds, and the decision if one was\n"
	  "taken. Exit 1 while a fork is unresolved.\n"
	  "resolve: after the operators decided which entry stands (see\n"
	  "docs/operations.md, \"Forks\"), record it and end the quarantine.\n"
	  "When this node holds the other entry, --refetch drops its copy of\n"
	  "the origin and fetches it again (from NAME with --peer).\n"
	  "Needs a token." CTL_COMMON_HELP },
	{ "recover", ctl_cmd_recover, "recover [--peer NAME] [--trust-local] "
	  "[--wait-timeout S] [COMMON]",
	  "When this node signs nothing because a peer holds more of its own\n"
	  "log (a restored backup; status shows behind_own_log): fetch the\n"
	  "node's own log back from the peer that holds the most (or NAME),\n"
	  "verify every entry against the node's keys, apply it and sign on\n"
	  "from its head. Waits until done (default up to 120 s).\n"
	  "--trust-local: only when no peer has answered since the node\n"
	  "started and this database is surely the newest copy of the\n"
	  "node's log: sign without a peer's word.\n"
	  "Exit 0 when the node signs again, 1 when it does not (a fork,\n"
	  "no peer to ask, or the fetch stopped: status says why).\n"
	  "Needs a token." CTL_COMMON_HELP },
	{ "import", ctl_cmd_import, "import FILE [--dry-run] [--format "
	  "csv|jsonl] [--jobs N] [--country CC] [--delimiter C] [COMMON]",
	  "Bulk onboarding of this node's organisations from a register: CSV\n"
	  "with a header row, or JSON Lines (docs/operations.md lists the\n"
	  "columns). Every row is validated first; a file with a bad row is\n"
	  "refused whole, every bad row reported by line and field, and\n"
	  "nothing is written. --dry-run stops there. The file is then read\n"
	  "again and written in batches (POST /api/v1/batch, one commit a\n"
	  "batch, N batches in flight, default 8); it is never held whole.\n"
	  "Rows without an id get one derived from their register identifier\n"
	  "(else name and municipality), so importing the same file again\n"
	  "changes nothing: the node leaves rows whose record already holds\n"
	  "the same body unchanged. - reads standard input (spooled to a\n"
	  "temporary file for the second reading). Progress on a terminal.\n"
	  "Exit 1 for bad rows or rows the node refused." CTL_COMMON_HELP },
	{ "export", ctl_cmd_export, "export [--format jsonl|csv|popolo] "
	  "[--country CC] [--all] [--output FILE] [COMMON]",
	  "Everything the node holds, or one country's (--country), to\n"
	  "standard output or FILE: organisations as JSON Lines (one record\n"
	  "a line, what import reads back), CSV (the import columns) or a\n"
	  "Popolo document {\"organizations\":[...]}; --all (jsonl) every\n"
	  "record type. Progress on a terminal." CTL_COMMON_HELP },
	{ "key", ctl_cmd_key, "key show | key rotate [--new-key FILE] [COMMON]",
	  "show: the key the node signs with and its history: the first key\n"
	  "(the one every peer pins, and a node that joins later pins too)\n"
	  "and one key per rotation, with the seqs each signs.\n"
	  "rotate: the node writes a key entry signed by its current key\n"
	  "announcing a new one, committed durably, then replaces its key\n"
	  "file (the old seed is overwritten) and signs every later entry with\n"
	  "the new key. Peers learn it from the log; their configuration does\n"
	  "not change. The node makes the new key itself, or reads it from\n"
	  "--new-key FILE (a file on the node's machine, from keygen; the same\n"
	  "key or one the node used before is refused).\n"
	  "Exit 1 when the node failed to rotate or could not replace its key\n"
	  "file, 2 when it refused the request. Needs a token." CTL_COMMON_HELP },
	{ "person", ctl_cmd_person, "person find|export|erase --email ADDRESS "
	  "[--output FILE] [COMMON]",
	  "Access and erasure requests about one person: everything this\n"
	  "node holds about an e-mail address (contact persons today; see\n"
	  "docs/operations.md, \"Personal data\").\n"
	  "find: which records, of which organisation (exit 1: nothing held).\n"
	  "export: all of it as one JSON document, with what each kind is\n"
	  "for, who sees it and how long it is kept: the answer to an access\n"
	  "request; --output FILE writes it to a new file of mode 0600.\n"
	  "erase: erase all of it and take it out of the node's WAL, so the\n"
	  "address occurs in no file of the database (exit 1 when the WAL\n"
	  "could not be scrubbed yet: run it again).\n"
	  "--email - reads the address from standard input. Every answer\n"
	  "names the node's reference for the request; the node's log line\n"
	  "has the same reference and names no person. Needs a token."
	  CTL_COMMON_HELP },
	{ "account", ctl_cmd_account, "account invite --org ID --email ADDRESS "
	  "| list [--org ID] | revoke ACCOUNT [COMMON]",
	  "Organisation accounts (docs/operations.md, \"Organisation\n"
	  "accounts\"): a representative of one of this node's organisations\n"
	  "signs in on the page by a one-time link and acts for it.\n"
	  "invite: the account of organisation ID for ADDRESS (or the one\n"
	  "already there) and a new sign-in link, e-mailed by the node's\n"
	  "[mail] relay; a node without one returns it, and it is printed\n"
	  "here for you to hand over. --email - reads the address from\n"
	  "standard input. Exit 1 when the relay did not take it.\n"
	  "list: the accounts (of ID), last sign-in and live sessions.\n"
	  "revoke: erase the account; its sessions end at once and its links\n"
	  "stop working. Needs the operator's token." CTL_COMMON_HELP },
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

const char *
ctl_usage(const char *name)
{
	const struct cmd *c;

	for (c = cmds; c->name; c++)
		if (strcmp(c->name, name) == 0)
			return c->usage;
	return "";
}

int
ctl_want_help(int argc, char **argv, const char *name)
{
	const struct cmd *c;
	int i;

	for (c = cmds; c->name; c++)
		if (strcmp(c->name, name) == 0)
			break;
	if (c->name == NULL)
		return 0;
	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--") == 0)
			break;
		if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
			printf("usage: nordfedctl %s\n\n%s\n", c->usage, c->help);
			return 1;
		}
	}
	return 0;
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
	/* a new key has signed nothing: the node may start its log with it
	 * without asking a peer (keys_fresh_mark) */
	if (keys_fresh_mark(out, &k, &err) != 0) {
		fprintf(stderr, "nordfedctl: %s\n", err.msg);
		unlink(out);
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
		if (strcmp(c->name, argv[1]) == 0) {
			int rc;

			if (curl_global_init(CURL_GLOBAL_DEFAULT) != 0) {
				fprintf(stderr, "nordfedctl: libcurl failed to "
				    "initialise\n");
				return EX_IO;
			}
			rc = c->fn(argc - 1, argv + 1);
			curl_global_cleanup();
			return rc;
		}
	fprintf(stderr, "nordfedctl: unknown command '%s'\n", argv[1]);
	usage(stderr);
	return EX_USAGE;
}
