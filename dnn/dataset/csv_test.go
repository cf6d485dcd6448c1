package dataset

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"gonum.org/v1/gonum/mat"

	"github.com/gocell/gocell/dnn/mnist"
)

func TestParseCSVLayouts(t *testing.T) {
	for _, tt := range []struct {
		name, csv, label string
		x                []float64
		labels           []int
		rows             int
	}{
		{"kaggle train", "label,pixel0,pixel1\n3,0,255\n7,12,0\n", "label", []float64{0, 255, 12, 0}, []int{3, 7}, 2},
		{"label last", "a,b,y\n0.5,-1,1\n2e3,3,0\n", "y", []float64{0.5, -1, 2000, 3}, []int{1, 0}, 2},
		{"label middle, spaces", "a, y ,b\n 1 , 2 , 3 \n", "y", []float64{1, 3}, []int{2}, 1},
		{"unlabelled", "pixel0,pixel1\n1,2\n3,4\n", "", []float64{1, 2, 3, 4}, nil, 2},
		{"byte-order mark, CRLF", "\ufefflabel,p\r\n1,9\r\n", "label", []float64{9}, []int{1}, 1},
		{"blank lines skipped", "label,p\n\n1,9\n\n2,8\n", "label", []float64{9, 8}, []int{1, 2}, 2},
	} {
		// A seekable reader gets its lines counted ahead (and must be
		// rewound to where it was); a plain one is read once.
		offset := strings.NewReader("skipped" + tt.csv)
		offset.Read(make([]byte, len("skipped")))
		for _, r := range []struct {
			kind string
			r    io.Reader
		}{
			{"seekable", strings.NewReader(tt.csv)},
			{"seekable at an offset", offset},
			{"stream", io.MultiReader(strings.NewReader(tt.csv))},
		} {
			s, err := ParseCSV(r.r, tt.label)
			if err != nil {
				t.Errorf("%s, %s: %v", tt.name, r.kind, err)
				continue
			}
			if !mat.Equal(s.X, mat.NewDense(tt.rows, len(tt.x)/tt.rows, tt.x)) {
				t.Errorf("%s, %s: X = %v, want %v", tt.name, r.kind, s.X.RawMatrix().Data, tt.x)
			}
			if fmt.Sprint(s.Labels) != fmt.Sprint(tt.labels) || (s.Labels == nil) != (tt.labels == nil) {
				t.Errorf("%s, %s: Labels = %#v, want %#v", tt.name, r.kind, s.Labels, tt.labels)
			}
		}
	}
}

func TestParseCSVMalformed(t *testing.T) {
	for _, tt := range []struct {
		name, csv, label, want string
	}{
		{"empty file", "", "label", "empty file, want a header row"},
		{"header only", "label,pixel0\n", "label", "no data rows"},
		{"missing label column", "pixel0,pixel1,pixel2\n1,2,3\n", "label", `no column "label"; the header has 3 columns: pixel0, pixel1, pixel2`},
		{"missing label, long header", "a,b,c,d,e,f,g,h,i,j\n", "label", "10 columns: a, b, c, d, ..., i, j"},
		{"too few columns", "label,p0,p1\n1,2,3\n4,5\n", "label", "line 3: 2 columns, want 3 as in the header"},
		{"too many columns", "label,p0\n1,2,3\n", "label", "line 2: 3 columns, want 2"},
		{"non-numeric pixel", "label,p0,p1\n1,2,3\n4,x5,6\n", "label", `line 3, column 2 (p0): "x5" is not a finite number`},
		{"empty pixel", "label,p0,p1\n1,,3\n", "label", `line 2, column 2 (p0): "" is not a finite number`},
		{"NaN pixel", "label,p0\n1,NaN\n", "label", `column 2 (p0): "NaN" is not a finite number`},
		{"fractional label", "p0,label\n1,2.5\n", "label", `line 2, column 2 (label): "2.5" is not a class label`},
		{"negative label", "label,p0\n-1,0\n", "label", "is not a class label"},
		{"only a label column", "label\n1\n", "label", `no feature columns besides "label"`},
		{"bad quoting", "label,p0\n1,\"2\n", "label", "extraneous or missing"},
	} {
		_, err := ParseCSV(strings.NewReader(tt.csv), tt.label)
		if err == nil || !strings.Contains(err.Error(), tt.want) || !strings.HasPrefix(err.Error(), "dataset: ") {
			t.Errorf("%s: error %v, want one containing %q", tt.name, err, tt.want)
		}
	}
}

func TestReadCSVFileErrors(t *testing.T) {
	dir := t.TempDir()
	_, err := ReadCSV(filepath.Join(dir, "missing.csv"), "label")
	if !errors.Is(err, fs.ErrNotExist) || !strings.HasPrefix(err.Error(), "dataset: ") {
		t.Errorf("missing file: %v, want fs.ErrNotExist", err)
	}
	p := filepath.Join(dir, "bad.csv")
	os.WriteFile(p, []byte("label,p0\n1,a\n"), 0o644)
	_, err = ReadCSV(p, "label")
	if want := "dataset: " + p + ": line 2, column 2 (p0)"; err == nil || !strings.HasPrefix(err.Error(), want) {
		t.Errorf("bad file: %v, want prefix %q", err, want)
	}
	if err := WriteCSV(filepath.Join(dir, "no", "such", "dir.csv"), Moons(4, 0, 1)); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("WriteCSV into a missing directory: %v", err)
	}
}

func TestCSVRoundTrip(t *testing.T) {
	dir := t.TempDir()
	for _, tt := range []struct {
		name  string
		set   *Set
		first string // expected start of the second line
	}{
		{"floats", &Set{X: mat.NewDense(2, 3, []float64{0.1, -2.5e-8, 1e300, 3, 0, 1.0 / 3}), Labels: []int{4, 0}}, "4,0.1,-2.5e-08,1e+300\n"},
		{"unlabelled", &Set{X: mat.NewDense(1, 2, []float64{7, 8})}, "7,8\n"},
		{"moons", Moons(50, 0.1, 3), ""},
	} {
		p := filepath.Join(dir, tt.name+".csv")
		if err := WriteCSV(p, tt.set); err != nil {
			t.Fatalf("%s: %v", tt.name, err)
		}
		label := "label"
		if tt.set.Labels == nil {
			label = ""
		}
		back, err := ReadCSV(p, label)
		if err != nil {
			t.Fatalf("%s: %v", tt.name, err)
		}
		if !mat.Equal(back.X, tt.set.X) || fmt.Sprint(back.Labels) != fmt.Sprint(tt.set.Labels) {
			t.Errorf("%s: read back X %v labels %v, want %v %v", tt.name, back.X.RawMatrix().Data, back.Labels, tt.set.X.RawMatrix().Data, tt.set.Labels)
		}
		b, _ := os.ReadFile(p)
		if _, rest, _ := strings.Cut(string(b), "\n"); !strings.HasPrefix(rest, tt.first) {
			t.Errorf("%s: second line %q, want prefix %q", tt.name, rest, tt.first)
		}
	}
}

// The last lesson writes train.csv from the shipped MNIST; it must read
// back into the same pixels and labels, with integers in the file.
func TestMNISTToCSV(t *testing.T) {
	test, err := mnist.Test()
	if err != nil {
		t.Fatal(err)
	}
	sub := test.Subset([]int{0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19}).WithNormalize(false)
	var buf bytes.Buffer
	if err := EncodeCSV(&buf, sub); err != nil {
		t.Fatal(err)
	}
	text := buf.String()
	if !strings.HasPrefix(text, "label,pixel0,pixel1,") || !strings.Contains(text, ",pixel783\n7,0,0,") || strings.Contains(text, ".") {
		t.Errorf("CSV does not look like Kaggle's train.csv: %.80q", text)
	}
	back, err := ParseCSV(&buf, "label")
	if err != nil {
		t.Fatal(err)
	}
	if !mat.Equal(back.X, sub.Dense(false)) || fmt.Sprint(back.Labels) != fmt.Sprint(sub.Labels()) {
		t.Error("MNIST → CSV → Set changed the data")
	}
}

func BenchmarkParseCSV1000(b *testing.B) {
	train, _ := mnist.Train()
	idx := make([]int, 1000)
	for i := range idx {
		idx[i] = i
	}
	var buf bytes.Buffer
	EncodeCSV(&buf, train.Subset(idx).WithNormalize(false))
	b.SetBytes(int64(buf.Len()))
	for b.Loop() {
		if _, err := ParseCSV(bytes.NewReader(buf.Bytes()), "label"); err != nil {
			b.Fatal(err)
		}
	}
}

func ExampleReadCSV() {
	dir, _ := os.MkdirTemp("", "example")
	defer os.RemoveAll(dir)
	path := filepath.Join(dir, "train.csv")
	os.WriteFile(path, []byte("label,pixel0,pixel1,pixel2\n1,0,128,255\n0,255,0,0\n"), 0o644)

	train, err := ReadCSV(path, "label")
	if err != nil {
		fmt.Println(err)
		return
	}
	train.Scale(1.0 / 255)
	fmt.Println(train.Labels, train.Len(), train.Features())
	fmt.Printf("%.3f\n", mat.Formatted(train.X))

	_, err = ReadCSV(path, "target")
	fmt.Println(strings.TrimPrefix(err.Error(), "dataset: "+path+": "))
	// Output:
	// [1 0] 2 3
	// ⎡0.000  0.502  1.000⎤
	// ⎣1.000  0.000  0.000⎦
	// no column "target"; the header has 4 columns: label, pixel0, pixel1, pixel2
}

func ExampleWriteCSV() {
	test, _ := mnist.Test()
	first := test.Subset([]int{0, 1}).WithNormalize(false)
	var buf bytes.Buffer
	EncodeCSV(&buf, first) // WriteCSV(path, first) writes the same to a file
	lines := strings.Split(buf.String(), "\n")
	fmt.Println(lines[0][:30], len(strings.Split(lines[0], ",")))
	fmt.Println(lines[1][:10])
	// Output:
	// label,pixel0,pixel1,pixel2,pix 785
	// 7,0,0,0,0,
}

// ParseCSV must return an error, never panic, whatever the bytes; what it
// accepts must write back to the same values.
func FuzzParseCSV(f *testing.F) {
	f.Add([]byte("label,pixel0,pixel1\n3,0,255\n7,12,0\n"), "label")
	f.Add([]byte("a,b\n1.5,-2\n"), "")
	f.Add([]byte("label,p\n\"1\",\"2\n"), "label")
	f.Fuzz(func(t *testing.T, data []byte, label string) {
		s, err := ParseCSV(bytes.NewReader(data), label)
		if err != nil {
			return
		}
		var buf bytes.Buffer
		if err := EncodeCSV(&buf, s); err != nil {
			t.Fatal(err)
		}
		if label == "" {
			return // the header written back is label,pixel0.. or pixel0..; only labelled sets name "label"
		}
		back, err := ParseCSV(&buf, "label")
		if err != nil {
			t.Fatalf("re-reading %q: %v", buf.String(), err)
		}
		if !mat.Equal(back.X, s.X) || fmt.Sprint(back.Labels) != fmt.Sprint(s.Labels) {
			t.Fatalf("round trip changed %v %v into %v %v", s.X.RawMatrix().Data, s.Labels, back.X.RawMatrix().Data, back.Labels)
		}
	})
}
