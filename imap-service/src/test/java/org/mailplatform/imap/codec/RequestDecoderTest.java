package org.mailplatform.imap.codec;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;

class RequestDecoderTest {

    private static final DecoderLimits SMALL = new DecoderLimits(100, 50, 400, 1000);

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void simpleCommandFedOneByteAtATime() {
        List<DecodedInput> out = Feed.all(new RequestDecoder(DecoderLimits.defaults()), "a1 NOOP\r\nA2 capability\r\n", 1);
        assertThat(out).containsExactly(new DecodedInput.Command(new ImapCommand.Noop("a1")),
                new DecodedInput.Command(new ImapCommand.Capability("A2")));
    }

    @Test
    void bareLfEndsALineToo() {
        assertThat(Feed.all(new RequestDecoder(DecoderLimits.defaults()), "x LOGOUT\n", 0))
                .containsExactly(new DecodedInput.Command(new ImapCommand.Logout("x")));
    }

    @Test
    void everySplitPointGivesTheSameCommands() {
        byte[] input = bytes("a LOGIN {4}\r\nuser \"pa\\\"ss\"\r\nb APPEND INBOX (\\Seen) {5+}\r\nhello\r\nc NOOP\r\n");
        List<DecodedInput> whole = Feed.all(new RequestDecoder(DecoderLimits.defaults()), input, 0, e -> { });
        assertThat(whole).hasSize(6); // continuation, login, append, data, last data, noop
        for (int at = 0; at <= input.length; at++) {
            RequestDecoder d = new RequestDecoder(DecoderLimits.defaults());
            List<DecodedInput> parts = Feed.split(d, input, at);
            assertThat(render(parts)).as("split at %d", at).isEqualTo(render(whole));
        }
    }

    private static String render(List<DecodedInput> inputs) {
        StringBuilder b = new StringBuilder();
        byte[] data = new byte[0];
        for (DecodedInput i : inputs) {
            if (i instanceof DecodedInput.AppendData d) {
                byte[] joined = new byte[data.length + d.bytes().length];
                System.arraycopy(data, 0, joined, 0, data.length);
                System.arraycopy(d.bytes(), 0, joined, data.length, d.bytes().length);
                data = joined;
                if (d.last()) {
                    b.append("data=").append(new String(data, StandardCharsets.UTF_8)).append('|');
                    data = new byte[0];
                }
            } else {
                b.append(i).append('|');
            }
        }
        return b.toString();
    }

    @Test
    void synchronizingLiteralAsksForContinuationThenCompletes() {
        RequestDecoder d = new RequestDecoder(DecoderLimits.defaults());
        assertThat(d.decode(ByteBuffer.wrap(bytes("a LOGIN {4}\r\n")))).isEqualTo(new DecodedInput.ContinuationNeeded("a", 4));
        assertThat(d.literalBytesExpected()).isEqualTo(4);
        assertThat(d.decode(ByteBuffer.wrap(bytes("joe ")))).isNull();
        assertThat(d.decode(ByteBuffer.wrap(bytes("{6}\r\n")))).isEqualTo(new DecodedInput.ContinuationNeeded("a", 6));
        DecodedInput login = d.decode(ByteBuffer.wrap(bytes("s3cr t\r\n")));
        assertThat(login).isEqualTo(new DecodedInput.Command(new ImapCommand.Login("a", "joe ", "s3cr t")));
    }

    @Test
    void nonSynchronizingLiteralsNeedNoContinuation() {
        assertThat(Feed.all(new RequestDecoder(DecoderLimits.defaults()), "a LOGIN {3+}\r\njoe {2-}\r\npw\r\n", 0))
                .containsExactly(new DecodedInput.Command(new ImapCommand.Login("a", "joe", "pw")));
    }

    @Test
    void literalAboveTheLimitIsRefusedWithoutReadingIt() {
        RequestDecoder d = new RequestDecoder(SMALL);
        List<DecodedInput> out = Feed.all(d, "a LOGIN {1073741824}\r\nb NOOP\r\n", 0);
        assertThat(out).hasSize(2);
        DecodedInput.Invalid invalid = (DecodedInput.Invalid) out.get(0);
        assertThat(invalid.tag()).isEqualTo("a");
        assertThat(invalid.error().code()).isEqualTo(ResponseCode.TOOBIG);
        assertThat(invalid.fatal()).isFalse();
        assertThat(out.get(1)).isEqualTo(new DecodedInput.Command(new ImapCommand.Noop("b")));
    }

    @Test
    void nonSynchronizingLiteralAboveTheLimitIsFatal() {
        List<DecodedInput> out = Feed.all(new RequestDecoder(SMALL), "a LOGIN {1073741824+}\r\n", 0);
        assertThat(out).singleElement().isInstanceOfSatisfying(DecodedInput.Invalid.class,
                i -> assertThat(i.fatal()).isTrue());
    }

    @Test
    void tooManyLiteralsMakeTheCommandTooLarge() {
        String cmd = "a SEARCH TEXT {40+}\r\n" + "x".repeat(40) + " TEXT {40+}\r\n" + "x".repeat(40)
                + " TEXT {40+}\r\n" + "x".repeat(40) + " TEXT {40+}\r\n" + "x".repeat(40)
                + " TEXT {40+}\r\n" + "x".repeat(40) + " TEXT {40+}\r\n" + "x".repeat(40)
                + " TEXT {40+}\r\n" + "x".repeat(40) + " TEXT {40+}\r\n" + "x".repeat(40) + "\r\n";
        List<DecodedInput> out = Feed.all(new RequestDecoder(SMALL), cmd, 7);
        assertThat(out.getFirst()).isInstanceOfSatisfying(DecodedInput.Invalid.class, i -> {
            assertThat(i.error().code()).isEqualTo(ResponseCode.TOOBIG);
            assertThat(i.fatal()).isTrue();
        });
    }

    @Test
    void longLineIsRefusedWithItsTagAndTheNextCommandStillWorks() {
        String line = "t1 LOGIN " + "x".repeat(1_000_000) + "\r\nt2 NOOP\r\n";
        List<DecodedInput> out = Feed.all(new RequestDecoder(SMALL), line, 8192);
        assertThat(out).hasSize(2);
        assertThat(out.get(0)).isInstanceOfSatisfying(DecodedInput.Invalid.class, i -> {
            assertThat(i.tag()).isEqualTo("t1");
            assertThat(i.error().code()).isEqualTo(ResponseCode.TOOBIG);
        });
        assertThat(out.get(1)).isEqualTo(new DecodedInput.Command(new ImapCommand.Noop("t2")));
    }

    @Test
    void appendStreamsTheMessageInChunksAfterTheSessionAccepts() {
        RequestDecoder d = new RequestDecoder(DecoderLimits.defaults());
        ByteBuffer in = ByteBuffer.wrap(bytes("A3 APPEND \"Sent Items\" (\\Seen $Work) \" 7-Feb-1994 21:52:25 -0800\" {11}\r\n"));
        DecodedInput first = d.decode(in);
        assertThat(first).isInstanceOfSatisfying(DecodedInput.Command.class, c -> {
            ImapCommand.Append a = (ImapCommand.Append) c.command();
            assertThat(a.mailbox()).isEqualTo("Sent Items");
            assertThat(a.flags()).containsExactly("\\Seen", "$Work");
            assertThat(a.internalDate()).hasToString("1994-02-07T21:52:25-08:00");
            assertThat(a.size()).isEqualTo(11);
            assertThat(a.synchronizing()).isTrue();
        });
        assertThat(d.awaitingAppendDecision()).isTrue();
        assertThat(d.decode(ByteBuffer.wrap(bytes("ignored?")))).isNull();
        d.acceptAppend();
        assertThat(d.literalBytesExpected()).isEqualTo(11);
        ByteBuffer data = ByteBuffer.wrap(bytes("Hello "));
        assertThat(d.decode(data)).isInstanceOfSatisfying(DecodedInput.AppendData.class,
                a -> assertThat(new String(a.bytes(), StandardCharsets.UTF_8)).isEqualTo("Hello "));
        ByteBuffer rest = ByteBuffer.wrap(bytes("World\r\nB NOOP\r\n"));
        assertThat(d.decode(rest)).isInstanceOfSatisfying(DecodedInput.AppendData.class,
                a -> assertThat(a.last()).isFalse());
        DecodedInput end = d.decode(rest);
        assertThat(end).isInstanceOfSatisfying(DecodedInput.AppendData.class, a -> {
            assertThat(a.last()).isTrue();
            assertThat(a.bytes()).isEmpty();
        });
        assertThat(d.decode(rest)).isEqualTo(new DecodedInput.Command(new ImapCommand.Noop("B")));
    }

    @Test
    void rejectedSynchronizingAppendLeavesTheDecoderReadyForTheNextCommand() {
        RequestDecoder d = new RequestDecoder(DecoderLimits.defaults());
        ByteBuffer in = ByteBuffer.wrap(bytes("a APPEND nosuch {999999999}\r\nb NOOP\r\n"));
        assertThat(d.decode(in)).isInstanceOf(DecodedInput.Command.class);
        d.rejectAppend();
        assertThat(d.decode(in)).isEqualTo(new DecodedInput.Command(new ImapCommand.Noop("b")));
    }

    @Test
    void rejectedNonSynchronizingAppendSkipsTheBytesOnTheirWay() {
        RequestDecoder d = new RequestDecoder(DecoderLimits.defaults());
        ByteBuffer in = ByteBuffer.wrap(bytes("a APPEND nosuch {5+}\r\nb NOOP\r\nc NOOP\r\n"));
        assertThat(d.decode(in)).isInstanceOf(DecodedInput.Command.class);
        d.rejectAppend();
        // "b NOO" is the message; "P" and CRLF end APPEND's line
        assertThat(d.decode(in)).isEqualTo(new DecodedInput.Command(new ImapCommand.Noop("c")));
    }

    @Test
    void appendWithMailboxAsLiteralAndEmptyMessage() {
        List<DecodedInput> out = Feed.all(new RequestDecoder(DecoderLimits.defaults()),
                "a APPEND {5+}\r\nINBOX {0+}\r\n\r\n", 1);
        assertThat(out).hasSize(2);
        assertThat(out.get(0)).isInstanceOfSatisfying(DecodedInput.Command.class,
                c -> assertThat(((ImapCommand.Append) c.command()).mailbox()).isEqualTo("INBOX"));
        assertThat(out.get(1)).isInstanceOfSatisfying(DecodedInput.AppendData.class, a -> assertThat(a.last()).isTrue());
    }

    @Test
    void utf8AppendDataExtensionAtEverySplit() {
        // RFC 6855 section 4: APPEND mailbox UTF8 (literal8); the ')' after the message ends the command
        String input = "a APPEND INBOX (\\Seen) UTF8 (~{5+}\r\nSü\r\n)\r\nb NOOP\r\n";
        for (int step = 0; step <= 8; step++) {
            List<DecodedInput> out = Feed.all(new RequestDecoder(DecoderLimits.defaults()), input, step);
            assertThat(out.getFirst()).as("step " + step).isInstanceOfSatisfying(DecodedInput.Command.class, c -> {
                ImapCommand.Append a = (ImapCommand.Append) c.command();
                assertThat(a.mailbox()).isEqualTo("INBOX");
                assertThat(a.flags()).containsExactly("\\Seen");
                assertThat(a.size()).isEqualTo(5);
            });
            byte[] message = out.stream().filter(DecodedInput.AppendData.class::isInstance)
                    .map(i -> ((DecodedInput.AppendData) i).bytes())
                    .reduce(new byte[0], (x, y) -> {
                        byte[] z = java.util.Arrays.copyOf(x, x.length + y.length);
                        System.arraycopy(y, 0, z, x.length, y.length);
                        return z;
                    });
            assertThat(new String(message, StandardCharsets.UTF_8)).as("step " + step).isEqualTo("Sü\r\n");
            assertThat(out.getLast()).as("step " + step).isEqualTo(new DecodedInput.Command(new ImapCommand.Noop("b")));
        }
    }

    @Test
    void utf8AppendWithoutItsClosingParenthesisIsBad() {
        List<DecodedInput> out = Feed.all(new RequestDecoder(DecoderLimits.defaults()),
                "a APPEND INBOX UTF8 (~{2+}\r\nhi\r\nb NOOP\r\n", 0);
        assertThat(out.get(out.size() - 2)).isInstanceOf(DecodedInput.Invalid.class);
        assertThat(out.getLast()).isEqualTo(new DecodedInput.Command(new ImapCommand.Noop("b")));
    }

    @Test
    void binaryAppendUsesLiteral8() {
        List<DecodedInput> out = Feed.all(new RequestDecoder(DecoderLimits.defaults()), "a APPEND INBOX ~{3+}\r\na\0b\r\n", 0);
        assertThat(out.get(0)).isInstanceOfSatisfying(DecodedInput.Command.class,
                c -> assertThat(((ImapCommand.Append) c.command()).binary()).isTrue());
        assertThat(((DecodedInput.AppendData) out.get(1)).bytes()).containsExactly('a', 0, 'b');
    }

    @Test
    void multiappendIsRefused() {
        List<DecodedInput> out = Feed.all(new RequestDecoder(DecoderLimits.defaults()),
                "a APPEND INBOX {1+}\r\nx {1+}\r\ny\r\n", 0);
        assertThat(out.get(2)).isInstanceOfSatisfying(DecodedInput.Invalid.class, i -> assertThat(i.tag()).isEqualTo("a"));
    }

    @Test
    void appendWithoutLiteralIsBad() {
        assertThat(Feed.error("a APPEND INBOX hello\r\n").getMessage()).contains("literal");
    }

    @Test
    void rawLineModeHandsTheLineOver() {
        RequestDecoder d = new RequestDecoder(DecoderLimits.defaults());
        ByteBuffer in = ByteBuffer.wrap(bytes("a AUTHENTICATE PLAIN\r\nAGpvZQBwdw==\r\n"));
        assertThat(d.decode(in)).isEqualTo(new DecodedInput.Command(new ImapCommand.Authenticate("a", "PLAIN", null)));
        d.expectLine();
        assertThat(d.decode(in)).isEqualTo(new DecodedInput.Line("AGpvZQBwdw=="));
    }

    @Test
    void garbageIsRefusedWithoutATag() {
        List<DecodedInput> out = Feed.all(new RequestDecoder(DecoderLimits.defaults()), "\u0001\u0002 \r\n", 0);
        assertThat(out).singleElement().isInstanceOfSatisfying(DecodedInput.Invalid.class, i -> {
            assertThat(i.tag()).isNull();
            assertThat(i.fatal()).isFalse();
        });
        assertThat(Feed.all(new RequestDecoder(DecoderLimits.defaults()), new byte[] {(byte) 0xff, (byte) 0xfe, '\r', '\n'}, 0, e -> { }))
                .singleElement().isInstanceOf(DecodedInput.Invalid.class);
    }

    @Test
    void garbageLineEndingInNonSynchronizingLiteralIsFatal() {
        // the literal's bytes would otherwise be read as commands (command injection)
        List<DecodedInput> out = Feed.all(new RequestDecoder(DecoderLimits.defaults()), "a LOGIN \"unterminated {5+}\r\n", 0);
        assertThat(out).singleElement().isInstanceOfSatisfying(DecodedInput.Invalid.class,
                i -> assertThat(i.fatal()).isTrue());
    }

    @Test
    void errorsKeepTheTag() {
        List<DecodedInput> out = Feed.all(new RequestDecoder(DecoderLimits.defaults()), "t7 FROB x\r\nt8 FETCH 1 (FLAGS\r\n", 0);
        assertThat(out).extracting(i -> ((DecodedInput.Invalid) i).tag()).containsExactly("t7", "t8");
    }

    @Test
    void invalidTagsAreRefused() {
        assertThat(Feed.error("+a NOOP\r\n")).isNotNull();
        assertThat(Feed.error("a{ NOOP\r\n")).isNotNull();
        assertThat(Feed.error("\"a\" NOOP\r\n").getMessage()).contains("tag");
    }

    @Test
    void emptyLinesBetweenCommandsAreIgnored() {
        assertThat(Feed.all(new RequestDecoder(DecoderLimits.defaults()), "\r\n\r\na NOOP\r\n", 1))
                .containsExactly(new DecodedInput.Command(new ImapCommand.Noop("a")));
    }
}
