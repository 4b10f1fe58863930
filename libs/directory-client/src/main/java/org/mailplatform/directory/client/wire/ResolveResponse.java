package org.mailplatform.directory.client.wire;

import java.util.List;

import org.mailplatform.directory.client.Resolution;
import org.mailplatform.model.Principal;

/**
 * Answer of {@link DirectoryApi#RESOLVE_PATH}.
 *
 * @param outcome   {@code LOCAL_USER}, {@code EXPANDED}, {@code NOT_LOCAL_DOMAIN} or
 *                  {@code UNKNOWN_USER}
 * @param principal set for {@code LOCAL_USER}
 * @param targets   set for {@code EXPANDED}
 */
public record ResolveResponse(String outcome, Principal principal, List<String> targets) {

    public static final String LOCAL_USER = "LOCAL_USER";
    public static final String EXPANDED = "EXPANDED";
    public static final String NOT_LOCAL_DOMAIN = "NOT_LOCAL_DOMAIN";
    public static final String UNKNOWN_USER = "UNKNOWN_USER";

    /** The wire form of a definite resolution ({@link Resolution.Unavailable} never travels). */
    public static ResolveResponse of(Resolution resolution) {
        return switch (resolution) {
            case Resolution.LocalUser u -> new ResolveResponse(LOCAL_USER, u.principal(), null);
            case Resolution.Expanded e -> new ResolveResponse(EXPANDED, null, e.targets());
            case Resolution.NotLocalDomain n -> new ResolveResponse(NOT_LOCAL_DOMAIN, null, null);
            case Resolution.UnknownUser u -> new ResolveResponse(UNKNOWN_USER, null, null);
            case Resolution.Unavailable u -> throw new IllegalArgumentException("Unavailable is not sent: " + u);
        };
    }

    /** The resolution this answer stands for; a malformed answer is {@link Resolution.Unavailable}. */
    public Resolution toResolution() {
        if (outcome == null) {
            return new Resolution.Unavailable("directory answered without an outcome");
        }
        return switch (outcome) {
            case LOCAL_USER -> principal == null ? new Resolution.Unavailable("LOCAL_USER without principal")
                    : new Resolution.LocalUser(principal);
            case EXPANDED -> new Resolution.Expanded(targets == null ? List.of() : targets);
            case NOT_LOCAL_DOMAIN -> new Resolution.NotLocalDomain();
            case UNKNOWN_USER -> new Resolution.UnknownUser();
            default -> new Resolution.Unavailable("unknown outcome " + outcome);
        };
    }
}
