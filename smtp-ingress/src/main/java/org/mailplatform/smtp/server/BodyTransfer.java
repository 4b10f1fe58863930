package org.mailplatform.smtp.server;

import java.util.function.BiConsumer;

import io.netty.channel.Channel;
import org.mailplatform.blob.BlobKey;
import org.mailplatform.blob.BlobStore;
import org.mailplatform.protocol.session.BlockingWork;
import org.mailplatform.smtp.intake.BodyPipe;

/**
 * Streams one message body to the blob store while it arrives: a {@link BodyPipe} from the event
 * loop to an upload on a virtual thread. Counts the data against the size limit; past it the pipe
 * is aborted and the rest of the data is only read and dropped.
 */
final class BodyTransfer {

    private final Channel channel;
    private final BlockingWork blocking;
    private final BlobStore blobs;
    private final BlobKey key;
    private final long maxSize;
    private final BodyPipe pipe;
    private long dataSize;
    private boolean oversize;
    private boolean uploadDone;
    private Long stored;
    private Throwable uploadFailure;
    private BiConsumer<Long, Throwable> whenStored;

    /** @param resume run on the event loop when the pipe has room again after {@link #accept} said no */
    BodyTransfer(Channel channel, BlockingWork blocking, BlobStore blobs, BlobKey key, long maxSize, int buffer,
                 Runnable resume) {
        this.channel = channel;
        this.blocking = blocking;
        this.blobs = blobs;
        this.key = key;
        this.maxSize = maxSize;
        this.pipe = new BodyPipe(buffer, () -> channel.eventLoop().execute(resume));
    }

    /** Starts the upload with {@code header} (the Received header) as its first bytes. */
    void start(byte[] header) {
        pipe.write(header);
        blocking.run(channel, () -> {
            try {
                return blobs.put(key, pipe.input(), -1);
            } finally {
                pipe.readerGone();
            }
        }, this::uploaded);
    }

    /** @return whether more data may be read now */
    boolean accept(byte[] data) {
        dataSize += data.length;
        if (dataSize > maxSize && !oversize) {
            oversize = true;
            pipe.abort();
        }
        return oversize || pipe.write(data);
    }

    boolean oversize() {
        return oversize;
    }

    long dataSize() {
        return dataSize;
    }

    BlobKey key() {
        return key;
    }

    /** The body is complete: {@code then} gets the stored size, or the upload's failure, on the event loop. */
    void finish(BiConsumer<Long, Throwable> then) {
        pipe.finish();
        whenStored = then;
        if (uploadDone) {
            then.accept(stored, uploadFailure);
        }
    }

    /** Gives the body up; a partly written blob is removed (or left for the orphan collector). */
    void abort() {
        pipe.abort();
        whenStored = null;
        deleteQuietly();
    }

    void deleteQuietly() {
        blocking.run(channel, () -> {
            blobs.delete(key);
            return null;
        }, (r, e) -> { });
    }

    private void uploaded(Long size, Throwable failure) {
        uploadDone = true;
        stored = size;
        uploadFailure = failure;
        if (whenStored != null) {
            BiConsumer<Long, Throwable> then = whenStored;
            whenStored = null;
            then.accept(size, failure);
        }
    }
}
