package sockets

import (
	"context"
	"encoding/binary"
	"errors"
	"io"
	"net"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/go-zeromq/zmq4"

	"github.com/gocell/gocell/kernel/connfile"
	"github.com/gocell/gocell/kernel/wire"
)

var channels = []wire.Channel{wire.Shell, wire.Control, wire.Stdin, wire.IOPub, wire.Heartbeat}

// freePorts returns n distinct loopback ports that were free a moment ago.
func freePorts(t testing.TB, n int) []int {
	t.Helper()
	var ls []net.Listener
	var ports []int
	for range n {
		l, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		ls = append(ls, l)
		ports = append(ports, l.Addr().(*net.TCPAddr).Port)
	}
	for _, l := range ls {
		l.Close()
	}
	return ports
}

// newInfo returns a connection file for transport "tcp" or "ipc".
func newInfo(t testing.TB, transport string) *connfile.Info {
	t.Helper()
	p := freePorts(t, 5)
	info := &connfile.Info{Transport: transport, IP: "127.0.0.1",
		ShellPort: p[0], ControlPort: p[1], StdinPort: p[2], IOPubPort: p[3], HBPort: p[4]}
	if transport == connfile.IPC {
		// Short path: unix socket paths are limited to about 100 bytes.
		dir, err := os.MkdirTemp("", "gc")
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { os.RemoveAll(dir) })
		info.IP = filepath.Join(dir, "k")
	}
	return info
}

// openSockets opens the kernel's sockets on info's endpoints. A TCP port
// freePorts found free may be taken by another test's connection before
// Open binds it; then info gets fresh ports and Open is tried again.
func openSockets(t *testing.T, info *connfile.Info, opts Options) *Sockets {
	t.Helper()
	for attempt := 0; ; attempt++ {
		s, err := Open(context.Background(), info, opts)
		if err == nil {
			t.Cleanup(func() { s.Close() })
			return s
		}
		if attempt == 4 || info.Transport != connfile.TCP || !errors.Is(err, syscall.EADDRINUSE) {
			t.Fatal(err)
		}
		p := freePorts(t, 5)
		info.ShellPort, info.ControlPort, info.StdinPort, info.IOPubPort, info.HBPort = p[0], p[1], p[2], p[3], p[4]
	}
}

// clientEndpoint is the endpoint a zmq4 client dials for ch.
func clientEndpoint(info *connfile.Info, ch wire.Channel) string {
	return info.Endpoint(ch)
}

// netAddr returns the network and address a raw client dials for ch.
func netAddr(info *connfile.Info, ch wire.Channel) (string, string) {
	_, addr, _ := strings.Cut(info.Endpoint(ch), "://")
	if info.Transport == connfile.IPC {
		return "unix", addr
	}
	return "tcp", addr
}

func dial(t *testing.T, info *connfile.Info, ch wire.Channel, sock zmq4.Socket) zmq4.Socket {
	t.Helper()
	if err := sock.Dial(clientEndpoint(info, ch)); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { sock.Close() })
	return sock
}

// peerType is the client socket type that fits each channel.
var peerType = map[wire.Channel]string{
	wire.Shell: "DEALER", wire.Control: "DEALER", wire.Stdin: "DEALER",
	wire.IOPub: "SUB", wire.Heartbeat: "REQ",
}

func clientGreeting() []byte {
	g := make([]byte, greetingLen)
	g[0], g[9], g[10] = 0xff, 0x7f, 3
	copy(g[12:], "NULL")
	return g
}

// readyFrame is a READY command frame with the given properties.
func readyFrame(props ...string) []byte {
	body := append([]byte{5}, "READY"...)
	for i := 0; i+1 < len(props); i += 2 {
		body = append(body, byte(len(props[i])))
		body = append(body, props[i]...)
		body = binary.BigEndian.AppendUint32(body, uint32(len(props[i+1])))
		body = append(body, props[i+1]...)
	}
	return append([]byte{flagCommand, byte(len(body))}, body...)
}

// rawPeer connects without ZeroMQ, to misbehave.
func rawPeer(t *testing.T, info *connfile.Info, ch wire.Channel) net.Conn {
	t.Helper()
	network, addr := netAddr(info, ch)
	c, err := net.Dial(network, addr)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	return c
}

// handshakeRaw completes a correct handshake on c as a peer of type typ.
func handshakeRaw(t *testing.T, c net.Conn, typ string) {
	t.Helper()
	c.SetDeadline(time.Now().Add(5 * time.Second))
	defer c.SetDeadline(time.Time{})
	if _, err := c.Write(append(clientGreeting(), readyFrame("Socket-Type", typ)...)); err != nil {
		t.Fatal(err)
	}
	var g [greetingLen]byte
	if _, err := io.ReadFull(c, g[:]); err != nil {
		t.Fatalf("reading server greeting: %v", err)
	}
	var hdr [2]byte
	if _, err := io.ReadFull(c, hdr[:]); err != nil || hdr[0] != flagCommand {
		t.Fatalf("reading server READY: %v (%x)", err, hdr)
	}
	if _, err := io.ReadFull(c, make([]byte, hdr[1])); err != nil {
		t.Fatal(err)
	}
}

// waitClosed reports whether the server closed c within d.
func waitClosed(c net.Conn, d time.Duration) bool {
	c.SetReadDeadline(time.Now().Add(d))
	buf := make([]byte, 4096)
	for {
		if _, err := c.Read(buf); err != nil {
			var ne net.Error
			return !(errors.As(err, &ne) && ne.Timeout())
		}
	}
}
