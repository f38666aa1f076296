#!/usr/bin/env python3
"""make run: a local federation of the eight national nodes on 127.0.0.1.

Each node gets its own directory under run/ (key, token, config,
database), every other node's key pinned, and its own country's sample
data (tests/sample). It waits until every node holds every country's
data, prints where to look and a status line per node, and stops all
nodes on Ctrl-C. A second `make run` reuses run/ (keys and data).
"""
import os
import signal
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness  # noqa: E402

PORTS = {cc: 8471 + i for i, cc in enumerate(harness.ALL)}


def status_line(n):
    s, _, st = n.get("/api/v1/sync/status")
    _, _, node = n.get("/api/v1/node")
    up = sum(1 for p in st["peers"] if p["reachable"])
    lag = sum(o["lag"] for o in st["origins"].values())
    q = [cc for cc, o in st["origins"].items() if o["quarantined"]]
    recs = sum(node["counts"]["types"].values())
    return (f"{n.country}  {n.url:24}  records {recs:5}  peers up {up}/"
            f"{len(st['peers'])}  lag {lag}" +
            (f"  QUARANTINED {','.join(q)}" if q else ""))


def run():
    base = os.path.join(harness.ROOT, "run")
    for cc, port in PORTS.items():
        try:
            import socket
            with socket.socket() as s:
                s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
                s.bind(("127.0.0.1", port))
        except OSError:
            sys.exit(f"make run: port {port} (for {cc}) is in use; "
                     "is another `make run` still going?")
    fed = harness.Federation(harness.ALL, base_dir=base, ports=PORTS,
                             pull_ms=1000)
    stopping = []
    signal.signal(signal.SIGINT, lambda *a: stopping.append(1))
    signal.signal(signal.SIGTERM, lambda *a: stopping.append(1))
    print(f"make run: starting {len(fed.nodes)} nodes in {base}")
    fed.start()
    try:
        t0 = time.time()
        loaded = 0
        for n in fed.nodes.values():
            _, _, node = n.get("/api/v1/node")
            if node["heads"].get(n.country, {}).get("seq", 0) == 0:
                loaded += harness.load_sample(n)
        print(f"make run: loaded {loaded} sample records; waiting for "
              "every node to hold every country's data...")
        d = fed.wait_converged(120)
        print(f"make run: converged in {time.time() - t0:.1f}s: every node "
              f"holds {d['record_count']} records, {d['entries']} log "
              f"entries, state digest {d['records'][:16]}\n")
        for n in fed.nodes.values():
            print("  " + status_line(n))
        se = fed["SE"]
        print(f"""
Browse:     {se.url}/            (any node; SE {se.url}, NO {fed['NO'].url}, ...)
API:        curl -s {se.url}/api/v1/node
            curl -s '{se.url}/api/v1/organisations?country=FI&lang=en&limit=5'
            curl -s '{se.url}/api/v1/search?q=tromso'
Sync:       curl -s {se.url}/api/v1/sync/status
Write (SE): curl -s -H 'Authorization: Bearer {se.token}' \\
              -H 'Content-Type: application/json' \\
              -d '{{"name":"Ny förening","classification":"association","country":"SE"}}' \\
              {se.url}/api/v1/organisations
Logs:       {base}/<country>/node.log
Ctrl-C stops all nodes.""")
        sys.stdout.flush()
        while not stopping:
            time.sleep(0.2)
            for n in fed.nodes.values():
                if not n.running():
                    print(f"make run: {n.country} exited:\n{n.tail()}")
                    stopping.append(1)
    finally:
        print("\nmake run: stopping all nodes")
        fed.stop()


if __name__ == "__main__":
    if sys.argv[1:] != ["run"]:
        sys.exit("usage: federation.py run")
    run()
