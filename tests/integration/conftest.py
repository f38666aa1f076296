"""pytest's view of the black-box tests (tests/integration/run.py runs
them): the import path, fixtures for nodes and federations, and the one
summary line tests/run.sh reads, "integration: N passed, N failed".

The tests are plain functions on real nodes on 127.0.0.1 (tests/harness.py);
a module that shares nodes between its tests keeps them in a module global
and stops them in teardown_module, which pytest calls as the old runner did.
New tests can take the fixtures below instead: what they start is stopped
when the test ends, passed or not.
"""
import os
import sys

import pytest

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))      # tests/: harness, attacks
sys.path.insert(0, HERE)                       # test_* modules import each other

import harness                                  # noqa: E402


@pytest.fixture
def federation():
    """federation(["SE", "NO"], **kw) -> a harness.Federation, not started;
    every one made is stopped when the test ends."""
    made = []

    def make(countries, **kw):
        fed = harness.Federation(countries, **kw)
        made.append(fed)
        return fed
    yield make
    for fed in made:
        fed.stop()


@pytest.fixture
def node(federation):
    """One started SE node with no peers."""
    fed = federation(["SE"], pull_ms=60000)
    return fed["SE"].start()


def pytest_terminal_summary(terminalreporter):
    stats = terminalreporter.stats
    passed = len(stats.get("passed", []))
    failed = len(stats.get("failed", [])) + len(stats.get("error", []))
    terminalreporter.write_line(
        f"integration: {passed} passed, {failed} failed")
