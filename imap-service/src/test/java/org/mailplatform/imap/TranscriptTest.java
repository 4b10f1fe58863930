package org.mailplatform.imap;

import java.util.stream.Stream;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/** Every transcript in {@code src/test/resources/transcripts}, from a loopback client. */
class TranscriptTest extends ImapServerTestBase {

    @TestFactory
    Stream<DynamicTest> transcripts() {
        return TranscriptRunner.all("transcripts", imapPort(), null);
    }
}
