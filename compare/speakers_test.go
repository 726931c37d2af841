package compare

import (
	"testing"

	"github.com/slantnews/slant/analyzer"
)

func TestAnonymous(t *testing.T) {
	q := func(kinds ...string) *analyzer.Report {
		r := &analyzer.Report{}
		for _, k := range kinds {
			r.Quotes = append(r.Quotes, analyzer.Speech{SpeakerKind: k})
		}
		return r
	}
	for _, tt := range []struct {
		name  string
		r     *analyzer.Report
		n     int
		share float64
	}{
		{"no quotes", q(), 0, 0},
		{"none anonymous", q(analyzer.SpeakerNamed, analyzer.SpeakerRole), 0, 0},
		{"one of three", q(analyzer.SpeakerNamed, analyzer.SpeakerAnonymous, analyzer.SpeakerRole), 1, 1.0 / 3},
		{"all", q(analyzer.SpeakerAnonymous, analyzer.SpeakerAnonymous), 2, 1},
	} {
		t.Run(tt.name, func(t *testing.T) {
			n, share := Anonymous(tt.r)
			if n != tt.n || share != tt.share {
				t.Errorf("Anonymous = %d, %v; want %d, %v", n, share, tt.n, tt.share)
			}
			if s := sourcing(tt.r); s.AnonymousShare != float64(int(tt.share*100+0.5))/100 {
				t.Errorf("sourcing anonymous_share = %v, want %v rounded to 2 places", s.AnonymousShare, tt.share)
			}
		})
	}
}
