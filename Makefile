# Thin wrapper over CMake. `make run` and `make test` install what is missing
# (Debian packages), configure, build, then run the demo or the test suite.
BUILD ?= build
JOBS ?= $(shell nproc)
DEPS := cmake make g++ pkg-config python3 xz-utils libgtest-dev libyaml-dev libsystemc-dev gtkwave xvfb xauth imagemagick \
        clang libclang-rt-14-dev chromium

# The Slurm test (ctest label slurm, tests/slurm_check.py) starts a single-node cluster
# on 127.0.0.1; make test installs these when it can and skips that step when not.
SLURM_DEPS := slurmctld slurmd slurm-client munge

.PHONY: all deps slurm-deps configure build run test fuzz bench clean capture-deps capture

all: build

deps:
	@missing=""; for p in $(DEPS); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "ok installed" || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
	  echo "gicsim: installing Debian packages:$$missing"; \
	  sudo=""; [ "$$(id -u)" -eq 0 ] || sudo=sudo; \
	  $$sudo apt-get update -q && \
	  DEBIAN_FRONTEND=noninteractive $$sudo apt-get install -y -q --no-install-recommends $$missing; \
	fi

slurm-deps:
	@missing=""; for p in $(SLURM_DEPS); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "ok installed" || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
	  echo "gicsim: installing Debian packages for the Slurm test:$$missing"; \
	  sudo=""; [ "$$(id -u)" -eq 0 ] || sudo=sudo; \
	  { $$sudo apt-get update -q && DEBIAN_FRONTEND=noninteractive $$sudo apt-get install -y -q \
	    --no-install-recommends $$missing; } || \
	    echo "gicsim: could not install them: make test skips the Slurm test"; \
	fi

configure: deps
	@cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null

build: configure
	@cmake --build $(BUILD) -j$(JOBS)

# `make run` tells the story, not the build: its output goes to a log (shown on failure).
DEMO := linux-boot-msi
run: configure
	@mkdir -p $(BUILD)/test-logs
	@echo "gicsim: building (log: $(BUILD)/test-logs/run-build.log)"
	@cmake --build $(BUILD) -j$(JOBS) >$(BUILD)/test-logs/run-build.log 2>&1 || \
	  { tail -30 $(BUILD)/test-logs/run-build.log; exit 1; }
	@echo "gicsim run scenarios/library/$(DEMO).yaml (profile gic600: Linux boots the GIC, a device's MSIs)"
	@$(BUILD)/bin/gicsim run scenarios/library/$(DEMO).yaml --report $(BUILD)/$(DEMO).json \
	  --vcd $(BUILD)/$(DEMO).vcd --log $(BUILD)/$(DEMO).jsonl
	@echo "report:    $(BUILD)/$(DEMO).json"
	@echo "waveform:  $(BUILD)/$(DEMO).vcd  (gtkwave $(BUILD)/$(DEMO).gtkw)"
	@echo "event log: $(BUILD)/$(DEMO).jsonl"

# The README's test command: a short fuzzing run (libFuzzer, clang) and the fuzz
# regressions, the whole suite under AddressSanitizer + UBSan (leaks too), then the
# whole suite on the normal build, then the Slurm test (label slurm) when slurm-deps could
# install its packages (tests/make_test.sh). One line per step; configure and
# build output and each suite's ctest output go to $(BUILD)/test-logs/ (a failing step
# prints its log's tail); the last line is the verdict over every pass,
# "N passed, M failed", and the exit status is non-zero unless M is 0.
SAN_BUILD ?= build-san
# Tests that run SystemC: LeakSanitizer's stop-the-world tracer crashes at exit on
# SystemC's coroutine stacks about half the time ("Tracer caught signal 11"), with or
# without a leak, so these run under ASan + UBSan without leak detection.
SYSTEMC_TESTS := ^(tlm\.|traces\.attach_to_gic)
FUZZ_BUILD ?= build-fuzz
FUZZ_SECONDS ?= 10
test: deps slurm-deps
	@BUILD='$(BUILD)' SAN_BUILD='$(SAN_BUILD)' FUZZ_BUILD='$(FUZZ_BUILD)' JOBS='$(JOBS)' \
	  FUZZ_SECONDS='$(FUZZ_SECONDS)' SYSTEMC_TESTS='$(SYSTEMC_TESTS)' sh tests/make_test.sh

# Longer fuzzing (not part of the test command): make fuzz FUZZ_SECONDS=3600
fuzz:
	@cmake -S . -B $(FUZZ_BUILD) -DGICSIM_FUZZ=ON -DCMAKE_C_COMPILER=clang \
	  -DCMAKE_CXX_COMPILER=clang++ >/dev/null
	@cmake --build $(FUZZ_BUILD) -j$(JOBS) --target fuzz_scenario fuzz_mmio fuzz_its
	sh tests/fuzz/run.sh $(FUZZ_BUILD) $(FUZZ_SECONDS)

# Host-speed benchmark (not part of the test command).
bench: build
	$(BUILD)/bin/gicsim bench msi-ack --count 2000000 --profile gic600
	$(BUILD)/bin/gicsim bench msi-ack --count 2000000 --profile gic600 --lpi-id-bits 14
	$(BUILD)/bin/gicsim bench msi-ack --count 2000000 --profile ideal
	$(BUILD)/bin/gicsim bench commands --count 2000000
	$(BUILD)/bin/gicsim bench scale --count 500000
	$(BUILD)/bin/gicsim bench virq --count 2000000

# Recording real Linux guests' GIC traffic (docs/traces.md; not part of `make test`,
# it downloads Debian packages): QEMU 7.2, the arm64 cloud kernel and busybox-static.
CAPTURE := $(BUILD)/capture
KERNEL_PKG ?= linux-image-6.1.0-57-cloud-arm64-unsigned
capture-deps:
	@sudo=""; [ "$$(id -u)" -eq 0 ] || sudo=sudo; \
	dpkg --print-foreign-architectures | grep -q arm64 || $$sudo dpkg --add-architecture arm64; \
	$$sudo apt-get update -q && \
	DEBIAN_FRONTEND=noninteractive $$sudo apt-get install -y -q --no-install-recommends \
	  qemu-system-arm xz-utils python3
	@mkdir -p $(CAPTURE)/deb && cd $(CAPTURE)/deb && \
	  apt-get download $(KERNEL_PKG) busybox-static:arm64 && \
	  for f in *.deb; do dpkg-deb -x $$f ..; done

REC := traces/recordings
CAP := python3 traces/capture/capture.py --pkgdir $(CAPTURE)
VIRTIO_MODS := virtio_ring,virtio,virtio_pci_modern_dev,virtio_pci_legacy_dev,virtio_pci,virtio_blk
capture: capture-deps
	$(CAP) --init nvme-boot.sh --smp 4 --nvme 1 --out $(REC)/nvme4.trace.xz
	$(CAP) --init hotplug8.sh --smp 8 --nvme 2 --out $(REC)/hotplug8.trace.xz
	$(CAP) --init virtio.sh --smp 4 --nvme 1 --virtio 3 --modules $(VIRTIO_MODS) \
	  --out $(REC)/virtio4.trace.xz
	$(CAP) --init smp2.sh --smp 2 --nvme 1 --out $(REC)/smp2.trace.xz

clean:
	rm -rf $(BUILD) $(SAN_BUILD) $(FUZZ_BUILD)
