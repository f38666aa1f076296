/*
 * test_stats: the mapping's counts kept by the apply (node/store_stats.c,
 * migrations 6 and 7): collaborations by form, level and public body
 * (joint ones once per public body they name), active members by network
 * and country, through updates and deletes; and the same counts rebuilt
 * from the records by the migrations.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <sqlite3.h>

#include "record.h"
#include "store.h"
#include "writer.h"
#include "store_fixture.h"

static int
setup(void **state)
{
	return fx_setup(state, "stats");
}

static void
submit(struct fx *f, enum entry_op op, enum record_type t, const char *id,
    json_t *body, char id_out[RECORD_ID_MAX])
{
	struct writer_result r;
	struct nferr err;

	nferr_clear(&err);
	if (writer_submit(f->w, op, t, id, body, &r, &err) != 0)
		fail_msg("%s %s: %s %s %s", op == OP_PUT ? "put" : "delete",
		    record_type_name(t), err.code, err.field, err.msg);
	if (id_out != NULL)
		memcpy(id_out, r.id, RECORD_ID_MAX);
	json_decref(body);
}

static json_t *
collab(const char *org, const char *form, const char *level,
    const char *pb_fields, const char *parties)
{
	return J("{\"organisation\":\"%s\",%s,\"form\":\"%s\",\"level\":\"%s\","
	    "\"area\":\"democracy\",\"start\":\"2025-01-01\"%s%s%s}", org,
	    pb_fields, form, level, parties ? ",\"parties\":[" : "",
	    parties ? parties : "", parties ? "]" : "");
}

/* The rows of one table as "a|b|...=count" lines, sorted (the store
 * orders them), and its total. */
static char *
table_text(struct fx *f, enum store_stats_table t, const char *cols,
    const struct store_stats_filter *flt, json_int_t *total)
{
	static char out[4096];
	char names[128], *name, *save = NULL;
	unsigned mask = 0;
	struct nferr err;
	json_t *got, *tb, *row, *v;
	size_t i, j, len = 0;

	snprintf(names, sizeof(names), "%s", cols);
	for (name = strtok_r(names, ",", &save); name != NULL;
	    name = strtok_r(NULL, ",", &save)) {
		assert_true(store_stats_column(t, name) >= 0);
		mask |= 1u << store_stats_column(t, name);
	}
	assert_int_equal(store_stats(f->s, flt, 1u << t, mask, &got, &err), 0);
	tb = json_object_get(got, store_stats_name(t));
	*total = json_integer_value(json_object_get(tb, "total"));
	out[0] = '\0';
	json_array_foreach(json_object_get(tb, "rows"), i, row) {
		json_array_foreach(row, j, v) {
			if (json_is_integer(v))
				len += (size_t)snprintf(out + len, sizeof(out) -
				    len, "=%lld\n", (long long)json_integer_value(v));
			else
				len += (size_t)snprintf(out + len, sizeof(out) -
				    len, "%s%s", j ? "|" : "", json_is_null(v) ?
				    "-" : json_string_value(v));
			assert_true(len < sizeof(out));
		}
	}
	json_decref(got);
	return out;
}

static void
expect(struct fx *f, enum store_stats_table t, const char *cols,
    const struct store_stats_filter *flt, const char *want,
    json_int_t want_total)
{
	json_int_t total;

	assert_string_equal(table_text(f, t, cols, flt, &total), want);
	assert_int_equal(total, want_total);
}

struct ids {
	char a[RECORD_ID_MAX], b[RECORD_ID_MAX], pb1[RECORD_ID_MAX],
	    pb2[RECORD_ID_MAX], net[RECORD_ID_MAX], c1[RECORD_ID_MAX],
	    c2[RECORD_ID_MAX], c3[RECORD_ID_MAX], c4[RECORD_ID_MAX],
	    m1[RECORD_ID_MAX], m2[RECORD_ID_MAX], m3[RECORD_ID_MAX];
};

/* Three organisations and two public bodies; four collaborations (one
 * joint: a named public body twice, pb2 as a party, a civil-society
 * party); a network with three memberships. Then c2 moves to another
 * form and public body, c4 is deleted, m3 ends. */
static void
write_all(struct fx *f, struct ids *x)
{
	char pb[256], parties[512];

	submit(f, OP_PUT, REC_ORGANISATION, NULL, J("{\"name\":\"A\","
	    "\"classification\":\"association\",\"country\":\"SE\"}"), x->a);
	submit(f, OP_PUT, REC_ORGANISATION, NULL, J("{\"name\":\"B\","
	    "\"classification\":\"association\",\"country\":\"SE\"}"), x->b);
	submit(f, OP_PUT, REC_ORGANISATION, NULL, J("{\"name\":\"Kommun 1\","
	    "\"classification\":\"municipality\",\"country\":\"SE\"}"),
	    x->pb1);
	submit(f, OP_PUT, REC_ORGANISATION, NULL, J("{\"name\":\"Kommun 2\","
	    "\"classification\":\"municipality\",\"country\":\"SE\"}"),
	    x->pb2);
	snprintf(pb, sizeof(pb), "\"public_body\":\"%s\"", x->pb1);
	submit(f, OP_PUT, REC_COLLABORATION, NULL,
	    collab(x->a, "dialogue", "local", pb, NULL), x->c1);
	submit(f, OP_PUT, REC_COLLABORATION, NULL,
	    collab(x->b, "dialogue", "local", pb, NULL), x->c2);
	snprintf(parties, sizeof(parties), "{\"organisation\":\"%s\","
	    "\"role\":\"public_body\"},{\"name\":\"Länsstyrelsen\","
	    "\"role\":\"public_body\"},{\"name\":\"Länsstyrelsen\","
	    "\"role\":\"public_body\"},{\"name\":\"Paraply\","
	    "\"role\":\"civil_society\"}", x->pb2);
	submit(f, OP_PUT, REC_COLLABORATION, NULL, collab(x->a, "agreement",
	    "regional", "\"public_body_name\":\"Region Norrbotten\"", parties),
	    x->c3);
	submit(f, OP_PUT, REC_COLLABORATION, NULL,
	    collab(x->b, "iop", "local", pb, NULL), x->c4);
	submit(f, OP_PUT, REC_NETWORK, NULL, J("{\"name\":{\"sv\":\"Nätet\"},"
	    "\"scope\":\"nordic\",\"lead_organisation\":\"%s\"}", x->a),
	    x->net);
	submit(f, OP_PUT, REC_MEMBERSHIP, NULL, J("{\"network\":\"%s\","
	    "\"organisation\":\"%s\",\"role\":\"lead\",\"status\":\"active\"}",
	    x->net, x->a), x->m1);
	submit(f, OP_PUT, REC_MEMBERSHIP, NULL, J("{\"network\":\"%s\","
	    "\"organisation\":\"%s\",\"role\":\"member\",\"status\":"
	    "\"active\"}", x->net, x->b), x->m2);
	submit(f, OP_PUT, REC_MEMBERSHIP, NULL, J("{\"network\":\"%s\","
	    "\"organisation\":\"%s\",\"role\":\"observer\",\"status\":"
	    "\"active\"}", x->net, x->pb1), x->m3);
	/* c2: dialogue with pb1 becomes an IOP with pb2 and a name */
	snprintf(pb, sizeof(pb), "\"public_body\":\"%s\",\"public_body_name\":"
	    "\"Kommun 2\"", x->pb2);
	submit(f, OP_PUT, REC_COLLABORATION, x->c2,
	    collab(x->b, "iop", "local", pb, NULL), NULL);
	submit(f, OP_DELETE, REC_COLLABORATION, x->c4, NULL, NULL);
	submit(f, OP_PUT, REC_MEMBERSHIP, x->m3, J("{\"network\":\"%s\","
	    "\"organisation\":\"%s\",\"role\":\"observer\",\"status\":"
	    "\"ended\"}", x->net, x->pb1), NULL);
}

static void
check_all(struct fx *f, const struct ids *x)
{
	struct store_stats_filter none = { 0 }, flt;
	char want[1024];

	/* each collaboration once */
	expect(f, STORE_STATS_COLLABS, "form,level", &none,
	    "agreement|regional=1\ndialogue|local=1\niop|local=1\n", 3);
	/* once per public body: c3 under three (Länsstyrelsen once), c2
	 * under pb2 by its name; the total counts each once */
	if (strcmp(x->pb1, x->pb2) < 0)
		snprintf(want, sizeof(want), "-|Länsstyrelsen=1\n"
		    "-|Region Norrbotten=1\n%s|-=1\n%s|-=1\n%s|Kommun 2=1\n",
		    x->pb1, x->pb2, x->pb2);
	else
		snprintf(want, sizeof(want), "-|Länsstyrelsen=1\n"
		    "-|Region Norrbotten=1\n%s|-=1\n%s|Kommun 2=1\n%s|-=1\n",
		    x->pb2, x->pb2, x->pb1);
	expect(f, STORE_STATS_COLLABS, "public_body,public_body_name", &none,
	    want, 3);
	memset(&flt, 0, sizeof(flt));
	flt.public_body = x->pb2;
	expect(f, STORE_STATS_COLLABS, "form", &flt,
	    "agreement=1\niop=1\n", 2);
	memset(&flt, 0, sizeof(flt));
	flt.form = "dialogue";
	expect(f, STORE_STATS_COLLABS, "level", &flt, "local=1\n", 1);
	flt.form = "grant";
	expect(f, STORE_STATS_COLLABS, "level", &flt, "", 0);
	/* active members only, by country; the network's name joined */
	snprintf(want, sizeof(want), "%s|Nätet|SE=2\n", x->net);
	expect(f, STORE_STATS_MEMBERS, "network,network_name,country", &none,
	    want, 2);
	memset(&flt, 0, sizeof(flt));
	flt.country = "NO";
	expect(f, STORE_STATS_MEMBERS, "country", &flt, "", 0);
}

static void
test_kept_counts(void **state)
{
	struct fx *f = *state;
	struct ids x;

	write_all(f, &x);
	check_all(f, &x);
}

/* Migrations 6 and 7 build from the records what the apply keeps. */
static void
test_rebuilt_by_the_migrations(void **state)
{
	struct fx *f = *state;
	struct ids x;

	write_all(f, &x);
	fx_stats_rebuild(f);
	check_all(f, &x);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_kept_counts, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_rebuilt_by_the_migrations,
		    setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
