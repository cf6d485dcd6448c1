package display_test

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"image/png"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/gocell/gocell/dnn/chart"
	"github.com/gocell/gocell/kernel/display"
	"github.com/gocell/gocell/kernel/session"
	"gonum.org/v1/plot"
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

// TestJapanesePlotTitle: a plot made with gonum's plot.New (as the first
// lesson does) and given a Japanese title shows it; gonum's default text
// handler used to leave it out without a word.
func TestJapanesePlotTitle(t *testing.T) {
	if fam, _ := chart.FontName(); fam == "" {
		t.Skip("no CJK font installed (install fonts-ipaexfont or fonts-noto-cjk)")
	}
	inked := func(title string) int {
		p := plot.New()
		p.Title.Text = title
		p.X.Min, p.X.Max, p.Y.Min, p.Y.Max = 0, 1, 0, 1
		data, _, err := display.RenderPlot(p, display.PlotOptions{Scale: 1})
		if err != nil {
			t.Fatal(err)
		}
		raw, err := base64.StdEncoding.DecodeString(data["image/png"].(string))
		if err != nil {
			t.Fatal(err)
		}
		img, err := png.Decode(bytes.NewReader(raw))
		if err != nil {
			t.Fatal(err)
		}
		// The title is drawn at the top; count the dark pixels there.
		n := 0
		b := img.Bounds()
		for y := b.Min.Y; y < b.Min.Y+20; y++ {
			for x := b.Min.X; x < b.Max.X; x++ {
				if r, _, _, _ := img.At(x, y).RGBA(); r < 0x8000 {
					n++
				}
			}
		}
		return n
	}
	if n := inked("損失の推移"); n < 50 {
		t.Errorf("Japanese title: %d dark pixels at the top, want the title drawn", n)
	}
	if n := inked("loss"); n < 20 {
		t.Errorf("Latin title: %d dark pixels at the top, want the title drawn", n)
	}
}
