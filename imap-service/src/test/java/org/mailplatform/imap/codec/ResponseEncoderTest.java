package org.mailplatform.imap.codec;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;

class ResponseEncoderTest {

    private static String encode(ImapResponse r) {
        return new String(ResponseEncoder.encode(r), StandardCharsets.UTF_8);
    }

    @Test
    void taggedWithAndWithoutCode() {
        assertThat(encode(ImapResponse.ok("a1", "NOOP completed"))).isEqualTo("a1 OK NOOP completed\r\n");
        assertThat(encode(ImapResponse.no("a2", ResponseCode.UNAVAILABLE, "try later")))
                .isEqualTo("a2 NO [UNAVAILABLE] try later\r\n");
        assertThat(encode(ImapResponse.ok("a3", ResponseCode.copyUid(38505, "304,319:320", "3956:3958"), "Done")))
                .isEqualTo("a3 OK [COPYUID 38505 304,319:320 3956:3958] Done\r\n");
        assertThat(encode(ImapResponse.bad("a4", null, ""))).isEqualTo("a4 BAD done\r\n");
    }

    @Test
    void textNeverBreaksTheLine() {
        assertThat(encode(ImapResponse.bad("a", null, "evil\r\n* OK injected"))).isEqualTo("a BAD evil  * OK injected\r\n");
    }

    @Test
    void untaggedStatusContinuationAndData() {
        assertThat(encode(new ImapResponse.UntaggedStatus(ImapResponse.Condition.OK,
                ResponseCode.capability(List.of("IMAP4rev2", "IDLE")), "ready")))
                .isEqualTo("* OK [CAPABILITY IMAP4rev2 IDLE] ready\r\n");
        assertThat(encode(ImapResponse.bye(null, "logging out"))).isEqualTo("* BYE logging out\r\n");
        assertThat(encode(new ImapResponse.Continuation(""))).isEqualTo("+ \r\n");
        assertThat(encode(new ImapWriter(false).number(3).atom("EXISTS").toResponse())).isEqualTo("* 3 EXISTS\r\n");
    }

    @Test
    void writerQuotesWhatItCanAndUsesLiteralsForTheRest() {
        ImapWriter w = new ImapWriter(false).atom("LIST").open().atom("\\HasNoChildren").close()
                .string("/").string("a \"b\" \\c").string("Entwürfe").nstring(null).open().close();
        assertThat(new String(w.toBytes(), StandardCharsets.UTF_8))
                .isEqualTo("LIST (\\HasNoChildren) \"/\" \"a \\\"b\\\" \\\\c\" {9}\r\nEntwürfe NIL ()");
        assertThat(new String(new ImapWriter(true).string("Entwürfe").toBytes(), StandardCharsets.UTF_8))
                .isEqualTo("\"Entwürfe\"");
        assertThat(new String(new ImapWriter(true).string("two\r\nlines").toBytes(), StandardCharsets.UTF_8))
                .isEqualTo("{10}\r\ntwo\r\nlines");
    }
}
