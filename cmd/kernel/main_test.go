package main

import (
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/gocell/gocell/dnn/openblas"
)

// gocellBin is the binary built once for the tests that run it as a user would.
var gocellBin string

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "gocell-cmd-test-")
	if err != nil {
		panic(err)
	}
	gocellBin = filepath.Join(dir, "gocell")
	args := []string{"build", "-o", gocellBin}
	if openblas.Available() { // test the binary of the build being tested
		args = append(args, "-tags", "openblas")
	}
	build := exec.Command("go", append(args, ".")...)
	build.Stderr = os.Stderr
	if err := build.Run(); err != nil {
		os.RemoveAll(dir)
		panic("building gocell: " + err.Error())
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// gocell runs the binary with env added to a clean environment.
func gocell(t *testing.T, env []string, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	cmd := exec.Command(gocellBin, args...)
	cmd.Env = append([]string{"PATH=" + os.Getenv("PATH")}, env...)
	var out, errOut bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errOut
	err := cmd.Run()
	if ee, ok := err.(*exec.ExitError); ok {
		code = ee.ExitCode()
	} else if err != nil {
		t.Fatalf("running gocell: %v", err)
	}
	return out.String(), errOut.String(), code
}

func TestVersion(t *testing.T) {
	out, errOut, code := gocell(t, nil, "version")
	if code != 0 || errOut != "" {
		t.Fatalf("exit %d, stderr %q", code, errOut)
	}
	blas := "\nblas gonum pure Go\n"
	if openblas.Available() {
		blas = "\nblas OpenBLAS "
	}
	for _, want := range []string{"gocell ", "\ngo go1.", "\nyaegi v0.16.1\n", blas, "gonum.org/v1/gonum/mat"} {
		if !strings.Contains(out, want) {
			t.Errorf("version output lacks %q:\n%s", want, out)
		}
	}
}

func TestBadCommandLines(t *testing.T) {
	tests := []struct {
		args   []string
		errHas string
	}{
		{[]string{"frobnicate"}, `unknown command "frobnicate"`},
		{[]string{"install", "--bogus"}, "unknown flag -bogus"},
		{[]string{"install", "--user", "--prefix", "/tmp/x"}, "exclude each other"},
		{[]string{"install", "--prefix"}, "needs an argument"},
		{[]string{"install", "--prefix="}, "--prefix needs a directory"},
		{[]string{"uninstall", "extra"}, `unexpected argument "extra"`},
		{[]string{"version", "now"}, "no arguments expected"},
		{[]string{"help", "frobnicate"}, `unknown command "frobnicate"`},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.args, " "), func(t *testing.T) {
			out, errOut, code := gocell(t, nil, tt.args...)
			if code != 2 {
				t.Errorf("exit %d, want 2", code)
			}
			if out != "" {
				t.Errorf("stdout %q, want none", out)
			}
			if strings.Count(errOut, "\n") != 1 || !strings.HasSuffix(errOut, "\n") {
				t.Errorf("stderr is not one line: %q", errOut)
			}
			if !strings.Contains(errOut, tt.errHas) || !strings.Contains(errOut, "usage: gocell") {
				t.Errorf("stderr %q, want %q and a usage", errOut, tt.errHas)
			}
		})
	}
}

func TestNoArgumentsPrintsHelpToStderr(t *testing.T) {
	out, errOut, code := gocell(t, nil)
	if code != 2 || out != "" || !strings.Contains(errOut, "gocell install") {
		t.Errorf("exit %d, stdout %q, stderr %q", code, out, errOut)
	}
	help, _, code := gocell(t, nil, "help")
	if code != 0 || help != errOut {
		t.Errorf("help: exit %d, output differs from the bare command's:\n%s", code, help)
	}
	for _, name := range []string{"install", "uninstall", "version", "help"} {
		if !strings.Contains(help, "gocell "+name) {
			t.Errorf("help lacks %s", name)
		}
	}
}

// TestCommandHelpFlag: `gocell run --help` is what people type; it prints
// the command's help, as `gocell help run` does, and exits 0 (it used to
// be a usage error, "flag: help requested").
func TestCommandHelpFlag(t *testing.T) {
	for _, name := range []string{"run", "install", "kernel"} {
		want, _, code := gocell(t, nil, "help", name)
		if code != 0 || !strings.HasPrefix(want, "usage: gocell "+name) {
			t.Fatalf("help %s: exit %d, %q", name, code, want)
		}
		for _, flag := range []string{"-h", "--help", "-help"} {
			out, errOut, code := gocell(t, nil, name, flag)
			if code != 0 || out != want || errOut != "" {
				t.Errorf("%s %s: exit %d, stdout %q, stderr %q; want gocell help %s's output", name, flag, code, out, errOut, name)
			}
		}
	}
}

func readArgv(t *testing.T, kernelJSON string) []string {
	t.Helper()
	b, err := os.ReadFile(kernelJSON)
	if err != nil {
		t.Fatal(err)
	}
	var spec struct {
		Argv        []string `json:"argv"`
		DisplayName string   `json:"display_name"`
	}
	if err := json.Unmarshal(b, &spec); err != nil {
		t.Fatal(err)
	}
	if spec.DisplayName != "Go (gocell)" {
		t.Errorf("display_name %q", spec.DisplayName)
	}
	return spec.Argv
}

func TestInstallUninstall(t *testing.T) {
	prefix := t.TempDir()
	data := t.TempDir()
	bin, err := filepath.EvalSymlinks(gocellBin)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		env  []string
		args []string
		dir  string
	}{
		{"prefix", nil, []string{"--prefix", prefix}, filepath.Join(prefix, "share/jupyter/kernels/gocell")},
		{"user with JUPYTER_DATA_DIR", []string{"JUPYTER_DATA_DIR=" + data}, nil, filepath.Join(data, "kernels/gocell")},
		{"user with HOME", []string{"HOME=" + data}, []string{"--user"}, filepath.Join(data, ".local/share/jupyter/kernels/gocell")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for i := 0; i < 2; i++ {
				out, errOut, code := gocell(t, tt.env, append([]string{"install"}, tt.args...)...)
				if code != 0 || errOut != "" || !strings.Contains(out, tt.dir) {
					t.Fatalf("install: exit %d, stdout %q, stderr %q", code, out, errOut)
				}
			}
			argv := readArgv(t, filepath.Join(tt.dir, "kernel.json"))
			if len(argv) != 3 || argv[0] != bin || argv[1] != "kernel" || argv[2] != "{connection_file}" {
				t.Errorf("argv %q, want [%s kernel {connection_file}]", argv, bin)
			}
			out, _, code := gocell(t, tt.env, append([]string{"uninstall"}, tt.args...)...)
			if code != 0 || !strings.HasPrefix(out, "removed kernelspec") {
				t.Errorf("uninstall: exit %d, %q", code, out)
			}
			if _, err := os.Stat(tt.dir); !os.IsNotExist(err) {
				t.Errorf("kernelspec still there: %v", err)
			}
			out, _, code = gocell(t, tt.env, append([]string{"uninstall"}, tt.args...)...)
			if code != 0 || !strings.Contains(out, "nothing to remove") {
				t.Errorf("second uninstall: exit %d, %q", code, out)
			}
		})
	}
}

func TestInstallFailureIsOneLine(t *testing.T) {
	// A prefix under a file cannot be created.
	file := filepath.Join(t.TempDir(), "file")
	if err := os.WriteFile(file, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	_, errOut, code := gocell(t, nil, "install", "--prefix", file)
	if code != 1 || strings.Count(errOut, "\n") != 1 || !strings.HasPrefix(errOut, "gocell install: kernelspec: ") {
		t.Errorf("exit %d, stderr %q", code, errOut)
	}
}

// TestKernelLogLevelFromEnv: GOCELL_LOG_LEVEL sets the kernel's log level
// when --log-level is not given (a kernelspec's env, or the Jupyter
// server's environment, reaches the kernel); the flag wins over it.
func TestKernelLogLevelFromEnv(t *testing.T) {
	missing := filepath.Join(t.TempDir(), "no-such-connection.json")
	tests := []struct {
		env  []string
		args []string
		want string // in stderr
	}{
		{[]string{"GOCELL_LOG_LEVEL=loud"}, []string{"kernel", missing}, `unknown log level "loud"`},
		{[]string{"GOCELL_LOG_LEVEL=debug"}, []string{"kernel", missing}, "no-such-connection.json"},
		{[]string{"GOCELL_LOG_LEVEL=loud"}, []string{"kernel", "--log-level", "warn", missing}, "no-such-connection.json"},
	}
	for _, tt := range tests {
		_, errOut, code := gocell(t, tt.env, tt.args...)
		if code == 0 || !strings.Contains(errOut, tt.want) {
			t.Errorf("%v %v: exit %d, stderr %q; want it to mention %q", tt.env, tt.args, code, errOut, tt.want)
		}
		if tt.want != `unknown log level "loud"` && strings.Contains(errOut, "unknown log level") {
			t.Errorf("%v %v: the level was refused: %q", tt.env, tt.args, errOut)
		}
	}
}
