# CareWire: build, run and test from the outside.
#   make run          build (release) and start the server on http://127.0.0.1:8080/
#   make test         deps, swift build, swift test, Python integration tests, browser tests, Autobahn 1-10
#   make conformance  Autobahn|Testsuite, all cases 1-13 (incl. permessage-deflate), release build
# See README.md. Everything installs itself: apt-get for system packages (as root, or via sudo),
# a venv in .build/venv for the Python test clients.

SHELL := /bin/bash
.DEFAULT_GOAL := help
.DELETE_ON_ERROR:

SWIFT ?= $(shell command -v swift 2>/dev/null || echo /opt/swift/usr/bin/swift)
VENV := .build/venv
PY := $(VENV)/bin/python
DEBUG_BIN := .build/debug/carewire
RELEASE_BIN := .build/release/carewire
HOST ?= 127.0.0.1
PORT ?= 8080
# Extra pytest arguments, e.g. make integration PYTEST_ARGS='-k websockets -x'
PYTEST_ARGS ?=
# Which binary the integration tests and `make autobahn` use (make test: the debug build).
CAREWIRE_BIN ?= $(DEBUG_BIN)
TIMED := scripts/timed.sh

.PHONY: help deps deps-build build release run test swift-test integration integration-care integration-reference \
        browser screenshots autobahn autobahn-reference conformance bench soak busy-runs fuzz clean distclean

help:
	@sed -n '2,6p' Makefile | sed 's/^# \{0,1\}//'
	@echo "Other targets: deps build release swift-test integration integration-care integration-reference browser screenshots"
	@echo "               autobahn autobahn-reference bench fuzz clean distclean"

## Dependencies ---------------------------------------------------------------------------------
deps:
	@scripts/deps.sh all

deps-build:
	@scripts/deps.sh build

## Build and run --------------------------------------------------------------------------------
build: deps-build
	$(SWIFT) build

release: deps-build
	$(SWIFT) build -c release --product carewire

# Demo defaults: loopback, port 8080, the demo clinic (people, tokens, a few waiting visits on the
# first start) in .build/demo/carewire.db, static files from Web/. Prints links for a patient and a
# clinician. Ctrl-C stops it (1001 to clients). DEMO_DB=... keeps the data elsewhere.
DEMO_DB ?= .build/demo/carewire.db
run: release
	@mkdir -p $(dir $(DEMO_DB))
	exec $(RELEASE_BIN) serve --host $(HOST) --port $(PORT) --echo --web-root Web --demo --database $(DEMO_DB)

## Tests ----------------------------------------------------------------------------------------
# Every part runs even if an earlier one failed (a failed build stops it); the target fails if
# any part failed. Timings: .build/reports/timings.txt.
test:
	@mkdir -p .build/reports; : > .build/reports/timings.txt; rc=0; \
	$(TIMED) deps scripts/deps.sh all || { scripts/timed-summary.sh; exit 1; }; \
	$(TIMED) swift-build $(SWIFT) build || { scripts/timed-summary.sh; exit 1; }; \
	$(TIMED) swift-test $(SWIFT) test || rc=1; \
	$(TIMED) integration $(MAKE) --no-print-directory integration CAREWIRE_BIN=$(DEBUG_BIN) || rc=1; \
	$(TIMED) browser $(MAKE) --no-print-directory browser CAREWIRE_BIN=$(DEBUG_BIN) || rc=1; \
	$(TIMED) autobahn-1-10 $(MAKE) --no-print-directory autobahn CAREWIRE_BIN=$(DEBUG_BIN) || rc=1; \
	scripts/timed-summary.sh; exit $$rc

swift-test:
	$(SWIFT) test

integration: deps
	CAREWIRE_TEST_SERVER=binary CAREWIRE_BIN=$(CAREWIRE_BIN) $(PY) -m pytest Tests/Integration $(PYTEST_ARGS)

# The care protocol's integration tests (Tests/Integration/test_care*.py and the permission matrix,
# test_permissions.py) only, against CAREWIRE_BIN, with every server on LOOPS event loops
# (CAREWIRE_TEST_LOOPS; empty: the server's default, one per core; the permission test's event
# scenarios always run on one). CI: make integration-care CAREWIRE_BIN=.build/release/carewire
# LOOPS=1 (and LOOPS=3).
LOOPS ?= $(CAREWIRE_TEST_LOOPS)
integration-care: deps
	CAREWIRE_TEST_SERVER=binary CAREWIRE_BIN=$(CAREWIRE_BIN) CAREWIRE_TEST_LOOPS=$(LOOPS) \
	  $(PY) -m pytest $(sort $(wildcard Tests/Integration/test_care*.py) Tests/Integration/test_permissions.py) $(PYTEST_ARGS)

# The web clients in headless Chromium (Tests/Browser): Web/lib/carewire.js against a scripted fake
# server, and whole visits in two windows against CAREWIRE_BIN --demo. Artifacts: .build/reports/browser/.
browser: deps
	CAREWIRE_BIN=$(CAREWIRE_BIN) $(PY) -m pytest Tests/Browser $(PYTEST_ARGS)

# Runs the whole-visit flow and refreshes the PNGs of the main screens in docs/screenshots/.
screenshots: deps-build deps
	$(SWIFT) build --product carewire
	CAREWIRE_BIN=$(CAREWIRE_BIN) CAREWIRE_SCREENSHOTS=$(CURDIR)/docs/screenshots \
	  $(PY) -m pytest Tests/Browser/test_visit_flow.py Tests/Browser/test_directory.py -k "network_cut or directory" $(PYTEST_ARGS)

# Issue 22's evidence: the integration suite RUNS (20) times in a row, debug and release binaries
# alternating, beside a parallel clean build; .build/reports/busy-runs/summary.txt.
RUNS ?= 20
busy-runs: deps
	SWIFT=$(SWIFT) PY=$(PY) scripts/busy-runs.sh $(RUNS)

# The same tests against the python-websockets reference server (calibration of the tests).
integration-reference: deps
	CAREWIRE_TEST_SERVER=reference $(PY) -m pytest Tests/Integration $(PYTEST_ARGS)

autobahn: deps
	scripts/autobahn.sh --bin $(CAREWIRE_BIN)

autobahn-reference: deps
	scripts/autobahn.sh --reference --all --name reference-all

conformance:
	@mkdir -p .build/reports; rc=0; \
	$(TIMED) deps scripts/deps.sh all || exit 1; \
	$(TIMED) release-build $(SWIFT) build -c release --product carewire || exit 1; \
	$(TIMED) autobahn-all scripts/autobahn.sh --all --bin $(RELEASE_BIN) || rc=1; \
	exit $$rc

## Benchmark and fuzzing ----------------------------------------------------------------------
# The fan-out benchmark: release builds of the server, carewire-load and the Hummingbird peer,
# then each room-path scenario against CareWire, Node ws and Hummingbird, interleaved, 3 rounds.
# Options: BENCH_ROUNDS, BENCH_SCENARIOS, BENCH_IDLE, BENCH_DURATION (see LoadTests/README.md).
bench: deps-build
	scripts/bench.sh

# Memory soak of the care service: MINUTES (30) of the carewire clinic at 1,000 msg/s, RSS every 30 s.
MINUTES ?= 30
soak: deps-build
	$(SWIFT) build -c release --product carewire
	$(SWIFT) build -c release --product carewire-load
	scripts/soak.sh $(MINUTES)

# libFuzzer targets (AddressSanitizer), SECONDS each (default 600: 10 minutes; CI runs 30): FrameParser, Handshake, Wire (JSON
# commands), RequestFramer (HTTP bodies), Token (JWT verify and claims); FUZZ_TARGETS="Wire Token" picks.
SECONDS ?= 600
FUZZ_TARGETS ?=
fuzz: deps-build
	scripts/fuzz.sh $(SECONDS) $(FUZZ_TARGETS)

## Cleaning -------------------------------------------------------------------------------------
# clean: build products and reports; keeps the venv and the package checkouts. distclean: all of .build.
clean:
	-$(SWIFT) package clean
	rm -rf .build/reports .build/debug .build/release autobahn-reports

distclean:
	rm -rf .build autobahn-reports .swiftpm
