package main

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"html/template"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// childEnv, when set in the environment, makes this program (or the test
// binary of this package, see TestMain) the bare baseline server instead of
// the load tool: the browsing scenario re-executes itself so that the
// baseline is a process of its own, measured like nghisu.
const childEnv = "NGHISU_LOAD_CHILD"

// baselineServe serves the two bare pages the browsing scenario compares
// nghisu with: GET /static, a fixed page of -bytes bytes held in memory;
// GET /template, a table of rows of Vietnamese strings rendered through
// html/template on every request, with as many rows as make it about
// -bytes bytes. No database, no session, no middleware.
func baselineServe(args []string) error {
	fs := flag.NewFlagSet("baseline-serve", flag.ContinueOnError)
	addr := fs.String("addr", "127.0.0.1:0", "listen address")
	size := fs.Int("bytes", 20000, "size of the pages")
	if err := fs.Parse(args); err != nil {
		return err
	}
	rows := baselineRows(*size)
	var page bytes.Buffer
	if err := baselineTmpl.Execute(&page, baselineData(rows)); err != nil {
		return err
	}
	static := page.Bytes()
	if len(static) > *size {
		static = static[:*size]
	} else {
		static = append(static, bytes.Repeat([]byte(" "), *size-len(static))...)
	}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /readyz", func(w http.ResponseWriter, r *http.Request) { io.WriteString(w, "ok") })
	mux.HandleFunc("GET /static", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Header().Set("Content-Length", strconv.Itoa(len(static)))
		w.Write(static)
	})
	mux.HandleFunc("GET /template", func(w http.ResponseWriter, r *http.Request) {
		// Rendered to a buffer first, as nghisu renders its pages, so that
		// a template error can still become an error page.
		var buf bytes.Buffer
		if err := baselineTmpl.Execute(&buf, baselineData(rows)); err != nil {
			http.Error(w, err.Error(), http.StatusInternalServerError)
			return
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Header().Set("Content-Length", strconv.Itoa(buf.Len()))
		w.Write(buf.Bytes())
	})
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return err
	}
	srv := &http.Server{Handler: mux, ReadHeaderTimeout: 10 * time.Second}
	return srv.Serve(ln)
}

var baselineTmpl = template.Must(template.New("page").Parse(`<!doctype html>
<html lang="vi"><head><meta charset="utf-8"><title>{{.Title}}</title></head>
<body><h1>{{.Title}}</h1>
<table><thead><tr><th>STT</th><th>Họ và tên</th><th>Chức vụ</th><th>Đơn vị</th><th>Ghi chú</th></tr></thead>
<tbody>{{range $i, $r := .Rows}}<tr><td>{{$i}}</td><td><a href="/people/{{$r.ID}}">{{$r.Name}}</a></td><td>{{$r.Post}}</td><td>{{$r.Unit}}</td><td>{{$r.Note}}</td></tr>
{{end}}</tbody></table></body></html>`))

type baselineRow struct {
	ID                     int
	Name, Post, Unit, Note string
}

var (
	bNames = []string{"Nguyễn Văn Đức", "Trần Thị Ánh", "Lê Thanh Khánh", "Phạm Ngọc Ngân", "Huỳnh Kim Ơn", "Võ Công Trung", "Đặng Mỹ Nhung"}
	bPosts = []string{"Bí thư Đảng ủy", "Phó Bí thư thường trực", "Ủy viên Ban Thường vụ", "Đảng ủy viên", "Chủ nhiệm Ủy ban Kiểm tra"}
	bUnits = []string{"Đảng bộ phường Mỹ Tho", "Đảng bộ xã Tân Hương", "Đảng bộ phường Cao Lãnh", "Đảng bộ xã Mỹ Hiệp"}
	bNotes = []string{"Phụ trách công tác tổ chức & cán bộ", "Theo dõi việc thực hiện nghị quyết", "Kiểm tra, giám sát <chuyên đề>", ""}
)

// baselineData builds the rows afresh on each request, as a handler would
// from a query.
func baselineData(n int) any {
	rows := make([]baselineRow, n)
	for i := range rows {
		rows[i] = baselineRow{ID: 1000 + i, Name: bNames[i%len(bNames)], Post: bPosts[i%len(bPosts)],
			Unit: bUnits[i%len(bUnits)], Note: bNotes[i%len(bNotes)]}
	}
	return map[string]any{"Title": "Danh sách Ban Chấp hành Đảng bộ", "Rows": rows}
}

// baselineRows is the number of rows that makes the template page about
// size bytes.
func baselineRows(size int) int {
	var buf bytes.Buffer
	n := 1
	for ; n < 100000; n++ {
		buf.Reset()
		baselineTmpl.Execute(&buf, baselineData(n))
		if buf.Len() >= size {
			break
		}
	}
	return n
}

// Baseline is the bare server child process.
type Baseline struct {
	Addr string
	cmd  *exec.Cmd
	done chan error
}

// StartBaseline re-executes this program as the baseline server for pages
// of size bytes and waits until it answers.
func StartBaseline(ctx context.Context, size int) (*Baseline, error) {
	exe, err := os.Executable()
	if err != nil {
		return nil, err
	}
	addr, err := freeAddr()
	if err != nil {
		return nil, err
	}
	b := &Baseline{Addr: addr, done: make(chan error, 1)}
	b.cmd = exec.Command(exe, "-addr", addr, "-bytes", strconv.Itoa(size))
	b.cmd.Env = append(os.Environ(), childEnv+"=baseline-serve")
	b.cmd.Stderr = os.Stderr
	if err := b.cmd.Start(); err != nil {
		return nil, err
	}
	go func() { b.done <- b.cmd.Wait() }()
	hc := &http.Client{Timeout: time.Second}
	deadline := time.Now().Add(20 * time.Second)
	for {
		select {
		case err := <-b.done:
			return nil, fmt.Errorf("baseline server exited at start: %v", err)
		case <-ctx.Done():
			b.Stop()
			return nil, ctx.Err()
		default:
		}
		if resp, err := hc.Get("http://" + addr + "/readyz"); err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return b, nil
			}
		}
		if time.Now().After(deadline) {
			b.Stop()
			return nil, errors.New("baseline server not ready after 20 s")
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// URL is the baseline's base URL.
func (b *Baseline) URL() string { return "http://" + b.Addr }

// PID is the child's process id.
func (b *Baseline) PID() int { return b.cmd.Process.Pid }

// Stop ends the child.
func (b *Baseline) Stop() {
	if b.cmd == nil || b.cmd.Process == nil {
		return
	}
	b.cmd.Process.Signal(syscall.SIGKILL)
	<-b.done
	b.cmd = nil
}

// runChild runs the child named by childEnv, if any, and reports whether
// it did (it returns only on failure).
func runChild() bool {
	switch v := os.Getenv(childEnv); {
	case v == "":
		return false
	case v == "baseline-serve":
		// The child's arguments follow the program name (a test binary's
		// own -test.* flags are not passed).
		args := os.Args[1:]
		for len(args) > 0 && strings.HasPrefix(args[0], "-test.") {
			args = args[1:]
		}
		if err := baselineServe(args); err != nil {
			fmt.Fprintln(os.Stderr, "baseline-serve:", err)
			os.Exit(1)
		}
		os.Exit(0)
	default:
		fmt.Fprintf(os.Stderr, "nghisu-load: unknown %s=%s\n", childEnv, v)
		os.Exit(2)
	}
	return true
}
