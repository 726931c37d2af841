package main

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"

	"github.com/slantnews/slant/analyzer"
	"github.com/slantnews/slant/lexicons"
)

// load builds an Analyzer from the built-in lexicons plus each --lexicons DIR,
// and the built-in actor lexicon plus each --actors DIR.
func (l *lexiconFlags) load() (*analyzer.Analyzer, error) {
	return loadAnalyzer(l.dirs, l.actorDirs)
}

func loadAnalyzer(dirs, actorDirs []string) (*analyzer.Analyzer, error) {
	sources, err := dirSources("lexicons", lexicons.English(), dirs)
	if err != nil {
		return nil, err
	}
	lex, err := analyzer.LoadLexicon(sources...)
	if err != nil {
		return nil, err
	}
	actorSources, err := dirSources("actors", lexicons.Actors(), actorDirs)
	if err != nil {
		return nil, err
	}
	actors, err := analyzer.LoadActors(actorSources...)
	if err != nil {
		return nil, err
	}
	return analyzer.New(lex, analyzer.WithActors(actors))
}

// dirSources is the built-in source followed by each directory.
func dirSources(flag string, builtin fs.FS, dirs []string) ([]fs.FS, error) {
	if err := checkDirs(flag, dirs); err != nil {
		return nil, err
	}
	sources := []fs.FS{builtin}
	for _, d := range dirs {
		sources = append(sources, namedDir(d))
	}
	return sources, nil
}

// checkDirs rejects (exit 3) a directory that is missing or not a directory.
func checkDirs(flag string, dirs []string) error {
	for _, d := range dirs {
		st, err := os.Stat(d)
		if err != nil {
			var pe *fs.PathError
			if errors.As(err, &pe) {
				err = pe.Err
			}
			return rejectedError{fmt.Errorf("%s %s: %w", flag, d, err)}
		}
		if !st.IsDir() {
			return rejectedError{fmt.Errorf("%s %s: not a directory", flag, d)}
		}
	}
	return nil
}

// readInput reads a file ("-" is stdin) under the size limit, without reading
// more than limit+1 bytes, and applies analyzer.CheckInput.
func readInput(name string, stdin io.Reader, limit int64) ([]byte, error) {
	data, err := readRaw(name, stdin, limit)
	if err != nil {
		return nil, err
	}
	if err := analyzer.CheckInput(data, limit); err != nil {
		return nil, rejectedError{fmt.Errorf("%s: %w", name, err)}
	}
	return data, nil
}

// readRaw reads a file ("-" is stdin) under the size limit, without reading
// more than limit+1 bytes.
func readRaw(name string, stdin io.Reader, limit int64) ([]byte, error) {
	var r io.Reader = stdin
	size := int64(0) // the file's size, when known
	if name != "-" {
		f, err := os.Open(name)
		if err != nil {
			return nil, rejectedError{err}
		}
		defer f.Close()
		if st, err := f.Stat(); err == nil && st.Mode().IsRegular() && st.Size() > limit {
			return nil, rejectedError{fmt.Errorf("%s: %w: %d bytes, limit %d", name, analyzer.ErrTooLarge, st.Size(), limit)}
		} else if err == nil && st.IsDir() {
			return nil, rejectedError{fmt.Errorf("%s: is a directory", name)}
		} else if err == nil && st.Mode().IsRegular() {
			size = st.Size()
		}
		r = f
	}
	data, err := readAll(io.LimitReader(r, limit+1), size)
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", name, err)
	}
	if int64(len(data)) > limit {
		return nil, rejectedError{fmt.Errorf("%s: %w: more than %d bytes", name, analyzer.ErrTooLarge, limit)}
	}
	return data, nil
}

// readAll is io.ReadAll into a buffer of the expected size to start with
// (one allocation for a regular file, not a doubling series of them).
func readAll(r io.Reader, size int64) ([]byte, error) {
	b := make([]byte, 0, max(512, size+1))
	for {
		n, err := r.Read(b[len(b):cap(b)])
		b = b[:len(b)+n]
		if err == io.EOF {
			return b, nil
		}
		if err != nil {
			return b, err
		}
		if len(b) == cap(b) {
			b = append(b, 0)[:len(b)] // let append pick the next size
		}
	}
}
