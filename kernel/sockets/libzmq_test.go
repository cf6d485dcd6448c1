package sockets

import (
	"context"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/gocell/gocell/kernel/wire"
)

// libzmqClient talks to the kernel through pyzmq, that is through libzmq,
// the ZeroMQ every Jupyter frontend uses: its handshake differs from
// zmq4's (it sends its greeting in parts and waits for the other side).
const libzmqClient = `
import sys, zmq
shell, hb, iopub = sys.argv[1:4]
ctx = zmq.Context()
sub = ctx.socket(zmq.SUB); sub.setsockopt(zmq.SUBSCRIBE, b""); sub.connect(iopub)
d = ctx.socket(zmq.DEALER); d.setsockopt(zmq.IDENTITY, b"py"); d.connect(shell)
r = ctx.socket(zmq.REQ); r.connect(hb)
for s in (sub, d, r): s.setsockopt(zmq.RCVTIMEO, 10000)
d.send_multipart([b"hello", b"world"])
assert d.recv_multipart() == [b"reply"], "shell"
r.send(b"ping"); assert r.recv() == b"ping", "heartbeat"
assert sub.recv_multipart()[0] == b"pub", "iopub"
print("ok")
`

func TestLibzmqClient(t *testing.T) {
	if exec.Command("/usr/bin/python3", "-c", "import zmq").Run() != nil {
		t.Skip("pyzmq is not installed for /usr/bin/python3")
	}
	for _, tr := range transports {
		t.Run(tr, func(t *testing.T) {
			info := newInfo(t, tr)
			s := openSockets(t, info, Options{})
			ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
			defer cancel()
			cmd := exec.CommandContext(ctx, "/usr/bin/python3", "-c", libzmqClient,
				info.Endpoint(wire.Shell), info.Endpoint(wire.Heartbeat), info.Endpoint(wire.IOPub))
			out := make(chan string, 1)
			go func() {
				b, err := cmd.CombinedOutput()
				if err != nil {
					b = append(b, err.Error()...)
				}
				out <- string(b)
			}()
			frames, err := s.Receive(wire.Shell)
			if err != nil {
				t.Fatal(err)
			}
			if len(frames) != 3 || string(frames[0]) != "py" || string(frames[2]) != "world" {
				t.Fatalf("shell received %q", frames)
			}
			if err := s.Send(wire.Shell, [][]byte{frames[0], []byte("reply")}); err != nil {
				t.Fatal(err)
			}
			tick := time.NewTicker(20 * time.Millisecond)
			defer tick.Stop()
			for {
				select {
				case got := <-out:
					if strings.TrimSpace(got) != "ok" {
						t.Fatalf("libzmq client: %s", got)
					}
					return
				case <-tick.C:
					if err := s.Send(wire.IOPub, [][]byte{[]byte("pub")}); err != nil {
						t.Fatal(err)
					}
				}
			}
		})
	}
}
