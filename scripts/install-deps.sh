#!/bin/sh
# Installs the Debian packages tiacheck needs to build and test, if any are missing.
# Prints what it installs; does nothing (quietly) when all are present.
# libpoppler-glib-dev gives the headers and brings libpoppler-glib8, the library that
# tiacheck loads (dlopen) on the first PDF of a run: nothing links it.
set -eu
PKGS="build-essential pkg-config libcurl4-openssl-dev libxml2-dev libsqlite3-dev libcjson-dev
libssl-dev libpoppler-glib-dev libzstd-dev python3 python3-aiosmtpd nginx-light sqlite3 valgrind curl
chromium"
missing=""
for p in $PKGS; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' ||
		missing="$missing $p"
done
[ -z "$missing" ] && exit 0
echo "tiacheck: installing missing Debian packages:$missing"
SUDO=""
[ "$(id -u)" -ne 0 ] && SUDO=sudo
$SUDO apt-get update -qq
if ! DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends $missing; then
	# chromium serves only the browser backend's tests, which are skipped without it
	rest=$(echo "$missing" | sed 's/ chromium$//; s/ chromium / /')
	[ "$rest" = "$missing" ] && exit 1
	echo "tiacheck: chromium could not be installed: the browser tests will be skipped" >&2
	[ -z "$rest" ] ||
		DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends $rest
fi
