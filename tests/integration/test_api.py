"""One national node on loopback: every route, every error path, and that a
request failing validation changes nothing."""
import json
import os
import socket
import subprocess

import harness
from harness import Federation, request, COLLECTION
from sample import data

_fed = None


def node():
    """One SE node (plus an NO node's key pinned), loaded with SE's sample."""
    global _fed
    if _fed is None:
        _fed = Federation(["SE"], pull_ms=60000)
        _fed["SE"].start()
        harness.load_sample(_fed["SE"])
    return _fed["SE"]


def problem(status, body, code, field=None):
    assert isinstance(body, dict), body
    assert body.get("status") == status, body
    assert body.get("code") == code, body
    assert body.get("type", "").endswith("/" + code), body
    assert body.get("title") and body.get("detail"), body
    if field is not None:
        assert body.get("field") == field, body


def state(n):
    return n.digest()


def test_health_and_node():
    n = node()
    s, h, b = n.get("/healthz")
    assert s == 200 and b["status"] == "ok"
    assert h["Content-Type"] == "application/json; charset=utf-8"
    s, _, b = n.get("/api/v1/node")
    assert s == 200 and b["country"] == "SE" and len(b["public_key"]) == 43
    assert b["heads"]["SE"]["seq"] == len(data.records("SE"))
    assert b["counts"]["types"]["organisation"] == sum(
        1 for t, _, _ in data.records("SE") if t == "organisation")


def test_reads_of_every_type():
    n = node()
    want = {}
    for t, rid, body in data.records("SE"):
        want.setdefault(t, []).append(rid)
    for t, ids in want.items():
        seen = []
        cursor = None
        for _ in range(100):
            q = f"/api/v1/{COLLECTION[t]}?limit=7" + \
                (f"&cursor={cursor}" if cursor else "")
            s, _, b = n.get(q)
            assert s == 200, b
            seen += [it["id"] for it in b["items"]]
            cursor = b["next"]
            if not cursor:
                break
        assert sorted(seen) == sorted(ids), t      # every one exactly once
        s, _, b = n.get(f"/api/v1/{COLLECTION[t]}/{ids[0]}")
        assert s == 200 and b["id"] == ids[0] and b["type"] == t


def test_filters():
    n = node()
    orgs = [(rid, b) for t, rid, b in data.records("SE") if t == "organisation"]
    focus = "integration"
    want = sorted(r for r, b in orgs if focus in b.get("focus_areas", []))
    s, _, b = n.get(f"/api/v1/organisations?focus={focus}&limit=200")
    assert s == 200 and sorted(i["id"] for i in b["items"]) == want
    want = sorted(r for r, b in orgs if b["classification"] == "municipality")
    s, _, b = n.get("/api/v1/organisations?type=municipality&limit=200")
    assert sorted(i["id"] for i in b["items"]) == want and want
    s, _, b = n.get("/api/v1/organisations?country=se&limit=200")
    assert len(b["items"]) == len(orgs)
    s, _, b = n.get("/api/v1/organisations?country=NO")
    assert b["items"] == []
    s, _, b = n.get("/api/v1/meetings?upcoming=true&limit=200")
    assert s == 200
    starts = [i["body"]["start"] for i in b["items"]]
    assert starts and all(x >= "2026" for x in starts)
    s, _, b = n.get("/api/v1/meetings?from=2027-01-01&to=2027-12-31&limit=200")
    assert s == 200 and all(i["body"]["start"][:4] == "2027" for i in b["items"])
    net = next(rid for t, rid, b in data.records("SE") if t == "network")
    s, _, b = n.get(f"/api/v1/memberships?network={net}&limit=200")
    assert s == 200 and b["items"] and \
        all(i["body"]["network"] == net for i in b["items"])
    for bad in ("country=DE", "focus=gardening", "type=club", "limit=0",
                "limit=100000", "from=yesterday", "upcoming=maybe",
                "language=de", "network=se:org:01JD3K6QWZ8M4T5V7X9Y0A1B2C",
                "cursor=%21%21", "nonsense=1"):
        s, _, b = n.get("/api/v1/organisations?" + bad)
        assert s == 400, (bad, b)
        assert b["code"] in ("bad_parameter", "bad_cursor",
                             "unknown_parameter"), (bad, b)


def test_lang_fallback():
    n = node()
    net_id, net = next((rid, b) for t, rid, b in data.records("SE")
                       if t == "network")
    s, _, b = n.get(f"/api/v1/networks/{net_id}?lang=sv")
    assert s == 200 and b["body"]["name"] == net["name"]["sv"]
    assert b["lang_used"]["name"] == "sv"
    # Icelandic asked, not there: English, the visible fallback
    s, _, b = n.get(f"/api/v1/networks/{net_id}?lang=is")
    if "is" not in net["name"]:
        assert b["lang_used"]["name"] == "en" and \
            b["body"]["name"] == net["name"]["en"]
    s, _, b = n.get(f"/api/v1/networks/{net_id}")
    assert b["body"]["name"] == net["name"]           # whole map
    assert "members" in b and b["members"]["items"]
    s, _, b = n.get(f"/api/v1/networks/{net_id}?lang=xx")
    problem(400, b, "bad_parameter", "lang")


def test_search_folds_nordic_letters():
    n = node()
    orgs = [b["name"] for t, _, b in data.records("SE") if t == "organisation"]
    target = next(x for x in orgs if "ö" in x.lower() or "å" in x.lower()
                  or "ä" in x.lower())
    word = next(w for w in target.split() if any(c in w.lower() for c in "åäö"))
    folded = word.lower().translate(str.maketrans("åäö", "aao"))
    for q in (word, folded, folded.upper(), folded[:4]):
        s, _, b = n.get("/api/v1/search?q=" + urlq(q))
        assert s == 200, b
        assert any(target == i.get("name") for i in b["items"]), (q, b)
    s, _, b = n.get("/api/v1/search?q=" + urlq('"NEAR( * OR'))
    assert s == 200                                  # FTS syntax is inert
    s, _, b = n.get("/api/v1/search")
    problem(400, b, "bad_parameter", "q")
    s, _, b = n.get("/api/v1/search?q=a&type=person")
    problem(400, b, "bad_parameter", "type")


def urlq(s):
    import urllib.parse
    return urllib.parse.quote(s)


def test_write_update_delete_cycle():
    n = node()
    body = {"name": "Testföreningen Ödeshög", "classification": "association",
            "country": "SE", "focus_areas": ["youth"],
            "description": {"sv": "En testförening", "en": "A test"}}
    b = n.post("organisations", body)
    rid, seq = b["id"], b["seq"]
    assert rid.startswith("se:org:") and b["body"] == body
    body["municipality"] = "Ödeshög"
    s, _, b = n.call("PUT", f"/api/v1/organisations/{rid}", body)
    assert s == 200 and b["seq"] == seq + 1
    s, _, b = n.call("DELETE", f"/api/v1/organisations/{rid}")
    assert s == 200 and b["deleted"] is True and b["seq"] == seq + 2
    s, _, b = n.get(f"/api/v1/organisations/{rid}")
    problem(410, b, "gone")
    s, _, b = n.call("PUT", f"/api/v1/organisations/{rid}", body)
    assert s == 410, b
    s, _, b = n.call("DELETE", f"/api/v1/organisations/{rid}")
    assert s in (404, 410), b
    # the log: the delete pruned the earlier bodies, the chain stands
    s, _, text = n.get(f"/federation/v1/log/SE?after={seq - 1}&limit=3",
                       raw=True)
    lines = [json.loads(x) for x in text.decode().splitlines()]
    assert [e["seq"] for e in lines] == [seq, seq + 1, seq + 2]
    assert all("body" not in e for e in lines)
    assert lines[1]["prev"] != lines[0]["prev"]


def test_put_with_client_id_creates():
    n = node()
    rid = "se:org:01JF00000000000000000000AB"
    body = {"name": "Klientid", "classification": "foundation",
            "country": "SE"}
    s, h, b = n.call("PUT", f"/api/v1/organisations/{rid}", body)
    assert s == 201 and b["id"] == rid and h.get("Location")


def test_bad_writes_change_nothing():
    n = node()
    before = state(n)
    per_type = {
        "organisations": {"name": "X", "classification": "club",
                          "country": "SE"},
        "networks": {"name": {"sv": "N"}, "scope": "worldwide"},
        "memberships": {"network": "se:net:01JD3K6QWZ8M4T5V7X9Y0A1B2C",
                        "organisation": "no:org:01JD3K6QWZ8M4T5V7X9Y0A1B2C",
                        "role": "king", "status": "active"},
        "membership-requests": {"network": "no:net:01JD3K6QWZ8M4T5V7X9Y0A1B2C",
                                "organisation":
                                    "no:org:01JD3K6QWZ8M4T5V7X9Y0A1B2C",
                                "role": "member", "status": "pending"},
        "meetings": {"organiser": "se:org:01JD3K6QWZ8M4T5V7X9Y0A1B2C",
                     "title": {"sv": "Möte"}, "start": "2027-01-01T10:00:00Z",
                     "end": "2026-01-01T10:00:00Z", "timezone":
                         "Europe/Stockholm", "mode": "online",
                     "platform": "Zoom", "cost": "free",
                     "status": "scheduled"},
        "resources": {"kind": "report", "title": {"sv": "R"},
                      "url": "ftp://x", "languages": ["sv"],
                      "publisher": "se:org:01JD3K6QWZ8M4T5V7X9Y0A1B2C"},
        "collaborations": {"organisation": "se:org:01JD3K6QWZ8M4T5V7X9Y0A1B2C",
                           "public_body_name": "Kommunen", "form": "iop",
                           "level": "galactic", "area": "youth",
                           "start": "2026-01-01"},
    }
    for coll, body in per_type.items():
        s, _, b = n.call("POST", f"/api/v1/{coll}", body)
        if coll == "membership-requests":   # for another country's org
            problem(403, b, "not_owner", "/organisation")
            continue
        assert s == 422, (coll, b)
        assert b["code"] and b.get("field"), (coll, b)
    # unknown field, wrong types, a float, a private join link
    for body in ({"name": "X", "classification": "association",
                  "country": "SE", "shoe_size": 42},
                 {"name": 5, "classification": "association", "country": "SE"},
                 {"name": "X", "classification": "association",
                  "country": "SE", "founded": 1.5},
                 [], "text"):
        s, _, b = n.call("POST", "/api/v1/organisations", body)
        assert s == (400 if body == "text" else 422), (body, b)
    s, _, b = n.call("POST", "/api/v1/meetings", dict(
        per_type["meetings"], end="2027-01-01T12:00:00Z",
        join_url="https://zoom.example/j/123"))
    problem(422, b, "private_field", "/join_url")
    # malformed JSON, wrong content type, oversize, no token, bad token
    s, _, b = n.call("POST", "/api/v1/organisations", b'{"name": ',
                     ctype="application/json")
    problem(400, b, "malformed_json")
    s, _, b = n.call("POST", "/api/v1/organisations", b'{"a":1,"a":2}')
    problem(400, b, "malformed_json")
    s, _, b = n.call("POST", "/api/v1/organisations", b"name=x",
                     ctype="application/x-www-form-urlencoded")
    problem(415, b, "unsupported_media_type")
    s, _, b = n.call("POST", "/api/v1/organisations",
                     b'{"name":"' + b"x" * (2 << 20) + b'"}')
    assert s == 413
    s, h, b = request("POST", n.url + "/api/v1/organisations",
                      {"name": "X"})
    problem(401, b, "unauthorized")
    assert h.get("WWW-Authenticate", "").startswith("Bearer")
    s, _, b = n.call("POST", "/api/v1/organisations", {"name": "X"},
                     token="wrong-token-wrong-token-wrong-token-00")
    problem(401, b, "unauthorized")
    # another country's record: refused, naming the owner
    s, _, b = n.call("PUT", "/api/v1/organisations/"
                     "no:org:01JD3K6QWZ8M4T5V7X9Y0A1B2C",
                     {"name": "X", "classification": "association",
                      "country": "NO"})
    problem(403, b, "not_owner", "id")
    assert "NO" in b["detail"]
    s, _, b = n.call("DELETE", "/api/v1/organisations/"
                     "dk:org:01JD3K6QWZ8M4T5V7X9Y0A1B2C")
    problem(403, b, "not_owner", "id")
    assert state(n) == before


def test_routes_and_methods():
    n = node()
    s, _, b = n.get("/api/v1/nothing-here")
    problem(404, b, "not_found")
    s, h, b = n.call("DELETE", "/api/v1/search")
    assert s == 405 and "GET" in h.get("Allow", "")
    problem(405, b, "method_not_allowed")
    s, _, b = n.get("/api/v1/organisations/se:org:01JD3K6QWZ8M4T5V7X9Y0AZZZZ")
    problem(404, b, "not_found")
    s, _, b = n.get("/api/v1/organisations/garbage")
    problem(404, b, "not_found")
    s, _, b = n.get("/federation/v1/log/XX")
    problem(404, b, "not_found")
    s, h, b = n.get("/metrics", raw=True)
    assert s == 200 and h["Content-Type"].startswith("text/plain")
    assert b"nordfed_sync_origin_head" in b
    assert b"nordfed_http_requests_total" in b


def test_members_forks_and_status_routes():
    n = node()
    net = next(rid for t, rid, b in data.records("SE") if t == "network")
    want = sorted(rid for t, rid, b in data.records("SE")
                  if t == "membership" and b["network"] == net)
    got, cursor = [], None
    for _ in range(50):
        s, _, b = n.get(f"/api/v1/networks/{net}/members?limit=5" +
                        (f"&cursor={cursor}" if cursor else ""))
        assert s == 200, b
        got += [m["id"] for m in b["items"]]
        assert all(m["organisation"] is None or m["organisation"]["id"]
                   for m in b["items"])
        cursor = b["next"]
        if not cursor:
            break
    assert sorted(got) == want
    s, _, b = n.get("/api/v1/networks/se:net:01JD3K6QWZ8M4T5V7X9Y0AZZZZ/members")
    problem(404, b, "not_found")
    s, _, b = n.get("/federation/v1/forks")
    assert s == 200 and b["forks"] == []
    s, _, b = n.get("/api/v1/sync/status")
    assert s == 200 and b["node"] == "SE" and b["peers"] == []
    assert b["origins"]["SE"]["head"] == b["origins"]["SE"]["best_known"]
    s, _, b = n.get("/federation/v1/clock")
    assert s == 200 and b["SE"]["seq"] >= len(data.records("SE"))
    assert len(b["SE"]["hash"]) == 64


def test_batch_writes_in_one_commit():
    """POST /api/v1/batch (node/api_write.c): a put per line, the lines that
    change something committed together, a result per line."""
    n = node()
    held = [(rid, b) for t, rid, b in data.records("SE")
            if t == "organisation"][:2]
    ids = ["se:org:01JF" + "0" * 20 + "B%d" % i for i in range(3)]
    lines = [json.dumps({"id": i, "body": {"name": f"Batch {k}",
                         "classification": "association", "country": "SE"}},
                        ensure_ascii=False)
             for k, i in enumerate(ids)]
    lines.append(json.dumps({"id": held[0][0], "body": held[0][1]}))
    lines.append(json.dumps({"id": held[1][0], "body": dict(
        held[1][1], name="Batch ändrad")}))
    lines.append(json.dumps({"id": "se:org:01JF00000000000000000000BA",
                             "body": {"name": "X"}}))         # invalid body
    lines.append(json.dumps({"id": "no:org:01JF00000000000000000000BB",
                             "body": {"name": "Y", "classification":
                                      "association", "country": "NO"}}))
    lines.append("{\"id\":")                                  # not JSON
    lines.append(json.dumps({"id": ids[0], "body": {}, "x": 1}))
    before = n.get("/api/v1/node")[2]["heads"]["SE"]["seq"]
    s, _, b = n.call("POST", "/api/v1/batch",
                     ("\n".join(lines) + "\n").encode(),
                     ctype="application/x-ndjson")
    assert s == 200, b
    res = b["results"]
    assert [r["line"] for r in res] == list(range(1, len(lines) + 1))
    assert [r["result"] for r in res] == ["created"] * 3 + \
        ["unchanged", "updated"] + ["refused"] * 4, res
    assert res[5]["status"] == 422 and res[5]["code"] == "missing_field"
    assert res[6]["status"] == 403 and res[6]["code"] == "not_owner"
    assert res[7]["code"] == "bad_line" and res[7]["id"] is None
    assert res[8]["code"] == "unknown_field"
    assert (b["created"], b["updated"], b["unchanged"], b["refused"]) == \
        (3, 1, 1, 4)
    after = n.get("/api/v1/node")[2]["heads"]["SE"]["seq"]
    assert after == before + 4
    s, _, r = n.get(f"/api/v1/organisations/{ids[2]}")
    assert s == 200 and r["body"]["name"] == "Batch 2"
    s, _, r = n.get(f"/api/v1/organisations/{held[1][0]}")
    assert r["body"]["name"] == "Batch ändrad"
    # the same batch again: nothing changes
    s, _, b = n.call("POST", "/api/v1/batch", ("\n".join(lines[:5]) +
                     "\n").encode(), ctype="application/x-ndjson")
    assert s == 200 and b["unchanged"] == 5, b
    assert n.get("/api/v1/node")[2]["heads"]["SE"]["seq"] == after
    # refused whole: content type, size, token
    s, _, b = n.call("POST", "/api/v1/batch", lines[0].encode())
    problem(415, b, "unsupported_media_type")
    s, _, b = n.call("POST", "/api/v1/batch", ("\n".join([lines[0]] * 1001)
                     + "\n").encode(), ctype="application/x-ndjson")
    problem(400, b, "batch_too_large")
    s, _, b = request("POST", n.url + "/api/v1/batch", lines[0].encode(),
                      ctype="application/x-ndjson")
    assert s == 401
    assert n.get("/api/v1/node")[2]["heads"]["SE"]["seq"] == after


def test_persons_are_home_only():
    n = node()
    org = next(rid for t, rid, b in data.records("SE") if t == "organisation")
    s, _, b = n.call("POST", f"/api/v1/organisations/{org}/persons",
                     {"name": "Anna Andersson", "role": "kontaktperson",
                      "email": "anna@example.se"})
    assert s == 201 and b["name"] == "Anna Andersson"
    pid = b["id"]
    # not public: the operator reads it (tests/integration/test_persons.py)
    s, _, b = n.get(f"/api/v1/organisations/{org}/persons", token=n.token)
    assert any(p["id"] == pid for p in b["items"])
    s, _, b = n.get(f"/api/v1/organisations/{org}")
    assert b["contact_persons"]["count"] >= 1
    # the reply splices the stored body (node/api.c get_text); with ?lang
    # it is built from the parsed record: both say the same
    s, _, b2 = n.get(f"/api/v1/organisations/{org}?lang=en")
    assert s == 200
    b2.pop("lang_used")
    assert {k: v for k, v in b.items() if k != "body"} == \
        {k: v for k, v in b2.items() if k != "body"}
    assert b["contact_persons"]["href"].endswith(
        f"/api/v1/organisations/{org}/persons")
    for k, v in b["body"].items():
        if not isinstance(v, dict) or k in ("contact",):
            assert b2["body"][k] == v, k
    # never in the log
    s, _, text = n.get("/federation/v1/log/SE?limit=1000", raw=True)
    assert b"Anna Andersson" not in text and b"anna@example.se" not in text
    s, _, b = n.get("/api/v1/organisations/"
                    "no:org:01JD3K6QWZ8M4T5V7X9Y0A1B2C/persons")
    problem(404, b, "not_home")
    s, _, b = n.call("POST", f"/api/v1/organisations/{org}/persons",
                     {"name": "X", "ssn": "19800101-1234"})
    problem(422, b, "unknown_field", "ssn")
    s, _, b = n.call("DELETE", f"/api/v1/organisations/{org}/persons/{pid}",
                     raw=True)
    assert s == 204


def test_openapi_matches_routes():
    n = node()
    s, _, doc = n.get("/api/v1/openapi.json")
    assert s == 200 and doc["openapi"].startswith("3.1")
    # the served document is docs/openapi.yaml, and it matches the routes
    r = subprocess.run(["python3", os.path.join(harness.ROOT,
                        "tests/check_openapi.py"),
                        os.path.join(harness.ROOT, "node/api.c"),
                        os.path.join(harness.ROOT, "docs/openapi.yaml")],
                       capture_output=True, text=True)
    assert r.returncode == 0, r.stdout + r.stderr
    import yaml
    with open(os.path.join(harness.ROOT, "docs/openapi.yaml")) as f:
        assert yaml.safe_load(f) == doc


def test_check_only_config():
    n = node()
    r = subprocess.run([harness.NODE_BIN, "-c", n.conf, "-n"],
                       capture_output=True, text=True)
    assert r.returncode == 0 and r.stdout.strip() == "configuration OK"
    bad = n.conf + ".bad"
    with open(n.conf) as f, open(bad, "w") as g:
        g.write(f.read().replace("port = ", "port = 99999\n#"))
    r = subprocess.run([harness.NODE_BIN, "-c", bad, "-n"],
                       capture_output=True, text=True)
    assert r.returncode != 0 and ":5:" in r.stderr and "port" in r.stderr


def test_slow_and_huge_headers():
    n = node()
    with socket.create_connection(("127.0.0.1", n.port), 5) as c:
        c.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\nX-A: " +
                  b"a" * 70000 + b"\r\n\r\n")
        resp = c.recv(100)
        assert resp.startswith(b"HTTP/1.1 4"), resp


def test_zz_stop_cleanly():
    global _fed
    if _fed is not None:
        rc = _fed["SE"].stop()
        _fed.stop()
        _fed = None
        assert rc == 0


def teardown_module():
    global _fed
    if _fed is not None:
        _fed.stop()
        _fed = None
