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
