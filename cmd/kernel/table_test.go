package main

import (
	"bytes"
	"errors"
	"io"
	"strings"
	"testing"
)

// TestCommandTable checks the contract files adding commands rely on:
// hidden commands run but stay out of help, errors map to exit codes.
func TestCommandTable(t *testing.T) {
	var got []string
	register(&command{name: "test-hidden", hidden: true, run: func(args []string, _, _ io.Writer) error {
		got = args
		return nil
	}})
	register(&command{name: "test-fails", args: "X", run: func([]string, io.Writer, io.Writer) error {
		return errors.New("it broke\nacross lines")
	}})
	register(&command{name: "test-usage", args: "X", run: func([]string, io.Writer, io.Writer) error {
		return usagef("missing X")
	}})
	defer func() {
		delete(commands, "test-hidden")
		delete(commands, "test-fails")
		delete(commands, "test-usage")
	}()

	tests := []struct {
		args       []string
		code       int
		stderr     string
		stdoutHas  string
		stdoutLack string
	}{
		{[]string{"test-hidden", "a", "b"}, 0, "", "", ""},
		{[]string{"test-fails"}, 1, "gocell test-fails: it broke across lines\n", "", ""},
		{[]string{"test-usage"}, 2, "gocell test-usage: missing X; usage: gocell test-usage X\n", "", ""},
		{[]string{"help"}, 0, "", "gocell test-fails", "test-hidden"},
		{[]string{"--help"}, 0, "", "gocell test-fails", ""},
		{[]string{"--version"}, 0, "", "yaegi ", ""},
	}
	for _, tt := range tests {
		var out, errOut bytes.Buffer
		code := run(tt.args, &out, &errOut)
		if code != tt.code || errOut.String() != tt.stderr {
			t.Errorf("%q: exit %d, stderr %q; want %d, %q", tt.args, code, errOut.String(), tt.code, tt.stderr)
		}
		if tt.stdoutHas != "" && !strings.Contains(out.String(), tt.stdoutHas) {
			t.Errorf("%q: stdout lacks %q", tt.args, tt.stdoutHas)
		}
		if tt.stdoutLack != "" && strings.Contains(out.String(), tt.stdoutLack) {
			t.Errorf("%q: stdout shows %q", tt.args, tt.stdoutLack)
		}
	}
	if strings.Join(got, ",") != "a,b" {
		t.Errorf("hidden command got args %q", got)
	}
}
