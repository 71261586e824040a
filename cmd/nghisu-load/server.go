package main

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// Server is a `nghisu serve` child process.
type Server struct {
	Bin, DataDir, DB, Addr string
	// Args are extra arguments for serve; Env extra environment variables.
	Args, Env []string
	// Log receives the child's output (nil: DataDir/server.log).
	Log io.Writer

	cmd  *exec.Cmd
	done chan error
	logf *os.File
}

// URL is the server's base URL.
func (s *Server) URL() string { return "http://" + s.Addr }

// Start starts the child and waits until it answers /readyz.
func (s *Server) Start(ctx context.Context) error {
	if s.Addr == "" {
		addr, err := freeAddr()
		if err != nil {
			return err
		}
		s.Addr = addr
	}
	args := []string{"serve", "--data", s.DataDir, "--addr", s.Addr, "--log-level", "warn"}
	if s.DB != "" {
		args = append(args, "--db", s.DB)
	}
	args = append(args, s.Args...)
	s.cmd = exec.Command(s.Bin, args...)
	s.cmd.Env = append(os.Environ(), s.Env...)
	out := s.Log
	if out == nil {
		f, err := os.OpenFile(filepath.Join(s.DataDir, "server.log"), os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o600)
		if err != nil {
			return err
		}
		s.logf, out = f, f
	}
	s.cmd.Stdout, s.cmd.Stderr = out, out
	if err := s.cmd.Start(); err != nil {
		return fmt.Errorf("start %s: %w", s.Bin, err)
	}
	s.done = make(chan error, 1)
	go func() { s.done <- s.cmd.Wait() }()

	deadline := time.Now().Add(60 * time.Second)
	hc := &http.Client{Timeout: time.Second}
	for {
		select {
		case err := <-s.done:
			s.done <- err
			return fmt.Errorf("server exited at start: %v (see its log)", err)
		case <-ctx.Done():
			s.Kill()
			return ctx.Err()
		default:
		}
		resp, err := hc.Get(s.URL() + "/readyz")
		if err == nil {
			io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return nil
			}
		}
		if time.Now().After(deadline) {
			s.Kill()
			return errors.New("server not ready after 60 s")
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// PID is the child's process id.
func (s *Server) PID() int { return s.cmd.Process.Pid }

// Stop asks the server to stop (SIGTERM: it writes the ballots it holds)
// and waits for it.
func (s *Server) Stop() error {
	if s.cmd == nil || s.cmd.Process == nil {
		return nil
	}
	s.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case err := <-s.done:
		s.done <- nil // a later Kill or Stop finds it gone
		s.closeLog()
		var ee *exec.ExitError
		if errors.As(err, &ee) && ee.ExitCode() == -1 {
			return nil // ended by the signal
		}
		return err
	case <-time.After(30 * time.Second):
		s.Kill()
		return errors.New("server did not stop within 30 s; killed")
	}
}

// Kill kills the server at once (SIGKILL) and waits for it to be gone.
func (s *Server) Kill() {
	if s.cmd == nil || s.cmd.Process == nil {
		return
	}
	s.cmd.Process.Signal(syscall.SIGKILL)
	<-s.done
	s.done <- nil
	s.closeLog()
}

func (s *Server) closeLog() {
	if s.logf != nil {
		s.logf.Close()
		s.logf = nil
	}
}

// freeAddr finds a free port on 127.0.0.1.
func freeAddr() (string, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", err
	}
	defer ln.Close()
	return ln.Addr().String(), nil
}

// Memory is a process's resident memory, from /proc/PID/status.
type Memory struct {
	RSSKB, HWMKB int64
}

func (m Memory) String() string {
	return fmt.Sprintf("VmRSS %.1f MB, VmHWM %.1f MB", float64(m.RSSKB)/1024, float64(m.HWMKB)/1024)
}

// ReadMemory reads VmRSS and VmHWM of a process.
func ReadMemory(pid int) (Memory, error) {
	f, err := os.Open("/proc/" + strconv.Itoa(pid) + "/status")
	if err != nil {
		return Memory{}, err
	}
	defer f.Close()
	var m Memory
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		k, v, ok := strings.Cut(sc.Text(), ":")
		if !ok {
			continue
		}
		n, _ := strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(v), " kB"), 10, 64)
		switch k {
		case "VmRSS":
			m.RSSKB = n
		case "VmHWM":
			m.HWMKB = n
		}
	}
	return m, sc.Err()
}

// Goroutines reads the server's go_goroutines gauge from /metrics (-1 when
// it cannot).
func Goroutines(base string) int {
	hc := &http.Client{Timeout: 5 * time.Second}
	resp, err := hc.Get(base + "/metrics")
	if err != nil {
		return -1
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil || resp.StatusCode != http.StatusOK {
		return -1
	}
	for line := range bytes.Lines(body) {
		if v, ok := bytes.CutPrefix(line, []byte("go_goroutines ")); ok {
			f, err := strconv.ParseFloat(string(bytes.TrimSpace(v)), 64)
			if err == nil {
				return int(f)
			}
		}
	}
	return -1
}

// raiseFileLimit lifts this process's open-file limit to its hard limit and
// returns the new soft limit.
func raiseFileLimit() (uint64, error) {
	var rl syscall.Rlimit
	if err := syscall.Getrlimit(syscall.RLIMIT_NOFILE, &rl); err != nil {
		return 0, err
	}
	if rl.Cur < rl.Max {
		rl.Cur = rl.Max
		if err := syscall.Setrlimit(syscall.RLIMIT_NOFILE, &rl); err != nil {
			return 0, err
		}
	}
	return rl.Cur, nil
}

// cpuTime is a process's user+system CPU time, from /proc/PID/stat (in
// clock ticks of 1/100 s, USER_HZ on Linux).
func cpuTime(pid int) (time.Duration, error) {
	b, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/stat")
	if err != nil {
		return 0, err
	}
	// The command name, field 2, is in parentheses and may hold spaces.
	i := strings.LastIndexByte(string(b), ')')
	if i < 0 {
		return 0, fmt.Errorf("/proc/%d/stat: no command name", pid)
	}
	f := strings.Fields(string(b[i+1:]))
	if len(f) < 13 {
		return 0, fmt.Errorf("/proc/%d/stat: %d fields", pid, len(f))
	}
	// f[0] is field 3 (state): utime is field 14, stime field 15.
	ut, err1 := strconv.ParseInt(f[11], 10, 64)
	st, err2 := strconv.ParseInt(f[12], 10, 64)
	if err := errors.Join(err1, err2); err != nil {
		return 0, err
	}
	return time.Duration(ut+st) * (time.Second / 100), nil
}
