package org.mailplatform.delivery.dkim;

import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.util.function.Supplier;

import io.micrometer.core.instrument.MeterRegistry;
import org.apache.james.jdkim.exceptions.PermFailException;
import org.apache.james.mime4j.MimeException;
import org.apache.james.mime4j.io.EOLConvertingInputStream;
import org.apache.james.mime4j.stream.EntityState;
import org.apache.james.mime4j.stream.MimeConfig;
import org.apache.james.mime4j.stream.MimeTokenStream;
import org.apache.james.mime4j.stream.RecursionMode;
import org.mailplatform.delivery.config.DkimProperties;
import org.mailplatform.mailauth.HeaderFields;
import org.mailplatform.mailauth.dkim.DkimSigner;
import org.mailplatform.directory.client.DkimKeyResult;
import org.mailplatform.directory.client.DkimKeys;
import org.mailplatform.model.InboundMessage;
import org.mailplatform.model.Principal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Signs relayed mail with the DKIM key of its {@code From} domain (RFC 6376; relaxed/relaxed,
 * rsa-sha256 for an RSA key, ed25519-sha256 (RFC 8463) for an Ed25519 one), as OpenDKIM does behind Postfix for authenticated senders. A message is signed
 * when it came in through authenticated submission, its header has exactly one {@code From} with
 * one address, that address's domain has an active key, and the key's domain belongs to the
 * submitter's tenant: a user of one tenant can never get mail signed for another tenant's domain,
 * whatever {@code From} they write.
 *
 * <p>One read of the queued blob, streamed: the header is parsed (bounded by
 * {@code max-header-fields} and {@code max-header-field-length}), the key looked up, then the body
 * flows through jDKIM's body hasher (driven by libs/mail-auth's {@link DkimSigner}, which also
 * knows Ed25519) without being held in memory.
 *
 * <p>Metric: {@code mail.delivery.outbound.dkim{outcome}}, one count per relay attempt.
 */
public final class OutboundSigner {

    private static final Logger log = LoggerFactory.getLogger(OutboundSigner.class);

    private final DkimProperties settings;
    private final DkimKeys keys;
    private final Clock clock;
    private final MeterRegistry meters;

    public OutboundSigner(DkimProperties settings, DkimKeys keys, Clock clock, MeterRegistry meters) {
        this.settings = settings;
        this.keys = keys;
        this.clock = clock;
        this.meters = meters;
    }

    /**
     * Decides and, where it applies, computes the signature of {@code message}.
     *
     * @param content opens the queued message (a blob missing from the store throws, as for sending)
     * @throws IOException reading the message failed: the attempt fails as a send would
     */
    public SigningOutcome sign(InboundMessage message, Supplier<InputStream> content) throws IOException {
        SigningOutcome outcome = decide(message, content);
        meters.counter("mail.delivery.outbound.dkim", "outcome", switch (outcome) {
            case SigningOutcome.Signed s -> "signed";
            case SigningOutcome.Unsigned u -> u.reason();
            case SigningOutcome.Deferred d -> "deferred";
        }).increment();
        return outcome;
    }

    private SigningOutcome decide(InboundMessage message, Supplier<InputStream> content) throws IOException {
        if (!settings.enabled()) {
            return new SigningOutcome.Unsigned("disabled");
        }
        Principal submitter = message.client() == null ? null : message.client().submitter();
        if (submitter == null) {
            // relayed mail that did not come from our users (forwarding by an alias, DSNs): the
            // platform does not vouch for it
            return new SigningOutcome.Unsigned("not_submitted");
        }
        try (InputStream in = content.get()) {
            MimeTokenStream tokens = new MimeTokenStream(MimeConfig.custom()
                    .setMaxHeaderCount(settings.maxHeaderFields())
                    .setMaxHeaderLen(settings.maxHeaderFieldLength())
                    .setMaxLineLen(-1)
                    .build());
            tokens.setRecursionMode(RecursionMode.M_FLAT);
            // the relay sends CRLF line ends whatever the blob has; hash what is sent
            tokens.parse(new EOLConvertingInputStream(in));
            HeaderFields header = new HeaderFields();
            EntityState state = tokens.getState();
            while (state != EntityState.T_BODY && state != EntityState.T_END_OF_STREAM) {
                if (state == EntityState.T_FIELD && !header.add(tokens.getField())) {
                    return unsignable(message, "a header field is not valid UTF-8");
                }
                state = tokens.next();
            }
            String domain = fromDomain(header);
            if (domain == null) {
                return unsignable(message, "no single From address with a domain");
            }
            return switch (keys.signingKey(domain)) {
                case DkimKeyResult.NoKey n -> new SigningOutcome.Unsigned("no_key");
                case DkimKeyResult.Unavailable u -> settings.onKeyUnavailable() == DkimProperties.KeyUnavailable.DEFER
                        ? new SigningOutcome.Deferred("DKIM key of " + domain + " unknown: " + u.detail())
                        : new SigningOutcome.Unsigned("key_unavailable");
                case DkimKeyResult.SigningKey key when !key.tenantId().equals(submitter.tenantId()) -> {
                    log.warn("{}: not signed: From domain {} belongs to another tenant than submitter {}", message.id(),
                            domain, submitter.userId());
                    yield new SigningOutcome.Unsigned("foreign_domain");
                }
                case DkimKeyResult.SigningKey key -> signed(message, key, header,
                        state == EntityState.T_BODY ? tokens.getInputStream() : InputStream.nullInputStream());
            };
        } catch (MimeException e) {
            return unsignable(message, e.getMessage());
        }
    }

    private SigningOutcome signed(InboundMessage message, DkimKeyResult.SigningKey key, HeaderFields header,
                                  InputStream body) throws IOException {
        StringBuilder signedNames = new StringBuilder();
        for (String name : settings.signedHeaders()) {
            int present = header.count(name);
            // each present field once per occurrence, plus once more: an empty slot that breaks
            // the signature if a field of that name is added on the way (RFC 6376 8.15)
            for (int i = 0; i <= present && present > 0; i++) {
                signedNames.append(signedNames.isEmpty() ? "" : ":").append(name);
            }
        }
        String template;
        try {
            template = "v=1; a=" + DkimSigner.algorithm(key.privateKey()) + "; c=relaxed/relaxed; d=" + key.domain()
                    + "; s=" + key.selector() + "; t=" + clock.instant().getEpochSecond() + "; h=" + signedNames
                    + "; bh=; b=;";
        } catch (IllegalArgumentException unknownKeyType) {
            log.error("{}: DKIM key {}._domainkey.{} is neither RSA nor Ed25519, sent unsigned", message.id(),
                    key.selector(), key.domain());
            return new SigningOutcome.Unsigned("failed");
        }
        try {
            String field = SignatureFolding.fold(DkimSigner.sign(template, key.privateKey(), header, body));
            return new SigningOutcome.Signed(field, key.domain(), key.selector());
        } catch (PermFailException e) {
            log.error("{}: DKIM signing with {}._domainkey.{} failed, sent unsigned: {}", message.id(),
                    key.selector(), key.domain(), e.getMessage());
            return new SigningOutcome.Unsigned("failed");
        }
    }

    /** The domain of the only address in the only From field, lower case, A-label form. */
    static String fromDomain(HeaderFields header) {
        return header.fromDomain();
    }

    private SigningOutcome unsignable(InboundMessage message, String why) {
        log.info("{}: not DKIM-signed: {}", message.id(), why);
        return new SigningOutcome.Unsigned("unsignable");
    }
}
