package trainview

import (
	"context"
	"errors"
	"fmt"
	"html"
	"math"
	"strings"
	"time"

	"github.com/gocell/gocell/kernel/interrupt"
)

// status is how a run stands: running, or ended in one of four ways.
type status struct {
	ended bool
	how   string // "done", "interrupt", "cancelled" or "failed"
	err   error
}

func endStatus(err error) status {
	switch {
	case err == nil:
		return status{ended: true, how: "done"}
	case errors.Is(err, interrupt.ErrInterrupted):
		return status{ended: true, how: "interrupt", err: err}
	case errors.Is(err, context.Canceled), errors.Is(err, context.DeadlineExceeded):
		return status{ended: true, how: "cancelled", err: err}
	}
	return status{ended: true, how: "failed", err: err}
}

// Bar colours, matplotlib's blue, green, orange and red.
var barColor = map[string]string{
	"": "#1f77b4", "done": "#2ca02c", "interrupt": "#ff7f0e", "cancelled": "#ff7f0e", "failed": "#d62728",
}

const barWidth = 20 // characters of the text bar

// progressBundle renders the progress bar as HTML with a text/plain line
// beside it, such as
//
//	[##########..........]  50% | step 300/600 | epoch 2/4 | loss 0.3102 | train 0.912 | test 0.893 | 3.2s elapsed | 3.1s left
func progressBundle(r run, s status) map[string]interface{} {
	frac := 0.0
	if r.steps > 0 {
		frac = math.Min(float64(r.step)/float64(r.steps), 1)
	}
	if s.how == "done" && r.step > 0 {
		frac = 1
	}
	parts := []string{fmt.Sprintf("%3.0f%%", 100*frac)}
	if r.steps > 0 {
		parts = append(parts, fmt.Sprintf("step %d/%d", r.step, r.steps))
	}
	if r.epoch > 0 {
		parts = append(parts, fmt.Sprintf("epoch %d/%d", r.epoch, max(r.epochs, r.epoch)))
	}
	if len(r.losses) > 0 {
		parts = append(parts, "loss "+formatLoss(r.smooth))
	}
	if n := len(r.trainAcc); n > 0 {
		parts = append(parts, fmt.Sprintf("train %.3f", r.trainAcc[n-1]))
	}
	if n := len(r.testAcc); n > 0 {
		parts = append(parts, fmt.Sprintf("test %.3f", r.testAcc[n-1]))
	}
	parts = append(parts, ending(r, s)...)

	filled := int(math.Round(frac * barWidth))
	text := "[" + strings.Repeat("#", filled) + strings.Repeat(".", barWidth-filled) + "] " + strings.Join(parts, " | ")

	esc := make([]string, len(parts))
	for i, p := range parts {
		esc[i] = html.EscapeString(strings.TrimSpace(p))
	}
	h := fmt.Sprintf(`<div style="display:flex;align-items:center;gap:10px;flex-wrap:wrap;font:12px/1.6 monospace">`+
		`<div style="flex:none;width:240px;height:12px;background:#e6e6e6;border-radius:6px;overflow:hidden">`+
		`<div style="width:%.1f%%;height:100%%;background:%s"></div></div><span>%s</span></div>`,
		100*frac, barColor[s.how], strings.Join(esc, " · "))
	return map[string]interface{}{"text/html": h, "text/plain": text}
}

// ending is the time part of the line: elapsed and left while running, how
// the run ended after.
func ending(r run, s status) []string {
	el := formatDuration(r.elapsed)
	if !s.ended {
		if r.step == 0 {
			return []string{"starting"}
		}
		out := []string{el + " elapsed"}
		if r.steps > r.step {
			left := time.Duration(float64(r.elapsed) * float64(r.steps-r.step) / float64(r.step))
			out = append(out, formatDuration(left)+" left")
		}
		return out
	}
	at := fmt.Sprintf("at step %d", r.step)
	if r.step == 0 {
		at = "before the first step"
	}
	switch s.how {
	case "done":
		return []string{"done in " + el}
	case "interrupt":
		return []string{fmt.Sprintf("stopped %s by interrupt after %s", at, el)}
	case "cancelled":
		return []string{fmt.Sprintf("stopped %s (%v) after %s", at, cause(s.err), el)}
	}
	return []string{fmt.Sprintf("failed %s: %v", at, s.err)}
}

// cause names the context error inside err.
func cause(err error) error {
	if errors.Is(err, context.DeadlineExceeded) {
		return context.DeadlineExceeded
	}
	return context.Canceled
}

func formatLoss(x float64) string {
	if math.IsNaN(x) || math.IsInf(x, 0) {
		return fmt.Sprint(x)
	}
	return fmt.Sprintf("%.4g", x)
}

// formatDuration writes 85ms, 12.3s, 4m05s or 1h02m.
func formatDuration(d time.Duration) string {
	switch {
	case d < time.Second:
		return fmt.Sprintf("%dms", d.Milliseconds())
	case d < time.Minute:
		return fmt.Sprintf("%.1fs", d.Seconds())
	case d < time.Hour:
		s := int(d.Round(time.Second).Seconds())
		return fmt.Sprintf("%dm%02ds", s/60, s%60)
	}
	m := int(d.Round(time.Minute).Minutes())
	return fmt.Sprintf("%dh%02dm", m/60, m%60)
}
