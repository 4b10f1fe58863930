package org.mailplatform.teststack;

import java.util.Optional;

import org.mailplatform.embedded.BackendEndpoints;
import org.mailplatform.embedded.RestartableBackend;

/**
 * The one backend stack of this test JVM: real Kafka, MongoDB and S3 endpoints, started on first
 * use and stopped when the JVM exits. Every test class in the JVM shares it, so a module's suite
 * pays the start-up cost once.
 *
 * <p>Each backend is chosen on its own, in this order:
 * <ol>
 *   <li>an endpoint from the environment: {@value StackEnvironment#KAFKA},
 *       {@value StackEnvironment#MONGO}, {@value StackEnvironment#S3_ENDPOINT} (with
 *       {@value StackEnvironment#S3_ACCESS_KEY} and {@value StackEnvironment#S3_SECRET_KEY});</li>
 *   <li>a Testcontainers container when a Docker engine answers
 *       (set {@value StackEnvironment#DOCKER}{@code =false} to skip);</li>
 *   <li>an embedded server in this JVM: a KRaft Kafka broker, mongo-java-server, S3Proxy.</li>
 * </ol>
 */
public final class TestStack {

    private TestStack() {
    }

    /** Endpoints of the shared stack, starting it if this is the first call in the JVM. */
    public static BackendEndpoints endpoints() {
        return Holder.STACK.endpoints();
    }

    /** The three backends of the stack. */
    public enum Backend { KAFKA, MONGODB, S3 }

    /**
     * The server of {@code backend} when it is embedded in this JVM, to stop and restart in place
     * (fault injection); empty when it came from the environment or a container, which this JVM
     * does not own (a fault run then skips).
     */
    public static Optional<RestartableBackend> embedded(Backend backend) {
        return Holder.STACK.embedded(backend);
    }

    /** Initialization-on-demand: the stack starts once, thread-safely, on first access. */
    private static final class Holder {
        private static final RunningStack STACK = RunningStack.start(StackEnvironment.fromSystem());
    }
}
