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

// TestRunNotebookProducts runs matrix products in the evaluator child of
// the binary under test: in the openblas build they reach OpenBLAS there,
// after the child's page release, through a product large enough to be cut
// into bands and through dnn's Affine layer.
func TestRunNotebookProducts(t *testing.T) {
	dir := t.TempDir()
	in := filepath.Join(dir, "products.ipynb")
	writeNotebook(t, in, []nbCell{
		{src: "a := mat.NewDense(2, 3, []float64{1, 2, 3, 4, 5, 6})\nb := mat.NewDense(3, 2, []float64{7, 8, 9, 10, 11, 12})\nvar c mat.Dense\nc.Mul(a, b)\nfmt.Println(c.RawMatrix().Data)"},
		{src: "n := 300\nx := mat.NewDense(n, n, nil)\nfor i := 0; i < n; i++ { x.Set(i, i, 2) }\nvar y mat.Dense\ny.Mul(x, x)\nfmt.Println(mat.Trace(&y))"},
		{src: "layer := dnn.NewAffine(mat.NewDense(2, 1, []float64{1, 1}), mat.NewDense(1, 1, []float64{0.5}))\nfmt.Println(layer.Forward(mat.NewDense(1, 2, []float64{2, 3}), false).At(0, 0))"},
	})
	out, errOut, code := gocell(t, nil, "run", in)
	if code != 0 {
		t.Fatalf("exit %d\nstdout:\n%s\nstderr:\n%s", code, out, errOut)
	}
	nb := readOut(t, filepath.Join(dir, "products.out.ipynb"))
	want := []string{"[58 64 139 154]\n", "1200\n", "5.5\n"}
	for i, w := range want {
		if i >= len(nb.Cells) {
			t.Fatalf("%d cells written, want %d", len(nb.Cells), len(want))
		}
		var got []string
		for _, o := range nb.Cells[i].Outputs {
			got = append(got, o.text())
		}
		if len(got) != 1 || got[0] != "stdout:"+w {
			t.Errorf("cell %d: outputs %q, want stdout %q", i, got, w)
		}
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
