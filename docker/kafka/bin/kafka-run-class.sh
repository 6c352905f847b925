#!/usr/bin/env bash
# Runs a class from the image's Kafka jars: kafka-run-class.sh CLASS [ARGS...].
# KAFKA_HEAP_OPTS, KAFKA_JVM_PERFORMANCE_OPTS, KAFKA_OPTS and KAFKA_LOG4J_OPTS as in Kafka's own.
set -euo pipefail
home=/opt/kafka
class=$1
shift
log4j=${KAFKA_LOG4J_OPTS:--Dlog4j2.configurationFile=$home/config/tools-log4j2.yaml}
# shellcheck disable=SC2086 # the *_OPTS are lists of JVM flags
exec java ${KAFKA_HEAP_OPTS:--Xmx256m} ${KAFKA_JVM_PERFORMANCE_OPTS:--XX:+UseG1GC -XX:MaxGCPauseMillis=20 -Djava.awt.headless=true} \
  ${KAFKA_OPTS:-} $log4j -cp "$home/libs/*" "$class" "$@"
