# Waybill. `make run` to try it, `make test` for every test.
SHELL := /bin/bash
GO ?= go
BIN := bin/waybill
VERSION ?= $(shell git describe --tags --always --dirty 2>/dev/null || echo dev)
LDFLAGS := -s -w -X main.version=$(VERSION)
DATABASE_URL ?= sqlite://waybill.db
ADDR ?= 127.0.0.1:8080

.PHONY: run build frontend frontend-deps generate test test-go test-frontend test-e2e bench lint clean

## run: build everything, seed an empty embedded database, serve on http://127.0.0.1:8080
run: build
	$(BIN) seed --database-url '$(DATABASE_URL)'
	@echo "Open http://$(ADDR)  (sign in as admin@waybill.test / waybill-admin-demo)"
	$(BIN) serve --database-url '$(DATABASE_URL)' --addr '$(ADDR)' --log-format text

## build: the SPA, then the binary with the SPA embedded
build: frontend
	$(GO) build -trimpath -ldflags '$(LDFLAGS)' -o $(BIN) ./cmd/waybill

frontend-deps:
	@if [ ! -d frontend/node_modules ]; then cd frontend && npm ci --no-audit --no-fund; fi

frontend: frontend-deps
	cd frontend && npm run build

## generate: ent + entgql, gqlgen, the published SDL, the typed front-end operations
generate: frontend-deps
	$(GO) generate ./...
	cd frontend && npm run codegen

## test: front-end unit tests, browser tests, then Go tests on SQLite and PostgreSQL
test: test-frontend test-e2e test-go

test-frontend: frontend-deps
	cd frontend && npm test

test-e2e: build
	./scripts/e2e.sh $(BIN)

test-go:
	./scripts/with-postgres.sh $(GO) test -count=1 -timeout 20m ./...

## bench: benchmarks on both backends, written to docs/benchmarks.md
bench:
	./scripts/with-postgres.sh ./scripts/bench.sh

lint:
	@out=$$(gofmt -l $$(git ls-files '*.go' | grep -v '^ent/' | grep -v '^graph/generated/')); \
	  if [ -n "$$out" ]; then echo "gofmt needed:"; echo "$$out"; exit 1; fi
	$(GO) vet ./...
	$(GO) run github.com/golangci/golangci-lint/v2/cmd/golangci-lint@v2.15.0 run ./...

clean:
	rm -rf bin frontend/dist/assets frontend/dist/index.html
