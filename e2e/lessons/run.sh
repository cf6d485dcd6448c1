#!/usr/bin/env bash
# e2e/lessons/run.sh: runs every lesson notebook top to bottom, once with
# `gocell run` and once with nbclient (what `jupyter nbconvert --execute`
# uses) on the
# installed kernelspec, and checks the results: no failed cell, an image
# under every cell that draws. Outputs go to a scratch folder; the
# committed notebooks are never touched.
#
#   GOCELL=/path/to/gocell  the binary to run (default: gocell on PATH)
#   JUPYTER_PATH            where the gocell kernelspec is installed
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
gocell=${GOCELL:-gocell}
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

shopt -s nullglob
lessons=("$root"/notebooks/[0-9][0-9]_*.ipynb)
if [ ${#lessons[@]} -eq 0 ]; then
  echo "no lessons in $root/notebooks" >&2
  exit 1
fi

runs=()
for nb in "${lessons[@]}"; do
  name=$(basename "$nb" .ipynb)
  # Lessons write scratch files (train.csv) next to themselves, as in
  # Jupyter: run copies in the scratch folder.
  mkdir -p "$out/run" "$out/nbclient"
  cp "$nb" "$out/run/$name.ipynb"
  cp "$nb" "$out/nbclient/$name.ipynb"
  start=$(date +%s)
  "$gocell" run --timeout 3m "$out/run/$name.ipynb" -o "$out/run/$name.out.ipynb" >"$out/run/$name.log" 2>&1 ||
    { cat "$out/run/$name.log"; echo "gocell run failed: $name" >&2; }
  echo "gocell run $name: $(( $(date +%s) - start ))s"
  runs+=("$out/run/$name.out.ipynb")
  start=$(date +%s)
  /usr/bin/python3 "$here/execute.py" "$out/nbclient/$name.ipynb" "$out/nbclient/$name.out.ipynb" \
    >"$out/nbclient/$name.log" 2>&1 ||
    { tail -30 "$out/nbclient/$name.log"; echo "nbclient failed: $name" >&2; }
  echo "nbclient $name: $(( $(date +%s) - start ))s"
  runs+=("$out/nbclient/$name.out.ipynb")
done

missing=0
for r in "${runs[@]}"; do
  [ -f "$r" ] || { echo "no output notebook: $r" >&2; missing=1; }
done
existing=()
for r in "${runs[@]}"; do [ -f "$r" ] && existing+=("$r"); done
status=0
/usr/bin/python3 "$here/check_outputs.py" "${existing[@]}" || status=1
[ $missing -eq 0 ] || status=1
exit $status
