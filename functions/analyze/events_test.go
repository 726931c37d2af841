package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/aws/aws-lambda-go/events"
)

// fixtureKey is the key every fixture names: spaces, '+', '%' and non-ASCII.
const fixtureKey = "incoming/UNSC report + 100% café.txt"

// strict decodes data into v with unknown fields disallowed.
func strict(t *testing.T, name string, data []byte, v any) {
	t.Helper()
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		t.Fatalf("%s: strict decode into %T: %v", name, v, err)
	}
}

// checkNested decodes the parts of ev that Event keeps raw, strictly, into the
// aws-lambda-go types they mirror, so the fixtures cannot drift from the wire.
func checkNested(t *testing.T, name string, ev Event, minio bool) {
	t.Helper()
	for i, raw := range ev.Records {
		switch {
		case isSQS(raw):
			var m events.SQSMessage
			strict(t, name, raw, &m)
			var body Event
			strict(t, name+" body", []byte(m.Body), &body)
			checkNested(t, name+" body", body, false)
		case minio:
			// MinIO adds fields AWS does not have (source, object.contentType…);
			// the handler decodes them leniently, as aws-lambda-go does.
			var r events.S3EventRecord
			if err := json.Unmarshal(raw, &r); err != nil {
				t.Fatalf("%s record %d: %v", name, i, err)
			}
		default:
			var r events.S3EventRecord
			strict(t, name, raw, &r)
		}
	}
	if ev.Detail != nil {
		var d eventBridgeDetail
		strict(t, name+" detail", ev.Detail, &d)
	}
}

func TestEventFixtures(t *testing.T) {
	e := newEnv(t)
	e.s3.put(t, inputBucket, fixtureKey, []byte(article))
	reportKey := "reports/" + fixtureKey + ".slant.json"
	tests := []struct {
		file   string
		minio  bool
		want   string // the response, for the fields that are fixed
		report bool   // whether a report must appear
	}{
		{file: "s3-put.json", want: `{"reports":["` + reportKey + `"],"error_reports":[],"skipped":[]}`, report: true},
		{file: "minio-put.json", minio: true, want: `{"reports":["` + reportKey + `"],"error_reports":[],"skipped":[]}`, report: true},
		{file: "eventbridge-s3.json", want: `{"reports":["` + reportKey + `"],"error_reports":[],"skipped":[]}`, report: true},
		{file: "sqs-s3.json", want: `{"batchItemFailures":[]}`, report: true},
		{file: "s3-test-event.json", want: `{"batchItemFailures":[]}`},
		{file: "s3-batch-v1.json", want: `{"invocationSchemaVersion":"1.0","treatMissingKeysAs":"PermanentFailure","invocationId":"YXNkbGZqYWRmaiBhc2RmdW9hZHNmZGpmaGFzbGtkaGZza2RmaAo","results":[{"taskId":"dGFza2lkZ29lc2hlcmUK","resultCode":"Succeeded","resultString":"report s3://slant-reports/` + reportKey + `"}]}`, report: true},
		{file: "s3-batch-v2.json", want: `{"invocationSchemaVersion":"2.0","treatMissingKeysAs":"PermanentFailure","invocationId":"YXNkbGZqYWRmaiBhc2RmdW9hZHNmZGpmaGFzbGtkaGZza2RmaAo","results":[{"taskId":"dGFza2lkZ29lc2hlcmUK","resultCode":"Succeeded","resultString":"report s3://slant-reports/` + reportKey + `"}]}`, report: true},
	}
	files, err := filepath.Glob("../../events/*.json")
	if err != nil {
		t.Fatal(err)
	}
	var covered []string
	for _, tt := range tests {
		covered = append(covered, tt.file)
	}
	for _, f := range files {
		if !slices.Contains(covered, filepath.Base(f)) {
			t.Errorf("events/%s is not decoded and invoked by TestEventFixtures", filepath.Base(f))
		}
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			data, err := os.ReadFile(filepath.Join("../../events", tt.file))
			if err != nil {
				t.Fatal(err)
			}
			var ev Event
			strict(t, tt.file, data, &ev)
			checkNested(t, tt.file, ev, tt.minio)
			if tt.file == "s3-batch-v1.json" {
				var b events.S3BatchJobEvent
				strict(t, tt.file, data, &b)
			}
			if tt.file == "s3-batch-v2.json" {
				var b events.S3BatchJobEventV2
				strict(t, tt.file, data, &b)
			}

			e.s3.put(t, reportBucket, reportKey, nil) // clear the previous report
			out, err := e.invoke(t, data)
			if err != nil {
				t.Fatalf("Invoke(%s) error: %v", tt.file, err)
			}
			if string(out) != tt.want {
				t.Errorf("Invoke(%s) = %s, want %s", tt.file, out, tt.want)
			}
			got := e.s3.get(t, reportBucket, reportKey)
			if !tt.report {
				if len(got) != 0 {
					t.Errorf("Invoke(%s) wrote a report", tt.file)
				}
				return
			}
			rep := reportOf(t, got)
			if rep.Schema != "slant.report/v1" || rep.Source.Key != fixtureKey || rep.Source.Name != fixtureKey ||
				rep.Source.Bucket != inputBucket || rep.Source.ETag == "" || rep.Source.Bytes != len(article) || len(rep.Findings) == 0 {
				t.Errorf("Invoke(%s) report source = %+v, findings %d; want key %q in %s, %d bytes, findings", tt.file, rep.Source, len(rep.Findings), fixtureKey, inputBucket, len(article))
			}
		})
	}
}
