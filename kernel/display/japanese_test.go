package display_test

import (
	"encoding/json"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/gocell/gocell/kernel/display"
	"github.com/gocell/gocell/kernel/session"
)

// TestJapanese checks that Japanese text reaches the frontend intact: the
// lessons are written in Japanese. The display is encoded as the kernel
// sends it (JSON) and decoded again.
func TestJapanese(t *testing.T) {
	tests := []struct {
		name string
		show func()
		mime string
		want string // the content under mime, or empty
		has  []string
		text string // the text/plain part
	}{
		{"HTML", func() {
			display.HTML("<h2>損失関数</h2><p>交差エントロピー誤差は&nbsp;0.5&nbsp;です。</p>")
		},
			"text/html", "<h2>損失関数</h2><p>交差エントロピー誤差は&nbsp;0.5&nbsp;です。</p>", nil,
			"損失関数\n交差エントロピー誤差は\u00a00.5\u00a0です。"},
		{"Markdown", func() { display.Markdown("## 勾配降下法\n学習率 **η** を小さくする。") },
			"text/markdown", "## 勾配降下法\n学習率 **η** を小さくする。", nil, "## 勾配降下法\n学習率 **η** を小さくする。"},
		{"LaTeX", func() { display.LaTeX(`$L = -\sum t_k \log y_k$ (損失)`) },
			"text/latex", `$L = -\sum t_k \log y_k$ (損失)`, nil, `$L = -\sum t_k \log y_k$ (損失)`},
		{"Table", func() {
			display.Show(display.Table{Header: []string{"層", "活性化関数"}, Rows: [][]interface{}{{1, "シグモイド"}, {22, "ReLU"}}})
		}, "text/html", "", []string{"<th>活性化関数</th>", "<td>シグモイド</td>"}, "層  活性化関数\n--  ----------\n 1  シグモイド\n22  ReLU"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, _ := record(t)
			tt.show()
			raw, err := json.Marshal(only(t, r))
			if err != nil {
				t.Fatal(err)
			}
			var d session.Display
			if err := json.Unmarshal(raw, &d); err != nil {
				t.Fatal(err)
			}
			content, _ := d.Data[tt.mime].(string)
			if !utf8.ValidString(content) {
				t.Errorf("%s is not valid UTF-8", tt.mime)
			}
			if tt.want != "" && content != tt.want {
				t.Errorf("%s\n got %q\nwant %q", tt.mime, content, tt.want)
			}
			for _, s := range tt.has {
				if !strings.Contains(content, s) {
					t.Errorf("%s lacks %s: %s", tt.mime, s, content)
				}
			}
			if d.Data["text/plain"] != tt.text {
				t.Errorf("text/plain\n got %q\nwant %q", d.Data["text/plain"], tt.text)
			}
		})
	}
}
