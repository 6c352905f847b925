#!/usr/bin/env bash
# Lists the API versions each broker supports (the compose file's health check).
exec "$(dirname "$0")/kafka-run-class.sh" org.apache.kafka.tools.BrokerApiVersionsCommand "$@"
