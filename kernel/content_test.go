package kernel

import (
	"encoding/json"
	"testing"

	"github.com/gocell/gocell/kernel/wire"
)

var contentStrings = []string{"", "1+1", "x := 1\nfmt.Println(\"<a&b>\")\t\\", "é\u2028\xff", "\x00\x1f"}

// TestContentMatchesJSON: each hand-built content is byte for byte what
// json.Marshal gives for the map or struct it stands for.
func TestContentMatchesJSON(t *testing.T) {
	check := func(name string, got any, want any) {
		t.Helper()
		w, err := json.Marshal(want)
		if err != nil {
			t.Fatal(err)
		}
		var g []byte
		if r, ok := got.(wire.Raw); ok {
			g = r
		} else if g, err = json.Marshal(got); err != nil {
			t.Fatal(err)
		}
		if string(g) != string(w) {
			t.Errorf("%s:\n got %s\nwant %s", name, g, w)
		}
	}
	check("busy", statusBusy, statusContent{"busy"})
	check("idle", statusIdle, statusContent{"idle"})
	for _, s := range contentStrings {
		for _, n := range []int{0, 7, -3, 1 << 40} {
			check("execute_input", executeInputContent(s, n), struct {
				Code           string `json:"code"`
				ExecutionCount int    `json:"execution_count"`
			}{s, n})
			check("execute_reply", okReplyContent(n), map[string]any{
				"status": "ok", "execution_count": n, "payload": []map[string]any{}, "user_expressions": map[string]any{}})
		}
		check("stream", streamContent("stdout", s), map[string]string{"name": "stdout", "text": s})
	}
	results := []struct {
		data, meta map[string]any
		raw        bool // built by hand
	}{
		{map[string]any{"text/plain": "2"}, nil, true},
		{nil, nil, true},
		{map[string]any{"text/plain": "<x>", "text/html": "<b>x</b>", "text/markdown": "é\n"}, map[string]any{}, true},
		{map[string]any{"text/plain": "2", "application/json": map[string]any{"a": 1}}, nil, false},
		{map[string]any{"text/plain": "2"}, map[string]any{"isolated": true}, false},
	}
	for _, r := range results {
		got := executeResultContent(3, r.data, r.meta)
		if _, ok := got.(wire.Raw); ok != r.raw {
			t.Errorf("result %v %v: built by hand %v, want %v", r.data, r.meta, ok, r.raw)
		}
		check("execute_result", got, map[string]any{"execution_count": 3, "data": orEmpty(r.data), "metadata": orEmpty(r.meta)})
	}
}
