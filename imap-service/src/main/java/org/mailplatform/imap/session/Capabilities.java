package org.mailplatform.imap.session;

import java.util.ArrayList;
import java.util.List;

import org.mailplatform.imap.codec.SessionState;
import org.mailplatform.protocol.tls.StartTls;

/**
 * The CAPABILITY list (RFC 9051 section 7.2.2) for a connection's current state: only what the
 * server really implements, and STARTTLS/LOGINDISABLED/AUTH=PLAIN as the connection allows.
 */
public final class Capabilities {

    /** ENABLE-able extensions (RFC 5161) the server implements. */
    public static final List<String> ENABLEABLE = List.of("CONDSTORE", "QRESYNC", "IMAP4REV2", "UTF8=ACCEPT");

    private static final List<String> ALWAYS = List.of("IMAP4rev1", "IMAP4rev2", "LITERAL+", "ENABLE", "ID");
    private static final List<String> AUTHENTICATED = List.of("NAMESPACE", "UNSELECT", "UIDPLUS", "MOVE", "IDLE",
            "CHILDREN", "SPECIAL-USE", "CREATE-SPECIAL-USE", "ESEARCH", "SEARCHRES", "STATUS=SIZE", "CONDSTORE", "QRESYNC", "BINARY", "OBJECTID", "QUOTA", "QUOTA=RES-STORAGE", "QUOTA=RES-MESSAGE", "SORT", "THREAD=ORDEREDSUBJECT", "THREAD=REFERENCES", "LIST-EXTENDED", "LIST-STATUS", "UTF8=ACCEPT");

    private Capabilities() {
    }

    public static List<String> of(CommandContext ctx) {
        List<String> caps = new ArrayList<>(ALWAYS);
        if (ctx.data().state() == SessionState.NOT_AUTHENTICATED) {
            if (StartTls.available(ctx.channel(), ctx.connection().listener(), ctx.settings().sslContext())) {
                caps.add("STARTTLS");
            }
            if (ctx.plaintextAuthAllowed()) {
                caps.add("AUTH=PLAIN");
                caps.add("SASL-IR");
            } else {
                caps.add("LOGINDISABLED");
            }
        } else {
            caps.addAll(AUTHENTICATED);
            caps.add("APPENDLIMIT=" + ctx.settings().limits().maxAppendSize());
            if (!CompressCommand.active(ctx.channel())) {
                caps.add("COMPRESS=DEFLATE");
            }
        }
        return caps;
    }
}
