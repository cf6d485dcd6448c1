// Package dnn is deep learning from scratch on gonum: the layers,
// backpropagation, optimizers, weight initialisation, batch normalisation
// and dropout that the lessons teach, as ordinary Go that notebook cells
// call (the package is preloaded into every cell).
//
// It mirrors the structure of the textbook's numpy code. Matrices are
// float64 *mat.Dense with one example per row.
//
//   - Functions: Identity, Step, Sigmoid, SigmoidGrad, Tanh, ReLU, ReLUGrad,
//     Softmax (row-wise and stable), CrossEntropy, CrossEntropyOneHot,
//     SumSquaredError. Like gonum's, they write into a dst and return it.
//   - Layers implement Layer (Forward in training or test mode, Backward):
//     Affine, ReLULayer, SigmoidLayer, TanhLayer, BatchNorm, Dropout, and
//     the output layer SoftmaxWithLoss, whose Forward returns the loss.
//     Layers with parameters implement ParamLayer. A layer written in a cell
//     plugs in through the same interface (WithParams exposes its
//     parameters).
//   - Param holds a value and its gradient. Parameters are shared, never
//     copied: layers, networks, optimizers and the numerical gradient see the
//     same storage.
//   - Initializer: Gaussian, Xavier, He, or NewInitializer by name.
//   - Optimizer: SGD, Momentum, Nesterov, AdaGrad, RMSprop, Adam, or
//     NewOptimizer by name, with the textbook's defaults.
//   - Networks implement Model: Sequential (any layers), MultiLayerNet (any
//     depth, activation, initialisation, weight decay, batch norm,
//     dropout), TwoLayerNet (the lesson's first network). Each has Predict,
//     Loss, Accuracy, Gradient (backpropagation), NumericalGradient and
//     GradientCheck.
//   - Trainer runs mini-batch training over Data with per-step and
//     per-epoch callbacks, a history, and cancellation by context or by the
//     notebook's interrupt button (package kernel/interrupt).
//   - Save and Load keep a network with its batch-norm statistics and its
//     optimizer's state.
//
// Conventions follow gonum/mat: a shape mismatch is a programmer error and
// panics with both shapes in the message (the panic value wraps
// mat.ErrShape); problems with input read from files are returned as
// errors. Matrices returned by layers are their own buffers, reused by the
// next call; copy them (mat.DenseCopyOf) to keep them. A network's Predict
// returns a new matrix, so that its results can be kept and compared. The
// training loop allocates nothing per step once its buffers are sized.
//
// Numbers are reproducible: the same seeds and data give the same results
// on the same build. A build whose matrix products use another BLAS (for
// example OpenBLAS instead of gonum's pure-Go one) may differ in the last
// bits, which training can amplify. Large elementwise passes (Adam's
// step, ReLU) are spread over GOMAXPROCS goroutines by contiguous index
// ranges, which leaves every number as a single loop would compute it.
//
// Where the lesson's code is wrong this package is not: softmax subtracts
// each row's maximum (not a column's), He initialisation multiplies by
// sqrt(2/n) (not divides by sqrt 2), and SoftmaxWithLoss.Forward returns the
// loss.
package dnn
