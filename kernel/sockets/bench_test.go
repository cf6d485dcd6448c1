package sockets

import (
	"context"
	"net"
	"strconv"
	"testing"

	"github.com/go-zeromq/zmq4"

	"github.com/gocell/gocell/kernel/connfile"
	"github.com/gocell/gocell/kernel/wire"
)

// BenchmarkShellRoundTrip measures a seven-frame request and reply (the
// shape of a Jupyter message) between a DEALER and the shell socket.
func BenchmarkShellRoundTrip(b *testing.B) {
	info := newInfo(b, connfile.TCP)
	s, err := Open(context.Background(), info, Options{})
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	d := zmq4.NewDealer(context.Background(), zmq4.WithID(zmq4.SocketIdentity("bench")))
	if err := d.Dial(info.Endpoint(wire.Shell)); err != nil {
		b.Fatal(err)
	}
	defer d.Close()
	req := zmq4.NewMsgFrom([]byte(wire.Delimiter), []byte("sig"), []byte(`{"msg_id":"a"}`),
		[]byte("{}"), []byte("{}"), []byte(`{"code":"1+1"}`))
	reply := [][]byte{[]byte("bench"), []byte(wire.Delimiter), []byte("sig"), []byte(`{"msg_id":"b"}`),
		[]byte(`{"msg_id":"a"}`), []byte("{}"), []byte(`{"status":"ok"}`)}
	for b.Loop() {
		if err := d.SendMulti(req); err != nil {
			b.Fatal(err)
		}
		if _, err := s.Receive(wire.Shell); err != nil {
			b.Fatal(err)
		}
		if err := s.Send(wire.Shell, reply); err != nil {
			b.Fatal(err)
		}
		if _, err := d.Recv(); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkPlainZMQ4RoundTrip is the same exchange on a zmq4 ROUTER
// without the guard, for comparison.
func BenchmarkPlainZMQ4RoundTrip(b *testing.B) {
	ep := "tcp://127.0.0.1:" + strconv.Itoa(freePorts(b, 1)[0])
	r := zmq4.NewRouter(context.Background())
	if err := r.Listen(ep); err != nil {
		b.Fatal(err)
	}
	defer r.Close()
	d := zmq4.NewDealer(context.Background(), zmq4.WithID(zmq4.SocketIdentity("bench")))
	if err := d.Dial(ep); err != nil {
		b.Fatal(err)
	}
	defer d.Close()
	req := zmq4.NewMsgFrom([]byte(wire.Delimiter), []byte("sig"), []byte(`{"msg_id":"a"}`),
		[]byte("{}"), []byte("{}"), []byte(`{"code":"1+1"}`))
	reply := zmq4.NewMsgFrom([]byte("bench"), []byte(wire.Delimiter), []byte("sig"), []byte(`{"msg_id":"b"}`),
		[]byte(`{"msg_id":"a"}`), []byte("{}"), []byte(`{"status":"ok"}`))
	for b.Loop() {
		if err := d.SendMulti(req); err != nil {
			b.Fatal(err)
		}
		if _, err := r.Recv(); err != nil {
			b.Fatal(err)
		}
		if err := r.SendMulti(reply); err != nil {
			b.Fatal(err)
		}
		if _, err := d.Recv(); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkAcceptNowEmpty is what every IOPub Send pays to take waiting
// subscribers first (see acceptWaiting) when none is waiting: one accept4
// that returns EAGAIN.
func BenchmarkAcceptNowEmpty(b *testing.B) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		b.Fatal(err)
	}
	defer l.Close()
	a := newAcceptor(l)
	for b.Loop() {
		if _, ok := a.acceptNow(); ok {
			b.Fatal("accepted a connection nobody made")
		}
	}
}
