package localstack

import (
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"
)

// The state the stack writes is the state ReadState returns, and DIR/env
// exports it quoted for the shell.
func TestStateRoundTrip(t *testing.T) {
	dir := t.TempDir()
	want := StackState{PID: 7, MinIOPID: 8, S3Endpoint: "http://127.0.0.1:9000", WebhookURL: "http://127.0.0.1:9001/",
		StatsURL: "http://127.0.0.1:9001/stats", AccessKey: "slant-ab", SecretKey: "it's", Region: "eu-west-3",
		InputBucket: "in", InputPrefix: "incoming/", ReportBucket: "out", ReportPrefix: "reports/", TablesPrefix: "tables/"}
	if err := writeState(dir, want); err != nil {
		t.Fatal(err)
	}
	got, err := ReadState(dir)
	if err != nil {
		t.Fatal(err)
	}
	if got != want {
		t.Errorf("ReadState = %+v, want %+v", got, want)
	}
	env, err := os.ReadFile(filepath.Join(dir, "env"))
	if err != nil {
		t.Fatal(err)
	}
	for _, line := range []string{`export AWS_SECRET_ACCESS_KEY='it'\''s'`, "export INPUT_PREFIX='incoming/'", "export S3_FORCE_PATH_STYLE='true'", "export TABLES_PREFIX='tables/'"} {
		if !strings.Contains(string(env), line+"\n") {
			t.Errorf("env file lacks %q:\n%s", line, env)
		}
	}
	// Tables off: no TABLES_PREFIX line (an empty one would shadow a value
	// the user's shell has).
	want.TablesPrefix = ""
	if err := writeState(dir, want); err != nil {
		t.Fatal(err)
	}
	if env, _ := os.ReadFile(filepath.Join(dir, "env")); strings.Contains(string(env), "TABLES_PREFIX") {
		t.Errorf("env file with tables off names TABLES_PREFIX:\n%s", env)
	}
	if _, err := ReadState(t.TempDir()); err == nil {
		t.Error("ReadState of an empty directory: no error")
	}
}

func TestAWSEnvKeepsOutTheUsersProfile(t *testing.T) {
	env := StackState{AccessKey: "k", SecretKey: "s", Region: "r"}.AWSEnv("/d")
	for _, kv := range []string{"AWS_ACCESS_KEY_ID=k", "AWS_SECRET_ACCESS_KEY=s", "AWS_REGION=r", "AWS_CONFIG_FILE=/d/aws-config-none", "AWS_SHARED_CREDENTIALS_FILE=/d/aws-credentials-none"} {
		if !slices.Contains(env, kv) {
			t.Errorf("AWSEnv = %v, want it to contain %s", env, kv)
		}
	}
}

func TestTail(t *testing.T) {
	path := filepath.Join(t.TempDir(), "log")
	if err := os.WriteFile(path, []byte("a\nb\nc\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		n    int
		want string
	}{{1, "c"}, {2, "b\nc"}, {5, "a\nb\nc"}} {
		if got := Tail(path, tc.n); got != tc.want {
			t.Errorf("Tail(log, %d) = %q, want %q", tc.n, got, tc.want)
		}
	}
	if got := Tail(filepath.Join(t.TempDir(), "missing"), 3); got != "" {
		t.Errorf("Tail(missing, 3) = %q, want \"\"", got)
	}
}

func TestGroupMembers(t *testing.T) {
	cmd := exec.Command("sleep", "60")
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	pid := cmd.Process.Pid
	t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
	if got := GroupMembers(pid); !slices.Equal(got, []int{pid}) {
		t.Errorf("GroupMembers(%d) = %v, want [%d]", pid, got, pid)
	}
	if st := ProcessState(pid); st == "" || st == "Z" {
		t.Errorf("ProcessState(%d) = %q for a sleeping process", pid, st)
	}
	cmd.Process.Kill()
	// Killed but not yet waited for, it is a zombie: no longer a member.
	deadline := time.Now().Add(5 * time.Second)
	for len(GroupMembers(pid)) > 0 && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	if got := GroupMembers(pid); len(got) > 0 {
		t.Errorf("GroupMembers(%d) after kill = %v, want none", pid, got)
	}
	cmd.Wait()
	if st := ProcessState(pid); st != "" {
		t.Errorf("ProcessState(%d) after wait = %q, want \"\"", pid, st)
	}
}

func TestFreePort(t *testing.T) {
	port, err := FreePort()
	if err != nil {
		t.Fatal(err)
	}
	if port <= 0 || port > 65535 {
		t.Errorf("FreePort() = %d", port)
	}
}
