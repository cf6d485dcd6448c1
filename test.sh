#!/usr/bin/env bash
# test.sh: the one command that installs what gocell's tests need (where it
# can) and runs every test. CI runs exactly this (see .ci/run).
#
#   ./test.sh            everything
#   GOCELL_SKIP_APT=1 ./test.sh   do not touch system packages
set -euo pipefail
cd "$(dirname "$0")"
root=$PWD

step() { printf '\n== %s ==\n' "$*"; }

# Debian's Jupyter packages: the conformance suite and real clients need them.
# fonts-ipaexfont-gothic lets the chart tests draw Japanese (they skip
# without a CJK font); the console test drives jupyter console with pexpect;
# @jupyterlab/services talks to jupyter_server; the browser test drives
# jupyter-notebook's classic UI in chromium; libopenblas-dev and gcc let the
# OpenBLAS build be tested.
apt_packages=(python3-jupyter-client python3-jupyter-kernel-test python3-nbclient
  python3-nbformat python3-ipykernel jupyter-console jupyter-notebook python3-numpy
  python3-pexpect python3-jupyter-server fonts-ipaexfont-gothic chromium
  libopenblas-dev gcc)
if [ -z "${GOCELL_SKIP_APT:-}" ] && command -v apt-get >/dev/null && [ "$(id -u)" = 0 ]; then
  missing=()
  for p in "${apt_packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
  done
  if [ ${#missing[@]} -gt 0 ]; then
    step "apt-get install ${missing[*]}"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
  fi
fi

step "go modules"
go mod download
go mod verify >/dev/null

step "formatting and vet"
unformatted=$(gofmt -l $(git ls-files '*.go' 2>/dev/null || find . -name '*.go'))
if [ -n "$unformatted" ]; then
  echo "gofmt would change:"; echo "$unformatted"; exit 1
fi
go vet ./...

if [ -x kernel/symbols/check.sh ]; then
  step "generated symbol tables are up to date"
  kernel/symbols/check.sh
fi

step "go test"
go test -count=1 ./...

# The same packages built with OpenBLAS through cgo, as install.sh builds
# gocell where the system has it: the binding against gonum's pure Go, dnn
# and the kernel binary on top of it.
if (pkg-config --exists openblas 2>/dev/null || [ -e /usr/lib/x86_64-linux-gnu/libopenblas.so ]) &&
  command -v "$(go env CC)" >/dev/null; then
  step "go test -tags openblas (OpenBLAS build)"
  CGO_ENABLED=1 go vet -tags openblas ./dnn/... ./cmd/kernel
  CGO_ENABLED=1 go test -count=1 -tags openblas ./dnn/... ./cmd/kernel
else
  echo "libopenblas-dev or a C compiler is missing: the OpenBLAS build is not tested" >&2
fi

step "fuzz targets (briefly)"
fuzz() { # package target
  go test -run='^$' -fuzz="^$2\$" -fuzztime="${GOCELL_FUZZTIME:-10s}" "$1"
}
fuzz ./kernel/wire FuzzDecode
fuzz ./kernel/cellparse FuzzParse

step "build and install into a scratch prefix"
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
go build -o "$scratch/bin/gocell" ./cmd/kernel
"$scratch/bin/gocell" install --prefix "$scratch/prefix"
export JUPYTER_PATH="$scratch/prefix/share/jupyter"
export GOCELL_HISTORY_DIR="$scratch/history"

if /usr/bin/python3 -c 'import jupyter_kernel_test' 2>/dev/null; then
  step "Jupyter conformance suite (jupyter_kernel_test)"
  /usr/bin/python3 -m unittest -v e2e/conformance/test_gocell.py
else
  echo "jupyter_kernel_test is missing: run as root with apt-get, or install python3-jupyter-kernel-test" >&2
  exit 1
fi

step "real clients against the installed kernelspec"
e2e/clients/run.sh

step "lesson notebooks, with gocell run and with nbclient"
GOCELL="$scratch/bin/gocell" e2e/lessons/run.sh

step "browser: the classic notebook in headless Chromium runs a lesson"
e2e/browser/run.sh

echo "all tests passed"
