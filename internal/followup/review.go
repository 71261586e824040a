package followup

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"nghisu/internal/auth"
	"nghisu/internal/i18n"
	"nghisu/internal/meeting"
	"nghisu/internal/model"
	"nghisu/internal/store"
	"nghisu/internal/vntext"
)

// Review is the first item of a meeting: the tasks due or changed since
// the body's previous regular meeting, the late ones first, and a draft of
// the report section the secretary edits.
type Review struct {
	Meeting *model.Meeting `json:"-"`
	// Previous is the body's previous regular meeting (nil: none); Since
	// its start.
	Previous *model.Meeting `json:"previous,omitempty"`
	Since    time.Time      `json:"since,omitzero"`
	Tasks    []model.Task   `json:"tasks"`
	// Extra are the lines the ReviewSource adds (the targets).
	Extra []string `json:"extra,omitempty"`
	Draft string   `json:"draft"`
	// Late counts the late tasks.
	Late int `json:"late"`
	// ItemID is the program's review item, once added (0: none yet).
	ItemID int64 `json:"item_id,omitempty"`
	// CanAdd: the actor may put the review into the program now.
	CanAdd bool `json:"can_add"`
}

// reviewWindow: a task is in the review of a meeting at until when its
// deadline falls in (since, until], it changed in (since, until], or it is
// still open and late.
func inReview(t *model.Task, since, until time.Time) bool {
	loc := vntext.Location()
	due := t.DueOn.Time(loc)
	end := model.DateOf(until.In(loc))
	if t.Status == model.TaskLate && !t.DueOn.After(end) {
		return true
	}
	if (since.IsZero() || !due.Before(model.DateOf(since.In(loc)).Time(loc))) && !t.DueOn.After(end) {
		return true
	}
	return t.UpdatedAt.After(since) && !t.UpdatedAt.After(until) && t.UpdatedAt.After(t.CreatedAt)
}

// Review builds a meeting's review. Those who see the meeting see it.
func (s *Service) Review(ctx context.Context, a *auth.Actor, meetingID int64) (*Review, error) {
	m, err := s.meetings.Get(ctx, a, meetingID)
	if err != nil {
		return nil, err
	}
	c, err := s.st.Org(ctx, m.Body.OrgID)
	if err != nil {
		return nil, err
	}
	r := &Review{Meeting: m}
	bodies, err := s.st.Bodies(ctx, c.ID)
	if err != nil {
		return nil, err
	}
	var ids []int64
	for _, b := range bodies {
		if b.Kind == m.Body.Kind {
			ids = append(ids, b.ID)
		}
	}
	prev, err := s.st.LastMeeting(ctx, ids, model.MeetingRegular, m.StartsAt)
	switch {
	case err == nil:
		r.Previous, r.Since = prev, prev.StartsAt
	case !errors.Is(err, model.ErrNotFound):
		return nil, err
	}
	// Statuses are today's while the meeting is ahead, the meeting day's
	// once it has begun; what changed counts up to now.
	until, at := m.StartsAt, s.st.Now()
	if at.After(until) {
		until, at = at, m.StartsAt
	}
	ts, err := s.st.Tasks(ctx, store.TaskQuery{CommuneID: c.ID})
	if err != nil {
		return nil, err
	}
	for _, t := range ts {
		t.Status = StatusAt(t.Reported, t.DueOn, at)
		if inReview(&t, r.Since, until) {
			r.Tasks = append(r.Tasks, t)
			if t.Status == model.TaskLate {
				r.Late++
			}
		}
	}
	sortLateFirst(r.Tasks)
	if s.ReviewSource != nil {
		extra, err := s.ReviewSource(ctx, m, r.Since)
		if err != nil {
			return nil, err
		}
		r.Extra = extra
	}
	r.Draft = Draft(r)
	items, err := s.st.Items(ctx, m.ID)
	if err != nil {
		return nil, err
	}
	for _, it := range items {
		if it.Source == model.SourceReview {
			r.ItemID = it.ID
			break
		}
	}
	r.CanAdd = meeting.Preparer(a, c) && m.State.Editable()
	return r, nil
}

// Draft writes the review's report section in Vietnamese, one line per
// task: owner, deadline, status, percent, note.
func Draft(r *Review) string {
	var b strings.Builder
	b.WriteString("Đánh giá việc thực hiện các nhiệm vụ")
	if r.Previous != nil {
		fmt.Fprintf(&b, " từ kỳ họp %s đến nay", vntext.ShortDate(r.Previous.StartsAt))
	} else {
		b.WriteString(" do các kỳ họp trước đề ra")
	}
	fmt.Fprintf(&b, ": %d nhiệm vụ đến hạn hoặc có thay đổi, %d nhiệm vụ chậm tiến độ.\n", len(r.Tasks), r.Late)
	if len(r.Tasks) == 0 {
		b.WriteString("Không có nhiệm vụ nào đến hạn hoặc thay đổi trong kỳ.\n")
	}
	for i, t := range r.Tasks {
		fmt.Fprintf(&b, "%d. %s — chủ trì: %s; thời hạn: %s; tình trạng: %s; đạt %d%%", i+1, t.Title, t.Owner.Name,
			t.DueOn.Time(vntext.Location()).Format("02/01/2006"), i18n.T(i18n.Default, "taskstatus."+string(t.Status)), t.Percent)
		if t.Note != "" {
			fmt.Fprintf(&b, "; %s", strings.TrimRight(strings.ReplaceAll(t.Note, "\n", " "), ".;: "))
		}
		b.WriteString(".\n")
	}
	for _, l := range r.Extra {
		b.WriteString(l)
		b.WriteString("\n")
	}
	return strings.TrimRight(b.String(), "\n")
}

// ReviewTitle is the title of the review item.
const ReviewTitle = "Kiểm điểm việc thực hiện các nhiệm vụ, chỉ tiêu do các kỳ họp trước đề ra"

// AddReviewItem puts the review into the meeting's program as its first
// item, with the draft in the item's notes. When the program already has a
// review item (the monthly template has one), that item moves first and
// its notes take the draft. Only while the program may be edited.
func (s *Service) AddReviewItem(ctx context.Context, a *auth.Actor, meetingID int64) (*model.AgendaItem, error) {
	r, err := s.Review(ctx, a, meetingID)
	if err != nil {
		return nil, err
	}
	m := r.Meeting
	if !meeting.Preparer(a, m.Body.Org) {
		return nil, model.Deny("meeting.not_preparer")
	}
	if !m.State.Editable() {
		return nil, model.Refuse("meeting.locked", model.M("meetingstate."+string(m.State)))
	}
	var it *model.AgendaItem
	err = s.st.InTx(ctx, func(st *store.Store) error {
		items, err := st.Items(ctx, m.ID)
		if err != nil {
			return err
		}
		for i := range items {
			if items[i].Source == model.SourceReview {
				it = &items[i]
				break
			}
		}
		if it == nil {
			it = &model.AgendaItem{MeetingID: m.ID, Title: ReviewTitle, Kind: model.ItemReport, Minutes: 30,
				Areas: []model.Area{model.AreaEconomy}, Source: model.SourceReview, Position: len(items) + 1}
			it.Notes = r.Draft
			if err := st.AddItem(ctx, it); err != nil {
				return err
			}
			items = append(items, *it)
		} else {
			it.Notes = r.Draft
			if err := st.UpdateItem(ctx, it); err != nil {
				return err
			}
		}
		ids := []int64{it.ID}
		for _, x := range items {
			if x.ID != it.ID {
				ids = append(ids, x.ID)
			}
		}
		if err := st.SetItemPositions(ctx, m.ID, ids); err != nil {
			return err
		}
		it.Position = 1
		return st.Audit(ctx, a.Audit("item.review", "meeting", m.ID, m.Body.OrgID, it.Title))
	})
	if err != nil {
		return nil, err
	}
	return it, nil
}
