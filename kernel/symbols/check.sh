#!/usr/bin/env bash
# Fails when the generated files of kernel/symbols (yaegi symbol tables and
# docs) differ from what `go generate ./kernel/symbols` would write now.
# It type-checks every preloaded package from source: 10 to 20 seconds.
set -euo pipefail
cd "$(dirname "$0")"
exec go run ./internal/gen -check "$@"
