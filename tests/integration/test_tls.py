"""Two nodes across "the internet": each behind Debian's nginx terminating
TLS, with certificates from a test CA made here with the openssl CLI.

The nginx site is conf/nginx-nordfed.conf, the text docs/operations.md
shows verbatim (checked below); the test changes only the listen address,
the server name, the certificate paths and the node's port, each of which
must appear in it exactly once. Each nginx is started with its own prefix
and configuration on a 127.0.0.1 port and stopped by its PID; the nodes
listen on loopback behind them. The peers are https URLs with ca_file, the
nodes have a public_url; a write on each converges on both (every record,
one state digest), links use the public URL, nordfedctl verifies a peer
with its ca_file, and a peer verified against the wrong CA shows as a TLS
error in /api/v1/sync/status.
"""
import json
import os
import shutil
import socket
import ssl
import subprocess
import tempfile
import time
import urllib.request

import harness

SITE = os.path.join(harness.ROOT, "conf", "nginx-nordfed.conf")
DOC = os.path.join(harness.ROOT, "docs", "operations.md")
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"


def openssl(*args, cwd):
    subprocess.run(["openssl", *args], cwd=cwd, check=True,
                   capture_output=True, timeout=60)


def make_pki(d):
    """ca.pem (the test CA), server.pem/server.key for 127.0.0.1 and
    localhost signed by it, and other-ca.pem, a CA that signed nothing."""
    for ca in ("ca", "other-ca"):
        openssl("req", "-x509", "-newkey", "ec", "-pkeyopt",
                "ec_paramgen_curve:prime256v1", "-nodes",
                "-keyout", f"{ca}.key", "-out", f"{ca}.pem", "-days", "2",
                "-subj", f"/CN=nordfed test {ca}",
                "-addext", "basicConstraints=critical,CA:TRUE",
                "-addext", "keyUsage=critical,keyCertSign,cRLSign", cwd=d)
    openssl("req", "-new", "-newkey", "ec", "-pkeyopt",
            "ec_paramgen_curve:prime256v1", "-nodes", "-keyout",
            "server.key", "-out", "server.csr", "-subj", "/CN=localhost",
            cwd=d)
    with open(os.path.join(d, "ext.cnf"), "w") as f:
        f.write("basicConstraints=CA:FALSE\n"
                "keyUsage=critical,digitalSignature\n"
                "extendedKeyUsage=serverAuth\n"
                "subjectAltName=IP:127.0.0.1,DNS:localhost\n")
    openssl("x509", "-req", "-in", "server.csr", "-CA", "ca.pem", "-CAkey",
            "ca.key", "-set_serial", "2", "-days", "2", "-extfile",
            "ext.cnf", "-out", "server.pem", cwd=d)


def site_block():
    """The server block of conf/nginx-nordfed.conf, which the doc must
    show verbatim (indented as a code block)."""
    text = open(SITE).read()
    block = text[text.index("server {"):]
    doc = open(DOC).read()
    shown = "".join("    " + ln if ln.strip() else ln
                    for ln in block.splitlines(True))
    assert shown in doc, "docs/operations.md does not show " \
        "conf/nginx-nordfed.conf's server block verbatim"
    return block


class Nginx:
    """One nginx of the test: its own prefix, configuration and logs;
    stopped by its PID."""

    def __init__(self, base, name, block, tls_port, node_port, pki):
        self.dir = os.path.join(base, f"nginx-{name}")
        os.makedirs(self.dir)
        subs = {
            "listen 443 ssl;": f"listen 127.0.0.1:{tls_port} ssl;",
            "server_name nordfed.example.se;": "server_name localhost;",
            "/etc/letsencrypt/live/nordfed.example.se/fullchain.pem":
                os.path.join(pki, "server.pem"),
            "/etc/letsencrypt/live/nordfed.example.se/privkey.pem":
                os.path.join(pki, "server.key"),
            "proxy_pass http://127.0.0.1:8470;":
                f"proxy_pass http://127.0.0.1:{node_port};",
        }
        for old, new in subs.items():
            assert block.count(old) == 1, f"the site lost {old!r}"
            block = block.replace(old, new)
        d = self.dir
        conf = os.path.join(d, "nginx.conf")
        with open(conf, "w") as f:
            f.write(("user root;\n" if os.geteuid() == 0 else "") +
                    f"daemon off;\nworker_processes 1;\n"
                    f"pid {d}/nginx.pid;\nerror_log {d}/error.log info;\n"
                    f"events {{ worker_connections 256; }}\n"
                    f"http {{\n    access_log {d}/access.log;\n"
                    f"    client_body_temp_path {d}/body;\n"
                    f"    proxy_temp_path {d}/proxy;\n"
                    f"    fastcgi_temp_path {d}/fastcgi;\n"
                    f"    uwsgi_temp_path {d}/uwsgi;\n"
                    f"    scgi_temp_path {d}/scgi;\n"
                    + block + "}\n")
        self.proc = subprocess.Popen(
            [NGINX, "-p", d, "-c", conf, "-e", os.path.join(d, "error.log")],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            start_new_session=True)
        end = time.time() + 15
        while True:
            if self.proc.poll() is not None:
                raise AssertionError("nginx exited: " + self.log())
            try:
                socket.create_connection(("127.0.0.1", tls_port), 1).close()
                break
            except OSError:
                if time.time() > end:
                    raise AssertionError("nginx did not listen: " +
                                         self.log())
                time.sleep(0.05)

    def log(self):
        try:
            return open(os.path.join(self.dir, "error.log")).read()[-2000:]
        except OSError:
            return ""

    def stop(self):
        if self.proc.poll() is None:
            self.proc.terminate()
            self.proc.wait(15)


def https_get(url, cafile):
    ctx = ssl.create_default_context(cafile=cafile)
    with urllib.request.urlopen(url, context=ctx, timeout=10) as r:
        return r.status, r.read()


def peer_status(node, name):
    s, _, st = node.get("/api/v1/sync/status")
    assert s == 200, st
    return next(p for p in st["peers"] if p["name"] == name)


def set_conf(node, ca_file, public_url):
    """The harness's config, with public_url in [node] and ca_file in the
    node's one [peer] section (the last section it writes)."""
    def write(extra=""):
        harness.Node.write_conf(node, f"ca_file = {ca_file}\n" + extra)
        text = open(node.conf).read()
        assert text.rstrip().endswith(f"ca_file = {ca_file}")
        text = text.replace("[node]\n",
                            f"[node]\npublic_url = {public_url}\n", 1)
        with open(node.conf, "w") as f:
            f.write(text)
    node.write_conf = write


def test_two_nodes_behind_nginx_converge_over_tls():
    block = site_block()
    tmp = tempfile.mkdtemp(prefix="nordfed-tls-")
    pki = os.path.join(tmp, "pki")
    os.makedirs(pki)
    make_pki(pki)
    ca, other_ca = os.path.join(pki, "ca.pem"), os.path.join(pki,
                                                             "other-ca.pem")
    fed = harness.Federation(["SE", "NO"])
    proxies = []
    try:
        tls = {cc: harness.free_port() for cc in fed.nodes}
        public = {cc: f"https://127.0.0.1:{tls[cc]}" for cc in fed.nodes}
        for cc, n in fed.nodes.items():
            other = "NO" if cc == "SE" else "SE"
            n.peers = [(other.lower(), public[other],
                        fed[other].pubkey, other)]
            set_conf(n, ca, public[cc])
            proxies.append(Nginx(tmp, cc.lower(), block, tls[cc], n.port,
                                 pki))
        for n in fed.nodes.values():
            n.write_conf()
            c = subprocess.run([harness.NODE_BIN, "-c", n.conf, "-n"],
                               capture_output=True, text=True)
            assert c.returncode == 0, c.stderr
        fed.start()
        se, no = fed["SE"], fed["NO"]

        # through the proxy, with the test CA: the node and its public URL
        s, body = https_get(public["SE"] + "/api/v1/node", ca)
        info = json.loads(body)
        assert s == 200 and info["public_url"] == public["SE"]
        assert info["peers"][0]["url"] == public["NO"]

        # a write on each, converged on both
        ids = {"SE": [], "NO": []}
        lead = se.post("organisations", {
            "name": "Frivilligcentrum Malmö", "classification":
            "association", "country": "SE"})["id"]
        ids["SE"].append(lead)
        net = se.post("networks", {
            "name": {"sv": "Nordiskt nätverk för volontärer",
                     "en": "Nordic volunteering network"},
            "scope": "nordic", "lead_organisation": lead})["id"]
        ids["SE"].append(net)
        ids["NO"].append(no.post("organisations", {
            "name": "Frivillighetssentralen Bergen", "classification":
            "association", "country": "NO"})["id"])
        digest = fed.wait_converged(60)     # one state digest on both
        assert digest, digest
        for n in (se, no):
            for rid in ids["SE"] + ids["NO"]:
                coll = "networks" if ":net:" in rid else "organisations"
                s, _, rec = n.get(f"/api/v1/{coll}/{rid}")
                assert s == 200, (n.country, rid, rec)
            p = peer_status(n, "no" if n is se else "se")
            assert p["reachable"] is True, p
            assert p["url"].startswith("https://"), p
        # the entries went through nginx (its access log), not around it
        for px in proxies:
            log = open(os.path.join(px.dir, "access.log")).read()
            assert "/federation/v1/" in log, log[-500:]

        # links use the public URL: the calendar feed's SOURCE and URL
        s, body = https_get(
            f"{public['SE']}/api/v1/networks/{net}/meetings.ics?lang=sv", ca)
        ics = body.decode()
        unfolded = ics.replace("\r\n ", "")
        assert s == 200
        assert (f"SOURCE;VALUE=URI:{public['SE']}/api/v1/networks/{net}/"
                "meetings.ics?lang=sv\r\n") in unfolded, ics
        assert f"URL;VALUE=URI:{public['SE']}/#/network/{net}\r\n" in \
            unfolded, ics
        s, _, ov = se.get("/api/v1/overview")
        assert ov["node"]["public_url"] == public["SE"]
        own = next(r for r in ov["nodes"] if r["country"] == "SE")
        assert own["url"] == public["SE"]

        # the admin tool verifies the peer with the same ca_file
        r = subprocess.run([harness.CTL_BIN, "peers", "-c", se.conf],
                           capture_output=True, text=True, timeout=60)
        assert r.returncode == 0, r.stdout + r.stderr
        r = subprocess.run([harness.CTL_BIN, "status", "--probe", "--json",
                            "-c", se.conf], capture_output=True, text=True,
                           timeout=60)
        assert json.loads(r.stdout)["problems"] == [], r.stdout
        assert "SSL" not in r.stdout, r.stdout
        assert r.returncode == 0, r.stdout + r.stderr

        # the wrong CA for the peer: a TLS error in the sync status
        se.stop()
        set_conf(se, other_ca, public["SE"])
        se.start(writable=False)    # no peer to confirm its log through
        end = time.time() + 30
        p = peer_status(se, "no")
        while time.time() < end and "SSL" not in (p["last_error"] or ""):
            time.sleep(0.2)
            p = peer_status(se, "no")
        assert "SSL" in (p["last_error"] or ""), p
        assert "certificate" in p["last_error"], p
        assert p["reachable"] is False, p
        r = subprocess.run([harness.CTL_BIN, "peers", "-c", se.conf],
                           capture_output=True, text=True, timeout=60)
        assert r.returncode == 1, r.stdout + r.stderr
        assert "SSL" in r.stdout + r.stderr, r.stdout + r.stderr
        r = subprocess.run([harness.CTL_BIN, "status", "--probe", "--json",
                            "-c", se.conf], capture_output=True, text=True,
                           timeout=60)
        assert r.returncode == 1 and "SSL" in r.stdout, r.stdout + r.stderr
    finally:
        try:
            fed.stop()
        finally:
            for px in proxies:
                px.stop()
            shutil.rmtree(tmp)
