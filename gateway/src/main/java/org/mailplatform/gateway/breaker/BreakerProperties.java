package org.mailplatform.gateway.breaker;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The circuit breaker in front of each route. A failure is a connection error, a timeout or a 5xx
 * answer from the service; while the breaker is open the gateway answers 503 at once.
 *
 * @param failureRateThreshold   failure percentage over the window that opens the breaker
 * @param slowCallDuration       a call slower than this counts as slow
 * @param slowCallRateThreshold  slow-call percentage that opens the breaker
 * @param slidingWindowSize      calls in the count-based window
 * @param minimumNumberOfCalls   calls needed before the rates are evaluated
 * @param waitInOpenState        how long the breaker stays open before it lets trial calls through
 * @param permittedCallsInHalfOpen trial calls in the half-open state
 */
@ConfigurationProperties("mail.gateway.breaker")
public record BreakerProperties(
        @DefaultValue("50") float failureRateThreshold,
        @DefaultValue("5s") Duration slowCallDuration,
        @DefaultValue("100") float slowCallRateThreshold,
        @DefaultValue("20") int slidingWindowSize,
        @DefaultValue("10") int minimumNumberOfCalls,
        @DefaultValue("15s") Duration waitInOpenState,
        @DefaultValue("3") int permittedCallsInHalfOpen) {
}
