package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/exec"
	"os/signal"
	"runtime"
	"runtime/debug"
	"strings"
	"syscall"

	"github.com/gocell/gocell/kernel"
	"github.com/gocell/gocell/kernel/connfile"
	"github.com/gocell/gocell/kernel/evalproc"
	"github.com/gocell/gocell/kernel/evaluator"
	"github.com/gocell/gocell/kernel/history"
	"github.com/gocell/gocell/kernel/sockets"
	"github.com/gocell/gocell/kernel/symbols"
	"github.com/gocell/gocell/kernel/wire"
)

// evaluatorCommand is the hidden subcommand that runs in the child process
// evalproc starts: the yaegi session lives there, so a crash of a cell ends
// only the child.
const evaluatorCommand = "evaluator"

func init() {
	register(&command{
		name:    "kernel",
		args:    "[--log-level debug|info|warn|error] CONNECTION_FILE",
		summary: "run the kernel (Jupyter starts this through the kernelspec)",
		detail: "The kernel logs to standard error; Jupyter shows it in the terminal\n" +
			"that runs the Jupyter server. --log-level debug logs every message.\n" +
			"GOCELL_LOG_LEVEL in the environment sets the level when the flag is not\n" +
			"given (Jupyter passes its environment on to the kernels it starts).",
		run: runKernel,
	})
	register(&command{
		name:    evaluatorCommand,
		summary: "the evaluator child process (started by the kernel)",
		hidden:  true,
		run:     runEvaluator,
	})
}

func runKernel(args []string, _, stderr io.Writer) error {
	fs := flag.NewFlagSet("kernel", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	defaultLevel := "info"
	if env := os.Getenv("GOCELL_LOG_LEVEL"); env != "" {
		defaultLevel = env
	}
	level := fs.String("log-level", defaultLevel, "")
	if err := fs.Parse(args); err != nil {
		return usagef("%v", err)
	}
	if fs.NArg() != 1 {
		return usagef("one connection file expected")
	}
	// The protocol server is a few goroutines passing small messages: on one
	// processor it spends less on scheduler hand-offs (server CPU per 1+1
	// cell 0.27 -> 0.19 ms, bench/kernel). Cells run in the evaluator child,
	// which keeps every core; GOMAXPROCS in the environment still wins.
	if os.Getenv("GOMAXPROCS") == "" {
		runtime.GOMAXPROCS(1)
	}
	var lvl slog.Level
	if err := lvl.UnmarshalText([]byte(*level)); err != nil {
		return usagef("unknown log level %q", *level)
	}
	log := slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: lvl}))

	info, err := connfile.Read(fs.Arg(0))
	if err != nil {
		return err
	}
	codec, err := wire.NewCodec(info.SignatureScheme, []byte(info.Key))
	if err != nil {
		return err
	}
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM, syscall.SIGHUP)
	defer stop()
	watchParent(ctx, stop, log)
	socks, err := sockets.Open(ctx, info, sockets.Options{Logger: log})
	if err != nil {
		return err
	}
	defer socks.Close()

	// The evaluator child starts in the background (about 60 ms: a process
	// and a yaegi interpreter), so kernel_info, history, comm_info and the
	// heartbeat answer at once; execute, complete and inspect wait for it.
	sess, err := evalproc.New(evalproc.Options{Command: childCommand, Logger: log, IsComplete: isComplete})
	if err != nil {
		return fmt.Errorf("starting the evaluator: %w", err)
	}
	hist := openHistory(log)
	if hist != nil {
		defer hist.Close()
	}
	srv, err := kernel.New(kernel.Config{
		Transport: socks, Codec: codec, Session: sess, History: hist, Logger: log,
		Info: kernelInfo(),
	})
	if err != nil {
		sess.Close()
		return err
	}
	// SIGINT (interrupt_mode "signal", or Ctrl-C in a console's terminal)
	// stops the running cell, never the kernel.
	sigint := make(chan os.Signal, 1)
	signal.Notify(sigint, os.Interrupt)
	defer signal.Stop(sigint)
	go func() {
		for range sigint {
			srv.Interrupt()
		}
	}()
	go func() {
		if sess.Ready(ctx) == nil {
			releaseStartupPages()
			setGCPercent()
		}
	}()
	restart, err := srv.Serve(ctx)
	log.Info("kernel stopped", "restart", restart, "err", err)
	if err != nil && ctx.Err() != nil {
		return nil // SIGTERM: a normal way for Jupyter to end a kernel
	}
	return err
}

// openHistory opens the history store; a kernel without history still
// works, so a failure is logged, not fatal. GOCELL_HISTORY_DIR overrides
// the folder (tests use it to start from an empty history).
func openHistory(log *slog.Logger) *history.Store {
	hist, err := history.Open(history.Options{Dir: os.Getenv("GOCELL_HISTORY_DIR")})
	if err != nil {
		log.Warn("history is off", "err", err)
		return nil
	}
	return hist
}

func kernelInfo() kernel.Info {
	info, _ := debug.ReadBuildInfo()
	v := gocellVersion(info)
	return kernel.Info{
		ImplementationVersion: v,
		Banner: fmt.Sprintf("gocell %s: Go cells on yaegi %s. Preloaded: %s. %%help for help.",
			v, depVersion(info, "github.com/traefik/yaegi"), strings.Join(preloaded(), ", ")),
		HelpLinks: []kernel.HelpLink{
			{Text: "Go standard library", URL: "https://pkg.go.dev/std"},
			{Text: "gonum", URL: "https://pkg.go.dev/gonum.org/v1/gonum"},
		},
	}
}

// childCommand starts this same binary as the evaluator child.
func childCommand() *exec.Cmd {
	exe, err := os.Executable()
	if err != nil {
		exe = os.Args[0]
	}
	return exec.Command(exe, evaluatorCommand)
}

func runEvaluator(args []string, _, _ io.Writer) error {
	if len(args) != 0 {
		return usagef("no arguments expected")
	}
	// No Stdout/Stderr: what cells print goes to the cell's sink, which
	// evalproc keeps in order across both streams and with fd 1 and 2.
	s, err := evaluator.New(evaluator.Options{Symbols: symbols.Symbols})
	if err != nil {
		return err
	}
	releaseStartupPages()
	setGCPercent()
	return evalproc.ServeChild(releaseWhenIdle(s, evaluatorIdle))
}
