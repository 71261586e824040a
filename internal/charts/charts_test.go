package charts

import (
	"encoding/xml"
	"flag"
	"io"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden files")

func golden(t *testing.T, name, got string) {
	t.Helper()
	wellFormed(t, got)
	p := filepath.Join("testdata", name+".svg")
	if *update {
		if err := os.WriteFile(p, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(p)
	if err != nil {
		t.Fatalf("%v (run with -update)", err)
	}
	if got != string(want) {
		t.Errorf("%s differs from its golden file:\n%s", name, got)
	}
}

// wellFormed checks the SVG is one XML document, accessible and without a
// style attribute.
func wellFormed(t testing.TB, s string) {
	t.Helper()
	d := xml.NewDecoder(strings.NewReader(s))
	depth, roots := 0, 0
	for {
		tok, err := d.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("not XML: %v\n%s", err, s)
		}
		switch e := tok.(type) {
		case xml.StartElement:
			if depth == 0 {
				roots++
				if e.Name.Local != "svg" {
					t.Fatalf("root %s", e.Name.Local)
				}
			}
			for _, a := range e.Attr {
				if a.Name.Local == "style" {
					t.Fatalf("style attribute in %s", s)
				}
			}
			depth++
		case xml.EndElement:
			depth--
		}
	}
	if roots != 1 || !strings.Contains(s, `role="img"`) || !strings.Contains(s, "aria-label=") || !strings.Contains(s, "<title>") {
		t.Fatalf("not one accessible svg: %s", s)
	}
}

func TestGolden(t *testing.T) {
	golden(t, "progress-0", string(ProgressBar(0)))
	golden(t, "progress-62", string(ProgressBar(62.4)))
	golden(t, "progress-over", string(ProgressBar(250)))
	golden(t, "line-income", string(Line("Thu nhập bình quân đầu người", "triệu đồng/người/năm",
		[]Point{{"2024", 52}, {"2025", 55.5}, {"2026-06", 57.25}}, 60, 50)))
	golden(t, "line-poor", string(Line("Tỷ lệ hộ nghèo", "%", []Point{{"2025", 4.5}, {"2026-03", 3.9}, {"2026-06", 3.2}}, 2.5, 4.5)))
	golden(t, "line-empty", string(Line("Chưa có", "%", nil, 100, 0)))
	golden(t, "bars-status", string(Bars("Nhiệm vụ theo trạng thái", []string{"Đang thực hiện", "Trễ hạn", "Hoàn thành <&>"}, []float64{12, 3, 1234})))
}

func TestDeterministic(t *testing.T) {
	a := Line("x", "%", []Point{{"a", 1}, {"b", 2}}, 3, 0)
	b := Line("x", "%", []Point{{"a", 1}, {"b", 2}}, 3, 0)
	if a != b {
		t.Fatal("two drawings of the same differ")
	}
}

func TestEscapes(t *testing.T) {
	s := string(Bars(`<script>alert(1)</script>`, []string{`"><img src=x onerror=alert(1)>`}, []float64{1}))
	if strings.Contains(s, "<script") || strings.Contains(s, "<img") {
		t.Fatalf("not escaped: %s", s)
	}
	wellFormed(t, s)
}

func TestNumber(t *testing.T) {
	for in, want := range map[float64]string{60: "60", 12.5: "12,5", 1234.56: "1.234,56", 0: "0", -2.5: "-2,5",
		math.NaN(): "0", math.Inf(1): "0", 1e20: "100.000.000.000.000.000.000", -0.001: "0"} {
		if got := Number(in); got != want {
			t.Errorf("Number(%v) = %q, want %q", in, got, want)
		}
	}
}

func FuzzCharts(f *testing.F) {
	f.Add("Nhiệm vụ", "Đang làm", 3.0, -1.0, 100.0)
	f.Add("<&>\"'", "\x00\xff\ufffe", math.NaN(), math.Inf(1), math.Inf(-1))
	f.Add("", "", 1e308, -1e308, 5e-324)
	f.Fuzz(func(t *testing.T, title, label string, a, b, c float64) {
		wellFormed(t, string(ProgressBar(a)))
		wellFormed(t, string(Bars(title, []string{label, title, ""}, []float64{a, b, c})))
		wellFormed(t, string(Line(title, label, []Point{{label, a}, {title, b}}, b, c)))
		wellFormed(t, string(Line(title, label, []Point{{label, a}}, c, c)))
	})
}
