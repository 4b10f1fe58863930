package org.mailplatform.smtp.clientcheck;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.mailplatform.embedded.BackendEndpoints;
import org.mailplatform.smtp.server.SmtpServer;
import org.mailplatform.smtp.support.SmtpFixture;
import org.mailplatform.smtp.support.Transcript;
import org.mailplatform.teststack.StaticDnsResolver;
import org.mailplatform.teststack.WithTestStack;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Name;
import org.xbill.DNS.PTRRecord;
import org.xbill.DNS.ReverseMap;
import org.xbill.DNS.TXTRecord;

/**
 * The client checks against a real server (real Kafka and S3) whose DNS is a zone in memory. Each
 * test connects from its own loopback address (127.0.0.x), so the per-address cache of one test
 * does not answer for another; only 127.0.0.8 is exempt here. Each fixture has its own checks:
 * DNSBLs, sender domain lists, HELO and client name lists, a required client name.
 */
@WithTestStack
class ClientChecksTest {

    static final StaticDnsResolver DNS = new StaticDnsResolver();
    static SmtpFixture smtp;
    static SmtpFixture strict;
    /** Domain block lists only (Postfix's reject_rhsbl_sender). */
    static SmtpFixture senders;
    /** Domain block lists of HELO names and client names only (Postfix's reject_rhsbl_helo, reject_rhsbl_client). */
    static SmtpFixture names;

    @BeforeAll
    static void start(BackendEndpoints stack) throws Exception {
        // .2 listed in bl.example, answered late so the session has to wait for it at RCPT; .3 answered 127.0.0.12 by zen, outside its filter, and has a
        // verified name; .4's lists never answer; .5's name points elsewhere; .6 has no PTR;
        // .7 listed (tried on submission only); .8 listed but exempt; .9's PTR lookup fails; .11's
        // name, confirmed, is no host name; bl.example answers SERVFAIL about .12
        listed("127.0.0.2", "bl.example.", "127.0.0.2");
        // the list's reason, with a tab and a line break a reply line must not carry
        DNS.add(new TXTRecord(QueryNames.dnsbl(ip("127.0.0.2"), name("bl.example.")), DClass.IN, 60,
                List.of("Listed for spam;\tsee ", "https://bl.example/q?127.0.0.2\r\n")));
        DNS.delay(QueryNames.dnsbl(ip("127.0.0.2"), name("bl.example.")), Duration.ofMillis(300));
        listed("127.0.0.3", "zen.example.", "127.0.0.12");
        named("127.0.0.3", "mail.good.example.", "127.0.0.3");
        DNS.silent(QueryNames.dnsbl(ip("127.0.0.4"), name("bl.example.")));
        named("127.0.0.5", "liar.example.", "192.0.2.1");
        listed("127.0.0.7", "bl.example.", "127.0.0.2");
        listed("127.0.0.8", "bl.example.", "127.0.0.2");
        DNS.servfail(ReverseMap.fromAddress(ip("127.0.0.9")));
        named("127.0.0.11", "bad\\(name.example.", "127.0.0.11");
        DNS.servfail(QueryNames.dnsbl(ip("127.0.0.12"), name("bl.example.")));
        Map<String, String> checks = Map.of(
                "mail.smtp.client-checks.dnsbl-sites", "bl.example, zen.example=127.0.0.[2..11]",
                "mail.smtp.client-checks.exempt-networks", "127.0.0.8/32",
                "mail.smtp.client-checks.dns-timeout", "500ms",
                "mail.smtp.spf.enabled", "false"); // SPF has its own test; here it would add questions and a header
        smtp = new SmtpFixture(stack, checks, DNS);
        // spam.example listed in dbl.example, late; outside.example answered outside the filter;
        // timeout.example never answered
        DNS.add(new ARecord(name("spam.example.dbl.example."), DClass.IN, 60, ip("127.0.1.2")));
        DNS.add(new TXTRecord(name("spam.example.dbl.example."), DClass.IN, 60, "https://dbl.example/lookup?spam.example"));
        DNS.delay(name("spam.example.dbl.example."), Duration.ofMillis(300));
        DNS.add(new ARecord(name("outside.example.dbl.example."), DClass.IN, 60, ip("127.0.1.255")));
        DNS.silent(name("timeout.example.dbl.example."));
        senders = new SmtpFixture(stack, Map.of(
                "mail.smtp.client-checks.rhsbl-sender-sites", "dbl.example=127.0.1.[2..99]",
                "mail.smtp.client-checks.exempt-networks", "127.0.0.8/32",
                "mail.smtp.client-checks.dns-timeout", "500ms",
                "mail.smtp.spf.enabled", "false"), DNS);
        // bad-helo.example listed in dbl.example, late; .14's verified name is listed in hosts.example;
        // .5's unverified name and exempt .8's name would be, were they ever asked about
        DNS.add(new ARecord(name("bad-helo.example.dbl.example."), DClass.IN, 60, ip("127.0.1.2")));
        DNS.add(new TXTRecord(name("bad-helo.example.dbl.example."), DClass.IN, 60, "https://dbl.example/lookup?bad-helo.example"));
        DNS.delay(name("bad-helo.example.dbl.example."), Duration.ofMillis(300));
        named("127.0.0.14", "mail.spammy.example.", "127.0.0.14");
        DNS.add(new ARecord(name("mail.spammy.example.hosts.example."), DClass.IN, 60, ip("127.0.0.2")));
        DNS.add(new ARecord(name("liar.example.hosts.example."), DClass.IN, 60, ip("127.0.0.2")));
        named("127.0.0.8", "exempt.spammy.example.", "127.0.0.8");
        DNS.add(new ARecord(name("exempt.spammy.example.hosts.example."), DClass.IN, 60, ip("127.0.0.2")));
        names = new SmtpFixture(stack, Map.of(
                "mail.smtp.client-checks.rhsbl-helo-sites", "dbl.example=127.0.1.[2..99]",
                "mail.smtp.client-checks.rhsbl-helo-reply", "Go away; HELO [${helo}] is listed in ${zone}",
                "mail.smtp.client-checks.rhsbl-client-sites", "hosts.example",
                "mail.smtp.client-checks.exempt-networks", "127.0.0.8/32",
                "mail.smtp.client-checks.dns-timeout", "500ms",
                "mail.smtp.spf.enabled", "false"), DNS);
        strict = new SmtpFixture(stack, Map.of(
                "mail.smtp.client-checks.require-client-hostname", "true",
                "mail.smtp.client-checks.exempt-networks", "127.0.0.8/32",
                "mail.smtp.client-checks.dns-timeout", "500ms",
                "mail.smtp.spf.enabled", "false"), DNS);
    }

    @AfterAll
    static void stop() {
        smtp.close();
        strict.close();
        senders.close();
        names.close();
    }

    @Test
    void aListedClientGets554NamingTheZoneAtEveryRcpt() throws Exception {
        Transcript.run(transcript("dnsbl-listed.txt"), smtp::port);
        assertThat(count(smtp, "mail.smtp.dnsbl.lookups", "zone", "bl.example", "outcome", "listed")).isEqualTo(1);
        assertThat(count(smtp, "mail.smtp.rejected", "reason", "dnsbl")).isEqualTo(2);
    }

    @Test
    void anAnswerOutsideTheSitesFilterIsNotAListingAndAVerifiedNameIsInTheReceivedHeader() throws Exception {
        Transcript.run(transcript("accepted.txt"), smtp::port, ip("127.0.0.3"));
        assertThat(count(smtp, "mail.smtp.dnsbl.lookups", "zone", "zen.example", "outcome", "clean")).isGreaterThanOrEqualTo(1);
        assertThat(smtp.queuedTraceFields()).isEqualTo("Received: from client.example (mail.good.example [127.0.0.3])");
    }

    @Test
    void aSecondConnectionFromTheSameAddressAsksNoDnsQuestion() throws Exception {
        Transcript.run(transcript("accepted.txt"), smtp::port, ip("127.0.0.3"));
        smtp.queuedTraceFields();
        int asked = DNS.queries().size();
        Transcript.run(transcript("accepted.txt"), smtp::port, ip("127.0.0.3"));
        assertThat(smtp.queuedTraceFields()).contains("(mail.good.example [127.0.0.3])");
        assertThat(DNS.queries()).hasSize(asked);
    }

    @Test
    void aBlockListThatTimesOutOrFailsLetsTheClientInAndCountsAnError() throws Exception {
        Transcript.run(transcript("accepted.txt"), smtp::port, ip("127.0.0.4"));
        smtp.queuedTraceFields();
        Transcript.run(transcript("accepted.txt"), smtp::port, ip("127.0.0.12"));
        smtp.queuedTraceFields();
        assertThat(count(smtp, "mail.smtp.dnsbl.lookups", "zone", "bl.example", "outcome", "error")).isEqualTo(2);
    }

    @Test
    void aNameWhoseAddressesDoNotContainTheClientIsUnknown() throws Exception {
        Transcript.run(transcript("accepted.txt"), smtp::port, ip("127.0.0.5"));
        assertThat(smtp.queuedTraceFields()).isEqualTo("Received: from client.example (unknown [127.0.0.5])");
        assertThat(DNS.queriesFor(name("liar.example."))).isPositive();
    }

    @Test
    void aConfirmedNameThatIsNoHostNameIsUnknownSoItNeverReachesTheHeader() throws Exception {
        Transcript.run(transcript("accepted.txt"), smtp::port, ip("127.0.0.11"));
        assertThat(smtp.queuedTraceFields()).isEqualTo("Received: from client.example (unknown [127.0.0.11])");
    }

    @Test
    void aClientWithoutPtrIsUnknown() throws Exception {
        Transcript.run(transcript("accepted.txt"), smtp::port, ip("127.0.0.6"));
        assertThat(smtp.queuedTraceFields()).isEqualTo("Received: from client.example (unknown [127.0.0.6])");
        assertThat(count(smtp, "mail.smtp.client.hostname", "outcome", "unverified")).isGreaterThanOrEqualTo(1);
    }

    @Test
    void submissionIsNeverCheckedEvenForAListedClient() throws Exception {
        Transcript.run(transcript("submission-listed.txt"), smtp::port);
        assertThat(DNS.queriesFor(QueryNames.dnsbl(ip("127.0.0.7"), name("bl.example.")))).isZero();
        assertThat(DNS.queriesFor(ReverseMap.fromAddress(ip("127.0.0.7")))).isZero();
    }

    @Test
    void anExemptNetworkIsNeverLookedUp() throws Exception {
        Transcript.run(transcript("accepted.txt"), smtp::port, ip("127.0.0.8"));
        assertThat(smtp.queuedTraceFields()).isEqualTo("Received: from client.example (unknown [127.0.0.8])");
        assertThat(DNS.queries()).noneMatch(q -> q.getName().toString().contains("8.0.0.127"));
    }

    @Test
    void withAHostnameRequiredAClientWithoutVerifiedNameGets450() throws Exception {
        Transcript.run(transcript("hostname-required.txt"), strict::port, ip("127.0.0.5"));
        Transcript.run(transcript("hostname-required.txt"), strict::port, ip("127.0.0.6"));
        assertThat(count(strict, "mail.smtp.rejected", "reason", "unknown_client_hostname")).isEqualTo(2);
    }

    @Test
    void withAHostnameRequiredAFailedPtrLookupIsAlso450AndCountedAsError() throws Exception {
        Transcript.run(transcript("hostname-required.txt"), strict::port, ip("127.0.0.9"));
        assertThat(count(strict, "mail.smtp.client.hostname", "outcome", "error")).isEqualTo(1);
    }

    @Test
    void withAHostnameRequiredAVerifiedOrExemptClientIsAccepted() throws Exception {
        Transcript.run(transcript("accepted.txt"), strict::port, ip("127.0.0.3"));
        Transcript.run(transcript("accepted.txt"), strict::port, ip("127.0.0.8"));
        assertThat(strict.records(2, Duration.ofSeconds(10))).hasSize(2);
    }

    @Test
    void aSenderWhoseDomainIsListedGets554NamingDomainAndZoneAtEveryRcpt() throws Exception {
        Transcript.run(transcript("rhsbl-listed.txt"), senders::port, ip("127.0.0.13"));
        assertThat(count(senders, "mail.smtp.rhsbl.lookups", "zone", "dbl.example", "outcome", "listed")).isEqualTo(1);
        assertThat(count(senders, "mail.smtp.rejected", "reason", "rhsbl_sender")).isEqualTo(2);
        assertThat(DNS.queries()).noneMatch(q -> q.getName().toString().startsWith("dbl.example"));
    }

    @Test
    void aDomainAnsweredOutsideTheFilterOrNotInTimeIsLetThroughAndOnlyCompleteAnswersAreReused() throws Exception {
        Transcript.run(senderTranscript("outside.example"), senders::port, ip("127.0.0.13"));
        Transcript.run(senderTranscript("timeout.example"), senders::port, ip("127.0.0.13"));
        assertThat(count(senders, "mail.smtp.rhsbl.lookups", "zone", "dbl.example", "outcome", "clean")).isEqualTo(1);
        assertThat(count(senders, "mail.smtp.rhsbl.lookups", "zone", "dbl.example", "outcome", "error")).isEqualTo(1);
        long outside = DNS.queriesFor(name("outside.example.dbl.example."));
        long timedOut = DNS.queriesFor(name("timeout.example.dbl.example."));
        Transcript.run(senderTranscript("outside.example"), senders::port, ip("127.0.0.13"));
        Transcript.run(senderTranscript("timeout.example"), senders::port, ip("127.0.0.13"));
        assertThat(DNS.queriesFor(name("outside.example.dbl.example."))).as("cached").isEqualTo(outside);
        assertThat(DNS.queriesFor(name("timeout.example.dbl.example."))).as("asked again").isGreaterThan(timedOut);
        assertThat(senders.records(4, Duration.ofSeconds(10))).hasSize(4);
    }

    @Test
    void anExemptClientsSenderIsNeverLookedUp() throws Exception {
        long asked = DNS.queriesFor(name("spam.example.dbl.example."));
        Transcript.run(senderTranscript("spam.example"), senders::port, ip("127.0.0.8"));
        assertThat(senders.records(1, Duration.ofSeconds(10))).hasSize(1);
        assertThat(DNS.queriesFor(name("spam.example.dbl.example."))).isEqualTo(asked);
    }

    @Test
    void aListedHeloNameGets554WithTheConfiguredTextAtEveryRcptUntilAnotherHelo() throws Exception {
        Transcript.run(transcript("rhsbl-helo-listed.txt"), names::port);
        assertThat(count(names, "mail.smtp.rhsbl.lookups", "checked", "helo", "zone", "dbl.example", "outcome", "listed"))
                .isEqualTo(1);
        assertThat(count(names, "mail.smtp.rejected", "reason", "rhsbl_helo")).isEqualTo(2);
    }

    @Test
    void aCleanHeloNameAndACleanVerifiedClientNameAreAskedAndLetThrough() throws Exception {
        Transcript.run(transcript("accepted.txt"), names::port, ip("127.0.0.3"));
        assertThat(names.queuedTraceFields()).isEqualTo("Received: from client.example (mail.good.example [127.0.0.3])");
        assertThat(DNS.queriesFor(name("client.example.dbl.example."))).isPositive();
        assertThat(DNS.queriesFor(name("mail.good.example.hosts.example."))).isPositive();
        assertThat(count(names, "mail.smtp.rhsbl.lookups", "checked", "client", "zone", "hosts.example", "outcome", "clean"))
                .isEqualTo(1);
    }

    @Test
    void anAddressLiteralADotlessNameOrABareAddressAsHeloIsNeverLookedUp() throws Exception {
        int before = DNS.queries().size();
        List<String> helos = List.of("[127.0.0.1]", "[IPv6:::1]", "localhost", "127.0.0.1");
        for (String helo : helos) {
            Transcript.run(transcript("helo-accepted.txt"), names::port, ip("127.0.0.16"), Map.of("helo", helo));
        }
        assertThat(names.records(helos.size(), Duration.ofSeconds(10))).hasSize(helos.size());
        Name zone = name("dbl.example.");
        assertThat(DNS.queries().subList(before, DNS.queries().size())).noneMatch(q -> q.getName().subdomain(zone));
    }

    @Test
    void aListedVerifiedClientNameGets554AtEveryRcpt() throws Exception {
        Transcript.run(transcript("rhsbl-client-listed.txt"), names::port);
        assertThat(count(names, "mail.smtp.rhsbl.lookups", "checked", "client", "zone", "hosts.example", "outcome", "listed"))
                .isEqualTo(1);
        assertThat(count(names, "mail.smtp.rejected", "reason", "rhsbl_client")).isEqualTo(2);
    }

    @Test
    void aClientWithoutAVerifiedNameIsNotLookedUpByName() throws Exception {
        Transcript.run(transcript("accepted.txt"), names::port, ip("127.0.0.5"));
        assertThat(names.queuedTraceFields()).isEqualTo("Received: from client.example (unknown [127.0.0.5])");
        assertThat(DNS.queriesFor(name("liar.example."))).as("its name was looked up").isPositive();
        assertThat(DNS.queriesFor(name("liar.example.hosts.example."))).isZero();
    }

    @Test
    void anExemptClientIsAskedAboutNeitherItsHeloNorItsName() throws Exception {
        long helo = DNS.queriesFor(name("bad-helo.example.dbl.example."));
        Transcript.run(transcript("helo-accepted.txt"), names::port, ip("127.0.0.8"), Map.of("helo", "bad-helo.example"));
        assertThat(names.records(1, Duration.ofSeconds(10))).hasSize(1);
        assertThat(DNS.queriesFor(name("bad-helo.example.dbl.example."))).isEqualTo(helo);
        assertThat(DNS.queriesFor(ReverseMap.fromAddress(ip("127.0.0.8")))).isZero();
        assertThat(DNS.queriesFor(name("exempt.spammy.example.hosts.example."))).isZero();
    }

    /** accepted.txt with {@code domain} as the MAIL FROM domain. */
    private Path senderTranscript(String domain) throws Exception {
        Path file = java.nio.file.Files.createTempFile("sender-", ".txt");
        file.toFile().deleteOnExit();
        java.nio.file.Files.writeString(file, java.nio.file.Files.readString(transcript("accepted.txt"))
                .replace("MAIL FROM:<sender@remote.example>", "MAIL FROM:<sender@" + domain + ">"));
        return file;
    }

    private static void listed(String client, String zone, String answer) throws Exception {
        DNS.add(new ARecord(QueryNames.dnsbl(ip(client), name(zone)), DClass.IN, 60, ip(answer)));
    }

    private static void named(String client, String hostname, String forward) throws Exception {
        DNS.add(new PTRRecord(ReverseMap.fromAddress(ip(client)), DClass.IN, 60, name(hostname)));
        DNS.add(new ARecord(name(hostname), DClass.IN, 60, ip(forward)));
    }

    private static InetAddress ip(String text) throws Exception {
        return InetAddress.getByName(text);
    }

    private static Name name(String text) throws Exception {
        return Name.fromString(text);
    }

    private static Path transcript(String file) throws Exception {
        return Path.of(ClientChecksTest.class.getResource("/client-checks/" + file).toURI());
    }


    private static double count(SmtpFixture fixture, String meter, String... tags) {
        var counter = fixture.meters.find(meter).tags(tags).counter();
        return counter == null ? 0 : counter.count();
    }
}
