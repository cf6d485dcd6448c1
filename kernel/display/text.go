package display

import (
	"html"
	"math"
	"sort"
	"strconv"
	"strings"
)

// htmlText is the text a reader sees in an HTML fragment, for its
// text/plain part: tags dropped (script and style with their content),
// block ends as line breaks, entities decoded, blank lines squeezed.
func htmlText(s string) string {
	var b strings.Builder
	for len(s) > 0 {
		i := strings.IndexByte(s, '<')
		if i < 0 {
			b.WriteString(s)
			break
		}
		b.WriteString(s[:i])
		s = s[i:]
		end := strings.IndexByte(s, '>')
		if end < 0 {
			b.WriteString(s) // a lone '<' is text
			break
		}
		tag := strings.ToLower(strings.Trim(s[1:end], "/ \t\n"))
		if f := strings.Fields(tag); len(f) > 0 {
			tag = f[0]
		}
		s = s[end+1:]
		switch tag {
		case "script", "style":
			if j := strings.Index(strings.ToLower(s), "</"+tag); j >= 0 {
				s = s[j:]
			} else {
				s = ""
			}
		case "br", "p", "div", "tr", "li", "h1", "h2", "h3", "h4", "h5", "h6", "table", "caption", "pre", "ul", "ol":
			b.WriteByte('\n')
		case "td", "th":
			b.WriteByte(' ')
		}
	}
	lines := strings.Split(html.UnescapeString(b.String()), "\n")
	out := lines[:0]
	for _, l := range lines {
		if l = strings.TrimSpace(l); l != "" {
			out = append(out, l)
		}
	}
	return strings.Join(out, "\n")
}

// sortedKeys returns the keys of m in order.
func sortedKeys(m map[string]interface{}) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// formatNum writes a number compactly: integers as integers, others with
// four significant digits (enough to read a weight or a loss at a glance).
func formatNum(v float64) string {
	switch {
	case math.IsNaN(v):
		return "NaN"
	case math.IsInf(v, 1):
		return "+Inf"
	case math.IsInf(v, -1):
		return "-Inf"
	case v == math.Trunc(v) && math.Abs(v) < 1e9:
		return strconv.FormatInt(int64(v), 10)
	}
	return strconv.FormatFloat(v, 'g', 4, 64)
}

// formatCell writes a table cell: numbers compactly, the rest with %v.
func formatCell(v interface{}) string {
	switch x := v.(type) {
	case nil:
		return ""
	case float64:
		return formatNum(x)
	case float32:
		return formatNum(float64(x))
	case string:
		return x
	}
	return sprint(v)
}

// textWidth is the number of terminal columns s takes: two for East Asian
// wide characters (Japanese labels in tables), one for the rest.
func textWidth(s string) int {
	n := 0
	for _, r := range s {
		n++
		if wide(r) {
			n++
		}
	}
	return n
}

func wide(r rune) bool {
	return r >= 0x1100 && (r <= 0x115f || // Hangul Jamo
		(r >= 0x2e80 && r <= 0xa4cf && r != 0x303f) || // CJK, kana, Yi
		(r >= 0xac00 && r <= 0xd7a3) || // Hangul syllables
		(r >= 0xf900 && r <= 0xfaff) || // CJK compatibility
		(r >= 0xfe30 && r <= 0xfe4f) ||
		(r >= 0xff00 && r <= 0xff60) || // full-width forms
		(r >= 0xffe0 && r <= 0xffe6) ||
		(r >= 0x20000 && r <= 0x3fffd))
}

// padLeft right-aligns s in a column of width columns.
func padLeft(s string, width int) string {
	if n := width - textWidth(s); n > 0 {
		return strings.Repeat(" ", n) + s
	}
	return s
}

// padRight left-aligns s in a column of width columns.
func padRight(s string, width int) string {
	if n := width - textWidth(s); n > 0 {
		return s + strings.Repeat(" ", n)
	}
	return s
}
