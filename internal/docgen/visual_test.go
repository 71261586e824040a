package docgen

import (
	"os"
	"os/exec"
	"testing"
)

// TestVisual writes PNGs of a long biên bản and a nghị quyết to /tmp for a
// person to look at; it runs only with NGHISU_DOCGEN_VISUAL=1.
func TestVisual(t *testing.T) {
	if os.Getenv("NGHISU_DOCGEN_VISUAL") == "" {
		t.Skip("set NGHISU_DOCGEN_VISUAL=1 to write /tmp/docgen-*.png")
	}
	nq := samples()["nghi-quyet"]
	nq.Draft = true
	nq.Confidential = "Mật"
	for name, d := range map[string]Document{"minutes": longMinutes(3), "resolution": nq} {
		f, err := os.Create("/tmp/docgen-" + name + ".pdf")
		if err != nil {
			t.Fatal(err)
		}
		if err := PDF(f, d, DefaultLayout()); err != nil {
			t.Fatal(err)
		}
		f.Close()
		if out, err := exec.Command("pdftoppm", "-png", "-r", "60", "/tmp/docgen-"+name+".pdf", "/tmp/docgen-"+name).CombinedOutput(); err != nil {
			t.Fatal(err, string(out))
		}
	}
}

// TestVisualDOCX writes the same documents as DOCX, and PNGs of them as
// LibreOffice lays them out, next to the PDF ones.
func TestVisualDOCX(t *testing.T) {
	if os.Getenv("NGHISU_DOCGEN_VISUAL") == "" {
		t.Skip("set NGHISU_DOCGEN_VISUAL=1 to write /tmp/docgen-*.png")
	}
	soffice, err := exec.LookPath("soffice")
	if err != nil {
		t.Skip("soffice is missing")
	}
	nq := samples()["nghi-quyet"]
	nq.Draft = true
	nq.Confidential = "Mật"
	for name, d := range map[string]Document{"minutes-docx": longMinutes(3), "resolution-docx": nq} {
		f, err := os.Create("/tmp/docgen-" + name + ".docx")
		if err != nil {
			t.Fatal(err)
		}
		if err := DOCX(f, d, DefaultLayout()); err != nil {
			t.Fatal(err)
		}
		f.Close()
		cmd := exec.Command(soffice, "--headless", "--convert-to", "pdf", "--outdir", "/tmp", "/tmp/docgen-"+name+".docx")
		cmd.Env = append(os.Environ(), "HOME="+t.TempDir())
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatal(err, string(out))
		}
		if out, err := exec.Command("pdftoppm", "-png", "-r", "60", "/tmp/docgen-"+name+".pdf", "/tmp/docgen-"+name).CombinedOutput(); err != nil {
			t.Fatal(err, string(out))
		}
	}
}

func TestVisualBook(t *testing.T) {
	if os.Getenv("NGHISU_DOCGEN_VISUAL") == "" {
		t.Skip("set NGHISU_DOCGEN_VISUAL=1 to write /tmp/docgen-*.png")
	}
	f, err := os.Create("/tmp/docgen-book.pdf")
	if err != nil {
		t.Fatal(err)
	}
	if err := Book(f, "Tài liệu hội nghị Ban Chấp hành Đảng bộ phường tháng 01 năm 2026", samplePacket(), DefaultLayout()); err != nil {
		t.Fatal(err)
	}
	f.Close()
	if out, err := exec.Command("pdftoppm", "-png", "-r", "60", "-f", "1", "-l", "4", "/tmp/docgen-book.pdf", "/tmp/docgen-book").CombinedOutput(); err != nil {
		t.Fatal(err, string(out))
	}
}
