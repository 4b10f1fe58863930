package org.mailplatform.delivery.support;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.mailplatform.blob.BlobKey;
import org.mailplatform.blob.BlobNotFoundException;
import org.mailplatform.blob.BlobStore;

/** A blob store in memory, for unit tests of handlers. */
public final class MemoryBlobStore implements BlobStore {

    private final Map<String, byte[]> blobs = new ConcurrentHashMap<>();

    @Override
    public long put(BlobKey key, InputStream content, long size) {
        try {
            byte[] bytes = content.readAllBytes();
            blobs.put(key.value(), bytes);
            return bytes.length;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public InputStream open(BlobKey key) {
        return new ByteArrayInputStream(get(key));
    }

    @Override
    public InputStream openRange(BlobKey key, long offset, long length) {
        byte[] b = get(key);
        int from = (int) Math.min(offset, b.length);
        int to = (int) Math.min(b.length, offset + length);
        return new ByteArrayInputStream(Arrays.copyOfRange(b, from, to));
    }

    @Override
    public void delete(BlobKey key) {
        blobs.remove(key.value());
    }

    @Override
    public boolean exists(BlobKey key) {
        return blobs.containsKey(key.value());
    }

    @Override
    public List<BlobInfo> list(String prefix, int max) {
        return blobs.entrySet().stream().filter(e -> e.getKey().startsWith(prefix)).limit(max)
                .map(e -> new BlobInfo(new BlobKey(e.getKey()), e.getValue().length, 0)).toList();
    }

    @Override
    public List<BlobInfo> listPage(String prefix, String startAfter, int max) {
        return blobs.entrySet().stream().filter(e -> e.getKey().startsWith(prefix))
                .filter(e -> startAfter == null || e.getKey().compareTo(startAfter) > 0)
                .sorted(Map.Entry.comparingByKey()).limit(max)
                .map(e -> new BlobInfo(new BlobKey(e.getKey()), e.getValue().length, 0)).toList();
    }

    private byte[] get(BlobKey key) {
        byte[] b = blobs.get(key.value());
        if (b == null) {
            throw new BlobNotFoundException(key);
        }
        return b;
    }
}
