"""A hostile peer (a Python HTTP server standing in for NO's node) against
a real node: replies far over the protocol's bounds (a 70 MB clock, a
60 MB one-line log page, a 70 MB push reply) are refused before they are
parsed, with the node's memory growth under 16 MB; impossible clocks
(negative, not an integer, beyond what can have been signed, grown
faster than an origin can sign) and a clock its log does not back are
peer errors in the status, not a lag of 9223372036854775802; and each
error clears when the peer answers properly again (docs/protocol.md,
"Limits")."""
import http.server
import json
import os
import subprocess
import threading
import time

import harness
from harness import Federation
from test_federation import org
from test_recovery import until

SAN = bool(os.environ.get("NORDFED_SANITIZE"))
MB = 1 << 20
HASH = "ab" * 32


class FakePeer:
    """routes: path prefix -> (status, body, with_length), body being
    bytes, a (chunk, count) pair streamed, or a function giving bytes.
    Its push replies carry the heads of its clock unless told otherwise."""

    def __init__(self):
        self.heads = {}
        self.routes = {}
        self.hits = {}
        self.mirror_push()
        peer = self

        class H(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *a):
                pass

            def handle_one(self):
                n = int(self.headers.get("Content-Length") or 0)
                if n:
                    self.rfile.read(n)
                path = self.path.split("?")[0]
                key = next((k for k in peer.routes if path.startswith(k)),
                           None)
                peer.hits[key] = peer.hits.get(key, 0) + 1
                status, body, with_length = peer.routes.get(
                    key, (404, b"{}", True))
                if callable(body):
                    body = body()
                if isinstance(body, tuple):
                    chunk, count = body
                    length = len(chunk) * count
                else:
                    chunk, count, length = body, 1, len(body)
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                if with_length:
                    self.send_header("Content-Length", str(length))
                else:
                    self.send_header("Connection", "close")
                    self.close_connection = True
                self.end_headers()
                try:
                    for _ in range(count):
                        self.wfile.write(chunk)
                except (BrokenPipeError, ConnectionResetError):
                    self.close_connection = True

            do_GET = do_POST = handle_one

        self.srv = http.server.ThreadingHTTPServer(("127.0.0.1", 0), H)
        self.srv.daemon_threads = True
        self.port = self.srv.server_address[1]
        threading.Thread(target=self.srv.serve_forever, daemon=True).start()

    def set(self, prefix, status, body, with_length=True):
        self.routes[prefix] = (status, body, with_length)

    def clock(self, heads):
        self.heads = heads
        self.set("/federation/v1/clock", 200, json.dumps(heads).encode())

    def mirror_push(self):
        """Push replies that take nothing and show its clock."""
        self.set("/federation/v1/push", 200, lambda: json.dumps(
            {"results": [], "heads": self.heads}).encode())

    def close(self):
        self.srv.shutdown()
        self.srv.server_close()


def hwm_kb(node):
    with open(f"/proc/{node.proc.pid}/status") as f:
        for line in f:
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    raise AssertionError("no VmHWM")


def peer_problems(node):
    _, _, st = node.get("/api/v1/sync/status")
    p = next(p for p in st["peers"] if p["name"] == "fake")
    return {x["code"]: x for x in p["problems"]}, st


def wait_problem(node, code, text=None):
    def seen():
        probs, _ = peer_problems(node)
        x = probs.get(code)
        return x if x and (text is None or text in x["detail"]) else None
    return until(seen, 30, f"peer problem {code} {text or ''}")


def wait_clear(node, code):
    until(lambda: code not in peer_problems(node)[0], 30, f"{code} clears")


def test_oversized_replies_and_impossible_clocks_are_peer_errors():
    fake = FakePeer()
    fed = Federation(["SE"])
    se = fed["SE"]
    key = os.path.join(fed.dir, "fake.key")
    out = subprocess.run([harness.CTL_BIN, "keygen", "--out", key, "--json"],
                         check=True, capture_output=True, text=True).stdout
    se.peers.append(("fake", f"http://127.0.0.1:{fake.port}",
                     json.loads(out)["public_key"], "NO"))
    try:
        fake.clock({})                      # holds nothing: SE may sign
        se.start(wait=True, writable=False)
        se.wait_writable(20)
        se.post("organisations", org("Före", "SE"))
        base = hwm_kb(se)

        # a 70 MB clock, announced, then streamed without a length
        fake.set("/federation/v1/clock", 200, (b" " * MB, 70))
        x = wait_problem(se, "reply_too_large", "clock reply")
        assert "16384 bytes" in x["detail"], x
        fake.set("/federation/v1/clock", 200, (b" " * MB, 70), False)
        fake.hits.clear()
        until(lambda: fake.hits.get("/federation/v1/clock", 0) >= 2, 30,
              "clock asked again")
        wait_problem(se, "reply_too_large", "clock reply")
        # it answers properly again: the error clears
        fake.clock({})
        wait_clear(se, "reply_too_large")

        # a 60 MB log page of one line, without a length
        fake.clock({"NO": {"seq": 5, "hash": HASH}})
        fake.set("/federation/v1/log/", 200, (b"x" * MB, 60), False)
        x = wait_problem(se, "reply_too_large", "log reply")
        assert f"{(1 << 20) + 256 * 1024 + 1} bytes" in x["detail"], x

        # a 70 MB push reply: it is sent SE's new entry
        fake.clock({})
        fake.set("/federation/v1/log/", 200, b"", True)
        fake.set("/federation/v1/push", 200, (b" " * MB, 70))
        se.post("organisations", org("Under", "SE"))
        wait_problem(se, "reply_too_large", "push reply")
        if not SAN:                         # ASan's shadow memory blurs RSS
            grown = hwm_kb(se) - base
            assert grown < 16 * 1024, f"peak RSS grew {grown} kB"

        # clocks that cannot be true: refused whole, shown, no lag taken
        fake.mirror_push()
        # a peer that takes nothing pushed and says so: no loop
        _, st = peer_problems(se)
        sent = next(p for p in st["peers"] if p["name"] == "fake")["pushes"]
        t_sent = time.time()
        x = wait_problem(se, "push_refused", "neither takes nor refuses")
        assert x["reason"] == "no_progress", x
        for heads, text in (
                ({"NO": {"seq": -1, "hash": HASH}}, "below 0"),
                ({"NO": {"seq": "7", "hash": HASH}}, "no integer seq"),
                ({"NO": {"seq": 1.5, "hash": HASH}}, "no integer seq"),
                ({"NO": {"seq": 2 ** 63 - 1, "hash": HASH}},
                 "more than any origin can have signed"),
                ({"NO": {"seq": 2 ** 53, "hash": HASH}},
                 "more than any origin can have signed"),
                ({"NO": {"seq": 3}}, "no entry hash")):
            fake.clock(heads)
            x = wait_problem(se, "bad_clock", text)
            _, st = peer_problems(se)
            assert st["origins"]["NO"]["lag"] <= 5, st["origins"]["NO"]
            assert st["origins"]["NO"]["best_known"] <= 5
        # its own log grown faster than any origin signs
        fake.clock({"NO": {"seq": 0}})
        wait_clear(se, "bad_clock")
        fake.clock({"NO": {"seq": 10 ** 12, "hash": HASH}})
        wait_problem(se, "bad_clock", "cannot have grown from 0")
        # a head its log does not back: misreporting, and no lag
        fake.set("/federation/v1/log/", 200, b"", True)
        fake.clock({"NO": {"seq": 50, "hash": HASH}})
        x = wait_problem(se, "misreporting")
        assert "claimed NO up to seq 50" in x["detail"], x
        assert "ends at seq 0" in x["detail"], x
        _, st = peer_problems(se)
        assert st["origins"]["NO"]["lag"] == 0, st["origins"]["NO"]
        rc = subprocess.run([harness.CTL_BIN, "status", "--url", se.url,
                             "--json"], capture_output=True, text=True)
        assert rc.returncode == 1, (rc.returncode, rc.stdout, rc.stderr)
        kinds = {p["kind"] for p in json.loads(rc.stdout)["problems"]}
        assert "misreporting" in kinds, kinds
        fake.clock({})
        wait_clear(se, "misreporting")
        wait_clear(se, "bad_clock")
        # pushes backed off all along: at the 2 s cap (the harness's
        # backoff_max_ms) at most about one a second, not one a reply
        _, st = peer_problems(se)
        spent = next(p for p in st["peers"] if p["name"] == "fake")[
            "pushes"] - sent
        assert spent <= (time.time() - t_sent) * 1.5 + 10, spent
        # one log line per peer and error a minute, not one per reply
        log = se.tail(400)
        assert log.count("breaks the protocol (reply_too_large)") <= 3, log
        assert se.running()
    finally:
        try:
            fed.stop()
        finally:
            fake.close()
