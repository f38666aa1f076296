"""Crash safety of the local write path: SIGKILL a node during a stream of
concurrent writes; on restart every acknowledged write is there, every
entry anyone saw is unchanged (no seq signed twice), and the chain holds."""
import hashlib
import json
import threading
import time

from harness import Federation, HTTPError


def entry_hash(e):
    """The protocol's entry hash: BLAKE2b-256 of the canonical header."""
    h = {k: v for k, v in e.items() if k not in ("sig", "body")}
    b = json.dumps(h, sort_keys=True, separators=(",", ":"),
                   ensure_ascii=False).encode()
    return hashlib.blake2b(b, digest_size=32).hexdigest()


def read_log(n, origin="SE"):
    out, after = [], 0
    for _ in range(1000):
        s, _, text = n.get(f"/federation/v1/log/{origin}?after={after}"
                           "&limit=1000", raw=True)
        assert s == 200
        got = [json.loads(x) for x in text.decode().splitlines()]
        if not got:
            return out
        out += got
        after = got[-1]["seq"]
    raise AssertionError("log did not end")


def check_chain(entries):
    prev = "0" * 64
    for i, e in enumerate(entries):
        assert e["seq"] == i + 1, (i, e["seq"])
        assert e["prev"] == prev, f"seq {e['seq']}: prev does not link"
        prev = entry_hash(e)


def test_sigkill_during_writes_loses_nothing():
    fed = Federation(["SE"])
    n = fed["SE"]
    n.start()
    acked = {}
    observed = {}
    stop = threading.Event()
    lock = threading.Lock()

    def writer(k):
        for i in range(5000):
            if stop.is_set():
                return
            body = {"name": f"Krasch {k}-{i} Ärla", "classification":
                    "association", "country": "SE"}
            try:
                b = n.post("organisations", body)
            except (OSError, HTTPError):
                return                       # the node died under us
            with lock:
                acked[b["id"]] = (b["seq"], body["name"])

    def reader():
        after = 0
        while not stop.is_set():
            try:
                s, _, text = n.get(f"/federation/v1/log/SE?after={after}"
                                   "&limit=1000", raw=True, timeout=2)
            except OSError:
                return
            for line in text.decode().splitlines():
                e = json.loads(line)
                observed[e["seq"]] = entry_hash(e)
                after = e["seq"]

    threads = [threading.Thread(target=writer, args=(k,)) for k in range(8)]
    threads.append(threading.Thread(target=reader))
    for t in threads:
        t.start()
    time.sleep(1.5)
    n.kill()                                 # SIGKILL mid-stream
    stop.set()
    for t in threads:
        t.join(15)
        assert not t.is_alive()
    assert len(acked) > 20, "too few writes acknowledged to mean anything"

    n.start()
    entries = read_log(n)
    check_chain(entries)
    by_seq = {e["seq"]: e for e in entries}
    for rid, (seq, name) in acked.items():
        assert seq in by_seq, f"acknowledged seq {seq} lost"
        assert by_seq[seq]["id"] == rid
        s, _, b = n.get(f"/api/v1/organisations/{rid}")
        assert s == 200 and b["body"]["name"] == name and b["seq"] == seq
    for seq, h in observed.items():
        assert seq in by_seq, f"seen seq {seq} vanished"
        assert entry_hash(by_seq[seq]) == h, f"seq {seq} signed twice"
    # the log goes on from where it stood
    head = len(entries)
    b = n.post("organisations", {"name": "Efter kraschen", "classification":
                                 "association", "country": "SE"})
    assert b["seq"] == head + 1
    check_chain(read_log(n))
    fed.stop()
