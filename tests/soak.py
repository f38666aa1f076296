#!/usr/bin/env python3
"""make soak: the HTTP edge's attacks (tests/attacks.py) for minutes against
one node under normal read and write load, and the figures that say whether
it held: requests served, a probe GET's p50/p99, peak RSS, connections the
node closed for cause, and acknowledged writes lost (must be 0).

    python3 tests/soak.py [--seconds N]     (default 180, or $SOAK_SECONDS)

Not part of `make test`: it measures, it does not assert timings. It exits
1 when an acknowledged write is missing, the node died, or the probe never
got an answer; 0 otherwise. Servers and load share the machine: the node
is pinned to CPU 0 and the load to the others when taskset exists.
"""
import argparse
import os
import re
import shutil
import sys
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

import attacks                                  # noqa: E402
import harness                                  # noqa: E402
from harness import Federation, request         # noqa: E402


def org(i):
    return {"name": f"Soak förening {i}", "classification": "association",
            "country": "SE", "focus_areas": ["volunteering"],
            "description": {"en": f"written by the soak, number {i}"}}


class Stats:
    def __init__(self):
        self.lock = threading.Lock()
        self.served = 0
        self.failed = 0
        self.acked = []
        self.write_errors = 0
        self.probe_ms = []
        self.probe_failures = 0
        self.attacks = {}

    def add(self, field, n=1):
        with self.lock:
            setattr(self, field, getattr(self, field) + n)


def reader(n, st, stop):
    paths = ["/api/v1/node", "/api/v1/organisations?limit=20",
             "/api/v1/search?q=soak", "/api/v1/sync/status"]
    i = 0
    while not stop.is_set():
        try:
            s, _, _ = request("GET", n.url + paths[i % len(paths)], timeout=10)
            st.add("served" if s == 200 else "failed")
        except OSError:
            st.add("failed")
        i += 1


def writer(n, st, stop):
    i = 0
    while not stop.is_set():
        try:
            s, _, b = request("POST", n.url + "/api/v1/organisations",
                              org(i), token=n.token, timeout=10)
            if s == 201:
                with st.lock:
                    st.acked.append(b["id"])
                    st.served += 1
            else:
                st.add("write_errors")
        except OSError:
            st.add("write_errors")
        i += 1


def prober(n, st, stop):
    while not stop.is_set():
        t0 = time.monotonic()
        try:
            s, _, _ = request("GET", n.url + "/healthz", timeout=10)
            ok = s == 200
        except OSError:
            ok = False
        ms = (time.monotonic() - t0) * 1000
        with st.lock:
            if ok:
                st.probe_ms.append(ms)
            else:
                st.probe_failures += 1
        stop.wait(0.1)


def attacker(n, st, stop):
    rounds = [
        ("smuggling", lambda: [attacks.exchange(n.port, p, timeout=5)
                               for _, p, _ in attacks.SMUGGLING]),
        ("methods", lambda: [attacks.exchange(n.port, p, timeout=5)
                             for _, p, s in attacks.METHODS if s != 405]),
        ("malformed", lambda: [attacks.exchange(n.port, p, timeout=5)
                               for _, p, _ in attacks.MALFORMED]),
        ("huge body", lambda: attacks.huge_body(n.port, seconds=3)),
        ("drip headers", lambda: attacks.drip_headers(n.port, 1.0, 12, 15)),
        ("drip body", lambda: attacks.drip_body(n.port, 1.0, 12, 15)),
        ("idle sockets", lambda: idle_burst(n, stop)),
        ("slow readers", lambda: slow_burst(n, stop)),
    ]
    i = 0
    while not stop.is_set():
        name, fn = rounds[i % len(rounds)]
        try:
            fn()
        except OSError:
            pass
        with st.lock:
            st.attacks[name] = st.attacks.get(name, 0) + 1
        i += 1


def idle_burst(n, stop):
    socks = attacks.idle_sockets(n.port, 300)
    stop.wait(2)
    for s in socks:
        s.close()


def slow_burst(n, stop):
    # the largest reply a client can ask for: a 1,000-entry log page
    socks = attacks.slow_readers(n.port, 200,
                                 "/federation/v1/log/SE?after=0&limit=1000")
    stop.wait(3)
    for s in socks:
        s.close()


def rss_kb(pid, field):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith(field + ":"):
                return int(line.split()[1])
    return 0


def pct(xs, p):
    if not xs:
        return float("nan")
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(len(xs) * p))]


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--seconds", type=int,
                    default=int(os.environ.get("SOAK_SECONDS", "180")))
    a = ap.parse_args()

    fed = Federation(["SE"], pull_ms=60000)
    n = fed["SE"]
    n.extra_conf = "\n[limits]\nrequest_timeout_s = 5\n"
    n.start()
    taskset = shutil.which("taskset") and os.cpu_count() > 1
    if taskset:
        os.sched_setaffinity(n.proc.pid, {0})
        os.sched_setaffinity(0, set(range(1, os.cpu_count())))
    st = Stats()
    stop = threading.Event()
    threads = [threading.Thread(target=f, args=(n, st, stop), daemon=True)
               for f in (reader, reader, writer, prober, attacker, attacker)]
    print(f"soak: one node on 127.0.0.1:{n.port}, {a.seconds} s of readers, "
          f"a writer, a probe and two attackers"
          f"{' (node on CPU 0, load on the rest)' if taskset else ''}")
    t0 = time.monotonic()
    for t in threads:
        t.start()
    peak = 0
    ok = True
    try:
        while time.monotonic() - t0 < a.seconds:
            time.sleep(1)
            if n.proc.poll() is not None:
                print("soak: the node died:", n.tail())
                ok = False
                break
            peak = max(peak, rss_kb(n.proc.pid, "VmRSS"))
            el = int(time.monotonic() - t0)
            if el % 30 == 0:
                with st.lock:
                    print(f"soak: {el:4d} s  served {st.served:,}  "
                          f"writes {len(st.acked):,}  RSS {peak / 1024:.1f} MB",
                          flush=True)
    finally:
        stop.set()
        for t in threads:
            t.join(timeout=30)
    lost = 0
    if ok:
        hwm = rss_kb(n.proc.pid, "VmHWM")
        peak = max(peak, hwm)
        s, _, text = request("GET", n.url + "/metrics", raw=True)
        closed = dict(re.findall(
            r'nordfed_http_closed_total\{reason="(\w+)"\} (\d+)',
            text.decode()))
        for rid in st.acked:
            s, _, _ = request("GET", n.url + "/api/v1/organisations/" + rid)
            if s != 200:
                lost += 1
    fed.stop()
    print()
    print(f"requests served          {st.served:,} ({st.failed:,} failed "
          f"reads, {st.write_errors:,} failed writes)")
    print(f"probe GET /healthz       p50 {pct(st.probe_ms, 0.5):.1f} ms, "
          f"p99 {pct(st.probe_ms, 0.99):.1f} ms over {len(st.probe_ms):,} "
          f"probes, {st.probe_failures} failed")
    print(f"peak RSS                 {peak / 1024:.1f} MB")
    if ok:
        print("closed for cause         " +
              ", ".join(f"{k} {v}" for k, v in sorted(closed.items())))
    print("attack rounds            " +
          ", ".join(f"{k} {v}" for k, v in sorted(st.attacks.items())))
    print(f"acknowledged writes      {len(st.acked):,}, lost {lost}")
    if not ok or lost or not st.probe_ms:
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
