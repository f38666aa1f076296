"""The record schema (protocol/record_schema.c) as the node serves it, and
the readers that take it from there instead of keeping a copy."""
import json
import os
import subprocess
import sys

import harness


def printed_schema():
    """nordfed-node --schema: the same document, without a running node."""
    out = subprocess.run([harness.NODE_BIN, "--schema"], check=True,
                         capture_output=True, text=True).stdout
    return json.loads(out)


def test_schema_served(node):
    s, h, doc = node.get("/api/v1/schema")
    assert s == 200 and h["Content-Type"].startswith("application/json")
    assert doc == printed_schema()
    assert set(doc["types"]) == {"organisation", "network", "membership",
                                 "membership_request", "meeting", "resource",
                                 "collaboration", "key"}
    org = {f["name"]: f for f in doc["types"]["organisation"]["fields"]}
    assert org["classification"] == {
        "name": "classification", "type": "enum", "required": True,
        "vocabulary": "classification", "index": ["classification"]}
    assert org["name"]["index"] == ["name"] and org["name"]["max_bytes"] == 300
    meet = {f["name"]: f for f in doc["types"]["meeting"]["fields"]}
    assert meet["organiser"]["references"] == "organisation"
    assert meet["organiser"]["owned"] is True
    assert meet["join_url"]["type"] == "private"
    assert doc["types"]["membership"]["searchable"] is False
    assert doc["types"]["meeting"]["searchable"] is True


def test_schema_words_are_the_ones_written(node):
    """Every served classification is accepted by a write, and a word
    outside the served list is refused with that list in the detail."""
    doc = node.get("/api/v1/schema")[2]
    words = doc["vocabularies"]["classification"]
    assert "social_enterprise" in words
    for w in words:
        b = node.post("organisations", {"name": f"Schema {w}",
                                        "classification": w,
                                        "country": "SE"})
        assert b["body"]["classification"] == w
    s, _, b = node.call("POST", "/api/v1/organisations",
                        {"name": "Schema club", "classification": "club",
                         "country": "SE"})
    assert s == 422 and b["code"] == "bad_value", b
    assert b["field"] == "/classification"
    listed = b["detail"].split("must be one of: ", 1)[1].split(", ")
    # the message is bounded: the words it lists are the schema's, in order
    assert len(listed) >= 3
    assert listed[:-1] == words[:len(listed) - 1]
    assert words[len(listed) - 1].startswith(listed[-1])


def test_sample_data_follows_the_schema():
    """tests/sample/test_sample.py validates the sample data set against
    the schema the node prints (no copy of the vocabularies of its own)."""
    r = subprocess.run([sys.executable, os.path.join(
        harness.ROOT, "tests", "sample", "test_sample.py")],
        capture_output=True, text=True,
        env=dict(os.environ, BUILD=os.path.relpath(harness.BUILD,
                                                   harness.ROOT)))
    assert r.returncode == 0, r.stdout + r.stderr
    assert r.stdout.strip().startswith("sample: ") and "records ok" in r.stdout


def test_csv_columns_follow_the_schema(node):
    """nordfedctl's CSV columns (export writes them, import reads them):
    every plain column is a field of the organisation (or of its contact),
    then one description_<lang> per language tag and one
    identifier_<scheme> per identifier scheme of the schema."""
    doc = node.get("/api/v1/schema")[2]
    node.post("organisations", {"name": "Kolumnföreningen",
                                "classification": "association",
                                "country": "SE",
                                "description": {"sv": "Om kolumner"}})
    r = subprocess.run([harness.CTL_BIN, "export", "--format", "csv",
                        "--country", "SE", "--url", node.url],
                       capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    header = r.stdout.splitlines()[0].split(",")
    org = {f["name"]: f for f in doc["types"]["organisation"]["fields"]}
    contact = {f["name"] for f in org["contact"]["fields"]}
    langs = doc["vocabularies"]["lang"]
    schemes = doc["vocabularies"]["identifier_scheme"]
    n = len(header) - len(langs) - len(schemes)
    plain = header[:n]
    assert plain[0] == "id"
    for col in plain[1:]:
        assert col in org or col in contact, col
    assert header[n:n + len(langs)] == [f"description_{t}" for t in langs]
    assert header[n + len(langs):] == [f"identifier_{s}" for s in schemes]
    assert org["description"]["type"] == "text"
    assert {f["name"] for f in org["identifiers"]["fields"]} == {
        "scheme", "identifier"}
    row = r.stdout.splitlines()[1].split(",")
    assert row[header.index("description_sv")] == "Om kolumner"
