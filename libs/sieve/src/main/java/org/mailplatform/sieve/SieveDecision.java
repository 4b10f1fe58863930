package org.mailplatform.sieve;

import java.util.List;
import java.util.Optional;

/**
 * What a user's script decided for one message: its actions in script order, each at most once
 * ({@code keep} and {@code fileinto} to one mailbox, redirects to one address). The implicit keep
 * (RFC 5228 2.10.2) is a {@link SieveAction.Keep} in the list when no action cancelled it.
 *
 * @param actions what to do; never empty unless the script discarded, rejected, redirected or filed
 *                the message elsewhere
 * @param error   why the script failed at run time (RFC 5228 2.10.6: then the message is kept and
 *                nothing else happens), or null
 */
public record SieveDecision(List<SieveAction> actions, String error) {

    private static final SieveDecision KEEP = new SieveDecision(List.of(new SieveAction.Keep()), null);

    public SieveDecision {
        actions = List.copyOf(actions);
    }

    /** No script, or one that asked for nothing: the message goes where it would anyway. */
    public static SieveDecision keep() {
        return KEEP;
    }

    /** A script that failed: the implicit keep alone, with the reason for the log. */
    public static SieveDecision failed(String error) {
        return new SieveDecision(List.of(new SieveAction.Keep()), error == null ? "script error" : error);
    }

    public boolean failed() {
        return error != null;
    }

    public Optional<String> errorMessage() {
        return Optional.ofNullable(error);
    }

    /** The actions of one kind, in order. */
    public <A extends SieveAction> List<A> all(Class<A> kind) {
        return actions.stream().filter(kind::isInstance).map(kind::cast).toList();
    }

    public boolean keeps() {
        return actions.stream().anyMatch(a -> a instanceof SieveAction.Keep);
    }
}
