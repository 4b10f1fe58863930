package org.mailplatform.sieve;

/**
 * Bounds on running one script against one message, so a script or a message cannot make delivery
 * do unbounded work. Exceeding {@code maxActions} or {@code maxRedirects} is a run-time error (as in
 * Pigeonhole: the message is then kept and nothing else happens); the header and body bounds only
 * limit what the tests see.
 *
 * @param maxActions       actions one run may take (Pigeonhole's {@code sieve_max_actions}, 32)
 * @param maxRedirects     distinct redirect addresses (Pigeonhole's {@code sieve_max_redirects}, 4)
 * @param maxHeaderBytes   bytes of the message's header read; fields beyond are not seen by tests
 * @param maxHeaderFields  header fields read; fields beyond are not seen by tests
 * @param maxBodyTextBytes bytes of decoded text the {@code body} test searches (the first ones of
 *                         the text parts, in order); text beyond it does not match
 * @param maxVariables     distinct variables ({@code variables}, RFC 5229) one run may set
 *                         (Pigeonhole's {@code sieve_variables_max_scope_size}, 255); one more is a
 *                         run-time error
 * @param maxVariableSize  bytes (UTF-8) of a variable's value, and of what a string grows by when its
 *                         variables are expanded (Pigeonhole's {@code sieve_variables_max_variable_size},
 *                         4 KB); longer values are cut, at a character's end, as RFC 5229 6 lets them be
 */
public record SieveLimits(int maxActions, int maxRedirects, int maxHeaderBytes, int maxHeaderFields,
                          int maxBodyTextBytes, int maxVariables, int maxVariableSize) {

    public static final int DEFAULT_MAX_VARIABLES = 255;
    public static final int DEFAULT_MAX_VARIABLE_SIZE = 4096;

    /** The longest {@code :days} a vacation reply waits (RFC 5230 4.1 lets sites cap it). */
    public static final int MAX_VACATION_DAYS = 30;

    public static final SieveLimits DEFAULTS = new SieveLimits(32, 4, 256 * 1024, 1000, 64 * 1024);

    public SieveLimits {
        if (maxActions < 1 || maxRedirects < 0 || maxHeaderBytes < 1 || maxHeaderFields < 1 || maxBodyTextBytes < 0
                || maxVariables < 1 || maxVariableSize < 1) {
            throw new IllegalArgumentException("Sieve limits must be positive");
        }
    }

    /** The limits with the default variable bounds. */
    public SieveLimits(int maxActions, int maxRedirects, int maxHeaderBytes, int maxHeaderFields,
                       int maxBodyTextBytes) {
        this(maxActions, maxRedirects, maxHeaderBytes, maxHeaderFields, maxBodyTextBytes, DEFAULT_MAX_VARIABLES,
                DEFAULT_MAX_VARIABLE_SIZE);
    }
}
