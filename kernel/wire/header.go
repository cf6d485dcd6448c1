package wire

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
	dst = AppendString(dst, h.MsgID)
	dst = append(dst, `,"session":`...)
	dst = AppendString(dst, h.Session)
	dst = append(dst, `,"username":`...)
	dst = AppendString(dst, h.Username)
	dst = append(dst, `,"date":`...)
	dst = AppendString(dst, h.Date)
	dst = append(dst, `,"msg_type":`...)
	dst = AppendString(dst, h.MsgType)
	dst = append(dst, `,"version":`...)
	dst = AppendString(dst, h.Version)
	return append(dst, '}')
}
