/*
 * gen: the benchmark data of nordfed (docs/benchmarks.md).
 *
 * Realistic organisations of all eight countries, deterministic for a
 * given seed: names and descriptions in the countries' languages (sv nb
 * nn da fi is kl fo se, with English translations), every classification
 * and focus area, identifiers of each country's register, municipality,
 * region, contact, website and founding date. Each is validated with
 * record_validate, signed with its origin's key (keys from the seed) and
 * stored through the node's own store, so a database made here is exactly
 * what a node holding those entries would have.
 *
 *   gen keys DIR [--seed S]
 *       DIR/<cc>.key (32-byte seeds, mode 0600) for the eight origins;
 *       prints {"SE":"<public key>",...}
 *   gen db FILE --node CC --orgs N [--countries all|own] [--seed S]
 *       a new database for node CC holding N organisations: with "all"
 *       (the default) spread over the eight countries (CC's own appended
 *       with store_append_local, the others' with store_apply_remote as
 *       replicated entries), with "own" all of CC. Signing runs on two
 *       threads (one chain per origin each) while the main thread inserts.
 *       Prints a JSON summary (counts, canonical body bytes, seconds).
 *   gen bodies --country CC --n K [--from I] [--seed S]
 *       K organisation bodies of CC as JSON lines (for the write API).
 *
 * GEN_VERSION changes whenever the output for a given seed changes; the
 * benchmark keys its cache on it.
 */
#include <errno.h>
#include <inttypes.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <sodium.h>
#include <sqlite3.h>

#include "canon.h"
#include "entry.h"
#include "keys.h"
#include "record.h"
#include "record_schema.h"
#include "store.h"

#define GEN_VERSION   3
#define CHUNK         2048          /* entries per insert transaction */
#define DEPTH         4             /* chunks a worker may run ahead */
#define NTHREADS      2
#define BASE_MS       1735689600000LL  /* 2025-01-01T00:00:00Z */
#define STEP_MS       30000            /* 30 s between two entries */
#define NORIG         8

/* ---- deterministic randomness ------------------------------------------ */

struct rng {
	uint64_t s;
};

static uint64_t
mix64(uint64_t z)
{
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static uint64_t
rnext(struct rng *r)
{
	r->s += 0x9e3779b97f4a7c15ULL;
	return mix64(r->s);
}

/* 0..n-1 */
static unsigned
rpick(struct rng *r, unsigned n)
{
	return (unsigned)(rnext(r) % n);
}

/* 1 with probability pct/100 */
static int
rchance(struct rng *r, unsigned pct)
{
	return rpick(r, 100) < pct;
}

/* Zipf (s = 1) over n items: item k has weight 1/(k+1). */
static unsigned
rzipf(struct rng *r, unsigned n)
{
	double h = 0, u, acc = 0;
	unsigned k;

	for (k = 0; k < n; k++)
		h += 1.0 / (k + 1);
	u = (double)(rnext(r) >> 11) / 9007199254740992.0 * h;
	for (k = 0; k < n; k++) {
		acc += 1.0 / (k + 1);
		if (u < acc)
			return k;
	}
	return n - 1;
}

static void
rng_init(struct rng *r, uint64_t seed, uint64_t i, uint64_t salt)
{
	r->s = mix64(seed ^ mix64(i * 0x100000001b3ULL ^ mix64(salt + 1)));
}

/* ---- language data ------------------------------------------------------ */

#define NCLASS 16
#define NFOCUS 15
#define NA(a) (sizeof(a) / sizeof((a)[0]))

/*
 * The words are the schema's (protocol/record_schema.c, vocabularies
 * classification and focus_area). The tables below give each word its
 * weight and its names in each language, one column a word, in the order
 * of gen_classes[] and gen_focuses[]. vocab_check() refuses to run unless
 * the schema has exactly these words in this order, so a word added,
 * removed or moved in the schema stops the generator with a message
 * instead of pairing names with the wrong word.
 */
static const char *const gen_classes[NCLASS] = {
	"association", "foundation", "cooperative", "umbrella",
	"social_enterprise", "faith_community", "study_association",
	"folk_high_school", "trade_union", "informal_group", "municipality",
	"region", "state_agency", "government", "parliament",
	"public_body_other",
};
static const char *const gen_focuses[NFOCUS] = {
	"culture", "social_care", "education", "labour_market",
	"rural_development", "human_rights", "public_health", "integration",
	"innovation", "environment", "health_care", "gender_equality", "youth",
	"volunteering", "democracy",
};
static const char *const *classes;
static const char *const *focuses;

/* 0 when the vocabulary has exactly want[0..n-1] in order, else -1 with
 * the first difference on stderr. */
static int
vocab_same(const char *name, const char *const *want, size_t n)
{
	const struct record_vocab *v = record_vocab_find(name);
	size_t i;

	for (i = 0; v != NULL && i < n; i++)
		if (v->words[i] == NULL || strcmp(v->words[i], want[i]) != 0)
			break;
	if (v != NULL && i == n && v->words[n] == NULL)
		return 0;
	fprintf(stderr, "gen: the schema's %s word %zu is \"%s\", bench/gen.c "
	    "has \"%s\": give each word of the schema its weight and names in "
	    "bench/gen.c, in the schema's order\n", name, i + 1,
	    v == NULL ? "(no such vocabulary)" :
	    (v->words[i] ? v->words[i] : "(none)"), i < n ? want[i] : "(none)");
	return -1;
}

static void
vocab_check(void)
{
	if (vocab_same("classification", gen_classes, NCLASS) != 0 ||
	    vocab_same("focus_area", gen_focuses, NFOCUS) != 0)
		exit(1);
	classes = record_vocab_find("classification")->words;
	focuses = record_vocab_find("focus_area")->words;
}

/* how common each classification is, per mille */
static const unsigned class_weight[NCLASS] = {
	520, 90, 40, 45, 40, 50, 25, 15, 30, 60, 30, 10, 15, 5, 5, 20,
};

struct lang {
	const char *tag;
	const char *cls[NCLASS];      /* in names */
	const char *clsd[NCLASS];     /* in descriptions */
	const char *fname[NFOCUS];    /* in names */
	const char *fdesc[NFOCUS];    /* in descriptions */
	const char *name_tpl[4];      /* {C} class {X} compound {P} place
	                               * {F} focus {f} focus text {N} person */
	const char *desc_tpl[2];      /* {c} {p} {1} {2} {a} {u} {m} */
	const char *act[6];
	const char *aud[4];
	const char *pre[24];          /* compound place-like names */
	const char *suf[16];
	const char *first[12];
	const char *last[16];
};

static const struct lang L_sv = {
	"sv",
	{ "Föreningen", "Stiftelsen", "Kooperativet", "Riksförbundet",
	  "Sociala företaget", "Församlingen", "Studieförbundet",
	  "Folkhögskolan", "Fackförbundet", "Nätverket", "kommun", "Region",
	  "Myndigheten", "Regeringskansliet", "Riksdagen", "Länsstyrelsen" },
	{ "ideell förening", "stiftelse", "ekonomisk förening",
	  "paraplyorganisation", "socialt företag", "församling",
	  "studieförbund", "folkhögskola", "fackförening", "nätverk",
	  "kommun", "region", "statlig myndighet", "regering", "riksdag",
	  "offentligt organ" },
	{ "Kulturhuset", "Omsorgsgruppen", "Läxhjälpen", "Jobbcentret",
	  "Bygdegården", "Rättighetscentret", "Friskvården", "Språkcafé",
	  "Idéverkstaden", "Miljögruppen", "Vårdföreningen", "Jämställdhetsrådet",
	  "Ungdomens hus", "Volontärcentralen", "Demokrativerkstaden" },
	{ "kultur", "social omsorg", "utbildning", "arbetsmarknad",
	  "landsbygdsutveckling", "mänskliga rättigheter", "folkhälsa",
	  "integration", "social innovation", "miljö och natur", "vård",
	  "jämställdhet", "ungdomar", "frivilligt arbete", "demokrati" },
	{ "{C} {X}", "{F} {P}", "{C} för {f} i {P}", "{C} {N}" },
	{ "{c} i {p} som arbetar med {1} och {2}. Vi ordnar {a} för {u} i {m}.",
	  "Vi är en {c} med fokus på {1}. Sedan starten har vi ordnat {a} för {u} i {p} och arbetat för {2}." },
	{ "studiecirklar", "språkcaféer", "läxhjälp", "föreläsningar",
	  "träffar", "kurser" },
	{ "unga", "äldre", "nyanlända", "familjer" },
	{ "Björk", "Tall", "Ek", "Sjö", "Berg", "Lind", "Ås", "Rönn", "Gran",
	  "Hav", "Strand", "Äng", "Fjäll", "Myr", "Älv", "Sol", "Vind", "Sten",
	  "Lönn", "Hassel", "Al", "Ljung", "Mos", "Kvarn" },
	{ "hagen", "backen", "viken", "dalen", "holmen", "näset", "udden",
	  "ängen", "berga", "byn", "torp", "sund", "lunda", "gården", "åsen",
	  "bo" },
	{ "Karin", "Anna", "Elsa", "Märta", "Ingrid", "Astrid", "Erik",
	  "Lars", "Gösta", "Åke", "Sven", "Olof" },
	{ "Lindqvist", "Andersson", "Bergström", "Åberg", "Sjögren",
	  "Lundgren", "Nyström", "Öberg", "Holmgren", "Wikström", "Ekström",
	  "Forsberg", "Hägglund", "Sandström", "Björklund", "Strömberg" },
};

static const struct lang L_nb = {
	"nb",
	{ "Foreningen", "Stiftelsen", "Samvirkelaget", "Landsforbundet",
	  "Det sosiale foretaket", "Menigheten", "Studieforbundet",
	  "Folkehøgskolen", "Fagforbundet", "Nettverket", "kommune",
	  "Fylkeskommunen", "Direktoratet", "Departementet", "Stortinget",
	  "Statsforvalteren" },
	{ "frivillig forening", "stiftelse", "samvirkelag",
	  "paraplyorganisasjon", "sosialt foretak", "menighet",
	  "studieforbund", "folkehøgskole", "fagforening", "nettverk",
	  "kommune", "fylkeskommune", "statlig direktorat", "departement",
	  "storting", "offentlig organ" },
	{ "Kulturhuset", "Omsorgsringen", "Leksehjelpen", "Jobbsenteret",
	  "Grendehuset", "Rettighetssenteret", "Frisklivssentralen",
	  "Språkkafé", "Idéverkstedet", "Miljøgruppa", "Helselaget",
	  "Likestillingsrådet", "Ungdomshuset", "Frivilligsentralen",
	  "Demokrativerkstedet" },
	{ "kultur", "omsorg", "utdanning", "arbeidsliv", "bygdeutvikling",
	  "menneskerettigheter", "folkehelse", "inkludering",
	  "sosial innovasjon", "miljø og natur", "helse", "likestilling",
	  "ungdom", "frivillig arbeid", "demokrati" },
	{ "{C} {X}", "{F} {P}", "{C} for {f} i {P}", "{C} {N}" },
	{ "{c} i {p} som arbeider med {1} og {2}. Vi arrangerer {a} for {u} i {m}.",
	  "Vi er en {c} med vekt på {1}. Siden starten har vi arrangert {a} for {u} i {p} og jobbet for {2}." },
	{ "studiesirkler", "språkkafeer", "leksehjelp", "foredrag", "treff",
	  "kurs" },
	{ "unge", "eldre", "nyankomne", "familier" },
	{ "Bjørk", "Furu", "Eik", "Sjø", "Berg", "Lind", "Ås", "Rogn", "Gran",
	  "Hav", "Strand", "Eng", "Fjell", "Myr", "Elv", "Sol", "Vind", "Stein",
	  "Lønn", "Hassel", "Or", "Lyng", "Mose", "Kvern" },
	{ "haugen", "bakken", "vika", "dalen", "holmen", "neset", "odden",
	  "enga", "berget", "byen", "tunet", "sundet", "lia", "gården", "åsen",
	  "stua" },
	{ "Kari", "Ingrid", "Solveig", "Astrid", "Sigrid", "Ragnhild", "Ola",
	  "Knut", "Håkon", "Bjørn", "Øystein", "Arne" },
	{ "Hansen", "Johansen", "Bakken", "Haugen", "Solberg", "Lien",
	  "Strøm", "Østby", "Dahl", "Berg", "Moen", "Løvås", "Kristiansen",
	  "Sæther", "Aasen", "Nygård" },
};

static const struct lang L_nn = {
	"nn",
	{ "Laget", "Stiftinga", "Samvirkelaget", "Landsforbundet",
	  "Det sosiale føretaket", "Kyrkjelyden", "Studieforbundet",
	  "Folkehøgskulen", "Fagforbundet", "Nettverket", "kommune",
	  "Fylkeskommunen", "Direktoratet", "Departementet", "Stortinget",
	  "Statsforvaltaren" },
	{ "frivillig lag", "stifting", "samvirkelag", "paraplyorganisasjon",
	  "sosialt føretak", "kyrkjelyd", "studieforbund", "folkehøgskule",
	  "fagforeining", "nettverk", "kommune", "fylkeskommune",
	  "statleg direktorat", "departement", "storting", "offentleg organ" },
	{ "Kulturhuset", "Omsorgsringen", "Leksehjelpa", "Jobbsenteret",
	  "Grendahuset", "Rettssenteret", "Frisklivssentralen", "Språkkafé",
	  "Idéverkstaden", "Miljøgruppa", "Helselaget", "Likestillingsrådet",
	  "Ungdomshuset", "Frivilligsentralen", "Demokrativerkstaden" },
	{ "kultur", "omsorg", "utdanning", "arbeidsliv", "bygdeutvikling",
	  "menneskerettar", "folkehelse", "inkludering", "sosial innovasjon",
	  "miljø og natur", "helse", "likestilling", "ungdom",
	  "frivillig arbeid", "demokrati" },
	{ "{C} {X}", "{F} {P}", "{C} for {f} i {P}", "{C} {N}" },
	{ "{c} i {p} som arbeider med {1} og {2}. Vi skipar til {a} for {u} i {m}.",
	  "Vi er eit {c} med vekt på {1}. Sidan starten har vi skipa til {a} for {u} i {p} og arbeidd for {2}." },
	{ "studiesirklar", "språkkafear", "leksehjelp", "føredrag", "treff",
	  "kurs" },
	{ "unge", "eldre", "nykomne", "familiar" },
	{ "Bjørk", "Furu", "Eik", "Sjø", "Berg", "Lind", "Ås", "Rogn", "Gran",
	  "Hav", "Strand", "Eng", "Fjell", "Myr", "Elv", "Sol", "Vind", "Stein",
	  "Lønn", "Hassel", "Or", "Lyng", "Mose", "Kvern" },
	{ "haugen", "bakken", "vika", "dalen", "holmen", "neset", "odden",
	  "enga", "berget", "byen", "tunet", "sundet", "lia", "garden", "åsen",
	  "stova" },
	{ "Kari", "Ingrid", "Solveig", "Astrid", "Sigrid", "Ragnhild", "Ola",
	  "Knut", "Håkon", "Bjørn", "Øystein", "Arne" },
	{ "Hansen", "Johansen", "Bakken", "Haugen", "Solberg", "Lien",
	  "Strøm", "Østby", "Dahl", "Berg", "Moen", "Løvås", "Kristiansen",
	  "Sæther", "Aasen", "Nygård" },
};

static const struct lang L_da = {
	"da",
	{ "Foreningen", "Fonden", "Andelsselskabet", "Landsforeningen",
	  "Den sociale virksomhed", "Menigheden", "Oplysningsforbundet",
	  "Højskolen", "Fagforeningen", "Netværket", "Kommune", "Region",
	  "Styrelsen", "Ministeriet", "Folketinget", "Nævnet" },
	{ "frivillig forening", "fond", "andelsselskab",
	  "paraplyorganisation", "social virksomhed", "menighed",
	  "oplysningsforbund", "folkehøjskole", "fagforening", "netværk",
	  "kommune", "region", "statslig styrelse", "ministerium",
	  "folketing", "offentligt organ" },
	{ "Kulturhuset", "Omsorgsgruppen", "Lektiecaféen", "Jobcentret",
	  "Forsamlingshuset", "Rettighedscentret", "Sundhedshuset",
	  "Sprogcafé", "Idéværkstedet", "Miljøgruppen", "Sundhedsforeningen",
	  "Ligestillingsrådet", "Ungdomshuset", "Frivilligcentret",
	  "Demokrativærkstedet" },
	{ "kultur", "social omsorg", "uddannelse", "arbejdsmarked",
	  "landdistriktsudvikling", "menneskerettigheder", "folkesundhed",
	  "integration", "social innovation", "miljø og natur", "sundhed",
	  "ligestilling", "unge", "frivilligt arbejde", "demokrati" },
	{ "{C} {X}", "{F} {P}", "{C} for {f} i {P}", "{C} {N}" },
	{ "{c} i {p}, der arbejder med {1} og {2}. Vi holder {a} for {u} i {m}.",
	  "Vi er en {c} med fokus på {1}. Siden starten har vi holdt {a} for {u} i {p} og arbejdet for {2}." },
	{ "studiekredse", "sprogcaféer", "lektiehjælp", "foredrag",
	  "træf", "kurser" },
	{ "unge", "ældre", "nytilkomne", "familier" },
	{ "Birke", "Fyrre", "Ege", "Sø", "Bjerg", "Linde", "Ås", "Røn",
	  "Gran", "Hav", "Strand", "Eng", "Bakke", "Mose", "Å", "Sol", "Vind",
	  "Sten", "Løn", "Hassel", "El", "Lyng", "Kær", "Mølle" },
	{ "høj", "bakken", "vig", "dal", "holm", "næs", "odde", "enge",
	  "bjerg", "by", "lund", "sund", "gård", "hus", "toft", "strup" },
	{ "Karen", "Inge", "Kirsten", "Mette", "Birgitte", "Hanne", "Jens",
	  "Søren", "Niels", "Jørgen", "Poul", "Anders" },
	{ "Nielsen", "Jensen", "Hansen", "Pedersen", "Sørensen", "Rasmussen",
	  "Jørgensen", "Mølgaard", "Østergaard", "Kjær", "Lykke", "Bach",
	  "Holm", "Frølund", "Dalsgaard", "Skovgaard" },
};

static const struct lang L_fi = {
	"fi",
	{ "Yhdistys", "Säätiö", "Osuuskunta", "Liitto", "Yhteiskunnallinen yritys",
	  "Seurakunta", "Opintokeskus", "Kansanopisto", "Ammattiliitto",
	  "Verkosto", "kaupunki", "Hyvinvointialue", "Virasto", "Ministeriö",
	  "Eduskunta", "Lautakunta" },
	{ "yleishyödyllinen yhdistys", "säätiö", "osuuskunta", "kattojärjestö",
	  "yhteiskunnallinen yritys", "seurakunta", "opintokeskus",
	  "kansanopisto", "ammattiliitto", "verkosto", "kunta",
	  "hyvinvointialue", "valtion virasto", "ministeriö", "eduskunta",
	  "julkinen toimielin" },
	{ "Kulttuuritalo", "Hoivapiiri", "Läksykerho", "Työpaja", "Kylätalo",
	  "Oikeuskeskus", "Terveystupa", "Kielikahvila", "Ideapaja",
	  "Ympäristöryhmä", "Terveysyhdistys", "Tasa-arvoneuvosto",
	  "Nuorisotalo", "Vapaaehtoiskeskus", "Demokratiapaja" },
	{ "kulttuuri", "sosiaalinen hoiva", "koulutus", "työllisyys",
	  "maaseudun kehittäminen", "ihmisoikeudet", "kansanterveys",
	  "kotoutuminen", "sosiaaliset innovaatiot", "ympäristö ja luonto",
	  "terveys", "tasa-arvo", "nuoret", "vapaaehtoistyö", "demokratia" },
	{ "{X} {C} ry", "{F} {P}", "{P} {f} {C} ry", "{C} {N}" },
	{ "{c}, joka toimii paikkakunnalla {p} teemoina {1} ja {2}. Järjestämme {a} kohderyhmälle {u} ({m}).",
	  "Olemme {c}, jonka painopiste on {1}. Järjestämme {a} kohderyhmälle {u} paikkakunnalla {p} ja edistämme teemaa {2}." },
	{ "opintopiirejä", "kielikahviloita", "läksyapua", "luentoja",
	  "tapaamisia", "kursseja" },
	{ "nuoret", "ikäihmiset", "maahanmuuttajat", "perheet" },
	{ "Koivu", "Mänty", "Tammi", "Järvi", "Vuori", "Lehmus", "Harju",
	  "Pihlaja", "Kuusi", "Meri", "Ranta", "Niitty", "Tunturi", "Suo",
	  "Joki", "Aurinko", "Tuuli", "Kivi", "Vaahtera", "Pähkinä", "Leppä",
	  "Kanerva", "Sammal", "Mylly" },
	{ "mäki", "kallio", "lahti", "laakso", "saari", "niemi", "kangas",
	  "pelto", "vaara", "kylä", "mökki", "salmi", "lehto", "talo", "harju",
	  "koski" },
	{ "Aino", "Helmi", "Kaarina", "Liisa", "Sirkka", "Päivi", "Juhani",
	  "Matti", "Väinö", "Jyrki", "Eero", "Pekka" },
	{ "Virtanen", "Mäkinen", "Nieminen", "Hämäläinen", "Koskinen",
	  "Järvinen", "Lehtonen", "Heikkinen", "Räsänen", "Kärkkäinen",
	  "Salminen", "Laaksonen", "Pöllänen", "Väisänen", "Hyvönen",
	  "Lindroos" },
};

static const struct lang L_is = {
	"is",
	{ "Félagið", "Sjóðurinn", "Samvinnufélagið", "Landssambandið",
	  "Félagslega fyrirtækið", "Söfnuðurinn", "Fræðslusambandið",
	  "Lýðskólinn", "Stéttarfélagið", "Tengslanetið", "", "Landshlutinn",
	  "Stofnunin", "Ráðuneytið", "Alþingi", "Nefndin" },
	{ "frjáls félagasamtök", "sjóður", "samvinnufélag", "regnhlífarsamtök",
	  "félagslegt fyrirtæki", "söfnuður", "fræðslusamband", "lýðskóli",
	  "stéttarfélag", "tengslanet", "sveitarfélag", "landshluti",
	  "ríkisstofnun", "ráðuneyti", "þing", "opinber aðili" },
	{ "Menningarhúsið", "Umönnunarhópurinn", "Heimanámsaðstoðin",
	  "Atvinnumiðstöðin", "Félagsheimilið", "Mannréttindamiðstöðin",
	  "Heilsueflingin", "Tungumálakaffi", "Hugmyndasmiðjan",
	  "Umhverfishópurinn", "Heilsufélagið", "Jafnréttisráðið",
	  "Ungmennahúsið", "Sjálfboðamiðstöðin", "Lýðræðissmiðjan" },
	{ "menning", "félagsleg umönnun", "menntun", "atvinnumál",
	  "byggðaþróun", "mannréttindi", "lýðheilsa", "inngilding",
	  "félagsleg nýsköpun", "umhverfi og náttúra", "heilbrigði",
	  "jafnrétti", "ungmenni", "sjálfboðastarf", "lýðræði" },
	{ "{C} {X}", "{F} {P}", "{C} um {f} í {P}", "{C} {N}" },
	{ "{c} í {p} sem vinnur að {1} og {2}. Við höldum {a} fyrir {u} í {m}.",
	  "Við erum {c} með áherslu á {1}. Frá upphafi höfum við haldið {a} fyrir {u} í {p} og unnið að {2}." },
	{ "námshringi", "tungumálakaffi", "heimanámsaðstoð", "fyrirlestra",
	  "fundi", "námskeið" },
	{ "ungmenni", "eldri borgara", "innflytjendur", "fjölskyldur" },
	{ "Birki", "Furu", "Eiki", "Vatns", "Bergs", "Linda", "Ás", "Reyni",
	  "Greni", "Hafs", "Strand", "Engi", "Fjalla", "Mýra", "Ár", "Sólar",
	  "Vinda", "Steina", "Hlyns", "Hesli", "Elri", "Lyng", "Mosa",
	  "Kvarnar" },
	{ "hlíð", "brekka", "vík", "dalur", "hólmur", "nes", "oddi", "engi",
	  "berg", "bær", "tún", "sund", "lundur", "garður", "ás", "fjörður" },
	{ "Guðrún", "Sigríður", "Kristín", "Þórunn", "Ásdís", "Ragnheiður",
	  "Jón", "Sigurður", "Guðmundur", "Þórður", "Ólafur", "Einar" },
	{ "Jónsdóttir", "Sigurðardóttir", "Guðmundsdóttir", "Ólafsdóttir",
	  "Þórsdóttir", "Einarsdóttir", "Jónsson", "Sigurðsson",
	  "Guðmundsson", "Ólafsson", "Þórsson", "Einarsson", "Magnússon",
	  "Halldórsson", "Björnsson", "Ásgeirsson" },
};

static const struct lang L_kl = {
	"kl",
	{ "Peqatigiiffik", "Aningaasaateqarfik", "Suleqatigiiffik",
	  "Kattuffik", "Inuiaqatigiinni suliffeqarfik", "Palaseqarfik",
	  "Ilinniartitaaneq", "Efterskole", "Sulisartut Peqatigiiffiat",
	  "Attaveqaat", "Kommunia", "Nunap immikkoortua", "Aqutsisoqarfik",
	  "Naalakkersuisut", "Inatsisartut", "Ataatsimiititaliaq" },
	{ "peqatigiiffik", "aningaasaateqarfik", "suleqatigiiffik",
	  "kattuffik", "inuiaqatigiinni suliffeqarfik", "palaseqarfik",
	  "ilinniartitaaneq", "efterskole", "sulisartut peqatigiiffiat",
	  "attaveqaat", "kommuni", "nunap immikkoortua", "aqutsisoqarfik",
	  "naalakkersuisut", "inatsisartut", "pisortat" },
	{ "Katersortarfik", "Ikiorsiivik", "Atuarfik", "Suliffissaqartitsineq",
	  "Nunaqarfik", "Inuit pisinnaatitaaffii", "Peqqinneq", "Oqaatsit",
	  "Nutaaliorneq", "Avatangiisit", "Napparsimavik", "Naligiissitaaneq",
	  "Inuusuttut", "Namminersorlutik", "Oqartussaaqataaneq" },
	{ "kultureq", "isumaginninneq", "ilinniartitaaneq",
	  "suliffeqarneq", "nunaqarfiit ineriartornerat",
	  "inuit pisinnaatitaaffii", "peqqinneq", "akuleriissitaaneq",
	  "nutaaliorneq", "avatangiisit", "peqqissuseq", "naligiissitaaneq",
	  "inuusuttut", "namminersorlutik suliaqarneq",
	  "oqartussaaqataaneq" },
	{ "{C} {X}", "{F} {P}", "{C} {P}", "{C} {N}" },
	{ "{c} {p}-mi {1} aamma {2} pillugit sulisoq. {a} {u}-nut {m}-mi aaqqissuuttarpagut.",
	  "Uagut {c} {1} pingaartillugu. {a} {u}-nut {p}-mi aaqqissuuttarpagut, {2} siuarsarlugu." },
	{ "ilinniarnerit", "oqaatsinik kaffisorfiit", "ilinniagassanik ikiorneq",
	  "oqalugiarnerit", "naapittarnerit", "pikkorissarnerit" },
	{ "inuusuttut", "utoqqaat", "nunasitat", "ilaqutariit" },
	{ "Qaqqa", "Tasi", "Nuna", "Imaq", "Kangerlu", "Sermi", "Ilulis",
	  "Narsa", "Appa", "Qoor", "Nunnguar", "Itilleq", "Qeqer", "Avan",
	  "Kujal", "Ittoq", "Saarloq", "Umiiv", "Kuuk", "Aasi", "Ikerasak",
	  "Uumman", "Tuno", "Akia" },
	{ "tsiaq", "rsuaq", "ssuaq", "nnguaq", "tooq", "liaq", "ssat",
	  "rmiut", "sorsuaq", "tsiaat", "nguit", "rujuk", "lik", "ngua",
	  "kassak", "miut" },
	{ "Naja", "Aviaja", "Nivi", "Paninnguaq", "Ivalo", "Pipaluk", "Hans",
	  "Aqqaluk", "Kuupik", "Malik", "Inuk", "Minik" },
	{ "Kleist", "Lynge", "Motzfeldt", "Olsen", "Petersen", "Heilmann",
	  "Berthelsen", "Kristiansen", "Egede", "Nielsen", "Rosing",
	  "Thorleifsen", "Møller", "Lennert", "Hammeken", "Broberg" },
};

static const struct lang L_fo = {
	"fo",
	{ "Felagið", "Grunnurin", "Samvirkið", "Landsfelagið",
	  "Sosiala fyritøkan", "Kirkjusóknin", "Lestrarfelagið",
	  "Fólkaháskúlin", "Fakfelagið", "Netverkið", "kommuna", "Økið",
	  "Stovnurin", "Ráðið", "Løgtingið", "Nevndin" },
	{ "sjálvboðið felag", "grunnur", "samvirki", "høvuðsfelag",
	  "sosial fyritøka", "kirkjusókn", "lestrarfelag", "fólkaháskúli",
	  "fakfelag", "netverk", "kommuna", "øki", "landsstovnur", "ráð",
	  "løgting", "almennur stovnur" },
	{ "Mentanarhúsið", "Umsorganarbólkurin", "Heimaarbeiðshjálpin",
	  "Arbeiðsstøðin", "Bygdarhúsið", "Mannarættindamiðstøðin",
	  "Heilsurøktin", "Málkaffi", "Hugskotssmiðjan",
	  "Umhvørvisbólkurin", "Heilsufelagið", "Javnstøðuráðið",
	  "Ungdómshúsið", "Sjálvboðamiðstøðin", "Fólkaræðissmiðjan" },
	{ "mentan", "sosial umsorgan", "útbúgving", "arbeiðsmarknaður",
	  "bygdarmenning", "mannarættindi", "fólkaheilsa", "integratión",
	  "sosial nýskapan", "umhvørvi og náttúra", "heilsa", "javnstøða",
	  "ung", "sjálvboðið arbeiði", "fólkaræði" },
	{ "{C} {X}", "{F} {P}", "{C} fyri {f} í {P}", "{C} {N}" },
	{ "{c} í {p}, sum arbeiðir við {1} og {2}. Vit skipa fyri {a} fyri {u} í {m}.",
	  "Vit eru eitt {c} við denti á {1}. Síðani byrjanina hava vit skipað fyri {a} fyri {u} í {p} og arbeitt fyri {2}." },
	{ "lesibólkum", "málkaffi", "heimaarbeiðshjálp", "fyrilestrum",
	  "fundum", "skeiðum" },
	{ "ung", "eldri", "tilflytarar", "familjur" },
	{ "Birki", "Furu", "Eiki", "Vatns", "Bergs", "Lind", "Ás", "Rogvu",
	  "Gran", "Havs", "Strond", "Eng", "Fjall", "Mýri", "Á", "Sól",
	  "Vind", "Stein", "Hlyn", "Hesli", "Elri", "Lyng", "Mosa", "Kvørn" },
	{ "hagi", "brekka", "vík", "dalur", "hólmur", "nes", "oddi", "eingi",
	  "berg", "bøur", "tún", "sund", "lundur", "garður", "ás", "fjørður" },
	{ "Guðrun", "Sigrid", "Marjun", "Rannvá", "Turið", "Sunneva", "Jógvan",
	  "Sigmund", "Hanus", "Heðin", "Óli", "Rógvi" },
	{ "Joensen", "Hansen", "Jacobsen", "Olsen", "Poulsen", "Petersen",
	  "Djurhuus", "Dam", "Mikkelsen", "Hammershaimb", "Rasmussen",
	  "Lamhauge", "Skaalum", "Thomsen", "Højgaard", "Ellefsen" },
};

static const struct lang L_se = {
	"se",
	{ "Searvi", "Vuođđudus", "Ovttasbargosearvi", "Riikkasearvi",
	  "Sosiála fitnodat", "Searvegoddi", "Oahpahussearvi", "Álbmotallaskuvla",
	  "Bargiidsearvi", "Fierpmádat", "suohkan", "Guovlu", "Direktoráhtta",
	  "Departemeanta", "Sámediggi", "Lávdegoddi" },
	{ "eaktodáhtolaš searvi", "vuođđudus", "ovttasbargosearvi",
	  "riikkasearvi", "sosiála fitnodat", "searvegoddi",
	  "oahpahussearvi", "álbmotallaskuvla", "bargiidsearvi",
	  "fierpmádat", "suohkan", "guovlu", "stáhtalaš direktoráhtta",
	  "departemeanta", "sámediggi", "almmolaš orgána" },
	{ "Kulturviessu", "Fuolahusjoavku", "Leaksaveahkki", "Bargoguovddáš",
	  "Giláviessu", "Vuoigatvuođaguovddáš", "Dearvvašvuohta",
	  "Giellakafea", "Jurddabádji", "Birasjoavku", "Dearvvašvuođasearvi",
	  "Dásseárvoráđđi", "Nuoraidviessu", "Eaktodáhttoguovddáš",
	  "Demokratiijabádji" },
	{ "kultuvra", "fuolahus", "oahpahus", "bargoeallin",
	  "giliidovdáneapmi", "olmmošvuoigatvuođat", "álbmotdearvvašvuohta",
	  "searvadahttin", "sosiála innovašuvdna", "biras ja luondu",
	  "dearvvašvuohta", "dásseárvu", "nuorat", "eaktodáhtolaš bargu",
	  "demokratiija" },
	{ "{C} {X}", "{F} {P}", "{C} {P}", "{C} {N}" },
	{ "{c} {p}s mii bargá {1} ja {2} ovddas. Mii lágidit {a} {u} várás {m}s.",
	  "Mii leat {c} mas deaddu lea {1}. Mii lágidit {a} {u} várás {p}s ja bargat {2} ovddas." },
	{ "oahppojoavkkuid", "giellakafeaid", "leaksaveahki", "logaldallamiid",
	  "deaivvademiid", "kurssaid" },
	{ "nuoraid", "vuorrasiid", "ođđa ássiid", "bearrašiid" },
	{ "Beahce", "Soahki", "Jávri", "Várri", "Ája", "Johka", "Muotki",
	  "Gieddi", "Gáisá", "Suolu", "Njárga", "Vuotna", "Roavvi", "Čohkka",
	  "Luokta", "Vuopmi", "Geaidnu", "Ráhppi", "Ravda", "Čoalbmi", "Gurra",
	  "Skáidi", "Vággi", "Oaivi" },
	{ "gieddi", "várri", "njárga", "jávri", "johka", "suolu", "luokta",
	  "vuopmi", "ája", "čohkka", "roavvi", "geaidnu", "vággi", "oaivi",
	  "ravda", "gurra" },
	{ "Elle", "Máret", "Ánne", "Sárá", "Inger", "Biret", "Ovllá", "Áslat",
	  "Niillas", "Máhtte", "Jovnna", "Ánte" },
	{ "Somby", "Sara", "Gaup", "Eira", "Hætta", "Buljo", "Turi", "Utsi",
	  "Bongo", "Mienna", "Guttorm", "Porsanger", "Juuso", "Aikio",
	  "Länsman", "Valkeapää" },
};

static const struct lang L_en = {
	"en",
	{ "Association", "Foundation", "Cooperative", "Federation",
	  "Social Enterprise", "Congregation", "Study Association",
	  "Folk High School", "Union", "Network", "Municipality", "Region",
	  "Agency", "Government Offices", "Parliament", "County Board" },
	{ "non-profit association", "foundation", "cooperative",
	  "umbrella organisation", "social enterprise", "faith community",
	  "study association", "folk high school", "trade union", "network",
	  "municipality", "region", "state agency", "government",
	  "parliament", "public body" },
	{ "Culture House", "Care Group", "Homework Club", "Job Centre",
	  "Village Hall", "Rights Centre", "Health Hub", "Language Café",
	  "Idea Workshop", "Environment Group", "Health Association",
	  "Equality Council", "Youth House", "Volunteer Centre",
	  "Democracy Workshop" },
	{ "culture", "social care", "education", "the labour market",
	  "rural development", "human rights", "public health", "integration",
	  "social innovation", "the environment", "health care",
	  "gender equality", "young people", "volunteering", "democracy" },
	{ "{X} {C}", "{P} {F}", "{P} {C} for {f}", "{N} {C}" },
	{ "A {c} in {p} working on {1} and {2}. We run {a} for {u} in {m}.",
	  "We are a {c} focused on {1}. Since our start we have run {a} for {u} in {p} and worked for {2}." },
	{ "study circles", "language cafés", "homework help", "lectures",
	  "meet-ups", "courses" },
	{ "young people", "older people", "newcomers", "families" },
	{ "" }, { "" }, { "" }, { "" },
};

struct place {
	const char *name, *muni, *region, *postcode;
};

struct country {
	const char *cc, *scheme, *tld, *phone;
	const struct lang *main, *alt;   /* alt: second name language */
	unsigned alt_pct;                /* % of orgs named in alt */
	const struct lang *sami;         /* some orgs in Northern Sámi */
	unsigned sami_pct;
	const struct place *places;
	unsigned nplaces;
	const char *streets[6];
	unsigned weight;                 /* per mille of all orgs */
};

static const struct place P_SE[] = {
	{ "Stockholm", "Stockholm", "Stockholms län", "111 22" },
	{ "Göteborg", "Göteborg", "Västra Götalands län", "411 04" },
	{ "Malmö", "Malmö", "Skåne län", "211 22" },
	{ "Uppsala", "Uppsala", "Uppsala län", "753 20" },
	{ "Umeå", "Umeå", "Västerbottens län", "903 26" },
	{ "Örebro", "Örebro", "Örebro län", "702 10" },
	{ "Linköping", "Linköping", "Östergötlands län", "582 22" },
	{ "Norrköping", "Norrköping", "Östergötlands län", "602 24" },
	{ "Gävle", "Gävle", "Gävleborgs län", "802 50" },
	{ "Luleå", "Luleå", "Norrbottens län", "972 31" },
	{ "Sundsvall", "Sundsvall", "Västernorrlands län", "852 30" },
	{ "Växjö", "Växjö", "Kronobergs län", "352 30" },
	{ "Kiruna", "Kiruna", "Norrbottens län", "981 31" },
	{ "Sollefteå", "Sollefteå", "Västernorrlands län", "881 30" },
	{ "Södertälje", "Södertälje", "Stockholms län", "151 73" },
	{ "Visby", "Gotland", "Gotlands län", "621 56" },
	{ "Haparanda", "Haparanda", "Norrbottens län", "953 31" },
	{ "Vindeln", "Vindeln", "Västerbottens län", "922 31" },
};
static const struct place P_NO[] = {
	{ "Oslo", "Oslo", "Oslo", "0182" },
	{ "Bergen", "Bergen", "Vestland", "5003" },
	{ "Trondheim", "Trondheim", "Trøndelag", "7011" },
	{ "Stavanger", "Stavanger", "Rogaland", "4006" },
	{ "Tromsø", "Tromsø", "Troms", "9008" },
	{ "Drammen", "Drammen", "Buskerud", "3015" },
	{ "Kristiansand", "Kristiansand", "Agder", "4611" },
	{ "Bodø", "Bodø", "Nordland", "8006" },
	{ "Alta", "Alta", "Finnmark", "9510" },
	{ "Hamar", "Hamar", "Innlandet", "2317" },
	{ "Lillehammer", "Lillehammer", "Innlandet", "2615" },
	{ "Mosjøen", "Vefsn", "Nordland", "8657" },
	{ "Voss", "Voss", "Vestland", "5700" },
	{ "Aurland", "Aurland", "Vestland", "5745" },
	{ "Kautokeino", "Kautokeino", "Finnmark", "9520" },
	{ "Karasjok", "Karasjok", "Finnmark", "9730" },
};
static const struct place P_DK[] = {
	{ "København", "København", "Region Hovedstaden", "1620" },
	{ "Aarhus", "Aarhus", "Region Midtjylland", "8000" },
	{ "Odense", "Odense", "Region Syddanmark", "5000" },
	{ "Aalborg", "Aalborg", "Region Nordjylland", "9000" },
	{ "Esbjerg", "Esbjerg", "Region Syddanmark", "6700" },
	{ "Vejle", "Vejle", "Region Syddanmark", "7100" },
	{ "Roskilde", "Roskilde", "Region Sjælland", "4000" },
	{ "Sønderborg", "Sønderborg", "Region Syddanmark", "6400" },
	{ "Thisted", "Thisted", "Region Nordjylland", "7700" },
	{ "Rønne", "Bornholm", "Region Hovedstaden", "3700" },
	{ "Ishøj", "Ishøj", "Region Hovedstaden", "2635" },
	{ "Nykøbing Mors", "Morsø", "Region Nordjylland", "7900" },
	{ "Ærøskøbing", "Ærø", "Region Syddanmark", "5970" },
};
static const struct place P_FI[] = {
	{ "Helsinki", "Helsinki", "Uusimaa", "00100" },
	{ "Espoo", "Espoo", "Uusimaa", "02100" },
	{ "Tampere", "Tampere", "Pirkanmaa", "33100" },
	{ "Vantaa", "Vantaa", "Uusimaa", "01300" },
	{ "Oulu", "Oulu", "Pohjois-Pohjanmaa", "90100" },
	{ "Turku", "Turku", "Varsinais-Suomi", "20100" },
	{ "Jyväskylä", "Jyväskylä", "Keski-Suomi", "40100" },
	{ "Lahti", "Lahti", "Päijät-Häme", "15110" },
	{ "Pori", "Pori", "Satakunta", "28100" },
	{ "Joensuu", "Joensuu", "Pohjois-Karjala", "80100" },
	{ "Vaasa", "Vaasa", "Pohjanmaa", "65100" },
	{ "Rovaniemi", "Rovaniemi", "Lappi", "96100" },
	{ "Savonlinna", "Savonlinna", "Etelä-Savo", "57100" },
	{ "Kajaani", "Kajaani", "Kainuu", "87100" },
	{ "Kuhmo", "Kuhmo", "Kainuu", "88900" },
	{ "Ivalo", "Inari", "Lappi", "99800" },
	{ "Ekenäs", "Raseborg", "Nyland", "10600" },
};
static const struct place P_IS[] = {
	{ "Reykjavík", "Reykjavíkurborg", "Höfuðborgarsvæðið", "101" },
	{ "Hafnarfjörður", "Hafnarfjarðarkaupstaður", "Höfuðborgarsvæðið", "220" },
	{ "Akureyri", "Akureyrarbær", "Norðurland eystra", "600" },
	{ "Reykjanesbær", "Reykjanesbær", "Suðurnes", "230" },
	{ "Selfoss", "Sveitarfélagið Árborg", "Suðurland", "800" },
	{ "Borgarnes", "Borgarbyggð", "Vesturland", "310" },
	{ "Sauðárkrókur", "Skagafjörður", "Norðurland vestra", "550" },
	{ "Ísafjörður", "Ísafjarðarbær", "Vestfirðir", "400" },
	{ "Egilsstaðir", "Múlaþing", "Austurland", "700" },
	{ "Höfn", "Sveitarfélagið Hornafjörður", "Suðurland", "780" },
	{ "Vestmannaeyjar", "Vestmannaeyjabær", "Suðurland", "900" },
	{ "Þingvellir", "Bláskógabyggð", "Suðurland", "801" },
};
static const struct place P_GL[] = {
	{ "Nuuk", "Kommuneqarfik Sermersooq", NULL, "3900" },
	{ "Sisimiut", "Qeqqata Kommunia", NULL, "3911" },
	{ "Ilulissat", "Avannaata Kommunia", NULL, "3952" },
	{ "Qaqortoq", "Kommune Kujalleq", NULL, "3920" },
	{ "Aasiaat", "Kommune Qeqertalik", NULL, "3950" },
	{ "Maniitsoq", "Qeqqata Kommunia", NULL, "3912" },
	{ "Tasiilaq", "Kommuneqarfik Sermersooq", NULL, "3913" },
	{ "Uummannaq", "Avannaata Kommunia", NULL, "3961" },
	{ "Narsaq", "Kommune Kujalleq", NULL, "3921" },
};
static const struct place P_FO[] = {
	{ "Tórshavn", "Tórshavnar kommuna", "Suðurstreymoy", "100" },
	{ "Klaksvík", "Klaksvíkar kommuna", "Norðoyar", "700" },
	{ "Runavík", "Runavíkar kommuna", "Eysturoy", "620" },
	{ "Tvøroyri", "Tvøroyrar kommuna", "Suðuroy", "800" },
	{ "Vágur", "Vágs kommuna", "Suðuroy", "900" },
	{ "Sørvágur", "Sørvágs kommuna", "Vágar", "380" },
	{ "Fuglafjørður", "Fuglafjarðar kommuna", "Eysturoy", "530" },
	{ "Eiði", "Eiðis kommuna", "Eysturoy", "470" },
	{ "Sandur", "Sands kommuna", "Sandoy", "210" },
};
static const struct place P_AX[] = {
	{ "Mariehamn", "Mariehamn", "Åland", "AX-22100" },
	{ "Jomala", "Jomala", "Åland", "AX-22150" },
	{ "Godby", "Finström", "Åland", "AX-22410" },
	{ "Kökar", "Kökar", "Åland", "AX-22730" },
	{ "Saltvik", "Saltvik", "Åland", "AX-22430" },
	{ "Lemland", "Lemland", "Åland", "AX-22610" },
	{ "Eckerö", "Eckerö", "Åland", "AX-22270" },
	{ "Brändö", "Brändö", "Åland", "AX-22940" },
};

#define PL(a) a, (unsigned)NA(a)
/* in record_origins order: SE NO DK FI IS GL FO AX */
static const struct country countries[NORIG] = {
	{ "SE", "SE-ON", "se", "+46 ", &L_sv, &L_sv, 0, &L_se, 2, PL(P_SE),
	  { "Storgatan", "Kungsgatan", "Skolgatan", "Järnvägsgatan",
	    "Föreningsgatan", "Torggatan" }, 300 },
	{ "NO", "NO-BRC", "no", "+47 ", &L_nb, &L_nn, 12, &L_se, 3, PL(P_NO),
	  { "Storgata", "Kirkegata", "Skolegata", "Strandgata", "Fjordgata",
	    "Torggata" }, 200 },
	{ "DK", "DK-CVR", "dk", "+45 ", &L_da, &L_da, 0, NULL, 0, PL(P_DK),
	  { "Vestergade", "Østergade", "Skolegade", "Søndergade", "Nørregade",
	    "Havnegade" }, 200 },
	{ "FI", "FI-PRO", "fi", "+358 ", &L_fi, &L_sv, 10, &L_se, 1, PL(P_FI),
	  { "Kauppakatu", "Kirkkokatu", "Koulukatu", "Rantakatu", "Asemakatu",
	    "Puistokatu" }, 250 },
	{ "IS", "IS-KEN", "is", "+354 ", &L_is, &L_is, 0, NULL, 0, PL(P_IS),
	  { "Aðalstræti", "Hafnarstræti", "Kirkjuvegur", "Skólavegur",
	    "Strandgata", "Túngata" }, 30 },
	{ "GL", "GL-CVR", "gl", "+299 ", &L_kl, &L_da, 30, NULL, 0, PL(P_GL),
	  { "Aqqusinersuaq", "Imaneq", "Hans Egedesvej", "Issortarfimmut",
	    "Aqqusinertaaq", "Tuapannguit" }, 6 },
	{ "FO", "FO-VN", "fo", "+298 ", &L_fo, &L_da, 15, NULL, 0, PL(P_FO),
	  { "Niels Finsens gøta", "Áarvegur", "Skúlavegur", "Kirkjuvegur",
	    "Við Strond", "Bryggjubakki" }, 8 },
	{ "AX", "AX-FR", "ax", "+358 18 ", &L_sv, &L_sv, 0, NULL, 0, PL(P_AX),
	  { "Torggatan", "Storagatan", "Skolgatan", "Norra Esplanadgatan",
	    "Ålandsvägen", "Hamngatan" }, 6 },
};

/* ---- text helpers -------------------------------------------------------- */

struct sb {
	char p[2048];
	size_t n;
};

static void
sb_add(struct sb *b, const char *s)
{
	size_t l = strlen(s);

	if (b->n + l >= sizeof(b->p))
		l = sizeof(b->p) - 1 - b->n;
	memcpy(b->p + b->n, s, l);
	b->n += l;
	b->p[b->n] = '\0';
}

/* Upper-case the first letter when it is ASCII or a Latin-1 lower-case
 * letter in UTF-8 (å ä ö ø æ é í á ó ú ý þ ð). */
static void
cap_first(char *s)
{
	unsigned char *u = (unsigned char *)s;

	if (u[0] >= 'a' && u[0] <= 'z')
		u[0] = (unsigned char)(u[0] - 32);
	else if (u[0] == 0xc3 && u[1] >= 0xa0 && u[1] <= 0xbe && u[1] != 0xb7)
		u[1] = (unsigned char)(u[1] - 0x20);
}

struct slots {
	const char *v[128];   /* indexed by the slot character */
};

static void
fill(struct sb *out, const char *tpl, const struct slots *sl)
{
	const char *p = tpl;

	out->n = 0;
	out->p[0] = '\0';
	while (*p) {
		if (p[0] == '{' && p[1] && p[2] == '}') {
			const char *v = sl->v[(unsigned char)p[1] & 127];

			sb_add(out, v ? v : "");
			p += 3;
			continue;
		}
		{
			char c[2] = { *p, 0 };

			sb_add(out, c);
		}
		p++;
	}
	/* collapse double spaces (an empty class word) and trim */
	{
		char *r = out->p, *w = out->p;

		while (*r == ' ')
			r++;
		for (; *r; r++)
			if (!(*r == ' ' && (w == out->p || w[-1] == ' ')))
				*w++ = *r;
		while (w > out->p && w[-1] == ' ')
			w--;
		*w = '\0';
		out->n = (size_t)(w - out->p);
	}
}

/* ASCII slug for host names: the store's fold, then [a-z0-9] runs. */
static void
slug(const char *in, char *out, size_t outlen)
{
	char f[512];
	size_t i, n = 0;
	int dash = 0;

	store_fold(in, f, sizeof(f));
	for (i = 0; f[i] && n + 2 < outlen; i++) {
		char c = f[i];

		if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
			out[n++] = c;
			dash = 0;
		} else if (!dash && n > 0) {
			out[n++] = '-';
			dash = 1;
		}
	}
	while (n > 0 && out[n - 1] == '-')
		n--;
	if (n == 0)
		out[n++] = 'x';
	out[n] = '\0';
}

static void
digits(struct rng *r, char *out, int n)
{
	int i;

	for (i = 0; i < n; i++)
		out[i] = (char)('0' + rpick(r, 10));
	out[n] = '\0';
}

/* ---- one organisation ------------------------------------------------------ */

static unsigned
pick_class(struct rng *r)
{
	unsigned u = rpick(r, 1000), acc = 0, k;

	for (k = 0; k < NCLASS; k++) {
		acc += class_weight[k];
		if (u < acc)
			return k;
	}
	return 0;
}

static void
identifier(struct rng *r, const struct country *c, unsigned cls, char *out,
    size_t n)
{
	char d[16];

	digits(r, d, 10);
	if (strcmp(c->cc, "SE") == 0)
		snprintf(out, n, "%s%.3s-%.4s", cls >= 10 ? "212" : "802", d, d + 3);
	else if (strcmp(c->cc, "NO") == 0)
		snprintf(out, n, "9%.8s", d);
	else if (strcmp(c->cc, "DK") == 0 || strcmp(c->cc, "GL") == 0)
		snprintf(out, n, "%c%.7s", strcmp(c->cc, "GL") == 0 ? '1' : '3', d);
	else if (strcmp(c->cc, "FI") == 0)
		snprintf(out, n, "%c%.5s%c-%c", '1' + (char)rpick(r, 3), d, d[5], d[6]);
	else if (strcmp(c->cc, "IS") == 0)
		snprintf(out, n, "%.6s-%.4s", d, d + 6);
	else if (strcmp(c->cc, "FO") == 0)
		snprintf(out, n, "5%.5s", d);
	else
		snprintf(out, n, "0%.6s-%c", d, d[6]);
}

static void
phone(struct rng *r, const struct country *c, char *out, size_t n)
{
	char d[16];

	digits(r, d, 9);
	if (strcmp(c->cc, "SE") == 0)
		snprintf(out, n, "+46 %.2s %.3s %.2s %.2s", d, d + 2, d + 5, d + 7);
	else if (strcmp(c->cc, "FI") == 0)
		snprintf(out, n, "+358 %.2s %.3s %.4s", d, d + 2, d + 5);
	else if (strcmp(c->cc, "AX") == 0)
		snprintf(out, n, "+358 18 %.3s %.3s", d, d + 3);
	else if (strcmp(c->cc, "IS") == 0)
		snprintf(out, n, "+354 %.3s %.4s", d, d + 3);
	else if (strcmp(c->cc, "GL") == 0 || strcmp(c->cc, "FO") == 0)
		snprintf(out, n, "%s%.2s %.2s %.2s", c->phone, d, d + 2, d + 4);
	else
		snprintf(out, n, "%s%.2s %.2s %.2s %.2s", c->phone, d, d + 2, d + 4,
		    d + 6);
}

/* The organisation at global index i of country c: a new reference. */
static json_t *
make_org(uint64_t seed, uint64_t i, const struct country *c)
{
	struct rng r;
	const struct lang *L, *E = &L_en;
	const struct place *pl;
	struct slots sl, se;
	struct sb name, d1, d2, tmp;
	char compound[128], person[128], slugbuf[128], email[300], web[300];
	char ident[32], tel[40], addr[300], founded[16], fl1[128], fl2[128];
	unsigned cls, f1, f2, nf, k, tpl;
	json_t *body, *desc, *focus, *ids, *contact;

	rng_init(&r, seed, i, 1);
	L = c->main;
	if (c->alt_pct && rchance(&r, c->alt_pct))
		L = c->alt;
	if (c->sami && rchance(&r, c->sami_pct))
		L = c->sami;
	cls = pick_class(&r);
	/* mid-frequency places: a Zipf over the country's places */
	pl = &c->places[rzipf(&r, c->nplaces)];
	f1 = rzipf(&r, NFOCUS);
	f1 = (f1 + (unsigned)(i % 7)) % NFOCUS;   /* every focus well used */
	f2 = (f1 + 1 + rpick(&r, NFOCUS - 1)) % NFOCUS;
	nf = 1 + rpick(&r, 3);
	snprintf(compound, sizeof(compound), "%s%s",
	    L->pre[rzipf(&r, 24)], L->suf[rzipf(&r, 16)]);
	snprintf(person, sizeof(person), "%s %s", L->first[rpick(&r, 12)],
	    L->last[rzipf(&r, 16)]);

	memset(&sl, 0, sizeof(sl));
	sl.v['C'] = L->cls[cls];
	sl.v['X'] = compound;
	sl.v['P'] = pl->name;
	sl.v['F'] = L->fname[f1];
	sl.v['f'] = L->fdesc[f1];
	sl.v['N'] = person;
	if (cls == 1)                       /* foundations after people */
		tpl = rchance(&r, 60) ? 3 : 0;
	else
		tpl = rpick(&r, 3);
	if (cls >= 10)                      /* public bodies: place + class */
		fill(&name, cls == 10 ? "{P} {C}" : "{C} {P}", &sl);
	else
		fill(&name, L->name_tpl[tpl], &sl);
	cap_first(name.p);

	/* description in the name's language, and often in English */
	snprintf(fl1, sizeof(fl1), "%s", L->fdesc[f1]);
	snprintf(fl2, sizeof(fl2), "%s", L->fdesc[f2]);
	sl.v['c'] = L->clsd[cls];
	sl.v['p'] = pl->name;
	sl.v['m'] = pl->muni;
	sl.v['1'] = fl1;
	sl.v['2'] = fl2;
	sl.v['a'] = L->act[rpick(&r, 6)];
	sl.v['u'] = L->aud[rpick(&r, 4)];
	k = rpick(&r, 2);
	fill(&d1, L->desc_tpl[k], &sl);
	cap_first(d1.p);
	desc = json_object();
	json_object_set_new(desc, L->tag, json_string(d1.p));
	if (rchance(&r, 65)) {
		se = sl;
		se.v['c'] = E->clsd[cls];
		se.v['1'] = E->fdesc[f1];
		se.v['2'] = E->fdesc[f2];
		se.v['a'] = E->act[rpick(&r, 6)];
		se.v['u'] = E->aud[rpick(&r, 4)];
		fill(&d2, E->desc_tpl[k], &se);
		cap_first(d2.p);
		json_object_set_new(desc, "en", json_string(d2.p));
	}

	focus = json_array();
	json_array_append_new(focus, json_string(focuses[f1]));
	if (nf > 1)
		json_array_append_new(focus, json_string(focuses[f2]));
	if (nf > 2) {
		unsigned f3 = (f2 + 1 + rpick(&r, NFOCUS - 2)) % NFOCUS;

		if (f3 != f1)
			json_array_append_new(focus, json_string(focuses[f3]));
	}

	/* host names: the slug of the name (of the compound when the name
	 * is built on one); the address uses the place's postcode */
	slug(tpl == 0 && cls < 10 ? compound : name.p, slugbuf, 40);
	snprintf(web, sizeof(web), "https://%s.%s/", slugbuf, c->tld);
	snprintf(email, sizeof(email), "%s@%s.%s",
	    rchance(&r, 50) ? "info" : "kontakt", slugbuf, c->tld);
	phone(&r, c, tel, sizeof(tel));
	snprintf(addr, sizeof(addr), "%s %u, %s %s",
	    c->streets[rpick(&r, 6)], 1 + rpick(&r, 60), pl->postcode,
	    pl->name);
	snprintf(founded, sizeof(founded), "%04u-%02u-%02u",
	    1850 + rpick(&r, 175), 1 + rpick(&r, 12), 1 + rpick(&r, 28));

	body = json_object();
	json_object_set_new(body, "lang", json_string(L->tag));
	json_object_set_new(body, "name", json_string(name.p));
	json_object_set_new(body, "classification", json_string(classes[cls]));
	json_object_set_new(body, "focus_areas", focus);
	json_object_set_new(body, "country", json_string(c->cc));
	json_object_set_new(body, "municipality", json_string(pl->muni));
	if (pl->region)
		json_object_set_new(body, "region", json_string(pl->region));
	json_object_set_new(body, "description", desc);
	if (cls != 9) {                     /* informal groups: no register */
		identifier(&r, c, cls, ident, sizeof(ident));
		ids = json_array();
		json_array_append_new(ids, json_pack("{s:s, s:s}", "scheme",
		    c->scheme, "identifier", ident));
		json_object_set_new(body, "identifiers", ids);
	}
	if (rchance(&r, 25)) {
		/* an English name, for the cross-border page */
		se = sl;
		se.v['C'] = E->cls[cls];
		se.v['F'] = E->fname[f1];
		se.v['f'] = E->fdesc[f1];
		if (cls >= 10)
			fill(&tmp, "{P} {C}", &se);
		else
			fill(&tmp, E->name_tpl[tpl], &se);
		json_object_set_new(body, "other_names", json_pack("[{s:s, s:s}]",
		    "name", tmp.p, "lang", "en"));
	}
	if (rchance(&r, 80))
		json_object_set_new(body, "website", json_string(web));
	contact = json_object();
	json_object_set_new(contact, "email", json_string(email));
	if (rchance(&r, 70))
		json_object_set_new(contact, "phone", json_string(tel));
	if (rchance(&r, 60))
		json_object_set_new(contact, "address", json_string(addr));
	json_object_set_new(body, "contact", contact);
	if (rchance(&r, 85))
		json_object_set_new(body, "founded", json_string(founded));
	return body;
}

/* The origin of global index i: by the countries' weights, or own. */
static int
origin_of(uint64_t seed, uint64_t i, int own)
{
	struct rng r;
	unsigned u, acc = 0;
	int k;

	if (own >= 0)
		return own;
	rng_init(&r, seed, i, 2);
	u = rpick(&r, 1000);
	for (k = 0; k < NORIG; k++) {
		acc += countries[k].weight;
		if (u < acc)
			return k;
	}
	return 0;
}

/* ---- keys ----------------------------------------------------------------- */

static struct nf_key keys[NORIG];

static void
make_keys(uint64_t seed)
{
	unsigned char s[KEY_SEED_LEN];
	char in[64];
	int k;

	for (k = 0; k < NORIG; k++) {
		snprintf(in, sizeof(in), "nordfed-bench-key/%" PRIu64 "/%s", seed,
		    countries[k].cc);
		crypto_generichash(s, sizeof(s), (unsigned char *)in, strlen(in),
		    NULL, 0);
		keys_from_seed(&keys[k], s);
	}
}

static int
cc_index(const char *cc)
{
	int k;

	for (k = 0; k < NORIG; k++)
		if (strcasecmp(countries[k].cc, cc) == 0)
			return k;
	return -1;
}

/* ---- the database ------------------------------------------------------------ */

struct slot {
	struct nf_entry *e;
	size_t n;
	uint64_t body_bytes;
	int full;
};

struct job {
	uint64_t seed, n;
	int own;                       /* origin index when "own", else -1 */
	int mine[NTHREADS][NORIG];     /* which thread signs which origin */
	pthread_mutex_t mu;
	pthread_cond_t cv;
	struct slot slots[NTHREADS][DEPTH];
	int failed;
	char fail_msg[512];
};

struct worker {
	struct job *j;
	int t;
};

static void
job_fail(struct job *j, const char *fmt, ...)
{
	va_list ap;

	pthread_mutex_lock(&j->mu);
	if (!j->failed) {
		va_start(ap, fmt);
		vsnprintf(j->fail_msg, sizeof(j->fail_msg), fmt, ap);
		va_end(ap);
	}
	j->failed = 1;
	pthread_cond_broadcast(&j->cv);
	pthread_mutex_unlock(&j->mu);
}

static void *
worker_run(void *arg)
{
	struct worker *w = arg;
	struct job *j = w->j;
	uint64_t seq[NORIG] = { 0 }, nchunks = (j->n + CHUNK - 1) / CHUNK, c;
	unsigned char prev[NORIG][ENTRY_HASH_LEN];
	struct nferr err;

	memset(prev, 0, sizeof(prev));
	for (c = 0; c < nchunks; c++) {
		struct slot *s = &j->slots[w->t][c % DEPTH];
		uint64_t i, end = (c + 1) * CHUNK < j->n ? (c + 1) * CHUNK : j->n;

		pthread_mutex_lock(&j->mu);
		while (s->full && !j->failed)
			pthread_cond_wait(&j->cv, &j->mu);
		pthread_mutex_unlock(&j->mu);
		if (j->failed)
			return NULL;
		s->n = 0;
		s->body_bytes = 0;
		for (i = c * CHUNK; i < end; i++) {
			int o = origin_of(j->seed, i, j->own);
			const struct country *cn = &countries[o];
			struct nf_entry *e;
			unsigned char rnd[10];
			struct rng r;
			char *canon;
			size_t clen;
			json_t *body;

			if (!j->mine[w->t][o])
				continue;
			e = &s->e[s->n];
			entry_init(e);
			memcpy(e->origin, cn->cc, 3);
			e->seq = ++seq[o];
			memcpy(e->prev, prev[o], ENTRY_HASH_LEN);
			entry_ts_format(BASE_MS + (int64_t)i * STEP_MS, e->ts);
			e->op = OP_PUT;
			e->type = REC_ORGANISATION;
			rng_init(&r, j->seed, i, 3);
			for (int b = 0; b < 10; b++)
				rnd[b] = (unsigned char)rnext(&r);
			record_id_make(e->id, cn->cc, REC_ORGANISATION,
			    (uint64_t)(BASE_MS + (int64_t)i * STEP_MS), rnd);
			body = make_org(j->seed, i, cn);
			if (record_validate(REC_ORGANISATION, e->id, cn->cc, body,
			    &err) != 0) {
				char *txt = json_dumps(body, JSON_COMPACT);

				job_fail(j, "generated body %" PRIu64 " is invalid: "
				    "%s %s: %s", i, err.code, err.field, txt);
				free(txt);
				json_decref(body);
				return NULL;
			}
			if (canon_dump(body, &canon, &clen, &err) != 0) {
				job_fail(j, "canon: %s", err.msg);
				json_decref(body);
				return NULL;
			}
			free(canon);
			s->body_bytes += clen;
			e->body = body;
			if (entry_sign(e, &keys[o], &err) != 0) {
				job_fail(j, "sign: %s", err.msg);
				json_decref(body);
				return NULL;
			}
			json_decref(body);         /* the entry holds its own */
			memcpy(prev[o], e->hash, ENTRY_HASH_LEN);
			s->n++;
		}
		pthread_mutex_lock(&j->mu);
		s->full = 1;
		pthread_cond_broadcast(&j->cv);
		pthread_mutex_unlock(&j->mu);
	}
	return NULL;
}

static double
mono(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int
cmd_db(const char *path, const char *node, uint64_t n, int own_only,
    uint64_t seed)
{
	static struct job j;
	struct worker w[NTHREADS];
	pthread_t th[NTHREADS];
	struct store *st;
	struct nferr err;
	struct nf_entry *loc, *rem;
	uint64_t count[NORIG] = { 0 }, bytes = 0, nchunks, c;
	unsigned load[NTHREADS] = { 0 };
	int ni = cc_index(node), k, t;
	double t0 = mono(), tins = 0;
	struct stat sb;

	if (ni < 0) {
		fprintf(stderr, "gen: unknown node country %s\n", node);
		return 2;
	}
	if (stat(path, &sb) == 0) {
		fprintf(stderr, "gen: %s exists\n", path);
		return 2;
	}
	if (store_open(path, countries[ni].cc, &st, &err) != 0) {
		fprintf(stderr, "gen: %s: %s\n", path, err.msg);
		return 1;
	}
	memset(&j, 0, sizeof(j));
	j.seed = seed;
	j.n = n;
	j.own = own_only ? ni : -1;
	pthread_mutex_init(&j.mu, NULL);
	pthread_cond_init(&j.cv, NULL);
	/* one chain per origin, on the least loaded thread */
	for (k = 0; k < NORIG; k++) {
		unsigned wgt = own_only ? (k == ni) : countries[k].weight;
		int best = 0;

		for (t = 1; t < NTHREADS; t++)
			if (load[t] < load[best])
				best = t;
		load[best] += wgt;
		j.mine[best][k] = 1;
	}
	for (t = 0; t < NTHREADS; t++)
		for (k = 0; k < DEPTH; k++)
			j.slots[t][k].e = calloc(CHUNK, sizeof(struct nf_entry));
	loc = calloc(NTHREADS * CHUNK, sizeof(*loc));
	rem = calloc(NTHREADS * CHUNK, sizeof(*rem));
	for (t = 0; t < NTHREADS; t++) {
		w[t].j = &j;
		w[t].t = t;
		pthread_create(&th[t], NULL, worker_run, &w[t]);
	}
	nchunks = (n + CHUNK - 1) / CHUNK;
	for (c = 0; c < nchunks && !j.failed; c++) {
		size_t nl = 0, nr = 0, x;
		double t1;

		for (t = 0; t < NTHREADS; t++) {
			struct slot *s = &j.slots[t][c % DEPTH];

			pthread_mutex_lock(&j.mu);
			while (!s->full && !j.failed)
				pthread_cond_wait(&j.cv, &j.mu);
			pthread_mutex_unlock(&j.mu);
			if (j.failed)
				break;
			for (x = 0; x < s->n; x++) {
				int o = cc_index(s->e[x].origin);

				count[o]++;
				if (o == ni)
					loc[nl++] = s->e[x];
				else
					rem[nr++] = s->e[x];
			}
			bytes += s->body_bytes;
		}
		if (j.failed)
			break;
		t1 = mono();
		if (store_append_local(st, loc, nl, &err) != 0 ||
		    store_apply_remote(st, rem, nr, NULL, &err) != 0) {
			job_fail(&j, "store: %s", err.msg);
			break;
		}
		tins += mono() - t1;
		for (x = 0; x < nl; x++)
			entry_clear(&loc[x]);
		for (x = 0; x < nr; x++)
			entry_clear(&rem[x]);
		pthread_mutex_lock(&j.mu);
		for (t = 0; t < NTHREADS; t++)
			j.slots[t][c % DEPTH].full = 0;
		pthread_cond_broadcast(&j.cv);
		pthread_mutex_unlock(&j.mu);
		if (isatty(2) && c % 16 == 0)
			fprintf(stderr, "\rgen: %" PRIu64 "/%" PRIu64, c * CHUNK, n);
	}
	for (t = 0; t < NTHREADS; t++)
		pthread_join(th[t], NULL);
	if (isatty(2))
		fprintf(stderr, "\r");
	store_close(st);
	for (t = 0; t < NTHREADS; t++)
		for (k = 0; k < DEPTH; k++) {
			struct slot *s = &j.slots[t][k];

			if (s->full)              /* made but not inserted: failed */
				for (size_t x = 0; x < s->n; x++)
					entry_clear(&s->e[x]);
			free(s->e);
		}
	free(loc);
	free(rem);
	pthread_mutex_destroy(&j.mu);
	pthread_cond_destroy(&j.cv);
	if (j.failed) {
		fprintf(stderr, "gen: %s\n", j.fail_msg);
		unlink(path);
		return 1;
	}
	printf("{\"version\":%d,\"seed\":%" PRIu64 ",\"node\":\"%s\","
	    "\"orgs\":%" PRIu64 ",\"body_bytes\":%" PRIu64 ",\"seconds\":%.3f,"
	    "\"insert_seconds\":%.3f,\"per_origin\":{", GEN_VERSION, seed,
	    countries[ni].cc, n, bytes, mono() - t0, tins);
	for (k = 0; k < NORIG; k++)
		printf("%s\"%s\":%" PRIu64, k ? "," : "", countries[k].cc,
		    count[k]);
	printf("}}\n");
	return 0;
}

static int
cmd_keys(const char *dir, uint64_t seed)
{
	char path[4096], pk[KEY_PUB_B64_LEN + 1];
	struct nferr err;
	int k;

	mkdir(dir, 0700);
	printf("{");
	for (k = 0; k < NORIG; k++) {
		snprintf(path, sizeof(path), "%s/%s.key", dir, countries[k].cc);
		unlink(path);
		if (keys_save_seed(path, &keys[k], &err) != 0) {
			fprintf(stderr, "gen: %s: %s\n", path, err.msg);
			return 1;
		}
		keys_pub_encode(keys[k].pk, pk);
		printf("%s\"%s\":\"%s\"", k ? "," : "", countries[k].cc, pk);
	}
	printf("}\n");
	return 0;
}

static int
cmd_bodies(const char *cc, uint64_t n, uint64_t from, uint64_t seed)
{
	int ci = cc_index(cc);
	struct nferr err;
	uint64_t i;

	if (ci < 0) {
		fprintf(stderr, "gen: unknown country %s\n", cc);
		return 2;
	}
	for (i = from; i < from + n; i++) {
		json_t *b = make_org(seed, i, &countries[ci]);
		char *txt;
		size_t l;

		if (canon_dump(b, &txt, &l, &err) != 0) {
			fprintf(stderr, "gen: %s\n", err.msg);
			return 1;
		}
		printf("%s\n", txt);
		free(txt);
		json_decref(b);
	}
	return 0;
}

static void
usage(void)
{
	fprintf(stderr,
	    "usage: gen keys DIR [--seed S]\n"
	    "       gen db FILE --node CC --orgs N [--countries all|own] "
	    "[--seed S]\n"
	    "       gen bodies --country CC --n K [--from I] [--seed S]\n"
	    "       gen version\n");
	exit(2);
}

int
main(int argc, char **argv)
{
	const char *cmd, *arg = NULL, *node = "SE", *cc = "SE";
	uint64_t seed = 20261123, n = 0, from = 1000000000ULL;
	int own = 0, i;

	if (argc < 2)
		usage();
	vocab_check();
	cmd = argv[1];
	for (i = 2; i < argc; i++) {
		const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;

		if (strcmp(a, "--seed") == 0 && v) {
			seed = strtoull(v, NULL, 10);
			i++;
		} else if (strcmp(a, "--node") == 0 && v) {
			node = v;
			i++;
		} else if (strcmp(a, "--country") == 0 && v) {
			cc = v;
			i++;
		} else if ((strcmp(a, "--orgs") == 0 || strcmp(a, "--n") == 0) && v) {
			n = strtoull(v, NULL, 10);
			i++;
		} else if (strcmp(a, "--from") == 0 && v) {
			from = strtoull(v, NULL, 10);
			i++;
		} else if (strcmp(a, "--countries") == 0 && v) {
			if (strcmp(v, "own") == 0)
				own = 1;
			else if (strcmp(v, "all") != 0)
				usage();
			i++;
		} else if (a[0] != '-' && arg == NULL) {
			arg = a;
		} else {
			usage();
		}
	}
	/*
	 * Process-wide SQLite settings that change nothing in the database,
	 * only how fast this program fills it: no memory statistics (a mutex
	 * on every malloc) and pages read through mmap rather than copied by
	 * pread. The node runs with SQLite's defaults. GEN_SQLITE_TUNE=0
	 * turns this off.
	 */
	if (getenv("GEN_SQLITE_TUNE") == NULL ||
	    strcmp(getenv("GEN_SQLITE_TUNE"), "0") != 0) {
		sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
		sqlite3_config(SQLITE_CONFIG_MMAP_SIZE, (sqlite3_int64)1 << 40,
		    (sqlite3_int64)1 << 40);
	}
	if (keys_init() != 0)
		return 1;
	json_object_seed(1);
	make_keys(seed);
	if (strcmp(cmd, "version") == 0) {
		printf("%d\n", GEN_VERSION);
		return 0;
	}
	if (strcmp(cmd, "keys") == 0 && arg)
		return cmd_keys(arg, seed);
	if (strcmp(cmd, "db") == 0 && arg && n > 0)
		return cmd_db(arg, node, n, own, seed);
	if (strcmp(cmd, "bodies") == 0 && n > 0)
		return cmd_bodies(cc, n, from, seed);
	usage();
	return 2;
}
