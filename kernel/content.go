package kernel

import (
	"slices"
	"strconv"

	"github.com/gocell/gocell/kernel/wire"
)

// The contents every cell sends (status, execute_input, stream,
// execute_result of text, a plain execute_reply) are built by hand rather
// than marshalled through encoding/json's reflection: the same bytes
// json.Marshal gives (keys sorted as it sorts a map's), at a fraction of
// the cost.

var (
	statusBusy = wire.Raw(`{"execution_state":"busy"}`)
	statusIdle = wire.Raw(`{"execution_state":"idle"}`)
)

// executeInputContent is execute_input's content.
func executeInputContent(code string, count int) wire.Raw {
	b := make([]byte, 0, len(code)+48)
	b = append(b, `{"code":`...)
	b = wire.AppendString(b, code)
	b = append(b, `,"execution_count":`...)
	b = strconv.AppendInt(b, int64(count), 10)
	return append(b, '}')
}

// streamContent is a stream message's content.
func streamContent(name, text string) wire.Raw {
	b := make([]byte, 0, len(text)+32)
	b = append(b, `{"name":`...)
	b = wire.AppendString(b, name)
	b = append(b, `,"text":`...)
	b = wire.AppendString(b, text)
	return append(b, '}')
}

// okReplyContent is the content of a successful execute_reply with no
// payload and no user expressions.
func okReplyContent(count int) wire.Raw {
	b := make([]byte, 0, 80)
	b = append(b, `{"execution_count":`...)
	b = strconv.AppendInt(b, int64(count), 10)
	return append(b, `,"payload":[],"status":"ok","user_expressions":{}}`...)
}

// executeResultContent is execute_result's content: by hand when every
// value of data is a string and there is no metadata (a value's text, the
// usual result), else marshalled.
func executeResultContent(count int, data, metadata map[string]any) any {
	if len(metadata) > 0 || len(data) > 8 {
		return resultMap(count, data, metadata)
	}
	var keys [8]string
	sorted := keys[:0]
	size := 64
	for k, v := range data {
		s, ok := v.(string)
		if !ok {
			return resultMap(count, data, metadata)
		}
		sorted = append(sorted, k)
		size += len(k) + len(s) + 8
	}
	slices.Sort(sorted)
	b := make([]byte, 0, size)
	b = append(b, `{"data":{`...)
	for i, k := range sorted {
		if i > 0 {
			b = append(b, ',')
		}
		b = wire.AppendString(b, k)
		b = append(b, ':')
		b = wire.AppendString(b, data[k].(string))
	}
	b = append(b, `},"execution_count":`...)
	b = strconv.AppendInt(b, int64(count), 10)
	return wire.Raw(append(b, `,"metadata":{}}`...))
}

func resultMap(count int, data, metadata map[string]any) map[string]any {
	return map[string]any{"execution_count": count, "data": orEmpty(data), "metadata": orEmpty(metadata)}
}
