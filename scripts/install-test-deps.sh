#!/bin/sh
# Install what the test suite needs outside the virtualenv: Debian's `chromium`, which the
# report and web tests drive through Playwright (`playwright install` cannot download browsers
# here). Idempotent and quiet: does nothing when /usr/bin/chromium is already present, prints
# apt's output only if the installation fails.
set -eu

if [ -x /usr/bin/chromium ]; then
    exit 0
fi

if [ "$(id -u)" -eq 0 ]; then
    as_root() { "$@"; }
elif command -v sudo >/dev/null 2>&1; then
    as_root() { sudo -n "$@"; }
else
    echo "install-test-deps: need root (or sudo) to apt-get install chromium" >&2
    exit 1
fi

log=$(mktemp)
trap 'rm -f "$log"' EXIT
echo "install-test-deps: installing Debian's chromium (first run only)" >&2
if ! {
    as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq &&
        as_root env DEBIAN_FRONTEND=noninteractive \
            apt-get install -y -qq --no-install-recommends chromium
} >"$log" 2>&1; then
    cat "$log" >&2
    echo "install-test-deps: apt-get install chromium failed" >&2
    exit 1
fi

if [ ! -x /usr/bin/chromium ]; then
    echo "install-test-deps: apt-get finished but /usr/bin/chromium is missing" >&2
    exit 1
fi
