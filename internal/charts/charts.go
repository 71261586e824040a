// Package charts draws the follow-up pictures as SVG on the server: a
// progress bar, a line chart of a target over its periods and a bar chart
// of counts by category. No script, no external service, no style
// attribute (the CSP forbids inline styles): colours and sizes are SVG
// presentation attributes and classes the stylesheet may refine.
//
// Every text is XML-escaped here; the result is template.HTML built only
// from escaped pieces, so a page may embed it as is. Output depends only on
// the input (golden tests). Numbers that are not finite count as 0; huge
// ones are drawn at the edge.
package charts

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"html/template"
	"math"
	"strconv"

	"nghisu/internal/vntext"
)

// esc escapes text for an XML text node or attribute.
func esc(s string) string {
	var b bytes.Buffer
	// xml.EscapeText never fails on a bytes.Buffer; invalid UTF-8 and
	// characters XML forbids become U+FFFD.
	_ = xml.EscapeText(&b, []byte(s))
	return b.String()
}

// f writes a coordinate with at most 2 decimals, no exponent.
func f(v float64) string {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		v = 0
	}
	return strconv.FormatFloat(math.Round(v*100)/100, 'f', -1, 64)
}

// finite returns v, or 0 when it is not a finite number.
func finite(v float64) float64 {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return 0
	}
	return v
}

// clamp bounds v to [lo, hi].
func clamp(v, lo, hi float64) float64 { return math.Max(lo, math.Min(hi, finite(v))) }

// Number formats a value the Vietnamese way, without trailing zero
// decimals: 12,5; 1.234; 60.
func Number(v float64) string {
	v = finite(v)
	if math.Abs(v) >= 1e15 {
		return vntext.Decimal(v, 0)
	}
	s := vntext.Decimal(v, 2)
	for len(s) > 0 && s[len(s)-1] == '0' {
		s = s[:len(s)-1]
	}
	if len(s) > 0 && s[len(s)-1] == ',' {
		s = s[:len(s)-1]
	}
	if s == "-0" {
		s = "0"
	}
	return s
}

// open starts an accessible SVG: role="img", the label as aria-label and
// as its <title>.
func open(b *bytes.Buffer, class string, w, h int, label string) {
	fmt.Fprintf(b, `<svg xmlns="http://www.w3.org/2000/svg" class="chart %s" viewBox="0 0 %d %d" width="%d" height="%d" role="img" aria-label="%s"><title>%s</title>`,
		class, w, h, w, h, esc(label), esc(label))
}

// ProgressBar draws a bar filled to percent (0–100, bounded; not finite is
// 0) with the percentage written beside it.
func ProgressBar(percent float64) template.HTML {
	p := clamp(percent, 0, 100)
	label := vntext.Decimal(p, 0) + "%"
	var b bytes.Buffer
	open(&b, "progress", 160, 16, label)
	fill := "#2e7d32"
	if p < 50 {
		fill = "#c62828"
	} else if p < 100 {
		fill = "#f9a825"
	}
	fmt.Fprintf(&b, `<rect x="0" y="2" width="110" height="12" rx="2" fill="#e0e0e0"/>`)
	fmt.Fprintf(&b, `<rect x="0" y="2" width="%s" height="12" rx="2" fill="%s"/>`, f(110*p/100), fill)
	fmt.Fprintf(&b, `<text x="116" y="13" font-size="12" fill="#212121">%s</text></svg>`, esc(label))
	return template.HTML(b.String())
}

// Point is one value of a series: its period label and value.
type Point struct {
	Label string
	Value float64
}

// Line sizes.
const (
	lineW, lineH           = 640, 300
	padL, padR, padT, padB = 70, 20, 30, 50
)

// Line draws a target's actual values over its periods, with the target and
// the baseline as dashed horizontal lines. unit is written on the axis.
func Line(title, unit string, points []Point, target, baseline float64) template.HTML {
	return line(title, unit, points, []Guide{
		{Value: target, Label: "Chỉ tiêu " + Number(target), Class: "target", Colour: "#2e7d32", Dash: "6 4"},
		{Value: baseline, Label: "Cơ sở " + Number(baseline), Class: "baseline", Colour: "#9e9e9e", Ink: "#757575", Dash: "2 3", Below: true},
	})
}

// Guide is a dashed horizontal line across a chart (a target, a band's
// threshold), labelled.
type Guide struct {
	Value        float64
	Label        string
	Class        string
	Colour, Dash string
	// Ink is the label's colour when it differs from the line's.
	Ink string
	// Below puts the label under the line on the left instead of above it
	// on the right.
	Below bool
}

// Series draws values over periods with guide lines (a province's mean
// score month by month, with the bands' thresholds).
func Series(title, unit string, points []Point, guides ...Guide) template.HTML {
	return line(title, unit, points, guides)
}

func line(title, unit string, points []Point, guides []Guide) template.HTML {
	lo, hi := math.Inf(1), math.Inf(-1)
	for i := range guides {
		guides[i].Value = finite(guides[i].Value)
		lo, hi = math.Min(lo, guides[i].Value), math.Max(hi, guides[i].Value)
	}
	for _, p := range points {
		v := finite(p.Value)
		lo, hi = math.Min(lo, v), math.Max(hi, v)
	}
	if math.IsInf(lo, 0) || math.IsInf(hi, 0) {
		lo, hi = 0, 1
	}
	lo, hi = math.Max(lo, -1e15), math.Min(hi, 1e15)
	if lo > 0 && lo < hi/2 {
		lo = 0
	}
	if hi == lo {
		hi, lo = hi+1, lo-1
	}
	span := hi - lo
	hi, lo = hi+span*0.05, lo-span*0.05
	plotW, plotH := float64(lineW-padL-padR), float64(lineH-padT-padB)
	y := func(v float64) float64 { return padT + plotH*(hi-clamp(v, lo, hi))/(hi-lo) }
	x := func(i int) float64 {
		if len(points) <= 1 {
			return padL + plotW/2
		}
		return padL + plotW*float64(i)/float64(len(points)-1)
	}
	var b bytes.Buffer
	open(&b, "line", lineW, lineH, title)
	// axes and ticks: five steps from lo to hi.
	fmt.Fprintf(&b, `<line x1="%d" y1="%d" x2="%d" y2="%d" stroke="#616161"/>`, padL, padT, padL, lineH-padB)
	fmt.Fprintf(&b, `<line x1="%d" y1="%d" x2="%d" y2="%d" stroke="#616161"/>`, padL, lineH-padB, lineW-padR, lineH-padB)
	for i := 0; i <= 4; i++ {
		v := lo + (hi-lo)*float64(i)/4
		fmt.Fprintf(&b, `<text x="%d" y="%s" font-size="11" text-anchor="end" fill="#424242">%s</text>`, padL-6, f(y(v)+4), esc(Number(v)))
	}
	fmt.Fprintf(&b, `<text x="%d" y="%d" font-size="11" fill="#424242">%s</text>`, 4, padT-12, esc(unit))
	for _, g := range guides {
		ink := g.Ink
		if ink == "" {
			ink = g.Colour
		}
		fmt.Fprintf(&b, `<line class="%s" x1="%d" y1="%s" x2="%d" y2="%s" stroke="%s" stroke-dasharray="%s"/>`,
			esc(g.Class), padL, f(y(g.Value)), lineW-padR, f(y(g.Value)), esc(g.Colour), esc(g.Dash))
		if g.Below {
			fmt.Fprintf(&b, `<text x="%d" y="%s" font-size="11" fill="%s">%s</text>`, padL+4, f(y(g.Value)+14), esc(ink), esc(g.Label))
		} else {
			fmt.Fprintf(&b, `<text x="%d" y="%s" font-size="11" text-anchor="end" fill="%s">%s</text>`, lineW-padR, f(y(g.Value)-4), esc(ink), esc(g.Label))
		}
	}
	if len(points) == 0 {
		fmt.Fprintf(&b, `<text x="%d" y="%d" font-size="13" text-anchor="middle" fill="#616161">%s</text></svg>`, lineW/2, lineH/2, esc("Chưa có số liệu"))
		return template.HTML(b.String())
	}
	// the series
	var path bytes.Buffer
	for i, p := range points {
		if i > 0 {
			path.WriteByte(' ')
		}
		path.WriteString(f(x(i)) + "," + f(y(p.Value)))
	}
	fmt.Fprintf(&b, `<polyline points="%s" fill="none" stroke="#1565c0" stroke-width="2"/>`, path.String())
	every := max(1, (len(points)+11)/12) // at most 12 labels on the axis
	for i, p := range points {
		fmt.Fprintf(&b, `<circle cx="%s" cy="%s" r="3" fill="#1565c0"><title>%s</title></circle>`, f(x(i)), f(y(p.Value)),
			esc(p.Label+": "+Number(p.Value)+" "+unit))
		if i%every == 0 || i == len(points)-1 {
			fmt.Fprintf(&b, `<text x="%s" y="%d" font-size="11" text-anchor="middle" fill="#424242">%s</text>`, f(x(i)), lineH-padB+16, esc(p.Label))
		}
	}
	b.WriteString(`</svg>`)
	return template.HTML(b.String())
}

// Bars draws counts by category as horizontal bars, each labelled and
// numbered. Labels and values go in pairs; extra values or labels are
// dropped. Negative and non-finite values are drawn as 0.
func Bars(title string, labels []string, values []float64) template.HTML {
	n := min(len(labels), len(values))
	const w, barH, gap, labelW, top = 640, 20, 8, 220, 30
	h := top + n*(barH+gap) + 10
	top1 := 0.0
	for i := range n {
		top1 = math.Max(top1, clamp(values[i], 0, math.MaxFloat64))
	}
	var b bytes.Buffer
	open(&b, "bars", w, h, title)
	fmt.Fprintf(&b, `<text x="0" y="18" font-size="13" font-weight="bold" fill="#212121">%s</text>`, esc(title))
	for i := range n {
		v := clamp(values[i], 0, math.MaxFloat64)
		bw := 0.0
		if top1 > 0 {
			bw = float64(w-labelW-80) * v / top1
		}
		y := top + i*(barH+gap)
		label := []rune(labels[i])
		if len(label) > 32 {
			label = append(label[:31], '…')
		}
		fmt.Fprintf(&b, `<g><title>%s</title>`, esc(labels[i]+": "+Number(v)))
		fmt.Fprintf(&b, `<text x="%d" y="%d" font-size="12" text-anchor="end" fill="#212121">%s</text>`, labelW-8, y+15, esc(string(label)))
		fmt.Fprintf(&b, `<rect x="%d" y="%d" width="%s" height="%d" fill="#1565c0"/>`, labelW, y, f(bw), barH)
		fmt.Fprintf(&b, `<text x="%s" y="%d" font-size="12" fill="#212121">%s</text></g>`, f(float64(labelW)+bw+6), y+15, esc(Number(v)))
	}
	b.WriteString(`</svg>`)
	return template.HTML(b.String())
}
