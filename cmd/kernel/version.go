package main

import (
	"fmt"
	"io"
	"path"
	"runtime"
	"runtime/debug"
	"sort"
	"strings"

	"github.com/gocell/gocell/kernel/symbols"
)

// version is gocell's version; install.sh sets it with
// -ldflags "-X main.version=...". Empty means the module's version from the
// build info, or "devel".
var version = ""

func init() {
	register(&command{
		name:    "version",
		summary: "print the versions of gocell, Go and yaegi, and the BLAS in use",
		run: func(args []string, stdout, _ io.Writer) error {
			if len(args) > 0 {
				return usagef("no arguments expected")
			}
			writeVersion(stdout)
			return nil
		},
	})
}

func writeVersion(w io.Writer) {
	info, _ := debug.ReadBuildInfo()
	fmt.Fprintf(w, "gocell %s\n", gocellVersion(info))
	fmt.Fprintf(w, "go %s %s/%s\n", runtime.Version(), runtime.GOOS, runtime.GOARCH)
	fmt.Fprintf(w, "yaegi %s\n", depVersion(info, "github.com/traefik/yaegi"))
	fmt.Fprintf(w, "blas %s\n", blasName())
	fmt.Fprintf(w, "preloaded %s\n", strings.Join(preloaded(), " "))
}

func gocellVersion(info *debug.BuildInfo) string {
	if version != "" {
		return version
	}
	if info != nil && info.Main.Version != "" && info.Main.Version != "(devel)" {
		return info.Main.Version
	}
	return "devel"
}

// depVersion reads a module's version from the binary's build info, so it
// cannot disagree with what was linked.
func depVersion(info *debug.BuildInfo, module string) string {
	if info == nil {
		return "unknown (no build info)"
	}
	for _, d := range info.Deps {
		if d.Path == module {
			if d.Replace != nil {
				return d.Replace.Version + " (replacing " + d.Version + ")"
			}
			return d.Version
		}
	}
	return "unknown (not in build info)"
}

// preloaded lists the import paths of the compiled packages cells can use
// beyond the standard library.
func preloaded() []string {
	var out []string
	for key := range symbols.Symbols {
		out = append(out, path.Dir(key))
	}
	sort.Strings(out)
	return out
}
