"""nordfedctl init and the checks of nordfed-node -n, black-box.

init creates the data directory, the key and the token file (modes), a
configuration the node starts from, and prints the peer line and the token
once; the node accepts a write with that token. It refuses bad arguments
(exit 2) and anything that exists (exit 1) without changing anything, and a
failed run leaves nothing behind (exit 3). -n refuses a missing data
directory and a peer pinned with the node's own key, naming file and line,
and warns without a token file.
"""
import json
import os
import re
import shutil
import stat
import subprocess
import tempfile

import harness

CTL = harness.CTL_BIN
NODE = harness.NODE_BIN


def ctl(*args, cwd=None):
    return subprocess.run([CTL, *args], capture_output=True, text=True,
                          cwd=cwd, timeout=30)


def check(conf):
    return subprocess.run([NODE, "-c", conf, "-n"], capture_output=True,
                          text=True, timeout=30)


def listing(d):
    """Every path under d, for "nothing changed" checks."""
    out = []
    for root, dirs, files in os.walk(d):
        out += [os.path.join(root, x) for x in dirs + files]
    return sorted(out)


def mode(p):
    return stat.S_IMODE(os.stat(p).st_mode)


def test_init_sets_up_a_node_that_takes_writes():
    tmp = tempfile.mkdtemp(prefix="nordfed-init-")
    node = None
    try:
        port = harness.free_port()
        r = ctl("init", "-c", "etc/nordfed.conf", "--country", "dk",
                "--listen", f"127.0.0.1:{port}", "--data-dir", "state",
                "--url", "https://nordfed.example.dk/", cwd=tmp)
        assert r.returncode == 0, r.stderr
        conf = os.path.join(tmp, "etc", "nordfed.conf")
        data = os.path.join(tmp, "state")
        key, tokens = os.path.join(data, "node.key"), \
            os.path.join(data, "tokens")
        # modes: the secrets 0600, the data directory 0750
        assert mode(key) == 0o600 and mode(tokens) == 0o600
        assert mode(data) == 0o750
        assert os.path.getsize(key) == 32
        # the key is marked as one that has signed nothing yet
        fresh = key + ".fresh"
        assert mode(fresh) == 0o600
        assert open(fresh).readline().startswith("key "), open(fresh).read()
        # the peer line and the token are printed, the token once
        pk = re.search(r"^public_key = ([A-Za-z0-9_-]{43})$", r.stdout, re.M)
        tok = re.search(r"^token = ([A-Za-z0-9_-]{43})$", r.stdout, re.M)
        assert pk and tok, r.stdout
        assert r.stdout.count(tok.group(1)) == 1
        out = ctl("pubkey", key, "--json")
        assert json.loads(out.stdout)["public_key"] == pk.group(1)
        # the token file has the node's line format: "admin TOKEN"
        lines = [ln for ln in open(tokens).read().splitlines()
                 if ln and not ln.startswith("#")]
        assert lines == [f"admin {tok.group(1)}"]
        text = open(conf).read()
        assert "\ncountry = DK\n" in text
        assert f"\nport = {port}\n" in text
        assert f"\ndata_dir = {data}\n" in text
        assert "\npublic_url = https://nordfed.example.dk\n" in text
        assert "#[peer norway]" in text
        # the node checks and starts from it; the database is in data_dir
        c = check(conf)
        assert c.returncode == 0 and c.stdout == "configuration OK\n", \
            c.stdout + c.stderr
        assert c.stderr == ""
        log = open(os.path.join(tmp, "node.log"), "wb")
        node = subprocess.Popen([NODE, "-c", conf], stdout=log, stderr=log,
                                start_new_session=True)
        log.close()
        url = f"http://127.0.0.1:{port}"
        harness_wait_up(url, node, tmp)
        assert os.path.exists(os.path.join(data, "nordfed.db"))
        # the node's first start took the marker: a later start on an
        # empty database would ask its peers (docs/operations.md)
        assert not os.path.exists(fresh)
        s, _, info = harness.request("GET", url + "/api/v1/node")
        assert s == 200 and info["country"] == "DK"
        assert info["public_key"] == pk.group(1)
        assert info["public_url"] == "https://nordfed.example.dk"
        body = {"name": "Frivilligcenter Aarhus", "classification":
                "association", "country": "DK"}
        s, _, b = harness.request("POST", url + "/api/v1/organisations",
                                  body, token=tok.group(1))
        assert s == 201, b
        s, _, b = harness.request("POST", url + "/api/v1/organisations",
                                  body, token="x" * 43)
        assert s == 401, b
        # problem details name the resource at the public URL, no query
        s, _, b = harness.request("GET", url + "/api/v1/organisations/"
                                  "dk:org:nope?lang=da")
        assert s == 404, b
        assert b["instance"] == ("https://nordfed.example.dk"
                                 "/api/v1/organisations/dk:org:nope"), b
        node.terminate()
        assert node.wait(10) == 0
        node = None
        assert_no_sanitizer_report(os.path.join(tmp, "node.log"))
    finally:
        if node is not None and node.poll() is None:
            node.terminate()
            node.wait(10)
        shutil.rmtree(tmp)


def assert_no_sanitizer_report(path):
    log = open(path, errors="replace").read()
    for mark in ("ERROR: AddressSanitizer", "ERROR: LeakSanitizer",
                 "runtime error:"):
        assert mark not in log, log[log.index(mark):][:3000]


def harness_wait_up(url, proc, tmp):
    import time
    end = time.time() + 15
    while time.time() < end:
        if proc.poll() is not None:
            raise AssertionError("node exited: " +
                                 open(os.path.join(tmp, "node.log")).read())
        try:
            if harness.request("GET", url + "/healthz", timeout=1)[0] == 200:
                return
        except OSError:
            pass
        time.sleep(0.05)
    raise AssertionError("node did not come up")


def test_init_json_and_ipv6():
    tmp = tempfile.mkdtemp(prefix="nordfed-init-")
    try:
        r = ctl("init", "-c", f"{tmp}/n.conf", "--country", "FI",
                "--listen", "[::1]:8470", "--data-dir", f"{tmp}/d", "--json")
        assert r.returncode == 0, r.stderr
        j = json.loads(r.stdout)
        assert j["country"] == "FI" and j["listen"] == "::1"
        assert j["port"] == 8470 and j["public_url"] is None
        assert j["data_dir"] == f"{tmp}/d"
        assert j["database"] == f"{tmp}/d/nordfed.db"
        assert j["token_name"] == "admin" and len(j["token"]) == 43
        assert j["created_data_dir"] is True
        text = open(f"{tmp}/n.conf").read()
        assert "\nlisten = ::1\n" in text
        assert "\n#public_url = " in text      # not given: left commented
        assert check(f"{tmp}/n.conf").returncode == 0
    finally:
        shutil.rmtree(tmp)


def test_init_refuses_bad_arguments_and_changes_nothing():
    tmp = tempfile.mkdtemp(prefix="nordfed-init-")
    base = {"-c": f"{tmp}/etc/n.conf", "--country": "SE",
            "--listen": "127.0.0.1:8470", "--data-dir": f"{tmp}/data"}
    bad = [
        ("--country", "XX", "--country"),
        ("--country", "sweden", "--country"),
        ("--listen", "localhost:8470", "--listen"),
        ("--listen", "127.0.0.1", "--listen"),
        ("--listen", "127.0.0.1:0", "--listen"),
        ("--listen", "127.0.0.1:70000", "--listen"),
        ("--listen", "::1:8470", "--listen"),
        ("--url", "ftp://nordfed.example.se", "--url"),
        ("--url", "https://nordfed.example.se/nordfed", "--url"),
        ("--url", "https://nordfed.example.se?x=1", "--url"),
        ("--url", "https://user@nordfed.example.se", "--url"),
        ("--url", "https://nordfed.example.se:99999", "--url"),
        ("--url", "https://", "--url"),
        ("-c", f"{tmp}/etc/", "-c"),
    ]
    try:
        for opt, val, named in bad:
            args = dict(base)
            args[opt] = val
            r = ctl("init", *[x for kv in args.items() for x in kv])
            assert r.returncode == 2, (opt, val, r.stderr)
            assert named in r.stderr, (opt, val, r.stderr)
            assert listing(tmp) == [], (opt, val, listing(tmp))
        # a missing required option, an unknown one, a stray argument
        for args in (["-c", f"{tmp}/n.conf", "--country", "SE",
                      "--listen", "127.0.0.1:8470"],
                     ["--bogus"] + [x for kv in base.items() for x in kv],
                     ["stray"] + [x for kv in base.items() for x in kv]):
            r = ctl("init", *args)
            assert r.returncode == 2, r.stderr
            assert "usage: nordfedctl init" in r.stderr
            assert listing(tmp) == []
        r = ctl("init", "--help")
        assert r.returncode == 0 and "--data-dir DIR" in r.stdout
    finally:
        shutil.rmtree(tmp)


def test_init_never_overwrites():
    tmp = tempfile.mkdtemp(prefix="nordfed-init-")
    try:
        args = ["init", "-c", f"{tmp}/etc/n.conf", "--country", "SE",
                "--listen", "127.0.0.1:8470", "--data-dir", f"{tmp}/data"]
        assert ctl(*args).returncode == 0
        before = {p: open(p, "rb").read() for p in listing(tmp)
                  if os.path.isfile(p)}
        r = ctl(*args)
        assert r.returncode == 1
        for what in (f"the configuration {tmp}/etc/n.conf exists",
                     f"the key {tmp}/data/node.key exists",
                     f"the token file {tmp}/data/tokens exists",
                     "nothing was changed"):
            assert what in r.stderr, r.stderr
        after = {p: open(p, "rb").read() for p in listing(tmp)
                 if os.path.isfile(p)}
        assert after == before
        # each one alone is enough to refuse: only the key left
        os.unlink(f"{tmp}/etc/n.conf")
        os.unlink(f"{tmp}/data/tokens")
        r = ctl(*args)
        assert r.returncode == 1 and "the key" in r.stderr
        assert not os.path.exists(f"{tmp}/etc/n.conf")
        assert not os.path.exists(f"{tmp}/data/tokens")
        # a database in the data directory: a node lives there already
        os.unlink(f"{tmp}/data/node.key")
        os.unlink(f"{tmp}/data/node.key.fresh")
        open(f"{tmp}/data/nordfed.db", "w").close()
        r = ctl(*args)
        assert r.returncode == 1 and "a database" in r.stderr, r.stderr
        assert sorted(os.listdir(f"{tmp}/data")) == ["nordfed.db"]
        # a file where the data directory should be
        shutil.rmtree(f"{tmp}/data")
        open(f"{tmp}/data", "w").close()
        r = ctl(*args)
        assert r.returncode == 1 and "not a directory" in r.stderr
    finally:
        shutil.rmtree(tmp)


def test_a_failed_init_leaves_nothing_behind():
    tmp = tempfile.mkdtemp(prefix="nordfed-init-")
    try:
        # the configuration's directory cannot be made (its parent is
        # missing): the data directory, key and token file made before it
        # are removed again
        r = ctl("init", "-c", f"{tmp}/no/such/n.conf", "--country", "SE",
                "--listen", "127.0.0.1:8470", "--data-dir", f"{tmp}/data")
        assert r.returncode == 3, r.stderr
        assert "cannot create the configuration directory" in r.stderr
        assert "removed" in r.stderr
        assert listing(tmp) == []
        # with a data directory that existed, only it is left, empty
        os.mkdir(f"{tmp}/data", 0o700)
        r = ctl("init", "-c", f"{tmp}/no/such/n.conf", "--country", "SE",
                "--listen", "127.0.0.1:8470", "--data-dir", f"{tmp}/data")
        assert r.returncode == 3
        assert listing(tmp) == [f"{tmp}/data"]
        assert mode(f"{tmp}/data") == 0o700      # not touched
    finally:
        shutil.rmtree(tmp)


def test_init_as_root_gives_the_secrets_to_the_data_directory_owner():
    if os.geteuid() != 0:
        # chown needs root: the package's nordfed user case
        print("  (not root: the owner hand-over is not exercised)")
        return
    tmp = tempfile.mkdtemp(prefix="nordfed-init-")
    try:
        os.chmod(tmp, 0o755)
        os.mkdir(f"{tmp}/data", 0o750)
        os.chown(f"{tmp}/data", 65534, 65534)
        r = ctl("init", "-c", f"{tmp}/n.conf", "--country", "SE",
                "--listen", "127.0.0.1:8470", "--data-dir", f"{tmp}/data")
        assert r.returncode == 0, r.stderr
        for p in ("node.key", "tokens"):
            st = os.stat(f"{tmp}/data/{p}")
            assert (st.st_uid, st.st_gid) == (65534, 65534)
            assert stat.S_IMODE(st.st_mode) == 0o600
        assert os.stat(f"{tmp}/n.conf").st_uid == 0
        assert "belong to uid 65534" in r.stdout
    finally:
        shutil.rmtree(tmp)


def test_check_refuses_what_an_operator_gets_wrong():
    tmp = tempfile.mkdtemp(prefix="nordfed-init-")
    try:
        conf = f"{tmp}/n.conf"
        r = ctl("init", "-c", conf, "--country", "SE", "--listen",
                "127.0.0.1:8470", "--data-dir", f"{tmp}/data", "--json")
        own = json.loads(r.stdout)["public_key"]
        text = open(conf).read()
        lines = text.count("\n")

        # our own key pasted as a peer's: refused, naming file and line
        with open(conf, "a") as f:
            f.write(f"[peer norway]\nurl = http://127.0.0.1:1\n"
                    f"public_key = {own}\ncountry = NO\n")
        c = check(conf)
        assert c.returncode == 1
        assert c.stderr.startswith(f"{conf}:{lines + 3}: [peer norway] "
                                   "public_key is this node's own key"), \
            c.stderr
        # ... or in [pins]
        open(conf, "w").write(text + f"[pins]\nFI = {own}\n")
        c = check(conf)
        assert c.returncode == 1
        assert c.stderr.startswith(f"{conf}:{lines + 2}: [pins] FI is this "
                                   "node's own key"), c.stderr

        # the data directory is gone
        open(conf, "w").write(text)
        os.rename(f"{tmp}/data", f"{tmp}/moved")
        open(conf, "w").write(text.replace(f"{tmp}/data/", f"{tmp}/moved/"))
        c = check(conf)
        line = text[:text.index("\ndata_dir = ")].count("\n") + 2
        assert c.returncode == 1
        assert c.stderr.startswith(f"{conf}:{line}: data_dir: directory "
                                   f"{tmp}/data does not exist"), c.stderr

        # no token file: OK, with a warning that writes are refused
        os.rename(f"{tmp}/moved", f"{tmp}/data")
        open(conf, "w").write(text.replace("\ntoken_file = ",
                                           "\n#token_file = "))
        c = check(conf)
        assert c.returncode == 0 and c.stdout == "configuration OK\n"
        assert "no token_file" in c.stderr
        assert "every write to this node's records will be refused" in \
            c.stderr
    finally:
        shutil.rmtree(tmp)
