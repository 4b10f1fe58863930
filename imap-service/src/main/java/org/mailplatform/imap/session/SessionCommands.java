package org.mailplatform.imap.session;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.mailplatform.imap.codec.ImapCommand;
import org.mailplatform.imap.codec.ImapResponse;
import org.mailplatform.imap.codec.ImapWriter;

/**
 * The commands valid in any state or about the session itself: CAPABILITY, NOOP, LOGOUT (RFC 9051
 * section 6.1), ENABLE (RFC 5161), ID (RFC 2971) and NAMESPACE (RFC 2342).
 */
public final class SessionCommands {

    private final String version;

    public SessionCommands(String version) {
        this.version = version;
    }

    public void capability(ImapCommand.Capability c, CommandContext ctx) {
        ImapWriter w = new ImapWriter(false).atom("CAPABILITY");
        Capabilities.of(ctx).forEach(w::atom);
        ctx.send(w.toResponse());
        ctx.done(ok(c.tag(), "CAPABILITY completed"));
    }

    public void noop(ImapCommand.Noop c, CommandContext ctx) {
        ctx.done(ok(c.tag(), "NOOP completed"));
    }

    public void logout(ImapCommand.Logout c, CommandContext ctx) {
        ctx.send(new ImapResponse.UntaggedStatus(ImapResponse.Condition.BYE, null, "logging out"));
        ctx.data().state(org.mailplatform.imap.codec.SessionState.LOGOUT);
        ctx.done(ok(c.tag(), "LOGOUT completed"));
    }

    /** ENABLE: answers with the extensions newly enabled; unknown ones are ignored (RFC 5161 section 3.1). */
    public void enable(ImapCommand.Enable c, CommandContext ctx) {
        List<String> newly = new ArrayList<>();
        for (String cap : c.capabilities()) {
            String upper = cap.toUpperCase(Locale.ROOT);
            if (Capabilities.ENABLEABLE.contains(upper) && ctx.data().enabled().add(upper)) {
                newly.add(upper.equals("IMAP4REV2") ? "IMAP4rev2" : upper);
                if (upper.equals("QRESYNC")) {
                    ctx.data().enabled().add("CONDSTORE");
                }
            }
        }
        ImapWriter w = new ImapWriter(false).atom("ENABLED");
        newly.forEach(w::atom);
        ctx.send(w.toResponse());
        ctx.done(ok(c.tag(), "ENABLE completed"));
    }

    /** ID: the client's parameters are only logged; the server names itself. */
    public void id(ImapCommand.Id c, CommandContext ctx) {
        ImapWriter w = new ImapWriter(false).atom("ID").open();
        for (Map.Entry<String, String> e : Map.of("name", "mail-platform", "version", version).entrySet().stream()
                .sorted(Map.Entry.comparingByKey()).toList()) {
            w.string(e.getKey()).string(e.getValue());
        }
        ctx.send(w.close().toResponse());
        ctx.done(ok(c.tag(), "ID completed"));
    }

    /** NAMESPACE: one personal namespace with delimiter {@code /}; no other users', no shared ones. */
    public void namespace(ImapCommand.Namespace c, CommandContext ctx) {
        ctx.send(new ImapWriter(false).atom("NAMESPACE").open().open().string("").string("/").close().close()
                .atom("NIL").atom("NIL").toResponse());
        ctx.done(ok(c.tag(), "NAMESPACE completed"));
    }

    static ImapResponse.Tagged ok(String tag, String text) {
        return new ImapResponse.Tagged(tag, ImapResponse.Condition.OK, null, text);
    }
}
