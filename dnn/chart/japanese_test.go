package chart

import (
	"os"
	"testing"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/text"
)

// TestJapaneseOnPlainPlot: a plot made with gonum's plot.New and given
// Japanese text drops that text silently (its default handler has only
// Liberation); after Japanese it is measured and drawn in the CJK font,
// while Latin text keeps the plot's own font (Liberation Serif).
func TestJapaneseOnPlainPlot(t *testing.T) {
	real, _ := findFonts(os.Getenv("GOCELL_CJK_FONT"), cjkPaths)
	if real.cjk == "" {
		t.Skip("no CJK font installed (install fonts-ipaexfont or fonts-noto-cjk, or set GOCELL_CJK_FONT)")
	}
	withFonts(t, real.path)
	p := plot.New()
	p.Title.Text = "損失の推移"
	l, err := plotter.NewLine(plotter.XYs{{X: 0, Y: 1}, {X: 1, Y: 0}})
	if err != nil {
		t.Fatal(err)
	}
	p.Add(l)
	p.Legend.Add("訓練", l)
	serif := p.Title.TextStyle.Font
	cjk := font.Font{Typeface: cjkTypeface, Size: serif.Size}
	want, _, _ := text.Plain{Fonts: fonts().cache}.Box("損失の推移", cjk)

	Japanese(p)
	styles := map[string]text.Style{
		"title": p.Title.TextStyle, "x label": p.X.Label.TextStyle, "y label": p.Y.Label.TextStyle,
		"x ticks": p.X.Tick.Label, "y ticks": p.Y.Tick.Label, "legend": p.Legend.TextStyle,
	}
	for name, sty := range styles {
		if _, ok := sty.Handler.(text.Plain); ok {
			t.Errorf("%s: still gonum's default handler", name)
		}
	}
	if w, _, _ := p.Title.TextStyle.Handler.Box("損失の推移", serif); w != want || w == 0 {
		t.Errorf("Japanese title width %v, want the CJK font's %v", w, want)
	}
	latin, _, _ := plot.DefaultTextHandler.Box("loss", serif)
	if w, _, _ := p.Title.TextStyle.Handler.Box("loss", serif); w != latin {
		t.Errorf("Latin title width %v, want the plot's own font's %v", w, latin)
	}
	if _, err := PNG(p, 0, 0, 96); err != nil {
		t.Fatal(err)
	}

	// A handler of the user's own is left alone.
	own := text.Plain{Fonts: font.NewCache(nil)}
	q := plot.New()
	q.Title.TextStyle.Handler = own
	Japanese(q)
	if q.Title.TextStyle.Handler != own {
		t.Error("a handler of the user's own was replaced")
	}
	Japanese(nil) // no panic
}
