package main

import (
	"io/fs"
	"os"
)

// dirFS is os.DirFS that also tells its path, so lexicon errors name the real file.
type dirFS struct {
	fs.FS
	path string
}

func (d dirFS) Name() string { return d.path }

// ReadFile and Glob pass through so fs.ReadFile and fs.Glob use the fast paths.
func (d dirFS) ReadFile(name string) ([]byte, error) { return fs.ReadFile(d.FS, name) }

func namedDir(path string) fs.FS { return dirFS{os.DirFS(path), path} }
