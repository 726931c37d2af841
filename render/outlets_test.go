package render

import (
	"bytes"
	"regexp"
	"strings"
	"testing"

	"github.com/slantnews/slant/tables"
)

// TestOutletVoice: the voice bars split an outlet's weight three ways, the
// reported voice its own segment, and the author share counts it.
func TestOutletVoice(t *testing.T) {
	o := &tables.Outlets{Outlets: []tables.OutletStats{
		{Key: "valley-sentinel", Name: "Valley Sentinel", Documents: 4, AuthorWeight: 5, QuotedWeight: 1, ReportedWeight: 2},
		{Key: "old-tree", Documents: 1, AuthorWeight: 3, QuotedWeight: 1}, // written before reported_weight
	}}
	var b bytes.Buffer
	if err := OutletsHTML(&b, o); err != nil {
		t.Fatal(err)
	}
	page := b.String()
	row := regexp.MustCompile(`<tr data-outlet="valley-sentinel"><td>.*?</td><td style="width:60%">(.*?)</td><td class="n">(author[^<]*)</td></tr>`).FindStringSubmatch(page)
	if row == nil {
		t.Fatalf("no voice row for valley-sentinel")
	}
	if want := `<span class="bar" style="width:62.5%"></span><span class="bar q" style="width:12.5%"></span><span class="bar r" style="width:25.0%"></span>`; row[1] != want {
		t.Errorf("bars %s, want %s", row[1], want)
	}
	if row[2] != "author 62% · quoted 12% · reported 25%" { // 5/8, 1/8, 2/8, halves to even
		t.Errorf("voice figures %q, want author 5/8, quoted 1/8, reported 2/8", row[2])
	}
	if old := regexp.MustCompile(`<tr data-outlet="old-tree">.*?</tr>`).FindString(page); strings.Contains(old, "bar r") {
		t.Errorf("an outlet without reported weight draws a reported segment: %s", old)
	}
	var txt bytes.Buffer
	if err := OutletsText(&txt, o); err != nil {
		t.Fatal(err)
	}
	if line := strings.SplitN(txt.String(), "\n", 3)[1]; !strings.HasSuffix(strings.TrimSpace(line), "62%") {
		t.Errorf("text author share of Valley Sentinel: %q, want 5/8 (62%%)", line)
	}
}
