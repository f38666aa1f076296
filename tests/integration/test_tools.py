"""nordfedctl against real nodes: every subcommand with --help and --json,
on healthy federations and in the failure cases an operator meets (a peer
held down, a lagging origin, a tampered database, a wrong pinned key, a
fork, a register file with bad rows), and import/export round trips."""
import csv
import io
import json
import os
import sqlite3
import subprocess
import sys
import tempfile
import time

import harness
from harness import Federation, request
from test_durability import entry_hash, read_log
from test_federation import org, push, sign, write_many

COMMANDS = ["keygen", "pubkey", "sign", "status", "peers", "log", "show",
            "verify", "diff", "resync", "fork", "recover", "import", "export",
            "person"]


def ctl(*args, ok=(0,), stdin=None, env=None):
    """Run nordfedctl; returns (rc, stdout, stderr). Fails the test on an
    exit code not in ok, and on any sanitizer report."""
    e = dict(os.environ)
    e.pop("NORDFED_TOKEN", None)
    e.pop("NORDFED_URL", None)
    e.update(env or {})
    r = subprocess.run([harness.CTL_BIN] + [str(a) for a in args],
                       capture_output=True, text=True, input=stdin, env=e,
                       timeout=300)
    for mark in ("Sanitizer", "runtime error:"):
        assert mark not in r.stderr, r.stderr
    if ok is not None:
        assert r.returncode in ok, (args, r.returncode, r.stdout, r.stderr)
    return r.returncode, r.stdout, r.stderr


def ctl_json(*args, ok=(0,)):
    rc, out, _ = ctl(*args, "--json", ok=ok)
    return rc, json.loads(out)


def until_rc(want, *args, timeout=20):
    """Run nordfedctl until it exits want (what it reports can lag the
    event by a request): returns its (rc, stdout, stderr)."""
    end = time.time() + timeout
    while True:
        r = ctl(*args, ok=None)
        if r[0] == want or time.time() > end:
            assert r[0] == want, r
            return r
        time.sleep(0.2)


def kick(fed):
    """With a long pull interval nothing retries the startup round: ask
    every node to fetch now (what an operator would do with resync)."""
    for cc, n in fed.nodes.items():
        other = next(o for o in fed.nodes if o != cc)
        ctl("resync", other, "-c", n.conf, "--wait", "--wait-timeout", 20)


# ---- usage -----------------------------------------------------------------

def test_every_subcommand_has_help_and_usage_errors():
    for cmd in COMMANDS:
        rc, out, _ = ctl(cmd, "--help")
        assert out.startswith("usage: nordfedctl " + cmd), (cmd, out)
        assert len(out.splitlines()) >= 3, (cmd, out)
    rc, out, err = ctl(ok=(2,))
    assert "commands:" in err
    rc, out, _ = ctl("--help")
    for cmd in COMMANDS:
        assert cmd in out
    ctl("no-such-command", ok=(2,))
    for args in (["log"], ["show", "SE"], ["show", "XX", "1"], ["diff", "a"],
                 ["resync"], ["resync", "SE", "--from", "0"],
                 ["fork", "resolve", "SE", "3"], ["import"],
                 ["export", "--format", "xml"], ["export", "--all",
                 "--format", "csv"], ["verify"], ["status", "extra"],
                 ["log", "SE", "--bogus"], ["recover", "extra"],
                 ["recover", "--wait-timeout", "0"]):
        ctl(*args, ok=(2,))
    # nothing listens there: cannot reach is 3
    port = harness.free_port()
    for args in (["status"], ["peers"], ["log", "SE"], ["show", "SE", "1"],
                 ["fork", "show"], ["export"]):
        rc, _, err = ctl(*args, "--url", f"http://127.0.0.1:{port}", ok=(3,))
        assert "cannot reach" in err, err
    rc, _, err = ctl("recover", "--url", f"http://127.0.0.1:{port}", ok=(3,),
                     env={"NORDFED_TOKEN": "x" * 40})
    assert "cannot reach" in err, err


def test_keygen_writes_a_private_seed_and_prints_the_peer_line():
    d = tempfile.mkdtemp(prefix="nordfed-keygen-")
    try:
        path = os.path.join(d, "node.key")
        _, out, _ = ctl("keygen", "--out", path)
        assert "public_key = " in out
        assert os.stat(path).st_mode & 0o777 == 0o600
        assert os.path.getsize(path) == 32
        _, k = ctl_json("pubkey", path)
        assert k["public_key"] in out and len(k["key_id"]) == 16
        ctl("keygen", "--out", path, ok=(3,))    # never overwritten
    finally:
        subprocess.run(["rm", "-rf", d])


# ---- reading a healthy federation ------------------------------------------

def test_status_peers_log_show_diff_on_a_healthy_federation():
    fed = Federation(["SE", "NO", "DK"]).start()
    try:
        se, no, dk = fed["SE"], fed["NO"], fed["DK"]
        ids = write_many(se, 4)
        write_many(no, 2)
        se.call("DELETE", f"/api/v1/organisations/{ids[0]}")
        fed.wait_converged(30)
        rc, out, _ = until_rc(0, "status", "-c", no.conf)
        assert "in sync" in out and "\033[" not in out, out
        for p in ("se", "dk"):
            assert p in out
        _, st = ctl_json("status", "-c", no.conf)
        assert st["in_sync"] is True and st["problems"] == []
        assert st["origins"]["SE"]["head"] == 5
        assert {p["name"] for p in st["peers"]} == {"se", "dk"}
        # --url and the token-less reads work without a config too
        _, st2 = ctl_json("status", "--url", no.url)
        assert st2["node"] == "NO"
        _, out, _ = ctl("status", "--url", no.url, "--probe")
        assert "in sync" in out

        rc, out, _ = ctl("peers", "-c", se.conf)
        assert out.count("ok: answers with the pinned key") == 2, out
        _, pe = ctl_json("peers", "--url", se.url)
        assert pe["ok"] is True
        assert {p["country"]: p["public_key"] for p in pe["peers"]} == \
            {"NO": no.pubkey, "DK": dk.pubkey}

        _, out, _ = ctl("log", "SE", "--url", dk.url)
        lines = [x for x in out.splitlines()[1:] if x.strip()]
        assert len(lines) == 5 and "delete" in lines[-1]
        assert "pruned" in lines[0]            # superseded by the delete
        _, lg = ctl_json("log", "se", "--after", 2, "--limit", 2, "--url",
                         dk.url)
        assert [e["seq"] for e in lg["entries"]] == [3, 4]
        wire = read_log(dk, "SE")
        assert lg["entries"][0]["hash"] == entry_hash(wire[2])
        assert lg["entries"][0]["body"] == "present"

        _, out, _ = ctl("show", "SE", 2, "-c", dk.conf)
        assert "verification" in out and "FAIL" not in out, out
        assert "Förening SE 1" in out
        _, sh = ctl_json("show", "SE", 5, "--url", dk.url)
        assert sh["valid"] is True and sh["body_state"] == "none"
        assert all(c["ok"] for c in sh["checks"].values()), sh
        ctl("show", "SE", 99, "--url", dk.url, ok=(3,))

        _, out, _ = ctl("diff", se.url, dk.url)
        assert "the nodes hold the same logs" in out
        _, df = ctl_json("diff", se.url, dk.url)
        assert df["equal"] is True
        assert {o["origin"]: o["state"] for o in df["origins"]}["SE"] == \
            "equal"
    finally:
        fed.stop()


# ---- a peer held down, a lagging origin, resync ----------------------------

def test_status_shows_a_down_peer_and_resync_fixes_a_lagging_origin():
    # a pull interval of ten minutes: only pushes, and resync, move data
    fed = Federation(["SE", "NO", "DK"], proxies=True,
                     pull_ms=600000).start()
    try:
        se, no, dk = fed["SE"], fed["NO"], fed["DK"]
        kick(fed)
        write_many(se, 3)
        fed.wait_converged(30)
        for n in fed.nodes.values():
            until_rc(0, "status", "-c", n.conf)

        # DK held down: SE's pushes to it fail, status says so and why
        dk.stop()
        write_many(se, 2, "Medan")
        rc, out, _ = until_rc(1, "status", "-c", se.conf)
        assert "NOT IN SYNC" in out and "peer dk (DK" in out, out
        assert "unreachable" in out and "what to do" in out
        _, st = ctl_json("status", "-c", se.conf, ok=(1,))
        down = [p for p in st["problems"] if p["kind"] == "peer_unreachable"]
        assert [p["subject"] for p in down] == ["dk"], st["problems"]
        peer = next(p for p in st["peers"] if p["name"] == "dk")
        assert peer["reachable"] is False and peer["last_error"]
        rc, pe = ctl_json("peers", "-c", se.conf, ok=(1,))
        bad = [p for p in pe["peers"] if not p["ok"]]
        assert [p["name"] for p in bad] == ["dk"]
        assert bad[0]["answers"] is False
        dk.start()               # its first pull round catches it up
        fed.wait_converged(30)

        # SE and DK cut off from each other (both still talk to NO) while
        # SE writes: SE's pushes to DK fail, and NO relays SE's entries
        # only after its next clock round (ten minutes): DK lags on SE
        for link in (("SE", "DK"), ("DK", "SE")):
            fed.proxies[link].set("drop")
        write_many(se, 5, "Avskuren")
        fed.wait_converged(30, nodes=["SE", "NO"])
        time.sleep(1.5)
        _, _, st = se.get("/api/v1/sync/status")
        assert not next(p for p in st["peers"] if p["name"] == "dk")[
            "reachable"], st
        assert dk.digest() != se.digest()
        rc, df = ctl_json("diff", se.url, dk.url, ok=(1,))
        row = next(o for o in df["origins"] if o["origin"] == "SE")
        assert row["state"] == "b_behind" and row["behind"] == 5, row
        _, out, _ = ctl("diff", se.url, dk.url, ok=(1,))
        assert "B is 5 behind A" in out
        rc, st = ctl_json("status", "-c", dk.conf, "--probe", ok=(1,))
        lag = [p for p in st["problems"] if p["kind"] == "lag"]
        assert [p["subject"] for p in lag] == ["SE"], st["problems"]
        assert st["origins"]["SE"]["probed_best"] == \
            st["origins"]["SE"]["head"] + 5

        # one command fixes it, long before the pull timer would (the
        # links are back; SE's own retry would get there too, later)
        fed.heal()
        t0 = time.time()
        rc, rs = ctl_json("resync", "SE", "-c", dk.conf, "--wait")
        assert rs["caught_up"] is True and rs["lag"] == 0
        assert {p["peer"] for p in rs["peers"]} == {"se", "no"}
        assert time.time() - t0 < 20
        assert dk.digest() == se.digest()
        ctl("status", "-c", dk.conf, "--probe")
        # SE's view of dk is stale until it talks to it: resync one peer
        _, out, _ = ctl("resync", "DK", "--peer", "dk", "-c", se.conf,
                        "--wait")
        assert "caught up" in out
        ctl("status", "-c", se.conf)
        # --from re-fetches held entries: they come back as duplicates
        _, rs = ctl_json("resync", "SE", "--from", 1, "--peer", "se", "-c",
                         dk.conf, "--wait")
        assert rs["peers"][0]["request"] == "log"
        assert rs["peers"][0]["after"] == 0
        _, _, st = dk.get("/api/v1/sync/status")
        assert st["entries"]["duplicate"] >= 1
        # refusals: own origin, unknown peer, no token
        rc, _, err = ctl("resync", "DK", "-c", dk.conf, ok=(2,))
        assert "own origin" in err
        ctl("resync", "SE", "--peer", "nobody", "-c", dk.conf, ok=(2,))
        ctl("resync", "SE", "--url", dk.url, ok=(2,))
        _, _, err = ctl("resync", "SE", "--url", dk.url, ok=(3,),
                        env={"NORDFED_TOKEN": "x" * 40})
        assert "401" in err
        ctl("resync", "SE", "--url", dk.url, env={"NORDFED_TOKEN": dk.token})
    finally:
        fed.stop()


# ---- peers: a wrong pinned key -------------------------------------------------

def test_peers_reports_a_wrong_pinned_key():
    fed = Federation(["SE", "NO", "DK"]).start()
    try:
        se = fed["SE"]
        rogue = os.path.join(fed.dir, "rogue.key")
        _, out, _ = ctl("keygen", "--out", rogue, "--json")
        rogue_pk = json.loads(out)["public_key"]
        se.stop()
        se.peers = [(n, u, rogue_pk if cc == "NO" else pk, cc)
                    for n, u, pk, cc in se.peers]
        se.start()
        rc, out, _ = ctl("peers", "-c", se.conf, ok=(1,))
        assert "FAIL" in out and "not the pinned" in out, out
        _, pe = ctl_json("peers", "-c", se.conf, ok=(1,))
        by = {p["name"]: p for p in pe["peers"]}
        assert by["no"]["ok"] is False and by["no"]["answers"] is True
        assert by["no"]["their_key"] == fed["NO"].pubkey
        assert by["no"]["public_key"] == rogue_pk
        assert "not the pinned" in by["no"]["problem"]
        assert by["dk"]["ok"] is True
    finally:
        fed.stop()


# ---- verify: a clean and a tampered database -----------------------------------

def test_verify_a_clean_and_a_tampered_database():
    fed = Federation(["SE", "NO"]).start()
    try:
        se, no = fed["SE"], fed["NO"]
        write_many(se, 4)
        write_many(no, 3)
        fed.wait_converged(30)
        # read-only while the node runs
        _, out, _ = ctl("verify", "-c", no.conf)
        assert "every chain verifies" in out, out
        no.stop()
        _, v = ctl_json("verify", "-c", no.conf)
        assert v["ok"] is True and v["node"] == "NO"
        assert {o["origin"]: o["verified"] for o in v["origins"]} == \
            {"SE": 4, "NO": 3}
        # without keys nothing can be checked: that is not ok
        rc, v = ctl_json("verify", "--db", no.db, "--url", "http://127.0.0.1:1",
                         ok=(1,))
        assert "no key" in v["origins"][0]["first_bad"]["detail"]
        # --keys instead of the config
        keys = os.path.join(fed.dir, "keys")
        with open(keys, "w") as f:
            f.write(f"# pinned keys\nSE {se.pubkey}\nNO = {no.pubkey}\n")
        ctl("verify", "--db", no.db, "--keys", keys)

        # schema 2 (docs/storage.md): an entry's row is keyed by
        # eid = oid << 40 | seq; the body of the entry that last changed a
        # record is the record's
        db = sqlite3.connect(no.db)
        eid = "(SELECT oid FROM origins WHERE origin = '{}') * 1099511627776 + {}"
        db.execute("UPDATE records SET body = replace(body, 'Förening', "
                   "'Forening') WHERE id = (SELECT record_id FROM entries "
                   "WHERE eid = " + eid.format("SE", 3) + ")")
        # the signed timestamp of NO's seq 2, a year later
        db.execute("UPDATE entries SET ts = ts + 31536000000 WHERE eid = " +
                   eid.format("NO", 2))
        db.commit()
        db.close()
        rc, out, _ = ctl("verify", "-c", no.conf, ok=(1,))
        assert "BAD at seq 3" in out and "BAD at seq 2" in out, out
        _, v = ctl_json("verify", "-c", no.conf, ok=(1,))
        bad = {o["origin"]: o["first_bad"] for o in v["origins"]}
        assert bad["SE"]["seq"] == 3
        assert bad["SE"]["reason"] == "body_hash_mismatch", bad
        assert bad["NO"]["seq"] == 2, bad
        assert {o["origin"]: o["verified"] for o in v["origins"]} == \
            {"SE": 2, "NO": 1}
        # a removed entry is a gap
        db = sqlite3.connect(no.db)
        db.execute("DELETE FROM entries WHERE eid = " + eid.format("SE", 2))
        db.commit()
        db.close()
        _, v = ctl_json("verify", "-c", no.conf, ok=(1,))
        se_bad = next(o for o in v["origins"] if o["origin"] == "SE")
        assert se_bad["first_bad"]["seq"] == 2
        assert se_bad["first_bad"]["reason"] == "missing"
        ctl("verify", "--db", os.path.join(fed.dir, "nope.db"), ok=(3,))
        # the repair: NO's copy of SE is dropped and fetched again from SE
        # (its own log NO cannot fetch: that takes its backup)
        no.start()
        rc, rs = ctl_json("resync", "SE", "--reset", "--peer", "se", "-c",
                          no.conf, "--wait")
        assert rs["dropped"] == 4 and rs["caught_up"] is True, rs
        _, v = ctl_json("verify", "-c", no.conf, ok=(1,))
        by = {o["origin"]: o for o in v["origins"]}
        assert by["SE"]["ok"] is True and by["SE"]["verified"] == 4
        assert by["NO"]["ok"] is False
        rc, _, err = ctl("resync", "NO", "--reset", "-c", no.conf, ok=(2,))
        assert "own origin" in err
    finally:
        fed.stop()


# ---- forks ---------------------------------------------------------------------------

def test_fork_show_and_resolve():
    fed = Federation(["SE", "NO", "DK"]).start()
    try:
        se, no, dk = fed["SE"], fed["NO"], fed["DK"]
        write_many(se, 3)
        fed.wait_converged(30)
        rc, fk = ctl_json("fork", "show", "--url", no.url)
        assert fk["forks"] == []
        log = read_log(se)
        held = entry_hash(log[2])
        evil = sign(se.key_file, "SE", 3, entry_hash(log[1]),
                    "se:org:01JF0000000000000000000XXX", org("Kopia", "SE"))
        other = entry_hash(json.loads(evil))
        s, _, b = push(no, [evil])
        assert b["results"][0]["result"] == "fork", b
        # the proof travels to every node, and each passes it on once; a
        # proof arriving after a decision quarantines again (see
        # docs/operations.md), so decide once it has settled, as operators
        # do
        end = time.time() + 30
        while time.time() < end:
            q = [n.get("/api/v1/sync/status")[2]["origins"]["SE"]
                 ["quarantined"] for n in (se, no, dk)]
            if all(q):
                break
            time.sleep(0.2)
        assert all(q), q
        time.sleep(2)

        rc, out, _ = ctl("status", "-c", no.conf, ok=(1,))
        assert "QUARANTINED" in out and "fork show" in out, out
        rc, out, _ = ctl("fork", "show", "-c", no.conf, ok=(1,))
        assert "OPEN" in out and "proof      verifies" in out, out
        assert f"{held}   <- this node holds it" in out
        rc, fk = ctl_json("fork", "show", "SE", "-c", no.conf, ok=(1,))
        f = fk["forks"][0]
        assert f["state"] == "open" and f["proof_verifies"] is True
        assert {e["hash"] for e in f["entries"]} == {held, other}
        assert f["held"] == held and fk["quarantined"] == ["SE"]
        ctl("fork", "show", "NO", "-c", no.conf)          # none of NO

        # refusals: not one of the two, no such fork
        ctl("fork", "resolve", "SE", 3, "--keep", "ab" * 32, "-c", no.conf,
            ok=(2,))
        ctl("fork", "resolve", "SE", 2, "--keep", held, "-c", no.conf,
            ok=(2,))
        # NO keeps the entry it holds: the quarantine ends
        rc, out, _ = ctl("fork", "resolve", "SE", 3, "--keep", held, "-c",
                         no.conf)
        assert "the quarantine is over" in out
        _, fk = ctl_json("fork", "show", "-c", no.conf)
        r = fk["forks"][0]["resolution"]
        assert r["kept"] == held and r["by"] == "admin" and not r["dropped"]
        assert fk["quarantined"] == []
        write_many(se, 1, "Efter")
        fed.wait_converged(30, nodes=["SE", "NO"])
        # DK, told to keep the other entry: it holds this one, so it must
        # drop its copy of SE and fetch it again
        rc, _, err = ctl("fork", "resolve", "SE", 3, "--keep", other, "-c",
                         dk.conf, ok=(1,))
        assert "holds_rejected" in err and "--refetch" in err
        _, res = ctl_json("fork", "resolve", "SE", 3, "--keep", other,
                          "--refetch", "--peer", "se", "-c", dk.conf)
        assert res["dropped"] is True and res["held_before"] == held
        assert res["resync"]["peers"][0]["peer"] == "se"
        # nobody holds the other entry, so the fetch brings SE's own log
        # back, the fork row says what was decided, and DK is in step again
        fed.wait_converged(30)
        rc, out, _ = ctl("fork", "show", "-c", dk.conf)
        assert "WARNING" in out, out
        ctl("verify", "-c", dk.conf)
    finally:
        fed.stop()


# ---- import and export ------------------------------------------------------------------

FOCUS = ["culture", "youth", "integration", "volunteering", "democracy"]


def register_csv(n, start=0, bad=None, delim=","):
    """A register file of n organisations; bad maps a row number to
    (column, value) to spoil."""
    buf = io.StringIO()
    w = csv.writer(buf, delimiter=delim, lineterminator="\r\n")
    w.writerow(["name", "classification", "municipality", "focus_areas",
                "website", "description_sv", "description_en",
                "identifier_SE-ON", "email"])
    for i in range(start, start + n):
        row = {"name": f"Förening {i}, Göteborg", "classification":
               "association", "municipality": "Göteborg", "focus_areas":
               f"{FOCUS[i % 5]};{FOCUS[(i + 2) % 5]}", "website":
               f"https://f{i}.example.se", "description_sv":
               f"Förening nummer {i} med \"citat\"\noch två rader",
               "description_en": f"Association {i}", "identifier_SE-ON":
               f"{802000 + i // 10000:06d}-{i % 10000:04d}", "email":
               f"info@f{i}.example.se"}
        for k, (col, val) in (bad or {}).items():
            if k == i:
                row[col] = val
        w.writerow(list(row.values()))
    return buf.getvalue()


def org_bodies(node, country="SE"):
    _, out, _ = ctl("export", "--country", country, "--url", node.url)
    return {r["id"]: r["body"] for r in map(json.loads, out.splitlines())}


def test_import_refuses_a_file_with_bad_rows_and_imports_a_good_one():
    fed = Federation(["SE"]).start()
    try:
        se = fed["SE"]
        d = fed.dir
        spoil = {3: ("classification", "club"),
                 7: ("focus_areas", "culture;knitting"),
                 11: ("identifier_SE-ON", "12345"),
                 15: ("name", ""),
                 20: ("website", "not a url")}
        badf = os.path.join(d, "bad.csv")
        with open(badf, "w", newline="") as f:
            f.write(register_csv(30, bad=spoil))
        # each data row takes two physical lines (a description has a
        # newline in it): row i starts on line 2 + 2 i
        want = {2 + 2 * i: col for i, (col, _) in spoil.items()}
        rc, rep = ctl_json("import", badf, "--dry-run", "-c", se.conf,
                           ok=(1,))
        assert rep["ok"] is False and rep["rows"] == 30
        assert {b["line"]: b["column"] for b in rep["bad"]} == want, rep
        assert next(b for b in rep["bad"] if b["line"] == 8)["value"] == \
            "club"
        rc, out, _ = ctl("import", badf, "--dry-run", "-c", se.conf, ok=(1,))
        assert "5 of 30 rows are bad" in out and "nothing was written" in out
        for line, col in want.items():
            assert f"line {line}, {col}:" in out, out
        # the real thing refuses it whole too
        rc, out, err = ctl("import", badf, "-c", se.conf, ok=(1,))
        assert "nothing was written" in out
        assert se.digest()["entries"] == 0
        # a dry run can name the country and work without the node
        ctl("import", badf, "--dry-run", "--country", "SE", "--url",
            "http://127.0.0.1:1", ok=(1,))

        good = os.path.join(d, "good.csv")
        with open(good, "w", newline="") as f:
            f.write(register_csv(3000))
        _, rep = ctl_json("import", good, "--dry-run", "-c", se.conf)
        assert rep["ok"] and rep["would_create"] == 3000
        assert se.digest()["entries"] == 0
        rc, out, err = ctl("import", good, "-c", se.conf, "--jobs", 8)
        assert "3000 created" in out, out
        assert "\r" not in err            # no progress line off a terminal
        assert se.digest()["record_count"] == 3000
        # the same file again writes nothing: same ids, same bodies
        _, rep = ctl_json("import", good, "-c", se.conf)
        assert rep["unchanged"] == 3000 and rep["created"] == 0
        assert se.digest()["entries"] == 3000
        # from standard input too (read twice: the tool spools it)
        with open(good) as f:
            rc, out, _ = ctl("import", "-", "--format", "csv", "-c",
                             se.conf, "--json", stdin=f.read())
        assert json.loads(out)["unchanged"] == 3000
        # a changed register: one row updated, one added; ;-separated CSV
        text = register_csv(3001, delim=";").replace(
            "Association 5\"", "Association five\"").replace(
            "Association 5;", "Association five;")
        semi = os.path.join(d, "semi.csv")
        with open(semi, "w", newline="") as f:
            f.write(text)
        _, rep = ctl_json("import", semi, "-c", se.conf)
        assert (rep["created"], rep["updated"], rep["unchanged"]) == \
            (1, 1, 2999), rep
        # a row the node refuses, in a batch of others (the import writes
        # POST /api/v1/batch): its record was deleted meanwhile; its line
        # (row 1234 starts on line 2 + 2 x 1234) and the node's reason
        gone = next(i for i, b in org_bodies(se).items()
                    if b["name"] == "Förening 1234, Göteborg")
        s, _, _ = se.call("DELETE", f"/api/v1/organisations/{gone}")
        assert s == 200
        rc, rep = ctl_json("import", semi, "-c", se.conf, ok=(1,))
        assert (rep["failed"], rep["unchanged"]) == (1, 3000), rep
        assert rep["failures"][0]["line"] == 2 + 2 * 1234, rep
        assert rep["failures"][0]["code"] == "gone", rep
        # JSON Lines, from standard input; a bad line is refused
        lines = [json.dumps(dict(org(f"Jsonl {i}", "SE"),
                                 identifiers=[{"scheme": "SE-ON",
                                               "identifier":
                                               f"803000-{i:04d}"}]),
                            ensure_ascii=False) for i in range(20)]
        rc, out, _ = ctl("import", "-", "--format", "jsonl", "-c", se.conf,
                         "--json", stdin="\n".join(lines) + "\n")
        assert json.loads(out)["created"] == 20
        broken = lines[:3] + ['{"name": "Trasig", "classification": 1.5}',
                              "not json", lines[3]]
        rc, out, _ = ctl("import", "-", "--format", "jsonl", "-c", se.conf,
                         "--json", stdin="\n".join(broken), ok=(1,))
        rep = json.loads(out)
        assert [b["line"] for b in rep["bad"]] == [4, 5], rep
        # the same identifier twice in one file
        dup = register_csv(2) + register_csv(1).split("\r\n", 1)[1]
        dupf = os.path.join(d, "dup.csv")
        with open(dupf, "w", newline="") as f:
            f.write(dup)
        rc, rep = ctl_json("import", dupf, "--dry-run", "-c", se.conf,
                           ok=(1,))
        assert rep["bad"][0]["code"] == "duplicate"
        # a header the tool does not know
        hdr = os.path.join(d, "hdr.csv")
        with open(hdr, "w") as f:
            f.write("name,classification,colour\nX,association,blue\n")
        rc, rep = ctl_json("import", hdr, "--dry-run", "-c", se.conf,
                           ok=(1,))
        assert rep["bad"][0]["line"] == 1
        assert rep["bad"][0]["code"] == "unknown_column"
        ctl("import", os.path.join(d, "missing.csv"), "-c", se.conf, ok=(3,))
        # no token: a usage error before anything is read or written
        ctl("import", good, "--url", se.url, ok=(2,))
    finally:
        fed.stop()


def test_import_a_generated_register():
    """tests/sample/register.py, the generator docs/operations.md measures
    an import with: every row valid, every row its own record."""
    fed = Federation(["SE"]).start()
    try:
        se = fed["SE"]
        reg = os.path.join(fed.dir, "reg.csv")
        subprocess.run([sys.executable, os.path.join(harness.ROOT, "tests",
                        "sample", "register.py"), "1200", reg], check=True)
        _, rep = ctl_json("import", reg, "-c", se.conf, "--jobs", 4)
        assert (rep["rows"], rep["created"], rep["failed"]) == \
            (1200, 1200, 0), rep
        assert se.digest()["record_count"] == 1200
    finally:
        fed.stop()


def test_export_round_trips_into_a_fresh_node():
    src = Federation(["SE", "NO"]).start()
    dst = Federation(["SE"]).start()
    dst2 = Federation(["SE"]).start()
    try:
        harness.load_sample(src["SE"])
        harness.load_sample(src["NO"])
        src.wait_converged(60)
        a = src["SE"]
        want = org_bodies(a)
        assert len(want) > 5
        assert any("other_names" in b for b in want.values())
        d = src.dir
        jl = os.path.join(d, "se.jsonl")
        ctl("export", "--country", "SE", "--output", jl, "--url", a.url)
        _, rep = ctl_json("import", jl, "-c", dst["SE"].conf)
        assert rep["created"] == len(want)
        assert org_bodies(dst["SE"]) == want
        # CSV: the columns import reads, for bodies they can carry
        _, out, _ = ctl("export", "--format", "csv", "--country", "SE",
                        "--url", a.url)
        rows = list(csv.DictReader(io.StringIO(out)))
        assert len(rows) == len(want)
        assert {r["id"] for r in rows} == set(want)
        cf = os.path.join(d, "se.csv")
        with open(cf, "w", newline="") as f:
            f.write(out)
        _, rep = ctl_json("import", cf, "-c", dst2["SE"].conf)
        assert rep["created"] == len(want)
        got = org_bodies(dst2["SE"])
        for i, b in want.items():      # other names lose their notes
            b2 = dict(b, other_names=[{"name": o["name"]}
                                      for o in b.get("other_names", [])])
            if not b2["other_names"]:
                del b2["other_names"]
            assert got[i] == b2, (i, got[i], b2)
        # everything the node holds; and Popolo
        _, out, _ = ctl("export", "--url", a.url)
        everyone = [json.loads(x) for x in out.splitlines()]
        assert {r["origin"] for r in everyone} == {"SE", "NO"}
        _, out, _ = ctl("export", "--all", "--url", a.url)
        types = {json.loads(x)["type"] for x in out.splitlines()}
        assert {"organisation", "network", "meeting"} <= types
        _, out, _ = ctl("export", "--format", "popolo", "--country", "SE",
                        "--url", a.url)
        pop = json.loads(out)["organizations"]
        assert len(pop) == len(want)
        one = next(o for o in pop if o["identifiers"])
        assert set(one["identifiers"][0]) == {"scheme", "identifier"}
        assert one["area_id"] == "SE" and one["name"]
    finally:
        src.stop()
        dst.stop()
        dst2.stop()
