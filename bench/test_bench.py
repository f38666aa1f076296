#!/usr/bin/env python3
"""Tests of the benchmark's own logic (run by tests/tiers/60-bench-quick.sh
before the quick form): the catch-up reference really decodes, verifies
and stores, and refuses what does not verify; a stand-in never meets a
goal in the full run; the peers table's ratios and goal.

    BUILD=build python3 bench/test_bench.py

Ends with "bench-tests: N passed, N failed". Standard library only.
"""
import argparse
import json
import os
import sqlite3
import subprocess
import sys
import tempfile
import unittest

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "bench"))
import bench  # noqa: E402

REF = os.path.join(ROOT, os.environ.get("BUILD", "build"), "bench",
                   "ref_pipeline")
with open(os.path.join(ROOT, "tests", "vectors", "entries",
                       "entries.json")) as _f:
    VECTORS = json.load(_f)
CASES = {c["name"]: c for c in VECTORS["cases"]}
PK = VECTORS["keys"]["SE"]
CHAIN = ["first entry of a log", "second entry chains to the first",
         "delete carries no body"]


class RefPipeline(unittest.TestCase):
    """bench/ref_pipeline on the golden entry vectors."""

    def setUp(self):
        self.tmp = tempfile.mkdtemp(prefix="nordfed-bench-test-")

    def tearDown(self):
        subprocess.run(["rm", "-rf", self.tmp], check=False)

    def run_ref(self, names, *extra, dest="log.db"):
        wire = os.path.join(self.tmp, "wire.jsonl")
        with open(wire, "w") as f:
            for n in names:
                f.write(CASES[n]["input"] + "\n")
        return subprocess.run([REF, wire, PK, os.path.join(self.tmp, dest)]
                              + list(extra), capture_output=True, text=True,
                              timeout=60)

    def test_stores_header_body_hash_of_each_entry(self):
        r = self.run_ref(CHAIN, "--batch", "2")
        self.assertEqual(r.returncode, 0, r.stderr)
        out = json.loads(r.stdout)
        self.assertEqual(out["entries"], 3)
        self.assertEqual(out["batch"], 2)
        db = sqlite3.connect(os.path.join(self.tmp, "log.db"))
        rows = db.execute("SELECT origin, seq, header, body, hex(hash) "
                          "FROM log ORDER BY seq").fetchall()
        self.assertEqual(db.execute("PRAGMA journal_mode").fetchone()[0],
                         "wal")
        db.close()
        self.assertEqual([r[:2] for r in rows],
                         [("SE", 1), ("SE", 2), ("SE", 3)])
        for row, name in zip(rows, CHAIN):
            case = CASES[name]
            self.assertEqual(row[2], case["header"])
            self.assertEqual(row[4].lower(), case["hash"])
            wire = json.loads(case["input"])
            if "body" in wire:
                self.assertEqual(json.loads(row[3]), wire["body"])
                # the stored bytes are the wire's canonical body
                self.assertIn('"body":' + row[3] + ',"body_hash"',
                              case["input"])
            else:
                self.assertIsNone(row[3])

    def test_refuses_a_tampered_body(self):
        r = self.run_ref(["tampered body"])
        self.assertNotEqual(r.returncode, 0)
        self.assertIn("body_hash_mismatch", r.stderr)

    def test_refuses_a_bad_signature(self):
        r = self.run_ref(["tampered signature"])
        self.assertNotEqual(r.returncode, 0)
        self.assertIn("rejected", r.stderr)

    def test_refuses_a_broken_chain(self):
        r = self.run_ref(["first entry of a log", "delete carries no body"])
        self.assertNotEqual(r.returncode, 0)
        self.assertIn("entry 2", r.stderr)

    def test_bad_arguments_change_nothing(self):
        for extra in (["--batch", "0"], ["--batch", "x"], ["--nope"]):
            r = self.run_ref(CHAIN, *extra)
            self.assertEqual(r.returncode, 2, extra)
            self.assertFalse(os.path.exists(os.path.join(self.tmp,
                                                         "log.db")))
        open(os.path.join(self.tmp, "old.db"), "w").close()
        r = self.run_ref(CHAIN, dest="old.db")
        self.assertEqual(r.returncode, 2)
        self.assertEqual(os.path.getsize(os.path.join(self.tmp, "old.db")),
                         0)
        r = subprocess.run([REF, "/nonexistent/wire", PK,
                            os.path.join(self.tmp, "x.db")],
                           capture_output=True, text=True, timeout=60)
        self.assertEqual(r.returncode, 2)
        r = subprocess.run([REF, os.devnull, "not-a-key",
                            os.path.join(self.tmp, "x.db")],
                           capture_output=True, text=True, timeout=60)
        self.assertEqual(r.returncode, 2)


def fake_bench(quick):
    b = bench.Bench.__new__(bench.Bench)
    b.a = argparse.Namespace(quick=quick)
    b.figures = {}
    return b


class Statuses(unittest.TestCase):
    """A stand-in reference or load generator never meets a goal in the
    full run, and is labelled a stand-in in the quick form."""

    def read(self, quick, stand_in):
        b = fake_bench(quick)
        b.figure("read", value=100.0, unit="req/s", reference=50.0,
                 ref_name="python http.server", ratio=2.0, goal=">= 0.6",
                 met=True, stand_in=stand_in)
        return b.figures["read"]

    def test_full_run_without_nginx_has_no_reference(self):
        f = self.read(False, bench.stand_in_note(["nginx"], False))
        self.assertEqual(f["status"], "no reference")
        self.assertIsNone(f["ratio"])
        self.assertIsNone(f["reference"])
        self.assertIsNone(f["met"])
        self.assertIn("nginx not installed", f["ref_name"])
        table = bench.render({"read": f}, {})
        self.assertIn("no reference", table)
        self.assertNotIn(" yes", table)

    def test_full_run_without_wrk_has_no_reference(self):
        f = self.read(False, bench.stand_in_note(["wrk"], False))
        self.assertEqual(f["status"], "no reference")
        self.assertIsNone(f["met"])

    def test_quick_form_labels_the_stand_in(self):
        f = self.read(True, bench.stand_in_note(["nginx", "wrk"], True))
        self.assertEqual(f["status"], "stand-in")
        self.assertEqual(f["ratio"], 2.0)
        self.assertIsNone(f["met"])
        table = bench.render({"read": f}, {})
        self.assertIn("(stand-in)", table)
        self.assertIn("python http.server stood in", table)

    def test_real_tools_meet_or_miss(self):
        for met, status in ((True, "yes"), (False, "NO")):
            b = fake_bench(False)
            b.figure("read", value=1.0, unit="req/s", reference=1.0,
                     ratio=1.0, goal=">= 0.6", met=met, stand_in=None)
            self.assertEqual(b.figures["read"]["status"], status)

    def test_informative_line_meets_nothing(self):
        b = fake_bench(False)
        b.figure("catch-up vs store apply path", value=1.0, unit="/s",
                 reference=2.0, ratio=0.5, goal="-", info=True)
        self.assertEqual(b.figures["catch-up vs store apply path"]["status"],
                         "info")


class PeerTable(unittest.TestCase):
    def res(self):
        return {
            "nordfed": {"catchup": {"value": 9000.0, "records": 100000},
                        "replica": {"p50": 5.0, "p99": 20.0},
                        "get": {"value": 30000.0, "stand_in": None},
                        "rss_mb": {"value": 20.0}},
            "pouchdb-memory": {"catchup": {"value": 4000.0},
                               "replica": {"p50": 25.0, "p99": 50.0},
                               "get": {"value": 1000.0, "stand_in": None},
                               "rss_mb": {"value": 120.0}},
            "pouchdb-leveldb": {"catchup": {"value": 2000.0},
                                "get": {"value": 900.0, "stand_in": None}},
            "postgresql": {"not_installed": "not installed: no pgbench"},
        }

    def test_ratios_and_goal_against_the_faster_pouchdb(self):
        rows, text = bench.peer_table(self.res(), quick=False)
        c = rows[0]
        self.assertEqual(c["key"], "catchup.value")
        self.assertAlmostEqual(c["peers"]["pouchdb-memory"]["ratio"], 2.25)
        self.assertAlmostEqual(c["peers"]["pouchdb-leveldb"]["ratio"], 4.5)
        self.assertAlmostEqual(c["ratio_to_pouchdb"], 2.25)
        self.assertEqual(c["status"], "NO")
        self.assertIsNone(c["peers"]["postgresql"]["ratio"])
        self.assertIn("not installed", text)
        self.assertIn("100,000 records", text)

    def test_goal_met(self):
        r = self.res()
        r["nordfed"]["catchup"]["value"] = 12000.0
        rows, _ = bench.peer_table(r, quick=False)
        self.assertEqual(rows[0]["status"], "yes")

    def test_no_pouchdb_no_reference(self):
        r = self.res()
        del r["pouchdb-memory"], r["pouchdb-leveldb"]
        rows, _ = bench.peer_table(r, quick=False)
        self.assertEqual(rows[0]["status"], "no reference")

    def test_stand_in_load_gives_no_ratio_in_the_full_run(self):
        r = self.res()
        r["nordfed"]["get"]["stand_in"] = bench.stand_in_note(["wrk"],
                                                               False)
        for quick, want in ((False, None), (True, 30.0)):
            rows, text = bench.peer_table(r, quick=quick)
            get = next(x for x in rows if x["key"] == "get.value")
            self.assertEqual(get["peers"]["pouchdb-memory"]["ratio"], want)
            self.assertIn("stand-in load", text)


if __name__ == "__main__":
    if not os.access(REF, os.X_OK):
        print(f"bench-tests: {REF} missing (make bench-build)")
        print("bench-tests: 0 passed, 1 failed")
        sys.exit(1)
    res = unittest.main(exit=False, verbosity=1).result
    failed = len(res.failures) + len(res.errors)
    print(f"bench-tests: {res.testsRun - failed} passed, {failed} failed")
    sys.exit(1 if failed else 0)
