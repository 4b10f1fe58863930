package org.mailplatform.systemtests;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.Test;

/**
 * auth-service unavailable for 30 s (frozen with SIGSTOP, so calls hang until the directory
 * client's timeouts) while mail comes in (run by faults.sh): clients see at most temporary errors,
 * and everything accepted is delivered once after it answers again.
 */
class AuthUnavailableFaultIT {

    @Test
    void nothingAcceptedIsLostOrDoubledWhileAuthServiceIsUnavailable() throws Exception {
        PlatformProcesses platform = PlatformProcesses.shared();
        FaultRun.Counts counts = new FaultRun(platform).run("auth-service unavailable 30 s",
                FaultRun.freezeFor(PlatformProcesses.AUTH, Duration.ofSeconds(30)));
        assertThat(counts.missing()).as("accepted but not delivered").isZero();
        assertThat(counts.duplicates()).as("delivered twice").isZero();
        assertThat(counts.permanentFailures()).as("5xx seen by clients").isZero();
    }
}
