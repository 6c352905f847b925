#!/usr/bin/env bash
# Describes and changes broker, topic and client configs.
exec "$(dirname "$0")/kafka-run-class.sh" kafka.admin.ConfigCommand "$@"
