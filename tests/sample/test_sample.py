#!/usr/bin/env python3
"""
Self-check of the sample data set: python3 tests/sample/test_sample.py

Validates every record against the record schema, read from the node
(`$BUILD/nordfed-node --schema`, the document GET /api/v1/schema serves:
fields, types, vocabularies, sizes; this file adds the formats' syntax,
unknown fields, no floats, the cross-field and owner rules), then the data set as a
whole: determinism, id formats and uniqueness, that every referenced id
exists with the right type, coverage of classifications and focus areas,
the five Nordic networks with members from all eight countries, the
Swedish national network's 2-4 meetings a year, and the persons lists.
Prints "sample: N records ok" and exits 0, or lists the failures and
exits 1. Python 3.11 standard library only; needs the node built (make).
"""

import datetime as dt
import hashlib
import json
import os
import re
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

import data  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(HERE))


def load_schema():
    """The record schema as the node has it (protocol/record_schema.c)."""
    node = os.path.join(ROOT, os.environ.get("BUILD", "build"), "nordfed-node")
    try:
        out = subprocess.run([node, "--schema"], check=True,
                             capture_output=True, text=True).stdout
    except (OSError, subprocess.CalledProcessError) as e:
        sys.exit("test_sample: %s --schema failed (build the node first: "
                 "make): %s" % (node, e))
    return json.loads(out)


SCHEMA = load_schema()
VOCAB = SCHEMA["vocabularies"]
COUNTRIES = tuple(SCHEMA["origins"])
TODAY = "2026-11-23"   # the data set's "now": some meetings before, some after

LANGS = tuple(VOCAB["lang"])
FOCUS = tuple(VOCAB["focus_area"])
CLASSES = tuple(VOCAB["classification"])
PUBLIC = ("municipality", "region", "state_agency", "government", "parliament",
          "public_body_other")
KINDS = {ty["kind"]: t for t, ty in SCHEMA["types"].items()}
TYPE_KIND = {v: k for k, v in KINDS.items()}
TZ_OF = {"SE": "Europe/Stockholm", "NO": "Europe/Oslo", "DK": "Europe/Copenhagen",
         "FI": "Europe/Helsinki", "IS": "Atlantic/Reykjavik", "GL": "America/Nuuk",
         "FO": "Atlantic/Faroe", "AX": "Europe/Mariehamn"}
CURRENCY_OK = {"SE": {"SEK"}, "NO": {"NOK"}, "DK": {"DKK"}, "FI": {"EUR"},
               "IS": {"ISK"}, "GL": {"DKK"}, "FO": {"DKK"}, "AX": {"EUR"}}

ID_RE = re.compile(r"^(%s):(%s):([0-7][0-9A-HJKMNP-TV-Z]{25})$" % (
    "|".join(c.lower() for c in COUNTRIES), "|".join(KINDS)))
DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
TIME_RE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d{1,9})?"
                     r"(Z|[+-]\d{2}:\d{2})$")
MONEY_RE = re.compile(r"^(free|(0|[1-9][0-9]{0,9})(\.[0-9]{1,2})?)$")
TZ_RE = re.compile(r"^[A-Za-z]+(/[A-Za-z0-9_+-]+)*$")
IDENT_RE = re.compile(r"^[A-Za-z0-9-]{1,40}$")
IDENT_FORMS = {"SE-ON": r"^\d{6}-\d{4}$", "DK-CVR": r"^\d{8}$", "NO-BRC": r"^\d{9}$",
               "FI-PRO": r"^\d{7}-\d$", "IS-KEN": r"^\d{6}-\d{4}$"}

errors = []


def fail(where, msg):
    errors.append("%s: %s" % (where, msg))


# ---- formats -----------------------------------------------------------

def date_ok(s):
    if not DATE_RE.match(s):
        return False
    try:
        dt.date.fromisoformat(s)
    except ValueError:
        return False
    return s >= "0001-01-01"


def parse_time(s):
    m = TIME_RE.match(s)
    if not m:
        return None
    try:
        base = dt.datetime(int(m[1]), int(m[2]), int(m[3]), int(m[4]), int(m[5]), int(m[6]))
    except ValueError:
        return None
    if m[8] == "Z":
        off = 0
    else:
        oh, om = int(m[8][1:3]), int(m[8][4:6])
        if oh > 23 or om > 59:
            return None
        off = (oh * 60 + om) * (1 if m[8][0] == "+" else -1)
    return base - dt.timedelta(minutes=off), off


def url_ok(s):
    if any(ord(c) <= 0x20 or ord(c) == 0x7f for c in s):
        return False
    for pre in ("https://", "http://"):
        if s.startswith(pre):
            rest = s[len(pre):]
            break
    else:
        return False
    host = re.match(r"^[^/?#:]*", rest).group(0)
    if not host or not (host[0].isalnum() or ord(host[0]) >= 0x80):
        return False
    if not all(c.isalnum() or c in ".-" or ord(c) >= 0x80 for c in host):
        return False
    rest = rest[len(host):]
    if rest.startswith(":"):
        m = re.match(r"^:(\d{1,5})([/?#]|$)", rest)
        if not m:
            return False
    return True


def email_ok(s):
    return (s.count("@") == 1 and not s.startswith("@") and not s.endswith("@")
            and not any(ord(c) <= 0x20 or ord(c) >= 0x7f for c in s))


def phone_ok(s):
    return all(c.isdigit() or c in " +-()" for c in s) and any(c.isdigit() for c in s)


# the syntax of each format of the schema; its byte limit is the schema's
SYNTAX = {
    "lang": lambda s: s in LANGS,
    "date": date_ok,
    "time": lambda s: parse_time(s) is not None,
    "url": url_ok,
    "money": lambda s: bool(MONEY_RE.match(s)),
    "email": email_ok,
    "phone": phone_ok,
    "timezone": lambda s: bool(TZ_RE.match(s)),
    "identifier": lambda s: bool(IDENT_RE.match(s)),
    "platform": lambda s: "/" not in s and "www." not in s.lower(),
    "public_key": lambda s: bool(re.match(r"^[A-Za-z0-9_-]{42}[AEIMQUYcgkosw048]$", s)),
    # the form only: which country's code it is, the node checks
    "region_code": lambda s: any(r["code"] == s for rs in SCHEMA["places"][
        "regions"].values() for r in rs),
    "municipality_code": lambda s: bool(re.match(r"^[0-9]{3,4}$", s)),
}
FMT = {name: (SYNTAX[name], f["max_bytes"])
       for name, f in SCHEMA["formats"].items()}


# ---- the schema's tables, in the form check_value walks -------------------

KIND = {"string": "str", "text": "text", "enum": "enum", "set": "set",
        "languages": "langs", "id": "id", "integer": "int", "object": "obj",
        "objects": "objs", "format": "fmt", "private": "private",
        "account": "account"}


def table(fields):
    out = []
    for f in fields:
        k = KIND[f["type"]]
        d = dict(name=f["name"], kind=k, req=f["required"])
        if k == "str":
            d["max"] = f["max_bytes"]
        elif k in ("enum", "set"):
            d["vocab"] = tuple(VOCAB[f["vocabulary"]])
        elif k == "langs":
            d["min"] = f["min_items"]
        elif k == "id":
            d["ref"], d["owned"] = f["references"], f["owned"]
        elif k == "int":
            d["min"], d["max"] = f["min"], f["max"]
        elif k in ("obj", "objs"):
            d["sub"] = table(f["fields"])
            if k == "objs":
                d["max"] = f["max_items"]
        elif k == "fmt":
            d["fmt"] = f["format"]
        out.append(d)
    return out


SCHEMAS = {t: table(ty["fields"]) for t, ty in SCHEMA["types"].items()
           if t != "key"}
# country -> {region code: its names}, from the schema's places
REGIONS_OF = {cc: {r["code"]: r["names"] for r in rs}
              for cc, rs in SCHEMA["places"]["regions"].items()}
# the official municipality codes named in issue 17
KNOWN_CODES = {("SE", "Luleå"): "2580", ("SE", "Stockholm"): "0180",
               ("SE", "Göteborg"): "1480", ("NO", "Oslo"): "0301",
               ("DK", "København"): "101", ("FI", "Helsinki"): "091",
               ("IS", "Reykjavíkurborg"): "0000"}
TEXT_LANGS = SCHEMA["limits"]["text_languages"]
TEXT_BYTES = SCHEMA["limits"]["text_bytes"]


# which of the origin's accounts wrote a version (the schema's "account"
# fields, last in every table)
ACCOUNT_RE = re.compile(r"^([a-z]{2}):acct:[0-9A-HJKMNP-TV-Z]{26}$")


def owner_of(i):
    m = ID_RE.match(i)
    return m.group(1).upper() if m else None


def check_str(where, v, mx=None):
    if not isinstance(v, str):
        return fail(where, "must be a string")
    if "\0" in v:
        return fail(where, "contains NUL")
    if v == "":
        return fail(where, "must not be empty")
    if mx and len(v.encode("utf-8")) > mx:
        fail(where, "%d bytes, at most %d" % (len(v.encode("utf-8")), mx))


def check_value(where, f, v, origin):
    k = f["kind"]
    if k == "str":
        check_str(where, v, f.get("max"))
    elif k == "text":
        if not isinstance(v, dict) or not v:
            return fail(where, "must be a non-empty object of translations")
        if len(v) > TEXT_LANGS:
            fail(where, "too many translations")
        for tag, s in v.items():
            if tag not in LANGS:
                fail(where, "bad language tag %r" % tag)
            check_str("%s/%s" % (where, tag), s, TEXT_BYTES)
    elif k == "enum":
        if not isinstance(v, str) or v not in f["vocab"]:
            fail(where, "%r not one of %s" % (v, ", ".join(f["vocab"])))
    elif k in ("set", "langs"):
        vocab = f["vocab"] if k == "set" else LANGS
        if not isinstance(v, list):
            return fail(where, "must be an array")
        if len(v) < f.get("min", 0):
            fail(where, "needs at least %d item(s)" % f["min"])
        if len(v) != len(set(map(str, v))):
            fail(where, "repeats an item")
        for s in v:
            if not isinstance(s, str) or s not in vocab:
                fail(where, "%r not allowed" % (s,))
    elif k == "id":
        if not isinstance(v, str) or not ID_RE.match(v):
            return fail(where, "bad id %r" % (v,))
        if KINDS[ID_RE.match(v).group(2)] != f["ref"]:
            fail(where, "%s is not an id of a %s" % (v, f["ref"]))
        if f.get("owned") and owner_of(v) != origin:
            fail(where, "%s is owned by %s, not %s" % (v, owner_of(v), origin))
    elif k == "int":
        if type(v) is not int:
            return fail(where, "must be an integer")
        if not f["min"] <= v <= f["max"]:
            fail(where, "out of range")
    elif k == "obj":
        if not isinstance(v, dict):
            return fail(where, "must be an object")
        check_object(where, v, f["sub"], origin)
    elif k == "objs":
        if not isinstance(v, list) or len(v) > f["max"]:
            return fail(where, "must be an array of at most %d objects" % f["max"])
        for n, it in enumerate(v):
            if not isinstance(it, dict):
                fail("%s/%d" % (where, n), "must be an object")
            else:
                check_object("%s/%d" % (where, n), it, f["sub"], origin)
    elif k == "fmt":
        ok, mx = FMT[f["fmt"]]
        if not isinstance(v, str) or v == "":
            return fail(where, "must be a non-empty string")
        if mx and len(v.encode("utf-8")) > mx:
            fail(where, "too long")
        if not ok(v):
            fail(where, "bad %s %r" % (f["fmt"], v))
    elif k == "private":
        fail(where, "private field in a replicated record")
    elif k == "account":
        m = ACCOUNT_RE.match(v) if isinstance(v, str) else None
        if not m:
            return fail(where, "bad account id %r" % (v,))
        if m.group(1).upper() != origin:
            fail(where, "account of %s, not %s" % (m.group(1).upper(), origin))


def check_object(where, obj, table, origin):
    names = {f["name"]: f for f in table}
    for key in obj:
        if key not in names:
            fail("%s/%s" % (where, key), "unknown field")
    for f in table:
        if f["name"] not in obj:
            if f["req"]:
                fail("%s/%s" % (where, f["name"]), "required")
            continue
        check_value("%s/%s" % (where, f["name"]), f, obj[f["name"]], origin)


def scan_reals(where, v):
    if isinstance(v, float):
        fail(where, "floating point value")
    elif isinstance(v, bool):
        fail(where, "boolean value")
    elif isinstance(v, int) and abs(v) > 2 ** 53 - 1:
        fail(where, "integer out of the canonical range")
    elif isinstance(v, dict):
        for k, m in v.items():
            if not isinstance(k, str):
                fail(where, "non-string key")
            scan_reals("%s/%s" % (where, k), m)
    elif isinstance(v, list):
        for n, m in enumerate(v):
            scan_reals("%s/%d" % (where, n), m)


def validate(t, i, origin, body):
    where = "%s %s" % (t, i)
    m = ID_RE.match(i)
    if not m:
        return fail(where, "bad id")
    if KINDS[m.group(2)] != t:
        fail(where, "id kind %s does not match type" % m.group(2))
    if m.group(1).upper() != origin:
        fail(where, "id owned by %s but written by %s" % (m.group(1).upper(), origin))
    if not isinstance(body, dict):
        return fail(where, "body is not an object")
    scan_reals(where, body)
    check_object(where, body, SCHEMAS[t], origin)
    # cross-field rules
    if t == "organisation":
        if body.get("country") != origin:
            fail(where, "country %s is not the owner %s" % (body.get("country"), origin))
        rc = body.get("region_code")
        if rc is not None and rc not in REGIONS_OF.get(origin, {}):
            fail(where + "/region_code", "%s is not a region of %s" % (rc, origin))
        mc = body.get("municipality_code")
        digits = SCHEMA["places"]["municipality_codes"].get(origin, {}).get("digits", 0)
        if mc is not None and (len(mc) != digits or not mc.isdigit()):
            fail(where + "/municipality_code", "%s is no municipality code of %s" % (mc, origin))
        for n, it in enumerate(body.get("identifiers", [])):
            form = IDENT_FORMS.get(it.get("scheme"))
            if form and not re.match(form, it.get("identifier", "")):
                fail("%s/identifiers/%d" % (where, n), "bad %s form" % it["scheme"])
    elif t == "network":
        if (body.get("scope") == "national") != ("country" in body):
            fail(where, "country is required iff scope is national")
    elif t in ("membership", "collaboration"):
        if "end" in body and "start" in body and body["end"] < body["start"]:
            fail(where, "end before start")
        if t == "collaboration" and not ("public_body" in body or "public_body_name" in body):
            fail(where, "public_body or public_body_name required")
        if t == "collaboration" and "arena" in body and (
                body["level"] == "nordic" if body["arena"] == "overenskommelsen"
                else body["level"] != "national"):
            fail(where, "level %s is not a level of arena %s" % (body["level"], body["arena"]))
        if t == "collaboration":
            seen = {body.get("organisation"), body.get("public_body")}
            for n, p in enumerate(body.get("parties", [])):
                if "organisation" not in p and "name" not in p:
                    fail("%s/parties/%d" % (where, n), "organisation or name required")
                elif p.get("organisation") in seen:
                    fail("%s/parties/%d" % (where, n), "already a party")
                seen.add(p.get("organisation"))
    elif t == "resource":
        if "updated" in body and "published" in body and body["updated"] < body["published"]:
            fail(where, "updated before published")
        held = body.get("kind") in ("training", "event")
        if not held and ("date" in body or "registration_deadline" in body):
            fail(where, "a date or deadline on a %s" % body.get("kind"))
        if "registration_deadline" in body and (
                "date" not in body or body["registration_deadline"] > body["date"]):
            fail(where, "registration_deadline without date or after it")
    elif t == "meeting":
        s, e = parse_time(body["start"]), parse_time(body["end"])
        if s and e and e[0] <= s[0]:
            fail(where, "end not after start")
        if body["mode"] != "online" and "place" not in body:
            fail(where, "place required")
        if body["mode"] != "in_person" and "platform" not in body:
            fail(where, "platform required")
        if (body["cost"] != "free") != ("currency" in body):
            fail(where, "currency iff cost is not free")
        reg = body.get("registration", {})
        o, d = parse_time(reg.get("opens", "")), parse_time(reg.get("deadline", ""))
        if o and d and o[0] > d[0]:
            fail(where, "registration deadline before opens")
        if d and s and d[0] > s[0]:
            fail(where, "registration deadline after start")


# ---- data-set checks -----------------------------------------------------

def digest(recs):
    return hashlib.sha256(json.dumps(recs, ensure_ascii=False, sort_keys=True)
                          .encode("utf-8")).hexdigest()


def check_determinism():
    a = {cc: data.records(cc) for cc in COUNTRIES}
    b = {cc: data.records(cc) for cc in COUNTRIES}
    if a != b:
        fail("determinism", "records() differs between two calls")
    # callers may mutate what they get without changing the next call
    a["SE"][0][2]["name"] = "changed"
    if data.records("SE")[0][2]["name"] == "changed":
        fail("determinism", "records() returns shared objects")
    if [data.persons(cc) for cc in COUNTRIES] != [data.persons(cc) for cc in COUNTRIES]:
        fail("determinism", "persons() differs between two calls")
    # and across processes (hash randomisation, dict/set order)
    here = digest({cc: data.records(cc) for cc in COUNTRIES}) + \
        digest({cc: data.persons(cc) for cc in COUNTRIES})
    code = ("import sys, json, hashlib; sys.path.insert(0, %r); import data; "
            "d = lambda x: hashlib.sha256(json.dumps(x, ensure_ascii=False, sort_keys=True)"
            ".encode()).hexdigest(); C = data.ALL_COUNTRIES; "
            "print(d({c: data.records(c) for c in C}) + d({c: data.persons(c) for c in C}))"
            % HERE)
    for seed in ("1", "4242"):
        env = dict(os.environ, PYTHONHASHSEED=seed)
        out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True,
                             text=True, check=False)
        if out.returncode != 0 or out.stdout.strip() != here:
            fail("determinism", "different output in a new process (PYTHONHASHSEED=%s) %s"
                 % (seed, out.stderr.strip()[-300:]))


def texts_of(v):
    if isinstance(v, dict):
        for k, m in v.items():
            if k in LANGS and isinstance(m, str):
                yield k, m
            else:
                yield from texts_of(m)
    elif isinstance(v, list):
        for m in v:
            yield from texts_of(m)


def check_offsets(cc, t, i, body):
    """The UTC offsets are right for the zone and date (needs tzdata)."""
    try:
        from zoneinfo import ZoneInfo
        zone = ZoneInfo(body["timezone"])
    except Exception:  # no tzdata on this machine: skip, the rules are in data.py
        return
    stamps = [("start", body["start"]), ("end", body["end"])]
    for k, v in body.get("registration", {}).items():
        if k != "url":
            stamps.append(("registration/" + k, v))
    for name, s in stamps:
        m = TIME_RE.match(s)
        local = dt.datetime(int(m[1]), int(m[2]), int(m[3]), int(m[4]), int(m[5]), int(m[6]))
        want = local.replace(tzinfo=zone).utcoffset()
        got = dt.timedelta(minutes=parse_time(s)[1])
        if want != got:
            fail("%s %s/%s" % (t, i, name), "offset %s, %s has %s on that date"
                 % (got, body["timezone"], want))


def main():
    check_determinism()
    if tuple(data.ALL_COUNTRIES) != COUNTRIES:
        fail("ALL_COUNTRIES", "must be %s" % (COUNTRIES,))

    by_id, owner, recs = {}, {}, []
    for cc in COUNTRIES:
        rs = data.records(cc)
        seen_types = []
        for t, i, body in rs:
            if t not in SCHEMAS:
                fail("%s %s" % (t, i), "unknown type")
                continue
            validate(t, i, cc, body)
            try:
                json.dumps(body, allow_nan=False)
            except (TypeError, ValueError) as e:
                fail("%s %s" % (t, i), "not JSON: %s" % e)
            if i in by_id:
                fail("%s %s" % (t, i), "duplicate id")
            by_id[i] = (t, body)
            owner[i] = cc
            recs.append((cc, t, i, body))
            seen_types.append(t)
        order = [data.TYPE_ORDER.index(t) for t in seen_types]
        if order != sorted(order):
            fail(cc, "records are not in dependency order")

    def ref(where, i, want):
        if i not in by_id:
            fail(where, "refers to %s, which no country's records() produce" % i)
        elif by_id[i][0] != want:
            fail(where, "%s is a %s, not a %s" % (i, by_id[i][0], want))

    # references, ownership across records
    for cc, t, i, b in recs:
        w = "%s %s" % (t, i)
        if t == "network":
            ref(w + "/lead_organisation", b["lead_organisation"], "organisation")
        elif t == "membership":
            ref(w + "/network", b["network"], "network")
            ref(w + "/organisation", b["organisation"], "organisation")
            if "request" in b:
                ref(w + "/request", b["request"], "membership_request")
                rq = by_id.get(b["request"], (None, {}))[1]
                if rq.get("network") != b["network"] or rq.get("organisation") != b["organisation"]:
                    fail(w, "request is for another network or organisation")
        elif t == "membership_request":
            ref(w + "/network", b["network"], "network")
            ref(w + "/organisation", b["organisation"], "organisation")
        elif t == "meeting":
            ref(w + "/organiser", b["organiser"], "organisation")
            if "network" in b:
                ref(w + "/network", b["network"], "network")
            if b["timezone"] != TZ_OF[cc]:
                fail(w, "timezone %s for a %s meeting" % (b["timezone"], cc))
            if b.get("currency") and b["currency"] not in CURRENCY_OK[cc]:
                fail(w, "currency %s for a %s meeting" % (b["currency"], cc))
            if not b.get("languages"):
                fail(w, "no languages")
            past = b["end"][:10] < TODAY
            if past and b["status"] == "scheduled":
                fail(w, "in the past but still scheduled")
            if not past and b["status"] == "completed":
                fail(w, "completed before it took place")
            check_offsets(cc, t, i, b)
        elif t == "resource":
            ref(w + "/publisher", b["publisher"], "organisation")
            if "network" in b:
                ref(w + "/network", b["network"], "network")
        elif t == "collaboration":
            ref(w + "/organisation", b["organisation"], "organisation")
            org = by_id.get(b["organisation"], (None, {}))[1]
            if org.get("classification") in PUBLIC:
                fail(w, "the civil-society side is a public body")
            if "public_body" in b:
                ref(w + "/public_body", b["public_body"], "organisation")
                pb = by_id.get(b["public_body"], (None, {}))[1]
                if pb.get("classification") not in PUBLIC:
                    fail(w, "public_body is not a public body")
                if owner_of(b["public_body"]) != cc:
                    fail(w, "public_body of another country")

    orgs = [(cc, i, b) for cc, t, i, b in recs if t == "organisation"]
    nets = {i: (cc, b) for cc, t, i, b in recs if t == "network"}
    mems = [(cc, i, b) for cc, t, i, b in recs if t == "membership"]
    reqs = [(cc, i, b) for cc, t, i, b in recs if t == "membership_request"]
    meets = [(cc, i, b) for cc, t, i, b in recs if t == "meeting"]
    ress = [(cc, i, b) for cc, t, i, b in recs if t == "resource"]
    collabs = [(cc, i, b) for cc, t, i, b in recs if t == "collaboration"]

    # organisations: coverage, names
    classes = {b["classification"] for _, _, b in orgs}
    if set(CLASSES) - classes:
        fail("organisations", "classifications missing: %s" % sorted(set(CLASSES) - classes))
    for cc in COUNTRIES:
        mine = [b for c, _, b in orgs if c == cc]
        focus = {f for b in mine for f in b.get("focus_areas", [])}
        if set(FOCUS) - focus:
            fail(cc, "focus areas missing: %s" % sorted(set(FOCUS) - focus))
        if not 20 <= len(mine) <= 40:
            fail(cc, "%d organisations, want about 30" % len(mine))
        pub = {b["classification"] for b in mine if b["classification"] in PUBLIC}
        if "municipality" not in pub or len(pub) < 3:
            fail(cc, "too few kinds of public bodies: %s" % sorted(pub))
        if len({b["name"] for b in mine}) != len(mine):
            fail(cc, "two organisations with the same name")

    # places: every organisation of a country with ISO 3166-2 regions has
    # one, named as its free-text region (Greenland: its municipality; the
    # names may add a definite ending, Höfuðborgarsvæði/-ð); the same
    # municipality always has the same code, and a code one municipality
    for cc, i, b in orgs:
        w = "organisation %s" % i
        names = REGIONS_OF.get(cc, {}).get(b.get("region_code"), {}).values()
        if REGIONS_OF.get(cc) and "region_code" not in b:
            fail(w, "no region_code, and %s has regions" % cc)
        if not REGIONS_OF.get(cc) and "region_code" in b:
            fail(w, "a region_code in %s, which has no ISO regions" % cc)
        text = b.get("municipality") if cc == "GL" else b.get("region")
        if "region_code" in b and not any(text and text.startswith(n) for n in names):
            fail(w, "region_code %s is not %r" % (b["region_code"], text))
    for cc in COUNTRIES:
        code_of, muni_of = {}, {}
        for c, i, b in orgs:
            if c == cc and "municipality_code" in b:
                m, code = b.get("municipality"), b["municipality_code"]
                if code_of.setdefault(m, code) != code:
                    fail("organisation " + i, "%s has codes %s and %s" % (m, code_of[m], code))
                muni_of.setdefault(code, set()).add(m)
        for code, ms in muni_of.items():
            if len(ms) > 1 and not (cc == "FI" and ms == {"Vaasa", "Vasa"}):
                fail(cc, "municipality code %s for %s" % (code, sorted(ms)))
        if cc in ("SE", "NO", "DK", "FI", "IS", "AX") and not code_of:
            fail(cc, "no municipality codes")
    for (cc, m), code in KNOWN_CODES.items():
        got = {b.get("municipality_code") for c, _, b in orgs
               if c == cc and b.get("municipality") == m}
        if got != {code}:
            fail(cc, "%s has municipality codes %s, want %s" % (m, sorted(map(str, got)), code))
    bd = [b for c, _, b in orgs if b.get("region_code") == "SE-BD"]
    if len({b.get("municipality_code") for b in bd} - {None}) < 3:
        fail("SE", "want organisations in at least 3 municipalities of Norrbotten (SE-BD)")

    # languages per country
    want_langs = {"SE": {"sv", "en", "se"}, "NO": {"nb", "nn", "en", "se"},
                  "DK": {"da", "en"}, "FI": {"fi", "sv", "en", "se"}, "IS": {"is", "en"},
                  "GL": {"kl", "da", "en"}, "FO": {"fo", "da", "en"}, "AX": {"sv", "fi", "en"}}
    nordic_chars = {"SE": "åäö", "NO": "æøå", "DK": "æøå", "FI": "äö", "IS": "þðáæö",
                    "GL": "æø", "FO": "øðá", "AX": "åäö"}
    for cc in COUNTRIES:
        tags, alltext = set(), ""
        for c, t, i, b in recs:
            if c == cc:
                for tag, s in texts_of(b):
                    tags.add(tag)
                    alltext += s
                alltext += b.get("name", "") if isinstance(b.get("name"), str) else ""
        if want_langs[cc] - tags:
            fail(cc, "no texts in %s" % sorted(want_langs[cc] - tags))
        for ch in nordic_chars[cc]:
            if ch not in alltext.lower():
                fail(cc, "no %r anywhere in the texts" % ch)
        for c, t, i, b in recs:
            if c == cc and t == "organisation" and "en" not in b.get("description", {}):
                fail("%s %s" % (t, i), "description without English")

    # networks
    nordic = {i: (cc, b) for i, (cc, b) in nets.items() if b["scope"] == "nordic"}
    owners = sorted(cc for cc, _ in nordic.values())
    if owners != sorted(["NO", "SE", "DK", "FI", "IS"]):
        fail("networks", "Nordic networks owned by %s, want one each by NO SE DK FI IS" % owners)
    for ni, (ncc, nb) in nets.items():
        if owner_of(nb["lead_organisation"]) != ncc:
            fail("network " + ni, "lead organisation of another country")
        ms = [(c, i, b) for c, i, b in mems if b["network"] == ni]
        for c, i, b in ms:
            if c != ncc:
                fail("membership " + i, "not owned by the network's country")
        pairs = [b["organisation"] for _, _, b in ms]
        if len(pairs) != len(set(pairs)):
            fail("network " + ni, "an organisation has two memberships")
        leads = [b for _, _, b in ms if b["role"] == "lead"]
        if len(leads) != 1 or leads[0]["organisation"] != nb["lead_organisation"] \
                or leads[0]["status"] != "active":
            fail("network " + ni, "want exactly one active lead membership, of the lead organisation")
        active = [b for _, _, b in ms if b["status"] == "active"]
        if nb["scope"] == "nordic":
            cs = {owner_of(b["organisation"]) for b in active}
            if cs != set(COUNTRIES):
                fail("network " + ni, "no active members from %s" % sorted(set(COUNTRIES) - cs))
            if not any(b["role"] == "observer" for b in active):
                fail("network " + ni, "no observers")
            if len([m for c, i, m in meets if m.get("network") == ni and c == ncc]) < 3:
                fail("network " + ni, "fewer than 3 meetings by the owner")
        else:
            if nb.get("country") != "SE" or ncc != "SE":
                fail("network " + ni, "the national network should be Swedish")
            cs = {owner_of(b["organisation"]) for b in active}
            if cs != {"SE"}:
                fail("network " + ni, "national network with foreign members")
            cls = {by_id[b["organisation"]][1]["classification"] for b in active}
            if "municipality" not in cls or not cls - set(PUBLIC):
                fail("network " + ni, "want municipalities and civil society as members")
            per_year = {}
            for c, i, m in meets:
                if m.get("network") == ni:
                    per_year.setdefault(m["start"][:4], []).append(m)
                    if m["mode"] != "online" or m["cost"] != "free" \
                            or m.get("seats_per_organisation", 99) > 2:
                        fail("meeting " + i, "national network meetings: online, free, 1-2 seats")
            for y in ("2026", "2027"):
                if not 2 <= len(per_year.get(y, [])) <= 4:
                    fail("network " + ni, "%d meetings in %s, want 2-4" % (len(per_year.get(y, [])), y))
            if set(per_year) - {"2026", "2027"}:
                fail("network " + ni, "meetings outside 2026-2027")
    if not any(b["status"] == "declined" for _, _, b in mems):
        fail("memberships", "no declined membership")

    # membership requests: from GL/FO/AX to another country's network, pending
    pend = [(c, b) for c, _, b in reqs if b["status"] == "pending"
            and c in ("GL", "FO", "AX") and owner_of(b["network"]) != c]
    if len({c for c, _ in pend}) < 3:
        fail("membership requests", "want pending requests from GL, FO and AX organisations")
    for c, i, b in reqs:
        active = [m for _, _, m in mems if m["network"] == b["network"]
                  and m["organisation"] == b["organisation"] and m["status"] == "active"]
        if active and not any(m.get("request") == i for m in active):
            fail("membership_request " + i, "organisation is already a member")

    # meetings, resources, collaborations spread
    for cc in ("SE", "NO", "DK", "FI", "IS"):
        ms = [b for c, _, b in meets if c == cc]
        if not any(b["end"][:10] < TODAY for b in ms) or not any(b["start"][:10] >= TODAY for b in ms):
            fail(cc, "want meetings both before and after %s" % TODAY)
    modes = {b["mode"] for _, _, b in meets}
    if modes != {"online", "in_person", "hybrid"}:
        fail("meetings", "modes used: %s" % sorted(modes))
    if {b["currency"] for _, _, b in meets if "currency" in b} != {"SEK", "NOK", "DKK", "EUR", "ISK"}:
        fail("meetings", "not every currency is used")
    kinds = {b["kind"] for _, _, b in ress}
    if kinds != set(VOCAB["resource_kind"]):
        fail("resources", "kinds used: %s" % sorted(kinds))
    held = [b for _, _, b in ress if "registration_deadline" in b]
    if {b["kind"] for b in held} != {"training", "event"}:
        fail("resources", "want a training and an event with a date and a registration deadline")
    nat = data.net_id("SE", "kommuner-civilsamhalle")
    if not any(b["kind"] == "training" and b.get("network") == nat for b in held):
        fail("resources", "the municipality network's training has no registration deadline")
    if len({c for c, _, _ in ress}) < 5:
        fail("resources", "from fewer than 5 countries")
    for cc in COUNTRIES:
        mine = [b for c, _, b in collabs if c == cc]
        if len(mine) < 4:
            fail(cc, "only %d collaborations" % len(mine))
        if not any("public_body" in b for b in mine):
            fail(cc, "no collaboration with a public body organisation")
    for field, vocab in (("form", VOCAB["collaboration_form"]),
                         ("level", VOCAB["collaboration_level"]),
                         ("arena", VOCAB["collaboration_arena"])):
        used = {b.get(field) for _, _, b in collabs}
        if set(vocab) - used:
            fail("collaborations", "%s not used: %s" % (field, sorted(set(vocab) - used)))
    ovk = {b["level"] for _, _, b in collabs if b.get("arena") == "overenskommelsen"}
    if {"local", "regional", "national"} - ovk:
        fail("collaborations", "Överenskommelsen at levels %s, want local, regional and national"
             % sorted(ovk))
    roles = {p["role"] for _, _, b in collabs for p in b.get("parties", [])}
    if roles != set(VOCAB["party_role"]):
        fail("collaborations", "joint collaborations with parties of roles %s" % sorted(roles))

    # the Norrbotten mapping: a civil-society umbrella's joint project with
    # the region and the county board, all three in Norrbotten (SE-BD)
    def cls(i):
        return by_id.get(i, (None, {}))[1].get("classification")

    def in_bd(i):
        return by_id.get(i, (None, {}))[1].get("region_code") == "SE-BD"
    if not any(cls(b["organisation"]) == "umbrella" and in_bd(b["organisation"])
               and cls(b.get("public_body")) == "region" and in_bd(b.get("public_body"))
               and any(cls(p.get("organisation")) == "state_agency" and in_bd(p.get("organisation"))
                       for p in b.get("parties", []))
               for _, _, b in collabs):
        fail("collaborations", "no Norrbotten mapping (umbrella, region and county board of SE-BD)")

    # persons: local, fictional contacts of the country's own organisations
    for cc in COUNTRIES:
        ps = data.persons(cc)
        if not ps:
            fail(cc, "no persons")
        for oid, p in ps:
            w = "persons(%s) %s" % (cc, oid)
            if owner.get(oid) != cc or by_id.get(oid, ("",))[0] != "organisation":
                fail(w, "not an organisation of %s" % cc)
            if set(p) - {"public", "public_consent"} != {"name", "role", "email", "phone"}:
                fail(w, "fields %s" % sorted(p))
            if not all(isinstance(p[k], str) and p[k] for k in ("name", "role", "email", "phone")):
                fail(w, "empty field")
            if p.get("public") is not None and (p["public"] is not True or not re.match(
                    r"^20\d\d-[01]\d-[0-3]\d$", p.get("public_consent", ""))):
                fail(w, "public without the date of consent")
        if not any(p.get("public") for _, p in ps) or all(p.get("public") for _, p in ps):
            fail(cc, "persons: want some public (with consent) and some not")
        for oid, p in ps:
            w = "persons(%s) %s" % (cc, oid)
            if not email_ok(p.get("email", "")) or not phone_ok(p.get("phone", "")):
                fail(w, "bad e-mail or phone")
        # never in replicated data
        blob = json.dumps([b for c, t, i, b in recs], ensure_ascii=False)
        for _, p in ps:
            if p["name"] in blob or p["email"] in blob:
                fail("persons(%s)" % cc, "%s appears in a replicated record" % p["name"])

    try:
        data.records("XX")
        fail("records", "accepts an unknown country")
    except ValueError:
        pass

    if errors:
        for e in errors[:200]:
            print("FAIL", e)
        print("sample: %d failure(s)" % len(errors))
        return 1
    print("sample: %d records ok" % len(recs))
    return 0


if __name__ == "__main__":
    sys.exit(main())
