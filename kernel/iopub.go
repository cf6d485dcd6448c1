package kernel

import (
	"log/slog"
	"strings"
	"sync"
	"time"

	"github.com/gocell/gocell/kernel/session"
	"github.com/gocell/gocell/kernel/wire"
)

// publisher is the one path to iopub: messages are encoded and sent under
// one lock, so they leave in the order they were published.
type publisher struct {
	mu    sync.Mutex
	t     Transport
	codec *wire.Codec
	sid   string
	log   *slog.Logger
}

// batchSender is a Transport that can send several messages in one go;
// *sockets.Sockets writes small iopub messages sent together in one system
// call.
type batchSender interface {
	SendBatch(ch wire.Channel, msgs [][][]byte) error
}

// outgoing is an iopub message to publish.
type outgoing struct {
	msgType string
	content any
}

// publish sends a message of msgType caused by parent on iopub.
func (p *publisher) publish(msgType string, parent *wire.Message, content any) {
	p.publishAll(parent, outgoing{msgType, content})
}

// publishAll sends messages caused by parent on iopub, in order, together
// when the transport can.
func (p *publisher) publishAll(parent *wire.Message, msgs ...outgoing) {
	batch := make([][][]byte, 0, len(msgs))
	for _, o := range msgs {
		if frames := p.encode(o.msgType, parent, o.content); frames != nil {
			batch = append(batch, frames)
		}
	}
	if len(batch) == 0 {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if bs, ok := p.t.(batchSender); ok && len(batch) > 1 {
		if err := bs.SendBatch(wire.IOPub, batch); err != nil {
			p.log.Warn("kernel: publishing", "msg_type", msgs[0].msgType, "messages", len(batch), "err", err)
		}
		return
	}
	for i, frames := range batch {
		if err := p.t.Send(wire.IOPub, frames); err != nil {
			p.log.Warn("kernel: publishing", "msg_type", msgs[i].msgType, "err", err)
		}
	}
}

// encode builds, signs and encodes an iopub message; nil when that fails
// (logged).
func (p *publisher) encode(msgType string, parent *wire.Message, content any) [][]byte {
	m, err := wire.NewMessage(msgType, parent, p.sid, content)
	if err != nil {
		p.log.Error("kernel: building an iopub message", "msg_type", msgType, "err", err)
		return nil
	}
	// On iopub the routing frame is the subscription topic, not the
	// requester's identity.
	m.Identities = [][]byte{[]byte("kernel." + p.sid + "." + msgType)}
	frames, err := p.codec.Encode(m)
	if err != nil {
		p.log.Error("kernel: encoding an iopub message", "msg_type", msgType, "err", err)
		return nil
	}
	return frames
}

// statusContent is the content of a status message.
type statusContent struct {
	ExecutionState string `json:"execution_state"`
}

func (p *publisher) status(state string, parent *wire.Message) {
	switch state {
	case "busy":
		p.publish("status", parent, statusBusy)
	case "idle":
		p.publish("status", parent, statusIdle)
	default:
		p.publish("status", parent, statusContent{state})
	}
}

// streamSink is the session.Sink of one cell. Stream text is held until
// StreamDelay has passed since the first held text, StreamLimit bytes are
// held, the stream name changes, or anything else is published, so a cell
// printing a line at a time costs a message per batch, not per line.
// Batches are handed to the publisher under mu, so they stay in order.
type streamSink struct {
	pub    *publisher
	parent *wire.Message
	delay  time.Duration
	limit  int
	log    *slog.Logger

	// announce, when set, publishes the cell's status busy unless it is
	// out already; the sink calls it before it publishes anything.
	announce func()

	mu     sync.Mutex
	name   string
	buf    strings.Builder
	timer  *time.Timer
	closed bool
}

var _ session.Sink = (*streamSink)(nil)

func newStreamSink(pub *publisher, parent *wire.Message, delay time.Duration, limit int, log *slog.Logger) *streamSink {
	return &streamSink{pub: pub, parent: parent, delay: delay, limit: limit, log: log}
}

// Stream buffers text on the stream name.
func (k *streamSink) Stream(name, text string) {
	k.announced()
	if name != "stdout" && name != "stderr" {
		k.log.Warn("kernel: stream with an unknown name sent as stderr", "name", name)
		name = "stderr"
	}
	if text == "" {
		return
	}
	k.mu.Lock()
	defer k.mu.Unlock()
	if k.closed {
		// Output after the cell ended (a goroutine it left running) still
		// belongs to it; send it without batching.
		k.pub.publish("stream", k.parent, streamContent(name, text))
		return
	}
	if k.buf.Len() > 0 && name != k.name {
		k.flushLocked()
	}
	k.name = name
	k.buf.WriteString(text)
	if k.buf.Len() >= k.limit {
		k.flushLocked()
		return
	}
	if k.timer == nil {
		k.timer = time.AfterFunc(k.delay, k.flush)
	}
}

// Display publishes display_data or update_display_data.
func (k *streamSink) Display(d session.Display) {
	k.announced()
	k.mu.Lock()
	defer k.mu.Unlock()
	k.flushLocked()
	content := map[string]any{"data": orEmpty(d.Data), "metadata": orEmpty(d.Metadata)}
	if d.ID != "" {
		content["transient"] = map[string]string{"display_id": d.ID}
	}
	msgType := "display_data"
	if d.Update {
		if d.ID == "" {
			k.log.Warn("kernel: update_display_data without a display id sent as display_data")
		} else {
			msgType = "update_display_data"
		}
	}
	k.pub.publish(msgType, k.parent, content)
}

// Clear publishes clear_output.
func (k *streamSink) Clear(wait bool) {
	k.announced()
	k.mu.Lock()
	defer k.mu.Unlock()
	k.flushLocked()
	k.pub.publish("clear_output", k.parent, map[string]bool{"wait": wait})
}

// announced makes sure the cell has been announced.
func (k *streamSink) announced() {
	if k.announce != nil {
		k.announce()
	}
}

// flush publishes the held text.
func (k *streamSink) flush() {
	k.announced()
	k.mu.Lock()
	defer k.mu.Unlock()
	k.flushLocked()
}

// close flushes and makes later output go out unbatched.
func (k *streamSink) close() {
	k.mu.Lock()
	defer k.mu.Unlock()
	k.flushLocked()
	k.closed = true
}

func (k *streamSink) flushLocked() {
	if k.timer != nil {
		k.timer.Stop()
		k.timer = nil
	}
	if k.buf.Len() == 0 {
		return
	}
	text := k.buf.String()
	k.buf.Reset()
	k.pub.publish("stream", k.parent, streamContent(k.name, text))
}

func orEmpty(m map[string]any) map[string]any {
	if m == nil {
		return map[string]any{}
	}
	return m
}
