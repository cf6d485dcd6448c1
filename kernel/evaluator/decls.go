package evaluator

import (
	"sort"

	"github.com/gocell/gocell/kernel/cellparse"
)

// deferFuncs moves a func that names a type or func declared further down
// the cell, past statements, to just before that declaration, so the two
// are declared together (see decls). Not when an item in between uses the
// func: it would run an older definition, or none.
func deferFuncs(items []cellparse.Item) []cellparse.Item {
	declaredAt := map[string]int{}
	for i, it := range items {
		if it.Kind == cellparse.Type || it.Kind == cellparse.Func {
			for _, n := range it.Names {
				declaredAt[n] = i
			}
		}
	}
	key := make([]float64, len(items))
	for i := range items {
		key[i] = float64(i)
	}
	for i := len(items) - 1; i >= 0; i-- {
		it := items[i]
		if it.Kind != cellparse.Func {
			continue
		}
		t := -1
		for _, r := range it.Refs {
			if j, ok := declaredAt[r]; ok && j > i && j > t {
				t = j
			}
		}
		if t < 0 || usedBetween(items, i, t) {
			continue
		}
		key[i] = key[t] - 0.5/float64(len(items)-i+1)
	}
	idx := make([]int, len(items))
	for i := range idx {
		idx[i] = i
	}
	sort.SliceStable(idx, func(a, b int) bool { return key[idx[a]] < key[idx[b]] })
	out := make([]cellparse.Item, len(items))
	for i, j := range idx {
		out[i] = items[j]
	}
	return out
}

// usedBetween reports whether an item after i and before t refers to a
// name item i declares.
func usedBetween(items []cellparse.Item, i, t int) bool {
	for k := i + 1; k < t; k++ {
		for _, r := range items[k].Refs {
			for _, n := range items[i].Names {
				if r == n {
					return true
				}
			}
		}
	}
	return false
}

func isDecl(k cellparse.Kind) bool {
	return k == cellparse.Type || k == cellparse.Func || k == cellparse.Method
}

// decls evaluates consecutive type, func and method declarations together,
// so that they may refer to ones further down (legal Go; yaegi compiles a
// func naming a func it has not seen as "undefined"). When that fails,
// they are declared one by one, so what compiles is in force and recorded
// as before, and the error of the whole is reported: its position is the
// real culprit's, where one by one a forward reference would fail first.
func (c *cellRun) decls(items []cellparse.Item) error {
	ptrs := make([]*cellparse.Item, len(items))
	for i := range items {
		if c.interrupted() {
			return errInterrupted
		}
		if err := c.mainItem(&items[i]); err != nil {
			return err
		}
		ptrs[i] = &items[i]
	}
	err := c.s.declare(c, ptrs...)
	if err == nil {
		return nil
	}
	for _, it := range ptrs {
		_ = c.s.declare(c, it)
	}
	return err
}
