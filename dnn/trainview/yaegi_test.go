package trainview_test

import (
	"reflect"
	"strings"
	"sync"
	"testing"

	"github.com/traefik/yaegi/interp"

	"github.com/gocell/gocell/kernel/display"
	"github.com/gocell/gocell/kernel/interrupt"
	"github.com/gocell/gocell/kernel/session"
	"github.com/gocell/gocell/kernel/symbols"
)

// cellSource is what a learner writes in a cell, run by the interpreter
// with the kernel's generated preload tables: a callback of the cell's own
// beside the view, and the ■ button pressed at step 25 (press is the
// test's stand-in for the kernel, which calls interrupt.Request).
const cellSource = `
package main

import (
	"github.com/gocell/gocell/dnn"
	"github.com/gocell/gocell/dnn/dataset"
	"github.com/gocell/gocell/dnn/trainview"
)

var seen int

func Run(press func(step int)) (int, int, string) {
	train, test := dataset.Split(dataset.Moons(300, 0.1, 1), 0.2, 1)
	tr := &dnn.Trainer{Model: dnn.NewTwoLayerNet(2, 8, 2, 1), Epochs: 4, BatchSize: 12, OptimizerName: "adam"}
	tr.OnStep = func(s dnn.StepInfo) {
		seen++
		press(s.Step)
	}
	h, err := trainview.Train(tr, train, test)
	msg := ""
	if err != nil {
		msg = err.Error()
	}
	return seen, len(h.Loss), msg
}
`

type recorder struct {
	mu sync.Mutex
	ds []session.Display
}

func (r *recorder) Display(d session.Display) { r.mu.Lock(); r.ds = append(r.ds, d); r.mu.Unlock() }
func (r *recorder) Clear(bool)                {}

func TestTrainFromInterpretedCell(t *testing.T) {
	r := &recorder{}
	display.SetPublisher(r)
	defer display.SetPublisher(nil)
	interrupt.Begin()
	defer interrupt.Begin()

	i := interp.New(interp.Options{})
	if err := i.Use(symbols.Exports()); err != nil {
		t.Fatal(err)
	}
	if _, err := i.Eval(cellSource); err != nil {
		t.Fatal(err)
	}
	run, err := i.Eval("main.Run")
	if err != nil {
		t.Fatal(err)
	}
	press := func(step int) {
		if step == 25 {
			interrupt.Request()
		}
	}
	out := run.Call([]reflect.Value{reflect.ValueOf(press)})
	seen, steps, msg := out[0].Int(), out[1].Int(), out[2].String()
	if seen != 25 || steps != 25 || !strings.HasSuffix(msg, interrupt.ErrInterrupted.Error()) {
		t.Fatalf("cell callback ran %d times, history has %d steps, error %q; want 25, 25, interrupted", seen, steps, msg)
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	// The view ends with the closing progress line, then the final plot.
	progress, plot := r.ds[len(r.ds)-2], r.ds[len(r.ds)-1]
	if txt, _ := progress.Data["text/plain"].(string); !progress.Update || !strings.Contains(txt, "stopped at step 25 by interrupt") {
		t.Errorf("closing progress %q, want it to say it stopped at step 25 by interrupt", txt)
	}
	if _, ok := plot.Data["image/png"]; !ok || !plot.Update {
		t.Errorf("final plot %v has no image/png", plot.Data["text/plain"])
	}
}
