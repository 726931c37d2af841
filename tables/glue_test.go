package tables

import (
	"os"
	"strings"
	"testing"

	"github.com/parquet-go/parquet-go"
	"go.yaml.in/yaml/v3"
)

// TestGlueColumns holds the Glue tables of template.yaml to the files this
// package writes: every column of the Parquet schema, by name and Athena
// type, in order, and nothing else.
func TestGlueColumns(t *testing.T) {
	b, err := os.ReadFile("../template.yaml")
	if err != nil {
		t.Fatal(err)
	}
	var tmpl struct {
		Resources map[string]struct {
			Properties struct {
				TableInput struct {
					StorageDescriptor struct {
						Columns []struct {
							Name string `yaml:"Name"`
							Type string `yaml:"Type"`
						} `yaml:"Columns"`
					} `yaml:"StorageDescriptor"`
				} `yaml:"TableInput"`
			} `yaml:"Properties"`
		} `yaml:"Resources"`
	}
	if err := yaml.Unmarshal(b, &tmpl); err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		resource string
		schema   *parquet.Schema
	}{
		{"DocumentsTable", parquet.SchemaOf(DocumentRow{})},
		{"FindingsTable", parquet.SchemaOf(FindingRow{})},
	} {
		var glue []string
		for _, c := range tmpl.Resources[tt.resource].Properties.TableInput.StorageDescriptor.Columns {
			glue = append(glue, c.Name+" "+c.Type)
		}
		var want []string
		for _, f := range tt.schema.Fields() {
			want = append(want, f.Name()+" "+athenaType(f))
		}
		if strings.Join(glue, "\n") != strings.Join(want, "\n") {
			t.Errorf("%s columns:\n got %q\nwant %q", tt.resource, glue, want)
		}
	}
}

// athenaType is the Athena (Hive) type of a Parquet field.
func athenaType(f parquet.Field) string {
	if f.Leaf() {
		switch f.Type().Kind() {
		case parquet.Boolean:
			return "boolean"
		case parquet.Int32:
			return "int"
		case parquet.Int64:
			return "bigint"
		case parquet.Double:
			return "double"
		case parquet.ByteArray:
			return "string"
		}
		return "?" + f.Type().Kind().String()
	}
	if lt := f.Type().LogicalType(); lt != nil && lt.String() == "LIST" {
		return "array<" + athenaType(f.Fields()[0].Fields()[0]) + ">"
	}
	var parts []string
	for _, c := range f.Fields() {
		parts = append(parts, c.Name()+":"+athenaType(c))
	}
	return "struct<" + strings.Join(parts, ",") + ">"
}
