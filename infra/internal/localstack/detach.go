package localstack

import (
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// Up starts argv (the runner's `stack` command; argv[0] is the executable) as
// a detached session in its own process group, logging to DIR/stack.log, and
// waits until it has written DIR/env. It writes one line about what it did to
// out. A stack already running in dir is left as it is.
func Up(dir string, argv []string, out io.Writer) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	pidFile := filepath.Join(dir, "stack.pid")
	if pid, ok := runningStack(pidFile); ok {
		fmt.Fprintf(out, "local stack already running (pid %d)\n", pid)
		return nil
	}
	os.Remove(filepath.Join(dir, "env"))
	logf, err := os.OpenFile(filepath.Join(dir, "stack.log"), os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o644)
	if err != nil {
		return err
	}
	defer logf.Close()
	devnull, err := os.Open(os.DevNull)
	if err != nil {
		return err
	}
	defer devnull.Close()
	cmd := exec.Command(argv[0], argv[1:]...)
	cmd.Stdin, cmd.Stdout, cmd.Stderr = devnull, logf, logf
	cmd.SysProcAttr = &syscall.SysProcAttr{Setsid: true}
	if err := cmd.Start(); err != nil {
		return err
	}
	pid := cmd.Process.Pid
	if err := os.WriteFile(pidFile, []byte(strconv.Itoa(pid)+"\n"), 0o644); err != nil {
		cmd.Process.Kill()
		return err
	}
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()
	deadline := time.After(3 * time.Minute)
	for {
		if _, err := os.Stat(filepath.Join(dir, "env")); err == nil {
			break
		}
		select {
		case err := <-exited:
			os.Remove(pidFile)
			return fmt.Errorf("local stack failed to start (%v); last lines of %s:\n%s", err, logf.Name(), Tail(logf.Name(), 25))
		case <-deadline:
			syscall.Kill(-pid, syscall.SIGKILL)
			os.Remove(pidFile)
			return fmt.Errorf("local stack not ready after 3 minutes; see %s", logf.Name())
		case <-time.After(100 * time.Millisecond):
		}
	}
	fmt.Fprintf(out, "local stack up (pid %d)\n", pid)
	return nil
}

// Down stops a stack that Up started in dir: SIGTERM, up to 30 s to stop in
// order, then SIGKILL for whatever is left in its process group. It writes
// what it did to out and fails only if a process of the group survives.
func Down(dir string, out io.Writer) error {
	pidFile := filepath.Join(dir, "stack.pid")
	pid, ok := runningStack(pidFile)
	if !ok {
		os.Remove(pidFile)
		os.Remove(filepath.Join(dir, "env"))
		fmt.Fprintln(out, "local stack not running")
		return nil
	}
	syscall.Kill(pid, syscall.SIGTERM)
	deadline := time.Now().Add(30 * time.Second)
	for isStack(pid) && time.Now().Before(deadline) {
		time.Sleep(100 * time.Millisecond)
	}
	// The stack runs in its own session: whatever is left in its process
	// group (it, MinIO, function instances) goes now.
	if left := GroupMembers(pid); len(left) > 0 {
		fmt.Fprintf(out, "local stack did not stop in time; killing its process group (pids %v)\n", left)
		syscall.Kill(-pid, syscall.SIGKILL)
	}
	for range 50 {
		if len(GroupMembers(pid)) == 0 {
			break
		}
		time.Sleep(100 * time.Millisecond)
	}
	if left := GroupMembers(pid); len(left) > 0 {
		return fmt.Errorf("processes %v of the stack's group %d still running", left, pid)
	}
	os.Remove(pidFile)
	os.Remove(filepath.Join(dir, "env"))
	fmt.Fprintf(out, "local stack stopped (pid %d); data kept in %s/minio\n", pid, dir)
	return nil
}

// runningStack reports the pid in pidFile if that process is alive and is a
// slant-runner stack (not a recycled pid).
func runningStack(pidFile string) (int, bool) {
	b, err := os.ReadFile(pidFile)
	if err != nil {
		return 0, false
	}
	pid, err := strconv.Atoi(strings.TrimSpace(string(b)))
	if err != nil || pid <= 0 {
		return 0, false
	}
	return pid, isStack(pid)
}

// isStack reports whether pid is alive and runs `*runner* stack ...`.
func isStack(pid int) bool {
	if st := ProcessState(pid); st == "" || st == "Z" {
		return false
	}
	cmdline, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/cmdline")
	if err != nil {
		return false
	}
	argv := strings.Split(string(cmdline), "\x00")
	return len(argv) > 1 && strings.Contains(filepath.Base(argv[0]), "runner") && argv[1] == "stack"
}
