package trainview

import (
	"bytes"
	"encoding/base64"
	"errors"
	"image/png"
	"math"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gocell/gocell/dnn"
	"github.com/gocell/gocell/dnn/dataset"
	"github.com/gocell/gocell/kernel/display"
	"github.com/gocell/gocell/kernel/interrupt"
	"github.com/gocell/gocell/kernel/session"
	"gonum.org/v1/gonum/mat"
)

// recorder is a display.Publisher that keeps what it receives and can
// tell a waiting test when a display with a given id is updated.
type recorder struct {
	mu       sync.Mutex
	displays []session.Display
	watchID  string
	watch    chan session.Display
}

func (r *recorder) Display(d session.Display) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.displays = append(r.displays, d)
	if r.watch != nil && d.ID == r.watchID && d.Update {
		select {
		case r.watch <- d:
		default:
		}
	}
}

func (r *recorder) Clear(bool) {}

func (r *recorder) got() []session.Display {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]session.Display(nil), r.displays...)
}

// byID returns the displays of id in order.
func (r *recorder) byID(id string) []session.Display {
	var out []session.Display
	for _, d := range r.got() {
		if d.ID == id {
			out = append(out, d)
		}
	}
	return out
}

func record(t *testing.T) *recorder {
	t.Helper()
	r := &recorder{}
	display.SetPublisher(r)
	t.Cleanup(func() { display.SetPublisher(nil) })
	return r
}

// fakeClock advances by tick on every reading; only the training goroutine
// reads it, so a run's throttling is the same every time.
func fakeClock(tick time.Duration) func() time.Time {
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	return func() time.Time {
		now = now.Add(tick)
		return now
	}
}

// moons returns a small two-class problem and a trainer for it: 200
// examples in batches of 10, so 20 steps an epoch.
func moons(epochs int) (*dnn.Trainer, dnn.Data, dnn.Data) {
	train, test := dataset.Split(dataset.Moons(250, 0.1, 1), 0.2, 1)
	net := dnn.NewTwoLayerNet(2, 8, 2, 1)
	return &dnn.Trainer{Model: net, Epochs: epochs, BatchSize: 10, OptimizerName: "adam", LR: 0.05, Seed: 1}, train, test
}

func text(d session.Display) string { s, _ := d.Data["text/plain"].(string); return s }

// checkHandle asserts that ds is one display_data followed only by
// updates, and returns the last.
func checkHandle(t *testing.T, name string, ds []session.Display) session.Display {
	t.Helper()
	if len(ds) == 0 {
		t.Fatalf("%s: nothing shown", name)
	}
	for i, d := range ds {
		if d.Update != (i > 0) {
			t.Fatalf("%s: display %d has Update=%v; want one display_data, then updates", name, i, d.Update)
		}
	}
	return ds[len(ds)-1]
}

// checkPNG asserts that d holds a decodable PNG with its size as metadata.
func checkPNG(t *testing.T, d session.Display) {
	t.Helper()
	s, ok := d.Data["image/png"].(string)
	if !ok {
		t.Fatalf("no image/png in %v", text(d))
	}
	b, err := base64.StdEncoding.DecodeString(s)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := png.Decode(bytes.NewReader(b)); err != nil {
		t.Fatalf("image/png does not decode: %v", err)
	}
	if m, _ := d.Metadata["image/png"].(map[string]interface{}); m["width"] == nil {
		t.Errorf("no width metadata: %v", d.Metadata)
	}
}

func TestLiveViewUpdatesInPlaceWithinThrottle(t *testing.T) {
	r := record(t)
	tr, train, test := moons(5) // 100 steps, 5 epochs
	userSteps := 0
	tr.OnStep = func(dnn.StepInfo) { userSteps++ }
	const tick, progressEvery, plotEvery = 10 * time.Millisecond, 100 * time.Millisecond, 500 * time.Millisecond
	v := AttachWith(tr, Options{ProgressEvery: progressEvery, PlotEvery: plotEvery})
	v.now = fakeClock(tick)
	h, err := tr.Train(train, test)
	v.Finish(h, err)
	if err != nil {
		t.Fatal(err)
	}
	if userSteps != 100 {
		t.Errorf("the trainer's own OnStep ran %d times, want 100", userSteps)
	}
	if tr.OnEpoch != nil {
		t.Error("Finish left the view's OnEpoch on the trainer")
	}

	ids := map[string]bool{}
	for _, d := range r.got() {
		ids[d.ID] = true
	}
	if len(ids) != 2 || !ids[v.ProgressID()] || !ids[v.PlotID()] {
		t.Fatalf("displays went to ids %v, want the progress and plot handles only", ids)
	}
	progress := r.byID(v.ProgressID())
	last := checkHandle(t, "progress", progress)
	// 105 clock readings (100 steps, 5 epochs) 10 ms apart: an update at
	// the first and then every 100 ms, 11 in all, between the initial
	// display and the final update.
	if len(progress) != 13 {
		t.Errorf("%d progress displays, want 13 (1 initial, 11 throttled, 1 final)", len(progress))
	}
	for _, want := range []string{"100%", "step 100/100", "epoch 5/5", "train 0.", "test 0.", "done in"} {
		if !strings.Contains(text(last), want) {
			t.Errorf("final progress %q lacks %q", text(last), want)
		}
	}
	if !strings.Contains(last.Data["text/html"].(string), "width:100.0%") {
		t.Errorf("final progress bar is not full: %s", last.Data["text/html"])
	}
	plots := r.byID(v.PlotID())
	checkPNG(t, checkHandle(t, "plot", plots))
	// Live plots are asked for at most every 500 ms of 1050 ms.
	if max := 1 + 3 + 1; len(plots) > max {
		t.Errorf("%d plot displays, want at most %d", len(plots), max)
	}
}

func TestLivePlotDrawnWhileTraining(t *testing.T) {
	r := record(t)
	tr, train, test := moons(2)
	v := AttachWith(tr, Options{PlotEvery: time.Nanosecond})
	r.mu.Lock()
	r.watchID, r.watch = v.PlotID(), make(chan session.Display, 1)
	r.mu.Unlock()
	var live session.Display
	tr.OnStep = func(s dnn.StepInfo) {
		if s.Step != 10 {
			return
		}
		select { // training waits here until a live frame arrives
		case live = <-r.watch:
		case <-time.After(time.Minute):
			t.Error("no live plot within a minute of training")
		}
	}
	v.prevStep, tr.OnStep = tr.OnStep, v.onStep
	h, err := tr.Train(train, test)
	v.Finish(h, err)
	if live.Data == nil {
		t.Fatal("no live frame")
	}
	checkPNG(t, live)
	if !strings.Contains(text(live), "training plot") {
		t.Errorf("live plot text %q", text(live))
	}
}

func TestNoLivePlotWhenPlotEveryNegative(t *testing.T) {
	r := record(t)
	tr, train, test := moons(1)
	v := AttachWith(tr, Options{PlotEvery: -1})
	h, err := tr.Train(train, test)
	v.Finish(h, err)
	plots := r.byID(v.PlotID())
	if len(plots) != 2 {
		t.Fatalf("%d plot displays, want the placeholder and the final plot", len(plots))
	}
	checkPNG(t, checkHandle(t, "plot", plots))
}

func TestLiveViewSurvivesInterrupt(t *testing.T) {
	r := record(t)
	interrupt.Begin()
	t.Cleanup(interrupt.Begin)
	tr, train, test := moons(5)
	const k = 30
	tr.OnStep = func(s dnn.StepInfo) {
		if s.Step == k {
			interrupt.Request()
		}
	}
	h, err := Train(tr, train, test)
	if !errors.Is(err, interrupt.ErrInterrupted) {
		t.Fatalf("Train returned %v, want an error wrapping interrupt.ErrInterrupted", err)
	}
	if h == nil || len(h.Loss) != k {
		t.Fatalf("history %+v, want %d steps", h, k)
	}
	var progressID, plotID string
	for _, d := range r.got() {
		if !d.Update && progressID == "" {
			progressID = d.ID
		} else if !d.Update {
			plotID = d.ID
		}
	}
	last := checkHandle(t, "progress", r.byID(progressID))
	if want := "stopped at step 30 by interrupt"; !strings.Contains(text(last), want) {
		t.Errorf("final progress %q lacks %q", text(last), want)
	}
	checkPNG(t, checkHandle(t, "plot", r.byID(plotID)))
	if tr.OnStep == nil {
		t.Error("the trainer lost its own OnStep")
	}

	interrupt.Begin()
	x := mat.NewDense(3, 2, []float64{0, 0, 1, 0.5, -1, 1})
	scores := tr.Model.Predict(x, false)
	if rows, _ := scores.Dims(); rows != 3 {
		t.Fatalf("Predict gave %d rows", rows)
	}
	for _, s := range scores.RawMatrix().Data {
		if math.IsNaN(s) {
			t.Fatal("Predict gave NaN after the interrupt")
		}
	}
	tr.OnStep = nil
	if h2, err := tr.Train(train, test); err != nil || len(h2.Loss) != 100 {
		t.Fatalf("training again after the interrupt: %v, %d steps", err, len(h2.Loss))
	}
}

// panicky is a model whose gradient fails, as a wrongly shaped layer does.
type panicky struct{ dnn.Model }

func (panicky) Gradient(*mat.Dense, []int) float64 { panic("shapes do not match") }

func TestTrainEndings(t *testing.T) {
	tests := []struct {
		name     string
		trainer  func() *dnn.Trainer
		wantErr  string
		progress string
		plot     string
	}{
		{"no model", func() *dnn.Trainer { return &dnn.Trainer{} }, "no Model",
			"failed before the first step: dnn: Trainer: no Model", "no training step finished"},
		{"panic", func() *dnn.Trainer {
			return &dnn.Trainer{Model: panicky{dnn.NewTwoLayerNet(2, 4, 2, 1)}, BatchSize: 10}
		}, "trainview: training panicked: shapes do not match",
			"failed before the first step: trainview: training panicked", "no training step finished"},
	}
	train, _ := dataset.Split(dataset.Moons(50, 0.1, 1), 0.2, 1)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := record(t)
			_, err := Train(tt.trainer(), train, nil)
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Fatalf("err = %v, want %q", err, tt.wantErr)
			}
			got := r.got()
			if len(got) != 4 {
				t.Fatalf("%d displays, want 2 initial and 2 final", len(got))
			}
			// The closing line comes first, then the plot.
			if !strings.Contains(text(got[2]), tt.progress) || !got[2].Update || got[2].ID != got[0].ID {
				t.Errorf("final progress %q, want %q", text(got[2]), tt.progress)
			}
			if !strings.Contains(text(got[3]), tt.plot) || !got[3].Update || got[3].ID != got[1].ID {
				t.Errorf("final plot %q, want %q", text(got[3]), tt.plot)
			}
		})
	}
	if _, err := Train(nil, train, nil); err == nil {
		t.Error("Train(nil, ...) gave no error")
	}
}

func TestFinishTwiceAndNil(t *testing.T) {
	r := record(t)
	tr, _, _ := moons(1)
	v := Attach(tr)
	v.Finish(nil, errors.New("boom"))
	n := len(r.got())
	v.Finish(nil, nil)
	if len(r.got()) != n {
		t.Error("a second Finish published again")
	}
	var nilView *View
	nilView.Finish(nil, nil) // must not panic
}
