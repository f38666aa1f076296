"""Search paging while the node changes between two pages of one search
(node/store_search.c, docs/storage.md "Search", "Pages"): a review's
reproducers of pages that repeated or skipped a record, now passing.

The cursor was an offset into the ranked window. The window was fixed by
its highest rowid, but the ranking of the rows in it was computed again
for every page, and it depended on more than those rows:

- nfrank's BM25 length normalisation divided by avgdl, the mean length of
  *every* row of the search table (xColumnTotalSize / xRowCount), so a
  record created after the first page, outside the window, could reorder
  the window's rows: the next page's offset then landed on a record the
  first page showed, and one that matched all along was never shown.
- a record of the window deleted after the first page shifted every later
  rank by one: the next page skipped one record.
- when the whole words filled less than a page, the prefix pass replaced
  them, and its window of the 300 newest prefix matches could hold none
  of the whole-word matches.

The fix: the cursor carries the avgdl the first page ranked with and the
last row shown (group, score, rid), and the next page continues after it;
the prefix pass's window also holds the whole-word matches, ranked first.
"""
import json

from sample import data
from test_search import pages


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


def test_the_prefix_window_ranks_whole_words_first_and_says_what_it_left_out(
        node):
    # four old records with the word itself, then a whole window of newer
    # ones whose names only begin with it
    exact = [org(f"review/vidjor/{i}", f"Vidjor {i}") for i in range(4)]
    batch(node, exact)
    longer = [org(f"review/vidjorna/{i}", f"Vidjorna {i}")
              for i in range(300)]
    batch(node, longer)
    want = {r["id"] for r in exact}
    # whole words fill less than a page of ten: the prefix pass, whose
    # window is its 300 newest matches and the four, the four first
    seen, replies = pages(node, "vidjor", 10)
    assert set(seen[:4]) == want, seen[:4]
    assert len(seen) == 304 and len(set(seen)) == 304
    assert set(seen) == want | {r["id"] for r in longer}
    # the only matches past the 300 are the four: nothing is left out
    assert not any(r["truncated"] for r in replies)
    # one newer prefix match: the oldest longer one leaves the window,
    # and the reply says that it left a match out
    batch(node, [org("review/vidjorna/300", "Vidjorna 300")])
    seen, replies = pages(node, "vidjor", 10)
    assert set(seen[:4]) == want, seen[:4]
    assert len(seen) == 304 and len(set(seen)) == 304
    assert longer[0]["id"] not in seen
    assert all(r["truncated"] for r in replies)
    # a page the whole words fill is theirs alone, as before
    four, nxt = page(node, "vidjor", 4)
    assert set(four) == want and nxt is None
