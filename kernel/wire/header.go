package wire

import "encoding/json"

// Every message sent has its header marshalled; doing it by hand instead of
// through encoding/json's reflection saves a good part of the cost of
// sending a small message. The output is byte for byte what json.Marshal
// gives for a Header.

// headerSize is the length of h's JSON when no field needs escaping.
func headerSize(h *Header) int {
	return len(`{"msg_id":"","session":"","username":"","date":"","msg_type":"","version":""}`) +
		len(h.MsgID) + len(h.Session) + len(h.Username) + len(h.Date) + len(h.MsgType) + len(h.Version)
}

// appendHeader appends h's JSON to dst.
func appendHeader(dst []byte, h *Header) []byte {
	dst = append(dst, `{"msg_id":`...)
	dst = appendString(dst, h.MsgID)
	dst = append(dst, `,"session":`...)
	dst = appendString(dst, h.Session)
	dst = append(dst, `,"username":`...)
	dst = appendString(dst, h.Username)
	dst = append(dst, `,"date":`...)
	dst = appendString(dst, h.Date)
	dst = append(dst, `,"msg_type":`...)
	dst = appendString(dst, h.MsgType)
	dst = append(dst, `,"version":`...)
	dst = appendString(dst, h.Version)
	return append(dst, '}')
}

// appendString appends s as a JSON string. Strings that need no escaping
// (ids, dates, message types) are copied; any other goes through
// encoding/json, so the escaping is exactly its.
func appendString(dst []byte, s string) []byte {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < 0x20 || c > 0x7e || c == '"' || c == '\\' || c == '<' || c == '>' || c == '&' {
			// Marshalling a string cannot fail.
			raw, _ := json.Marshal(s)
			return append(dst, raw...)
		}
	}
	dst = append(dst, '"')
	dst = append(dst, s...)
	return append(dst, '"')
}
