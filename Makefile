# attentive-sync: `make demo` runs the sample sync against the local fake API; `make test` runs the tests.
SWIFT ?= swift

.PHONY: all build demo test bench system-packages clean

all: build

system-packages:
	@scripts/system-packages.sh

build: system-packages
	$(SWIFT) build

demo: build
	@scripts/demo.sh

test: system-packages
	@scripts/test-tools.sh
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build

bench: system-packages
	@scripts/bench.sh

clean:
	rm -rf .build .attentive-sync
