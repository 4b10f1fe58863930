package org.mailplatform.delivery.outbound;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.util.function.Supplier;

/**
 * The bytes one relay attempt sends after DATA: the queued blob, behind the fields the relay adds
 * in front of it (a {@code DKIM-Signature}), and their size for RFC 1870 SIZE.
 *
 * @param size   the length of what {@link #open} returns
 * @param stream opens the queued blob; called once per server tried
 * @param prefix bytes sent before the blob; empty for none
 */
record MessageContent(long size, Supplier<InputStream> stream, byte[] prefix) {

    static MessageContent of(long blobSize, Supplier<InputStream> blob) {
        return new MessageContent(blobSize, blob, new byte[0]);
    }

    MessageContent withPrefix(byte[] fields) {
        return new MessageContent(size + fields.length, stream, fields);
    }

    InputStream open() {
        InputStream blob = stream.get();
        return prefix.length == 0 ? blob : new SequenceInputStream(new ByteArrayInputStream(prefix), blob);
    }
}
