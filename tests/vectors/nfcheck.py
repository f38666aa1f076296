#!/usr/bin/env python3
"""nfcheck: a second, independent verifier of the nordfed protocol, written
from docs/protocol.md alone (sections 2 to 6 and 7.1's digest), sharing no
code with the node. It runs every golden vector in tests/vectors/
(canon/*.json, entries/entries.json, records/{valid,invalid}.json,
digest/records.json) and fails on the first
disagreement in each file, so a rule the text leaves open shows up as a
failing vector. Standard library only: Ed25519 is RFC 8032's reference
arithmetic, BLAKE2b and SHA-512 are hashlib's.

    python3 tests/vectors/nfcheck.py [VECTOR_DIR]

Prints one line per file and ends with "tier vectors: N passed, N failed"
(a tier of tests/run.sh: tests/tiers/10-vectors.sh runs it)."""
import base64
import glob
import hashlib
import json
import os
import re
import sys


class Reject(Exception):
    def __init__(self, code, field=""):
        super().__init__(code)
        self.code, self.field = code, field


# ---- section 2: canonical JSON ----------------------------------------------

MAX_BYTES = 1024 * 1024
MAX_DEPTH = 32
INT_MAX = 2 ** 53 - 1
WS = b" \t\n\r"


def ptr_token(key):
    return key.replace("~", "~0").replace("/", "~1")


def cut_path(p):
    b = p.encode()
    if len(b) <= 127:
        return p
    b = b[:127]
    while True:
        try:
            return b.decode()
        except UnicodeDecodeError:
            b = b[:-1]


class Parser:
    def __init__(self, buf, max_depth):
        self.b, self.i, self.max_depth = buf, 0, max_depth

    def err(self, code, path):
        raise Reject(code, cut_path(path))

    def ws(self):
        while self.i < len(self.b) and self.b[self.i] in WS:
            self.i += 1

    def peek(self):
        return self.b[self.i] if self.i < len(self.b) else None

    def value(self, path, depth):
        self.ws()
        c = self.peek()
        if c is None:
            self.err("syntax", path)
        if c == ord("{"):
            return self.obj(path, depth + 1)
        if c == ord("["):
            return self.arr(path, depth + 1)
        if c == ord('"'):
            return self.string(path)
        if c == ord("-") or ord("0") <= c <= ord("9"):
            return self.number(path)
        for word, v in ((b"true", True), (b"false", False), (b"null", None)):
            if self.b.startswith(word, self.i):
                self.i += len(word)
                return v
        self.err("syntax", path)

    def obj(self, path, depth):
        if depth > self.max_depth:
            self.err("too_deep", path)
        self.i += 1
        out = {}
        self.ws()
        if self.peek() == ord("}"):
            self.i += 1
            return out
        while True:
            self.ws()
            if self.peek() != ord('"'):
                self.err("syntax", path)
            k = self.string(path)        # errors in a key: the object's path
            self.ws()
            if self.peek() != ord(":"):
                self.err("syntax", path)
            self.i += 1
            kp = path + "/" + ptr_token(k)
            v = self.value(kp, depth)
            if k in out:
                self.err("duplicate_key", kp)
            out[k] = v
            self.ws()
            c = self.peek()
            if c == ord(","):
                self.i += 1
                continue
            if c == ord("}"):
                self.i += 1
                return out
            self.err("syntax", path)

    def arr(self, path, depth):
        if depth > self.max_depth:
            self.err("too_deep", path)
        self.i += 1
        out = []
        self.ws()
        if self.peek() == ord("]"):
            self.i += 1
            return out
        while True:
            out.append(self.value(path + "/" + str(len(out)), depth))
            self.ws()
            c = self.peek()
            if c == ord(","):
                self.i += 1
                continue
            if c == ord("]"):
                self.i += 1
                return out
            self.err("syntax", path)

    def hex4(self, path):
        h = self.b[self.i:self.i + 4]
        if len(h) < 4 or not all(chr(x) in "0123456789abcdefABCDEF" for x in h):
            self.err("invalid_escape", path)
        self.i += 4
        return int(h, 16)

    def string(self, path):
        self.i += 1
        out = bytearray()
        esc = {ord('"'): b'"', ord("\\"): b"\\", ord("/"): b"/", ord("b"): b"\b",
               ord("f"): b"\f", ord("n"): b"\n", ord("r"): b"\r", ord("t"): b"\t"}
        while True:
            c = self.peek()
            if c is None:       # the input ends among the string's characters
                r = Reject("syntax", cut_path(path))
                r.in_string = True
                raise r
            if c == ord('"'):
                self.i += 1
                break
            if c == 0:
                self.err("nul_character", path)
            if c < 0x20:
                self.err("syntax", path)
            if c != ord("\\"):
                out.append(c)
                self.i += 1
                continue
            self.i += 1
            e = self.peek()
            if e is None:       # ends right after the backslash
                self.err("syntax", path)
            if e in esc:
                out += esc[e]
                self.i += 1
                continue
            if e != ord("u"):
                self.err("invalid_escape", path)
            self.i += 1
            cp = self.hex4(path)
            if cp == 0:
                self.err("nul_character", path)
            if 0xDC00 <= cp <= 0xDFFF:
                self.err("lone_surrogate", path)
            if 0xD800 <= cp <= 0xDBFF:
                if not self.b.startswith(b"\\u", self.i):
                    self.err("lone_surrogate", path)
                self.i += 2
                lo = self.hex4(path)
                if not 0xDC00 <= lo <= 0xDFFF:
                    self.err("lone_surrogate", path)
                cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00)
            out += chr(cp).encode()
        return out.decode()          # the document is well-formed UTF-8

    def number(self, path):
        m = re.compile(rb"-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?").match(
            self.b, self.i)
        if m is None:
            self.err("syntax", path)
        end = m.end()
        nxt = self.b[end:end + 1]
        # "01", "1.", "1e", "1e+": a digit, "." or "e" left over is not JSON
        if nxt and nxt in b"0123456789.eE+-":
            self.err("syntax", path)
        self.i = end
        if m.group(2) or m.group(3):
            self.err("real_number", path)
        v = int(m.group(0))
        if abs(v) > INT_MAX:
            self.err("integer_out_of_range", path)
        return v


def parse(buf, max_bytes=MAX_BYTES, max_depth=MAX_DEPTH):
    if len(buf) > max_bytes:
        raise Reject("too_large")
    try:
        buf.decode("utf-8")
    except UnicodeDecodeError as e:
        # the path: the string's (the object's for a key) when the bad
        # byte is among a string's characters and nothing before it is
        # wrong: the input cut before it then ends inside that string
        path = ""
        try:
            Parser(buf[:e.start], max_depth).value("", 0)
        except Reject as r:
            if getattr(r, "in_string", False):
                path = r.field
        raise Reject("invalid_utf8", path)
    p = Parser(buf, max_depth)
    v = p.value("", 0)
    p.ws()
    if p.i != len(buf):
        raise Reject("trailing_data")
    return v


def dump_str(s):
    out = ['"']
    for ch in s:
        o = ord(ch)
        if ch == '"':
            out.append('\\"')
        elif ch == "\\":
            out.append("\\\\")
        elif o == 8:
            out.append("\\b")
        elif o == 9:
            out.append("\\t")
        elif o == 10:
            out.append("\\n")
        elif o == 12:
            out.append("\\f")
        elif o == 13:
            out.append("\\r")
        elif o == 0:
            raise Reject("nul_character")
        elif o < 0x20:
            out.append("\\u%04x" % o)
        else:
            out.append(ch)
    out.append('"')
    return "".join(out)


def dump(v, depth=0):
    if v is None:
        return "null"
    if v is True:
        return "true"
    if v is False:
        return "false"
    if isinstance(v, int):
        if abs(v) > INT_MAX:
            raise Reject("integer_out_of_range")
        return str(v)
    if isinstance(v, float):
        raise Reject("real_number")
    if isinstance(v, str):
        return dump_str(v)
    if depth + 1 > MAX_DEPTH:
        raise Reject("too_deep")
    if isinstance(v, list):
        return "[" + ",".join(dump(x, depth + 1) for x in v) + "]"
    keys = sorted(v, key=lambda k: k.encode())
    return "{" + ",".join(dump_str(k) + ":" + dump(v[k], depth + 1)
                          for k in keys) + "}"


def canonical(v):
    return dump(v).encode()


def parse_canonical(buf, max_bytes=MAX_BYTES):
    v = parse(buf, max_bytes)
    if canonical(v) != buf:
        raise Reject("not_canonical")
    return v


# ---- section 4: Ed25519 (RFC 8032, verification only) -------------------------

P = 2 ** 255 - 19
L = 2 ** 252 + 27742317777372353535851937790883648493
D = -121665 * pow(121666, P - 2, P) % P
SQRT_M1 = pow(2, (P - 1) // 4, P)


def pt_add(a, b):
    x1, y1, z1, t1 = a
    x2, y2, z2, t2 = b
    A = (y1 - x1) * (y2 - x2) % P
    B = (y1 + x1) * (y2 + x2) % P
    C = t1 * 2 * D * t2 % P
    Dd = z1 * 2 * z2 % P
    E, F, G, H = B - A, Dd - C, Dd + C, B + A
    return (E * F % P, G * H % P, F * G % P, E * H % P)


def pt_mul(s, p):
    q = (0, 1, 1, 0)
    while s:
        if s & 1:
            q = pt_add(q, p)
        p = pt_add(p, p)
        s >>= 1
    return q


def pt_enc(p):
    x, y, z, _ = p
    zi = pow(z, P - 2, P)
    x, y = x * zi % P, y * zi % P
    return (y | ((x & 1) << 255)).to_bytes(32, "little")


def pt_dec(s):
    y = int.from_bytes(s, "little")
    sign = y >> 255
    y &= (1 << 255) - 1
    if y >= P:
        return None
    x2 = (y * y - 1) * pow(D * y * y + 1, P - 2, P) % P
    if x2 == 0:
        if sign:
            return None
        x = 0
    else:
        x = pow(x2, (P + 3) // 8, P)
        if (x * x - x2) % P:
            x = x * SQRT_M1 % P
        if (x * x - x2) % P:
            return None
        if (x & 1) != sign:
            x = P - x
    return (x, y, 1, x * y % P)


BY = 4 * pow(5, P - 2, P) % P
BASE = pt_dec(BY.to_bytes(32, "little"))


def ed25519_verify(pk, msg, sig):
    a, r = pt_dec(pk), pt_dec(sig[:32])
    s = int.from_bytes(sig[32:], "little")
    if a is None or r is None or s >= L:
        return False
    h = int.from_bytes(hashlib.sha512(sig[:32] + pk + msg).digest(), "little") % L
    # [S]B = R + [h]A, compared as encodings
    return pt_enc(pt_mul(s, BASE)) == pt_enc(pt_add(r, pt_mul(h, a)))


B64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"


def b64_one_spelling(s, n, last):
    """n base64url characters, no padding, the last one of `last`."""
    return len(s) == n and all(c in B64 for c in s) and s[-1] in last


def b64dec(s):
    return base64.urlsafe_b64decode(s + "=" * (-len(s) % 4))


def key_id(pk):
    return hashlib.blake2b(pk, digest_size=32).digest()[:8].hex()


PK_LAST = "AEIMQUYcgkosw048"
SIG_LAST = "AQgw"


# ---- section 6: records -------------------------------------------------------

ORIGINS = ["SE", "NO", "DK", "FI", "IS", "GL", "FO", "AX"]
KINDS = {"organisation": "org", "network": "net", "membership": "mem",
         "membership_request": "mreq", "meeting": "meet", "resource": "res",
         "collaboration": "collab", "key": "key"}
LANGS = "sv da nb nn fi is kl fo se en".split()
FOCUS = ("culture social_care education labour_market rural_development "
         "human_rights public_health integration innovation environment "
         "health_care gender_equality youth volunteering democracy").split()
CLASS = ("association foundation cooperative umbrella social_enterprise "
         "faith_community study_association folk_high_school trade_union "
         "informal_group municipality region state_agency government "
         "parliament public_body_other").split()
SCHEMES = "SE-ON DK-CVR NO-BRC FI-PRO IS-KEN GL-CVR FO-VN AX-FR".split()
FORMS = {"SE-ON": "NNNNNN-NNNN", "DK-CVR": "NNNNNNNN", "NO-BRC": "NNNNNNNNN",
         "FI-PRO": "NNNNNNN-N", "IS-KEN": "NNNNNN-NNNN"}
CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"


def id_parse(s):
    """(origin, type) of a record id, or None."""
    if not isinstance(s, str) or len(s.encode()) > 63:
        return None
    m = re.fullmatch(r"([a-z]{2}):([a-z]+):(.*)", s, re.S)
    if not m or m.group(1).upper() not in ORIGINS:
        return None
    t = [k for k, v in KINDS.items() if v == m.group(2)]
    u = m.group(3)
    if not t or len(u) != 26 or any(c not in CROCKFORD for c in u) or u[0] > "7":
        return None
    return m.group(1).upper(), t[0]


def leap(y):
    return y % 4 == 0 and (y % 100 != 0 or y % 400 == 0)


def date_ok(s):
    m = re.fullmatch(r"([0-9]{4})-([0-9]{2})-([0-9]{2})", s)
    if not m:
        return False
    y, mo, d = map(int, m.groups())
    days = [31, 29 if leap(y) else 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
    return 1 <= y <= 9999 and 1 <= mo <= 12 and 1 <= d <= days[mo - 1]


def days_from_civil(y, m, d):
    y -= m <= 2
    era = y // 400
    yoe = y - era * 400
    doy = (153 * (m + (-3 if m > 2 else 9)) + 2) // 5 + d - 1
    doe = yoe * 365 + yoe // 4 - yoe // 100 + doy
    return era * 146097 + doe - 719468


TS_RE = re.compile(r"([0-9]{4}-[0-9]{2}-[0-9]{2})T([0-9]{2}):([0-9]{2}):([0-9]{2})"
                   r"(\.[0-9]{1,9})?(Z|[+-][0-9]{2}:[0-9]{2})")


def instant(s):
    """(seconds, nanoseconds) of an RFC 3339 timestamp of section 6, or None."""
    m = TS_RE.fullmatch(s)
    if not m or not date_ok(m.group(1)):
        return None
    hh, mi, ss = int(m.group(2)), int(m.group(3)), int(m.group(4))
    if hh > 23 or mi > 59 or ss > 59:
        return None
    off = 0
    if m.group(6) != "Z":
        oh, om = int(m.group(6)[1:3]), int(m.group(6)[4:6])
        if oh > 23 or om > 59:
            return None
        off = (oh * 3600 + om * 60) * (1 if m.group(6)[0] == "+" else -1)
    y, mo, d = map(int, m.group(1).split("-"))
    sec = days_from_civil(y, mo, d) * 86400 + hh * 3600 + mi * 60 + ss - off
    frac = (m.group(5) or ".")[1:]
    return sec, int(frac.ljust(9, "0")) if frac else 0


def url_ok(s):
    if any(ord(c) <= 0x20 or ord(c) == 0x7F for c in s):
        return False
    m = re.match(r"https?://", s)
    if not m:
        return False
    rest = s[m.end():]
    host = re.match(r"[^/?#:]*", rest).group(0)
    if not host or not all(c.isascii() and (c.isalnum() or c in ".-") or
                           not c.isascii() for c in host):
        return False
    if not (host[0].isascii() and host[0].isalnum() or not host[0].isascii()):
        return False
    rest = rest[len(host):]
    if rest.startswith(":"):
        port = re.match(r":([0-9]*)", rest).group(1)
        if not 1 <= len(port) <= 5:
            return False
        rest = rest[1 + len(port):]
        if rest and rest[0] not in "/?#":
            return False
    return True


def email_ok(s):
    return all(0x21 <= ord(c) <= 0x7E for c in s) and s.count("@") == 1 and \
        not s.startswith("@") and not s.endswith("@")


def platform_ok(s):
    return "/" not in s and "www." not in s.translate(
        str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz"))


FORMATS = {   # name: (bound or None, form, code)
    "lang": (None, lambda s: s in LANGS, "bad_lang"),
    "date": (None, date_ok, "bad_value"),
    "time": (None, lambda s: instant(s) is not None, "bad_value"),
    "url": (2000, url_ok, "bad_value"),
    "money": (None, lambda s: s == "free" or re.fullmatch(
        r"(0|[1-9][0-9]{0,9})(\.[0-9]{1,2})?", s) is not None, "bad_value"),
    "email": (254, email_ok, "bad_value"),
    "phone": (40, lambda s: re.fullmatch(r"[0-9 +()-]*", s) is not None and
              re.search("[0-9]", s) is not None, "bad_value"),
    "tz": (64, lambda s: re.fullmatch(r"[A-Za-z]+(/[A-Za-z0-9_+-]+)*", s)
           is not None, "bad_value"),
    "key": (None, lambda s: b64_one_spelling(s, 43, PK_LAST), "bad_value"),
    "ident": (40, lambda s: re.fullmatch(r"[A-Za-z0-9-]+", s) is not None,
              "bad_value"),
    "platform": (100, platform_ok, "bad_value"),
    "region_code": (6, lambda s: re.fullmatch(r"[A-Z]{2}-[A-Z0-9]{1,3}", s)
                    is not None, "bad_value"),
    "municipality_code": (4, lambda s: re.fullmatch(r"[0-9]{3,4}", s)
                          is not None, "bad_value"),
}

# section 6, "Places": the regions of each country, and each country's
# municipality code form (digits, and whether its first two digits name
# the county: the county's number is the one its code shows for NO, and
# for SE the table's order)
REGIONS = {
    "SE": "SE-AB SE-C SE-D SE-E SE-F SE-G SE-H SE-I SE-K SE-M SE-N SE-O "
          "SE-S SE-T SE-U SE-W SE-X SE-Y SE-Z SE-AC SE-BD".split(),
    "NO": "NO-03 NO-11 NO-15 NO-18 NO-21 NO-22 NO-31 NO-32 NO-33 NO-34 "
          "NO-39 NO-40 NO-42 NO-46 NO-50 NO-55 NO-56".split(),
    "DK": "DK-81 DK-82 DK-83 DK-84 DK-85".split(),
    "FI": [f"FI-{i:02d}" for i in range(1, 20)],
    "IS": [f"IS-{i}" for i in range(1, 9)],
    "GL": "GL-AV GL-KU GL-QE GL-QT GL-SM".split(),
}
SE_COUNTY = dict(zip(REGIONS["SE"], "01 03 04 05 06 07 08 09 10 12 13 14 "
                     "17 18 19 20 21 22 23 24 25".split()))
MUNI_DIGITS = {"SE": 4, "NO": 4, "DK": 3, "FI": 3, "IS": 4, "AX": 3}


def county_of(cc, code):
    """The region a SE or NO municipality code lies in, or None."""
    if cc == "NO":
        r = "NO-" + code[:2]
        return r if r in REGIONS["NO"] else None
    for r, n in SE_COUNTY.items():
        if n == code[:2]:
            return r
    return None


def F(name, kind, req=False, **kw):
    return dict(name=name, kind=kind, req=req, **kw)


LANG = F("lang", "fmt", fmt="lang")
OTHER_NAME = [F("name", "str", True, max=300), F("lang", "fmt", fmt="lang"),
              F("note", "str", max=200)]
IDENT = [F("scheme", "enum", True, vocab=SCHEMES),
         F("identifier", "fmt", True, fmt="ident")]
CONTACT = [F("email", "fmt", fmt="email"), F("phone", "fmt", fmt="phone"),
           F("address", "str", max=300)]
REGISTRATION = [F("url", "fmt", fmt="url"), F("opens", "fmt", fmt="time"),
                F("deadline", "fmt", fmt="time")]
PARTY = [F("organisation", "id", ref="organisation"),
         F("name", "str", max=300),
         F("role", "enum", True, vocab=["civil_society", "public_body"])]
TABLES = {
    "organisation": [
        LANG, F("name", "str", True, max=300),
        F("other_names", "objs", max=20, sub=OTHER_NAME),
        F("identifiers", "objs", max=10, sub=IDENT),
        F("classification", "enum", True, vocab=CLASS),
        F("focus_areas", "set", vocab=FOCUS, min=0),
        F("country", "enum", True, vocab=ORIGINS),
        F("municipality", "str", max=100), F("region", "str", max=100),
        F("region_code", "fmt", fmt="region_code"),
        F("municipality_code", "fmt", fmt="municipality_code"),
        F("description", "text"), F("website", "fmt", fmt="url"),
        F("contact", "obj", sub=CONTACT), F("founded", "fmt", fmt="date")],
    "network": [
        LANG, F("name", "text", True), F("theme", "text"),
        F("description", "text"),
        F("scope", "enum", True, vocab=["nordic", "national"]),
        F("country", "enum", vocab=ORIGINS),
        F("lead_organisation", "id", True, ref="organisation", owned=True),
        F("focus_areas", "set", vocab=FOCUS, min=0),
        F("website", "fmt", fmt="url"), F("meeting_frequency", "str", max=100)],
    "membership": [
        LANG, F("network", "id", True, ref="network", owned=True),
        F("organisation", "id", True, ref="organisation"),
        F("role", "enum", True, vocab=["lead", "member", "observer"]),
        F("status", "enum", True, vocab=["active", "ended", "declined"]),
        F("start", "fmt", fmt="date"), F("end", "fmt", fmt="date"),
        F("request", "id", ref="membership_request")],
    "membership_request": [
        LANG, F("network", "id", True, ref="network"),
        F("organisation", "id", True, ref="organisation", owned=True),
        F("role", "enum", True, vocab=["member", "observer"]),
        F("message", "text"),
        F("status", "enum", True, vocab=["pending", "withdrawn"])],
    "meeting": [
        LANG, F("organiser", "id", True, ref="organisation", owned=True),
        F("network", "id", ref="network"), F("title", "text", True),
        F("theme", "text"), F("description", "text"),
        F("start", "fmt", True, fmt="time"), F("end", "fmt", True, fmt="time"),
        F("timezone", "fmt", True, fmt="tz"),
        F("mode", "enum", True, vocab=["online", "in_person", "hybrid"]),
        F("place", "str", max=300), F("platform", "fmt", fmt="platform"),
        F("join_url", "private"), F("join_link", "private"),
        F("cost", "fmt", True, fmt="money"),
        F("currency", "enum", vocab=["SEK", "NOK", "DKK", "EUR", "ISK"]),
        F("registration", "obj", sub=REGISTRATION),
        F("seats_per_organisation", "int", min=1, max=1000),
        F("capacity", "int", min=1, max=100000),
        # the organiser's node's counts of its registrations
        F("registered", "int", min=0, max=100000),
        F("waiting", "int", min=0, max=100000),
        F("status", "enum", True, vocab=["scheduled", "cancelled", "postponed",
                                         "completed"]),
        F("languages", "set", vocab=LANGS, min=0, code="bad_lang")],
    "resource": [
        LANG, F("kind", "enum", True, vocab=["report", "method", "good_example",
                                              "tool", "training", "video",
                                              "event"]),
        F("title", "text", True), F("summary", "text"),
        F("url", "fmt", True, fmt="url"),
        F("languages", "set", True, vocab=LANGS, min=1, code="bad_lang"),
        F("publisher", "id", True, ref="organisation", owned=True),
        F("network", "id", ref="network"), F("published", "fmt", fmt="date"),
        F("updated", "fmt", fmt="date"), F("date", "fmt", fmt="date"),
        F("registration_deadline", "fmt", fmt="date")],
    "collaboration": [
        LANG, F("organisation", "id", True, ref="organisation", owned=True),
        F("public_body", "id", ref="organisation"),
        F("public_body_name", "str", max=300),
        F("parties", "objs", max=20, sub=PARTY),
        F("form", "enum", True, vocab=["consultation", "dialogue", "agreement",
                                       "iop", "grant", "other"]),
        F("level", "enum", True, vocab=["local", "regional", "national",
                                        "nordic"]),
        F("arena", "enum", vocab=["overenskommelsen", "nod", "pgf", "sakrad"]),
        F("area", "enum", True, vocab=FOCUS),
        F("start", "fmt", True, fmt="date"), F("end", "fmt", fmt="date"),
        F("description", "text")],
    "key": [LANG, F("public_key", "fmt", True, fmt="key"),
            F("previous_key", "fmt", fmt="key")],
}

# which of the origin's accounts wrote this version: the last row of every
# table but key's (docs/protocol.md, "Accounts")
for _t in TABLES:
    if _t != "key":
        TABLES[_t].append(F("account", "account"))


def account_origin(s):
    """The country of an account id <cc>:acct:<26 Crockford>, or None."""
    if len(s) != 34 or s[2:8] != ":acct:" or not s[:2].islower() or \
            not s[:2].isascii() or s[:2].upper() not in ORIGINS or \
            any(c not in CROCKFORD for c in s[8:]):
        return None
    return s[:2].upper()


def bkey(k):
    return k.encode()


def string(v, path, bound=None):
    if not isinstance(v, str):
        raise Reject("bad_type", path)
    if "\0" in v:
        raise Reject("bad_value", path)
    if v == "":
        raise Reject("bad_value", path)
    if bound is not None and len(v.encode()) > bound:
        raise Reject("too_long", path)
    return v


def first_failing(obj, check):
    """Members by least key first: the first whose check raises."""
    for k in sorted(obj, key=bkey):
        check(k, obj[k])


def check_value(f, v, path, origin):
    kind = f["kind"]
    if kind == "str":
        string(v, path, f["max"])
    elif kind == "fmt":
        bound, ok, code = FORMATS[f["fmt"]]
        if not ok(string(v, path, bound)):
            raise Reject(code, path)
    elif kind == "enum":
        if string(v, path) not in f["vocab"]:
            raise Reject("bad_value", path)
    elif kind == "id":
        p = id_parse(string(v, path))
        if p is None or p[1] != f["ref"]:
            raise Reject("bad_id", path)
        if f.get("owned") and p[0] != origin:
            raise Reject("not_owner", path)
    elif kind == "account":
        o = account_origin(string(v, path))
        if o is None:
            raise Reject("bad_value", path)
        if o != origin:
            raise Reject("not_owner", path)
    elif kind == "int":
        if not isinstance(v, int) or isinstance(v, bool):
            raise Reject("bad_type", path)
        if not f["min"] <= v <= f["max"]:
            raise Reject("bad_value", path)
    elif kind == "text":
        if not isinstance(v, dict):
            raise Reject("bad_type", path)
        if not v:
            raise Reject("bad_value", path)
        if len(v) > 10:
            raise Reject("too_long", path)

        def member(k, s):
            p = path + "/" + ptr_token(k)
            if k not in LANGS:
                raise Reject("bad_lang", p)
            string(s, p, 8000)
        first_failing(v, member)
    elif kind == "set":
        if not isinstance(v, list):
            raise Reject("bad_type", path)
        if len(v) < f["min"]:
            raise Reject("bad_value", path)
        if len(v) > len(f["vocab"]):
            raise Reject("too_long", path)
        for i, s in enumerate(v):
            p = f"{path}/{i}"
            if string(s, p) not in f["vocab"]:
                raise Reject(f.get("code", "bad_value"), p)
            if s in v[:i]:
                raise Reject("bad_value", p)
    elif kind == "obj":
        if not isinstance(v, dict):
            raise Reject("bad_type", path)
        check_object(v, f["sub"], path, origin)
    elif kind == "objs":
        if not isinstance(v, list):
            raise Reject("bad_type", path)
        if len(v) > f["max"]:
            raise Reject("too_long", path)
        for i, o in enumerate(v):
            if not isinstance(o, dict):
                raise Reject("bad_type", f"{path}/{i}")
            check_object(o, f["sub"], f"{path}/{i}", origin)


def check_object(obj, table, path, origin):
    fields = {f["name"]: f for f in table}

    def foreign(k, v):
        p = path + "/" + ptr_token(k)
        if k not in fields:
            raise Reject("unknown_field", p)
        if fields[k]["kind"] == "private":
            raise Reject("private_field", p)
    first_failing(obj, foreign)
    for f in table:
        if f["kind"] == "private":
            continue
        p = path + "/" + ptr_token(f["name"])
        if f["name"] not in obj:
            if f["req"]:
                raise Reject("missing_field", p)
            continue
        check_value(f, obj[f["name"]], p, origin)


def first_real(v, path):
    if isinstance(v, float):
        raise Reject("bad_type", path)
    if isinstance(v, dict):
        for k in sorted(v, key=bkey):
            first_real(v[k], path + "/" + ptr_token(k))
    elif isinstance(v, list):
        for i, x in enumerate(v):
            first_real(x, f"{path}/{i}")


def between(typ, b, origin):
    def not_before(start, end):
        if start in b and end in b and b[end] < b[start]:
            raise Reject("bad_value", "/" + end)
    if typ == "organisation":
        if b["country"] != origin:
            raise Reject("not_owner", "/country")
        for i, it in enumerate(b.get("identifiers", [])):
            form = FORMS.get(it["scheme"])
            if form and not re.fullmatch(form.replace("N", "[0-9]"),
                                         it["identifier"]):
                raise Reject("bad_value", f"/identifiers/{i}/identifier")
        cc, region = b["country"], b.get("region_code")
        if region is not None and region not in REGIONS.get(cc, []):
            raise Reject("bad_value", "/region_code")
        muni = b.get("municipality_code")
        if muni is not None:
            if len(muni) != MUNI_DIGITS.get(cc):
                raise Reject("bad_value", "/municipality_code")
            if cc in ("SE", "NO"):
                county = county_of(cc, muni)
                if county is None or (region and county != region):
                    raise Reject("bad_value", "/municipality_code")
    elif typ == "network":
        national = b["scope"] == "national"
        if national and "country" not in b:
            raise Reject("missing_field", "/country")
        if not national and "country" in b:
            raise Reject("bad_value", "/country")
        if national and b["country"] != origin:
            raise Reject("not_owner", "/country")
    elif typ == "membership" or typ == "collaboration":
        if typ == "collaboration" and "public_body" not in b and \
                "public_body_name" not in b:
            raise Reject("missing_field", "/public_body")
        not_before("start", "end")
        if typ == "collaboration":
            arena = b.get("arena")
            if arena and (b["level"] == "nordic" if arena == "overenskommelsen"
                          else b["level"] != "national"):
                raise Reject("bad_value", "/level")
            seen = {b["organisation"], b.get("public_body")}
            for i, pt in enumerate(b.get("parties", [])):
                p = f"/parties/{i}/organisation"
                if "organisation" not in pt:
                    if "name" not in pt:
                        raise Reject("missing_field", p)
                    continue
                if pt["organisation"] in seen:
                    raise Reject("bad_value", p)
                seen.add(pt["organisation"])
    elif typ == "resource":
        not_before("published", "updated")
        if b["kind"] not in ("training", "event"):
            for f in ("date", "registration_deadline"):
                if f in b:
                    raise Reject("bad_value", "/" + f)
        if "registration_deadline" in b:
            if "date" not in b:
                raise Reject("missing_field", "/date")
            if b["registration_deadline"] > b["date"]:
                raise Reject("bad_value", "/registration_deadline")
    elif typ == "meeting":
        start = instant(b["start"])
        if instant(b["end"]) <= start:
            raise Reject("bad_value", "/end")
        if b["mode"] != "online" and "place" not in b:
            raise Reject("missing_field", "/place")
        if b["mode"] != "in_person" and "platform" not in b:
            raise Reject("missing_field", "/platform")
        if b["cost"] != "free" and "currency" not in b:
            raise Reject("missing_field", "/currency")
        if b["cost"] == "free" and "currency" in b:
            raise Reject("bad_value", "/currency")
        reg = b.get("registration", {})
        if "opens" in reg and "deadline" in reg and \
                instant(reg["opens"]) > instant(reg["deadline"]):
            raise Reject("bad_value", "/registration/deadline")
        if "deadline" in reg and instant(reg["deadline"]) > start:
            raise Reject("bad_value", "/registration/deadline")


def record_validate(typ, rid, origin, body):
    p = id_parse(rid)
    if p is None or p[1] != typ:
        raise Reject("bad_id", "")
    if p[0] != origin:
        raise Reject("not_owner", "")
    if not isinstance(body, dict):
        raise Reject("bad_type", "")
    first_real(body, "")
    check_object(body, TABLES[typ], "", origin)
    between(typ, body, origin)


# ---- sections 3 and 5: entries --------------------------------------------------

ENTRY_MAX = 262144
PREFIX = b"nordfed-entry-v1\n"
ENTRY_FIELDS = ["v", "origin", "seq", "prev", "ts", "op", "type", "id",
                "body_hash", "key", "sig", "body"]
HEX = re.compile(r"[0-9a-f]*")


def entry_ts_ms(s):
    m = re.fullmatch(r"([0-9]{4})-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}"
                     r"\.[0-9]{3}Z", s)
    if not m or int(m.group(1)) < 1970:
        return None
    t = instant(s)
    return None if t is None else t[0] * 1000 + t[1] // 1000000


def decode(buf):
    """Steps 1-4: the entry as a dict, with its header bytes and hash."""
    if len(buf) > ENTRY_MAX:
        raise Reject("too_large")
    o = parse_canonical(buf, ENTRY_MAX)
    if not isinstance(o, dict):
        raise Reject("bad_entry", "")
    v = o.get("v")
    if not isinstance(v, int) or isinstance(v, bool) or v != 1:
        raise Reject("bad_version", "/v")
    unknown = sorted((k for k in o if k not in ENTRY_FIELDS), key=bkey)
    if unknown:
        raise Reject("unknown_field", "/" + ptr_token(unknown[0]))

    def get(name, typ, required=True):
        if name not in o:
            if required:
                raise Reject("bad_entry", "/" + name)
            return None
        x = o[name]
        if not isinstance(x, typ) or isinstance(x, bool):
            raise Reject("bad_entry", "/" + name)
        return x

    if get("origin", str) not in ORIGINS:
        raise Reject("bad_origin", "/origin")
    if get("seq", int) < 1:
        raise Reject("bad_seq", "/seq")
    prev = get("prev", str)
    if len(prev) != 64 or not HEX.fullmatch(prev) or \
            (prev == "0" * 64) != (o["seq"] == 1):
        raise Reject("bad_prev", "/prev")
    if entry_ts_ms(get("ts", str)) is None:
        raise Reject("bad_timestamp", "/ts")
    if get("op", str) not in ("put", "delete", "key"):
        raise Reject("bad_op", "/op")
    if get("type", str) not in KINDS:
        raise Reject("unknown_type", "/type")
    if id_parse(get("id", str)) is None:
        raise Reject("bad_id", "/id")
    bh = get("body_hash", str, False)
    if bh is not None and (len(bh) != 64 or not HEX.fullmatch(bh)):
        raise Reject("bad_entry", "/body_hash")
    k = get("key", str)
    if len(k) != 16 or not HEX.fullmatch(k):
        raise Reject("bad_entry", "/key")
    if not b64_one_spelling(get("sig", str), 86, SIG_LAST):
        raise Reject("bad_entry", "/sig")
    if "body" in o:
        if not isinstance(o["body"], dict):
            raise Reject("bad_entry", "/body")
        if bh is None:
            raise Reject("bad_entry", "/body")
        if hashlib.blake2b(canonical(o["body"]), digest_size=32).hexdigest() != bh:
            raise Reject("body_hash_mismatch", "/body")
    header = canonical({k: x for k, x in o.items() if k not in ("sig", "body")})
    return o, header, hashlib.blake2b(header, digest_size=32).hexdigest()


class Ring:
    """Each origin's keys with the seqs they sign (section 4)."""

    def __init__(self, pinned):
        self.keys = {cc: [[b64dec(pk), 1, None]] for cc, pk in pinned.items()}

    def find(self, origin, kid, seq):
        if origin not in self.keys:
            raise Reject("unknown_origin", "/origin")
        for pk, lo, hi in self.keys[origin]:
            if key_id(pk) == kid and lo <= seq and (hi is None or seq <= hi):
                return pk
        raise Reject("unknown_key", "/key")

    def rotate(self, e):
        cur = [k for k in self.keys[e["origin"]] if k[2] is None][0]
        cur[2] = e["seq"]
        self.keys[e["origin"]].append([b64dec(e["body"]["public_key"]),
                                       e["seq"] + 1, None])


def verify(buf, ring, chain, now_ms):
    """(verdict, reason, field, header, hash) of section 5."""
    try:
        e, header, h = decode(buf)
        pk = ring.find(e["origin"], e["key"], e["seq"])
        if not ed25519_verify(pk, PREFIX + header, b64dec(e["sig"])):
            raise Reject("bad_signature", "/sig")
        held = chain.get(e["origin"], [])
        if e["seq"] <= len(held):
            v = "duplicate" if held[e["seq"] - 1] == h else "fork"
            return v, v, None, header, h
        if e["seq"] > len(held) + 1:
            return "gap", "gap", None, header, h
        if e["seq"] > 1 and e["prev"] != held[-1]:
            raise Reject("prev_mismatch", "/prev")
        rules(e, now_ms)
        return "accepted", None, None, header, h
    except Reject as r:
        return "rejected", r.code, r.field, None, None


def rules(e, now_ms):
    origin, typ = id_parse(e["id"])
    if origin != e["origin"]:
        raise Reject("not_owner", "/id")
    if typ != e["type"]:
        raise Reject("bad_id", "/id")
    if (e["op"] == "key") != (e["type"] == "key"):
        raise Reject("bad_op", "/op")
    if (e["op"] == "delete") == ("body_hash" in e):
        raise Reject("bad_entry", "/body_hash")
    if e["op"] == "key" and "body" not in e:
        raise Reject("bad_entry", "/body")
    if entry_ts_ms(e["ts"]) > now_ms + 300000:
        raise Reject("future_timestamp", "/ts")
    if "body" in e:
        try:
            record_validate(e["type"], e["id"], e["origin"], e["body"])
        except Reject as r:
            raise Reject(r.code, "/body" + r.field)
        if e["op"] == "key":
            b = e["body"]
            if key_id(b64dec(b["public_key"])) == e["key"]:
                raise Reject("bad_value", "/body/public_key")
            if "previous_key" in b and key_id(b64dec(b["previous_key"])) != e["key"]:
                raise Reject("bad_value", "/body/previous_key")


# ---- the vector files (tests/vectors/README.md) ----------------------------------

def input_bytes(c):
    return bytes.fromhex(c["input_hex"]) if "input_hex" in c else \
        c["input"].encode()


def run_canon(path):
    cases = json.load(open(path, encoding="utf-8"))
    check = os.path.basename(path) == "check.json"
    for c in cases:
        buf = input_bytes(c)
        try:
            if check:
                parse_canonical(buf)
                got = ("canonical", None)
            else:
                got = ("canonical", canonical(parse(buf)).decode())
        except Reject as r:
            got = (r.code, r.field)
        if "error" in c:
            want = (c["error"], c.get("field", got[1]))
        elif check:
            want = ("canonical", None)
        else:
            want = ("canonical", c["canonical"])
        if got != want:
            return f"{c['name']}: want {want}, got {got}"
        if not check and "canonical" in c:     # the canonical form is canonical
            try:
                parse_canonical(c["canonical"].encode())
            except Reject as r:
                return f"{c['name']}: its canonical form is refused: {r.code}"
    return len(cases)


def run_entries(path):
    doc = json.load(open(path, encoding="utf-8"))
    for c in doc["cases"]:
        ring, chain = Ring(doc["keys"]), {}
        for w in c["chain"]:
            e, _, h = decode(w.encode())
            chain.setdefault(e["origin"], []).append(h)
            if e["op"] == "key":
                ring.rotate(e)
        buf = c["input"].encode()
        if "pad_to" in c:
            buf = buf.ljust(c["pad_to"], b" ")
        v, reason, field, header, h = verify(buf, ring, chain, doc["now_ms"])
        want = (c["verdict"], c.get("reason"), c.get("field", field))
        if (v, reason, field) != want:
            return f"{c['name']}: want {want}, got {(v, reason, field)}"
        if "hash" in c and (h != c["hash"] or header.decode() != c["header"]):
            return f"{c['name']}: header or hash differ"
    return len(doc["cases"])


def run_records(path):
    cases = json.load(open(path, encoding="utf-8"))
    for c in cases:
        try:
            record_validate(c["type"], c["id"], c["origin"], c["body"])
            got = None
        except Reject as r:
            got = (r.code, r.field)
        want = (c["error"], c["field"]) if "error" in c else None
        if got != want:
            return f"{c['name']}: want {want}, got {got}"
    return len(cases)


def records_digest(writes):
    """Section 7.1: the live records after the writes (seq = position + 1),
    canonical {"body","id","seq"} concatenated in bytewise order of id."""
    live = {}
    for i, w in enumerate(writes):
        if w["op"] == "delete":
            live.pop(w["id"], None)
        else:
            live[w["id"]] = {"body": w["body"], "id": w["id"], "seq": i + 1}
    h = hashlib.blake2b(digest_size=32)
    for rid in sorted(live, key=bkey):
        h.update(canonical(live[rid]))
    return h.hexdigest(), len(live)


def run_digest(path):
    doc = json.load(open(path, encoding="utf-8"))
    for i, w in enumerate(doc["writes"]):
        if w["op"] == "put":
            try:
                record_validate(w["type"], w["id"], doc["origin"], w["body"])
            except Reject as r:
                return f"write {i}: the body is refused: {r.code} {r.field}"
    got = records_digest(doc["writes"])
    if got != (doc["records"], doc["record_count"]):
        return f"want {doc['records']} of {doc['record_count']}, got {got}"
    return 1


def main():
    root = sys.argv[1] if len(sys.argv) > 1 else \
        os.path.join(os.path.dirname(os.path.abspath(__file__)))
    files = [(p, run_canon) for p in sorted(glob.glob(os.path.join(
        root, "canon", "*.json")))]
    files.append((os.path.join(root, "entries", "entries.json"), run_entries))
    files += [(os.path.join(root, "records", n), run_records)
              for n in ("valid.json", "invalid.json")]
    files.append((os.path.join(root, "digest", "records.json"), run_digest))
    passed = failed = 0
    for p, run in files:
        try:
            r = run(p)
        except Exception as e:      # a crash is a disagreement too
            r = f"{type(e).__name__}: {e}"
        name = os.path.relpath(p, root)
        if isinstance(r, int) and r > 0:
            passed += 1
            print(f"nfcheck {name}: {r} vectors agree")
        else:
            failed += 1
            print(f"nfcheck {name}: DISAGREES: {r}")
    print(f"tier vectors: {passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
