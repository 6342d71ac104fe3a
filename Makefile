# Two set-up commands (see README): `make demo` checks the bundled sample draft, `make test` runs the tests.
PYTHON ?= python3
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
# system libraries Qt needs on a bare Debian/Ubuntu (only installed where missing)
APT_PKGS := libegl1 libgl1 libxkbcommon0 libxkbcommon-x11-0 libfontconfig1 libdbus-1-3 libglib2.0-0 fonts-wqy-microhei \
            libxcb-icccm4 libxcb-cursor0 libxcb-image0 libxcb-keysyms1 libxcb-render-util0 libxcb-xkb1 libxcb-shape0 \
            libxcb-randr0 libxcb-xinerama0 libx11-xcb1

.PHONY: demo test install sysdeps

sysdeps:
	@if command -v apt-get >/dev/null 2>&1; then \
	  missing=""; for p in $(APT_PKGS); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	  if [ -n "$$missing" ]; then $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq $$missing >/dev/null; fi; \
	fi

install: sysdeps
	$(PYTHON) -m pip install -q -e '.[test]'
	@# PySide6-Essentials and PySide6-Pdf both own PySide6/__init__.py; removing or upgrading one of them
	@# deletes it.  Repair such an environment instead of failing on it.
	@$(PYTHON) -c "import PySide6, PySide6.QtPdf; PySide6.__version__" 2>/dev/null || \
	  $(PYTHON) -m pip install -q --force-reinstall --no-deps PySide6-Essentials PySide6-Pdf

demo: install
	nianbao-check check resources/samples/sample.docx || [ $$? -eq 1 ]

test: install
	QT_QPA_PLATFORM=offscreen $(PYTHON) -m pytest

# ---- the installed app (issue: an installed app a clerk double-clicks; issue 15: glibc 2.31, arm64, offline)
# dist/selftest: a bundle built with this machine's Python (runs on this machine's glibc and newer; CI).
# deb/deb-arm64: the bundle built inside a Debian 11 root (glibc 2.31), checked, packaged and installed
# in clean Debian 11 roots (tools/build_in_bullseye.sh; needs root and network; arm64 is slow, not in CI).
# offline-bundle: the .deb with the .debs a minimal system lacks and 安装说明.txt (tools/offline_bundle.sh).
.PHONY: dist deb selftest deb-arm64 offline-bundle offline-bundle-arm64
dist: install
	$(PYTHON) -m pip install -q 'pyinstaller>=6'
	$(PYTHON) -m PyInstaller --noconfirm --log-level WARN build.spec

deb:
	$(SUDO) tools/build_in_bullseye.sh $$(dpkg --print-architecture)

deb-arm64:
	$(SUDO) tools/build_in_bullseye.sh arm64

offline-bundle:
	[ -f dist/nianbao_$$(sed -n 's/^version *= *"\(.*\)"/\1/p' pyproject.toml)_$$(dpkg --print-architecture).deb ] || $(MAKE) deb
	$(SUDO) tools/offline_bundle.sh $$(dpkg --print-architecture)

offline-bundle-arm64:
	[ -f dist/nianbao_$$(sed -n 's/^version *= *"\(.*\)"/\1/p' pyproject.toml)_arm64.deb ] || $(MAKE) deb-arm64
	$(SUDO) tools/offline_bundle.sh arm64

selftest: dist
	dist/nianbao/nianbao --version
	dist/nianbao/nianbao --self-test
	@# informational here (this machine's glibc); the Debian 11 build is held to 2.31 (make deb)
	$(PYTHON) tools/check_glibc.py dist/nianbao --max 99
