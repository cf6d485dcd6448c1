package dataset

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"strconv"
	"strings"

	"gonum.org/v1/gonum/mat"

	"github.com/gocell/gocell/dnn"
)

// ReadCSV reads a data set from a CSV file with a header row, such as
// Kaggle's digit-recognizer train.csv (a "label" column, then pixel0 to
// pixel783). The column named labelColumn, wherever it is, holds integer
// class labels; every other column becomes a column of X, in file order,
// with values kept as written (0..255 for pixels: see Scale). An empty
// labelColumn reads a file without labels (Kaggle's test.csv), leaving
// Labels nil.
//
// It mirrors the lesson's pandas lines:
//
//	train = pd.read_csv("train.csv")   // train, err := dataset.ReadCSV("train.csv", "label")
//	target = train["label"]            // train.Labels
//	train = train.drop("label", axis=1) // train.X
//
// Errors name the file, and for bad values the line, column and reason.
func ReadCSV(path, labelColumn string) (*Set, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("dataset: %w", err)
	}
	defer f.Close()
	s, err := ParseCSV(f, labelColumn)
	if err != nil {
		// ParseCSV's messages start with "dataset: "; put the file name
		// after the prefix so the message reads "dataset: train.csv: ...".
		return nil, fmt.Errorf("dataset: %s: %w", path, unprefixed{err})
	}
	return s, nil
}

// unprefixed prints an error without its "dataset: " prefix while keeping
// it in the chain for errors.Is and errors.As.
type unprefixed struct{ err error }

func (u unprefixed) Error() string { return strings.TrimPrefix(u.err.Error(), "dataset: ") }
func (u unprefixed) Unwrap() error { return u.err }

// ParseCSV reads a data set in ReadCSV's layout from r.
func ParseCSV(r io.Reader, labelColumn string) (*Set, error) {
	lines, size, err := countLines(r)
	if err != nil {
		return nil, err
	}
	cr := csv.NewReader(bufio.NewReaderSize(r, 1<<16))
	cr.ReuseRecord = true
	cr.FieldsPerRecord = -1 // checked here, to say which count was expected
	header, err := cr.Read()
	if err == io.EOF {
		return nil, errors.New("dataset: empty file, want a header row")
	}
	if err != nil {
		return nil, fmt.Errorf("dataset: header: %w", err)
	}
	header = append([]string(nil), header...)
	cols := len(header)
	li := -1
	if labelColumn != "" {
		for i, h := range header {
			// Files saved by spreadsheet programs may start with a
			// byte-order mark, which must not hide a first column "label".
			if strings.TrimSpace(strings.TrimPrefix(h, "\ufeff")) == labelColumn {
				li = i
				break
			}
		}
		if li < 0 {
			return nil, fmt.Errorf("dataset: no column %q; the header has %d columns: %s", labelColumn, cols, columnList(header))
		}
	}
	features := cols
	if li >= 0 {
		features--
	}
	if features == 0 {
		return nil, fmt.Errorf("dataset: no feature columns besides %q", labelColumn)
	}
	// Growing a 376 MB slice by appending (Kaggle's train.csv) costs
	// twice the memory and many page faults; a line count read ahead
	// sizes it once. Every value takes at least two bytes ("0,"), which
	// bounds the guess for files of blank or quoted lines.
	guess := min(lines, size/(2*cols))
	data := make([]float64, 0, guess*features)
	var labels []int
	if li >= 0 {
		labels = make([]int, 0, guess)
	}
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("dataset: %w", err)
		}
		line, _ := cr.FieldPos(0)
		if len(rec) != cols {
			return nil, fmt.Errorf("dataset: line %d: %d columns, want %d as in the header", line, len(rec), cols)
		}
		for i, field := range rec {
			if i == li {
				l, err := strconv.Atoi(strings.TrimSpace(field))
				if err != nil || l < 0 {
					return nil, fieldError(cr, i, header, field, "not a class label (an integer >= 0)")
				}
				labels = append(labels, l)
				continue
			}
			v, ok := parseValue(field)
			if !ok {
				return nil, fieldError(cr, i, header, field, "not a finite number")
			}
			data = append(data, v)
		}
	}
	if len(data) == 0 {
		return nil, errors.New("dataset: no data rows after the header")
	}
	return &Set{X: mat.NewDense(len(data)/features, features, data), Labels: labels}, nil
}

// countLines returns the number of newlines and bytes ahead in r if r can
// seek back, and zeros otherwise.
func countLines(r io.Reader) (lines, size int, err error) {
	rs, ok := r.(io.ReadSeeker)
	if !ok {
		return 0, 0, nil
	}
	start, err := rs.Seek(0, io.SeekCurrent)
	if err != nil {
		return 0, 0, nil // not seekable after all (a pipe): no harm done
	}
	buf := make([]byte, 1<<16)
	for {
		k, rerr := rs.Read(buf)
		lines += bytes.Count(buf[:k], []byte{'\n'})
		size += k
		if rerr != nil {
			break
		}
	}
	if _, err := rs.Seek(start, io.SeekStart); err != nil {
		return 0, 0, fmt.Errorf("dataset: rewinding after counting lines: %w", err)
	}
	return lines, size, nil
}

// parseValue parses a CSV number. Pixel files are almost all small
// non-negative integers, which are read directly: strconv.ParseFloat on
// every field makes reading Kaggle's train.csv several times slower.
func parseValue(field string) (float64, bool) {
	if n := len(field); n > 0 && n < 10 {
		v := 0
		for i := 0; i < n; i++ {
			c := field[i]
			if c < '0' || c > '9' {
				goto general
			}
			v = v*10 + int(c-'0')
		}
		return float64(v), true
	}
general:
	v, err := strconv.ParseFloat(strings.TrimSpace(field), 64)
	if err != nil || math.IsInf(v, 0) || math.IsNaN(v) {
		return 0, false
	}
	return v, true
}

func fieldError(cr *csv.Reader, i int, header []string, field, why string) error {
	line, _ := cr.FieldPos(i)
	if len(field) > 20 {
		field = field[:20] + "..."
	}
	return fmt.Errorf("dataset: line %d, column %d (%s): %q is %s", line, i+1, header[i], field, why)
}

// columnList shortens a long header for an error message.
func columnList(header []string) string {
	if len(header) > 8 {
		return strings.Join(header[:4], ", ") + ", ..., " + strings.Join(header[len(header)-2:], ", ")
	}
	return strings.Join(header, ", ")
}

// WriteCSV writes d to a new file at path in Kaggle's digit-recognizer
// layout, ready for ReadCSV(path, "label"): a header "label,pixel0,...",
// then one row per example with its label and its Features() values.
// Values that are integers are written as integers, so raw pixels look
// exactly as in Kaggle's file; write MNIST with
// set.WithNormalize(false) to get 0..255. An unlabelled *Set (nil Labels)
// is written without the label column, like Kaggle's test.csv.
func WriteCSV(path string, d dnn.Data) error {
	f, err := os.Create(path)
	if err != nil {
		return fmt.Errorf("dataset: %w", err)
	}
	if err := EncodeCSV(f, d); err != nil {
		f.Close()
		return fmt.Errorf("dataset: %s: %w", path, unprefixed{err})
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("dataset: %w", err)
	}
	return nil
}

// EncodeCSV writes d to w in WriteCSV's layout.
func EncodeCSV(w io.Writer, d dnn.Data) error {
	labelled := true
	if s, ok := d.(*Set); ok && s.Labels == nil {
		labelled = false
	}
	bw := bufio.NewWriterSize(w, 1<<16)
	features := d.Features()
	var line []byte
	if labelled {
		line = append(line, "label,"...)
	}
	for j := 0; j < features; j++ {
		if j > 0 {
			line = append(line, ',')
		}
		line = append(line, "pixel"...)
		line = strconv.AppendInt(line, int64(j), 10)
	}
	line = append(line, '\n')
	if _, err := bw.Write(line); err != nil {
		return fmt.Errorf("dataset: %w", err)
	}
	// Rows go through Batch in chunks, so a compact set such as MNIST's is
	// never expanded to float64 all at once.
	const chunk = 256
	n := d.Len()
	x := mat.NewDense(min(chunk, max(n, 1)), features, nil)
	labels := make([]int, chunk)
	idx := make([]int, 0, chunk)
	for start := 0; start < n; start += chunk {
		end := min(start+chunk, n)
		idx = idx[:0]
		for i := start; i < end; i++ {
			idx = append(idx, i)
		}
		if r, _ := x.Dims(); r != len(idx) {
			x = mat.NewDense(len(idx), features, nil)
		}
		d.Batch(x, labels, idx)
		for r := range idx {
			line = line[:0]
			if labelled {
				line = strconv.AppendInt(line, int64(labels[r]), 10)
				line = append(line, ',')
			}
			for j, v := range x.RawRowView(r) {
				if j > 0 {
					line = append(line, ',')
				}
				line = appendValue(line, v)
			}
			line = append(line, '\n')
			if _, err := bw.Write(line); err != nil {
				return fmt.Errorf("dataset: %w", err)
			}
		}
	}
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("dataset: %w", err)
	}
	return nil
}

// appendValue writes integers without a decimal point or exponent and
// other values in the shortest form that reads back exactly.
func appendValue(b []byte, v float64) []byte {
	if v == math.Trunc(v) && math.Abs(v) < 1e15 {
		return strconv.AppendInt(b, int64(v), 10)
	}
	return strconv.AppendFloat(b, v, 'g', -1, 64)
}
