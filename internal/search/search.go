// Package search is the one search box over meetings, papers, questions,
// minutes and issued documents: words folded the Vietnamese way (đ→d, no
// diacritics, both tone placements equal), ranked by the database's
// full-text index, every hit checked with the rules of its own domain, and
// a snippet with the matching words marked.
package search

import (
	"context"
	"fmt"
	"log/slog"
	"time"

	"nghisu/internal/auth"
	"nghisu/internal/drafting"
	"nghisu/internal/model"
	"nghisu/internal/store"
)

// Hit is one thing found.
type Hit struct {
	Kind      string    `json:"kind"`
	RefID     int64     `json:"id"`
	MeetingID int64     `json:"meeting_id,omitempty"`
	URL       string    `json:"url"`
	Title     []Segment `json:"title"`
	Snippet   []Segment `json:"snippet"`
	UpdatedAt time.Time `json:"updated_at"`
}

// Results are a search's hits, best first.
type Results struct {
	Query string `json:"query"`
	// Problem is the catalog key saying why nothing was searched, "" when
	// the search ran.
	Problem string `json:"problem,omitempty"`
	// Cut is set when the query was longer than what is searched.
	Cut  bool  `json:"cut,omitempty"`
	Hits []Hit `json:"hits"`
	// More is set when there are more hits than the limit.
	More bool `json:"more,omitempty"`
}

// Kind is how hits of one kind are seen and reached.
type Kind struct {
	// Visible decides whether the actor may see the entry. v is what the
	// actor is to the entry's meeting, already known to be visible; nil
	// when the entry has no meeting.
	Visible func(ctx context.Context, a *auth.Actor, e *model.SearchEntry, v *drafting.Viewer) (bool, error)
	// URL is where a hit leads.
	URL func(e *model.SearchEntry) string
}

// Service searches.
type Service struct {
	st       *store.Store
	drafting *drafting.Service
	kinds    map[string]Kind
}

// Limits of one search.
const (
	MaxLimit = 100
	// snippetRunes is about how long a snippet is.
	snippetRunes = 180
	// titleRunes is about how much of a long title is shown.
	titleRunes = 160
	// rounds caps how many pages of candidates one search reads while the
	// visible hits do not fill its page.
	rounds = 5
)

// New returns the service. Meetings, papers and questions are known; other
// kinds are hidden until Register says who sees them. Minutes and issued
// documents are among those on purpose: draft minutes are read only by
// those who write them, secret issued documents only by the preparers, so
// "sees the meeting" would leak them; their owner registers its own rule.
func New(st *store.Store, d *drafting.Service) *Service {
	s := &Service{st: st, drafting: d, kinds: map[string]Kind{}}
	meetingURL := func(e *model.SearchEntry) string { return fmt.Sprintf("/meetings/%d", e.MeetingID) }
	seesMeeting := func(_ context.Context, _ *auth.Actor, _ *model.SearchEntry, v *drafting.Viewer) (bool, error) {
		return v != nil, nil
	}
	s.Register(model.SearchMeeting, Kind{Visible: seesMeeting, URL: meetingURL})
	s.Register(model.SearchQuestion, Kind{Visible: seesMeeting, URL: meetingURL})
	// Papers are checked in batches by Search itself (see visible); the
	// entry here gives their link.
	s.Register(model.SearchDocument, Kind{URL: func(e *model.SearchEntry) string { return fmt.Sprintf("/documents/%d", e.RefID) }})
	return s
}

// Register sets how a kind's hits are seen and reached; a kind without it
// is never shown.
func (s *Service) Register(kind string, k Kind) { s.kinds[kind] = k }

// Search finds what the actor may see among the things of its scope that
// hold every word of query, best first, at most limit of them.
func (s *Service) Search(ctx context.Context, a *auth.Actor, query string, limit int) (Results, error) {
	q := Parse(query)
	res := Results{Query: q.Text, Problem: q.Problem, Cut: q.Cut, Hits: []Hit{}}
	if q.Problem != "" || a == nil || a.Scope.Path == "" {
		return res, nil
	}
	if limit <= 0 || limit > MaxLimit {
		limit = MaxLimit
	}
	batch := max(4*limit, 40)
	c := checker{s: s, a: a, viewers: map[int64]*drafting.Viewer{}}
	for round := 0; round < rounds && len(res.Hits) <= limit; round++ {
		es, err := s.st.SearchEntries(ctx, store.SearchQuery{Terms: q.Terms, Prefix: q.Prefix, Scope: a.Scope.Path,
			Limit: batch, Offset: round * batch})
		if err != nil {
			return res, err
		}
		seen, err := c.visible(ctx, es)
		if err != nil {
			return res, err
		}
		for i := range es {
			if !seen[i] {
				continue
			}
			e := &es[i]
			res.Hits = append(res.Hits, Hit{Kind: e.Kind, RefID: e.RefID, MeetingID: e.MeetingID, URL: s.kinds[e.Kind].URL(e),
				Title: Snippet(e.Title, &q, titleRunes), Snippet: Snippet(e.Text, &q, snippetRunes), UpdatedAt: e.UpdatedAt})
			if len(res.Hits) > limit {
				break
			}
		}
		if len(es) < batch {
			break
		}
	}
	if len(res.Hits) > limit {
		res.Hits, res.More = res.Hits[:limit], true
	}
	return res, nil
}

// checker decides visibility for one search, reading the viewers of each
// batch's meetings at once and each meeting's only once.
type checker struct {
	s       *Service
	a       *auth.Actor
	viewers map[int64]*drafting.Viewer // nil: the meeting is not visible
}

// load reads the viewers of the entries' meetings not read yet.
func (c *checker) load(ctx context.Context, es []model.SearchEntry) error {
	var ids []int64
	for _, e := range es {
		if _, ok := c.viewers[e.MeetingID]; !ok && e.MeetingID != 0 {
			c.viewers[e.MeetingID] = nil
			ids = append(ids, e.MeetingID)
		}
	}
	vs, err := c.s.drafting.Viewers(ctx, c.a, ids)
	for id, v := range vs {
		c.viewers[id] = v
	}
	return err
}

// visible reports, per entry, whether the actor may see it.
func (c *checker) visible(ctx context.Context, es []model.SearchEntry) ([]bool, error) {
	out := make([]bool, len(es))
	var docIDs []int64
	for _, e := range es {
		if e.Kind == model.SearchDocument {
			docIDs = append(docIDs, e.RefID)
		}
	}
	docs, err := c.s.st.DocumentsByID(ctx, docIDs)
	if err != nil {
		return nil, err
	}
	if err := c.load(ctx, es); err != nil {
		return nil, err
	}
	for i := range es {
		e := &es[i]
		k, ok := c.s.kinds[e.Kind]
		if !ok || k.URL == nil {
			continue // unknown kinds stay hidden
		}
		var v *drafting.Viewer
		if e.MeetingID != 0 {
			if v = c.viewers[e.MeetingID]; v == nil {
				continue // the meeting is not visible: nothing of it is
			}
		}
		switch {
		case e.Kind == model.SearchDocument:
			d, ok := docs[e.RefID]
			out[i] = ok && v != nil && d.MeetingID == e.MeetingID && v.CanRead(&d)
		case k.Visible != nil:
			if out[i], err = k.Visible(ctx, c.a, e, v); err != nil {
				return nil, err
			}
		}
	}
	return out, nil
}

// IndexVersion is the version of what the store puts in the index
// (store.SearchSourceKinds). Raise it when that changes: the next start
// re-indexes everything once. 2: the record's minutes and documents; 3:
// tasks.
const IndexVersion = 3

// Reindex rebuilds the entries of every store.SearchSourceKinds kind from their
// tables when the index is older than IndexVersion (rows written before the
// index existed, or indexed differently): in batches, each in its own
// transaction, unchanged rows left alone, so running it twice or on two
// instances at once is harmless. It returns how many things it read.
func Reindex(ctx context.Context, st *store.Store, log *slog.Logger) (int, error) {
	v, err := st.SearchIndexVersion(ctx)
	if err != nil || v >= IndexVersion {
		return 0, err
	}
	start := time.Now()
	n := 0
	for _, kind := range store.SearchSourceKinds {
		for after := int64(0); ; {
			es, err := st.SearchSources(ctx, kind, after, 500)
			if err != nil {
				return n, err
			}
			if len(es) == 0 {
				break
			}
			err = st.InTx(ctx, func(tx *store.Store) error {
				for _, e := range es {
					if err := tx.IndexSearch(ctx, e); err != nil {
						return err
					}
				}
				return nil
			})
			if err != nil {
				return n, err
			}
			n += len(es)
			after = es[len(es)-1].RefID
		}
	}
	if err := st.SetSearchIndexVersion(ctx, IndexVersion); err != nil {
		return n, err
	}
	if n > 0 && log != nil {
		log.Info("search index rebuilt", "things", n, "ms", time.Since(start).Milliseconds())
	}
	return n, nil
}
