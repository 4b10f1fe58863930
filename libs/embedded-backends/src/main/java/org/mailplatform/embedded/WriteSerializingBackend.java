package org.mailplatform.embedded;

import java.time.Clock;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BiConsumer;
import java.util.function.Supplier;

import de.bwaldvogel.mongo.MongoBackend;
import de.bwaldvogel.mongo.MongoDatabase;
import de.bwaldvogel.mongo.MongoVersion;
import de.bwaldvogel.mongo.backend.QueryResult;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.wire.message.MongoMessage;
import de.bwaldvogel.mongo.wire.message.MongoQuery;
import io.netty.channel.Channel;

/**
 * Makes every write command of a mongo-java-server backend atomic with respect to other writes.
 *
 * <p>Out of the box the memory and H2 backends run a find-and-modify as an unlocked
 * read-modify-write, so concurrent {@code $inc} calls can return the same value and concurrent
 * inserts can slip past a unique index. The platform allocates UIDs and MODSEQs with exactly those
 * calls, so the embedded server serializes writes the way a real MongoDB serializes writes to one
 * document. Reads stay concurrent. Every reply holds copies of its documents, taken before a later
 * write can change them ({@link ConsistentReplies}).
 *
 * <p>A conditional write to one document ({@code _id} and a condition) is first narrowed to the
 * {@code _id} index ({@link PointWrites}); the server would otherwise scan the collection for it.
 *
 * <p>The commit after writes ({@code afterWrite}, an H2 commit for the file-backed server) is a
 * group commit: a write is applied under the lock, then its caller waits until a commit covers it;
 * whoever commits first commits every write applied so far, so writers that queued behind one commit
 * share the next instead of paying one each. No write is answered before a commit that covers it. A
 * commit that fails (a full disk) fails its writers and every later write, until a restart: the
 * writes applied since the last commit are in memory but maybe never on disk, so none is answered.
 * A lone writer commits as before, once per write. (Committing the H2 file re-serialises every
 * page a write touched; the mailboxes' counters sit on a few hot pages that concurrent appends and
 * deliveries all touch.)
 *
 * <p>A write that asks for write concern {@code j: false} is answered once applied, before a commit
 * covers it, as a MongoDB server answers it before its journal does: the mailbox store asks so for
 * the steps of an append (quota, UIDs, documents) whose last write (the watermark) asks for a
 * commit. A commit covers every write applied before it, so it makes the steps durable with it, and
 * a crash loses a suffix of the writes, as it always could: one commit per append instead of one per
 * write. Steps that no durable write follows are committed within {@link #FLUSH_INTERVAL_MS} ms,
 * as MongoDB's journal commits every 100 ms.
 */
final class WriteSerializingBackend implements MongoBackend {

    private static final Set<String> WRITE_COMMANDS = Set.of(
            "insert", "update", "delete", "findandmodify", "createindexes", "dropindexes",
            "create", "drop", "dropdatabase", "renamecollection");
    static final long FLUSH_INTERVAL_MS = 100;
    private static final String HELLO = "hello";

    private final MongoBackend delegate;
    private final Runnable afterWrite;
    private final ReentrantLock writeLock = new ReentrantLock();
    private final ReentrantLock commitLock = new ReentrantLock();
    private final PointWrites pointWrites;
    private final BiConsumer<String, Document> beforeWrite;
    /** Writes applied, counted under {@link #writeLock}; read without it by the flusher. */
    private volatile long written;
    /** The count of writes the last commit covered. */
    private volatile long committed;
    /** Commits made (tests and benchmarks). */
    private final java.util.concurrent.atomic.AtomicLong commits = new java.util.concurrent.atomic.AtomicLong();
    /** Why a commit failed; from then on no write is taken. */
    private volatile Throwable commitFailure;
    /** Commits answered {@code j: false} writes that no durable write followed; null without commits. */
    private final java.util.concurrent.ScheduledExecutorService flusher;

    /**
     * @param delegate   the backend that stores the data
     * @param afterWrite commits the writes applied so far, run with the write lock held (e.g. an H2
     *                   commit for durability); once per group of concurrent writes
     */
    WriteSerializingBackend(MongoBackend delegate, Runnable afterWrite) {
        this(delegate, afterWrite, true, (database, command) -> { });
    }

    /**
     * @param narrowPointWrites whether conditional writes to one document use the {@code _id} index ({@link PointWrites})
     * @param beforeWrite       runs before each write command with the lock held, with its database
     *                          and command (the H2 backend's {@link H2Maps#prepare})
     */
    WriteSerializingBackend(MongoBackend delegate, Runnable afterWrite, boolean narrowPointWrites,
                            BiConsumer<String, Document> beforeWrite) {
        this.delegate = delegate;
        this.afterWrite = afterWrite;
        this.pointWrites = narrowPointWrites ? new PointWrites() : null;
        this.beforeWrite = beforeWrite;
        this.flusher = java.util.concurrent.Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "embedded-mongo-flush");
            t.setDaemon(true);
            return t;
        });
        flusher.scheduleWithFixedDelay(this::flushDeferred, FLUSH_INTERVAL_MS, FLUSH_INTERVAL_MS,
                java.util.concurrent.TimeUnit.MILLISECONDS);
    }

    static boolean isWrite(String command) {
        return command != null && WRITE_COMMANDS.contains(command.toLowerCase(Locale.ROOT));
    }

    @Override
    public Document handleCommand(Channel channel, String databaseName, String command, Document query) {
        if (HELLO.equalsIgnoreCase(command)) {
            return hello(channel, databaseName);
        }
        if (!isWrite(command)) {
            return ConsistentReplies.read(delegate, databaseName, command, query,
                    () -> delegate.handleCommand(channel, databaseName, command, query));
        }
        return write(unjournaled(query), () -> {
            beforeWrite.accept(databaseName, query);
            return ConsistentReplies.detached(delegate.handleCommand(channel, databaseName, command,
                    narrowed(channel, databaseName, query)));
        });
    }

    @Override
    public Document handleMessage(MongoMessage message) {
        String command = message.getDocument().keySet().stream().findFirst().orElse(null);
        if (HELLO.equalsIgnoreCase(command)) {
            return hello(message.getChannel(), message.getDatabaseName());
        }
        if (!isWrite(command)) {
            return ConsistentReplies.read(delegate, message.getDatabaseName(), command, message.getDocument(),
                    () -> delegate.handleMessage(message));
        }
        // what AbstractMongoBackend.handleMessage does, with the command narrowed first
        return write(unjournaled(message.getDocument()), () -> {
            beforeWrite.accept(message.getDatabaseName(), message.getDocument());
            return ConsistentReplies.detached(delegate.handleCommand(message.getChannel(), message.getDatabaseName(),
                    command, narrowed(message.getChannel(), message.getDatabaseName(), message.getDocument())));
        });
    }

    /**
     * {@code hello}, the handshake command of MongoDB 4.4 and later, which mongo-java-server does not
     * know (it logged an error with a stack trace each time a client asked, as the mailbox store does
     * once at start): answered as its {@code isMaster}, under the newer name of the primary flag.
     */
    private Document hello(Channel channel, String database) {
        Document reply = delegate.handleCommand(channel, database, "isMaster", new Document("isMaster", 1));
        Object primary = reply.remove("ismaster");
        reply.put("isWritablePrimary", primary == null ? Boolean.TRUE : primary);
        return reply;
    }

    /** Conditional writes to one document served by the {@code _id} index so far (tests). */
    long pointWritesNarrowed() {
        return pointWrites == null ? 0 : pointWrites.narrowed();
    }

    /** The write command with its query narrowed to the {@code _id} index where it can be ({@link PointWrites}). */
    private Document narrowed(Channel channel, String database, Document command) {
        if (pointWrites == null) {
            return command;
        }
        return pointWrites.narrow(command, (collection, id) -> {
            Document reply = delegate.handleCommand(channel, database, "find", new Document("find", collection)
                    .append("filter", new Document("_id", id)).append("limit", 1).append("singleBatch", true));
            return reply.get("cursor") instanceof Document cursor && cursor.get("firstBatch") instanceof List<?> batch
                    && !batch.isEmpty() && batch.getFirst() instanceof Document found ? found : null;
        });
    }

    /** Whether {@code command} asks for write concern {@code j: false}: answered before its commit. */
    static boolean unjournaled(Document command) {
        return command.get("writeConcern") instanceof Document concern && Boolean.FALSE.equals(concern.get("j"));
    }

    /** Commits made so far. */
    long commits() {
        return commits.get();
    }

    /** Writes applied and answered but not committed yet (tests). */
    long uncommitted() {
        return written - committed;
    }

    /**
     * Applies one write alone, then returns once a commit covers it, or at once when
     * {@code unjournaled} (see the class comment).
     */
    private Document write(boolean unjournaled, Supplier<Document> command) {
        Document result;
        long mine;
        writeLock.lock();
        try {
            refuseAfterFailedCommit();
            result = command.get();
        } finally {
            // a failed write may have changed data too (a partly applied insert of many)
            mine = ++written;
            writeLock.unlock();
        }
        if (!unjournaled) {
            commitThrough(mine);
        }
        return result;
    }

    private void flushDeferred() {
        try {
            if (commitFailure == null && committed < written) {
                commitThrough(written);
            }
        } catch (RuntimeException | Error e) {
            // recorded in commitFailure: later writes are refused and say why
        }
    }

    private void commitThrough(long write) {
        if (committed >= write) {
            return;
        }
        commitLock.lock();
        try {
            if (committed >= write) {
                return; // another writer's commit covered it while this one waited
            }
            writeLock.lock();
            try {
                refuseAfterFailedCommit();
                long upTo = written;
                try {
                    afterWrite.run();
                } catch (RuntimeException | Error e) {
                    // the writes applied since the last commit may or may not reach the file later:
                    // none of them, nor any later one, is answered as written (fail closed until restart)
                    commitFailure = e;
                    throw e;
                }
                committed = upTo;
                commits.incrementAndGet();
            } finally {
                writeLock.unlock();
            }
        } finally {
            commitLock.unlock();
        }
    }

    private void refuseAfterFailedCommit() {
        Throwable failure = commitFailure;
        if (failure != null) {
            throw new IllegalStateException("the embedded MongoDB could not commit its file and takes no "
                    + "more writes until restarted: " + failure, failure);
        }
    }

    @Override
    public void handleClose(Channel channel) {
        delegate.handleClose(channel);
    }

    @Override
    public QueryResult handleQuery(MongoQuery query) {
        return delegate.handleQuery(query);
    }

    @Override
    public void dropDatabase(String database) {
        write(false, () -> {
            delegate.dropDatabase(database);
            return null;
        });
    }

    @Override
    public Collection<Document> getCurrentOperations(MongoQuery query) {
        return delegate.getCurrentOperations(query);
    }

    @Override
    public Document getServerStatus() {
        return delegate.getServerStatus();
    }

    /**
     * Nothing: mongo-java-server closes its backend when it shuts down, and a server stopped for
     * fault injection must come back with the same data. {@link #closeData()} closes it for good.
     */
    @Override
    public void close() {
        // kept open for a restart of the server
    }

    /** Closes the data (an H2 file is committed and released); the backend serves nothing afterwards. */
    void closeData() {
        // not shutdownNow: an interrupt during the flusher's commit would close H2's file channel
        flusher.shutdown();
        try {
            flusher.awaitTermination(10, java.util.concurrent.TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        writeLock.lock();
        try {
            delegate.close();
        } finally {
            writeLock.unlock();
        }
    }

    @Override
    public void closeCursors(List<Long> cursorIds) {
        delegate.closeCursors(cursorIds);
    }

    @Override
    public Clock getClock() {
        return delegate.getClock();
    }

    @Override
    public void enableOplog() {
        delegate.enableOplog();
    }

    @Override
    public void disableOplog() {
        delegate.disableOplog();
    }

    @Override
    public MongoDatabase resolveDatabase(String database) {
        return delegate.resolveDatabase(database);
    }

    @Override
    public MongoBackend version(MongoVersion version) {
        delegate.version(version);
        return this;
    }
}
