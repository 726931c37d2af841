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

// Stat passes through so the lexicon loader can refuse a FIFO or a device
// (also behind a symlink) without opening it: opening a FIFO blocks.
func (d dirFS) Stat(name string) (fs.FileInfo, error) { return fs.Stat(d.FS, name) }

func namedDir(path string) fs.FS { return dirFS{os.DirFS(path), path} }
