#!/usr/bin/env bash
# Builds the container image (packaging/container/Containerfile) from the
# build's Debian package on a Debian 12 base bootstrapped from Debian's
# archive (mmdebstrap: no container registry is needed), runs it with the KMS
# key as a podman secret against the build's sandbox, and checks that it
# runs as the package's user, holds no KMS key in the image, reports healthy
# through its HEALTHCHECK, serves the demo's session with the official MCP
# SDK client, and stops cleanly on SIGTERM. Everything podman makes lives in
# a temporary storage root removed at exit.
# Needs root, podman, runc and mmdebstrap (scripts/setup.sh installs them)
# and Debian's archive; without root or the tools it exits 77, which CTest
# reports as skipped.
#   tests/install/container_test.sh <build dir> <orderdesk-sandbox binary>
set -euo pipefail
BUILD=$(realpath "$1")
SANDBOX=$(realpath "$2")
# shellcheck source=tests/install/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

[ "$(id -u)" -eq 0 ] || skip "podman's storage and the image build need root here"
for tool in podman runc mmdebstrap cpack curl; do
  command -v "$tool" >/dev/null || skip "$tool is not installed (scripts/setup.sh installs it)"
done

clear_odmcp_environment
TMP=$(mktemp -d -t odmcp-container.XXXXXX)
# A storage root of its own (vfs: plain directories, nothing to unmount), so
# the test neither sees nor leaves images. runc, because crun refuses the
# hybrid cgroup layout some machines (this CI's among them) have; and
# ulimits no higher than this process's, since podman otherwise raises them,
# which fails without CAP_SYS_RESOURCE (the process limit also no higher
# than the kernel's pid_max, above which runc's setrlimit is refused here).
NOFILE=$(ulimit -Sn):$(ulimit -Hn)
nproc=$(ulimit -Hu)
pid_max=$(cat /proc/sys/kernel/pid_max)
if [ "$nproc" = unlimited ] || [ "$nproc" -gt "$pid_max" ]; then nproc=$pid_max; fi
NPROC=$nproc:$nproc
export CONTAINERS_CONF=$TMP/containers.conf
printf '[containers]\ndefault_ulimits = ["nofile=%s", "nproc=%s"]\n' "$NOFILE" "$NPROC" \
  >"$CONTAINERS_CONF"
PODMAN=(podman --log-level error --root "$TMP/storage" --runroot "$TMP/run" --storage-driver vfs
  --runtime runc)
NAME=odmcp-container-test-$$
cleanup() {
  "${PODMAN[@]}" rm -f -t 0 "$NAME" >/dev/null 2>&1 || true
  kill_servers
  rm -rf "$TMP"
}
trap cleanup EXIT

build_deb "$BUILD" "$TMP/context"
cp "$ROOT/packaging/container/Containerfile" "$TMP/context/"

echo "bootstrapping a Debian 12 base image from Debian's archive ..."
mmdebstrap --quiet --variant=apt bookworm "$TMP/base.tar" >"$TMP/mmdebstrap.log" 2>&1 ||
  { cat "$TMP/mmdebstrap.log" >&2; fail "mmdebstrap could not bootstrap Debian 12"; }
"${PODMAN[@]}" import --quiet "$TMP/base.tar" localhost/odmcp-test-base:bookworm >/dev/null
rm "$TMP/base.tar"

"${PODMAN[@]}" build --quiet --network host --format docker \
  --ulimit "nofile=$NOFILE" --ulimit "nproc=$NPROC" \
  --build-arg BASE=localhost/odmcp-test-base:bookworm -t localhost/orderdesk-mcp:test \
  "$TMP/context" >"$TMP/build.log" 2>&1 || { cat "$TMP/build.log" >&2; fail "podman build failed"; }
user=$("${PODMAN[@]}" image inspect --format '{{.Config.User}}' localhost/orderdesk-mcp:test)
[ "$user" = orderdesk-mcp ] || fail "the image runs as \"$user\", not orderdesk-mcp"
"${PODMAN[@]}" run --rm --network none --entrypoint /bin/sh localhost/orderdesk-mcp:test \
  -c 'test ! -e /etc/orderdesk-mcp/kms.key && test -z "${ODMCP_KMS_KEY:-}"' ||
  fail "the image carries a KMS key"
echo "PASS: the image runs as orderdesk-mcp and carries no KMS key"

start_server SANDBOX_URL "$TMP/sandbox.log" "$SANDBOX" --listen 127.0.0.1:0 --orders 1500
head -c 32 /dev/urandom | base64 | "${PODMAN[@]}" secret create odmcp-kms-key - >/dev/null
PORT=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
settings=()
for plugin in STORES ORDERS PRODUCTS; do
  settings+=(-e "ODMCP_PLUGINS__${plugin}__SETTINGS__BASE_URL=$SANDBOX_URL/api/v2")
done
# The host network: the sandbox listens on loopback only.
"${PODMAN[@]}" run -d --name "$NAME" --network host --secret odmcp-kms-key \
  -e "ODMCP_HTTP__LISTEN=127.0.0.1:$PORT" "${settings[@]}" localhost/orderdesk-mcp:test >/dev/null

URL=http://127.0.0.1:$PORT/mcp
for _ in $(seq 100); do
  curl -fsS -o /dev/null -H 'Host: localhost' "http://127.0.0.1:$PORT/health/ready" 2>/dev/null && break
  sleep 0.2
done
"${PODMAN[@]}" healthcheck run "$NAME" ||
  { "${PODMAN[@]}" logs "$NAME" >&2; fail "the image's HEALTHCHECK does not report healthy"; }
echo "PASS: the HEALTHCHECK (/health/ready) reports healthy"

KEY=$("${PODMAN[@]}" exec "$NAME" orderdesk-mcp tenant create demo \
  --config /etc/orderdesk-mcp/orderdesk-mcp.toml) || fail "tenant create in the container failed"
[ "$("${PODMAN[@]}" exec "$NAME" id -un)" = orderdesk-mcp ] || fail "the server does not run as orderdesk-mcp"
run_sdk_session "$URL" "$KEY" "$TMP/session.txt"
echo "PASS: the container serves the SDK client's session"

"${PODMAN[@]}" stop -t 20 "$NAME" >/dev/null
status=$("${PODMAN[@]}" inspect --format '{{.State.ExitCode}}' "$NAME")
[ "$status" = 0 ] || { "${PODMAN[@]}" logs "$NAME" >&2; fail "the server exited $status on SIGTERM"; }
"${PODMAN[@]}" logs "$NAME" 2>&1 | grep -q '"msg":"stopped"' ||
  { "${PODMAN[@]}" logs "$NAME" >&2; fail "the server's log does not say it stopped"; }
echo "PASS: SIGTERM stops the container with status 0"
