// Package mnist holds the MNIST database of handwritten digits, embedded
// in the binary so that loading it needs no file or network, and decodes
// it into compact sets that plug into package dnn.
//
//	train, err := mnist.Train() // 60,000 images of 28×28 pixels, labels 0..9
//	test, err := mnist.Test()   // 10,000 images
//
// Decoding happens once per process; later calls return at once. Load and
// Decode read other files in the same idx format (Fashion-MNIST, for one).
// See README.md in this directory for the data's origin and licence.
package mnist

import (
	"bytes"
	"embed"
	"fmt"
	"io"
	"os"
	"sync"
)

// Image size and class count of the MNIST digits.
const (
	Rows     = 28          // height of an image in pixels
	Cols     = 28          // width of an image in pixels
	Features = Rows * Cols // pixels per image, the length of a flattened row
	Classes  = 10          // digits 0 to 9
)

//go:embed data/*.gz
var files embed.FS

type cached struct {
	once sync.Once
	set  *Set
	err  error
}

var train, test cached

// Train returns MNIST's 60,000 training images, normalised to [0, 1].
// The first call decodes the embedded files; later calls share its images
// and each return a set of their own, so WithNormalize on one does not
// affect the others.
func Train() (*Set, error) {
	return train.get("train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz")
}

// Test returns MNIST's 10,000 test images, normalised to [0, 1], decoded
// once like Train.
func Test() (*Set, error) {
	return test.get("t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz")
}

func (c *cached) get(images, labels string) (*Set, error) {
	c.once.Do(func() {
		c.set, c.err = decodeEmbedded(images, labels)
	})
	if c.err != nil {
		return nil, c.err
	}
	s := *c.set
	return &s, nil
}

func decodeEmbedded(images, labels string) (*Set, error) {
	ib, err := files.ReadFile("data/" + images)
	if err != nil {
		return nil, fmt.Errorf("mnist: embedded %s: %w", images, err)
	}
	lb, err := files.ReadFile("data/" + labels)
	if err != nil {
		return nil, fmt.Errorf("mnist: embedded %s: %w", labels, err)
	}
	return decode(bytes.NewReader(ib), bytes.NewReader(lb), "embedded "+images, "embedded "+labels)
}

// Load reads a set from an idx images file and an idx labels file, each
// optionally gzip-compressed (as MNIST is distributed).
func Load(imagesPath, labelsPath string) (*Set, error) {
	fi, err := os.Open(imagesPath)
	if err != nil {
		return nil, fmt.Errorf("mnist: %w", err)
	}
	defer fi.Close()
	fl, err := os.Open(labelsPath)
	if err != nil {
		return nil, fmt.Errorf("mnist: %w", err)
	}
	defer fl.Close()
	return decode(fi, fl, imagesPath, labelsPath)
}

// Decode reads a set from an idx images stream (three dimensions: count,
// rows, cols) and an idx labels stream (one dimension: count), each
// optionally gzip-compressed. The counts must agree. Images are normalised
// to [0, 1] by Batch unless WithNormalize(false) is used.
func Decode(images, labels io.Reader) (*Set, error) {
	return decode(images, labels, "images", "labels")
}

// decode names the two streams in its errors as iname and lname.
func decode(images, labels io.Reader, iname, lname string) (*Set, error) {
	// The two streams are independent; decompressing them concurrently
	// hides the labels' cost behind the images'.
	type result struct {
		dims []int
		data []byte
		err  error
	}
	lc := make(chan result, 1)
	go func() {
		d, b, err := readIDX(labels, 1)
		lc <- result{d, b, err}
	}()
	idims, pix, err := readIDX(images, 3)
	lr := <-lc
	if err != nil {
		return nil, fmt.Errorf("mnist: %s: %w", iname, err)
	}
	if lr.err != nil {
		return nil, fmt.Errorf("mnist: %s: %w", lname, lr.err)
	}
	if idims[0] != lr.dims[0] {
		return nil, fmt.Errorf("mnist: %d images in %s but %d labels in %s", idims[0], iname, lr.dims[0], lname)
	}
	if idims[1] == 0 || idims[2] == 0 {
		return nil, fmt.Errorf("mnist: %s: images are %d×%d pixels", iname, idims[1], idims[2])
	}
	classes := Classes
	for _, l := range lr.data {
		if int(l)+1 > classes {
			classes = int(l) + 1
		}
	}
	return &Set{pix: pix, labels: lr.data, rows: idims[1], cols: idims[2], classes: classes}, nil
}
