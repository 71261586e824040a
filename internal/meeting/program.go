package meeting

import (
	"context"
	"errors"
	"fmt"

	"nghisu/internal/auth"
	"nghisu/internal/model"
	"nghisu/internal/rules"
	"nghisu/internal/store"
	"nghisu/internal/vntext"
)

// Program is a meeting's items and the required areas they leave uncovered.
type Program struct {
	Items   []model.AgendaItem
	Missing []model.Area
	Minutes int
}

// Program reads a meeting's program.
func (s *Service) Program(ctx context.Context, a *auth.Actor, meetingID int64) (*Program, error) {
	m, err := s.Get(ctx, a, meetingID)
	if err != nil {
		return nil, err
	}
	return s.program(ctx, s.st, m)
}

func (s *Service) program(ctx context.Context, st *store.Store, m *model.Meeting) (*Program, error) {
	items, err := st.Items(ctx, m.ID)
	if err != nil {
		return nil, err
	}
	p := &Program{Items: items}
	var covered [][]model.Area
	for _, it := range items {
		covered = append(covered, it.Areas)
		p.Minutes += it.Minutes
	}
	p.Missing = rules.MissingAreas(m.Kind, covered)
	return p, nil
}

// editable checks that the actor may change the meeting's program now.
func (s *Service) editable(ctx context.Context, a *auth.Actor, meetingID int64) (*model.Meeting, error) {
	m, err := s.Get(ctx, a, meetingID)
	if err != nil {
		return nil, err
	}
	if err := mayPrepare(a, m.Body); err != nil {
		return nil, err
	}
	if !m.State.Editable() {
		return nil, model.Refuse("meeting.locked", stateLabel(m.State))
	}
	return m, nil
}

// checkItem validates an item's input.
func (s *Service) checkItem(ctx context.Context, m *model.Meeting, in *model.ItemInput) error {
	in.Title, in.Notes = vntext.CleanLine(in.Title), vntext.Clean(in.Notes)
	v := &model.ValidationError{}
	if in.Title == "" {
		v.Add("title", "field.required")
	} else if len([]rune(in.Title)) > 300 {
		v.Add("title", "field.too_long", 300)
	}
	if !in.Kind.Valid() {
		v.Add("kind", "item.kind_invalid")
	}
	if in.Minutes < 0 || in.Minutes > 600 {
		v.Add("minutes", "item.minutes_invalid")
	}
	seen := map[model.Area]bool{}
	var areas []model.Area
	for _, ar := range in.Areas {
		if !ar.Valid() {
			v.Add("areas", "item.area_invalid")
			break
		}
		if !seen[ar] {
			seen[ar] = true
			areas = append(areas, ar)
		}
	}
	in.Areas = areas
	if in.PresenterID != 0 {
		p, err := s.st.Person(ctx, in.PresenterID)
		if err != nil || p.OrgID != m.Body.OrgID {
			v.Add("presenter_id", "item.presenter_other_org")
		}
	}
	return v.Err()
}

// AddItem appends an item to a meeting's program.
func (s *Service) AddItem(ctx context.Context, a *auth.Actor, meetingID int64, in model.ItemInput) (*model.AgendaItem, error) {
	m, err := s.editable(ctx, a, meetingID)
	if err != nil {
		return nil, err
	}
	if err := s.checkItem(ctx, m, &in); err != nil {
		return nil, err
	}
	it := &model.AgendaItem{MeetingID: m.ID, Title: in.Title, Kind: in.Kind, PresenterID: in.PresenterID,
		Minutes: in.Minutes, Areas: in.Areas, Notes: in.Notes}
	err = s.st.InTx(ctx, func(st *store.Store) error {
		if err := st.AddItem(ctx, it); err != nil {
			return err
		}
		return st.Audit(ctx, a.Audit("item.add", "meeting", m.ID, m.Body.OrgID, it.Title))
	})
	if err != nil {
		return nil, err
	}
	return it, nil
}

// Item reads an item of a meeting the actor may see.
func (s *Service) Item(ctx context.Context, a *auth.Actor, itemID int64) (*model.AgendaItem, error) {
	it, err := s.st.Item(ctx, itemID)
	if err != nil {
		return nil, err
	}
	if _, err := s.Get(ctx, a, it.MeetingID); err != nil {
		return nil, err
	}
	return it, nil
}

// item reads an item of a meeting the actor may edit.
func (s *Service) item(ctx context.Context, a *auth.Actor, itemID int64) (*model.Meeting, *model.AgendaItem, error) {
	it, err := s.Item(ctx, a, itemID)
	if err != nil {
		return nil, nil, err
	}
	m, err := s.editable(ctx, a, it.MeetingID)
	return m, it, err
}

// UpdateItem changes an item.
func (s *Service) UpdateItem(ctx context.Context, a *auth.Actor, itemID int64, in model.ItemInput) (*model.AgendaItem, error) {
	m, it, err := s.item(ctx, a, itemID)
	if err != nil {
		return nil, err
	}
	if err := s.checkItem(ctx, m, &in); err != nil {
		return nil, err
	}
	it.Title, it.Kind, it.PresenterID, it.Minutes, it.Areas, it.Notes = in.Title, in.Kind, in.PresenterID, in.Minutes, in.Areas, in.Notes
	err = s.st.InTx(ctx, func(st *store.Store) error {
		if err := st.UpdateItem(ctx, it); err != nil {
			return err
		}
		return st.Audit(ctx, a.Audit("item.update", "meeting", m.ID, m.Body.OrgID, it.Title))
	})
	return it, err
}

// DeleteItem removes an item; the review item, which the follow-up fills,
// stays.
func (s *Service) DeleteItem(ctx context.Context, a *auth.Actor, itemID int64) error {
	m, it, err := s.item(ctx, a, itemID)
	if err != nil {
		return err
	}
	if it.Source == model.SourceReview {
		return model.Refuse("item.review_stays")
	}
	return s.st.InTx(ctx, func(st *store.Store) error {
		if err := st.DeleteItem(ctx, it.ID); err != nil {
			return err
		}
		return st.Audit(ctx, a.Audit("item.delete", "meeting", m.ID, m.Body.OrgID, it.Title))
	})
}

// MoveItem moves an item one place up (delta -1) or down (+1).
func (s *Service) MoveItem(ctx context.Context, a *auth.Actor, itemID int64, delta int) error {
	m, it, err := s.item(ctx, a, itemID)
	if err != nil {
		return err
	}
	items, err := s.st.Items(ctx, m.ID)
	if err != nil {
		return err
	}
	ids := make([]int64, len(items))
	at := -1
	for i, x := range items {
		ids[i] = x.ID
		if x.ID == it.ID {
			at = i
		}
	}
	to := at + delta
	if at < 0 || to < 0 || to >= len(ids) {
		return nil // already first or last
	}
	ids[at], ids[to] = ids[to], ids[at]
	return s.st.InTx(ctx, func(st *store.Store) error {
		if err := st.SetItemPositions(ctx, m.ID, ids); err != nil {
			return err
		}
		return st.Audit(ctx, a.Audit("item.move", "meeting", m.ID, m.Body.OrgID, fmt.Sprintf("%s: %d → %d", it.Title, at+1, to+1)))
	})
}

// templateItem is one item of the monthly template.
type templateItem struct {
	title   string
	kind    model.ItemKind
	minutes int
	areas   []model.Area
	source  string
	chair   bool
}

// monthlyTemplate is the program of a regular BCH meeting: it covers every
// required area and opens, after the opening, with the review of what
// earlier meetings set (filled by the follow-up; empty until then).
var monthlyTemplate = []templateItem{
	{title: "Khai mạc; thông qua chương trình hội nghị", kind: model.ItemInformation, minutes: 10, chair: true},
	{title: "Kiểm điểm việc thực hiện các nhiệm vụ, chỉ tiêu do các kỳ họp trước đề ra", kind: model.ItemReport, minutes: 30,
		areas: []model.Area{model.AreaEconomy}, source: model.SourceReview},
	{title: "Báo cáo kết quả lãnh đạo thực hiện nhiệm vụ chính trị trong tháng; phương hướng, nhiệm vụ tháng tới", kind: model.ItemReport, minutes: 30,
		areas: []model.Area{model.AreaGuidelines, model.AreaEconomy, model.AreaDefence}},
	{title: "Lãnh đạo Mặt trận Tổ quốc và các đoàn thể chính trị - xã hội", kind: model.ItemReport, minutes: 15,
		areas: []model.Area{model.AreaFront}},
	{title: "Công tác xây dựng Đảng: tổ chức, cán bộ; chính trị, tư tưởng", kind: model.ItemReport, minutes: 20,
		areas: []model.Area{model.AreaBuilding}},
	{title: "Công tác kiểm tra, giám sát và thi hành kỷ luật đảng", kind: model.ItemReport, minutes: 15,
		areas: []model.Area{model.AreaInspection}},
	{title: "Công tác thi đua, khen thưởng", kind: model.ItemReport, minutes: 10, areas: []model.Area{model.AreaEmulation}},
	{title: "Thảo luận", kind: model.ItemDiscussion, minutes: 60},
	{title: "Chất vấn và trả lời chất vấn", kind: model.ItemQuestioning, minutes: 20},
	{title: "Biểu quyết thông qua từng vấn đề của dự thảo nghị quyết", kind: model.ItemDecision, minutes: 20},
	{title: "Kết luận hội nghị; bế mạc", kind: model.ItemInformation, minutes: 10, chair: true},
}

// TemplateItems are the items of the monthly template, for a meeting
// chaired by chair.
func TemplateItems(meetingID, chair int64) []model.AgendaItem {
	out := make([]model.AgendaItem, len(monthlyTemplate))
	for i, t := range monthlyTemplate {
		out[i] = model.AgendaItem{MeetingID: meetingID, Title: t.title, Kind: t.kind, Minutes: t.minutes,
			Areas: append([]model.Area{}, t.areas...), Source: t.source}
		if t.chair {
			out[i].PresenterID = chair
		}
	}
	return out
}

// ApplyTemplate fills an empty program from the monthly template.
func (s *Service) ApplyTemplate(ctx context.Context, a *auth.Actor, meetingID int64) error {
	m, err := s.editable(ctx, a, meetingID)
	if err != nil {
		return err
	}
	return s.st.InTx(ctx, func(st *store.Store) error {
		if err := s.requireEmptyProgram(ctx, st, m); err != nil {
			return err
		}
		for _, it := range TemplateItems(m.ID, m.ChairID) {
			if err := st.AddItem(ctx, &it); err != nil {
				return err
			}
		}
		return st.Audit(ctx, a.Audit("program.template", "meeting", m.ID, m.Body.OrgID, ""))
	})
}

// CopyLast fills an empty program from the body's last meeting of the same
// kind; the review item comes over empty, to be written anew.
func (s *Service) CopyLast(ctx context.Context, a *auth.Actor, meetingID int64) error {
	m, err := s.editable(ctx, a, meetingID)
	if err != nil {
		return err
	}
	last, err := s.st.LastMeeting(ctx, []int64{m.BodyID}, m.Kind, m.StartsAt)
	if errors.Is(err, model.ErrNotFound) {
		return model.Refuse("program.no_last")
	} else if err != nil {
		return err
	}
	items, err := s.st.Items(ctx, last.ID)
	if err != nil {
		return err
	}
	if len(items) == 0 {
		return model.Refuse("program.no_last")
	}
	return s.st.InTx(ctx, func(st *store.Store) error {
		if err := s.requireEmptyProgram(ctx, st, m); err != nil {
			return err
		}
		for _, x := range items {
			it := &model.AgendaItem{MeetingID: m.ID, Title: x.Title, Kind: x.Kind, PresenterID: x.PresenterID,
				Minutes: x.Minutes, Areas: x.Areas, Source: x.Source}
			if x.Source != model.SourceReview {
				it.Notes = x.Notes
			}
			if err := st.AddItem(ctx, it); err != nil {
				return err
			}
		}
		return st.Audit(ctx, a.Audit("program.copy", "meeting", m.ID, m.Body.OrgID, fmt.Sprint("from meeting ", last.ID)))
	})
}

func (s *Service) requireEmptyProgram(ctx context.Context, st *store.Store, m *model.Meeting) error {
	items, err := st.Items(ctx, m.ID)
	if err != nil {
		return err
	}
	if len(items) > 0 {
		return model.Refuse("program.not_empty")
	}
	return nil
}
