package kernelspec

import (
	"bytes"
	"encoding/json"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

func TestTemplate(t *testing.T) {
	var spec struct {
		Argv          []string `json:"argv"`
		DisplayName   string   `json:"display_name"`
		Language      string   `json:"language"`
		InterruptMode string   `json:"interrupt_mode"`
		Metadata      map[string]any
	}
	if err := json.Unmarshal(Template, &spec); err != nil {
		t.Fatalf("kernel.json: %v", err)
	}
	if len(spec.Argv) != 3 || spec.Argv[0] != Binary || spec.Argv[1] != "kernel" || spec.Argv[2] != "{connection_file}" {
		t.Errorf("argv %q", spec.Argv)
	}
	if spec.DisplayName != "Go (gocell)" || spec.Language != "go" || spec.InterruptMode != "message" {
		t.Errorf("spec %+v", spec)
	}
	if spec.Metadata["debugger"] != false {
		t.Errorf("metadata %v", spec.Metadata)
	}
}

func TestLogos(t *testing.T) {
	for name, size := range map[string]int{"logo-32x32.png": 32, "logo-64x64.png": 64} {
		img, err := png.Decode(bytes.NewReader(Logos[name]))
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if b := img.Bounds(); b.Dx() != size || b.Dy() != size {
			t.Errorf("%s is %dx%d", name, b.Dx(), b.Dy())
		}
		// Transparent corners, opaque centre: the rounded square is drawn.
		if _, _, _, a := img.At(0, 0).RGBA(); a != 0 {
			t.Errorf("%s: corner alpha %d, want 0", name, a)
		}
		if _, _, _, a := img.At(size/2, size/4).RGBA(); a != 0xffff {
			t.Errorf("%s: centre alpha %d, want opaque", name, a)
		}
	}
}

// TestLogosUpToDate redraws the logos and compares them with the committed ones.
func TestLogosUpToDate(t *testing.T) {
	dir := t.TempDir()
	cmd := exec.Command("go", "run", "./logo", "-dir", dir)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go run ./logo: %v\n%s", err, out)
	}
	for name, committed := range Logos {
		fresh, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(fresh, committed) {
			t.Errorf("%s differs from what ./logo draws; run go generate ./kernelspec", name)
		}
	}
}
