package chart

import (
	"encoding/base64"
	"fmt"
	"html"
	"image/color"
	"math"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// Grid is a figure of Rows×Cols subplots with an optional title over them,
// drawn with their data areas aligned. Plots holds them row by row; a nil
// entry leaves its cell blank. Width and Height are the whole figure's size.
// The display shows a Grid through its MIMEBundle method.
type Grid struct {
	Title         string
	Rows, Cols    int
	Plots         []*plot.Plot
	Width, Height vg.Length

	tiles *draw.Tiles // padding of the cells; nil means gridTiles
}

// gridTiles pads a grid's cells: room between the subplots for their tick
// labels, and a little at the figure's edges.
var gridTiles = draw.Tiles{
	PadX: vg.Points(14), PadY: vg.Points(10),
	PadTop: vg.Points(4), PadBottom: vg.Points(6), PadLeft: vg.Points(6), PadRight: vg.Points(10),
}

// NewGrid returns an empty rows×cols grid sized at 3×2.4 inches a cell.
func NewGrid(rows, cols int) *Grid {
	rows, cols = max(rows, 0), max(cols, 0)
	return &Grid{
		Rows: rows, Cols: cols,
		Plots: make([]*plot.Plot, rows*cols),
		Width: vg.Length(cols) * 3 * vg.Inch, Height: vg.Length(rows) * 2.4 * vg.Inch,
	}
}

// GridOf lays plots out cols to a row, as many rows as they need.
func GridOf(cols int, plots ...*plot.Plot) *Grid {
	if cols < 1 {
		cols = 1
	}
	g := NewGrid((len(plots)+cols-1)/cols, cols)
	copy(g.Plots, plots)
	return g
}

// Set puts p at row, col (counted from 0); it reports an error when that
// cell is outside the grid.
func (g *Grid) Set(row, col int, p *plot.Plot) error {
	if err := g.check(); err != nil {
		return err
	}
	if row < 0 || row >= g.Rows || col < 0 || col >= g.Cols {
		return fmt.Errorf("chart: Grid.Set: cell (%d, %d) is outside a %dx%d grid", row, col, g.Rows, g.Cols)
	}
	g.Plots[row*g.Cols+col] = p
	return nil
}

// At returns the plot at row, col, or nil (also outside the grid).
func (g *Grid) At(row, col int) *plot.Plot {
	if g.check() != nil || row < 0 || row >= g.Rows || col < 0 || col >= g.Cols {
		return nil
	}
	return g.Plots[row*g.Cols+col]
}

func (g *Grid) check() error {
	if g == nil {
		return fmt.Errorf("chart: nil Grid")
	}
	if g.Rows < 1 || g.Cols < 1 || len(g.Plots) != g.Rows*g.Cols {
		return fmt.Errorf("chart: Grid is %dx%d but has %d plots", g.Rows, g.Cols, len(g.Plots))
	}
	return nil
}

// PNG draws the grid at dpi dots per inch (0 means DefaultDPI).
func (g *Grid) PNG(dpi float64) ([]byte, error) {
	if err := g.check(); err != nil {
		return nil, err
	}
	return drawPNG(g.draw, g.Width, g.Height, dpi)
}

// SVG draws the grid as an SVG document.
func (g *Grid) SVG() ([]byte, error) {
	if err := g.check(); err != nil {
		return nil, err
	}
	return drawSVG(g.draw, g.Width, g.Height)
}

// MIMEBundle is the display method: the grid as a PNG at DefaultDPI, the
// same image in HTML sized to its width in CSS pixels (a display method
// cannot send the metadata that would size the PNG, and unsized it would
// show at twice its size), and a text/plain summary.
func (g *Grid) MIMEBundle() map[string]interface{} {
	b, err := g.PNG(DefaultDPI)
	if err != nil {
		return map[string]interface{}{"text/plain": err.Error()}
	}
	enc := base64.StdEncoding.EncodeToString(b)
	desc := fmt.Sprintf("chart.Grid %dx%d", g.Rows, g.Cols)
	if g.Title != "" {
		desc += fmt.Sprintf(" %q", g.Title)
	}
	w := int(math.Round(float64(g.Width/vg.Inch) * 96))
	return map[string]interface{}{
		"image/png":  enc,
		"text/html":  fmt.Sprintf(`<img width="%d" alt="%s" src="data:image/png;base64,%s">`, w, html.EscapeString(desc), enc),
		"text/plain": desc,
	}
}

// draw lays the grid out on c: the title on top, then the aligned tiles.
func (g *Grid) draw(c draw.Canvas) {
	c.SetColor(color.White)
	c.Fill(c.Rectangle.Path())
	if g.Title != "" {
		sty := textStyle(newHandler(), titleSize+1, draw.XCenter, draw.YTop)
		c.FillText(sty, vg.Point{X: c.Center().X, Y: c.Max.Y - vg.Points(4)}, g.Title)
		c.Max.Y -= sty.Rectangle(g.Title).Size().Y + vg.Points(10)
	}
	rows := make([][]*plot.Plot, g.Rows)
	for r := range rows {
		rows[r] = g.Plots[r*g.Cols : (r+1)*g.Cols]
	}
	tiles := gridTiles
	if g.tiles != nil {
		tiles = *g.tiles
	}
	tiles.Rows, tiles.Cols = g.Rows, g.Cols
	canvases := plot.Align(rows, tiles, c)
	for r, row := range rows {
		for col, p := range row {
			if p != nil {
				p.Draw(canvases[r][col])
			}
		}
	}
}
