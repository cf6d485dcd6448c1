package display_test

import (
	"math"
	"strings"
	"testing"

	"github.com/gocell/gocell/kernel/display"
	"gonum.org/v1/gonum/mat"
)

func renderText(t *testing.T, v interface{}) (html, text string) {
	t.Helper()
	data, _, ok := display.Render(v)
	if !ok {
		t.Fatalf("Render(%T) not ok", v)
	}
	html, _ = data["text/html"].(string)
	text, _ = data["text/plain"].(string)
	return html, text
}

func TestMatrixElided(t *testing.T) {
	m := mat.NewDense(100, 100, nil)
	for i := 0; i < 100; i++ {
		for j := 0; j < 100; j++ {
			m.Set(i, j, float64(i*100+j))
		}
	}
	html, text := renderText(t, m)

	if !strings.Contains(html, "<caption>100×100 *mat.Dense</caption>") {
		t.Errorf("no shape caption in %.300s", html)
	}
	// 1 header row, 5 + 5 shown rows and 1 row of ellipses.
	if n := strings.Count(html, "<tr>"); n != 12 {
		t.Errorf("%d <tr>, want 12", n)
	}
	td := func(s string) string { return `<td style="text-align:right">` + s + `</td>` }
	for _, want := range []string{
		"<th>0</th>", "<th>4</th>", "<th>95</th>", "<th>99</th>", "<th>…</th>", "<th>⋮</th>",
		td("0"), td("404"), td("9999"), td("9500"), td("⋮"), td("…"), td("⋱"),
	} {
		if !strings.Contains(html, want) {
			t.Errorf("HTML lacks %s", want)
		}
	}
	for _, elided := range []string{td("5"), td("500"), td("5050"), "<th>50</th>"} {
		if strings.Contains(html, elided) {
			t.Errorf("HTML shows elided %s", elided)
		}
	}

	lines := strings.Split(text, "\n")
	if len(lines) != 12 || lines[0] != "100×100 *mat.Dense" {
		t.Fatalf("text has %d lines, first %q:\n%s", len(lines), lines[0], text)
	}
	if want := "   0     1     2     3     4  …    95    96    97    98    99"; lines[1] != want {
		t.Errorf("first row\n got %q\nwant %q", lines[1], want)
	}
	if want := "⋮     ⋮     ⋮     ⋮     ⋮  ⋱     ⋮     ⋮     ⋮     ⋮     ⋮"; strings.TrimSpace(lines[6]) != want {
		t.Errorf("ellipsis row\n got %q\nwant %q", lines[6], want)
	}
	if !strings.HasSuffix(lines[11], "9999") || !strings.HasPrefix(strings.TrimSpace(lines[11]), "9900") {
		t.Errorf("last row %q", lines[11])
	}
}

func TestMatrixNumbers(t *testing.T) {
	m := mat.NewDense(2, 4, []float64{
		1.0 / 3, -0.000012345, 123456.789, 2e12,
		math.NaN(), math.Inf(1), math.Inf(-1), -7,
	})
	html, text := renderText(t, m)
	want := "2×4 *mat.Dense\n" +
		"0.3333  -1.234e-05  1.235e+05  2e+12\n" +
		"   NaN        +Inf       -Inf     -7"
	if text != want {
		t.Errorf("text\n got %q\nwant %q", text, want)
	}
	if !strings.Contains(html, ">-1.234e-05<") || !strings.Contains(html, ">NaN<") {
		t.Errorf("HTML numbers: %s", html)
	}
}

func TestMatrixEmpty(t *testing.T) {
	html, text := renderText(t, &mat.Dense{})
	if text != "0×0 *mat.Dense" || !strings.Contains(html, "<caption>0×0 *mat.Dense</caption>") {
		t.Errorf("empty matrix: %q %q", text, html)
	}
}

func TestTable(t *testing.T) {
	tab := display.Table{
		Caption: "results",
		Header:  []string{"name", "loss", "note"},
		Rows: [][]interface{}{
			{"<b>relu</b>", 0.123456, "ok"},
			{"sigmoid", 2},
		},
	}
	html, text := renderText(t, tab)
	for _, want := range []string{
		"<caption>results</caption>",
		"<thead><tr><th>name</th><th>loss</th><th>note</th></tr></thead>",
		"<tr><td>&lt;b&gt;relu&lt;/b&gt;</td><td style=\"text-align:right\">0.1235</td><td>ok</td></tr>",
		"<tr><td>sigmoid</td><td style=\"text-align:right\">2</td><td></td></tr>",
	} {
		if !strings.Contains(html, want) {
			t.Errorf("HTML lacks %s\n%s", want, html)
		}
	}
	wantText := "results\n" +
		"name         loss    note\n" +
		"-----------  ------  ----\n" +
		"<b>relu</b>  0.1235  ok\n" +
		"sigmoid           2"
	if text != wantText {
		t.Errorf("text\n got %q\nwant %q", text, wantText)
	}
}

func TestTableElided(t *testing.T) {
	var tab display.Table
	for i := 0; i < 100; i++ {
		tab.Rows = append(tab.Rows, []interface{}{i, i * i})
	}
	html, text := renderText(t, tab)
	// 10 + 10 rows and one of ellipses, no header.
	if n := strings.Count(html, "<tr>"); n != 21 {
		t.Errorf("%d <tr>, want 21", n)
	}
	if !strings.Contains(html, "<caption>(100 rows × 2 columns)</caption>") {
		t.Errorf("no elision caption: %.200s", html)
	}
	lines := strings.Split(text, "\n")
	if len(lines) != 22 || lines[11] != "⋮   ⋮" || lines[21] != "99  9801" || lines[10] != " 9    81" {
		t.Errorf("text:\n%s", text)
	}
}
