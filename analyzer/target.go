package analyzer

import (
	"sort"
)

// targetOf returns the ref a finding over [start, end) is aimed at, or -1:
//
//  1. an actor named inside the finding;
//  2. a possessive just before it, in the same clause: "Pakistan's narrative",
//     "its “false flag” claim";
//  3. "of" and an actor right after it: "the hollowness of Pakistan's …";
//  4. the subject: the latest actor before it in the sentence that starts a
//     clause ("Islamabad faced a thumbs down");
//  5. the object: the first actor after it in the same clause;
//  6. the nearest actor before it in the sentence;
//  7. the first subject after it in the sentence (an opening clause).
//
// Subjects before and after come from the tables scan keeps, not from a walk
// over the sentence's mentions: the work per finding does not grow with the
// sentence.
//
// With objectFirst (verbs and the adverbs that boost them), 5 comes before 4.
func (p *actorPass) targetOf(start, end int, objectFirst bool) int {
	// Findings come in order of start: search on from the previous one.
	lo := p.tokHint
	start32, end32 := int32(start), int32(end)
	if lo > 0 && p.toks[lo-1].Start >= start32 {
		lo = 0
	}
	// The next finding is most often a few dozen tokens on: gallop from
	// the previous one.
	toks := p.toks
	fi := tokenFrom(toks, lo, start)
	p.tokHint = fi
	if fi >= len(toks) || fi > 0 && toks[fi-1].End > end32 {
		return -1 // no token, or the last token by end is before fi
	}
	fl, stop := fi, min(fi+walkSteps, len(toks))
	for fl < stop && toks[fl].End <= end32 {
		fl++
	}
	if fl == stop {
		fl = gallop(fl, len(toks), func(i int) bool { return toks[i].End > end32 })
	}
	fl--
	if fl < fi {
		return -1
	}
	s := p.sent[fi]
	p.scan()
	lo = p.mentionHint
	if lo > 0 && p.mentions[lo-1].first >= fi {
		lo = 0
	}
	mentions := p.mentions
	mi, stop := lo, min(lo+walkSteps, len(mentions))
	for mi < stop && mentions[mi].first < fi {
		mi++
	}
	if mi == stop {
		mi = gallop(mi, len(mentions), func(i int) bool { return mentions[i].first >= fi })
	}
	p.mentionHint = mi
	// 1. inside
	for i := mi; i < len(p.mentions) && p.mentions[i].last <= fl; i++ {
		p.steps++
		if !p.mentions[i].pronoun {
			return p.mentions[i].ref
		}
	}
	// 2. possessive before
	if mi > 0 {
		m := p.mentions[mi-1]
		if m.poss && m.sent == s && fi-m.last <= 6 && p.sameClause(m.last, fi) {
			return m.ref
		}
	}
	// 3. "of" after
	k := fl + 1
	if k < len(p.toks) && p.sent[k] == s && p.flags[k]&wOf != 0 {
		k++
		if k < len(p.toks) && p.flags[k]&wThe != 0 {
			k++
		}
		for i := mi; i < len(p.mentions); i++ {
			p.steps++
			if p.mentions[i].first == k {
				return p.mentions[i].ref
			}
			if p.mentions[i].first > k {
				break
			}
		}
	}
	subject := func() int {
		// the latest subject before the finding, if it is in its sentence
		if mi > 0 {
			if j := p.prevSubject(mi - 1); j >= 0 && p.mentionSent(j) == s {
				return p.mentions[j].ref
			}
		}
		return -1
	}
	object := func() int {
		for i := mi; i < len(p.mentions); i++ {
			p.steps++
			m := p.mentions[i]
			if m.first <= fl {
				continue
			}
			if m.first-fl <= 8 && p.sameClause(m.first, fl) {
				return m.ref
			}
			break
		}
		return -1
	}
	// 4. subject, 5. object
	first, second := subject, object
	if objectFirst {
		first, second = object, subject
	}
	if r := first(); r >= 0 {
		return r
	}
	if r := second(); r >= 0 {
		return r
	}
	// 6. nearest before
	if mi > 0 && p.mentions[mi-1].sent == s {
		return p.mentions[mi-1].ref
	}
	// 7. an opening clause takes the subject after it: "Under the guise of
	// talks, Ostrel's envoy …"
	i := mi
	for ; i < len(p.mentions) && p.mentions[i].first <= fl; i++ {
		p.steps++ // the mentions inside the finding
		if p.mentionSent(i) != s {
			return -1
		}
	}
	if i < len(p.mentions) {
		if j := p.nextSubj[i]; j >= 0 && p.mentionSent(int(j)) == s {
			return p.mentions[j].ref
		}
	}
	return -1
}

// walkSteps is how far targetOf tests items one by one before it gallops:
// about the tokens between two findings in news.
const walkSteps = 64

// gallop returns the smallest i in [lo, n) for which f is true, or n, where f
// is false before lo and stays true once true: sort.Search from a hint, in
// time logarithmic in the distance from lo.
func gallop(lo, n int, f func(int) bool) int {
	hi, step := lo, 1
	for hi < n && !f(hi) {
		lo = hi + 1
		hi += step
		step *= 2
	}
	hi = min(hi, n)
	return lo + sort.Search(hi-lo, func(i int) bool { return f(lo + i) })
}

// lowerBound returns the first index of sorted a whose element is x or more
// (len(a) for none), as slices.BinarySearch's index does, with no branch on
// the elements: each step's choice is arithmetic on the sign of a
// difference, not a branch that the processor mispredicts every other step
// (the compiler makes no conditional move in a loop). The elements and x are
// below 1<<62: token indices, byte offsets, packed ASCII words.
func lowerBound[T ~int | ~int32 | ~uint64](a []T, x T) int {
	base, n := 0, len(a)
	if n == 0 {
		return 0
	}
	for n > 1 {
		half := n / 2
		// -1 when a[base+half] < x, else 0
		lt := int((int64(a[base+half]) - int64(x)) >> 63)
		base += half & lt
		n -= half
	}
	if a[base] < x {
		base++
	}
	return base
}

// lowerBoundNear is lowerBound(a, x) for a search that most often lands
// near the one before it, at hint: it doubles its step from hint, forward
// or back, to the first element of x or more, then halves it (any hint
// gives the same answer). The speech pass's searches go through the
// window in order.
func lowerBoundNear[T ~int | ~int32 | ~uint64](a []T, x T, hint int) int {
	h := min(max(hint, 0), len(a))
	lo, hi := 0, len(a)
	if h < len(a) && a[h] < x {
		lo = h + 1 // the answer is past h
		for step := 1; ; step *= 2 {
			i := lo + step - 1
			if i >= len(a) {
				break
			}
			if a[i] >= x {
				hi = i
				break
			}
			lo = i + 1
		}
	} else {
		hi = h // the answer is h or before
		for step := 1; ; step *= 2 {
			i := hi - step
			if i < 0 {
				break
			}
			if a[i] < x {
				lo = i + 1
				break
			}
			hi = i
		}
	}
	return lo + lowerBound(a[lo:hi], x)
}
