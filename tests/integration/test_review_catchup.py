"""Review of the catch-up held across loop turns (docs/storage.md,
"Catch-up: several pages a transaction"): pins behaviours worth keeping
that tests/integration/test_catchup.py does not reach.

- SIGTERM while pages are held: the clean stop commits them (sync_free,
  store_close), so the file holds at least every entry the node showed as
  applied, with the head, the entries and the peer's cursor agreeing (no
  cursor ahead of the entries it covers, no entry beyond it).
- two peers serving the same origin (a pull round leaves an origin to the
  peer already fetching it, SYNC_PULL_SHARE_MS; before that, the other
  peer's pages came as duplicates, each committing the first one's held
  apply early): a SIGKILL in the middle leaves head and entries agreeing,
  neither peer's cursor ahead of them and one of them at the head, and
  the node converges after a restart.
"""
from harness import Federation, FaultProxy
from test_catchup import PAGE, batch_write, db_state, head, metric
from test_durability import check_chain, read_log
from test_recovery import until


def applied(node, origin="SE"):
    """The head as the sync module sees it: the held apply included."""
    _, _, st = node.get("/api/v1/sync/status")
    return st["origins"][origin]["head"]


def test_sigterm_while_pages_are_held_commits_them():
    total = 6 * PAGE
    fed = Federation(["SE", "NO"], pull_ms=300)
    se, no = fed["SE"], fed["NO"]
    se.peers = []
    px = FaultProxy(se.port)
    no.peers = [("se", f"http://127.0.0.1:{px.port}", se.pubkey, "SE")]
    try:
        se.start()
        batch_write(se, total, "T")
        px.set("delay", 0.05)
        no.start()

        def held():
            a, c = applied(no), head(no)
            return (a, c) if a > c else None
        # pages applied and held, not committed yet
        seen, committed = until(held, 180, "NO holds pulled pages")
        assert 0 <= committed < seen < total, (committed, seen)
        assert no.stop() == 0
        hs, n, cur = db_state(no)
        # the clean stop committed what was held, whole, with the cursor
        assert hs == n == cur, (hs, n, cur)
        assert seen <= hs <= total, (seen, hs)
        px.set("pass")
        no.start()
        until(lambda: head(no) == total, 180, "NO catches up after the stop")
        got = read_log(no)
        check_chain(got)
        assert got == read_log(se)
    finally:
        fed.stop()
        px.close()


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
        # both peers' pages have been applied before the kill
        until(lambda: (metric(no, "nordfed_sync_pull_pages_total") >= 4 and
                       head(no) > 0) or None, 180, "NO pulls from both")
        no.kill()
        hs, n, cur_se = db_state(no, "se")
        _, _, cur_dk = db_state(no, "dk")
        assert hs == n, (hs, n)
        assert 0 < hs < total, hs
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
