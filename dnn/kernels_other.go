//go:build !amd64

package dnn

var haveFMA, haveAVX = false, false

func gatherRowFMA(c, b []float64, off []int, val []float64) {
	panic("dnn: gatherRowFMA without assembly")
}

func adamStepAVX(w, g, m, v []float64, lrT, a1, a2, eps float64) {
	panic("dnn: adamStepAVX without assembly")
}

func packNonzerosAVX2(a []float64, stride int, off []int, val []float64) (done, cnt int) {
	panic("dnn: packNonzerosAVX2 without assembly")
}

func reluAVX(o, s []float64) int { panic("dnn: reluAVX without assembly") }

func maskAVX(d, g, o []float64) int { panic("dnn: maskAVX without assembly") }

func bnRowAVX(xn, o, x, mean, std, gamma, beta []float64) int {
	panic("dnn: bnRowAVX without assembly")
}

func transposeAVX(dst []float64, ds int, src []float64, ss int, r, c int) {
	panic("dnn: transposeAVX without assembly")
}

func addAVX(dst, src []float64) int { panic("dnn: addAVX without assembly") }
