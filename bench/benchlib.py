"""Helpers of the benchmark driver (bench/bench.py) and the peers
(bench/peers.py): CPU pinning, statistics, the load generators (wrk, or a
Python stand-in when wrk is missing), memory samplers and the convergence
poller. Python standard library only."""
import os
import random
import re
import selectors
import shutil
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.parse

NCPU = os.cpu_count() or 1
SERVER_CPU = "0"
CLIENT_CPU = "1" if NCPU > 1 else "0"
ALL_CPUS = "0-%d" % (NCPU - 1)

# ---- small helpers ---------------------------------------------------------

def log(*a):
    print(*a, file=sys.stderr, flush=True)


def median(xs):
    return statistics.median(xs) if xs else None


def pair_ratio(values, refs):
    """Median of the per-pair ratios: each node run follows its reference
    run, so a drift of the machine cancels within a pair."""
    return median([v / r for v, r in zip(values, refs) if r])


def pct(xs, p):
    """Nearest-rank percentile, p in 0..100."""
    if not xs:
        return None
    s = sorted(xs)
    k = max(1, int(round(p / 100.0 * len(s) + 0.5)))
    return s[min(k, len(s)) - 1]


def sh(cmd, cpu=None, timeout=600, **kw):
    if cpu is not None:
        cmd = ["taskset", "-c", cpu] + cmd
    return subprocess.run(cmd, check=True, capture_output=True, text=True,
                          timeout=timeout, **kw)


def rss_kb(pid, field="VmRSS"):
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith(field + ":"):
                    return int(line.split()[1])
    except OSError:
        pass
    return None


_ULID = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"


def make_id(cc, kind="org"):
    """A fresh record id cc:kind:ULID (ms time + 80 random bits)."""
    n = (int(time.time() * 1000) << 80) | random.getrandbits(80)
    s = "".join(_ULID[(n >> (5 * i)) & 31] for i in range(25, -1, -1))
    return f"{cc.lower()}:{kind}:{s}"


# ---- load generators -------------------------------------------------------

def have(tool):
    """The tool's path, or None; BENCH_WITHOUT="wrk nginx" pretends they
    are missing (to try the stand-ins)."""
    if tool in os.environ.get("BENCH_WITHOUT", "").split():
        return None
    return shutil.which(tool) or (os.path.exists(f"/usr/sbin/{tool}") and
                                  f"/usr/sbin/{tool}")


def wrk(url, seconds, conns, script=None, sampler=None):
    """wrk -t1 -cN -dS on the client CPU; req/s, non-2xx count."""
    cmd = ["taskset", "-c", CLIENT_CPU, "wrk", "-t1", f"-c{conns}",
           f"-d{seconds}s", "--latency", "--timeout", "5s"]
    if script:
        cmd += ["-s", script]
    cmd.append(url)
    p = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                         text=True)
    if sampler:
        sampler(p)
    out, err = p.communicate(timeout=seconds + 60)
    if p.returncode != 0:
        raise RuntimeError(f"wrk failed: {err or out}")
    m = re.search(r"Requests/sec:\s+([\d.]+)", out)
    bad = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", out)
    errs = re.search(r"Socket errors:(.*)", out)
    lat = re.search(r"^\s+50%\s+(\S+)\s*$", out, re.M)
    return {"rps": float(m.group(1)), "non2xx": int(bad.group(1)) if bad
            else 0, "socket_errors": errs.group(1).strip() if errs else "",
            "p50": lat.group(1) if lat else None, "tool": "wrk"}


def py_load(url, seconds, conns, method="GET", body=None, headers=None,
            sampler=None):
    """Fallback when wrk is not installed (the quick tier): keep-alive
    clients on threads. Much slower than wrk; only for the code path."""
    import http.client
    u = urllib.parse.urlsplit(url)
    end = time.time() + seconds
    counts = []
    bad = [0]
    lock = threading.Lock()

    def run():
        c = http.client.HTTPConnection(u.hostname, u.port, timeout=10)
        n = 0
        while time.time() < end:
            c.request(method, u.path + (("?" + u.query) if u.query else ""),
                      body=body, headers=headers or {})
            r = c.getresponse()
            r.read()
            if r.status >= 300:
                with lock:
                    bad[0] += 1
            n += 1
        with lock:
            counts.append(n)
    ts = [threading.Thread(target=run) for _ in range(min(conns, 8))]
    t0 = time.time()
    for t in ts:
        t.start()
    if sampler:
        sampler(None)
    for t in ts:
        t.join(seconds + 30)
    return {"rps": sum(counts) / (time.time() - t0), "non2xx": bad[0],
            "socket_errors": "", "p50": None, "tool": "python"}


def load(url, seconds, conns, **kw):
    if have("wrk"):
        script = None
        if kw.get("method") == "POST":
            script = kw["script"]
        return wrk(url, seconds, conns, script=script,
                   sampler=kw.get("sampler"))
    kw.pop("script", None)
    return py_load(url, seconds, conns, **kw)


class Sampler:
    """Samples a process's VmRSS every 200 ms (or what total() returns,
    in KB, every second: the memory of a server made of several processes)
    while a load runs; max is the largest sample, in KB."""

    def __init__(self, pid, total=None):
        self.pid = pid
        self.total = total
        self.max = 0
        self.samples = []
        # reading every process's smaps costs the client core: once a
        # second for a server of many processes
        self.interval = 1.0 if total else 0.2

    def __call__(self, proc):
        def run():
            n = 0
            while proc is None or proc.poll() is None:
                v = self.total() if self.total else rss_kb(self.pid)
                if v is None:
                    return
                self.samples.append(v)
                self.max = max(self.max, v)
                time.sleep(self.interval)
                n += 1
                if proc is None and n * self.interval > 10:
                    return
        threading.Thread(target=run, daemon=True).start()


# ---- a tiny async HTTP poller (convergence) ---------------------------------

class Poller:
    """One keep-alive connection per node; GET path on each until 200,
    re-asking every interval seconds. Returns {port: seconds after t0}."""

    def __init__(self):
        self.socks = {}

    def _conn(self, port):
        s = self.socks.get(port)
        if s is None:
            s = socket.create_connection(("127.0.0.1", port), timeout=5)
            s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            s.setblocking(False)
            self.socks[port] = s
        return s

    def close(self):
        for s in self.socks.values():
            s.close()
        self.socks = {}

    def wait(self, ports, path, t0, timeout, interval=0.002):
        sel = selectors.DefaultSelector()
        req = (f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n").encode()
        buf = {p: b"" for p in ports}
        due = {p: 0.0 for p in ports}
        inflight = set()
        seen = {}
        end = t0 + timeout
        try:
            while len(seen) < len(ports):
                now = time.perf_counter()
                if now > end:
                    break
                for p in ports:
                    if p in seen or p in inflight or now < due[p]:
                        continue
                    s = self._conn(p)
                    s.sendall(req)
                    inflight.add(p)
                    sel.register(s, selectors.EVENT_READ, p)
                wait = max(0.0, min([due[p] for p in ports if p not in seen
                                     and p not in inflight] or [now + 0.05])
                           - now)
                for key, _ in sel.select(timeout=min(wait, 0.05)):
                    p = key.data
                    try:
                        d = key.fileobj.recv(65536)
                    except BlockingIOError:
                        continue
                    if not d:
                        raise RuntimeError(f"node on {p} closed")
                    buf[p] += d
                    b = buf[p]
                    h = b.find(b"\r\n\r\n")
                    if h < 0:
                        continue
                    m = re.search(rb"(?i)content-length:\s*(\d+)", b[:h])
                    cl = int(m.group(1)) if m else 0
                    if len(b) < h + 4 + cl:
                        continue
                    status = int(b.split(b" ", 2)[1])
                    buf[p] = b[h + 4 + cl:]
                    sel.unregister(key.fileobj)
                    inflight.discard(p)
                    t = time.perf_counter()
                    if status == 200:
                        seen[p] = t - t0
                    else:
                        due[p] = t + interval
        finally:
            sel.close()
        # anything still in flight leaves a half-read socket: drop them
        for p in list(inflight):
            self.socks.pop(p).close()
        return seen
