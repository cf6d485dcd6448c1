package mnist

import (
	"encoding/binary"
	"fmt"
	"image"
	"io"

	"gonum.org/v1/gonum/mat"

	"github.com/gocell/gocell/dnn"
)

// Set is a set of labelled grey-scale images kept as one byte per pixel
// (47 MB for MNIST's 60,000 training images rather than 376 MB as
// float64). It implements dnn.Data: Batch converts only the requested
// images to float64, scaled to [0, 1] unless the set was made raw with
// WithNormalize(false).
//
// The pixel storage is shared between a set and the sets WithNormalize
// returns, and with the sets Train and Test return, and is never written.
type Set struct {
	pix        []uint8 // image i is pix[i*rows*cols : (i+1)*rows*cols], row-major
	labels     []uint8
	rows, cols int
	classes    int
	raw        bool
}

var _ dnn.Data = (*Set)(nil)

// String describes the set in one line, so that a cell ending in a set
// shows what it holds rather than its pixels.
func (s *Set) String() string {
	scale := "in [0, 1]"
	if s.raw {
		scale = "0 to 255"
	}
	return fmt.Sprintf("MNIST set: %d images of %d×%d pixels (%s), %d classes", s.Len(), s.rows, s.cols, scale, s.classes)
}

// Len returns the number of images.
func (s *Set) Len() int { return len(s.labels) }

// Features returns the number of pixels per image, rows×cols (784 for MNIST).
func (s *Set) Features() int { return s.rows * s.cols }

// Rows returns the height of each image in pixels.
func (s *Set) Rows() int { return s.rows }

// Cols returns the width of each image in pixels.
func (s *Set) Cols() int { return s.cols }

// Classes returns the number of classes: 10 for digits, or one more than
// the largest label of the file the set was decoded from if that is larger.
// Subsets keep their parent's count so that one-hot rows stay comparable.
func (s *Set) Classes() int { return s.classes }

// Normalized reports whether Batch scales pixels to [0, 1] (true) or
// writes them as 0..255 (false).
func (s *Set) Normalized() bool { return !s.raw }

// WithNormalize returns a set sharing s's images whose Batch scales pixels
// to [0, 1] if normalize is true and writes them as 0..255 otherwise.
func (s *Set) WithNormalize(normalize bool) *Set {
	c := *s
	c.raw = !normalize
	return &c
}

// Label returns the class of image i.
func (s *Set) Label(i int) int {
	s.check(i)
	return int(s.labels[i])
}

// Labels returns the classes of all images in a new slice.
func (s *Set) Labels() []int {
	out := make([]int, len(s.labels))
	for i, l := range s.labels {
		out[i] = int(l)
	}
	return out
}

// Image returns image i as a new grey-scale image (white digit on black,
// as stored), for display.
func (s *Set) Image(i int) image.Image {
	s.check(i)
	g := image.NewGray(image.Rect(0, 0, s.cols, s.rows))
	copy(g.Pix, s.pixels(i))
	return g
}

// Batch writes images idx into the rows of x, which must be
// len(idx)×Features(), and their classes into labels. It panics on other
// shapes or an index out of range.
func (s *Set) Batch(x *mat.Dense, labels []int, idx []int) {
	dnn.CheckBatch(s, x, labels, idx)
	lut := s.lut()
	raw := x.RawMatrix()
	for r, i := range idx {
		if r+1 < len(idx) {
			touch(s.pixels(idx[r+1]))
		}
		convert(raw.Data[r*raw.Stride:], s.pixels(i), lut)
		labels[r] = int(s.labels[i])
	}
}

// convert sets dst[j] = lut[px[j]]. Most of an MNIST image is background:
// eight pixels that are all zero are found with one load and written as
// zeros without looking them up (lut[0] is 0 in both scalings). With the
// next image touched ahead, a shuffled batch of 100 takes 52 µs instead
// of 70, an unshuffled one 23 instead of 44 (BenchmarkBatch100, ...Random).
func convert(dst []float64, px []uint8, lut *[256]float64) {
	dst = dst[:len(px)]
	j := 0
	for ; j+8 <= len(px); j += 8 {
		o := dst[j : j+8]
		if binary.LittleEndian.Uint64(px[j:]) == 0 {
			o[0], o[1], o[2], o[3], o[4], o[5], o[6], o[7] = 0, 0, 0, 0, 0, 0, 0, 0
			continue
		}
		p := px[j : j+8]
		o[0], o[1], o[2], o[3] = lut[p[0]], lut[p[1]], lut[p[2]], lut[p[3]]
		o[4], o[5], o[6], o[7] = lut[p[4]], lut[p[5]], lut[p[6]], lut[p[7]]
	}
	for ; j < len(px); j++ {
		dst[j] = lut[px[j]]
	}
}

// touched keeps touch's loads from being optimised away.
var touched uint8

// touch reads one byte of every cache line of px, so that the next image
// of a shuffled batch is on its way from memory while this one is
// converted.
func touch(px []uint8) {
	var t uint8
	for k := 0; k < len(px); k += 64 {
		t |= px[k]
	}
	touched = t
}

// Dense returns all images as a Len()×Features() matrix, scaled to [0, 1]
// if normalize is true and as 0..255 otherwise. For MNIST's training set
// that is 376 MB; training through Batch avoids it.
func (s *Set) Dense(normalize bool) *mat.Dense {
	m := mat.NewDense(s.Len(), s.Features(), nil)
	lut := s.WithNormalize(normalize).lut()
	data := m.RawMatrix().Data
	for k, p := range s.pix {
		data[k] = lut[p]
	}
	return m
}

// OneHot returns the labels as a Len()×Classes() matrix with a 1 in each
// row's label column and 0 elsewhere.
func (s *Set) OneHot() *mat.Dense {
	m := mat.NewDense(s.Len(), s.classes, nil)
	for i, l := range s.labels {
		m.Set(i, int(l), 1)
	}
	return m
}

// Subset returns a new set holding copies of images idx, in that order
// (an index may repeat), with the same normalisation setting. It panics
// if an index is out of range.
func (s *Set) Subset(idx []int) *Set {
	f := s.Features()
	c := &Set{
		pix:     make([]uint8, len(idx)*f),
		labels:  make([]uint8, len(idx)),
		rows:    s.rows,
		cols:    s.cols,
		classes: s.classes,
		raw:     s.raw,
	}
	for k, i := range idx {
		s.check(i)
		copy(c.pix[k*f:], s.pixels(i))
		c.labels[k] = s.labels[i]
	}
	return c
}

// WriteIDX writes the set as two uncompressed idx files, the format MNIST
// is distributed in, so that other programs (numpy, for one) can read
// exactly the same images.
func (s *Set) WriteIDX(images, labels io.Writer) error {
	if err := writeIDX(images, []int{s.Len(), s.rows, s.cols}, s.pix); err != nil {
		return err
	}
	return writeIDX(labels, []int{s.Len()}, s.labels)
}

func (s *Set) pixels(i int) []uint8 {
	f := s.Features()
	return s.pix[i*f : (i+1)*f]
}

func (s *Set) check(i int) {
	if i < 0 || i >= len(s.labels) {
		panic(fmt.Sprintf("mnist: index %d out of range [0, %d)", i, len(s.labels)))
	}
}

// lut maps a pixel byte to the float64 Batch writes; a table lookup is
// cheaper than a conversion and a multiplication per pixel.
func (s *Set) lut() *[256]float64 {
	if s.raw {
		return &rawLUT
	}
	return &normLUT
}

var rawLUT, normLUT = func() (r, n [256]float64) {
	for i := range r {
		r[i] = float64(i)
		n[i] = float64(i) / 255
	}
	return r, n
}()
