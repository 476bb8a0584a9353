# cryptomap top-level Makefile.
#
#   make              build cryptomap.ko (against Debian 12's 6.1 kernel, or KDIR=),
#                     cmapctl and the charon plugin
#   make check        host unit tests, then the VM suite (TAP, "N passed, N failed")
#                     T=name runs one test; KERNEL=debug uses the debug kernel
#   make demo         the reference scenario end to end in the VM
#   make bench        cryptomap against plain routing, XFRM and WireGuard in the VM
#                     (Documentation/performance.md); results in build/bench/
#   make sparse       the module through sparse (C=2 W=1)
#
# Missing Debian packages are installed by scripts/deps.sh (root, apt-get).

KVER ?= $(shell scripts/kver.sh 2>/dev/null)
KDIR ?= /lib/modules/$(KVER)/build
BUILD ?= $(CURDIR)/build
KERNEL ?= stock
T ?=

export KVER KDIR BUILD KERNEL T

.PHONY: all deps module userspace plugin sparse check check-host check-vm demo bench clean

all: deps module userspace plugin

deps:
	@scripts/deps.sh build

module:
	$(MAKE) -C $(KDIR) M=$(CURDIR) modules

sparse:
	$(MAKE) -C $(KDIR) M=$(CURDIR) C=2 W=1 modules

userspace:
	$(MAKE) -C userspace

plugin:
	@if [ -f plugin/Makefile ]; then $(MAKE) -C plugin; fi

check:
	@scripts/deps.sh check
	@$(MAKE) --no-print-directory all >$(BUILD).log 2>&1 || { cat $(BUILD).log; exit 1; }
	@tests/run.sh

demo:
	@scripts/deps.sh check
	@$(MAKE) --no-print-directory all >$(BUILD).log 2>&1 || { cat $(BUILD).log; exit 1; }
	@tests/demo.sh

bench:
	@scripts/deps.sh check
	@$(MAKE) --no-print-directory all >$(BUILD).log 2>&1 || { cat $(BUILD).log; exit 1; }
	@tests/bench/bench.sh

clean:
	-$(MAKE) -C $(KDIR) M=$(CURDIR) clean
	-$(MAKE) -C userspace clean
	-@if [ -f plugin/Makefile ]; then $(MAKE) -C plugin clean; fi
	rm -rf $(BUILD) $(BUILD).log
