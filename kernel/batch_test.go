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

// Status busy leaves with execute_input in one batch. A cell that ends
// within announceDelay without output sends its reply first, then busy,
// execute_input, its result or error and idle in one batch: the client
// waits for the reply only. The first output, an input request or a cell
// that runs longer announce the cell at once, before the reply.
func TestBusyGoesWithExecuteInput(t *testing.T) {
	var bt *batchingTransport
	h := start(t, func(c *Config) {
		bt = &batchingTransport{memTransport: c.Transport.(*memTransport)}
		c.Transport = bt
	})
	tests := []struct {
		code  string
		extra map[string]any
		iopub []string
		sends []string
	}{
		{"result:1", nil, []string{"status:busy", "execute_input:1", `execute_result:1:{"text/plain":"1"}`, "status:idle"},
			[]string{"shell:execute_reply", "iopub:status+execute_input+execute_result+status"}},
		{"error:Boom:bad", nil, []string{"status:busy", "execute_input:2", "error:Error:Boom:bad", "status:idle"},
			[]string{"shell:execute_reply", "iopub:status+execute_input+error+status"}},
		{"print:hi", nil, []string{"status:busy", "execute_input:3", "stream:stdout:hi\n", "status:idle"},
			[]string{"iopub:status+execute_input", "iopub:stream", "shell:execute_reply", "iopub:status"}},
		{"sleep:300ms\nresult:4", nil, []string{"status:busy", "execute_input:4", `execute_result:4:{"text/plain":"4"}`, "status:idle"},
			[]string{"iopub:status+execute_input", "shell:execute_reply", "iopub:execute_result+status"}},
		{"result:2", map[string]any{"silent": true}, []string{"status:busy", "status:idle"},
			[]string{"shell:execute_reply", "iopub:status+status"}},
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
		if got := bt.takeSends(); !slices.Equal(got, tt.sends) {
			t.Errorf("%s %v: sends = %q, want %q", tt.code, tt.extra, got, tt.sends)
		}
	}
}
