#!/usr/bin/env bash
# install.sh builds gocell and installs it as a Jupyter kernel.
#
#   ./install.sh                 build, copy the binary to ~/.local/bin/gocell
#                                (or $GOCELL_BIN_DIR) and install the kernelspec
#                                in the user's Jupyter data directory
#   ./install.sh --prefix DIR    install the kernelspec in DIR/share/jupyter
#   ./install.sh --sys-prefix    ... in sys.prefix/share/jupyter of /usr/bin/python3
#   ./install.sh --uninstall     remove the kernelspec and the binary (same flags)
#   ./install.sh --no-fonts      do not offer the Japanese font plots need
#   ./install.sh --blas openblas build with OpenBLAS (cgo) or fail
#   ./install.sh --blas gonum    build with gonum's pure-Go BLAS
#
# By default (--blas auto) the build uses the system's OpenBLAS where it
# finds libopenblas (installing Debian's libopenblas-dev when run as root)
# and a C compiler (training the lessons' MNIST network is about 1.5 times
# faster), and gonum's pure-Go BLAS everywhere else. 'gocell version' says
# which one runs.
#
# Running it again rebuilds and reinstalls; it is safe to repeat. The
# kernelspec points at the copied binary, so moving or deleting this clone
# does not break Jupyter.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
if [ -z "${GOCELL_BIN_DIR:-}" ] && [ -z "${HOME:-}" ]; then
	printf 'install.sh: HOME is not set; set HOME or GOCELL_BIN_DIR\n' >&2
	exit 1
fi
bin_dir="${GOCELL_BIN_DIR:-${HOME}/.local/bin}"
bin="${bin_dir}/gocell"
scope=(--user)
uninstall=false
fonts=true
blas=auto
min_go_minor=26
need_disk_kb=$((1024 * 1024)) # the first build's cache and modules, about 1 GB

say() { printf '%s\n' "$*"; }
warn() { printf 'install.sh: warning: %s\n' "$*" >&2; }
die() {
	printf 'install.sh: %s\n' "$*" >&2
	exit 1
}

bad_usage() {
	printf 'install.sh: %s (see ./install.sh --help)\n' "$*" >&2
	exit 2
}

usage() {
	sed -n '2,/^set -euo/p' "${BASH_SOURCE[0]}" | sed -e '$d' -e 's/^# \{0,1\}//'
}

while [ "$#" -gt 0 ]; do
	case "$1" in
	--uninstall) uninstall=true ;;
	--user) scope=(--user) ;;
	--sys-prefix) scope=(--sys-prefix) ;;
	--prefix)
		[ "$#" -ge 2 ] || bad_usage "--prefix needs a directory"
		scope=(--prefix "$2")
		shift
		;;
	--prefix=*) scope=(--prefix "${1#--prefix=}") ;;
	--no-fonts) fonts=false ;;
	--blas)
		[ "$#" -ge 2 ] || bad_usage "--blas needs auto, openblas or gonum"
		blas="$2"
		shift
		;;
	--blas=*) blas="${1#--blas=}" ;;
	-h | --help)
		usage
		exit 0
		;;
	*) bad_usage "unknown argument '$1'" ;;
	esac
	shift
done

case "$blas" in
auto | openblas | gonum) ;;
*) bad_usage "--blas must be auto, openblas or gonum, not '${blas}'" ;;
esac

# check_go makes sure a Go toolchain new enough for go.mod is on PATH.
check_go() {
	command -v go >/dev/null 2>&1 ||
		die "Go 1.${min_go_minor} or newer is needed and 'go' is not on PATH; install Go and run this again"
	local v minor
	# The toolchain go.mod selects; Go before 1.20 knows no -C.
	v="$(go -C "$here" env GOVERSION 2>/dev/null || go version | awk '{ print $3 }')"
	case "$v" in
	go1.*)
		minor="${v#go1.}"
		minor="${minor%%[!0-9]*}"
		if [ -z "$minor" ] || [ "$minor" -lt "$min_go_minor" ]; then
			die "Go 1.${min_go_minor} or newer is needed, found ${v} at $(command -v go)"
		fi
		;;
	*) warn "cannot tell the version of Go '${v}'; trying anyway" ;;
	esac
}

# check_cc requires a C compiler only when the build is asked to use cgo
# without OpenBLAS: the OpenBLAS build checks for its own.
check_cc() {
	if [ "${CGO_ENABLED:-}" = "1" ]; then
		local cc="${CC:-cc}"
		command -v "$cc" >/dev/null 2>&1 ||
			die "CGO_ENABLED=1 needs a C compiler and '${cc}' is not on PATH (install gcc, or unset CGO_ENABLED)"
	fi
}

# have_openblas reports whether the linker can find libopenblas.
have_openblas() {
	if command -v pkg-config >/dev/null 2>&1 && pkg-config --exists openblas 2>/dev/null; then
		return 0
	fi
	local d
	for d in /usr/lib/x86_64-linux-gnu /usr/lib/aarch64-linux-gnu /usr/lib64 /usr/lib /usr/local/lib; do
		if [ -e "$d/libopenblas.so" ]; then
			return 0
		fi
	done
	return 1
}

# openblas_reason prints why the OpenBLAS build cannot be made, and nothing
# when it can; as root on Debian it installs libopenblas-dev first.
openblas_reason() {
	if [ "${CGO_ENABLED:-}" = "0" ]; then
		echo "CGO_ENABLED=0"
		return
	fi
	local cc
	cc="$(go -C "$here" env CC 2>/dev/null || true)"
	cc="${cc:-cc}"
	if ! command -v "${cc%% *}" >/dev/null 2>&1; then
		echo "no C compiler ('${cc}'; install gcc)"
		return
	fi
	if have_openblas; then
		return
	fi
	if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
		say "Installing OpenBLAS (libopenblas-dev)..." >&2
		if DEBIAN_FRONTEND=noninteractive apt-get install -y -q libopenblas-dev >/dev/null 2>&1 ||
			{ apt-get update -qq >/dev/null 2>&1 &&
				DEBIAN_FRONTEND=noninteractive apt-get install -y -q libopenblas-dev >/dev/null 2>&1; }; then
			have_openblas && return
		fi
		echo "libopenblas-dev could not be installed"
		return
	fi
	if command -v apt-get >/dev/null 2>&1; then
		echo "no libopenblas (sudo apt-get install libopenblas-dev, then run this again)"
	else
		echo "no libopenblas (install OpenBLAS, then run this again)"
	fi
}

# build_gocell builds ./cmd/kernel into $1 with the BLAS that --blas asks for.
build_gocell() {
	local out="$1" ldflags="$2" reason=""
	if [ "$blas" != gonum ]; then
		reason="$(openblas_reason)"
		if [ -z "$reason" ]; then
			say "Building gocell with OpenBLAS (the first build takes a few minutes)..."
			local libdir=""
			if command -v pkg-config >/dev/null 2>&1; then
				libdir="$(pkg-config --variable=libdir openblas 2>/dev/null || true)"
			fi
			# A libdir outside the linker's defaults (Homebrew, say) must also be
			# found at run time.
			if CGO_ENABLED=1 CGO_LDFLAGS="${CGO_LDFLAGS:-}${libdir:+ -L${libdir} -Wl,-rpath,${libdir}}" \
				go -C "$here" build -tags openblas -ldflags "$ldflags" -o "$out" ./cmd/kernel; then
				return
			fi
			reason="the cgo build failed (see above)"
		fi
		if [ "$blas" = openblas ]; then
			die "--blas openblas: cannot build with OpenBLAS: ${reason}"
		fi
		say "Not using OpenBLAS: ${reason}."
	fi
	say "Building gocell with gonum's pure-Go BLAS (the first build takes a few minutes)..."
	go -C "$here" build -ldflags "$ldflags" -o "$out" ./cmd/kernel
}

# check_disk wants room for the first build in Go's build cache.
check_disk() {
	local dir avail
	dir="$(go env GOCACHE)"
	while [ ! -d "$dir" ] && [ "$dir" != "/" ]; do
		dir="$(dirname "$dir")"
	done
	avail="$(df -Pk "$dir" | awk 'NR == 2 { print $4 }')"
	case "$avail" in
	'' | *[!0-9]*)
		warn "cannot tell the free space in ${dir}; the first build needs about 1 GB"
		return
		;;
	esac
	if [ "$avail" -lt "$need_disk_kb" ]; then
		die "the first build needs about 1 GB free for Go's build cache in ${dir}; only $((avail / 1024)) MB free"
	fi
}

# check_fonts offers a Japanese font: plots with Japanese titles need one.
# It never fails the install.
check_fonts() {
	if command -v fc-list >/dev/null 2>&1 && [ -n "$(fc-list :lang=ja 2>/dev/null | head -n 1)" ]; then
		return
	fi
	if command -v dpkg-query >/dev/null 2>&1; then
		local p
		for p in fonts-ipaexfont-gothic fonts-ipaexfont fonts-noto-cjk; do
			if dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
				return
			fi
		done
	fi
	if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
		say "Installing a Japanese font for plot titles (fonts-ipaexfont)..."
		if ! DEBIAN_FRONTEND=noninteractive apt-get install -y -q fonts-ipaexfont >/dev/null; then
			warn "could not install fonts-ipaexfont; plots with Japanese text will show boxes"
		fi
	elif command -v apt-get >/dev/null 2>&1; then
		say "Plots with Japanese text need a CJK font: sudo apt-get install fonts-ipaexfont"
	else
		say "Plots with Japanese text need a CJK font (IPAex or Noto CJK)."
	fi
}

# spec_dir is where the kernelspec of the chosen scope lives, computed as
# kernel/kernelspec does; it is only used when no gocell binary is left to ask.
spec_dir() {
	local data
	case "${scope[0]}" in
	--prefix) data="${scope[1]}/share/jupyter" ;;
	--sys-prefix)
		[ -x /usr/bin/python3 ] || die "--sys-prefix needs /usr/bin/python3"
		data="$(/usr/bin/python3 -c 'import sys; print(sys.prefix)')/share/jupyter"
		;;
	*)
		if [ -n "${JUPYTER_DATA_DIR:-}" ]; then
			data="$JUPYTER_DATA_DIR"
		elif [ "$(uname -s)" = Darwin ]; then
			data="${HOME}/Library/Jupyter"
		else
			data="${XDG_DATA_HOME:-${HOME}/.local/share}/jupyter"
		fi
		;;
	esac
	printf '%s/kernels/gocell\n' "$data"
}

do_uninstall() {
	if [ -x "$bin" ]; then
		"$bin" uninstall "${scope[@]}"
	else
		local dir
		dir="$(spec_dir)"
		if [ -d "$dir" ]; then
			rm -rf "$dir"
			say "removed kernelspec ${dir}"
		else
			say "no kernelspec at ${dir}; nothing to remove"
		fi
	fi
	if [ -e "$bin" ]; then
		rm -f "$bin"
		say "Removed ${bin}."
	fi
}

do_install() {
	check_go
	check_cc
	check_disk
	local version tmp
	version="$(git -C "$here" describe --always --dirty 2>/dev/null || true)"
	mkdir -p "$bin_dir"
	# Build next to the destination and rename, so a kernel that is running
	# keeps its binary and the new one appears whole.
	tmp="$(mktemp "${bin_dir}/.gocell-build.XXXXXX")"
	# shellcheck disable=SC2064 # expand now: tmp is local to this function
	trap "rm -f '${tmp}'" EXIT
	build_gocell "$tmp" "-X main.version=${version:-devel}"
	chmod 755 "$tmp"
	mv -f "$tmp" "$bin"
	trap - EXIT
	say "Installed ${bin}; BLAS: $("$bin" version | sed -n 's/^blas //p')"
	"$bin" install "${scope[@]}"
	if [ "$fonts" = true ]; then
		check_fonts
	fi
	say ""
	say "Done. Start Jupyter and pick \"Go (gocell)\":"
	say "  jupyter lab          (or: jupyter notebook)"
	say "  jupyter console --kernel gocell"
	case ":${PATH}:" in
	*":${bin_dir}:"*) ;;
	*) say "(${bin_dir} is not on PATH; Jupyter does not need it to be, but 'gocell version' does.)" ;;
	esac
}

if [ "$uninstall" = true ]; then
	do_uninstall
else
	do_install
fi
