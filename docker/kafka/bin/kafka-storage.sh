#!/usr/bin/env bash
# Formats and inspects log directories (KRaft).
exec "$(dirname "$0")/kafka-run-class.sh" kafka.tools.StorageTool "$@"
