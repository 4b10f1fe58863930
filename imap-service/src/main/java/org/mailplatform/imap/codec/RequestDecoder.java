package org.mailplatform.imap.codec;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;

/**
 * The client side of an IMAP connection as an explicit state machine (RFC 9051 sections 2.2 and
 * 4.3, LITERAL+ and LITERAL- from RFC 7888, literal8 from RFC 3516). Bytes go in, split anywhere;
 * {@link DecodedInput}s come out one at a time.
 *
 * <ul>
 *   <li>{@link State#LINE}: collects a line up to LF, at most {@code maxLineLength} bytes, then
 *       tokenizes it. A line ending in a literal header moves on to the literal.</li>
 *   <li>{@link State#LITERAL}: collects a small literal (a password, a name) into the command.</li>
 *   <li>{@link State#APPEND_DECISION}: APPEND announced a synchronizing literal; the session checks
 *       size and mailbox and calls {@link #acceptAppend()} (after sending {@code +}) or
 *       {@link #rejectAppend()}.</li>
 *   <li>{@link State#APPEND_DATA}: APPEND's message, handed on in chunks, never held whole.</li>
 *   <li>{@link State#SKIP_LITERAL} and {@link State#DISCARD_LINE}: throwing away what belongs to a
 *       refused command.</li>
 * </ul>
 *
 * Not thread-safe: one per connection.
 */
public final class RequestDecoder {

    /** Largest piece of APPEND data handed on at once. */
    public static final int APPEND_CHUNK = 64 * 1024;

    enum State { LINE, LITERAL, APPEND_DECISION, APPEND_DATA, SKIP_LITERAL, DISCARD_LINE }

    private final DecoderLimits limits;
    private final LineTokenizer tokenizer = new LineTokenizer();
    private final ByteArrayOutputStream line = new ByteArrayOutputStream(128);
    private State state = State.LINE;
    private boolean rawLineNext;
    private String tag;
    private long commandBytes;
    private long remaining;
    private ByteArrayOutputStream literal;
    private boolean appendTail;
    /** APPEND's message came as RFC 6855's {@code UTF8 (~{n}...)}: its tail is the closing ')'. */
    private boolean appendUtf8;

    public DecoderLimits limits() {
        return limits;
    }

    public RequestDecoder(DecoderLimits limits) {
        this.limits = limits;
    }

    /** The next line is handed on as {@link DecodedInput.Line}, not parsed as a command. */
    public void expectLine() {
        rawLineNext = true;
    }

    /** The session sent {@code +} for APPEND's synchronizing literal: the message bytes come next. */
    public void acceptAppend() {
        requireState(State.APPEND_DECISION);
        state = State.APPEND_DATA;
    }

    /**
     * The session refused the APPEND. After a synchronizing literal nothing was sent and the
     * decoder waits for the next command; after a non-synchronizing one the bytes on their way are
     * skipped.
     */
    public void rejectAppend() {
        if (state == State.APPEND_DECISION) {
            reset();
        } else if (state == State.APPEND_DATA) {
            state = State.SKIP_LITERAL;
        } else {
            throw new IllegalStateException("no APPEND in progress: " + state);
        }
    }

    /** Bytes of a literal the decoder still expects (0 when it waits for a line or a decision). */
    public long literalBytesExpected() {
        return switch (state) {
            case LITERAL, APPEND_DATA, SKIP_LITERAL -> remaining;
            default -> 0;
        };
    }

    /** Whether the decoder waits for the session's APPEND decision. */
    public boolean awaitingAppendDecision() {
        return state == State.APPEND_DECISION;
    }

    /**
     * Consumes bytes from {@code in} and returns the next input, or {@code null} when all of
     * {@code in} was consumed without completing one (or the decoder waits for an APPEND decision).
     */
    public DecodedInput decode(ByteBuffer in) {
        while (true) {
            switch (state) {
                case APPEND_DECISION -> {
                    return null;
                }
                case LINE -> {
                    if (!in.hasRemaining()) {
                        return null;
                    }
                    DecodedInput result = lineBytes(in);
                    if (result != null) {
                        return result;
                    }
                }
                case LITERAL -> {
                    int n = (int) Math.min(remaining, in.remaining());
                    byte[] chunk = new byte[n];
                    in.get(chunk);
                    literal.writeBytes(chunk);
                    remaining -= n;
                    if (remaining > 0) {
                        return null;
                    }
                    tokenizer.addLiteral(literal.toByteArray());
                    literal = null;
                    state = State.LINE;
                }
                case APPEND_DATA -> {
                    if (remaining == 0) {
                        state = State.LINE;
                        appendTail = true;
                        continue;
                    }
                    if (!in.hasRemaining()) {
                        return null;
                    }
                    int n = (int) Math.min(Math.min(remaining, in.remaining()), APPEND_CHUNK);
                    byte[] chunk = new byte[n];
                    in.get(chunk);
                    remaining -= n;
                    return new DecodedInput.AppendData(chunk, false);
                }
                case SKIP_LITERAL -> {
                    int n = (int) Math.min(remaining, in.remaining());
                    in.position(in.position() + n);
                    remaining -= n;
                    if (remaining > 0) {
                        return null;
                    }
                    state = State.DISCARD_LINE;
                }
                case DISCARD_LINE -> {
                    if (!skipToLineEnd(in)) {
                        return null;
                    }
                    reset();
                }
            }
        }
    }

    /** Collects line bytes; returns an input when the line completes something. */
    private DecodedInput lineBytes(ByteBuffer in) {
        int start = in.position();
        int lf = -1;
        for (int i = start; i < in.limit(); i++) {
            if (in.get(i) == '\n') {
                lf = i;
                break;
            }
        }
        int take = (lf < 0 ? in.limit() : lf) - start;
        if (line.size() + take > limits.maxLineLength() + 1) {
            String t = tagOf(line.toByteArray(), in, start, take);
            in.position(start + take);
            line.reset();
            boolean fatal = tag != null; // inside a command with literals: its rest cannot be trusted
            reset();
            state = State.DISCARD_LINE;
            return invalid(t, new ImapSyntaxException(ResponseCode.TOOBIG, "line too long"), fatal);
        }
        byte[] chunk = new byte[take];
        in.get(chunk);
        line.writeBytes(chunk);
        if (lf < 0) {
            return null;
        }
        in.get(); // the LF
        byte[] bytes = line.toByteArray();
        line.reset();
        int length = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
        byte[] text = length == bytes.length ? bytes : java.util.Arrays.copyOf(bytes, length);
        return completeLine(text);
    }

    private DecodedInput completeLine(byte[] text) {
        if (rawLineNext) {
            rawLineNext = false;
            return new DecodedInput.Line(new String(text, StandardCharsets.UTF_8));
        }
        if (appendTail) {
            String t = tag;
            boolean empty = appendUtf8 ? text.length == 1 && text[0] == ')' : text.length == 0;
            reset();
            return empty ? new DecodedInput.AppendData(new byte[0], true)
                    : invalid(t, new ImapSyntaxException("unexpected data after APPEND's message (MULTIAPPEND is not supported)"), false);
        }
        if (tag == null && text.length == 0) {
            return null; // an empty line between commands: ignore it, as most servers do
        }
        commandBytes += text.length;
        LineTokenizer.LiteralHeader literalHeader;
        try {
            literalHeader = tokenizer.tokenize(text);
            if (tag == null) {
                tag = readTag();
            }
        } catch (ImapSyntaxException e) {
            String t = tag != null ? tag : tagOf(text, null, 0, 0);
            boolean fatal = endsWithNonSyncLiteral(text);
            reset();
            return invalid(t, e, fatal);
        }
        if (commandBytes > limits.maxCommandSize()) {
            return refuseTooBig(literalHeader);
        }
        if (literalHeader == null) {
            return finishCommand();
        }
        if (isAppendMessage()) {
            return startAppend(literalHeader);
        }
        if (literalHeader.size() > limits.maxLiteralSize()
                || commandBytes + literalHeader.size() > limits.maxCommandSize()) {
            return refuseTooBig(literalHeader);
        }
        commandBytes += literalHeader.size();
        remaining = literalHeader.size();
        literal = new ByteArrayOutputStream((int) remaining);
        state = State.LITERAL;
        return literalHeader.synchronizing() ? new DecodedInput.ContinuationNeeded(tag, remaining) : null;
    }

    private DecodedInput refuseTooBig(LineTokenizer.LiteralHeader literalHeader) {
        String t = tag;
        reset();
        boolean fatal = literalHeader != null && !literalHeader.synchronizing();
        return invalid(t, new ImapSyntaxException(ResponseCode.TOOBIG, "command too large"), fatal);
    }

    private DecodedInput finishCommand() {
        if (tokenizer.depth() != 0) {
            String t = tag;
            reset();
            return invalid(t, new ImapSyntaxException("unbalanced '('"), false);
        }
        List<Arg> root = tokenizer.root();
        String t = tag;
        try {
            CommandLine commandLine = CommandLine.of(root);
            return new DecodedInput.Command(CommandParser.parse(commandLine));
        } catch (ImapSyntaxException e) {
            return invalid(t, e, false);
        } finally {
            reset();
        }
    }

    private boolean isAppendMessage() {
        List<Arg> root = tokenizer.root();
        return (tokenizer.depth() == 0 || utf8Wrapped(root)) && root.size() >= 3 && root.get(1) instanceof Arg.Atom a
                && a.text().toUpperCase(Locale.ROOT).equals("APPEND");
    }

    /** The line so far ends in {@code UTF8 (}: RFC 6855 section 4's APPEND data extension, inside its list. */
    private boolean utf8Wrapped(List<Arg> root) {
        return tokenizer.depth() == 1 && root.size() >= 2 && root.getLast() instanceof Arg.ListArg list
                && list.items().isEmpty() && root.get(root.size() - 2) instanceof Arg.Atom u
                && u.text().equalsIgnoreCase("UTF8");
    }

    private DecodedInput startAppend(LineTokenizer.LiteralHeader header) {
        ImapCommand.Append append;
        List<Arg> root = tokenizer.root();
        appendUtf8 = utf8Wrapped(root);
        try {
            List<Arg> args = appendUtf8 ? root.subList(0, root.size() - 2) : root;
            append = CommandParser.append(CommandLine.of(args), header.size(), header.synchronizing(),
                    header.binary() || appendUtf8);
        } catch (ImapSyntaxException e) {
            String t = tag;
            boolean fatal = !header.synchronizing();
            reset();
            return invalid(t, e, fatal);
        }
        remaining = header.size();
        state = header.synchronizing() ? State.APPEND_DECISION : State.APPEND_DATA;
        return new DecodedInput.Command(append);
    }

    private String readTag() {
        List<Arg> root = tokenizer.root();
        if (root.isEmpty() || !(root.getFirst() instanceof Arg.Atom atom)) {
            throw new ImapSyntaxException("missing tag");
        }
        String t = atom.text();
        if (!validTag(t)) {
            throw new ImapSyntaxException("invalid tag");
        }
        return t;
    }

    static boolean validTag(String t) {
        if (t.isEmpty() || t.length() > 64) {
            return false;
        }
        for (int i = 0; i < t.length(); i++) {
            char c = t.charAt(i);
            if (c <= 0x20 || c >= 0x7f || "(){%*\"\\+[".indexOf(c) >= 0) {
                return false;
            }
        }
        return true;
    }

    /** The tag at the start of a line being refused, if it is a valid one. */
    private String tagOf(byte[] buffered, ByteBuffer in, int start, int take) {
        if (tag != null) {
            return tag;
        }
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < buffered.length + take && b.length() <= 64; i++) {
            byte c = i < buffered.length ? buffered[i] : in.get(start + i - buffered.length);
            if (c == ' ') {
                String t = b.toString();
                return validTag(t) ? t : null;
            }
            b.append((char) (c & 0xff));
        }
        return null;
    }

    private static boolean endsWithNonSyncLiteral(byte[] text) {
        int n = text.length;
        if (n < 4 || text[n - 1] != '}' || (text[n - 2] != '+' && text[n - 2] != '-')) {
            return false;
        }
        int i = n - 3;
        while (i >= 0 && text[i] >= '0' && text[i] <= '9') {
            i--;
        }
        return i >= 0 && i < n - 3 && text[i] == '{';
    }

    private boolean skipToLineEnd(ByteBuffer in) {
        while (in.hasRemaining()) {
            if (in.get() == '\n') {
                return true;
            }
        }
        return false;
    }

    private DecodedInput invalid(String t, ImapSyntaxException e, boolean fatal) {
        return new DecodedInput.Invalid(t, e, fatal);
    }

    private void requireState(State expected) {
        if (state != expected) {
            throw new IllegalStateException("decoder is in " + state + ", not " + expected);
        }
    }

    private void reset() {
        tokenizer.reset();
        tag = null;
        commandBytes = 0;
        remaining = 0;
        literal = null;
        appendTail = false;
        appendUtf8 = false;
        rawLineNext = false;
        state = State.LINE;
    }
}
