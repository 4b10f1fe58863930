package org.mailplatform.delivery.router;

/** The directory could not resolve a recipient right now: the router pauses and tries again. */
public final class DirectoryUnavailableException extends RuntimeException {

    public DirectoryUnavailableException(String detail) {
        super("directory unavailable: " + detail);
    }
}
