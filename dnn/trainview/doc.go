// Package trainview shows a dnn training run live under a notebook cell: a
// progress bar (step, epoch, smoothed loss, last accuracies, elapsed and
// remaining time) and a plot of the loss and the per-epoch accuracy, both
// updated in place a few times a second while the network trains.
//
// It is preloaded into gocell cells. Two lines train a network and watch it:
//
//	tr := &dnn.Trainer{Model: net, Epochs: 5, OptimizerName: "adam"}
//	hist, err := trainview.Train(tr, train, test)
//
// When training ends, normally, with an error or because the notebook's
// interrupt button was pressed, a last update replaces both displays with
// the complete plot and a closing line ("done in 12.3 s", "stopped at step
// 300 of 600 by interrupt"), so the saved notebook keeps the final picture.
//
// Attach and Finish split Train in two, for code that calls the trainer
// itself (TrainContext, or several Train calls shown as one run).
//
// # Cost
//
// The view hooks the trainer's OnStep and OnEpoch callbacks (and calls any
// callbacks set before it). Per step it records the loss and reads the
// clock; the progress bar is formatted and published on the training
// goroutine at most every Options.ProgressEvery, and the plot is drawn on a
// goroutine of its own from a copy of the data, at most every
// Options.PlotEvery and no sooner than twenty times the last frame's
// drawing time after it (so at most 5% of a core), so a slow machine draws
// fewer frames instead of training slower. Long runs are thinned for
// drawing to about a thousand points (the faint raw curve keeps each
// bucket's minimum and maximum), so a frame at step 100 000 costs less
// than twice one at step 1 000.
//
// The API has no generics, no variadic interface parameters and no
// exported variables, so that the yaegi interpreter can use all of it.
package trainview
