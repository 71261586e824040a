package smtptest_test

import (
	"net"
	"net/smtp"
	"strconv"
	"strings"
	"testing"

	"nghisu/internal/notify/smtptest"
)

// send delivers raw with the standard library's client, independent of the
// notify package that smtptest exists to test.
func send(t *testing.T, srv *smtptest.Server, to []string, raw string) error {
	t.Helper()
	addr := net.JoinHostPort(srv.Host(), strconv.Itoa(srv.Port()))
	return smtp.SendMail(addr, nil, "from@example.vn", to, []byte(strings.ReplaceAll(raw, "\n", "\r\n")))
}

const nested = `From: =?UTF-8?B?xJDhuqNuZyDhu6d5?= <from@example.vn>
To: an@example.vn
Subject: =?UTF-8?B?R2nhuqV5IG3hu51p?= =?UTF-8?Q?_h=E1=BB=8Dp?=
MIME-Version: 1.0
Content-Type: multipart/mixed; boundary="outer"

--outer
Content-Type: multipart/alternative; boundary="inner"

--inner
Content-Type: text/plain; charset=utf-8
Content-Transfer-Encoding: base64

S8OtbmggZ+G7rWkK
xJDhuqNuZyDhu6d5
--inner
Content-Type: text/html; charset=utf-8

<p>Kính gửi</p>
--inner--
--outer
Content-Type: application/pdf
Content-Disposition: attachment; filename*=UTF-8''Ngh%E1%BB%8B%20quy%E1%BA%BFt.pdf
Content-Transfer-Encoding: base64

JVBERi0=
--outer
Content-Type: text/calendar; charset=utf-8; method=REQUEST; name="=?UTF-8?Q?l=E1=BB=8Bch.ics?="
Content-Disposition: attachment
Content-Transfer-Encoding: quoted-printable

BEGIN:VCALENDAR
END:VCALENDAR

--outer--
`

func TestParse(t *testing.T) {
	srv := smtptest.NewServer(t)
	if err := send(t, srv, []string{"an@example.vn", "binh@example.vn"}, nested); err != nil {
		t.Fatal(err)
	}
	m := srv.WaitFor(t, 1)[0]
	if m.From != "from@example.vn" || strings.Join(m.To, ",") != "an@example.vn,binh@example.vn" {
		t.Errorf("envelope = %q -> %q", m.From, m.To)
	}
	if m.Subject != "Giấy mời họp" {
		t.Errorf("subject = %q", m.Subject)
	}
	if m.Text != "Kính gửi\nĐảng ủy" {
		t.Errorf("text = %q", m.Text)
	}
	if len(m.Attachments) != 3 {
		t.Fatalf("attachments = %+v", m.Attachments)
	}
	want := []smtptest.Attachment{
		{Name: "", ContentType: "text/html; charset=utf-8", Data: []byte("<p>Kính gửi</p>")},
		{Name: "Nghị quyết.pdf", ContentType: "application/pdf", Data: []byte("%PDF-")},
		{Name: "lịch.ics", ContentType: "text/calendar; charset=utf-8; method=REQUEST",
			Data: []byte("BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n")},
	}
	for i, w := range want {
		a := m.Attachments[i]
		if a.Name != w.Name || a.ContentType != w.ContentType || string(a.Data) != string(w.Data) {
			t.Errorf("attachment %d = %q %q %q, want %q %q %q", i, a.Name, a.ContentType, a.Data, w.Name, w.ContentType, w.Data)
		}
	}
	if !strings.Contains(string(m.Raw), "boundary=\"outer\"") {
		t.Error("Raw does not hold the message")
	}
}

func TestPlainMessage(t *testing.T) {
	srv := smtptest.NewServer(t)
	if err := send(t, srv, []string{"an@example.vn"}, "Subject: ascii\n\nline 1\nline 2\n"); err != nil {
		t.Fatal(err)
	}
	m := srv.WaitFor(t, 1)[0]
	if m.Subject != "ascii" || m.Text != "line 1\nline 2\n" || len(m.Attachments) != 0 {
		t.Errorf("message = %+v", m)
	}
}

func TestFailNext(t *testing.T) {
	srv := smtptest.NewServer(t)
	srv.FailNext(2, 451)
	msg := "Subject: x\n\ny\n"
	for i := range 2 {
		err := send(t, srv, []string{"an@example.vn"}, msg)
		if err == nil || !strings.HasPrefix(err.Error(), "451") {
			t.Errorf("try %d: err = %v, want a 451 reply", i+1, err)
		}
	}
	srv.FailNextData(1, 554)
	if err := send(t, srv, []string{"an@example.vn"}, msg); err == nil || !strings.HasPrefix(err.Error(), "554") {
		t.Errorf("DATA: err = %v, want a 554 reply", err)
	}
	if err := send(t, srv, []string{"an@example.vn"}, msg); err != nil {
		t.Fatal(err)
	}
	if n := len(srv.WaitFor(t, 1)); n != 1 {
		t.Errorf("%d messages, want 1", n)
	}
}

func TestMessagesIsACopy(t *testing.T) {
	srv := smtptest.NewServer(t)
	if err := send(t, srv, []string{"an@example.vn"}, "Subject: x\n\ny\n"); err != nil {
		t.Fatal(err)
	}
	srv.WaitFor(t, 1)[0].Subject = "changed"
	if got := srv.Messages()[0].Subject; got != "x" {
		t.Errorf("subject = %q after changing a returned copy", got)
	}
}

func TestFailNextBadCode(t *testing.T) {
	srv := smtptest.NewServer(t)
	defer func() {
		if recover() == nil {
			t.Error("FailNext(1, 250) did not panic")
		}
	}()
	srv.FailNext(1, 250)
}
