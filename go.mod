module github.com/slantnews/slant

go 1.26.8

require (
	github.com/kljensen/snowball v0.10.0 // indirect
	go.yaml.in/yaml/v3 v3.0.6 // indirect
)
