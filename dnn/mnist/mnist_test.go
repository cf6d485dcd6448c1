package mnist

import (
	"bytes"
	"compress/gzip"
	"errors"
	"fmt"
	"image"
	"math/rand"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"gonum.org/v1/gonum/mat"

	"github.com/gocell/gocell/dnn"
)

func TestTrainTest(t *testing.T) {
	for _, tt := range []struct {
		name  string
		load  func() (*Set, error)
		n     int
		first []int // first labels, as published
	}{
		{"train", Train, 60000, []int{5, 0, 4, 1, 9, 2, 1, 3}},
		{"test", Test, 10000, []int{7, 2, 1, 0, 4, 1, 4, 9}},
	} {
		s, err := tt.load()
		if err != nil {
			t.Fatalf("%s: %v", tt.name, err)
		}
		if s.Len() != tt.n || s.Features() != Features || s.Rows() != Rows || s.Cols() != Cols || s.Classes() != Classes {
			t.Errorf("%s: Len %d Features %d Rows %d Cols %d Classes %d", tt.name, s.Len(), s.Features(), s.Rows(), s.Cols(), s.Classes())
		}
		for i, l := range tt.first {
			if s.Label(i) != l {
				t.Errorf("%s: Label(%d) = %d, want %d", tt.name, i, s.Label(i), l)
			}
		}
		counts := make([]int, 10)
		for _, l := range s.Labels() {
			counts[l]++
		}
		for d, c := range counts {
			if c < tt.n/20 {
				t.Errorf("%s: only %d images of digit %d", tt.name, c, d)
			}
		}
		if !s.Normalized() {
			t.Errorf("%s: not normalised by default", tt.name)
		}
	}
	a, _ := Train()
	b, _ := Train()
	if a == b || &a.pix[0] != &b.pix[0] {
		t.Error("Train: want distinct sets sharing one decoded image store")
	}
	a.WithNormalize(false)
	if c, _ := Train(); !c.Normalized() {
		t.Error("WithNormalize changed the cached set")
	}
}

// Batch, Subset, Dense, Image and OneHot must agree on the same images.
func TestAccessorsAgree(t *testing.T) {
	s, err := Train()
	if err != nil {
		t.Fatal(err)
	}
	idx := []int{0, 59999, 7}
	x := mat.NewDense(3, Features, nil)
	labels := make([]int, 3)
	s.Batch(x, labels, idx)
	raw := mat.NewDense(3, Features, nil)
	s.WithNormalize(false).Batch(raw, labels, idx)
	sub := s.Subset(idx)
	dense := sub.Dense(true)
	denseRaw := sub.Dense(false)
	if !mat.Equal(dense, x) || !mat.Equal(denseRaw, raw) {
		t.Fatal("Dense of a subset differs from Batch")
	}
	for r, i := range idx {
		if labels[r] != s.Label(i) || sub.Label(r) != s.Label(i) {
			t.Errorf("label of image %d: Batch %d Subset %d Label %d", i, labels[r], sub.Label(r), s.Label(i))
		}
		img := s.Image(i).(*image.Gray)
		if img.Bounds() != image.Rect(0, 0, Cols, Rows) {
			t.Fatalf("Image bounds %v", img.Bounds())
		}
		var sum float64
		for y := 0; y < Rows; y++ {
			for c := 0; c < Cols; c++ {
				p := float64(img.GrayAt(c, y).Y)
				if raw.At(r, y*Cols+c) != p || x.At(r, y*Cols+c) != p/255 {
					t.Fatalf("image %d pixel (%d,%d): Image %v raw %v normalised %v", i, y, c, p, raw.At(r, y*Cols+c), x.At(r, y*Cols+c))
				}
				sum += p
			}
		}
		if sum == 0 {
			t.Errorf("image %d is blank", i)
		}
	}
	if mat.Max(x) > 1 || mat.Min(x) < 0 || mat.Max(raw) != 255 {
		t.Errorf("ranges: normalised [%v, %v], raw max %v", mat.Min(x), mat.Max(x), mat.Max(raw))
	}
	oh := sub.OneHot()
	if r, c := oh.Dims(); r != 3 || c != 10 {
		t.Fatalf("OneHot is %d×%d", r, c)
	}
	for r := range idx {
		for c := 0; c < 10; c++ {
			want := 0.0
			if c == sub.Label(r) {
				want = 1
			}
			if oh.At(r, c) != want {
				t.Errorf("OneHot(%d,%d) = %v, want %v", r, c, oh.At(r, c), want)
			}
		}
	}
}

func TestBatchPanics(t *testing.T) {
	s, _ := Test()
	for _, tt := range []struct {
		name, want string
		f          func()
	}{
		{"shape", "x is 2×784, want 1×784", func() { s.Batch(mat.NewDense(2, 784, nil), make([]int, 2), []int{0}) }},
		{"index", "index 10000 out of range", func() { s.Batch(mat.NewDense(1, 784, nil), make([]int, 1), []int{10000}) }},
		{"label", "index -1 out of range", func() { s.Label(-1) }},
		{"subset", "index 10000 out of range", func() { s.Subset([]int{1, 10000}) }},
	} {
		func() {
			defer func() {
				if r := recover(); r == nil || !strings.Contains(fmt.Sprint(r), tt.want) {
					t.Errorf("%s: panic %v, want %q", tt.name, r, tt.want)
				}
			}()
			tt.f()
		}()
	}
}

func TestWriteIDXRoundTrip(t *testing.T) {
	s, _ := Test()
	sub := s.Subset([]int{3, 1, 4, 1, 5})
	dir := t.TempDir()
	ip, lp := filepath.Join(dir, "img"), filepath.Join(dir, "lab.gz")
	var ib, lb bytes.Buffer
	if err := sub.WriteIDX(&ib, &lb); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(ip, ib.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(lp, gz(lb.Bytes()), 0o644); err != nil {
		t.Fatal(err)
	}
	back, err := Load(ip, lp)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(back.pix, sub.pix) || !bytes.Equal(back.labels, sub.labels) || back.rows != 28 || back.cols != 28 {
		t.Error("Load(WriteIDX(s)) differs from s")
	}
}

func gz(b []byte) []byte {
	var buf bytes.Buffer
	w := gzip.NewWriter(&buf)
	w.Write(b)
	w.Close()
	return buf.Bytes()
}

func idx(dims []int, data []byte) []byte {
	var b bytes.Buffer
	writeIDX(&b, dims, data)
	return b.Bytes()
}

func TestDecodeErrors(t *testing.T) {
	img := idx([]int{2, 2, 2}, []byte{1, 2, 3, 4, 5, 6, 7, 8})
	lab := idx([]int{2}, []byte{3, 12})
	s, err := Decode(bytes.NewReader(img), bytes.NewReader(lab))
	if err != nil {
		t.Fatalf("valid files: %v", err)
	}
	if s.Classes() != 13 || s.Features() != 4 {
		t.Errorf("Classes %d Features %d, want 13, 4", s.Classes(), s.Features())
	}
	badGz := gz(img)
	badGz[len(badGz)-5] ^= 0xff // corrupt the CRC-32
	for _, tt := range []struct {
		name     string
		img, lab []byte
		want     string
	}{
		{"empty", nil, lab, "images: idx header: unexpected EOF"},
		{"not idx", []byte("hello, world"), lab, "not an idx file"},
		{"element type", []byte{0, 0, 0x0d, 3, 0, 0, 0, 0}, lab, "element type 0x0d"},
		{"dims", lab, lab, "images: idx file has 1 dimensions, want 3"},
		{"short dims", []byte{0, 0, 8, 3, 0, 0}, lab, "idx dimensions: unexpected EOF"},
		{"huge", idx([]int{1 << 20, 1 << 20, 1 << 20}, nil), lab, "exceed"},
		{"short data", img[:len(img)-1], lab, "need 8 bytes, file has 7"},
		{"long data", append(append([]byte{}, img...), 9), lab, "more than the 8 bytes"},
		{"bad gzip checksum", badGz, lab, "checksum"},
		{"count mismatch", img, idx([]int{3}, []byte{1, 2, 3}), "2 images in images but 3 labels in labels"},
		{"zero size", idx([]int{0, 0, 28}, nil), idx([]int{0}, nil), "images are 0×28 pixels"},
		{"bad labels", img, []byte{0, 0, 8}, "labels: idx header"},
	} {
		_, err := Decode(bytes.NewReader(tt.img), bytes.NewReader(tt.lab))
		if err == nil || !strings.Contains(err.Error(), tt.want) || !strings.HasPrefix(err.Error(), "mnist: ") {
			t.Errorf("%s: error %v, want one containing %q", tt.name, err, tt.want)
		}
	}
	_, err = Load("/nonexistent/images", "/nonexistent/labels")
	if !errors.Is(err, os.ErrNotExist) {
		t.Errorf("Load of a missing file: %v, want os.ErrNotExist", err)
	}
}

// Decode must not crash on arbitrary bytes.
func FuzzDecode(f *testing.F) {
	f.Add(idx([]int{1, 1, 2}, []byte{1, 2}), idx([]int{1}, []byte{1}))
	f.Fuzz(func(t *testing.T, img, lab []byte) {
		s, err := Decode(bytes.NewReader(img), bytes.NewReader(lab))
		if err == nil && s.Len() > 0 {
			s.Image(0)
			s.Batch(mat.NewDense(1, s.Features(), nil), make([]int, 1), []int{0})
		}
	})
}

// BenchmarkDecodeTrain measures decoding the embedded training set
// (decompressing 9.9 MB to 47 MB), which Train does once per process.
func BenchmarkDecodeTrain(b *testing.B) {
	for b.Loop() {
		if _, err := decodeEmbedded("train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz"); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkBatch100(b *testing.B) {
	s, _ := Train()
	x := mat.NewDense(100, Features, nil)
	labels := make([]int, 100)
	idx := make([]int, 100)
	for i := range idx {
		idx[i] = i * 600
	}
	for b.Loop() {
		s.Batch(x, labels, idx)
	}
}

// BenchmarkBatch100Random is Batch as training calls it: batches of 100
// drawn from a shuffled order, so that images come from all over the set.
func BenchmarkBatch100Random(b *testing.B) {
	s, _ := Train()
	x := mat.NewDense(100, Features, nil)
	labels := make([]int, 100)
	idx := make([]int, 100)
	perm := rand.New(rand.NewSource(1)).Perm(s.Len())
	k := 0
	for b.Loop() {
		for i := range idx {
			idx[i] = perm[k%len(perm)]
			k++
		}
		s.Batch(x, labels, idx)
	}
}

// TestConvert checks the conversion of pixels against a plain lookup for
// lengths around its eight-pixel words and runs of zeros of every length.
func TestConvert(t *testing.T) {
	rng := rand.New(rand.NewSource(2))
	for _, lut := range []*[256]float64{&rawLUT, &normLUT} {
		for _, n := range []int{0, 1, 7, 8, 9, 16, 17, 784} {
			for trial := 0; trial < 20; trial++ {
				px := make([]uint8, n)
				for j := range px {
					if rng.Intn(4) == 0 {
						px[j] = uint8(rng.Intn(256))
					}
				}
				got := make([]float64, n+1)
				for j := range got {
					got[j] = -1
				}
				convert(got, px, lut)
				for j, p := range px {
					if got[j] != lut[p] {
						t.Fatalf("n=%d: pixel %d (%d) became %v, want %v", n, j, p, got[j], lut[p])
					}
				}
				if got[n] != -1 {
					t.Fatalf("n=%d: wrote past the row", n)
				}
			}
		}
	}
}

func ExampleTrain() {
	train, err := Train()
	if err != nil {
		fmt.Println(err)
		return
	}
	x := mat.NewDense(2, train.Features(), nil)
	labels := make([]int, 2)
	train.Batch(x, labels, []int{0, 1})
	fmt.Println(train.Len(), train.Features(), labels, mat.Max(x))
	// Output: 60000 784 [5 0] 1
}

func ExampleSet_Dense() {
	test, _ := Test()
	first := test.Subset([]int{0, 1, 2})
	fmt.Println(first.Labels())
	r, c := first.Dense(false).Dims()
	fmt.Println(r, c, mat.Max(first.Dense(false)))
	fmt.Println(mat.Formatted(first.OneHot()))
	// Output:
	// [7 2 1]
	// 3 784 255
	// ⎡0  0  0  0  0  0  0  1  0  0⎤
	// ⎢0  0  1  0  0  0  0  0  0  0⎥
	// ⎣0  1  0  0  0  0  0  0  0  0⎦
}

var _ dnn.Data = (*Set)(nil)
