//go:build pprof

package main

// Built with -tags pprof (never by default), nghisu serves net/http/pprof
// on the address in NGHISU_PPROF, apart from the application's own
// listener and mux, so that a load test can profile the server:
//
//	go build -tags pprof -o bin/nghisu-pprof ./cmd/nghisu
//	NGHISU_PPROF=127.0.0.1:6060 bin/nghisu-pprof serve …
//	go tool pprof http://127.0.0.1:6060/debug/pprof/profile?seconds=10

import (
	"log/slog"
	"net/http"
	_ "net/http/pprof" // registers on http.DefaultServeMux, which nothing else serves
	"os"
)

func init() {
	addr := os.Getenv("NGHISU_PPROF")
	if addr == "" {
		return
	}
	go func() {
		slog.Warn("pprof stopped", "err", http.ListenAndServe(addr, nil))
	}()
}
