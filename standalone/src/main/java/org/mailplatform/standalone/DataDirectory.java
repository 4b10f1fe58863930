package org.mailplatform.standalone;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * The standalone's data directory: backends' data, TLS material and the admin password, locked
 * for the life of the process so two instances can never write the same files.
 */
final class DataDirectory implements AutoCloseable {

    static final String ADMIN_PASSWORD_ENV = "MAIL_ADMIN_PASSWORD";

    private final Path root;
    private final FileChannel lockChannel;
    private final FileLock lock;

    private DataDirectory(Path root, FileChannel lockChannel, FileLock lock) {
        this.root = root;
        this.lockChannel = lockChannel;
        this.lock = lock;
    }

    static DataDirectory open(Path root) {
        try {
            Path absolute = root.toAbsolutePath().normalize();
            Files.createDirectories(absolute);
            FileChannel channel = FileChannel.open(absolute.resolve(".lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock lock = channel.tryLock();
            if (lock == null) {
                channel.close();
                throw new IllegalStateException("another standalone instance is using " + absolute);
            }
            return new DataDirectory(absolute, channel, lock);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open data directory " + root, e);
        }
    }

    Path root() {
        return root;
    }

    Path resolve(String child) {
        return root.resolve(child);
    }

    /** Where the admin password comes from, and the password itself. */
    record AdminPassword(String value, String source) {
        @Override
        public String toString() {
            return "AdminPassword[source=" + source + "]";
        }
    }

    /**
     * {@code MAIL_ADMIN_PASSWORD} when set; otherwise the password kept in {@code admin-password},
     * generated (and readable by the owner only) on first start.
     */
    AdminPassword adminPassword(String fromEnvironment) {
        if (fromEnvironment != null && !fromEnvironment.isBlank()) {
            return new AdminPassword(fromEnvironment, "the " + ADMIN_PASSWORD_ENV + " environment variable");
        }
        Path file = root.resolve("admin-password");
        try {
            if (!Files.exists(file)) {
                byte[] random = new byte[18];
                new SecureRandom().nextBytes(random);
                Files.writeString(file, Base64.getUrlEncoder().withoutPadding().encodeToString(random) + "\n",
                        StandardCharsets.UTF_8);
                restrictToOwner(file);
            }
            return new AdminPassword(Files.readString(file, StandardCharsets.UTF_8).strip(), file.toString());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or create " + file, e);
        }
    }

    static void restrictToOwner(Path file) throws IOException {
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system (Windows): the user's profile directory protects it
        }
    }

    @Override
    public void close() {
        try {
            lock.release();
            lockChannel.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
