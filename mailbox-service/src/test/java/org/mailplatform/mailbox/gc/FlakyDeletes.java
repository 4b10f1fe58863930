package org.mailplatform.mailbox.gc;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

import org.mailplatform.blob.BlobKey;
import org.mailplatform.blob.BlobStore;

/** The real store, whose next delete (or every delete) fails when told to, and which remembers where its listings started. */
final class FlakyDeletes implements BlobStore {
    final List<String> listedAfter = new ArrayList<>();
    private final BlobStore real;
    private boolean failNext;
    private boolean failAlways;
    private java.util.Set<String> watched = java.util.Set.of();
    private int watchedDeletes;

    FlakyDeletes(BlobStore real) {
        this.real = real;
    }

    void failNextDelete() {
        failNext = true;
    }

    /** The delete of the second of {@code keys} to be deleted fails (whichever comes first succeeds). */
    void failSecondDeleteOf(java.util.Collection<String> keys) {
        watched = java.util.Set.copyOf(keys);
        watchedDeletes = 0;
    }

    /** As an unreachable S3's would. */
    void failEveryDelete() {
        failAlways = true;
    }

    @Override
    public long put(BlobKey key, InputStream content, long size) {
        return real.put(key, content, size);
    }

    @Override
    public InputStream open(BlobKey key) {
        return real.open(key);
    }

    @Override
    public InputStream openRange(BlobKey key, long offset, long length) {
        return real.openRange(key, offset, length);
    }

    @Override
    public void delete(BlobKey key) {
        if (failNext || failAlways || watched.contains(key.value()) && ++watchedDeletes == 2) {
            failNext = false;
            throw new IllegalStateException("S3 is down");
        }
        real.delete(key);
    }

    @Override
    public boolean exists(BlobKey key) {
        return real.exists(key);
    }

    @Override
    public List<BlobInfo> list(String prefix, int max) {
        return real.list(prefix, max);
    }

    @Override
    public List<BlobInfo> listPage(String prefix, String startAfter, int max) {
        listedAfter.add(startAfter);
        return real.listPage(prefix, startAfter, max);
    }
}
