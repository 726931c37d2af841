package tables

import (
	"crypto/sha256"
	"encoding/hex"
	"slices"
	"strings"
	"time"

	"github.com/slantnews/slant/analyzer"
)

// Unknown is the partition value of an article whose outlet or date is not
// known: outlet=__unknown__, date=__unknown__.
const Unknown = "__unknown__"

// maxOutletKey bounds the outlet part of a path.
const maxOutletKey = 48

// Partition is where a report's rows go: outlet=Outlet/date=Date/.
type Partition struct {
	Outlet string // OutletKey of the outlet's name
	Date   string // YYYY-MM-DD, or Unknown
}

// Path is the partition's directory under a table: "outlet=x/date=y".
func (p Partition) Path() string { return "outlet=" + p.Outlet + "/date=" + p.Date }

// PartitionOf returns the partition of a report, from its document's outlet
// and published date.
func PartitionOf(r *analyzer.Report) Partition {
	var outlet, published string
	if r.Document != nil {
		outlet, published = r.Document.Outlet, r.Document.Published
	}
	return Partition{Outlet: OutletKey(outlet), Date: DateKey(published)}
}

// OutletKey is the partition value of an outlet's name, safe in a path, an
// S3 key and an Athena projection: lower-case ASCII letters and digits, each
// run of anything else one "-", at most 48 bytes, no "-" at either end. A
// name that this changes beyond case, spaces and punctuation (any
// non-ASCII letter, or nothing left) gets "-" and 8 hex digits of its
// SHA-256, so that "Le Monde" and "Le Mondé" stay apart. An empty name is
// Unknown.
func OutletKey(name string) string {
	name = strings.TrimSpace(name)
	if name == "" {
		return Unknown
	}
	var b strings.Builder
	lossy, dash := false, false
	for _, c := range strings.ToLower(name) {
		switch {
		case c >= 'a' && c <= 'z' || c >= '0' && c <= '9':
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			dash = false
			b.WriteRune(c)
		case c > 0x7f:
			lossy, dash = true, true
		default:
			dash = true
		}
	}
	key := b.String()
	if len(key) > maxOutletKey {
		key, lossy = strings.TrimRight(key[:maxOutletKey], "-"), true
	}
	if lossy || key == "" {
		sum := sha256.Sum256([]byte(name))
		if key != "" {
			key += "-"
		}
		key += hex.EncodeToString(sum[:4])
	}
	return key
}

// DateKey is the partition value of a published date: the calendar date as
// the page wrote it (the local date of an RFC 3339 time, not its UTC date),
// or Unknown when published does not start with a valid YYYY-MM-DD.
func DateKey(published string) string {
	published = strings.TrimSpace(published)
	if len(published) < 10 {
		return Unknown
	}
	d := published[:10]
	if _, err := time.Parse(time.DateOnly, d); err != nil {
		return Unknown
	}
	return d
}

// sortPartitions sorts by path.
func sortPartitions(ps []Partition) {
	slices.SortFunc(ps, func(a, b Partition) int { return strings.Compare(a.Path(), b.Path()) })
}
