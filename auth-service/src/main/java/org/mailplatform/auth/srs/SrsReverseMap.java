package org.mailplatform.auth.srs;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

import org.mailplatform.model.srs.SenderRewriting;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import io.micrometer.core.instrument.MeterRegistry;

/**
 * postsrsd's reverse map: which addresses are SRS addresses of ours, and whom a bounce to one of
 * them goes back to. Only a hash made with our secret and, for {@code SRS0}, a timestamp within
 * {@code mail.srs.max-age} give an address: anything else would make the SRS domain an open relay
 * for whoever writes {@code SRS0=x=y=victim.example=z@<srs domain>}.
 */
@Component
public class SrsReverseMap {

    private static final Logger LOG = LoggerFactory.getLogger(SrsReverseMap.class);

    /** The local parts SRS writes, with every separator libsrs2 accepts on the way back. */
    private static final Pattern SRS_LOCAL_PART = Pattern.compile("^SRS[01][=+-]", Pattern.CASE_INSENSITIVE);

    private final Optional<SenderRewriting> rewriting;
    private final MeterRegistry meters;

    public SrsReverseMap(SrsProperties properties, Clock clock, MeterRegistry meters) {
        this.meters = meters;
        this.rewriting = properties.enabled()
                ? Optional.of(new SenderRewriting(properties.secret().getBytes(StandardCharsets.UTF_8),
                        properties.domain(), properties.maxAgeDays(), clock))
                : Optional.empty();
        rewriting.ifPresent(srs -> LOG.info("SRS bounces to {} are reversed (at most {} days old)", srs.domain(),
                properties.maxAgeDays()));
    }

    /**
     * Whether the domain (A-label, any case) is the SRS domain: its mail comes to our MX, so an
     * unknown address there is an unknown user, not a foreign domain.
     */
    public boolean isSrsDomain(String asciiDomain) {
        return rewriting.map(srs -> srs.domain().equals(asciiDomain.toLowerCase(Locale.ROOT))).orElse(false);
    }

    /**
     * Whether the address has an SRS local part at the SRS domain. Looked at before the address is
     * parsed as a mailbox: SRS local parts of long senders exceed the 64 octets a mailbox may have.
     */
    public boolean isSrsAddress(String address) {
        int at = address.lastIndexOf('@');
        return at > 0 && isSrsDomain(address.substring(at + 1))
                && SRS_LOCAL_PART.matcher(address).lookingAt();
    }

    /** The original sender of an SRS address of ours, empty if forged, expired or not SRS. */
    public Optional<String> reverse(String address) {
        Optional<String> original = rewriting.flatMap(srs -> srs.reverse(address));
        meters.counter("mail.auth.srs.reversed", "outcome", original.isPresent() ? "valid" : "invalid").increment();
        return original;
    }
}
