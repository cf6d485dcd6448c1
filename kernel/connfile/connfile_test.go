package connfile

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/gocell/gocell/kernel/wire"
)

const valid = `{"transport":"tcp","ip":"127.0.0.1","shell_port":5001,"control_port":5002,
"stdin_port":5003,"iopub_port":5004,"hb_port":5005,"signature_scheme":"hmac-sha256",
"key":"abc","kernel_name":"gocell"}`

func TestParseValid(t *testing.T) {
	info, err := Parse([]byte(valid))
	if err != nil {
		t.Fatal(err)
	}
	want := Info{TCP, "127.0.0.1", 5001, 5002, 5003, 5004, 5005, "hmac-sha256", "abc", "gocell"}
	if *info != want {
		t.Errorf("info = %+v, want %+v", *info, want)
	}
}

func TestParseErrors(t *testing.T) {
	tests := []struct {
		name, json, errHas string
	}{
		{"not JSON", `{"ip":`, "invalid JSON"},
		{"array", `[]`, "invalid JSON"},
		{"port is string", strings.Replace(valid, "5001", `"5001"`, 1), `"shell_port" is a JSON string`},
		{"missing ip", strings.Replace(valid, `"ip":"127.0.0.1",`, "", 1), `missing field "ip"`},
		{"bad ip", strings.Replace(valid, "127.0.0.1", "example.com", 1), `ip "example.com"`},
		{"missing port", strings.Replace(valid, `"hb_port":5005,`, "", 1), "hb_port 0"},
		{"port too big", strings.Replace(valid, "5003", "70000", 1), "stdin_port 70000"},
		{"duplicate port", strings.Replace(valid, "5004", "5001", 1), "shell_port and iopub_port are both 5001"},
		{"unknown transport", strings.Replace(valid, `"tcp"`, `"udp"`, 1), `unknown transport "udp"`},
		{"unknown scheme", strings.Replace(valid, "hmac-sha256", "hmac-md5", 1), `unknown signature_scheme "hmac-md5"`},
		{"key without scheme", strings.Replace(valid, `"signature_scheme":"hmac-sha256",`, "", 1), `unknown signature_scheme ""`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse([]byte(tt.json))
			if err == nil || !strings.Contains(err.Error(), tt.errHas) {
				t.Fatalf("err = %v, want it to contain %q", err, tt.errHas)
			}
		})
	}
}

func TestParseDefaults(t *testing.T) {
	tests := []struct {
		name, json string
		check      func(*Info) bool
	}{
		{"no transport means tcp", strings.Replace(valid, `"transport":"tcp",`, "", 1), func(i *Info) bool { return i.Transport == TCP }},
		{"empty key needs no scheme", strings.NewReplacer(`"key":"abc"`, `"key":""`, "hmac-sha256", "none").Replace(valid), func(i *Info) bool { return i.Key == "" }},
		{"localhost", strings.Replace(valid, "127.0.0.1", "localhost", 1), func(i *Info) bool { return i.IP == "localhost" }},
		{"ipc accepts a path", strings.NewReplacer(`"tcp"`, `"ipc"`, "127.0.0.1", "/tmp/kernel-x").Replace(valid), func(i *Info) bool { return i.IP == "/tmp/kernel-x" }},
	}
	for _, tt := range tests {
		info, err := Parse([]byte(tt.json))
		if err != nil || !tt.check(info) {
			t.Errorf("%s: info %+v, err %v", tt.name, info, err)
		}
	}
}

func TestEndpoint(t *testing.T) {
	tests := []struct {
		info Info
		ch   wire.Channel
		want string
	}{
		{Info{Transport: TCP, IP: "127.0.0.1", ShellPort: 1}, wire.Shell, "tcp://127.0.0.1:1"},
		{Info{Transport: TCP, IP: "127.0.0.1", ControlPort: 2}, wire.Control, "tcp://127.0.0.1:2"},
		{Info{Transport: TCP, IP: "127.0.0.1", StdinPort: 3}, wire.Stdin, "tcp://127.0.0.1:3"},
		{Info{Transport: TCP, IP: "127.0.0.1", IOPubPort: 4}, wire.IOPub, "tcp://127.0.0.1:4"},
		{Info{Transport: TCP, IP: "::1", HBPort: 5}, wire.Heartbeat, "tcp://[::1]:5"},
		{Info{Transport: IPC, IP: "/run/k", HBPort: 5}, wire.Heartbeat, "ipc:///run/k-5"},
		{Info{Transport: IPC, IP: "kernel", ShellPort: 9}, wire.Shell, "ipc://kernel-9"},
	}
	for _, tt := range tests {
		if got := tt.info.Endpoint(tt.ch); got != tt.want {
			t.Errorf("Endpoint(%v) = %q, want %q", tt.ch, got, tt.want)
		}
	}
}

func TestRead(t *testing.T) {
	dir := t.TempDir()
	good := filepath.Join(dir, "kernel.json")
	if err := os.WriteFile(good, []byte(valid), 0o600); err != nil {
		t.Fatal(err)
	}
	if info, err := Read(good); err != nil || info.ShellPort != 5001 {
		t.Fatalf("Read = %+v, %v", info, err)
	}
	bad := filepath.Join(dir, "bad.json")
	if err := os.WriteFile(bad, []byte("{"), 0o600); err != nil {
		t.Fatal(err)
	}
	for path, want := range map[string]string{
		filepath.Join(dir, "missing.json"): "no such file",
		bad:                                "bad.json: invalid JSON",
	} {
		if _, err := Read(path); err == nil || !strings.Contains(err.Error(), want) || !strings.HasPrefix(err.Error(), "connfile: ") {
			t.Errorf("Read(%s) = %v, want error containing %q", path, err, want)
		}
	}
}
