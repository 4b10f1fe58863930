package org.mailplatform.delivery.outbound;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.util.function.Supplier;

/**
 * The bytes one relay attempt sends after DATA: the queued blob, behind the fields the relay adds
 * in front of it (the intake verdict's {@code Authentication-Results}, a {@code DKIM-Signature}
 * above them), and their size for RFC 1870 SIZE.
 *
 * @param size   the length of what {@link #open} returns
 * @param stream opens the queued blob; called once per server tried
 * @param prefix bytes sent before the blob; empty for none
 */
record MessageContent(long size, Supplier<InputStream> stream, byte[] prefix) {

    static MessageContent of(long blobSize, Supplier<InputStream> blob) {
        return new MessageContent(blobSize, blob, new byte[0]);
    }

    /** The same content with {@code fields} above the fields it already has (fields are added at the top). */
    MessageContent withPrefix(byte[] fields) {
        if (fields.length == 0) {
            return this;
        }
        byte[] joined = new byte[fields.length + prefix.length];
        System.arraycopy(fields, 0, joined, 0, fields.length);
        System.arraycopy(prefix, 0, joined, fields.length, prefix.length);
        return new MessageContent(size + fields.length, stream, joined);
    }

    InputStream open() {
        InputStream blob = stream.get();
        return prefix.length == 0 ? blob : new SequenceInputStream(new ByteArrayInputStream(prefix), blob);
    }
}
