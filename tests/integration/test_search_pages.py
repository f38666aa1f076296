"""Search paging while the node changes between two pages of one search
(node/store_search.c, docs/storage.md "Search", "Pages"): reproducers of
pages that repeat or skip a record.

The cursor is an offset into the ranked window. The window is fixed by
its highest rowid, but the ranking of the rows in it is computed again
for every page, and it depends on more than those rows:

- nfrank's BM25 length normalisation divides by avgdl, the mean length of
  *every* row of the search table (xColumnTotalSize / xRowCount), so a
  record created after the first page, outside the window, can reorder
  the window's rows: the next page's offset then lands on a record the
  first page showed, and one that matched all along is never shown.
- a record of the window deleted (or changed) after the first page
  shifts every later rank by one: the next page skips one record.

Both tests are xfail (strict) until the cursor pins the ranking (the
fix: the cursor carries avgdl and the last (score, rid), and the next
page continues after it).
"""
import json

import pytest

from sample import data


def batch(node, lines):
    s, _, b = node.call("POST", "/api/v1/batch",
                        ("\n".join(json.dumps(x, ensure_ascii=False)
                                   for x in lines) + "\n").encode(),
                        ctype="application/x-ndjson", timeout=60)
    assert s == 200 and not b["refused"], b
    return b


def org(key, name, description=None):
    body = {"name": name, "classification": "association", "country": "SE"}
    if description is not None:
        body["description"] = {"sv": description}
    return {"id": data.make_id("SE", "org", key), "body": body}


def page(node, q, limit, cursor=None):
    s, _, b = node.get(f"/api/v1/search?q={q}&limit={limit}" +
                       (f"&cursor={cursor}" if cursor else ""))
    assert s == 200, b
    return [it["id"] for it in b["items"]], b["next"]


@pytest.mark.xfail(strict=True, reason="review: the ranking of a window "
                   "depends on avgdl over the whole search table, so a "
                   "record created between two pages reorders the window "
                   "and the offset cursor repeats one record and skips "
                   "another")
def test_records_created_outside_the_window_do_not_reorder_its_pages(node):
    # A: the word once, in its name (weight 10), a short record.
    # B: the word in its name and five times in a long description.
    # With a short mean length, A's short length wins; with a long one,
    # B's extra hits do (BM25's length normalisation).
    a, b = org("review/short", "Moltebaer"), org(
        "review/long", "Moltebaer",
        " ".join(["moltebaer"] * 5 + ["lyng"] * 40))
    batch(node, [a, b])
    first, nxt = page(node, "moltebaer", 1)
    assert first == [a["id"]] and nxt is not None

    # 40 records that do not match, each of 1,000 words: created after
    # the first page, so outside its window (their rowids are higher)
    batch(node, [org(f"review/filler/{i}", f"Fyllnad {i}",
                     " ".join(["fyll"] * 1000)) for i in range(40)])

    second, nxt = page(node, "moltebaer", 1, nxt)
    # the two pages are the window's two records, each once
    assert first + second == [a["id"], b["id"]], (first, second)
    assert nxt is None


@pytest.mark.xfail(strict=True, reason="review: an offset cursor skips a "
                   "record when one the previous page showed is deleted "
                   "before the next page")
def test_a_record_deleted_between_pages_makes_the_next_page_skip_none(node):
    # three records alike: they rank equal, newest first (rid DESC)
    recs = [org(f"review/del/{i}", "Krakbar") for i in range(3)]
    batch(node, recs)
    ids = [r["id"] for r in recs]
    first, nxt = page(node, "krakbar", 1)
    assert first == [ids[2]] and nxt is not None
    # the record the first page showed goes
    s, _, body = node.call("DELETE", f"/api/v1/organisations/{ids[2]}")
    assert s in (200, 204), body
    rest, cur = [], nxt
    for _ in range(5):
        got, cur = page(node, "krakbar", 1, cur)
        rest += got
        if cur is None:
            break
    # every record that matched throughout is on some page
    assert rest == [ids[1], ids[0]], rest


@pytest.mark.xfail(strict=True, reason="review: when the whole-word pass "
                   "fills less than a page, the prefix pass replaces it, "
                   "and its window of the 300 newest prefix matches can "
                   "leave out every record the whole word matched; which "
                   "records a search finds then depends on the page size")
def test_whole_word_matches_are_not_lost_to_the_prefix_window(node):
    # five old records named with the word itself, then more than a
    # window of newer ones whose names only begin with it
    exact = [org(f"review/berg/{i}", f"Berg {i}") for i in range(5)]
    batch(node, exact)
    batch(node, [org(f"review/bergen/{i}", f"Bergen {i}")
                 for i in range(310)])
    want = {r["id"] for r in exact}
    # a page of five: the whole word fills it, and these are the five
    five, nxt = page(node, "berg", 5)
    assert set(five) == want and nxt is None
    # a page of ten: the prefix pass, whose window holds none of them;
    # every page of it is read, and the five must be on one of them
    seen, cur = [], None
    for _ in range(40):
        got, cur = page(node, "berg", 10, cur)
        seen += got
        if cur is None:
            break
    assert want <= set(seen), sorted(want - set(seen))
