"""Hostile clients of a node's HTTP edge, on raw sockets (127.0.0.1 only).

Shared by tests/integration/test_edge.py, which asserts what each attack
gets, and tests/soak.py (`make soak`), which runs them for minutes beside
normal load. Every function is bounded in time and returns what it saw;
none of them asserts.
"""
import json
import select
import socket
import time

HOST = "127.0.0.1"


class Reply:
    def __init__(self, status, headers, body):
        self.status = status
        self.headers = headers      # lower-case name -> value
        self.body = body

    @property
    def problem(self):
        """The problem+json document, or None when it is not one."""
        ct = self.headers.get("content-type", "")
        if not ct.startswith("application/problem+json"):
            return None
        try:
            return json.loads(self.body)
        except ValueError:
            return None

    def __repr__(self):
        return f"Reply({self.status}, {self.body[:200]!r})"


def parse_replies(data):
    """Responses in a byte stream (Content-Length framed, as the node
    sends them); 1xx interim responses are skipped."""
    out = []
    while data:
        end = data.find(b"\r\n\r\n")
        if end < 0:
            break
        head = data[:end].decode("latin-1").split("\r\n")
        try:
            status = int(head[0].split(" ")[1])
        except (IndexError, ValueError):
            break
        headers = {}
        for line in head[1:]:
            k, _, v = line.partition(":")
            headers[k.strip().lower()] = v.strip()
        n = int(headers.get("content-length", "0"))
        body = data[end + 4:end + 4 + n]
        data = data[end + 4 + n:]
        if 100 <= status < 200:
            continue
        out.append(Reply(status, headers, body))
    return out


def exchange(port, payload, timeout=5.0, stream=None, stream_s=0.0):
    """Connect, send payload (bytes, or a list of (bytes, pause_s) sent
    piece by piece), and read whatever comes meanwhile and afterwards
    until the node closes or timeout. stream, when given, is a block of
    bytes sent again and again for stream_s seconds after the payload, as
    long as the node takes them. Returns (replies, closed, seconds, sent):
    closed is True when the node closed the connection (EOF or reset)
    within the timeout; sent counts the bytes that went out."""
    t0 = time.monotonic()
    end = t0 + timeout
    s = socket.create_connection((HOST, port), timeout=timeout)
    s.setblocking(False)
    data = bytearray()
    closed = False
    sent = 0

    def read_for(seconds, want_write=False):
        """Read until seconds pass (or, with want_write, until the socket
        can take more). False once the node closed."""
        nonlocal closed
        stop = min(end, time.monotonic() + seconds)
        while not closed:
            left = stop - time.monotonic()
            if left <= 0:
                return True
            r, w, _ = select.select([s], [s] if want_write else [], [], left)
            if r:
                try:
                    b = s.recv(65536)
                except BlockingIOError:
                    continue
                except OSError:
                    closed = True
                    return False
                if not b:
                    closed = True
                    return False
                data.extend(b)
            if w:
                return True
        return False

    def send_all(chunk):
        nonlocal sent, closed
        view = memoryview(chunk)
        while view and not closed:
            if not read_for(end - time.monotonic(), want_write=True):
                return False
            try:
                n = s.send(view)
            except BlockingIOError:
                continue
            except OSError:
                closed = True
                return False
            sent += n
            view = view[n:]
        return not closed

    try:
        pieces = payload if isinstance(payload, list) else [(payload, 0)]
        for chunk, pause in pieces:
            if not send_all(chunk) or not read_for(pause):
                break
        if stream is not None and not closed:
            stop = time.monotonic() + stream_s
            while not closed and time.monotonic() < stop:
                if not send_all(stream):
                    break
        read_for(end - time.monotonic())
    finally:
        s.close()
    return parse_replies(bytes(data)), closed, time.monotonic() - t0, sent


def req(method, path="/healthz", headers=(), body=b"", host=True):
    lines = [f"{method} {path} HTTP/1.1"]
    if host:
        lines.append("Host: 127.0.0.1")
    lines += list(headers)
    if body:
        lines.append(f"Content-Length: {len(body)}")
    return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1") + body


# ---- the attacks: name -> bytes that must be refused with status ---------

# Each is answered with the status given, as problem+json, and the
# connection is closed after the answer.
SMUGGLING = [
    ("two different Content-Length",
     b"POST /api/v1/organisations HTTP/1.1\r\nHost: x\r\n"
     b"Content-Length: 5\r\nContent-Length: 40\r\n\r\n"
     b"hello" + req("GET", "/api/v1/node"), 400),
    ("the same Content-Length twice",
     b"POST /api/v1/organisations HTTP/1.1\r\nHost: x\r\n"
     b"Content-Length: 5\r\nContent-Length: 5\r\n\r\nhello", 400),
    ("Content-Length and Transfer-Encoding",
     b"POST /api/v1/organisations HTTP/1.1\r\nHost: x\r\n"
     b"Content-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n"
     b"0\r\n\r\n" + req("GET", "/api/v1/node"), 400),
    ("Transfer-Encoding with a space before the colon",
     b"POST /api/v1/organisations HTTP/1.1\r\nHost: x\r\n"
     b"Transfer-Encoding : chunked\r\nContent-Length: 5\r\n\r\nhello", 400),
    ("chunked without Content-Length",
     b"POST /api/v1/organisations HTTP/1.1\r\nHost: x\r\n"
     b"Transfer-Encoding: chunked\r\n\r\n0\r\n\r\n" +
     req("GET", "/api/v1/node"), 411),
    ("a header name with a space",
     b"GET /healthz HTTP/1.1\r\nHost: x\r\nX Bad: 1\r\n\r\n", 400),
    ("NUL in a header value",
     b"GET /healthz HTTP/1.1\r\nHost: x\r\nX-A: a\x00b\r\n\r\n", 400),
    ("obs-fold",
     b"GET /healthz HTTP/1.1\r\nHost: x\r\nX-A: a\r\n b\r\n\r\n", 400),
    ("bare LF line ends",
     b"GET /healthz HTTP/1.1\nHost: x\n\n", 400),
    ("a bare CR",
     b"GET /healthz HTTP/1.1\r\nHost: x\rX-A: 1\r\n\r\n", 400),
]

METHODS = [
    ("FOO", req("FOO", "/api/v1/node"), 501),
    ("get", req("get", "/api/v1/node"), 501),
    ("PROPFIND", req("PROPFIND", "/api/v1/node"), 501),
    ("TRACE", req("TRACE", "/api/v1/node"), 405),
    ("CONNECT", req("CONNECT", "127.0.0.1:443"), 400),
    ("PATCH", req("PATCH", "/api/v1/node"), 405),
    ("a 5,000-character method", req("M" * 5000, "/api/v1/node"), 501),
]

MALFORMED = [
    ("not HTTP", b"NOT HTTP AT ALL\r\n\r\n", 400),
    ("HTTP/2.0", b"GET / HTTP/2.0\r\nHost: x\r\n\r\n", 505),
    ("no Host", b"GET /healthz HTTP/1.1\r\n\r\n", 400),
    ("headers over max_header_bytes",
     b"GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: " + b"a" * 40000 +
     b"\r\n\r\n", 431),
    ("Expect: something else",
     b"POST /api/v1/organisations HTTP/1.1\r\nHost: x\r\nExpect: magic\r\n"
     b"Content-Length: 2\r\n\r\n{}", 417),
]


def huge_body(port, seconds=10.0, chunk=65536):
    """Content-Length 10^12, then a stream of bytes for up to seconds, on
    and on after the answer as an attacker would. Returns (replies,
    eof_s, reset_s, bytes_sent): when the node half-closed (its answer
    is complete) and when a send failed because it dropped the
    connection (None for what did not happen)."""
    head = (b"POST /api/v1/organisations HTTP/1.1\r\nHost: x\r\n"
            b"Content-Type: application/json\r\n"
            b"Content-Length: 1000000000000\r\n\r\n")
    block = b"[" * chunk
    t0 = time.monotonic()
    s = socket.create_connection((HOST, port), timeout=5)
    s.sendall(head)
    s.setblocking(False)
    data = bytearray()
    sent = 0
    eof = reset = None
    try:
        while time.monotonic() - t0 < seconds:
            r, w, _ = select.select([] if eof is not None else [s], [s],
                                    [], 0.5)
            if r:
                try:
                    b = s.recv(65536)
                except BlockingIOError:
                    b = None
                except OSError:
                    reset = time.monotonic() - t0
                    break
                if b == b"":
                    eof = time.monotonic() - t0
                elif b:
                    data.extend(b)
            if w:
                try:
                    sent += s.send(block)
                except BlockingIOError:
                    pass
                except OSError:
                    reset = time.monotonic() - t0
                    break
    finally:
        s.close()
    return parse_replies(bytes(data)), eof, reset, sent


def drip_headers(port, every=1.0, lines=40, timeout=60.0):
    """A header line every `every` seconds: the slowloris shape."""
    pieces = [(b"GET /healthz HTTP/1.1\r\nHost: x\r\n", every)]
    pieces += [(b"X-Drip-%d: 1\r\n" % i, every) for i in range(lines)]
    return exchange(port, pieces, timeout=timeout)


def drip_body(port, every=1.0, n=40, timeout=60.0):
    """A head announcing 1,000 bytes, then a byte every `every` seconds."""
    head = (b"POST /api/v1/organisations HTTP/1.1\r\nHost: x\r\n"
            b"Content-Type: application/json\r\nContent-Length: 1000\r\n\r\n")
    pieces = [(head, every)] + [(b" ", every) for _ in range(n)]
    return exchange(port, pieces, timeout=timeout)


def idle_sockets(port, n):
    """n connections that send nothing. The caller closes them."""
    socks = []
    for _ in range(n):
        try:
            socks.append(socket.create_connection((HOST, port), timeout=2))
        except OSError:
            break
    return socks
