package symbols

import (
	"strings"
	"testing"
)

func TestLookupMember(t *testing.T) {
	tests := []struct {
		path, name string
		kind       string
		signature  string // exact
		docHas     string
	}{
		{"fmt", "Println", "func", "func Println(a ...any) (n int, err error)", "Println formats using the default formats"},
		{"gonum.org/v1/gonum/mat", "NewDense", "func", "func NewDense(r, c int, data []float64) *Dense", "NewDense creates a new Dense matrix"},
		{"gonum.org/v1/gonum/mat", "Dense.Mul", "method", "func (m *Dense) Mul(a, b Matrix)", "Mul takes the matrix product"},
		{"gonum.org/v1/gonum/mat", "Matrix.At", "method", "func (Matrix) At(i, j int) float64", "At returns the value"},
		{"gonum.org/v1/gonum/floats", "Sum", "func", "func Sum(s []float64) float64", "Sum returns the sum"},
		{"gonum.org/v1/plot", "Plot.Title", "field", "", ""},
		{"gonum.org/v1/plot/vg", "Inch", "const", "const Inch = font.Inch", ""},
		{"math", "Pi", "const", "", ""},
		{"os", "Args", "var", "var Args []string", "Args hold the command-line arguments"},
		{"strings", "Builder", "type", "type Builder struct {\n\t// contains filtered or unexported fields\n}", "A Builder is used"},
	}
	for _, tt := range tests {
		t.Run(tt.path+"."+tt.name, func(t *testing.T) {
			m, ok := LookupMember(tt.path, tt.name)
			if !ok {
				t.Fatalf("LookupMember(%q, %q) not found", tt.path, tt.name)
			}
			if m.Name != tt.name || m.Kind != tt.kind {
				t.Errorf("got name %q kind %q, want %q %q", m.Name, m.Kind, tt.name, tt.kind)
			}
			if tt.signature != "" && m.Signature != tt.signature {
				t.Errorf("signature %q, want %q", m.Signature, tt.signature)
			}
			if m.Signature == "" {
				t.Errorf("empty signature")
			}
			if !strings.Contains(m.Doc, tt.docHas) {
				t.Errorf("doc %q does not contain %q", m.Doc, tt.docHas)
			}
		})
	}
}
