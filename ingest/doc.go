// Package ingest turns raw input bytes (plain text, an HTML page, a WARC
// archive or JSON Lines) into the article text Slant analyzes, plus the page's
// metadata.
//
// It is not the analyzer: it finds no language and scores nothing, and it
// does no I/O of its own beyond reading the io.Reader it is given. Plain
// text passes through byte for byte.
package ingest
