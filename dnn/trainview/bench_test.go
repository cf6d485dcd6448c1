package trainview

import (
	"fmt"
	"math/rand"
	"testing"

	"github.com/gocell/gocell/dnn"
	"github.com/gocell/gocell/kernel/display"
	"github.com/gocell/gocell/kernel/session"
	"gonum.org/v1/gonum/mat"
)

// discard is a Publisher that drops everything, as fast as a publisher can.
type discard struct{}

func (discard) Display(session.Display) {}
func (discard) Clear(bool)              {}

// randomData returns n examples of f features in c classes.
func randomData(n, f, c int) dnn.Data {
	rng := rand.New(rand.NewSource(1))
	x := mat.NewDense(n, f, nil)
	for i := range x.RawMatrix().Data {
		x.RawMatrix().Data[i] = rng.Float64()
	}
	labels := make([]int, n)
	for i := range labels {
		labels[i] = rng.Intn(c)
	}
	return dnn.NewData(x, labels)
}

// BenchmarkStep measures one training step (ns/op) of a tiny net (2-32-2,
// batch 20: a step is microseconds, the worst case for the view) and of an
// MNIST-sized one (784-100-10, batch 100), bare and with a view attached
// at the default intervals, and with live plots off (the cost on the
// training goroutine alone). Finish, which draws the final plot once, is
// left out: BenchmarkFrame/final measures it. cpu-ns/op is the process's
// CPU time a step, live plots drawn on the other goroutine included; on a
// busy machine it is steadier than ns/op.
//
//	go test -run - -bench Step -benchtime 2s ./dnn/trainview
func BenchmarkStep(b *testing.B) {
	nets := []struct {
		name           string
		in, hidden, nc int
		batch          int
	}{{"tiny", 2, 32, 2, 20}, {"mnist", 784, 100, 10, 100}}
	for _, n := range nets {
		data := randomData(50*n.batch, n.in, n.nc)
		for _, mode := range []string{"bare", "view", "view-noplot"} {
			b.Run(n.name+"/"+mode, func(b *testing.B) {
				display.SetPublisher(discard{})
				defer display.SetPublisher(nil)
				tr := &dnn.Trainer{
					Model: dnn.NewTwoLayerNet(n.in, n.hidden, n.nc, 1), BatchSize: n.batch,
					EvalSample: n.batch, Epochs: (b.N + 49) / 50,
				}
				var v *View
				switch mode {
				case "view":
					v = Attach(tr)
				case "view-noplot":
					v = AttachWith(tr, Options{PlotEvery: -1})
				}
				b.ResetTimer()
				cpu := cpuTime()
				h, err := tr.Train(data, nil)
				cpu = cpuTime() - cpu
				b.StopTimer()
				b.ReportMetric(float64(cpu.Nanoseconds())/float64(b.N), "cpu-ns/op")
				v.Finish(h, err)
				if err != nil {
					b.Fatal(err)
				}
			})
		}
	}
}

// BenchmarkFrame measures drawing one plot, live and final, early in a run
// and after 100 000 steps.
//
//	go test -run - -bench Frame -benchtime 5x ./dnn/trainview
func BenchmarkFrame(b *testing.B) {
	for _, steps := range []int{1000, 100000} {
		rng := rand.New(rand.NewSource(1))
		r := run{steps: steps, step: steps, epochs: 10}
		for i := 0; i < steps; i++ {
			r.losses = append(r.losses, 2/float64(1+i/100)+0.2*rng.Float64())
		}
		for e := 0; e < 10; e++ {
			r.trainAcc = append(r.trainAcc, 0.5+0.04*float64(e))
			r.testAcc = append(r.testAcc, 0.48+0.04*float64(e))
		}
		for _, f := range []struct {
			name string
			dpi  float64
		}{{"live", liveDPI}, {"final", finalDPI}} {
			b.Run(fmt.Sprintf("%s/%d", f.name, steps), func(b *testing.B) {
				for i := 0; i < b.N; i++ {
					if _, _, err := plotBundle(r, 50, f.dpi); err != nil {
						b.Fatal(err)
					}
				}
			})
		}
	}
}
