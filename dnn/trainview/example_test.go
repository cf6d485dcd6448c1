package trainview_test

import (
	"context"
	"fmt"
	"time"

	"github.com/gocell/gocell/dnn"
	"github.com/gocell/gocell/dnn/dataset"
	"github.com/gocell/gocell/dnn/trainview"
)

// Train shows a progress bar and the loss and accuracy curves under the
// cell while the network trains, and leaves the final picture there. In a
// cell the two last lines are all it takes.
func Example() {
	train, test := dataset.Split(dataset.Moons(1000, 0.15, 1), 0.2, 1)
	tr := &dnn.Trainer{Model: dnn.NewTwoLayerNet(2, 16, 2, 1), Epochs: 20, BatchSize: 50, OptimizerName: "adam"}
	hist, err := trainview.Train(tr, train, test)
	if err != nil { // the ■ button was pressed, for example; hist has the steps done
		fmt.Println(err)
	}
	_ = hist
}

// Attach and Finish frame training code of one's own: here training for
// at most ten seconds. The final progress line then says where it stopped.
func ExampleAttach() {
	train, test := dataset.Split(dataset.Moons(1000, 0.15, 1), 0.2, 1)
	tr := &dnn.Trainer{Model: dnn.NewTwoLayerNet(2, 16, 2, 1), Epochs: 1000, OptimizerName: "adam"}
	v := trainview.Attach(tr)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	h, err := tr.TrainContext(ctx, train, test)
	v.Finish(h, err)
}
