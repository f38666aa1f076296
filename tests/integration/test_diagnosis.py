"""Diagnosis that names the cause, on real nodes: a wrong pinned key (which
key signs, which is pinned, what to do), no key pinned for an origin,
entries that do not verify, in `nordfedctl status --json`, the human
output and the node's log (one line per peer, origin and reason a
minute, with the count); advice never proposes what the node refuses;
an error clears when the peer does right again; exit codes as
documented (0 in sync, 1 not, 3 unreachable)."""
import json
import os
import re
import time

import harness
from harness import Federation
from test_federation import org, push, sign, write_many
from test_recovery import until
from test_tools import ctl, ctl_json, until_rc


def pub_id(path):
    _, k = ctl_json("pubkey", path)
    return k["key_id"]


def rejected_total(node, reason):
    _, _, m = node.get("/metrics", raw=True)
    v = re.search(rb'nordfed_sync_entries_rejected_total\{reason="%s"\} '
                  rb"(\d+)" % reason.encode(), m)
    return int(v.group(1)) if v else 0


def test_a_wrong_pin_is_named_in_status_and_log():
    fed = Federation(["SE", "NO", "DK"]).start()
    try:
        se, no, dk = fed["SE"], fed["NO"], fed["DK"]
        rogue = os.path.join(fed.dir, "rogue.key")
        ctl("keygen", "--out", rogue)
        rogue_pk = ctl_json("pubkey", rogue)[1]["public_key"]
        se.stop()
        good = list(se.peers)
        se.peers = [(n, u, rogue_pk if cc == "NO" else pk, cc)
                    for n, u, pk, cc in se.peers]
        se.start()
        write_many(no, 25)
        until(lambda: rejected_total(se, "unknown_key") >= 25,
              what="SE refuses NO's entries")
        time.sleep(1)                    # more rounds, more refusals
        rc, st = ctl_json("status", "-c", se.conf, ok=(1,))
        wk = [p for p in st["problems"] if p["kind"] == "wrong_key"]
        assert wk, st["problems"]
        signer, pinned = pub_id(no.key_file), pub_id(rogue)
        for p in wk:
            assert p["subject"] == "NO" and p["reason"] == "unknown_key"
            assert f"signed by key {signer}" in p["detail"], p
            assert f"the key pinned for NO is {pinned}" in p["detail"], p
            assert "public_key in [peer no]" in p["advice"], p
        assert {p["peer"] for p in wk} <= {"no", "dk"}
        # advice never proposes what the node would refuse
        for p in st["problems"]:
            assert "resync SE" not in p["advice"], p
        _, out, _ = ctl("status", "-c", se.conf, ok=(1,))
        assert "NOT IN SYNC" in out and "wrong_key" in out, out
        assert f"signed by key {signer}" in out
        # the log says it too, once a minute per peer, origin and reason
        log = se.tail(400)
        lines = [x for x in log.splitlines() if "are signed by key" in x]
        assert 1 <= len(lines) <= 2, lines
        assert f"signed by key {signer}" in lines[0] and "(count " in \
            lines[0], lines
        # NO's node sees its pushes refused, and why
        _, nst = ctl_json("status", "-c", no.conf, ok=(1,))
        pr = [p for p in nst["problems"] if p["kind"] == "push_refused"]
        assert pr and pr[0]["subject"] == "se", nst["problems"]
        assert pr[0]["reason"] == "unknown_key"
        assert "nordfedctl pubkey" in pr[0]["advice"]
        # the pin corrected: SE takes NO's log, every node is in sync
        se.stop()
        se.peers = good
        se.start()
        fed.wait_converged(30)
        until(lambda: ctl("status", "-c", se.conf, ok=None)[0] == 0,
              what="SE in sync")
        until(lambda: ctl("status", "-c", no.conf, ok=None)[0] == 0,
              what="NO in sync again (its refused pushes clear)")
    finally:
        fed.stop()


def test_no_key_pinned_for_an_origin():
    # DK reaches SE only relayed through NO, and SE has no pin for DK
    fed = Federation(["SE", "NO", "DK"], links={("SE", "NO"), ("NO", "DK")})
    fed["SE"].extra_keys = [(cc, pk) for cc, pk in fed["SE"].extra_keys
                            if cc != "DK"]
    fed.start()
    try:
        se, dk = fed["SE"], fed["DK"]
        write_many(dk, 3)
        until(lambda: rejected_total(se, "unknown_origin") >= 1,
              what="SE refuses DK's entries")
        rc, st = ctl_json("status", "-c", se.conf, ok=(1,))
        nk = [p for p in st["problems"] if p["kind"] == "no_key"]
        assert nk and nk[0]["subject"] == "DK", st["problems"]
        assert "no key is pinned for DK" in nk[0]["detail"]
        assert '"DK = KEY" to [pins]' in nk[0]["advice"], nk
        assert not any(p["kind"] == "lag" for p in st["problems"]), \
            "the lag has a named cause"
        assert "no key is pinned for DK" in se.tail(100)
    finally:
        fed.stop()


def test_refused_entries_show_and_clear_when_the_peer_sends_good_ones():
    fed = Federation(["SE", "NO"]).start()
    try:
        se, no = fed["SE"], fed["NO"]
        write_many(no, 2)
        fed.wait_converged(30)
        from test_durability import entry_hash, read_log
        log = read_log(no, "NO")
        e = json.loads(sign(no.key_file, "NO", 3, entry_hash(log[-1]),
                            "no:org:01JF0000000000000000000ZZZ",
                            org("Tre", "NO")))
        e["sig"] = ("B" if e["sig"][0] == "A" else "A") + e["sig"][1:]
        line = json.dumps(e, sort_keys=True, separators=(",", ":"),
                          ensure_ascii=False)
        for _ in range(3):                  # as NO's node would send it
            s, _, b = harness.request(
                "POST", se.url + "/federation/v1/push", (line + "\n").encode(),
                ctype="application/x-ndjson",
                headers={"X-Nordfed-Origin": "NO"})
            assert b["results"][0]["reason"] == "bad_signature", b
        _, st = ctl_json("status", "-c", se.conf, ok=(1,))
        bad = [p for p in st["problems"] if p["kind"] == "entries_refused"]
        assert bad and bad[0]["subject"] == "NO", st["problems"]
        assert bad[0]["peer"] == "no" and bad[0]["count"] == 3
        assert "bad_signature at seq 3" in bad[0]["detail"]
        assert "nordfedctl show NO 3" in bad[0]["advice"]
        assert se.tail(50).count("bad_signature at seq 3") == 1
        # from a sender that is no peer: shown under its name
        push(se, [line])
        _, st = ctl_json("status", "-c", se.conf, ok=(1,))
        assert {p.get("peer") for p in st["problems"]} >= {"no", "push:??"}
        # NO's own next entry comes: the problem is gone
        write_many(no, 1, "Äkta")
        fed.wait_converged(30)
        until(lambda: ctl("status", "-c", se.conf, ok=None)[0] == 0,
              what="SE in sync")
        assert "are taken again" in se.tail(20)
    finally:
        fed.stop()


def test_quarantined_origin_advice_and_exit_codes():
    fed = Federation(["SE", "NO"]).start()
    try:
        se, no = fed["SE"], fed["NO"]
        write_many(se, 2)
        fed.wait_converged(30)
        # 0: in sync (a clock request NO made before SE listened can
        # still show until its retry, a fraction of a second later)
        until_rc(0, "status", "-c", no.conf)
        from test_fork_proofs import forged_proof, post_proof
        post_proof(no, forged_proof(se, 1, 3))
        rc, st = ctl_json("status", "-c", no.conf, ok=(1,))
        q = [p for p in st["problems"] if p["kind"] == "quarantined"]
        assert q and q[0]["subject"] == "SE", st["problems"]
        assert "fork show SE" in q[0]["advice"]
        for p in st["problems"]:
            assert "resync SE" not in p["advice"], p   # refused while so
        rc, _, err = ctl("resync", "SE", "-c", no.conf, ok=(1,))
        assert "quarantined" in err
        ctl("status", "--url", f"http://127.0.0.1:{harness.free_port()}",
            ok=(3,))
    finally:
        fed.stop()
