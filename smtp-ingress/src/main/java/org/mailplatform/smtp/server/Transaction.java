package org.mailplatform.smtp.server;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import io.micrometer.observation.Observation;
import org.mailplatform.mailauth.ForgedResultsFilter;
import org.mailplatform.model.InboundMessage;
import org.mailplatform.smtp.msgauth.InboundCheck;
import org.mailplatform.smtp.codec.SmtpCommand;
import org.mailplatform.smtp.spf.SpfVerdict;
import org.mailplatform.smtp.clientcheck.DomainReport;

/** One mail transaction (RFC 5321 section 3.3): from MAIL to the end of DATA/BDAT LAST, or RSET. */
final class Transaction {

    final SmtpCommand.Mail mail;
    final List<InboundMessage.Recipient> recipients = new ArrayList<>();
    /** The sender domain's block list check started at MAIL; {@code null} when nothing is asked. */
    CompletableFuture<DomainReport> sender;
    /** The SPF evaluation started at MAIL; {@code null} when SPF does not apply (submission, exempt, disabled). */
    CompletableFuture<SpfVerdict> spf;
    BodyTransfer body;
    /** The message's authentication (DKIM, DMARC) on the MX listener; {@code null} where it does not apply. */
    InboundCheck auth;
    /** Takes forged Authentication-Results fields out of what is stored; {@code null} where none are taken. */
    ForgedResultsFilter forgedResults;
    String queueId;
    boolean bdat;
    /** The message's observation (its span when tracing is on), from DATA/BDAT to the final reply. */
    Observation trace;

    Transaction(SmtpCommand.Mail mail) {
        this.mail = mail;
    }

    void add(SmtpCommand.Rcpt rcpt) {
        recipients.add(new InboundMessage.Recipient(rcpt.to(), rcpt.notifyOn(), rcpt.orcpt()));
    }

    /** Ends the message's observation, once, with the outcome (a tag of its timer and span). */
    void endTrace(String outcome) {
        if (trace != null) {
            trace.lowCardinalityKeyValue("outcome", outcome).stop();
            trace = null;
        }
    }

    void abandon() {
        endTrace("abandoned");
        if (body != null) {
            body.abort();
            body = null;
        }
    }
}
