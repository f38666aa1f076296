"""Check docs/openapi.yaml against the node's route tables (node/api.c and
every node/*.c beside it with one): the same (path, method) pairs, each
operation's query parameters equal to the route's query list, and security
on exactly the routes that require a token (an operation whose security
list holds {} takes a token without requiring one). A route an account may
use (HTTP_AUTH_ACCOUNT) lists both the bearer token and the session cookie;
one for the operator only (HTTP_AUTH_REQUIRED) lists no session.

And against the record schema (protocol/record_schema.c, as
`nordfed-node --schema` prints it and GET /api/v1/schema serves it): every
enum of the document that shares a value with a list of the schema (a
vocabulary, the origins, the record types, the record types with a
collection) is equal to that list, every vocabulary is some enum of the
document, and each record type's component schema has exactly the type's
public fields as properties. Beside it, the prose: docs/protocol.md's
table of each record type lists the type's fields in the schema's order
with the words of their vocabularies, its Common rules the languages,
focus areas and countries, and the identifier schemes; docs/operations.md's
CSV columns the classifications, focus areas, languages and schemes; and
docs/protocol.md section 10 is the node's error table ("errors").
Usage: check_openapi.py [api.c] [openapi.yaml] [nordfed-node]
(nordfed-node defaults to $BUILD/nordfed-node, BUILD defaulting to build)"""
import glob
import json
import os
import re
import subprocess
import sys

import yaml

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
api_c = sys.argv[1] if len(sys.argv) > 1 else "node/api.c"
spec = sys.argv[2] if len(sys.argv) > 2 else "docs/openapi.yaml"
node_bin = sys.argv[3] if len(sys.argv) > 3 else os.path.join(
    ROOT, os.environ.get("BUILD", "build"), "nordfed-node")

# every route table of the node: api.c, and the files beside it that
# register routes of their own (web.c, admin.c, persons.c, ...)
src = ""
here = os.path.dirname(os.path.abspath(api_c))
for path in [os.path.abspath(api_c)] + sorted(
        p for p in glob.glob(os.path.join(here, "*.c"))
        if os.path.abspath(p) != os.path.abspath(api_c)):
    text = open(path, encoding="utf-8").read()
    if path == os.path.abspath(api_c) or "http_routes_add(" in text:
        src += text + "\n"
src = re.sub(r"/\*.*?\*/", "", src, flags=re.S)           # comments
src = re.sub(r"\\\n", " ", src)                             # line splices


def concat(s):
    """Join adjacent C string literals: "a" "b" -> "ab"."""
    return re.sub(r'"\s+"', "", s)


# query lists: static const char *const name[] = { "a", "b", NULL };
lists = {}
for name, body in re.findall(
        r"static\s+const\s+char\s*\*\s*const\s+(\w+)\s*\[\s*\]\s*=\s*\{(.*?)\};",
        src, flags=re.S):
    lists[name] = re.findall(r'"([^"]*)"', body)

# COLLECTION_ROUTES(name) macro
m = re.search(r"#define\s+COLLECTION_ROUTES\(\s*(\w+)\s*\)(.*?)\n", src)
macro_arg, macro_body = m.group(1), m.group(2)

# the route table, macro calls expanded
tables = re.findall(
    r"static\s+const\s+struct\s+http_route\s+\w+\[\]\s*=\s*\{(.*?)\n\};",
    src, flags=re.S)
table = re.sub(
    r'COLLECTION_ROUTES\(\s*("[^"]*")\s*\)',
    lambda c: re.sub(r"\b%s\b" % macro_arg, c.group(1), macro_body),
    "\n".join(tables))
table = concat(table)
routes = {}
for meth, pattern, flags, query in re.findall(
        r'\{\s*HTTP_(\w+)\s*,\s*"([^"]*)"\s*,\s*\w+\s*,\s*([\w|\s]+?)\s*,\s*(\w+)\s*\}',
        table):
    key = (pattern, meth.lower())
    assert key not in routes, f"route twice: {key}"
    # NULL: the route takes any parameter (documented ones are listed)
    routes[key] = {"query": None if query == "NULL" else set(lists[query]),
                   "auth": "HTTP_AUTH_REQUIRED" in flags or
                   "HTTP_AUTH_ACCOUNT" in flags,
                   "account": "HTTP_AUTH_ACCOUNT" in flags}
assert routes, "no routes parsed from " + api_c

doc = yaml.safe_load(open(spec, encoding="utf-8"))


def resolve(obj):
    while isinstance(obj, dict) and "$ref" in obj:
        node = doc
        for part in obj["$ref"].lstrip("#/").split("/"):
            node = node[part]
        obj = node
    return obj


METHODS = {"get", "put", "post", "delete", "options", "head", "patch", "trace"}
ops = {}
for path, item in doc["paths"].items():
    common = item.get("parameters", [])
    for meth, op in item.items():
        if meth not in METHODS:
            continue
        params = [resolve(p) for p in common + op.get("parameters", [])]
        sec = op.get("security", doc.get("security")) or []
        ops[(path, meth)] = {
            "schemes": {k for req in sec for k in req},
            "query": {p["name"] for p in params if p["in"] == "query"},
            "path": {p["name"] for p in params if p["in"] == "path"},
            "auth": bool(op.get("security", doc.get("security"))) and
            {} not in op.get("security", doc.get("security")),
        }

errors = []
for k in sorted(set(routes) - set(ops)):
    errors.append(f"in api.c, not in the YAML: {k[1].upper()} {k[0]}")
for k in sorted(set(ops) - set(routes)):
    errors.append(f"in the YAML, not in api.c: {k[1].upper()} {k[0]}")
for k in sorted(set(routes) & set(ops)):
    r, o = routes[k], ops[k]
    where = f"{k[1].upper()} {k[0]}"
    if r["query"] is not None and r["query"] != o["query"]:
        errors.append(f"{where}: query {sorted(o['query'])}, api.c has "
                      f"{sorted(r['query'])}")
    want = set(re.findall(r"\{(\w+)\}", k[0]))
    if want != o["path"]:
        errors.append(f"{where}: path parameters {sorted(o['path'])}, "
                      f"want {sorted(want)}")
    if r["auth"] != o["auth"]:
        errors.append(f"{where}: security {o['auth']}, api.c auth "
                      f"{r['auth']}")
    if r["account"] and not {"bearerAuth", "sessionCookie"} <= o["schemes"]:
        errors.append(f"{where}: an account may use it (HTTP_AUTH_ACCOUNT): "
                      f"security lists bearerAuth and sessionCookie")
    if r["auth"] and not r["account"] and "sessionCookie" in o["schemes"]:
        errors.append(f"{where}: the operator's only (HTTP_AUTH_REQUIRED): "
                      f"security lists no sessionCookie")


# ---- the enums against the record schema --------------------------------
schema = json.loads(subprocess.run([node_bin, "--schema"], check=True,
                                   capture_output=True, text=True).stdout)
slists = {f"vocabulary {k}": v for k, v in schema["vocabularies"].items()}
slists["origins"] = schema["origins"]
slists["record types"] = list(schema["types"])
slists["record types with a collection"] = [t for t in schema["types"]
                                           if t != "key"]


def enums(obj, path):
    if isinstance(obj, dict):
        if isinstance(obj.get("enum"), list):
            yield path, obj["enum"]
        for k, v in obj.items():
            yield from enums(v, f"{path}/{k}")
    elif isinstance(obj, list):
        for i, v in enumerate(obj):
            yield from enums(v, f"{path}/{i}")


documented = set()
nenum = 0
for path, values in enums(doc, "#"):
    vals = [str(x) for x in values]
    # a list it shares two values with, or all of its values (one shared
    # word, as op's "key" with the type key, is a coincidence)
    near = [n for n, v in slists.items()
            if len(set(v) & set(vals)) >= min(2, len(set(vals)))]
    if not near:
        continue
    nenum += 1
    same = [n for n in near if slists[n] == vals]
    if not same:
        errors.append(f"{path}: enum {values} is none of the schema's lists "
                      f"it shares values with: " +
                      "; ".join(f"{n} {slists[n]}" for n in near))
    documented.update(same)
for n in slists:
    if n.startswith("vocabulary ") and n not in documented:
        errors.append(f"{n} {slists[n]} is no enum of {spec}")


def camel(t):
    return "".join(w.capitalize() for w in t.split("_"))


comps = doc["components"]["schemas"]
for t, ty in schema["types"].items():
    if t == "key":
        continue      # only in entries, as a body of its own
    want = {f["name"] for f in ty["fields"] if f["type"] != "private"}
    for name in (camel(t), camel(t) + "Localised"):
        comp = resolve(comps.get(name, {}))
        props = set(comp.get("properties", {}))
        if not props:
            errors.append(f"#/components/schemas/{name}: missing, or no "
                          f"properties (record type {t})")
        elif props != want:
            errors.append(f"#/components/schemas/{name}: properties "
                          f"{sorted(props ^ want)} differ from the schema's "
                          f"fields of {t}")

# ---- the prose: docs/protocol.md's tables and docs/operations.md's CSV ----
docs = os.path.dirname(os.path.abspath(spec))
text = open(os.path.join(docs, "protocol.md"), encoding="utf-8").read()
vocab = schema["vocabularies"]
codes = set(schema.get("errors", {}))
for t, ty in schema["types"].items():
    m = re.search(r"^### %s \(`%s`\)$(.*?)(?=^#)" % (t, ty["kind"]), text,
                  flags=re.S | re.M)
    if not m:
        errors.append(f"protocol.md: no section \"### {t} (`{ty['kind']}`)\"")
        continue
    rows = [[c.strip() for c in ln.strip()[1:-1].split("|")]
            for ln in m.group(1).splitlines() if ln.startswith("| `")]
    fields = {f["name"]: f for f in ty["fields"]}
    doc_fields = [r[0].strip("`") for r in rows]
    # the table is in validation order (lang first: its row points to the
    # common rule); private fields have their own paragraph
    want = [f["name"] for f in ty["fields"] if f["type"] != "private"]
    if doc_fields != want:
        errors.append(f"protocol.md, {t}: fields {doc_fields}, the schema "
                      f"has {want}")
    for r in rows:
        f = fields.get(r[0].strip("`"))
        if f is None or f["type"] not in ("enum", "set") or \
                f["vocabulary"] in ("country", "focus_area"):
            continue       # those two are listed once, in Common rules
        words = set(vocab[f["vocabulary"]])
        toks = set(" ".join(re.findall(r"`([^`]*)`", "|".join(r[3:]))).split())
        toks -= (codes | set(fields) | {"free"}) - words
        if toks != words:
            errors.append(f"protocol.md, {t}.{f['name']}: words "
                          f"{sorted(toks)}, the schema has {sorted(words)}")
for what, pattern, name in (
        ("Language tags", r"\*\*Language tags\*\*: `([^`]*)`", "lang"),
        ("Focus areas", r"\*\*Focus areas\*\*[^`]*`([^`]*)`", "focus_area"),
        ("Country", r"\*\*Country\*\*: `([^`]*)`", "country"),
        ("scheme", r"`scheme`: `([^`]*)`", "identifier_scheme")):
    m = re.search(pattern, text)
    if not m or m.group(1).split() != vocab[name]:
        errors.append(f"protocol.md, {what}: "
                      f"{m.group(1).split() if m else 'missing'}, the schema "
                      f"has {vocab[name]}")
ops_md = open(os.path.join(docs, "operations.md"), encoding="utf-8").read()
for col, pattern, name in (
        ("classification", r"^\| `classification` \|[^|]*\| required: "
         r"([a-z_, ]+) \(", "classification"),
        ("focus_areas", r"^\| `focus_areas` \|[^|]*\| `;`-separated: "
         r"([a-z_, ]+) \|", "focus_area"),
        ("lang", r"^\| `lang` \|[^|]*\|[^:|]*: ([a-z ]+) \|", "lang"),
        ("identifier_<scheme>", r"^\| `identifier_<scheme>` \|[^|]*\| "
         r"one column per scheme: ((?:`identifier_[A-Z-]+`(?:, )?)+);",
         "identifier_scheme")):
    m = re.search(pattern, ops_md, flags=re.M)
    got = re.findall(r"[A-Za-z_-]+", m.group(1)) if m else None
    if got and name == "identifier_scheme":
        got = [g[len("identifier_"):] for g in got]
    if got != vocab[name]:
        errors.append(f"operations.md, CSV column {col}: {got}, the "
                      f"schema has {vocab[name]}")

# ---- the error table: docs/protocol.md section 10 is the node's --------
proto = os.path.join(os.path.dirname(os.path.abspath(spec)), "protocol.md")
text = open(proto, encoding="utf-8").read()
m = re.search(r"^## 10\. Errors and HTTP statuses$(.*?)(?=^## |\Z)", text,
              flags=re.S | re.M)
documented_errors = {}
if not m:
    errors.append(f"{proto}: no section \"10. Errors and HTTP statuses\"")
else:
    for status, codes in re.findall(r"^\| (\d{3}) \| (.*?) \|$", m.group(1),
                                    flags=re.M):
        for c in re.findall(r"`([a-z_]+)`", codes):
            if c in documented_errors:
                errors.append(f"{proto}: {c} twice in the error table")
            documented_errors[c] = int(status)
served = schema.get("errors", {})
for c in sorted(set(served) | set(documented_errors)):
    if served.get(c) != documented_errors.get(c):
        errors.append(f"error {c}: the node answers {served.get(c)}, "
                      f"{proto} says {documented_errors.get(c)}")

for e in errors:
    print(e)
print(f"{len(served)} error codes against {proto}")
print(f"{len(routes)} routes in api.c, {len(ops)} operations in "
      f"{len(doc['paths'])} paths, {nenum} enums and "
      f"{len(schema['types'])} record types against the schema: "
      f"{'FAIL' if errors else 'OK'}")
sys.exit(1 if errors else 0)
