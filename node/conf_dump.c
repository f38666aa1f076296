/*
 * conf_dump: the configuration reference `nordfed-node --help-config`
 * prints (conf.h, conf_dump), written from the option table in conf.c
 * (conf_options): each option's section, type, default and help text,
 * as an example file with every line commented out.
 */
#include <stdio.h>
#include <string.h>

#include "conf.h"

static void
dump_type(FILE *fp, const struct conf_option *o)
{
	size_t i;

	switch (o->type) {
	case CONF_T_STRING:
		fputs("string", fp);
		break;
	case CONF_T_INT:
		fprintf(fp, "integer %lld..%lld", o->min, o->max);
		break;
	case CONF_T_BOOL:
		fputs("yes or no", fp);
		break;
	case CONF_T_PATH:
		fputs("path", fp);
		break;
	case CONF_T_COUNTRY:
		fputs("country code, one of SE NO DK FI IS GL FO AX", fp);
		break;
	case CONF_T_ADDR:
		fputs("IPv4 or IPv6 address", fp);
		break;
	case CONF_T_ENUM:
		fputs("one of", fp);
		for (i = 0; o->choices[i] != NULL; i++)
			fprintf(fp, "%s %s", i ? "," : "", o->choices[i]);
		break;
	case CONF_T_URL:
		fputs("URL http://host:port", fp);
		break;
	case CONF_T_SMTP:
		fputs("URL smtp://host:port or smtps://host:port", fp);
		break;
	case CONF_T_EMAIL:
		fputs("e-mail address", fp);
		break;
	case CONF_T_PUBKEY:
		fputs("Ed25519 public key, base64url", fp);
		break;
	}
}

static void
dump_wrapped(FILE *fp, const char *text)
{
	const char *p = text;
	size_t col = 0, w;

	fputs("#  ", fp);
	while (*p != '\0') {
		while (*p == ' ')
			p++;
		w = strcspn(p, " ");
		if (w == 0)
			break;
		if (col > 0 && col + 1 + w > 72) {
			fputs("\n#  ", fp);
			col = 0;
		}
		if (col > 0) {
			fputc(' ', fp);
			col++;
		}
		fwrite(p, 1, w, fp);
		col += w;
		p += w;
	}
	fputc('\n', fp);
}

void
conf_dump(FILE *fp)
{
	const struct conf_option *options;
	const char *cur = "";
	size_t i, n;

	fputs("# nordfed-node configuration reference.\n"
	      "# Format: [section] headers, \"key = value\" lines, whole-line "
	      "comments\n"
	      "# starting with # or ;. Unknown or repeated keys are errors. "
	      "Relative\n"
	      "# paths are resolved against the directory of the "
	      "configuration file.\n\n",
	    fp);
	options = conf_options(&n);
	for (i = 0; i < n; i++) {
		const struct conf_option *o = &options[i];

		if (strcmp(cur, o->section) != 0) {
			cur = o->section;
			if (strcmp(cur, "peer") == 0)
				fprintf(fp,
				    "# [peer NAME]: one section per "
				    "peer node, up to %d; NAME is 1-%d letters,"
				    "\n# digits, '.', '_' or '-'.\n#[peer NAME]"
				    "\n",
				    CONF_MAX_PEERS, CONF_NAME_MAX - 1);
			else
				fprintf(fp, "[%s]\n", cur);
		}
		fprintf(fp, "# %s: ", o->name);
		dump_type(fp, o);
		if (o->flags & CONF_REQUIRED)
			fputs("; required", fp);
		else if (o->def != NULL)
			fprintf(fp, "; default %s", o->def);
		else
			fputs("; optional, no default", fp);
		fputc('\n', fp);
		dump_wrapped(fp, o->help);
		if (o->def != NULL)
			fprintf(fp, "#%s = %s\n\n", o->name, o->def);
		else
			fprintf(fp, "#%s =\n\n", o->name);
	}
	fputs("# [pins]: public keys of origins this node has no [peer] for, "
	      "whose entries\n"
	      "# reach it relayed by peers. One \"CC = public key\" line per "
	      "country\n"
	      "# (43 base64url characters). A country is pinned once: here or "
	      "by a\n"
	      "# [peer] section; never this node's own country.\n"
	      "#[pins]\n"
	      "#FI =\n",
	    fp);
}
