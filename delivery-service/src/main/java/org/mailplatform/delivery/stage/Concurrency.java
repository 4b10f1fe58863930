package org.mailplatform.delivery.stage;

/** How a stage works through the records of one batch. */
public enum Concurrency {

    /** One record after the other, in offset order (routing, retry scheduling). */
    IN_ORDER,

    /**
     * Records with the same key in offset order, different keys at the same time (local delivery:
     * one user's mail stays in order, different users do not wait for each other).
     */
    PER_KEY,

    /** Every record at once (outbound: bounded by the per-domain and total limits instead). */
    ALL
}
