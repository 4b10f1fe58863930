package org.mailplatform.systemtests;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** kill -9 of one of the two delivery-service processes while mail comes in (run by faults.sh). */
class KillDeliveryFaultIT {

    @Test
    void nothingAcceptedIsLostOrDoubledWhenADeliveryInstanceIsKilled() throws Exception {
        PlatformProcesses platform = PlatformProcesses.shared();
        FaultRun.Counts counts = new FaultRun(platform).run("kill -9 delivery-service-b",
                FaultRun.killAndRestart(PlatformProcesses.DELIVERY_B));
        assertThat(counts.missing()).as("accepted but not delivered").isZero();
        assertThat(counts.duplicates()).as("delivered twice").isZero();
        assertThat(counts.permanentFailures()).as("5xx seen by clients").isZero();
        assertThat(platform.service(PlatformProcesses.DELIVERY_A).healthy()).isTrue();
    }
}
