package org.mailplatform.blob;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.retry.Retry;
import io.minio.BucketExistsArgs;
import io.minio.GetObjectArgs;
import io.minio.ListObjectsArgs;
import io.minio.MakeBucketArgs;
import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import io.minio.RemoveObjectArgs;
import io.minio.Result;
import io.minio.StatObjectArgs;
import io.minio.errors.ErrorResponseException;
import io.minio.messages.Item;

/**
 * {@link BlobStore} on an S3-compatible endpoint through the MinIO SDK. Reads, deletes and
 * listings are retried; uploads are not (their stream cannot be replayed), so a failed upload
 * surfaces at once and the caller refuses with a temporary error. All calls share one circuit
 * breaker, so a dead store fails fast instead of tying up threads.
 */
public final class S3BlobStore implements BlobStore {

    private static final Set<String> NOT_FOUND = Set.of("NoSuchKey", "NoSuchObject");

    private final MinioClient client;
    private final String bucket;
    private final long partSize;
    private final CircuitBreaker breaker;
    private final Retry retry;

    public S3BlobStore(MinioClient client, String bucket, long partSize, CircuitBreaker breaker, Retry retry) {
        this.client = client;
        this.bucket = bucket;
        this.partSize = partSize;
        this.breaker = breaker;
        this.retry = retry;
    }

    /** Creates the bucket if it does not exist yet. */
    public void ensureBucket() {
        idempotent("bucket " + bucket, () -> {
            if (!client.bucketExists(BucketExistsArgs.builder().bucket(bucket).build())) {
                client.makeBucket(MakeBucketArgs.builder().bucket(bucket).build());
            }
            return null;
        });
    }

    /** Whether the bucket answers; used by the readiness check, bypassing retries. */
    public boolean bucketReachable() {
        return once("bucket " + bucket, () -> client.bucketExists(BucketExistsArgs.builder().bucket(bucket).build()));
    }

    @Override
    public long put(BlobKey key, InputStream content, long size) {
        return once("put " + key, () -> {
            // counted as it is read, so an upload of unknown length needs no HEAD afterwards
            CountingInputStream counted = new CountingInputStream(content);
            PutObjectArgs.Builder args = PutObjectArgs.builder().bucket(bucket).object(key.value());
            args = size >= 0 && size <= partSize
                    ? args.stream(counted, size, -1L)
                    : args.stream(counted, size, partSize);
            client.putObject(args.build());
            return size >= 0 ? size : counted.count();
        });
    }

    @Override
    public InputStream open(BlobKey key) {
        return idempotent("get " + key, () -> client.getObject(GetObjectArgs.builder().bucket(bucket).object(key.value()).build()), key);
    }

    @Override
    public InputStream openRange(BlobKey key, long offset, long length) {
        if (offset < 0 || length < 0) {
            throw new IllegalArgumentException("bad range " + offset + "+" + length);
        }
        if (length == 0) {
            return InputStream.nullInputStream();
        }
        return idempotent("get range " + key, () -> client.getObject(GetObjectArgs.builder().bucket(bucket)
                .object(key.value()).offset(offset).length(length).build()), key);
    }

    @Override
    public void delete(BlobKey key) {
        idempotent("delete " + key, () -> {
            client.removeObject(RemoveObjectArgs.builder().bucket(bucket).object(key.value()).build());
            return null;
        });
    }

    @Override
    public boolean exists(BlobKey key) {
        try {
            idempotent("stat " + key, () -> client.statObject(StatObjectArgs.builder().bucket(bucket).object(key.value()).build()), key);
            return true;
        } catch (BlobNotFoundException e) {
            return false;
        }
    }

    @Override
    public List<BlobInfo> list(String prefix, int max) {
        return listPage(prefix, null, max);
    }

    /**
     * One guarded call per page, so a retry repeats only the page that failed. The SDK asks S3 for
     * at most 1000 keys a request and follows continuation tokens itself; {@code start-after} only
     * positions the first request.
     */
    @Override
    public List<BlobInfo> listPage(String prefix, String startAfter, int max) {
        if (max <= 0) {
            throw new IllegalArgumentException("page size must be positive: " + max);
        }
        return idempotent("list " + prefix + (startAfter == null ? "" : " after " + startAfter), () -> {
            ListObjectsArgs.Builder args = ListObjectsArgs.builder().bucket(bucket).prefix(prefix).recursive(true)
                    .maxKeys(Math.min(max, 1000));
            if (startAfter != null) {
                args.startAfter(startAfter);
            }
            List<BlobInfo> found = new ArrayList<>();
            for (Result<Item> result : client.listObjects(args.build())) {
                Item item = result.get();
                found.add(new BlobInfo(new BlobKey(item.objectName()), item.size(),
                        item.lastModified() == null ? 0 : item.lastModified().toInstant().toEpochMilli()));
                if (found.size() >= max) {
                    break;
                }
            }
            return found;
        });
    }

    private <T> T once(String what, S3Call<T> call) {
        return guarded(what, call, null, false);
    }

    private <T> T idempotent(String what, S3Call<T> call) {
        return guarded(what, call, null, true);
    }

    private <T> T idempotent(String what, S3Call<T> call, BlobKey key) {
        return guarded(what, call, key, true);
    }

    private <T> T guarded(String what, S3Call<T> call, BlobKey key, boolean retried) {
        Supplier<T> attempt = CircuitBreaker.decorateSupplier(breaker, () -> {
            try {
                return call.run();
            } catch (ErrorResponseException e) {
                if (key != null && NOT_FOUND.contains(e.errorResponse().code())) {
                    throw new BlobNotFoundException(key);
                }
                throw new BlobStoreUnavailableException(what + " failed: " + e.errorResponse().code(), e);
            } catch (BlobNotFoundException | BlobStoreUnavailableException e) {
                throw e;
            } catch (Exception e) {
                throw new BlobStoreUnavailableException(what + " failed: " + e, e);
            }
        });
        try {
            return retried ? Retry.decorateSupplier(retry, attempt).get() : attempt.get();
        } catch (io.github.resilience4j.circuitbreaker.CallNotPermittedException e) {
            throw new BlobStoreUnavailableException(what + ": object store circuit open", e);
        }
    }

    @FunctionalInterface
    private interface S3Call<T> {
        T run() throws Exception;
    }
}
