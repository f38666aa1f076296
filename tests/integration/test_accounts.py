"""Organisation accounts on real nodes (docs/operations.md, "Organisation
accounts"), with a local SMTP server (tests/mailsink.py, Debian's aiosmtpd)
started by each test on 127.0.0.1 as the nodes' [mail] relay:

- invite with nordfedctl, sign in by the e-mailed one-time link, edit the
  organisation and its contact persons, apply from FI to a network led from
  NO, accept on NO's node by NO's account, the membership on every node;
- an account cannot write for another organisation, on each write route,
  by session or by scoped token, nor without its CSRF token;
- a session ends at sign-out, at its end and when the account is revoked;
  a link works once and expires; sign-in links asked for on the page;
- a node without a relay logs the link and the invitation returns it; a
  relay that refuses; erasure through nordfedctl person; no address in any
  entry, log line or other node's files.
"""
import json
import os
import re
import subprocess
import time

import harness
from mailsink import SMTPServer
from test_federation import assert_all_equal, org

LINK_RE = re.compile(r"#/signin/([A-Za-z0-9_-]{43})\b")


def mail_conf(smtp, cc, extra=""):
    return (f"\n[mail]\nrelay = {smtp.url}\nfrom = nordfed@{cc.lower()}"
            f".example.org\n" + extra)


def ctl(n, *args, ok=(0,), stdin=None):
    r = subprocess.run([harness.CTL_BIN, *[str(a) for a in args], "--url",
                        n.url, "--token-file", n.token_file],
                       capture_output=True, text=True, input=stdin,
                       timeout=60)
    for mark in ("Sanitizer", "runtime error:"):
        assert mark not in r.stderr, r.stderr
    assert r.returncode in ok, (args, r.returncode, r.stdout, r.stderr)
    return r


def problem(s, b, status, code, field=None):
    assert s == status and isinstance(b, dict) and b.get("code") == code, \
        (s, b)
    if field is not None:
        assert b.get("field") == field, b


class Session:
    """A browser's view of one node: the session cookie and the CSRF token."""

    def __init__(self, node):
        self.node = node
        self.cookie = None
        self.csrf = None
        self.info = None

    def sign_in(self, secret, expect=200):
        s, h, b = harness.request("POST", self.node.url +
                                  "/api/v1/account/signin", {"link": secret})
        if expect != 200:
            return s, b
        assert s == 200, b
        sc = h["Set-Cookie"]
        assert sc.startswith("nordfed_session="), sc
        for attr in ("HttpOnly", "SameSite=Strict", "Path=/"):
            assert attr in sc, sc
        assert "Secure" not in sc, sc        # plain http here
        self.cookie = sc.split(";")[0]
        self.csrf = b["csrf"]
        self.info = b
        return s, b

    def call(self, method, path, body=None, csrf=True, **kw):
        hdrs = dict(kw.pop("headers", {}))
        if self.cookie:
            hdrs["Cookie"] = self.cookie
        if csrf and self.csrf and method not in ("GET", "HEAD"):
            hdrs["X-CSRF-Token"] = self.csrf
        return harness.request(method, self.node.url + path, body,
                               headers=hdrs, **kw)


def link_of(msg):
    body = msg["msg"].get_content()
    m = LINK_RE.search(body)
    assert m, body
    return m.group(1), body


def invite(n, smtp, org_id, email):
    """nordfedctl account invite; the invitation the relay then holds."""
    before = len(smtp.to(email))
    r = ctl(n, "account", "invite", "--org", org_id, "--email", email)
    assert "went by e-mail" in r.stdout, r.stdout
    account = re.search(r"account ([a-z]{2}:acct:[0-9A-Z]{26})", r.stdout)
    assert account, r.stdout
    return account.group(1), smtp.wait_for(email, before + 1)


def signed_in(n, smtp, org_id, email):
    acct, msg = invite(n, smtp, org_id, email)
    secret, _ = link_of(msg)
    sess = Session(n)
    sess.sign_in(secret)
    assert sess.info["account"] == acct
    assert sess.info["organisation"]["id"] == org_id
    return sess


def files_holding(directory, needle):
    found = []
    for root, _, files in os.walk(directory):
        for f in files:
            path = os.path.join(root, f)
            try:
                with open(path, "rb") as fh:
                    if needle.lower().encode() in fh.read().lower():
                        found.append(path)
            except OSError:
                pass
    return found


def log_entries(n, origin):
    s, _, b = n.get(f"/federation/v1/log/{origin}?after=0&limit=1000",
                    raw=True)
    assert s == 200
    return [json.loads(line) for line in b.decode().splitlines() if line]


def test_invite_sign_in_edit_apply_accept(federation):
    """The whole way of the issue, on three nodes: FI applies to a network
    led from NO, NO's lead decides, every node shows the membership."""
    with SMTPServer() as smtp:
        fed = federation(["NO", "FI", "SE"])
        for cc in fed.nodes:
            fed[cc].extra_conf = mail_conf(smtp, cc)
        fed.start()
        no, fi, se = fed["NO"], fed["FI"], fed["SE"]
        lead = no.post("organisations", org("Inkluderingsforum Tromsø", "NO"))["id"]
        net = no.post("networks", {
            "name": {"nb": "Nordisk nettverk for inkludering",
                     "en": "Nordic network for inclusion"},
            "scope": "nordic", "lead_organisation": lead})["id"]
        applicant = fi.post("organisations", org("Kylätoiminta ry", "FI"))["id"]

        # FI's operator invites; the invitee signs in by the e-mailed link
        anna = "Anna.Virtanen@kylatoiminta.example.fi"
        acct, msg = invite(fi, smtp, applicant, anna)
        assert msg["msg"]["From"].addresses[0].addr_spec == \
            "nordfed@fi.example.org"
        assert msg["msg"]["To"].addresses[0].addr_spec == anna
        assert msg["msg"].get_content_type() == "text/plain"
        assert msg["msg"].get_content_charset() == "utf-8"
        assert "Kylätoiminta ry" in msg["msg"]["Subject"]
        secret, text = link_of(msg)
        assert (fi.url + "/#/signin/" + secret) in text, text
        sess = Session(fi)
        sess.sign_in(secret)
        assert sess.info["account"] == acct and sess.info["email"] == anna
        s, _, me = sess.call("GET", "/api/v1/account")
        assert s == 200 and me["signed_in"] and me["csrf"] == sess.csrf, me

        # it edits its organisation and adds a contact person
        s, _, o = fi.get(f"/api/v1/organisations/{applicant}")
        body = dict(o["body"], website="https://kylatoiminta.example.fi",
                    description={"fi": "Kylien yhdistys", "en": "Village association"})
        s, _, o = sess.call("PUT", f"/api/v1/organisations/{applicant}", body)
        assert s == 200 and o["body"]["account"] == acct, o
        s, _, p = sess.call("POST", f"/api/v1/organisations/{applicant}/persons",
                            {"name": "Anna Virtanen", "role": "puheenjohtaja"})
        assert s == 201, p
        s, _, ps = sess.call("GET", f"/api/v1/organisations/{applicant}/persons")
        assert s == 200 and ps["withheld"] == 0 and len(ps["items"]) == 1, ps

        # it applies, from FI's node, to NO's network
        s, _, req = sess.call("POST", "/api/v1/membership-requests", {
            "network": net, "organisation": applicant, "role": "member",
            "status": "pending", "message": {"fi": "Haluamme mukaan"}})
        assert s == 201 and req["body"]["account"] == acct, req
        fed.wait_converged(30)

        # NO's lead organisation's account sees it and accepts it
        lead_sess = signed_in(no, smtp, lead, "kari@inkludering.example.no")
        assert lead_sess.info["leads"] == [net], lead_sess.info
        s, _, apps = lead_sess.call("GET", "/api/v1/account/applications")
        assert s == 200, apps
        assert [a["id"] for a in apps["incoming"]] == [req["id"]], apps
        assert apps["incoming"][0]["state"] == "pending"
        assert apps["incoming"][0]["organisation_name"] == "Kylätoiminta ry"
        s, _, m = lead_sess.call("POST",
                                 f"/api/v1/membership-requests/{req['id']}/accept")
        assert s == 201 and m["body"]["status"] == "active", m
        assert m["body"]["account"] == lead_sess.info["account"], m
        assert_all_equal(fed)

        # every node shows the membership; the applicant sees it active
        for node in (no, fi, se):
            _, _, nw = node.get(f"/api/v1/networks/{net}")
            members = {x["body"]["organisation"]: x["body"]["status"]
                       for x in nw["members"]["items"]}
            assert members.get(applicant) == "active", (node.country, members)
            _, _, r = node.get(f"/api/v1/membership-requests/{req['id']}")
            assert r["state"] == "active", (node.country, r)
        s, _, apps = sess.call("GET", "/api/v1/account/applications")
        assert [(a["id"], a["state"]) for a in apps["outgoing"]] == \
            [(req["id"], "active")], apps

        # the addresses are in no entry, no log line, no other node's files
        for node in (no, fi, se):
            for origin in ("NO", "FI"):
                text = json.dumps(log_entries(node, origin))
                assert "anna.virtanen" not in text.lower()
                assert "kari@" not in text
        for node in (no, fi, se):
            assert "anna.virtanen" not in open(node.log_path).read().lower()
            assert "kari@" not in open(node.log_path).read().lower()
        assert files_holding(no.dir, "anna.virtanen") == []
        assert files_holding(se.dir, "anna.virtanen") == []
        assert files_holding(se.dir, "kari@inkludering") == []
        assert files_holding(fi.dir, "kari@inkludering") == []


def test_accounts_cannot_write_for_another_organisation(federation):
    """Each write route, by session and by a scoped token: only for its own
    organisation, and nothing is written when refused."""
    with SMTPServer() as smtp:
        fed = federation(["FI"], pull_ms=60000)
        fi = fed["FI"]
        fi.extra_conf = mail_conf(smtp, "FI")
        fi.start()
        mine = fi.post("organisations", org("Oma yhdistys ry", "FI"))["id"]
        other = fi.post("organisations", org("Toinen yhdistys ry", "FI"))["id"]
        # a network led by the other organisation, with a request for it
        net = fi.post("networks", {"name": {"fi": "Toisen verkosto"},
                                   "scope": "national", "country": "FI",
                                   "lead_organisation": other})["id"]
        mine_net = fi.post("networks", {"name": {"fi": "Oma verkosto"},
                                        "scope": "national", "country": "FI",
                                        "lead_organisation": mine})["id"]
        third = fi.post("organisations", org("Kolmas ry", "FI"))["id"]
        req = fi.post("membership-requests", {
            "network": net, "organisation": third, "role": "member",
            "status": "pending"})["id"]
        others_req = fi.post("membership-requests", {
            "network": mine_net, "organisation": other, "role": "member",
            "status": "pending"})
        person = fi.call("POST", f"/api/v1/organisations/{other}/persons",
                         {"name": "Toinen Henkilö"})[2]["id"]
        meeting = {"organiser": other, "network": net,
                   "title": {"fi": "Kokous"}, "start": "2027-03-05T10:00:00+02:00",
                   "end": "2027-03-05T12:00:00+02:00",
                   "timezone": "Europe/Helsinki", "mode": "online",
                   "platform": "Zoom", "cost": "free", "status": "scheduled"}
        resource = {"kind": "report", "title": {"fi": "Raportti"},
                    "url": "https://example.fi/r.pdf", "languages": ["fi"],
                    "publisher": other, "network": net}
        sess = signed_in(fi, smtp, mine, "oma@example.fi")
        # a token scoped to the same organisation
        scoped = "scopedtoken-" + "x" * 30
        with open(fi.token_file, "a") as f:
            f.write(f"calendar {scoped} org={mine}\n")
        fi.stop()
        fi.start()
        head = fi.get("/api/v1/node")[2]["heads"]["FI"]["seq"]

        def via_token(method, path, body=None):
            return harness.request(method, fi.url + path, body, token=scoped)

        writes = [
            ("PUT", f"/api/v1/organisations/{other}",
             dict(org("Toinen yhdistys ry", "FI")), "not_your_organisation"),
            ("POST", "/api/v1/organisations", org("Uusi ry", "FI"),
             "operator_only"),
            ("POST", "/api/v1/networks", {"name": {"fi": "X"}, "scope": "national",
                                          "country": "FI",
                                          "lead_organisation": mine},
             "operator_only"),
            ("PUT", f"/api/v1/networks/{mine_net}",
             {"name": {"fi": "X"}, "scope": "national", "country": "FI",
              "lead_organisation": mine}, "operator_only"),
            ("POST", "/api/v1/memberships", {"network": mine_net,
                                             "organisation": other,
                                             "role": "member", "status": "active"},
             "operator_only"),
            ("POST", "/api/v1/membership-requests",
             {"network": net, "organisation": other, "role": "member",
              "status": "pending"}, "not_your_organisation"),
            ("PUT", f"/api/v1/membership-requests/{others_req['id']}",
             dict(others_req["body"], organisation=mine), "not_your_organisation"),
            ("POST", "/api/v1/meetings", meeting, "not_your_organisation"),
            ("POST", "/api/v1/meetings", dict(meeting, organiser=mine),
             "not_your_organisation"),      # a network it does not lead
            ("POST", "/api/v1/resources", resource, "not_your_organisation"),
            ("POST", "/api/v1/resources", dict(resource, publisher=mine),
             "not_your_organisation"),
            ("POST", "/api/v1/collaborations",
             {"organisation": mine, "public_body_name": "Helsingin kaupunki",
              "form": "grant", "level": "local", "area": "culture",
              "start": "2025-01-01"}, "operator_only"),
            ("POST", f"/api/v1/membership-requests/{req}/accept", None,
             "not_your_organisation"),
            ("POST", f"/api/v1/membership-requests/{req}/decline", None,
             "not_your_organisation"),
            ("POST", f"/api/v1/organisations/{other}/persons",
             {"name": "Vieras"}, "not_your_organisation"),
            ("PUT", f"/api/v1/organisations/{other}/persons/{person}",
             {"name": "Vieras"}, "not_your_organisation"),
            ("DELETE", f"/api/v1/organisations/{other}/persons/{person}", None,
             "not_your_organisation"),
        ]
        for method, path, body, code in writes:
            s, _, b = sess.call(method, path, body)
            problem(s, b, 403, code)
            s, _, b = via_token(method, path, body)
            problem(s, b, 403, code)
        # record deletes are the operator's: neither is let in
        for path in (f"/api/v1/organisations/{mine}",
                     f"/api/v1/membership-requests/{req}"):
            s, _, b = sess.call("DELETE", path)
            problem(s, b, 401, "unauthorized")
            s, _, b = via_token("DELETE", path)
            problem(s, b, 401, "unauthorized")
        # nor the operator's routes
        for method, path in (("GET", "/api/v1/admin/accounts"),
                             ("POST", "/api/v1/admin/persons/find"),
                             ("GET", "/api/v1/admin/forks")):
            s, _, b = via_token(method, path, {"email": "a@b.c"}
                                if method == "POST" else None)
            problem(s, b, 401, "unauthorized")
            s, _, b = sess.call(method, path, {"email": "a@b.c"}
                                if method == "POST" else None)
            problem(s, b, 401, "unauthorized")
        # a write by session without its CSRF token, or with another's
        s, _, b = sess.call("PUT", f"/api/v1/organisations/{mine}",
                            org("Oma yhdistys ry", "FI"), csrf=False)
        problem(s, b, 403, "csrf", "X-CSRF-Token")
        s, _, b = sess.call("PUT", f"/api/v1/organisations/{mine}",
                            org("Oma yhdistys ry", "FI"), csrf=False,
                            headers={"X-CSRF-Token": "A" * 43})
        problem(s, b, 403, "csrf")
        # nothing was written by any of it
        assert fi.get("/api/v1/node")[2]["heads"]["FI"]["seq"] == head
        _, _, ps = fi.get(f"/api/v1/organisations/{other}/persons",
                          token=fi.token)
        assert [p["name"] for p in ps["items"]] == ["Toinen Henkilö"]
        # another organisation's account reads only public persons
        s, _, ps = sess.call("GET", f"/api/v1/organisations/{other}/persons")
        assert s == 200 and ps["items"] == [] and ps["withheld"] == 1, ps

        # what it may do, it does, named in the entry
        ok = [("POST", "/api/v1/meetings", dict(meeting, organiser=mine,
                                                network=mine_net)),
              ("POST", "/api/v1/resources", dict(resource, publisher=mine,
                                                 network=mine_net)),
              ("POST", f"/api/v1/membership-requests/{others_req['id']}/accept",
               None)]
        s, _, b = sess.call(*ok[0])
        assert s == 201 and b["body"]["account"] == sess.info["account"], b
        s, _, b = via_token(*ok[1])
        assert s == 201 and b["body"]["account"].startswith("fi:acct:"), b
        assert b["body"]["account"] != sess.info["account"]
        s, _, b = via_token(*ok[2])
        assert s == 201 and b["body"]["status"] == "active", b
        # an account id sent by a client is the node's to set
        s, _, b = sess.call("PUT", f"/api/v1/organisations/{mine}",
                            dict(org("Oma yhdistys ry", "FI"),
                                 account="fi:acct:0000000000000000000000000A"))
        assert s == 200 and b["body"]["account"] == sess.info["account"], b
        s, _, b = fi.call("PUT", f"/api/v1/organisations/{mine}",
                          dict(org("Oma yhdistys ry", "FI"),
                               account=sess.info["account"]))
        assert s == 200 and "account" not in b["body"], b
        # the organisation deleted: neither its session nor its token acts
        s, _, _ = fi.call("DELETE", f"/api/v1/organisations/{mine}")
        assert s == 200
        s, _, b = sess.call("POST", "/api/v1/meetings",
                            dict(meeting, organiser=mine, network=mine_net))
        problem(s, b, 401, "unauthorized")
        s, _, b = via_token("POST", "/api/v1/meetings",
                            dict(meeting, organiser=mine, network=mine_net))
        problem(s, b, 403, "not_your_organisation")


def test_session_ends_at_sign_out_expiry_and_revocation(federation):
    with SMTPServer() as smtp:
        fed = federation(["SE"], pull_ms=60000)
        se = fed["SE"]
        se.extra_conf = mail_conf(smtp, "SE", "[accounts]\nsession_ttl_s = 3\n")
        se.start()
        o = se.post("organisations", org("Språkcafé Malmö", "SE"))["id"]
        edit = org("Språkcafé Malmö", "SE")

        # expiry: the session works, then is refused, by itself
        sess = signed_in(se, smtp, o, "lena@sprakcafe.example.se")
        s, _, b = sess.call("PUT", f"/api/v1/organisations/{o}", edit)
        assert s == 200, b
        end = time.time() + 30
        while time.time() < end:
            if not sess.call("GET", "/api/v1/account")[2]["signed_in"]:
                break
            time.sleep(0.2)
        s, h, b = sess.call("GET", "/api/v1/account")
        assert b == {"signed_in": False}, b
        assert "Max-Age=0" in h.get("Set-Cookie", ""), h
        s, _, b = sess.call("PUT", f"/api/v1/organisations/{o}", edit)
        problem(s, b, 401, "unauthorized")

        # sign-out: the same cookie is refused after it
        sess = Session(se)
        s, _, b = harness.request("POST", se.url + "/api/v1/account/link",
                                  {"email": "lena@sprakcafe.example.se"})
        assert s == 202, b
        secret, text = link_of(smtp.wait_for("lena@sprakcafe.example.se", 2))
        assert "Someone asked for a sign-in link" in text, text
        sess.sign_in(secret)
        s, h, _ = sess.call("POST", "/api/v1/account/signout")
        assert s == 204 and "Max-Age=0" in h["Set-Cookie"], h
        s, _, b = sess.call("PUT", f"/api/v1/organisations/{o}", edit)
        problem(s, b, 401, "unauthorized")
        assert sess.call("GET", "/api/v1/account")[2] == {"signed_in": False}
        # sign-out is for sessions
        s, _, b = harness.request("POST", se.url + "/api/v1/account/signout",
                                  token=se.token)
        problem(s, b, 422, "not_a_session")

        # revocation: the operator ends the account and its sessions
        other = signed_in(se, smtp, o, "nils@sprakcafe.example.se")
        acct = other.info["account"]
        r = ctl(se, "account", "list", "--org", o)
        assert acct in r.stdout and "1 session" in r.stdout, r.stdout
        assert "nils@sprakcafe.example.se" in r.stdout
        r = ctl(se, "account", "revoke", acct)
        assert "1 session ended" in r.stdout, r.stdout
        s, _, b = other.call("PUT", f"/api/v1/organisations/{o}", edit)
        problem(s, b, 401, "unauthorized")
        assert acct not in ctl(se, "account", "list").stdout
        r = ctl(se, "account", "revoke", acct, ok=(2,))
        assert "no account" in r.stderr, r.stderr
        # an organisation deleted: its accounts' sessions end with it
        gone = se.post("organisations", org("Nedlagd förening", "SE"))["id"]
        g = signed_in(se, smtp, gone, "sista@nedlagd.example.se")
        s, _, _ = se.call("DELETE", f"/api/v1/organisations/{gone}")
        assert s == 200
        assert g.call("GET", "/api/v1/account")[2] == {"signed_in": False}


def test_links_work_once_and_expire(federation):
    with SMTPServer() as smtp:
        fed = federation(["DK"], pull_ms=60000)
        dk = fed["DK"]
        dk.extra_conf = mail_conf(smtp, "DK", "[accounts]\nlink_ttl_s = 1\n")
        dk.start()
        o = dk.post("organisations", org("Frivilligcenter Aarhus", "DK"))["id"]
        acct, msg = invite(dk, smtp, o, "mette@frivillig.example.dk")
        secret, _ = link_of(msg)
        Session(dk).sign_in(secret)
        s, b = Session(dk).sign_in(secret, expect=401)
        problem(s, b, 401, "link_invalid", "link")
        s, b = Session(dk).sign_in("A" * 43, expect=401)
        problem(s, b, 401, "link_invalid")
        s, b = Session(dk).sign_in("short", expect=422)
        problem(s, b, 422, "bad_value", "link")

        # a link asked for on the page: the same answer for an unknown
        # address, which gets nothing; a second one within a minute is
        # not sent
        for addr in ("nobody@example.dk", "MetteX@frivillig.example.dk",
                     "mette@frivillig.example.dk", "Mette@Frivillig.example.dk"):
            s, _, b = harness.request("POST", dk.url + "/api/v1/account/link",
                                      {"email": addr})
            assert s == 202 and "sign-in link" in b["status"], b
        msg = smtp.wait_for("mette@frivillig.example.dk", 2)
        s, _, b = harness.request("POST", dk.url + "/api/v1/account/link",
                                  {"email": "not an address"})
        problem(s, b, 422, "bad_value", "email")
        assert "not an address" not in json.dumps(b)
        # a message sent after all of them has arrived: none came to an
        # address without an account, nor a third to the account
        invite(dk, smtp, o, "sentinel@frivillig.example.dk")
        assert len(smtp.to("mette@frivillig.example.dk")) == 2
        assert smtp.to("nobody@example.dk") == []
        assert smtp.to("mettex@frivillig.example.dk") == []
        # link_ttl_s = 1: once past its end it is refused, and gone
        secret, text = link_of(msg)
        until = re.search(r"until (\d{4}-\d\d-\d\dT\d\d:\d\d)", text)
        assert until, text
        time.sleep(1.5)
        s, b = Session(dk).sign_in(secret, expect=401)
        problem(s, b, 401, "link_expired")
        s, b = Session(dk).sign_in(secret, expect=401)
        problem(s, b, 401, "link_invalid")
        assert acct in ctl(dk, "account", "list").stdout


def test_no_relay_logs_the_link_and_a_relay_that_refuses(federation):
    fed = federation(["IS"], pull_ms=60000)
    is_ = fed["IS"]
    is_.start()
    o = is_.post("organisations", org("Rauði þráðurinn", "IS"))["id"]
    r = ctl(is_, "account", "invite", "--org", o, "--email", "-",
            stdin="gudrun@example.is\n")
    assert "no [mail] relay" in r.stdout, r.stdout
    secret = LINK_RE.search(r.stdout).group(1)
    acct = re.search(r"([a-z]{2}:acct:[0-9A-Z]{26})", r.stdout).group(1)
    log = open(is_.log_path).read()
    assert secret in log and acct in log, log[-2000:]
    assert "gudrun" not in log.lower()
    Session(is_).sign_in(secret)
    # bad invitations change nothing
    for body, code, field in (
            ({"organisation": o}, "missing_field", "email"),
            ({"organisation": o, "email": "gudrun at example"}, "bad_value",
             "email"),
            ({"organisation": "no:org:01JD3K6QWZ8M4T5V7X9Y0A1B2C",
              "email": "a@example.is"}, "bad_value", "organisation"),
            ({"organisation": o, "email": "a@example.is", "name": "x"},
             "unknown_field", "name")):
        s, _, b = is_.call("POST", "/api/v1/admin/accounts", body)
        problem(s, b, 422, code, field)
    assert len(json.loads(ctl(is_, "account", "list", "--json").stdout)
               ["items"]) == 1

    with SMTPServer() as smtp:
        smtp.refuse("refused@example.fo")
        fed2 = federation(["FO"], pull_ms=60000)
        fo = fed2["FO"]
        fo.extra_conf = mail_conf(smtp, "FO")
        fo.start()
        o = fo.post("organisations", org("Javnstøðufelagið", "FO"))["id"]
        r = ctl(fo, "account", "invite", "--org", o, "--email",
                "refused@example.fo", ok=(1,))
        assert "mail_failed" in r.stderr or "did not take" in r.stderr, r.stderr
        assert "refused@" not in open(fo.log_path).read()


def test_erasure_covers_accounts(federation):
    with SMTPServer() as smtp:
        fed = federation(["AX"], pull_ms=60000)
        ax = fed["AX"]
        ax.extra_conf = mail_conf(smtp, "AX")
        ax.start()
        o = ax.post("organisations", org("Frivilligcentralen Åland", "AX"))["id"]
        addr = "Zelda.Qvist@example.ax"
        sess = signed_in(ax, smtp, o, addr)
        r = ctl(ax, "person", "find", "--email", addr.lower())
        assert "account" in r.stdout and sess.info["account"] in r.stdout, \
            r.stdout
        r = ctl(ax, "person", "export", "--email", addr, "--json")
        exp = json.loads(r.stdout)
        assert exp["data"]["account"][0]["email"] == addr, exp
        assert "purpose" in exp["about"]["account"]
        r = ctl(ax, "person", "erase", "--email", addr, "--json")
        assert json.loads(r.stdout)["by_kind"]["account"] == 1, r.stdout
        assert sess.call("GET", "/api/v1/account")[2] == {"signed_in": False}
        assert files_holding(ax.dir, "zelda.qvist") == []


def test_behind_https_the_cookie_is_secure(federation):
    """With an https public_url the links are built from it and the
    session cookie is Secure and __Host- (the node itself still speaks
    http to its TLS proxy, as here)."""
    fed = federation(["NO"], pull_ms=60000)
    no = fed["NO"]
    base = harness.Node.write_conf

    def write(extra=""):
        base(no, extra)
        text = open(no.conf).read().replace(
            "[node]\n", "[node]\npublic_url = https://nordfed.example.no\n", 1)
        with open(no.conf, "w") as f:
            f.write(text)
    no.write_conf = write
    no.start()
    o = no.post("organisations", org("Frivillighet Norge", "NO"))["id"]
    s, _, b = no.call("POST", "/api/v1/admin/accounts",
                      {"organisation": o, "email": "ola@example.no"})
    assert s == 201 and b["mail"] == "not_sent", b
    assert b["link"].startswith("https://nordfed.example.no/#/signin/"), b
    secret = b["link"].rsplit("/", 1)[1]
    s, h, b = harness.request("POST", no.url + "/api/v1/account/signin",
                              {"link": secret})
    assert s == 200, b
    sc = h["Set-Cookie"]
    assert sc.startswith("__Host-nordfed_session=") and "; Secure" in sc, sc
    assert "HttpOnly" in sc and "SameSite=Strict" in sc and "Path=/" in sc, sc
    cookie = sc.split(";")[0]
    s, _, me = harness.request("GET", no.url + "/api/v1/account",
                               headers={"Cookie": cookie})
    assert me["signed_in"] and me["csrf"] == b["csrf"], me
    # the plain name is not this node's cookie
    s, _, me = harness.request("GET", no.url + "/api/v1/account", headers={
        "Cookie": "nordfed_session=" + cookie.split("=", 1)[1]})
    assert me == {"signed_in": False}, me
