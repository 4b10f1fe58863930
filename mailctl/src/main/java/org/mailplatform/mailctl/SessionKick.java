package org.mailplatform.mailctl;

import java.io.PrintWriter;
import java.util.function.Supplier;

import tools.jackson.databind.JsonNode;

/**
 * Ends a user's open IMAP and POP3 sessions through mailbox-service ({@code POST
 * /api/mail/users/{id}/sessions/revoke}, reached through the same {@code --url} as the admin API):
 * {@code user kick}, and the account changes that must not leave a session open behind them.
 */
final class SessionKick {

    private SessionKick() {
    }

    static String path(String userId, String tenant) {
        return "/api/mail/users/" + AdminClient.segment(userId) + "/sessions/revoke?tenant="
                + AdminClient.segment(tenant);
    }

    /** Asks every IMAP and POP3 node to close the sessions of {@code user} (an auth-service user answer). */
    static void kick(AdminClient client, JsonNode user) {
        client.post(path(user.path("id").asString(), user.path("tenant").asString()), null);
    }

    /**
     * Kicks after an account change that already succeeded: a failure here must not make the change
     * look failed (exit 0), so it becomes a warning on stderr that says how to end the sessions.
     *
     * @param user  the user's id and tenant; looked up only now, so a failed lookup is a failed kick too
     * @param retry the command that ends the sessions later
     * @return whether the kick was sent
     */
    static boolean afterChange(AdminClient client, PrintWriter err, String change, Supplier<JsonNode> user,
                               String retry) {
        try {
            kick(client, user.get());
            return true;
        } catch (ApiException e) {
            err.println("mailctl: warning: " + change + ", but the user's open sessions were not ended: "
                    + e.getMessage() + "; end them with: " + retry);
            err.flush();
            return false;
        }
    }
}
