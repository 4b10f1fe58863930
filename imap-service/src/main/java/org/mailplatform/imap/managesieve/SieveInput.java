package org.mailplatform.imap.managesieve;

/** What the {@link SieveRequestDecoder} hands the session: one per command. */
sealed interface SieveInput {

    record Command(SieveCommand command) implements SieveInput {
    }

    /**
     * Input that is not a valid command.
     *
     * @param response what to answer ({@code NO ...}, or {@code BYE ...} when fatal)
     * @param fatal    the connection cannot go on in step with the client: answer and close
     */
    record Invalid(SieveResponse.Done response, boolean fatal) implements SieveInput {
    }

    /**
     * The client's answer to a SASL challenge: the one string on its line, or {@code null} when the
     * line was not a single string.
     */
    record SaslResponse(String text) implements SieveInput {
        @Override
        public String toString() {
            return "SaslResponse[***]";
        }
    }
}
