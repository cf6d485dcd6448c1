package evaluator

import (
	"context"
	"testing"

	"github.com/gocell/gocell/kernel/session"
)

// BenchmarkFmtCell is a cell printing values of cells' types with fmt:
// plain structs (nothing to replace), structs with a field of a type
// with a String method, and a slice of a type with one.
func BenchmarkFmtCell(b *testing.B) {
	s, err := New(Options{})
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	ctx := context.Background()
	decl := "type Point struct{ X, Y int }\ntype Dog struct{ name string }\nfunc (d Dog) String() string { return d.name }\ntype Pack struct{ Lead Dog; N int }\n" +
		"ps := make([]Point, 100)\npk := make([]Pack, 100)\ndogs := make([]Dog, 100)"
	if r := s.Execute(ctx, session.ExecuteRequest{Code: decl}, nopSink{}, &lines{}); r.Error != nil {
		b.Fatal(r.Error)
	}
	for _, c := range []struct{ name, code string }{{"points", "_ = fmt.Sprint(ps)"}, {"packs", "_ = fmt.Sprint(pk)"}, {"dogs", "_ = fmt.Sprint(dogs)"}} {
		b.Run(c.name, func(b *testing.B) {
			for i := 0; i < b.N; i++ {
				r := s.Execute(ctx, session.ExecuteRequest{Code: c.code}, nopSink{}, &lines{})
				if r.Error != nil {
					b.Fatal(r.Error)
				}
			}
		})
	}
}
