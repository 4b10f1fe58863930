package org.mailplatform.mime;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Random;

import org.junit.jupiter.api.Test;

/** Bad mail never makes the parser throw; it gives a usable summary and lists the defects. */
class HostileMailTest {

    private final MessageParser parser = new MessageParser();

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    @Test
    void thousandNestedMultipartsStopAtTheDepthLimitAndKeepEveryByte() {
        StringBuilder m = new StringBuilder("Subject: deep\r\n");
        for (int i = 0; i < 1000; i++) {
            m.append("Content-Type: multipart/mixed; boundary=b").append(i).append("\r\n\r\n--b").append(i).append("\r\n");
        }
        m.append("Content-Type: text/plain\r\n\r\nleaf\r\n");
        for (int i = 999; i >= 0; i--) {
            m.append("--b").append(i).append("--\r\n");
        }
        byte[] message = bytes(m.toString());

        MessageSummary s = parser.parse(message);

        assertThat(s.size()).isEqualTo(message.length);
        int depth = 0;
        BodyPart p = s.body();
        while (p.isMultipart()) {
            p = p.parts().get(0);
            depth++;
        }
        assertThat(depth).isEqualTo(MimeLimits.DEFAULTS.maxDepth());
        assertThat(p.mimeType()).isEqualTo("text/plain");
        assertThat(s.defects()).anyMatch(d -> d.contains("nesting/part limit"));
        assertThat(ImapSyntax.bodyStructure(s.body(), true, false)).startsWith("((((");
    }

    @Test
    void thousandSiblingPartsAreAllDescribed() {
        StringBuilder m = new StringBuilder("Content-Type: multipart/mixed; boundary=x\r\n\r\n");
        for (int i = 0; i < 1000; i++) {
            m.append("--x\r\nContent-Type: text/plain\r\n\r\npart ").append(i).append("\r\n");
        }
        m.append("--x--\r\n");

        MessageSummary s = parser.parse(bytes(m.toString()));

        assertThat(s.body().parts()).hasSize(1000);
        assertThat(s.partCount()).isEqualTo(1001);
        assertThat(s.body().parts().get(999).bodySize()).isEqualTo("part 999".length());
        assertThat(s.defects()).isEmpty();
    }

    @Test
    void partsBeyondTheLimitBecomeEpilogue() {
        StringBuilder m = new StringBuilder("Content-Type: multipart/mixed; boundary=x\r\n\r\n");
        for (int i = 0; i < 20; i++) {
            m.append("--x\r\n\r\npart ").append(i).append("\r\n");
        }
        m.append("--x--\r\n");

        MessageSummary s = new MessageParser(new MimeLimits(30, 10, 4096, 1024)).parse(bytes(m.toString()));

        assertThat(s.body().parts()).hasSize(9);
        assertThat(s.body().bodyEnd()).isEqualTo(s.size());
    }

    @Test
    void tenMegabyteHeaderIsSkippedBeyondTheLimitButOffsetsStayExact() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(bytes("Subject: big\r\nX-Big: "));
        byte[] chunk = new byte[1024];
        java.util.Arrays.fill(chunk, (byte) 'a');
        for (int i = 0; i < 10 * 1024; i++) {
            out.write(chunk);
            out.write(bytes("\r\n "));
        }
        out.write(bytes("\r\nFrom: late@example.com\r\n\r\nbody\r\n"));
        byte[] message = out.toByteArray();

        MessageSummary s = parser.parse(message);

        assertThat(s.size()).isEqualTo(message.length);
        assertThat(s.envelope().subject()).isEqualTo("big");
        assertThat(s.body().bodySize()).isEqualTo(6);
        assertThat(s.body().bodyOffset()).isEqualTo(message.length - 6);
        assertThat(s.defects()).anyMatch(d -> d.startsWith("header longer than"));
        assertThat(s.headers().stream().mapToInt(f -> f.value().length()).sum())
                .isLessThanOrEqualTo(MimeLimits.DEFAULTS.maxIndexedHeaderBytes());
    }

    @Test
    void tenMegabyteSingleLineHeaderIsHandledToo() {
        byte[] message = new byte[10 * 1024 * 1024 + 40];
        java.util.Arrays.fill(message, (byte) 'b');
        byte[] head = bytes("X-Line: ");
        System.arraycopy(head, 0, message, 0, head.length);
        byte[] tail = bytes("\r\n\r\nok");
        System.arraycopy(tail, 0, message, message.length - tail.length, tail.length);

        MessageSummary s = parser.parse(message);

        assertThat(s.body().bodySize()).isEqualTo(2);
    }

    @Test
    void eightBitNulAndMalformedEncodedWordsGiveUsableStrings() {
        byte[] message = bytes("From: =?utf-8?q?broken <a@b.c>\r\n"
                + "Subject: caf\u00e9 \0 =?bogus?x?zz?= =?utf-8?b?!!!?=\r\n"
                + "To: team: one@x.org, \"Two\" <two@x.org>;, =?iso-8859-1?q?J=F6rg?= <j@x.org>\r\n"
                + "Content-Type: text/plain; charset=\"unterminated\r\n\r\nbody \0 \u00ff\r\n");

        MessageSummary s = parser.parse(message);

        assertThat(s.envelope().subject()).doesNotContain("\0").contains("caf\u00e9");
        assertThat(s.envelope().to()).extracting(Address::mailbox)
                .containsExactly("team", "one", "two", null, "j");
        assertThat(s.envelope().to().get(4).name()).isEqualTo("J\u00f6rg");
        String rendered = ImapSyntax.envelope(s.envelope(), false);
        assertThat(rendered).contains("((NIL NIL \"team\" NIL)(NIL NIL \"one\" \"x.org\")")
                .contains("(\"=?ISO-8859-1?Q?J=F6rg?=\" NIL \"j\" \"x.org\")")
                .doesNotContain("\0");
        assertThat(rendered).contains("{");
        assertThat(s.body().bodySize()).isEqualTo(10);
    }

    @Test
    void bareLineFeedsAndAMissingFinalNewlineWork() {
        byte[] message = bytes("Subject: lf\nContent-Type: multipart/alternative; boundary=q\n\n--q\n\none\n--q\n\ntwo\n--q--");

        MessageSummary s = parser.parse(message);

        assertThat(s.body().parts()).extracting(BodyPart::bodySize).containsExactly(3L, 3L);
        assertThat(s.body().bodyEnd()).isEqualTo(message.length);
        assertThat(s.defects()).isEmpty();
    }

    @Test
    void invalidContentTypeFallsBackToTextPlain() {
        MessageSummary s = parser.parse(bytes("Content-Type: garbage\r\n\r\nx"));

        assertThat(s.body().mimeType()).isEqualTo("text/plain");
        assertThat(s.defects()).anyMatch(d -> d.startsWith("invalid Content-Type"));
    }

    @Test
    void emptyMessageIsAnEmptyTextPart() {
        MessageSummary s = parser.parse(new byte[0]);

        assertThat(s.size()).isZero();
        assertThat(ImapSyntax.bodyStructure(s.body(), true, false))
                .isEqualTo("(\"TEXT\" \"PLAIN\" (\"CHARSET\" \"US-ASCII\") NIL NIL \"7BIT\" 0 0 NIL NIL NIL NIL)");
    }

    @Test
    void randomBytesNeverThrowAndOffsetsStayInsideTheMessage() {
        Random random = new Random(42);
        String[] pieces = {"--a\r\n", "--a--\r\n", "Content-Type: multipart/mixed; boundary=a\r\n", "\r\n",
                "Content-Type: message/rfc822\r\n", "X: y\r\n", " folded\r\n", "\n", "\r", "--", "\0", "\u00ff",
                "Subject: =?utf-8?q?x", "From: <@>,,;:\"\r\n", "text\r\n"};
        for (int run = 0; run < 2000; run++) {
            StringBuilder m = new StringBuilder();
            int n = random.nextInt(60);
            for (int i = 0; i < n; i++) {
                m.append(pieces[random.nextInt(pieces.length)]);
            }
            byte[] message = bytes(m.toString());
            MessageSummary s = parser.parse(message);
            assertThat(s.size()).isEqualTo(message.length);
            assertInside(s.body(), message.length);
            ImapSyntax.bodyStructure(s.body(), true, false);
            ImapSyntax.envelope(s.envelope(), false);
        }
    }

    private static void assertInside(BodyPart p, long size) {
        assertThat(p.headerOffset()).isBetween(0L, size);
        assertThat(p.bodyOffset()).isBetween(p.headerOffset(), size);
        assertThat(p.bodyEnd()).isBetween(p.bodyOffset(), size);
        p.parts().forEach(c -> assertInside(c, size));
        if (p.message() != null) {
            assertInside(p.message(), size);
        }
    }

    @Test
    void streamsAreReadInChunksOfAnySize() throws IOException {
        byte[] message = CorpusTest.crlf(CorpusTest.resource("mixed.eml"));
        MessageSummary whole = parser.parse(message);
        InputStream trickle = new InputStream() {
            int pos;

            @Override
            public int read() {
                return pos < message.length ? message[pos++] & 0xff : -1;
            }

            @Override
            public int read(byte[] b, int off, int len) {
                if (pos >= message.length) {
                    return -1;
                }
                b[off] = message[pos++];
                return 1;
            }
        };
        assertThat(parser.parse(trickle)).isEqualTo(whole);
    }
}
