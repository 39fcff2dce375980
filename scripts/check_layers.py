#!/usr/bin/env python3
"""Checks the folder dependency rule of docs/architecture.md on every #include "…" of the project's C++ files.

Top-level folders: core ← storage ← handlers ← bot, core ← storage ← sandbox, and bot → sandbox only through
sandbox/embedded.h. Inside handlers/: a capability folder includes only handlers/common/ (and itself);
handlers/common/ includes no capability; handlers/registry.cpp is the one place where capabilities join.
Prints every include that breaks the rule and exits 1 when there is one."""
import pathlib
import re
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent
ALLOWED = {  # folder → the top-level folders it may include (besides itself)
    "core": set(),
    "storage": {"core"},
    "handlers": {"core", "storage"},
    "sandbox": {"core", "storage"},
    "bot": {"core", "storage", "handlers", "sandbox"},
}
INCLUDE = re.compile(r'^\s*#\s*include\s+"([^"]+)"', re.M)


def problems():
    for path in sorted(ROOT.glob("*/**/*")):
        if path.suffix not in {".h", ".cpp", ".in"}:
            continue
        rel = path.relative_to(ROOT)
        top = rel.parts[0]
        if top not in ALLOWED:
            continue
        for target in INCLUDE.findall(path.read_text(encoding="utf-8")):
            parts = pathlib.PurePosixPath(target).parts
            if len(parts) < 2 or parts[0] not in ALLOWED:
                continue  # a generated header or a header beside the file
            to = parts[0]
            if to != top and to not in ALLOWED[top]:
                yield f"{rel}: includes {target} ({top} may include {sorted(ALLOWED[top]) or 'nothing'} of the others)"
            if top == "bot" and to == "sandbox" and target != "sandbox/embedded.h":
                yield f"{rel}: includes {target} (the bot reaches the sandbox only through sandbox/embedded.h)"
            if top == "handlers" and to == "handlers" and len(rel.parts) > 2 and len(parts) > 2:
                mine, theirs = rel.parts[1], parts[1]
                if mine != theirs and theirs != "common":
                    yield f"{rel}: includes {target} (a capability includes only handlers/common/)"
            if top == "handlers" and to == "handlers" and len(rel.parts) == 2 and rel.name != "registry.cpp":
                yield f"{rel}: shared code belongs in handlers/common/"


found = list(problems())
for p in found:
    print(p)
print(f"layers: {len(found)} include(s) break the dependency rule" if found else "layers: ok")
sys.exit(1 if found else 0)
