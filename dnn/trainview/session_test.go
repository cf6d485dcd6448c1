package trainview_test

import (
	"context"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gocell/gocell/kernel/evaluator"
	"github.com/gocell/gocell/kernel/session"
	"github.com/gocell/gocell/kernel/symbols"
)

// cellSink is a session.Sink that keeps a cell's outputs and signals once
// the first progress update arrives.
type cellSink struct {
	mu       sync.Mutex
	displays []session.Display
	streams  strings.Builder
	moving   chan struct{}
}

func (s *cellSink) Stream(_, text string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.streams.WriteString(text)
}

func (s *cellSink) Display(d session.Display) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.displays = append(s.displays, d)
	if txt, _ := d.Data["text/plain"].(string); d.Update && strings.Contains(txt, "step ") && s.moving != nil {
		close(s.moving)
		s.moving = nil
	}
}

func (s *cellSink) Clear(bool) {}

func run(t *testing.T, sess session.Session, ctx context.Context, code string, sink *cellSink) session.ExecuteReply {
	t.Helper()
	if sink == nil {
		sink = &cellSink{}
	}
	return sess.Execute(ctx, session.ExecuteRequest{Code: code}, sink, nil)
}

// The test: the ■ button pressed while a cell trains with the view,
// through the evaluation session the kernel uses. The cell ends as
// interrupted, the displays it leaves behind are the final ones (published
// before the cell ended, so the saved notebook has them), and the session
// keeps its state: the network, the trainer and the data are still there.
func TestInterruptInNotebookCell(t *testing.T) {
	if raceDetector {
		// The final frame must be drawn within the evaluator's 500 ms
		// grace after the stop request; -race slows drawing tenfold.
		t.Skip("timing-bound: not meaningful under -race")
	}
	sess, err := evaluator.New(evaluator.Options{Symbols: symbols.Symbols})
	if err != nil {
		t.Fatal(err)
	}
	defer sess.Close()
	setup := `train, test := dataset.Split(dataset.Moons(2000, 0.1, 1), 0.2, 1)
net := dnn.NewTwoLayerNet(2, 32, 2, 1)
tr := &dnn.Trainer{Model: net, Epochs: 100000, BatchSize: 16, OptimizerName: "adam"}`
	if r := run(t, sess, context.Background(), setup, nil); r.Error != nil {
		t.Fatalf("setup cell: %+v", r.Error)
	}

	sink := &cellSink{moving: make(chan struct{})}
	moving := sink.moving
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go func() { // the user presses ■ once the bar moves
		select {
		case <-moving:
		case <-time.After(time.Minute):
			t.Error("the progress bar did not move within a minute")
		}
		cancel()
	}()
	r := run(t, sess, ctx, "hist, err := trainview.Train(tr, train, test)", sink)
	if r.Error == nil || r.Error.Name != session.ErrNameInterrupt {
		t.Fatalf("training cell ended with %+v, want an interrupt", r.Error)
	}
	sink.mu.Lock()
	ds := append([]session.Display(nil), sink.displays...)
	streams := sink.streams.String()
	sink.mu.Unlock()
	if len(ds) < 4 {
		t.Fatalf("%d displays, want at least the two initial and two final ones", len(ds))
	}
	progress, plot := ds[len(ds)-2], ds[len(ds)-1]
	if txt, _ := progress.Data["text/plain"].(string); !strings.Contains(txt, "by interrupt") || progress.ID != ds[0].ID {
		t.Errorf("closing progress %q (id %s), want the first display saying it stopped by interrupt", txt, progress.ID)
	}
	if _, ok := plot.Data["image/png"]; !ok || plot.ID != ds[1].ID {
		t.Errorf("final plot %v (id %s) has no image/png", plot.Data["text/plain"], plot.ID)
	}
	if strings.Contains(streams, "rebuilt") {
		t.Errorf("the interpreter was rebuilt: %s", streams)
	}

	check := &cellSink{}
	r = run(t, sess, context.Background(), `tr.OnStep == nil && net.Predict(mat.NewDense(1, 2, []float64{0, 0}), false).At(0, 0) == net.Predict(mat.NewDense(1, 2, []float64{0, 0}), false).At(0, 0)`, check)
	if r.Error != nil || r.Result == nil || r.Result.Data["text/plain"] != "true" {
		t.Fatalf("after the interrupt: %+v %+v %s", r.Error, r.Result, check.streams.String())
	}
}
