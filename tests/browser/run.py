#!/usr/bin/env python3
"""The browser tier: the browsing page in a real headless Chromium against
a federation of real nodes (tests/harness.py).

It starts the eight national nodes on 127.0.0.1, loads the sample data
(tests/sample), waits until every node holds every country's data, checks
the page's own routes over HTTP (assets, ETags, gzip, the overview, the
iCalendar feed), then runs tests/browser/e2e.mjs (playwright-core driving
Debian's /usr/bin/chromium) with the nodes' URLs and a small control
server through which the browser test pauses, writes to and stops nodes.
Screenshots go to $BUILD/browser-artifacts/.

Ends with "tier browser: N passed, N failed"; exits non-zero on failure.
Every wait is bounded; the whole run takes well under two minutes.
"""
import gzip
import http.server
import json
import os
import re
import subprocess
import sys
import threading
import time
import traceback

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))
import harness  # noqa: E402
from sample import big, data  # noqa: E402

ARTIFACTS = os.path.join(harness.BUILD, "browser-artifacts")
CHROMIUM = os.environ.get("NORDFED_CHROMIUM", "/usr/bin/chromium")
E2E_TIMEOUT_S = 240

passed = failed = 0


def check(name, fn):
    global passed, failed
    t0 = time.time()
    try:
        fn()
    except Exception:
        failed += 1
        print(f"FAIL  http {name} ({time.time() - t0:.1f}s)")
        traceback.print_exc()
    else:
        passed += 1
        print(f"ok    http {name} ({time.time() - t0:.1f}s)")
    sys.stdout.flush()


# ---- checks of the page's routes over plain HTTP ----------------------------

def http_checks(fed):
    se = fed["SE"]

    def index():
        s, h, body = se.get("/", raw=True)
        assert s == 200, s
        assert h["Content-Type"] == "text/html; charset=utf-8", h["Content-Type"]
        assert b'<script type="module" src="/static/app.js">' in body
        assert "default-src 'self'" in h["Content-Security-Policy"]
        assert h["Cache-Control"] == "no-cache" and h["ETag"]
        s2, h2, _ = se.get("/", raw=True, headers={"If-None-Match": h["ETag"]})
        assert s2 == 304, s2
        assert h2["ETag"] == h["ETag"]
        s3, _, _ = se.get("/?lang=fi", raw=True)
        assert s3 == 200, s3

    def static():
        types = {"app.js": "text/javascript; charset=utf-8",
                 "style.css": "text/css; charset=utf-8",
                 "nordic-map.json": "application/json; charset=utf-8"}
        for f, ct in types.items():
            s, h, body = se.get("/static/" + f, raw=True)
            assert s == 200 and h["Content-Type"] == ct, (f, s, h["Content-Type"])
            s, hz, zbody = se.get("/static/" + f, raw=True,
                                  headers={"Accept-Encoding": "gzip"})
            assert s == 200 and hz["Content-Encoding"] == "gzip", f
            assert gzip.decompress(zbody) == body, f
            assert hz["ETag"] != h["ETag"] and hz["Vary"] == "Accept-Encoding"
            s, _, _ = se.get("/static/" + f, raw=True,
                             headers={"If-None-Match": hz["ETag"],
                                      "Accept-Encoding": "gzip"})
            assert s == 304, (f, s)
        s, h, body = se.get("/static/nope.js")
        assert s == 404 and h["Content-Type"].startswith(
            "application/problem+json"), (s, h["Content-Type"])
        assert body["code"] == "not_found" and body["field"] == "file"
        s, h, _ = se.get("/static/app.js?v=1")
        assert s == 400, s   # assets take no query
        s, h, _ = se.call("POST", "/static/app.js", None)
        assert s == 405 and "GET" in h["Allow"], s
        m = json.loads(se.get("/static/nordic-map.json", raw=True)[2])
        assert set(m["countries"]) == set(harness.ALL)
        assert len(json.dumps(m)) <= 150 * 1024

    def overview():
        # every node in step: what SE knows of its peers' heads is as
        # fresh as its last push to or clock of each, so allow a round
        for _ in range(40):
            s, _, ov = se.get("/api/v1/overview?lang=fi")
            assert s == 200, s
            if all(x["state"] == "in_step" for x in ov["nodes"]):
                break
            time.sleep(0.1)
        assert ov["node"]["country"] == "SE"
        nets = ov["networks"]
        assert len([n for n in nets if n["body"]["scope"] == "nordic"]) == 5
        for n in nets:
            assert isinstance(n["body"]["name"], str), n["body"]["name"]
            assert n["lang_used"]["name"] in ("fi", "en"), n["lang_used"]
            assert n["lead"]["name"] and n["lead"]["country"]
            assert n["members"]["total"] == sum(
                n["members"]["by_country"].values())
        assert [x["country"] for x in ov["nodes"]] == harness.ALL
        assert all(x["state"] == "in_step" for x in ov["nodes"]), ov["nodes"]
        assert [x for x in ov["nodes"] if x["self"]][0]["country"] == "SE"
        starts = [m["body"]["start"] for m in ov["meetings"]]
        assert 0 < len(starts) <= 6 and ov["upcoming_meetings"] >= len(starts)
        assert set(ov["counts"]["countries"]) == set(harness.ALL)
        s, _, b = se.get("/api/v1/overview?lang=xx")
        assert s == 400 and b["field"] == "lang", (s, b)

    def ics():
        nid = data.net_id("SE", "kommuner-civilsamhalle")
        s, h, body = se.get(f"/api/v1/networks/{nid}/meetings.ics?lang=sv",
                            raw=True)
        assert s == 200, s
        assert h["Content-Type"] == "text/calendar; charset=utf-8"
        text = body.decode("utf-8")
        assert text.startswith("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n")
        assert text.endswith("END:VCALENDAR\r\n")
        assert "\n" not in text.replace("\r\n", ""), "bare LF"
        for line in body.split(b"\r\n"):
            assert len(line) <= 75, line
        unfolded = text.replace("\r\n ", "").replace("\r\n", "\n")
        mine = [m for m in data.MEETINGS if m.net == ("SE", "kommuner-civilsamhalle")]
        uids = re.findall(r"^UID:(.*)$", unfolded, flags=re.M)
        assert sorted(uids) == sorted(
            data.make_id(m.cc, "meet", m.key) for m in mine), uids
        assert unfolded.count("BEGIN:VEVENT") == len(mine)
        assert re.search(r"^DTSTART:\d{8}T\d{6}Z$", unfolded, flags=re.M)
        assert re.search(r"^DTSTAMP:\d{8}T\d{6}Z$", unfolded, flags=re.M)
        assert "SUMMARY:Nätverksmöte" in unfolded, unfolded[:600]
        assert "LOCATION:" in unfolded and "URL:https://" in unfolded
        # 2026-02-12 09:00 Stockholm (UTC+1) is 08:00Z
        assert "DTSTART:20260212T080000Z" in unfolded
        s, _, en = se.get(f"/api/v1/networks/{nid}/meetings.ics", raw=True)
        assert "SUMMARY:Network meeting" in en.decode().replace("\r\n ", "")
        # escaping: commas in a description are escaped
        assert re.search(r"^DESCRIPTION:.*\\,", unfolded, flags=re.M)
        s, _, _ = se.get("/api/v1/networks/se:org:01KDVDNA00RJGNN331654Q0DX"
                         "P/meetings.ics")
        assert s == 404, s

    check("index: CSP, ETag and 304", index)
    check("static assets: types, gzip, ETags, 404", static)
    check("overview in one request", overview)
    check("network calendar feed (RFC 5545)", ics)


# ---- the control server for the browser test ----------------------------------

def control_server(fed):
    """POST /pause/CC, /stop/CC, /write/CC: what the browser test needs to
    change the federation while it looks at the map; POST /cancel-links/CC:
    the registrations' cancel links the node logged (it has no relay)."""
    class H(http.server.BaseHTTPRequestHandler):
        def log_message(self, *a):
            pass

        def do_POST(self):
            parts = self.path.strip("/").split("/")
            out = {}
            try:
                what, cc = parts[0], parts[1].upper()
                node = fed[cc]
                if what == "pause":
                    node.pause()
                elif what == "stop":
                    node.stop()
                elif what == "cancel-links":
                    # the node has no mail relay: it logs each cancel link
                    with open(node.log_path, errors="replace") as f:
                        out = {"links": re.findall(
                            r"cancel link of \S+ \(meeting \S+\): (\S+)",
                            f.read())}
                elif what == "write":
                    out = node.post("organisations", {
                        "name": "Testföreningen Ny", "classification":
                        "association", "country": cc})
                else:
                    raise KeyError(what)
                code = 200
            except Exception as e:  # reported to the browser test
                code, out = 500, {"error": str(e)}
            b = json.dumps(out).encode()
            self.send_response(code)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(b)))
            self.end_headers()
            self.wfile.write(b)

    srv = http.server.ThreadingHTTPServer(("127.0.0.1", 0), H)
    threading.Thread(target=srv.serve_forever, daemon=True).start()
    return srv


def invite(node, org):
    """An account of org on node, invited by the operator; the node has no
    mail relay here, so the invitation returns the link."""
    s, _, b = node.call("POST", "/api/v1/admin/accounts",
                        {"organisation": org,
                         "email": f"rep-{org[-6:].lower()}@example.org"})
    assert s == 201 and b["mail"] == "not_sent", (s, b)
    return b["link"].split("#/signin/")[1]


def accounts(fed):
    """An organisation of FI that applies through the page to NO's
    network on integration (it is in neither that network nor a second
    one), and that network's lead organisation, which decides on NO's
    node: their sign-in links."""
    net = data.net_id("NO", "integrering")
    lead = data.org_id("NO", data.network("NO", "integrering").lead)
    taken = {}
    for _, t, _, b in data.all_records():
        if t in ("membership", "membership_request"):
            taken.setdefault(b["organisation"], set()).add(b["network"])
    nets = sorted({i for _, t, i, _ in data.all_records() if t == "network"})
    fi_orgs = sorted((i, b["name"]) for t, i, b in data.records("FI")
                     if t == "organisation" and
                     b["classification"] not in data.PUBLIC_CLASSES)
    org, name = next((i, n) for i, n in fi_orgs
                     if net not in taken.get(i, set()))
    second = next(n for n in nets if n != net and
                  n not in taken.get(org, set()))
    return {"fi": {"org": org, "name": name,
                   "secret": invite(fed["FI"], org)},
            "no": {"org": lead, "secret": invite(fed["NO"], lead)},
            "network": net, "second": second}


def registration(fed):
    """A meeting SE's node organises, open for registration, one seat per
    organisation and two places in all, and two Danish organisations whose
    people register for it on DK's page."""
    import datetime as dt

    def ts(days):
        t = dt.datetime.now(dt.timezone.utc) + dt.timedelta(days=days)
        return t.strftime("%Y-%m-%dT%H:%M:%SZ")
    host = next(i for t, i, b in data.records("SE") if t == "organisation")
    dk = sorted((b["name"], i) for t, i, b in data.records("DK")
                if t == "organisation")[:2]
    mid = fed["SE"].post("meetings", {
        "organiser": host, "title": {"en": "Registration test meeting",
                                     "sv": "Anmälningsprov"},
        "start": ts(20), "end": ts(20.1), "timezone": "Europe/Stockholm",
        "mode": "online", "platform": "Zoom", "cost": "free",
        "status": "scheduled", "seats_per_organisation": 1, "capacity": 1,
        "registration": {"opens": ts(-1), "deadline": ts(10)}})["id"]
    fed.wait_converged(30)
    return {"meeting": mid, "organiser": invite(fed["SE"], host),
            "orgs": [{"id": i, "name": n} for n, i in dk]}


def placed(fed):
    """One more organisation of SE's in Luleå, Norrbotten (region_code
    SE-BD, municipality_code 2580), beside the sample's there, for the
    page's region and municipality filters: one the test wrote itself."""
    body = {"lang": "sv", "name": "Norrbottens kartläggningsförening",
            "classification": "umbrella", "country": "SE",
            "region": "Norrbotten", "municipality": "Luleå",
            "region_code": "SE-BD", "municipality_code": "2580"}
    oid = fed["SE"].post("organisations", body)["id"]
    return {"id": oid, "name": body["name"], "region": "SE-BD",
            "municipality": "2580"}


def e2e(fed, large):
    """Run the browser test; returns (passed, failed) as it reported."""
    srv = control_server(fed)
    try:
        # a Norwegian organisation with networks, its own contact fields
        # and contact persons: one public (with consent), one not
        by_org = {}
        for o, p in data.persons("NO"):
            by_org.setdefault(o, []).append(p)
        orgs = {i: b for t, i, b in data.records("NO")
                if t == "organisation"}
        members = {b["organisation"] for _, t, _, b in data.all_records()
                   if t == "membership" and b["status"] == "active"}
        home_org = next(o for o in sorted(by_org)
                        if o in orgs and o in members and
                        orgs[o].get("contact", {}).get("email") and
                        any(p.get("public") for p in by_org[o]) and
                        not all(p.get("public") for p in by_org[o]))
        shown = [p["name"] for p in by_org[home_org] if p.get("public")]
        hidden = [p["name"] for p in by_org[home_org] if not p.get("public")]
        cfg = {
            "accounts": accounts(fed),
            "registration": registration(fed),
            "placed": placed(fed),
            "urls": {cc: n.url for cc, n in fed.nodes.items()},
            "control": f"http://127.0.0.1:{srv.server_address[1]}",
            "artifacts": ARTIFACTS,
            "chromium": CHROMIUM,
            "foreign_org": {"id": home_org, "name": orgs[home_org]["name"],
                            "country": "NO",
                            "contact": orgs[home_org]["contact"],
                            "public_persons": shown,
                            "other_persons": hidden},
            # a node of its own with a network of 5,001 members and a
            # public body with 3,001 collaborations (tests/sample/big.py)
            "big": large,
            "network": {"id": data.net_id("NO", "integrering"),
                        "en": data.network("NO", "integrering").name["en"],
                        "fi": data.network("NO", "integrering").name["fi"],
                        "is": data.network("NO", "integrering").name["is"]},
        }
        env = dict(os.environ, NODE_PATH=os.path.join(HERE, "node_modules"))
        try:
            p = subprocess.run(["node", os.path.join(HERE, "e2e.mjs"),
                                json.dumps(cfg)], cwd=HERE, env=env,
                               capture_output=True, text=True,
                               timeout=E2E_TIMEOUT_S)
            out = p.stdout + p.stderr
        except subprocess.TimeoutExpired as e:
            out = (e.stdout or b"").decode(errors="replace") + \
                f"\ne2e: timed out after {E2E_TIMEOUT_S}s\n"
        sys.stdout.write(out)
        m = re.search(r"^e2e: (\d+) passed, (\d+) failed$", out, flags=re.M)
        if not m:
            return 0, 1
        return int(m.group(1)), int(m.group(2))
    finally:
        srv.shutdown()


def main():
    global passed, failed
    os.makedirs(ARTIFACTS, exist_ok=True)
    if not os.access(CHROMIUM, os.X_OK):
        print(f"browser: {CHROMIUM} is missing: run `make browser-deps`")
        print("tier browser: 0 passed, 1 failed")
        return 1
    t0 = time.time()
    fed = harness.Federation(harness.ALL, pull_ms=300)
    solo = harness.Federation(["SE"], pull_ms=60000)
    try:
        solo.start()
        ids = big.write(solo["SE"])
        large = {"url": solo["SE"].url, "network": ids["network"],
                 "public_body": ids["public_body"],
                 "joiner": ids["joiner"], "joined": len(ids["joined"]),
                 "members": len(ids["members"]),
                 "collabs": len(ids["collabs"])}
        fed.start()
        for n in fed.nodes.values():
            harness.load_sample(n)
        fed.wait_converged(60)
        print(f"browser: {len(fed.nodes)} nodes with the sample data, "
              f"converged in {time.time() - t0:.1f}s")
        sys.stdout.flush()
        http_checks(fed)
        p, f = e2e(fed, large)
        passed += p
        failed += f
    except Exception:
        traceback.print_exc()
        failed += 1
    finally:
        for x in (fed, solo):
            try:
                x.stop()
            except Exception:
                traceback.print_exc()
                failed += 1
    print(f"browser: screenshots in {ARTIFACTS} ({time.time() - t0:.0f}s)")
    print(f"tier browser: {passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
