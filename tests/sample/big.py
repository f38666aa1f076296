"""
A large data set for the paging tests: one network with more members than
the page ever fetched at once (5,000) and one public body with more
collaborations (3,000), written through POST /api/v1/batch in batches of
1,000 lines so that a test builds it in seconds.

    write(node, members=5001, collabs=3001, networks=201)
        -> dict of the ids written

One organisation ("joiner") is also a member of `networks` small networks
besides the big one: more memberships than the page's first 200.

Deterministic ids (sample.data.make_id with a "big/" key). Some extra
memberships have ended: a network filter must not list those
organisations. Python 3.11 standard library only.
"""

import json

from sample import data

BATCH = 1000


def _batch(node, lines):
    for i in range(0, len(lines), BATCH):
        chunk = "\n".join(lines[i:i + BATCH]) + "\n"
        s, _, b = node.call("POST", "/api/v1/batch", chunk.encode("utf-8"),
                            ctype="application/x-ndjson", timeout=60)
        if s != 200 or b["refused"]:
            bad = [r for r in b.get("results", []) if
                   r["result"] == "refused"][:3] if isinstance(b, dict) else b
            raise AssertionError(f"batch refused: {s} {bad}")


def _line(rid, body):
    return json.dumps({"id": rid, "body": body}, ensure_ascii=False)


def write(node, members=5001, collabs=3001, ended=7, networks=201):
    cc = node.country
    lc = cc.lower()
    ids = {"network": data.make_id(cc, "net", "big/network"),
           "public_body": data.make_id(cc, "org", "big/kommun"),
           "members": [], "ended": [], "collabs": []}
    n_orgs = max(members, collabs) + ended
    orgs = [data.make_id(cc, "org", f"big/org/{i}") for i in range(n_orgs)]
    lines = [_line(ids["public_body"], {
        "name": "Storkommunen", "classification": "municipality",
        "country": cc})]
    for i, o in enumerate(orgs):
        lines.append(_line(o, {
            "name": f"Förening {i:05d}", "classification": "association",
            "country": cc}))
    lines.append(_line(ids["network"], {
        "lang": "sv", "name": {"sv": "Det stora nätverket",
                               "en": "The big network"},
        "scope": "national", "country": cc, "lead_organisation": orgs[0]}))
    for i, o in enumerate(orgs[:members + ended]):
        status = "active" if i < members else "ended"
        rid = data.make_id(cc, "mem", f"big/mem/{i}")
        lines.append(_line(rid, {
            "network": ids["network"], "organisation": o,
            "role": "lead" if i == 0 else "member", "status": status,
            "start": "2025-01-01"}))
        ids["members" if status == "active" else "ended"].append(o)
    ids["joiner"] = orgs[1]
    ids["joined"] = [ids["network"]]
    for i in range(networks):
        nid = data.make_id(cc, "net", f"big/small/{i}")
        lines.append(_line(nid, {
            "lang": "sv", "name": {"sv": f"Litet nätverk {i:03d}"},
            "scope": "national", "country": cc, "lead_organisation": orgs[2]}))
        lines.append(_line(data.make_id(cc, "mem", f"big/small/{i}"), {
            "network": nid, "organisation": orgs[1], "role": "member",
            "status": "active", "start": "2025-06-01"}))
        ids["joined"].append(nid)
    forms = ("consultation", "dialogue", "agreement", "iop")
    for i, o in enumerate(orgs[:collabs]):
        rid = data.make_id(cc, "collab", f"big/collab/{i}")
        lines.append(_line(rid, {
            "lang": "sv", "organisation": o,
            "public_body": ids["public_body"], "form": forms[i % 4],
            "level": "local", "area": "integration", "start": "2025-01-01",
            "description": {"sv": f"Samverkan nummer {i}"}}))
        ids["collabs"].append(rid)
    assert all(x.startswith(lc + ":") for x in orgs)
    _batch(node, lines)
    return ids
