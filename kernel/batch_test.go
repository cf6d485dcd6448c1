package kernel

import (
	"encoding/json"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/gocell/gocell/kernel/wire"
)

// batchingTransport is a memTransport that can send several messages at
// once, recording the message types of each batch, and the order of all
// sends on shell and iopub ("shell:execute_reply", "iopub:status+...").
type batchingTransport struct {
	*memTransport
	mu      sync.Mutex
	batches [][]string
	sends   []string
}

func (b *batchingTransport) Send(ch wire.Channel, frames [][]byte) error {
	b.record(ch, [][][]byte{frames})
	return b.memTransport.Send(ch, frames)
}

// record notes a send of msgs on ch in b.sends.
func (b *batchingTransport) record(ch wire.Channel, msgs [][][]byte) {
	var types []string
	for _, frames := range msgs {
		var h wire.Header
		for i, f := range frames {
			if string(f) == wire.Delimiter && i+2 < len(frames) {
				json.Unmarshal(frames[i+2], &h)
			}
		}
		types = append(types, h.MsgType)
	}
	b.mu.Lock()
	b.sends = append(b.sends, ch.String()+":"+strings.Join(types, "+"))
	b.mu.Unlock()
}

func (b *batchingTransport) SendBatch(ch wire.Channel, msgs [][][]byte) error {
	var types []string
	for _, frames := range msgs {
		topic := string(frames[0])
		types = append(types, topic[strings.LastIndexByte(topic, '.')+1:])
	}
	b.mu.Lock()
	b.batches = append(b.batches, types)
	b.mu.Unlock()
	b.record(ch, msgs)
	for _, frames := range msgs {
		if err := b.memTransport.Send(ch, frames); err != nil {
			return err
		}
	}
	return nil
}

func (b *batchingTransport) taken() [][]string {
	b.mu.Lock()
	defer b.mu.Unlock()
	out := b.batches
	b.batches = nil
	return out
}

func (b *batchingTransport) takeSends() []string {
	b.mu.Lock()
	defer b.mu.Unlock()
	out := b.sends
	b.sends = nil
	return out
}

// Every message of a cell goes out in the protocol's order, busy first and
// the reply before idle, whatever the cell does: busy, execute_input,
// outputs, the result or error, execute_reply, idle. Busy leaves with
// execute_input in one write (and with the result too when the cell ends
// before busy is out).
func TestExecuteOrderAcrossChannels(t *testing.T) {
	var bt *batchingTransport
	h := start(t, func(c *Config) {
		bt = &batchingTransport{memTransport: c.Transport.(*memTransport)}
		c.Transport = bt
	})
	tests := []struct {
		code  string
		extra map[string]any
		iopub []string
		order []string
	}{
		{"result:1", nil, []string{"status:busy", "execute_input:1", `execute_result:1:{"text/plain":"1"}`, "status:idle"},
			[]string{"iopub:status", "iopub:execute_input", "iopub:execute_result", "shell:execute_reply", "iopub:status"}},
		{"error:Boom:bad", nil, []string{"status:busy", "execute_input:2", "error:Error:Boom:bad", "status:idle"},
			[]string{"iopub:status", "iopub:execute_input", "iopub:error", "shell:execute_reply", "iopub:status"}},
		{"print:hi", nil, []string{"status:busy", "execute_input:3", "stream:stdout:hi\n", "status:idle"},
			[]string{"iopub:status", "iopub:execute_input", "iopub:stream", "shell:execute_reply", "iopub:status"}},
		{"sleep:300ms\nresult:4", nil, []string{"status:busy", "execute_input:4", `execute_result:4:{"text/plain":"4"}`, "status:idle"},
			[]string{"iopub:status", "iopub:execute_input", "iopub:execute_result", "shell:execute_reply", "iopub:status"}},
		{"result:2", map[string]any{"silent": true}, []string{"status:busy", "status:idle"},
			[]string{"iopub:status", "shell:execute_reply", "iopub:status"}},
		{"print:x", map[string]any{"code": 3}, []string{"status:busy", "status:idle"},
			[]string{"iopub:status", "shell:execute_reply", "iopub:status"}},
	}
	for _, tt := range tests {
		req := h.execute(tt.code, tt.extra)
		h.reply(wire.Shell, req, "execute_reply")
		if got := summary(t, h.iopub(req)); !slices.Equal(got, tt.iopub) {
			t.Errorf("%s %v: iopub = %q, want %q", tt.code, tt.extra, got, tt.iopub)
		}
		bt.taken()
		sends := bt.takeSends()
		var order []string
		for _, send := range sends {
			ch, types, _ := strings.Cut(send, ":")
			for _, typ := range strings.Split(types, "+") {
				order = append(order, ch+":"+typ)
			}
		}
		if !slices.Equal(order, tt.order) {
			t.Errorf("%s %v: messages in the order %q, want %q", tt.code, tt.extra, order, tt.order)
		}
		hasInput := strings.HasPrefix(tt.iopub[1], "execute_input:")
		if hasInput && (len(sends) == 0 || !strings.HasPrefix(sends[0], "iopub:status+execute_input")) {
			t.Errorf("%s %v: busy and execute_input not in one write: %q", tt.code, tt.extra, sends)
		}
	}
}
