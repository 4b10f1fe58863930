package org.mailplatform.smtp.clientcheck;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.util.HashMap;
import java.util.Map;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.mailplatform.smtp.config.SmtpProperties;
import org.mailplatform.teststack.StaticDnsResolver;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Name;

/** What each domain list check asks about, and what it reports, against a zone in memory. */
class DomainListCheckerTest {

    private final StaticDnsResolver dns = new StaticDnsResolver();
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

    @Test
    void withoutListsNothingIsAsked() throws Exception {
        DomainListChecker helo = checker(RhsblCheck.HELO, Map.of());
        assertThat(helo.configured()).isFalse();
        assertThat(helo.check(ip("192.0.2.1"), "mail.example")).isNull();
        assertThat(dns.queries()).isEmpty();
    }

    @Test
    void anExemptClientIsNotAskedAbout() throws Exception {
        DomainListChecker helo = checker(RhsblCheck.HELO, Map.of("mail.smtp.client-checks.rhsbl-helo-sites", "dbl.example",
                "mail.smtp.client-checks.exempt-networks", "192.0.2.0/24"));
        assertThat(helo.check(ip("192.0.2.1"), "mail.example")).isNull();
        assertThat(dns.queries()).isEmpty();
    }

    @Test
    void aHeloThatCannotBeADomainIsNotAskedAbout() throws Exception {
        DomainListChecker helo = checker(RhsblCheck.HELO, Map.of("mail.smtp.client-checks.rhsbl-helo-sites", "dbl.example"));
        for (String name : new String[] {"[192.0.2.1]", "[IPv6:2001:db8::1]", "localhost", "192.0.2.1"}) {
            assertThat(helo.check(ip("192.0.2.1"), name)).as(name).isNull();
        }
        assertThat(dns.queries()).isEmpty();
    }

    @Test
    void theSenderIsAskedAboutByItsDomainAndTheNullSenderNot() throws Exception {
        dns.add(new ARecord(Name.fromString("spam.example.dbl.example."), DClass.IN, 60, ip("127.0.1.2")));
        DomainListChecker sender = checker(RhsblCheck.SENDER, Map.of("mail.smtp.client-checks.rhsbl-sender-sites", "dbl.example"));
        assertThat(sender.check(ip("192.0.2.1"), "")).isNull();
        assertThat(sender.check(ip("192.0.2.1"), "user@")).isNull();
        assertThat(sender.check(ip("192.0.2.1"), "\"a@b\"@Spam.Example").get())
                .isEqualTo(new DomainReport(RhsblCheck.SENDER, "spam.example", "dbl.example", null));
    }

    @Test
    void aListedNameIsReportedCachedAndCountedUnderWhatWasAsked() throws Exception {
        dns.add(new ARecord(Name.fromString("bad.example.dbl.example."), DClass.IN, 60, ip("127.0.1.2")));
        DomainListChecker helo = checker(RhsblCheck.HELO, Map.of("mail.smtp.client-checks.rhsbl-helo-sites", "dbl.example"));
        assertThat(helo.check(ip("192.0.2.1"), "Bad.Example.").get())
                .isEqualTo(new DomainReport(RhsblCheck.HELO, "bad.example", "dbl.example", null));
        int asked = dns.queries().size();
        assertThat(helo.check(ip("192.0.2.2"), "bad.example").get().listedIn()).isEqualTo("dbl.example");
        assertThat(dns.queries()).as("cached per name").hasSize(asked);
        assertThat(meters.find("mail.smtp.rhsbl.lookups").tags("checked", "helo", "zone", "dbl.example", "outcome", "listed")
                .counter().count()).isEqualTo(1);
    }

    private DomainListChecker checker(RhsblCheck check, Map<String, String> properties) {
        Map<String, String> all = new HashMap<>(properties);
        all.put("mail.smtp.hostname", "mx.test.example");
        SmtpProperties settings = new Binder(new MapConfigurationPropertySource(all)).bindOrCreate("mail.smtp", SmtpProperties.class);
        return new DomainListChecker(check, settings.clientChecks(), dns, meters);
    }

    private static InetAddress ip(String text) throws Exception {
        return InetAddress.getByName(text);
    }
}
