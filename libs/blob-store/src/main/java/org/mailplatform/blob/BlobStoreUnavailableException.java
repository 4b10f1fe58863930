package org.mailplatform.blob;

/** The object store could not be reached or failed: a temporary condition, worth a retry later. */
public class BlobStoreUnavailableException extends RuntimeException {

    public BlobStoreUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
