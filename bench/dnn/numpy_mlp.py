#!/usr/bin/python3
"""Reference for the dnn speed benchmark: the same multi-layer network as
bench/dnn/main.go, written the way the lessons' textbook writes it in numpy
(layer objects with forward/backward, an optimizer with update(params,
grads), float64 throughout), so the two can be timed side by side.

Usage: numpy_mlp.py DIR EPOCHS BATCHNORM(0|1) [SEED]
DIR holds train-images-idx3-ubyte, train-labels-idx1-ubyte, t10k-images-idx3-ubyte
and t10k-labels-idx1-ubyte (uncompressed idx files, as main.go -export writes them).
Prints one line:
RESULT impl=numpy bn=0 epochs=3 sec_per_epoch=2.200 min_sec_per_epoch=2.150 cpu_sec_per_epoch=2.900 test_acc=0.9730 peak_mib=548
"""
import os
import sys
import time
from collections import OrderedDict

import numpy as np


def read_idx(path, dims):
    with open(path, "rb") as f:
        raw = f.read()
    if raw[:2] != b"\0\0" or raw[2] != 8 or raw[3] != dims:
        raise SystemExit("numpy_mlp: %s: not an idx file of %d dimensions" % (path, dims))
    shape = tuple(int.from_bytes(raw[4 + 4 * i:8 + 4 * i], "big") for i in range(dims))
    return np.frombuffer(raw, dtype=np.uint8, offset=4 + 4 * dims).reshape(shape)


def load(d, prefix):
    x = read_idx(os.path.join(d, prefix + "-images-idx3-ubyte"), 3)
    t = read_idx(os.path.join(d, prefix + "-labels-idx1-ubyte"), 1)
    # As the textbook's load_mnist(normalize=True, flatten=True): float64 in [0, 1].
    x = x.reshape(x.shape[0], -1).astype(np.float64) / 255.0
    return x, t.astype(np.int64)


class Affine:
    def __init__(self, W, b):
        self.W, self.b = W, b
        self.x = None
        self.dW = self.db = None

    def forward(self, x, train):
        self.x = x
        return x @ self.W + self.b

    def backward(self, dout):
        self.dW = self.x.T @ dout
        self.db = dout.sum(axis=0)
        return dout @ self.W.T


class Relu:
    def __init__(self):
        self.mask = None

    def forward(self, x, train):
        self.mask = x <= 0
        out = x.copy()
        out[self.mask] = 0
        return out

    def backward(self, dout):
        dout[self.mask] = 0
        return dout


class BatchNorm:
    def __init__(self, gamma, beta, momentum=0.9, eps=1e-7):
        self.gamma, self.beta = gamma, beta
        self.momentum, self.eps = momentum, eps
        self.running_mean = np.zeros_like(gamma)
        self.running_var = np.zeros_like(gamma)
        self.dgamma = self.dbeta = None

    def forward(self, x, train):
        if train:
            mu = x.mean(axis=0)
            xc = x - mu
            var = np.mean(xc ** 2, axis=0)
            std = np.sqrt(var + self.eps)
            xn = xc / std
            self.batch, self.xc, self.xn, self.std = x.shape[0], xc, xn, std
            m = self.momentum
            self.running_mean = m * self.running_mean + (1 - m) * mu
            self.running_var = m * self.running_var + (1 - m) * var
        else:
            xn = (x - self.running_mean) / np.sqrt(self.running_var + self.eps)
        return self.gamma * xn + self.beta

    def backward(self, dout):
        self.dbeta = dout.sum(axis=0)
        self.dgamma = np.sum(self.xn * dout, axis=0)
        dxn = self.gamma * dout
        dxc = dxn / self.std
        dstd = -np.sum((dxn * self.xc) / (self.std * self.std), axis=0)
        dvar = 0.5 * dstd / self.std
        dxc += (2.0 / self.batch) * self.xc * dvar
        dmu = np.sum(dxc, axis=0)
        return dxc - dmu / self.batch


class SoftmaxWithLoss:
    def forward(self, x, t):
        x = x - x.max(axis=1, keepdims=True)
        e = np.exp(x)
        self.y = e / e.sum(axis=1, keepdims=True)
        self.t = t
        n = x.shape[0]
        return -np.sum(np.log(self.y[np.arange(n), t] + 1e-7)) / n

    def backward(self):
        n = self.t.shape[0]
        dx = self.y.copy()
        dx[np.arange(n), self.t] -= 1
        return dx / n


class MultiLayerNet:
    def __init__(self, sizes, batchnorm):
        self.params = {}
        self.layers = OrderedDict()
        last = len(sizes) - 1
        for i in range(1, len(sizes)):
            fan_in = sizes[i - 1]
            self.params["W%d" % i] = np.random.randn(fan_in, sizes[i]) * np.sqrt(2.0 / fan_in)  # He
            self.params["b%d" % i] = np.zeros(sizes[i])
            self.layers["Affine%d" % i] = Affine(self.params["W%d" % i], self.params["b%d" % i])
            if i == last:
                break
            if batchnorm:
                self.params["gamma%d" % i] = np.ones(sizes[i])
                self.params["beta%d" % i] = np.zeros(sizes[i])
                self.layers["BatchNorm%d" % i] = BatchNorm(self.params["gamma%d" % i], self.params["beta%d" % i])
            self.layers["Relu%d" % i] = Relu()
        self.last = SoftmaxWithLoss()

    def predict(self, x, train=False):
        for layer in self.layers.values():
            x = layer.forward(x, train)
        return x

    def loss(self, x, t):
        return self.last.forward(self.predict(x, True), t)

    def accuracy(self, x, t, batch=1000):
        hits = 0
        for i in range(0, x.shape[0], batch):
            hits += np.sum(self.predict(x[i:i + batch]).argmax(axis=1) == t[i:i + batch])
        return hits / x.shape[0]

    def gradient(self, x, t):
        loss = self.loss(x, t)
        dout = self.last.backward()
        for layer in reversed(list(self.layers.values())):
            dout = layer.backward(dout)
        grads = {}
        for name, layer in self.layers.items():
            if name.startswith("Affine"):
                i = name[len("Affine"):]
                grads["W" + i], grads["b" + i] = layer.dW, layer.db
            elif name.startswith("BatchNorm"):
                i = name[len("BatchNorm"):]
                grads["gamma" + i], grads["beta" + i] = layer.dgamma, layer.dbeta
        return loss, grads


class Adam:
    """The textbook's Adam: bias correction folded into the step size and
    epsilon added to the square root of the raw second moment."""

    def __init__(self, lr=0.001, beta1=0.9, beta2=0.999):
        self.lr, self.beta1, self.beta2 = lr, beta1, beta2
        self.iter = 0
        self.m = self.v = None

    def update(self, params, grads):
        if self.m is None:
            self.m = {k: np.zeros_like(v) for k, v in params.items()}
            self.v = {k: np.zeros_like(v) for k, v in params.items()}
        self.iter += 1
        lr_t = self.lr * np.sqrt(1.0 - self.beta2 ** self.iter) / (1.0 - self.beta1 ** self.iter)
        for k in params:
            self.m[k] += (1 - self.beta1) * (grads[k] - self.m[k])
            self.v[k] += (1 - self.beta2) * (grads[k] ** 2 - self.v[k])
            params[k] -= lr_t * self.m[k] / (np.sqrt(self.v[k]) + 1e-7)


def peak_mib():
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024.0
    return float("nan")


def main():
    if len(sys.argv) < 4:
        raise SystemExit(__doc__)
    d, epochs, bn = sys.argv[1], int(sys.argv[2]), sys.argv[3] == "1"
    seed = int(sys.argv[4]) if len(sys.argv) > 4 else 1
    np.random.seed(seed)
    x_train, t_train = load(d, "train")
    x_test, t_test = load(d, "t10k")
    net = MultiLayerNet([784, 100, 100, 100, 100, 100, 10], bn)
    opt = Adam(lr=0.001)
    batch = 100
    n = x_train.shape[0]
    elapsed = cpu = 0.0
    fastest = float("inf")
    for epoch in range(epochs):
        start = time.perf_counter()
        cpu_start = time.process_time()
        perm = np.random.permutation(n)
        for i in range(0, n - batch + 1, batch):
            idx = perm[i:i + batch]
            loss, grads = net.gradient(x_train[idx], t_train[idx])
            opt.update(net.params, grads)
        took = time.perf_counter() - start
        elapsed += took
        fastest = min(fastest, took)
        cpu += time.process_time() - cpu_start
        print("numpy bn=%d epoch %d: %.3f s, loss %.4f" % (bn, epoch + 1, took, loss), file=sys.stderr)
    acc = net.accuracy(x_test, t_test)
    print("RESULT impl=numpy bn=%d epochs=%d sec_per_epoch=%.3f min_sec_per_epoch=%.3f cpu_sec_per_epoch=%.3f test_acc=%.4f peak_mib=%.0f"
          % (bn, epochs, elapsed / epochs, fastest, cpu / epochs, acc, peak_mib()))


if __name__ == "__main__":
    main()
