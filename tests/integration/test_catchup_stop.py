"""The catch-up held across loop turns (docs/storage.md,
"Catch-up: several pages a transaction"): pins behaviours worth keeping
that tests/integration/test_catchup.py does not reach.

- SIGTERM while pages are held: the clean stop commits them (sync_free,
  store_close), so the file holds every entry the node showed as applied,
  with the head, the entries and the peer's cursor agreeing (no cursor
  ahead of the entries it covers, no entry beyond it).
- two peers serving the same origin (a pull round leaves an origin to the
  peer already fetching it, SYNC_PULL_SHARE_MS; before that, the other
  peer's pages came as duplicates, each committing the first one's held
  apply early): a SIGKILL in the middle leaves head and entries agreeing,
  neither peer's cursor ahead of them and one of them at the head, and
  the node converges after a restart.
"""
import json
import threading

from harness import Federation, FaultProxy
from test_catchup import PAGE, LogPeer, batch_write, db_state, head, \
    page, written_log
from test_durability import check_chain, read_log
from test_recovery import until


class GatedLogPeer(LogPeer):
    """A LogPeer whose page after=`gate` is answered only once open() is
    called (at most 60 s later): the node has the pages before it applied
    and held, and its next request on its way, for as long as the test
    needs."""

    def __init__(self, clock, pages, gate):
        self.gate, self.opened = gate, threading.Event()
        super().__init__(clock, pages)
        inner = self.pages

        class Pages(dict):
            def get(self_, after, default=None):
                if after == gate:
                    self.opened.wait(60)
                return inner.get(after, default)
        self.pages = Pages(inner)

    def open(self):
        self.opened.set()


def applied(node, origin="SE"):
    """The head as the sync module sees it: the held apply included."""
    _, _, st = node.get("/api/v1/sync/status")
    return st["origins"][origin]["head"]


def test_sigterm_while_pages_are_held_commits_them():
    """NO pulls SE's 3,000 entries from a stand-in that answers the third
    page only when told: pages 1 and 2 are applied and held, the request
    for page 3 on its way. SIGTERM then: the file holds both pages, with
    head, entries and cursor agreeing; after a restart NO converges."""
    fed = Federation(["SE", "NO"], pull_ms=300)
    se, no = fed["SE"], fed["NO"]
    se.peers = []
    peer = None
    try:
        se.start()
        lines, clock = written_log(se, 3 * PAGE, "T")
        peer = GatedLogPeer({"SE": clock["SE"]}, {
            0: page(lines[:PAGE]), PAGE: page(lines[PAGE:2 * PAGE]),
            2 * PAGE: page(lines[2 * PAGE:])}, 2 * PAGE)
        no.peers = [("se", peer.url, se.pubkey, "SE")]
        no.start()

        def held():
            a, c = applied(no), head(no)
            return (a, c) if a == 2 * PAGE else None
        seen, committed = until(held, 120, "NO holds two pages")
        # nothing of them committed yet: the pull has more on its way
        assert committed == 0, committed
        assert no.stop() == 0
        hs, n, cur = db_state(no)
        # the clean stop committed what was held, whole, with the cursor
        assert hs == n == cur == 2 * PAGE, (hs, n, cur)
        peer.open()
        no.start()
        until(lambda: head(no) == 3 * PAGE, 120, "NO catches up after the "
              "stop")
        got = read_log(no)
        check_chain(got)
        assert got == [json.loads(x) for x in lines]
    finally:
        if peer is not None:
            peer.open()
            peer.close()
        fed.stop()


def test_two_peers_pulling_one_origin_at_once_then_sigkill():
    total = 6 * PAGE
    fed = Federation(["SE", "DK", "NO"], pull_ms=300)
    se, dk, no = fed["SE"], fed["DK"], fed["NO"]
    se.peers = []
    dk.peers = [("se", se.url, se.pubkey, "SE")]
    pse, pdk = FaultProxy(se.port), FaultProxy(dk.port)
    no.peers = [("se", f"http://127.0.0.1:{pse.port}", se.pubkey, "SE"),
                ("dk", f"http://127.0.0.1:{pdk.port}", dk.pubkey, "DK")]
    try:
        se.start()
        batch_write(se, total, "W")
        dk.start()
        until(lambda: head(dk) == total, 180, "DK holds SE's log")
        pse.set("delay", 0.05)
        pdk.set("delay", 0.05)
        no.start()
        # killed at the first commit seen, wherever the pull is then
        until(lambda: head(no) > 0 or None, 180, "NO's first commit")
        no.kill()
        hs, n, cur_se = db_state(no, "se")
        _, _, cur_dk = db_state(no, "dk")
        assert hs == n, (hs, n)
        assert 0 < hs <= total, hs
        assert cur_se <= hs and cur_dk <= hs, (hs, cur_se, cur_dk)
        assert max(cur_se, cur_dk) == hs, (hs, cur_se, cur_dk)
        pse.set("pass")
        pdk.set("pass")
        no.start()
        until(lambda: head(no) == total, 180, "NO catches up after the kill")
        got = read_log(no)
        check_chain(got)
        assert got == read_log(se)
    finally:
        fed.stop()
        pse.close()
        pdk.close()
