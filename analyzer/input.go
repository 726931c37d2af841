package analyzer

import (
	"bytes"
	"errors"
	"fmt"
)

// DefaultMaxBytes is the default input size limit of every surface (10 MiB).
const DefaultMaxBytes = 10 << 20

// MaxInputBytes is the largest input the analyzer takes, whatever limit a
// caller sets (2 GiB less one byte): token offsets are 32-bit. CheckInput
// rejects a larger input, and Analyze panics on one.
const MaxInputBytes = 1<<31 - 1

// ErrBinary and ErrTooLarge are the reasons CheckInput rejects an input.
var (
	ErrBinary   = errors.New("binary data (NUL byte), not text")
	ErrTooLarge = errors.New("input too large")
)

// CheckInput rejects input the analyzer must not report on: binary data (a
// NUL byte) and input over maxBytes (0 means DefaultMaxBytes; a limit over
// MaxInputBytes is MaxInputBytes). The error wraps ErrBinary or ErrTooLarge.
func CheckInput(input []byte, maxBytes int64) error {
	if maxBytes <= 0 {
		maxBytes = DefaultMaxBytes
	}
	maxBytes = min(maxBytes, MaxInputBytes)
	if int64(len(input)) > maxBytes {
		return fmt.Errorf("%w: %d bytes, limit %d", ErrTooLarge, len(input), maxBytes)
	}
	if i := bytes.IndexByte(input, 0); i >= 0 {
		return fmt.Errorf("%w at byte %d", ErrBinary, i)
	}
	return nil
}
