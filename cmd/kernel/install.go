package main

import (
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/gocell/gocell/kernel/kernelspec"
)

const scopeDetail = `Where:
  --user        the user's Jupyter data directory (the default):
                $JUPYTER_DATA_DIR, else $XDG_DATA_HOME/jupyter or
                ~/.local/share/jupyter (~/Library/Jupyter on macOS)
  --prefix DIR  DIR/share/jupyter (for a virtualenv or conda prefix)
  --sys-prefix  sys.prefix/share/jupyter of ` + kernelspec.DefaultPython

func init() {
	register(&command{
		name:    "install",
		args:    "[--user | --prefix DIR | --sys-prefix]",
		summary: "install the Jupyter kernelspec that runs this binary",
		detail: "The kernelspec's argv holds this binary's absolute path, so install\n" +
			"the binary where it will stay first (install.sh does).\n\n" + scopeDetail,
		run: runInstall,
	})
	register(&command{
		name:    "uninstall",
		args:    "[--user | --prefix DIR | --sys-prefix]",
		summary: "remove the Jupyter kernelspec",
		detail:  scopeDetail,
		run:     runUninstall,
	})
}

// parseScope reads the flags install and uninstall share.
func parseScope(args []string) (kernelspec.Options, error) {
	fs := flag.NewFlagSet("", flag.ContinueOnError)
	fs.SetOutput(io.Discard) // the caller prints one line
	user := fs.Bool("user", false, "")
	sys := fs.Bool("sys-prefix", false, "")
	prefix := fs.String("prefix", "", "")
	if err := fs.Parse(args); err != nil {
		msg := err.Error()
		if flagName, ok := strings.CutPrefix(msg, "flag provided but not defined: "); ok {
			msg = "unknown flag " + flagName
		}
		return kernelspec.Options{}, usagef("%s", msg)
	}
	if fs.NArg() > 0 {
		return kernelspec.Options{}, usagef("unexpected argument %q", fs.Arg(0))
	}
	prefixSet := false
	fs.Visit(func(f *flag.Flag) { prefixSet = prefixSet || f.Name == "prefix" })
	n := 0
	for _, set := range []bool{*user, *sys, prefixSet} {
		if set {
			n++
		}
	}
	if n > 1 {
		return kernelspec.Options{}, usagef("--user, --prefix and --sys-prefix exclude each other")
	}
	switch {
	case prefixSet:
		if *prefix == "" {
			return kernelspec.Options{}, usagef("--prefix needs a directory")
		}
		return kernelspec.Options{Scope: kernelspec.Prefix, Prefix: *prefix}, nil
	case *sys:
		return kernelspec.Options{Scope: kernelspec.SysPrefix}, nil
	}
	return kernelspec.Options{Scope: kernelspec.User}, nil
}

func runInstall(args []string, stdout, stderr io.Writer) error {
	o, err := parseScope(args)
	if err != nil {
		return err
	}
	exe, err := os.Executable()
	if err != nil {
		return fmt.Errorf("cannot find this binary's path: %w", err)
	}
	if exe, err = filepath.EvalSymlinks(exe); err != nil {
		return fmt.Errorf("cannot find this binary's path: %w", err)
	}
	o.Binary = exe
	if strings.Contains(exe, string(filepath.Separator)+"go-build") {
		// `go run ./cmd/kernel install` runs a binary that go deletes on exit.
		fmt.Fprintf(stderr, "gocell install: warning: %s is a temporary build; build gocell with go build or install.sh, or the kernelspec will break\n", exe)
	}
	dir, err := kernelspec.Install(o)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "installed kernelspec %s in %s (runs %s)\n", kernelspec.Name, dir, exe)
	return nil
}

func runUninstall(args []string, stdout, _ io.Writer) error {
	o, err := parseScope(args)
	if err != nil {
		return err
	}
	dir, removed, err := kernelspec.Uninstall(o)
	if err != nil {
		return err
	}
	if removed {
		fmt.Fprintf(stdout, "removed kernelspec %s\n", dir)
	} else {
		fmt.Fprintf(stdout, "no kernelspec at %s; nothing to remove\n", dir)
	}
	return nil
}
