package org.mailplatform.sieve;

import java.io.IOException;
import java.io.InputStream;
import java.util.Objects;

/**
 * The message a script runs against.
 *
 * @param header       the message's header (from its first byte, up to the empty line or any
 *                     prefix of it; the fields a delivery adds above the message included), at most
 *                     {@link SieveLimits#maxHeaderBytes()} of it are read
 * @param size         the whole message's size in bytes ({@code size} test)
 * @param envelopeFrom the reverse-path, empty for the null sender ({@code envelope "from"})
 * @param envelopeTo   the recipient being delivered to ({@code envelope "to"})
 * @param body         the message from its first byte, opened only if a {@code body} test runs
 */
public record SieveMessage(byte[] header, long size, String envelopeFrom, String envelopeTo, Source body) {

    public SieveMessage {
        Objects.requireNonNull(header, "header");
        envelopeFrom = envelopeFrom == null ? "" : envelopeFrom;
        envelopeTo = envelopeTo == null ? "" : envelopeTo;
        body = body == null ? Source.EMPTY : body;
    }

    /** Opens the message's bytes; the runner reads only as much as its limits allow, then closes it. */
    @FunctionalInterface
    public interface Source {
        Source EMPTY = InputStream::nullInputStream;

        InputStream open() throws IOException;
    }
}
