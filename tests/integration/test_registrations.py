"""Meeting registration on real nodes (docs/operations.md, "Meeting
registration"), with a local SMTP server (tests/mailsink.py) as the
organiser's node's relay: seats per organisation and the capacity
enforced, the waiting list moving up on a cancellation and on a larger
capacity, the counts converging on every node, the join link sent to
registered people only, the organiser's list, CSV and e-mail, and no
registrant's name or address in any entry, log line or other node's
files."""
import csv
import datetime as dt
import io
import json
import re

import harness
from mailsink import SMTPServer
from test_accounts import ctl, files_holding, log_entries, mail_conf, \
    problem, signed_in
from test_federation import assert_all_equal, org

CANCEL_RE = re.compile(r"#/cancel/([A-Za-z0-9_-]{43})\b")
JOIN = "https://zoom.example.se/j/98765"


def ts(delta_days, hours=0):
    t = dt.datetime.now(dt.timezone.utc) + dt.timedelta(days=delta_days,
                                                        hours=hours)
    return t.strftime("%Y-%m-%dT%H:%M:%SZ")


def meeting(organiser, **kw):
    b = {"organiser": organiser, "title": {"sv": "Nätverksmöte",
                                           "en": "Network meeting"},
         "start": ts(20), "end": ts(20, 2), "timezone": "Europe/Stockholm",
         "mode": "online", "platform": "Zoom", "cost": "free",
         "status": "scheduled", "seats_per_organisation": 2, "capacity": 3,
         "registration": {"opens": ts(-1), "deadline": ts(10)}}
    b.update(kw)
    return b


def register(node, mid, name, email, organisation):
    return node.call("POST", f"/api/v1/meetings/{mid}/registrations",
                     {"name": name, "email": email,
                      "organisation": organisation}, token=None)


def counts(node, mid):
    s, _, m = node.get(f"/api/v1/meetings/{mid}")
    assert s == 200, m
    return m["body"].get("registered"), m["body"].get("waiting")


def counts_become(node, mid, want, tries=400):
    """The counts once the node's queued version of the meeting is
    written (a bounded wait that stops by itself)."""
    import time
    got = None
    for _ in range(tries):
        got = counts(node, mid)
        if got == want:
            return got
        time.sleep(0.025)
    return got


class fake_peer:
    """An HTTP server on 127.0.0.1:port that answers every POST with
    status, ctype and body (a node's address taken by something else)."""

    def __init__(self, port, status, ctype, body):
        import http.server
        import threading

        class H(http.server.BaseHTTPRequestHandler):
            def log_message(self, *a):
                pass

            def do_POST(self):
                self.rfile.read(int(self.headers.get("Content-Length", 0)))
                self.send_response(status)
                self.send_header("Content-Type", ctype)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)
        self.srv = http.server.ThreadingHTTPServer(("127.0.0.1", port), H)
        self.thread = threading.Thread(target=self.srv.serve_forever,
                                       daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *a):
        self.srv.shutdown()
        self.srv.server_close()


def body_of(msg):
    return msg["msg"].get_content()


def test_seats_capacity_waiting_list_and_counts_everywhere(federation):
    with SMTPServer() as smtp:
        fed = federation(["SE", "DK", "NO"])
        fed["SE"].extra_conf = mail_conf(smtp, "SE")
        fed.start()
        se, dk, no = fed["SE"], fed["DK"], fed["NO"]
        host = se.post("organisations", org("Föreningen Mötesplats", "SE"))["id"]
        a = se.post("organisations", org("Studieförbundet Väst", "SE"))["id"]
        b = dk.post("organisations", org("Frivilligcenter Odense", "DK"))["id"]
        c = no.post("organisations", org("Frivillighet Tromsø", "NO"))["id"]
        mid = se.post("meetings", meeting(host))["id"]
        s, _, _ = se.call("PUT", f"/api/v1/meetings/{mid}/join-link",
                          {"url": JOIN})
        assert s == 204
        fed.wait_converged(30)
        assert counts(se, mid) == (0, 0)

        # each registers at the node of their own country: DK's and NO's
        # nodes relay to SE's, which keeps the registration
        people = [("Astrid Zyxwå", "astrid.zyx@example.se", a, "registered",
                   se),
                  ("Björn Zyxwå", "bjorn.zyx@example.se", a, "registered",
                   se),
                  ("Dorte Qvxz", "dorte.qvxz@example.dk", b, "registered",
                   dk),
                  ("Nils Qvxz", "nils.qvxz@example.no", c, "waiting", no)]
        for name, email, o, want, at in people:
            s, _, r = register(at, mid, name, email, o)
            assert s == 201 and r["status"] == want, r
            assert r["meeting"] == mid and "name" not in r, r
        people = [p[:4] for p in people]
        # the organisation's two seats are taken; one address once
        s, _, p = register(se, mid, "Cecilia Zyxwå", "cecilia@example.se", a)
        problem(s, p, 409, "seats_taken", "organisation")
        assert "Cecilia" not in json.dumps(p)
        s, _, p = register(dk, mid, "Dorte again", "DORTE.QVXZ@example.dk", b)
        problem(s, p, 409, "already_registered", "email")
        s, _, p = register(no, mid, "Cecilia Zyxwå", "cecilia@example.se", a)
        problem(s, p, 409, "seats_taken", "organisation")
        # bad input: refused, echoing nothing
        for body, code, field in (
                ({"name": "X", "email": "no at sign", "organisation": a},
                 "bad_value", "email"),
                ({"name": "X", "email": "x@example.se",
                  "organisation": "se:org:0000000000000000000000000A"},
                 "bad_value", "organisation"),
                ({"name": "X", "email": "x@example.se"}, "missing_field",
                 "organisation"),
                ({"name": "X", "email": "x@example.se", "organisation": a,
                  "phone": "1"}, "unknown_field", "phone")):
            for at in (se, dk):
                s, _, p = at.call("POST",
                                  f"/api/v1/meetings/{mid}/registrations",
                                  body, token=None)
                problem(s, p, 422, code, field)
        # a relayed request is never relayed again; a meeting of a country
        # the node has no peer for is refused
        s, _, p = dk.call("POST", f"/api/v1/meetings/{mid}/registrations",
                          {"name": "X", "email": "x@example.dk",
                           "organisation": b}, token=None,
                          headers={"X-Nordfed-Forwarded-By": "NO"})
        problem(s, p, 403, "not_owner", "id")
        s, _, p = dk.call("POST", "/api/v1/meetings/"
                          "fi:meet:01HZZZZZZZZZZZZZZZZZZZZZZZ/registrations",
                          {"name": "X", "email": "x@example.dk",
                           "organisation": b}, token=None)
        problem(s, p, 403, "not_owner", "id")

        # e-mails: the cancel link for all, the join link for the registered
        for name, email, o, want in people:
            text = body_of(smtp.wait_for(email))
            assert CANCEL_RE.search(text), text
            assert (JOIN in text) == (want == "registered"), (email, text)
        assert "waiting list" in body_of(smtp.to("nils.qvxz@example.no")[0])

        # the counts replicate; no name or address does
        assert_all_equal(fed)
        for node in (se, dk, no):
            assert counts(node, mid) == (3, 1), node.country
            for origin in ("SE", "DK", "NO"):
                text = json.dumps(log_entries(node, origin)).lower()
                for name, email, _, _ in people:
                    assert email not in text and name.lower() not in text
        for node in (dk, no):
            for _, email, _, _ in people:
                assert files_holding(node.dir, email) == []
            assert files_holding(node.dir, "Zyxwå") == []
            assert files_holding(node.dir, "Qvxz") == []
        log = open(se.log_path).read().lower()
        for name, email, _, _ in people:
            assert email not in log and name.lower() not in log

        # Dorte cancels: Nils moves up, and gets the join link
        token = CANCEL_RE.search(body_of(
            smtp.to("dorte.qvxz@example.dk")[0])).group(1)
        s, _, r = se.call("POST", "/api/v1/registrations/cancel",
                          {"token": token}, token=None)
        assert s == 200 and r["moved_up"] == 1, r
        s, _, p = se.call("POST", "/api/v1/registrations/cancel",
                          {"token": token}, token=None)
        problem(s, p, 401, "link_invalid", "token")
        up = body_of(smtp.wait_for("nils.qvxz@example.no", 2))
        assert "A place came free" in up and JOIN in up, up
        assert_all_equal(fed)
        for node in (se, dk, no):
            assert counts(node, mid) == (3, 0), node.country

        # the organiser's list and CSV
        s, _, lst = se.get(f"/api/v1/meetings/{mid}/registrations",
                           token=se.token)
        assert s == 200 and lst["registered"] == 3 and lst["waiting"] == 0
        assert [x["name"] for x in lst["items"]] == \
            ["Astrid Zyxwå", "Björn Zyxwå", "Nils Qvxz"], lst
        assert lst["items"][2]["organisation_name"] == "Frivillighet Tromsø"
        s, h, raw = se.get(f"/api/v1/meetings/{mid}/registrations?format=csv",
                           token=se.token, raw=True)
        assert s == 200 and h["Content-Type"] == "text/csv; charset=utf-8"
        rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8"))))
        assert [r["email"] for r in rows] == [
            "astrid.zyx@example.se", "bjorn.zyx@example.se",
            "nils.qvxz@example.no"], rows
        assert rows[2]["country"] == "NO" and rows[2]["status"] == "registered"
        s, _, p = se.get(f"/api/v1/meetings/{mid}/registrations")
        problem(s, p, 401, "unauthorized")
        s, _, p = se.get(f"/api/v1/meetings/{mid}/registrations?format=xml",
                         token=se.token)
        problem(s, p, 400, "bad_parameter", "format")

        # the organiser e-mails the registered people, with the join link
        s, _, r = se.call("POST", f"/api/v1/meetings/{mid}/registrations/mail",
                          {"subject": "Agenda", "text": "Welcome!",
                           "join_link": True})
        assert s == 202 and r["queued"] == 3, r
        for email in ("astrid.zyx@example.se", "nils.qvxz@example.no"):
            got = [m for m in smtp.to(email)]
            msg = smtp.wait_for(email, len(got) if got and
                                got[-1]["msg"]["Subject"] == "Agenda"
                                else len(got) + 1)
            assert msg["msg"]["Subject"] == "Agenda", msg["msg"]["Subject"]
            assert "Welcome!" in body_of(msg) and JOIN in body_of(msg)
        assert all(m["msg"]["Subject"] != "Agenda"
                   for m in smtp.to("dorte.qvxz@example.dk"))

        # counts a client sends are replaced; a larger capacity moves the
        # waiting list up
        s, _, r = register(se, mid, "Mette Qvxz", "mette.qvxz@example.dk", b)
        assert s == 201 and r["status"] == "waiting", r
        m = se.get(f"/api/v1/meetings/{mid}")[2]["body"]
        s, _, w = se.call("PUT", f"/api/v1/meetings/{mid}",
                          dict(m, capacity=10, registered=99, waiting=99))
        assert s == 200, w
        assert (w["body"]["registered"], w["body"]["waiting"]) == (4, 0), w
        assert "A place came free" in body_of(
            smtp.wait_for("mette.qvxz@example.dk", 2))

        # an erasure request takes a registration and its count with it
        r = harness.subprocess.run(
            [harness.CTL_BIN, "person", "erase", "--email",
             "nils.qvxz@example.no", "--url", se.url, "--token-file",
             se.token_file, "--json"], capture_output=True, text=True,
            timeout=60)
        assert r.returncode == 0, r.stderr
        assert json.loads(r.stdout)["by_kind"]["registration"] == 1
        assert_all_equal(fed)
        for node in (se, dk, no):
            assert counts(node, mid) == (3, 0), node.country

        # the organiser's node is down: DK's node says so, and keeps
        # nothing of the request
        se.stop()
        s, _, p = register(dk, mid, "Karen Qvxz", "karen.qvxz@example.dk", b)
        problem(s, p, 502, "home_unreachable")
        assert "Karen" not in json.dumps(p)
        log = open(dk.log_path).read()
        assert "forward: SE's node did not answer" in log, log[-2000:]
        # something else on its address: an answer that is not JSON, or
        # one over the relay's bound, is not passed on
        for ctype, body in (("text/html", b"<html>hello</html>"),
                            ("application/json",
                             b'{"x":"' + b"y" * 20000 + b'"}')):
            with fake_peer(se.port, 201, ctype, body):
                s, _, p = register(dk, mid, "Karen Qvxz",
                                   "karen.qvxz@example.dk", b)
                problem(s, p, 502, "home_unreachable")
        assert files_holding(dk.dir, "karen.qvxz") == []
        assert files_holding(dk.dir, "Karen Qvxz") == []


def test_when_registration_is_closed_and_who_organises(federation):
    with SMTPServer() as smtp:
        fed = federation(["SE"], pull_ms=60000)
        se = fed["SE"]
        se.extra_conf = mail_conf(smtp, "SE")
        se.start()
        host = se.post("organisations", org("Arrangören", "SE"))["id"]
        other = se.post("organisations", org("Den andra", "SE"))["id"]
        for kw, code, field in (
                ({"registration": {"opens": ts(2), "deadline": ts(5)}},
                 "registration_not_open", "registration"),
                ({"registration": {"opens": ts(-5), "deadline": ts(-1)}},
                 "registration_closed", "registration"),
                ({"status": "cancelled"}, "registration_closed", "status"),
                ({"start": ts(-1), "end": ts(-1, 2), "registration":
                  {"opens": ts(-3), "deadline": ts(-2)}},
                 "registration_closed", "registration")):
            mid = se.post("meetings", meeting(host, **kw))["id"]
            s, _, p = register(se, mid, "Anna", "anna@example.se", other)
            problem(s, p, 409, code, field)
        mid = se.post("meetings", meeting(host))["id"]
        # the organiser's account lists them; another organisation's not
        own = signed_in(se, smtp, host, "host@example.se")
        not_own = signed_in(se, smtp, other, "other@example.se")
        s, _, r = register(se, mid, "Anna", "anna@example.se", other)
        assert s == 201
        s, _, lst = own.call("GET", f"/api/v1/meetings/{mid}/registrations")
        assert s == 200 and len(lst["items"]) == 1, lst
        # counts sent through the batch route are replaced as well
        m = se.get(f"/api/v1/meetings/{mid}")[2]["body"]
        line = json.dumps({"id": mid, "body": dict(m, registered=50,
                                                    waiting=7)})
        s, _, r = se.call("POST", "/api/v1/batch", (line + "\n").encode(),
                          ctype="application/x-ndjson")
        assert s == 200 and r["results"][0]["result"] == "unchanged", r
        assert counts(se, mid) == (1, 0)
        # another organisation's account: refused on every organiser's route
        for method, path, body in (
                ("GET", "registrations", None),
                ("GET", "registrations?format=csv", None),
                ("POST", "registrations/mail", {"subject": "x", "text": "y"}),
                ("PUT", "join-link", {"url": JOIN}),
                ("DELETE", "join-link", None)):
            s, _, p = not_own.call(method, f"/api/v1/meetings/{mid}/{path}",
                                   body)
            problem(s, p, 403, "not_your_organisation")
        s, _, _ = own.call("PUT", f"/api/v1/meetings/{mid}/join-link",
                           {"url": JOIN})
        assert s == 204
        s, _, p = own.call("PUT", f"/api/v1/meetings/{mid}/join-link",
                           {"url": "javascript:alert(1)"})
        problem(s, p, 422, "bad_value", "url")
        s, _, p = own.call("POST", f"/api/v1/meetings/{mid}/registrations/mail",
                           {"subject": "a\r\nBcc: x@example.se", "text": "x"})
        problem(s, p, 422, "bad_value", "subject")
        s, _, _ = own.call("DELETE", f"/api/v1/meetings/{mid}/join-link")
        assert s == 204
        s, _, p = own.call("POST", f"/api/v1/meetings/{mid}/registrations/mail",
                           {"subject": "Hej", "text": "x", "join_link": True})
        problem(s, p, 409, "no_join_link", "join_link")


def test_person_requests_and_retention_cover_registrations(federation):
    """nordfedctl person find/export show a registration, with its
    meeting; the sweep at start erases the registrations of a deleted
    meeting and of one that ended registration_retention_days ago, and
    writes the counts anew."""
    import sqlite3
    fed = federation(["SE"], pull_ms=60000)
    se = fed["SE"]
    se.extra_conf = "\n[privacy]\nregistration_retention_days = 30\n"
    se.start()
    host = se.post("organisations", org("Arrangören", "SE"))["id"]
    other = se.post("organisations", org("Gästföreningen", "SE"))["id"]
    gone = se.post("meetings", meeting(host))["id"]
    live = se.post("meetings", meeting(host, capacity=1))["id"]
    past = se.post("meetings", meeting(host, start=ts(-41), end=ts(-40),
                                       registration={"opens": ts(-50),
                                                     "deadline": ts(-42)},
                                       status="completed"))["id"]
    assert register(se, gone, "Greta Wqzx", "greta.wqzx@example.se",
                    other)[0] == 201
    assert register(se, live, "Greta Wqzx", "greta.wqzx@example.se",
                    other)[0] == 201
    r = ctl(se, "person", "find", "--email", "GRETA.WQZX@example.se")
    assert "registration" in r.stdout and live in r.stdout, r.stdout
    exp = json.loads(ctl(se, "person", "export", "--email",
                         "greta.wqzx@example.se", "--json").stdout)
    regs = exp["data"]["registration"]
    assert sorted(g["meeting"] for g in regs) == sorted([gone, live]), exp
    assert regs[0]["name"] == "Greta Wqzx" and "purpose" in \
        exp["about"]["registration"], exp
    # erasing Greta gives her place to the one waiting
    assert register(se, live, "Hugo Wqzx", "hugo.wqzx@example.se",
                    host)[2]["status"] == "waiting"
    assert register(se, gone, "Ivar Wqzx", "ivar.wqzx@example.se",
                    host)[0] == 201
    r = ctl(se, "person", "erase", "--email", "greta.wqzx@example.se",
            "--json")
    assert json.loads(r.stdout)["by_kind"]["registration"] == 2, r.stdout
    assert counts_become(se, live, (1, 0)) == (1, 0)
    assert files_holding(se.dir, "greta.wqzx") == []
    assert se.call("DELETE", f"/api/v1/meetings/{gone}")[0] == 200
    se.stop()
    # as a registration taken before its meeting ended 40 days ago
    db = sqlite3.connect(se.db)
    db.execute("INSERT INTO registrations(id, meeting_id, org_id, name, "
               "email, status, created_at, cancel_hash) VALUES "
               "('se:reg:01JD3K6QWZ8M4T5V7X9Y0OLDREG', ?, ?, 'Olof Wqzx', "
               "'olof.wqzx@example.se', 'registered', 1, ?)",
               (past, other, bytes(32)))
    db.commit()
    db.close()
    se.start()
    db = sqlite3.connect(f"file:{se.db}?mode=ro", uri=True)
    left = db.execute("SELECT meeting_id FROM registrations").fetchall()
    db.close()
    assert left == [(live,)], left
    with open(se.log_path, errors="replace") as f:
        log = f.read()
    assert "retention: erased 2 meeting registrations" in log, log[-2000:]
    assert counts_become(se, past, (0, 0)) == (0, 0)
    assert counts(se, live) == (1, 0)
    assert files_holding(se.dir, "olof.wqzx") == []
