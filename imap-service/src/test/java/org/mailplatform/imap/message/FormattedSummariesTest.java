package org.mailplatform.imap.message;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Set;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.mailplatform.mime.ImapSyntax;
import org.mailplatform.mime.MessageParser;
import org.mailplatform.mime.MessageSummary;
import org.mailplatform.store.MessageMeta;

class FormattedSummariesTest {

    private static MessageMeta message(String blobKey, String subject) {
        String raw = "From: =?UTF-8?Q?J=C3=B6rg?= <jorg@example.com>\r\nTo: b@example.org\r\nSubject: " + subject
                + "\r\nContent-Type: multipart/mixed; boundary=x\r\n\r\n--x\r\nContent-Type: text/plain\r\n\r\nhi\r\n"
                + "--x\r\nContent-Type: application/pdf; name=a.pdf\r\n\r\nAAAA\r\n--x--\r\n";
        MessageSummary summary = new MessageParser().parse(raw.getBytes(StandardCharsets.UTF_8));
        return new MessageMeta("box", 1, 1, Set.of(), Instant.EPOCH, raw.length(), blobKey, summary);
    }

    @Test
    void givesWhatFormattingGivesForEveryFormAndMode() {
        FormattedSummaries cached = new FormattedSummaries(1 << 20, new SimpleMeterRegistry());
        MessageMeta m = message("blob-1", "Grüße");
        for (boolean utf8 : new boolean[] {false, true}) {
            for (int round = 0; round < 2; round++) {
                assertThat(cached.envelope(m, utf8)).isEqualTo(ImapSyntax.envelope(m.summary().envelope(), utf8));
                assertThat(cached.bodyStructure(m, true, utf8))
                        .isEqualTo(ImapSyntax.bodyStructure(m.summary().body(), true, utf8));
                assertThat(cached.bodyStructure(m, false, utf8))
                        .isEqualTo(ImapSyntax.bodyStructure(m.summary().body(), false, utf8));
            }
        }
    }

    @Test
    void eachBlobHasItsOwnEntryAndRepeatsAreHits() {
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        FormattedSummaries cached = new FormattedSummaries(1 << 20, meters);
        MessageMeta first = message("blob-1", "first");
        MessageMeta second = message("blob-2", "second");

        assertThat(cached.envelope(first, false)).contains("\"first\"");
        assertThat(cached.envelope(second, false)).contains("\"second\"");
        assertThat(cached.envelope(first, false)).contains("\"first\"");

        assertThat(meters.get("cache.gets").tag("cache", "mail.imap.formatted").tag("result", "hit")
                .functionCounter().count()).isEqualTo(1);
    }

    @Test
    void sizeZeroFormatsEveryTime() {
        FormattedSummaries off = new FormattedSummaries(0, new SimpleMeterRegistry());
        MessageMeta m = message("blob-1", "x");

        assertThat(off.envelope(m, false)).isEqualTo(ImapSyntax.envelope(m.summary().envelope(), false));
    }
}
