package org.mailplatform.systemtests;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Every service of the platform runs as its own process and reports itself healthy. */
class PlatformStartIT {

    @Test
    void everyServiceProcessIsHealthy() {
        PlatformProcesses platform = PlatformProcesses.shared();
        for (String name : java.util.List.of(PlatformProcesses.AUTH, PlatformProcesses.MAILBOX, PlatformProcesses.SMTP,
                PlatformProcesses.DELIVERY_A, PlatformProcesses.DELIVERY_B, PlatformProcesses.IMAP_A,
                PlatformProcesses.IMAP_B, PlatformProcesses.POP3, PlatformProcesses.GATEWAY)) {
            ServiceProcess service = platform.service(name);
            assertThat(service.alive()).as(name).isTrue();
            assertThat(service.healthy()).as(name).isTrue();
            assertThat(service.pid()).as(name).isNotEqualTo(ProcessHandle.current().pid());
        }
    }
}
