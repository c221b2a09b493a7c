# tiacheck: make, make check, make run, make install, make SANITIZE=address,undefined check,
# make valgrind, make eval (needs ../shared/corpus), make fuzz, make bench.
#
# Adding a module: put src/LAYER/NAME.c (LAYER: cli core domain io render base, see the
# README's design notes) and include/tiacheck/NAME.h; it is picked up by the wildcard.
# Objects go to one flat folder, so module names are unique across layers.
# Adding a unit test: tests/unit/test_NAME.c with a line
#   /* link: util NAME ... */
# naming the modules it links (so that a test builds even while an unrelated module
# is being edited).

PREFIX    ?= /usr/local
CC        ?= cc
PKGS      := libcurl libxml-2.0 sqlite3 libcjson libcrypto libzstd
# poppler-glib gives only its headers: extract_pdf.c loads it on the first PDF.
HDR_PKGS  := poppler-glib
PKG_CFLAGS := $(shell pkg-config --cflags $(PKGS) $(HDR_PKGS) 2>/dev/null)
PKG_LIBS   := $(shell pkg-config --libs $(PKGS) 2>/dev/null)
VERSION   := $(shell cat VERSION 2>/dev/null || echo 0.1.0)

WARN    := -Wall -Wextra -Werror -Wshadow -Wmissing-prototypes -Wstrict-prototypes \
           -Wformat=2 -Wno-format-nonliteral -Wpointer-arith -Wvla -Wundef
CFLAGS  ?= -O2 -g
ALL_CFLAGS = -std=c11 -D_GNU_SOURCE $(WARN) $(CFLAGS) -Iinclude $(PKG_CFLAGS) \
             -DTC_VERSION='"$(VERSION)"' -MMD -MP
LDLIBS  := $(PKG_LIBS) -lm -lpthread

comma := ,
ifneq ($(SANITIZE),)
ALL_CFLAGS += -fsanitize=$(SANITIZE) -fno-omit-frame-pointer -fno-sanitize-recover=all
LDFLAGS    += -fsanitize=$(SANITIZE)
BUILD      := build/san-$(subst $(comma),-,$(SANITIZE))
else
BUILD      := build/default
endif

LAYERS   := cli core domain io render base
SRC      := $(foreach l,$(LAYERS),$(wildcard src/$(l)/*.c))
REFDATA  := $(sort $(wildcard catalog/reference/*.json))
OBJ      := $(patsubst %.c,$(BUILD)/obj/%.o,$(notdir $(SRC))) $(BUILD)/obj/gen_reference.o
vpath %.c $(addprefix src/,$(LAYERS))
LIBOBJ   := $(filter-out $(BUILD)/obj/main.o,$(OBJ))
TESTSRC  := $(wildcard tests/unit/test_*.c)
TESTBIN  := $(TESTSRC:tests/unit/%.c=$(BUILD)/tests/%)
BIN      := tiacheck

.PHONY: all deps check unit demo run install valgrind eval fuzz bench clean
all: $(BIN)

# The binary lives at ./tiacheck for the default build and build/san-NAMES/tiacheck
# for sanitizer builds; tests use $(TIACHECK).
ifneq ($(SANITIZE),)
TIACHECK := $(BUILD)/tiacheck
$(BUILD)/tiacheck: $(OBJ)
	$(CC) $(LDFLAGS) -o $@ $^ $(LDLIBS)
$(BIN): $(BUILD)/tiacheck
else
TIACHECK := ./tiacheck
$(BIN): $(OBJ)
	$(CC) $(LDFLAGS) -o $@ $^ $(LDLIBS)
endif

$(BUILD)/obj/%.o: %.c
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -c -o $@ $<

# The reference data, embedded for `tiacheck init`.
$(BUILD)/gen/reference.c: $(REFDATA) scripts/embed-reference.sh
	@mkdir -p $(@D)
	sh scripts/embed-reference.sh $(REFDATA) >$@.tmp && mv $@.tmp $@

$(BUILD)/obj/gen_reference.o: $(BUILD)/gen/reference.c
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -c -o $@ $<

$(BUILD)/tobj/%.o: tests/unit/%.c
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -Itests/unit -c -o $@ $<

# A unit test links only the modules named in its "/* link: ... */" line, plus utf8,
# which util calls (the base layer's decoder).
# Every unit test also links the base modules any module may call.
TEST_COMMON := utf8 i18n msg_vocab msg_report msg_policy msg_tia msg_flows msg_cli
test_link = $(patsubst %,$(BUILD)/obj/%.o,$(sort $(TEST_COMMON) $(shell sed -n 's|^/\* link: \(.*\) \*/$$|\1|p' tests/unit/$(1).c)))
.SECONDEXPANSION:
$(BUILD)/tests/%: $(BUILD)/tobj/%.o $$(call test_link,$$*)
	@mkdir -p $(@D)
	$(CC) $(LDFLAGS) -o $@ $^ $(LDLIBS)

deps:
	@sh scripts/install-deps.sh

unit: $(TESTBIN)

check: deps
	@$(MAKE) --no-print-directory $(if $(SANITIZE),$(BUILD)/tiacheck,$(BIN)) unit
	@TIACHECK=$(abspath $(TIACHECK)) BUILD=$(BUILD) sh tests/run.sh

# The weekly job on a simulated vendor web on 127.0.0.1 (no internet needed).
demo: deps
	@$(MAKE) --no-print-directory $(BIN)
	@sh scripts/demo.sh

run: deps
	@$(MAKE) --no-print-directory $(BIN)
	./$(BIN) run

valgrind: deps
	@$(MAKE) --no-print-directory $(BIN) unit
	@VALGRIND=1 TIACHECK=$(abspath $(TIACHECK)) BUILD=$(BUILD) sh tests/run.sh

eval: deps
	@$(MAKE) --no-print-directory $(BIN)
	@sh scripts/eval.sh

fuzz:
	@sh tests/fuzz/run.sh

bench: deps
	@$(MAKE) --no-print-directory $(BIN)
	@sh scripts/bench.sh

install: $(BIN)
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/man/man1
	install -m 0755 $(BIN) $(DESTDIR)$(PREFIX)/bin/$(BIN)
	install -m 0644 doc/tiacheck.1 $(DESTDIR)$(PREFIX)/share/man/man1/tiacheck.1

clean:
	rm -rf build $(BIN)

-include $(OBJ:.o=.d) $(TESTBIN:$(BUILD)/tests/%=$(BUILD)/tobj/%.d)
