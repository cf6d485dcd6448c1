#!/usr/bin/env bash
# e2e/clients/run.sh: runs the real-client tests against the gocell
# kernelspec found on JUPYTER_PATH (test.sh installs one into a scratch
# prefix first). Each test prints "N passed, N failed"; this script runs all
# of them and fails if any failed.
#
#   GOCELL_SKIP_APT=1   do not apt-get install missing Debian packages
set -uo pipefail
cd "$(dirname "$0")"

# jupyter_server (for @jupyterlab/services) and pexpect (for jupyter console)
# are not in test.sh's list: install them here when we can.
need=(python3-jupyter-client python3-ipykernel python3-nbclient python3-nbformat jupyter-console
  python3-pexpect python3-jupyter-server)
if [ -z "${GOCELL_SKIP_APT:-}" ] && command -v apt-get >/dev/null && [ "$(id -u)" = 0 ]; then
  missing=()
  for p in "${need[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
  done
  if [ ${#missing[@]} -gt 0 ]; then
    echo "apt-get install ${missing[*]}"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
  fi
fi

failed=()
run() { # name command...
  local name=$1
  shift
  printf '\n-- real client: %s --\n' "$name"
  "$@" || failed+=("$name")
}
run "jupyter_client" /usr/bin/python3 test_jupyter_client.py
run "learner session" /usr/bin/python3 test_learner.py
run "jupyter console" /usr/bin/python3 test_console.py
run "nbclient" /usr/bin/python3 test_nbclient.py
run "parent death" /usr/bin/python3 test_parent_death.py
if command -v node >/dev/null && command -v npm >/dev/null; then
  if npm ci --no-audit --no-fund --loglevel=error >/dev/null; then
    run "@jupyterlab/services + jupyter_server" node services_test.js
  else
    echo "npm ci failed in e2e/clients" >&2
    failed+=("npm ci")
  fi
else
  echo "node and npm are needed for the @jupyterlab/services test (Node 20)" >&2
  failed+=("node missing")
fi

if [ ${#failed[@]} -gt 0 ]; then
  echo "real-client tests failed: ${failed[*]}" >&2
  exit 1
fi
echo "real-client tests passed"
