package chart

import (
	"image/color"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// legendFrame draws a translucent white box where the legend will go, as
// matplotlib does, so that lines under the legend do not cross its text.
// gonum/plot draws the legend after every plotter, so a plotter added last
// lands between the data and the legend.
type legendFrame struct {
	l     *plot.Legend
	names []string
}

// addLegend adds entries to p's legend and the frame behind them; call it
// after the data plotters are added.
func addLegend(p *plot.Plot, names []string, thumbs [][]plot.Thumbnailer) {
	var shown []string
	for i, n := range names {
		if n == "" {
			continue
		}
		p.Legend.Add(n, thumbs[i]...)
		shown = append(shown, n)
	}
	if len(shown) > 0 {
		p.Add(legendFrame{l: &p.Legend, names: shown})
	}
}

// Plot implements plot.Plotter, mirroring the layout of plot.Legend.Draw.
func (f legendFrame) Plot(c draw.Canvas, _ *plot.Plot) {
	l := f.l
	sty := l.TextStyle
	em := sty.Rectangle(" ").Max.X
	var enth, textw vg.Length
	for _, n := range f.names {
		r := sty.Rectangle(n)
		enth = max(enth, r.Max.Y)
		textw = max(textw, r.Max.X-r.Min.X)
	}
	descent := sty.FontExtents().Descent
	n := vg.Length(len(f.names))
	top := c.Max.Y - descent + l.YOffs // top edge of the first entry
	if !l.Top {
		top = c.Min.Y + (enth+l.Padding)*(n-1) + enth + l.YOffs
	}
	bottom := top - n*enth - (n-1)*l.Padding
	var left, right vg.Length
	if l.Left {
		left = c.Min.X + l.XOffs
		right = left + l.ThumbnailWidth + em + textw
	} else {
		right = c.Max.X + l.XOffs
		left = right - l.ThumbnailWidth - em - textw
	}
	pad := vg.Points(4)
	r := vg.Rectangle{Min: vg.Point{X: left - pad, Y: bottom - pad/2}, Max: vg.Point{X: right + pad, Y: top + pad/2}}
	c.SetColor(color.White)
	c.Fill(r.Path())
	c.SetLineStyle(draw.LineStyle{Color: color.Gray{0xcc}, Width: vg.Points(0.8)})
	c.Stroke(r.Path())
}
