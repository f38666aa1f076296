"""
Sample data set of nordfed: one set of records per country node.

    records(country) -> [(type, id, body), ...]   in dependency order
    persons(country) -> [(org_id, {"name", "role", "email", "phone"}), ...]
    ALL_COUNTRIES

Everything here is fictional sample data for development and tests, except
the names of real public bodies (municipalities, regions, agencies,
governments and parliaments), which are used so that collaboration mapping
looks like the real thing; their descriptions and the collaborations
themselves are made up. Identifiers, addresses, phone numbers and named
persons are invented.

Deterministic: no clock, no randomness. Ids are "<cc>:<kind>:<ulid>" where
the ULID is a fixed time (2026-01-01T00:00:00Z) followed by 80 bits of
BLAKE2b over a stable key, so the same record always gets the same id and
other countries can refer to it with org_id(cc, key) and friends. Times
carry the right UTC offset for their zone and date (EU summer time rules,
Iceland without DST, Nuuk at -02/-01 since 2024).

Python 3.11 standard library only.
"""

import copy
import datetime as _dt
import hashlib
import unicodedata

ALL_COUNTRIES = ("SE", "NO", "DK", "FI", "IS", "GL", "FO", "AX")

# Types in the order a node must load them.
TYPE_ORDER = ("organisation", "network", "membership", "membership_request",
              "meeting", "resource", "collaboration")
KIND = {
    "organisation": "org", "network": "net", "membership": "mem",
    "membership_request": "mreq", "meeting": "meet", "resource": "res",
    "collaboration": "collab",
}

PUBLIC_CLASSES = ("municipality", "region", "state_agency", "government",
                  "parliament", "public_body_other")

# ---- ids -----------------------------------------------------------------

CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
ID_TIME_MS = 1767225600000  # 2026-01-01T00:00:00Z


def _b32(n, width):
    out = []
    for _ in range(width):
        out.append(CROCKFORD[n & 31])
        n >>= 5
    return "".join(reversed(out))


def ulid(name):
    """26-char ULID: the fixed time, then 80 bits of BLAKE2b(name)."""
    h = hashlib.blake2b(name.encode("utf-8"), digest_size=10).digest()
    return _b32(ID_TIME_MS, 10) + _b32(int.from_bytes(h, "big"), 16)


def make_id(cc, kind, key):
    cc = cc.lower()
    return "%s:%s:%s" % (cc, kind, ulid("nordfed-sample/%s/%s/%s" % (cc, kind, key)))


def org_id(cc, key):
    return make_id(cc, "org", key)


def net_id(cc, key):
    return make_id(cc, "net", key)


def mreq_id(cc, key):
    return make_id(cc, "mreq", key)


def _hnum(*parts):
    """A stable non-negative integer from parts (for digits, numbers)."""
    s = "/".join(str(p) for p in parts)
    return int.from_bytes(hashlib.blake2b(s.encode("utf-8"),
                                          digest_size=8).digest(), "big")


# ---- time ----------------------------------------------------------------

COUNTRY_TZ = {
    "SE": "Europe/Stockholm", "NO": "Europe/Oslo", "DK": "Europe/Copenhagen",
    "FI": "Europe/Helsinki", "IS": "Atlantic/Reykjavik", "GL": "America/Nuuk",
    "FO": "Atlantic/Faroe", "AX": "Europe/Mariehamn",
}
# Standard offset in minutes, and whether the zone keeps EU summer time.
_TZ_RULES = {
    "Europe/Stockholm": (60, True), "Europe/Oslo": (60, True),
    "Europe/Copenhagen": (60, True), "Europe/Helsinki": (120, True),
    "Europe/Mariehamn": (120, True), "Atlantic/Reykjavik": (0, False),
    "America/Nuuk": (-120, True), "Atlantic/Faroe": (0, True),
}


def _last_sunday_utc1(year, month):
    d = _dt.datetime(year, month, 31 if month in (3, 10) else 30, 1, 0)
    while d.weekday() != 6:
        d -= _dt.timedelta(days=1)
    return d


def _offset_minutes(tz, local):
    std, eu_dst = _TZ_RULES[tz]
    if not eu_dst:
        return std
    start = _last_sunday_utc1(local.year, 3)   # 01:00 UTC
    end = _last_sunday_utc1(local.year, 10)
    utc = local - _dt.timedelta(minutes=std)
    return std + 60 if start <= utc < end else std


def ts(tz, local):
    """"2027-03-10T09:00" in zone tz -> "2027-03-10T09:00:00+01:00"."""
    t = _dt.datetime.strptime(local, "%Y-%m-%dT%H:%M")
    off = _offset_minutes(tz, t)
    sign = "+" if off >= 0 else "-"
    return "%s%s%02d:%02d" % (t.strftime("%Y-%m-%dT%H:%M:%S"), sign,
                              abs(off) // 60, abs(off) % 60)


# ---- text ----------------------------------------------------------------

def T(**kw):
    """Translated text: T(sv="...", en="...", is_="...") (is is a keyword)."""
    return {k.rstrip("_"): v for k, v in kw.items()}


_FOLD = {"æ": "ae", "ø": "o", "å": "a", "ä": "a", "ö": "o", "þ": "th",
         "ð": "d", "ü": "u", "é": "e", "á": "a", "í": "i", "ó": "o",
         "ú": "u", "ý": "y", "č": "c", "đ": "d", "ŋ": "n", "š": "s",
         "ŧ": "t", "ž": "z"}


def fold(s):
    """ASCII lower case for e-mail local parts and url paths."""
    out = []
    for ch in s.lower():
        ch = _FOLD.get(ch, ch)
        ch = unicodedata.normalize("NFKD", ch).encode("ascii", "ignore").decode()
        out.append(ch)
    return "".join(out)


def slug(s):
    s = fold(s)
    out, dash = [], False
    for ch in s:
        if ch.isalnum():
            out.append(ch)
            dash = False
        elif not dash and out:
            out.append("-")
            dash = True
    return "".join(out).strip("-")


# ---- places ----------------------------------------------------------------
# place -> (municipality, region or None, postcode, town)

def _places(region_of, rows):
    out = {}
    for row in rows:
        place, muni, postcode = row[0], row[1], row[2]
        town = row[3] if len(row) > 3 else place
        out[place] = (muni, region_of.get(place), postcode, town)
    return out


PLACES = {
    "SE": _places({
        "Göteborg": "Västra Götalands län", "Stockholm": "Stockholms län",
        "Umeå": "Västerbottens län", "Malmö": "Skåne län",
        "Vindeln": "Västerbottens län", "Kiruna": "Norrbottens län",
        "Örebro": "Örebro län", "Sollefteå": "Västernorrlands län",
        "Södertälje": "Stockholms län", "Luleå": "Norrbottens län",
        "Gävle": "Gävleborgs län", "Uppsala": "Uppsala län",
        "Norrköping": "Östergötlands län", "Sundsvall": "Västernorrlands län",
        "Linköping": "Östergötlands län", "Gotland": "Gotlands län",
        "Haparanda": "Norrbottens län", "Växjö": "Kronobergs län",
    }, [
        ("Göteborg", "Göteborg", "411 04"), ("Stockholm", "Stockholm", "111 22"),
        ("Umeå", "Umeå", "903 26"), ("Malmö", "Malmö", "211 22"),
        ("Vindeln", "Vindeln", "922 31"), ("Kiruna", "Kiruna", "981 31"),
        ("Örebro", "Örebro", "702 10"), ("Sollefteå", "Sollefteå", "880 40", "Ramsele"),
        ("Södertälje", "Södertälje", "151 73"), ("Luleå", "Luleå", "972 31"),
        ("Gävle", "Gävle", "802 50"), ("Uppsala", "Uppsala", "753 20"),
        ("Norrköping", "Norrköping", "602 24"), ("Sundsvall", "Sundsvall", "852 30"),
        ("Linköping", "Linköping", "582 22"), ("Gotland", "Gotland", "621 56", "Visby"),
        ("Haparanda", "Haparanda", "953 31"), ("Växjö", "Växjö", "352 30"),
    ]),
    "NO": _places({
        "Tromsø": "Troms", "Oslo": "Oslo", "Drammen": "Buskerud",
        "Bergen": "Vestland", "Aurland": "Vestland", "Kautokeino": "Finnmark",
        "Vefsn": "Nordland", "Trondheim": "Trøndelag", "Stavanger": "Rogaland",
        "Bodø": "Nordland", "Alta": "Finnmark", "Kristiansand": "Agder",
        "Hamar": "Innlandet", "Lillehammer": "Innlandet", "Voss": "Vestland",
        "Karasjok": "Finnmark",
    }, [
        ("Tromsø", "Tromsø", "9008"), ("Oslo", "Oslo", "0182"),
        ("Drammen", "Drammen", "3015"), ("Bergen", "Bergen", "5003"),
        ("Aurland", "Aurland", "5745"), ("Kautokeino", "Kautokeino", "9520"),
        ("Vefsn", "Vefsn", "8657", "Mosjøen"), ("Trondheim", "Trondheim", "7011"),
        ("Stavanger", "Stavanger", "4006"), ("Bodø", "Bodø", "8006"),
        ("Alta", "Alta", "9510"), ("Kristiansand", "Kristiansand", "4611"),
        ("Hamar", "Hamar", "2317"), ("Lillehammer", "Lillehammer", "2615"),
        ("Voss", "Voss", "5700"), ("Karasjok", "Karasjok", "9730"),
    ]),
    "DK": _places({
        "Ærø": "Region Syddanmark", "København": "Region Hovedstaden",
        "Aarhus": "Region Midtjylland", "Odense": "Region Syddanmark",
        "Esbjerg": "Region Syddanmark", "Thisted": "Region Nordjylland",
        "Aalborg": "Region Nordjylland", "Vejle": "Region Syddanmark",
        "Roskilde": "Region Sjælland", "Bornholm": "Region Hovedstaden",
        "Sønderborg": "Region Syddanmark", "Ishøj": "Region Hovedstaden",
        "Morsø": "Region Nordjylland",
    }, [
        ("Ærø", "Ærø", "5970", "Ærøskøbing"), ("København", "København", "1620", "København V"),
        ("Aarhus", "Aarhus", "8000", "Aarhus C"), ("Odense", "Odense", "5000", "Odense C"),
        ("Esbjerg", "Esbjerg", "6700"), ("Thisted", "Thisted", "7700"),
        ("Aalborg", "Aalborg", "9000"), ("Vejle", "Vejle", "7100"),
        ("Roskilde", "Roskilde", "4000"), ("Bornholm", "Bornholm", "3700", "Rønne"),
        ("Sønderborg", "Sønderborg", "6400"), ("Ishøj", "Ishøj", "2635"),
        ("Morsø", "Morsø", "7900", "Nykøbing Mors"),
    ]),
    "FI": _places({
        "Oulu": "Pohjois-Pohjanmaa", "Helsinki": "Uusimaa", "Tampere": "Pirkanmaa",
        "Kuhmo": "Kainuu", "Turku": "Varsinais-Suomi", "Savonlinna": "Etelä-Savo",
        "Joensuu": "Pohjois-Karjala", "Jyväskylä": "Keski-Suomi",
        "Lahti": "Päijät-Häme", "Kajaani": "Kainuu", "Rovaniemi": "Lappi",
        "Vaasa": "Pohjanmaa", "Vasa": "Österbotten", "Inari": "Lappi",
        "Espoo": "Uusimaa", "Pori": "Satakunta", "Vantaa": "Uusimaa",
        "Raseborg": "Nyland",
    }, [
        ("Oulu", "Oulu", "90100"), ("Helsinki", "Helsinki", "00100"),
        ("Tampere", "Tampere", "33100"), ("Kuhmo", "Kuhmo", "88900"),
        ("Turku", "Turku", "20100"), ("Savonlinna", "Savonlinna", "57100"),
        ("Joensuu", "Joensuu", "80100"), ("Jyväskylä", "Jyväskylä", "40100"),
        ("Lahti", "Lahti", "15110"), ("Kajaani", "Kajaani", "87100"),
        ("Rovaniemi", "Rovaniemi", "96100"), ("Vaasa", "Vaasa", "65100"),
        ("Vasa", "Vasa", "65100"), ("Inari", "Inari", "99800", "Ivalo"),
        ("Espoo", "Espoo", "02100"), ("Pori", "Pori", "28100"),
        ("Vantaa", "Vantaa", "01300"), ("Raseborg", "Raseborg", "10600", "Ekenäs"),
    ]),
    "IS": _places({
        "Reykjavík": "Höfuðborgarsvæðið", "Akureyri": "Norðurland eystra",
        "Borgarbyggð": "Vesturland", "Skagafjörður": "Norðurland vestra",
        "Ísafjarðarbær": "Vestfirðir", "Hafnarfjörður": "Höfuðborgarsvæðið",
        "Árborg": "Suðurland", "Hornafjörður": "Suðurland",
        "Múlaþing": "Austurland", "Seyðisfjörður": "Austurland",
        "Vestmannaeyjar": "Suðurland", "Reykjanesbær": "Suðurnes",
    }, [
        ("Reykjavík", "Reykjavíkurborg", "101"), ("Akureyri", "Akureyrarbær", "600"),
        ("Borgarbyggð", "Borgarbyggð", "310", "Borgarnes"),
        ("Skagafjörður", "Skagafjörður", "550", "Sauðárkrókur"),
        ("Ísafjarðarbær", "Ísafjarðarbær", "400", "Ísafjörður"),
        ("Hafnarfjörður", "Hafnarfjarðarkaupstaður", "220", "Hafnarfjörður"),
        ("Árborg", "Sveitarfélagið Árborg", "800", "Selfoss"),
        ("Hornafjörður", "Sveitarfélagið Hornafjörður", "780", "Höfn"),
        ("Múlaþing", "Múlaþing", "700", "Egilsstaðir"),
        ("Seyðisfjörður", "Múlaþing", "710", "Seyðisfjörður"),
        ("Vestmannaeyjar", "Vestmannaeyjabær", "900", "Vestmannaeyjar"),
        ("Reykjanesbær", "Reykjanesbær", "230", "Reykjanesbær"),
    ]),
    "GL": _places({}, [
        ("Nuuk", "Kommuneqarfik Sermersooq", "3900"),
        ("Tasiilaq", "Kommuneqarfik Sermersooq", "3913"),
        ("Sisimiut", "Qeqqata Kommunia", "3911"),
        ("Maniitsoq", "Qeqqata Kommunia", "3912"),
        ("Ilulissat", "Avannaata Kommunia", "3952"),
        ("Uummannaq", "Avannaata Kommunia", "3961"),
        ("Qaqortoq", "Kommune Kujalleq", "3920"),
        ("Narsaq", "Kommune Kujalleq", "3921"),
        ("Aasiaat", "Kommune Qeqertalik", "3950"),
    ]),
    "FO": _places({
        "Tórshavn": "Suðurstreymoy", "Klaksvík": "Norðoyar",
        "Runavík": "Eysturoy", "Tvøroyri": "Suðuroy", "Vágur": "Suðuroy",
        "Sørvágur": "Vágar", "Fuglafjørður": "Eysturoy", "Eiði": "Eysturoy",
        "Sandur": "Sandoy",
    }, [
        ("Tórshavn", "Tórshavnar kommuna", "100"), ("Klaksvík", "Klaksvíkar kommuna", "700"),
        ("Runavík", "Runavíkar kommuna", "620"), ("Tvøroyri", "Tvøroyrar kommuna", "800"),
        ("Vágur", "Vágs kommuna", "900"), ("Sørvágur", "Sørvágs kommuna", "380"),
        ("Fuglafjørður", "Fuglafjarðar kommuna", "530"), ("Eiði", "Eiðis kommuna", "470"),
        ("Sandur", "Sands kommuna", "210"),
    ]),
    "AX": _places({p: "Åland" for p in (
        "Mariehamn", "Jomala", "Finström", "Kökar", "Saltvik", "Lemland",
        "Eckerö", "Brändö")}, [
        ("Mariehamn", "Mariehamn", "AX-22100"), ("Jomala", "Jomala", "AX-22150"),
        ("Finström", "Finström", "AX-22410", "Godby"), ("Kökar", "Kökar", "AX-22730"),
        ("Saltvik", "Saltvik", "AX-22430"), ("Lemland", "Lemland", "AX-22610"),
        ("Eckerö", "Eckerö", "AX-22270"), ("Brändö", "Brändö", "AX-22940"),
    ]),
}

# The ISO 3166-2 code of each region above (protocol/record_places.c);
# Greenland's regions are its five municipalities, and the Faroe Islands
# and Åland have none.
REGION_CODES = {
    "SE": {"Stockholms län": "SE-AB", "Uppsala län": "SE-C",
           "Östergötlands län": "SE-E", "Kronobergs län": "SE-G",
           "Gotlands län": "SE-I", "Skåne län": "SE-M",
           "Västra Götalands län": "SE-O", "Örebro län": "SE-T",
           "Gävleborgs län": "SE-X", "Västernorrlands län": "SE-Y",
           "Västerbottens län": "SE-AC", "Norrbottens län": "SE-BD"},
    "NO": {"Oslo": "NO-03", "Rogaland": "NO-11", "Nordland": "NO-18",
           "Buskerud": "NO-33", "Innlandet": "NO-34", "Agder": "NO-42",
           "Vestland": "NO-46", "Trøndelag": "NO-50", "Troms": "NO-55",
           "Finnmark": "NO-56"},
    "DK": {"Region Nordjylland": "DK-81", "Region Midtjylland": "DK-82",
           "Region Syddanmark": "DK-83", "Region Hovedstaden": "DK-84",
           "Region Sjælland": "DK-85"},
    "FI": {"Etelä-Savo": "FI-04", "Kainuu": "FI-05", "Keski-Suomi": "FI-08",
           "Lappi": "FI-10", "Pirkanmaa": "FI-11", "Pohjanmaa": "FI-12",
           "Österbotten": "FI-12", "Pohjois-Karjala": "FI-13",
           "Pohjois-Pohjanmaa": "FI-14", "Päijät-Häme": "FI-16",
           "Satakunta": "FI-17", "Uusimaa": "FI-18", "Nyland": "FI-18",
           "Varsinais-Suomi": "FI-19"},
    "IS": {"Höfuðborgarsvæðið": "IS-1", "Suðurnes": "IS-2",
           "Vesturland": "IS-3", "Vestfirðir": "IS-4",
           "Norðurland vestra": "IS-5", "Norðurland eystra": "IS-6",
           "Austurland": "IS-7", "Suðurland": "IS-8"},
    # by municipality: the region is the municipality
    "GL": {"Avannaata Kommunia": "GL-AV", "Kommune Kujalleq": "GL-KU",
           "Qeqqata Kommunia": "GL-QE", "Kommune Qeqertalik": "GL-QT",
           "Kommuneqarfik Sermersooq": "GL-SM"},
    "FO": {}, "AX": {},
}

# Official municipality codes, only where certain (a wrong official code
# is worse than none): SE kommunkod, NO kommunenummer (2024), DK
# kommunekode, FI and AX kuntanumero, IS sveitarfélagsnúmer. Greenland's
# municipalities are its regions; the Faroe Islands have no code list in
# the protocol. The municipalities left out have no code in the data.
MUNICIPALITY_CODES = {
    "SE": {"Stockholm": "0180", "Södertälje": "0181", "Uppsala": "0380",
           "Linköping": "0580", "Norrköping": "0581", "Växjö": "0780",
           "Gotland": "0980", "Malmö": "1280", "Göteborg": "1480",
           "Örebro": "1880", "Gävle": "2180", "Sundsvall": "2281",
           "Sollefteå": "2283", "Vindeln": "2404", "Umeå": "2480",
           "Luleå": "2580", "Haparanda": "2583", "Kiruna": "2584"},
    "NO": {"Oslo": "0301", "Stavanger": "1103", "Bodø": "1804",
           "Vefsn": "1824", "Drammen": "3301", "Hamar": "3403",
           "Lillehammer": "3405", "Kristiansand": "4204", "Bergen": "4601",
           "Trondheim": "5001", "Tromsø": "5501"},
    "DK": {"København": "101", "Ishøj": "183", "Roskilde": "265",
           "Bornholm": "400", "Odense": "461", "Ærø": "492",
           "Sønderborg": "540", "Esbjerg": "561", "Vejle": "630",
           "Aarhus": "751", "Morsø": "773", "Thisted": "787",
           "Aalborg": "851"},
    "FI": {"Espoo": "049", "Helsinki": "091", "Vantaa": "092",
           "Inari": "148", "Joensuu": "167", "Jyväskylä": "179",
           "Kajaani": "205", "Kuhmo": "290", "Lahti": "398", "Oulu": "564",
           "Pori": "609", "Rovaniemi": "698", "Raseborg": "710",
           "Savonlinna": "740", "Tampere": "837", "Turku": "853",
           "Vaasa": "905", "Vasa": "905"},
    "IS": {"Reykjavíkurborg": "0000", "Hafnarfjarðarkaupstaður": "1400",
           "Reykjanesbær": "2000", "Ísafjarðarbær": "4200",
           "Akureyrarbær": "6000", "Vestmannaeyjabær": "8000",
           "Sveitarfélagið Árborg": "8200"},
    "GL": {}, "FO": {},
    "AX": {"Brändö": "035", "Eckerö": "043", "Finström": "060",
           "Jomala": "170", "Mariehamn": "478"},
}


def region_code(cc, place):
    """The ISO 3166-2 code of place's region, or None (FO, AX)."""
    muni, region, _pc, _town = PLACES[cc][place]
    return REGION_CODES[cc].get(muni if cc == "GL" else region)


def municipality_code(cc, place):
    """The official code of place's municipality where certain, or None."""
    return MUNICIPALITY_CODES[cc].get(PLACES[cc][place][0])


STREETS = {
    "SE": ["Storgatan", "Kungsgatan", "Skolgatan", "Järnvägsgatan", "Föreningsgatan", "Torggatan"],
    "NO": ["Storgata", "Kirkegata", "Skolegata", "Strandgata", "Fjordgata", "Torggata"],
    "DK": ["Vestergade", "Østergade", "Skolegade", "Søndergade", "Nørregade", "Havnegade"],
    "FI": ["Kauppakatu", "Kirkkokatu", "Koulukatu", "Rantakatu", "Asemakatu", "Puistokatu"],
    "IS": ["Aðalstræti", "Hafnarstræti", "Kirkjuvegur", "Skólavegur", "Strandgata", "Túngata"],
    "GL": ["Aqqusinersuaq", "Imaneq", "Hans Egedesvej", "Issortarfimmut", "Aqqusinertaaq", "Tuapannguit"],
    "FO": ["Niels Finsens gøta", "Áarvegur", "Skúlavegur", "Kirkjuvegur", "Við Strond", "Bryggjubakki"],
    "AX": ["Torggatan", "Storagatan", "Skolgatan", "Norra Esplanadgatan", "Ålandsvägen", "Hamngatan"],
}

TLD = {cc: cc.lower() for cc in ALL_COUNTRIES}


def _address(cc, key, place):
    _muni, _region, postcode, town = PLACES[cc][place]
    streets = STREETS[cc]
    street = streets[_hnum(cc, key, "street") % len(streets)]
    num = 1 + _hnum(cc, key, "no") % 48
    return "%s %d, %s %s" % (street, num, postcode, town)


# ---- phone numbers -------------------------------------------------------

def _digits(seed, n):
    v = _hnum(*seed)
    return "".join(str((v >> (4 * i)) % 10) for i in range(n))


def phone(cc, seed, mobile=False):
    d = _digits((cc, seed, "tel", mobile), 9)
    if cc == "SE":
        return ("+46 70 %s %s %s" if mobile else "+46 10 %s %s %s") % (d[:3], d[3:5], d[5:7])
    if cc == "NO":
        return "+47 %s%s %s %s %s" % ("9" if mobile else "2", d[0], d[1:3], d[3:5], d[5:7])
    if cc == "DK":
        return "+45 %s%s %s %s %s" % ("4" if mobile else "7", d[0], d[1:3], d[3:5], d[5:7])
    if cc == "FI":
        return ("+358 40 %s %s" if mobile else "+358 9 %s %s") % (d[:3], d[3:7])
    if cc == "IS":
        return "+354 %s%s %s" % ("8" if mobile else "5", d[:2], d[2:6])
    if cc == "GL":
        return "+299 %s%s %s %s" % ("5" if mobile else "3", d[0], d[1:3], d[3:5])
    if cc == "FO":
        return "+298 %s%s%s" % ("2" if mobile else "3", d[0], d[1:5])
    if cc == "AX":
        return ("+358 457 %s %s" if mobile else "+358 18 %s %s") % (d[:3], d[3:7])
    raise ValueError(cc)


# ---- organisation identifiers (with the registers' check digits) ----------

SCHEME = {"SE": "SE-ON", "NO": "NO-BRC", "DK": "DK-CVR", "FI": "FI-PRO",
          "IS": "IS-KEN", "GL": "GL-CVR", "FO": "FO-VN", "AX": "AX-FR"}


def _luhn_digit(s):
    total = 0
    for i, ch in enumerate(s):
        v = int(ch) * (2 if i % 2 == 0 else 1)
        total += v - 9 if v > 9 else v
    return str((10 - total % 10) % 10)


def _mod11(s, weights):
    return sum(int(c) * w for c, w in zip(s, weights)) % 11


def identifier(cc, key, cls, founded=None):
    for salt in range(100):
        d = _digits((cc, key, "ident", salt), 9)
        if cc == "SE":
            head = {"municipality": "212000", "region": "232100",
                    "state_agency": "202100", "government": "202100",
                    "parliament": "202100", "social_enterprise": "559",
                    "cooperative": "769"}.get(cls, "802")
            body = (head + d)[:9]
            s = body + _luhn_digit(body)
            return s[:6] + "-" + s[6:]
        if cc == "NO":
            body = "9" + d[:7]
            r = _mod11(body, (3, 2, 7, 6, 5, 4, 3, 2))
            c = (11 - r) % 11
            if c == 10:
                continue
            return body + str(c)
        if cc in ("DK", "GL"):
            body = ("1" if cc == "GL" else str(2 + int(d[8]) % 7)) + d[:6]
            r = _mod11(body, (2, 7, 6, 5, 4, 3, 2))
            c = (11 - r) % 11
            if c == 10:
                continue
            return body + str(c)
        if cc in ("FI", "AX"):
            body = ("0" if cc == "AX" else str(1 + int(d[8]) % 3)) + d[:6]
            r = _mod11(body, (7, 9, 10, 5, 8, 4, 2))
            if r == 1:
                continue
            return body + "-" + str(0 if r == 0 else 11 - r)
        if cc == "IS":
            y, m, dd = (founded or "2000-01-01").split("-")
            body = "%02d%s%s%s" % (int(dd) + 40, m, y[2:], "2" + d[0])
            r = _mod11(body, (3, 2, 7, 6, 5, 4, 3, 2))
            c = (11 - r) % 11
            if c == 10:
                continue
            return body[:6] + "-" + body[6:] + str(c) + ("9" if y < "2000" else "0")
        if cc == "FO":
            return "5" + d[:5]
    raise ValueError("no identifier for %s %s" % (cc, key))


# ---- organisation specs --------------------------------------------------

MAIN_LANG = {"SE": "sv", "NO": "nb", "DK": "da", "FI": "fi", "IS": "is",
             "GL": "kl", "FO": "fo", "AX": "sv"}


class Org:
    __slots__ = ("cc", "key", "name", "cls", "focus", "place", "founded",
                 "text", "lang", "other", "domain", "web")

    def __init__(self, key, name, cls, focus, place, founded, text,
                 lang=None, other=(), domain=None, web=None):
        self.cc = None
        self.key, self.name, self.cls = key, name, cls
        self.focus = focus.split()
        self.place, self.founded, self.text = place, founded, text
        self.lang, self.other = lang, list(other)
        self.domain, self.web = domain, web

    @property
    def public(self):
        return self.cls in PUBLIC_CLASSES

    @property
    def id(self):
        return org_id(self.cc, self.key)


O = Org


# ==== organisations =======================================================

ORGS = {}

ORGS["SE"] = [
    O("sprakcafe-goteborg", "Språkcafé Göteborg", "association",
      "integration culture volunteering", "Göteborg", "2011-09-01", T(
          sv="Ideell förening som varje vecka ordnar språkcaféer där nyanlända och volontärer samtalar på svenska på bibliotek och i föreningslokaler.",
          en="Non-profit association running weekly language cafés where newcomers and volunteers talk in Swedish at libraries and community venues.")),
    O("civilsamhalletsriksrad", "Civilsamhällets Riksråd", "umbrella",
      "volunteering democracy human_rights", "Stockholm", "1998-04-20", T(
          sv="Paraplyorganisation för ideella organisationer som verkar för ett starkt och självständigt civilsamhälle och goda villkor för frivilligt engagemang. Leder Nordiskt nätverk för frivillighet och civilt samhällsutrymme.",
          en="Umbrella body for non-profit organisations working for a strong, independent civil society and good conditions for volunteering. Leads the Nordic Network for Volunteering and Civic Space."),
      other=[("Riksrådet", "sv", "kortnamn")]),
    O("ideburensamverkan", "Idéburen samverkan Sverige", "umbrella",
      "democracy social_care volunteering", "Stockholm", "2016-02-10", T(
          sv="Nationell samlingsorganisation för samverkan mellan idéburna organisationer, kommuner och regioner. Samordnar Nationellt nätverk för kommuner och civilsamhälle.",
          en="National organisation for cooperation between non-profit organisations, municipalities and regions. Coordinates the National Network for Municipalities and Civil Society.")),
    O("frivilligcentralen-umea", "Frivilligcentralen Umeå", "association",
      "volunteering social_care public_health", "Umeå", "2005-03-01", T(
          sv="Förmedlar frivilliguppdrag och stöttar föreningar i Umeå med utbildning, försäkringsfrågor och rekrytering av volontärer.",
          en="Matches volunteers with assignments and supports associations in Umeå with training, insurance questions and volunteer recruitment.")),
    O("sf-framsteg", "Studieförbundet Framsteg", "study_association",
      "education democracy culture", "Malmö", "1972-01-15", T(
          sv="Studieförbund som erbjuder studiecirklar, kulturprogram och folkbildning om demokrati i hela Skåne.",
          en="Adult education association offering study circles, cultural events and popular education on democracy across Skåne.")),
    O("vindelalvensfolkhogskola", "Vindelälvens folkhögskola", "folk_high_school",
      "education rural_development environment", "Vindeln", "1962-08-20", T(
          sv="Folkhögskola i inlandet med allmän kurs, naturguideutbildning och kurser om hållbar landsbygdsutveckling.",
          en="Inland folk high school with a general course, nature guide training and courses on sustainable rural development.")),
    O("saminuorat-giron", "Sámi Nuorat Giron", "association",
      "youth culture human_rights", "Kiruna", "2009-02-06", T(
          se="Sámi nuoraid searvi Giron guovllus. Mii bargat sámegiela, kultuvrra ja nuoraid vuoigatvuođaid ovdii.",
          sv="Förening för samisk ungdom i Kirunaområdet som arbetar för samiska språket, kulturen och ungas rättigheter.",
          en="Association for Sámi young people in the Kiruna area working for the Sámi language, culture and young people's rights."),
      lang="se", other=[("Samisk ungdom i Kiruna", "sv", None)]),
    O("ljusglimten", "Stiftelsen Ljusglimten", "foundation",
      "social_care youth", "Örebro", "2001-11-30", T(
          sv="Stiftelse som delar ut bidrag till lokala insatser för barn och unga i ekonomiskt utsatta familjer.",
          en="Foundation awarding grants to local initiatives for children and young people in low-income families.")),
    O("bygdekooperativet-ramsele", "Bygdekooperativet Ramsele ekonomisk förening", "cooperative",
      "rural_development labour_market", "Sollefteå", "1994-05-12", T(
          sv="Ekonomisk förening som driver bygdens butik, drivmedelsstation och servicepunkt och skapar lokala arbetstillfällen.",
          en="Cooperative running the village shop, fuel station and service point and creating local jobs."),
      other=[("Bygdekooperativet Ramsele", "sv", None)]),
    O("returverket", "Returverket Malmö AB", "social_enterprise",
      "labour_market environment integration", "Malmö", "2014-06-01", T(
          sv="Arbetsintegrerande socialt företag som renoverar möbler och elektronik och erbjuder praktik för personer som står långt från arbetsmarknaden.",
          en="Work-integration social enterprise refurbishing furniture and electronics and offering placements for people far from the labour market.")),
    O("gemenskapskyrkan-sodertalje", "Gemenskapskyrkan Södertälje", "faith_community",
      "integration social_care", "Södertälje", "1987-10-04", T(
          sv="Församling med öppen verksamhet: läxhjälp, matkassar och samtalsstöd för alla oavsett tro.",
          en="Congregation with open activities: homework help, food parcels and counselling for everyone regardless of faith.")),
    O("ideelltanstallda-norr", "Fackföreningen Ideellt Anställda Norr", "trade_union",
      "labour_market", "Luleå", "2003-01-20", T(
          sv="Fackförening för anställda i ideella organisationer i Norrbotten och Västerbotten.",
          en="Trade union for employees of non-profit organisations in Norrbotten and Västerbotten.")),
    O("foraldranatverket-hjallbo", "Föräldranätverket Hjällbo", "informal_group",
      "integration education democracy", "Göteborg", "2019-03-10", T(
          sv="Informellt nätverk av föräldrar som ordnar föräldramöten på flera språk och samtal med skolan.",
          en="Informal network of parents holding multilingual parent meetings and talks with the local school.")),
    O("kvinnojouren-gavleborg", "Kvinnojouren Gävleborg", "association",
      "gender_equality human_rights social_care", "Gävle", "1984-03-08", T(
          sv="Ideell kvinnojour som ger stöd och skyddat boende till kvinnor och barn som utsatts för våld.",
          en="Women's shelter giving support and safe housing to women and children who have been exposed to violence.")),
    O("miljoverkstaden-uppsala", "Miljöverkstaden Uppsala", "association",
      "environment education youth", "Uppsala", "2010-04-22", T(
          sv="Förening som ordnar reparationskaféer, klimatutbildningar och odlingsprojekt för unga.",
          en="Association running repair cafés, climate courses and gardening projects for young people.")),
    O("halsolotsarna-norrkoping", "Hälsolotsarna Norrköping", "association",
      "public_health integration", "Norrköping", "2016-09-01", T(
          sv="Flerspråkiga hälsolotsar som informerar om hälsa, vård och egenvård i bostadsområdena.",
          en="Multilingual health guides informing residents about health, care services and self-care in their neighbourhoods.")),
    O("ungdomenshus-malmo", "Ungdomens Hus Malmö", "association",
      "youth culture democracy", "Malmö", "2008-10-10", T(
          sv="Ungdomsstyrd mötesplats där unga driver egna kulturprojekt och påverkar lokala beslut.",
          en="Youth-run venue where young people lead their own cultural projects and influence local decisions.")),
    O("halsobron-sundsvall", "Patientföreningen Hälsobron Sundsvall", "association",
      "health_care public_health", "Sundsvall", "1999-05-05", T(
          sv="Patientförening som stödjer personer med långvarig sjukdom och deras anhöriga och för deras talan i vården.",
          en="Patient association supporting people with long-term illness and their families and speaking for them in health care.")),
    O("sociala-innovationslabbet", "Sociala innovationslabbet Linköping AB", "social_enterprise",
      "innovation social_care democracy", "Linköping", "2018-01-15", T(
          sv="Socialt företag som tillsammans med kommuner och föreningar utvecklar och prövar nya lösningar på sociala utmaningar.",
          en="Social enterprise developing and testing new solutions to social challenges together with municipalities and associations.")),
    O("tillsammans-gotland", "Tillsammans – seniorer på Gotland", "association",
      "social_care volunteering public_health", "Gotland", "2012-06-01", T(
          sv="Seniorförening som motverkar ofrivillig ensamhet med besöksvänner, promenadgrupper och digital vardagshjälp.",
          en="Seniors' association countering involuntary loneliness with visiting friends, walking groups and everyday digital help.")),
    O("mangkulturellasamradet", "Mångkulturella föreningars samråd Stockholm", "umbrella",
      "integration democracy human_rights", "Stockholm", "2002-09-14", T(
          sv="Samarbetsorgan för ett sextiotal migrant- och diasporaföreningar som företräder dem i dialogen med Stockholms stad.",
          en="Joint body for some sixty migrant and diaspora associations, speaking for them in the dialogue with the City of Stockholm.")),
    O("tornedalsscenen", "Kulturföreningen Tornedalsscenen", "association",
      "culture rural_development", "Haparanda", "1996-07-01", T(
          sv="Kulturförening som ordnar teater, musik och berättarkvällar på svenska, finska och meänkieli i Tornedalen.",
          en="Cultural association staging theatre, music and storytelling evenings in Swedish, Finnish and Meänkieli in the Torne Valley.")),
    # public bodies
    O("goteborg", "Göteborgs Stad", "municipality",
      "democracy integration social_care", "Göteborg", None, T(
          sv="Kommun som samverkar med civilsamhället genom en lokal överenskommelse och idéburna offentliga partnerskap.",
          en="Municipality cooperating with civil society through a local compact and idea-based public partnerships.")),
    O("umea", "Umeå kommun", "municipality",
      "volunteering democracy youth", "Umeå", None, T(
          sv="Kommun i Västerbotten med en överenskommelse med föreningslivet och ett aktivt ungdomsråd.",
          en="Municipality in Västerbotten with a compact with local associations and an active youth council.")),
    O("malmo", "Malmö stad", "municipality",
      "integration labour_market social_care", "Malmö", None, T(
          sv="Kommun som arbetar med idéburna offentliga partnerskap inom arbetsmarknad och social omsorg.",
          en="Municipality working with idea-based public partnerships on employment and social care.")),
    O("kiruna", "Kiruna kommun", "municipality",
      "rural_development culture", "Kiruna", None, T(
          sv="Kommun i förvaltningsområdena för samiska, finska och meänkieli.",
          se="Giron gielda gullá sámegiela, suomagiela ja meänkiela hálddašanguovlluide.",
          en="Municipality in the administrative areas for Sámi, Finnish and Meänkieli."),
      other=[("Giron gielda", "se", None)]),
    O("regionvasterbotten", "Region Västerbotten", "region",
      "health_care public_health rural_development", "Umeå", None, T(
          sv="Region med ansvar för hälso- och sjukvård, kollektivtrafik och regional utveckling i Västerbotten.",
          en="Regional authority responsible for health care, public transport and regional development in Västerbotten.")),
    O("skane", "Region Skåne", "region",
      "health_care public_health culture", "Malmö", None, T(
          sv="Region som ansvarar för hälso- och sjukvård, kultur och regional utveckling i Skåne.",
          en="Regional authority responsible for health care, culture and regional development in Skåne.")),
    O("mucf", "Myndigheten för ungdoms- och civilsamhällesfrågor", "state_agency",
      "youth democracy volunteering", "Växjö", None, T(
          sv="Statlig myndighet som följer upp ungdomspolitiken och civilsamhällespolitiken och fördelar statsbidrag.",
          en="Government agency following up youth and civil society policy and distributing state grants."),
      other=[("MUCF", "sv", "förkortning"),
             ("Swedish Agency for Youth and Civil Society", "en", None)]),
    O("lansstyrelsen-norrbotten", "Länsstyrelsen i Norrbottens län", "state_agency",
      "rural_development integration gender_equality", "Luleå", None, T(
          sv="Statens regionala företrädare i Norrbotten med uppdrag om landsbygd, integration och jämställdhet.",
          en="The state's regional representative in Norrbotten, with tasks in rural affairs, integration and gender equality."),
      domain="lansstyrelsen.se", web="https://www.lansstyrelsen.se/norrbotten"),
    O("regeringen", "Regeringskansliet", "government",
      "democracy", "Stockholm", None, T(
          sv="Regeringens kansli med departementen, bland annat ansvarigt för civilsamhällespolitiken.",
          en="The Government Offices with the ministries, among them the one responsible for civil society policy."),
      other=[("Government Offices of Sweden", "en", None)]),
    # the Norrbotten mapping's three parties (COLLABORATIONS): the region,
    # the county board above, and a civil-society umbrella (invented)
    O("samverkansradet-norrbotten", "Civilsamhällets samverkansråd i Norrbotten", "umbrella",
      "democracy volunteering rural_development", "Luleå", "2008-05-15", T(
          sv="Paraplyorganisation för föreningar, trossamfund och sociala företag i länets fjorton kommuner. Kartlägger tillsammans med Region Norrbotten och Länsstyrelsen civilsamhället i länet, omkring 6 000 organisationer, efter typ och verksamhetsområde.",
          en="Umbrella body for associations, faith communities and social enterprises in the county's fourteen municipalities. Maps the county's civil society, some 6,000 organisations, by type and area of activity together with Region Norrbotten and the County Administrative Board.")),
    O("regionnorrbotten", "Region Norrbotten", "region",
      "health_care public_health rural_development culture", "Luleå", None, T(
          sv="Region med ansvar för hälso- och sjukvård, kollektivtrafik, kultur och regional utveckling i Norrbotten.",
          en="Regional authority responsible for health care, public transport, culture and regional development in Norrbotten.")),
]

ORGS["NO"] = [
    O("frivilligsentralen-tromso", "Frivilligsentralen Tromsø", "association",
      "volunteering social_care public_health", "Tromsø", "2004-09-01", T(
          nb="Frivilligsentral som kobler frivillige med oppdrag, driver besøkstjeneste og lager sosiale møteplasser i Tromsø.",
          en="Volunteer centre matching volunteers with tasks, running a visiting service and creating social meeting places in Tromsø.")),
    O("inkluderingsforum", "Inkluderingsforum Norge", "umbrella",
      "integration human_rights democracy", "Oslo", "2001-06-15", T(
          nb="Paraplyorganisasjon for organisasjoner som arbeider med integrering og inkludering. Leder Nordisk nettverk for integrering og inkludering.",
          en="Umbrella organisation for organisations working on integration and inclusion. Leads the Nordic Network for Integration and Inclusion.")),
    O("sprakkafeen-drammen", "Språkkafeen i Drammen", "informal_group",
      "integration culture volunteering", "Drammen", "2016-01-12", T(
          nb="Uformell gruppe som møtes på biblioteket hver tirsdag for å snakke norsk over en kopp kaffe.",
          en="Informal group meeting at the library every Tuesday to practise Norwegian over a cup of coffee.")),
    O("folkeopplysning-vest", "Studieforbundet Folkeopplysning Vest", "study_association",
      "education democracy culture", "Bergen", "1975-03-01", T(
          nb="Studieforbund som gir tilskudd og veiledning til kurs og studiesirkler hos medlemsorganisasjonene på Vestlandet.",
          en="Adult education association supporting courses and study circles run by its member organisations in western Norway.")),
    O("aurland-folkehogskule", "Aurland folkehøgskule", "folk_high_school",
      "education culture environment", "Aurland", "1958-08-18", T(
          nn="Folkehøgskule ved Aurlandsfjorden med liner for friluftsliv, musikk og berekraftig matproduksjon.",
          en="Folk high school on the Aurlandsfjord with courses in outdoor life, music and sustainable food production."),
      lang="nn"),
    O("saminuorat-guovdageaidnu", "Guovdageainnu Sámi Nuorat", "association",
      "youth culture human_rights", "Kautokeino", "2003-02-06", T(
          se="Sámi nuoraid searvi Guovdageainnus. Mii lágidit kurssaid, konsearttaid ja ságastallamiid nuoraid vuoigatvuođaid birra.",
          nb="Forening for samisk ungdom i Kautokeino som arrangerer kurs, konserter og samtaler om unges rettigheter.",
          en="Association for Sámi young people in Kautokeino holding courses, concerts and talks on young people's rights."),
      lang="se", other=[("Samisk ungdom i Kautokeino", "nb", None)]),
    O("likeverd-bergen", "Stiftelsen Likeverd Bergen", "foundation",
      "human_rights integration gender_equality", "Bergen", "2008-12-10", T(
          nb="Stiftelse som gir gratis rettshjelp og veiledning til personer som opplever diskriminering.",
          en="Foundation giving free legal aid and guidance to people who experience discrimination.")),
    O("bygdeutvikling-helgeland", "Bygdeutvikling Helgeland SA", "cooperative",
      "rural_development labour_market innovation", "Vefsn", "2011-04-04", T(
          nb="Samvirkeforetak eid av bygdelag og småbedrifter som utvikler lokale næringer og felles tjenester på Helgeland.",
          en="Cooperative owned by village associations and small businesses, developing local enterprise and shared services in Helgeland.")),
    O("arbeidsinkludering-trondheim", "Arbeidsinkludering Trondheim AS", "social_enterprise",
      "labour_market integration", "Trondheim", "2013-02-01", T(
          nb="Sosialt entreprenørskap som tilbyr arbeidstrening i kantine og vaskeri for personer som står utenfor arbeidslivet.",
          en="Social enterprise offering work training in a canteen and a laundry for people outside working life.")),
    O("internasjonal-menighet-stavanger", "Internasjonal menighet Stavanger", "faith_community",
      "integration social_care", "Stavanger", "1990-09-09", T(
          nb="Flerspråklig menighet med gudstjenester på engelsk og norsk, norskkurs og leksehjelp.",
          en="Multilingual congregation with services in English and Norwegian, Norwegian classes and homework help.")),
    O("oaf-nord", "Organisasjonsarbeidernes forbund Nord", "trade_union",
      "labour_market volunteering", "Bodø", "1999-11-11", T(
          nb="Fagforening for ansatte i frivillige og ideelle organisasjoner i Nord-Norge.",
          en="Trade union for employees of voluntary and non-profit organisations in Northern Norway.")),
    O("krisesenteret-vest-finnmark", "Krisesenteret i Vest-Finnmark", "association",
      "gender_equality social_care human_rights", "Alta", "1986-03-08", T(
          nb="Krisesenter som gir beskyttelse, samtaler og oppfølging til kvinner, menn og barn utsatt for vold i nære relasjoner.",
          en="Crisis centre giving shelter, counselling and follow-up to women, men and children exposed to domestic violence.")),
    O("ungestemmer-bodo", "Unge Stemmer Bodø", "association",
      "youth democracy", "Bodø", "2015-10-01", T(
          nb="Ungdomsorganisasjon som lærer opp unge i lokalpolitikk og arrangerer debatter før valg.",
          en="Youth organisation training young people in local politics and holding debates before elections.")),
    O("klimaverkstedet", "Klimaverkstedet Kristiansand", "association",
      "environment innovation education", "Kristiansand", "2017-05-22", T(
          nb="Forening som driver reparasjonsverksted, klimakurs og utlånsordning for utstyr.",
          en="Association running a repair workshop, climate courses and an equipment lending scheme.")),
    O("folkehelse-innlandet", "Folkehelseforeningen Innlandet", "association",
      "public_health rural_development", "Hamar", "2006-04-07", T(
          nb="Frivillig forening som fremmer fysisk aktivitet og gode levevaner i distriktene i Innlandet.",
          en="Voluntary association promoting physical activity and healthy habits in rural Innlandet.")),
    O("brukerforeningen-helse-nord", "Brukerforeningen Helse Nord", "association",
      "health_care", "Tromsø", "2002-02-02", T(
          nb="Pasient- og brukerforening som gir innspill til sykehusene og støtter pasienter med lang reisevei.",
          en="Patient and user association giving input to the hospitals and supporting patients who travel far for treatment.")),
    O("grunerlokka-kulturhus-venner", "Grünerløkka kulturhus venner", "association",
      "culture volunteering", "Oslo", "2010-08-25", T(
          nb="Venneforening som driver frivillig kafé, konserter og utstillinger i et nabolagshus på Grünerløkka.",
          en="Friends' association running a volunteer café, concerts and exhibitions in a neighbourhood house in Grünerløkka.")),
    O("kvinneforum-stavanger", "Kvinneforum Stavanger", "association",
      "gender_equality labour_market integration", "Stavanger", "1995-03-08", T(
          nb="Forening som arbeider for likestilling i arbeidslivet, med mentorprogram for kvinner med innvandrerbakgrunn.",
          en="Association working for equality in working life, with a mentoring programme for women with an immigrant background.")),
    O("sosial-innovasjon-oslo", "Sosial Innovasjon Oslo AS", "social_enterprise",
      "innovation labour_market social_care", "Oslo", "2019-09-01", T(
          nb="Sosialt foretak som hjelper ideelle organisasjoner og kommuner med å utvikle og måle nye velferdstjenester.",
          en="Social enterprise helping non-profits and municipalities develop and measure new welfare services.")),
    O("eldre-sammen-lillehammer", "Eldre sammen Lillehammer", "association",
      "social_care public_health volunteering", "Lillehammer", "2013-05-15", T(
          nb="Forening som arrangerer turgrupper, digital opplæring og besøksvenner for eldre.",
          en="Association holding walking groups, digital training and visiting-friend schemes for older people.")),
    O("vossestrand-bygdelag", "Vossestrand bygdelag", "association",
      "rural_development culture democracy", "Voss", "1921-06-24", T(
          nn="Bygdelag som tek vare på lokal kultur, driv grendehuset og samlar bygdefolket til dugnad og folkemøte.",
          nb="Bygdelag som tar vare på lokal kultur, driver grendehuset og samler bygdefolket til dugnad og folkemøter.",
          en="Village association caring for local culture, running the community hall and gathering people for voluntary work and public meetings."),
      lang="nn"),
    O("demokrativerkstedet", "Demokrativerkstedet", "association",
      "democracy youth education", "Oslo", "2012-09-15", T(
          nb="Forening som lager undervisningsopplegg om demokrati og ytringsfrihet for skoler og ungdomsråd.",
          en="Association making teaching materials on democracy and freedom of expression for schools and youth councils.")),
    # public bodies
    O("tromso", "Tromsø kommune", "municipality",
      "volunteering social_care culture", "Tromsø", None, T(
          nb="Kommune med en egen frivillighetspolitikk og samarbeidsavtale med frivilligsentralene.",
          en="Municipality with its own volunteering policy and a cooperation agreement with the volunteer centres."),
      other=[("Romssa suohkan", "se", None)]),
    O("oslo", "Oslo kommune", "municipality",
      "integration social_care democracy", "Oslo", None, T(
          nb="Hovedstadskommune med tilskuddsordninger for frivillige organisasjoner og lokale integreringstiltak.",
          en="The capital's municipality, with grant schemes for voluntary organisations and local integration projects."),
      domain="oslo.kommune.no"),
    O("bergen", "Bergen kommune", "municipality",
      "integration culture public_health", "Bergen", None, T(
          nb="Kommune som samarbeider med frivilligheten om inkludering, kultur og folkehelse.",
          en="Municipality working with voluntary organisations on inclusion, culture and public health."),
      domain="bergen.kommune.no"),
    O("kautokeino", "Guovdageainnu suohkan", "municipality",
      "rural_development culture", "Kautokeino", None, T(
          se="Suohkan sámegiela hálddašanguovllus, mas eanaš olbmot hupmet sámegiela.",
          nb="Kommune i forvaltningsområdet for samisk språk, der de fleste innbyggerne snakker samisk.",
          en="Municipality in the administrative area for the Sámi language, where most residents speak Sámi."),
      lang="se", other=[("Kautokeino kommune", "nb", None)], domain="kautokeino.kommune.no"),
    O("tromsfylke", "Troms fylkeskommune", "region",
      "rural_development public_health culture", "Tromsø", None, T(
          nb="Fylkeskommune med ansvar for regional utvikling, kultur og folkehelse i Troms.",
          en="County authority responsible for regional development, culture and public health in Troms."),
      other=[("Romssa fylkkasuohkan", "se", None)]),
    O("vestlandfylke", "Vestland fylkeskommune", "region",
      "culture education public_health", "Bergen", None, T(
          nn="Fylkeskommune med ansvar for vidaregåande opplæring, kultur og regional utvikling på Vestlandet.",
          en="County authority responsible for upper secondary education, culture and regional development in Vestland."),
      lang="nn"),
    O("imdi", "Integrerings- og mangfoldsdirektoratet", "state_agency",
      "integration labour_market", "Oslo", None, T(
          nb="Direktorat som gir tilskudd til frivillige organisasjoners integreringsarbeid og veileder kommunene.",
          en="Directorate giving grants to voluntary organisations' integration work and advising municipalities."),
      other=[("IMDi", "nb", "forkortelse"),
             ("Directorate of Integration and Diversity", "en", None)]),
    O("statsforvalteren-nordland", "Statsforvalteren i Nordland", "state_agency",
      "rural_development social_care", "Bodø", None, T(
          nb="Statens representant i fylket med tilsyn og veiledning overfor kommunene i Nordland.",
          en="The state's representative in the county, supervising and advising the municipalities in Nordland."),
      domain="statsforvalteren.no", web="https://www.statsforvalteren.no/nordland"),
    O("sametinget", "Sámediggi", "parliament",
      "culture human_rights democracy", "Karasjok", None, T(
          se="Sámiid álbmotválljen parlameanta Norggas.",
          nb="Samenes folkevalgte parlament i Norge.",
          en="The elected parliament of the Sámi people in Norway."),
      lang="se", other=[("Sametinget", "nb", None), ("Sámi Parliament of Norway", "en", None)],
      domain="sametinget.no"),
]

ORGS["DK"] = [
    O("ungdomsforeningen-aero", "Ungdomsforeningen Ærø", "association",
      "youth rural_development culture", "Ærø", "1947-05-04", T(
          da="Ungdomsforening der samler øens unge om idræt, musik og frivillige arrangementer, så flere unge bliver boende eller vender hjem.",
          en="Youth association bringing the island's young people together around sport, music and voluntary events, so that more stay or come back.")),
    O("ungdommensdemokratiforum", "Ungdommens Demokratiforum", "umbrella",
      "youth democracy education", "København", "2000-10-01", T(
          da="Paraplyorganisation for børne- og ungdomsorganisationer, der arbejder for unges deltagelse i demokratiet. Leder Nordisk netværk for ungdomsdeltagelse.",
          en="Umbrella organisation for children's and youth organisations working for young people's participation in democracy. Leads the Nordic Network for Youth Participation.")),
    O("frivilligcenter-aarhus-vest", "Frivilligcenter Aarhus Vest", "association",
      "volunteering social_care integration", "Aarhus", "2007-01-01", T(
          da="Frivilligcenter der formidler frivilligt arbejde, rådgiver foreninger og driver en café for nye frivillige.",
          en="Volunteer centre matching volunteers, advising associations and running a café for new volunteers.")),
    O("oplysning-fyn", "Aftenskolen Oplysning Fyn", "study_association",
      "education culture democracy", "Odense", "1968-09-01", T(
          da="Oplysningsforbund med aftenskolehold, foredrag og debatmøder over hele Fyn.",
          en="Adult education association with evening classes, lectures and public debates all over Funen.")),
    O("vadehavetshojskole", "Vadehavets Højskole", "folk_high_school",
      "education environment culture", "Esbjerg", "1971-08-15", T(
          da="Folkehøjskole ved Vadehavet med linjer i natur, klima og fortælling.",
          en="Folk high school by the Wadden Sea with courses in nature, climate and storytelling.")),
    O("fondenbroen", "Fonden Broen til Fællesskab", "foundation",
      "social_care youth", "Odense", "2009-04-01", T(
          da="Fond der støtter udsatte børn og unges deltagelse i fritidsaktiviteter.",
          en="Foundation helping vulnerable children and young people take part in leisure activities.")),
    O("landsbyliv-thy", "Andelsselskabet Landsbyliv Thy", "cooperative",
      "rural_development labour_market environment", "Thisted", "2015-03-03", T(
          da="Andelsselskab der driver landsbybutik, delebiler og fælles solcelleanlæg i landsbyerne i Thy.",
          en="Cooperative running a village shop, shared cars and a community solar plant in the villages of Thy.")),
    O("genbrugsvaerkstedet", "Genbrugsværkstedet Nørrebro", "social_enterprise",
      "labour_market environment integration", "København", "2012-05-01", T(
          da="Socialøkonomisk virksomhed der reparerer cykler og møbler og tilbyder jobtræning til ledige.",
          en="Social enterprise repairing bicycles and furniture and offering job training to unemployed people.")),
    O("nabohjaelp-odense", "Folkekirkens Nabohjælp Odense", "faith_community",
      "social_care integration volunteering", "Odense", "2011-10-01", T(
          da="Kirkelig frivilligindsats med lektiecafé, fællesspisning og besøgsvenner i Odenses boligområder.",
          en="Church volunteer programme with homework cafés, community dinners and visiting friends in Odense's housing estates.")),
    O("omsorg-nord", "Fagforeningen Omsorg Nord", "trade_union",
      "labour_market social_care", "Aalborg", "1977-01-01", T(
          da="Fagforening for ansatte i social- og sundhedssektoren og i frivillige sociale organisationer i Nordjylland.",
          en="Trade union for employees in social and health care and in voluntary social organisations in North Jutland.")),
    O("beboernetvaerket-gellerup", "Beboernetværket Gellerup", "informal_group",
      "democracy integration", "Aarhus", "2018-06-01", T(
          da="Uformelt netværk af beboere der mødes om boligområdets udvikling og taler med kommunen og boligselskabet.",
          en="Informal network of residents meeting about the estate's future and talking with the municipality and the housing association.")),
    O("kvindehuset-vejle", "Kvindehuset Vejle", "association",
      "gender_equality human_rights social_care", "Vejle", "1982-03-08", T(
          da="Kvindehus der tilbyder rådgivning, krisehjælp og netværksgrupper for kvinder.",
          en="Women's house offering advice, crisis support and network groups for women.")),
    O("klimafaellesskabet-roskilde", "Klimafællesskabet Roskilde", "association",
      "environment youth democracy", "Roskilde", "2019-03-15", T(
          da="Lokalt klimafællesskab hvor unge og voksne laver klimaprojekter og inviterer politikere til borgermøder.",
          en="Local climate community where young people and adults run climate projects and invite politicians to town hall meetings.")),
    O("sundhedsambassadorerne", "Sundhedsambassadørerne Esbjerg", "association",
      "public_health integration", "Esbjerg", "2014-11-01", T(
          da="Frivillige sundhedsambassadører der formidler viden om sundhed og forebyggelse på flere sprog.",
          en="Volunteer health ambassadors sharing knowledge about health and prevention in several languages.")),
    O("hjertelunge-nord", "Patientforeningen Hjerte-Lunge Nordjylland", "association",
      "health_care", "Aalborg", "1996-02-14", T(
          da="Patientforening for mennesker med hjerte- og lungesygdomme og deres pårørende.",
          en="Patient association for people with heart and lung disease and their families.")),
    O("bornholmske-toner", "Kulturforeningen Bornholmske Toner", "association",
      "culture rural_development", "Bornholm", "2003-07-01", T(
          da="Kulturforening der arrangerer koncerter og musikværksteder rundt på Bornholm året rundt.",
          en="Cultural association holding concerts and music workshops around Bornholm all year.")),
    O("socialtinnovationslab", "Socialt Innovationslab København ApS", "social_enterprise",
      "innovation social_care", "København", "2017-01-10", T(
          da="Socialøkonomisk virksomhed der udvikler nye velfærdsløsninger sammen med brugere, foreninger og kommuner.",
          en="Social enterprise developing new welfare solutions with service users, associations and municipalities.")),
    O("aeldresammen-sonderborg", "Ældre Sammen Sønderborg", "association",
      "social_care volunteering public_health", "Sønderborg", "2010-09-01", T(
          da="Forening der bekæmper ensomhed blandt ældre med besøgsvenner, gåture og it-hjælp.",
          en="Association fighting loneliness among older people with visiting friends, walks and IT help.")),
    O("menneskeret-i-praksis", "Foreningen Menneskeret i Praksis", "association",
      "human_rights democracy gender_equality", "København", "2005-12-10", T(
          da="Forening der underviser i menneskerettigheder og yder gratis retshjælp i sager om diskrimination.",
          en="Association teaching human rights and giving free legal aid in discrimination cases.")),
    O("nyenaboer-ishoj", "Foreningen Nye Naboer Ishøj", "association",
      "integration labour_market volunteering", "Ishøj", "2016-02-01", T(
          da="Frivillig forening der hjælper nye borgere med dansk, jobsøgning og kontakt til foreningslivet.",
          en="Voluntary association helping new residents with Danish, job seeking and contact with local clubs.")),
    O("landsbyraadet-mors", "Landsbyrådet Mors", "umbrella",
      "rural_development democracy", "Morsø", "2008-04-01", T(
          da="Paraplyorganisation for landsbyernes borgerforeninger på Mors og deres dialog med kommunen.",
          en="Umbrella body for the village residents' associations on Mors and their dialogue with the municipality.")),
    # public bodies
    O("kk", "Københavns Kommune", "municipality",
      "integration social_care democracy", "København", None, T(
          da="Kommune med en frivillighedspolitik, lokaludvalg og puljer til foreninger.",
          en="Municipality with a volunteering policy, local district councils and grant pools for associations.")),
    O("aarhus", "Aarhus Kommune", "municipality",
      "democracy volunteering integration", "Aarhus", None, T(
          da="Kommune der samarbejder med civilsamfundet gennem en fælles frivillighedsstrategi.",
          en="Municipality working with civil society through a joint volunteering strategy.")),
    O("aeroekommune", "Ærø Kommune", "municipality",
      "rural_development youth", "Ærø", None, T(
          da="Økommune der arbejder med at fastholde unge og styrke lokalsamfundene.",
          en="Island municipality working to keep young people and strengthen local communities.")),
    O("regionsyddanmark", "Region Syddanmark", "region",
      "health_care rural_development", "Odense", None, T(
          da="Region med ansvar for sygehuse og regional udvikling i Syddanmark.",
          en="Region responsible for hospitals and regional development in Southern Denmark.")),
    O("rn", "Region Nordjylland", "region",
      "health_care public_health", "Aalborg", None, T(
          da="Region med ansvar for sundhedsvæsenet og patientinddragelse i Nordjylland.",
          en="Region responsible for health services and patient involvement in North Jutland.")),
    O("socialstyrelsen", "Socialstyrelsen", "state_agency",
      "social_care volunteering", "Odense", None, T(
          da="Statslig styrelse der formidler viden om socialt arbejde og administrerer puljer til frivilligt socialt arbejde.",
          en="State agency sharing knowledge on social work and running grant pools for voluntary social work."),
      other=[("National Board of Social Services", "en", None)]),
    O("siri", "Styrelsen for International Rekruttering og Integration", "state_agency",
      "integration labour_market", "København", None, T(
          da="Statslig styrelse på integrationsområdet med puljer til civilsamfundets integrationsindsatser.",
          en="State agency for integration with grant pools for civil society integration work."),
      other=[("SIRI", "da", "forkortelse")]),
    O("sm", "Social- og Boligministeriet", "government",
      "social_care volunteering", "København", None, T(
          da="Ministerium med ansvar for socialpolitik og frivillighedspolitik.",
          en="Ministry responsible for social policy and volunteering policy."),
      other=[("Ministry of Social Affairs and Housing", "en", None)]),
]

ORGS["FI"] = [
    O("kansalaisareena-oulu", "Kansalaisareena Oulu", "association",
      "volunteering democracy social_care", "Oulu", "2006-05-10", T(
          fi="Vapaaehtoistoiminnan keskus, joka kouluttaa vapaaehtoisia ja tukee oululaisia yhdistyksiä vapaaehtoistoiminnan kehittämisessä.",
          sv="Volontärcentral som utbildar frivilliga och stöder föreningar i Uleåborg i att utveckla sin frivilligverksamhet.",
          en="Volunteer centre training volunteers and helping associations in Oulu develop their volunteer work."),
      other=[("Medborgararenan Uleåborg", "sv", None)]),
    O("kylatjakunnat", "Kylät ja Kunnat – Lähidemokratian liitto ry", "umbrella",
      "rural_development democracy", "Jyväskylä", "1997-09-01", T(
          fi="Kyläyhdistysten ja paikallisten toimijoiden kattojärjestö, joka edistää lähidemokratiaa ja elinvoimaista maaseutua. Vetää pohjoismaista maaseudun kehittämisen ja lähidemokratian verkostoa.",
          sv="Takorganisation för byaföreningar och lokala aktörer som främjar närdemokrati och en livskraftig landsbygd. Leder Nordiskt nätverk för landsbygdsutveckling och lokal demokrati.",
          en="Umbrella organisation for village associations and local actors promoting local democracy and a vibrant countryside. Leads the Nordic Network for Rural Development and Local Democracy."),
      other=[("Byar och kommuner – förbundet för närdemokrati rf", "sv", None),
             ("Kylät ja Kunnat", "fi", "lyhyt nimi")]),
    O("ok-kansanvalistus", "Opintokeskus Kansanvalistus", "study_association",
      "education democracy culture", "Helsinki", "1965-01-01", T(
          fi="Opintokeskus, joka järjestää jäsenjärjestöjensä kanssa kursseja, opintopiirejä ja kansalaisvaikuttamisen koulutusta.",
          sv="Studiecentral som tillsammans med sina medlemsorganisationer ordnar kurser, studiecirklar och utbildning i medborgarinflytande.",
          en="Study centre organising courses, study circles and civic participation training with its member organisations.")),
    O("jarvisuomen-kansanopisto", "Järvi-Suomen kansanopisto", "folk_high_school",
      "education culture environment", "Savonlinna", "1952-09-01", T(
          fi="Kansanopisto Saimaan rannalla; linjoina käsityö, musiikki ja luonto-opas.",
          sv="Folkhögskola vid Saimens strand med linjer för hantverk, musik och naturguider.",
          en="Folk high school on the shore of Lake Saimaa with courses in crafts, music and nature guiding.")),
    O("yhteinenpoyta", "Säätiö Yhteinen Pöytä sr", "foundation",
      "social_care public_health", "Tampere", "2013-03-01", T(
          fi="Säätiö, joka koordinoi ruoka-avun ja yhteisöruokailun verkostoa ja vähentää ruokahävikkiä.",
          sv="Stiftelse som samordnar ett nätverk för mathjälp och gemensamma måltider och minskar matsvinnet.",
          en="Foundation coordinating a network for food aid and community meals and reducing food waste."),
      other=[("Stiftelsen Gemensamt Bord sr", "sv", None)]),
    O("kylamarkkinat-kuhmo", "Osuuskunta Kylämarkkinat Kuhmo", "cooperative",
      "rural_development labour_market", "Kuhmo", "2012-06-20", T(
          fi="Osuuskunta, joka myy paikallista ruokaa ja käsitöitä ja työllistää kyläläisiä Kainuussa.",
          sv="Andelslag som säljer lokal mat och hantverk och ger arbete åt bybor i Kajanaland.",
          en="Cooperative selling local food and crafts and employing villagers in Kainuu.")),
    O("tyopaja-helmi", "Työpaja Helmi Oy", "social_enterprise",
      "labour_market integration environment", "Turku", "2015-08-01", T(
          fi="Yhteiskunnallinen yritys, joka kunnostaa kierrätystekstiilejä ja tarjoaa työkokeilupaikkoja maahanmuuttajille.",
          sv="Samhällsföretag som förädlar återvunnen textil och erbjuder arbetsprövning för invandrare.",
          en="Social enterprise upcycling textiles and offering work trials for immigrants.")),
    O("kallio-yhteisotyo", "Kallion seurakunnan yhteisötyö", "faith_community",
      "social_care integration volunteering", "Helsinki", "1995-01-01", T(
          fi="Seurakunnan diakoniatyö, joka tarjoaa ruokailua, keskusteluapua ja vapaaehtoistoimintaa kaikille kaupunginosan asukkaille.",
          sv="Församlingens diakoniarbete som erbjuder måltider, samtalsstöd och frivilligverksamhet för alla invånare i stadsdelen.",
          en="The parish's diaconal work offering meals, someone to talk to and volunteering for everyone living in the district.")),
    O("jarjestotyontekijat", "Järjestötyöntekijöiden liitto ry", "trade_union",
      "labour_market", "Helsinki", "1984-05-01", T(
          fi="Ammattiliitto järjestöjen, säätiöiden ja seurakuntien palkatuille työntekijöille.",
          sv="Fackförbund för anställda inom organisationer, stiftelser och församlingar.",
          en="Trade union for paid staff of associations, foundations and parishes.")),
    O("kortteliporukka-kontula", "Kortteliporukka Kontula", "informal_group",
      "democracy public_health", "Helsinki", "2020-04-01", T(
          fi="Epävirallinen naapuruston ryhmä, joka järjestää kävelyretkiä, siivoustalkoita ja asukasiltoja.",
          sv="Informell grannskapsgrupp som ordnar promenader, städtalkon och invånarkvällar.",
          en="Informal neighbourhood group organising walks, clean-up days and residents' evenings.")),
    O("naistenfoorumi-joensuu", "Naisten Foorumi Joensuu ry", "association",
      "gender_equality human_rights", "Joensuu", "1990-03-08", T(
          fi="Yhdistys, joka tekee tasa-arvotyötä, tarjoaa vertaistukea ja vaikuttaa paikalliseen päätöksentekoon.",
          sv="Förening som arbetar för jämställdhet, erbjuder kamratstöd och påverkar lokalt beslutsfattande.",
          en="Association working for equality, offering peer support and influencing local decision-making.")),
    O("nuortenaani-jyvaskyla", "Nuorten Ääni Jyväskylä ry", "association",
      "youth democracy", "Jyväskylä", "2011-11-20", T(
          fi="Nuorten vetämä yhdistys, joka tukee nuorisovaltuustoja ja järjestää vaalipaneeleja.",
          sv="Ungdomsledd förening som stöder ungdomsfullmäktige och ordnar valpaneler.",
          en="Youth-led association supporting youth councils and holding election panels.")),
    O("vihrealahde", "Ympäristöyhdistys Vihreä Lähde ry", "association",
      "environment education", "Lahti", "2002-04-22", T(
          fi="Ympäristöyhdistys, joka järjestää luontoretkiä, korjauskahviloita ja ilmastokasvatusta kouluille.",
          sv="Miljöförening som ordnar naturutflykter, reparationskaféer och klimatfostran för skolor.",
          en="Environmental association organising nature trips, repair cafés and climate education for schools.")),
    O("liikkuvakyla", "Liikkuva Kylä ry", "association",
      "public_health rural_development", "Kajaani", "2010-05-05", T(
          fi="Kansanterveysjärjestö, joka kannustaa kyläläisiä liikkumaan ja järjestää terveyspäiviä syrjäseuduilla.",
          sv="Folkhälsoorganisation som uppmuntrar bybor att röra på sig och ordnar hälsodagar i glesbygden.",
          en="Public health organisation encouraging villagers to be active and holding health days in remote areas.")),
    O("sydanlanka", "Potilasyhdistys Sydänlanka ry", "association",
      "health_care", "Tampere", "1998-02-14", T(
          fi="Potilasyhdistys, joka tarjoaa vertaistukea sydänsairaille ja heidän läheisilleen sekä tekee yhteistyötä sairaalan kanssa.",
          sv="Patientförening som erbjuder kamratstöd till hjärtsjuka och deras närstående och samarbetar med sjukhuset.",
          en="Patient association offering peer support to people with heart disease and their families and working with the hospital.")),
    O("revontuli-rovaniemi", "Kulttuuriyhdistys Revontuli ry", "association",
      "culture youth", "Rovaniemi", "2004-12-01", T(
          fi="Kulttuuriyhdistys, joka järjestää nuorille teatteri-, sirkus- ja valokuvatyöpajoja Lapissa.",
          sv="Kulturförening som ordnar teater-, cirkus- och fotoverkstäder för unga i Lappland.",
          en="Cultural association running theatre, circus and photography workshops for young people in Lapland.")),
    O("foreningsforum-osterbotten", "Föreningsforum i Österbotten rf", "umbrella",
      "democracy culture volunteering", "Vasa", "1993-10-10", T(
          sv="Paraplyorganisation för svenskspråkiga föreningar i Österbotten som erbjuder rådgivning, utbildning och intressebevakning.",
          fi="Pohjanmaan ruotsinkielisten yhdistysten kattojärjestö, joka tarjoaa neuvontaa, koulutusta ja edunvalvontaa.",
          en="Umbrella body for Swedish-speaking associations in Ostrobothnia offering advice, training and advocacy."),
      lang="sv", other=[("Pohjanmaan yhdistysfoorumi ry", "fi", None)]),
    O("vasa-integrationsnatverk", "Vasa integrationsnätverk rf", "association",
      "integration labour_market", "Vasa", "2009-09-01", T(
          sv="Förening som ordnar språkcaféer, mentorskap och jobbcoachning för inflyttade i Vasa.",
          fi="Yhdistys, joka järjestää kielikahviloita, mentorointia ja työnhakuvalmennusta Vaasaan muuttaneille.",
          en="Association holding language cafés, mentoring and job coaching for people who have moved to Vaasa."),
      lang="sv", other=[("Vaasan kotoutumisverkosto ry", "fi", None)]),
    O("anara-saminuorat", "Anára Sámi Nuorat", "association",
      "youth culture human_rights", "Inari", "2007-02-06", T(
          se="Sámi nuoraid searvi Anáris. Mii doarjut sámegiela ja árbevirolaš máhtu nuoraid gaskkas.",
          fi="Inarin saamelaisnuorten yhdistys, joka tukee saamen kieltä ja perinteistä osaamista nuorten keskuudessa.",
          en="Association of Sámi young people in Inari supporting the Sámi language and traditional skills among young people."),
      lang="se", other=[("Inarin saamelaisnuoret ry", "fi", None)]),
    O("innovaatiopaja", "Sosiaalinen Innovaatiopaja Oy", "social_enterprise",
      "innovation social_care labour_market", "Espoo", "2018-05-01", T(
          fi="Yhteiskunnallinen yritys, joka kehittää järjestöjen ja kuntien kanssa uusia palvelumalleja ja digitaalisia työkaluja.",
          sv="Samhällsföretag som tillsammans med organisationer och kommuner utvecklar nya servicemodeller och digitala verktyg.",
          en="Social enterprise developing new service models and digital tools with associations and municipalities.")),
    O("vanhustyo-pori", "Vanhustyön Vapaaehtoiset Pori ry", "association",
      "social_care volunteering public_health", "Pori", "2001-10-01", T(
          fi="Yhdistys, jonka vapaaehtoiset tekevät ystäväkäyntejä ja auttavat ikäihmisiä ulkoilemaan.",
          sv="Förening vars frivilliga gör vänbesök och hjälper äldre att komma ut.",
          en="Association whose volunteers make friendly visits and help older people get outdoors.")),
    O("moninainen", "Maahanmuuttajanaisten yhdistys Moninainen ry", "association",
      "integration gender_equality", "Vantaa", "2012-03-08", T(
          fi="Maahanmuuttajanaisten yhdistys, joka järjestää suomen kielen kerhoja, vertaisryhmiä ja työelämävalmennusta.",
          sv="Förening för invandrarkvinnor som ordnar språkklubbar i finska, kamratgrupper och arbetslivsträning.",
          en="Association of immigrant women running Finnish language clubs, peer groups and working-life coaching.")),
    O("raseborgs-byarad", "Raseborgs byaråd rf", "umbrella",
      "rural_development democracy", "Raseborg", "2014-01-01", T(
          sv="Samarbetsorgan för byaföreningarna i Raseborg som för byarnas talan gentemot staden.",
          fi="Raaseporin kyläyhdistysten yhteistyöelin, joka edustaa kyliä suhteessa kaupunkiin.",
          en="Joint body of the village associations in Raseborg, speaking for the villages towards the town."),
      lang="sv", other=[("Raaseporin kyläneuvosto ry", "fi", None)]),
    # public bodies
    O("ouka", "Oulun kaupunki", "municipality",
      "democracy volunteering youth", "Oulu", None, T(
          fi="Kaupunki, jolla on järjestöyhteistyön ohjelma ja alueelliset asukasraadit.",
          sv="Stad med ett program för samarbete med organisationer och områdesvisa invånarråd.",
          en="City with a programme for cooperation with associations and district residents' panels."),
      other=[("Uleåborgs stad", "sv", None)]),
    O("hel", "Helsingin kaupunki", "municipality",
      "integration democracy social_care", "Helsinki", None, T(
          fi="Pääkaupunki, joka tukee järjestöjä avustuksilla ja osallisuusohjelmalla.",
          sv="Huvudstaden, som stöder organisationer med bidrag och ett delaktighetsprogram.",
          en="The capital, supporting associations with grants and a participation programme."),
      other=[("Helsingfors stad", "sv", None)]),
    O("kuhmo", "Kuhmon kaupunki", "municipality",
      "rural_development culture", "Kuhmo", None, T(
          fi="Kainuun kaupunki, joka tekee tiivistä yhteistyötä kyläyhdistysten kanssa.",
          sv="Stad i Kajanaland som samarbetar nära med byaföreningarna.",
          en="Town in Kainuu working closely with the village associations.")),
    O("vaasa", "Vaasan kaupunki", "municipality",
      "integration culture", "Vaasa", None, T(
          fi="Kaksikielinen kaupunki, joka rahoittaa kotoutumista tukevaa järjestötoimintaa.",
          sv="Tvåspråkig stad som finansierar föreningsverksamhet som stöder integration.",
          en="Bilingual city funding association work that supports integration."),
      other=[("Vasa stad", "sv", None)]),
    O("inari", "Inarin kunta", "municipality",
      "rural_development culture", "Inari", None, T(
          fi="Neljän kielen kunta: suomi sekä pohjoissaame, inarinsaame ja koltansaame.",
          se="Njealji giela gielda: suomagiella, davvisámegiella, anárašgiella ja nuortalašgiella.",
          en="A municipality of four languages: Finnish and Northern, Inari and Skolt Sámi."),
      other=[("Anára gielda", "se", None), ("Enare kommun", "sv", None)]),
    O("pohjois-pohjanmaa", "Pohjois-Pohjanmaan liitto", "region",
      "rural_development innovation", "Oulu", None, T(
          fi="Maakunnan liitto, joka vastaa aluekehittämisestä ja maaseutuohjelmista Pohjois-Pohjanmaalla.",
          sv="Landskapsförbund som ansvarar för regional utveckling och landsbygdsprogram i Norra Österbotten.",
          en="Regional council responsible for regional development and rural programmes in North Ostrobothnia."),
      other=[("Norra Österbottens förbund", "sv", None)]),
    O("lapinliitto", "Lapin liitto", "region",
      "rural_development culture", "Rovaniemi", None, T(
          fi="Lapin maakunnan liitto, joka vastaa aluekehittämisestä ja maakuntakaavoituksesta.",
          sv="Landskapsförbundet i Lappland med ansvar för regional utveckling och planläggning.",
          en="Regional council of Lapland responsible for regional development and planning."),
      other=[("Lapplands förbund", "sv", None)]),
    O("oikeusministerio", "Oikeusministeriö", "government",
      "democracy human_rights", "Helsinki", None, T(
          fi="Ministeriö, joka vastaa demokratiapolitiikasta ja kansalaisyhteiskuntapolitiikan neuvottelukunnasta.",
          sv="Ministeriet som ansvarar för demokratipolitiken och delegationen för medborgarsamhällspolitik.",
          en="Ministry responsible for democracy policy and the advisory board for civil society policy."),
      other=[("Justitieministeriet", "sv", None), ("Ministry of Justice", "en", None)],
      domain="oikeusministerio.fi"),
    O("oph", "Opetushallitus", "state_agency",
      "education youth", "Helsinki", None, T(
          fi="Virasto, joka kehittää kasvatusta ja koulutusta sekä rahoittaa vapaata sivistystyötä ja nuorisotyötä.",
          sv="Myndighet som utvecklar utbildningen och finansierar fritt bildningsarbete och ungdomsarbete.",
          en="Agency developing education and funding liberal adult education and youth work."),
      other=[("Utbildningsstyrelsen", "sv", None), ("Finnish National Agency for Education", "en", None)]),
]

ORGS["IS"] = [
    O("raudithradurinn", "Rauði þráðurinn Akureyri", "association",
      "gender_equality human_rights culture", "Akureyri", "2011-06-19", T(
          is_="Félagasamtök á Akureyri sem vinna að jafnrétti kynjanna með fræðslu, listviðburðum og stuðningi við konur í atvinnulífinu.",
          en="Organisation in Akureyri working for gender equality through education, arts events and support for women in working life.")),
    O("jafnrettisbandalagid", "Jafnréttisbandalagið", "umbrella",
      "gender_equality human_rights democracy", "Reykjavík", "2004-10-24", T(
          is_="Regnhlífarsamtök félaga sem vinna að jafnrétti og mannréttindum. Leiðir Norrænt net um jafnrétti og mannréttindi.",
          en="Umbrella organisation for groups working on equality and human rights. Leads the Nordic Network for Gender Equality and Human Rights.")),
    O("sjalfbodamidstod", "Sjálfboðamiðstöð Reykjavíkur", "association",
      "volunteering social_care", "Reykjavík", "2009-12-05", T(
          is_="Miðstöð sem tengir sjálfboðaliða við félagasamtök og heldur námskeið um sjálfboðastarf.",
          en="Centre connecting volunteers with organisations and running courses on volunteering.")),
    O("fraedslusamband-vesturlands", "Fræðslusamband Vesturlands", "study_association",
      "education labour_market", "Borgarbyggð", "1999-09-01", T(
          is_="Fræðslumiðstöð sem býður fullorðnum upp á námskeið, íslenskukennslu og raunfærnimat á Vesturlandi.",
          en="Adult learning centre offering courses, Icelandic lessons and recognition of prior learning in West Iceland.")),
    O("lydhaskolinn-skagafirdi", "Lýðháskólinn í Skagafirði", "folk_high_school",
      "education youth rural_development", "Skagafjörður", "2019-08-25", T(
          is_="Lýðháskóli fyrir ungt fólk með námsbrautum í útivist, hestamennsku og sjálfbærri byggðaþróun.",
          en="Folk high school for young people with courses in outdoor life, horsemanship and sustainable rural development.")),
    O("styrktarsjodurinn-bjorg", "Styrktarsjóðurinn Björg", "foundation",
      "social_care health_care", "Reykjavík", "2006-03-01", T(
          is_="Sjálfseignarstofnun sem styrkir verkefni í þágu fólks með langvinna sjúkdóma og aðstandenda þeirra.",
          en="Foundation funding projects for people with chronic illness and their families.")),
    O("byggdabru", "Samvinnufélagið Byggðabrú", "cooperative",
      "rural_development labour_market innovation", "Ísafjarðarbær", "2014-05-01", T(
          is_="Samvinnufélag sem rekur sameiginlegt vinnurými, verslun og fjarvinnuaðstöðu á Vestfjörðum.",
          en="Cooperative running a shared workspace, a shop and remote-work facilities in the Westfjords.")),
    O("graenirgardar", "Grænir garðar ses.", "social_enterprise",
      "environment labour_market", "Hafnarfjörður", "2016-04-22", T(
          is_="Félagslegt fyrirtæki sem ræktar grænmeti og veitir fólki með skerta starfsgetu vinnu og starfsþjálfun.",
          en="Social enterprise growing vegetables and giving work and job training to people with reduced work capacity.")),
    O("fjolmenningarsofnudurinn", "Fjölmenningarsöfnuðurinn í Breiðholti", "faith_community",
      "integration social_care", "Reykjavík", "2005-11-01", T(
          is_="Söfnuður sem býður upp á guðsþjónustur á nokkrum tungumálum, heimanámsaðstoð og opið hús fyrir fjölskyldur.",
          en="Congregation offering services in several languages, homework help and open house for families.")),
    O("stettarfelag-felagasamtaka", "Stéttarfélag starfsfólks félagasamtaka", "trade_union",
      "labour_market", "Reykjavík", "2001-05-01", T(
          is_="Stéttarfélag fyrir starfsfólk frjálsra félagasamtaka og sjálfseignarstofnana.",
          en="Trade union for staff of non-governmental organisations and foundations.")),
    O("foreldrahopurinn-fellahverfi", "Foreldrahópurinn í Fellahverfi", "informal_group",
      "integration education", "Reykjavík", "2021-09-01", T(
          is_="Óformlegur hópur foreldra sem hittist í félagsmiðstöðinni og styður börn í námi og tómstundum.",
          en="Informal group of parents meeting at the community centre and supporting children in school and leisure.")),
    O("ungmennarad-sudurlands", "Ungmennaráð Suðurlands", "association",
      "youth democracy", "Árborg", "2013-04-01", T(
          is_="Ungmennaráð sem gefur ungu fólki á Suðurlandi rödd í málefnum sveitarfélaganna.",
          en="Youth council giving young people in South Iceland a voice in municipal affairs.")),
    O("jokull", "Umhverfissamtökin Jökull", "association",
      "environment education", "Hornafjörður", "2008-09-16", T(
          is_="Umhverfissamtök sem vakta jökla, halda fræðslugöngur og vinna með skólum að loftslagsmálum.",
          en="Environmental organisation monitoring glaciers, leading educational walks and working with schools on climate.")),
    O("hreyfing-austurlands", "Lýðheilsufélagið Hreyfing Austurlands", "association",
      "public_health rural_development", "Múlaþing", "2012-05-01", T(
          is_="Félag sem hvetur til hreyfingar og heilbrigðra lífshátta í dreifðum byggðum Austurlands.",
          en="Association encouraging exercise and healthy living in the rural communities of East Iceland.")),
    O("hjartslattur", "Sjúklingafélagið Hjartsláttur", "association",
      "health_care", "Reykjavík", "1997-02-14", T(
          is_="Sjúklingafélag sem styður hjartasjúklinga og aðstandendur þeirra og á í samtali við heilbrigðiskerfið.",
          en="Patient association supporting heart patients and their families and in dialogue with the health system.")),
    O("saeborg", "Menningarfélagið Sæborg", "association",
      "culture rural_development", "Seyðisfjörður", "2000-06-17", T(
          is_="Menningarfélag sem stendur fyrir listahátíðum, tónleikum og gestavinnustofum listamanna á Seyðisfirði.",
          en="Cultural association holding art festivals, concerts and artist residencies in Seyðisfjörður.")),
    O("tungumalakaffi-isafjardar", "Tungumálakaffi Ísafjarðar", "association",
      "integration culture volunteering", "Ísafjarðarbær", "2017-10-01", T(
          is_="Sjálfboðaliðar sem halda vikulegt tungumálakaffi þar sem innflytjendur æfa sig í íslensku.",
          en="Volunteers running a weekly language café where immigrants practise Icelandic.")),
    O("samfelag", "Nýsköpunarsmiðjan Samfélag ehf.", "social_enterprise",
      "innovation social_care democracy", "Reykjavík", "2018-11-01", T(
          is_="Félagslegt fyrirtæki sem þróar stafrænar lausnir með félagasamtökum og sveitarfélögum.",
          en="Social enterprise developing digital solutions with civil society organisations and municipalities.")),
    O("samvera-vestmannaeyjum", "Samvera eldri borgara í Vestmannaeyjum", "association",
      "social_care volunteering public_health", "Vestmannaeyjar", "2003-01-23", T(
          is_="Félag sem vinnur gegn einmanaleika eldri borgara með heimsóknavinum, gönguhópum og tölvuaðstoð.",
          en="Association fighting loneliness among older people with visiting friends, walking groups and computer help.")),
    O("borgararodd", "Lýðræðisfélagið Borgararödd", "association",
      "democracy human_rights", "Reykjavík", "2010-10-20", T(
          is_="Félag sem eflir þátttöku almennings í lýðræðinu með borgarafundum og fræðslu um stjórnarskrána.",
          en="Association strengthening public participation in democracy through citizens' meetings and education on the constitution.")),
    O("skjolshus", "Skjólshús kvenna á Norðurlandi", "association",
      "gender_equality social_care human_rights", "Akureyri", "2015-03-08", T(
          is_="Athvarf og ráðgjöf fyrir konur og börn sem hafa orðið fyrir ofbeldi.",
          en="Shelter and counselling for women and children who have experienced violence.")),
    O("bruin", "Innflytjendasamtökin Brúin", "association",
      "integration labour_market human_rights", "Reykjanesbær", "2012-09-01", T(
          is_="Samtök innflytjenda sem veita ráðgjöf um réttindi á vinnumarkaði og berjast gegn mismunun.",
          en="Immigrants' organisation advising on rights in the labour market and fighting discrimination.")),
    # public bodies
    O("reykjavik", "Reykjavíkurborg", "municipality",
      "democracy integration social_care", "Reykjavík", None, T(
          is_="Höfuðborgin, sem gerir þjónustusamninga við félagasamtök og rekur hverfisráð.",
          en="The capital, making service agreements with civil society organisations and running district councils.")),
    O("akureyri", "Akureyrarbær", "municipality",
      "culture gender_equality youth", "Akureyri", None, T(
          is_="Sveitarfélag á Norðurlandi með virka jafnréttisstefnu og ungmennaráð.",
          en="Municipality in North Iceland with an active equality policy and a youth council.")),
    O("isafjordur", "Ísafjarðarbær", "municipality",
      "rural_development integration", "Ísafjarðarbær", None, T(
          is_="Sveitarfélag á Vestfjörðum þar sem hátt hlutfall íbúa er af erlendum uppruna.",
          en="Municipality in the Westfjords where a high share of residents are of foreign origin.")),
    O("austurland", "Landshlutasamtök Austurlands", "region",
      "rural_development", "Múlaþing", None, T(
          is_="Samtök sveitarfélaga á Austurlandi sem vinna að byggðaþróun og sóknaráætlun landshlutans.",
          en="Association of the municipalities of East Iceland working on regional development and the regional plan.")),
    O("mcc", "Fjölmenningarsetur", "state_agency",
      "integration", "Ísafjarðarbær", None, T(
          is_="Ríkisstofnun sem veitir innflytjendum upplýsingar og styður sveitarfélög í móttöku flóttafólks.",
          en="State agency informing immigrants and supporting municipalities in receiving refugees."),
      other=[("Multicultural Information Centre", "en", None)]),
    O("jafnretti", "Jafnréttisstofa", "state_agency",
      "gender_equality human_rights", "Akureyri", None, T(
          is_="Ríkisstofnun sem hefur eftirlit með framkvæmd jafnréttislaga og veitir fræðslu.",
          en="State agency overseeing the equality act and providing education."),
      other=[("Directorate of Equality", "en", None)]),
    O("althingi", "Alþingi", "parliament",
      "democracy", "Reykjavík", None, T(
          is_="Löggjafarþing Íslands.",
          en="The parliament of Iceland.")),
    O("stjornarradid", "Forsætisráðuneytið", "government",
      "democracy human_rights gender_equality", "Reykjavík", None, T(
          is_="Ráðuneyti sem fer meðal annars með jafnréttismál og mannréttindi.",
          en="Ministry whose remit includes gender equality and human rights."),
      other=[("Prime Minister's Office", "en", None)]),
]

ORGS["GL"] = [
    O("kalaallit-peqatigiiffiat", "Kalaallit Peqatigiiffiat Nuuk", "association",
      "culture democracy volunteering", "Nuuk", "1994-06-21", T(
          kl="Peqatigiiffik Nuummi kalaallit kulturiannik, oqaasiinik inuiaqatigiinnilu peqataanermik siuarsaasoq.",
          da="Forening i Nuuk der fremmer grønlandsk kultur og sprog og deltagelse i samfundslivet.",
          en="Association in Nuuk promoting Greenlandic culture and language and participation in community life.")),
    O("inuusuttut-sisimiut", "Inuusuttut Peqatigiiffiat Sisimiut", "association",
      "youth democracy culture", "Sisimiut", "2002-05-01", T(
          kl="Inuusuttut peqatigiiffiat Sisimiuni: sunngiffimmi sammisassat, nipilersorneq inuiaqatigiinnilu peqataaneq.",
          da="Ungdomsforening i Sisimiut med fritidsaktiviteter, musik og unges deltagelse i lokalsamfundet.",
          en="Youth association in Sisimiut with leisure activities, music and young people's participation in the community.")),
    O("naligiissitaaneq", "Arnat Naligiissitaanerat Nuuk", "association",
      "gender_equality human_rights", "Nuuk", "2010-03-08", T(
          kl="Peqatigiiffik arnat angutillu naligiissitaanerannik inuttullu pisinnaatitaaffinnik sulissutiginnittoq.",
          da="Forening der arbejder for ligestilling mellem kvinder og mænd og for menneskerettigheder.",
          en="Association working for equality between women and men and for human rights.")),
    O("kajumissuseq-nuuk", "Nammineq Kajumissutsiminik Sulisartut Nuuk", "association",
      "volunteering social_care", "Nuuk", "2012-12-05", T(
          kl="Nammineq kajumissutsiminik sulisartut Nuummi katersuuffiat.",
          da="Frivilligcenter i Nuuk der formidler frivilligt arbejde og støtter foreningerne.",
          en="Volunteer centre in Nuuk matching volunteers and supporting local associations."),
      other=[("Frivilligcentret Nuuk", "da", None)]),
    O("uummannap-hojskolia", "Uummannap Højskolia", "folk_high_school",
      "education culture rural_development", "Uummannaq", "1999-08-15", T(
          kl="Højskoli Uummannami, kulturimik, assassornermik nunaqarfinnilu inuuneq pillugu pikkorissaasoq.",
          da="Højskole i Uummannaq med kurser i kultur, håndværk og livet i bygderne.",
          en="Folk high school in Uummannaq with courses in culture, crafts and life in the settlements."),
      other=[("Uummannaq Højskole", "da", None)]),
    O("meeqqat-pilluarnissaannut", "Meeqqat Pilluarnissaannut Fonde", "foundation",
      "social_care youth", "Nuuk", "2005-11-20", T(
          kl="Fonde meeqqanut inuusuttunullu ikiorsiisoq Kalaallit Nunaanni tamarmi.",
          da="Fond der støtter projekter for børn og unge i hele Grønland.",
          en="Foundation supporting projects for children and young people throughout Greenland.")),
    O("aalisartut-narsaq", "Aalisartut Suleqatigiiffiat Narsaq", "cooperative",
      "rural_development labour_market", "Narsaq", "2008-04-01", T(
          kl="Aalisartut suleqatigiiffiat Narsami, aalisakkanik suliarinninnermik suliffissanillu pilersitsisoq.",
          da="Fiskerandelsselskab i Narsaq der forarbejder fisk lokalt og skaber arbejdspladser.",
          en="Fishers' cooperative in Narsaq processing fish locally and creating jobs.")),
    O("atoqqiineq-qaqortoq", "Atoqqiineq Qaqortoq ApS", "social_enterprise",
      "labour_market environment", "Qaqortoq", "2017-06-01", T(
          kl="Inuussutissarsiorfik inuiaqatigiinnut iluaqutaasoq, atoqqiinermik suliaqartoq suliffissaaleqisunullu suliffissanik pilersitsisoq.",
          da="Socialøkonomisk virksomhed der arbejder med genbrug og skaber job for ledige.",
          en="Social enterprise working with reuse and creating jobs for unemployed people.")),
    O("ilagiit-ilulissat", "Ilagiit Ikiuinerat Ilulissat", "faith_community",
      "social_care volunteering", "Ilulissat", "1990-01-06", T(
          kl="Ilagiit Ilulissani ikiuinerat: nerisassat, oqaloqatiginninneq utoqqaanillu pulaarneq.",
          da="Menighedens diakonale arbejde i Ilulissat med madhjælp, samtaler og besøg hos ældre.",
          en="The congregation's diaconal work in Ilulissat with food aid, conversations and visits to older people."),
      other=[("Ilulissat Menigheds Diakoni", "da", None)]),
    O("sulisartut-ilulissat", "Sulisartut Peqatigiiffiat Ilulissat", "trade_union",
      "labour_market", "Ilulissat", "1979-05-01", T(
          kl="Sulisartut peqatigiiffiat Ilulissani, sulisartut pisinnaatitaaffiinik illersuisoq.",
          da="Fagforening i Ilulissat der varetager lønmodtagernes rettigheder.",
          en="Trade union in Ilulissat defending the rights of employees.")),
    O("angajoqqaat-tasiilaq", "Angajoqqaat Katersuuffiat Tasiilaq", "informal_group",
      "education social_care youth", "Tasiilaq", "2020-09-01", T(
          kl="Angajoqqaat Tasiilami katersuuttartut, meeqqat atuarnerannik sunngiffimmilu sammisaannik tapersersuisut.",
          da="Uformel gruppe af forældre i Tasiilaq der støtter børns skolegang og fritidsliv.",
          en="Informal group of parents in Tasiilaq supporting children's schooling and leisure.")),
    O("avatangiisit-aasiaat", "Avatangiisinik Illersuisut Aasiaat", "association",
      "environment education", "Aasiaat", "2011-06-05", T(
          kl="Peqatigiiffik avatangiisinik illersuisoq, sissani eqqiaasoq atuarfinnilu ilinniartitsisoq.",
          da="Miljøforening der rydder kyster, mindsker forurening og underviser i skolerne.",
          en="Environmental association cleaning beaches, reducing pollution and teaching in schools.")),
    O("peqqissuseq-maniitsoq", "Peqqissuseq Maniitsoq", "association",
      "public_health social_care", "Maniitsoq", "2014-04-07", T(
          kl="Peqatigiiffik peqqissutsimik siuarsaasoq: timersorneq, nerisat peqqinnartut imigassamillu annikillisaaneq.",
          da="Forening der fremmer folkesundhed med motion, sund kost og forebyggelse af alkoholskader.",
          en="Association promoting public health through exercise, healthy food and prevention of alcohol harm.")),
    O("napparsimasut", "Napparsimasut Peqatigiiffiat", "association",
      "health_care human_rights", "Nuuk", "2001-10-01", T(
          kl="Napparsimasunut ilaquttaannullu peqatigiiffik Kalaallit Nunaanni.",
          da="Patientforening for patienter og pårørende, der arbejder for bedre adgang til behandling, også i bygderne.",
          en="Association for patients and their families working for better access to treatment, also in the settlements."),
      other=[("Patientforeningen i Grønland", "da", None)]),
    O("katuap-ikinngutai", "Katuap Ikinngutai", "association",
      "culture volunteering", "Nuuk", "2000-03-01", T(
          kl="Katuap ikinngutai: nammineq kajumissutsiminik sulisartut nipilersornermik, isiginnaartitsinermik takussutissiinermillu tapersersuisut.",
          da="Venneforening hvis frivillige støtter koncerter, teater og udstillinger i kulturhuset Katuaq.",
          en="Friends' association whose volunteers support concerts, theatre and exhibitions at the Katuaq cultural centre."),
      other=[("Katuaqs Venner", "da", None)]),
    O("nunaqarfiit-kattuffiat", "Nunaqarfiit Kattuffiat", "umbrella",
      "rural_development democracy", "Nuuk", "2009-09-01", T(
          kl="Nunaqarfinni najugaqartut peqatigiiffiisa kattuffiat.",
          da="Paraplyorganisation for bygdeforeninger der taler bygdernes sag over for kommunerne og Selvstyret.",
          en="Umbrella body for settlement associations speaking for the settlements towards the municipalities and the Self-Government."),
      other=[("Bygdernes Landsforening", "da", None)]),
    O("inuusuttut-isumaat", "Inuusuttut Isumaat", "association",
      "youth democracy human_rights", "Nuuk", "2016-11-20", T(
          kl="Inuusuttut peqatigiiffiat inuiaqatigiinni peqataanissamut.",
          da="Ungdomsorganisation der giver unge en stemme over for politikere og myndigheder.",
          en="Youth organisation giving young people a voice towards politicians and authorities.")),
    O("nutaaliorfik", "Nutaaliorfik Nuuk ApS", "social_enterprise",
      "innovation labour_market", "Nuuk", "2019-02-01", T(
          kl="Nutaaliorfik: inuussutissarsiornermik nutaanik inuiaqatigiinnullu iluaqutaasunik ineriartortitsisoq.",
          da="Innovationshus der hjælper iværksættere og foreninger med at udvikle sociale og bæredygtige forretningsidéer.",
          en="Innovation house helping entrepreneurs and associations develop social and sustainable business ideas.")),
    O("nunanit-allanit", "Nunanit Allanit Sulisartut Nuuk", "association",
      "integration labour_market", "Nuuk", "2018-05-01", T(
          kl="Nunanit allanit Kalaallit Nunaannut nuussimasunut peqatigiiffik, oqaatsinik ilinniartitsisoq suliffimmilu pisinnaatitaaffiit pillugit siunnersuisoq.",
          da="Forening for tilflyttere fra andre lande der tilbyder sprogundervisning og rådgivning om rettigheder på arbejdsmarkedet.",
          en="Association for people who have moved from other countries, offering language classes and advice on rights at work."),
      lang="da", other=[("Foreningen for Udenlandske Arbejdstagere i Nuuk", "da", None)]),
    # public bodies
    O("sermersooq", "Kommuneqarfik Sermersooq", "municipality",
      "democracy social_care culture", "Nuuk", None, T(
          kl="Kommuni Nuuk, Tasiilaq, Ittoqqortoormiit Paamiullu ilaatinnagit.",
          da="Kommune der omfatter Nuuk, Tasiilaq, Ittoqqortoormiit og Paamiut.",
          en="Municipality covering Nuuk, Tasiilaq, Ittoqqortoormiit and Paamiut.")),
    O("qeqqata", "Qeqqata Kommunia", "municipality",
      "youth education labour_market", "Sisimiut", None, T(
          kl="Kommuni Sisimiut Maniitsullu ilaatinnagit.",
          da="Kommune der omfatter Sisimiut og Maniitsoq med bygder.",
          en="Municipality covering Sisimiut and Maniitsoq and their settlements.")),
    O("avannaata", "Avannaata Kommunia", "municipality",
      "rural_development", "Ilulissat", None, T(
          kl="Kommuni avannarleq, Ilulissat, Uummannaq, Upernavik Qaanaarlu ilaatinnagit.",
          da="Den nordligste kommune med Ilulissat, Uummannaq, Upernavik og Qaanaaq.",
          en="The northernmost municipality, with Ilulissat, Uummannaq, Upernavik and Qaanaaq.")),
    O("kujalleq", "Kommune Kujalleq", "municipality",
      "rural_development environment", "Qaqortoq", None, T(
          kl="Kommuni kujalleq, Qaqortoq, Narsaq Nanortalillu ilaatinnagit.",
          da="Den sydligste kommune med Qaqortoq, Narsaq og Nanortalik.",
          en="The southernmost municipality, with Qaqortoq, Narsaq and Nanortalik.")),
    O("naalakkersuisut", "Naalakkersuisut", "government",
      "democracy social_care", "Nuuk", None, T(
          kl="Kalaallit Nunaanni Namminersorlutik Oqartussat naalakkersuisui.",
          da="Grønlands regering under Selvstyret.",
          en="The Government of Greenland under Self-Government."),
      other=[("Grønlands Selvstyre", "da", None), ("Government of Greenland", "en", None)]),
    O("inatsisartut", "Inatsisartut", "parliament",
      "democracy", "Nuuk", None, T(
          kl="Kalaallit Nunaanni inatsisiliortut.",
          da="Grønlands parlament.",
          en="The parliament of Greenland."),
      other=[("Grønlands Parlament", "da", None)]),
    O("paarisa", "Paarisa", "public_body_other",
      "public_health youth", "Nuuk", None, T(
          kl="Peqqissutsimut Naalakkersuisoqarfiup ataani innuttaasut peqqissusiannik siuarsaasoq.",
          da="Folkesundhedsenhed under Departementet for Sundhed, der arbejder med forebyggelse og trivsel.",
          en="Public health unit under the Ministry of Health, working on prevention and well-being."),
      domain="peqqik.gl"),
    O("rigsombudsmanden", "Rigsombudsmanden i Grønland", "state_agency",
      "democracy", "Nuuk", None, T(
          da="Den danske stats repræsentant i Grønland.",
          kl="Danmarkip naalagaaffiata Kalaallit Nunaanni sinniisua.",
          en="The Danish state's representative in Greenland."),
      lang="da"),
]

ORGS["FO"] = [
    O("foroya-sjalvbodin", "Føroya Sjálvboðin Tórshavn", "association",
      "volunteering social_care", "Tórshavn", "2010-12-05", T(
          fo="Sjálvboðamiðstøð í Havn, sum skipar fyri sjálvboðnum arbeiði og veitir feløgum ráðgeving og skeið.",
          da="Frivilligcenter i Tórshavn der formidler frivilligt arbejde og tilbyder foreninger rådgivning og kurser.",
          en="Volunteer centre in Tórshavn matching volunteers and offering associations advice and courses.")),
    O("ungdomsfelagid-klaksvik", "Ungdómsfelagið í Klaksvík", "association",
      "youth culture democracy", "Klaksvík", "1985-09-01", T(
          fo="Ungdómsfelag, sum skipar fyri tónleiki, ítrótti og kjakfundum fyri ung í Norðoyggjum.",
          da="Ungdomsforening med musik, sport og debatmøder for unge på Norðoyar.",
          en="Youth association with music, sport and debates for young people in the Northern Isles.")),
    O("javnstodufelagid", "Javnstøðufelagið", "association",
      "gender_equality human_rights", "Tórshavn", "2008-03-08", T(
          fo="Felag, sum arbeiðir fyri javnstøðu millum kvinnur og menn og fyri mannarættindum í Føroyum.",
          da="Forening der arbejder for ligestilling mellem kvinder og mænd og for menneskerettigheder på Færøerne.",
          en="Association working for equality between women and men and for human rights in the Faroe Islands.")),
    O("folkahaskulin-suduroy", "Fólkaháskúlin í Suðuroy", "folk_high_school",
      "education culture rural_development", "Tvøroyri", "2001-08-20", T(
          fo="Fólkaháskúli í Suðuroy við skeiðum í føroyskum máli, handverki og útilívi.",
          da="Højskole på Suðuroy med kurser i færøsk sprog, håndværk og friluftsliv.",
          en="Folk high school on Suðuroy with courses in Faroese, crafts and outdoor life.")),
    O("kvoldskulafelagid", "Kvøldskúlafelagið í Føroyum", "study_association",
      "education democracy", "Tórshavn", "1995-10-01", T(
          fo="Felag, sum skipar fyri kvøldskeiðum, lestrarringum og fyrilestrum kring alt landið.",
          da="Forening der arrangerer aftenskolekurser, studiekredse og foredrag over hele landet.",
          en="Association arranging evening classes, study circles and lectures all over the country.")),
    O("grunnurin-von", "Grunnurin Vón", "foundation",
      "social_care youth", "Runavík", "2007-05-01", T(
          fo="Grunnur, sum stuðlar verkætlanum fyri børn og ung, sum hava tað trupult.",
          da="Fond der støtter projekter for børn og unge i udsatte situationer.",
          en="Foundation supporting projects for children and young people in vulnerable situations.")),
    O("samvirkid-sandoy", "Samvirkið í Sandoy", "cooperative",
      "rural_development labour_market", "Sandur", "2012-11-01", T(
          fo="Samvirki, sum rekur handil, ferðavinnu og felags arbeiðspláss í Sandoy.",
          da="Andelsselskab der driver butik, turisme og fælles arbejdspladser på Sandoy.",
          en="Cooperative running a shop, tourism and shared workplaces on Sandoy.")),
    O("endurnytsla", "Endurnýtsla Sp/f", "social_enterprise",
      "environment labour_market", "Tórshavn", "2016-09-01", T(
          fo="Sosialt virki, sum umvælir húsgøgn og klæðir og gevur fólki uttan arbeiði starvsvenjing.",
          da="Socialøkonomisk virksomhed der istandsætter møbler og tøj og giver ledige arbejdstræning.",
          en="Social enterprise restoring furniture and clothes and giving unemployed people work training.")),
    O("diakonitaenastan-fuglafjordur", "Diakonitænastan í Fuglafirði", "faith_community",
      "social_care volunteering", "Fuglafjørður", "1998-01-01", T(
          fo="Diakonitænasta kirkjunnar við vitjanartænastu, matarhjálp og samveru fyri eldri.",
          da="Kirkens diakonale tjeneste med besøgstjeneste, madhjælp og samvær for ældre.",
          en="The church's diaconal service with visiting, food aid and social gatherings for older people.")),
    O("starvsfolkafelagid", "Starvsfólkafelag Felagsskapanna", "trade_union",
      "labour_market", "Tórshavn", "2004-05-01", T(
          fo="Fakfelag fyri starvsfólk í sjálvboðnum og almennyttigum felagsskapum.",
          da="Fagforening for ansatte i frivillige og almennyttige organisationer.",
          en="Trade union for employees of voluntary and non-profit organisations.")),
    O("foreldrabolkurin-hoyvik", "Foreldrabólkurin í Hoyvík", "informal_group",
      "education youth", "Tórshavn", "2022-01-15", T(
          fo="Óformligur bólkur av foreldrum, sum skipar fyri lesihjálp og frítíðarvirksemi fyri børn.",
          da="Uformel gruppe af forældre der arrangerer lektiehjælp og fritidsaktiviteter for børn.",
          en="Informal group of parents arranging homework help and leisure activities for children.")),
    O("gront-oyggjaland", "Náttúruverndarfelagið Grønt Oyggjaland", "association",
      "environment education", "Eiði", "2013-06-05", T(
          fo="Umhvørvisfelag, sum reinsar strendur, verjir fuglalívið og lærir skúlabørn um náttúruna.",
          da="Miljøforening der rydder strande, beskytter fuglelivet og underviser skolebørn om naturen.",
          en="Environmental association cleaning beaches, protecting bird life and teaching schoolchildren about nature.")),
    O("rorsla", "Heilsufelagið Rørsla", "association",
      "public_health", "Runavík", "2011-04-07", T(
          fo="Felag, sum eggjar fólki at røra seg og liva sunt, serliga úti í bygdunum.",
          da="Forening der opfordrer folk til at bevæge sig og leve sundt, især ude i bygderne.",
          en="Association encouraging people to be active and live healthily, especially in the villages.")),
    O("hjartad", "Sjúklingafelagið Hjartað", "association",
      "health_care", "Tórshavn", "2000-09-29", T(
          fo="Sjúklingafelag fyri fólk við hjartasjúku og teirra avvarðandi.",
          da="Patientforening for mennesker med hjertesygdom og deres pårørende.",
          en="Patient association for people with heart disease and their families.")),
    O("ljod-vagur", "Mentanarfelagið Ljóð", "association",
      "culture", "Vágur", "1992-07-29", T(
          fo="Mentanarfelag, sum skipar fyri konsertum, sjónleiki og bókmentakvøldum í Suðuroy.",
          da="Kulturforening der arrangerer koncerter, teater og litterære aftener på Suðuroy.",
          en="Cultural association holding concerts, theatre and literary evenings on Suðuroy.")),
    O("brugvin", "Fjølmentanarfelagið Brúgvin", "association",
      "integration labour_market volunteering", "Tórshavn", "2014-10-01", T(
          fo="Felag fyri tilflytarar, sum skipar fyri málkaffi, mentorum og hjálp at finna arbeiði.",
          da="Forening for tilflyttere med sprogcafé, mentorordning og hjælp til at finde arbejde.",
          en="Association for newcomers with a language café, mentors and help finding work.")),
    O("nyskapanarhusid", "Nýskapanarhúsið í Klaksvík Sp/f", "social_enterprise",
      "innovation labour_market rural_development", "Klaksvík", "2019-03-01", T(
          fo="Nýskapanarhús, sum hjálpir ungum íverksetarum og feløgum at menna nýggj hugskot.",
          da="Innovationshus der hjælper unge iværksættere og foreninger med at udvikle nye idéer.",
          en="Innovation house helping young entrepreneurs and associations develop new ideas.")),
    O("samtak", "Samtak Føroyskra Felagsskapa", "umbrella",
      "democracy volunteering", "Tórshavn", "2005-11-01", T(
          fo="Samskipan av føroyskum felagsskapum, sum umboðar sjálvboðna geiran mótvegis myndugleikunum.",
          da="Sammenslutning af færøske organisationer der repræsenterer den frivillige sektor over for myndighederne.",
          en="Federation of Faroese organisations representing the voluntary sector towards the authorities.")),
    O("eldrafelagid-sorvagi", "Eldrafelagið í Sørvági", "association",
      "social_care volunteering", "Sørvágur", "1996-10-01", T(
          fo="Felag fyri eldri, sum skipar fyri samveru, túrum og vitjanartænastu.",
          da="Forening for ældre der arrangerer samvær, ture og besøgstjeneste.",
          en="Association for older people arranging get-togethers, outings and a visiting service.")),
    # public bodies
    O("torshavn", "Tórshavnar kommuna", "municipality",
      "culture social_care democracy", "Tórshavn", None, T(
          fo="Høvuðsstaðarkommunan, sum stuðlar feløgum og sjálvboðnum arbeiði.",
          da="Hovedstadskommunen, som støtter foreninger og frivilligt arbejde.",
          en="The capital's municipality, supporting associations and volunteering.")),
    O("klaksvik", "Klaksvíkar kommuna", "municipality",
      "youth labour_market", "Klaksvík", None, T(
          fo="Næststørsta kommuna í Føroyum við virknum ungdómsráði.",
          da="Færøernes næststørste kommune med et aktivt ungdomsråd.",
          en="The second largest municipality in the Faroe Islands, with an active youth council.")),
    O("runavik", "Runavíkar kommuna", "municipality",
      "rural_development", "Runavík", None, T(
          fo="Kommuna á Eysturoy við nógvum bygdum.",
          da="Kommune på Eysturoy med mange bygder.",
          en="Municipality on Eysturoy with many villages.")),
    O("landsstyrid", "Føroya Landsstýri", "government",
      "democracy", "Tórshavn", None, T(
          fo="Landsstýrið er Føroya stjórn.",
          da="Landsstyret er Færøernes regering.",
          en="The Government of the Faroe Islands."),
      other=[("Færøernes Landsstyre", "da", None)], domain="tinganes.fo"),
    O("logtingid", "Løgtingið", "parliament",
      "democracy", "Tórshavn", None, T(
          fo="Føroya tjóðting.",
          da="Færøernes parlament.",
          en="The parliament of the Faroe Islands."),
      other=[("Lagtinget", "da", None)], domain="logting.fo"),
    O("almannaverkid", "Almannaverkið", "state_agency",
      "social_care labour_market", "Tórshavn", None, T(
          fo="Almennur stovnur, sum umsitur almannaveitingar og sosiala ráðgeving.",
          da="Offentlig myndighed der forvalter sociale ydelser og social rådgivning.",
          en="Public agency administering social benefits and social counselling."),
      domain="av.fo"),
    O("kommunufelagid", "Kommunufelagið", "public_body_other",
      "democracy rural_development", "Tórshavn", None, T(
          fo="Felagsskapur fyri føroysku kommunurnar.",
          da="Sammenslutning af de færøske kommuner.",
          en="Association of the Faroese municipalities."),
      domain="kf.fo"),
]

ORGS["AX"] = [
    O("alands-ungdomsforbund", "Ålands Ungdomsförbund Mariehamn", "association",
      "youth culture democracy", "Mariehamn", "1949-05-01", T(
          sv="Förbund för åländska ungdomsföreningar som ordnar läger, kurser och påverkansarbete för unga.",
          fi="Ahvenanmaan nuorisoseurojen liitto, joka järjestää leirejä, kursseja ja nuorten vaikuttamistoimintaa.",
          en="Federation of Åland youth associations organising camps, courses and advocacy for young people.")),
    O("frivilligcentralen-aland", "Frivilligcentralen på Åland", "association",
      "volunteering social_care", "Mariehamn", "2008-12-05", T(
          sv="Frivilligcentral som förmedlar uppdrag, utbildar volontärer och stöder föreningar på hela Åland.",
          fi="Vapaaehtoiskeskus, joka välittää tehtäviä, kouluttaa vapaaehtoisia ja tukee yhdistyksiä koko Ahvenanmaalla.",
          en="Volunteer centre matching tasks, training volunteers and supporting associations throughout Åland.")),
    O("skargardens-folkhogskola", "Skärgårdens folkhögskola", "folk_high_school",
      "education rural_development environment", "Kökar", "1998-08-20", T(
          sv="Folkhögskola i skärgården med kurser i hantverk, båtbygge och hållbart liv vid havet.",
          fi="Saariston kansanopisto, jossa on kursseja käsityöstä, veneenrakennuksesta ja kestävästä elämästä meren äärellä.",
          en="Archipelago folk high school with courses in crafts, boatbuilding and sustainable life by the sea.")),
    O("alands-studieforbund", "Ålands studieförbund rf", "study_association",
      "education culture", "Mariehamn", "1975-01-01", T(
          sv="Studieförbund som ordnar studiecirklar, föreläsningar och språkkurser för alla åldrar.",
          fi="Opintokeskus, joka järjestää opintopiirejä, luentoja ja kielikursseja kaikenikäisille.",
          en="Study association organising study circles, lectures and language courses for all ages.")),
    O("stiftelsen-havsbandet", "Stiftelsen Havsbandet", "foundation",
      "environment rural_development", "Brändö", "2004-06-08", T(
          sv="Stiftelse som stöder projekt för en levande skärgård och en ren Östersjö.",
          fi="Säätiö, joka tukee hankkeita elävän saariston ja puhtaan Itämeren puolesta.",
          en="Foundation supporting projects for a living archipelago and a clean Baltic Sea.")),
    O("skargardsmat", "Andelslaget Skärgårdsmat", "cooperative",
      "rural_development labour_market", "Saltvik", "2010-05-01", T(
          sv="Andelslag där fiskare och odlare säljer närproducerad mat och skapar arbete på landsbygden.",
          fi="Osuuskunta, jossa kalastajat ja viljelijät myyvät lähiruokaa ja luovat työtä maaseudulle.",
          en="Cooperative where fishers and growers sell local food and create rural jobs.")),
    O("returen-aland", "Returen Åland Ab", "social_enterprise",
      "labour_market environment", "Jomala", "2013-09-01", T(
          sv="Socialt företag som säljer återbruk och erbjuder arbetsträning för personer som står utanför arbetslivet.",
          fi="Yhteiskunnallinen yritys, joka myy kierrätystavaraa ja tarjoaa työvalmennusta työelämän ulkopuolella oleville.",
          en="Social enterprise selling second-hand goods and offering work training for people outside working life.")),
    O("jomala-diakoni", "Diakonin i Jomala församling", "faith_community",
      "social_care volunteering", "Jomala", "1990-01-01", T(
          sv="Församlingens diakoni med samtalsstöd, matutdelning och frivilliga besöksvänner.",
          fi="Seurakunnan diakoniatyö: keskusteluapua, ruoanjakelua ja vapaaehtoisia ystäviä.",
          en="The parish's diaconal work with counselling, food distribution and volunteer visiting friends.")),
    O("foreningsanstallda", "Fackföreningen för åländska föreningsanställda", "trade_union",
      "labour_market", "Mariehamn", "2002-05-01", T(
          sv="Fackförening för anställda i föreningar och stiftelser på Åland.",
          fi="Ammattiliitto ahvenanmaalaisten yhdistysten ja säätiöiden työntekijöille.",
          en="Trade union for employees of associations and foundations in Åland.")),
    O("foraldragruppen-godby", "Föräldragruppen i Godby", "informal_group",
      "education youth", "Finström", "2021-02-01", T(
          sv="Informell grupp av föräldrar som ordnar läxhjälp och fritidsaktiviteter för barn i Godby.",
          fi="Vanhempien epävirallinen ryhmä, joka järjestää läksyapua ja vapaa-ajan toimintaa Godbyn lapsille.",
          en="Informal group of parents arranging homework help and leisure activities for children in Godby.")),
    O("jamstalldhetsforum", "Ålands jämställdhetsforum rf", "association",
      "gender_equality human_rights", "Mariehamn", "2009-03-08", T(
          sv="Förening som arbetar för jämställdhet och mot våld i nära relationer genom utbildning och opinionsbildning.",
          fi="Yhdistys, joka edistää tasa-arvoa ja vastustaa lähisuhdeväkivaltaa koulutuksen ja vaikuttamistyön avulla.",
          en="Association working for gender equality and against domestic violence through education and advocacy.")),
    O("motion-och-halsa", "Motion och Hälsa Åland rf", "association",
      "public_health", "Mariehamn", "2011-04-07", T(
          sv="Folkhälsoförening som ordnar motionsgrupper, hälsodagar och promenader i alla kommuner.",
          fi="Kansanterveysyhdistys, joka järjestää liikuntaryhmiä, terveyspäiviä ja kävelyretkiä kaikissa kunnissa.",
          en="Public health association running exercise groups, health days and walks in every municipality.")),
    O("patientforeningen-aland", "Patientföreningen Åländsk Omsorg rf", "association",
      "health_care social_care", "Mariehamn", "1995-02-14", T(
          sv="Patientförening som stöder patienter som behöver vård i Åbo eller Stockholm och deras anhöriga.",
          fi="Potilasyhdistys, joka tukee Turussa tai Tukholmassa hoitoa tarvitsevia potilaita ja heidän omaisiaan.",
          en="Patient association supporting patients who need treatment in Turku or Stockholm and their families.")),
    O("nya-alanningar", "Föreningen Nya ålänningar rf", "association",
      "integration labour_market", "Mariehamn", "2014-10-01", T(
          sv="Förening för inflyttade som ordnar språkcaféer på svenska, mentorskap och hjälp att hitta arbete.",
          fi="Maahan muuttaneiden yhdistys, joka järjestää ruotsin kielen kielikahviloita, mentorointia ja apua työnhakuun.",
          en="Association for newcomers holding Swedish language cafés, mentoring and help finding work.")),
    O("eckero-kulturforening", "Eckerö kulturförening", "association",
      "culture", "Eckerö", "1988-06-01", T(
          sv="Kulturförening som ordnar konserter, utställningar och sommarteater i Eckerö.",
          fi="Kulttuuriyhdistys, joka järjestää konsertteja, näyttelyitä ja kesäteatteria Eckerössä.",
          en="Cultural association holding concerts, exhibitions and summer theatre in Eckerö.")),
    O("innovationsverkstad", "Ålands innovationsverkstad Ab", "social_enterprise",
      "innovation", "Mariehamn", "2020-01-15", T(
          sv="Socialt företag som hjälper föreningar och småföretag att pröva nya idéer och digitala tjänster.",
          fi="Yhteiskunnallinen yritys, joka auttaa yhdistyksiä ja pienyrityksiä kokeilemaan uusia ideoita ja digitaalisia palveluja.",
          en="Social enterprise helping associations and small businesses test new ideas and digital services.")),
    O("foreningsradet", "Ålands föreningsråd rf", "umbrella",
      "democracy volunteering", "Mariehamn", "2003-11-01", T(
          sv="Paraplyorganisation för åländska föreningar som för deras talan i samråd med landskapsregeringen.",
          fi="Ahvenanmaan yhdistysten kattojärjestö, joka edustaa niitä maakunnan hallituksen kuulemisissa.",
          en="Umbrella body for Åland associations, speaking for them in consultations with the Government of Åland.")),
    O("lemlands-byalag", "Lemlands byalag", "association",
      "rural_development democracy", "Lemland", "1999-05-01", T(
          sv="Byalag som driver byagården, ordnar bymöten och för byns talan i kommunen.",
          fi="Kyläyhdistys, joka ylläpitää kylätaloa, järjestää kyläkokouksia ja edustaa kylää kunnassa.",
          en="Village association running the village hall, holding village meetings and speaking for the village in the municipality.")),
    # public bodies
    O("mariehamn", "Mariehamns stad", "municipality",
      "culture democracy social_care", "Mariehamn", None, T(
          sv="Ålands enda stad, med föreningsbidrag och en överenskommelse med frivilligsektorn.",
          fi="Ahvenanmaan ainoa kaupunki, joka myöntää yhdistysavustuksia ja on tehnyt sopimuksen vapaaehtoissektorin kanssa.",
          en="Åland's only town, with grants for associations and a compact with the voluntary sector."),
      other=[("Maarianhamina", "fi", None)]),
    O("jomala", "Jomala kommun", "municipality",
      "rural_development", "Jomala", None, T(
          sv="Landsbygdskommun nära Mariehamn.",
          fi="Maaseutukunta Maarianhaminan lähellä.",
          en="Rural municipality near Mariehamn.")),
    O("kokar", "Kökar kommun", "municipality",
      "rural_development", "Kökar", None, T(
          sv="Skärgårdskommun långt ute i havsbandet.",
          fi="Saaristokunta kaukana ulkosaaristossa.",
          en="Archipelago municipality far out in the outer islands.")),
    O("regeringen", "Ålands landskapsregering", "government",
      "democracy", "Mariehamn", None, T(
          sv="Ålands regering inom självstyrelsen.",
          fi="Ahvenanmaan maakunnan hallitus itsehallinnon puitteissa.",
          en="The Government of Åland under its autonomy."),
      other=[("Ahvenanmaan maakunnan hallitus", "fi", None), ("Government of Åland", "en", None)]),
    O("lagtinget", "Ålands lagting", "parliament",
      "democracy", "Mariehamn", None, T(
          sv="Ålands parlament.",
          fi="Ahvenanmaan maakuntapäivät.",
          en="The parliament of Åland."),
      other=[("Ahvenanmaan maakuntapäivät", "fi", None)]),
    O("amhm", "Ålands miljö- och hälsoskyddsmyndighet", "state_agency",
      "environment public_health", "Jomala", None, T(
          sv="Myndighet för miljöskydd, livsmedelstillsyn och hälsoskydd på Åland.",
          fi="Ahvenanmaan ympäristö- ja terveydensuojeluviranomainen.",
          en="Åland's authority for environmental protection, food control and health protection."),
      other=[("ÅMHM", "sv", "förkortning")]),
    O("kommunforbundet", "Ålands kommunförbund", "public_body_other",
      "democracy", "Mariehamn", None, T(
          sv="Samarbetsorganisation för de åländska kommunerna.",
          fi="Ahvenanmaan kuntien yhteistyöjärjestö.",
          en="Joint organisation of the municipalities of Åland.")),
]

for _cc, _orgs in ORGS.items():
    for _o in _orgs:
        _o.cc = _cc
ORG_INDEX = {(o.cc, o.key): o for orgs in ORGS.values() for o in orgs}


def org(cc, key):
    """The spec of an organisation (KeyError for a typo, on purpose)."""
    return ORG_INDEX[(cc, key)]


def _domain(o):
    return o.domain or "%s.%s" % (o.key, TLD[o.cc])


_MAILBOX = {"sv": "kansli", "nb": "post", "nn": "post", "da": "kontakt",
            "fi": "toimisto", "is": "skrifstofa", "kl": "allaffik",
            "fo": "skrivstova", "se": "doaimmahat"}
_PUBLIC_MAILBOX = {"SE": "registrator", "NO": "postmottak", "DK": "post",
                   "FI": "kirjaamo", "IS": "postur", "GL": "info",
                   "FO": "post", "AX": "registrator"}


def _org_body(o):
    lang = o.lang or MAIN_LANG[o.cc]
    muni, region, _pc, _town = PLACES[o.cc][o.place]
    b = {"lang": lang, "name": o.name}
    if o.other:
        b["other_names"] = []
        for name, olang, note in o.other:
            on = {"name": name}
            if olang:
                on["lang"] = olang
            if note:
                on["note"] = note
            b["other_names"].append(on)
    if o.cls != "informal_group":
        b["identifiers"] = [{"scheme": SCHEME[o.cc],
                             "identifier": identifier(o.cc, o.key, o.cls, o.founded)}]
    b["classification"] = o.cls
    b["focus_areas"] = list(o.focus)
    b["country"] = o.cc
    b["municipality"] = muni
    if region:
        b["region"] = region
    if region_code(o.cc, o.place):
        b["region_code"] = region_code(o.cc, o.place)
    if municipality_code(o.cc, o.place):
        b["municipality_code"] = municipality_code(o.cc, o.place)
    b["description"] = dict(o.text)
    dom = _domain(o)
    if o.cls != "informal_group":
        b["website"] = o.web or "https://www.%s" % dom
    box = _PUBLIC_MAILBOX[o.cc] if o.public else _MAILBOX[lang]
    contact = {"email": "%s@%s" % (box, dom)}
    if o.cls != "informal_group":
        contact["phone"] = phone(o.cc, o.key)
        contact["address"] = _address(o.cc, o.key, o.place)
    b["contact"] = contact
    if o.founded:
        b["founded"] = o.founded
    return b


# ==== networks ============================================================

class Net:
    def __init__(self, cc, key, lead, focus, name, theme, desc, freq,
                 scope="nordic", website=None):
        self.cc, self.key, self.lead = cc, key, lead
        self.focus = focus.split()
        self.name, self.theme, self.desc, self.freq = name, theme, desc, freq
        self.scope, self.website = scope, website

    @property
    def id(self):
        return net_id(self.cc, self.key)


NETWORKS = [
    Net("SE", "frivillighet", "civilsamhalletsriksrad", "volunteering democracy social_care",
        T(sv="Nordiskt nätverk för frivillighet och civilt samhällsutrymme",
          nb="Nordisk nettverk for frivillighet og sivilsamfunnets handlingsrom",
          da="Nordisk netværk for frivillighed og civilsamfundets råderum",
          fi="Pohjoismainen vapaaehtoistoiminnan ja kansalaisyhteiskunnan tilan verkosto",
          is_="Norrænt net um sjálfboðastarf og borgaralegt rými",
          fo="Norðurlendskt net fyri sjálvboðið arbeiði og borgarligt rúm",
          en="Nordic Network for Volunteering and Civic Space"),
        T(sv="Frivillighet och civilt samhällsutrymme", en="Volunteering and civic space"),
        T(sv="Nätverket samlar organisationer från hela Norden för att stärka villkoren för frivilligt engagemang och värna civilsamhällets självständighet och handlingsutrymme.",
          en="The network brings together organisations from all over the Nordic region to improve the conditions for volunteering and to protect the independence and room for action of civil society."),
        "Två nätverksträffar per år och ett årligt forum",
        website="https://www.civilsamhalletsriksrad.se/norden"),
    Net("NO", "integrering", "inkluderingsforum", "integration labour_market human_rights",
        T(nb="Nordisk nettverk for integrering og inkludering",
          sv="Nordiskt nätverk för integration och inkludering",
          da="Nordisk netværk for integration og inklusion",
          fi="Pohjoismainen kotoutumisen ja osallisuuden verkosto",
          is_="Norrænt net um inngildingu og aðlögun",
          en="Nordic Network for Integration and Inclusion"),
        T(nb="Integrering og inkludering", en="Integration and inclusion"),
        T(nb="Nettverket deler metoder og erfaringer om hvordan frivillige organisasjoner kan bidra til at innvandrere og flyktninger blir en del av lokalsamfunnet og arbeidslivet.",
          en="The network shares methods and experience of how voluntary organisations can help immigrants and refugees become part of local communities and working life."),
        "Tre møter i året, ett av dem fysisk",
        website="https://www.inkluderingsforum.no/norden"),
    Net("DK", "ungdomsdeltagelse", "ungdommensdemokratiforum", "youth democracy education",
        T(da="Nordisk netværk for ungdomsdeltagelse",
          sv="Nordiskt nätverk för ungas delaktighet",
          nb="Nordisk nettverk for ungdomsmedvirkning",
          fi="Pohjoismainen nuorten osallisuuden verkosto",
          is_="Norrænt net um þátttöku ungmenna",
          en="Nordic Network for Youth Participation"),
        T(da="Unges deltagelse i demokratiet", en="Young people's participation in democracy"),
        T(da="Netværket styrker unges indflydelse i foreninger, ungdomsråd og lokalpolitik i hele Norden gennem træf, kurser og udveksling.",
          en="The network strengthens young people's influence in associations, youth councils and local politics across the Nordic region through gatherings, courses and exchanges."),
        "Et årligt ungdomstræf og onlinemøder hvert kvartal",
        website="https://www.ungdommensdemokratiforum.dk/norden"),
    Net("FI", "maaseutu", "kylatjakunnat", "rural_development democracy environment",
        T(fi="Pohjoismainen maaseudun kehittämisen ja lähidemokratian verkosto",
          sv="Nordiskt nätverk för landsbygdsutveckling och lokal demokrati",
          nb="Nordisk nettverk for bygdeutvikling og lokaldemokrati",
          da="Nordisk netværk for landdistriktsudvikling og nærdemokrati",
          is_="Norrænt net um byggðaþróun og staðbundið lýðræði",
          en="Nordic Network for Rural Development and Local Democracy"),
        T(fi="Maaseudun kehittäminen ja lähidemokratia",
          sv="Landsbygdsutveckling och lokal demokrati",
          en="Rural development and local democracy"),
        T(fi="Verkosto kokoaa kyläyhdistyksiä, kuntia ja maaseudun toimijoita jakamaan keinoja asukkaiden osallistumiseen ja elinvoimaisiin kyliin.",
          sv="Nätverket samlar byaföreningar, kommuner och landsbygdsaktörer för att dela metoder för invånarnas delaktighet och livskraftiga byar.",
          en="The network gathers village associations, municipalities and rural actors to share ways of involving residents and keeping villages alive."),
        "Kaksi tapaamista vuodessa ja vuosittaiset kylätoimintapäivät",
        website="https://www.kylatjakunnat.fi/pohjoismaat"),
    Net("IS", "jafnretti", "jafnrettisbandalagid", "gender_equality human_rights democracy",
        T(is_="Norrænt net um jafnrétti og mannréttindi",
          sv="Nordiskt nätverk för jämställdhet och mänskliga rättigheter",
          nb="Nordisk nettverk for likestilling og menneskerettigheter",
          da="Nordisk netværk for ligestilling og menneskerettigheder",
          fi="Pohjoismainen tasa-arvon ja ihmisoikeuksien verkosto",
          en="Nordic Network for Gender Equality and Human Rights"),
        T(is_="Jafnrétti kynjanna og mannréttindi", en="Gender equality and human rights"),
        T(is_="Netið tengir saman félagasamtök á Norðurlöndum sem vinna gegn kynbundnu ofbeldi og mismunun og fyrir jöfnum tækifærum allra.",
          en="The network connects Nordic civil society organisations working against gender-based violence and discrimination and for equal opportunities for all."),
        "Ársfundur og vefmálstofur fjórum sinnum á ári",
        website="https://www.jafnrettisbandalagid.is/nordurlond"),
    # organised by MUCF (the Swedish Agency for Youth and Civil Society):
    # online via Zoom, two to four meetings a year, one or two people per
    # organisation, free of charge
    Net("SE", "kommuner-civilsamhalle", "mucf",
        "democracy volunteering social_care integration",
        T(sv="Nationellt nätverk för kommuner och civilsamhälle",
          en="National Network for Municipalities and Civil Society"),
        T(sv="Samverkan mellan kommuner, regioner och civilsamhälle",
          en="Cooperation between municipalities, regions and civil society"),
        T(sv="Ett nationellt nätverk som MUCF samordnar, där kommuner, regioner och idéburna organisationer möts digitalt via Zoom två till fyra gånger per år för att utbyta erfarenheter om överenskommelser, IOP och dialog. Deltagandet är kostnadsfritt och varje organisation deltar med en eller två personer.",
          en="A national network organised by MUCF, the Swedish Agency for Youth and Civil Society, where municipalities, regions and non-profit organisations meet online via Zoom two to four times a year to share experience of local compacts, idea-based public partnerships and dialogue. Taking part is free, with one or two people per organisation."),
        "2–4 digitala möten per år via Zoom",
        scope="national", website="https://www.ideburensamverkan.se/natverket"),
]
NORDIC_NETWORKS = [n for n in NETWORKS if n.scope == "nordic"]
NET_INDEX = {(n.cc, n.key): n for n in NETWORKS}


def network(cc, key):
    return NET_INDEX[(cc, key)]


def _net_body(n):
    b = {"lang": MAIN_LANG[n.cc], "name": dict(n.name), "theme": dict(n.theme),
         "description": dict(n.desc), "scope": n.scope}
    if n.scope == "national":
        b["country"] = n.cc
    b["lead_organisation"] = org_id(n.cc, n.lead)
    b["focus_areas"] = list(n.focus)
    if n.website:
        b["website"] = n.website
    b["meeting_frequency"] = n.freq
    return b


# ==== membership requests =================================================
# Owned by the requesting organisation's country; the network may be any.
# (cc, key, org key, network (cc, key), role, status, message)

REQUESTS = [
    ("GL", "inuusuttut-isumaat-ungdom", "inuusuttut-isumaat", ("DK", "ungdomsdeltagelse"),
     "member", "pending", T(
         kl="Inuusuttut Isumaat Nunani Avannarlerni inuusuttunik suleqateqarusuppoq.",
         da="Inuusuttut Isumaat vil gerne være med i netværket og dele erfaringer med ungeråd i Grønland.",
         en="Inuusuttut Isumaat would like to join the network and share experience of youth councils in Greenland.")),
    ("GL", "naligiissitaaneq-jafnretti", "naligiissitaaneq", ("IS", "jafnretti"),
     "member", "pending", T(
         da="Vi ønsker at deltage i det nordiske samarbejde om ligestilling og arbejdet mod vold i nære relationer.",
         en="We wish to take part in the Nordic cooperation on gender equality and the work against domestic violence.")),
    ("FO", "javnstodufelagid-jafnretti", "javnstodufelagid", ("IS", "jafnretti"),
     "member", "pending", T(
         fo="Javnstøðufelagið ynskir at gerast limur í norðurlendska netinum um javnstøðu og mannarættindi.",
         en="Javnstøðufelagið wishes to become a member of the Nordic network on gender equality and human rights.")),
    ("FO", "ungdomsfelagid-maaseutu", "ungdomsfelagid-klaksvik", ("FI", "maaseutu"),
     "member", "pending", T(
         fo="Vit vilja læra av øðrum um, hvussu ung kunnu verða verandi í útjaðaranum.",
         en="We want to learn from others how young people can be encouraged to stay in outlying communities.")),
    ("AX", "frivilligcentralen-frivillighet", "frivilligcentralen-aland", ("SE", "frivillighet"),
     "member", "pending", T(
         sv="Frivilligcentralen på Åland vill delta i nätverket och bidra med erfarenheter från ett litet ösamhälle.",
         fi="Ahvenanmaan vapaaehtoiskeskus haluaa mukaan verkostoon ja jakaa kokemuksia pienestä saariyhteisöstä.",
         en="The Åland volunteer centre would like to join the network and contribute experience from a small island community.")),
    ("AX", "havsbandet-maaseutu", "stiftelsen-havsbandet", ("FI", "maaseutu"),
     "observer", "withdrawn", T(
         sv="Stiftelsen Havsbandet önskar följa nätverket som observatör.",
         en="Stiftelsen Havsbandet wishes to follow the network as an observer.")),
    ("AX", "nya-alanningar-integrering", "nya-alanningar", ("NO", "integrering"),
     "member", "pending", T(
         sv="Vi arbetar med inflyttade på Åland och vill gärna utbyta metoder med andra nordiska organisationer.",
         en="We work with newcomers in Åland and would like to exchange methods with other Nordic organisations.")),
]

# Requests answered by the network's owner with a membership record.
ANSWERED = {
    ("AX", "frivilligcentralen-frivillighet"): ("active", "2026-03-01"),
    ("FO", "ungdomsfelagid-maaseutu"): ("declined", "2026-05-12"),
}


def _mreq_body(r):
    cc, key, okey, (ncc, nkey), role, status, msg = r
    return {"lang": MAIN_LANG[cc], "network": net_id(ncc, nkey),
            "organisation": org_id(cc, okey), "role": role,
            "message": dict(msg), "status": status}


# ==== memberships =========================================================

_START_DATES = ["2023-03-01", "2023-09-15", "2024-01-10", "2024-06-01",
                "2025-02-01", "2025-09-01", "2026-02-15"]


def _start(n, o):
    return _START_DATES[_hnum(n.id, o.id, "start") % len(_START_DATES)]


def _pick(n, cc, k, exclude):
    """The k civil-society organisations of cc that fit n best: the
    network's first focus area counts most, then the others; ties go to
    the order of ORGS."""
    cands = []
    for i, o in enumerate(ORGS[cc]):
        if o.public or o.key == n.lead and cc == n.cc or (cc, o.key) in exclude:
            continue
        score = 3 * (n.focus[0] in o.focus) + len(set(o.focus) & set(n.focus[1:]))
        if score:
            cands.append((-score, i, o))
    cands.sort(key=lambda t: (t[0], t[1]))
    return [o for _s, _i, o in cands[:k]]


# Observers from the public side: (network key) -> [(cc, org key)]
OBSERVERS = {
    "frivillighet": [("SE", "mucf"), ("FO", "landsstyrid")],
    "integrering": [("NO", "imdi"), ("IS", "mcc"), ("GL", "naalakkersuisut")],
    "ungdomsdeltagelse": [("DK", "socialstyrelsen"), ("AX", "regeringen")],
    "maaseutu": [("FI", "pohjois-pohjanmaa"), ("GL", "nunaqarfiit-kattuffiat")],
    "jafnretti": [("IS", "jafnretti"), ("FI", "oikeusministerio")],
    "kommuner-civilsamhalle": [("SE", "regeringen")],   # MUCF leads it
}


def membership_plan(n):
    """[(org (cc, key), role, status, start, end, request id)] for network n."""
    reqs = {(r[0], r[2]): r for r in REQUESTS if r[3] == (n.cc, n.key)}
    plan = [((n.cc, n.lead), "lead", "active", "2023-01-01", None, None)]
    taken = {(n.cc, n.lead)} | set(reqs)
    if n.scope == "nordic":
        for cc in ALL_COUNTRIES:
            for o in _pick(n, cc, 3 if cc == n.cc else 2, taken):
                taken.add((cc, o.key))
                plan.append(((cc, o.key), "member", "active", _start(n, o), None, None))
    else:
        for o in ORGS[n.cc]:
            if o.cls in ("municipality", "region"):
                taken.add((n.cc, o.key))
                plan.append(((n.cc, o.key), "member", "active", _start(n, o), None, None))
        for o in _pick(n, n.cc, 8, taken):
            taken.add((n.cc, o.key))
            plan.append(((n.cc, o.key), "member", "active", _start(n, o), None, None))
    for cc, key in OBSERVERS.get(n.key, []):
        if (cc, key) not in taken:
            taken.add((cc, key))
            plan.append(((cc, key), "observer", "active", "2024-01-10", None, None))
    if n.key == "ungdomsdeltagelse":
        # one membership that has ended: the next Swedish candidate
        o = _pick(n, "SE", 1, taken)[0]
        taken.add(("SE", o.key))
        plan.append((("SE", o.key), "member", "ended", "2023-03-01", "2025-12-31", None))
    for (cc, okey), r in sorted(reqs.items()):
        ans = ANSWERED.get((r[0], r[1]))
        if ans:
            status, day = ans
            plan.append(((cc, okey), r[4], status, day, None, mreq_id(r[0], r[1])))
    return plan


def _mem_bodies(n):
    out = []
    for (cc, okey), role, status, start, end, req in membership_plan(n):
        oid = org_id(cc, okey)
        b = {"network": n.id, "organisation": oid, "role": role,
             "status": status, "start": start}
        if end:
            b["end"] = end
        mid = make_id(n.cc, "mem", "%s|%s" % (n.key, oid))
        if req:
            # the answer to a request has the id derived from it
            # (docs/protocol.md, "Membership across borders")
            b["request"] = req
            mid = "%s:mem:%s" % (n.cc.lower(), req.rsplit(":", 1)[1])
        out.append((mid, b))
    return out


# ==== meetings ============================================================
# Local wall times; ts() adds the zone's offset for that date.

class Meet:
    def __init__(self, cc, key, organiser, net, title, start, end, mode,
                 cost="free", currency=None, place=None, platform=None,
                 reg=None, seats=2, capacity=None, status="scheduled",
                 languages=("en",), theme=None, desc=None, tz=None):
        self.cc, self.key, self.organiser, self.net = cc, key, organiser, net
        self.title, self.start, self.end, self.mode = title, start, end, mode
        self.cost, self.currency, self.place, self.platform = cost, currency, place, platform
        self.reg, self.seats, self.capacity, self.status = reg, seats, capacity, status
        self.languages, self.theme, self.desc = list(languages), theme, desc
        self.tz = tz or COUNTRY_TZ[cc]


def _reg_url(cc, organiser, key):
    return "https://www.%s/anmalan/%s" % (_domain(org(cc, organiser)), key) if cc in ("SE", "AX") \
        else "https://www.%s/%s/%s" % (_domain(org(cc, organiser)), {
            "NO": "pamelding", "DK": "tilmelding", "FI": "ilmoittautuminen",
            "IS": "skraning", "GL": "tilmelding", "FO": "skraseting"}[cc], key)


_NAT = ("SE", "kommuner-civilsamhalle")
_NAT_TITLE = T(sv="Nätverksmöte: Nationellt nätverk för kommuner och civilsamhälle",
               en="Network meeting: National Network for Municipalities and Civil Society")


def _nat(key, day, theme_sv, theme_en, status, organiser="mucf",
         platform="Zoom", opens=None):
    y, m, d = (int(x) for x in day.split("-"))
    deadline = (_dt.date(y, m, d) - _dt.timedelta(days=7)).isoformat()
    opens = opens or (_dt.date(y, m, d) - _dt.timedelta(days=56)).isoformat()
    return Meet("SE", key, organiser, _NAT, _NAT_TITLE,
                day + "T09:00", day + "T12:00", "online", platform=platform,
                reg=(opens + "T09:00", deadline + "T23:59"), seats=2, capacity=120,
                status=status, languages=("sv",),
                theme=T(sv=theme_sv, en=theme_en),
                desc=T(sv="Digitalt nätverksmöte för kommuner, regioner och idéburna organisationer. Kostnadsfritt, högst två personer per organisation. Länk skickas till anmälda.",
                       en="Online network meeting for municipalities, regions and non-profit organisations. Free of charge, at most two people per organisation. The link is sent to those registered."))


MEETINGS = [
    # --- SE: Nordic volunteering network
    Meet("SE", "frivillighet-2026-03", "civilsamhalletsriksrad", ("SE", "frivillighet"),
         T(sv="Nätverksträff: frivillighetens villkor i Norden",
           en="Network meeting: the conditions for volunteering in the Nordic countries"),
         "2026-03-18T09:30", "2026-03-18T16:00", "hybrid",
         place="Civilsamhällets hus, Klarabergsgatan 20, Stockholm", platform="Zoom",
         reg=("2026-01-15T09:00", "2026-03-11T23:59"), seats=2, capacity=80,
         status="completed", languages=("sv", "en"),
         theme=T(sv="Frivillighet och regelverk", en="Volunteering and regulation"),
         desc=T(sv="Vi jämför hur skatteregler, försäkringar och bidragsvillkor påverkar frivilligt engagemang i de nordiska länderna.",
                en="We compare how tax rules, insurance and grant conditions affect volunteering in the Nordic countries.")),
    Meet("SE", "frivilligforum-2026", "civilsamhalletsriksrad", ("SE", "frivillighet"),
         T(sv="Nordiskt frivilligforum 2026", nb="Nordisk frivillighetsforum 2026",
           da="Nordisk frivillighedsforum 2026", en="Nordic Volunteering Forum 2026"),
         "2026-09-24T10:00", "2026-09-25T15:00", "in_person",
         cost="1200.00", currency="SEK", place="Folkets Hus, Järntorget, Göteborg",
         reg=("2026-04-01T09:00", "2026-09-01T23:59"), seats=3, capacity=200,
         status="completed", languages=("sv", "nb", "da", "en"),
         theme=T(sv="Civilt samhällsutrymme under press", en="Civic space under pressure"),
         desc=T(sv="Två dagar med seminarier, workshoppar och studiebesök hos Göteborgs föreningsliv.",
                en="Two days of seminars, workshops and study visits to Gothenburg's associations.")),
    Meet("SE", "webbinarium-forsakring-2026", "frivilligcentralen-umea", ("SE", "frivillighet"),
         T(sv="Webbinarium: försäkring och trygghet för volontärer",
           en="Webinar: insurance and safety for volunteers"),
         "2026-12-09T13:00", "2026-12-09T14:30", "online", platform="Microsoft Teams",
         reg=("2026-11-01T09:00", "2026-12-08T12:00"), seats=5, capacity=300,
         languages=("sv", "en"),
         desc=T(sv="Hur försäkrar föreningen sina volontärer, och vad gäller när något händer?",
                en="How does an association insure its volunteers, and what applies when something happens?")),
    Meet("SE", "frivillighet-2027-03", "civilsamhalletsriksrad", ("SE", "frivillighet"),
         T(sv="Vårmöte 2027: civilt samhällsutrymme i Norden",
           en="Spring meeting 2027: civic space in the Nordic countries"),
         "2027-03-10T09:00", "2027-03-10T12:00", "online", platform="Zoom",
         reg=("2027-01-11T09:00", "2027-03-03T23:59"), seats=2, capacity=150,
         languages=("sv", "en"),
         theme=T(sv="Civilsamhällets självständighet", en="The independence of civil society")),
    Meet("SE", "frivilligforum-2027", "civilsamhalletsriksrad", ("SE", "frivillighet"),
         T(sv="Nordiskt frivilligforum 2027", en="Nordic Volunteering Forum 2027"),
         "2027-09-22T10:00", "2027-09-23T15:00", "in_person",
         cost="950.00", currency="SEK", place="Kulturhuset Väven, Umeå",
         reg=("2027-03-15T09:00", "2027-08-31T23:59"), seats=3, capacity=180,
         languages=("sv", "nb", "da", "fi", "en"),
         theme=T(sv="Frivillighet i glesbygd", en="Volunteering in sparsely populated areas")),
    # --- SE: national network, 2-4 online meetings a year, free, 2 seats
    _nat("natverk-2026-02", "2026-02-12", "Lokala överenskommelser – erfarenheter och nästa steg",
         "Local compacts: experience and next steps", "completed"),
    _nat("natverk-2026-05", "2026-05-20", "IOP i praktiken: juridik och upphandling",
         "Idea-based public partnerships in practice: law and procurement", "completed"),
    _nat("natverk-2026-10", "2026-10-08", "Civilsamhällets roll i krisberedskapen",
         "The role of civil society in emergency preparedness", "completed"),
    _nat("natverk-2026-12", "2026-12-03", "Dialog om bidragssystem och villkor",
         "Dialogue on grant systems and conditions", "scheduled"),
    _nat("natverk-2027-02", "2027-02-17", "Ungas inflytande i kommunal samverkan",
         "Young people's influence in municipal cooperation", "scheduled"),
    _nat("natverk-2027-05", "2027-05-26", "Samverkan på landsbygden",
         "Cooperation in rural areas", "scheduled"),
    _nat("natverk-2027-10", "2027-10-13", "Årsmöte och uppföljning av handlingsplanen",
         "Annual meeting and follow-up of the action plan", "scheduled"),
    # --- NO: integration network
    Meet("NO", "inkluderingskonferanse-2026", "inkluderingsforum", ("NO", "integrering"),
         T(nb="Nordisk inkluderingskonferanse 2026", sv="Nordisk inkluderingskonferens 2026",
           en="Nordic Inclusion Conference 2026"),
         "2026-04-22T09:00", "2026-04-23T15:30", "in_person",
         cost="1450.00", currency="NOK", place="Sentralen, Øvre Slottsgate 3, Oslo",
         reg=("2026-01-20T09:00", "2026-04-08T23:59"), seats=2, capacity=250,
         status="completed", languages=("nb", "sv", "da", "en"),
         theme=T(nb="Frivillighet som vei inn i arbeidslivet", en="Volunteering as a path to work")),
    Meet("NO", "webinar-sprakkafe-2026", "inkluderingsforum", ("NO", "integrering"),
         T(nb="Webinar: språkkafé som metode", en="Webinar: the language café as a method"),
         "2026-11-05T14:00", "2026-11-05T15:30", "online", platform="Zoom",
         reg=("2026-10-01T09:00", "2026-11-04T12:00"), seats=10, capacity=500,
         status="completed", languages=("nb", "en"),
         desc=T(nb="Erfaringer fra språkkafeer i Drammen, Göteborg og Ísafjörður.",
                en="Experience from language cafés in Drammen, Gothenburg and Ísafjörður.")),
    Meet("NO", "nettverksmote-2027-01", "inkluderingsforum", ("NO", "integrering"),
         T(nb="Nettverksmøte: inkludering i arbeidslivet", en="Network meeting: inclusion in working life"),
         "2027-01-20T09:00", "2027-01-20T11:30", "online", platform="Microsoft Teams",
         reg=("2026-12-01T09:00", "2027-01-13T23:59"), seats=2, capacity=100,
         languages=("nb", "sv", "da", "en")),
    Meet("NO", "inkluderingskonferanse-2027", "frivilligsentralen-tromso", ("NO", "integrering"),
         T(nb="Nordisk inkluderingskonferanse 2027 i Tromsø",
           se="Davviriikkaid searvadahttinkonferánsa 2027 Romssas",
           en="Nordic Inclusion Conference 2027 in Tromsø"),
         "2027-06-09T10:00", "2027-06-10T15:00", "hybrid",
         cost="1500.00", currency="NOK", place="Kulturhuset, Tromsø", platform="Zoom",
         reg=("2027-01-15T09:00", "2027-05-15T23:59"), seats=3, capacity=220,
         languages=("nb", "se", "en"),
         theme=T(nb="Inkludering i nord – samiske og flerkulturelle perspektiver",
                 en="Inclusion in the north: Sámi and multicultural perspectives")),
    # --- DK: youth participation network
    Meet("DK", "ungdomstraef-aero-2026", "ungdomsforeningen-aero", ("DK", "ungdomsdeltagelse"),
         T(da="Nordisk ungdomstræf på Ærø 2026", sv="Nordiskt ungdomsmöte på Ærø 2026",
           en="Nordic Youth Gathering on Ærø 2026"),
         "2026-07-01T12:00", "2026-07-04T12:00", "in_person",
         cost="450.00", currency="DKK", place="Ærø Idrætscenter, Ærøskøbing",
         reg=("2026-02-01T09:00", "2026-05-15T23:59"), seats=4, capacity=120,
         status="completed", languages=("da", "sv", "nb", "en")),
    Meet("DK", "klimademokrati-2026", "klimafaellesskabet-roskilde", ("DK", "ungdomsdeltagelse"),
         T(da="Workshop: unge og klimademokrati", en="Workshop: young people and climate democracy"),
         "2026-03-25T16:00", "2026-03-25T20:00", "in_person",
         place="Roskilde Bibliotek, Roskilde", seats=5, capacity=40,
         status="postponed", languages=("da",)),
    Meet("DK", "netvaerksmode-2026-12", "ungdommensdemokratiforum", ("DK", "ungdomsdeltagelse"),
         T(da="Onlinenetværksmøde: unge i lokale råd", en="Online network meeting: young people on local councils"),
         "2026-12-02T16:00", "2026-12-02T17:30", "online", platform="Microsoft Teams",
         reg=("2026-11-01T09:00", "2026-11-30T23:59"), seats=3, capacity=150,
         languages=("da", "en")),
    Meet("DK", "ungdomsdemokrati-2027", "ungdommensdemokratiforum", ("DK", "ungdomsdeltagelse"),
         T(da="Ungdomsdemokratikonferencen 2027", en="Youth Democracy Conference 2027"),
         "2027-04-14T09:30", "2027-04-14T16:00", "hybrid",
         cost="300.00", currency="DKK", place="Dokk1, Aarhus", platform="Zoom",
         reg=("2027-01-10T09:00", "2027-03-31T23:59"), seats=2, capacity=300,
         languages=("da", "en"),
         theme=T(da="Stemmeret, ungeråd og unges tillid til demokratiet",
                 en="Voting rights, youth councils and young people's trust in democracy")),
    # --- FI: rural development network
    Meet("FI", "kylatoimintapaivat-2026", "kylatjakunnat", ("FI", "maaseutu"),
         T(fi="Pohjoismaiset kylätoimintapäivät 2026", sv="Nordiska bydagar 2026",
           en="Nordic Village Action Days 2026"),
         "2026-08-26T10:00", "2026-08-27T15:00", "in_person",
         cost="120.00", currency="EUR", place="Kuhmo-talo, Kuhmo",
         reg=("2026-03-01T09:00", "2026-08-01T23:59"), seats=3, capacity=150,
         status="completed", languages=("fi", "sv", "en"),
         theme=T(fi="Kylät ja palvelut", sv="Byar och service", en="Villages and services")),
    Meet("FI", "verkkoseminaari-2027-02", "kylatjakunnat", ("FI", "maaseutu"),
         T(fi="Verkkoseminaari: osallistuva budjetointi kylissä",
           sv="Webbseminarium: medborgarbudget i byarna",
           en="Webinar: participatory budgeting in villages"),
         "2027-02-03T13:00", "2027-02-03T15:00", "online", platform="Microsoft Teams",
         reg=("2026-12-15T09:00", "2027-02-01T12:00"), seats=5, capacity=200,
         languages=("fi", "sv", "en")),
    Meet("FI", "lahidemokratiafoorumi-2027", "kansalaisareena-oulu", ("FI", "maaseutu"),
         T(fi="Lähidemokratiafoorumi 2027", sv="Forum för närdemokrati 2027",
           en="Local Democracy Forum 2027"),
         "2027-05-19T09:00", "2027-05-19T16:00", "hybrid",
         cost="80.00", currency="EUR", place="Oulun kaupungintalo, Oulu", platform="Microsoft Teams",
         reg=("2027-02-01T09:00", "2027-05-05T23:59"), seats=2, capacity=160,
         languages=("fi", "sv", "en")),
    # --- IS: gender equality network
    Meet("IS", "jafnrettisradstefna-2026", "jafnrettisbandalagid", ("IS", "jafnretti"),
         T(is_="Norræn jafnréttisráðstefna 2026", en="Nordic Gender Equality Conference 2026"),
         "2026-03-05T09:00", "2026-03-05T16:30", "hybrid",
         cost="15000", currency="ISK", place="Harpa, Reykjavík", platform="Zoom",
         reg=("2026-01-05T09:00", "2026-02-26T23:59"), seats=2, capacity=250,
         status="completed", languages=("is", "en"),
         theme=T(is_="Launajafnrétti og vinnumarkaður", en="Equal pay and the labour market")),
    Meet("IS", "vefmalstofa-2026-11", "jafnrettisbandalagid", ("IS", "jafnretti"),
         T(is_="Vefmálstofa: ofbeldi gegn konum á Norðurlöndum",
           en="Webinar: violence against women in the Nordic countries"),
         "2026-11-25T12:00", "2026-11-25T13:30", "online", platform="Zoom",
         reg=("2026-11-01T09:00", "2026-11-24T12:00"), seats=10, capacity=400,
         languages=("is", "en"),
         desc=T(is_="Haldin á alþjóðlegum baráttudegi gegn kynbundnu ofbeldi.",
                en="Held on the International Day for the Elimination of Violence against Women.")),
    Meet("IS", "sumarfundur-2027", "raudithradurinn", ("IS", "jafnretti"),
         T(is_="Sumarfundur netsins á Akureyri", en="The network's summer meeting in Akureyri"),
         "2027-06-16T10:00", "2027-06-17T14:00", "in_person",
         cost="18500", currency="ISK", place="Menningarhúsið Hof, Akureyri",
         reg=("2027-02-01T09:00", "2027-05-20T23:59"), seats=2, capacity=90,
         languages=("is", "en")),
    # --- GL, FO, AX
    Meet("GL", "inuusuttut-2027", "inuusuttut-isumaat", ("DK", "ungdomsdeltagelse"),
         T(kl="Inuusuttut ataatsimeersuarnerat 2027 Nuummi", da="Ungdomskonference 2027 i Nuuk",
           en="Youth Conference 2027 in Nuuk"),
         "2027-04-21T10:00", "2027-04-22T15:00", "hybrid",
         cost="250.00", currency="DKK", place="Katuaq, Nuuk", platform="Microsoft Teams",
         reg=("2027-01-15T09:00", "2027-04-01T23:59"), seats=2, capacity=120,
         languages=("kl", "da", "en")),
    Meet("GL", "nunaqarfiit-2026", "nunaqarfiit-kattuffiat", ("FI", "maaseutu"),
         T(kl="Nunaqarfinni suleqatigiinneq – ataatsimiinneq internetikkut",
           da="Samarbejde i bygderne – onlinemøde", en="Cooperation in the settlements: online meeting"),
         "2026-10-14T13:00", "2026-10-14T15:00", "online", platform="Microsoft Teams",
         seats=3, capacity=60, status="completed", languages=("kl", "da", "en")),
    Meet("FO", "sjalvbodnadagurin-2026", "foroya-sjalvbodin", ("SE", "frivillighet"),
         T(fo="Sjálvboðnadagurin 2026", da="Frivillighedsdagen 2026", en="Volunteering Day 2026"),
         "2026-12-05T10:00", "2026-12-05T16:00", "in_person",
         place="Norðurlandahúsið, Tórshavn",
         reg=("2026-11-01T09:00", "2026-12-01T23:59"), seats=5, capacity=150,
         languages=("fo", "da", "en")),
    Meet("FO", "fjolmentanarkjak-2026", "brugvin", ("NO", "integrering"),
         T(fo="Fjølmentanarkjak á netinum", da="Onlinedebat om det flerkulturelle samfund",
           en="Online debate on the multicultural society"),
         "2026-05-13T19:00", "2026-05-13T20:30", "online", platform="Zoom",
         seats=4, capacity=100, status="completed", languages=("fo", "da", "en")),
    Meet("AX", "ungdomslager-2027", "alands-ungdomsforbund", ("DK", "ungdomsdeltagelse"),
         T(sv="Nordiskt ungdomsläger på Kökar 2027", fi="Pohjoismainen nuorisoleiri Kökarissa 2027",
           en="Nordic Youth Camp on Kökar 2027"),
         "2027-07-05T12:00", "2027-07-09T12:00", "in_person",
         cost="60.00", currency="EUR", place="Kökar lägergård, Kökar",
         reg=("2027-02-01T09:00", "2027-05-31T23:59"), seats=4, capacity=80,
         languages=("sv", "fi", "en")),
    Meet("AX", "foreningsdialog-2026", "foreningsradet", None,
         T(sv="Föreningsdialog med landskapsregeringen", fi="Yhdistysdialogi maakunnan hallituksen kanssa",
           en="Associations' dialogue with the Government of Åland"),
         "2026-09-15T17:00", "2026-09-15T19:30", "hybrid",
         place="Alandica kultur och kongress, Mariehamn", platform="Microsoft Teams",
         reg=("2026-08-15T09:00", "2026-09-10T23:59"), seats=2, capacity=100,
         status="completed", languages=("sv",)),
    Meet("AX", "webbinarium-bidrag-2026", "foreningsradet", None,
         T(sv="Webbinarium: så söker föreningen bidrag", en="Webinar: how associations apply for grants"),
         "2026-04-08T18:00", "2026-04-08T19:30", "online", platform="Zoom",
         seats=3, capacity=80, status="cancelled", languages=("sv", "fi")),
]


def _meet_body(m):
    b = {"lang": MAIN_LANG[m.cc], "organiser": org_id(m.cc, m.organiser)}
    if m.net:
        b["network"] = net_id(*m.net)
    b["title"] = dict(m.title)
    if m.theme:
        b["theme"] = dict(m.theme)
    if m.desc:
        b["description"] = dict(m.desc)
    b["start"] = ts(m.tz, m.start)
    b["end"] = ts(m.tz, m.end)
    b["timezone"] = m.tz
    b["mode"] = m.mode
    if m.place:
        b["place"] = m.place
    if m.platform:
        b["platform"] = m.platform
    b["cost"] = m.cost
    if m.currency:
        b["currency"] = m.currency
    if m.reg:
        b["registration"] = {"url": _reg_url(m.cc, m.organiser, m.key),
                             "opens": ts(m.tz, m.reg[0]),
                             "deadline": ts(m.tz, m.reg[1])}
    b["seats_per_organisation"] = m.seats
    if m.capacity:
        b["capacity"] = m.capacity
    b["status"] = m.status
    b["languages"] = list(m.languages)
    return b


# ==== resources ===========================================================
# (cc, key, publisher, network or None, kind, title, summary, path,
#  languages, published, updated or None[, (date, registration deadline)])
# The last only for a training or an event held on a day.

RESOURCES = [
    ("SE", "villkor-norden-2026", "civilsamhalletsriksrad", ("SE", "frivillighet"), "report",
     T(sv="Civilsamhällets villkor i Norden 2026", en="The conditions for civil society in the Nordic countries 2026"),
     T(sv="Rapport som jämför finansiering, regelverk och frivilligt engagemang i de åtta nordiska länderna och självstyrande områdena.",
       en="Report comparing funding, regulation and volunteering in the eight Nordic countries and autonomous territories."),
     "rapporter/villkor-i-norden-2026", ("sv", "en"), "2026-05-04", "2026-06-10"),
    ("SE", "iop-metodstod", "mucf", _NAT, "method",
     T(sv="Metodstöd: så bygger ni ett idéburet offentligt partnerskap", en="Method guide: building an idea-based public partnership (IOP)"),
     T(sv="Steg för steg från behovsanalys till avtal, uppföljning och avslut av ett IOP.",
       en="Step by step from needs analysis to agreement, follow-up and closing of an IOP."),
     "metod/iop", ("sv",), "2025-10-01", "2026-03-15"),
    ("SE", "sprakcafe-modellen", "sprakcafe-goteborg", ("NO", "integrering"), "good_example",
     T(sv="Språkcaféet som mötesplats – erfarenheter från Göteborg", en="The language café as a meeting place: experience from Gothenburg"),
     T(sv="Hur tio bibliotek och hundra volontärer varje vecka möter nyanlända.",
       en="How ten libraries and a hundred volunteers meet newcomers every week."),
     "erfarenheter", ("sv", "en"), "2026-02-20", None),
    ("SE", "webbkurs-overenskommelser", "mucf", _NAT, "training",
     T(sv="Webbkurs: introduktion till lokala överenskommelser", en="Online course: introduction to local compacts"),
     T(sv="Kostnadsfri webbkurs i fyra moduler för tjänstepersoner och föreningsföreträdare.",
       en="Free online course in four modules for municipal officers and association representatives."),
     "utbildning/overenskommelser", ("sv",), "2026-08-15", None),
    # the municipality network's training, with a registration deadline
    ("SE", "utbildning-uppfoljning-2027", "mucf", _NAT, "training",
     T(sv="Nätverksutbildning: så följer ni upp en lokal överenskommelse",
       en="Network training: following up a local compact"),
     T(sv="Digital halvdag via Zoom för nätverkets kommuner, regioner och idéburna organisationer. Kostnadsfri, en eller två personer per organisation; anmälan senast två veckor före.",
       en="Online half day via Zoom for the network's municipalities, regions and non-profit organisations. Free, one or two people per organisation; register at the latest two weeks before."),
     "utbildning/uppfoljning-overenskommelse", ("sv",), "2026-11-02", None,
     ("2027-02-10", "2027-01-27")),
    ("SE", "civilsamhallesdagen-norrbotten-2027", "samverkansradet-norrbotten", None, "event",
     T(sv="Civilsamhällesdagen i Norrbotten 2027", en="Civil Society Day in Norrbotten 2027"),
     T(sv="Heldag i Luleå där kartläggningen av länets civilsamhälle presenteras och kommuner, region och föreningar samtalar om samverkan.",
       en="A day in Luleå presenting the mapping of the county's civil society, with municipalities, the region and associations talking about collaboration."),
     "civilsamhallesdagen-2027", ("sv",), "2026-11-15", None,
     ("2027-03-17", "2027-03-03")),
    ("SE", "frivillig-i-norden-film", "civilsamhalletsriksrad", ("SE", "frivillighet"), "video",
     T(sv="Frivillig i Norden – fem röster", nb="Frivillig i Norden – fem stemmer", en="Volunteering in the Nordic countries: five voices"),
     T(sv="Kortfilm där volontärer från fem länder berättar om sitt engagemang.",
       en="Short film in which volunteers from five countries talk about their commitment."),
     "film/frivillig-i-norden", ("sv", "nb", "da", "en"), "2026-10-01", None),
    ("SE", "checklista-volontarer", "frivilligcentralen-umea", None, "tool",
     T(sv="Checklista för trygg volontärverksamhet", en="Checklist for safe volunteering"),
     T(sv="Checklista om introduktion, försäkring, registerutdrag och uppföljning av volontärer.",
       en="Checklist on induction, insurance, criminal record checks and follow-up of volunteers."),
     "verktyg/checklista", ("sv", "en"), "2024-03-01", "2026-01-20"),
    ("NO", "kartlegging-2026", "inkluderingsforum", ("NO", "integrering"), "report",
     T(nb="Inkludering i frivilligheten – nordisk kartlegging 2026", en="Inclusion in volunteering: a Nordic survey 2026"),
     T(nb="Kartlegging av hvordan frivillige organisasjoner i Norden når innvandrere og flyktninger.",
       en="Survey of how Nordic voluntary organisations reach immigrants and refugees."),
     "rapporter/kartlegging-2026", ("nb", "en"), "2026-09-01", None),
    ("NO", "sprakkafe-handbok", "folkeopplysning-vest", ("NO", "integrering"), "method",
     T(nb="Språkkafémetoden – en håndbok", nn="Språkkafémetoden – ei handbok", en="The language café method: a handbook"),
     T(nb="Praktisk håndbok for å starte og drive språkkafé med frivillige.",
       en="Practical handbook for starting and running a language café with volunteers."),
     "ressurser/sprakkafe", ("nb", "nn", "en"), "2025-04-10", "2026-01-05"),
    ("NO", "samisk-ungdom-film", "saminuorat-guovdageaidnu", ("DK", "ungdomsdeltagelse"), "video",
     T(se="Sámi nuorat ja demokratiija", nb="Samisk ungdom og demokrati", en="Sámi youth and democracy"),
     T(se="Filbma das movt sámi nuorat váikkuhit báikkálaš mearrádusaide.",
       nb="Film om hvordan samisk ungdom påvirker lokale beslutninger.",
       en="Film on how Sámi young people influence local decisions."),
     "filbma/demokratiija", ("se", "nb", "en"), "2026-02-06", None),
    ("NO", "arbeidstrening-kantina", "arbeidsinkludering-trondheim", ("NO", "integrering"), "good_example",
     T(nb="Arbeidstrening i kantina", en="Work training in the canteen"),
     T(nb="Slik har førti deltakere gått fra arbeidstrening til fast jobb på tre år.",
       en="How forty participants went from work training to permanent jobs in three years."),
     "erfaringer/kantina", ("nb",), "2025-11-15", None),
    ("DK", "kursus-inddragelse", "ungdommensdemokratiforum", ("DK", "ungdomsdeltagelse"), "training",
     T(da="Kursus: Sådan inddrager I unge i beslutninger", en="Course: how to involve young people in decisions"),
     T(da="Kursus for foreninger og kommuner om metoder til ungeinddragelse.",
       en="Course for associations and municipalities on methods for involving young people."),
     "kurser/ungeinddragelse", ("da", "en"), "2025-09-01", "2026-08-20",
     ("2026-10-07", "2026-09-23")),
    ("DK", "unge-bliver-paa-oeen", "ungdomsforeningen-aero", ("DK", "ungdomsdeltagelse"), "good_example",
     T(da="Unge bliver på øen", en="Young people staying on the island"),
     T(da="Hvordan Ungdomsforeningen Ærø fik flere unge til at blive boende eller vende hjem.",
       en="How Ungdomsforeningen Ærø got more young people to stay on or come back to the island."),
     "erfaringer", ("da", "en"), "2026-01-15", None),
    ("DK", "vaerktoejskasse-ungeraad", "ungdommensdemokratiforum", ("DK", "ungdomsdeltagelse"), "tool",
     T(da="Værktøjskasse til ungeråd", sv="Verktygslåda för ungdomsråd", en="Toolbox for youth councils"),
     T(da="Skabeloner til dagsordener, valg og dialogmøder med politikere.",
       en="Templates for agendas, elections and dialogue meetings with politicians."),
     "vaerktoejer/ungeraad", ("da", "sv", "nb", "en"), "2024-05-01", "2026-04-01"),
    ("DK", "frivillighed-landsbyer", "landsbyraadet-mors", ("FI", "maaseutu"), "report",
     T(da="Frivillighed i landsbyerne 2025", en="Volunteering in the villages 2025"),
     T(da="Undersøgelse af frivilligt arbejde og borgerforeninger i 40 landsbyer.",
       en="Study of voluntary work and residents' associations in 40 villages."),
     "rapporter/frivillighed-2025", ("da",), "2025-12-01", None),
    ("FI", "lahidemokratia-pohjoismaissa", "kylatjakunnat", ("FI", "maaseutu"), "report",
     T(fi="Lähidemokratia Pohjoismaissa – vertaileva selvitys", sv="Närdemokrati i Norden – en jämförande studie",
       en="Local democracy in the Nordic countries: a comparative study"),
     T(fi="Selvitys kylä- ja alueraatien asemasta viidessä Pohjoismaassa.",
       sv="Studie av by- och områdesrådens ställning i de fem nordiska länderna.",
       en="Study of the role of village and district councils in the five Nordic countries."),
     "julkaisut/lahidemokratia", ("fi", "sv", "en"), "2026-04-15", None),
    ("FI", "osallistuva-budjetointi", "kylatjakunnat", ("FI", "maaseutu"), "method",
     T(fi="Osallistuvan budjetoinnin opas kylille", sv="Guide till medborgarbudget för byar", en="Guide to participatory budgeting for villages"),
     T(fi="Näin kunta ja kylät voivat päättää yhdessä pienistä määrärahoista.",
       sv="Så kan kommunen och byarna tillsammans besluta om små anslag.",
       en="How a municipality and its villages can decide on small budgets together."),
     "julkaisut/osallistuva-budjetointi", ("fi", "sv"), "2025-06-01", "2026-02-10"),
    ("FI", "koordinoinnin-tyokalupakki", "kansalaisareena-oulu", ("SE", "frivillighet"), "tool",
     T(fi="Vapaaehtoistoiminnan koordinoinnin työkalupakki", sv="Verktygslåda för samordning av frivilligverksamhet",
       en="Toolkit for coordinating volunteers"),
     T(fi="Lomakkeet ja ohjeet vapaaehtoisten rekrytointiin, perehdytykseen ja kiittämiseen.",
       en="Forms and guidance for recruiting, inducting and thanking volunteers."),
     "tyokalut", ("fi", "sv", "en"), "2024-11-01", "2026-05-01"),
    ("FI", "foreningens-ekonomi", "foreningsforum-osterbotten", None, "training",
     T(sv="Utbildning: föreningens ekonomi och bidrag", fi="Koulutus: yhdistyksen talous ja avustukset",
       en="Training: association finances and grants"),
     T(sv="Kvällskurs i bokföring, budget och bidragsansökningar för styrelser.",
       en="Evening course in bookkeeping, budgeting and grant applications for boards."),
     "utbildning/ekonomi", ("sv", "fi"), "2026-01-20", None,
     ("2026-02-17", "2026-02-10")),
    ("IS", "stada-jafnrettis-2026", "jafnrettisbandalagid", ("IS", "jafnretti"), "report",
     T(is_="Staða jafnréttis á Norðurlöndum 2026", en="The state of gender equality in the Nordic countries 2026"),
     T(is_="Samantekt um launamun, ofbeldi og þátttöku kvenna í stjórnmálum á Norðurlöndum.",
       en="Overview of the pay gap, violence and women's political participation in the Nordic countries."),
     "skyrslur/stada-jafnrettis-2026", ("is", "en"), "2026-10-24", None),
    ("IS", "kvennafridagurinn-myndband", "raudithradurinn", ("IS", "jafnretti"), "video",
     T(is_="Kvennafrídagurinn – saga og lærdómur", en="The Women's Day Off: history and lessons"),
     T(is_="Stutt heimildarmynd um kvennafrídaginn og áhrif hans á Norðurlöndum.",
       en="Short documentary on the Women's Day Off and its influence in the Nordic countries."),
     "myndbond/kvennafri", ("is", "en"), "2025-10-24", None),
    ("IS", "tungumalakaffi-reynsla", "tungumalakaffi-isafjardar", ("NO", "integrering"), "good_example",
     T(is_="Tungumálakaffi á Ísafirði", en="Language café in Ísafjörður"),
     T(is_="Hvernig sjálfboðaliðar hjálpa innflytjendum að æfa íslensku í litlu bæjarfélagi.",
       en="How volunteers help immigrants practise Icelandic in a small town."),
     "reynsla", ("is", "en", "da"), "2026-03-01", None),
    ("IS", "kynjud-fjarhagsaaetlun", "jafnrettisbandalagid", ("IS", "jafnretti"), "method",
     T(is_="Kynjuð fjárhagsáætlunargerð fyrir félagasamtök", en="Gender budgeting for civil society organisations"),
     T(is_="Aðferð til að greina hvernig fjármunir félagasamtaka nýtast ólíkum hópum.",
       en="A method for analysing how an organisation's money reaches different groups."),
     "adferdir/kynjud-fjarhagsaaetlun", ("is", "en"), "2024-09-01", "2025-09-01"),
    ("GL", "nunaqarfinni-inuusuttut", "inuusuttut-isumaat", ("DK", "ungdomsdeltagelse"), "good_example",
     T(kl="Nunaqarfinni inuusuttut peqataatinneqarnerat", da="Unges deltagelse i bygderne",
       en="Young people's participation in the settlements"),
     T(da="Erfaringer fra ungemøder i fem bygder og hvordan de unges forslag nåede kommunalbestyrelsen.",
       en="Experience from youth meetings in five settlements and how the young people's proposals reached the municipal council."),
     "misilittagaqarneq", ("kl", "da", "en"), "2026-06-21", None),
    ("GL", "kajumissuseq-video", "kajumissuseq-nuuk", ("SE", "frivillighet"), "video",
     T(kl="Nammineq kajumissutsiminik suliaqarneq Nuummi", da="Frivilligt arbejde i Nuuk",
       en="Volunteering in Nuuk"),
     T(da="Kort video om frivillige i Nuuk og hvad de får ud af at hjælpe.",
       en="Short video about volunteers in Nuuk and what they get out of helping."),
     "video", ("kl", "da"), "2026-12-05", None),
    ("FO", "malkaffi-havn", "brugvin", ("NO", "integrering"), "good_example",
     T(fo="Málkaffi í Havn – ein leið inn í samfelagið", da="Sprogcafé i Tórshavn – en vej ind i samfundet",
       en="Language café in Tórshavn: a way into society"),
     T(fo="Royndir frá trimum árum við málkaffi fyri tilflytarar.",
       da="Erfaringer fra tre år med sprogcafé for tilflyttere.",
       en="Experience from three years of a language café for newcomers."),
     "royndir/malkaffi", ("fo", "da", "en"), "2025-08-15", None),
    ("FO", "sjalvbodid-arbeidi-2026", "samtak", ("SE", "frivillighet"), "report",
     T(fo="Sjálvboðið arbeiði í Føroyum 2026", da="Frivilligt arbejde på Færøerne 2026",
       en="Volunteering in the Faroe Islands 2026"),
     T(fo="Kanning av, hvussu nógv og hvat føroyingar arbeiða sjálvboðið.",
       en="Survey of how much and what kind of voluntary work people in the Faroe Islands do."),
     "fragreidingar/sjalvbodid-2026", ("fo", "da", "en"), "2026-11-10", None),
    ("AX", "foreningsteknik-kurs", "alands-ungdomsforbund", ("DK", "ungdomsdeltagelse"), "training",
     T(sv="Kurs i föreningsteknik för unga", fi="Yhdistystoiminnan kurssi nuorille", en="Course in running an association for young people"),
     T(sv="Helgkurs om mötesteknik, styrelsearbete och ekonomi för unga styrelsemedlemmar.",
       fi="Viikonloppukurssi kokoustekniikasta, hallitustyöstä ja taloudesta nuorille hallituksen jäsenille.",
       en="Weekend course on meetings, board work and finances for young board members."),
     "kurser/foreningsteknik", ("sv", "fi"), "2025-09-15", "2026-09-01",
     ("2026-10-17", "2026-10-02")),
    ("AX", "skargardens-framtid", "stiftelsen-havsbandet", ("FI", "maaseutu"), "report",
     T(sv="Skärgårdens framtid – enkät bland bybor", fi="Saariston tulevaisuus – kysely kyläläisille",
       en="The future of the archipelago: a survey of villagers"),
     T(sv="Resultat från en enkät om service, transporter och boende i skärgårdskommunerna.",
       en="Results of a survey on services, transport and housing in the archipelago municipalities."),
     "rapporter/skargardens-framtid", ("sv", "fi", "en"), "2026-03-20", None),
]


def _res_body(r):
    cc, key, pub, net, kind, title, summary, path, langs, published, updated = r[:11]
    held = r[11] if len(r) > 11 else None
    b = {"lang": MAIN_LANG[cc], "kind": kind, "title": dict(title),
         "summary": dict(summary),
         "url": "https://www.%s/%s" % (_domain(org(cc, pub)), path),
         "languages": list(langs), "publisher": org_id(cc, pub)}
    if net:
        b["network"] = net_id(*net)
    b["published"] = published
    if updated:
        b["updated"] = updated
    if held:
        b["date"], b["registration_deadline"] = held
    return b


# ==== collaborations ======================================================
# (cc, organisation key, public body key or None, public body name or None,
#  form, level, area, start, end or None, description[, extra]) where extra
# is {"arena": word, "parties": [(org key or None, name or None, role)]}

# The seeds' named structures (docs/protocol.md, "collaboration"): the
# Agreement (Överenskommelsen) at local, regional and national level, NOD,
# PGF and a ministry's Sakråd; and the Norrbotten mapping, a joint project
# of a region, a county board and a civil-society umbrella.
_OVK = {"arena": "overenskommelsen"}

COLLABORATIONS = [
    ("SE", "sprakcafe-goteborg", "goteborg", None, "iop", "local", "integration",
     "2025-01-01", "2027-12-31", T(
         sv="Idéburet offentligt partnerskap om språkcaféer på tio av stadens bibliotek.",
         en="Idea-based public partnership on language cafés at ten of the city's libraries.")),
    ("SE", "frivilligcentralen-umea", "umea", None, "agreement", "local", "volunteering",
     "2023-04-01", None, T(
         sv="Lokal överenskommelse om samordning av frivilliginsatser och gemensam utbildning av volontärer.",
         en="Local compact on coordinating volunteer efforts and joint training of volunteers."), _OVK),
    ("SE", "saminuorat-giron", "kiruna", None, "consultation", "local", "youth",
     "2024-09-01", None, T(
         sv="Samråd med samiska unga inför kommunens ungdomspolitiska program, enligt minoritetslagen.",
         se="Ráđđádallan sámi nuoraiguin gieldda nuoraidpolitihkalaš prográmma oktavuođas.",
         en="Consultation with Sámi young people on the municipality's youth policy programme, under the minorities act.")),
    ("SE", "civilsamhalletsriksrad", "mucf", None, "dialogue", "national", "democracy",
     "2022-01-01", None, T(
         sv="Regelbunden dialog om civilsamhällets villkor, statsbidrag och uppföljningen av civilsamhällespolitiken.",
         en="Regular dialogue on the conditions for civil society, state grants and the follow-up of civil society policy.")),
    ("SE", "bygdekooperativet-ramsele", None, "Region Västernorrland", "grant", "regional",
     "rural_development", "2026-01-01", "2026-12-31", T(
         sv="Regionalt utvecklingsbidrag till bygdens servicepunkt med paketutlämning och apoteksombud.",
         en="Regional development grant for the village service point with parcel pick-up and pharmacy agent.")),
    ("SE", "returverket", "malmo", None, "iop", "local", "labour_market",
     "2024-02-01", "2026-01-31", T(
         sv="Avslutat IOP om arbetsträning för personer med försörjningsstöd.",
         en="Completed IOP on work training for people receiving social assistance.")),
    ("SE", "ideburensamverkan", None, "Nordiska ministerrådet", "dialogue", "nordic", "democracy",
     "2025-06-01", None, T(
         sv="Dialog om hur nordiska organisationer kan delta i ministerrådets arbete med civilsamhällesfrågor.",
         en="Dialogue on how Nordic organisations can take part in the Council of Ministers' work on civil society.")),
    # what the municipality network's members share experience of: a local
    # compact, an IOP, a consultation and a dialogue with MUCF
    ("SE", "ideburensamverkan", "goteborg", None, "agreement", "local", "democracy",
     "2023-06-01", None, T(
         sv="Lokal överenskommelse mellan staden och de idéburna organisationerna om dialog, samråd och gemensam uppföljning.",
         en="Local compact between the city and the non-profit organisations on dialogue, consultation and joint follow-up."), _OVK),
    ("SE", "frivilligcentralen-umea", "umea", None, "iop", "local", "volunteering",
     "2025-09-01", "2028-08-31", T(
         sv="Idéburet offentligt partnerskap om besöksvänner för äldre som lever ensamma.",
         en="Idea-based public partnership on visiting friends for older people who live alone.")),
    ("SE", "ideburensamverkan", "mucf", None, "consultation", "national", "democracy",
     "2026-02-01", "2026-04-30", T(
         sv="Samråd inför myndighetens uppföljning av civilsamhällespolitiken, med nätverkets erfarenheter av överenskommelser och IOP.",
         en="Consultation ahead of the agency's follow-up of civil society policy, with the network's experience of compacts and IOPs.")),
    ("SE", "kvinnojouren-gavleborg", None, "Gävle kommun", "agreement", "local", "gender_equality",
     "2024-01-01", "2026-12-31", T(
         sv="Överenskommelse om skyddat boende och stödsamtal för våldsutsatta kvinnor och barn.",
         en="Agreement on safe housing and support talks for women and children exposed to violence.")),
    ("SE", "samverkansradet-norrbotten", "regionnorrbotten", None, "agreement", "regional",
     "democracy", "2019-06-01", None, T(
         sv="Regional överenskommelse mellan Region Norrbotten och länets idéburna organisationer om dialog, samråd och gemensamma prioriteringar.",
         en="Regional compact between Region Norrbotten and the county's non-profit organisations on dialogue, consultation and shared priorities."), _OVK),
    ("SE", "civilsamhalletsriksrad", "regeringen", None, "agreement", "national", "social_care",
     "2010-01-01", None, T(
         sv="Part i den nationella överenskommelsen mellan regeringen, idéburna organisationer och Sveriges Kommuner och Regioner.",
         en="Party to the national Agreement between the government, non-profit organisations and the Swedish Association of Local Authorities and Regions."), _OVK),
    ("SE", "ideburensamverkan", "regeringen", None, "dialogue", "national", "democracy",
     "2019-01-01", None, T(
         sv="Ledamot i NOD, det nationella organet för dialog och samråd mellan regeringen och det civila samhället.",
         en="Member of NOD, the national body for dialogue and consultation between the government and civil society."),
     {"arena": "nod"}),
    ("SE", "civilsamhalletsriksrad", "regeringen", None, "dialogue", "national", "volunteering",
     "2023-03-01", None, T(
         sv="Deltar i Partsgemensamt forum (PGF) om frivilligt engagemang och civilsamhällets villkor.",
         en="Takes part in the joint forum (PGF) on volunteering and the conditions for civil society."),
     {"arena": "pgf"}),
    ("SE", "kvinnojouren-gavleborg", "regeringen", None, "consultation", "national", "gender_equality",
     "2025-03-01", None, T(
         sv="Inbjuden till departementets sakråd om arbetet mot mäns våld mot kvinnor.",
         en="Invited to the ministry's Sakråd on the work against men's violence against women."),
     {"arena": "sakrad"}),
    # the mapping itself: recorded by the umbrella, commissioned by the
    # region, with the county board as a further public party
    ("SE", "samverkansradet-norrbotten", "regionnorrbotten", None, "other", "regional",
     "democracy", "2026-01-15", "2027-06-30", T(
         sv="Kartläggning av civilsamhället i Norrbotten: omkring 6 000 organisationer efter typ och efter de tolv verksamhetsområdena, med en kontaktväg till var och en, och vilka av dem som samverkar med offentlig sektor, hur och i vilka nätverk.",
         en="Mapping of civil society in Norrbotten: some 6,000 organisations by type and by the twelve areas of activity, with a way to contact each, and which of them collaborate with the public sector, how and in which networks."),
     {"parties": [("lansstyrelsen-norrbotten", None, "public_body")]}),
    ("SE", "tornedalsscenen", "kiruna", None, "agreement", "local", "culture",
     "2025-04-01", "2027-03-31", T(
         sv="Gemensam överenskommelse om en årlig kulturvecka på meänkieli, samiska och finska i Kiruna och Pajala.",
         se="Oktasaš šiehtadus jahkásaš kulturvahku birra meänkielas, sámegillii ja suomagillii.",
         en="Joint agreement on a yearly culture week in Meänkieli, Sámi and Finnish in Kiruna and Pajala."),
     {"parties": [("saminuorat-giron", None, "civil_society"),
                  (None, "Pajala kommun", "public_body")]}),
    ("NO", "frivilligsentralen-tromso", "tromso", None, "agreement", "local", "volunteering",
     "2022-01-01", None, T(
         nb="Samarbeidsavtale om frivillighetspolitikk, lokaler og besøkstjeneste.",
         en="Cooperation agreement on volunteering policy, premises and the visiting service.")),
    ("NO", "saminuorat-guovdageaidnu", "kautokeino", None, "consultation", "local", "youth",
     "2025-03-01", None, T(
         se="Ráđđádallan nuoraid oassálastima birra gieldda plánabarggus.",
         nb="Konsultasjoner om ungdomsmedvirkning i kommunens planarbeid.",
         en="Consultations on youth participation in the municipality's planning.")),
    ("NO", "inkluderingsforum", "imdi", None, "grant", "national", "integration",
     "2026-01-01", "2026-12-31", T(
         nb="Driftstilskudd til nasjonalt arbeid med inkludering i frivilligheten.",
         en="Operating grant for national work on inclusion in volunteering.")),
    ("NO", "bygdeutvikling-helgeland", None, "Nordland fylkeskommune", "grant", "regional",
     "rural_development", "2025-01-01", "2027-12-31", T(
         nb="Tilskudd til fellestjenester for små bedrifter i distriktene på Helgeland.",
         en="Grant for shared services for small businesses in rural Helgeland.")),
    ("NO", "sprakkafeen-drammen", None, "Drammen kommune", "other", "local", "integration",
     "2021-09-01", None, T(
         nb="Gratis bruk av lokaler på biblioteket og hjelp til markedsføring.",
         en="Free use of library premises and help with promotion.")),
    ("NO", "ungestemmer-bodo", "statsforvalteren-nordland", None, "dialogue", "regional", "democracy",
     "2026-02-01", None, T(
         nb="Dialogmøter om ungdomsråd og ungdomsmedvirkning i kommunene i Nordland.",
         en="Dialogue meetings on youth councils and youth participation in Nordland's municipalities.")),
    ("NO", "inkluderingsforum", None, "Nordens välfärdscenter", "dialogue", "nordic", "integration",
     "2024-09-01", None, T(
         nb="Nordisk dialog om kunnskap og metoder for inkludering av nyankomne.",
         en="Nordic dialogue on knowledge and methods for including newcomers.")),
    ("DK", "ungdomsforeningen-aero", "aeroekommune", None, "agreement", "local", "youth",
     "2024-01-01", None, T(
         da="Partnerskabsaftale om ungemiljøer og fritidstilbud på øen.",
         en="Partnership agreement on youth spaces and leisure activities on the island.")),
    ("DK", "frivilligcenter-aarhus-vest", "aarhus", None, "agreement", "local", "volunteering",
     "2023-01-01", None, T(
         da="Driftsaftale om frivilligformidling og rådgivning af foreninger.",
         en="Operating agreement on volunteer matching and advice to associations.")),
    ("DK", "ungdommensdemokratiforum", None, "Børne- og Undervisningsministeriet", "consultation",
     "national", "youth", "2025-09-01", None, T(
         da="Høringssvar og dialog om unges demokratiske dannelse i uddannelserne.",
         en="Consultation responses and dialogue on young people's democratic education.")),
    ("DK", "nyenaboer-ishoj", "siri", None, "grant", "national", "integration",
     "2026-01-01", "2027-06-30", T(
         da="Puljemidler til mentorforløb for nye borgere.",
         en="Grant for mentoring programmes for new residents.")),
    ("DK", "landsbyraadet-mors", None, "Morsø Kommune", "dialogue", "local", "rural_development",
     "2019-05-01", None, T(
         da="Faste dialogmøder mellem landsbyrådet og kommunalbestyrelsen.",
         en="Regular dialogue meetings between the village council and the municipal council.")),
    ("DK", "hjertelunge-nord", "rn", None, "consultation", "regional", "health_care",
     "2025-01-01", None, T(
         da="Patientinddragelse i planlægningen af hjerterehabilitering.",
         en="Patient involvement in planning cardiac rehabilitation.")),
    ("FI", "kansalaisareena-oulu", "ouka", None, "agreement", "local", "volunteering",
     "2024-01-01", None, T(
         fi="Kumppanuussopimus vapaaehtoistoiminnan koordinoinnista ja koulutuksesta.",
         sv="Partnerskapsavtal om samordning och utbildning av frivilliga.",
         en="Partnership agreement on coordinating and training volunteers.")),
    ("FI", "kylatjakunnat", "oikeusministerio", None, "dialogue", "national", "democracy",
     "2023-03-01", None, T(
         fi="Säännöllinen vuoropuhelu lähidemokratian kehittämisestä ja kuntien osallisuuskeinoista.",
         sv="Regelbunden dialog om utveckling av närdemokratin och kommunernas metoder för delaktighet.",
         en="Regular dialogue on developing local democracy and municipalities' ways of involving residents.")),
    ("FI", "kylamarkkinat-kuhmo", "kuhmo", None, "agreement", "local", "rural_development",
     "2025-05-01", None, T(
         fi="Sopimus kylien palvelupisteistä ja lähiruoan jakelusta.",
         en="Agreement on village service points and local food distribution.")),
    ("FI", "anara-saminuorat", "inari", None, "consultation", "local", "youth",
     "2024-10-01", None, T(
         se="Ráđđádallan sámi nuoraiguin gieldda nuoraidbálvalusaid birra.",
         fi="Saamelaisnuorten kuuleminen kunnan nuorisopalveluista.",
         en="Consultation with Sámi young people on the municipality's youth services.")),
    ("FI", "vasa-integrationsnatverk", "vaasa", None, "grant", "local", "integration",
     "2026-01-01", "2026-12-31", T(
         sv="Verksamhetsbidrag för språkcaféer och mentorskap.",
         fi="Toiminta-avustus kielikahviloihin ja mentorointiin.",
         en="Operating grant for language cafés and mentoring.")),
    ("FI", "liikkuvakyla", None, "Kainuun hyvinvointialue", "agreement", "regional", "public_health",
     "2023-01-01", None, T(
         fi="Yhteistyösopimus terveyspäivistä ja liikuntaneuvonnasta syrjäkylissä.",
         en="Cooperation agreement on health days and exercise counselling in remote villages.")),
    ("IS", "raudithradurinn", "akureyri", None, "agreement", "local", "gender_equality",
     "2025-01-01", None, T(
         is_="Samstarfssamningur um jafnréttisfræðslu í grunnskólum bæjarins.",
         en="Cooperation agreement on equality education in the town's schools.")),
    ("IS", "jafnrettisbandalagid", "stjornarradid", None, "consultation", "national", "gender_equality",
     "2024-06-19", None, T(
         is_="Samráð um framkvæmdaáætlun í jafnréttismálum.",
         en="Consultation on the national gender equality action plan.")),
    ("IS", "tungumalakaffi-isafjardar", "mcc", None, "grant", "regional", "integration",
     "2026-01-01", "2026-12-31", T(
         is_="Styrkur til tungumálakaffis og íslenskuaðstoðar á Vestfjörðum.",
         en="Grant for the language café and Icelandic support in the Westfjords.")),
    ("IS", "sjalfbodamidstod", "reykjavik", None, "agreement", "local", "volunteering",
     "2023-09-01", None, T(
         is_="Þjónustusamningur um miðlun sjálfboðaliða og fræðslu.",
         en="Service agreement on volunteer matching and training.")),
    ("IS", "bruin", None, "Reykjanesbær", "dialogue", "local", "integration",
     "2024-03-01", None, T(
         is_="Reglulegir fundir með bænum um þjónustu við innflytjendur.",
         en="Regular meetings with the town about services for immigrants.")),
    ("GL", "kalaallit-peqatigiiffiat", "sermersooq", None, "agreement", "local", "culture",
     "2024-01-01", None, T(
         kl="Kommunimik isumaqatigiissut kulturikkut sammisassat pillugit.",
         da="Aftale med kommunen om kulturaktiviteter og lokaler.",
         en="Agreement with the municipality on cultural activities and premises.")),
    ("GL", "inuusuttut-sisimiut", "qeqqata", None, "consultation", "local", "youth",
     "2025-02-01", None, T(
         da="Høring af unge om kommunens fritidspolitik.",
         en="Consultation of young people on the municipality's leisure policy.")),
    ("GL", "nunaqarfiit-kattuffiat", "naalakkersuisut", None, "dialogue", "national",
     "rural_development", "2023-06-21", None, T(
         kl="Nunaqarfiit pillugit Naalakkersuisunik oqaloqatigiinneq.",
         da="Dialog med Naalakkersuisut om bygdernes forsyning og service.",
         en="Dialogue with the Government of Greenland on supplies and services in the settlements.")),
    ("GL", "peqqissuseq-maniitsoq", "paarisa", None, "grant", "national", "public_health",
     "2026-01-01", "2026-12-31", T(
         da="Tilskud til forebyggende aktiviteter for børn og unge.",
         en="Grant for prevention activities for children and young people.")),
    ("GL", "atoqqiineq-qaqortoq", "kujalleq", None, "agreement", "local", "labour_market",
     "2025-08-01", None, T(
         da="Aftale om jobtræning for ledige borgere i genbrugsværkstedet.",
         en="Agreement on job training for unemployed residents at the reuse workshop.")),
    ("FO", "foroya-sjalvbodin", "torshavn", None, "agreement", "local", "volunteering",
     "2023-01-01", None, T(
         fo="Samstarvsavtala um sjálvboðið arbeiði og hølir.",
         da="Samarbejdsaftale om frivilligt arbejde og lokaler.",
         en="Cooperation agreement on volunteering and premises.")),
    ("FO", "samtak", "landsstyrid", None, "dialogue", "national", "democracy",
     "2024-04-01", None, T(
         fo="Regluligur samráðsfundur um korini hjá felagsskapunum.",
         da="Faste dialogmøder om foreningernes vilkår.",
         en="Regular dialogue meetings on the conditions for associations.")),
    ("FO", "brugvin", "almannaverkid", None, "grant", "national", "integration",
     "2026-01-01", "2026-12-31", T(
         fo="Stuðul til mentorskipan fyri tilflytarar.",
         da="Tilskud til mentorordning for tilflyttere.",
         en="Grant for a mentoring scheme for newcomers.")),
    ("FO", "ungdomsfelagid-klaksvik", "klaksvik", None, "consultation", "local", "youth",
     "2025-09-01", None, T(
         fo="Ung verða hoyrd um nýggja ungdómshúsið í Klaksvík.",
         da="Høring af unge om det nye ungdomshus i Klaksvík.",
         en="Consultation of young people on the new youth house in Klaksvík.")),
    ("FO", "folkahaskulin-suduroy", None, "Tvøroyrar kommuna", "other", "local", "education",
     "2022-08-01", None, T(
         fo="Kommunan lænir skúlanum hølir til skeið um summarið.",
         da="Kommunen låner skolen lokaler til sommerkurser.",
         en="The municipality lends the school premises for summer courses.")),
    ("AX", "alands-ungdomsforbund", "regeringen", None, "grant", "regional", "youth",
     "2026-01-01", "2026-12-31", T(
         sv="Verksamhetsbidrag för ungdomsarbete och läger.",
         fi="Toiminta-avustus nuorisotyöhön ja leireihin.",
         en="Operating grant for youth work and camps.")),
    ("AX", "frivilligcentralen-aland", "mariehamn", None, "agreement", "local", "volunteering",
     "2022-06-01", None, T(
         sv="Överenskommelse om frivilligsamordning och lokaler i stadshuset.",
         en="Agreement on volunteer coordination and premises in the town hall.")),
    ("AX", "foreningsradet", "lagtinget", None, "consultation", "regional", "democracy",
     "2025-02-01", None, T(
         sv="Remissvar och hörande i lagtingets kulturutskott om föreningslagstiftningen.",
         en="Consultation responses and hearings in the parliament's committee on legislation for associations.")),
    ("AX", "stiftelsen-havsbandet", "kokar", None, "dialogue", "local", "environment",
     "2024-05-01", None, T(
         sv="Dialog om strandstädning och skydd av fågelskär.",
         en="Dialogue on beach clean-ups and protection of bird islets.")),
    ("AX", "nya-alanningar", None, "Ålands arbetsmarknads- och studieservicemyndighet", "agreement",
     "regional", "integration", "2025-01-01", None, T(
         sv="Samarbetsavtal om mentorskap och praktikplatser för inflyttade.",
         en="Cooperation agreement on mentoring and work placements for newcomers.")),
]


def _collab_body(c):
    cc, okey, pb, pbname, form, level, area, start, end, desc = c[:10]
    extra = c[10] if len(c) > 10 else {}
    b = {"lang": MAIN_LANG[cc], "organisation": org_id(cc, okey)}
    if pb:
        b["public_body"] = org_id(cc, pb)
    if pbname:
        b["public_body_name"] = pbname
    if extra.get("parties"):
        b["parties"] = []
        for pkey, pname, role in extra["parties"]:
            p = {"organisation": org_id(cc, pkey)} if pkey else {"name": pname}
            p["role"] = role
            b["parties"].append(p)
    b.update({"form": form, "level": level, "area": area, "start": start})
    if extra.get("arena"):
        b["arena"] = extra["arena"]
    if end:
        b["end"] = end
    b["description"] = dict(desc)
    return b


# ==== named contact persons (home node only, never replicated) ============

PERSON_NAMES = {
    "SE": ["Anna Lindqvist", "Erik Sjöberg", "Fatima Hassan", "Johan Åkerlund",
           "Karin Nyström", "Mikael Öberg", "Sara Ekström", "Nils Holm",
           "Elin Lundgren", "Ahmed Warsame", "Ingrid Berg", "Oskar Strand"],
    "NO": ["Kari Haugen", "Håkon Strøm", "Amina Yusuf", "Sigrid Løvås",
           "Øystein Nygård", "Marte Dahl", "Anders Sørensen", "Solveig Bakke",
           "Magnus Eide", "Inga Márjá Sara", "Bjørn Aas", "Tone Vik"],
    "DK": ["Mette Kjær", "Søren Østergaard", "Line Bæk", "Rasmus Møller",
           "Freja Holm", "Mads Jensen", "Camilla Nørgaard", "Jens Thygesen",
           "Sofie Dam", "Yasmin Ali", "Lars Søndergaard", "Ida Friis"],
    "FI": ["Aino Virtanen", "Mikko Mäkinen", "Laura Hämäläinen", "Juha Järvinen",
           "Hanna Korhonen", "Johanna Granholm", "Ville Lehtonen", "Sanna Heikkinen",
           "Antti Näsänen", "Emilia Björklund", "Ristenrávdná Magga", "Jukka Rönkkö"],
    "IS": ["Guðrún Jónsdóttir", "Jón Þórsson", "Sigríður Ólafsdóttir", "Einar Sigurðsson",
           "Helga Þorsteinsdóttir", "Kristján Magnússon", "Þórdís Einarsdóttir",
           "Ólafur Guðmundsson", "Ragnheiður Árnadóttir", "Anna Kowalska",
           "Björn Hallgrímsson", "Ásdís Pálsdóttir"],
    "GL": ["Aviaja Lynge", "Malik Kleist", "Pipaluk Olsen", "Inuk Heilmann",
           "Najaaraq Berthelsen", "Kaali Rosing", "Arnannguaq Kreutzmann",
           "Hans Kristiansen", "Paninnguaq Jeremiassen", "Nivi Petersen",
           "Ane Marie Fleischer", "Rosa Santos"],
    "FO": ["Rógvi Joensen", "Sunnvá Hansen", "Jógvan Poulsen", "Beinta Jacobsen",
           "Hallur Olsen", "Rannvá Dam", "Símun Petersen", "Marjun Johannesen",
           "Heðin Nielsen", "Guðrið Mikkelsen", "Óli Djurhuus", "Ása Lamhauge"],
    "AX": ["Johanna Eriksson", "Mikael Karlsson", "Sofia Mattsson", "Anders Sundblom",
           "Emma Lindholm", "Jonas Jansson", "Linda Holmström", "Patrik Söderlund",
           "Elin Fagerholm", "Tiina Nieminen", "Marcus Dahlén", "Frida Sjölund"],
}

PERSON_ROLES = {
    "sv": ["Ordförande", "Verksamhetsledare", "Samordnare"],
    "nb": ["Styreleder", "Daglig leder", "Koordinator"],
    "nn": ["Styreleiar", "Dagleg leiar", "Koordinator"],
    "da": ["Formand", "Sekretariatsleder", "Koordinator"],
    "fi": ["Puheenjohtaja", "Toiminnanjohtaja", "Koordinaattori"],
    "is": ["Formaður", "Framkvæmdastjóri", "Verkefnastjóri"],
    "kl": ["Siulittaasoq", "Pisortaq", "Suliniummut aqutsisoq"],
    "fo": ["Formaður", "Stjóri", "Samskipari"],
    "se": ["Ságadoalli", "Jođiheaddji", "Koordináhtor"],
}
PUBLIC_ROLE = {
    "SE": "Utvecklingsledare för civilsamhällesfrågor", "NO": "Rådgiver for frivillighet",
    "DK": "Frivillighedskonsulent", "FI": "Järjestöyhteistyön erityisasiantuntija",
    "IS": "Sérfræðingur í samstarfi við félagasamtök", "GL": "Konsulent for foreningsliv",
    "FO": "Ráðgevi fyri felagsskapir", "AX": "Föreningssamordnare",
}


def persons(country):
    """Named contact persons of country's organisations: local data only.
    The first contact of a lead organisation, and of every other listed
    one, consented to be shown publicly (public, with the date); the
    others are read only by the node's operator."""
    cc = country.upper()
    if cc not in ALL_COUNTRIES:
        raise ValueError("unknown country %r" % country)
    leads = {n.lead for n in NETWORKS if n.cc == cc}
    names = PERSON_NAMES[cc]
    out, k = [], 0
    for i, o in enumerate(ORGS[cc]):
        count = 2 if o.key in leads else 1 if i % 3 == 0 else 0
        for j in range(count):
            name = names[k % len(names)]
            k += 1
            lang = o.lang or MAIN_LANG[cc]
            role = PUBLIC_ROLE[cc] if o.public else \
                PERSON_ROLES.get(lang, PERSON_ROLES[MAIN_LANG[cc]])[(i + j) % 3]
            first, last = name.split(" ", 1)
            local = "%s.%s" % (slug(first).replace("-", ""), slug(last).replace("-", ""))
            p = {"name": name, "role": role,
                 "email": "%s@%s" % (local, _domain(o)),
                 "phone": phone(cc, "%s/%s" % (o.key, name), mobile=True)}
            if j == 0 and (o.key in leads or i % 2 == 0):
                p["public"] = True
                p["public_consent"] = "2024-%02d-%02d" % (1 + i % 12, 1 + k % 28)
            out.append((o.id, p))
    return out


# ==== records ============================================================

def records(country):
    """All sample records owned by country, in dependency order:
    [(type, id, body)], the same every call (fresh objects each time)."""
    cc = country.upper()
    if cc not in ALL_COUNTRIES:
        raise ValueError("unknown country %r" % country)
    out = []
    for o in ORGS[cc]:
        out.append(("organisation", o.id, _org_body(o)))
    for n in NETWORKS:
        if n.cc == cc:
            out.append(("network", n.id, _net_body(n)))
    for n in NETWORKS:
        if n.cc == cc:
            for mid, body in _mem_bodies(n):
                out.append(("membership", mid, body))
    for r in REQUESTS:
        if r[0] == cc:
            out.append(("membership_request", mreq_id(cc, r[1]), _mreq_body(r)))
    for m in MEETINGS:
        if m.cc == cc:
            out.append(("meeting", make_id(cc, "meet", m.key), _meet_body(m)))
    for r in RESOURCES:
        if r[0] == cc:
            out.append(("resource", make_id(cc, "res", r[1]), _res_body(r)))
    for c in COLLABORATIONS:
        if c[0] == cc:
            key = "%s|%s|%s|%s" % (c[1], c[2] or c[3], c[4], c[7])
            out.append(("collaboration", make_id(cc, "collab", key), _collab_body(c)))
    return copy.deepcopy(out)


def all_records():
    return [(cc, t, i, b) for cc in ALL_COUNTRIES for t, i, b in records(cc)]


if __name__ == "__main__":
    import json
    import sys
    for cc in sys.argv[1:] or ALL_COUNTRIES:
        for t, i, b in records(cc):
            print(json.dumps({"type": t, "id": i, "body": b}, ensure_ascii=False))
