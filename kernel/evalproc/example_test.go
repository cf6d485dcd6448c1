package evalproc_test

import (
	"context"
	"fmt"
	"log/slog"
	"os"
	"os/exec"

	"github.com/gocell/gocell/kernel/evalproc"
	"github.com/gocell/gocell/kernel/session"
)

// newSession stands for the constructor of the real evaluation session.
var newSession func() session.Session

// Example shows the two halves in one binary: a hidden subcommand runs the
// child, and the kernel starts that subcommand through Start.
func Example() {
	if len(os.Args) > 1 && os.Args[1] == "evaluator" {
		// Child side. Nothing else may write to fd 3 or fd 4.
		if err := evalproc.ServeChild(newSession()); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		os.Exit(0)
	}

	// Parent side.
	self, err := os.Executable()
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return
	}
	client, err := evalproc.Start(context.Background(), evalproc.Options{
		Command: func() *exec.Cmd { return exec.Command(self, "evaluator") },
		Logger:  slog.Default(),
	})
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return
	}
	defer client.Close()
	// client is a session.Session: hand it to the protocol server.
	var _ session.Session = client
}
