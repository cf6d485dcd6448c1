package kernel

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gocell/gocell/kernel/history"
	"github.com/gocell/gocell/kernel/sessiontest"
	"github.com/gocell/gocell/kernel/wire"
)

// memTransport is an in-memory Transport: the test writes into in and reads
// what the kernel sent from out.
type memTransport struct {
	in     map[wire.Channel]chan [][]byte
	out    map[wire.Channel]chan [][]byte
	closed chan struct{}
	// noPeer makes Send on that channel fail, as with no client connected.
	noPeer map[wire.Channel]bool
}

var errClosed = fmt.Errorf("memTransport: %w", net.ErrClosed)

func newMemTransport() *memTransport {
	m := &memTransport{
		in:     map[wire.Channel]chan [][]byte{},
		out:    map[wire.Channel]chan [][]byte{},
		closed: make(chan struct{}),
		noPeer: map[wire.Channel]bool{},
	}
	for _, ch := range []wire.Channel{wire.Shell, wire.Control, wire.Stdin, wire.IOPub} {
		m.in[ch] = make(chan [][]byte)
		m.out[ch] = make(chan [][]byte, 1<<14)
	}
	return m
}

func (m *memTransport) Receive(ch wire.Channel) ([][]byte, error) {
	select {
	case f := <-m.in[ch]:
		return f, nil
	case <-m.closed:
		return nil, errClosed
	}
}

func (m *memTransport) Send(ch wire.Channel, frames [][]byte) error {
	select {
	case <-m.closed:
		return errClosed
	default:
	}
	if m.noPeer[ch] {
		return errors.New("memTransport: no peer")
	}
	m.out[ch] <- frames
	return nil
}

// waitLimit only keeps a broken test from hanging; nothing is measured.
const waitLimit = 30 * time.Second

var clientID = []byte("client-7")

type harness struct {
	t     testing.TB
	tr    *memTransport
	codec *wire.Codec
	srv   *Server
	sess  *sessiontest.Session
	hist  *history.Store
	// served receives Serve's results.
	served chan servedResult
	cancel context.CancelFunc
	log    lockedBuffer
}

// lockedBuffer collects the server log.
type lockedBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *lockedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

// count returns how many log lines contain s.
func (b *lockedBuffer) count(s string) int {
	b.mu.Lock()
	defer b.mu.Unlock()
	return strings.Count(b.buf.String(), s)
}

type servedResult struct {
	restart bool
	err     error
}

func start(t testing.TB, tweak func(*Config)) *harness {
	t.Helper()
	codec, err := wire.NewCodec(wire.SchemeHMACSHA256, []byte("test-key"))
	if err != nil {
		t.Fatal(err)
	}
	hist, err := history.Open(history.Options{Dir: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	h := &harness{t: t, tr: newMemTransport(), codec: codec, sess: &sessiontest.Session{}, hist: hist,
		served: make(chan servedResult, 1)}
	cfg := Config{
		Transport: h.tr, Codec: codec, Session: h.sess, History: hist,
		Logger: slog.New(slog.NewTextHandler(&h.log, nil)),
		Info:   Info{ImplementationVersion: "0.test", LanguageVersion: "1.26", Banner: "gocell test"},
	}
	if tweak != nil {
		tweak(&cfg)
	}
	h.srv, err = New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	h.cancel = cancel
	go func() {
		r, err := h.srv.Serve(ctx)
		h.served <- servedResult{r, err}
	}()
	t.Cleanup(func() {
		cancel()
		close(h.tr.closed)
		hist.Close()
	})
	return h
}

// message builds a client request.
func (h *harness) message(msgType string, content any) *wire.Message {
	h.t.Helper()
	m, err := wire.NewMessage(msgType, nil, "client-session", content)
	if err != nil {
		h.t.Fatal(err)
	}
	m.Identities = [][]byte{clientID}
	return m
}

// sendFrames writes raw frames into channel ch of the kernel.
func (h *harness) sendFrames(ch wire.Channel, frames [][]byte) {
	h.t.Helper()
	select {
	case h.tr.in[ch] <- frames:
	case <-time.After(waitLimit):
		h.t.Fatalf("kernel is not reading %v", ch)
	}
}

// send sends a request on ch and returns it.
func (h *harness) send(ch wire.Channel, msgType string, content any) *wire.Message {
	h.t.Helper()
	m := h.message(msgType, content)
	frames, err := h.codec.Encode(m)
	if err != nil {
		h.t.Fatal(err)
	}
	h.sendFrames(ch, frames)
	return m
}

// recv returns the next message the kernel sent on ch.
func (h *harness) recv(ch wire.Channel) *wire.Message {
	h.t.Helper()
	select {
	case f := <-h.tr.out[ch]:
		m, err := h.codec.Decode(f)
		if err != nil {
			h.t.Fatalf("kernel sent an undecodable message on %v: %v", ch, err)
		}
		return m
	case <-time.After(waitLimit):
		h.t.Fatalf("no message on %v", ch)
		return nil
	}
}

// reply returns the next message on ch, checking it answers req.
func (h *harness) reply(ch wire.Channel, req *wire.Message, msgType string) map[string]any {
	h.t.Helper()
	m := h.recv(ch)
	if m.Header.MsgType != msgType {
		h.t.Fatalf("got %s on %v, want %s (content %s)", m.Header.MsgType, ch, msgType, m.Content)
	}
	if p := parentID(h.t, m); p != req.Header.MsgID {
		h.t.Fatalf("%s has parent %q, want %q", msgType, p, req.Header.MsgID)
	}
	if len(m.Identities) != 1 || string(m.Identities[0]) != string(clientID) {
		h.t.Fatalf("%s routed to %q, want the sender %q", msgType, m.Identities, clientID)
	}
	return contentOf(h.t, m)
}

// noMessage fails if the kernel sent anything on ch.
func (h *harness) noMessage(ch wire.Channel) {
	h.t.Helper()
	select {
	case f := <-h.tr.out[ch]:
		m, _ := h.codec.Decode(f)
		h.t.Fatalf("unexpected message on %v: %+v", ch, m)
	default:
	}
}

// iopub collects the iopub messages whose parent is req, through its idle.
func (h *harness) iopub(req *wire.Message) []*wire.Message {
	h.t.Helper()
	var out []*wire.Message
	for {
		m := h.recv(wire.IOPub)
		if parentID(h.t, m) != req.Header.MsgID {
			continue
		}
		out = append(out, m)
		if m.Header.MsgType == "status" && contentOf(h.t, m)["execution_state"] == "idle" {
			return out
		}
	}
}

// waitIOPub returns the first iopub message of msgType with parent req.
func (h *harness) waitIOPub(req *wire.Message, msgType string) map[string]any {
	h.t.Helper()
	for {
		m := h.recv(wire.IOPub)
		if parentID(h.t, m) == req.Header.MsgID && m.Header.MsgType == msgType {
			return contentOf(h.t, m)
		}
	}
}

func (h *harness) serveResult() servedResult {
	h.t.Helper()
	select {
	case r := <-h.served:
		return r
	case <-time.After(waitLimit):
		h.t.Fatal("Serve did not return")
		return servedResult{}
	}
}

func parentID(t testing.TB, m *wire.Message) string {
	t.Helper()
	var ph wire.Header
	if err := json.Unmarshal(m.ParentHeader, &ph); err != nil {
		t.Fatalf("parent header %s: %v", m.ParentHeader, err)
	}
	return ph.MsgID
}

func contentOf(t testing.TB, m *wire.Message) map[string]any {
	t.Helper()
	var c map[string]any
	if err := json.Unmarshal(m.Content, &c); err != nil {
		t.Fatalf("content of %s: %v", m.Header.MsgType, err)
	}
	return c
}

// summary renders iopub messages compactly for comparison.
func summary(t testing.TB, msgs []*wire.Message) []string {
	var out []string
	for _, m := range msgs {
		c := contentOf(t, m)
		s := m.Header.MsgType
		switch s {
		case "status":
			s += ":" + c["execution_state"].(string)
		case "execute_input":
			s += ":" + jsonString(c["execution_count"])
		case "stream":
			s += ":" + c["name"].(string) + ":" + c["text"].(string)
		case "execute_result":
			s += ":" + jsonString(c["execution_count"]) + ":" + jsonString(c["data"])
		case "display_data", "update_display_data":
			s += ":" + jsonString(c["data"]) + ":" + jsonString(c["transient"])
		case "clear_output":
			s += ":" + jsonString(c["wait"])
		case "error":
			s += ":" + c["ename"].(string) + ":" + c["evalue"].(string)
		}
		out = append(out, s)
	}
	return out
}

func jsonString(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}

// execute sends an execute_request with the given extra fields.
func (h *harness) execute(code string, extra map[string]any) *wire.Message {
	h.t.Helper()
	c := map[string]any{"code": code}
	for k, v := range extra {
		c[k] = v
	}
	return h.send(wire.Shell, "execute_request", c)
}

// sign computes the signature the harness's codec expects, for frames
// built by hand.
func sign(h *harness, parts ...[]byte) []byte {
	mac := hmac.New(sha256.New, []byte("test-key"))
	for _, p := range parts {
		mac.Write(p)
	}
	return []byte(hex.EncodeToString(mac.Sum(nil)))
}
