package org.mailplatform.imap;

import java.util.stream.Stream;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.springframework.test.context.TestPropertySource;

/**
 * Transcripts in {@code src/test/resources/transcripts-remote}, from a client that a PROXY protocol
 * header places at a remote address (203.0.113.9), so loopback trust does not apply.
 */
@TestPropertySource(properties = "mail.imap.proxy-protocol=true")
class RemoteClientTranscriptTest extends ImapServerTestBase {

    @TestFactory
    Stream<DynamicTest> transcripts() {
        return TranscriptRunner.all("transcripts-remote", imapPort(), "PROXY TCP4 203.0.113.9 192.0.2.1 40000 143\r\n");
    }
}
