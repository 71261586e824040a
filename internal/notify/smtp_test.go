package notify_test

import (
	"bytes"
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"strings"
	"testing"
	"time"

	"nghisu/internal/notify"
	"nghisu/internal/notify/smtptest"
)

const (
	viSubject = "Giấy mời hội nghị Ban Chấp hành tháng 3/2026"
	viSender  = "Đảng ủy phường Mỹ Tho"
	viBody    = "Kính gửi đồng chí Nguyễn Văn Ấn,\n\n" +
		"Đảng ủy phường Mỹ Tho trân trọng kính mời đồng chí dự hội nghị Ban Chấp hành " +
		"Đảng bộ phường tháng 3/2026, lúc 08:00 ngày 09/03/2026, tại Hội trường Đảng ủy.\n\n" +
		"Nội dung: thảo luận và cho ý kiến về dự thảo Nghị quyết lãnh đạo thực hiện nhiệm vụ quý II; " +
		"đánh giá kết quả công tác xây dựng Đảng; phân công nhiệm vụ.\n\nTrân trọng."
)

// mailer returns an SMTP Mailer for srv with test timeouts.
func mailer(srv *smtptest.Server) *notify.SMTP {
	return &notify.SMTP{
		Host:     srv.Host(),
		Port:     srv.Port(),
		Security: notify.SecurityNone,
		From:     notify.Address{Name: viSender, Email: "dangUy@mytho.example.vn"},
		Timeout:  5 * time.Second,
		HeloName: "nghisu.test",
	}
}

func invitation(t *testing.T) notify.Mail {
	t.Helper()
	start := time.Date(2026, 3, 9, 8, 0, 0, 0, time.FixedZone("ICT", 7*3600))
	ics := notify.ICS(notify.MethodRequest, "", []notify.Event{{
		UID:         "meeting-42@nghisu",
		Start:       start,
		Summary:     viSubject,
		Location:    "Hội trường Đảng ủy, số 1 Lê Lợi",
		Description: viBody,
		Organizer:   notify.Address{Name: viSender, Email: "dangUy@mytho.example.vn"},
		Attendees:   []notify.Address{{Name: "Nguyễn Văn Ấn", Email: "an@mytho.example.vn"}},
	}}, start.Add(-72*time.Hour))
	return notify.Mail{
		To:      []notify.Address{{Name: "Nguyễn Văn Ấn", Email: "an@mytho.example.vn"}},
		Subject: viSubject,
		Text:    viBody,
		Attachments: []notify.Attachment{{
			Name: "giay-moi.ics", ContentType: notify.ICSContentType(notify.MethodRequest), Data: ics,
		}},
	}
}

func TestSMTPSendVietnamese(t *testing.T) {
	srv := smtptest.NewServer(t)
	m := invitation(t)
	if err := mailer(srv).Send(context.Background(), m); err != nil {
		t.Fatalf("Send: %v", err)
	}
	msgs := srv.WaitFor(t, 1)
	if len(msgs) != 1 {
		t.Fatalf("got %d messages, want 1", len(msgs))
	}
	got := msgs[0]
	if got.From != "dangUy@mytho.example.vn" {
		t.Errorf("envelope from = %q", got.From)
	}
	if len(got.To) != 1 || got.To[0] != "an@mytho.example.vn" {
		t.Errorf("envelope to = %q", got.To)
	}
	if got.Subject != viSubject {
		t.Errorf("subject = %q, want %q", got.Subject, viSubject)
	}
	if got.Text != viBody {
		t.Errorf("text = %q, want %q", got.Text, viBody)
	}
	from, err := got.Header.AddressList("From")
	if err != nil || len(from) != 1 || from[0].Name != viSender || from[0].Address != "dangUy@mytho.example.vn" {
		t.Errorf("From header = %v (%v), want %q <dangUy@mytho.example.vn>", from, err, viSender)
	}
	to, err := got.Header.AddressList("To")
	if err != nil || len(to) != 1 || to[0].Name != "Nguyễn Văn Ấn" {
		t.Errorf("To header = %v (%v)", to, err)
	}
	if h := got.Header.Get("Auto-Submitted"); h != "auto-generated" {
		t.Errorf("Auto-Submitted = %q", h)
	}
	if len(got.Attachments) != 1 {
		t.Fatalf("got %d attachments, want 1", len(got.Attachments))
	}
	a := got.Attachments[0]
	if a.Name != "giay-moi.ics" {
		t.Errorf("attachment name = %q", a.Name)
	}
	if a.ContentType != "text/calendar; charset=utf-8; method=REQUEST" {
		t.Errorf("attachment type = %q", a.ContentType)
	}
	if !bytes.Equal(a.Data, m.Attachments[0].Data) {
		t.Errorf("attachment data differs:\n%s\nwant\n%s", a.Data, m.Attachments[0].Data)
	}

	// The raw message must be 7-bit clean: Vietnamese only in encoded form.
	for i, c := range got.Raw {
		if c >= 0x80 {
			t.Fatalf("raw message has 8-bit byte %#x at %d", c, i)
		}
	}
	if !bytes.Contains(got.Raw, []byte("=?UTF-8?q?Gi=E1=BA=A5y_m=E1=BB=9Di")) {
		t.Errorf("subject not RFC 2047 encoded:\n%s", got.Raw)
	}
}

func TestSMTPVietnameseAttachmentName(t *testing.T) {
	srv := smtptest.NewServer(t)
	m := notify.Mail{
		To:          []notify.Address{{Email: "an@mytho.example.vn"}},
		Subject:     "Tài liệu",
		Text:        "Xem tệp đính kèm.",
		Attachments: []notify.Attachment{{Name: "Dự thảo nghị quyết.txt", Data: []byte("Nội dung")}},
	}
	if err := mailer(srv).Send(context.Background(), m); err != nil {
		t.Fatal(err)
	}
	a := srv.WaitFor(t, 1)[0].Attachments
	if len(a) != 1 || a[0].Name != "Dự thảo nghị quyết.txt" || string(a[0].Data) != "Nội dung" ||
		!strings.HasPrefix(a[0].ContentType, "text/plain") {
		t.Errorf("attachments = %+v", a)
	}
}

func TestSMTPMailFromOverridesDefault(t *testing.T) {
	srv := smtptest.NewServer(t)
	m := notify.Mail{
		From:    notify.Address{Name: "Văn phòng", Email: "vanphong@mytho.example.vn"},
		To:      []notify.Address{{Email: "an@mytho.example.vn"}, {Name: "Lê Thị Bình", Email: "binh@mytho.example.vn"}},
		Subject: "Thông báo",
		Text:    "Nội dung",
	}
	if err := mailer(srv).Send(context.Background(), m); err != nil {
		t.Fatal(err)
	}
	got := srv.WaitFor(t, 1)[0]
	if got.From != "vanphong@mytho.example.vn" || strings.Join(got.To, ",") != "an@mytho.example.vn,binh@mytho.example.vn" {
		t.Errorf("envelope = %q -> %q", got.From, got.To)
	}
}

func TestSMTPTemporaryReplies(t *testing.T) {
	tests := []struct {
		code int
		want bool
	}{{421, true}, {451, true}, {452, true}, {550, false}, {553, false}, {554, false}}
	for _, tt := range tests {
		t.Run(fmt.Sprint(tt.code), func(t *testing.T) {
			srv := smtptest.NewServer(t)
			mlr := mailer(srv)
			srv.FailNext(1, tt.code)
			err := mlr.Send(context.Background(), invitation(t))
			if err == nil {
				t.Fatal("Send succeeded, want an error")
			}
			if got := notify.Temporary(err); got != tt.want {
				t.Errorf("Temporary(%v) = %v, want %v", err, got, tt.want)
			}
			if len(srv.Messages()) != 0 {
				t.Error("a failed mail was stored")
			}
			// The failure was used up: a retry goes through.
			if err := mlr.Send(context.Background(), invitation(t)); err != nil {
				t.Fatalf("retry: %v", err)
			}
			srv.WaitFor(t, 1)
		})
	}
}

func TestSMTPDataFailure(t *testing.T) {
	srv := smtptest.NewServer(t)
	mlr := mailer(srv)
	for _, tt := range []struct {
		code int
		want bool
	}{{451, true}, {552, false}, {554, false}} {
		srv.FailNextData(1, tt.code)
		err := mlr.Send(context.Background(), invitation(t))
		if err == nil || notify.Temporary(err) != tt.want {
			t.Errorf("DATA %d: Send = %v, want Temporary %v", tt.code, err, tt.want)
		}
	}
	if err := mlr.Send(context.Background(), invitation(t)); err != nil {
		t.Fatal(err)
	}
	if n := len(srv.WaitFor(t, 1)); n != 1 {
		t.Errorf("server kept %d messages, want only the last", n)
	}
}

func TestSMTPSeveralFailures(t *testing.T) {
	srv := smtptest.NewServer(t)
	mlr := mailer(srv)
	srv.FailNext(2, 451) // a job queue retrying twice more
	for i := range 2 {
		if err := mlr.Send(context.Background(), invitation(t)); err == nil || !notify.Temporary(err) {
			t.Fatalf("try %d: Send = %v, want a temporary error", i+1, err)
		}
	}
	if err := mlr.Send(context.Background(), invitation(t)); err != nil {
		t.Fatalf("try 3: %v", err)
	}
	srv.WaitFor(t, 1)
}

func TestTemporaryClosedPort(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	port := ln.Addr().(*net.TCPAddr).Port
	ln.Close() // nothing listens there now: connection refused

	s := &notify.SMTP{Host: "127.0.0.1", Port: port, Security: notify.SecurityNone,
		From: notify.Address{Email: "dangUy@mytho.example.vn"}, Timeout: 5 * time.Second}
	err = s.Send(context.Background(), invitation(t))
	if err == nil {
		t.Fatal("Send to a closed port succeeded")
	}
	if !notify.Temporary(err) {
		t.Errorf("Temporary(%v) = false, want true", err)
	}
}

// silentServer accepts connections and never answers, like a server that
// hangs; it returns its port.
func silentServer(t *testing.T) int {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	var conns []net.Conn
	done := make(chan struct{})
	go func() {
		defer close(done)
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			conns = append(conns, c)
		}
	}()
	t.Cleanup(func() {
		ln.Close()
		<-done
		for _, c := range conns {
			c.Close()
		}
	})
	return ln.Addr().(*net.TCPAddr).Port
}

func TestTemporaryTimeout(t *testing.T) {
	s := &notify.SMTP{Host: "127.0.0.1", Port: silentServer(t), Security: notify.SecurityNone,
		From: notify.Address{Email: "dangUy@mytho.example.vn"}, Timeout: 200 * time.Millisecond}
	err := s.Send(context.Background(), invitation(t))
	if err == nil {
		t.Fatal("Send to a silent server succeeded")
	}
	if !notify.Temporary(err) {
		t.Errorf("Temporary(%v) = false, want true", err)
	}
}

func TestSendStopsWithContext(t *testing.T) {
	// Timeout is long; only the context can end this Send early.
	s := &notify.SMTP{Host: "127.0.0.1", Port: silentServer(t), Security: notify.SecurityNone,
		From: notify.Address{Email: "dangUy@mytho.example.vn"}, Timeout: time.Minute}
	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	start := time.Now()
	err := s.Send(ctx, invitation(t))
	if took := time.Since(start); took > 10*time.Second {
		t.Errorf("Send took %v after its context expired", took)
	}
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("Send = %v, want context.DeadlineExceeded", err)
	}
	if !notify.Temporary(err) {
		t.Errorf("Temporary(%v) = false, want true", err)
	}
}

func TestInvalidAddressIsPermanent(t *testing.T) {
	srv := smtptest.NewServer(t)
	tests := []notify.Mail{
		{To: []notify.Address{{Email: "khong-phai-email"}}, Subject: "x"},
		{To: []notify.Address{{Email: "an@mytho.example.vn"}, {Email: ""}}, Subject: "x"},
		{To: nil, Subject: "x"},
		{From: notify.Address{Email: "a@b@c"}, To: []notify.Address{{Email: "an@mytho.example.vn"}}},
	}
	for _, m := range tests {
		err := mailer(srv).Send(context.Background(), m)
		if !errors.Is(err, notify.ErrInvalidAddress) || notify.Temporary(err) {
			t.Errorf("Send(%+v) = %v, want a permanent ErrInvalidAddress", m, err)
		}
		if err := (notify.Log{Logger: slog.New(slog.DiscardHandler)}).Send(context.Background(), m); !errors.Is(err, notify.ErrInvalidAddress) {
			t.Errorf("Log.Send(%+v) = %v, want ErrInvalidAddress", m, err)
		}
	}
	if n := len(srv.Messages()); n != 0 {
		t.Errorf("server got %d messages", n)
	}
}

func TestSMTPStartTLSAuth(t *testing.T) {
	for _, sec := range []string{"starttls", "tls"} {
		t.Run(sec, func(t *testing.T) {
			srv := smtptest.NewServerWith(t, smtptest.Options{TLS: sec, Username: "mytho", Password: "mật khẩu"})
			s := mailer(srv)
			s.Security = strings.ToUpper(sec) // settings typed by hand
			s.Username, s.Password = "mytho", "mật khẩu"
			s.TLSConfig = &tls.Config{RootCAs: srv.RootCAs()}
			if err := s.Send(context.Background(), invitation(t)); err != nil {
				t.Fatalf("Send: %v", err)
			}
			if got := srv.WaitFor(t, 1)[0]; got.Subject != viSubject {
				t.Errorf("subject = %q", got.Subject)
			}

			s.Password = "sai"
			err := s.Send(context.Background(), invitation(t))
			if err == nil || notify.Temporary(err) {
				t.Errorf("wrong password: Send = %v, want a permanent error", err)
			}

			s.Password = "mật khẩu"
			s.TLSConfig = nil // the system does not trust the test certificate
			err = s.Send(context.Background(), invitation(t))
			if err == nil || notify.Temporary(err) {
				t.Errorf("untrusted certificate: Send = %v, want a permanent error", err)
			}
		})
	}
}

func TestSMTPStartTLSRequired(t *testing.T) {
	srv := smtptest.NewServer(t) // no STARTTLS offered
	s := mailer(srv)
	s.Security = "" // default: starttls, which must not fall back to plain text
	err := s.Send(context.Background(), invitation(t))
	if err == nil || notify.Temporary(err) {
		t.Errorf("Send = %v, want a permanent error", err)
	}
	if len(srv.Messages()) != 0 {
		t.Error("mail was sent without TLS")
	}
}

func TestSMTPAuthWithoutTLSOnLocalhost(t *testing.T) {
	srv := smtptest.NewServerWith(t, smtptest.Options{Username: "u", Password: "p"})
	s := mailer(srv)
	if err := s.Send(context.Background(), invitation(t)); err == nil || notify.Temporary(err) {
		t.Errorf("without credentials: Send = %v, want a permanent error", err)
	}
	s.Username, s.Password = "u", "p"
	if err := s.Send(context.Background(), invitation(t)); err != nil {
		t.Fatalf("Send: %v", err)
	}
	srv.WaitFor(t, 1)
}

func TestSMTPBadSecurity(t *testing.T) {
	srv := smtptest.NewServer(t)
	s := mailer(srv)
	s.Security = "ssl"
	if err := s.Send(context.Background(), invitation(t)); err == nil || notify.Temporary(err) {
		t.Errorf("Send = %v, want a permanent config error", err)
	}
}

func TestTemporaryOther(t *testing.T) {
	tests := []struct {
		err  error
		want bool
	}{
		{nil, false},
		{errors.New("something"), false},
		{fmt.Errorf("wrapped: %w", context.DeadlineExceeded), true},
		{&net.DNSError{Err: "no such host", Name: "smtp.invalid", IsNotFound: true}, false},
		{&net.DNSError{Err: "server misbehaving", Name: "smtp.example.vn", IsTemporary: true}, true},
		{fmt.Errorf("x: %w", notify.ErrInvalidAddress), false},
	}
	for _, tt := range tests {
		if got := notify.Temporary(tt.err); got != tt.want {
			t.Errorf("Temporary(%v) = %v, want %v", tt.err, got, tt.want)
		}
	}
}

func TestLogMailer(t *testing.T) {
	var buf bytes.Buffer
	l := notify.Log{Logger: slog.New(slog.NewTextHandler(&buf, nil))}
	var _ notify.Mailer = l
	if err := l.Send(context.Background(), invitation(t)); err != nil {
		t.Fatal(err)
	}
	out := buf.String()
	for _, want := range []string{"an@mytho.example.vn", viSubject, "giay-moi.ics"} {
		if !strings.Contains(out, want) {
			t.Errorf("log lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "Kính gửi") {
		t.Errorf("log has the body:\n%s", out)
	}
}
