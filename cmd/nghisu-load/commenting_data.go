package main

import (
	"context"
	"fmt"
	"strings"
	"time"

	"nghisu/internal/auth"
	"nghisu/internal/db"
	"nghisu/internal/model"
	"nghisu/internal/store"
	"nghisu/internal/textdiff"
)

// Review is one synthetic BCH meeting in BTV review: a draft resolution of
// Paragraphs paragraphs with an open review round, and its commune's BTV,
// every member with an account and a token. Reviewers[0] is the commune's
// Bí thư, who wrote the draft, opened the round and answers the comments;
// they comment too.
type Review struct {
	MeetingID, DocumentID, RoundID int64
	Paragraphs                     int
	Reviewers                      []Member
}

// Drafter is the member who answers the comments.
func (r *Review) Drafter() Member { return r.Reviewers[0] }

// PrepareReviews fills a migrated, empty database with meetings BCH
// meetings in BTV review, reviewers BTV members in total spread over them,
// each meeting in a commune of its own under one province. Straight through
// the store, in a few big transactions, as Prepare does.
func PrepareReviews(ctx context.Context, d *db.DB, meetings, reviewers, paragraphs int) ([]*Review, error) {
	if meetings < 1 || reviewers < meetings || paragraphs < 1 {
		return nil, fmt.Errorf("need at least one meeting, one reviewer per meeting and one paragraph (got %d meetings, %d reviewers, %d paragraphs)",
			meetings, reviewers, paragraphs)
	}
	st := store.New(d, nil)
	prov := &model.Org{Kind: model.OrgProvince, Name: "Đảng bộ tỉnh Thử Tải", Place: "Thử Tải"}
	if err := st.CreateOrg(ctx, prov); err != nil {
		return nil, err
	}
	body := draftBody(paragraphs)
	out := make([]*Review, 0, meetings)
	for i := 0; i < meetings; {
		n := 0
		start := i
		err := st.InTx(ctx, func(st *store.Store) error {
			out = out[:start]
			for i = start; i < meetings && n < perTx; i++ {
				size := reviewers / meetings
				if i < reviewers%meetings {
					size++
				}
				r, err := prepareReview(ctx, st, prov, i, size, body)
				if err != nil {
					return fmt.Errorf("meeting %d: %w", i+1, err)
				}
				r.Paragraphs = paragraphs
				out = append(out, r)
				n += size
			}
			return nil
		})
		if err != nil {
			return nil, err
		}
	}
	return out, nil
}

// draftBody is a draft resolution of n paragraphs.
func draftBody(n int) string {
	paras := make([]string, n)
	for i := range paras {
		paras[i] = fmt.Sprintf("%d. Lãnh đạo, chỉ đạo thực hiện nhiệm vụ thứ %d của năm: tập trung phát triển kinh tế, "+
			"bảo đảm an sinh xã hội, giữ vững quốc phòng, an ninh; giao các chi bộ xây dựng kế hoạch cụ thể, "+
			"phân công rõ người, rõ việc, rõ thời hạn và báo cáo kết quả trước ngày 25 hằng tháng.", i+1, i+1)
	}
	return textdiff.Join(paras)
}

func prepareReview(ctx context.Context, st *store.Store, prov *model.Org, i, size int, draft string) (*Review, error) {
	name := fmt.Sprintf("Góp Ý %d", i+1)
	c, term, bch, err := syntheticCommune(ctx, st, prov, name)
	if err != nil {
		return nil, err
	}
	btv := &model.Body{OrgID: c.ID, TermID: term.ID, Kind: model.BodyStanding}
	if err := st.CreateBody(ctx, btv); err != nil {
		return nil, err
	}
	r := &Review{Reviewers: make([]Member, size)}
	var drafter *model.Account
	for j := range size {
		p := &model.Person{OrgID: c.ID, FullName: fmt.Sprintf("Ủy viên %d-%d", i+1, j+1), Gender: model.GenderFemale,
			BirthDate: model.Date{Year: 1970 + j%30, Month: time.May, Day: 1 + j%28}}
		if err := st.CreatePerson(ctx, p); err != nil {
			return nil, err
		}
		// A BTV member sits on the BCH too.
		for _, b := range []*model.Body{bch, btv} {
			if err := st.AddMembership(ctx, &model.Membership{BodyID: b.ID, PersonID: p.ID, Status: model.StatusIncumbent, StartedOn: termStart}); err != nil {
				return nil, err
			}
		}
		if j == 0 {
			if err := st.AddPost(ctx, &model.Post{PersonID: p.ID, OrgID: c.ID, BodyID: bch.ID, Kind: model.PostSecretary,
				Areas: []string{}, StartedOn: termStart}); err != nil {
				return nil, err
			}
		}
		acc := &model.Account{Username: fmt.Sprintf("review-%d-%d", i+1, j+1), Role: model.RoleMember, OrgID: c.ID,
			PersonID: p.ID, PasswordHash: unusableHash}
		if err := st.CreateAccount(ctx, acc); err != nil {
			return nil, err
		}
		if j == 0 {
			drafter = acc
		}
		token := auth.NewToken()
		if err := st.CreateToken(ctx, &model.AccessToken{AccountID: acc.ID, Name: "nghisu-load"}, auth.HashToken(token)); err != nil {
			return nil, err
		}
		r.Reviewers[j] = Member{PersonID: p.ID, Token: token}
	}
	now := st.Now()
	mt := &model.Meeting{BodyID: bch.ID, Kind: model.MeetingThematic, Title: "Hội nghị Ban Chấp hành chuyên đề " + name,
		Place: "Hội trường xã " + name, StartsAt: now.Add(10 * 24 * time.Hour), Month: now.Add(10 * 24 * time.Hour).Format("2006-01"),
		ChairID: r.Reviewers[0].PersonID, SecretaryID: r.Reviewers[0].PersonID, Guests: []string{}, State: model.StateDraft}
	if err := st.CreateMeeting(ctx, mt, 0); err != nil {
		return nil, err
	}
	if err := st.RecordTransition(ctx, &model.Transition{MeetingID: mt.ID, To: model.StateDraft, Username: "nghisu-load"}); err != nil {
		return nil, err
	}
	path := []model.MeetingState{model.StateDraft, model.StatePreparing, model.StateReview}
	for k := 1; k < len(path); k++ {
		if err := st.SetMeetingState(ctx, &model.Transition{MeetingID: mt.ID, From: path[k-1], To: path[k], Username: "nghisu-load"}); err != nil {
			return nil, err
		}
	}
	doc := &model.Document{MeetingID: mt.ID, Kind: model.DocResolution, Title: "Dự thảo Nghị quyết chuyên đề " + name,
		Format: model.FormatText, Level: model.LevelNormal, Audience: model.AudienceCommittee, CreatedBy: drafter.ID}
	if err := st.CreateDocument(ctx, doc); err != nil {
		return nil, err
	}
	ver := &model.DocVersion{DocumentID: doc.ID, Number: 1, Body: draft, AuthorID: drafter.ID, AuthorName: drafter.Username}
	if err := st.AddVersion(ctx, ver); err != nil {
		return nil, err
	}
	round := &model.ReviewRound{DocumentID: doc.ID, Version: 1, OpenedBy: drafter.ID, Deadline: now.Add(7 * 24 * time.Hour).UTC()}
	if err := st.OpenRound(ctx, round); err != nil {
		return nil, err
	}
	r.MeetingID, r.DocumentID, r.RoundID = mt.ID, doc.ID, round.ID
	return r, nil
}

// commentTag marks a comment's text so the database check finds each one
// sent, acknowledged or not: the API takes no idempotency key for comments.
func commentTag(round int64, reviewer, k int) string {
	return fmt.Sprintf("[load r%d m%d c%d]", round, reviewer, k)
}

// tagOf finds the tag in a stored comment's text.
func tagOf(text string) string {
	i := strings.Index(text, "[load ")
	if i < 0 {
		return ""
	}
	j := strings.IndexByte(text[i:], ']')
	if j < 0 {
		return ""
	}
	return text[i : i+j+1]
}
