#!/usr/bin/env bash
# Builds the container image's base from Debian's own packages, for machines that reach Debian's
# archive but no container registry: Debian 12 (bookworm), "essential" variant, plus
# openjdk-17-jre-headless and ca-certificates, and the user the Rivulet image runs as (rivulet,
# uid 10001, home /var/lib/rivulet), made with mmdebstrap and written as a one-layer image tarball
# in `docker save` form, which Jib takes as a base with -Dimage.base=tar://FILE and `docker load`
# loads as rivulet-base:debian12-jre17 (the Kafka image's base, docker/kafka/Dockerfile).
#
#   docker/base-image.sh [OUT]   (default target/base/debian12-jre17.tar; needs root and mmdebstrap)
#
# Where a registry is reachable, the image profile's default base (eclipse-temurin) is the one to
# use; this is the fallback, not a replacement.
set -euo pipefail
out=${1:-target/base/debian12-jre17.tar}
suite=bookworm
command -v mmdebstrap >/dev/null || { echo "base-image: mmdebstrap is missing (apt-get install mmdebstrap)" >&2; exit 1; }
mkdir -p "$(dirname "$out")"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# Docs, man pages and translations are left out; copyright files stay. openjdk's postinst
# registers a man page with update-alternatives, so its directory must exist.
mmdebstrap --quiet --variant=essential --include=openjdk-17-jre-headless,ca-certificates \
  --dpkgopt='path-exclude=/usr/share/doc/*' --dpkgopt='path-include=/usr/share/doc/*/copyright' \
  --dpkgopt='path-exclude=/usr/share/man/*' --dpkgopt='path-exclude=/usr/share/locale/*' \
  --essential-hook='mkdir -p "$1/usr/share/man/man1"' \
  --customize-hook='echo "rivulet:x:10001:10001:Rivulet:/var/lib/rivulet:/usr/sbin/nologin" >>"$1/etc/passwd"' \
  --customize-hook='echo "rivulet:x:10001:" >>"$1/etc/group"' \
  --customize-hook='mkdir -p "$1/var/lib/rivulet" && chown 10001:10001 "$1/var/lib/rivulet"' \
  "$suite" "$work/layer.tar"

java_version=$(tar -xOf "$work/layer.tar" ./usr/lib/jvm/java-17-openjdk-amd64/release |
  sed -n 's/^JAVA_VERSION="\(.*\)"/\1/p')
diff_id=$(sha256sum "$work/layer.tar" | cut -d' ' -f1)
created=$(date -u -d "@${SOURCE_DATE_EPOCH:-$(date +%s)}" +%Y-%m-%dT%H:%M:%SZ)
cat >"$work/config.json" <<JSON
{"architecture":"amd64","os":"linux","created":"$created",
 "config":{"Env":["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
   "JAVA_HOME=/usr/lib/jvm/java-17-openjdk-amd64","JAVA_VERSION=$java_version","LANG=C.UTF-8"]},
 "rootfs":{"type":"layers","diff_ids":["sha256:$diff_id"]},
 "history":[{"created":"$created","created_by":"docker/base-image.sh: mmdebstrap $suite openjdk-17-jre-headless"}]}
JSON
config_digest=$(sha256sum "$work/config.json" | cut -d' ' -f1)
mv "$work/config.json" "$work/$config_digest.json"
mv "$work/layer.tar" "$work/$diff_id.tar"
printf '[{"Config":"%s.json","RepoTags":["rivulet-base:debian12-jre17"],"Layers":["%s.tar"]}]\n' \
  "$config_digest" "$diff_id" >"$work/manifest.json"
tar -cf "$out" -C "$work" manifest.json "$config_digest.json" "$diff_id.tar"
echo "base-image: $out (Debian $suite, OpenJDK $java_version, $(du -h "$out" | cut -f1))"
