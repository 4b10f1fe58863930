package org.mailplatform.mime;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;

/** {@link MailDate}: RFC 5322 section 3.3 dates and the obsolete forms of section 4.3. */
class MailDateTest {

    @Test
    void readsTheStandardFormWithItsOwnZone() {
        assertThat(MailDate.parse("Thu, 03 Dec 2026 23:30:00 -0500"))
                .isEqualTo(OffsetDateTime.of(2026, 12, 3, 23, 30, 0, 0, ZoneOffset.ofHours(-5)));
    }

    @Test
    void readsObsoleteFormsOldMailersStillSend() {
        // two-digit year, named zone, no seconds, no day of the week, a comment
        assertThat(MailDate.parse("4 Dec 26 08:00 GMT"))
                .isEqualTo(OffsetDateTime.of(2026, 12, 4, 8, 0, 0, 0, ZoneOffset.UTC));
        assertThat(MailDate.parse("Fri, 4 Dec 2026 08:00:00 EST (Eastern)"))
                .isEqualTo(OffsetDateTime.of(2026, 12, 4, 8, 0, 0, 0, ZoneOffset.ofHours(-5)));
        assertThat(MailDate.parse("Fri, 4 Dec 99 08:00:00 +0100").getYear()).isEqualTo(1999);
    }

    @Test
    void anythingElseIsNoDate() {
        assertThat(MailDate.parse("not a date")).isNull();
        assertThat(MailDate.parse("30 Feb 2026 10:00:00 +0000")).isNull();
        assertThat(MailDate.parse("")).isNull();
        assertThat(MailDate.ofField("Received", "from a by b")).isNull();
        assertThat(MailDate.ofField("Received", "from a by b; 4 Dec 2026 08:00:00 +0000"))
                .isEqualTo(OffsetDateTime.of(2026, 12, 4, 8, 0, 0, 0, ZoneOffset.UTC));
    }
}
