#!/usr/bin/env bash
# e2e/browser/run.sh: the browser test. Debian's classic Jupyter Notebook
# serves a lesson, Debian's headless Chromium (driven by playwright-core from
# npm; no browser is downloaded) runs all its cells with the gocell
# kernelspec found on JUPYTER_PATH, and the test checks what the page shows.
# See notebook_test.js.
#
#   JUPYTER_PATH=<prefix>/share/jupyter e2e/browser/run.sh [lesson.ipynb]
#   GOCELL_SKIP_APT=1   do not apt-get install missing Debian packages
set -euo pipefail
cd "$(dirname "$0")"

need=(chromium jupyter-notebook)
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
[ -x /usr/bin/chromium ] || { echo "browser test: /usr/bin/chromium is missing (apt-get install chromium)" >&2; exit 1; }
/usr/bin/python3 -c 'import notebook' 2>/dev/null ||
  { echo "browser test: the classic notebook is missing (apt-get install jupyter-notebook)" >&2; exit 1; }
command -v node >/dev/null && command -v npm >/dev/null ||
  { echo "browser test: node and npm are needed (Node 20)" >&2; exit 1; }
[ -n "${JUPYTER_PATH:-}" ] || { echo "browser test: set JUPYTER_PATH to where the gocell kernelspec is installed" >&2; exit 1; }

# playwright-core downloads nothing on install; the variable makes sure.
PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund --loglevel=error >/dev/null
node --test lesson_test.js >/dev/null || { node --test lesson_test.js; exit 1; }
exec node notebook_test.js "$@"
