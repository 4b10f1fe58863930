package org.mailplatform.protocol.server;

/**
 * The names of the pipeline's slots, in their fixed order from the wire to the session. Every
 * protocol server has this shape; a protocol only fills {@link #DECODER}, {@link #ENCODER} and
 * {@link #SESSION}.
 *
 * <pre>
 * traffic -> connection-limit -> proxy-protocol -> tls -> idle-timeout -> framer -> decoder
 *         -> flow-control -> encoder -> session
 * </pre>
 *
 * Inbound data travels left to right. The encoder sits just before the session so that what the
 * session writes through its own context passes the encoder on its way out (Netty's outbound
 * direction is right to left); logically it is the last step before the wire-side handlers.
 * {@code connection-limit} removes itself once the connection is admitted; {@code proxy-protocol}
 * exists only on PROXY listeners and is gone once the header was read; {@code tls} exists from the
 * start on implicit-TLS listeners and from STARTTLS on otherwise.
 */
public final class PipelineSlots {

    public static final String TRAFFIC = "traffic";
    public static final String CONNECTION_LIMIT = "connection-limit";
    public static final String PROXY_PROTOCOL = "proxy-protocol";
    public static final String PROXY_ADMISSION = "proxy-protocol-admission";
    public static final String TLS = "tls";
    public static final String IDLE_TIMEOUT = "idle-timeout";
    public static final String FRAMER = "framer";
    public static final String DECODER = "decoder";
    public static final String FLOW_CONTROL = "flow-control";
    public static final String ENCODER = "encoder";
    public static final String SESSION = "session";

    private PipelineSlots() {
    }
}
