// Package display shows rich outputs under a notebook cell: HTML, Markdown,
// LaTeX, SVG, PNG and JPEG images, JSON, plain text, Go images, gonum plots,
// matrices and tables, and displays that update in place.
//
// Cells get the package preloaded and call it without an import line:
//
//	display.HTML("<b>こんにちは</b>")
//	display.Plot(p)                 // p is a *plot.Plot
//	h := display.NewHandle()        // a display that updates in place
//	h.Text("epoch 1")
//	h.Text("epoch 2")               // replaces "epoch 1"
//
// Compiled code (the dnn trainer's views, the plot helpers) and plain Go
// programs use the same functions. Rendering a value to a MIME bundle
// (Render and RenderPlot) is separate from publishing it: the show functions
// hand the bundle to the current Publisher. The evaluation session installs
// one with SetPublisher that routes displays to the running cell's output;
// without a session, the text/plain part of each display is written to
// standard output, so a program still shows something.
//
// # Rich values
//
// Render (and Show, and the evaluator for a cell's last value) turns these
// values into a bundle, always with a text/plain part beside the rich one:
//
//   - a *plot.Plot: a PNG rendered at twice its logical size, so it is sharp
//     on high-density screens, with the logical size as width and height
//     metadata (RenderPlot gives other sizes and SVG); Japanese text in a
//     plot from plot.New is drawn in a CJK font (see chart.Japanese);
//   - an image.Image: a PNG with its width and height as metadata;
//   - a mat.Matrix: an HTML table captioned with its shape, large matrices
//     elided in the middle (a mat.Dense value too, though its methods are on
//     the pointer);
//   - a Table (or *Table): an HTML table of rows;
//   - a value whose type has the display method.
//
// # The display method
//
// A type shows itself richly by having the method
//
//	MIMEBundle() map[string]interface{}
//
// It returns a MIME bundle: MIME types ("text/html", "image/png", ...) mapped
// to their content, a string for text types and for binary types encoded in
// base64 (a []byte is encoded for you), any JSON value for JSON types. When
// the bundle has no text/plain, one is added. Types declared in cells may
// have the method too; the evaluator finds it there.
//
// # Errors
//
// The show functions return nothing, so that a call ending a cell shows no
// result value. What they cannot show (bytes that are not a PNG, a plot
// that cannot be drawn, a bundle that does not encode as JSON) is reported
// as one line on standard error, starting "display: ", and nothing is
// published. Render reports failures inside the bundle it returns.
//
// The API has no generics, no variadic interface parameters and no exported
// variables, so that the yaegi interpreter can use all of it from cells.
package display
