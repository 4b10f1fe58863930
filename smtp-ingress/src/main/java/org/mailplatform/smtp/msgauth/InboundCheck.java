package org.mailplatform.smtp.msgauth;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Locale;

import org.mailplatform.mailauth.AuthenticationResults;
import org.mailplatform.mailauth.HeaderCapture;
import org.mailplatform.mailauth.HeaderFields;
import org.mailplatform.mailauth.SpfReport;
import org.mailplatform.mailauth.dkim.DkimVerifier;
import org.mailplatform.mailauth.dkim.SignatureCheck;
import org.mailplatform.mailauth.dmarc.DmarcVerdict;
import org.mailplatform.model.InboundMessage;
import org.mailplatform.smtp.codec.SmtpReply;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The authentication of one received message. {@link #accept} takes the message's bytes on the
 * event loop as they arrive (the header is kept, bounded; the body only passes through the DKIM
 * body hashes), {@link #conclude} runs once the body is stored, on the session's blocking work,
 * since it asks DNS for keys and policies.
 */
public final class InboundCheck {

    private static final Logger log = LoggerFactory.getLogger(InboundCheck.class);

    /**
     * What the check decided.
     *
     * @param verdict  what travels with the queued message (Authentication-Results, Junk); null
     *                 when the message is refused
     * @param refusal  the reply refusing the message, or null when it is accepted
     */
    public record Conclusion(InboundMessage.Verdict verdict, SmtpReply refusal) {
    }

    private final MessageAuthenticator node;
    private final HeaderCapture capture;
    private final int maxHeaderFields;
    private HeaderFields header;
    private DkimVerifier.Verification dkim;
    private boolean broken;

    InboundCheck(MessageAuthenticator node, int maxHeaderSize, int maxHeaderFields) {
        this.node = node;
        this.capture = new HeaderCapture(maxHeaderSize);
        this.maxHeaderFields = maxHeaderFields;
    }

    /**
     * The next bytes of the message as received (dot-stuffing removed). Never throws: a failure of
     * the checks' own code marks the check broken, and the message is then refused temporarily
     * rather than accepted unchecked (which would let a crafted message skip DMARC).
     */
    public void accept(byte[] data) {
        if (broken) {
            return;
        }
        try {
            feed(data);
        } catch (RuntimeException e) {
            log.warn("message authentication failed while reading the message: {}", e.toString());
            broken = true;
        }
    }

    private void feed(byte[] data) {
        int body = 0;
        if (header == null && !capture.overflowed()) {
            body = capture.accept(data, 0, data.length);
            if (body < 0 || capture.overflowed()) {
                return;
            }
            startBody();
        }
        if (dkim != null) {
            try {
                dkim.body().write(data, body, data.length - body);
            } catch (IOException e) {
                throw new UncheckedIOException(e); // digest streams do not fail
            }
        }
    }

    private void startBody() {
        header = HeaderFields.parse(capture.bytes(), maxHeaderFields);
        dkim = node.dkim().start(header);
        node.prefetch(dkim.keyNames(), header.fromDomains());
    }

    /**
     * Verifies, evaluates and decides. Blocks for DNS (each question bounded by the client checks'
     * timeout): never call it on the event loop.
     *
     * @param spf the transaction's SPF result, or null when SPF was not evaluated
     */
    public Conclusion conclude(SpfReport spf) {
        try {
            return decide(spf);
        } catch (RuntimeException e) {
            // our own failure (the verifier or evaluator on input nobody foresaw): the sender retries
            // later rather than the message going through unchecked
            log.warn("message authentication failed: {}", e.toString());
            return new Conclusion(null, SmtpReply.of(451, "4.3.0", "Temporary failure checking the message, try again later"));
        }
    }

    private Conclusion decide(SpfReport spf) {
        if (broken) {
            return new Conclusion(null, SmtpReply.of(451, "4.3.0", "Temporary failure checking the message, try again later"));
        }
        if (capture.overflowed()) {
            node.countRejected("header_too_large");
            return new Conclusion(null, SmtpReply.of(552, "5.3.4", "Message header size exceeds limit"));
        }
        if (header == null) {
            startBody(); // the message ended inside its header: all header, empty body
        }
        if (!header.complete()) {
            // a From past the field limit would go unseen: refused like an oversized header
            node.countRejected("header_too_large");
            return new Conclusion(null, SmtpReply.of(552, "5.3.4", "Too many header fields"));
        }
        List<SignatureCheck> signatures = dkim.finish();
        if (signatures.isEmpty()) {
            node.countSignature("none");
        }
        signatures.forEach(s -> node.countSignature(s.result().token()));
        List<String> signingDomains = signatures.stream().filter(SignatureCheck::passed).map(SignatureCheck::domain).toList();
        List<DmarcVerdict> dmarc = node.dmarc(header.fromDomains(), spf == null ? null : spf.authenticatedDomain(),
                signingDomains);
        String fields = AuthenticationResults.field(node.authservId(), spf, signatures, dmarc);
        if (dmarc == null) {
            return new Conclusion(new InboundMessage.Verdict(fields, false), null);
        }
        DmarcVerdict decisive = MessageAuthenticator.strictest(dmarc);
        DmarcActions.Action action = node.actions().of(decisive.disposition());
        dmarc.forEach(v -> node.countDmarc(v.result().token(), v == decisive ? action.name().toLowerCase(Locale.ROOT) : "tag"));
        if (action == DmarcActions.Action.REJECT) {
            node.countRejected("dmarc");
            // RFC 7372 X.7.26: the message failed both of the checks DMARC weighs
            return new Conclusion(null, SmtpReply.of(550, "5.7.26", "Email from " + decisive.fromDomain()
                    + " rejected per its DMARC policy"));
        }
        return new Conclusion(new InboundMessage.Verdict(fields, action == DmarcActions.Action.JUNK), null);
    }
}
