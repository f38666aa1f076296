"""Verdicts a receiving node gives beyond what the golden vectors of one
entry can pin (docs/protocol.md sections 5 and 7.1): where `quarantined`
sits among the checks, and the `records` digest recomputed from the text
and against its golden vector (tests/vectors/digest/records.json)."""
import hashlib
import json
import os

import harness
from harness import COLLECTION, Federation
from test_federation import org, push, sign
from test_fork_proofs import forged_proof, post_proof
from test_recovery import until


def canonical(obj):
    # section 2: sorted keys (code point order is UTF-8 byte order), no
    # white space, raw UTF-8; the bodies here hold no control characters
    return json.dumps(obj, sort_keys=True, separators=(",", ":"),
                      ensure_ascii=False).encode()


def records_digest(entries):
    """Section 7.1 from the text: the live records after the log (the
    newest put or key of an id, none after its delete), each as canonical
    {"body","id","seq"}, concatenated in bytewise order of id."""
    live = {}
    for e in entries:
        if e["op"] == "delete":
            live.pop(e["id"], None)
        elif "body" not in e:       # pruned: a later entry supersedes it
            live[e["id"]] = None
        else:
            live[e["id"]] = {"body": e["body"], "id": e["id"], "seq": e["seq"]}
    assert None not in live.values(), "a pruned put is the newest"
    h = hashlib.blake2b(digest_size=32)
    for rid in sorted(live, key=lambda s: s.encode()):
        h.update(canonical(live[rid]))
    return h.hexdigest(), len(live)


def log_of(node, origin):
    out, after = [], 0
    while True:
        s, _, b = node.get(f"/federation/v1/log/{origin}?after={after}"
                           "&limit=1000", raw=True)
        assert s == 200, b
        page = [json.loads(x) for x in b.decode().splitlines() if x]
        if not page:
            return out
        out += page
        after = page[-1]["seq"]


def test_records_digest_follows_the_text():
    fed = Federation(["SE"], pull_ms=60000).start()
    try:
        se = fed["SE"]
        assert se.digest()["records"] == hashlib.blake2b(
            b"", digest_size=32).hexdigest()    # no record: hash of nothing
        # names sort against the ids' (time) order, and se:net < se:org:
        # the order is the ids', not the names' or the types'
        ids = [se.post("organisations", org(f"Förening {9 - i}", "SE"))["id"]
               for i in range(6)]
        se.post("networks", {"name": {"sv": "Nätverket"}, "scope": "nordic",
                             "lead_organisation": ids[0]})
        # a later put replaces, a delete removes
        se.put("organisations", ids[2], org("Ändrad förening", "SE"))
        s, _, b = se.call("DELETE", f"/api/v1/organisations/{ids[4]}")
        assert s in (200, 204), b
        d = se.digest()
        want, n = records_digest(log_of(se, "SE"))
        assert d["record_count"] == n == 6
        assert d["records"] == want
    finally:
        fed.stop()


def test_records_digest_golden_vector():
    """tests/vectors/digest/records.json: its writes on a fresh node give
    its digest (nfcheck.py computes the same from the text)."""
    doc = json.load(open(os.path.join(harness.ROOT, "tests", "vectors",
                                      "digest", "records.json"),
                         encoding="utf-8"))
    fed = Federation([doc["origin"]], pull_ms=60000).start()
    try:
        n = fed[doc["origin"]]
        for w in doc["writes"]:
            path = f"/api/v1/{COLLECTION[w['type']]}/{w['id']}"
            if w["op"] == "put":
                s, _, b = n.call("PUT", path, w["body"])
                assert s in (200, 201), b
            else:
                s, _, b = n.call("DELETE", path)
                assert s in (200, 204), b
        d = n.digest()
        assert d["entries"] == len(doc["writes"])      # seq = position + 1
        assert (d["records"], d["record_count"]) == \
            (doc["records"], doc["record_count"])
    finally:
        fed.stop()


def test_receiver_reasons_sit_where_the_text_says():
    fed = Federation(["SE", "NO"]).start()
    try:
        se, no = fed["SE"], fed["NO"]
        # (these first: the proof below reaches SE too and quarantines it)
        # after_gap before the signature: on SE, NO's seq 2 is a gap, and a
        # badly signed seq 3 after it is after_gap
        rid = "no:org:01JF00000000000000000000%02d"
        n2 = sign(no.key_file, "NO", 2, "ab" * 32, rid % 2, org("Två", "NO"))
        n3 = json.loads(sign(no.key_file, "NO", 3, "cd" * 32, rid % 3,
                             org("Tre", "NO")))
        n3["sig"] = ("B" if n3["sig"][0] == "A" else "A") + n3["sig"][1:]
        s, _, r = push(se, [n2, canonical(n3).decode()])
        assert s == 200, r
        assert [(x["result"], x.get("reason")) for x in r["results"]] == \
            [("gap", "gap"), ("rejected", "after_gap")], r

        # own_origin replaces the verdict of a valid entry of the node's
        # own origin beyond its head; a bad signature stays bad_signature
        mine = json.loads(sign(se.key_file, "SE", 5, "ef" * 32,
                               "se:org:01JF0000000000000000000005",
                               org("Egen", "SE")))
        bad = dict(mine, sig=("B" if mine["sig"][0] == "A" else "A") +
                   mine["sig"][1:])
        s, _, r = push(se, [canonical(bad).decode()])
        assert s == 200 and r["results"][0]["reason"] == "bad_signature", r
        s, _, r = push(se, [canonical(mine).decode()])
        assert s == 200, r
        assert (r["results"][0]["result"], r["results"][0]["reason"]) == \
            ("rejected", "own_origin"), r

        s, _, r = post_proof(no, forged_proof(se, 1, 0))
        assert s == 200 and r["quarantined"] is True, r
        until(lambda: no.get("/api/v1/sync/status")[2]["origins"]["SE"]
              ["quarantined"], what="NO quarantines SE")
        good = sign(se.key_file, "SE", 1, None,
                    "se:org:01JF0000000000000000000099", org("Godtagen", "SE"))
        e = json.loads(good)
        sig = e["sig"]
        e["sig"] = ("B" if sig[0] == "A" else "A") + sig[1:]
        tampered = canonical(e).decode()
        e["sig"] = sig
        e["ts"] = "2026-13-01T00:00:00.000Z"
        undecodable = canonical(e).decode()
        s, _, r = push(no, [undecodable, tampered, good])
        assert s == 200, r
        res = r["results"]
        # decoding comes first: its reason, with the line number
        assert res[0]["result"] == "rejected", res
        assert res[0]["reason"] == "bad_timestamp" and res[0]["line"] == 1
        # then quarantine, before the signature is looked at
        assert [(x["result"], x.get("reason")) for x in res[1:]] == \
            [("rejected", "quarantined"), ("rejected", "quarantined")], res
    finally:
        fed.stop()
