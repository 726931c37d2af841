package main

import (
	"os"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"
)

// templateNode returns the node at path in template.yaml, or nil. A path
// element is a mapping key, a list index "[i]", or "Sid=S" for the statement
// of a policy list with that Sid.
func templateNode(t *testing.T, path ...string) *yaml.Node {
	t.Helper()
	b, err := os.ReadFile("../../template.yaml")
	if err != nil {
		t.Fatal(err)
	}
	var doc yaml.Node
	if err := yaml.Unmarshal(b, &doc); err != nil {
		t.Fatal(err)
	}
	n := doc.Content[0]
	for _, p := range path {
		var next *yaml.Node
		switch {
		case n.Kind == yaml.SequenceNode && strings.HasPrefix(p, "["):
			if i, err := strconv.Atoi(strings.Trim(p, "[]")); err == nil && i < len(n.Content) {
				next = n.Content[i]
			}
		case n.Kind == yaml.SequenceNode && strings.HasPrefix(p, "Sid="):
			for _, c := range n.Content {
				if sid := mapValue(c, "Sid"); sid != nil && sid.Value == p[4:] {
					next = c
				}
			}
		default:
			next = mapValue(n, p)
		}
		if next == nil {
			return nil
		}
		n = next
	}
	return n
}

func mapValue(n *yaml.Node, key string) *yaml.Node {
	if n.Kind != yaml.MappingNode {
		return nil
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		if n.Content[i].Value == key {
			return n.Content[i+1]
		}
	}
	return nil
}

// The template's limits (issue 16): reserved concurrency and log retention
// as parameters, ReportPrefix never empty, ListBucket only under the input
// prefix, versioning of the input bucket as an option.
func TestTemplateLimits(t *testing.T) {
	pattern := templateNode(t, "Parameters", "ReportPrefix", "AllowedPattern")
	if pattern == nil {
		t.Fatal("ReportPrefix has no AllowedPattern")
	}
	re := regexp.MustCompile(pattern.Value)
	for _, p := range []string{"", "/", "*", "reports*", "/reports/"} {
		if re.MatchString(p) {
			t.Errorf("ReportPrefix %q is allowed; want it refused", p)
		}
	}
	for _, p := range []string{"reports/", "slant/reports/", "r"} {
		if !re.MatchString(p) {
			t.Errorf("ReportPrefix %q is refused; want it allowed", p)
		}
	}
	fn := func(p ...string) []string {
		return append([]string{"Resources", "AnalyzeFunction", "Properties"}, p...)
	}
	for _, tt := range []struct {
		name string
		path []string
	}{
		{"a reserved concurrency parameter", []string{"Parameters", "ReservedConcurrency"}},
		{"reserved concurrency", fn("ReservedConcurrentExecutions")},
		{"log retention", []string{"Resources", "AnalyzeLogGroup", "Properties", "RetentionInDays"}},
		{"the function logging to the retained group", fn("LoggingConfig", "LogGroup")},
		{"ListBucket scoped to the input prefix", fn("Policies", "[0]", "Statement", "Sid=ListInput", "Condition", "StringLike", "s3:prefix")},
		{"input versioning as an option", []string{"Resources", "InputBucket", "Properties", "VersioningConfiguration"}},
		{"the versioning condition", []string{"Conditions", "HasInputVersioning"}},
	} {
		if templateNode(t, tt.path...) == nil {
			t.Errorf("template.yaml lacks %s (%s)", tt.name, strings.Join(tt.path, " > "))
		}
	}
}
