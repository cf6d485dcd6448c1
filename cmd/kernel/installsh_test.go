package main

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// installSh runs ../../install.sh with HOME in a temp dir, sharing the Go
// build and module caches so the build it does is a relink.
func installSh(t *testing.T, home string, args ...string) (string, int) {
	t.Helper()
	cmd := exec.Command("bash", append([]string{"../../install.sh"}, args...)...)
	cmd.Env = []string{"PATH=" + os.Getenv("PATH"), "HOME=" + home, "GOTOOLCHAIN=local", "GOPROXY=off"}
	for _, v := range []string{"GOCACHE", "GOMODCACHE", "GOPATH", "GOFLAGS"} {
		out, err := exec.Command("go", "env", v).Output()
		if err != nil {
			t.Fatalf("go env %s: %v", v, err)
		}
		cmd.Env = append(cmd.Env, v+"="+strings.TrimSpace(string(out)))
	}
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	err := cmd.Run()
	code := 0
	if ee, ok := err.(*exec.ExitError); ok {
		code = ee.ExitCode()
	} else if err != nil {
		t.Fatalf("running install.sh: %v", err)
	}
	return out.String(), code
}

// jupyterFinds asks Debian's jupyter_client, when it is there, whether it
// sees the gocell kernelspec for this HOME.
func jupyterFinds(t *testing.T, home string) (found, ok bool) {
	const py = "/usr/bin/python3"
	if _, err := os.Stat(py); err != nil {
		return false, false
	}
	script := "from jupyter_client.kernelspec import KernelSpecManager as M\nprint('gocell' in M().find_kernel_specs())"
	cmd := exec.Command(py, "-c", script)
	cmd.Env = []string{"HOME=" + home, "PATH=/usr/bin:/bin"}
	out, err := cmd.Output()
	if err != nil {
		return false, false // no jupyter_client
	}
	return strings.TrimSpace(string(out)) == "True", true
}

func TestInstallScript(t *testing.T) {
	if _, err := exec.LookPath("bash"); err != nil {
		t.Skip("no bash")
	}
	home := t.TempDir()
	bin := filepath.Join(home, ".local/bin/gocell")
	spec := filepath.Join(home, ".local/share/jupyter/kernels/gocell")
	prefix := t.TempDir()
	prefixSpec := filepath.Join(prefix, "share/jupyter/kernels/gocell")

	for i := 0; i < 2; i++ { // the second run must succeed as well
		out, code := installSh(t, home, "--no-fonts")
		if code != 0 {
			t.Fatalf("install.sh run %d: exit %d\n%s", i+1, code, out)
		}
	}
	argv := readArgv(t, filepath.Join(spec, "kernel.json"))
	if len(argv) != 3 || argv[0] != bin {
		t.Errorf("argv %q, want the copied binary %s first", argv, bin)
	}
	if v, err := exec.Command(bin, "version").Output(); err != nil || !strings.Contains(string(v), "yaegi v0.16.1") {
		t.Errorf("installed binary: %v\n%s", err, v)
	}
	if found, ok := jupyterFinds(t, home); ok && !found {
		t.Error("jupyter_client does not list the gocell kernelspec")
	}

	if out, code := installSh(t, home, "--no-fonts", "--prefix", prefix); code != 0 {
		t.Fatalf("install.sh --prefix: exit %d\n%s", code, out)
	}
	if _, err := os.Stat(filepath.Join(prefixSpec, "kernel.json")); err != nil {
		t.Errorf("--prefix did not pass through: %v", err)
	}

	if out, code := installSh(t, home, "--bogus"); code != 2 || strings.Count(out, "\n") != 1 {
		t.Errorf("bad argument: exit %d, output %q", code, out)
	}

	// With the binary deleted by hand, --uninstall still finds the kernelspec.
	if err := os.Rename(bin, bin+".away"); err != nil {
		t.Fatal(err)
	}
	if out, code := installSh(t, home, "--uninstall", "--prefix", prefix); code != 0 || !strings.Contains(out, "removed kernelspec") {
		t.Fatalf("uninstall --prefix without the binary: exit %d\n%s", code, out)
	}
	if _, err := os.Stat(prefixSpec); !os.IsNotExist(err) {
		t.Errorf("prefix kernelspec still there: %v", err)
	}
	if err := os.Rename(bin+".away", bin); err != nil {
		t.Fatal(err)
	}
	if out, code := installSh(t, home, "--uninstall"); code != 0 {
		t.Fatalf("uninstall: exit %d\n%s", code, out)
	}
	for _, p := range []string{spec, bin} {
		if _, err := os.Stat(p); !os.IsNotExist(err) {
			t.Errorf("%s still there after --uninstall: %v", p, err)
		}
	}
	if found, ok := jupyterFinds(t, home); ok && found {
		t.Error("jupyter_client still lists gocell after --uninstall")
	}
	// With the binary gone, uninstalling again still works and says so.
	out, code := installSh(t, home, "--uninstall")
	if code != 0 || !strings.Contains(out, "nothing to remove") {
		t.Errorf("second --uninstall: exit %d\n%s", code, out)
	}
}

func TestInstallScriptWantsGo126(t *testing.T) {
	if _, err := exec.LookPath("bash"); err != nil {
		t.Skip("no bash")
	}
	tests := []struct {
		name, script, errHas string
	}{
		{"old go", "#!/bin/sh\n[ \"$1\" = version ] && echo 'go version go1.25.3 linux/amd64' && exit 0\necho go1.25.3\n", "Go 1.26 or newer is needed, found go1.25.3"},
		{"go before -C", "#!/bin/sh\n[ \"$1\" = version ] && echo 'go version go1.19 linux/amd64' && exit 0\nexit 2\n", "found go1.19"},
		{"no go", "", "'go' is not on PATH"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			home := t.TempDir()
			fake := t.TempDir()
			if tt.script != "" {
				if err := os.WriteFile(filepath.Join(fake, "go"), []byte(tt.script), 0o755); err != nil {
					t.Fatal(err)
				}
			}
			// Only the fake go and the basic tools the script needs.
			path := fake + ":/usr/bin:/bin"
			cmd := exec.Command("bash", "../../install.sh", "--no-fonts")
			cmd.Env = []string{"PATH=" + path, "HOME=" + home}
			out, err := cmd.CombinedOutput()
			if ee, ok := err.(*exec.ExitError); !ok || ee.ExitCode() != 1 {
				t.Fatalf("exit %v, want 1\n%s", err, out)
			}
			if !strings.Contains(string(out), tt.errHas) || strings.Count(string(out), "\n") != 1 {
				t.Errorf("output %q, want one line with %q", out, tt.errHas)
			}
			if _, err := os.Stat(filepath.Join(home, ".local/bin/gocell")); !os.IsNotExist(err) {
				t.Errorf("a binary was installed: %v", err)
			}
		})
	}
}
