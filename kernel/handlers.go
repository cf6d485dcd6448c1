package kernel

import (
	"context"
	"unicode/utf8"

	"github.com/gocell/gocell/kernel/history"
	"github.com/gocell/gocell/kernel/session"
	"github.com/gocell/gocell/kernel/wire"
)

func (s *Server) kernelInfo(ch wire.Channel, msg *wire.Message) {
	links := s.cfg.Info.HelpLinks
	if links == nil {
		links = []HelpLink{}
	}
	s.reply(ch, msg, "kernel_info_reply", map[string]any{
		"status":                 "ok",
		"protocol_version":       wire.ProtocolVersion,
		"implementation":         "gocell",
		"implementation_version": s.cfg.Info.ImplementationVersion,
		"language_info": map[string]any{
			"name":            "go",
			"version":         s.cfg.Info.LanguageVersion,
			"mimetype":        "text/x-go",
			"file_extension":  ".go",
			"pygments_lexer":  "go",
			"codemirror_mode": "go",
		},
		"banner":     s.cfg.Info.Banner,
		"help_links": links,
		"debugger":   false,
	})
}

// questionCtx bounds a question put to the session.
func (s *Server) questionCtx() (context.Context, context.CancelFunc) {
	return context.WithTimeout(context.Background(), s.cfg.RequestTimeout)
}

// codeCursor is the content of complete_request and inspect_request. An
// absent cursor_pos means the end of the code.
type codeCursor struct {
	Code        string `json:"code"`
	CursorPos   *int   `json:"cursor_pos"`
	DetailLevel int    `json:"detail_level"`
}

func (c codeCursor) cursor() int {
	if c.CursorPos == nil {
		return utf8.RuneCountInString(c.Code)
	}
	return *c.CursorPos
}

func (s *Server) complete(ch wire.Channel, msg *wire.Message) {
	var c codeCursor
	if err := msg.DecodeContent(&c); err != nil {
		s.badRequest(ch, msg, err)
		return
	}
	ctx, cancel := s.questionCtx()
	defer cancel()
	comp, err := s.cfg.Session.Complete(ctx, c.Code, c.cursor())
	if err != nil {
		s.log.Warn("kernel: complete failed", "err", err)
		s.reply(ch, msg, "complete_reply", errorContent("CompleteError", err.Error()))
		return
	}
	matches := comp.Matches
	if matches == nil {
		matches = []string{}
	}
	metadata := map[string]any{}
	if len(comp.Types) > 0 {
		metadata["_jupyter_types_experimental"] = comp.Types
	}
	s.reply(ch, msg, "complete_reply", map[string]any{
		"status": "ok", "matches": matches,
		"cursor_start": comp.CursorStart, "cursor_end": comp.CursorEnd, "metadata": metadata,
	})
}

func (s *Server) inspect(ch wire.Channel, msg *wire.Message) {
	var c codeCursor
	if err := msg.DecodeContent(&c); err != nil {
		s.badRequest(ch, msg, err)
		return
	}
	ctx, cancel := s.questionCtx()
	defer cancel()
	in, err := s.cfg.Session.Inspect(ctx, c.Code, c.cursor(), c.DetailLevel)
	if err != nil {
		s.log.Warn("kernel: inspect failed", "err", err)
		s.reply(ch, msg, "inspect_reply", errorContent("InspectError", err.Error()))
		return
	}
	data, metadata := map[string]any{}, map[string]any{}
	if in.Found && in.Data != nil {
		data, metadata = orEmpty(in.Data.Data), orEmpty(in.Data.Metadata)
	}
	s.reply(ch, msg, "inspect_reply", map[string]any{
		"status": "ok", "found": in.Found, "data": data, "metadata": metadata,
	})
}

func (s *Server) isComplete(ch wire.Channel, msg *wire.Message) {
	var c struct {
		Code string `json:"code"`
	}
	if err := msg.DecodeContent(&c); err != nil {
		s.badRequest(ch, msg, err)
		return
	}
	ctx, cancel := s.questionCtx()
	defer cancel()
	comp, err := s.cfg.Session.IsComplete(ctx, c.Code)
	if err != nil {
		// is_complete_reply's status is the verdict; "unknown" is the
		// protocol's way of saying the kernel cannot tell.
		s.log.Warn("kernel: is_complete failed", "err", err)
		s.reply(ch, msg, "is_complete_reply", map[string]any{"status": session.Unknown})
		return
	}
	content := map[string]any{"status": comp.Status}
	if comp.Status == session.Incomplete {
		content["indent"] = comp.Indent
	}
	s.reply(ch, msg, "is_complete_reply", content)
}

// historyContent is a history_request's content.
type historyContent struct {
	Output         bool   `json:"output"`
	Raw            bool   `json:"raw"`
	HistAccessType string `json:"hist_access_type"`
	Session        int    `json:"session"`
	Start          int    `json:"start"`
	Stop           int    `json:"stop"`
	N              int    `json:"n"`
	Pattern        string `json:"pattern"`
	Unique         bool   `json:"unique"`
}

func (s *Server) history(ch wire.Channel, msg *wire.Message) {
	var c historyContent
	if err := msg.DecodeContent(&c); err != nil {
		s.badRequest(ch, msg, err)
		return
	}
	var entries []history.Entry
	if h := s.cfg.History; h != nil {
		switch c.HistAccessType {
		case "tail":
			entries = h.Tail(c.N)
		case "range":
			entries = h.Range(c.Session, c.Start, c.Stop)
		case "search":
			pattern := c.Pattern
			if pattern == "" {
				pattern = "*"
			}
			entries = h.Search(pattern, c.N, c.Unique)
		default:
			s.log.Warn("kernel: unknown hist_access_type", "hist_access_type", c.HistAccessType)
		}
	}
	list := make([]any, 0, len(entries))
	for _, e := range entries {
		if c.Output {
			// Outputs are not kept; the protocol's shape is [input, output].
			list = append(list, []any{e.Session, e.Line, []any{e.Input, nil}})
		} else {
			list = append(list, []any{e.Session, e.Line, e.Input})
		}
	}
	s.reply(ch, msg, "history_reply", map[string]any{"status": "ok", "history": list})
}

func (s *Server) commInfo(ch wire.Channel, msg *wire.Message) {
	s.reply(ch, msg, "comm_info_reply", map[string]any{"status": "ok", "comms": map[string]any{}})
}

// commOpen refuses every comm: no targets are registered, and the protocol
// says an unknown target is answered with comm_close.
func (s *Server) commOpen(ch wire.Channel, msg *wire.Message) {
	var c struct {
		CommID     string `json:"comm_id"`
		TargetName string `json:"target_name"`
	}
	if err := msg.DecodeContent(&c); err != nil {
		s.log.Warn("kernel: bad comm_open", "err", err)
		return
	}
	s.log.Info("kernel: comm_open for an unknown target", "target_name", c.TargetName)
	s.pub.publish("comm_close", msg, map[string]any{"comm_id": c.CommID, "data": map[string]any{}})
}

func (s *Server) commIgnore(ch wire.Channel, msg *wire.Message) {
	s.log.Debug("kernel: ignoring", "msg_type", msg.Header.MsgType)
}

func (s *Server) interruptRequest(ch wire.Channel, msg *wire.Message) {
	s.exec.interrupt()
	s.reply(ch, msg, "interrupt_reply", map[string]any{"status": "ok"})
}

func (s *Server) shutdown(ch wire.Channel, msg *wire.Message) {
	var c struct {
		Restart bool `json:"restart"`
	}
	if err := msg.DecodeContent(&c); err != nil {
		s.badRequest(ch, msg, err)
		return
	}
	s.log.Info("kernel: shutdown requested", "channel", ch, "restart", c.Restart)
	s.reply(ch, msg, "shutdown_reply", map[string]any{"status": "ok", "restart": c.Restart})
	// dispatch stops the server once idle is published, so clients see the
	// request finish.
	s.mu.Lock()
	s.pendingStop = &c.Restart
	s.mu.Unlock()
}
