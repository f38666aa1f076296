#!/usr/bin/env python3
"""nordfed benchmarks (docs/benchmarks.md): `make bench`.

Every figure is a ratio against a reference measured in the same run on the
same machine (absolute figures drift on shared machines; ratios hold), or a
latency/size bound. Each measurement is repeated and the median reported.
Servers run pinned to CPU 0, load generators and clients to CPU 1. Loopback
only; every run and every wait is bounded.

    python3 bench/bench.py                 the full run (make bench)
    python3 bench/bench.py --quick         tiny sizes, seconds (make test)
    python3 bench/bench.py --only read,search --profile DIR

Prints one table and writes it as JSON: bench/results/<date>-<commit>.json
(full) or build/bench-quick.json (quick). Python 3.11 standard library only;
nodes are started with tests/harness.py.
"""
import argparse
import datetime
import hashlib
import json
import os
import platform
import random
import re
import selectors
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import traceback
import urllib.parse

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "tests"))
import harness  # noqa: E402

BUILD = os.path.join(ROOT, os.environ.get("BUILD", "build"))
BENCH_BIN = os.path.join(BUILD, "bench")
CACHE = os.path.join(ROOT, "build", "bench-cache")
SHM = "/dev/shm"
SEED = 20261123
NCPU = os.cpu_count() or 1
SERVER_CPU = "0"
CLIENT_CPU = "1" if NCPU > 1 else "0"
ALL_CPUS = "0-%d" % (NCPU - 1)

FULL = dict(orgs=1_000_000, catchup=100_000, runs=3, wrk_s=10, conns=64,
            write_s=10, ref_write_s=5, conv_nodes=8, conv_writes=200,
            search_rounds=10, timeout_scale=1.0)
QUICK = dict(orgs=2_000, catchup=500, runs=1, wrk_s=2, conns=16,
             write_s=2, ref_write_s=1, conv_nodes=2, conv_writes=20,
             search_rounds=2, timeout_scale=0.2)

# The search mix (docs/benchmarks.md lists what each query stands for).
# Terms are what people type: lower case, no diacritics where the name has
# them, so every query also exercises the fold.
SEARCH_MIX = [
    # rare: a few to a few dozen matching organisations
    ("rare", "kvernstua"),
    ("rare", "oaivigieddi"),
    ("rare", "kanervakoski"),
    ("rare", "gudrun dam"),
    # mid-frequency: a place or a district, thousands of matches
    ("mid", "umea"),
    ("mid", "tromso"),
    ("mid", "jyvaskyla"),
    ("mid", "bjorkhagen"),
    # very common: a large share of all organisations
    ("common", "forening"),
    ("common", "association"),
    ("common", "kultur"),
    ("common", "integration"),
    # prefixes (what a search box sends while typing)
    ("prefix", "gote"),
    ("prefix", "frivil"),
    ("prefix", "lindq"),
    ("prefix", "foren"),
    # two terms, both required
    ("and", "sprakcafe goteborg"),
    ("and", "stiftelsen lindqvist"),
    ("and", "ungdom tromso"),
    ("and", "youth helsinki"),
    # diacritics folded: the query without them finds the Nordic letters
    ("fold", "aero"),
    ("fold", "thingvellir"),
    ("fold", "torshavn"),
    ("fold", "reykjavik felagid"),
]


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


def sha_files(paths):
    h = hashlib.sha256()
    for p in sorted(paths):
        h.update(p.encode())
        with open(os.path.join(ROOT, p), "rb") as f:
            h.update(f.read())
    return h.hexdigest()[:12]


def rss_kb(pid, field="VmRSS"):
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith(field + ":"):
                    return int(line.split()[1])
    except OSError:
        pass
    return None


def machine():
    model = "unknown"
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    model = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    mem = None
    try:
        with open("/proc/meminfo") as f:
            mem = int(f.readline().split()[1]) * 1024
    except OSError:
        pass
    return {"nproc": NCPU, "cpu_model": model, "kernel": platform.release(),
            "mem_bytes": mem, "python": platform.python_version()}


def git_commit():
    try:
        c = subprocess.run(["git", "-C", ROOT, "rev-parse", "--short=10",
                            "HEAD"], capture_output=True, text=True,
                           timeout=10).stdout.strip()
        d = subprocess.run(["git", "-C", ROOT, "status", "--porcelain",
                            "--untracked-files=no"], capture_output=True,
                           text=True, timeout=10).stdout.strip()
        return c or "unknown", bool(d)
    except (OSError, subprocess.SubprocessError):
        return "unknown", False


_ULID = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"


def make_id(cc, kind="org"):
    """A fresh record id cc:kind:ULID (ms time + 80 random bits)."""
    n = (int(time.time() * 1000) << 80) | random.getrandbits(80)
    s = "".join(_ULID[(n >> (5 * i)) & 31] for i in range(25, -1, -1))
    return f"{cc.lower()}:{kind}:{s}"


# ---- nodes -----------------------------------------------------------------

class BenchNode(harness.Node):
    """A harness node started under taskset, with extra [sync] options and
    optionally an existing database and key."""

    def __init__(self, fed, country, cpus=SERVER_CPU, sync_opts=None,
                 db=None, key_file=None):
        d = os.path.join(fed.dir, country.lower())
        os.makedirs(d, exist_ok=True)
        if key_file:
            dst = os.path.join(d, "node.key")
            shutil.copyfile(key_file, dst)
            os.chmod(dst, 0o600)
        super().__init__(fed, country)
        if db:
            self.db = db
        self.cpus = cpus
        self.sync_opts = sync_opts or {}

    def write_conf(self, extra=""):
        super().write_conf(extra)
        if self.sync_opts:
            with open(self.conf) as f:
                txt = f.read()
            opts = "".join(f"{k} = {v}\n" for k, v in self.sync_opts.items())
            with open(self.conf, "w") as f:
                f.write(txt.replace("[sync]\n", "[sync]\n" + opts, 1))

    def start(self, wait=True):
        self.write_conf()
        logf = open(self.log_path, "ab")
        self.proc = subprocess.Popen(
            ["taskset", "-c", self.cpus, harness.NODE_BIN, "-c", self.conf],
            stdout=logf, stderr=logf, start_new_session=True)
        logf.close()
        if wait:
            self.wait_up(timeout=60)
        return self


class Fed:
    """The little a harness.Node needs of its federation."""

    def __init__(self, d, pull_ms=2000):
        self.dir = d
        self.pull_ms = pull_ms


def json_get(port, path, timeout=10):
    s, _, b = harness.request("GET", f"http://127.0.0.1:{port}{path}",
                              timeout=timeout)
    if s != 200:
        raise RuntimeError(f"GET {path}: HTTP {s}: {b!r}"[:300])
    return b


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
    """Samples a process's VmRSS while a load runs."""

    def __init__(self, pid):
        self.pid = pid
        self.max = 0
        self.samples = []

    def __call__(self, proc):
        def run():
            while proc is None or proc.poll() is None:
                v = rss_kb(self.pid)
                if v is None:
                    return
                self.samples.append(v)
                self.max = max(self.max, v)
                time.sleep(0.2)
                if proc is None and len(self.samples) > 50:
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


# ---- the benchmark ---------------------------------------------------------

class Bench:
    def __init__(self, args):
        self.a = args
        self.p = dict(QUICK if args.quick else FULL)
        if args.runs:
            self.p["runs"] = args.runs
        self.tmp = tempfile.mkdtemp(prefix="nordfed-bench-", dir=args.tmpdir)
        self.figures = {}
        self.extra = {}
        self.durations = {}
        self.errors = {}
        self.procs = []
        self.ds = {}

    def snapshot(self):
        """Copy the binaries this run uses into its directory: a build in
        the same tree during the run (other people work here too) must not
        change what is measured half-way. Returns their SHA-256s."""
        global BENCH_BIN
        d = os.path.join(self.tmp, "bin")
        os.makedirs(d)
        out = {}
        for src in (harness.NODE_BIN, harness.CTL_BIN) + tuple(
                os.path.join(BENCH_BIN, b) for b in
                ("gen", "ref_catchup", "ref_fsync")):
            dst = os.path.join(d, os.path.basename(src))
            shutil.copy2(src, dst)
            with open(dst, "rb") as f:
                out[os.path.basename(src)] = hashlib.sha256(
                    f.read()).hexdigest()[:16]
        harness.NODE_BIN = os.path.join(d, "nordfed-node")
        harness.CTL_BIN = os.path.join(d, "nordfedctl")
        BENCH_BIN = d
        return out

    # -- data ---------------------------------------------------------------
    def gen(self, *args, timeout=1800):
        return sh([os.path.join(BENCH_BIN, "gen")] + list(args) +
                  ["--seed", str(SEED)], cpu=ALL_CPUS, timeout=timeout)

    def _ds_name(self, kind, orgs):
        ver = self.gen("version").stdout.strip()
        src = ["bench/gen.c", "node/store.c", "node/store.h"] + sorted(
            "protocol/" + f for f in os.listdir(os.path.join(ROOT, "protocol"))
            if f.endswith((".c", ".h")))
        return f"{kind}-{orgs}-v{ver}-s{SEED}-{sha_files(src)}"

    def _ds_start(self, kind, orgs):
        """A cached data set's meta, or a running generator for it."""
        name = self._ds_name(kind, orgs)
        d = os.path.join(CACHE, name)
        meta = os.path.join(d, "meta.json")
        if os.path.exists(meta):
            with open(meta) as f:
                m = json.load(f)
            m["dir"], m["cached"] = d, True
            return m
        os.makedirs(CACHE, exist_ok=True)
        for old in os.listdir(CACHE):      # one cache per kind and size
            m = re.search(r"\.tmp(\d+)$", old)
            if m and os.path.exists(f"/proc/{m.group(1)}"):
                continue                   # another run is making it
            if old.startswith(f"{kind}-{orgs}-") and old != name:
                shutil.rmtree(os.path.join(CACHE, old), ignore_errors=True)
        work = d + f".tmp{os.getpid()}"
        shutil.rmtree(work, ignore_errors=True)
        os.makedirs(work)
        log(f"bench: generating {orgs} organisations ({kind}) into {d} "
            "(cached for later runs)")
        keys = json.loads(self.gen("keys", os.path.join(work, "keys")).stdout)
        # Fill the database in memory when there is room (a third faster:
        # no write-back, no fsync), then copy it to the cache: the bytes
        # are the same.
        shm = None
        try:
            st = os.statvfs(SHM)
            if st.f_bavail * st.f_frsize > orgs * 5000 * 2 + (1 << 30):
                shm = os.path.join(SHM, f"nordfed-bench-gen-{os.getpid()}-"
                                   f"{name}")
                os.makedirs(shm)
        except OSError:
            shm = None
        db = os.path.join(shm or work, "nordfed.db")
        p = subprocess.Popen(
            ["taskset", "-c", ALL_CPUS, os.path.join(BENCH_BIN, "gen"), "db",
             db, "--node", "SE", "--orgs", str(orgs), "--countries", kind,
             "--seed", str(SEED)],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        return {"proc": p, "work": work, "dir": d, "keys": keys, "shm": shm,
                "db": db, "t0": time.time(), "kind": kind, "orgs": orgs}

    def _ds_finish(self, j):
        if "proc" not in j:
            return j
        try:
            out, err = j["proc"].communicate(
                timeout=int(7200 * self.p["timeout_scale"]) + 600)
            if j["proc"].returncode != 0:
                raise RuntimeError(f"gen failed: {err.strip()[-2000:]}")
            work = j["work"]
            m = json.loads(out)
            m["keys"] = j["keys"]
            m["gen_wall_s"] = round(time.time() - j["t0"], 1)
            src = os.path.dirname(j["db"])
            m["db_bytes"] = sum(os.path.getsize(os.path.join(src, f))
                                for f in os.listdir(src)
                                if f.startswith("nordfed.db"))
            m["tables"] = table_sizes(j["db"])
            if j["shm"]:
                shutil.copyfile(j["db"], os.path.join(work, "nordfed.db"))
            m["generated_in"] = "memory (tmpfs)" if j["shm"] else "disk"
        finally:
            if j["shm"]:
                shutil.rmtree(j["shm"], ignore_errors=True)
        with open(os.path.join(work, "meta.json"), "w") as f:
            json.dump(m, f, indent=1)
        try:
            os.rename(work, j["dir"])
        except OSError:                    # another run made it first
            shutil.rmtree(work, ignore_errors=True)
        m["dir"], m["cached"] = j["dir"], False
        self.extra.setdefault("generated", {})[f"{j['kind']}-{j['orgs']}"] = {
            "seconds": m["gen_wall_s"], "orgs": m["orgs"]}
        return m

    def datasets(self, wants):
        """Make the missing data sets at once: each generator's inserts run
        on one thread, so two fill the machine better than one after the
        other."""
        jobs = [self._ds_start(k, n) for k, n in wants]
        for want, j in zip(wants, jobs):
            try:
                self.ds[want] = self._ds_finish(j)
            except Exception:
                for x in jobs:
                    if "proc" in x and x["proc"].poll() is None:
                        x["proc"].kill()
                raise

    def dataset(self, kind, orgs):
        if (kind, orgs) not in self.ds:
            self.datasets([(kind, orgs)])
        return self.ds[(kind, orgs)]

    # -- figure bookkeeping ---------------------------------------------------
    def figure(self, name, **kw):
        self.figures[name] = dict(name=name, **kw)
        log(f"bench: {name}: {fmt_fig(self.figures[name])}")

    def node(self, sub, cc, **kw):
        d = os.path.join(self.tmp, sub)
        os.makedirs(d, exist_ok=True)
        n = BenchNode(Fed(d, kw.pop("pull_ms", 2000)), cc, **kw)
        self.procs.append(n)
        return n

    def stop(self, n):
        try:
            n.stop()
        except RuntimeError as e:
            log(f"bench: {e}")
        if n in self.procs:
            self.procs.remove(n)

    def profile_start(self, name, pid):
        if not self.a.profile:
            return None
        os.makedirs(self.a.profile, exist_ok=True)
        out = os.path.join(self.a.profile, name + ".data")
        cg = (["--call-graph", "dwarf,16384", "-F", "250"]
              if self.a.callgraph == "dwarf" else ["-g", "-F", "999"])
        p = subprocess.Popen(["perf", "record", "-e", "cpu-clock"] + cg +
                             ["-p", str(pid), "-o", out],
                             stdout=subprocess.DEVNULL,
                             stderr=subprocess.DEVNULL)
        return (p, out, name)

    def profile_stop(self, h):
        if not h:
            return
        p, out, name = h
        p.send_signal(signal.SIGINT)
        try:
            p.wait(30)
        except subprocess.TimeoutExpired:
            p.kill()
        with open(os.path.join(self.a.profile, name + ".txt"), "w") as f:
            for sort, extra in (("dso", ["--no-children"]),
                                ("dso,symbol", ["--no-children"]),
                                ("symbol", ["--children", "-g", "none",
                                            "--percent-limit", "1"])):
                rep = subprocess.run(["perf", "report", "-i", out, "--stdio",
                                      "--sort", sort] + extra,
                                     capture_output=True, text=True,
                                     timeout=600)
                f.write(f"#### perf report --sort {sort} {' '.join(extra)}"
                        f"\n{rep.stdout}\n")
        log(f"bench: profile of {name}: {self.a.profile}/{name}.txt")

    # -- catch-up --------------------------------------------------------------
    def bench_catchup(self):
        n = self.p["catchup"]
        ds = self.dataset("own", n)
        keys = ds["keys"]
        src_db = os.path.join(ds["dir"], "nordfed.db")
        # the serving peer: SE on its own core, on a copy of the database
        sdir = os.path.join(self.tmp, "catchup-src")
        os.makedirs(sdir)
        db = os.path.join(sdir, "nordfed.db")
        shutil.copyfile(src_db, db)
        src = self.node("catchup-src", "SE", cpus=CLIENT_CPU, db=db,
                        key_file=os.path.join(ds["dir"], "keys", "SE.key"))
        src.start()
        refs, rates, detail = [], [], []
        timeout = 1800 * self.p["timeout_scale"] + 60
        for r in range(self.p["runs"]):
            dest = os.path.join(self.tmp, f"ref-catchup-{r}.db")
            out = sh([os.path.join(BENCH_BIN, "ref_catchup"), src_db, "SE",
                      keys["SE"], dest], cpu=SERVER_CPU, timeout=timeout)
            ref = json.loads(out.stdout)
            refs.append(ref["rate"])
            for f in os.listdir(self.tmp):
                if f.startswith(f"ref-catchup-{r}.db"):
                    os.unlink(os.path.join(self.tmp, f))
            # the fresh node: NO, pulling from SE
            fresh = self.node(f"catchup-{r}", "NO", pull_ms=100,
                              sync_opts={"push_batch": 1000})
            fresh.peers = [("se", src.url, keys["SE"], "SE")]
            t0 = time.perf_counter()
            fresh.start(wait=False)
            prof = None
            head = 0
            end = t0 + timeout
            while time.perf_counter() < end:
                try:
                    b = json_get(fresh.port, "/api/v1/node", timeout=5)
                    head = b["heads"].get("SE", {}).get("seq", 0)
                    if prof is None:
                        prof = self.profile_start(f"catchup-{r}",
                                                  fresh.proc.pid)
                except (OSError, RuntimeError):
                    if fresh.proc.poll() is not None:
                        raise RuntimeError("fresh node exited: " +
                                           fresh.tail())
                if head >= n:
                    break
                time.sleep(0.02)
            t = time.perf_counter() - t0
            self.profile_stop(prof)
            if head < n:
                raise RuntimeError(f"catch-up reached {head} of {n} in {t:.0f}"
                                   f" s: {fresh.tail()}")
            rates.append(n / t)
            detail.append({"seconds": t, "rate": n / t, "ref": ref})
            self.stop(fresh)
        self.stop(src)
        v, rv = median(rates), median(refs)
        self.figure("catch-up", value=v, unit="entries/s", reference=rv,
                    ref_name="verify+parse+insert, one thread, no HTTP",
                    ratio=pair_ratio(rates, refs), goal=">= 0.6 (aim > 1.0)",
                    met=pair_ratio(rates, refs) >= 0.6,
                    samples=rates, ref_samples=refs, runs=detail, entries=n)

    # -- reads, memory, search ---------------------------------------------------
    def start_big(self):
        ds = self.dataset("all", self.p["orgs"])
        self.big = ds
        node = self.node("big", "SE", db=os.path.join(ds["dir"], "nordfed.db"),
                         key_file=os.path.join(ds["dir"], "keys", "SE.key"))
        node.extra_keys = [(cc, pk) for cc, pk in ds["keys"].items()
                           if cc != "SE"]
        node.start()
        return node

    def pick_id(self, node):
        b = json_get(node.port, "/api/v1/organisations?country=SE&limit=1")
        return b["items"][0]["id"]

    def nginx_start(self, body):
        d = os.path.join(self.tmp, "nginx")
        os.makedirs(os.path.join(d, "www"), exist_ok=True)
        os.makedirs(os.path.join(d, "tmp"), exist_ok=True)
        with open(os.path.join(d, "www", "org.json"), "wb") as f:
            f.write(body)
        port = harness.free_port()
        if have("nginx"):
            conf = os.path.join(d, "nginx.conf")
            t = os.path.join(d, "tmp")
            with open(conf, "w") as f:
                f.write(f"""worker_processes 1;
daemon off;
master_process off;
pid {d}/nginx.pid;
error_log {d}/error.log warn;
events {{ worker_connections 1024; }}
http {{
  access_log off;
  keepalive_requests 10000000;
  keepalive_timeout 60s;
  client_body_temp_path {t}/body;
  proxy_temp_path {t}/proxy;
  fastcgi_temp_path {t}/fastcgi;
  uwsgi_temp_path {t}/uwsgi;
  scgi_temp_path {t}/scgi;
  types {{ application/json json; }}
  server {{
    listen 127.0.0.1:{port};
    location / {{ root {d}/www; }}
  }}
}}
""")
            cmd = ["taskset", "-c", SERVER_CPU, have("nginx"), "-p", d, "-e",
                   os.path.join(d, "error.log"), "-c", conf]
            name = "nginx"
        else:
            cmd = ["taskset", "-c", SERVER_CPU, sys.executable, "-m",
                   "http.server", str(port), "--bind", "127.0.0.1",
                   "--directory", os.path.join(d, "www")]
            name = "python http.server (nginx not installed)"
        p = subprocess.Popen(cmd, stdout=subprocess.DEVNULL,
                             stderr=subprocess.DEVNULL, start_new_session=True)
        end = time.time() + 15
        while time.time() < end:
            try:
                s, _, b = harness.request(
                    "GET", f"http://127.0.0.1:{port}/org.json", timeout=1,
                    raw=True)
                if s == 200 and b == body:
                    return p, port, name
            except OSError:
                pass
            if p.poll() is not None:
                raise RuntimeError(f"{name} exited {p.returncode}")
            time.sleep(0.05)
        p.kill()
        raise RuntimeError(f"{name} did not start")

    def bench_read(self, node):
        rid = self.pick_id(node)
        path = f"/api/v1/organisations/{rid}"
        _, _, body = harness.request("GET", node.url + path, raw=True)
        # the reference: a static 700-byte JSON document
        j = json.loads(body)
        head = json.dumps({"id": rid, "name": j["body"]["name"], "pad": ""},
                          ensure_ascii=False, separators=(",", ":")).encode()
        ref_body = head[:-2] + b"x" * (700 - len(head)) + b'"}'
        ng, ngport, ngname = self.nginx_start(ref_body)
        sampler = Sampler(node.proc.pid)
        rs, refs, runs = [], [], []
        try:
            for r in range(self.p["runs"]):
                ref = load(f"http://127.0.0.1:{ngport}/org.json",
                           self.p["wrk_s"], self.p["conns"])
                prof = self.profile_start(f"read-{r}", node.proc.pid)
                res = load(node.url + path, self.p["wrk_s"], self.p["conns"],
                           sampler=sampler)
                self.profile_stop(prof)
                if res["non2xx"]:
                    raise RuntimeError(f"{res['non2xx']} reads failed")
                refs.append(ref["rps"])
                rs.append(res["rps"])
                runs.append({"node": res, "reference": ref})
        finally:
            ng.terminate()
            try:
                ng.wait(10)
            except subprocess.TimeoutExpired:
                ng.kill()
        v, rv = median(rs), median(refs)
        self.figure("read", value=v, unit="req/s", reference=rv,
                    ref_name=f"{ngname}, static {len(ref_body)}-byte JSON",
                    ratio=pair_ratio(rs, refs), goal=">= 0.6",
                    met=pair_ratio(rs, refs) >= 0.6,
                    samples=rs, ref_samples=refs, runs=runs,
                    response_bytes=len(body), path=path,
                    conns=self.p["conns"], seconds=self.p["wrk_s"])
        mb = sampler.max / 1024.0 if sampler.max else rss_kb(node.proc.pid) / 1024.0
        self.figure("memory", value=mb, unit="MB", reference=None,
                    ratio=None, goal="<= 64 MB", met=mb <= 64,
                    what="max VmRSS during the read runs",
                    orgs=self.p["orgs"])

    def bench_search(self, node):
        import http.client
        c = http.client.HTTPConnection("127.0.0.1", node.port, timeout=60)
        lat, per = [], {}
        hits = {}

        def one(q):
            t = time.perf_counter()
            c.request("GET", "/api/v1/search?" +
                      urllib.parse.urlencode({"q": q, "limit": 20}))
            r = c.getresponse()
            d = r.read()
            dt = time.perf_counter() - t
            if r.status != 200:
                raise RuntimeError(f"search {q!r}: HTTP {r.status} {d[:200]!r}")
            return dt, len(json.loads(d)["items"])

        for _, q in SEARCH_MIX:            # warm-up, not counted
            _, hits[q] = one(q)
        prof = self.profile_start("search", node.proc.pid)
        for _ in range(self.p["search_rounds"]):
            for cls, q in SEARCH_MIX:
                dt, _ = one(q)
                lat.append(dt * 1000)
                per.setdefault(q, []).append(dt * 1000)
        self.profile_stop(prof)
        c.close()
        p50, p99 = pct(lat, 50), pct(lat, 99)
        queries = [{"class": cls, "q": q, "items": hits[q],
                    "median_ms": median(per[q]), "max_ms": max(per[q])}
                   for cls, q in SEARCH_MIX]
        self.figure("search p50", value=p50, unit="ms", reference=None,
                    ratio=None, goal="<= 2 ms", met=p50 <= 2,
                    samples=len(lat), queries=queries, orgs=self.p["orgs"])
        self.figure("search p99", value=p99, unit="ms", reference=None,
                    ratio=None, goal="<= 20 ms", met=p99 <= 20,
                    samples=len(lat), orgs=self.p["orgs"])
        self.extra["rss_after_search_mb"] = (rss_kb(node.proc.pid) or 0) / 1024
        self.extra["hwm_after_search_mb"] = (rss_kb(node.proc.pid, "VmHWM")
                                             or 0) / 1024

    def bench_disk(self):
        ds = self.dataset("all", self.p["orgs"])
        per = ds["db_bytes"] / ds["orgs"]
        canon = ds["body_bytes"] / ds["orgs"]
        tables = {k: round(v / ds["orgs"], 1)
                  for k, v in ds.get("tables", {}).items()}
        self.figure("disk", value=per, unit="bytes/org", reference=canon,
                    ref_name="mean canonical JSON of the record",
                    ratio=per / canon, goal="ratio <= 3", met=per / canon <= 3,
                    db_bytes=ds["db_bytes"], orgs=ds["orgs"],
                    bytes_per_org_by_table=tables,
                    gen_seconds=ds.get("seconds"))

    # -- writes ---------------------------------------------------------------
    def bench_writes(self):
        body = sh([os.path.join(BENCH_BIN, "gen"), "bodies", "--country",
                   "SE", "--n", "1", "--seed", str(SEED)]).stdout.strip()
        node = self.node("writes", "SE")
        node.start()
        lua = os.path.join(self.tmp, "post.lua")
        with open(lua, "w") as f:
            f.write('wrk.method = "POST"\n'
                    f"wrk.body = {lua_str(body)}\n"
                    'wrk.headers["Content-Type"] = "application/json"\n'
                    f'wrk.headers["Authorization"] = "Bearer {node.token}"\n')
        rs, refs, runs = [], [], []
        for r in range(self.p["runs"]):
            db = os.path.join(self.tmp, f"ref-fsync-{r}.db")
            out = sh([os.path.join(BENCH_BIN, "ref_fsync"), db, "--seconds",
                      str(self.p["ref_write_s"]), "--bytes", "700"],
                     cpu=SERVER_CPU, timeout=120)
            ref = json.loads(out.stdout)
            for f in os.listdir(self.tmp):
                if f.startswith(f"ref-fsync-{r}.db"):
                    os.unlink(os.path.join(self.tmp, f))
            prof = self.profile_start(f"writes-{r}", node.proc.pid)
            res = load(node.url + "/api/v1/organisations", self.p["write_s"],
                       self.p["conns"], method="POST", script=lua,
                       body=body.encode(),
                       headers={"Content-Type": "application/json",
                                "Authorization": "Bearer " + node.token})
            self.profile_stop(prof)
            if res["non2xx"]:
                raise RuntimeError(f"{res['non2xx']} writes failed: "
                                   f"{node.tail()}")
            refs.append(ref["rate"])
            rs.append(res["rps"])
            runs.append({"node": res, "reference": ref})
        head = json_get(node.port, "/api/v1/node")["heads"]["SE"]["seq"]
        self.stop(node)
        v, rv = median(rs), median(refs)
        self.figure("writes", value=v, unit="writes/s", reference=rv,
                    ref_name="SQLite, one row per transaction, "
                             "synchronous=FULL, WAL",
                    ratio=pair_ratio(rs, refs), goal=">= 5",
                    met=pair_ratio(rs, refs) >= 5, samples=rs,
                    ref_samples=refs, runs=runs, conns=self.p["conns"],
                    committed=head)

    # -- convergence ------------------------------------------------------------
    def bench_convergence(self):
        k = self.p["conv_nodes"]
        ccs = harness.ALL[:k]
        bodies = {}
        for cc in ccs:
            bodies[cc] = json.loads(sh([os.path.join(BENCH_BIN, "gen"),
                                        "bodies", "--country", cc, "--n", "1",
                                        "--seed", str(SEED)]).stdout)
        fed = harness.Federation(countries=ccs, pull_ms=2000,
                                 base_dir=os.path.join(self.tmp, "fed"))
        fed.start()
        for n in fed.nodes.values():
            os.sched_setaffinity(n.proc.pid, {int(SERVER_CPU)})
        poll = Poller()
        lat, puts, slow, missing = [], [], [], 0
        try:
            for i in range(self.p["conv_writes"]):
                cc = ccs[i % k]
                origin = fed[cc]
                rid = make_id(cc)
                others = [fed[o].port for o in ccs if o != cc]
                path = f"/api/v1/organisations/{rid}"
                t0 = time.perf_counter()
                origin.put("organisations", rid, bodies[cc])
                puts.append((time.perf_counter() - t0) * 1000)
                seen = poll.wait(others, path, t0, timeout=10)
                if len(seen) < len(others):
                    missing += 1
                    continue
                lat.append(max(seen.values()) * 1000)
                last = max(seen, key=seen.get)
                slow.append((round(lat[-1], 1), cc, next(
                    o for o in ccs if fed[o].port == last)))
                time.sleep(0.02)
            sync = {}
            for n in fed.nodes.values():
                _, _, txt = harness.request("GET", n.url + "/metrics",
                                            raw=True)
                for m in re.finditer(
                        rb'^nordfed_sync_(entries_total\{result="(\w+)"\}|'
                        rb'peer_requests_total\{[^}]*\}) (\d+)', txt, re.M):
                    key = ("entries_" + m.group(2).decode() if m.group(2)
                           else "requests")
                    sync[key] = sync.get(key, 0) + int(m.group(3))
        finally:
            poll.close()
            fed.stop()
        if missing:
            raise RuntimeError(f"{missing} writes not visible everywhere "
                               "within 10 s")
        p50, p99 = pct(lat, 50), pct(lat, 99)
        self.figure("convergence p50", value=p50, unit="ms", reference=None,
                    ratio=None, goal="<= 20 ms", met=p50 <= 20, nodes=k,
                    writes=len(lat), origin_write_p50_ms=pct(puts, 50),
                    what="from sending the PUT to the origin until the last "
                         "of the other nodes serves the record")
        self.figure("convergence p99", value=p99, unit="ms", reference=None,
                    ratio=None, goal="<= 100 ms", met=p99 <= 100, nodes=k,
                    writes=len(lat), max_ms=max(lat), samples_ms=[
                        round(x, 2) for x in lat],
                    slowest=sorted(slow, reverse=True)[:5],
                    sync_per_write={k2: round(v2 / self.p["conv_writes"], 1)
                                    for k2, v2 in sync.items()})

    # -- driver -------------------------------------------------------------------
    def step(self, name, fn, *args):
        if self.a.only and name not in self.a.only:
            return None
        t0 = time.time()
        log(f"bench: {name} ...")
        try:
            return fn(*args)
        except Exception as e:  # noqa: BLE001 -- a figure fails, not the run
            traceback.print_exc()
            self.errors[name] = str(e)[:2000]
            return None
        finally:
            self.durations[name] = round(time.time() - t0, 1)

    def prepare(self):
        # generators of a run that was killed leave their files in memory
        try:
            for f in os.listdir(SHM):
                m = re.match(r"nordfed-bench-gen-(\d+)-", f)
                if m and not os.path.exists(f"/proc/{m.group(1)}"):
                    shutil.rmtree(os.path.join(SHM, f), ignore_errors=True)
        except OSError:
            pass
        wants = []
        if not self.a.only or "catch-up" in self.a.only:
            wants.append(("own", self.p["catchup"]))
        if not self.a.only or {"data", "disk"} & self.a.only:
            wants.append(("all", self.p["orgs"]))
        self.datasets(wants)

    def run(self):
        t0 = time.time()
        self.step("prepare", self.prepare)
        self.step("catch-up", self.bench_catchup)
        if not self.a.only or {"read", "search"} & self.a.only:
            node = self.step("data", self.start_big)
            if node is not None:
                try:
                    self.step("read", self.bench_read, node)
                    self.step("search", self.bench_search, node)
                finally:
                    self.stop(node)
        self.step("disk", self.bench_disk)
        self.step("writes", self.bench_writes)
        self.step("convergence", self.bench_convergence)
        self.durations["total"] = round(time.time() - t0, 1)

    def cleanup(self):
        for n in list(self.procs):
            self.stop(n)
        if not self.a.keep:
            shutil.rmtree(self.tmp, ignore_errors=True)


def table_sizes(db):
    """Bytes per table and index (dbstat), for the disk figure's notes."""
    import sqlite3
    try:
        c = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
        rows = c.execute("SELECT name, SUM(pgsize) FROM dbstat GROUP BY name"
                         " ORDER BY 2 DESC").fetchall()
        c.close()
        return {n: s for n, s in rows}
    except Exception as e:  # noqa: BLE001 -- dbstat may be missing
        log(f"bench: no dbstat: {e}")
        return {}


def lua_str(s):
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


ORDER = ["catch-up", "read", "search p50", "search p99", "writes",
         "convergence p50", "convergence p99", "memory", "disk"]


def num(v, unit=""):
    if v is None:
        return "-"
    if unit in ("ms",):
        return f"{v:.2f} ms"
    if unit == "MB":
        return f"{v:.1f} MB"
    if abs(v) >= 100:
        return f"{v:,.0f}" + (f" {unit}" if unit else "")
    return f"{v:.2f}" + (f" {unit}" if unit else "")


def fmt_fig(f):
    s = num(f.get("value"), f.get("unit", ""))
    if f.get("reference") is not None:
        s += f" vs {num(f['reference'], f.get('unit', ''))} = {f['ratio']:.2f}"
    return s + (" (met)" if f.get("met") else " (NOT met)")


def render(figures, errors):
    rows = [("figure", "value", "reference", "ratio", "goal", "met")]
    for name in ORDER:
        f = figures.get(name)
        if f is None:
            base = name.split(" ")[0]
            err = errors.get(name) or errors.get(base) or (
                errors.get("read") if name in ("memory",) else None)
            if err is not None or name in errors:
                rows.append((name, "error", "-", "-", "-", "no"))
            continue
        ref_unit = "bytes/org" if name == "disk" else f.get("unit", "")
        if name == "disk":
            ref = num(f["reference"], "bytes")
        else:
            ref = num(f.get("reference"), ref_unit)
        rows.append((name, num(f["value"], f["unit"]), ref,
                     "-" if f.get("ratio") is None else f"{f['ratio']:.2f}",
                     f["goal"], "yes" if f["met"] else "NO"))
    w = [max(len(r[i]) for r in rows) for i in range(6)]
    out = []
    for i, r in enumerate(rows):
        out.append("  ".join(c.ljust(w[k]) for k, c in enumerate(r)).rstrip())
        if i == 0:
            out.append("  ".join("-" * w[k] for k in range(6)))
    return "\n".join(out)


def main():
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--quick", action="store_true",
                    help="tiny sizes (the make test tier)")
    ap.add_argument("--out", help="JSON output (default: bench/results/"
                    "<date>-<commit>.json; quick: build/bench-quick.json)")
    ap.add_argument("--only", help="comma list: catch-up,data,read,search,"
                    "disk,writes,convergence")
    ap.add_argument("--profile", metavar="DIR",
                    help="perf record the node during each measurement")
    ap.add_argument("--callgraph", choices=("fp", "dwarf"), default="fp",
                    help="with --profile: call graphs by frame pointers "
                    "(cheap) or DWARF (callers attributed; heavier)")
    ap.add_argument("--runs", type=int, help="repeats of each measurement "
                    "(default 3; quick 1)")
    ap.add_argument("--keep", action="store_true",
                    help="keep the temporary directory")
    ap.add_argument("--tmpdir", default=None,
                    help="where node databases go (default $TMPDIR)")
    a = ap.parse_args()
    a.only = set(a.only.split(",")) if a.only else None
    if a.only and {"read", "search"} & a.only:
        a.only |= {"data"}
    random.seed()
    for b in ("gen", "ref_catchup", "ref_fsync"):
        if not os.access(os.path.join(BENCH_BIN, b), os.X_OK):
            sys.exit(f"bench: {BENCH_BIN}/{b} is missing: make bench-build")
    if not os.access(harness.NODE_BIN, os.X_OK):
        sys.exit(f"bench: {harness.NODE_BIN} is missing: make")
    # this process is the client: on its own core (children say their own)
    try:
        os.sched_setaffinity(0, {int(CLIENT_CPU)})
    except OSError:
        pass
    commit, dirty = git_commit()
    b = Bench(a)
    binaries = b.snapshot()
    started = datetime.datetime.now(datetime.timezone.utc)
    try:
        b.run()
    finally:
        b.cleanup()
    tools = {"wrk": bool(have("wrk")), "nginx": bool(have("nginx")),
             "perf_profile": bool(a.profile)}
    res = {
        "date": started.strftime("%Y-%m-%dT%H:%M:%SZ"),
        "commit": commit, "dirty": dirty, "machine": machine(),
        "quick": a.quick, "params": b.p, "seed": SEED,
        "cpus": {"server": SERVER_CPU, "client": CLIENT_CPU},
        "tools": tools, "binaries": binaries,
        "figures": [b.figures[n] for n in ORDER if n in b.figures],
        "errors": b.errors, "durations_s": b.durations, "extra": b.extra,
    }
    out = a.out
    if out is None:
        if a.quick:
            out = os.path.join(ROOT, "build", "bench-quick.json")
        else:
            out = os.path.join(ROOT, "bench", "results", "%s-%s.json" % (
                started.strftime("%Y-%m-%d"), commit))
    os.makedirs(os.path.dirname(os.path.abspath(out)), exist_ok=True)
    with open(out + ".tmp", "w") as f:
        json.dump(res, f, indent=1, ensure_ascii=False)
        f.write("\n")
    os.replace(out + ".tmp", out)
    m = res["machine"]
    print()
    print(f"nordfed benchmarks  {res['date']}  commit {commit}"
          f"{' (dirty)' if dirty else ''}  {m['nproc']} x {m['cpu_model']}"
          f"  kernel {m['kernel']}{'  QUICK' if a.quick else ''}")
    print(render(b.figures, b.errors))
    print(f"\ntotal {b.durations.get('total', 0):.0f} s; JSON: "
          f"{os.path.relpath(out, ROOT)}")
    for k, v in b.errors.items():
        print(f"error in {k}: {v.splitlines()[0] if v else ''}")
    if a.quick:
        passed = sum(1 for f in b.figures.values()
                     if isinstance(f.get("value"), (int, float)))
        failed = len(b.errors)
        print(f"tier bench-quick: {passed} passed, {failed} failed")
        return 1 if failed else 0
    return 1 if b.errors else 0


if __name__ == "__main__":
    sys.exit(main())
