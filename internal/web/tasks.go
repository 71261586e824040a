package web

import (
	"html/template"

	"fmt"
	"net/http"
	"nghisu/internal/charts"
	"strconv"

	"nghisu/internal/followup"
	"nghisu/internal/model"
	"nghisu/internal/vntext"
)

// tasksData is a commune's task list.
type tasksData struct {
	Commune  *model.Org
	Tasks    []model.Task
	Owners   []model.Owner
	Statuses []model.TaskStatus
	Status   string
	Owner    string
	CanAdd   bool
	// Whole: the actor sees all the commune's tasks (not only its org's).
	Whole bool
	// ByStatus and ByOwner draw the tasks listed.
	ByStatus, ByOwner template.HTML
}

func (s *Server) tasksPage(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	a, ctx := actorOf(r), r.Context()
	c, keeper, err := s.followup.Commune(ctx, a, id)
	if err != nil {
		return err
	}
	d := tasksData{Commune: c, Statuses: model.TaskStatuses, CanAdd: keeper, Whole: a.Sees(c),
		Status: r.URL.Query().Get("status"), Owner: r.URL.Query().Get("owner")}
	f := followup.Filter{Status: model.TaskStatus(d.Status)}
	if o, ok := followup.ParseOwner(d.Owner); ok {
		f.Owner = &o
	}
	if d.Tasks, err = s.followup.List(ctx, a, c.ID, f); err != nil {
		return err
	}
	if d.Whole {
		if d.Owners, err = s.followup.Owners(ctx, a, c.ID); err != nil {
			return err
		}
	}
	p := s.page(r, "task.list_title", c.Name)
	d.ByStatus, d.ByOwner = taskCharts(p, d.Tasks)
	p.Data = d
	return s.renderForm(w, r, "tasks", p, nil)
}

// taskCharts draws the tasks listed by status and by owner.
func taskCharts(p *Page, tasks []model.Task) (byStatus, byOwner template.HTML) {
	if len(tasks) == 0 {
		return "", ""
	}
	var labels []string
	var counts []float64
	for _, st := range model.TaskStatuses {
		n := 0
		for _, t := range tasks {
			if t.Status == st {
				n++
			}
		}
		labels, counts = append(labels, p.Enum("taskstatus", st)), append(counts, float64(n))
	}
	byStatus = charts.Bars(p.T("task.by_status"), labels, counts)
	labels, counts = nil, nil
	at := map[string]int{}
	for _, t := range tasks {
		name := t.Owner.Name
		if i, ok := at[name]; ok {
			counts[i]++
			continue
		}
		at[name] = len(labels)
		labels, counts = append(labels, name), append(counts, 1)
	}
	return byStatus, charts.Bars(p.T("task.by_owner"), labels, counts)
}

// taskForm creates a task; the source comes prefilled from the query.
type taskForm struct {
	Commune *model.Org
	Owners  []model.Owner
	Source  followup.Input
	Today   model.Date
	// Entries are the work programs' planned entries a task can carry out.
	Entries []model.ProgramEntry
}

func (s *Server) newTaskForm(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	q := r.URL.Query()
	in := followup.Input{SourceKind: q.Get("source_kind"), Title: vntext.CleanLine(q.Get("title"))}
	in.SourceID, _ = strconv.ParseInt(q.Get("source_id"), 10, 64)
	para, _ := strconv.Atoi(q.Get("source_para"))
	in.SourcePara = para
	in.ProgramEntryID, _ = strconv.ParseInt(q.Get("program_entry_id"), 10, 64)
	return s.showTaskForm(w, r, id, in, nil)
}

func (s *Server) showTaskForm(w http.ResponseWriter, r *http.Request, communeID int64, src followup.Input, ferr error) error {
	a, ctx := actorOf(r), r.Context()
	c, keeper, err := s.followup.Commune(ctx, a, communeID)
	if err != nil {
		return err
	}
	if !keeper {
		return model.Deny("task.not_keeper")
	}
	d := taskForm{Commune: c, Source: src, Today: s.followup.Today()}
	if d.Owners, err = s.followup.Owners(ctx, a, c.ID); err != nil {
		return err
	}
	if d.Entries, err = s.st.PlannedEntriesOf(ctx, c.ID); err != nil {
		return err
	}
	p := s.page(r, "task.new_title")
	p.Data = d
	return s.renderForm(w, r, "taskform", p, ferr)
}

func (s *Server) createTask(w http.ResponseWriter, r *http.Request) error {
	id, f, err := postedForm(w, r, s.seeTaskCommune)
	if err != nil {
		return err
	}
	in := followup.Input{Title: f.Str("title"), Subject: f.Str("subject"), Lead: f.Str("lead") != "",
		StartOn: f.Date("start_on"), DueOn: f.Date("due_on"), Expected: f.Text("expected"),
		SourceKind: f.Str("source_kind"), SourceID: f.Int64("source_id"), SourceText: f.Text("source_text"),
		ProgramEntryID: f.Int64("program_entry_id")}
	in.SourcePara = int(f.Int64("source_para"))
	if o, ok := followup.ParseOwner(f.Str("owner")); ok {
		in.Owner = o
	} else {
		in.Owner = model.Owner{Kind: "none"}
	}
	for _, v := range f.r.PostForm["co_owners"] {
		if o, ok := followup.ParseOwner(v); ok {
			in.CoOwners = append(in.CoOwners, o)
		}
	}
	if err := f.Err(); err != nil {
		return s.showTaskForm(w, r, id, in, err)
	}
	t, err := s.followup.Create(r.Context(), actorOf(r), id, in)
	if err != nil {
		if isFormError(err) {
			return s.showTaskForm(w, r, id, in, err)
		}
		return err
	}
	s.flash(r, "task.created")
	return redirect(w, r, followup.Link(t.ID))
}

func (s *Server) seeTaskCommune(r *http.Request, id int64) error {
	_, _, err := s.followup.Commune(r.Context(), actorOf(r), id)
	return err
}

func (s *Server) seeTask(r *http.Request, id int64) error {
	_, err := s.followup.Get(r.Context(), actorOf(r), id)
	return err
}

// taskData is a task's page.
type taskData struct {
	D        *followup.Detail
	Statuses []model.TaskStatus
	Owners   []model.Owner
	MaxMB    int64
	// Whole: the reader sees the commune (not only its organisation's
	// tasks), so the links to the commune's pages lead somewhere.
	Whole bool
	// Entry is the work program's entry the task carries out.
	Entry *model.ProgramEntry
}

func (s *Server) taskPage(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	return s.showTask(w, r, id, nil)
}

func (s *Server) showTask(w http.ResponseWriter, r *http.Request, id int64, ferr error) error {
	a, ctx := actorOf(r), r.Context()
	det, err := s.followup.Get(ctx, a, id)
	if err != nil {
		return err
	}
	d := taskData{D: det, Statuses: model.TaskStatuses, MaxMB: s.cfg.MaxUpload >> 20, Whole: a.Sees(det.Commune)}
	if id := det.Task.ProgramEntryID; id != 0 {
		if d.Entry, err = s.st.ProgramEntry(ctx, id); err != nil {
			return err
		}
	}
	if det.CanManage {
		if d.Owners, err = s.followup.Owners(ctx, a, det.Task.CommuneID); err != nil {
			return err
		}
	}
	p := s.page(r, "task.title", det.Task.Title)
	p.Data = d
	return s.renderForm(w, r, "task", p, ferr)
}

// reportTask reads a progress report (multipart, with an optional file).
func (s *Server) reportTask(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	if err := s.seeTask(r, id); err != nil {
		return err
	}
	f, up, err := s.fileForm(w, r)
	if isFormError(err) {
		return s.showTask(w, r, id, err)
	} else if err != nil {
		return err
	}
	var in followup.ReportInput
	if up != nil {
		in.FileName, in.File = up.Name, up.Data
	}
	in.Status, in.Note = model.TaskStatus(f.Str("status")), f.Text("note")
	pct, perr := strconv.Atoi(f.Str("percent"))
	if perr != nil {
		pct = -1 // refused by the domain with its message
	}
	in.Percent = pct
	if _, err := s.followup.Report(r.Context(), actorOf(r), id, in); err != nil {
		if isFormError(err) {
			return s.showTask(w, r, id, err)
		}
		return err
	}
	s.flash(r, "task.reported")
	return redirect(w, r, followup.Link(id))
}

// taskConclusion is a keeper's conclusion on a task: extend, close,
// reassign. Bad fields come back on the task's page.
func (s *Server) taskConclusion(w http.ResponseWriter, r *http.Request, done string, do func(id int64, f *form) error) error {
	id, f, err := postedForm(w, r, s.seeTask)
	if err != nil {
		return err
	}
	if err := do(id, f); err != nil {
		if isFormError(err) {
			return s.showTask(w, r, id, err)
		}
		return err
	}
	s.flash(r, done)
	return redirect(w, r, followup.Link(id))
}

func (s *Server) extendTask(w http.ResponseWriter, r *http.Request) error {
	return s.taskConclusion(w, r, "task.extended", func(id int64, f *form) error {
		due := f.Date("due_on")
		if err := f.Err(); err != nil {
			return err
		}
		_, err := s.followup.Extend(r.Context(), actorOf(r), id, due, f.Text("reason"))
		return err
	})
}

func (s *Server) closeTask(w http.ResponseWriter, r *http.Request) error {
	return s.taskConclusion(w, r, "task.closed_done", func(id int64, f *form) error {
		_, err := s.followup.Close(r.Context(), actorOf(r), id, f.Str("outcome") == "done", f.Text("reason"))
		return err
	})
}

func (s *Server) reassignTask(w http.ResponseWriter, r *http.Request) error {
	return s.taskConclusion(w, r, "task.reassigned", func(id int64, f *form) error {
		o, ok := followup.ParseOwner(f.Str("owner"))
		if !ok {
			o = model.Owner{Kind: "none"}
		}
		_, err := s.followup.Reassign(r.Context(), actorOf(r), id, o, f.Text("reason"))
		return err
	})
}

// taskFile serves a report's evidence file as an attachment.
func (s *Server) taskFile(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	fileID, err := pathID(r, "file")
	if err != nil {
		return err
	}
	f, data, err := s.followup.EvidenceFile(r.Context(), actorOf(r), id, fileID)
	if err != nil {
		return err
	}
	return sendUpload(w, f, data)
}

func (s *Server) overlapsPage(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	ov, err := s.followup.Overlaps(r.Context(), actorOf(r), id)
	if err != nil {
		return err
	}
	p := s.page(r, "overlap.title", ov.Commune.Name)
	p.Data = ov
	return s.renderForm(w, r, "overlaps", p, nil)
}

func (s *Server) taskReviewPage(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	rv, err := s.followup.Review(r.Context(), actorOf(r), id)
	if err != nil {
		return err
	}
	p := s.page(r, "taskreview.title", rv.Meeting.Title)
	p.Data = rv
	return s.renderForm(w, r, "taskreview", p, nil)
}

func (s *Server) addReviewItem(w http.ResponseWriter, r *http.Request) error {
	id, _, err := postedForm(w, r, func(r *http.Request, id int64) error {
		_, err := s.meetings.Get(r.Context(), actorOf(r), id)
		return err
	})
	if err != nil {
		return err
	}
	_, err = s.followup.AddReviewItem(r.Context(), actorOf(r), id)
	return s.outcome(w, r, err, fmt.Sprintf("/meetings/%d/review", id), "taskreview.added")
}
