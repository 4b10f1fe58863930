package org.mailplatform.pop3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.mailplatform.model.Topics;
import org.mailplatform.pop3.support.Pop3Connection;
import org.mailplatform.pop3.support.Users;
import org.mailplatform.teststack.TestStack;

/** Behaviour that needs timing, sizes, other addresses or the event stream: beyond what transcripts show. */
class SessionBehaviourTest extends Pop3ServiceTestBase {

    @Test
    void unreachableDirectoryAnswersSysTempAndDoesNotCountAsFailure() throws Exception {
        Users.TestUser user = users().create("Subject: a\r\n\r\nx\r\n");
        try (Pop3Connection c = new Pop3Connection("127.0.0.1", port())) {
            directory.unavailable(true);
            for (int i = 0; i < 4; i++) {
                assertThat(c.login(user.login(), Users.PASSWORD)).startsWith("-ERR [SYS/TEMP]");
            }
            directory.unavailable(false);
            assertThat(c.login(user.login(), Users.PASSWORD)).startsWith("+OK maildrop has 1 messages");
        } finally {
            directory.unavailable(false);
        }
    }

    @Test
    void bigMessageStreamsIntactWithDotsAcrossChunkBoundaries() throws Exception {
        StringBuilder body = new StringBuilder("Subject: big\r\n\r\n");
        int i = 0;
        while (body.length() < 3 * 1024 * 1024) {
            body.append(i % 7 == 0 ? "." : "").append("line ").append(i++).append(" ").append("x".repeat(i % 90)).append("\r\n");
        }
        String message = body.toString();
        Users.TestUser user = users().create(message);
        try (Pop3Connection c = new Pop3Connection("127.0.0.1", port())) {
            assertThat(c.login(user.login(), Users.PASSWORD)).startsWith("+OK");
            assertThat(c.command("RETR 1")).isEqualTo("+OK " + message.length() + " octets");
            String received = new String(c.multiLineBytes(), StandardCharsets.US_ASCII);
            assertThat(received.replace("\r\n..", "\r\n.")).isEqualTo(message);
            assertThat(c.command("NOOP")).isEqualTo("+OK");
        }
    }

    @Test
    void retrieveAllServesEveryMessageExactlyThroughReadAhead() throws Exception {
        String[] messages = new String[20];
        for (int i = 0; i < messages.length; i++) {
            messages[i] = "Subject: m" + i + "\r\n\r\n" + ".line\r\n".repeat(i) + "end " + i + "\r\n";
        }
        Users.TestUser user = users().create(messages);
        try (Pop3Connection c = new Pop3Connection("127.0.0.1", port())) {
            assertThat(c.login(user.login(), Users.PASSWORD)).startsWith("+OK maildrop has 20 messages");
            assertThat(c.command("RETR 1")).startsWith("+OK");
            c.multiLineBytes();
            assertThat(c.command("DELE 2")).startsWith("+OK");
            for (int n = 3; n <= 20; n++) {
                assertThat(c.command("RETR " + n)).isEqualTo("+OK " + messages[n - 1].length() + " octets");
                String body = new String(c.multiLineBytes(), StandardCharsets.US_ASCII);
                assertThat(body.replace("\r\n..", "\r\n.")).isEqualTo(messages[n - 1]);
            }
            assertThat(c.command("RETR 2")).isEqualTo("-ERR Message 2 is deleted");
            assertThat(c.command("QUIT")).isEqualTo("+OK Bye (1 messages deleted)");
        }
    }

    @Test
    void aRetrieveAllAndDeleteOfAMaildropLargerThanTheCommandRateIsNotCutOff() throws Exception {
        int count = COMMANDS_PER_MINUTE; // LIST, RETR and DELE of each: three times the rate
        String[] messages = new String[count];
        for (int i = 0; i < count; i++) {
            messages[i] = "Subject: m" + i + "\r\n\r\nbody " + i + "\r\n";
        }
        Users.TestUser user = users().create(messages);
        try (Pop3Connection c = new Pop3Connection("127.0.0.1", port())) {
            assertThat(c.login(user.login(), Users.PASSWORD)).startsWith("+OK maildrop has " + count + " messages");
            for (int n = 1; n <= count; n++) {
                assertThat(c.command("LIST " + n)).startsWith("+OK " + n + " ");
                assertThat(c.command("RETR " + n)).startsWith("+OK");
                c.multiLineBytes();
                assertThat(c.command("DELE " + n)).startsWith("+OK");
            }
            assertThat(c.command("QUIT")).isEqualTo("+OK Bye (" + count + " messages deleted)");
        }
        assertThat(store.uids(user.principal(), "INBOX")).isEmpty();
    }

    @Test
    void commandsBeyondTheRateAndTheMaildropsShareAreStillRefused() throws Exception {
        Users.TestUser user = users().create("Subject: a\r\n\r\nx\r\n");
        long start = System.nanoTime();
        try (Pop3Connection c = new Pop3Connection("127.0.0.1", port())) {
            c.login(user.login(), Users.PASSWORD); // USER and PASS: two of the rate
            int allowed = COMMANDS_PER_MINUTE - 2 + 3; // the rest of the rate and the one message's share
            int answered = 0;
            String last;
            while ((last = c.command("NOOP")).equals("+OK") && answered < allowed + 50) {
                answered++;
            }
            // the bucket refills continuously: one more command per 60 s / rate that passed
            long refilled = (System.nanoTime() - start) * COMMANDS_PER_MINUTE / 60_000_000_000L;
            assertThat(last).isEqualTo("-ERR [SYS/TEMP] Too many commands");
            assertThat(answered).isBetween(allowed, allowed + (int) refilled);
        }
    }

    @Test
    void deletionsArePublishedToMailboxChangesForImap() throws Exception {
        Users.TestUser user = users().create("Subject: a\r\n\r\nx\r\n", "Subject: b\r\n\r\ny\r\n");
        try (KafkaConsumer<String, byte[]> consumer = consumer()) {
            TopicPartition partition = new TopicPartition(Topics.MAILBOX_CHANGES, 0);
            consumer.assign(List.of(partition));
            consumer.seekToEnd(List.of(partition));
            consumer.position(partition);
            try (Pop3Connection c = new Pop3Connection("127.0.0.1", port())) {
                c.login(user.login(), Users.PASSWORD);
                c.command("DELE 2");
                assertThat(c.command("QUIT")).startsWith("+OK Bye (1 messages deleted)");
            }
            String expunged = null;
            long deadline = System.currentTimeMillis() + 15_000;
            while (expunged == null && System.currentTimeMillis() < deadline) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                    String json = new String(r.value(), StandardCharsets.UTF_8);
                    if (json.contains(user.principal().userId()) && json.contains("MESSAGES_EXPUNGED")) {
                        expunged = json;
                    }
                }
            }
            assertThat(expunged).as("MESSAGES_EXPUNGED event").isNotNull()
                    .contains(Long.toString(user.messages().get(1).uid()));
        }
        assertThat(store.uids(user.principal(), "INBOX")).containsExactly(user.messages().get(0).uid());
    }

    @Test
    void plaintextLoginIsRefusedFromANonLoopbackAddressWithoutTls() throws Exception {
        Optional<InetAddress> external = nonLoopbackAddress();
        assumeThat(external).as("this machine has a non-loopback IPv4 address to connect from").isPresent();
        Users.TestUser user = users().create("Subject: a\r\n\r\nx\r\n");
        try (Pop3Connection c = new Pop3Connection(external.get().getHostAddress(), port())) {
            c.send("CAPA");
            assertThat(c.readLine()).startsWith("+OK");
            List<String> capabilities = c.multiLine();
            assertThat(capabilities).contains("STLS").doesNotContain("USER", "SASL PLAIN");
            assertThat(c.command("USER " + user.login())).startsWith("-ERR [AUTH] Plaintext authentication");
            assertThat(c.command("AUTH PLAIN")).startsWith("-ERR [AUTH] Plaintext authentication");
        }
    }

    @Test
    void aClientPipeliningAfterQuitReadsTheLastResponseAndThenTheEnd() throws Exception {
        // without the lingering close the unread NOOPs make the close a TCP reset, which can lose +OK Bye
        for (int attempt = 0; attempt < 3; attempt++) {
            assertThat(pipelined("QUIT\r\n")).isEqualTo("+OK Bye\r\n");
        }
    }

    @Test
    void aClientPipeliningPastTheBadCommandLimitReadsTheLastResponse() throws Exception {
        // max-bad-commands=6 in the test base: the sixth ends the session, the rest is still on its way
        String answers = pipelined("XYZZY\r\n".repeat(6));
        assertThat(List.of(answers.split("\r\n"))).hasSize(6).last().isEqualTo("-ERR Too many invalid commands");
    }

    /**
     * Sends {@code first} and a megabyte of NOOPs behind it in one go, then reads to the end of the
     * stream: what the server answered after its greeting. A reset fails the write or the read.
     */
    private String pipelined(String first) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port())) {
            socket.setSoTimeout(20_000);
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream got = new ByteArrayOutputStream();
            int b;
            while ((b = in.read()) != '\n') { // the greeting
                assertThat(b).isNotNegative();
            }
            OutputStream out = socket.getOutputStream();
            out.write((first + "NOOP\r\n".repeat(1024 * 1024 / 6)).getBytes(StandardCharsets.US_ASCII));
            out.flush();
            in.transferTo(got);
            return got.toString(StandardCharsets.US_ASCII);
        }
    }

    private static Optional<InetAddress> nonLoopbackAddress() throws IOException {
        List<InetAddress> found = new ArrayList<>();
        for (NetworkInterface nic : NetworkInterface.networkInterfaces().toList()) {
            if (nic.isUp() && !nic.isLoopback()) {
                nic.inetAddresses().filter(a -> a instanceof Inet4Address && !a.isLinkLocalAddress()).forEach(found::add);
            }
        }
        return found.stream().findFirst();
    }

    private static KafkaConsumer<String, byte[]> consumer() {
        return new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, TestStack.endpoints().kafkaBootstrapServers(),
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false"),
                new StringDeserializer(), new ByteArrayDeserializer());
    }
}
