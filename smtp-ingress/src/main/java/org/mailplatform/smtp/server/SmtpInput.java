package org.mailplatform.smtp.server;

import org.mailplatform.smtp.codec.SmtpCommand;
import org.mailplatform.smtp.codec.SmtpReply;

/** What the decoder hands the session: one per frame. */
sealed interface SmtpInput {

    /** A well-formed command. */
    record Command(SmtpCommand command) implements SmtpInput {
    }

    /** A line that is not a valid command; the reply says why. */
    record Invalid(SmtpReply reply) implements SmtpInput {
    }

    /** A line answering a SASL challenge (RFC 4954), not parsed as a command. */
    record SaslResponse(String line) implements SmtpInput {
    }

    /** A piece of message data (DATA unstuffed, or a BDAT chunk). */
    record Data(byte[] bytes, boolean last) implements SmtpInput {
    }
}
