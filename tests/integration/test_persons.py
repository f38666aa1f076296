"""Personal data on a real node (docs/operations.md, "Personal data"):
who reads a contact person, erasure with the organisation, the retention
sweep, access and erasure requests through nordfedctl, and that an erased
person's e-mail address occurs in no file of the node's data directory."""
import json
import os
import re
import sqlite3
import stat
import subprocess
import time

import harness
from harness import Federation, request
from sample import data

_fed = None

# one person's data, used nowhere else: what must never leak
EMAIL = "Kari.Nordmann-erasure@example.org"
NAME = "Kari Zyxwvutsrqp"
PHONE = "+46 70 999 88 77"


def node():
    """One SE node at log level debug (the access log on), with SE's
    sample data."""
    global _fed
    if _fed is None:
        _fed = Federation(["SE"], pull_ms=60000)
        old = os.environ.get("NORDFED_LOG_LEVEL")
        os.environ["NORDFED_LOG_LEVEL"] = "debug"
        try:
            _fed["SE"].start()
        finally:
            if old is None:
                del os.environ["NORDFED_LOG_LEVEL"]
            else:
                os.environ["NORDFED_LOG_LEVEL"] = old
        harness.load_sample(_fed["SE"])
    return _fed["SE"]


def problem(status, body, code, field=None):
    assert isinstance(body, dict), body
    assert body.get("status") == status and body.get("code") == code, body
    if field is not None:
        assert body.get("field") == field, body


def ctl(*args, ok=(0,), stdin=None):
    r = subprocess.run([harness.CTL_BIN] + [str(a) for a in args],
                       capture_output=True, text=True, input=stdin,
                       timeout=60)
    for mark in ("Sanitizer", "runtime error:"):
        assert mark not in r.stderr, r.stderr
    assert r.returncode in ok, (args, r.returncode, r.stdout, r.stderr)
    return r.returncode, r.stdout, r.stderr


def new_org(n, name):
    return n.post("organisations", {"name": name, "classification":
                                    "association", "country": "SE"})["id"]


def add_person(n, org, **p):
    s, _, b = n.call("POST", f"/api/v1/organisations/{org}/persons", p)
    assert s == 201, b
    return b


def files_holding(directory, needles):
    """Every file under directory holding one of needles (bytes, any
    case of the ASCII letters): [(path, needle)]."""
    found = []
    for root, _, files in os.walk(directory):
        for f in files:
            path = os.path.join(root, f)
            try:
                with open(path, "rb") as fh:
                    blob = fh.read().lower()
            except OSError:
                continue
            for nd in needles:
                if nd.lower() in blob:
                    found.append((path, nd))
    return found


def db_rows(n, sql, *args):
    """A read of the node's database beside it (WAL: never blocks it)."""
    db = sqlite3.connect(f"file:{n.db}?mode=ro", uri=True)
    try:
        return db.execute(sql, args).fetchall()
    finally:
        db.close()


# ---- who reads what ---------------------------------------------------------

def test_a_search_for_a_name_logs_parameter_names_only():
    """The access log (debug) keeps a query's parameter names, not what a
    visitor typed: a search may hold a person's name."""
    n = node()
    s, _, _ = n.get("/api/v1/search?q=Zelda%20Quixote&limit=5")
    assert s == 200
    with open(n.log_path, errors="replace") as f:
        log = f.read()
    assert '"GET /api/v1/search?q=\u2026&limit=\u2026" 200' in log, log[-1500:]
    assert "Zelda" not in log


def test_public_only_when_the_record_says_so():
    n = node()
    org = new_org(n, "Läsarföreningen")
    hidden = add_person(n, org, name="Hedda Dold", role="kassör",
                        email="hedda@example.se")
    shown = add_person(n, org, name="Petra Öppen", role="ordförande",
                       email="petra@example.se", public=True,
                       public_consent="2025-02-03")
    assert hidden["public"] is False and hidden["public_consent"] is None
    assert shown["public"] is True and shown["public_consent"] == "2025-02-03"
    base = f"/api/v1/organisations/{org}/persons"
    # anonymous: the public one, and a count of the others
    s, _, b = n.get(base)
    assert s == 200, b
    assert [p["id"] for p in b["items"]] == [shown["id"]]
    assert b["withheld"] == 1
    s, _, b = n.get(f"{base}/{shown['id']}")
    assert s == 200 and b["email"] == "petra@example.se", b
    s, h, b = n.get(f"{base}/{hidden['id']}")
    problem(401, b, "not_public", "pid")
    assert "Bearer" in h["WWW-Authenticate"]
    assert "hedda" not in json.dumps(b).lower()
    # the operator reads both
    s, _, b = n.get(base, token=n.token)
    assert s == 200 and b["withheld"] == 0, b
    assert {p["id"] for p in b["items"]} == {hidden["id"], shown["id"]}
    s, _, b = n.get(f"{base}/{hidden['id']}", token=n.token)
    assert s == 200 and b["name"] == "Hedda Dold", b
    # a token that is sent must be valid
    s, _, b = n.get(base, token="x" * 40)
    problem(401, b, "unauthorized", "Authorization")
    s, _, b = n.get(base, headers={"Authorization": "Basic abc"})
    problem(401, b, "unauthorized", "Authorization")
    # consent withdrawn: the record says so, and nobody else reads it
    s, _, b = n.call("PUT", f"{base}/{shown['id']}",
                     {"name": "Petra Öppen", "role": "ordförande",
                      "email": "petra@example.se", "public": False})
    assert s == 200 and b["public"] is False and b["public_consent"] is None
    s, _, b = n.get(f"{base}/{shown['id']}")
    problem(401, b, "not_public", "pid")
    s, _, b = n.get(base)
    assert b["items"] == [] and b["withheld"] == 2, b
    # the organisation's page says how many, never who
    s, _, b = n.get(f"/api/v1/organisations/{org}")
    assert b["contact_persons"]["count"] == 2


def test_bad_person_input_changes_nothing_and_echoes_nothing():
    n = node()
    org = new_org(n, "Valideringsföreningen")
    base = f"/api/v1/organisations/{org}/persons"
    before = n.get(base, token=n.token)[2]
    secret = "Zelda Quixote-Secret"
    for body, status, code, field in (
            ({"name": secret, "public": True}, 422, "missing_field",
             "public_consent"),
            ({"name": secret, "public": True, "public_consent": "2999-01-01"},
             422, "bad_value", "public_consent"),
            ({"name": secret, "public": True, "public_consent": "1.2.2024"},
             422, "bad_value", "public_consent"),
            ({"name": secret, "public_consent": "2024-01-01"}, 422,
             "bad_value", "public_consent"),
            ({"name": secret, "public": "yes"}, 422, "bad_type", "public"),
            ({"name": secret, "email": "no-at-sign"}, 422, "bad_value",
             "email"),
            ({"name": secret, "ssn": "19800101-1234"}, 422, "unknown_field",
             "ssn"),
            ({"role": "x"}, 422, "missing_field", "name")):
        s, _, b = n.call("POST", base, body)
        problem(status, b, code, field)
        assert secret.lower() not in json.dumps(b).lower(), b
        assert "no-at-sign" not in json.dumps(b), b
    # writes need the token; other organisations' persons are not here
    s, _, b = n.call("POST", base, {"name": "X"}, token=None)
    problem(401, b, "unauthorized")
    s, _, b = n.get("/api/v1/organisations/"
                    "no:org:01JD3K6QWZ8M4T5V7X9Y0A1B2C/persons")
    problem(404, b, "not_home", "id")
    s, _, b = n.call("PUT", f"{base}/se:person:01JD3K6QWZ8M4T5V7X9Y0A1B2C",
                     {"name": "X"})
    problem(404, b, "not_found", "pid")
    assert n.get(base, token=n.token)[2] == before


def test_persons_are_never_indexed_nor_logged_to_peers():
    n = node()
    org = new_org(n, "Sökföreningen")
    add_person(n, org, name="Quentin Vexbolt", email="quentin@example.se",
               public=True, public_consent="2024-05-06")
    add_person(n, org, name="Ulrika Zwanziger", email="ulrika@example.se")
    for q in ("Vexbolt", "Zwanziger", "quentin"):
        s, _, b = n.get("/api/v1/search?q=" + q)
        assert s == 200 and b["items"] == [], (q, b)
    vocab = {t for (t,) in db_rows(n, "SELECT term FROM search_vocab")}
    assert not vocab & {"vexbolt", "zwanziger", "quentin", "ulrika"}, vocab
    assert db_rows(n, "SELECT count(*) FROM search WHERE search MATCH "
                   "'vexbolt OR zwanziger'") == [(0,)]
    s, _, text = n.get("/federation/v1/log/SE?limit=1000", raw=True)
    assert b"Vexbolt" not in text and b"Zwanziger" not in text


# ---- erasure ------------------------------------------------------------------

def test_deleted_organisation_leaves_no_person_row():
    n = node()
    org = new_org(n, "Nedläggningsföreningen")
    add_person(n, org, name="Torsten Utgången", email="torsten.gone@example.se",
               phone="+46 8 123 45", public=True, public_consent="2024-01-02")
    add_person(n, org, name="Vera Utgången", email="vera.gone@example.se")
    assert db_rows(n, "SELECT count(*) FROM persons WHERE org_id = ?",
                   org) == [(2,)]
    # the search below finds what is there
    assert files_holding(n.dir, [b"vera.gone@example.se"]) != []
    s, _, b = n.call("DELETE", f"/api/v1/organisations/{org}")
    assert s == 200 and b["deleted"] is True, b
    assert db_rows(n, "SELECT count(*) FROM persons WHERE org_id = ?",
                   org) == [(0,)]
    s, _, b = n.get(f"/api/v1/organisations/{org}/persons", token=n.token)
    problem(410, b, "gone", "id")
    # erased in the delete's transaction and scrubbed after its commit
    assert files_holding(n.dir, [b"torsten.gone@example.se",
                                 b"vera.gone@example.se"]) == []


def test_find_export_erase_round_trip():
    n = node()
    a = new_org(n, "Raderingsföreningen A")
    b_ = new_org(n, "Raderingsföreningen B")
    add_person(n, a, name=NAME, role="sekreterare", email=EMAIL, phone=PHONE,
               public=True, public_consent="2024-03-04")
    # the same person, another organisation, the address in other case
    add_person(n, b_, name=NAME, email=EMAIL.upper())
    other = add_person(n, a, name="Someone Else", email="else@example.org")
    common = ["-c", n.conf]
    # find: two records, and the reference the log line carries
    _, out, _ = ctl("person", "find", "--email", EMAIL.lower(), *common,
                    "--json")
    found = json.loads(out)
    assert found["count"] == 2 and found["node"] == "SE", found
    assert {r["organisation"] for r in found["records"]} == {a, b_}
    assert all(r["kind"] == "contact_person" for r in found["records"])
    _, text, _ = ctl("person", "find", "--email", EMAIL, *common)
    assert "holds 2 records" in text and "Raderingsföreningen A" in text
    # export: everything, to a new file of mode 0600, never overwritten
    out_file = os.path.join(_fed.dir, "export.json")
    _, _, err = ctl("person", "export", "--email", EMAIL, "--output",
                    out_file, *common)
    assert stat.S_IMODE(os.stat(out_file).st_mode) == 0o600
    with open(out_file) as f:
        exp = json.load(f)
    held = exp["data"]["contact_person"]
    assert exp["count"] == 2 and len(held) == 2, exp
    assert {p["phone"] for p in held} == {PHONE, None}
    assert {p["organisation_name"] for p in held} == {
        "Raderingsföreningen A", "Raderingsföreningen B"}
    assert exp["about"]["contact_person"]["kept"], exp
    ctl("person", "export", "--email", EMAIL, "--output", out_file, *common,
        ok=(3,))
    os.unlink(out_file)
    needles = [EMAIL.encode(), NAME.encode(), PHONE.encode()]
    held = files_holding(n.dir, needles)
    assert {os.path.basename(p) for p, _ in held} >= {"nordfed.db-wal"}, held
    # erase (the address from standard input): both, and the WAL scrubbed
    _, out, _ = ctl("person", "erase", "--email", "-", *common, "--json",
                    stdin=EMAIL + "\n")
    erased = json.loads(out)
    assert erased["erased"] == 2 and erased["scrubbed"] is True, erased
    ctl("person", "find", "--email", EMAIL, *common, ok=(1,))
    _, out, _ = ctl("person", "export", "--email", EMAIL, *common)
    assert json.loads(out)["count"] == 0
    # the other person stays
    s, _, p = n.get(f"/api/v1/organisations/{a}/persons/{other['id']}",
                    token=n.token)
    assert s == 200 and p["email"] == "else@example.org"
    # the audit lines name the action, counts and references, no person
    with open(n.log_path, errors="replace") as f:
        log = f.read()
    for ref, what in ((found["reference"], "person find: 2 record(s)"),
                      (erased["reference"], "person erase: 2 record(s)")):
        line = next((ln for ln in log.splitlines() if ref in ln), "")
        assert what in line, (ref, line)
    # nothing of the person in any file of the data directory: database,
    # WAL and the node's log (at debug: the access log too) ...
    assert files_holding(n.dir, needles) == []
    # ... and after the node's own final checkpoint at a stop
    n.stop()
    assert files_holding(n.dir, needles) == []
    n.start()


def test_erase_refuses_bad_input():
    n = node()
    common = ["-c", n.conf]
    ctl("person", "erase", *common, ok=(2,))
    ctl("person", "erase", "--email", "not-an-address", *common, ok=(2,))
    ctl("person", "find", "--email", "a@b", "--output", "x", *common, ok=(2,))
    ctl("person", "wipe", "--email", "a@b.se", *common, ok=(2,))
    # the node checks too, whoever asks; and only with the token
    url = n.url + "/api/v1/admin/persons/erase"
    s, _, b = request("POST", url, {"email": "x\u0001@y.se"}, token=n.token)
    problem(422, b, "bad_value", "email")
    s, _, b = request("POST", url, {"email": "a@b.se", "more": 1},
                      token=n.token)
    problem(422, b, "unknown_field", "more")
    s, _, b = request("POST", url, {}, token=n.token)
    problem(422, b, "missing_field", "email")
    s, _, b = request("POST", url, {"email": "a@b.se"})
    problem(401, b, "unauthorized")


# ---- the operator's guide, run as written ------------------------------------

def guide_commands():
    """The commands of docs/operations.md's "Personal data" section, in
    order: every indented block, continuation lines joined."""
    with open(os.path.join(harness.ROOT, "docs/operations.md"),
              encoding="utf-8") as f:
        text = f.read()
    start = text.index("\n## Personal data\n")
    section = text[start:text.index("\n## ", start + 1)]
    cmds, cur = [], ""
    for line in section.splitlines():
        if not line.startswith("    "):
            continue
        cur += line.strip()
        if cur.endswith("\\"):
            cur = cur[:-1] + " "
        else:
            cmds.append(cur)
            cur = ""
    return cmds


def test_the_guide_commands_answer_requests():
    n = node()
    cmds = guide_commands()
    assert [c.split()[0] for c in cmds] == [
        "curl", "nordfedctl", "nordfedctl", "echo", "nordfedctl"], cmds
    org = next(rid for t, rid, _ in data.records("SE")
               if t == "organisation")
    work = os.path.join(_fed.dir, "guide")
    os.makedirs(work, exist_ok=True)
    env = dict(os.environ, TOKEN=n.token,
               PATH=harness.BUILD + os.pathsep + os.environ["PATH"])
    env.pop("NORDFED_TOKEN", None)
    env.pop("NORDFED_URL", None)
    # the guide's person is added, found, exported, erased, and gone
    want_rc = [0, 0, 0, 0, 1]
    outs = []
    for cmd, rc in zip(cmds, want_rc):
        cmd = cmd.replace("https://se.nordfed.example", n.url) \
            .replace("/etc/nordfed/nordfed.conf", n.conf) \
            .replace("se:org:01JD3K6QWZ8M4T5V7X9Y0A1B2C", org)
        if cmd.startswith("curl"):
            cmd = cmd.replace("curl ", "curl -sS -f ", 1)
        r = subprocess.run(["sh", "-c", cmd], cwd=work, env=env,
                           capture_output=True, text=True, timeout=60)
        assert "Sanitizer" not in r.stderr, r.stderr
        assert r.returncode == rc, (cmd, r.returncode, r.stdout, r.stderr)
        outs.append(r.stdout)
    assert json.loads(outs[0])["public"] is True
    assert "holds 1 record " in outs[1], outs[1]
    with open(os.path.join(work, "kari.json")) as f:
        assert json.load(f)["data"]["contact_person"][0]["name"] == \
            "Kari Nordmann"
    ref = re.search(r"reference ([0-9a-f]{16})", outs[3]).group(1)
    with open(n.log_path, errors="replace") as f:
        line = next(ln for ln in f if ref in ln)
    assert "person erase: 1 record(s) erased, WAL scrubbed" in line, line
    assert "holds 0 records" in outs[4], outs[4]
    os.unlink(os.path.join(work, "kari.json"))
    assert files_holding(n.dir, [b"kari@example.org", b"Kari Nordmann"]) == []


# ---- the retention sweep ---------------------------------------------------------

def test_sweep_erases_what_is_past_its_time():
    """Persons whose organisation is gone (left by an older version) and,
    with contact_retention_days, persons not written for that long are
    erased by the sweep the node runs at start."""
    fed = Federation(["SE"], pull_ms=60000)
    try:
        n = fed["SE"]
        n.extra_conf = "\n[privacy]\ncontact_retention_days = 30\n"
        n.start()
        live = new_org(n, "Kvarföreningen")
        gone = new_org(n, "Borta-föreningen")
        keep = add_person(n, live, name="Nina Färsk", email="nina@example.se")
        old = add_person(n, live, name="Olle Gammal", email="olle.old@example.se")
        n.call("DELETE", f"/api/v1/organisations/{gone}")
        n.stop()
        # as an older node would have left them: a person of the deleted
        # organisation, and one written 40 days ago
        db = sqlite3.connect(n.db)
        db.execute("INSERT INTO persons(id, org_id, name, email, updated_at) "
                   "VALUES ('se:person:01JD3K6QWZ8M4T5V7X9Y0ORPHN', ?, "
                   "'Orvar Föräldralös', 'orvar.orphan@example.se', ?)",
                   (gone, int(time.time() * 1000)))
        db.execute("UPDATE persons SET updated_at = ? WHERE id = ?",
                   (int((time.time() - 40 * 86400) * 1000), old["id"]))
        db.commit()
        db.close()
        n.start()
        ids = {i for (i,) in db_rows(n, "SELECT id FROM persons")}
        assert ids == {keep["id"]}, ids
        with open(n.log_path, errors="replace") as f:
            log = f.read()
        assert "retention: erased 2 contact persons (1 of organisations no " \
            "longer here, 1 past contact_retention_days)" in log, log[-2000:]
        assert files_holding(n.dir, [b"orvar.orphan@example.se",
                                     b"olle.old@example.se"]) == []
        # the option's bounds
        bad = n.conf + ".bad"
        with open(n.conf) as f, open(bad, "w") as g:
            g.write(f.read().replace("contact_retention_days = 30",
                                     "sweep_interval_s = 5"))
        r = subprocess.run([harness.NODE_BIN, "-c", bad, "-n"],
                           capture_output=True, text=True)
        assert r.returncode != 0 and "sweep_interval_s" in r.stderr, r.stderr
    finally:
        fed.stop()


def test_zz_nothing_personal_in_the_log():
    """Every person this module wrote: not one of their names, addresses
    or phone numbers in the node's log (at debug: the access log too)."""
    global _fed
    n = node()
    with open(n.log_path, errors="replace") as f:
        log = f.read().lower()
    words = [EMAIL, NAME, PHONE, "hedda@example.se", "Petra Öppen",
             "kari@example.org", "Kari Nordmann",
             "Quentin Vexbolt", "torsten.gone@example.se", "Zelda Quixote"]
    words += [p["email"] for _, p in data.persons("SE")][:20]
    for w in words:
        assert w.lower() not in log, w
    assert "http: " in log        # the access log was on
    rc = n.stop()
    _fed.stop()
    _fed = None
    assert rc == 0


def teardown_module():
    global _fed
    if _fed is not None:
        _fed.stop()
        _fed = None
