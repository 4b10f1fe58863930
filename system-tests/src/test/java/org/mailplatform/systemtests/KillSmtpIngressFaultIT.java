package org.mailplatform.systemtests;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * kill -9 of smtp-ingress while mail comes in (run by faults.sh): sessions in flight break (a
 * temporary error for the client), and whatever got a 250 before the kill is delivered once.
 */
class KillSmtpIngressFaultIT {

    @Test
    void nothingAcceptedIsLostOrDoubledWhenSmtpIngressIsKilled() throws Exception {
        PlatformProcesses platform = PlatformProcesses.shared();
        FaultRun.Counts counts = new FaultRun(platform).run("kill -9 smtp-ingress",
                FaultRun.killAndRestart(PlatformProcesses.SMTP));
        assertThat(counts.missing()).as("accepted but not delivered").isZero();
        assertThat(counts.duplicates()).as("delivered twice").isZero();
        assertThat(counts.permanentFailures()).as("5xx seen by clients").isZero();
    }
}
