#!/usr/bin/env python3
"""Black-box tests: real nordfed nodes on 127.0.0.1 (tests/harness.py),
run by pytest (Debian's python3-pytest).

    python3 tests/integration/run.py [FILE...] [-kEXPR] [-x] [pytest args]

FILE is a test file, relative to tests/integration/ or not; -k selects
tests by name as pytest does (a plain name matches as a substring); -x
stops at the first failure. A JUnit report goes to $BUILD/integration.xml.
The output ends with "integration: N passed, N failed" (conftest.py).
"""
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))


def python_with_pytest():
    """This interpreter when it has pytest, else Debian's (python3-pytest
    installs it there), else None."""
    for py in (sys.executable, "/usr/bin/python3"):
        if py and os.path.exists(py) and subprocess.run(
                [py, "-c", "import pytest"], capture_output=True).returncode == 0:
            return py
    return None


def main():
    py = python_with_pytest()
    if py is None:
        print("integration: pytest is missing: apt-get install python3-pytest "
              "(make test installs it)")
        print("integration: 0 passed, 1 failed")
        return 1
    build = os.path.join(ROOT, os.environ.get("BUILD", "build"))
    args, files = [], 0
    takes_value = ("-k", "-m", "-p", "-o", "-W", "--deselect", "--maxfail")
    for i, a in enumerate(sys.argv[1:]):
        if sys.argv[i] in takes_value and i > 0:
            args.append(a)          # the value of "-k EXPR", not a file
            continue
        if not a.startswith("-"):
            files += 1
            if not os.path.exists(a):
                a = os.path.join(HERE, a)
        args.append(a)
    if files == 0:
        args.append(HERE)
    os.makedirs(build, exist_ok=True)
    cmd = [py, "-m", "pytest", "-v", "-p", "no:cacheprovider",
           "--rootdir", HERE, "-o", "console_output_style=classic",
           "--junitxml", os.path.join(build, "integration.xml")] + args
    return subprocess.run(cmd, cwd=ROOT).returncode


if __name__ == "__main__":
    sys.exit(main())
