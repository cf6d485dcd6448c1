package evaluator

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
)

// What yaegi says when a value of a cell's type meets a compiled interface
// in a form cellparse could not rewrite (see TestYaegiInterfaceFollowsItsVariable
// and README's limitations).
var (
	// A value held in an interface type a cell declared, passed to a
	// compiled function's or method's parameter of a compiled interface.
	callUsingRE = regexp.MustCompile(`reflect: Call using \*?struct \{.*\} as type ([\w./]+)`)
	// A call's result of a cell's type converted to a compiled interface
	// where cellparse could not move the call into a variable.
	setValueRE = regexp.MustCompile(`reflect\.Set: value of type \*?struct \{.*\} is not assignable to type ([\w./]+)`)
)

// explainInterfaceValue adds to yaegi's message about such a value what to write
// instead; other messages are returned as they are.
func explainInterfaceValue(msg string) string {
	if m := callUsingRE.FindStringSubmatch(msg); m != nil {
		return fmt.Sprintf("%s (the interpreter cannot pass a value held in an interface type declared in a cell to a compiled function's %s parameter: assign it to a variable of that type first, `var v %s = x`, and pass v)", msg, m[1], m[1])
	}
	if m := setValueRE.FindStringSubmatch(msg); m != nil {
		return fmt.Sprintf("%s (the interpreter cannot convert this value of a cell's type to %s here: put it in a variable of that type first, `var v %s = f()`, and use v)", msg, m[1], m[1])
	}
	return msg
}

// explainNilType adds to yaegi's "nil reflect type" what causes it in
// cells: a type declared after a generic func of the session whose type
// parameter has the same name (TestYaegiTypeParamShadowsType).
func explainNilType(msg string) string {
	if !strings.HasSuffix(msg, "nil reflect type") {
		return msg
	}
	return msg + " (the interpreter cannot use this type: if a generic func declared earlier has a type parameter of the same name, as in func F[T any] and type T, rename the type or the parameter)"
}

// explainAssignMismatch fills in the callee yaegi leaves out of its
// "assignment mismatch: 2 variables but  returns 1 values" (for a call of
// a compiled function) and the singular.
func explainAssignMismatch(msg string) string {
	if !strings.Contains(msg, "assignment mismatch:") {
		return msg
	}
	msg = strings.Replace(msg, " but  returns ", " but the call returns ", 1)
	return strings.Replace(msg, " returns 1 values", " returns 1 value", 1)
}

// What yaegi says when it cannot infer a generic call's type arguments:
// from a func argument whose result type is a type parameter of its own
// (Map(xs, func(x int) string {...}) or Map(xs, strconv.Itoa)), or from
// untyped constants alone (Sum(1, 2, 3) for a variadic Sum[T]).
var (
	undefinedTypeParamRE = regexp.MustCompile(`undefined type for (\w+)$`)
	funcArgMismatchRE    = regexp.MustCompile(`cannot use type func\([^)]*\) (?:\S+|\([^)]*\)) as type func\([^)]*\) (?:\S+|\([^)]*\))$`)
)

// explainInference says to give a generic call's type arguments.
func explainInference(msg string) string {
	if m := undefinedTypeParamRE.FindStringSubmatch(msg); m != nil {
		return fmt.Sprintf("%s (the interpreter could not infer the type parameter %s of a generic call: give the type arguments explicitly, as in Map[int, string](xs, f) or Sum[int](1, 2, 3))", msg, m[1])
	}
	if funcArgMismatchRE.MatchString(msg) {
		return msg + " (if this is a call of a generic function, the interpreter inferred its type parameters from the other arguments only: give the type arguments explicitly, as in Map[int, string](xs, f))"
	}
	return msg
}

// incompleteRE is what yaegi says of an undefined name on the right of a
// top-level := (`a := nosuch`), where Go says "undefined: nosuch". Its
// own position is the name's; a position before it, the statement's.
var incompleteRE = regexp.MustCompile(`CFG post-order panic: ((?:[^:\s]*:)?\d+:\d+: )?incomplete type ([\pL_][\pL\pN_]*)$`)

// explainUndefined turns that message into Go's. Of the two positions it
// keeps the name's when it is in the statement's cell, else the
// statement's when that is in a cell (the name's may be where an earlier
// cell met the same name), else the name's.
func explainUndefined(msg string) string {
	loc := incompleteRE.FindStringSubmatchIndex(msg)
	if loc == nil {
		return msg
	}
	what := "undefined: " + msg[loc[4]:loc[5]]
	if outer := posRE.FindStringSubmatch(msg[:loc[0]]); outer != nil {
		line, _ := strconv.Atoi(outer[2])
		sameCell := false
		if inner := posRE.FindStringSubmatch(msg[loc[2]:max(loc[3], loc[2])]); inner != nil {
			in, _ := strconv.Atoi(inner[2])
			sameCell = line >= lineBase && in/lineBase == line/lineBase
		}
		if (line >= lineBase || loc[2] < 0) && !sameCell {
			return msg[:loc[0]] + what
		}
	}
	if loc[2] >= 0 {
		return msg[loc[2]:loc[3]] + what
	}
	return msg[:loc[0]] + what
}

// explainCompile adds to a compile error of yaegi's what the hints above
// know about it.
func explainCompile(msg string) string {
	for _, explain := range []func(string) string{explainUndefined, explainInterfaceValue, explainGeneric, explainNilType, explainAssignMismatch, explainInference} {
		msg = explain(msg)
	}
	return msg
}
