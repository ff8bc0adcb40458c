#!/usr/bin/env bash
# The gateway benchmark: bin/orbitlend bench SCENARIO [options] (see bench/README.md).
# Starts a fresh Kafka (local-kafka) on a bench port, a fresh PostgreSQL database, the packaged gateway jar
# (and for `rest` kyc-service + loan-service), runs the Node load generator (bench/run.js), and stops every
# process it started, also on failure or Ctrl-C. Never uses the local stack's ports (8080-8083, 9092).
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BENCH="$ROOT/bench"
PG_HOST=${ORBITLEND_PG_HOST:-127.0.0.1}
PG_PORT=${ORBITLEND_PG_PORT:-5432}
DB_USER=orbitlend
DB_PASSWORD=orbitlend   # development only
ISSUER=https://bench.orbitlend.local
AUDIENCE=orbitlend-bench
ADMIN_PASSWORD=bench-admin-password
# partitions of orbitlend.notifications: the contract does not fix a count; every broker of the project
# (local-kafka, test-kit's KafkaTestBroker) auto-creates topics with num.partitions=3, so the bench uses 3
PARTITIONS=3

step() { printf '\033[1;34m==>\033[0m %s\n' "$*"; }
fail() { printf '\033[1;31merror:\033[0m %s\n' "$*" >&2; exit 1; }
port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

SCENARIO=${1:-}
case $SCENARIO in
  broadcast|mixed|idle|rest|smoke|failover) shift ;;
  *) sed -n '/^## Usage/,/^## Report/p' "$BENCH/README.md" | sed '$d'; exit 2 ;;
esac
ARGS=("$@")
GATEWAY_JAR="$ROOT/notification-gateway/target/quarkus-app/quarkus-run.jar"
PORT_BASE=""
JVM_OPTS=""
RESULTS_DIR="$BENCH/results"
while [[ $# -gt 0 ]]; do
  case $1 in
    --gateway-jar) GATEWAY_JAR=$(realpath "$2"); shift 2 ;;
    --port-base) PORT_BASE=$2; shift 2 ;;
    --gateway-jvm-opts) JVM_OPTS=$2; shift 2 ;;
    --results-dir) mkdir -p "$2"; RESULTS_DIR=$(realpath "$2"); shift 2 ;;
    *) shift ;;
  esac
done
# the gateway's JVM as its container image runs it (notification-gateway/src/main/docker/Dockerfile.jvm): G1, a heap
# of 75 % of the 1 GiB limit deploy/k8s gives the gateway (explicit here: this machine has no such limit), and heap
# free ratios that give memory back after a GC
GATEWAY_JVM_OPTS_DEPLOYED="-Xmx768m -XX:+UseG1GC -XX:MinHeapFreeRatio=10 -XX:MaxHeapFreeRatio=20"
if [[ -z $JVM_OPTS ]]; then
  if [[ $SCENARIO == smoke ]]; then JVM_OPTS="-Xmx512m"; else JVM_OPTS=$GATEWAY_JVM_OPTS_DEPLOYED; fi
fi

[[ -f $GATEWAY_JAR ]] || fail "$GATEWAY_JAR missing: build first (./mvnw -B -q -DskipTests package)"
KAFKA_CP="$ROOT/local-kafka/target/kafka.classpath"
[[ -f $KAFKA_CP ]] || fail "$KAFKA_CP missing: build first (./mvnw -B -q -DskipTests package)"
if [[ $SCENARIO == rest ]]; then
  for svc in kyc-service loan-service; do
    [[ -f $ROOT/$svc/target/quarkus-app/quarkus-run.jar ]] || fail "$svc jar missing: build first (./mvnw -B -q -DskipTests package)"
  done
fi
command -v node >/dev/null || fail "node (20+) is required"
if [[ ! -d $BENCH/node_modules/kafkajs || ! -d $BENCH/node_modules/ws ]]; then
  step "npm ci in bench/"
  (cd "$BENCH" && npm ci --no-audit --no-fund --loglevel=error) || fail "npm ci failed"
fi

ports_free() { local b=$1; ! port_open "$b" && ! port_open $((b + 1)) && ! port_open $((b + 2)) \
  && ! port_open $((b + 3)) && ! port_open $((b + 1012)) && ! port_open $((b + 1013)); }
if [[ -z $PORT_BASE ]]; then
  if [[ $SCENARIO == smoke ]]; then first=28180; else first=18180; fi
  for cand in $(seq "$first" 100 $((first + 900))); do
    if ports_free "$cand"; then PORT_BASE=$cand; break; fi
  done
  [[ -n $PORT_BASE ]] || fail "no free bench ports from $first on"
else
  ports_free "$PORT_BASE" || fail "a bench port ($PORT_BASE..$((PORT_BASE + 2)), $((PORT_BASE + 1012))..$((PORT_BASE + 1013))) is taken"
fi
GATEWAY_PORT=$PORT_BASE
LOAN_PORT=$((PORT_BASE + 1))
KYC_PORT=$((PORT_BASE + 2))
GATEWAY_B_PORT=$((PORT_BASE + 3))   # failover: the replica that is killed
KAFKA_PORT=$((PORT_BASE + 1012))   # controller: +1013
if [[ $SCENARIO == smoke ]]; then DB_PREFIX="orbitlend_bench_smoke_$PORT_BASE"; else DB_PREFIX="orbitlend_bench"; fi

WORK="$ROOT/.local/bench/$SCENARIO-$PORT_BASE"
LOGS="$WORK/logs"
KEYS="$ROOT/.local/bench/keys"
PIDS=()

cleanup() {
  local rc=$?
  trap - EXIT INT TERM
  local pid
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${PIDS[@]}"; do
    for _ in $(seq 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
    kill -9 "$pid" 2>/dev/null || true
  done
  [[ ${#PIDS[@]} -gt 0 ]] && echo "bench: stopped ${#PIDS[@]} process(es) it started; logs in ${LOGS#$ROOT/}"
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

psql_admin() {
  if psql -h "$PG_HOST" -p "$PG_PORT" -U postgres -d postgres -tAc 'select 1' >/dev/null 2>&1; then
    psql -h "$PG_HOST" -p "$PG_PORT" -U postgres -d postgres -v ON_ERROR_STOP=1 -tA "$@"
  else
    su postgres -c "psql -d postgres -v ON_ERROR_STOP=1 -tA $(printf '%q ' "$@")"
  fi
}

fresh_db() {
  psql_admin -c "DROP DATABASE IF EXISTS $1 WITH (FORCE)" >/dev/null
  psql_admin -c "CREATE DATABASE $1 OWNER $DB_USER" >/dev/null
}

# --- PostgreSQL: running, role, fresh databases
if ! port_open "$PG_PORT"; then
  step "Starting PostgreSQL"
  command -v pg_ctlcluster >/dev/null || fail "PostgreSQL is not running on $PG_HOST:$PG_PORT"
  pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | sort -V | tail -1)" main start
  for _ in $(seq 50); do port_open "$PG_PORT" && break; sleep 0.2; done
fi
psql_admin -c "DO \$\$BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '$DB_USER') THEN
               CREATE ROLE $DB_USER LOGIN PASSWORD '$DB_PASSWORD'; END IF; END\$\$;" >/dev/null
step "Fresh database(s) $DB_PREFIX on $PG_HOST:$PG_PORT"
fresh_db "$DB_PREFIX"
if [[ $SCENARIO == rest ]]; then fresh_db "${DB_PREFIX}_kyc"; fresh_db "${DB_PREFIX}_loan"; fi

# --- signing key of the bench (the generator signs its own tokens; the services verify with the PEM)
mkdir -p "$KEYS"
if [[ ! -f $KEYS/bench-private.pem ]]; then
  openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$KEYS/bench-private.pem" 2>/dev/null
  chmod 600 "$KEYS/bench-private.pem"
fi
openssl pkey -in "$KEYS/bench-private.pem" -pubout -out "$KEYS/bench-public.pem" 2>/dev/null

# --- Kafka: fresh data dir
rm -rf "$WORK"
mkdir -p "$LOGS"
step "Kafka (local-kafka, fresh data) on 127.0.0.1:$KAFKA_PORT"
java -Xmx512m -cp "$(cat "$KAFKA_CP"):$ROOT/local-kafka/target/classes" com.orbitlend.localkafka.LocalKafka \
  --data-dir "$WORK/kafka" --port "$KAFKA_PORT" --controller-port $((KAFKA_PORT + 1)) >"$LOGS/kafka.log" 2>&1 &
KAFKA_PID=$!
PIDS+=("$KAFKA_PID")
for _ in $(seq 300); do
  port_open "$KAFKA_PORT" && break
  kill -0 "$KAFKA_PID" 2>/dev/null || fail "Kafka exited; see $LOGS/kafka.log"
  sleep 0.2
done
port_open "$KAFKA_PORT" || fail "Kafka did not start within 60 s"
node "$BENCH/lib/topics.js" "127.0.0.1:$KAFKA_PORT" "$PARTITIONS"

start_jar() { # name jar port db [env...]
  local name=$1 jar=$2 port=$3 db=$4; shift 4
  env QUARKUS_HTTP_PORT="$port" \
    QUARKUS_DATASOURCE_JDBC_URL="jdbc:postgresql://$PG_HOST:$PG_PORT/$db" \
    QUARKUS_DATASOURCE_USERNAME=$DB_USER QUARKUS_DATASOURCE_PASSWORD=$DB_PASSWORD \
    KAFKA_BOOTSTRAP_SERVERS="127.0.0.1:$KAFKA_PORT" \
    MP_JWT_VERIFY_PUBLICKEY_LOCATION="$KEYS/bench-public.pem" MP_JWT_VERIFY_ISSUER=$ISSUER MP_JWT_VERIFY_AUDIENCES=$AUDIENCE \
    ORBITLEND_SERVICE="$name" "$@" \
    java $JVM_OPTS_FOR -jar "$jar" >"$LOGS/$name.log" 2>&1 &
  LAST_PID=$!
  PIDS+=("$LAST_PID")
}

await_ready() { # name port pid
  for _ in $(seq 900); do
    curl -fs "http://127.0.0.1:$2/q/health/ready" >/dev/null 2>&1 && return
    kill -0 "$3" 2>/dev/null || fail "$1 exited; see $LOGS/$1.log"
    sleep 0.2
  done
  fail "$1 not ready within 180 s; see $LOGS/$1.log"
}

step "notification-gateway ($GATEWAY_JAR, $JVM_OPTS) on http://127.0.0.1:$GATEWAY_PORT"
JVM_OPTS_FOR=$JVM_OPTS
# every session comes from this one address: lift the per-address connection limit (10,000 by default)
start_jar notification-gateway "$GATEWAY_JAR" "$GATEWAY_PORT" "$DB_PREFIX" ORBITLEND_GATEWAY_LIMITS_CONNECTIONS_PER_ADDRESS=1000000
GATEWAY_PID=$LAST_PID
GATEWAY_B_PID=""
if [[ $SCENARIO == failover ]]; then
  step "notification-gateway replica B (killed during the run) on http://127.0.0.1:$GATEWAY_B_PORT"
  start_jar notification-gateway-b "$GATEWAY_JAR" "$GATEWAY_B_PORT" "$DB_PREFIX" ORBITLEND_GATEWAY_LIMITS_CONNECTIONS_PER_ADDRESS=1000000
  GATEWAY_B_PID=$LAST_PID
fi
KYC_PID=""; LOAN_PID=""
if [[ $SCENARIO == rest ]]; then
  JVM_OPTS_FOR="-Xmx384m"
  step "kyc-service on :$KYC_PORT and loan-service on :$LOAN_PORT"
  start_jar kyc-service "$ROOT/kyc-service/target/quarkus-app/quarkus-run.jar" "$KYC_PORT" "${DB_PREFIX}_kyc" \
    SMALLRYE_JWT_SIGN_KEY_LOCATION="$KEYS/bench-private.pem" ORBITLEND_KYC_INITIAL_ADMIN_PASSWORD="$ADMIN_PASSWORD" \
    ORBITLEND_KYC_REGISTRATION_LIMIT_MAX_PER_ADDRESS=1000000 ORBITLEND_KYC_REGISTRATION_LIMIT_MAX_OVERALL=1000000 \
    ORBITLEND_KYC_LOGIN_LIMIT_PER_ADDRESS_FREE_FAILURES=1000000
  KYC_PID=$LAST_PID
  start_jar loan-service "$ROOT/loan-service/target/quarkus-app/quarkus-run.jar" "$LOAN_PORT" "${DB_PREFIX}_loan"
  LOAN_PID=$LAST_PID
fi
await_ready notification-gateway "$GATEWAY_PORT" "$GATEWAY_PID"
[[ -n $GATEWAY_B_PID ]] && await_ready notification-gateway-b "$GATEWAY_B_PORT" "$GATEWAY_B_PID"
if [[ $SCENARIO == rest ]]; then
  await_ready kyc-service "$KYC_PORT" "$KYC_PID"
  await_ready loan-service "$LOAN_PORT" "$LOAN_PID"
fi

# the commit of the tree the gateway jar was built in (it may be another worktree's jar), with the jar's time
JAR_TREE=$(dirname "$GATEWAY_JAR")
COMMIT=$(git -C "$JAR_TREE" rev-parse --short HEAD 2>/dev/null || echo unknown)
[[ -n $(git -C "$JAR_TREE" status --porcelain --untracked-files=no 2>/dev/null) ]] && COMMIT="$COMMIT+uncommitted changes"
COMMIT="$COMMIT in $(git -C "$JAR_TREE" rev-parse --show-toplevel 2>/dev/null || echo '?'), jar built $(date -u -r "$GATEWAY_JAR" +%FT%TZ)"
step "Load generator: node bench/run.js $SCENARIO ${ARGS[*]}"
set +e
(cd "$ROOT" && env GATEWAY_WS_URL="ws://127.0.0.1:$GATEWAY_PORT/ws" GATEWAY_PID="$GATEWAY_PID" GATEWAY_JAR="$GATEWAY_JAR" \
  GATEWAY_JVM_OPTS="$JVM_OPTS" KAFKA_BOOTSTRAP_SERVERS="127.0.0.1:$KAFKA_PORT" KAFKA_PID="$KAFKA_PID" \
  BENCH_PRIVATE_KEY="$KEYS/bench-private.pem" BENCH_ISSUER="$ISSUER" BENCH_AUDIENCE="$AUDIENCE" BENCH_RESULTS_DIR="$RESULTS_DIR" \
  BENCH_GIT_COMMIT="$COMMIT" BENCH_PARTITIONS="$PARTITIONS" BENCH_ADMIN_PASSWORD="$ADMIN_PASSWORD" \
  KYC_URL="http://127.0.0.1:$KYC_PORT" LOAN_URL="http://127.0.0.1:$LOAN_PORT" KYC_PID="$KYC_PID" LOAN_PID="$LOAN_PID" \
  GATEWAY_B_WS_URL="ws://127.0.0.1:$GATEWAY_B_PORT/ws" GATEWAY_B_PID="$GATEWAY_B_PID" \
  GATEWAY_HEALTH_URL="http://127.0.0.1:$GATEWAY_PORT/q/health" \
  KAFKAJS_NO_PARTITIONER_WARNING=1 \
  node "$BENCH/run.js" "$SCENARIO" "${ARGS[@]}") &
NODE_PID=$!
PIDS=("$NODE_PID" "${PIDS[@]}")   # stopped first if a signal ends the run (its workers exit with it)
wait "$NODE_PID"
RC=$?
set -e
if ! kill -0 "$GATEWAY_PID" 2>/dev/null; then echo "bench: the gateway died during the run; see $LOGS/notification-gateway.log" >&2; [[ $RC == 0 ]] && RC=4; fi
exit "$RC"
