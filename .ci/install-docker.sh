#!/usr/bin/env bash
# Installs Debian's Docker engine, starts one dockerd in the background and builds the
# base images the stack needs locally (no registry is reachable from CI).
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v dockerd >/dev/null 2>&1; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends docker.io busybox-static >/dev/null
fi

if ! docker info >/dev/null 2>&1; then
  # One daemon only: a second dockerd would tear down docker0 under the first.
  nohup dockerd >/tmp/dockerd.log 2>&1 &
  for _ in $(seq 1 100); do
    docker info >/dev/null 2>&1 && break
    sleep 0.2
  done
  docker info >/dev/null 2>&1 || { echo 'dockerd did not start; see /tmp/dockerd.log' >&2; tail -20 /tmp/dockerd.log >&2; exit 1; }
fi

if [ -x docker/base-images/build.sh ]; then
  bash docker/base-images/build.sh
fi
