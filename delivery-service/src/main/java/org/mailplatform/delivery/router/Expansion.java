package org.mailplatform.delivery.router;

import java.util.List;

import org.mailplatform.model.Principal;

/** What one envelope recipient expands to. */
public sealed interface Expansion {

    /**
     * Deliver to these local users and remote addresses (each at most once).
     *
     * @param dropped targets that led nowhere (unknown local addresses, loop branches), for logs
     */
    record Targets(List<Principal> local, List<String> remote, List<String> dropped) implements Expansion {
        public Targets {
            local = List.copyOf(local);
            remote = List.copyOf(remote);
            dropped = List.copyOf(dropped);
        }
    }

    /**
     * Nothing deliverable: the recipient fails with this RFC 3463 status.
     *
     * @param status     e.g. {@code 5.1.1} (unknown user) or {@code 5.4.6} (alias loop)
     * @param diagnostic the explanation for the DSN
     */
    record Failed(String status, String diagnostic) implements Expansion {
    }
}
