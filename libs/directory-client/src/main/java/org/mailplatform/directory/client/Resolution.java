package org.mailplatform.directory.client;

import java.util.List;
import java.util.Objects;

import org.mailplatform.model.Principal;

/** The outcome of {@link Directory#resolve}: what a recipient address stands for. */
public sealed interface Resolution {

    /** The address (or a domain alias of it) is a mailbox of this user. */
    record LocalUser(Principal principal) implements Resolution {
        public LocalUser {
            Objects.requireNonNull(principal, "principal");
        }
    }

    /**
     * The address is an alias or hits a catch-all: deliver to these targets instead, each a local
     * or remote address. The directory expands nested aliases itself (to a bounded depth), so
     * resolving a target again answers {@link LocalUser} or {@link NotLocalDomain}.
     */
    record Expanded(List<String> targets) implements Resolution {
        public Expanded {
            targets = List.copyOf(targets);
        }
    }

    /** The domain is not hosted here: mail to it is relayed, or refused if the sender may not relay. */
    record NotLocalDomain() implements Resolution {
    }

    /** The domain is hosted here but nothing answers to the local part (SMTP {@code 550 5.1.1}). */
    record UnknownUser() implements Resolution {
    }

    /** The directory could not answer (down, slow, overloaded): a temporary failure. */
    record Unavailable(String detail) implements Resolution {
        public Unavailable {
            Objects.requireNonNull(detail, "detail");
        }
    }
}
