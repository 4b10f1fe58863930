package org.mailplatform.smtp.codec;

/** A command line that cannot be parsed; carries the reply the client gets (500/501/504/555). */
public final class SmtpSyntaxException extends Exception {

    private final transient SmtpReply reply;

    public SmtpSyntaxException(SmtpReply reply) {
        super(reply.toString(), null, false, false);
        this.reply = reply;
    }

    public SmtpReply reply() {
        return reply;
    }
}
