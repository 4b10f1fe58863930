package org.mailplatform.smtp.spf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.time.Duration;
import java.util.Map;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.mailplatform.smtp.codec.SmtpReply;
import org.mailplatform.smtp.config.SmtpProperties;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/** The settings of {@code mail.smtp.spf.*} as Spring binds them, and the replies of each action. */
class SpfPolicyTest {

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

    @Test
    void theDefaultsTagEveryResult() throws Exception {
        SmtpProperties.Spf spf = settings(Map.of());
        assertThat(spf.enabled()).isTrue();
        assertThat(spf.timeout()).isEqualTo(Duration.ofSeconds(20));
        SpfPolicy policy = new SpfPolicy(spf, meters);
        assertThat(policy.canRefuse()).isFalse();
        for (SpfResult result : SpfResult.values()) {
            assertThat(policy.refusal(verdict(result, "go away"))).isEmpty();
        }
        assertThat(meters.find("mail.smtp.rejected").counters()).isEmpty();
    }

    @Test
    void refusingActionsGiveRfc7372Codes() throws Exception {
        SpfPolicy policy = new SpfPolicy(settings(Map.of("fail-action", "reject", "temperror-action", "DEFER",
                "permerror-action", "reject")), meters);
        assertThat(policy.canRefuse()).isTrue();
        assertThat(policy.refusal(verdict(SpfResult.FAIL, null))).contains(SmtpReply.of(550, "5.7.23", "SPF validation failed"));
        assertThat(policy.refusal(verdict(SpfResult.TEMPERROR, null))).contains(SmtpReply.of(451, "4.7.24", "SPF validation error"));
        assertThat(policy.refusal(verdict(SpfResult.PERMERROR, null))).contains(SmtpReply.of(550, "5.7.24", "SPF validation error"));
        assertThat(policy.refusal(verdict(SpfResult.SOFTFAIL, null))).isEmpty();
        assertThat(meters.get("mail.smtp.rejected").tag("reason", "spf_fail").counter().count()).isEqualTo(1);
        assertThat(meters.get("mail.smtp.rejected").tag("reason", "spf_temperror").counter().count()).isEqualTo(1);
        assertThat(meters.get("mail.smtp.rejected").tag("reason", "spf_permerror").counter().count()).isEqualTo(1);
    }

    @Test
    void theDomainsExplanationIsPrintableAsciiOfBoundedLength() throws Exception {
        SpfPolicy policy = new SpfPolicy(settings(Map.of("fail-action", "reject")), meters);
        assertThat(policy.refusal(verdict(SpfResult.FAIL, "see\r\n250 ok\u0000"))).contains(
                SmtpReply.of(550, "5.7.23", "SPF validation failed: see??250 ok?"));
        assertThat(policy.refusal(verdict(SpfResult.FAIL, "x".repeat(1000))).orElseThrow().lines().getFirst())
                .hasSize("SPF validation failed: ".length() + SpfPolicy.MAX_EXPLANATION);
    }

    @Test
    void anActionAResultDoesNotAllowStopsTheStartNamingTheKey() {
        assertThatThrownBy(() -> new SpfPolicy(settings(Map.of("softfail-action", "reject")), meters))
                .hasMessage("mail.smtp.spf.softfail-action: 'reject' is not one of [tag]");
        assertThatThrownBy(() -> new SpfPolicy(settings(Map.of("fail-action", "defer")), meters))
                .hasMessage("mail.smtp.spf.fail-action: 'defer' is not one of [tag, reject]");
        assertThatThrownBy(() -> new SpfPolicy(settings(Map.of("temperror-action", "reject")), meters))
                .hasMessage("mail.smtp.spf.temperror-action: 'reject' is not one of [tag, defer]");
    }

    private static SmtpProperties.Spf settings(Map<String, String> spf) {
        var props = new java.util.HashMap<String, String>();
        spf.forEach((k, v) -> props.put("mail.smtp.spf." + k, v));
        return new Binder(new MapConfigurationPropertySource(props)).bindOrCreate("mail.smtp", SmtpProperties.class).spf();
    }

    private static SpfVerdict verdict(SpfResult result, String explanation) throws Exception {
        return new SpfVerdict(new SpfQuery(InetAddress.getByName("192.0.2.1"), "a@example.org", "h.example"), result, explanation);
    }
}
