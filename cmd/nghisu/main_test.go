package main

import (
	"bytes"
	"context"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"nghisu/internal/xlsx"
)

// runCLI runs a command as the binary would, on a data folder of the test;
// the folder's flags go after the leading words ("user add NAME").
func runCLI(t *testing.T, data, stdin, cmd string, args ...string) (string, error) {
	t.Helper()
	at := len(args)
	for i, a := range args {
		if strings.HasPrefix(a, "-") {
			at = i
			break
		}
	}
	full := append(append(append([]string{}, args[:at]...), "--data", data, "--log-level", "warn"), args[at:]...)
	var out bytes.Buffer
	err := run(context.Background(), cmd, full, strings.NewReader(stdin), &out)
	return out.String(), err
}

func TestCommands(t *testing.T) {
	data := t.TempDir()
	out, err := runCLI(t, data, "", "demo")
	if err != nil || !strings.Contains(out, "seeded 31 communes") || !strings.Contains(out, "bithu.mytho") {
		t.Fatalf("demo: %v\n%s", err, out)
	}
	if !strings.Contains(out, "Oversight figures computed") {
		t.Errorf("demo did not compute the oversight figures:\n%s", out)
	}
	if _, err := runCLI(t, data, "", "demo"); err == nil {
		t.Fatal("a second demo seeded an occupied database")
	}
	if _, err := runCLI(t, t.TempDir(), "", "demo", "-scale", "city"); err == nil || !strings.Contains(err.Error(), "province or country") {
		t.Errorf("demo -scale city: %v", err)
	}
	out, err = runCLI(t, data, "", "migrate")
	if err != nil || !strings.Contains(out, "0 migrations applied") {
		t.Fatalf("migrate: %v %s", err, out)
	}
	out, err = runCLI(t, data, "", "user", "token", "vp.mytho", "--name", "báo cáo")
	if err != nil || !strings.HasPrefix(out, "nghisu_") {
		t.Fatalf("token: %v %q", err, out)
	}
	if _, err := runCLI(t, data, "", "user", "add", "khach", "--org", "2", "--role", "member", "--password", "ngan"); err == nil ||
		!strings.Contains(err.Error(), "Mật khẩu cần ít nhất 8 ký tự") {
		t.Fatalf("short password: %v", err)
	}
	out, err = runCLI(t, data, "mat-khau-moi-dai\n", "user", "add", "khach.mytho", "--org", "2", "--role", "member")
	if err != nil || !strings.Contains(out, "account khach.mytho created") {
		t.Fatalf("user add: %v %s", err, out)
	}
	out, err = runCLI(t, data, "", "user", "list")
	if err != nil || !strings.Contains(out, "khach.mytho") || !strings.Contains(out, "bithu.caolanh") {
		t.Fatalf("user list: %v %s", err, out)
	}

	// Export Mỹ Tho's inspection committee (the demo's bodies 1–3 are Mỹ
	// Tho's BCH, BTV and UBKT) and import it back into the same body: every
	// row is refused as already seated, and nothing changes.
	file := filepath.Join(t.TempDir(), "ubkt.xlsx")
	if _, err := runCLI(t, data, "", "export", "members", "--body", "3", "--out", file); err != nil {
		t.Fatal(err)
	}
	b, _ := os.ReadFile(file)
	rows, problems, err := xlsx.ReadMembers(bytes.NewReader(b), "vi", 100)
	if err != nil || len(problems) > 0 || len(rows) < 4 {
		t.Fatalf("exported file: %d rows, %v, %v", len(rows), problems, err)
	}
	out, err = runCLI(t, data, "", "import", "members", "--body", "3", file)
	if err == nil || !strings.Contains(out, "đã là ủy viên của cơ quan này") {
		t.Fatalf("re-import: %v\n%s", err, out)
	}
	if out, _ := runCLI(t, data, "", "version"); !strings.HasPrefix(out, "nghisu ") {
		t.Fatalf("version: %q", out)
	}
}

// serve answers, and stops cleanly when told to.
func TestServeShutsDownGracefully(t *testing.T) {
	data := t.TempDir()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	var out bytes.Buffer
	go func() {
		done <- serve(ctx, []string{"--demo", "--addr", addr, "--data", data, "--log-level", "warn"}, &out)
	}()
	// Seeding the demo's two years of history takes seconds, more on a
	// busy machine.
	deadline := time.Now().Add(120 * time.Second)
	for {
		resp, err := http.Get("http://" + addr + "/readyz")
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == 200 {
				break
			}
		}
		if time.Now().After(deadline) {
			t.Fatalf("server did not become ready: %v", err)
		}
		time.Sleep(50 * time.Millisecond)
	}
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("serve returned %v", err)
		}
	case <-time.After(30 * time.Second):
		t.Fatal("serve did not stop")
	}
	if !strings.Contains(out.String(), "nghisu-demo") {
		t.Errorf("start-up did not print the demo accounts:\n%s", out.String())
	}
}
