// Package connfile reads the connection file Jupyter hands a kernel: where
// to bind its five sockets and how to sign messages.
package connfile

import (
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"os"
	"strconv"

	"github.com/gocell/gocell/kernel/wire"
)

// Transports a connection file may name.
const (
	TCP = "tcp"
	IPC = "ipc"
)

// Info is the content of a connection file.
type Info struct {
	// Transport is "tcp" or "ipc".
	Transport string `json:"transport"`
	// IP is the address to bind for tcp, the path prefix of the socket
	// files for ipc.
	IP              string `json:"ip"`
	ShellPort       int    `json:"shell_port"`
	ControlPort     int    `json:"control_port"`
	StdinPort       int    `json:"stdin_port"`
	IOPubPort       int    `json:"iopub_port"`
	HBPort          int    `json:"hb_port"`
	SignatureScheme string `json:"signature_scheme"`
	// Key signs messages; empty means no signing.
	Key string `json:"key"`
	// KernelName is the kernelspec's name, when the launcher gives it.
	KernelName string `json:"kernel_name,omitempty"`
}

// Read reads and validates the connection file at path.
func Read(path string) (*Info, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("connfile: %w", err)
	}
	info, err := Parse(data)
	if err != nil {
		return nil, fmt.Errorf("connfile: %s: %w", path, err)
	}
	return info, nil
}

// Parse decodes and validates the JSON of a connection file.
func Parse(data []byte) (*Info, error) {
	var info Info
	if err := json.Unmarshal(data, &info); err != nil {
		var typeErr *json.UnmarshalTypeError
		if errors.As(err, &typeErr) && typeErr.Field != "" {
			return nil, fmt.Errorf("field %q is a JSON %s, want %s", typeErr.Field, typeErr.Value, typeErr.Type)
		}
		return nil, fmt.Errorf("invalid JSON: %w", err)
	}
	if err := info.Validate(); err != nil {
		return nil, err
	}
	return &info, nil
}

// Validate checks that the transport, address, ports and signature scheme
// are ones the kernel can use. A missing transport means tcp, as in
// jupyter_client.
func (i *Info) Validate() error {
	switch i.Transport {
	case "":
		i.Transport = TCP
	case TCP, IPC:
	default:
		return fmt.Errorf("unknown transport %q (want %q or %q)", i.Transport, TCP, IPC)
	}
	if i.IP == "" {
		return errors.New(`missing field "ip"`)
	}
	if i.Transport == TCP && i.IP != "*" && i.IP != "localhost" && net.ParseIP(i.IP) == nil {
		return fmt.Errorf("ip %q is not an IP address", i.IP)
	}
	seen := map[int]string{}
	for _, p := range i.ports() {
		if p.port <= 0 || p.port > 65535 {
			return fmt.Errorf("%s_port %d is missing or out of range 1-65535", p.name, p.port)
		}
		if other, dup := seen[p.port]; dup {
			return fmt.Errorf("%s_port and %s_port are both %d", other, p.name, p.port)
		}
		seen[p.port] = p.name
	}
	if i.Key != "" && i.SignatureScheme != wire.SchemeHMACSHA256 {
		return fmt.Errorf("unknown signature_scheme %q (only %q is supported)", i.SignatureScheme, wire.SchemeHMACSHA256)
	}
	return nil
}

type namedPort struct {
	name string
	ch   wire.Channel
	port int
}

func (i *Info) ports() []namedPort {
	return []namedPort{
		{"shell", wire.Shell, i.ShellPort},
		{"control", wire.Control, i.ControlPort},
		{"stdin", wire.Stdin, i.StdinPort},
		{"iopub", wire.IOPub, i.IOPubPort},
		{"hb", wire.Heartbeat, i.HBPort},
	}
}

// Port returns the port of channel ch, 0 for an unknown channel.
func (i *Info) Port(ch wire.Channel) int {
	for _, p := range i.ports() {
		if p.ch == ch {
			return p.port
		}
	}
	return 0
}

// Endpoint returns the ZeroMQ endpoint of channel ch: tcp://ip:port, or
// ipc://ip-port (the file name Jupyter uses for ipc).
func (i *Info) Endpoint(ch wire.Channel) string {
	port := strconv.Itoa(i.Port(ch))
	if i.Transport == IPC {
		return "ipc://" + i.IP + "-" + port
	}
	return "tcp://" + net.JoinHostPort(i.IP, port)
}
