"""Federation scenarios on real nodes: convergence under concurrent writes,
crashes, outages, partitions, relays, hostile peers and forks. Every
scenario ends by comparing the state digests of all nodes."""
import json
import os
import subprocess
import threading
import time

import harness
from harness import Federation, request
from test_durability import read_log, check_chain


def org(name, cc):
    return {"name": name, "classification": "association", "country": cc,
            "focus_areas": ["volunteering"],
            "description": {"en": f"{name} from {cc}"}}


def write_many(n, k, prefix="Förening"):
    ids = []
    for i in range(k):
        ids.append(n.post("organisations",
                          org(f"{prefix} {n.country} {i}", n.country))["id"])
    return ids


def concurrently(fns):
    errors = []

    def wrap(f):
        try:
            f()
        except Exception as e:          # reported below
            errors.append(e)
    ts = [threading.Thread(target=wrap, args=(f,)) for f in fns]
    for t in ts:
        t.start()
    for t in ts:
        t.join(120)
    assert not errors, errors


def assert_all_equal(fed, expect_entries=None):
    d = fed.wait_converged(90)
    ds = fed.digests()
    assert len({json.dumps(x, sort_keys=True) for x in ds.values()}) == 1
    if expect_entries is not None:
        assert d["entries"] == expect_entries, d
    return d


def test_eight_nodes_concurrent_writes_converge():
    fed = Federation(harness.ALL).start()
    try:
        concurrently([lambda n=n: write_many(n, 25) for n in fed.nodes.values()])
        d = assert_all_equal(fed, 8 * 25)
        assert d["record_count"] == 8 * 25
        for n in fed.nodes.values():
            _, _, st = n.get("/api/v1/sync/status")
            assert all(o["lag"] == 0 for o in st["origins"].values())
    finally:
        fed.stop()


def test_killed_and_down_nodes_catch_up():
    fed = Federation(["SE", "NO", "DK", "FI"]).start()
    try:
        fed["FI"].stop()                          # down for the whole phase

        def kill_mid_sync():
            # SIGKILL SE once it holds some, not all, of NO's entries
            for _ in range(2000):
                _, _, b = fed["SE"].get("/api/v1/node")
                if b["heads"].get("NO", {}).get("seq", 0) >= 5:
                    break
                time.sleep(0.005)
            fed["SE"].kill()
        concurrently([lambda: write_many(fed["NO"], 120),
                      lambda: write_many(fed["DK"], 120), kill_mid_sync])
        assert not fed["SE"].running()
        fed["SE"].start()
        fed["FI"].start()
        d = assert_all_equal(fed, 240)
        for cc in fed.nodes:
            check_chain(read_log(fed[cc], "NO"))
        assert d["record_count"] == 240
    finally:
        fed.stop()


def test_partition_with_writes_on_both_sides_heals():
    fed = Federation(["SE", "NO", "DK", "FI"], proxies=True).start()
    try:
        fed.partition(["SE", "NO"], ["DK", "FI"])
        concurrently([lambda: write_many(fed["SE"], 15),
                      lambda: write_many(fed["DK"], 15)])
        fed.wait_converged(30, nodes=["SE", "NO"])
        fed.wait_converged(30, nodes=["DK", "FI"])
        assert fed["NO"].digest() != fed["FI"].digest()   # really apart
        # NO may have failed once at start (SE can ask before NO listens);
        # its next round reaches it, while DK and FI stay down
        for _ in range(100):
            _, _, st = fed["SE"].get("/api/v1/sync/status")
            down = {p["country"] for p in st["peers"] if not p["reachable"]}
            if down == {"DK", "FI"}:
                break
            time.sleep(0.1)
        assert down == {"DK", "FI"}, st["peers"]
        fed.heal()
        assert_all_equal(fed, 30)
    finally:
        fed.stop()


def test_relay_through_a_middle_node():
    # A=SE and C=DK never talk directly: only SE-NO and NO-DK links
    fed = Federation(["SE", "NO", "DK"],
                     links={("SE", "NO"), ("NO", "DK")}).start()
    try:
        assert {p[3] for p in fed["SE"].peers} == {"NO"}
        concurrently([lambda: write_many(fed["SE"], 10),
                      lambda: write_many(fed["DK"], 10)])
        assert_all_equal(fed, 20)
        _, _, b = fed["SE"].get("/api/v1/organisations?country=DK&limit=200")
        assert len(b["items"]) == 10
        # NO goes down; what SE writes now waits, then spreads on return
        fed["NO"].stop()
        write_many(fed["SE"], 3, "Senare")
        time.sleep(1)
        fed["NO"].start()
        assert_all_equal(fed, 23)
    finally:
        fed.stop()


def sign(key, origin, seq, prev, rid, body=None, op="put", typ="organisation",
         ts=None):
    cmd = [harness.CTL_BIN, "sign", "--key", key, "--origin", origin,
           "--seq", str(seq), "--op", op, "--type", typ, "--id", rid]
    if prev:
        cmd += ["--prev", prev]
    if ts:
        cmd += ["--ts", ts]
    inp = None
    if body is not None:
        cmd += ["--body", "-"]
        inp = json.dumps(body)
    r = subprocess.run(cmd, input=inp, capture_output=True, text=True,
                       check=True)
    return r.stdout.strip()


def push(node, lines, ctype="application/x-ndjson"):
    body = ("\n".join(lines) + "\n").encode() if isinstance(lines, list) \
        else lines
    return request("POST", node.url + "/federation/v1/push", body,
                   ctype=ctype, timeout=20)


def test_hostile_peer_is_refused_and_harmless():
    fed = Federation(["SE", "NO"]).start()
    try:
        se, no = fed["SE"], fed["NO"]
        write_many(se, 3)
        base = assert_all_equal(fed, 3)
        log = read_log(se)
        head = log[-1]
        from test_durability import entry_hash
        h3 = entry_hash(head)
        rid = "se:org:01JF0000000000000000000ZZZ"
        rogue = os.path.join(fed.dir, "rogue.key")
        subprocess.run([harness.CTL_BIN, "keygen", "--out", rogue],
                       check=True, capture_output=True)
        good4 = sign(se.key_file, "SE", 4, h3, rid, org("Fyra", "SE"))
        cases = []
        # forged signature: a body changed after signing
        e = json.loads(good4)
        e["body"]["name"] = "Förfalskad"
        cases.append(("tampered body", json.dumps(
            e, sort_keys=True, separators=(",", ":"), ensure_ascii=False),
            "body_hash_mismatch"))
        e = json.loads(good4)
        e["sig"] = ("B" if e["sig"][0] == "A" else "A") + e["sig"][1:]
        cases.append(("forged signature", json.dumps(
            e, sort_keys=True, separators=(",", ":"), ensure_ascii=False),
            "bad_signature"))
        cases.append(("wrong key", sign(rogue, "SE", 4, h3, rid,
                                        org("Fyra", "SE")), "unknown_key"))
        cases.append(("gap", sign(se.key_file, "SE", 6, h3, rid,
                                  org("Sex", "SE")), "gap"))
        cases.append(("malformed", "{\"v\":1,", "syntax"))
        cases.append(("not canonical", good4.replace("{", "{ ", 1),
                      "not_canonical"))
        cases.append(("another country's record",
                      sign(rogue, "NO", 1, None,
                           "se:org:01JF0000000000000000000YYY",
                           org("X", "SE")), "unknown_key"))
        for name, line, reason in cases:
            s, _, b = push(no, [line])
            assert s == 200, (name, b)
            r = b["results"][0]
            assert r["result"] in ("rejected", "gap"), (name, r)
            assert r.get("reason") == reason, (name, r)
        # replay of entries held: duplicates, nothing changes
        s, _, b = push(no, [json.dumps(x, sort_keys=True, separators=(",", ":"),
                                       ensure_ascii=False) for x in log])
        assert [r["result"] for r in b["results"]] == ["duplicate"] * 3, b
        # oversized batch and line, wrong content type
        s, _, b = push(no, b"x" * (2 << 20))
        assert s == 413
        s, _, b = push(no, ["{}"], ctype="application/json")
        assert s == 415
        big = sign(se.key_file, "SE", 4, h3, rid,
                   dict(org("Stor", "SE"), description={"en": "x" * 7000,
                        "sv": "y" * 7000}))
        assert len(big) < 256 * 1024
        lines = ["garbage"] * 1001
        s, _, b = push(no, lines)
        assert s == 200 and b["results"][-1]["reason"] in (
            "batch_too_large", "syntax")
        # nothing of it was stored; the honest peer still syncs
        assert no.digest() == base
        write_many(se, 2, "Efter")
        assert_all_equal(fed, 5)
        _, _, st = no.get("/api/v1/sync/status")
        assert st["entries"]["rejected_by_reason"].get("bad_signature", 0) >= 1
        _, _, m = no.get("/metrics", raw=True)
        assert b'nordfed_sync_entries_rejected_total{reason="bad_signature"}' in m
    finally:
        fed.stop()


def test_fork_is_detected_proven_and_quarantined():
    fed = Federation(["SE", "NO", "DK"]).start()
    try:
        se, no, dk = fed["SE"], fed["NO"], fed["DK"]
        write_many(se, 3)
        assert_all_equal(fed, 3)
        log = read_log(se)
        from test_durability import entry_hash
        # SE's key signs a second, different entry with seq 3
        evil = sign(se.key_file, "SE", 3, entry_hash(log[1]),
                    "se:org:01JF0000000000000000000XXX", org("Kopia", "SE"))
        s, _, b = push(no, [evil])
        assert b["results"][0]["result"] == "fork", b
        _, _, st = no.get("/api/v1/sync/status")
        assert st["origins"]["SE"]["quarantined"] is True
        assert st["forks"] and st["forks"][0]["seq"] == 3
        proof = st["forks"][0]["proof"]
        assert {proof["a"]["seq"], proof["b"]["seq"]} == {3}
        # the proof travels: DK quarantines SE too without seeing evil
        end = time.time() + 20
        while time.time() < end:
            _, _, st = dk.get("/api/v1/sync/status")
            if st["origins"]["SE"]["quarantined"]:
                break
            time.sleep(0.2)
        assert st["origins"]["SE"]["quarantined"], st
        # quarantined: further SE entries are not applied on NO
        write_many(se, 1, "Karantän")
        time.sleep(1.5)
        _, _, st = no.get("/api/v1/sync/status")
        assert st["origins"]["SE"]["head"] == 3
        _, _, m = no.get("/metrics", raw=True)
        assert b'nordfed_sync_origin_quarantined{origin="SE"} 1' in m
        # a bogus proof is refused
        s, _, b = request("POST", dk.url + "/federation/v1/forks",
                          {"a": {}, "b": {}, "origin": "SE", "seq": 1})
        assert s == 400
    finally:
        fed.stop()


def test_metrics_are_valid_prometheus_text():
    fed = Federation(["SE", "NO"]).start()
    try:
        write_many(fed["SE"], 2)
        assert_all_equal(fed, 2)
        _, _, text = fed["NO"].get("/metrics", raw=True)
        check_exposition(text.decode())
        # make test installs Debian's prometheus package for promtool
        r = subprocess.run(["promtool", "check", "metrics"], input=text,
                           capture_output=True)
        assert r.returncode == 0, r.stdout + r.stderr
    finally:
        fed.stop()


def check_exposition(text):
    """A strict reader of the text format, for machines without promtool."""
    import re
    typed = {}
    for line in text.splitlines():
        if line.startswith("# TYPE "):
            _, _, name, kind = line.split(" ", 3)
            assert name not in typed, f"{name} typed twice"
            typed[name] = kind
        elif line.startswith("#") or not line:
            continue
        else:
            m = re.match(r'^([a-zA-Z_:][a-zA-Z0-9_:]*)'
                         r'(\{(?:[^"}]|"(?:[^"\\]|\\.)*")*\})? '
                         r'(-?[0-9.eE+-]+|NaN|\+Inf|-Inf)$', line)
            assert m, f"bad sample line: {line!r}"
            base = re.sub(r"_(bucket|sum|count|total)$", "", m.group(1))
            assert m.group(1) in typed or base in typed, line


def test_membership_across_borders():
    """GL asks to join NO's network for one of its organisations; NO's
    operator accepts one request and declines another; both sides see it."""
    fed = Federation(["NO", "GL"]).start()
    try:
        no, gl = fed["NO"], fed["GL"]
        net = no.post("networks", {
            "name": {"nb": "Nordisk nettverk for inkludering",
                     "en": "Nordic network for inclusion"},
            "scope": "nordic",
            "lead_organisation": no.post("organisations", org(
                "Inkluderingsforum Tromsø", "NO"))["id"]})["id"]
        a = gl.post("organisations", org("Peqatigiiffik Nuuk", "GL"))["id"]
        b = gl.post("organisations", org("Ilisimatusarfik Sisimiut", "GL"))["id"]
        reqs = [gl.post("membership-requests", {
            "network": net, "organisation": o, "role": "member",
            "status": "pending",
            "message": {"da": "Vi vil gerne være med", "kl": "Ilaasortaarusuppugut"}}
        )["id"] for o in (a, b)]
        fed.wait_converged(30)
        # GL cannot decide for NO's network
        s, _, p = gl.call("POST", f"/api/v1/membership-requests/{reqs[0]}/accept")
        assert s == 403 and p["code"] == "not_owner", p
        s, _, m1 = no.call("POST", f"/api/v1/membership-requests/{reqs[0]}/accept")
        assert s == 201 and m1["body"]["status"] == "active", m1
        s, _, m2 = no.call("POST", f"/api/v1/membership-requests/{reqs[1]}/decline")
        assert s == 201 and m2["body"]["status"] == "declined", m2
        fed.wait_converged(30)
        for node in (no, gl):
            _, _, r = node.get(f"/api/v1/membership-requests/{reqs[0]}")
            assert r["decision"] == {"membership": m1["id"], "status": "active"}
            _, _, r = node.get(f"/api/v1/membership-requests/{reqs[1]}")
            assert r["decision"]["status"] == "declined"
            _, _, nw = node.get(f"/api/v1/networks/{net}")
            members = {m["body"]["organisation"]: m["body"]["status"]
                       for m in nw["members"]["items"]}
            assert members[a] == "active" and members[b] == "declined"
        assert_all_equal(fed)
    finally:
        fed.stop()


def test_catch_up_streams_many_batches():
    """A node that was down catches up more entries than one log batch
    holds (1000): the pull streams batch after batch, each asked for
    while the previous one is applied, and the chain arrives whole."""
    fed = Federation(["SE", "NO"]).start()
    try:
        fed["NO"].stop()
        concurrently([lambda k=k: write_many(fed["SE"], 320, f"Batch{k}")
                      for k in range(8)])
        fed["NO"].start()
        assert_all_equal(fed, 2560)
        check_chain(read_log(fed["NO"], "SE"))
        _, _, st = fed["NO"].get("/api/v1/sync/status")
        assert st["entries"]["rejected"] == 0 and st["entries"]["gap"] == 0, st
    finally:
        fed.stop()
