package org.mailplatform.mailauth;

import java.io.ByteArrayOutputStream;
import java.net.IDN;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Removes, from a message streaming past, the {@code Authentication-Results} fields that claim this
 * host's authserv-id (RFC 8601 section 5: a border MTA must not let such a field through, since the
 * recipient's mail program trusts fields with its own ADMD's name). Fields of other authserv-ids,
 * every other field and the body pass unchanged; the field we add ourselves travels apart from the
 * message and is never seen here.
 *
 * <p>The authserv-id is read as RFC 8601 section 2.2 writes it: after optional CFWS (comments, folded
 * whitespace) a {@code value} (RFC 2045 token or quoted-string), compared case-insensitively, a
 * trailing dot and U-label/A-label spelling ignored; what follows it (the optional version, the
 * results) does not matter.
 *
 * <p>Memory is bounded by {@code maxUndecided}: only the start of a field is held, until its name
 * shows it is not an {@code Authentication-Results} field or its authserv-id is read. A field
 * whose authserv-id cannot be read within that many bytes (a wall of comments in front of it)
 * could be one of ours and is removed too. Expects the message's CRLF line ends; a bare LF also
 * ends a line.
 */
public final class ForgedResultsFilter {

    private static final byte[] NAME = "authentication-results".getBytes(StandardCharsets.US_ASCII);
    private static final String TSPECIALS = "()<>@,;:\\\"/[]?=";

    private enum State {
        /** At the start of a header line: a continuation, a new field or the empty line. */
        LINE_START,
        /** After a CR at the start of a line: the empty line that ends the header, if LF follows. */
        LINE_START_CR,
        /** Reading a field's name, held, while it may be {@code Authentication-Results}. */
        NAME,
        /** In an A-R field's value before the authserv-id: CFWS. */
        BEFORE_ID,
        /** In a comment before the authserv-id. */
        COMMENT,
        /** Reading a token authserv-id. */
        TOKEN,
        /** Reading a quoted-string authserv-id. */
        QUOTED,
        /** Passing the rest of a field on. */
        KEEP,
        /** Dropping the rest of a field. */
        DROP,
        /** Past the header: everything passes. */
        BODY
    }

    private final String ours;
    private final String oursAscii;
    private final int maxUndecided;
    private final ByteArrayOutputStream held = new ByteArrayOutputStream(64);
    private final ByteArrayOutputStream id = new ByteArrayOutputStream(64);
    private State state = State.LINE_START;
    /** The state of the field a continuation line belongs to ({@code KEEP}, {@code DROP} or an undecided one). */
    private State field = State.KEEP;
    private int nameMatched;
    private int commentDepth;
    private boolean escaped;
    private int removed;

    /**
     * @param authservId   this host's authserv-id, as written in the field it adds
     * @param maxUndecided most bytes of one field held before it is known to be harmless
     */
    public ForgedResultsFilter(String authservId, int maxUndecided) {
        this.ours = normalized(authservId);
        this.oursAscii = ascii(ours);
        this.maxUndecided = maxUndecided;
    }

    /**
     * Takes the next bytes of the message.
     *
     * @return what passes on now (possibly empty; {@code data} itself once in the body)
     */
    public byte[] accept(byte[] data) {
        if (state == State.BODY) {
            return data;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(data.length);
        for (int i = 0; i < data.length; i++) {
            step(data[i], out);
            if (state == State.BODY) {
                out.write(data, i + 1, data.length - i - 1);
                break;
            }
        }
        return out.toByteArray();
    }

    /** The message ended (possibly inside its header): what is still held and passes. */
    public byte[] finish() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        if (state == State.LINE_START_CR) {
            out.write('\r');
        } else if (state == State.NAME) {
            out.writeBytes(held.toByteArray());
        } else if (undecided(state) || (state == State.LINE_START && undecided(field))) {
            endUndecided(out);
        }
        state = State.BODY;
        return out.toByteArray();
    }

    /** How many fields were removed so far. */
    public int removed() {
        return removed;
    }

    private void step(byte b, ByteArrayOutputStream out) {
        switch (state) {
            case LINE_START -> lineStart(b, out);
            case LINE_START_CR -> {
                out.write('\r');
                if (b == '\n') {
                    out.write(b);
                    state = State.BODY;
                } else {
                    keep(b, out); // a line starting with a bare CR: no field of ours
                }
            }
            case NAME -> name(b, out);
            case BEFORE_ID, COMMENT, TOKEN, QUOTED -> value(b, out);
            case KEEP -> {
                out.write(b);
                if (b == '\n') {
                    lineEnd(State.KEEP);
                }
            }
            case DROP -> {
                if (b == '\n') {
                    lineEnd(State.DROP);
                }
            }
            case BODY -> out.write(b);
        }
    }

    private void lineStart(byte b, ByteArrayOutputStream out) {
        if (b == ' ' || b == '\t') {
            // a continuation of the field before: same fate
            state = field;
            step(b, out);
            return;
        }
        if (undecided(field)) {
            endUndecided(out);
        }
        if (b == '\r') {
            state = State.LINE_START_CR;
        } else if (b == '\n') {
            out.write(b);
            state = State.BODY;
        } else {
            held.reset();
            nameMatched = 0;
            state = State.NAME;
            name(b, out);
        }
    }

    private void lineEnd(State of) {
        field = of;
        state = State.LINE_START;
    }

    private void name(byte b, ByteArrayOutputStream out) {
        if (nameMatched < NAME.length && Character.toLowerCase((char) (b & 0xff)) == NAME[nameMatched]) {
            nameMatched++;
            hold(b);
        } else if (nameMatched == NAME.length && (b == ' ' || b == '\t')) {
            hold(b); // obsolete syntax: white space before the colon (RFC 5322 4.5)
        } else if (nameMatched == NAME.length && b == ':') {
            id.reset();
            commentDepth = 0;
            escaped = false;
            state = State.BEFORE_ID;
            hold(b);
        } else {
            keep(b, out);
        }
    }

    private void value(byte b, ByteArrayOutputStream out) {
        if (b == '\n') {
            if (state == State.TOKEN) {
                decide(b, out);
                return;
            }
            hold(b);
            // an undecided field whose next line may continue it; comments and quoted strings may fold
            field = state;
            state = State.LINE_START;
            return;
        }
        switch (state) {
            case BEFORE_ID -> {
                if (b == '(') {
                    commentDepth = 1;
                    state = State.COMMENT;
                } else if (b == '"') {
                    state = State.QUOTED;
                } else if (tokenChar(b)) {
                    id.write(b);
                    state = State.TOKEN;
                } else if (b != ' ' && b != '\t' && b != '\r') {
                    // a value that starts with no authserv-id (";" at once): it names nobody
                    keep(b, out);
                    return;
                }
                hold(b);
            }
            case COMMENT -> {
                if (escaped) {
                    escaped = false;
                } else if (b == '\\') {
                    escaped = true;
                } else if (b == '(') {
                    commentDepth++;
                } else if (b == ')' && --commentDepth == 0) {
                    state = State.BEFORE_ID;
                }
                hold(b);
            }
            case TOKEN -> {
                if (tokenChar(b)) {
                    id.write(b);
                    hold(b);
                } else {
                    decide(b, out);
                }
            }
            case QUOTED -> {
                if (escaped) {
                    escaped = false;
                    id.write(b);
                    hold(b);
                } else if (b == '\\') {
                    escaped = true;
                    hold(b);
                } else if (b == '"') {
                    decide(b, out);
                } else {
                    if (b != '\r') {
                        id.write(b);
                    }
                    hold(b);
                }
            }
            default -> throw new IllegalStateException(state.name());
        }
    }

    /** The authserv-id is read: the field goes, with {@code b}, or passes on. */
    private void decide(byte b, ByteArrayOutputStream out) {
        if (claimsOurs(id.toString(StandardCharsets.UTF_8))) {
            drop();
            step(b, out);
        } else {
            keep(b, out);
        }
    }

    /** A field that ended before its authserv-id was read names nobody and stays. */
    private void endUndecided(ByteArrayOutputStream out) {
        if (state == State.TOKEN || field == State.TOKEN) {
            // the id ran to the end of the message
            if (claimsOurs(id.toString(StandardCharsets.UTF_8))) {
                held.reset();
                removed++;
                field = State.DROP;
                return;
            }
        }
        out.writeBytes(held.toByteArray());
        held.reset();
        field = State.KEEP;
    }

    private void hold(byte b) {
        held.write(b);
        if (held.size() > maxUndecided) {
            // too long to tell whose it is: it may be ours
            drop();
        }
    }

    private void keep(byte b, ByteArrayOutputStream out) {
        out.writeBytes(held.toByteArray());
        held.reset();
        state = State.KEEP;
        step(b, out);
    }

    private void drop() {
        held.reset();
        removed++;
        state = State.DROP;
    }

    private static boolean undecided(State s) {
        return s == State.BEFORE_ID || s == State.COMMENT || s == State.TOKEN || s == State.QUOTED;
    }

    private boolean claimsOurs(String authservId) {
        String claimed = normalized(authservId);
        if (claimed.isEmpty()) {
            return false;
        }
        return claimed.equals(ours) || (oursAscii != null && oursAscii.equals(ascii(claimed)));
    }

    private static boolean tokenChar(byte b) {
        int c = b & 0xff;
        // RFC 2045 token; octets above 127 for a UTF-8 name (RFC 6532)
        return c > 127 || (c > 32 && c < 127 && TSPECIALS.indexOf(c) < 0);
    }

    private static String normalized(String name) {
        String n = name == null ? "" : name.strip().toLowerCase(Locale.ROOT);
        return n.endsWith(".") ? n.substring(0, n.length() - 1) : n;
    }

    private static String ascii(String name) {
        try {
            return IDN.toASCII(name, IDN.ALLOW_UNASSIGNED).toLowerCase(Locale.ROOT);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
