"""Server-side paging of the lists the page shows, with no caps: a network
of more than 5,000 members and a public body with more than 3,000
collaborations are paged through completely, and the filters the page
needs (organisations in a network, a collaboration's organisation or
public body) are answered by the store."""
import time

import harness
from harness import Federation
from sample import big

_fed = None
_ids = None


def node():
    global _fed, _ids
    if _fed is None:
        _fed = Federation(["SE"], pull_ms=60000)
        _fed["SE"].start()
        t0 = time.time()
        _ids = big.write(_fed["SE"])
        print(f"big data set written in {time.time() - t0:.1f}s")
    return _fed["SE"], _ids


def teardown_module():
    if _fed is not None:
        _fed.stop()


def pages(n, path, params, limit=200):
    """Every item of a list, following "next"; the pages' sizes."""
    items, sizes, cursor = [], [], None
    for _ in range(1000):   # bounded: 1000 pages is far more than any here
        q = dict(params, limit=limit)
        if cursor:
            q["cursor"] = cursor
        qs = "&".join(f"{k}={v}" for k, v in q.items())
        s, _, b = n.get(f"{path}?{qs}")
        assert s == 200, (s, b)
        items += b["items"]
        sizes.append(len(b["items"]))
        cursor = b["next"]
        if not cursor:
            return items, sizes
    raise AssertionError("no last page after 1000 pages")


def test_organisations_in_a_network_are_paged_by_the_server():
    n, ids = node()
    items, sizes = pages(n, "/api/v1/organisations",
                         {"network": ids["network"]})
    got = [o["id"] for o in items]
    assert len(got) == len(set(got))
    assert sorted(got) == sorted(ids["members"]), (len(got),
                                                   len(ids["members"]))
    assert len(got) > 5000 and len(sizes) > 25
    assert all(s == 200 for s in sizes[:-1])
    # ended memberships and the public body are not in the network
    assert not set(ids["ended"]) & set(got)
    assert ids["public_body"] not in got
    # in name order, as every organisation list
    names = [o["body"]["name"] for o in items]
    assert names == sorted(names)
    # with the other filters
    items, _ = pages(n, "/api/v1/organisations",
                     {"network": ids["network"], "country": "se",
                      "type": "association", "lang": "en"})
    assert len(items) == len(ids["members"])
    items, _ = pages(n, "/api/v1/organisations",
                     {"network": ids["network"], "type": "municipality"})
    assert items == []


def test_a_network_s_members_are_paged_by_the_server():
    n, ids = node()
    items, sizes = pages(n, f"/api/v1/networks/{ids['network']}/members", {})
    active = [m["body"]["organisation"] for m in items
              if m["body"]["status"] == "active"]
    assert sorted(active) == sorted(ids["members"])
    assert len(items) == len(ids["members"]) + len(ids["ended"])
    assert all(m["organisation"]["country"] == "SE" for m in items)


def test_a_public_body_s_collaborations_are_paged_by_the_server():
    n, ids = node()
    items, sizes = pages(n, "/api/v1/collaborations",
                         {"public_body": ids["public_body"]})
    got = [c["id"] for c in items]
    assert sorted(got) == sorted(ids["collabs"]) and len(got) > 3000
    assert all(s == 200 for s in sizes[:-1])
    assert all(c["body"]["public_body"] == ids["public_body"] for c in items)
    items, _ = pages(n, "/api/v1/collaborations",
                     {"public_body": ids["public_body"], "lang": "fi"})
    assert len(items) == len(ids["collabs"])
    # one organisation's: exactly its own
    one = ids["members"][17]
    items, _ = pages(n, "/api/v1/collaborations", {"organisation": one})
    assert [c["body"]["organisation"] for c in items] == [one]
    items, _ = pages(n, "/api/v1/memberships", {"organisation": one})
    assert [m["body"]["organisation"] for m in items] == [one]
    # a public body with none
    items, _ = pages(n, "/api/v1/collaborations", {"public_body": one})
    assert items == []


def test_an_organisation_s_memberships_are_paged_by_the_server():
    n, ids = node()
    items, sizes = pages(n, "/api/v1/memberships",
                         {"organisation": ids["joiner"]})
    assert sorted(m["body"]["network"] for m in items) == \
        sorted(ids["joined"]) and len(sizes) == 2
    # the record brings the first 200, and says there are more
    s, _, b = n.get(f"/api/v1/organisations/{ids['joiner']}")
    assert s == 200 and len(b["memberships"]["items"]) == 200
    assert b["memberships"]["next"]


def test_bad_list_filters_are_refused_and_say_which():
    n, ids = node()
    before = n.digest()
    for path, field in (
            ("/api/v1/collaborations?public_body=nope", "public_body"),
            ("/api/v1/collaborations?public_body=" + ids["network"],
             "public_body"),
            ("/api/v1/collaborations?organisation=se:org:x", "organisation"),
            ("/api/v1/organisations?public_body=" + ids["public_body"],
             "public_body"),
            ("/api/v1/memberships?public_body=" + ids["public_body"],
             "public_body"),
            ("/api/v1/organisations?organisation=" + ids["public_body"],
             "organisation"),
            ("/api/v1/organisations?network=" + ids["public_body"],
             "network")):
        s, h, b = n.get(path)
        assert s == 400, (path, s, b)
        assert h["Content-Type"].startswith("application/problem+json")
        assert b["code"] == "bad_parameter" and b["field"] == field, (path, b)
    assert n.digest() == before
    assert harness.ALL  # the harness is the one the other tests use
