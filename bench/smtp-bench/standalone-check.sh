#!/bin/bash
# The "done when" check of issue 5, by hand through the real tools, repeatable:
#   1. bin/standalone on a fresh data directory,
#   2. bin/mailctl creates a domain and a user,
#   3. swaks sends a message to the MX port (2525); it is read back over POP3 (curl),
#   4. swaks submits a message with STARTTLS + AUTH on the submission port (2587) to a remote
#      address; its record must be on mail.outbound (read from the topic's beginning with
#      TopicGrep), and the outbound attempt must end on mail.retry ('mailctl queue list retry') or,
#      where the domain does not exist (NXDOMAIN), in a DSN back to the sender.
# Prints PASS or FAIL per step and exits non-zero on the first failure.
#
#   bench/smtp-bench/standalone-check.sh
#
# Environment: DATA_DIR (/tmp/x5, wiped), HTTP_PORT (8080), SMTP_PORT (2525), SUBMISSION_PORT (2587),
# SMTPS_PORT (2465), IMAP_PORT (2143), IMAPS_PORT (2993), POP3_PORT (2110), POP3S_PORT (2995).
# PREBUILT=1 runs the existing executable jars of standalone and mailctl with java -jar instead of
# bin/standalone and bin/mailctl, which rebuild them first whenever any source in the work tree is
# newer (on a work tree shared by several engineers, that is almost always).
# Needs swaks and curl (apt-get install -y swaks curl) and a JDK 21+. Skips (exit 0) without swaks.
set -euo pipefail
cd "$(dirname "$0")/../.."
DATA_DIR=${DATA_DIR:-/tmp/x5}
HTTP_PORT=${HTTP_PORT:-8080}; SMTP_PORT=${SMTP_PORT:-2525}; SUBMISSION_PORT=${SUBMISSION_PORT:-2587}
SMTPS_PORT=${SMTPS_PORT:-2465}; IMAP_PORT=${IMAP_PORT:-2143}; IMAPS_PORT=${IMAPS_PORT:-2993}
POP3_PORT=${POP3_PORT:-2110}; POP3S_PORT=${POP3S_PORT:-2995}
USER_ADDRESS=alice@example.test; USER_PASSWORD='S3cret-pass-x5'; REMOTE=someone@remote.invalid
TOKEN="x5-check-$(date +%s)-$$"

command -v swaks >/dev/null || { echo "SKIP: swaks is not installed (apt-get install -y swaks)"; exit 0; }
pass() { echo "PASS: $*"; }
fail() { echo "FAIL: $*"; exit 1; }
# waits up to $1 seconds for the command in the remaining arguments to succeed
within() { local deadline=$((SECONDS + $1)); shift; until "$@"; do [ $SECONDS -lt $deadline ] || return 1; sleep 1; done; }

. bin/lib/java.sh
find_java
[ -f bench/smtp-bench/target/classpath.txt ] || ./mvnw -B -ntp -q package -pl bench/bench-support,bench/smtp-bench -DskipTests
if [ "${PREBUILT:-0}" = 1 ]; then
    standalone() { exec "$JAVA" --enable-native-access=ALL-UNNAMED -XX:+UseG1GC -jar standalone/target/standalone-0.1.0-SNAPSHOT-exec.jar "$@"; }
    mailctl_bin() { "$JAVA" -jar mailctl/target/mailctl-0.1.0-SNAPSHOT-exec.jar "$@"; }
else
    standalone() { exec bin/standalone "$@"; }
    mailctl_bin() { bin/mailctl "$@"; }
fi
# standalone is only started in the background: exec turns that subshell into the JVM, so $! is its pid

rm -rf "$DATA_DIR" "$DATA_DIR".*.log; mkdir -p "$DATA_DIR"; : > "$DATA_DIR.log"
standalone --data-dir "$DATA_DIR" --http-port "$HTTP_PORT" --smtp-port "$SMTP_PORT" \
    --submission-port "$SUBMISSION_PORT" --smtps-port "$SMTPS_PORT" --imap-port "$IMAP_PORT" \
    --imaps-port "$IMAPS_PORT" --pop3-port "$POP3_PORT" --pop3s-port "$POP3S_PORT" > "$DATA_DIR.log" 2>&1 &
PLATFORM=$!
trap 'kill "$PLATFORM" 2>/dev/null || true; wait "$PLATFORM" 2>/dev/null || true' EXIT
within 600 grep -q "mail platform is up" "$DATA_DIR.log" || { tail -40 "$DATA_DIR.log"; fail "standalone did not start"; }
pass "standalone up: $(grep -o 'mail platform is up in [0-9]* ms' "$DATA_DIR.log")"

export MAIL_ADMIN_PASSWORD; MAIL_ADMIN_PASSWORD=$(cat "$DATA_DIR/admin-password")
mailctl() { mailctl_bin --url "http://127.0.0.1:$HTTP_PORT" "$@"; }
mailctl domain add example.test >/dev/null && mailctl user add "$USER_ADDRESS" --password "$USER_PASSWORD" >/dev/null \
    || fail "mailctl could not create the domain and user"
pass "mailctl created $USER_ADDRESS"

swaks --server "127.0.0.1:$SMTP_PORT" --from bob@remote.test --to "$USER_ADDRESS" \
    --header "Subject: issue 5 check" --body "MX body $TOKEN" > "$DATA_DIR.swaks-mx.log" 2>&1 \
    || { cat "$DATA_DIR.swaks-mx.log"; fail "swaks to the MX port was refused"; }
grep -q '250 2.0.0 Ok: queued as' "$DATA_DIR.swaks-mx.log" || fail "no 250 after DATA on the MX port"
pass "MX port: $(grep -o '250 2.0.0 Ok: queued as [A-Z0-9]*' "$DATA_DIR.swaks-mx.log")"

pop3_has_token() { curl -s --max-time 10 --url "pop3://127.0.0.1:$POP3_PORT/1" --user "$USER_ADDRESS:$USER_PASSWORD" | grep -q "MX body $TOKEN"; }
within 60 pop3_has_token || fail "the message did not arrive in $USER_ADDRESS's mailbox (POP3 RETR 1)"
pass "read back over POP3: $(curl -s --url "pop3://127.0.0.1:$POP3_PORT/1" --user "$USER_ADDRESS:$USER_PASSWORD" | grep -E '^(Subject|Received: from)' | tr -d '\r' | head -2 | paste -sd' ')"

swaks --server "127.0.0.1:$SUBMISSION_PORT" -tls --auth PLAIN --auth-user "$USER_ADDRESS" --auth-password "$USER_PASSWORD" \
    --from "$USER_ADDRESS" --to "$REMOTE" --header "Subject: issue 5 outbound $TOKEN" --body "outbound body" \
    > "$DATA_DIR.swaks-submission.log" 2>&1 || { cat "$DATA_DIR.swaks-submission.log"; fail "swaks submission was refused"; }
QUEUE_ID=$(grep -o '250 2.0.0 Ok: queued as [A-Z0-9]*' "$DATA_DIR.swaks-submission.log" | awk '{print $NF}')
[ -n "$QUEUE_ID" ] || fail "no 250 after DATA on submission"
pass "submission with STARTTLS + AUTH PLAIN: queued as $QUEUE_ID"

# The record on mail.outbound is the proof that the message was queued for outbound delivery. It
# stays in the topic after the outbound stage consumed it, so read the topic from its beginning.
# Where the remote domain does not resolve at all (NXDOMAIN, as on a machine without Internet),
# the stage then bounces at once (5.1.2, DSN to the sender); where DNS fails temporarily, the
# message waits on mail.retry ('mailctl queue list retry').
BOOTSTRAP=$(grep -o 'kafkaBootstrapServers=[^,]*' "$DATA_DIR.log" | head -1 | cut -d= -f2)
BENCH_CP="bench/smtp-bench/target/classes:$(cat bench/smtp-bench/target/classpath.txt)"
on_outbound_topic() { "$JAVA" -cp "$BENCH_CP" org.mailplatform.bench.smtp.TopicGrep "$BOOTSTRAP" "$QUEUE_ID" mail.outbound > "$DATA_DIR.outbound.log" 2>/dev/null; }
within 60 on_outbound_topic || { mailctl queue status || true; fail "no mail.outbound record for $QUEUE_ID"; }
pass "queued for outbound: $(grep -o '^mail.outbound[^ ]* key=[^ ]*' "$DATA_DIR.outbound.log" | head -1), recipients $(grep -o '"address":"[^"]*"' "$DATA_DIR.outbound.log" | sort -u | paste -sd' ')"

retried_or_bounced() {
    if mailctl -o json queue list retry 2>/dev/null | grep -q "$REMOTE"; then
        echo "waiting on mail.retry: $(mailctl queue list retry | grep "$REMOTE" | head -1 | tr -s ' ')"
    elif curl -s --max-time 10 --url "pop3://127.0.0.1:$POP3_PORT/2" --user "$USER_ADDRESS:$USER_PASSWORD" | grep -q "$REMOTE"; then
        echo "bounced (remote domain does not resolve here): DSN in $USER_ADDRESS's mailbox, $(curl -s --url "pop3://127.0.0.1:$POP3_PORT/2" --user "$USER_ADDRESS:$USER_PASSWORD" | grep -E '^(Status|Diagnostic-Code):' | tr -d '\r' | paste -sd' ')"
    else
        return 1
    fi
}
OUTCOME=$(within 60 retried_or_bounced) || fail "the outbound message neither waits on mail.retry nor bounced"
pass "outbound attempt: $OUTCOME"
mailctl queue status
