package main

import (
	"unicode/utf16"
	"unicode/utf8"
)

// quickBatchDoc decodes the common batch line, an object of two string
// members "id" and "text" (in either order, with or without spaces), as
// encoding/json would, without its reflection and its second scan of the
// line: decoding took about a sixth of a batch run. It reports false for any
// other line (another key, a duplicate, a non-string value, invalid UTF-8,
// data after the object, a syntax error), which encoding/json then decodes,
// with its errors. The text is line's own bytes when it holds no escape,
// and is decoded into *scratch (grown as needed) when it does; the caller
// keeps both until it is done with the text. A nil scratch decodes into new
// memory.
func quickBatchDoc(line []byte, scratch *[]byte) (id string, text []byte, ok bool) {
	i := skipJSONSpace(line, 0)
	if i >= len(line) || line[i] != '{' {
		return "", nil, false
	}
	var haveID, haveText bool
	i++
	for {
		i = skipJSONSpace(line, i)
		key, next, ok := quickJSONString(line, i, nil)
		if !ok {
			return "", nil, false
		}
		i = skipJSONSpace(line, next)
		if i >= len(line) || line[i] != ':' {
			return "", nil, false
		}
		i = skipJSONSpace(line, i+1)
		switch {
		case string(key) == "id" && !haveID:
			val, n, ok := quickJSONString(line, i, nil)
			if !ok {
				return "", nil, false
			}
			id, haveID, next = string(val), true, n
		case string(key) == "text" && !haveText:
			val, n, ok := quickJSONString(line, i, scratch)
			if !ok {
				return "", nil, false
			}
			text, haveText, next = val, true, n
		default:
			return "", nil, false
		}
		i = skipJSONSpace(line, next)
		if i >= len(line) {
			return "", nil, false
		}
		if line[i] == '}' {
			break
		}
		if line[i] != ',' {
			return "", nil, false
		}
		i++
	}
	if !haveID || !haveText || skipJSONSpace(line, i+1) != len(line) {
		return "", nil, false
	}
	return id, text, true
}

func skipJSONSpace(b []byte, i int) int {
	for i < len(b) && (b[i] == ' ' || b[i] == '\t' || b[i] == '\n' || b[i] == '\r') {
		i++
	}
	return i
}

// quickJSONString decodes the JSON string at b[i] and returns the index
// after it. A string with no escape is returned as b's own bytes; one with
// escapes is decoded into *dst, grown to fit (new memory when dst is nil). It reports false for what is not a string, and for a
// string with invalid UTF-8 (encoding/json replaces it) or a control
// character.
func quickJSONString(b []byte, i int, dst *[]byte) ([]byte, int, bool) {
	if i >= len(b) || b[i] != '"' {
		return nil, 0, false
	}
	i++
	start := i
	// Most strings have no escape: one scan finds the end.
	for i < len(b) {
		c := b[i]
		if c == '"' {
			if !utf8.Valid(b[start:i]) {
				return nil, 0, false
			}
			return b[start:i:i], i + 1, true
		}
		if c == '\\' || c < 0x20 {
			break
		}
		i++
	}
	// The decoded string is at most as long as the rest of b: a dst is
	// sized once (a short id with an escape is not given the line's size).
	var out []byte
	if dst != nil {
		if cap(*dst) < len(b)-start {
			*dst = make([]byte, 0, len(b)-start)
		}
		out = (*dst)[:0]
	}
	out = append(out, b[start:i]...)
	for i < len(b) {
		c := b[i]
		switch {
		case c == '"':
			if !utf8.Valid(out) {
				return nil, 0, false
			}
			return out, i + 1, true
		case c < 0x20:
			return nil, 0, false
		case c != '\\':
			out = append(out, c)
			i++
			continue
		}
		if i+1 >= len(b) {
			return nil, 0, false
		}
		switch e := b[i+1]; e {
		case '"', '\\', '/':
			out = append(out, e)
		case 'b':
			out = append(out, '\b')
		case 'f':
			out = append(out, '\f')
		case 'n':
			out = append(out, '\n')
		case 'r':
			out = append(out, '\r')
		case 't':
			out = append(out, '\t')
		case 'u':
			r, ok := hex4(b, i+2)
			if !ok {
				return nil, 0, false
			}
			i += 6
			if utf16.IsSurrogate(r) {
				// a pair makes one rune; a lone half is U+FFFD, as in
				// encoding/json
				if r2, ok := hex4(b, i+2); ok && i+1 < len(b) && b[i] == '\\' && b[i+1] == 'u' {
					if d := utf16.DecodeRune(r, r2); d != utf8.RuneError {
						out = utf8.AppendRune(out, d)
						i += 6
						continue
					}
				}
				r = utf8.RuneError
			}
			out = utf8.AppendRune(out, r)
			continue
		default:
			return nil, 0, false
		}
		i += 2
	}
	return nil, 0, false
}

// hex4 decodes the four hex digits at b[i].
func hex4(b []byte, i int) (rune, bool) {
	if i+4 > len(b) {
		return 0, false
	}
	var r rune
	for _, c := range b[i : i+4] {
		switch {
		case '0' <= c && c <= '9':
			c -= '0'
		case 'a' <= c && c <= 'f':
			c -= 'a' - 10
		case 'A' <= c && c <= 'F':
			c -= 'A' - 10
		default:
			return 0, false
		}
		r = r<<4 | rune(c)
	}
	return r, true
}
