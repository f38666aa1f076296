#!/usr/bin/env python3
"""Black-box tests: real nordfed nodes on 127.0.0.1 (tests/harness.py).

Runs every test_* function of tests/integration/test_*.py (or the files
and -k substring given), one at a time, each bounded by its own waits,
and ends with "integration: N passed, N failed".
"""
import importlib.util
import os
import sys
import time
import traceback

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))


def main():
    args = [a for a in sys.argv[1:] if not a.startswith("-k")]
    pat = next((a[2:] for a in sys.argv[1:] if a.startswith("-k")), "")
    files = args or sorted(f for f in os.listdir(HERE)
                           if f.startswith("test_") and f.endswith(".py"))
    passed = failed = 0
    failures = []
    for f in files:
        path = f if os.path.isabs(f) else os.path.join(HERE, f)
        name = os.path.basename(path)[:-3]
        spec = importlib.util.spec_from_file_location(name, path)
        mod = importlib.util.module_from_spec(spec)
        try:
            spec.loader.exec_module(mod)
        except Exception:
            traceback.print_exc()
            failed += 1
            failures.append(name)
            continue
        tests = [(n, getattr(mod, n)) for n in dir(mod)
                 if n.startswith("test_") and callable(getattr(mod, n))]
        tests.sort(key=lambda t: t[1].__code__.co_firstlineno)
        for tname, fn in tests:
            if pat and pat not in tname:
                continue
            t0 = time.time()
            try:
                fn()
            except Exception:
                failed += 1
                failures.append(f"{name}.{tname}")
                print(f"FAIL  {name}.{tname} ({time.time() - t0:.1f}s)")
                traceback.print_exc()
                sys.stdout.flush()
                continue
            passed += 1
            print(f"ok    {name}.{tname} ({time.time() - t0:.1f}s)")
            sys.stdout.flush()
        # a module's shared nodes stop even when -k skipped its last test
        if hasattr(mod, "teardown_module"):
            try:
                mod.teardown_module()
            except Exception:
                failed += 1
                failures.append(f"{name}.teardown_module")
                traceback.print_exc()
    if failures:
        print("failed: " + " ".join(failures))
    print(f"integration: {passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
