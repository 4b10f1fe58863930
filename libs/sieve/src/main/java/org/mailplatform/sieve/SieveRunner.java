package org.mailplatform.sieve;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

import org.apache.jsieve.exception.SieveException;
import org.apache.jsieve.mail.Action;
import org.apache.jsieve.mail.ActionDiscard;
import org.apache.jsieve.mail.ActionRedirect;
import org.apache.jsieve.mail.ActionReject;
import org.apache.jsieve.mail.optional.ActionVacation;
import org.apache.jsieve.parser.generated.Node;

/**
 * Runs a compiled script against one message, at final delivery (as Pigeonhole and James do), and
 * turns what it asked for into a {@link SieveDecision}. RFC 5228 semantics as jSieve evaluates them:
 * the implicit keep unless {@code discard}, {@code fileinto}, {@code redirect} or {@code reject}
 * cancels it ({@code :copy} does not, RFC 3894), an explicit {@code keep}, several {@code fileinto}s
 * (one mailbox once), {@code stop}; each store with the flags {@code imap4flags} gave it (RFC 5232),
 * the implicit keep with the internal variable's last value.
 * A run-time error (jSieve throws, the message cannot be read, a {@link SieveLimits limit} is
 * exceeded) cancels every action and keeps the message (RFC 5228 2.10.6), with the error in the
 * decision. A test of a header the message lacks is no error: it is false.
 *
 * <p>Thread-safe; a compiled {@link Node} is not documented by jSieve as safe to evaluate from two
 * threads at once, so callers give each thread its own, or run one user's mail in order.
 */
public final class SieveRunner {

    private final SieveCompiler compiler;
    private final SieveLimits limits;

    public SieveRunner(SieveCompiler compiler, SieveLimits limits) {
        this.compiler = compiler;
        this.limits = limits;
    }

    public SieveLimits limits() {
        return limits;
    }

    /** Runs {@code script} where no mailbox exists for {@code mailboxexists}. */
    public SieveDecision run(Node script, SieveMessage message) {
        return run(script, message, MailboxLookup.NONE);
    }

    /** Runs {@code script}; {@code mailboxes} answers {@code mailboxexists}. */
    public SieveDecision run(Node script, SieveMessage message, MailboxLookup mailboxes) {
        return run(script, message, mailboxes, SieveEnvironment.defaults());
    }

    /**
     * Runs {@code script}; {@code mailboxes} answers {@code mailboxexists}, {@code environment} the
     * tests of the time, the sub-address and the delivery ({@code currentdate}, {@code date},
     * {@code :user}/{@code :detail}, {@code environment}).
     */
    public SieveDecision run(Node script, SieveMessage message, MailboxLookup mailboxes, SieveEnvironment environment) {
        MessageAdapter adapter;
        try {
            adapter = new MessageAdapter(message, limits, mailboxes, environment);
            compiler.factory().evaluate(adapter, script);
        } catch (SieveException | RuntimeException e) {
            return SieveDecision.failed(describe(e));
        } catch (StackOverflowError deep) {
            return SieveDecision.failed("script nested too deeply");
        }
        List<SieveAction> actions = new ArrayList<>();
        for (Action a : adapter.getActions()) {
            SieveAction action = convert(a);
            if (action != null && !actions.contains(action)) {
                actions.add(action);
            }
        }
        return new SieveDecision(actions, null);
    }

    private static SieveAction convert(Action a) {
        return switch (a) {
            case StoreAction s when s.mailbox == null -> new SieveAction.Keep(s.flags);
            case StoreAction s -> new SieveAction.FileInto(s.mailbox, s.flags, s.create, s.specialUse);
            case ActionDiscard d -> new SieveAction.Discard();
            // checked deliverable when added, so routable
            case ActionRedirect r -> new SieveAction.Redirect(MessageAdapter.routable(r.getAddress()));
            case ActionReject r -> new SieveAction.Reject(r.getMessage());
            case ActionVacation v -> vacation(v);
            default -> null; // none other is configured
        };
    }

    private static SieveAction.Vacation vacation(ActionVacation v) {
        // jSieve reads ":mime" as a tag with the MIME entity as its value, the reason left empty
        boolean mime = v.getMime() != null;
        String reason = mime ? v.getMime() : v.getReason();
        int days = Math.clamp(v.getDuration(), 1, SieveLimits.MAX_VACATION_DAYS);
        String handle = v.getHandle() != null ? v.getHandle() : defaultHandle(reason, v.getSubject(), v.getFrom());
        return new SieveAction.Vacation(days, v.getSubject(), v.getFrom(), v.getAddresses(), handle, reason, mime);
    }

    /**
     * RFC 5230 4.2: without {@code :handle}, replies with different reasons, subjects or senders are
     * different responses, so a changed text answers senders anew.
     */
    static String defaultHandle(String reason, String subject, String from) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (String part : new String[] {reason, subject, from}) {
                sha.update((part == null ? "\u0000" : part).getBytes(StandardCharsets.UTF_8));
                sha.update((byte) 0x1f);
            }
            return "auto:" + HexFormat.of().formatHex(sha.digest(), 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is always there", e);
        }
    }

    private static String describe(Throwable e) {
        String m = e.getMessage();
        String text = m == null || m.isBlank() ? e.getClass().getSimpleName() : m.strip().lines().findFirst().orElse(m);
        return text.length() > 300 ? text.substring(0, 300) : text;
    }
}
