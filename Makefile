# swtrace: build, demo, test and install. Needs Swift 6 (found on PATH or in /opt/swift) and,
# for tracing, root on a Linux kernel with BPF and tracepoints.

PREFIX ?= /usr/local
DESTDIR ?=
BINDIR = $(DESTDIR)$(PREFIX)/bin
MAN8DIR = $(DESTDIR)$(PREFIX)/share/man/man8
BASHCOMPDIR = $(DESTDIR)$(PREFIX)/share/bash-completion/completions
ZSHCOMPDIR = $(DESTDIR)$(PREFIX)/share/zsh/site-functions
FISHCOMPDIR = $(DESTDIR)$(PREFIX)/share/fish/vendor_completions.d

# The Swift toolchain of the development machines lives in /opt/swift.
export PATH := $(PATH):/opt/swift/usr/bin
SWIFT ?= swift

# Build and link dependencies (libbpf, libelf, LLVM-C 14, zlib) and what the tests use.
APT_PACKAGES = libbpf-dev libelf-dev llvm-dev zlib1g-dev pkg-config \
               tmux zsh fish mandoc bpftool strace git ca-certificates libbpf-tools
SUDO = $(if $(filter 0,$(shell id -u)),,sudo)

# Installed executables: swtrace and the tools in Tools/ (those that have been built).
PROGRAMS = swtrace $(notdir $(wildcard Tools/*))

DEMO_PROGRAM = tracepoint:syscalls:sys_enter_openat /pid == cpid/ { printf("%s opened %s\n", comm, str(args.filename)); }

.PHONY: all deps guest-deps build run test install uninstall clean check-swift

all: build

check-swift:
	@command -v $(SWIFT) >/dev/null 2>&1 || { \
	  echo "error: '$(SWIFT)' not found: install Swift 6 (https://www.swift.org/install/linux/) or put it on PATH" >&2; \
	  exit 1; }

# Installs only what is missing, so a second run costs a dpkg query.
deps:
	@missing=$$(for p in $(APT_PACKAGES); do \
	    dpkg-query -W -f='$${Status}\n' $$p 2>/dev/null | grep -q 'install ok installed' || echo $$p; \
	  done); \
	if [ -n "$$missing" ]; then \
	  echo "Installing:" $$missing; \
	  $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get update -q && \
	  $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends $$missing; \
	else \
	  echo "All build and test dependencies are installed."; \
	fi

build: check-swift
	$(SWIFT) build

# A short real trace that ends by itself: the files `cat /etc/hostname` opens.
run: deps build
	@echo '--- swtrace -l "tracepoint:syscalls:sys_enter_open*"'
	$(SUDO) .build/debug/swtrace -l 'tracepoint:syscalls:sys_enter_open*'
	@echo '--- swtrace -e ... -c "cat /etc/hostname"'
	$(SUDO) env LC_ALL=C .build/debug/swtrace -e '$(DEMO_PROGRAM)' -c 'cat /etc/hostname'

# The guest kernel (../shared/kvm) runs the kprobe/fentry tests: its packages are set up here too.
KVM_RUN = ../shared/kvm/kvm-run.sh

guest-deps:
	@if [ -x $(KVM_RUN) ]; then $(KVM_RUN) --setup; else echo "No $(KVM_RUN): guest kernel tests will be skipped."; fi

test: deps guest-deps check-swift
	$(SWIFT) build
	$(SWIFT) test

# `make install` builds the release executables first and installs them. BUILT_BIN=DIR installs
# executables that are already built in DIR instead, without building (the install test uses the
# debug build it already has: building release there would double the suite's build time).
# The Swift runtime is linked in (--static-swift-stdlib): installed executables need only
# Debian's libraries (libbpf, libelf, zlib), not the toolchain they were built with.
BUILT_BIN ?=
RELEASE_FLAGS = -c release --static-swift-stdlib

install: $(if $(BUILT_BIN),,check-swift)
	@if [ -z "$(BUILT_BIN)" ]; then echo "$(SWIFT) build $(RELEASE_FLAGS)"; $(SWIFT) build $(RELEASE_FLAGS); fi
	@bin="$(BUILT_BIN)"; [ -n "$$bin" ] || bin=$$($(SWIFT) build $(RELEASE_FLAGS) --show-bin-path); \
	install -d $(BINDIR); \
	for p in $(PROGRAMS); do \
	  [ -x "$$bin/$$p" ] || { echo "error: $$bin/$$p is not built" >&2; exit 1; }; \
	  install -m 755 "$$bin/$$p" $(BINDIR)/$$p && echo "installed $(BINDIR)/$$p"; \
	done
	install -d $(MAN8DIR) $(BASHCOMPDIR) $(ZSHCOMPDIR) $(FISHCOMPDIR)
	install -m 644 Man/*.8 $(MAN8DIR)/
	install -m 644 Completions/bash/* $(BASHCOMPDIR)/
	install -m 644 Completions/zsh/* $(ZSHCOMPDIR)/
	install -m 644 Completions/fish/* $(FISHCOMPDIR)/

# Removes exactly the files `install` put there (same PREFIX and DESTDIR).
uninstall:
	@for p in $(PROGRAMS); do rm -f $(BINDIR)/$$p; done
	@for f in Man/*.8; do rm -f $(MAN8DIR)/$${f##*/}; done
	@for f in Completions/bash/*; do rm -f $(BASHCOMPDIR)/$${f##*/}; done
	@for f in Completions/zsh/*; do rm -f $(ZSHCOMPDIR)/$${f##*/}; done
	@for f in Completions/fish/*; do rm -f $(FISHCOMPDIR)/$${f##*/}; done
	@echo "uninstalled from $(DESTDIR)$(PREFIX)"

clean:
	rm -rf .build
