"""Multi-node test harness: real nordfed nodes on 127.0.0.1.

Starts nodes from the build directory in a temporary directory, each with
its own key, token, database and config; pins every node's key in every
other's config. Nodes can be stopped, SIGKILLed, restarted, paused
(SIGSTOP) and isolated: every peer link can go through a FaultProxy that
passes, drops (refuses), delays or cuts connections.

Every wait here is bounded and raises on timeout.
"""
import hashlib
import json
import os
import resource
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BUILD = os.path.join(ROOT, os.environ.get("BUILD", "build"))
NODE_BIN = os.path.join(BUILD, "nordfed-node")
CTL_BIN = os.path.join(BUILD, "nordfedctl")
ALL = ["SE", "NO", "DK", "FI", "IS", "GL", "FO", "AX"]


def _ephemeral_range():
    try:
        with open("/proc/sys/net/ipv4/ip_local_port_range") as f:
            lo, hi = (int(x) for x in f.read().split())
            return lo, hi
    except (OSError, ValueError):
        return 32768, 60999


def _port_pool():
    """Ports a test may listen on: outside the kernel's ephemeral range, so
    that no outgoing connection (a node's libcurl, a test's client) can be
    given the port as its local end between free_port() and the node's
    bind, or while a node restarts on it.  Each process starts at its own
    place in the pool, so concurrent test processes rarely meet."""
    lo, hi = _ephemeral_range()
    if lo - 1 - 20000 >= 4096:
        first, last = 20000, lo - 1
    elif 65535 - (hi + 1) >= 4096:
        first, last = hi + 1, 65535
    else:
        return None
    size = last - first + 1
    start = (os.getpid() * 7919 + int(time.time() * 1000)) % size
    return (first + (start + i) % size for i in range(size))


_POOL = _port_pool()


def free_port():
    """A port on 127.0.0.1 that nothing listens on now and that the kernel
    will not hand to an outgoing connection."""
    if _POOL is not None:
        for port in _POOL:
            with socket.socket() as s:
                try:
                    s.bind(("127.0.0.1", port))
                except OSError:
                    continue
                return port
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class HTTPError(Exception):
    def __init__(self, status, body):
        super().__init__(f"HTTP {status}: {body!r}")
        self.status = status
        self.body = body


def request(method, url, body=None, token=None, ctype="application/json",
            timeout=10, raw=False, headers=None):
    """One HTTP request; returns (status, headers, parsed body or bytes)."""
    data = None
    hdrs = dict(headers or {})
    if body is not None:
        data = body if isinstance(body, (bytes, bytearray)) else \
            json.dumps(body).encode()
        if ctype:
            hdrs["Content-Type"] = ctype
    if token:
        hdrs["Authorization"] = "Bearer " + token
    req = urllib.request.Request(url, data=data, method=method, headers=hdrs)
    try:
        with urllib.request.urlopen(req, timeout=timeout) as r:
            status, rh, payload = r.status, r.headers, r.read()
    except urllib.error.HTTPError as e:
        status, rh, payload = e.code, e.headers, e.read()
    if raw:
        return status, rh, payload
    ct = rh.get("Content-Type", "") if rh else ""
    if "json" in ct and payload:
        return status, rh, json.loads(payload)
    return status, rh, payload


class FaultProxy:
    """A TCP proxy in front of one node: mode 'pass', 'drop' (refuse new
    connections and cut open ones), 'delay' (hold each chunk delay_s)."""

    def __init__(self, target_port):
        self.target = target_port
        self.mode = "pass"
        self.delay_s = 0.0
        self.sock = socket.socket()
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(64)
        self.port = self.sock.getsockname()[1]
        self.conns = []
        self.lock = threading.Lock()
        self.closed = False
        threading.Thread(target=self._accept, daemon=True).start()

    def set(self, mode, delay_s=0.0):
        self.mode, self.delay_s = mode, delay_s
        if mode == "drop":
            self.cut()

    def cut(self):
        with self.lock:
            for c in self.conns:
                try:
                    c.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass
                c.close()
            self.conns = []

    def _accept(self):
        while not self.closed:
            try:
                c, _ = self.sock.accept()
            except OSError:
                return
            if self.mode == "drop":
                c.close()
                continue
            try:
                u = socket.create_connection(("127.0.0.1", self.target), 2)
            except OSError:
                c.close()
                continue
            with self.lock:
                self.conns += [c, u]
            for a, b in ((c, u), (u, c)):
                threading.Thread(target=self._pump, args=(a, b),
                                 daemon=True).start()

    def _pump(self, a, b):
        try:
            while True:
                d = a.recv(65536)
                if not d:
                    break
                if self.mode == "drop":
                    break
                if self.mode == "delay" and self.delay_s:
                    time.sleep(self.delay_s)
                b.sendall(d)
        except OSError:
            pass
        for s in (a, b):
            try:
                s.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass

    def close(self):
        self.closed = True
        self.cut()
        self.sock.close()


class Node:
    def __init__(self, fed, country, port=None):
        self.fed = fed
        self.country = country
        self.port = port or free_port()
        self.dir = os.path.join(fed.dir, country.lower())
        os.makedirs(self.dir, exist_ok=True)
        self.key_file = os.path.join(self.dir, "node.key")
        self.db = os.path.join(self.dir, "nordfed.db")
        self.conf = os.path.join(self.dir, "nordfed.conf")
        self.token_file = os.path.join(self.dir, "tokens")
        self.log_path = os.path.join(self.dir, "node.log")
        self.token = hashlib.sha256(
            (fed.dir + country).encode()).hexdigest()[:40]
        self.extra_keys = []
        self.extra_conf = ""     # more config text, e.g. a [limits] section
        self.nofile = None       # RLIMIT_NOFILE for the node process
        self.proc = None
        self.peers = []      # (name, url, pubkey, country)
        self.pubkey = None
        if not os.path.exists(self.key_file):
            out = subprocess.run([CTL_BIN, "keygen", "--out", self.key_file,
                                  "--json"], check=True, capture_output=True,
                                 text=True).stdout
            self.pubkey = json.loads(out)["public_key"]
        else:
            out = subprocess.run([CTL_BIN, "pubkey", self.key_file, "--json"],
                                 check=True, capture_output=True,
                                 text=True).stdout
            self.pubkey = json.loads(out)["public_key"]
        fd = os.open(self.token_file, os.O_WRONLY | os.O_CREAT | os.O_TRUNC,
                     0o600)
        os.write(fd, f"admin {self.token}\n".encode())
        os.close(fd)

    @property
    def url(self):
        return f"http://127.0.0.1:{self.port}"

    def write_conf(self, extra=""):
        lines = [
            "# written by tests/harness.py",
            "[node]",
            f"country = {self.country}",
            "listen = 127.0.0.1",
            f"port = {self.port}",
            f"database = {self.db}",
            f"key_file = {self.key_file}",
            f"token_file = {self.token_file}",
            f"log_level = {os.environ.get('NORDFED_LOG_LEVEL', 'info')}",
            "",
            "[sync]",
            f"pull_interval_ms = {self.fed.pull_ms}",
            "backoff_max_ms = 2000",
            "",
        ]
        for name, url, pk, cc in self.peers:
            lines += [f"[peer {name}]", f"url = {url}", f"public_key = {pk}",
                      f"country = {cc}", ""]
        pins = getattr(self, "extra_keys", [])
        if pins:
            lines += ["[pins]"] + [f"{cc} = {pk}" for cc, pk in pins] + [""]
        with open(self.conf, "w") as f:
            f.write("\n".join(lines) + extra + self.extra_conf)

    def start(self, wait=True, writable=True):
        """Start the node; with wait, until it answers, and with writable
        too, until it signs: a node with peers holds writes after start
        until a peer has shown what it holds of the node's own log
        (docs/operations.md, Recovery), when one of its peers runs."""
        self.write_conf()
        log = open(self.log_path, "ab")
        env = dict(os.environ)
        limit = None
        if self.nofile is not None:
            n = self.nofile

            def limit():
                resource.setrlimit(resource.RLIMIT_NOFILE, (n, n))
        self.proc = subprocess.Popen([NODE_BIN, "-c", self.conf],
                                     stdout=log, stderr=log, env=env,
                                     start_new_session=True,
                                     preexec_fn=limit)
        log.close()
        if wait:
            self.wait_up()
            if writable and any(self.fed.nodes[p[3]].running()
                                for p in self.peers
                                if p[3] in self.fed.nodes):
                self.wait_writable()
        return self

    def own(self):
        """The own-log guard's state from the sync status."""
        s, _, st = self.get("/api/v1/sync/status")
        if s != 200:
            raise HTTPError(s, st)
        return st["own"]

    def wait_writable(self, timeout=15):
        end = time.time() + timeout
        own = None
        while time.time() < end:
            own = self.own()
            if own["writable"]:
                return own
            time.sleep(0.05)
        raise RuntimeError(f"{self.country} does not sign after "
                           f"{timeout}s: {own}")

    def wait_up(self, timeout=15):
        end = time.time() + timeout
        while time.time() < end:
            if self.proc.poll() is not None:
                raise RuntimeError(f"{self.country} exited "
                                   f"{self.proc.returncode}: {self.tail()}")
            try:
                s, _, _ = request("GET", self.url + "/healthz", timeout=1)
                if s == 200:
                    return
            except OSError:
                pass
            time.sleep(0.05)
        raise RuntimeError(f"{self.country} did not come up: {self.tail()}")

    def tail(self, n=20):
        try:
            with open(self.log_path, errors="replace") as f:
                return "".join(f.readlines()[-n:])
        except OSError:
            return ""

    def stop(self, timeout=10):
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGCONT)
            self.proc.terminate()
            try:
                self.proc.wait(timeout)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(5)
                raise RuntimeError(f"{self.country} ignored SIGTERM")
        rc = self.proc.returncode if self.proc else 0
        self.proc = None
        return rc

    def kill(self):
        if self.proc and self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait(5)
        self.proc = None

    def pause(self):
        self.proc.send_signal(signal.SIGSTOP)

    def resume(self):
        self.proc.send_signal(signal.SIGCONT)

    def running(self):
        return self.proc is not None and self.proc.poll() is None

    # -- HTTP ---------------------------------------------------------------
    def get(self, path, **kw):
        return request("GET", self.url + path, **kw)

    def call(self, method, path, body=None, **kw):
        kw.setdefault("token", self.token)
        return request(method, self.url + path, body, **kw)

    def put(self, collection, rid, body):
        s, _, b = self.call("PUT", f"/api/v1/{collection}/{rid}", body)
        if s not in (200, 201):
            raise HTTPError(s, b)
        return b

    def post(self, collection, body):
        s, _, b = self.call("POST", f"/api/v1/{collection}", body)
        if s != 201:
            raise HTTPError(s, b)
        return b

    def digest(self):
        s, _, b = self.get("/federation/v1/digest")
        if s != 200:
            raise HTTPError(s, b)
        return b


COLLECTION = {
    "organisation": "organisations", "network": "networks",
    "membership": "memberships", "membership_request": "membership-requests",
    "meeting": "meetings", "resource": "resources",
    "collaboration": "collaborations",
}


class Federation:
    """N nodes. links: None for a full mesh, else a set of (a, b) pairs
    (undirected) that may talk. proxies: put a FaultProxy in front of
    every node, and point peers at the proxies."""

    def __init__(self, countries=ALL, links=None, proxies=False, pull_ms=300,
                 keep=False, base_dir=None, ports=None):
        if base_dir:
            os.makedirs(base_dir, exist_ok=True)
        self.dir = base_dir or tempfile.mkdtemp(prefix="nordfed-fed-")
        self.keep = keep or base_dir is not None
        self.pull_ms = pull_ms
        self.nodes = {cc: Node(self, cc, (ports or {}).get(cc))
                      for cc in countries}
        self.proxies = {}        # (a, b): the proxy a uses to reach b
        for a, na in self.nodes.items():
            for b, nb in self.nodes.items():
                if a == b:
                    continue
                if links is not None and (a, b) not in links and \
                        (b, a) not in links:
                    continue
                url = nb.url
                if proxies:
                    px = self.proxies[(a, b)] = FaultProxy(nb.port)
                    url = f"http://127.0.0.1:{px.port}"
                na.peers.append((b.lower(), url, nb.pubkey, b))
        # every node pins every origin's key, linked or not (relay)
        for a, na in self.nodes.items():
            linked = {p[3] for p in na.peers}
            na.extra_keys = [(b, nb.pubkey) for b, nb in self.nodes.items()
                             if b != a and b not in linked]

    def start(self):
        for n in self.nodes.values():
            n.start(wait=False)
        for n in self.nodes.values():
            n.wait_up()
        for n in self.nodes.values():
            if n.peers:
                n.wait_writable()
        return self

    def __getitem__(self, cc):
        return self.nodes[cc]

    def stop(self):
        errors = []
        for n in self.nodes.values():
            try:
                rc = n.stop()
                if rc not in (0, None):
                    errors.append(f"{n.country} exited {rc}: {n.tail()}")
            except RuntimeError as e:
                errors.append(str(e))
            # a sanitizer report anywhere in a node's life fails the test
            try:
                with open(n.log_path, errors="replace") as f:
                    log = f.read()
            except OSError:
                log = ""
            for mark in ("ERROR: AddressSanitizer", "ERROR: LeakSanitizer",
                         "runtime error:"):
                if mark in log:
                    i = log.index(mark)
                    errors.append(f"{n.country}: {log[i:i + 3000]}")
        for p in self.proxies.values():
            p.close()
        if not self.keep:
            subprocess.run(["rm", "-rf", self.dir])
        if errors:
            raise RuntimeError("; ".join(errors))

    def partition(self, *groups):
        """Cut every proxied link between nodes of different groups."""
        side = {cc: i for i, g in enumerate(groups) for cc in g}
        for (a, b), px in self.proxies.items():
            px.set("drop" if side.get(a) != side.get(b) else "pass")

    def heal(self):
        for px in self.proxies.values():
            px.set("pass")

    def digests(self):
        return {cc: n.digest() for cc, n in self.nodes.items() if n.running()}

    def wait_converged(self, timeout=60, nodes=None):
        """Until every running node (or the given ones) reports the same
        state digest and no node lags. Returns the digest."""
        end = time.time() + timeout
        last = None
        while time.time() < end:
            try:
                ds = {cc: self.nodes[cc].digest()
                      for cc in (nodes or self.nodes)
                      if self.nodes[cc].running()}
            except (OSError, HTTPError) as e:
                last = str(e)
                time.sleep(0.2)
                continue
            vals = {json.dumps(d, sort_keys=True) for d in ds.values()}
            if len(vals) == 1:
                return next(iter(ds.values()))
            last = ds
            time.sleep(0.2)
        raise AssertionError(f"not converged after {timeout}s: {last}")


def load_sample(node, countries=None):
    """Write the sample data of node's country through its write API."""
    sys.path.insert(0, os.path.join(ROOT, "tests"))
    from sample import data
    n = 0
    for typ, rid, body in data.records(node.country):
        node.put(COLLECTION[typ], rid, body)
        n += 1
    for org, person in data.persons(node.country):
        s, _, b = node.call("POST", f"/api/v1/organisations/{org}/persons",
                            person)
        if s != 201:
            raise HTTPError(s, b)
    return n
