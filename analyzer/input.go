package analyzer

import (
	"bytes"
	"errors"
	"fmt"
)

// DefaultMaxBytes is the default input size limit of every surface (10 MiB).
const DefaultMaxBytes = 10 << 20

// ErrBinary and ErrTooLarge are the reasons CheckInput rejects an input.
var (
	ErrBinary   = errors.New("binary data (NUL byte), not text")
	ErrTooLarge = errors.New("input too large")
)

// CheckInput rejects input the analyzer must not report on: binary data (a
// NUL byte) and input over maxBytes (0 means DefaultMaxBytes). The error wraps
// ErrBinary or ErrTooLarge.
func CheckInput(input []byte, maxBytes int64) error {
	if maxBytes <= 0 {
		maxBytes = DefaultMaxBytes
	}
	if int64(len(input)) > maxBytes {
		return fmt.Errorf("%w: %d bytes, limit %d", ErrTooLarge, len(input), maxBytes)
	}
	if i := bytes.IndexByte(input, 0); i >= 0 {
		return fmt.Errorf("%w at byte %d", ErrBinary, i)
	}
	return nil
}
