"""Check docs/openapi.yaml against the node's route tables (node/api.c and
every node/*.c beside it with one): the same (path, method) pairs, each
operation's query parameters equal to the route's query list, and security
on exactly the routes that require a token (an operation whose security
list holds {} takes a token without requiring one). A route an account may
use (HTTP_AUTH_ACCOUNT) lists both the bearer token and the session cookie;
one for the operator only (HTTP_AUTH_REQUIRED) lists no session.
Usage: check_routes.py [api.c] [openapi.yaml]"""
import glob
import re
import sys

import yaml

import os

api_c = sys.argv[1] if len(sys.argv) > 1 else "node/api.c"
spec = sys.argv[2] if len(sys.argv) > 2 else "docs/openapi.yaml"

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
for e in errors:
    print(e)
print(f"{len(routes)} routes in api.c, {len(ops)} operations in "
      f"{len(doc['paths'])} paths: {'FAIL' if errors else 'OK'}")
sys.exit(1 if errors else 0)
