package trainview

import (
	"context"
	"errors"
	"fmt"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/gocell/gocell/kernel/interrupt"
)

func TestProgressBundle(t *testing.T) {
	mid := run{step: 300, steps: 600, epoch: 2, epochs: 4, losses: []float64{0.3}, smooth: 0.31,
		trainAcc: []float64{0.9124}, testAcc: []float64{0.8931}, elapsed: 3200 * time.Millisecond}
	tests := []struct {
		name  string
		r     run
		s     status
		text  string
		color string
	}{
		{"before the first step", run{epochs: 3}, status{}, "[....................]   0% | starting", "#1f77b4"},
		{"half way", mid, status{},
			"[##########..........]  50% | step 300/600 | epoch 2/4 | loss 0.31 | train 0.912 | test 0.893 | 3.2s elapsed | 3.2s left", "#1f77b4"},
		{"done", run{step: 600, steps: 600, epoch: 4, epochs: 4, losses: []float64{0.1}, smooth: 0.1, elapsed: 12300 * time.Millisecond},
			endStatus(nil), "[####################] 100% | step 600/600 | epoch 4/4 | loss 0.1 | done in 12.3s", "#2ca02c"},
		{"interrupted", mid, endStatus(fmt.Errorf("dnn: stopped: %w", interrupt.ErrInterrupted)),
			"stopped at step 300 by interrupt after 3.2s", "#ff7f0e"},
		{"cancelled", mid, endStatus(fmt.Errorf("dnn: stopped: %w", context.DeadlineExceeded)),
			"stopped at step 300 (context deadline exceeded) after 3.2s", "#ff7f0e"},
		{"failed", run{}, endStatus(errors.New("dnn: no data")), "failed before the first step: dnn: no data", "#d62728"},
		{"diverged", run{step: 1, steps: 2, losses: []float64{math.NaN()}, smooth: math.NaN()}, status{}, "loss NaN", "#1f77b4"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b := progressBundle(tt.r, tt.s)
			text, html := b["text/plain"].(string), b["text/html"].(string)
			if !strings.Contains(text, tt.text) {
				t.Errorf("text %q lacks %q", text, tt.text)
			}
			if !strings.Contains(html, tt.color) {
				t.Errorf("html has not the bar colour %s: %s", tt.color, html)
			}
		})
	}
	b := progressBundle(run{}, endStatus(errors.New("<script>")))
	if strings.Contains(b["text/html"].(string), "<script>") {
		t.Error("an error message went into the HTML unescaped")
	}
}

func TestFormatDuration(t *testing.T) {
	for d, want := range map[time.Duration]string{
		85 * time.Millisecond: "85ms", 12340 * time.Millisecond: "12.3s",
		245 * time.Second: "4m05s", 62*time.Minute + 10*time.Second: "1h02m",
	} {
		if got := formatDuration(d); got != want {
			t.Errorf("formatDuration(%v) = %q, want %q", d, got, want)
		}
	}
}

func TestEnvelopeKeepsTheBand(t *testing.T) {
	tests := []struct {
		name   string
		n      int
		maxLen int
		nonFin bool
	}{{"short runs are kept whole", 50, 50, false}, {"long runs are thinned", 100000, 2 * 400, false}, {"NaN is left out", 1000, 1000, true}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ys := make([]float64, tt.n)
			for i := range ys {
				ys[i] = math.Sin(float64(i)) + float64(i%7)
			}
			ys[tt.n/3], ys[tt.n/2] = -5, 9 // the extremes must survive thinning
			if tt.nonFin {
				ys[10], ys[11] = math.NaN(), math.Inf(1)
			}
			xy := envelope(ys, 400)
			if len(xy) > tt.maxLen || (!tt.nonFin && tt.n <= 400 && len(xy) != tt.n) {
				t.Fatalf("%d points from %d, want at most %d", len(xy), tt.n, tt.maxLen)
			}
			lo, hi, prev := math.Inf(1), math.Inf(-1), -1.0
			for _, p := range xy {
				if p.X <= prev || math.IsNaN(p.Y) || math.IsInf(p.Y, 0) {
					t.Fatalf("point %v after x=%v", p, prev)
				}
				prev = p.X
				lo, hi = math.Min(lo, p.Y), math.Max(hi, p.Y)
			}
			if lo != -5 || hi != 9 {
				t.Errorf("band [%v, %v], want [-5, 9]", lo, hi)
			}
		})
	}
	if got := thin([]float64{0, 1, 2, 3, 4, 5, 6, 7}, 3); len(got) != 4 || got[2].X != 6 || got[3].X != 7 {
		t.Errorf("thin kept %v, want every third point and the last", got)
	}
}

func TestSmoothLoss(t *testing.T) {
	avg := 0.0
	for n := 1; n <= 100; n++ {
		avg = smoothLoss(avg, 2, n, 10)
		if avg != 2 {
			t.Fatalf("a constant loss smoothed to %v at step %d", avg, n)
		}
	}
	avg = 0
	for n, l := range []float64{4, 2} { // the first steps are a plain mean
		avg = smoothLoss(avg, l, n+1, 10)
	}
	if avg != 3 {
		t.Errorf("mean of 4 and 2 smoothed to %v, want 3", avg)
	}
}
