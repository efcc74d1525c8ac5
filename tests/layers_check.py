#!/usr/bin/env python3
"""The layers of the source tree (docs/architecture.md) and what each may include.

    layers_check.py SOURCE_DIR

Resolves every #include "..." of every C/C++ file to the folder that holds the named
header, then fails when
  * model/ includes anything from scenarios/, traces/ or tlm/ (the core knows no files,
    YAML or SystemC),
  * traces/ includes anything from scenarios/ or tlm/ (it is written against the public
    API, include/gicsim/, so any embedder can attach a waveform),
  * scenarios/ includes anything from tlm/,
  * a folder includes a folder that is not below it in LAYERS, or
  * the folders' include graph has a cycle.
"""
import os
import re
import sys

# Lowest first: a folder may include its own headers and those of folders before it.
LAYERS = [
    "include/gicsim",
    "model",
    "traces",
    "scenarios/parse",
    "scenarios/platform",
    "scenarios/run",
    "scenarios/cli",
    "tlm",
]
# Named exceptions, each with its reason.
EXCEPTIONS = {
    # The runner keeps its own event queue with the core's generic scheduler.
    ("scenarios/run", "model/scheduler.h"),
}
FORBIDDEN = {
    "model": ("scenarios", "traces", "tlm"),
    "traces": ("scenarios", "tlm"),
    "scenarios": ("tlm",),
}
SOURCES = (".c", ".h", ".cpp", ".hpp")
# Headers installed under include/gicsim/ whose source lives in a higher layer
# (cmake/packaging.cmake; the build tree forwards the installed names to them).
INSTALLED = {
    "gicsim/traces.h": "traces/traces.h",
    "gicsim/tlm/gic_module.h": "tlm/gic_module.h",
    "gicsim/tlm/extensions.h": "tlm/extensions.h",
}


def folder_of(root, path):
    rel = os.path.relpath(path, root)
    for layer in sorted(LAYERS, key=len, reverse=True):
        if rel.startswith(layer + "/"):
            return layer
    return None


def headers(root):
    """header basename -> [folders holding it] (includes are resolved by name)."""
    found = {}
    for layer in LAYERS:
        for dirpath, _, files in os.walk(os.path.join(root, layer)):
            for f in files:
                if f.endswith((".h", ".hpp")):
                    rel = os.path.relpath(os.path.join(dirpath, f), root)
                    found.setdefault(f, []).append((folder_of(root, os.path.join(dirpath, f)), rel))
    return found


def main():
    root = os.path.abspath(sys.argv[1])
    hdrs = headers(root)
    edges, errors = {}, []
    for layer in LAYERS:
        for dirpath, _, files in os.walk(os.path.join(root, layer)):
            for f in files:
                if not f.endswith(SOURCES):
                    continue
                path = os.path.join(dirpath, f)
                here = folder_of(root, path)
                with open(path, encoding="utf-8", errors="replace") as fh:
                    for n, line in enumerate(fh, 1):
                        m = re.match(r'\s*#\s*include\s+"([^"]+)"', line)
                        if not m:
                            continue
                        name = m.group(1)
                        target = os.path.normpath(os.path.join(dirpath, name))
                        if os.path.exists(target):
                            there, rel = folder_of(root, target), os.path.relpath(target, root)
                        elif name in INSTALLED:
                            rel = INSTALLED[name]
                            there = folder_of(root, os.path.join(root, rel))
                        elif name.startswith("gicsim/"):
                            there, rel = "include/gicsim", "include/" + name
                        elif os.path.basename(name) in hdrs:
                            cands = hdrs[os.path.basename(name)]
                            same = [c for c in cands if c[0] == here]
                            there, rel = (same or cands)[0]
                        else:
                            continue  # generated or system header
                        if there is None or there == here:
                            continue
                        where = f"{os.path.relpath(path, root)}:{n}"
                        top_here, top_there = here.split("/")[0], there.split("/")[0]
                        if top_there in FORBIDDEN.get(top_here, ()):
                            errors.append(f"{where}: {here}/ must not include {rel}")
                        elif (here, rel) in EXCEPTIONS:
                            pass
                        elif LAYERS.index(there) > LAYERS.index(here):
                            errors.append(f"{where}: {here}/ includes {rel} from a layer "
                                          f"above it ({there}/)")
                        edges.setdefault(here, set()).add(there)
    # Cycles (the layer order already forbids them; this names one if the order changes).
    state = {}

    def visit(node, stack):
        state[node] = 1
        for nxt in sorted(edges.get(node, ())):
            if state.get(nxt) == 1:
                errors.append("include cycle: " + " -> ".join(stack + [node, nxt]))
            elif not state.get(nxt):
                visit(nxt, stack + [node])
        state[node] = 2

    for node in sorted(edges):
        if not state.get(node):
            visit(node, [])
    for e in errors:
        print(e, file=sys.stderr)
    if errors:
        sys.exit(1)
    print(f"layers_check: {len(LAYERS)} layers, "
          f"{sum(len(v) for v in edges.values())} folder dependencies, all downward")


main()
