package display

import (
	"fmt"
	"html"
	"strings"

	"github.com/gocell/gocell/kernel/session"
	"gonum.org/v1/gonum/mat"
)

// A matrix with more than maxShown rows (or columns) shows its first and
// last edgeShown of them, with an ellipsis between, as numpy prints.
const (
	maxShown  = 10
	edgeShown = 5
)

// Marks of elided rows and columns.
const (
	vEllipsis = "⋮"
	hEllipsis = "…"
	dEllipsis = "⋱"
)

// shownIndices returns the indices of n rows (or columns) that are shown;
// -1 stands for the elided middle.
func shownIndices(n int) []int {
	var idx []int
	if n <= maxShown {
		for i := 0; i < n; i++ {
			idx = append(idx, i)
		}
		return idx
	}
	for i := 0; i < edgeShown; i++ {
		idx = append(idx, i)
	}
	idx = append(idx, -1)
	for i := n - edgeShown; i < n; i++ {
		idx = append(idx, i)
	}
	return idx
}

// matrixBundle shows m as an HTML table with row and column indices (which
// say where the elided part is), captioned with its shape and type name.
func matrixBundle(m mat.Matrix, typeName string) session.Bundle {
	r, c := m.Dims()
	caption := fmt.Sprintf("%d×%d %s", r, c, typeName)
	rows, cols := shownIndices(r), shownIndices(c)

	cell := func(i, j int) string {
		switch {
		case i < 0 && j < 0:
			return dEllipsis
		case i < 0:
			return vEllipsis
		case j < 0:
			return hEllipsis
		}
		return formatNum(m.At(i, j))
	}

	var h strings.Builder
	h.WriteString(`<table class="gocell-matrix" style="font-family:monospace">`)
	fmt.Fprintf(&h, "<caption>%s</caption>\n<thead><tr><th></th>", html.EscapeString(caption))
	for _, j := range cols {
		fmt.Fprintf(&h, "<th>%s</th>", indexLabel(j, hEllipsis))
	}
	h.WriteString("</tr></thead>\n<tbody>\n")
	for _, i := range rows {
		fmt.Fprintf(&h, "<tr><th>%s</th>", indexLabel(i, vEllipsis))
		for _, j := range cols {
			fmt.Fprintf(&h, `<td style="text-align:right">%s</td>`, cell(i, j))
		}
		h.WriteString("</tr>\n")
	}
	h.WriteString("</tbody></table>")

	// The text form is a grid of right-aligned columns under the caption.
	grid := make([][]string, len(rows))
	widths := make([]int, len(cols))
	for a, i := range rows {
		grid[a] = make([]string, len(cols))
		for b, j := range cols {
			grid[a][b] = cell(i, j)
			if w := textWidth(grid[a][b]); w > widths[b] {
				widths[b] = w
			}
		}
	}
	var t strings.Builder
	t.WriteString(caption)
	for _, line := range grid {
		t.WriteString("\n")
		for b, s := range line {
			if b > 0 {
				t.WriteString("  ")
			}
			t.WriteString(padLeft(s, widths[b]))
		}
	}
	return session.Bundle{Data: map[string]interface{}{mimeHTML: h.String(), mimeText: t.String()}}
}

// indexLabel is the header of row or column i, mark for the elided one.
func indexLabel(i int, mark string) string {
	if i < 0 {
		return mark
	}
	return fmt.Sprint(i)
}
