package notify

import (
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"nghisu/internal/vntext"
)

// Event is one meeting in an iCalendar object.
type Event struct {
	// UID identifies the meeting for ever: an update or cancellation with
	// the same UID and a higher Sequence replaces it in the calendar.
	UID      string
	Sequence int
	// Start is required. End defaults to Start + DefaultEventDuration when
	// it is zero or not after Start.
	Start, End                          time.Time
	Summary, Location, Description, URL string
	Cancelled                           bool
	Organizer                           Address // left out if Email is empty
	Attendees                           []Address
}

// DefaultEventDuration is the length given to an Event without an End.
const DefaultEventDuration = 2 * time.Hour

// Calendar methods (RFC 5546) for ICS: REQUEST for an invitation e-mail,
// CANCEL for a cancellation e-mail, PUBLISH for a subscribed feed.
const (
	MethodRequest = "REQUEST"
	MethodCancel  = "CANCEL"
	MethodPublish = "PUBLISH"
)

// tzid is the only time zone the system uses; vntext.Location is the same.
const tzid = "Asia/Ho_Chi_Minh"

// ICSContentType is the MIME type of an .ics attachment made by ICS with
// method; mail clients use the method parameter to show an invitation.
func ICSContentType(method string) string {
	return "text/calendar; charset=utf-8; method=" + normMethod(method)
}

// ICS returns an iCalendar (RFC 5545) object with events, times in
// Asia/Ho_Chi_Minh. method is "REQUEST" (an e-mail invitation), "CANCEL" or
// "PUBLISH" (a feed); empty means PUBLISH. calName names the calendar in
// clients that subscribe to a feed. now is the DTSTAMP, a parameter so that
// output is reproducible.
func ICS(method, calName string, events []Event, now time.Time) []byte {
	method = normMethod(method)
	w := icsWriter{b: make([]byte, 0, 1024+768*len(events))}
	w.line("BEGIN:VCALENDAR")
	w.line("PRODID:-//nghisu//nghisu//VI")
	w.line("VERSION:2.0")
	w.line("CALSCALE:GREGORIAN")
	w.line("METHOD:" + method)
	if name := vntext.CleanLine(calName); name != "" {
		w.line("X-WR-CALNAME:" + escapeText(name))
	}
	w.line("X-WR-TIMEZONE:" + tzid)
	if method == MethodPublish {
		// Outlook and Apple refresh subscribed feeds daily or weekly unless
		// asked; meetings change at shorter notice than that.
		w.line("REFRESH-INTERVAL;VALUE=DURATION:PT1H")
		w.line("X-PUBLISHED-TTL:PT1H")
	}
	// Vietnam has had no daylight saving time since 1975, so one STANDARD
	// rule covers every meeting the system can hold.
	w.line("BEGIN:VTIMEZONE")
	w.line("TZID:" + tzid)
	w.line("BEGIN:STANDARD")
	w.line("TZOFFSETFROM:+0700")
	w.line("TZOFFSETTO:+0700")
	w.line("TZNAME:ICT")
	w.line("DTSTART:19700101T000000")
	w.line("END:STANDARD")
	w.line("END:VTIMEZONE")
	stamp := now.UTC().Format("20060102T150405Z")
	for _, e := range events {
		w.event(e, stamp)
	}
	w.line("END:VCALENDAR")
	return w.b
}

func normMethod(method string) string {
	m := strings.ToUpper(strings.TrimSpace(method))
	if m == "" {
		return MethodPublish
	}
	// The method goes into a header parameter and a content line: keep it
	// to the token characters RFC 5545 allows there.
	return strings.Map(func(r rune) rune {
		if r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-' {
			return r
		}
		return -1
	}, m)
}

type icsWriter struct{ b []byte }

func (w *icsWriter) event(e Event, stamp string) {
	end := e.End
	if !end.After(e.Start) {
		end = e.Start.Add(DefaultEventDuration)
	}
	w.line("BEGIN:VEVENT")
	w.line("UID:" + escapeText(vntext.CleanLine(e.UID)))
	w.line("DTSTAMP:" + stamp)
	w.line("SEQUENCE:" + strconv.Itoa(max(e.Sequence, 0)))
	w.line("DTSTART;TZID=" + tzid + ":" + localTime(e.Start))
	w.line("DTEND;TZID=" + tzid + ":" + localTime(end))
	w.text("SUMMARY", vntext.CleanLine(e.Summary))
	w.text("LOCATION", vntext.CleanLine(e.Location))
	w.text("DESCRIPTION", vntext.Clean(e.Description))
	if u := uriValue(e.URL); u != "" {
		w.line("URL:" + u)
	}
	if e.Cancelled {
		w.line("STATUS:CANCELLED")
	} else {
		w.line("STATUS:CONFIRMED")
	}
	if e.Organizer.Email != "" {
		w.line("ORGANIZER" + cnParam(e.Organizer.Name) + ":" + mailto(e.Organizer.Email))
	}
	for _, a := range e.Attendees {
		if a.Email == "" {
			continue
		}
		// RSVP=FALSE: attendance is recorded in nghisu, not by calendar
		// replies that nobody would read.
		w.line("ATTENDEE" + cnParam(a.Name) +
			";ROLE=REQ-PARTICIPANT;PARTSTAT=NEEDS-ACTION;RSVP=FALSE:" + mailto(a.Email))
	}
	w.line("END:VEVENT")
}

// text writes a TEXT property, or nothing if value is empty.
func (w *icsWriter) text(name, value string) {
	if value != "" {
		w.line(name + ":" + escapeText(value))
	}
}

// line writes one content line, folded: no physical line is longer than 75
// octets, a continuation starts with a space, and a UTF-8 character is never
// split (RFC 5545 section 3.1), which some clients would show as garbage.
func (w *icsWriter) line(s string) {
	const maxOctets = 75
	limit := maxOctets
	for len(s) > limit {
		cut := limit
		for !utf8.RuneStart(s[cut]) {
			cut--
		}
		w.b = append(w.b, s[:cut]...)
		w.b = append(w.b, "\r\n "...)
		s = s[cut:]
		limit = maxOctets - 1 // the leading space counts
	}
	w.b = append(w.b, s...)
	w.b = append(w.b, "\r\n"...)
}

func localTime(t time.Time) string {
	return t.In(vntext.Location()).Format("20060102T150405")
}

var textEscaper = strings.NewReplacer(`\`, `\\`, `;`, `\;`, `,`, `\,`, "\n", `\n`)

// escapeText escapes a TEXT value (RFC 5545 section 3.3.11). s must already
// be cleaned: \n line ends and no other control characters except tab.
func escapeText(s string) string { return textEscaper.Replace(s) }

// cnParam returns the ";CN=…" parameter for name, or "" for no name.
func cnParam(name string) string {
	name = vntext.CleanLine(name)
	if name == "" {
		return ""
	}
	// A parameter value cannot hold a double quote at all (RFC 5545
	// section 3.1); a single quote reads the same to people.
	name = strings.ReplaceAll(name, `"`, "'")
	if strings.ContainsAny(name, ";:,") {
		name = `"` + name + `"`
	}
	return ";CN=" + name
}

func mailto(email string) string { return "mailto:" + uriValue(email) }

// uriValue drops what cannot appear in a URI value: spaces and controls.
func uriValue(s string) string {
	return strings.Map(func(r rune) rune {
		if r <= ' ' || r == 0x7F {
			return -1
		}
		return r
	}, s)
}
