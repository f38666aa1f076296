"""Catch-up applies several log pages in one store transaction (issue 13,
docs/storage.md "Catch-up: several pages a transaction"), on real nodes:
a fresh node catching up a log of several pages ends identical to its
source, with fewer store transactions than pages; a fork in the middle of
a held batch is found, proven and quarantined as it would be page by
page; a SIGKILL while pages are held loses only what was not committed,
never half of a batch, and the restarted node converges; with several
peers holding the log, a fresh node pulls it from one at a time.

The source SE has no peers, so nothing but the pull reaches the fresh
node NO (a push from SE would commit the held pages early)."""
import http.server
import json
import re
import sqlite3
import subprocess
import threading

import harness
from harness import Federation, FaultProxy
from test_durability import check_chain, entry_hash, read_log
from test_federation import org, sign
from test_recovery import until

PAGE = 1000          # entries of a full log page (SYNC_BATCH_MAX)
HOLD = 4000          # entries a held transaction takes (SYNC_HOLD_ENTRIES)


def batch_write(node, n, prefix):
    """n organisations of node's country, 1,000 a POST /api/v1/batch."""
    cc = node.country.lower()
    for start in range(0, n, 1000):
        lines = [json.dumps({"id": f"{cc}:org:01JG{prefix}{k:021d}",
                             "body": org(f"Förening {prefix} {k}",
                                         node.country)},
                            ensure_ascii=False)
                 for k in range(start, min(n, start + 1000))]
        s, _, b = node.call("POST", "/api/v1/batch",
                            ("\n".join(lines) + "\n").encode(),
                            ctype="application/x-ndjson", timeout=120)
        assert s == 200 and b["created"] == len(lines), b


def metric(node, name):
    _, _, m = node.get("/metrics", raw=True)
    found = re.findall(rb"^" + name.encode() + rb" (\d+)$", m, re.M)
    assert len(found) == 1, (name, m[-2000:])
    return int(found[0])


def head(node, origin="SE"):
    """The committed head (GET /api/v1/node reads the heads table)."""
    _, _, b = node.get("/api/v1/node")
    return b["heads"].get(origin, {}).get("seq", 0)


def written_log(se, n, prefix):
    """SE writes n organisations and stops: its log as canonical lines,
    and its clock, for a stand-in to serve."""
    batch_write(se, n, prefix)
    lines = [json.dumps(e, sort_keys=True, separators=(",", ":"),
                        ensure_ascii=False) for e in read_log(se)]
    clock = se.get("/federation/v1/clock")[2]
    se.stop()
    return lines, clock


def page(lines):
    """A log page as a peer sends it (JSON lines)."""
    return ("\n".join(lines) + "\n").encode()


def pair(peer_url_of_se=None):
    """SE with no peers; NO pulling from SE (or from peer_url_of_se)."""
    fed = Federation(["SE", "NO"], pull_ms=300)
    se, no = fed["SE"], fed["NO"]
    se.peers = []
    no.peers = [("se", peer_url_of_se or se.url, se.pubkey, "SE")]
    return fed, se, no


def test_fresh_node_catches_up_several_pages_a_transaction():
    total = 5 * PAGE + 500          # 6 pages: 4 in one transaction, 2 in one
    fed, se, no = pair()
    try:
        se.start()
        batch_write(se, total, "A")
        src = se.digest()
        no.start()
        until(lambda: head(no) == total, 180, "NO catches up SE")
        assert no.digest() == src
        assert no.get("/federation/v1/clock")[2]["SE"] == \
            se.get("/federation/v1/clock")[2]["SE"]
        log = read_log(no)
        check_chain(log)
        assert log == read_log(se)
        pages = metric(no, "nordfed_sync_pull_pages_total")
        txs = metric(no, "nordfed_sync_pull_transactions_total")
        assert pages == 6, pages
        # page by page this would be 6; several pages share one commit
        # (2 when nothing else wrote meanwhile: 4,000 + 1,500)
        assert -(-total // HOLD) <= txs < pages, (txs, pages)
        _, _, st = no.get("/api/v1/sync/status")
        assert st["entries"]["accepted"] == total
        assert st["entries"]["rejected"] == 0 and st["entries"]["gap"] == 0
    finally:
        fed.stop()


def test_a_fresh_node_pulls_each_log_from_one_peer_at_a_time():
    """Three peers hold SE's log; a fresh FI pulls it from one of them at a
    time (sync_int.h, SYNC_PULL_SHARE_MS), not from all three at once:
    each entry is fetched and verified about once, and the held apply is
    not broken into a commit per page. Before, 4 peers fetched 1.4
    duplicates per entry and FI caught up at half the speed."""
    total = 5 * PAGE
    fed = Federation(["SE", "NO", "DK", "FI"], pull_ms=300)
    try:
        fed.start()
        fi = fed["FI"]
        fi.stop()
        batch_write(fed["SE"], total, "M")
        for cc in ("NO", "DK"):
            until(lambda: head(fed[cc]) == total, 180, f"{cc} has SE's log")
        fi.start()
        until(lambda: head(fi) == total, 180, "FI catches up SE")
        assert fi.digest() == fed["SE"].digest()
        _, _, m = fi.get("/metrics", raw=True)
        dup = int(re.search(rb'^nordfed_sync_entries_total\{result='
                            rb'"duplicate"\} (\d+)$', m, re.M).group(1))
        # what the pull fetched twice: at most the pushes and relays
        # of one batch each, never a second copy of the log
        assert dup < PAGE, dup
        assert metric(fi, "nordfed_sync_pulls_left_total") > 0
        pages = metric(fi, "nordfed_sync_pull_pages_total")
        txs = metric(fi, "nordfed_sync_pull_transactions_total")
        assert pages >= total // PAGE and txs < pages, (pages, txs)
    finally:
        fed.stop()


def test_resync_from_an_old_seq_compares_every_page_up_to_the_head():
    """nordfedctl resync --from asks for the entries from seq on again,
    held ones coming back as duplicates: every page of them up to the
    head, not the first only (a page of duplicates makes no progress,
    which ended the origin after one page)."""
    total = 2 * PAGE + 500
    fed, se, no = pair()
    try:
        se.start()
        batch_write(se, total, "R")
        no.start()
        until(lambda: head(no) == total, 180, "NO catches up SE")

        def dup():
            _, _, st = no.get("/api/v1/sync/status")
            return st["entries"]["duplicate"]
        before = dup()
        s, _, b = no.call("POST", "/api/v1/admin/resync",
                          {"origin": "SE", "from": 1, "peer": "se"})
        assert s == 202 and b["peers"][0]["after"] == 0, b
        until(lambda: dup() - before == total, 60,
              "every held entry of SE compared again")
        assert head(no) == total and no.digest() == se.digest()
    finally:
        fed.stop()


class LogPeer:
    """A stand-in for SE's node that serves a clock and, for each after=,
    a prepared log page (JSON lines); anything else is 404."""

    def __init__(self, clock, pages):
        self.clock, self.pages, self.asked = clock, pages, []
        peer = self

        class H(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *a):
                pass

            def do_GET(self):
                path, _, query = self.path.partition("?")
                q = dict(x.split("=", 1) for x in query.split("&") if x)
                if path == "/federation/v1/clock":
                    status, body = 200, json.dumps(peer.clock).encode()
                elif path == "/federation/v1/log/SE":
                    after = int(q.get("after", "0"))
                    peer.asked.append(after)
                    status, body = 200, peer.pages.get(after, b"")
                else:
                    status, body = 404, b"{}"
                self.send_response(status)
                self.send_header("Content-Type", "application/x-ndjson"
                                 if status == 200 else "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def do_POST(self):
                n = int(self.headers.get("Content-Length") or 0)
                if n:
                    self.rfile.read(n)
                self.send_response(404)
                self.send_header("Content-Length", "2")
                self.end_headers()
                self.wfile.write(b"{}")

        self.srv = http.server.ThreadingHTTPServer(("127.0.0.1", 0), H)
        self.srv.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.srv.server_address[1]}"
        threading.Thread(target=self.srv.serve_forever, daemon=True).start()

    def close(self):
        self.srv.shutdown()
        self.srv.server_close()


def test_fork_in_the_middle_of_a_held_batch():
    """Pages 1 and 2 (seq 1-2,000) are held in one open transaction; page
    3 (1,000 lines) starts with another entry SE signed with seq 1,500,
    then seq 2,001-2,999. The fork is
    found against the held entry, both pages are committed, the proof
    holds the held entry and the other one, SE is quarantined, and the
    rest of page 3 is refused: as page by page."""
    fed = Federation(["SE", "NO"], pull_ms=300)
    se, no = fed["SE"], fed["NO"]
    se.peers = []
    peer = None
    try:
        se.start()
        lines, clock = written_log(se, 3 * PAGE, "F")
        log = [json.loads(x) for x in lines]
        evil = sign(se.key_file, "SE", 1500, entry_hash(log[1498]),
                    "se:org:01JG0000000000000000000EVX", org("Kopia", "SE"))
        assert entry_hash(json.loads(evil)) != entry_hash(log[1499])

        peer = LogPeer({"SE": clock["SE"]}, {
            0: page(lines[:PAGE]), PAGE: page(lines[PAGE:2 * PAGE]),
            2 * PAGE: page([evil] + lines[2 * PAGE:3 * PAGE - 1])})
        no.peers = [("se", peer.url, se.pubkey, "SE")]
        no.start()

        def quarantined():
            _, _, st = no.get("/api/v1/sync/status")
            return st if st["origins"]["SE"]["quarantined"] else None
        st = until(quarantined, 120, "NO quarantines SE")
        assert peer.asked[:3] == [0, PAGE, 2 * PAGE], peer.asked
        assert st["origins"]["SE"]["head"] == 2 * PAGE
        assert head(no) == 2 * PAGE          # committed, not only held
        assert st["entries"]["accepted"] == 2 * PAGE
        assert st["entries"]["fork"] == 1
        assert st["entries"]["rejected_by_reason"].get("after_gap") == \
            PAGE - 1
        forks = [f for f in st["forks"] if f["origin"] == "SE"]
        assert len(forks) == 1 and forks[0]["seq"] == 1500, forks
        proof = forks[0]["proof"]
        hashes = {entry_hash(proof["a"]), entry_hash(proof["b"])}
        assert hashes == {entry_hash(log[1499]),
                          entry_hash(json.loads(evil))}, proof
        # pages 1 and 2 went in one transaction, found the fork held
        assert metric(no, "nordfed_sync_pull_pages_total") == 2
        assert metric(no, "nordfed_sync_pull_transactions_total") == 1
        got = read_log(no)
        assert len(got) == 2 * PAGE
        check_chain(got)
        assert got == log[:2 * PAGE]
    finally:
        if peer is not None:
            peer.close()
        fed.stop()


def db_state(node, peer="se", origin="SE"):
    """head_seq, entries held and the peer's cursor of origin, read from
    the database of a node that is not running."""
    db = sqlite3.connect(node.db)
    try:
        row = db.execute("SELECT oid, head_seq FROM origins WHERE origin=?",
                         (origin,)).fetchone()
        if row is None:
            return 0, 0, 0
        oid, hs = row
        n = db.execute("SELECT count(*) FROM entries WHERE eid >> 40 = ?",
                       (oid,)).fetchone()[0]
        cur = db.execute("SELECT seq FROM peer_cursors WHERE peer=? AND "
                         "origin=?", (peer, origin)).fetchone()
        return hs, n, cur[0] if cur else 0
    finally:
        db.close()


def test_sigkill_while_pages_are_held_then_restart_converges():
    """NO pulls 9,000 entries through a proxy that slows each chunk, so
    it is still catching up when its first held batch (4,000) commits;
    then it is SIGKILLed. Its database holds exactly what was committed
    (head, entries and cursor agree; the held pages are wholly gone, not
    half), at least what was seen committed, and after a restart it
    converges with SE."""
    total = 9 * PAGE
    fed = Federation(["SE", "NO"], pull_ms=300)
    se, no = fed["SE"], fed["NO"]
    se.peers = []
    px = FaultProxy(se.port)
    no.peers = [("se", f"http://127.0.0.1:{px.port}", se.pubkey, "SE")]
    try:
        se.start()
        batch_write(se, total, "K")
        src = se.digest()
        px.set("delay", 0.05)
        no.start()
        seen = until(lambda: head(no) or None, 180, "NO's first commit")
        no.kill()
        assert 0 < seen < total, seen
        hs, n, cur = db_state(no)
        assert hs == n == cur, (hs, n, cur)
        assert seen <= hs < total, (seen, hs)
        px.set("pass")
        no.start()
        until(lambda: head(no) == total, 180, "NO catches up after the kill")
        assert no.digest() == src
        got = read_log(no)
        check_chain(got)
        assert got == read_log(se)
    finally:
        fed.stop()
        px.close()
