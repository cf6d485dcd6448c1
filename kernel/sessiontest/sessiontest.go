// Package sessiontest provides a fake session.Session whose behaviour is
// scripted by the cells it runs, so the protocol server (and anything else
// that drives a Session) can be tested without an evaluator.
//
// # The cell language
//
// A cell is a list of commands, one per line, run in order. Blank lines and
// leading blanks are ignored; trailing blanks are part of the argument. A command is a verb, optionally followed by a colon and an
// argument:
//
//	print:TEXT        stream TEXT plus a newline on stdout
//	stderr:TEXT       stream TEXT plus a newline on stderr
//	repeat:N:TEXT     stream TEXT (no newline) on stdout N times, one call each
//	result:TEXT       the cell's result is text/plain TEXT
//	display:ID:TEXT   display text/plain TEXT with display id ID (ID may be empty)
//	update:ID:TEXT    update the display with id ID to TEXT
//	clear             clear the output
//	clearwait         clear the output when the next output arrives
//	input:PROMPT      read a line with PROMPT and print "input:VALUE"
//	password:PROMPT   as input, with the password flag set
//	sleep:DURATION    wait DURATION (time.ParseDuration), or until interrupted
//	block             wait until interrupted
//	error:MESSAGE     fail with ename "Error", evalue MESSAGE
//	panic:MESSAGE     panic with MESSAGE (to test that callers survive it)
//	payload:TEXT      add a pager payload with text/plain TEXT
//
// An interrupted cell fails with session.ErrNameInterrupt; a failed read of
// stdin fails the cell with ename "StdinError". An unknown verb fails with
// ename "SyntaxError". Commands after a failure do not run.
//
// Each user expression evaluates to its own text as text/plain, except the
// expression "error", which gives an error result.
//
// Complete proposes the verbs that start with the word before the cursor;
// Inspect finds the verb under the cursor; IsComplete says incomplete (with
// indent "  ") when the code ends with a backslash, invalid when it holds an
// unknown verb, complete otherwise. Complete, Inspect and IsComplete on the
// code "fail" return an error.
package sessiontest

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/gocell/gocell/kernel/session"
)

// Verbs lists the commands of the cell language, in the order Complete
// proposes them.
var Verbs = []string{
	"block", "clear", "clearwait", "display", "error", "input", "panic",
	"password", "payload", "print", "repeat", "result", "sleep", "stderr", "update",
}

// ErrFail is what Complete, Inspect and IsComplete return for the code "fail".
var ErrFail = errors.New("sessiontest: asked to fail")

// Session is the fake session. The zero value is ready to use.
type Session struct {
	mu       sync.Mutex
	executed []session.ExecuteRequest
	closed   bool
	running  bool
	overlap  bool
}

var _ session.Session = (*Session)(nil)

// Executed returns the requests Execute has been called with, in order.
func (s *Session) Executed() []session.ExecuteRequest {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]session.ExecuteRequest(nil), s.executed...)
}

// Closed reports whether Close has been called.
func (s *Session) Closed() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.closed
}

// Overlapped reports whether Execute was ever called while another Execute
// was running, which the Session contract forbids.
func (s *Session) Overlapped() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.overlap
}

// Execute runs the cell's commands.
func (s *Session) Execute(ctx context.Context, req session.ExecuteRequest, out session.Sink, in session.Stdin) session.ExecuteReply {
	s.mu.Lock()
	s.executed = append(s.executed, req)
	if s.running {
		s.overlap = true
	}
	s.running = true
	s.mu.Unlock()
	defer func() {
		s.mu.Lock()
		s.running = false
		s.mu.Unlock()
	}()

	var rep session.ExecuteReply
	for line := range strings.SplitSeq(req.Code, "\n") {
		// Trailing spaces are kept: they matter in prompts.
		line = strings.TrimRight(strings.TrimLeft(line, " \t"), "\r")
		if strings.TrimSpace(line) == "" {
			continue
		}
		if err := run(ctx, line, out, in, &rep); err != nil {
			rep.Error = err
			rep.Result = nil
			break
		}
	}
	if len(req.UserExpressions) > 0 {
		rep.UserExpressions = make(map[string]any, len(req.UserExpressions))
		for name, expr := range req.UserExpressions {
			if expr == "error" {
				rep.UserExpressions[name] = map[string]any{
					"status": "error", "ename": "Error", "evalue": "bad expression", "traceback": []string{},
				}
				continue
			}
			rep.UserExpressions[name] = map[string]any{
				"status": "ok", "data": map[string]any{"text/plain": expr}, "metadata": map[string]any{},
			}
		}
	}
	return rep
}

func text(s string) session.Bundle {
	return session.Bundle{Data: map[string]any{"text/plain": s}}
}

func fail(name, value string) *session.Error {
	return &session.Error{Name: name, Value: value, Traceback: []string{name + ": " + value}}
}

func interrupted() *session.Error { return fail(session.ErrNameInterrupt, "interrupted") }

func run(ctx context.Context, line string, out session.Sink, in session.Stdin, rep *session.ExecuteReply) *session.Error {
	verb, arg, _ := strings.Cut(line, ":")
	switch verb {
	case "print":
		out.Stream("stdout", arg+"\n")
	case "stderr":
		out.Stream("stderr", arg+"\n")
	case "repeat":
		ns, t, _ := strings.Cut(arg, ":")
		n, err := strconv.Atoi(ns)
		if err != nil {
			return fail("SyntaxError", "repeat count: "+err.Error())
		}
		for range n {
			out.Stream("stdout", t)
		}
	case "result":
		b := text(arg)
		rep.Result = &b
	case "display", "update":
		id, t, _ := strings.Cut(arg, ":")
		out.Display(session.Display{Bundle: text(t), ID: id, Update: verb == "update"})
	case "clear", "clearwait":
		out.Clear(verb == "clearwait")
	case "input", "password":
		v, err := in.ReadLine(ctx, arg, verb == "password")
		if err != nil {
			if ctx.Err() != nil {
				return interrupted()
			}
			return fail("StdinError", err.Error())
		}
		out.Stream("stdout", "input:"+v+"\n")
	case "sleep":
		d, err := time.ParseDuration(arg)
		if err != nil {
			return fail("SyntaxError", "sleep: "+err.Error())
		}
		t := time.NewTimer(d)
		defer t.Stop()
		select {
		case <-t.C:
		case <-ctx.Done():
			return interrupted()
		}
	case "block":
		<-ctx.Done()
		return interrupted()
	case "error":
		return fail("Error", arg)
	case "panic":
		panic(arg)
	case "payload":
		rep.Payloads = append(rep.Payloads, map[string]any{
			"source": "page", "data": map[string]any{"text/plain": arg}, "start": 0,
		})
	default:
		return fail("SyntaxError", fmt.Sprintf("unknown command %q", verb))
	}
	return nil
}

// wordAt returns the start (in runes) and text of the word of letters
// ending at cursor, and the whole word around cursor.
func wordAt(code string, cursor int) (start int, prefix, word string) {
	rs := []rune(code)
	cursor = min(max(cursor, 0), len(rs))
	isLetter := func(r rune) bool { return r >= 'a' && r <= 'z' }
	start = cursor
	for start > 0 && isLetter(rs[start-1]) {
		start--
	}
	end := cursor
	for end < len(rs) && isLetter(rs[end]) {
		end++
	}
	return start, string(rs[start:cursor]), string(rs[start:end])
}

// Complete proposes the verbs starting with the word before cursor.
func (s *Session) Complete(ctx context.Context, code string, cursor int) (session.Completion, error) {
	if code == "fail" {
		return session.Completion{}, ErrFail
	}
	start, prefix, _ := wordAt(code, cursor)
	c := session.Completion{Matches: []string{}, CursorStart: start, CursorEnd: start + len([]rune(prefix))}
	for _, v := range Verbs {
		if strings.HasPrefix(v, prefix) {
			c.Matches = append(c.Matches, v)
			c.Types = append(c.Types, session.CompletionType{
				Text: v, Start: c.CursorStart, End: c.CursorEnd, Type: "keyword", Signature: v + ":ARG",
			})
		}
	}
	return c, nil
}

// Inspect describes the verb under cursor.
func (s *Session) Inspect(ctx context.Context, code string, cursor int, detail int) (session.Inspection, error) {
	if code == "fail" {
		return session.Inspection{}, ErrFail
	}
	_, _, word := wordAt(code, cursor)
	for _, v := range Verbs {
		if v == word {
			b := text(fmt.Sprintf("%s: a sessiontest command (detail %d)", v, detail))
			return session.Inspection{Found: true, Data: &b}, nil
		}
	}
	return session.Inspection{}, nil
}

// IsComplete judges the cell as the package comment says.
func (s *Session) IsComplete(ctx context.Context, code string) (session.Completeness, error) {
	if code == "fail" {
		return session.Completeness{}, ErrFail
	}
	if strings.HasSuffix(strings.TrimRight(code, " \t\n"), `\`) {
		return session.Completeness{Status: session.Incomplete, Indent: "  "}, nil
	}
	for line := range strings.SplitSeq(code, "\n") {
		verb, _, _ := strings.Cut(strings.TrimSpace(line), ":")
		if verb != "" && !isVerb(verb) {
			return session.Completeness{Status: session.Invalid}, nil
		}
	}
	return session.Completeness{Status: session.Complete}, nil
}

func isVerb(v string) bool {
	for _, x := range Verbs {
		if x == v {
			return true
		}
	}
	return false
}

// Close marks the session closed.
func (s *Session) Close() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.closed = true
	return nil
}
