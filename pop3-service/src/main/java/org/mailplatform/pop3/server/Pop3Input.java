package org.mailplatform.pop3.server;

import org.mailplatform.pop3.codec.Pop3Command;
import org.mailplatform.pop3.codec.Pop3Response;

/** What the decoder hands the session: one per line. */
sealed interface Pop3Input {

    /** A well-formed command. */
    record Command(Pop3Command command) implements Pop3Input {
    }

    /** A line that is not a valid command (or too long); the response says why. */
    record Invalid(Pop3Response.Err response) implements Pop3Input {
    }

    /** A line answering a SASL challenge (RFC 5034), not parsed as a command. */
    record SaslResponse(String line) implements Pop3Input {
        @Override
        public String toString() {
            return "SaslResponse[***]";
        }
    }
}
