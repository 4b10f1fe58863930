package org.mailplatform.imap.message;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

import org.mailplatform.store.MessageMeta;

/**
 * OBJECTID (RFC 8474) identifiers of messages. The EMAILID names the immutable bytes (the store's
 * content key: the blob, and the prefix of a delivered message), which copies and moves share, so a
 * message keeps its EMAILID when copied or moved, as section 5.1 asks, and two users' deliveries of
 * one queued message, whose Delivered-To lines differ, get different ones; it is a
 * digest, so it says nothing about where the blob is. Threads are not computed: THREADID is NIL.
 */
final class ObjectIds {

    private ObjectIds() {
    }

    static String emailId(MessageMeta m) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(m.contentKey().getBytes(StandardCharsets.UTF_8));
            return "M" + HexFormat.of().formatHex(digest, 0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JVM", e);
        }
    }
}
