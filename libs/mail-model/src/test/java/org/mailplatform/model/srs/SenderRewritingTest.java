package org.mailplatform.model.srs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;

class SenderRewritingTest {

    private static final byte[] SECRET = "a secret of sixteen bytes or more".getBytes(StandardCharsets.UTF_8);
    private static final Instant NOW = Instant.parse("2026-12-05T08:00:00Z");

    private final SenderRewriting srs = at(NOW);

    @Test
    void aForwardedSenderBecomesSrs0AtOurDomainAndComesBack() {
        String rewritten = srs.forward("Alice.Smith@Example.org");

        assertThat(rewritten).matches("SRS0=[A-Za-z0-9+/]{4}=[A-Z2-7]{2}=Example\\.org=Alice\\.Smith@fwd\\.platform\\.test");
        assertThat(srs.reverse(rewritten)).contains("Alice.Smith@Example.org");
        assertThat(srs.reverse(rewritten.toLowerCase())).as("a server that lower-cases local parts")
                .contains("alice.smith@example.org");
    }

    @Test
    void onlyOurHashAndOurDomainAreReversed() {
        String rewritten = srs.forward("bob@example.org");
        String hash = rewritten.substring(5, 9);
        String otherHash = (hash.charAt(0) == 'A' ? "B" : "A") + hash.substring(1);

        assertThat(srs.reverse(rewritten.replace(hash, otherHash))).isEmpty();
        assertThat(srs.reverse(rewritten.replace("bob@", "eve@"))).as("another recipient under the same hash").isEmpty();
        assertThat(srs.reverse(rewritten.replace("@fwd.platform.test", "@elsewhere.test"))).isEmpty();
        assertThat(new SenderRewriting("another secret of sixteen bytes".getBytes(StandardCharsets.UTF_8),
                "fwd.platform.test", 21, Clock.fixed(NOW, ZoneOffset.UTC)).reverse(rewritten)).isEmpty();
        assertThat(srs.reverse("postmaster@fwd.platform.test")).isEmpty();
        assertThat(srs.reverse("SRS0=xxxx=AA@fwd.platform.test")).isEmpty();
    }

    @Test
    void anAddressOlderThanTheMaximumAgeIsRefusedAlsoAcrossTheTimestampWrap() {
        String rewritten = srs.forward("carol@example.org");

        assertThat(at(NOW.plus(Duration.ofDays(21))).reverse(rewritten)).isPresent();
        assertThat(at(NOW.plus(Duration.ofDays(22))).reverse(rewritten)).isEmpty();
        // the day counter wraps every 1024 days: an address from just before the wrap still works after it
        Instant beforeWrap = Instant.ofEpochSecond((NOW.getEpochSecond() / 86_400 / 1024 + 1) * 1024 * 86_400 - 86_400);
        String old = at(beforeWrap).forward("carol@example.org");
        assertThat(at(beforeWrap.plus(Duration.ofDays(3))).reverse(old)).contains("carol@example.org");
    }

    @Test
    void anotherForwardersSrs0BecomesSrs1AndGoesBackToThatForwarder() {
        String theirs = "SRS0=abcd=AB=example.org=dave@first.example";

        String ours = srs.forward(theirs);
        assertThat(ours).matches("SRS1=[A-Za-z0-9+/]{4}=first\\.example==abcd=AB=example\\.org=dave@fwd\\.platform\\.test");
        assertThat(srs.reverse(ours)).contains(theirs);

        String again = srs.forward("SRS1=wxyz=first.example==abcd=AB=example.org=dave@second.example");
        assertThat(again).as("an SRS1 address keeps its first forwarder")
                .matches("SRS1=[A-Za-z0-9+/]{4}=first\\.example==abcd=AB=example\\.org=dave@fwd\\.platform\\.test");
        assertThat(srs.reverse(again)).contains(theirs);
    }

    @Test
    void theNullSenderAndOurOwnAddressesStayAsTheyAre() {
        assertThat(srs.forward("")).isEmpty();
        assertThat(srs.forward("SRS0=abcd=AB=example.org=x@fwd.platform.test")).isEqualTo("SRS0=abcd=AB=example.org=x@fwd.platform.test");
        assertThat(srs.forward("no-at-sign")).isEqualTo("no-at-sign");
    }

    @Test
    void aLocalPartWithSeparatorsSurvivesTheRoundTrip() {
        assertThat(srs.reverse(srs.forward("a=b+c-d@example.org"))).contains("a=b+c-d@example.org");
    }

    @Test
    void weakSettingsAreRefused() {
        assertThatThrownBy(() -> new SenderRewriting("short".getBytes(StandardCharsets.UTF_8), "d.test", 21, Clock.systemUTC()))
                .hasMessageContaining("16 bytes");
        assertThatThrownBy(() -> new SenderRewriting(SECRET, "d.test", 0, Clock.systemUTC())).hasMessageContaining("age");
    }

    private static SenderRewriting at(Instant now) {
        return new SenderRewriting(SECRET, "fwd.platform.test", 21, Clock.fixed(now, ZoneOffset.UTC));
    }
}
