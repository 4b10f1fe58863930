package org.mailplatform.directory.client.wire;

/**
 * The internal HTTP API of auth-service that {@code Directory} clients call: JSON over POST,
 * authorised by a shared service token. Server and client share these definitions so they cannot
 * drift apart.
 */
public final class DirectoryApi {

    /** Request header carrying the service token. */
    public static final String SERVICE_TOKEN_HEADER = "X-Mail-Service-Token";
    /** POST {@link AuthenticateRequest}, answers {@link AuthenticateResponse}. */
    public static final String AUTHENTICATE_PATH = "/internal/directory/v1/authenticate";
    /** POST {@link ResolveRequest}, answers {@link ResolveResponse}. */
    public static final String RESOLVE_PATH = "/internal/directory/v1/resolve";
    /** POST {@link QuotaRequest}, answers {@link QuotaResponse}. */
    public static final String QUOTA_PATH = "/internal/directory/v1/quota";
    /** POST {@link DkimKeyRequest}, answers {@link DkimKeyResponse}. */
    public static final String DKIM_PATH = "/internal/directory/v1/dkim";
    /** POST {@link SubmissionRequest}, answers {@link SubmissionResponse}; counts one message, not idempotent. */
    public static final String SUBMISSIONS_PATH = "/internal/directory/v1/submissions";

    private DirectoryApi() {
    }
}
