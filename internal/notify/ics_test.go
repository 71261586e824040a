package notify_test

import (
	"bytes"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	ics "github.com/arran4/golang-ical"

	"nghisu/internal/notify"
)

var ict = time.FixedZone("ICT", 7*3600)

func goldenEvent() notify.Event {
	return notify.Event{
		UID:         "hop-42@nghisu.example.vn",
		Sequence:    1,
		Start:       time.Date(2026, 3, 9, 8, 0, 0, 0, ict),
		End:         time.Date(2026, 3, 9, 11, 30, 0, 0, ict),
		Summary:     "Hội nghị Ban Chấp hành tháng 3/2026",
		Location:    "Hội trường Đảng ủy, số 1 Lê Lợi",
		Description: "Nội dung: thông qua nghị quyết; cho ý kiến\nChuẩn bị: tài liệu C:\\hop\\du-thao.docx",
		URL:         "https://nghisu.example.vn/hop/42",
		Organizer:   notify.Address{Name: "Đảng ủy phường Mỹ Tho", Email: "danguy@mytho.example.vn"},
		Attendees: []notify.Address{
			{Name: "Nguyễn Văn Ấn", Email: "an@mytho.example.vn"},
			{Name: "Trần Thị Bình, Phó Bí thư", Email: "binh@mytho.example.vn"},
		},
	}
}

var goldenNow = time.Date(2026, 3, 2, 9, 30, 0, 0, ict)

func TestICSGolden(t *testing.T) {
	got := string(notify.ICS("REQUEST", "Lịch họp – Nguyễn Văn Ấn", []notify.Event{goldenEvent()}, goldenNow))
	want := strings.Join([]string{
		`BEGIN:VCALENDAR`,
		`PRODID:-//nghisu//nghisu//VI`,
		`VERSION:2.0`,
		`CALSCALE:GREGORIAN`,
		`METHOD:REQUEST`,
		`X-WR-CALNAME:Lịch họp – Nguyễn Văn Ấn`,
		`X-WR-TIMEZONE:Asia/Ho_Chi_Minh`,
		`BEGIN:VTIMEZONE`,
		`TZID:Asia/Ho_Chi_Minh`,
		`BEGIN:STANDARD`,
		`TZOFFSETFROM:+0700`,
		`TZOFFSETTO:+0700`,
		`TZNAME:ICT`,
		`DTSTART:19700101T000000`,
		`END:STANDARD`,
		`END:VTIMEZONE`,
		`BEGIN:VEVENT`,
		`UID:hop-42@nghisu.example.vn`,
		`DTSTAMP:20260302T023000Z`,
		`SEQUENCE:1`,
		`DTSTART;TZID=Asia/Ho_Chi_Minh:20260309T080000`,
		`DTEND;TZID=Asia/Ho_Chi_Minh:20260309T113000`,
		`SUMMARY:Hội nghị Ban Chấp hành tháng 3/2026`,
		`LOCATION:Hội trường Đảng ủy\, số 1 Lê Lợi`,
		`DESCRIPTION:Nội dung: thông qua nghị quyết\; cho ý kiến\nChuẩn `,
		` bị: tài liệu C:\\hop\\du-thao.docx`,
		`URL:https://nghisu.example.vn/hop/42`,
		`STATUS:CONFIRMED`,
		`ORGANIZER;CN=Đảng ủy phường Mỹ Tho:mailto:danguy@mytho.example.vn`,
		`ATTENDEE;CN=Nguyễn Văn Ấn;ROLE=REQ-PARTICIPANT;PARTSTAT=NEEDS-ACTION;R`,
		` SVP=FALSE:mailto:an@mytho.example.vn`,
		`ATTENDEE;CN="Trần Thị Bình, Phó Bí thư";ROLE=REQ-PARTICIPANT;PARTST`,
		` AT=NEEDS-ACTION;RSVP=FALSE:mailto:binh@mytho.example.vn`,
		`END:VEVENT`,
		`END:VCALENDAR`,
		``,
	}, "\r\n")
	if got != want {
		gl, wl := strings.Split(got, "\r\n"), strings.Split(want, "\r\n")
		for i := range max(len(gl), len(wl)) {
			var g, w string
			if i < len(gl) {
				g = gl[i]
			}
			if i < len(wl) {
				w = wl[i]
			}
			if g != w {
				t.Errorf("line %d:\n got %q\nwant %q", i+1, g, w)
			}
		}
	}
	checkLines(t, []byte(got))
}

// checkLines checks the RFC 5545 line rules: CRLF only, at most 75 octets,
// valid UTF-8 on every physical line.
func checkLines(t *testing.T, b []byte) {
	t.Helper()
	if !bytes.HasSuffix(b, []byte("\r\n")) {
		t.Error("output does not end with CRLF")
	}
	lines := strings.Split(strings.TrimSuffix(string(b), "\r\n"), "\r\n")
	for i, l := range lines {
		if len(l) > 75 {
			t.Errorf("line %d has %d octets: %q", i+1, len(l), l)
		}
		if !utf8.ValidString(l) {
			t.Errorf("line %d is not valid UTF-8: %q", i+1, l)
		}
		if strings.ContainsAny(l, "\r\n") {
			t.Errorf("line %d has a bare CR or LF: %q", i+1, l)
		}
	}
}

// unfold returns the logical content lines of an iCalendar object.
func unfold(b []byte) []string {
	s := strings.ReplaceAll(string(b), "\r\n ", "")
	return strings.Split(strings.TrimSuffix(s, "\r\n"), "\r\n")
}

// prop returns the values of the logical lines starting with prefix.
func prop(b []byte, prefix string) []string {
	var vals []string
	for _, l := range unfold(b) {
		if v, ok := strings.CutPrefix(l, prefix); ok {
			vals = append(vals, v)
		}
	}
	return vals
}

var unescaper = strings.NewReplacer(`\\`, `\`, `\;`, `;`, `\,`, `,`, `\n`, "\n", `\N`, "\n")

func TestICSFoldingVietnamese(t *testing.T) {
	// Every letter with a diacritic is 2 or 3 octets, so the 75-octet fold
	// points fall inside characters unless the writer avoids them.
	sentence := "Đảng ủy phường Mỹ Tho triệu tập hội nghị Ban Chấp hành để quán triệt nghị quyết, " +
		"đánh giá kết quả thực hiện nhiệm vụ chính trị; "
	r := []rune(strings.Repeat(sentence, 5))
	desc := strings.TrimSpace(string(r[:300]))
	if n := utf8.RuneCountInString(desc); n < 299 {
		t.Fatalf("test description has %d characters", n)
	}
	e := goldenEvent()
	e.Description = desc
	e.Summary = strings.Repeat("Hội nghị ", 20)
	out := notify.ICS("PUBLISH", "", []notify.Event{e}, goldenNow)
	checkLines(t, out)

	folded := 0
	for _, l := range strings.Split(string(out), "\r\n") {
		if strings.HasPrefix(l, " ") {
			folded++
		}
	}
	if folded < 6 {
		t.Errorf("only %d continuation lines for a 300-character description", folded)
	}
	got := prop(out, "DESCRIPTION:")
	if len(got) != 1 || unescaper.Replace(got[0]) != desc {
		t.Errorf("unfolded description = %q, want %q", got, desc)
	}
	if got := prop(out, "SUMMARY:"); len(got) != 1 || got[0] != strings.TrimSpace(e.Summary) {
		t.Errorf("unfolded summary = %q", got)
	}

	cal, err := ics.ParseCalendar(bytes.NewReader(out))
	if err != nil {
		t.Fatalf("golang-ical: %v", err)
	}
	if got := cal.Events()[0].GetProperty(ics.ComponentPropertyDescription).Value; got != desc {
		t.Errorf("golang-ical description = %q, want %q", got, desc)
	}
}

func TestICSEscaping(t *testing.T) {
	tests := []struct{ in, want string }{
		{`C:\hop`, `C:\\hop`},
		{"a;b", `a\;b`},
		{"a,b", `a\,b`},
		{"dòng 1\ndòng 2", `dòng 1\ndòng 2`},
		{"dòng 1\r\ndòng 2\rdòng 3", `dòng 1\ndòng 2\ndòng 3`},
		{`giờ: 08:00, "Hội trường"`, `giờ: 08:00\, "Hội trường"`},
		{"a\x00b\x1bc\td", "abc\td"}, // controls dropped, tab kept
		{`\n`, `\\n`},                // a literal backslash-n stays two characters
		{norm("Nguyễn Văn Ấn"), "Nguyễn Văn Ấn"},
		{"  lề  ", "lề"},
	}
	for _, tt := range tests {
		e := goldenEvent()
		e.Description = tt.in
		out := notify.ICS("PUBLISH", "", []notify.Event{e}, goldenNow)
		checkLines(t, out)
		if got := prop(out, "DESCRIPTION:"); len(got) != 1 || got[0] != tt.want {
			t.Errorf("DESCRIPTION for %q = %q, want %q", tt.in, got, tt.want)
		}
	}

	// One-line properties: a newline becomes a space, not \n.
	e := goldenEvent()
	e.Summary = "Họp chi bộ;\nkhẩn"
	e.Location = "Phòng 2,\r\ntầng 1"
	e.UID = "a,b;c"
	out := notify.ICS("PUBLISH", "Lịch; họp, chung", []notify.Event{e}, goldenNow)
	for prefix, want := range map[string]string{
		"SUMMARY:":      `Họp chi bộ\; khẩn`,
		"LOCATION:":     `Phòng 2\, tầng 1`,
		"UID:":          `a\,b\;c`,
		"X-WR-CALNAME:": `Lịch\; họp\, chung`,
	} {
		if got := prop(out, prefix); len(got) != 1 || got[0] != want {
			t.Errorf("%s = %q, want %q", prefix, got, want)
		}
	}

	// CN parameters: quoted only when they hold ; : or ,; DQUOTE cannot
	// appear in a parameter at all.
	cns := map[string]string{
		"Lê Văn Tám":        `ATTENDEE;CN=Lê Văn Tám;`,
		"Tám; Bí thư":       `ATTENDEE;CN="Tám; Bí thư";`,
		"Tám: Bí thư":       `ATTENDEE;CN="Tám: Bí thư";`,
		`Nguyễn Văn "Ba"`:   `ATTENDEE;CN=Nguyễn Văn 'Ba';`,
		"Hai\ndòng":         `ATTENDEE;CN=Hai dòng;`,
		"":                  `ATTENDEE;ROLE=`,
		`Lê "Út", Phó ban`:  `ATTENDEE;CN="Lê 'Út', Phó ban";`,
		"   Trần   Thị  C ": `ATTENDEE;CN=Trần Thị C;`,
	}
	for name, want := range cns {
		e := goldenEvent()
		e.Attendees = []notify.Address{{Name: name, Email: "x@mytho.example.vn"}}
		out := notify.ICS("REQUEST", "", []notify.Event{e}, goldenNow)
		if got := prop(out, "ATTENDEE"); len(got) != 1 || !strings.HasPrefix("ATTENDEE"+got[0], want) {
			t.Errorf("attendee %q: got %q, want prefix %q", name, got, want)
		}
		if _, err := ics.ParseCalendar(bytes.NewReader(out)); err != nil {
			t.Errorf("attendee %q: golang-ical: %v", name, err)
		}
	}
}

// norm returns s decomposed (NFD), as some keyboards and Excel produce it.
func norm(s string) string {
	return strings.NewReplacer("ễ", "ê\u0303", "ă", "a\u0306", "Ấ", "Â\u0301").Replace(s)
}

func TestICSCancelled(t *testing.T) {
	e := goldenEvent()
	e.Cancelled = true
	e.Sequence = 2
	out := notify.ICS("cancel", "", []notify.Event{e}, goldenNow)
	checkLines(t, out)
	for prefix, want := range map[string]string{
		"METHOD:":   "CANCEL",
		"STATUS:":   "CANCELLED",
		"SEQUENCE:": "2",
		"UID:":      "hop-42@nghisu.example.vn",
	} {
		if got := prop(out, prefix); len(got) != 1 || got[0] != want {
			t.Errorf("%s = %q, want %q", prefix, got, want)
		}
	}
	if ct := notify.ICSContentType("cancel"); ct != "text/calendar; charset=utf-8; method=CANCEL" {
		t.Errorf("ICSContentType = %q", ct)
	}
	// A cancelled meeting in a REQUEST or a feed is still a cancelled event.
	out = notify.ICS("PUBLISH", "", []notify.Event{e}, goldenNow)
	if got := prop(out, "STATUS:"); len(got) != 1 || got[0] != "CANCELLED" {
		t.Errorf("STATUS in feed = %q", got)
	}
}

func TestICSPublishSeveral(t *testing.T) {
	a := goldenEvent()
	b := notify.Event{
		UID:     "hop-43@nghisu.example.vn",
		Start:   time.Date(2026, 3, 16, 1, 0, 0, 0, time.UTC), // 08:00 in Vietnam
		Summary: "Họp chi bộ khu phố 3",
	}
	c := notify.Event{
		UID:       "hop-44@nghisu.example.vn",
		Start:     time.Date(2026, 3, 31, 23, 0, 0, 0, ict),
		End:       time.Date(2026, 3, 31, 22, 0, 0, 0, ict), // before Start: ignored
		Summary:   "Họp trực tuyến",
		Cancelled: true,
		Sequence:  -1,
	}
	out := notify.ICS("", "Lịch họp của Nguyễn Văn Ấn", []notify.Event{a, b, c}, goldenNow)
	checkLines(t, out)
	if got := prop(out, "METHOD:"); len(got) != 1 || got[0] != "PUBLISH" {
		t.Errorf("METHOD = %q", got)
	}
	if got := prop(out, "X-WR-CALNAME:"); len(got) != 1 || got[0] != "Lịch họp của Nguyễn Văn Ấn" {
		t.Errorf("X-WR-CALNAME = %q", got)
	}
	if got := prop(out, "REFRESH-INTERVAL;VALUE=DURATION:"); len(got) != 1 || got[0] != "PT1H" {
		t.Errorf("REFRESH-INTERVAL = %q", got)
	}
	if n := len(prop(out, "BEGIN:VEVENT")); n != 3 {
		t.Errorf("%d events, want 3", n)
	}
	wantLists := map[string][]string{
		"UID:":                           {"hop-42@nghisu.example.vn", "hop-43@nghisu.example.vn", "hop-44@nghisu.example.vn"},
		"DTSTART;TZID=Asia/Ho_Chi_Minh:": {"20260309T080000", "20260316T080000", "20260331T230000"},
		"DTEND;TZID=Asia/Ho_Chi_Minh:":   {"20260309T113000", "20260316T100000", "20260401T010000"},
		"STATUS:":                        {"CONFIRMED", "CONFIRMED", "CANCELLED"},
		"SEQUENCE:":                      {"1", "0", "0"},
		"DTSTAMP:":                       {"20260302T023000Z", "20260302T023000Z", "20260302T023000Z"},
	}
	for prefix, want := range wantLists {
		if got := prop(out, prefix); strings.Join(got, "|") != strings.Join(want, "|") {
			t.Errorf("%s = %q, want %q", prefix, got, want)
		}
	}
	// Events without organizer, attendees, location, description or URL
	// leave those properties out instead of writing empty ones.
	for p, want := range map[string]int{"ORGANIZER": 1, "ATTENDEE": 2, "LOCATION:": 1, "DESCRIPTION:": 1, "URL:": 1} {
		if n := len(prop(out, p)); n != want {
			t.Errorf("%d %s lines, want %d (from the first event only)", n, p, want)
		}
	}

	empty := notify.ICS("PUBLISH", "Trống", nil, goldenNow)
	checkLines(t, empty)
	if n := len(prop(empty, "BEGIN:VEVENT")); n != 0 {
		t.Errorf("empty feed has %d events", n)
	}
	if _, err := ics.ParseCalendar(bytes.NewReader(empty)); err != nil {
		t.Errorf("golang-ical, empty feed: %v", err)
	}
}

// TestICSRealParser reads the output back with github.com/arran4/golang-ical,
// an independent iCalendar parser.
func TestICSRealParser(t *testing.T) {
	a := goldenEvent()
	b := notify.Event{
		UID:       "hop-43@nghisu.example.vn",
		Sequence:  3,
		Start:     time.Date(2026, 3, 16, 14, 0, 0, 0, ict),
		Summary:   "Họp chi bộ, khu phố 3; bàn về: dân vận",
		Cancelled: true,
	}
	out := notify.ICS("PUBLISH", "Lịch họp, Mỹ Tho", []notify.Event{a, b}, goldenNow)
	cal, err := ics.ParseCalendar(bytes.NewReader(out))
	if err != nil {
		t.Fatalf("golang-ical: %v\n%s", err, out)
	}
	calProps := map[string]string{}
	for _, p := range cal.CalendarProperties {
		calProps[p.IANAToken] = p.Value
	}
	for k, want := range map[string]string{
		"PRODID": "-//nghisu//nghisu//VI", "VERSION": "2.0", "CALSCALE": "GREGORIAN",
		"METHOD": "PUBLISH", "X-WR-TIMEZONE": "Asia/Ho_Chi_Minh",
	} {
		if calProps[k] != want {
			t.Errorf("calendar %s = %q, want %q", k, calProps[k], want)
		}
	}
	var tz *ics.VTimezone
	for _, c := range cal.Components {
		if v, ok := c.(*ics.VTimezone); ok {
			tz = v
		}
	}
	if tz == nil || tz.GetProperty(ics.ComponentPropertyTzid).Value != "Asia/Ho_Chi_Minh" {
		t.Errorf("VTIMEZONE missing or wrong: %+v", tz)
	}

	evs := cal.Events()
	if len(evs) != 2 {
		t.Fatalf("golang-ical found %d events, want 2", len(evs))
	}
	for i, want := range []notify.Event{a, b} {
		ev := evs[i]
		val := func(p ics.ComponentProperty) string {
			if pr := ev.GetProperty(p); pr != nil {
				return pr.Value
			}
			return ""
		}
		if got := ev.Id(); got != want.UID {
			t.Errorf("event %d UID = %q, want %q", i, got, want.UID)
		}
		if got := val(ics.ComponentPropertySummary); got != want.Summary {
			t.Errorf("event %d SUMMARY = %q, want %q", i, got, want.Summary)
		}
		if got := val(ics.ComponentPropertyLocation); got != want.Location {
			t.Errorf("event %d LOCATION = %q, want %q", i, got, want.Location)
		}
		if got := val(ics.ComponentPropertyDescription); got != want.Description {
			t.Errorf("event %d DESCRIPTION = %q, want %q", i, got, want.Description)
		}
		if got := val(ics.ComponentPropertyUrl); got != want.URL {
			t.Errorf("event %d URL = %q, want %q", i, got, want.URL)
		}
		wantStatus := "CONFIRMED"
		if want.Cancelled {
			wantStatus = "CANCELLED"
		}
		if got := val(ics.ComponentPropertyStatus); got != wantStatus {
			t.Errorf("event %d STATUS = %q, want %q", i, got, wantStatus)
		}
		start, err := ev.GetStartAt()
		if err != nil || !start.Equal(want.Start) {
			t.Errorf("event %d start = %v (%v), want %v", i, start, err, want.Start)
		}
		wantEnd := want.End
		if wantEnd.IsZero() {
			wantEnd = want.Start.Add(2 * time.Hour)
		}
		end, err := ev.GetEndAt()
		if err != nil || !end.Equal(wantEnd) {
			t.Errorf("event %d end = %v (%v), want %v", i, end, err, wantEnd)
		}
		if loc := start.Location().String(); loc != "Asia/Ho_Chi_Minh" {
			t.Errorf("event %d start zone = %q", i, loc)
		}
		stamp, err := ev.GetDtStampTime()
		if err != nil || !stamp.Equal(goldenNow) {
			t.Errorf("event %d DTSTAMP = %v (%v), want %v", i, stamp, err, goldenNow)
		}
		if got := val(ics.ComponentPropertySequence); got != map[int]string{0: "1", 1: "3"}[i] {
			t.Errorf("event %d SEQUENCE = %q", i, got)
		}

		org := ev.GetProperty(ics.ComponentPropertyOrganizer)
		if want.Organizer.Email == "" {
			if org != nil {
				t.Errorf("event %d has an ORGANIZER", i)
			}
		} else if org == nil || org.Value != "mailto:"+want.Organizer.Email ||
			strings.Join(org.ICalParameters["CN"], "") != want.Organizer.Name {
			t.Errorf("event %d ORGANIZER = %+v", i, org)
		}
		atts := ev.Attendees()
		if len(atts) != len(want.Attendees) {
			t.Fatalf("event %d has %d attendees, want %d", i, len(atts), len(want.Attendees))
		}
		for j, at := range atts {
			w := want.Attendees[j]
			p := at.ICalParameters
			if at.Email() != w.Email || strings.Join(p["CN"], "") != w.Name ||
				strings.Join(p["ROLE"], "") != "REQ-PARTICIPANT" ||
				at.ParticipationStatus() != ics.ParticipationStatusNeedsAction ||
				strings.Join(p["RSVP"], "") != "FALSE" {
				t.Errorf("event %d attendee %d = %q %v, want %+v", i, j, at.Value, p, w)
			}
		}
	}
}
