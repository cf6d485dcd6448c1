package interrupt

import (
	"context"
	"errors"
	"testing"
	"time"
)

func TestRequestStopsOnlyTheArmedCell(t *testing.T) {
	Begin()
	if Requested() || Err() != nil {
		t.Fatal("a fresh cell must not be interrupted")
	}
	done := Done()
	ctx := Context()
	Request()
	Request() // idempotent
	select {
	case <-done:
	case <-time.After(time.Second):
		t.Fatal("Done not closed after Request")
	}
	if !Requested() || !errors.Is(Err(), ErrInterrupted) {
		t.Fatalf("Requested()=%v Err()=%v after Request", Requested(), Err())
	}
	if !errors.Is(context.Cause(ctx), ErrInterrupted) {
		t.Fatalf("context cause = %v", context.Cause(ctx))
	}
	Begin()
	if Requested() {
		t.Fatal("Begin must arm a fresh request")
	}
}
