package org.mailplatform.imap.codec;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/** Test helper: feeds a decoder input in given pieces and collects what comes out. */
final class Feed {

    private Feed() {
    }

    /** Feeds {@code input} in pieces of {@code step} bytes (one piece when step <= 0). */
    static List<DecodedInput> all(RequestDecoder decoder, String input, int step) {
        return all(decoder, input.getBytes(StandardCharsets.UTF_8), step, e -> { });
    }

    static List<DecodedInput> all(RequestDecoder decoder, byte[] input, int step, Consumer<DecodedInput> onEach) {
        List<DecodedInput> out = new ArrayList<>();
        int size = step <= 0 ? Math.max(1, input.length) : step;
        for (int i = 0; i < input.length; i += size) {
            ByteBuffer piece = ByteBuffer.wrap(input, i, Math.min(size, input.length - i));
            drain(decoder, piece, out, onEach);
        }
        return out;
    }

    /** Splits {@code input} into two pieces at {@code at}. */
    static List<DecodedInput> split(RequestDecoder decoder, byte[] input, int at) {
        List<DecodedInput> out = new ArrayList<>();
        drain(decoder, ByteBuffer.wrap(input, 0, at), out, e -> { });
        drain(decoder, ByteBuffer.wrap(input, at, input.length - at), out, e -> { });
        return out;
    }

    private static void drain(RequestDecoder decoder, ByteBuffer piece, List<DecodedInput> out,
                              Consumer<DecodedInput> onEach) {
        while (true) {
            DecodedInput d = decoder.decode(piece);
            if (d == null) {
                if (decoder.awaitingAppendDecision()) {
                    decoder.acceptAppend();
                    continue;
                }
                return;
            }
            out.add(d);
            onEach.accept(d);
        }
    }

    static ImapCommand command(String line) {
        List<DecodedInput> out = all(new RequestDecoder(DecoderLimits.defaults()), line, 0);
        if (out.size() != 1 || !(out.getFirst() instanceof DecodedInput.Command c)) {
            throw new AssertionError("expected one command from " + line + " but got " + out);
        }
        return c.command();
    }

    static ImapSyntaxException error(String line) {
        List<DecodedInput> out = all(new RequestDecoder(DecoderLimits.defaults()), line, 0);
        if (out.size() != 1 || !(out.getFirst() instanceof DecodedInput.Invalid i)) {
            throw new AssertionError("expected one error from " + line + " but got " + out);
        }
        return i.error();
    }
}
