package org.mailplatform.smtp.msgauth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.mailplatform.mailauth.dmarc.Policy;
import org.mailplatform.smtp.config.SmtpProperties;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

class DmarcActionsTest {

    @Test
    void byDefaultRejectIsRefusedAndQuarantineGoesToJunk() {
        DmarcActions actions = new DmarcActions(settings(Map.of()));
        assertThat(actions.of(Policy.REJECT)).isEqualTo(DmarcActions.Action.REJECT);
        assertThat(actions.of(Policy.QUARANTINE)).isEqualTo(DmarcActions.Action.JUNK);
        assertThat(actions.of(Policy.NONE)).isEqualTo(DmarcActions.Action.TAG);
    }

    @Test
    void anOperatorMayOnlyQuarantineOrTag() {
        DmarcActions actions = new DmarcActions(settings(Map.of("dmarc-reject-action", "Quarantine",
                "dmarc-quarantine-action", "tag")));
        assertThat(actions.of(Policy.REJECT)).isEqualTo(DmarcActions.Action.JUNK);
        assertThat(actions.of(Policy.QUARANTINE)).isEqualTo(DmarcActions.Action.TAG);
    }

    @Test
    void anUnknownActionNamesItsKey() {
        assertThatThrownBy(() -> new DmarcActions(settings(Map.of("dmarc-quarantine-action", "reject"))))
                .hasMessageContaining("mail.smtp.message-auth.dmarc-quarantine-action");
        assertThatThrownBy(() -> new DmarcActions(settings(Map.of("dmarc-reject-action", "drop"))))
                .hasMessageContaining("mail.smtp.message-auth.dmarc-reject-action");
    }

    private static SmtpProperties.MessageAuth settings(Map<String, String> keys) {
        Map<String, String> props = new HashMap<>();
        keys.forEach((k, v) -> props.put("mail.smtp.message-auth." + k, v));
        return new Binder(new MapConfigurationPropertySource(props)).bindOrCreate("mail.smtp", SmtpProperties.class).messageAuth();
    }
}
