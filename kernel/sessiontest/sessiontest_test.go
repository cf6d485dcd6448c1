package sessiontest

import (
	"context"
	"errors"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/gocell/gocell/kernel/session"
)

type recorder struct{ events []string }

func (r *recorder) Stream(name, text string) { r.events = append(r.events, name+"="+text) }
func (r *recorder) Display(d session.Display) {
	r.events = append(r.events, "display "+d.ID+" "+d.Data["text/plain"].(string)+" "+map[bool]string{true: "update", false: "new"}[d.Update])
}
func (r *recorder) Clear(wait bool) {
	r.events = append(r.events, map[bool]string{true: "clearwait", false: "clear"}[wait])
}

type stdin struct{ err error }

func (s stdin) ReadLine(ctx context.Context, prompt string, password bool) (string, error) {
	if s.err != nil {
		return "", s.err
	}
	if password {
		return "secret(" + prompt + ")", nil
	}
	return "typed(" + prompt + ")", nil
}

func TestExecute(t *testing.T) {
	tests := []struct {
		code     string
		in       stdin
		events   []string
		result   string
		errName  string
		payloads int
	}{
		{code: "print:hi\nstderr:oops", events: []string{"stdout=hi\n", "stderr=oops\n"}},
		{code: "repeat:3:ab", events: []string{"stdout=ab", "stdout=ab", "stdout=ab"}},
		{code: "result:42", result: "42"},
		{code: "display:d1:x\nupdate:d1:y\nclear\nclearwait",
			events: []string{"display d1 x new", "display d1 y update", "clear", "clearwait"}},
		{code: "input:name?\npassword:pw", events: []string{"stdout=input:typed(name?)\n", "stdout=input:secret(pw)\n"}},
		{code: "input:x", in: stdin{session.ErrNoStdin}, errName: "StdinError"},
		{code: "print:a\nerror:boom\nprint:b", events: []string{"stdout=a\n"}, errName: "Error"},
		{code: "result:1\nerror:x", errName: "Error"},
		{code: "frobnicate", errName: "SyntaxError"},
		{code: "payload:help", payloads: 1},
		{code: "sleep:1ms\nprint:done", events: []string{"stdout=done\n"}},
	}
	for _, tt := range tests {
		t.Run(tt.code, func(t *testing.T) {
			var s Session
			var r recorder
			rep := s.Execute(context.Background(), session.ExecuteRequest{Code: tt.code}, &r, tt.in)
			if !reflect.DeepEqual(r.events, tt.events) {
				t.Errorf("events = %q, want %q", r.events, tt.events)
			}
			gotResult := ""
			if rep.Result != nil {
				gotResult = rep.Result.Data["text/plain"].(string)
			}
			if gotResult != tt.result {
				t.Errorf("result = %q, want %q", gotResult, tt.result)
			}
			gotErr := ""
			if rep.Error != nil {
				gotErr = rep.Error.Name
			}
			if gotErr != tt.errName {
				t.Errorf("error = %q, want %q", gotErr, tt.errName)
			}
			if len(rep.Payloads) != tt.payloads {
				t.Errorf("payloads = %v", rep.Payloads)
			}
		})
	}
}

func TestInterrupt(t *testing.T) {
	for _, code := range []string{"block", "sleep:1h"} {
		var s Session
		ctx, cancel := context.WithCancel(context.Background())
		time.AfterFunc(10*time.Millisecond, cancel)
		rep := s.Execute(ctx, session.ExecuteRequest{Code: code}, &recorder{}, stdin{})
		if rep.Error == nil || rep.Error.Name != session.ErrNameInterrupt {
			t.Errorf("%s: error = %v, want interrupt", code, rep.Error)
		}
	}
}

func TestQuestions(t *testing.T) {
	var s Session
	ctx := context.Background()
	c, err := s.Complete(ctx, "print:x\npr", 10)
	if err != nil || !reflect.DeepEqual(c.Matches, []string{"print"}) || c.CursorStart != 8 || c.CursorEnd != 10 || len(c.Types) != 1 {
		t.Errorf("Complete = %+v, %v", c, err)
	}
	in, err := s.Inspect(ctx, "sleep:1s", 2, 1)
	if err != nil || !in.Found || !strings.HasPrefix(in.Data.Data["text/plain"].(string), "sleep") {
		t.Errorf("Inspect = %+v, %v", in, err)
	}
	if in, _ := s.Inspect(ctx, "nothing", 2, 0); in.Found {
		t.Errorf("Inspect of unknown word found it")
	}
	for code, want := range map[string]session.Completeness{
		"print:x":    {Status: session.Complete},
		"print:x \\": {Status: session.Incomplete, Indent: "  "},
		"bogus:1":    {Status: session.Invalid},
	} {
		if got, _ := s.IsComplete(ctx, code); got != want {
			t.Errorf("IsComplete(%q) = %+v, want %+v", code, got, want)
		}
	}
	if _, err := s.Complete(ctx, "fail", 0); !errors.Is(err, ErrFail) {
		t.Errorf("Complete(fail) err = %v", err)
	}
	if _, err := s.IsComplete(ctx, "fail"); !errors.Is(err, ErrFail) {
		t.Errorf("IsComplete(fail) err = %v", err)
	}
}
