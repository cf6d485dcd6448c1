package evalproc

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"errors"
	"io"
	"os/exec"
	"reflect"
	"strings"
	"testing"

	"github.com/gocell/gocell/kernel/session"
)

func TestFrameRoundTrip(t *testing.T) {
	var buf bytes.Buffer
	fw := &frameWriter{w: &buf}
	in := []*frame{
		{T: tExecute, ID: 1, Exec: &session.ExecuteRequest{Code: "x := 1\nx", ExecutionCount: 3, AllowStdin: true}},
		{T: tDisplay, ID: 1, Ref: 9, Display: &session.Display{Bundle: session.Bundle{Data: map[string]any{"text/plain": "ü"}}, ID: "d", Update: true}},
		{T: tResult, ID: 2, Completion: &session.Completion{Matches: []string{"fmt"}, CursorStart: 0, CursorEnd: 2}},
		{T: tInputReply, Ref: 4, NoStdin: true},
	}
	for _, f := range in {
		if err := fw.write(f); err != nil {
			t.Fatal(err)
		}
	}
	r := newFrameReader(&buf)
	for _, want := range in {
		got, err := r.next()
		if err != nil {
			t.Fatal(err)
		}
		gb, _ := jsonOf(got)
		wb, _ := jsonOf(want)
		if gb != wb {
			t.Errorf("got %s, want %s", gb, wb)
		}
	}
	if _, err := r.next(); !errors.Is(err, io.EOF) {
		t.Errorf("at the end: %v, want io.EOF", err)
	}
}

// stutterReader hands out its data a few bytes at a time, failing with
// errAgain before every piece, as a read interrupted by a deadline does.
type stutterReader struct {
	data   []byte
	failed bool
}

var errAgain = errors.New("interrupted")

func (r *stutterReader) Read(p []byte) (int, error) {
	if !r.failed {
		r.failed = true
		return 0, errAgain
	}
	r.failed = false
	if len(r.data) == 0 {
		return 0, io.EOF
	}
	n := copy(p[:min(len(p), 3)], r.data)
	r.data = r.data[n:]
	return n, nil
}

// TestFrameReaderResumes: an error in the middle of a frame (an interrupt
// of the execute's read) loses nothing; the next call goes on with the
// same frame. A frame larger than the read buffer grows it.
func TestFrameReaderResumes(t *testing.T) {
	var buf bytes.Buffer
	fw := &frameWriter{w: &buf}
	big := strings.Repeat("z", readBufSize+100)
	want := []string{"a", big, "b"}
	for i, text := range want {
		fw.write(&frame{T: tStream, Ref: uint64(i + 1), Stream: "stdout", Data: []byte(text)})
	}
	r := newFrameReader(&stutterReader{data: buf.Bytes()})
	var got []string
	for {
		f, err := r.next()
		if errors.Is(err, errAgain) {
			continue
		}
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, string(f.Data))
	}
	if len(got) != len(want) || got[0] != want[0] || got[1] != want[1] || got[2] != want[2] {
		t.Errorf("read %d frames (lengths %v), want 3 of lengths 1, %d, 1", len(got), lens(got), len(big))
	}
}

func lens(ss []string) []int {
	var n []int
	for _, s := range ss {
		n = append(n, len(s))
	}
	return n
}

func jsonOf(f *frame) (string, error) {
	var b bytes.Buffer
	err := (&frameWriter{w: &b}).write(f)
	return b.String(), err
}

func TestReadFrameRejectsBadInput(t *testing.T) {
	huge := make([]byte, 4)
	binary.BigEndian.PutUint32(huge, maxFrame+1)
	short := append(binary.BigEndian.AppendUint32(nil, 10), "{}"...)
	notJSON := append(binary.BigEndian.AppendUint32(nil, 3), "{x}"...)
	tests := []struct {
		name  string
		input []byte
		want  string
	}{
		{"announces too much", huge, "exceeds"},
		{"truncated body", short, "truncated message"},
		{"not JSON", notJSON, "bad message"},
		{"truncated header", []byte{0, 0}, "unexpected EOF"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := newFrameReader(bytes.NewReader(tt.input)).next()
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error = %v, want one containing %q", err, tt.want)
			}
		})
	}
}

func TestHandshake(t *testing.T) {
	tests := []struct {
		input, want string
	}{
		{Handshake + "\n", ""},
		{"gocell-evalproc 0\n", `speaks "gocell-evalproc 0"`},
		{"", "closed before the handshake"},
		{strings.Repeat("x", 500), "speaks"},
	}
	for _, tt := range tests {
		err := newFrameReader(strings.NewReader(tt.input)).readHandshake()
		switch {
		case tt.want == "" && err != nil:
			t.Errorf("%q: %v", tt.input, err)
		case tt.want != "" && (err == nil || !strings.Contains(err.Error(), tt.want)):
			t.Errorf("%q: error %v, want one containing %q", truncate(tt.input, 20), err, tt.want)
		}
	}
}

// Serve refuses a parent that speaks another version, after saying its own.
func TestServeRejectsOtherVersion(t *testing.T) {
	var events bytes.Buffer
	err := Serve(&fakeSession{}, Pipes{Requests: strings.NewReader("gocell-evalproc 99\n"), Events: &events, Cells: strings.NewReader(""), CellEvents: io.Discard})
	if err == nil || !errors.Is(err, errHandshake) {
		t.Errorf("Serve error = %v, want a handshake mismatch", err)
	}
	if events.String() != Handshake+"\n" {
		t.Errorf("Serve wrote %q first", events.String())
	}
}

func TestDescribeDeath(t *testing.T) {
	exitErr := func(script string) error {
		return exec.Command("sh", "-c", script).Run()
	}
	tests := []struct {
		report string
		err    error
		want   string
	}{
		{"runtime: goroutine stack exceeds 268435456-byte limit\nfatal error: stack overflow\n\nruntime stack:", nil, "runaway recursion (stack overflow)"},
		{"fatal error: concurrent map writes\n\ngoroutine 7 [running]:", nil, "concurrent map writes (a map used by several goroutines without a lock)"},
		{"fatal error: concurrent map read and map write", nil, "concurrent map read and map write (a map"},
		{"fatal error: runtime: out of memory\n", nil, "out of memory"},
		{"panic: boom\n\ngoroutine 5 [running]:\n", nil, "a panic nothing recovered (boom)"},
		{"fatal error: all goroutines are asleep - deadlock!", nil, "all goroutines are asleep - deadlock!"},
		{"some text\n", exitErr("exit 3"), "exited with status 3"},
		{"", exitErr("kill -9 $$"), "killed by signal SIGKILL"},
		{"", exitErr("kill -SEGV $$"), "killed by signal segmentation fault"},
		{"", nil, "exited with status 0"},
	}
	for _, tt := range tests {
		if got := describeDeath(crashLine(tt.report), tt.err); !strings.HasPrefix(got, tt.want) {
			t.Errorf("describeDeath(%q, %v) = %q, want %q...", truncate(tt.report, 30), tt.err, got, tt.want)
		}
	}
}

func TestCrashMarkers(t *testing.T) {
	tests := []struct {
		text      string
		marker    int
		certainly bool
	}{
		{"fatal error: stack overflow\n", 1, true},
		{"runtime: goroutine stack exceeds 1-byte limit\nfatal error: stack overflow", 1, true},
		{"panic: boom\n\ngoroutine 12 [running]:\nmain.f()", 1, true},
		{"panic: boom\n\ngoroutine 12 gp=0xc000002380 m=0 mp=0x5d2b40 [running]:\n", 1, true},
		{"panic: my own words\n", 1, false},
		{"runtime: a note\n", 1, false},
		{"fatal", 0, false},
		{"pan", 0, false},
		{"hello\n", -1, false},
		{"fatal errors are bad", -1, false},
	}
	for _, tt := range tests {
		if got := markerAt([]byte(tt.text)); got != tt.marker {
			t.Errorf("markerAt(%q) = %d, want %d", tt.text, got, tt.marker)
		}
		if got := certainCrash([]byte(tt.text)); got != tt.certainly {
			t.Errorf("certainCrash(%q) = %t, want %t", tt.text, got, tt.certainly)
		}
	}
}

// FuzzReadFrame: whatever a child writes, reading gives a frame or an
// error, never a panic, and a frame read re-encodes to one that reads back
// the same.
func FuzzReadFrame(f *testing.F) {
	var buf bytes.Buffer
	(&frameWriter{w: &buf}).write(&frame{T: tReply, ID: 3, Reply: &session.ExecuteReply{Error: &session.Error{Name: "E", Value: "v"}}})
	f.Add(buf.Bytes())
	f.Add([]byte{0, 0, 0, 2, '{', '}'})
	f.Add([]byte{0xff, 0xff, 0xff, 0xff})
	f.Fuzz(func(t *testing.T, data []byte) {
		r := newFrameReader(bytes.NewReader(data))
		for {
			fr, err := r.next()
			if err != nil {
				return
			}
			enc, err := jsonOf(fr)
			if err != nil {
				t.Fatalf("re-encode: %v", err)
			}
			back, err := newFrameReader(strings.NewReader(enc)).next()
			if err != nil {
				t.Fatalf("read back: %v", err)
			}
			if again, _ := jsonOf(back); again != enc {
				t.Fatalf("not stable: %q then %q", enc, again)
			}
		}
	})
}

// TestCompactFrames: executes and replies of the usual shapes take the
// compact form, the rest JSON, and either way a frame reads back as its
// JSON would.
func TestCompactFrames(t *testing.T) {
	text := func(s string) *session.Bundle { return &session.Bundle{Data: map[string]any{"text/plain": s}} }
	tests := []struct {
		name    string
		f       *frame
		compact bool
	}{
		{"execute", &frame{T: tExecute, ID: 7, Exec: &session.ExecuteRequest{Code: "1+1", StoreHistory: true, AllowStdin: true, ExecutionCount: 12}}, true},
		{"silent execute", &frame{T: tExecute, ID: 1 << 40, Exec: &session.ExecuteRequest{Code: "x := \"ü\\x00\"\n", Silent: true, ExecutionCount: -1}}, true},
		{"user expressions", &frame{T: tExecute, ID: 2, Exec: &session.ExecuteRequest{Code: "x", UserExpressions: map[string]string{"a": "x"}}}, false},
		{"empty reply", &frame{T: tReply, ID: 3, Reply: &session.ExecuteReply{}}, true},
		{"result", &frame{T: tReply, ID: 3, Reply: &session.ExecuteReply{Result: text("2")}}, true},
		{"rich result", &frame{T: tReply, ID: 3, Reply: &session.ExecuteReply{Result: &session.Bundle{Data: map[string]any{"text/plain": "p", "text/html": "<b>p</b>", "image/png": "iVBOR"}}}}, true},
		{"empty data", &frame{T: tReply, ID: 3, Reply: &session.ExecuteReply{Result: &session.Bundle{Data: map[string]any{}}}}, true},
		{"JSON value", &frame{T: tReply, ID: 3, Reply: &session.ExecuteReply{Result: &session.Bundle{Data: map[string]any{"application/json": map[string]any{"a": 1.0}}}}}, false},
		{"metadata", &frame{T: tReply, ID: 3, Reply: &session.ExecuteReply{Result: &session.Bundle{Data: map[string]any{"image/png": "x"}, Metadata: map[string]any{"w": 2.0}}}}, false},
		{"error", &frame{T: tReply, ID: 4, Reply: &session.ExecuteReply{Error: &session.Error{Name: "E", Value: "v", Traceback: []string{"E: v", "  at 1:2"}}}}, true},
		{"error without traceback", &frame{T: tReply, ID: 4, Reply: &session.ExecuteReply{Error: &session.Error{Name: "E", Value: "v"}}}, true},
		{"error with an empty traceback", &frame{T: tReply, ID: 4, Reply: &session.ExecuteReply{Error: &session.Error{Name: "E", Value: "v", Traceback: []string{}}}}, true},
		{"payloads", &frame{T: tReply, ID: 5, Reply: &session.ExecuteReply{Payloads: []map[string]any{{"source": "page"}}}}, false},
		{"reply with an error text", &frame{T: tReply, ID: 5, Err: "x", Reply: &session.ExecuteReply{}}, false},
		{"stream", &frame{T: tStream, Ref: 2, Stream: "stdout", Data: []byte("hi")}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			buf, err := encodeFrame(tt.f)
			if err != nil {
				t.Fatal(err)
			}
			if compact := buf[4] != '{'; compact != tt.compact {
				t.Errorf("compact = %v, want %v", compact, tt.compact)
			}
			got, err := newFrameReader(bytes.NewReader(buf)).next()
			if err != nil {
				t.Fatal(err)
			}
			body, _ := json.Marshal(tt.f)
			want := new(frame)
			if err := json.Unmarshal(body, want); err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, want) {
				gb, _ := json.Marshal(got)
				t.Errorf("read back %s\nwant       %s", gb, body)
			}
		})
	}
}

// TestCompactRejectsBadInput: a compact body that ends early, runs over or
// has bytes left over is an error.
func TestCompactRejectsBadInput(t *testing.T) {
	good, _ := encodeFrame(&frame{T: tReply, ID: 9, Reply: &session.ExecuteReply{Result: &session.Bundle{Data: map[string]any{"text/plain": "2"}}, Error: &session.Error{Name: "E", Value: "v", Traceback: []string{"l"}}}})
	body := good[4:]
	for _, bad := range [][]byte{
		body[:len(body)-1],
		append(append([]byte(nil), body...), 0),
		{tagExecute},
		{tagReply, 1, fResult, 0xff, 0xff, 0xff, 0xff, 0x0f},
		{tagExecute, 1, 0x80},
		{'?', 1},
	} {
		msg := binary.BigEndian.AppendUint32(nil, uint32(len(bad)))
		if f, err := newFrameReader(bytes.NewReader(append(msg, bad...))).next(); err == nil || !strings.Contains(err.Error(), "bad message") {
			t.Errorf("%q: %+v, %v; want a bad message", bad, f, err)
		}
	}
}
