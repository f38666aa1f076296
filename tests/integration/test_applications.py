"""Membership requests across borders on real nodes (docs/protocol.md,
"Membership across borders"): one decision per request, refused with a
stable problem when the request is withdrawn or already answered, the
answer under the id derived from the request, and the same state on the
requesting node and the network's node, also when a withdrawal and an
accept cross each other in a partition."""
import threading

from test_federation import assert_all_equal, org


def problem(s, b, status, code):
    assert s == status and isinstance(b, dict) and b.get("code") == code, (s, b)


def setup_network(fed):
    no, fi = fed["NO"], fed["FI"]
    lead = no.post("organisations", org("Inkluderingsforum Tromsø", "NO"))["id"]
    net = no.post("networks", {"name": {"nb": "Nordisk nettverk for inkludering"},
                               "scope": "nordic",
                               "lead_organisation": lead})["id"]
    return net, lead


def ask(fi, net, o, role="member"):
    return fi.post("membership-requests", {
        "network": net, "organisation": o, "role": role, "status": "pending",
        "message": {"fi": "Haluamme mukaan"}})


def answer_id(req, net):
    return net[:2] + ":mem:" + req.split(":")[2]


def answers(node, net, req):
    _, _, nw = node.get(f"/api/v1/networks/{net}/members?limit=200")
    return [m for m in nw["items"] if m["body"].get("request") == req]


def state(node, req):
    s, _, r = node.get(f"/api/v1/membership-requests/{req}")
    assert s == 200, r
    return r["state"], r["decision"]


def test_one_decision_per_request(federation):
    fed = federation(["NO", "FI"]).start()
    no, fi = fed["NO"], fed["FI"]
    net, _ = setup_network(fed)
    a = fi.post("organisations", org("Kylätoiminta ry", "FI"))["id"]
    b = fi.post("organisations", org("Nuorten Ääni ry", "FI"))["id"]
    withdrawn, decided = ask(fi, net, a), ask(fi, net, b)
    body = dict(withdrawn["body"], status="withdrawn")
    fi.put("membership-requests", withdrawn["id"], body)
    fed.wait_converged(30)

    # a withdrawn request cannot be accepted, nor declined
    for verb in ("accept", "decline"):
        s, _, p = no.call("POST", f"/api/v1/membership-requests/{withdrawn['id']}/{verb}")
        problem(s, p, 409, "request_withdrawn")
    assert answers(no, net, withdrawn["id"]) == []

    # accepted once; a second accept and a decline are refused
    s, _, m = no.call("POST", f"/api/v1/membership-requests/{decided['id']}/accept")
    assert s == 201 and m["body"]["status"] == "active", m
    assert m["id"] == answer_id(decided["id"], net), m
    for verb in ("accept", "decline"):
        s, _, p = no.call("POST", f"/api/v1/membership-requests/{decided['id']}/{verb}")
        problem(s, p, 409, "already_decided")
        assert m["id"] in p["detail"], p
    fed.wait_converged(30)
    for node in (no, fi):
        assert state(node, withdrawn["id"]) == ("withdrawn", None)
        assert state(node, decided["id"]) == (
            "active", {"membership": m["id"], "status": "active"})
        assert len(answers(node, net, decided["id"])) == 1
    # the requester cannot change a decided request any more
    s, _, p = fi.call("PUT", f"/api/v1/membership-requests/{decided['id']}",
                      dict(decided["body"], status="withdrawn"))
    problem(s, p, 409, "already_decided")
    # an answer is only ever written by accept/decline, under its id
    s, _, p = no.call("POST", "/api/v1/memberships", {
        "network": net, "organisation": b, "role": "member",
        "status": "declined", "request": decided["id"]})
    problem(s, p, 422, "bad_value")
    assert p["field"] == "request", p
    # the network's owner may still end the membership: one record, and
    # both nodes show the request ended
    s, _, e = no.call("PUT", f"/api/v1/memberships/{m['id']}",
                      dict(m["body"], status="ended", end=m["body"]["start"]))
    assert s == 200, e
    assert_all_equal(fed)
    for node in (no, fi):
        assert state(node, decided["id"])[0] == "ended"
        assert len(answers(node, net, decided["id"])) == 1


def test_racing_decisions_leave_one(federation):
    """Accepts and declines of one request sent at once: exactly one is
    written, the others are refused 409, and both nodes agree."""
    fed = federation(["NO", "FI"]).start()
    no, fi = fed["NO"], fed["FI"]
    net, _ = setup_network(fed)
    o = fi.post("organisations", org("Saaristolaiset ry", "FI"))["id"]
    req = ask(fi, net, o)["id"]
    fed.wait_converged(30)
    results = []
    lock = threading.Lock()

    def decide(verb):
        s, _, b = no.call("POST", f"/api/v1/membership-requests/{req}/{verb}")
        with lock:
            results.append((s, b))
    ts = [threading.Thread(target=decide, args=(v,))
          for v in ("accept", "decline") * 4]
    for t in ts:
        t.start()
    for t in ts:
        t.join(60)
    ok = [b for s, b in results if s == 201]
    assert len(results) == 8 and len(ok) == 1, results
    for s, b in results:
        if s != 201:
            problem(s, b, 409, "already_decided")
    assert_all_equal(fed)
    st = ok[0]["body"]["status"]
    for node in (no, fi):
        assert state(node, req) == (st, {"membership": ok[0]["id"], "status": st})
        assert len(answers(node, net, req)) == 1


def test_withdrawal_crossing_an_accept(federation):
    """FI withdraws while NO, not having heard of it, accepts: once the
    partition heals both nodes hold both records and say the same."""
    fed = federation(["NO", "FI"], proxies=True).start()
    no, fi = fed["NO"], fed["FI"]
    net, _ = setup_network(fed)
    o = fi.post("organisations", org("Pohjolan Kylät ry", "FI"))["id"]
    req = ask(fi, net, o)
    fed.wait_converged(30)
    fed.partition(["NO"], ["FI"])
    fi.put("membership-requests", req["id"], dict(req["body"], status="withdrawn"))
    s, _, m = no.call("POST", f"/api/v1/membership-requests/{req['id']}/accept")
    assert s == 201, m
    fed.heal()
    assert_all_equal(fed)
    seen = {cc: state(fed[cc], req["id"]) for cc in ("NO", "FI")}
    assert seen["NO"] == seen["FI"] == (
        "active", {"membership": m["id"], "status": "active"}), seen
    _, _, r = fi.get(f"/api/v1/membership-requests/{req['id']}")
    assert r["body"]["status"] == "withdrawn", r
