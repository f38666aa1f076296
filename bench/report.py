"""The tables of the benchmark (bench/bench.py): the figures against
their references and goals, and nordfed beside the peers. Pure functions
of the results, so bench/test_bench.py can check them."""
import peers

def stand_in_note(missing, quick):
    """What replaced the missing reference tools, or None. The quick form
    runs stand-ins; a full run measures no reference without its tool."""
    if quick:
        what = {"nginx": "nginx not installed (python http.server stood in)",
                "wrk": "wrk not installed (a Python load generator stood in)"}
    else:
        what = {"nginx": "nginx not installed: no reference measured",
                "wrk": "wrk not installed: the load came from a Python "
                       "generator, no reference"}
    return "; ".join(what[t] for t in missing) or None


ORDER = ["catch-up", "catch-up vs store apply path", "read", "search p50",
         "search p99", "stats p50", "stats p99",
         "stats p50, collaborations", "writes", "convergence p50",
         "convergence p99", "memory", "disk"]
PEERS = ["pouchdb-memory", "pouchdb-leveldb", "postgresql"]
# the rows of the peers table: label, figure, field, unit, better
PEER_ROWS = [
    ("catch-up: a new replica pulls N records", "catchup", "value", "/s",
     "higher"),
    ("write seen on the replica, p50", "replica", "p50", "ms", "lower"),
    ("write seen on the replica, p99", "replica", "p99", "ms", "lower"),
    ("GET one record on the replica", "get", "value", "req/s", "higher"),
    ("replica memory under the GET load", "rss_mb", "value", "MB", "lower"),
]
PEER_GOAL = 3.0          # catch-up: nordfed >= 3x the faster PouchDB


def num(v, unit=""):
    if v is None:
        return "-"
    if unit in ("ms",):
        return f"{v:.2f} ms"
    if unit == "MB":
        return f"{v:.1f} MB"
    if abs(v) >= 100:
        return f"{v:,.0f}" + (f" {unit}" if unit else "")
    return f"{v:.2f}" + (f" {unit}" if unit else "")


def fmt_fig(f):
    s = num(f.get("value"), f.get("unit", ""))
    if f.get("reference") is not None and f.get("ratio") is not None:
        s += f" vs {num(f['reference'], f.get('unit', ''))} = {f['ratio']:.2f}"
    return s + f" ({f.get('status')})"


def columns(rows):
    w = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    out = []
    for i, r in enumerate(rows):
        out.append("  ".join(c.ljust(w[k]) for k, c in enumerate(r)).rstrip())
        if i == 0:
            out.append("  ".join("-" * x for x in w))
    return "\n".join(out)


def render(figures, errors):
    rows = [("figure", "value", "reference", "ratio", "goal", "met")]
    notes = []
    for name in ORDER:
        f = figures.get(name)
        if f is None:
            base = name.split(" ")[0]
            err = errors.get(name) or errors.get(base) or (
                errors.get("read") if name in ("memory",) else None)
            if err is not None or name in errors:
                rows.append((name, "error", "-", "-", "-", "no"))
            continue
        ref_unit = "bytes/org" if name == "disk" else f.get("unit", "")
        if name == "disk":
            ref = num(f["reference"], "bytes")
        else:
            ref = num(f.get("reference"), ref_unit)
        if f.get("status") == "stand-in":
            ref += " (stand-in)"
        elif f.get("status") == "no reference":
            ref = "none"
        if f.get("stand_in"):
            notes.append(f"{name}: {f['stand_in']}")
        rows.append((name, num(f["value"], f["unit"]), ref,
                     "-" if f.get("ratio") is None else f"{f['ratio']:.2f}",
                     f["goal"], f.get("status", "-")))
    out = columns(rows)
    if notes:
        out += "\n" + "\n".join(notes)
    return out


def peer_table(res, quick):
    """nordfed's figures beside the peers', each peer's with its ratio
    nordfed / peer. Returns (rows for the JSON, text)."""
    nf = res.get("nordfed", {})
    rows, text = [], [("figure", "nordfed") + tuple(
        peers.LABELS[p].replace(" logical replication", "") for p in PEERS)
        + ("goal", "met")]
    for label, key, field, unit, better in PEER_ROWS:
        n = (nf.get(key) or {}).get(field)
        n_stand = (nf.get(key) or {}).get("stand_in")
        row = {"figure": label, "key": f"{key}.{field}", "unit": unit,
               "better": better, "nordfed": n, "peers": {}}
        cells = [num(n, unit) + (" (stand-in load)" if n_stand else "")]
        for p in PEERS:
            r = res.get(p, {})
            v = (r.get(key) or {}).get(field)
            stand = (r.get(key) or {}).get("stand_in")
            ratio = None
            if n is not None and v:
                ratio = n / v
                if (n_stand or stand) and not quick:
                    ratio = None            # no stand-in in a full run
            row["peers"][p] = {"value": v, "ratio": ratio,
                               "stand_in": stand}
            if r.get("not_installed"):
                cells.append("not installed")
            elif r.get("error") and v is None:
                cells.append("error")
            else:
                c = num(v, unit)
                if ratio is not None:
                    c += f" ({ratio:.2f}x)"
                if stand:
                    c += " (stand-in load)"
                cells.append(c)
        goal, met = "-", "-"
        if key == "catchup":
            goal = f">= {PEER_GOAL:.0f}x PouchDB"
            pv = [row["peers"][p]["value"] for p in PEERS[:2]
                  if row["peers"][p]["value"]]
            if not pv:
                met = "no reference"
            elif n is None:
                met = "-"
            else:
                row["ratio_to_pouchdb"] = n / max(pv)
                met = "yes" if n / max(pv) >= PEER_GOAL else "NO"
            row["goal"], row["status"] = goal, met
        rows.append(row)
        text.append((label.replace(" N ", f" {n_records(res)} "), *cells,
                     goal, met))
    notes = [f"{peers.LABELS[p]}: {res[p]['not_installed']}" for p in PEERS
             if res.get(p, {}).get("not_installed")]
    notes += [f"{peers.LABELS[p]}: error: "
              f"{res[p]['error'].splitlines()[0][:200]}"
              for p in PEERS if res.get(p, {}).get("error")]
    out = columns(text) + ("\n" + "\n".join(notes) if notes else "")
    out += ("\n(x: nordfed / peer; above 1 is better for /s and req/s, "
            "below 1 for ms and MB)")
    return rows, out


def n_records(res):
    for r in res.values():
        c = r.get("catchup") if isinstance(r, dict) else None
        if c and c.get("records"):
            return f"{c['records']:,}"
    return "N"
