"""A push racing a clock read (docs/benchmarks.md, convergence): the
origin pushes seq 2 to a peer; before the push reply comes back, the
node reads the peer's clock, which already shows seq 2 (the peer had it
from a relay), and the reply then says `duplicate` with that same head.
The peer holds everything pushed: that is progress, not a refusal. The
node used to judge "no progress" against the head it knew at the reply
(taken from that clock) and held every further push of its origin to
the peer for a growing back-off, so writes reached the peer only when
the hold ended or by its pull. The race is staged in a fixed order by a
stand-in peer that answers the push only after the node has taken its
clock; nothing here depends on timing."""
import http.server
import json
import os
import subprocess
import threading

import harness
from harness import Federation
from test_federation import org
from test_recovery import until


class RacePeer:
    """A stand-in for NO's node: a clock of given heads, and push
    replies that can be held until released. It records the seqs of the
    SE entries pushed to it, and answers each `accepted` unless told to
    answer `duplicate`."""

    def __init__(self):
        self.heads = {}
        self.pushed = []
        self.hold = None            # a threading.Event while holding
        self.held = threading.Event()
        self.dup = False
        self.extra_heads = {}
        peer = self

        class H(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *a):
                pass

            def reply(self, obj):
                b = json.dumps(obj).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(b)))
                self.end_headers()
                self.wfile.write(b)

            def do_GET(self):
                if self.path.startswith("/federation/v1/clock"):
                    self.reply(dict(peer.heads))
                else:
                    self.send_response(404)
                    self.send_header("Content-Length", "0")
                    self.end_headers()

            def do_POST(self):
                n = int(self.headers.get("Content-Length") or 0)
                lines = [json.loads(x) for x in
                         self.rfile.read(n).split(b"\n") if x.strip()]
                seqs = [e["seq"] for e in lines if e["origin"] == "SE"]
                peer.pushed.extend(seqs)
                if peer.hold is not None:
                    peer.held.set()
                    if not peer.hold.wait(60):
                        raise RuntimeError("never released")
                res = "duplicate" if peer.dup else "accepted"
                heads = dict(peer.heads)
                heads.update(peer.extra_heads)
                self.reply({"results": [{"origin": "SE", "seq": s,
                                         "result": res} for s in seqs],
                            "heads": heads})

        self.srv = http.server.ThreadingHTTPServer(("127.0.0.1", 0), H)
        self.srv.daemon_threads = True
        self.port = self.srv.server_address[1]
        threading.Thread(target=self.srv.serve_forever, daemon=True).start()

    def close(self):
        if self.hold is not None:
            self.hold.set()
        self.srv.shutdown()
        self.srv.server_close()


def se_head(se):
    _, _, b = se.get("/api/v1/node")
    h = b["heads"]["SE"]
    return {"seq": h["seq"], "hash": h["hash"]}


def status(se):
    _, _, st = se.get("/api/v1/sync/status")
    return next(p for p in st["peers"] if p["name"] == "fake"), st


def test_duplicate_push_after_a_fresher_clock_is_no_refusal():
    fake = RacePeer()
    # the pull timer is long: every clock read here is one the test asks
    fed = Federation(["SE"], pull_ms=600000)
    se = fed["SE"]
    key = os.path.join(fed.dir, "fake.key")
    out = subprocess.run([harness.CTL_BIN, "keygen", "--out", key, "--json"],
                         check=True, capture_output=True, text=True).stdout
    se.peers.append(("fake", f"http://127.0.0.1:{fake.port}",
                     json.loads(out)["public_key"], "NO"))
    try:
        se.start(wait=True, writable=False)
        se.wait_writable(20)
        until(lambda: status(se)[0]["clock_known"], 20, "fake's clock read")
        # seq 1: pushed and taken as usual
        se.post("organisations", org("Första", "SE"))
        until(lambda: 1 in fake.pushed, 20, "seq 1 pushed")
        fake.heads = {"SE": se_head(se)}
        until(lambda: status(se)[0]["queue"] == 0, 20, "seq 1 taken")
        # seq 2: the push is held at the peer ...
        fake.hold = threading.Event()
        se.post("organisations", org("Andra", "SE"))
        assert fake.held.wait(20), "seq 2 was not pushed"
        # ... while the node reads a clock that already holds seq 2
        fake.heads = {"SE": se_head(se)}
        assert fake.heads["SE"]["seq"] == 2
        s, _, b = se.call("POST", "/api/v1/admin/resync",
                          {"origin": "NO", "peer": "fake"})
        assert s == 202, b
        until(lambda: status(se)[0]["queue"] == 0, 20,
              "the fresher clock taken while the push is out")
        # the push comes back: duplicate, the same head. Its heads also
        # claim FI seq 3, which shows once the node has read the reply.
        fake.dup = True
        fake.extra_heads = {"FI": {"seq": 3, "hash": "ab" * 32}}
        fake.hold.set()
        until(lambda: status(se)[1]["origins"]["FI"]["best_known"] == 3,
              20, "the push reply read")
        peer, _ = status(se)
        codes = [p["code"] for p in peer["problems"]]
        assert "push_refused" not in codes, peer["problems"]
        # and the next write is pushed as any other
        fake.hold = None
        fake.dup = False
        se.post("organisations", org("Tredje", "SE"))
        until(lambda: 3 in fake.pushed, 20, "seq 3 pushed")
        peer, _ = status(se)
        assert "push_refused" not in [p["code"] for p in peer["problems"]]
    finally:
        fake.close()
        fed.stop()
