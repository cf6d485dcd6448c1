package evalproc

import (
	"encoding/binary"
	"errors"
	"maps"
	"slices"

	"github.com/gocell/gocell/kernel/session"
)

// Every cell sends an execute frame and receives a reply, and through
// encoding/json's reflection the two cost about 5 µs of CPU per cell
// (BenchmarkCodec). So the usual shapes of both have a compact form of
// their own: a body that starts with one of the tags below instead of '{'.
// Anything else (user expressions, payloads, metadata, a value other than
// a string) goes as JSON. Decoding a compact body gives what decoding its
// JSON would, but that strings keep invalid UTF-8 as it is (the kernel's
// own JSON encoding replaces it later, as it would have here).
const (
	tagExecute = 'x' // id, code, flags, execution count
	tagReply   = 'r' // id, flags, [result data], [error]
)

// Flags of a compact execute and reply.
const (
	fSilent       = 1 << 0
	fStoreHistory = 1 << 1
	fAllowStdin   = 1 << 2

	fResult       = 1 << 0
	fError        = 1 << 1
	fNilTraceback = 1 << 2
)

// encodeCompact appends f's compact body to buf, or reports false when f
// has no compact form.
func encodeCompact(buf []byte, f *frame) ([]byte, bool) {
	switch {
	case f.T == tExecute && f.Exec != nil && len(f.Exec.UserExpressions) == 0 && f.hasOnly():
		e := f.Exec
		buf = append(buf, tagExecute)
		buf = binary.AppendUvarint(buf, f.ID)
		buf = appendString(buf, e.Code)
		buf = append(buf, flag(e.Silent, fSilent)|flag(e.StoreHistory, fStoreHistory)|flag(e.AllowStdin, fAllowStdin))
		return binary.AppendVarint(buf, int64(e.ExecutionCount)), true
	case f.T == tReply && f.Reply != nil && f.hasOnly():
		r := f.Reply
		if r.Payloads != nil || r.UserExpressions != nil || r.Result != nil && (r.Result.Metadata != nil || r.Result.Data == nil) {
			return buf, false
		}
		if r.Result != nil {
			for _, v := range r.Result.Data {
				if _, ok := v.(string); !ok {
					return buf, false
				}
			}
		}
		buf = append(buf, tagReply)
		buf = binary.AppendUvarint(buf, f.ID)
		buf = append(buf, flag(r.Result != nil, fResult)|flag(r.Error != nil, fError)|flag(r.Error != nil && r.Error.Traceback == nil, fNilTraceback))
		if r.Result != nil {
			buf = binary.AppendUvarint(buf, uint64(len(r.Result.Data)))
			keys := maps.Keys(r.Result.Data)
			if len(r.Result.Data) > 1 {
				keys = slices.Values(slices.Sorted(keys)) // the same bytes each time
			}
			for k := range keys {
				buf = appendString(appendString(buf, k), r.Result.Data[k].(string))
			}
		}
		if r.Error != nil {
			buf = appendString(appendString(buf, r.Error.Name), r.Error.Value)
			buf = binary.AppendUvarint(buf, uint64(len(r.Error.Traceback)))
			for _, line := range r.Error.Traceback {
				buf = appendString(buf, line)
			}
		}
		return buf, true
	}
	return buf, false
}

// hasOnly reports whether f has no field set but its type, its id and
// Exec or Reply.
func (f *frame) hasOnly() bool {
	return f.Ref == 0 && f.Code == "" && f.Cursor == 0 && f.Detail == 0 && f.Prompt == "" && !f.Password &&
		f.Text == "" && f.Err == "" && !f.NoStdin && f.Stream == "" && f.Data == nil && f.Display == nil && !f.Wait &&
		f.Completion == nil && f.Inspection == nil && f.Completeness == nil
}

func flag(b bool, f byte) byte {
	if b {
		return f
	}
	return 0
}

func appendString(buf []byte, s string) []byte {
	return append(binary.AppendUvarint(buf, uint64(len(s))), s...)
}

var errCompact = errors.New("evalproc: bad compact message")

// compactReader decodes a compact body; the first error sticks.
type compactReader struct {
	b   []byte
	err error
}

func (r *compactReader) uvarint() uint64 {
	v, n := binary.Uvarint(r.b)
	if n <= 0 {
		r.err, r.b = errCompact, nil
		return 0
	}
	r.b = r.b[n:]
	return v
}

func (r *compactReader) varint() int64 {
	v, n := binary.Varint(r.b)
	if n <= 0 {
		r.err, r.b = errCompact, nil
		return 0
	}
	r.b = r.b[n:]
	return v
}

func (r *compactReader) byte() byte {
	if len(r.b) == 0 {
		r.err = errCompact
		return 0
	}
	c := r.b[0]
	r.b = r.b[1:]
	return c
}

func (r *compactReader) string() string {
	n := r.uvarint()
	if n > uint64(len(r.b)) {
		r.err, r.b = errCompact, nil
		return ""
	}
	s := string(r.b[:n])
	r.b = r.b[n:]
	return s
}

// count reads a number of items that each take at least min bytes.
func (r *compactReader) count(min int) int {
	n := r.uvarint()
	if n > uint64(len(r.b)/min) {
		r.err, r.b = errCompact, nil
		return 0
	}
	return int(n)
}

// decodeCompact decodes a body that starts with a compact tag.
func decodeCompact(body []byte) (*frame, error) {
	r := &compactReader{b: body[1:]}
	f := &frame{ID: r.uvarint()}
	switch body[0] {
	case tagExecute:
		f.T = tExecute
		e := &session.ExecuteRequest{Code: r.string()}
		fl := r.byte()
		e.Silent, e.StoreHistory, e.AllowStdin = fl&fSilent != 0, fl&fStoreHistory != 0, fl&fAllowStdin != 0
		e.ExecutionCount = int(r.varint())
		f.Exec = e
	case tagReply:
		f.T = tReply
		rep := &session.ExecuteReply{}
		fl := r.byte()
		if fl&fResult != 0 {
			n := r.count(2)
			data := make(map[string]any, n)
			for range n {
				k := r.string()
				data[k] = r.string()
			}
			rep.Result = &session.Bundle{Data: data}
		}
		if fl&fError != 0 {
			e := &session.Error{Name: r.string(), Value: r.string()}
			n := r.count(1)
			if fl&fNilTraceback == 0 {
				e.Traceback = make([]string, n)
			}
			for i := range n {
				line := r.string()
				if e.Traceback != nil {
					e.Traceback[i] = line
				}
			}
			rep.Error = e
		}
		f.Reply = rep
	default:
		return nil, errCompact
	}
	if r.err == nil && len(r.b) != 0 {
		r.err = errCompact
	}
	if r.err != nil {
		return nil, r.err
	}
	return f, nil
}
