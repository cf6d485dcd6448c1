package display_test

import (
	"fmt"

	"github.com/gocell/gocell/kernel/display"
	"github.com/gocell/gocell/kernel/session"
	"gonum.org/v1/gonum/mat"
)

// Outside a notebook, a display prints its text/plain part.
func ExampleHTML() {
	display.HTML("<p>Hello, <b>世界</b></p>")
	// Output: Hello, 世界
}

func ExampleRender() {
	m := mat.NewDense(2, 3, []float64{1, 0.5, -2, 1.0 / 3, 1e-7, 42})
	data, _, ok := display.Render(m)
	fmt.Println(ok)
	fmt.Println(data["text/plain"])
	// Output:
	// true
	// 2×3 *mat.Dense
	//      1    0.5  -2
	// 0.3333  1e-07  42
}

func ExampleTable() {
	t := display.Table{
		Header: []string{"epoch", "loss", "accuracy"},
		Rows: [][]interface{}{
			{1, 0.6931, 0.512},
			{2, 0.41237, 0.8734},
		},
	}
	data, _, _ := display.Render(t)
	fmt.Println(data["text/plain"])
	// Output:
	// epoch  loss    accuracy
	// -----  ------  --------
	//     1  0.6931     0.512
	//     2  0.4124    0.8734
}

// printer is a Publisher that prints what it receives, as the protocol would
// send it.
type printer struct{}

func (printer) Display(d session.Display) {
	kind := "display_data"
	if d.Update {
		kind = "update_display_data"
	}
	fmt.Printf("%s %q same id: %v\n", kind, d.Data["text/plain"], d.ID != "")
}

func (printer) Clear(wait bool) { fmt.Println("clear_output wait:", wait) }

// A handle shows once and then updates in place.
func ExampleNewHandle() {
	display.SetPublisher(printer{})
	defer display.SetPublisher(nil)

	h := display.NewHandle()
	for epoch := 1; epoch <= 3; epoch++ {
		h.Text(fmt.Sprintf("epoch %d/3", epoch))
	}
	display.Clear(true)
	// Output:
	// display_data "epoch 1/3" same id: true
	// update_display_data "epoch 2/3" same id: true
	// update_display_data "epoch 3/3" same id: true
	// clear_output wait: true
}
