package org.mailplatform.delivery.config;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.function.Predicate;

import org.mailplatform.blob.BlobStoreUnavailableException;
import org.mailplatform.delivery.router.DirectoryUnavailableException;
import org.mailplatform.store.StoreUnavailableException;
import org.springframework.dao.DataAccessResourceFailureException;

/**
 * Which failures mean "a backend is down, try the same record again later" (never dead-lettered):
 * the directory, MongoDB or S3 unreachable, or I/O failing while reading a queued blob.
 */
public final class TemporaryFailures implements Predicate<Throwable> {

    @Override
    public boolean test(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof DirectoryUnavailableException || t instanceof BlobStoreUnavailableException
                    || t instanceof StoreUnavailableException || t instanceof DataAccessResourceFailureException
                    || t instanceof UncheckedIOException || t instanceof IOException) {
                return true;
            }
        }
        return false;
    }
}
