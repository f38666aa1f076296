"""Review of the catch-up held across loop turns (docs/storage.md,
"Catch-up: several pages a transaction"): pins behaviours worth keeping
that tests/integration/test_catchup.py does not reach.

- SIGTERM while pages are held: the clean stop commits them (sync_free,
  store_close), so the file holds at least every entry the node showed as
  applied, with the head, the entries and the peer's cursor agreeing (no
  cursor ahead of the entries it covers, no entry beyond it).
"""
from harness import Federation, FaultProxy
from test_catchup import PAGE, batch_write, db_state, head
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
