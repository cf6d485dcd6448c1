package display

import (
	"fmt"
	"html"
	"strings"
)

// A table with more than maxTableRows rows shows its first and last
// edgeTableRows, with a row of ellipses between.
const (
	maxTableRows  = 30
	edgeTableRows = 10
)

// Table is a table of rows that shows as an HTML table (and aligned text):
//
//	display.Show(display.Table{
//		Header: []string{"epoch", "loss", "精度"},
//		Rows:   [][]interface{}{{1, 0.693, 0.51}, {2, 0.412, 0.87}},
//	})
//
// Cells are written with %v, floating-point numbers with four significant
// digits. Rows shorter than the header are padded with empty cells. A long
// table is elided in the middle.
type Table struct {
	// Caption, when not empty, is shown above the table.
	Caption string
	// Header names the columns; it may be nil.
	Header []string
	// Rows holds the cells, one slice a row.
	Rows [][]interface{}
}

// MIMEBundle renders t as HTML with a text/plain fallback; it is the
// display method, so Show and Render take a Table as it is.
func (t Table) MIMEBundle() map[string]interface{} {
	ncol := len(t.Header)
	for _, r := range t.Rows {
		if len(r) > ncol {
			ncol = len(r)
		}
	}
	rows := shownTableRows(len(t.Rows))
	cells := make([][]string, len(rows))
	numeric := make([][]bool, len(rows))
	for a, i := range rows {
		cells[a] = make([]string, ncol)
		numeric[a] = make([]bool, ncol)
		for j := range cells[a] {
			switch {
			case i < 0:
				cells[a][j] = vEllipsis
			case j < len(t.Rows[i]):
				cells[a][j] = formatCell(t.Rows[i][j])
				numeric[a][j] = isNumber(t.Rows[i][j])
			}
		}
	}
	caption := t.Caption
	if len(rows) < len(t.Rows) {
		caption = strings.TrimSpace(fmt.Sprintf("%s (%d rows × %d columns)", caption, len(t.Rows), ncol))
	}

	var h strings.Builder
	h.WriteString(`<table class="gocell-table">`)
	if caption != "" {
		fmt.Fprintf(&h, "<caption>%s</caption>", html.EscapeString(caption))
	}
	h.WriteString("\n")
	if len(t.Header) > 0 {
		h.WriteString("<thead><tr>")
		for j := 0; j < ncol; j++ {
			name := ""
			if j < len(t.Header) {
				name = t.Header[j]
			}
			fmt.Fprintf(&h, "<th>%s</th>", html.EscapeString(name))
		}
		h.WriteString("</tr></thead>\n")
	}
	h.WriteString("<tbody>\n")
	for a, line := range cells {
		h.WriteString("<tr>")
		for j, s := range line {
			if numeric[a][j] {
				fmt.Fprintf(&h, `<td style="text-align:right">%s</td>`, html.EscapeString(s))
			} else {
				fmt.Fprintf(&h, "<td>%s</td>", html.EscapeString(s))
			}
		}
		h.WriteString("</tr>\n")
	}
	h.WriteString("</tbody></table>")

	return map[string]interface{}{mimeHTML: h.String(), mimeText: t.text(caption, cells, numeric, ncol)}
}

// text lays the shown cells out in aligned columns: numbers to the right,
// the rest to the left, a rule under the header.
func (t Table) text(caption string, cells [][]string, numeric [][]bool, ncol int) string {
	widths := make([]int, ncol)
	for j := range widths {
		if j < len(t.Header) {
			widths[j] = textWidth(t.Header[j])
		}
		for _, line := range cells {
			if w := textWidth(line[j]); w > widths[j] {
				widths[j] = w
			}
		}
	}
	var lines []string
	if caption != "" {
		lines = append(lines, caption)
	}
	join := func(parts []string) string { return strings.TrimRight(strings.Join(parts, "  "), " ") }
	if len(t.Header) > 0 {
		head := make([]string, ncol)
		rule := make([]string, ncol)
		for j := range head {
			if j < len(t.Header) {
				head[j] = padRight(t.Header[j], widths[j])
			} else {
				head[j] = padRight("", widths[j])
			}
			rule[j] = strings.Repeat("-", widths[j])
		}
		lines = append(lines, join(head), join(rule))
	}
	for a, line := range cells {
		parts := make([]string, ncol)
		for j, s := range line {
			if numeric[a][j] {
				parts[j] = padLeft(s, widths[j])
			} else {
				parts[j] = padRight(s, widths[j])
			}
		}
		lines = append(lines, join(parts))
	}
	return strings.Join(lines, "\n")
}

// shownTableRows returns the indices of the rows shown of n; -1 stands for
// the elided middle.
func shownTableRows(n int) []int {
	var idx []int
	for i := 0; i < n; i++ {
		if n > maxTableRows && i == edgeTableRows {
			idx = append(idx, -1)
			i = n - edgeTableRows
		}
		idx = append(idx, i)
	}
	return idx
}

// isNumber reports whether v is a Go number, which is right-aligned.
func isNumber(v interface{}) bool {
	switch v.(type) {
	case int, int8, int16, int32, int64, uint, uint8, uint16, uint32, uint64, uintptr, float32, float64:
		return true
	}
	return false
}
