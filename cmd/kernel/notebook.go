package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"strings"
	"syscall"
	"time"

	"github.com/gocell/gocell/kernel/evalproc"
	"github.com/gocell/gocell/kernel/notebook"
)

func init() {
	register(&command{
		name:    "run",
		args:    "[-o OUT.ipynb | --inplace] [--timeout D] [--allow-errors] NOTEBOOK.ipynb",
		summary: "run every code cell of a notebook without Jupyter and save the outputs",
		detail: `Cells run in order, in the notebook's folder, on the same evaluator the
kernel uses. One line per cell is printed as it ends. The notebook with
its outputs is written to NAME.out.ipynb beside the input, to -o OUT.ipynb,
or over the input with --inplace; the input is never touched otherwise,
and a file is only ever replaced whole.

  -o OUT.ipynb    where to write the executed notebook
  --inplace       write over the input
  --timeout D     interrupt a cell running longer than D (e.g. 90s, 10m;
                  the default 0 means no limit); it counts as an error
  --allow-errors  run every cell even after errors; exit 0

The run stops at the first error, writes what ran and exits 1, except
for cells tagged raises-exception, which may fail. Ctrl-C interrupts the
running cell, writes what ran and exits 1. Input reads fail: there is
no one to answer them.`,
		run: runNotebook,
	})
}

// runArgs is a parsed `gocell run` command line.
type runArgs struct {
	in, out     string
	timeout     time.Duration
	allowErrors bool
}

// parseRunArgs reads the flags, which may come before or after the
// notebook, as people type them either way.
func parseRunArgs(args []string) (runArgs, error) {
	var ra runArgs
	fs := flag.NewFlagSet("run", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.StringVar(&ra.out, "o", "", "")
	inplace := fs.Bool("inplace", false, "")
	fs.DurationVar(&ra.timeout, "timeout", 0, "")
	fs.BoolVar(&ra.allowErrors, "allow-errors", false, "")
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			msg := err.Error()
			if name, ok := strings.CutPrefix(msg, "flag provided but not defined: "); ok {
				msg = "unknown flag " + name
			}
			return ra, usagef("%s", msg)
		}
		if fs.NArg() == 0 {
			break
		}
		pos = append(pos, fs.Arg(0))
		args = fs.Args()[1:]
	}
	oSet := false
	fs.Visit(func(f *flag.Flag) { oSet = oSet || f.Name == "o" })
	switch {
	case len(pos) == 0:
		return ra, usagef("no notebook given")
	case len(pos) > 1:
		return ra, usagef("one notebook at a time (got %q and %q)", pos[0], pos[1])
	case oSet && ra.out == "":
		return ra, usagef("-o needs a file name")
	case oSet && *inplace:
		return ra, usagef("-o and --inplace exclude each other")
	case ra.timeout < 0:
		return ra, usagef("--timeout must not be negative")
	}
	ra.in = pos[0]
	switch {
	case *inplace:
		ra.out = ra.in
	case !oSet:
		// nbconvert writes NAME.nbconvert.ipynb; ours says what it holds.
		ra.out = strings.TrimSuffix(ra.in, ".ipynb") + ".out.ipynb"
	}
	return ra, nil
}

func runNotebook(args []string, stdout, stderr io.Writer) error {
	ra, err := parseRunArgs(args)
	if err != nil {
		return err
	}
	// Parse before anything runs: a bad notebook ends here, with nothing
	// written anywhere.
	nb, err := notebook.ReadFile(ra.in)
	if err != nil {
		return err
	}
	dir, err := filepath.Abs(filepath.Dir(ra.in))
	if err != nil {
		return fmt.Errorf("run: %w", err)
	}
	if err := checkWritable(ra.out); err != nil {
		return err
	}

	// SIGINT interrupts the running cell through ctx; the run then ends
	// and what ran is written. SIGTERM does the same.
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	log := slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))
	sess, err := evalproc.Start(ctx, evalproc.Options{
		Command: func() *exec.Cmd {
			cmd := childCommand()
			cmd.Dir = dir // relative paths in cells mean the notebook's folder, as in Jupyter
			return cmd
		},
		Logger: log,
	})
	if err != nil {
		return fmt.Errorf("starting the evaluator: %w", err)
	}
	fmt.Fprintf(stdout, "running %s\n", ra.in)
	sum, runErr := notebook.Run(ctx, sess, nb, notebook.Options{
		Timeout: ra.timeout, AllowErrors: ra.allowErrors, Progress: stdout,
	})
	if err := sess.Close(); err != nil {
		log.Warn("closing the evaluator", "err", err)
	}

	foreign := foreignKernel(nb)
	nb.SetGocellKernel()
	if err := notebook.WriteFile(ra.out, nb); err != nil {
		return errors.Join(runErr, err)
	}
	fmt.Fprintf(stdout, "wrote %s: %d cells ran, %d failed\n", ra.out, sum.Ran, sum.Failed)
	var ce *notebook.CellError
	if errors.As(runErr, &ce) {
		// The traceback says where; the one-line error below says which cell.
		for _, line := range ce.Err.Traceback {
			fmt.Fprintln(stderr, line)
		}
		if foreign != "" {
			// A Python notebook fails on its first cell with a Go compile
			// error ("missing import path"): say whose notebook it is.
			return fmt.Errorf("%w (this is %s: gocell runs Go cells)", runErr, foreign)
		}
	}
	return runErr
}

// checkWritable fails, before any cell runs, when the notebook cannot be
// written to out: a run of minutes would otherwise end without its results.
func checkWritable(out string) error {
	if fi, err := os.Stat(out); err == nil && fi.IsDir() {
		return fmt.Errorf("cannot write %s: it is a folder (-o takes a notebook's file name)", out)
	}
	dir := filepath.Dir(out)
	if fi, err := os.Stat(dir); err != nil || !fi.IsDir() {
		return fmt.Errorf("cannot write %s: no folder %s", out, dir)
	}
	f, err := os.CreateTemp(dir, ".gocell-run-*")
	if err != nil {
		return fmt.Errorf("cannot write %s: %w", out, err)
	}
	f.Close()
	os.Remove(f.Name())
	return nil
}

// foreignKernel describes the notebook's kernel, as "a python notebook,
// kernel python3", when its metadata names one other than gocell's; ""
// for a Go notebook or one that names none.
func foreignKernel(nb *notebook.Notebook) string {
	var spec struct{ Name, Language string }
	var info struct{ Name string }
	json.Unmarshal(nb.Metadata["kernelspec"], &spec)    // absent or odd: zero
	json.Unmarshal(nb.Metadata["language_info"], &info) // likewise
	lang := spec.Language
	if lang == "" {
		lang = info.Name
	}
	switch {
	case strings.EqualFold(lang, "go") || spec.Name == "gocell" || (lang == "" && spec.Name == ""):
		return ""
	case lang == "":
		return "a notebook for kernel " + spec.Name
	case spec.Name == "":
		return "a " + lang + " notebook"
	}
	return "a " + lang + " notebook, kernel " + spec.Name
}
