// Command gocell is the gocell Jupyter kernel and its installer: `gocell
// install` writes the kernelspec, through which Jupyter starts `gocell kernel
// CONNECTION_FILE`.
//
// Each subcommand is an entry in a table that the files of this package fill
// from their init functions (install.go, version.go, ...), so adding one is
// adding a file.
package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"sort"
	"strings"
)

// command is one subcommand.
type command struct {
	name    string
	args    string // synopsis of the arguments, for usage lines
	summary string // one line for `gocell help`
	detail  string // more for `gocell help NAME`; may be empty
	// hidden commands (the evaluator child) are left out of help.
	hidden bool
	// run does the work. A usageError makes gocell print the command's usage
	// line and exit 2; any other error is printed as one line, exit 1.
	run func(args []string, stdout, stderr io.Writer) error
}

var commands = map[string]*command{}

// register adds c to the table; it is called from init functions.
func register(c *command) {
	if _, dup := commands[c.name]; dup {
		panic("gocell: command " + c.name + " registered twice")
	}
	commands[c.name] = c
}

// usageError is a mistake in the command line.
type usageError struct{ msg string }

func (e usageError) Error() string { return e.msg }

func usagef(format string, args ...any) error {
	return usageError{fmt.Sprintf(format, args...)}
}

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

// run executes the command line args and returns the exit status.
func run(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		writeHelp(stderr)
		return 2
	}
	name := args[0]
	switch name { // what people type out of habit
	case "-h", "-help", "--help":
		name = "help"
	case "-version", "--version":
		name = "version"
	}
	c, ok := commands[name]
	if !ok {
		fmt.Fprintf(stderr, "gocell: unknown command %q; usage: gocell %s (see gocell help)\n",
			args[0], strings.Join(visibleNames(), "|"))
		return 2
	}
	if name != "help" && asksHelp(args[1:]) {
		c, args = commands["help"], []string{"help", name}
	}
	err := c.run(args[1:], stdout, stderr)
	var ue usageError
	switch {
	case err == nil:
		return 0
	case errors.As(err, &ue):
		fmt.Fprintf(stderr, "gocell %s: %s; usage: gocell %s %s\n", c.name, ue.msg, c.name, c.args)
		return 2
	default:
		fmt.Fprintf(stderr, "gocell %s: %s\n", c.name, oneLine(err.Error()))
		return 1
	}
}

// asksHelp reports a -h, -help or --help among a command's flags (before
// a "--"): `gocell run --help` shows the command's help, as `gocell help
// run` does, rather than the flag package's "help requested" error.
func asksHelp(args []string) bool {
	for _, a := range args {
		switch a {
		case "--":
			return false
		case "-h", "-help", "--help":
			return true
		}
	}
	return false
}

// oneLine keeps an error to a single line of the terminal.
func oneLine(s string) string {
	return strings.Join(strings.Fields(s), " ")
}

func visibleNames() []string {
	var names []string
	for name, c := range commands {
		if !c.hidden {
			names = append(names, name)
		}
	}
	sort.Strings(names)
	return names
}

func writeHelp(w io.Writer) {
	fmt.Fprintln(w, "gocell is a Jupyter kernel for Go.")
	fmt.Fprintln(w)
	fmt.Fprintln(w, "Usage:")
	for _, name := range visibleNames() {
		c := commands[name]
		fmt.Fprintf(w, "  gocell %s\n        %s\n", strings.TrimSpace(c.name+" "+c.args), c.summary)
	}
	fmt.Fprintln(w)
	fmt.Fprintln(w, "Run 'gocell help COMMAND' for more about a command.")
}

func init() {
	register(&command{
		name:    "help",
		args:    "[COMMAND]",
		summary: "show this help, or a command's",
		run: func(args []string, stdout, _ io.Writer) error {
			if len(args) == 0 {
				writeHelp(stdout)
				return nil
			}
			if len(args) > 1 {
				return usagef("one command at a time")
			}
			c, ok := commands[args[0]]
			if !ok {
				return usagef("unknown command %q", args[0])
			}
			fmt.Fprintf(stdout, "usage: gocell %s\n\n%s\n", strings.TrimSpace(c.name+" "+c.args), c.summary)
			if c.detail != "" {
				fmt.Fprintf(stdout, "\n%s\n", c.detail)
			}
			return nil
		},
	})
}
