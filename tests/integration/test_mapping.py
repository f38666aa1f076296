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


def test_stats_by_fewer_columns_count_each_record_once(node):
    org(node, "A", region_code="SE-BD", focus_areas=["culture", "youth"])
    org(node, "B", region_code="SE-BD", focus_areas=["culture"])
    org(node, "C", classification="foundation", region_code="SE-AB",
        focus_areas=["youth"])
    org(node, "D", classification="region", region_code="SE-BD")
    by = stats(node, "?table=organisations&by=classification")
    assert by["organisations"]["columns"] == ["classification", "count"]
    assert by["organisations"]["rows"] == [["association", 2],
                                           ["foundation", 1], ["region", 1]]
    # A has two areas but is one organisation of its region
    assert stats(node, "?table=organisations&by=region")["organisations"][
        "rows"] == [["SE-AB", 1], ["SE-BD", 3]]
    assert stats(node, "?table=organisations&by=area,region")[
        "organisations"]["rows"] == [[None, "SE-BD", 1],
                                     ["culture", "SE-BD", 2],
                                     ["youth", "SE-AB", 1],
                                     ["youth", "SE-BD", 1]]
    assert stats(node, "?table=organisations&by=classification&area=youth")[
        "organisations"]["rows"] == [["association", 1], ["foundation", 1]]
    for q in ("?by=classification", "?table=organisations&by=form",
              "?table=organisations&by=", "?table=organisations&by=area,,x"):
        s, _, b = node.get("/api/v1/stats" + q)
        assert s == 400 and b["field"] == "by", (q, b)


def org_counts(bodies, by, area=None):
    """The organisations table the store should give for these live
    bodies, grouped by the columns by: {(values...): count}."""
    out = {}
    for b in bodies:
        areas = b.get("focus_areas") or [None]
        if area is not None:
            if area not in areas:
                continue
            areas = [area]
        elif "area" not in by:
            areas = [None]
        for a in areas:
            v = {"classification": b["classification"], "area": a,
                 "region": b.get("region_code"), "country": b["country"]}
            k = tuple(v[c] for c in by)
            out[k] = out.get(k, 0) + 1
    return out


def test_stats_follow_updates_and_deletes_on_every_node(federation):
    """The organisation counts are kept by the apply (docs/storage.md):
    a change of classification, areas or region moves an organisation
    between groups, a delete takes it out, on the writer's node and on
    a peer that applies the same entries."""
    fed = federation(["SE", "NO"], pull_ms=100)
    fed.start()
    se, no = fed["SE"], fed["NO"]
    classes = ["association", "foundation", "umbrella"]
    areas = ["culture", "youth", "democracy", "integration"]
    regions = ["SE-BD", "SE-AB", None]
    live = {}
    for i in range(24):
        b = {"name": f"Förening {i}", "classification": classes[i % 3],
             "country": "SE",
             "focus_areas": areas[i % 4:i % 4 + i % 3]}
        if regions[i % 3]:
            b["region_code"] = regions[i % 3]
        live[org(se, b.pop("name"), **b)] = dict(b, name=f"Förening {i}")
    keys = sorted(live)
    for k in keys[:6]:                          # moved between groups
        b = dict(live[k], classification="umbrella",
                 focus_areas=["integration", "culture"], region_code="SE-AC")
        se.put("organisations", k, b)
        live[k] = b
    for k in keys[6:9]:                         # region and areas dropped
        b = {f: v for f, v in live[k].items()
             if f not in ("region_code", "focus_areas")}
        se.put("organisations", k, b)
        live[k] = b
    for k in keys[9:13]:
        s, _, b = se.call("DELETE", f"/api/v1/organisations/{k}")
        assert s in (200, 204), b
        del live[k]
    fed.wait_converged()
    bodies = list(live.values())
    for n in (se, no):
        for by, area in ((["classification", "area", "region", "country"],
                          None), (["classification"], None), (["region"], None),
                         (["area", "region"], None),
                         (["classification"], "culture")):
            q = "?table=organisations&by=" + ",".join(by)
            if area:
                q += "&area=" + area
            t = stats(n, q)["organisations"]
            got = {tuple(r[:-1]): r[-1] for r in t["rows"]}
            assert got == org_counts(bodies, by, area), (n.country, q, t)
            want_total = sum(1 for b in bodies
                             if area is None or area in
                             (b.get("focus_areas") or []))
            assert t["total"] == want_total, (n.country, q, t["total"])

def test_stats_by_municipality_with_the_names_most_records_give(node):
    """The page's municipality filter: the municipalities of a region that
    the records name, each with its count and a name the store picks."""
    for name, spelt in (("A", "Luleå"), ("B", "Luleå"), ("C", "Lulea")):
        org(node, name, region_code="SE-BD", municipality_code="2580",
            municipality=spelt)
    org(node, "D", region_code="SE-BD", municipality_code="2584")
    org(node, "E", region_code="SE-BD")
    org(node, "F", region_code="SE-C", municipality_code="0380",
        municipality="Uppsala")
    # a name is the code's whatever the filter: this one is outvoted too
    org(node, "G", classification="foundation", region_code="SE-BD",
        municipality_code="2580", municipality="Luleå kommun")
    st = stats(node, "?table=organisations&by=municipality,"
               "municipality_name&region=SE-BD")
    assert list(st) == ["organisations"]
    t = st["organisations"]
    # a code names a municipality in its country: country comes along
    assert t["columns"] == ["country", "municipality", "municipality_name",
                            "count"]
    assert t["rows"] == [["SE", None, None, 1], ["SE", "2580", "Luleå", 4],
                         ["SE", "2584", None, 1]]
    assert t["total"] == 6
    t = stats(node, "?table=organisations&by=municipality,municipality_name"
              "&region=SE-BD&type=foundation")["organisations"]
    assert t["rows"] == [["SE", "2580", "Luleå", 1]]
    assert stats(node, "?table=organisations&by=municipality")[
        "organisations"]["rows"] == [["SE", None, 1], ["SE", "0380", 1],
                                     ["SE", "2580", 4], ["SE", "2584", 1]]
    # and the usual columns stay as they were, without the municipality
    assert stats(node)["organisations"]["columns"] == [
        "classification", "area", "region", "country", "count"]
    s, h, raw = request("GET", node.url + "/api/v1/stats?table=organisations"
                        "&by=municipality_name&region=SE-C&format=csv",
                        raw=True)
    assert s == 200 and raw.decode().split("\r\n")[:2] == [
        "country,municipality_name,count", "SE,Uppsala,1"], raw
    s, _, b = node.get("/api/v1/stats?table=organisations&by=municipality,x")
    assert s == 400 and b["field"] == "by", b


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


# ---- collaborations -----------------------------------------------------

def test_collaborations_list_with_filters_and_joint_parties(federation):
    fed = federation(["SE", "NO"], pull_ms=100)
    fed.start()
    se, no = fed["SE"], fed["NO"]
    umbrella = org(se, "Paraplyet Norrbotten", classification="umbrella",
                   region_code="SE-BD")
    assoc = org(se, "Föreningen", region_code="SE-BD")
    region = org(se, "Region Norrbotten", classification="region",
                 region_code="SE-BD")
    lst = org(se, "Länsstyrelsen i Norrbottens län",
              classification="state_agency", region_code="SE-BD")
    kommune = no.post("organisations", {
        "name": "Bodø kommune", "classification": "municipality",
        "country": "NO", "region_code": "NO-18",
        "municipality_code": "1804"})["id"]
    nobody = no.post("organisations", {
        "name": "Frivillighet Bodø", "classification": "association",
        "country": "NO"})["id"]
    # the mapping itself: a region, a county board and an umbrella
    mapping = collab(se, umbrella, public_body=region, form="agreement",
                     level="regional", area="democracy",
                     parties=[{"organisation": lst, "role": "public_body"},
                              {"organisation": assoc,
                               "role": "civil_society"}])
    code = collab(se, assoc, public_body=region, form="agreement",
                  level="regional", arena="overenskommelsen", area="democracy")
    nod = collab(se, umbrella, public_body_name="Regeringskansliet",
                 form="dialogue", level="national", arena="nod",
                 area="democracy")
    iop = collab(se, assoc, public_body=lst, form="iop", level="regional",
                 area="integration")
    bodo = no.post("collaborations", {
        "organisation": nobody, "public_body": kommune, "form": "dialogue",
        "level": "local", "area": "volunteering",
        "start": "2025-03-01"})["id"]
    fed.wait_converged()

    c = "/api/v1/collaborations"
    assert sorted(ids(se, c)) == sorted([mapping, code, nod, iop, bodo])
    assert sorted(ids(se, c + "?form=agreement")) == sorted([mapping, code])
    assert ids(se, c + "?level=national") == [nod]
    assert sorted(ids(se, c + "?area=democracy&level=regional")) == \
        sorted([mapping, code])
    assert ids(se, c + "?country=NO") == [bodo]
    assert ids(se, c + f"?public_body={kommune}") == [bodo]
    # a public body is found as public_body and as a party of that role
    assert sorted(ids(se, c + f"?public_body={lst}")) == sorted([mapping, iop])
    assert ids(se, c + f"?public_body={assoc}") == []   # a civil-society party
    assert sorted(ids(se, c + f"?public_body={region}&form=agreement")) == \
        sorted([mapping, code])
    s, _, b = se.get(c + "?type=association")
    assert s == 400 and b["field"] == "type", b

    st = stats(se, f"?table=collaborations&public_body={lst}")
    assert st["collaborations"]["total"] == 2
    # the joint one counts under each of its public bodies
    cs = rows(stats(se, "?table=collaborations&form=agreement")[
        "collaborations"])
    assert {"form": "agreement", "level": "regional", "public_body": region,
            "public_body_name": None, "count": 2} in cs
    assert {"form": "agreement", "level": "regional", "public_body": lst,
            "public_body_name": None, "count": 1} in cs
    assert stats(se, "?table=collaborations&form=agreement")[
        "collaborations"]["total"] == 2


def test_joint_parties_and_arenas_are_checked(node):
    a = org(node, "A")
    pb = org(node, "Kommunen", classification="municipality")
    base = {"organisation": a, "public_body": pb, "form": "dialogue",
            "level": "national", "area": "democracy", "start": "2025-01-01"}
    post = "/api/v1/collaborations"
    for extra, code, field in (
            ({"arena": "pgf", "level": "regional"}, "bad_value", "/level"),
            ({"arena": "overenskommelsen", "level": "nordic"}, "bad_value",
             "/level"),
            ({"arena": "code"}, "bad_value", "/arena"),
            ({"parties": [{"role": "public_body"}]}, "missing_field",
             "/parties/0/organisation"),
            ({"parties": [{"organisation": pb, "role": "public_body"}]},
             "bad_value", "/parties/0/organisation"),
            ({"parties": [{"organisation": a, "role": "civil_society"}]},
             "bad_value", "/parties/0/organisation"),
            ({"parties": [{"name": "X", "role": "public_body"},
                          {"organisation": "no:org:01JGJ4ZP3V2QPA12GZYNQ855N8",
                           "role": "public_body"},
                          {"organisation": "no:org:01JGJ4ZP3V2QPA12GZYNQ855N8",
                           "role": "civil_society"}]},
             "bad_value", "/parties/2/organisation"),
            ({"parties": [{"organisation": "se:net:01JGJ4ZP3V2QPA12GZYNQ855N8",
                           "role": "public_body"}]},
             "bad_id", "/parties/0/organisation"),
            ({"parties": [{"name": "X", "role": "funder"}]}, "bad_value",
             "/parties/0/role")):
        refused(node, "POST", post, dict(base, **extra), code, field)
    ok = node.post("collaborations", dict(base, arena="sakrad", parties=[
        {"name": "Kulturdepartementet", "role": "public_body"},
        {"organisation": "no:org:01JGJ4ZP3V2QPA12GZYNQ855N8",
         "role": "civil_society"}]))
    assert ok["body"]["arena"] == "sakrad" and len(ok["body"]["parties"]) == 2


# ---- resources ----------------------------------------------------------

def test_resources_list_by_kind_and_network_with_dates(node):
    mucf = org(node, "Myndigheten för ungdoms- och civilsamhällesfrågor",
               classification="state_agency")
    net = network(node, mucf)

    def res(kind, title, **kw):
        body = {"kind": kind, "title": {"sv": title},
                "url": "https://example.org/" + kind, "languages": ["sv"],
                "publisher": mucf}
        body.update(kw)
        return node.post("resources", body)["id"]
    report = res("report", "Kartläggning av civilsamhället", network=net)
    training = res("training", "Utbildning om samverkan", network=net,
                   date="2026-03-12", registration_deadline="2026-02-26")
    method = res("method", "Metodmaterial")
    event = res("event", "Nätverksträff", date="2026-05-05")

    r = "/api/v1/resources"
    assert ids(node, r + "?kind=training") == [training]
    assert ids(node, r + "?kind=event") == [event]
    assert sorted(ids(node, r + f"?network={net}")) == sorted([report,
                                                               training])
    assert ids(node, r + f"?network={net}&kind=report") == [report]
    assert sorted(ids(node, r)) == sorted([report, training, method, event])
    s, _, b = node.get(f"{r}/{training}")
    assert b["body"]["registration_deadline"] == "2026-02-26"

    base = {"kind": "training", "title": {"sv": "T"}, "url": "https://e.org",
            "languages": ["sv"], "publisher": mucf}
    refused(node, "POST", r, dict(base, date="2026-03-12",
                                  registration_deadline="2026-03-13"),
            "bad_value", "/registration_deadline")
    refused(node, "POST", r, dict(base, registration_deadline="2026-03-13"),
            "missing_field", "/date")
    refused(node, "POST", r, dict(base, kind="report", date="2026-03-12"),
            "bad_value", "/date")
    s, _, b = node.get(r + "?kind=webinar")
    assert s == 400 and b["field"] == "kind", b


def test_a_public_body_with_more_than_3000_collaborations_pages_through(node):
    """The list by public body has no cap: 3,001 collaborations with one
    public body (written in batches) come back page after page, each
    once, and the statistics count every one."""
    import json as _json
    a = org(node, "Många samarbeten")
    pb = org(node, "Storkommunen", classification="municipality")
    other = org(node, "Annan kommun", classification="municipality")
    crock = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"

    def cid(i):
        tail = "".join(crock[(i >> (5 * k)) & 31] for k in range(4))[::-1]
        return "se:collab:01JF" + "0" * 18 + tail
    want = []
    for start in range(0, 3002, 1000):
        lines = []
        for i in range(start, min(start + 1000, 3002)):
            body = {"organisation": a, "public_body": pb if i < 3001
                    else other, "form": "dialogue", "level": "local",
                    "area": "democracy", "start": "2025-01-01"}
            lines.append(_json.dumps({"id": cid(i), "body": body}))
            if i < 3001:
                want.append(cid(i))
        s, _, b = node.call("POST", "/api/v1/batch",
                            ("\n".join(lines) + "\n").encode(),
                            ctype="application/x-ndjson")
        assert s == 200 and all(r["result"] == "created"
                                for r in b["results"]), b
    got, cursor = [], None
    for _ in range(100):
        q = f"/api/v1/collaborations?public_body={pb}&limit=200" + \
            (f"&cursor={cursor}" if cursor else "")
        s, _, b = node.get(q)
        assert s == 200, b
        got += [it["id"] for it in b["items"]]
        cursor = b["next"]
        if cursor is None:
            break
    assert len(got) == len(set(got)) == 3001
    assert set(got) == set(want)
    st = stats(node, f"?table=collaborations&public_body={pb}")
    assert st["collaborations"]["total"] == 3001
    assert rows(st["collaborations"])[0]["count"] == 3001


def test_csv_import_and_export_carry_the_codes(node, tmp_path):
    """nordfedctl's CSV columns region_code and municipality_code: an
    import writes them (leading zeros kept), a code of another country
    refuses the file, and export gives them back."""
    import subprocess
    import harness

    def ctl(*args):
        return subprocess.run([harness.CTL_BIN] + list(args),
                              capture_output=True, text=True, timeout=120)
    good = tmp_path / "places.csv"
    good.write_text("name,classification,region,region_code,"
                    "municipality_code\n"
                    "Luleå förening,association,Norrbotten,SE-BD,2580\n"
                    "Uppsala förening,association,,SE-C,0380\n",
                    encoding="utf-8")
    r = ctl("import", str(good), "-c", node.conf)
    assert r.returncode == 0 and "2 created" in r.stdout, r.stdout + r.stderr
    s, _, b = node.get("/api/v1/organisations?region=SE-C")
    assert [o["body"]["municipality_code"] for o in b["items"]] == ["0380"]

    bad = tmp_path / "bad.csv"
    bad.write_text("name,classification,region_code\nFel,association,NO-18\n",
                   encoding="utf-8")
    before = node.digest()
    r = ctl("import", str(bad), "-c", node.conf)
    assert r.returncode == 1 and "region_code" in r.stdout, r.stdout
    assert node.digest() == before

    r = ctl("export", "--format", "csv", "--country", "SE", "--url", node.url)
    assert r.returncode == 0, r.stderr
    rows = list(csv.DictReader(io.StringIO(r.stdout)))
    got = {x["name"]: (x["region_code"], x["municipality_code"]) for x in rows}
    assert got == {"Luleå förening": ("SE-BD", "2580"),
                   "Uppsala förening": ("SE-C", "0380")}
