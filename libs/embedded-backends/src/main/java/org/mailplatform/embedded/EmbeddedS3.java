package org.mailplatform.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Properties;

import org.gaul.s3proxy.BlobStores;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;

/**
 * A real S3 HTTP server (S3Proxy) inside this JVM, storing objects as files under a directory.
 * It checks AWS V2/V4 signatures like any S3 endpoint, so clients use their production code path.
 */
public final class EmbeddedS3 implements AutoCloseable, RestartableBackend {

    /** How long a start on a given port waits for another socket to let go of it. */
    private static final Duration REBIND_TIMEOUT = Duration.ofSeconds(30);

    private final S3Proxy.Builder builder;
    private final BackendEndpoints.S3Endpoint endpoint;
    private S3Proxy proxy;

    private EmbeddedS3(S3Proxy.Builder builder, S3Proxy proxy, BackendEndpoints.S3Endpoint endpoint) {
        this.builder = builder;
        this.proxy = proxy;
        this.endpoint = endpoint;
    }

    /**
     * @param baseDir   directory holding one sub-directory per bucket
     * @param port      loopback port (waited for while another socket holds it), or 0 for a free one
     * @param accessKey access key clients must sign with
     * @param secretKey secret key clients must sign with
     */
    public static EmbeddedS3 start(Path baseDir, int port, String accessKey, String secretKey) {
        try {
            Files.createDirectories(baseDir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + baseDir, e);
        }
        Properties props = new Properties();
        props.setProperty("jclouds.filesystem.basedir", baseDir.toAbsolutePath().toString());
        // the builder holds the blob store and the endpoint: a restart builds the same proxy again
        S3Proxy.Builder builder = S3Proxy.builder()
                .blobStore(BlobStores.create("filesystem", props))
                .endpoint(endpoint(Math.max(port, 0)))
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, accessKey, secretKey)
                .ignoreUnknownHeaders(true);
        // port 0: Jetty binds a free port and tells which, nothing can take it first
        S3Proxy proxy = port > 0
                ? FreePorts.bindAgain("S3Proxy on port " + port, REBIND_TIMEOUT, () -> startProxy(builder))
                : startProxy(builder);
        // a restart binds the same port again
        URI uri = endpoint(proxy.getPort());
        builder.endpoint(uri);
        return new EmbeddedS3(builder, proxy,
                new BackendEndpoints.S3Endpoint(uri.toString(), accessKey, secretKey, "us-east-1"));
    }

    private static URI endpoint(int port) {
        return URI.create("http://127.0.0.1:" + port);
    }

    /** A proxy that serves, or none left behind. */
    private static S3Proxy startProxy(S3Proxy.Builder builder) {
        S3Proxy proxy = builder.build();
        try {
            proxy.start();
            awaitStarted(proxy);
        } catch (Exception e) {
            try {
                proxy.stop();
            } catch (Exception cleanup) {
                e.addSuppressed(cleanup);
            }
            throw new IllegalStateException("S3Proxy did not start on " + builder.getEndpoint(), e);
        }
        return proxy;
    }

    private static void awaitStarted(S3Proxy proxy) throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        while (!"STARTED".equals(proxy.getState())) {
            if (Instant.now().isAfter(deadline)) {
                throw new IllegalStateException("S3Proxy state is " + proxy.getState());
            }
            Thread.sleep(10);
        }
    }

    public BackendEndpoints.S3Endpoint endpoint() {
        return endpoint;
    }

    /** Stops the HTTP server (connections refused); the objects stay in the directory. */
    @Override
    public synchronized void stop() {
        if (proxy != null) {
            try {
                proxy.stop();
            } catch (Exception e) {
                throw new IllegalStateException("S3Proxy did not stop", e);
            }
            proxy = null;
        }
    }

    /** A new S3Proxy on the same port over the same blob store. */
    @Override
    public synchronized void restart() {
        if (proxy == null) {
            proxy = FreePorts.bindAgain("S3Proxy restart on " + endpoint.url(), REBIND_TIMEOUT, () -> startProxy(builder));
        }
    }

    @Override
    public synchronized boolean running() {
        return proxy != null;
    }

    @Override
    public void close() {
        stop();
    }
}
