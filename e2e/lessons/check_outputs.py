"""Checks an executed lesson notebook: it is valid nbformat, no cell failed
(except cells tagged raises-exception), and every cell meant to draw has an
image/png output.

    /usr/bin/python3 check_outputs.py OUT.ipynb [OUT2.ipynb ...]

A cell is meant to draw when its top-level code (outside func declarations,
which only define helpers) calls a plotting entry point: chart.*,
display.Plot, display.Image, trainview.Train. A cell that draws only on some
paths can say so with the tag no-image. Outputs are not compared with the
committed ones (timings and random numbers change).
"""

import re
import sys

import nbformat

DRAWS = re.compile(r"\b(chart\.[A-Z]\w*\(|display\.(Plot|Image)\(|trainview\.Train\()")


FUNC_DECL = re.compile(r"^func .*?^}", re.M | re.S)


def top_level(src):
    """The cell's code without comments and without func declarations
    (gofmt puts a declaration's closing brace at column 0)."""
    code = "\n".join(l for l in src.splitlines() if not l.lstrip().startswith("//"))
    return FUNC_DECL.sub("", code)


def problems(path):
    nb = nbformat.read(path, as_version=4)
    nbformat.validate(nb)
    found = []
    for i, cell in enumerate(nb.cells):
        if cell.cell_type != "code" or not cell.source.strip():
            continue
        tags = cell.metadata.get("tags", [])
        errors = [o for o in cell.outputs if o.output_type == "error"]
        if errors and "raises-exception" not in tags:
            e = errors[0]
            found.append(f"cell {i}: {e.ename}: {e.evalue}")
        code = top_level(cell.source)
        if DRAWS.search(code) and "no-image" not in tags:
            pngs = [o for o in cell.outputs if "image/png" in o.get("data", {})
                    or "image/png" in str(o.get("data", {}).get("text/html", ""))]
            if not pngs:
                found.append(f"cell {i}: draws but has no image/png output")
    return found


def main(paths):
    bad = 0
    for p in paths:
        found = problems(p)
        for f in found:
            print(f"{p}: {f}")
        bad += bool(found)
        print(f"{'ok  ' if not found else 'FAIL'} {p}")
    print(f"{len(paths) - bad} passed, {bad} failed")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
