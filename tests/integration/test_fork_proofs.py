"""Fork proofs on real nodes: a forking origin cannot silence the proofs
of others (the relay table is bounded per origin), a replayed proof of a
resolved fork is answered as such and changes nothing, and the admin read
of the forks needs a token."""
import json
import time

from harness import Federation, request
from test_federation import org, sign, write_many
from test_recovery import proof, until
from test_tools import ctl, ctl_json

RID = "%s:org:01JF0000000000000000%06d"


def forged_proof(node, seq, n):
    """Two entries of node's origin at seq, both signed with its key."""
    cc = node.country
    a = json.loads(sign(node.key_file, cc, seq, None if seq == 1 else
                        "ab" * 32, RID % (cc.lower(), 2 * n),
                        org(f"A{n}", cc)))
    b = json.loads(sign(node.key_file, cc, seq, None if seq == 1 else
                        "ab" * 32, RID % (cc.lower(), 2 * n + 1),
                        org(f"B{n}", cc)))
    return proof(a, b)


def post_proof(node, body):
    return request("POST", node.url + "/federation/v1/forks", body,
                   headers={"X-Nordfed-Origin": "XX"})


def forks_of(node, origin):
    _, _, b = node.get("/federation/v1/forks")
    return [f for f in b["forks"] if f["origin"] == origin]


def test_seventy_forks_of_one_origin_do_not_silence_another():
    fed = Federation(["SE", "NO", "DK", "FI"]).start()
    try:
        se, no, dk, fi = fed["SE"], fed["NO"], fed["DK"], fed["FI"]
        for i in range(70):
            s, _, r = post_proof(no, forged_proof(se, i + 1, i))
            assert s == 200 and r["quarantined"] is True, r
            assert r["known"] is False and r["resolved"] is False
        # all kept on NO, and SE quarantined everywhere by the first ones
        assert len(forks_of(no, "SE")) == 70
        for n in (dk, fi):
            until(lambda n=n: n.get("/api/v1/sync/status")[2]["origins"]
                  ["SE"]["quarantined"], what=f"{n.country} quarantines SE")
        # a genuine proof of another origin still reaches every peer
        s, _, r = post_proof(no, forged_proof(dk, 1, 100))
        assert s == 200 and r["origin"] == "DK", r
        for n in (se, fi):
            until(lambda n=n: forks_of(n, "DK"), what=f"{n.country} gets "
                  "the proof of DK")
            assert n.get("/api/v1/sync/status")[2]["origins"]["DK"][
                "quarantined"]
        # NO passed on at most 4 of SE's 70; FI heard no more than that
        time.sleep(1)
        assert len(forks_of(fi, "SE")) <= 4, len(forks_of(fi, "SE"))
        _, _, st = no.get("/api/v1/sync/status")
        q = [x for x in st["origins"]["SE"]["problems"]
             if x["code"] == "quarantined"]
        assert q and "66 more proofs" in q[0]["detail"], q
        assert "resync" not in q[0]["advice"]       # the node would refuse
        assert no.tail(400).count("kept but not passed on") == 1
    finally:
        fed.stop()


def test_a_replayed_proof_of_a_resolved_fork_changes_nothing():
    fed = Federation(["SE", "NO"]).start()
    try:
        se, no = fed["SE"], fed["NO"]
        write_many(se, 2)
        fed.wait_converged(30)
        body = forged_proof(se, 1, 7)
        s, _, r = post_proof(no, body)
        assert s == 200 and r["quarantined"] is True and r["known"] is False
        # the same proof again while open: known, nothing new logged
        s, _, r = post_proof(no, body)
        assert r["known"] is True and r["quarantined"] is True, r
        assert no.tail(100).count("FORK proof received") == 1
        # the operators decide (both entries of this proof are forged at
        # a seq whose real entry NO holds: keeping one means a refetch)
        _, fk = ctl_json("fork", "show", "SE", "-c", no.conf, ok=(1,))
        keep = fk["forks"][0]["entries"][0]["hash"]
        s, _, res = no.call("POST", "/api/v1/admin/forks/resolve",
                            {"origin": "SE", "seq": 1, "keep": keep,
                             "refetch": True})
        assert s == 200 and res["quarantined"] is False, res
        # a peer passes the proof on again, late: answered as resolved,
        # the origin stays in use, and it is said once, not as a fork
        for _ in range(5):
            s, _, r = post_proof(no, body)
            assert s == 200, r
            assert r == {"origin": "SE", "seq": 1, "quarantined": False,
                         "known": True, "resolved": True}, r
        _, _, st = no.get("/api/v1/sync/status")
        assert st["origins"]["SE"]["quarantined"] is False
        assert st["forks"][0]["state"] == "resolved"
        log = no.tail(200)
        assert log.count("FORK proof received") == 1, log
        assert log.count("came again from push:XX") == 1, log
    finally:
        fed.stop()


def test_admin_reads_need_a_token():
    fed = Federation(["SE"]).start()
    try:
        se = fed["SE"]
        s, h, p = se.get("/api/v1/admin/forks")
        assert s == 401 and p["code"] == "unauthorized", p
        assert "application/problem+json" in h["Content-Type"]
        s, _, p = se.get("/api/v1/admin/forks", token="x" * 40)
        assert s == 401
        s, _, b = se.get("/api/v1/admin/forks", token=se.token)
        assert s == 200 and b == {"forks": [], "quarantined": []}
        # the tool asks with the token it is given, and without one
        # shows what the public status says
        _, fk = ctl_json("fork", "show", "-c", se.conf)
        assert fk["forks"] == []
        rc, out, _ = ctl("fork", "show", "--url", se.url)
        assert "no token" in out and "no forks" in out
    finally:
        fed.stop()
