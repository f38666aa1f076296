"""Key rotation on real nodes (docs/operations.md, "Key rotation"): one
node rotates with `nordfedctl key rotate`, writes before and after; every
peer and a node that joins afterwards and catches up from scratch verify
the whole chain; a restart keeps the new key; refused rotations change
nothing; and the states a crash can leave the key file in are finished or
refused at start."""
import json
import os
import shutil
import stat
import subprocess
import time

import harness
from harness import Federation, Node, request
from test_durability import check_chain, entry_hash, read_log
from test_federation import org, push, sign
from test_tools import ctl, ctl_json


def key_of(path):
    _, k = ctl_json("pubkey", path)
    return k


def snapshot(n):
    """What a refused rotation must leave alone."""
    _, _, node = n.get("/api/v1/node")
    with open(n.key_file, "rb") as f:
        seed = f.read()
    return (node["key_id"], node["heads"].get(n.country, {}).get("seq", 0),
            seed, os.path.exists(n.key_file + ".next"))


def rejected(n):
    _, _, st = n.get("/api/v1/sync/status")
    return st["entries"]["rejected"], st["entries"]["rejected_by_reason"]


def key_ids_by_seq(n, origin):
    log = read_log(n, origin)
    check_chain(log)
    return [e["key"] for e in log], log


def test_rotation_verified_by_every_peer_and_a_fresh_node():
    fed = Federation(["SE", "NO", "DK"]).start()
    se, no, dk = fed["SE"], fed["NO"], fed["DK"]
    first = se.pubkey
    try:
        ids = [se.post("organisations", org(f"Före {i}", "SE"))["id"]
               for i in range(3)]
        no.post("organisations", org("Norsk", "NO"))
        _, shown = ctl_json("key", "show", "-c", se.conf)
        assert [k["public_key"] for k in shown["keys"]] == [first]
        old_id = shown["key_id"]

        _, rot = ctl_json("key", "rotate", "-c", se.conf)
        assert rot["seq"] == 4 and rot["previous_key_id"] == old_id
        assert rot["previous_public_key"] == first
        assert rot["key_id"] != old_id and rot["key_file_replaced"]
        new = key_of(se.key_file)
        assert new["key_id"] == rot["key_id"]
        assert new["public_key"] == rot["public_key"]
        assert stat.S_IMODE(os.stat(se.key_file).st_mode) == 0o600
        assert not os.path.exists(se.key_file + ".next")
        _, _, node = se.get("/api/v1/node")
        assert node["key_id"] == rot["key_id"]
        assert node["keys"] == [
            {"key_id": old_id, "public_key": first, "from_seq": 1,
             "until_seq": 4},
            {"key_id": rot["key_id"], "public_key": rot["public_key"],
             "from_seq": 5, "until_seq": None}]

        # after: new records and a change to one written before
        se.post("organisations", org("Efter", "SE"))
        se.put("organisations", ids[0], org("Före 0, ändrad", "SE"))
        d = fed.wait_converged(60)
        assert d["heads"]["SE"]["seq"] == 6
        for n in (no, dk):
            assert rejected(n) == (0, {}), n.country
            keys, log = key_ids_by_seq(n, "SE")
            assert keys == [old_id] * 4 + [rot["key_id"]] * 2
            assert log[3]["op"] == "key" and log[3]["body"] == {
                "public_key": rot["public_key"], "previous_key": first}
            s, _, b = n.get(f"/api/v1/organisations/{ids[0]}")
            assert s == 200 and b["body"]["name"] == "Före 0, ändrad"

        # the tools follow: peers still pin the first key, and every
        # database verifies, the rotated node's own included
        _, out, _ = ctl("peers", "-c", no.conf)
        assert "FAIL" not in out
        ctl("verify", "-c", se.conf)
        _, v = ctl_json("verify", "--db", se.db, "-c", se.conf)
        by = {o["origin"]: o for o in v["origins"]}
        assert by["SE"]["ok"] and by["SE"]["verified"] == 6
        assert by["SE"]["keys_from_log"]
        _, v = ctl_json("verify", "--db", no.db, "-c", no.conf)
        assert v["ok"] and not {o["origin"]: o for o in v["origins"]}[
            "SE"]["keys_from_log"]
        ctl("show", "SE", "2", "-c", se.conf)
        ctl("show", "SE", "5", "-c", no.conf)

        # a restart signs with the new key
        se.stop()
        se.start()
        assert f"key {rot['key_id']}" in se.tail(5)
        se.post("organisations", org("Efter omstart", "SE"))
        fed.wait_converged(60)
        for n in (no, dk):
            assert rejected(n) == (0, {}), n.country
            assert key_ids_by_seq(n, "SE")[0][-1] == rot["key_id"]
        # its own keyring knows both keys after the restart: its own
        # entries, relayed back to it, are duplicates, not unknown keys
        lines = [json.dumps(e, ensure_ascii=False, sort_keys=True,
                            separators=(",", ":"))
                 for e in read_log(no, "SE")]
        s, _, b = push(se, lines)
        assert s == 200, b
        assert {r["result"] for r in b["results"]} == {"duplicate"}, b

        # a node that joins now catches up from scratch: it pins SE's
        # first key, as every peer does, and follows the rotation
        fi = Node(fed, "FI")
        fi.peers = [("se", se.url, first, "SE"), ("no", no.url, no.pubkey,
                                                  "NO")]
        fi.extra_keys = [("DK", dk.pubkey)]
        fed.nodes["FI"] = fi
        fi.start()
        d = fed.wait_converged(60)
        assert d["heads"]["SE"]["seq"] == 7
        assert rejected(fi) == (0, {})
        assert key_ids_by_seq(fi, "SE")[0] == \
            [old_id] * 4 + [rot["key_id"]] * 3
        ctl("verify", "-c", fi.conf)
        se.post("organisations", org("Sist", "SE"))
        d = fed.wait_converged(60)
        assert d["heads"]["SE"]["seq"] == 8
        assert rejected(fi) == (0, {})
    finally:
        fed.stop()


def test_a_rotated_node_that_lost_its_database_rebuilds_it():
    """The database of a node that rotated its key is lost: the key file
    holds the new key, KEY_FILE.first the key of seq 1, and the node gets
    its whole log back from its peers, checked from the first key through
    the key entry, then signs on with the new key: no fork anywhere."""
    fed = Federation(["SE", "NO"]).start()
    se, no = fed["SE"], fed["NO"]
    try:
        for i in range(3):
            se.post("organisations", org(f"Före {i}", "SE"))
        ctl_json("key", "rotate", "-c", se.conf)
        with open(se.key_file + ".first") as f:
            assert f.read() == f"public_key = {se.pubkey}\n"
        se.post("organisations", org("Efter", "SE"))            # seq 5
        fed.wait_converged(30)
        se.stop()
        for suffix in ("", "-wal", "-shm"):
            if os.path.exists(se.db + suffix):
                os.unlink(se.db + suffix)
        se.start()          # waits until it signs: its log is back
        assert se.post("organisations", org("Igen", "SE"))["seq"] == 6
        fed.wait_converged(30)
        keys, log = key_ids_by_seq(no, "SE")
        assert len(log) == 6 and keys[0] != keys[-1], keys
        for n in (se, no):
            _, _, st = n.get("/api/v1/sync/status")
            assert st["forks"] == [] and st["entries"]["rejected"] == 0, st
    finally:
        fed.stop()


def test_a_rotation_and_a_bad_entry_inside_one_batch():
    """A batch of 16 entries or more is verified on a second thread while
    the loop thread applies (node/sync_ingest.c): a key entry in the
    middle of one switches the key for the entries after it, and a bad
    signature in the middle stops its origin's later entries (after_gap)
    while the earlier ones are applied and stay."""
    fed = Federation(["SE", "NO"]).start()
    se, no = fed["SE"], fed["NO"]
    first = se.pubkey
    try:
        no.stop()           # it will catch up all of it in one log page
        for i in range(20):
            se.post("organisations", org(f"Före {i}", "SE"))
        ctl_json("key", "rotate", "-c", se.conf)                # seq 21
        for i in range(20):
            se.post("organisations", org(f"Efter {i}", "SE"))
        log = read_log(se, "SE")
        assert len(log) == 41 and log[20]["op"] == "key"
        no.start()
        d = fed.wait_converged(60)
        assert d["heads"]["SE"]["seq"] == 41
        assert rejected(no) == (0, {})
        assert key_ids_by_seq(no, "SE")[0] == [log[0]["key"]] * 21 + \
            [log[21]["key"]] * 20

        # a node without peers that pins SE's first key takes pushes only
        fi = Node(fed, "FI")
        fi.peers = []
        fi.extra_keys = [("SE", first)]
        fed.nodes["FI"] = fi
        fi.start()
        lines = [json.dumps(e, ensure_ascii=False, sort_keys=True,
                            separators=(",", ":")) for e in log]
        bad = dict(log[29])
        bad["sig"] = ("B" if bad["sig"][0] == "A" else "A") + bad["sig"][1:]
        forged = lines[:29] + [json.dumps(
            bad, ensure_ascii=False, sort_keys=True, separators=(",", ":"))] \
            + lines[30:]
        s, _, b = push(fi, forged)
        assert s == 200, b
        res = b["results"]
        assert [r["result"] for r in res[:29]] == ["accepted"] * 29, res
        assert res[29]["result"] == "rejected" and \
            res[29]["reason"] == "bad_signature", res[29]
        assert {r.get("reason") for r in res[30:]} == {"after_gap"}, res
        assert b["heads"]["SE"]["seq"] == 29
        s, _, b = push(fi, lines)
        assert s == 200, b
        assert [r["result"] for r in b["results"]] == \
            ["duplicate"] * 29 + ["accepted"] * 12, b
        assert key_ids_by_seq(fi, "SE")[0] == key_ids_by_seq(no, "SE")[0]
        fi.stop()
        _, v = ctl_json("verify", "-c", fi.conf)
        assert v["ok"] and v["origins"][0]["verified"] == 41, v
    finally:
        fed.stop()


def test_refused_rotations_change_nothing():
    fed = Federation(["SE"]).start()
    se = fed["SE"]
    d = fed.dir
    try:
        se.post("organisations", org("Ett", "SE"))
        before = snapshot(se)
        # the tool's usage
        rc, out, _ = ctl("key", "--help")
        assert out.startswith("usage: nordfedctl key")
        for args in ([], ["turn"], ["show", "extra"],
                     ["show", "--new-key", "x"], ["rotate", "--new-key"]):
            ctl("key", "-c", se.conf, *args, ok=(2,))
        # the API's
        s, _, b = request("POST", se.url + "/api/v1/admin/key/rotate", {})
        assert s == 401, b
        bad = os.path.join(d, "bad.token")
        with open(bad, "w") as f:
            f.write("admin not-the-token\n")
        ctl("key", "rotate", "--url", se.url, "--token-file", bad, ok=(3,))
        for body, code, field in (
                ({"x": 1}, "unknown_field", "x"),
                ([], "bad_type", ""),
                ({"new_key_file": "node.key"}, "bad_value", "new_key_file"),
                ({"new_key_file": 7}, "bad_value", "new_key_file")):
            s, _, b = se.call("POST", "/api/v1/admin/key/rotate", body)
            assert s == 422 and b["code"] == code, (body, s, b)
            assert b.get("field", "") == field, b
        assert snapshot(se) == before

        # key files the node refuses, each named with a clear problem
        same = os.path.join(d, "same.key")
        shutil.copyfile(se.key_file, same)
        os.chmod(same, 0o600)
        short = os.path.join(d, "short.key")
        with open(short, "wb") as f:
            f.write(os.urandom(31))
        os.chmod(short, 0o600)
        loose = os.path.join(d, "loose.key")
        ctl("keygen", "--out", loose)
        os.chmod(loose, 0o644)
        for path, status, code in (
                (same, 409, "same_key"),
                (short, 422, "key_file"),
                (loose, 422, "key_file_mode"),
                (os.path.join(d, "missing.key"), 422, "key_file")):
            s, _, b = se.call("POST", "/api/v1/admin/key/rotate",
                              {"new_key_file": path})
            assert s == status and b["code"] == code, (path, s, b)
            assert b["field"] == "new_key_file" and b["detail"], b
            _, _, err = ctl("key", "rotate", "--new-key", path, "-c",
                            se.conf, ok=(2,))
            assert "did not rotate" in err, err
            assert snapshot(se) == before, path

        # the new seed cannot be written beside key_file (here a directory
        # stands in the way): the node says so and nothing changes
        os.mkdir(se.key_file + ".next")
        blocked = snapshot(se)
        s, _, b = se.call("POST", "/api/v1/admin/key/rotate", {})
        assert s == 500 and b["code"] == "key_file_write", b
        _, _, err = ctl("key", "rotate", "-c", se.conf, ok=(1,))
        assert "cannot write the new key" in err, err
        assert snapshot(se) == blocked
        os.rmdir(se.key_file + ".next")

        # a key the node made with keygen, then a key it used before
        k2 = os.path.join(d, "k2.key")
        ctl("keygen", "--out", k2)
        _, r2 = ctl_json("key", "rotate", "--new-key", k2, "-c", se.conf)
        assert r2["key_id"] == key_of(k2)["key_id"]
        assert key_of(se.key_file)["key_id"] == r2["key_id"]
        _, r3 = ctl_json("key", "rotate", "-c", se.conf)
        after = snapshot(se)
        assert after[0] == r3["key_id"] and after[1] == 3
        s, _, b = se.call("POST", "/api/v1/admin/key/rotate",
                          {"new_key_file": k2})
        assert s == 409 and b["code"] == "key_reused", b
        assert "from seq 3 to 3" in b["detail"], b
        assert snapshot(se) == after
        # and the node's log verifies through both rotations
        se.post("organisations", org("Två", "SE"))
        _, v = ctl_json("verify", "-c", se.conf)
        assert v["ok"], v
        _, shown = ctl_json("key", "show", "-c", se.conf)
        assert [k["until_seq"] for k in shown["keys"]] == [2, 3, None]
        assert shown["pinned_key"] == se.pubkey
    finally:
        fed.stop()


def start_fails(n):
    """Start n's node and expect it to refuse: returns its stderr."""
    n.write_conf()
    r = subprocess.run([harness.NODE_BIN, "-c", n.conf], capture_output=True,
                       text=True, timeout=30)
    assert r.returncode == 1, (r.returncode, r.stderr)
    return r.stderr


def test_crash_states_of_the_key_file_at_start():
    fed = Federation(["SE", "NO"]).start()
    se, no = fed["SE"], fed["NO"]
    backup = os.path.join(fed.dir, "node.key.backup")
    try:
        se.post("organisations", org("Ett", "SE"))
        shutil.copyfile(se.key_file, backup)      # the operator's copy
        os.chmod(backup, 0o600)
        old = key_of(backup)
        _, rot = ctl_json("key", "rotate", "-c", se.conf)
        fed.wait_converged(60)
        se.stop()

        # a crash after the key entry was durable and before key_file was
        # replaced: the old seed in key_file, the new one staged
        os.rename(se.key_file, se.key_file + ".next")
        shutil.copyfile(backup, se.key_file)
        os.chmod(se.key_file, 0o600)
        se.start()
        assert "finished the key rotation" in se.tail(10)
        assert key_of(se.key_file)["key_id"] == rot["key_id"]
        assert not os.path.exists(se.key_file + ".next")
        se.post("organisations", org("Två", "SE"))
        d = fed.wait_converged(60)
        assert d["heads"]["SE"]["seq"] == 3
        assert rejected(no) == (0, {})
        assert key_ids_by_seq(no, "SE")[0] == [old["key_id"]] * 2 + \
            [rot["key_id"]]

        # the old key file put back (restoring an old backup): refused
        se.stop()
        current = os.path.join(fed.dir, "node.key.current")
        shutil.copyfile(se.key_file, current)
        os.chmod(current, 0o600)
        shutil.copyfile(backup, se.key_file)
        err = start_fails(se)
        assert f"holds key {old['key_id']}, retired at seq 2" in err, err
        # a key the log never had: refused too
        os.unlink(se.key_file)
        ctl("keygen", "--out", se.key_file)
        err = start_fails(se)
        assert f"is signed by key {rot['key_id']}" in err, err
        shutil.copyfile(current, se.key_file)

        # a staged key from a rotation that never committed: removed
        ctl("keygen", "--out", se.key_file + ".next")
        se.start()
        assert "removed" in se.tail(10)
        assert not os.path.exists(se.key_file + ".next")
        _, _, node = se.get("/api/v1/node")
        assert node["key_id"] == rot["key_id"]
        se.post("organisations", org("Tre", "SE"))
        fed.wait_converged(60)
        assert rejected(no) == (0, {})
    finally:
        fed.stop()


def wait_quarantined(nodes, origin, want=True, timeout=30):
    end = time.time() + timeout
    while True:
        q = [n.get("/api/v1/sync/status")[2]["origins"][origin]["quarantined"]
             for n in nodes]
        if all(x == want for x in q) or time.time() > end:
            assert all(x == want for x in q), q
            return
        time.sleep(0.2)


def test_a_stolen_key_after_the_rotation():
    """What a thief holding the old key can still do once the owner has
    rotated (docs/operations.md, "A stolen key")."""
    fed = Federation(["SE", "NO", "DK"]).start()
    se, no, dk = fed["SE"], fed["NO"], fed["DK"]
    stolen = os.path.join(fed.dir, "stolen.key")
    try:
        se.post("organisations", org("Ett", "SE"))
        se.post("organisations", org("Två", "SE"))
        shutil.copyfile(se.key_file, stolen)
        os.chmod(stolen, 0o600)
        ctl("key", "rotate", "-c", se.conf)
        se.post("organisations", org("Tre", "SE"))
        fed.wait_converged(60)
        log = read_log(se)
        assert [e["op"] for e in log] == ["put", "put", "key", "put"]

        # after the rotation the old key signs nothing new: refused
        late = sign(stolen, "SE", 5, entry_hash(log[3]),
                    "se:org:01JF0000000000000000000AAA", org("Tjuv", "SE"))
        s, _, b = push(no, [late])
        assert b["results"][0]["result"] == "rejected", b
        assert b["results"][0]["reason"] == "unknown_key", b
        wait_quarantined([no], "SE", False)
        _, _, m = no.get("/metrics")
        assert 'nordfed_sync_entries_rejected_total{reason="unknown_key"} 1' \
            in m.decode(), m

        # but it still signs the old seqs: a fork, loud everywhere
        held = entry_hash(log[1])
        evil = sign(stolen, "SE", 2, entry_hash(log[0]),
                    "se:org:01JF0000000000000000000BBB", org("Tjuv", "SE"))
        s, _, b = push(no, [evil])
        assert b["results"][0]["result"] == "fork", b
        wait_quarantined([se, no, dk], "SE")
        _, fk = ctl_json("fork", "show", "SE", "-c", no.conf, ok=(1,))
        assert fk["forks"][0]["proof_verifies"] is True
        assert fk["forks"][0]["held"] == held
        # every node holds the owner's entry: each keeps it. A proof still
        # travelling quarantines a node again after its decision (see
        # Forks), so decide again wherever it did, until none has for a
        # few polls in a row
        calm, end = 0, time.time() + 30
        while calm < 5:
            assert time.time() < end, "SE stays quarantined"
            calm += 1
            for n in (se, no, dk):
                if n.get("/api/v1/sync/status")[2]["origins"]["SE"][
                        "quarantined"]:
                    ctl("fork", "resolve", "SE", 2, "--keep", held, "-c",
                        n.conf)
                    calm = 0
            time.sleep(0.2)
        se.post("organisations", org("Fyra", "SE"))
        d = fed.wait_converged(60)
        assert d["heads"]["SE"]["seq"] == 5
        _, out, _ = ctl("diff", se.url, no.url)
        assert "diverged" not in out
    finally:
        fed.stop()


def test_a_lost_key_starts_a_new_log():
    """The procedure of docs/operations.md, "A lost key": the origin cannot
    sign a rotation, so its peers re-pin a new key and drop the old log,
    and the origin starts a new log and publishes its records again."""
    fed = Federation(["SE", "NO", "DK"]).start()
    se, no, dk = fed["SE"], fed["NO"], fed["DK"]
    try:
        ids = [se.post("organisations", org(f"Förening {i}", "SE"))["id"]
               for i in range(2)]
        # the key file is deleted while the node runs: it still holds the
        # key, so it can rotate, and writes the new key file
        os.unlink(se.key_file)
        _, rot = ctl_json("key", "rotate", "-c", se.conf)
        assert key_of(se.key_file)["key_id"] == rot["key_id"]
        se.stop()
        se.start()
        ids.append(se.post("organisations", org("Förening 2", "SE"))["id"])
        fed.wait_converged(60)
        for n in (no, dk):
            assert rejected(n) == (0, {}), n.country

        # the node is down and the key is gone: no rotation can be signed
        se.kill()
        os.unlink(se.key_file)

        # the origin's records, from a peer
        out = os.path.join(fed.dir, "se.jsonl")
        ctl("export", "--country", "SE", "--output", out, "--url", no.url)
        # a new key; the old database is set aside
        _, k = ctl_json("keygen", "--out", se.key_file)
        for suffix in ("", "-wal", "-shm"):
            if os.path.exists(se.db + suffix):
                os.rename(se.db + suffix, se.db + suffix + ".lost")
        # every peer: the new key pinned, the old log of SE dropped
        for n in (no, dk):
            n.peers = [(p[0], p[1], k["public_key"] if p[3] == "SE" else p[2],
                        p[3]) for p in n.peers]
            n.stop()
            n.start()
        for n in (no, dk):
            _, r = ctl_json("resync", "SE", "--reset", "-c", n.conf)
            assert r["dropped"] == 4, r
        # the origin starts again from seq 1 and publishes its records
        se.start()
        ctl("import", out, "-c", se.conf)
        d = fed.wait_converged(60)
        assert d["heads"]["SE"]["seq"] == 3
        for n in (no, dk):
            keys, _ = key_ids_by_seq(n, "SE")
            assert keys == [k["key_id"]] * 3
            for rid in ids:
                assert n.get(f"/api/v1/organisations/{rid}")[0] == 200
        _, out2, _ = ctl("peers", "-c", no.conf)
        assert "FAIL" not in out2
        ctl("verify", "-c", no.conf)
    finally:
        fed.stop()
