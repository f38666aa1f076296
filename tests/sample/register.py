"""A generated register of organisations as CSV, the form
`nordfedctl import` reads (docs/operations.md, "Onboarding a register"):
what tests/integration/test_tools.py imports and docs/operations.md's
"How long it takes" measures.

    python3 tests/sample/register.py ROWS OUT.csv [--country SE] [--seed N]

Deterministic in its seed. Every row is a valid organisation of the
country, with an identifier of the country's register in its form, so
every row gets its own derived id; about 300 bytes a row."""
import argparse
import random

SCHEMES = {"SE": ("SE-ON", "{:06d}-{:04d}"), "NO": ("NO-BRC", "{:09d}"),
           "DK": ("DK-CVR", "{:08d}"), "FI": ("FI-PRO", "{:07d}-{:d}")}
PLACES = ["Göteborg", "Malmö", "Umeå", "Luleå", "Västerås", "Örebro",
          "Jönköping", "Linköping", "Sundsvall", "Gävle", "Kiruna", "Visby"]
WORDS = ["Förening", "Stiftelse", "Kulturhus", "Idrottsklubb", "Språkcafé",
         "Folkhögskola", "Studieförbund", "Ungdomsråd", "Hembygdsgård",
         "Kooperativ", "Nätverk", "Samverkan"]
CLASSES = ["association", "foundation", "cooperative", "study_association",
           "folk_high_school", "informal_group"]
FOCUS = ["culture", "social_care", "education", "integration", "youth",
         "volunteering", "democracy", "environment", "public_health"]


def rows(n, country, seed):
    rnd = random.Random(seed)
    scheme, form = SCHEMES.get(country, SCHEMES["SE"])
    for i in range(n):
        place = rnd.choice(PLACES)
        name = f"{rnd.choice(WORDS)} {place} {i}"
        a, b = divmod(100000 + i, 10000)
        ident = form.format(a * 37 % 1000000, b) if "-" in form else \
            form.format(10000000 + i)
        yield [name, rnd.choice(CLASSES), country, place,
               f"{place}s län", ";".join(rnd.sample(FOCUS, 2)),
               f"https://example.org/{country.lower()}/{i}",
               f"{rnd.randint(1900, 2024)}-{rnd.randint(1, 12):02d}-"
               f"{rnd.randint(1, 28):02d}", "sv",
               f"{name} arbetar med {rnd.choice(FOCUS)} i {place}.",
               ident, f"info{i}@example.org"]


def main():
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("rows", type=int)
    ap.add_argument("out")
    ap.add_argument("--country", default="SE")
    ap.add_argument("--seed", type=int, default=1)
    a = ap.parse_args()
    scheme = SCHEMES.get(a.country, SCHEMES["SE"])[0]
    with open(a.out, "w", encoding="utf-8", newline="") as f:
        f.write("name,classification,country,municipality,region,"
                "focus_areas,website,founded,lang,description_sv,"
                f"identifier_{scheme},email\r\n")
        for r in rows(a.rows, a.country, a.seed):
            f.write(",".join('"' + c.replace('"', '""') + '"'
                             if any(x in c for x in ',";\n') else c
                             for c in r) + "\r\n")


if __name__ == "__main__":
    main()
