package followup

import (
	"context"
	"slices"
	"strconv"

	"nghisu/internal/auth"
	"nghisu/internal/i18n"
	"nghisu/internal/model"
	"nghisu/internal/store"
	"nghisu/internal/vntext"
)

// Column is a column of the responsibility matrix: the party committee
// (the commune, its bodies), one organisation the commune leads, or the
// people who own tasks in their own name.
type Column struct {
	Key  string `json:"key"` // "party", "org:<id>", "people"
	Name string `json:"name"`
}

// Cell is what one column owns of one subject.
type Cell struct {
	Tasks []CellTask `json:"tasks"`
}

// CellTask is a task in a cell.
type CellTask struct {
	ID    int64  `json:"id"`
	Title string `json:"title"`
	Owner string `json:"owner"`
	Lead  bool   `json:"lead"`
	Co    bool   `json:"co"` // a co-owner, not the owner
}

// Row is a subject with its cells, one per column.
type Row struct {
	Subject string `json:"subject"`
	Cells   []Cell `json:"cells"`
}

// SharedWarning: a subject several owners hold with no single lead.
type SharedWarning struct {
	Subject string   `json:"subject"`
	Owners  []string `json:"owners"`
	Leads   int      `json:"leads"`
}

// ConcurrentWarning: a person owns a task (in their name, or as the chair
// of the owner organisation) and evaluates it (as the commune's Bí thư or
// Phó Bí thư).
type ConcurrentWarning struct {
	TaskID    int64  `json:"task_id"`
	Task      string `json:"task"`
	Person    string `json:"person"`
	Owns      string `json:"owns"`      // the owner the person answers for
	Evaluates string `json:"evaluates"` // the party post
}

// Overlaps is the responsibility matrix of a commune's open tasks.
type Overlaps struct {
	Commune    *model.Org          `json:"-"`
	Columns    []Column            `json:"columns"`
	Rows       []Row               `json:"rows"`
	Shared     []SharedWarning     `json:"shared"`
	Concurrent []ConcurrentWarning `json:"concurrent"`
}

// evaluating are the party posts that evaluate the commune's tasks.
var evaluating = []model.PostKind{model.PostSecretary, model.PostStandingDeputy, model.PostDeputy}

// Overlaps builds the matrix and its warnings for those who see all of a
// commune's tasks.
func (s *Service) Overlaps(ctx context.Context, a *auth.Actor, communeID int64) (*Overlaps, error) {
	c, err := s.commune(ctx, a, communeID)
	if err != nil {
		return nil, err
	}
	if !a.Sees(c) {
		return nil, model.ErrNotFound
	}
	kids, err := s.st.Children(ctx, c.ID)
	if err != nil {
		return nil, err
	}
	ts, err := s.st.Tasks(ctx, store.TaskQuery{CommuneID: c.ID, Open: true})
	if err != nil {
		return nil, err
	}
	return buildOverlaps(c, kids, ts, func(orgID int64) ([]model.Post, error) { return s.st.OpenPostsIn(ctx, orgID) })
}

// OverlapsUnder is Overlaps for every commune under an organisation the
// actor sees (a province, for its report), by commune, in a few queries
// whatever their number.
func (s *Service) OverlapsUnder(ctx context.Context, a *auth.Actor, root *model.Org) (map[int64]*Overlaps, error) {
	if !a.Sees(root) {
		return nil, model.ErrNotFound
	}
	communes, err := s.st.OrgsOfKind(ctx, root.Path, model.OrgCommune)
	if err != nil {
		return nil, err
	}
	kids, err := s.st.ChildrenUnder(ctx, root.Path)
	if err != nil {
		return nil, err
	}
	all, err := s.st.Tasks(ctx, store.TaskQuery{Under: root.Path, Open: true})
	if err != nil {
		return nil, err
	}
	posts, err := s.st.OpenPostsUnder(ctx, root.Path)
	if err != nil {
		return nil, err
	}
	tasks := map[int64][]model.Task{}
	for _, t := range all {
		tasks[t.CommuneID] = append(tasks[t.CommuneID], t)
	}
	out := make(map[int64]*Overlaps, len(communes))
	for i := range communes {
		c := &communes[i]
		ov, err := buildOverlaps(c, kids[c.ID], tasks[c.ID], func(orgID int64) ([]model.Post, error) { return posts[orgID], nil })
		if err != nil {
			return nil, err
		}
		out[c.ID] = ov
	}
	return out, nil
}

// buildOverlaps makes a commune's matrix from its led organisations, its
// open tasks (by deadline) and the open posts of an organisation.
func buildOverlaps(c *model.Org, kids []model.Org, ts []model.Task, postsIn func(orgID int64) ([]model.Post, error)) (*Overlaps, error) {
	ov := &Overlaps{Commune: c, Columns: []Column{{Key: "party", Name: c.Name}}}
	col := map[string]int{"party": 0}
	for _, k := range kids {
		col["org:"+strconv.FormatInt(k.ID, 10)] = len(ov.Columns)
		ov.Columns = append(ov.Columns, Column{Key: "org:" + strconv.FormatInt(k.ID, 10), Name: k.Name})
	}
	col["people"] = len(ov.Columns)
	ov.Columns = append(ov.Columns, Column{Key: "people", Name: i18n.T(i18n.Default, "overlap.people")})
	columnOf := func(o model.Owner) int {
		switch o.Kind {
		case model.OwnerPerson:
			return col["people"]
		case model.OwnerOrg:
			if i, ok := col["org:"+strconv.FormatInt(o.ID, 10)]; ok {
				return i
			}
		}
		return 0
	}

	rowOf := map[string]int{}
	type group struct {
		owners map[model.Owner]bool
		names  []string
		leads  int
	}
	groups := map[string]*group{}
	for _, t := range ts {
		key := vntext.Fold(t.Subject)
		i, ok := rowOf[key]
		if !ok {
			i = len(ov.Rows)
			rowOf[key] = i
			ov.Rows = append(ov.Rows, Row{Subject: t.Subject, Cells: make([]Cell, len(ov.Columns))})
			groups[key] = &group{owners: map[model.Owner]bool{}}
		}
		g := groups[key]
		if t.Lead {
			g.leads++
		}
		for j, o := range t.Owners() {
			cell := &ov.Rows[i].Cells[columnOf(o)]
			cell.Tasks = append(cell.Tasks, CellTask{ID: t.ID, Title: t.Title, Owner: o.Name, Lead: t.Lead && j == 0, Co: j > 0})
			k := model.Owner{Kind: o.Kind, ID: o.ID}
			if !g.owners[k] {
				g.owners[k] = true
				g.names = append(g.names, o.Name)
			}
		}
	}
	for _, r := range ov.Rows {
		g := groups[vntext.Fold(r.Subject)]
		if len(g.owners) > 1 && g.leads != 1 {
			ov.Shared = append(ov.Shared, SharedWarning{Subject: r.Subject, Owners: g.names, Leads: g.leads})
		}
	}
	slices.SortStableFunc(ov.Rows, func(x, y Row) int { return vntext.Compare(x.Subject, y.Subject) })

	// Who evaluates: the commune's Bí thư and Phó Bí thư.
	posts, err := postsIn(c.ID)
	if err != nil {
		return nil, err
	}
	evaluator := map[int64]string{}
	for _, p := range posts {
		if slices.Contains(evaluating, p.Kind) {
			evaluator[p.PersonID] = i18n.T(i18n.Default, "postkind."+string(p.Kind))
		}
	}
	chairs := map[int64][]model.Post{}
	for _, t := range ts {
		for _, o := range t.Owners() {
			var who []int64
			names := map[int64]string{}
			switch o.Kind {
			case model.OwnerPerson:
				who = append(who, o.ID)
				names[o.ID] = o.Name
			case model.OwnerOrg:
				ps, ok := chairs[o.ID]
				if !ok {
					if ps, err = postsIn(o.ID); err != nil {
						return nil, err
					}
					chairs[o.ID] = ps
				}
				for _, p := range ps {
					if p.Kind == model.PostChair {
						who = append(who, p.PersonID)
						if p.Person != nil {
							names[p.PersonID] = p.Person.FullName
						}
					}
				}
			}
			for _, pid := range who {
				if post, ok := evaluator[pid]; ok {
					ov.Concurrent = append(ov.Concurrent, ConcurrentWarning{TaskID: t.ID, Task: t.Title, Person: names[pid],
						Owns: o.Name, Evaluates: post})
				}
			}
		}
	}
	return ov, nil
}
