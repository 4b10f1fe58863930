package org.mailplatform.sieve;

import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * One action a Sieve script decided on for a message (RFC 5228 section 4, RFC 5429, RFC 5230, with
 * RFC 5232's flags and RFC 5490's {@code :create}).
 */
public sealed interface SieveAction {

    /**
     * Store the message where it would have gone without a script (explicit or implicit keep).
     *
     * @param flags the flags the stored message gets ({@code imap4flags}: {@code :flags}, or the
     *              internal variable; system flags in their canonical spelling, keywords as written)
     */
    record Keep(Set<String> flags) implements SieveAction {
        public Keep {
            flags = flags == null ? Set.of() : Collections.unmodifiableSet(new LinkedHashSet<>(flags));
        }

        public Keep() {
            this(Set.of());
        }
    }

    /**
     * Store the message in this mailbox (by name, {@code /} as delimiter as the store has it).
     *
     * @param flags      the flags the stored message gets, as for {@link Keep}
     * @param create     {@code :create} (RFC 5490): make the mailbox if it does not exist
     * @param specialUse {@code :specialuse} (RFC 8579): the mailbox with this special-use attribute
     *                   if the user has one, else the named mailbox (created with the attribute for
     *                   {@code :create}); null without it
     */
    record FileInto(String mailbox, Set<String> flags, boolean create, String specialUse) implements SieveAction {
        public FileInto {
            Objects.requireNonNull(mailbox, "mailbox");
            flags = flags == null ? Set.of() : Collections.unmodifiableSet(new LinkedHashSet<>(flags));
        }

        public FileInto(String mailbox, Set<String> flags, boolean create) {
            this(mailbox, flags, create, null);
        }

        public FileInto(String mailbox) {
            this(mailbox, Set.of(), false, null);
        }
    }

    /** Store nothing (cancels the implicit keep only; other actions still happen). */
    record Discard() implements SieveAction {
    }

    /** Send the message on, unchanged, to this address (envelope recipient; the domain as an A-label). */
    record Redirect(String address) implements SieveAction {
        public Redirect {
            Objects.requireNonNull(address, "address");
        }
    }

    /** Refuse the message: a non-delivery report with this reason to its envelope sender. */
    record Reject(String reason) implements SieveAction {
        public Reject {
            reason = reason == null ? "" : reason;
        }
    }

    /**
     * Answer the sender once per {@code days} (RFC 5230); the message is still kept.
     *
     * @param days      1 to {@value SieveLimits#MAX_VACATION_DAYS} ({@code :days}, default 7, clamped)
     * @param subject   {@code :subject}, or null for "Auto: " and the original subject
     * @param from      {@code :from}, or null for the user's address
     * @param addresses {@code :addresses}: the user's other addresses
     * @param handle    {@code :handle}, or a hash of reason, subject and from when the script gave none
     *                  (so that changing the text answers senders anew, as RFC 5230 4.2 suggests)
     * @param reason    the reply's text, or with {@code mime} a whole MIME entity (header and body)
     * @param mime      whether {@code reason} is a MIME entity ({@code :mime})
     */
    record Vacation(int days, String subject, String from, List<String> addresses, String handle, String reason,
                    boolean mime) implements SieveAction {
        public Vacation {
            addresses = addresses == null ? List.of() : List.copyOf(addresses);
            Objects.requireNonNull(handle, "handle");
            reason = reason == null ? "" : reason;
        }
    }
}
