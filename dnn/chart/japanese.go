package chart

import (
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
)

// Japanese lets a plot made with gonum's plot.New draw Japanese text:
// gonum/plot's default text handler knows only Liberation and leaves out,
// silently, every character Liberation lacks. Each of p's text styles
// (title, axis labels, tick labels, legend) still on that default handler
// gets one that draws a string as before unless it has such a character,
// and then wholly in the CJK font, as this package's charts do. Styles
// with a handler of their own are left alone. The kernel's display of a
// plot calls it, so a cell ending in p needs no call.
func Japanese(p *plot.Plot) {
	if p == nil {
		return
	}
	swap := func(h *text.Handler) {
		if pl, ok := (*h).(text.Plain); ok && pl.Fonts == font.DefaultCache {
			*h = fallback{plain: pl}
		}
	}
	swap(&p.TextHandler)
	swap(&p.Title.TextStyle.Handler)
	for _, a := range []*plot.Axis{&p.X, &p.Y} {
		swap(&a.Label.TextStyle.Handler)
		swap(&a.Tick.Label.Handler)
	}
	swap(&p.Legend.TextStyle.Handler)
}

// fallback is gonum's default handler that hands text with a non-ASCII
// rune to this package's handler, so that a plot in ASCII never loads the
// CJK font (a few megabytes, read on first use).
type fallback struct{ plain text.Plain }

func (f fallback) pick(txt string) text.Handler {
	for i := 0; i < len(txt); i++ {
		if txt[i] >= 0x80 {
			return newHandler()
		}
	}
	return f.plain
}

// Cache implements text.Handler.
func (f fallback) Cache() *font.Cache { return f.plain.Cache() }

// Extents implements text.Handler. The CJK font is not in gonum's cache:
// its extents come from this package's handler.
func (f fallback) Extents(fnt font.Font) font.Extents {
	if fnt.Typeface == cjkTypeface {
		return newHandler().Extents(fnt)
	}
	return f.plain.Extents(fnt)
}

// Lines implements text.Handler.
func (f fallback) Lines(txt string) []string { return f.plain.Lines(txt) }

// Box implements text.Handler.
func (f fallback) Box(txt string, fnt font.Font) (w, h, d vg.Length) {
	return f.pick(txt).Box(txt, fnt)
}

// Draw implements text.Handler.
func (f fallback) Draw(c vg.Canvas, txt string, sty text.Style, pt vg.Point) {
	h := f.pick(txt)
	sty.Handler = h // drawing asks the style's handler for the extents of the font it picked
	h.Draw(c, txt, sty, pt)
}
