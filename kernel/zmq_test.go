package kernel

import (
	"context"
	"io"
	"log/slog"
	"net"
	"slices"
	"testing"
	"time"

	"github.com/go-zeromq/zmq4"

	"github.com/gocell/gocell/kernel/connfile"
	"github.com/gocell/gocell/kernel/session"
	"github.com/gocell/gocell/kernel/sessiontest"
	"github.com/gocell/gocell/kernel/sockets"
	"github.com/gocell/gocell/kernel/wire"
)

// zmqClient is a frontend over real zmq4 sockets: one DEALER identity on
// shell, control and stdin, a SUB on iopub and a REQ on the heartbeat.
// Receivers run in goroutines because zmq4's Recv has no timeout.
type zmqClient struct {
	t     testing.TB
	codec *wire.Codec
	socks map[wire.Channel]zmq4.Socket
	in    map[wire.Channel]chan *wire.Message
}

func freeLoopbackPorts(t testing.TB, n int) []int {
	t.Helper()
	var ports []int
	var ls []net.Listener
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

func dialClient(t testing.TB, ctx context.Context, info *connfile.Info, codec *wire.Codec) *zmqClient {
	t.Helper()
	c := &zmqClient{t: t, codec: codec, socks: map[wire.Channel]zmq4.Socket{}, in: map[wire.Channel]chan *wire.Message{}}
	id := zmq4.WithID(zmq4.SocketIdentity("frontend-1"))
	for _, ch := range []wire.Channel{wire.Shell, wire.Control, wire.Stdin, wire.IOPub, wire.Heartbeat} {
		var s zmq4.Socket
		switch ch {
		case wire.IOPub:
			s = zmq4.NewSub(ctx)
		case wire.Heartbeat:
			s = zmq4.NewReq(ctx)
		default:
			s = zmq4.NewDealer(ctx, id)
		}
		if err := s.Dial(info.Endpoint(ch)); err != nil {
			t.Fatalf("dial %v: %v", ch, err)
		}
		t.Cleanup(func() { s.Close() })
		c.socks[ch] = s
		if ch == wire.IOPub {
			if err := s.SetOption(zmq4.OptionSubscribe, ""); err != nil {
				t.Fatal(err)
			}
		}
		if ch == wire.Heartbeat {
			continue
		}
		out := make(chan *wire.Message, 256)
		c.in[ch] = out
		go func() {
			for {
				msg, err := s.Recv()
				if err != nil {
					return
				}
				m, err := codec.Decode(msg.Frames)
				if err != nil {
					t.Errorf("undecodable message on %v: %v", ch, err)
					return
				}
				out <- m
			}
		}()
	}
	return c
}

func (c *zmqClient) send(ch wire.Channel, msgType string, content any) *wire.Message {
	c.t.Helper()
	m, err := wire.NewMessage(msgType, nil, "frontend-session", content)
	if err != nil {
		c.t.Fatal(err)
	}
	frames, err := c.codec.Encode(m)
	if err != nil {
		c.t.Fatal(err)
	}
	if err := c.socks[ch].SendMulti(zmq4.NewMsgFrom(frames...)); err != nil {
		c.t.Fatalf("send on %v: %v", ch, err)
	}
	return m
}

// next returns the next message on ch, or nil after wait.
func (c *zmqClient) next(ch wire.Channel, wait time.Duration) *wire.Message {
	select {
	case m := <-c.in[ch]:
		return m
	case <-time.After(wait):
		return nil
	}
}

func (c *zmqClient) reply(ch wire.Channel, req *wire.Message, msgType string) map[string]any {
	c.t.Helper()
	m := c.next(ch, waitLimit)
	if m == nil {
		c.t.Fatalf("no %s on %v", msgType, ch)
	}
	if m.Header.MsgType != msgType || parentID(c.t, m) != req.Header.MsgID {
		c.t.Fatalf("got %s (parent %s) on %v, want %s for %s", m.Header.MsgType, m.ParentHeader, ch, msgType, req.Header.MsgID)
	}
	return contentOf(c.t, m)
}

// iopub returns the summaries of req's iopub messages through its idle.
func (c *zmqClient) iopub(req *wire.Message) []string {
	c.t.Helper()
	var got []*wire.Message
	for {
		m := c.next(wire.IOPub, waitLimit)
		if m == nil {
			c.t.Fatalf("iopub of %s ended early: %q", req.Header.MsgType, summary(c.t, got))
		}
		if parentID(c.t, m) != req.Header.MsgID {
			continue
		}
		got = append(got, m)
		if m.Header.MsgType == "status" && contentOf(c.t, m)["execution_state"] == "idle" {
			return summary(c.t, got)
		}
	}
}

func (c *zmqClient) ping() {
	c.t.Helper()
	hb := c.socks[wire.Heartbeat]
	done := make(chan error, 1)
	go func() {
		if err := hb.Send(zmq4.NewMsg([]byte("ping"))); err != nil {
			done <- err
			return
		}
		msg, err := hb.Recv()
		if err == nil && string(msg.Bytes()) != "ping" {
			err = io.ErrUnexpectedEOF
		}
		done <- err
	}()
	select {
	case err := <-done:
		if err != nil {
			c.t.Fatalf("heartbeat: %v", err)
		}
	case <-time.After(waitLimit):
		c.t.Fatal("heartbeat did not echo")
	}
}

// startZMQ runs a kernel with the fake session on loopback sockets and
// returns a client that has seen iopub traffic, the session, and a channel
// receiving Serve's restart flag.
func startZMQ(t testing.TB) (*zmqClient, *sessiontest.Session, chan bool) {
	t.Helper()
	p := freeLoopbackPorts(t, 5)
	info := &connfile.Info{Transport: connfile.TCP, IP: "127.0.0.1", ShellPort: p[0], ControlPort: p[1],
		StdinPort: p[2], IOPubPort: p[3], HBPort: p[4], SignatureScheme: wire.SchemeHMACSHA256, Key: "zmq-key"}
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	socks, err := sockets.Open(ctx, info, sockets.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { socks.Close() })
	codec, _ := wire.NewCodec(info.SignatureScheme, []byte(info.Key))
	sess := &sessiontest.Session{}
	srv, err := New(Config{Transport: socks, Codec: codec, Session: sess,
		Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		t.Fatal(err)
	}
	served := make(chan bool, 1)
	go func() {
		restart, err := srv.Serve(ctx)
		if err != nil && ctx.Err() == nil {
			t.Errorf("Serve: %v", err)
		}
		served <- restart
	}()

	c := dialClient(t, ctx, info, codec)
	// As jupyter_client does: ask kernel_info until iopub delivers, since
	// a new subscriber misses what was published before it joined.
	// A request sent while the connection is still being set up may be
	// lost, so resend, as jupyter_client's wait_for_ready does.
	deadline := time.Now().Add(waitLimit)
	for ready := false; !ready; {
		if time.Now().After(deadline) {
			t.Fatal("the kernel never answered kernel_info with iopub traffic")
		}
		c.send(wire.Shell, "kernel_info_request", nil)
		for m := c.next(wire.Shell, time.Second); m != nil; m = c.next(wire.Shell, 50*time.Millisecond) {
		}
		for m := c.next(wire.IOPub, 100*time.Millisecond); m != nil; m = c.next(wire.IOPub, 100*time.Millisecond) {
			ready = true
		}
	}
	return c, sess, served
}

func TestOverZMQ(t *testing.T) {
	if testing.Short() {
		t.Skip("opens loopback sockets")
	}
	c, sess, served := startZMQ(t)

	t.Run("execute", func(t *testing.T) {
		req := c.send(wire.Shell, "execute_request", map[string]any{"code": "print:hi\nresult:7"})
		if rep := c.reply(wire.Shell, req, "execute_reply"); rep["status"] != "ok" {
			t.Errorf("reply = %v", rep)
		}
		want := []string{"status:busy", "execute_input:1", "stream:stdout:hi\n", `execute_result:1:{"text/plain":"7"}`, "status:idle"}
		if got := c.iopub(req); jsonString(got) != jsonString(want) {
			t.Errorf("iopub = %q, want %q", got, want)
		}
	})
	t.Run("control and heartbeat during a long cell", func(t *testing.T) {
		req := c.send(wire.Shell, "execute_request", map[string]any{"code": "print:running\nblock"})
		for m := c.next(wire.IOPub, waitLimit); m == nil || m.Header.MsgType != "stream"; m = c.next(wire.IOPub, waitLimit) {
			if m == nil {
				t.Fatal("the cell never started")
			}
		}
		c.ping()
		ki := c.send(wire.Control, "kernel_info_request", nil)
		if rep := c.reply(wire.Control, ki, "kernel_info_reply"); rep["implementation"] != "gocell" {
			t.Errorf("kernel_info on control = %v", rep)
		}
		ir := c.send(wire.Control, "interrupt_request", nil)
		c.reply(wire.Control, ir, "interrupt_reply")
		if rep := c.reply(wire.Shell, req, "execute_reply"); rep["ename"] != session.ErrNameInterrupt {
			t.Errorf("interrupted cell = %v", rep)
		}
	})
	t.Run("stdin", func(t *testing.T) {
		req := c.send(wire.Shell, "execute_request", map[string]any{"code": "input:name? "})
		m := c.next(wire.Stdin, waitLimit)
		if m == nil || m.Header.MsgType != "input_request" {
			t.Fatalf("no input_request on stdin: %v", m)
		}
		c.send(wire.Stdin, "input_reply", map[string]any{"value": "ada"})
		if rep := c.reply(wire.Shell, req, "execute_reply"); rep["status"] != "ok" {
			t.Errorf("reply = %v", rep)
		}
		if got := c.iopub(req); !slices.Contains(got, "stream:stdout:input:ada\n") {
			t.Errorf("iopub = %q, want the typed value echoed", got)
		}
	})
	t.Run("shutdown", func(t *testing.T) {
		req := c.send(wire.Control, "shutdown_request", map[string]any{"restart": true})
		if rep := c.reply(wire.Control, req, "shutdown_reply"); rep["restart"] != true {
			t.Errorf("shutdown_reply = %v", rep)
		}
		select {
		case restart := <-served:
			if !restart {
				t.Error("Serve did not report the restart")
			}
		case <-time.After(waitLimit):
			t.Fatal("Serve did not return")
		}
		if !sess.Closed() {
			t.Error("session not closed")
		}
	})
}

// BenchmarkExecuteZMQ is the round trip of a trivial cell over loopback
// zmq4 sockets, to the reply and to idle, with the fake session.
func BenchmarkExecuteZMQ(b *testing.B) {
	c, _, _ := startZMQ(b)
	for b.Loop() {
		req := c.send(wire.Shell, "execute_request", map[string]any{"code": "result:2"})
		c.reply(wire.Shell, req, "execute_reply")
		c.iopub(req)
	}
}
