package history

import (
	"regexp"
	"strings"
)

// Tail returns the last n entries, oldest first; all of them when n <= 0.
func (s *Store) Tail(n int) []Entry {
	s.mu.Lock()
	defer s.mu.Unlock()
	kept := s.kept()
	if n <= 0 || n > len(kept) {
		n = len(kept)
	}
	return append([]Entry(nil), kept[len(kept)-n:]...)
}

// Range returns the entries of one session with start <= line < stop, in
// order. A session of 0 or less counts back from the current one (0 is the
// current session, -1 the one before). A stop of 0 or less means no upper
// bound.
func (s *Store) Range(session, start, stop int) []Entry {
	s.mu.Lock()
	defer s.mu.Unlock()
	if session <= 0 {
		session += s.session
	}
	var out []Entry
	for _, e := range s.kept() {
		if e.Session == session && e.Line >= start && (stop <= 0 || e.Line < stop) {
			out = append(out, e)
		}
	}
	return out
}

// Search returns the entries whose input matches the glob pattern (* any
// text, ? one character, [...] a class, as in a shell; the whole input must
// match), oldest first. With unique, only the newest entry of each distinct
// input is kept. With n > 0, only the last n results are returned.
func (s *Store) Search(pattern string, n int, unique bool) []Entry {
	re := globRegexp(pattern)
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []Entry
	for _, e := range s.kept() {
		if re.MatchString(e.Input) {
			out = append(out, e)
		}
	}
	if unique {
		seen := make(map[string]bool, len(out))
		kept := make([]Entry, 0, len(out))
		// Walk newest first so the newest occurrence wins, then restore order.
		for i := len(out) - 1; i >= 0; i-- {
			if !seen[out[i].Input] {
				seen[out[i].Input] = true
				kept = append(kept, out[i])
			}
		}
		for i, j := 0, len(kept)-1; i < j; i, j = i+1, j-1 {
			kept[i], kept[j] = kept[j], kept[i]
		}
		out = kept
	}
	if n > 0 && len(out) > n {
		out = out[len(out)-n:]
	}
	return out
}

// globRegexp translates a glob into an anchored regular expression. A
// malformed class is taken literally rather than rejected: a search box
// should find text, not report syntax errors.
func globRegexp(pattern string) *regexp.Regexp {
	var b strings.Builder
	b.WriteString(`(?s)\A`)
	rs := []rune(pattern)
	for i := 0; i < len(rs); i++ {
		switch c := rs[i]; c {
		case '*':
			b.WriteString(`.*`)
		case '?':
			b.WriteString(`.`)
		case '[':
			end := -1
			for j := i + 1; j < len(rs); j++ {
				if rs[j] == ']' && j > i+1 {
					end = j
					break
				}
			}
			if end < 0 {
				b.WriteString(`\[`)
				continue
			}
			class := rs[i+1 : end]
			b.WriteByte('[')
			if class[0] == '!' {
				b.WriteByte('^')
				class = class[1:]
			}
			for _, r := range class {
				if r == '\\' || r == '[' || r == ']' || r == '^' {
					b.WriteByte('\\')
				}
				b.WriteRune(r)
			}
			b.WriteByte(']')
			i = end
		default:
			b.WriteString(regexp.QuoteMeta(string(c)))
		}
	}
	b.WriteString(`\z`)
	re, err := regexp.Compile(b.String())
	if err != nil {
		return regexp.MustCompile(`\A` + regexp.QuoteMeta(pattern) + `\z`)
	}
	return re
}
