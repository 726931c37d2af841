package analyzer

// Quote is a quoted span: Span covers the quote marks, Inner the text between
// them. Depth is 0 for an outer quote and 1 for a quote inside it.
type Quote struct {
	Span
	Inner  Span
	Depth  int
	Closed bool // false when the paragraph ended before a closing mark
}

// Quotes finds quoted spans: “…”, «…», „…“, "…" (straight quotes pair up in
// order), and single quotes ‘…’ or '…' when they do not work as apostrophes. A
// quote left open at the end of a paragraph ends there (news style continues a
// quote in the next paragraph with a new opening mark). Quotes are returned in
// order of their opening mark.
func Quotes(input []byte) []Quote {
	return quotes(input, nil)
}

type openQuote struct {
	start, innerStart int
	double            bool
	straight          bool
	idx               int // index in out
}

func quotes(input []byte, out []Quote) []Quote { return quotesFrom(input, 0, out) }

// quotesFrom is quotes of input[from:], with offsets into input: a window
// of a long input, which starts after a blank line, where every quote has
// ended (analyzeWindows).
func quotesFrom(input []byte, from int, out []Quote) []Quote {
	return quotesIn(input, from, nil, false, out)
}

// quotesAt is quotesFrom that reads only the bytes at marks, the places
// tokenizeFrom listed, instead of scanning for them: the same quotes, since
// every other byte is one quotes passes over (and some marks are only
// sentences').
func quotesAt(input []byte, from int, marks []int32, out []Quote) []Quote {
	return quotesIn(input, from, marks, true, out)
}

// quotesIn is quotesFrom, or with listed quotesAt.
func quotesIn(input []byte, from int, marks []int32, listed bool, out []Quote) []Quote {
	var stack [4]openQuote
	n := 0
	closeAll := func(at int) {
		for n > 0 {
			n--
			q := &out[stack[n].idx]
			q.End, q.Inner.End = at, at
		}
	}
	open := func(i, size int, double, straight bool) {
		if n == len(stack) {
			return
		}
		stack[n] = openQuote{start: i, innerStart: i + size, double: double, straight: straight, idx: len(out)}
		out = append(out, Quote{Span: Span{i, i + size}, Inner: Span{i + size, i + size}, Depth: n})
		n++
	}
	// closeTo closes the innermost open quote of the given kind and any
	// quotes opened inside it.
	closeTo := func(i, size int, double bool) bool {
		for k := n - 1; k >= 0; k-- {
			if stack[k].double != double {
				continue
			}
			for n > k+1 { // unclosed inner quotes end here
				n--
				q := &out[stack[n].idx]
				q.End, q.Inner.End = i, i
			}
			n--
			q := &out[stack[n].idx]
			q.Inner.End = i
			q.End = i + size
			q.Closed = true
			return true
		}
		return false
	}
	lineEnd := from
	for i, mi := from, 0; i < len(input); {
		if listed {
			if mi == len(marks) {
				break
			}
			i, mi = int(marks[mi]), mi+1
		} else if !quoteStop[input[i]] {
			i = quoteRun(input, i+1)
			continue
		}
		r, size := decode(input, i)
		switch r {
		case '\n':
			if n > 0 && lineBreakEnds(input, i) {
				closeAll(lastNonSpaceBefore(input, lineEnd, i))
			}
			lineEnd = i + 1
		case '“', '«', '„':
			open(i, size, true, false)
		case '”', '»':
			closeTo(i, size, true)
		case '"':
			if topKind(stack[:n], true, true) {
				closeTo(i, size, true)
			} else if opensHere(input, i, size) {
				open(i, size, true, true)
			} else {
				closeTo(i, size, true)
			}
		case '‘':
			open(i, size, false, false)
		case '’', '\'':
			prevLetter := i > 0 && wordBefore(input, i)
			nextLetter := i+size < len(input) && wordAt(input, i+size)
			switch {
			case prevLetter && nextLetter:
				// an apostrophe inside a word
			case !prevLetter && nextLetter && r == '\'' && opensHere(input, i, size):
				open(i, size, false, true)
			case !nextLetter && hasOpen(stack[:n], false):
				closeTo(i, size, false)
			}
		}
		i += size
	}
	closeAll(lastNonSpaceBefore(input, lineEnd, len(input)))
	return out
}

// quoteStop marks the bytes quotes must look at: straight quotes, line
// breaks and the lead bytes of the curly quotes and guillemets (U+2018 to
// U+201E start with 0xE2, « and » with 0xC2). A lead byte is never inside
// another rune, so every other byte can be passed one at a time.
var quoteStop = func() (t [256]bool) {
	for _, c := range []byte{'"', '\'', '\n', 0xC2, 0xE2} {
		t[c] = true
	}
	return t
}()

func lastNonSpaceBefore(input []byte, from, to int) int {
	for to > from {
		c := input[to-1]
		if c == ' ' || c == '\t' || c == '\r' || c == '\n' {
			to--
			continue
		}
		break
	}
	return to
}

func topKind(stack []openQuote, double, straight bool) bool {
	return len(stack) > 0 && stack[len(stack)-1].double == double && stack[len(stack)-1].straight == straight
}

func hasOpen(stack []openQuote, double bool) bool {
	for _, o := range stack {
		if o.double == double {
			return true
		}
	}
	return false
}

// opensHere reports whether a straight quote at i opens a quote: it starts
// the text or follows space or an opening bracket, and does not precede space.
func opensHere(input []byte, i, size int) bool {
	if i+size >= len(input) {
		return false
	}
	if r, _ := decode(input, i+size); space(r) {
		return false
	}
	if i == 0 {
		return true
	}
	c := input[i-1]
	return c == ' ' || c == '\n' || c == '\t' || c == '(' || c == '[' || c == '"' || c == '-' || c == 0xA0 || c >= 0x80 && !wordBefore(input, i)
}

func wordBefore(input []byte, i int) bool {
	j := i - 1
	for j > 0 && input[j]&0xC0 == 0x80 {
		j--
	}
	r, _ := decode(input, j)
	return letter(r) || digit(r)
}

func wordAt(input []byte, i int) bool {
	r, _ := decode(input, i)
	return letter(r) || digit(r)
}
