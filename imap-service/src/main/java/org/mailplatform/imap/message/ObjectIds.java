package org.mailplatform.imap.message;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

import org.mailplatform.store.MessageMeta;

/**
 * OBJECTID (RFC 8474) identifiers of messages. The EMAILID names the immutable blob, which copies
 * and moves share, so a message keeps its EMAILID when copied or moved, as section 5.1 asks; it is a
 * digest, so it says nothing about where the blob is. Threads are not computed: THREADID is NIL.
 */
final class ObjectIds {

    private ObjectIds() {
    }

    static String emailId(MessageMeta m) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(m.blobKey().getBytes(StandardCharsets.UTF_8));
            return "M" + HexFormat.of().formatHex(digest, 0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JVM", e);
        }
    }
}
