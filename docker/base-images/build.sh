#!/usr/bin/env bash
# Makes the base images the stack needs on a machine with no registry (CI, air-gapped
# classrooms), from what the host already has:
#   ddworkshop/node-base:20        the host's node and npm, their libraries, busybox, CA bundle
#   ddworkshop/postgres-local:15   Debian's PostgreSQL 15 (with pg_stat_statements), busybox
# Then: NODE_IMAGE=ddworkshop/node-base:20 POSTGRES_IMAGE=ddworkshop/postgres-local:15
# Idempotent: an image that exists is kept (FORCE=1 rebuilds).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

have() { [ -z "${FORCE:-}" ] && docker image inspect "$1" >/dev/null 2>&1; }

copy_with_libs() { # copy_with_libs <rootfs> <binary>...
  local root="$1"; shift
  for bin in "$@"; do
    mkdir -p "$root$(dirname "$bin")"
    cp -L "$bin" "$root$bin"
    { ldd "$bin" 2>/dev/null | grep -oE '/[^ ]+' || true; } | while read -r lib; do
      mkdir -p "$root$(dirname "$lib")"
      cp -Ln "$lib" "$root$lib" 2>/dev/null || true
    done
  done
}

add_busybox() { # add_busybox <rootfs>
  local root="$1"
  command -v busybox >/dev/null || { echo 'busybox-static is needed: apt-get install busybox-static' >&2; exit 1; }
  mkdir -p "$root/bin" "$root/usr/bin" "$root/tmp" "$root/etc"
  chmod 1777 "$root/tmp"
  cp "$(command -v busybox)" "$root/bin/busybox"
  for applet in sh ls cat env mkdir rm cp mv chmod chown id sleep echo grep sed head tail ps kill ln touch whoami date; do
    ln -sf /bin/busybox "$root/bin/$applet"
  done
  # Scripts start with #!/usr/bin/env node (npm, npx).
  ln -sf /bin/busybox "$root/usr/bin/env"
  printf 'root:x:0:0:root:/root:/bin/sh\nnode:x:1000:1000:node:/home/node:/bin/sh\npostgres:x:999:999:postgres:/var/lib/postgresql:/bin/sh\n' > "$root/etc/passwd"
  printf 'root:x:0:\nnode:x:1000:\npostgres:x:999:\n' > "$root/etc/group"
  mkdir -p "$root/etc/ssl/certs" "$root/home/node" && chown 1000:1000 "$root/home/node"
  cp /etc/ssl/certs/ca-certificates.crt "$root/etc/ssl/certs/"
  printf 'hosts: files dns\n' > "$root/etc/nsswitch.conf"
}

import_dir() { # import_dir <rootfs> <tag>
  local root="$1" tag="$2"
  chmod 755 "$root"
  tar -C "$root" -c . | docker import - "$tag" >/dev/null
  local size
  size="$(docker image inspect -f '{{.Size}}' "$tag")"
  [ "$size" -gt 1000000 ] || { echo "import of $tag is empty ($size bytes)" >&2; exit 1; }
}

if have ddworkshop/node-base:20; then
  echo 'ddworkshop/node-base:20 exists'
else
  root="$work/node"
  node_bin="$(command -v node)"
  copy_with_libs "$root" "$node_bin"
  [ "$node_bin" = /usr/local/bin/node ] || { mkdir -p "$root/usr/local/bin"; ln -sf "$node_bin" "$root/usr/local/bin/node"; }
  npm_root="$(npm root -g)/npm"
  mkdir -p "$root/usr/local/lib/node_modules"
  cp -r "$npm_root" "$root/usr/local/lib/node_modules/npm"
  ln -sf ../lib/node_modules/npm/bin/npm-cli.js "$root/usr/local/bin/npm"
  ln -sf ../lib/node_modules/npm/bin/npx-cli.js "$root/usr/local/bin/npx"
  add_busybox "$root"
  import_dir "$root" ddworkshop/node-base:20-raw
  docker build -q -t ddworkshop/node-base:20 - >/dev/null <<'DOCKERFILE'
FROM ddworkshop/node-base:20-raw
ENV PATH=/usr/local/bin:/usr/bin:/bin \
    NODE_EXTRA_CA_CERTS=/etc/ssl/certs/ca-certificates.crt \
    NPM_CONFIG_CAFILE=/etc/ssl/certs/ca-certificates.crt \
    NPM_CONFIG_UPDATE_NOTIFIER=false \
    HOME=/home/node
CMD ["node"]
DOCKERFILE
  echo 'built ddworkshop/node-base:20'
fi

if have ddworkshop/postgres-local:15; then
  echo 'ddworkshop/postgres-local:15 exists'
else
  pgbin=/usr/lib/postgresql/15/bin
  if [ ! -x "$pgbin/postgres" ]; then
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends postgresql-15 >/dev/null
  fi
  root="$work/postgres"
  copy_with_libs "$root" "$pgbin"/postgres "$pgbin"/initdb "$pgbin"/pg_ctl "$pgbin"/pg_isready "$pgbin"/psql
  mkdir -p "$root/usr/lib/postgresql/15/lib" "$root/usr/share/postgresql/15" "$root/usr/share/zoneinfo"
  cp -r /usr/lib/postgresql/15/lib/. "$root/usr/lib/postgresql/15/lib/"
  for so in /usr/lib/postgresql/15/lib/*.so; do
    { ldd "$so" 2>/dev/null | grep -oE '/[^ ]+' || true; } | while read -r lib; do mkdir -p "$root$(dirname "$lib")"; cp -Ln "$lib" "$root$lib" 2>/dev/null || true; done
  done
  cp -r /usr/share/postgresql/15/. "$root/usr/share/postgresql/15/"
  cp -r /usr/share/zoneinfo/. "$root/usr/share/zoneinfo/" 2>/dev/null || true
  add_busybox "$root"
  mkdir -p "$root/usr/local/bin" "$root/var/run/postgresql" "$root/var/lib/postgresql/data" "$root/docker-entrypoint-initdb.d"
  for b in postgres initdb pg_ctl pg_isready psql; do ln -sf "$pgbin/$b" "$root/usr/local/bin/$b"; done
  cp "$here/postgres-entrypoint.sh" "$root/usr/local/bin/docker-entrypoint.sh"
  chmod 755 "$root/usr/local/bin/docker-entrypoint.sh"
  chown -R 999:999 "$root/var/run/postgresql" "$root/var/lib/postgresql"
  import_dir "$root" ddworkshop/postgres-local:15-raw
  docker build -q -t ddworkshop/postgres-local:15 - >/dev/null <<'DOCKERFILE'
FROM ddworkshop/postgres-local:15-raw
ENV PATH=/usr/local/bin:/usr/bin:/bin PGDATA=/var/lib/postgresql/data LANG=C
STOPSIGNAL SIGINT
EXPOSE 5432
ENTRYPOINT ["/usr/local/bin/docker-entrypoint.sh"]
CMD ["postgres"]
DOCKERFILE
  echo 'built ddworkshop/postgres-local:15'
fi
