package store

import (
	"context"
	"database/sql"

	"nghisu/internal/model"
)

// CommuneSummary is one line of the province's list of communes.
type CommuneSummary struct {
	Org model.Org
	// CommitteeSize and StandingSize count the open seats of the BCH and BTV
	// of the newest term.
	CommitteeSize int
	StandingSize  int
	// Secretary is the name of the Bí thư holding the post now, or "".
	Secretary string
	People    int
}

// CommuneSummaries lists the communes under path with their sizes and
// secretary, in one query however many communes there are.
func (s *Store) CommuneSummaries(ctx context.Context, path string) ([]CommuneSummary, error) {
	cond, args := subtree("o.path", path)
	seats := func(kind model.BodyKind) string {
		return `(SELECT COUNT(*) FROM memberships m JOIN bodies b ON b.id = m.body_id
			WHERE b.org_id = o.id AND b.kind = '` + string(kind) + `' AND m.ended_on IS NULL
			AND b.term_id = (SELECT t.id FROM terms t WHERE t.org_id = o.id ORDER BY t.starts_on DESC LIMIT 1))`
	}
	q := "SELECT " + orgCols + ", " + seats(model.BodyCommittee) + ", " + seats(model.BodyStanding) + `,
		COALESCE((SELECT p.full_name FROM posts po JOIN people p ON p.id = po.person_id
			WHERE po.org_id = o.id AND po.kind = 'secretary' AND po.ended_on IS NULL LIMIT 1), ''),
		(SELECT COUNT(*) FROM people p WHERE p.org_id = o.id)
		FROM orgs o WHERE o.kind = 'commune' AND ` + cond + " ORDER BY o.id"
	rows, err := s.q.Query(ctx, q, args...)
	return collect(rows, err, func(r *sql.Rows) (CommuneSummary, error) {
		var c CommuneSummary
		var parent sql.NullInt64
		err := r.Scan(&c.Org.ID, &parent, &c.Org.Kind, &c.Org.Unit, &c.Org.Name, &c.Org.Place, &c.Org.Path,
			&c.Org.CreatedAt, &c.CommitteeSize, &c.StandingSize, &c.Secretary, &c.People)
		c.Org.ParentID = parent.Int64
		return c, err
	})
}
