// Package kernelspec installs and removes gocell's Jupyter kernelspec: the
// kernels/gocell folder with kernel.json and the logos, in the places Jupyter
// looks (the user's data directory, a prefix, or Python's sys.prefix).
// `gocell install` and `gocell uninstall` are thin wrappers around it.
package kernelspec

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"

	"github.com/gocell/gocell/kernel/wire"
	assets "github.com/gocell/gocell/kernelspec"
)

// Name is the kernel's name in Jupyter, the folder under kernels/.
const Name = "gocell"

// DefaultPython is the interpreter whose sys.prefix SysPrefix uses: Debian's
// Jupyter packages live there, whatever python3 comes first on PATH.
const DefaultPython = "/usr/bin/python3"

// Scope says which Jupyter data directory a kernelspec goes in.
type Scope int

const (
	// User is the user's Jupyter data directory (`--user`).
	User Scope = iota
	// Prefix is PREFIX/share/jupyter (`--prefix DIR`).
	Prefix
	// SysPrefix is sys.prefix/share/jupyter of Python (`--sys-prefix`).
	SysPrefix
)

// Options says where a kernelspec goes and what it starts. The zero value
// installs for the current user, but Binary must be set for Install.
type Options struct {
	Scope Scope
	// Prefix is the directory for Scope Prefix.
	Prefix string
	// Binary is the absolute path of the gocell binary the kernelspec runs.
	Binary string
	// Python is the interpreter asked for sys.prefix; empty means DefaultPython.
	Python string
	// Getenv, HomeDir and GOOS stand in for the process's environment in
	// tests; nil or empty means the real one.
	Getenv  func(string) string
	HomeDir func() (string, error)
	GOOS    string
}

func (o Options) getenv(k string) string {
	if o.Getenv != nil {
		return o.Getenv(k)
	}
	return os.Getenv(k)
}

// UserDataDir is Jupyter's data directory for the user, as jupyter_core
// computes it: $JUPYTER_DATA_DIR, else the platform's per-user data folder.
func UserDataDir(o Options) (string, error) {
	if d := o.getenv("JUPYTER_DATA_DIR"); d != "" {
		return filepath.Abs(d)
	}
	goos := o.GOOS
	if goos == "" {
		goos = runtime.GOOS
	}
	if goos == "windows" {
		if d := o.getenv("APPDATA"); d != "" {
			return filepath.Join(d, "jupyter"), nil
		}
	}
	if goos != "darwin" && goos != "windows" {
		if d := o.getenv("XDG_DATA_HOME"); d != "" {
			return filepath.Join(d, "jupyter"), nil
		}
	}
	homeDir := o.HomeDir
	if homeDir == nil {
		homeDir = os.UserHomeDir
	}
	home, err := homeDir()
	if err != nil || home == "" {
		return "", fmt.Errorf("kernelspec: no home directory to install into (set JUPYTER_DATA_DIR or use --prefix): %w", err)
	}
	switch goos {
	case "darwin":
		return filepath.Join(home, "Library", "Jupyter"), nil
	case "windows":
		return filepath.Join(home, "AppData", "Roaming", "jupyter"), nil
	}
	return filepath.Join(home, ".local", "share", "jupyter"), nil
}

// sysPrefix asks Python for sys.prefix.
func sysPrefix(python string) (string, error) {
	if python == "" {
		python = DefaultPython
	}
	out, err := exec.Command(python, "-c", "import sys; print(sys.prefix)").Output()
	if err != nil {
		var exitErr *exec.ExitError
		if errors.As(err, &exitErr) {
			err = fmt.Errorf("%w: %s", err, bytes.TrimSpace(exitErr.Stderr))
		}
		return "", fmt.Errorf("kernelspec: --sys-prefix needs Python's sys.prefix from %s: %w", python, err)
	}
	p := strings.TrimSpace(string(out))
	if !filepath.IsAbs(p) {
		return "", fmt.Errorf("kernelspec: %s reported sys.prefix %q, not an absolute path", python, p)
	}
	return p, nil
}

// Dir is the kernelspec folder for o: .../kernels/gocell.
func Dir(o Options) (string, error) {
	var data string
	switch o.Scope {
	case User:
		d, err := UserDataDir(o)
		if err != nil {
			return "", err
		}
		data = d
	case Prefix:
		if o.Prefix == "" {
			return "", errors.New("kernelspec: --prefix needs a directory")
		}
		p, err := filepath.Abs(o.Prefix)
		if err != nil {
			return "", fmt.Errorf("kernelspec: prefix: %w", err)
		}
		data = filepath.Join(p, "share", "jupyter")
	case SysPrefix:
		p, err := sysPrefix(o.Python)
		if err != nil {
			return "", err
		}
		data = filepath.Join(p, "share", "jupyter")
	default:
		return "", fmt.Errorf("kernelspec: unknown scope %d", o.Scope)
	}
	return filepath.Join(data, "kernels", Name), nil
}

// Spec renders kernel.json for binary from the committed template.
func Spec(binary string) ([]byte, error) {
	var spec map[string]any
	if err := json.Unmarshal(assets.Template, &spec); err != nil {
		return nil, fmt.Errorf("kernelspec: template: %w", err)
	}
	argv, ok := spec["argv"].([]any)
	if !ok || len(argv) == 0 || argv[0] != assets.Binary {
		return nil, fmt.Errorf("kernelspec: template argv[0] is not %s", assets.Binary)
	}
	argv[0] = binary
	spec["kernel_protocol_version"] = wire.ProtocolVersion
	b, err := json.MarshalIndent(spec, "", "  ")
	if err != nil {
		return nil, fmt.Errorf("kernelspec: %w", err)
	}
	return append(b, '\n'), nil
}

// Install writes the kernelspec for o and returns its folder. An existing
// gocell kernelspec there is replaced as a whole, so running it again is
// harmless.
func Install(o Options) (string, error) {
	if !filepath.IsAbs(o.Binary) {
		return "", fmt.Errorf("kernelspec: the kernel binary path %q is not absolute", o.Binary)
	}
	if fi, err := os.Stat(o.Binary); err != nil {
		return "", fmt.Errorf("kernelspec: kernel binary: %w", err)
	} else if !fi.Mode().IsRegular() {
		return "", fmt.Errorf("kernelspec: kernel binary %s is not a file", o.Binary)
	}
	dir, err := Dir(o)
	if err != nil {
		return "", err
	}
	spec, err := Spec(o.Binary)
	if err != nil {
		return "", err
	}
	// Build the new folder beside the old one and swap it in, so Jupyter
	// never lists a half-written kernelspec.
	kernels := filepath.Dir(dir)
	if err := os.MkdirAll(kernels, 0o755); err != nil {
		return "", fmt.Errorf("kernelspec: %w", err)
	}
	stage, err := os.MkdirTemp(kernels, "."+Name+"-install-")
	if err != nil {
		return "", fmt.Errorf("kernelspec: %w", err)
	}
	defer os.RemoveAll(stage) // a no-op once renamed
	if err := os.Chmod(stage, 0o755); err != nil {
		return "", fmt.Errorf("kernelspec: %w", err)
	}
	files := map[string][]byte{"kernel.json": spec}
	for name, b := range assets.Logos {
		files[name] = b
	}
	for name, b := range files {
		if err := os.WriteFile(filepath.Join(stage, name), b, 0o644); err != nil {
			return "", fmt.Errorf("kernelspec: %w", err)
		}
	}
	if err := os.RemoveAll(dir); err != nil {
		return "", fmt.Errorf("kernelspec: replacing %s: %w", dir, err)
	}
	if err := os.Rename(stage, dir); err != nil {
		return "", fmt.Errorf("kernelspec: %w", err)
	}
	return dir, nil
}

// Uninstall removes the kernelspec folder for o. It reports the folder and
// whether there was one; removing a kernelspec that is not there is not an
// error.
func Uninstall(o Options) (dir string, removed bool, err error) {
	dir, err = Dir(o)
	if err != nil {
		return "", false, err
	}
	fi, err := os.Lstat(dir)
	if errors.Is(err, os.ErrNotExist) {
		return dir, false, nil
	}
	if err != nil {
		return dir, false, fmt.Errorf("kernelspec: %w", err)
	}
	if !fi.IsDir() {
		return dir, false, fmt.Errorf("kernelspec: %s is not a kernelspec folder", dir)
	}
	if err := os.RemoveAll(dir); err != nil {
		return dir, false, fmt.Errorf("kernelspec: %w", err)
	}
	return dir, true, nil
}
