"""The peers `make bench` measures nordfed against (docs/benchmarks.md).

What a user would pick instead of nordfed, on the same records and the
same machine, in the same run:

- PouchDB Server (the version pinned by bench/peers/package-lock.json,
  installed by `make bench-deps` with npm ci), in memory (-m) and on
  LevelDB (its default);
- PostgreSQL 15 (Debian's postgresql-15) with logical replication: two
  clusters made with initdb in the run's temporary directory, on
  127.0.0.1 ports, a publication and a subscription.

Each peer process is started by this module (exec'd under taskset, so the
PID it holds is the server's own) and stopped by that PID; its data lives
in the run's temporary directory. Figures, for each peer:

- catch-up: a replica that holds nothing fetches and applies all N records
  from the source (records/s);
- replica p50/p99: one write on the source until the replica serves it;
- GET one record on the replica (wrk; pgbench for PostgreSQL) and the
  replica's memory under that load.

Python standard library only: PostgreSQL is spoken to with the small
wire-protocol client below (trust authentication on 127.0.0.1), pgbench
makes the GET load.
"""
import json
import os
import pwd
import re
import shutil
import signal
import socket
import struct
import subprocess
import sys
import time
import urllib.error
import urllib.request

from benchlib import CLIENT_CPU, SERVER_CPU, Poller, log, median

LABELS = {"pouchdb-memory": "PouchDB Server (memory)",
          "pouchdb-leveldb": "PouchDB Server (LevelDB)",
          "postgresql": "PostgreSQL 15 logical replication"}
BATCH = 1000            # records a transaction or request when loading

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
NPM_DIR = os.path.join(ROOT, "bench", "peers")
POUCH_BIN = os.path.join(NPM_DIR, "node_modules", "pouchdb-server", "bin",
                         "pouchdb-server")
NPM_STAMP = os.path.join(NPM_DIR, "node_modules", ".nordfed-lock")
PG_BIN = "/usr/lib/postgresql/15/bin"


sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(
    os.path.abspath(__file__))), "tests"))
from harness import free_port as _free_port  # noqa: E402


def _http(method, url, body=None, timeout=30):
    data = None
    hdrs = {}
    if body is not None:
        data = body if isinstance(body, bytes) else json.dumps(
            body, ensure_ascii=False, separators=(",", ":")).encode()
        hdrs["Content-Type"] = "application/json"
    req = urllib.request.Request(url, data=data, method=method, headers=hdrs)
    try:
        with urllib.request.urlopen(req, timeout=timeout) as r:
            return r.status, r.read()
    except urllib.error.HTTPError as e:
        return e.code, e.read()


def stop_pid(proc, sig=signal.SIGTERM, timeout=30):
    """Stop one server by its PID: sig, then SIGKILL after timeout."""
    if proc is None or proc.poll() is not None:
        return
    try:
        os.kill(proc.pid, sig)
        proc.wait(timeout)
    except subprocess.TimeoutExpired:
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(10)
    except ProcessLookupError:
        pass


def children(pid):
    """PIDs whose parent is pid."""
    out = []
    for d in os.listdir("/proc"):
        if not d.isdigit():
            continue
        try:
            with open(f"/proc/{d}/stat") as f:
                st = f.read()
            if int(st[st.rindex(")") + 2:].split()[1]) == pid:
                out.append(int(d))
        except (OSError, ValueError):
            continue
    return out


def pss_kb(pid):
    """Proportional set size of one process (shared pages divided among
    the processes that map them), or None."""
    try:
        with open(f"/proc/{pid}/smaps_rollup") as f:
            for line in f:
                if line.startswith("Pss:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return None


# ---- PouchDB Server ---------------------------------------------------------

def pouchdb_missing(without=()):
    """None when PouchDB Server can run here, else why not."""
    if "pouchdb" in without:
        return "not installed (BENCH_WITHOUT)"
    if not shutil.which("node"):
        return "not installed: no node (make bench-deps)"
    if not os.path.exists(POUCH_BIN) or not os.path.exists(NPM_STAMP):
        # the stamp is written after npm ci succeeded: a failed or partial
        # install is not installed
        return "not installed: no bench/peers/node_modules (make bench-deps)"
    return None


def pouchdb_version():
    try:
        with open(os.path.join(NPM_DIR, "node_modules", "pouchdb-server",
                               "package.json")) as f:
            v = json.load(f)["version"]
        node = subprocess.run(["node", "--version"], capture_output=True,
                              text=True, timeout=30).stdout.strip()
        return f"pouchdb-server {v}, Node.js {node}"
    except (OSError, ValueError, KeyError, subprocess.SubprocessError):
        return "unknown"


class PouchServer:
    """One pouchdb-server process: in memory, or LevelDB in its own
    directory. Request logging off (log level error, no stdout copy)."""

    def __init__(self, base, name, mode, cpu):
        self.dir = os.path.join(base, name)
        os.makedirs(self.dir)
        self.mode = mode
        self.cpu = cpu
        self.port = _free_port()
        self.proc = None
        self.url = f"http://127.0.0.1:{self.port}"

    def start(self):
        with open(os.path.join(self.dir, "config.json"), "w") as f:
            json.dump({"log": {"level": "error"}}, f)
        cmd = ["taskset", "-c", self.cpu, shutil.which("node"), POUCH_BIN,
               "-p", str(self.port), "-o", "127.0.0.1", "-n",
               "-c", os.path.join(self.dir, "config.json")]
        if self.mode == "memory":
            cmd.append("-m")
        else:
            cmd += ["-d", os.path.join(self.dir, "db") + os.sep]
        log = open(os.path.join(self.dir, "server.log"), "ab")
        self.proc = subprocess.Popen(cmd, cwd=self.dir, stdout=log,
                                     stderr=log, start_new_session=True)
        log.close()
        end = time.time() + 60
        while time.time() < end:
            if self.proc.poll() is not None:
                raise RuntimeError(f"pouchdb-server exited "
                                   f"{self.proc.returncode}: {self.tail()}")
            try:
                s, _ = _http("GET", self.url + "/", timeout=1)
                if s == 200:
                    return self
            except OSError:
                pass
            time.sleep(0.1)
        raise RuntimeError("pouchdb-server did not start: " + self.tail())

    def tail(self):
        try:
            with open(os.path.join(self.dir, "server.log"),
                      errors="replace") as f:
                return f.read()[-2000:]
        except OSError:
            return ""

    def stop(self):
        stop_pid(self.proc)
        self.proc = None

    def call(self, method, path, body=None, timeout=60, ok=(200, 201)):
        s, b = _http(method, self.url + path, body, timeout=timeout)
        if s not in ok:
            raise RuntimeError(f"pouchdb {method} {path}: HTTP {s}: "
                               f"{b[:300]!r}")
        return json.loads(b) if b else None


def pouch_doc(rid, body):
    d = {"_id": rid}
    d.update(body)
    return d


# ---- PostgreSQL: a minimal protocol-3 client ---------------------------------

class PGError(RuntimeError):
    pass


class PG:
    """One connection, simple query protocol, trust authentication only.
    query() returns the rows of the last result as lists of str/None."""

    def __init__(self, port, user="postgres", db="postgres", timeout=60):
        self.s = socket.create_connection(("127.0.0.1", port),
                                          timeout=timeout)
        self.s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self.f = self.s.makefile("rb")
        p = (b"user\0" + user.encode() + b"\0database\0" + db.encode() +
             b"\0\0")
        self.s.sendall(struct.pack("!ii", 8 + len(p), 196608) + p)
        self._until_ready()

    def _msg(self):
        h = self.f.read(5)
        if len(h) < 5:
            raise PGError("connection closed")
        t, n = h[:1], struct.unpack("!i", h[1:])[0]
        body = self.f.read(n - 4)
        if len(body) < n - 4:
            raise PGError("connection closed")
        return t, body

    @staticmethod
    def _error(body):
        fields = {}
        for part in body.split(b"\0"):
            if part:
                fields[part[:1]] = part[1:].decode(errors="replace")
        return PGError(f"{fields.get(b'S', 'ERROR')}: {fields.get(b'M', '')}")

    def _until_ready(self):
        rows, err = [], None
        while True:
            t, b = self._msg()
            if t == b"R":
                if struct.unpack("!i", b[:4])[0] != 0:
                    raise PGError("the server asks for a password: the "
                                  "bench clusters use trust on 127.0.0.1")
            elif t == b"T":
                rows = []
            elif t == b"D":
                k = struct.unpack("!h", b[:2])[0]
                off, row = 2, []
                for _ in range(k):
                    ln = struct.unpack("!i", b[off:off + 4])[0]
                    off += 4
                    if ln < 0:
                        row.append(None)
                    else:
                        row.append(b[off:off + ln].decode())
                        off += ln
                rows.append(row)
            elif t == b"E":
                err = self._error(b)
            elif t == b"Z":
                if err:
                    raise err
                return rows

    def query(self, sql):
        q = sql.encode() + b"\0"
        self.s.sendall(b"Q" + struct.pack("!i", 4 + len(q)) + q)
        return self._until_ready()

    def close(self):
        try:
            self.s.sendall(b"X" + struct.pack("!i", 4))
        except OSError:
            pass
        self.f.close()
        self.s.close()


def lit(s):
    """A SQL string literal (standard_conforming_strings is on)."""
    if "\0" in s:
        raise ValueError("NUL in a SQL literal")
    return "'" + s.replace("'", "''") + "'"


def pg_missing(without=()):
    if "postgresql" in without:
        return "not installed (BENCH_WITHOUT)"
    for b in ("initdb", "postgres", "pgbench"):
        if not os.access(os.path.join(PG_BIN, b), os.X_OK):
            return f"not installed: no {PG_BIN}/{b} (make bench-deps)"
    if os.geteuid() == 0:
        try:
            pwd.getpwnam("postgres")
        except KeyError:
            return "cannot run as root without a postgres user"
    return None


def pg_version():
    try:
        return subprocess.run([os.path.join(PG_BIN, "postgres"), "--version"],
                              capture_output=True, text=True,
                              timeout=30).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return "unknown"


class PGCluster:
    """A cluster made with initdb in base/name, started as its own
    postmaster (exec'd under taskset) on a free 127.0.0.1 port, stopped by
    its PID (SIGINT: fast shutdown). As root it runs as the postgres user
    (PostgreSQL refuses root)."""

    def __init__(self, base, name, cpu, settings):
        self.dir = os.path.join(base, name)
        self.data = os.path.join(self.dir, "data")
        self.cpu = cpu
        self.port = _free_port()
        self.settings = settings
        self.proc = None
        self.user = None
        os.makedirs(self.dir)
        if os.geteuid() == 0:
            pw = pwd.getpwnam("postgres")
            self.user = (pw.pw_uid, pw.pw_gid)
            os.chown(self.dir, *self.user)

    def _run(self, cmd, timeout=300):
        kw = {}
        if self.user:
            kw = {"user": self.user[0], "group": self.user[1],
                  "extra_groups": []}
        return subprocess.run(cmd, capture_output=True, text=True,
                              timeout=timeout, cwd=self.dir, **kw)

    def init(self):
        r = self._run([os.path.join(PG_BIN, "initdb"), "-D", self.data,
                       "-U", "postgres", "--auth=trust", "-E", "UTF8",
                       "--no-locale", "--no-sync"])
        if r.returncode != 0:
            raise RuntimeError(f"initdb: {r.stderr.strip()[-1000:]}")
        return self

    def start(self):
        cmd = ["taskset", "-c", self.cpu, os.path.join(PG_BIN, "postgres"),
               "-D", self.data, "-c", "listen_addresses=127.0.0.1",
               "-c", f"port={self.port}",
               "-c", f"unix_socket_directories={self.dir}"]
        for k, v in self.settings.items():
            cmd += ["-c", f"{k}={v}"]
        kw = {}
        if self.user:
            kw = {"user": self.user[0], "group": self.user[1],
                  "extra_groups": []}
        log = open(os.path.join(self.dir, "server.log"), "ab")
        if self.user:
            os.chown(os.path.join(self.dir, "server.log"), *self.user)
        self.proc = subprocess.Popen(cmd, cwd=self.dir, stdout=log,
                                     stderr=log, start_new_session=True, **kw)
        log.close()
        end = time.time() + 60
        while time.time() < end:
            if self.proc.poll() is not None:
                raise RuntimeError(f"postgres exited {self.proc.returncode}"
                                   f": {self.tail()}")
            try:
                c = PG(self.port, timeout=2)
                c.query("SELECT 1")
                c.close()
                return self
            except (OSError, PGError):
                time.sleep(0.1)
        raise RuntimeError("postgres did not start: " + self.tail())

    def tail(self):
        try:
            with open(os.path.join(self.dir, "server.log"),
                      errors="replace") as f:
                return f.read()[-2000:]
        except OSError:
            return ""

    def pids(self):
        if self.proc is None:
            return []
        return [self.proc.pid] + children(self.proc.pid)

    def pss_kb(self):
        """The cluster's memory: PSS summed over the postmaster and its
        children (their RSS summed would count shared buffers once per
        backend)."""
        return sum(pss_kb(p) or 0 for p in self.pids())

    def connect(self):
        return PG(self.port)

    def stop(self):
        stop_pid(self.proc, signal.SIGINT, timeout=60)
        self.proc = None


def pgbench(cluster, script, seconds, conns, cpu, sampler=None, var=None):
    """pgbench -M prepared with a custom script on cpu: transactions/s.
    var: {name: value} for -D (the script's :name, bound as a parameter:
    a literal in the script cannot hold a colon)."""
    cmd = ["taskset", "-c", cpu, os.path.join(PG_BIN, "pgbench"), "-n",
           "-h", "127.0.0.1", "-p", str(cluster.port), "-U", "postgres",
           "-c", str(conns), "-j", "1", "-T", str(seconds), "-M", "prepared",
           "-f", script]
    for k, v in (var or {}).items():
        cmd += ["-D", f"{k}={v}"]
    cmd.append("postgres")
    p = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                         text=True)
    if sampler:
        sampler(p)
    out, err = p.communicate(timeout=seconds + 120)
    if p.returncode != 0:
        raise RuntimeError(f"pgbench: {err.strip()[-1000:]}")
    m = re.search(r"tps = ([\d.]+) \(without initial connection time\)",
                  out)
    failed = re.search(r"number of failed transactions: (\d+)", out)
    if not m:
        raise RuntimeError(f"pgbench said: {out[-1000:]}")
    return {"rps": float(m.group(1)), "non2xx": int(failed.group(1))
            if failed else 0, "tool": "pgbench"}


# ---- what is installed -------------------------------------------------------

def missing(name, without=()):
    """None when the peer can run here, else why not."""
    if name.startswith("pouchdb"):
        return pouchdb_missing(without)
    return pg_missing(without)


def version(name):
    return pouchdb_version() if name.startswith("pouchdb") else pg_version()


def canon(body):
    """The body's canonical JSON text (sorted keys, no spaces, UTF-8):
    the bytes nordfed signs and stores."""
    return json.dumps(body, ensure_ascii=False, separators=(",", ":"),
                      sort_keys=True)


# ---- the runs ----------------------------------------------------------------

def run_pouchdb(b, name):
    """PouchDB Server: a source (CPU 1) loaded with the records, then for
    each run a new replica server (CPU 0) pulls them all with
    POST /_replicate (PouchDB's defaults: /_replicate takes no batch size);
    on the last replica, continuous replication for the write latency,
    then the GET load."""
    mode = "memory" if name.endswith("memory") else "leveldb"
    recs = b.records()
    n = len(recs)
    base = os.path.join(b.tmp, name)
    os.makedirs(base)
    timeout = 3600 * b.p["timeout_scale"] + 60
    res = b.peer_res[name]
    servers = []

    def server(sub, cpu):
        s = PouchServer(base, sub, mode, cpu)
        servers.append(s)
        b.peer_procs.append(s)
        return s.start()

    try:
        src = server("src", CLIENT_CPU)
        src.call("PUT", "/src")
        t0 = time.perf_counter()
        for k in range(0, n, BATCH):
            out = src.call("POST", "/src/_bulk_docs", {"docs": [
                pouch_doc(i, body) for i, body in recs[k:k + BATCH]]},
                timeout=timeout)
            bad = [x for x in out if not x.get("ok")]
            if bad:
                raise RuntimeError(f"pouchdb load: {bad[:3]}")
        res["load_s"] = round(time.perf_counter() - t0, 2)
        rates, runs, dst = [], [], None
        for r in range(b.p["runs"]):
            if dst is not None:
                dst.stop()
            dst = server(f"dst-{r}", SERVER_CPU)
            dst.call("PUT", "/dst")
            t0 = time.perf_counter()
            out = dst.call("POST", "/_replicate", {
                "source": f"{src.url}/src", "target": "dst"},
                timeout=timeout)
            t = time.perf_counter() - t0
            if not out.get("ok") or out.get("docs_written") != n:
                raise RuntimeError(f"pouchdb replicate: {str(out)[:500]}")
            info = dst.call("GET", "/dst")
            if info.get("doc_count") != n:
                raise RuntimeError(f"pouchdb replica holds "
                                   f"{info.get('doc_count')} of {n}")
            rates.append(n / t)
            runs.append({"seconds": t, "rate": n / t})
        res["catchup"] = {"value": median(rates), "unit": "records/s",
                          "samples": rates, "runs": runs, "records": n}
        log(f"bench: {name}: catch-up {median(rates):,.0f} records/s")
        dst.call("POST", "/_replicate", {"source": f"{src.url}/src",
                                         "target": "dst", "continuous": True})
        poll = Poller()
        try:
            b.replica_latency(
                name, lambda rid, body: src.call("PUT", f"/src/{rid}", body),
                lambda rid, t0, tmo: poll.wait([dst.port], f"/dst/{rid}", t0,
                                               tmo).get(dst.port))
        finally:
            poll.close()
        b.replica_get(name, dst.proc.pid, url=f"{dst.url}/dst/{b.get_id()}")
    finally:
        for s in servers:
            s.stop()
            if s in b.peer_procs:
                b.peer_procs.remove(s)


def run_postgres(b, name):
    """PostgreSQL 15: a publisher (CPU 1) and a subscriber (CPU 0), each a
    cluster of its own, table orgs(id text PRIMARY KEY, body jsonb). For
    each run a disabled subscription is made (its slot keeps the WAL), the
    records are inserted on the publisher, 1,000 a transaction, and the
    clock runs from ENABLE until the subscriber holds the last one. The
    last subscription stays for the write latency and the GET load."""
    recs = b.records()
    n = len(recs)
    base = os.path.join(b.tmp, name)
    os.makedirs(base)
    if os.geteuid() == 0:
        os.chmod(b.tmp, 0o711)     # the postgres user walks through it
    timeout = 3600 * b.p["timeout_scale"] + 60
    res = b.peer_res[name]
    pub = PGCluster(base, "publisher", CLIENT_CPU, {"wal_level": "logical"})
    sub = PGCluster(base, "subscriber", SERVER_CPU, {})
    res["settings"] = {"publisher": pub.settings, "subscriber": sub.settings,
                       "subscription": "copy_data = false; synchronous_commit"
                       " left at its default (off: safe for logical "
                       "replication, the publisher re-sends)",
                       "table": "orgs(id text PRIMARY KEY, body jsonb)"}
    conns = []
    try:
        for c in (pub, sub):
            b.peer_procs.append(c)
            c.init().start()
        pc, sc = pub.connect(), sub.connect()
        conns += [pc, sc]
        schema = "CREATE TABLE orgs(id text PRIMARY KEY, body jsonb NOT NULL)"
        pc.query(schema)
        pc.query("CREATE PUBLICATION p FOR TABLE orgs")
        sc.query(schema)
        conninfo = (f"host=127.0.0.1 port={pub.port} user=postgres "
                    "dbname=postgres")
        last = lit(recs[-1][0])
        rates, runs, load_s = [], [], []
        for r in range(b.p["runs"]):
            if r:
                sc.query(f"DROP SUBSCRIPTION s{r - 1}")
                sc.query("TRUNCATE orgs")
                pc.query("TRUNCATE orgs")
            sc.query(f"CREATE SUBSCRIPTION s{r} CONNECTION {lit(conninfo)} "
                     "PUBLICATION p WITH (copy_data = false, "
                     "enabled = false)")
            t0 = time.perf_counter()
            for k in range(0, n, BATCH):
                pc.query("INSERT INTO orgs(id, body) VALUES " + ",".join(
                    f"({lit(i)},{lit(canon(body))})"
                    for i, body in recs[k:k + BATCH]))
            load_s.append(round(time.perf_counter() - t0, 2))
            t0 = time.perf_counter()
            sc.query(f"ALTER SUBSCRIPTION s{r} ENABLE")
            end = t0 + timeout
            while not sc.query(f"SELECT 1 FROM orgs WHERE id = {last}"):
                if time.perf_counter() > end:
                    raise RuntimeError(f"postgresql: no catch-up in "
                                       f"{timeout:.0f} s")
                time.sleep(0.02)
            t = time.perf_counter() - t0
            got = int(sc.query("SELECT count(*) FROM orgs")[0][0])
            if got != n:
                raise RuntimeError(f"postgresql subscriber holds {got} of "
                                   f"{n}")
            rates.append(n / t)
            runs.append({"seconds": t, "rate": n / t})
        res["load_s"] = load_s
        res["catchup"] = {"value": median(rates), "unit": "records/s",
                          "samples": rates, "runs": runs, "records": n}
        log(f"bench: {name}: catch-up {median(rates):,.0f} records/s")

        def write(rid, body):
            pc.query(f"INSERT INTO orgs(id, body) VALUES ({lit(rid)},"
                     f"{lit(canon(body))})")

        def poll(rid, t0, tmo):
            q = f"SELECT 1 FROM orgs WHERE id = {lit(rid)}"
            while time.perf_counter() < t0 + tmo:
                if sc.query(q):
                    return time.perf_counter() - t0
                time.sleep(0.002)
            return None

        b.replica_latency(name, write, poll)
        script = os.path.join(base, "get.sql")
        with open(script, "w") as f:
            f.write("SELECT body FROM orgs WHERE id = :rid;\n")
        b.replica_get(name, sub.proc.pid, total=sub.pss_kb,
                      runner=lambda sampler: pgbench(
                          sub, script, b.p["wrk_s"], b.p["conns"],
                          CLIENT_CPU, sampler, {"rid": b.get_id()}))
    finally:
        for c in conns:
            c.close()
        for c in (sub, pub):
            c.stop()
            if c in b.peer_procs:
                b.peer_procs.remove(c)
