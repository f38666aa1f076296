"""The README's "Running one national node" recipe, run as written.

Every ```sh block of that section, in order, is run as one POSIX shell
script (sh -e -x, so that a failing command stops it and the trace shows
which) in a scratch directory, with the built binaries first on PATH and
NORDFED_ETC / NORDFED_DATA pointing at two directories of the scratch
directory: the recipe's own variables take them, as its first lines say,
so the text that runs is the text an operator pastes. The node it starts
in the background is stopped by its process group at the end.

The recipe's node listens on 127.0.0.1:8470, the port nordfedctl tries
without options; the test needs that port free.
"""
import os
import re
import signal
import socket
import subprocess
import tempfile
import textwrap
import time

import harness

SECTION = "## Running one national node"
PORT = 8470


def recipe_blocks():
    text = open(os.path.join(harness.ROOT, "README.md"),
                encoding="utf-8").read()
    start = text.index(SECTION)
    end = text.find("\n## ", start + len(SECTION))
    section = text[start:end if end > 0 else len(text)]
    blocks = []
    for m in re.finditer(r"^( *)```sh\n(.*?)^\1```$", section,
                         re.S | re.M):
        blocks.append(textwrap.dedent(m.group(2)))
    return section, blocks


def test_readme_blocks_are_the_whole_recipe():
    section, blocks = recipe_blocks()
    # install -> init -> add peers -> start -> use, every command in a
    # block the next test runs (no indented code outside them)
    assert len(blocks) == 4, blocks
    assert "nordfedctl init" in blocks[0]
    assert "[peer " in blocks[1] and "nordfed-node" in blocks[1]
    assert blocks[2].strip().startswith("nordfed-node -c")
    assert "Authorization: Bearer $TOKEN" in blocks[3]
    outside = re.sub(r"^( *)```sh\n.*?^\1```$", "", section,
                     flags=re.S | re.M)
    assert not re.search(r"^ {4,}\S", outside, re.M), \
        "code outside the recipe's blocks is not run by the test"
    # every variable a block uses is defined in the recipe
    script = "\n".join(blocks)
    for var in set(re.findall(r"\$\{?([A-Z_]+)", script)):
        assert re.search(rf"^\s*{var}=", script, re.M) or \
            var in ("NORDFED_ETC", "NORDFED_DATA"), var


def port_free(port):
    """As the node binds: TIME_WAIT sockets of earlier runs do not count."""
    with socket.socket() as s:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            s.bind(("127.0.0.1", port))
            return True
        except OSError:
            return False


def test_readme_recipe_runs_as_written():
    assert port_free(PORT), f"port {PORT} is in use: the README's node " \
        "needs it (stop whatever listens there)"
    _, blocks = recipe_blocks()
    tmp = tempfile.mkdtemp(prefix="nordfed-readme-")
    script = os.path.join(tmp, "recipe.sh")
    with open(script, "w", encoding="utf-8") as f:
        f.write("\n".join(blocks))
    env = dict(os.environ)
    env["PATH"] = harness.BUILD + os.pathsep + env.get("PATH", "")
    env["NORDFED_ETC"] = os.path.join(tmp, "etc")
    env["NORDFED_DATA"] = os.path.join(tmp, "data")
    env.pop("NORDFED_URL", None)
    env.pop("NORDFED_TOKEN", None)
    out_path, err_path = os.path.join(tmp, "out"), os.path.join(tmp, "err")
    out, err = open(out_path, "wb"), open(err_path, "wb")
    proc = subprocess.Popen(["sh", "-e", "-x", script], cwd=tmp, env=env,
                            stdout=out, stderr=err, start_new_session=True)
    out.close()
    err.close()
    try:
        rc = proc.wait(120)
        stdout = open(out_path, encoding="utf-8").read()
        stderr = open(err_path, encoding="utf-8").read()
        trace = [ln for ln in stderr.splitlines() if ln.startswith("+ ")]
        # it ran to its last command, which says (exit 1) that the
        # example peer does not answer
        assert trace and trace[-1] == "+ nordfedctl status", stderr[-3000:]
        assert rc == 1, (rc, stderr[-3000:])
        assert "norway" in stdout and "NOT IN SYNC" in stdout, stdout

        # init printed the peer line and the token; -n said OK
        pk = re.search(r"^public_key = ([A-Za-z0-9_-]{43})$", stdout, re.M)
        tok = re.search(r"^token = ([A-Za-z0-9_-]{43})$", stdout, re.M)
        assert pk and tok, stdout
        assert "configuration OK" in stdout
        conf = os.path.join(tmp, "etc", "nordfed.conf")
        assert "\n[peer norway]\n" in open(conf).read()
        assert os.path.exists(os.path.join(tmp, "data", "nordfed.db"))

        # the node answers, with the key init made; the recipe's write
        # went in and the search found it
        url = f"http://127.0.0.1:{PORT}"
        s, _, info = harness.request("GET", url + "/api/v1/node")
        assert s == 200 and info["country"] == "SE"
        assert info["public_key"] == pk.group(1)
        assert info["public_url"] == "https://nordfed.example.se"
        assert [p["name"] for p in info["peers"]] == ["norway"]
        s, _, page = harness.request(
            "GET", url + "/api/v1/organisations?country=SE")
        names = [o["body"]["name"] for o in page["items"]]
        assert names == ["Språkcafé Göteborg"], names
        assert stdout.count('"Språkcafé Göteborg"') >= 3   # POST, list, search
        # the token init printed is the one that writes
        s, _, b = harness.request(
            "POST", url + "/api/v1/organisations",
            {"name": "Föreningen Test", "classification": "association",
             "country": "SE"}, token=tok.group(1))
        assert s == 201, b
    finally:
        try:
            os.killpg(proc.pid, signal.SIGTERM)
        except ProcessLookupError:
            pass
        end = time.time() + 10          # until the node has stopped
        while time.time() < end:
            try:
                os.killpg(proc.pid, 0)
            except ProcessLookupError:
                break
            time.sleep(0.05)
        # the node's log went to the recipe's stderr: no sanitizer report
        log = open(err_path, errors="replace").read()
        for mark in ("ERROR: AddressSanitizer", "ERROR: LeakSanitizer",
                     "runtime error:"):
            assert mark not in log, log[log.index(mark):][:3000]
        assert "node: stopped" in log, log[-2000:]
        subprocess.run(["rm", "-rf", tmp])
