"""The record schema (protocol/record_schema.c) as the node serves it, and
the readers that take it from there instead of keeping a copy."""
import json
import os
import subprocess
import sys

import harness


def printed_schema():
    """nordfed-node --schema: the same document, without a running node."""
    out = subprocess.run([harness.NODE_BIN, "--schema"], check=True,
                         capture_output=True, text=True).stdout
    return json.loads(out)


def test_schema_served(node):
    s, h, doc = node.get("/api/v1/schema")
    assert s == 200 and h["Content-Type"].startswith("application/json")
    assert doc == printed_schema()
    assert set(doc["types"]) == {"organisation", "network", "membership",
                                 "membership_request", "meeting", "resource",
                                 "collaboration", "key"}
    org = {f["name"]: f for f in doc["types"]["organisation"]["fields"]}
    assert org["classification"] == {
        "name": "classification", "type": "enum", "required": True,
        "vocabulary": "classification", "index": ["classification"]}
    assert org["name"]["index"] == ["name"] and org["name"]["max_bytes"] == 300
    meet = {f["name"]: f for f in doc["types"]["meeting"]["fields"]}
    assert meet["organiser"]["references"] == "organisation"
    assert meet["organiser"]["owned"] is True
    assert meet["join_url"]["type"] == "private"
    assert doc["types"]["membership"]["searchable"] is False
    assert doc["types"]["meeting"]["searchable"] is True


def test_schema_words_are_the_ones_written(node):
    """Every served classification is accepted by a write, and a word
    outside the served list is refused with that list in the detail."""
    doc = node.get("/api/v1/schema")[2]
    words = doc["vocabularies"]["classification"]
    assert "social_enterprise" in words
    for w in words:
        b = node.post("organisations", {"name": f"Schema {w}",
                                        "classification": w,
                                        "country": "SE"})
        assert b["body"]["classification"] == w
    s, _, b = node.call("POST", "/api/v1/organisations",
                        {"name": "Schema club", "classification": "club",
                         "country": "SE"})
    assert s == 422 and b["code"] == "bad_value", b
    assert b["field"] == "/classification"
    listed = b["detail"].split("must be one of: ", 1)[1].split(", ")
    # the message is bounded: the words it lists are the schema's, in order
    assert len(listed) >= 3
    assert listed[:-1] == words[:len(listed) - 1]
    assert words[len(listed) - 1].startswith(listed[-1])


def test_sample_data_follows_the_schema():
    """tests/sample/test_sample.py validates the sample data set against
    the schema the node prints (no copy of the vocabularies of its own)."""
    r = subprocess.run([sys.executable, os.path.join(
        harness.ROOT, "tests", "sample", "test_sample.py")],
        capture_output=True, text=True,
        env=dict(os.environ, BUILD=os.path.relpath(harness.BUILD,
                                                   harness.ROOT)))
    assert r.returncode == 0, r.stdout + r.stderr
    assert r.stdout.strip().startswith("sample: ") and "records ok" in r.stdout


def test_csv_columns_follow_the_schema(node):
    """nordfedctl's CSV columns (export writes them, import reads them):
    every plain column is a field of the organisation (or of its contact),
    then one description_<lang> per language tag and one
    identifier_<scheme> per identifier scheme of the schema."""
    doc = node.get("/api/v1/schema")[2]
    node.post("organisations", {"name": "Kolumnföreningen",
                                "classification": "association",
                                "country": "SE",
                                "description": {"sv": "Om kolumner"}})
    r = subprocess.run([harness.CTL_BIN, "export", "--format", "csv",
                        "--country", "SE", "--url", node.url],
                       capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    header = r.stdout.splitlines()[0].split(",")
    org = {f["name"]: f for f in doc["types"]["organisation"]["fields"]}
    contact = {f["name"] for f in org["contact"]["fields"]}
    langs = doc["vocabularies"]["lang"]
    schemes = doc["vocabularies"]["identifier_scheme"]
    n = len(header) - len(langs) - len(schemes)
    plain = header[:n]
    assert plain[0] == "id"
    for col in plain[1:]:
        assert col in org or col in contact, col
    assert header[n:n + len(langs)] == [f"description_{t}" for t in langs]
    assert header[n + len(langs):] == [f"identifier_{s}" for s in schemes]
    assert org["description"]["type"] == "text"
    assert {f["name"] for f in org["identifiers"]["fields"]} == {
        "scheme", "identifier"}
    row = r.stdout.splitlines()[1].split(",")
    assert row[header.index("description_sv")] == "Om kolumner"


# ---- the page's translations ------------------------------------------------

def js_literal(src, i):
    """Parse the JavaScript object/array/string literal at src[i:] (no
    functions, no spreads: node/web/i18n.js's tables); (value, end)."""
    def ws(i):
        while True:
            while i < len(src) and src[i] in " \t\r\n":
                i += 1
            if src.startswith("//", i):
                i = src.index("\n", i)
            elif src.startswith("/*", i):
                i = src.index("*/", i) + 2
            else:
                return i

    def string(i):
        q, out, i = src[i], [], i + 1
        while src[i] != q:
            if src[i] == "\\":
                out.append({"n": "\n", "t": "\t"}.get(src[i + 1], src[i + 1]))
                i += 2
            else:
                out.append(src[i])
                i += 1
        return "".join(out), i + 1

    def value(i):
        i = ws(i)
        c = src[i]
        if c in "'\"`":
            return string(i)
        if c == "{":
            obj, i = {}, ws(i + 1)
            while src[i] != "}":
                if src[i] in "'\"":
                    k, i = string(i)
                else:
                    j = i
                    while src[i].isalnum() or src[i] in "_$":
                        i += 1
                    k = src[j:i]
                i = ws(i)
                assert src[i] == ":", src[i - 40:i + 40]
                obj[k], i = value(i + 1)
                i = ws(i)
                if src[i] == ",":
                    i = ws(i + 1)
            return obj, i + 1
        if c == "[":
            arr, i = [], ws(i + 1)
            while src[i] != "]":
                v, i = value(i)
                arr.append(v)
                i = ws(i)
                if src[i] == ",":
                    i = ws(i + 1)
            return arr, i + 1
        j = i
        while src[i].isalnum() or src[i] in "_.-":
            i += 1
        word = src[j:i]
        return {"null": None, "true": True, "false": False}.get(
            word, float(word) if word[:1].isdigit() else word), i
    return value(i)


def page_tables():
    with open(os.path.join(harness.ROOT, "node", "web", "i18n.js"),
              encoding="utf-8") as f:
        src = f.read()
    langs = js_literal(src, src.index("export const UI_LANGS =") + 23)[0]
    vmap = js_literal(src, src.index("export const VOCAB_I18N =") + 25)[0]
    strings = {}
    for lang in langs:
        tag = lang["tag"]
        strings[tag] = js_literal(src, src.index(f"S.{tag} =") + 5 + len(tag))[0]
    return src, [l["tag"] for l in langs], vmap, strings


def untranslated(doc, tags, vmap, strings):
    """The words of vocabularies the page shows without a translation in
    one of its languages, as "fi: v.classification.social_enterprise"."""
    missing = []
    for vocab, key in vmap.items():
        if key is None:
            continue
        for tag in tags:
            have = strings[tag].get("v", {}).get(key, {})
            for w in doc["vocabularies"][vocab]:
                if not isinstance(have.get(w), str) or not have[w].strip():
                    missing.append(f"{tag}: v.{key}.{w} ({vocab})")
    return missing


def test_page_translates_every_vocabulary_word():
    """Every word of every vocabulary the page shows has its translation
    in each of the page's six languages; every vocabulary of the schema is
    either shown (mapped to its translations) or said not to be."""
    doc = printed_schema()
    src, tags, vmap, strings = page_tables()
    assert len(tags) == 6 and "en" in tags
    assert set(vmap) == set(doc["vocabularies"]), (
        "node/web/i18n.js VOCAB_I18N must name every vocabulary of the "
        f"schema: {sorted(set(doc['vocabularies']) ^ set(vmap))}")
    missing = untranslated(doc, tags, vmap, strings)
    assert not missing, "no translation: " + ", ".join(missing)
    # the page holds no copy of the word lists: it asks the node
    assert "export const VOCAB =" not in src
    assert "'social_enterprise'," not in src
    # the map draws the countries it has shapes for: the schema's origins
    countries = js_literal(src, src.index("export const COUNTRIES =") + 24)[0]
    assert countries == doc["origins"]


def test_page_translation_check_can_fail():
    """The check above finds a word without a translation, and a word the
    schema gains: it is not a check that cannot fail."""
    doc = printed_schema()
    src, tags, vmap, strings = page_tables()
    assert untranslated(doc, tags, vmap, strings) == []
    del strings["fi"]["v"]["classification"]["social_enterprise"]
    doc["vocabularies"]["meeting_mode"].append("by_letter")
    assert untranslated(doc, tags, vmap, strings) == [
        "fi: v.classification.social_enterprise (classification)"] + [
        f"{tag}: v.mode.by_letter (meeting_mode)" for tag in tags]


# ---- one table from error code to HTTP status --------------------------------

def test_every_route_answers_the_tables_status(node):
    """Errors from the record API, the page's routes, the admin routes, the
    federation routes and the HTTP edge: each status is the one the node's
    table (GET /api/v1/schema "errors") gives its code."""
    errors = node.get("/api/v1/schema")[2]["errors"]
    assert errors["bad_value"] == 422 and errors["bad_parameter"] == 400
    assert errors["not_found"] == 404 and errors["storage_unavailable"] == 503
    org = node.post("organisations", {"name": "Statusföreningen",
                                      "classification": "association",
                                      "country": "SE"})["id"]
    calls = [
        ("POST", "/api/v1/organisations", {"name": "X", "classification":
                                          "club", "country": "SE"}, True),
        ("POST", "/api/v1/organisations", {"name": "X", "classification":
                                          "association", "country": "SE",
                                          "hobby": "x"}, True),
        ("POST", "/api/v1/organisations", {"name": "X"}, False),
        ("PUT", "/api/v1/organisations/no:org:01JD3K6QWZ8M4T5V7X9Y0A1B2C",
         {"name": "X", "classification": "association", "country": "NO"},
         True),
        ("GET", "/api/v1/organisations?limit=0", None, False),
        ("GET", "/api/v1/organisations?nonsense=1", None, False),
        ("GET", "/api/v1/organisations/se:org:01JD3K6QWZ8M4T5V7X9Y0A1B2C",
         None, False),
        ("GET", "/api/v1/overview?lang=xx", None, False),
        ("GET", "/api/v1/networks/se:net:01JD3K6QWZ8M4T5V7X9Y0A1B2C/"
         "meetings.ics", None, False),
        ("GET", "/static/no-such-file.js", None, False),
        ("GET", f"/api/v1/organisations/{org}/persons/x", None, False),
        ("POST", f"/api/v1/organisations/{org}/persons", {"name": "A",
                                                          "ssn": "1"}, True),
        ("POST", "/api/v1/admin/resync", {"origin": "XX"}, True),
        ("POST", "/api/v1/admin/resync", {"origin": "NO", "peer": "nobody"},
         True),
        ("POST", "/federation/v1/forks", {"a": {}, "b": {}}, False),
        ("GET", "/no/such/route", None, False),
        ("DELETE", "/api/v1/schema", None, True),
    ]
    seen = set()
    for method, path, body, auth in calls:
        kw = {} if auth else {"token": None}
        s, _, b = node.call(method, path, body, **kw)
        assert isinstance(b, dict) and "code" in b, (method, path, s, b)
        assert b["code"] in errors, (method, path, b)
        assert s == errors[b["code"]] == b["status"], (method, path, s, b)
        seen.add(s)
    # not one status for all: the calls above reach 400, 401, 404, 405, 422
    assert {400, 404, 405, 422} <= seen, seen
    # the edge: a request the parser refuses
    import socket
    with socket.create_connection(("127.0.0.1", node.port), timeout=10) as c:
        c.sendall(b"GET / HTTP/2.0\r\nHost: x\r\n\r\n")
        head = c.recv(4096).split(b"\r\n", 1)[0]
    assert head == b"HTTP/1.1 %d HTTP Version Not Supported" % errors[
        "http_version_not_supported"], head
