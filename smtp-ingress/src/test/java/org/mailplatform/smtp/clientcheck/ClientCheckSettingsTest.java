package org.mailplatform.smtp.clientcheck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.mailplatform.smtp.config.SmtpProperties;
import org.mailplatform.smtp.server.SmtpServer;
import org.mailplatform.teststack.StaticDnsResolver;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/** {@code mail.smtp.client-checks.*} as Spring binds them, and a server that refuses malformed ones. */
class ClientCheckSettingsTest {

    @Test
    void defaultsAreThoseDocumented() {
        SmtpProperties.ClientChecks checks = bind(Map.of()).clientChecks();
        assertThat(checks.dnsblSites()).isEmpty();
        assertThat(checks.dnsblReply()).isEqualTo("Service unavailable; Client host [${client}] blocked using ${zone}");
        assertThat(checks.rhsblSenderSites()).isEmpty();
        assertThat(checks.rhsblSenderReply())
                .isEqualTo("Service unavailable; Sender address [${sender-domain}] blocked using ${zone}");
        assertThat(checks.rhsblHeloSites()).isEmpty();
        assertThat(checks.rhsblHeloReply()).isEqualTo("Service unavailable; Helo command [${helo}] blocked using ${zone}");
        assertThat(checks.rhsblClientSites()).isEmpty();
        assertThat(checks.rhsblClientReply())
                .isEqualTo("Service unavailable; Client host [${client-name}] blocked using ${zone}");
        assertThat(checks.requireClientHostname()).isFalse();
        assertThat(checks.dnsServers()).isEmpty();
        assertThat(checks.dnsTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(checks.exemptNetworks()).containsExactly("127.0.0.0/8", "::1/128");
        assertThat(checks.cacheTtl()).isEqualTo(Duration.ofMinutes(5));
        assertThat(checks.cacheSize()).isEqualTo(10_000);
    }

    @Test
    void listsAreCommaSeparatedAndAnEmptyExemptListExemptsNothing() {
        SmtpProperties.ClientChecks checks = bind(Map.of(
                "mail.smtp.client-checks.dnsbl-sites", "zen.spamhaus.org=127.0.0.[2..11], bl.example=127.0.0.[2;4]",
                "mail.smtp.client-checks.exempt-networks", "")).clientChecks();
        assertThat(checks.dnsblSites().stream().map(DnsblSite::parse).map(DnsblSite::zone)).containsExactly("zen.spamhaus.org", "bl.example");
        assertThat(Networks.parse(checks.exemptNetworks()).blocks()).isEmpty();
    }

    @Test
    void aServerWithAMalformedSiteDoesNotStartAndSaysWhichEntry() {
        SmtpProperties settings = bind(Map.of("mail.smtp.client-checks.dnsbl-sites", "zen.spamhaus.org=127.0.0.[2..300]"));
        assertThatThrownBy(() -> new SmtpServer(settings, null, null, null, new SimpleMeterRegistry(), Clock.systemUTC(),
                new StaticDnsResolver()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("mail.smtp.client-checks.dnsbl-sites: 'zen.spamhaus.org=127.0.0.[2..300]': 300 is not an octet (0-255)");
    }

    @Test
    void aServerWithAMalformedDomainListDoesNotStartAndSaysWhichSetting() {
        SmtpProperties settings = bind(Map.of("mail.smtp.client-checks.rhsbl-sender-sites", "dbl.example=127.0.1.[9..2]"));
        assertThatThrownBy(() -> new SmtpServer(settings, null, null, null, new SimpleMeterRegistry(), Clock.systemUTC(),
                new StaticDnsResolver()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("mail.smtp.client-checks.rhsbl-sender-sites: 'dbl.example=127.0.1.[9..2]': the range [9..2] is empty");
    }

    @ParameterizedTest
    @ValueSource(strings = {"rhsbl-helo-sites", "rhsbl-client-sites"})
    void aServerWithAMalformedHeloOrClientNameListDoesNotStartAndSaysWhichSetting(String setting) {
        SmtpProperties settings = bind(Map.of("mail.smtp.client-checks." + setting, "dbl.example, bad zone.example"));
        assertThatThrownBy(() -> new SmtpServer(settings, null, null, null, new SimpleMeterRegistry(), Clock.systemUTC(),
                new StaticDnsResolver()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("mail.smtp.client-checks." + setting + ": 'bad zone.example': 'bad zone.example' is not a DNS zone");
    }

    @Test
    void aServerWithAMalformedDnsServerDoesNotStart() {
        SmtpProperties settings = bind(Map.of("mail.smtp.client-checks.dns-servers", "192.0.2.1:domain"));
        assertThatThrownBy(() -> new SmtpServer(settings, null, null, null, new SimpleMeterRegistry(), Clock.systemUTC()))
                .hasMessageContaining("'192.0.2.1:domain'");
    }

    private static SmtpProperties bind(Map<String, String> properties) {
        Map<String, String> all = new HashMap<>(properties);
        all.put("mail.smtp.hostname", "mx.test.example");
        return new Binder(new MapConfigurationPropertySource(all)).bindOrCreate("mail.smtp", SmtpProperties.class);
    }
}
