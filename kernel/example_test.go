package kernel_test

import (
	"context"
	"log/slog"
	"os"
	"os/signal"
	"syscall"

	"github.com/gocell/gocell/kernel"
	"github.com/gocell/gocell/kernel/connfile"
	"github.com/gocell/gocell/kernel/history"
	"github.com/gocell/gocell/kernel/sessiontest"
	"github.com/gocell/gocell/kernel/sockets"
	"github.com/gocell/gocell/kernel/wire"
)

// Example shows how a kernel binary wires the server together. The real
// binary passes the evaluation session instead of the fake one.
func Example() {
	log := slog.New(slog.NewTextHandler(os.Stderr, nil))
	info, err := connfile.Read("kernel-1234.json")
	if err != nil {
		log.Error(err.Error())
		return
	}
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM)
	defer stop()
	codec, err := wire.NewCodec(info.SignatureScheme, []byte(info.Key))
	if err != nil {
		log.Error(err.Error())
		return
	}
	socks, err := sockets.Open(ctx, info, sockets.Options{Logger: log})
	if err != nil {
		log.Error(err.Error())
		return
	}
	defer socks.Close()
	// A kernel without history still works; say why and go on.
	hist, err := history.Open(history.Options{})
	if err != nil {
		log.Warn("no history", "err", err)
		hist = nil
	} else {
		defer hist.Close()
	}
	srv, err := kernel.New(kernel.Config{
		Transport: socks, Codec: codec, Session: &sessiontest.Session{}, History: hist, Logger: log,
		Info: kernel.Info{ImplementationVersion: "0.1.0", Banner: "gocell: Go in Jupyter"},
	})
	if err != nil {
		log.Error(err.Error())
		return
	}
	// SIGINT (interrupt_mode "signal", or Ctrl-C in a terminal) stops the
	// running cell, not the kernel.
	sigint := make(chan os.Signal, 1)
	signal.Notify(sigint, os.Interrupt)
	go func() {
		for range sigint {
			srv.Interrupt()
		}
	}()
	restart, err := srv.Serve(ctx)
	log.Info("kernel done", "restart", restart, "err", err)
}
