#!/usr/bin/env bash
# Checks the Debian packages the project needs; installs the missing ones when run as root.
#   run:  WeasyPrint's Pango (handouts), gettext (the Spanish interface strings)
#   test: the above, plus Debian's chromium (browser tests), poppler-utils (reading PDFs back), and
#         the production stack's parts the tests start: varnish, nginx-light, redis-server
#   prod: test's packages plus wrk (make loadtest)
set -euo pipefail
mode=${1:-run}

missing=()
have_lib() { ldconfig -p 2>/dev/null | grep -q "$1"; }
have_lib 'libpango-1.0.so.0' || missing+=(libpango-1.0-0)
have_lib 'libpangoft2-1.0.so.0' || missing+=(libpangoft2-1.0-0)
have_lib 'libharfbuzz-subset.so.0' || missing+=(libharfbuzz-subset0)
# GNU gettext's msgfmt: manage.py compilemessages builds the Spanish catalogue (locale/es).
command -v msgfmt >/dev/null 2>&1 || missing+=(gettext)
if [ "$mode" = test ] || [ "$mode" = prod ]; then
  [ -x /usr/bin/chromium ] || missing+=(chromium)
  command -v pdftotext >/dev/null 2>&1 || missing+=(poppler-utils)
  [ -x /usr/sbin/varnishd ] || missing+=(varnish)
  [ -x /usr/sbin/nginx ] || missing+=(nginx-light)
  command -v redis-server >/dev/null 2>&1 || missing+=(redis-server)
fi
if [ "$mode" = prod ]; then
  command -v wrk >/dev/null 2>&1 || missing+=(wrk)
fi

[ ${#missing[@]} -eq 0 ] && exit 0

echo "Missing Debian packages: ${missing[*]}"
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "Installing them with apt-get (running as root)…"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  echo "Installed: ${missing[*]}"
else
  echo "Install them first, then run make again:" >&2
  echo "    sudo apt-get install ${missing[*]}" >&2
  exit 1
fi
