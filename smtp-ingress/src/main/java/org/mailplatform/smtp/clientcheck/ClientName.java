package org.mailplatform.smtp.clientcheck;

/**
 * What reverse DNS says about a client (forward-confirmed reverse DNS, as Postfix's smtpd): a name
 * from the PTR records whose own A/AAAA records contain the client's address.
 */
public sealed interface ClientName {

    /** The name in the Received header: the verified name, otherwise {@code unknown} (as Postfix). */
    String display();

    /** A PTR name whose forward lookup contains the client address. */
    record Verified(String name) implements ClientName {
        @Override
        public String display() {
            return name;
        }
    }

    /** No PTR record, or none of the names points back to the address (a definite answer). */
    record Unverified() implements ClientName {
        @Override
        public String display() {
            return "unknown";
        }
    }

    /** The lookup failed (timeout, SERVFAIL): the client might have a name tomorrow. */
    record Failed(String reason) implements ClientName {
        @Override
        public String display() {
            return "unknown";
        }
    }

    /** Not looked up: an exempt network, or a listener without client checks. */
    record NotLookedUp() implements ClientName {
        @Override
        public String display() {
            return "unknown";
        }
    }
}
