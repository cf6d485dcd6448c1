package kernel

import (
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/gocell/gocell/kernel/wire"
)

// batchingTransport is a memTransport that can send several messages at
// once, recording the message types of each batch.
type batchingTransport struct {
	*memTransport
	mu      sync.Mutex
	batches [][]string
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
	for _, frames := range msgs {
		if err := b.Send(ch, frames); err != nil {
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

// Status busy leaves with execute_input in one batch; a silent cell, which
// has no execute_input, sends busy alone.
func TestBusyGoesWithExecuteInput(t *testing.T) {
	var bt *batchingTransport
	h := start(t, func(c *Config) {
		bt = &batchingTransport{memTransport: c.Transport.(*memTransport)}
		c.Transport = bt
	})
	tests := []struct {
		code    string
		extra   map[string]any
		iopub   []string
		batches [][]string
	}{
		{"result:1", nil, []string{"status:busy", "execute_input:1", `execute_result:1:{"text/plain":"1"}`, "status:idle"},
			[][]string{{"status", "execute_input"}}},
		{"result:2", map[string]any{"silent": true}, []string{"status:busy", "status:idle"}, nil},
		{"print:x", map[string]any{"code": 3}, []string{"status:busy", "status:idle"}, nil},
	}
	for _, tt := range tests {
		req := h.execute(tt.code, tt.extra)
		h.reply(wire.Shell, req, "execute_reply")
		if got := summary(t, h.iopub(req)); !slices.Equal(got, tt.iopub) {
			t.Errorf("%s %v: iopub = %q, want %q", tt.code, tt.extra, got, tt.iopub)
		}
		got := bt.taken()
		if len(got) != len(tt.batches) || (len(got) > 0 && !slices.Equal(got[0], tt.batches[0])) {
			t.Errorf("%s %v: batches = %q, want %q", tt.code, tt.extra, got, tt.batches)
		}
	}
}
