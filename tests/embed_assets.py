#!/usr/bin/env python3
"""Embed the browsing page's static files (node/web/*) in the node as a C
table, so the node serves them without reading files at run time.

Usage: embed_assets.py OUT.c FILE...

For each file: its name (no directory), its Content-Type (from the
extension; an unknown extension is an error), its bytes, a gzip copy when
that is smaller (compression level 9, mtime 0: the output depends only on
the input), and strong ETags (the first 16 hex digits of the SHA-256 of
the bytes, "-gz" added for the gzip copy). The struct must match the one
in node/web.c. Python 3 standard library only.
"""
import gzip
import hashlib
import os
import sys

TYPES = {
    ".html": "text/html; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".mjs": "text/javascript; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".json": "application/json; charset=utf-8",
    ".svg": "image/svg+xml",
    ".png": "image/png",
    ".ico": "image/x-icon",
    ".txt": "text/plain; charset=utf-8",
    ".webmanifest": "application/manifest+json",
}


def c_bytes(data):
    out = []
    for i in range(0, len(data), 20):
        out.append("".join("%d," % b for b in data[i:i + 20]))
    return "\n".join(out)


def main():
    if len(sys.argv) < 3:
        sys.exit("usage: embed_assets.py OUT.c FILE...")
    out_path, files = sys.argv[1], sorted(sys.argv[2:],
                                          key=os.path.basename)
    names = [os.path.basename(f) for f in files]
    if len(set(names)) != len(names):
        sys.exit("embed_assets: two files with the same name")
    parts = ["/* generated from node/web/ by tests/embed_assets.py: "
             "do not edit */",
             "struct web_asset {",
             "\tconst char *path;",
             "\tconst char *type;",
             "\tconst unsigned char *data;",
             "\tunsigned long len;",
             "\tconst unsigned char *gz;",
             "\tunsigned long gz_len;",
             "\tconst char *etag;",
             "\tconst char *etag_gz;",
             "};", ""]
    rows = []
    for i, (path, name) in enumerate(zip(files, names)):
        ext = os.path.splitext(name)[1].lower()
        if ext not in TYPES:
            sys.exit(f"embed_assets: {name}: unknown file type {ext!r}")
        if not all(c.isalnum() or c in "-_." for c in name):
            sys.exit(f"embed_assets: {name}: use letters, digits, - _ .")
        data = open(path, "rb").read()
        gz = gzip.compress(data, compresslevel=9, mtime=0)
        tag = hashlib.sha256(data).hexdigest()[:16]
        parts.append(f"static const unsigned char a{i}[] = {{\n"
                     f"{c_bytes(data)}\n0}};")
        if len(gz) < len(data):
            parts.append(f"static const unsigned char z{i}[] = {{\n"
                         f"{c_bytes(gz)}\n0}};")
            gzref, gzlen = f"z{i}", len(gz)
        else:
            gzref, gzlen = "0", 0
        rows.append(f'\t{{ "{name}", "{TYPES[ext]}", a{i}, {len(data)}UL, '
                    f'{gzref}, {gzlen}UL, "\\"{tag}\\"", '
                    f'"\\"{tag}-gz\\"" }},')
    parts.append("extern const struct web_asset web_assets[];")
    parts.append("extern const unsigned long web_assets_count;")
    parts.append("const struct web_asset web_assets[] = {")
    parts += rows
    parts.append("\t{ 0, 0, 0, 0, 0, 0, 0, 0 }")
    parts.append("};")
    parts.append(f"const unsigned long web_assets_count = {len(rows)};")
    tmp = out_path + ".tmp"
    with open(tmp, "w") as f:
        f.write("\n".join(parts) + "\n")
    os.replace(tmp, out_path)


if __name__ == "__main__":
    main()
