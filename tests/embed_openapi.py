#!/usr/bin/env python3
"""Convert docs/openapi.yaml to compact JSON and emit it as a C array, so
the node serves /api/v1/openapi.json from the same document the repo
holds. Usage: embed_openapi.py IN.yaml OUT.c"""
import json
import sys

import yaml

doc = yaml.safe_load(open(sys.argv[1], encoding="utf-8"))
data = json.dumps(doc, ensure_ascii=False, separators=(",", ":")).encode()
with open(sys.argv[2], "w") as f:
    f.write("/* generated from docs/openapi.yaml by tests/embed_openapi.py */\n")
    f.write("const char nordfed_openapi_json[] = {\n")
    for i in range(0, len(data), 16):
        f.write("".join(f"{b},"for b in data[i:i + 16]) + "\n")
    f.write("0};\n")
    f.write(f"const unsigned long nordfed_openapi_json_len = {len(data)};\n")
