package main

import "io"

func cmdEval(args []string, stdout, stderr io.Writer) error {
	return usageError{"eval: not built yet"}
}
