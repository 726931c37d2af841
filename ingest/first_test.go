package ingest

import (
	"bytes"
	"compress/gzip"
	"testing"
)

// TestRecordFirst: Record.First is the first record of the gzip member a
// record is in (the record itself with one record per member), so that
// reading can restart at Record.Offset with First-1 records before it.
func TestRecordFirst(t *testing.T) {
	recs := testRecords(t)
	plain := marshalWARC(t, false, recs)
	var multi bytes.Buffer // all records in one gzip member
	zw := gzip.NewWriter(&multi)
	zw.Write(bytes.Join(plain, nil))
	zw.Close()
	for _, tc := range []struct {
		name      string
		archive   []byte
		sameFirst bool
	}{
		{"member per record", bytes.Join(marshalWARC(t, true, recs), nil), false},
		{"uncompressed", bytes.Join(plain, nil), false},
		{"one member", multi.Bytes(), true},
	} {
		res := readAllWARC(tc.archive)
		if len(res.docs) < 2 {
			t.Fatalf("%s: %d documents", tc.name, len(res.docs))
		}
		for _, d := range res.docs {
			want := d.Record.Number
			if tc.sameFirst {
				want = 1
			}
			if d.Record.First != want {
				t.Errorf("%s: record %d: First %d, want %d", tc.name, d.Record.Number, d.Record.First, want)
			}
			// Restarting at the record's offset reads it again with the same number.
			again := readAllWARC(tc.archive[d.Record.Offset:])
			found := false
			for _, d2 := range again.docs {
				found = found || (d2.Record.Number+d.Record.First-1 == d.Record.Number && bytes.Equal(d2.Text, d.Text))
			}
			if !found {
				t.Errorf("%s: restarting at offset %d does not give record %d again", tc.name, d.Record.Offset, d.Record.Number)
			}
		}
	}
}
