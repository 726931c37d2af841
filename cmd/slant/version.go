package main

import (
	"fmt"
	"io"
	"runtime/debug"
)

// cmdVersion prints the version of slant from the build info.
func cmdVersion(args []string, stdout io.Writer) error {
	fs := newFlags("version")
	rest, err := parseArgs(fs, args)
	if err != nil {
		return err
	}
	if len(rest) > 0 {
		return usageError{fmt.Sprintf("version: unexpected argument %q", rest[0])}
	}
	bi, ok := debug.ReadBuildInfo()
	_, err = fmt.Fprintln(stdout, "slant", version(bi, ok))
	return err
}

// version is the module version the binary was built at, as the go command
// recorded it: a tag (v1.2.0), a pseudo-version, or "(devel)" followed by
// the VCS revision when the build recorded one.
func version(bi *debug.BuildInfo, ok bool) string {
	if !ok || bi == nil {
		return "(unknown)"
	}
	v := bi.Main.Version
	if v == "" {
		v = "(devel)"
	}
	if v != "(devel)" {
		return v
	}
	var rev, modified string
	for _, s := range bi.Settings {
		switch s.Key {
		case "vcs.revision":
			rev = s.Value
		case "vcs.modified":
			modified = s.Value
		}
	}
	if rev == "" {
		return v
	}
	if len(rev) > 12 {
		rev = rev[:12]
	}
	if modified == "true" {
		rev += "+dirty"
	}
	return v + " " + rev
}
