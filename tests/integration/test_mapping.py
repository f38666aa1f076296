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


# ---- statistics ---------------------------------------------------------

def stats(node, q=""):
    s, _, b = node.get("/api/v1/stats" + q)
    assert s == 200, b
    return b


def rows(table):
    cols = table["columns"]
    return [dict(zip(cols, r)) for r in table["rows"]]


def network(node, lead):
    return node.post("networks", {"name": {"sv": "Nätverket"},
                                  "scope": "national", "country": "SE",
                                  "lead_organisation": lead})["id"]


def member(node, net, orgid, status="active"):
    return node.post("memberships", {"network": net, "organisation": orgid,
                                     "role": "member",
                                     "status": status})["id"]


def collab(node, orgid, **kw):
    body = {"organisation": orgid, "form": "dialogue", "level": "regional",
            "area": "democracy", "start": "2025-01-01"}
    body.update(kw)
    return node.post("collaborations", body)["id"]


def test_stats_count_what_was_written(node):
    a = org(node, "A", region_code="SE-BD", focus_areas=["culture", "youth"])
    b = org(node, "B", region_code="SE-BD", focus_areas=["culture"])
    org(node, "C", classification="foundation", region_code="SE-AB")
    region = org(node, "Region Norrbotten", classification="region",
                 region_code="SE-BD")
    org(node, "D")                               # no region, no area
    net = network(node, a)
    member(node, net, a)
    member(node, net, b)
    member(node, net, "no:org:01JGJ4ZP3V2QPA12GZYNQ855N8")
    member(node, net, "fi:org:01JGJ4ZP3V2QPA12GZYNQ855N8", status="ended")
    collab(node, a, public_body=region)
    collab(node, b, public_body=region)
    collab(node, b, public_body=region, form="iop", level="regional")
    collab(node, a, public_body_name="Länsstyrelsen i Norrbottens län",
           form="consultation", level="regional", area="culture")

    st = stats(node)
    orgs = rows(st["organisations"])
    assert st["organisations"]["columns"] == [
        "classification", "area", "region", "country", "count"]
    assert st["organisations"]["total"] == 5
    assert {"classification": "association", "area": "culture",
            "region": "SE-BD", "country": "SE", "count": 2} in orgs
    assert {"classification": "association", "area": "youth",
            "region": "SE-BD", "country": "SE", "count": 1} in orgs
    assert {"classification": "association", "area": None,
            "region": None, "country": "SE", "count": 1} in orgs
    # an organisation counts once in each of its areas: 2 + 1 + 3 rows of 1
    assert sum(r["count"] for r in orgs) == 6

    st = stats(node, "?region=SE-BD&area=culture")
    assert st["organisations"]["total"] == 2
    assert rows(st["organisations"]) == [
        {"classification": "association", "area": "culture",
         "region": "SE-BD", "country": "SE", "count": 2}]
    assert stats(node, "?type=foundation")["organisations"]["total"] == 1

    cs = rows(stats(node, "?table=collaborations")["collaborations"])
    assert cs == [
        {"form": "consultation", "level": "regional", "public_body": None,
         "public_body_name": "Länsstyrelsen i Norrbottens län", "count": 1},
        {"form": "dialogue", "level": "regional", "public_body": region,
         "public_body_name": None, "count": 2},
        {"form": "iop", "level": "regional", "public_body": region,
         "public_body_name": None, "count": 1}]
    st = stats(node, f"?table=collaborations&public_body={region}&form=dialogue")
    assert st["collaborations"]["total"] == 2 and list(st) == ["collaborations"]

    ms = rows(stats(node, "?table=network_members")["network_members"])
    assert ms == [
        {"network": net, "network_name": "Nätverket", "country": "NO",
         "count": 1},
        {"network": net, "network_name": "Nätverket", "country": "SE",
         "count": 2}]
    assert stats(node, "?table=network_members&country=NO")[
        "network_members"]["total"] == 1


def test_stats_as_csv(node):
    a = org(node, "Förening, med komma", region_code="SE-BD",
            focus_areas=["culture"])
    collab(node, a, public_body_name='Kommunen "Luleå"')
    for how in ({"q": "?table=organisations&format=csv"},
                {"q": "?table=organisations",
                 "headers": {"Accept": "text/csv"}}):
        s, h, raw = request("GET", node.url + "/api/v1/stats" + how["q"],
                            headers=how.get("headers"), raw=True)
        assert s == 200 and h["Content-Type"].startswith("text/csv"), raw
        got = list(csv.reader(io.StringIO(raw.decode())))
        assert got == [["classification", "area", "region", "country",
                        "count"],
                       ["association", "culture", "SE-BD", "SE", "1"]]
    s, _, raw = request("GET", node.url + "/api/v1/stats?table=collaborations"
                        "&format=csv", raw=True)
    got = list(csv.reader(io.StringIO(raw.decode())))
    assert got[1] == ["dialogue", "regional", "", 'Kommunen "Luleå"', "1"]
    assert b'"Kommunen ""Lule' in raw


def test_stats_parameters_are_checked(node):
    for q, field in (("?format=csv", "table"), ("?format=xml", "format"),
                     ("?table=people", "table"), ("?region=SE-QQ", "region"),
                     ("?country=XX", "country"), ("?form=grants", "form"),
                     ("?public_body=se:net:01JGJ4ZP3V2QPA12GZYNQ855N8",
                      "public_body"), ("?colour=red", None)):
        s, _, b = node.get("/api/v1/stats" + q)
        assert s == 400, b
        assert b["code"] == ("unknown_parameter" if field is None
                             else "bad_parameter"), b
        if field:
            assert b["field"] == field, b
