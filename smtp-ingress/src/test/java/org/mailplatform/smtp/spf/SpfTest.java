package org.mailplatform.smtp.spf;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.mailplatform.embedded.BackendEndpoints;
import org.mailplatform.smtp.support.SmtpFixture;
import org.mailplatform.smtp.support.Transcript;
import org.mailplatform.teststack.StaticDnsResolver;
import org.mailplatform.teststack.WithTestStack;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Name;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.Type;

/**
 * SPF on the MX listener against a real server (real Kafka and S3) whose DNS is a zone in memory:
 * the transcripts of {@code src/test/resources/spf} from 127.0.0.x client addresses, the stored
 * message's first header lines, the counters. {@code smtp} has the default policy (tag every
 * result); {@code strict} refuses fail and permerror and defers temperror. Only 127.0.0.8 is exempt.
 */
@WithTestStack
class SpfTest {

    static final StaticDnsResolver DNS = new StaticDnsResolver();
    static SmtpFixture smtp;
    static SmtpFixture strict;

    @BeforeAll
    static void start(BackendEndpoints stack) throws Exception {
        spf("pass.example.", "v=spf1 ip4:127.0.0.0/8 -all");
        spf("fail.example.", "v=spf1 ip4:192.0.2.1 -all exp=why.fail.example");
        spf("why.fail.example.", "%{d} does not authorize %{i}\r\nX-Injected: yes");
        spf("softfail.example.", "v=spf1 ip4:192.0.2.1 ~all");
        spf("neutral.example.", "v=spf1 ?all");
        spf("permerror.example.", "v=spf1 -all");
        spf("permerror.example.", "v=spf1 +all"); // two SPF records: permerror (RFC 7208 4.5)
        DNS.silent(Name.fromString("temperror.example."));
        spf("helo.example.", "v=spf1 ip4:127.0.0.0/8 -all");
        // none.example has no record at all (NXDOMAIN)
        Map<String, String> common = Map.of(
                "mail.smtp.client-checks.exempt-networks", "127.0.0.8/32",
                "mail.smtp.client-checks.dns-timeout", "500ms");
        smtp = new SmtpFixture(stack, common, DNS);
        strict = new SmtpFixture(stack, with(common, Map.of(
                "mail.smtp.spf.fail-action", "reject",
                "mail.smtp.spf.temperror-action", "defer",
                "mail.smtp.spf.permerror-action", "reject")), DNS);
    }

    @AfterAll
    static void stop() {
        smtp.close();
        strict.close();
    }

    @Test
    void aPassIsWrittenAboveThisHopsReceivedHeader() throws Exception {
        queued(smtp, "127.0.0.21", "alice@pass.example", "client.example.org");
        assertThat(smtp.queuedTraceFields()).startsWith("Received-SPF: pass (mx.test.example: domain of alice@pass.example designates"
                + " 127.0.0.21 as permitted sender)\r\n\tclient-ip=127.0.0.21; envelope-from=\"alice@pass.example\";"
                + " helo=client.example.org; receiver=mx.test.example; identity=mailfrom\r\n"
                + "Received: from client.example.org (unknown [127.0.0.21])");
        assertThat(count(smtp, "mail.smtp.spf", "result", "pass")).isEqualTo(1);
    }

    @ParameterizedTest
    @CsvSource({
            "bob@fail.example, fail",
            "bob@softfail.example, softfail",
            "bob@neutral.example, neutral",
            "bob@none.example, none",
            "bob@permerror.example, permerror",
            "bob@temperror.example, temperror"})
    void byDefaultEveryResultIsOnlyTagged(String sender, String result) throws Exception {
        double before = count(smtp, "mail.smtp.spf", "result", result);
        queued(smtp, "127.0.0.22", sender, "client.example.org");
        String headers = smtp.queuedTraceFields();
        assertThat(headers).startsWith("Received-SPF: " + result + " (mx.test.example: ");
        assertThat(headers.substring(headers.indexOf("\r\nReceived: ") + 2)).startsWith("Received: from client.example.org");
        assertThat(count(smtp, "mail.smtp.spf", "result", result)).isEqualTo(before + 1);
    }

    @Test
    void theFirstBdatChunkWaitsForASlowVerdictSoTheHeaderIsInFront() throws Exception {
        // temperror.example never answers: the verdict comes after the DNS timeout, while the chunk waits
        Transcript.run(transcript("queued-bdat.txt"), smtp::port, ip("127.0.0.30"), Map.of("sender", "bob@temperror.example"));
        assertThat(smtp.queuedTraceFields()).startsWith("Received-SPF: temperror (mx.test.example: ");
    }

    @Test
    void withFailRejectedEveryRecipientGets550WithTheDomainsExplanationAndNothingIsQueued() throws Exception {
        // dnsjava hands the CR LF of the explanation over escaped (\013\010); SpfPolicyTest checks raw controls
        refused("bob@fail.example", "550 5.7.23 SPF validation failed: fail.example does not authorize 127.0.0.23\\013\\010X-Injected: yes");
        assertThat(strict.records(1, Duration.ofSeconds(2))).isEmpty();
        assertThat(count(strict, "mail.smtp.rejected", "reason", "spf_fail")).isEqualTo(2);
    }

    @Test
    void withTemperrorDeferredEveryRecipientGets451() throws Exception {
        refused("bob@temperror.example", "451 4.7.24 SPF validation error");
        assertThat(count(strict, "mail.smtp.rejected", "reason", "spf_temperror")).isEqualTo(2);
    }

    @Test
    void withPermerrorRejectedEveryRecipientGets550() throws Exception {
        refused("bob@permerror.example", "550 5.7.24 SPF validation error");
        assertThat(count(strict, "mail.smtp.rejected", "reason", "spf_permerror")).isEqualTo(2);
    }

    @Test
    void softfailIsNeverRefused() throws Exception {
        queued(strict, "127.0.0.24", "bob@softfail.example", "client.example.org");
        assertThat(strict.queuedTraceFields()).startsWith("Received-SPF: softfail ");
    }

    @Test
    void theNullSenderIsCheckedWithTheHeloIdentity() throws Exception {
        queued(smtp, "127.0.0.25", "", "helo.example");
        assertThat(smtp.queuedTraceFields()).startsWith("Received-SPF: pass (mx.test.example: domain of postmaster@helo.example designates"
                + " 127.0.0.25 as permitted sender)\r\n\tclient-ip=127.0.0.25; helo=helo.example; receiver=mx.test.example;"
                + " identity=helo\r\nReceived: ");
    }

    @Test
    void aNewMailFromAfterRsetIsEvaluatedAgain() throws Exception {
        Transcript.run(transcript("rset-reevaluates.txt"), strict::port, ip("127.0.0.26"));
        assertThat(strict.queuedTraceFields()).startsWith("Received-SPF: pass (mx.test.example: domain of alice@pass.example ");
    }

    @Test
    void submissionIsNotChecked() throws Exception {
        double evaluations = evaluations(smtp);
        Transcript.run(transcript("submission.txt"), smtp::port, ip("127.0.0.27"));
        assertThat(smtp.queuedTraceFields()).startsWith("Received: from roaming.example");
        assertThat(evaluations(smtp)).isEqualTo(evaluations);
        assertThat(DNS.queriesFor(Name.fromString("example.com."))).isZero();
    }

    @Test
    void anExemptClientIsNotChecked() throws Exception {
        long asked = DNS.queriesFor(Name.fromString("fail.example."));
        queued(smtp, "127.0.0.8", "bob@fail.example", "client.example.org");
        assertThat(smtp.queuedTraceFields()).startsWith("Received: from client.example.org (unknown [127.0.0.8])");
        assertThat(DNS.queriesFor(Name.fromString("fail.example."))).isEqualTo(asked);
    }

    @Test
    void aHeloWithQuotesAndSeparatorsIsQuotedSoItAddsNoKey() throws Exception {
        queued(smtp, "127.0.0.28", "alice@pass.example", "evil\"x;identity=helo(");
        assertThat(smtp.queuedTraceFields()).contains("; helo=\"evil\\\"x;identity=helo(\"; receiver=mx.test.example; identity=mailfrom\r\n");
    }

    private static void queued(SmtpFixture fixture, String client, String sender, String helo) throws Exception {
        Transcript.run(transcript("queued.txt"), fixture::port, ip(client), Map.of("sender", sender, "helo", helo));
    }

    private static void refused(String sender, String reply) throws Exception {
        Transcript.run(transcript("refused.txt"), strict::port, ip("127.0.0.23"), Map.of("sender", sender, "reply", reply));
    }

    private static void spf(String name, String text) throws Exception {
        DNS.add(new TXTRecord(Name.fromString(name), DClass.IN, 60, List.of(text)));
    }

    private static Map<String, String> with(Map<String, String> a, Map<String, String> b) {
        var all = new java.util.HashMap<>(a);
        all.putAll(b);
        return all;
    }

    private static InetAddress ip(String text) throws Exception {
        return InetAddress.getByName(text);
    }

    private static Path transcript(String file) throws Exception {
        return Path.of(SpfTest.class.getResource("/spf/" + file).toURI());
    }


    private static double evaluations(SmtpFixture fixture) {
        return fixture.meters.find("mail.smtp.spf").counters().stream().mapToDouble(c -> c.count()).sum();
    }

    private static double count(SmtpFixture fixture, String meter, String... tags) {
        var counter = fixture.meters.find(meter).tags(tags).counter();
        return counter == null ? 0 : counter.count();
    }
}
