package kernel

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/gocell/gocell/kernel/session"
	"github.com/gocell/gocell/kernel/wire"
)

func TestControlWhileCellRuns(t *testing.T) {
	h := start(t, nil)
	cell := h.execute("print:started\nblock", nil)
	h.waitIOPub(cell, "stream") // the cell is running

	// kernel_info on control is answered on control, not shell.
	ki := h.send(wire.Control, "kernel_info_request", nil)
	info := h.reply(wire.Control, ki, "kernel_info_reply")
	if info["status"] != "ok" || info["implementation"] != "gocell" {
		t.Errorf("kernel_info_reply on control = %v", info)
	}
	// Quick shell requests are answered while the cell runs too.
	comp := h.send(wire.Shell, "complete_request", map[string]any{"code": "pri", "cursor_pos": 3})
	if rep := h.reply(wire.Shell, comp, "complete_reply"); rep["status"] != "ok" {
		t.Errorf("complete during a cell = %v", rep)
	}
	ir := h.send(wire.Control, "interrupt_request", nil)
	if rep := h.reply(wire.Control, ir, "interrupt_reply"); rep["status"] != "ok" {
		t.Errorf("interrupt_reply = %v", rep)
	}
	rep := h.reply(wire.Shell, cell, "execute_reply")
	if rep["status"] != "error" || rep["ename"] != session.ErrNameInterrupt {
		t.Errorf("interrupted cell reply = %v, want error %s", rep, session.ErrNameInterrupt)
	}
	// The kernel takes the next cell at once.
	next := h.execute("result:fine", nil)
	if rep := h.reply(wire.Shell, next, "execute_reply"); rep["status"] != "ok" {
		t.Errorf("next cell = %v", rep)
	}
}

func TestInterruptMethod(t *testing.T) {
	h := start(t, nil)
	h.srv.Interrupt() // nothing running: no effect
	cell := h.execute("print:x\nsleep:1h", nil)
	h.waitIOPub(cell, "stream")
	h.srv.Interrupt()
	if rep := h.reply(wire.Shell, cell, "execute_reply"); rep["ename"] != session.ErrNameInterrupt {
		t.Errorf("reply after Interrupt = %v", rep)
	}
}

func TestStdin(t *testing.T) {
	tests := []struct {
		name     string
		code     string
		password bool
	}{
		{"input", "print:before\ninput:Name? ", false},
		{"password", "print:before\npassword:Secret: ", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := start(t, func(c *Config) { c.StreamDelay = 1 << 40 })
			cell := h.execute(tt.code, nil)
			ir := h.recv(wire.Stdin)
			c := contentOf(t, ir)
			if ir.Header.MsgType != "input_request" || c["password"] != tt.password ||
				!strings.HasSuffix(tt.code, c["prompt"].(string)) {
				t.Fatalf("got %s %v", ir.Header.MsgType, c)
			}
			if parentID(t, ir) != cell.Header.MsgID {
				t.Errorf("input_request parent is not the execute_request")
			}
			if len(ir.Identities) != 1 || string(ir.Identities[0]) != string(clientID) {
				t.Errorf("input_request routed to %q, want %q", ir.Identities, clientID)
			}
			// Output printed before the prompt was flushed before it, even
			// with a batching delay that never expires.
			if s := h.waitIOPub(cell, "stream"); s["text"] != "before\n" {
				t.Errorf("stream before prompt = %v", s)
			}
			h.send(wire.Stdin, "input_reply", map[string]any{"value": "typed"})
			if rep := h.reply(wire.Shell, cell, "execute_reply"); rep["status"] != "ok" {
				t.Fatalf("reply = %v", rep)
			}
			if s := h.waitIOPub(cell, "stream"); s["text"] != "input:typed\n" {
				t.Errorf("cell saw %v, want input:typed", s)
			}
		})
	}
	t.Run("allow_stdin false", func(t *testing.T) {
		h := start(t, nil)
		cell := h.execute("input:x", map[string]any{"allow_stdin": false})
		rep := h.reply(wire.Shell, cell, "execute_reply")
		if rep["status"] != "error" || !strings.Contains(rep["evalue"].(string), "allow_stdin") {
			t.Errorf("reply = %v, want an error naming allow_stdin", rep)
		}
		h.noMessage(wire.Stdin)
	})
	t.Run("no frontend on stdin", func(t *testing.T) {
		h := start(t, nil)
		// Set before the request is sent, so the kernel sees it.
		h.tr.noPeer[wire.Stdin] = true
		cell := h.execute("input:x", nil)
		rep := h.reply(wire.Shell, cell, "execute_reply")
		if rep["status"] != "error" || !strings.Contains(rep["evalue"].(string), "cannot ask the frontend") {
			t.Errorf("reply = %v, want a failed read", rep)
		}
	})
	t.Run("interrupt while waiting", func(t *testing.T) {
		h := start(t, nil)
		cell := h.execute("input:x", nil)
		h.recv(wire.Stdin)
		h.srv.Interrupt()
		if rep := h.reply(wire.Shell, cell, "execute_reply"); rep["ename"] != session.ErrNameInterrupt {
			t.Errorf("reply = %v", rep)
		}
		// A late reply is dropped and the next read gets its own.
		h.send(wire.Stdin, "input_reply", map[string]any{"value": "late"})
		// stdin is read by one goroutine: once this is taken, the late
		// reply has been handled.
		h.sendFrames(wire.Stdin, [][]byte{[]byte("sync")})
		cell2 := h.execute("input:y", nil)
		h.recv(wire.Stdin)
		h.send(wire.Stdin, "input_reply", map[string]any{"value": "fresh"})
		h.reply(wire.Shell, cell2, "execute_reply")
		if s := h.waitIOPub(cell2, "stream"); s["text"] != "input:fresh\n" {
			t.Errorf("second read got %v", s)
		}
	})
}

func TestShutdown(t *testing.T) {
	for _, ch := range []wire.Channel{wire.Shell, wire.Control} {
		for _, restart := range []bool{false, true} {
			t.Run(ch.String()+map[bool]string{true: " restart", false: ""}[restart], func(t *testing.T) {
				h := start(t, nil)
				req := h.send(ch, "shutdown_request", map[string]any{"restart": restart})
				rep := h.reply(ch, req, "shutdown_reply")
				if rep["status"] != "ok" || rep["restart"] != restart {
					t.Errorf("shutdown_reply = %v", rep)
				}
				if got := summary(t, h.iopub(req)); strings.Join(got, " ") != "status:busy status:idle" {
					t.Errorf("iopub = %q", got)
				}
				r := h.serveResult()
				if r.err != nil || r.restart != restart {
					t.Errorf("Serve = %v, %v; want %v, nil", r.restart, r.err, restart)
				}
				if !h.sess.Closed() {
					t.Error("session not closed")
				}
			})
		}
	}
	t.Run("during a cell", func(t *testing.T) {
		h := start(t, nil)
		cell := h.execute("print:x\nblock", nil)
		h.waitIOPub(cell, "stream")
		req := h.send(wire.Control, "shutdown_request", map[string]any{"restart": false})
		h.reply(wire.Control, req, "shutdown_reply")
		if r := h.serveResult(); r.err != nil {
			t.Errorf("Serve error %v", r.err)
		}
		if !h.sess.Closed() {
			t.Error("session not closed")
		}
	})
	t.Run("context cancelled", func(t *testing.T) {
		h := start(t, nil)
		h.cancel()
		if r := h.serveResult(); !errors.Is(r.err, context.Canceled) || r.restart {
			t.Errorf("Serve = %v, %v", r.restart, r.err)
		}
		if !h.sess.Closed() {
			t.Error("session not closed")
		}
	})
}
