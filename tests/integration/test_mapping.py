"""The mapping (issue 17): organisations' places as codes and the lists
that filter by them, counts computed by the store (/api/v1/stats), and
collaborations and resources as lists with their own filters. Every test
writes its records on a real node and checks what the node answers
against what it wrote."""
import csv
import io

from harness import request


def ids(node, path):
    """Every id a list gives, page after page."""
    out, cursor = [], None
    for _ in range(1000):
        q = path + ("&" if "?" in path else "?") + "limit=2" + \
            (f"&cursor={cursor}" if cursor else "")
        s, _, b = node.get(q)
        assert s == 200, b
        out += [it["id"] for it in b["items"]]
        cursor = b["next"]
        if cursor is None:
            return out
    raise AssertionError("the list never ended")


def refused(node, method, path, body, code, field):
    before = node.digest()
    s, _, b = node.call(method, path, body)
    assert s in (400, 422) and b["code"] == code and b["field"] == field, b
    assert node.digest() == before


def org(node, name, **kw):
    body = {"name": name, "classification": "association", "country": "SE"}
    body.update(kw)
    return node.post("organisations", body)["id"]


# ---- places -------------------------------------------------------------

def test_places_are_codes_checked_against_the_country(node):
    lulea = org(node, "Luleå förening", region_code="SE-BD",
                municipality_code="2580", municipality="Luleå",
                region="Norrbotten")
    kiruna = org(node, "Kiruna förening", region_code="SE-BD",
                 municipality_code="2584")
    uppsala = org(node, "Uppsala förening", region_code="SE-C",
                  municipality_code="0380")
    free = org(node, "Fritext förening", region="Norrbotten")
    only_muni = org(node, "Bara kommun", municipality_code="2580")

    assert ids(node, "/api/v1/organisations?region=SE-BD") == [kiruna, lulea]
    assert ids(node, "/api/v1/organisations?municipality=2580") == \
        [only_muni, lulea]
    assert ids(node, "/api/v1/organisations?region=SE-BD&"
               "municipality=2580") == [lulea]
    assert ids(node, "/api/v1/organisations?region=SE-C") == [uppsala]
    assert ids(node, "/api/v1/organisations?region=NO-18") == []
    assert free not in ids(node, "/api/v1/organisations?region=SE-BD")

    post = "/api/v1/organisations"
    base = {"name": "Fel", "classification": "association", "country": "SE"}
    for extra, field in (
            ({"region_code": "NO-18"}, "/region_code"),     # another country
            ({"region_code": "SE-QQ"}, "/region_code"),     # no such region
            ({"region_code": "se-bd"}, "/region_code"),     # form
            ({"municipality_code": "258"}, "/municipality_code"),
            ({"municipality_code": "1180"}, "/municipality_code"),  # no county 11
            ({"region_code": "SE-C", "municipality_code": "2580"},
             "/municipality_code"),                          # Luleå not in SE-C
            ({"municipality_code": "25800"}, "/municipality_code")):
        code = "too_long" if extra.get("municipality_code") == "25800" \
            else "bad_value"
        refused(node, "POST", post, dict(base, **extra), code, field)


def test_place_filters_are_checked(node):
    for q, field in (("organisations?region=Norrbotten", "region"),
                     ("organisations?municipality=Lulea", "municipality"),
                     ("networks?region=SE-BD", "region"),
                     ("collaborations?kind=report", "kind")):
        s, _, b = node.get("/api/v1/" + q)
        assert s == 400 and b["code"] == "bad_parameter", b
        assert b["field"] == field, b


def test_schema_serves_the_places(node):
    doc = node.get("/api/v1/schema")[2]
    se = {r["code"]: r["names"] for r in doc["places"]["regions"]["SE"]}
    assert len(se) == 21 and se["SE-BD"] == {"sv": "Norrbottens län"}
    assert len(doc["places"]["regions"]["NO"]) == 17
    assert doc["places"]["municipality_codes"]["SE"] == {
        "digits": 4, "region_prefix": 2}
    assert "FO" not in doc["places"]["regions"]
