"""Search paged through its ranked window (issue 17): GET /api/v1/search
takes the cursor its previous page gave, pages through the window of the
STORE_SEARCH_WINDOW (300) most recently created matches, and says when
more match than the window holds (docs/storage.md, "Search")."""
import base64
import json
import re
import struct

from sample import data

WINDOW = 300


def write(node, n, word, start=0):
    """n organisations whose names hold word, through one batch."""
    ids = [data.make_id("SE", "org", f"search/{word}/{i}")
           for i in range(start, start + n)]
    lines = [json.dumps({"id": i, "body": {
        "name": f"{word} förening {k}", "classification": "association",
        "country": "SE"}}, ensure_ascii=False)
        for k, i in enumerate(ids, start)]
    s, _, b = node.call("POST", "/api/v1/batch",
                        ("\n".join(lines) + "\n").encode(),
                        ctype="application/x-ndjson", timeout=60)
    assert s == 200 and not b["refused"], b
    return ids


def pages(node, q, limit, cursor=None):
    """Every page of a search from cursor on: (ids in order, the pages)."""
    out, got = [], []
    for _ in range(WINDOW + 1):
        s, _, b = node.get(f"/api/v1/search?q={q}&limit={limit}" +
                           (f"&cursor={cursor}" if cursor else ""))
        assert s == 200, b
        got.append(b)
        out += [it["id"] for it in b["items"]]
        cursor = b["next"]
        if cursor is None:
            return out, got
    raise AssertionError("the search never ended")


def test_search_pages_through_the_ranked_window(node):
    ids = write(node, 130, "Lingonris")
    whole = node.get("/api/v1/search?q=lingonris&limit=200")[2]
    assert whole["next"] is None and whole["truncated"] is False
    ranked = [it["id"] for it in whole["items"]]
    assert sorted(ranked) == sorted(ids)
    got, ps = pages(node, "lingonris", 50)
    # the pages are the one ranking, cut in three, nothing twice
    assert got == ranked and [len(p["items"]) for p in ps] == [50, 50, 30]
    assert all(p["truncated"] is False for p in ps)
    # the same with the page's language, through the other reply path
    s, _, b = node.get("/api/v1/search?q=lingonris&limit=50&lang=sv&cursor="
                       + ps[0]["next"])
    assert s == 200 and [it["id"] for it in b["items"]] == ranked[50:100]

    # records created after the first page do not shift the later ones
    first = node.get("/api/v1/search?q=lingonris&limit=50")[2]
    new = write(node, 5, "Lingonris", start=130)
    rest, _ = pages(node, "lingonris", 50, first["next"])
    assert [it["id"] for it in first["items"]] + rest == ranked
    assert not set(new) & set(rest)
    # a new search sees them
    assert set(new) <= set(pages(node, "lingonris", 50)[0])


def test_search_says_when_the_window_leaves_matches_out(node):
    ids = write(node, WINDOW + 20, "Hjortron")
    narrow = write(node, 3, "Hjortron Ripa", start=WINDOW + 20)
    got, ps = pages(node, "hjortron", 100)
    assert ps[0]["truncated"] is True and all(p["truncated"] for p in ps)
    # the window, the most recently created, each once: the oldest 23 of
    # the first batch are out of it
    assert len(got) == WINDOW and len(set(got)) == WINDOW
    assert set(got) == set(narrow) | set(ids[-(WINDOW - 3):])
    # a word more, and nothing is left out
    got, ps = pages(node, "hjortron%20ripa", 100)
    assert sorted(got) == sorted(narrow) and ps[-1]["truncated"] is False
    # prefixes page the same way (no whole word "hjort": the prefix pass)
    got, ps = pages(node, "hjort", 150)
    assert len(got) == WINDOW and ps[0]["truncated"] is True


def b64(text):
    return base64.urlsafe_b64encode(text.encode()).decode().rstrip("=")


def unb64(cursor):
    return base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()


def test_search_cursor_is_checked(node):
    write(node, 30, "Blabar")
    write(node, 30, "Blabar Hjortron", start=30)
    first = node.get("/api/v1/search?q=blabar&limit=10")[2]
    assert first["next"]
    # "<pass>.<avgdl>.<group>.<score>.<rid>.<bound>.<query tag>", the two
    # doubles as the 16 hex digits of their bits: the well-formed one works
    m = re.fullmatch(r"([ep])\.([0-9a-f]{16})\.([01])\.([0-9a-f]{16})\."
                     r"([1-9]\d*)\.([1-9]\d*)\.([0-9a-f]{12})",
                     unb64(first["next"]))
    assert m, unb64(first["next"])
    f = dict(zip(("pas", "avg", "grp", "score", "rid", "bound", "tag"),
                 m.groups()))
    assert f["pas"] == "e" and f["grp"] == "0"
    avgdl, score = (struct.unpack(">d", bytes.fromhex(f[k]))[0]
                    for k in ("avg", "score"))
    assert avgdl > 0 and score < 0 and int(f["rid"]) <= int(f["bound"])

    def cur(**kw):
        return b64(".".join(kw.get(k, v) for k, v in f.items()))

    second = node.get(f"/api/v1/search?q=blabar&limit=10&cursor="
                      f"{first['next']}")[2]
    s, _, b = node.get(f"/api/v1/search?q=blabar&limit=10&cursor={cur()}")
    assert s == 200 and b["items"] == second["items"], b
    assert not ({it["id"] for it in first["items"]} &
                {it["id"] for it in b["items"]})
    before = node.digest()
    tag = f["tag"]
    nan, inf, one = "7ff8000000000000", "7ff0000000000000", "3ff0000000000000"
    for bad in ("%21%21", "ZTEw", "bm9wZQ", first["next"] + "A",
                b64(f"e10.5.{tag}"),        # main's offset cursor
                cur(pas="x"), cur(pas="ee"), cur(pas=""),
                cur(avg=f["avg"][:15]), cur(avg=f["avg"] + "0"),
                cur(avg="g" + f["avg"][1:]), cur(avg=f["avg"].upper()[:15] + "A"),
                cur(avg=nan), cur(avg=inf), cur(avg="f" + inf[1:]),
                cur(avg="0" * 16),          # avgdl 0
                cur(avg="bff0000000000000"),    # avgdl -1
                cur(grp="1"),               # the whole-word pass has one group
                cur(grp="2"), cur(grp="00"), cur(grp=""),
                cur(score=f["score"][:15]), cur(score=f["score"] + "0"),
                cur(score=nan), cur(score=inf), cur(score="fff0000000000000"),
                cur(score=one),             # nfrank's scores are 0 or less
                cur(score="x" * 16),
                cur(rid="-" + f["rid"]), cur(rid="0"), cur(rid="0" + f["rid"]),
                cur(rid=str(int(f["bound"]) + 1)),  # past the window
                cur(rid="9" * 20), cur(rid="1e3"), cur(rid=""),
                cur(bound="0"), cur(bound="-1"),
                cur(rid="1", bound="9223372036854775807"),
                cur(tag=tag.upper()[:11] + "G"), cur(tag=tag + "0"),
                cur(tag=tag[:11]),
                b64(unb64(cur()) + ".1"),   # a field more
                b64(unb64(cur()).rsplit(".", 1)[0]),    # no query tag
                b64(unb64(cur()).replace(".", "..", 1)),
                b64(unb64(cur()) + "\0"),
                "A" * 2000):
        s, _, b = node.get(f"/api/v1/search?q=blabar&cursor={bad}")
        assert s in (400, 414), (bad, b)
        if s == 400:
            assert b["code"] == "bad_cursor" or b["field"] == "cursor", (bad, b)
    # a cursor belongs to its search: another query or type filter is
    # refused, not served from the other window's offset
    for other in ("q=hjortron", "q=blabar+hjortron", "q=blabar&type=network",
                  "q=%21%21"):
        s, _, b = node.get(f"/api/v1/search?{other}&cursor={first['next']}")
        assert s == 400 and b["code"] == "bad_cursor", (other, b)
        assert "another search" in b["detail"], b
    # the same search written otherwise is the same search
    s, _, b = node.get(f"/api/v1/search?q=%20BLABAR&limit=10&cursor="
                       f"{first['next']}")
    assert s == 200 and b["items"] == second["items"], b
    assert node.digest() == before
    # the last page's next is null; an empty page past the end is not given
    got, ps = pages(node, "blabar", 10)
    assert len(got) == 60 and ps[-1]["next"] is None and len(ps) == 6
