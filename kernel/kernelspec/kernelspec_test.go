package kernelspec

import (
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/gocell/gocell/kernel/wire"
	assets "github.com/gocell/gocell/kernelspec"
)

func env(m map[string]string) func(string) string {
	return func(k string) string { return m[k] }
}

func home(dir string) func() (string, error) {
	return func() (string, error) { return dir, nil }
}

func TestDir(t *testing.T) {
	tests := []struct {
		name string
		opts Options
		want string
	}{
		{"user linux default", Options{GOOS: "linux", Getenv: env(nil), HomeDir: home("/h")}, "/h/.local/share/jupyter/kernels/gocell"},
		{"user XDG_DATA_HOME", Options{GOOS: "linux", Getenv: env(map[string]string{"XDG_DATA_HOME": "/x"}), HomeDir: home("/h")}, "/x/jupyter/kernels/gocell"},
		{"user JUPYTER_DATA_DIR wins", Options{GOOS: "linux", Getenv: env(map[string]string{"XDG_DATA_HOME": "/x", "JUPYTER_DATA_DIR": "/j"}), HomeDir: home("/h")}, "/j/kernels/gocell"},
		{"user macOS ignores XDG", Options{GOOS: "darwin", Getenv: env(map[string]string{"XDG_DATA_HOME": "/x"}), HomeDir: home("/h")}, "/h/Library/Jupyter/kernels/gocell"},
		{"user windows APPDATA", Options{GOOS: "windows", Getenv: env(map[string]string{"APPDATA": "/a"}), HomeDir: home("/h")}, "/a/jupyter/kernels/gocell"},
		{"prefix", Options{Scope: Prefix, Prefix: "/p"}, "/p/share/jupyter/kernels/gocell"},
		{"prefix cleaned", Options{Scope: Prefix, Prefix: "/p/../q/"}, "/q/share/jupyter/kernels/gocell"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Dir(tt.opts)
			if err != nil || got != filepath.FromSlash(tt.want) {
				t.Errorf("Dir = %q, %v; want %q", got, err, tt.want)
			}
		})
	}
}

func TestDirErrors(t *testing.T) {
	tests := []struct {
		name   string
		opts   Options
		errHas string
	}{
		{"empty prefix", Options{Scope: Prefix}, "--prefix needs a directory"},
		{"no home", Options{GOOS: "linux", Getenv: env(nil), HomeDir: func() (string, error) { return "", errors.New("$HOME is not defined") }}, "no home directory"},
		{"missing python", Options{Scope: SysPrefix, Python: "/no/such/python3"}, "--sys-prefix needs Python's sys.prefix from /no/such/python3"},
		{"unknown scope", Options{Scope: Scope(9)}, "unknown scope"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Dir(tt.opts)
			if err == nil || !strings.Contains(err.Error(), tt.errHas) || !strings.HasPrefix(err.Error(), "kernelspec: ") {
				t.Errorf("err %v, want one containing %q", err, tt.errHas)
			}
		})
	}
}

// fakePython writes a script that answers like python -c 'print(sys.prefix)'.
func fakePython(t *testing.T, prefix string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "python3")
	script := "#!/bin/sh\necho '" + prefix + "'\n"
	if err := os.WriteFile(p, []byte(script), 0o755); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestSysPrefix(t *testing.T) {
	prefix := t.TempDir()
	got, err := Dir(Options{Scope: SysPrefix, Python: fakePython(t, prefix)})
	if want := filepath.Join(prefix, "share", "jupyter", "kernels", "gocell"); err != nil || got != want {
		t.Errorf("Dir = %q, %v; want %q", got, err, want)
	}
	if _, err := Dir(Options{Scope: SysPrefix, Python: fakePython(t, "relative")}); err == nil {
		t.Error("a relative sys.prefix was accepted")
	}
}

func fakeBinary(t *testing.T) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "gocell")
	if err := os.WriteFile(p, []byte("#!/bin/sh\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	return p
}

func readSpec(t *testing.T, dir string) map[string]any {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(dir, "kernel.json"))
	if err != nil {
		t.Fatal(err)
	}
	var spec map[string]any
	if err := json.Unmarshal(b, &spec); err != nil {
		t.Fatalf("kernel.json: %v", err)
	}
	return spec
}

func TestInstallUninstall(t *testing.T) {
	bin := fakeBinary(t)
	scopes := []struct {
		name string
		opts Options
	}{
		{"user", Options{Scope: User, Getenv: env(map[string]string{"JUPYTER_DATA_DIR": t.TempDir()})}},
		{"prefix", Options{Scope: Prefix, Prefix: t.TempDir()}},
		{"sys-prefix", Options{Scope: SysPrefix, Python: fakePython(t, t.TempDir())}},
	}
	for _, sc := range scopes {
		t.Run(sc.name, func(t *testing.T) {
			o := sc.opts
			o.Binary = bin
			for round := 1; round <= 2; round++ { // the second install must be harmless
				dir, err := Install(o)
				if err != nil {
					t.Fatalf("install %d: %v", round, err)
				}
				if want, _ := Dir(o); dir != want {
					t.Errorf("installed in %s, Dir says %s", dir, want)
				}
				spec := readSpec(t, dir)
				argv, _ := spec["argv"].([]any)
				if len(argv) != 3 || argv[0] != bin || argv[1] != "kernel" || argv[2] != "{connection_file}" {
					t.Errorf("argv %v", argv)
				}
				if spec["display_name"] != "Go (gocell)" || spec["language"] != "go" || spec["interrupt_mode"] != "message" {
					t.Errorf("spec %v", spec)
				}
				if spec["kernel_protocol_version"] != wire.ProtocolVersion {
					t.Errorf("kernel_protocol_version %v, want %s", spec["kernel_protocol_version"], wire.ProtocolVersion)
				}
				for name, want := range assets.Logos {
					got, err := os.ReadFile(filepath.Join(dir, name))
					if err != nil || !bytes.Equal(got, want) {
						t.Errorf("%s not copied: %v", name, err)
					}
				}
				ents, _ := os.ReadDir(filepath.Dir(dir))
				if len(ents) != 1 {
					t.Errorf("kernels folder holds %d entries after install %d, want just gocell", len(ents), round)
				}
			}
			for round, wantRemoved := range []bool{true, false} {
				dir, removed, err := Uninstall(o)
				if err != nil || removed != wantRemoved {
					t.Fatalf("uninstall %d: removed %v, %v; want %v", round+1, removed, err, wantRemoved)
				}
				if _, err := os.Stat(dir); !os.IsNotExist(err) {
					t.Errorf("%s still there: %v", dir, err)
				}
			}
		})
	}
}

func TestInstallReplacesOldFiles(t *testing.T) {
	o := Options{Scope: Prefix, Prefix: t.TempDir(), Binary: fakeBinary(t)}
	dir, _ := Dir(o)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	stale := filepath.Join(dir, "logo-svg.svg")
	if err := os.WriteFile(stale, []byte("old"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := Install(o); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(stale); !os.IsNotExist(err) {
		t.Errorf("a file of the old kernelspec survived: %v", err)
	}
}

func TestInstallErrors(t *testing.T) {
	tests := []struct {
		name   string
		opts   Options
		errHas string
	}{
		{"relative binary", Options{Scope: Prefix, Prefix: t.TempDir(), Binary: "gocell"}, "not absolute"},
		{"missing binary", Options{Scope: Prefix, Prefix: t.TempDir(), Binary: "/no/such/gocell"}, "kernel binary"},
		{"binary is a folder", Options{Scope: Prefix, Prefix: t.TempDir(), Binary: t.TempDir()}, "is not a file"},
		{"no prefix", Options{Scope: Prefix, Binary: fakeBinary(t)}, "--prefix needs a directory"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Install(tt.opts)
			if err == nil || !strings.Contains(err.Error(), tt.errHas) {
				t.Errorf("err %v, want one containing %q", err, tt.errHas)
			}
		})
	}
}

func TestUninstallRefusesAFile(t *testing.T) {
	o := Options{Scope: Prefix, Prefix: t.TempDir()}
	dir, _ := Dir(o)
	if err := os.MkdirAll(filepath.Dir(dir), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(dir, []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, _, err := Uninstall(o); err == nil {
		t.Error("Uninstall removed a plain file named gocell")
	}
}

func TestSpecIsValidJSONWithBinary(t *testing.T) {
	b, err := Spec(`/opt/with "quote"/gocell`)
	if err != nil {
		t.Fatal(err)
	}
	var spec struct{ Argv []string }
	if err := json.Unmarshal(b, &spec); err != nil || spec.Argv[0] != `/opt/with "quote"/gocell` {
		t.Errorf("argv %q, %v", spec.Argv, err)
	}
}
