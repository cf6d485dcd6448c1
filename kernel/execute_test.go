package kernel

import (
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/gocell/gocell/kernel/wire"
)

func TestExecuteFlow(t *testing.T) {
	tests := []struct {
		name   string
		code   string
		iopub  []string
		status string
		ename  string
	}{
		{
			name: "stream and result",
			code: "print:hello\nresult:42",
			iopub: []string{"status:busy", "execute_input:1", "stream:stdout:hello\n",
				`execute_result:1:{"text/plain":"42"}`, "status:idle"},
			status: "ok",
		},
		{
			name:   "error",
			code:   "print:a\nerror:boom\nprint:never",
			iopub:  []string{"status:busy", "execute_input:1", "stream:stdout:a\n", "error:Error:boom", "status:idle"},
			status: "error", ename: "Error",
		},
		{
			name: "displays and clears",
			code: "display:d1:x\nupdate:d1:y\ndisplay::z\nupdate::w\nclearwait",
			iopub: []string{"status:busy", "execute_input:1",
				`display_data:{"text/plain":"x"}:{"display_id":"d1"}`,
				`update_display_data:{"text/plain":"y"}:{"display_id":"d1"}`,
				`display_data:{"text/plain":"z"}:null`,
				`display_data:{"text/plain":"w"}:null`,
				"clear_output:true", "status:idle"},
			status: "ok",
		},
		{
			name: "streams split by name and by displays",
			code: "print:a\nprint:b\nstderr:c\nprint:d\ndisplay::x\nprint:e",
			iopub: []string{"status:busy", "execute_input:1", "stream:stdout:a\nb\n", "stream:stderr:c\n",
				"stream:stdout:d\n", `display_data:{"text/plain":"x"}:null`, "stream:stdout:e\n", "status:idle"},
			status: "ok",
		},
		{
			name:   "session panic",
			code:   "print:before\npanic:oops",
			iopub:  []string{"status:busy", "execute_input:1", "stream:stdout:before\n", "error:InternalError:the kernel's session panicked: oops", "status:idle"},
			status: "error", ename: "InternalError",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := start(t, func(c *Config) { c.StreamDelay = time.Hour })
			req := h.execute(tt.code, nil)
			rep := h.reply(wire.Shell, req, "execute_reply")
			if got := summary(t, h.iopub(req)); !reflect.DeepEqual(got, tt.iopub) {
				t.Errorf("iopub =\n%q\nwant\n%q", got, tt.iopub)
			}
			if rep["status"] != tt.status || rep["execution_count"] != 1.0 {
				t.Errorf("reply = %v, want status %s count 1", rep, tt.status)
			}
			if tt.ename != "" {
				if rep["ename"] != tt.ename || rep["traceback"] == nil || rep["evalue"] == nil {
					t.Errorf("error reply = %v, want ename %s with evalue and traceback", rep, tt.ename)
				}
			}
			if _, ok := rep["payload"].([]any); !ok {
				t.Errorf("reply has no payload list: %v", rep)
			}
			if _, ok := rep["user_expressions"].(map[string]any); !ok {
				t.Errorf("reply has no user_expressions: %v", rep)
			}
		})
	}
}

func TestPayloadsAndUserExpressions(t *testing.T) {
	h := start(t, nil)
	req := h.execute("payload:help text", map[string]any{"user_expressions": map[string]string{"a": "x+1", "b": "error"}})
	rep := h.reply(wire.Shell, req, "execute_reply")
	payload, _ := rep["payload"].([]any)
	if len(payload) != 1 || payload[0].(map[string]any)["source"] != "page" {
		t.Errorf("payload = %v, want one page payload", rep["payload"])
	}
	ue := rep["user_expressions"].(map[string]any)
	if jsonString(ue["a"]) != `{"data":{"text/plain":"x+1"},"metadata":{},"status":"ok"}` ||
		ue["b"].(map[string]any)["status"] != "error" {
		t.Errorf("user_expressions = %v", ue)
	}
}

func TestExecutionCount(t *testing.T) {
	h := start(t, nil)
	steps := []struct {
		extra       map[string]any
		count       float64 // in the reply
		input       bool    // execute_input published
		result      bool    // execute_result published
		sessionSees int
		stored      bool
	}{
		{nil, 1, true, true, 1, true},
		{map[string]any{"store_history": false}, 1, true, true, 1, false},
		{map[string]any{"silent": true}, 1, false, false, 1, false},
		{map[string]any{"silent": true, "store_history": true}, 1, false, false, 1, false},
		{map[string]any{"store_history": true}, 2, true, true, 2, true},
		{nil, 3, true, true, 3, true},
	}
	for i, st := range steps {
		req := h.execute("print:s\nresult:r", st.extra)
		rep := h.reply(wire.Shell, req, "execute_reply")
		if rep["execution_count"] != st.count {
			t.Errorf("step %d: execution_count = %v, want %v", i, rep["execution_count"], st.count)
		}
		got := strings.Join(summary(t, h.iopub(req)), "|")
		if strings.Contains(got, "execute_input") != st.input {
			t.Errorf("step %d: execute_input published = %v, want %v (%s)", i, !st.input, st.input, got)
		}
		if strings.Contains(got, "execute_result") != st.result {
			t.Errorf("step %d: execute_result published = %v, want %v (%s)", i, !st.result, st.result, got)
		}
		if !strings.Contains(got, "stream:stdout:s") {
			t.Errorf("step %d: stream missing (silent must not suppress streams): %s", i, got)
		}
		ex := h.sess.Executed()[i]
		if ex.ExecutionCount != st.sessionSees || ex.StoreHistory != st.stored {
			t.Errorf("step %d: session got count %d store %v, want %d %v", i, ex.ExecutionCount, ex.StoreHistory, st.sessionSees, st.stored)
		}
	}
	var lines []int
	for _, e := range h.hist.Tail(0) {
		lines = append(lines, e.Line)
	}
	if !reflect.DeepEqual(lines, []int{1, 2, 3}) {
		t.Errorf("history lines = %v, want [1 2 3]", lines)
	}
}

func TestStopOnError(t *testing.T) {
	tests := []struct {
		name        string
		stopOnError any // nil: absent (defaults to true)
		silent      bool
		wantQueued  string
	}{
		{"default aborts", nil, false, "aborted"},
		{"true aborts", true, false, "aborted"},
		{"false runs", false, false, "ok"},
		{"silent failure does not abort", true, true, "ok"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := start(t, nil)
			extra := map[string]any{"silent": tt.silent}
			if tt.stopOnError != nil {
				extra["stop_on_error"] = tt.stopOnError
			}
			// The first cell waits for input, so the next two are queued
			// behind it before it fails.
			first := h.execute("input:go?\nerror:boom", extra)
			h.recv(wire.Stdin)
			q1 := h.execute("print:one", nil)
			q2 := h.execute("print:two", nil)
			// The shell goroutine handles messages in order: once this is
			// answered, q1 and q2 are in the queue.
			ki := h.send(wire.Shell, "kernel_info_request", nil)
			h.reply(wire.Shell, ki, "kernel_info_reply")
			h.send(wire.Stdin, "input_reply", map[string]any{"value": "yes"})

			if rep := h.reply(wire.Shell, first, "execute_reply"); rep["status"] != "error" {
				t.Fatalf("first cell status = %v, want error", rep["status"])
			}
			for _, q := range []*wire.Message{q1, q2} {
				rep := h.reply(wire.Shell, q, "execute_reply")
				if rep["status"] != tt.wantQueued {
					t.Errorf("queued cell status = %v, want %s", rep["status"], tt.wantQueued)
				}
				if _, counted := rep["execution_count"]; tt.wantQueued == "aborted" && counted {
					t.Errorf("aborted reply %v has an execution_count; the cell never ran", rep)
				}
				got := summary(t, h.iopub(q))
				if tt.wantQueued == "aborted" && !reflect.DeepEqual(got, []string{"status:busy", "status:idle"}) {
					t.Errorf("aborted cell published %q, want only busy and idle", got)
				}
			}
			// A cell sent after the failure was reported runs.
			after := h.execute("print:after", nil)
			if rep := h.reply(wire.Shell, after, "execute_reply"); rep["status"] != "ok" {
				t.Errorf("cell after the failure status = %v, want ok", rep["status"])
			}
			ran := 0
			for _, ex := range h.sess.Executed() {
				if ex.Code == "print:one" || ex.Code == "print:two" {
					ran++
				}
			}
			if want := map[string]int{"aborted": 0, "ok": 2}[tt.wantQueued]; ran != want {
				t.Errorf("queued cells run = %d, want %d", ran, want)
			}
		})
	}
}

// TestStopOnErrorInFlight covers a burst whose later requests reach the
// kernel only after the first has already failed: they were sent before
// the failure was known, so they are aborted; what is sent after runs.
func TestStopOnErrorInFlight(t *testing.T) {
	h := start(t, nil)
	send := func(m *wire.Message) {
		frames, err := h.codec.Encode(m)
		if err != nil {
			t.Fatal(err)
		}
		h.sendFrames(wire.Shell, frames)
	}
	// A burst created before the failure was known; only the failing
	// request arrives before it fails. (Creating the others first keeps
	// the test independent of scheduling: in a real burst they follow the
	// failing one by microseconds.)
	inFlight := []*wire.Message{
		h.message("execute_request", map[string]any{"code": "print:one"}),
		h.message("execute_request", map[string]any{"code": "print:two"}),
	}
	failed := h.message("execute_request", map[string]any{"code": "error:boom"})
	// Another client's request is not part of the burst.
	other := h.message("execute_request", map[string]any{"code": "print:other"})
	other.Header.Session = "another-client"

	send(failed)
	h.reply(wire.Shell, failed, "execute_reply")
	for _, m := range append(inFlight, other) {
		send(m)
	}
	for i, want := range []string{"aborted", "aborted", "ok"} {
		m := append(inFlight, other)[i]
		if rep := h.reply(wire.Shell, m, "execute_reply"); rep["status"] != want {
			t.Errorf("request %d: status %v, want %s", i, rep["status"], want)
		}
	}
	after := h.execute("print:after", nil)
	if rep := h.reply(wire.Shell, after, "execute_reply"); rep["status"] != "ok" {
		t.Errorf("request sent after the failure: %v", rep["status"])
	}
}

// TestStopOnErrorGrace covers a burst whose last request is sent well
// after the first, by a client too busy to send it at once, and reaches
// the kernel after the failure: the failure's reply waits AbortGrace for
// it, so it is aborted; without the grace the date rule alone lets it run.
func TestStopOnErrorGrace(t *testing.T) {
	tests := []struct {
		name  string
		grace time.Duration
		late  time.Duration // how long after the failing request the last is made and sent
		want  string
	}{
		{"held reply aborts the straggler", 500 * time.Millisecond, 30 * time.Millisecond, "aborted"},
		{"no grace: the straggler runs", -1, 100 * time.Millisecond, "ok"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := start(t, func(c *Config) { c.AbortGrace = tt.grace })
			send := func(m *wire.Message) {
				frames, err := h.codec.Encode(m)
				if err != nil {
					t.Fatal(err)
				}
				h.sendFrames(wire.Shell, frames)
			}
			failed := h.message("execute_request", map[string]any{"code": "error:boom"})
			send(failed)
			time.Sleep(tt.late)
			straggler := h.message("execute_request", map[string]any{"code": "print:late"})
			send(straggler)
			if rep := h.reply(wire.Shell, failed, "execute_reply"); rep["status"] != "error" {
				t.Fatalf("failing cell: %v", rep["status"])
			}
			if rep := h.reply(wire.Shell, straggler, "execute_reply"); rep["status"] != tt.want {
				t.Errorf("straggler: status %v, want %s", rep["status"], tt.want)
			}
		})
	}
}

func TestStreamBatching(t *testing.T) {
	t.Run("coalesced and flushed before the reply", func(t *testing.T) {
		h := start(t, func(c *Config) { c.StreamDelay = time.Hour })
		req := h.execute("repeat:1000:ab", nil)
		h.reply(wire.Shell, req, "execute_reply")
		got := summary(t, h.iopub(req))
		want := []string{"status:busy", "execute_input:1", "stream:stdout:" + strings.Repeat("ab", 1000), "status:idle"}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("iopub = %.200q, want one stream of 2000 bytes", got)
		}
	})
	t.Run("size limit", func(t *testing.T) {
		h := start(t, func(c *Config) { c.StreamDelay = time.Hour; c.StreamLimit = 100 })
		req := h.execute("repeat:1000:ab", nil)
		h.reply(wire.Shell, req, "execute_reply")
		streams := 0
		for _, m := range h.iopub(req) {
			if m.Header.MsgType == "stream" {
				streams++
				if n := len(contentOf(t, m)["text"].(string)); n != 100 {
					t.Errorf("stream of %d bytes, want 100", n)
				}
			}
		}
		if streams != 20 {
			t.Errorf("%d stream messages, want 20", streams)
		}
	})
	t.Run("timer flushes while the cell runs", func(t *testing.T) {
		h := start(t, func(c *Config) { c.StreamDelay = time.Millisecond })
		req := h.execute("print:early\nblock", nil)
		// Seen before the cell ends: only the timer can have sent it.
		if c := h.waitIOPub(req, "stream"); c["text"] != "early\n" {
			t.Errorf("stream = %v", c)
		}
		h.srv.Interrupt()
		h.reply(wire.Shell, req, "execute_reply")
	})
}

func BenchmarkExecute(b *testing.B) {
	h := start(b, nil)
	b.ResetTimer()
	for range b.N {
		req := h.execute("result:1", nil)
		h.reply(wire.Shell, req, "execute_reply")
		h.iopub(req)
	}
}

// BenchmarkStreamFlood measures a cell printing 8 MiB in 1 KiB writes,
// through batching, encoding and signing.
func BenchmarkStreamFlood(b *testing.B) {
	h := start(b, nil)
	code := "repeat:8192:" + strings.Repeat("x", 1024)
	b.SetBytes(8 << 20)
	b.ResetTimer()
	for range b.N {
		req := h.execute(code, nil)
		h.reply(wire.Shell, req, "execute_reply")
		h.iopub(req)
	}
}
