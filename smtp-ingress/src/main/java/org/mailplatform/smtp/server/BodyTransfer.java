package org.mailplatform.smtp.server;

import java.io.ByteArrayOutputStream;
import java.util.function.BiConsumer;

import io.netty.channel.Channel;
import org.mailplatform.blob.BlobKey;
import org.mailplatform.blob.BlobStore;
import org.mailplatform.protocol.session.BlockingWork;
import org.mailplatform.protocol.session.BodyPipe;

/**
 * Moves one message body to the blob store: a {@link BodyPipe} from the event loop to an upload on
 * a virtual thread. A body that ends while it still fits in the pipe's buffer (most mail) is
 * uploaded once complete, as one PUT of known length; only a body that fills the buffer starts a
 * streaming upload of unknown length while it arrives. Either way the heap held per connection is
 * bounded by the buffer, and no blocking permit is held while a small body is still on the wire.
 * Counts the data against the size limit; past it the pipe is aborted and the rest of the data is
 * only read and dropped. A body of at most {@code inlineMax} bytes is also kept whole
 * ({@link #inlineCopy}), for the queue record to carry.
 */
final class BodyTransfer {

    private final Channel channel;
    private final BlockingWork blocking;
    private final BlobStore blobs;
    private final BlobKey key;
    private final long maxSize;
    private final BodyPipe pipe;
    private final int inlineMax;
    /** What went into the pipe, while it is at most {@code inlineMax} bytes; null beyond. */
    private ByteArrayOutputStream inline;
    private long dataSize;
    private boolean oversize;
    private boolean uploadStarted;
    private boolean uploadDone;
    private Long stored;
    private Throwable uploadFailure;
    private BiConsumer<Long, Throwable> whenStored;

    /**
     * @param inlineMax largest body kept whole for the queue record (0: none)
     * @param resume    run on the event loop when the pipe has room again after {@link #accept} said no
     */
    BodyTransfer(Channel channel, BlockingWork blocking, BlobStore blobs, BlobKey key, long maxSize, int buffer,
                 int inlineMax, Runnable resume) {
        this.channel = channel;
        this.inlineMax = inlineMax;
        this.inline = inlineMax > 0 ? new ByteArrayOutputStream(Math.min(inlineMax, 512)) : null;
        this.blocking = blocking;
        this.blobs = blobs;
        this.key = key;
        this.maxSize = maxSize;
        this.pipe = new BodyPipe(buffer, () -> channel.eventLoop().execute(resume));
    }

    /** Begins the body with {@code header} (the Received header). */
    void start(byte[] header) {
        keep(header);
        pipe.write(header);
    }

    private void keep(byte[] data) {
        if (inline != null && inline.size() + data.length <= inlineMax) {
            inline.writeBytes(data);
        } else {
            inline = null;
        }
    }

    /**
     * The whole stored body if it was at most {@code inlineMax} bytes and is {@code stored} long (the
     * blob store counted the same bytes), else null. Call once the upload has ended.
     */
    byte[] inlineCopy(long stored) {
        return inline != null && inline.size() == stored ? inline.toByteArray() : null;
    }

    /** @param size the body's length when it is complete, or -1 to stream it as it arrives */
    private void startUpload(long size) {
        uploadStarted = true;
        blocking.run(channel, () -> {
            try {
                return blobs.put(key, pipe.input(), size);
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
        if (oversize) {
            return true;
        }
        keep(data);
        boolean room = pipe.write(data);
        if (!room && !uploadStarted) {
            startUpload(-1);
        }
        return room;
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
        if (!uploadStarted) {
            startUpload(pipe.buffered());
        } else if (uploadDone) {
            whenStored = null;
            then.accept(stored, uploadFailure);
        }
    }

    /** Gives the body up; a partly written blob is removed (or left for the orphan collector). */
    void abort() {
        pipe.abort();
        whenStored = null;
        if (uploadStarted) {
            deleteQuietly();
        }
    }

    private void deleteQuietly() {
        blocking.run(channel, () -> {
            blobs.delete(key);
            return null;
        }, (r, e) -> { });
    }

    private void uploaded(Long size, Throwable failure) {
        uploadDone = true;
        stored = size;
        uploadFailure = failure;
        if (failure != null) {
            // refused before it ran (no permit): nobody reads the pipe, so release the writer
            pipe.readerGone();
        }
        if (whenStored != null) {
            BiConsumer<Long, Throwable> then = whenStored;
            whenStored = null;
            then.accept(size, failure);
        }
    }
}
