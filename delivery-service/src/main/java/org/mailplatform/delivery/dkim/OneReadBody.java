package org.mailplatform.delivery.dkim;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;

import org.apache.james.jdkim.exceptions.PermFailException;

/**
 * Gives one message body to several readers (one DKIM signer per key) over a single read of it,
 * without holding it: the relay reads the queued blob once for all its signatures, as for one.
 *
 * <p>A reader hands the body to its hash with {@link InputStream#transferTo}, as libs/mail-auth's
 * {@code DkimSigner} does. The body stream reader {@code i} gets answers that call by running
 * reader {@code i + 1} inside it, and the last one by copying the real body to every hash handed
 * over so far, in chunks. So all readers run on the calling thread, each finishing (its header
 * signature computed) before the one outside it, and nothing waits on anything. A reader that
 * fails before taking the body is simply passed over; one that reads with {@code read()}
 * instead fails alone (its signature is missing, the others are made), so a change of the
 * signer's reading costs a signature, never the message.
 */
final class OneReadBody {

    /** One reader of the body, e.g. a signer with its key. */
    @FunctionalInterface
    interface Reader<T> {
        T read(InputStream body) throws IOException, PermFailException;
    }

    /** What one reader gave: its value, or why it failed. */
    record Result<T>(T value, Exception failure) {
        boolean ok() {
            return failure == null;
        }
    }

    private final InputStream source;
    private final List<? extends Reader<?>> readers;
    private final List<OutputStream> sinks = new ArrayList<>();
    private final Result<?>[] results;
    private boolean pumped;
    private long length;

    private OneReadBody(InputStream source, List<? extends Reader<?>> readers) {
        this.source = source;
        this.readers = readers;
        this.results = new Result<?>[readers.size()];
    }

    /**
     * Runs every reader over one read of {@code body}, to its end.
     *
     * @return one result per reader, in their order
     * @throws IOException reading {@code body} failed (every reader is then left without it)
     */
    @SuppressWarnings("unchecked")
    static <T> List<Result<T>> readAll(InputStream body, List<? extends Reader<T>> readers) throws IOException {
        OneReadBody run = new OneReadBody(body, readers);
        run.runFrom(0);
        List<Result<T>> answers = new ArrayList<>(readers.size());
        for (Result<?> result : run.results) {
            answers.add((Result<T>) result);
        }
        return answers;
    }

    /** Runs readers from {@code first} on; each one that takes the body runs the rest inside. */
    private void runFrom(int first) throws IOException {
        for (int i = first; i < readers.size(); i++) {
            Stage stage = new Stage(i);
            try {
                results[i] = new Result<>(readers.get(i).read(stage), null);
            } catch (PermFailException | NotTransferred e) {
                results[i] = new Result<>(null, e);
            }
            if (stage.entered) {
                // the readers after it ran inside its transferTo, and the body was copied there
                return;
            }
        }
        pump();
    }

    /** Copies the body to every hash handed over, once. */
    private void pump() throws IOException {
        if (pumped) {
            return;
        }
        pumped = true;
        byte[] chunk = new byte[16 * 1024];
        for (int n; (n = source.read(chunk)) != -1; ) {
            for (OutputStream sink : sinks) {
                sink.write(chunk, 0, n);
            }
            length += n;
        }
    }

    /** Reading by {@code read()} cannot be shared: that reader fails alone. */
    private static final class NotTransferred extends RuntimeException {
        private static final long serialVersionUID = 1L;

        NotTransferred() {
            super("the body is shared by its signers and read with transferTo only", null, false, false);
        }
    }

    /** The body as reader {@code index} sees it. */
    private final class Stage extends InputStream {
        private final int index;
        private boolean entered;

        Stage(int index) {
            this.index = index;
        }

        @Override
        public long transferTo(OutputStream out) throws IOException {
            if (entered) {
                throw new IllegalStateException("the body was already transferred");
            }
            entered = true;
            sinks.add(out);
            runFrom(index + 1);
            return length;
        }

        @Override
        public int read() {
            throw new NotTransferred();
        }

        @Override
        public int read(byte[] b, int off, int len) {
            throw new NotTransferred();
        }
    }
}
