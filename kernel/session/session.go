// Package session is the seam between the Jupyter protocol server and the
// thing that evaluates cells.
//
// The server (package kernel) knows nothing of Go or yaegi; the evaluator
// knows nothing of ZeroMQ. Everything that crosses between them is declared
// here as plain data, so it can also cross a process boundary (package
// evalproc carries a Session over pipes to a child process) and so a fake
// Session can stand in for the real one in the server's tests.
//
// Interrupting a cell is cancelling the context passed to Execute; shutting
// down is Close. A Session must answer Complete, Inspect and IsComplete while
// an Execute is running.
package session

import (
	"context"
	"errors"
)

// A Session evaluates cells and answers questions about code.
//
// Execute calls are made one at a time; the other methods may be called
// concurrently with a running Execute and with each other.
type Session interface {
	// Execute runs one cell. Outputs produced while it runs go to out, in
	// order, before Execute returns. Reads of standard input go to in. When
	// ctx is cancelled the cell is interrupted: Execute returns promptly with
	// an Error named ErrNameInterrupt (or ErrNameLost when the state of the
	// session could not be kept).
	Execute(ctx context.Context, req ExecuteRequest, out Sink, in Stdin) ExecuteReply
	// Complete proposes completions at cursor (in Unicode code points).
	Complete(ctx context.Context, code string, cursor int) (Completion, error)
	// Inspect describes the name at cursor (in Unicode code points).
	Inspect(ctx context.Context, code string, cursor int, detail int) (Inspection, error)
	// IsComplete judges whether code is ready to run.
	IsComplete(ctx context.Context, code string) (Completeness, error)
	// Close ends the session and everything it started.
	Close() error
}

// ExecuteRequest is the part of an execute_request a Session needs.
type ExecuteRequest struct {
	Code string `json:"code"`
	// Silent asks for no outputs on the frontend and no history.
	Silent bool `json:"silent,omitempty"`
	// StoreHistory is true when the cell counts in the execution history.
	StoreHistory bool `json:"store_history,omitempty"`
	// UserExpressions are evaluated after the cell; results go in the reply.
	UserExpressions map[string]string `json:"user_expressions,omitempty"`
	// AllowStdin is false when the frontend cannot answer input requests.
	AllowStdin bool `json:"allow_stdin,omitempty"`
	// ExecutionCount is the number the cell runs as (In[n]); tracebacks
	// and the Out[n] result refer to it.
	ExecutionCount int `json:"execution_count"`
}

// ExecuteReply is what a Session reports when a cell ends.
type ExecuteReply struct {
	// Result is the value of the cell's last expression (execute_result),
	// nil when the cell has none.
	Result *Bundle `json:"result,omitempty"`
	// Error is set when the cell failed; the reply's status is then "error".
	Error *Error `json:"error,omitempty"`
	// Payloads pass through to the execute_reply (for example the pager).
	Payloads []map[string]any `json:"payloads,omitempty"`
	// UserExpressions holds one result per requested expression, each in
	// the protocol's form: {"status":"ok","data":{...},"metadata":{...}} or
	// {"status":"error","ename":...,"evalue":...,"traceback":[...]}.
	UserExpressions map[string]any `json:"user_expressions,omitempty"`
}

// Names of errors a Session reports besides compile errors and panics.
const (
	// ErrNameInterrupt names a cell stopped by an interrupt; the session's
	// state is kept.
	ErrNameInterrupt = "Interrupt"
	// ErrNameLost names a cell whose evaluator had to be replaced (a crash,
	// or an interrupt that could not be honoured otherwise); the session's
	// state is lost and Error.Value says why.
	ErrNameLost = "EvaluatorLost"
)

// Error describes a failed cell, as the protocol's error message does.
type Error struct {
	Name      string   `json:"ename"`
	Value     string   `json:"evalue"`
	Traceback []string `json:"traceback"`
}

// Error implements the error interface.
func (e *Error) Error() string { return e.Name + ": " + e.Value }

// Bundle is a MIME bundle with its metadata, as in display_data and
// execute_result. Data maps a MIME type to its value: a string for text and
// base64-encoded binary types, any JSON value for JSON types.
type Bundle struct {
	Data     map[string]any `json:"data"`
	Metadata map[string]any `json:"metadata,omitempty"`
}

// Display is one display_data or update_display_data output.
type Display struct {
	Bundle
	// ID is the display_id (transient), empty for an anonymous display.
	ID string `json:"display_id,omitempty"`
	// Update is true for update_display_data: the display with ID is
	// replaced in place and nothing new is shown.
	Update bool `json:"update,omitempty"`
}

// Sink receives the outputs of a running cell, in the order they happen.
// Its methods are safe for concurrent use.
type Sink interface {
	// Stream sends text on "stdout" or "stderr".
	Stream(name, text string)
	// Display shows or updates a rich output.
	Display(d Display)
	// Clear clears the cell's output; with wait, only when the next output
	// arrives.
	Clear(wait bool)
}

// Stdin reads from the user through the frontend. A Session borrows it for
// the duration of one Execute.
type Stdin interface {
	// ReadLine shows prompt and returns what the user typed, without the
	// line ending. With password the frontend hides the input. It fails
	// with ErrNoStdin when the frontend does not accept input.
	ReadLine(ctx context.Context, prompt string, password bool) (string, error)
}

// ErrNoStdin is returned by Stdin.ReadLine when the frontend said it cannot
// answer input requests (allow_stdin false).
var ErrNoStdin = errors.New("session: this frontend does not accept input (allow_stdin is false)")

// Completion is the answer to a complete_request. Cursor positions are in
// Unicode code points.
type Completion struct {
	Matches     []string `json:"matches"`
	CursorStart int      `json:"cursor_start"`
	CursorEnd   int      `json:"cursor_end"`
	// Types optionally gives, for each match, its kind ("function",
	// "variable", "type", "keyword", "package", ...) and signature, for
	// JupyterLab's _jupyter_types_experimental metadata.
	Types []CompletionType `json:"types,omitempty"`
}

// CompletionType describes one match of a Completion.
type CompletionType struct {
	Text      string `json:"text"`
	Start     int    `json:"start"`
	End       int    `json:"end"`
	Type      string `json:"type"`
	Signature string `json:"signature,omitempty"`
}

// Inspection is the answer to an inspect_request.
type Inspection struct {
	Found bool    `json:"found"`
	Data  *Bundle `json:"data,omitempty"`
}

// Completeness is the answer to an is_complete_request.
type Completeness struct {
	// Status is "complete", "incomplete", "invalid" or "unknown".
	Status string `json:"status"`
	// Indent is what to put at the start of the next line when incomplete.
	Indent string `json:"indent,omitempty"`
}

// Statuses of Completeness.
const (
	Complete   = "complete"
	Incomplete = "incomplete"
	Invalid    = "invalid"
	Unknown    = "unknown"
)
