package evaluator

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/gocell/gocell/kernel/session"
	"github.com/gocell/gocell/kernel/symbols"
)

// The display layer's hooks: rich values of compiled types through
// Options.Rich, of cell types through Options.RichMethod, and the running
// cell's sink through Options.OnCell.
func TestDisplayHooks(t *testing.T) {
	var sinks []session.Sink
	s, err := New(Options{
		Rich: func(v any) (map[string]any, map[string]any, bool) {
			if d, ok := v.(time.Duration); ok {
				return map[string]any{"text/html": fmt.Sprintf("<b>%v</b>", d)}, nil, true
			}
			return nil, nil, false
		},
		RichMethod: "MIME",
		OnCell:     func(out session.Sink) { sinks = append(sinks, out) },
	})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	cases := []struct {
		code string
		want map[string]any
	}{
		{"time.Second", map[string]any{"text/html": "<b>1s</b>", "text/plain": "1s"}},
		{"type Card struct{ N int }\nfunc (c Card) MIME() map[string]any { return map[string]any{\"text/html\": fmt.Sprintf(\"<i>%d</i>\", c.N)} }\nCard{7}",
			map[string]any{"text/html": "<i>7</i>", "text/plain": "Card{N:7}"}},
		{"&Card{8}", map[string]any{"text/html": "<i>8</i>", "text/plain": "&Card{N:8}"}},
		{"time.Second, 2", map[string]any{"text/plain": "1s, 2"}},
		{"42", map[string]any{"text/plain": "42"}},
	}
	for _, c := range cases {
		code := c.code
		if code == "time.Second, 2" {
			code = "func pair() (time.Duration, int) { return time.Second, 2 }\npair()"
		}
		sink := &recSink{}
		r := s.Execute(context.Background(), session.ExecuteRequest{Code: code}, sink, &lines{})
		if r.Error != nil || r.Result == nil {
			t.Fatalf("%q: %+v", code, r.Error)
		}
		if fmt.Sprint(r.Result.Data) != fmt.Sprint(c.want) {
			t.Errorf("%q: data %v, want %v", code, r.Result.Data, c.want)
		}
		if n := len(sinks); n < 2 || sinks[n-2] != session.Sink(sink) || sinks[n-1] != nil {
			t.Errorf("%q: OnCell saw %v, want the cell's sink then nil", code, sinks[max(0, n-2):])
		}
	}
}

// By default the session uses package display: rich last values (a
// matrix as an HTML table, a cell type's MIMEBundle method), and displays
// published to the running cell.
func TestDefaultDisplay(t *testing.T) {
	s, err := New(Options{Symbols: symbols.Symbols})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	cases := []struct {
		code    string
		mime    string
		display bool
	}{
		{"mat.NewDense(2, 2, nil)", "text/html", false},
		{"type Badge struct{ S string }\nfunc (b Badge) MIMEBundle() map[string]interface{} { return map[string]interface{}{\"text/html\": \"<b>\" + b.S + \"</b>\"} }\nBadge{\"ok\"}", "text/html", false},
		{"display.HTML(\"<i>x</i>\")", "", true},
	}
	for _, c := range cases {
		sink := &recSink{}
		r := s.Execute(context.Background(), session.ExecuteRequest{Code: c.code}, sink, &lines{})
		if r.Error != nil {
			t.Fatalf("%q: %+v", c.code, r.Error)
		}
		if c.mime != "" {
			if r.Result == nil || r.Result.Data[c.mime] == nil || r.Result.Data["text/plain"] == nil {
				t.Errorf("%q: result %+v, want %s and text/plain", c.code, r.Result, c.mime)
			}
		}
		if got := len(sink.displays) == 1; got != c.display {
			t.Errorf("%q: displays %v", c.code, sink.displays)
		}
	}
}
