package kernel

import (
	"context"
	"reflect"
	"testing"

	"github.com/gocell/gocell/kernel/session"
	"github.com/gocell/gocell/kernel/sessiontest"
	"github.com/gocell/gocell/kernel/wire"
)

func TestKernelInfo(t *testing.T) {
	h := start(t, func(c *Config) { c.Info.HelpLinks = []HelpLink{{"Go", "https://go.dev/doc"}} })
	for _, ch := range []wire.Channel{wire.Shell, wire.Control} {
		req := h.send(ch, "kernel_info_request", nil)
		rep := h.reply(ch, req, "kernel_info_reply")
		want := map[string]any{
			"status": "ok", "protocol_version": wire.ProtocolVersion, "implementation": "gocell",
			"implementation_version": "0.test", "banner": "gocell test", "debugger": false,
			"language_info": map[string]any{"name": "go", "version": "1.26", "mimetype": "text/x-go",
				"file_extension": ".go", "pygments_lexer": "go", "codemirror_mode": "go"},
			"help_links": []any{map[string]any{"text": "Go", "url": "https://go.dev/doc"}},
		}
		if !reflect.DeepEqual(rep, want) {
			t.Errorf("%v: kernel_info_reply =\n%v\nwant\n%v", ch, rep, want)
		}
		if got := summary(t, h.iopub(req)); !reflect.DeepEqual(got, []string{"status:busy", "status:idle"}) {
			t.Errorf("%v: iopub = %q", ch, got)
		}
	}
}

func TestQuestions(t *testing.T) {
	tests := []struct {
		msgType string
		content map[string]any
		want    string // the reply's content as JSON
	}{
		{"complete_request", map[string]any{"code": "print:x\npri", "cursor_pos": 11},
			`{"cursor_end":11,"cursor_start":8,"matches":["print"],"metadata":{"_jupyter_types_experimental":[{"end":11,"signature":"print:ARG","start":8,"text":"print","type":"keyword"}]},"status":"ok"}`},
		{"complete_request", map[string]any{"code": "zz"},
			`{"cursor_end":2,"cursor_start":0,"matches":[],"metadata":{},"status":"ok"}`},
		{"complete_request", map[string]any{"code": "fail", "cursor_pos": 0},
			`{"ename":"CompleteError","evalue":"sessiontest: asked to fail","status":"error","traceback":[]}`},
		{"complete_request", map[string]any{"code": 5},
			""}, // status error, checked below
		{"inspect_request", map[string]any{"code": "sleep:1s", "cursor_pos": 2, "detail_level": 1},
			`{"data":{"text/plain":"sleep: a sessiontest command (detail 1)"},"found":true,"metadata":{},"status":"ok"}`},
		{"inspect_request", map[string]any{"code": "nothing", "cursor_pos": 2},
			`{"data":{},"found":false,"metadata":{},"status":"ok"}`},
		{"inspect_request", map[string]any{"code": "fail"},
			`{"ename":"InspectError","evalue":"sessiontest: asked to fail","status":"error","traceback":[]}`},
		{"is_complete_request", map[string]any{"code": "print:x"}, `{"status":"complete"}`},
		{"is_complete_request", map[string]any{"code": "print:x \\"}, `{"indent":"  ","status":"incomplete"}`},
		{"is_complete_request", map[string]any{"code": "bogus:x"}, `{"status":"invalid"}`},
		{"is_complete_request", map[string]any{"code": "fail"}, `{"status":"unknown"}`},
		{"comm_info_request", map[string]any{}, `{"comms":{},"status":"ok"}`},
		{"comm_info_request", map[string]any{"target_name": "jupyter.widget"}, `{"comms":{},"status":"ok"}`},
	}
	h := start(t, nil)
	for _, tt := range tests {
		req := h.send(wire.Shell, tt.msgType, tt.content)
		rt, _ := replyType(tt.msgType)
		rep := h.reply(wire.Shell, req, rt)
		if tt.want == "" {
			if rep["status"] != "error" || rep["ename"] != "BadRequest" {
				t.Errorf("%s %v: reply %v, want a BadRequest error", tt.msgType, tt.content, rep)
			}
		} else if got := jsonString(rep); got != tt.want {
			t.Errorf("%s %v:\n got %s\nwant %s", tt.msgType, tt.content, got, tt.want)
		}
		if got := summary(t, h.iopub(req)); !reflect.DeepEqual(got, []string{"status:busy", "status:idle"}) {
			t.Errorf("%s: iopub = %q", tt.msgType, got)
		}
	}
}

func TestHistory(t *testing.T) {
	h := start(t, nil)
	for _, code := range []string{"print:a", "result:1", "print:a"} {
		req := h.execute(code, nil)
		h.reply(wire.Shell, req, "execute_reply")
	}
	req := h.execute("print:not stored", map[string]any{"store_history": false})
	h.reply(wire.Shell, req, "execute_reply")
	s := float64(h.hist.Session())
	tests := []struct {
		content map[string]any
		want    []any
	}{
		{map[string]any{"hist_access_type": "tail", "n": 2},
			[]any{[]any{s, 2.0, "result:1"}, []any{s, 3.0, "print:a"}}},
		{map[string]any{"hist_access_type": "range", "session": 0, "start": 2, "stop": 3},
			[]any{[]any{s, 2.0, "result:1"}}},
		{map[string]any{"hist_access_type": "search", "pattern": "print:*", "unique": true},
			[]any{[]any{s, 3.0, "print:a"}}},
		{map[string]any{"hist_access_type": "search", "pattern": "print:*"},
			[]any{[]any{s, 1.0, "print:a"}, []any{s, 3.0, "print:a"}}},
		{map[string]any{"hist_access_type": "tail", "n": 1, "output": true},
			[]any{[]any{s, 3.0, []any{"print:a", nil}}}},
		{map[string]any{"hist_access_type": "bogus"}, []any{}},
	}
	for _, tt := range tests {
		req := h.send(wire.Shell, "history_request", tt.content)
		rep := h.reply(wire.Shell, req, "history_reply")
		if rep["status"] != "ok" || !reflect.DeepEqual(rep["history"], tt.want) {
			t.Errorf("history %v = %v, want %v", tt.content, rep["history"], tt.want)
		}
	}
}

func TestComms(t *testing.T) {
	h := start(t, nil)
	open := h.send(wire.Shell, "comm_open", map[string]any{"comm_id": "c1", "target_name": "nobody", "data": map[string]any{}})
	msgs := h.iopub(open)
	if got := summary(t, msgs); !reflect.DeepEqual(got, []string{"status:busy", "comm_close", "status:idle"}) {
		t.Fatalf("iopub after comm_open = %q", got)
	}
	if c := contentOf(t, msgs[1]); c["comm_id"] != "c1" {
		t.Errorf("comm_close = %v", c)
	}
	for _, mt := range []string{"comm_msg", "comm_close"} {
		req := h.send(wire.Shell, mt, map[string]any{"comm_id": "c1", "data": map[string]any{}})
		if got := summary(t, h.iopub(req)); !reflect.DeepEqual(got, []string{"status:busy", "status:idle"}) {
			t.Errorf("%s: iopub = %q", mt, got)
		}
	}
	h.noMessage(wire.Shell)
}

// TestBadInputDropped sends what a broken or hostile client might on every
// channel, then checks the kernel still answers.
func TestBadInputDropped(t *testing.T) {
	h := start(t, nil)
	other, _ := wire.NewCodec(wire.SchemeHMACSHA256, []byte("other-key"))
	good := h.message("kernel_info_request", nil)
	goodFrames, _ := h.codec.Encode(good)
	badSig, _ := other.Encode(good)
	tampered := append([][]byte(nil), goodFrames...)
	tampered[len(tampered)-1] = []byte(`{"x":1}`)
	noSig := append([][]byte(nil), goodFrames...)
	noSig[2] = nil
	bad := map[string][][]byte{
		"nothing":      {},
		"garbage":      {[]byte("\x00\xff garbage")},
		"no delimiter": goodFrames[2:],
		"bad sig":      badSig,
		"tampered":     tampered,
		"no sig":       noSig,
		"short":        goodFrames[:4],
		"bad json":     withSignedParts(h, `{"msg_id":`, "{}", "{}", "{}"),
		"array header": withSignedParts(h, `[1,2]`, "{}", "{}", "{}"),
		"bad content":  withSignedParts(h, `{"msg_id":"x","session":"s","username":"u","date":"","msg_type":"execute_request","version":"5.3"}`, "{}", "{}", `"str"`),
	}
	for _, ch := range []wire.Channel{wire.Shell, wire.Control, wire.Stdin} {
		for _, frames := range bad {
			h.sendFrames(ch, frames)
		}
		// Unknown types are logged and not answered.
		h.send(ch, "no_such_request", nil)
		// An input_reply nobody waits for is dropped too.
		h.send(ch, "input_reply", map[string]any{"value": 5})
	}
	h.noMessage(wire.Shell)
	h.noMessage(wire.Control)
	h.noMessage(wire.Stdin)
	h.noMessage(wire.IOPub)

	// Each was logged. Sync first: a request answered on each channel
	// means the messages before it were handled.
	for _, ch := range []wire.Channel{wire.Shell, wire.Control} {
		req := h.send(ch, "kernel_info_request", nil)
		h.reply(ch, req, "kernel_info_reply")
		h.iopub(req)
	}
	h.sendFrames(wire.Stdin, [][]byte{[]byte("sync")})
	// The sync frame itself may or may not be logged yet.
	if n := h.log.count("dropped a message"); n != 3*len(bad) && n != 3*len(bad)+1 {
		t.Errorf("%d drops logged, want %d", n, 3*len(bad))
	}
	if n := h.log.count("unknown message type"); n != 4 {
		t.Errorf("%d unknown types logged, want 4 (no_such_request and input_reply on shell and control)", n)
	}
	if n := h.log.count("unexpected message on stdin") + h.log.count("bad input_reply"); n != 2 {
		t.Errorf("%d bad stdin messages logged, want 2", n)
	}

	// Wrong field types in content get an error reply where one exists.
	for _, tt := range []struct {
		ch      wire.Channel
		msgType string
		content map[string]any
	}{
		{wire.Shell, "execute_request", map[string]any{"code": 5}},
		{wire.Shell, "execute_request", map[string]any{"code": "x", "silent": "yes"}},
		{wire.Shell, "history_request", map[string]any{"hist_access_type": "tail", "n": "ten"}},
		{wire.Control, "shutdown_request", map[string]any{"restart": "no"}},
		{wire.Shell, "is_complete_request", map[string]any{"code": []int{1}}},
	} {
		req := h.send(tt.ch, tt.msgType, tt.content)
		rt, _ := replyType(tt.msgType)
		if rep := h.reply(tt.ch, req, rt); rep["status"] != "error" || rep["ename"] != "BadRequest" {
			t.Errorf("%s %v: reply %v, want a BadRequest error", tt.msgType, tt.content, rep)
		}
	}
	// comm_open with a bad content has no reply: dropped, busy/idle only.
	co := h.send(wire.Shell, "comm_open", map[string]any{"comm_id": 5})
	if got := summary(t, h.iopub(co)); !reflect.DeepEqual(got, []string{"status:busy", "status:idle"}) {
		t.Errorf("bad comm_open: iopub = %q", got)
	}

	for _, ch := range []wire.Channel{wire.Shell, wire.Control} {
		req := h.send(ch, "kernel_info_request", nil)
		h.reply(ch, req, "kernel_info_reply")
	}
	cell := h.execute("input:x", nil)
	h.recv(wire.Stdin)
	h.send(wire.Stdin, "input_reply", map[string]any{"value": "ok"})
	if rep := h.reply(wire.Shell, cell, "execute_reply"); rep["status"] != "ok" {
		t.Errorf("stdin round trip after bad input = %v", rep)
	}
	// Serve is still running.
	select {
	case r := <-h.served:
		t.Fatalf("Serve returned %v", r)
	default:
	}
}

// withSignedParts builds frames with the given JSON parts, correctly
// signed, so only their content is wrong.
func withSignedParts(h *harness, header, parent, metadata, content string) [][]byte {
	h.t.Helper()
	// The codec refuses to encode parts that are not JSON objects, so
	// encode placeholders, swap in the wanted raw parts and sign by hand.
	m := &wire.Message{Identities: [][]byte{clientID}}
	frames, err := h.codec.Encode(m)
	if err != nil {
		h.t.Fatalf("encode: %v", err)
	}
	frames[3], frames[4], frames[5], frames[6] = []byte(header), []byte(parent), []byte(metadata), []byte(content)
	frames[2] = sign(h, frames[3], frames[4], frames[5], frames[6])
	return frames
}

// panicky is a session whose questions panic.
type panicky struct{ sessiontest.Session }

func (*panicky) Complete(context.Context, string, int) (session.Completion, error) {
	panic("complete exploded")
}

func TestHandlerPanicRecovered(t *testing.T) {
	h := start(t, func(c *Config) { c.Session = &panicky{} })
	req := h.send(wire.Shell, "complete_request", map[string]any{"code": "x"})
	rep := h.reply(wire.Shell, req, "complete_reply")
	if rep["status"] != "error" || rep["ename"] != "InternalError" || rep["evalue"] != "complete exploded" {
		t.Errorf("reply = %v", rep)
	}
	if got := summary(t, h.iopub(req)); !reflect.DeepEqual(got, []string{"status:busy", "status:idle"}) {
		t.Errorf("iopub = %q", got)
	}
	ki := h.send(wire.Shell, "kernel_info_request", nil)
	h.reply(wire.Shell, ki, "kernel_info_reply")
}
