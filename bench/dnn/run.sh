#!/bin/sh
# Speed benchmark of package dnn (its OpenBLAS build where the system has
# OpenBLAS, and its pure-Go build) against the textbook-style numpy network,
# in the same run: 784-100-100-100-100-100-10, ReLU, He, Adam lr 0.001,
# batch 100, 60,000 MNIST training images, 10,000 test images, with and
# without batch norm. Each configuration runs in its own process so that
# peak memory is its own.
#
#   bench/dnn/run.sh                 # 3 epochs
#   EPOCHS=5 bench/dnn/run.sh
#   PURE=0 bench/dnn/run.sh          # skip the CGO_ENABLED=0 (pure-Go BLAS) build
#   THREADS=1 bench/dnn/run.sh       # pin both sides to one thread (GOMAXPROCS,
#                                    # OPENBLAS_NUM_THREADS): a fairer measure on a
#                                    # busy machine, where a 2-thread BLAS stalls
#
# Prints the RESULT lines, then a table with the ratio Go/numpy of seconds
# per epoch (mean and fastest epoch, wall clock; CPU time) and of peak
# memory. On a shared machine the fastest epoch is the steadiest measure.
set -eu
EPOCHS=${EPOCHS:-3}
PURE=${PURE:-1}
PY=${PYTHON:-/usr/bin/python3}
if [ -n "${THREADS:-}" ]; then
	export GOMAXPROCS="$THREADS" OPENBLAS_NUM_THREADS="$THREADS" OMP_NUM_THREADS="$THREADS"
fi
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

if ! "$PY" -c 'import numpy' 2>/dev/null; then
	echo "run.sh: $PY cannot import numpy (install python3-numpy)" >&2
	exit 1
fi
# The OpenBLAS build where the system has it (libopenblas-dev), and the
# pure-Go build everywhere (with PURE=0 only when OpenBLAS is missing).
builds=""
if (cd "$root" && CGO_ENABLED=1 go build -tags openblas -o "$tmp/bench-go-openblas" ./bench/dnn) 2>"$tmp/build.err"; then
	builds="go-openblas"
else
	echo "run.sh: no OpenBLAS build (install libopenblas-dev):" >&2
	cat "$tmp/build.err" >&2
	PURE=1
fi
if [ "$PURE" = 1 ]; then
	(cd "$root" && CGO_ENABLED=0 go build -o "$tmp/bench-go-pure" ./bench/dnn)
	builds="$builds go-pure"
fi
set -- $builds
"$tmp/bench-$1" -export "$tmp/mnist"
"$PY" -c 'import numpy; print("numpy", numpy.__version__)' >&2

: >"$tmp/results"
for bn in 0 1; do
	for b in $builds; do
		"$tmp/bench-$b" -impl "$b" -epochs "$EPOCHS" -bn="$bn" | tee -a "$tmp/results"
	done
	"$PY" "$here/numpy_mlp.py" "$tmp/mnist" "$EPOCHS" "$bn" | tee -a "$tmp/results"
done

awk '
/^RESULT/ {
	delete f
	for (i = 2; i <= NF; i++) { split($i, kv, "="); f[kv[1]] = kv[2] }
	k = f["impl"] SUBSEP f["bn"]
	wall[k] = f["sec_per_epoch"]; best[k] = f["min_sec_per_epoch"]; cpu[k] = f["cpu_sec_per_epoch"]
	acc[k] = f["test_acc"]; mem[k] = f["peak_mib"]
	if (!(f["impl"] in seen)) { seen[f["impl"]] = 1; impls[++n] = f["impl"] }
}
END {
	printf "\n%-12s %-3s %8s %8s %8s %8s %8s %10s %10s %10s %10s\n", "impl", "bn", "s/epoch", "best s", "cpu s", "test acc", "peak MiB", "s/numpy", "best/numpy", "cpu/numpy", "mem/numpy"
	for (bn = 0; bn <= 1; bn++) {
		ref = "numpy" SUBSEP bn
		for (i = 1; i <= n; i++) {
			k = impls[i] SUBSEP bn
			if (!(k in wall)) continue
			printf "%-12s %-3d %8.3f %8.3f %8.3f %8.4f %8.0f %10.2f %10.2f %10.2f %10.2f\n", impls[i], bn, wall[k], best[k], cpu[k], acc[k], mem[k],
				wall[k] / wall[ref], best[k] / best[ref], cpu[k] / cpu[ref], mem[k] / mem[ref]
		}
	}
	print "\ns/epoch: mean wall-clock seconds per training epoch; best s: the fastest epoch (least disturbed"
	print "by other load); cpu s: user+system CPU seconds per epoch (all threads). Evaluation is not timed."
}' "$tmp/results"
