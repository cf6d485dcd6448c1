package evaluator

import (
	"go/token"
	"reflect"
	"runtime"
	"sync/atomic"
	"unsafe"

	"github.com/traefik/yaegi/interp"
)

// yaegi v0.16.1 keeps everything it ever compiled: each Compile appends
// the root of its syntax tree to the interpreter's roots and the top-level
// block scope of the code to the package scope's children, and adds three
// files to its FileSet (one to find the first token, one to check build
// tags, one parsed). Only its debugger reads roots and scope children, and
// a file is needed only while nodes whose positions it holds can still
// report an error. A session of N cells of `1+1` thus held N syntax trees
// (4 KiB a cell). So after each Compile the session forgets the roots and
// the scope children, and removes the Compile's files from the FileSet once
// none of its nodes is reachable any more: at once when parsing failed, or
// when the garbage collector frees the last root (a declared func keeps its
// tree and file for as long as it is in force).

// compileMark is where the FileSet and the roots stood before a Compile.
type compileMark struct {
	fset  *token.FileSet
	base  int
	roots int
}

// markCompile notes the interpreter's state before a Compile.
func markCompile(in *interp.Interpreter) compileMark {
	fs := in.FileSet()
	m := compileMark{fset: fs, base: fs.Base()}
	if r, ok := interpField(reflect.ValueOf(in).Elem(), "roots", reflect.Slice); ok {
		m.roots = r.Len()
	}
	return m
}

// releaseCompiled drops yaegi's own references to what the Compile since
// m produced (see above). The caller serialises compiles of in.
func releaseCompiled(in *interp.Interpreter, m compileMark) {
	// Roots of earlier Evals (the prelude, a replay) are dropped too, but
	// their files stay: those Evals were not marked.
	roots := takeRoots(in, m.roots)
	clearMainScopeChildren(in)
	files := filesSince(m)
	if len(files) == 0 {
		return
	}
	if len(roots) == 0 {
		for _, f := range files {
			m.fset.RemoveFile(f)
		}
		return
	}
	// The files go when every root of this Compile is unreachable.
	left := new(atomic.Int32)
	left.Store(int32(len(roots)))
	rel := &fileRelease{fset: m.fset, files: files, left: left}
	for _, r := range roots {
		runtime.AddCleanup((*byte)(r), (*fileRelease).done, rel)
	}
}

// fileRelease removes files from a FileSet when its last holder is freed.
type fileRelease struct {
	fset  *token.FileSet
	files []*token.File
	left  *atomic.Int32
}

func (r *fileRelease) done() {
	if r.left.Add(-1) != 0 {
		return
	}
	for _, f := range r.files {
		r.fset.RemoveFile(f)
	}
}

// filesSince lists the files added to m.fset after m was taken, in order.
func filesSince(m compileMark) []*token.File {
	var out []*token.File
	end := m.fset.Base()
	for pos := m.base; pos < end; {
		f := m.fset.File(token.Pos(pos))
		if f == nil {
			break
		}
		out = append(out, f)
		pos = f.Base() + f.Size() + 1
	}
	return out
}

// takeRoots empties the interpreter's list of compiled roots and returns
// those from index from on, as untyped pointers to the nodes.
func takeRoots(in *interp.Interpreter, from int) []unsafe.Pointer {
	f, ok := interpField(reflect.ValueOf(in).Elem(), "roots", reflect.Slice)
	if !ok || f.Type().Elem().Kind() != reflect.Pointer {
		return nil
	}
	var out []unsafe.Pointer
	for i := min(from, f.Len()); i < f.Len(); i++ {
		out = append(out, f.Index(i).UnsafePointer())
	}
	f.Set(reflect.Zero(f.Type()))
	return out
}

// clearMainScopeChildren empties the child list of package main's scope.
func clearMainScopeChildren(in *interp.Interpreter) {
	scopes, ok := interpField(reflect.ValueOf(in).Elem(), "scopes", reflect.Map)
	if !ok || scopes.Type().Key().Kind() != reflect.String {
		return
	}
	sc := scopes.MapIndex(reflect.ValueOf("main").Convert(scopes.Type().Key()))
	if !sc.IsValid() || sc.Kind() != reflect.Pointer || sc.IsNil() || sc.Elem().Kind() != reflect.Struct {
		return
	}
	child, ok := interpField(sc.Elem(), "child", reflect.Slice)
	if !ok {
		return
	}
	child.Set(reflect.Zero(child.Type()))
}

// interpField returns the unexported field name of the struct v (which
// must be addressable) as a settable value, if it has the expected kind.
// A later yaegi without the field leaves the session working, only
// growing as before.
func interpField(v reflect.Value, name string, kind reflect.Kind) (reflect.Value, bool) {
	f := v.FieldByName(name)
	if !f.IsValid() || f.Kind() != kind || !f.CanAddr() {
		return reflect.Value{}, false
	}
	return reflect.NewAt(f.Type(), unsafe.Pointer(f.UnsafeAddr())).Elem(), true
}
