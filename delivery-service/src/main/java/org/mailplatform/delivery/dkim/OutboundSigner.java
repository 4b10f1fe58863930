package org.mailplatform.delivery.dkim;

import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Supplier;

import io.micrometer.core.instrument.MeterRegistry;
import org.apache.james.mime4j.MimeException;
import org.apache.james.mime4j.io.EOLConvertingInputStream;
import org.apache.james.mime4j.stream.EntityState;
import org.apache.james.mime4j.stream.MimeConfig;
import org.apache.james.mime4j.stream.MimeTokenStream;
import org.apache.james.mime4j.stream.RecursionMode;
import org.mailplatform.delivery.config.DkimProperties;
import org.mailplatform.delivery.dsn.BounceSender;
import org.mailplatform.mailauth.HeaderFields;
import org.mailplatform.mailauth.dkim.DkimSigner;
import org.mailplatform.directory.client.DkimAlgorithm;
import org.mailplatform.directory.client.DkimKeyResult;
import org.mailplatform.directory.client.DkimKeys;
import org.mailplatform.model.InboundMessage;
import org.mailplatform.model.Principal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Signs relayed mail with the DKIM keys of its {@code From} domain (RFC 6376; relaxed/relaxed,
 * rsa-sha256 for an RSA key, ed25519-sha256 (RFC 8463) for an Ed25519 one), as OpenDKIM does
 * behind Postfix for authenticated senders: one {@code DKIM-Signature} field per active key, so a
 * domain with an RSA and an Ed25519 key sends both (RFC 8463 section 6), each over the same
 * message (no signature covers another). A message is signed when it came in through
 * authenticated submission, its header has exactly one {@code From} with one address, that
 * address's domain has an active key, and the domain belongs to the submitter's tenant: a user of
 * one tenant can never get mail signed for another tenant's domain, whatever {@code From} they
 * write. The notices delivery writes itself (DSNs and delay notices: the null sender, queued by
 * delivery, {@code From: MAILER-DAEMON@<hostname>}) are signed with the keys of the hostname, if
 * the directory holds any, as OpenDKIM behind Postfix signs its bounces: a notice written by
 * anyone else, or with another {@code From} domain, is not.
 *
 * <p>When one key's signature cannot be made, the message goes with the others'; with none made
 * (the single-key case included) it goes unsigned, as before dual signing. A directory that cannot
 * answer defers or sends unsigned by {@code on-key-unavailable}, as before.
 *
 * <p>One read of the queued blob, streamed: the header is parsed (bounded by
 * {@code max-header-fields} and {@code max-header-field-length}), the keys looked up, then the body
 * flows once through jDKIM's body hasher of every key ({@link DkimSigner#signAll}, which also knows
 * Ed25519) without being held in memory.
 *
 * <p>Metrics: {@code mail.delivery.outbound.dkim{outcome}}, one count per relay attempt;
 * {@code mail.delivery.outbound.dkim.signatures{algorithm,outcome=signed|failed}}, one per key.
 */
public final class OutboundSigner {

    private static final Logger log = LoggerFactory.getLogger(OutboundSigner.class);

    /**
     * The RSA signature goes on top, then the others (Ed25519). Verifiers that know only RSA
     * (RFC 8463 section 6's reason for signing with both) meet theirs first: RFC 6376 6.1 lets a
     * verifier check only some signatures, and the ones that limit themselves take the topmost.
     */
    private static final Comparator<DkimKeyResult.SigningKey> RSA_FIRST =
            Comparator.comparing(key -> key.algorithm() != DkimAlgorithm.RSA_SHA256);

    private final DkimProperties settings;
    private final DkimKeys keys;
    private final Clock clock;
    private final MeterRegistry meters;
    /** The domain of this node's own notices' {@code From} (the reporting MTA), as an A-label. */
    private final String noticeDomain;

    /**
     * @param hostname this node's name, the domain of the {@code From} of the notices it writes
     *                 ({@code MAILER-DAEMON@hostname})
     */
    public OutboundSigner(DkimProperties settings, DkimKeys keys, String hostname, Clock clock, MeterRegistry meters) {
        this.noticeDomain = java.net.IDN.toASCII(hostname, java.net.IDN.ALLOW_UNASSIGNED)
                .toLowerCase(java.util.Locale.ROOT);
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
        boolean notice = submitter == null && BounceSender.isNotice(message);
        if (submitter == null && !notice) {
            // relayed mail that did not come from our users (forwarding by an alias, a Sieve
            // redirect): the platform does not vouch for it
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
            if (notice && !domain.equals(noticeDomain)) {
                return new SigningOutcome.Unsigned("not_submitted");
            }
            return switch (keys.signingKeys(domain)) {
                case DkimKeyResult.NoKey n -> new SigningOutcome.Unsigned("no_key");
                case DkimKeyResult.Unavailable u -> settings.onKeyUnavailable() == DkimProperties.KeyUnavailable.DEFER
                        ? new SigningOutcome.Deferred("DKIM key of " + domain + " unknown: " + u.detail())
                        : new SigningOutcome.Unsigned("key_unavailable");
                case DkimKeyResult.SigningKeys found when !notice && !found.tenantId().equals(submitter.tenantId()) -> {
                    log.warn("{}: not signed: From domain {} belongs to another tenant than submitter {}", message.id(),
                            domain, submitter.userId());
                    yield new SigningOutcome.Unsigned("foreign_domain");
                }
                case DkimKeyResult.SigningKeys found -> signed(message, found, header,
                        state == EntityState.T_BODY ? tokens.getInputStream() : InputStream.nullInputStream());
            };
        } catch (MimeException e) {
            return unsignable(message, e.getMessage());
        }
    }

    private SigningOutcome signed(InboundMessage message, DkimKeyResult.SigningKeys keys, HeaderFields header,
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
        long now = clock.instant().getEpochSecond();
        List<DkimKeyResult.SigningKey> signing = new ArrayList<>();
        List<DkimSigner.Request> requests = new ArrayList<>();
        for (DkimKeyResult.SigningKey key : keys.keys().stream().sorted(RSA_FIRST).toList()) {
            String algorithm;
            try {
                algorithm = DkimSigner.algorithm(key.privateKey());
            } catch (IllegalArgumentException unknownKeyType) {
                log.error("{}: DKIM key {}._domainkey.{} is neither RSA nor Ed25519, not signed with", message.id(),
                        key.selector(), keys.domain());
                signature(key.algorithm().wireName(), "failed");
                continue;
            }
            // every signature covers the message alone, the same fields and body: none signs another
            signing.add(key);
            requests.add(new DkimSigner.Request("v=1; a=" + algorithm + "; c=relaxed/relaxed; d=" + keys.domain()
                    + "; s=" + key.selector() + "; t=" + now + "; h=" + signedNames + "; bh=; b=;", key.privateKey()));
        }
        if (requests.isEmpty()) {
            return new SigningOutcome.Unsigned("failed");
        }
        List<SigningOutcome.Signature> made = new ArrayList<>();
        List<DkimSigner.Result> results = DkimSigner.signAll(requests, header, body);
        for (int i = 0; i < results.size(); i++) {
            DkimSigner.Result result = results.get(i);
            DkimKeyResult.SigningKey key = signing.get(i);
            String algorithm = DkimSigner.algorithm(key.privateKey());
            if (result.ok()) {
                made.add(new SigningOutcome.Signature(algorithm, key.selector(), SignatureFolding.fold(result.field())));
                signature(algorithm, "signed");
            } else {
                log.error("{}: DKIM signing with {}._domainkey.{} ({}) failed: {}", message.id(), key.selector(),
                        keys.domain(), key.algorithm().wireName(), result.failure().getMessage());
                signature(key.algorithm().wireName(), "failed");
            }
        }
        if (made.isEmpty()) {
            log.error("{}: no DKIM signature of {} could be made, sent unsigned", message.id(), keys.domain());
            return new SigningOutcome.Unsigned("failed");
        }
        if (made.size() < keys.keys().size()) {
            log.warn("{}: sent with {} of the {} DKIM signatures of {}", message.id(), made.size(), keys.keys().size(),
                    keys.domain());
        }
        return new SigningOutcome.Signed(keys.domain(), made);
    }

    private void signature(String algorithm, String outcome) {
        meters.counter("mail.delivery.outbound.dkim.signatures", "algorithm", algorithm, "outcome", outcome).increment();
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
