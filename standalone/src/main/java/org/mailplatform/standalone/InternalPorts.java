package org.mailplatform.standalone;

import org.mailplatform.embedded.FreePorts;

/**
 * Free loopback ports for the services behind the gateway, picked before they start so the
 * gateway can start at the same time and already know where to route. Another socket can still
 * take one before its service binds it: {@link Platform} then starts the services again on fresh
 * ones.
 */
final class InternalPorts {

    private InternalPorts() {
    }

    static String randomToken() {
        byte[] bytes = new byte[24];
        new java.security.SecureRandom().nextBytes(bytes);
        return java.util.HexFormat.of().formatHex(bytes);
    }

    /** Below the kernel's ephemeral range, where no client socket of this JVM can take it before the service binds it. */
    static int pick() {
        return FreePorts.pick();
    }
}
