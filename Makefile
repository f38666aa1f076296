# nordfed: build, test and run.
#
#   make            build the protocol library, the node and the tools
#   make test       unit tests, vectors, black-box tests (installs deps first)
#   make run        a local federation on 127.0.0.1 with sample data
#   make SANITIZE=1 test   the same under ASan+UBSan
#   make fuzz       libFuzzer targets (clang)
#   make soak       hostile clients for minutes against a loaded node (SOAK_SECONDS)
#   make deps       install missing Debian packages (apt-get, as root or via sudo)
#   make browser-deps  chromium, Node.js and playwright-core for the browser tests

CC       ?= gcc
BUILD    ?= build
PREFIX   ?= /usr/local

DEB_PKGS := libevent-dev libcurl4-openssl-dev libjansson-dev libsqlite3-dev \
            libsodium-dev libcmocka-dev pkg-config python3 python3-yaml curl

# only for `make test`: promtool checks the /metrics text; clang and its
# runtime build the libFuzzer targets; nginx and openssl put nodes behind
# TLS with a test CA (tests/integration/test_tls.py); sqlite3 takes the
# backups the recovery tests restore (docs/operations.md); pytest runs the
# black-box tests (tests/integration/run.py)
TEST_DEB_PKGS := prometheus clang libclang-rt-14-dev nginx-light openssl sqlite3 \
                 python3-pytest

PKGS     := libevent libcurl jansson sqlite3 libsodium
WARN     := -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes \
            -Wmissing-prototypes -Wcast-qual -Wpointer-arith -Wformat=2 \
            -Wno-unused-parameter
CFLAGS   ?= -O2 -g
CFLAGS   += -std=c17 -D_GNU_SOURCE $(WARN) -Iprotocol -Inode
PKG_CFLAGS = $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS   = $(shell pkg-config --libs $(PKGS) 2>/dev/null)
LDLIBS   += -lm

ifeq ($(SANITIZE),1)
BUILD    := build-san
CFLAGS   += -fsanitize=address,undefined -fno-omit-frame-pointer \
            -fno-sanitize-recover=undefined
LDFLAGS  += -fsanitize=address,undefined
export ASAN_OPTIONS := detect_leaks=1:abort_on_error=1
export UBSAN_OPTIONS := print_stacktrace=1:halt_on_error=1
export NORDFED_SANITIZE := 1
endif

PROTO_SRC := $(wildcard protocol/*.c)
NODE_SRC  := $(filter-out node/main.c,$(wildcard node/*.c))
TOOL_SRC  := $(wildcard tools/*.c)
TEST_SRC  := $(wildcard tests/unit/test_*.c)

PROTO_OBJ := $(PROTO_SRC:%.c=$(BUILD)/%.o)
NODE_OBJ  := $(NODE_SRC:%.c=$(BUILD)/%.o)
TOOL_OBJ  := $(TOOL_SRC:%.c=$(BUILD)/%.o)
LIBPROTO  := $(BUILD)/libnfproto.a
LIBNODE   := $(BUILD)/libnfnode.a
LIBTOOLS  := $(BUILD)/libnftools.a
NODE_BIN  := $(BUILD)/nordfed-node
CTL_BIN   := $(BUILD)/nordfedctl
TEST_BINS := $(TEST_SRC:tests/unit/%.c=$(BUILD)/tests/%)

.PHONY: all deps test-deps test unit itest run fuzz fuzz-run clean install check-src format \
        browser-deps
all: $(NODE_BIN) $(CTL_BIN)

# ---- dependencies -------------------------------------------------------
# A stamp per build dir so `make test` does not ask dpkg on every call.
deps: $(BUILD)/.deps
$(BUILD)/.deps:
	@sh tests/deps.sh $(DEB_PKGS)
	@mkdir -p $(BUILD) && touch $@
test-deps: $(BUILD)/.test-deps
$(BUILD)/.test-deps: $(BUILD)/.deps
	@sh tests/deps.sh $(TEST_DEB_PKGS)
	@touch $@

# ---- objects ------------------------------------------------------------
$(BUILD)/%.o: %.c | $(BUILD)/.deps
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(PKG_CFLAGS) -MMD -MP -c $< -o $@

$(LIBPROTO): $(PROTO_OBJ)
	$(AR) rcs $@ $^

# the OpenAPI document, served by the node, generated from docs/openapi.yaml
$(BUILD)/gen/openapi.c: docs/openapi.yaml tests/embed_openapi.py | $(BUILD)/.deps
	@mkdir -p $(dir $@)
	python3 tests/embed_openapi.py $< $@
$(BUILD)/gen/openapi.o: $(BUILD)/gen/openapi.c
	$(CC) -c $< -o $@

# the browsing page's static files (node/web/), compiled into the node;
# web_assets.list changes when a file is added or removed
WEB_ASSETS := $(sort $(wildcard node/web/*))
$(BUILD)/gen/web_assets.list: web-assets-list-check
	@mkdir -p $(dir $@)
	@echo '$(WEB_ASSETS)' | cmp -s - $@ || echo '$(WEB_ASSETS)' > $@
web-assets-list-check:
.PHONY: web-assets-list-check
$(BUILD)/gen/web_assets.c: $(WEB_ASSETS) $(BUILD)/gen/web_assets.list tests/embed_assets.py | $(BUILD)/.deps
	@mkdir -p $(dir $@)
	python3 tests/embed_assets.py $@ $(WEB_ASSETS)
$(BUILD)/gen/web_assets.o: $(BUILD)/gen/web_assets.c
	$(CC) -c $< -o $@

$(LIBNODE): $(NODE_OBJ) $(BUILD)/gen/openapi.o $(BUILD)/gen/web_assets.o
	$(AR) rcs $@ $^

$(NODE_BIN): $(BUILD)/node/main.o $(LIBNODE) $(LIBPROTO)
	$(CC) $(LDFLAGS) -o $@ $^ $(PKG_LIBS) $(LDLIBS)

$(CTL_BIN): $(TOOL_OBJ) $(LIBPROTO)
	$(CC) $(LDFLAGS) -o $@ $^ $(PKG_LIBS) $(LDLIBS)

# the tools' modules for unit tests (tests/unit/test_csv.c)
$(LIBTOOLS): $(filter-out $(BUILD)/tools/nordfedctl.o,$(TOOL_OBJ))
	$(AR) rcs $@ $^

$(BUILD)/tests/%: tests/unit/%.c $(LIBNODE) $(LIBTOOLS) $(LIBPROTO) | $(BUILD)/.deps
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(PKG_CFLAGS) -Itests/unit -Itools $(LDFLAGS) -o $@ $< $(LIBNODE) \
	    $(LIBTOOLS) $(LIBPROTO) $(PKG_LIBS) -lcmocka $(LDLIBS)

-include $(PROTO_OBJ:.o=.d) $(NODE_OBJ:.o=.d) $(TOOL_OBJ:.o=.d) $(BUILD)/node/main.d

# ---- tests --------------------------------------------------------------
# The browser tests (tests/tiers/50-browser.sh) need Debian's chromium,
# Node.js and npm (from Debian when `node` is missing), and playwright-core
# and axe-core from npm as pinned by tests/browser/package-lock.json.
browser-deps:
	@sh tests/deps.sh chromium $$(command -v node >/dev/null 2>&1 && \
	    command -v npm >/dev/null 2>&1 || echo nodejs npm)
	@[ -d tests/browser/node_modules/playwright-core ] && \
	    [ -d tests/browser/node_modules/axe-core ] || \
	    (cd tests/browser && npm ci --no-audit --no-fund --loglevel=error)
check-src:
	@sh tests/checksrc.sh protocol node tools tests/unit tests/fuzz

test: test-deps all $(TEST_BINS) check-src
	@BUILD=$(BUILD) sh tests/run.sh $(TEST_BINS)

unit: deps $(TEST_BINS)
	@BUILD=$(BUILD) NORDFED_UNIT_ONLY=1 sh tests/run.sh $(TEST_BINS)

# ---- fuzzing (clang + libFuzzer) ----------------------------------------
FUZZ_SRC  := $(wildcard tests/fuzz/fuzz_*.c)
FUZZ_BINS := $(FUZZ_SRC:tests/fuzz/%.c=build-fuzz/%)
build-fuzz/%: tests/fuzz/%.c $(PROTO_SRC) | $(BUILD)/.deps
	@mkdir -p build-fuzz
	clang -std=c17 -D_GNU_SOURCE -g -O1 -Iprotocol $(PKG_CFLAGS) \
	    -fsanitize=fuzzer,address,undefined -o $@ $< $(PROTO_SRC) $(PKG_LIBS)
fuzz: test-deps $(FUZZ_BINS)
fuzz-run: fuzz
	@sh tests/fuzz/run.sh $(or $(FUZZ_SECONDS),30) $(FUZZ_BINS)

# ---- run ----------------------------------------------------------------
run: deps all
	@python3 tests/federation.py run

# ---- install and the Debian package (docs/operations.md, "Installing") ----
# `make install PREFIX=/usr/local DESTDIR=`: the daemon in sbin (it is a
# system daemon that only the service manager or root starts, as Debian puts
# sshd and nginx), the admin tool in bin (any operator may run its read-only
# commands), man pages, the systemd unit with ExecStart pointing at SBINDIR,
# the annotated example configuration and the operator's guides as
# documentation. The configuration stays in /etc/nordfed and the state in
# /var/lib/nordfed whatever PREFIX is: the unit and the docs name them.
# Creating the nordfed user and those directories is the package's postinst
# (conf/deb/postinst), not install's.
BINDIR   ?= $(PREFIX)/bin
SBINDIR  ?= $(PREFIX)/sbin
MANDIR   ?= $(PREFIX)/share/man
DOCDIR   ?= $(PREFIX)/share/doc/nordfed
UNITDIR  ?= $(PREFIX)/lib/systemd/system
INSTALL_DOCS := docs/operations.md docs/configuration.md

install: all
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(SBINDIR) $(DESTDIR)$(MANDIR)/man1 \
	    $(DESTDIR)$(MANDIR)/man8 $(DESTDIR)$(UNITDIR) $(DESTDIR)$(DOCDIR)/examples
	install -m 0755 $(NODE_BIN) $(DESTDIR)$(SBINDIR)/nordfed-node
	install -m 0755 $(CTL_BIN) $(DESTDIR)$(BINDIR)/nordfedctl
	install -m 0644 docs/nordfedctl.1 $(DESTDIR)$(MANDIR)/man1/nordfedctl.1
	install -m 0644 docs/nordfed-node.8 $(DESTDIR)$(MANDIR)/man8/nordfed-node.8
	sed 's|/usr/sbin/nordfed-node|$(SBINDIR)/nordfed-node|g' conf/nordfed-node.service \
	    > $(DESTDIR)$(UNITDIR)/nordfed-node.service
	chmod 0644 $(DESTDIR)$(UNITDIR)/nordfed-node.service
	install -m 0644 conf/nordfed.conf.example $(DESTDIR)$(DOCDIR)/examples/nordfed.conf
	install -m 0644 $(INSTALL_DOCS) $(DESTDIR)$(DOCDIR)/

# `make deb`: build/deb/nordfed_VERSION_ARCH.deb, from a tree built apart in
# build/deb/obj with Debian's hardening flags (dpkg-buildflags), staged by
# `make install` into build/deb/root and packed by conf/deb/build-deb.sh
# (compressed man pages and docs, stripped binaries, control file with the
# version from node/node.h and Depends from dpkg-shlibdeps, maintainer
# scripts, md5sums). Always built without sanitizers. `make package-check`
# runs tests/tiers/20-package.sh (lintian, contents, scripts, unit).
DEB_DIR        ?= build/deb
DEB_BUILD_PKGS := dpkg-dev
DEB_CHECK_PKGS := dpkg-dev lintian
# only for NORDFED_PKG_INSTALL_TEST=1: the package run under systemd in a
# throwaway container (tests/tiers/20-package.sh)
DEB_CONTAINER_PKGS := systemd-container
DEB_VERSION    := $(shell sed -n 's/^\#define NORDFED_VERSION "\(.*\)"$$/\1/p' node/node.h)
DEB_BUILDFLAGS = DEB_BUILD_MAINT_OPTIONS=hardening=+all dpkg-buildflags --get

deb-deps: $(BUILD)/.deb-deps
$(BUILD)/.deb-deps: $(BUILD)/.deps
	@sh tests/deps.sh $(DEB_BUILD_PKGS)
	@touch $@
package-check-deps: $(BUILD)/.package-check-deps
$(BUILD)/.package-check-deps: $(BUILD)/.deps
	@sh tests/deps.sh $(DEB_CHECK_PKGS)
	@touch $@

deb: deb-deps
	@test -n "$(DEB_VERSION)" || { echo "deb: no NORDFED_VERSION in node/node.h" >&2; exit 1; }
	rm -rf $(DEB_DIR)/root
	umask 022 && CFLAGS="$$($(DEB_BUILDFLAGS) CFLAGS) $$($(DEB_BUILDFLAGS) CPPFLAGS)" \
	LDFLAGS="$$($(DEB_BUILDFLAGS) LDFLAGS)" \
	    $(MAKE) --no-print-directory SANITIZE= BUILD=$(DEB_DIR)/obj PREFIX=/usr \
	    UNITDIR=/lib/systemd/system DESTDIR=$(abspath $(DEB_DIR))/root install >/dev/null
	sh conf/deb/build-deb.sh $(DEB_DIR)/root $(DEB_DIR) $(DEB_VERSION)

package-container-deps: $(BUILD)/.package-container-deps
$(BUILD)/.package-container-deps: $(BUILD)/.deps
	@sh tests/deps.sh $(DEB_CONTAINER_PKGS)
	@touch $@

package-check: package-check-deps
	@BUILD=$(BUILD) sh tests/tiers/20-package.sh
.PHONY: deb deb-deps package-check package-check-deps package-container-deps

format:
	clang-format -i protocol/*.[ch] node/*.[ch] tools/*.[ch] tests/unit/*.[ch]

clean:
	rm -rf build build-san build-fuzz

# ---- golden entry vectors (committed; regenerate after a protocol change) --
$(BUILD)/gen_entries: tests/vectors/gen_entries.c $(LIBPROTO)
	$(CC) $(CFLAGS) $(PKG_CFLAGS) -o $@ $< $(LIBPROTO) $(PKG_LIBS)
vectors: $(BUILD)/gen_entries
	@mkdir -p tests/vectors/entries
	$(BUILD)/gen_entries tests/vectors/entries/entries.json
.PHONY: vectors

# ---- benchmarks (docs/benchmarks.md) ---------------------------------------
# `make bench`: every figure against a reference measured in the same run,
# and the peers (PouchDB Server, PostgreSQL 15 logical replication) on the
# same records; prints the tables and writes bench/results/<date>-<commit>.json.
# bench-deps installs what only the benchmark needs, checking every time
# (dpkg-query and a stamp are cheap): nginx and wrk (the read reference and
# the load generator), PostgreSQL 15 (a peer, with pgbench), Node.js and npm
# (from Debian when `node` is missing) and PouchDB Server as pinned by
# bench/peers/package-lock.json (npm ci, no install scripts). What cannot be
# installed is said and skipped: the run then reports that figure as having
# no reference, or that peer as not installed.
BENCH_DEB_PKGS  := nginx-light wrk
BENCH_PEER_PKGS := postgresql-15 postgresql-client-15
BENCH_SRC  := $(wildcard bench/*.c)
BENCH_BINS := $(BENCH_SRC:bench/%.c=$(BUILD)/bench/%)
BENCH_NPM  := bench/peers/node_modules/.nordfed-lock

bench-deps: $(BUILD)/.deps
	@sh tests/deps.sh $(BENCH_DEB_PKGS) || \
	    echo "bench-deps: nginx/wrk missing: those figures get no reference"
	@sh tests/deps.sh $(BENCH_PEER_PKGS) || \
	    echo "bench-deps: PostgreSQL 15 missing: reported as not installed"
	@sh tests/deps.sh $$(command -v node >/dev/null 2>&1 && \
	    command -v npm >/dev/null 2>&1 || echo nodejs npm) || \
	    echo "bench-deps: Node.js missing: PouchDB reported as not installed"
	@cmp -s bench/peers/package-lock.json $(BENCH_NPM) 2>/dev/null || \
	    { command -v npm >/dev/null 2>&1 && \
	      (cd bench/peers && npm ci --ignore-scripts --no-audit --no-fund \
	          --loglevel=error) && \
	      cp bench/peers/package-lock.json $(BENCH_NPM); } || \
	    echo "bench-deps: npm ci failed: PouchDB reported as not installed"

$(BUILD)/bench/%: bench/%.c $(LIBNODE) $(LIBPROTO) | $(BUILD)/.deps
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(PKG_CFLAGS) $(LDFLAGS) -o $@ $< $(LIBNODE) $(LIBPROTO) \
	    $(PKG_LIBS) -lpthread $(LDLIBS)

# the catch-up reference must not move with the store: protocol/ and
# SQLite only, without node/ on the include path or the link line
$(BUILD)/bench/ref_pipeline: bench/ref_pipeline.c $(LIBPROTO) | $(BUILD)/.deps
	@mkdir -p $(dir $@)
	$(CC) $(filter-out -Inode,$(CFLAGS)) $(PKG_CFLAGS) $(LDFLAGS) -o $@ $< \
	    $(LIBPROTO) $(PKG_LIBS) $(LDLIBS)

bench-build: all $(BENCH_BINS)
bench: bench-deps bench-build
	@BUILD=$(BUILD) BENCH_DEPS_DONE=1 python3 bench/bench.py
.PHONY: bench bench-deps bench-build

# `make soak`: the HTTP edge's attacks for minutes (SOAK_SECONDS, default
# 180) against a node under read and write load; prints requests served,
# the probe's p99, peak RSS and acknowledged writes lost (must be 0).
soak: deps all
	@BUILD=$(BUILD) python3 tests/soak.py $(if $(SOAK_SECONDS),--seconds $(SOAK_SECONDS))
.PHONY: soak
