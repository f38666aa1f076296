#!/usr/bin/env python3
"""Make node/web/nordic-map.json, the map of the browsing page, from
Natural Earth's public-domain 1:50m admin-0 shapes.

Not part of the build: the map asset is committed, and this script is how
it was made (docs/web.md). To run it again:

    mkdir /tmp/map && cd /tmp/map && npm install world-atlas@2.0.2
    python3 tests/make_map.py /tmp/map/node_modules/world-atlas > node/web/nordic-map.json

world-atlas 2.0.2 is Natural Earth 4.1.0 as TopoJSON (countries-50m.json,
land-50m.json). The script decodes the TopoJSON arcs, keeps the eight
Nordic countries and territories (Natural Earth's "Norway", "Sweden",
"Denmark", "Finland", "Iceland", "Greenland", "Faeroe Is.", "Åland"),
projects them with a Lambert azimuthal equal-area projection centred on
the Nordic region, simplifies them (Douglas-Peucker, in pixels), and
writes SVG path strings in a fixed viewBox. Other land (the neighbours)
is clipped to the view and written as one grey "land" path for context.
Node markers sit at the capitals. Python 3 standard library only.
"""
import json
import math
import os
import sys

W, H = 1000, 800              # the viewBox
MAIN_CENTRE = (6.0, 63.0)     # projection centre of the main frame
GL_CENTRE = (-42.0, 72.0)     # and of the Greenland inset
INSET = (210, 14, 300, 320)   # the inset's box: x, y, width, height
TOL = 0.55                    # simplification tolerance, px
TOL_LAND = 1.2
MIN_AREA = 2.0                # px^2: smaller rings are dropped...
KEEP_SMALL = {"FO", "AX"}     # ...except for the small territories

COUNTRIES = {
    "SE": "Sweden", "NO": "Norway", "DK": "Denmark", "FI": "Finland",
    "IS": "Iceland", "GL": "Greenland", "FO": "Faeroe Is.", "AX": "Åland",
}
# node markers: the capitals (lon, lat)
CAPITALS = {
    "SE": (18.07, 59.33), "NO": (10.75, 59.91), "DK": (12.57, 55.68),
    "FI": (24.94, 60.17), "IS": (-21.94, 64.15), "GL": (-51.72, 64.18),
    "FO": (-6.77, 62.01), "AX": (19.94, 60.10),
}
# where the country's label goes (lon, lat), clear of the markers
LABELS = {
    "SE": (15.2, 63.6), "NO": (9.6, 62.6), "DK": (9.2, 56.1),
    "FI": (26.6, 64.5), "IS": (-18.6, 65.0), "GL": (-40.5, 73.5),
    "FO": (-6.9, 63.5), "AX": (21.4, 59.1),
}


def topo_arcs(topo):
    sx, sy = topo["transform"]["scale"]
    tx, ty = topo["transform"]["translate"]
    out = []
    for arc in topo["arcs"]:
        x = y = 0
        pts = []
        for dx, dy in arc:
            x += dx
            y += dy
            pts.append((x * sx + tx, y * sy + ty))
        out.append(pts)
    return out


def ring(arcs, idxs):
    pts = []
    for i in idxs:
        a = arcs[i] if i >= 0 else list(reversed(arcs[~i]))
        pts.extend(a if not pts else a[1:])
    return pts


def polygons(arcs, geom):
    if geom["type"] == "Polygon":
        return [[ring(arcs, r) for r in geom["arcs"]]]
    if geom["type"] == "MultiPolygon":
        return [[ring(arcs, r) for r in p] for p in geom["arcs"]]
    return []


def project(lon, lat, centre):
    lam, phi = math.radians(lon - centre[0]), math.radians(lat)
    phi0 = math.radians(centre[1])
    k = math.sqrt(2 / (1 + math.sin(phi0) * math.sin(phi) +
                       math.cos(phi0) * math.cos(phi) * math.cos(lam)))
    x = k * math.cos(phi) * math.sin(lam)
    y = k * (math.cos(phi0) * math.sin(phi) -
             math.sin(phi0) * math.cos(phi) * math.cos(lam))
    return x, -y


def simplify(pts, tol):
    """Douglas-Peucker, iterative."""
    if len(pts) < 4:
        return pts
    keep = [False] * len(pts)
    keep[0] = keep[-1] = True
    stack = [(0, len(pts) - 1)]
    while stack:
        a, b = stack.pop()
        ax, ay = pts[a]
        bx, by = pts[b]
        dx, dy = bx - ax, by - ay
        n = math.hypot(dx, dy)
        best, bi = -1.0, -1
        for i in range(a + 1, b):
            px, py = pts[i]
            if n == 0:
                dist = math.hypot(px - ax, py - ay)
            else:
                dist = abs(dy * px - dx * py + bx * ay - by * ax) / n
            if dist > best:
                best, bi = dist, i
        if best > tol:
            keep[bi] = True
            stack += [(a, bi), (bi, b)]
    return [p for p, k in zip(pts, keep) if k]


def area(pts):
    s = 0.0
    for i in range(len(pts)):
        x1, y1 = pts[i - 1]
        x2, y2 = pts[i]
        s += x1 * y2 - x2 * y1
    return abs(s) / 2


def clip(pts, x0, y0, x1, y1):
    """Sutherland-Hodgman against the rectangle (fine for a fill)."""
    def edge(points, inside, cross):
        out = []
        for i in range(len(points)):
            p, q = points[i - 1], points[i]
            if inside(q):
                if not inside(p):
                    out.append(cross(p, q))
                out.append(q)
            elif inside(p):
                out.append(cross(p, q))
        return out

    def xcut(x):
        return lambda p, q: (x, p[1] + (q[1] - p[1]) * (x - p[0]) / (q[0] - p[0]))

    def ycut(y):
        return lambda p, q: (p[0] + (q[0] - p[0]) * (y - p[1]) / (q[1] - p[1]), y)

    for inside, cross in ((lambda p: p[0] >= x0, xcut(x0)),
                          (lambda p: p[0] <= x1, xcut(x1)),
                          (lambda p: p[1] >= y0, ycut(y0)),
                          (lambda p: p[1] <= y1, ycut(y1))):
        pts = edge(pts, inside, cross)
        if not pts:
            break
    return pts


def path(rings):
    out = []
    for r in rings:
        cmd = ["M%.1f %.1f" % r[0]]
        px, py = r[0]
        for x, y in r[1:]:
            cmd.append("l%.1f %.1f" % (x - px, y - py))
            px, py = x, y
        out.append("".join(cmd) + "z")
    return "".join(out).replace(".0 ", " ").replace(".0l", "l").replace(
        ".0z", "z")


def frame_fit(rings, box, margin):
    """scale and offset that fit the projected rings into box."""
    xs = [x for r in rings for x, _ in r]
    ys = [y for r in rings for _, y in r]
    minx, maxx, miny, maxy = min(xs), max(xs), min(ys), max(ys)
    bx, by, bw, bh = box
    scale = min((bw - 2 * margin) / (maxx - minx),
                (bh - 2 * margin) / (maxy - miny))
    ox = bx + (bw - (maxx - minx) * scale) / 2 - minx * scale
    oy = by + (bh - (maxy - miny) * scale) / 2 - miny * scale
    return lambda p: (p[0] * scale + ox, p[1] * scale + oy)


def main():
    src = sys.argv[1] if len(sys.argv) > 1 else "node_modules/world-atlas"
    topo = json.load(open(os.path.join(src, "countries-50m.json")))
    arcs = topo_arcs(topo)
    geoms = {g["properties"]["name"]: g
             for g in topo["objects"]["countries"]["geometries"]}

    def lonlat_rings(cc):
        out = []
        for poly in polygons(arcs, geoms[COUNTRIES[cc]]):
            for r in poly:
                # Svalbard (Norway's rings north of 74N) is left out: it
                # would double the height of the map for no node
                if cc == "NO" and min(lat for _, lat in r) > 74:
                    continue
                out.append(r)
        return out

    # the main frame: everything but Greenland
    main_cc = [cc for cc in COUNTRIES if cc != "GL"]
    proj = {cc: [[project(*p, MAIN_CENTRE) for p in r]
                 for r in lonlat_rings(cc)] for cc in main_cc}
    to_px = frame_fit([r for rs in proj.values() for r in rs],
                      (0, 0, W, H), 14)
    main_pt = lambda ll: to_px(project(*ll, MAIN_CENTRE))   # noqa: E731
    # Greenland: an inset with its own projection and scale
    gl = [[project(*p, GL_CENTRE) for p in r] for r in lonlat_rings("GL")]
    gl_px = frame_fit(gl, INSET, 10)
    proj["GL"] = gl
    gl_pt = lambda ll: gl_px(project(*ll, GL_CENTRE))       # noqa: E731

    def rnd(p):
        return [round(p[0], 1), round(p[1], 1)]

    out = {
        "source": "Natural Earth 1:50m Admin 0 - Countries and Land, "
                  "version 4.1.0 (public domain), via the npm package "
                  "world-atlas 2.0.2; projected and simplified by "
                  "tests/make_map.py",
        "viewBox": [0, 0, W, H],
        "projection": "Lambert azimuthal equal-area, centre %g %g; "
                      "Greenland inset at its own scale, centre %g %g" %
                      (MAIN_CENTRE + GL_CENTRE),
        "inset": {"GL": list(INSET)},
        "countries": {},
    }
    for cc in COUNTRIES:
        f = gl_px if cc == "GL" else to_px
        fp = gl_pt if cc == "GL" else main_pt
        rings = []
        for r in proj[cc]:
            r = simplify([f(p) for p in r], TOL)
            if len(r) < 3:
                continue
            if area(r) < MIN_AREA and cc not in KEEP_SMALL:
                continue
            rings.append(r)
        out["countries"][cc] = {
            "name": COUNTRIES[cc], "d": path(rings),
            "node": rnd(fp(CAPITALS[cc])), "label": rnd(fp(LABELS[cc])),
        }

    # context: all other land of the main frame, clipped to it
    land = json.load(open(os.path.join(src, "land-50m.json")))
    larcs = topo_arcs(land)
    rings = []
    for g in land["objects"]["land"]["geometries"]:
        for poly in polygons(larcs, g):
            for r in poly:
                if not any(-40 < lon < 60 and lat > 45 for lon, lat in r):
                    continue
                # Greenland (and Iceland) are drawn as countries
                if max(lon for lon, _ in r) < -10:
                    continue
                pr = [to_px(project(lon, lat, MAIN_CENTRE)) for lon, lat in r]
                pr = clip(pr, -4, -4, W + 4, H + 4)
                if len(pr) < 3:
                    continue
                pr = simplify(pr, TOL_LAND)
                if len(pr) >= 3 and area(pr) >= 4 * MIN_AREA:
                    rings.append(pr)
    out["land"] = path(rings)
    json.dump(out, sys.stdout, ensure_ascii=False, separators=(",", ":"))
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
