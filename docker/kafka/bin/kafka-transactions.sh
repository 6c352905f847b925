#!/usr/bin/env bash
# Lists, describes and aborts transactions.
exec "$(dirname "$0")/kafka-run-class.sh" org.apache.kafka.tools.TransactionsCommand "$@"
