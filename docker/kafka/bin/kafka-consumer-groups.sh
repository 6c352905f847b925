#!/usr/bin/env bash
# Lists and describes consumer groups.
exec "$(dirname "$0")/kafka-run-class.sh" org.apache.kafka.tools.consumer.group.ConsumerGroupCommand "$@"
