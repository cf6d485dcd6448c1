package trainview

import (
	"fmt"
	"math"
	"sync"
	"time"

	"github.com/gocell/gocell/dnn"
	"github.com/gocell/gocell/kernel/display"
)

// Default update intervals: four progress updates a second read as smooth
// motion; one plot a second keeps the drawing (tens of milliseconds a
// frame) to a few percent of one core.
const (
	DefaultProgressEvery = 250 * time.Millisecond
	DefaultPlotEvery     = time.Second
)

// Options tunes a View. The zero value gives the defaults.
type Options struct {
	// ProgressEvery is the least time between two progress-bar updates;
	// zero means DefaultProgressEvery.
	ProgressEvery time.Duration
	// PlotEvery is the least time between two live plots; zero means
	// DefaultPlotEvery, and a negative value draws only the final plot.
	PlotEvery time.Duration
	// Smooth is the moving-average window of the loss curve and of the
	// progress bar's loss; zero picks one from the run's length (a
	// twentieth of its steps, from 1 to 100).
	Smooth int
}

// View is a live view of one training run: a progress bar and a plot
// under the cell. Attach makes one; Finish ends it. Its methods are meant
// for the goroutine that trains.
type View struct {
	t         *dnn.Trainer
	opts      Options
	prevStep  func(dnn.StepInfo)
	prevEpoch func(dnn.EpochInfo)
	progress  *display.Handle
	plot      *display.Handle
	// now is the throttle's clock; tests replace it.
	now func() time.Time

	// Touched only by the training goroutine (and Finish after it).
	lastProgress, lastPlot time.Time
	plotCost               time.Duration // last live frame's drawing time, set by the renderer
	progressFrames         int
	finished               bool

	mu sync.Mutex // guards run and plotCost against the renderer
	run
	redraw chan struct{} // a pending live plot; capacity 1

	// pubMu orders live plots before the final one: once closed is set, a
	// live frame still being drawn is dropped instead of replacing the
	// final picture.
	pubMu  sync.Mutex
	closed bool
}

// run is what the view knows about the training so far.
type run struct {
	losses            []float64
	trainAcc, testAcc []float64
	step, steps       int
	epoch, epochs     int
	elapsed           time.Duration
	smooth            float64 // the progress bar's moving average of the loss
}

// Attach hooks a view into t's OnStep and OnEpoch callbacks (those already
// set keep being called, before the view's) and shows the view, empty,
// under the running cell. Call Finish with Train's results when training
// ends: it draws the final picture and gives t its callbacks back.
//
// In a cell prefer Train, which finishes the view in compiled code: after
// the interrupt button the interpreter stops the cell as soon as Train
// returns, and a Finish call written in the cell may never run.
func Attach(t *dnn.Trainer) *View { return AttachWith(t, Options{}) }

// AttachWith is Attach with options.
func AttachWith(t *dnn.Trainer, o Options) *View {
	if o.ProgressEvery <= 0 {
		o.ProgressEvery = DefaultProgressEvery
	}
	if o.PlotEvery == 0 {
		o.PlotEvery = DefaultPlotEvery
	}
	v := &View{
		t: t, opts: o, now: time.Now,
		progress: display.NewHandle(), plot: display.NewHandle(),
		redraw: make(chan struct{}, 1),
	}
	if t != nil {
		v.prevStep, v.prevEpoch = t.OnStep, t.OnEpoch
		v.epochs = max(t.Epochs, 1)
		t.OnStep, t.OnEpoch = v.onStep, v.onEpoch
	}
	v.progress.Bundle(progressBundle(v.run, status{}))
	v.plot.Bundle(map[string]interface{}{
		"text/html":  `<div style="color:#888;font:12px sans-serif;padding:4px 0">loss plot: waiting for the first steps…</div>`,
		"text/plain": "loss plot: waiting for the first steps",
	})
	go v.renderLoop()
	return v
}

// ProgressID returns the display id of the progress bar, for code that
// updates it further.
func (v *View) ProgressID() string { return v.progress.ID() }

// PlotID returns the display id of the plot.
func (v *View) PlotID() string { return v.plot.ID() }

func (v *View) onStep(s dnn.StepInfo) {
	if v.prevStep != nil {
		v.prevStep(s)
	}
	if v.finished {
		return
	}
	v.mu.Lock()
	v.losses = append(v.losses, s.Loss)
	v.step, v.steps, v.epoch, v.elapsed = s.Step, s.Steps, s.Epoch, s.Elapsed
	v.smooth = smoothLoss(v.smooth, s.Loss, len(v.losses), v.window(v.steps))
	v.mu.Unlock()
	v.maybeUpdate()
}

func (v *View) onEpoch(e dnn.EpochInfo) {
	if v.prevEpoch != nil {
		v.prevEpoch(e)
	}
	if v.finished {
		return
	}
	v.mu.Lock()
	v.trainAcc = append(v.trainAcc, e.TrainAcc)
	if !math.IsNaN(e.TestAcc) {
		v.testAcc = append(v.testAcc, e.TestAcc)
	}
	v.epoch, v.epochs, v.step, v.elapsed = e.Epoch, e.Epochs, e.Step, e.Elapsed
	v.mu.Unlock()
	v.maybeUpdate()
}

// maybeUpdate publishes the progress bar and asks for a plot when their
// intervals have passed. The first step counts as due, so the view moves
// as soon as training does.
func (v *View) maybeUpdate() {
	now := v.now()
	if v.progressFrames == 0 || now.Sub(v.lastProgress) >= v.opts.ProgressEvery {
		v.lastProgress = now
		v.progressFrames++
		v.mu.Lock()
		r := v.run
		v.mu.Unlock()
		v.progress.Bundle(progressBundle(r, status{}))
	}
	if v.opts.PlotEvery < 0 {
		return
	}
	v.mu.Lock()
	every := max(v.opts.PlotEvery, 20*v.plotCost)
	v.mu.Unlock()
	if v.lastPlot.IsZero() || now.Sub(v.lastPlot) >= every {
		v.lastPlot = now
		select {
		case v.redraw <- struct{}{}:
		default: // a frame is still pending; it will show the newer data
		}
	}
}

// window is the loss curve's moving-average window for a run of steps.
func (v *View) window(steps int) int {
	if v.opts.Smooth > 0 {
		return v.opts.Smooth
	}
	return min(max(steps/20, 1), 100)
}

// smoothLoss is an exponential moving average with the memory of a window
// of w steps, started from the mean of the first steps so that it does not
// lean towards zero at the start.
func smoothLoss(avg, loss float64, n, w int) float64 {
	a := 2 / float64(w+1)
	if k := 1 / float64(n); k > a {
		a = k
	}
	if n == 1 {
		return loss
	}
	return avg + a*(loss-avg)
}

// renderLoop draws the live plots asked for, from a copy of the data, so
// that drawing never holds up a training step.
func (v *View) renderLoop() {
	for range v.redraw {
		v.mu.Lock()
		r := v.run
		r.losses = append([]float64(nil), v.losses...)
		r.trainAcc = append([]float64(nil), v.trainAcc...)
		r.testAcc = append([]float64(nil), v.testAcc...)
		v.mu.Unlock()
		start := time.Now()
		data, meta, err := plotBundle(r, v.window(r.steps), liveDPI)
		cost := time.Since(start)
		v.mu.Lock()
		v.plotCost = cost
		v.mu.Unlock()
		if err != nil {
			continue
		}
		v.pubMu.Lock()
		if !v.closed {
			v.plot.BundleMeta(data, meta)
		}
		v.pubMu.Unlock()
	}
}

// Finish ends the view with what training returned: it stops the live
// updates, gives the trainer back the callbacks it had before Attach, and
// replaces both displays one last time with the complete plot of h and a
// closing progress line that says how training ended (err nil, interrupted,
// cancelled or failed). h may be nil when training failed before it began.
// A live frame still being drawn is not waited for: it ends in the
// background and is dropped. Calling Finish again does nothing.
func (v *View) Finish(h *dnn.History, err error) {
	if v == nil || v.finished {
		return
	}
	v.finished = true
	if v.t != nil {
		v.t.OnStep, v.t.OnEpoch = v.prevStep, v.prevEpoch
	}
	// Finish does not wait for a live frame being drawn: after a stop
	// request every millisecond counts (see below). That frame is dropped.
	v.pubMu.Lock()
	v.closed = true
	v.pubMu.Unlock()
	select {
	case <-v.redraw: // a live frame now would only be dropped
	default:
	}
	close(v.redraw)

	v.mu.Lock()
	r := v.run
	v.mu.Unlock()
	if h != nil {
		r.losses, r.trainAcc, r.testAcc = h.Loss, h.TrainAcc, h.TestAcc
		r.step, r.elapsed = len(h.Loss), h.Elapsed
	}
	st := endStatus(err)
	// The closing line first: it is cheap, and says at once that the stop
	// was heard.
	v.progress.Bundle(progressBundle(r, st))
	if len(r.losses) == 0 {
		v.plot.Text("loss plot: no training step finished")
		return
	}
	// After a stop request the kernel waits only a moment for compiled
	// code before it cancels the cell the hard way, which loses the
	// session's state: the final plot is then drawn at the live frames'
	// resolution, three times faster.
	dpi := float64(finalDPI)
	if st.how == "interrupt" || st.how == "cancelled" {
		dpi = liveDPI
	}
	data, meta, perr := plotBundle(r, v.window(r.steps), dpi)
	if perr != nil {
		v.plot.Text(perr.Error())
		return
	}
	v.plot.BundleMeta(data, meta)
}

// Train attaches a view to t, trains on train and test (test may be nil)
// and finishes the view: Trainer.Train with a live view. It returns what
// Train returns. A panic while training is returned as an error, after
// the view has shown it.
func Train(t *dnn.Trainer, train, test dnn.Data) (h *dnn.History, err error) {
	if t == nil {
		return nil, fmt.Errorf("trainview: Train: nil Trainer")
	}
	v := Attach(t)
	defer func() {
		if r := recover(); r != nil {
			h, err = nil, fmt.Errorf("trainview: training panicked: %v", r)
		}
		v.Finish(h, err)
	}()
	return t.Train(train, test)
}
