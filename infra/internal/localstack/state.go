package localstack

import (
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// StackState is written to DIR/stack.json once the stack is ready; ReadState
// reads it back.
type StackState struct {
	PID          int    `json:"pid"`
	MinIOPID     int    `json:"minio_pid"`
	S3Endpoint   string `json:"s3_endpoint"`
	WebhookURL   string `json:"webhook_url"`
	StatsURL     string `json:"stats_url"`
	AccessKey    string `json:"access_key"`
	SecretKey    string `json:"secret_key"`
	Region       string `json:"region"`
	InputBucket  string `json:"input_bucket"`
	InputPrefix  string `json:"input_prefix"`
	ReportBucket string `json:"report_bucket"`
	ReportPrefix string `json:"report_prefix"`
	TablesPrefix string `json:"tables_prefix,omitempty"` // the function's TABLES_PREFIX; empty: off
}

// ReadState reads DIR/stack.json, which a ready stack has written.
func ReadState(dir string) (StackState, error) {
	var st StackState
	path := filepath.Join(dir, "stack.json")
	b, err := os.ReadFile(path)
	if err != nil {
		return st, err
	}
	if err := json.Unmarshal(b, &st); err != nil {
		return st, fmt.Errorf("%s: %w", path, err)
	}
	return st, nil
}

// AWSEnv is the environment for an aws CLI that talks to this stack: its
// credentials and region and nothing from the user's profile (the config and
// credentials files are names in dir that do not exist).
func (st StackState) AWSEnv(dir string) []string {
	return awsEnv(credentials{AccessKey: st.AccessKey, SecretKey: st.SecretKey}, st.Region, dir)
}

func awsEnv(c credentials, region, dir string) []string {
	return []string{
		"PATH=" + os.Getenv("PATH"),
		"HOME=" + os.Getenv("HOME"),
		"AWS_ACCESS_KEY_ID=" + c.AccessKey,
		"AWS_SECRET_ACCESS_KEY=" + c.SecretKey,
		"AWS_REGION=" + region,
		"AWS_DEFAULT_REGION=" + region,
		"AWS_CONFIG_FILE=" + filepath.Join(dir, "aws-config-none"),
		"AWS_SHARED_CREDENTIALS_FILE=" + filepath.Join(dir, "aws-credentials-none"),
		"AWS_PAGER=",
		"AWS_EC2_METADATA_DISABLED=true",
	}
}

type credentials struct {
	AccessKey string `json:"access_key"`
	SecretKey string `json:"secret_key"`
}

// loadCredentials keeps one root credential per data directory: MinIO encrypts
// its configuration with it, so it must not change between runs.
func loadCredentials(dir string) (credentials, error) {
	path := filepath.Join(dir, "credentials.json")
	var c credentials
	if b, err := os.ReadFile(path); err == nil {
		if err := json.Unmarshal(b, &c); err != nil {
			return c, fmt.Errorf("%s: %w", path, err)
		}
		return c, nil
	} else if !errors.Is(err, os.ErrNotExist) {
		return c, err
	}
	c = credentials{AccessKey: "slant-" + randHex(4), SecretKey: randHex(20)}
	b, _ := json.Marshal(c)
	return c, os.WriteFile(path, b, 0o600)
}

func randHex(n int) string {
	b := make([]byte, n)
	rand.Read(b)
	return hex.EncodeToString(b)
}

func shellQuote(s string) string {
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}

// writeState writes DIR/stack.json and then DIR/env, whose presence means the
// stack is ready.
func writeState(dir string, st StackState) error {
	b, _ := json.MarshalIndent(st, "", "  ")
	if err := writeAtomic(filepath.Join(dir, "stack.json"), b, 0o600); err != nil {
		return err
	}
	var env strings.Builder
	env.WriteString("# Local Slant stack (infra/runner). Source this file: . .local/env\n")
	for _, kv := range [][2]string{
		{"AWS_ENDPOINT_URL_S3", st.S3Endpoint},
		{"AWS_ACCESS_KEY_ID", st.AccessKey},
		{"AWS_SECRET_ACCESS_KEY", st.SecretKey},
		{"AWS_REGION", st.Region},
		{"AWS_DEFAULT_REGION", st.Region},
		{"INPUT_BUCKET", st.InputBucket},
		{"INPUT_PREFIX", st.InputPrefix},
		{"REPORT_BUCKET", st.ReportBucket},
		{"REPORT_PREFIX", st.ReportPrefix},
		{"TABLES_PREFIX", st.TablesPrefix},
		{"S3_FORCE_PATH_STYLE", "true"},
	} {
		if kv[1] == "" && kv[0] == "TABLES_PREFIX" {
			continue // off: nothing to export
		}
		fmt.Fprintf(&env, "export %s=%s\n", kv[0], shellQuote(kv[1]))
	}
	// The env file goes last: its presence means the stack is ready.
	return writeAtomic(filepath.Join(dir, "env"), []byte(env.String()), 0o600)
}

func writeAtomic(path string, b []byte, mode os.FileMode) error {
	tmp := path + ".tmp"
	if err := os.WriteFile(tmp, b, mode); err != nil {
		return err
	}
	return os.Rename(tmp, path)
}
