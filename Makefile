# Thin wrapper over CMake. `make run` and `make test` install what is missing
# (Debian packages), configure, build, then run the demo or the test suite.
BUILD ?= build
JOBS ?= $(shell nproc)
DEPS := cmake make g++ pkg-config libgtest-dev libyaml-dev libsystemc-dev gtkwave xvfb xauth

.PHONY: all deps configure build run test clean

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

configure: deps
	@cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null

build: configure
	@cmake --build $(BUILD) -j$(JOBS)

DEMO := linux-boot-msi
run: build
	$(BUILD)/bin/gicsim run scenarios/library/$(DEMO).yaml --report $(BUILD)/$(DEMO).json \
	  --vcd $(BUILD)/$(DEMO).vcd --log $(BUILD)/$(DEMO).jsonl
	@echo "report:    $(BUILD)/$(DEMO).json"
	@echo "waveform:  $(BUILD)/$(DEMO).vcd  (gtkwave $(BUILD)/$(DEMO).gtkw)"
	@echo "event log: $(BUILD)/$(DEMO).jsonl"

# The whole suite twice: the normal build, then AddressSanitizer + UBSan (leaks too).
SAN_BUILD ?= build-san
test: build
	cd $(BUILD) && ctest --output-on-failure -j$(JOBS)
	@cmake -S . -B $(SAN_BUILD) -DGICSIM_SANITIZE=ON -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
	@cmake --build $(SAN_BUILD) -j$(JOBS)
	cd $(SAN_BUILD) && ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 \
	  UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 ctest --output-on-failure -j$(JOBS)

clean:
	rm -rf $(BUILD) $(SAN_BUILD)
