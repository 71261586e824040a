package main

import (
	"context"
	"io"
	"slices"
	"strings"
	"testing"
)

// TestBrowseSmall runs the browsing scenario end to end on a small demo at
// a low rate: every role reads its pages, every page of the mix answered
// 200 for the account it was read as, the report has figures for nghisu
// and both baselines. No figure is compared with a target: this machine's
// speed is not the test's business.
func TestBrowseSmall(t *testing.T) {
	if testing.Short() {
		t.Skip("seeds a demo and starts server processes")
	}
	var out strings.Builder
	rep, err := runBrowse(context.Background(), []string{
		"-bin", serverBinary(t), "-demo", "--communes 2 --months 2", "-q",
		"-rate", "50", "-duration", "2s", "-saturation", "1s", "-warmup", "0", "-concurrency", "4", "-sessions", "2",
	}, &out, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	if !rep.OK() {
		t.Fatalf("failed: %s\n%s", rep.Failure(), out.String())
	}

	// Every class of account has its pages in the mix.
	classes := map[string]bool{}
	routes := map[string]bool{}
	for _, m := range rep.Mix {
		for _, c := range m.Classes {
			classes[c] = true
		}
		routes[m.Route] = true
		if m.Bytes <= 0 {
			t.Errorf("%s: mean size %v", m.Route, m.Bytes)
		}
	}
	for _, c := range []string{"member", "office", "people committee", "oversight", "admin"} {
		if !classes[c] {
			t.Errorf("no page for %s accounts in the mix", c)
		}
	}
	for _, r := range []string{"GET /{$}", "GET /meetings/{id}", "GET /meetings/{id}/review", "GET /meetings/{id}/minutes",
		"GET /bodies/{id}", "GET /bodies/{id}/calendar", "GET /orgs/{id}/tasks", "GET /tasks/{id}", "GET /orgs/{id}/targets",
		"GET /search", "GET /orgs/{id}/oversight", "GET /orgs/{id}/oversight (commune)", "GET /orgs/{id}/oversight/{month}",
		"GET /admin/accounts", "GET /admin/audit", "GET /reviews/{id}"} {
		if !routes[r] {
			t.Errorf("route %s missing from the mix (dropped: %v)", r, rep.Dropped)
		}
	}
	// The probe kept only pages answering 200; the load must have had 200
	// from each of them too.
	for _, m := range []*Measurement{rep.Nghisu.Open, rep.Nghisu.Saturation} {
		if m.OK == 0 || m.Latency.N != m.Sent || m.Latency.P99 <= 0 || m.Rate <= 0 || m.MeanBytes <= 0 || m.ServerRSS.RSSKB <= 0 {
			t.Errorf("nghisu %s: no figures: %+v", m.Mode, m)
		}
		for route, rs := range m.ByRoute {
			for status, n := range rs.Status {
				if status != 200 {
					t.Errorf("nghisu %s: %s answered %d ×%d", m.Mode, route, status, n)
				}
			}
			if !routes[route] {
				t.Errorf("nghisu %s: %s is not in the mix", m.Mode, route)
			}
		}
	}
	for _, p := range []*Pair{rep.Template, rep.Static} {
		if p == nil || p.Open == nil || p.Saturation == nil || p.Open.OK == 0 || p.Saturation.OK == 0 || p.Saturation.Latency.P99 <= 0 {
			t.Fatalf("a baseline did not run: %+v", p)
		}
		if p.Open.MeanBytes < rep.MeanBytes*0.9 || p.Open.MeanBytes > rep.MeanBytes*1.1+200 {
			t.Errorf("%s: pages of %v bytes, the mix's mean is %v", p.Open.Target, p.Open.MeanBytes, rep.MeanBytes)
		}
	}
	if rep.Ratios.SatOfTemplate <= 0 || rep.Ratios.SatOfStatic <= 0 || rep.Ratios.P99OfTemplate <= 0 {
		t.Errorf("ratios: %+v", rep.Ratios)
	}
	for _, want := range []string{"bare template", "bare static", "target: p99", "GET /meetings/{id}"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("the table has no %q:\n%s", want, out.String())
		}
	}
	if slices.ContainsFunc(rep.Dropped, func(d string) bool { return strings.Contains(d, "admin (admin)") || strings.Contains(d, "tinhuy") }) {
		t.Errorf("provincial accounts lost routes: %v", rep.Dropped)
	}
}
