package org.mailplatform.imap;

import java.util.List;

import org.junit.jupiter.api.Test;

/** When the directory cannot answer, logins fail temporarily: NO [UNAVAILABLE], never "wrong password". */
class DirectoryOutageTest extends ImapServerTestBase {

    @Test
    void loginWhileTheDirectoryIsDownIsUnavailable() throws Exception {
        directory.down(true);
        try {
            TranscriptRunner.run(List.of(
                    "S: * OK ${*}",
                    "C: a1 LOGIN alice@example.com secret",
                    "S: a1 NO [UNAVAILABLE] authentication is unavailable, try again later",
                    "C: a2 AUTHENTICATE PLAIN AGFsaWNlQGV4YW1wbGUuY29tAHNlY3JldA==",
                    "S: a2 NO [UNAVAILABLE] authentication is unavailable, try again later",
                    "C: a3 LOGIN alice@example.com secret",
                    "S: a3 NO [UNAVAILABLE] ${*}",
                    "C: a4 LOGIN alice@example.com secret",
                    "S: a4 NO [UNAVAILABLE] ${*}",
                    "C: a5 NOOP",
                    "S: a5 OK NOOP completed"), imapPort(), null);
        } finally {
            directory.down(false);
        }
    }
}
