package org.mailplatform.blob;

/** The blob does not exist: a permanent condition for this key. */
public class BlobNotFoundException extends RuntimeException {

    public BlobNotFoundException(BlobKey key) {
        super("no blob " + key);
    }
}
