#!/usr/bin/env bash
# Builds the Debian package of a build (cpack -G DEB), checks it with
# lintian (any error or warning fails, and so does a hardening-no-* note),
# installs it on this machine with dpkg -i, checks what its postinst made
# and the unit with `systemd-analyze verify`, and runs the installed /usr/bin/orderdesk-mcp
# the way orderdesk-mcp.service does: as the orderdesk-mcp user, with
# /etc/orderdesk-mcp/orderdesk-mcp.toml and the KMS key as a systemd
# credential, overriding only the listen address and the OrderDesk URL (the
# build's sandbox). A tenant is created as the service's user, the demo's
# session with the official MCP SDK client runs the OrderDesk tools, and
# SIGHUP (the unit's ExecReload) reloads the configuration. The package is
# purged at exit, whatever happened.
# Needs root, dpkg, lintian and systemd-analyze (scripts/setup.sh installs
# them); without them it exits 77, which CTest reports as skipped. It also
# skips on a machine where orderdesk-mcp is already installed.
#   tests/install/deb_test.sh <build dir> <orderdesk-sandbox binary>
set -euo pipefail
BUILD=$(realpath "$1")
SANDBOX=$(realpath "$2")
# shellcheck source=tests/install/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

[ "$(id -u)" -eq 0 ] || skip "installing a package needs root"
for tool in dpkg dpkg-deb cpack lintian systemd-analyze setpriv; do
  command -v "$tool" >/dev/null || skip "$tool is not installed (scripts/setup.sh installs it)"
done
# True while dpkg knows the package in any state but "not installed".
package_present() {
  dpkg-query -W -f='${db:Status-Status}' orderdesk-mcp 2>/dev/null | grep -qv '^not-installed$'
}
if package_present; then
  skip "orderdesk-mcp is installed on this machine; the test would replace and purge it"
fi

clear_odmcp_environment
TMP=$(mktemp -d -t odmcp-deb.XXXXXX)
# The service's user must reach the credential directory inside.
chmod 0711 "$TMP"
cleanup() {
  kill_servers
  if package_present; then
    dpkg --purge orderdesk-mcp >/dev/null || echo "FAIL: dpkg --purge orderdesk-mcp failed" >&2
  fi
  rm -rf "$TMP"
}
trap cleanup EXIT

build_deb "$BUILD" "$TMP/cpack"
dpkg-deb --info "$DEB"
dpkg-deb --contents "$DEB" | grep -v '/$'
depends=$(dpkg-deb --field "$DEB" Depends)
for library in libc6 libssl3 libsqlite3-0 adduser; do
  grep -q "$library" <<<"$depends" || fail "Depends lacks $library: $depends"
done
[ "$(dpkg-deb --ctrl-tarfile "$DEB" | tar -xOf - ./conffiles)" = \
  /etc/orderdesk-mcp/orderdesk-mcp.toml ] || fail "the configuration is not the one conffile"
echo "PASS: the package's dependencies come from shlibdeps: $depends"

lintian --fail-on error,warning --display-info "$DEB" >"$TMP/lintian.out" 2>&1 ||
  { cat "$TMP/lintian.out"; fail "lintian reports errors or warnings"; }
cat "$TMP/lintian.out"
echo "PASS: lintian finds no error or warning"
! grep -E 'hardening-no-' "$TMP/lintian.out" ||
  fail "the package's binaries lack hardening the top CMakeLists.txt asks for"
echo "PASS: the binaries are hardened (fortified libc calls, relocations read-only at load)"

dpkg -i "$DEB"
[ "$(stat -c '%U %a' /etc/orderdesk-mcp/kms.key)" = "orderdesk-mcp 400" ] ||
  fail "postinst did not make /etc/orderdesk-mcp/kms.key, the user's alone"
[ "$(stat -c '%U %a' /var/lib/orderdesk-mcp)" = "orderdesk-mcp 700" ] ||
  fail "postinst did not make /var/lib/orderdesk-mcp, the user's alone"
UNIT=/lib/systemd/system/orderdesk-mcp.service
systemd-analyze verify "$UNIT" >"$TMP/verify.out" 2>&1 ||
  { cat "$TMP/verify.out"; fail "systemd-analyze verify $UNIT"; }
cat "$TMP/verify.out"
echo "PASS: systemd-analyze verify $UNIT"
# The exposure score (0 to 10, lower is safer) stays where the unit's
# hardening put it: 1.1 with systemd 252.
exposure=$(systemd-analyze security --offline=yes "$UNIT" | tail -n 1)
echo "$exposure"
score=$(sed -E 's/.*: ([0-9.]+) .*/\1/' <<<"$exposure")
awk -v score="$score" 'BEGIN { exit !(score <= 1.5) }' ||
  fail "systemd-analyze security rates the unit's exposure $score, above 1.5"

# What the unit gives the service: its user, umask, working directory and
# the KMS key as a credential (a directory and a file only the user can read).
CREDENTIALS=$TMP/credentials
install -d -o orderdesk-mcp -g orderdesk-mcp -m 0500 "$CREDENTIALS"
install -o orderdesk-mcp -g orderdesk-mcp -m 0400 /etc/orderdesk-mcp/kms.key \
  "$CREDENTIALS/odmcp-kms-key"
AS_SERVICE=(setpriv --reuid=orderdesk-mcp --regid=orderdesk-mcp --init-groups --)
umask 0077
cd /var/lib/orderdesk-mcp

start_server SANDBOX_URL "$TMP/sandbox.log" "$SANDBOX" --listen 127.0.0.1:0 --orders 1500
CONFIG=/etc/orderdesk-mcp/orderdesk-mcp.toml
export ODMCP_HTTP__LISTEN=127.0.0.1:0
for plugin in STORES ORDERS PRODUCTS; do
  export "ODMCP_PLUGINS__${plugin}__SETTINGS__BASE_URL=$SANDBOX_URL/api/v2"
done
# Commands run by hand, as the service's user, read the key file the
# packaged configuration names (docs/operations.md).
MASTER_KEY=$("${AS_SERVICE[@]}" /usr/bin/orderdesk-mcp tenant create deb-test --config "$CONFIG" \
  2>"$TMP/tenant.log") || { cat "$TMP/tenant.log" >&2; fail "tenant create failed"; }
# The service needs nothing but its credential: the key file is pointed
# elsewhere here.
start_server URL "$TMP/host.log" env CREDENTIALS_DIRECTORY="$CREDENTIALS" \
  ODMCP_VAULT__KMS_KEY_FILE=/nonexistent/kms.key \
  "${AS_SERVICE[@]}" /usr/bin/orderdesk-mcp serve --config "$CONFIG"
run_sdk_session "$URL" "$MASTER_KEY" "$TMP/session.out"
[ "$(stat -c '%U %a' /var/lib/orderdesk-mcp/orderdesk-mcp.db)" = "orderdesk-mcp 600" ] ||
  fail "the database is not in /var/lib/orderdesk-mcp, the user's alone"

# The unit's ExecReload.
kill -HUP "${SERVER_PIDS[-1]}"
for _ in $(seq 100); do
  grep -q '"msg":"configuration reloaded"' "$TMP/host.log" && break
  sleep 0.1
done
grep -q '"msg":"configuration reloaded"' "$TMP/host.log" || fail "SIGHUP did not reload"
stop_last_server
echo "PASS: the installed host, run as the service runs it, served the SDK session and reloaded"

cd /
dpkg --purge orderdesk-mcp
for path in /usr/bin/orderdesk-mcp /etc/orderdesk-mcp /var/lib/orderdesk-mcp "$UNIT"; do
  [ ! -e "$path" ] || fail "$path is left after dpkg --purge"
done
echo "PASS: dpkg --purge removes the package, its key and its database"
