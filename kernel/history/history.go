// Package history keeps the inputs of executed cells so that a frontend's
// history_request (up-arrow in a console, %history) can be answered, across
// kernel restarts.
//
// Entries live in memory (the last Limit of them) and are appended to a JSON
// lines file in the user's data directory. Each Open starts a new session
// number, one more than any the file has seen, as IPython numbers its
// sessions. The file is compacted to Limit entries whenever it has grown by
// Limit entries since the last compaction, and when it is opened holding
// more than twice Limit lines, so it stays bounded without being rewritten
// at every kernel start (a full file took 80-260 ms to rewrite). Lines
// that cannot be read (a crash mid-write, a hand edit) are skipped.
//
// Kernels running at once (two notebooks open) share the file: a
// compaction rewrites what the file holds, not what one kernel remembers,
// and a kernel whose file another one replaced appends to the new file.
// A lock file beside it (history.jsonl.lock, held for milliseconds) keeps
// kernels started together from taking the same session number.
package history

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sync"
	"time"
)

// FileName is the name of the history file inside the store's directory.
const FileName = "history.jsonl"

// DefaultLimit is how many entries a store keeps when Options.Limit is 0.
const DefaultLimit = 10000

// Entry is one executed input.
type Entry struct {
	// Session is the number of the kernel run the input was executed in.
	Session int `json:"session"`
	// Line is the execution count the input ran as.
	Line int `json:"line"`
	// Input is the cell's code.
	Input string `json:"input"`
}

// record is one line of the file: an entry, or a marker (Input absent,
// Line 0) that reserves a session number when a store opens.
type record struct {
	Session int     `json:"session"`
	Line    int     `json:"line,omitempty"`
	Input   *string `json:"input,omitempty"`
}

// Options configure Open.
type Options struct {
	// Dir is the directory holding the history file; DefaultDir when empty.
	Dir string
	// Limit is the number of entries kept; DefaultLimit when 0.
	Limit int
}

// Store is the history of executed inputs. Its methods are safe for
// concurrent use.
type Store struct {
	mu           sync.Mutex
	path         string
	limit        int
	session      int
	entries      []Entry
	f            *os.File
	sinceCompact int
}

// DefaultDir returns where the history lives: $JUPYTER_DATA_DIR/gocell, else
// $XDG_DATA_HOME/gocell, else ~/.local/share/gocell.
func DefaultDir() (string, error) {
	if d := os.Getenv("JUPYTER_DATA_DIR"); d != "" {
		return filepath.Join(d, "gocell"), nil
	}
	if d := os.Getenv("XDG_DATA_HOME"); d != "" {
		return filepath.Join(d, "gocell"), nil
	}
	home, err := os.UserHomeDir()
	if err != nil {
		return "", fmt.Errorf("history: no data directory: %w", err)
	}
	return filepath.Join(home, ".local", "share", "gocell"), nil
}

// Open reads the history file (creating it and its directory if needed),
// compacts it and starts a new session.
func Open(opts Options) (*Store, error) {
	dir := opts.Dir
	if dir == "" {
		d, err := DefaultDir()
		if err != nil {
			return nil, err
		}
		dir = d
	}
	limit := opts.Limit
	if limit <= 0 {
		limit = DefaultLimit
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, fmt.Errorf("history: %w", err)
	}
	s := &Store{path: filepath.Join(dir, FileName), limit: limit}
	// Kernels started together (a restored workspace) must not read the
	// same highest session number: reading and writing the marker happen
	// under the lock.
	defer lock(s.path)()
	maxSession, lines, torn, err := s.load()
	if err != nil {
		return nil, err
	}
	s.session = maxSession + 1
	// Lines, not entries: session markers count too. At twice the limit a
	// file that a previous run compacted is left alone until it has grown
	// again.
	if lines > 2*limit {
		if err := s.rewrite(); err != nil {
			return nil, err
		}
		torn = false
	}
	f, err := os.OpenFile(s.path, os.O_WRONLY|os.O_APPEND|os.O_CREATE, 0o600)
	if err != nil {
		return nil, fmt.Errorf("history: %w", err)
	}
	s.f = f
	if torn {
		// End the half-written line so it does not swallow the next record.
		if _, err := f.Write([]byte{'\n'}); err != nil {
			f.Close()
			return nil, fmt.Errorf("history: %w", err)
		}
	}
	// The marker reserves this session's number even if nothing runs, so
	// two runs never share one.
	if err := s.write(record{Session: s.session}); err != nil {
		f.Close()
		return nil, err
	}
	return s, nil
}

// load reads the file into s.entries, keeping the last limit entries, and
// returns the highest session number seen, how many lines were read and
// whether the last one lacks its newline.
func (s *Store) load() (maxSession, lines int, torn bool, err error) {
	f, err := os.Open(s.path)
	if errors.Is(err, os.ErrNotExist) {
		return 0, 0, false, nil
	}
	if err != nil {
		return 0, 0, false, fmt.Errorf("history: %w", err)
	}
	defer f.Close()
	r := bufio.NewReader(f)
	for {
		line, rerr := r.ReadBytes('\n')
		if len(line) > 0 {
			lines++
			var rec record
			if json.Unmarshal(line, &rec) == nil && rec.Session > 0 {
				maxSession = max(maxSession, rec.Session)
				if rec.Input != nil && rec.Line > 0 {
					s.entries = append(s.entries, Entry{rec.Session, rec.Line, *rec.Input})
					if len(s.entries) > 2*s.limit {
						s.entries = append(s.entries[:0], s.entries[len(s.entries)-s.limit:]...)
					}
				}
			}
		}
		if rerr == io.EOF {
			torn = len(line) > 0
			break
		}
		if rerr != nil {
			return 0, 0, false, fmt.Errorf("history: %w", rerr)
		}
	}
	s.trim()
	return maxSession, lines, torn, nil
}

// kept returns the entries the store keeps: the last limit of those in
// memory, which may hold up to twice as many (see Add).
func (s *Store) kept() []Entry {
	if len(s.entries) > s.limit {
		return s.entries[len(s.entries)-s.limit:]
	}
	return s.entries
}

func (s *Store) trim() {
	if len(s.entries) > s.limit {
		s.entries = append(s.entries[:0:0], s.entries[len(s.entries)-s.limit:]...)
	}
}

// rewrite replaces the file with its last limit entries, through a
// temporary file so a crash leaves either the old file or the new one.
//
// The entries are read from the file again, not taken from memory: another
// kernel (a second notebook) may be appending to it, and its entries must
// survive the rewrite.
func (s *Store) rewrite() error {
	onDisk := &Store{path: s.path, limit: s.limit}
	newest, _, _, err := onDisk.load()
	keep := onDisk.kept()
	if err != nil {
		newest, keep = 0, s.kept()
	}
	tmp, err := os.CreateTemp(filepath.Dir(s.path), FileName+".*")
	if err != nil {
		return fmt.Errorf("history: %w", err)
	}
	w := bufio.NewWriter(tmp)
	enc := json.NewEncoder(w)
	// Keep the newest session number even if its entries were dropped.
	werr := enc.Encode(record{Session: max(s.session, newest)})
	for _, e := range keep {
		if werr != nil {
			break
		}
		werr = enc.Encode(record{Session: e.Session, Line: e.Line, Input: &e.Input})
	}
	if werr == nil {
		werr = w.Flush()
	}
	if cerr := tmp.Close(); werr == nil {
		werr = cerr
	}
	if werr == nil {
		werr = os.Rename(tmp.Name(), s.path)
	}
	if werr != nil {
		os.Remove(tmp.Name())
		return fmt.Errorf("history: compacting: %w", werr)
	}
	s.sinceCompact = 0
	return nil
}

func (s *Store) write(rec record) error {
	b, err := json.Marshal(rec)
	if err != nil {
		return fmt.Errorf("history: %w", err)
	}
	if err := s.follow(); err != nil {
		return err
	}
	if _, err := s.f.Write(append(b, '\n')); err != nil {
		return fmt.Errorf("history: %w", err)
	}
	return nil
}

// lock takes the history's lock file, so that one process at a time reads
// and rewrites the file or reserves a session number, and returns its
// release. A lock left by a process that died is taken over after
// staleLock; a lock that cannot be had within lockWait (or at all: a
// read-only folder) is gone without, as history is not worth a failed
// kernel start.
func lock(path string) (unlock func()) {
	name := path + ".lock"
	deadline := time.Now().Add(lockWait)
	for {
		f, err := os.OpenFile(name, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
		if err == nil {
			f.Close()
			return func() { os.Remove(name) }
		}
		if !errors.Is(err, os.ErrExist) || time.Now().After(deadline) {
			return func() {}
		}
		if fi, err := os.Stat(name); err == nil && time.Since(fi.ModTime()) > staleLock {
			os.Remove(name)
			continue
		}
		time.Sleep(2 * time.Millisecond)
	}
}

// lockWait bounds the wait for the lock; staleLock is the age after which
// a lock is taken to be a dead process's. Holding it takes milliseconds
// (a full file is read in tens of them).
const (
	lockWait  = 2 * time.Second
	staleLock = 10 * time.Second
)

// follow reopens the file when another kernel's compaction has replaced
// it: appending to the old one would write where no one reads.
func (s *Store) follow() error {
	now, err := os.Stat(s.path)
	if err != nil && !errors.Is(err, os.ErrNotExist) {
		return fmt.Errorf("history: %w", err)
	}
	if err == nil {
		if mine, err := s.f.Stat(); err == nil && os.SameFile(now, mine) {
			return nil
		}
	}
	f, err := os.OpenFile(s.path, os.O_WRONLY|os.O_APPEND|os.O_CREATE, 0o600)
	if err != nil {
		return fmt.Errorf("history: %w", err)
	}
	s.f.Close()
	s.f = f
	return nil
}

// Session returns the number of the current session.
func (s *Store) Session() int { return s.session }

// Add records input as line of the current session. The entry is kept in
// memory even when writing the file fails; the error says it was not saved.
func (s *Store) Add(line int, input string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.entries = append(s.entries, Entry{s.session, line, input})
	// Trimming copies the kept entries: doing it only past twice the limit
	// keeps Add O(1) amortised instead of copying limit entries per cell.
	if len(s.entries) > 2*s.limit {
		s.trim()
	}
	if s.f == nil {
		return errors.New("history: store is closed")
	}
	if err := s.write(record{Session: s.session, Line: line, Input: &input}); err != nil {
		return err
	}
	s.sinceCompact++
	if s.sinceCompact >= s.limit {
		unlock := lock(s.path)
		defer unlock()
		if err := s.rewrite(); err != nil {
			return err
		}
		// The old descriptor points at the replaced file.
		s.f.Close()
		f, err := os.OpenFile(s.path, os.O_WRONLY|os.O_APPEND|os.O_CREATE, 0o600)
		if err != nil {
			s.f = nil
			return fmt.Errorf("history: %w", err)
		}
		s.f = f
	}
	return nil
}

// Close closes the history file. The in-memory entries stay readable.
func (s *Store) Close() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.f == nil {
		return nil
	}
	err := s.f.Close()
	s.f = nil
	if err != nil {
		return fmt.Errorf("history: %w", err)
	}
	return nil
}
