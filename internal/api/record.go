package api

import (
	"context"
	"net/http"
	"strconv"

	"nghisu/internal/auth"
	"nghisu/internal/model"
	"nghisu/internal/record"
)

// MinutesOut is a meeting's minutes as the caller reads them.
type MinutesOut struct {
	// Minutes is null until the draft is first saved; Text is then the
	// draft written from what happened in the meeting.
	Minutes *model.Minutes        `json:"minutes"`
	Text    string                `json:"text"`
	Addenda []model.Minutes       `json:"addenda"`
	Issued  *model.IssuedDocument `json:"issued,omitempty"`
	Entry   *model.BookEntry      `json:"entry,omitempty"`
	CanEdit bool                  `json:"can_edit"`
	// SignAs is "secretary" or "chair" when the caller signs these minutes.
	SignAs string `json:"sign_as,omitempty"`
}

// MinutesInput saves the minutes' text (minutes_id 0: the first save) or
// an addendum's; version is the one the editor started from.
type MinutesInput struct {
	MinutesID int64  `json:"minutes_id,omitempty"`
	Text      string `json:"text"`
	Version   int    `json:"version"`
}

// AddendumInput starts an addendum to final minutes.
type AddendumInput struct {
	Text string `json:"text"`
}

// SignInput confirms a signature with the signer's password.
type SignInput struct {
	Password string `json:"password"`
}

// BookOut is a body's minute book and its verification.
type BookOut struct {
	Entries []model.BookEntry `json:"entries"`
	Check   record.Check      `json:"check"`
}

func (s *Server) recordTable() []Route {
	rec := s.record
	file := func(get func(ctx context.Context, a *auth.Actor, id int64, format string) (*record.File, error)) func(w http.ResponseWriter, r *http.Request, a *auth.Actor) error {
		return func(w http.ResponseWriter, r *http.Request, a *auth.Actor) error {
			n, err := id(r, "id")
			if err != nil {
				return err
			}
			f, err := get(r.Context(), a, n, r.PathValue("format"))
			if err != nil {
				return err
			}
			w.Header().Set("Content-Type", f.Type)
			w.Header().Set("Content-Disposition", `attachment; filename="`+f.Name+`"`)
			w.Header().Set("Content-Length", strconv.Itoa(len(f.Data)))
			_, err = w.Write(f.Data)
			return err
		}
	}
	return []Route{
		{Method: "GET", Path: "/meetings/{id}/minutes", Tag: "record", Summary: "A meeting's minutes (a draft written from the meeting for those who write them), addenda, number and book entry",
			Out: MinutesOut{},
			h: byID(func(r *http.Request, a *auth.Actor, n int64) (any, error) {
				v, err := rec.Minutes(r.Context(), a, n)
				if err != nil {
					return nil, err
				}
				return MinutesOut{Minutes: v.Minutes, Text: v.Text, Addenda: nonNil(v.Addenda), Issued: v.Issued, Entry: v.Entry,
					CanEdit: v.CanEdit, SignAs: v.SignAs}, nil
			})},
		{Method: "POST", Path: "/meetings/{id}/minutes", Tag: "record", Summary: "Save the minutes' text; 409 once signed or when version is no longer the latest",
			In: MinutesInput{}, Out: model.Minutes{},
			h: withBody(s.seeMeeting, func(r *http.Request, a *auth.Actor, n int64, in MinutesInput) (any, error) {
				return rec.Save(r.Context(), a, n, in.MinutesID, in.Text, in.Version)
			})},
		{Method: "POST", Path: "/meetings/{id}/addenda", Tag: "record", Summary: "Start an addendum that corrects final minutes", In: AddendumInput{},
			Out: model.Minutes{}, Status: http.StatusCreated,
			h: withBody(s.seeMeeting, func(r *http.Request, a *auth.Actor, n int64, in AddendumInput) (any, error) {
				return rec.AddAddendum(r.Context(), a, n, in.Text)
			})},
		{Method: "POST", Path: "/minutes/{id}/sign", Tag: "record", Summary: "Sign as the meeting's secretary or chair, with the password; the second signature makes them final",
			In: SignInput{}, Out: model.Minutes{},
			h: withBody(s.seeMinutes, func(r *http.Request, a *auth.Actor, n int64, in SignInput) (any, error) {
				return rec.Sign(r.Context(), a, n, in.Password)
			})},
		{Method: "POST", Path: "/minutes/{id}/unsign", Tag: "record", Summary: "Take the caller's signature back while the minutes are a draft", Out: Empty{},
			h: byID(func(r *http.Request, a *auth.Actor, n int64) (any, error) {
				return Empty{OK: true}, rec.Unsign(r.Context(), a, n)
			})},
		{Method: "GET", Path: "/minutes/{id}/{format}", Tag: "record", Summary: "Minutes in the party format: format pdf or docx", Out: []byte{},
			stream: file(rec.MinutesFile)},
		{Method: "GET", Path: "/bodies/{id}/minute-book", Tag: "record", Summary: "A body's minute book, verified (hash chain, Ed25519 signatures, minutes unchanged)",
			Out: BookOut{},
			h: byID(func(r *http.Request, a *auth.Actor, n int64) (any, error) {
				v, err := rec.Book(r.Context(), a, n)
				if err != nil {
					return nil, err
				}
				return BookOut{Entries: nonNil(v.Entries), Check: v.Check}, nil
			})},
		{Method: "GET", Path: "/orgs/{id}/register", Tag: "record", Summary: "The documents a commune's party committee issued, newest first",
			Query: []Param{{"type", "string", "NQ, TB, BB, BC, TTr, KH, CTr or GM"}, {"year", "integer", ""}, {"meeting", "integer", "a meeting's id"}},
			Out:   []model.IssuedDocument{},
			h: byID(func(r *http.Request, a *auth.Actor, n int64) (any, error) {
				q := r.URL.Query()
				f := record.RegisterFilter{Type: model.DocType(q.Get("type"))}
				f.Year, _ = strconv.Atoi(q.Get("year"))
				f.MeetingID, _ = strconv.ParseInt(q.Get("meeting"), 10, 64)
				docs, _, err := rec.Documents(r.Context(), a, n, f)
				return list(docs, err)
			})},
		{Method: "POST", Path: "/bodies/{id}/issue", Tag: "record", Summary: "Issue a document of the body: the next number of its type in the term",
			In: model.IssueInput{}, Out: model.IssuedDocument{}, Status: http.StatusCreated,
			h: withBody(s.seeBody, func(r *http.Request, a *auth.Actor, n int64, in model.IssueInput) (any, error) {
				in.BodyID = n
				return rec.Issue(r.Context(), a, in)
			})},
		{Method: "GET", Path: "/issued/{id}", Tag: "record", Summary: "One issued document", Out: model.IssuedDocument{},
			h: byID(func(r *http.Request, a *auth.Actor, n int64) (any, error) {
				d, _, err := rec.Issued(r.Context(), a, n)
				return d, err
			})},
		{Method: "GET", Path: "/issued/{id}/{format}", Tag: "record", Summary: "An issued document in the party format: format pdf or docx", Out: []byte{},
			stream: file(rec.IssuedFile)},
	}
}

func (s *Server) seeMinutes(r *http.Request, a *auth.Actor, n int64) error {
	x, err := s.st.MinutesByID(r.Context(), n)
	if err != nil {
		return err
	}
	return s.seeMeeting(r, a, x.MeetingID)
}
