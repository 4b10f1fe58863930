package org.mailplatform.imap.managesieve;

import java.util.stream.Stream;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.mailplatform.imap.ImapServerTestBase;
import org.mailplatform.imap.TranscriptRunner;

/** Every transcript in {@code src/test/resources/transcripts-managesieve}, from a loopback client. */
class ManageSieveTranscriptTest extends ImapServerTestBase {

    @TestFactory
    Stream<DynamicTest> transcripts() {
        return TranscriptRunner.all("transcripts-managesieve", manageSievePort(), null);
    }
}
