package render

import (
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"strings"
	"testing"
)

// TestNoSourcingAnalysis keeps the analysis of who speaks in package
// compare: render draws compare's figures (compare.Anonymous, Sourcing) and
// does not count speaker kinds itself, so the report and the comparison
// cannot disagree.
func TestNoSourcingAnalysis(t *testing.T) {
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	fset := token.NewFileSet()
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, name, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		ast.Inspect(f, func(n ast.Node) bool {
			if sel, ok := n.(*ast.SelectorExpr); ok && sel.Sel.Name == "SpeakerAnonymous" {
				t.Errorf("%s: render compares speaker kinds (analyzer.SpeakerAnonymous); use compare.Anonymous", fset.Position(sel.Pos()))
			}
			return true
		})
	}
}
