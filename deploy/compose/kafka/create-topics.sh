#!/bin/bash
# Creates the topics of the events contract (events-contract/src/main/resources/asyncapi.yaml) with its
# partition counts; idempotent (--if-not-exists), so it runs on every `up`. deploy-tests checks that this list
# matches the contract.
set -euo pipefail
BOOTSTRAP=${BOOTSTRAP:-kafka:9092}
RF=${REPLICATION_FACTOR:-1}
WEEK=604800000
MONTH=2592000000

topic() { # name partitions retention.ms
  /opt/kafka/bin/kafka-topics.sh --bootstrap-server "$BOOTSTRAP" --create --if-not-exists \
    --topic "$1" --partitions "$2" --replication-factor "$RF" \
    --config cleanup.policy=delete --config retention.ms="$3"
}

topic orbitlend.loan.events          6  "$WEEK"
topic orbitlend.kyc.events           6  "$WEEK"
topic orbitlend.marketplace.events   6  "$WEEK"
topic orbitlend.notifications        12 "$WEEK"
topic orbitlend.notifications.dlq    3  "$MONTH"

/opt/kafka/bin/kafka-topics.sh --bootstrap-server "$BOOTSTRAP" --describe \
  --topic 'orbitlend\..*' | grep -E '^Topic:' || true
