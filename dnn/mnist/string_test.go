package mnist

import (
	"fmt"
	"testing"
)

// TestSetString: a cell ending in train shows what the set is, not its
// 47 million pixels as struct fields.
func TestSetString(t *testing.T) {
	train, err := Train()
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		s    *Set
		want string
	}{
		{train, "MNIST set: 60000 images of 28×28 pixels (in [0, 1]), 10 classes"},
		{train.WithNormalize(false), "MNIST set: 60000 images of 28×28 pixels (0 to 255), 10 classes"},
		{train.Subset([]int{3, 1}), "MNIST set: 2 images of 28×28 pixels (in [0, 1]), 10 classes"},
	}
	for _, tt := range tests {
		if got := fmt.Sprint(tt.s); got != tt.want {
			t.Errorf("got %q, want %q", got, tt.want)
		}
	}
}
