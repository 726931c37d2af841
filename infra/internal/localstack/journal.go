package localstack

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"
)

// Journal keeps the events the webhook has accepted on disk until they reach
// their outcome, so that a runner that crashes or stops with events in flight
// delivers them on its next start. Add writes an event and fsyncs it (and the
// directory) before the webhook answers 202; Done removes it once the event
// succeeded or was dead-lettered; Pending lists what is left.
//
// Delivery is at least once: an event whose report was written just before a
// crash runs again on replay, which rewrites the same report.
type Journal struct {
	Dir string
}

// OpenJournal creates dir if needed and returns the journal kept there.
func OpenJournal(dir string) (*Journal, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	// Files left half-written by a crash are never renamed into place.
	tmps, _ := filepath.Glob(filepath.Join(dir, "*.tmp"))
	for _, f := range tmps {
		os.Remove(f)
	}
	return &Journal{Dir: dir}, nil
}

// Add stores one event durably and returns its id (the file name).
func (j *Journal) Add(event []byte) (string, error) {
	// The time orders replay; the random part keeps names unique.
	id := time.Now().UTC().Format("20060102T150405.000000000Z") + "-" + randHex(6) + ".json"
	tmp := filepath.Join(j.Dir, id+".tmp")
	f, err := os.OpenFile(tmp, os.O_CREATE|os.O_EXCL|os.O_WRONLY, 0o644)
	if err != nil {
		return "", fmt.Errorf("journal: %w", err)
	}
	_, err = f.Write(event)
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp, filepath.Join(j.Dir, id))
	}
	if err == nil {
		err = syncDir(j.Dir)
	}
	if err != nil {
		os.Remove(tmp)
		return "", fmt.Errorf("journal: %w", err)
	}
	return id, nil
}

// Done removes an event that reached its outcome.
func (j *Journal) Done(id string) error {
	if err := os.Remove(filepath.Join(j.Dir, id)); err != nil && !os.IsNotExist(err) {
		return fmt.Errorf("journal: %w", err)
	}
	return nil
}

// JournalEntry is an event still in the journal.
type JournalEntry struct {
	ID    string
	Event []byte
}

// Pending returns the events in the journal, oldest first.
func (j *Journal) Pending() ([]JournalEntry, error) {
	ents, err := os.ReadDir(j.Dir)
	if err != nil {
		return nil, fmt.Errorf("journal: %w", err)
	}
	var out []JournalEntry
	for _, e := range ents {
		if !e.Type().IsRegular() || !strings.HasSuffix(e.Name(), ".json") {
			continue
		}
		b, err := os.ReadFile(filepath.Join(j.Dir, e.Name()))
		if err != nil {
			return nil, fmt.Errorf("journal: %w", err)
		}
		out = append(out, JournalEntry{ID: e.Name(), Event: b})
	}
	slices.SortFunc(out, func(a, b JournalEntry) int { return strings.Compare(a.ID, b.ID) })
	return out, nil
}

func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	err = d.Sync()
	if cerr := d.Close(); err == nil {
		err = cerr
	}
	return err
}
