package display_test

import (
	"strings"
	"testing"

	"github.com/traefik/yaegi/interp"

	"github.com/gocell/gocell/kernel/symbols"
)

// Cells see the package through the kernel's generated preload tables
// (package symbols); these tests use the same tables.

// newInterp returns an interpreter with the standard library and this
// package loaded and imported, as a cell has them.
func newInterp(t *testing.T) *interp.Interpreter {
	t.Helper()
	i := interp.New(interp.Options{})
	if err := i.Use(symbols.Exports()); err != nil {
		t.Fatal(err)
	}
	for _, imp := range []string{`import "fmt"`, `import "github.com/gocell/gocell/kernel/display"`} {
		if _, err := i.Eval(imp); err != nil {
			t.Fatalf("%s: %v", imp, err)
		}
	}
	return i
}

func TestCellCallsDisplay(t *testing.T) {
	r, errs := record(t)
	i := newInterp(t)
	cells := []string{
		`display.HTML("<b>こんにちは</b>")`,
		`h := display.NewHandle()`,
		`for k := 1; k <= 3; k++ { h.Text(fmt.Sprint("epoch ", k)) }`,
		`display.Show(display.Table{Header: []string{"k"}, Rows: [][]interface{}{{1}, {2}}})`,
		`display.Clear(true)`,
	}
	for _, c := range cells {
		if _, err := i.Eval(c); err != nil {
			t.Fatalf("cell %q: %v", c, err)
		}
	}
	v, err := i.Eval(`h.ID()`)
	if err != nil {
		t.Fatal(err)
	}
	id := v.String()

	got := r.got()
	if len(got) != 5 {
		t.Fatalf("%d displays, want 5: %+v", len(got), got)
	}
	if got[0].Data["text/html"] != "<b>こんにちは</b>" || got[0].ID != "" {
		t.Errorf("HTML display %+v", got[0])
	}
	for k, d := range got[1:4] {
		want := "epoch " + string(rune('1'+k))
		if d.ID != id || d.Update != (k > 0) || d.Data["text/plain"] != want {
			t.Errorf("handle output %d: id %q update %v text %q, want %q %v %q",
				k, d.ID, d.Update, d.Data["text/plain"], id, k > 0, want)
		}
	}
	if html, _ := got[4].Data["text/html"].(string); !strings.Contains(html, "<th>k</th>") {
		t.Errorf("table display %+v", got[4])
	}
	if len(r.clears) != 1 || !r.clears[0] {
		t.Errorf("clears %v, want [true]", r.clears)
	}
	if errs.Len() > 0 {
		t.Errorf("error reports: %s", errs)
	}
}

// TestCellRender checks that a cell gets a rich bundle back from Render
// and a rich display from Show of a compiled value.
func TestCellRender(t *testing.T) {
	r, _ := record(t)
	i := newInterp(t)
	v, err := i.Eval(`
	data, _, ok := display.Render(display.Table{Header: []string{"層"}, Rows: [][]interface{}{{"出力層"}}})
	display.Show(data["text/plain"])
	ok`)
	if err != nil {
		t.Fatal(err)
	}
	if ok, _ := v.Interface().(bool); !ok {
		t.Errorf("Render in a cell gave ok %v", v)
	}
	if d := only(t, r); d.Data["text/plain"] != "層\n------\n出力層" {
		t.Errorf("the cell showed %q", d.Data["text/plain"])
	}
}
