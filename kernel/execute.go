package kernel

import (
	"context"
	"fmt"
	"sync"
	"time"

	"github.com/gocell/gocell/kernel/session"
	"github.com/gocell/gocell/kernel/wire"
)

// queued is an execute_request waiting to run; seq orders arrivals.
type queued struct {
	msg  *wire.Message
	seq  uint64
	recv time.Time
}

// executor runs execute_requests one at a time, in arrival order.
type executor struct {
	s *Server

	mu    sync.Mutex
	queue []queued
	seq   uint64 // seq of the last enqueued request
	// abort says which requests are answered "aborted" without running
	// (stop_on_error after a failed cell).
	abort  abortRule
	cancel context.CancelFunc // of the running cell, nil when idle
	wake   chan struct{}

	// count is the execution counter; only the loop goroutine touches it.
	count int
}

func newExecutor(s *Server) *executor {
	return &executor{s: s, wake: make(chan struct{}, 1)}
}

// enqueue adds an execute_request to the queue; it never blocks, so the
// shell channel stays responsive while cells pile up.
func (e *executor) enqueue(msg *wire.Message) {
	e.mu.Lock()
	e.seq++
	e.queue = append(e.queue, queued{msg, e.seq, time.Now()})
	e.mu.Unlock()
	select {
	case e.wake <- struct{}{}:
	default:
	}
}

func (e *executor) next() (queued, bool) {
	e.mu.Lock()
	defer e.mu.Unlock()
	if len(e.queue) == 0 {
		return queued{}, false
	}
	q := e.queue[0]
	e.queue[0] = queued{}
	e.queue = e.queue[1:]
	return q, true
}

// loop runs queued cells until the server stops.
func (e *executor) loop() {
	for {
		q, ok := e.next()
		if !ok {
			select {
			case <-e.s.done:
				return
			case <-e.wake:
			}
			continue
		}
		if e.s.stopping() {
			return
		}
		// The cell is interruptible from the moment it leaves the queue,
		// so an interrupt sent right after the request is not lost.
		ctx, cancel := context.WithCancel(context.Background())
		e.mu.Lock()
		e.cancel = cancel
		e.mu.Unlock()
		e.runCell(ctx, q)
		e.mu.Lock()
		e.cancel = nil
		e.mu.Unlock()
		cancel()
	}
}

// interrupt cancels the running cell, if any.
func (e *executor) interrupt() {
	e.mu.Lock()
	cancel := e.cancel
	e.mu.Unlock()
	if cancel != nil {
		e.s.log.Info("kernel: interrupting the running cell")
		cancel()
	}
}

// abortQueued makes the requests sent before failed's reply abort.
func (e *executor) abortQueued(failed queued) {
	e.mu.Lock()
	e.abort = newAbortRule(failed, e.seq, time.Now())
	e.mu.Unlock()
}

func (e *executor) aborted(q queued) bool {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.abort.applies(q)
}

// executeContent is an execute_request's content; pointers tell absent
// fields (which default to true) from false ones.
type executeContent struct {
	Code            string            `json:"code"`
	Silent          bool              `json:"silent"`
	StoreHistory    *bool             `json:"store_history"`
	UserExpressions map[string]string `json:"user_expressions"`
	AllowStdin      *bool             `json:"allow_stdin"`
	StopOnError     *bool             `json:"stop_on_error"`
}

func orTrue(b *bool) bool { return b == nil || *b }

// runCell handles one execute_request from status busy to status idle. A
// panic in it is logged and answered with an error reply, as for the other
// requests.
func (e *executor) runCell(ctx context.Context, q queued) {
	s := e.s
	a := &announcement{pub: s.pub, parent: q.msg}
	defer func() {
		if p := recover(); p != nil {
			s.log.Error("kernel: handler panicked", "msg_type", q.msg.Header.MsgType, "panic", p,
				"stack", string(stack()))
			a.now()
			s.reply(wire.Shell, q.msg, "execute_reply", errorContent("InternalError", fmt.Sprint(p)))
		}
		s.pub.publishAll(q.msg, append(a.take(), outgoing{"status", statusIdle})...)
	}()
	e.execute(ctx, q, a)
}

// execute handles one execute_request between its status busy (which a
// announces) and idle: busy, execute_input, outputs, the result or error,
// then the reply.
func (e *executor) execute(ctx context.Context, q queued, a *announcement) {
	s := e.s
	msg := q.msg
	if e.aborted(q) {
		a.now()
		s.log.Info("kernel: aborting a queued cell after an error", "msg_id", msg.Header.MsgID)
		// No execution_count, as ipykernel: the cell never ran, and the
		// classic notebook would show the count as the cell's prompt.
		s.reply(wire.Shell, msg, "execute_reply", map[string]any{"status": "aborted"})
		return
	}
	var c executeContent
	if err := msg.DecodeContent(&c); err != nil {
		a.now()
		s.badRequest(wire.Shell, msg, err)
		return
	}
	storeHistory := orTrue(c.StoreHistory) && !c.Silent
	if storeHistory {
		e.count++
	}
	count := e.count
	var with []outgoing
	if !c.Silent {
		with = []outgoing{{"execute_input", executeInputContent(c.Code, count)}}
	}
	// The history's file write happens while the cell runs, and before the
	// reply: a client that asks for the history once it has the reply
	// finds the cell there.
	var saved chan struct{}
	if storeHistory && s.cfg.History != nil {
		saved = make(chan struct{})
		go func() {
			defer close(saved)
			if err := s.cfg.History.Add(count, c.Code); err != nil {
				s.log.Warn("kernel: saving history", "err", err)
			}
		}()
	}
	a.start(with)
	sink := newStreamSink(s.pub, msg, s.cfg.StreamDelay, s.cfg.StreamLimit, s.log)
	sink.announce = a.now
	in := &cellStdin{s: s, parent: msg, allow: orTrue(c.AllowStdin), sink: sink}
	rep := e.run(ctx, session.ExecuteRequest{
		Code:            c.Code,
		Silent:          c.Silent,
		StoreHistory:    storeHistory,
		UserExpressions: c.UserExpressions,
		AllowStdin:      orTrue(c.AllowStdin),
		ExecutionCount:  count,
	}, sink, in)
	sink.close()
	if saved != nil {
		<-saved
	}

	// Busy and execute_input go out first, with the result when there is
	// one (in one write when the cell printed nothing).
	out := a.take()
	if rep.Result != nil && rep.Error == nil && !c.Silent {
		out = append(out, outgoing{"execute_result", executeResultContent(count, rep.Result.Data, rep.Result.Metadata)})
	}
	if len(out) > 0 {
		s.pub.publishAll(msg, out...)
	}
	if rep.Error == nil && len(rep.Payloads) == 0 && len(rep.UserExpressions) == 0 {
		s.reply(wire.Shell, msg, "execute_reply", okReplyContent(count))
		return
	}
	payload := rep.Payloads
	if payload == nil {
		payload = []map[string]any{}
	}
	userExpr := rep.UserExpressions
	if userExpr == nil {
		userExpr = map[string]any{}
	}
	content := map[string]any{
		"status": "ok", "execution_count": count, "payload": payload, "user_expressions": userExpr,
	}
	if rep.Error != nil {
		tb := rep.Error.Traceback
		if tb == nil {
			tb = []string{}
		}
		s.pub.publish("error", msg, map[string]any{"ename": rep.Error.Name, "evalue": rep.Error.Value, "traceback": tb})
		content["status"] = "error"
		content["ename"] = rep.Error.Name
		content["evalue"] = rep.Error.Value
		content["traceback"] = tb
		if !c.Silent && orTrue(c.StopOnError) {
			// Before the reply goes out: what the client sent before seeing
			// it was meant to run after a cell that succeeded.
			if s.cfg.AbortGrace > 0 {
				time.Sleep(s.cfg.AbortGrace)
			}
			e.abortQueued(q)
		}
	}
	s.reply(wire.Shell, msg, "execute_reply", content)
}

// run calls the session, turning a panic into a failed cell.
func (e *executor) run(ctx context.Context, req session.ExecuteRequest, out session.Sink, in session.Stdin) (rep session.ExecuteReply) {
	defer func() {
		if p := recover(); p != nil {
			e.s.log.Error("kernel: session panicked in Execute", "panic", p, "stack", string(stack()))
			rep = session.ExecuteReply{Error: &session.Error{
				Name: "InternalError", Value: fmt.Sprintf("the kernel's session panicked: %v", p),
				Traceback: []string{fmt.Sprintf("InternalError: the kernel's session panicked: %v", p)},
			}}
		}
	}()
	return e.s.cfg.Session.Execute(ctx, req, out, in)
}
