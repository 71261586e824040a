# nghisu — see README for details.
#
#   make test           go vet, then all Go tests (SQLite always; PostgreSQL via
#                       scripts/with-postgres when installed; browser tests when
#                       /usr/bin/chromium exists). NGHISU_REQUIRE_ALL=1 makes the
#                       tests fail instead of skipping missing parts.
#   make build          static binary in bin/nghisu
#   make build-windows  bin/nghisu.exe (windows/amd64)
#   make build-arm64    bin/nghisu-linux-arm64 (linux/arm64)
#   make run            demo server
#   make bench          benchmarks
#   make fuzz           every fuzz target for FUZZTIME (8s) each (scripts/fuzz)

GO       ?= go
WITH_PG  := scripts/with-postgres
CHROMIUM := /usr/bin/chromium
VERSION  ?= $(shell git describe --tags --always --dirty 2>/dev/null || echo dev)
LDFLAGS   = -s -w -X nghisu/internal/app.Version=$(VERSION)
GOBUILD   = CGO_ENABLED=0 $(GO) build -trimpath -ldflags "$(LDFLAGS)"

.DEFAULT_GOAL := build

.PHONY: test build build-windows build-arm64 run bench fuzz

test:
	@pg=$$($(WITH_PG) --check); \
	if [ -x $(CHROMIUM) ]; then cr="yes ($(CHROMIUM))"; else cr="no ($(CHROMIUM) not found; apt-get install chromium)"; fi; \
	case "$$pg $$cr" in *no\ \(*) \
		if [ "$${NGHISU_REQUIRE_ALL:-}" = 1 ]; then note=" -- NGHISU_REQUIRE_ALL=1: missing parts FAIL"; \
		else note=" -- missing parts are skipped"; fi;; \
		*) note=;; esac; \
	echo "make test: SQLite: yes, PostgreSQL: $$pg, Chromium: $$cr$$note"
	$(GO) vet ./...
	$(WITH_PG) $(GO) test -count=1 -timeout 25m ./...

build:
	$(GOBUILD) -o bin/nghisu ./cmd/nghisu

build-windows:
	GOOS=windows GOARCH=amd64 $(GOBUILD) -o bin/nghisu.exe ./cmd/nghisu

build-arm64:
	GOOS=linux GOARCH=arm64 $(GOBUILD) -o bin/nghisu-linux-arm64 ./cmd/nghisu

run:
	$(GO) run ./cmd/nghisu serve --demo

bench:
	$(WITH_PG) $(GO) test -run '^$$' -bench . -benchmem ./...

FUZZTIME ?= 8s
fuzz:
	scripts/fuzz $(FUZZTIME)
