#!/usr/bin/env bash
# Gets a machine ready for docker-compose.yml and the container tests (ComposeIT, KafkaClusterIT,
# KafkaContainerIT): a Docker engine that answers, and the images they run.
#
#   docker/setup.sh            the engine, then the images
#   docker/setup.sh engine     a Docker engine: the one that answers, or dockerd started here
#   docker/setup.sh images     rivulet:latest, and a Kafka image
#   docker/setup.sh stop       stops the dockerd this script started (nothing otherwise)
#
# Engine: where `docker info` answers (a laptop's Docker Desktop, a running daemon) it is used as
# it is. Otherwise, as root on Debian, Debian's docker.io is installed when dockerd is missing and
# dockerd is started in the background (log and pid in $RIVULET_DOCKERD_DIR, default
# /tmp/rivulet-dockerd); `stop` stops only that one.
#
# Images: where a container registry is reachable, the Rivulet image is built on the image
# profile's default base and apache/kafka:<kafka.version> is pulled. Where none is (CI here), the
# base is built from Debian's packages (docker/base-image.sh, cached in ~/.cache/rivulet) and the
# Kafka image from the release's jars on Maven Central (docker/kafka): rivulet-kafka:<version>,
# which compose runs with KAFKA_IMAGE=rivulet-kafka:<version> and the tests find by themselves.
set -euo pipefail
cd "$(dirname "$0")/.."
state=${RIVULET_DOCKERD_DIR:-/tmp/rivulet-dockerd}
kafka_version=$(sed -n 's:.*<kafka.version>\(.*\)</kafka.version>.*:\1:p' pom.xml)

say() { echo "setup: $*"; }

engine_answers() { command -v docker >/dev/null 2>&1 && timeout 20 docker info >/dev/null 2>&1; }

engine() {
  if engine_answers; then
    say "Docker engine answers ($(docker version --format '{{.Server.Version}}' 2>/dev/null)); using it"
    return
  fi
  if ! command -v dockerd >/dev/null 2>&1; then
    if [[ $(id -u) != 0 ]] || ! command -v apt-get >/dev/null 2>&1; then
      say "no Docker engine answers and dockerd is not installed: install Docker, or run this as root on Debian" >&2
      return 1
    fi
    say "installing Debian's docker.io"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq docker.io >/dev/null
  fi
  if [[ $(id -u) != 0 ]]; then
    say "no Docker engine answers; start one (dockerd needs root)" >&2
    return 1
  fi
  mkdir -p "$state"
  say "starting dockerd (log $state/dockerd.log)"
  dockerd >"$state/dockerd.log" 2>&1 &
  echo $! >"$state/pid"
  for _ in $(seq 1 60); do
    if engine_answers; then
      say "dockerd $(docker version --format '{{.Server.Version}}') is up (pid $(cat "$state/pid"))"
      return
    fi
    if ! kill -0 "$(cat "$state/pid")" 2>/dev/null; then break; fi
    sleep 1
  done
  say "dockerd did not come up; its log:" >&2
  tail -n 30 "$state/dockerd.log" >&2
  return 1
}

stop() {
  [[ -f $state/pid ]] || return 0
  local pid
  pid=$(cat "$state/pid")
  if kill -0 "$pid" 2>/dev/null; then
    say "stopping dockerd (pid $pid)"
    kill "$pid"
    for _ in $(seq 1 30); do kill -0 "$pid" 2>/dev/null || break; sleep 1; done
  fi
  rm -f "$state/pid"
}

image_id() { docker image inspect -f '{{.Id}}' "$1" 2>/dev/null || true; }

# Removes the image a rebuild replaced, once it has no name left (only that one: other images on
# this engine are not ours to prune).
drop_replaced() {
  local old=$1 name=$2
  [[ -n $old && $old != "$(image_id "$name")" ]] || return 0
  [[ -z $(docker image inspect -f '{{join .RepoTags ","}}' "$old" 2>/dev/null) ]] &&
    docker rmi "$old" >/dev/null 2>&1 || true
}

registry_reachable() { # any HTTP answer (Docker Hub's /v2/ says 401) means it is there
  [[ $(curl -s -m 10 -o /dev/null -w '%{http_code}' https://registry-1.docker.io/v2/ || true) =~ ^[1-5][0-9][0-9]$ ]]
}

images() {
  engine_answers || { say "no Docker engine answers (docker/setup.sh engine)" >&2; return 1; }
  local jib_args=()
  if registry_reachable; then
    say "a registry is reachable: apache/kafka:$kafka_version from it, the Rivulet image on the profile's base"
    docker image inspect "apache/kafka:$kafka_version" >/dev/null 2>&1 ||
      docker pull -q "apache/kafka:$kafka_version"
  else
    local cache base
    cache=${XDG_CACHE_HOME:-$HOME/.cache}/rivulet
    base=$cache/debian12-jre17-$(sha256sum docker/base-image.sh | cut -c1-12).tar
    if [[ ! -f $base ]]; then
      say "no container registry is reachable; building the base from Debian's packages"
      command -v mmdebstrap >/dev/null 2>&1 || {
        apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq mmdebstrap >/dev/null
      }
      mkdir -p "$cache"
      if ! timeout 900 docker/base-image.sh "$base.partial"; then rm -f "$base.partial"; return 1; fi
      mv "$base.partial" "$base"
    fi
    say "base: $base"
    docker load -q -i "$base"
    jib_args=(-Dimage.base="tar://$base")

    say "rivulet-kafka:$kafka_version: Kafka's jars from Maven Central on the Debian base"
    mvn -B -q -f docker/kafka/pom.xml package
    local old_kafka
    old_kafka=$(image_id "rivulet-kafka:$kafka_version")
    docker build -q --build-arg BASE=rivulet-base:debian12-jre17 \
      --build-arg KAFKA_VERSION="$kafka_version" -t "rivulet-kafka:$kafka_version" docker/kafka >/dev/null
    drop_replaced "$old_kafka" "rivulet-kafka:$kafka_version"
  fi
  say "rivulet:latest (Jib)"
  mvn -B -q -Pimage -pl examples -am -DskipTests package "${jib_args[@]}"
  local old_rivulet
  old_rivulet=$(image_id rivulet:latest)
  docker load -q -i examples/target/rivulet-image.tar
  drop_replaced "$old_rivulet" rivulet:latest
  docker images --format '{{.Repository}}:{{.Tag}} {{.Size}}' |
    grep -E "^(rivulet|rivulet-kafka|apache/kafka|rivulet-base):" | sed 's/^/setup: image /'
}

case ${1:-all} in
  engine) engine ;;
  images) images ;;
  stop) stop ;;
  all) engine && images ;;
  *) echo "usage: docker/setup.sh [engine|images|stop|all]" >&2; exit 2 ;;
esac
