package main

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"gonum.org/v1/gonum/mat"

	"github.com/gocell/gocell/dnn/openblas"
)

func TestBLASName(t *testing.T) {
	got := blasName()
	want := "gonum pure Go"
	if openblas.Available() {
		want = fmt.Sprintf("%s (%d threads)", openblas.Config(), openblas.Threads())
		if !strings.HasPrefix(want, "OpenBLAS ") {
			t.Errorf("openblas.Config() = %q, want OpenBLAS's description", openblas.Config())
		}
	}
	if got != want {
		t.Errorf("blasName() = %q, want %q", got, want)
	}
}

// TestBLASAfterPageRelease runs a product after releaseStartupPages, as the
// evaluator child does: in the cgo build the binary's relocated GOT sits in a
// read-only mapping, and dropping it made every later call into C (OpenBLAS,
// pthread_create) jump to address 0.
func TestBLASAfterPageRelease(t *testing.T) {
	releaseStartupPages()
	a := mat.NewDense(2, 3, []float64{1, 2, 3, 4, 5, 6})
	b := mat.NewDense(3, 2, []float64{7, 8, 9, 10, 11, 12})
	var c mat.Dense
	c.Mul(a, b)
	if want := mat.NewDense(2, 2, []float64{58, 64, 139, 154}); !mat.Equal(&c, want) {
		t.Errorf("product after the release: %v, want %v", mat.Formatted(&c), mat.Formatted(want))
	}
	if got := blasName(); got == "" {
		t.Error("blasName() is empty after the release")
	}
}

// systemHasOpenBLAS is install.sh's test for libopenblas, from Go.
func systemHasOpenBLAS() bool {
	if exec.Command("pkg-config", "--exists", "openblas").Run() == nil {
		return true
	}
	for _, d := range []string{"/usr/lib/x86_64-linux-gnu", "/usr/lib/aarch64-linux-gnu", "/usr/lib64", "/usr/lib", "/usr/local/lib"} {
		if _, err := os.Stat(filepath.Join(d, "libopenblas.so")); err == nil {
			return true
		}
	}
	return false
}

// TestInstallScriptBLAS checks that --blas picks the build and that the
// installed binary says which BLAS it runs.
func TestInstallScriptBLAS(t *testing.T) {
	if _, err := exec.LookPath("bash"); err != nil {
		t.Skip("no bash")
	}
	_, ccErr := exec.LookPath("gcc")
	canOpenBLAS := systemHasOpenBLAS() && ccErr == nil
	type blasCase struct {
		blas     string
		code     int
		version  string // in `gocell version` after a successful install
		errorHas string // in the output of a failed one
	}
	withOpenBLAS := blasCase{"openblas", 0, "\nblas OpenBLAS ", ""}
	if !canOpenBLAS {
		withOpenBLAS = blasCase{"openblas", 1, "", "cannot build with OpenBLAS"}
	}
	tests := []blasCase{
		{"gonum", 0, "\nblas gonum pure Go\n", ""},
		withOpenBLAS,
		{"netlib", 2, "", "--blas must be auto, openblas or gonum, not 'netlib'"},
	}
	for _, tt := range tests {
		t.Run(tt.blas, func(t *testing.T) {
			home := t.TempDir()
			out, code := installSh(t, home, "--no-fonts", "--blas", tt.blas)
			if code != tt.code {
				t.Fatalf("exit %d, want %d\n%s", code, tt.code, out)
			}
			if tt.errorHas != "" && !strings.Contains(out, tt.errorHas) {
				t.Errorf("output lacks %q:\n%s", tt.errorHas, out)
			}
			if tt.version == "" {
				return
			}
			bin := filepath.Join(home, ".local/bin/gocell")
			v, err := exec.Command(bin, "version").Output()
			if err != nil || !strings.Contains(string(v), tt.version) {
				t.Errorf("installed binary: %v; version lacks %q:\n%s", err, tt.version, v)
			}
			if out, code := installSh(t, home, "--uninstall"); code != 0 {
				t.Errorf("uninstall: exit %d\n%s", code, out)
			}
		})
	}
}
