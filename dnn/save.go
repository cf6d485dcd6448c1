package dnn

import (
	"encoding/gob"
	"errors"
	"fmt"
	"io"
	"os"

	"gonum.org/v1/gonum/mat"
)

// saveMagic and saveVersion identify a saved network.
const (
	saveMagic   = "gocell/dnn network"
	saveVersion = 1
)

// savedModel is the file format: a gob stream of this one value.
type savedModel struct {
	Magic   string
	Version int
	// Arch describes the layers (Sequential.String), or is empty for a
	// Model that is not made of layers.
	Arch   string
	Params []savedMatrix
	// State holds the matrices of layers with state (batch norm's running
	// mean and variance), in layer order.
	State []savedMatrix
	// Optimizer is the optimizer's kind ("" when none was saved), step
	// count and per-parameter slots, in parameter order.
	Optimizer string
	OptStep   int
	OptSlots  [][][]float64
}

type savedMatrix struct {
	Name       string
	Rows, Cols int
	Data       []float64
}

// stateLayer is a layer with non-parameter state to save.
type stateLayer interface{ State() []*mat.Dense }

func toSaved(name string, m *mat.Dense) savedMatrix {
	r, c := m.Dims()
	return savedMatrix{Name: name, Rows: r, Cols: c, Data: mat.DenseCopyOf(m).RawMatrix().Data}
}

func archOf(m Model) string {
	if s, ok := m.(fmt.Stringer); ok {
		if _, ok := m.(layered); ok {
			return s.String()
		}
	}
	return ""
}

func stateOf(m Model) []*mat.Dense {
	ln, ok := m.(layered)
	if !ok {
		return nil
	}
	var st []*mat.Dense
	for _, l := range ln.layerList() {
		if s, ok := l.(stateLayer); ok {
			st = append(st, s.State()...)
		}
	}
	return st
}

// Save writes m's parameters, the state of its layers (batch-norm running
// statistics) and, if opt is not nil, the optimizer's state to w, as a gob
// stream. Only the optimizers of this package can be saved.
func Save(w io.Writer, m Model, opt Optimizer) error {
	s := savedModel{Magic: saveMagic, Version: saveVersion, Arch: archOf(m)}
	params := m.Params()
	for _, p := range params {
		s.Params = append(s.Params, toSaved(p.Name, p.Value))
	}
	for _, st := range stateOf(m) {
		s.State = append(s.State, toSaved("", st))
	}
	if opt != nil {
		kind, st, err := optimizerState(opt)
		if err != nil {
			return err
		}
		s.Optimizer, s.OptStep = kind, st.step
		for _, p := range params {
			s.OptSlots = append(s.OptSlots, st.slots[p])
		}
	}
	if err := gob.NewEncoder(w).Encode(&s); err != nil {
		return fmt.Errorf("dnn: save: %w", err)
	}
	return nil
}

// Load reads what Save wrote into m, which must have the same architecture
// (the same layers, parameter names and shapes), and into opt if it is not
// nil, which must be of the saved optimizer's kind. Nothing is changed
// when an error is returned.
func Load(r io.Reader, m Model, opt Optimizer) error {
	var s savedModel
	if err := gob.NewDecoder(r).Decode(&s); err != nil {
		return fmt.Errorf("dnn: load: not a saved network: %w", err)
	}
	if s.Magic != saveMagic {
		return errors.New("dnn: load: not a saved network")
	}
	if s.Version != saveVersion {
		return fmt.Errorf("dnn: load: file format version %d, want %d", s.Version, saveVersion)
	}
	if arch := archOf(m); arch != s.Arch {
		return fmt.Errorf("dnn: load: the file holds a network %q, this one is %q", s.Arch, arch)
	}
	params, state := m.Params(), stateOf(m)
	if len(params) != len(s.Params) || len(state) != len(s.State) {
		return fmt.Errorf("dnn: load: the file holds %d parameters and %d state matrices, the network has %d and %d",
			len(s.Params), len(s.State), len(params), len(state))
	}
	for i, p := range params {
		if err := check(s.Params[i], p.Name, p.Value); err != nil {
			return err
		}
	}
	for i, st := range state {
		if err := check(s.State[i], "", st); err != nil {
			return err
		}
	}
	var ost *optState
	if opt != nil {
		if s.Optimizer == "" {
			return errors.New("dnn: load: the file holds no optimizer state")
		}
		kind, st, err := optimizerState(opt)
		if err != nil {
			return err
		}
		if kind != s.Optimizer {
			return fmt.Errorf("dnn: load: the file holds %s state, the optimizer is %s", s.Optimizer, kind)
		}
		if len(s.OptSlots) != len(params) {
			return fmt.Errorf("dnn: load: optimizer state for %d parameters, the network has %d", len(s.OptSlots), len(params))
		}
		for i, p := range params {
			r, c := p.Value.Dims()
			for _, slot := range s.OptSlots[i] {
				if len(slot) != r*c {
					return fmt.Errorf("dnn: load: optimizer state of %s has %d values, want %d", p.Name, len(slot), r*c)
				}
			}
		}
		ost = st
	}
	for i, p := range params {
		p.Value.Copy(fromSaved(s.Params[i]))
	}
	for i, st := range state {
		st.Copy(fromSaved(s.State[i]))
	}
	if ost != nil {
		ost.step = s.OptStep
		ost.slots = make(map[*Param][][]float64)
		for i, p := range params {
			if len(s.OptSlots[i]) > 0 {
				ost.slots[p] = s.OptSlots[i]
			}
		}
	}
	return nil
}

func check(s savedMatrix, name string, m *mat.Dense) error {
	r, c := m.Dims()
	if s.Name != name || s.Rows != r || s.Cols != c || len(s.Data) != r*c {
		return fmt.Errorf("dnn: load: the file holds %q %d×%d where the network has %q %d×%d",
			s.Name, s.Rows, s.Cols, name, r, c)
	}
	return nil
}

func fromSaved(s savedMatrix) *mat.Dense { return mat.NewDense(s.Rows, s.Cols, s.Data) }

// optimizerState returns the kind and state of one of this package's
// optimizers.
func optimizerState(opt Optimizer) (string, *optState, error) {
	switch o := opt.(type) {
	case *SGD:
		return "SGD", &optState{}, nil
	case *Momentum:
		return "Momentum", &o.optState, nil
	case *Nesterov:
		return "Nesterov", &o.optState, nil
	case *AdaGrad:
		return "AdaGrad", &o.optState, nil
	case *RMSprop:
		return "RMSprop", &o.optState, nil
	case *Adam:
		return "Adam", &o.optState, nil
	}
	return "", nil, fmt.Errorf("dnn: cannot save the state of optimizer %T", opt)
}

// SaveFile writes m and opt (which may be nil) to the named file; see Save.
func SaveFile(name string, m Model, opt Optimizer) (err error) {
	f, err := os.Create(name)
	if err != nil {
		return fmt.Errorf("dnn: save: %w", err)
	}
	defer func() {
		if cerr := f.Close(); err == nil && cerr != nil {
			err = fmt.Errorf("dnn: save: %w", cerr)
		}
	}()
	return Save(f, m, opt)
}

// LoadFile reads the named file into m and opt (which may be nil); see
// Load.
func LoadFile(name string, m Model, opt Optimizer) error {
	f, err := os.Open(name)
	if err != nil {
		return fmt.Errorf("dnn: load: %w", err)
	}
	defer f.Close()
	return Load(f, m, opt)
}
